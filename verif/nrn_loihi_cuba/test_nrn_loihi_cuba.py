"""pyuvm testbench of ``nrn_loihi_cuba``: every cycle, ``spike_o``, ``u_o`` AND ``v_o`` against the bit-true
model (:class:`golden.fixed.loihi_cuba_unit.LoihiCUBAUnit`, i.e. ``LoihiCUBANeuron``'s kernel).

The layers of the other neuron benches::

    sequences (random segments + directed corners, a predictor to aim at exact corners)
        -> sequencer -> driver (drives du_i, dv_i, bias_mant_i, a_i, rst_ni on the falling edge)
    DUT
        -> monitor (samples inputs and registered outputs after each rising edge) -> analysis port
            -> scoreboard (LoihiCUBAUnit, parameters read back from the DUT) -> coverage

Run it with ``make sim MODEL=loihi_cuba`` (100,000+ cycles, summary, waveform and plot) or from pytest (the
functions at the bottom). Environment: ``NRN_CYCLES``, ``NRN_RESULTS``, ``NRN_TRACE``, ``NRN_SEED``;
``NRN_INJECT=model_threshold`` makes the scoreboard's model deliberately wrong (threshold + 1), to prove that
the scoreboard fails.
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

from golden.fixed.loihi_cuba_unit import RTL_PARAM_NAMES, LoihiCUBAParams, LoihiCUBAUnit, consts, raw_sums
from verif.common.bench import env_int, mutate, run_unit, signed32, write_results

U_MIN, U_MAX = -(1 << 23), (1 << 23) - 1
V_MAX = (1 << 23) - 1
A_MIN, A_MAX = -(1 << 15), (1 << 15) - 1
B_MIN, B_MAX = -(1 << 12), (1 << 12) - 1

COVER_BINS = (
    "spike",
    "no_spike",
    "threshold_equal",  # v == Vth << 6 exactly, outside refractory: must NOT fire (strict >)
    "threshold_plus_1",  # v == (Vth << 6) + 1: must fire
    "u_wrap_positive",  # u overflowed past 2^23 - 1 (wraps negative)
    "u_wrap_negative",  # u overflowed below -2^23 (wraps positive)
    "v_sat_positive",  # v clipped to 2^23 - 1 (outside refractory)
    "v_sat_negative",  # v clipped to -(2^23 - 1) (outside refractory)
    "trunc_negative_u",  # negative u decayed with a remainder: truncation toward zero differs from floor
    "trunc_negative_v",  # the same for v
    "refractory_hold",  # a cycle inside the refractory period
    "refractory_last",  # the last cycle of the hold (counter 1 -> 0)
    "refractory_exit_spike",  # a spike on the first cycle after the refractory period
    "reset_mid_run",  # reset asserted after the neuron had run
    "reset_in_refractory",  # reset asserted inside the refractory period
    "du_zero",
    "du_max",
    "dv_zero",
    "dv_max",
    "a_max",
    "a_min",
    "bias_max",
    "bias_min",
)


# ---------------------------------------------------------------------------------------------------------
# transactions


class CubaItem(uvm_sequence_item):
    """One cycle of stimulus."""

    def __init__(self, name: str = "cuba_item", rst_n: int = 1, du: int = 0, dv: int = 0, bias: int = 0,
                 a: int = 0):
        super().__init__(name)
        self.rst_n, self.du, self.dv, self.bias, self.a = rst_n, du, dv, bias, a

    def __str__(self) -> str:
        return f"rst_n={self.rst_n} du={self.du} dv={self.dv} bias_mant={self.bias} a={self.a}"


@dataclass
class Observed:
    """What the monitor saw in one cycle: the inputs clocked in and the registered outputs after the edge."""

    cycle: int
    rst_n: int
    du: int
    dv: int
    bias: int
    a: int
    spike: int
    u: int
    v: int


# ---------------------------------------------------------------------------------------------------------
# sequences


class Stim:
    """Shared stimulus context: the seeded generator, the DUT's parameters and a predictor of the DUT state."""

    def __init__(self, seed: int, params: LoihiCUBAParams, cycles: int):
        self.rng = np.random.default_rng(seed)
        self.p = params
        self.pred = LoihiCUBAUnit(params)
        self.cycles = cycles
        self.sent = 0
        self.vth_eff = params.vth << 6

    def i(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))

    def decay(self) -> int:
        r = self.rng.random()
        if r < 0.15:
            return 0
        if r < 0.3:
            return 4095
        return self.i(0, 4095)


class BaseSeq(uvm_sequence):
    @property
    def stim(self) -> Stim:
        st = getattr(self, "_stim", None)
        if st is None:
            st = self._stim = ConfigDB().get(None, "", "STIM")
        return st

    async def send(self, rst_n: int = 1, du: int = 0, dv: int = 0, bias: int = 0, a: int = 0) -> None:
        st = self.stim
        item = CubaItem("item", rst_n, du, dv, bias, a)
        await self.start_item(item)
        await self.finish_item(item)
        if rst_n:
            st.pred.step(du, dv, bias, a)
        else:
            st.pred.reset_state()
        st.sent += 1


class ResetSeq(BaseSeq):
    """Reset for 1-3 cycles (at start and in the middle of runs), inputs random meanwhile."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(1, 3)):
            await self.send(rst_n=0, du=st.decay(), dv=st.decay(), bias=st.i(B_MIN, B_MAX), a=st.i(A_MIN, A_MAX))


class PlotSeq(BaseSeq):
    """A readable trace for the plot: tau_u ~ 5, tau_v ~ 10 steps (the model's defaults), a train of inputs."""

    async def body(self) -> None:
        st = self.stim
        for t in range(400):
            a = 0 if t < 30 else (int(st.rng.random() < 0.3) * 120 if t < 220 else int(st.rng.random() < 0.6) * 90)
            await self.send(du=819, dv=410, bias=0, a=a)


class RealisticSeq(BaseSeq):
    """Constrained random in the operating range: one decay pair per segment, sparse weighted inputs."""

    async def body(self) -> None:
        st = self.stim
        du, dv = st.i(50, 2000), st.i(50, 2000)
        bias = st.i(-20, 40)
        rate, w = st.rng.random(), st.i(20, 600)
        for _ in range(st.i(50, 300)):
            a = int(st.rng.random() < rate) * st.i(-w // 3, w)
            await self.send(du=du, dv=dv, bias=bias, a=a)


class FullRangeSeq(BaseSeq):
    """Any value of every input."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(20, 120)):
            await self.send(du=st.i(0, 4095), dv=st.i(0, 4095), bias=st.i(B_MIN, B_MAX), a=st.i(A_MIN, A_MAX))


class ExtremeSeq(BaseSeq):
    """Slow or no decay with the input and bias at an end: u wraps at both ends, v saturates at both ends."""

    async def body(self) -> None:
        st = self.stim
        sign = 1 if st.rng.random() < 0.5 else -1
        du = 0 if st.rng.random() < 0.7 else st.i(0, 30)
        dv = 0 if st.rng.random() < 0.7 else st.i(0, 30)
        for _ in range(st.i(10, 40)):
            a = (A_MAX if sign > 0 else A_MIN) if st.rng.random() < 0.8 else st.i(A_MIN, A_MAX)
            bias = (B_MAX if sign > 0 else B_MIN) if st.rng.random() < 0.7 else st.i(B_MIN, B_MAX)
            if st.rng.random() < 0.1:
                du, dv = st.decay(), st.decay()
            await self.send(du=du, dv=dv, bias=bias, a=a)


class ThresholdSeq(BaseSeq):
    """Aim v exactly at Vth << 6 (must not fire) or one above (must fire), with the predictor: a search over
    (du, dv, bias) finds a cycle whose v without input is a multiple of 64 away from the target, the input
    makes up the rest. When none is in reach of the input, v first approaches the target from below (dv = 0
    keeps v, du = 4095 clears the current)."""

    async def body(self) -> None:
        st = self.stim
        for _ in range(st.i(3, 8)):
            while st.pred.refractory_count > 0:
                await self.send(du=st.decay(), dv=st.decay(), a=st.i(-50, 50))
            target = st.vth_eff + int(st.rng.random() < 0.5)
            for _attempt in range(8):
                aim = self._aim(st, target)
                if aim is not None:
                    await self.send(*aim)
                    break
                gap = (target - st.pred.v) // 64 - 2
                await self.send(du=4095, dv=0, bias=0, a=int(np.clip(gap, 0, A_MAX)))
                if st.pred.refractory_count > 0:
                    break

    @staticmethod
    def _aim(st: Stim, target: int) -> tuple[int, int, int, int, int] | None:
        u, v = st.pred.u, st.pred.v
        for _ in range(300):
            du = (4095, 0, st.i(0, 4095))[st.i(0, 2)]
            dv = 0 if st.rng.random() < 0.2 else st.i(0, 4095)
            bias = 0 if st.rng.random() < 0.5 else st.i(B_MIN, B_MAX)
            c = consts(st.p, du, dv, bias)
            rest = target - raw_sums(u, v, 0, c)[1]
            if rest % 64 == 0 and A_MIN <= rest // 64 <= A_MAX and raw_sums(u, v, rest // 64, c)[2] == target:
                return 1, du, dv, bias, rest // 64
        return None


class RefractorySeq(BaseSeq):
    """Hold u near 8.2e6 with the bias at its top (du = dv = 0), so that the neuron fires on every free cycle,
    the first one after each refractory period included; sometimes reset inside the refractory period."""

    async def body(self) -> None:
        st = self.stim
        ref = st.p.refractory
        hold = consts(st.p, 0, 0, 0)
        for _ in range(st.i(2, 4)):
            reset_at = st.i(1, ref) if ref > 1 and st.rng.random() < 0.3 else -1
            for k in range(ref + 2):
                if k == reset_at:
                    await self.send(rst_n=0)
                x = raw_sums(st.pred.u, 0, 0, hold)[0]  # u decayed (du = 0), before the input
                a = int(np.clip((8_200_000 - x) // 64, A_MIN, A_MAX))
                await self.send(du=0, dv=0, bias=B_MAX, a=a)
            for _ in range(st.i(0, 4)):
                await self.send(du=st.decay(), dv=st.decay(), a=st.i(-50, 50))


class TopSeq(BaseSeq):
    """Reset, the plot segment, then random segments and directed corners until the cycle budget is spent."""

    async def body(self) -> None:
        st = self.stim
        seqr = self.sequencer
        await ResetSeq("reset").start(seqr)
        await PlotSeq("plot").start(seqr)
        kinds = (RealisticSeq, FullRangeSeq, ExtremeSeq, ThresholdSeq, RefractorySeq, ResetSeq)
        weights = np.array([0.40, 0.12, 0.18, 0.12, 0.12, 0.06])
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
            dut.du_i.value = item.du
            dut.dv_i.value = item.dv
            dut.bias_mant_i.value = item.bias
            dut.a_i.value = item.a
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
            self.ap.write(Observed(cycle, int(dut.rst_ni.value), int(dut.du_i.value), int(dut.dv_i.value),
                                   dut.bias_mant_i.value.to_signed(), dut.a_i.value.to_signed(),
                                   int(dut.spike_o.value), dut.u_o.value.to_signed(), dut.v_o.value.to_signed()))
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
                h["reset_in_refractory"] += pre["refractory_count"] > 0
            return
        self.ran = True
        h["du_zero"] += obs.du == 0
        h["du_max"] += obs.du == 4095
        h["dv_zero"] += obs.dv == 0
        h["dv_max"] += obs.dv == 4095
        h["a_max"] += obs.a == A_MAX
        h["a_min"] += obs.a == A_MIN
        h["bias_max"] += obs.bias == B_MAX
        h["bias_min"] += obs.bias == B_MIN
        h["spike" if spike else "no_spike"] += 1
        c = consts(p, obs.du, obs.dv, obs.bias)
        u_raw, v_unsat, v_sat = raw_sums(pre["u"], pre["v"], obs.a, c)
        h["u_wrap_positive"] += u_raw > U_MAX
        h["u_wrap_negative"] += u_raw < U_MIN
        h["trunc_negative_u"] += pre["u"] < 0 and (pre["u"] * c[0]) % 4096 != 0
        h["trunc_negative_v"] += pre["v"] < 0 and (pre["v"] * c[1]) % 4096 != 0
        if pre["refractory_count"] > 0:
            h["refractory_hold"] += 1
            h["refractory_last"] += pre["refractory_count"] == 1
            return
        h["v_sat_positive"] += v_unsat > V_MAX
        h["v_sat_negative"] += v_unsat < -V_MAX
        h["threshold_equal"] += v_sat == p.vth << 6
        h["threshold_plus_1"] += v_sat == (p.vth << 6) + 1
        if spike and pre.get("just_left_refractory"):
            h["refractory_exit_spike"] += 1


class Scoreboard(uvm_subscriber):
    """Compares spike_o, u_o and v_o with LoihiCUBAUnit every cycle."""

    def build_phase(self) -> None:
        self.cov_ap = uvm_analysis_port("cov_ap", self)
        self.mismatches = 0
        self.first: list[dict] = []
        self.cycles = 0
        self.spikes = 0
        self.trace: dict[str, list[int]] = {k: [] for k in ("a", "du", "dv", "u_rtl", "v_rtl", "u_model", "v_model",
                                                            "spike_rtl", "spike_model", "rst_n")}

    def connect_phase(self) -> None:
        self.params = ConfigDB().get(self, "", "PARAMS")
        model_params = self.params
        inject = os.environ.get("NRN_INJECT", "")
        if inject == "model_threshold":  # a deliberately wrong model: the scoreboard must catch it
            model_params = replace(self.params, vth=self.params.vth + 1)
        elif inject:
            raise ValueError(f"NRN_INJECT must be '' or 'model_threshold', got {inject!r}")
        self.model = LoihiCUBAUnit(model_params)
        self.trace_len = env_int("NRN_TRACE", 2000)
        self.prev_ref = 0

    def write(self, obs: Observed) -> None:
        m = self.model
        pre = {"u": m.u, "v": m.v, "refractory_count": m.refractory_count,
               "just_left_refractory": self.prev_ref > 0 and m.refractory_count == 0}
        if obs.rst_n:
            spike, u, v = m.step(obs.du, obs.dv, obs.bias, obs.a)
        else:
            m.reset_state()
            spike, u, v = 0, m.u, m.v
        self.prev_ref = pre["refractory_count"]
        self.cycles += 1
        self.spikes += obs.spike
        if (spike, u, v) != (obs.spike, obs.u, obs.v):
            self.mismatches += 1
            if len(self.first) < 10:
                rec = {"cycle": obs.cycle, "inputs": str(obs), "rtl": [obs.spike, obs.u, obs.v],
                       "model": [spike, u, v], "model_state_before": pre}
                self.first.append(rec)
                self.logger.error(f"MISMATCH {rec}")
        if len(self.trace["v_rtl"]) < self.trace_len:
            for k, val in (("a", obs.a), ("du", obs.du), ("dv", obs.dv), ("u_rtl", obs.u), ("v_rtl", obs.v),
                           ("u_model", u), ("v_model", v), ("spike_rtl", obs.spike), ("spike_model", spike),
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


PARAM_NAMES = RTL_PARAM_NAMES


def dut_params(dut) -> LoihiCUBAParams:
    """The DUT's parameters, read back from the simulator (never re-declared here)."""
    return LoihiCUBAParams(**{f: signed32(int(getattr(dut, k).value)) for k, f in PARAM_NAMES.items()})


def cover_bins(p: LoihiCUBAParams) -> tuple[str, ...]:
    """The bins that exist for ``p`` (without a refractory hold, Refractory = 1, there is none to cover)."""
    if p.refractory > 1:
        return COVER_BINS
    return tuple(b for b in COVER_BINS if b not in ("refractory_hold", "refractory_last", "refractory_exit_spike",
                                                    "reset_in_refractory"))


@pyuvm.test()
class LoihiCubaTest(uvm_test):
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
        for sig in (dut.du_i, dut.dv_i, dut.bias_mant_i, dut.a_i):
            sig.value = 0
        cocotb.start_soon(Clock(dut.clk_i, 10, unit="ns").start())
        await ClockCycles(dut.clk_i, 1)
        await TopSeq("top").start(self.env.seqr)
        await ClockCycles(dut.clk_i, 2)  # let the monitor see the last driven cycle
        self.drop_objection()

    def _missed(self) -> list[str]:
        cov = self.env.coverage
        return [b for b in cover_bins(self.params) if cov.hits[b] == 0]

    def extract_phase(self) -> None:
        sb, cov = self.env.scoreboard, self.env.coverage
        missed = self._missed()
        bins = cover_bins(self.params)
        write_results({
            "unit": "nrn_loihi_cuba",
            "seed": self.seed,
            "cycles": sb.cycles,
            "mismatches": sb.mismatches,
            "first_mismatches": sb.first,
            "spikes_rtl": sb.spikes,
            "coverage": {b: cov.hits[b] for b in bins},
            "coverage_missed": missed,
            "params": {f: getattr(self.params, f) for f in PARAM_NAMES.values()},  # du, dv, bias: inputs
            "trace": sb.trace,
        })
        self.logger.info(f"cycles={sb.cycles} mismatches={sb.mismatches} spikes={sb.spikes} "
                         f"coverage={len(bins) - len(missed)}/{len(bins)} seed={self.seed}")

    def check_phase(self) -> None:
        sb = self.env.scoreboard
        missed = self._missed()
        assert sb.cycles >= self.cycles, f"only {sb.cycles} of {self.cycles} cycles were checked"
        assert sb.mismatches == 0, f"{sb.mismatches} mismatches between nrn_loihi_cuba and LoihiCUBAUnit"
        assert not missed, f"coverage holes: {missed}"


# ---------------------------------------------------------------------------------------------------------
# make sim: parameters, summary and plot (verif/sim.py calls these)

SIM_PARAMETERS: dict[str, int] = {}  # the RTL defaults (Vth 1000, BiasExp 6, Refractory 3)


def summarize(res: dict) -> list[str]:
    cov = res["coverage"]
    hit = sum(1 for v in cov.values() if v)
    return [
        f"cycles checked : {res['cycles']}",
        f"mismatches     : {res['mismatches']} (spike_o, u_o and v_o, every cycle)",
        f"spikes (RTL)   : {res['spikes_rtl']}",
        f"coverage       : {hit}/{len(cov)} bins hit"
        + (f"; MISSED {res['coverage_missed']}" if res["coverage_missed"] else ""),
        "                 " + ", ".join(f"{k}={v}" for k, v in cov.items()),
        f"parameters     : {res['params']}",
    ]


def plot(res: dict, path) -> None:
    """u and v of the plot segment (du 819, dv 410): bit-true model vs RTL, spikes marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tr = {k: np.asarray(v) for k, v in res["trace"].items()}
    p = LoihiCUBAParams(**res["params"])
    start = int(np.argmax(tr["rst_n"] == 1))
    n = min(400, tr["v_rtl"].size - start)
    seg = slice(start, start + n)
    t = np.arange(n)
    fig, (ax0, ax1, ax2) = plt.subplots(3, 1, figsize=(10, 7), sharex=True, height_ratios=(1, 2, 2))
    ax0.step(t, tr["a"][seg], where="post", color="tab:gray")
    ax0.set_ylabel("a (weights)")
    ax0.set_title(f"nrn_loihi_cuba: du=819, dv=410, vth={p.vth} (x 2^6), refractory={p.refractory}, "
                  f"seed {res['seed']}")
    ax1.step(t, tr["u_model"][seg], where="post", color="tab:orange", lw=1.2, label="bit-true u")
    ax1.plot(t, tr["u_rtl"][seg], ".", color="k", ms=2.5, label="RTL u_o")
    ax1.set_ylabel("u (raw)")
    ax1.legend(loc="upper left", fontsize=8)
    vth = p.vth << 6
    ax2.step(t, tr["v_model"][seg], where="post", color="tab:orange", lw=1.2, label="bit-true v")
    ax2.plot(t, tr["v_rtl"][seg], ".", color="k", ms=2.5, label="RTL v_o")
    spikes = np.flatnonzero(tr["spike_rtl"][seg])
    ax2.vlines(spikes, vth, vth * 1.25, color="tab:red", lw=1, label="RTL spike_o")
    ax2.axhline(vth, color="tab:red", ls=":", lw=0.8)
    ax2.set_xlabel("cycle")
    ax2.set_ylabel("v (raw)")
    ax2.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# pytest entry points (run the testbench through cocotb_tools.runner)

ALT_PARAMETERS = {"Vth": 131071, "BiasExp": 7, "Refractory": 64}
EDGE_PARAMETERS = {"Vth": 0, "BiasExp": 0, "Refractory": 1}

# (original text, mutated text) of rtl/neuron/nrn_loihi_cuba.sv; each must be caught by the scoreboard
MUTANTS = {
    "floor_decay": ("(prod_v[37] ? 38'sd4095 : 38'sd0)", "38'sd0"),  # v decays with floor, not trunc0
    "v_wraps": ("assign v_next        = v_sat[23:0];", "assign v_next        = v_sum[23:0];"),  # no saturation
    "threshold_ge": ("assign fire          = v_sat > VthEff;", "assign fire          = v_sat >= VthEff;"),
    "no_ds_offset": ("14'sd4095 - $signed({2'b00, du_i})", "14'sd4096 - $signed({2'b00, du_i})"),
}


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, ALT_PARAMETERS, EDGE_PARAMETERS],
                             ids=["defaults", "alt_params", "edge_params"])
    def test_nrn_loihi_cuba_scoreboard_clean(tmp_path, parameters):
        res = run_unit("nrn_loihi_cuba", tmp_path, 20_000, seed=11, parameters=parameters)
        assert res["cycles"] >= 20_000
        assert res["mismatches"] == 0, res["first_mismatches"]
        assert res["coverage_missed"] == [], res["coverage"]
        for name, value in parameters.items():  # the testbench read the parameters back from the DUT
            assert res["params"][PARAM_NAMES[name]] == value
        assert not res["failed_tests"]

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_nrn_loihi_cuba_scoreboard_catches_wrong_model(tmp_path):
        res = run_unit("nrn_loihi_cuba", tmp_path, 3_000, seed=5, env={"NRN_INJECT": "model_threshold"})
        assert res["mismatches"] > 0
        assert res["failed_tests"], "the cocotb test must fail when the scoreboard sees mismatches"

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(MUTANTS))
    def test_nrn_loihi_cuba_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        from verif.common.rtl import sources

        src = mutate(sources("nrn_loihi_cuba")[-1], tmp_path, *MUTANTS[mutant])
        res = run_unit("nrn_loihi_cuba", tmp_path, 3_000, seed=5, rtl_files=[src])
        assert res["mismatches"] > 0, f"mutant {mutant} was not caught"
        assert res["failed_tests"]
except ImportError:  # inside the simulator pytest is not needed
    pass
