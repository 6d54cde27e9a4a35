"""Adaptive LIF (ALIF) neuron of e-prop with its eligibility traces (Bellec et al. 2020)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class EPropALIFParams(ParamSet):
    tau_m: float = positive(20.0, units="ms", doc="membrane time constant (alpha = exp(-dt / tau_m))")
    tau_a: float = positive(200.0, units="ms", doc="threshold-adaptation time constant (rho = exp(-dt / tau_a))")
    v_th: float = positive(1.0, units="1 (normalised)", doc="baseline threshold")
    beta: float = param(0.07, units="1 (normalised)", lo=0.0, doc="adaptation strength: A = v_th + beta a")
    gamma_pd: float = param(0.3, units="1", lo=0.0, doc="dampening factor of the pseudo-derivative")
    t_ref: float = param(2.0, units="ms", lo=0.0, doc="refractory period (no spike, zero pseudo-derivative)")
    dt: float = positive(1.0, units="ms", doc="time step")


@register(
    family="hardware",
    reference="Bellec et al. 2020, Nat. Commun. 11:3625 (e-prop: a solution to the learning dilemma for "
    "recurrent networks of spiking neurons), Methods: ALIF neurons and their eligibility traces",
    units="normalised membrane (threshold v_th), time in ms",
    primary="input_current",
    sweep=(0.0, 1.0),
)
class EPropALIFNeuron(Neuron):
    """ALIF neuron with e-prop eligibility traces (Bellec et al. 2020, Nat. Commun. 11:3625, Methods).

    Neuron (discrete time, the paper's equations; step t receives the input I^t and the tracked synapse's
    presynaptic value x^t)::

        alpha = exp(-dt / tau_m),  rho = exp(-dt / tau_a)
        v^t = alpha v^{t-1} + I^t - z^{t-1} v_th                 # reset by subtracting the BASELINE threshold
        a^t = rho a^{t-1} + z^{t-1}                              # threshold adaptation variable
        A^t = v_th + beta a^t                                    # adaptive threshold
        z^t = H(v^t - A^t)  (1 iff v^t >= A^t), 0 while refractory
        psi^t = gamma_pd / v_th * max(0, 1 - |v^t - A^t| / v_th), 0 while refractory     # pseudo-derivative

    After a spike the neuron is refractory for ``round(t_ref / dt)`` steps (no spike, psi = 0; v still
    integrates). Eligibility traces of the tracked synapse (ALIF, the paper's Methods)::

        eps_v^t     = alpha eps_v^{t-1} + x^t                     # presynaptic trace (reset term ignored, as in e-prop)
        e^t         = psi^t (eps_v^t - beta eps_a^t)              # eligibility trace
        eps_a^{t+1} = psi^t eps_v^t + (rho - psi^t beta) eps_a^t  # adaptation trace
        grad       += L^t e^t                                     # accumulated e-prop gradient estimate, sum_t L^t e^t

    State: ``v``, ``a`` (a^t after the step's spike update, i.e. a^{t+1}), ``z`` (last spike), ``refractory``,
    ``eps_v``, ``eps_a`` (eps_a^{t+1}), ``elig`` (e^t of the last step), ``grad``. Inputs: ``input_current``
    (the weighted input sum I^t; the seed's single argument), ``pre`` (x^t, the presynaptic value of the
    tracked synapse, default 0) and ``learning_signal`` (L^t, default 0). Output: spike 0/1. The weight
    update e-prop would apply is ``-eta * grad`` (with the learning rate outside this model; the paper
    additionally low-pass filters e^t with the readout's time constant when L is a readout error).

    Differences from the paper: one neuron with one tracked synapse (the paper keeps a trace per synapse); the
    Heaviside includes equality (v = A fires), as every model of this project does.
    """

    Params = EPropALIFParams
    state_vars = {"v": float, "a": float, "z": int, "refractory": int, "eps_v": float, "eps_a": float,
                  "elig": float, "grad": float}
    inputs = (
        Input("input_current", 0.0, "1 (normalised)", "weighted input I^t"),
        Input("pre", 0.0, "1", "presynaptic value x^t of the tracked synapse"),
        Input("learning_signal", 0.0, "1", "learning signal L^t"),
    )

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "a": 0.0, "z": 0, "refractory": 0, "eps_v": 0.0, "eps_a": 0.0, "elig": 0.0, "grad": 0.0}

    @staticmethod
    def derive(p):
        return {"alpha": math.exp(-p.dt / p.tau_m), "rho": math.exp(-p.dt / p.tau_a), "v_th": p.v_th,
                "beta": p.beta, "gpd": p.gamma_pd / p.v_th, "inv_vth": 1.0 / p.v_th,
                "ref_steps": int(round(p.t_ref / p.dt))}

    @staticmethod
    def kernel(v, a, z, refractory, eps_v, eps_a, elig, grad, input_current, pre, learning_signal, alpha, rho, v_th,
               beta, gpd, inv_vth, ref_steps):
        v = alpha * v + input_current - z * v_th
        eps_v = alpha * eps_v + pre
        thr = v_th + beta * a
        if refractory > 0:
            # no spike, psi = 0: e = 0 and eps_a decays by rho
            return v, rho * a, 0, refractory - 1, eps_v, rho * eps_a, 0.0, grad, 0
        x = 1.0 - abs(v - thr) * inv_vth
        psi = gpd * x if x > 0.0 else 0.0
        e = psi * (eps_v - beta * eps_a)
        grad = grad + learning_signal * e
        eps_a = psi * eps_v + (rho - psi * beta) * eps_a
        if v >= thr:
            return v, rho * a + 1.0, 1, ref_steps, eps_v, eps_a, e, grad, 1
        return v, rho * a, 0, refractory, eps_v, eps_a, e, grad, 0

    def adaptive_threshold(self) -> float:
        """The threshold the next step will apply, ``v_th + beta a``."""
        return self._p.v_th + self._p.beta * self.a
