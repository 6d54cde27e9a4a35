"""Generated documentation and headers are fresh: the README model table and the generated RTL headers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from golden.gen import svh, table
from golden.registry import catalogue, model_table, models

# ----------------------------------------------------------------------------------------------------------
# the committed artefacts


def test_readme_model_table_is_fresh():
    msg = table.check()
    assert msg is None, msg


def test_readme_core_table_is_fresh():
    from verif import cores_table

    text = cores_table.README.read_text()
    assert cores_table.splice(text, cores_table.render()) == text, (
        "README.md's core table is stale: run `python -m verif.cores_table`")


def test_generated_headers_are_fresh():
    """nrn_formats.svh and every core's <unit>_params.svh equal what the Python side generates now."""
    assert svh.stale() == []
    assert svh.main(["--check"]) == 0
    assert set(svh.render_all()) >= {svh.HEADER, svh.core_header("nrn_truenorth")}


def test_header_check_catches_a_stale_and_an_orphan_header(tmp_path, monkeypatch):
    """The freshness check can fail: an edited core header and a generated header without a core are reported."""
    monkeypatch.setattr(svh, "HEADER", tmp_path / "nrn_formats.svh")
    assert svh.main([]) == 0 and svh.stale() == []
    core = svh.core_header("nrn_truenorth")
    core.write_text(core.read_text().replace("100", "101", 1))
    (tmp_path / "nrn_gone_params.svh").write_text(f"// {svh.GENERATED}\n")
    msgs = svh.stale()
    assert any("nrn_truenorth_params.svh is stale" in m for m in msgs), msgs
    assert any("nrn_gone_params.svh was generated for a core" in m for m in msgs), msgs
    assert svh.main(["--check"]) == 1


# ----------------------------------------------------------------------------------------------------------
# the model table itself


def test_model_table_lists_every_catalogue_row():
    text = model_table()
    rows = [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith("| class ")]
    assert [r.split("|")[1].strip() for r in rows] == [c["class"] for c in catalogue()]
    from golden.registry import training_cells

    cells = training_cells()
    for name in [*models(), *cells]:
        (row,) = [r for r in rows if r.split("|")[1].strip() == name]
        assert "implemented" in row
    for name in cells:
        assert "PyTorch" in [r for r in rows if r.split("|")[1].strip() == name][0]
    done = len(models()) + len(cells)
    assert f"{done} of {len(catalogue())} catalogue classes implemented." in text


# ----------------------------------------------------------------------------------------------------------
# golden.gen.table on a scratch README

INTRO = "# Project\n\nSome text.\n\n## Models\n\n"
OUTRO = "\n## Next section\n\nMore text.\n"


def scratch(tmp_path, body):
    p = tmp_path / "README.md"
    p.write_text(INTRO + body + OUTRO)
    return p


def test_write_then_check(tmp_path):
    p = scratch(tmp_path, f"{table.BEGIN}\nold table\n{table.END}\n")
    assert table.check(p) is not None
    assert table.write(p) is True
    text = p.read_text()
    assert text == INTRO + table.BEGIN + "\n" + model_table() + table.END + "\n" + OUTRO
    assert table.check(p) is None
    assert table.write(p) is False  # idempotent
    assert p.read_text() == text


def test_empty_region_and_markers_on_one_line(tmp_path):
    p = scratch(tmp_path, f"{table.BEGIN}{table.END}\n")
    assert table.check(p) is not None
    table.write(p)
    assert table.check(p) is None
    assert model_table() in p.read_text()
    assert p.read_text().startswith(INTRO) and p.read_text().endswith(OUTRO)


def test_stale_table_detected(tmp_path):
    p = scratch(tmp_path, f"{table.BEGIN}\n{table.END}\n")
    table.write(p)
    fresh = p.read_text()
    for stale in (
        fresh.replace("| implemented |", "| planned (part 1) |", 1),
        fresh.replace(model_table(), model_table().rstrip("\n") + "\nextra line\n"),
        fresh.replace(model_table(), model_table()[:-1]),  # a single missing newline
    ):
        assert stale != fresh
        p.write_text(stale)
        msg = table.check(p)
        assert msg is not None and "make table" in msg and "stale" in msg


@pytest.mark.parametrize(
    "body",
    ["no markers at all\n", f"{table.BEGIN}\nonly the start\n", f"only the end\n{table.END}\n",
     f"{table.END}\nreversed\n{table.BEGIN}\n", f"{table.BEGIN}\n{table.END}\n{table.BEGIN}\n{table.END}\n"],
    ids=["none", "begin-only", "end-only", "reversed", "twice"],
)
def test_bad_markers(tmp_path, body):
    p = scratch(tmp_path, body)
    msg = table.check(p)
    assert msg is not None and "make table" in msg
    with pytest.raises(table.TableError):
        table.write(p)
    assert table.main(["--check", "--readme", str(p)]) == 1
    assert table.main(["--readme", str(p)]) == 1
    assert p.read_text() == INTRO + body + OUTRO  # untouched


def test_missing_readme(tmp_path):
    p = tmp_path / "README.md"
    msg = table.check(p)
    assert msg is not None and "make table" in msg
    assert table.main(["--check", "--readme", str(p)]) == 1
    assert not p.exists()


def test_cli(tmp_path):
    p = scratch(tmp_path, f"{table.BEGIN}\nold\n{table.END}\n")
    cmd = [sys.executable, "-m", "golden.gen.table", "--readme", str(p)]
    r = subprocess.run([*cmd, "--check"], capture_output=True, text=True)
    assert r.returncode == 1 and "make table" in r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([*cmd, "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert model_table() in p.read_text()
