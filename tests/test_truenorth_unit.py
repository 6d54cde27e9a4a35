"""The bit-true model of ``nrn_truenorth`` (golden/fixed/truenorth_unit.py): against an independent restatement
of the TrueNorth equations on random inputs and parameters, its generator against ``golden.fixed.lfsr.Lfsr``,
the conversion errors, and the agreement figures."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import golden.fixed.truenorth_unit as tu
from golden.fixed.lfsr import Lfsr
from golden.fixed.truenorth_unit import (
    CORE_PARAMS,
    IN_MAX,
    IN_MIN,
    RTL_DEFAULTS,
    TrueNorthParams,
    TrueNorthUnit,
    float_agreement,
    prn_next,
)


def _reference(p: TrueNorthParams, seed: int, xs) -> list[tuple[int, int]]:
    """The equations of the model's docstring and the core's header, written out again (plain ints)."""
    lf = Lfsr(width=32, seed=seed)
    v, out = 0, []
    for x in xs:
        s = lf.state
        v1 = v + int(x)
        if p.stochastic_leak:
            lk = (1 if p.leak > 0 else -1) if p.leak != 0 and abs(p.leak) >= (s >> 24) else 0
        else:
            lk = p.leak
        if p.leak_reversal:
            v2 = max(v1 + lk, 0) if v1 > 0 else min(v1 - lk, 0) if v1 < 0 else 0
        else:
            v2 = v1 + lk
        v3 = min(max(v2, -(1 << 19)), (1 << 19) - 1)
        eta = s & ((1 << p.threshold_mask_bits) - 1)
        spike = int(v3 >= p.threshold + eta)
        if spike:
            v = [p.v_reset, v3 - p.threshold - eta, v3][p.reset_mode]
        elif p.neg_saturate and v3 < -p.neg_threshold:
            v = -p.neg_threshold
        elif not p.neg_saturate and v3 < -(p.neg_threshold + eta):
            v = [-p.v_reset, v3 + p.neg_threshold + eta, v3][p.reset_mode]
        else:
            v = v3
        assert -(1 << 19) <= v < (1 << 19)
        out.append((spike, v))
        for _ in range(32):
            lf.step()
    return out


@pytest.mark.parametrize("seed", range(12))
def test_unit_matches_independent_restatement(seed):
    rng = np.random.default_rng(seed)
    p = tu._random_params(rng)
    prn_seed = int(rng.integers(1, 1 << 31))
    xs = tu._random_inputs(rng, 3000, p)
    unit = TrueNorthUnit(p, prn_seed)
    got = [unit.step(int(x)) for x in xs]
    assert got == _reference(p, prn_seed, xs), p


def test_generator_is_the_lfsr_leaping_32_steps():
    lf = Lfsr(width=32, seed=0xACE1)
    s = lf.state
    for _ in range(200):
        for _ in range(32):
            lf.step()
        s = prn_next(s)
        assert s == lf.state


def test_reset_restores_state_and_generator():
    unit = TrueNorthUnit(TrueNorthParams(stochastic_leak=1, leak=-50, threshold_mask_bits=5))
    first = [unit.step(30) for _ in range(50)]
    unit.reset_state()
    assert unit.outputs() == (0, 0) and unit.prn == unit.prn_seed
    assert [unit.step(30) for _ in range(50)] == first


def test_defaults_are_the_conversion_of_the_model_defaults():
    assert RTL_DEFAULTS == CORE_PARAMS.convert(TrueNorthParams())
    assert TrueNorthUnit.from_rtl({}).params == TrueNorthParams()


@pytest.mark.parametrize(("params", "match"), [
    ({"VReset": -(1 << 19)}, "does not fit the 20-bit register"),
    ({"PrnSeed": 0}, "non-zero"),
    ({"PrnSeed": 1 << 31}, "PrnSeed"),
    ({"Leak": 256}, "leak"),
    ({"ThresholdMaskBits": 18}, "threshold_mask_bits"),
    ({"ResetMode": 3}, "reset_mode"),
    ({"Tau": 1}, "no RTL parameter"),
])
def test_conversion_errors(params, match):
    with pytest.raises(ValueError, match=match):
        TrueNorthUnit.from_rtl(params)


@pytest.mark.parametrize("x", [IN_MIN - 1, IN_MAX + 1, 1.5, True])
def test_input_out_of_port_range_is_an_error(x):
    with pytest.raises(ValueError, match="weighted_input"):
        TrueNorthUnit().step(x)


def test_doctest():
    assert doctest.testmod(tu).failed == 0


def test_float_agreement_figures():
    r = float_agreement(steps=40_000)
    assert r["steps"] >= 40_000 and r["mismatches"] == 0
    assert r["deterministic_steps"] > 5_000 and r["deterministic_mismatches"] == 0
    assert r["stochastic_rate_max_abs_diff"] < 0.03, r
    assert "0 mismatches" in r["summary"]
