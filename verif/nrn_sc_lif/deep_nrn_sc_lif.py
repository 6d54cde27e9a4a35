"""Deep check of ``nrn_sc_lif``: 10M cycles per parameter set on Verilator through the generic harness of
:mod:`verif.deep.deep_core`.

The noise bit of every cycle is the LFSR's state during that cycle, from the bit-true :class:`Lfsr` of
``golden.fixed.lfsr`` (``Lfsr.states``: the position since the last reset indexes its period), so the stimulus
can aim with it. Segments of three kinds: realistic (a constant current of -0.1 .. 0.3 around the rheobase
0.05, changing now and then: noise-driven firing), full (any 16-bit input, the extremes often) and directed
(the next membrane value, with this cycle's noise, aimed at VThreshold - 1, VThreshold, VThreshold + 1;
extremes from just under the threshold); resets at random cycles. The model is the unit's ``sc_lif_step``
compiled with numba (the same function, its helper compiled too).
"""

from __future__ import annotations

import types
from functools import cache

import numpy as np

from verif.deep import deep_core
from verif.nrn_sc_lif.test_nrn_sc_lif import ALT_PARAMETERS
from verif.nrn_sc_lif.test_nrn_sc_lif import SPEC as CORE

REALISTIC, FULL, DIRECTED = range(3)
# bit k of the model loop's per-cycle corner word (reset cycles: 0)
BINS = ("spike", "no_spike", "v_eq_threshold", "v_threshold_minus_1", "v_threshold_plus_1", "noise_pos",
        "noise_neg", "noise_decides", "leak_round_tie", "v_sat_hi", "v_sat_lo", "in_refractory", "refractory_last",
        "lfsr_period", "i_max", "i_min")


@cache
def _kernels():
    import numba

    from golden.fixed import sc_lif_unit as su

    vnext = numba.njit(su.v_next_of)
    fn = su.sc_lif_step
    # the unit's step function, its helper v_next_of resolved to the compiled one
    step = numba.njit(types.FunctionType(fn.__code__, {**fn.__globals__, "v_next_of": vnext}, fn.__name__,
                                         fn.__defaults__, fn.__closure__))
    aim_v = numba.njit(su.input_for_v)
    no_input, in_min, in_max = su.NO_INPUT, su.IN_MIN, su.IN_MAX

    @numba.njit(nogil=True)
    def gen(kind, rst, nbit, u, u2, ri, c, i_out):
        v_rest, v_th, leak_k, gain_k, amp = c[0], c[2], c[3], c[4], c[5]
        v, ref = v_rest, np.int64(0)
        level = np.int64(13)
        for t in range(kind.size):
            k = kind[t]
            if k == 0:
                if u[t] < 1.0 / 800.0 or t == 0:
                    level = np.int64(-26) + ri[t] % 104
                i = level
            elif k == 1:
                i = in_max if u[t] < 0.1 else (in_min if u[t] < 0.2 else in_min + ri[t] % 65536)
            else:
                if u[t] < 0.1:
                    i = in_max if u2[t] < 0.5 else in_min
                else:
                    noise = amp if nbit[t] else -amp
                    i = aim_v(v, noise, v_rest, leak_k, gain_k, v_th + ri[t] % 3 - 1)
                    if i == no_input:
                        i = in_min + ri[t] % 65536
            i_out[t] = i
            if rst[t]:
                v, ref = v_rest, np.int64(0)
                continue
            v, ref, _, _ = step(v, ref, i, np.int64(nbit[t]), c[0], c[1], c[2], c[3], c[4], c[5], c[6])

    @numba.njit(nogil=True)
    def loop(i_in, rst, nbit, state, seed, c, spike_o, v_o, noise_o, bins_o):
        v_rest, v_th, leak_k, gain_k, amp = c[0], c[2], c[3], c[4], c[5]
        v, ref = v_rest, np.int64(0)
        started = False
        for t in range(i_in.size):
            if rst[t]:
                v, ref = v_rest, np.int64(0)
                spike_o[t], v_o[t], noise_o[t], bins_o[t] = 0, v, 0, 0
                started = False
                continue
            i = np.int64(i_in[t])
            b = np.int64(0)
            bit = np.int64(nbit[t])
            noise = amp if bit else -amp
            if ref == 0:
                vs = min(max(vnext(v, i, noise, v_rest, leak_k, gain_k), -32768), 32767)
                vu = vnext(v, i, noise, v_rest, leak_k, gain_k)
                alt = min(max(vnext(v, i, -noise, v_rest, leak_k, gain_k), -32768), 32767)
                b |= (vs == v_th) << 2 | (vs == v_th - 1) << 3 | (vs == v_th + 1) << 4 | (bit == 1) << 5
                b |= (bit == 0) << 6 | ((vs >= v_th) != (alt >= v_th)) << 7
                b |= (((v_rest - v) * leak_k) % 256 == 128) << 8 | (vu > 32767) << 9 | (vu < -32768) << 10
            else:
                b |= 1 << 11 | (ref == 1) << 12
            b |= (started and state[t] == seed) << 13 | (i == in_max) << 14 | (i == in_min) << 15
            v, ref, s, nz = step(v, ref, i, bit, c[0], c[1], c[2], c[3], c[4], c[5], c[6])
            b |= (s == 1) | (s == 0) << 1
            started = True
            spike_o[t], v_o[t], noise_o[t], bins_o[t] = s, v, nz, b

    return gen, loop


def _unit(params: dict[str, int]):
    from golden.fixed.sc_lif_unit import ScLIFUnit

    return ScLIFUnit.from_rtl(params)


def _lfsr_states(params: dict[str, int], rst: np.ndarray) -> np.ndarray:
    """The LFSR's state during every cycle (the Lfsr model; enabled every cycle, reset with the core)."""
    return _unit(params).lfsr.states(np.ones(rst.size, dtype=bool), rst.astype(bool))


def generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    kind = deep_core.segments(rng, n, (0.4, 0.2, 0.4))
    rst = deep_core.resets(rng, n)
    nbit = (_lfsr_states(params, rst) & 1).astype(np.uint8)
    u, u2 = rng.random(n), rng.random(n)
    ri = rng.integers(0, 1 << 30, n)
    i = np.empty(n, np.int64)
    _kernels()[0](kind, rst, nbit, u, u2, ri, np.array(_unit(params).consts(), dtype=np.int64), i)
    return {"i": i.astype(np.int16), "rst": rst}


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    m = _unit(params)
    state = _lfsr_states(params, stim["rst"])
    out = {"spike": np.empty(n, np.uint8), "v": np.empty(n, np.int16), "noise": np.empty(n, np.int16),
           "_bins": np.empty(n, np.uint32)}
    _kernels()[1](stim["i"], stim["rst"], (state & 1).astype(np.uint8), state, np.int64(m.lfsr.seed),
                  np.array(m.consts(), dtype=np.int64), out["spike"], out["v"], out["noise"], out["_bins"])
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
        "spike": 300_000, "no_spike": 1_000_000, "v_eq_threshold": 20_000, "v_threshold_minus_1": 20_000,
        "v_threshold_plus_1": 20_000, "noise_pos": 1_000_000, "noise_neg": 1_000_000, "noise_decides": 100_000,
        "leak_round_tie": 5_000, "v_sat_hi": 10_000, "v_sat_lo": 10_000, "in_refractory": 100_000,
        "refractory_last": 30_000, "lfsr_period": 10_000, "i_max": 10_000, "i_min": 10_000, "reset_mid_run": 200,
    },
    param_sets={"default": {}, "alt": ALT_PARAMETERS},
)
