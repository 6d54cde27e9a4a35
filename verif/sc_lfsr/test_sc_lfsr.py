"""cocotb testbench of ``sc_lfsr``: the state register against the bit-true ``Lfsr`` every cycle.

Stimulus: first one full period with enable high (the sequence must return to the seed after exactly
2^16 - 1 clocks), then random enable (hold cycles) and resets in the middle of the run. Environment: see
``verif/nrn_lif/test_nrn_lif.py`` (NRN_CYCLES, NRN_SEED, NRN_RESULTS); ``NRN_INJECT=model_seed`` gives the
scoreboard a model with the wrong seed, to prove it fails.
"""

from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.fixed.lfsr import Lfsr
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("advance", "hold", "reset_mid_run", "full_period")


def dut_lfsr(dut) -> Lfsr:
    return Lfsr(width=int(dut.Width.value), taps=int(dut.Taps.value), seed=int(dut.Seed.value))


@cocotb.test()
async def lfsr_scoreboard(dut):
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

    cycles, seed = env_int("NRN_CYCLES", 100_000), env_int("NRN_SEED", 1)
    rng = np.random.default_rng(seed)
    model = dut_lfsr(dut)
    if os.environ.get("NRN_INJECT") == "model_seed":
        model = Lfsr(model.width, model.taps, model.seed ^ 1)
    period = (1 << model.width) - 1
    hits = dict.fromkeys(COVER_BINS, 0)
    mismatches, first, advanced_since_reset, ran = 0, [], 0, False
    states = []
    dut.rst_ni.value = 0
    dut.en_i.value = 0
    cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
    for t in range(cycles):
        await FallingEdge(dut.clk_i)
        if t == 0:
            rst, en = 0, 0
        elif t <= period:
            rst, en = 1, 1  # one uninterrupted period first
        else:
            rst = 0 if (rng.random() < 2e-4 or t == period + 100) else 1
            en = int(rng.random() < 0.85)
        dut.rst_ni.value = rst
        dut.en_i.value = en
        await RisingEdge(dut.clk_i)
        await ReadOnly()
        if not rst:
            model.reset()
            hits["reset_mid_run"] += ran
            advanced_since_reset = 0
        elif en:
            model.step()
            hits["advance"] += 1
            advanced_since_reset += 1
            ran = True
            if model.state == model.seed and advanced_since_reset == period:
                hits["full_period"] += 1
        else:
            hits["hold"] += 1
        got = int(dut.state_o.value)
        if len(states) < 4096:
            states.append(got)
        if got != model.state:
            mismatches += 1
            if len(first) < 10:
                first.append({"cycle": t, "rst_n": rst, "en": en, "rtl": got, "model": model.state})
                dut._log.error(f"MISMATCH cycle {t}: rtl {got:#x} model {model.state:#x}")
    missed = [b for b in COVER_BINS if hits[b] == 0]
    write_results({"unit": "sc_lfsr", "seed": seed, "cycles": cycles, "mismatches": mismatches,
                   "first_mismatches": first, "coverage": hits, "coverage_missed": missed,
                   "params": {"width": model.width, "taps": model.taps, "seed": model.seed}, "states": states})
    assert mismatches == 0, f"{mismatches} mismatches between sc_lfsr and Lfsr"
    assert not missed, f"coverage holes: {missed} (run at least {period + 1} cycles for the full period)"


SIM_PARAMETERS: dict[str, int] = {}


def summarize(res: dict) -> list[str]:
    hit = sum(1 for v in res["coverage"].values() if v)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (state_o, every cycle)",
        f"coverage       : {hit}/{len(res['coverage'])} bins "
        + ", ".join(f"{k}={v}" for k, v in res["coverage"].items()),
        f"parameters     : width {res['params']['width']}, taps {res['params']['taps']:#x}, "
        f"seed {res['params']['seed']:#x}",
    ]


def plot(res: dict, path) -> None:
    """Return map state[t] -> state[t+1] of the first cycles: an LFSR fills it with two lines of slope 2."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    s = np.asarray(res["states"])
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.plot(s[:-1], s[1:], ".", ms=2)
    ax.set_xlabel("state[t]")
    ax.set_ylabel("state[t+1]")
    ax.set_title(f"sc_lfsr return map, first {s.size} cycles (seed {res['seed']})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_clean(tmp_path):
        res = run_unit("sc_lfsr", tmp_path, 70_000, seed=3)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage"]["full_period"] >= 1
        assert not res["coverage_missed"] and not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, env={"NRN_INJECT": "model_seed"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_mutant_rtl(tmp_path):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_lfsr")[-1], tmp_path, "^(state_q & TapsW)", "^(state_q & (TapsW ^ 16'h0400))")
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, rtl_files=[mutant])
        assert res["mismatches"] > 0 and res["failed_tests"]
except ImportError:
    pass
