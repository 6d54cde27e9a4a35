"""Non-resetting leaky integrate-and-fire neuron with a moving threshold (the seed's ``NonResettingLIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.models.integrate_and_fire.mat import _steps
from golden.registry import register


@params_dataclass
class NonResettingLIFParams(ParamSet):
    v_rest: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    theta_rest: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="resting threshold (omega)")
    delta_theta: float = param(5.0, units="mV", lo=0.0, lo_open=True, hi=1000.0, doc="threshold jump per spike")
    tau_m: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="membrane time constant")
    tau_theta: float = param(50.0, units="ms", lo=0.0, lo_open=True, hi=10000.0, doc="threshold time constant")
    R: float = param(10.0, units="MOhm", lo=0.0, lo_open=True, hi=10000.0, doc="input resistance")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (no spike)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.theta_rest <= self.v_rest:
            raise ValueError(f"theta_rest must be > v_rest (a neuron at rest must be silent), got theta_rest="
                             f"{self.theta_rest} <= v_rest={self.v_rest} mV")
        _steps("t_ref", self.t_ref, self.dt)


@register(
    family="integrate-and-fire",
    reference="Kobayashi, Tsubo & Shinomoto 2009, Front. Comput. Neurosci. 3:9 (MAT with one threshold time scale)",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class NonResettingLIFNeuron(Neuron):
    """Non-resetting leaky integrator with a single-time-scale moving threshold (the one-kernel MAT model).

    Model (the multi-timescale adaptive threshold model of Kobayashi, Tsubo & Shinomoto 2009, Front. Comput.
    Neurosci. 3:9, with a single threshold kernel, L = 1)::

        tau_m dV/dt = -(V - v_rest) + R I(t)            (V is NOT reset by a spike)
        tau_theta dtheta/dt = -(theta - theta_rest)
        spike when V >= theta (not within t_ref of the previous spike);  then theta <- theta + delta_theta

    The spikes leave the membrane alone: V is the passive (low-pass filtered) input whatever the spike train,
    and the firing is shaped by the threshold alone. For a constant input with ``V_inf = v_rest + R I`` above
    theta_rest, V settles at V_inf and the threshold, kicked to ``V_inf + delta_theta`` at each spike, decays
    back to V_inf in ``T = tau_theta ln(1 + delta_theta / (V_inf - theta_rest))`` (if T > t_ref): the rate is
    set by the threshold dynamics and grows like ``(V_inf - theta_rest) / (tau_theta delta_theta)`` for strong
    input.

    Integration: exact for an input constant over a step (exponential propagators); the threshold test is made
    at the end of each step and the spike reported in that step (time resolution dt). After a spike at step n
    the next one can come at step n + t_ref/dt at the earliest.

    Parameters (units, legal range, default): ``v_rest`` mV [-200, 100] (-65), ``theta_rest`` mV (> v_rest)
    (-50), ``delta_theta`` mV (0, 1000] (5), ``tau_m`` ms (0, 1000] (10), ``tau_theta`` ms (0, 1e4] (50),
    ``R`` MOhm (0, 1e4] (10), ``t_ref`` ms [0, 1000] (2, as in the MAT model; a whole number of steps),
    ``dt`` ms (0, 100] (0.1). Input: ``step(input_current)`` in nA. Output: ``spike`` 0/1. State: ``v``,
    ``theta`` (mV) and the refractory counter ``refractory`` (steps).

    Differences from the seed: exact propagators instead of Euler, a refractory period (the MAT model's), units
    (the seed's resistance 1 with mV-sized currents is replaced by R in MOhm and I in nA). ``MATNeuron`` is the
    two-kernel model of the same paper.
    """

    Params = NonResettingLIFParams
    state_vars = {"v": float, "theta": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "theta": p.theta_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.v_rest,
            "r": p.R,
            "em": math.exp(-p.dt / p.tau_m),
            "theta_rest": p.theta_rest,
            "et": math.exp(-p.dt / p.tau_theta),
            "d_theta": p.delta_theta,
            "ref_steps": _steps("t_ref", p.t_ref, p.dt),
        }

    @staticmethod
    def kernel(v, theta, refractory, input_current, v_rest, r, em, theta_rest, et, d_theta, ref_steps):
        v_inf = v_rest + r * input_current
        v = v_inf + (v - v_inf) * em
        theta = theta_rest + (theta - theta_rest) * et
        if refractory > 0:
            refractory = refractory - 1
        if refractory == 0 and v >= theta:
            return v, theta + d_theta, ref_steps, 1
        return v, theta, refractory, 0
