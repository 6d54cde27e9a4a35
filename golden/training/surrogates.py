"""Surrogate spike functions: a Heaviside step forward, a smooth pseudo-derivative backward.

A spiking neuron emits ``s = H(x)`` with ``x = v - threshold`` (``H(x) = 1`` iff ``x >= 0``: the same
"greater or equal" spike test as every golden model of this project). ``H`` has a zero derivative almost
everywhere, so gradient descent through it learns nothing. A surrogate gradient keeps the exact step in the
forward pass and, in the backward pass, replaces ``dH/dx`` by the derivative ``f'(x)`` of a smooth function ``f``
that approximates the step (Neftci, Mostafa & Zenke 2019, IEEE Signal Process. Mag. 36(6):51, "Surrogate
gradient learning in spiking neural networks"). Every function below is a ``torch.autograd.Function`` with one
``scale`` parameter (its sharpness, or its width for the triangle) and carries its ``smooth(x, scale)``, the
``f`` whose derivative its backward pass returns (the tests compare the two by finite differences).

==================  =====================================================  ==============================  =======
name                backward ``f'(x)``                                     smooth ``f(x)``                 scale
==================  =====================================================  ==============================  =======
``fast_sigmoid``    ``k / (2 (1 + k|x|)^2)``  (integrates to 1)            ``(1 + k x / (1 + k|x|)) / 2``   k = 10
``superspike``      ``1 / (1 + b|x|)^2``  (peak 1, as in SuperSpike)       ``x / (1 + b|x|)``              b = 10
``arctan``          ``a / (2 (1 + (pi a x / 2)^2))``                       ``atan(pi a x / 2) / pi + 1/2``  a = 2
``sigmoid``         ``k sig(k x) (1 - sig(k x))``                          ``sig(k x)``                    k = 5
``straight_through``  ``c`` (constant)                                     ``c x``                         c = 1
``triangular``      ``max(0, 1 - |x|/w) / w``  (integrates to 1)           piecewise quadratic ramp 0 -> 1  w = 1
==================  =====================================================  ==============================  =======

References:

* SuperSpike (the derivative of the "fast sigmoid" ``x / (1 + |x|)``): Zenke & Ganguli 2018, Neural Comput.
  30(6):1514, "SuperSpike: supervised learning in multilayer spiking neural networks". ``superspike`` is the
  paper's unnormalised form (value 1 at threshold); ``fast_sigmoid`` is the same shape halved so that it is the
  derivative of a step from 0 to 1 (area 1), which keeps its gradient scale independent of ``k``.
* arctan: Fang, Yu, Chen, Masquelier, Huang & Tian 2021, ICCV, "Incorporating learnable membrane time constant
  to enhance learning of spiking neural networks" (the step approximated by ``atan(pi a x / 2) / pi + 1/2``).
* sigmoid: the logistic step of slope ``k``, one of the surrogates compared by Neftci et al. 2019 (above) and by
  Zenke & Vogels 2021, Neural Comput. 33(4):899.
* straight-through: Bengio, Leonard & Courville 2013, arXiv:1308.3432 (the gradient of the step replaced by a
  constant; ``c = 1`` is the identity).
* triangular: the piecewise-linear pseudo-derivative ``gamma max(0, 1 - |v - A| / v_th)`` of Bellec, Salaj,
  Subramoney, Legenstein & Maass 2018, NeurIPS, "Long short-term memory and learning-to-learn in networks of
  spiking neurons" (also in e-prop, Bellec et al. 2020, Nat. Commun. 11:3625). Here it is normalised to area 1
  (width ``w``); the paper's dampening ``gamma`` (0.3) is ``0.3 * w`` times this function with ``w = v_th``.

Usage: ``spike = Surrogate("arctan", scale=2.0)``, then ``s = spike(v - threshold)``; or
``SURROGATES["arctan"].apply(x, 2.0)``. All functions keep the input's dtype and device.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch


def _heaviside(x: torch.Tensor) -> torch.Tensor:
    return (x >= 0).to(x.dtype)


class _SpikeFunction(torch.autograd.Function):
    """Common forward (``H(x)``, ``x >= 0`` fires); subclasses define ``grad`` and ``smooth``."""

    name = ""
    default_scale = 1.0

    @staticmethod
    def grad(x: torch.Tensor, scale: float) -> torch.Tensor:  # pragma: no cover - overridden
        raise NotImplementedError

    @staticmethod
    def smooth(x: torch.Tensor, scale: float) -> torch.Tensor:  # pragma: no cover - overridden
        raise NotImplementedError

    @classmethod
    def forward(cls, ctx, x: torch.Tensor, scale: float) -> torch.Tensor:
        ctx.save_for_backward(x)
        ctx.scale = scale
        return _heaviside(x)

    @classmethod
    def backward(cls, ctx, grad_output: torch.Tensor):
        (x,) = ctx.saved_tensors
        return grad_output * cls.grad(x, ctx.scale), None


class FastSigmoid(_SpikeFunction):
    """Step forward; backward ``k / (2 (1 + k|x|)^2)`` (SuperSpike's fast sigmoid, area 1)."""

    name = "fast_sigmoid"
    default_scale = 10.0

    @staticmethod
    def grad(x, scale):
        return 0.5 * scale / (1.0 + scale * x.abs()) ** 2

    @staticmethod
    def smooth(x, scale):
        return 0.5 * (1.0 + scale * x / (1.0 + scale * x.abs()))


class SuperSpike(_SpikeFunction):
    """Step forward; backward ``1 / (1 + b|x|)^2`` (Zenke & Ganguli 2018, unnormalised, value 1 at x = 0)."""

    name = "superspike"
    default_scale = 10.0

    @staticmethod
    def grad(x, scale):
        return 1.0 / (1.0 + scale * x.abs()) ** 2

    @staticmethod
    def smooth(x, scale):
        return x / (1.0 + scale * x.abs())


class ArcTan(_SpikeFunction):
    """Step forward; backward ``a / (2 (1 + (pi a x / 2)^2))`` (Fang et al. 2021)."""

    name = "arctan"
    default_scale = 2.0

    @staticmethod
    def grad(x, scale):
        return 0.5 * scale / (1.0 + (0.5 * math.pi * scale * x) ** 2)

    @staticmethod
    def smooth(x, scale):
        return torch.atan(0.5 * math.pi * scale * x) / math.pi + 0.5


class Sigmoid(_SpikeFunction):
    """Step forward; backward ``k sig(kx) (1 - sig(kx))``, the derivative of the logistic step."""

    name = "sigmoid"
    default_scale = 5.0

    @staticmethod
    def grad(x, scale):
        s = torch.sigmoid(scale * x)
        return scale * s * (1.0 - s)

    @staticmethod
    def smooth(x, scale):
        return torch.sigmoid(scale * x)


class StraightThrough(_SpikeFunction):
    """Step forward; backward the constant ``c`` (Bengio et al. 2013's straight-through estimator)."""

    name = "straight_through"
    default_scale = 1.0

    @staticmethod
    def grad(x, scale):
        return torch.full_like(x, scale)

    @staticmethod
    def smooth(x, scale):
        return scale * x


class Triangular(_SpikeFunction):
    """Step forward; backward ``max(0, 1 - |x|/w) / w`` (Bellec et al. 2018's triangle, area 1)."""

    name = "triangular"
    default_scale = 1.0

    @staticmethod
    def grad(x, scale):
        return torch.clamp(1.0 - x.abs() / scale, min=0.0) / scale

    @staticmethod
    def smooth(x, scale):
        # the integral of the triangle: 0 below -w, 1 above w, quadratic pieces in between
        u = torch.clamp(x / scale, -1.0, 1.0)
        return torch.where(u < 0, 0.5 * (1.0 + u) ** 2, 1.0 - 0.5 * (1.0 - u) ** 2)


SURROGATES: dict[str, type[_SpikeFunction]] = {
    f.name: f for f in (FastSigmoid, SuperSpike, ArcTan, Sigmoid, StraightThrough, Triangular)
}


class Surrogate:
    """A named surrogate spike function with its scale: ``Surrogate("arctan", 2.0)(x)`` -> spikes in {0, 1}.

    ``scale`` must be finite and > 0 (the default is the function's ``default_scale``, see the module table).
    """

    def __init__(self, name: str = "fast_sigmoid", scale: float | None = None) -> None:
        if name not in SURROGATES:
            raise ValueError(f"surrogate must be one of {sorted(SURROGATES)}, got {name!r}")
        fn = SURROGATES[name]
        scale = fn.default_scale if scale is None else float(scale)
        if not (math.isfinite(scale) and scale > 0.0):
            raise ValueError(f"surrogate scale must be finite and > 0, got {scale!r}")
        self.name = name
        self.scale = scale
        self.function = fn

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.function.apply(x, self.scale)

    def grad(self, x: torch.Tensor) -> torch.Tensor:
        """The pseudo-derivative the backward pass uses."""
        return self.function.grad(x, self.scale)

    def smooth(self, x: torch.Tensor) -> torch.Tensor:
        """The smooth function whose derivative the backward pass uses."""
        return self.function.smooth(x, self.scale)

    def __repr__(self) -> str:
        return f"Surrogate({self.name!r}, scale={self.scale:g})"


def as_surrogate(spec: str | Surrogate | Callable | None, scale: float | None = None) -> Surrogate:
    """A :class:`Surrogate` from a name (with optional scale) or an existing one; ``None`` is fast_sigmoid."""
    if isinstance(spec, Surrogate):
        if scale is not None:
            raise ValueError("give the scale inside the Surrogate, not both")
        return spec
    if spec is None:
        spec = "fast_sigmoid"
    if not isinstance(spec, str):
        raise ValueError(f"surrogate must be a name in {sorted(SURROGATES)} or a Surrogate, got {spec!r}")
    return Surrogate(spec, scale)
