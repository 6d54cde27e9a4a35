"""Golden side of ``nrn_lif_lite``: FixedPointLIFLiteNeuron's bit-level semantics (hand-computed cases, the
identity the RTL relies on, bit-identity with FixedPointLIFNeuron where both exist, an fxpmath cross-check),
the conversion from physical parameters and its errors, and the documented accuracy-cost figures."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import golden
import golden.fixed.lif_lite as lif_lite
from golden import registry
from golden.fixed.lif_lite import (
    DOCUMENTED_COST,
    FixedPointLIFLiteNeuron,
    FixedPointLIFLiteParams,
    accuracy_cost,
    equivalent_full_lif,
    float_counterpart,
    full_lif_inputs,
    gain_shifts,
    leak_borrow,
    leak_shift_from_tau,
    lite_config,
    unwrapped_sum,
)


def lite(v=0, ref=0, **params):
    n = FixedPointLIFLiteNeuron(**params)
    n.set_state(v=v, refractory_counter=ref)
    return n


def test_module_doctest():
    res = doctest.testmod(lif_lite, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 3 and res.failed == 0


def test_registered_as_the_unit_model_not_as_a_catalogue_model():
    u = registry.unit("lif_lite")
    assert (u.key, u.model, u.rtl) == ("nrn_lif_lite", "golden.fixed.lif_lite.FixedPointLIFLiteNeuron",
                                       "rtl/neuron/nrn_lif_lite.sv")
    assert "FixedPointLIFLiteNeuron" not in registry.models()
    assert not hasattr(golden, "FixedPointLIFLiteNeuron")


def test_defaults_match_nrn_lif():
    p, full = FixedPointLIFLiteParams(), golden.FixedPointLIFNeuron().params
    for k in ("data_width", "fraction", "v_rest", "v_reset", "v_threshold", "refractory_period"):
        assert getattr(p, k) == getattr(full, k)
    assert (p.leak_shift_width, p.gain_shift, p.gain2_sign, p.gain) == (4, 0, 0, 1.0)
    n = FixedPointLIFLiteNeuron()
    assert n.input_defaults() == {"leak_shift": 4, "I_t": 0, "noise_in": 0}


# ----------------------------------------------------------------------------------------------------------
# hand-computed cases (Q8.8, v_rest = 0 unless said)


def test_leak_is_a_floor_shift_toward_rest():
    # floor((0 - 200) / 16) = floor(-12.5) = -13;  floor(200 / 16) = 12
    assert lite(200).step(leak_shift=4) == (0, 187)
    assert lite(-200).step(leak_shift=4) == (0, -188)
    # v_rest = 100, v = 0: floor(100 / 16) = 6; v_rest = 37, v = 40, s = 3: floor(-3 / 8) = -1
    assert lite(0, v_rest=100).step(leak_shift=4) == (0, 6)
    assert lite(40, v_rest=37).step(leak_shift=3) == (0, 39)
    # shift 0: v jumps to v_rest (+ input); from above v decays to rest, from below it stalls 2^s - 1 below
    assert lite(1234).step(leak_shift=0, I_t=5) == (0, 5)
    hi, lo = lite(200), lite(-200)
    assert [hi.step(leak_shift=4)[1] for _ in range(200)][-1] == 0
    assert [lo.step(leak_shift=4)[1] for _ in range(200)][-1] == -15


def test_threshold_equality_fires_one_less_does_not():
    assert lite(0).step(leak_shift=15, I_t=256) == (1, 0)  # (0 - 0) >> 15 = 0
    assert lite(0).step(leak_shift=15, I_t=255) == (0, 255)
    # floor(-200 / 2^15) = -1: 200 - 1 + 57 = 256 fires, + 56 does not
    assert lite(200).step(leak_shift=15, noise_in=57) == (1, 0)
    assert lite(200).step(leak_shift=15, noise_in=56) == (0, 255)
    # negative threshold: floor(150 / 2^15) = 0, v_next = -100 >= -100 fires
    assert lite(-150, v_threshold=-100, v_reset=-200).step(leak_shift=15, I_t=50) == (1, -200)
    assert lite(-150, v_threshold=-100, v_reset=-200).step(leak_shift=15, I_t=49) == (0, -101)


@pytest.mark.parametrize("period", [0, 1, 3])
def test_refractory_lasts_exactly_refractory_period_cycles(period):
    n = lite(250, v_rest=10, v_reset=-50, refractory_period=period)
    assert n.step(leak_shift=15, I_t=100) == (1, -50)
    for k in range(period):  # clamped at v_rest whatever the input and the leak
        assert n.step(leak_shift=0, I_t=30000, noise_in=5000) == (0, 10)
        assert n.get_state() == {"v": 10, "refractory_counter": period - 1 - k}
    start = 10 if period else -50
    assert n.step(leak_shift=15, I_t=100) == (0, start + 100 + ((10 - start) >> 15))


def test_wrap_at_both_ends():
    # 32767 + 1: no fire at the wrap (v_next = -32768 < 256), exactly as nrn_lif
    assert lite(32700, v_threshold=32767).step(leak_shift=15, I_t=100) == (0, 32700 - 1 + 100 - 65536)
    assert lite(-32700).step(leak_shift=15, I_t=-100) == (1, 0)  # -32800 wraps to +32736 >= 256: fires
    assert unwrapped_sum(-32700, 15, -100, 0, FixedPointLIFLiteParams()) == -32800


def test_gain_terms_are_floored_separately():
    # gain 2^-1 + 2^-2 = 0.75: floor(-0.5) + floor(-0.25) = -2 (a multiplier would give floor(-0.75) = -1)
    n = lite(0, gain_shift=-1, gain2_shift=-2, gain2_sign=1)
    assert n.step(leak_shift=15, I_t=-1) == (0, -2)
    # gain 2 - 2^-3 = 1.875, I = 9: 18 - floor(9 / 8) = 17
    assert lite(0, gain_shift=1, gain2_shift=-3, gain2_sign=-1).step(leak_shift=15, I_t=9) == (0, 17)
    # left shifts wrap: 2^15 * 3 = 98304 = 32768 (mod 2^16) -> -32768
    assert lite(0, gain_shift=15).step(leak_shift=15, I_t=3) == (0, -32768)


# ----------------------------------------------------------------------------------------------------------
# what the RTL relies on, and agreement with other formulations


@pytest.mark.parametrize("v_rest", [0, 37, -64, 255, -32768, 32767])
def test_shift_first_identity_exhaustive(v_rest):
    """(v_rest - v) >> s == (v_rest >> s) - (v >> s) - borrow for every 16-bit v and every shift 0..15."""
    p = FixedPointLIFLiteParams(v_rest=v_rest)
    v = np.arange(-32768, 32768, dtype=np.int64)
    for s in range(16):
        want = (v_rest - v) >> s
        got = (v_rest >> s) - (v >> s) - leak_borrow(v, s, p)
        assert np.array_equal(want, got), s


@pytest.mark.parametrize(("gain_shift", "levels"), [
    (0, {}), (-3, {}), (6, {}), (-8, {"v_rest": -64, "v_reset": -128, "v_threshold": 300, "refractory_period": 5}),
    (2, {"v_rest": 37, "v_reset": 0, "v_threshold": -7, "refractory_period": 0}),
])
def test_bit_identical_to_nrn_lif_model_for_power_of_two_settings(gain_shift, levels):
    rng = np.random.default_rng(3)
    p = FixedPointLIFLiteParams(gain_shift=gain_shift, **levels)
    for s in (0, 1, 4, 8):
        full, leak_k, gain_k = equivalent_full_lif(p, s)
        steps = 20_000
        i_t = np.where(rng.random(steps) < 0.5, rng.integers(-200, 400, steps), rng.integers(-32768, 32768, steps))
        noise = rng.integers(-32768, 32768, steps) * (rng.random(steps) < 0.2)
        a = FixedPointLIFLiteNeuron(p).simulate(steps, leak_shift=s, I_t=i_t, noise_in=noise)
        b = full.simulate(steps, leak_k=leak_k, gain_k=gain_k, I_t=i_t, noise_in=noise)
        assert np.array_equal(a["v_out"], b["v_out"]) and np.array_equal(a["spike"], b["spike"]), (s, gain_shift)
        assert a["spike"].sum() > 0


def test_equivalent_full_lif_exists_only_where_it_is_exact():
    with pytest.raises(ValueError, match="no bit-identical nrn_lif"):
        equivalent_full_lif(FixedPointLIFLiteParams(), 9)
    with pytest.raises(ValueError, match="no bit-identical nrn_lif"):
        equivalent_full_lif(FixedPointLIFLiteParams(gain_shift=7), 4)
    with pytest.raises(ValueError, match="no bit-identical nrn_lif"):
        equivalent_full_lif(FixedPointLIFLiteParams(gain_shift=0, gain2_shift=-1, gain2_sign=1), 4)


@pytest.mark.parametrize("gains", [(0, -1, 0), (1, -1, -1), (-2, -5, 1), (3, 0, 1)])
def test_kernel_matches_fxpmath(gains):
    """One step of random (v, leak_shift, I_t, noise) against fxpmath (real-valued fixed point, floor, wrap)."""
    from fxpmath import Fxp

    a, b, sign = gains
    p = FixedPointLIFLiteParams(gain_shift=a, gain2_shift=b, gain2_sign=sign)
    rng = np.random.default_rng(11)
    n = 2000
    v = rng.integers(-32768, 32768, n)
    s = rng.integers(0, 16, n)
    i_t = rng.integers(-32768, 32768, n)
    noise = rng.integers(-32768, 32768, n)

    def floor_int(x: np.ndarray) -> np.ndarray:  # real -> integer, rounding toward minus infinity
        return np.asarray(Fxp(x, signed=True, n_word=40, n_frac=0, rounding="floor", overflow="wrap").val,
                          dtype=np.int64)

    leak = floor_int((p.v_rest - v) / 2.0 ** s)
    dv_in = floor_int(i_t * 2.0 ** a) + (sign * floor_int(i_t * 2.0 ** b) if sign else 0)
    total = v + leak + dv_in + noise
    v_next = np.asarray(Fxp(total, signed=True, n_word=16, n_frac=0, overflow="wrap", rounding="floor").val,
                        dtype=np.int64)
    want_spike = v_next >= p.v_threshold
    want_v = np.where(want_spike, p.v_reset, v_next)
    pop = FixedPointLIFLiteNeuron.population(n, p)
    pop.state["v"][:] = v
    spike, v_out = pop.step(leak_shift=s, I_t=i_t, noise_in=noise)
    assert np.array_equal(spike, want_spike) and np.array_equal(v_out, want_v)


def test_population_equals_scalar():
    rng = np.random.default_rng(5)
    n, steps = 7, 300
    p = FixedPointLIFLiteParams(gain_shift=1, gain2_shift=-1, gain2_sign=-1, refractory_period=3)
    pop = FixedPointLIFLiteNeuron.population(n, p)
    scalars = [FixedPointLIFLiteNeuron(p) for _ in range(n)]
    for _ in range(steps):
        s, i_t = rng.integers(0, 16, n), rng.integers(-300, 600, n)
        spikes, vs = pop.step(leak_shift=s, I_t=i_t)
        for k, neuron in enumerate(scalars):
            assert neuron.step(int(s[k]), int(i_t[k])) == (spikes[k], vs[k])


# ----------------------------------------------------------------------------------------------------------
# parameters and inputs


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"leak_shift_width": 5}, "2\\^leak_shift_width <= data_width=16"),
    ({"data_width": 8, "fraction": 4, "v_threshold": 16, "leak_shift_width": 4}, "leak_shift_width"),
    ({"gain_shift": 16}, "gain_shift must be in \\[-15, 15\\]"),
    ({"gain_shift": 0, "gain2_shift": 0, "gain2_sign": 1}, "gain2_shift must be in \\[-15, gain_shift - 1"),
    ({"gain2_sign": 2}, "gain2_sign must be"),
    ({"v_threshold": 40000}, "v_threshold must fit a signed 16-bit word"),
])
def test_bad_parameters_are_refused(kwargs, match):
    with pytest.raises(ValueError, match=match):
        FixedPointLIFLiteParams(**kwargs)


def test_inputs_out_of_range_are_refused():
    n = FixedPointLIFLiteNeuron()
    with pytest.raises(ValueError, match=r"leak_shift .* must be in \[0, 15\], got 16"):
        n.step(leak_shift=16)
    with pytest.raises(ValueError, match="I_t"):
        n.step(leak_shift=4, I_t=32768)
    assert FixedPointLIFLiteNeuron(data_width=8, fraction=4, v_threshold=16, leak_shift_width=3).input_defaults()[
        "leak_shift"] == 4


# ----------------------------------------------------------------------------------------------------------
# physical parameters -> core parameters


@pytest.mark.parametrize(("tau", "dt", "s"), [(20, 1, 4), (16, 1, 4), (22.6, 1, 4), (22.7, 1, 5), (1, 1, 0),
                                              (20, 0.1, 8), (0.75, 1, 0), (46340, 1, 15)])
def test_leak_shift_is_round_log2(tau, dt, s):
    assert leak_shift_from_tau(tau, dt) == s


@pytest.mark.parametrize(("tau", "dt", "width", "match"), [
    (0.7, 1, 4, r"leak shift round\(log2\(tau_m/dt\)\) = -1, outside \[0, 15\].*tau_m must be in \[0.707107"),
    (46341, 1, 4, r"= 16, outside \[0, 15\]"),
    (300, 1, 3, r"outside \[0, 7\] of a 3-bit leak_shift input"),
    (-5, 1, 4, "must be finite and > 0"),
    (math.nan, 1, 4, "must be finite and > 0"),
])
def test_leak_shift_errors_say_what_fits(tau, dt, width, match):
    with pytest.raises(ValueError, match=match):
        leak_shift_from_tau(tau, dt, width)


@pytest.mark.parametrize(("gain", "want"), [
    (1.0, (0, 1.0)), (4.0, (0, 4.0)), (0.125, (0, 0.125)), (1.5, (1, 1.5)), (0.75, (1, 0.75)), (3.0, (1, 3.0)),
    (0.7, (1, 0.75)), (1.3, (1, 1.25)), (0.1, (1, 0.09375)),
])
def test_gain_shifts_nearest(gain, want):
    a, b, sign = gain_shifts(gain)
    assert (abs(sign), 2.0 ** a + sign * 2.0 ** b) == want
    a, b, sign = gain_shifts(gain, shift_add=False)
    assert sign == 0 and a == math.floor(math.log2(gain) + 0.5)


@pytest.mark.parametrize(("gain", "match"), [(0.0, "finite and > 0"), (-1.0, "finite and > 0"),
                                             (math.inf, "finite and > 0"), (2.0 ** 16, "outside the shift range"),
                                             (2.0 ** -16, "outside the shift range")])
def test_gain_errors(gain, match):
    with pytest.raises(ValueError, match=match):
        gain_shifts(gain)


def test_lite_config_is_coherent_with_the_model_and_the_rtl():
    cfg = lite_config(20.0, 1.0, resistance=0.7)
    assert (cfg.leak_shift, cfg.tau_eff, cfg.gain) == (4, 16.0, 0.75)
    assert cfg.tau_error == pytest.approx(-0.2) and cfg.gain_error == pytest.approx(0.75 / 0.7 - 1)
    p = cfg.params(v_threshold=300)
    assert (p.gain, p.v_threshold) == (0.75, 300)
    assert cfg.rtl_parameters() == {"GainShift": p.gain_shift, "Gain2Shift": p.gain2_shift,
                                    "Gain2Sign": p.gain2_sign}
    assert full_lif_inputs(20.0, 1.0, 0.7) == (13, 179)
    fl = float_counterpart(p, cfg.leak_shift)
    assert (fl.tau_mem, fl.resistance) == (16.0, 0.75)


# ----------------------------------------------------------------------------------------------------------
# the documented accuracy cost


@pytest.mark.parametrize("tau", list(DOCUMENTED_COST))
def test_documented_accuracy_cost(tau):
    got = accuracy_cost(tau).summary()
    assert {k: got[k] for k in DOCUMENTED_COST[tau]} == DOCUMENTED_COST[tau]


def test_accuracy_cost_is_in_the_docstring_and_shrinks_where_the_rounding_is_good():
    for tau, row in DOCUMENTED_COST.items():
        line = f"{tau:g}" if tau != int(tau) else f"{int(tau)}"
        assert any(ln.split() and ln.split()[0] == line and f"{row['mae_lite_vs_full']:.2f}" in ln
                   for ln in lif_lite.__doc__.splitlines()), tau
    # tau_m = 16 ms is a power of two: the lite core has no tau rounding; only the floor/dead-zone differences
    # with the full LIF's leak_k = 16 remain, which are none at all (bit-identical)
    exact = accuracy_cost(16.0).summary()
    assert exact["mae_lite_vs_full"] == 0.0 and exact["rheobase_lite"] == exact["rheobase_full"]
    worst = DOCUMENTED_COST[22.6]["rel_lite_vs_full"]
    assert worst == max(r["rel_lite_vs_full"] for r in DOCUMENTED_COST.values())
