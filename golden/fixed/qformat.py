"""The one module that owns the fixed-point formats.

Every bit-true model, the SystemVerilog header generator (``python -m golden.fixed.svh``) and the training
exporter take their word length, fraction bits and overflow/rounding rules from here.

Conventions (the RTL's): two's complement, arithmetic right shift (floor) after a multiply, results
WRAPPED to the word (no saturation) unless a unit says otherwise. Conversions from real values are
explicit: a value that does not fit the format is an error naming the value, never a silent wrap or clip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class QFormat:
    """Signed (or unsigned) fixed point with ``word`` bits of which ``frac`` are fractional (Q(word-frac).frac)."""

    word: int = 16
    frac: int = 8
    signed: bool = True

    def __post_init__(self) -> None:
        if not 2 <= self.word <= 62:
            raise ValueError(f"word must be in [2, 62] bits, got {self.word}")
        top = self.word - 1 if self.signed else self.word  # a signed word keeps its sign bit
        if not 0 <= self.frac <= top:
            raise ValueError(f"frac must be in [0, {top}] for a {'signed' if self.signed else 'unsigned'} "
                             f"{self.word}-bit word, got {self.frac}")

    @property
    def name(self) -> str:
        return f"{'Q' if self.signed else 'UQ'}{self.word - self.frac}.{self.frac}"

    @property
    def min_raw(self) -> int:
        return -(1 << (self.word - 1)) if self.signed else 0

    @property
    def max_raw(self) -> int:
        return (1 << (self.word - 1)) - 1 if self.signed else (1 << self.word) - 1

    @property
    def one(self) -> int:
        """Raw value of 1.0."""
        return 1 << self.frac

    @property
    def lsb(self) -> float:
        return 1.0 / (1 << self.frac)

    def to_raw(self, x: Any, name: str = "value", rounding: str = "nearest") -> Any:
        """Real value(s) -> raw integer(s). Raises ValueError (naming ``name``) when a value does not fit."""
        arr = np.asarray(x, dtype=np.float64)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must be finite to convert to {self.name}, got {x!r}")
        scaled = arr * (1 << self.frac)
        if rounding == "nearest":
            raw = np.floor(scaled + 0.5)
        elif rounding == "floor":
            raw = np.floor(scaled)
        else:
            raise ValueError(f"rounding must be 'nearest' or 'floor', got {rounding!r}")
        bad = (raw < self.min_raw) | (raw > self.max_raw)
        if np.any(bad):
            v = arr[bad].flat[0] if arr.ndim else float(arr)
            raise ValueError(
                f"{name}={v!r} does not fit {self.name} (representable range "
                f"[{self.to_float(self.min_raw):g}, {self.to_float(self.max_raw):g}])"
            )
        raw = raw.astype(np.int64)
        return int(raw) if raw.ndim == 0 else raw

    def to_float(self, raw: Any) -> Any:
        r = np.asarray(raw, dtype=np.float64) / (1 << self.frac)
        return float(r) if r.ndim == 0 else r

    def wrap(self, raw: Any) -> Any:
        """Two's-complement wrap of integer(s) to the word (what the RTL does on overflow)."""
        m = (1 << self.word) - 1
        if self.signed:
            h = 1 << (self.word - 1)
            return ((raw + h) & m) - h
        return raw & m

    def saturate(self, raw: Any) -> Any:
        return np.clip(raw, self.min_raw, self.max_raw) if isinstance(raw, np.ndarray) else min(
            max(raw, self.min_raw), self.max_raw
        )

    def check_raw(self, raw: Any, name: str) -> None:
        """Raise if raw integer(s) are outside the word."""
        arr = np.asarray(raw)
        if arr.dtype.kind not in "iub":
            raise ValueError(f"{name} must be an integer raw {self.name} value, got {raw!r}")
        if arr.size and (arr.min() < self.min_raw or arr.max() > self.max_raw):
            raise ValueError(f"{name} must be in [{self.min_raw}, {self.max_raw}] ({self.name} raw), got {raw!r}")

    def fxp(self, value: Any = None) -> Any:
        """An fxpmath object with the RTL's semantics (wrap on overflow, floor rounding).

        fxpmath's defaults (saturate, truncate toward zero) are NOT bit-true to shift-and-wrap RTL.
        """
        from fxpmath import Fxp

        return Fxp(value, signed=self.signed, n_word=self.word, n_frac=self.frac, overflow="wrap", rounding="floor")


Q8_8 = QFormat(16, 8, True)
"""The format of the neuron cores: 16-bit signed, 8 fraction bits."""


def fits_signed(x: int, bits: int) -> bool:
    return -(1 << (bits - 1)) <= x < (1 << (bits - 1))


def leak_gain_from_tau(tau: float, dt: float, fmt: QFormat = Q8_8, name: str = "leak_k") -> int:
    """The per-step leak factor dt/tau as a raw value of ``fmt``; an error if it rounds to 0 or overflows."""
    if not (tau > 0 and dt > 0 and math.isfinite(tau) and math.isfinite(dt)):
        raise ValueError(f"tau and dt must be finite and > 0, got tau={tau!r}, dt={dt!r}")
    raw = fmt.to_raw(dt / tau, name=name)
    if raw == 0:
        raise ValueError(f"{name}: dt/tau = {dt / tau:g} underflows {fmt.name} (LSB {fmt.lsb:g})")
    return raw
