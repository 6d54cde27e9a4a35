"""Neuron whose own recent firing rate slows its integration and whose firing regularity raises its threshold
(project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.registry import register


@params_dataclass
class SelfReferentialParams(ParamSet):
    tau: float = positive(10.0, "ms", "membrane time constant at zero rate")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="threshold of irregular firing")
    target_rate: float = param(0.1, units="spikes/step", lo=0.0, lo_open=True, hi=1.0,
                               doc="rate r* at which the time constant has doubled")
    window: int = param(50, units="steps", lo=2, hi=10000, integer=True,
                        doc="length of the spike history used for the rate and the regularity")
    regularity_gain: float = param(0.5, units="1", lo=0.0, hi=100.0,
                                   doc="threshold increase kappa for perfectly regular firing")
    dt: float = positive(1.0, "ms", "time step (<= tau)")

    def check(self) -> None:
        if self.dt > self.tau:
            raise ValueError(f"dt must be <= tau (Euler stability), got dt={self.dt} > tau={self.tau}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: coefficient of variation of "
    "interspike intervals as a regularity measure, Softky & Koch 1993, J. Neurosci. 13:334",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class SelfReferentialNeuron(Neuron):
    """Leaky integrate-and-fire neuron that reads its own spike history: rate slows it, regularity raises its
    threshold.

    Project-designed model, no external publication (the seed's ``SelfReferentialNeuron``, with the window and
    the regularity-dependent threshold its description promised). The last ``window`` spikes (0/1 per step)
    are kept in a ring buffer. One step, from the history before the step::

        r       = (number of spikes in the window) / window                       (spikes/step)
        rho     = max(0, 1 - CV),  CV = std / mean of the intervals between the spikes in the window
                  (rho = 0 when the window holds fewer than 3 spikes)
        tau_eff = tau (1 + r / r*)
        theta_e = theta (1 + kappa rho)
        v      += dt (-v + I) / tau_eff                                            (explicit Euler)
        s       = 1 if v >= theta_e  (then v <- 0);  s enters the window, the oldest step leaves it

    So a neuron that fires often integrates more slowly, and one that fires like a clock (CV -> 0, rho -> 1)
    raises its threshold by up to the factor 1 + kappa, while irregular firing (CV >= 1, Poisson-like; the
    CV as regularity measure is the classic one, e.g. Softky & Koch 1993, J. Neurosci. 13:334) leaves it at
    theta. A spike is counted for exactly ``window`` steps (the step it occurs in and the window - 1 after).

    Parameters (legal range, default): ``tau`` ms (10), ``theta`` (0, 1000] (1), ``target_rate`` (0, 1]
    spikes/step (0.1), ``window`` integer [2, 10000] (50), ``regularity_gain`` kappa [0, 100] (0.5), ``dt`` ms
    (0, tau] (1). Input: ``input_current`` (``step(x)``). Outputs: ``spike`` 0/1, ``threshold`` theta_e
    (value). State: ``v``, ``history`` (ring buffer of the window), ``head`` (next slot), ``count`` (spikes in
    the window).

    Differences from the seed: the seed ignored ``window`` (hard-coded 50) and had no threshold modulation.
    """

    Params = SelfReferentialParams
    state_vars = {"v": float, "history": Vector(int, "window"), "head": int, "count": int}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("spike"), Output("threshold", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "history": np.zeros(p.window, dtype=np.int64), "head": 0, "count": 0}

    @staticmethod
    def derive(p):
        return {"n_win": p.window, "inv_win": 1.0 / p.window, "tau": p.tau, "dt": p.dt,
                "inv_rstar": 1.0 / p.target_rate, "theta": p.theta, "kappa": p.regularity_gain}

    @staticmethod
    def kernel(v, history, head, count, input_current, n_win, inv_win, tau, dt, inv_rstar, theta, kappa):
        rho = 0.0
        if count >= 3:
            last = -1
            n_isi = 0
            s1 = 0.0
            s2 = 0.0
            for k in range(n_win):  # oldest to newest
                j = head + k
                if j >= n_win:
                    j -= n_win
                if history[j] != 0:
                    if last >= 0:
                        isi = float(k - last)
                        n_isi += 1
                        s1 += isi
                        s2 += isi * isi
                    last = k
            mean = s1 / n_isi
            var = s2 / n_isi - mean * mean
            if var < 0.0:
                var = 0.0
            cv = math.sqrt(var) / mean
            if cv < 1.0:
                rho = 1.0 - cv
        r = count * inv_win
        tau_eff = tau * (1.0 + r * inv_rstar)
        theta_e = theta * (1.0 + kappa * rho)
        vn = v + dt * (input_current - v) / tau_eff
        s = 0
        if vn >= theta_e:
            s = 1
            vn = 0.0
        count = count - history[head] + s
        history[head] = s
        head = head + 1
        if head >= n_win:
            head = 0
        return vn, history, head, count, s, theta_e
