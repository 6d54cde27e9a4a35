"""Morris-Lecar neuron (Morris & Lecar 1981) with the parameter sets of Rinzel & Ermentrout 1989/1998."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

#: Rinzel & Ermentrout 1998 ("Analysis of neural excitability and oscillations", Methods in Neuronal Modeling,
#: 2nd ed., Table 7.1; 1st ed. 1989): the Hopf (class II) set and the SNLC (class I) set; "homoclinic" is the
#: SNLC set with phi = 0.23 (Ermentrout & Terman 2010, Foundations of Math. Neurosci., section 3.3).
PRESETS: dict[str, dict[str, float]] = {
    "hopf": {"g_Ca": 4.4, "V3": 2.0, "V4": 30.0, "phi": 0.04},
    "snlc": {"g_Ca": 4.0, "V3": 12.0, "V4": 17.4, "phi": 1.0 / 15.0},
    "homoclinic": {"g_Ca": 4.0, "V3": 12.0, "V4": 17.4, "phi": 0.23},
}


@params_dataclass
class MorrisLecarParams(ParamSet):
    # defaults: the Hopf set of Rinzel & Ermentrout 1998, Table 7.1
    C: float = positive(20.0, "uF/cm^2", "membrane capacitance")
    g_Ca: float = param(4.4, units="mS/cm^2", lo=0.0, hi=100.0, doc="maximal Ca conductance")
    g_K: float = param(8.0, units="mS/cm^2", lo=0.0, hi=100.0, doc="maximal K conductance")
    g_L: float = param(2.0, units="mS/cm^2", lo=0.0, lo_open=True, hi=100.0, doc="leak conductance")
    E_Ca: float = param(120.0, units="mV", lo=-200.0, hi=200.0, doc="Ca reversal potential")
    E_K: float = param(-84.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_L: float = param(-60.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V1: float = param(-1.2, units="mV", lo=-100.0, hi=100.0, doc="half-activation of m_inf")
    V2: float = param(18.0, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of m_inf")
    V3: float = param(2.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of w_inf")
    V4: float = param(30.0, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of w_inf")
    phi: float = param(0.04, units="1/ms", lo=0.0, lo_open=True, hi=10.0, doc="rate scale of w")
    v_threshold: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V through it")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step")
    n_sub: int = param(1, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.n_sub
        g = self.g_Ca + self.g_K + self.g_L
        if h * g / self.C > 1.0:
            raise ValueError(
                f"dt/n_sub must be <= C/(g_Ca + g_K + g_L) = {self.C / g} ms for a stable RK4 step, "
                f"got dt={self.dt}, n_sub={self.n_sub}"
            )


def rest_potential(p: Any, i_ext: float = 0.0) -> float:
    """The lowest equilibrium potential for a constant current (bisection on the steady-state I-V curve)."""

    def f(v: float) -> float:
        m = 0.5 * (1.0 + math.tanh((v - p.V1) / p.V2))
        w = 0.5 * (1.0 + math.tanh((v - p.V3) / p.V4))
        return i_ext - p.g_Ca * m * (v - p.E_Ca) - p.g_K * w * (v - p.E_K) - p.g_L * (v - p.E_L)

    lo = -150.0
    hi = lo
    while hi < 150.0 and f(hi) > 0.0:
        hi += 0.5
    lo = hi - 0.5
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if f(mid) > 0.0 else (lo, mid)
    return 0.5 * (lo + hi)


@register(
    family="oscillatory",
    reference="Morris & Lecar 1981, Biophys. J. 35:193; Rinzel & Ermentrout 1989/1998, Methods in Neuronal "
    "Modeling (MIT Press) ch. 7",
    units="mV, ms, uA/cm^2, mS/cm^2, uF/cm^2",
    primary="input_current",
    sweep=(0.0, 300.0),
)
class MorrisLecarNeuron(Neuron):
    """Morris-Lecar neuron (barnacle muscle fibre): Hopf (class II) or SNLC (class I) onset of firing by preset.

    Model (Morris & Lecar 1981, Biophys. J. 35:193-213, instantaneous Ca activation; the parameter sets and
    bifurcation analysis of Rinzel & Ermentrout 1989/1998, "Analysis of neural excitability and
    oscillations", Methods in Neuronal Modeling, ch. 7)::

        C dV/dt = I - g_Ca m_inf(V) (V - E_Ca) - g_K w (V - E_K) - g_L (V - E_L)
        dw/dt   = phi (w_inf(V) - w) / tau_w(V)
        m_inf = (1 + tanh((V - V1)/V2))/2,  w_inf = (1 + tanh((V - V3)/V4))/2,  tau_w = 1/cosh((V - V3)/(2 V4))

    Defaults: the Hopf set (g_Ca 4.4, V3 2, V4 30, phi 0.04; C 20, g_K 8, g_L 2, E_Ca 120, E_K -84, E_L -60,
    V1 -1.2, V2 18): the rest state loses stability in a subcritical Hopf bifurcation (at I = 93.9 uA/cm^2 for
    this set: the trace of the Jacobian at rest changes sign there) and large-amplitude firing with a nonzero
    frequency (~ 10 Hz) coexists with rest from below 90 uA/cm^2 (class II).
    :meth:`preset` ``"snlc"`` (g_Ca 4, V3 12, V4 17.4, phi 1/15): firing starts at a saddle-node on the
    limit cycle near I = 40 with arbitrarily low frequency (class I). ``"homoclinic"``: phi = 0.23.

    Integration: ``n_sub`` classical RK4 sub-steps per ``dt`` (default dt 0.1 ms, 1 sub-step; the fastest time
    constant C/(g_Ca + g_K + g_L) is ~1.4 ms, the check keeps h below it). Output ``spike`` (0/1): upward
    crossing of ``v_threshold`` (0 mV) in any sub-step, at most one per step.

    Units: mV, ms, uA/cm^2 (input ``input_current``), mS/cm^2, uF/cm^2. Ranges: see the parameter table
    (conductances [0, 100], slopes V2, V4 > 0, phi (0, 10], dt (0, 1]). The state starts at the rest point for
    I = 0 (w = w_inf). Differences from the seed: the seed mixed the SNLC kinetics with g_Ca = 4 and no way to
    select the Hopf set; RK4 instead of Euler (the seed went NaN at I = 5000).
    """

    Params = MorrisLecarParams
    PRESETS = PRESETS
    speculate = False
    state_vars = {"v": float, "w": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> MorrisLecarNeuron:
        """A neuron with the ``"hopf"``, ``"snlc"`` or ``"homoclinic"`` parameter set."""
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {name!r}")
        return cls(**{**PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        v = rest_potential(p)
        return {"v": v, "w": 0.5 * (1.0 + math.tanh((v - p.V3) / p.V4))}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_ca": p.g_Ca,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "e_ca": p.E_Ca,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "v1": p.V1,
            "inv_v2": 1.0 / p.V2,
            "v3": p.V3,
            "inv_v4": 1.0 / p.V4,
            "phi": p.phi,
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(v, w, input_current, c_inv, g_ca, g_k, g_l, e_ca, e_k, e_l, v1, inv_v2, v3, inv_v4, phi, v_th, h, n_sub):
        i = input_current
        spike = 0
        for _ in range(n_sub):
            x = (v - v3) * inv_v4
            k1v = (
                i
                - g_ca * 0.5 * (1.0 + math.tanh((v - v1) * inv_v2)) * (v - e_ca)
                - g_k * w * (v - e_k)
                - g_l * (v - e_l)
            ) * c_inv
            k1w = phi * math.cosh(0.5 * x) * (0.5 * (1.0 + math.tanh(x)) - w)
            va = v + 0.5 * h * k1v
            wa = w + 0.5 * h * k1w
            x = (va - v3) * inv_v4
            k2v = (
                i
                - g_ca * 0.5 * (1.0 + math.tanh((va - v1) * inv_v2)) * (va - e_ca)
                - g_k * wa * (va - e_k)
                - g_l * (va - e_l)
            ) * c_inv
            k2w = phi * math.cosh(0.5 * x) * (0.5 * (1.0 + math.tanh(x)) - wa)
            va = v + 0.5 * h * k2v
            wa = w + 0.5 * h * k2w
            x = (va - v3) * inv_v4
            k3v = (
                i
                - g_ca * 0.5 * (1.0 + math.tanh((va - v1) * inv_v2)) * (va - e_ca)
                - g_k * wa * (va - e_k)
                - g_l * (va - e_l)
            ) * c_inv
            k3w = phi * math.cosh(0.5 * x) * (0.5 * (1.0 + math.tanh(x)) - wa)
            va = v + h * k3v
            wa = w + h * k3w
            x = (va - v3) * inv_v4
            k4v = (
                i
                - g_ca * 0.5 * (1.0 + math.tanh((va - v1) * inv_v2)) * (va - e_ca)
                - g_k * wa * (va - e_k)
                - g_l * (va - e_l)
            ) * c_inv
            k4w = phi * math.cosh(0.5 * x) * (0.5 * (1.0 + math.tanh(x)) - wa)
            vn = v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
            w = w + h / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, w, spike
