"""Leaky integrate-and-fire neuron with escape noise (exponential hazard), Gerstner et al. 2014 ch. 9."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.models.rate_population._common import steps_of
from golden.registry import register


@params_dataclass
class EscapeRateParams(ParamSet):
    u_rest: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    u_reset: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential after a spike")
    theta: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="soft threshold of the hazard")
    tau_m: float = positive(10.0, "ms", "membrane time constant")
    rho_0: float = positive(1.0, "1/ms", "hazard at u = theta (1/tau_0)")
    delta_u: float = positive(2.0, "mV", "softness of the threshold")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (u held at u_reset)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        steps_of("t_ref", self.t_ref, self.dt)


@register(
    family="rate-and-population",
    reference="Gerstner, Kistler, Naud & Paninski 2014, Neuronal Dynamics (Cambridge Univ. Press) ch. 9.1",
    units="mV, ms (input: the drive R I in mV)",
    primary="input_current",
    sweep=(0.0, 40.0),
)
class EscapeRateNeuron(Neuron):
    """Leaky integrate-and-fire neuron with escape noise: spikes are emitted stochastically with a voltage hazard.

    Model (Gerstner, Kistler, Naud & Paninski 2014, Neuronal Dynamics, ch. 9.1, eqs. 9.6-9.11; exponential
    escape rate)::

        tau_m du/dt = -(u - u_rest) + R I(t)
        rho(u) = rho_0 exp((u - theta)/delta_u)
        P(spike in [t, t + dt]) = 1 - exp(-rho(u) dt)        (after a spike: u <- u_reset, refractory t_ref)

    Integration: the membrane is updated exactly for a drive constant over the step; the hazard is evaluated at
    the updated potential, and a spike is emitted when a uniform draw u < 1 - exp(-rho dt) (the exact
    probability for a hazard constant over the step, not the first-order rho dt). The uniform number comes from
    the neuron's own generator (``seed=``). The exponent is clamped at 700 (P = 1 there).

    Parameters (illustrative defaults, Neuronal Dynamics uses the same form without a single table):
    ``u_rest`` -65 mV, ``u_reset`` -65 mV, ``theta`` -50 mV, ``tau_m`` 10 ms, ``rho_0`` 1/ms, ``delta_u`` 2 mV,
    ``t_ref`` 2 ms (a whole number of steps), ``dt`` 0.1 ms. Input ``input_current``: R I in mV. Outputs:
    ``spike`` (0/1) and ``hazard`` (kind 'rate', Hz: rho(u) after the update, the instantaneous firing
    intensity). Differences from the seed: per-instance seeded noise, exact spike probability.
    """

    Params = EscapeRateParams
    state_vars = {"u": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "mV", "drive R I"),)
    outputs = (Output("spike"), Output("hazard", "rate", float))
    randoms = {"x": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"u": p.u_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        return {"u_rest": p.u_rest, "u_reset": p.u_reset, "theta": p.theta, "em": math.exp(-p.dt / p.tau_m),
                "rho_0": p.rho_0, "inv_du": 1.0 / p.delta_u, "dt": p.dt, "ref_steps": steps_of("t_ref", p.t_ref, p.dt)}

    @staticmethod
    def kernel(u, refractory, input_current, x, u_rest, u_reset, theta, em, rho_0, inv_du, dt, ref_steps):
        if refractory > 0:
            return u_reset, refractory - 1, 0, 0.0
        u_inf = u_rest + input_current
        u = u_inf + (u - u_inf) * em
        rho = rho_0 * math.exp(min((u - theta) * inv_du, 700.0))
        if x < -math.expm1(-rho * dt):
            return u_reset, ref_steps, 1, 1000.0 * rho
        return u, 0, 0, 1000.0 * rho
