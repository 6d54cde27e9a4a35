"""Verilator deep check of ``nrn_sigma_delta`` (hand-written harness): >= 10M cycles per
parameter set, every registered output of every cycle compared with the unit's bit-true model on raw integers.

The machinery of :mod:`verif.deep.deep` and :mod:`verif.deep.deep_sc` is reused (``deep_io.h`` file format,
segment and reset generators, content-hashed Verilator build of ``tb_<unit>.cpp``, reset-edge check,
:class:`~verif.deep.deep.DeepResult`). Per unit:

* ``nrn_sigma_delta``: segments (50..5000 cycles) of three kinds: realistic (|in| up to 3 Theta), full (any
  input, the ends often) and directed (the model in the loop aims d = act - ref exactly at +-Theta or
  +-(Theta - 1)); resets at random cycles. The model loop is ``SigmaDeltaNeuron.kernel`` and the unit's
  ``wrap16`` compiled with numba (no arithmetic restated here).

Cores declared with a ``CoreSpec`` (``nrn_dendritic`` and the later cores) use the generic
:mod:`verif.deep.deep_core` instead, whose harness is generated from the ports.

A failure reproduces from its printed seed::

    python -m verif.deep.deep_nrn_small --unit nrn_sigma_delta --params default --seed 1234
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from verif.deep import deep, deep_sc

HERE = deep.HERE
DEFAULT_CYCLES = deep.DEFAULT_CYCLES
MUTANT_CYCLES = 200_000
UNITS = ("nrn_sigma_delta",)

LAYOUTS = {
    "nrn_sigma_delta": deep.Layout(
        stim=(("in", "<i2"), ("rst", "u1")),
        out=(("event", "i1"), ("sigma", "<i2"), ("ref", "<i4")),
        at_reset=(("t", "<u4"), ("event", "i1"), ("sigma", "<i2"), ("ref", "<i4")),
    ),
}

# Minimum hits of every corner in a run of DEFAULT_CYCLES cycles (scaled down for shorter runs).
MIN_CORNERS = {
    "nrn_sigma_delta": {
        "event_pos": 100_000, "event_neg": 100_000, "event_zero": 1_000_000, "d_eq_theta": 10_000,
        "d_theta_minus_1": 10_000, "d_eq_neg_theta": 10_000, "d_neg_theta_plus_1": 10_000, "slew": 100_000,
        "sigma_wrap_pos": 10_000, "sigma_wrap_neg": 10_000, "relu_clamp": 10_000, "in_max": 10_000,
        "in_min": 10_000, "reset_mid_run": 200,
    },
}

SD_REALISTIC, SD_FULL, SD_DIRECTED = range(3)
SD_WEIGHTS = (0.4, 0.25, 0.35)


def _check(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; small-neuron deep checks exist for {', '.join(UNITS)}")


def rtl_defaults(unit: str) -> dict[str, int]:
    """The default value of every ``parameter int`` of the RTL, read from its source."""
    return deep_sc.rtl_defaults(unit)


@cache
def _alt(unit: str) -> dict[str, int]:
    import importlib

    return dict(importlib.import_module(f"verif.{unit}.test_{unit}").ALT_PARAMETERS)


def param_sets(unit: str) -> dict[str, dict[str, int]]:
    """``default`` (the RTL's defaults) and ``alt`` (the testbench's ALT_PARAMETERS over the defaults)."""
    _check(unit)
    base = rtl_defaults(unit)
    return {"default": base, "alt": {**base, **_alt(unit)}}


# ---------------------------------------------------------------------------------------------------------
# nrn_sigma_delta


@cache
def _sd_loop() -> Callable[..., None]:
    import numba

    from golden.fixed.sigma_delta_unit import wrap16
    from golden.models.hardware.sigma_delta import SigmaDeltaNeuron

    kern = numba.njit(SigmaDeltaNeuron.kernel)
    wrap = numba.njit(wrap16)

    @numba.njit(nogil=True)
    def loop(x, rst, aim, target, steer, theta, bias, relu, ev_o, sigma_o, ref_o):
        sigma, ref = np.int64(0), np.int64(0)
        for t in range(x.size):
            if rst[t]:
                sigma, ref = np.int64(0), np.int64(0)
                ev_o[t], sigma_o[t], ref_o[t] = 0, 0, 0
                continue
            if steer and aim[t]:
                k = target[t]  # +-1: d = +-Theta; +-2: d = +-(Theta - 1)
                want = ref + theta if k == 1 else ref - theta if k == -1 else ref + theta - 1 if k == 2 \
                    else ref - theta + 1
                if relu == 1 and want < 0:
                    want = np.int64(0)
                x[t] = min(32767, max(-32768, want - bias - sigma))
            s, r, e = kern(wrap(sigma + np.int64(x[t])), ref, 0, theta, bias, relu)
            sigma, ref = np.int64(s), np.int64(r)
            ev_o[t], sigma_o[t], ref_o[t] = e, sigma, ref

    return loop


def _sd_run(stim: dict[str, np.ndarray], params: dict[str, int], steer: bool, aim: np.ndarray | None = None,
            target: np.ndarray | None = None) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    zeros = np.zeros(n, np.int64)
    out = {"event": np.empty(n, np.int64), "sigma": np.empty(n, np.int64), "ref": np.empty(n, np.int64)}
    _sd_loop()(stim["in"], stim["rst"], zeros.astype(np.uint8) if aim is None else aim,
               zeros if target is None else target, steer, params["Theta"], params["Bias"], params["Relu"],
               out["event"], out["sigma"], out["ref"])
    return out


def _sd_generate(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    theta = params["Theta"]
    lengths, kinds = deep._segments(rng, n, 50, 5000, SD_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    x = np.zeros(n, np.int64)
    m = kind == SD_REALISTIC
    sel = kinds == SD_REALISTIC
    w = np.repeat(rng.integers(1, 3 * theta + 1, int(sel.sum())), lengths[sel])
    x[m] = deep._uniform(rng, -w, w)
    m = kind == SD_FULL
    c = int(m.sum())
    x[m] = np.where(rng.random(c) < 0.2, deep._pick(rng, [-32768, 32767], c), rng.integers(-32768, 32768, c))
    m = kind == SD_DIRECTED
    c = int(m.sum())
    x[m] = rng.integers(-theta, theta + 1, c)
    aim = (m & (rng.random(n) < 0.5)).astype(np.uint8)
    target = deep._pick(rng, [1, 2, -1, -2], n).astype(np.int64)  # +-1: d = +-Theta; +-2: d = +-(Theta - 1)
    rst = deep._resets(rng, n).astype(np.uint8)
    stim = {"in": np.clip(x, -32768, 32767).astype(np.int16), "rst": rst}
    _sd_run(stim, params, True, aim, target)
    return stim


def _sd_model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    return _sd_run({k: v.copy() for k, v in stim.items()}, params, False)


def _sd_analyse(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
                out: dict[str, np.ndarray], params: dict[str, int]) -> deep.Analysis:
    theta, bias, relu = params["Theta"], params["Bias"], params["Relu"]
    bad = (rtl["event"] != out["event"]) | (rtl["sigma"] != out["sigma"]) | (rtl["ref"] != out["ref"])
    idx = np.flatnonzero(bad)
    rst = stim["rst"].astype(np.bool_)
    live = ~rst
    x = stim["in"].astype(np.int64)
    sigma_pre, ref_pre = deep._before(out["sigma"], 0), deep._before(out["ref"], 0)
    raw = sigma_pre + x
    act = ((raw + 32768) & 0xFFFF) - 32768 + bias
    clamp = (relu == 1) & (act < 0)
    d = np.where(clamp, 0, act) - ref_pre
    rst_prev = deep._before(stim["rst"], 1).astype(np.bool_)
    hits = {
        "event_pos": live & (out["event"] == 1), "event_neg": live & (out["event"] == -1),
        "event_zero": live & (out["event"] == 0),
        "d_eq_theta": live & (d == theta), "d_theta_minus_1": live & (d == theta - 1),
        "d_eq_neg_theta": live & (d == -theta), "d_neg_theta_plus_1": live & (d == 1 - theta),
        "slew": live & (np.abs(d) >= 2 * theta),
        "sigma_wrap_pos": live & (raw > 32767), "sigma_wrap_neg": live & (raw < -32768),
        "relu_clamp": live & clamp, "in_max": live & (x == 32767), "in_min": live & (x == -32768),
        "reset_mid_run": rst & ~rst_prev & ((sigma_pre != 0) | (ref_pre != 0)),
    }
    corners = {k: int(np.count_nonzero(hits[k])) for k in minimums("nrn_sigma_delta", rst.size, params)}
    first = deep._first_rows(idx, {
        "rst": stim["rst"], "in": stim["in"], "model_sigma_before": deep._prev(out["sigma"], 0),
        "model_ref_before": deep._prev(out["ref"], 0), "rtl_event": rtl["event"], "rtl_sigma": rtl["sigma"],
        "rtl_ref": rtl["ref"], "model_event": out["event"], "model_sigma": out["sigma"], "model_ref": out["ref"]})
    ok = (at_reset["event"] == 0) & (at_reset["sigma"] == 0) & (at_reset["ref"] == 0)
    failures = deep._at_reset("nrn_sigma_delta", at_reset["t"], rst, ok, "event_o = sigma_o = ref_o = 0")
    facts = {"event_rate": round(int(np.count_nonzero(out["event"])) / max(1, rst.size), 5),
             "resets": int(np.count_nonzero(rst))}
    return deep.Analysis(int(idx.size), first, corners, facts, failures)


GENERATE = {"nrn_sigma_delta": _sd_generate}
MODEL = {"nrn_sigma_delta": _sd_model}
ANALYSE = {"nrn_sigma_delta": _sd_analyse}


# ---------------------------------------------------------------------------------------------------------
# common


def generate(unit: str, cycles: int, seed: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """The stimulus: a pure function of (unit, cycles, seed, params) (directed aims use the model in the loop)."""
    _check(unit)
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), got {cycles}")
    return GENERATE[unit](np.random.default_rng(seed), int(cycles), params)


def model(unit: str, stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    _check(unit)
    return MODEL[unit](stim, params)


def analyse(unit: str, stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
            out: dict[str, np.ndarray], params: dict[str, int]) -> deep.Analysis:
    _check(unit)
    return ANALYSE[unit](stim, rtl, at_reset, out, params)


def minimums(unit: str, cycles: int, params: dict[str, int] | None = None) -> dict[str, int]:
    """:data:`MIN_CORNERS` scaled to ``cycles`` (at least 1); bins that the parameters rule out are dropped."""
    _check(unit)
    params = param_sets(unit)["default"] if params is None else params
    scale = min(1.0, cycles / DEFAULT_CYCLES)
    out = {k: max(1, int(v * scale)) for k, v in MIN_CORNERS[unit].items()}
    if unit == "nrn_sigma_delta" and params["Relu"] != 1:
        del out["relu_clamp"]
    return out


def _build(unit: str, params: dict[str, int], rtl_files: Sequence[Path] | None, log: Callable[[str], None]
           ) -> tuple[Path, bool]:
    """deep_sc's cached Verilator build (it builds ``tb_<unit>.cpp`` for any unit it is allowed to)."""
    orig = deep_sc._check_unit
    deep_sc._check_unit = lambda u: None
    try:
        return deep_sc.build(unit, params, rtl_files, log)
    finally:
        deep_sc._check_unit = orig


def run_deep(unit: str, *, cycles: int = DEFAULT_CYCLES, seed: int | None = None, param_set: str = "default",
             rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> deep.DeepResult:
    """Run the deep check of ``unit`` with parameter set ``param_set``; ``rtl_files`` replaces the RTL sources.
    Raises when verilator, make or g++ is missing (a missing simulator is a failure, never a skip)."""
    _check(unit)
    deep._require_compiler()
    sets = param_sets(unit)
    if param_set not in sets:
        raise ValueError(f"unknown parameter set {param_set!r} of {unit}; known: {list(sets)}")
    params = sets[param_set]
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep] {unit}/{param_set}: seed={seed} cycles={cycles:,}")
    timings: dict[str, float] = {}
    t_start = t0 = time.perf_counter()
    stim = generate(unit, cycles, seed, params)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    binary, cached = _build(unit, params, rtl_files, log)
    timings["build"] = time.perf_counter() - t0
    lay = LAYOUTS[unit]
    runs = deep.DEEP_BUILD / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{unit}-{seed}-", dir=runs) as tmp:
        stim_file, out_file = Path(tmp) / "stim.bin", Path(tmp) / "out.bin"
        with open(stim_file, "wb") as f:
            deep.write_block(f, lay.stim, stim)
        t0 = time.perf_counter()
        proc = subprocess.run([str(binary), str(stim_file), str(out_file)], capture_output=True, text=True)
        timings["simulate"] = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {proc.stderr.strip()}")
        t0 = time.perf_counter()
        out = model(unit, stim, params)
        timings["model"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        rtl, at_reset = deep.read_blocks(out_file, [lay.out, lay.at_reset])
        first_col = lay.out[0][0]
        if rtl[first_col].size != cycles:
            raise RuntimeError(f"{binary} wrote {rtl[first_col].size} cycles, expected {cycles}")
        result = analyse(unit, stim, rtl, at_reset, out, params)
        timings["compare"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start
    return deep.DeepResult(unit, param_set, dict(params), seed, cycles, result, minimums(unit, cycles, params),
                           timings, binary.parent.parent, cached, rtl_files is not None)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: run the deep check(s) and print the reports; exit status 1 when any fails."""
    ap = argparse.ArgumentParser(prog="python -m verif.deep.deep_nrn_small", description=__doc__.split("\n\n")[0])
    ap.add_argument("--unit", default="all", help=f"one of {', '.join(UNITS)} or 'all'")
    ap.add_argument("--cycles", type=int, default=DEFAULT_CYCLES)
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (random and printed when omitted)")
    ap.add_argument("--params", default="all", help="parameter set name (default, alt) or 'all'")
    args = ap.parse_args(argv)
    seed = secrets.randbits(32) if args.seed is None else args.seed
    ok = True
    for unit in UNITS if args.unit == "all" else [args.unit]:
        for name in param_sets(unit) if args.params == "all" else [args.params]:
            result = run_deep(unit, cycles=args.cycles, seed=seed, param_set=name)
            print(result.report(), flush=True)
            ok &= result.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
