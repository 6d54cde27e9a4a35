"""pyuvm testbench of ``snn_core``: EVERY neuron's membrane (and spike) after EVERY step, every spike count and the
clock count of every step against the bit-true network (:class:`golden.fixed.snn_core_unit.SnnCoreModel`, i.e.
:class:`golden.export.q88.QuantNetwork` read from the same export directory the RTL loads with ``$readmemh``).

Layers (TinyALU style)::

    SampleSeq (input spike trains, one StepItem per step: the events in random order, idle gaps, out-of-range
               indices) -> sequencer -> Driver (in_* handshake; ld_* loads the weights first when UseSpram = 1)
    DUT -> Monitor (accepted in_* transfers, every mem_* and cnt_* record, idle cycles) -> analysis port
        -> Scoreboard (the model stepped on the OBSERVED input events: each step's records compared one by one,
           counts at the end of a sample, clocks between step ends against golden.fixed.snn_core_unit's formula)
        -> coverage (corners of the arithmetic; a required bin never hit fails the test)

The network: ``SNN_EXPORT`` (an export directory, e.g. the trained classifier) or, unset, a seeded stress network
(:mod:`verif.snn_core.nets`) written under ``build/sim/snn_core_net``. The DUT's parameters are read back and must
equal the export's. ``make sim MODEL=snn_core`` runs it; environment: ``NRN_CYCLES`` (clock budget),
``NRN_SEED``, ``NRN_RESULTS``, ``NRN_INJECT=model_threshold`` (the scoreboard's model gets layer 0's threshold + 1,
to prove the scoreboard fails), ``SNN_NET_SEED`` (seed of the default stress network), ``SNN_SPIKES`` (a .npy
file of input trains (B, T, n_in): these samples, in order, instead of random ones; the spike counts the RTL
reported per sample go into the results as ``sample_counts``, e.g. the held-out digits of
:mod:`verif.snn_core.classifier`).
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

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

from golden.export.memfiles import read_export
from golden.export.q88 import QuantNetwork
from golden.fixed.snn_core_unit import DRAIN_CYCLES, check_rtl_params, step_cycles
from verif.common.bench import env_int, signed32, write_results
from verif.common.rtl import BUILD
from verif.snn_core import nets

UNIT = "snn_core"
DEFAULT_SHAPE = (24, 16, 10)  # the stress network of make sim: two layers
DEFAULT_STEPS = 8
COVER_BINS = (
    "spike", "no_spike",
    "threshold_equal",  # v_next == threshold: fires
    "threshold_minus_1",  # v_next == threshold - 1: does not fire
    "acc_sat_pos", "acc_sat_neg",  # the synaptic sum beyond the 16-bit word (saturated once)
    "v_sat_pos", "v_sat_neg",  # v + dv + I beyond the word
    "negative_weight",  # an active synapse with a negative weight
    "empty_step",  # a step without input events
    "all_inputs",  # every input active
    "silent_layer",  # a layer >= 1 whose input list is empty (one clock per neuron)
    "idle_gap",  # in_valid low while the core waits for events
    "ignored_event",  # an input index >= Layer0Inputs (ignored by the core)
)


def default_network() -> tuple[QuantNetwork, Path]:
    seed = env_int("SNN_NET_SEED", 1)
    net = nets.stress_network(seed, DEFAULT_SHAPE, DEFAULT_STEPS, leaks=(256, None))
    d = BUILD / "sim" / "snn_core_net" / f"stress_{seed}"
    nets.write_network(net, d)
    return net, d


def input_spikes() -> np.ndarray | None:
    """``SNN_SPIKES``'s trains (B, T, n_in) of 0/1, or None."""
    f = os.environ.get("SNN_SPIKES", "")
    return np.load(f) if f else None


def export_dir() -> Path:
    e = os.environ.get("SNN_EXPORT", "")
    return Path(e) if e else default_network()[1]


def __getattr__(name: str):
    # SIM_PARAMETERS is built on first use (make sim), so that importing the module (pytest collection) writes
    # nothing; it describes SNN_EXPORT's network when set, else the default stress network
    if name == "SIM_PARAMETERS":
        d = export_dir()
        return nets.sim_parameters(read_export(d), d)
    raise AttributeError(name)


# ---------------------------------------------------------------------------------------------------------
# items, sequence, driver, monitor


class StepItem(uvm_sequence_item):
    """One time step: the input events (indices, in order), the idle clocks before each transfer (the last
    entry before the end-of-step transfer)."""

    def __init__(self, name: str, events: list[int], gaps: list[int]):
        super().__init__(name)
        self.events, self.gaps = events, gaps


class LoadItem(uvm_sequence_item):
    """Weight and bias words for the ld_* port: (bias flag, address, 16-bit data)."""

    def __init__(self, name: str, words: list[tuple[int, int, int]]):
        super().__init__(name)
        self.words = words


class SampleSeq(uvm_sequence):
    async def body(self) -> None:
        cfg = ConfigDB().get(None, "", "CFG")
        net: QuantNetwork = cfg["net"]
        rng = np.random.default_rng(cfg["seed"])
        if cfg["use_spram"]:
            words = []
            for li, q in enumerate(net.layers):
                wb = sum(p.n_in * p.n_out for p in net.layers[:li])
                nb = sum(p.n_out for p in net.layers[:li])
                words += [(0, wb + a, int(x) & 0xFFFF) for a, x in enumerate(q.weight.ravel())]
                words += [(1, nb + a, int(x) & 0xFFFF) for a, x in enumerate(q.bias)]
            order = rng.permutation(len(words))
            item = LoadItem("load", [words[i] for i in order])
            await self.start_item(item)
            await self.finish_item(item)
        budget, spent = cfg["cycles"], 0
        given = cfg["spikes"]  # the given samples run in order, whatever the clock budget
        n_in = net.n_in
        spare = (1 << max((n_in - 1).bit_length(), 1)) - n_in  # indices the port can carry beyond n_in
        total_neurons = sum(q.n_out for q in net.layers)
        for sample in itertools.count():
            if (given is None and spent >= budget) or (given is not None and sample == len(given)):
                break
            x = given[sample] if given is not None else nets.random_trains(rng, 1, net.timesteps, n_in)[0]
            run = net.run(x)
            for t in range(net.timesteps):
                events = [int(i) for i in rng.permutation(np.flatnonzero(x[t]))]
                if spare and rng.random() < 0.2:
                    events.insert(int(rng.integers(0, len(events) + 1)), n_in + int(rng.integers(0, spare)))
                gapped = rng.random() < 0.2
                gaps = [int(rng.integers(0, 4)) if gapped and rng.random() < 0.5 else 0
                        for _ in range(len(events) + 1)]
                item = StepItem(f"step{t}", events, gaps)
                await self.start_item(item)
                await self.finish_item(item)
                active = [int(x[t].sum())] + [int(run.spikes[li][t].sum()) for li in range(len(net.layers) - 1)]
                spent += step_cycles(net, active) + sum(gaps)
            spent += total_neurons


class Driver(uvm_driver):
    def connect_phase(self) -> None:
        self.dut = ConfigDB().get(self, "", "DUT")

    async def transfer(self, valid: str, ready: str, fields: dict[str, int], gap: int) -> None:
        from cocotb.triggers import FallingEdge

        dut = self.dut
        for _ in range(gap):
            await FallingEdge(dut.clk_i)
            getattr(dut, valid).value = 0
        while True:
            await FallingEdge(dut.clk_i)
            getattr(dut, valid).value = 1
            for k, v in fields.items():
                getattr(dut, k).value = v
            if int(getattr(dut, ready).value):  # ready changes only at rising edges: accepted at the next one
                return

    async def run_phase(self) -> None:
        from cocotb.triggers import FallingEdge

        dut = self.dut
        while True:
            item = await self.seq_item_port.get_next_item()
            if isinstance(item, LoadItem):
                for bias, addr, data in item.words:
                    await self.transfer("ld_valid_i", "ld_ready_o",
                                        {"ld_bias_i": bias, "ld_addr_i": addr, "ld_data_i": data}, 0)
            else:
                for i, ev in enumerate(item.events):
                    await self.transfer("in_valid_i", "in_ready_o", {"in_idx_i": ev, "in_last_i": 0}, item.gaps[i])
                await self.transfer("in_valid_i", "in_ready_o", {"in_idx_i": 0, "in_last_i": 1}, item.gaps[-1])
            await FallingEdge(dut.clk_i)  # the last transfer is taken at the rising edge before this one
            dut.in_valid_i.value = 0
            dut.ld_valid_i.value = 0
            self.seq_item_port.item_done()


class Monitor(uvm_component):
    """After every rising edge: the in_* transfer of that edge (valid and data then, ready from the clock
    before), idle waiting clocks, and the registered mem_* / cnt_* records."""

    def build_phase(self) -> None:
        self.ap = uvm_analysis_port("ap", self)

    def connect_phase(self) -> None:
        self.dut = ConfigDB().get(self, "", "DUT")

    async def run_phase(self) -> None:
        from cocotb.triggers import ReadOnly, RisingEdge

        dut = self.dut
        self.cycle, ready_before = 0, 0
        while True:
            await RisingEdge(dut.clk_i)
            await ReadOnly()
            self.cycle += 1
            cycle = self.cycle
            if ready_before:
                if int(dut.in_valid_i.value):
                    self.ap.write(("in", cycle, int(dut.in_idx_i.value), int(dut.in_last_i.value)))
                else:
                    self.ap.write(("idle", cycle))
            ready_before = int(dut.in_ready_o.value)
            if int(dut.mem_valid_o.value):
                self.ap.write(("mem", cycle, int(dut.mem_layer_o.value), int(dut.mem_idx_o.value),
                               dut.mem_v_o.value.to_signed(), int(dut.mem_spike_o.value)))
            if int(dut.cnt_valid_o.value):
                self.ap.write(("cnt", cycle, int(dut.cnt_idx_o.value), int(dut.cnt_o.value),
                               int(dut.cnt_last_o.value)))


# ---------------------------------------------------------------------------------------------------------
# scoreboard and coverage


class Scoreboard(uvm_subscriber):
    def build_phase(self) -> None:
        cfg = ConfigDB().get(None, "", "CFG")
        net: QuantNetwork = cfg["net"]
        inject = os.environ.get("NRN_INJECT", "")
        if inject:
            if inject != "model_threshold":
                raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
            q0 = net.layers[0]
            net = replace(net, layers=(replace(q0, threshold=min(q0.threshold + 1, 32767)), *net.layers[1:]))
        self.net = net
        self.real_net: QuantNetwork = cfg["net"]
        self.hits: Counter[str] = Counter({b: 0 for b in COVER_BINS})
        self.mismatches = 0
        self.first: list[dict] = []
        self.records = self.counts_checked = self.steps = self.samples = 0
        self.cycle_checks = self.cycle_mismatches = 0
        self.v = net.initial_state()
        self.count = np.zeros(net.n_out, np.int64)
        self.t = 0
        self.events: list[int] = []
        self.extra = 0
        self.idle = 0
        self.expect: list[tuple[int, int, int, int]] = []
        self.expect_cnt: list[tuple[int, int, int]] = []
        self.last_term: int | None = None
        self.pending_cycles = 0  # clocks owed by the step before (compute + walk) at the next step end
        self.trace: dict[str, list] = {"step": [], "layer": [], "idx": [], "v_rtl": [], "v_model": [],
                                       "spike_rtl": [], "spike_model": []}
        self.trace_len = env_int("NRN_TRACE", 20000)
        self.sample_counts: list[list[int]] = []  # the counts the RTL reported, per completed sample

    def fail(self, what: str, **info) -> None:
        self.mismatches += 1
        if len(self.first) < 10:
            rec = {"what": what, "sample": self.samples, "step": self.t, **info}
            self.first.append(rec)
            self.logger.error(f"MISMATCH {rec}")

    def write(self, rec) -> None:
        kind, cycle = rec[0], rec[1]
        if kind == "idle":
            self.idle += 1
            self.hits["idle_gap"] += 1
        elif kind == "in":
            _, _, idx, last = rec
            if not last:
                if idx < self.net.n_in:
                    self.events.append(idx)
                else:
                    self.extra += 1
                    self.hits["ignored_event"] += 1
                return
            self.end_of_step(cycle)
        elif kind == "mem":
            _, _, layer, idx, v, spike = rec
            self.records += 1
            if not self.expect:
                self.fail("unexpected mem record", got=[layer, idx, v, spike])
                return
            want = self.expect.pop(0)
            if (layer, idx, v, spike) != want:
                self.fail("membrane record", got=[layer, idx, v, spike], want=list(want))
            if len(self.trace["step"]) < self.trace_len:
                for k, x in zip(("step", "layer", "idx", "v_rtl", "v_model", "spike_rtl", "spike_model"),
                                (self.steps - 1, layer, idx, v, want[2], spike, want[3]), strict=True):
                    self.trace[k].append(int(x))
        elif kind == "cnt":
            _, _, idx, cnt, last = rec
            self.counts_checked += 1
            if self.expect:
                self.fail("count record before the last step's membranes", missing=len(self.expect))
                self.expect.clear()
            if not self.expect_cnt:
                self.fail("unexpected count record", got=[idx, cnt, last])
                return
            want = self.expect_cnt.pop(0)
            if idx == 0:
                self.sample_counts.append([])
            self.sample_counts[-1].append(int(cnt))
            if (idx, cnt, last) != want:
                self.fail("spike count", got=[idx, cnt, last], want=list(want))

    def end_of_step(self, cycle: int) -> None:
        if self.expect:
            self.fail("membrane records missing at the next step's end", missing=len(self.expect))
            self.expect.clear()
        net = self.net
        s = np.zeros(net.n_in, np.int64)
        s[self.events] = 1
        k0 = int(s.sum())
        # clocks since the previous step's end: its compute (and walk) + this step's transfers + idle clocks
        if self.last_term is not None:
            want = self.pending_cycles + len(self.events) + self.extra + 1 + self.idle
            self.cycle_checks += 1
            if cycle - self.last_term != want:
                self.cycle_mismatches += 1
                self.fail("clocks between step ends", got=cycle - self.last_term, want=want)
        self.classify(s)
        self.v, spikes = net.step(self.v, s)
        active = [k0] + [int(sp.sum()) for sp in spikes[:-1]]
        self.pending_cycles = step_cycles(net, active) - (k0 + 1)
        for li, (v_l, s_l) in enumerate(zip(self.v, spikes, strict=True)):
            self.expect += [(li, i, int(v_l[i]), int(s_l[i])) for i in range(v_l.size)]
        self.count += spikes[-1]
        self.steps += 1
        self.t += 1
        self.hits["empty_step"] += k0 == 0
        self.hits["all_inputs"] += k0 == net.n_in
        self.hits["silent_layer"] += any(a == 0 for a in active[1:])
        if self.t == net.timesteps:
            n = net.n_out
            self.expect_cnt = [(i, int(self.count[i]), int(i == n - 1)) for i in range(n)]
            self.pending_cycles += sum(q.n_out for q in net.layers)
            self.v = net.initial_state()
            self.count[:] = 0
            self.t = 0
            self.samples += 1
        self.events, self.extra, self.idle = [], 0, 0
        self.last_term = cycle

    def classify(self, s: np.ndarray) -> None:
        """Corner bins of this step (the model's intermediate values; the checked values are the model's)."""
        x = s
        for li, q in enumerate(self.net.layers):
            v = self.v[li]
            acc = x @ q.weight.T + q.bias
            cur = np.clip(acc, -32768, 32767)
            raw = v + (((q.v_rest - v) * q.leak) >> 8) + cur
            v_next = np.clip(raw, -32768, 32767)
            fired = v_next >= q.threshold
            self.hits["acc_sat_pos"] += int(np.sum(acc > 32767))
            self.hits["acc_sat_neg"] += int(np.sum(acc < -32768))
            self.hits["v_sat_pos"] += int(np.sum(raw > 32767))
            self.hits["v_sat_neg"] += int(np.sum(raw < -32768))
            self.hits["threshold_equal"] += int(np.sum(v_next == q.threshold))
            self.hits["threshold_minus_1"] += int(np.sum(v_next == q.threshold - 1))
            self.hits["spike"] += int(fired.sum())
            self.hits["no_spike"] += int((~fired).sum())
            self.hits["negative_weight"] += int(np.sum((q.weight < 0) & (x[None, :] == 1)))
            x = fired.astype(np.int64)


class Env(uvm_env):
    def build_phase(self) -> None:
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = Driver("driver", self)
        self.monitor = Monitor("monitor", self)
        self.scoreboard = Scoreboard("scoreboard", self)

    def connect_phase(self) -> None:
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)
        self.monitor.ap.connect(self.scoreboard.analysis_export)


def required_bins(net: QuantNetwork, given: bool = False) -> list[str]:
    """Bins every run must hit: those the stimulus always produces; the arithmetic corners only on the
    stress networks (an exported classifier need not saturate). Given samples (``SNN_SPIKES``) are real data:
    only spikes and silences are required."""
    if given:
        return ["spike", "no_spike"]
    out = ["spike", "no_spike", "empty_step", "all_inputs", "idle_gap"]
    if (1 << max((net.n_in - 1).bit_length(), 1)) > net.n_in:
        out.append("ignored_event")
    if net.name.startswith("stress_"):
        out += ["threshold_equal", "acc_sat_pos", "acc_sat_neg", "negative_weight"]
    return out


@pyuvm.test()
class SnnCoreTest(uvm_test):
    def build_phase(self) -> None:
        import cocotb

        dut = cocotb.top
        self.dut = dut
        self.seed = env_int("NRN_SEED", 1)
        self.cycles = env_int("NRN_CYCLES", 100_000)
        d = export_dir()
        net = read_export(d)
        names = ["NumLayers", "TimeSteps", "UseSpram"] + [f"Layer{li}{f}" for li in range(4)
                                                          for f in ("Inputs", "Neurons", "Leak", "Threshold",
                                                                    "VRest", "VReset")]
        self.params = {k: signed32(int(getattr(dut, k).value)) for k in names}
        self.param_errors = check_rtl_params(net, self.params)
        self.net, self.export = net, d
        ConfigDB().set(None, "*", "DUT", dut)
        spikes = input_spikes()
        if spikes is not None and (spikes.ndim != 3 or spikes.shape[1:] != (net.timesteps, net.n_in)):
            raise ValueError(f"SNN_SPIKES must hold (B, {net.timesteps}, {net.n_in}) trains, got {spikes.shape}")
        self.given = spikes is not None
        ConfigDB().set(None, "*", "CFG", {"net": net, "seed": self.seed, "cycles": self.cycles,
                                          "use_spram": bool(self.params["UseSpram"]), "spikes": spikes})
        self.env = Env("env", self)

    async def run_phase(self) -> None:
        import cocotb
        from cocotb.clock import Clock
        from cocotb.triggers import ClockCycles, RisingEdge

        self.raise_objection()
        dut = self.dut
        for s in ("in_valid_i", "in_idx_i", "in_last_i", "ld_valid_i", "ld_bias_i", "ld_addr_i", "ld_data_i"):
            getattr(dut, s).value = 0
        dut.rst_ni.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 2)
        dut.rst_ni.value = 1
        await SampleSeq("samples").start(self.env.seqr)
        # the last sample's records and counts
        sb = self.env.scoreboard
        for _ in range(sum(q.n_out * max(q.n_in, 1) for q in self.net.layers) + 200):
            if not sb.expect and not sb.expect_cnt:
                break
            await RisingEdge(dut.clk_i)
        await ClockCycles(dut.clk_i, 2 * DRAIN_CYCLES)
        self.drop_objection()

    def missed(self) -> list[str]:
        hits = self.env.scoreboard.hits
        return [b for b in required_bins(self.net, self.given) if hits[b] == 0]

    def extract_phase(self) -> None:
        sb = self.env.scoreboard
        cycles = self.env.monitor.cycle
        write_results({
            "unit": UNIT, "seed": self.seed, "cycles": cycles, "mismatches": sb.mismatches + len(self.param_errors)
            + len(sb.expect) + len(sb.expect_cnt),
            "first_mismatches": sb.first, "param_errors": self.param_errors, "records": sb.records,
            "counts_checked": sb.counts_checked, "steps": sb.steps, "samples": sb.samples,
            "cycle_checks": sb.cycle_checks, "cycle_mismatches": sb.cycle_mismatches,
            "left_unchecked": len(sb.expect) + len(sb.expect_cnt),
            "coverage": {b: sb.hits[b] for b in COVER_BINS}, "coverage_missed": self.missed(),
            "required_bins": required_bins(self.net, self.given), "params": self.params, "network": self.net.name,
            "shape": list(self.net.shape), "export": str(self.export), "trace": sb.trace,
            "sample_counts": sb.sample_counts,
        })
        self.logger.info(f"cycles={cycles} records={sb.records} counts={sb.counts_checked} "
                         f"mismatches={sb.mismatches} seed={self.seed}")

    def check_phase(self) -> None:
        sb = self.env.scoreboard
        assert not self.param_errors, f"DUT parameters differ from the export's: {self.param_errors}"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between snn_core and its bit-true model"
        assert not sb.expect and not sb.expect_cnt, "records of the last sample never came"
        assert sb.samples >= 1 and sb.counts_checked >= 1, "no sample completed"
        assert not self.missed(), f"coverage holes: {self.missed()}"


# ---------------------------------------------------------------------------------------------------------
# make sim: summary and plot


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    req = res.get("required_bins", [])
    return [
        f"network        : {res['network']} shape {res['shape']} (export {res['export']})",
        f"clocks         : {res['cycles']}; samples {res['samples']}, steps {res['steps']}",
        f"checked        : {res['records']} membrane records (every neuron, every step), "
        f"{res['counts_checked']} spike counts, {res['cycle_checks']} step clock counts",
        f"mismatches     : {res['mismatches']} (clock counts: {res['cycle_mismatches']})"
        + (f"; DUT parameters differ: {res['param_errors']}" if res.get("param_errors") else ""),
        f"coverage       : {sum(1 for b in req if cov.get(b))}/{len(req)} required bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
    ]


def plot(res: dict, path) -> None:
    """Membrane after each step of a few neurons per layer (RTL dots over the model's steps) and spike rasters."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    layers = sorted(set(tr["layer"].tolist())) if tr["layer"].size else [0]
    fig, axes = plt.subplots(len(layers), 2, figsize=(12, 2.6 * len(layers) + 0.6), squeeze=False)
    for row, li in zip(axes, layers, strict=True):
        m = tr["layer"] == li
        for n in range(3):
            sel = m & (tr["idx"] == n)
            if not sel.any():
                continue
            row[0].step(tr["step"][sel][:200], tr["v_model"][sel][:200], where="post", lw=1.0,
                        label=f"neuron {n} model")
            row[0].plot(tr["step"][sel][:200], tr["v_rtl"][sel][:200], ".", ms=3, color="k")
        row[0].set_ylabel(f"layer {li} v (raw)", fontsize=8)
        row[0].legend(fontsize=6, loc="upper right")
        sp = m & (tr["spike_rtl"] == 1) & (tr["step"] < 200)
        row[1].plot(tr["step"][sp], tr["idx"][sp], "|", ms=4, color="k")
        row[1].set_ylabel(f"layer {li} neuron", fontsize=8)
    axes[0, 0].set_title(f"snn_core {res['network']}: membranes (RTL dots, model steps), seed {res['seed']}",
                         fontsize=8)
    axes[0, 1].set_title("RTL spikes", fontsize=8)
    axes[-1, 0].set_xlabel("step")
    axes[-1, 1].set_xlabel("step")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points

try:
    import pytest
except ImportError:  # inside the simulator process pytest is not needed
    pytest = None

if pytest is not None:
    # (shape, steps, net seed, UseSpram): two layers with $readmemh (EBR), one layer loaded through ld_* (SPRAM
    # wrapper's model), three layers
    PARAM_SETS = {
        "two_layers": ((24, 16, 10), 6, 1, False, (256, 1)),
        "spram_load": ((20, 12), 5, 5, True, (256,)),
        "three_layers": ((13, 9, 7, 5), 4, 3, False, (1, 256, None)),
    }
    # more mutants run in the Verilator deep check (verif/snn_core/test_deep_snn_core.py), where they are cheap
    MUTANTS = {
        "threshold_gt": ("assign fire   = (p6_v_q >= cur_thr);", "assign fire   = (p6_v_q > cur_thr);"),
    }

    def _run(tmp_path: Path, name: str, cycles: int, seed: int, env: dict | None = None,
             rtl_files: list[Path] | None = None) -> dict:
        from verif.common.bench import run_unit

        shape, steps, net_seed, spram, leaks = PARAM_SETS[name]
        net = nets.stress_network(net_seed, shape, steps, leaks)
        d = nets.write_network(net, tmp_path / "export")
        return run_unit(UNIT, tmp_path, cycles, seed, parameters=nets.sim_parameters(net, d, use_spram=spram),
                        env={"SNN_EXPORT": str(d), **(env or {})}, rtl_files=rtl_files)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("name", list(PARAM_SETS))
    def test_snn_core_scoreboard_clean(tmp_path, name):
        res = _run(tmp_path, name, 12_000, seed=11)
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["cycle_checks"] > 0 and res["cycle_mismatches"] == 0
        assert res["coverage_missed"] == [], res["coverage"]
        assert res["records"] == res["steps"] * sum(PARAM_SETS[name][0][1:])
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_snn_core_scoreboard_catches_wrong_model(tmp_path):
        res = _run(tmp_path, "two_layers", 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(MUTANTS))
    def test_snn_core_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.bench import mutate
        from verif.common.rtl import sources

        files = sources(UNIT)
        target = next(p for p in files if p.stem == UNIT)
        src = mutate(target, tmp_path, *MUTANTS[mutant])
        res = _run(tmp_path, "two_layers", 5_000, seed=5, rtl_files=[src if p == target else p for p in files])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]
