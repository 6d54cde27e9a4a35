"""pyuvm testbench of ``nrn_sigma_delta``: every cycle, ``event_o``, ``sigma_o`` AND ``ref_o`` against the
bit-true model (:class:`golden.fixed.sigma_delta_unit.SigmaDeltaUnit`, i.e. ``SigmaDeltaNeuron``'s kernel in Q8.8).

Layers as in the other neuron benches: sequences (random segments + directed threshold corners aimed with a
predictor) -> sequencer -> driver (in_i, rst_ni on the falling edge) -> DUT -> monitor -> scoreboard
(SigmaDeltaUnit, parameters read back from the DUT) -> coverage.

Run it with ``make sim MODEL=sigma_delta`` or from pytest (bottom). Environment: ``NRN_CYCLES``, ``NRN_RESULTS``,
``NRN_TRACE``, ``NRN_SEED``; ``NRN_INJECT=model_threshold`` makes the scoreboard's model wrong (Theta + 1).
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

from golden.fixed.sigma_delta_unit import IN_MAX, IN_MIN, RTL_PARAM_NAMES, SigmaDeltaUnit
from verif.common.bench import env_int, mutate, run_unit, signed32, write_results

COVER_BINS = (
    "event_pos", "event_neg", "event_zero",
    "d_eq_theta",  # d == Theta: must fire +1 (>=)
    "d_theta_minus_1",  # d == Theta - 1: must not fire
    "d_eq_neg_theta",  # d == -Theta: must fire -1
    "d_neg_theta_plus_1",  # d == -Theta + 1: must not fire
    "slew",  # |d| >= 2 Theta: the event follows at the slew rate
    "sigma_wrap_pos", "sigma_wrap_neg",  # sigma + in left 16 bits
    "relu_clamp",  # act < 0 clamped to 0 (Relu = 1 only)
    "in_max", "in_min", "reset_mid_run",
)


def cover_bins(relu: int) -> tuple[str, ...]:
    return COVER_BINS if relu else tuple(b for b in COVER_BINS if b != "relu_clamp")


def classify(m: SigmaDeltaUnit, x: int) -> dict[str, bool]:
    """The corners of one cycle with input ``x`` from the model state ``m`` (before the step)."""
    raw = m.sigma + x
    act = raw if -32768 <= raw <= 32767 else ((raw + 32768) & 0xFFFF) - 32768
    act += m.bias
    clamp = m.relu == 1 and act < 0
    d = (0 if clamp else act) - m.ref
    t = m.theta
    return {"d_eq_theta": d == t, "d_theta_minus_1": d == t - 1, "d_eq_neg_theta": d == -t,
            "d_neg_theta_plus_1": d == 1 - t, "slew": abs(d) >= 2 * t, "sigma_wrap_pos": raw > 32767,
            "sigma_wrap_neg": raw < -32768, "relu_clamp": clamp, "in_max": x == IN_MAX, "in_min": x == IN_MIN}


class SdItem(uvm_sequence_item):
    def __init__(self, name: str = "sd_item", rst_n: int = 1, x: int = 0):
        super().__init__(name)
        self.rst_n, self.x = rst_n, x

    def __str__(self) -> str:
        return f"rst_n={self.rst_n} in={self.x}"


@dataclass
class Observed:
    cycle: int
    rst_n: int
    x: int
    event: int
    sigma: int
    ref: int


class Stim:
    def __init__(self, seed: int, params: dict[str, int], cycles: int):
        self.rng = np.random.default_rng(seed)
        self.pred = SigmaDeltaUnit(**params)
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

    async def send(self, rst_n: int = 1, x: int = 0) -> None:
        st = self.stim
        x = int(np.clip(x, IN_MIN, IN_MAX))
        item = SdItem("item", rst_n, x)
        await self.start_item(item)
        await self.finish_item(item)
        if rst_n:
            st.pred.step(x)
        else:
            st.pred.reset_state()
        st.sent += 1


class ResetSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(1, 3)):
            await self.send(rst_n=0, x=st.i(IN_MIN, IN_MAX))


class PlotSeq(BaseSeq):
    """A readable trace: the input is the change of a slow sine of amplitude 8.0 (sigma reconstructs it)."""

    async def body(self) -> None:
        prev = 0
        for t in range(400):
            target = int(round(2048 * np.sin(2 * np.pi * t / 200)))
            await self.send(x=target - prev)
            prev = target


class RealisticSeq(BaseSeq):
    """Small changes around a drifting signal (|in| up to a few Theta)."""

    async def body(self) -> None:
        st = self.stim
        w = st.i(1, 3 * st.pred.theta)
        for _ in range(st.i(50, 300)):
            await self.send(x=st.i(-w, w))


class FullRangeSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(20, 120)):
            r = st.rng.random()
            x = IN_MAX if r < 0.1 else IN_MIN if r < 0.2 else st.i(IN_MIN, IN_MAX)
            await self.send(x=x)


class ThresholdSeq(BaseSeq):
    """Aim d = act - ref exactly at +-Theta or +-(Theta - 1) with the predictor (steering when out of reach)."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(3, 10)):
            t = st.pred.theta
            target = [t, t - 1, -t, 1 - t][st.i(0, 3)]
            for _attempt in range(6):
                p = st.pred
                base = max(p.ref + target, 0) if p.relu else p.ref + target
                x = base - p.bias - p.sigma
                ok = IN_MIN <= x <= IN_MAX and -32768 <= p.sigma + x <= 32767
                await self.send(x=x)
                if ok:
                    break


class TopSeq(BaseSeq):
    async def body(self) -> None:
        st = self.stim
        seqr = self.sequencer
        await ResetSeq("reset").start(seqr)
        await PlotSeq("plot").start(seqr)
        kinds = (RealisticSeq, FullRangeSeq, ThresholdSeq, ResetSeq)
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
            dut.in_i.value = item.x
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
            self.ap.write(Observed(cycle, int(dut.rst_ni.value), dut.in_i.value.to_signed(),
                                   dut.event_o.value.to_signed(), dut.sigma_o.value.to_signed(),
                                   dut.ref_o.value.to_signed()))
            cycle += 1


class Coverage(uvm_subscriber):
    def build_phase(self) -> None:
        self.hits: Counter[str] = Counter({b: 0 for b in COVER_BINS})
        self.ran = False

    def write(self, rec) -> None:
        obs, corners, event = rec
        if not obs.rst_n:
            self.hits["reset_mid_run"] += self.ran
            return
        self.ran = True
        self.hits[{1: "event_pos", -1: "event_neg", 0: "event_zero"}[event]] += 1
        for k, v in corners.items():
            self.hits[k] += v


class Scoreboard(uvm_subscriber):
    def build_phase(self) -> None:
        self.cov_ap = uvm_analysis_port("cov_ap", self)
        self.mismatches = 0
        self.first: list[dict] = []
        self.cycles = 0
        self.events = 0
        self.trace: dict[str, list[int]] = {k: [] for k in ("in", "sigma_rtl", "ref_rtl", "sigma_model",
                                                            "ref_model", "event_rtl", "event_model", "rst_n")}

    def connect_phase(self) -> None:
        params = dict(ConfigDB().get(self, "", "PARAMS"))
        inject = os.environ.get("NRN_INJECT", "")
        if inject == "model_threshold":
            params["theta"] += 1
        elif inject:
            raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
        self.model = SigmaDeltaUnit(**params)
        self.trace_len = env_int("NRN_TRACE", 2000)

    def write(self, obs: Observed) -> None:
        m = self.model
        pre = m.get_state()
        corners = classify(m, obs.x) if obs.rst_n else {}
        if obs.rst_n:
            event, sigma, ref = m.step(obs.x)
        else:
            m.reset_state()
            event, sigma, ref = 0, m.sigma, m.ref
        self.cycles += 1
        self.events += obs.event != 0
        if (event, sigma, ref) != (obs.event, obs.sigma, obs.ref):
            self.mismatches += 1
            if len(self.first) < 10:
                rec = {"cycle": obs.cycle, "inputs": str(obs), "rtl": [obs.event, obs.sigma, obs.ref],
                       "model": [event, sigma, ref], "model_state_before": pre}
                self.first.append(rec)
                self.logger.error(f"MISMATCH {rec}")
        if len(self.trace["in"]) < self.trace_len:
            for k, val in (("in", obs.x), ("sigma_rtl", obs.sigma), ("ref_rtl", obs.ref), ("sigma_model", sigma),
                           ("ref_model", ref), ("event_rtl", obs.event), ("event_model", event),
                           ("rst_n", obs.rst_n)):
                self.trace[k].append(int(val))
        self.cov_ap.write((obs, corners, event))


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
class SigmaDeltaTest(uvm_test):
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
        dut.in_i.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        await TopSeq("top").start(self.env.seqr)
        await ClockCycles(dut.clk_i, 2)
        self.drop_objection()

    def _missed(self) -> list[str]:
        return [b for b in cover_bins(self.params["relu"]) if self.env.coverage.hits[b] == 0]

    def extract_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = self._missed()
        bins = cover_bins(self.params["relu"])
        write_results({
            "unit": "nrn_sigma_delta", "seed": self.seed, "cycles": sb.cycles, "mismatches": sb.mismatches,
            "first_mismatches": sb.first, "events_rtl": sb.events, "coverage": {b: cov.hits[b] for b in bins},
            "coverage_missed": missed, "params": self.params, "trace": sb.trace,
        })
        self.logger.info(f"cycles={sb.cycles} mismatches={sb.mismatches} events={sb.events} "
                         f"coverage={len(bins) - len(missed)}/{len(bins)} seed={self.seed}")

    def check_phase(self) -> None:
        sb = self.env.scoreboard
        missed = self._missed()
        assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between nrn_sigma_delta and SigmaDeltaUnit"
        assert not missed, f"coverage holes: {missed}"


# ---------------------------------------------------------------------------------------------------------
# make sim: parameters, summary and plot (verif/sim.py calls these)

SIM_PARAMETERS: dict[str, int] = {}  # the RTL defaults (Theta 256 = 1.0, Bias 0, Relu 0)


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (event_o, sigma_o and ref_o, every cycle)",
        f"events (RTL)   : {res['events_rtl']}",
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]


def plot(res: dict, path) -> None:
    """sigma and ref (the receivers' reconstruction) of the sine segment: bit-true model vs RTL, events."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    start = int(np.argmax(tr["rst_n"] == 1))
    n = min(400, tr["in"].size - start)
    seg = slice(start, start + n)
    t = np.arange(n)
    fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(2, 1))
    ax0.step(t, tr["sigma_model"][seg] / 256, where="post", color="tab:orange", lw=1.2, label="bit-true sigma")
    ax0.plot(t, tr["sigma_rtl"][seg] / 256, ".", color="k", ms=2.5, label="RTL sigma_o")
    ax0.step(t, tr["ref_model"][seg] / 256, where="post", color="tab:blue", lw=1.2, label="bit-true ref")
    ax0.plot(t, tr["ref_rtl"][seg] / 256, ".", color="tab:gray", ms=2.5, label="RTL ref_o")
    ax0.set_ylabel("value (Q8.8 as real)")
    ax0.set_title(f"nrn_sigma_delta: theta={res['params']['theta'] / 256:g}, seed {res['seed']}")
    ax0.legend(loc="upper right", fontsize=8)
    ax1.step(t, tr["event_rtl"][seg], where="post", color="tab:red", label="RTL event_o")
    ax1.set_ylabel("event")
    ax1.set_xlabel("cycle")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points

ALT_PARAMETERS = {"Theta": 77, "Bias": -1000, "Relu": 1}
EDGE_PARAMETERS = {"Theta": 1, "Bias": 32767, "Relu": 0}

MUTANTS = {
    "threshold_gt": ("if (d >= ThetaP) begin", "if (d > ThetaP) begin"),
    "neg_threshold_lt": ("end else if (d <= ThetaN) begin", "end else if (d < ThetaN) begin"),
    "sigma_no_input": ("assign sigma_d = sigma_q + in_i;", "assign sigma_d = sigma_q - in_i;"),
}

try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, ALT_PARAMETERS, EDGE_PARAMETERS],
                             ids=["defaults", "alt_params", "edge_params"])
    def test_nrn_sigma_delta_scoreboard_clean(tmp_path, parameters):
        res = run_unit("nrn_sigma_delta", tmp_path, 20_000, seed=11, parameters=parameters)
        assert res["cycles"] >= 20_000
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        for name, value in parameters.items():
            assert res["params"][PARAM_NAMES[name]] == value
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_nrn_sigma_delta_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("nrn_sigma_delta", tmp_path, 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(MUTANTS))
    def test_nrn_sigma_delta_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.rtl import sources

        src = mutate(sources("nrn_sigma_delta")[-1], tmp_path, *MUTANTS[mutant])
        res = run_unit("nrn_sigma_delta", tmp_path, 3_000, seed=5, rtl_files=[src])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]
except ImportError:
    pass
