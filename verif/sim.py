"""``make sim MODEL=<key>``: run a unit's testbench on Icarus and print a short summary.

The unit is looked up in the registry (short name ``lif`` or RTL key ``nrn_lif``); its testbench module is
``verif/<key>/test_<key>.py``, which provides ``SIM_PARAMETERS``, ``summarize(results)`` and ``plot(results,
path)``. Writes the waveform (FST) and a PNG plot under ``build/sim/<key>/``. Exit status 1 on any mismatch,
coverage hole or testbench failure. ``MODEL=digits`` runs the exported digits classifier on the network core
instead (:mod:`verif.snn_core.classifier`: float / Q8.8 golden / RTL accuracy side by side).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from golden import registry
from verif.common.runner import run_cocotb
from verif.snn_core import classifier

# exported classifiers that ``make sim MODEL=<key>`` runs on snn_core (verif/snn_core/classifier.py)
CLASSIFIERS = {"digits": classifier.EXPORT}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="unit: short name (lif) or RTL key (nrn_lif)")
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (default: from the clock, printed)")
    ap.add_argument("--cycles", type=int, default=100_000, help="cycles to drive (default 100000)")
    ap.add_argument("--no-waves", action="store_true", help="do not write the waveform")
    args = ap.parse_args(argv)
    if args.model in CLASSIFIERS:  # an exported network on the network core, not a unit
        return classifier.main(["--export", str(CLASSIFIERS[args.model])]
                               + (["--seed", str(args.seed)] if args.seed is not None else []))
    try:
        unit = registry.unit(args.model)
    except KeyError as e:
        print(f"make sim: {e.args[0]}; exported classifiers: {', '.join(CLASSIFIERS)}", file=sys.stderr)
        return 2
    if args.cycles < 1:
        print(f"make sim: CYCLES must be >= 1, got {args.cycles}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    tb = importlib.import_module(f"verif.{unit.key}.test_{unit.key}")
    t0 = time.time()
    res = run_cocotb(
        unit.key,
        f"verif.{unit.key}.test_{unit.key}",
        parameters=tb.SIM_PARAMETERS,
        env={"NRN_CYCLES": str(args.cycles), "NRN_SEED": str(seed)},
        seed=seed,
        waves=not args.no_waves,
        tag="sim",
    )
    elapsed = time.time() - t0
    build = Path(res["build_dir"])
    png = build / f"{unit.key}_trace.png"
    tb.plot(res, png)
    failed = res["failed_tests"]
    print(f"\n== make sim MODEL={args.model}: {unit.key} ({unit.description}) on Icarus ==")
    for line in tb.summarize(res):
        print("  " + line)
    print(f"  seed           : {seed}   (make sim MODEL={args.model} SEED={seed} reproduces this run)")
    print(f"  waveform       : {res['waveform'] or '(not written)'}")
    print(f"  plot           : {png}")
    print(f"  wall time      : {elapsed:.1f} s ({res['cycles'] / elapsed:,.0f} cycles/s through cocotb)")
    ok = res["mismatches"] == 0 and not res.get("coverage_missed") and not failed
    print(f"  result         : {'PASS' if ok else 'FAIL'}" + (f" (failed tests: {failed})" if failed else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
