"""Leaky integrate-and-fire neuron driven by white noise, Brunel & Hakim 1999 (the seed's ``StochasticIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.models.integrate_and_fire.mat import _steps
from golden.registry import register


@params_dataclass
class StochasticIFParams(ParamSet):
    v_rest: float = param(0.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential (the paper measures V from it)")
    v_threshold: float = param(20.0, units="mV", lo=-200.0, hi=100.0, doc="firing threshold theta")
    v_reset: float = param(10.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential V_r")
    tau_m: float = param(20.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="membrane time constant")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="refractory period tau_rp (V held at v_reset)")
    mu: float = param(0.0, units="mV", lo=-1000.0, hi=1000.0, doc="constant mean drive (added to the input)")
    sigma: float = param(5.0, units="mV", lo=0.0, hi=1000.0, doc="noise amplitude (stationary std is sigma/sqrt 2)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= "
                             f"v_threshold={self.v_threshold} mV")
        _steps("t_ref", self.t_ref, self.dt)


@register(
    family="integrate-and-fire",
    reference="Brunel & Hakim 1999, Neural Comput. 11:1621; Brunel 2000, J. Comput. Neurosci. 8:183",
    units="mV, ms (input: the drive R*I in mV)",
    primary="input_current",
    sweep=(-20.0, 60.0),
    quiet_params={"sigma": 0.0},
)
class StochasticIFNeuron(Neuron):
    """Leaky integrate-and-fire neuron with a white-noise input (diffusion approximation), exact OU update.

    Model (Brunel & Hakim 1999, Neural Comput. 11:1621, the single neuron of their network; Brunel 2000,
    J. Comput. Neurosci. 8:183)::

        tau dV/dt = -(V - v_rest) + mu + I(t) + sigma sqrt(tau) eta(t)     (eta: unit Gaussian white noise)
        V >= theta  ->  spike, V <- V_r, V held at V_r for tau_rp

    The mean first-passage time gives the stationary rate (Brunel & Hakim 1999; Siegert 1951)::

        1/nu = tau_rp + tau sqrt(pi) Int_{(V_r - m)/sigma}^{(theta - m)/sigma} e^{u^2} (1 + erf u) du,
        m = v_rest + mu + I

    Integration: the membrane is an Ornstein-Uhlenbeck process, updated exactly in distribution for an input
    constant over a step: ``V <- V_inf + (V - V_inf) e^{-dt/tau} + sigma sqrt((1 - e^{-2 dt/tau})/2) xi`` with
    xi ~ N(0, 1). A threshold test at the end of the steps alone misses the excursions above theta between
    two steps (a rate bias of order sqrt(dt)); so, when both ends lie below theta, a spike is also emitted with
    the probability that the Brownian bridge between them crossed theta, ``exp(-2 tau (theta - V_0)(theta -
    V_1) / (sigma^2 dt))`` (Mannella 1999, Phys. Lett. A 254:257; drift neglected inside the step), using a
    second, uniform draw. Each step draws one normal (``xi``) and one uniform (``u``) number from the neuron's
    own generators (seeded by ``seed=``); with sigma = 0 the model is the deterministic LIF.

    Parameters (units, legal range, default): ``v_rest`` mV [-200, 100] (0), ``v_threshold`` mV (20),
    ``v_reset`` mV (< v_threshold) (10), ``tau_m`` ms (0, 1000] (20), ``t_ref`` ms [0, 1000] (2; a whole
    number of steps), ``mu`` mV [-1000, 1000] (0), ``sigma`` mV [0, 1000] (5), ``dt`` ms (0, 100] (0.1).
    theta, V_r, tau and tau_rp are those of Brunel & Hakim 1999. Input: ``step(input_current)``, the drive
    R*I expressed in mV (added to mu). Output: ``spike`` 0/1. State: ``v`` (mV), ``refractory`` (steps).

    Differences from the seed: per-instance seeded noise instead of the global numpy generator, the exact OU
    update instead of Euler-Maruyama, the bridge correction, the refractory period of the paper.
    """

    Params = StochasticIFParams
    state_vars = {"v": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "mV", "drive R*I"),)
    randoms = {"xi": "normal", "u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        em = math.exp(-p.dt / p.tau_m)
        var_step = p.sigma * p.sigma * p.dt  # (the bridge's diffusion over a step) * tau
        return {
            "v_rest": p.v_rest,
            "mu": p.mu,
            "v_th": p.v_threshold,
            "v_reset": p.v_reset,
            "em": em,
            "sd": p.sigma * math.sqrt(0.5 * (1.0 - em * em)),
            "bridge": -2.0 * p.tau_m / var_step if var_step > 0.0 else -math.inf,
            "ref_steps": _steps("t_ref", p.t_ref, p.dt),
        }

    @staticmethod
    def noise_active(p):
        return p.sigma > 0.0

    @staticmethod
    def kernel(v, refractory, input_current, xi, u, v_rest, mu, v_th, v_reset, em, sd, bridge, ref_steps):
        if refractory > 0:
            return v_reset, refractory - 1, 0
        v_inf = v_rest + mu + input_current
        v_new = v_inf + (v - v_inf) * em + sd * xi
        if v_new >= v_th:
            return v_reset, ref_steps, 1
        if u < math.exp(bridge * (v_th - v) * (v_th - v_new)):  # the path crossed theta between the two ends
            return v_reset, ref_steps, 1
        return v_new, refractory, 0
