"""Accuracy of the stochastic-computing primitives vs stream length, on the bit-true models of ``golden.sc``.

For N in 64 ... 4096 and 2000 random operand pairs (fixed seed), the mean absolute error (MAE) of

* multiply: AND of two unipolar streams, against a b;
* scaled add: 2:1 MUX with a select stream of P = 1/2, against (a + b)/2;
* divide: CORDIV (Chen & Hayes 2016) for x <= y, against x / y, once with the operands from the column's
  source pairing (independent for Bernoulli, LFSR two seeds and Sobol: CORDIV then computes P(x), not x/y) and
  once from ONE generator of the column's kind (shared draws, SCC = +1: the input CORDIV is designed for);
* tanh: the 8-state FSM of Brown & Card 2001 on a bipolar stream, against tanh(8/2 y);

for five number sources: independent Bernoulli (numpy PCG64), LFSR16 with two seeds (a third for the MUX select),
one shared LFSR16 (every operand from the same SNG sequence), and Sobol (16 bit; dimension 1 for the first
operand, dimension 2 for the second, dimension 3 for the select; the single-operand tanh uses dimension 1),
plain and with the digital shifts 0xAAAA / 0x5555 on dimensions 1 / 2 (the reset values of the point registers:
they cancel the +1/2-count bias of unshifted points, see golden/sc/sobol.py).
Operands are drawn on the 16-bit grid k / 2^16 (k uniform, k >= 1 for the divisor), so every hardware source
represents them without rounding and the error is the stream's alone. The mean SCC (Alaghi & Hayes 2013) of the
two multiply operands shows which pairings are correlated.

Prints Markdown tables (multiply side by side with the figures of the reference anchors), writes
``build/bench/sc_accuracy.json`` and the log-log plot ``build/bench/sc_accuracy.png`` with the guides
0.28/sqrt(N) (random streams) and 0.7/N (low-discrepancy streams).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from golden.sc import (
    BernoulliSource,
    LfsrSource,
    NumberSource,
    SobolSource,
    cordiv,
    decode,
    encode,
    encode_shared,
    fsm_tanh,
    mul_and,
    mux_add,
    popcount,
    scc,
)

OUT = Path(__file__).resolve().parents[1] / "build" / "bench"
LENGTHS = (64, 128, 256, 512, 1024, 2048, 4096)
PAIRS = 2000
SEED = 20240917
FSM_STATES = 8
LFSR_SEEDS = (0xACE1, 0x7A3B, 0xC0DE)  # phases 0, 14259, 7440 of the m-sequence: windows <= 4096 never overlap

SOURCES = {
    "bernoulli": "independent Bernoulli",
    "lfsr2": "LFSR16, two seeds",
    "lfsr_shared": "one shared LFSR16",
    "sobol": "Sobol16, dims 1 x 2",
    "sobol_shift": "Sobol16, dims 1 x 2, shifts 0xAAAA / 0x5555",
}
# MAE (%) of the AND multiply, 2000 random pairs: ../shared/reference/anchors.md, "Stochastic computing"
ANCHOR_MUL = {"bernoulli": {256: 1.79, 1024: 0.87}, "lfsr2": {256: 1.62, 1024: 0.71},
              "lfsr_shared": {256: 12.3, 1024: 7.6}, "sobol": {256: 0.27, 1024: 0.070},
              "sobol_shift": {256: 0.27, 1024: 0.070}}
SOBOL_SHIFTS = (0xAAAA, 0x5555, 0)
OPS = {
    "multiply": "AND multiply (unipolar) vs a b",
    "add": "MUX scaled add vs (a+b)/2",
    "divide": "CORDIV x/y, operands from the column's pairing",
    "divide_shared": "CORDIV x/y, operands from one generator of the column's kind (SCC = +1)",
    "tanh": f"FSM tanh, K = {FSM_STATES}, vs tanh(K/2 y)",
}


def make_sources(kind: str) -> tuple[NumberSource, NumberSource, NumberSource]:
    """(first operand, second operand, MUX select) sources of one pairing; fresh (reset) for every N."""
    if kind == "bernoulli":
        s = BernoulliSource(SEED + 1)  # every encode draws new numbers: independent streams
        return s, s, s
    if kind == "lfsr2":
        a, b, c = (LfsrSource(seed=sd) for sd in LFSR_SEEDS)
        return a, b, c
    if kind == "lfsr_shared":
        s = LfsrSource(seed=LFSR_SEEDS[0])
        return s, s, s
    if kind in ("sobol", "sobol_shift"):
        shifts = SOBOL_SHIFTS if kind == "sobol_shift" else (0, 0, 0)
        a, b, c = (SobolSource(width=16, dim=d, shift=sh) for d, sh in zip((1, 2, 3), shifts, strict=True))
        return a, b, c
    raise ValueError(f"unknown source pairing {kind!r}; known: {list(SOURCES)}")


def operands(rng: np.random.Generator) -> dict[str, np.ndarray]:
    grid = 1 << 16
    a = rng.integers(0, grid, PAIRS) / grid
    b = rng.integers(0, grid, PAIRS) / grid
    u, v = rng.integers(1, grid, (2, PAIRS)) / grid
    y = rng.integers(0, grid, PAIRS) / grid * 2.0 - 1.0  # bipolar, p = (y+1)/2 on the grid
    return {"a": a, "b": b, "x": np.minimum(u, v), "y": np.maximum(u, v), "t": y}


def measure(kind: str, n: int, ops: dict[str, np.ndarray]) -> tuple[dict[str, float], float]:
    """MAE (%) per op for one source pairing and stream length, and the mean SCC of the multiply operands (over
    the pairs where it is defined: neither stream constant)."""
    sa, sb, ssel = make_sources(kind)
    a, b, x, y, t = ops["a"], ops["b"], ops["x"], ops["y"], ops["t"]
    mae: dict[str, float] = {}
    sa_a, sb_b = encode(a, n, sa), encode(b, n, sb)
    mae["multiply"] = np.abs(decode(mul_and(sa_a, sb_b)) - a * b).mean()
    sel = encode(np.full(PAIRS, 0.5), n, ssel)
    mae["add"] = np.abs(decode(mux_add(sa_a, sb_b, sel)) - (a + b) / 2).mean()
    mae["divide"] = np.abs(decode(cordiv(encode(x, n, sa), encode(y, n, sb))) - x / y).mean()
    xs, ys = encode_shared([x, y], n, sa)
    mae["divide_shared"] = np.abs(decode(cordiv(xs, ys)) - x / y).mean()
    out = fsm_tanh(encode(t, n, sa, encoding="bipolar"), states=FSM_STATES)
    mae["tanh"] = np.abs(decode(out, encoding="bipolar") - np.tanh(FSM_STATES / 2 * t)).mean()
    ca, cb = popcount(sa_a), popcount(sb_b)
    defined = (ca > 0) & (ca < n) & (cb > 0) & (cb < n)
    return {k: 100.0 * float(v) for k, v in mae.items()}, float(np.mean(scc(sa_a, sb_b)[defined]))


def run() -> dict:
    ops = operands(np.random.default_rng(SEED))
    res: dict = {"seed": SEED, "pairs": PAIRS, "lengths": list(LENGTHS), "fsm_states": FSM_STATES,
                 "sources": SOURCES, "ops": OPS, "lfsr_seeds": [hex(s) for s in LFSR_SEEDS],
                 "anchor_multiply_mae_percent": ANCHOR_MUL,
                 "mae_percent": {op: {k: [] for k in SOURCES} for op in OPS},
                 "scc_mean": {k: [] for k in SOURCES}}
    t0 = time.perf_counter()
    for n in LENGTHS:
        for kind in SOURCES:
            mae, s = measure(kind, n, ops)
            for op, v in mae.items():
                res["mae_percent"][op][kind].append(v)
            res["scc_mean"][kind].append(s)
    res["seconds"] = time.perf_counter() - t0
    # the FSM's own floor: its exact stationary output tanh(K/2 artanh y) against the target tanh(K/2 y)
    t = ops["t"]
    stationary = np.tanh(FSM_STATES / 2 * np.arctanh(np.clip(t, -1 + 1e-12, 1 - 1e-12)))
    res["tanh_floor_mae_percent"] = 100.0 * float(np.abs(stationary - np.tanh(FSM_STATES / 2 * t)).mean())
    # min(a, b) - a b: what the shared LFSR's AND computes instead of a b, for these operands
    res["shared_min_vs_product_mae_percent"] = 100.0 * float(np.abs(np.minimum(ops["a"], ops["b"])
                                                                     - ops["a"] * ops["b"]).mean())
    return res


def _pct(v: float) -> str:
    return f"{v:.3g}%"


def report(res: dict) -> None:
    lengths = res["lengths"]
    print(f"\n## Stochastic computing: MAE vs stream length ({res['pairs']} operand pairs, seed {res['seed']}, "
          f"bit-true models of golden.sc; {res['seconds']:.1f} s)\n")
    print("Sources: " + "; ".join(f"**{k}** = {v}" for k, v in res["sources"].items())
          + f". LFSR seeds {', '.join(res['lfsr_seeds'])} (the third drives the MUX select). Sobol: dimension 1 "
          "for the first operand, 2 for the second, 3 (unshifted) for the select; tanh uses dimension 1. Operands "
          "on the 16-bit grid. Anchor figures in parentheses (one Sobol column in the anchors).\n")
    print("### AND multiply: measured (anchor)\n")
    print("| N | " + " | ".join(SOURCES) + " | 0.28/sqrt(N) | 0.7/N |")
    print("|---" * (len(SOURCES) + 3) + "|")
    mul = res["mae_percent"]["multiply"]
    for i, n in enumerate(lengths):
        cells = []
        for k in SOURCES:
            anc = ANCHOR_MUL[k].get(n)
            cells.append(_pct(mul[k][i]) + (f" ({_pct(anc)})" if anc is not None else ""))
        print(f"| {n} | " + " | ".join(cells) + f" | {_pct(28 / np.sqrt(n))} | {_pct(70 / n)} |")
    print(f"\nShared LFSR: AND computes min(a, b); |min(a, b) - a b| averages "
          f"{_pct(res['shared_min_vs_product_mae_percent'])} over these pairs (the N -> inf limit).")
    for op, label in OPS.items():
        if op == "multiply":
            continue
        print(f"\n### {label}: MAE\n")
        print("| N | " + " | ".join(SOURCES) + " |")
        print("|---" * (len(SOURCES) + 1) + "|")
        for i, n in enumerate(lengths):
            print(f"| {n} | " + " | ".join(_pct(res["mae_percent"][op][k][i]) for k in SOURCES) + " |")
    print(f"\nFSM floor: the exact stationary output tanh(K/2 artanh y) differs from tanh(K/2 y) by "
          f"{_pct(res['tanh_floor_mae_percent'])} on average over these operands.")
    print("\n### Mean SCC of the two multiply operand streams (Alaghi & Hayes 2013; pairs with a constant stream, "
          "where SCC is undefined, left out)\n")
    print("| N | " + " | ".join(SOURCES) + " |")
    print("|---" * (len(SOURCES) + 1) + "|")
    for i, n in enumerate(lengths):
        print(f"| {n} | " + " | ".join(f"{res['scc_mean'][k][i]:+.3f}" for k in SOURCES) + " |")


def plot(res: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = np.array(res["lengths"], dtype=float)
    fig, axes = plt.subplots(2, 3, figsize=(16, 9.5), constrained_layout=True)
    guides: list[tuple[str, Callable[[np.ndarray], np.ndarray], str]] = [
        ("0.28/sqrt(N)", lambda m: 28 / np.sqrt(m), "k--"), ("0.7/N", lambda m: 70 / m, "k:")]
    for ax, (op, label) in zip(axes.flat, OPS.items(), strict=False):
        for k, lab in res["sources"].items():
            ax.loglog(n, res["mae_percent"][op][k], "o-", label=lab)
        for gl, f, style in guides:
            ax.loglog(n, f(n), style, lw=1, label=gl)
        if op == "multiply":
            for k in res["sources"]:
                an = ANCHOR_MUL[k]
                ax.loglog(list(an), list(an.values()), "x", color="grey", ms=8)
        ax.set_title(label, fontsize=9)
        ax.set_xlabel("stream length N")
        ax.set_ylabel("MAE (%)")
        ax.grid(True, which="both", alpha=0.3)
    axes.flat[0].legend(fontsize=7)
    ax = axes.flat[5]
    for k, lab in res["sources"].items():
        ax.semilogx(n, res["scc_mean"][k], "o-", label=lab)
    ax.set_title("mean SCC of the multiply operands", fontsize=9)
    ax.set_xlabel("stream length N")
    ax.set_ylim(-1.05, 1.05)
    ax.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"golden.sc bit-true models, {res['pairs']} operand pairs (x: anchors)")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-plot", action="store_true", help="skip the PNG")
    args = ap.parse_args(argv)
    res = run()
    report(res)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sc_accuracy.json").write_text(json.dumps(res, indent=1))
    written = [OUT / "sc_accuracy.json"]
    if not args.no_plot:
        plot(res, OUT / "sc_accuracy.png")
        written.append(OUT / "sc_accuracy.png")
    print("\nwritten: " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
