"""Fixed-point fake quantisation for torch, with the rules of :mod:`golden.fixed.qformat` (Q8.8 by default).

Every constant (fraction bits, raw range) and the rounding rule come from the project's one ``QFormat``
definition, so the training code, the bit-true models and the RTL header cannot drift apart:

* :func:`to_raw` (real -> raw integer, as a float tensor holding integers) is ``floor(x * 2^frac + 1/2)``,
  round to nearest with ties toward +infinity, exactly ``QFormat.to_raw(..., rounding="nearest")``; a value
  outside the raw range is a ``ValueError`` naming it (or, with ``saturate=True``, clamped to the range).
* :func:`to_float` is ``raw * 2^-frac``, exactly ``QFormat.to_float``.
* :func:`quantize` is the fake quantiser of quantisation-aware training: ``to_float(to_raw(x))`` in the forward
  pass and the straight-through estimator (Bengio, Leonard & Courville 2013, arXiv:1308.3432) in the backward
  pass: gradient 1 where the value is inside the representable range, 0 where it was saturated.
* :func:`round_ste` / :func:`floor_ste` / :func:`saturate_raw` are the pieces the Q8.8 network emulation of
  :mod:`golden.training.digits` is built from (rounding with an identity gradient, clamping to the word).

Exactness: the scaling by ``2^frac`` is exact in binary floating point and every raw value of a 16-bit word is
an integer far below 2^24, so the results are exact in float32 as well as in float64 (on CPU and GPU).
"""

from __future__ import annotations

import torch

from golden.fixed.qformat import Q8_8, QFormat


class _RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.floor(x + 0.5)

    @staticmethod
    def backward(ctx, g):
        return g


class _FloorSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.floor(x)

    @staticmethod
    def backward(ctx, g):
        return g


def round_ste(x: torch.Tensor) -> torch.Tensor:
    """``floor(x + 1/2)`` (round to nearest, ties up, as ``QFormat.to_raw``) with an identity gradient."""
    return _RoundSTE.apply(x)


def floor_ste(x: torch.Tensor) -> torch.Tensor:
    """``floor(x)`` (an arithmetic right shift of a scaled integer) with an identity gradient."""
    return _FloorSTE.apply(x)


def saturate_raw(raw: torch.Tensor, fmt: QFormat = Q8_8) -> torch.Tensor:
    """Clamp raw values to ``[fmt.min_raw, fmt.max_raw]`` (gradient 0 outside, 1 inside)."""
    return torch.clamp(raw, fmt.min_raw, fmt.max_raw)


def to_raw(x: torch.Tensor, fmt: QFormat = Q8_8, name: str = "value", saturate: bool = False) -> torch.Tensor:
    """Real values -> raw integers of ``fmt`` (a tensor of integer values in ``x``'s dtype), round to nearest.

    Out-of-range values raise ``ValueError`` naming ``name`` and the range, unless ``saturate`` (then they are
    clamped to the end of the range, as the RTL's saturating units do). No gradient: use :func:`quantize`.
    """
    x = torch.as_tensor(x)
    if not x.is_floating_point():
        x = x.to(torch.float64)
    x = x.detach()
    if not bool(torch.isfinite(x).all()):
        raise ValueError(f"{name} must be finite to convert to {fmt.name}")
    raw = torch.floor(x * fmt.one + 0.5)
    bad = (raw < fmt.min_raw) | (raw > fmt.max_raw)
    if bool(bad.any()):
        if not saturate:
            v = float(x[bad].flatten()[0])
            raise ValueError(f"{name}={v!r} does not fit {fmt.name} (representable range "
                             f"[{fmt.to_float(fmt.min_raw):g}, {fmt.to_float(fmt.max_raw):g}])")
        raw = saturate_raw(raw, fmt)
    return raw


def to_float(raw: torch.Tensor, fmt: QFormat = Q8_8) -> torch.Tensor:
    """Raw integers -> real values, ``raw * 2^-frac`` (exact)."""
    raw = torch.as_tensor(raw)
    if not raw.is_floating_point():
        raw = raw.to(torch.float64)
    return raw * fmt.lsb


def quantize(x: torch.Tensor, fmt: QFormat = Q8_8) -> torch.Tensor:
    """Fake quantisation: the nearest value of ``fmt`` (saturated to its range), straight-through gradient.

    Forward: ``to_float(clamp(floor(x 2^frac + 1/2)))``; backward: 1 inside the range, 0 where saturated.
    """
    return saturate_raw(round_ste(x * fmt.one), fmt) * fmt.lsb
