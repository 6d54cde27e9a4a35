"""Neuron that fires on the error of its own running prediction of the input (project-designed)."""

from __future__ import annotations

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class PredictiveCodingParams(ParamSet):
    tau: float = positive(10.0, "ms", "membrane time constant")
    tau_pred: float = positive(50.0, "ms", "time constant of the prediction (how fast it learns the input)")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="spike threshold")
    dt: float = positive(1.0, "ms", "time step (<= tau and <= tau_pred)")

    def check(self) -> None:
        if self.dt > min(self.tau, self.tau_pred):
            raise ValueError(f"dt must be <= tau and <= tau_pred (Euler stability), got dt={self.dt}, "
                             f"tau={self.tau}, tau_pred={self.tau_pred}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: predictive coding, Rao & Ballard "
    "1999, Nat. Neurosci. 2:79",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class PredictiveCodingNeuron(Neuron):
    """Leaky integrator driven by the error between the input and a running prediction of it.

    Project-designed model, no external publication (the seed's ``PredictiveCodingNeuron``; the idea of
    signalling prediction errors is that of Rao & Ballard 1999, Nat. Neurosci. 2:79). One explicit-Euler step::

        e  = |I - p|                     (error against the prediction of the previous step)
        p += dt (I - p) / tau_pred       (the prediction: a low-pass copy of the input)
        v += dt (-v + e) / tau
        s  = 1 if v >= theta  (then v <- 0)

    A change of the input makes a transient error that decays with tau_pred, so the neuron answers changes
    with a burst whose length grows with the size of the change, and falls silent under a constant input once
    e < theta (for a step of size D from a learned level, after about tau_pred ln(D / theta)).

    Parameters (legal range, default): ``tau`` ms (10), ``tau_pred`` ms (50), ``theta`` (0, 1000] (1), ``dt``
    ms (1, <= tau, tau_pred). Input: ``input_current`` (``step(x)``). Outputs: ``spike`` 0/1, ``error`` e
    (value). State: ``v``, ``prediction``. Same equations as the seed, with a checked dt.
    """

    Params = PredictiveCodingParams
    state_vars = {"v": float, "prediction": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("spike"), Output("error", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "prediction": 0.0}

    @staticmethod
    def derive(p):
        return {"h": p.dt / p.tau, "hp": p.dt / p.tau_pred, "theta": p.theta}

    @staticmethod
    def kernel(v, prediction, input_current, h, hp, theta):
        err = abs(input_current - prediction)
        pr = prediction + hp * (input_current - prediction)
        vn = v + h * (err - v)
        if vn >= theta:
            return 0.0, pr, 1, err
        return vn, pr, 0, err
