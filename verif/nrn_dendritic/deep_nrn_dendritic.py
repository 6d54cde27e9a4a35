"""Deep check of ``nrn_dendritic`` (memoryless XOR dendrite): 10M cycles per parameter set on Verilator
through the generic harness of :mod:`verif.deep.deep_core`.

Stimulus: segments of three kinds: domain (a, b uniform in [0, 1] = [0, 256]), full (any 9-bit input, 511
often) and directed (binary XOR table, rounding ties a*b = 128 mod 256, and c aimed at Threshold or Threshold
+ 1 by a search over b); resets at random cycles. The model is the unit's ``xor_q88`` compiled with numba.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from verif.deep import deep_core
from verif.nrn_dendritic.test_nrn_dendritic import ALT_PARAMETERS
from verif.nrn_dendritic.test_nrn_dendritic import SPEC as CORE

DOMAIN, FULL, DIRECTED = range(3)


@cache
def _kernels():
    import numba

    from golden.fixed.dendritic_unit import xor_q88

    xq = numba.njit(xor_q88)

    @numba.njit(nogil=True)
    def aim(a, b, mode, target, start):
        for t in range(a.size):
            if mode[t] != 1:
                continue
            for k in range(257):
                bb = (start[t] + k) % 257
                if xq(np.int64(a[t]), np.int64(bb)) == target[t]:
                    b[t] = bb
                    break

    @numba.njit(nogil=True)
    def loop(a, b, rst, threshold, spike_o, c_o):
        for t in range(a.size):
            if rst[t]:
                spike_o[t], c_o[t] = 0, 0
                continue
            c = xq(np.int64(a[t]), np.int64(b[t]))
            c_o[t], spike_o[t] = c, c > threshold

    return aim, loop


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.4, 0.25, 0.35))
    a = rng.integers(0, 257, n)
    b = rng.integers(0, 257, n)
    m = kind == FULL
    c = int(m.sum())
    a[m] = np.where(rng.random(c) < 0.15, 511, rng.integers(0, 512, c))
    b[m] = np.where(rng.random(c) < 0.15, 511, rng.integers(0, 512, c))
    m = kind == DIRECTED
    sub = rng.integers(0, 3, n)  # 0: binary table, 1: rounding tie, 2: aimed at the threshold
    binary = m & (sub == 0)
    k = int(binary.sum())
    a[binary], b[binary] = 256 * rng.integers(0, 2, k), 256 * rng.integers(0, 2, k)
    tie = m & (sub == 1)
    k = int(tie.sum())
    a[tie], b[tie] = 2 * rng.integers(0, 128, k) + 1, 128 * (2 * rng.integers(0, 2, k) + 1)
    mode = (m & (sub == 2)).astype(np.uint8)
    target = params["Threshold"] + rng.integers(0, 2, n)
    a, b = a.astype(np.uint16), b.astype(np.uint16)
    _kernels()[0](a, b, mode, target, rng.integers(0, 257, n))
    return {"a": a, "b": b, "rst": deep_core.resets(rng, n)}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "c": np.empty(n, np.int16)}
    _kernels()[1](stim["a"], stim["b"], stim["rst"], params["Threshold"], out["spike"], out["c"])
    return out


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    thr = params["Threshold"]
    live = stim["rst"] == 0
    a, b, c = stim["a"].astype(np.int64), stim["b"].astype(np.int64), out["c"].astype(np.int64)
    frac = (a * b) % 256
    hits = {
        "spike": out["spike"] == 1, "no_spike": out["spike"] == 0, "c_eq_threshold": c == thr,
        "c_threshold_plus_1": c == thr + 1, "round_tie": frac == 128, "round_up": frac > 128,
        "round_down": (frac > 0) & (frac < 128), "c_negative": c < 0, "a_max": a == 511, "b_max": b == 511,
    }
    for ab, (va, vb) in {"00": (0, 0), "01": (0, 256), "10": (256, 0), "11": (256, 256)}.items():
        hits[f"xor_{ab}"] = (a == va) & (b == vb)
    return {k: int(np.count_nonzero(live & v)) for k, v in hits.items()}


SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 1_000_000, "no_spike": 1_000_000, "c_eq_threshold": 10_000, "c_threshold_plus_1": 10_000,
        "round_tie": 10_000, "round_up": 1_000_000, "round_down": 1_000_000, "xor_00": 10_000, "xor_01": 10_000,
        "xor_10": 10_000, "xor_11": 10_000, "c_negative": 100_000, "a_max": 10_000, "b_max": 10_000,
        "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS},
)
