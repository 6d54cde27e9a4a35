"""cocotb testbench of ``sc_sng``: the registered stream bit against the bit-true model every cycle.

Stimulus: one full LFSR period with x held (the count of ones must equal the number of LFSR states below x
exactly), then windows of held x at the corners (0, 1, 2, full scale, half scale, random), per-cycle random
x, enable low (hold) and resets in the middle of the run. ``NRN_INJECT=model_le`` makes the scoreboard's
model compare with <= instead of <, to prove it fails.
"""

from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.fixed.lfsr import Lfsr
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("x_zero", "x_one", "x_full_scale", "bit_one", "bit_zero", "hold", "reset_mid_run",
              "exact_period_count", "all_zero_window", "mostly_one_window")


@cocotb.test()
async def sng_scoreboard(dut):
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

    cycles, seed = env_int("NRN_CYCLES", 100_000), env_int("NRN_SEED", 1)
    rng = np.random.default_rng(seed)
    lfsr = Lfsr(width=int(dut.Width.value), taps=int(dut.Taps.value), seed=int(dut.Seed.value))
    le = os.environ.get("NRN_INJECT") == "model_le"
    full = (1 << lfsr.width) - 1
    period = full
    hits = dict.fromkeys(COVER_BINS, 0)
    mismatches, first, ran, bit = 0, [], False, 0
    x_first = int(rng.integers(1, full))
    expected_ones = int(np.count_nonzero(lfsr.period_states() < x_first))
    ones_first = 0
    window: list[int] = []
    window_x = None
    probe = {"x": [], "bit": []}
    dut.rst_ni.value = 0
    dut.en_i.value = 0
    dut.x_i.value = 0
    cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
    t = 0
    x, hold_left = 0, 0
    while t < cycles:
        await FallingEdge(dut.clk_i)
        if t == 0:
            rst, en, x = 0, 0, 0
        elif t <= period:
            rst, en, x = 1, 1, x_first
        else:
            if hold_left == 0:
                if rng.random() < 0.6:
                    corners = [0, 1, 2, full, full - 1, 1 << (lfsr.width - 1), int(rng.integers(0, full + 1))]
                    x = int(rng.choice(corners))
                    hold_left = int(rng.integers(64, 1024))
                else:
                    x, hold_left = -1, int(rng.integers(16, 256))  # per-cycle random x
            hold_left -= 1
            rst = 0 if (rng.random() < 2e-4 or t == period + 100) else 1
            en = int(rng.random() < 0.9)
        xv = int(rng.integers(0, full + 1)) if x < 0 else x
        dut.rst_ni.value = rst
        dut.en_i.value = en
        dut.x_i.value = xv
        await RisingEdge(dut.clk_i)
        await ReadOnly()
        if not rst:
            lfsr.reset()
            bit = 0
            hits["reset_mid_run"] += ran
        elif en:
            bit = int(lfsr.state <= xv if le else lfsr.state < xv)
            lfsr.step()
            ran = True
            hits["x_zero"] += xv == 0
            hits["x_one"] += xv == 1
            hits["x_full_scale"] += xv == full
            hits["bit_one" if bit else "bit_zero"] += 1
        else:
            hits["hold"] += 1
        got = int(dut.bit_o.value)
        if 1 <= t <= period:
            ones_first += got
        if t == period:
            hits["exact_period_count"] += ones_first == expected_ones
        if t > period and x >= 0 and en and rst:
            if window_x != x:
                window, window_x = [], x
            window.append(got)
            if len(window) == 64:
                hits["all_zero_window"] += x == 0 and sum(window) == 0
                hits["mostly_one_window"] += x == full and sum(window) >= 63
        if len(probe["x"]) < 3000 and t > period:
            probe["x"].append(xv)
            probe["bit"].append(got)
        if got != bit:
            mismatches += 1
            if len(first) < 10:
                first.append({"cycle": t, "rst_n": rst, "en": en, "x": xv, "rtl": got, "model": bit})
                dut._log.error(f"MISMATCH cycle {t}: x={xv} rtl {got} model {bit}")
        t += 1
    missed = [b for b in COVER_BINS if hits[b] == 0]
    write_results({"unit": "sc_sng", "seed": seed, "cycles": cycles, "mismatches": mismatches,
                   "first_mismatches": first, "coverage": hits, "coverage_missed": missed,
                   "exact_period": {"x": x_first, "ones": ones_first, "expected": expected_ones},
                   "params": {"width": lfsr.width, "taps": lfsr.taps, "seed": lfsr.seed}, "probe": probe})
    assert mismatches == 0, f"{mismatches} mismatches between sc_sng and the model"
    assert not missed, f"coverage holes: {missed}"


SIM_PARAMETERS: dict[str, int] = {}


def summarize(res: dict) -> list[str]:
    hit = sum(1 for v in res["coverage"].values() if v)
    ep = res["exact_period"]
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (bit_o, every cycle)",
        f"full period    : x={ep['x']}: {ep['ones']} ones over 65535 cycles, expected exactly {ep['expected']}",
        f"coverage       : {hit}/{len(res['coverage'])} bins "
        + ", ".join(f"{k}={v}" for k, v in res["coverage"].items()),
    ]


def plot(res: dict, path) -> None:
    """Running mean of the stream against x / (2^W - 1) over the probed cycles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = np.asarray(res["probe"]["x"], dtype=float) / ((1 << res["params"]["width"]) - 1)
    b = np.asarray(res["probe"]["bit"], dtype=float)
    k = 64
    mean = np.convolve(b, np.ones(k) / k, mode="valid")
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.plot(x, color="tab:gray", lw=1, label="x / (2^16 - 1)")
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

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_clean(tmp_path):
        res = run_unit("sc_sng", tmp_path, 90_000, seed=4)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["exact_period"]["ones"] == res["exact_period"]["expected"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, env={"NRN_INJECT": "model_le"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sng_scoreboard_catches_mutant_rtl(tmp_path):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_sng")[-1], tmp_path, "bit_d = (state < x_i);", "bit_d = (state <= x_i);")
        files = [*sources("sc_sng")[:-1], mutant]
        res = run_unit("sc_sng", tmp_path, 70_000, seed=4, rtl_files=files)
        assert res["mismatches"] > 0 and res["failed_tests"]
except ImportError:
    pass
