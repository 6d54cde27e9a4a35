"""The bit-true model of ``nrn_homeostatic_lif`` (:mod:`golden.fixed.homeostatic_lif_unit`).

* ``homeostatic_step`` against an independent restatement in fxpmath (real-valued fixed point with pinned
  floor rounding and explicit saturation) on random states and inputs, for several parameter sets;
* the invariants the RTL relies on (r stays in [0, 1.0], theta inside its bounds, no word overflows);
* the conversion from the float model's parameters (defaults, quantised eta/decay, errors naming the value);
* the homeostasis against the float ``HomeostaticLIFNeuron`` (:func:`float_agreement`).
"""

from __future__ import annotations

import numpy as np
import pytest
from fxpmath import Fxp

from golden.fixed.homeostatic_lif_unit import (
    CORE_PARAMS,
    RATE_ONE,
    RTL_DEFAULTS,
    HomeostaticLIFUnit,
    float_agreement,
    from_float_params,
    homeostatic_step,
    input_for,
    v_next_of,
)
from golden.models.core_sc.homeostatic_lif import HomeostaticLIFParams


def _fx(x: float, word: int, frac: int, signed: bool = True) -> Fxp:
    return Fxp(x, signed=signed, n_word=word, n_frac=frac, overflow="saturate", rounding="floor")


def fxp_step(v, ref, r, theta, i, m: HomeostaticLIFUnit) -> tuple[int, int, int, int, int]:
    """One step restated on real fixed-point values (fxpmath), independent of the integer kernel."""
    one8, one16, one24 = 2.0 ** -8, 2.0 ** -16, 2.0 ** -24
    spike = 0
    if ref > 0:
        v_new, ref_new = m.v_rest, ref - 1
    else:
        vr, v_rest = v * one8, m.v_rest * one8
        leak = _fx((v_rest - vr) * (m.leak_k * one8), 40, 8)  # exact product, floored to Q.8
        drive = _fx((i * one8) * (m.gain_k * one8), 40, 8)
        v_next = _fx(vr + float(leak) + float(drive), 16, 8)  # Q8.8, saturating
        vn = int(v_next.val)
        if vn * one8 >= theta * one24:
            spike, v_new, ref_new = 1, m.v_reset, m.refractory_cycles
        else:
            v_new, ref_new = vn, ref
    rr = r * one16
    decay = _fx(rr * 2.0 ** -m.trace_shift, 24, 16, signed=False)  # floor of r * 2^-k in UQ.16
    r_new = _fx(rr - float(decay) + spike * 2.0 ** -m.trace_shift, 18, 16, signed=False)
    step = _fx((float(r_new) - m.target * one16) * 2.0 ** -m.eta_shift, 40, 24)  # eta (r - r*) floored to Q.24
    th = float(step) + theta * one24
    th = min(max(th, m.theta_min * one8), m.theta_max * one8)
    return v_new, ref_new, int(r_new.val), int(_fx(th, 34, 24).val), spike


PARAM_SETS = [
    {},
    {"EtaShift": 3, "TraceShift": 2, "RefractoryCycles": 3, "GainK": 300, "LeakK": 64, "VRest": -64, "VReset": -128,
     "Theta0": 200, "ThetaMin": 100, "ThetaMax": 900, "Target": 13107},
    {"EtaShift": 20, "TraceShift": 0, "GainK": -1000, "LeakK": 256, "VReset": -32768, "Theta0": 32766,
     "ThetaMin": 32766, "ThetaMax": 32767, "Target": 65536},
    {"EtaShift": 0, "TraceShift": 16, "GainK": 1, "LeakK": 1, "Target": 0},
]


@pytest.mark.parametrize("params", PARAM_SETS)
def test_step_matches_fxpmath_restatement(params):
    rng = np.random.default_rng(3)
    m = HomeostaticLIFUnit.from_rtl(params)
    c = m.consts()
    for _ in range(1500):
        v = int(rng.integers(-32768, 32768))
        ref = int(rng.integers(0, 3)) if m.refractory_cycles else 0
        r = int(rng.integers(0, RATE_ONE + 1))
        theta = int(rng.integers(m.th_lo, m.th_hi + 1))
        if rng.random() < 0.3:  # on the Q8.8 grid: the exact compare matters
            theta = (theta >> 16) << 16
            theta = min(max(theta, m.th_lo), m.th_hi)
            t_v = -((-theta) >> 16) + int(rng.integers(-1, 2))
            m.v = v
            i = input_for(m, t_v)
            i = int(rng.integers(-32768, 32768)) if i is None else i
        else:
            i = int(rng.integers(-32768, 32768))
        got = homeostatic_step(v, ref, r, theta, i, *c)
        want = fxp_step(v, ref, r, theta, i, m)
        assert got == want, (v, ref, r, theta, i, got, want)


@pytest.mark.parametrize("params", PARAM_SETS)
def test_invariants_over_a_long_run(params):
    rng = np.random.default_rng(4)
    m = HomeostaticLIFUnit.from_rtl(params)
    for t in range(20_000):
        i = int(rng.integers(-32768, 32768)) if rng.random() < 0.2 else int(rng.integers(-100, 600))
        spike, v, theta, r = m.step(i)
        assert 0 <= r <= RATE_ONE and m.th_lo <= theta <= m.th_hi and -32768 <= v <= 32767
        assert -(1 << 31) <= theta < (1 << 31)
        if t % 5000 == 0:
            m.reset_state()
            assert m.outputs() == (0, m.v_rest, m.theta0 << 16, 0)


def test_rate_trace_reaches_one_and_decays_to_its_floor():
    m = HomeostaticLIFUnit()
    for _ in range(2000):  # eta (1 - 0.1) = 0.007 per step: ~1300 steps from 1.0 to 10.0
        m.step(32767)
    assert m.r == RATE_ONE and m.theta == m.th_hi
    for _ in range(400):
        m.step(-32768)
    assert 0 < m.r < 1 << m.trace_shift  # floor residue
    assert m.step(-32768)[3] == m.r


def test_v_next_and_aiming():
    m = HomeostaticLIFUnit.from_rtl({"GainK": 300})
    m.v = 100
    for target in (-5, 0, 77, 300):
        i = input_for(m, target)
        assert i is not None and v_next_of(m.v, i, m.v_rest, m.leak_k, m.gain_k) == target


def test_conversion_of_the_float_defaults():
    assert RTL_DEFAULTS == {"VRest": 0, "VReset": 0, "Theta0": 256, "ThetaMin": 26, "ThetaMax": 2560, "LeakK": 13,
                            "GainK": 256, "RefractoryCycles": 0, "TraceShift": 4, "EtaShift": 7, "Target": 6554}
    real = CORE_PARAMS.to_real(RTL_DEFAULTS)
    assert real["Target"] == pytest.approx(0.1, abs=1e-5) and real["ThetaMax"] == 10.0
    # powers of two convert exactly
    p = HomeostaticLIFParams(adaptation_rate=2 ** -5, trace_decay=1 - 2 ** -3)
    assert from_float_params(p)["eta_shift"] == 5 and from_float_params(p)["trace_shift"] == 3


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"threshold_max": 200.0}, r"ThetaMax.*200.*does not fit Q8.8"),
    ({"adaptation_rate": 0.0}, r"adaptation_rate must be in \(0, 1\]"),
    ({"adaptation_rate": 1e-9}, r"EtaShift.*needs a shift of 29"),
    ({"trace_decay": 0.999999}, r"TraceShift.*needs a shift"),
    ({"target_rate": 1e-7}, r"Target.*rounds to 0"),
    ({"tau_mem": 1e4}, r"LeakK.*rounds to 0"),
])
def test_conversion_errors_name_the_value(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CORE_PARAMS.convert(HomeostaticLIFParams(**kwargs))


def test_noise_is_refused_and_bad_values_are_named():
    with pytest.raises(ValueError, match="noise_std must be 0"):
        from_float_params(HomeostaticLIFParams(noise_std=0.1))
    with pytest.raises(ValueError, match="theta0 must lie"):
        HomeostaticLIFUnit(theta0=5000)
    with pytest.raises(ValueError, match="v_reset must be < theta_min"):
        HomeostaticLIFUnit(v_reset=30)
    with pytest.raises(ValueError, match="eta_shift must be an integer in"):
        HomeostaticLIFUnit(eta_shift=25)
    with pytest.raises(ValueError, match=r"i must be an integer in \[-32768, 32767\]"):
        HomeostaticLIFUnit().step(40000)


def test_float_agreement():
    res = float_agreement()
    print(res["summary"])
    for row in res["rows"]:
        print(row)
        for k in ("core_rate", "float_rate", "float_eff_rate"):
            assert abs(row[k] - res["target_rate"]) <= res["rate_tolerance"], (k, row)
    assert res["max_theta_rel_diff"] <= res["theta_tolerance"]
    assert res["max_theta_rel_diff_effective"] <= res["theta_tolerance"]
    high, low = res["bound_rows"]
    assert high["core_theta"] == high["float_theta"] == 10.0  # pinned at ThetaMax in both
    assert low["core_rate"] == low["float_rate"] == 0.0 and low["core_theta"] == pytest.approx(0.1, abs=0.002)
    assert res["max_bound_rate_diff"] <= 0.005
    assert len(res["summary"].splitlines()) == 1
