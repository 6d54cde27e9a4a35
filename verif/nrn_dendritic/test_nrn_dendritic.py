"""pyuvm testbench of ``nrn_dendritic``: every cycle, ``spike_o`` AND ``c_o`` against the bit-true model
(:class:`golden.fixed.dendritic_unit.DendriticUnit`, the Q8.8 soft XOR of ``StochasticDendriticNeuron``).

Layers as in the other neuron benches: sequences (random segments + directed corners: threshold aimed by a
search over b, rounding ties, binary XOR table) -> sequencer -> driver (a_i, b_i, rst_ni on the falling edge)
-> DUT -> monitor -> scoreboard (DendriticUnit, threshold read back from the DUT) -> coverage.

Run it with ``make sim MODEL=dendritic`` or from pytest (bottom). Environment: ``NRN_CYCLES``, ``NRN_RESULTS``,
``NRN_TRACE``, ``NRN_SEED``; ``NRN_INJECT=model_threshold`` makes the scoreboard's model wrong (Threshold + 1).
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pyuvm
from pyuvm import (
    ConfigDB,
    uvm_analysis_port,
    uvm_component,
    uvm_driver,
    uvm_env,
    uvm_sequence,
    uvm_sequence_item,
    uvm_sequencer,
    uvm_subscriber,
    uvm_test,
)

from golden.fixed.dendritic_unit import IN_MAX, ONE, RTL_PARAM_NAMES, DendriticUnit, xor_q88
from verif.common.bench import env_int, mutate, run_unit, signed32, write_results

COVER_BINS = (
    "spike", "no_spike",
    "c_eq_threshold",  # c == Threshold: must NOT fire (strict >)
    "c_threshold_plus_1",  # c == Threshold + 1: must fire
    "round_tie",  # a*b mod 256 == 128: rounds up
    "round_up", "round_down",
    "xor_00", "xor_01", "xor_10", "xor_11",  # binary inputs (0 or 1.0)
    "c_negative",  # inputs above 1.0 (outside the model's domain, still bit-true)
    "a_max", "b_max", "reset_mid_run",
)


def classify(a: int, b: int, c: int, threshold: int) -> dict[str, bool]:
    frac = (a * b) % 256
    bits = {0: "0", ONE: "1"}
    xor = f"xor_{bits[a]}{bits[b]}" if a in bits and b in bits else None
    out = {"c_eq_threshold": c == threshold, "c_threshold_plus_1": c == threshold + 1, "round_tie": frac == 128,
           "round_up": frac > 128, "round_down": 0 < frac < 128, "c_negative": c < 0, "a_max": a == IN_MAX,
           "b_max": b == IN_MAX}
    if xor:
        out[xor] = True
    return out


class DnItem(uvm_sequence_item):
    def __init__(self, name: str = "dn_item", rst_n: int = 1, a: int = 0, b: int = 0):
        super().__init__(name)
        self.rst_n, self.a, self.b = rst_n, a, b

    def __str__(self) -> str:
        return f"rst_n={self.rst_n} a={self.a} b={self.b}"


@dataclass
class Observed:
    cycle: int
    rst_n: int
    a: int
    b: int
    spike: int
    c: int


class Stim:
    def __init__(self, seed: int, params: dict[str, int], cycles: int):
        self.rng = np.random.default_rng(seed)
        self.threshold = params["threshold"]
        self.cycles = cycles
        self.sent = 0

    def i(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))


class BaseSeq(uvm_sequence):
    @property
    def stim(self) -> Stim:
        st = getattr(self, "_stim", None)
        if st is None:
            st = self._stim = ConfigDB().get(None, "", "STIM")
        return st

    async def send(self, rst_n: int = 1, a: int = 0, b: int = 0) -> None:
        item = DnItem("item", rst_n, a, b)
        await self.start_item(item)
        await self.finish_item(item)
        self.stim.sent += 1


class ResetSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(1, 3)):
            await self.send(rst_n=0, a=st.i(0, IN_MAX), b=st.i(0, IN_MAX))


class PlotSeq(BaseSeq):
    """A readable trace: a sweeps 0..1 while b holds 0.25, then 0.75 (c rises, then falls with a)."""

    async def body(self) -> None:
        for b in (64, 192):
            for a in range(0, ONE + 1, 2):
                await self.send(a=a, b=b)


class DomainSeq(BaseSeq):
    """Uniform in the model's domain [0, 1]."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(50, 300)):
            await self.send(a=st.i(0, ONE), b=st.i(0, ONE))


class FullRangeSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(20, 120)):
            a = IN_MAX if st.rng.random() < 0.1 else st.i(0, IN_MAX)
            b = IN_MAX if st.rng.random() < 0.1 else st.i(0, IN_MAX)
            await self.send(a=a, b=b)


class CornerSeq(BaseSeq):
    """Binary XOR table, rounding ties (a*b = 128 mod 256) and c aimed at Threshold or Threshold + 1."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(4, 12)):
            r = st.rng.random()
            if r < 0.25:
                await self.send(a=ONE * st.i(0, 1), b=ONE * st.i(0, 1))
            elif r < 0.5:
                a = 2 * st.i(0, 255) + 1  # odd a: a*b = 128 (mod 256) needs b = 128 * odd
                await self.send(a=a, b=128 * (2 * st.i(0, 1) + 1))
            else:
                target = st.threshold + st.i(0, 1)
                a = st.i(0, ONE)
                hits = [b for b in range(ONE + 1) if xor_q88(a, b) == target]
                await self.send(a=a, b=hits[st.i(0, len(hits) - 1)] if hits else st.i(0, ONE))


class TopSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        seqr = self.sequencer
        await ResetSeq("reset").start(seqr)
        await PlotSeq("plot").start(seqr)
        kinds = (DomainSeq, FullRangeSeq, CornerSeq, ResetSeq)
        weights = np.array([0.45, 0.2, 0.3, 0.05])
        while st.sent < st.cycles:
            kind = kinds[int(st.rng.choice(len(kinds), p=weights))]
            await kind(kind.__name__).start(seqr)


class Driver(uvm_driver):
    def connect_phase(self) -> None:
        self.dut = ConfigDB().get(self, "", "DUT")

    async def run_phase(self) -> None:
        from cocotb.triggers import FallingEdge

        dut = self.dut
        while True:
            item = await self.seq_item_port.get_next_item()
            await FallingEdge(dut.clk_i)
            dut.rst_ni.value = item.rst_n
            dut.a_i.value = item.a
            dut.b_i.value = item.b
            self.seq_item_port.item_done()


class Monitor(uvm_component):
    def build_phase(self) -> None:
        self.ap = uvm_analysis_port("ap", self)

    def connect_phase(self) -> None:
        self.dut = ConfigDB().get(self, "", "DUT")

    async def run_phase(self) -> None:
        from cocotb.triggers import ReadOnly, RisingEdge

        dut = self.dut
        cycle = 0
        while True:
            await RisingEdge(dut.clk_i)
            await ReadOnly()
            self.ap.write(Observed(cycle, int(dut.rst_ni.value), int(dut.a_i.value), int(dut.b_i.value),
                                   int(dut.spike_o.value), dut.c_o.value.to_signed()))
            cycle += 1


class Coverage(uvm_subscriber):
    def build_phase(self) -> None:
        self.hits: Counter[str] = Counter({b: 0 for b in COVER_BINS})
        self.ran = False

    def write(self, rec) -> None:
        obs, corners, spike = rec
        if not obs.rst_n:
            self.hits["reset_mid_run"] += self.ran
            return
        self.ran = True
        self.hits["spike" if spike else "no_spike"] += 1
        for k, v in corners.items():
            self.hits[k] += v


class Scoreboard(uvm_subscriber):
    def build_phase(self) -> None:
        self.cov_ap = uvm_analysis_port("cov_ap", self)
        self.mismatches = 0
        self.first: list[dict] = []
        self.cycles = 0
        self.spikes = 0
        self.trace: dict[str, list[int]] = {k: [] for k in ("a", "b", "c_rtl", "c_model", "spike_rtl",
                                                            "spike_model", "rst_n")}

    def connect_phase(self) -> None:
        params = dict(ConfigDB().get(self, "", "PARAMS"))
        inject = os.environ.get("NRN_INJECT", "")
        if inject == "model_threshold":
            params["threshold"] += 1
        elif inject:
            raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
        self.model = DendriticUnit(**params)
        self.trace_len = env_int("NRN_TRACE", 2000)

    def write(self, obs: Observed) -> None:
        m = self.model
        if obs.rst_n:
            spike, c = m.step(obs.a, obs.b)
            corners = classify(obs.a, obs.b, c, m.threshold)
        else:
            m.reset_state()
            spike, c, corners = 0, m.c, {}
        self.cycles += 1
        self.spikes += obs.spike
        if (spike, c) != (obs.spike, obs.c):
            self.mismatches += 1
            if len(self.first) < 10:
                rec = {"cycle": obs.cycle, "inputs": str(obs), "rtl": [obs.spike, obs.c], "model": [spike, c]}
                self.first.append(rec)
                self.logger.error(f"MISMATCH {rec}")
        if len(self.trace["a"]) < self.trace_len:
            for k, val in (("a", obs.a), ("b", obs.b), ("c_rtl", obs.c), ("c_model", c), ("spike_rtl", obs.spike),
                           ("spike_model", spike), ("rst_n", obs.rst_n)):
                self.trace[k].append(int(val))
        self.cov_ap.write((obs, corners, spike))


class Env(uvm_env):
    def build_phase(self) -> None:
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = Driver("driver", self)
        self.monitor = Monitor("monitor", self)
        self.scoreboard = Scoreboard("scoreboard", self)
        self.coverage = Coverage("coverage", self)

    def connect_phase(self) -> None:
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)
        self.monitor.ap.connect(self.scoreboard.analysis_export)
        self.scoreboard.cov_ap.connect(self.coverage.analysis_export)


PARAM_NAMES = RTL_PARAM_NAMES


def dut_params(dut) -> dict[str, int]:
    """The DUT's parameters, read back from the simulator (never re-declared here)."""
    return {f: signed32(int(getattr(dut, k).value)) for k, f in PARAM_NAMES.items()}


@pyuvm.test()
class DendriticTest(uvm_test):
    """Constrained random + directed corners, scoreboard on every cycle, coverage closure required."""

    def build_phase(self) -> None:
        import cocotb

        dut = cocotb.top
        self.dut = dut
        self.seed = env_int("NRN_SEED", 1)
        self.cycles = env_int("NRN_CYCLES", 100_000)
        self.params = dut_params(dut)
        ConfigDB().set(None, "*", "DUT", dut)
        ConfigDB().set(None, "*", "PARAMS", self.params)
        ConfigDB().set(None, "*", "STIM", Stim(self.seed, self.params, self.cycles))
        self.env = Env("env", self)

    async def run_phase(self) -> None:
        import cocotb
        from cocotb.clock import Clock
        from cocotb.triggers import ClockCycles

        self.raise_objection()
        dut = self.dut
        dut.rst_ni.value = 0
        dut.a_i.value = 0
        dut.b_i.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        await TopSeq("top").start(self.env.seqr)
        await ClockCycles(dut.clk_i, 2)
        self.drop_objection()

    def _missed(self) -> list[str]:
        return [b for b in COVER_BINS if self.env.coverage.hits[b] == 0]

    def extract_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = self._missed()
        write_results({
            "unit": "nrn_dendritic", "seed": self.seed, "cycles": sb.cycles, "mismatches": sb.mismatches,
            "first_mismatches": sb.first, "spikes_rtl": sb.spikes, "coverage": {b: cov.hits[b] for b in COVER_BINS},
            "coverage_missed": missed, "params": self.params, "trace": sb.trace,
        })
        self.logger.info(f"cycles={sb.cycles} mismatches={sb.mismatches} spikes={sb.spikes} "
                         f"coverage={len(COVER_BINS) - len(missed)}/{len(COVER_BINS)} seed={self.seed}")

    def check_phase(self) -> None:
        sb = self.env.scoreboard
        missed = self._missed()
        assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between nrn_dendritic and DendriticUnit"
        assert not missed, f"coverage holes: {missed}"


# ---------------------------------------------------------------------------------------------------------
# make sim: parameters, summary and plot (verif/sim.py calls these)

SIM_PARAMETERS: dict[str, int] = {}  # the RTL default (Threshold 128 = 0.5)


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (spike_o and c_o, every cycle)",
        f"spikes (RTL)   : {res['spikes_rtl']}",
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]


def plot(res: dict, path) -> None:
    """c against a for b = 0.25 and b = 0.75 (the sweep segment): bit-true model vs RTL, threshold, spikes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    start = int(np.argmax(tr["rst_n"] == 1))
    n = min(258, tr["a"].size - start)
    seg = slice(start, start + n)
    thr = res["params"]["threshold"] / 256
    fig, ax = plt.subplots(figsize=(8, 5))
    for half, b in ((slice(start, start + n // 2), 0.25), (slice(start + n // 2, start + n), 0.75)):
        a = tr["a"][half] / 256
        ax.plot(a, tr["c_model"][half] / 256, color="tab:orange", lw=1.2, label=f"bit-true c, b={b}")
        ax.plot(a, tr["c_rtl"][half] / 256, ".", color="k", ms=2.5)
        sp = tr["spike_rtl"][half] == 1
        ax.plot(a[sp], np.full(int(sp.sum()), -0.05), "|", color="tab:red")
    ax.axhline(thr, color="tab:red", ls=":", lw=0.8, label=f"threshold {thr:g}")
    ax.set_xlabel("a")
    ax.set_ylabel("c = a + b - 2ab (Q8.8)")
    ax.set_title(f"nrn_dendritic (dots: RTL c_o; ticks: RTL spikes), seed {res['seed']}, {seg.stop - seg.start} cyc")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points

ALT_PARAMETERS = {"Threshold": 200}
EDGE_PARAMETERS = {"Threshold": 0}

MUTANTS = {
    "threshold_ge": ("spike_q <= c_d > ThrS;", "spike_q <= c_d >= ThrS;"),
    "round_floor": ("assign prod_r = prod + 18'd128;", "assign prod_r = prod;"),
    "single_product": ("$signed({1'b0, p, 1'b0})", "$signed({2'b00, p})"),
}

try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, ALT_PARAMETERS, EDGE_PARAMETERS],
                             ids=["defaults", "alt_params", "edge_params"])
    def test_nrn_dendritic_scoreboard_clean(tmp_path, parameters):
        res = run_unit("nrn_dendritic", tmp_path, 20_000, seed=11, parameters=parameters)
        assert res["cycles"] >= 20_000
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        for name, value in parameters.items():
            assert res["params"][PARAM_NAMES[name]] == value
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_nrn_dendritic_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("nrn_dendritic", tmp_path, 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(MUTANTS))
    def test_nrn_dendritic_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.rtl import sources

        src = mutate(sources("nrn_dendritic")[-1], tmp_path, *MUTANTS[mutant])
        res = run_unit("nrn_dendritic", tmp_path, 3_000, seed=5, rtl_files=[src])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]
except ImportError:
    pass
