"""Keep the model table in README.md in step with the registry (``make table``).

``python -m golden.gen.table`` rewrites what lies between the markers ``<!-- model-table:begin -->`` and
``<!-- model-table:end -->`` with :func:`golden.registry.model_table`; ``--check`` rewrites nothing and
exits 1 when the table there is stale or the markers are missing (a test runs the check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from golden.registry import model_table

README = Path(__file__).resolve().parents[2] / "README.md"
BEGIN = "<!-- model-table:begin -->"
END = "<!-- model-table:end -->"


class TableError(ValueError):
    """README.md cannot take the table (missing, duplicated or misordered markers)."""


def _span(text: str, path: Path) -> tuple[int, int]:
    """Offsets of the table region: just after the BEGIN marker's line, and the start of the END marker."""
    nb, ne = text.count(BEGIN), text.count(END)
    if nb != 1 or ne != 1:
        raise TableError(
            f"{path} must contain the markers {BEGIN} and {END} once each (found {nb} and {ne}); "
            "add them where the table goes and run `make table`"
        )
    b, e = text.index(BEGIN), text.index(END)
    if e < b:
        raise TableError(f"{path}: {END} comes before {BEGIN}; swap them and run `make table`")
    start = b + len(BEGIN)
    if text.startswith("\r\n", start):
        start += 2
    elif text.startswith("\n", start):
        start += 1
    return start, e


def render(text: str, table: str | None = None, path: Path = README) -> str:
    """``text`` (a README) with the region between the markers replaced by the table."""
    table = model_table() if table is None else table
    start, end = _span(text, path)
    if text[start - 1] not in "\n":  # BEGIN and the table share a line: give the table its own
        table = "\n" + table
    return text[:start] + table + text[end:]


def check(readme: Path = README) -> str | None:
    """None when the README's table is fresh, else a message saying what is wrong and what to run."""
    readme = Path(readme)
    if not readme.is_file():
        return f"{readme} does not exist: write it with the markers {BEGIN} and {END}, then run `make table`"
    text = readme.read_text(encoding="utf-8")
    try:
        fresh = render(text, path=readme)
    except TableError as exc:
        return str(exc)
    if fresh != text:
        return f"the model table in {readme} is stale: run `make table` (python -m golden.gen.table)"
    return None


def write(readme: Path = README) -> bool:
    """Rewrite the README's table in place; True when the file changed."""
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    fresh = render(text, path=readme)
    if fresh == text:
        return False
    readme.write_text(fresh, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the README's table is stale")
    ap.add_argument("--readme", type=Path, default=README, help="the README to update (default: %(default)s)")
    args = ap.parse_args(argv)
    if args.check:
        msg = check(args.readme)
        if msg:
            print(msg, file=sys.stderr)
            return 1
        return 0
    if not args.readme.is_file():
        print(f"{args.readme} does not exist", file=sys.stderr)
        return 1
    try:
        changed = write(args.readme)
    except TableError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{'wrote' if changed else 'unchanged:'} {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
