"""Throughput of the packed stochastic-computing library: AND multiply + popcount on one core.

Gbit/s of stream processed = 64 * words / seconds, where ``words`` is the number of 64-bit words of ONE operand
(each output bit needs one bit of each operand: 16 bytes read per word). Three ways, same data, same counts:

* ``and_count`` (golden.sc): one fused pass, numba kernel with llvm.ctpop per word (the multiplier and its
  output counter), per-stream counts;
* numpy two-step: ``np.bitwise_and(a, b, out=tmp)`` then ``np.bitwise_count(tmp).sum(axis=-1)``;
* composed API: ``popcount(mul_and(a, b))`` (allocates the product stream).

Batches of streams x words (N = 4096-bit streams, 64 words each) at three sizes: both operands in L2, in L3,
and far beyond the last-level cache (DRAM bandwidth bound). Best of several repeats; the numba kernel is
compiled (and warmed up) before timing. numpy and the numba kernel are single-threaded here: one core.
Writes ``build/bench/sc_throughput.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from golden.sc import Bitstream, and_count, mul_and, popcount

OUT = Path(__file__).resolve().parents[1] / "build" / "bench"
STREAM_BITS = 4096
WORDS_PER_STREAM = STREAM_BITS // 64
# (label, streams): bytes per operand = streams * 64 words * 8 B
SIZES = (("L2 (2 x 128 KiB)", 256), ("L3 (2 x 4 MiB)", 8192), ("DRAM (2 x 128 MiB)", 262144))
TARGET_GBITS = 40.0


def _cache_sizes() -> str:
    try:
        import subprocess

        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        return "; ".join(" ".join(line.split()) for line in out.splitlines() if "cache" in line and "L1i" not in line)
    except Exception:  # noqa: BLE001 - lscpu is informative only
        return "cache sizes unknown"


def best_seconds(fn: Callable[[], object], budget_s: float = 0.25, repeats: int = 5) -> float:
    """Best time of one call over ``repeats`` rounds, each round long enough to be measured (~budget/repeats)."""
    t = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t, 1e-7)
    inner = max(1, int(budget_s / repeats / once))
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(inner):
            fn()
        best = min(best, (time.perf_counter() - t) / inner)
    return best


def run(sizes: tuple[tuple[str, int], ...] = SIZES) -> list[dict]:
    rng = np.random.default_rng(1)
    rows = []
    for label, streams in sizes:
        shape = (streams, WORDS_PER_STREAM)
        a = Bitstream(rng.integers(0, 2**64, shape, dtype=np.uint64, endpoint=False), STREAM_BITS)
        b = Bitstream(rng.integers(0, 2**64, shape, dtype=np.uint64, endpoint=False), STREAM_BITS)
        tmp = np.empty(shape, np.uint64)

        def numpy_two_step(a: Bitstream = a, b: Bitstream = b, tmp: np.ndarray = tmp) -> np.ndarray:
            np.bitwise_and(a.words, b.words, out=tmp)
            return np.bitwise_count(tmp).sum(axis=-1, dtype=np.int64)

        ref = numpy_two_step()
        methods = {"and_count (fused, numba)": lambda a=a, b=b: and_count(a, b),
                   "numpy and + bitwise_count": numpy_two_step,
                   "popcount(mul_and(a, b))": lambda a=a, b=b: popcount(mul_and(a, b))}
        words = a.words.size
        row: dict = {"size": label, "streams": streams, "words_per_operand": words,
                     "bytes_per_operand": words * 8, "gbit_per_s": {}}
        for name, fn in methods.items():
            if not np.array_equal(fn(), ref):
                raise AssertionError(f"{name} disagrees with the numpy reference")
            row["gbit_per_s"][name] = 64 * words / best_seconds(fn) / 1e9
        rows.append(row)
    return rows


def report(rows: list[dict], machine: str) -> None:
    names = list(rows[0]["gbit_per_s"])
    print(f"\n## Stochastic computing: AND + popcount throughput, one core ({machine})\n")
    print(f"Gbit/s = 64 x words / s (words of one operand); {STREAM_BITS}-bit streams; target >= {TARGET_GBITS:g} "
          f"Gbit/s. {_cache_sizes()}.\n")
    print("| arrays | streams x words | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 2) + "|")
    for r in rows:
        cells = " | ".join(f"{r['gbit_per_s'][k]:.1f}" for k in names)
        print(f"| {r['size']} | {r['streams']} x {WORDS_PER_STREAM} | {cells} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="skip the DRAM-sized arrays")
    args = ap.parse_args(argv)
    machine = f"{platform.processor() or platform.machine()}, numpy {np.__version__}"
    rows = run(SIZES[:2] if args.quick else SIZES)
    report(rows, machine)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sc_throughput.json").write_text(json.dumps({"machine": machine, "cache": _cache_sizes(),
                                                        "stream_bits": STREAM_BITS, "rows": rows}, indent=1))
    print(f"\nwritten: {OUT / 'sc_throughput.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
