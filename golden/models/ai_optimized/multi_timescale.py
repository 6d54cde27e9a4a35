"""Neuron with fast, medium and slow traces; the slow trace of its own firing lowers its threshold
(project-designed)."""

from __future__ import annotations

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class MultiTimescaleParams(ParamSet):
    tau_fast: float = positive(5.0, "ms", "time constant of the fast (membrane) trace")
    tau_medium: float = positive(200.0, "ms", "time constant of the medium (rate) trace")
    tau_slow: float = positive(10000.0, "ms", "time constant of the slow (memory) trace")
    alpha: float = param(10.0, units="1", lo=0.0, hi=1000.0, doc="gain of spikes into the medium trace")
    beta: float = param(0.05, units="1", lo=0.0, hi=1000.0, doc="gain of the medium trace into the slow trace")
    gamma: float = param(0.3, units="1", lo=0.0, hi=1000.0, doc="threshold reduction per unit slow trace")
    theta_base: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="threshold with no memory")
    dt: float = positive(1.0, "ms", "time step (<= tau_fast)")

    def check(self) -> None:
        if self.dt > self.tau_fast:
            raise ValueError(f"dt must be <= tau_fast (Euler stability), got dt={self.dt} > tau_fast={self.tau_fast}")
        floor = self.theta_base - self.gamma * self.beta * self.alpha / self.dt
        if floor <= 0.0:
            raise ValueError(f"theta_base - gamma * beta * alpha / dt must be > 0 (the lowest reachable threshold), "
                             f"got {floor} with theta_base={self.theta_base}, gamma={self.gamma}, beta={self.beta}, "
                             f"alpha={self.alpha}, dt={self.dt}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: spiking neurons with slow threshold "
    "adaptation for memory, Bellec et al. 2018, NeurIPS (long short-term memory in spiking networks)",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class MultiTimescaleNeuron(Neuron):
    """Leaky integrator with medium and slow traces of its own spikes; the slow trace lowers the threshold.

    Project-designed model, no external publication (the seed's ``MultiTimescaleNeuron``; slow threshold
    dynamics as a memory are in the spirit of Bellec et al. 2018, NeurIPS, where the threshold moves the
    other way). One explicit-Euler step of ``dt``::

        v_f   += dt (-v_f + I) / tau_fast
        theta  = theta_base - gamma v_s
        s      = 1 if v_f >= theta  (then v_f <- 0)
        v_m   += dt (-v_m + alpha s / dt) / tau_medium      (v_m -> alpha x firing rate in spikes/ms)
        v_s   += dt (-v_s + beta v_m) / tau_slow

    The threshold is tested with the slow trace of the previous step. Because v_f relaxes to I, a naive neuron
    is silent for I < theta_base; after a period of firing the slow trace (time constant tau_slow = 10 s)
    lowers the threshold, so the same sub-threshold input now drives spikes: a memory of past activity that
    fades with tau_slow. The threshold never falls below theta_base - gamma beta alpha / dt (checked > 0).

    Parameters (legal range, default): ``tau_fast`` ms (5), ``tau_medium`` ms (200), ``tau_slow`` ms (10000),
    ``alpha`` [0, 1000] (10), ``beta`` [0, 1000] (0.05), ``gamma`` [0, 1000] (0.3), ``theta_base`` (0, 1000]
    (1), ``dt`` ms (0, tau_fast] (1). Input: ``input_current`` (``step(x)``). Outputs: ``spike`` 0/1,
    ``threshold`` (value, the theta of the step).

    Differences from the seed: spikes enter the medium trace as alpha s / dt (a rate, so dt does not change
    the trace's steady state; identical at dt = 1), the threshold floor is checked, the threshold is an output.
    """

    Params = MultiTimescaleParams
    state_vars = {"v_fast": float, "v_medium": float, "v_slow": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("spike"), Output("threshold", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v_fast": 0.0, "v_medium": 0.0, "v_slow": 0.0}

    @staticmethod
    def derive(p):
        return {"hf": p.dt / p.tau_fast, "hm": p.dt / p.tau_medium, "hs": p.dt / p.tau_slow,
                "a_rate": p.alpha / p.dt, "beta": p.beta, "gamma": p.gamma, "theta_b": p.theta_base}

    @staticmethod
    def kernel(v_fast, v_medium, v_slow, input_current, hf, hm, hs, a_rate, beta, gamma, theta_b):
        vf = v_fast + hf * (input_current - v_fast)
        theta = theta_b - gamma * v_slow
        s = 0
        if vf >= theta:
            s = 1
            vf = 0.0
        vm = v_medium + hm * (a_rate * s - v_medium)
        vs = v_slow + hs * (beta * vm - v_slow)
        return vf, vm, vs, s, theta
