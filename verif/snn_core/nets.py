"""Networks and input spike trains for the ``snn_core`` checks (cocotb bench and Verilator deep check).

:func:`stress_network` draws raw Q8.8 networks aimed at the corners of the core's arithmetic rather than at useful
behaviour: weights on a coarse grid (multiples of 128) so that ``v_next == threshold`` happens often, a share of
extreme weights (+-32767, -32768) that saturate the accumulator both ways, negative weights throughout, biases and
levels (threshold, v_rest, v_reset) anywhere in the word including the extremes, and a leak per layer from
{1, 256, random}. With leak 256 (``v_next = v_rest + I``) neurons 0 and 1 get the bias that puts ``v_next``
exactly on the threshold and one below it whenever they receive no input. :func:`random_trains` draws input
spike trains whose rate changes per sample from {0, 2 %, 10 %, 30 %, 70 %, 100 %}, so steps without any input
and steps with every input both occur.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from golden.export.memfiles import write_export
from golden.export.q88 import QuantLayer, QuantNetwork
from golden.fixed.snn_core_unit import rtl_params

RATES = (0.0, 0.02, 0.1, 0.3, 0.7, 1.0)


def stress_layer(rng: np.random.Generator, n_in: int, n_out: int, leak: int | None = None) -> QuantLayer:
    grid = 128
    thr = int(rng.choice([int(rng.integers(1, 32)) * grid, int(rng.integers(-4, 4)) * grid, 32767,
                          int(rng.integers(-32768, 32768))], p=[0.6, 0.15, 0.1, 0.15]))
    scale = max(abs(thr), 256) / max(np.sqrt(n_in * 0.3), 1.0)
    w = (np.rint(rng.normal(0.1 * scale, scale, (n_out, n_in)) / grid) * grid).astype(np.int64)
    p_ext = float(rng.choice([0.005, 0.02, 0.05]))  # share of extreme weights (saturate the sum both ways)
    extreme = rng.random((n_out, n_in)) / p_ext
    w[extreme < 0.4] = 32767
    w[(extreme >= 0.4) & (extreme < 0.8)] = -32768
    odd = (extreme >= 0.8) & (extreme < 1.0)
    w[odd] = rng.integers(-32768, 32768, int(odd.sum()))
    w = np.clip(w, -32768, 32767)
    b = (np.rint(rng.normal(0.0, 0.2 * abs(thr) + 16, n_out) / grid) * grid).astype(np.int64)
    b[rng.random(n_out) < 0.05] = 32767
    b[rng.random(n_out) < 0.05] = -32768
    b = np.clip(b, -32768, 32767)
    if leak is None:
        leak = int(rng.choice([1, 256, int(rng.integers(1, 257))]))
    v_rest = int(rng.choice([0, int(rng.integers(-16, 16)) * grid, int(rng.integers(-32768, 32768))],
                            p=[0.4, 0.45, 0.15]))
    v_reset = int(rng.choice([0, int(rng.integers(-16, 1)) * grid, -32768, int(rng.integers(-32768, 32768))],
                             p=[0.4, 0.4, 0.1, 0.1]))
    if leak == 256 and n_out >= 2:
        # v_next = v_rest + I: on a step without input, neuron 0 lands exactly on the threshold, neuron 1 one below
        for i, d in ((0, 0), (1, 1)):
            if -32768 <= thr - v_rest - d <= 32767:
                b[i] = thr - v_rest - d
    return QuantLayer(weight=w, bias=b, leak=leak, threshold=thr, v_rest=v_rest, v_reset=v_reset)


def stress_network(seed: int, shape: tuple[int, ...], timesteps: int,
                   leaks: tuple[int | None, ...] | None = None) -> QuantNetwork:
    """A raw network of ``shape`` = (n_in, n_1, ..., n_L) drawn from ``seed`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    leaks = leaks or (None,) * (len(shape) - 1)
    layers = tuple(stress_layer(rng, a, b, lk) for a, b, lk in zip(shape[:-1], shape[1:], leaks, strict=True))
    return QuantNetwork(layers, timesteps=timesteps, name=f"stress_{seed}_{'x'.join(map(str, shape))}")


def random_trains(rng: np.random.Generator, n_samples: int, timesteps: int, n_in: int) -> np.ndarray:
    """(n_samples, timesteps, n_in) uint8 input spikes; each sample has its own rate from :data:`RATES`."""
    rate = np.asarray(RATES)[rng.integers(0, len(RATES), n_samples)]
    # within a sample, some steps are silent and some saturated
    per_step = np.broadcast_to(rate[:, None], (n_samples, timesteps)).copy()
    r = rng.random((n_samples, timesteps))
    per_step[r < 0.05] = 0.0
    per_step[r > 0.97] = 1.0
    return (rng.random((n_samples, timesteps, n_in)) < per_step[:, :, None]).astype(np.uint8)


def write_network(net: QuantNetwork, directory: str | Path) -> Path:
    """Write ``net`` as an export directory (:func:`golden.export.memfiles.write_export`); returns it."""
    d = Path(directory)
    write_export(net, d)
    return d


def sim_parameters(net: QuantNetwork, export_dir: str | Path | None, use_spram: bool = False) -> dict:
    """The RTL parameters for a simulator command line: the string parameter quoted for -P / -G."""
    p = rtl_params(net, None if use_spram else export_dir, use_spram=use_spram)
    if "ExportDir" in p:
        p["ExportDir"] = f'"{p["ExportDir"]}"'
    return p
