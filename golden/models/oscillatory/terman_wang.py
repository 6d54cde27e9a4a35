"""Terman-Wang relaxation oscillator (Terman & Wang 1995)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class TermanWangParams(ParamSet):
    # Terman & Wang 1995, Physica D 81:148 / Wang & Terman 1995, IEEE TNN 6:283: epsilon 0.02, gamma 6, beta 0.1
    epsilon: float = param(0.02, units="1", lo=0.0, lo_open=True, hi=1.0, doc="time-scale ratio of y to x")
    gamma: float = param(
        6.0,
        units="1",
        lo=0.0,
        lo_open=True,
        hi=100.0,
        doc="height of the y-nullcline step (2 gamma on the active phase); > 2 for oscillation",
    )
    beta: float = param(0.1, units="1", lo=0.0, lo_open=True, hi=10.0, doc="steepness of the y-nullcline step")
    rho: float = param(0.0, units="1", lo=-10.0, hi=10.0, doc="constant extra drive (noise mean / bias)")
    x_threshold: float = param(
        0.0,
        units="1",
        lo=-1.0,
        lo_open=True,
        hi=1.0,
        hi_open=True,
        doc="spike: upward crossing of x through it (between the knees -1 and 1)",
    )
    dt: float = param(0.05, units="1 (dimensionless time)", lo=0.0, lo_open=True, hi=0.2, doc="time step")
    n_sub: int = param(2, units="", lo=1, hi=100, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="oscillatory",
    reference="Terman & Wang 1995, Physica D 81:148; Wang & Terman 1995, IEEE Trans. Neural Netw. 6:283",
    units="dimensionless (x, y, I, t)",
    primary="input_current",
    sweep=(-1.0, 3.0),
)
class TermanWangOscillator(Neuron):
    """Terman-Wang relaxation oscillator (LEGION unit, dimensionless): oscillatory for I > 0, excitable for I < 0.

    Model (Terman & Wang 1995, Physica D 81:148-176; Wang & Terman 1995, IEEE Trans. Neural Netw. 6:283)::

        dx/dt = 3x - x^3 + 2 - y + I + rho
        dy/dt = epsilon (gamma (1 + tanh(x / beta)) - y)

    The x-nullcline is a cubic with knees at x = -1 (y = I) and x = 1 (y = I + 4); the y-nullcline is a smooth
    step from 0 (x < 0) to 2 gamma (x > 0). For I > 0 the only equilibrium is on the middle branch (unstable):
    a relaxation oscillation alternates a silent phase (left branch, y decays to 0) and an active phase (right
    branch, y rises to 2 gamma); for I < 0 a stable rest point sits on the left branch (excitable). In the
    singular limit the period is (ln((4 + I)/I) + ln((2 gamma - I)/(2 gamma - 4 - I)))/epsilon. All
    quantities are dimensionless.

    Integration: ``n_sub`` classical RK4 sub-steps per ``dt`` (defaults dt = 0.05, 2 sub-steps). Output
    ``spike`` (0/1): an upward crossing of ``x_threshold`` (default 0, between the knees: the jump up to the
    active phase) in any sub-step, at most one per step.

    Parameters: ``epsilon`` (0, 1] (0.02), ``gamma`` (0, 100] (6.0), ``beta`` (0, 10] (0.1), ``rho``
    [-10, 10] (0), ``x_threshold`` (-1, 1), ``dt`` (0, 0.2], ``n_sub`` [1, 100]. Input ``input_current`` I.
    State starts at the lower knee x = -1, y = gamma (1 + tanh(-1/beta)) (the rest point for I = 0).
    Differences from the seed: RK4 sub-steps (the seed's Euler step raised FloatingPointError for large I),
    gamma = 6, beta = 0.1 of the papers (the seed used 3 and 0.2) and a threshold between the knees.
    """

    Params = TermanWangParams
    speculate = False
    state_vars = {"x": float, "y": float}
    inputs = (Input("input_current", 0.0, "1", "external stimulus I (dimensionless)"),)

    @staticmethod
    def initial_state(p):
        return {"x": -1.0, "y": p.gamma * (1.0 + math.tanh(-1.0 / p.beta))}

    @staticmethod
    def derive(p):
        return {
            "eps": p.epsilon,
            "gam": p.gamma,
            "inv_beta": 1.0 / p.beta,
            "rho": p.rho,
            "x_th": p.x_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(x, y, input_current, eps, gam, inv_beta, rho, x_th, h, n_sub):
        drive = 2.0 + input_current + rho
        spike = 0
        for _ in range(n_sub):
            k1x = 3.0 * x - x * x * x + drive - y
            k1y = eps * (gam * (1.0 + math.tanh(x * inv_beta)) - y)
            x2 = x + 0.5 * h * k1x
            y2 = y + 0.5 * h * k1y
            k2x = 3.0 * x2 - x2 * x2 * x2 + drive - y2
            k2y = eps * (gam * (1.0 + math.tanh(x2 * inv_beta)) - y2)
            x3 = x + 0.5 * h * k2x
            y3 = y + 0.5 * h * k2y
            k3x = 3.0 * x3 - x3 * x3 * x3 + drive - y3
            k3y = eps * (gam * (1.0 + math.tanh(x3 * inv_beta)) - y3)
            x4 = x + h * k3x
            y4 = y + h * k3y
            k4x = 3.0 * x4 - x4 * x4 * x4 + drive - y4
            k4y = eps * (gam * (1.0 + math.tanh(x4 * inv_beta)) - y4)
            xn = x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
            y = y + h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
            if x < x_th and xn >= x_th:
                spike = 1
            x = xn
        return x, y, spike
