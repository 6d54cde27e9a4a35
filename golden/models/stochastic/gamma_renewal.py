"""Gamma (Erlang) renewal spike generator: every k-th event of a Poisson process of rate k r."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

MAX_MEAN = 700.0  # largest Poisson mean per bin the inversion handles (exp(-700) is still a normal float)


@params_dataclass
class GammaRenewalParams(ParamSet):
    rate: float = param(20.0, units="Hz", lo=0.0, hi=1e4, doc="firing rate r (1 / mean ISI) at input 0")
    k: int = param(3, lo=1, hi=100, integer=True, doc="shape of the gamma ISI distribution (1 = Poisson)")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="bin width (one step)")


@register(
    family="stochastic",
    reference="Cox 1962, Renewal Theory (Methuen); Gerstner et al. 2014, Neuronal Dynamics, sec. 7.5",
    units="Hz, ms",
    primary="input_rate",
    sweep=(-20.0, 300.0),
)
class GammaRenewalNeuron(Neuron):
    """Gamma renewal process of integer shape k and rate r: interspike intervals ~ Gamma(k, scale 1/(k r)).

    Model (a renewal process, Cox 1962, Renewal Theory; Gerstner et al. 2014, Neuronal Dynamics, sec. 7.5): the
    intervals are independent, gamma distributed with shape k and mean 1/r, so CV = 1/sqrt(k) (k = 1 is the
    Poisson process, large k a nearly regular train). For integer k (the Erlang case) the process is built
    exactly as every k-th event of a Poisson process of rate k r: the state ``stage`` counts the hidden events
    since the last spike. One step is one bin of dt::

        N ~ Poisson(k r dt)   (inverted from one uniform draw u)
        stage += N;  spike if stage >= k, then stage -= k * floor(stage / k)

    The rate is r(t) = max(0, rate + input_rate); a time-varying input gives the time-rescaled (inhomogeneous)
    gamma process. The train starts at a spike (stage 0): an ordinary, not an equilibrium, renewal process.
    If more than one spike falls into one bin (r dt not small) they are reported as one and the phase
    (stage mod k) is kept. Poisson means above 700 per bin are clipped (every bin then spikes anyway).

    Parameters: ``rate`` Hz [0, 1e4] (20), ``k`` integer [1, 100] (3), ``dt`` ms (0, 1000] (1). Randomness: one
    uniform draw per step (``u``) from the neuron's seeded generator; always live.

    Differences from the seed: the seed evaluated the gamma hazard from a survival series with an unseeded
    generator; this is the exact Erlang construction with seeded draws, and a rate input instead of an override
    with a magic value -1. Non-integer shapes are not offered (they need the incomplete gamma function).
    """

    Params = GammaRenewalParams
    state_vars = {"stage": int}
    inputs = (Input("input_rate", 0.0, "Hz", "added to the rate parameter"),)
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"stage": 0}

    @staticmethod
    def derive(p):
        return {"rate": p.rate, "k": p.k, "kdt": p.k * p.dt * 1e-3, "max_mean": MAX_MEAN}

    @staticmethod
    def kernel(stage, input_rate, u, rate, k, kdt, max_mean):
        r = rate + input_rate
        if r < 0.0:
            r = 0.0
        mean = r * kdt
        if mean > max_mean:
            mean = max_mean
        # inversion of the Poisson distribution: the smallest n with P(N <= n) > u
        term = math.exp(-mean)
        cdf = term
        n = 0
        while u >= cdf and n < 100000:
            n += 1
            term = term * mean / n
            cdf += term
            if term == 0.0 and n > mean:
                break
        total = stage + n
        if total >= k:
            return total % k, 1
        return total, 0
