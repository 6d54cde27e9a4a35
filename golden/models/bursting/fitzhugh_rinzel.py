"""FitzHugh-Rinzel elliptic burster (Rinzel 1987; Izhikevich 2000/2007)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class FitzHughRinzelParams(ParamSet):
    # Izhikevich 2000, Int. J. Bifurc. Chaos 10:1171, FitzHugh-Rinzel elliptic burster: a 0.7, b 0.8,
    # c -0.775, d 1, delta 0.08, mu 0.0001 (bursting at I = 0.3125)
    a: float = param(0.7, units="1", lo=-5.0, hi=5.0, doc="offset of the w-nullcline")
    b: float = param(0.8, units="1", lo=0.0, hi=5.0, doc="w decay")
    c: float = param(-0.775, units="1", lo=-5.0, hi=5.0, doc="offset of the slow variable's nullcline")
    d: float = param(1.0, units="1", lo=0.0, hi=10.0, doc="decay of the slow variable y")
    delta: float = param(0.08, units="1", lo=0.0, lo_open=True, hi=1.0, doc="time-scale ratio of w")
    mu: float = param(0.0001, units="1", lo=0.0, lo_open=True, hi=0.1, doc="time-scale ratio of y (slow)")
    v_threshold: float = param(1.0, units="1", lo=-3.0, hi=3.0, doc="spike: upward crossing of v through it")
    dt: float = param(0.1, units="1 (dimensionless time)", lo=0.0, lo_open=True, hi=0.5, doc="time step")


@register(
    family="bursting",
    reference="Rinzel 1987, Lecture Notes in Biomath. 71:267; Izhikevich 2000, Int. J. Bifurc. Chaos 10:1171",
    units="dimensionless (v, w, y, I, t)",
    primary="input_current",
    sweep=(0.0, 1.5),
)
class FitzHughRinzelNeuron(Neuron):
    """FitzHugh-Rinzel neuron (dimensionless): elliptic (subHopf/fold-cycle) bursting at I = 0.3125.

    Model (Rinzel 1987, "A formal classification of bursting mechanisms in excitable systems", Lecture Notes
    in Biomathematics 71:267; parameters of Izhikevich 2000, Int. J. Bifurc. Chaos 10:1171, and
    "Dynamical Systems in Neuroscience" 2007, section 9.2)::

        dv/dt = v - v^3/3 - w + y + I
        dw/dt = delta (a + v - b w)
        dy/dt = mu (c - v - d y)

    The FitzHugh-Nagumo pair (v, w) is slowly modulated by y: spiking starts at a (subcritical) Andronov-Hopf
    bifurcation of the fast subsystem and stops at a fold of limit cycles, so bursts start with growing
    oscillations and the silent phase shows slowly decaying subthreshold oscillations (elliptic bursting).
    All quantities dimensionless.

    Integration: one classical RK4 step per ``dt`` (0.1). Output ``spike`` (0/1): upward crossing of
    ``v_threshold`` (1.0) within the step.

    Parameters: see the table (``mu`` (0, 0.1], ``delta`` (0, 1], dt (0, 0.5]). Input ``input_current`` I.
    State starts at (v, w, y) = (-1, -0.5, 0). Differences from the seed: RK4 instead of Euler.
    """

    Params = FitzHughRinzelParams
    speculate = False
    state_vars = {"v": float, "w": float, "y": float}
    inputs = (Input("input_current", 0.0, "1", "injected current I (dimensionless)"),)

    @staticmethod
    def initial_state(p):
        return {"v": -1.0, "w": -0.5, "y": 0.0}

    @staticmethod
    def derive(p):
        return {"a": p.a, "b": p.b, "c": p.c, "d": p.d, "delta": p.delta, "mu": p.mu, "v_th": p.v_threshold, "h": p.dt}

    @staticmethod
    def kernel(v, w, y, input_current, a, b, c, d, delta, mu, v_th, h):
        i = input_current
        k1v = v - v * v * v / 3.0 - w + y + i
        k1w = delta * (a + v - b * w)
        k1y = mu * (c - v - d * y)
        va = v + 0.5 * h * k1v
        wa = w + 0.5 * h * k1w
        ya = y + 0.5 * h * k1y
        k2v = va - va * va * va / 3.0 - wa + ya + i
        k2w = delta * (a + va - b * wa)
        k2y = mu * (c - va - d * ya)
        va = v + 0.5 * h * k2v
        wa = w + 0.5 * h * k2w
        ya = y + 0.5 * h * k2y
        k3v = va - va * va * va / 3.0 - wa + ya + i
        k3w = delta * (a + va - b * wa)
        k3y = mu * (c - va - d * ya)
        va = v + h * k3v
        wa = w + h * k3w
        ya = y + h * k3y
        k4v = va - va * va * va / 3.0 - wa + ya + i
        k4w = delta * (a + va - b * wa)
        k4y = mu * (c - va - d * ya)
        vn = v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        w = w + h / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
        y = y + h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
        spike = 0
        if v < v_th and vn >= v_th:
            spike = 1
        return vn, w, y, spike
