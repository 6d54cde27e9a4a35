"""Homogeneous Poisson spike generator (binned), with an additive rate input."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class PoissonParams(ParamSet):
    rate: float = param(20.0, units="Hz", lo=0.0, hi=1e5, doc="rate of the process (input 0)")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="bin width (one step)")


def bin_probability(rate_hz: float, dt_ms: float) -> float:
    """Probability that a Poisson process of ``rate_hz`` has at least one event in a bin of ``dt_ms``."""
    return -math.expm1(-max(rate_hz, 0.0) * dt_ms * 1e-3)


@register(
    family="stochastic",
    reference="Dayan & Abbott 2001, Theoretical Neuroscience (MIT Press), ch. 1.4; Cox 1962, Renewal Theory",
    units="Hz, ms",
    primary="input_rate",
    sweep=(-20.0, 500.0),
)
class PoissonNeuron(Neuron):
    """Poisson spike generator: a homogeneous Poisson process of rate ``rate``, observed in bins of ``dt``.

    Model (the Poisson spike-train model, Dayan & Abbott 2001, Theoretical Neuroscience, ch. 1.4): events occur
    independently at rate lambda = max(0, rate + input_rate) (Hz). One step is one bin of width dt; the output is
    1 when the bin holds at least one event::

        p = P(N(dt) >= 1) = 1 - exp(-lambda dt),      spike = [u < p],  u ~ U(0, 1) (one draw per step)

    This is the exact binning of a continuous-time Poisson process (no lambda dt <= 1 restriction); as a binary
    train it is a Bernoulli process, so its statistics are those of Bernoulli trials: rate p/dt (-> lambda as
    dt -> 0), inter-spike intervals geometric with mean dt/p and CV sqrt(1 - p), spike-count Fano factor 1 - p
    (both -> 1, the Poisson values, as p -> 0).

    With ``input_rate`` left at 0 the process is homogeneous; the input shifts the rate (a negative total is
    taken as 0), which is what lets a population sweep it. ``InhomogeneousPoissonNeuron`` is the model whose
    rate IS its input.

    State: ``age`` (bins since the last spike; the renewal age, which for a Poisson process does not change the
    hazard; kept as the observable for ISI statistics). Parameters: ``rate`` Hz [0, 1e5] (20), ``dt`` ms (0,
    1000] (1). Randomness: one uniform draw per step (``u``) from the neuron's seeded generator; the model has no
    deterministic mode (its randomness is always live).

    Differences from the seed: per-instance seeded randomness (the seed used an unseeded generator), p = 1 -
    exp(-lambda dt) instead of lambda dt (no probability above 1), and an additive rate input instead of an
    override with a magic value -1.
    """

    Params = PoissonParams
    state_vars = {"age": int}
    inputs = (Input("input_rate", 0.0, "Hz", "added to the rate parameter"),)
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"age": 0}

    @staticmethod
    def derive(p):
        return {"rate": p.rate, "dt_s": p.dt * 1e-3}

    @staticmethod
    def kernel(age, input_rate, u, rate, dt_s):
        lam = rate + input_rate
        if lam < 0.0:
            lam = 0.0
        prob = -math.expm1(-lam * dt_s)
        if u < prob:
            return 0, 1
        return age + 1, 0
