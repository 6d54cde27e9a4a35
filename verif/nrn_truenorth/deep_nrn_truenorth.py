"""Deep check of ``nrn_truenorth``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`.

Stimulus: segments of three kinds: realistic (synaptic sums of a sparse population of 256 axons with 9-bit
weights, normal approximation), full range (any 17-bit input, the extremes often, runs biased to one extreme so
that the non-resetting modes saturate) and directed (V3 aimed at Threshold + eta + {-1, 0, 1} and at the
negative threshold + {-1, 0}, V1 put beside 0 within a leak step; the model is in the loop: the aim needs the
state and the LFSR draw); resets at random cycles. The model loop is ``TrueNorthNeuron.kernel`` (the unit
model's kernel) with the unit's ``rhos`` and ``prn_next``, compiled with numba; it also counts the corners
(from the kernel with its limits lifted, as :func:`golden.fixed.truenorth_unit.pre_threshold` does).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from golden.fixed.truenorth_unit import BIG, DOMAIN, IN_MAX, IN_MIN, consts, params_from_rtl
from verif.deep import deep_core
from verif.nrn_truenorth.test_nrn_truenorth import MODE_NAMES
from verif.nrn_truenorth.test_nrn_truenorth import SPEC as CORE

REALISTIC, FULL, DIRECTED = range(3)
BINS = ("spike", "no_spike", "v_eq_threshold", "v_threshold_minus_1", "v_threshold_plus_1", "v_eq_neg_threshold",
        "v_neg_threshold_minus_1", "sat_pos", "sat_neg", "fire_reset", "neg_reset", "neg_saturate",
        "reversal_to_zero", "stoch_leak_on", "stoch_leak_off", "eta_nonzero", "input_max", "input_min")
_B = {b: k for k, b in enumerate(BINS)}


@cache
def _kernels():
    import numba

    from golden.fixed.truenorth_unit import prn_next, rhos
    from golden.models.hardware.truenorth import TrueNorthNeuron

    kj = numba.njit(TrueNorthNeuron.kernel)
    rh = numba.njit(rhos)
    pn = numba.njit(prn_next)

    @numba.njit(nogil=True)
    def v3_of(v, x, rl, rt, c, vmax):
        """V after integration and leak (saturated at vmax), before the threshold tests."""
        return kj(v, x, rl, rt, c[0], c[1], c[2], BIG, BIG, 0, c[6], 1, c[8], vmax)[0]

    @numba.njit(nogil=True)
    def aim(x, rst, mode, kind, c, seed):
        v, prn = 0, seed
        for t in range(x.size):
            if rst[t]:
                v, prn = 0, seed
                continue
            rl, rt = rh(prn, c[5])
            if mode[t]:
                eta = prn & (c[5] - 1) if c[5] > 0 else 0
                if kind[t] == 5:  # V1 just beside 0, within one leak step: the reversal clamp
                    near = 1 + (0 if c[2] == 1 else t % max(abs(c[0]), 1))  # a stochastic leak steps by 1
                    x[t] = min(max(near * (1 - 2 * (t & 1)) - v, IN_MIN), IN_MAX)
                    v, _ = kj(v, np.int64(x[t]), rl, rt, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
                    prn = pn(prn)
                    continue
                if kind[t] < 3:
                    target = c[3] + eta + kind[t] - 1
                else:
                    target = -(c[4] + (0 if c[7] == 1 else eta)) - (kind[t] - 3)
                xx = target - v
                for _ in range(4):
                    xx = min(max(xx, IN_MIN), IN_MAX)
                    got = v3_of(v, xx, rl, rt, c, c[9])
                    if got == target:
                        break
                    xx += target - got
                x[t] = min(max(xx, IN_MIN), IN_MAX)
            v, _ = kj(v, np.int64(x[t]), rl, rt, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
            prn = pn(prn)

    @numba.njit(nogil=True)
    def loop(x, rst, c, seed, spike_o, v_o, hits):
        v, prn = 0, seed
        for t in range(x.size):
            if rst[t]:
                v, prn = 0, seed
                spike_o[t], v_o[t] = 0, 0
                continue
            xt = np.int64(x[t])
            rl, rt = rh(prn, c[5])
            # corners (the kernel with its limits lifted)
            eta = prn & (c[5] - 1) if c[5] > 0 else 0
            v_raw = v3_of(v, xt, rl, rt, c, BIG)
            v3 = v3_of(v, xt, rl, rt, c, c[9])
            thr = c[3] + eta
            neg = -(c[4] + (0 if c[7] == 1 else eta))
            fire = v3 >= thr
            hits[3] += v3 == thr
            hits[4] += v3 == thr - 1
            hits[5] += v3 == thr + 1
            hits[6] += (not fire) and v3 == neg
            hits[7] += (not fire) and v3 == neg - 1
            hits[8] += v_raw > c[9]
            hits[9] += v_raw < -c[9] - 1
            hits[10] += fire
            hits[11] += (not fire) and v3 < neg and c[7] == 0
            hits[12] += (not fire) and v3 < neg and c[7] == 1
            hits[13] += c[1] == 1 and v + xt != 0 and v_raw == 0
            draw = (prn >> 24) & 0xFF
            if c[2] == 1:
                if draw <= abs(c[0]) and c[0] != 0:
                    hits[14] += 1
                else:
                    hits[15] += 1
            hits[16] += eta > 0
            hits[17] += xt == IN_MAX
            hits[18] += xt == IN_MIN
            # the step
            v, s = kj(v, xt, rl, rt, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
            prn = pn(prn)
            spike_o[t], v_o[t] = s, v
            hits[1] += s
            hits[2] += 1 - s

    return aim, loop


def _consts(params: dict[str, int]) -> tuple[np.ndarray, int]:
    p, seed = params_from_rtl(params)
    return np.array(consts(p), dtype=np.int64), seed


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.35, 0.3, 0.35))
    # realistic: k ~ Binomial(256, p) active axons, weights uniform on [lo, hi] (normal approximation of the sum)
    seg = deep_core.segments(rng, n, (1, 1, 1, 1, 1, 1))
    p_act = np.array([0.01, 0.05, 0.2, 0.01, 0.05, 0.2])[seg]
    lo = np.array([-64, -64, -64, -255, -255, -255])[seg]
    hi = np.array([255, 255, 255, 64, 64, 64])[seg]
    k = rng.binomial(256, p_act)
    mean, var = (lo + hi) / 2.0, ((hi - lo + 1) ** 2 - 1) / 12.0
    x = np.rint(k * mean + np.sqrt(k * var) * rng.standard_normal(n)).astype(np.int64)
    x = np.clip(x, -DOMAIN, DOMAIN)
    m = kind == FULL
    bias = np.array([IN_MIN, IN_MAX, 0])[deep_core.segments(rng, n, (1, 1, 1))]
    r = rng.random(n)
    full = np.where(r < 0.05, IN_MAX, np.where(r < 0.1, IN_MIN, np.where(r < 0.7, bias,
                                                                       rng.integers(IN_MIN, IN_MAX + 1, n))))
    x[m] = full[m]
    x = x.astype(np.int32)
    rst = deep_core.resets(rng, n)
    mode = (kind == DIRECTED).astype(np.uint8)
    # 0..2: threshold - 1, +0, +1; 3, 4: negative threshold, -1; 5: beside 0
    target_kind = rng.choice(6, n, p=(0.19, 0.19, 0.19, 0.19, 0.19, 0.05)).astype(np.int8)
    c, seed = _consts(params)
    _kernels()[0](x, rst, mode, target_kind, c, seed)
    return {"weighted_input": x, "rst": rst}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int32), "_hits": np.zeros(len(BINS) + 1, np.int64)}
    c, seed = _consts(params)
    _kernels()[1](stim["weighted_input"], stim["rst"], c, seed, out["spike"], out["v"], out["_hits"])
    return out


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    h = {b: int(out["_hits"][k + 1]) for k, b in enumerate(BINS)}
    mode = MODE_NAMES[params["ResetMode"]]
    res = {b: v for b, v in h.items() if b not in ("fire_reset", "neg_reset")}
    res[f"fire_reset_{mode}"] = h["fire_reset"]
    res[f"neg_reset_{mode}"] = h["neg_reset"]
    return res


# non-resetting with negative reset (kappa = 0), convergent stochastic leak (reversal), stochastic threshold
ALT_PARAMETERS = {"ResetMode": 2, "NegSaturate": 0, "LeakReversal": 1, "Leak": -40, "StochasticLeak": 1,
                  "ThresholdMaskBits": 10, "Threshold": 2000, "NegThreshold": 1500, "VReset": 999, "PrnSeed": 777}
# linear reset with negative saturation, deterministic positive leak, wide thresholds
LINEAR_SAT_PARAMETERS = {"ResetMode": 1, "NegSaturate": 1, "Leak": 3, "ThresholdMaskBits": 3, "Threshold": 40000,
                         "NegThreshold": 70000}

SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        "spike": 100_000, "no_spike": 100_000, "v_eq_threshold": 10_000, "v_threshold_minus_1": 10_000,
        "v_threshold_plus_1": 10_000, "v_eq_neg_threshold": 10_000, "v_neg_threshold_minus_1": 10_000,
        "sat_pos": 10_000, "sat_neg": 10_000, **{f"fire_reset_{m}": 100_000 for m in MODE_NAMES},
        **{f"neg_reset_{m}": 10_000 for m in MODE_NAMES}, "neg_saturate": 10_000, "reversal_to_zero": 1_000,
        "stoch_leak_on": 10_000, "stoch_leak_off": 10_000, "eta_nonzero": 100_000, "input_max": 10_000,
        "input_min": 10_000, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS, "linear_sat": LINEAR_SAT_PARAMETERS},
)

