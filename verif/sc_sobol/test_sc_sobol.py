"""cocotb testbench of ``sc_sobol``: the point register against the bit-true ``SobolUnit`` every cycle.

Parameters (Width, Dim, Shift) are read back from the DUT; pytest builds the default (16 bits, dimension 1, no
shift) and sampled widths, dimensions and shifts. Stimulus: first one uninterrupted period and one more clock
with enable high (when it fits in the run), then random enable (hold cycles) and resets in the middle of the run.

Besides the bit-true comparison, properties of the RTL alone over the first period: it returns to ``Shift``
after exactly 2^Width clocks, visits every Width-bit value once, and its first 2^k points (every k) fall one
in each interval of width 2^(Width-k) (the (0, k, 1)-net property, which the digital shift keeps). Coverage:
advance, hold, reset in the middle of a run, index wrap (the all-ones index selects v[Width]), every direction
number used, the full period.

Environment as ``verif/sc_lfsr/test_sc_lfsr.py``; ``NRN_INJECT=model_dim`` gives the scoreboard the next
dimension's direction numbers, to prove that it fails.
"""

from __future__ import annotations

import os

import cocotb
import numpy as np

from golden.fixed.sobol_unit import SobolUnit
from verif.common.bench import env_int, mutate, run_unit, write_results

COVER_BINS = ("advance", "hold", "reset_mid_run", "index_wrap", "every_direction", "full_period")


def dut_sobol(dut) -> SobolUnit:
    return SobolUnit(width=int(dut.Width.value), dim=int(dut.Dim.value), shift=int(dut.Shift.value))


def clean_prefix(period: int, cycles: int) -> int:
    """Cycles of the first, uninterrupted enabled stretch: one period and one more clock when that leaves 1000
    cycles for the random part (then the period properties and the full-period bin are required), else half."""
    return period + 1 if period + 1 + 1000 <= cycles else cycles // 2


def net_property(points: np.ndarray, width: int) -> list[int]:
    """Levels k at which the first 2^k points do NOT fall one per interval of width 2^(width-k) (empty: a net)."""
    bad = []
    for k in range(width + 1):
        cells = points[: 1 << k] >> (width - k)
        if np.unique(cells).size != 1 << k:
            bad.append(k)
    return bad


@cocotb.test()
async def sobol_scoreboard(dut):
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge, ReadOnly, RisingEdge

    cycles, seed = env_int("NRN_CYCLES", 100_000), env_int("NRN_SEED", 1)
    rng = np.random.default_rng(seed)
    model = dut_sobol(dut)
    params = {"width": model.width, "dim": model.dim, "shift": model.shift}
    if os.environ.get("NRN_INJECT") == "model_dim":
        model = SobolUnit(model.width, model.dim % 16 + 1, model.shift)
    width, period = model.width, model.period
    clean = clean_prefix(period, cycles)
    full = clean > period
    bins = COVER_BINS if full else tuple(b for b in COVER_BINS if b != "full_period")
    hits = dict.fromkeys(bins, 0)
    directions_used = np.zeros(width, dtype=np.int64)
    mismatches, first, ran = 0, [], False
    first_period: list[int] = []
    dut.rst_ni.value = 0
    dut.en_i.value = 0
    cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
    for t in range(cycles):
        await FallingEdge(dut.clk_i)
        if t == 0:
            rst, en = 0, 0
        elif t <= clean:
            rst, en = 1, 1
        else:
            rst = 0 if (rng.random() < 5e-4 or t == clean + 100) else 1
            en = int(rng.random() < 0.85)
        dut.rst_ni.value = rst
        dut.en_i.value = en
        await RisingEdge(dut.clk_i)
        await ReadOnly()
        got = int(dut.point_o.value)
        if not rst:
            model.reset()
            hits["reset_mid_run"] += ran
        elif en:
            idx = model.index
            c = min((idx ^ (idx + 1)).bit_count(), width)  # golden.sc.sobol.lsz, in Python ints (per cycle)
            directions_used[c - 1] += 1
            hits["index_wrap"] += model.index == period - 1
            model.step()
            hits["advance"] += 1
            ran = True
        else:
            hits["hold"] += 1
        if t < period:  # the point during cycles 1..period: x_0 .. x_(period-1)
            first_period.append(got)
        if full and t == period:
            hits["full_period"] += got == params["shift"]
        if got != model.state:
            mismatches += 1
            if len(first) < 10:
                first.append({"cycle": t, "rst_n": rst, "en": en, "rtl": got, "model": model.state})
                dut._log.error(f"MISMATCH cycle {t}: rtl {got:#x} model {model.state:#x}")
    hits["every_direction"] = int(directions_used.min())
    missed = [b for b in bins if hits[b] == 0]
    props: dict[str, object] = {}
    if full:
        pts = np.asarray(first_period, dtype=np.int64)
        props = {"permutation": bool(np.array_equal(np.sort(pts), np.arange(period))),
                 "net_levels_failed": net_property(pts ^ params["shift"], width)}
        # the shift is an XOR: the net property holds for the shifted points too (checked on the raw RTL output)
        props["net_levels_failed_shifted"] = net_property(pts, width)
    write_results({"unit": "sc_sobol", "seed": seed, "cycles": cycles, "mismatches": mismatches,
                   "first_mismatches": first, "coverage": hits, "coverage_missed": missed, "properties": props,
                   "directions_used": directions_used.tolist(), "params": params, "points": first_period[:1024]})
    assert mismatches == 0, f"{mismatches} mismatches between sc_sobol and SobolUnit"
    if full:
        assert props["permutation"], "the first period does not visit every Width-bit value exactly once"
        assert not props["net_levels_failed"] and not props["net_levels_failed_shifted"], props
    assert not missed, f"coverage holes: {missed}"


SIM_PARAMETERS: dict[str, int] = {}


def summarize(res: dict) -> list[str]:
    hit = sum(1 for v in res["coverage"].values() if v)
    p, props = res["params"], res["properties"]
    lines = [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (point_o, every cycle)",
        f"coverage       : {hit}/{len(res['coverage'])} bins "
        + ", ".join(f"{k}={v}" for k, v in res["coverage"].items()),
        f"parameters     : width {p['width']}, dimension {p['dim']}, shift {p['shift']:#x}",
    ]
    if props:
        lines.append(f"first period   : permutation {props['permutation']}, (0,k,1)-net at every level k: "
                     f"{not props['net_levels_failed']}")
    return lines


def plot(res: dict, path) -> None:
    """The first points against their index: a Sobol sequence fills [0, 2^W) evenly at every prefix length."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = np.asarray(res["points"], dtype=float)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(np.arange(pts.size), pts, ".", ms=3)
    ax.set_xlabel("cycle after reset")
    ax.set_ylabel("point_o")
    p = res["params"]
    ax.set_title(f"sc_sobol width {p['width']} dim {p['dim']} shift {p['shift']:#x}: first {pts.size} points")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


try:
    import pytest

    # (RTL parameters, cycles): widths 8..16, dimensions 1..16, with and without a digital shift
    CONFIGS = {
        "w8-dim16-shift": ({"Width": 8, "Dim": 16, "Shift": 0xA5}, 3_000),
        "w10-dim2": ({"Width": 10, "Dim": 2}, 4_000),
        "w11-dim13-shift": ({"Width": 11, "Dim": 13, "Shift": 0x2AA}, 5_000),
        "w13-dim7-shift": ({"Width": 13, "Dim": 7, "Shift": 0x1555}, 12_000),
        "w16-dim9-shift": ({"Width": 16, "Dim": 9, "Shift": 0x5555}, 70_000),
    }

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sobol_scoreboard_clean(tmp_path):
        res = run_unit("sc_sobol", tmp_path, 70_000, seed=5)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        assert res["params"] == {"width": 16, "dim": 1, "shift": 0}
        assert res["coverage"]["full_period"] == 1 and res["properties"]["permutation"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("name", list(CONFIGS))
    def test_sc_sobol_scoreboard_configs(tmp_path, name):
        params, cycles = CONFIGS[name]
        res = run_unit("sc_sobol", tmp_path, cycles, seed=9, parameters=params)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert not res["coverage_missed"] and not res["failed_tests"], res["coverage"]
        assert res["params"] == {"width": params["Width"], "dim": params["Dim"], "shift": params.get("Shift", 0)}
        assert res["coverage"]["full_period"] == 1 and not res["properties"]["net_levels_failed"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sobol_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("sc_sobol", tmp_path, 2_000, seed=5, parameters={"Width": 8, "Dim": 4},
                       env={"NRN_INJECT": "model_dim"})
        assert res["mismatches"] > 0 and res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_sobol_scoreboard_catches_mutant_rtl(tmp_path):
        """Without the all-ones case the index wrap applies no direction: wrong only once per period, seen."""
        from verif.common.rtl import sources

        mutant = mutate(sources("sc_sobol")[-1], tmp_path, "zero[Width-1] | (&index_q)", "zero[Width-1]")
        res = run_unit("sc_sobol", tmp_path, 3_000, seed=5, parameters={"Width": 8, "Dim": 3},
                       rtl_files=[mutant])
        assert res["mismatches"] > 0 and res["failed_tests"]
except ImportError:
    pass
