"""Population throughput, side by side with Brian2 on the same equations, integrator, dt, duration and input.

Each case defines the golden population and the Brian2 group of the SAME model: same equations and parameters,
same integration scheme, dt = 0.1 ms, heterogeneous constant input ``linspace(lo, hi, N)``, spikes recorded on
both sides. Equal work is checked, not assumed: the spike counts of both are printed and must agree within 2%.

Timing excludes start-up on both sides: for the golden model and Brian2's runtime targets (numpy, cython) the
main-loop rate is the difference of a long and a short run from the same initial state,
``N * steps / (t(short + steps) - t(short))``, so compilation, code generation and per-``run()`` overhead
cancel; Brian2's C++ standalone mode reports its own main-loop time (``device._last_run_time``) and runs in a
subprocess (its device is global state).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

STEPS = 1000  # the run whose spike counts are compared
SHORT = 200  # timing: t(SHORT + k * STEPS) - t(SHORT), k so that at least MIN_UPDATES updates are timed
MIN_UPDATES = 2e7
DT_MS = 0.1


def _timing_steps(n: int) -> int:
    return STEPS * max(1, int(MIN_UPDATES // (n * STEPS)))


@dataclass(frozen=True)
class Case:
    name: str
    method: str  # integration scheme, the same on both sides
    input_lo: float
    input_hi: float
    input_units: str


CASES = {
    "lif": Case("LIF (tau 10 ms, -70/-50 mV)", "forward Euler", 20.1, 23.5, "mV (R*I)"),
    "adex": Case("AdEx (Brette & Gerstner 2005)", "forward Euler", 600.0, 1000.0, "pA"),
    "izhikevich": Case("Izhikevich 2003 RS", "two half-steps of v, then u (Izhikevich 2003)", 4.0, 15.0, "(pA)"),
}


# ----------------------------------------------------------------------------------------------------------
# golden side


def golden_population(key: str, n: int):
    """The population and its run() inputs."""
    drive = np.linspace(CASES[key].input_lo, CASES[key].input_hi, n)
    if key == "lif":
        from golden import StochasticLIFNeuron

        pop = StochasticLIFNeuron.population(n, tau_mem=10.0, v_rest=-70.0, v_reset=-70.0, v_threshold=-50.0,
                                             dt=DT_MS, resistance=1.0)
        return pop, {"input_current": drive / 10.0}  # seed form: R*I*dt per step with R*I = drive / tau
    if key == "adex":
        from golden import AdExNeuron

        return AdExNeuron.population(n, dt=DT_MS, order=1), {"input_current": drive}
    if key == "izhikevich":
        from golden import SCIzhikevichNeuron

        return SCIzhikevichNeuron.population(n, dt=DT_MS), {"input_current": drive}
    raise KeyError(key)


def golden_rate(key: str, n: int, parallel: bool | None = None) -> tuple[float, int]:
    """(neuron-updates per second of the main loop, spikes in STEPS steps). ``parallel``: as Population.run
    (None: the automatic choice, threads from N >= PARALLEL_MIN_N; False: the serial loop)."""
    pop, ins = golden_population(key, n)
    pop.run(2, parallel=parallel, **ins)  # compile
    long = _timing_steps(n)
    times = {}
    spikes = 0
    for steps in (SHORT, SHORT + long, STEPS):
        best = float("inf")
        for _ in range(2 if steps != STEPS else 1):
            pop.reset_state()
            t = time.perf_counter()
            res = pop.run(steps, parallel=parallel, **ins)
            best = min(best, time.perf_counter() - t)
        times[steps] = best
        if steps == STEPS:
            spikes = res.total
    return n * long / max(times[SHORT + long] - times[SHORT], 1e-9), spikes


def _threads(n: int) -> int:
    """Threads the golden column uses for N neurons: numba's threads from PARALLEL_MIN_N (1: the serial loop)."""
    import numba

    from golden.core import protocol

    return numba.get_num_threads() if n >= protocol.PARALLEL_MIN_N and numba.get_num_threads() > 1 else 1


# ----------------------------------------------------------------------------------------------------------
# Brian2 side


def brian2_group(key: str, n: int):
    """The Brian2 objects of a case: (network, monitor, reset function)."""
    import brian2 as b2

    b2.defaultclock.dt = DT_MS * b2.ms
    drive = np.linspace(CASES[key].input_lo, CASES[key].input_hi, n)
    if key == "lif":
        ns = {"v_rest": -70 * b2.mV, "tau": 10 * b2.ms, "v_th": -50 * b2.mV, "v_reset": -70 * b2.mV}
        g = b2.NeuronGroup(n, "dv/dt = -(v - v_rest) / tau + drive : volt\ndrive : volt/second",
                           threshold="v >= v_th", reset="v = v_reset", method="euler", namespace=ns)
        g.drive = drive * b2.mV / (10 * b2.ms)
        init = {"v": -70 * b2.mV}
    elif key == "adex":
        from golden.models.integrate_and_fire.adex import AdExParams

        p = AdExParams()
        ns = {"C": p.C * b2.pF, "g_L": p.g_L * b2.nS, "E_L": p.E_L * b2.mV, "V_T": p.V_T * b2.mV,
              "Delta_T": p.Delta_T * b2.mV, "tau_w": p.tau_w * b2.ms, "a": p.a * b2.nS, "b": p.b * b2.pA,
              "V_r": p.V_r * b2.mV, "V_peak": p.V_peak * b2.mV}
        eqs = """
        dv/dt = (g_L * (E_L - v) + g_L * Delta_T * exp((v - V_T) / Delta_T) - w + I) / C : volt
        dw/dt = (a * (v - E_L) - w) / tau_w : amp
        I : amp
        """
        g = b2.NeuronGroup(n, eqs, threshold="v >= V_peak", reset="v = V_r; w += b", method="euler", namespace=ns)
        g.I = drive * b2.pA
        init = {"v": p.E_L * b2.mV, "w": 0 * b2.pA}
    elif key == "izhikevich":
        from golden.models.core_sc.sc_izhikevich import SCIzhikevichNeuron

        p = SCIzhikevichNeuron(dt=DT_MS).params
        ns = {"a": p.a, "b": p.b, "c": p.c, "d": p.d, "h": 0.5 * p.dt, "v_peak": p.v_peak, "v_min": p.v_min}
        g = b2.NeuronGroup(n, "v : 1\nu : 1\nI : 1", threshold="v >= v_peak", reset="v = c; u = u + d",
                           namespace=ns)
        # the paper's scheme (and the golden kernel): v in two half steps with u held, then u with the new v
        g.run_regularly("""
        v = clip(v + h * ((0.04 * v + 5.0) * v + 140.0 - u + I), v_min, inf)
        v = clip(v + h * ((0.04 * v + 5.0) * v + 140.0 - u + I), v_min, inf)
        u = u + a * (2 * h) * (b * v - u)
        """, when="groups")
        g.I = drive
        init = {"v": p.c, "u": p.b * p.c}
    else:
        raise KeyError(key)
    for k, v in init.items():
        setattr(g, k, v)
    mon = b2.SpikeMonitor(g)
    net = b2.Network(g, mon)

    def reset() -> None:
        for k, v in init.items():
            setattr(g, k, v)

    return net, mon, reset


def brian2_rate(key: str, n: int, target: str) -> tuple[float, int] | None:
    try:
        import brian2 as b2
    except ImportError:
        return None
    b2.start_scope()
    b2.prefs.codegen.target = target
    net, mon, reset = brian2_group(key, n)
    net.run(2 * b2.defaultclock.dt)  # code generation and compilation
    long = _timing_steps(n)
    times, spikes = {}, 0
    for steps in (SHORT, SHORT + long, STEPS):
        best = float("inf")
        for _ in range(2 if steps != STEPS else 1):
            reset()
            n0 = mon.num_spikes
            t = time.perf_counter()
            net.run(steps * b2.defaultclock.dt)
            best = min(best, time.perf_counter() - t)
            if steps == STEPS:
                spikes = int(mon.num_spikes - n0)
        times[steps] = best
    return n * long / max(times[SHORT + long] - times[SHORT], 1e-9), spikes


STANDALONE_SCRIPT = """
import json, sys, tempfile
import brian2 as b2
from bench.populations import brian2_group, STEPS
key, n = sys.argv[1], int(sys.argv[2])
with tempfile.TemporaryDirectory() as d:
    b2.set_device("cpp_standalone", directory=d, build_on_run=True)
    net, mon, reset = brian2_group(key, n)
    net.run(STEPS * b2.defaultclock.dt)
    print(json.dumps({"seconds": b2.device._last_run_time, "spikes": int(mon.num_spikes)}))
"""


def brian2_standalone_rate(key: str, n: int) -> tuple[float, int] | None:
    try:
        import brian2  # noqa: F401
    except ImportError:
        return None
    r = subprocess.run([sys.executable, "-c", STANDALONE_SCRIPT, key, str(n)], capture_output=True, text=True,
                       timeout=600)
    if r.returncode:
        print(f"(Brian2 standalone failed for {key} N={n}: {r.stderr.strip()[-300:]})")
        return None
    out = json.loads(r.stdout.strip().splitlines()[-1])
    return n * STEPS / max(out["seconds"], 1e-9), out["spikes"]


# ----------------------------------------------------------------------------------------------------------
# table


def measure(keys: list[str], sizes: list[int], standalone: bool) -> list[dict[str, Any]]:
    rows = []
    for key in keys:
        for n in sizes:
            row: dict[str, Any] = {"model": key, "N": n}
            # threads from PARALLEL_MIN_N whatever the load (the automatic choice would also look at the load)
            row["golden_threads"] = _threads(n)
            row["golden"], row["golden_spikes"] = golden_rate(key, n, parallel=row["golden_threads"] > 1)
            row["golden_serial"], row["golden_serial_spikes"] = golden_rate(key, n, parallel=False)
            for target in ("numpy", "cython"):
                r = brian2_rate(key, n, target)
                if r:
                    row[f"brian2_{target}"], row[f"brian2_{target}_spikes"] = r
            if standalone:
                r = brian2_standalone_rate(key, n)
                if r:
                    row["brian2_standalone"], row["brian2_standalone_spikes"] = r
            rows.append(row)
            print(f"  measured {key} N={n}", file=sys.stderr)
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    out = []
    for key in dict.fromkeys(r["model"] for r in rows):
        c = CASES[key]
        out.append(f"\n### {c.name}: {c.method}, dt {DT_MS} ms, {STEPS} steps, input {c.input_lo:g}-{c.input_hi:g} "
                   f"{c.input_units}\n")
        out.append("| N | golden upd/s (spikes) | golden serial | Brian2 numpy (spikes) | Brian2 cython (spikes) | "
                   "Brian2 C++ standalone (spikes) | vs numpy | vs cython | serial vs cython | vs standalone | "
                   "counts agree |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for r in (r for r in rows if r["model"] == key):
            def cell(t: str, r: dict = r) -> str:
                return f"{r[t]:.3g} ({r[t + '_spikes']})" if t in r else "-"

            def ratio(t: str, r: dict = r, g: str = "golden") -> str:
                return f"{r[g] / r[t]:.2f}x" if t in r else "-"

            counts = [r[k] for k in r if k.endswith("_spikes")]
            ok = max(counts) <= 1.02 * min(counts) if min(counts) > 0 else max(counts) == 0
            threads = f" [{r['golden_threads']} threads]" if r.get("golden_threads", 1) > 1 else ""
            out.append(f"| {r['N']:.0e} | {cell('golden')}{threads} | {r['golden_serial']:.3g} | "
                       f"{cell('brian2_numpy')} | {cell('brian2_cython')} | {cell('brian2_standalone')} | "
                       f"{ratio('brian2_numpy')} | {ratio('brian2_cython')} | "
                       f"{ratio('brian2_cython', g='golden_serial')} | {ratio('brian2_standalone')} | "
                       f"{'yes' if ok else 'NO'} |")
    return "\n".join(out)
