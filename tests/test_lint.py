"""Lint is part of `make test`: Verilator -Wall clean on every RTL module, ruff clean on the Python."""

import pytest

from verif.common.rtl import module_files, require
from verif.lint import lint_python, lint_rtl


@pytest.mark.rtl
@pytest.mark.parametrize("top", sorted(module_files()))
def test_verilator_wall_clean(top):
    require("verilator")
    r = lint_rtl(top)
    assert r.returncode == 0 and not r.stderr.strip(), r.stderr


def test_ruff_clean():
    r = lint_python()
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.rtl
def test_lint_catches_a_warning(tmp_path, monkeypatch):
    """The lint check can fail: a width mismatch in a module is reported."""
    require("verilator")
    import verif.common.rtl as rtl

    bad = tmp_path / "rtl" / "lint_probe.sv"
    bad.parent.mkdir()
    bad.write_text("module lint_probe (input logic a_i, output logic y_o);\n  assign y_o = {a_i, a_i};\nendmodule\n")
    monkeypatch.setattr(rtl, "RTL", tmp_path / "rtl")
    rtl.module_files.cache_clear()
    try:
        r = lint_rtl("lint_probe")
    finally:
        rtl.module_files.cache_clear()
    assert r.returncode != 0 and "WIDTH" in r.stderr
