"""Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005; the seed's ``AdExNeuron``)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class AdExParams(ParamSet):
    C: float = positive(281.0, "pF", "membrane capacitance")
    g_L: float = positive(30.0, "nS", "leak conductance")
    E_L: float = param(-70.6, units="mV", lo=-200.0, hi=100.0, doc="leak reversal potential")
    V_T: float = param(-50.4, units="mV", lo=-200.0, hi=100.0, doc="threshold of the exponential term")
    Delta_T: float = param(2.0, units="mV", lo=0.01, hi=50.0, doc="slope factor")
    tau_w: float = positive(144.0, "ms", "adaptation time constant")
    a: float = param(4.0, units="nS", lo=-1000.0, hi=1000.0, doc="subthreshold adaptation")
    b: float = param(80.5, units="pA", lo=-10000.0, hi=10000.0, doc="spike-triggered adaptation increment")
    V_r: float = param(-70.6, units="mV", lo=-200.0, hi=100.0, doc="reset potential")
    V_peak: float = param(0.0, units="mV", lo=-200.0, hi=100.0, doc="spike cut-off (spike when V reaches it)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    order: int = param(2, units="", lo=1, hi=2, integer=True, doc="1: forward Euler, 2: Heun (RK2) step per dt")

    def check(self) -> None:
        if self.V_peak <= self.V_T:
            raise ValueError(f"V_peak must be > V_T, got V_peak={self.V_peak} <= V_T={self.V_T} mV")
        if self.V_r >= self.V_peak:
            raise ValueError(f"V_r must be < V_peak, got V_r={self.V_r} >= V_peak={self.V_peak} mV")
        if (self.V_peak - self.V_T) / self.Delta_T > 500.0:
            raise ValueError(f"(V_peak - V_T)/Delta_T must be <= 500 so that exp() stays finite, got V_peak="
                             f"{self.V_peak}, V_T={self.V_T}, Delta_T={self.Delta_T}")
        h = self.dt
        if h > 0.2 * self.C / self.g_L or h > 0.2 * self.tau_w:
            raise ValueError(f"dt must be <= 0.2 min(C/g_L, tau_w) for a stable RK2 step, got dt={self.dt} "
                             f"(C/g_L={self.C / self.g_L} ms, tau_w={self.tau_w} ms)")


def _pattern(C: float, g_L: float, E_L: float, V_T: float, a: float, tau_w: float, b: float, V_r: float,
             I: float) -> dict[str, Any]:
    return {"params": {"C": C, "g_L": g_L, "E_L": E_L, "V_T": V_T, "Delta_T": 2.0, "a": a, "tau_w": tau_w,
                       "b": b, "V_r": V_r, "V_peak": 0.0}, "current": I}


# Naud, Marcille, Clopath & Gerstner 2008, Biol. Cybern. 99:335, Table 1 (firing patterns of Fig. 4):
# C pF, g_L nS, E_L mV, V_T mV, a nS, tau_w ms, b pA, V_r mV and the step current I pA (Delta_T = 2 mV for all).

ADEX_PRESETS: dict[str, dict[str, Any]] = {
    "tonic": _pattern(200.0, 10.0, -70.0, -50.0, 2.0, 30.0, 0.0, -58.0, 500.0),
    "adapting": _pattern(200.0, 12.0, -70.0, -50.0, 2.0, 300.0, 60.0, -58.0, 500.0),
    "initial_burst": _pattern(130.0, 18.0, -58.0, -50.0, 4.0, 150.0, 120.0, -50.0, 400.0),
    "regular_bursting": _pattern(200.0, 10.0, -58.0, -50.0, 2.0, 120.0, 100.0, -46.0, 210.0),
    "delayed_accelerating": _pattern(200.0, 12.0, -70.0, -50.0, -10.0, 300.0, 0.0, -58.0, 300.0),
    "delayed_regular_bursting": _pattern(100.0, 10.0, -65.0, -50.0, -10.0, 90.0, 30.0, -47.0, 110.0),
    "transient": _pattern(100.0, 10.0, -65.0, -50.0, 10.0, 90.0, 100.0, -47.0, 180.0),
    "irregular": _pattern(100.0, 12.0, -60.0, -50.0, -11.0, 130.0, 30.0, -48.0, 160.0),
}


@register(
    family="integrate-and-fire",
    reference="Brette & Gerstner 2005, J. Neurophysiol. 94:3637; presets: Naud et al. 2008, Biol. Cybern. 99:335",
    units="mV, pA, nS, pF, ms",
    primary="input_current",
    sweep=(0.0, 3000.0),
)
class AdExNeuron(Neuron):
    """Adaptive exponential integrate-and-fire neuron (AdEx), with the firing-pattern presets of Naud et al.

    Model (Brette & Gerstner 2005, J. Neurophysiol. 94:3637)::

        C dV/dt   = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I
        tau_w dw/dt = a (V - E_L) - w
        V >= V_peak  ->  spike, V <- V_r, w <- w + b

    Integration: one explicit RK2 (Heun) step per ``dt`` for (V, w), the scheme of Brian2's ``heun`` method
    (``order=2``, default), or one forward-Euler step (``order=1``, Brian2's ``euler``: half the cost, first
    order). The spike is detected inside the step: when the predictor (the Euler step) reaches ``V_peak`` the
    step ends there (V <- V_r, w <- w + dt * dw/dt + b: the upswing is not integrated past the cut-off);
    otherwise the corrector is compared with ``V_peak``. The exponential's argument is capped at
    ``(V_peak - V_T)/Delta_T`` (<= 500 by validation): V is below ``V_peak`` whenever the exponential is
    evaluated, so the cap is inactive in normal operation and only guarantees that nothing overflows (e.g. after
    ``set_state`` or for huge inputs). With Heun at the default dt = 0.1 ms, spike times agree with a 25x finer
    step to within 1% over 500 ms (Table 1 neuron, 1 nA); choose a smaller ``dt`` for more accuracy. At most
    one spike is reported per step. The
    kernel has no loop on purpose: it is the fast object API (one call per dt). It is not if-converted
    (``speculate = False``): ``exp`` does not vectorise in the compiled loop, so computing both sides of the
    branches would only add work.

    Parameters (units, default = Brette & Gerstner 2005, Table 1): ``C`` pF (281), ``g_L`` nS (30), ``E_L`` mV
    (-70.6), ``V_T`` mV (-50.4), ``Delta_T`` mV [0.01, 50] (2), ``tau_w`` ms (144), ``a`` nS [-1000, 1000] (4),
    ``b`` pA [-1e4, 1e4] (80.5), ``V_r`` mV (-70.6), ``V_peak`` mV (0; the cut-off, > V_T), ``dt`` ms (0, 10]
    (0.1). Input: ``step(input_current)`` in pA. Output: ``spike`` 0/1.

    Presets: :meth:`preset` builds the neurons of Naud, Marcille, Clopath & Gerstner 2008 (Biol. Cybern.
    99:335, Table 1 / Fig. 4): ``tonic``, ``adapting``, ``initial_burst``, ``regular_bursting``,
    ``delayed_accelerating``, ``delayed_regular_bursting``, ``transient``, ``irregular``, each with the step
    current of the table (:meth:`preset_current`); the cut-off is 0 mV for all of them.

    Differences from the seed: the paper's units and Table 1 defaults (the seed used C = 200 and a.u. inputs),
    a Heun step with a bounded exponential instead of one Euler step, spike detected inside the step.
    """

    Params = AdExParams
    speculate = False
    state_vars = {"v": float, "w": float}
    inputs = (Input("input_current", 0.0, "pA", "injected current I"),)
    PRESETS = ADEX_PRESETS

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> AdExNeuron:
        """A neuron with the parameters of firing pattern ``name`` of Naud et al. 2008, Table 1."""
        if name not in ADEX_PRESETS:
            raise ValueError(f"preset must be one of {sorted(ADEX_PRESETS)}, got {name!r}")
        return cls(**{**ADEX_PRESETS[name]["params"], **overrides})

    @staticmethod
    def preset_current(name: str) -> float:
        """The step current (pA) that evokes firing pattern ``name`` (Naud et al. 2008, Table 1)."""
        if name not in ADEX_PRESETS:
            raise ValueError(f"preset must be one of {sorted(ADEX_PRESETS)}, got {name!r}")
        return float(ADEX_PRESETS[name]["current"])

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "w": 0.0}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_l": p.g_L,
            "e_l": p.E_L,
            "v_t": p.V_T,
            "delta_t": p.Delta_T,
            "inv_delta_t": 1.0 / p.Delta_T,
            "x_cap": (p.V_peak - p.V_T) / p.Delta_T,
            "a": p.a,
            "tau_w_inv": 1.0 / p.tau_w,
            "b": p.b,
            "v_r": p.V_r,
            "v_peak": p.V_peak,
            "h": p.dt,
            "euler": p.order == 1,
        }

    @staticmethod
    def kernel(v, w, input_current, c_inv, g_l, e_l, v_t, delta_t, inv_delta_t, x_cap, a, tau_w_inv, b, v_r,
               v_peak, h, euler):
        x = (v - v_t) * inv_delta_t
        if x > x_cap:
            x = x_cap
        dv1 = (g_l * (e_l - v) + g_l * delta_t * math.exp(x) - w + input_current) * c_inv
        dw1 = (a * (v - e_l) - w) * tau_w_inv
        vp = v + h * dv1
        if vp >= v_peak:
            return v_r, w + h * dw1 + b, 1
        wp = w + h * dw1
        if euler:
            return vp, wp, 0
        x = (vp - v_t) * inv_delta_t
        if x > x_cap:
            x = x_cap
        dv2 = (g_l * (e_l - vp) + g_l * delta_t * math.exp(x) - wp + input_current) * c_inv
        dw2 = (a * (vp - e_l) - wp) * tau_w_inv
        v = v + 0.5 * h * (dv1 + dv2)
        w = w + 0.5 * h * (dw1 + dw2)
        if v >= v_peak:
            return v_r, w + b, 1
        return v, w, 0

