"""FPGA synthesis flow: area (Yosys ``synth_ice40``) and Fmax (nextpnr-ice40) of every registered RTL unit.

What: for one unit key (``nrn_lif``, ``sc_lfsr``, ...; the list comes from
:func:`golden.registry.units`, never from here) and three targets -- iCE40 HX8K, UP5K without DSP, UP5K with
DSP (``-dsp``) -- synthesize the core alone and report its own cell counts (LUT4, carry, FF, DSP, RAM), then
place and route it inside a generated timing harness and report the Fmax. Results go to
``synth/reports/<key>.json``; one Markdown table, ``synth/reports/summary.md``, is regenerated from all the
JSON files present.

Why: the reports are committed, so an area or timing regression shows up as a diff. They therefore hold no
absolute paths and no dates, keys are sorted, and the place-and-route seed is fixed.

Why a harness: the cores have many ports (``nrn_lif`` has 83) and the UP5K sg48 package has 39 I/O. The
harness (``synth_wrap_<key>``, generated into the build directory, never into ``rtl/``) drives every core
input from a serial-in shift register and captures every core output in a register, XOR-reduced by a
pipelined tree (one LUT4 level per register stage) to one output pin. It needs at most 4 pins and every path
through the core is register to register, so the Fmax is the core's internal one. Its cost is measured by
synthesizing it with the core as a black box and is reported separately ("wrapper_overhead"); the core's
netlist is then inserted unchanged, so what is placed is exactly core + harness.

Usage::

    python -m synth.flow --unit nrn_lif          # one unit (the key or the short sim name)
    python -m synth.flow --unit all              # every registered unit
    python -m synth.flow --summary-only          # only rebuild summary.md from the JSON reports

Build products (Yosys netlists, scripts, logs, .asc) go to ``build/synth/<key>/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from golden import registry
from verif.common import rtl

ROOT = rtl.ROOT
REPORTS = Path(__file__).resolve().parent / "reports"
BUILD = rtl.BUILD / "synth"
SUMMARY = "summary.md"
SEED = 1  # nextpnr placement seed: fixed, so the committed Fmax only moves when the design or the tools do
XOR_FANIN = 4  # inputs per register stage of the harness's output XOR tree (one LUT4)

# Published results printed under the summary table for comparison (different RTL from ours).
ANCHORS = (
    "ODIN's LIF datapath on HX8K: 195 LUT4 + 78 carry at 52.3 MHz",
    "LFSR16 + comparator SNG on HX8K: 31 LUT4 + 16 carry + 33 FF at 191 MHz",
)

# Port-name conventions of the RTL (see rtl/): the harness drives these from pins, everything else serially.
CLOCK_NAMES = ("clk_i", "clk")
RESET_LOW_NAMES = ("rst_ni", "rst_n")
RESET_HIGH_NAMES = ("rst_i", "rst")


@dataclass(frozen=True)
class Target:
    """One device + synthesis variant."""

    key: str  # report key
    label: str  # text in the summary table
    device: str
    package: str
    synth_args: tuple[str, ...]  # synth_ice40 options besides -top
    pnr_args: tuple[str, ...]  # nextpnr-ice40 device option
    freq_mhz: float  # nextpnr --freq: a realistic target; the achieved Fmax is reported either way
    has_spram: bool = False  # the device has SB_SPRAM256KA blocks (UP5K)


TARGETS: dict[str, Target] = {
    t.key: t
    for t in (
        Target("hx8k", "HX8K ct256", "iCE40 HX8K", "ct256", (), ("--hx8k",), 100.0),
        Target("up5k", "UP5K sg48", "iCE40 UP5K", "sg48", ("-device", "u"), ("--up5k",), 48.0, True),
        Target(
            "up5k_dsp", "UP5K sg48 -dsp", "iCE40 UP5K", "sg48", ("-device", "u", "-dsp"), ("--up5k",), 48.0, True
        ),
    )
}


# ---------------------------------------------------------------------------------------------------------
# Parsers (pure functions on the tools' JSON outputs)
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """iCE40 cells: LUT4 = SB_LUT4, carry = SB_CARRY, FF = SB_DFF*, DSP = SB_MAC16, RAM = BRAM + SPRAM."""

    lut4: int = 0
    carry: int = 0
    ff: int = 0
    dsp: int = 0
    ram: int = 0

    def __add__(self, other: Area) -> Area:
        return Area(*(a + b for a, b in zip(asdict(self).values(), asdict(other).values(), strict=True)))


def cell_counts(stat: dict[str, Any]) -> dict[str, int]:
    """``SB_*`` cell type -> count of the whole design, from Yosys ``stat -json`` output."""
    try:
        by_type = stat["design"]["num_cells_by_type"]
    except KeyError as exc:
        raise ValueError(
            f"not a Yosys `stat -json` result: missing {exc}; top-level keys {sorted(stat)}"
        ) from None
    return {t: int(n) for t, n in sorted(by_type.items()) if t.startswith("SB_")}


def area_of(cells: dict[str, int]) -> Area:
    """Fold ``SB_*`` cell counts into an :class:`Area` (black boxes and other cells are not counted)."""
    return Area(
        lut4=cells.get("SB_LUT4", 0),
        carry=cells.get("SB_CARRY", 0),
        ff=sum(n for t, n in cells.items() if t.startswith("SB_DFF")),
        dsp=cells.get("SB_MAC16", 0),
        ram=sum(n for t, n in cells.items() if t.startswith("SB_RAM40_4K") or t == "SB_SPRAM256KA"),
    )


def parse_stat(stat: dict[str, Any]) -> Area:
    """Area of a Yosys ``stat -json`` result."""
    return area_of(cell_counts(stat))


def clock_net(report: dict[str, Any], pin: str) -> str:
    """The nextpnr clock net that ``pin`` feeds (``clk_i`` becomes e.g. ``clk_i$SB_IO_IN_$glb_clk``)."""
    nets = sorted(report.get("fmax", {}))
    if not nets:
        raise ValueError("nextpnr report has no 'fmax' entry: the design has no clocked path")
    ours = [n for n in nets if n == pin or n.startswith(pin + "$")]
    if len(ours) != 1:
        raise ValueError(f"nextpnr report: cannot tell the clock of pin {pin!r} among the clock nets {nets}")
    return ours[0]


def parse_fmax(report: dict[str, Any], pin: str) -> float:
    """Achieved Fmax (MHz) of the clock fed by ``pin``, from a nextpnr ``--report`` JSON."""
    net = clock_net(report, pin)
    try:
        return float(report["fmax"][net]["achieved"])
    except KeyError:
        raise ValueError(f"nextpnr report: fmax entry of {net!r} has no 'achieved' value") from None


def critical_path(report: dict[str, Any], net: str, core_prefix: str = "u_core.") -> dict[str, Any]:
    """Start/end cell of the register-to-register critical path of ``net`` and whether it crosses the core."""
    edge = f"posedge {net}"
    for cp in report.get("critical_paths", []):
        if cp.get("from") == edge and cp.get("to") == edge and cp.get("path"):
            path = cp["path"]
            cells = {seg[end]["cell"] for seg in path for end in ("from", "to")}
            # nextpnr 0.4 writes the clk-to-q step as (sink cell, CLK) -> (source cell, O): the source is "to"
            first = path[0]["to"] if path[0].get("type") == "clk-to-q" else path[0]["from"]
            return {
                "start": first["cell"],
                "end": path[-1]["to"]["cell"],
                "end_port": path[-1]["to"]["port"],
                "through_core": any(c.startswith(core_prefix) for c in cells),
            }
    return {}


def utilization(report: dict[str, Any]) -> dict[str, int]:
    """nextpnr bel type -> used count (used ones only)."""
    return {t: int(u["used"]) for t, u in sorted(report.get("utilization", {}).items()) if u.get("used")}


# ---------------------------------------------------------------------------------------------------------
# The timing harness
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Port:
    name: str
    direction: str  # "input" | "output"
    width: int


@dataclass(frozen=True)
class Harness:
    """How the generated wrapper connects a core: clock and reset from pins, the rest through registers."""

    key: str
    clock: str | None
    reset: str | None
    reset_active_low: bool
    inputs: tuple[Port, ...]  # driven from the serial-in shift register
    outputs: tuple[Port, ...]  # captured and XOR-reduced

    @property
    def module(self) -> str:
        return f"synth_wrap_{self.key}"

    @property
    def in_bits(self) -> int:
        return sum(p.width for p in self.inputs)

    @property
    def out_bits(self) -> int:
        return sum(p.width for p in self.outputs)

    @property
    def xor_stages(self) -> list[int]:
        """Register count of each XOR stage after the capture register (until one bit is left)."""
        stages, n = [], self.out_bits
        while n > 1:
            n = -(-n // XOR_FANIN)
            stages.append(n)
        return stages

    @property
    def pins(self) -> list[str]:
        return (
            ["clk_i"] + (["rst_ni"] if self.reset else []) + (["sin_i"] if self.inputs else []) + ["sout_o"]
        )

    def describe(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "pins": self.pins,
            "core_clock": self.clock,
            "core_reset": self.reset,
            "serial_in_bits": self.in_bits,
            "captured_out_bits": self.out_bits,
            "xor_stages": self.xor_stages,
            "method": (
                "core inputs from a serial-in shift register, core outputs captured in registers and "
                f"XOR-reduced by a pipelined {XOR_FANIN}-input tree to one pin; the core reset straight from "
                "the reset pin (an <async> path, not in the Fmax); every core path is register to register. "
                "Overhead = the harness synthesized with the core as a black box; not in the core's area."
            ),
        }


def read_ports(netlist: dict[str, Any], key: str) -> list[Port]:
    """Ports of module ``key`` (declaration order) from a Yosys ``write_json`` netlist."""
    try:
        ports = netlist["modules"][key]["ports"]
    except KeyError:
        raise ValueError(
            f"Yosys netlist has no module {key!r}; modules: {sorted(netlist.get('modules', {}))}"
        ) from None
    return [Port(name, p["direction"], len(p["bits"])) for name, p in ports.items()]


def uses_spram(netlist: dict[str, Any]) -> bool:
    """Whether an elaborated Yosys netlist instantiates SB_SPRAM256KA (only UP5K-class devices have it)."""
    return any(cell.get("type") == "SB_SPRAM256KA" for mod in netlist.get("modules", {}).values()
               for cell in mod.get("cells", {}).values())


def harness_for(key: str, ports: Sequence[Port]) -> Harness:
    """Sort the ports of ``key`` into clock, reset, serial inputs and captured outputs."""
    bad = [p.name for p in ports if p.direction not in ("input", "output")]
    if bad:
        raise ValueError(
            f"{key}: ports {bad} are neither input nor output; the harness supports input/output only"
        )
    clocks = [p for p in ports if p.direction == "input" and p.name in CLOCK_NAMES]
    resets = [p for p in ports if p.direction == "input" and p.name in RESET_LOW_NAMES + RESET_HIGH_NAMES]
    for kind, found in (("clock", clocks), ("reset", resets)):
        if len(found) > 1:
            raise ValueError(
                f"{key}: more than one {kind} port {[p.name for p in found]}; the harness drives one"
            )
        if found and found[0].width != 1:
            raise ValueError(f"{key}: {kind} port {found[0].name!r} is {found[0].width} bits wide; must be 1")
    special = {p.name for p in clocks + resets}
    inputs = tuple(p for p in ports if p.direction == "input" and p.name not in special)
    outputs = tuple(p for p in ports if p.direction == "output")
    if not outputs:
        raise ValueError(f"{key}: no output port; nothing to time")
    return Harness(
        key=key,
        clock=clocks[0].name if clocks else None,
        reset=resets[0].name if resets else None,
        reset_active_low=bool(resets) and resets[0].name in RESET_LOW_NAMES,
        inputs=inputs,
        outputs=outputs,
    )


def _decl(direction: str, width: int, name: str) -> str:
    rng = f"[{width - 1}:0] " if width > 1 else ""
    return f"{direction} wire {rng}{name}"


def blackbox_verilog(h: Harness, ports: Sequence[Port]) -> str:
    """An empty ``(* blackbox *)`` module with the core's ports, to synthesize the harness on its own."""
    decls = ",\n".join(f"  {_decl(p.direction, p.width, p.name)}" for p in ports)
    return (
        f"// {h.key} as a black box -- GENERATED by `python -m synth.flow`: the ports only, so that\n"
        "// the timing harness can be synthesized (and its overhead counted) without the core.\n"
        f"(* blackbox *)\nmodule {h.key} (\n{decls}\n);\nendmodule\n"
    )


def wrapper_verilog(h: Harness) -> str:
    """The timing harness around core ``h.key`` (Verilog-2005)."""
    n_in, n_out = h.in_bits, h.out_bits
    stages = h.xor_stages
    pins = ", ".join(h.pins)
    chain = " -> ".join(str(s) for s in stages) or "(none)"
    header = f"""\
        // {h.module} -- GENERATED by `python -m synth.flow` into the build directory (never rtl/):
        // the timing harness for place and route of {h.key}. Do not edit; it is rewritten on every run.
        //
        // Why: the cores have more ports than the UP5K sg48 package has I/O (39); this one has {n_in}
        // data input bit(s) and {n_out} output bit(s). The harness needs {len(h.pins)} pins ({pins})
        // and puts a register on every core input and output, so every path through the core is register
        // to register and the Fmax that nextpnr reports is the core's internal one (the pin paths are
        // reported apart, as <async> paths). Every core gets the same harness, so the figures compare.
        //
        //   sin_i -> in_q ({n_in}-bit serial-in shift register) -> core inputs
        //   core outputs -> out_q (capture) -> registered XOR stages {chain} -> sout_o
        //   clk_i -> core clock; rst_ni -> core reset, straight from the pin
        //
        // The reset comes straight from its pin, so reset assertion and removal are <async> pin paths and
        // the Fmax is the core's datapath (with a synchronizer it would be the reset tree: global buffer
        // into every flip-flop's SR, which bounds a small core such as sc_lfsr).
        //
        // Each XOR stage is {XOR_FANIN} inputs (one LUT4) between registers, so the harness's own paths are
        // never slower than a core path with logic on it. The harness's cost is reported separately (the
        // harness synthesized with the core as a black box) and is not part of the core's area.
        """
    out = [
        *textwrap.dedent(header).splitlines(),
        f"module {h.module} (",
        ",\n".join(f"  {_decl('output' if pin == 'sout_o' else 'input', 1, pin)}" for pin in h.pins),
        ");",
    ]
    conn: dict[str, str] = {}
    if h.clock:
        conn[h.clock] = "clk_i"
    if h.reset:
        conn[h.reset] = "rst_ni" if h.reset_active_low else "~rst_ni"
    if n_in:
        shift = "sin_i" if n_in == 1 else f"{{in_q[{n_in - 2}:0], sin_i}}"
        out += [
            "",
            "  // inputs: serial-in shift register",
            f"  reg [{n_in - 1}:0] in_q;",
            f"  always @(posedge clk_i) in_q <= {shift};",
        ]
        lo = 0
        for p in h.inputs:
            conn[p.name] = f"in_q[{lo + p.width - 1}:{lo}]"
            lo += p.width
    lo = 0
    for p in h.outputs:
        conn[p.name] = f"out_w[{lo + p.width - 1}:{lo}]"
        lo += p.width
    out += ["", f"  wire [{n_out - 1}:0] out_w;", f"  {h.key} u_core ("]
    out.append(",\n".join(f"    .{name}({sig})" for name, sig in conn.items()))
    out.append("  );")
    regs = [("out_q", n_out)] + [(f"xor{i + 1}_q", n) for i, n in enumerate(stages)]
    out += ["", "  // outputs: capture, then XOR-reduce one LUT4 level per register stage"]
    out += [f"  reg [{n - 1}:0] {name};" for name, n in regs]
    out += ["  always @(posedge clk_i) begin", "    out_q <= out_w;"]
    for (src, n_src), (dst, n_dst) in zip(regs, regs[1:], strict=False):
        groups = []
        for g in reversed(range(n_dst)):
            hi, lo = min(n_src, (g + 1) * XOR_FANIN) - 1, g * XOR_FANIN
            groups.append(f"{src}[{lo}]" if hi == lo else f"^{src}[{hi}:{lo}]")
        out.append(f"    {dst} <= {{{', '.join(groups)}}};")
    out += ["  end", f"  assign sout_o = {regs[-1][0]}[0];", "endmodule", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# Running the tools
# ---------------------------------------------------------------------------------------------------------


def _show(path: Path) -> str:
    """A path as written into commands and reports: relative to the repository root when inside it."""
    path = Path(os.path.abspath(path))
    try:
        text = str(path.relative_to(ROOT))
    except ValueError:
        text = str(path)
    if re.search(r"\s", text):
        raise ValueError(
            f"path {text!r} contains white space, which Yosys scripts cannot take; use another dir"
        )
    return text


def _run(cmd: Sequence[str], what: str, log: Path) -> str:
    proc = subprocess.run(list(cmd), cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {shlex.join(cmd)}\nlog: {log}\n{tail}")
    return proc.stdout


def tool_versions() -> dict[str, str]:
    rtl.require("yosys", "nextpnr-ice40")
    yosys = subprocess.run(["yosys", "-V"], capture_output=True, text=True, check=True).stdout.strip()
    pnr = subprocess.run(["nextpnr-ice40", "--version"], capture_output=True, text=True, check=True)
    text = (pnr.stdout + pnr.stderr).strip()
    m = re.search(r"\(Version ([^)]+)\)", text)
    return {"yosys": yosys, "nextpnr-ice40": f"nextpnr-ice40 {m.group(1)}" if m else text}


def _source_files(key: str) -> list[Path]:
    """The unit's sources plus the headers they include (recursively), for the report's hashes."""
    files = list(rtl.sources(key))
    seen = set(files)
    i = 0
    while i < len(files):
        for name in re.findall(r'`include\s+"([^"]+)"', files[i].read_text()):
            for cand in (files[i].parent / name, rtl.INCLUDE / name):
                if cand.exists() and cand not in seen:
                    seen.add(cand)
                    files.append(cand)
                    break
        i += 1
    return files


def _read_cmd(key: str) -> str:
    srcs = " ".join(_show(p) for p in rtl.sources(key))
    return f"read_verilog -sv -I{_show(rtl.INCLUDE)} {srcs}"


def probe_ports(key: str, build: Path) -> list[Port]:
    """Elaborate ``key`` (no synthesis) and read its ports."""
    out = build / "ports.json"
    script = [_read_cmd(key), f"hierarchy -top {key}", "proc", f"write_json {_show(out)}"]
    log = build / "ports.log"
    _run(["yosys", "-q", "-l", _show(log), "-p", "; ".join(script)], f"yosys elaboration of {key}", log)
    return read_ports(json.loads(out.read_text()), key)


@dataclass
class TargetResult:
    target: Target
    core: Area
    core_cells: dict[str, int]
    wrapper: Area
    wrapped: Area
    fmax_mhz: float
    clock_net: str
    critical_path: dict[str, Any]
    pnr_utilization: dict[str, int]
    commands: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        t = self.target
        return {
            "device": t.device,
            "package": t.package,
            "synth_ice40": " ".join(t.synth_args),
            "area": asdict(self.core),
            "cells": self.core_cells,
            "wrapper_overhead": asdict(self.wrapper),
            "wrapped": asdict(self.wrapped),
            "fmax_mhz": round(self.fmax_mhz, 2),
            "freq_target_mhz": t.freq_mhz,
            "seed": SEED,
            "clock_net": self.clock_net,
            "critical_path": self.critical_path,
            "pnr_utilization": self.pnr_utilization,
            "commands": self.commands,
        }


def run_target(key: str, h: Harness, target: Target, build: Path) -> TargetResult:
    """Synthesize ``key`` for ``target`` (core; harness around a black box; the two joined), then P&R."""
    tdir = build / target.key
    tdir.mkdir(parents=True, exist_ok=True)
    names = ("core_stat.json", "core.json", "wrapper_stat.json", "wrapped_stat.json", "wrapped.json",
             "synth.ys", "yosys.log", "nextpnr.json", "nextpnr.log", "wrapped.asc")  # fmt: skip
    f = {name: _show(tdir / name) for name in names}
    opts = " ".join((*target.synth_args, "-top"))
    script = [
        "# 1. the core alone: its area is the one reported",
        _read_cmd(key),
        f"synth_ice40 {opts} {key}",
        f"tee -q -o {f['core_stat.json']} stat -json",
        f"write_json {f['core.json']}",
        "design -stash core",
        "# 2. the timing harness with the core as a black box: the harness's own overhead",
        f"read_verilog -sv {_show(build / 'core_blackbox.v')} {_show(build / (h.module + '.v'))}",
        f"synth_ice40 {opts} {h.module}",
        f"tee -q -o {f['wrapper_stat.json']} stat -json",
        "# 3. the mapped core netlist of step 1, unchanged, in place of the black box: what is placed",
        f"delete ={key}",
        f"design -copy-from core -as {key} {key}",
        f"hierarchy -top {h.module}",
        "flatten",
        f"tee -q -o {f['wrapped_stat.json']} stat -json",
        f"write_json {f['wrapped.json']}",
    ]
    (tdir / "synth.ys").write_text("\n".join(script) + "\n")
    yosys_cmd = ["yosys", "-q", "-l", f["yosys.log"], "-s", f["synth.ys"]]
    _run(yosys_cmd, f"yosys synth_ice40 of {key} for {target.key}", tdir / "yosys.log")

    def stat(name: str) -> dict[str, Any]:
        return json.loads((tdir / name).read_text())

    core_cells = cell_counts(stat("core_stat.json"))
    core = area_of(core_cells)
    wrapper, wrapped = parse_stat(stat("wrapper_stat.json")), parse_stat(stat("wrapped_stat.json"))
    if core + wrapper != wrapped:
        raise RuntimeError(f"{key} {target.key}: placed netlist {wrapped} != core {core} + harness {wrapper}")

    pnr_cmd = [
        "nextpnr-ice40", *target.pnr_args, "--package", target.package, "--json", f["wrapped.json"],
        "--freq", f"{target.freq_mhz:g}", "--timing-allow-fail", "--seed", str(SEED),
        "--report", f["nextpnr.json"], "--asc", f["wrapped.asc"], "-l", f["nextpnr.log"], "-q",
    ]  # fmt: skip
    _run(pnr_cmd, f"nextpnr-ice40 of {key} for {target.key}", tdir / "nextpnr.log")
    report = stat("nextpnr.json")
    net = clock_net(report, "clk_i")
    return TargetResult(
        target=target,
        core=core,
        core_cells=core_cells,
        wrapper=wrapper,
        wrapped=wrapped,
        fmax_mhz=parse_fmax(report, "clk_i"),
        clock_net=net,
        critical_path=critical_path(report, net),
        pnr_utilization=utilization(report),
        commands={"yosys": shlex.join(yosys_cmd), "yosys_script": script, "nextpnr": shlex.join(pnr_cmd)},
    )


def _unit_metrics(model_path: str):
    """``synth_metrics(fmax_mhz) -> dict`` of the unit's bit-true model module, when it has one."""
    import importlib

    return getattr(importlib.import_module(model_path.rpartition(".")[0]), "synth_metrics", None)


def run_unit(key: str, report_dir: Path = REPORTS, build_dir: Path = BUILD, jobs: int | None = None) -> dict:
    """Run every target for unit ``key``; write ``<report_dir>/<key>.json`` and return its content."""
    info = registry.units().get(key)
    if info is None:
        raise KeyError(f"unknown unit {key!r}; registered units: {', '.join(registry.units())}")
    tools = tool_versions()
    build = build_dir / key
    build.mkdir(parents=True, exist_ok=True)
    ports = probe_ports(key, build)
    spram = uses_spram(json.loads((build / "ports.json").read_text()))
    h = harness_for(key, ports)
    (build / "core_blackbox.v").write_text(blackbox_verilog(h, ports))
    (build / f"{h.module}.v").write_text(wrapper_verilog(h))

    targets = [t for t in TARGETS.values() if t.has_spram or not spram]
    skipped = {t.key: {"device": t.device, "skipped": f"{key} instantiates SB_SPRAM256KA, which the {t.device} "
                       "does not have"} for t in TARGETS.values() if t not in targets}
    workers = max(1, min(len(targets), jobs or os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda t: run_target(key, h, t, build), targets))

    report = {
        "unit": key,
        "description": info.description,
        "regenerate": f"python -m synth.flow --unit {key}",
        "sources": [
            {"path": _show(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in _source_files(key)
        ],
        "tools": tools,
        "harness": h.describe(),
        "targets": {**{r.target.key: r.to_json() for r in results}, **skipped},
    }
    metrics = _unit_metrics(info.model)
    if metrics is not None:  # the unit's model module says what its Fmax means (e.g. operations per second)
        report["throughput"] = {r.target.key: metrics(round(r.fmax_mhz, 2)) for r in results}
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"{key}.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return report


# ---------------------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------------------


def load_reports(report_dir: Path = REPORTS) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(report_dir.glob("*.json"))]


def _target_order(keys: Iterable[str]) -> list[str]:
    known = [k for k in TARGETS if k in keys]
    return known + sorted(set(keys) - set(known))


def summary_markdown(report_dir: Path = REPORTS) -> str:
    """The Markdown summary of every ``*.json`` report in ``report_dir`` (deterministic: no dates)."""
    reports = load_reports(report_dir)
    lines = [
        "# FPGA synthesis summary",
        "",
        "GENERATED by `python -m synth.flow` from the JSON reports beside this file; do not edit "
        "(a test checks it is up to date).",
        "",
        "| unit | target | LUT4 | carry | FF | DSP | Fmax MHz |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    overheads = []
    for rep in reports:
        targets = rep["targets"]
        for tk in _target_order(targets):
            t = targets[tk]
            label = TARGETS[tk].label if tk in TARGETS else tk
            if "skipped" in t:
                lines.append(f"| {rep['unit']} | {label} | - | - | - | - | - |")
                continue
            a = t["area"]
            lines.append(
                f"| {rep['unit']} | {label} | {a['lut4']} | {a['carry']} | {a['ff']} | {a['dsp']} "
                f"| {t['fmax_mhz']:.2f} |"
            )
        costs = {
            f"{w['lut4']} LUT4 + {w['carry']} carry + {w['ff']} FF"
            for w in (t["wrapper_overhead"] for t in targets.values() if "skipped" not in t)
        }
        overheads.append(f"{rep['unit']}: {' / '.join(sorted(costs))}")
    tools = sorted({f"{r['tools']['yosys']}; {r['tools']['nextpnr-ice40']}" for r in reports})
    lines += [
        "",
        "Area: the core alone (Yosys `synth_ice40`, no wrapper); LUT4 = SB_LUT4, carry = SB_CARRY, "
        "FF = SB_DFF\\*, DSP = SB_MAC16. `-dsp` lets Yosys map multipliers to SB_MAC16. A `-` row: the core "
        "needs a block the device lacks (SPRAM on HX8K). "
        f"Fmax: nextpnr-ice40 (seed {SEED}), the core placed inside a generated timing harness: inputs "
        "from a serial-in shift register, outputs captured in registers and XOR-reduced (pipelined) to one "
        "pin, so every core path is register to register and the Fmax is the core's internal one (the "
        "reset comes straight from a pin: reset paths are not in it).",
        "",
        f"Harness cost, not included above: {'; '.join(overheads) or 'none'}.",
        "",
        f"Tools: {' | '.join(tools) or 'none'}.",
        "",
        "Anchors (published figures, different RTL): " + "; ".join(ANCHORS) + ".",
        "",
    ]
    return "\n".join(lines)


def write_summary(report_dir: Path = REPORTS) -> Path:
    path = report_dir / SUMMARY
    report_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(summary_markdown(report_dir))
    return path


def run(
    keys: Sequence[str],
    report_dir: Path = REPORTS,
    build_dir: Path = BUILD,
    jobs: int | None = None,
    echo: bool = True,
) -> dict[str, dict]:
    """Run the flow for ``keys``, write their reports and the summary; print a short table when ``echo``."""
    reports: dict[str, dict] = {}
    rows = []
    for key in keys:
        t0 = time.monotonic()
        reports[key] = rep = run_unit(key, report_dir, build_dir, jobs)
        dt = time.monotonic() - t0
        for tk, t in rep["targets"].items():
            if "skipped" in t:
                rows.append((key, tk, "-", "-", "-", "-", "-", "-", "-", "-", f"{dt:.1f}"))
                continue
            a, w = t["area"], t["wrapper_overhead"]
            core = "yes" if t["critical_path"].get("through_core") else "NO"
            rows.append((key, tk, a["lut4"], a["carry"], a["ff"], a["dsp"], a["ram"], f"{t['fmax_mhz']:.2f}",
                         f"{w['lut4']}/{w['ff']}", core, f"{dt:.1f}"))  # fmt: skip
    write_summary(report_dir)
    if echo:
        head = ("unit", "target", "LUT4", "carry", "FF", "DSP", "RAM", "Fmax MHz", "harness LUT/FF",
                "crit in core", "unit s")  # fmt: skip
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for r in [head, *rows]:
            print(
                "  ".join(
                    str(c).rjust(wd) if i >= 2 else str(c).ljust(wd)
                    for i, (c, wd) in enumerate(zip(r, widths, strict=True))
                )
            )
        print(f"reports: {_show(report_dir)}/  summary: {_show(report_dir / SUMMARY)}")
    return reports


def _resolve(names: Sequence[str]) -> list[str]:
    keys: list[str] = []
    for name in names:
        found = list(registry.units()) if name == "all" else [registry.unit(name).key]
        keys += [k for k in found if k not in keys]
    return keys


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m synth.flow", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--unit",
        action="append",
        default=[],
        help="unit key or sim name (repeatable), or 'all'; registered: " + ", ".join(registry.units()),
    )
    ap.add_argument("--report-dir", type=Path, default=REPORTS, help="where <key>.json and summary.md go")
    ap.add_argument("--build-dir", type=Path, default=BUILD, help="where netlists and logs go")
    ap.add_argument("--jobs", type=int, default=None, help="targets run in parallel (default: CPU count)")
    ap.add_argument(
        "--summary-only", action="store_true", help="only rebuild summary.md from the JSON reports"
    )
    args = ap.parse_args(argv)
    if args.summary_only:
        print(write_summary(args.report_dir))
        return 0
    if not args.unit:
        ap.error("give --unit KEY (or --unit all)")
    if args.jobs is not None and args.jobs < 1:
        ap.error(f"--jobs must be >= 1, got {args.jobs}")
    try:
        keys = _resolve(args.unit)
    except KeyError as exc:
        ap.error(str(exc.args[0]))
    run(keys, args.report_dir, args.build_dir, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
