"""``python -m golden.export``: random networks for the RTL tests, the checkpoint path (through a stand-in for
``golden.training.digits``, so this test does not need a trained checkpoint), NIR in and out, and its errors."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import nir
import numpy as np
import pytest

from golden.export.__main__ import main
from golden.export.memfiles import read_export
from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.export.nir_io import from_nir, to_nir
from golden.export.q88 import QuantNetwork
from golden.export.random_net import random_spec

ROOT = Path(__file__).resolve().parents[2]


def test_random_network_export_with_nir(tmp_path, capsys):
    out = tmp_path / "rand"
    assert main(["--random", "5", "--shape", "16,8,4", "--timesteps", "12", "--out", str(out), "--nir"]) == 0
    q = read_export(out)
    assert q.equals(QuantNetwork.from_spec(random_spec(5, (16, 8, 4), timesteps=12)))
    assert q.shape == (16, 8, 4) and q.meta["seed"] == 5
    assert QuantNetwork.from_spec(from_nir(nir.read(out / "network.nir"))).equals(q)
    assert "shape 16,8,4, 12 steps" in capsys.readouterr().out


def test_same_seed_same_files_different_seed_different_files(tmp_path):
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        main(["--random", str(seed), "--out", str(tmp_path / name)])
    read = {n: (tmp_path / n / "layer0_w.memh").read_bytes() for n in "abc"}
    assert read["a"] == read["b"] != read["c"]


def fake_training(monkeypatch, spec):
    mod = types.ModuleType("golden.training.digits")
    mod.load_network_spec = lambda path: spec
    pkg = types.ModuleType("golden.training")
    pkg.digits = mod
    monkeypatch.setitem(sys.modules, "golden.training", pkg)
    monkeypatch.setitem(sys.modules, "golden.training.digits", mod)


def test_checkpoint_export_uses_load_network_spec(tmp_path, monkeypatch):
    spec = random_spec(3, (64, 20, 10), timesteps=16, name="digits")
    fake_training(monkeypatch, spec)
    ckpt = tmp_path / "digits.pt"
    ckpt.write_bytes(b"stand-in")
    assert main(["--checkpoint", str(ckpt), "--out", str(tmp_path / "digits"), "--nir"]) == 0
    assert read_export(tmp_path / "digits").equals(QuantNetwork.from_spec(spec))
    assert (tmp_path / "digits" / "network.nir").is_file()


def test_checkpoint_errors_are_clear(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "golden.training.digits", None)  # import fails
    with pytest.raises(SystemExit, match="needs golden.training.digits.load_network_spec, which is not importable"):
        main(["--checkpoint", str(tmp_path / "x.pt"), "--out", str(tmp_path / "o")])
    fake_training(monkeypatch, random_spec(1, (4, 2)))
    with pytest.raises(SystemExit, match=r"checkpoint .*missing\.pt does not exist"):
        main(["--checkpoint", str(tmp_path / "missing.pt"), "--out", str(tmp_path / "o")])


def test_a_network_outside_q88_stops_the_export(tmp_path, monkeypatch):
    spec = NetworkSpec((LIFLayerSpec(np.array([[0.5, 300.0]]), leak=0.1, threshold=1.0),), timesteps=4)
    fake_training(monkeypatch, spec)
    ckpt = tmp_path / "big.pt"
    ckpt.write_bytes(b"")
    with pytest.raises(SystemExit, match=r"layer 0 weight\[0, 1\] = 300.0 does not fit Q8.8"):
        main(["--checkpoint", str(ckpt), "--out", str(tmp_path / "o")])
    assert not (tmp_path / "o" / "manifest.json").exists()


def test_from_nir_file(tmp_path):
    spec = random_spec(6, (10, 5), timesteps=8, dt=1e-4)
    nir.write(tmp_path / "g.nir", to_nir(spec))
    assert main(["--from-nir", str(tmp_path / "g.nir"), "--out", str(tmp_path / "o")]) == 0
    assert read_export(tmp_path / "o").equals(QuantNetwork.from_spec(spec))


def test_argument_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--random", "2", "--shape", "8,x", "--out", str(tmp_path)])
    assert e.value.code == 2 and "--shape must be comma-separated integers" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    r = subprocess.run([sys.executable, "-m", "golden.export", "--out", str(tmp_path)], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 2 and "one of the arguments --checkpoint --random --from-nir is required" in r.stderr
