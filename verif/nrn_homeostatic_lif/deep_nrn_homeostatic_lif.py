"""Deep check of ``nrn_homeostatic_lif``: 10M cycles per parameter set on Verilator through the generic harness
of :mod:`verif.deep.deep_core`.

Stimulus, with the model in the loop (the threshold is state): segments of four kinds, realistic (a constant
current of -0.25 .. 2.0 that changes now and then: the homeostatic regime), bound (hard drive or silence, held
long enough for theta to reach ThetaMax or ThetaMin), full (any 16-bit input, the extremes often) and directed
(the next membrane value aimed at ceil(theta) - 1, ceil(theta), ceil(theta) + 1, extremes from just under the
threshold; extra resets there, so that theta is Theta0 exactly on the grid); resets at random cycles. The model
is the unit's ``homeostatic_step`` compiled with numba (the same function, its helper compiled too).
"""

from __future__ import annotations

import types
from functools import cache

import numpy as np

from verif.deep import deep_core
from verif.nrn_homeostatic_lif.test_nrn_homeostatic_lif import ALT_PARAMETERS
from verif.nrn_homeostatic_lif.test_nrn_homeostatic_lif import SPEC as CORE

REALISTIC, BOUND, FULL, DIRECTED = range(4)
WIDE = 1 << 40


@cache
def _kernels():
    import numba

    from golden.fixed import homeostatic_lif_unit as hu

    vnext = numba.njit(hu.v_next_of)
    step_fn = hu.homeostatic_step
    # the unit's step function, its helper v_next_of resolved to the compiled one
    step = numba.njit(types.FunctionType(step_fn.__code__, {**step_fn.__globals__, "v_next_of": vnext},
                                         step_fn.__name__, step_fn.__defaults__, step_fn.__closure__))
    aim_v = numba.njit(hu.input_for_v)
    no_input = hu.NO_INPUT
    in_min, in_max, extra = hu.IN_MIN, hu.IN_MAX, hu.THETA_EXTRA

    @numba.njit(nogil=True)
    def gen(kind, rst, u, u2, ri, c, i_out):
        v_rest, leak_k, gain_k = c[0], c[2], c[3]
        v, ref, r, th = v_rest, np.int64(0), np.int64(0), c[10]
        fire_dir = 1 if gain_k > 0 else -1
        level = np.int64(205)
        high = True
        for t in range(kind.size):
            k = kind[t]
            if k == 0:  # realistic
                if u[t] < 1.0 / 800.0 or t == 0:
                    level = np.int64(-64) + ri[t] % 577
                i = level
            elif k == 1:  # bound
                if u[t] < 1.0 / 3000.0:
                    high = not high
                if c[7] == 0:
                    high = True
                elif c[7] == 65536:
                    high = False
                i = fire_dir * (3000 + ri[t] % (in_max - 2999)) if high else -fire_dir * (ri[t] % (in_max + 1))
            elif k == 2:  # full range
                i = in_max if u[t] < 0.1 else (in_min if u[t] < 0.2 else in_min + ri[t] % 65536)
            else:  # directed
                if u[t] < 0.1:
                    i = in_max if u2[t] < 0.5 else in_min
                else:
                    ceil_th = -((-th) >> extra)
                    i = aim_v(v, v_rest, leak_k, gain_k, ceil_th + ri[t] % 3 - 1)
                    if i == no_input:
                        i = in_min + ri[t] % 65536
            i_out[t] = i
            if rst[t]:
                v, ref, r, th = v_rest, np.int64(0), np.int64(0), c[10]
                continue
            v, ref, r, th, _ = step(v, ref, r, th, i, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])

    @numba.njit(nogil=True)
    def loop(i_in, rst, c, spike_o, v_o, th_o, r_o, bins_o):
        v_rest, th_lo, th_hi, trace_shift = c[0], c[8], c[9], c[5]
        v, ref, r, th = v_rest, np.int64(0), np.int64(0), c[10]
        for t in range(i_in.size):
            if rst[t]:
                v, ref, r, th = v_rest, np.int64(0), np.int64(0), c[10]
                spike_o[t], v_o[t], th_o[t], r_o[t], bins_o[t] = 0, v, th, r, 0
                continue
            i = np.int64(i_in[t])
            # the corner bins of this cycle (BINS order), from the state before the step
            b = np.int64(0)
            vn = vnext(v, i, v_rest, c[2], c[3])
            vs = min(max(vn, -32768), 32767)
            ceil_th = -((-th) >> extra)
            if ref == 0:
                b |= (vs == ceil_th) << 2 | (vs == ceil_th - 1) << 3 | (vs == ceil_th + 1) << 4
                b |= ((vs << extra) == th) << 5 | (vn > 32767) << 6 | (vn < -32768) << 7
            else:
                b |= 1 << 14 | (ref == 1) << 15
            # the unclamped theta (coverage of the clamp): the same step with bounds that never act
            thf = step(v, ref, r, th, i, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], -WIDE, WIDE)[3]
            r_pre = r
            v, ref, r, th_new, s = step(v, ref, r, th, i, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], th_lo,
                                        th_hi)
            b |= (s == 1) | (s == 0) << 1 | (thf > th) << 8 | (thf < th) << 9 | (thf < th_lo) << 10
            b |= (thf > th_hi) << 11 | (r == 65536) << 12 | (i == in_max) << 16 | (i == in_min) << 17
            b |= (s == 0 and r_pre > 0 and r_pre < (1 << trace_shift) and r == r_pre) << 13
            th = th_new
            spike_o[t], v_o[t], th_o[t], r_o[t], bins_o[t] = s, v, th, r, b

    return gen, loop


def _consts(params: dict[str, int]) -> np.ndarray:
    from golden.fixed.homeostatic_lif_unit import THETA_EXTRA, HomeostaticLIFUnit

    m = HomeostaticLIFUnit.from_rtl(params)
    return np.array([*m.consts(), m.theta0 << THETA_EXTRA], dtype=np.int64)


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.3, 0.25, 0.15, 0.3), lo=200, hi=6000)
    rst = deep_core.resets(rng, n)
    rst |= ((kind == DIRECTED) & (rng.random(n) < 0.002)).astype(np.uint8)
    u, u2 = rng.random(n), rng.random(n)
    ri = rng.integers(0, 1 << 30, n)
    i = np.empty(n, np.int64)
    _kernels()[0](kind, rst, u, u2, ri, _consts(params), i)
    return {"i": i.astype(np.int16), "rst": rst}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int16), "threshold": np.empty(n, np.int32),
           "rate": np.empty(n, np.uint32), "_bins": np.empty(n, np.uint32)}
    _kernels()[1](stim["i"], stim["rst"], _consts(params), out["spike"], out["v"], out["threshold"], out["rate"],
                  out["_bins"])
    return out


# bit k of the model loop's per-cycle corner word (reset cycles: 0)
BINS = ("spike", "no_spike", "v_eq_theta", "v_theta_minus_1", "v_theta_plus_1", "v_eq_theta_exact", "v_sat_hi",
        "v_sat_lo", "theta_up", "theta_down", "theta_clamp_min", "theta_clamp_max", "rate_full",
        "rate_floor_residue", "in_refractory", "refractory_last", "i_max", "i_min")


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    word = out["_bins"]
    return {name: int(np.count_nonzero(word & np.uint32(1 << k))) for k, name in enumerate(BINS)}


SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 500_000, "no_spike": 500_000, "v_eq_theta": 20_000, "v_theta_minus_1": 20_000,
        "v_theta_plus_1": 20_000, "v_eq_theta_exact": 200, "v_sat_hi": 1_000, "v_sat_lo": 10_000,
        "theta_up": 1_000_000, "theta_down": 1_000_000, "theta_clamp_min": 10_000, "theta_clamp_max": 10_000,
        "rate_full": 10_000, "rate_floor_residue": 10_000, "in_refractory": 100_000, "refractory_last": 30_000,
        "i_max": 10_000, "i_min": 10_000, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS},
)
