"""Verilator deep checks of the stochastic-computing stream cells (``sc_mul_and`` ... ``sc_counter``): >= 10M
cycles per unit, every output of every cycle compared with :mod:`golden.sc.units` on raw integers.

The same machinery as :mod:`verif.deep.deep` (file format of ``deep_io.h``, content-hashed build cache in
``build/deep/<unit>/<key>/``, the simulator running in its own process while the model runs here, the
:class:`~verif.deep.deep.DeepResult` report), reused from there; what is particular to a cell comes from its
:class:`~verif.common.stream_bench.StreamSpec` (``verif/<key>/test_<key>.py``), which the cocotb testbench
uses too:

* stimulus: :func:`verif.common.stream_bench.stimulus` (segments of independent, correlated, identical,
  constant and extreme streams; enable segments; resets);
* model: the unit's :class:`~golden.sc.units.StreamUnit` (built on :mod:`golden.sc.bitstream`);
* corners: the generic bins of :func:`~verif.common.stream_bench.corners` plus the unit's own, with the
  minimums of ``SPEC.deep_minimums`` (and :data:`GENERIC_MINIMUMS`) for a 10M-cycle run, scaled down for
  shorter runs; the unit's invariants; and the outputs at every reset edge, before the clock edge (the reset
  must be asynchronous).

The units are discovered: every registered unit whose testbench defines a ``SPEC``. Their parameter sets:
``default`` (the RTL's defaults, read from the RTL source, so they are written once) and ``SPEC.alt_params``.
A failure reproduces from its printed seed::

    python -m verif.deep.deep_sc --unit sc_cordiv --params default --cycles 10000000 --seed 1234
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import importlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from golden import registry
from verif.common import stream_bench as sb
from verif.common.rtl import INCLUDE, ROOT, sources, waivers
from verif.deep import deep

HERE = Path(__file__).resolve().parent
DEFAULT_CYCLES = deep.DEFAULT_CYCLES

# Minimum hits of the generic bins in a run of DEFAULT_CYCLES cycles (each unit adds its own).
GENERIC_MINIMUMS = {"reset_mid_run": 500, "reset_clears_one": 100, "hold_one": 100_000, "hold_zero": 100_000,
                    "zero_run": 100_000, "full_run": 100_000, "inputs_equal_run": 100_000}


@cache
def units() -> tuple[str, ...]:
    """Registered units whose testbench module defines a :class:`StreamSpec` ``SPEC``."""
    out = []
    for key in registry.units():
        if not (ROOT / "verif" / key / f"test_{key}.py").exists():
            continue
        mod = importlib.import_module(f"verif.{key}.test_{key}")
        if isinstance(getattr(mod, "SPEC", None), sb.StreamSpec):
            out.append(key)
    return tuple(out)


def spec(unit: str) -> sb.StreamSpec:
    _check_unit(unit)
    return importlib.import_module(f"verif.{unit}.test_{unit}").SPEC


def _check_unit(unit: str) -> None:
    if unit not in units():
        raise ValueError(f"unknown unit {unit!r}; stream-cell deep checks exist for {', '.join(units())}")


_PARAM = re.compile(r"^\s*parameter\s+int\s+(\w+)\s*=\s*(\d+)\s*[,)]?", re.MULTILINE)


def rtl_defaults(unit: str) -> dict[str, int]:
    """The default value of every ``parameter int`` of the unit's RTL, read from its source."""
    text = sources(unit)[-1].read_text()
    return {name: int(value) for name, value in _PARAM.findall(text)}


def param_sets(unit: str) -> dict[str, dict[str, int]]:
    """``default`` (the RTL's defaults) and the unit's ``SPEC.alt_params`` (over the defaults)."""
    base = rtl_defaults(unit)
    return {"default": base, **{k: {**base, **v} for k, v in spec(unit).alt_params.items()}}


def layout(unit: str, params: dict[str, int]) -> deep.Layout:
    """Columns of the stimulus, output and reset-edge blocks (must match ``tb_<unit>.cpp``)."""
    model = spec(unit).model.from_rtl(params)
    outs = tuple((p.name, sb.dtype_of(p)) for p in model.outputs)
    return deep.Layout(stim=(*((k, "u1") for k in model.INPUTS), ("en", "u1"), ("rst", "u1")), out=outs,
                       at_reset=(("t", "<u4"), *outs))


def generate(unit: str, cycles: int, seed: int) -> dict[str, np.ndarray]:
    """The stimulus of ``unit``: a pure function of (unit, cycles, seed)."""
    _check_unit(unit)
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), got {cycles}")
    return sb.stimulus(spec(unit), np.random.default_rng(seed), int(cycles))


def bins(unit: str, params: dict[str, int]) -> tuple[str, ...]:
    """Names of the coverage bins of ``unit`` with ``params`` (some exist only for some parameters)."""
    s = spec(unit)
    model = s.model.from_rtl(params)
    stim = sb.stimulus(s, np.random.default_rng(0), 64)
    return tuple(sb.corners(s, sb.Trace(model, stim, sb.run_model(model, stim))))


def minimums(unit: str, cycles: int, params: dict[str, int] | None = None) -> dict[str, int]:
    """Minimum hits of every bin (:data:`GENERIC_MINIMUMS` and ``SPEC.deep_minimums``) for a run of
    DEFAULT_CYCLES, scaled down to ``cycles`` (at least 1). A bin without a declared minimum is an error."""
    params = param_sets(unit)["default"] if params is None else params
    names = bins(unit, params)
    declared = {name: v for k, v in GENERIC_MINIMUMS.items() for name in names
                if name == k or name.endswith("_" + k)}
    declared.update(spec(unit).deep_minimums)
    missing = [b for b in names if b not in declared]
    if missing:
        raise KeyError(f"{unit}: coverage bins {missing} have no deep-check minimum (SPEC.deep_minimums)")
    scale = min(1.0, cycles / DEFAULT_CYCLES)
    return {k: max(1, int(declared[k] * scale)) for k in names}


# ----------------------------------------------------------------------------------------------------------
# analysis


def analyse(unit: str, params: dict[str, int], stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray],
            at_reset: dict[str, np.ndarray], out: dict[str, np.ndarray]) -> deep.Analysis:
    """Compare every output every cycle, count the corners, check the invariants and the reset edges."""
    s = spec(unit)
    model = s.model.from_rtl(params)
    cmp = sb.compare(model, stim, rtl, out)
    tr = sb.Trace(model, stim, out)
    corners = sb.corners(s, tr)
    failures = list(s.invariants(tr)) if s.invariants else []
    rst = stim["rst"].astype(np.bool_)
    ok = np.ones(at_reset["t"].size, np.bool_)
    for p in model.outputs:
        ok &= at_reset[p.name].astype(np.int64) == p.reset
    what = " and ".join(f"{p.name}_o = {p.reset}" for p in model.outputs)
    failures += deep._at_reset(unit, at_reset["t"], rst, ok, what)
    facts: dict[str, Any] = {"resets": int(rst.sum()), "live_fraction": round(float(tr.live.mean()), 4)}
    for p in model.outputs:
        r = np.asarray(rtl[p.name], dtype=np.float64)
        facts[f"{p.name}_mean"] = round(float(r.mean()), 5) if r.size else None
    return deep.Analysis(cmp.mismatches, cmp.first, corners, facts, failures)


# ----------------------------------------------------------------------------------------------------------
# build (cached; the same cache layout and key recipe as verif.deep.deep.build) and one run


def build(unit: str, params: dict[str, int], rtl_files: Sequence[Path] | None = None,
          log: Callable[[str], None] = print) -> tuple[Path, bool]:
    """Build (or reuse) the Verilator harness ``tb_<unit>.cpp`` with ``params``; returns (binary, was_cached).

    The build directory ``build/deep/<unit>/<key>`` is keyed by a hash of the Verilator version, the flags, the
    parameters and the content of every input file, as in :func:`verif.deep.deep.build`.
    """
    _check_unit(unit)
    deep._require_compiler()
    rtl = [Path(p).resolve() for p in (rtl_files or sources(unit))]
    vlt = waivers(unit)
    harness = [HERE / f"tb_{unit}.cpp", HERE / "deep_io.h"]
    includes = sorted(INCLUDE.glob("*.svh"))
    key_src = {
        "verilator": deep._verilator_version(),
        "make_flags": deep.MAKE_FLAGS,
        "top": unit,
        "params": params,
        "files": [[p.name, deep._digest(p)] for p in [*rtl, *vlt, *includes, *harness]],
    }
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:16]
    root = deep.DEEP_BUILD / unit
    root.mkdir(parents=True, exist_ok=True)
    out = root / key
    binary, marker = out / "obj" / "tb", out / "ok"
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and binary.exists():
            marker.touch()
            return binary, True
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cmd = ["verilator", "--cc", "--exe", "--build", "-j", str(os.cpu_count() or 1),
               "-MAKEFLAGS", deep.MAKE_FLAGS, "--top-module", unit, "-Mdir", str(out / "obj"), f"-I{INCLUDE}",
               *[f"-G{k}={v}" for k, v in params.items()], "-CFLAGS", f"-I{HERE}", "-o", "tb",
               *map(str, vlt), *map(str, rtl), str(harness[0])]
        (out / "key.json").write_text(json.dumps({**key_src, "command": cmd}, indent=1) + "\n")
        log(f"[deep] building {unit} in {out}")
        with open(out / "build.log", "w") as f:
            proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not binary.exists():
            tail = (out / "build.log").read_text()[-4000:]
            raise RuntimeError(f"verilator build of {unit} failed (exit {proc.returncode}); command:\n"
                               f"{' '.join(cmd)}\nend of {out / 'build.log'}:\n{tail}")
        marker.write_text(key + "\n")
        deep._prune(root)
    return binary, False


def run_deep(unit: str, *, cycles: int = DEFAULT_CYCLES, seed: int | None = None, param_set: str = "default",
             rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> deep.DeepResult:
    """Run the deep check of ``unit`` with parameter set ``param_set`` (see :func:`param_sets`).

    ``rtl_files`` replaces the unit's RTL sources (e.g. a mutated copy, to show that the check can fail).
    Raises when verilator, make or g++ is missing (a missing simulator is a failure, never a skip).
    """
    _check_unit(unit)
    deep._require_compiler()
    sets = param_sets(unit)
    if param_set not in sets:
        raise ValueError(f"unknown parameter set {param_set!r} of {unit}; known: {list(sets)}")
    params = sets[param_set]
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep] {unit}/{param_set}: seed={seed} cycles={cycles:,}")
    lay = layout(unit, params)
    model = spec(unit).model.from_rtl(params)
    timings: dict[str, float] = {}
    t_start = time.perf_counter()

    t0 = time.perf_counter()
    stim = generate(unit, cycles, seed)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    binary, cached = build(unit, params, rtl_files, log)
    timings["build"] = time.perf_counter() - t0

    runs = deep.DEEP_BUILD / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{unit}-{seed}-", dir=runs) as tmp:
        stim_file, out_file = Path(tmp) / "stim.bin", Path(tmp) / "out.bin"
        t0 = time.perf_counter()
        with open(stim_file, "wb") as f:
            deep.write_block(f, lay.stim, stim)
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
        out = sb.run_model(model, stim)  # while the simulator runs
        timings["model"] = time.perf_counter() - t0
        waiter.join()
        timings["simulate"] = sim["end"] - t_sim
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {sim['stderr'].strip()}")
        t0 = time.perf_counter()
        rtl, at_reset = deep.read_blocks(out_file, [lay.out, lay.at_reset])
        if rtl[lay.out[0][0]].size != cycles:
            raise RuntimeError(f"{binary} wrote {rtl[lay.out[0][0]].size} cycles, expected {cycles}")
        analysis = analyse(unit, params, stim, rtl, at_reset, out)
        timings["compare"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start
    return deep.DeepResult(unit, param_set, dict(params), seed, cycles, analysis, minimums(unit, cycles, params),
                           timings, binary.parent.parent, cached, rtl_files is not None)


def mutant_sources(unit: str, mutant: str, dest: Path) -> list[Path]:
    """Copies of ``unit``'s sources in ``dest`` with ``SPEC.mutants[mutant]`` applied to its own file."""
    old, new = spec(unit).mutants[mutant]
    return deep.mutated_sources(unit, {unit: (old, new)}, dest)


# ----------------------------------------------------------------------------------------------------------
# command line


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: run deep checks and print their reports; exit status 1 when any fails."""
    ap = argparse.ArgumentParser(prog="python -m verif.deep.deep_sc", description=__doc__.split("\n\n")[0])
    ap.add_argument("--unit", choices=[*units(), "all"], default="all")
    ap.add_argument("--cycles", type=int, default=DEFAULT_CYCLES)
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (random and printed when omitted)")
    ap.add_argument("--params", default="all", help="parameter set name (see param_sets()) or 'all'")
    args = ap.parse_args(argv)
    seed = secrets.randbits(32) if args.seed is None else args.seed
    ok = True
    for unit in units() if args.unit == "all" else (args.unit,):
        for name in param_sets(unit) if args.params == "all" else [args.params]:
            result = run_deep(unit, cycles=args.cycles, seed=seed, param_set=name)
            print(result.report(), flush=True)
            ok &= result.ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
