"""Generalized linear model (GLM) spiking neuron (Pillow et al. 2008): stimulus filter, spike-history filter,
exponential nonlinearity, conditionally Poisson spiking per bin."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.registry import register

ETA_MAX = 50.0  # log-intensity cap: exp(50) Hz already makes every bin certain to spike


@params_dataclass
class GLMParams(ParamSet):
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="bin width (one step)")
    mu: float = param(math.log(20.0), units="ln Hz", lo=-20.0, hi=20.0, doc="constant (baseline) log intensity")
    n_k: int = param(20, units="bins", lo=1, hi=100_000, integer=True, doc="stimulus filter length")
    k_gain: float = param(1.0, units="ln Hz per stimulus unit", lo=-100.0, hi=100.0,
                          doc="stimulus filter gain (its sum over taps, for a long filter)")
    k_tau: float = param(5.0, units="ms", lo=0.0, lo_open=True, hi=1e5, doc="stimulus filter time constant")
    n_h: int = param(50, units="bins", lo=1, hi=100_000, integer=True, doc="spike-history filter length")
    h_amp: float = param(-5.0, units="ln Hz", lo=-100.0, hi=100.0, doc="fast history component at lag 1")
    h_tau: float = param(2.0, units="ms", lo=0.0, lo_open=True, hi=1e5, doc="fast history time constant")
    h2_amp: float = param(0.0, units="ln Hz", lo=-100.0, hi=100.0, doc="slow history component at lag 1")
    h2_tau: float = param(20.0, units="ms", lo=0.0, lo_open=True, hi=1e5, doc="slow history time constant")


def filters(p: GLMParams) -> tuple[np.ndarray, np.ndarray]:
    """(k, h): k[j] weights the stimulus j bins ago (j = 0..n_k-1), h[j] the spike j+1 bins ago (j = 0..n_h-1).

    k[j] = k_gain (dt/k_tau) exp(-j dt/k_tau) (a low-pass of area ~ k_gain);
    h[j] = h_amp exp(-j dt/h_tau) + h2_amp exp(-j dt/h2_tau).
    """
    jk = np.arange(p.n_k, dtype=np.float64)
    jh = np.arange(p.n_h, dtype=np.float64)
    k = p.k_gain * (p.dt / p.k_tau) * np.exp(-jk * p.dt / p.k_tau)
    h = p.h_amp * np.exp(-jh * p.dt / p.h_tau) + p.h2_amp * np.exp(-jh * p.dt / p.h2_tau)
    return np.ascontiguousarray(k), np.ascontiguousarray(h)


@register(
    family="stochastic",
    reference="Pillow et al. 2008, Nature 454:995; Truccolo et al. 2005, J. Neurophysiol. 93:1074",
    units="Hz, ms (stimulus in arbitrary units)",
    primary="stimulus",
    sweep=(-2.0, 6.0),
)
class GLMNeuron(Neuron):
    """Point-process GLM: lambda(t) = exp(mu + (k * stimulus)(t) + (h * spikes)(t)), conditionally Poisson spiking.

    Model (Pillow et al. 2008, Nature 454:995, one neuron without coupling filters; Truccolo et al. 2005,
    J. Neurophysiol. 93:1074)::

        lambda(t) = exp( mu + sum_{j=0}^{n_k-1} k[j] x(t - j) + sum_{j=1}^{n_h} h[j-1] r(t - j) )     (Hz)
        P(spike in bin t | past) = 1 - exp(-lambda(t) dt)

    x is the stimulus (input ``stimulus``, one value per bin, the current bin included), r the neuron's own
    spike train (strictly past bins). The history filter h feeds the neuron's spikes back: a negative h makes
    the neuron refractory, a positive one makes it burst. Both filters act on real memory buffers (vector states
    ``x_hist`` and ``r_hist``, the last n_k stimulus values and n_h spike bins, newest first), not on decaying
    traces, so any filter shape could be loaded; here they are parametric (see :func:`filters`): a low-pass
    stimulus filter and a two-exponential history filter (the paper fits raised-cosine bases to retinal data;
    its fitted filters are not reproduced). The defaults (baseline 20 Hz, history -5 at lag 1 decaying with 2
    ms) are illustrative.

    The spike of a bin is 1 when the conditionally Poisson count in the bin is >= 1, decided by one uniform
    draw per step (``u``) from the neuron's seeded generator. The log intensity is capped at 50 (exp(50) Hz;
    every bin spikes long before). Outputs: ``spike`` 0/1 and ``intensity`` = lambda(t) in Hz, the conditional
    intensity the bin's spike was drawn from.

    Parameters: ``dt`` ms (0, 100] (1), ``mu`` ln Hz (ln 20), ``n_k`` bins (20), ``k_gain`` (1), ``k_tau`` ms (5),
    ``n_h`` bins (50), ``h_amp`` (-5), ``h_tau`` ms (2), ``h2_amp`` (0), ``h2_tau`` ms (20).

    Differences from the seed: seeded randomness, p = 1 - exp(-lambda dt) (a probability for any lambda), the
    intensity exposed as an output, the stimulus bin t included in the stimulus filter.
    """

    Params = GLMParams
    state_vars = {"x_hist": Vector(float, "n_k"), "r_hist": Vector(float, "n_h")}
    inputs = (Input("stimulus", 0.0, "", "stimulus value of this bin"),)
    outputs = (Output("spike"), Output("intensity", "rate", np.float64))
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"x_hist": np.zeros(p.n_k), "r_hist": np.zeros(p.n_h)}

    @staticmethod
    def derive(p):
        k, h = filters(p)
        return {"mu": p.mu, "kf": k, "hf": h, "n_k": p.n_k, "n_h": p.n_h, "dt_s": p.dt * 1e-3, "eta_max": ETA_MAX}

    @staticmethod
    def kernel(x_hist, r_hist, stimulus, u, mu, kf, hf, n_k, n_h, dt_s, eta_max):
        for j in range(n_k - 1, 0, -1):  # shift the stimulus history; x_hist[0] = this bin
            x_hist[j] = x_hist[j - 1]
        x_hist[0] = stimulus
        eta = mu
        for j in range(n_k):
            eta += kf[j] * x_hist[j]
        for j in range(n_h):  # r_hist[0] = the previous bin's spike
            eta += hf[j] * r_hist[j]
        if eta > eta_max:
            eta = eta_max
        lam = math.exp(eta)
        spike = 1 if u < -math.expm1(-lam * dt_s) else 0
        for j in range(n_h - 1, 0, -1):
            r_hist[j] = r_hist[j - 1]
        r_hist[0] = float(spike)
        return x_hist, r_hist, spike, lam
