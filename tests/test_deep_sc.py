"""Verilator deep checks of the stochastic-computing stream cells: >= 10M cycles per unit and parameter set
against :mod:`golden.sc.units`, and proof that they can fail.

Each check (:mod:`verif.deep.deep_sc`) drives the RTL under Verilator with the stimulus of the unit's
``StreamSpec`` (the cocotb testbench's), compares every output of every cycle with the model on raw integers,
counts the corners and checks the outputs at every reset edge. The mutant tests run the same check on a copy
of the RTL with one deliberate bug (in a temporary directory, never in rtl/) and require it to fail.

The seed is fixed so that CI is reproducible; set ``NRN_DEEP_SEED`` to explore others (a failure prints its
seed; ``python -m verif.deep.deep_sc --unit U --params P --seed S`` reproduces it).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from verif.common import stream_bench as sb
from verif.common.rtl import sources
from verif.deep import deep, deep_sc

SEED = int(os.environ.get("NRN_DEEP_SEED", "20260601"))
MUTANT_CYCLES = 200_000
CELLS = ("sc_mul_and", "sc_mul_xnor", "sc_add_mux", "sc_cordiv", "sc_tanh_fsm", "sc_isolator", "sc_counter")

RUNS = [(unit, name) for unit in deep_sc.units() for name in deep_sc.param_sets(unit)]

# One deliberate bug per unit (the first RTL mutant of its StreamSpec, which the cocotb bench runs too), and a
# synchronous reset, which only the check of the outputs at the reset edge can see.
MUTANTS = {f"{unit}-{next(iter(deep_sc.spec(unit).mutants))}": (unit, *next(iter(deep_sc.spec(unit).mutants.values())),
                                                               "mismatch") for unit in deep_sc.units()}
MUTANTS["sc_counter-sync-reset"] = ("sc_counter", "always_ff @(posedge clk_i or negedge rst_ni) begin",
                                    "always_ff @(posedge clk_i) begin", "async")


def test_every_stream_cell_has_a_deep_check() -> None:
    """The seven cells are discovered (a registered unit whose testbench has a StreamSpec), each with its harness."""
    assert set(CELLS) <= set(deep_sc.units()), deep_sc.units()
    for unit in deep_sc.units():
        assert (deep_sc.HERE / f"tb_{unit}.cpp").is_file(), f"{unit}: verif/deep/tb_{unit}.cpp is missing"
        assert unit not in deep.UNITS, f"{unit} is checked by verif.deep.deep already"


@pytest.mark.parametrize("unit", CELLS)
def test_harness_columns_match_the_layout(unit: str) -> None:
    """tb_<unit>.cpp reads and writes the column sizes that deep_sc writes and reads (every parameter set)."""
    text = (deep_sc.HERE / f"tb_{unit}.cpp").read_text()
    sizes = [[int(v) for v in m.split(",")] for m in re.findall(r"\{(\d+(?:, \d+)*)\}\);", text)]
    assert len(sizes) == 3, f"expected read_block and two write_block size lists in tb_{unit}.cpp, got {sizes}"
    for params in deep_sc.param_sets(unit).values():
        lay = deep_sc.layout(unit, params)
        want = [[np.dtype(dt).itemsize for _, dt in cols] for cols in (lay.stim, lay.out, lay.at_reset)]
        assert sizes == want, f"tb_{unit}.cpp uses {sizes}, deep_sc {want} ({params})"


@pytest.mark.parametrize("unit", CELLS)
def test_default_parameter_set_is_the_rtl_default(unit: str) -> None:
    """The 'default' set is read from the RTL, and the model's defaults agree with it."""
    spec = deep_sc.spec(unit)
    assert deep_sc.param_sets(unit)["default"] == deep_sc.rtl_defaults(unit) == spec.model().rtl_params()
    assert set(deep_sc.rtl_defaults(unit)) == set(spec.model.RTL_PARAMS)


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize(("unit", "param_set"), RUNS, ids=[f"{u}-{p}" for u, p in RUNS])
def test_deep_check(unit: str, param_set: str) -> None:
    """10M cycles: no mismatch, no failure (invariants, asynchronous reset), every corner at its minimum."""
    result = deep_sc.run_deep(unit, cycles=deep_sc.DEFAULT_CYCLES, seed=SEED, param_set=param_set)
    report = result.report()
    print(report)
    assert result.cycles >= 10_000_000
    assert result.mismatches == 0, report
    assert result.failures == [], report
    assert result.minimums == deep_sc.minimums(unit, deep_sc.DEFAULT_CYCLES, result.params)
    assert set(result.minimums) == set(result.corners), "every bin counted must have a minimum, and back"
    for name, need in result.minimums.items():
        assert result.corners[name] >= need, f"corner {name}: {result.corners[name]} < {need}\n{report}"
    assert result.ok, report


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_check_catches_mutant(mutant: str, tmp_path) -> None:
    """The same check on a mutated copy of the RTL fails and says why (and rtl/ is left untouched)."""
    unit, old, new, caught_by = MUTANTS[mutant]
    originals = {p: p.read_bytes() for p in sources(unit)}
    files = deep.mutated_sources(unit, {unit: (old, new)}, tmp_path / "rtl")
    result = deep_sc.run_deep(unit, cycles=MUTANT_CYCLES, seed=SEED, rtl_files=files)
    report = result.report()
    print(report)
    assert {p: p.read_bytes() for p in originals} == originals, "the mutation leaked into rtl/"
    assert not result.ok, report
    if caught_by == "mismatch":
        assert result.mismatches > 0, f"the deep check did not catch the mutant {new!r}\n{report}"
        assert "mismatches (reproduce with --seed" in report
    else:
        assert result.mismatches == 0, report
        assert any("before the clock edge" in f for f in result.failures), report


def test_missing_verilator_fails_with_install_hint(monkeypatch, tmp_path) -> None:
    """Without verilator on PATH the deep check raises (a failure, never a skip) with the install hint."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"missing tool\(s\) verilator.*apt-get install"):
        deep_sc.run_deep("sc_cordiv", cycles=1000, seed=1)


@pytest.mark.parametrize("unit", CELLS)
def test_stimulus_reproduces_from_seed(unit: str) -> None:
    """Same seed, same stimulus; another seed, another one; the columns are those of the layout."""
    a, b, c = (deep_sc.generate(unit, 20_000, s) for s in (5, 5, 6))
    lay = deep_sc.layout(unit, deep_sc.param_sets(unit)["default"])
    assert a.keys() == b.keys() == {name for name, _ in lay.stim}
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)
    assert a["rst"][0] == 1 and set(np.unique(np.concatenate(list(a.values())))) <= {0, 1}


def test_unknown_unit_and_parameter_set_are_refused() -> None:
    with pytest.raises(ValueError, match="stream-cell deep checks exist for"):
        deep_sc.run_deep("sc_lfsr", cycles=10, seed=1)
    with pytest.raises(ValueError, match="unknown parameter set"):
        deep_sc.run_deep("sc_cordiv", cycles=10, seed=1, param_set="nope")


def test_minimums_scale_with_the_run_length() -> None:
    full = deep_sc.minimums("sc_cordiv", deep_sc.DEFAULT_CYCLES)
    tenth = deep_sc.minimums("sc_cordiv", deep_sc.DEFAULT_CYCLES // 10)
    assert full.keys() == tenth.keys() and all(1 <= tenth[k] <= full[k] for k in full)
    assert {"x_zero_run", "y_full_run", "inputs_equal_run", "copy_one"} <= set(full)
    assert "inputs_equal_run" not in deep_sc.minimums("sc_isolator", 1000)
    assert "reset_fill" in deep_sc.minimums("sc_isolator", 1000)
    assert "reset_fill" not in deep_sc.minimums("sc_isolator", 1000, {"Depth": 1})
    for unit in deep_sc.units():  # every bin of every parameter set has a declared minimum
        for params in deep_sc.param_sets(unit).values():
            assert deep_sc.minimums(unit, deep_sc.DEFAULT_CYCLES, params)


def test_analysis_counts_a_mismatch_and_a_slow_reset() -> None:
    """analyse() on a doctored RTL trace: one flipped output bit and one reset edge without the reset value."""
    unit, params = "sc_mul_and", {}
    stim = deep_sc.generate(unit, 5_000, 3)
    model = deep_sc.spec(unit).model()
    out = sb.run_model(model, stim)
    rtl = {"y": out["y"].copy()}
    t = int(np.flatnonzero(~(stim["rst"] == 1))[100])
    rtl["y"][t] ^= 1
    rst_t = np.flatnonzero(stim["rst"]).astype(np.uint32)
    at_reset = {"t": rst_t, "y": np.zeros(rst_t.size, np.uint8)}
    at_reset["y"][-1] = 1
    a = deep_sc.analyse(unit, params, stim, rtl, at_reset, out)
    assert a.mismatches == 1 and a.first[0]["cycle"] == t
    assert len(a.failures) == 1 and "before the clock edge" in a.failures[0]
