"""The bit-true model of ``nrn_spinnaker2`` (golden/fixed/spinnaker2_unit.py): against an independent
restatement on random inputs and parameters, the conversion errors, and the agreement figures."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import golden.fixed.spinnaker2_unit as su
from golden.fixed.spinnaker2_unit import CORE_PARAMS, IN_MAX, IN_MIN, RTL_DEFAULTS, SpiNNaker2Params, SpiNNaker2Unit


def _reference(p: SpiNNaker2Params, xs) -> list[tuple[int, int, int]]:
    """The core's header equations written out again: floor division by 2^shift is Python's //."""
    v, ref, out = p.v_rest, 0, []
    for x in xs:
        if ref:
            v, ref, s = p.v_reset, ref - 1, 0
        else:
            v = (v - p.v_rest) * p.decay_mult // (1 << p.decay_shift) + p.v_rest + int(x)
            s = int(v >= p.v_threshold)
            if s:
                v, ref = p.v_reset, p.refrac_steps
        assert -(1 << 31) <= v < (1 << 31)
        out.append((s, v, ref))
    return out


@pytest.mark.parametrize("seed", range(12))
def test_unit_matches_independent_restatement(seed):
    rng = np.random.default_rng(seed)
    shift = int(rng.integers(1, 17))
    mult = int(rng.integers(0, (1 << shift) - (1 if shift == 16 else 0)))
    th = int(rng.integers(-1000, 32000))
    p = SpiNNaker2Params(v_rest=int(rng.integers(-5000, 5000)), v_reset=int(rng.integers(-32768, th)),
                         v_threshold=th, decay_mult=mult, decay_shift=shift, refrac_steps=int(rng.integers(0, 8)))
    xs = rng.integers(IN_MIN, IN_MAX + 1, 4000) // int(rng.choice([1, 64, 512]))
    unit = SpiNNaker2Unit(p)
    assert [unit.step(int(x)) for x in xs] == _reference(p, xs)


def test_defaults_are_the_conversion_of_the_model_defaults():
    assert RTL_DEFAULTS == CORE_PARAMS.convert(SpiNNaker2Params())
    assert SpiNNaker2Unit.from_rtl({}).params == SpiNNaker2Params()


@pytest.mark.parametrize(("params", "match"), [
    ({"DecayMult": 256}, "decay_mult"),
    ({"DecayShift": 16, "DecayMult": 65535}, "overflow"),
    ({"VReset": 2000}, "v_reset"),
    ({"VThreshold": 40000}, "v_threshold"),
    ({"RefracSteps": 256}, "refrac_steps"),
    ({"Tau": 1}, "no RTL parameter"),
])
def test_conversion_errors(params, match):
    with pytest.raises(ValueError, match=match):
        SpiNNaker2Unit.from_rtl(params)


@pytest.mark.parametrize("x", [IN_MIN - 1, IN_MAX + 1, 2.0, True])
def test_input_out_of_port_range_is_an_error(x):
    with pytest.raises(ValueError, match="input_current"):
        SpiNNaker2Unit().step(x)


def test_reset_restores_state():
    unit = SpiNNaker2Unit(SpiNNaker2Params(v_rest=-50))
    first = [unit.step(200) for _ in range(40)]
    unit.reset_state()
    assert unit.outputs() == (0, -50, 0)
    assert [unit.step(200) for _ in range(40)] == first


def test_doctest():
    assert doctest.testmod(su).failed == 0


def test_float_agreement_figures():
    r = su.float_agreement(steps=40_000)
    assert r["steps"] >= 40_000 and r["mismatches"] == 0
    assert r["rate_max_abs_diff"] < 0.01, r
    assert "0 mismatches" in r["summary"]
