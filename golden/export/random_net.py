"""Seeded random networks and input spike trains (RTL tests of the network core, float-vs-Q8.8 checks).

:func:`random_spec` draws a network that is scaled to be active but not saturated: with inputs firing at about
``rate`` per step, each layer's weights have mean and spread chosen so that the mean drive of a neuron is a
fraction of its threshold per step and its fluctuation is comparable, so neurons fire at intermediate rates rather
than never or every step. Values are drawn off the Q8.8 grid (so quantisation is exercised) and kept well inside
Q8.8's range (so it never raises). Everything comes from one ``numpy.random.Generator`` seeded by ``seed``.
"""

from __future__ import annotations

import numpy as np

from golden.export.network import LIFLayerSpec, NetworkSpec


def random_spec(seed: int, shape: tuple[int, ...] = (64, 32, 10), timesteps: int = 32, rate: float = 0.3,
                dt: float = 1e-3, name: str | None = None) -> NetworkSpec:
    """A random ``shape`` = (n_in, n_1, ..., n_L) network; per layer leak in [0.05, 0.3], threshold in
    [0.75, 1.5], v_rest in [-0.1, 0.1], v_reset in [-0.25, 0], small biases."""
    if len(shape) < 2 or any(int(n) < 1 for n in shape):
        raise ValueError(f"shape must be (n_in, n_1, ..., n_L) with L >= 1 and every size >= 1, got {shape}")
    if not 0.0 < rate <= 1.0:
        raise ValueError(f"rate must be in (0, 1], got {rate}")
    rng = np.random.default_rng(seed)
    layers = []
    p = rate
    for n_in, n_out in zip(shape[:-1], shape[1:], strict=True):
        leak = float(rng.uniform(0.05, 0.3))
        threshold = float(rng.uniform(0.75, 1.5))
        active = max(n_in * p, 1.0)  # expected number of input spikes per step
        mean = 0.4 * leak * threshold / active  # mean drive: 40 % of the level that holds v at threshold
        spread = 1.2 * threshold / np.sqrt(active)  # one step's fluctuation ~ the threshold
        weight = rng.normal(mean, spread, size=(n_out, n_in))
        layers.append(LIFLayerSpec(
            weight=weight, leak=leak, threshold=threshold, v_rest=float(rng.uniform(-0.1, 0.1)),
            v_reset=float(rng.uniform(-0.25, 0.0)), bias=rng.normal(0.0, 0.05 * threshold, size=n_out),
        ))
        p = 0.2  # the hidden layers fire at roughly this rate with the scaling above
    return NetworkSpec(tuple(layers), timesteps=timesteps, dt=dt, name=name or f"random_{seed}",
                       meta={"generator": "golden.export.random_net.random_spec", "seed": seed,
                             "shape": [int(n) for n in shape], "rate": rate})


def random_stimulus(seed: int, n_samples: int, timesteps: int, n_in: int, rate: float = 0.3) -> np.ndarray:
    """Bernoulli input spikes (n_samples, timesteps, n_in) of 0/1, each input with its own rate in [0, 2 rate]."""
    rng = np.random.default_rng(seed)
    rates = np.clip(rng.uniform(0.0, 2.0 * rate, size=(n_samples, 1, n_in)), 0.0, 1.0)
    return (rng.random((n_samples, timesteps, n_in)) < rates).astype(np.uint8)
