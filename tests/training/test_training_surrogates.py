"""Surrogate spike functions: forward is the exact step H(x >= 0); backward is the derivative of the documented
smooth function (checked by central finite differences of that function, not of the code under test)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from golden.training.surrogates import SURROGATES, Surrogate, as_surrogate

NAMES = sorted(SURROGATES)
SCALES = {"fast_sigmoid": (1.0, 10.0, 25.0), "superspike": (1.0, 10.0), "arctan": (0.5, 2.0),
          "sigmoid": (1.0, 5.0), "straight_through": (1.0, 0.3), "triangular": (0.5, 1.0, 3.0)}


def test_the_six_surrogates_are_there():
    assert set(SURROGATES) == {"fast_sigmoid", "superspike", "arctan", "sigmoid", "straight_through", "triangular"}


@pytest.mark.parametrize("name", NAMES)
def test_forward_is_the_heaviside_step_with_h0_equal_1(name):
    x = torch.tensor([-1.0, -1e-12, 0.0, 1e-12, 3.0], dtype=torch.float64)
    assert Surrogate(name)(x).tolist() == [0.0, 0.0, 1.0, 1.0, 1.0]
    x32 = torch.tensor([-0.5, 0.0, 0.5], dtype=torch.float32)
    out = Surrogate(name)(x32)
    assert out.dtype == torch.float32 and out.tolist() == [0.0, 1.0, 1.0]


@pytest.mark.parametrize("name", NAMES)
def test_backward_equals_finite_difference_of_the_smooth_function(name):
    rng = np.random.default_rng(1)
    for scale in SCALES[name]:
        s = Surrogate(name, scale)
        x = torch.tensor(np.concatenate([rng.uniform(-3, 3, 400), rng.normal(0, 0.05, 100)]), dtype=torch.float64,
                         requires_grad=True)
        s(x).sum().backward()
        h = 1e-6
        with torch.no_grad():
            fd = (s.smooth(x + h) - s.smooth(x - h)) / (2 * h)
        # the triangle's derivative has kinks at 0 and +-w: a central difference there is off by O(h / w^2)
        np.testing.assert_allclose(x.grad.numpy(), fd.numpy(), rtol=1e-6, atol=2e-6 / min(scale, 1.0) ** 2)
        np.testing.assert_allclose(s.grad(x.detach()).numpy(), x.grad.numpy(), rtol=0, atol=0)


@pytest.mark.parametrize("name", ["fast_sigmoid", "arctan", "sigmoid", "triangular"])
def test_normalised_surrogates_are_derivatives_of_a_0_to_1_step(name):
    # the smooth function goes from 0 (far below threshold) to 1 (far above): the pseudo-derivative has area 1
    s = Surrogate(name)
    big = torch.tensor([-1e7, 1e7], dtype=torch.float64)
    lo, hi = s.smooth(big).tolist()
    assert lo == pytest.approx(0.0, abs=1e-5) and hi == pytest.approx(1.0, abs=1e-5)
    x = torch.linspace(-60, 60, 600001, dtype=torch.float64)
    area = torch.trapezoid(s.grad(x), x).item()
    assert area == pytest.approx(float(s.smooth(x[-1:]) - s.smooth(x[:1])), rel=1e-6)


def test_documented_shapes_at_threshold():
    x0 = torch.zeros(1, dtype=torch.float64)
    assert Surrogate("superspike", 10.0).grad(x0).item() == 1.0  # SuperSpike: 1/(1 + b|x|)^2 is 1 at threshold
    assert Surrogate("fast_sigmoid", 10.0).grad(x0).item() == 5.0  # k/2
    assert Surrogate("arctan", 2.0).grad(x0).item() == 1.0  # a/2
    assert Surrogate("sigmoid", 5.0).grad(x0).item() == 1.25  # k/4
    assert Surrogate("triangular", 0.5).grad(torch.tensor([0.0, 0.25, 0.5, 0.7], dtype=torch.float64)).tolist() == \
        [2.0, 1.0, 0.0, 0.0]
    # arctan's pseudo-derivative at x has the closed form a / (2 (1 + (pi a x / 2)^2)) (Fang et al. 2021)
    assert Surrogate("arctan", 2.0).grad(torch.tensor([0.3], dtype=torch.float64)).item() == pytest.approx(
        1.0 / (1.0 + (math.pi * 0.3) ** 2))


def test_bad_names_and_scales_are_rejected():
    with pytest.raises(ValueError, match="surrogate must be one of"):
        Surrogate("relu")
    for bad in (0.0, -1.0, math.inf, math.nan):
        with pytest.raises(ValueError, match="surrogate scale must be finite and > 0"):
            Surrogate("arctan", bad)
    with pytest.raises(ValueError, match="not both"):
        as_surrogate(Surrogate("arctan"), 3.0)
    assert as_surrogate(None).name == "fast_sigmoid"
