"""Shared verification of the stochastic-computing stream cells (``sc_mul_and`` ... ``sc_counter``).

A cell is described once, by a :class:`StreamSpec` in its ``verif/<key>/test_<key>.py`` (model class, stimulus
mix, unit-specific corners, wrong models, RTL mutants); everything else is here and shared by the cocotb
testbench and the Verilator deep check (``verif/deep/deep_sc.py``):

* :func:`stimulus`: seeded, vectorised constrained-random stimulus. Each input stream is cut into segments
  (16..1024 cycles) of one kind: ``independent`` (each input Bernoulli with its own probability and its own
  random numbers), ``shared`` (one random number per cycle for all inputs: maximally correlated, SCC = +1,
  and with ``shared_sorted`` the first input's probability is the smallest, so x <= y bitwise for CORDIV),
  ``equal`` (every input the identical stream), ``const`` (every input a constant 0 or 1: x = 0 and x = full
  scale), ``extreme`` (probabilities from {0, 1, 1/64, 63/64, 1/2}); ``en`` is cut into its own segments with
  P(en = 1) in {1, 0.97, 0.5, 0.1, 0}; ``rst`` pulses at random (one cycle, or two), always in cycle 0.
* :func:`corners`: coverage counted on the observed trace and the model's outputs (vectorised): the generic
  bins (reset in the middle of a run, reset clearing a 1, enable low holding a 1 and a 0, each input a run of
  zeros and of ones, all inputs equal) plus the unit's own.
* :func:`compare`: the model (:mod:`golden.sc.units`) on the observed inputs, every output compared with the
  RTL on every cycle, the first mismatches described.
* the pyuvm testbench (TinyALU layering)::

      ReplaySeq (plays the stimulus in bursts) -> sequencer -> Driver (drives each cycle on the falling edge)
      DUT -> Monitor (samples inputs and registered outputs after each rising edge) -> analysis port
          -> Scoreboard (model over the observed trace in extract_phase: every output of every cycle,
             coverage, results JSON) ; StreamTest checks mismatches == 0 and coverage closure

  A unit's test module subclasses :class:`StreamTest` with ``SPEC`` set and decorates it with
  ``@pyuvm.test()``. Environment: ``NRN_CYCLES``, ``NRN_SEED``, ``NRN_RESULTS`` (see ``verif/common/bench.py``),
  ``NRN_INJECT`` (name of a deliberately wrong model of ``SPEC.injections``, to prove the scoreboard fails).
* :func:`summarize` and :func:`plot` for ``make sim MODEL=<short>``; :func:`run_clean`, :func:`run_injected`
  and :func:`run_mutant` for the pytest entry points.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
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

from golden.sc.units import Port, StreamUnit
from verif.common.bench import env_int, mutate, run_unit, write_results

KINDS = ("independent", "shared", "equal", "const", "extreme")
DEFAULT_WEIGHTS = (0.3, 0.2, 0.15, 0.2, 0.15)
EXTREME_PS = (0.0, 1.0, 1 / 64, 63 / 64, 0.5)
SEGMENT = (16, 1024)  # cycles per stimulus segment
EN_PROBS = (1.0, 0.97, 0.5, 0.1, 0.0)
EN_WEIGHTS = (0.4, 0.25, 0.15, 0.1, 0.1)
RESET_RATE = 1e-4  # per cycle (at least 20 resets per run, whatever its length)
RUN = 64  # length of the zero / full-scale / equal runs the coverage asks for
SHOW_MISMATCHES = 8


@dataclass(frozen=True)
class StreamSpec:
    """What differs between the stream cells' verifications; the rest is in this module."""

    key: str  # RTL module
    model: type[StreamUnit]
    corners: Callable[[Trace], dict[str, Any]]  # unit-specific bins: name -> bool mask or count
    deep_minimums: dict[str, int]  # minimum hits per bin in a 10M-cycle deep check (cocotb: every bin >= 1)
    injections: dict[str, Callable[[StreamUnit], StreamUnit]]  # NRN_INJECT name -> wrong model
    mutants: dict[str, tuple[str, str]]  # name -> (text in rtl/sc/<key>.sv, replacement)
    weights: tuple[float, ...] = DEFAULT_WEIGHTS  # of KINDS
    shared_sorted: bool = False  # shared segments: P(first input) <= P(second) <= ...
    bipolar: bool = False  # for the plot's axis
    # for the plot: the ideal output from the inputs' running means (unipolar probabilities), given the model
    ideal: Callable[[dict[str, np.ndarray], StreamUnit], np.ndarray] | None = None
    cocotb_cycles: int = 20_000  # the pytest clean run
    alt_params: dict[str, dict[str, int]] = field(default_factory=dict)  # other parameter sets worth a run
    invariants: Callable[[Trace], list[str]] | None = None  # structural checks of a trace (failures as text)


# ---------------------------------------------------------------------------------------------------------
# stimulus


def _pick(rng: np.random.Generator, values: Any, size: int, p: Any = None) -> np.ndarray:
    values = np.asarray(values)
    if p is None:
        return values[rng.integers(0, values.size, size=size)]
    cum = np.cumsum(np.asarray(p, dtype=float))
    return values[np.minimum(np.searchsorted(cum / cum[-1], rng.random(size), side="right"), values.size - 1)]


def _segments(rng: np.random.Generator, n: int, weights: Any) -> tuple[np.ndarray, np.ndarray]:
    """Lengths (summing to n) and kinds (indices of ``weights``) of consecutive segments."""
    lo, hi = SEGMENT
    lengths = rng.integers(lo, hi + 1, size=n // lo + 1)
    k = int(np.searchsorted(np.cumsum(lengths), n)) + 1
    lengths = lengths[:k].copy()
    lengths[-1] -= int(lengths.sum()) - n
    return lengths, _pick(rng, np.arange(len(weights)), k, weights)


def stimulus(spec: StreamSpec, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """``n`` cycles of stimulus for ``spec``'s cell: every input, ``en`` and ``rst`` as uint8 arrays."""
    if n < 1:
        raise ValueError(f"cycles must be >= 1, got {n}")
    inputs = spec.model.INPUTS
    lengths, kinds = _segments(rng, n, spec.weights)
    k = kinds.size
    probs = rng.random((len(inputs), k))
    if spec.shared_sorted:
        sh = kinds == KINDS.index("shared")
        probs[:, sh] = np.sort(probs[:, sh], axis=0)
    eq = kinds == KINDS.index("equal")
    probs[:, eq] = probs[0, eq]
    cst = kinds == KINDS.index("const")
    probs[:, cst] = rng.integers(0, 2, size=(len(inputs), int(cst.sum())))
    ext = kinds == KINDS.index("extreme")
    probs[:, ext] = _pick(rng, EXTREME_PS, len(inputs) * int(ext.sum())).reshape(len(inputs), -1)
    common = rng.random(n, dtype=np.float32)
    use_common = np.repeat((kinds == KINDS.index("shared")) | (kinds == KINDS.index("equal")), lengths)
    out = {}
    for i, name in enumerate(inputs):
        r = rng.random(n, dtype=np.float32)
        np.copyto(r, common, where=use_common)  # own numbers unless shared
        out[name] = np.less(r, np.repeat(probs[i].astype(np.float32), lengths)).view(np.uint8)
    en_len, en_kind = _segments(rng, n, EN_WEIGHTS)
    r = rng.random(n, dtype=np.float32)
    out["en"] = np.less(r, np.repeat(np.asarray(EN_PROBS, np.float32)[en_kind], en_len)).view(np.uint8)
    rst = rng.random(n, dtype=np.float32) < max(RESET_RATE, 20.0 / n)
    pulses = np.flatnonzero(rst[:-1])
    rst[pulses[rng.random(pulses.size) < 0.2] + 1] = True  # one pulse in five lasts two cycles
    rst[0] = True
    out["rst"] = rst.view(np.uint8)
    return out


# ---------------------------------------------------------------------------------------------------------
# the trace, its coverage and the comparison


@dataclass
class Trace:
    """One run: the stimulus as observed, the model's outputs after every edge, and derived masks."""

    model: StreamUnit
    stim: Mapping[str, np.ndarray]
    out: Mapping[str, np.ndarray]

    @cached_property
    def n(self) -> int:
        return int(np.asarray(self.stim["rst"]).size)

    @cached_property
    def rst(self) -> np.ndarray:
        return np.asarray(self.stim["rst"]) != 0

    @cached_property
    def en(self) -> np.ndarray:
        return np.asarray(self.stim["en"]) != 0

    @cached_property
    def live(self) -> np.ndarray:
        """Cycles that consume a stream bit (enabled, reset released)."""
        return self.en & ~self.rst

    @cached_property
    def hold(self) -> np.ndarray:
        return ~self.en & ~self.rst

    @cached_property
    def rst_edge(self) -> np.ndarray:
        return self.rst & ~np.concatenate(([True], self.rst[:-1]))

    def x(self, name: str) -> np.ndarray:
        """An input stream (0/1, as observed)."""
        return np.asarray(self.stim[name])

    def before(self, name: str) -> np.ndarray:
        """Model value of an output (or trace) DURING each cycle, i.e. after the previous edge."""
        port = {p.name: p for p in self.model.ports}[name]
        a = np.asarray(self.out[name])
        return np.concatenate((np.asarray([port.reset], a.dtype), a[:-1]))

    @cached_property
    def _live_idx(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices of the live cycles and the reset segment each one is in (cumulative resets before it)."""
        idx = np.flatnonzero(self.live).astype(self._int)
        return idx, np.cumsum(self.rst, dtype=self._int)[idx]

    @cached_property
    def _int(self) -> type:
        """Index dtype: 32 bits while they suffice (these arrays are 10M long; narrow ones are much faster)."""
        return np.int32 if self.n < 2**31 else np.int64

    def live_run(self, cond: np.ndarray, k: int = RUN) -> np.ndarray:
        """Mask of the live cycles that end a run of ``k`` consecutive live cycles (enable-low cycles skipped,
        resets break the run) all satisfying ``cond``."""
        idx, seg = self._live_idx
        cs = np.zeros(idx.size + 1, self._int)
        np.cumsum(np.asarray(cond)[idx], out=cs[1:])
        mask = np.zeros(self.n, np.bool_)
        if idx.size >= k:
            mask[idx[k - 1:]] = ((cs[k:] - cs[:-k]) == k) & (seg[k - 1:] == seg[: idx.size - k + 1])
        return mask

    @cached_property
    def since_reset(self) -> np.ndarray:
        """Live cycles since the last reset, counted BEFORE each cycle (the position in the stream)."""
        lc = np.zeros(self.n + 1, self._int)
        np.cumsum(self.live, out=lc[1:])
        start = np.zeros(self.n, self._int)  # the first cycle after the last reset (0 before any)
        np.copyto(start[1:], np.arange(1, self.n, dtype=self._int), where=self.rst[:-1])
        np.maximum.accumulate(start, out=start)
        return np.subtract(lc[:-1], lc[start], out=start)


def _count(v: Any) -> int:
    return int(np.count_nonzero(v)) if isinstance(v, np.ndarray) else int(v)


def generic_corners(tr: Trace) -> dict[str, int]:
    """Bins every stream cell must hit: reset mid-run (with live cycles since the previous reset), a reset
    clearing a 1, enable low holding a 1 and a 0 (the first output), runs of zeros and ones of every input,
    and (two or more inputs) runs where every input is the same stream with both values in it."""
    first = tr.model.outputs[0].name
    prev = tr.before(first)
    out = {
        "reset_mid_run": tr.rst_edge & (tr.since_reset > 0),
        "reset_clears_one": tr.rst & (prev != 0),
        "hold_one": tr.hold & (prev != 0),
        "hold_zero": tr.hold & (prev == 0),
    }
    for name in tr.model.INPUTS:
        x = tr.x(name)
        out[f"{name}_zero_run"] = tr.live_run(x == 0)
        out[f"{name}_full_run"] = tr.live_run(x == 1)
    if len(tr.model.INPUTS) > 1:
        xs = [tr.x(k) for k in tr.model.INPUTS]
        equal = xs[1] == xs[0]
        for x in xs[2:]:
            equal &= x == xs[0]
        run = tr.live_run(equal)
        idx = tr._live_idx[0]  # both values inside the run: some ones among its last RUN live bits
        ones = np.zeros(idx.size + 1, tr._int)
        np.cumsum(xs[0][idx], out=ones[1:])
        j = np.arange(1, idx.size + 1)
        k1 = ones[j] - ones[np.maximum(j - RUN, 0)]
        both = np.zeros(tr.n, np.bool_)
        both[idx] = run[idx] & (k1 > 0) & (k1 < RUN)
        out["inputs_equal_run"] = both
    return {k: _count(v) for k, v in out.items()}


def corners(spec: StreamSpec, tr: Trace) -> dict[str, int]:
    return {**generic_corners(tr), **{k: _count(v) for k, v in spec.corners(tr).items()}}


def dtype_of(port: Port) -> str:
    """Column dtype of an output in the deep-check files (and the C++ harness): one byte for a bit, four for
    a word (whatever its width parameter, so that one harness serves every parameter set)."""
    return "u1" if port.width == 1 else "<u4"


@dataclass
class Comparison:
    mismatches: int
    first: list[dict[str, int]]
    out: dict[str, np.ndarray]  # the model's outputs and traces after every edge
    bad: np.ndarray = field(repr=False)  # indices of mismatching cycles


def run_model(model: StreamUnit, stim: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The model's outputs and traces after every edge, for the stimulus (inputs, en, rst)."""
    return model.run(en=stim["en"], rst=stim["rst"], **{k: stim[k] for k in model.INPUTS})


def compare(model: StreamUnit, stim: Mapping[str, np.ndarray], rtl: Mapping[str, np.ndarray],
            out: dict[str, np.ndarray] | None = None) -> Comparison:
    """Compare every output of ``rtl`` with the model (run on the stimulus unless ``out`` is its result) on
    every cycle."""
    out = run_model(model, stim) if out is None else out
    n = int(np.asarray(stim["rst"]).size)
    bad_mask = np.zeros(n, np.bool_)
    for p in model.outputs:
        r = np.asarray(rtl[p.name])
        if r.size != n:
            raise ValueError(f"RTL output {p.name} has {r.size} cycles, the stimulus {n}")
        bad_mask |= r.astype(np.int64) != out[p.name]
    bad = np.flatnonzero(bad_mask)
    first = []
    for t in bad[:SHOW_MISMATCHES]:
        row = {"cycle": int(t), "rst": int(stim["rst"][t]), "en": int(stim["en"][t])}
        row.update({k: int(stim[k][t]) for k in model.INPUTS})
        for p in model.ports:
            if p.internal:
                row[f"model_{p.name}_before"] = int(out[p.name][t - 1]) if t else p.reset
        for p in model.outputs:
            row[f"rtl_{p.name}"] = int(rtl[p.name][t])
            row[f"model_{p.name}"] = int(out[p.name][t])
        first.append(row)
    return Comparison(int(bad.size), first, out, bad)


# ---------------------------------------------------------------------------------------------------------
# pyuvm testbench


class StreamItem(uvm_sequence_item):
    """A burst of consecutive cycles of stimulus: per cycle (rst, en, input bits in ``INPUTS`` order), rst = 1
    meaning rst_ni low. A burst instead of one item per cycle keeps the sequencer handshake off the per-cycle
    path (the driver still drives, and the monitor still samples, every cycle)."""

    def __init__(self, name: str = "stream_item", rows: list[tuple[int, ...]] | None = None):
        super().__init__(name)
        self.rows = rows or []

    def __str__(self) -> str:
        return f"{len(self.rows)} cycles, first {self.rows[:1]}"


class ReplaySeq(uvm_sequence):
    """Plays the generated stimulus (see :func:`stimulus`) in bursts of ``BURST`` cycles."""

    BURST = 256

    async def body(self) -> None:
        stim, inputs = ConfigDB().get(None, "", "STIM"), ConfigDB().get(None, "", "INPUTS")
        rows = list(zip(*(stim[k].tolist() for k in ("rst", "en", *inputs)), strict=True))
        for i in range(0, len(rows), self.BURST):
            item = StreamItem("burst", rows[i:i + self.BURST])
            await self.start_item(item)
            await self.finish_item(item)


class Driver(uvm_driver):
    """Drives one cycle of the burst per falling edge: rst_ni, en_i and the stream inputs."""

    def connect_phase(self) -> None:
        dut = ConfigDB().get(self, "", "DUT")
        self.sigs = [dut.rst_ni, dut.en_i, *(getattr(dut, f"{k}_i") for k in ConfigDB().get(self, "", "INPUTS"))]
        self.clk = dut.clk_i

    async def run_phase(self) -> None:
        from cocotb.triggers import FallingEdge

        sigs, falling = self.sigs, FallingEdge(self.clk)
        while True:
            item = await self.seq_item_port.get_next_item()
            for row in item.rows:
                await falling
                sigs[0].value = 1 - row[0]
                for sig, b in zip(sigs[1:], row[1:], strict=True):
                    sig.value = b
            self.seq_item_port.item_done()


class Monitor(uvm_component):
    """After every rising edge: (rst, en, input bits..., outputs...) as seen on the pins."""

    def build_phase(self) -> None:
        self.ap = uvm_analysis_port("ap", self)

    def connect_phase(self) -> None:
        dut = ConfigDB().get(self, "", "DUT")
        model = ConfigDB().get(self, "", "MODEL")
        self.clk = dut.clk_i
        self.sigs = [dut.rst_ni, dut.en_i, *(getattr(dut, f"{k}_i") for k in model.INPUTS),
                     *(getattr(dut, f"{p.name}_o") for p in model.outputs)]

    async def run_phase(self) -> None:
        from cocotb.triggers import ReadOnly, RisingEdge

        sigs, rising, read_only = self.sigs, RisingEdge(self.clk), ReadOnly()
        while True:
            await rising
            await read_only
            self.ap.write(tuple(int(s.value) for s in sigs))


class Scoreboard(uvm_subscriber):
    """Collects the observed cycles; in extract_phase runs the model over them and compares every output of
    every cycle, then counts the coverage bins."""

    def build_phase(self) -> None:
        self.rows: list[tuple[int, ...]] = []

    def write(self, row: tuple[int, ...]) -> None:
        self.rows.append(row)

    def extract_phase(self) -> None:
        spec: StreamSpec = ConfigDB().get(self, "", "SPEC")
        model: StreamUnit = ConfigDB().get(self, "", "MODEL")
        checker: StreamUnit = ConfigDB().get(self, "", "CHECKER")  # the model, or an injected wrong one
        t0 = time.perf_counter()
        a = np.asarray(self.rows, dtype=np.int64).reshape(-1, 2 + len(model.INPUTS) + len(model.outputs))
        self.rows = []
        stim = {"rst": 1 - a[:, 0], "en": a[:, 1], **{k: a[:, 2 + i] for i, k in enumerate(model.INPUTS)}}
        base = 2 + len(model.INPUTS)
        rtl = {p.name: a[:, base + i] for i, p in enumerate(model.outputs)}
        cmp = compare(checker, stim, rtl)
        for row in cmp.first:
            self.logger.error(f"MISMATCH {row}")
        out = cmp.out if checker is model else run_model(model, stim)
        tr = Trace(model, stim, out)
        self.result = {"stim": stim, "rtl": rtl, "cmp": cmp, "coverage": corners(spec, tr),
                       "failures": spec.invariants(tr) if spec.invariants else [],
                       "check_s": time.perf_counter() - t0}


class Env(uvm_env):
    def build_phase(self) -> None:
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = Driver("driver", self)
        self.monitor = Monitor("monitor", self)
        self.scoreboard = Scoreboard("scoreboard", self)

    def connect_phase(self) -> None:
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)
        self.monitor.ap.connect(self.scoreboard.analysis_export)


def dut_params(dut: Any, model: type[StreamUnit]) -> dict[str, int]:
    """The DUT's parameters, read back from the simulator (never re-declared in the testbench)."""
    return {name: int(getattr(dut, name).value) for name in model.RTL_PARAMS}


class StreamTest(uvm_test):
    """Stimulus from :func:`stimulus`, scoreboard on every cycle, coverage closure required. Subclass with
    ``SPEC`` set and decorate with ``@pyuvm.test()`` in the unit's test module."""

    SPEC: StreamSpec

    def build_phase(self) -> None:
        import cocotb

        spec = self.SPEC
        self.dut = dut = cocotb.top
        self.seed, self.cycles = env_int("NRN_SEED", 1), env_int("NRN_CYCLES", 100_000)
        self.params = dut_params(dut, spec.model)
        self.model = spec.model.from_rtl(self.params)
        inject = os.environ.get("NRN_INJECT", "")
        if inject and inject not in spec.injections:
            raise ValueError(f"NRN_INJECT must be '' or one of {list(spec.injections)}, got {inject!r}")
        checker = spec.injections[inject](self.model) if inject else self.model
        self.stim = stimulus(spec, np.random.default_rng(self.seed), self.cycles)
        for key, value in (("DUT", dut), ("SPEC", spec), ("MODEL", self.model), ("CHECKER", checker),
                           ("INPUTS", spec.model.INPUTS), ("STIM", self.stim)):
            ConfigDB().set(None, "*", key, value)
        self.env = Env("env", self)

    async def run_phase(self) -> None:
        import cocotb
        from cocotb.clock import Clock
        from cocotb.triggers import ClockCycles

        self.raise_objection()
        dut = self.dut
        dut.rst_ni.value = 0
        dut.en_i.value = 0
        for k in self.SPEC.model.INPUTS:
            getattr(dut, f"{k}_i").value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        t0 = time.perf_counter()
        await ReplaySeq("replay").start(self.env.seqr)
        self.wall = time.perf_counter() - t0
        await ClockCycles(dut.clk_i, 2)  # the monitor sees the last driven cycle
        self.drop_objection()

    def extract_phase(self) -> None:
        r = self.env.scoreboard.result
        cmp: Comparison = r["cmp"]
        cov = r["coverage"]
        self.missed = [k for k, v in cov.items() if v == 0]
        n_probe = 4000
        probe = {k: np.asarray(v[:n_probe]).tolist() for k, v in {**r["stim"], **r["rtl"]}.items()}
        probe.update({f"model_{p.name}": cmp.out[p.name][:n_probe].tolist() for p in self.model.ports})
        self.results = {
            "unit": self.SPEC.key, "seed": self.seed, "cycles": int(r["stim"]["rst"].size),
            "stimulus_cycles": self.cycles, "mismatches": cmp.mismatches, "first_mismatches": cmp.first,
            "coverage": cov, "coverage_missed": self.missed, "failures": r["failures"], "params": self.params,
            "inject": os.environ.get("NRN_INJECT", ""), "wall_s": round(self.wall, 3),
            "check_s": round(r["check_s"], 3),
            "cycles_per_s": round(self.cycles / self.wall) if self.wall > 0 else None, "probe": probe,
        }
        write_results(self.results)
        self.logger.info(f"{self.SPEC.key}: cycles={self.results['cycles']} mismatches={cmp.mismatches} "
                         f"coverage={len(cov) - len(self.missed)}/{len(cov)} seed={self.seed} "
                         f"({self.results['cycles_per_s']} cycles/s through pyuvm)")

    def check_phase(self) -> None:
        res = self.results
        assert res["cycles"] >= self.cycles, f"only {res['cycles']} of {self.cycles} cycles were checked"
        assert res["mismatches"] == 0, f"{res['mismatches']} mismatches between {self.SPEC.key} and the model"
        assert not self.missed, f"coverage holes: {self.missed}"
        assert not res["failures"], res["failures"]


# ---------------------------------------------------------------------------------------------------------
# make sim: summary and plot


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    return [
        f"cycles checked : {res['cycles']} (every output, every cycle)",
        f"mismatches     : {res['mismatches']}",
        f"coverage       : {hit}/{len(cov)} bins hit" + (f"; MISSED {res['coverage_missed']}"
                                                        if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params'] or '(none)'}",
        f"pyuvm loop     : {res['cycles_per_s']} cycles/s (sequence -> driver -> DUT -> monitor); model, "
        f"compare and coverage {res['check_s']} s",
    ]


def plot(spec: StreamSpec, res: dict, path: Path | str) -> None:
    """Running means (over 64 live cycles) of every input and output stream over the probed cycles; the
    multi-bit count of sc_counter is plotted as count / 2^WindowLog2 at its valid pulses."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pr = {k: np.asarray(v) for k, v in res["probe"].items()}
    model = spec.model.from_rtl(res["params"])
    live = (pr["en"] == 1) & (pr["rst"] == 0)
    t = np.flatnonzero(live)
    k = 64
    fig, ax = plt.subplots(figsize=(10, 4.5))

    def mean(name: str) -> np.ndarray:
        b = pr[name][t].astype(float)
        return np.convolve(b, np.ones(k) / k, mode="valid") if b.size >= k else np.zeros(0)

    def running(name: str, style: dict) -> None:
        m = mean(name)
        if m.size:
            ax.plot(t[k - 1:], 2 * m - 1 if spec.bipolar else m, **style)

    for name in model.INPUTS:
        running(name, {"lw": 0.9, "alpha": 0.7, "label": f"{name}_i"})
    if spec.ideal is not None and t.size >= k:
        ideal = spec.ideal({name: mean(name) for name in model.INPUTS}, model)
        ax.plot(t[k - 1:], 2 * ideal - 1 if spec.bipolar else ideal, ls="--", lw=1.2, color="tab:green",
                label="ideal, from the inputs' running means")
    for p in model.outputs:
        if p.width == 1 and p.held:
            running(p.name, {"lw": 1.6, "color": "k", "label": f"{p.name}_o (RTL)"})
        elif p.width > 1:
            v = np.flatnonzero(pr.get("valid", np.zeros(0)) == 1)
            ax.plot(v, pr[p.name][v] / (1 << (p.width - 1)), "o", ms=3, color="k",
                    label=f"{p.name}_o / 2^{p.width - 1} at valid_o (RTL)")
    for r in np.flatnonzero(pr["rst"] == 1):
        ax.axvline(r, color="tab:red", lw=0.6, alpha=0.5)
    ax.set_xlabel("cycle (red: reset)")
    ax.set_ylabel(("bipolar value" if spec.bipolar else "probability") + f" (running mean of {k} live bits)")
    params = ", ".join(f"{k}={v}" for k, v in res["params"].items())
    ax.set_title(f"{spec.key}{f' ({params})' if params else ''}: RTL vs inputs, seed {res['seed']}")
    ax.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest helpers


def run_clean(spec: StreamSpec, tmp_path: Path, seed: int, cycles: int | None = None,
              parameters: dict | None = None) -> dict:
    """A clean run must pass: no mismatch, every bin hit, the parameters read back from the DUT."""
    cycles = cycles or spec.cocotb_cycles
    res = run_unit(spec.key, tmp_path, cycles, seed, parameters=parameters)
    assert res["cycles"] >= cycles
    assert res["mismatches"] == 0, res["first_mismatches"]
    assert res["coverage_missed"] == [], res["coverage"]
    for name, value in (parameters or {}).items():
        assert res["params"][name] == value
    assert not res["failed_tests"], res["failed_tests"]
    return res


def run_injected(spec: StreamSpec, tmp_path: Path, inject: str, seed: int, cycles: int = 5_000) -> dict:
    """The scoreboard with a deliberately wrong model must report mismatches and fail the cocotb test."""
    res = run_unit(spec.key, tmp_path, cycles, seed, env={"NRN_INJECT": inject})
    assert res["mismatches"] > 0, f"wrong model {inject!r} not caught"
    assert res["failed_tests"], "the cocotb test must fail when the scoreboard sees mismatches"
    return res


def run_mutant(spec: StreamSpec, tmp_path: Path, mutant: str, seed: int, cycles: int = 5_000) -> dict:
    """The scoreboard on a mutated copy of the RTL must report mismatches and fail."""
    from verif.common.rtl import sources

    old, new = spec.mutants[mutant]
    files = sources(spec.key)
    res = run_unit(spec.key, tmp_path, cycles, seed, rtl_files=[*files[:-1], mutate(files[-1], tmp_path, old, new)])
    assert res["mismatches"] > 0, f"mutant {mutant!r} ({old!r} -> {new!r}) not caught"
    assert res["failed_tests"]
    return res
