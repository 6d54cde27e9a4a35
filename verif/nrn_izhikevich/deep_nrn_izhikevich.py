"""Deep check of ``nrn_izhikevich``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`.

Stimulus: segments of three kinds: realistic (a step current of the paper's order, -15 .. 25 mV/ms, held
50-400 cycles, sometimes with noise), full (any 16-bit current held 1-8 cycles, the extremes often) and
directed (periods of 16 cycles: small random currents; then a current chosen among a few random ones so that
the next cycle can land v2 exactly on its target; then the smallest current whose v2 reaches the target,
VPeak - 1, VPeak, VPeak + 1 or 0.5 .. 5 mV below VPeak, found by bisection on the model in the loop; after
the latter, mostly a large current, which from v just below VPeak drives the overshoot into the 4096 mV
bound); resets at random cycles. The model is the unit's ``step_full`` compiled with numba (the very
function the unit model calls).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from golden.fixed.izhikevich_unit import I_FMT, U_MAX, U_MIN, V_SAT
from verif.deep import deep_core
from verif.nrn_izhikevich.test_nrn_izhikevich import ALT_PARAMETERS
from verif.nrn_izhikevich.test_nrn_izhikevich import SPEC as CORE

REALISTIC, FULL, DIRECTED = range(3)
PERIOD = 16  # cycles per aimed spike in the directed segments
ONE = 1 << I_FMT.frac
I_LO, I_HI = I_FMT.min_raw, I_FMT.max_raw


def _consts(params: dict[str, int]) -> tuple[int, ...]:
    """(VInit, UInit) and the kernel constants in ``step_full`` argument order."""
    p = params
    return (p["VInit"], p["UInit"], p["ADt"], p["B"], p["C"], p["D"], p["DtShift"], p["VPeak"], p["VMin"])


@cache
def _kernels():
    import numba

    from golden.fixed.izhikevich_unit import step_full

    step = numba.njit(step_full)

    @numba.njit(nogil=True)
    def first_reaching(v, u, target, adt, b, c, d, sh, vp, vm):
        """The smallest current whose v2 (before its clamp) reaches ``target`` (I_HI when none does)."""
        lo, hi = I_LO, I_HI
        if step(v, u, hi, adt, b, c, d, sh, vp, vm)[4] < target:
            return hi
        while lo < hi:
            mid = (lo + hi) // 2
            if step(v, u, mid, adt, b, c, d, sh, vp, vm)[4] >= target:
                hi = mid
            else:
                lo = mid + 1
        return lo

    @numba.njit(nogil=True)
    def aim(cur, rst, mode, offset, seed, v0, u0, adt, b, c, d, sh, vp, vm):
        """Walk the stimulus with the model. mode == 2 (the cycle before an aimed one): try a few random
        currents for one after which some current lands v2 EXACTLY on the next cycle's target (one input LSB
        moves v2 by ~100 LSBs at dt = 1 ms); mode == 1: the smallest current whose v2 reaches VPeak + offset."""
        np.random.seed(seed)
        v, u = v0, u0
        for t in range(cur.size):
            if rst[t]:
                v, u = v0, u0
                continue
            if mode[t] == 2 and t + 1 < cur.size and not rst[t + 1] and abs(offset[t + 1]) <= 1:
                target = vp + offset[t + 1]
                for _ in range(4):
                    i1 = np.random.randint(-5 * ONE, 15 * ONE + 1)
                    r = step(v, u, i1, adt, b, c, d, sh, vp, vm)
                    i2 = first_reaching(r[0], r[1], target, adt, b, c, d, sh, vp, vm)
                    if step(r[0], r[1], i2, adt, b, c, d, sh, vp, vm)[4] == target:
                        cur[t] = i1
                        break
            if mode[t] == 1:
                cur[t] = first_reaching(v, u, vp + offset[t], adt, b, c, d, sh, vp, vm)
            r = step(v, u, np.int64(cur[t]), adt, b, c, d, sh, vp, vm)
            v, u = r[0], r[1]

    @numba.njit(nogil=True)
    def loop(cur, rst, v0, u0, adt, b, c, d, sh, vp, vm, spike_o, v_o, u_o, v1r, v2r, ur):
        v, u, s = v0, u0, 0
        for t in range(cur.size):
            if rst[t]:
                v, u, s = v0, u0, 0
                v1r[t], v2r[t], ur[t] = 0, 0, 0
            else:
                r = step(v, u, np.int64(cur[t]), adt, b, c, d, sh, vp, vm)
                v, u, s = r[0], r[1], r[2]
                v1r[t], v2r[t], ur[t] = r[3], r[4], r[5]
            spike_o[t], v_o[t], u_o[t] = s, v, u

    return aim, loop


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.45, 0.25, 0.3))
    cur = np.zeros(n, np.int64)
    # realistic: step currents held 50-400 cycles, 30 % of them noisy (+-1 mV/ms)
    t = 0
    while t < n:
        length = int(rng.integers(50, 401))
        cur[t:t + length] = rng.integers(-15 * ONE, 25 * ONE + 1)
        if rng.random() < 0.3:
            cur[t:t + length] += rng.integers(-ONE, ONE + 1, min(length, n - t))
        t += length
    # full range: held 1-8 cycles, the extremes (and 0) often
    full = np.repeat(rng.integers(I_LO, I_HI + 1, n), rng.integers(1, 9, n))[:n]
    pick = rng.random(n)
    full = np.where(pick < 0.12, I_HI, np.where(pick < 0.24, I_LO, np.where(pick < 0.28, 0, full)))
    cur = np.where(kind == FULL, full, cur)
    # directed: periods of 16 cycles: 13 of a small random current (so that u relaxes between the aimed
    # spikes: one every 3 cycles would pump u far from rest), one chosen for the next, one aimed, one more
    phase = np.arange(n) % PERIOD
    m = kind == DIRECTED
    cur = np.where(m & (phase < PERIOD - 2), rng.integers(-5 * ONE, 15 * ONE + 1, n), cur)
    mode = np.where(m & (phase == PERIOD - 2), 1, np.where(m & (phase == PERIOD - 3), 2, 0)).astype(np.uint8)
    # targets: VPeak - 1, VPeak, VPeak + 1 (exact corners) or 0.5 .. 5 mV below VPeak (the state then sits just
    # below the cut-off, where a large current in the next cycle saturates the overshoot; only there, as each
    # such spike pumps u up by a b 4096 mV and a high u would move the aimed cycles far from rest)
    offset = np.where(rng.random(n) < 0.7, rng.integers(-1, 2, n), -rng.integers(2048, 20481, n))
    big = m & (phase == PERIOD - 1) & (np.roll(offset, 1) < -1) & (rng.random(n) < 0.7)
    cur = np.where(big, rng.integers(I_HI // 2, I_HI + 1, n), cur)
    rst = deep_core.resets(rng, n)
    cur = cur.astype(np.int16)
    _kernels()[0](cur, rst, mode, offset, int(rng.integers(0, 2**31)), *_consts(params))
    return {"current": cur, "rst": rst}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int32), "u": np.empty(n, np.int32),
           "v1_raw": np.empty(n, np.int64), "v2_raw": np.empty(n, np.int64), "u_raw": np.empty(n, np.int64)}
    _kernels()[1](stim["current"], stim["rst"], *_consts(params), out["spike"], out["v"], out["u"],
                  out["v1_raw"], out["v2_raw"], out["u_raw"])
    return out


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    live = stim["rst"] == 0
    cur = stim["current"].astype(np.int64)
    v1r, v2r, ur = out["v1_raw"], out["v2_raw"], out["u_raw"]
    v2 = np.clip(v2r, params["VMin"], V_SAT)
    vp = params["VPeak"]
    spike = out["spike"] == 1
    prev = np.concatenate(([False], spike[:-1]))
    hits = {
        "spike": spike, "no_spike": ~spike, "v2_eq_vpeak": v2 == vp, "v2_vpeak_minus_1": v2 == vp - 1,
        "v2_vpeak_plus_1": v2 == vp + 1, "v1_clamp_min": v1r < params["VMin"], "v2_clamp_min": v2r < params["VMin"],
        "v2_sat_max": v2r > V_SAT, "u_sat_max": ur > U_MAX, "u_sat_min": ur < U_MIN, "current_max": cur == I_HI,
        "current_min": cur == I_LO, "current_zero": cur == 0, "spike_twice": spike & prev,
    }
    return {k: int(np.count_nonzero(live & v)) for k, v in hits.items()}


SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 100_000, "no_spike": 1_000_000, "v2_eq_vpeak": 500, "v2_vpeak_minus_1": 500,
        "v2_vpeak_plus_1": 500, "v1_clamp_min": 100_000, "v2_clamp_min": 100_000, "v2_sat_max": 5_000,
        "u_sat_max": 1_000, "u_sat_min": 1_000, "current_max": 100_000, "current_min": 100_000,
        "current_zero": 10_000, "spike_twice": 10_000, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS},
)
