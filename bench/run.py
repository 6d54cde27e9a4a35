"""``make bench``: speed of the golden models, measured side by side with the references in one run.

1. Object API: one neuron stepped from a Python loop (``neuron.step(x)``), steps per second, best of 3.
2. Populations (:mod:`bench.populations`): LIF, AdEx and Izhikevich neuron-updates per second at N = 1e3 ... 1e6,
   side by side with Brian2 (runtime numpy and cython targets, C++ standalone) running the SAME equations with
   the SAME integrator, dt, duration and heterogeneous constant input, spikes recorded on both sides; the spike
   counts are printed beside the rates (equal work: they agree within 2%).
3. Stochastic computing: accuracy vs stream length and AND + popcount throughput (:mod:`bench.sc_accuracy`,
   :mod:`bench.sc_throughput`).

Results are printed as Markdown tables and written to ``build/bench/``.
"""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

import numpy as np

from bench import populations

OUT = Path(__file__).resolve().parents[1] / "build" / "bench"

# The same loop runs here and, for the seed library, in its own virtual environment (sc-neurocore is AGPL:
# it is installed and run there, never imported into this project). Each case: (label, constructor, args).
OBJECT_CASES = [
    ("StochasticLIFNeuron (no noise)", "StochasticLIFNeuron(noise_std=0.0)", "(0.06,)", 1_000_000),
    ("StochasticLIFNeuron (noise_std 0.1)", "StochasticLIFNeuron(noise_std=0.1, seed=1)", "(0.06,)", 1_000_000),
    ("FixedPointLIFNeuron", "FixedPointLIFNeuron()", "(16, 256, 40)", 500_000),
    ("HomeostaticLIFNeuron", "HomeostaticLIFNeuron(noise_std=0.0)", "(0.06,)", 500_000),
    ("SCIzhikevichNeuron", "SCIzhikevichNeuron(noise_std=0.0)", "(10.0,)", 500_000),
    ("AdExNeuron", "AdExNeuron()", "(500.0,)", 200_000),
]
CLASSES = sorted({ctor.split("(")[0] for _, ctor, _, _ in OBJECT_CASES})
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
    import golden

    ns: dict = {name: getattr(golden, name) for name in CLASSES}
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
    script = (f"from sc_neurocore.neurons import {', '.join(CLASSES)}\n" + LOOP +
              "".join(f"print({label!r}, rate({ctor}, {args}, {n}), sep='\\t')\n"
                      for label, ctor, args, n in OBJECT_CASES))
    r = subprocess.run([str(py), "-c", script], capture_output=True, text=True)
    if r.returncode:
        print(f"(seed library run failed: {r.stderr.strip()[-300:]})")
        return {}
    return {line.split("\t")[0]: float(line.split("\t")[1]) for line in r.stdout.strip().splitlines()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--no-seed", action="store_true", help="skip the seed library's side-by-side run")
    ap.add_argument("--no-standalone", action="store_true", help="skip Brian2's C++ standalone mode")
    ap.add_argument("--populations-only", action="store_true",
                    help="only the population tables (no object API, no stochastic computing)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    machine = f"{platform.processor() or platform.machine()}, {platform.python_implementation()} " \
              f"{platform.python_version()}, numpy {np.__version__}"
    print(f"# make bench ({machine})\n")
    obj = [] if args.populations_only else object_api(with_seed=not args.no_seed)
    if obj:
        print(f"## Object API: one neuron, step() in a Python loop (best of 3), side by side with {SEED_PKG}\n")
        print("| model | golden steps/s | seed library steps/s | ratio |\n|---|---|---|---|")
    for r in obj:
        sd = r["seed_library_steps_per_s"]
        seed_cells = f"{sd / 1e6:.2f} M | {r['steps_per_s'] / sd:.2f}x |" if sd else "- | - |"
        print(f"| {r['model']} | {r['steps_per_s'] / 1e6:.2f} M | {seed_cells}")
    try:
        import brian2

        b2v = brian2.__version__
    except ImportError:
        b2v = None
    print(f"\n## Populations vs Brian2 {b2v or '(not installed: pip install .[bench])'}: same equations, "
          "integrator, dt and input; main-loop neuron-updates per second (spike counts in parentheses)")
    pops = populations.measure(list(populations.CASES), sizes, standalone=not args.no_standalone)
    print(populations.markdown(pops))
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / ("populations.json" if args.populations_only else "results.json")
    out.write_text(json.dumps({"machine": machine, "object_api": obj, "populations": pops}, indent=1))
    print(f"\nwritten: {out}")
    if args.populations_only:
        return 0
    from bench import sc_accuracy, sc_throughput  # stochastic computing: accuracy vs N, AND + popcount speed

    sc_accuracy.main([])
    sc_throughput.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
