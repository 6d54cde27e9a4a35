"""Neurogrid's silicon soma: the quadratic integrate-and-fire neuron, integrated exactly."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class NeuroGridParams(ParamSet):
    tau_soma: float = positive(20.0, units="ms", doc="soma membrane time constant")
    v_max: float = param(10.0, units="1 (normalised)", lo=1.0, lo_open=True,
                         doc="spike cut-off of the quadratic upstroke (> 1, the unstable fixed point at rheobase)")
    v_reset: float = param(0.0, units="1 (normalised)", doc="reset value after a spike (< v_max)")
    t_ref: float = param(1.0, units="ms", lo=0.0, doc="refractory period (v held at v_reset)")
    dt: float = positive(0.1, units="ms", doc="time step")

    def check(self) -> None:
        if self.v_reset >= self.v_max:
            raise ValueError(f"v_reset must be < v_max, got v_reset={self.v_reset} >= v_max={self.v_max}")


def qif_period(u: float, p: NeuroGridParams) -> float:
    """Closed-form time (ms) from v_reset to v_max under constant input u > 1/2 (no refractory period).

    ``tau dv/dt = ((v - 1)^2 + s^2) / 2`` with ``s = sqrt(2u - 1)``: ``T = 2 tau / s [atan((v_max - 1)/s) -
    atan((v_reset - 1)/s)]``; for u -> 1/2+ the rate rises as ``sqrt(u - 1/2)`` (type-I excitability).
    """
    if u <= 0.5:
        return math.inf
    s = math.sqrt(2.0 * u - 1.0)
    return 2.0 * p.tau_soma / s * (math.atan((p.v_max - 1.0) / s) - math.atan((p.v_reset - 1.0) / s))


@register(
    family="hardware",
    reference="Benjamin et al. 2014, Proc. IEEE 102:699 (Neurogrid); soma after Arthur & Boahen, quadratic "
    "integrate-and-fire (Ermentrout 1996, Neural Comput. 8:979)",
    units="dimensionless membrane variable and input (rheobase u = 1/2); time in ms",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class NeuroGridNeuron(Neuron):
    """Neurogrid soma (Benjamin et al. 2014, Proc. IEEE 102:699): quadratic integrate-and-fire, exact stepping.

    Neurogrid's somas are subthreshold-analog circuits implementing a quadratic integrate-and-fire neuron, a
    model of type-I (class 1) excitability; in the normalised form used here (our normalisation: v and u
    dimensionless, rest at 0, rheobase at 1/2)::

        tau_soma dv/dt = -v + v^2 / 2 + u,     u = input_current + i_dend
        v >= v_max:  spike;  v = v_reset;  v held at v_reset for t_ref

    The fixed points ``v = 1 -+ sqrt(1 - 2u)`` merge at the rheobase ``u = 1/2`` (saddle-node on invariant
    circle): above it the neuron fires periodically with a rate that starts at zero and grows as
    ``sqrt(u - 1/2)`` (:func:`qif_period` gives the period in closed form).

    Integration: with u constant over a step, the equation ``tau dw/dt = (w^2 + c) / 2`` (``w = v - 1``,
    ``c = 2u - 1``) is solved EXACTLY: ``w = s tan(atan(w0/s) + s dt / (2 tau))`` for c = s^2 > 0, the tanh /
    coth solutions for c = -s^2 < 0 and ``w0 / (1 - w0 dt / (2 tau))`` for c = 0; the spike is detected
    exactly (the time to reach v_max is compared with dt), so there is no forward-Euler blow-up near the
    upstroke and no step-size dependent threshold. The reset happens at the end of the step in which v_max is
    reached.

    Inputs: ``input_current`` u (the seed's ``step(current)``), ``i_dend`` (default 0): the current the
    shared-dendrite (diffusor) network delivers to this soma, computed outside the single-neuron model.
    Output spike 0/1. Parameters: ``tau_soma`` 20 ms, ``v_max`` 10 (> 1), ``v_reset`` 0 (< v_max), ``t_ref``
    1 ms, ``dt`` 0.1 ms; these values are illustrative, chosen by us (the paper's chip parameters are set by
    bias currents and were not available to us as numbers). The membrane and the input are dimensionless:
    v = 0 is rest and the rheobase is u = 1/2. The seed modelled the soma as an exponential I&F coupled to a
    leaky dendrite, not as the published quadratic soma.
    """

    Params = NeuroGridParams
    state_vars = {"v": float, "refractory": int}
    inputs = (
        Input("input_current", 0.0, "1 (normalised)", "soma input u"),
        Input("i_dend", 0.0, "1 (normalised)", "input from the shared dendrite"),
    )
    speculate = False

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        return {"k": p.dt / (2.0 * p.tau_soma), "w_max": p.v_max - 1.0, "v_reset": p.v_reset,
                "ref_steps": int(round(p.t_ref / p.dt))}

    @staticmethod
    def kernel(v, refractory, input_current, i_dend, k, w_max, v_reset, ref_steps):
        if refractory > 0:
            return v_reset, refractory - 1, 0
        w0 = v - 1.0
        c = 2.0 * (input_current + i_dend) - 1.0
        if c > 1e-12:
            s = math.sqrt(c)
            a0 = math.atan(w0 / s)
            if (math.atan(w_max / s) - a0) <= s * k:
                return v_reset, ref_steps, 1
            return 1.0 + s * math.tan(a0 + s * k), refractory, 0
        if c < -1e-12:
            s = math.sqrt(-c)
            if w0 > s:
                b0 = 0.5 * math.log((w0 + s) / (w0 - s))
                bmax = 0.5 * math.log((w_max + s) / (w_max - s))
                if b0 - bmax <= s * k:
                    return v_reset, ref_steps, 1
                return 1.0 - s / math.tanh(s * k - b0), refractory, 0
            if w0 < -s:
                b0 = 0.5 * math.log((w0 - s) / (w0 + s))
                return 1.0 - s / math.tanh(s * k + b0), refractory, 0
            if w0 == s or w0 == -s:
                return v, refractory, 0
            return 1.0 - s * math.tanh(s * k + math.atanh(-w0 / s)), refractory, 0
        if w0 > 0.0 and (1.0 / w0 - 1.0 / w_max) <= k:
            return v_reset, ref_steps, 1
        return 1.0 + w0 / (1.0 - w0 * k), refractory, 0
