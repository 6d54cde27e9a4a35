"""The export directory (golden.export.memfiles): the fixed manifest and memory-file format the RTL core loads,
exact round trips, and a clear error for every kind of mismatch (tampered, truncated or re-shaped files, wrong
format fields)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess

import numpy as np
import pytest

from golden.export.memfiles import ExportFormatError, format_memh, parse_memh, read_export, write_export
from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.export.q88 import QuantNetwork
from golden.export.random_net import random_spec
from golden.fixed.qformat import Q8_8


def small_spec():
    w0 = np.array([[-1.0, 0.5, -128.0], [Q8_8.to_float(Q8_8.max_raw), 0.0, -1.0 / 256]])
    return NetworkSpec((
        LIFLayerSpec(w0, leak=0.25, threshold=1.5, v_rest=-0.5, v_reset=-1.0, bias=np.array([0.75, -2.0])),
        LIFLayerSpec(np.array([[1.0, -1.0]]), leak=1.0, threshold=0.5),
    ), timesteps=7, dt=2e-3, name="small", meta={"seed": np.int64(3), "acc": np.float32(0.5), "note": "x"})


def test_manifest_and_memory_files_have_the_fixed_format(tmp_path):
    write_export(small_spec(), tmp_path)
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert set(m) == {"format", "word_bits", "frac_bits", "name", "timesteps", "dt", "layers", "meta"}
    assert (m["format"], m["word_bits"], m["frac_bits"], m["name"], m["timesteps"], m["dt"]) == \
        ("Q8.8", 16, 8, "small", 7, 2e-3)
    assert m["meta"] == {"seed": 3, "acc": 0.5, "note": "x"}
    l0, l1 = m["layers"]
    assert set(l0) == {"n_in", "n_out", "leak", "threshold", "v_rest", "v_reset", "weights", "bias",
                       "weights_sha256", "bias_sha256"}
    assert (l0["n_in"], l0["n_out"], l0["leak"], l0["threshold"], l0["v_rest"], l0["v_reset"]) == \
        (3, 2, 64, 384, -128, -256)
    assert (l0["weights"], l0["bias"], l1["weights"], l1["bias"]) == \
        ("layer0_w.memh", "layer0_b.memh", "layer1_w.memh", "layer1_b.memh")
    # line o * n_in + i holds W[o, i]: 16-bit two's complement, 4 lowercase hex digits
    assert (tmp_path / "layer0_w.memh").read_text() == "ff00\n0080\n8000\n7fff\n0000\nffff\n"
    assert (tmp_path / "layer0_b.memh").read_text() == "00c0\nfe00\n"
    assert (tmp_path / "layer1_w.memh").read_text() == "0100\nff00\n"
    for entry in m["layers"]:
        for key in ("weights", "bias"):
            data = (tmp_path / entry[key]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry[f"{key}_sha256"]


def test_random_network_line_counts_and_syntax(tmp_path):
    spec = random_spec(4, (64, 32, 10))
    write_export(spec, tmp_path)
    for li, (n_in, n_out) in enumerate(((64, 32), (32, 10))):
        w = (tmp_path / f"layer{li}_w.memh").read_text().splitlines()
        b = (tmp_path / f"layer{li}_b.memh").read_text().splitlines()
        assert (len(w), len(b)) == (n_in * n_out, n_out)
        assert all(re.fullmatch(r"[0-9a-f]{4}", line) for line in w + b)


def test_round_trip_is_exact(tmp_path):
    for spec in (small_spec(), random_spec(9, (64, 32, 10))):
        q = QuantNetwork.from_spec(spec)
        write_export(spec, tmp_path / spec.name)
        back = read_export(tmp_path / spec.name)
        assert back.equals(q) and (back.name, back.timesteps, back.dt) == (q.name, q.timesteps, q.dt)
        assert QuantNetwork.from_spec(back.to_spec()).equals(q)
        # the file contents decode to the raw arrays, in order
        for li, lay in enumerate(q.layers):
            raw = parse_memh((tmp_path / spec.name / f"layer{li}_w.memh").read_text())
            assert raw.tolist() == lay.weight.ravel().tolist()


def test_memh_encoding_of_the_word_corners():
    raw = np.array([Q8_8.min_raw, -1, 0, 1, Q8_8.max_raw])
    assert format_memh(raw) == "8000\nffff\n0000\n0001\n7fff\n"
    assert parse_memh(format_memh(raw)).tolist() == raw.tolist()
    with pytest.raises(ValueError, match="memory word must be in"):
        format_memh(np.array([40000]))


# ----------------------------------------------------------------------------------------------------------
# mismatches are clear errors


@pytest.fixture
def export_dir(tmp_path):
    write_export(random_spec(4, (64, 32, 10)), tmp_path)
    return tmp_path


def edit_manifest(d, fn):
    m = json.loads((d / "manifest.json").read_text())
    fn(m)
    (d / "manifest.json").write_text(json.dumps(m))


def test_tampered_weight_is_a_checksum_error_naming_the_file(export_dir):
    path = export_dir / "layer0_w.memh"
    lines = path.read_text().splitlines()
    lines[100] = f"{(int(lines[100], 16) + 1) & 0xFFFF:04x}"  # one LSB in one weight
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ExportFormatError) as e:
        read_export(export_dir)
    msg = str(e.value)
    expected = json.loads((export_dir / "manifest.json").read_text())["layers"][0]["weights_sha256"]
    assert "layer0_w.memh" in msg and "sha256" in msg and expected in msg
    assert hashlib.sha256(path.read_bytes()).hexdigest() in msg


def test_truncated_file_is_a_shape_error(export_dir):
    path = export_dir / "layer1_w.memh"
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))
    with pytest.raises(ExportFormatError, match=r"layer1_w\.memh: line count .*expected 320 lines, found 319"):
        read_export(export_dir)


def test_manifest_shape_that_disagrees_with_the_files_is_an_error(export_dir):
    edit_manifest(export_dir, lambda m: m["layers"][1].update(n_out=11))
    with pytest.raises(ExportFormatError, match=r"layer1_w\.memh: line count .*n_out=11, n_in=32.*expected 352 "
                                                r"lines, found 320"):
        read_export(export_dir)
    edit_manifest(export_dir, lambda m: m["layers"][1].update(n_out=10, n_in=31))
    with pytest.raises(ExportFormatError, match=r"layer 1: 'n_in' .*expected 32, found 31"):
        read_export(export_dir)


@pytest.mark.parametrize(("key", "value", "match"), [
    ("format", "Q4.12", r"'format': expected 'Q8.8', found 'Q4.12'"),
    ("word_bits", 32, r"'word_bits': expected 16, found 32"),
    ("frac_bits", 12, r"'frac_bits': expected 8, found 12"),
    ("timesteps", 0, r"'timesteps': expected an integer >= 1, found 0"),
])
def test_wrong_format_fields_are_errors(export_dir, key, value, match):
    edit_manifest(export_dir, lambda m: m.update({key: value}))
    with pytest.raises(ExportFormatError, match=match):
        read_export(export_dir)


@pytest.mark.parametrize(("key", "value", "match"), [
    ("leak", 0, r"layer 0: 'leak': expected an integer in \[1, 256\], found 0"),
    ("threshold", 40000, r"'threshold': expected an integer in \[-32768, 32767\], found 40000"),
    ("v_reset", 1.5, r"'v_reset': expected an integer"),
])
def test_bad_raw_scalars_are_errors(export_dir, key, value, match):
    edit_manifest(export_dir, lambda m: m["layers"][0].update({key: value}))
    with pytest.raises(ExportFormatError, match=match):
        read_export(export_dir)


def test_missing_pieces_are_errors(export_dir):
    (export_dir / "layer1_b.memh").unlink()
    with pytest.raises(ExportFormatError, match=r"layer1_b\.memh: missing"):
        read_export(export_dir)
    edit_manifest(export_dir, lambda m: m["layers"][0].pop("bias_sha256"))
    with pytest.raises(ExportFormatError, match=r"layer 0: fields: .*missing \['bias_sha256'\]"):
        read_export(export_dir)
    with pytest.raises(ExportFormatError, match="manifest.json: missing"):
        read_export(export_dir / "nowhere")


def test_bad_line_syntax_is_an_error_even_with_a_matching_checksum(export_dir):
    path = export_dir / "layer0_b.memh"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].upper() if lines[3] != lines[3].upper() else "FFFF"
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(data)
    edit_manifest(export_dir, lambda m: m["layers"][0].update(bias_sha256=hashlib.sha256(data).hexdigest()))
    with pytest.raises(ExportFormatError, match=r"layer0_b\.memh: line 4 is '[0-9A-F]{4}', expected 4 lowercase hex"):
        read_export(export_dir)


# ----------------------------------------------------------------------------------------------------------
# a real $readmemh


@pytest.mark.rtl
def test_icarus_readmemh_loads_the_signed_words(tmp_path):
    """Icarus Verilog's $readmemh reads the weight file into a signed 16-bit memory: every value, in order."""
    from verif.common.rtl import require

    require("iverilog", "vvp")
    spec = random_spec(4, (64, 32, 10))
    write_export(spec, tmp_path)
    n = 64 * 32
    tb = tmp_path / "tb.sv"
    tb.write_text(
        "module tb;\n"
        f"  logic signed [15:0] mem [0:{n - 1}];\n"
        "  initial begin\n"
        f'    $readmemh("{tmp_path / "layer0_w.memh"}", mem);\n'
        f'    for (int k = 0; k < {n}; k++) $display("%0d", mem[k]);\n'
        "    $finish;\n"
        "  end\n"
        "endmodule\n"
    )
    subprocess.run(["iverilog", "-g2012", "-o", str(tmp_path / "tb.vvp"), str(tb)], check=True)
    out = subprocess.run(["vvp", "-n", str(tmp_path / "tb.vvp")], check=True, capture_output=True, text=True)
    values = [int(x) for x in out.stdout.split() if re.fullmatch(r"-?\d+", x)]
    assert values == QuantNetwork.from_spec(spec).layers[0].weight.ravel().tolist()
    assert min(values) < 0 < max(values)
