"""Verilator deep checks of the random-number units (``verif.deep.deep_rng``) and proof that they can fail.

* Every LFSR width 3..32 in both forms (banks of instances with the generated table's defaults), >= 10M cycles
  per instance and, up to 24 bits, a whole period without gaps: the period and state coverage are measured on
  the RTL alone. Explicit taps and seeds in a bank of their own.
* ``sc_sobol``: sampled configurations for 10M cycles, its default as a top of its own, and every (Width, Dim)
  in one sweep run (period, permutation and net property of the first period, every direction number used).
* ``sc_sng`` in its new modes (bipolar, Sobol source, Galois LFSR), 10M cycles each.
* Mutants (one deliberate bug each, in a temporary copy of the RTL) must be caught.

The seed is fixed so that CI is reproducible; set ``NRN_DEEP_SEED`` to explore others (a failure prints its
seed, and ``python -m verif.deep.deep_rng --run NAME --seed S`` reproduces it).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from golden.fixed.lfsr import LfsrForm
from verif.common.rtl import sources
from verif.deep import deep_rng

SEED = int(os.environ.get("NRN_DEEP_SEED", "20260601"))
MUTANT_CYCLES = 200_000


def _summary(results: list) -> str:
    rows = [f"{r.param_set:<40} {'PASS' if r.ok else 'FAIL'} mismatches={r.mismatches} "
            f"period={r.facts.get('rtl_period')} " + " ".join(f"{k}={v}" for k, v in r.corners.items())
            for r in results]
    t = results[0].timings
    rows.append("timings [s]: " + ", ".join(f"{k} {v:.2f}" for k, v in t.items() if k != "compare")
                + f", compare (all instances) {sum(r.timings['compare'] for r in results):.2f}")
    return "\n".join(rows)


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("bank", list(deep_rng.BANKS))
def test_deep_bank(bank: str) -> None:
    """Every instance of the bank: no mismatch, no structural failure, every corner at its minimum."""
    results = deep_rng.run_bank(bank, seed=SEED)
    print(_summary(results))
    spec = deep_rng.BANKS[bank]
    assert [r.params for r in results] == list(spec.configs)
    for r in results:
        report = r.report()
        assert r.cycles == spec.cycles
        assert r.mismatches == 0, report
        assert r.failures == [], report
        assert not r.missing, report
        assert r.ok, report
        w = r.params["Width"]
        if r.unit == "sc_lfsr" and w <= deep_rng.FULL_PERIOD_MAX_WIDTH:  # the whole period, measured on the RTL
            assert r.cycles >= 10_000_000
            assert r.facts["rtl_period"] == (1 << w) - 1, report
            assert r.corners["distinct_states"] == (1 << w) - 1, report
            assert r.corners["clean_full_periods"] >= 1, report
        elif r.unit == "sc_lfsr":  # no whole period fits: no state repeats in 5M clean cycles
            assert r.cycles >= 10_000_000
            assert r.facts["rtl_period"] is None and r.corners["distinct_states"] >= r.cycles // 2, report
        else:
            assert r.facts["rtl_period"] == 1 << w, report
            assert r.facts["first_period_net"] is True, report
            assert r.cycles >= (10_000_000 if bank != "sobol-sweep" else 4 * (1 << 16))


def test_lfsr_banks_cover_every_width_and_form_with_the_table_defaults() -> None:
    seen = [(p["Width"], p["Form"]) for b in deep_rng.BANKS.values() if b.unit == "sc_lfsr"
            and b.passed == ("Width", "Form") for p in b.configs]
    assert sorted(seen) == [(w, int(f)) for w in range(3, 33) for f in LfsrForm]
    sweep = deep_rng.BANKS["sobol-sweep"]
    assert sorted((p["Width"], p["Dim"]) for p in sweep.configs) == [(w, d) for w in range(8, 17)
                                                                      for d in range(1, 17)]
    assert any(p["Shift"] for p in sweep.configs) and any(not p["Shift"] for p in sweep.configs)


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("key", list(deep_rng.SINGLE))
def test_deep_single(key: str) -> None:
    """10M cycles of a unit as the top of its own build: no mismatch, no failure, every corner hit."""
    result = deep_rng.run_single(key, seed=SEED)
    report = result.report()
    print(report)
    assert result.cycles >= 10_000_000
    assert result.mismatches == 0, report
    assert result.failures == [], report
    assert not result.missing, report
    assert result.ok, report
    if result.unit == "sc_sng":
        assert result.corners["distinct_states_loaded"] == deep_rng.sng_source(result.params).period_states().size


# One deliberate bug each: name -> (bank or single check, file stem, original, mutated, what must catch it).
# "mismatch": the cycle-by-cycle comparison; "async": the check of the outputs at the reset edge.
MUTANTS = {
    # the Galois feedback enters one bit too low: only the Galois instances of the bank may fail
    "lfsr-galois-tap": ("lfsr-w9-16", "sc_lfsr", "(TapsW & {Width{state_q[0]}})",
                        "((TapsW >> 1) & {Width{state_q[0]}})", "mismatch"),
    # the index wrap (all-ones counter) applies no direction number
    "sobol-wrap": ("sobol-sampled", "sc_sobol", "zero[Width-1] | (&index_q)", "zero[Width-1]", "mismatch"),
    # the reset becomes synchronous: identical after every clock edge, only the reset-edge check sees it
    "sobol-sync-reset": ("sc_sobol/default", "sc_sobol", "always_ff @(posedge clk_i or negedge rst_ni) begin",
                         "always_ff @(posedge clk_i) begin", "async"),
    # bipolar: the operand's sign bit is not flipped (y taken as unsigned instead of y + 2^(W-1))
    "sng-bipolar-sign": ("sc_sng/lfsr-galois-bipolar-w12", "sc_sng",
                         "assign cmp_b = {~x_i[Width-1], x_i[Width-2:0]};",
                         "assign cmp_b = {x_i[Width-1], x_i[Width-2:0]};", "mismatch"),
    # Sobol bipolar: the source is not re-centred (r instead of r + 2^(W-1) in offset binary)
    "sng-sobol-bipolar-centring": ("sc_sng/sobol-bipolar-w12-dim5-shift", "sc_sng",
                                   "assign cmp_a = {state[Width-1], ~state[Width-1], state[Width-2:0]};",
                                   "assign cmp_a = {1'b0, state};", "mismatch"),
    # Sobol unipolar: the operand's top bit is dropped (x = 2^W no longer means p = 1)
    "sng-sobol-operand": ("sc_sng/sobol-unipolar", "sc_sng", "assign cmp_b = x_i;",
                          "assign cmp_b = {1'b0, x_i[Width-1:0]};", "mismatch"),
}


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_rng_catches_mutant(mutant: str, tmp_path) -> None:
    """The same check on a mutated copy of the RTL fails and says why (and rtl/ is left untouched)."""
    target, stem, old, new, caught_by = MUTANTS[mutant]
    unit = deep_rng.BANKS[target].unit if target in deep_rng.BANKS else deep_rng.SINGLE[target][0]
    originals = {p: p.read_bytes() for p in sources(unit)}
    files = deep_rng.mutated_sources(unit, {stem: (old, new)}, tmp_path / "rtl")
    if target in deep_rng.BANKS:
        results = deep_rng.run_bank(target, cycles=MUTANT_CYCLES, seed=SEED, rtl_files=files)
    else:
        results = [deep_rng.run_single(target, cycles=MUTANT_CYCLES, seed=SEED, rtl_files=files)]
    # caught = a mismatch or a structural failure (a short run may also miss corner minimums: not counted here)
    failed = [r for r in results if r.mismatches or r.failures]
    print("\n".join(r.report() for r in failed))
    assert {p: p.read_bytes() for p in originals} == originals, "the mutation leaked into rtl/"
    assert failed, f"no check caught the mutant {new!r}"
    assert all(not r.ok for r in failed)
    for r in failed:
        if caught_by == "mismatch":
            assert r.mismatches > 0 and r.analysis.first, r.report()
            assert "mismatches (reproduce with --seed" in r.report()
        else:
            assert r.mismatches == 0, r.report()
            assert any("before the clock edge" in f for f in r.failures), r.report()
    if mutant == "lfsr-galois-tap":  # localised: exactly the Galois instances fail
        assert {r.params["Form"] for r in failed} == {int(LfsrForm.GALOIS)}
        assert len(failed) == len(results) // 2
    if mutant == "sobol-wrap":  # every width wraps its index within the clean first half
        assert len(failed) == len(results)


def test_bank_verilog_passes_only_the_named_parameters() -> None:
    text = deep_rng.bank_verilog(deep_rng.BANKS["lfsr-w3-8"])
    assert "sc_lfsr #(.Width(3), .Form(0)) u0" in text and "Taps" not in text and "Seed" not in text
    assert "assign state_o[31:0] = {29'd0, s0};" in text
    text = deep_rng.bank_verilog(deep_rng.BANKS["lfsr-seeds"])
    assert ".Seed(3735928559)" in text and "assign state_o[127:96] = s3;" in text
    with pytest.raises(ValueError, match="at least 3"):
        deep_rng.bank_verilog(deep_rng.Bank("tiny", "sc_lfsr", deep_rng.BANKS["lfsr-w3-8"].configs[:2],
                                            ("Width",), 10))


@pytest.mark.parametrize("params", [None, *(p for _, p in deep_rng.SINGLE.values() if "Encoding" in p)])
def test_stimulus_reproduces_from_seed(params) -> None:
    """Same seed, same stimulus (a failure reproduces from its printed seed); another seed, another one."""
    def gen(seed: int) -> dict:
        if params is None:
            return deep_rng.stim_register(20_000, seed)
        return deep_rng.stim_sng(params, 20_000, seed)

    a, b, c = gen(5), gen(5), gen(6)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not all(np.array_equal(a[k], c[k]) for k in a)
    if params is not None:  # the operands stay inside the port and the pattern is their two's complement
        lo, hi = deep_rng.sng_operand_range(deep_rng.sng_source(params), params["Encoding"])
        bits = deep_rng.sng_source(params).operand_bits
        assert a["x"].min() >= lo and a["x"].max() <= hi
        assert np.array_equal(a["x_port"], a["x"] & ((1 << bits) - 1))


def test_missing_verilator_fails_with_install_hint(monkeypatch, tmp_path) -> None:
    """Without verilator on PATH the deep check raises (a failure, never a skip) with the install hint."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"missing tool\(s\) verilator.*apt-get install"):
        deep_rng.run_bank("lfsr-w3-8", cycles=1000, seed=1)
