"""``make lint``: Verilator ``--lint-only -Wall`` on every RTL module (each as top, with its waivers), and ruff.

Lint is fatal: any Verilator warning or ruff finding fails. Waivers live next to their unit (``<module>.vlt``)
with the reason written down.
"""

from __future__ import annotations

import subprocess
import sys

from verif.common.rtl import INCLUDE, ROOT, module_files, require, sources, waivers

PY_DIRS = ["golden", "verif", "synth", "tests", "bench"]


def lint_rtl(top: str) -> subprocess.CompletedProcess:
    cmd = ["verilator", "--lint-only", "-Wall", f"-I{INCLUDE}", "--top-module", top,
           *map(str, waivers(top)), *map(str, sources(top))]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)


def lint_python() -> subprocess.CompletedProcess:
    dirs = [d for d in PY_DIRS if (ROOT / d).exists()]
    return subprocess.run([sys.executable, "-m", "ruff", "check", *dirs], capture_output=True, text=True, cwd=ROOT)


def main() -> int:
    require("verilator")
    bad = 0
    for top in module_files():
        r = lint_rtl(top)
        status = "clean" if r.returncode == 0 and not r.stderr.strip() else "FAIL"
        print(f"verilator -Wall {top:<20} {status}")
        if status != "clean":
            bad += 1
            print(r.stderr)
    r = lint_python()
    print(f"ruff check {' '.join(PY_DIRS):<20} {'clean' if r.returncode == 0 else 'FAIL'}")
    if r.returncode:
        bad += 1
        print(r.stdout, r.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
