"""Verilator deep check of ``nrn_loihi_cuba``: >= 10M cycles per parameter set against ``LoihiCUBANeuron``'s
kernel, every corner at its minimum, and proof that the check can fail.

The check (:mod:`verif.deep.deep_loihi`) drives the RTL under Verilator, compares u_o, v_o and spike_o of every
cycle with the model on raw integers, counts the corners and checks the outputs at every reset edge. The mutant
tests run the same check on a copy of the RTL with one deliberate bug (in a temporary directory, never in rtl/)
and require it to fail.

The seed is fixed so that CI is reproducible; set ``NRN_DEEP_SEED`` to explore others (a failure prints its
seed; ``python -m verif.deep.deep_loihi --params P --seed S`` reproduces it).
"""

from __future__ import annotations

import os
import re

import numpy as np
import pytest

from verif.common.rtl import sources
from verif.deep import deep, deep_loihi
from verif.nrn_loihi_cuba.test_nrn_loihi_cuba import ALT_PARAMETERS
from verif.nrn_loihi_cuba.test_nrn_loihi_cuba import MUTANTS as TB_MUTANTS

SEED = int(os.environ.get("NRN_DEEP_SEED", "20260601"))
UNIT = deep_loihi.UNIT

# v wraps instead of saturating and the decay floors instead of truncating toward zero (both mutants of the
# cocotb bench), and a synchronous reset, which only the check of the outputs at the reset edge can see.
MUTANTS = {
    "v_wraps": (*TB_MUTANTS["v_wraps"], "mismatch"),
    "floor_decay": (*TB_MUTANTS["floor_decay"], "mismatch"),
    "sync_reset": ("always_ff @(posedge clk_i or negedge rst_ni) begin", "always_ff @(posedge clk_i) begin",
                   "async"),
}


def test_harness_columns_match_the_layout() -> None:
    """tb_nrn_loihi_cuba.cpp reads and writes the column sizes that deep_loihi writes and reads."""
    text = (deep_loihi.HERE / f"tb_{UNIT}.cpp").read_text()
    sizes = [[int(v) for v in m.split(",")] for m in re.findall(r"\{(\d+(?:, \d+)*)\}\);", text)]
    lay = deep_loihi.LAYOUT
    want = [[np.dtype(dt).itemsize for _, dt in cols] for cols in (lay.stim, lay.out, lay.at_reset)]
    assert sizes == want, f"tb_{UNIT}.cpp uses {sizes}, deep_loihi {want}"


def test_parameter_sets() -> None:
    """'default' is read from the RTL (and is the unit model's default), 'alt' is the cocotb bench's set."""
    sets = deep_loihi.param_sets()
    from golden.fixed.loihi_cuba_unit import RTL_DEFAULTS

    assert sets["default"] == deep_loihi.rtl_defaults() == RTL_DEFAULTS
    assert sets["alt"] == {**RTL_DEFAULTS, **ALT_PARAMETERS}


def test_stimulus_reproduces_from_seed() -> None:
    """Same seed, same stimulus; another seed, another one; the columns are those of the layout."""
    params = deep_loihi.param_sets()["default"]
    a, b, c = (deep_loihi.generate(20_000, s, params) for s in (5, 5, 6))
    assert a.keys() == b.keys() == {name for name, _ in deep_loihi.LAYOUT.stim}
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)


def test_model_loop_is_the_unit_model() -> None:
    """The compiled loop of the deep check gives what LoihiCUBAUnit.step gives, cycle by cycle."""
    from golden.fixed.loihi_cuba_unit import LoihiCUBAUnit, params_from_rtl

    params = deep_loihi.param_sets()["alt"]
    stim = deep_loihi.generate(5_000, 9, params)
    out = deep_loihi.model(stim, params)
    unit = LoihiCUBAUnit(params_from_rtl(params))
    for t in range(stim["rst"].size):
        if stim["rst"][t]:
            unit.reset_state()
            got = (0, 0, 0)
        else:
            got = unit.step(int(stim["du"][t]), int(stim["dv"][t]), int(stim["bias"][t]), int(stim["a"][t]))
        assert got == (out["spike"][t], out["u"][t], out["v"][t]), t


def test_minimums_scale_with_the_run_length() -> None:
    full = deep_loihi.minimums(deep_loihi.DEFAULT_CYCLES)
    tenth = deep_loihi.minimums(deep_loihi.DEFAULT_CYCLES // 10)
    assert full.keys() == tenth.keys() and all(1 <= tenth[k] <= full[k] for k in full)
    assert "refractory_hold" not in deep_loihi.minimums(1000, {"Vth": 1000, "BiasExp": 6, "Refractory": 1})


def test_unknown_parameter_set_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown parameter set"):
        deep_loihi.run_deep(cycles=10, seed=1, param_set="nope")


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("param_set", list(deep_loihi.param_sets()))
def test_deep_check(param_set: str) -> None:
    """10M cycles: no mismatch, no failure (asynchronous reset), every corner at its minimum."""
    result = deep_loihi.run_deep(cycles=deep_loihi.DEFAULT_CYCLES, seed=SEED, param_set=param_set)
    report = result.report()
    print(report)
    assert result.cycles >= 10_000_000
    assert result.mismatches == 0, report
    assert result.failures == [], report
    assert result.minimums == deep_loihi.minimums(deep_loihi.DEFAULT_CYCLES, result.params)
    assert set(result.minimums) == set(result.corners), "every bin counted must have a minimum, and back"
    for name, need in result.minimums.items():
        assert result.corners[name] >= need, f"corner {name}: {result.corners[name]} < {need}\n{report}"
    assert result.ok, report


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_check_catches_mutant(mutant: str, tmp_path) -> None:
    """The same check on a mutated copy of the RTL fails and says why (and rtl/ is left untouched)."""
    old, new, caught_by = MUTANTS[mutant]
    originals = {p: p.read_bytes() for p in sources(UNIT)}
    files = deep.mutated_sources(UNIT, {UNIT: (old, new)}, tmp_path / "rtl")
    result = deep_loihi.run_deep(cycles=deep_loihi.MUTANT_CYCLES, seed=SEED, rtl_files=files)
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


def test_analysis_counts_a_mismatch_and_a_slow_reset() -> None:
    """analyse() on a doctored RTL trace: one flipped u bit and one reset edge without the reset value."""
    params = deep_loihi.param_sets()["default"]
    stim = deep_loihi.generate(5_000, 3, params)
    out = deep_loihi.model(stim, params)
    rtl = {"u": out["u"].astype(np.int32), "v": out["v"].astype(np.int32), "spike": out["spike"].copy()}
    live = np.flatnonzero(stim["rst"] == 0)
    t = int(live[100])
    rtl["u"][t] ^= 1
    rst_t = np.flatnonzero(stim["rst"]).astype(np.uint32)
    if rst_t.size == 0:  # force one reset cycle into the doctored trace
        stim["rst"][4000] = 1
        rst_t = np.array([4000], np.uint32)
        out = deep_loihi.model(stim, params)
        rtl = {"u": out["u"].astype(np.int32), "v": out["v"].astype(np.int32), "spike": out["spike"].copy()}
        rtl["u"][t] ^= 1
    at_reset = {"t": rst_t, "u": np.zeros(rst_t.size, np.int32), "v": np.zeros(rst_t.size, np.int32),
                "spike": np.zeros(rst_t.size, np.uint8)}
    at_reset["v"][-1] = 5
    a = deep_loihi.analyse(stim, rtl, at_reset, out, params)
    assert a.mismatches == 1 and a.first[0]["cycle"] == t
    assert len(a.failures) == 1 and "before the clock edge" in a.failures[0]
