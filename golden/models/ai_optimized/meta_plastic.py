"""Leaky integrate-and-fire neuron whose threshold learns from reward at a rate set by a meta-learner
(project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class MetaPlasticParams(ParamSet):
    tau: float = positive(10.0, "ms", "membrane time constant")
    tau_meta: float = positive(500.0, "ms", "time constant of the running average of |reward prediction error|")
    tau_elig: float = positive(20.0, "ms", "time constant of the spike eligibility trace")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="initial threshold")
    theta_min: float = param(0.1, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="lowest threshold")
    theta_max: float = param(10.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="highest threshold")
    lr0: float = param(0.01, units="1", lo=0.0, hi=1.0, doc="largest meta learning rate")
    kappa: float = param(5.0, units="1", lo=0.0, hi=1000.0, doc="slope of the meta learning rate's sigmoid")
    target_error: float = param(0.3, units="a.u.", lo=0.0, hi=1000.0,
                                doc="average |error| e* at which the meta learning rate is lr0 / 2")
    threshold_gain: float = param(1.0, units="1", lo=0.0, hi=1000.0,
                                  doc="threshold change per unit (learning rate x error x eligibility)")
    dt: float = positive(1.0, "ms", "time step (<= tau)")

    def check(self) -> None:
        if self.dt > self.tau:
            raise ValueError(f"dt must be <= tau (Euler stability), got dt={self.dt} > tau={self.tau}")
        if not self.theta_min <= self.theta <= self.theta_max:
            raise ValueError(f"theta must lie in [theta_min, theta_max] = [{self.theta_min}, {self.theta_max}], "
                             f"got theta={self.theta}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: metaplasticity, Abraham & Bear "
    "1996, Trends Neurosci. 19:126; reward prediction error, Schultz, Dayan & Montague 1997, Science 275:1593",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class MetaPlasticNeuron(Neuron):
    """Leaky integrate-and-fire neuron with a reward-learned threshold whose learning rate is itself adapted.

    Project-designed model, no external publication (the seed's ``MetaPlasticNeuron``, whose meta learning
    rate did not touch the spiking; here it sets how fast the threshold learns). Metaplasticity, the
    plasticity of plasticity, is the idea of Abraham & Bear 1996 (Trends Neurosci. 19:126); the reward
    prediction error that of Schultz, Dayan & Montague 1997 (Science 275:1593). One step::

        v  += dt (-v + I) / tau;    s = 1 if v >= theta_t (then v <- 0)          (explicit Euler)
        z   = z e^(-dt/tau_elig) + s                                            (eligibility of recent spikes)
        d   = R - R_hat                                                          (reward prediction error)
        E  += dt (-E + |d|) / tau_meta                                           (average surprise)
        eta = lr0 sigmoid(kappa (E - e*))                                        (meta learning rate)
        R_hat   += eta d
        theta_t  = clip(theta_t - threshold_gain eta d z, theta_min, theta_max)

    A reward above expectation after spikes lowers the threshold (the neuron fires more), one below raises it;
    the size of each change is proportional to eta, so in a surprising environment (E > e*) the threshold,
    and with it the firing, adapts faster than in a predictable one. With ``reward`` left at 0 and R_hat = 0
    nothing is learned and the neuron is a plain LIF with threshold ``theta``.

    Parameters (legal range, default): ``tau`` ms (10), ``tau_meta`` ms (500), ``tau_elig`` ms (20),
    ``theta`` (1) in [``theta_min`` (0.1), ``theta_max`` (10)], ``lr0`` [0, 1] (0.01), ``kappa`` (5),
    ``target_error`` e* (0.3), ``threshold_gain`` (1), ``dt`` ms (0, tau] (1). Inputs: ``input_current``
    (``step(x)``), ``reward`` R (0). Outputs: ``spike`` 0/1, ``meta_lr`` eta (value). State: ``v``,
    ``threshold``, ``elig``, ``error_trace`` E, ``expected_reward`` R_hat.
    """

    Params = MetaPlasticParams
    state_vars = {"v": float, "threshold": float, "elig": float, "error_trace": float, "expected_reward": float}
    inputs = (
        Input("input_current", 0.0, "a.u.", "input I"),
        Input("reward", 0.0, "a.u.", "reward R delivered at this step"),
    )
    outputs = (Output("spike"), Output("meta_lr", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "threshold": p.theta, "elig": 0.0, "error_trace": 0.0, "expected_reward": 0.0}

    @staticmethod
    def derive(p):
        return {"h": p.dt / p.tau, "hm": p.dt / p.tau_meta, "d_z": math.exp(-p.dt / p.tau_elig),
                "lr0": p.lr0, "kappa": p.kappa, "e_star": p.target_error, "k_th": p.threshold_gain,
                "th_min": p.theta_min, "th_max": p.theta_max}

    @staticmethod
    def kernel(v, threshold, elig, error_trace, expected_reward, input_current, reward, h, hm, d_z, lr0, kappa,
               e_star, k_th, th_min, th_max):
        vn = v + h * (input_current - v)
        s = 0
        if vn >= threshold:
            s = 1
            vn = 0.0
        z = elig * d_z + s
        d = reward - expected_reward
        et = error_trace + hm * (abs(d) - error_trace)
        q = kappa * (et - e_star)
        if q >= 0.0:
            eta = lr0 / (1.0 + math.exp(-q))
        else:
            e = math.exp(q)
            eta = lr0 * e / (1.0 + e)
        rh = expected_reward + eta * d
        th = threshold - k_th * eta * d * z
        th = min(max(th, th_min), th_max)
        return vn, th, z, et, rh, s, eta
