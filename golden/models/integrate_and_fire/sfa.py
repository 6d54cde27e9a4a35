"""Leaky integrate-and-fire neuron with a spike-triggered adaptation current (the seed's ``SFANeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.models.integrate_and_fire.mat import _steps
from golden.registry import register


@params_dataclass
class SFAParams(ParamSet):
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="resting (leak reversal) potential")
    V_reset: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="potential after a spike")
    V_th: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="firing threshold (fires when V >= V_th)")
    tau_m: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="membrane time constant")
    R: float = param(100.0, units="MOhm", lo=0.0, lo_open=True, hi=10000.0, doc="input resistance")
    tau_A: float = param(200.0, units="ms", lo=0.0, lo_open=True, hi=100000.0, doc="adaptation time constant")
    delta_A: float = param(0.01, units="nA", lo=0.0, hi=100.0, doc="adaptation current added per spike")
    t_ref: float = param(0.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (V held at V_reset)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.E_L >= self.V_th:
            raise ValueError(f"E_L must be < V_th (a neuron at rest must be silent), got E_L={self.E_L} >= "
                             f"V_th={self.V_th} mV")
        _steps("t_ref", self.t_ref, self.dt)


@register(
    family="integrate-and-fire",
    reference="Benda & Herz 2003, Neural Comput. 15:2523 (adaptation current in a leaky integrate-and-fire neuron)",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class SFANeuron(Neuron):
    """Leaky integrate-and-fire neuron with a spike-triggered adaptation current (spike-frequency adaptation).

    Model (the leaky integrate-and-fire neuron with a slow, spike-driven adaptation current, the class of models
    whose firing rate Benda & Herz 2003, "A universal model for spike-frequency adaptation", Neural Comput.
    15:2523, reduce to their universal adaptation model)::

        tau_m dV/dt = -(V - E_L) + R (I - A)
        tau_A dA/dt = -A
        V >= V_th  ->  spike, V <- V_reset (held there for t_ref), A <- A + delta_A

    Each spike adds delta_A to the adaptation current, which decays with tau_A (an AHP-type current; its
    driving force is taken as constant, as in Benda & Herz's reduction, so A is a current). The rate model of
    the paper follows: with f_0(I) the onset f-I curve of the neuron without adaptation and ``A_inf(f) =
    delta_A tau_A f`` the mean adaptation current at a steady rate f, the adapted rate satisfies
    ``f_inf(I) = f_0(I - A_inf(f_inf(I)))`` (so a linear f_0 of slope c gives a steady-state curve of slope
    ``c / (1 + c delta_A tau_A)``), and after a step of input the rate decays from f_0(I) to f_inf(I) with the
    effective time constant ``tau_eff = tau_A / (1 + delta_A tau_A f_0'(I - A_inf))``. These hold when tau_A is
    long compared with the inter-spike interval.

    Integration: exact for an input constant over a step: A decays by ``exp(-dt/tau_A)`` and V is the closed-form
    solution of its linear ODE driven by the decaying A, ``V <- V_inf + (V - V_inf) e^{-dt/tau_m}
    - R A kappa`` with ``kappa = tau_A/(tau_A - tau_m) (e^{-dt/tau_A} - e^{-dt/tau_m})`` (its limit
    ``dt/tau_m e^{-dt/tau_m}`` when tau_A = tau_m). The threshold test is made at the end of each step and the
    spike reported in that step (between two step ends V has at most one extremum, so a crossing can only be
    missed for a grazing trajectory within one step).

    Parameters (units, legal range, default): ``E_L`` mV [-200, 100] (-70), ``V_reset`` mV (< V_th) (-70),
    ``V_th`` mV (-50), ``tau_m`` ms (0, 1000] (10), ``R`` MOhm (0, 1e4] (100, rheobase 0.2 nA), ``tau_A`` ms
    (0, 1e5] (200), ``delta_A`` nA [0, 100] (0.01), ``t_ref`` ms [0, 1000] (0; a whole number of steps),
    ``dt`` ms (0, 100] (0.1). Input: ``step(input_current)`` in nA. Output: ``spike`` 0/1. State: ``v`` (mV),
    ``a`` (nA), ``refractory`` (steps).

    Differences from the seed: the seed used a conductance ``g (V - E_K)`` with Euler for V; here the adaptation
    is the current of Benda & Herz's reduction, integrated exactly.
    """

    Params = SFAParams
    state_vars = {"v": float, "a": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "a": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        em = math.exp(-p.dt / p.tau_m)
        d = (p.tau_A - p.tau_m) / (p.tau_m * p.tau_A)
        kappa = em * p.dt / p.tau_m if d == 0.0 else em * math.expm1(p.dt * d) / (d * p.tau_m)
        return {
            "e_l": p.E_L,
            "r": p.R,
            "em": em,
            "ea": math.exp(-p.dt / p.tau_A),
            "kappa": kappa,
            "v_th": p.V_th,
            "v_reset": p.V_reset,
            "d_a": p.delta_A,
            "ref_steps": _steps("t_ref", p.t_ref, p.dt),
        }

    @staticmethod
    def kernel(v, a, refractory, input_current, e_l, r, em, ea, kappa, v_th, v_reset, d_a, ref_steps):
        a_next = a * ea
        if refractory > 0:
            return v_reset, a_next, refractory - 1, 0
        v_inf = e_l + r * input_current
        v = v_inf + (v - v_inf) * em - r * a * kappa
        if v >= v_th:
            return v_reset, a_next + d_a, ref_steps, 1
        return v, a_next, refractory, 0
