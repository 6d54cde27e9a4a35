"""The shared physical -> fixed conversion (golden/fixed/convert.py) and the header it feeds."""

from __future__ import annotations

import doctest

import pytest

import golden.fixed.convert as convert
from golden.fixed.convert import CoreParams, Field, integer_format
from golden.fixed.qformat import QFormat


def test_doctests():
    assert doctest.testmod(convert).failed == 0


def _cp():
    return CoreParams("nrn_x", (
        Field("Leak", QFormat(12, 12, False), lambda p: p["dt"] / p["tau"], "dt/tau"),
        Field("Vth", QFormat(16, 8, True), lambda p: p["v_th"]),
        Field("Refractory", integer_format(4, signed=False), lambda p: p["ref"]),
    ), defaults_from=lambda: {"dt": 1.0, "tau": 20.0, "v_th": -1.25, "ref": 3})


def test_convert_rounds_to_nearest_and_round_trips():
    cp = _cp()
    raw = cp.defaults()
    assert raw == {"Leak": round(4096 / 20), "Vth": -320, "Refractory": 3}
    real = cp.to_real(raw)
    assert real["Vth"] == -1.25 and abs(real["Leak"] - 0.05) <= 0.5 / 4096


@pytest.mark.parametrize("phys,match", [
    ({"dt": 1.0, "tau": 0.5, "v_th": 0.0, "ref": 0}, r"nrn_x\.Leak \(dt/tau\)=2\.0 does not fit UQ0\.12"),
    ({"dt": 1.0, "tau": 1e5, "v_th": 0.0, "ref": 0}, r"nrn_x\.Leak .* rounds to 0 in UQ0\.12"),
    ({"dt": 1.0, "tau": 20.0, "v_th": 128.0, "ref": 0}, r"nrn_x\.Vth=128\.0 does not fit Q8\.8"),
    ({"dt": 1.0, "tau": 20.0, "v_th": 0.0, "ref": 16}, r"nrn_x\.Refractory=16\.0 does not fit UQ4\.0"),
    ({"dt": float("nan"), "tau": 1.0, "v_th": 0.0, "ref": 0}, r"not finite"),
])
def test_values_that_do_not_fit_are_errors_naming_the_parameter(phys, match):
    with pytest.raises(ValueError, match=match):
        _cp().convert(phys)


def test_raw_checks_and_unknown_names():
    cp = _cp()
    cp.check_raw({"Vth": -32768, "Refractory": 15})
    with pytest.raises(ValueError, match="nrn_x.Refractory"):
        cp.check_raw({"Refractory": 16})
    with pytest.raises(ValueError, match="no RTL parameter"):
        cp.check_raw({"Nope": 1})
    with pytest.raises(ValueError, match="no RTL parameter"):
        cp.to_real({"Nope": 1})
    with pytest.raises(ValueError, match="UpperCamelCase"):
        Field("leak", QFormat(8, 4), lambda p: 0.0)


def test_header_defines_come_from_the_conversion():
    assert _cp().svh_defines()[0][:2] == ("NRN_X_LEAK", 205)
    from golden.gen import svh

    text = svh.render_all()[svh.core_header("nrn_dendritic")]
    from golden.fixed.dendritic_unit import CORE_PARAMS

    for name, value, _ in CORE_PARAMS.svh_defines():
        assert f"`define {name} {value}" in " ".join(text.split()), name
