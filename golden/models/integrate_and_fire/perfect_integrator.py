"""Perfect (non-leaky) integrate-and-fire neuron, integrated exactly (the seed's ``PerfectIntegratorNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class PerfectIntegratorParams(ParamSet):
    C: float = positive(100.0, "pF", "membrane capacitance")
    v_threshold: float = param(20.0, units="mV", lo=-200.0, hi=200.0, doc="firing threshold (fires when v >= it)")
    v_reset: float = param(0.0, units="mV", lo=-200.0, hi=200.0, doc="potential after a spike")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= "
                             f"v_threshold={self.v_threshold} mV")


@register(
    family="integrate-and-fire",
    reference="Gerstein & Mandelbrot 1964, Biophys. J. 4:41; Gerstner & Kistler 2002, Spiking Neuron Models "
    "(CUP), ch. 4",
    units="mV, pA, pF, ms",
    primary="input_current",
    sweep=(0.0, 20000.0),
)
class PerfectIntegratorNeuron(Neuron):
    """Perfect (non-leaky) integrate-and-fire neuron, exact for piecewise-constant input.

    Model (the integrate-and-fire neuron without leak: Gerstein & Mandelbrot 1964, Biophys. J. 4:41, whose
    random-walk neuron is this integrator driven by noise; Gerstner & Kistler 2002, Spiking Neuron Models,
    ch. 4, the integrate-and-fire model in the limit tau_m -> infinity)::

        C dv/dt = I(t)
        v >= v_threshold  ->  spike, v <- v_reset

    For a constant I > 0 the interval between spikes is ``C (v_threshold - v_reset) / I``: the f-I curve is the
    straight line ``f = I / (C (v_threshold - v_reset))`` through the origin (no rheobase, no saturation other
    than the time grid).

    Integration: ``v += I dt / C`` is exact. The reset is applied at the crossing time: after a crossing inside
    a step the neuron integrates from v_reset for the rest of the step, which for this linear model is
    ``v <- v - (v_threshold - v_reset)``. So the phase is never lost at a reset and the spike count over a
    time T is ``I T / (C (v_threshold - v_reset))`` up to one spike, for any dt. The spike is reported in the
    step in which the crossing happens. At most one spike per step is reported: for
    ``I dt / C > v_threshold - v_reset`` (I > 20000 pA at the defaults) v stays on the exact trajectory (it is
    reduced modulo ``v_threshold - v_reset``) but the output saturates at one spike per step. A negative input
    drives v down without bound, as in the model (there is no leak and no lower barrier).

    Parameters (units, legal range, default): ``C`` pF > 0 (100), ``v_threshold`` mV [-200, 200] (20),
    ``v_reset`` mV (< v_threshold) (0), ``dt`` ms (0, 100] (0.1). The potential is measured from the reset
    level. Input: ``step(input_current)`` in pA. Output: ``spike`` 0/1.

    Differences from the seed: the seed reset to v_reset and lost the overshoot, which makes the rate depend on
    dt (it is ``1/(dt ceil(C theta/(I dt)))``); physical units.
    """

    Params = PerfectIntegratorParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "pA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_reset}

    @staticmethod
    def derive(p):
        return {"gain": p.dt / p.C, "v_th": p.v_threshold, "v_reset": p.v_reset,
                "span": p.v_threshold - p.v_reset}

    @staticmethod
    def kernel(v, input_current, gain, v_th, v_reset, span):
        v = v + input_current * gain
        if v >= v_th:
            v = v - span
            if v >= v_th:  # more than one crossing in this step: keep the exact phase, report one spike
                d = v - v_reset
                v = v_reset + (d - span * math.floor(d / span))
            return v, 1
        return v, 0
