"""The bit-true model of ``nrn_sc_lif`` (:mod:`golden.fixed.sc_lif_unit`).

* ``sc_lif_step`` against an independent restatement in fxpmath (real-valued fixed point, round half up written
  as floor(x + 2^-9), explicit saturation) on random states and inputs, for several parameter sets;
* the noise comes from the bit-true ``Lfsr`` (the unit's sequence is ``Lfsr.sequence``'s bit 0 mapped to +-A,
  in both forms, reset restarts it);
* the conversion from the float model's parameters (defaults, errors naming the value);
* noise statistics and f-I curve against the float ``StochasticLIFNeuron`` (:func:`float_agreement`).
"""

from __future__ import annotations

import numpy as np
import pytest
from fxpmath import Fxp

from golden.fixed.lfsr import Lfsr
from golden.fixed.sc_lif_unit import (
    CORE_PARAMS,
    RTL_DEFAULTS,
    ScLIFUnit,
    float_agreement,
    from_float_params,
    input_for,
    noise_samples,
    sc_lif_step,
    v_next_of,
)
from golden.models.core_sc.stochastic_lif import StochasticLIFParams


def _fx(x: float, word: int, frac: int) -> Fxp:
    return Fxp(x, signed=True, n_word=word, n_frac=frac, overflow="saturate", rounding="floor")


def fxp_step(v, ref, i, bit, m: ScLIFUnit) -> tuple[int, int, int, int]:
    """One step restated on real fixed-point values (fxpmath), independent of the integer kernel."""
    lsb = 2.0 ** -8
    noise = (m.noise_amp if bit else -m.noise_amp) * lsb
    if ref > 0:
        return m.v_rest, ref - 1, 0, int(round(noise / lsb))
    leak = _fx((m.v_rest - v) * lsb * (m.leak_k * lsb) + lsb / 2, 40, 8)  # round half up = floor(x + 1/2 LSB)
    drive = _fx(i * lsb * (m.gain_k * lsb) + lsb / 2, 40, 8)
    v_next = int(_fx(v * lsb + float(leak) + float(drive) + noise, 16, 8).val)  # Q8.8, saturating
    if v_next >= m.v_threshold:
        return m.v_reset, m.refractory_cycles, 1, int(round(noise / lsb))
    return v_next, ref, 0, int(round(noise / lsb))


PARAM_SETS = [
    {},
    {"LfsrWidth": 5, "LfsrSeed": 0x13, "LfsrForm": 1, "RefractoryCycles": 2, "GainK": 300, "NoiseAmp": 100,
     "LeakK": 64, "VRest": -64, "VReset": -128, "VThreshold": 200},
    {"LfsrWidth": 32, "NoiseAmp": 32767, "GainK": -256, "LeakK": 256, "VReset": -32768, "VThreshold": 32767},
    {"NoiseAmp": 0, "GainK": -7, "LeakK": 1, "VThreshold": -5, "VReset": -300},
]


@pytest.mark.parametrize("params", PARAM_SETS)
def test_step_matches_fxpmath_restatement(params):
    rng = np.random.default_rng(5)
    m = ScLIFUnit.from_rtl(params)
    c = m.consts()
    for _ in range(1500):
        v = int(rng.integers(-32768, 32768))
        ref = int(rng.integers(0, 3)) if m.refractory_cycles else 0
        bit = int(rng.integers(0, 2))
        if rng.random() < 0.3:  # aimed at the threshold
            m.v = v
            noise = m.noise_amp if bit else -m.noise_amp
            from golden.fixed.sc_lif_unit import input_for_v

            i = input_for_v(v, noise, m.v_rest, m.leak_k, m.gain_k, m.v_threshold + int(rng.integers(-1, 2)))
            i = int(rng.integers(-32768, 32768)) if i > 32767 else i
        else:
            i = int(rng.integers(-32768, 32768))
        assert sc_lif_step(v, ref, i, bit, *c) == fxp_step(v, ref, i, bit, m), (v, ref, i, bit)


@pytest.mark.parametrize("params", PARAM_SETS[:3])
def test_noise_is_the_lfsr_bit_zero(params):
    m = ScLIFUnit.from_rtl(params)
    lf = Lfsr(width=m.lfsr_width, seed=m.lfsr_seed, form=m.lfsr_form)
    want = np.where(lf.sequence(300) & 1, m.noise_amp, -m.noise_amp)
    got = [m.step(0)[2] for _ in range(300)]
    assert np.array_equal(got, want)
    m.reset_state()
    assert m.outputs() == (0, m.v_rest, 0) and [m.step(0)[2] for _ in range(50)] == list(want[:50])
    assert np.array_equal(noise_samples(ScLIFUnit.from_rtl(params), 300), want)


def test_aiming():
    m = ScLIFUnit.from_rtl({"GainK": 200})  # a gain < 1: every integer step is reachable
    m.v = 100
    noise = m.noise_amp if m.lfsr.state & 1 else -m.noise_amp
    for target in (-5, 0, 255, 256, 257):
        i = input_for(m, target)
        assert i is not None and v_next_of(m.v, i, noise, m.v_rest, m.leak_k, m.gain_k) == target


def test_conversion_of_the_float_defaults():
    assert RTL_DEFAULTS == {"VRest": 0, "VReset": 0, "VThreshold": 256, "LeakK": 13, "GainK": 256, "NoiseAmp": 26,
                            "RefractoryCycles": 0, "LfsrWidth": 16, "LfsrSeed": 0xACE1, "LfsrForm": 0}
    raw = from_float_params(StochasticLIFParams(noise_std=0.5, dt=0.25, tau_mem=10.0))
    assert raw["noise_amp"] == 64 and raw["leak_k"] == 6  # 0.5 * sqrt(0.25) = 0.25; 0.025 * 256 = 6.4


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"noise_std": 200.0}, r"NoiseAmp.*200.*does not fit UQ7.8"),
    ({"noise_std": 1e-4}, r"NoiseAmp.*rounds to 0"),
    ({"v_threshold": 300.0}, r"VThreshold.*does not fit Q8.8"),
    ({"resistance": -500.0}, r"GainK.*does not fit Q8.8"),
    ({"tau_mem": 1e4}, r"LeakK.*rounds to 0"),
])
def test_conversion_errors_name_the_value(kwargs, match):
    with pytest.raises(ValueError, match=match):
        CORE_PARAMS.convert(StochasticLIFParams(**kwargs))


def test_bad_values_are_named():
    with pytest.raises(ValueError, match="v_reset must be < v_threshold"):
        ScLIFUnit(v_reset=300)
    with pytest.raises(ValueError, match=r"noise_amp must be an integer in \[0, 32767\]"):
        ScLIFUnit(noise_amp=-1)
    with pytest.raises(ValueError, match="seed must fit 5 bits"):
        ScLIFUnit(lfsr_width=5, lfsr_seed=0xACE1)
    with pytest.raises(ValueError, match=r"i must be an integer in \[-32768, 32767\]"):
        ScLIFUnit().step(-40000)


def test_float_agreement():
    res = float_agreement()
    print(res["summary"])
    nz = res["noise"]
    print(nz)
    assert res["noise_std_rel_err"] <= res["std_tolerance"]
    assert abs(nz["core_mean"]) <= res["mean_tolerance"] * nz["core_std"]
    assert max(abs(a) for a in nz["core_acf"]) <= 1e-3  # white: -1/P at every lag below the period
    abs_tol, rel_tol = res["rate_tolerance"]["abs"], res["rate_tolerance"]["rel"]
    for row in res["rows"]:
        print(row)
        assert abs(row["core_rate"] - row["float_rate"]) <= abs_tol + rel_tol * row["float_rate"], row
    rates = [r["core_rate"] for r in res["rows"]]
    assert rates == sorted(rates) and rates[0] < 0.002 < rates[-1]  # a monotone f-I curve through the rheobase
    assert len(res["summary"].splitlines()) == 1
