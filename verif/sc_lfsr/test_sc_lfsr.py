"""cocotb testbench of ``sc_lfsr``: the state register against the bit-true ``Lfsr`` every cycle.

Parameters (Width, Taps, Seed, Form) are read back from the DUT; pytest builds several of them (widths 3..32 and
both forms, defaults from the generated table and explicit seeds). Stimulus: first one uninterrupted period with
enable high when it fits in the run (the sequence must return to the seed after exactly 2^Width - 1 clocks, and
not before), then random enable (hold cycles) and resets in the middle of the run. Environment: see
``verif/nrn_lif/test_nrn_lif.py`` (NRN_CYCLES, NRN_SEED, NRN_RESULTS); ``NRN_INJECT=model_seed`` gives the
scoreboard a model with the wrong seed, ``NRN_INJECT=model_form`` one of the other register form, to prove that
it fails.
"""

from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.fixed.lfsr import Lfsr, LfsrForm
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("advance", "hold", "reset_mid_run", "full_period")


def dut_lfsr(dut) -> Lfsr:
    return Lfsr(width=int(dut.Width.value), taps=int(dut.Taps.value), seed=int(dut.Seed.value),
                form=int(dut.Form.value))


def clean_prefix(period: int, cycles: int) -> int:
    """Cycles of the first, uninterrupted enabled stretch: one period and one more cycle when that leaves 1000
    cycles for the random part (then the full-period bin is required), else half of the run."""
    return period + 1 if period + 1 + 1000 <= cycles else cycles // 2


@cocotb.test()
async def lfsr_scoreboard(dut):
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

    cycles, seed = env_int("NRN_CYCLES", 100_000), env_int("NRN_SEED", 1)
    rng = np.random.default_rng(seed)
    model = dut_lfsr(dut)
    params = {"width": model.width, "taps": model.taps, "seed": model.seed, "form": int(model.form)}
    inject = os.environ.get("NRN_INJECT")
    if inject == "model_seed":
        model = Lfsr(model.width, model.taps, model.seed ^ 1, model.form)
    elif inject == "model_form":
        model = Lfsr(model.width, model.taps, model.seed, 1 - model.form)
    period = (1 << model.width) - 1
    clean = clean_prefix(period, cycles)
    bins = COVER_BINS if clean > period else tuple(b for b in COVER_BINS if b != "full_period")
    hits = dict.fromkeys(bins, 0)
    mismatches, first, advanced_since_reset, ran = 0, [], 0, False
    early_return = None
    states = []
    dut.rst_ni.value = 0
    dut.en_i.value = 0
    cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
    for t in range(cycles):
        await FallingEdge(dut.clk_i)
        if t == 0:
            rst, en = 0, 0
        elif t <= clean:
            rst, en = 1, 1  # one uninterrupted period first (when it fits)
        else:
            rst = 0 if (rng.random() < 2e-4 or t == clean + 100) else 1
            en = int(rng.random() < 0.85)
        dut.rst_ni.value = rst
        dut.en_i.value = en
        await RisingEdge(dut.clk_i)
        await ReadOnly()
        got = int(dut.state_o.value)
        if not rst:
            model.reset()
            hits["reset_mid_run"] += ran
            advanced_since_reset = 0
        elif en:
            model.step()
            hits["advance"] += 1
            advanced_since_reset += 1
            ran = True
            # the RTL alone: back at the seed after exactly one period of uninterrupted clocks, never earlier
            if t <= clean and got == params["seed"]:
                if advanced_since_reset == period:
                    hits["full_period"] = hits.get("full_period", 0) + 1
                elif early_return is None:
                    early_return = advanced_since_reset
        else:
            hits["hold"] += 1
        if len(states) < 4096:
            states.append(got)
        if got != model.state:
            mismatches += 1
            if len(first) < 10:
                first.append({"cycle": t, "rst_n": rst, "en": en, "rtl": got, "model": model.state})
                dut._log.error(f"MISMATCH cycle {t}: rtl {got:#x} model {model.state:#x}")
    missed = [b for b in bins if hits[b] == 0]
    write_results({"unit": "sc_lfsr", "seed": seed, "cycles": cycles, "mismatches": mismatches,
                   "first_mismatches": first, "coverage": hits, "coverage_missed": missed,
                   "early_return": early_return, "params": params, "states": states})
    assert mismatches == 0, f"{mismatches} mismatches between sc_lfsr and Lfsr"
    assert early_return is None, f"the RTL came back to its seed after {early_return} clocks, not {period}"
    assert not missed, f"coverage holes: {missed}"


SIM_PARAMETERS: dict[str, int] = {}


def summarize(res: dict) -> list[str]:
    hit = sum(1 for v in res["coverage"].values() if v)
    p = res["params"]
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (state_o, every cycle)",
        f"coverage       : {hit}/{len(res['coverage'])} bins "
        + ", ".join(f"{k}={v}" for k, v in res["coverage"].items()),
        f"parameters     : width {p['width']}, taps {p['taps']:#x}, seed {p['seed']:#x}, "
        f"form {LfsrForm(p['form']).name.lower()}",
    ]


def plot(res: dict, path) -> None:
    """Return map state[t] -> state[t+1] of the first cycles: a Fibonacci LFSR fills two lines of slope 2, a
    Galois one two lines of slope 1/2."""
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

    from golden.fixed.lfsr import default_seed, default_taps

    GALOIS = int(LfsrForm.GALOIS)
    # (RTL parameters, cycles): widths across 3..32, both forms, table defaults and explicit seeds
    CONFIGS = {
        "w3-galois": ({"Width": 3, "Form": GALOIS}, 3_000),
        "w5-fibonacci": ({"Width": 5}, 3_000),
        "w8-galois": ({"Width": 8, "Form": GALOIS}, 6_000),
        "w12-galois-seed": ({"Width": 12, "Form": GALOIS, "Seed": 0x9C3}, 12_000),
        "w13-fibonacci-seed": ({"Width": 13, "Seed": 0x1ABC}, 16_000),
        "w24-fibonacci": ({"Width": 24}, 8_000),
        "w32-galois-seed": ({"Width": 32, "Form": GALOIS, "Seed": 0xDEADBEEF}, 8_000),
    }

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_clean(tmp_path):
        res = run_unit("sc_lfsr", tmp_path, 70_000, seed=3)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage"]["full_period"] >= 1
        assert not res["coverage_missed"] and not res["failed_tests"]
        assert res["params"] == {"width": 16, "taps": 0xB400, "seed": 0xACE1, "form": 0}

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("name", list(CONFIGS))
    def test_sc_lfsr_scoreboard_widths_forms(tmp_path, name):
        params, cycles = CONFIGS[name]
        res = run_unit("sc_lfsr", tmp_path, cycles, seed=11, parameters=params)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        width = params["Width"]
        # the RTL's defaults (sc_lfsr_taps.svh) are the Python table's (lfsr_taps.py)
        assert res["params"] == {"width": width, "taps": params.get("Taps", default_taps(width)),
                                 "seed": params.get("Seed", default_seed(width)), "form": params.get("Form", 0)}
        if clean_prefix((1 << width) - 1, cycles) == 1 << width:
            assert res["coverage"]["full_period"] == 1
        else:
            assert "full_period" not in res["coverage"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, env={"NRN_INJECT": "model_seed"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_wrong_form(tmp_path):
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, parameters={"Width": 9, "Form": GALOIS},
                       env={"NRN_INJECT": "model_form"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_mutant_rtl(tmp_path):
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_lfsr")[-1], tmp_path, "^(state_q & TapsW)", "^(state_q & (TapsW ^ 16'h0400))")
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, rtl_files=[mutant])
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_lfsr_scoreboard_catches_mutant_galois(tmp_path):
        """The Galois feedback enters one bit too high (shift-left style): the scoreboard must see it."""
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_lfsr")[-1], tmp_path, "(TapsW & {Width{state_q[0]}})",
                        "((TapsW >> 1) & {Width{state_q[0]}})")
        res = run_unit("sc_lfsr", tmp_path, 2_000, seed=3, parameters={"Width": 9, "Form": GALOIS},
                       rtl_files=[mutant])
        assert res["mismatches"] > 0 and res["failed_tests"]
except ImportError:
    pass
