"""The registry of golden models and RTL units: the one list everything else is driven from.

* Models register themselves with :func:`register` (a class decorator next to the class). The registry-wide
  tests, the README model table (``make table``) and ``make sim MODEL=...`` read it; nothing keeps a
  second list.
* ``catalogue.csv`` (beside this file) is the project's scope: every class the project must provide, its
  family and the issue that delivers it. The table shows each row as implemented or planned.
* RTL units (``nrn_*`` neuron cores, ``sc_*`` stochastic-computing cells) register with :func:`register_unit`,
  naming their bit-true model and the short key used by ``make sim MODEL=<key>``.
"""

from __future__ import annotations

import csv
import importlib
import pkgutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ModelInfo:
    name: str
    cls: type
    family: str
    reference: str
    units: str
    rtl: str | None
    primary: str  # the input that step(x) drives (first declared input unless said otherwise)
    sweep: tuple[float, float]  # primary-input range from silence to saturation, for the generic checks
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def inputs(self) -> tuple:
        return self.cls.inputs

    @property
    def defaults(self) -> dict[str, Any]:
        return {r["name"]: r["default"] for r in self.cls.Params.spec()}

    @property
    def summary(self) -> str:
        doc = (self.cls.__doc__ or "").strip().splitlines()
        return doc[0] if doc else ""


@dataclass(frozen=True)
class UnitInfo:
    key: str  # RTL module name, e.g. nrn_lif
    sim: str  # short name for make sim MODEL=..., e.g. lif
    model: str  # dotted path of the bit-true model
    rtl: str  # path of the top SystemVerilog file, relative to the repository root
    description: str


_MODELS: dict[str, ModelInfo] = {}
_UNITS: dict[str, UnitInfo] = {}

# Deprecated class names kept importable (``from golden import Old`` warns and returns the new class).
ALIASES: dict[str, tuple[str, str]] = {
    "CourageNekorkinMapNeuron": ("CourbageNekorkinMapNeuron", "the seed's misspelling of Courbage"),
}


def training_cell_names() -> list[str]:
    """The catalogue's PyTorch training cells (``golden.training``; importing one imports torch)."""
    return [r["class"] for r in catalogue() if r["issue_part"] == "training"]


def training_cells() -> dict[str, type]:
    """``{name: class}`` of the training cells (imports torch)."""
    from golden.training import CELLS

    return dict(CELLS)


def resolve_lazy(name: str) -> type:
    """A flat name that is not a registered model: a training cell (imported on first use, so that ``import
    golden`` never imports torch) or a deprecated alias (with a :class:`DeprecationWarning`); AttributeError
    otherwise."""
    import warnings

    if name in training_cell_names():
        return training_cells()[name]
    if name not in ALIASES:
        raise AttributeError(name)
    new, why = ALIASES[name]
    warnings.warn(f"{name} is deprecated ({why}): use {new}", DeprecationWarning, stacklevel=3)
    return model(new).cls
_discovered = False


def register(*, family: str, reference: str, units: str, rtl: str | None = None, primary: str | None = None,
             sweep: tuple[float, float] = (-1.0, 10.0), **extra: Any):
    """Class decorator: add a model to the registry (name = class name)."""

    def deco(cls: type) -> type:
        name = cls.__name__
        if name in _MODELS and _MODELS[name].cls is not cls:
            raise RuntimeError(f"model {name} registered twice")
        inputs = [i.name for i in cls.inputs]
        prim = primary or (inputs[0] if inputs else "")
        if inputs and prim not in inputs:
            raise RuntimeError(f"{name}: primary input {prim!r} not among its inputs {inputs}")
        _MODELS[name] = ModelInfo(name, cls, family, reference, units, rtl, prim, tuple(sweep), dict(extra))
        return cls

    return deco


def register_unit(key: str, *, sim: str, model: str, rtl: str, description: str) -> None:
    if key in _UNITS and _UNITS[key] != UnitInfo(key, sim, model, rtl, description):
        raise RuntimeError(f"RTL unit {key} registered twice")
    _UNITS[key] = UnitInfo(key, sim, model, rtl, description)


def discover() -> None:
    """Import every model and bit-true module so that their registrations run."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for pkg_name in ("golden.models", "golden.fixed"):
        pkg = importlib.import_module(pkg_name)
        for mod in pkgutil.walk_packages(pkg.__path__, prefix=pkg_name + "."):
            importlib.import_module(mod.name)


def models() -> dict[str, ModelInfo]:
    discover()
    return dict(sorted(_MODELS.items()))


def model(name: str) -> ModelInfo:
    ms = models()
    if name not in ms:
        raise KeyError(f"unknown model {name!r}; registered models: {', '.join(ms)}")
    return ms[name]


def units() -> dict[str, UnitInfo]:
    discover()
    return dict(sorted(_UNITS.items()))


def unit(name: str) -> UnitInfo:
    """Look an RTL unit up by its key (nrn_lif) or its short sim name (lif)."""
    us = units()
    for u in us.values():
        if name in (u.key, u.sim):
            return u
    valid = ", ".join(f"{u.sim} ({u.key})" for u in us.values())
    raise KeyError(f"unknown MODEL {name!r}; valid: {valid}")


def catalogue() -> list[dict[str, str]]:
    """The project's scope: one row per class (class, family, seed_file, issue_part)."""
    with open(_HERE / "catalogue.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def model_table() -> str:
    """The README model table (Markdown), one row per catalogue class."""
    ms = models()
    cells = training_cells()
    rtl_of = {u.model.rsplit(".", 1)[-1]: u.key for u in units().values()}
    lines = [
        "| class | family | reference | RTL | status |",
        "|---|---|---|---|---|",
    ]
    for row in catalogue():
        name = row["class"]
        info = ms.get(name)
        part = row["issue_part"]
        if info is not None:
            rtl = info.rtl or rtl_of.get(name, "")
            status = "implemented"
            ref = info.reference.replace("|", "/")
        elif name in cells:
            rtl, ref = "", cells[name].reference.replace("|", "/")
            status = "implemented (PyTorch, `golden.training`)"
        else:
            rtl, ref = "", ""
            status = "planned (training cells)" if part == "training" else f"planned (part {part})"
        lines.append(f"| {name} | {row['family']} | {ref} | {f'`{rtl}`' if rtl else ''} | {status} |")
    done = sum(1 for r in catalogue() if r["class"] in ms or r["class"] in cells)
    lines.append("")
    lines.append(f"{done} of {len(catalogue())} catalogue classes implemented.")
    for old, (new, why) in ALIASES.items():
        lines.append(f"`{old}` is a deprecated alias of `{new}` ({why}): importable, with a DeprecationWarning.")
    return "\n".join(lines) + "\n"
