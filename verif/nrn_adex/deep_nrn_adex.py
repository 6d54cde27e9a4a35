"""Deep check of ``nrn_adex``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`.

Stimulus (segments of 50..5000 cycles): realistic step currents in the presets' range (0..1 nA, changing now
and then), full-range currents (extremes often), the most negative current (v saturates at -128 mV, the
exponential underflows, w turns negative) and directed corners: the input aimed, with the model in the
loop, so that the potential before the threshold test is exactly VPeak - 1, VPeak or VPeak + 1, or the
exponent sits at k = 0 or k = 44. Resets at random cycles, and whenever w nears a rail (a large |WJump|
holds it there). The model is the unit's own ``adex_step`` compiled with numba.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from golden.fixed.adex_unit import EXP2, I_FMT, K_MAX, PARAM_ORDER, W_FMT, preset_params
from verif.deep import deep_core
from verif.nrn_adex.test_nrn_adex import BIG_JUMP
from verif.nrn_adex.test_nrn_adex import SPEC as CORE

REAL, FULL, NEG, AIM = range(4)
I_LO, I_HI = I_FMT.min_raw, I_FMT.max_raw
W_LO, W_HI = W_FMT.min_raw, W_FMT.max_raw
CORNERS = ("spike", "no_spike", "vp_eq_vpeak", "vp_vpeak_minus_1", "vp_vpeak_plus_1", "exp_underflow",
           "exp_saturated", "exp_k0", "exp_kmax", "idx_0", "idx_63", "v_sat_low", "w_sat_high", "w_sat_low",
           "w_negative", "i_min", "i_max")
TABLE = np.array(EXP2, dtype=np.int64)


def _args(params: dict[str, int]) -> np.ndarray:
    return np.array([params[k] for k in PARAM_ORDER], dtype=np.int64)


@cache
def _kernels():
    import numba

    from golden.fixed.adex_unit import adex_step

    step_ = numba.njit(adex_step)

    @numba.njit(nogil=True)
    def step(v, w, i, p, table):
        return step_(v, w, i, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], table)

    @numba.njit(nogil=True)
    def aim(v, w, target, p, table):
        lo, hi = I_LO, I_HI
        if step(v, w, lo, p, table)[3] <= target <= step(v, w, hi, p, table)[3]:
            while lo < hi:  # smallest input with vp >= target
                mid = (lo + hi) // 2
                if step(v, w, mid, p, table)[3] < target:
                    lo = mid + 1
                else:
                    hi = mid
            return lo
        s = step(v, w, hi, p, table)
        if step(s[0], s[1], hi, p, table)[3] < target:
            return hi
        while lo < hi:  # smallest input after which the next cycle can reach the target
            mid = (lo + hi) // 2
            s = step(v, w, mid, p, table)
            if step(s[0], s[1], hi, p, table)[3] < target:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @numba.njit(nogil=True)
    def drive(kind, rst, base, full, pick, p, table, big, i_out):
        """The inputs, cycle by cycle, with the model in the loop (aims and rail recovery need the state)."""
        v, w = p[0], 0
        target = p[3]
        for t in range(kind.size):
            if rst[t] == 0 and (w >= big or w <= -big) and kind[t] != NEG:
                rst[t] = 1  # w at a rail: reset
            if rst[t]:
                v, w = p[0], 0
                i_out[t] = full[t]
                continue
            k = kind[t]
            if k == REAL:
                i = base[t]
            elif k == FULL:
                i = full[t]
            elif k == NEG:
                i = I_LO
            else:
                if pick[t] >= 0:  # a new target now and then
                    c = pick[t]
                    if c <= 2:
                        target = p[3] + c - 1
                    else:
                        kk = 0 if c == 3 else K_MAX
                        target = p[1] + ((((kk << 16) + (1 << 15) - p[7]) << 16) // p[6])
                        target = min(target, p[3] - 1)
                i = aim(v, w, target, p, table)
            i_out[t] = i
            s = step(v, w, i, p, table)
            v, w = s[0], s[1]

    @numba.njit(nogil=True)
    def loop(i_in, rst, p, table, spike_o, v_o, w_o, counts):
        v, w = p[0], 0
        for t in range(i_in.size):
            if rst[t]:
                v, w = p[0], 0
                spike_o[t], v_o[t], w_o[t] = 0, v, w
                continue
            i = i_in[t]
            v1, w1, spike, vp, wj, k, j = step(v, w, i, p, table)
            live = 0 <= k <= K_MAX
            flags = (spike == 1, spike == 0, vp == p[3], vp == p[3] - 1, vp == p[3] + 1, k < 0, k > K_MAX,
                     k == 0, k == K_MAX, live and j == 0, live and j == 63, vp < -(1 << 23), wj > W_HI,
                     wj < W_LO, w < 0, i == I_LO, i == I_HI)
            for n in range(len(flags)):
                counts[n] += flags[n]
            v, w = v1, w1
            spike_o[t], v_o[t], w_o[t] = spike, v, w

    return drive, loop


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.45, 0.25, 0.1, 0.2))
    rst = deep_core.resets(rng, n)
    # realistic: a step current in 0..1 nA held for 100..2000 cycles, sometimes with noise
    changes = np.flatnonzero(rng.random(n) < 1 / 1000)
    levels = rng.integers(0, 1000 * 16, changes.size + 1)
    base = levels[np.searchsorted(changes, np.arange(n), side="right")]
    base = base + np.where(rng.random(n) < 0.3, rng.integers(-400, 401, n), 0)
    r = rng.random(n)
    full = np.where(r < 0.15, I_LO, np.where(r < 0.3, I_HI, rng.integers(I_LO, I_HI + 1, n)))
    pick = np.where(rng.random(n) < 1 / 6, rng.integers(0, 5, n), -1)
    i = np.empty(n, dtype=np.int32)
    _kernels()[0](kind, rst, base.astype(np.int64), full.astype(np.int64), pick.astype(np.int64), _args(params),
                  TABLE, BIG_JUMP, i)
    return {"i": i, "rst": rst}


def _run(stim: dict[str, np.ndarray], params: dict[str, int]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int32), "w": np.empty(n, np.int32)}
    counts = np.zeros(len(CORNERS), dtype=np.int64)
    _kernels()[1](stim["i"], stim["rst"], _args(params), TABLE, out["spike"], out["v"], out["w"], counts)
    return out, counts


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    return _run(stim, params)[0]


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    counts = _run(stim, params)[1]
    return {k: int(c) for k, c in zip(CORNERS, counts, strict=True)}


SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 20_000, "no_spike": 1_000_000, "vp_eq_vpeak": 2_000, "vp_vpeak_minus_1": 2_000,
        "vp_vpeak_plus_1": 2_000, "exp_underflow": 100_000, "exp_saturated": 10_000, "exp_k0": 5_000,
        "exp_kmax": 2_000, "idx_0": 20_000, "idx_63": 20_000, "v_sat_low": 100_000, "w_negative": 30_000,
        "i_min": 100_000, "i_max": 100_000, "w_sat_high": 100, "w_sat_low": 100, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "delayed_bursting": preset_params("delayed_regular_bursting")},  # a < 0
)
