"""The README's per-core table: one row per neuron core (``nrn_*`` unit of the registry).

Columns: the format (the unit's ``FORMAT`` text), the deep check (parameter sets x 10M Verilator cycles, every
registered output compared every cycle; the tests fail on any mismatch, so a committed table says 0), the HX8K
area (LUT4 / carry / FF / DSP) and Fmax on HX8K and UP5K from ``synth/reports/<unit>.json``, and the agreement
with the float model (the unit's ``float_agreement()["summary"]``, measured when the table is made).

``python -m verif.cores_table`` rewrites the table between ``<!-- cores:begin -->`` and ``<!-- cores:end -->``
in README.md; ``--check`` exits 1 when the committed table differs (run by tests/test_docs.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from golden import registry

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BEGIN, END = "<!-- cores:begin -->", "<!-- cores:end -->"


def deep_sets(unit: str) -> int:
    """How many parameter sets the unit's 10M-cycle deep check runs."""
    from verif.deep import deep, deep_core, deep_loihi, deep_nrn_small

    try:
        return len(deep_core.load(unit).param_sets)
    except ValueError:
        pass
    if unit in deep.PARAM_SETS:
        return len(deep.PARAM_SETS[unit])
    if unit in deep_nrn_small.UNITS:
        return len(deep_nrn_small.param_sets(unit))
    if unit == "nrn_loihi_cuba":
        return len(deep_loihi.param_sets())
    return 0


def row(unit: str) -> list[str]:
    info = registry.units()[unit]
    mod = importlib.import_module(info.model.rsplit(".", 1)[0])
    fmt = getattr(mod, "FORMAT", "")
    sets = deep_sets(unit)
    deep_txt = f"0 in {sets} x 10M" if sets else "none"
    rep_path = ROOT / "synth" / "reports" / f"{unit}.json"
    if rep_path.exists():
        rep = json.loads(rep_path.read_text())["targets"]
        a = rep["hx8k"]["area"]
        area = f"{a['lut4']} / {a['carry']} / {a['ff']} / {a['dsp']}"
        fmax = f"{rep['hx8k']['fmax_mhz']:.1f} / {rep['up5k']['fmax_mhz']:.1f}"
    else:
        area = fmax = "not synthesised"
    agree = getattr(mod, "float_agreement", None)
    summary = agree()["summary"] if agree is not None else "-"
    return [f"`{unit}`", fmt or info.description, deep_txt, area, fmax, summary]


def render() -> str:
    units = [u for u in registry.units() if u.startswith("nrn_")]
    lines = ["| core | format | deep-check mismatches | HX8K LUT4 / carry / FF / DSP | Fmax MHz HX8K / UP5K | "
             "agreement with the float model |", "|---|---|---|---|---|---|"]
    # a '|' inside a cell would split it: escaped for Markdown
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row(u)) + " |" for u in units]
    return "\n".join(lines) + "\n"


def splice(text: str, table: str) -> str:
    if BEGIN not in text or END not in text:
        raise ValueError(f"README.md lacks the {BEGIN} / {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when README.md's table is stale")
    args = ap.parse_args(argv)
    text = README.read_text()
    new = splice(text, render())
    if args.check:
        if new != text:
            print("README.md's core table is stale: run `python -m verif.cores_table`", file=sys.stderr)
            return 1
        return 0
    README.write_text(new)
    print(f"wrote the core table of {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
