"""Inhomogeneous Poisson spike generator: the rate follows the input."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class InhomogeneousPoissonParams(ParamSet):
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="bin width (one step)")
    gain: float = param(1.0, units="Hz per input unit", lo=0.0, lo_open=True, hi=1e6,
                        doc="rate per unit of input (1: the input is the rate in Hz)")


@register(
    family="stochastic",
    reference="Dayan & Abbott 2001, Theoretical Neuroscience (MIT Press), ch. 1.4; Cox & Lewis 1966",
    units="Hz, ms",
    primary="rate",
    sweep=(0.0, 500.0),
)
class InhomogeneousPoissonNeuron(Neuron):
    """Inhomogeneous Poisson spike generator: the rate at each step is the input, lambda(t) = max(0, gain r(t)).

    Model (Dayan & Abbott 2001, Theoretical Neuroscience, ch. 1.4): events are independent with time-varying rate
    lambda(t), held constant over each bin of width dt (one step). The output is 1 when the bin holds at least one
    event::

        p_t = 1 - exp(-lambda(t) dt),      spike_t = [u_t < p_t],  u_t ~ U(0, 1) (one draw per step)

    so the expected spike count over a window is sum_t p_t (-> the integrated rate integral lambda dt when
    lambda dt << 1) and its variance sum_t p_t (1 - p_t); counts in disjoint windows are independent. A negative
    rate input is taken as 0 (a rate cannot be negative).

    State: ``age`` (bins since the last spike, an observable). Parameters: ``dt`` ms (0, 1000] (1), ``gain`` Hz
    per input unit (0, 1e6] (1). Input: ``rate`` (Hz when gain = 1). Randomness: one uniform draw per step from
    the neuron's seeded generator (the seed used the global numpy generator); always live.
    """

    Params = InhomogeneousPoissonParams
    state_vars = {"age": int}
    inputs = (Input("rate", 0.0, "Hz", "instantaneous rate lambda(t) (times gain)"),)
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"age": 0}

    @staticmethod
    def derive(p):
        return {"gain_dt": p.gain * p.dt * 1e-3}

    @staticmethod
    def kernel(age, rate, u, gain_dt):
        mean = rate * gain_dt
        if mean < 0.0:
            mean = 0.0
        prob = -math.expm1(-mean)
        if u < prob:
            return 0, 1
        return age + 1, 0
