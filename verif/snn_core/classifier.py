"""The exported classifier on the RTL: ``make sim MODEL=digits`` (``python -m verif.snn_core.classifier``).

Runs the Q8.8 export of the trained digits classifier (``export/digits``: ``make train`` then ``make export``; a
trained export is committed) over the held-out test set of :mod:`golden.training.digits` (the fixed stratified
split, encoded as the training encoded it) on

* the bit-true Q8.8 network (:class:`golden.export.q88.QuantNetwork`, the same export files),
* ``snn_core`` on Verilator, every held-out sample (every neuron's membrane after every step, the spike counts and
  the clock count of every step compared with the Q8.8 model: :func:`verif.snn_core.deep_snn_core.check`),
* ``snn_core`` on Icarus through the pyuvm bench for the first few samples (``SNN_SPIKES``),

and prints the accuracy of the float network (as recorded by training in the manifest), of the Q8.8 model and of
the RTL side by side. Exit status 1 when the RTL and the Q8.8 model disagree on any sample (or any record).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from golden.export.memfiles import read_export
from golden.export.q88 import QuantNetwork

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "export" / "digits"


def held_out(net: QuantNetwork, meta: dict) -> tuple[np.ndarray, np.ndarray]:
    """The held-out digits as input trains (B, T, n_in) in the training's encoding, and their labels."""
    from golden.training.digits import encode, load_digits_split

    _, _, x_te, y_te = load_digits_split()
    trains = encode(x_te, net.timesteps, meta.get("encoding", "rate"))  # (T, B, n_in)
    return np.ascontiguousarray(trains.transpose(1, 0, 2)), y_te


@dataclass
class ClassifierRun:
    samples: int
    float_accuracy: float | None
    q88_accuracy: float
    rtl_accuracy: float
    rtl_disagreements: int  # samples whose RTL counts differ from the Q8.8 model's
    record_mismatches: int  # membrane/spike records, counts and step clock counts that differ
    icarus_samples: int
    icarus_accuracy: float | None
    icarus_disagreements: int
    verilator_seconds: float

    def table(self) -> list[str]:
        def pct(a: float | None) -> str:
            return "-" if a is None else f"{100 * a:.2f} %"

        rows = [
            "| network | samples | test accuracy | disagrees with Q8.8 golden |",
            "|---|---|---|---|",
            f"| float (training, before export) | {self.samples} | {pct(self.float_accuracy)} | |",
            f"| Q8.8 golden (golden.export.q88) | {self.samples} | {pct(self.q88_accuracy)} | |",
            f"| RTL snn_core, Verilator | {self.samples} | {pct(self.rtl_accuracy)} | {self.rtl_disagreements} "
            f"samples ({self.record_mismatches} of the records) |",
        ]
        if self.icarus_samples:
            rows.append(f"| RTL snn_core, Icarus (pyuvm) | {self.icarus_samples} | {pct(self.icarus_accuracy)} | "
                        f"{self.icarus_disagreements} samples |")
        return rows


def run(export: Path = EXPORT, icarus: int = 5, limit: int | None = None, seed: int = 1) -> ClassifierRun:
    from verif.snn_core import deep_snn_core

    export = Path(export).resolve()
    if not (export / "manifest.json").is_file():
        raise FileNotFoundError(f"no export at {export}: run `make train` and `make export` first")
    net = read_export(export)
    meta = json.loads((export / "manifest.json").read_text()).get("meta", {})
    x, y = held_out(net, meta)
    if limit is not None:
        x, y = x[:limit], y[:limit]
    golden_counts = net.run_batch(x).counts
    q88_pred = np.argmax(golden_counts, axis=1)
    res = deep_snn_core.check(net, x, export, name=net.name, seed=seed)
    rtl_counts = res.counts
    rtl_pred = np.argmax(rtl_counts, axis=1)
    rtl_dis = int(np.sum(np.any(rtl_counts != golden_counts, axis=1)))
    ic_n, ic_acc, ic_dis = 0, None, 0
    if icarus > 0:
        ic_n = min(icarus, len(x))
        ic_counts = run_icarus(net, export, x[:ic_n], seed)
        ic_acc = float(np.mean(np.argmax(ic_counts, axis=1) == y[:ic_n]))
        ic_dis = int(np.sum(np.any(ic_counts != golden_counts[:ic_n], axis=1)))
    fa = meta.get("float_test_accuracy")
    return ClassifierRun(len(x), None if fa is None or limit is not None else float(fa),
                         float(np.mean(q88_pred == y)), float(np.mean(rtl_pred == y)), rtl_dis,
                         res.mismatches + res.count_mismatches + res.cycle_mismatches, ic_n, ic_acc, ic_dis,
                         res.seconds)


def run_icarus(net: QuantNetwork, export: Path, x: np.ndarray, seed: int) -> np.ndarray:
    """The pyuvm bench on Icarus over the given samples; the counts the RTL reported (n, n_out). Raises when the
    scoreboard reports a mismatch or a sample does not complete."""
    from verif.common.bench import run_unit
    from verif.snn_core import nets

    with tempfile.TemporaryDirectory(prefix="snn_classifier-") as tmp:
        f = Path(tmp) / "spikes.npy"
        np.save(f, x.astype(np.uint8))
        r = run_unit("snn_core", Path(tmp), 1, seed, parameters=nets.sim_parameters(net, export),
                     env={"SNN_EXPORT": str(export), "SNN_SPIKES": str(f)})
    counts = np.asarray(r["sample_counts"], dtype=np.int64)
    if r["mismatches"] or r["failed_tests"] or counts.shape != (len(x), net.n_out):
        raise RuntimeError(f"Icarus run of the classifier failed: mismatches={r['mismatches']}, first="
                           f"{r['first_mismatches'][:2]}, failed={r['failed_tests']}, counts {counts.shape}")
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", type=Path, default=EXPORT, help="export directory (default export/digits)")
    ap.add_argument("--icarus", type=int, default=5, help="held-out samples also run on Icarus (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="order of the input events within a step")
    args = ap.parse_args(argv)
    t0 = time.time()
    try:
        r = run(args.export, args.icarus, seed=args.seed)
    except FileNotFoundError as e:
        print(f"make sim: {e}", file=sys.stderr)
        return 2
    print(f"\n== make sim MODEL=digits: the exported classifier ({args.export}) on snn_core ==")
    for line in r.table():
        print("  " + line)
    print(f"  Verilator: every membrane of every neuron after every step, the spike counts and the step clock "
          f"counts of {r.samples} samples against the Q8.8 model: {r.record_mismatches} mismatches "
          f"({r.verilator_seconds:.1f} s of simulation)")
    print(f"  wall time {time.time() - t0:.1f} s")
    ok = r.rtl_disagreements == 0 and r.record_mismatches == 0 and r.icarus_disagreements == 0
    print("  PASS: RTL and the Q8.8 model agree on every sample" if ok else "  FAIL: RTL and Q8.8 model disagree")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
