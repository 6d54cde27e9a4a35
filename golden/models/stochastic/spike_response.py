"""Spike response model (Gerstner): refractory kernel eta plus a response kernel applied to the input history;
SRM0 as a selectable special case; optional escape noise."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Vector
from golden.registry import register

EXP_MAX = 50.0  # cap of the escape-rate exponent


@params_dataclass
class SpikeResponseParams(ParamSet):
    tau_m: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=1e4, doc="membrane time constant of kappa")
    tau_syn: float = param(0.0, units="ms", lo=0.0, hi=1e4, doc="synaptic time constant of kappa (0 = none)")
    R: float = param(10.0, units="MOhm", lo=0.0, lo_open=True, hi=1e4, doc="input resistance (kappa's area)")
    theta: float = param(10.0, units="mV", lo=0.0, lo_open=True, hi=1000.0, doc="threshold above rest")
    eta0: float = param(-5.0, units="mV", lo=-1000.0, hi=1000.0, doc="refractory kernel at the spike time")
    tau_eta: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=1e4, doc="refractory kernel decay")
    memory: int = param(200, units="steps", lo=1, hi=1_000_000, integer=True, doc="length of the input history")
    srm0: int = param(0, lo=0, hi=1, integer=True,
                      doc="1 = SRM0 (kappa ignores the last spike), 0 = full SRM (kappa restarts at each spike)")
    delta_u: float = param(0.0, units="mV", lo=0.0, hi=1000.0, doc="escape-noise width (0 = sharp threshold)")
    rho0: float = param(1000.0, units="Hz", lo=0.0, lo_open=True, hi=1e6, doc="escape rate at threshold")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.tau_syn > 0.0 and abs(self.tau_syn - self.tau_m) <= 1e-9 * self.tau_m:
            raise ValueError(f"tau_syn must differ from tau_m (the kernel is written for distinct time constants), "
                             f"got tau_syn={self.tau_syn} = tau_m={self.tau_m} ms")


def response_kernel(p: SpikeResponseParams) -> np.ndarray:
    """kappa[j] = R * integral over [j dt, (j+1) dt] of the impulse response eps(s) (mV per nA).

    eps(s) = exp(-s/tau_m)/tau_m without a synapse; (exp(-s/tau_m) - exp(-s/tau_syn))/(tau_m - tau_syn) with one,
    the response of tau_m du/dt = -u + R I_syn, tau_syn dI_syn/dt = -I_syn + I to a unit charge. For an input held
    constant over each step, sum_j kappa[j] I(t - j) is then the exact potential (up to the finite memory).
    """
    j = np.arange(p.memory, dtype=np.float64)
    h, tm, ts = p.dt, p.tau_m, p.tau_syn
    part_m = np.exp(-j * h / tm) * -math.expm1(-h / tm)
    if ts == 0.0:
        return np.ascontiguousarray(p.R * part_m)
    part_s = np.exp(-j * h / ts) * -math.expm1(-h / ts)
    return np.ascontiguousarray(p.R * (tm * part_m - ts * part_s) / (tm - ts))


@register(
    family="stochastic",
    reference="Gerstner 1995, Phys. Rev. E 51:738; Gerstner & Kistler 2002, Spiking Neuron Models, ch. 4.2 and 5.3",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 5.0),
    noise_params={"delta_u": 1.0},
)
class SpikeResponseNeuron(Neuron):
    """Spike response model: u(t) = eta(t - t_hat) + sum over the input history of kappa, threshold or escape noise.

    Model (Gerstner 1995, Phys. Rev. E 51:738; Gerstner & Kistler 2002, Spiking Neuron Models, ch. 4.2), u
    measured from rest, t_hat the last spike time::

        u(t) = eta(t - t_hat) + sum_{j=0}^{W-1} kappa[j] I(t - j)
        eta(s) = eta0 exp(-s / tau_eta)                        (refractory kernel; 0 before the first spike)
        full SRM: W = min(t - t_hat, memory)                   (kappa(t - t_hat, s) = kappa(s) H(t - t_hat - s):
                                                                input before the last spike is forgotten)
        SRM0 (``srm0 = 1``): W = memory                        (kappa does not depend on t - t_hat)
        spike when u(t) >= theta (delta_u = 0), or with probability 1 - exp(-rho(u) dt),
        rho(u) = rho0 exp((u - theta) / delta_u)               (escape noise, ch. 5.3)

    kappa is the response kernel integrated over each step (see :func:`response_kernel`): a membrane filter of
    time constant tau_m, optionally preceded by a synaptic filter tau_syn. The input history is a real memory
    buffer (vector state ``i_hist``, the last ``memory`` input values, newest first), so the PSP of every past
    input is summed, not only the current input's. With tau_syn = 0, eta0 = u_reset and tau_eta = tau_m the full
    SRM is exactly the leaky integrate-and-fire neuron with reset to u_reset (Gerstner & Kistler 2002, ch.
    4.2.1), for the inputs the memory covers; SRM0 equals the full model until the first spike and keeps the
    pre-spike input afterwards.

    State: ``u`` (mV, the potential of the last step, before any spike), ``age`` (steps since the last spike, -1
    before the first), ``i_hist`` (nA). Parameters: ``tau_m`` ms (10), ``tau_syn`` ms (0), ``R`` MOhm (10),
    ``theta`` mV (10), ``eta0`` mV (-5), ``tau_eta`` ms (10), ``memory`` steps (200 = 10 tau_m), ``srm0`` 0/1
    (0), ``delta_u`` mV (0), ``rho0`` Hz (1000), ``dt`` ms (0.5). Randomness: one uniform draw per step (``u_draw``),
    live when delta_u > 0.

    Differences from the seed, whose potential held only the current input (no PSP memory): the kernel acts on
    the whole input history, the full SRM forgets the pre-spike input, SRM0 is selectable, escape noise optional.
    """

    Params = SpikeResponseParams
    state_vars = {"u": float, "age": int, "i_hist": Vector(float, "memory")}
    inputs = (Input("input_current", 0.0, "nA", "input current I of this step"),)
    randoms = {"u_draw": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"u": 0.0, "age": -1, "i_hist": np.zeros(p.memory)}

    @staticmethod
    def derive(p):
        return {"kappa": response_kernel(p), "memory": p.memory, "srm0": p.srm0, "theta": p.theta,
                "eta0": p.eta0, "eta_decay": p.dt / p.tau_eta, "delta_u": p.delta_u,
                "rho_dt": p.rho0 * p.dt * 1e-3, "exp_max": EXP_MAX}

    @staticmethod
    def noise_active(p):
        return p.delta_u > 0.0

    @staticmethod
    def kernel(u, age, i_hist, input_current, u_draw, kappa, memory, srm0, theta, eta0, eta_decay, delta_u, rho_dt,
               exp_max):
        for j in range(memory - 1, 0, -1):  # shift the input history; i_hist[0] = this step's input
            i_hist[j] = i_hist[j - 1]
        i_hist[0] = input_current
        window = memory
        eta = 0.0
        if age >= 0:
            age = age + 1
            eta = eta0 * math.exp(-age * eta_decay)
            if srm0 == 0 and age < memory:
                window = age
        u_new = eta
        for j in range(window):
            u_new += kappa[j] * i_hist[j]
        if delta_u > 0.0:
            z = (u_new - theta) / delta_u
            if z > exp_max:
                z = exp_max
            spike = 1 if u_draw < -math.expm1(-rho_dt * math.exp(z)) else 0
        else:
            spike = 1 if u_new >= theta else 0
        if spike == 1:
            age = 0
        return u_new, age, i_hist, spike
