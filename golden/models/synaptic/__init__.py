"""Neurons driven through model synapses (alpha-function and Tsodyks-Markram dynamic synapses).

The helpers below are the exact propagators of the linear parts, used by the models' ``derive`` (plain Python,
evaluated once per parameter set). With ``E_a = exp(-h/tau_a)``:

* :func:`exp_conv` (h, tau_in, tau_out) = (1/tau_out) * integral_0^h exp(-(h-s)/tau_out) exp(-s/tau_in) ds:
  the value after h of a first-order low-pass with time constant tau_out and unit DC gain, started at 0 and
  driven by exp(-t/tau_in);
* :func:`exp_conv_t` (h, tau_in, tau_out) = the same, driven by t * exp(-t/tau_in).

Both are evaluated without overflow for any h > 0 and without cancellation when tau_in ~ tau_out (the
degenerate case tau_in == tau_out is the limit, h/tau * E and h^2/(2 tau) * E).
"""

from __future__ import annotations

import math


def _phi1(z: float) -> float:
    """(e^z - 1) / z, 1 at z = 0."""
    return math.expm1(z) / z if z != 0.0 else 1.0


def _phi2(z: float) -> float:
    """(z e^z - e^z + 1) / z^2 = sum_{n>=2} (n-1) z^(n-2) / n!, for |z| <= 1 (series, no cancellation)."""
    total, term = 0.0, 0.5  # term = z^(n-2) / n! for n = 2, 3, ...
    for n in range(2, 30):
        total += (n - 1) * term
        term *= z / (n + 1)
    return total


def exp_conv(h: float, tau_in: float, tau_out: float) -> float:
    """Exact response after ``h`` of ``tau_out * y' = -y + x(t)``, y(0) = 0, to ``x(t) = exp(-t / tau_in)``."""
    e_in, e_out = math.exp(-h / tau_in), math.exp(-h / tau_out)
    beta = 1.0 / tau_out - 1.0 / tau_in
    z = beta * h
    if abs(z) <= 1.0:
        return (h / tau_out) * e_out * _phi1(z)
    return (e_in - e_out) / (beta * tau_out)


def exp_conv_t(h: float, tau_in: float, tau_out: float) -> float:
    """Exact response after ``h`` of ``tau_out * y' = -y + x(t)``, y(0) = 0, to ``x(t) = t * exp(-t / tau_in)``."""
    e_in, e_out = math.exp(-h / tau_in), math.exp(-h / tau_out)
    beta = 1.0 / tau_out - 1.0 / tau_in
    z = beta * h
    if abs(z) <= 1.0:
        return (h * h / tau_out) * e_out * _phi2(z)
    return (h * e_in / beta - (e_in - e_out) / (beta * beta)) / tau_out
