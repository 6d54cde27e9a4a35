"""``make bench``: speed of the golden models, measured side by side with the references in one run.

1. Object API: one neuron stepped from a Python loop (``neuron.step(x)``), steps per second, best of 3.
2. Populations: LIF neuron-updates per second at N = 1e3 ... 1e6 for 1000 steps of dt = 0.1 ms, side by side
   with Brian2 (runtime numpy and cython targets) running the SAME equations with the SAME integrator
   (forward Euler), dt, duration and heterogeneous constant input, spike monitor on both sides. The spike
   counts of both are printed beside the times: equal work means they agree (within 2%).

Code generation / JIT compilation is excluded on both sides (a warm-up run first). Results are printed as a
Markdown table and written to ``build/bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

from golden import FixedPointLIFNeuron, StochasticLIFNeuron

OUT = Path(__file__).resolve().parents[1] / "build" / "bench"

# LIF of the anchors table: tau 10 ms, rest/reset -70 mV, threshold -50 mV, dt 0.1 ms, 1000 steps,
# drive R*I from 20.1 to 23.5 mV spread over the population (mean rates ~30-40 Hz).
LIF = {"tau_mem": 10.0, "v_rest": -70.0, "v_reset": -70.0, "v_threshold": -50.0, "dt": 0.1}
RI_LO, RI_HI = 20.1, 23.5
STEPS = 1000


def best_rate(fn, n: int, repeats: int = 3) -> float:
    best = 0.0
    for _ in range(repeats):
        t = time.perf_counter()
        fn(n)
        best = max(best, n / (time.perf_counter() - t))
    return best


# The same loop runs here and, for the seed library, in its own virtual environment (sc-neurocore is AGPL:
# it is installed and run there, never imported into this project). Each case: (label, constructor, args).
OBJECT_CASES = [
    ("StochasticLIFNeuron (no noise)", "StochasticLIFNeuron(noise_std=0.0)", "(0.06,)", 1_000_000),
    ("StochasticLIFNeuron (noise_std 0.1)", "StochasticLIFNeuron(noise_std=0.1, seed=1)", "(0.06,)", 1_000_000),
    ("FixedPointLIFNeuron", "FixedPointLIFNeuron()", "(16, 256, 40)", 500_000),
]
LOOP = """
import time
def rate(neuron, args, n):
    step = neuron.step
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(n):
            step(*args)
        best = max(best, n / (time.perf_counter() - t))
    return best
"""
SEED_VENV = OUT / "seed-venv"
SEED_PKG = "sc-neurocore==3.13.3"


def object_api(with_seed: bool) -> list[dict]:
    ns: dict = {"StochasticLIFNeuron": StochasticLIFNeuron, "FixedPointLIFNeuron": FixedPointLIFNeuron}
    exec(LOOP, ns)
    seed = seed_library_rates() if with_seed else {}
    rows = []
    for label, ctor, args, n in OBJECT_CASES:
        r = ns["rate"](eval(ctor, ns), eval(args), n)
        rows.append({"model": label, "steps_per_s": r, "seed_library_steps_per_s": seed.get(label)})
    return rows


def seed_library_rates() -> dict[str, float]:
    """Run the same loop on the seed library's own classes in build/bench/seed-venv (created on first use)."""
    import subprocess
    import sys

    py = SEED_VENV / "bin" / "python"
    if not py.exists():
        print(f"(creating {SEED_VENV} with {SEED_PKG} for the side-by-side run)")
        subprocess.run([sys.executable, "-m", "venv", str(SEED_VENV)], check=True)
        r = subprocess.run([str(py), "-m", "pip", "install", "-q", SEED_PKG], capture_output=True, text=True)
        if r.returncode:
            print(f"(could not install {SEED_PKG}: {r.stderr.strip()[-300:]}; seed column left empty)")
            return {}
    script = ("from sc_neurocore.neurons.stochastic_lif import StochasticLIFNeuron\n"
              "from sc_neurocore.neurons.fixed_point_lif import FixedPointLIFNeuron\n" + LOOP +
              "".join(f"print({label!r}, rate({ctor}, {args}, {n}), sep='\\t')\n"
                      for label, ctor, args, n in OBJECT_CASES))
    r = subprocess.run([str(py), "-c", script], capture_output=True, text=True)
    if r.returncode:
        print(f"(seed library run failed: {r.stderr.strip()[-300:]})")
        return {}
    return {line.split("\t")[0]: float(line.split("\t")[1]) for line in r.stdout.strip().splitlines()}


def golden_lif(n: int) -> tuple[float, int]:
    pop = StochasticLIFNeuron.population(n, resistance=1.0, **LIF)
    ri = np.linspace(RI_LO, RI_HI, n)
    current = ri / LIF["tau_mem"]  # seed form: dv = -(v - v_rest) dt/tau + R I dt  =>  R I = RI / tau
    pop.run(5, input_current=current)  # compile + warm up
    pop.reset_state()
    t = time.perf_counter()
    res = pop.run(STEPS, input_current=current)
    return time.perf_counter() - t, res.total


def brian2_lif(n: int, target: str) -> tuple[float, int] | None:
    try:
        import brian2 as b2
    except ImportError:
        return None
    b2.start_scope()
    b2.prefs.codegen.target = target
    b2.defaultclock.dt = LIF["dt"] * b2.ms
    eqs = """
    dv/dt = -(v - v_rest) / tau + drive : volt
    drive : volt/second
    """
    g = b2.NeuronGroup(n, eqs, threshold="v >= v_th", reset="v = v_reset", method="euler",
                       namespace={"v_rest": LIF["v_rest"] * b2.mV, "tau": LIF["tau_mem"] * b2.ms,
                                  "v_th": LIF["v_threshold"] * b2.mV, "v_reset": LIF["v_reset"] * b2.mV})
    g.v = LIF["v_rest"] * b2.mV
    g.drive = np.linspace(RI_LO, RI_HI, n) * b2.mV / (LIF["tau_mem"] * b2.ms)
    mon = b2.SpikeMonitor(g)
    net = b2.Network(g, mon)
    net.run(5 * b2.defaultclock.dt)  # code generation and compilation, excluded
    g.v = LIF["v_rest"] * b2.mV
    start = mon.num_spikes
    t = time.perf_counter()
    net.run(STEPS * b2.defaultclock.dt)
    return time.perf_counter() - t, int(mon.num_spikes - start)


def populations(sizes: list[int]) -> list[dict]:
    rows = []
    for n in sizes:
        el, spikes = golden_lif(n)
        row = {"N": n, "golden_s": el, "golden_updates_per_s": n * STEPS / el, "golden_spikes": spikes}
        for target in ("numpy", "cython"):
            r = brian2_lif(n, target)
            if r is not None:
                row[f"brian2_{target}_s"], row[f"brian2_{target}_spikes"] = r
                row[f"brian2_{target}_updates_per_s"] = n * STEPS / r[0]
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--no-seed", action="store_true", help="skip the seed library's side-by-side run")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    machine = f"{platform.processor() or platform.machine()}, {platform.python_implementation()} " \
              f"{platform.python_version()}, numpy {np.__version__}"
    print(f"# make bench ({machine})\n")
    obj = object_api(with_seed=not args.no_seed)
    print(f"## Object API: one neuron, step() in a Python loop (best of 3), side by side with {SEED_PKG}\n")
    print("| model | golden steps/s | seed library steps/s | ratio |\n|---|---|---|---|")
    for r in obj:
        sd = r["seed_library_steps_per_s"]
        seed_cells = f"{sd / 1e6:.2f} M | {r['steps_per_s'] / sd:.2f}x |" if sd else "- | - |"
        print(f"| {r['model']} | {r['steps_per_s'] / 1e6:.2f} M | {seed_cells}")
    pops = populations(sizes)
    try:
        import brian2

        b2v = brian2.__version__
    except ImportError:
        b2v = None
    print(f"\n## LIF populations, {STEPS} steps of 0.1 ms, forward Euler on both sides "
          f"(Brian2 {b2v or 'not installed: pip install .[bench]'})\n")
    print("| N | golden upd/s | spikes | Brian2 numpy upd/s | spikes | Brian2 cython upd/s | spikes | "
          "vs numpy | vs cython |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in pops:
        def cell(k: str, r: dict = r) -> str:
            return f"{r[k]:.3g}" if k in r else "-"

        vs_np = (f"{r['golden_updates_per_s'] / r['brian2_numpy_updates_per_s']:.2f}x"
                 if "brian2_numpy_s" in r else "-")
        vs_cy = (f"{r['golden_updates_per_s'] / r['brian2_cython_updates_per_s']:.2f}x"
                 if "brian2_cython_s" in r else "-")
        print(f"| {r['N']:.0e} | {cell('golden_updates_per_s')} | {r['golden_spikes']} | "
              f"{cell('brian2_numpy_updates_per_s')} | {r.get('brian2_numpy_spikes', '-')} | "
              f"{cell('brian2_cython_updates_per_s')} | {r.get('brian2_cython_spikes', '-')} | {vs_np} | {vs_cy} |")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"machine": machine, "object_api": obj, "lif_population": pops},
                                                 indent=1))
    print(f"\nwritten: {OUT / 'results.json'}")
    from bench import sc_accuracy, sc_throughput  # stochastic computing: accuracy vs N, AND + popcount speed

    sc_accuracy.main([])
    sc_throughput.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
