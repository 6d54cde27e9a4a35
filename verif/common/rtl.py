"""Where the RTL is, which files a unit needs, and which tools are present.

A unit's sources are found, not listed: the top file ``rtl/**/<key>.sv`` plus, recursively, the file of every
module it instantiates that exists in ``rtl/``. Verilator waivers (``<key>.vlt`` beside a unit) travel with it.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RTL = ROOT / "rtl"
INCLUDE = RTL / "include"
BUILD = ROOT / "build"

_INSTANCE = re.compile(r"^\s*(\w+)\s*(?:#\s*\(|\w+\s*\()", re.MULTILINE)
_KEYWORDS = {"module", "if", "for", "case", "assign", "always_ff", "always_comb", "function", "task", "begin", "end"}

INSTALL_HINT = (
    "install the Debian packages with `apt-get install -y iverilog verilator yosys nextpnr-ice40 fpga-icestorm` "
    "(as root), or run `make test`, which does it"
)


@cache
def module_files() -> dict[str, Path]:
    """module name -> file, for every ``rtl/**/*.sv`` (one module per file, named after it)."""
    return {p.stem: p for p in sorted(RTL.rglob("*.sv"))}


def sources(top: str) -> list[Path]:
    """The files that ``top`` needs, dependencies first."""
    files = module_files()
    if top not in files:
        raise KeyError(f"no RTL file for module {top!r} under {RTL}; modules: {', '.join(files)}")
    order: list[Path] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        text = _strip_comments(files[name].read_text())
        for dep in _INSTANCE.findall(text):
            if dep in files and dep != name and dep not in _KEYWORDS:
                visit(dep)
        order.append(files[name])

    visit(top)
    return order


def waivers(top: str) -> list[Path]:
    """Verilator configuration files (``<module>.vlt``) of ``top`` and its dependencies."""
    return [p.with_suffix(".vlt") for p in sources(top) if p.with_suffix(".vlt").exists()]


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    return re.sub(r"//[^\n]*", "", text)


def require(*tools: str) -> None:
    """Fail (never skip) with an install hint when a tool is missing."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        raise RuntimeError(f"missing tool(s) {', '.join(missing)}: {INSTALL_HINT}")
