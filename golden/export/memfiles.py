"""Export directory of a Q8.8 network: ``$readmemh`` memory files plus a JSON manifest (the RTL core loads these).

Layout of ``DIR`` (fixed: the RTL network core and its testbench read it)::

    manifest.json     {"format": "Q8.8", "word_bits": 16, "frac_bits": 8, "name": ..., "timesteps": T, "dt": ...,
                       "layers": [{"n_in", "n_out", "leak", "threshold", "v_rest", "v_reset",   (raw integers)
                                   "weights": "layer0_w.memh", "bias": "layer0_b.memh",
                                   "weights_sha256": ..., "bias_sha256": ...}, ...],
                       "meta": {...}}
    layer<l>_w.memh   n_out * n_in lines; line o * n_in + i holds W[o, i]
    layer<l>_b.memh   n_out lines; line o holds bias[o]

Each memory-file line is exactly four lowercase hex digits, the 16-bit two's complement of the raw Q8.8 value
(-1.0 = raw -256 -> ``ff00``), ending in ``\\n``; there are no comments or address markers, so ``$readmemh`` fills
``mem[0 .. n-1]`` in order. The checksums are the SHA-256 of each file's bytes.

:func:`read_export` checks, and reports as :class:`ExportFormatError` naming the file, what was expected and what
was found: the format, word and fraction bits, the presence of every field, the line count of each memory file
(its shape), the checksum, the syntax of every line, the ranges of the raw scalars and the chaining of the layer
shapes. A network written and read back is identical to the one written (:meth:`QuantNetwork.equals`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np

from golden.export.network import NetworkSpec
from golden.export.q88 import FMT, LEAK_MAX, LEAK_MIN, QuantLayer, QuantNetwork

MANIFEST = "manifest.json"
HEX_DIGITS = FMT.word // 4
_LINE = re.compile(rf"[0-9a-f]{{{HEX_DIGITS}}}")
_LAYER_KEYS = ("n_in", "n_out", "leak", "threshold", "v_rest", "v_reset", "weights", "bias", "weights_sha256",
               "bias_sha256")


class ExportFormatError(ValueError):
    """An export directory that does not match the manifest format (message: which file, expected vs found)."""


def weights_file(layer: int) -> str:
    return f"layer{layer}_w.memh"


def bias_file(layer: int) -> str:
    return f"layer{layer}_b.memh"


def format_memh(raw: np.ndarray) -> str:
    """Raw Q8.8 integers (any shape, C order) -> the text of a memory file (one word per line)."""
    values = np.asarray(raw).ravel()
    FMT.check_raw(values, "memory word")
    mask = (1 << FMT.word) - 1
    words = [int(x) & mask for x in values]  # Python's & on a negative int gives its two's-complement bits
    return "".join(f"{w:0{HEX_DIGITS}x}\n" for w in words)


def parse_memh(text: str, path: str | Path = "<memh>") -> np.ndarray:
    """Text of a memory file -> raw signed integers (1-D); an error naming the file and line on bad syntax."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = np.empty(len(lines), dtype=np.int64)
    half = 1 << (FMT.word - 1)
    for n, line in enumerate(lines):
        if not _LINE.fullmatch(line):
            raise ExportFormatError(f"{path}: line {n + 1} is {line!r}, expected {HEX_DIGITS} lowercase hex digits")
        word = int(line, 16)
        out[n] = word - (1 << FMT.word) if word >= half else word
    return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_safe(obj: Any) -> Any:
    """Provenance for ``meta``: numpy scalars/arrays to Python, anything else unknown to its ``str``."""
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_safe(obj.tolist())
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, float) and not math.isfinite(obj):
        return str(obj)
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    return str(obj)


def write_export(network: QuantNetwork | NetworkSpec, out_dir: str | Path) -> Path:
    """Write the memory files and the manifest of ``network`` (a float spec is quantised first); returns the
    manifest's path. Files of the same names in ``out_dir`` are overwritten; others are left alone."""
    q = QuantNetwork.from_spec(network) if isinstance(network, NetworkSpec) else network
    if not isinstance(q, QuantNetwork):
        raise TypeError(f"network must be a QuantNetwork or NetworkSpec, got {type(network).__name__}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    layers = []
    for li, layer in enumerate(q.layers):
        entry: dict[str, Any] = {"n_in": layer.n_in, "n_out": layer.n_out, "leak": layer.leak,
                                 "threshold": layer.threshold, "v_rest": layer.v_rest, "v_reset": layer.v_reset}
        for key, name, raw in (("weights", weights_file(li), layer.weight), ("bias", bias_file(li), layer.bias)):
            data = format_memh(raw).encode("ascii")
            (out / name).write_bytes(data)
            entry[key] = name
            entry[f"{key}_sha256"] = sha256(data)
        layers.append(entry)
    manifest = {"format": FMT.name, "word_bits": FMT.word, "frac_bits": FMT.frac, "name": q.name,
                "timesteps": q.timesteps, "dt": float(q.dt), "layers": layers, "meta": json_safe(q.meta)}
    path = out / MANIFEST
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def _expect(cond: bool, where: str, what: str, expected: Any, found: Any) -> None:
    if not cond:
        raise ExportFormatError(f"{where}: {what}: expected {expected}, found {found!r}")


def _raw_int(value: Any, where: str, what: str, lo: int, hi: int) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi
    _expect(ok, where, what, f"an integer in [{lo}, {hi}]", value)
    return value


def _read_memh(directory: Path, entry: dict, key: str, layer: int, count: int) -> np.ndarray:
    where = f"{directory / MANIFEST} layer {layer}"
    name = entry[key]
    _expect(isinstance(name, str) and Path(name).name == name and name != "", where, f"'{key}'",
            "a file name inside the export directory", name)
    path = directory / name
    if not path.is_file():
        raise ExportFormatError(f"{path}: missing (named by {where} '{key}')")
    data = path.read_bytes()
    text = data.decode("ascii", errors="replace")
    lines = text.count("\n") + (0 if text.endswith("\n") or text == "" else 1)
    _expect(lines == count, str(path), f"line count (shape of layer {layer} {key}, n_out={entry['n_out']}"
            f"{', n_in=' + str(entry['n_in']) if key == 'weights' else ''})", f"{count} lines", lines)
    digest = sha256(data)
    _expect(digest == entry[f"{key}_sha256"], str(path), f"sha256 (manifest '{key}_sha256')",
            entry[f"{key}_sha256"], digest)
    return parse_memh(text, path)


def read_export(directory: str | Path) -> QuantNetwork:
    """Load and verify an export directory (see the module docstring); returns the :class:`QuantNetwork`."""
    d = Path(directory)
    mpath = d / MANIFEST
    if not mpath.is_file():
        raise ExportFormatError(f"{mpath}: missing (not an export directory)")
    try:
        m = json.loads(mpath.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ExportFormatError(f"{mpath}: not valid JSON ({e})") from e
    _expect(isinstance(m, dict), str(mpath), "top level", "a JSON object", type(m).__name__)
    for key in ("format", "word_bits", "frac_bits", "name", "timesteps", "dt", "layers"):
        _expect(key in m, str(mpath), f"field '{key}'", "present", "absent")
    _expect(m["format"] == FMT.name, str(mpath), "'format'", repr(FMT.name), m["format"])
    _expect(m["word_bits"] == FMT.word, str(mpath), "'word_bits'", FMT.word, m["word_bits"])
    _expect(m["frac_bits"] == FMT.frac, str(mpath), "'frac_bits'", FMT.frac, m["frac_bits"])
    _expect(isinstance(m["timesteps"], int) and not isinstance(m["timesteps"], bool) and m["timesteps"] >= 1,
            str(mpath), "'timesteps'", "an integer >= 1", m["timesteps"])
    _expect(isinstance(m["dt"], int | float) and not isinstance(m["dt"], bool) and m["dt"] > 0
            and math.isfinite(m["dt"]), str(mpath), "'dt'", "a number > 0", m["dt"])
    _expect(isinstance(m["layers"], list) and len(m["layers"]) >= 1, str(mpath), "'layers'",
            "a non-empty list", m["layers"])
    layers = []
    for li, e in enumerate(m["layers"]):
        where = f"{mpath} layer {li}"
        _expect(isinstance(e, dict), where, "entry", "a JSON object", e)
        missing = [k for k in _LAYER_KEYS if k not in e]
        _expect(not missing, where, "fields", f"all of {list(_LAYER_KEYS)}", f"missing {missing}")
        n_in = _raw_int(e["n_in"], where, "'n_in'", 1, 1 << 24)
        n_out = _raw_int(e["n_out"], where, "'n_out'", 1, 1 << 24)
        if li > 0:
            _expect(n_in == layers[-1].n_out, where, "'n_in' (must equal the n_out of the layer before)",
                    layers[-1].n_out, n_in)
        leak = _raw_int(e["leak"], where, "'leak'", LEAK_MIN, LEAK_MAX)
        scalars = {k: _raw_int(e[k], where, f"'{k}'", FMT.min_raw, FMT.max_raw)
                   for k in ("threshold", "v_rest", "v_reset")}
        w = _read_memh(d, e, "weights", li, n_in * n_out).reshape(n_out, n_in)
        b = _read_memh(d, e, "bias", li, n_out)
        layers.append(QuantLayer(weight=w, bias=b, leak=leak, **scalars))
    meta = m.get("meta", {})
    return QuantNetwork(tuple(layers), timesteps=m["timesteps"], dt=float(m["dt"]), name=str(m["name"]),
                        meta=meta if isinstance(meta, dict) else {"meta": meta})
