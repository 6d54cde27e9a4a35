"""Leaky integrator with a learned sigmoid gate on its input (project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class AttentionGatedParams(ParamSet):
    w_key: float = param(1.0, units="1/a.u.", lo=-100.0, hi=100.0, doc="initial gate weight on the input")
    w_query: float = param(0.5, units="1/a.u.", lo=-100.0, hi=100.0, doc="initial gate weight on the membrane")
    tau: float = positive(10.0, "ms", "membrane time constant")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="spike threshold")
    learning_rate: float = param(0.01, units="1", lo=0.0, hi=100.0, doc="learning rate eta of the gate weights")
    target_rate: float = param(0.05, units="spikes/step", lo=0.0, hi=1.0, doc="firing rate r* the gate steers to")
    w_bound: float = param(10.0, units="1/a.u.", lo=0.0, lo_open=True, hi=1000.0,
                           doc="gate weights are clipped to [-w_bound, w_bound]")
    dt: float = positive(1.0, "ms", "time step (<= tau)")

    def check(self) -> None:
        if self.dt > self.tau:
            raise ValueError(f"dt must be <= tau (Euler stability), got dt={self.dt} > tau={self.tau}")
        for name in ("w_key", "w_query"):
            if abs(getattr(self, name)) > self.w_bound:
                raise ValueError(f"{name} must lie in [-w_bound, w_bound] = [{-self.w_bound}, {self.w_bound}], "
                                 f"got {name}={getattr(self, name)}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: multiplicative input gates, "
    "Hochreiter & Schmidhuber 1997, Neural Comput. 9:1735",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(-2.0, 10.0),
)
class AttentionGatedNeuron(Neuron):
    """Leaky integrate-and-fire neuron whose input passes a sigmoid gate with learned key and query weights.

    Project-designed model, no external publication (the seed's ``AttentionGatedNeuron``; multiplicative gates
    as in Hochreiter & Schmidhuber 1997, Neural Comput. 9:1735). One step::

        g   = sigmoid(w_k I + w_q v)                          (gate from the input, "key", and the membrane,
        v' += dt (-v + g I) / tau                              "query"; explicit Euler)
        s   = 1 if v' >= theta  (then v' <- 0)
        w_k += eta (r* - s) g (1 - g) I I                     (local learning rule of the gate)
        w_q += eta (r* - s) g (1 - g) v I                     (both clipped to [-w_bound, w_bound])

    The rule is local (input, membrane, gate and own spike) and has a stated goal: g (1 - g) I (I, v) is the
    gradient of the gated drive g I with respect to (w_k, w_q), so the gate opens (more drive) while the neuron
    fires below the target rate r* and closes while it fires above: the weights move in the direction that
    brings the firing rate toward r*. With ``learning_rate`` = 0 the gate is fixed (the seed's model).

    Parameters (legal range, default): ``w_key`` (1) and ``w_query`` (0.5), initial weights in
    [-w_bound, w_bound]; ``tau`` ms (10); ``theta`` (0, 1000] (1); ``learning_rate`` [0, 100] (0.01);
    ``target_rate`` [0, 1] spikes/step (0.05); ``w_bound`` (0, 1000] (10); ``dt`` ms (0, tau] (1). Input:
    ``input_current`` (``step(x)``). Outputs: ``spike`` 0/1, ``gate`` g (value). State: ``v``, ``w_key``,
    ``w_query`` (the learned weights, restored by ``reset_state``).
    """

    Params = AttentionGatedParams
    state_vars = {"v": float, "w_key": float, "w_query": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("spike"), Output("gate", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "w_key": p.w_key, "w_query": p.w_query}

    @staticmethod
    def derive(p):
        return {"h": p.dt / p.tau, "theta": p.theta, "eta": p.learning_rate, "r_star": p.target_rate,
                "w_max": p.w_bound}

    @staticmethod
    def kernel(v, w_key, w_query, input_current, h, theta, eta, r_star, w_max):
        z = w_key * input_current + w_query * v
        if z >= 0.0:
            g = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            g = e / (1.0 + e)
        vn = v + h * (g * input_current - v)
        s = 0
        if vn >= theta:
            s = 1
            vn = 0.0
        k = eta * (r_star - s) * g * (1.0 - g) * input_current
        wk = w_key + k * input_current
        wq = w_query + k * v
        wk = min(max(wk, -w_max), w_max)
        wq = min(max(wq, -w_max), w_max)
        return vn, wk, wq, s, g
