"""Verilator deep checks of the random-number units: ``sc_lfsr`` (every width 3..32, both forms), ``sc_sobol``
(every width and dimension) and the new modes of ``sc_sng``, outputs compared bit-true with the golden models.

This module adds checks to :mod:`verif.deep.deep` and reuses its machinery by import (the file format
``write_block``/``read_blocks`` of ``deep_io.h``, the enable/reset and segment stimulus helpers, ``Analysis``,
``DeepResult`` and its report, the compiler checks, the Verilator flags, the mutation helper and the harness
``tb_sc_sng.cpp``); ``deep.py`` itself is unchanged. What is new:

* BANKS (``tb_rng_bank.cpp``): a top module generated here, into the build directory (never into ``rtl/``),
  with one instance of ``sc_lfsr`` or ``sc_sobol`` per parameter set, sharing clk_i, rst_ni and en_i. One
  Verilator build and one run check every instance of a bank on the same stimulus, every cycle, each against
  its own model (one :class:`DeepResult` per instance). Parameters are written once, here (:data:`BANKS`): the
  Verilog is generated from them and the models are built from the same dicts;
* the LFSR sweep: every width 3..32 in both forms with the defaults of the generated table. The LFSR banks pass
  only Width and Form, so the RTL's default macros (``rtl/include/sc_lfsr_taps.svh``) meet the Python table
  (``golden/fixed/lfsr_taps.py``). Each run lasts >= 10M cycles and, up to 24 bits, two periods: the first half
  is enabled without gaps or resets, so the period is measured on the RTL alone (2^w - 1, every non-zero state
  once); wider registers must not repeat a state in that half. Explicit taps/seeds in a bank of their own;
* ``sc_sobol``: sampled configurations for 10M cycles, and the sweep of every (Width, Dim), with a digital
  shift for even dimensions, in one bank run: period 2^w, the first period a permutation with the (0, k, 1)-net
  property at every level k, every direction number applied, index wrap, asynchronous reset;
* single builds (:data:`SINGLE`, a unit as the top with ``-G`` parameters and its harness ``tb_<unit>.cpp``):
  ``sc_sobol``'s default, and ``sc_sng`` in its new modes (bipolar, Sobol source, Galois LFSR; the comparator
  pipeline of the RTL's default, and once the single-register comparator) through deep.py's ``tb_sc_sng.cpp``,
  10M cycles each, the operand aimed at the comparator's edge (model in the loop).

A failure reproduces from its printed seed::

    python -m verif.deep.deep_rng --run lfsr-w23-24 --seed 1234
    python -m verif.deep.deep_rng --list
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from golden.fixed.lfsr import (
    SNG_DEFAULT_PIPELINE_STAGES,
    Lfsr,
    LfsrForm,
    SngEncoding,
    SngSource,
    default_seed,
    default_taps,
    enable_positions,
    sng_bits,
    sng_compare,
    sng_delay,
    sng_operand_range,
    sng_pipeline_stages,
    sng_source,
)
from golden.fixed.sobol_unit import SOBOL_DIMS, SOBOL_WIDTHS, SobolUnit
from golden.sc.sobol import lsz
from verif.common.rtl import INCLUDE, sources, waivers
from verif.deep import deep
from verif.deep.deep import (
    DEFAULT_CYCLES,
    ENABLE_PROBS,
    ENABLE_WEIGHTS,
    Analysis,
    DeepResult,
    _at_reset,
    _before,
    _distinct,
    _enable_reset,
    _first_rows,
    _pick,
    _resets,
    _runs,
    _segments,
    read_blocks,
    write_block,
)

RNG_BUILD = deep.DEEP_BUILD / "rng"
KEEP_BUILDS = 4  # cached builds kept per build tag (a bank, a unit's parameter set, mutants)
FULL_PERIOD_MAX_WIDTH = 24  # LFSR widths whose whole period is run (16.7M cycles at 24 bits)
SWEEP_CYCLES = 300_000  # Sobol sweep: the first half holds two whole periods at 16 bits
EN_RST = (("en", "u1"), ("rst", "u1"))
# A bank's evaluation is one long function per phase: split into small ones, or g++ takes minutes on 144 Sobol
# instances (5.5 min for one 0.8 MB function at -O1, measured)
BANK_FLAGS = ("--output-split", "20000", "--output-split-cfuncs", "200")

# ----------------------------------------------------------------------------------------------------------
# what is checked: parameters written once


def lfsr_params(width: int, form: int = LfsrForm.FIBONACCI, seed: int | None = None) -> dict[str, int]:
    """Complete sc_lfsr parameters: the table's taps, the default seed unless given."""
    return {"Width": width, "Taps": default_taps(width), "Seed": default_seed(width) if seed is None else seed,
            "Form": int(form)}


def sobol_shift(width: int, dim: int) -> int:
    """The digital shift of the sweep's instance (width, dim): none for odd dimensions, else a scrambled value."""
    return 0 if dim % 2 else (0x9E3779B9 * (17 * width + dim) >> 11) & ((1 << width) - 1)


def sng_params(width: int = 16, *, source: int = SngSource.LFSR, encoding: int = SngEncoding.UNIPOLAR,
               form: int = LfsrForm.FIBONACCI, seed: int | None = None, dim: int = 1, shift: int = 0,
               pipeline_stages: int = SNG_DEFAULT_PIPELINE_STAGES) -> dict[str, int]:
    """Complete sc_sng parameters (the LFSR ones are passed for a Sobol source too: they are unused there)."""
    return {**lfsr_params(width, form, seed), "Source": int(source), "Encoding": int(encoding), "Dim": dim,
            "Shift": shift, "PipelineStages": int(pipeline_stages)}


@dataclass(frozen=True)
class Bank:
    """Instances of one unit checked together: ``passed`` are the parameters written into the generated
    Verilog (the others are the RTL's defaults, which the complete dicts in ``configs`` must equal)."""

    name: str
    unit: str  # sc_lfsr | sc_sobol
    configs: tuple[dict[str, int], ...]
    passed: tuple[str, ...]
    cycles: int

    @property
    def out_bytes(self) -> int:
        widest = max(p["Width"] for p in self.configs)
        return 1 if widest <= 8 else 2 if widest <= 16 else 4

    @staticmethod
    def label(unit: str, p: dict[str, int]) -> str:
        if unit == "sc_lfsr":
            return f"w{p['Width']}-{LfsrForm(p['Form']).name.lower()}"
        return f"w{p['Width']}-dim{p['Dim']}" + (f"-shift{p['Shift']:#x}" if p["Shift"] else "")


def _lfsr_bank(name: str, widths: Sequence[int], cycles: int) -> Bank:
    return Bank(name, "sc_lfsr", tuple(lfsr_params(w, f) for w in widths for f in LfsrForm), ("Width", "Form"),
                cycles)


GALOIS, FIBONACCI = LfsrForm.GALOIS, LfsrForm.FIBONACCI
SOBOL_ALL = tuple({"Width": w, "Dim": d, "Shift": sobol_shift(w, d)} for w in SOBOL_WIDTHS for d in SOBOL_DIMS)
SOBOL_NAMES = ("Width", "Dim", "Shift")
BANKS: dict[str, Bank] = {b.name: b for b in (
    _lfsr_bank("lfsr-w3-8", range(3, 9), DEFAULT_CYCLES),
    _lfsr_bank("lfsr-w9-16", range(9, 17), DEFAULT_CYCLES),
    _lfsr_bank("lfsr-w17-22", range(17, 23), DEFAULT_CYCLES),
    _lfsr_bank("lfsr-w23-24", (23, 24), 2 << FULL_PERIOD_MAX_WIDTH),
    _lfsr_bank("lfsr-w25-28", range(25, 29), DEFAULT_CYCLES),
    _lfsr_bank("lfsr-w29-32", range(29, 33), DEFAULT_CYCLES),
    Bank("lfsr-seeds", "sc_lfsr", (lfsr_params(7, GALOIS, 0x55), lfsr_params(16, GALOIS, 0x1D2B),
                                   lfsr_params(20, FIBONACCI, 0x5A5A5), lfsr_params(32, GALOIS, 0xDEADBEEF)),
         ("Width", "Taps", "Seed", "Form"), DEFAULT_CYCLES),
    Bank("sobol-sampled", "sc_sobol", ({"Width": 16, "Dim": 16, "Shift": 0xAAAA}, {"Width": 14, "Dim": 3, "Shift": 0},
                                       {"Width": 12, "Dim": 9, "Shift": 0x9C3}, {"Width": 8, "Dim": 5, "Shift": 0x55}),
         SOBOL_NAMES, DEFAULT_CYCLES),
    Bank("sobol-sweep", "sc_sobol", SOBOL_ALL, SOBOL_NAMES, SWEEP_CYCLES),
)}

# single builds of a unit with its own harness (tb_<unit>.cpp): key -> (unit, complete parameter dict); sc_sng in
# its new modes (its default configuration is deep.py's), sc_sobol's default as a top of its own. The sc_sng modes
# run the RTL's default comparator pipeline except lfsr-bipolar-direct: the single-register comparator
# (PipelineStages = 0) that sc_dense_layer instantiates.
SINGLE: dict[str, tuple[str, dict[str, int]]] = {
    "sc_sobol/default": ("sc_sobol", {"Width": 16, "Dim": 1, "Shift": 0}),
    "sc_sng/lfsr-bipolar-direct": ("sc_sng", sng_params(encoding=SngEncoding.BIPOLAR, pipeline_stages=0)),
    "sc_sng/lfsr-galois-bipolar-w12": ("sc_sng", sng_params(12, encoding=SngEncoding.BIPOLAR, form=GALOIS,
                                                            seed=0x5A3)),
    "sc_sng/sobol-unipolar": ("sc_sng", sng_params(source=SngSource.SOBOL)),
    "sc_sng/sobol-bipolar-w12-dim5-shift": ("sc_sng", sng_params(12, source=SngSource.SOBOL,
                                                                 encoding=SngEncoding.BIPOLAR, dim=5, shift=0x9C3)),
}


# ----------------------------------------------------------------------------------------------------------
# builds: a unit with its harness, or a generated bank


def bank_verilog(bank: Bank) -> str:
    """The top ``tb_rng_bank`` of ``bank``: one instance per parameter dict (only ``bank.passed`` written)."""
    if len(bank.configs) < 3:
        raise ValueError(f"bank {bank.name}: at least 3 instances (state_o must be wider than 64 bits)")
    out_port = {"sc_lfsr": "state_o", "sc_sobol": "point_o"}[bank.unit]
    lines = [
        f"// tb_rng_bank -- GENERATED by verif/deep/deep_rng.py (bank {bank.name}) into the build directory:",
        f"// {len(bank.configs)} instances of {bank.unit} sharing clk_i, rst_ni and en_i; instance i drives",
        "// state_o[32 i +: 32] (zero-extended).",
        "module tb_rng_bank (",
        "  input  logic clk_i,",
        "  input  logic rst_ni,",
        "  input  logic en_i,",
        f"  output logic [{32 * len(bank.configs) - 1}:0] state_o",
        ");",
    ]
    for i, p in enumerate(bank.configs):
        w = p["Width"]
        par = ", ".join(f".{k}({p[k]})" for k in bank.passed)
        ext = f"{{{32 - w}'d0, s{i}}}" if w < 32 else f"s{i}"
        lines += [f"  logic [{w - 1}:0] s{i};",
                  f"  {bank.unit} #({par}) u{i} (.clk_i, .rst_ni, .en_i, .{out_port}(s{i}));",
                  f"  assign state_o[{32 * i + 31}:{32 * i}] = {ext};"]
    lines += ["endmodule", ""]
    return "\n".join(lines)


def build_top(tag: str, top: str, unit: str, rtl: Sequence[Path], harness: str, *,
              params: dict[str, int] | None = None, generated: dict[str, str] | None = None,
              defines: dict[str, int] | None = None, flags: Sequence[str] = (),
              log: Callable[[str], None] = print) -> tuple[Path, bool]:
    """Build (or reuse) a Verilator binary of ``top`` from ``rtl`` (the sources of ``unit``, or copies of them)
    plus ``generated`` files (name -> text) with the harness ``verif/deep/<harness>``; cached in
    ``build/deep/rng/<tag>/<key>`` by the content hash of everything that goes in (as
    :func:`verif.deep.deep.build`, whose helpers it uses)."""
    deep._require_compiler()
    rtl = [Path(p).resolve() for p in rtl]
    vlt = waivers(unit)
    files = [*rtl, *vlt, *sorted(INCLUDE.glob("*.svh")), deep.HERE / harness, deep.HERE / "deep_io.h"]
    key_src = {
        "verilator": deep._verilator_version(),
        "make_flags": deep.MAKE_FLAGS,
        "top": top,
        "params": params or {},
        "defines": defines or {},
        "flags": list(flags),
        "files": [[p.name, deep._digest(p)] for p in files],
        "generated": {k: hashlib.sha256(v.encode()).hexdigest() for k, v in (generated or {}).items()},
    }
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:16]
    root = RNG_BUILD / tag
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
        gen_files = []
        for name, text in (generated or {}).items():
            (out / name).write_text(text)
            gen_files.append(out / name)
        cflags = [f"-I{deep.HERE}", *(f"-D{k}={v}" for k, v in (defines or {}).items())]
        cmd = ["verilator", "--cc", "--exe", "--build", "-j", str(os.cpu_count() or 1),
               "-MAKEFLAGS", deep.MAKE_FLAGS, *flags, "--top-module", top, "-Mdir", str(out / "obj"), f"-I{INCLUDE}",
               *[f"-G{k}={v}" for k, v in (params or {}).items()],
               *[a for flag in cflags for a in ("-CFLAGS", flag)], "-o", "tb",
               *map(str, vlt), *map(str, rtl), *map(str, gen_files), str(deep.HERE / harness)]
        (out / "key.json").write_text(json.dumps({**key_src, "command": cmd}, indent=1) + "\n")
        log(f"[deep_rng] building {tag} in {out}")
        with open(out / "build.log", "w") as f:
            proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not binary.exists():
            tail = (out / "build.log").read_text()[-4000:]
            raise RuntimeError(f"verilator build of {tag} failed (exit {proc.returncode}); command:\n"
                               f"{' '.join(cmd)}\nend of {out / 'build.log'}:\n{tail}")
        marker.write_text(key + "\n")
        done = sorted((p for p in root.iterdir() if (p / "ok").exists()), key=lambda p: (p / "ok").stat().st_mtime)
        for old in done[:-KEEP_BUILDS]:
            shutil.rmtree(old, ignore_errors=True)
    return binary, False


def _build_bank(bank: Bank, rtl_files: Sequence[Path] | None, log: Callable[[str], None]) -> tuple[Path, bool]:
    rtl = list(rtl_files or sources(bank.unit))
    tag = f"bank-{bank.name}" + ("-mutant" if rtl_files else "")
    return build_top(tag, "tb_rng_bank", bank.unit, rtl, "tb_rng_bank.cpp",
                     generated={"tb_rng_bank.sv": bank_verilog(bank)},
                     defines={"BANK_SIZE": len(bank.configs), "OUT_BYTES": bank.out_bytes}, flags=BANK_FLAGS, log=log)


# ----------------------------------------------------------------------------------------------------------
# stimulus


def stim_register(cycles: int, seed: int) -> dict[str, np.ndarray]:
    """en/rst of sc_lfsr and sc_sobol runs: the first half enabled without reset (whole periods there), then deep.py's
    enable/reset segments (en high with probability 1, 0.97, 0.5, 0.03 or 0 over 1k..200k cycles, random
    resets). Runs shorter than 1M cycles (the Sobol sweep) use segments of 200..5000 cycles and ten times the
    reset rate, so that every kind of segment and many resets happen."""
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), got {cycles}")
    rng = np.random.default_rng(seed)
    clean = cycles // 2
    if cycles >= 1_000_000:
        en, rst = _enable_reset(rng, cycles, clean)
    else:
        en = np.ones(cycles, dtype=np.bool_)
        rst = np.zeros(cycles, dtype=np.bool_)
        rest = cycles - clean
        if rest > 0:
            lengths, kinds = _segments(rng, rest, 200, 5000, ENABLE_WEIGHTS)
            en[clean:] = rng.random(rest) < np.repeat(ENABLE_PROBS[kinds], lengths)
            rst[clean:] = _resets(rng, rest, rate=10 * deep.RESET_RATE)
    return {"en": en.astype(np.uint8), "rst": rst.astype(np.uint8)}


SNG_CONST, SNG_RANDOM, SNG_CORNER, SNG_EQUAL = range(4)
SNG_X_WEIGHTS = (0.25, 0.25, 0.15, 0.35)


def sng_corners(params: dict[str, int]) -> dict[str, int]:
    """Operand corners of an sc_sng (port units, signed for bipolar): P = 0, full scale, the port's ends."""
    src = sng_source(params)
    w = params["Width"]
    lo, hi = sng_operand_range(src, params["Encoding"])
    zero = 0 if params["Encoding"] == SngEncoding.UNIPOLAR else -(1 << (w - 1))
    full = zero + ((1 << w) if params["Source"] == SngSource.SOBOL else (1 << w) - 1)
    return {"zero": zero, "full": full, "lo": lo, "hi": hi}


def _stim_sng(rng: np.random.Generator, n: int, params: dict[str, int]) -> dict[str, np.ndarray]:
    """Stimulus of ``sc_sng`` in any mode: en/reset as for the registers (first tenth clean), x in segments of
    200..50k cycles: a constant, uniform per cycle over the whole port, corners (P = 0 and the next two steps,
    the middle, full scale and one below, beyond full scale and the port's ends), or aimed at the comparator's
    edge with the source's state of that cycle (unipolar x = r, r + 1, r - 1; bipolar y = r - 2^(W-1) + 0/1/-1).
    ``x`` holds signed operand values; ``x_port`` the pattern driven (two's complement of the port width)."""
    en, rst = _enable_reset(rng, n, n // 10)
    c = sng_corners(params)
    w, bits = params["Width"], sng_source(params).operand_bits
    lengths, kinds = _segments(rng, n, 200, 50_000, SNG_X_WEIGHTS)
    kind = np.repeat(kinds, lengths)
    x = np.repeat(rng.integers(c["lo"], c["hi"] + 1, size=kinds.size), lengths)  # SNG_CONST
    m = kind == SNG_RANDOM
    x[m] = rng.integers(c["lo"], c["hi"] + 1, size=int(m.sum()))
    m = kind == SNG_CORNER
    z, f = c["zero"], c["full"]
    corners = sorted({z, z + 1, z + 2, z + (1 << (w - 1)), f - 1, f, min(f + 1, c["hi"]), c["lo"], c["hi"]})
    x[m] = _pick(rng, corners, int(m.sum()))
    m = kind == SNG_EQUAL
    state = sng_source(params).states(en, rst)
    edge = state[m] + (0 if params["Encoding"] == SngEncoding.UNIPOLAR else -(1 << (w - 1)))
    x[m] = np.clip(edge + _pick(rng, [0, 1, -1], int(m.sum()), [0.5, 0.3, 0.2]), c["lo"], c["hi"])
    return {"x": x.astype(np.int64), "x_port": (x & ((1 << bits) - 1)).astype(np.uint32),
            "en": en.astype(np.uint8), "rst": rst.astype(np.uint8)}


def stim_sng(params: dict[str, int], cycles: int, seed: int) -> dict[str, np.ndarray]:
    """The stimulus of an sc_sng check: a pure function of (parameters, cycles, seed)."""
    if not 1 <= cycles < 2**32:
        raise ValueError(f"cycles must be in [1, 2**32) (the harness indexes cycles with 32 bits), got {cycles}")
    return _stim_sng(np.random.default_rng(seed), cycles, params)


# ----------------------------------------------------------------------------------------------------------
# models and comparison


def register_model(unit: str, params: dict[str, int]) -> Lfsr | SobolUnit:
    """The bit-true model of one bank instance."""
    if unit == "sc_lfsr":
        return Lfsr(width=params["Width"], taps=params["Taps"], seed=params["Seed"], form=params["Form"])
    return SobolUnit(width=params["Width"], dim=params["Dim"], shift=params["Shift"])


# Minimum hits of every corner in a run of DEFAULT_CYCLES cycles (scaled down for shorter runs); the ones that
# depend on the width are set in _minimums.
MIN_CORNERS: dict[str, dict[str, int]] = {
    "sc_lfsr": {"enable_low": 100_000, "reset_mid_run": 200, "reset_while_enabled": 100, "reset_while_disabled": 20},
    "sc_sobol": {"clean_full_periods": 50, "enabled_periods": 100, "enable_low": 100_000, "reset_mid_run": 200,
                 "reset_while_enabled": 100, "reset_while_disabled": 20, "index_wrap": 50,
                 "least_used_direction": 50},
    "sc_sng": {"one_loads": 100_000, "zero_loads": 100_000, "x_equals_edge": 1_000, "x_equals_edge_plus_1": 1_000,
               "x_zero": 1_000, "x_full_scale": 1_000, "hold_one": 10_000, "hold_zero": 10_000,
               "reset_clears_one": 50, "reset_mid_run": 200},
}


def _minimums(unit: str, params: dict[str, int], cycles: int) -> dict[str, int]:
    scale = min(1.0, cycles / DEFAULT_CYCLES)
    mins = {k: max(1, int(v * scale)) for k, v in MIN_CORNERS[unit].items()}
    w = params["Width"]
    if unit == "sc_lfsr":
        period = (1 << w) - 1
        if w <= FULL_PERIOD_MAX_WIDTH and cycles // 2 > period:
            mins["clean_full_periods"] = 1
            mins["distinct_states"] = period
        else:  # no whole period: the clean first half must not repeat a state
            mins["distinct_states"] = cycles // 2
    if unit == "sc_sobol" and cycles // 2 > 1 << w:
        mins["clean_full_periods"] = max(1, mins["clean_full_periods"])
    if unit == "sc_sng":
        period = sng_source(params).period_states().size
        mins["distinct_states_loaded"] = period if cycles >= 4 * period else 1
        if params["Source"] == SngSource.SOBOL:
            mins["x_beyond_full_scale"] = max(1, int(1_000 * scale))
    return mins


def _shared(stim: dict[str, np.ndarray], pos: np.ndarray) -> dict[str, Any]:
    """What every instance of a bank run shares: the stimulus masks, the longest clean stretch, positions."""
    en, rst = stim["en"].astype(np.bool_), stim["rst"].astype(np.bool_)
    starts, ends = _runs(en & ~rst)
    longest = int(np.argmax(ends - starts)) if starts.size else None
    a, b = (0, 0) if longest is None else (int(starts[longest]), int(ends[longest]))
    rst_edge = rst & ~_before(rst, 1).astype(np.bool_)
    return {"en": en, "rst": rst, "load": en & ~rst, "rst_edge": rst_edge, "stretch": (a, b), "pos": pos,
            "loads": int((en & ~rst).sum()), "enable_low": int((~en & ~rst).sum()),
            "reset_while_enabled": int((rst_edge & en).sum()), "reset_while_disabled": int((rst_edge & ~en).sum()),
            "resets": int(rst.sum()), "lsz": {}}


def _distinct_by_sort(values: np.ndarray) -> int:
    """Number of distinct values (a sort: np.unique takes several times longer on millions of wide values)."""
    if not values.size:
        return 0
    v = np.sort(values)
    return 1 + int(np.count_nonzero(v[1:] != v[:-1]))


def _analyse_register(unit: str, params: dict[str, int], rtl_state: np.ndarray, at_reset: dict[str, np.ndarray],
                      sh: dict[str, Any]) -> Analysis:
    """One bank instance: the register after every cycle against its model; the period, state coverage and
    (sc_sobol) permutation and net property measured on the RTL alone; the asynchronous reset."""
    w = params["Width"]
    seed = params["Seed"] if unit == "sc_lfsr" else params["Shift"]
    expected = (1 << w) - 1 if unit == "sc_lfsr" else 1 << w
    model = register_model(unit, params)
    trace = model.states_at(sh["pos"]).astype(rtl_state.dtype)  # during cycle 0 .. after the last cycle
    during, after = trace[:-1], trace[1:]
    idx = np.flatnonzero(rtl_state != after)
    en, rst = sh["en"], sh["rst"]
    first = _first_rows(idx, {"en": en, "rst": rst, "model_state_before": during, "rtl_state": rtl_state,
                              "model_state": after})
    # the period, on the RTL alone, over the longest stretch of enabled, reset-free cycles (the states after
    # those cycles are consecutive states of the register)
    a, b = sh["stretch"]
    seq = rtl_state[a:b]
    failures = []
    back = np.flatnonzero(seq[1:] == seq[0]) + 1 if seq.size else np.array([], dtype=np.int64)
    period = int(back[0]) if back.size else None
    if period is None:
        if b - a > expected:
            failures.append(f"{unit}: the RTL state never came back to {int(seq[0]):#x} in a clean stretch of "
                            f"{b - a} cycles, longer than the expected period {expected}")
        distinct = _distinct(seq, w) if w <= 24 else _distinct_by_sort(seq)
        if distinct != seq.size:
            failures.append(f"{unit}: the RTL repeats a state within {b - a} clean cycles (expected period "
                            f"{expected}): a short cycle")
    else:
        distinct = _distinct(rtl_state, w)
        if not np.array_equal(seq[period:], seq[:-period]):
            failures.append(f"{unit}: the RTL state sequence is not periodic with period {period}")
        if _distinct(seq[:period], w) != period:
            failures.append(f"{unit}: the RTL visits repeated states within one period of {period}")
        if period != expected:
            failures.append(f"{unit}: RTL period {period}, expected {expected}")
    p = period or expected
    corners = {
        "clean_full_periods": (b - a) // p,
        "enabled_periods": sh["loads"] // p,
        "enable_low": sh["enable_low"],
        "reset_mid_run": int((sh["rst_edge"] & (during != seed)).sum()),
        "reset_while_enabled": sh["reset_while_enabled"],
        "reset_while_disabled": sh["reset_while_disabled"],
    }
    facts: dict[str, Any] = {"rtl_period": period, "longest_clean_stretch": b - a, "resets": sh["resets"]}
    if unit == "sc_lfsr":
        corners["distinct_states"] = distinct
        zero = np.flatnonzero(rtl_state == 0)
        if zero.size:
            failures.append(f"sc_lfsr: the RTL reached the all-zero lock-up state (first at cycle {int(zero[0])})")
    else:
        if w not in sh["lsz"]:  # c(n) of every enabled clock, shared by the instances of one width
            index = sh["pos"][:-1][sh["load"]] % (1 << w)
            sh["lsz"][w] = (lsz(index, w), index)
        c, index = sh["lsz"][w]
        used = np.bincount(c - 1, minlength=w)[:w]
        corners["index_wrap"] = int((index == (1 << w) - 1).sum())
        corners["least_used_direction"] = int(used.min())
        facts["directions_used"] = used.tolist()
        # the first period after the power-on reset: x_0 = Shift, then the states after cycles 0 .. 2^w - 2
        if a == 0 and b >= 1 << w:
            pts = np.concatenate(([seed], rtl_state[:(1 << w) - 1].astype(np.int64)))
            if not np.array_equal(np.sort(pts), np.arange(1 << w)):
                failures.append("sc_sobol: the first period does not visit every value exactly once")
            bad = [k for k in range(w + 1) if np.unique(pts[:1 << k] >> (w - k)).size != 1 << k]
            if bad:
                failures.append(f"sc_sobol: the first 2^k points are not one per interval at levels k = {bad}")
            facts["first_period_net"] = not bad
    failures += _at_reset(unit, at_reset["t"], rst, at_reset["state"].astype(np.int64) == seed,
                          f"the reset state {seed:#x}")
    return Analysis(int(idx.size), first, corners, facts, failures)


def _analyse_sng(params: dict[str, int], stim: dict[str, np.ndarray], rtl: dict[str, np.ndarray],
                 at_reset: dict[str, np.ndarray], model: dict[str, np.ndarray]) -> Analysis:
    """Compare bit_o every cycle; count the corners from the model's source state of each cycle and its
    comparator register (``cmp``: what bit_o shows PipelineStages clocks later)."""
    w, enc = params["Width"], params["Encoding"]
    c = sng_corners(params)
    rtl_bit = rtl["bit"].astype(np.int64)
    idx = np.flatnonzero(rtl_bit != model["bit"].astype(np.int64))
    bit = model["cmp"].astype(np.int64)
    en, rst = stim["en"].astype(np.bool_), stim["rst"].astype(np.bool_)
    x, st = stim["x"], model["during"]
    edge = st - (0 if enc == SngEncoding.UNIPOLAR else 1 << (w - 1))  # the x at which the comparator flips
    bit_prev = _before(bit, 0)
    first = _first_rows(idx, {"en": en, "rst": rst, "x": x, "model_source_state": st,
                              "model_cmp_before": bit_prev, "model_cmp": bit, "rtl_bit": rtl_bit,
                              "model_bit": model["bit"].astype(np.int64)})
    load, hold = en & ~rst, ~en & ~rst
    rst_edge = rst & ~_before(rst, 1).astype(np.bool_)
    src = sng_source(params)
    failures = []
    fresh = sng_compare(st[load], x[load], w, enc)
    if not np.array_equal(fresh, x[load] > edge[load]):  # the comparator, restated as x > edge
        failures.append("sc_sng: the model's comparator disagrees with x > edge: fix the corner classifier")
    corners = {
        "one_loads": int((load & (bit == 1)).sum()),
        "zero_loads": int((load & (bit == 0)).sum()),
        "x_equals_edge": int((load & (x == edge)).sum()),
        "x_equals_edge_plus_1": int((load & (x == edge + 1)).sum()),
        "x_zero": int((load & (x == c["zero"])).sum()),
        "x_full_scale": int((load & (x == c["full"])).sum()),
        "hold_one": int((hold & (bit_prev == 1)).sum()),
        "hold_zero": int((hold & (bit_prev == 0)).sum()),
        "reset_clears_one": int((rst & (bit_prev == 1)).sum()),
        "reset_mid_run": int((rst_edge & ((st != src.seed) | (bit_prev != 0))).sum()),
        "distinct_states_loaded": _distinct(st[load], w),
    }
    if params["Source"] == SngSource.SOBOL:
        corners["x_beyond_full_scale"] = int((load & ((x > c["full"]) | (x < c["zero"]))).sum())
    failures += _at_reset("sc_sng", at_reset["t"], rst, at_reset["bit"] == 0, "bit_o = 0")
    facts = {"ones_fraction": round(float(rtl_bit.mean()), 5) if rtl_bit.size else None,
             "resets": int(rst.sum()), "pipeline_stages": sng_pipeline_stages(params)}
    return Analysis(int(idx.size), first, corners, facts, failures)



# ----------------------------------------------------------------------------------------------------------
# running

def _simulate(binary: Path, args: Sequence[str], columns: Sequence[tuple[str, str]], stim_cols: dict,
              out_layouts: Sequence[Sequence[tuple[str, str]]], model_fn: Callable[[], Any], tag: str,
              timings: dict[str, float]) -> tuple[list[dict[str, np.ndarray]], Any]:
    """Write the stimulus, run the harness while the model runs here (two cores), read the outputs."""
    runs = deep.DEEP_BUILD / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"{tag}-", dir=runs) as tmp:
        stim_file, out_file = Path(tmp) / "stim.bin", Path(tmp) / "out.bin"
        t0 = time.perf_counter()
        with open(stim_file, "wb") as f:
            write_block(f, columns, stim_cols)
        timings["write"] = time.perf_counter() - t0
        sim: dict[str, Any] = {}
        t_sim = time.perf_counter()
        proc = subprocess.Popen([str(binary), str(stim_file), str(out_file), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

        def wait() -> None:
            sim["stdout"], sim["stderr"] = proc.communicate()
            sim["end"] = time.perf_counter()

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        t0 = time.perf_counter()
        model = model_fn()
        timings["model"] = time.perf_counter() - t0
        waiter.join()
        timings["simulate"] = sim["end"] - t_sim
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {sim['stderr'].strip()}")
        t0 = time.perf_counter()
        blocks = read_blocks(out_file, out_layouts)
        timings["read"] = time.perf_counter() - t0
    return blocks, model



def run_bank(name: str, *, cycles: int | None = None, seed: int | None = None,
             rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> list[DeepResult]:
    """Run the bank ``name`` (see :data:`BANKS`) for ``cycles`` (default: the bank's own) and return one result
    per instance. ``rtl_files`` replaces the unit's RTL sources (a mutated copy, to show that a check can fail).
    Raises when verilator, make or g++ is missing (a missing simulator is a failure, never a skip)."""
    if name not in BANKS:
        raise ValueError(f"unknown bank {name!r}; known: {', '.join(BANKS)}")
    bank = BANKS[name]
    cycles = bank.cycles if cycles is None else int(cycles)
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep_rng] bank {name} ({len(bank.configs)} x {bank.unit}): seed={seed} cycles={cycles:,}")
    timings: dict[str, float] = {}
    t_start = t0 = time.perf_counter()
    stim = stim_register(cycles, seed)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    binary, cached = _build_bank(bank, rtl_files, log)
    timings["build"] = time.perf_counter() - t0
    n, dt = len(bank.configs), f"<u{bank.out_bytes}" if bank.out_bytes > 1 else "u1"
    outs = [tuple((f"s{i}", dt) for i in range(n)), (("t", "<u4"), *((f"s{i}", dt) for i in range(n)))]
    # the simulator runs while the positions in the sequence (shared by every instance) are computed here
    (rtl, at_reset), pos = _simulate(binary, [], EN_RST, stim, outs,
                                     lambda: enable_positions(np.append(stim["en"], 0), np.append(stim["rst"], 0)),
                                     f"bank-{name}", timings)
    if rtl["s0"].size != cycles:
        raise RuntimeError(f"{binary} wrote {rtl['s0'].size} cycles, expected {cycles}")
    sh = _shared(stim, pos)
    results = []
    for i, params in enumerate(bank.configs):
        t0 = time.perf_counter()
        analysis = _analyse_register(bank.unit, params, rtl[f"s{i}"], {"t": at_reset["t"],
                                                                      "state": at_reset[f"s{i}"]}, sh)
        results.append(DeepResult(bank.unit, f"{name}:{Bank.label(bank.unit, params)}", dict(params), seed, cycles,
                                  analysis, _minimums(bank.unit, params, cycles),
                                  {**timings, "compare": time.perf_counter() - t0}, binary.parent.parent, cached,
                                  rtl_files is not None))
    log(f"[deep_rng] bank {name}: {sum(r.ok for r in results)}/{n} PASS in {time.perf_counter() - t_start:.1f} s "
        f"(simulate {timings['simulate']:.1f} s, {cycles * n / max(timings['simulate'], 1e-9) / 1e6:.1f}M "
        "instance-cycles/s)")
    return results


def run_single(key: str, *, cycles: int = DEFAULT_CYCLES, seed: int | None = None,
               rtl_files: Sequence[Path] | None = None, log: Callable[[str], None] = print) -> DeepResult:
    """Run the single-build check ``key`` (see :data:`SINGLE`): the unit as the top of its own Verilator build
    with ``-G`` parameters and its harness ``tb_<unit>.cpp`` (``tb_sc_sng.cpp`` is deep.py's)."""
    if key not in SINGLE:
        raise ValueError(f"unknown check {key!r}; known: {', '.join(SINGLE)}")
    unit, params = SINGLE[key]
    seed = secrets.randbits(32) if seed is None else int(seed)
    log(f"[deep_rng] {key}: seed={seed} cycles={cycles:,}")
    timings: dict[str, float] = {}
    t_start = t0 = time.perf_counter()
    stim = stim_sng(params, cycles, seed) if unit == "sc_sng" else stim_register(cycles, seed)
    timings["stimulus"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rtl = list(rtl_files or sources(unit))
    tag = key.replace("/", "-") + ("-mutant" if rtl_files else "")
    binary, cached = build_top(tag, unit, unit, rtl, f"tb_{unit}.cpp", params=params, log=log)
    timings["build"] = time.perf_counter() - t0
    if unit == "sc_sng":
        def model() -> dict[str, np.ndarray]:
            src = sng_source(params)
            cmp = sng_bits(src, stim["x"], stim["en"], stim["rst"], params["Encoding"])
            return {"bit": sng_delay(cmp, stim["rst"], sng_pipeline_stages(params)), "cmp": cmp,
                    "during": src.states(stim["en"], stim["rst"])}

        columns = (("x", "<u4"), ("en", "u1"), ("rst", "u1"))
        cols = {"x": stim["x_port"], "en": stim["en"], "rst": stim["rst"]}
        outs = [(("bit", "u1"),), (("t", "<u4"), ("bit", "u1"))]
    else:
        def model() -> np.ndarray:
            return enable_positions(np.append(stim["en"], 0), np.append(stim["rst"], 0))

        columns, cols = EN_RST, stim
        outs = [(("state", "<u4"),), (("t", "<u4"), ("state", "<u4"))]
    (out, at_reset), mod = _simulate(binary, [], columns, cols, outs, model, tag, timings)
    if out[outs[0][0][0]].size != cycles:
        raise RuntimeError(f"{binary} wrote {out[outs[0][0][0]].size} cycles, expected {cycles}")
    t0 = time.perf_counter()
    if unit == "sc_sng":
        analysis = _analyse_sng(params, stim, out, at_reset, mod)
    else:
        analysis = _analyse_register(unit, params, out["state"], at_reset, _shared(stim, mod))
    timings["compare"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start
    return DeepResult(unit, key.split("/", 1)[1], dict(params), seed, cycles, analysis,
                      _minimums(unit, params, cycles), timings, binary.parent.parent, cached, rtl_files is not None)


def mutated_sources(unit: str, edits: dict[str, tuple[str, str]], dest: Path) -> list[Path]:
    """:func:`verif.deep.deep.mutated_sources`: copies of ``unit``'s sources with ``edits``, in ``dest``."""
    return deep.mutated_sources(unit, edits, dest)


# ----------------------------------------------------------------------------------------------------------
# command line


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: run banks and sc_sng checks and print their reports; exit status 1 when any fails."""
    ap = argparse.ArgumentParser(prog="python -m verif.deep.deep_rng", description=__doc__.split("\n\n")[0])
    ap.add_argument("--run", action="append", default=[],
                    help="bank or single check (repeatable; see --list); default: all of them")
    ap.add_argument("--cycles", type=int, default=None, help="cycles (default: each run's own)")
    ap.add_argument("--seed", type=int, default=None, help="stimulus seed (random and printed when omitted)")
    ap.add_argument("--list", action="store_true", help="list the banks and checks and exit")
    ap.add_argument("--verbose", action="store_true", help="print every instance's report, not only failures")
    args = ap.parse_args(argv)
    if args.list:
        for name, bank in BANKS.items():
            labels = ", ".join(Bank.label(bank.unit, p) for p in bank.configs[:6])
            more = f", ... ({len(bank.configs)})" if len(bank.configs) > 6 else ""
            print(f"{name:<32} {bank.cycles:>12,} cycles  {bank.unit}: {labels}{more}")
        for key, (unit, _) in SINGLE.items():
            print(f"{key:<32} {DEFAULT_CYCLES:>12,} cycles  {unit} (single build)")
        return 0
    seed = secrets.randbits(32) if args.seed is None else args.seed
    ok = True
    for name in args.run or [*BANKS, *SINGLE]:
        if name in BANKS:
            results = run_bank(name, cycles=args.cycles, seed=seed)
        else:
            results = [run_single(name, cycles=args.cycles or DEFAULT_CYCLES, seed=seed)]
        for r in results:
            if args.verbose or not r.ok or len(results) == 1:
                print(r.report(), flush=True)
        ok &= all(r.ok for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
