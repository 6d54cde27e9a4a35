"""Sigmoidal firing-rate unit (Wilson & Cowan 1972; Dayan & Abbott 2001, ch. 7)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.models.rate_population._common import relax_factor
from golden.registry import register


@params_dataclass
class SigmoidRateParams(ParamSet):
    tau: float = param(10.0, units="ms", lo=0.0, hi=1e4, doc="rate time constant (0: instantaneous, r = F(I))")
    r_max: float = positive(100.0, "Hz", "maximal rate (the sigmoid's upper asymptote)")
    beta: float = param(1.0, units="1/input", lo=0.0, lo_open=True, hi=1e3, doc="gain (slope at theta: r_max beta/4)")
    theta: float = param(0.0, units="input", lo=-1e4, hi=1e4, doc="input at half-maximal rate")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")


@register(
    family="rate-and-population",
    reference="Wilson & Cowan 1972, Biophys. J. 12:1; Dayan & Abbott 2001, Theoretical Neuroscience (MIT Press) "
    "ch. 7.2",
    units="ms, Hz (input in arbitrary units)",
    primary="input_current",
    sweep=(-10.0, 10.0),
)
class SigmoidRateNeuron(Neuron):
    """Firing-rate unit with a logistic activation function relaxing with one time constant.

    Model (the firing-rate approximation of Dayan & Abbott 2001, Theoretical Neuroscience, MIT Press, ch. 7.2,
    eq. 7.10, with the logistic response function used by Wilson & Cowan 1972, Biophys. J. 12:1-24)::

        tau dr/dt = -r + F(I),     F(I) = r_max / (1 + exp(-beta (I - theta)))

    Integration: exact for an input constant over a step (exponential Euler),
    ``r <- F(I) + (r - F(I)) exp(-dt/tau)``; ``tau = 0`` gives the memoryless unit r = F(I). The logistic is
    evaluated in its overflow-free form on both sides of theta. r stays in [0, r_max] for any input.

    Parameters: ``tau`` ms [0, 1e4] (10), ``r_max`` Hz > 0 (100), ``beta`` (0, 1e3] per input unit (1),
    ``theta`` [-1e4, 1e4] (0), ``dt`` ms (0, 100] (0.1). The defaults are illustrative (no table of either
    reference is reproduced). Input ``input_current`` (arbitrary units, the argument of F). State and output
    ``rate`` (kind 'rate', Hz). Differences from the seed: the seed had no r_max, integrated with forward Euler
    and overflowed ``exp`` for large negative inputs.
    """

    Params = SigmoidRateParams
    state_vars = {"r": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("rate", "rate", float),)

    @staticmethod
    def initial_state(p):
        return {"r": 0.0}

    @staticmethod
    def derive(p):
        return {"decay": relax_factor(p.dt, p.tau), "r_max": p.r_max, "beta": p.beta, "theta": p.theta}

    @staticmethod
    def kernel(r, input_current, decay, r_max, beta, theta):
        z = beta * (input_current - theta)
        if z >= 0.0:
            f = r_max / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            f = r_max * e / (1.0 + e)
        r = f + (r - f) * decay
        return r, r
