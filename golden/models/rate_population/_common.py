"""Small helpers shared by the rate and population models (plain Python; never called from a kernel)."""

from __future__ import annotations

import math


def relax_factor(dt: float, tau: float) -> float:
    """exp(-dt/tau), the exact decay of a first-order relaxation over one step; 0 for tau = 0 (instantaneous)."""
    return math.exp(-dt / tau) if tau > 0.0 else 0.0


def steps_of(name: str, t: float, dt: float) -> int:
    """``t`` as a whole number of steps of ``dt``; ValueError naming ``name`` otherwise."""
    n = round(t / dt)
    if abs(n * dt - t) > 1e-9 * max(1.0, abs(t)):
        raise ValueError(f"{name} must be a whole number of time steps dt={dt} ms, got {name}={t} ms")
    return int(n)
