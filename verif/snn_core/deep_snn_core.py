"""Verilator deep check of ``snn_core``, and a fast runner of any export directory on the RTL.

:func:`run_rtl` builds the core for a network (``verilator --cc --exe --build`` with the hand-written harness
``tb_snn_core.cpp``; cached per parameter set and RTL content under ``build/deep/snn_core/``), feeds it a batch of
input spike trains (B, T, n_in) as events, as fast as it takes them, and returns every membrane record, every
spike count and the clock of every step end. :func:`check` compares all of them with the bit-true model
(:class:`golden.fixed.snn_core_unit.SnnCoreModel`, the batch path of :class:`golden.export.q88.QuantNetwork`):

* every membrane value and spike of every neuron of every layer after every step (order: sample, step, layer,
  neuron), raw integers;
* every spike count of the last layer per sample;
* the clocks between consecutive step ends, against ``step_cycles`` (the event-driven cost of the core);
* corner counts (saturated sums and membranes, ``v_next == threshold``, silent layers, empty and full input
  steps), each required to be hit a minimum number of times on the stress networks.

Command line (the runner for an exported classifier; a mismatch is an error)::

    python -m verif.snn_core.deep_snn_core --export DIR [--spikes X.npy] [--samples 360] [--seed 1]

``--spikes`` is a (B, T, n_in) 0/1 array; without it, random trains at 30 % rate are used.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from golden.export.memfiles import read_export
from golden.export.q88 import QuantNetwork
from golden.fixed.snn_core_unit import DRAIN_CYCLES, SnnCoreModel, rtl_params
from verif.common.rtl import INCLUDE, require, sources

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "tb_snn_core.cpp"
BUILD_ROOT = Path(__file__).resolve().parents[2] / "build" / "deep" / "snn_core"
MAKE_FLAGS = "OPT_FAST=-O2 OPT_SLOW=-O1 OPT_GLOBAL=-O2"
MEM = np.dtype([("idx", "<u2"), ("v", "<i2"), ("layer", "u1"), ("spike", "u1")])
CNT = np.dtype([("idx", "<u2"), ("count", "<u2"), ("last", "u1"), ("pad", "u1")])


def _verilator_version() -> str:
    return subprocess.run(["verilator", "--version"], capture_output=True, text=True, check=True).stdout.strip()


def build(params: dict[str, Any], rtl_files: list[Path] | None = None) -> Path:
    """The harness binary for ``params`` (RTL parameters; ExportDir as a plain path), built or reused."""
    require("verilator", "make", "g++")
    rtl = [Path(p).resolve() for p in (rtl_files or sources("snn_core"))]
    gflags = []
    for k, v in sorted(params.items()):
        gflags.append(f'-G{k}="{v}"' if isinstance(v, str) else f"-G{k}={int(v)}")
    key_src = {"verilator": _verilator_version(), "flags": MAKE_FLAGS, "g": gflags,
               "files": [[p.name, hashlib.sha256(p.read_bytes()).hexdigest()]
                         for p in [*rtl, HARNESS, *sorted(INCLUDE.glob("*.svh"))]]}
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True).encode()).hexdigest()[:16]
    out = BUILD_ROOT / key
    binary = out / "obj" / "tb"
    BUILD_ROOT.mkdir(parents=True, exist_ok=True)
    with open(BUILD_ROOT / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (out / "ok").exists() and binary.exists():
            return binary
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        cmd = ["verilator", "--cc", "--exe", "--build", "-j", str(os.cpu_count() or 1), "-MAKEFLAGS", MAKE_FLAGS,
               "--top-module", "snn_core", "-Mdir", str(out / "obj"), f"-I{INCLUDE}", *gflags, "-o", "tb",
               "-Wno-fatal", *map(str, rtl), str(HARNESS)]
        (out / "key.json").write_text(json.dumps({**key_src, "command": cmd}, indent=1) + "\n")
        with open(out / "build.log", "w") as f:
            proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        if proc.returncode != 0 or not binary.exists():
            raise RuntimeError(f"verilator build of snn_core failed (exit {proc.returncode}):\n"
                               f"{(out / 'build.log').read_text()[-4000:]}")
        (out / "ok").write_text(key + "\n")
    return binary


def load_words(net: QuantNetwork) -> np.ndarray:
    """(n, 3) ld_* words (bias flag, address, data) that fill the weight and bias memories of ``net``."""
    rows = []
    wb = nb = 0
    for q in net.layers:
        w = q.weight.ravel() & 0xFFFF
        rows.append(np.stack([np.zeros_like(w), wb + np.arange(w.size), w], 1))
        b = q.bias & 0xFFFF
        rows.append(np.stack([np.ones_like(b), nb + np.arange(b.size), b], 1))
        wb += w.size
        nb += b.size
    return np.concatenate(rows).astype(np.uint32)


@dataclass
class RtlRun:
    mem: np.ndarray  # MEM records in stream order
    counts: np.ndarray  # (B, n_out) from cnt_*
    cnt: np.ndarray  # CNT records
    terms: np.ndarray  # clock of each step end (B * T)
    seconds: float
    clocks: int = 0
    info: dict = field(default_factory=dict)


def run_rtl(net: QuantNetwork, spikes: np.ndarray, export_dir: Path | None, use_spram: bool,
            rtl_files: list[Path] | None = None, rng: np.random.Generator | None = None) -> RtlRun:
    """Run ``spikes`` (B, T, n_in) through the core. With ``export_dir`` the memories come from ``$readmemh``;
    with ``use_spram`` (or no export) they are loaded through ld_* first. Events of a step in random order."""
    x = np.asarray(spikes)
    if x.ndim != 3 or x.shape[1] != net.timesteps or x.shape[2] != net.n_in:
        raise ValueError(f"spikes must have shape (B, {net.timesteps}, {net.n_in}), got {x.shape}")
    params = rtl_params(net, None if use_spram else export_dir, use_spram=use_spram)
    binary = build(params, rtl_files)
    load = load_words(net) if (use_spram or export_dir is None) else np.zeros((0, 3), np.uint32)
    rng = rng or np.random.default_rng(0)
    flat = x.reshape(-1, net.n_in)
    parts = [struct.pack("<4I", x.shape[0], net.timesteps, load.shape[0], int(flat.sum())), load.tobytes()]
    for row in flat:
        idx = np.flatnonzero(row).astype(np.uint32)
        rng.shuffle(idx)
        parts.append(struct.pack("<I", idx.size) + idx.tobytes())
    with tempfile.TemporaryDirectory(prefix="snn_core-", dir=BUILD_ROOT) as tmp:
        fin, fout = Path(tmp) / "in.bin", Path(tmp) / "out.bin"
        fin.write_bytes(b"".join(parts))
        t0 = time.perf_counter()
        proc = subprocess.run([str(binary), str(fin), str(fout)], capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}: {proc.stderr.strip()}")
        data = fout.read_bytes()
    pos = 0
    blocks = []
    for dt in (MEM, CNT, np.dtype("<u8")):
        (n,) = struct.unpack_from("<Q", data, pos)
        pos += 8
        blocks.append(np.frombuffer(data, dt, n, pos))
        pos += n * dt.itemsize
    mem, cnt, terms = blocks
    counts = cnt["count"].astype(np.int64).reshape(x.shape[0], -1) if cnt.size % x.shape[0] == 0 else \
        np.zeros((x.shape[0], net.n_out), np.int64) - 1
    return RtlRun(mem, counts, cnt, terms, seconds, int(terms[-1]) if terms.size else 0)


@dataclass
class DeepResult:
    name: str
    seed: int
    samples: int
    neuron_updates: int
    mismatches: int
    count_mismatches: int
    cycle_mismatches: int
    first: list[dict]
    corners: dict[str, int]
    seconds: float
    clocks: int
    counts: np.ndarray | None = None  # (B, n_out): the spike counts the RTL reported

    def summary(self) -> str:
        return (f"[deep] snn_core/{self.name}: seed={self.seed} samples={self.samples} neuron updates="
                f"{self.neuron_updates:,} clocks={self.clocks:,} mismatches={self.mismatches} counts="
                f"{self.count_mismatches} clock counts={self.cycle_mismatches} rtl {self.seconds:.1f} s; corners "
                + ", ".join(f"{k}={v}" for k, v in self.corners.items()))


def expected(net: QuantNetwork, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """(v records, spike records) in the core's order, counts, and the per-layer spikes (B, T, n)."""
    counts, vs, sps = SnnCoreModel(net).batch(x)
    v = np.concatenate(vs, axis=2).reshape(-1)
    s = np.concatenate(sps, axis=2).reshape(-1)
    return v, s, counts, sps


def corners(net: QuantNetwork, x: np.ndarray, sps: list[np.ndarray]) -> dict[str, int]:
    """Corner counts over the batch, from the model's intermediate values (state before each step)."""
    hits = dict.fromkeys(("acc_sat_pos", "acc_sat_neg", "v_sat_pos", "v_sat_neg", "threshold_equal",
                          "threshold_minus_1", "spike", "no_spike", "negative_weight_active", "empty_step",
                          "all_inputs", "silent_layer"), 0)
    _, vs, _ = SnnCoreModel(net).batch(x)
    s_in = x.astype(np.int64)
    for li, q in enumerate(net.layers):
        v_after = vs[li]
        v_before = np.concatenate([np.full(v_after[:, :1].shape, q.v_rest), v_after[:, :-1]], axis=1)
        acc = s_in @ q.weight.T + q.bias
        cur = np.clip(acc, -32768, 32767)
        raw = v_before + (((q.v_rest - v_before) * q.leak) >> 8) + cur
        v_next = np.clip(raw, -32768, 32767)
        hits["acc_sat_pos"] += int(np.sum(acc > 32767))
        hits["acc_sat_neg"] += int(np.sum(acc < -32768))
        hits["v_sat_pos"] += int(np.sum(raw > 32767))
        hits["v_sat_neg"] += int(np.sum(raw < -32768))
        hits["threshold_equal"] += int(np.sum(v_next == q.threshold))
        hits["threshold_minus_1"] += int(np.sum(v_next == q.threshold - 1))
        hits["spike"] += int(np.sum(v_next >= q.threshold))
        hits["no_spike"] += int(np.sum(v_next < q.threshold))
        hits["negative_weight_active"] += int(np.sum(s_in @ (q.weight < 0).T))
        if li > 0:
            hits["silent_layer"] += int(np.sum(s_in.sum(-1) == 0))
        s_in = sps[li].astype(np.int64)
    hits["empty_step"] = int(np.sum(x.sum(-1) == 0))
    hits["all_inputs"] = int(np.sum(x.sum(-1) == net.n_in))
    return hits


def step_clocks(net: QuantNetwork, x: np.ndarray, sps: list[np.ndarray]) -> np.ndarray:
    """Expected clocks between consecutive step ends (B * T - 1 values), vectorised ``step_cycles``."""
    active = [x.sum(-1)] + [s.sum(-1) for s in sps[:-1]]  # (B, T) each
    compute = sum(q.n_out * np.maximum(k, 1) + DRAIN_CYCLES for q, k in zip(net.layers, active, strict=True))
    compute = np.asarray(compute, np.int64).copy()
    compute[:, -1] += sum(q.n_out for q in net.layers)  # the count walk after the last step of a sample
    transfers = active[0] + 1
    return (compute.reshape(-1)[:-1] + transfers.reshape(-1)[1:]).astype(np.int64)


def check(net: QuantNetwork, x: np.ndarray, export_dir: Path | None, *, use_spram: bool = False, name: str = "run",
          seed: int = 0, rtl_files: list[Path] | None = None) -> DeepResult:
    rng = np.random.default_rng(seed)
    r = run_rtl(net, x, export_dir, use_spram, rtl_files, rng)
    v, s, counts, sps = expected(net, x)
    per = sum(q.n_out for q in net.layers)
    layer = np.tile(np.concatenate([np.full(q.n_out, li) for li, q in enumerate(net.layers)]), x.shape[0] * x.shape[1])
    idx = np.tile(np.concatenate([np.arange(q.n_out) for q in net.layers]), x.shape[0] * x.shape[1])
    first: list[dict] = []
    if r.mem.size != v.size:
        first.append({"what": "record count", "rtl": int(r.mem.size), "model": int(v.size)})
        mism = max(1, abs(int(r.mem.size) - int(v.size)))
    else:
        bad = (r.mem["v"] != v) | (r.mem["spike"] != s) | (r.mem["layer"] != layer) | (r.mem["idx"] != idx)
        mism = int(bad.sum())
        for k in np.flatnonzero(bad)[:8]:
            b, rest = divmod(int(k), per * x.shape[1])
            first.append({"sample": b, "step": rest // per, "layer": int(layer[k]), "idx": int(idx[k]),
                          "rtl": [int(r.mem["v"][k]), int(r.mem["spike"][k])], "model": [int(v[k]), int(s[k])]})
    cnt_bad = int(np.sum(r.counts != counts)) if r.counts.shape == counts.shape else counts.size
    last_ok = r.cnt.size == counts.size and np.array_equal(
        r.cnt["last"], np.tile((np.arange(net.n_out) == net.n_out - 1).astype(np.uint8), x.shape[0]))
    cnt_bad += 0 if last_ok else 1
    want_clk = step_clocks(net, x, sps)
    got_clk = np.diff(r.terms.astype(np.int64))
    cyc_bad = int(np.sum(got_clk != want_clk)) if got_clk.shape == want_clk.shape else max(1, want_clk.size)
    return DeepResult(name, seed, x.shape[0], int(v.size), mism, cnt_bad, cyc_bad, first, corners(net, x, sps),
                      r.seconds, r.clocks, r.counts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--export", required=True, type=Path, help="export directory (manifest.json + memh)")
    ap.add_argument("--spikes", type=Path, default=None, help="(B, T, n_in) 0/1 .npy input trains")
    ap.add_argument("--samples", type=int, default=360, help="random samples when --spikes is not given")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--spram", action="store_true", help="weights in the SPRAM wrapper, loaded through ld_*")
    args = ap.parse_args(argv)
    net = read_export(args.export)
    if args.spikes is not None:
        x = np.load(args.spikes)
    else:
        x = (np.random.default_rng(args.seed).random((args.samples, net.timesteps, net.n_in)) < 0.3).astype(np.uint8)
    t0 = time.perf_counter()
    res = check(net, x, None if args.spram else args.export.resolve(), use_spram=args.spram, name=net.name,
                seed=args.seed)
    print(res.summary())
    for f in res.first:
        print("  mismatch:", f)
    print(f"[deep] wall time {time.perf_counter() - t0:.1f} s (build included)")
    return 0 if res.mismatches == res.count_mismatches == res.cycle_mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
