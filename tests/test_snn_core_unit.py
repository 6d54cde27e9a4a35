"""The ``snn_core`` unit model (golden/fixed/snn_core_unit.py): record order, RTL parameters, clock counts, and the
network step it stands for, checked against hand computations and against the float network of
golden/export/network.py (the Q8.8 step must be the float step whenever no rounding or saturation occurs)."""

from __future__ import annotations

import numpy as np
import pytest

from golden import registry
from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.export.q88 import QuantLayer, QuantNetwork
from golden.fixed.snn_core_unit import (
    DRAIN_CYCLES,
    RTL_DEFAULTS,
    SnnCoreModel,
    check_rtl_params,
    rtl_params,
    sample_cycles,
    step_cycles,
    synth_metrics,
)


def _layer(w, b=None, **kw) -> QuantLayer:
    w = np.asarray(w, dtype=np.int64)
    b = np.zeros(w.shape[0], np.int64) if b is None else np.asarray(b, dtype=np.int64)
    return QuantLayer(weight=w, bias=b, **{"leak": 256, "threshold": 256, **kw})


def _net(seed=0, shape=(5, 4, 3), steps=6) -> QuantNetwork:
    rng = np.random.default_rng(seed)
    layers = tuple(_layer(rng.integers(-300, 300, (b, a)), rng.integers(-50, 50, b), leak=int(rng.integers(1, 257)),
                          threshold=int(rng.integers(50, 400)), v_rest=int(rng.integers(-40, 40)),
                          v_reset=int(rng.integers(-80, 1)))
                   for a, b in zip(shape[:-1], shape[1:], strict=True))
    return QuantNetwork(layers, timesteps=steps)


def test_registered_unit():
    u = registry.unit("snn_core")
    assert u.key == "snn_core" and u.rtl == "rtl/snn/snn_core.sv" and registry.unit("snn").key == "snn_core"


def test_records_follow_the_core_order_and_the_network_traces():
    net = _net()
    x = (np.random.default_rng(1).random((6, 5)) < 0.5).astype(np.uint8)
    rec = SnnCoreModel(net).records(x)
    run = net.run(x)
    assert rec.size == 6 * (4 + 3)
    first_step = rec[:7]
    assert first_step["layer"].tolist() == [0, 0, 0, 0, 1, 1, 1]
    assert first_step["idx"].tolist() == [0, 1, 2, 3, 0, 1, 2]
    for t in range(6):
        block = rec[t * 7:(t + 1) * 7]
        assert (block["step"] == t).all()
        assert block["v"][:4].tolist() == run.v[0][t].tolist()
        assert block["spike"][4:].tolist() == run.spikes[1][t].tolist()
    counts, vs, _ = SnnCoreModel(net).batch(x[None])
    assert counts[0].tolist() == run.counts.tolist() and np.array_equal(vs[1][0], run.v[1])


def test_sum_saturates_once_at_the_end():
    # 32767 + 32767 - 32768 = 32766: saturating after every addition would give -1
    net = QuantNetwork((_layer([[32767, 32767, -32768]], threshold=32767),), timesteps=1)
    rec = SnnCoreModel(net).records(np.array([[1, 1, 1]]))
    assert (int(rec["v"][0]), int(rec["spike"][0])) == (32766, 0)
    # one more unit of bias reaches the threshold exactly: the comparison is >=, v goes to v_reset
    net = QuantNetwork((_layer([[32767, 32767, -32768]], [1], threshold=32767, v_reset=-5),), timesteps=1)
    rec = SnnCoreModel(net).records(np.array([[1, 1, 1]]))
    assert (int(rec["v"][0]), int(rec["spike"][0])) == (-5, 1)


def test_leak_term_floors_and_v_saturates():
    # leak 128 (1/2): from v = -3 toward v_rest = 0: dv = (3 * 128) >> 8 = 1; from v = 3: (-3 * 128) >> 8 = -2
    lay = _layer([[-3], [3]], leak=128, threshold=1000)
    net = QuantNetwork((lay,), timesteps=2)
    rec = SnnCoreModel(net).records(np.array([[1], [0]]))
    # step 0 (from v_rest 0): v = +-3; step 1 (no input): -3 + 1 = -2 and 3 - 2 = 1
    assert rec["v"].tolist() == [-3, 3, -2, 1]
    # v + dv + I below -32768 saturates (v after the step is -32768, not a wrapped positive value)
    net = QuantNetwork((_layer([[-32768]], [-32768], leak=1, threshold=0, v_rest=-32768),), timesteps=1)
    assert SnnCoreModel(net).records(np.array([[1]]))["v"].tolist() == [-32768]


def test_q88_step_equals_the_float_network_when_nothing_rounds():
    """network.py: with leak = 1.0 (dt = tau_m) and values on the Q8.8 grid, no product is rounded and no sum
    saturates, so the bit-true step and the float step of NetworkSpec.run give identical spikes and membranes."""
    rng = np.random.default_rng(3)
    layers = []
    for a, b in ((12, 8), (8, 4)):
        w = rng.integers(-96, 160, (b, a)) / 256.0
        layers.append(LIFLayerSpec(weight=w, leak=1.0, threshold=float(rng.integers(80, 300)) / 256,
                                   v_rest=float(rng.integers(-20, 20)) / 256, v_reset=-0.25,
                                   bias=rng.integers(-30, 30, b) / 256.0))
    spec = NetworkSpec(tuple(layers), timesteps=20)
    x = (rng.random((20, 12)) < 0.4).astype(np.uint8)
    counts, traces = spec.run(x)
    q = QuantNetwork.from_spec(spec)
    model = SnnCoreModel(q)
    assert model.counts(x).tolist() == counts.tolist()
    run = q.run(x)
    for li in range(2):
        assert np.array_equal(run.v[li], np.rint(traces[li] * 256).astype(np.int64))
    assert counts.sum() > 0 and (counts < 20).any()  # the comparison is not vacuous


def test_rtl_parameters_round_trip_and_limits(tmp_path):
    net = _net()
    p = rtl_params(net, tmp_path)
    assert p["NumLayers"] == 2 and p["Layer1Inputs"] == 4 and p["Layer1Neurons"] == 3 and p["TimeSteps"] == 6
    assert p["ExportDir"] == str(tmp_path.resolve())
    assert check_rtl_params(net, p) == []
    assert check_rtl_params(net, {**p, "Layer0Threshold": p["Layer0Threshold"] + 1})
    assert set(RTL_DEFAULTS) <= set(p) | {"ExportDir"}
    with pytest.raises(ValueError, match="SPRAM"):
        rtl_params(net, tmp_path, use_spram=True)
    big = QuantNetwork((_layer(np.zeros((4097, 1), np.int64)),), timesteps=1)
    with pytest.raises(ValueError, match=r"n_out must be in \[1, 4096\], got 4097"):
        rtl_params(big)
    many = QuantNetwork((_layer(np.zeros((1100, 64), np.int64)),), timesteps=1)
    with pytest.raises(ValueError, match="at most 65536 weights"):
        SnnCoreModel(many)
    five = QuantNetwork(tuple(_layer(np.zeros((2, 2), np.int64)) for _ in range(5)), timesteps=1)
    with pytest.raises(ValueError, match="1 to 4 layers, got 5"):
        rtl_params(five)


def test_clock_counts():
    net = QuantNetwork((_layer(np.zeros((4, 3), np.int64)), _layer(np.zeros((2, 4), np.int64))), timesteps=2)
    # 2 events + end; layer 0: 4 neurons x 2 inputs; layer 1: no input spikes -> one clock per neuron
    assert step_cycles(net, [2, 0]) == 3 + (4 * 2 + DRAIN_CYCLES) + (2 * 1 + DRAIN_CYCLES)
    assert step_cycles(net, [0, 3]) == 1 + (4 + DRAIN_CYCLES) + (2 * 3 + DRAIN_CYCLES)
    x = np.array([[1, 1, 0], [0, 0, 0]])
    assert sample_cycles(net, x) == step_cycles(net, [2, 0]) + step_cycles(net, [0, 0]) + 6
    with pytest.raises(ValueError, match="one count per layer"):
        step_cycles(net, [1])


def test_synth_metrics_of_the_up5k_configuration():
    m = synth_metrics(24.0)
    full = next(r for r in m["activity"] if r["active_inputs"] == 64)
    assert full["clocks_per_step"] == 65 + 1024 * 64 + DRAIN_CYCLES
    # every input active: one synaptic operation per clock, minus the per-step overhead
    assert 0.99 * 24e6 < full["sops_per_s"] < 24e6
    idle = next(r for r in m["activity"] if r["active_inputs"] == 0)
    assert idle["neuron_updates_per_s"] == pytest.approx(24e6 * 1024 / (1 + 1024 + DRAIN_CYCLES), rel=1e-6)
