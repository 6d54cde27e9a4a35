"""`make sim` front end: unknown units are refused with the list of valid ones; the registry drives it."""

import subprocess
import sys

from golden import registry
from verif.common.rtl import ROOT


def test_unknown_model_lists_valid_ones():
    r = subprocess.run([sys.executable, "-m", "verif.sim", "--model", "nope"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 2
    for u in registry.units().values():
        assert u.sim in r.stderr and u.key in r.stderr


def test_every_unit_has_a_testbench_module():
    import importlib

    for u in registry.units().values():
        tb = importlib.import_module(f"verif.{u.key}.test_{u.key}")
        assert callable(tb.summarize) and callable(tb.plot) and isinstance(tb.SIM_PARAMETERS, dict)
        assert (ROOT / u.rtl).exists()


def test_unit_lookup_by_key_or_short_name():
    assert registry.unit("lif").key == "nrn_lif"
    assert registry.unit("nrn_lif").sim == "lif"
