"""The bit-true Q8.8 network model (golden.export.q88): quantisation and its errors, hand-computed steps of the
documented arithmetic, an independent fxpmath cross-check, traces, the batch runner, and agreement with the float
network it approximates."""

from __future__ import annotations

import doctest
import time

import numpy as np
import pytest

import golden.export.q88 as q88
from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.export.q88 import QuantLayer, QuantNetwork, fxp_layer_step, quantise, run_float_batch
from golden.export.random_net import random_spec, random_stimulus
from golden.fixed.qformat import Q8_8

ONE = Q8_8.one


def layer(w, leak=ONE, threshold=ONE, v_rest=0, v_reset=0, bias=None):
    w = np.atleast_2d(np.asarray(w, dtype=np.int64))
    return QuantLayer(weight=w, bias=np.zeros(w.shape[0], np.int64) if bias is None else np.asarray(bias),
                      leak=leak, threshold=threshold, v_rest=v_rest, v_reset=v_reset)


def test_module_doctest():
    res = doctest.testmod(q88)
    assert res.attempted >= 5 and res.failed == 0


# ----------------------------------------------------------------------------------------------------------
# quantisation


def test_quantisation_rounds_to_nearest_keeps_sign_and_scale():
    spec = NetworkSpec((
        LIFLayerSpec(np.array([[0.5, -0.5, 1.5 / ONE, -1.5 / ONE, 0.49 / ONE, -100.0]]), leak=0.1, threshold=1.0,
                     v_rest=-0.25, v_reset=-1.0, bias=np.array([-2.0])),
        LIFLayerSpec(np.array([[0.5]]), leak=1.0, threshold=-0.75),
    ), timesteps=4)
    q = QuantNetwork.from_spec(spec)
    l0, l1 = q.layers
    # round half up (floor(x*256 + 0.5)): 1.5 LSB -> 2, -1.5 LSB -> -1, 0.49 LSB -> 0; the sign is kept
    assert l0.weight.tolist() == [[128, -128, 2, -1, 0, -25600]]
    assert (l0.bias.tolist(), l0.leak, l0.threshold, l0.v_rest, l0.v_reset) == ([-512], 26, 256, -64, -256)
    # no per-layer normalisation: 0.5 is raw 128 whatever else the layer holds
    assert l1.weight.tolist() == [[128]] and l1.leak == ONE and l1.threshold == -192
    assert QuantNetwork.from_spec(q.to_spec()).equals(q)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"weight": np.array([[0.0, 128.0]])}, "layer 1 weight[0, 1] = 128.0"),
    ({"weight": np.array([[-128.002, 0.0]])}, "layer 1 weight[0, 0] = -128.002"),
    ({"bias": np.array([200.0])}, "layer 1 bias[0] = 200.0"),
    ({"threshold": 130.0}, "layer 1 threshold = 130.0"),
    ({"v_reset": -129.0}, "layer 1 v_reset = -129.0"),
    ({"v_rest": 1e6}, "layer 1 v_rest = 1000000.0"),
])
def test_out_of_range_is_an_error_naming_layer_parameter_value_and_range(kwargs, needle):
    base = {"weight": np.array([[0.5, 0.5]]), "leak": 0.5, "threshold": 1.0}
    spec = NetworkSpec((LIFLayerSpec(np.ones((2, 1)), leak=0.5, threshold=1.0), LIFLayerSpec(**{**base, **kwargs})),
                       timesteps=2)
    with pytest.raises(ValueError) as e:
        QuantNetwork.from_spec(spec)
    msg = str(e.value)
    assert needle in msg and "[-128.0, 127.99609375]" in msg and "never clipped" in msg, msg


def test_largest_values_fit_and_one_lsb_more_does_not():
    top = Q8_8.to_float(Q8_8.max_raw)
    assert quantise(np.array([top, -128.0]), 0, "weight").tolist() == [32767, -32768]
    with pytest.raises(ValueError, match="does not fit Q8.8"):
        quantise(top + 0.5 / ONE, 0, "weight")  # rounds up to 32768


def test_leak_range_and_non_finite_values():
    assert q88.quantise_leak(1.0, 0) == ONE and q88.quantise_leak(0.5 / ONE, 0) == 1
    with pytest.raises(ValueError, match=r"layer 2 leak = 0\.001 .*outside \[1, 256\]"):
        q88.quantise_leak(0.001, 2)
    with pytest.raises(ValueError, match=r"layer 0 weight\[1\] = nan is not finite"):
        quantise(np.array([0.0, np.nan]), 0, "weight")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"leak": 0}, "leak must be a raw integer in"), ({"leak": 257}, "leak must be a raw integer in"),
    ({"threshold": 40000}, "threshold must be in"), ({"v_reset": 1.5}, "v_reset must be a raw integer"),
    ({"w": [[70000]]}, "weight must be in"), ({"bias": [1, 2]}, "bias must have shape"),
])
def test_quant_layer_rejects_bad_raw_values(kwargs, match):
    args = {"w": [[1]], "leak": 10, "threshold": 256, **kwargs}
    with pytest.raises(ValueError, match=match):
        layer(args.pop("w"), **args)


# ----------------------------------------------------------------------------------------------------------
# the documented step, computed by hand


def test_leak_is_a_floor_shift_toward_rest():
    lay = layer([[0]], leak=64, threshold=32767)  # leak 0.25
    # (0 - 200) * 64 >> 8 = -50; (0 - (-201)) * 64 >> 8 = floor(50.25) = 50; (0 - 201) * 64 >> 8 = floor(-50.25) = -51
    assert lay.step(np.array([200]), np.array([0]))[1].tolist() == [150]
    assert lay.step(np.array([-201]), np.array([0]))[1].tolist() == [-151]
    assert lay.step(np.array([201]), np.array([0]))[1].tolist() == [150]
    # v_rest = 100, v = 0: floor(100 * 64 / 256) = 25
    assert layer([[0]], leak=64, threshold=32767, v_rest=100).step(np.array([0]), np.array([0]))[1].tolist() == [25]


def test_current_saturates_once_after_the_whole_sum():
    # 32767 + 32767 - 32768 = 32766 exactly; a saturating running sum would give 32767 + 32767 -> 32767 - 32768 = -1
    lay = layer([[32767, 32767, -32768]], leak=ONE, threshold=32767)
    s, v = lay.step(np.array([0]), np.array([1, 1, 1]))
    assert (s.tolist(), v.tolist()) == ([0], [32766])
    s, v = lay.step(np.array([0]), np.array([1, 1, 0]))  # 65534 saturates to 32767 and fires (>=)
    assert (s.tolist(), v.tolist()) == ([1], [0])
    s, v = layer([[-32768, -32768]], leak=ONE).step(np.array([0]), np.array([1, 1]))
    assert (s.tolist(), v.tolist()) == ([0], [-32768])


def test_membrane_saturates_instead_of_wrapping():
    lay = layer([[32000]], leak=1, threshold=32767)  # dv = floor(-32000 / 256) = -125
    s, v = lay.step(np.array([32000]), np.array([1]))  # 32000 - 125 + 32000 = 63875 -> 32767, fires at 32767
    assert (s.tolist(), v.tolist()) == ([1], [0])
    lay = layer([[-32000]], leak=1, threshold=0)
    s, v = lay.step(np.array([-32000]), np.array([1]))
    assert (s.tolist(), v.tolist()) == ([0], [-32768])


def test_threshold_is_a_signed_greater_or_equal_and_reset_is_v_reset():
    lay = layer([[100]], leak=ONE, threshold=-156, v_rest=-256, v_reset=-300)  # v_next = -256 + 100 = -156
    assert [x.tolist() for x in lay.step(np.array([5]), np.array([1]))] == [[1], [-300]]
    lay = layer([[99]], leak=ONE, threshold=-156, v_rest=-256, v_reset=-300)
    assert [x.tolist() for x in lay.step(np.array([5]), np.array([1]))] == [[0], [-157]]


def test_spikes_cross_every_layer_in_the_same_step():
    net = QuantNetwork((layer([[ONE]]), layer([[ONE]]), layer([[ONE]])), timesteps=3)
    r = net.run(np.array([[1], [0], [1]]))
    assert [s[:, 0].tolist() for s in r.spikes] == [[1, 0, 1]] * 3 and r.counts.tolist() == [2]


# ----------------------------------------------------------------------------------------------------------
# fxpmath cross-check, traces, batch runner


def extreme_layer(rng, n_in, n_out):
    """A layer whose raw values reach both ends of the word, so sums and membranes saturate."""
    w = rng.integers(Q8_8.min_raw, Q8_8.max_raw + 1, size=(n_out, n_in))
    w[rng.random(w.shape) < 0.5] //= 64
    scal = rng.integers(Q8_8.min_raw, Q8_8.max_raw + 1, size=3)
    return layer(w, leak=int(rng.integers(1, ONE + 1)), threshold=int(scal[0]), v_rest=int(scal[1]),
                 v_reset=int(scal[2]), bias=rng.integers(Q8_8.min_raw, Q8_8.max_raw + 1, size=n_out))


def test_integer_step_equals_the_fxpmath_formulation():
    rng = np.random.default_rng(20240808)
    saturated = fired = 0
    for _ in range(12):
        lay = extreme_layer(rng, 9, 7)
        v = rng.integers(Q8_8.min_raw, Q8_8.max_raw + 1, size=(150, 7))
        s_in = rng.integers(0, 2, size=(150, 9))
        s_a, v_a = lay.step(v, s_in)
        s_b, v_b = fxp_layer_step(lay, v, s_in)
        np.testing.assert_array_equal(s_a, s_b)
        np.testing.assert_array_equal(v_a, v_b)
        acc = s_in @ lay.weight.T + lay.bias
        saturated += int(np.sum(np.abs(acc) > Q8_8.max_raw))
        fired += int(s_a.sum())
    assert saturated > 100 and fired > 100  # the corners were exercised


def test_run_traces_equal_manual_steps_and_batch_equals_single_runs():
    spec = random_spec(7, (20, 12, 6), timesteps=15)
    q = QuantNetwork.from_spec(spec)
    x = random_stimulus(8, 5, 15, 20, rate=0.4)
    batch = q.run_batch(x, trace=True)
    for b in range(5):
        r = q.run(x[b])
        v = q.initial_state()
        for t in range(15):
            v, spikes = q.step(v, x[b, t])
            for li in range(2):
                assert r.v[li][t].tolist() == v[li].tolist() and r.spikes[li][t].tolist() == spikes[li].tolist()
                assert r.v[li][t].tolist() == batch.v[li][b, t].tolist()
        assert r.counts.tolist() == r.spikes[-1].sum(axis=0).tolist() == batch.counts[b].tolist()
    assert 0 < np.mean(batch.spikes[0]) < 0.6  # active, not saturated


def test_run_rejects_bad_input():
    q = QuantNetwork.from_spec(random_spec(1, (4, 3), timesteps=2))
    with pytest.raises(ValueError, match=r"shape \(T, n_in\) with n_in=4"):
        q.run(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="only 0 and 1"):
        q.run(np.full((2, 4), 2))


def test_batch_runner_is_fast_enough_for_the_test_set():
    spec = random_spec(11, (64, 32, 10), timesteps=32)
    q = QuantNetwork.from_spec(spec)
    x = random_stimulus(12, 360, 32, 64)
    t0 = time.perf_counter()
    q.run_batch(x)
    assert time.perf_counter() - t0 < 5.0


# ----------------------------------------------------------------------------------------------------------
# against the float network


def test_float_batch_runner_equals_network_spec_run():
    spec = random_spec(2, (16, 8, 5), timesteps=12)
    x = random_stimulus(3, 4, 12, 16)
    counts = run_float_batch(spec, x)
    for b in range(4):
        assert counts[b].tolist() == spec.run(x[b])[0].tolist()


def test_on_grid_with_leak_one_the_float_network_is_bit_identical():
    """With leak = 1 the leak shift is exact, so float and Q8.8 do the same arithmetic on grid values."""
    rng = np.random.default_rng(5)
    layers = [LIFLayerSpec(rng.integers(-300, 400, size=(n_out, n_in)) / ONE, leak=1.0, threshold=t,
                           v_rest=vr, v_reset=vz, bias=rng.integers(-20, 20, size=n_out) / ONE)
              for n_in, n_out, t, vr, vz in ((24, 12, 1.5, -0.125, -0.5), (12, 6, 0.75, 0.0, -0.25))]
    spec = NetworkSpec(tuple(layers), timesteps=20)
    q = QuantNetwork.from_spec(spec)
    x = random_stimulus(6, 40, 20, 24, rate=0.4)
    for b in range(0, 40, 8):
        counts_f, v_f = spec.run(x[b])
        r = q.run(x[b])
        assert counts_f.tolist() == r.counts.tolist()
        for li in range(2):
            np.testing.assert_array_equal(Q8_8.to_raw(v_f[li]), r.v[li])
    assert run_float_batch(spec, x).tolist() == q.run_batch(x).counts.tolist()
    assert q.run_batch(x).counts.sum() > 40


AGREEMENT = {"per_output": 0.80, "argmax": 0.90, "within_one": 0.85, "total": 0.01}


def agreement(counts_a, counts_b):
    return {
        "per_output": float(np.mean(counts_a == counts_b)),
        "argmax": float(np.mean(np.argmax(counts_a, 1) == np.argmax(counts_b, 1))),
        "within_one": float(np.mean(np.abs(counts_a - counts_b).max(axis=1) <= 1)),
        "total": abs(float(counts_a.sum() - counts_b.sum())) / float(counts_a.sum()),
    }


def meets(a):
    return (a["per_output"] >= AGREEMENT["per_output"] and a["argmax"] >= AGREEMENT["argmax"]
            and a["within_one"] >= AGREEMENT["within_one"] and a["total"] <= AGREEMENT["total"])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_q88_spike_counts_agree_with_the_float_network(seed):
    """Stated agreement over 360 samples of a well-scaled random 64-32-10 network (float weights off the grid):
    >= 80 % of (sample, output) spike counts identical, the argmax identical on >= 90 % of samples, every output
    within one spike on >= 85 %, total spike count within 1 %."""
    spec = random_spec(seed, (64, 32, 10), timesteps=32)
    x = random_stimulus(100 + seed, 360, 32, 64)
    a = agreement(run_float_batch(spec, x), QuantNetwork.from_spec(spec).run_batch(x).counts)
    assert meets(a), a


def test_the_agreement_check_fails_for_a_sign_losing_min_max_export():
    """The metric can fail: per-layer min-max normalisation of the weights to [0, 1] (the seed library's export)
    loses sign and scale, and the same check rejects it."""
    spec = random_spec(0, (64, 32, 10), timesteps=32)
    bad = NetworkSpec(tuple(
        LIFLayerSpec((lay.weight - lay.weight.min()) / (lay.weight.max() - lay.weight.min()), leak=lay.leak,
                     threshold=lay.threshold, v_rest=lay.v_rest, v_reset=lay.v_reset, bias=lay.bias)
        for lay in spec.layers), timesteps=32)
    x = random_stimulus(100, 360, 32, 64)
    a = agreement(run_float_batch(spec, x), QuantNetwork.from_spec(bad).run_batch(x).counts)
    assert not meets(a), a
