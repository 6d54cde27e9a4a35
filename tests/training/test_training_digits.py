"""The digits classifier: its float forward is network.py's float step, its Q8.8 forward is network.py's integer
step (checked against a plain integer numpy implementation written here), the checkpoint round trip, and a
short training run that must beat chance by a wide margin."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from golden.export.network import NetworkSpec
from golden.fixed.qformat import Q8_8
from golden.training.digits import DigitsSNN, encode, load_network_spec, predict, run, to_network_spec


def q88_counts_numpy(spec: NetworkSpec, spikes: np.ndarray) -> np.ndarray:
    """network.py's Q8.8 step in int64 numpy, for a batch: spikes (T, n, n_in) 0/1 -> output counts (n, n_out)."""
    steps, batch, _ = spikes.shape
    raw = []
    for li, layer in enumerate(spec.layers):
        leak = Q8_8.to_raw(layer.leak, f"layer {li} leak")
        assert 1 <= leak <= 256
        raw.append({"w": Q8_8.to_raw(layer.weight), "b": Q8_8.to_raw(layer.bias), "leak": leak,
                    "thr": Q8_8.to_raw(layer.threshold), "rest": Q8_8.to_raw(layer.v_rest),
                    "reset": Q8_8.to_raw(layer.v_reset)})
    v = [np.full((batch, r["w"].shape[0]), r["rest"], dtype=np.int64) for r in raw]
    counts = np.zeros((batch, raw[-1]["w"].shape[0]), dtype=np.int64)
    for t in range(steps):
        s = spikes[t].astype(np.int64)
        for li, r in enumerate(raw):
            acc = s @ r["w"].T + r["b"]  # exact, int64
            current = np.clip(acc, -32768, 32767)
            dv = ((r["rest"] - v[li]) * r["leak"]) >> 8  # arithmetic shift: floor
            v_next = np.clip(v[li] + dv + current, -32768, 32767)
            fired = v_next >= r["thr"]
            v[li] = np.where(fired, r["reset"], v_next)
            s = fired.astype(np.int64)
        counts += s
    return counts


def _random_model(seed: int, sizes=(64, 24, 10)) -> DigitsSNN:
    rng = np.random.default_rng(seed)
    leak = float(rng.integers(1, 257)) / 256 if seed % 2 else float(rng.uniform(0.003, 1.0))
    model = DigitsSNN(sizes=sizes, leak=leak, threshold=float(rng.uniform(0.2, 3.0)))
    with torch.no_grad():
        for fc in model.fcs:
            fc.weight.copy_(torch.from_numpy(rng.normal(0.0, 1.5, fc.weight.shape)))  # large: saturation happens
            fc.bias.copy_(torch.from_numpy(rng.normal(0.0, 0.5, fc.bias.shape)))
    return model


@pytest.mark.parametrize("seed", range(6))
def test_q88_forward_equals_integer_numpy_step(seed):
    model = _random_model(seed)
    model.quantised = True
    spikes = (np.random.default_rng(100 + seed).random((20, 64, 64)) < 0.3).astype(np.uint8)
    got = model(torch.from_numpy(spikes).float()).detach().numpy()
    want = q88_counts_numpy(to_network_spec(model, timesteps=20), spikes)
    np.testing.assert_array_equal(got, want)
    assert want.sum() > 0 and (want < 20).any()  # the comparison is not vacuous


def test_q88_emulation_saturates_like_the_integer_step():
    # all weights at +100: the accumulator overflows 16 bits and must saturate once, at the end
    model = DigitsSNN(sizes=(64, 4, 3), leak=0.5, threshold=120.0)
    with torch.no_grad():
        for fc in model.fcs:
            fc.weight.fill_(100.0)
            fc.bias.fill_(-50.0)
    model.quantised = True
    spikes = np.ones((6, 2, 64), dtype=np.uint8)
    got = model(torch.from_numpy(spikes).float()).detach().numpy()
    np.testing.assert_array_equal(got, q88_counts_numpy(to_network_spec(model, timesteps=6), spikes))


def test_float_forward_equals_network_spec_run():
    model = _random_model(7, sizes=(64, 32, 10)).double()
    with torch.no_grad():
        for fc in model.fcs:
            fc.weight.mul_(0.3)
    spikes = (np.random.default_rng(8).random((16, 40, 64)) < 0.3).astype(np.uint8)
    got = model(torch.from_numpy(spikes).double()).detach().numpy()
    spec = to_network_spec(model, timesteps=16)
    want = np.array([spec.run(spikes[:, i])[0] for i in range(spikes.shape[1])])
    np.testing.assert_array_equal(got, want)
    assert want.sum() > 0


def test_encodings():
    p = np.array([[0, 1, 5, 8, 15, 16]])
    rate = encode(p, 16, "rate")
    assert rate.shape == (16, 1, 6) and rate.sum(axis=0)[0].tolist() == [0, 1, 5, 8, 15, 16]
    assert rate[:, 0, 3].tolist() == [0, 1] * 8  # regularly spaced
    assert encode(p, 32, "rate").sum(axis=0)[0].tolist() == [0, 2, 10, 16, 30, 32]
    lat = encode(p, 16, "latency")
    assert lat.sum(axis=0)[0].tolist() == [0, 1, 1, 1, 1, 1]
    assert [int(np.argmax(lat[:, 0, j])) for j in range(1, 6)] == [14, 10, 8, 1, 0]  # round((1 - p/16) 15)
    with pytest.raises(ValueError, match="encoding must be one of"):
        encode(p, 16, "poisson")
    with pytest.raises(ValueError, match="pixels must be integers"):
        encode(p + 1, 16)


def test_short_training_beats_chance_and_checkpoint_round_trips(tmp_path):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        m = run(tmp_path, epochs=4, qat_epochs=1, seed=1, hidden=32, n_train=500, batch=32, lr=5e-3, progress=False)
    finally:
        torch.set_num_threads(threads)
    assert m["float_test_accuracy"] > 0.7 and m["q88_test_accuracy"] > 0.7  # chance is 0.1
    spec = load_network_spec(tmp_path / "digits.pt")
    assert [layer.weight.shape for layer in spec.layers] == [(32, 64), (10, 32)]
    for layer in spec.layers:  # exported Q8.8 values: exact multiples of 1/256
        np.testing.assert_array_equal(layer.weight * 256, np.round(layer.weight * 256))
    # the exported network, run by the integer reference, makes the model's Q8.8 predictions on the test set
    from golden.training.digits import load_digits_split

    _, _, x_te, y_te = load_digits_split()
    spikes = encode(x_te, spec.timesteps, "rate")
    ref = np.argmax(q88_counts_numpy(spec, spikes), axis=1)
    model = m["model"]
    np.testing.assert_array_equal(predict(model, torch.from_numpy(spikes).float()), ref)
    assert np.mean(ref == y_te) == pytest.approx(m["q88_test_accuracy"])
    metrics = (tmp_path / "metrics.json").read_text()
    assert '"q88_test_accuracy"' in metrics and '"seed": 1' in metrics
