"""Declared, validated model parameters.

A model's parameters are a frozen dataclass whose fields are made with :func:`param`. Each field carries
its units and legal range; :class:`ParamSet` checks every field at construction and raises a
``ValueError`` that names the parameter, the value given and what is allowed, e.g.
``tau_mem must be > 0 ms, got -3.0``. Nothing is clipped.

The same metadata drives the registry-wide tests (every range is probed with an illegal value) and the
documentation tables, so a range is written once.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Range:
    """Legal range of a parameter; ``None`` bounds are open to infinity."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False  # True: lo itself is illegal (x > lo)
    hi_open: bool = False  # True: hi itself is illegal (x < hi)
    integer: bool = False

    def contains(self, x: float) -> bool:
        if self.lo is not None and (x <= self.lo if self.lo_open else x < self.lo):
            return False
        if self.hi is not None and (x >= self.hi if self.hi_open else x > self.hi):
            return False
        return True

    def describe(self, units: str = "") -> str:
        u = f" {units}" if units else ""
        parts = []
        if self.lo is not None:
            parts.append(f"{'>' if self.lo_open else '>='} {self.lo:g}{u}")
        if self.hi is not None:
            parts.append(f"{'<' if self.hi_open else '<='} {self.hi:g}{u}")
        text = " and ".join(parts) if parts else "finite"
        return f"an integer {text}" if self.integer else text

    def illegal_examples(self) -> list[float]:
        """Values just outside the range, used by the registry-wide tests."""
        out: list[float] = []
        if self.lo is not None:
            out.append(self.lo if self.lo_open else self.lo - (1 if self.integer else max(1e-3, abs(self.lo) * 0.01)))
        if self.hi is not None:
            out.append(self.hi if self.hi_open else self.hi + (1 if self.integer else max(1e-3, abs(self.hi) * 0.01)))
        return out


def param(
    default: Any,
    *,
    units: str = "",
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
    doc: str = "",
) -> Any:
    """A parameter field with units and a legal range (checked by :class:`ParamSet`)."""
    rng = Range(lo, hi, lo_open, hi_open, integer)
    return field(default=default, metadata={"units": units, "range": rng, "doc": doc})


def positive(default: float, units: str = "", doc: str = "") -> Any:
    """Shorthand for a parameter that must be strictly positive."""
    return param(default, units=units, lo=0.0, lo_open=True, doc=doc)


class ParamSet:
    """Base of every parameter dataclass: validates fields, then calls :meth:`check` for cross-field rules."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            meta = f.metadata
            if "range" not in meta:
                continue
            value = getattr(self, f.name)
            rng: Range = meta["range"]
            units = meta["units"]
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"{f.name} must be a real number ({rng.describe(units)}), got {value!r}")
            # finiteness first: int(inf) raises OverflowError and int(nan) a ValueError without the name
            if not math.isfinite(value) or (rng.integer and int(value) != value) or not rng.contains(value):
                raise ValueError(f"{f.name} must be {rng.describe(units)}, got {value!r}")
            if rng.integer and not isinstance(value, int):
                object.__setattr__(self, f.name, int(value))
        self.check()

    def check(self) -> None:
        """Cross-parameter rules; raise ValueError naming the parameters involved."""

    @classmethod
    def spec(cls) -> list[dict[str, Any]]:
        """One row per parameter: name, default, units, legal range, doc."""
        rows = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            m = f.metadata
            rows.append(
                {
                    "name": f.name,
                    "default": f.default,
                    "units": m.get("units", ""),
                    "range": m.get("range"),
                    "doc": m.get("doc", ""),
                }
            )
        return rows


def params_dataclass(cls: type) -> type:
    """Decorator: make ``cls`` a frozen, keyword-only parameter dataclass."""
    return dataclass(frozen=True, kw_only=True)(cls)
