"""Verilator deep checks: >= 10M cycles per unit against the bit-true models, and proof that they can fail.

Each deep check (``verif.deep.deep``) runs the RTL under Verilator on golden-made constrained-random stimulus,
compares every registered output of every cycle with the model on raw integers, and counts the corners it hit.
The mutant tests run the same check on a copy of the RTL with one deliberate bug (made in a temporary
directory, never in rtl/) and require the check to report mismatches: a check that cannot fail proves nothing.

The seed is fixed so that CI is reproducible; set ``NRN_DEEP_SEED`` to explore others (a failure prints its
seed, and ``python -m verif.deep.deep --unit U --params P --seed S`` reproduces it).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from verif.common.rtl import sources
from verif.deep import deep

SEED = int(os.environ.get("NRN_DEEP_SEED", "20260601"))
MUTANT_CYCLES = 200_000

RUNS = [(unit, name) for unit in deep.UNITS for name in deep.PARAM_SETS[unit]]

# One deliberate bug per unit: {name: (unit, file stem, original text, mutated text, what must catch it)}.
# "mismatch": the cycle-by-cycle comparison; "async": the check of the outputs at the reset edge.
MUTANTS = {
    # the threshold compare loses its equality case
    "nrn_lif-threshold": ("nrn_lif", "nrn_lif", "end else if (v_next >= VThrW) begin",
                          "end else if (v_next > VThrW) begin", "mismatch"),
    # tap at bit 10 moved to bit 11 (mask 0xB400 -> 0xB800)
    "sc_lfsr-tap": ("sc_lfsr", "sc_lfsr", "localparam logic [Width-1:0] TapsW = Taps[Width-1:0];",
                    "localparam logic [Width-1:0] TapsW = Taps[Width-1:0] ^ Width'(32'h0000_0C00);",
                    "mismatch"),
    # the comparator becomes <= (differs only when the LFSR state equals x): in the default split comparator,
    # the low half gains the equality case
    "sc_sng-compare": ("sc_sng", "sc_sng", "lt_lo_d = (a_lo < b_lo);", "lt_lo_d = (a_lo <= b_lo);", "mismatch"),
    # the leak loses its floor correction (the borrow): (VRest >>> s) - (v >>> s) instead of (VRest - v) >>> s
    "nrn_lif_lite-borrow": ("nrn_lif_lite", "nrn_lif_lite", "{~v_shr, ~borrow}", "{~v_shr, 1'b1}", "mismatch"),
    # the threshold compare loses its equality case (carry out of v - VThreshold - 1)
    # (the deep check runs DataWidth = 16, so the addend is 17 bits wide)
    "nrn_lif_lite-threshold": ("nrn_lif_lite", "nrn_lif_lite", "- {1'b0, VThrBiased};",
                               "- {1'b0, VThrBiased} - 17'd1;", "mismatch"),
    # the reset becomes synchronous: identical after every clock edge, so only the reset-edge check sees it
    "nrn_lif-sync-reset": ("nrn_lif", "nrn_lif", "always_ff @(posedge clk_i or negedge rst_ni) begin",
                           "always_ff @(posedge clk_i) begin", "async"),
}


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize(("unit", "param_set"), RUNS, ids=[f"{u}-{p}" for u, p in RUNS])
def test_deep_check(unit: str, param_set: str) -> None:
    """10M cycles: no mismatch, no structural failure, every corner hit at least its minimum."""
    result = deep.run_deep(unit, cycles=deep.DEFAULT_CYCLES, seed=SEED, param_set=param_set)
    report = result.report()
    print(report)
    assert result.cycles >= 10_000_000
    assert result.mismatches == 0, report
    assert result.failures == [], report
    assert result.minimums == deep.MIN_CORNERS[unit], "full-length runs must use the unscaled corner minimums"
    for name, need in deep.MIN_CORNERS[unit].items():
        assert result.corners[name] >= need, f"corner {name}: {result.corners[name]} < {need}\n{report}"
    assert result.ok, report
    if unit == "sc_lfsr":
        assert result.facts["rtl_period"] == 65535, report
        assert result.facts["model_period"] == 65535, report
        assert result.corners["clean_full_periods"] >= 50, report
        assert result.corners["distinct_states"] == 65535, report


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_check_catches_mutant(mutant: str, tmp_path) -> None:
    """The same check on a mutated copy of the RTL fails and says why (and rtl/ is left untouched)."""
    unit, stem, old, new, caught_by = MUTANTS[mutant]
    originals = {p: p.read_bytes() for p in sources(unit)}
    files = deep.mutated_sources(unit, {stem: (old, new)}, tmp_path / "rtl")
    assert all(f.parent == tmp_path / "rtl" for f in files)
    result = deep.run_deep(unit, cycles=MUTANT_CYCLES, seed=SEED, rtl_files=files)
    report = result.report()
    print(report)
    assert {p: p.read_bytes() for p in originals} == originals, "the mutation leaked into rtl/"
    assert not result.ok, report
    if caught_by == "mismatch":
        assert result.mismatches > 0, f"the deep check did not catch the mutant {new!r}\n{report}"
        assert result.analysis.first, report
        assert "mismatches (reproduce with --seed" in report
    else:
        assert result.mismatches == 0, report
        assert any("before the clock edge" in f for f in result.failures), report


def test_mutation_must_hit_its_target(tmp_path) -> None:
    """A mutation whose text is not in the source is an error, not a silently unmutated copy."""
    with pytest.raises(ValueError, match="occurs 0 times"):
        deep.mutated_sources("nrn_lif", {"nrn_lif": ("no such text", "x")}, tmp_path)


def test_missing_verilator_fails_with_install_hint(monkeypatch, tmp_path) -> None:
    """Without verilator on PATH the deep check raises (a failure, never a skip) with the install hint."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"missing tool\(s\) verilator.*apt-get install"):
        deep.run_deep("sc_lfsr", cycles=1000, seed=1)


@pytest.mark.parametrize("unit", deep.UNITS)
def test_stimulus_reproduces_from_seed(unit: str) -> None:
    """Same seed, same stimulus (a failure reproduces from its printed seed); another seed, another one."""
    params = deep.PARAM_SETS[unit]["default"]
    a = deep.generate(unit, 20_000, 5, params)
    b = deep.generate(unit, 20_000, 5, params)
    c = deep.generate(unit, 20_000, 6, params)
    assert a.keys() == b.keys() == {name for name, _ in deep.LAYOUTS[unit].stim}
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)


def test_file_blocks_round_trip(tmp_path) -> None:
    """The binary block format written by Python reads back identically (the harness uses the same layout)."""
    cols = (("a", "<i2"), ("b", "u1"), ("c", "<u4"))
    data = {"a": np.array([-32768, 0, 32767]), "b": np.array([0, 1, 255]), "c": np.array([0, 7, 2**32 - 1])}
    path = tmp_path / "x.bin"
    with open(path, "wb") as f:
        deep.write_block(f, cols, data)
        deep.write_block(f, cols[:1], {"a": np.array([], dtype=np.int16)})
    first, second = deep.read_blocks(path, [cols, cols[:1]])
    assert all(np.array_equal(first[k], data[k]) for k in data)
    assert second["a"].size == 0
    with pytest.raises(ValueError, match="element sizes"):
        deep.read_blocks(path, [(("a", "<i4"), ("b", "u1"), ("c", "<u4"))])
