"""FitzHugh-Nagumo neuron (FitzHugh 1961; Nagumo, Arimoto & Yoshizawa 1962)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class FitzHughNagumoParams(ParamSet):
    # FitzHugh 1961, Biophys. J. 1:445, the values used throughout the paper: a = 0.7, b = 0.8, phi = 0.08
    a: float = param(0.7, units="1", lo=-5.0, hi=5.0, doc="offset of the w-nullcline")
    b: float = param(0.8, units="1", lo=0.0, hi=5.0, doc="slope factor of the recovery (w) decay")
    epsilon: float = param(0.08, units="1", lo=0.0, lo_open=True, hi=1.0, doc="time-scale ratio phi of w to v")
    v_threshold: float = param(1.0, units="1", lo=-3.0, hi=3.0, doc="spike: upward crossing of v through it")
    dt: float = param(0.1, units="1 (dimensionless time)", lo=0.0, lo_open=True, hi=0.5, doc="time step")


def rest_state(a: float, b: float, i_ext: float) -> tuple[float, float]:
    """The equilibrium (v, w) for a constant current (largest real root of the cubic; unique for b < 1)."""
    v = -1.0
    for _ in range(100):
        g = v - v * v * v / 3.0 - (v + a) / b + i_ext
        dg = 1.0 - v * v - 1.0 / b
        v -= g / dg
    return v, (v + a) / b


@register(
    family="oscillatory",
    reference="FitzHugh 1961, Biophys. J. 1:445; Nagumo, Arimoto & Yoshizawa 1962, Proc. IRE 50:2061",
    units="dimensionless (v, w, I, t)",
    primary="input_current",
    sweep=(0.0, 1.5),
)
class FitzHughNagumoNeuron(Neuron):
    """FitzHugh-Nagumo relaxation oscillator (dimensionless): excitable at I = 0, limit cycle past a Hopf point.

    Model (FitzHugh 1961, Biophys. J. 1:445, the "BVP model"; Nagumo, Arimoto & Yoshizawa 1962, Proc. IRE
    50:2061), in the now usual sign convention::

        dv/dt = v - v^3/3 - w + I
        dw/dt = epsilon (v + a - b w)

    Everything is dimensionless (v, w, I and time t; one time unit is not a millisecond). With the paper's
    a = 0.7, b = 0.8, epsilon = 0.08 the rest state loses stability in a Hopf bifurcation where
    1 - v*^2 = epsilon b, i.e. at I_H = 0.3313 (v* = -0.9675); above it the neuron fires periodically
    (relaxation oscillation between v ~ -2 and v ~ +2) up to the upper Hopf point I = 1.419.

    Integration: one classical RK4 step per ``dt`` (default 0.1 time units; the fast time scale is 1, so the
    RK4 error is far below the tolerances of the behaviour tests). Output ``spike`` (0/1): an upward crossing
    of ``v_threshold`` (default 1.0) between the start and the end of the step; at most one per step.

    Parameters: ``a`` [-5, 5] (0.7), ``b`` [0, 5] (0.8), ``epsilon`` (0, 1] (0.08), ``v_threshold`` [-3, 3],
    ``dt`` (0, 0.5]. Input: ``input_current`` I (dimensionless). State starts at the rest point for I = 0.
    Differences from the seed: RK4 instead of forward Euler, rest-state initial condition, no overflow for
    large I (the cubic is integrated stably at dt <= 0.5 for |I| within the sweep).
    """

    Params = FitzHughNagumoParams
    speculate = False
    state_vars = {"v": float, "w": float}
    inputs = (Input("input_current", 0.0, "1", "injected current I (dimensionless)"),)

    @staticmethod
    def initial_state(p):
        v, w = rest_state(p.a, p.b, 0.0)
        return {"v": v, "w": w}

    @staticmethod
    def derive(p):
        return {"a": p.a, "b": p.b, "eps": p.epsilon, "v_th": p.v_threshold, "h": p.dt}

    @staticmethod
    def kernel(v, w, input_current, a, b, eps, v_th, h):
        i = input_current
        k1v = v - v * v * v / 3.0 - w + i
        k1w = eps * (v + a - b * w)
        v2 = v + 0.5 * h * k1v
        w2 = w + 0.5 * h * k1w
        k2v = v2 - v2 * v2 * v2 / 3.0 - w2 + i
        k2w = eps * (v2 + a - b * w2)
        v3 = v + 0.5 * h * k2v
        w3 = w + 0.5 * h * k2w
        k3v = v3 - v3 * v3 * v3 / 3.0 - w3 + i
        k3w = eps * (v3 + a - b * w3)
        v4 = v + h * k3v
        w4 = w + h * k3w
        k4v = v4 - v4 * v4 * v4 / 3.0 - w4 + i
        k4w = eps * (v4 + a - b * w4)
        vn = v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        wn = w + h / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
        spike = 0
        if v < v_th and vn >= v_th:
            spike = 1
        return vn, wn, spike
