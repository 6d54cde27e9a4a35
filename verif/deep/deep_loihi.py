"""Verilator deep check of ``nrn_loihi_cuba`` (Loihi CUBA compartment): >= 10M cycles per parameter set, u_o,
v_o and spike_o of every cycle compared with ``LoihiCUBANeuron``'s kernel (through
:mod:`golden.fixed.loihi_cuba_unit`) on raw integers.

The machinery of :mod:`verif.deep.deep` and :mod:`verif.deep.deep_sc` is reused: the file format of
``deep_io.h`` (:func:`deep.write_block`, :func:`deep.read_blocks`), the segment and reset generators, the
content-hashed build cache (:func:`deep_sc.build`, which builds ``tb_<unit>.cpp``), the reset-edge check and
the :class:`~verif.deep.deep.DeepResult` report. What is particular to this core is here:

* stimulus: segments (50..5000 cycles) of five kinds: realistic (sparse weights, one decay pair per segment),
  full (every input uniform over its range), extreme (decays 0 or small, input and bias at an end: u wraps
  and v saturates at both ends), directed (the model in the loop aims v exactly at ``Vth << 6`` or one above)
  and refractory drive (u held near 8.2e6 with the bias at its top: the neuron fires on every free cycle);
  resets at random cycles. The aiming runs the model's own kernel (compiled with numba), so the stimulus is
  a pure function of (parameters, cycles, seed);
* model: the same compiled loop without aiming; the kernel constants of every du, dv, bias come from
  ``LoihiCUBANeuron.derive`` (tables), so no arithmetic is restated here;
* corners (:data:`MIN_CORNERS`, for 10M cycles, scaled down for shorter runs) and the outputs at every reset
  edge, before the clock edge (the reset must be asynchronous).

A failure reproduces from its printed seed::

    python -m verif.deep.deep_loihi --params default --cycles 10000000 --seed 1234
"""

from __future__ import annotations

import argparse
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from golden.fixed.loihi_cuba_unit import BIG, params_from_rtl
from golden.models.hardware.loihi_cuba import LoihiCUBANeuron
from verif.deep import deep, deep_sc

UNIT = "nrn_loihi_cuba"
HERE = deep.HERE
DEFAULT_CYCLES = deep.DEFAULT_CYCLES
MUTANT_CYCLES = 200_000

U_MIN, U_MAX, V_MAX = -(1 << 23), (1 << 23) - 1, (1 << 23) - 1
A_MIN, A_MAX, B_MIN, B_MAX = -(1 << 15), (1 << 15) - 1, -(1 << 12), (1 << 12) - 1
U_HOLD = 8_200_000  # the refractory drive holds u here (with the top bias v saturates: fires at any Vth)

LAYOUT = deep.Layout(
    stim=(("du", "<u2"), ("dv", "<u2"), ("bias", "<i2"), ("a", "<i2"), ("rst", "u1")),
    out=(("u", "<i4"), ("v", "<i4"), ("spike", "u1")),
    at_reset=(("t", "<u4"), ("u", "<i4"), ("v", "<i4"), ("spike", "u1")),
)

# Minimum hits of every corner in a run of DEFAULT_CYCLES cycles (scaled down for shorter runs).
MIN_CORNERS = {
    "spike": 50_000, "no_spike": 1_000_000, "threshold_equal": 1_000, "threshold_plus_1": 1_000,
    "u_wrap_positive": 1_000, "u_wrap_negative": 1_000, "v_sat_positive": 1_000, "v_sat_negative": 1_000,
    "trunc_negative_u": 100_000, "trunc_negative_v": 100_000, "refractory_hold": 100_000,
    "refractory_last": 10_000, "refractory_exit_spike": 5_000, "reset_mid_run": 500, "reset_in_refractory": 10,
    "du_zero": 100_000, "du_max": 100_000, "dv_zero": 100_000, "dv_max": 20_000, "a_max": 10_000,
    "a_min": 10_000, "bias_max": 10_000, "bias_min": 10_000,
}

# segment kinds
REALISTIC, FULL, EXTREME, DIRECTED, DRIVE = range(5)
SEGMENT_WEIGHTS = (0.35, 0.15, 0.2, 0.2, 0.1)
FREE, AIM, HOLD = range(3)  # per-cycle modes of the compiled loop


def rtl_defaults() -> dict[str, int]:
    """The default value of every ``parameter int`` of the RTL, read from its source."""
    return deep_sc.rtl_defaults(UNIT)


@cache
def _alt() -> dict[str, int]:
    from verif.nrn_loihi_cuba.test_nrn_loihi_cuba import ALT_PARAMETERS

    return dict(ALT_PARAMETERS)


def param_sets() -> dict[str, dict[str, int]]:
    """``default`` (the RTL's defaults) and ``alt`` (the testbench's ALT_PARAMETERS over the defaults)."""
    base = rtl_defaults()
    return {"default": base, "alt": {**base, **_alt()}}


def tables(params: dict[str, int]) -> dict[str, Any]:
    """Kernel constants from ``LoihiCUBANeuron.derive``: keep_u[du], keep_v[dv], bias[bias_mant + 4096] (tables
    over every input value) and the scalars vth_eff, ref_load, half, mask, vmax."""
    p = params_from_rtl(params)
    fields = {f: getattr(p, f) for f in ("du", "dv", "vth", "bias_mant", "bias_exp", "refractory")}
    codes = np.arange(4096, dtype=np.int64)
    mants = np.arange(B_MIN, B_MAX + 1, dtype=np.int64)
    d = LoihiCUBANeuron.derive(SimpleNamespace(**{**fields, "du": codes, "dv": codes, "bias_mant": mants}))
    out = {k: np.ascontiguousarray(d[k], dtype=np.int64) for k in ("keep_u", "keep_v", "bias")}
    out.update({k: int(d[k]) for k in ("vth_eff", "ref_load", "half", "mask", "vmax")})
    return out


@cache
def _loop() -> Callable[..., None]:
    """The compiled cycle loop: the model's kernel over the stimulus; AIM and HOLD cycles first overwrite
    their inputs (when ``steer``); every cycle records u, v, spike, the counter, u before the wrap and v
    before saturation (limits lifted with the kernel's own constants)."""
    import numba

    kern = numba.njit(LoihiCUBANeuron.kernel)

    @numba.njit(nogil=True)
    def loop(du, dv, bias, a, rst, mode, delta, dv_start, dv_step, steer, ku, kv, kb, vth_eff, ref_load, half,
             mask, vmax, big, u_o, v_o, spike_o, ref_o, u_raw, v_unsat):
        u, v, r = np.int64(0), np.int64(0), np.int64(0)
        for t in range(du.size):
            if rst[t]:
                u, v, r = np.int64(0), np.int64(0), np.int64(0)
                u_o[t], v_o[t], spike_o[t], ref_o[t], u_raw[t], v_unsat[t] = 0, 0, 0, 0, 0, 0
                continue
            if steer and mode[t] == 2:  # HOLD: u to U_HOLD, no decay, top bias
                du[t], dv[t], bias[t] = 0, 0, 4095
                x = kern(u, v, r, np.int64(0), ku[0], kv[0], kb[8191], big, ref_load, big, 2 * big - 1, big)[0]
                a[t] = min(32767, max(-32768, (8_200_000 - x) // 64))
            elif steer and mode[t] == 1 and r == 0:  # AIM: v == vth_eff + delta
                target = vth_eff + delta[t]
                found = False
                for k in range(4096):
                    d = (dv_start[t] + k * dv_step[t]) % 4096
                    kb_t = kb[np.int64(bias[t]) + 4096]
                    base = kern(u, v, 0, np.int64(0), ku[4095], kv[d], kb_t, big, ref_load, half, mask, big)[1]
                    rest = target - base
                    if rest % 64 == 0 and -32768 <= rest // 64 <= 32767:
                        got = kern(u, v, 0, rest // 64, ku[4095], kv[d], kb_t, big, ref_load, half, mask, vmax)[1]
                        if got == target:
                            du[t], dv[t], a[t] = 4095, d, rest // 64
                            found = True
                            break
                if not found:  # approach the target from below: dv = 0 keeps v, du = 4095 clears u
                    du[t], dv[t], bias[t] = 4095, 0, 0
                    a[t] = min(32767, max(0, (target - v) // 64 - 2))
            kut, kvt, kbt, at = ku[du[t]], kv[dv[t]], kb[np.int64(bias[t]) + 4096], np.int64(a[t])
            u_raw[t] = kern(u, v, 0, at, kut, kvt, kbt, big, ref_load, big, 2 * big - 1, big)[0]
            v_unsat[t] = kern(u, v, 0, at, kut, kvt, kbt, big, ref_load, half, mask, big)[1]
            u, v, r, s = kern(u, v, r, at, kut, kvt, kbt, vth_eff, ref_load, half, mask, vmax)
            u_o[t], v_o[t], spike_o[t], ref_o[t] = u, v, s, r

    return loop


def _run_loop(stim: dict[str, np.ndarray], params: dict[str, int], steer: bool,
              mode: np.ndarray | None = None, delta: np.ndarray | None = None,
              dv_start: np.ndarray | None = None, dv_step: np.ndarray | None = None) -> dict[str, np.ndarray]:
    n = stim["rst"].size
    tb = tables(params)
    zeros = np.zeros(n, dtype=np.int64)
    out = {"u": np.empty(n, np.int64), "v": np.empty(n, np.int64), "spike": np.empty(n, np.uint8),
           "refractory": np.empty(n, np.int64), "u_raw": np.empty(n, np.int64), "v_unsat": np.empty(n, np.int64)}
    _loop()(stim["du"], stim["dv"], stim["bias"], stim["a"], stim["rst"],
            zeros.astype(np.uint8) if mode is None else mode, zeros if delta is None else delta,
            zeros if dv_start is None else dv_start, zeros + 1 if dv_step is None else dv_step, steer,
            tb["keep_u"], tb["keep_v"], tb["bias"], tb["vth_eff"], tb["ref_load"], tb["half"], tb["mask"],
            tb["vmax"], BIG, out["u"], out["v"], out["spike"], out["refractory"], out["u_raw"], out["v_unsat"])
    return out


def generate(cycles: int, seed: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """The stimulus: a pure function of (cycles, seed, params) (the aim uses the model in the loop)."""
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), got {cycles}")
    rng = np.random.default_rng(seed)
    n = int(cycles)
    lengths, kinds = deep._segments(rng, n, 50, 5000, SEGMENT_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    du, dv = np.zeros(n, np.uint16), np.zeros(n, np.uint16)
    bias, a = np.zeros(n, np.int16), np.zeros(n, np.int16)
    mode, delta = np.zeros(n, np.uint8), np.zeros(n, np.int64)

    def decay(count: int) -> np.ndarray:
        return np.where(rng.random(count) < 0.3, deep._pick(rng, [0, 4095], count), rng.integers(0, 4096, count))

    seg = (kinds == REALISTIC) | (kinds == DIRECTED)
    m = np.repeat(seg, lengths)
    du[m] = np.repeat(rng.integers(50, 2001, int(seg.sum())), lengths[seg])
    dv[m] = np.repeat(rng.integers(50, 2001, int(seg.sum())), lengths[seg])
    bias[m] = np.repeat(rng.integers(-20, 41, int(seg.sum())), lengths[seg])
    w = np.repeat(rng.integers(20, 601, int(seg.sum())), lengths[seg])
    rate = np.repeat(rng.random(int(seg.sum())), lengths[seg])
    a[m] = np.where(rng.random(w.size) < rate, deep._uniform(rng, -(w // 3), w), 0)

    dseg = kinds == DIRECTED
    dm = np.repeat(dseg, lengths)
    frac = np.repeat(deep._pick(rng, [0.05, 0.3, 1.0], int(dseg.sum())), lengths[dseg])
    mode[dm] = np.where(rng.random(frac.size) < frac, AIM, FREE)
    delta[dm] = rng.integers(0, 2, frac.size)

    m = kind == FULL
    c = int(m.sum())
    du[m], dv[m] = rng.integers(0, 4096, c), rng.integers(0, 4096, c)
    bias[m], a[m] = rng.integers(B_MIN, B_MAX + 1, c), rng.integers(A_MIN, A_MAX + 1, c)

    eseg = kinds == EXTREME
    m = np.repeat(eseg, lengths)
    c = int(m.sum())
    sign = np.repeat(deep._pick(rng, [-1, 1], int(eseg.sum())), lengths[eseg])
    du[m] = np.where(rng.random(c) < 0.7, 0, decay(c) % 31)
    dv[m] = np.where(rng.random(c) < 0.7, 0, decay(c) % 31)
    a[m] = np.where(rng.random(c) < 0.8, np.where(sign > 0, A_MAX, A_MIN), rng.integers(A_MIN, A_MAX + 1, c))
    bias[m] = np.where(rng.random(c) < 0.7, np.where(sign > 0, B_MAX, B_MIN), rng.integers(B_MIN, B_MAX + 1, c))
    wild = m & (rng.random(n) < 0.05)
    du[wild], dv[wild] = decay(int(wild.sum())), decay(int(wild.sum()))

    m = kind == DRIVE
    mode[m] = np.where(rng.random(int(m.sum())) < 0.9, HOLD, FREE)
    c = int(np.count_nonzero(m & (mode == FREE)))
    free = m & (mode == FREE)
    du[free], dv[free], a[free] = decay(c), decay(c), rng.integers(-50, 51, c)

    rst = deep._resets(rng, n).astype(np.uint8)
    stim = {"du": du, "dv": dv, "bias": bias, "a": a, "rst": rst}
    dv_start = rng.integers(0, 4096, n)
    dv_step = 2 * rng.integers(0, 2048, n) + 1  # odd: k * step runs through every dv
    _run_loop(stim, params, True, mode, delta, dv_start, dv_step)
    return stim


def model(stim: dict[str, np.ndarray], params: dict[str, int]) -> dict[str, np.ndarray]:
    """The model's registered outputs (and counter, u before the wrap, v before saturation) of every cycle."""
    return _run_loop({k: v.copy() for k, v in stim.items()}, params, False)


def minimums(cycles: int, params: dict[str, int] | None = None) -> dict[str, int]:
    """:data:`MIN_CORNERS` scaled to ``cycles`` (at least 1); the refractory bins need Refractory > 1."""
    params = param_sets()["default"] if params is None else params
    scale = min(1.0, cycles / DEFAULT_CYCLES)
    out = {k: max(1, int(v * scale)) for k, v in MIN_CORNERS.items()}
    if params["Refractory"] <= 1:
        for k in ("refractory_hold", "refractory_last", "refractory_exit_spike", "reset_in_refractory"):
            del out[k]
    return out


def analyse(stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray], at_reset: dict[str, np.ndarray],
            out: dict[str, np.ndarray], params: dict[str, int]) -> deep.Analysis:
    """Compare u_o, v_o, spike_o every cycle; count the corners from the model's state before each cycle."""
    tb = tables(params)
    vth_eff = tb["vth_eff"]
    bad = (rtl["u"] != out["u"]) | (rtl["v"] != out["v"]) | (rtl["spike"] != out["spike"])
    idx = np.flatnonzero(bad)
    rst = stim["rst"].astype(np.bool_)
    u_pre, v_pre = deep._before(out["u"], 0), deep._before(out["v"], 0)
    ref_pre = deep._before(out["refractory"], 0)
    ref_pre2 = deep._before(ref_pre, 0)
    rst_prev = deep._before(stim["rst"], 1).astype(np.bool_)
    du, dv = stim["du"].astype(np.int64), stim["dv"].astype(np.int64)
    a, bias = stim["a"].astype(np.int64), stim["bias"].astype(np.int64)
    live = ~rst
    active = live & (ref_pre == 0)
    spike = out["spike"] == 1
    v_sat = np.clip(out["v_unsat"], -tb["vmax"], tb["vmax"])
    rst_edge = rst & ~rst_prev
    hits = {
        "spike": spike,
        "no_spike": active & ~spike,
        "threshold_equal": active & (v_sat == vth_eff),
        "threshold_plus_1": active & (v_sat == vth_eff + 1),
        "u_wrap_positive": live & (out["u_raw"] > U_MAX),
        "u_wrap_negative": live & (out["u_raw"] < U_MIN),
        "v_sat_positive": active & (out["v_unsat"] > V_MAX),
        "v_sat_negative": active & (out["v_unsat"] < -V_MAX),
        "trunc_negative_u": live & (u_pre < 0) & ((u_pre * tb["keep_u"][du]) % 4096 != 0),
        "trunc_negative_v": live & (v_pre < 0) & ((v_pre * tb["keep_v"][dv]) % 4096 != 0),
        "refractory_hold": live & (ref_pre > 0),
        "refractory_last": live & (ref_pre == 1),
        "refractory_exit_spike": spike & (ref_pre == 0) & (ref_pre2 == 1) & ~rst_prev,
        "reset_mid_run": rst_edge & ((u_pre != 0) | (v_pre != 0) | (ref_pre != 0)),
        "reset_in_refractory": rst_edge & (ref_pre > 0),
        "du_zero": live & (du == 0), "du_max": live & (du == 4095),
        "dv_zero": live & (dv == 0), "dv_max": live & (dv == 4095),
        "a_max": live & (a == A_MAX), "a_min": live & (a == A_MIN),
        "bias_max": live & (bias == B_MAX), "bias_min": live & (bias == B_MIN),
    }
    corners = {k: int(np.count_nonzero(hits[k])) for k in minimums(stim["rst"].size, params)}
    first = deep._first_rows(idx, {
        "rst": stim["rst"], "du": stim["du"], "dv": stim["dv"], "bias": stim["bias"], "a": stim["a"],
        "model_u_before": deep._prev(out["u"], 0), "model_v_before": deep._prev(out["v"], 0),
        "rtl_u": rtl["u"], "rtl_v": rtl["v"], "rtl_spike": rtl["spike"],
        "model_u": out["u"], "model_v": out["v"], "model_spike": out["spike"]})
    ok = (at_reset["u"] == 0) & (at_reset["v"] == 0) & (at_reset["spike"] == 0)
    failures = deep._at_reset(UNIT, at_reset["t"], rst, ok, "u_o = v_o = 0 and spike_o = 0")
    facts = {"spike_rate": round(int(np.count_nonzero(spike)) / max(1, rst.size), 5),
             "resets": int(np.count_nonzero(rst)), "aimed_threshold_hits": corners["threshold_equal"]
             + corners["threshold_plus_1"]}
    return deep.Analysis(int(idx.size), first, corners, facts, failures)


def run_deep(*, cycles: int = DEFAULT_CYCLES, seed: int | None = None, param_set: str = "default",
             rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> deep.DeepResult:
    """Run the deep check with parameter set ``param_set`` (see :func:`param_sets`).

    ``rtl_files`` replaces the RTL sources (e.g. a mutated copy, to show that the check can fail).
    Raises when verilator, make or g++ is missing (a missing simulator is a failure, never a skip).
    """
    deep._require_compiler()
    sets = param_sets()
    if param_set not in sets:
        raise ValueError(f"unknown parameter set {param_set!r} of {UNIT}; known: {list(sets)}")
    params = sets[param_set]
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep] {UNIT}/{param_set}: seed={seed} cycles={cycles:,}")
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    t0 = time.perf_counter()
    stim = generate(cycles, seed, params)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    binary, cached = _build(params, rtl_files, log)
    timings["build"] = time.perf_counter() - t0

    runs = deep.DEEP_BUILD / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{UNIT}-{seed}-", dir=runs) as tmp:
        stim_file, out_file = Path(tmp) / "stim.bin", Path(tmp) / "out.bin"
        t0 = time.perf_counter()
        with open(stim_file, "wb") as f:
            deep.write_block(f, LAYOUT.stim, stim)
        timings["write"] = time.perf_counter() - t0
        sim: dict[str, Any] = {}
        t_sim = time.perf_counter()
        proc = subprocess.Popen([str(binary), str(stim_file), str(out_file)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

        def wait() -> None:
            sim["stdout"], sim["stderr"] = proc.communicate()
            sim["end"] = time.perf_counter()

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        t0 = time.perf_counter()
        out = model(stim, params)  # while the simulator runs
        timings["model"] = time.perf_counter() - t0
        waiter.join()
        timings["simulate"] = sim["end"] - t_sim
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {sim['stderr'].strip()}")
        t0 = time.perf_counter()
        rtl, at_reset = deep.read_blocks(out_file, [LAYOUT.out, LAYOUT.at_reset])
        if rtl["u"].size != cycles:
            raise RuntimeError(f"{binary} wrote {rtl['u'].size} cycles, expected {cycles}")
        analysis = analyse(stim, rtl, at_reset, out, params)
        timings["compare"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start
    return deep.DeepResult(UNIT, param_set, dict(params), seed, cycles, analysis, minimums(cycles, params),
                           timings, binary.parent.parent, cached, rtl_files is not None)


def _build(params: dict[str, int], rtl_files: Sequence[Path] | None, log: Callable[[str], None]
           ) -> tuple[Path, bool]:
    """deep_sc's cached Verilator build (it builds ``tb_<unit>.cpp`` for any unit it is allowed to)."""
    orig = deep_sc._check_unit
    deep_sc._check_unit = lambda unit: None  # deep_sc only knows stream cells; the build itself is generic
    try:
        return deep_sc.build(UNIT, params, rtl_files, log)
    finally:
        deep_sc._check_unit = orig


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: run the deep check(s) and print the reports; exit status 1 when any fails."""
    ap = argparse.ArgumentParser(prog="python -m verif.deep.deep_loihi", description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=DEFAULT_CYCLES)
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (random and printed when omitted)")
    ap.add_argument("--params", default="all", help="parameter set name (default, alt) or 'all'")
    args = ap.parse_args(argv)
    seed = secrets.randbits(32) if args.seed is None else args.seed
    ok = True
    for name in param_sets() if args.params == "all" else [args.params]:
        result = run_deep(cycles=args.cycles, seed=seed, param_set=name)
        print(result.report(), flush=True)
        ok &= result.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
