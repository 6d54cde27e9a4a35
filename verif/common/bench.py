"""Small helpers shared by the cocotb testbenches (environment, results file, pytest runs)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"environment variable {name} must be an integer, got {value!r}") from None


def write_results(out: dict[str, Any]) -> None:
    path = os.environ.get("NRN_RESULTS")
    if path:
        Path(path).write_text(json.dumps(out))


def signed32(value: int) -> int:
    """Icarus hands 32-bit parameters over unsigned; reinterpret as two's complement."""
    return value - (1 << 32) if value >= 1 << 31 else value


def run_unit(key: str, tmp_path: Path, cycles: int, seed: int, *, parameters: dict | None = None,
             env: dict | None = None, rtl_files: list[Path] | None = None) -> dict[str, Any]:
    """Run ``verif/<key>/test_<key>.py`` from pytest into ``tmp_path``; returns its results."""
    from verif.common.runner import run_cocotb

    return run_cocotb(key, f"verif.{key}.test_{key}", parameters=parameters or {}, seed=seed,
                      env={"NRN_CYCLES": str(cycles), "NRN_SEED": str(seed), **(env or {})},
                      build_dir=tmp_path / "sim", rtl_files=rtl_files)


def mutate(src: Path, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of ``src`` in ``tmp_path`` with ``old`` replaced by ``new`` (which must occur exactly once)."""
    text = src.read_text()
    if text.count(old) != 1:
        raise AssertionError(f"mutation anchor {old!r} occurs {text.count(old)} times in {src}, expected once")
    out = tmp_path / src.name
    out.write_text(text.replace(old, new))
    return out
