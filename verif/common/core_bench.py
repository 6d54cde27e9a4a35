"""A pyuvm testbench for any neuron core, built from a declaration of the core (:class:`CoreSpec`).

A core's testbench module (``verif/<key>/test_<key>.py``) declares its ports, its bit-true model, its corner
classifier and its stimulus sequences, then calls :func:`make_test` (the cocotb/pyuvm test) and
:func:`make_pytests` (the pytest entry points). The layers are the usual ones:

    sequences (constrained random segments, directed corners aimed with a predictor model, resets)
      -> sequencer -> driver (inputs and rst_ni set on the falling edge) -> DUT
      -> monitor (every input and output port after each rising edge, ReadOnly)
      -> scoreboard (the bit-true model, its parameters READ BACK from the DUT, every output every cycle)
      -> coverage (corner bins; a bin never hit fails the test)

The bit-true model object (``CoreSpec.make_model(rtl_params)``) provides ``step(*inputs) -> tuple`` (the
registered outputs after the clock edge, in the order of ``CoreSpec.outputs``), ``outputs() -> tuple`` (the
registered outputs now, e.g. right after a reset), ``reset_state()`` (the asynchronous reset) and
``get_state() -> dict``.

A sequence is a plain async function ``async def seq(s: Seq)`` using ``s.rng``, ``s.i(lo, hi)``,
``s.pred`` (a predictor: the model advanced with everything sent so far), ``await s.send(*inputs)`` and
``await s.reset()``. Environment: ``NRN_CYCLES``, ``NRN_SEED``, ``NRN_RESULTS``, ``NRN_TRACE``,
``NRN_INJECT=<name>`` (gives the scoreboard a deliberately wrong model, to prove that it can fail).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from verif.common.bench import env_int, signed32, write_results


@dataclass(frozen=True)
class Port:
    """One data port of a core: RTL name (``*_i`` / ``*_o``), width in bits, signedness."""

    name: str
    width: int
    signed: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.width <= 64:
            raise ValueError(f"port {self.name}: width must be in [1, 64], got {self.width}")

    @property
    def key(self) -> str:
        """The name without its direction suffix (the column name of traces and deep-check files)."""
        return self.name.removesuffix("_i").removesuffix("_o")

    @property
    def lo(self) -> int:
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def hi(self) -> int:
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    @property
    def dtype(self) -> str:
        """The smallest numpy dtype that holds every value of the port."""
        size = next(b for b in (8, 16, 32, 64) if self.width <= b)
        return f"{'<i' if self.signed else '<u'}{size // 8}" if size > 8 else ("i1" if self.signed else "u1")

    def from_raw(self, raw: int) -> int:
        """The port's value from its bit pattern (sign-extended when signed)."""
        raw &= (1 << self.width) - 1
        return raw - (1 << self.width) if self.signed and raw >> (self.width - 1) else raw


Sequence_ = Callable[["Seq"], Awaitable[None]]


@dataclass(frozen=True)
class CoreSpec:
    """Everything the generic bench needs to know about one core."""

    unit: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    params: Mapping[str, int]  # the RTL parameter names and their defaults (what make sim runs)
    make_model: Callable[[dict[str, int]], Any]  # RTL parameters -> bit-true model object
    cover_bins: tuple[str, ...]
    classify: Callable[[Any, tuple[int, ...]], Mapping[str, bool]]  # (model before the step, inputs) -> corners
    sequences: tuple[tuple[Sequence_, float], ...]  # (sequence, weight) drawn at random until the cycles are sent
    plot_sequence: Sequence_ | None = None  # a readable segment run right after the first reset
    out_bins: Callable[[tuple[int, ...]], Iterable[str]] = lambda out: ()  # bins from the outputs of a step
    bins_for: Callable[[dict[str, int]], Iterable[str]] | None = None  # the bins the parameters make reachable
    injections: Mapping[str, Callable[[dict[str, int]], dict[str, int]]] = field(default_factory=dict)
    clock: str = "clk_i"
    reset: str = "rst_ni"
    description: str = ""

    def required_bins(self, params: dict[str, int]) -> tuple[str, ...]:
        if self.bins_for is None:
            return (*self.cover_bins, "reset_mid_run")
        allowed = set(self.bins_for(params))
        return tuple(b for b in (*self.cover_bins, "reset_mid_run") if b in allowed or b == "reset_mid_run")


# ---------------------------------------------------------------------------------------------------------
# the pyuvm components (built per spec by make_test)


@dataclass
class Observed:
    cycle: int
    rst_n: int
    inputs: tuple[int, ...]
    outputs: tuple[int, ...]


class Seq:
    """What a sequence function sees: the stimulus state and ``send`` / ``reset``."""

    def __init__(self, spec: CoreSpec, seed: int, params: dict[str, int], cycles: int):
        self.spec = spec
        self.rng = np.random.default_rng(seed)
        self.pred = spec.make_model(params)
        self.params = params
        self.cycles = cycles
        self.sent = 0
        self._uvm_seq: Any = None

    def i(self, lo: int, hi: int) -> int:
        """A uniform integer in [lo, hi]."""
        return int(self.rng.integers(lo, hi + 1))

    def rand_input(self, k: int = 0) -> int:
        p = self.spec.inputs[k]
        return self.i(p.lo, p.hi)

    @property
    def done(self) -> bool:
        return self.sent >= self.cycles

    async def send(self, *inputs: int) -> None:
        """Drive one clock cycle with ``inputs`` (clipped to each port's range) and advance the predictor."""
        vals = tuple(int(np.clip(int(x), p.lo, p.hi)) for x, p in zip(inputs, self.spec.inputs, strict=True))
        await self._item(1, vals)
        self.pred.step(*vals)

    async def reset(self, cycles: int = 1) -> None:
        """Hold rst_ni low for ``cycles`` cycles (random inputs on the ports meanwhile)."""
        for _ in range(cycles):
            await self._item(0, tuple(self.rand_input(k) for k in range(len(self.spec.inputs))))
            self.pred.reset_state()

    async def _item(self, rst_n: int, vals: tuple[int, ...]) -> None:
        from pyuvm import uvm_sequence_item

        item = uvm_sequence_item("item")
        item.rst_n, item.vals = rst_n, vals
        await self._uvm_seq.start_item(item)
        await self._uvm_seq.finish_item(item)
        self.sent += 1


def make_test(spec: CoreSpec):
    """The pyuvm test of ``spec`` (assign it to a module-level name so that cocotb finds it)."""
    import cocotb
    from pyuvm import (
        ConfigDB,
        uvm_analysis_port,
        uvm_component,
        uvm_driver,
        uvm_env,
        uvm_root,
        uvm_sequence,
        uvm_sequencer,
        uvm_subscriber,
        uvm_test,
    )

    class TopSeq(uvm_sequence):
        async def body(self) -> None:
            s: Seq = ConfigDB().get(None, "", "SEQ")
            s._uvm_seq = self
            await s.reset(s.i(1, 3))
            if spec.plot_sequence is not None:
                await spec.plot_sequence(s)
            fns = [f for f, _ in spec.sequences]
            w = np.array([wt for _, wt in spec.sequences], dtype=float)
            w /= w.sum()
            while not s.done:
                await fns[int(s.rng.choice(len(fns), p=w))](s)

    class Driver(uvm_driver):
        def connect_phase(self) -> None:
            self.dut = ConfigDB().get(self, "", "DUT")

        async def run_phase(self) -> None:
            from cocotb.triggers import FallingEdge

            dut = self.dut
            clk = getattr(dut, spec.clock)
            while True:
                item = await self.seq_item_port.get_next_item()
                await FallingEdge(clk)
                getattr(dut, spec.reset).value = item.rst_n
                for p, v in zip(spec.inputs, item.vals, strict=True):
                    getattr(dut, p.name).value = v & ((1 << p.width) - 1)
                self.seq_item_port.item_done()

    class Monitor(uvm_component):
        def build_phase(self) -> None:
            self.ap = uvm_analysis_port("ap", self)

        def connect_phase(self) -> None:
            self.dut = ConfigDB().get(self, "", "DUT")

        async def run_phase(self) -> None:
            from cocotb.triggers import ReadOnly, RisingEdge

            dut = self.dut
            clk = getattr(dut, spec.clock)
            cycle = 0
            while True:
                await RisingEdge(clk)
                await ReadOnly()
                ins = tuple(p.from_raw(int(getattr(dut, p.name).value)) for p in spec.inputs)
                outs = tuple(p.from_raw(int(getattr(dut, p.name).value)) for p in spec.outputs)
                self.ap.write(Observed(cycle, int(getattr(dut, spec.reset).value), ins, outs))
                cycle += 1

    class Coverage(uvm_subscriber):
        def build_phase(self) -> None:
            self.hits: Counter[str] = Counter({b: 0 for b in (*spec.cover_bins, "reset_mid_run")})
            self.ran = False

        def write(self, rec) -> None:
            obs, corners, outs = rec
            if not obs.rst_n:
                self.hits["reset_mid_run"] += self.ran
                return
            self.ran = True
            for k, v in corners.items():
                if k not in self.hits:
                    raise KeyError(f"classify() returned bin {k!r}, not in cover_bins of {spec.unit}")
                self.hits[k] += bool(v)
            for k in spec.out_bins(outs):
                if k not in self.hits:
                    raise KeyError(f"out_bins() returned bin {k!r}, not in cover_bins of {spec.unit}")
                self.hits[k] += 1

    class Scoreboard(uvm_subscriber):
        def build_phase(self) -> None:
            self.cov_ap = uvm_analysis_port("cov_ap", self)
            self.mismatches = 0
            self.first: list[dict] = []
            self.cycles = 0
            self.active = Counter()
            keys = [p.key for p in spec.inputs] + [f"{p.key}_{w}" for p in spec.outputs for w in ("rtl", "model")]
            self.trace: dict[str, list[int]] = {k: [] for k in (*keys, "rst_n")}

        def connect_phase(self) -> None:
            params = dict(ConfigDB().get(self, "", "PARAMS"))
            inject = os.environ.get("NRN_INJECT", "")
            if inject:
                if inject not in spec.injections:
                    raise ValueError(f"NRN_INJECT must be '' or one of {sorted(spec.injections)}, got {inject!r}")
                params = spec.injections[inject](params)
            self.model = spec.make_model(params)
            self.trace_len = env_int("NRN_TRACE", 2000)

        def write(self, obs: Observed) -> None:
            m = self.model
            pre = m.get_state()
            corners = spec.classify(m, obs.inputs) if obs.rst_n else {}
            if obs.rst_n:
                want = tuple(int(x) for x in m.step(*obs.inputs))
            else:
                m.reset_state()
                want = tuple(int(x) for x in m.outputs())
            self.cycles += 1
            for p, v in zip(spec.outputs, obs.outputs, strict=True):
                self.active[p.key] += v != 0
            if want != obs.outputs:
                self.mismatches += 1
                if len(self.first) < 10:
                    rec = {"cycle": obs.cycle, "rst_n": obs.rst_n, "inputs": list(obs.inputs),
                           "rtl": list(obs.outputs), "model": list(want), "model_state_before": _plain(pre)}
                    self.first.append(rec)
                    self.logger.error(f"MISMATCH {rec}")
            if len(self.trace["rst_n"]) < self.trace_len:
                self.trace["rst_n"].append(obs.rst_n)
                for p, v in zip(spec.inputs, obs.inputs, strict=True):
                    self.trace[p.key].append(v)
                for p, r, w in zip(spec.outputs, obs.outputs, want, strict=True):
                    self.trace[f"{p.key}_rtl"].append(r)
                    self.trace[f"{p.key}_model"].append(w)
            self.cov_ap.write((obs, corners, want))

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

    class CoreTest(uvm_test):
        def build_phase(self) -> None:
            import cocotb

            dut = cocotb.top
            self.dut = dut
            self.seed = env_int("NRN_SEED", 1)
            self.cycles = env_int("NRN_CYCLES", 100_000)
            self.params = {k: signed32(int(getattr(dut, k).value)) for k in spec.params}
            ConfigDB().set(None, "*", "DUT", dut)
            ConfigDB().set(None, "*", "PARAMS", self.params)
            ConfigDB().set(None, "*", "SEQ", Seq(spec, self.seed, self.params, self.cycles))
            self.env = Env("env", self)

        async def run_phase(self) -> None:
            import cocotb
            from cocotb.clock import Clock
            from cocotb.triggers import ClockCycles

            self.raise_objection()
            dut = self.dut
            clk = getattr(dut, spec.clock)
            getattr(dut, spec.reset).value = 0
            for p in spec.inputs:
                getattr(dut, p.name).value = 0
            cocotb.start_soon(Clock(clk, 10, unit="ns").start())
            await ClockCycles(clk, 1)
            await TopSeq("top").start(self.env.seqr)
            await ClockCycles(clk, 2)
            self.drop_objection()

        def _missed(self) -> list[str]:
            return [b for b in spec.required_bins(self.params) if self.env.coverage.hits[b] == 0]

        def extract_phase(self) -> None:
            sb, cov = self.env.scoreboard, self.env.coverage
            missed = self._missed()
            bins = spec.required_bins(self.params)
            write_results({
                "unit": spec.unit, "seed": self.seed, "cycles": sb.cycles, "mismatches": sb.mismatches,
                "first_mismatches": sb.first, "active": dict(sb.active),
                "coverage": {b: cov.hits[b] for b in bins}, "coverage_missed": missed, "params": self.params,
                "trace": sb.trace,
            })
            self.logger.info(f"cycles={sb.cycles} mismatches={sb.mismatches} "
                             f"coverage={len(bins) - len(missed)}/{len(bins)} seed={self.seed}")

        def check_phase(self) -> None:
            sb = self.env.scoreboard
            missed = self._missed()
            assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
            assert sb.mismatches == 0, f"{sb.mismatches} mismatches between {spec.unit} and its bit-true model"
            assert not missed, f"coverage holes: {missed}"

    name = "".join(w.title() for w in spec.unit.split("_")) + "Test"
    CoreTest.__name__ = CoreTest.__qualname__ = name

    # What pyuvm.test() does, except that the cocotb test is RETURNED (pyuvm attaches it to the calling
    # module, which here would be this one): assign it to a module-level name of the testbench module.
    @cocotb.test(name=name)
    async def run(_):
        await uvm_root().run_test(CoreTest, keep_singletons=False, keep_set=set())

    return run


def _plain(state: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in state.items()}


# ---------------------------------------------------------------------------------------------------------
# make sim: summary and plot


def summarize(spec: CoreSpec, res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    outs = ", ".join(p.name for p in spec.outputs)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} ({outs}, every cycle)",
        "nonzero cycles : " + ", ".join(f"{k}={v}" for k, v in res["active"].items()),
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]


def plot(spec: CoreSpec, res: dict, path, cycles: int = 400) -> None:
    """Every output (RTL dots over the bit-true model's steps) over the first cycles after reset."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    start = int(np.argmax(tr["rst_n"] == 1))
    n = max(1, min(cycles, tr["rst_n"].size - start))
    seg = slice(start, start + n)
    t = np.arange(n)
    panels = [*spec.outputs[:4], spec.inputs[0]] if spec.inputs else list(spec.outputs[:4])
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 1.8 * len(panels) + 1), sharex=True, squeeze=False)
    for ax, p in zip(axes[:, 0], panels, strict=True):
        if p in spec.outputs:
            ax.step(t, tr[f"{p.key}_model"][seg], where="post", color="tab:orange", lw=1.2, label="bit-true model")
            ax.plot(t, tr[f"{p.key}_rtl"][seg], ".", color="k", ms=2.5, label="RTL")
        else:
            ax.step(t, tr[p.key][seg], where="post", color="tab:blue", lw=1.0, label="stimulus")
        ax.set_ylabel(p.name, fontsize=8)
        ax.legend(loc="upper right", fontsize=7)
    axes[0, 0].set_title(f"{spec.unit}: seed {res['seed']}, parameters {res['params']}", fontsize=8)
    axes[-1, 0].set_xlabel("cycle")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points


def make_pytests(spec: CoreSpec, *, param_sets: Mapping[str, Mapping[str, int]],
                 mutants: Mapping[str, tuple[str, str] | tuple[str, str, str]], inject: str,
                 cycles: int = 20_000, mutant_cycles: int = 3_000, seed: int = 11) -> dict[str, Callable]:
    """pytest functions for ``spec``: clean runs (one per parameter set: the RTL defaults are ``{}``), a run
    whose scoreboard model is wrong (``inject``) and one run per RTL mutant ({name: (old, new)} in the top
    file, or (file stem, old, new)), each of which must fail. ``globals().update(...)`` them in the module."""
    import pytest

    from verif.common.bench import mutate, run_unit

    unit = spec.unit
    if inject not in spec.injections:
        raise ValueError(f"inject must be one of {sorted(spec.injections)}, got {inject!r}")

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("name", list(param_sets))
    def test_scoreboard_clean(tmp_path, name):
        parameters = dict(param_sets[name])
        res = run_unit(unit, tmp_path, cycles, seed=seed, parameters=parameters)
        assert res["cycles"] >= cycles
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        # every parameter as the DUT has it: the RTL defaults are the shared conversion's (CoreSpec.params)
        assert res["params"] == {**spec.params, **parameters}, "DUT parameters differ from the spec's"
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit(unit, tmp_path, mutant_cycles, seed=5, env={"NRN_INJECT": inject})
        assert res["mismatches"] > 0
        assert res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(mutants))
    def test_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.rtl import sources

        edit = mutants[mutant]
        stem, old, new = edit if len(edit) == 3 else (unit, *edit)
        files = sources(unit)
        target = next((p for p in files if p.stem == stem), None)
        if target is None:
            raise ValueError(f"mutant {mutant}: {stem} is not a source of {unit}")
        src = mutate(target, tmp_path, old, new)
        res = run_unit(unit, tmp_path, mutant_cycles, seed=5,
                       rtl_files=[src if p == target else p for p in files])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]

    return {f"test_{unit}_scoreboard_clean": test_scoreboard_clean,
            f"test_{unit}_scoreboard_catches_wrong_model": test_scoreboard_catches_wrong_model,
            f"test_{unit}_scoreboard_catches_mutant_rtl": test_scoreboard_catches_mutant_rtl}


def sim_hooks(spec: CoreSpec) -> dict[str, Any]:
    """``SIM_PARAMETERS``, ``summarize`` and ``plot`` for ``make sim`` (``globals().update(...)`` them)."""
    return {"SIM_PARAMETERS": {}, "summarize": lambda res: summarize(spec, res),
            "plot": lambda res, path: plot(spec, res, path)}


def all_of(*seqs: Sequence_) -> Sequence_:
    """A sequence that runs ``seqs`` one after the other."""

    async def run(s: Seq) -> None:
        for f in seqs:
            await f(s)

    return run
