"""The one conversion from a golden model's physical parameters to a core's fixed-point RTL parameters.

Every neuron core declares its RTL parameters once, as a :class:`CoreParams`: for each parameter the raw
format (:class:`~golden.fixed.qformat.QFormat`; integers are formats with ``frac = 0``) and how its real value
follows from the golden model's physical parameters (for example ``leak = dt / tau_m`` in Q0.12). From that one
declaration come

* :meth:`CoreParams.convert`: physical parameters -> ``{RTL parameter: raw int}``, an error naming the core,
  the parameter, the value and the representable range when a value does not fit (never a silent wrap or
  clip), and an error when a non-zero value rounds to 0 (a decay that vanishes);
* :meth:`CoreParams.defaults`: the conversion of the model's default parameters. ``python -m golden.gen.svh``
  writes them into ``rtl/include/<unit>_params.svh`` as ```NRN_<CORE>_<PARAM>`` defines, which the RTL uses as
  its parameter defaults; the testbenches read the parameters back from the simulator and the tests check them
  against the same conversion;
* :meth:`CoreParams.to_real`: raw -> real (what the hardware actually computes with), for reports.

Example
-------
>>> from golden.fixed.qformat import QFormat
>>> cp = CoreParams("nrn_demo", (
...     Field("Leak", QFormat(16, 12, False), lambda p: p["dt"] / p["tau"], "dt/tau"),
...     Field("Vth", QFormat(16, 8, True), lambda p: p["v_th"], "threshold"),
... ), defaults_from=lambda: {"dt": 1.0, "tau": 20.0, "v_th": 1.0})
>>> cp.convert({"dt": 1.0, "tau": 20.0, "v_th": 1.5})
{'Leak': 205, 'Vth': 384}
>>> cp.convert({"dt": 1.0, "tau": 20.0, "v_th": 200.0})
Traceback (most recent call last):
ValueError: nrn_demo.Vth (threshold)=200.0 does not fit Q8.8 (representable range [-128, 127.996])
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from golden.fixed.qformat import QFormat

__all__ = ["CoreParams", "Field", "integer_format"]


def integer_format(bits: int, signed: bool = True) -> QFormat:
    """A plain integer of ``bits`` bits (a QFormat without fraction bits)."""
    return QFormat(bits, 0, signed)


@dataclass(frozen=True)
class Field:
    """One RTL parameter: its name, raw format and real value as a function of the physical parameters."""

    rtl: str
    fmt: QFormat
    value: Callable[[Any], float]
    doc: str = ""
    rounding: str = "nearest"

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", self.rtl):
            raise ValueError(f"RTL parameter names are UpperCamelCase, got {self.rtl!r}")


@dataclass(frozen=True)
class CoreParams:
    """The RTL parameters of one core and their conversion from physical parameters."""

    unit: str
    fields: tuple[Field, ...]
    defaults_from: Callable[[], Any]  # -> the golden model's default physical parameters

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.rtl for f in self.fields)

    def convert(self, physical: Any) -> dict[str, int]:
        """Raw RTL parameters of ``physical``; ValueError naming the parameter when one does not fit."""
        out = {}
        for f in self.fields:
            label = f"{self.unit}.{f.rtl}" + (f" ({f.doc})" if f.doc else "")
            real = float(f.value(physical))
            if not math.isfinite(real):
                raise ValueError(f"{label} = {real!r} is not finite")
            raw = f.fmt.to_raw(real, name=label, rounding=f.rounding)
            if raw == 0 and real != 0.0:
                raise ValueError(f"{label} = {real:g} rounds to 0 in {f.fmt.name} (LSB {f.fmt.lsb:g}): choose "
                                 "parameters whose value is at least half an LSB")
            out[f.rtl] = int(raw)
        return out

    def defaults(self) -> dict[str, int]:
        """The conversion of the golden model's default parameters (the RTL's parameter defaults)."""
        return self.convert(self.defaults_from())

    def to_real(self, raw: Mapping[str, int]) -> dict[str, float]:
        """The real values that raw parameters stand for."""
        unknown = set(raw) - set(self.names)
        if unknown:
            raise ValueError(f"{self.unit} has no RTL parameter(s) {sorted(unknown)}; known: {list(self.names)}")
        by = {f.rtl: f for f in self.fields}
        return {k: float(by[k].fmt.to_float(int(v))) for k, v in raw.items()}

    def check_raw(self, raw: Mapping[str, int]) -> None:
        """Raise unless every given raw value is an integer inside its field's format."""
        by = {f.rtl: f for f in self.fields}
        for k, v in raw.items():
            if k not in by:
                raise ValueError(f"{self.unit} has no RTL parameter {k!r}; known: {list(self.names)}")
            by[k].fmt.check_raw(int(v), f"{self.unit}.{k}")

    def svh_defines(self) -> list[tuple[str, int, str]]:
        """(macro, value, comment) of every default, for the generated header."""
        prefix = "NRN_" + self.unit.removeprefix("nrn_").upper()
        d = self.defaults()
        return [(f"{prefix}_{_snake(f.rtl).upper()}", d[f.rtl], f"{self.unit} default {f.rtl} ({f.fmt.name}"
                 + (f", {f.doc})" if f.doc else ")")) for f in self.fields]


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
