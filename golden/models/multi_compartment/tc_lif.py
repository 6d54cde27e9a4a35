"""Two-compartment (dendrite -> soma) integrate-and-fire neuron of Urbanczik & Senn 2014."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class TwoCompartmentLIFParams(ParamSet):
    # Urbanczik & Senn 2014, Neuron 81:521, Experimental Procedures (neuron model): E_L, g_L, g_D, the PSP
    # kernel time constants and the escape-rate function phi.
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    g_L: float = positive(0.1, "1/ms", "somatic leak conductance (per unit capacitance)")
    g_D: float = param(2.0, units="1/ms", lo=0.0, doc="dendro-somatic coupling conductance (per capacitance)")
    tau_L: float = positive(10.0, "ms", "slow (membrane) time constant of the dendritic PSP kernel")
    tau_s: float = positive(3.0, "ms", "fast (synaptic) time constant of the dendritic PSP kernel")
    phi_max: float = positive(0.15, "1/ms", "maximal escape rate of phi(U)")
    k: float = positive(0.5, "1", "factor k of phi(U) = phi_max / (1 + k exp(beta (theta - U)))")
    beta: float = positive(0.2, "1/mV", "slope beta of phi(U)")
    theta: float = param(-55.0, units="mV", lo=-200.0, hi=100.0, doc="midpoint theta of phi(U)")
    escape_noise: int = param(
        0,
        units="",
        lo=0,
        hi=1,
        integer=True,
        doc="1: Poisson spikes at rate phi(U), no reset (the paper); 0: threshold and reset",
    )
    V_th: float = param(-55.0, units="mV", lo=-200.0, hi=100.0, doc="deterministic threshold (escape_noise = 0)")
    V_reset: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential (escape_noise = 0)")
    t_ref: float = param(2.0, units="ms", lo=0.0, doc="refractory period, U held at V_reset (escape_noise = 0)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.tau_s == self.tau_L:
            raise ValueError(
                f"tau_s must differ from tau_L (difference-of-exponentials kernel), got tau_s=tau_L={self.tau_L} ms"
            )


@register(
    family="multi-compartment",
    reference="Urbanczik & Senn 2014, Neuron 81:521",
    units="mV, ms (inputs: mV and mV/ms)",
    primary="dendritic_input",
    sweep=(0.0, 100.0),
    noise_params={"escape_noise": 1},
)
class TwoCompartmentLIFNeuron(Neuron):
    """Two-compartment neuron of Urbanczik & Senn: a dendrite drives a leaky soma through a coupling g_D.

    Model (Urbanczik & Senn 2014, "Learning by the dendritic prediction of somatic spiking", Neuron
    81:521-528, Eq. 1 and Experimental Procedures)::

        dU/dt = -g_L (U - E_L) + g_D (V_w - U) + I_som                       (soma)
        V_w   = E_L + (kappa * x)(t),  kappa(t) = (exp(-t/tau_L) - exp(-t/tau_s)) / (tau_L - tau_s)  (dendrite)

    The dendritic potential V_w is the postsynaptic potential of the dendritic input x (in the paper
    x = sum_i w_i * presynaptic spike trains; here ``dendritic_input`` in mV, since kappa has unit area a
    constant x depolarises the dendrite by x mV). The dendrite is not affected by the soma (no back-
    propagation), as in the paper. At steady state the soma sees the attenuated dendritic potential
    U* - E_L = g_D / (g_L + g_D) (V_w - E_L), the paper's "dendritic prediction" of the somatic potential.

    Spike generation: ``escape_noise = 1`` is the paper's: Poisson spikes with rate
    phi(U) = phi_max / (1 + k exp(beta (theta - U))) (probability 1 - exp(-phi dt) per step, one uniform draw
    per step) and no reset. ``escape_noise = 0`` (default: the catalogue's deterministic two-compartment LIF)
    replaces it with a threshold: U >= V_th -> spike, U <- V_reset, held there for ``t_ref``. This threshold-
    and-reset rule is not in the paper; V_th = theta = -55 mV, V_reset = E_L and t_ref = 2 ms are choices.

    Integration: the dendritic kernel is two cascaded first-order low-pass filters (tau_s then tau_L),
    propagated exactly for x held over the step; the soma is advanced by the exact exponential (exponential-
    Euler) step of its linear equation with V_w averaged over the step (second order). Threshold tested at the
    step end; at most one spike per step.

    Parameters (defaults: the paper's): ``E_L`` mV (-70), ``g_L`` 1/ms (0.1), ``g_D`` 1/ms >= 0 (2),
    ``tau_L`` ms (10), ``tau_s`` ms (3, != tau_L), ``phi_max`` 1/ms (0.15), ``k`` (0.5), ``beta`` 1/mV (0.2),
    ``theta`` mV (-55), ``escape_noise`` 0/1 (0), ``V_th`` mV (-55), ``V_reset`` mV (-70, < V_th), ``t_ref`` ms
    >= 0 (2), ``dt`` ms (0, 1] (0.1). Inputs: ``dendritic_input`` x (mV; ``step(x)`` drives it),
    ``somatic_input`` I_som (mV/ms, a current divided by the capacitance; the paper's teacher conductances
    would enter here). Output: ``spike`` 0/1.

    Differences from the seed (tau_s v_s' = -(v_s - v_rest) + kappa (v_d - v_s) + I_s in arbitrary units, with
    a dendrite integrating its own current): the published model's parameters, units and PSP kernel.
    """

    Params = TwoCompartmentLIFParams
    state_vars = {"u": float, "a": float, "b": float, "refractory": int}
    inputs = (
        Input("dendritic_input", 0.0, "mV", "dendritic drive x (steady dendritic depolarisation it causes)"),
        Input("somatic_input", 0.0, "mV/ms", "somatic current divided by capacitance"),
    )
    randoms = {"xi": "uniform"}

    @staticmethod
    def noise_active(p):
        return p.escape_noise == 1

    @staticmethod
    def initial_state(p):
        return {"u": p.E_L, "a": 0.0, "b": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        h = p.dt
        es = math.exp(-h / p.tau_s)
        el = math.exp(-h / p.tau_L)
        # a' = (x - a)/tau_s, b' = (a - b)/tau_L with x held over the step: exact propagator of the cascade
        c_ba = p.tau_s * (es - el) / (p.tau_s - p.tau_L)
        g_tot = p.g_L + p.g_D
        return {
            "e_l": p.E_L,
            "es": es,
            "el": el,
            "c_ba": c_ba,
            "c_bx": 1.0 - el - c_ba,
            "g_tot": g_tot,
            "g_l": p.g_L,
            "g_d": p.g_D,
            "eu": math.exp(-h * g_tot),
            "phi_max": p.phi_max,
            "kk": p.k,
            "beta": p.beta,
            "theta": p.theta,
            "h": h,
            "stochastic": p.escape_noise == 1,
            "v_th": p.V_th,
            "v_reset": p.V_reset,
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(
        u,
        a,
        b,
        refractory,
        dendritic_input,
        somatic_input,
        xi,
        e_l,
        es,
        el,
        c_ba,
        c_bx,
        g_tot,
        g_l,
        g_d,
        eu,
        phi_max,
        kk,
        beta,
        theta,
        h,
        stochastic,
        v_th,
        v_reset,
        ref_steps,
    ):
        b_new = el * b + c_ba * a + c_bx * dendritic_input
        a_new = es * a + (1.0 - es) * dendritic_input
        v_w = e_l + 0.5 * (b + b_new)
        u_inf = (g_l * e_l + g_d * v_w + somatic_input) / g_tot
        u_new = u_inf + eu * (u - u_inf)
        if stochastic:
            x = beta * (theta - u_new)
            if x > 700.0:
                x = 700.0
            rate = phi_max / (1.0 + kk * math.exp(x))
            if xi < -math.expm1(-rate * h):
                return u_new, a_new, b_new, 0, 1
            return u_new, a_new, b_new, 0, 0
        if refractory > 0:
            return v_reset, a_new, b_new, refractory - 1, 0
        if u_new >= v_th:
            return v_reset, a_new, b_new, ref_steps, 1
        return u_new, a_new, b_new, 0, 0
