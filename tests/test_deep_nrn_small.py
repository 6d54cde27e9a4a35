"""Verilator deep check of ``nrn_sigma_delta``: >= 10M cycles per
parameter set against the unit's bit-true model, every corner at its minimum, and proof that the check can fail
(mutants).

The seed is fixed so that CI is reproducible; set ``NRN_DEEP_SEED`` to explore others (a failure prints its
seed; ``python -m verif.deep.deep_nrn_small --unit U --params P --seed S`` reproduces it).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from verif.common.rtl import sources
from verif.deep import deep, deep_nrn_small

SEED = int(os.environ.get("NRN_DEEP_SEED", "20260601"))
UNITS = deep_nrn_small.UNITS

# (unit, old, new, caught by)
MUTANTS = {
    "sd_threshold_gt": ("nrn_sigma_delta", "if (d >= ThetaP) begin", "if (d > ThetaP) begin", "mismatch"),
    "sd_neg_threshold_lt": ("nrn_sigma_delta", "end else if (d <= ThetaN) begin", "end else if (d < ThetaN) begin",
                            "mismatch"),
    "sd_sync_reset": ("nrn_sigma_delta", "always_ff @(posedge clk_i or negedge rst_ni) begin",
                      "always_ff @(posedge clk_i) begin", "async"),
}


@pytest.mark.parametrize("unit", UNITS)
def test_harness_columns_match_the_layout(unit: str) -> None:
    text = (deep_nrn_small.HERE / f"tb_{unit}.cpp").read_text()
    sizes = [[int(v) for v in m.split(",")] for m in re.findall(r"\{(\d+(?:, \d+)*)\}\);", text)]
    lay = deep_nrn_small.LAYOUTS[unit]
    want = [[np.dtype(dt).itemsize for _, dt in cols] for cols in (lay.stim, lay.out, lay.at_reset)]
    assert sizes == want, f"tb_{unit}.cpp uses {sizes}, deep_nrn_small {want}"


@pytest.mark.parametrize("unit", UNITS)
def test_parameter_sets(unit: str) -> None:
    import importlib

    sets = deep_nrn_small.param_sets(unit)
    tb = importlib.import_module(f"verif.{unit}.test_{unit}")
    model = importlib.import_module(f"golden.fixed.{unit.removeprefix('nrn_')}_unit")
    assert sets["default"] == deep_nrn_small.rtl_defaults(unit) == model.RTL_DEFAULTS
    assert sets["alt"] == {**sets["default"], **tb.ALT_PARAMETERS}


@pytest.mark.parametrize("unit", UNITS)
def test_stimulus_reproduces_from_seed(unit: str) -> None:
    params = deep_nrn_small.param_sets(unit)["default"]
    a, b, c = (deep_nrn_small.generate(unit, 20_000, s, params) for s in (5, 5, 6))
    assert a.keys() == {name for name, _ in deep_nrn_small.LAYOUTS[unit].stim}
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)


@pytest.mark.parametrize("param_set", ["default", "alt"])
def test_sigma_delta_model_loop_is_the_unit_model(param_set: str) -> None:
    from golden.fixed.sigma_delta_unit import SigmaDeltaUnit

    params = deep_nrn_small.param_sets("nrn_sigma_delta")[param_set]
    stim = deep_nrn_small.generate("nrn_sigma_delta", 5_000, 9, params)
    out = deep_nrn_small.model("nrn_sigma_delta", stim, params)
    unit = SigmaDeltaUnit.from_rtl(params)
    for t in range(stim["rst"].size):
        if stim["rst"][t]:
            unit.reset_state()
            got = (0, 0, 0)
        else:
            got = unit.step(int(stim["in"][t]))
        assert got == (out["event"][t], out["sigma"][t], out["ref"][t]), t


def test_minimums_scale_and_unknowns_are_refused() -> None:
    full = deep_nrn_small.minimums("nrn_sigma_delta", deep_nrn_small.DEFAULT_CYCLES, {"Relu": 1})
    tenth = deep_nrn_small.minimums("nrn_sigma_delta", deep_nrn_small.DEFAULT_CYCLES // 10, {"Relu": 1})
    assert full.keys() == tenth.keys() and all(1 <= tenth[k] <= full[k] for k in full)
    assert "relu_clamp" not in deep_nrn_small.minimums("nrn_sigma_delta", 1000, {"Relu": 0})
    with pytest.raises(ValueError, match="unknown parameter set"):
        deep_nrn_small.run_deep("nrn_sigma_delta", cycles=10, seed=1, param_set="nope")
    with pytest.raises(ValueError, match="unknown unit"):
        deep_nrn_small.param_sets("nrn_nope")


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("unit,param_set", [(u, p) for u in UNITS for p in ("default", "alt")])
def test_deep_check(unit: str, param_set: str) -> None:
    """10M cycles: no mismatch, no failure (asynchronous reset), every corner at its minimum."""
    result = deep_nrn_small.run_deep(unit, cycles=deep_nrn_small.DEFAULT_CYCLES, seed=SEED, param_set=param_set)
    report = result.report()
    print(report)
    assert result.cycles >= 10_000_000
    assert result.mismatches == 0, report
    assert result.failures == [], report
    assert set(result.minimums) == set(result.corners)
    for name, need in result.minimums.items():
        assert result.corners[name] >= need, f"corner {name}: {result.corners[name]} < {need}\n{report}"
    assert result.ok, report


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_check_catches_mutant(mutant: str, tmp_path) -> None:
    unit, old, new, caught_by = MUTANTS[mutant]
    originals = {p: p.read_bytes() for p in sources(unit)}
    files = deep.mutated_sources(unit, {unit: (old, new)}, tmp_path / "rtl")
    result = deep_nrn_small.run_deep(unit, cycles=deep_nrn_small.MUTANT_CYCLES, seed=SEED, rtl_files=files)
    report = result.report()
    print(report)
    assert {p: p.read_bytes() for p in originals} == originals, "the mutation leaked into rtl/"
    assert not result.ok, report
    if caught_by == "mismatch":
        assert result.mismatches > 0, report
    else:
        assert result.mismatches == 0, report
        assert any("before the clock edge" in f for f in result.failures), report
