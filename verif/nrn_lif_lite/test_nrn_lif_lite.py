"""pyuvm testbench of ``nrn_lif_lite``: every cycle, ``spike_o`` AND ``v_o`` against the bit-true model.

The layers of the ``nrn_lif`` bench (TinyALU style), on this core's ports::

    sequences (random segments + directed corners, a predictor to aim at exact corners)
        -> sequencer -> driver (drives leak_shift_i, i_t_i, noise_i, rst_ni on the falling edge)
    DUT
        -> monitor (samples inputs and registered outputs after each rising edge) -> analysis port
            -> scoreboard (FixedPointLIFLiteNeuron, parameters read back from the DUT) -> coverage

Run it with ``make sim MODEL=lif_lite`` (100,000+ cycles, summary, waveform and plot) or from pytest (the
functions at the bottom). Environment: ``NRN_CYCLES``, ``NRN_RESULTS``, ``NRN_TRACE``, ``NRN_SEED`` as for
``nrn_lif``; ``NRN_INJECT=model_threshold`` makes the scoreboard's model deliberately wrong (threshold + 1),
to prove that the scoreboard fails.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, replace

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

from golden.fixed.lif_lite import FixedPointLIFLiteNeuron, FixedPointLIFLiteParams, leak_borrow, unwrapped_sum
from verif.common.bench import env_int, mutate, run_unit, signed32, write_results

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
    "reset_in_refractory",  # reset asserted inside the refractory period
    "leak_shift_zero",  # s = 0: v jumps to VRest + input
    "leak_shift_max",  # s = 2^LeakShiftWidth - 1
    "every_leak_shift",  # every shift value integrated at least once (counted once, at the end)
    "leak_borrow",  # the low s bits of v exceed those of VRest: the RTL's borrow (floor correction) is 1
    "i_t_max",
    "i_t_min",
    "noise_max",
    "noise_min",
)


# ---------------------------------------------------------------------------------------------------------
# transactions


class LiteItem(uvm_sequence_item):
    """One cycle of stimulus."""

    def __init__(self, name: str = "lite_item", rst_n: int = 1, leak_shift: int = 0, i_t: int = 0, noise: int = 0):
        super().__init__(name)
        self.rst_n, self.leak_shift, self.i_t, self.noise = rst_n, leak_shift, i_t, noise

    def __str__(self) -> str:
        return f"rst_n={self.rst_n} leak_shift={self.leak_shift} i_t={self.i_t} noise={self.noise}"


@dataclass
class Observed:
    """What the monitor saw in one cycle: the inputs clocked in and the registered outputs after the edge."""

    cycle: int
    rst_n: int
    leak_shift: int
    i_t: int
    noise: int
    spike: int
    v: int


# ---------------------------------------------------------------------------------------------------------
# sequences


class Stim:
    """Shared stimulus context: the seeded generator, the DUT's parameters and a predictor of the DUT state."""

    def __init__(self, seed: int, params: FixedPointLIFLiteParams, cycles: int):
        self.rng = np.random.default_rng(seed)
        self.p = params
        self.pred = FixedPointLIFLiteNeuron(params)
        self.cycles = cycles
        self.sent = 0
        w = params.data_width
        self.lo, self.hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
        self.top = params.max_leak_shift

    def i(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(max(lo, self.lo), min(hi, self.hi) + 1))

    def shift(self, lo: int = 0, hi: int | None = None) -> int:
        return int(self.rng.integers(lo, min(self.top if hi is None else hi, self.top) + 1))

    def wrap(self, x: int) -> int:
        return ((x - self.lo) % (1 << self.p.data_width)) + self.lo


class BaseSeq(uvm_sequence):
    @property
    def stim(self) -> Stim:
        st = getattr(self, "_stim", None)
        if st is None:
            st = self._stim = ConfigDB().get(None, "", "STIM")
        return st

    async def send(self, rst_n: int = 1, leak_shift: int = 0, i_t: int = 0, noise: int = 0) -> None:
        st = self.stim
        item = LiteItem("item", rst_n, leak_shift, i_t, noise)
        await self.start_item(item)
        await self.finish_item(item)
        if rst_n:
            st.pred.step(leak_shift, i_t, noise)
        else:
            st.pred.reset_state()
        st.sent += 1


class ResetSeq(BaseSeq):
    """Reset for 1-3 cycles (at start and in the middle of runs), inputs random meanwhile."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(1, 3)):
            await self.send(rst_n=0, leak_shift=st.shift(), i_t=st.i(-2000, 2000), noise=st.i(-100, 100))


class PlotSeq(BaseSeq):
    """A readable trace for the plot: leak shift 4 (tau 16 cycles), a current step and a ramp (as nrn_lif)."""

    async def body(self) -> None:
        for t in range(400):
            i_t = 0 if t < 40 else (24 if t < 200 else 12 + (t - 200) // 4)
            await self.send(leak_shift=min(4, self.stim.top), i_t=i_t)


class RealisticSeq(BaseSeq):
    """Constrained random in the operating range: one leak shift per segment, the neuron fires regularly."""

    async def body(self) -> None:
        st = self.stim
        shift = st.shift(1, 8)
        base = st.i(-20, 160)
        for _ in range(st.i(50, 400)):
            await self.send(leak_shift=shift, i_t=base + st.i(-40, 40), noise=st.i(-8, 8))


class FullRangeSeq(BaseSeq):
    """Any value of every input: wrap-around at both ends of the word, every leak shift."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(20, 120)):
            await self.send(leak_shift=st.shift(), i_t=st.i(st.lo, st.hi), noise=st.i(st.lo, st.hi))


class ExtremeSeq(BaseSeq):
    """Leak shift at its ends, input and noise at the ends of the word (or 0, +-1), or anywhere."""

    async def body(self) -> None:
        st = self.stim
        edges = (st.lo, st.hi, 0, 1, -1)
        shifts = (0, 1, st.top - 1, st.top)

        def pick() -> int:
            return edges[st.i(0, len(edges) - 1)] if st.rng.random() < 0.6 else st.i(st.lo, st.hi)

        for _ in range(st.i(20, 80)):
            await self.send(leak_shift=shifts[st.i(0, 3)], i_t=pick(), noise=pick())


class ThresholdSeq(BaseSeq):
    """Aim v_next exactly at VThreshold (must fire) or one below (must not), with the predictor: the noise
    makes up the difference between the target and v_next at zero noise."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(4, 12)):
            while st.pred.refractory_counter > 0:
                await self.send(leak_shift=st.shift(), i_t=st.i(-50, 50))
            shift, i_t = st.shift(), st.i(-300, 300)
            v_next = st.wrap(unwrapped_sum(st.pred.v, shift, i_t, 0, st.p))
            target = st.p.v_threshold - (st.rng.random() < 0.4)
            await self.send(leak_shift=shift, i_t=i_t, noise=st.wrap(target - v_next))


class RefractorySeq(BaseSeq):
    """Force a spike with a large drive and keep it, so that the neuron fires again on the first free cycle;
    sometimes reset inside the refractory period."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(2, 6)):
            drive = st.p.v_threshold - st.p.v_rest + st.i(1, 50)
            reset_at = st.i(1, st.p.refractory_period) if st.p.refractory_period and st.rng.random() < 0.2 else -1
            for k in range(st.p.refractory_period + 2):
                if k == reset_at:
                    await self.send(rst_n=0)
                # leak shift max and the noise: v_next = v + (small leak) + noise ~ v + drive
                await self.send(leak_shift=st.top, noise=drive)
            for _ in range(st.i(0, 5)):
                await self.send(leak_shift=st.shift(), i_t=st.i(-50, 50))


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
            dut.leak_shift_i.value = item.leak_shift
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
            self.ap.write(Observed(cycle, int(dut.rst_ni.value), int(dut.leak_shift_i.value),
                                   dut.i_t_i.value.to_signed(), dut.noise_i.value.to_signed(),
                                   int(dut.spike_o.value), dut.v_o.value.to_signed()))
            cycle += 1


class Coverage(uvm_subscriber):
    """Functional coverage of the corners, classified from the model's state before each cycle."""

    def build_phase(self) -> None:
        self.hits: Counter[str] = Counter({b: 0 for b in COVER_BINS})
        self.shifts: set[int] = set()
        self.ran = False

    def write(self, rec) -> None:
        obs, pre, spike, p = rec
        h = self.hits
        if not obs.rst_n:
            if self.ran:
                h["reset_mid_run"] += 1
                h["reset_in_refractory"] += pre["refractory_counter"] > 0
            return
        self.ran = True
        lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
        h["i_t_max"] += obs.i_t == hi
        h["i_t_min"] += obs.i_t == lo
        h["noise_max"] += obs.noise == hi
        h["noise_min"] += obs.noise == lo
        h["spike" if spike else "no_spike"] += 1
        if pre["refractory_counter"] > 0:
            h["refractory_hold"] += 1
            return
        self.shifts.add(obs.leak_shift)
        h["leak_shift_zero"] += obs.leak_shift == 0
        h["leak_shift_max"] += obs.leak_shift == p.max_leak_shift
        h["leak_borrow"] += bool(leak_borrow(pre["v"], obs.leak_shift, p))
        raw = unwrapped_sum(pre["v"], obs.leak_shift, obs.i_t, obs.noise, p)
        h["wrap_positive"] += raw > hi
        h["wrap_negative"] += raw < lo
        v_next = ((raw - lo) % (1 << p.data_width)) + lo
        h["threshold_equal"] += v_next == p.v_threshold
        h["threshold_minus_1"] += v_next == p.v_threshold - 1
        if spike and pre.get("just_left_refractory"):
            h["refractory_exit_spike"] += 1

    def close(self, p: FixedPointLIFLiteParams) -> None:
        self.hits["every_leak_shift"] = int(len(self.shifts) == p.max_leak_shift + 1)


class Scoreboard(uvm_subscriber):
    """Compares spike_o and v_o with FixedPointLIFLiteNeuron every cycle."""

    def build_phase(self) -> None:
        self.cov_ap = uvm_analysis_port("cov_ap", self)
        self.mismatches = 0
        self.first: list[dict] = []
        self.cycles = 0
        self.spikes = 0
        self.trace: dict[str, list[int]] = {k: [] for k in ("i_t", "leak_shift", "v_rtl", "v_model", "spike_rtl",
                                                            "spike_model", "rst_n")}

    def connect_phase(self) -> None:
        self.params = ConfigDB().get(self, "", "PARAMS")
        model_params = self.params
        inject = os.environ.get("NRN_INJECT", "")
        if inject == "model_threshold":  # a deliberately wrong model: the scoreboard must catch it
            model_params = replace(self.params, v_threshold=self.params.v_threshold + 1)
        elif inject:
            raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
        self.model = FixedPointLIFLiteNeuron(model_params)
        self.trace_len = env_int("NRN_TRACE", 2000)
        self.prev_ref = 0

    def write(self, obs: Observed) -> None:
        m = self.model
        pre = {"v": m.v, "refractory_counter": m.refractory_counter,
               "just_left_refractory": self.prev_ref > 0 and m.refractory_counter == 0}
        if obs.rst_n:
            spike, v = m.step(obs.leak_shift, obs.i_t, obs.noise)
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
            for k, val in (("i_t", obs.i_t), ("leak_shift", obs.leak_shift), ("v_rtl", obs.v), ("v_model", v),
                           ("spike_rtl", obs.spike), ("spike_model", spike), ("rst_n", obs.rst_n)):
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


# RTL parameter -> FixedPointLIFLiteParams field
PARAM_NAMES = {"DataWidth": "data_width", "FracBits": "fraction", "VRest": "v_rest", "VReset": "v_reset",
               "VThreshold": "v_threshold", "RefractoryCycles": "refractory_period",
               "LeakShiftWidth": "leak_shift_width", "GainShift": "gain_shift", "Gain2Shift": "gain2_shift",
               "Gain2Sign": "gain2_sign"}


def dut_params(dut) -> FixedPointLIFLiteParams:
    """The DUT's parameters, read back from the simulator (never re-declared here)."""
    return FixedPointLIFLiteParams(**{f: signed32(int(getattr(dut, k).value)) for k, f in PARAM_NAMES.items()})


@pyuvm.test()
class LifLiteTest(uvm_test):
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
        for sig in (dut.leak_shift_i, dut.i_t_i, dut.noise_i):
            sig.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        await TopSeq("top").start(self.env.seqr)
        await ClockCycles(dut.clk_i, 2)  # let the monitor see the last driven cycle
        self.drop_objection()

    def extract_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        cov.close(self.params)
        missed = [b for b in COVER_BINS if cov.hits[b] == 0]
        write_results({
            "unit": "nrn_lif_lite",
            "seed": self.seed,
            "cycles": sb.cycles,
            "mismatches": sb.mismatches,
            "first_mismatches": sb.first,
            "spikes_rtl": sb.spikes,
            "coverage": dict(cov.hits),
            "coverage_missed": missed,
            "leak_shifts_integrated": sorted(cov.shifts),
            "params": self.params.__dict__,
            "trace": sb.trace,
        })
        self.logger.info(f"cycles={sb.cycles} mismatches={sb.mismatches} spikes={sb.spikes} "
                         f"coverage={len(COVER_BINS) - len(missed)}/{len(COVER_BINS)} seed={self.seed}")

    def check_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = [b for b in COVER_BINS if cov.hits[b] == 0]
        assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between nrn_lif_lite and FixedPointLIFLiteNeuron"
        assert not missed, f"coverage holes: {missed}"


# ---------------------------------------------------------------------------------------------------------
# make sim: parameters, summary and plot (verif/sim.py calls these)

SIM_PARAMETERS: dict[str, int] = {}  # the RTL defaults (rtl/include/nrn_formats.svh, generated from golden)


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (spike_o and v_o, every cycle)",
        f"spikes (RTL)   : {res['spikes_rtl']}",
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]


def plot(res: dict, path) -> None:
    """Membrane trace of the plot segment: float LIF with tau = 2^s vs bit-true vs RTL, spikes marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from golden.fixed.lif_lite import float_counterpart

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    p = FixedPointLIFLiteParams(**res["params"])
    start = int(np.argmax(tr["rst_n"] == 1))
    n = min(400, tr["v_rtl"].size - start)
    seg = slice(start, start + n)
    shift = int(tr["leak_shift"][start])
    fl = float_counterpart(p, shift)
    v_float = fl.simulate(n, input_current=tr["i_t"][seg].astype(float))["v"]
    t = np.arange(n)
    fig, (ax0, ax1) = plt.subplots(2, 1, figsize=(10, 6), sharex=True, height_ratios=(1, 3))
    ax0.step(t, tr["i_t"][seg], where="post", color="tab:gray")
    ax0.set_ylabel("I_t (raw)")
    ax0.set_title(f"nrn_lif_lite: leak_shift={shift} (tau {1 << shift} cycles), gain={p.gain:g}, "
                  f"threshold={p.v_threshold} (Q{p.data_width - p.fraction}.{p.fraction} raw), seed {res['seed']}")
    ax1.plot(t, v_float, color="tab:blue", lw=1.5, label=f"float LIF (StochasticLIFNeuron, tau {1 << shift})")
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

ALT_PARAMETERS = {"VRest": -64, "VReset": -128, "VThreshold": 300, "RefractoryCycles": 5, "GainShift": 1,
                  "Gain2Shift": -1, "Gain2Sign": -1}

# (original text, mutated text) of rtl/neuron/nrn_lif_lite.sv; each must be caught by the scoreboard
MUTANTS = {
    "no_borrow": ("{~v_shr, ~borrow}", "{~v_shr, 1'b1}"),  # the leak loses its floor correction
    "threshold_gt": ("- {1'b0, VThrBiased};", "- {1'b0, VThrBiased} - 17'd1;"),  # >= becomes >
    "no_refractory": ("ref_d = ref_q - RefOne;", "ref_d = RefZero;"),  # the refractory period lasts one cycle
}


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, ALT_PARAMETERS], ids=["defaults", "alt_params"])
    def test_nrn_lif_lite_scoreboard_clean(tmp_path, parameters):
        res = run_unit("nrn_lif_lite", tmp_path, 20_000, seed=11, parameters=parameters)
        assert res["cycles"] >= 20_000
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        for name, value in parameters.items():  # the testbench read the parameters back from the DUT
            assert res["params"][PARAM_NAMES[name]] == value
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_nrn_lif_lite_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("nrn_lif_lite", tmp_path, 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert res["failed_tests"], "the cocotb test must fail when the scoreboard sees mismatches"

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(MUTANTS))
    def test_nrn_lif_lite_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.rtl import sources

        src = mutate(sources("nrn_lif_lite")[-1], tmp_path, *MUTANTS[mutant])
        res = run_unit("nrn_lif_lite", tmp_path, 3_000, seed=5, rtl_files=[src])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]
except ImportError:  # inside the simulator pytest is not needed
    pass
