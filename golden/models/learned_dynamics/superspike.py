"""SuperSpike neuron of Zenke & Ganguli 2018 (Neural Computation 30:1514): LIF with a fast-sigmoid surrogate
derivative, its eligibility trace, and the online SuperSpike learning rule (:func:`superspike_train`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class SuperSpikeParams(ParamSet):
    v_rest: float = param(-60.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential U_rest")
    v_threshold: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="firing threshold theta")
    v_reset: float = param(-60.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential after a spike")
    tau_mem: float = positive(10.0, "ms", "membrane time constant")
    tau_syn: float = positive(5.0, "ms", "synaptic current time constant (PSP kernel of superspike_train)")
    tau_rise: float = positive(5.0, "ms", "rise time constant of the alpha kernel of the eligibility/error traces")
    tau_decay: float = positive(10.0, "ms", "decay time constant of the alpha kernel of the eligibility/error traces")
    beta: float = param(1.0, units="1/mV", lo=0.0, lo_open=True, hi=1000.0,
                        doc="sharpness beta of the surrogate (1 + beta |U - theta|)^-2")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= "
                             f"v_threshold={self.v_threshold} mV")


def superspike_surrogate(u, theta: float, beta: float):
    """The SuperSpike surrogate derivative sigma'(U) = (1 + beta |U - theta|)^-2 (scalar or numpy array)."""
    return 1.0 / (1.0 + beta * np.abs(np.asarray(u, dtype=float) - theta)) ** 2


@register(
    family="learned-dynamics",
    reference="Zenke & Ganguli 2018, Neural Comput. 30:1514 (SuperSpike: supervised learning in multilayer "
    "spiking neural networks)",
    units="mV, ms",
    primary="input_current",
    sweep=(0.0, 40.0),
)
class SuperSpikeNeuron(Neuron):
    """Leaky integrate-and-fire neuron with the SuperSpike surrogate derivative and eligibility trace.

    Model (Zenke & Ganguli 2018, "SuperSpike: supervised learning in multilayer spiking neural networks",
    Neural Comput. 30:1514-1541). Membrane, integrated exactly for an input held over the step::

        tau_mem dU/dt = (U_rest - U) + I            (I: synaptic drive in mV, the input_current)
        U >= theta  ->  spike, U <- U_reset

    The surrogate derivative is the fast-sigmoid derivative of the paper::

        sigma'(U) = (1 + beta |U - theta|)^-2

    evaluated on the membrane of the step before the reset. The eligibility
    trace of one synapse is the surrogate times the synapse's postsynaptic potential (epsilon * S_j, the input
    ``psp``), filtered by the paper's alpha kernel, implemented as two exponential filters in series (rise
    ``tau_rise``, decay ``tau_decay``, unit DC gain)::

        z      <- z e^(-dt/tau_rise)  + (1 - e^(-dt/tau_rise))  sigma'(U) psp
        lambda <- lambda e^(-dt/tau_decay) + (1 - e^(-dt/tau_decay)) z

    The SuperSpike weight update of that synapse is dw/dt = r e(t) lambda(t), with e = alpha * (S_target - S)
    the filtered output error; :func:`superspike_train` runs it online for a neuron with N input synapses.

    Parameters (legal range, default): ``v_rest`` mV (-60), ``v_threshold`` mV (-50), ``v_reset`` mV (-60,
    < v_threshold), ``tau_mem`` ms (10), ``tau_syn`` ms (5), ``tau_rise`` ms (5), ``tau_decay`` ms (10),
    ``beta`` 1/mV (0, 1000] (1), ``dt`` ms (0, 10] (0.1). The time constants are of the order the paper uses
    (10 ms membrane, 5 ms synapse); I could not check its exact table, so the values here are this model's.
    Inputs: ``input_current`` (mV of drive; ``step(x)``), ``psp`` (the tracked synapse's PSP trace, default
    0). State: ``v``, ``elig_rise`` (z), ``eligibility`` (lambda). Outputs: ``spike`` 0/1, ``surrogate``
    sigma'(U) (value).

    Differences from the seed: the seed's trace filtered the bare surrogate with one exponential and had no
    presynaptic factor and no learning rule; here the eligibility is the paper's (surrogate x PSP, alpha
    kernel) and the online rule is provided and tested.
    """

    Params = SuperSpikeParams
    state_vars = {"v": float, "elig_rise": float, "eligibility": float}
    inputs = (
        Input("input_current", 0.0, "mV", "synaptic drive I (R times the synaptic current)"),
        Input("psp", 0.0, "mV", "postsynaptic potential epsilon * S_j of the synapse whose eligibility is traced"),
    )
    outputs = (Output("spike"), Output("surrogate", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "elig_rise": 0.0, "eligibility": 0.0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.v_rest,
            "v_th": p.v_threshold,
            "v_reset": p.v_reset,
            "d_m": math.exp(-p.dt / p.tau_mem),
            "d_r": math.exp(-p.dt / p.tau_rise),
            "d_d": math.exp(-p.dt / p.tau_decay),
            "beta": p.beta,
        }

    @staticmethod
    def kernel(v, elig_rise, eligibility, input_current, psp, v_rest, v_th, v_reset, d_m, d_r, d_d, beta):
        u = v_rest + (v - v_rest) * d_m + (1.0 - d_m) * input_current
        q = 1.0 + beta * abs(u - v_th)
        sg = 1.0 / (q * q)
        z = elig_rise * d_r + (1.0 - d_r) * sg * psp
        lam = eligibility * d_d + (1.0 - d_d) * z
        if u >= v_th:
            return v_reset, z, lam, 1, sg
        return u, z, lam, 0, sg

    def surrogate(self, u: float | None = None) -> float:
        """sigma'(U) = (1 + beta |U - theta|)^-2 at U (default: the current membrane)."""
        p = self.params
        u = self.v if u is None else u
        return float(superspike_surrogate(u, p.v_threshold, p.beta))


@dataclass
class SuperSpikeResult:
    """What :func:`superspike_train` returns: the final weights, the loss (van Rossum distance) and spike count
    of each epoch, and the output spike train of the last epoch (T,) 0/1."""

    weights: np.ndarray
    loss: np.ndarray
    n_spikes: np.ndarray
    output: np.ndarray


def superspike_train(input_spikes, target, weights, *, epochs: int = 1, learning_rate: float = 0.0,
                     params: SuperSpikeParams | None = None) -> SuperSpikeResult:
    """Run the online SuperSpike rule on one neuron with N synapses (numpy; input spike trains repeat each epoch).

    ``input_spikes`` (T, N) of 0/1, ``target`` (T,) of 0/1, ``weights`` (N,) in mV per unit synaptic current.
    Per step of ``dt``, as in Zenke & Ganguli 2018 (the SuperSpike rule, without the paper's per-parameter
    adaptive learning rates)::

        c_j   <- c_j e^(-dt/tau_syn) + S_j                       synaptic current of input j
        eps_j <- eps_j e^(-dt/tau_mem) + (1 - e^(-dt/tau_mem)) c_j   its PSP (epsilon * S_j)
        U     : the SuperSpikeNeuron step with drive I = w . c      (so U - U_rest = w . eps between resets)
        lambda_j = alpha * [sigma'(U) eps_j],  e = alpha * (S_target - S)   (alpha: the rise/decay cascade)
        w_j   <- w_j + learning_rate * e * lambda_j * dt

    The loss of an epoch is the van Rossum distance sum_t e(t)^2 dt of that epoch. ``learning_rate = 0``
    just simulates. The weights change online, within the epoch.
    """
    p = SuperSpikeParams() if params is None else params
    x = np.asarray(input_spikes, dtype=float)
    tgt = np.asarray(target, dtype=float)
    w = np.array(weights, dtype=float)
    if x.ndim != 2 or tgt.shape != (x.shape[0],) or w.shape != (x.shape[1],):
        raise ValueError(f"input_spikes must be (T, N), target (T,) and weights (N,), got {x.shape}, {tgt.shape}, "
                         f"{w.shape}")
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    if not (math.isfinite(learning_rate) and learning_rate >= 0.0):
        raise ValueError(f"learning_rate must be >= 0 and finite, got {learning_rate!r}")
    k = SuperSpikeNeuron.derive(p)
    d_s = math.exp(-p.dt / p.tau_syn)
    d_m, d_r, d_d = k["d_m"], k["d_r"], k["d_d"]
    T, N = x.shape
    losses, counts = np.empty(epochs), np.empty(epochs, dtype=np.int64)
    out = np.zeros(T, dtype=np.int8)
    for ep in range(epochs):
        c = np.zeros(N)
        eps = np.zeros(N)
        z = np.zeros(N)
        lam = np.zeros(N)
        er1 = er2 = 0.0
        u = p.v_rest
        loss = 0.0
        for t in range(T):
            c = c * d_s + x[t]
            eps = eps * d_m + (1.0 - d_m) * c
            u = p.v_rest + (u - p.v_rest) * d_m + (1.0 - d_m) * float(w @ c)
            q = 1.0 + p.beta * abs(u - p.v_threshold)
            sg = 1.0 / (q * q)
            s = 1 if u >= p.v_threshold else 0
            if s:
                u = p.v_reset
            out[t] = s
            z = z * d_r + (1.0 - d_r) * sg * eps
            lam = lam * d_d + (1.0 - d_d) * z
            er1 = er1 * d_r + (1.0 - d_r) * (tgt[t] - s)
            er2 = er2 * d_d + (1.0 - d_d) * er1
            loss += er2 * er2 * p.dt
            if learning_rate:
                w += learning_rate * er2 * lam * p.dt
        losses[ep] = loss
        counts[ep] = int(out.sum())
    return SuperSpikeResult(w, losses, counts, out.copy())
