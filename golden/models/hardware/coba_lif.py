"""Conductance-based LIF with exponential synaptic conductances (the COBA benchmark neuron)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class COBALIFParams(ParamSet):
    C_m: float = positive(200.0, units="pF", doc="membrane capacitance")
    g_L: float = positive(10.0, units="nS", doc="leak conductance (tau_m = C_m / g_L = 20 ms)")
    E_L: float = param(-60.0, units="mV", doc="leak reversal potential")
    E_e: float = param(0.0, units="mV", doc="excitatory reversal potential")
    E_i: float = param(-80.0, units="mV", doc="inhibitory reversal potential")
    tau_e: float = positive(5.0, units="ms", doc="excitatory conductance decay time constant")
    tau_i: float = positive(10.0, units="ms", doc="inhibitory conductance decay time constant")
    v_threshold: float = param(-50.0, units="mV", doc="spike threshold (fires when v >= v_threshold)")
    v_reset: float = param(-60.0, units="mV", doc="reset potential")
    t_ref: float = param(5.0, units="ms", lo=0.0, doc="refractory period (v clamped at v_reset)")
    dt: float = positive(0.1, units="ms", doc="time step")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= {self.v_threshold}")
        if self.E_i >= self.E_e:
            raise ValueError(f"E_i must be < E_e, got E_i={self.E_i} >= E_e={self.E_e}")


@register(
    family="hardware",
    reference="Brette et al. 2007, J. Comput. Neurosci. 23:349 (COBA benchmark, after Vogels & Abbott 2005, "
    "J. Neurosci. 25:10786)",
    units="mV, nS, pF, pA, ms",
    primary="input_current",
    sweep=(0.0, 1000.0),
)
class COBALIFNeuron(Neuron):
    """Conductance-based LIF neuron of the COBA benchmark (Brette et al. 2007, J. Comput. Neurosci. 23:349).

    Equations (benchmark 1 of Brette et al. 2007, after Vogels & Abbott 2005)::

        C_m dv/dt = -g_L (v - E_L) - g_e (v - E_e) - g_i (v - E_i) + I
        tau_e dg_e/dt = -g_e,   tau_i dg_i/dt = -g_i,   a presynaptic spike adds its weight to g_e or g_i
        v >= v_threshold:  spike;  v = v_reset;  v clamped at v_reset for t_ref

    One step of ``dt``, in this order: the conductance increments of the step are added (``g += delta_g``;
    a conductance cannot become negative: an increment that would make it so leaves it at 0); with the
    conductances held over the step, the membrane equation is linear and is integrated EXACTLY::

        g_tot = g_L + g_e + g_i,   v_inf = (g_L E_L + g_e E_e + g_i E_i + I) / g_tot
        v = v_inf + (v - v_inf) exp(-dt g_tot / C_m)

    then the threshold test, then the exact decay of the conductances ``g *= exp(-dt / tau)``. Because v
    relaxes monotonically towards ``v_inf``, which is a convex combination of the reversal potentials when
    I = 0, v never crosses E_e from below under excitation only, nor E_i from above under inhibition only (the
    benchmark's reversal bound holds exactly, at any step size), and the effective membrane time constant is
    ``tau_eff = C_m / g_tot``: it shortens as the total conductance grows (the high-conductance state).

    Inputs: ``input_current`` (pA; the seed's first argument), ``delta_g_e`` and ``delta_g_i`` (nS, default 0;
    the seed's ``step(current, delta_ge=0, delta_gi=0)``). Output spike 0/1. Defaults: the benchmark's cell
    (C_m 200 pF, g_L 10 nS, E_L -60, E_e 0, E_i -80 mV, tau_e 5, tau_i 10 ms, threshold -50, reset -60 mV,
    refractory 5 ms) with dt = 0.1 ms; the benchmark's synaptic weights are 6 nS (excitatory) and 67 nS
    (inhibitory) per spike, given through the delta inputs.
    """

    Params = COBALIFParams
    state_vars = {"v": float, "g_e": float, "g_i": float, "refractory": int}
    inputs = (
        Input("input_current", 0.0, "pA", "injected current"),
        Input("delta_g_e", 0.0, "nS", "excitatory conductance increment of this step"),
        Input("delta_g_i", 0.0, "nS", "inhibitory conductance increment of this step"),
    )

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "g_e": 0.0, "g_i": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "g_l": p.g_L, "gle": p.g_L * p.E_L, "e_e": p.E_e, "e_i": p.E_i, "k_c": p.dt / p.C_m,
            "dec_e": math.exp(-p.dt / p.tau_e), "dec_i": math.exp(-p.dt / p.tau_i),
            "v_th": p.v_threshold, "v_reset": p.v_reset, "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(v, g_e, g_i, refractory, input_current, delta_g_e, delta_g_i, g_l, gle, e_e, e_i, k_c, dec_e, dec_i,
               v_th, v_reset, ref_steps):
        g_e = g_e + delta_g_e
        if g_e < 0.0:
            g_e = 0.0
        g_i = g_i + delta_g_i
        if g_i < 0.0:
            g_i = 0.0
        if refractory > 0:
            return v_reset, g_e * dec_e, g_i * dec_i, refractory - 1, 0
        g_tot = g_l + g_e + g_i
        v_inf = (gle + g_e * e_e + g_i * e_i + input_current) / g_tot
        v = v_inf + (v - v_inf) * math.exp(-k_c * g_tot)
        if v >= v_th:
            return v_reset, g_e * dec_e, g_i * dec_i, ref_steps, 1
        return v, g_e * dec_e, g_i * dec_i, refractory, 0

    def effective_tau(self) -> float:
        """The present effective membrane time constant ``C_m / (g_L + g_e + g_i)`` in ms."""
        return self._p.C_m / (self._p.g_L + self.g_e + self.g_i)
