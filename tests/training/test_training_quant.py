"""The torch fake quantiser against the project's one Q-format definition (golden.fixed.qformat)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from golden.fixed.qformat import Q8_8, QFormat
from golden.training.quant import floor_ste, quantize, round_ste, to_float, to_raw


def _values(fmt: QFormat, n: int, seed: int) -> np.ndarray:
    """Random reals across the range, exact ties (k + 1/2) LSB, the range ends and the first values past them."""
    rng = np.random.default_rng(seed)
    lo, hi = fmt.to_float(fmt.min_raw), fmt.to_float(fmt.max_raw)
    k = rng.integers(fmt.min_raw, fmt.max_raw, n // 4)
    ends = [lo, hi, lo - fmt.lsb / 2, hi + fmt.lsb / 2 - fmt.lsb / 1024, lo - fmt.lsb / 2 + fmt.lsb / 1024,
            hi - fmt.lsb / 2, 0.0, -0.0, fmt.lsb / 2, -fmt.lsb / 2]
    margin = 0.02 * (hi - lo)
    return np.concatenate([rng.uniform(lo - margin, hi + margin, n - n // 4 - len(ends)), (k + 0.5) * fmt.lsb, ends])


@pytest.mark.parametrize("fmt", [Q8_8, QFormat(12, 4, True), QFormat(8, 8, False)], ids=lambda f: f.name)
def test_to_raw_and_to_float_equal_qformat_on_100k_values(fmt):
    x = _values(fmt, 100_000, seed=7)
    scaled = np.floor(x * fmt.one + 0.5)
    inside = (scaled >= fmt.min_raw) & (scaled <= fmt.max_raw)
    assert inside.sum() > 80_000 and (~inside).sum() > 100  # both kinds are exercised
    xin = x[inside]
    got = to_raw(torch.from_numpy(xin), fmt)
    want = fmt.to_raw(xin)
    np.testing.assert_array_equal(got.numpy().astype(np.int64), want)
    np.testing.assert_array_equal(to_float(got, fmt).numpy(), fmt.to_float(want))
    np.testing.assert_array_equal(quantize(torch.from_numpy(xin), fmt).numpy(), fmt.to_float(want))
    # saturation: out-of-range values clamp to the ends, as the saturating units do
    sat = to_raw(torch.from_numpy(x), fmt, saturate=True).numpy()
    np.testing.assert_array_equal(sat, np.clip(scaled, fmt.min_raw, fmt.max_raw))
    np.testing.assert_array_equal(quantize(torch.from_numpy(x), fmt).numpy(), fmt.to_float(sat))


def test_float32_inputs_round_like_their_float64_values():
    x32 = _values(Q8_8, 100_000, seed=3).astype(np.float32)
    x32 = x32[np.abs(x32) < 127.0]
    got = to_raw(torch.from_numpy(x32)).numpy().astype(np.int64)
    np.testing.assert_array_equal(got, Q8_8.to_raw(x32.astype(np.float64)))


def test_ties_round_up_and_out_of_range_is_an_error_naming_the_value():
    assert to_raw(torch.tensor([0.5 / 256, -0.5 / 256, 1.5 / 256, -1.5 / 256])).tolist() == [1.0, 0.0, 2.0, -1.0]
    assert Q8_8.to_raw(np.array([0.5 / 256, -0.5 / 256, 1.5 / 256, -1.5 / 256])).tolist() == [1, 0, 2, -1]
    with pytest.raises(ValueError, match=r"weight=128.0 does not fit Q8.8"):
        to_raw(torch.tensor([1.0, 128.0]), name="weight")
    with pytest.raises(ValueError, match=r"does not fit Q8.8"):
        Q8_8.to_raw(np.array([1.0, 128.0]), name="weight")
    with pytest.raises(ValueError, match="must be finite"):
        to_raw(torch.tensor([float("nan")]))


def test_straight_through_gradients():
    x = torch.tensor([0.3, -5.0, 127.9, 130.0, -200.0], dtype=torch.float64, requires_grad=True)
    quantize(x).sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]  # zero only where the value saturated
    y = torch.tensor([1.7, -1.2], requires_grad=True)
    (round_ste(y) + floor_ste(y)).sum().backward()
    assert y.grad.tolist() == [2.0, 2.0]
    assert round_ste(torch.tensor([2.5, -2.5])).tolist() == [3.0, -2.0]  # ties up, as QFormat.to_raw
