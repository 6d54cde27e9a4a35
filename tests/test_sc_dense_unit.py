"""Checks of the ``sc_dense_layer`` bit-true model, its seed table and header, the stream correlation (SCC) and
the per-neuron currents (each neuron's own row, never a shared current), the last on the RTL too (Verilator)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from golden.fixed.lfsr import Lfsr, default_taps
from golden.fixed.sc_dense_unit import (
    MAX_WIDTH,
    MIN_WIDTH,
    ScDenseUnit,
    lag_covariance,
    lfsr_next,
    pair_scc,
    seed_table,
    seeds_for,
)
from golden.gen import sc_dense_seeds

ROOT = Path(__file__).resolve().parents[1]
PERIODS = 40  # the per-neuron current test averages over 40 periods of the 8-bit LFSRs (10200 cycles)
# Tolerance of a neuron's mean current, per synapse in bipolar units (x 2^CurShift): the LFSR quantisation
# (1/255 per stream) plus the covariance of the chosen pairs over a period (4 cov, rms cov 0.002..0.004 at
# Width 8, see lag_covariance): measured 0.0055 at most (0.70 raw of 128) on the rows below.
TOL_PER_SYNAPSE = 0.02  # 2.56 raw at the defaults


def test_header_is_fresh():
    assert sc_dense_seeds.check() is None, "run `python -m golden.gen.sc_dense_seeds`"


@pytest.mark.parametrize("width", range(MIN_WIDTH, MAX_WIDTH + 1))
def test_seed_table_distinct_states_of_the_sequence(width):
    xs, ws = seed_table(width)
    seeds = [*xs, *(s for row in ws for s in row)]
    assert len(set(seeds)) == len(seeds) and all(0 < s < 1 << width for s in seeds)
    states = set(Lfsr(width=width).period_states().tolist()) if width <= 16 else None
    assert states is not None and set(seeds) <= states  # every seed is a state of the one m-sequence
    # the pairs multiplied sit at lags whose covariance is in the best part of all lags
    lags, cov = lag_covariance(width)
    p = (1 << width) - 1
    pos = {int(s): k for k, s in enumerate(Lfsr(width=width).period_states())}
    by_lag = dict(zip(lags.tolist(), cov.tolist(), strict=True))
    used = [by_lag[(pos[ws[j][i]] - pos[xs[i]]) % p] for j in range(len(ws)) for i in range(len(xs))]
    assert max(used) <= np.quantile(cov, 0.5), (max(used), np.median(cov))


def test_lfsr_step_is_the_lfsr_model():
    rng = np.random.default_rng(3)
    for w in (7, 8, 12, 16):
        lf = Lfsr(width=w)
        for s in rng.integers(1, 1 << w, 200):
            assert lfsr_next(int(s), default_taps(w), (1 << w) - 1) == lf.next_state(int(s))


def test_model_reset_and_bad_parameters():
    m = ScDenseUnit()
    assert m.outputs() == (0, 0, 0)
    for _ in range(5):
        m.step(m.pack_x([100, -100, 50, 0]), 1, 3, 77, 16, 256)
    m.reset_state()
    assert m.outputs() == (0, 0, 0) and m.wreg == [[0] * 4 for _ in range(4)]
    # first cycle after reset: the stream registers hold 0, the current is held at 0 (primed)
    assert m.step(0, 0, 0, 0, 16, 256)[2] == 0
    for bad in ({"n": 0}, {"m": 9}, {"width": 6}, {"width": 17}, {"cur_shift": 14}, {"cur_shift": -1}):
        with pytest.raises(ValueError):
            ScDenseUnit(**bad)


def test_scc_of_the_multiplied_pairs_is_small_and_shared_seeds_are_caught():
    s = pair_scc(8, 4, 4)
    print(f"SCC of the 16 input/weight pairs over 7 x 7 values, one period: mean |SCC| {np.abs(s).mean():.4f}, "
          f"rms {np.sqrt((s ** 2).mean()):.4f}, max |SCC| {np.abs(s).max():.4f}")
    assert np.abs(s).mean() < 0.03
    assert np.sqrt((s ** 2).mean()) < 0.05
    xs, _ = seeds_for(8, 4, 4)
    shared = pair_scc(8, 4, 4, w_seeds=[list(xs)] * 4)  # every weight generator with its input's seed
    print(f"shared seeds: SCC min {shared.min():.4f}, mean {shared.mean():.4f}")
    assert shared.min() > 0.99  # detected: the streams are maximally correlated (SCC +1)


def _rows(m: int, n: int, hi: int) -> list[list[int]]:
    """Distinct weight rows: neuron j's row is a different mix of signs and sizes."""
    pat = [[1.0, 0.75, 0.5, 0.25], [-1.0, -0.5, 0.25, 0.5], [0.5, -0.25, -0.75, 1.0], [-0.25, -0.75, -1.0, -0.5]]
    return [[int(round(pat[j % 4][i % 4] * hi)) for i in range(n)] for j in range(m)]


def _expected(x: list[int], rows: list[list[int]], width: int, shift: int) -> np.ndarray:
    half = float(1 << (width - 1))
    return np.array([(1 << shift) * sum(xi / half * wi / half for xi, wi in zip(x, r, strict=True)) for r in rows])


def _mean_currents(cur: np.ndarray) -> np.ndarray:
    return cur.mean(0)


def test_each_neuron_current_converges_to_its_own_row():
    n, m, width, shift = 4, 4, 8, 5
    hi = (1 << (width - 1)) - 1
    rows = _rows(m, n, hi)
    x = [96, -64, 112, 40]
    unit = ScDenseUnit(n, m, width, shift)
    for j in range(m):
        for i in range(n):
            unit.step(0, 1, j * n + i, rows[j][i] & 0xFF, 16, 256)
    xp = unit.pack_x(x)
    for _ in range(4):  # the last weight reaches the currents
        unit.step(xp, 0, 0, 0, 16, 256)
    cycles = 255 * PERIODS
    cur = np.empty((cycles, m))
    for t in range(cycles):
        unit.step(xp, 0, 0, 0, 16, 256)
        cur[t] = unit.cur
    mean, want = _mean_currents(cur), _expected(x, rows, width, shift)
    tol = TOL_PER_SYNAPSE * n * (1 << shift)
    print(f"model: mean currents {np.round(mean, 3)}, expected {np.round(want, 3)}, |error| "
          f"{np.round(np.abs(mean - want), 3)} (tolerance {tol:.2f} raw)")
    assert np.all(np.abs(mean - want) <= tol)
    assert len({round(float(c), 1) for c in mean}) == m  # the neurons' currents differ
    assert np.all(np.abs(np.diff(np.sort(mean))) > 2)  # by more than noise: rows differ by >= 4 raw here


@pytest.mark.rtl
@pytest.mark.slow
def test_each_neuron_current_converges_on_the_rtl(tmp_path):
    """The same experiment on the RTL itself (Verilator, the deep-check harness): cur_o of every neuron."""
    from verif.deep import deep, deep_core
    from verif.sc_dense_layer.deep_sc_dense_layer import SPEC, unpack16

    params = SPEC.params("default")
    n, m, width, shift = params["N"], params["M"], params["Width"], params["CurShift"]
    hi = (1 << (width - 1)) - 1
    rows, x = _rows(m, n, hi), [96, -64, 112, 40]
    load, cycles = n * m + 4, 255 * PERIODS
    total = load + cycles
    stim = {"x": np.full(total, ScDenseUnit(n, m, width, shift).pack_x(x), np.uint64),
            "w_we": np.zeros(total, np.uint8), "w_addr": np.zeros(total, np.uint8),
            "w_data": np.zeros(total, np.uint16), "leak_k": np.full(total, 16, np.int16),
            "gain_k": np.full(total, 256, np.int16), "rst": np.zeros(total, np.uint8)}
    stim["rst"][0] = 1
    for a in range(n * m):
        stim["w_we"][1 + a], stim["w_addr"][1 + a] = 1, a
        stim["w_data"][1 + a] = rows[a // n][a % n] & ((1 << width) - 1)
    binary, _ = deep_core.build(SPEC.core, params)
    lay = SPEC.layout()
    with open(tmp_path / "stim.bin", "wb") as f:
        deep.write_block(f, lay.stim, stim)
    subprocess.run([str(binary), str(tmp_path / "stim.bin"), str(tmp_path / "out.bin")], check=True)
    rtl, _ = deep.read_blocks(tmp_path / "out.bin", [lay.out, lay.at_reset])
    cur = unpack16(rtl["cur"][load:], m)
    mean, want = _mean_currents(cur), _expected(x, rows, width, shift)
    tol = TOL_PER_SYNAPSE * n * (1 << shift)
    print(f"RTL: mean currents {np.round(mean, 3)}, expected {np.round(want, 3)} (tolerance {tol:.2f} raw)")
    assert np.all(np.abs(mean - want) <= tol)
    assert np.all(np.abs(np.diff(np.sort(mean))) > 2)
    # and the model agrees with the RTL on every cycle of it
    out = SPEC.model(stim, params)
    assert np.array_equal(out["cur"], rtl["cur"]) and np.array_equal(out["v"], rtl["v"])


@pytest.mark.rtl
def test_elaboration_rejects_equal_seeds(tmp_path):
    """A seed table with a weight generator on its input's seed does not elaborate (Verilator)."""
    if shutil.which("verilator") is None:
        raise RuntimeError("verilator is missing: apt-get install -y verilator")
    from verif.common.rtl import INCLUDE, sources

    inc = tmp_path / "include"
    shutil.copytree(INCLUDE, inc)
    text = (inc / "sc_dense_seeds.svh").read_text()
    xs, ws = seed_table(8)
    # width 8's block: replace the seed of synapse (0, 0) with input 0's
    head, block = text.split("// width 8:")
    block, tail = block.split("// width 7:")
    bad = head + "// width 8:" + block.replace(f"16'h{ws[0][0]:04X}", f"16'h{xs[0]:04X}") + "// width 7:" + tail
    assert bad != text
    (inc / "sc_dense_seeds.svh").write_text(bad)
    cmd = ["verilator", "--lint-only", "-Wall", f"-I{inc}", "--top-module", "sc_dense_layer",
           *map(str, sources("sc_dense_layer"))]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode != 0 and re.search(r"equal seeds", proc.stderr), proc.stderr[-2000:]
    ok = subprocess.run([*cmd[:3], f"-I{INCLUDE}", *cmd[4:]], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr[-2000:]
