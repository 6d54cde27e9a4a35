"""cocotb testbench of ``sc_sng``: the registered stream bit against the bit-true model every cycle.

Parameters (Width, Taps, Seed, Form, Source, Encoding, Dim, Shift, PipelineStages) are read back from the DUT;
pytest builds the default (16-bit LFSR, unipolar, comparator split in two registered halves: PipelineStages = 1)
and the other modes: LFSR bipolar, Sobol unipolar and bipolar, Galois LFSR, and the single-register comparator
(PipelineStages = 0). The scoreboard models the comparator register (the PipelineStages = 0 output) and, for
PipelineStages = 1, one more register that copies it every clock and is cleared by the reset: the expected bit_o
is checked every cycle, including the cycles with enable low (where the split comparator still moves bit_o) and
the cycle after a reset.

Stimulus: one full source period with x held (the count of ones must equal the number of source states for
which the comparator is true, exactly), then windows of held x at the corners of the operand (minimum, minimum
+ 1, + 2, full scale, full scale - 1, the middle, for Sobol also beyond full scale, and random values; every
corner once, in random order, before random choices), per-cycle random x, enable low (hold) and resets in the
middle of the run. Operand corners are in the units of the port: unsigned for unipolar, signed for bipolar (the
pattern driven is the two's complement). Counts and windows of bit_o are taken PipelineStages cycles late, so that
each bit is paired with the x it came from. ``NRN_INJECT=model_le`` makes the scoreboard's model compare with <=
instead of <, and ``NRN_INJECT=model_no_delay`` makes it ignore PipelineStages, to prove that it fails.
"""

from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.fixed.lfsr import (
    SngEncoding,
    SngSource,
    sng_compare,
    sng_operand_range,
    sng_pipeline_stages,
    sng_source,
)
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("x_zero", "x_one", "x_full_scale", "bit_one", "bit_zero", "hold", "reset_mid_run",
              "exact_period_count", "all_zero_window", "mostly_one_window")
SOBOL_BINS = ("x_beyond_full_scale",)  # Sobol operand is Width + 1 bits: values past p = 1 saturate


def dut_params(dut) -> dict[str, int]:
    names = ("Width", "Taps", "Seed", "Form", "Source", "Encoding", "Dim", "Shift", "PipelineStages")
    return {n: int(getattr(dut, n).value) for n in names}


def operand_corners(params: dict[str, int], source) -> dict[str, int]:
    """Operand values (port units, signed for bipolar) of the corners: P = 0, the first step, full scale."""
    w, lo_port, hi_port = params["Width"], *sng_operand_range(source, params["Encoding"])
    sobol = params["Source"] == SngSource.SOBOL
    base = 0 if params["Encoding"] == SngEncoding.UNIPOLAR else -(1 << (w - 1))  # operand of P = 0
    full = base + ((1 << w) if sobol else (1 << w) - 1)  # the largest P: 1 (Sobol), 1 - 1/(2^W - 1) (LFSR)
    return {"zero": base, "one": base + 1, "two": base + 2, "full": full, "full_minus_1": full - 1,
            "mid": base + (1 << (w - 1)), "lo_port": lo_port, "hi_port": hi_port}


@cocotb.test()
async def sng_scoreboard(dut):
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

    cycles, seed = env_int("NRN_CYCLES", 100_000), env_int("NRN_SEED", 1)
    rng = np.random.default_rng(seed)
    params = dut_params(dut)
    width, enc = params["Width"], params["Encoding"]
    sobol = params["Source"] == SngSource.SOBOL
    src = sng_source(params)
    le = os.environ.get("NRN_INJECT") == "model_le"
    stages = 0 if os.environ.get("NRN_INJECT") == "model_no_delay" else sng_pipeline_stages(params)
    c = operand_corners(params, src)
    lo_port, hi_port = c["lo_port"], c["hi_port"]
    port_mask = (1 << src.operand_bits) - 1
    period = src.period_states().size
    bins = COVER_BINS + (SOBOL_BINS if sobol else ())
    hits = dict.fromkeys(bins, 0)
    mismatches, first, ran = 0, [], False
    cmp = 0  # the comparator register (bit_o when PipelineStages = 0)
    ctx_prev = (0, 0, False, 0)  # (rst_n, en, per_cycle, x) of the previous cycle
    x_first = int(rng.integers(c["one"], c["full"]))
    expected_ones = int(np.count_nonzero(sng_compare(src.period_states(), x_first, width, enc)))
    ones_first = 0
    window: list[int] = []
    window_x = None
    probe = {"x": [], "bit": []}
    dut.rst_ni.value = 0
    dut.en_i.value = 0
    dut.x_i.value = 0
    cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
    t = 0
    x, per_cycle, hold_left = 0, False, 0
    pending: list[int] | None = None
    while t < cycles:
        await FallingEdge(dut.clk_i)
        if t == 0:
            rst, en, x, per_cycle = 0, 0, c["zero"], False
        elif t <= period:
            rst, en, x = 1, 1, x_first
        else:
            if hold_left == 0:
                per_cycle = rng.random() >= 0.6
                if not per_cycle:
                    corners = [c["zero"], c["one"], c["two"], c["full"], c["full_minus_1"], c["mid"],
                               int(rng.integers(lo_port, hi_port + 1))]
                    if sobol:
                        corners += [c["full"] + 1, hi_port] + ([lo_port] if enc == SngEncoding.BIPOLAR else [])
                    if pending is None:  # every corner once (in random order) before random choices
                        pending = [corners[i] for i in rng.permutation(len(corners))]
                    x = int(pending.pop() if pending else rng.choice(corners))
                    hold_left = int(rng.integers(64, 1024))
                else:
                    hold_left = int(rng.integers(16, 256))
            hold_left -= 1
            rst = 0 if (rng.random() < 2e-4 or t == period + 100) else 1
            en = int(rng.random() < 0.9)
        xv = int(rng.integers(lo_port, hi_port + 1)) if per_cycle else x
        dut.rst_ni.value = rst
        dut.en_i.value = en
        dut.x_i.value = xv & port_mask
        await RisingEdge(dut.clk_i)
        await ReadOnly()
        cmp_before = cmp
        if not rst:
            src.reset()
            cmp = 0
            hits["reset_mid_run"] += ran
        elif en:
            cmp = int(sng_compare(src.state, xv + 1 if le else xv, width, enc))
            src.step()
            ran = True
            hits["x_zero"] += xv == c["zero"]
            hits["x_one"] += xv == c["one"]
            hits["x_full_scale"] += xv == c["full"]
            if sobol:
                hits["x_beyond_full_scale"] += xv > c["full"] or xv < c["zero"]
            hits["bit_one" if cmp else "bit_zero"] += 1
        else:
            hits["hold"] += 1
        bit = cmp if stages == 0 else (cmp_before if rst else 0)
        got = int(dut.bit_o.value)
        # the cycle whose comparison bit_o shows now (PipelineStages cycles ago)
        ctx = (rst, en, per_cycle, xv)
        b_rst, b_en, b_per_cycle, b_x = ctx_prev if stages else ctx
        ctx_prev = ctx
        if 1 + stages <= t <= period + stages:
            ones_first += got
        if t == period + stages:
            hits["exact_period_count"] += ones_first == expected_ones
        if t > period + stages and not b_per_cycle and b_en and b_rst and rst:
            if window_x != b_x:
                window, window_x = [], b_x
            window.append(got)
            if len(window) == 64:
                hits["all_zero_window"] += b_x == c["zero"] and sum(window) == 0
                hits["mostly_one_window"] += b_x == c["full"] and sum(window) >= 63
        if len(probe["x"]) < 3000 and t > period + stages:
            probe["x"].append(b_x)
            probe["bit"].append(got)
        if got != bit:
            mismatches += 1
            if len(first) < 10:
                first.append({"cycle": t, "rst_n": rst, "en": en, "x": xv, "rtl": got, "model": bit})
                dut._log.error(f"MISMATCH cycle {t}: x={xv} rtl {got} model {bit}")
        t += 1
    missed = [b for b in bins if hits[b] == 0]
    write_results({"unit": "sc_sng", "seed": seed, "cycles": cycles, "mismatches": mismatches,
                   "first_mismatches": first, "coverage": hits, "coverage_missed": missed,
                   "exact_period": {"x": x_first, "ones": ones_first, "expected": expected_ones, "period": period},
                   "operand": {"zero": c["zero"], "full": c["full"]},
                   "params": params, "probe": probe})
    assert mismatches == 0, f"{mismatches} mismatches between sc_sng and the model"
    assert not missed, f"coverage holes: {missed}"


SIM_PARAMETERS: dict[str, int] = {}


def summarize(res: dict) -> list[str]:
    hit = sum(1 for v in res["coverage"].values() if v)
    ep, p = res["exact_period"], res["params"]
    mode = (f"{SngSource(p['Source']).name.lower()} source, {SngEncoding(p['Encoding']).name.lower()}, "
            f"PipelineStages {p['PipelineStages']}")
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (bit_o, every cycle)",
        f"full period    : x={ep['x']}: {ep['ones']} ones over {ep['period']} cycles, expected exactly "
        f"{ep['expected']}",
        f"coverage       : {hit}/{len(res['coverage'])} bins "
        + ", ".join(f"{k}={v}" for k, v in res["coverage"].items()),
        f"parameters     : width {p['Width']}, {mode}",
    ]


def plot(res: dict, path) -> None:
    """Running mean of the stream against the target probability over the probed cycles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    zero, full = res["operand"]["zero"], res["operand"]["full"]
    x = np.clip((np.asarray(res["probe"]["x"], dtype=float) - zero) / (full - zero), 0, 1)
    b = np.asarray(res["probe"]["bit"], dtype=float)
    k = 64
    mean = np.convolve(b, np.ones(k) / k, mode="valid")
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.plot(x, color="tab:gray", lw=1, label="target P(1) from x")
    ax.plot(np.arange(k - 1, b.size), mean, color="tab:blue", lw=1, label=f"running mean of bit_o ({k} cycles)")
    ax.set_xlabel("cycle (after the first period)")
    ax.set_ylabel("probability")
    ax.legend(fontsize=8)
    ax.set_title(f"sc_sng stream vs target (seed {res['seed']})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


try:
    import pytest

    SOBOL, BIPOLAR, GALOIS = int(SngSource.SOBOL), int(SngEncoding.BIPOLAR), 1
    # the new modes: (RTL parameters, cycles); each run holds x for one whole period first
    MODES = {
        "lfsr-bipolar-w16": ({"Encoding": BIPOLAR}, 90_000),
        "lfsr-galois-bipolar-w10": ({"Width": 10, "Form": GALOIS, "Encoding": BIPOLAR}, 12_000),
        "lfsr-galois-unipolar-w9": ({"Width": 9, "Form": GALOIS, "Seed": 0x155}, 10_000),
        "sobol-unipolar-w16": ({"Source": SOBOL}, 90_000),
        "sobol-unipolar-w10-dim3-shift": ({"Width": 10, "Source": SOBOL, "Dim": 3, "Shift": 0x155}, 12_000),
        "sobol-bipolar-w12-dim7-shift": ({"Width": 12, "Source": SOBOL, "Encoding": BIPOLAR, "Dim": 7,
                                          "Shift": 0xAAA}, 14_000),
        "sobol-bipolar-w8-dim16": ({"Width": 8, "Source": SOBOL, "Encoding": BIPOLAR, "Dim": 16}, 8_000),
        # the single-register comparator (PipelineStages = 0): the default LFSR, and every operand mapping
        "lfsr-unipolar-w16-direct": ({"PipelineStages": 0}, 90_000),
        "lfsr-bipolar-w10-direct": ({"Width": 10, "Encoding": BIPOLAR, "PipelineStages": 0}, 12_000),
        "sobol-bipolar-w8-dim5-direct": ({"Width": 8, "Source": SOBOL, "Encoding": BIPOLAR, "Dim": 5,
                                          "PipelineStages": 0}, 8_000),
        # odd operand widths split unevenly (high half one bit wider): LFSR W = 7 (3 + 4 bits), Sobol W = 8 (4 + 5)
        "lfsr-unipolar-w7": ({"Width": 7}, 4_000),
        "sobol-unipolar-w8-dim2": ({"Width": 8, "Source": SOBOL, "Dim": 2}, 8_000),
    }

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_clean(tmp_path):
        res = run_unit("sc_sng", tmp_path, 90_000, seed=4)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["exact_period"]["ones"] == res["exact_period"]["expected"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        p = res["params"]
        assert (p["Width"], p["Taps"], p["Seed"], p["Form"], p["Source"], p["Encoding"], p["PipelineStages"]) == \
            (16, 0xB400, 0xACE1, 0, 0, 0, 1), "the default configuration changed"

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mode", list(MODES))
    def test_sc_sng_scoreboard_modes(tmp_path, mode):
        params, cycles = MODES[mode]
        res = run_unit("sc_sng", tmp_path, cycles, seed=7, parameters=params)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["exact_period"]["ones"] == res["exact_period"]["expected"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        assert all(res["params"][k] == v for k, v in params.items())

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, env={"NRN_INJECT": "model_le"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_missing_delay(tmp_path):
        """A model without the pipeline register disagrees with the default RTL (the delay is checked)."""
        res = run_unit("sc_sng", tmp_path, 5_000, seed=4, env={"NRN_INJECT": "model_no_delay"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_wrong_model_sobol_bipolar(tmp_path):
        params, _ = MODES["sobol-bipolar-w8-dim16"]
        res = run_unit("sc_sng", tmp_path, 4_000, seed=4, parameters=params, env={"NRN_INJECT": "model_le"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_mutant_rtl(tmp_path):
        from verif.common.rtl import sources

        # the split comparator's low half gains the equality case: a <= b instead of a < b (default RTL)
        mutant = mutate(sources("sc_sng")[-1], tmp_path, "lt_lo_d = (a_lo < b_lo);", "lt_lo_d = (a_lo <= b_lo);")
        files = [*sources("sc_sng")[:-1], mutant]
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize(("old", "new"), [
        # the join drops the high half's equality term: a_hi < b_hi or a_lo < b_lo
        ("lt_hi_q | (eq_hi_q & lt_lo_q)", "lt_hi_q | lt_lo_q"),
        # the join register follows the enable: bit_o holds with en_i low instead of copying every clock
        ("assign bit_d = lt_hi_q | (eq_hi_q & lt_lo_q);",
         "assign bit_d = en_i ? lt_hi_q | (eq_hi_q & lt_lo_q) : bit_q;"),
    ], ids=["join-without-equality", "join-gated-by-enable"])
    def test_sc_sng_scoreboard_catches_mutant_pipeline(tmp_path, old, new):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_sng")[-1], tmp_path, old, new)
        files = [*sources("sc_sng")[:-1], mutant]
        # 10 bits: the enable gaps start after one period (1023 cycles) instead of 65535
        res = run_unit("sc_sng", tmp_path, 12_000, seed=4, parameters={"Width": 10}, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_mutant_rtl_direct(tmp_path):
        from verif.common.rtl import sources

        # the single-register comparator (PipelineStages = 0) gains the equality case
        mutant = mutate(sources("sc_sng")[-1], tmp_path, "bit_d = (cmp_a < cmp_b);", "bit_d = (cmp_a <= cmp_b);")
        files = [*sources("sc_sng")[:-1], mutant]
        params, _ = MODES["lfsr-unipolar-w16-direct"]
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, parameters=params, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize(("mode", "old", "new"), [
        # bipolar: the operand's sign bit is not flipped (y taken as unsigned instead of y + 2^(W-1))
        ("lfsr-galois-bipolar-w10", "assign cmp_b = {~x_i[Width-1], x_i[Width-2:0]};",
         "assign cmp_b = {x_i[Width-1], x_i[Width-2:0]};"),
        # Sobol bipolar: the source is not re-centred (r instead of r + 2^(W-1) in offset binary)
        ("sobol-bipolar-w8-dim16", "assign cmp_a = {state[Width-1], ~state[Width-1], state[Width-2:0]};",
         "assign cmp_a = {1'b0, state};"),
        # the Sobol operand loses its top bit (x = 2^W no longer means p = 1)
        ("sobol-unipolar-w10-dim3-shift", "assign cmp_b = x_i;", "assign cmp_b = {1'b0, x_i[Width-1:0]};"),
    ], ids=["bipolar-sign", "sobol-bipolar-centring", "sobol-operand-msb"])
    def test_sc_sng_scoreboard_catches_mutant_modes(tmp_path, mode, old, new):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_sng")[-1], tmp_path, old, new)
        files = [*sources("sc_sng")[:-1], mutant]
        params, cycles = MODES[mode]
        res = run_unit("sc_sng", tmp_path, cycles, seed=7, parameters=params, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]
except ImportError:
    pass
