"""Deep check of ``sc_dense_layer``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`; every output (spike_o, v_o, cur_o of every neuron, packed) every cycle.

Stimulus: segments of four kinds: held (one input vector for the whole segment, a weight rewritten now and
then: the layer's normal use), random (inputs, leak/gain and weight writes every cycle, addresses beyond N M
included), corner (every weight written at full scale of one sign, then inputs held at 0, +full, -full or one
common value: pop = 0, pop = N, all-equal streams) and load (every synapse written in order); leak_k/gain_k
mostly in the useful range, in some segments anything; resets at random cycles.

The model loop is numba-compiled from the unit model's own integer functions (``lfsr_next``, ``parity32``,
``dense_current`` of :mod:`golden.fixed.sc_dense_unit` and ``FixedPointLIFNeuron.kernel``); a test compares it
with :class:`~golden.fixed.sc_dense_unit.ScDenseUnit` cycle by cycle.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np

from golden.fixed.lfsr import default_taps
from golden.fixed.sc_dense_unit import DATA_WIDTH, FRAC, seeds_for
from verif.common.core_bench import Port
from verif.deep import deep_core
from verif.sc_dense_layer.test_sc_dense_layer import SPEC as BENCH

HELD, RANDOM, CORNER, LOAD = range(4)

# The deep harness is generated from these ports: wide enough for every parameter set below (a narrower RTL
# port gets values that fit it: the stimulus is generated for the set's N, M and Width).
CORE = dataclasses.replace(
    BENCH,
    inputs=(Port("x_i", 48), Port("w_we_i", 1), Port("w_addr_i", 6), Port("w_data_i", 16),
            Port("leak_k_i", 16, signed=True), Port("gain_k_i", 16, signed=True)),
    outputs=(Port("spike_o", 8), Port("v_o", 64), Port("cur_o", 64)),
)


@cache
def _kernels():
    import numba

    from golden.fixed import sc_dense_unit as du
    from golden.fixed.lif_q88 import FixedPointLIFNeuron

    par = numba.njit(du.parity32)
    du_globals = {"parity32": par}
    lfsr_next = numba.njit(_rebind(du.lfsr_next, du_globals))
    current = numba.njit(du.dense_current)
    kern = numba.njit(FixedPointLIFNeuron.kernel)

    @numba.njit(nogil=True)
    def loop(x, we, addr, data, leak, gain, rst, n, m, width, cur_shift, taps, xseeds, wseeds, v_rest, v_reset,
             v_th, ref_cycles, spike_o, v_o, cur_o):
        wmask = (1 << width) - 1
        hw = 1 << (width - 1)
        half = 1 << (DATA_WIDTH_ - 1)
        dmask = (1 << DATA_WIDTH_) - 1
        rx = xseeds.copy()
        rw = wseeds.copy()
        bx = np.zeros(n, np.int64)
        bw = np.zeros(n * m, np.int64)
        wreg = np.zeros(n * m, np.int64)
        v = np.full(m, v_rest, np.int64)
        ref = np.zeros(m, np.int64)
        spk = np.zeros(m, np.int64)
        cur = np.zeros(m, np.int64)
        primed = 0
        for t in range(rst.size):
            if rst[t]:
                rx[:] = xseeds
                rw[:] = wseeds
                bx[:] = 0
                bw[:] = 0
                wreg[:] = 0
                v[:] = v_rest
                ref[:] = 0
                spk[:] = 0
                cur[:] = 0
                primed = 0
            else:
                for j in range(m):
                    c = 0
                    if primed:
                        pop = 0
                        for i in range(n):
                            pop += 1 - (bx[i] ^ bw[j * n + i])
                        c = current(pop, n, cur_shift)
                    v[j], ref[j], spk[j], _ = kern(v[j], ref[j], np.int64(leak[t]), np.int64(gain[t]), c, 0,
                                                   v_rest, v_reset, v_th, ref_cycles, FRAC_, half, dmask)
                    cur[j] = c
                xv = np.int64(x[t])
                for i in range(n):
                    f = (xv >> (width * i)) & wmask
                    xs = f - (1 << width) if f >> (width - 1) else f
                    bx[i] = 1 if rx[i] - hw < xs else 0  # sng_compare, bipolar
                    rx[i] = lfsr_next(rx[i], taps, wmask)
                for s in range(n * m):
                    bw[s] = 1 if rw[s] - hw < wreg[s] else 0
                    rw[s] = lfsr_next(rw[s], taps, wmask)
                a = np.int64(addr[t])
                if we[t] and a < n * m:
                    f = np.int64(data[t]) & wmask
                    wreg[a] = f - (1 << width) if f >> (width - 1) else f
                primed = 1
            sp = np.uint64(0)
            vp = np.uint64(0)
            cp = np.uint64(0)
            for j in range(m):
                sp |= np.uint64(spk[j]) << np.uint64(j)
                vp |= np.uint64(v[j] & dmask) << np.uint64(16 * j)
                cp |= np.uint64(cur[j] & dmask) << np.uint64(16 * j)
            spike_o[t] = sp
            v_o[t] = vp
            cur_o[t] = cp

    return loop


DATA_WIDTH_, FRAC_ = DATA_WIDTH, FRAC  # module constants the numba loop reads (frozen at compile time)


def _rebind(fn, extra):
    """``fn`` with some of its globals replaced (so that numba sees the compiled helpers it calls)."""
    import types

    return types.FunctionType(fn.__code__, {**fn.__globals__, **extra}, fn.__name__, fn.__defaults__,
                              fn.__closure__)


def _fields(params):
    w = params["Width"]
    return w, (1 << (w - 1)) - 1, -(1 << (w - 1))


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    nn, mm = params["N"], params["M"]
    w, hi, lo = _fields(params)
    syn = nn * mm
    addr_bits = max(1, (syn - 1).bit_length())
    kind = deep_core.segments(rng, n, (0.45, 0.25, 0.2, 0.1))
    fields = rng.integers(lo, hi + 1, (n, nn))
    we = np.zeros(n, np.uint8)
    addr = rng.integers(0, 1 << addr_bits, n)
    data = rng.integers(lo, hi + 1, n)
    leak = rng.integers(0, 65, n)
    gain = rng.integers(0, 513, n)
    starts = np.flatnonzero(np.diff(kind, prepend=-1) != 0)
    ends = np.append(starts[1:], n)
    for a, b in zip(starts, ends, strict=True):
        k = kind[a]
        if rng.random() < 0.1:
            leak[a:b] = rng.integers(-32768, 32768, b - a)
            gain[a:b] = rng.integers(-32768, 32768, b - a)
        elif k != RANDOM:
            leak[a:b], gain[a:b] = rng.integers(4, 33), rng.integers(16, 513)
        if k == HELD:
            fields[a:b] = fields[a]
            we[a:b] = rng.random(b - a) < 0.01
        elif k == RANDOM:
            we[a:b] = rng.random(b - a) < 0.1
        elif k == CORNER:
            top = min(b, a + syn)
            we[a:top], addr[a:top] = 1, np.arange(top - a)
            data[a:top] = hi if rng.random() < 0.5 else lo
            c = int(rng.integers(0, 4))
            fields[a:b] = (0, hi, lo, int(rng.integers(lo, hi + 1)))[c]
        else:  # LOAD
            top = min(b, a + syn)
            we[a:top], addr[a:top] = 1, np.arange(top - a)
    # packed x: N signed Width-bit fields
    x = np.zeros(n, np.uint64)
    for i in range(nn):
        x |= (fields[:, i].astype(np.int64) & ((1 << w) - 1)).astype(np.uint64) << np.uint64(w * i)
    return {"x": x, "w_we": we, "w_addr": addr.astype(np.uint8),
            "w_data": (data & ((1 << w) - 1)).astype(np.uint16),
            "leak_k": leak.astype(np.int16), "gain_k": gain.astype(np.int16), "rst": deep_core.resets(rng, n)}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    nn, mm, w = params["N"], params["M"], params["Width"]
    xs, ws = seeds_for(w, nn, mm)
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.uint64), "cur": np.empty(n, np.uint64)}
    _kernels()(stim["x"], stim["w_we"], stim["w_addr"], stim["w_data"], stim["leak_k"], stim["gain_k"],
               stim["rst"], nn, mm, w, params["CurShift"], default_taps(w), np.array(xs, np.int64),
               np.array([s for row in ws for s in row], np.int64), params["VRest"], params["VReset"],
               params["VThreshold"], params["RefractoryCycles"], out["spike"], out["v"], out["cur"])
    return out


def unpack16(a: np.ndarray, m: int) -> np.ndarray:
    """[n, m] signed 16-bit fields of packed uint64 values."""
    f = np.stack([(a >> np.uint64(16 * j)) & np.uint64(0xFFFF) for j in range(m)], axis=1).astype(np.int64)
    return np.where(f >= 1 << 15, f - (1 << 16), f)


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    nn, mm = params["N"], params["M"]
    w, hi, lo = _fields(params)
    live = stim["rst"] == 0
    x = stim["x"]
    xf = np.stack([((x >> np.uint64(w * i)) & np.uint64((1 << w) - 1)).astype(np.int64) for i in range(nn)], 1)
    xf = np.where(xf >= 1 << (w - 1), xf - (1 << w), xf)
    cur = unpack16(out["cur"], mm)
    v = unpack16(out["v"], mm)
    full = nn << params["CurShift"]
    # v_next of a spiking neuron, from the membrane during the cycle (previous row) and the current it got
    vp = np.vstack([np.full((1, mm), params["VRest"]), v[:-1]])
    lk, gn = stim["leak_k"].astype(np.int64)[:, None], stim["gain_k"].astype(np.int64)[:, None]
    vn = vp + (((params["VRest"] - vp) * lk) >> FRAC) + ((cur * gn) >> FRAC)
    vn = ((vn + (1 << 15)) & 0xFFFF) - (1 << 15)
    fired = ((out["spike"][:, None] >> np.arange(mm)) & 1) == 1
    prev_live = np.concatenate(([False], live[:-1]))
    syn = nn * mm
    hits = {
        "spike": out["spike"] != 0, "no_spike": out["spike"] == 0,
        "x_zero": (xf == 0).all(1), "x_pos_full": (xf == hi).all(1), "x_neg_full": (xf == lo).all(1),
        "x_all_equal": (xf == xf[:, :1]).all(1) & (nn > 1),
        "weight_write_mid_run": (stim["w_we"] == 1) & (stim["w_addr"] < syn) & prev_live,
        "weight_write_ignored": (stim["w_we"] == 1) & (stim["w_addr"] >= syn),
        "v_eq_threshold": (fired & (vn == params["VThreshold"]) & prev_live[:, None]).any(1),
        "pop_zero": (cur == -full).any(1), "pop_full": (cur == full).any(1),
        "currents_differ": (cur != cur[:, :1]).any(1),
    }
    return {k: int(np.count_nonzero(live & hv)) for k, hv in hits.items()}


ALT = {"N": 3, "M": 2, "Width": 10, "CurShift": 4, "VThreshold": 200, "VRest": -16, "VReset": -64,
       "RefractoryCycles": 0}
WIDE = {"N": 2, "M": 4, "Width": 16, "CurShift": 7, "VThreshold": 300, "RefractoryCycles": 3}

SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 100_000, "no_spike": 1_000_000, "x_zero": 10_000, "x_pos_full": 10_000, "x_neg_full": 10_000,
        "x_all_equal": 100_000, "weight_write_mid_run": 50_000, "weight_write_ignored": 1_000,
        "v_eq_threshold": 100, "pop_zero": 10_000, "pop_full": 10_000, "currents_differ": 1_000_000,
        "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT, "wide": WIDE},
)
