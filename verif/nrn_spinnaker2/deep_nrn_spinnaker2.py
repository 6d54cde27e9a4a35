"""Deep check of ``nrn_spinnaker2``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`.

Stimulus, with the model in the loop (the aim needs the state): segments of three kinds, realistic (a noisy
constant drive around the rheobase that changes now and then), full range (any int16 input, runs biased to one
extreme so that v reaches its bound) and directed (the summed membrane aimed at VThreshold - 1, VThreshold and
VThreshold + 1; the decayed part does not depend on the input, so the input that hits a target is exact unless
it leaves int16); resets at random cycles. The model loop is ``SpiNNaker2Neuron.kernel`` (the unit model's
kernel) with the unit's constants, compiled with numba; it counts the corners from the same kernel.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from golden.fixed.spinnaker2_unit import IN_MAX, IN_MIN, consts, params_from_rtl
from verif.deep import deep_core
from verif.nrn_spinnaker2.test_nrn_spinnaker2 import ALT_PARAMETERS, EDGE_PARAMETERS
from verif.nrn_spinnaker2.test_nrn_spinnaker2 import SPEC as CORE

REALISTIC, FULL, DIRECTED = range(3)
NEVER = 1 << 40  # a threshold the summed membrane cannot reach: the kernel's pre-threshold value
BINS = ("spike", "no_spike", "refractory", "refractory_last", "v_eq_threshold", "v_threshold_minus_1",
        "v_threshold_plus_1", "decay_floor_negative", "decay_exact", "v_below_rest", "input_max", "input_min")


@cache
def _kernels():
    import numba

    from golden.models.hardware.spinnaker2 import SpiNNaker2Neuron

    kj = numba.njit(SpiNNaker2Neuron.kernel)

    @numba.njit(nogil=True)
    def gen(kind, rst, u, ri, c, x_out):
        v_rest, v_reset, v_th, mult, shift, ref_steps = c[0], c[1], c[2], c[3], c[4], c[5]
        v, ref = v_rest, np.int64(0)
        level, spread, bias = np.int64(100), np.int64(50), np.int64(IN_MAX)
        for t in range(kind.size):
            k = kind[t]
            if k == 0:  # realistic: mean around the rheobase, uniform noise
                if u[t] < 1.0 / 400.0 or t == 0:
                    level = np.int64(-100) + ri[t] % 500
                    spread = ri[t] % 301
                x = level + (ri[t] >> 10) % (2 * spread + 1) - spread
            elif k == 1:  # full range, biased to one extreme
                if u[t] < 1.0 / 500.0:
                    bias = IN_MIN if bias == IN_MAX else IN_MAX
                r = (ri[t] >> 12) % 1000
                x = bias if r < 600 else (IN_MAX if r < 700 else (IN_MIN if r < 800 else IN_MIN + ri[t] % 65536))
            else:  # directed: the summed membrane at VThreshold - 1, +0, +1
                decayed = kj(v, np.int64(0), np.int64(0), v_rest, v_reset, NEVER, mult, shift, ref_steps)[0]
                x = v_th + (ri[t] % 3) - 1 - decayed
                if x < IN_MIN or x > IN_MAX:
                    x = IN_MIN + ri[t] % 65536
            x_out[t] = x
            if rst[t]:
                v, ref = v_rest, np.int64(0)
                continue
            v, ref, _ = kj(v, ref, np.int64(x), v_rest, v_reset, v_th, mult, shift, ref_steps)

    @numba.njit(nogil=True)
    def loop(x_in, rst, c, spike_o, v_o, ref_o, bins_o):
        v_rest, v_reset, v_th, mult, shift, ref_steps = c[0], c[1], c[2], c[3], c[4], c[5]
        v, ref = v_rest, np.int64(0)
        for t in range(x_in.size):
            if rst[t]:
                v, ref = v_rest, np.int64(0)
                spike_o[t], v_o[t], ref_o[t], bins_o[t] = 0, v, ref, 0
                continue
            x = np.int64(x_in[t])
            b = np.int64(0)
            if ref > 0:
                b |= 1 << 2 | (ref == 1) << 3
            else:
                pre = kj(v, ref, x, v_rest, v_reset, NEVER, mult, shift, ref_steps)[0]
                d = v - v_rest
                rem = (d * mult) & ((np.int64(1) << shift) - 1)
                b |= (pre == v_th) << 4 | (pre == v_th - 1) << 5 | (pre == v_th + 1) << 6
                b |= (d < 0 and rem != 0) << 7 | (d != 0 and rem == 0 and mult > 0) << 8 | (v < v_rest) << 9
            b |= (x == IN_MAX) << 10 | (x == IN_MIN) << 11
            v, ref, s = kj(v, ref, x, v_rest, v_reset, v_th, mult, shift, ref_steps)
            b |= (s == 1) | (s == 0) << 1
            spike_o[t], v_o[t], ref_o[t], bins_o[t] = s, v, ref, b

    return gen, loop


def _consts(params: dict[str, int]) -> np.ndarray:
    return np.array(consts(params_from_rtl(params)), dtype=np.int64)


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.4, 0.2, 0.4))
    rst = deep_core.resets(rng, n)
    u = rng.random(n)
    ri = rng.integers(0, 1 << 40, n)
    x = np.empty(n, np.int64)
    _kernels()[0](kind, rst, u, ri, _consts(params), x)
    return {"input": x.astype(np.int16), "rst": rst}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int32), "refractory": np.empty(n, np.uint8),
           "_bins": np.empty(n, np.uint32)}
    _kernels()[1](stim["input"], stim["rst"], _consts(params), out["spike"], out["v"], out["refractory"],
                  out["_bins"])
    return out


def corners(stim: dict[str, np.ndarray], out: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, int]:
    word = out["_bins"]
    return {name: int(np.count_nonzero(word & np.uint32(1 << k))) for k, name in enumerate(BINS)}


SPEC = deep_core.DeepSpec(
    core=CORE,
    generate=generate,
    model=model,
    corners=corners,
    min_corners={
        # floors for the slowest set (alt: a 255-step refractory period after each spike bounds the threshold hits
        # to about 1 in 256 cycles)
        "spike": 15_000, "no_spike": 1_000_000, "refractory": 100_000, "refractory_last": 15_000,
        "v_eq_threshold": 4_000, "v_threshold_minus_1": 4_000, "v_threshold_plus_1": 4_000,
        "decay_floor_negative": 100_000, "decay_exact": 200, "v_below_rest": 100_000, "input_max": 10_000,
        "input_min": 10_000, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
)
