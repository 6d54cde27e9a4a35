"""pyuvm testbench of ``nrn_lif``: every cycle, ``spike_o`` AND ``v_o`` against the bit-true model.

Layers (TinyALU style)::

    sequences (random segments + directed corners, a predictor to aim at exact corners)
        -> sequencer -> driver (drives the inputs on the falling edge)
    DUT
        -> monitor (samples inputs and registered outputs after each rising edge) -> analysis port
            -> scoreboard (FixedPointLIFNeuron, parameters read back from the DUT) -> coverage

Run it with ``make sim MODEL=lif`` (100,000+ cycles, summary, waveform and plot) or from pytest (the
functions at the bottom of this file). Environment: ``NRN_CYCLES`` (cycles to drive), ``NRN_RESULTS`` (JSON
written at the end), ``NRN_INJECT`` (``model_threshold``: the scoreboard's model is deliberately wrong, to
prove the scoreboard fails), ``NRN_TRACE`` (cycles of trace kept for the plot), ``NRN_SEED`` (the seed of
every random choice; ``make sim SEED=...`` reproduces a run).
"""

from __future__ import annotations

import json
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

from golden.fixed.lif_q88 import FixedPointLIFNeuron, unwrapped_sum

COVER_BINS = (
    "spike",
    "no_spike",
    "threshold_equal",  # v_next == VThreshold exactly: fires
    "threshold_minus_1",  # v_next == VThreshold - 1: does not fire
    "wrap_positive",  # the sum overflowed the word upward (wraps negative)
    "wrap_negative",  # the sum overflowed downward (wraps positive)
    "refractory_hold",  # a cycle inside the refractory period
    "refractory_exit_spike",  # a spike on the first cycle after the refractory period
    "reset_mid_run",  # reset asserted after the neuron had run
    "leak_max",
    "leak_min",
    "leak_zero",
    "gain_max",
    "gain_min",
    "gain_zero",
)


# ---------------------------------------------------------------------------------------------------------
# transactions


class LifItem(uvm_sequence_item):
    """One cycle of stimulus."""

    def __init__(self, name: str = "lif_item", rst_n: int = 1, leak_k: int = 0, gain_k: int = 0, i_t: int = 0,
                 noise: int = 0):
        super().__init__(name)
        self.rst_n, self.leak_k, self.gain_k, self.i_t, self.noise = rst_n, leak_k, gain_k, i_t, noise

    def __str__(self) -> str:
        return f"rst_n={self.rst_n} leak_k={self.leak_k} gain_k={self.gain_k} i_t={self.i_t} noise={self.noise}"


@dataclass
class Observed:
    """What the monitor saw in one cycle: the inputs clocked in and the registered outputs after the edge."""

    cycle: int
    rst_n: int
    leak_k: int
    gain_k: int
    i_t: int
    noise: int
    spike: int
    v: int


# ---------------------------------------------------------------------------------------------------------
# sequences


class Stim:
    """Shared stimulus context: the seeded generator, the DUT's format and a predictor of the DUT state."""

    def __init__(self, seed: int, params, cycles: int):
        self.rng = np.random.default_rng(seed)
        self.p = params
        self.pred = FixedPointLIFNeuron(params)
        self.cycles = cycles
        self.sent = 0
        w = params.data_width
        self.lo, self.hi = -(1 << (w - 1)), (1 << (w - 1)) - 1

    def i(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(max(lo, self.lo), min(hi, self.hi) + 1))


class BaseSeq(uvm_sequence):
    @property
    def stim(self) -> Stim:
        st = getattr(self, "_stim", None)
        if st is None:
            st = self._stim = ConfigDB().get(None, "", "STIM")
        return st

    async def send(self, rst_n: int = 1, leak_k: int = 0, gain_k: int = 0, i_t: int = 0, noise: int = 0) -> None:
        st = self.stim
        item = LifItem("item", rst_n, leak_k, gain_k, i_t, noise)
        await self.start_item(item)
        await self.finish_item(item)
        if rst_n:
            st.pred.step(leak_k, gain_k, i_t, noise)
        else:
            st.pred.reset_state()
        st.sent += 1


class ResetSeq(BaseSeq):
    """Reset for 1-3 cycles (at start and in the middle of runs)."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(1, 3)):
            await self.send(rst_n=0, leak_k=st.i(-100, 100), gain_k=st.i(-500, 500), i_t=st.i(-2000, 2000))


class PlotSeq(BaseSeq):
    """A readable trace for the plot: constant leak 1/16 and unity gain, a current step and a ramp."""

    async def body(self) -> None:
        for t in range(400):
            i_t = 0 if t < 40 else (24 if t < 200 else 12 + (t - 200) // 4)
            await self.send(leak_k=16, gain_k=256, i_t=i_t)


class RealisticSeq(BaseSeq):
    """Constrained random in the operating range: the neuron integrates, leaks and fires regularly."""

    async def body(self) -> None:
        st = self.stim
        leak, gain = st.i(0, 64), st.i(0, 512)
        base = st.i(-20, 120)
        for _ in range(st.i(50, 400)):
            await self.send(leak_k=leak, gain_k=gain, i_t=base + st.i(-40, 40), noise=st.i(-8, 8))


class FullRangeSeq(BaseSeq):
    """Any value of every input: wrap-around at both ends of the word."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(20, 120)):
            await self.send(leak_k=st.i(st.lo, st.hi), gain_k=st.i(st.lo, st.hi), i_t=st.i(st.lo, st.hi),
                            noise=st.i(st.lo, st.hi))


class ExtremeSeq(BaseSeq):
    """Leak and gain at their extremes and at zero, with moderate and large currents."""

    async def body(self) -> None:
        st = self.stim
        corners = (st.lo, st.hi, 0, 1, -1, 1 << st.p.fraction)
        for _ in range(st.i(20, 80)):
            leak = corners[st.i(0, len(corners) - 1)]
            gain = corners[st.i(0, len(corners) - 1)]
            await self.send(leak_k=leak, gain_k=gain, i_t=st.i(-3000, 3000), noise=st.i(-4, 4))


class ThresholdSeq(BaseSeq):
    """Aim v_next exactly at VThreshold (must fire) or one below (must not), using the predictor."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(4, 12)):
            # wait out any refractory period with zero input
            while st.pred.refractory_counter > 0:
                await self.send(leak_k=0, gain_k=256, i_t=0)
            offset = 0 if st.rng.random() < 0.5 else -1
            # leak 0 and unity gain: v_next = v + I_t (+ noise 0), so aim I_t = target - v
            need = st.p.v_threshold + offset - st.pred.v
            one = 1 << st.p.fraction
            if st.lo <= need <= st.hi and one <= st.hi:
                await self.send(leak_k=0, gain_k=one, i_t=need)
            else:
                await self.send(leak_k=0, gain_k=0, i_t=0, noise=0)


class RefractorySeq(BaseSeq):
    """Force a spike with a large input, then keep the drive so it fires again on the first free cycle."""

    async def body(self) -> None:
        st = self.stim
        one = 1 << st.p.fraction
        for _ in range(st.i(2, 6)):
            drive = st.p.v_threshold - st.p.v_rest + st.i(1, 50)
            for _ in range(st.p.refractory_period + 2):
                await self.send(leak_k=0, gain_k=one, i_t=drive)
            for _ in range(st.i(0, 5)):
                await self.send(leak_k=st.i(0, 64), gain_k=st.i(0, 512), i_t=st.i(-50, 50))


class TopSeq(BaseSeq):
    """Reset, the plot segment, then random segments and directed corners until the cycle budget is spent."""

    async def body(self) -> None:
        st = self.stim
        seqr = self.sequencer
        await ResetSeq("reset").start(seqr)
        await PlotSeq("plot").start(seqr)
        kinds = (RealisticSeq, FullRangeSeq, ExtremeSeq, ThresholdSeq, RefractorySeq, ResetSeq)
        weights = np.array([0.45, 0.12, 0.12, 0.12, 0.12, 0.07])
        while st.sent < st.cycles:
            kind = kinds[int(st.rng.choice(len(kinds), p=weights))]
            await kind(kind.__name__).start(seqr)


# ---------------------------------------------------------------------------------------------------------
# components


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
            dut.leak_k_i.value = item.leak_k
            dut.gain_k_i.value = item.gain_k
            dut.i_t_i.value = item.i_t
            dut.noise_i.value = item.noise
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
            self.ap.write(
                Observed(
                    cycle,
                    int(dut.rst_ni.value),
                    dut.leak_k_i.value.to_signed(),
                    dut.gain_k_i.value.to_signed(),
                    dut.i_t_i.value.to_signed(),
                    dut.noise_i.value.to_signed(),
                    int(dut.spike_o.value),
                    dut.v_o.value.to_signed(),
                )
            )
            cycle += 1


class Coverage(uvm_subscriber):
    """Functional coverage of the corners, classified from the model's state before each cycle."""

    def build_phase(self) -> None:
        self.hits: Counter[str] = Counter({b: 0 for b in COVER_BINS})
        self.ran = False

    def write(self, rec) -> None:
        obs, pre, spike, p = rec
        h = self.hits
        if not obs.rst_n:
            if self.ran:
                h["reset_mid_run"] += 1
            return
        self.ran = True
        lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
        h["leak_max"] += obs.leak_k == hi
        h["leak_min"] += obs.leak_k == lo
        h["leak_zero"] += obs.leak_k == 0
        h["gain_max"] += obs.gain_k == hi
        h["gain_min"] += obs.gain_k == lo
        h["gain_zero"] += obs.gain_k == 0
        h["spike" if spike else "no_spike"] += 1
        if pre["refractory_counter"] > 0:
            h["refractory_hold"] += 1
            return
        raw = unwrapped_sum(pre["v"], obs.leak_k, obs.gain_k, obs.i_t, obs.noise, p)
        h["wrap_positive"] += raw > hi
        h["wrap_negative"] += raw < lo
        v_next = ((raw - lo) % (1 << p.data_width)) + lo
        h["threshold_equal"] += v_next == p.v_threshold
        h["threshold_minus_1"] += v_next == p.v_threshold - 1
        if spike and pre.get("just_left_refractory"):
            h["refractory_exit_spike"] += 1


class Scoreboard(uvm_subscriber):
    """Compares spike_o and v_o with FixedPointLIFNeuron every cycle."""

    def build_phase(self) -> None:
        self.cov_ap = uvm_analysis_port("cov_ap", self)
        self.mismatches = 0
        self.first: list[dict] = []
        self.cycles = 0
        self.spikes = 0
        self.trace: dict[str, list[int]] = {k: [] for k in ("i_t", "leak_k", "gain_k", "v_rtl", "v_model",
                                                            "spike_rtl", "spike_model", "rst_n")}

    def connect_phase(self) -> None:
        self.params = ConfigDB().get(self, "", "PARAMS")
        model_params = self.params
        inject = os.environ.get("NRN_INJECT", "")
        if inject == "model_threshold":  # a deliberately wrong model: the scoreboard must catch it
            from dataclasses import replace

            model_params = replace(self.params, v_threshold=self.params.v_threshold + 1)
        elif inject:
            raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
        self.model = FixedPointLIFNeuron(model_params)
        self.trace_len = int(os.environ.get("NRN_TRACE", "2000"))
        self.prev_ref = 0

    def write(self, obs: Observed) -> None:
        m = self.model
        pre = {"v": m.v, "refractory_counter": m.refractory_counter,
               "just_left_refractory": self.prev_ref > 0 and m.refractory_counter == 0}
        if obs.rst_n:
            spike, v = m.step(obs.leak_k, obs.gain_k, obs.i_t, obs.noise)
        else:
            m.reset_state()
            spike, v = 0, m.v
        self.prev_ref = pre["refractory_counter"]
        self.cycles += 1
        self.spikes += obs.spike
        if (spike, v) != (obs.spike, obs.v):
            self.mismatches += 1
            if len(self.first) < 10:
                rec = {"cycle": obs.cycle, "inputs": str(obs), "rtl": [obs.spike, obs.v], "model": [spike, v],
                       "model_state_before": pre}
                self.first.append(rec)
                self.logger.error(f"MISMATCH {rec}")
        if len(self.trace["v_rtl"]) < self.trace_len:
            for k, val in (("i_t", obs.i_t), ("leak_k", obs.leak_k), ("gain_k", obs.gain_k), ("v_rtl", obs.v),
                           ("v_model", v), ("spike_rtl", obs.spike), ("spike_model", spike),
                           ("rst_n", obs.rst_n)):
                self.trace[k].append(int(val))
        self.cov_ap.write((obs, pre, spike, self.params))


class Env(uvm_env):
    def build_phase(self) -> None:
        self.seqr = uvm_sequencer("seqr", self)
        ConfigDB().set(None, "*", "SEQR", self.seqr)
        self.driver = Driver("driver", self)
        self.monitor = Monitor("monitor", self)
        self.scoreboard = Scoreboard("scoreboard", self)
        self.coverage = Coverage("coverage", self)

    def connect_phase(self) -> None:
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)
        self.monitor.ap.connect(self.scoreboard.analysis_export)
        self.scoreboard.cov_ap.connect(self.coverage.analysis_export)


def dut_params(dut):
    """The DUT's parameters, read back from the simulator (never re-declared here)."""
    from golden.fixed.lif_q88 import FixedPointLIFParams

    def get(name: str) -> int:
        value = int(getattr(dut, name).value)  # Icarus hands a 32-bit `int` parameter over unsigned
        return value - (1 << 32) if value >= 1 << 31 else value

    return FixedPointLIFParams(
        data_width=get("DataWidth"),
        fraction=get("FracBits"),
        v_rest=get("VRest"),
        v_reset=get("VReset"),
        v_threshold=get("VThreshold"),
        refractory_period=get("RefractoryCycles"),
    )


@pyuvm.test()
class LifTest(uvm_test):
    """Constrained random + directed corners, scoreboard on every cycle, coverage closure required."""

    def build_phase(self) -> None:
        import cocotb

        dut = cocotb.top
        self.dut = dut
        self.seed = int(os.environ.get("NRN_SEED", "1"))
        self.cycles = int(os.environ.get("NRN_CYCLES", "100000"))
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
        for sig in (dut.leak_k_i, dut.gain_k_i, dut.i_t_i, dut.noise_i):
            sig.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        await TopSeq("top").start(self.env.seqr)
        await ClockCycles(dut.clk_i, 2)  # let the monitor see the last driven cycle
        self.drop_objection()

    def extract_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = [b for b in COVER_BINS if cov.hits[b] == 0]
        out = {
            "unit": "nrn_lif",
            "seed": self.seed,
            "cycles": sb.cycles,
            "mismatches": sb.mismatches,
            "first_mismatches": sb.first,
            "spikes_rtl": sb.spikes,
            "coverage": dict(cov.hits),
            "coverage_missed": missed,
            "params": self.params.__dict__,
            "trace": sb.trace,
        }
        path = os.environ.get("NRN_RESULTS")
        if path:
            with open(path, "w") as fh:
                json.dump(out, fh)
        self.logger.info(
            f"cycles={sb.cycles} mismatches={sb.mismatches} spikes={sb.spikes} "
            f"coverage={len(COVER_BINS) - len(missed)}/{len(COVER_BINS)} seed={self.seed}"
        )

    def check_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = [b for b in COVER_BINS if cov.hits[b] == 0]
        assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between nrn_lif and FixedPointLIFNeuron"
        assert not missed, f"coverage holes: {missed}"


# ---------------------------------------------------------------------------------------------------------
# make sim: parameters, summary and plot (verif/sim.py calls these)

SIM_PARAMETERS: dict[str, int] = {}  # the RTL defaults (rtl/include/nrn_formats.svh, generated from golden)


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    lines = [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (spike_o and v_o, every cycle)",
        f"spikes (RTL)   : {res['spikes_rtl']}",
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]
    return lines


def plot(res: dict, path) -> None:
    """Membrane trace of the plot segment: float golden vs bit-true vs RTL, spikes marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from golden.fixed.lif_q88 import FixedPointLIFParams, float_counterpart

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    p = FixedPointLIFParams(**res["params"])
    start = int(np.argmax(tr["rst_n"] == 1))
    n = min(400, tr["v_rtl"].size - start)
    seg = slice(start, start + n)
    leak, gain = int(tr["leak_k"][start]), int(tr["gain_k"][start])
    fl = float_counterpart(p, leak, gain)
    v_float = fl.simulate(n, input_current=tr["i_t"][seg].astype(float))["v"]
    t = np.arange(n)
    fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(1, 3))
    ax0.step(t, tr["i_t"][seg], where="post", color="tab:gray")
    ax0.set_ylabel("I_t (raw)")
    ax0.set_title(f"nrn_lif: leak_k={leak}, gain_k={gain}, threshold={p.v_threshold} (Q{p.data_width - p.fraction}"
                  f".{p.fraction} raw), seed {res['seed']}")
    ax1.plot(t, v_float, color="tab:blue", lw=1.5, label="float golden (StochasticLIFNeuron)")
    ax1.step(t, tr["v_model"][seg], where="post", color="tab:orange", lw=1.2, label="bit-true model")
    ax1.plot(t, tr["v_rtl"][seg], ".", color="k", ms=2.5, label="RTL v_o")
    spikes = np.flatnonzero(tr["spike_rtl"][seg])
    ax1.vlines(spikes, p.v_threshold, p.v_threshold * 1.25, color="tab:red", lw=1, label="RTL spike_o")
    ax1.axhline(p.v_threshold, color="tab:red", ls=":", lw=0.8)
    ax1.set_xlabel("cycle")
    ax1.set_ylabel("v (raw LSB)")
    ax1.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points (run the testbench through cocotb_tools.runner)

ALT_PARAMETERS = {"VRest": -64, "VReset": -128, "VThreshold": 300, "RefractoryCycles": 5}


def _run(tmp_path, cycles: int, seed: int, parameters=None, env=None, rtl_files=None):
    from verif.common.runner import run_cocotb

    return run_cocotb("nrn_lif", "verif.nrn_lif.test_nrn_lif", parameters=parameters or {}, seed=seed,
                      env={"NRN_CYCLES": str(cycles), "NRN_SEED": str(seed), **(env or {})},
                      build_dir=tmp_path / "sim", rtl_files=rtl_files)


def _failed(res) -> bool:
    return bool(res["failed_tests"])


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, ALT_PARAMETERS], ids=["defaults", "alt_params"])
    def test_nrn_lif_scoreboard_clean(tmp_path, parameters):
        res = _run(tmp_path, 20_000, seed=11, parameters=parameters)
        assert res["cycles"] >= 20_000
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        for name, value in parameters.items():  # the testbench read the parameters back from the DUT
            key = {"VRest": "v_rest", "VReset": "v_reset", "VThreshold": "v_threshold",
                   "RefractoryCycles": "refractory_period"}[name]
            assert res["params"][key] == value
        assert not _failed(res)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_nrn_lif_scoreboard_catches_wrong_model(tmp_path):
        res = _run(tmp_path, 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert _failed(res), "the cocotb test must fail when the scoreboard sees mismatches"

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutation", [("v_next >= VThrW", "v_next > VThrW"),
                                          ("ref_d = ref_q - RefOne;", "ref_d = '0;"),
                                          ("{VRestW[DataWidth-1], VRestW} - {v_q[DataWidth-1], v_q}",
                                           "{1'b0, VRestW} - {1'b0, v_q}")],
                             ids=["threshold_gt", "no_refractory", "no_sign_extension"])
    def test_nrn_lif_scoreboard_catches_mutant_rtl(tmp_path, mutation):
        # (`>>>` -> `>>` on the products is NOT a useful mutant: the shifted-in bits land above the DataWidth
        # bits that survive the wrap, so that mutant is equivalent.)
        from verif.common.rtl import sources

        src = sources("nrn_lif")[-1]
        text = src.read_text()
        assert text.count(mutation[0]) == 1, f"mutation anchor {mutation[0]!r} not found once in {src}"
        mutant = tmp_path / "nrn_lif.sv"
        mutant.write_text(text.replace(mutation[0], mutation[1]))
        res = _run(tmp_path, 3_000, seed=5, rtl_files=[mutant])
        assert res["mismatches"] > 0, f"mutant {mutation} was not caught"
        assert _failed(res)
except ImportError:  # inside the simulator pytest is not needed
    pass
