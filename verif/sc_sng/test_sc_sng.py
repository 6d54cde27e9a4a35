"""cocotb testbench of ``sc_sng``: the registered stream bit against the bit-true model every cycle.

Parameters (Width, Taps, Seed, Form, Source, Encoding, Dim, Shift) are read back from the DUT; pytest builds the
default (16-bit LFSR, unipolar) and the other modes: LFSR bipolar, Sobol unipolar and bipolar, Galois LFSR.

Stimulus: one full source period with x held (the count of ones must equal the number of source states for
which the comparator is true, exactly), then windows of held x at the corners of the operand (minimum, minimum
+ 1, + 2, full scale, full scale - 1, the middle, for Sobol also beyond full scale, and random values; every
corner once, in random order, before random choices), per-cycle random x, enable low (hold) and resets in the
middle of the run. Operand corners are in the units of the port: unsigned for unipolar, signed for bipolar (the
pattern driven is the two's complement). ``NRN_INJECT=model_le`` makes the scoreboard's model compare with <=
instead of <, to prove that it fails.
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
    sng_source,
)
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("x_zero", "x_one", "x_full_scale", "bit_one", "bit_zero", "hold", "reset_mid_run",
              "exact_period_count", "all_zero_window", "mostly_one_window")
SOBOL_BINS = ("x_beyond_full_scale",)  # Sobol operand is Width + 1 bits: values past p = 1 saturate


def dut_params(dut) -> dict[str, int]:
    names = ("Width", "Taps", "Seed", "Form", "Source", "Encoding", "Dim", "Shift")
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
    c = operand_corners(params, src)
    lo_port, hi_port = c["lo_port"], c["hi_port"]
    port_mask = (1 << src.operand_bits) - 1
    period = src.period_states().size
    bins = COVER_BINS + (SOBOL_BINS if sobol else ())
    hits = dict.fromkeys(bins, 0)
    mismatches, first, ran, bit = 0, [], False, 0
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
        if not rst:
            src.reset()
            bit = 0
            hits["reset_mid_run"] += ran
        elif en:
            bit = int(sng_compare(src.state, xv + 1 if le else xv, width, enc))
            src.step()
            ran = True
            hits["x_zero"] += xv == c["zero"]
            hits["x_one"] += xv == c["one"]
            hits["x_full_scale"] += xv == c["full"]
            if sobol:
                hits["x_beyond_full_scale"] += xv > c["full"] or xv < c["zero"]
            hits["bit_one" if bit else "bit_zero"] += 1
        else:
            hits["hold"] += 1
        got = int(dut.bit_o.value)
        if 1 <= t <= period:
            ones_first += got
        if t == period:
            hits["exact_period_count"] += ones_first == expected_ones
        if t > period and not per_cycle and en and rst:
            if window_x != x:
                window, window_x = [], x
            window.append(got)
            if len(window) == 64:
                hits["all_zero_window"] += x == c["zero"] and sum(window) == 0
                hits["mostly_one_window"] += x == c["full"] and sum(window) >= 63
        if len(probe["x"]) < 3000 and t > period:
            probe["x"].append(xv)
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
    mode = f"{SngSource(p['Source']).name.lower()} source, {SngEncoding(p['Encoding']).name.lower()}"
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
    }

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_clean(tmp_path):
        res = run_unit("sc_sng", tmp_path, 90_000, seed=4)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["exact_period"]["ones"] == res["exact_period"]["expected"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        p = res["params"]
        assert (p["Width"], p["Taps"], p["Seed"], p["Form"], p["Source"], p["Encoding"]) == \
            (16, 0xB400, 0xACE1, 0, 0, 0), "the default configuration changed"

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
    def test_sc_sng_scoreboard_catches_wrong_model_sobol_bipolar(tmp_path):
        params, _ = MODES["sobol-bipolar-w8-dim16"]
        res = run_unit("sc_sng", tmp_path, 4_000, seed=4, parameters=params, env={"NRN_INJECT": "model_le"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_mutant_rtl(tmp_path):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_sng")[-1], tmp_path, "bit_d = (state < x_i);", "bit_d = (state <= x_i);")
        files = [*sources("sc_sng")[:-1], mutant]
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize(("mode", "old", "new"), [
        # bipolar: the operand's sign bit is not flipped (y taken as unsigned instead of y + 2^(W-1))
        ("lfsr-galois-bipolar-w10", "bit_d = (state < {~x_i[Width-1], x_i[Width-2:0]});",
         "bit_d = (state < {x_i[Width-1], x_i[Width-2:0]});"),
        # Sobol bipolar: the source is not re-centred (r instead of r + 2^(W-1) in offset binary)
        ("sobol-bipolar-w8-dim16", "{state[Width-1], ~state[Width-1], state[Width-2:0]} <",
         "{1'b0, state} <"),
        # the Sobol operand loses its top bit (x = 2^W no longer means p = 1)
        ("sobol-unipolar-w10-dim3-shift", "bit_d = ({1'b0, state} < x_i);", "bit_d = (state < x_i[Width-1:0]);"),
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
