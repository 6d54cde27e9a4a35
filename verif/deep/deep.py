"""Verilator deep checks: >= 10M cycles of golden-made random stimulus per unit, outputs compared bit-true.

Why: an event-driven simulator under cocotb is far too slow for tens of millions of cycles, and cocotb does
not work with Verilator 5.006. A deep check therefore drives the RTL from a plain Verilator C++ harness
(``tb_<unit>.cpp``, several million cycles per second) that only applies stimulus and records outputs, and
keeps every decision on the Python side:

1. stimulus: :func:`generate` builds constrained-random stimulus from a seed (a mixture of segment kinds, so
   that every corner happens; the golden model is in the loop where a corner needs the state, e.g. the
   exact-threshold cycles of ``nrn_lif`` and ``nrn_lif_lite``) and writes it to a binary file (format: ``deep_io.h``);
2. build: :func:`build` runs ``verilator --cc --exe --build`` once per content hash of everything that goes
   into the binary and caches it in ``build/deep/<unit>/<key>/``;
3. simulate: the harness records every registered output after every clock edge (and, in each reset cycle,
   the outputs after the asynchronous reset edge but before the clock edge);
4. model: the bit-true model (``golden.fixed``) runs on the same stimulus while the simulator runs;
5. compare: every output of every cycle is compared on raw integers; mismatches are counted and the first
   few reported with inputs, RTL and model values; the corners are counted from the model's state and the
   run fails when one was not hit often enough.

Parameters of a unit are written once, in :data:`PARAM_SETS` (RTL names, passed with ``-G``); the model is
built from the same dict. A failure reproduces from the printed seed::

    python -m verif.deep.deep --unit nrn_lif --params alt --cycles 10000000 --seed 1234
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import inspect
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from golden.fixed.lfsr import LFSR16_SEED, LFSR16_TAPS, Lfsr, sng_bits, sng_delay, sng_pipeline_stages
from golden.fixed.lif_lite import FixedPointLIFLiteNeuron
from golden.fixed.lif_q88 import FixedPointLIFNeuron
from verif.common.rtl import BUILD, INCLUDE, require, sources, waivers

HERE = Path(__file__).resolve().parent
DEEP_BUILD = BUILD / "deep"
UNITS = ("nrn_lif", "nrn_lif_lite", "sc_lfsr", "sc_sng")
DEFAULT_CYCLES = 10_000_000
RESET_RATE = 1e-4  # probability per cycle that rst_ni is pulled low in the middle of a run
KEEP_BUILDS = 8  # cached builds kept per unit (parameter sets and mutants each have their own)
SHOW_MISMATCHES = 8
MAGIC = b"NRNDEEP1"
MAKE_FLAGS = "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"  # Verilator's default -Os is slower to run

# ----------------------------------------------------------------------------------------------------------
# parameters: written once, used for the RTL (-G) and the model

PARAM_SETS: dict[str, dict[str, dict[str, int]]] = {
    "nrn_lif": {
        "default": {"DataWidth": 16, "FracBits": 8, "VRest": 0, "VReset": 0, "VThreshold": 256,
                    "RefractoryCycles": 2},
        "alt": {"DataWidth": 16, "FracBits": 8, "VRest": -64, "VReset": -128, "VThreshold": 300,
                "RefractoryCycles": 5},
    },
    "nrn_lif_lite": {
        "default": {"DataWidth": 16, "FracBits": 8, "VRest": 0, "VReset": 0, "VThreshold": 256,
                    "RefractoryCycles": 2, "LeakShiftWidth": 4, "GainShift": 0, "Gain2Shift": -1, "Gain2Sign": 0},
        # gain 2 - 1/2 = 1.5 (shift-add, subtract), VRest with zero low bits up to shift 6
        "alt": {"DataWidth": 16, "FracBits": 8, "VRest": -64, "VReset": -128, "VThreshold": 300,
                "RefractoryCycles": 5, "LeakShiftWidth": 4, "GainShift": 1, "Gain2Shift": -1, "Gain2Sign": -1},
        # gain 1/4 + 1/32 (both terms floored), an odd VRest (the leak's borrow compares nonzero low bits),
        # a one-cycle refractory period
        "odd": {"DataWidth": 16, "FracBits": 8, "VRest": 37, "VReset": -63, "VThreshold": 500,
                "RefractoryCycles": 1, "LeakShiftWidth": 4, "GainShift": -2, "Gain2Shift": -5, "Gain2Sign": 1},
    },
    "sc_lfsr": {"default": {"Width": 16, "Taps": LFSR16_TAPS, "Seed": LFSR16_SEED}},
    # default: the RTL's PipelineStages (1, the split comparator); direct: the single-register comparator
    "sc_sng": {"default": {"Width": 16, "Taps": LFSR16_TAPS, "Seed": LFSR16_SEED},
               "direct": {"Width": 16, "Taps": LFSR16_TAPS, "Seed": LFSR16_SEED, "PipelineStages": 0}},
}

# nrn_lif RTL parameter -> FixedPointLIFNeuron parameter
LIF_MODEL_NAMES = {"DataWidth": "data_width", "FracBits": "fraction", "VRest": "v_rest", "VReset": "v_reset",
                   "VThreshold": "v_threshold", "RefractoryCycles": "refractory_period"}


def lif_model(params: dict[str, int]) -> FixedPointLIFNeuron:
    """The bit-true model of ``nrn_lif`` for an RTL parameter dict."""
    unknown = set(params) - set(LIF_MODEL_NAMES)
    if unknown:
        raise KeyError(f"nrn_lif parameters {sorted(unknown)} have no model counterpart; "
                       f"known: {list(LIF_MODEL_NAMES)}")
    return FixedPointLIFNeuron(**{LIF_MODEL_NAMES[k]: v for k, v in params.items()})


# nrn_lif_lite RTL parameter -> FixedPointLIFLiteNeuron parameter
LIF_LITE_MODEL_NAMES = {**LIF_MODEL_NAMES, "LeakShiftWidth": "leak_shift_width", "GainShift": "gain_shift",
                        "Gain2Shift": "gain2_shift", "Gain2Sign": "gain2_sign"}


def lif_lite_model(params: dict[str, int]) -> FixedPointLIFLiteNeuron:
    """The bit-true model of ``nrn_lif_lite`` for an RTL parameter dict."""
    unknown = set(params) - set(LIF_LITE_MODEL_NAMES)
    if unknown:
        raise KeyError(f"nrn_lif_lite parameters {sorted(unknown)} have no model counterpart; "
                       f"known: {list(LIF_LITE_MODEL_NAMES)}")
    return FixedPointLIFLiteNeuron(**{LIF_LITE_MODEL_NAMES[k]: v for k, v in params.items()})


def lfsr_model(params: dict[str, int]) -> Lfsr:
    """The bit-true model of ``sc_lfsr`` (and of the LFSR inside ``sc_sng``) for an RTL parameter dict."""
    return Lfsr(width=params["Width"], taps=params["Taps"], seed=params["Seed"])


# ----------------------------------------------------------------------------------------------------------
# file layout (must match tb_<unit>.cpp): stimulus columns, output columns, async-reset columns


@dataclass(frozen=True)
class Layout:
    """Column names and dtypes of a unit's stimulus, per-cycle output and reset-edge output blocks."""

    stim: tuple[tuple[str, str], ...]
    out: tuple[tuple[str, str], ...]
    at_reset: tuple[tuple[str, str], ...]


LAYOUTS = {
    "nrn_lif": Layout(
        stim=(("leak_k", "<i2"), ("gain_k", "<i2"), ("i_t", "<i2"), ("noise", "<i2"), ("rst", "u1")),
        out=(("v", "<i2"), ("spike", "u1")),
        at_reset=(("t", "<u4"), ("v", "<i2"), ("spike", "u1")),
    ),
    "nrn_lif_lite": Layout(
        stim=(("leak_shift", "u1"), ("i_t", "<i2"), ("noise", "<i2"), ("rst", "u1")),
        out=(("v", "<i2"), ("spike", "u1")),
        at_reset=(("t", "<u4"), ("v", "<i2"), ("spike", "u1")),
    ),
    "sc_lfsr": Layout(
        stim=(("en", "u1"), ("rst", "u1")),
        out=(("state", "<u4"),),
        at_reset=(("t", "<u4"), ("state", "<u4")),
    ),
    "sc_sng": Layout(
        stim=(("x", "<u4"), ("en", "u1"), ("rst", "u1")),
        out=(("bit", "u1"),),
        at_reset=(("t", "<u4"), ("bit", "u1")),
    ),
}


def write_block(f: Any, columns: Sequence[tuple[str, str]], data: dict[str, np.ndarray]) -> None:
    """Write one block (see ``deep_io.h``); every column is converted to its declared dtype first."""
    arrays = [np.ascontiguousarray(data[name], dtype=np.dtype(dt)) for name, dt in columns]
    rows = arrays[0].size if arrays else 0
    if any(a.size != rows for a in arrays):
        sizes = [(n, a.size) for (n, _), a in zip(columns, arrays, strict=True)]
        raise ValueError(f"columns of different lengths: {sizes}")
    f.write(MAGIC)
    f.write(np.array([rows], dtype="<u8").tobytes())
    f.write(np.array([len(arrays)], dtype="<u4").tobytes())
    f.write(np.array([a.itemsize for a in arrays], dtype="<u4").tobytes())
    for a in arrays:
        f.write(memoryview(a).cast("B"))


def read_blocks(path: Path, layouts: Sequence[Sequence[tuple[str, str]]]) -> list[dict[str, np.ndarray]]:
    """Read consecutive blocks of ``path``, checking magic, column count and element sizes of each."""
    buf = path.read_bytes()
    pos = 0
    out = []
    for columns in layouts:
        if buf[pos:pos + 8] != MAGIC:
            raise ValueError(f"{path}: bad magic at byte {pos} (truncated or not a deep-check file)")
        rows = int(np.frombuffer(buf, "<u8", 1, pos + 8)[0])
        ncols = int(np.frombuffer(buf, "<u4", 1, pos + 16)[0])
        sizes = np.frombuffer(buf, "<u4", ncols, pos + 20).tolist()
        want = [np.dtype(dt).itemsize for _, dt in columns]
        if sizes != want:
            names = [n for n, _ in columns]
            raise ValueError(f"{path}: block has element sizes {sizes}, expected {want} ({names})")
        pos += 20 + 4 * ncols
        block = {}
        for (name, dt), size in zip(columns, sizes, strict=True):
            block[name] = np.frombuffer(buf, dt, rows, pos)
            pos += rows * size
        out.append(block)
    if pos != len(buf):
        raise ValueError(f"{path}: {len(buf) - pos} trailing bytes after the expected blocks")
    return out


# ----------------------------------------------------------------------------------------------------------
# stimulus


def _segments(rng: np.random.Generator, n: int, lo: int, hi: int, weights: Sequence[float]
              ) -> tuple[np.ndarray, np.ndarray]:
    """Split ``n`` cycles into consecutive segments of random length in [lo, hi] with a random kind each.

    Returns (lengths, kinds); kinds index ``weights`` (normalised probabilities).
    """
    lengths = rng.integers(lo, hi + 1, size=n // lo + 1)
    cum = np.cumsum(lengths)
    k = int(np.searchsorted(cum, n)) + 1
    lengths = lengths[:k].copy()
    lengths[-1] -= int(cum[k - 1]) - n
    p = np.asarray(weights, dtype=float)
    kinds = _pick(rng, np.arange(p.size), k, p)
    return lengths, kinds


def _per_segment(rng: np.random.Generator, lengths: np.ndarray, sel: np.ndarray, lo: int, hi: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """A random sub-range [a, b] of [lo, hi] per selected segment, expanded to the cycles of the segments."""
    ab = np.sort(rng.integers(lo, hi + 1, size=(int(sel.sum()), 2)), axis=1)
    return np.repeat(ab[:, 0], lengths[sel]), np.repeat(ab[:, 1], lengths[sel])


def _uniform(rng: np.random.Generator, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One integer uniform in [a[i], b[i]] per element."""
    return a + np.floor(rng.random(a.size) * (b - a + 1)).astype(np.int64)


def _pick(rng: np.random.Generator, values: Sequence[float], size: int,
          p: Sequence[float] | None = None) -> np.ndarray:
    """``size`` draws from ``values`` (uniformly, or with probabilities ``p``): ``Generator.choice`` is an
    order of magnitude slower on 10M draws."""
    values = np.asarray(values)
    if p is None:
        return values[rng.integers(0, values.size, size=size)]
    cum = np.cumsum(np.asarray(p, dtype=float))
    return values[np.minimum(np.searchsorted(cum / cum[-1], rng.random(size), side="right"), values.size - 1)]


def _resets(rng: np.random.Generator, n: int, rate: float = RESET_RATE) -> np.ndarray:
    """rst_ni low at random cycles (``rate`` per cycle); one in five pulses lasts two cycles."""
    rst = rng.random(n) < rate
    if n > 1:
        rst[1:] |= rst[:-1] & (rng.random(n - 1) < 0.2)
    return rst


# nrn_lif segment kinds
LIF_REALISTIC, LIF_DIRECTED, LIF_FULL, LIF_EXTREME = range(4)
LIF_SEGMENT_WEIGHTS = (0.45, 0.25, 0.15, 0.15)


def _stim_nrn_lif(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """Stimulus of ``nrn_lif``: a mixture of segments (50..5000 cycles) of four kinds, plus random resets.

    * realistic: leak_k in [0, 64], gain_k in [0, 512], I_t in [-128, 384], |noise| <= 0/2/8/32, each drawn
      per cycle from a random sub-range per segment (the neuron spikes regularly in many of them);
    * directed: realistic, but in a fraction of the cycles (2 %, 20 % or all, per segment) the noise is
      chosen with the model in the loop so that v_next is exactly VThreshold (60 %), VThreshold - 1 or
      VThreshold + 1;
    * full: all four inputs uniform over the whole signed word (wrap-around at both ends);
    * extreme: leak_k and gain_k in {min, max, 0, +-1.0, +-1 LSB, 2.0}; I_t and noise half extremes, half
      full-range.
    """
    W, F = params["DataWidth"], params["FracBits"]
    if W != 16:
        raise ValueError(f"the nrn_lif harness drives 16-bit ports (int16 columns): DataWidth must be 16, "
                         f"got {W}")
    lo, hi, one = -(1 << (W - 1)), (1 << (W - 1)) - 1, 1 << F
    lengths, kinds = _segments(rng, n, 50, 5000, LIF_SEGMENT_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    cols = {c: np.zeros(n, dtype=np.int16) for c in ("leak_k", "gain_k", "i_t", "noise")}
    directed = np.zeros(n, dtype=np.bool_)
    delta = np.zeros(n, dtype=np.int64)

    seg = (kinds == LIF_REALISTIC) | (kinds == LIF_DIRECTED)
    m = np.repeat(seg, lengths)
    for col, (a, b) in (("leak_k", (0, 64)), ("gain_k", (0, 2 * one)), ("i_t", (-128, 384))):
        cols[col][m] = _uniform(rng, *_per_segment(rng, lengths, seg, a, b))
    mag = np.repeat(_pick(rng, [0, 2, 8, 32], int(seg.sum())), lengths[seg])
    cols["noise"][m] = _uniform(rng, -mag, mag)

    dseg = kinds == LIF_DIRECTED
    dm = np.repeat(dseg, lengths)
    frac = np.repeat(_pick(rng, [0.02, 0.2, 1.0], int(dseg.sum())), lengths[dseg])
    directed[dm] = rng.random(frac.size) < frac
    delta[dm] = _pick(rng, [0, -1, 1], frac.size, [0.6, 0.2, 0.2])

    m = kind == LIF_FULL
    for col in cols:
        cols[col][m] = rng.integers(lo, hi + 1, size=int(m.sum()))

    m = kind == LIF_EXTREME
    count = int(m.sum())
    factors = np.array([lo, hi, 0, one, -one, 1, -1, 2 * one])
    for col in ("leak_k", "gain_k"):
        cols[col][m] = _pick(rng, factors, count)
    edges = np.array([lo, hi, 0, 1, -1])
    for col in ("i_t", "noise"):
        cols[col][m] = np.where(rng.random(count) < 0.5, _pick(rng, edges, count),
                                rng.integers(lo, hi + 1, size=count))

    rst = _resets(rng, n)
    _aim_threshold(cols, rst, directed, delta, params)
    return {**cols, "rst": rst.astype(np.uint8)}


@cache
def _aim_loop() -> Callable[..., None]:
    """Compiled loop that steps the golden kernel over the stimulus and, in directed cycles, overwrites the
    noise so that v_next = VThreshold + delta (wrapped). It uses the model's own kernel, so the aim follows
    the model."""
    import numba

    kern = numba.njit(FixedPointLIFNeuron.kernel)

    @numba.njit(nogil=True)
    def aim(leak, gain, i_t, noise, rst, directed, delta, v0, r0, real, never, v_th, half, mask):
        v, r = v0, r0
        for t in range(leak.size):
            if rst[t]:
                v, r = v0, r0
                continue
            lk, gk, it = np.int64(leak[t]), np.int64(gain[t]), np.int64(i_t[t])
            if directed[t] and r == 0:
                # v_next with zero noise ('never' has an unreachable threshold, so the kernel returns v_next)
                vn = kern(v, r, lk, gk, it, np.int64(0), *never)[0]
                noise[t] = ((v_th + delta[t] - vn + half) & mask) - half
            v, r, _, _ = kern(v, r, lk, gk, it, np.int64(noise[t]), *real)

    return aim


def _kernel_consts(model: FixedPointLIFNeuron | FixedPointLIFLiteNeuron
                   ) -> tuple[tuple[int, ...], tuple[int, ...], int, int, int, int]:
    """The kernel constants of ``model`` in argument order: (real, never, v0, r0, half, mask); ``never`` has an
    unreachable threshold, so that the kernel returns v_next instead of firing."""
    cls, p = type(model), model.params
    names = list(inspect.signature(cls.kernel).parameters)[len(cls.state_vars) + len(cls.inputs):]
    consts = cls.derive(p)
    if set(names) != set(consts) or "v_th" not in consts:
        raise RuntimeError(f"{cls.__name__}.kernel constants {names} no longer match derive() "
                           f"{list(consts)} (or v_th was renamed): update _kernel_consts")
    real = tuple(int(consts[k]) for k in names)
    never = tuple((1 << 40) if k == "v_th" else int(consts[k]) for k in names)
    init = cls.initial_state(p)
    half, mask = 1 << (p.data_width - 1), (1 << p.data_width) - 1
    return real, never, int(init["v"]), int(init["refractory_counter"]), half, mask


def _aim_threshold(cols: dict[str, np.ndarray], rst: np.ndarray, directed: np.ndarray, delta: np.ndarray,
                   params: dict[str, int]) -> None:
    """Overwrite the noise of the directed cycles (in place) so that v_next hits the threshold exactly."""
    model = lif_model(params)
    real, never, v0, r0, half, mask = _kernel_consts(model)
    _aim_loop()(cols["leak_k"], cols["gain_k"], cols["i_t"], cols["noise"], rst, directed, delta,
                v0, r0, real, never, int(model.params.v_threshold), half, mask)


# nrn_lif_lite: the segment kinds of nrn_lif
def _stim_nrn_lif_lite(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """Stimulus of ``nrn_lif_lite``: segments (50..5000 cycles) of the four kinds of ``nrn_lif``, plus resets.

    * realistic: leak_shift in [1, 8], I_t in [-128, 384], |noise| <= 0/2/8/32, each drawn per cycle from a
      random sub-range per segment;
    * directed: realistic, with the noise of 2 %, 20 % or all of the cycles aimed (model in the loop) so that
      v_next is exactly VThreshold (60 %), VThreshold - 1 or VThreshold + 1;
    * full: leak_shift over its whole range, I_t and noise uniform over the whole signed word;
    * extreme: leak_shift in {0, 1, max - 1, max}; I_t and noise half edges (min, max, 0, +-1), half full range.
    """
    W, top = params["DataWidth"], (1 << params["LeakShiftWidth"]) - 1
    if W != 16:
        raise ValueError(f"the nrn_lif_lite harness drives 16-bit ports (int16 columns): DataWidth must be 16, "
                         f"got {W}")
    lo, hi = -(1 << (W - 1)), (1 << (W - 1)) - 1
    lengths, kinds = _segments(rng, n, 50, 5000, LIF_SEGMENT_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    shift = np.zeros(n, dtype=np.uint8)
    cols = {c: np.zeros(n, dtype=np.int16) for c in ("i_t", "noise")}
    directed = np.zeros(n, dtype=np.bool_)
    delta = np.zeros(n, dtype=np.int64)

    seg = (kinds == LIF_REALISTIC) | (kinds == LIF_DIRECTED)
    m = np.repeat(seg, lengths)
    shift[m] = _uniform(rng, *_per_segment(rng, lengths, seg, 1, min(8, top)))
    cols["i_t"][m] = _uniform(rng, *_per_segment(rng, lengths, seg, -128, 384))
    mag = np.repeat(_pick(rng, [0, 2, 8, 32], int(seg.sum())), lengths[seg])
    cols["noise"][m] = _uniform(rng, -mag, mag)

    dseg = kinds == LIF_DIRECTED
    dm = np.repeat(dseg, lengths)
    frac = np.repeat(_pick(rng, [0.02, 0.2, 1.0], int(dseg.sum())), lengths[dseg])
    directed[dm] = rng.random(frac.size) < frac
    delta[dm] = _pick(rng, [0, -1, 1], frac.size, [0.6, 0.2, 0.2])

    m = kind == LIF_FULL
    shift[m] = rng.integers(0, top + 1, size=int(m.sum()))
    for col in cols:
        cols[col][m] = rng.integers(lo, hi + 1, size=int(m.sum()))

    m = kind == LIF_EXTREME
    count = int(m.sum())
    shift[m] = _pick(rng, np.unique([0, 1, top - 1, top]), count)
    edges = np.array([lo, hi, 0, 1, -1])
    for col in cols:
        cols[col][m] = np.where(rng.random(count) < 0.5, _pick(rng, edges, count),
                                rng.integers(lo, hi + 1, size=count))

    rst = _resets(rng, n)
    model = lif_lite_model(params)
    real, never, v0, r0, half, mask = _kernel_consts(model)
    _aim_loop_lite()(shift, cols["i_t"], cols["noise"], rst, directed, delta, v0, r0, real, never,
                     int(model.params.v_threshold), half, mask)
    return {"leak_shift": shift, **cols, "rst": rst.astype(np.uint8)}


@cache
def _aim_loop_lite() -> Callable[..., None]:
    """:func:`_aim_loop` for the kernel of ``nrn_lif_lite`` (inputs leak_shift, I_t, noise)."""
    import numba

    kern = numba.njit(FixedPointLIFLiteNeuron.kernel)

    @numba.njit(nogil=True)
    def aim(shift, i_t, noise, rst, directed, delta, v0, r0, real, never, v_th, half, mask):
        v, r = v0, r0
        for t in range(shift.size):
            if rst[t]:
                v, r = v0, r0
                continue
            s, it = np.int64(shift[t]), np.int64(i_t[t])
            if directed[t] and r == 0:
                vn = kern(v, r, s, it, np.int64(0), *never)[0]
                noise[t] = ((v_th + delta[t] - vn + half) & mask) - half
            v, r, _, _ = kern(v, r, s, it, np.int64(noise[t]), *real)

    return aim


# enable kinds of the LFSR and SNG stimulus: probability that en_i is high in a cycle of the segment
ENABLE_PROBS = np.array([1.0, 0.97, 0.5, 0.03, 0.0])
ENABLE_WEIGHTS = (0.35, 0.2, 0.2, 0.15, 0.1)


def _enable_reset(rng: np.random.Generator, n: int, clean: int) -> tuple[np.ndarray, np.ndarray]:
    """en_i and reset for the LFSR units: ``clean`` cycles enabled without reset, then segments of 1k..200k
    cycles with en_i high with probability 1, 0.97, 0.5, 0.03 or 0, and random resets."""
    en = np.ones(n, dtype=np.bool_)
    rst = np.zeros(n, dtype=np.bool_)
    rest = n - clean
    if rest > 0:
        lengths, kinds = _segments(rng, rest, 1000, 200_000, ENABLE_WEIGHTS)
        en[clean:] = rng.random(rest) < np.repeat(ENABLE_PROBS[kinds], lengths)
        rst[clean:] = _resets(rng, rest)
    return en, rst


def _stim_sc_lfsr(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """Stimulus of ``sc_lfsr``: the first half enabled without reset (76 full periods of the 16-bit LFSR in
    10M cycles: the period is measured there), then enable/reset segments (see :func:`_enable_reset`)."""
    en, rst = _enable_reset(rng, n, n // 2)
    return {"en": en.astype(np.uint8), "rst": rst.astype(np.uint8)}


# x kinds of the SNG stimulus
SNG_CONST, SNG_RANDOM, SNG_CORNER, SNG_EQUAL = range(4)
SNG_X_WEIGHTS = (0.25, 0.25, 0.15, 0.35)


def _stim_sc_sng(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """Stimulus of ``sc_sng``: en/reset as for the LFSR (first tenth clean), x in segments of 200..50k cycles:
    a constant, uniform per cycle, corner values (0, 1, 2, mid-1, mid, max-1, max), or aimed at the model's
    LFSR state of that cycle (x = state, state + 1 or state - 1: the compare's equality edge)."""
    en, rst = _enable_reset(rng, n, n // 10)
    top = (1 << params["Width"]) - 1
    lengths, kinds = _segments(rng, n, 200, 50_000, SNG_X_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    x = np.repeat(rng.integers(0, top + 1, size=kinds.size), lengths)  # SNG_CONST
    m = kind == SNG_RANDOM
    x[m] = rng.integers(0, top + 1, size=int(m.sum()))
    m = kind == SNG_CORNER
    x[m] = _pick(rng, [0, 1, 2, top // 2, top // 2 + 1, top - 1, top], int(m.sum()))
    m = kind == SNG_EQUAL
    state = lfsr_model(params).states(en, rst)
    x[m] = np.clip(state[m] + _pick(rng, [0, 1, -1], int(m.sum()), [0.5, 0.3, 0.2]), 0, top)
    return {"x": x.astype(np.uint32), "en": en.astype(np.uint8), "rst": rst.astype(np.uint8)}


STIMULUS = {"nrn_lif": _stim_nrn_lif, "nrn_lif_lite": _stim_nrn_lif_lite, "sc_lfsr": _stim_sc_lfsr,
            "sc_sng": _stim_sc_sng}


def generate(unit: str, cycles: int, seed: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """The stimulus of ``unit`` for ``cycles`` cycles: a pure function of (unit, cycles, seed, params)."""
    _check_unit(unit)
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), "
                         f"got {cycles}")
    return STIMULUS[unit](np.random.default_rng(seed), int(cycles), params)


# ----------------------------------------------------------------------------------------------------------
# bit-true models on the whole stimulus


def _model_nrn_lif(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    """Outputs (and refractory counter) of the model AFTER every cycle. A reset cycle leaves the reset state;
    between resets the model's compiled ``simulate`` runs from ``reset_state()``."""
    return _trace_lif(lif_model(params), stim, {"leak_k": "leak_k", "gain_k": "gain_k", "I_t": "i_t",
                                                "noise_in": "noise"})


def _model_nrn_lif_lite(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    """As :func:`_model_nrn_lif`, for ``nrn_lif_lite``."""
    return _trace_lif(lif_lite_model(params), stim, {"leak_shift": "leak_shift", "I_t": "i_t",
                                                     "noise_in": "noise"})


def _trace_lif(neuron: FixedPointLIFNeuron | FixedPointLIFLiteNeuron, stim: dict[str, np.ndarray],
               inputs: dict[str, str]) -> dict[str, np.ndarray]:
    """v, spike and refractory counter of a LIF model AFTER every cycle; ``inputs``: model input -> column."""
    n = stim["rst"].size
    v = np.empty(n, dtype=np.int64)
    spike = np.empty(n, dtype=np.int8)
    ref = np.empty(n, dtype=np.int64)
    init = neuron.get_state()
    resets = np.flatnonzero(stim["rst"])
    v[resets], spike[resets], ref[resets] = init["v"], 0, init["refractory_counter"]
    start = 0
    for stop in [*resets.tolist(), n]:
        if stop > start:
            neuron.reset_state()
            run = slice(start, stop)
            tr = neuron.simulate(stop - start, **{k: stim[c][run] for k, c in inputs.items()})
            v[run], spike[run], ref[run] = tr["v_out"], tr["spike"], tr["refractory_counter"]
        start = stop + 1
    return {"v": v, "spike": spike, "refractory": ref}


def _model_sc_lfsr(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    """The model's LFSR state AFTER every cycle (= the state during the next cycle) and during every cycle."""
    during = lfsr_model(params).states(np.append(stim["en"], 0), np.append(stim["rst"], 0))
    return {"state": during[1:], "during": during[:-1]}


def _model_sc_sng(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    """The model's bit_o AFTER every cycle (with the parameters' PipelineStages), its comparator register (the
    PipelineStages = 0 output, for the corners) and its LFSR state during every cycle."""
    lfsr = lfsr_model(params)
    x = stim["x"].astype(np.int64)
    cmp = sng_bits(lfsr, x, stim["en"], stim["rst"])
    bit = sng_delay(cmp, stim["rst"], sng_pipeline_stages(params))
    return {"bit": bit, "cmp": cmp, "during": lfsr.states(stim["en"], stim["rst"])}


MODELS = {"nrn_lif": _model_nrn_lif, "nrn_lif_lite": _model_nrn_lif_lite, "sc_lfsr": _model_sc_lfsr,
          "sc_sng": _model_sc_sng}


# ----------------------------------------------------------------------------------------------------------
# comparison and corners


@dataclass
class Analysis:
    """Outcome of comparing one run: mismatches, the first few of them, corner counts, facts, failures."""

    mismatches: int
    first: list[dict[str, Any]]
    corners: dict[str, int]
    facts: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


# Minimum hits of every corner in a run of DEFAULT_CYCLES cycles (scaled down for shorter runs).
MIN_CORNERS: dict[str, dict[str, int]] = {
    "nrn_lif": {
        "spike": 10_000, "no_spike": 10_000, "threshold_equal": 1_000, "threshold_minus_1": 200,
        "threshold_plus_1": 200, "positive_wrap": 1_000, "negative_wrap": 1_000,
        "spike_after_negative_wrap": 100, "refractory": 10_000, "reset_mid_run": 200,
        "reset_in_refractory": 5, "extreme_leak_gain": 10_000,
    },
    "nrn_lif_lite": {
        "spike": 10_000, "no_spike": 10_000, "threshold_equal": 1_000, "threshold_minus_1": 200,
        "threshold_plus_1": 200, "positive_wrap": 1_000, "negative_wrap": 1_000,
        "spike_after_negative_wrap": 100, "refractory": 10_000, "reset_mid_run": 200,
        "reset_in_refractory": 5, "leak_shift_zero": 10_000, "leak_shift_max": 10_000, "leak_borrow": 100_000,
        "extreme_input": 10_000,
    },
    "sc_lfsr": {
        "clean_full_periods": 50, "enabled_periods": 100, "enable_low": 100_000, "reset_mid_run": 200,
        "reset_while_enabled": 100, "reset_while_disabled": 20, "distinct_states": 65535,
    },
    "sc_sng": {
        "one_loads": 100_000, "zero_loads": 100_000, "x_equals_state": 1_000, "x_equals_state_plus_1": 1_000,
        "x_zero": 1_000, "x_max": 1_000, "hold_one": 10_000, "hold_zero": 10_000, "reset_clears_one": 50,
        "reset_mid_run": 200, "distinct_states_loaded": 65535,
    },
}


def _first_rows(idx: np.ndarray, columns: dict[str, Any], k: int = SHOW_MISMATCHES) -> list[dict[str, Any]]:
    """Report rows of the first ``k`` mismatching cycles; a column is an array or a function of the cycle."""
    return [{"cycle": int(t), **{k: int(c(t) if callable(c) else c[t]) for k, c in columns.items()}}
            for t in idx[:k]]


def _prev(arr: np.ndarray, initial: int) -> Callable[[int], int]:
    """Column function: the value of ``arr`` in the previous cycle (``initial`` before cycle 0)."""
    return lambda t: int(arr[t - 1]) if t else initial


def _before(after: np.ndarray, initial: int) -> np.ndarray:
    """The value during each cycle (before its clock edge) from the value after each cycle."""
    return np.concatenate(([initial], after[:-1])).astype(np.int64)


def _at_reset(unit: str, t: np.ndarray, rst: np.ndarray, ok: np.ndarray, what: str) -> list[str]:
    """Failures of the asynchronous-reset check (outputs at the reset edge, before the clock edge)."""
    want = np.flatnonzero(rst).astype(np.uint32)
    if t.size != want.size or not np.array_equal(t, want):
        return [f"{unit}: the harness reported {t.size} reset cycles, the stimulus has {want.size}"]
    bad = np.flatnonzero(~ok)
    if bad.size:
        return [f"{unit}: {bad.size} of {t.size} reset assertions did not show {what} before the clock edge "
                f"(reset not asynchronous?), first at cycles {t[bad[:5]].tolist()}"]
    return []


CHUNK = 1 << 19  # cycles per analysis chunk: temporaries stay small and are reused instead of page-faulted


def _chunk(arr: np.ndarray, s: int, e: int, before: int | None = None) -> np.ndarray:
    """``arr[s:e]`` as int64 or, with ``before``, the value of the previous cycle (``before`` for cycle 0)."""
    if before is None:
        return arr[s:e].astype(np.int64)
    if s:
        return arr[s - 1:e - 1].astype(np.int64)
    return np.concatenate(([before], arr[:e - 1])).astype(np.int64)


def _analyse_nrn_lif(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
                     model: dict[str, np.ndarray], params: dict[str, int]) -> Analysis:
    """Compare v_o and spike_o every cycle; count the corners from the model's state before each cycle.

    The unwrapped sum ``v + dv_leak + dv_in + noise`` is recomputed here from the RTL header's equations and
    checked against the model on every integrating cycle, so a corner count never rests silently on a formula
    that disagrees with the model.
    """
    W, F = params["DataWidth"], params["FracBits"]
    v_rest, v_reset, th = params["VRest"], params["VReset"], params["VThreshold"]
    lo, hi, half, mask = -(1 << (W - 1)), (1 << (W - 1)) - 1, 1 << (W - 1), (1 << W) - 1
    n = stim["rst"].size
    bad_idx, odd_idx = [], []
    corners = dict.fromkeys(MIN_CORNERS["nrn_lif"], 0)
    for s in range(0, n, CHUNK):
        e = min(n, s + CHUNK)
        v, spike = model["v"][s:e], model["spike"][s:e]
        bad_idx.append(np.flatnonzero((rtl["v"][s:e] != v) | (rtl["spike"][s:e] != spike)) + s)
        rst = stim["rst"][s:e].astype(np.bool_)
        rst_edge = rst & (_chunk(stim["rst"], s, e, 1) == 0)  # cycle 0 follows the power-on reset
        v_prev, ref_prev = _chunk(model["v"], s, e, v_rest), _chunk(model["refractory"], s, e, 0)
        leak, gain = _chunk(stim["leak_k"], s, e), _chunk(stim["gain_k"], s, e)
        pre = v_prev + (((v_rest - v_prev) * leak) >> F)
        pre += (_chunk(stim["i_t"], s, e) * gain) >> F
        pre += _chunk(stim["noise"], s, e)
        v_next = ((pre + half) & mask) - half
        fire = v_next >= th
        active = ~rst & (ref_prev == 0)
        odd = active & ((spike != fire) | (v != np.where(fire, v_reset, v_next)))
        odd_idx.append(np.flatnonzero(odd) + s)
        not_at_rest = (v_prev != v_rest) | (ref_prev != 0) | (_chunk(model["spike"], s, e, 0) != 0)
        extreme = (leak == lo) | (leak == hi) | (gain == lo) | (gain == hi)
        for name, hit in (
            ("spike", spike == 1),
            ("no_spike", active & ~fire),
            ("threshold_equal", active & (v_next == th)),
            ("threshold_minus_1", active & (v_next == th - 1)),
            ("threshold_plus_1", active & (v_next == th + 1)),
            ("positive_wrap", active & (pre > hi)),
            ("negative_wrap", active & (pre < lo)),
            ("spike_after_negative_wrap", active & (pre < lo) & fire),
            ("refractory", ~rst & (ref_prev > 0)),
            ("reset_mid_run", rst_edge & not_at_rest),
            ("reset_in_refractory", rst_edge & (ref_prev > 0)),
            ("extreme_leak_gain", active & extreme),
        ):
            corners[name] += int(np.count_nonzero(hit))
    idx, odd = np.concatenate(bad_idx), np.concatenate(odd_idx)
    failures = []
    if odd.size:
        failures.append(f"nrn_lif: the corner classifier's v_next disagrees with the model on {odd.size} "
                        f"cycles (first {odd[:5].tolist()}): fix the classifier or the model")
    first = _first_rows(idx, {
        "rst": stim["rst"], "leak_k": stim["leak_k"], "gain_k": stim["gain_k"], "i_t": stim["i_t"],
        "noise": stim["noise"], "model_v_before": _prev(model["v"], v_rest),
        "model_ref_before": _prev(model["refractory"], 0), "rtl_v": rtl["v"], "rtl_spike": rtl["spike"],
        "model_v": model["v"], "model_spike": model["spike"]})
    ok = (at_reset["v"].astype(np.int64) == v_rest) & (at_reset["spike"] == 0)
    failures += _at_reset("nrn_lif", at_reset["t"], stim["rst"].astype(np.bool_), ok,
                          f"v_o = VRest = {v_rest} and spike_o = 0")
    facts = {"spike_rate": round(corners["spike"] / max(1, n), 5),
             "resets": int(np.count_nonzero(stim["rst"]))}
    return Analysis(int(idx.size), first, corners, facts, failures)


def _analyse_nrn_lif_lite(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray],
                          at_reset: dict[str, np.ndarray], model: dict[str, np.ndarray],
                          params: dict[str, int]) -> Analysis:
    """Compare v_o and spike_o every cycle; count the corners from the model's state before each cycle.

    The sum is recomputed here the way the RTL forms it (header of ``nrn_lif_lite.sv``: the leak shifted
    BEFORE the subtraction, ``(VRest >>> s) - (v >>> s) - borrow``) and checked against the model, which uses
    ``(VRest - v) >>> s``, on every integrating cycle: a run proves that identity on every state and shift it
    reached, and a corner count never rests on a formula that disagrees with the model. Every leak shift
    value must have been integrated at least once (in runs of 100k cycles or more).
    """
    W = params["DataWidth"]
    v_rest, v_reset, th = params["VRest"], params["VReset"], params["VThreshold"]
    top = (1 << params["LeakShiftWidth"]) - 1
    lo, hi, half, mask = -(1 << (W - 1)), (1 << (W - 1)) - 1, 1 << (W - 1), (1 << W) - 1

    def sh(x: np.ndarray, g: int) -> np.ndarray:
        return x << g if g >= 0 else x >> -g

    n = stim["rst"].size
    bad_idx, odd_idx = [], []
    corners = dict.fromkeys(MIN_CORNERS["nrn_lif_lite"], 0)
    shifts_seen = np.zeros(top + 1, dtype=np.int64)
    for s in range(0, n, CHUNK):
        e = min(n, s + CHUNK)
        v, spike = model["v"][s:e], model["spike"][s:e]
        bad_idx.append(np.flatnonzero((rtl["v"][s:e] != v) | (rtl["spike"][s:e] != spike)) + s)
        rst = stim["rst"][s:e].astype(np.bool_)
        rst_edge = rst & (_chunk(stim["rst"], s, e, 1) == 0)  # cycle 0 follows the power-on reset
        v_prev, ref_prev = _chunk(model["v"], s, e, v_rest), _chunk(model["refractory"], s, e, 0)
        shift, i_t = _chunk(stim["leak_shift"], s, e), _chunk(stim["i_t"], s, e)
        low = (np.int64(1) << shift) - 1
        borrow = (v_prev & low) > (v_rest & low)
        pre = v_prev + (v_rest >> shift) - (v_prev >> shift) - borrow
        pre += sh(i_t, params["GainShift"]) + params["Gain2Sign"] * sh(i_t, params["Gain2Shift"])
        pre += _chunk(stim["noise"], s, e)
        v_next = ((pre + half) & mask) - half
        fire = v_next >= th
        active = ~rst & (ref_prev == 0)
        odd = active & ((spike != fire) | (v != np.where(fire, v_reset, v_next)))
        odd_idx.append(np.flatnonzero(odd) + s)
        shifts_seen += np.bincount(shift[active], minlength=top + 1)[:top + 1]
        not_at_rest = (v_prev != v_rest) | (ref_prev != 0) | (_chunk(model["spike"], s, e, 0) != 0)
        for name, hit in (
            ("spike", spike == 1),
            ("no_spike", active & ~fire),
            ("threshold_equal", active & (v_next == th)),
            ("threshold_minus_1", active & (v_next == th - 1)),
            ("threshold_plus_1", active & (v_next == th + 1)),
            ("positive_wrap", active & (pre > hi)),
            ("negative_wrap", active & (pre < lo)),
            ("spike_after_negative_wrap", active & (pre < lo) & fire),
            ("refractory", ~rst & (ref_prev > 0)),
            ("reset_mid_run", rst_edge & not_at_rest),
            ("reset_in_refractory", rst_edge & (ref_prev > 0)),
            ("leak_shift_zero", active & (shift == 0)),
            ("leak_shift_max", active & (shift == top)),
            ("leak_borrow", active & borrow),
            ("extreme_input", active & ((i_t == lo) | (i_t == hi))),
        ):
            corners[name] += int(np.count_nonzero(hit))
    idx, odd = np.concatenate(bad_idx), np.concatenate(odd_idx)
    failures = []
    if odd.size:
        failures.append(f"nrn_lif_lite: the RTL-form v_next (leak shifted first) disagrees with the model on "
                        f"{odd.size} cycles (first {odd[:5].tolist()}): the identity or the model is wrong")
    missing = np.flatnonzero(shifts_seen == 0)
    if n >= 100_000 and missing.size:
        failures.append(f"nrn_lif_lite: leak shifts {missing.tolist()} were never integrated")
    first = _first_rows(idx, {
        "rst": stim["rst"], "leak_shift": stim["leak_shift"], "i_t": stim["i_t"], "noise": stim["noise"],
        "model_v_before": _prev(model["v"], v_rest), "model_ref_before": _prev(model["refractory"], 0),
        "rtl_v": rtl["v"], "rtl_spike": rtl["spike"], "model_v": model["v"], "model_spike": model["spike"]})
    ok = (at_reset["v"].astype(np.int64) == v_rest) & (at_reset["spike"] == 0)
    failures += _at_reset("nrn_lif_lite", at_reset["t"], stim["rst"].astype(np.bool_), ok,
                          f"v_o = VRest = {v_rest} and spike_o = 0")
    facts = {"spike_rate": round(corners["spike"] / max(1, n), 5),
             "resets": int(np.count_nonzero(stim["rst"])),
             "leak_shifts_integrated": int(np.count_nonzero(shifts_seen))}
    return Analysis(int(idx.size), first, corners, facts, failures)


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of every run of True in ``mask``."""
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def _distinct(values: np.ndarray, width: int) -> int:
    if width <= 24:
        return int(np.count_nonzero(np.bincount(values.astype(np.int64), minlength=1 << width)))
    return int(np.unique(values).size)


def _analyse_sc_lfsr(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
                     model: dict[str, np.ndarray], params: dict[str, int]) -> Analysis:
    width, seed = params["Width"], params["Seed"]
    rtl_state = rtl["state"].astype(np.int64)
    bad = rtl_state != model["state"]
    idx = np.flatnonzero(bad)
    en, rst = stim["en"].astype(np.bool_), stim["rst"].astype(np.bool_)
    first = _first_rows(idx, {"en": en, "rst": rst, "model_state_before": model["during"],
                              "rtl_state": rtl_state, "model_state": model["state"]})

    # The period, measured on the RTL alone over the longest stretch of enabled, reset-free cycles: the
    # states after those cycles are consecutive states of the register.
    failures = []
    expected = (1 << width) - 1
    model_period = int(lfsr_model(params).period_states().size)
    starts, ends = _runs(en & ~rst)
    longest = int(np.argmax(ends - starts)) if starts.size else None
    a, b = (0, 0) if longest is None else (int(starts[longest]), int(ends[longest]))
    seq = rtl_state[a:b]
    back = np.flatnonzero(seq[1:] == seq[0]) + 1 if seq.size else np.array([], dtype=np.int64)
    period = int(back[0]) if back.size else None
    if period is None:
        first_state = f"{int(seq[0]):#x}" if seq.size else "its first state"
        failures.append(f"sc_lfsr: the RTL state never came back to {first_state} in the longest clean "
                        f"stretch ({b - a} cycles): period not measurable (or longer than the stretch)")
    else:
        if not np.array_equal(seq[period:], seq[:-period]):
            failures.append(f"sc_lfsr: the RTL state sequence is not periodic with period {period}")
        if _distinct(seq[:period], width) != period:
            failures.append(f"sc_lfsr: the RTL visits repeated states within one period of {period}")
        if period != expected or period != model_period:
            failures.append(f"sc_lfsr: RTL period {period}, expected {expected} (maximal length), "
                            f"model period {model_period}")
    if np.any(rtl_state == 0):
        failures.append(f"sc_lfsr: the RTL reached the all-zero lock-up state (first at cycle "
                        f"{int(np.flatnonzero(rtl_state == 0)[0])})")
    rst_edge = rst & ~_before(rst, 1).astype(np.bool_)
    P = period or expected
    corners = {
        "clean_full_periods": (b - a) // P,
        "enabled_periods": int((en & ~rst).sum()) // P,
        "enable_low": int((~en & ~rst).sum()),
        "reset_mid_run": int((rst_edge & (model["during"] != seed)).sum()),
        "reset_while_enabled": int((rst_edge & en).sum()),
        "reset_while_disabled": int((rst_edge & ~en).sum()),
        "distinct_states": _distinct(rtl_state, width),
    }
    failures += _at_reset("sc_lfsr", at_reset["t"], rst, at_reset["state"].astype(np.int64) == seed,
                          f"state_o = Seed = {seed:#x}")
    facts = {"rtl_period": period, "model_period": model_period, "longest_clean_stretch": b - a,
             "resets": int(rst.sum())}
    return Analysis(int(idx.size), first, corners, facts, failures)


def _analyse_sc_sng(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
                    model: dict[str, np.ndarray], params: dict[str, int]) -> Analysis:
    """bit_o compared every cycle; the corners are counted on the model's comparator register (``cmp``, what
    bit_o shows PipelineStages clocks later), so that they mean the same with and without the pipeline."""
    width, seed = params["Width"], params["Seed"]
    top = (1 << width) - 1
    rtl_bit = rtl["bit"].astype(np.int64)
    idx = np.flatnonzero(rtl_bit != model["bit"].astype(np.int64))
    bit = model["cmp"].astype(np.int64)
    en, rst = stim["en"].astype(np.bool_), stim["rst"].astype(np.bool_)
    x, st = stim["x"].astype(np.int64), model["during"]
    bit_prev = _before(bit, 0)
    first = _first_rows(idx, {"en": en, "rst": rst, "x": x, "model_lfsr_state": st,
                              "model_cmp_before": bit_prev, "model_cmp": bit, "rtl_bit": rtl_bit,
                              "model_bit": model["bit"].astype(np.int64)})
    load = en & ~rst
    hold = ~en & ~rst
    rst_edge = rst & ~_before(rst, 1).astype(np.bool_)
    corners = {
        "one_loads": int((load & (bit == 1)).sum()),
        "zero_loads": int((load & (bit == 0)).sum()),
        "x_equals_state": int((load & (x == st)).sum()),
        "x_equals_state_plus_1": int((load & (x == st + 1)).sum()),
        "x_zero": int((load & (x == 0)).sum()),
        "x_max": int((load & (x == top)).sum()),
        "hold_one": int((hold & (bit_prev == 1)).sum()),
        "hold_zero": int((hold & (bit_prev == 0)).sum()),
        "reset_clears_one": int((rst & (bit_prev == 1)).sum()),
        "reset_mid_run": int((rst_edge & ((st != seed) | (bit_prev != 0))).sum()),
        "distinct_states_loaded": _distinct(st[load], width),
    }
    failures = _at_reset("sc_sng", at_reset["t"], rst, at_reset["bit"] == 0, "bit_o = 0")
    facts = {"ones_fraction": round(float(rtl_bit.mean()), 5) if rtl_bit.size else None,
             "resets": int(rst.sum()), "pipeline_stages": sng_pipeline_stages(params)}
    return Analysis(int(idx.size), first, corners, facts, failures)


ANALYSES = {"nrn_lif": _analyse_nrn_lif, "nrn_lif_lite": _analyse_nrn_lif_lite, "sc_lfsr": _analyse_sc_lfsr,
            "sc_sng": _analyse_sc_sng}


# ----------------------------------------------------------------------------------------------------------
# build (cached) and simulation


def _require_compiler() -> None:
    """verilator --build needs make and a C++ compiler besides verilator itself."""
    require("verilator")
    missing = [t for t in ("make", "g++") if shutil.which(t) is None]
    if missing:
        raise RuntimeError(f"missing tool(s) {', '.join(missing)} (verilator --build needs them): install "
                           "them with `apt-get install -y g++ make` (as root)")


@cache
def _verilator_version() -> str:
    proc = subprocess.run(["verilator", "--version"], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(unit: str, params: dict[str, int], rtl_files: Sequence[Path] | None = None,
          log: Callable[[str], None] = print) -> tuple[Path, bool]:
    """Build (or reuse) the Verilator harness of ``unit`` with ``params``; returns (binary, was_cached).

    The build directory is ``build/deep/<unit>/<key>`` where ``key`` hashes the Verilator version, the flags,
    the parameters and the CONTENT of every file that goes in (RTL, waivers, includes, harness), so a changed
    source (or a mutant copy) gets its own build and an unchanged one is reused. Concurrent callers are
    serialised by a lock file; only the ``KEEP_BUILDS`` most recently used builds of a unit are kept.
    """
    _check_unit(unit)
    _require_compiler()
    rtl = [Path(p).resolve() for p in (rtl_files or sources(unit))]
    vlt = waivers(unit)
    harness = [HERE / f"tb_{unit}.cpp", HERE / "deep_io.h"]
    includes = sorted(INCLUDE.glob("*.svh"))
    key_src = {
        "verilator": _verilator_version(),
        "make_flags": MAKE_FLAGS,
        "top": unit,
        "params": params,
        "files": [[p.name, _digest(p)] for p in [*rtl, *vlt, *includes, *harness]],
    }
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:16]
    root = DEEP_BUILD / unit
    root.mkdir(parents=True, exist_ok=True)
    out = root / key
    binary, marker = out / "obj" / "tb", out / "ok"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and binary.exists():
            marker.touch()
            return binary, True
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cmd = ["verilator", "--cc", "--exe", "--build", "-j", str(os.cpu_count() or 1),
               "-MAKEFLAGS", MAKE_FLAGS, "--top-module", unit, "-Mdir", str(out / "obj"), f"-I{INCLUDE}",
               *[f"-G{k}={v}" for k, v in params.items()], "-CFLAGS", f"-I{HERE}", "-o", "tb",
               *map(str, vlt), *map(str, rtl), str(harness[0])]
        (out / "key.json").write_text(json.dumps({**key_src, "command": cmd}, indent=1) + "\n")
        log(f"[deep] building {unit} in {out}")
        with open(out / "build.log", "w") as f:
            proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not binary.exists():
            tail = (out / "build.log").read_text()[-4000:]
            raise RuntimeError(f"verilator build of {unit} failed (exit {proc.returncode}); command:\n"
                               f"{' '.join(cmd)}\nend of {out / 'build.log'}:\n{tail}")
        marker.write_text(key + "\n")
        _prune(root)
    return binary, False


def _prune(root: Path) -> None:
    done = [p for p in root.iterdir() if (p / "ok").exists()]
    done.sort(key=lambda p: (p / "ok").stat().st_mtime)
    for old in done[:-KEEP_BUILDS]:
        shutil.rmtree(old, ignore_errors=True)


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; deep checks exist for {', '.join(UNITS)}")


# ----------------------------------------------------------------------------------------------------------
# one deep check


@dataclass
class DeepResult:
    """Everything a deep check found; ``ok`` is the verdict, ``report()`` the human-readable form."""

    unit: str
    param_set: str
    params: dict[str, int]
    seed: int
    cycles: int
    analysis: Analysis
    minimums: dict[str, int]
    timings: dict[str, float]
    build_dir: Path
    cached: bool
    mutant: bool

    @property
    def mismatches(self) -> int:
        return self.analysis.mismatches

    @property
    def corners(self) -> dict[str, int]:
        return self.analysis.corners

    @property
    def failures(self) -> list[str]:
        return self.analysis.failures

    @property
    def facts(self) -> dict[str, Any]:
        return self.analysis.facts

    @property
    def missing(self) -> dict[str, tuple[int, int]]:
        """Corners hit fewer times than required: name -> (hits, required)."""
        hits = {k: self.corners.get(k, 0) for k in self.minimums}
        return {k: (hits[k], need) for k, need in self.minimums.items() if hits[k] < need}

    @property
    def ok(self) -> bool:
        return self.mismatches == 0 and not self.failures and not self.missing

    def report(self) -> str:
        p = ", ".join(f"{k}={v:#x}" if k in ("Taps", "Seed") else f"{k}={v}" for k, v in self.params.items())
        verdict = "PASS" if self.ok else "FAIL"
        lines = [f"deep check {self.unit} [{self.param_set}: {p}]{' (MUTANT RTL)' if self.mutant else ''} "
                 f"seed={self.seed} cycles={self.cycles:,}: {verdict}, "
                 f"{self.mismatches:,} mismatching cycles"]
        if self.analysis.first:
            lines.append(f"  first {len(self.analysis.first)} mismatches "
                         f"(reproduce with --seed {self.seed}):")
            keys = list(self.analysis.first[0])
            lines.append("    " + " ".join(f"{k:>{max(len(k), 6)}}" for k in keys))
            for row in self.analysis.first:
                lines.append("    " + " ".join(f"{row[k]:>{max(len(k), 6)}}" for k in keys))
        lines += [f"  FAILURE: {f}" for f in self.failures]
        lines += [f"  MISSED CORNER: {k} hit {got} times, need {need}"
                  for k, (got, need) in self.missing.items()]
        lines.append("  corners: " + ", ".join(f"{k}={v:,}" for k, v in self.corners.items()))
        lines.append("  facts: " + ", ".join(f"{k}={v}" for k, v in self.facts.items()))
        lines.append("  timings [s]: " + ", ".join(f"{k} {v:.2f}" for k, v in self.timings.items())
                     + f" (build {'cached' if self.cached else 'fresh'}: {self.build_dir})")
        return "\n".join(lines)


def run_deep(unit: str, *, cycles: int = DEFAULT_CYCLES, seed: int | None = None, param_set: str = "default",
             rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> DeepResult:
    """Run the deep check of ``unit`` (parameters ``PARAM_SETS[unit][param_set]``) and return its result.

    ``rtl_files`` replaces the unit's RTL sources (e.g. a mutated copy, to show that the check can fail).
    Raises when verilator, make or g++ is missing (a missing simulator is a failure, never a skip).
    """
    _check_unit(unit)
    _require_compiler()
    if param_set not in PARAM_SETS[unit]:
        raise ValueError(f"unknown parameter set {param_set!r} of {unit}; known: {list(PARAM_SETS[unit])}")
    params = PARAM_SETS[unit][param_set]
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep] {unit}/{param_set}: seed={seed} cycles={cycles:,}")
    layout = LAYOUTS[unit]
    timings: dict[str, float] = {}
    t_start = time.perf_counter()

    t0 = time.perf_counter()
    stim = generate(unit, cycles, seed, params)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    binary, cached = build(unit, params, rtl_files, log)
    timings["build"] = time.perf_counter() - t0

    runs = DEEP_BUILD / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{unit}-{seed}-", dir=runs) as tmp:
        stim_file, out_file = Path(tmp) / "stim.bin", Path(tmp) / "out.bin"
        t0 = time.perf_counter()
        with open(stim_file, "wb") as f:
            write_block(f, layout.stim, stim)
        timings["write"] = time.perf_counter() - t0
        # The simulator runs in its own process while the model runs here (two cores).
        sim: dict[str, Any] = {}
        t_sim = time.perf_counter()
        proc = subprocess.Popen([str(binary), str(stim_file), str(out_file)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

        def wait() -> None:
            sim["stdout"], sim["stderr"] = proc.communicate()
            sim["end"] = time.perf_counter()

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        t0 = time.perf_counter()
        model = MODELS[unit](stim, params)
        timings["model"] = time.perf_counter() - t0
        waiter.join()
        timings["simulate"] = sim["end"] - t_sim
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {sim['stderr'].strip()}")
        t0 = time.perf_counter()
        rtl, at_reset = read_blocks(out_file, [layout.out, layout.at_reset])
        if rtl[layout.out[0][0]].size != cycles:
            raise RuntimeError(f"{binary} wrote {rtl[layout.out[0][0]].size} cycles, expected {cycles}")
        analysis = ANALYSES[unit](stim, rtl, at_reset, model, params)
        timings["compare"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start
    scale = min(1.0, cycles / DEFAULT_CYCLES)
    minimums = {k: max(1, int(v * scale)) for k, v in MIN_CORNERS[unit].items()}
    if unit in ("sc_lfsr", "sc_sng"):  # every state must be seen, whatever the length (if a period fits)
        key = "distinct_states" if unit == "sc_lfsr" else "distinct_states_loaded"
        minimums[key] = MIN_CORNERS[unit][key] if cycles >= 4 * MIN_CORNERS[unit][key] else 1
    return DeepResult(unit, param_set, dict(params), seed, cycles, analysis, minimums, timings,
                      binary.parent.parent, cached, rtl_files is not None)


def mutated_sources(unit: str, edits: dict[str, tuple[str, str]], dest: Path) -> list[Path]:
    """Copies of ``unit``'s sources in ``dest`` with ``edits`` applied: {file stem: (old text, new text)}.

    Each ``old`` text must occur exactly once in its file (so a mutation cannot silently miss its target).
    The originals in rtl/ are never touched.
    """
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    files = sources(unit)
    stems = {p.stem for p in files}
    unknown = set(edits) - stems
    if unknown:
        raise ValueError(f"mutation targets {sorted(unknown)} are not sources of {unit} ({sorted(stems)})")
    out = []
    for src in files:
        text = src.read_text()
        if src.stem in edits:
            old, new = edits[src.stem]
            if text.count(old) != 1:
                raise ValueError(f"mutation text {old!r} occurs {text.count(old)} times in {src}, "
                                 "expected once")
            text = text.replace(old, new)
        copy = dest / src.name
        if copy.resolve() == src.resolve():
            raise ValueError(f"refusing to write a mutant over the original {src}")
        copy.write_text(text)
        out.append(copy)
    return out


# ----------------------------------------------------------------------------------------------------------
# command line


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: run deep checks and print their reports; exit status 1 when any fails."""
    ap = argparse.ArgumentParser(prog="python -m verif.deep.deep", description=__doc__.split("\n\n")[0])
    ap.add_argument("--unit", choices=[*UNITS, "all"], default="all")
    ap.add_argument("--cycles", type=int, default=DEFAULT_CYCLES)
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (random and printed when omitted)")
    ap.add_argument("--params", default="all", help="parameter set name (see PARAM_SETS) or 'all'")
    args = ap.parse_args(argv)
    seed = secrets.randbits(32) if args.seed is None else args.seed
    ok = True
    for unit in UNITS if args.unit == "all" else (args.unit,):
        sets = list(PARAM_SETS[unit]) if args.params == "all" else [args.params]
        for name in sets:
            result = run_deep(unit, cycles=args.cycles, seed=seed, param_set=name)
            print(result.report(), flush=True)
            ok &= result.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
