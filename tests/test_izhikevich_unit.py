"""The bit-true ``nrn_izhikevich`` unit model (:mod:`golden.fixed.izhikevich_unit`) against an independent
restatement, the shared conversion, and the float :class:`SCIzhikevichNeuron`.

* An independent restatement in physical units (exact rationals, every quantisation written as a floor to the
  grid of its format) gives the same raw integers on random states, inputs and parameters.
* The conversion of the float model's parameters is the shared one; values that do not fit name the parameter.
* Agreement with the float model per firing class of Izhikevich 2003 Fig. 2 (:func:`float_agreement`) within
  stated tolerances, and the float model's own behaviour tests of Fig. 2 pass on the bit-true model.
"""

from __future__ import annotations

import doctest
import math
from fractions import Fraction

import numpy as np
import pytest

import golden.fixed.izhikevich_unit as iz
from golden.fixed.izhikevich_unit import CORE_PARAMS, RTL_DEFAULTS, IzhikevichUnit, params_of_preset
from golden.models.core_sc.sc_izhikevich import PRESETS, SCIzhikevichNeuron, SCIzhikevichParams


def test_doctests() -> None:
    assert doctest.testmod(iz).failed == 0


# ---------------------------------------------------------------------------------------------------------
# independent restatement


def q(x: Fraction, frac: int) -> Fraction:
    """x floored to the grid 2^-frac."""
    return Fraction(math.floor(x * (1 << frac)), 1 << frac)


def reference_step(v: Fraction, u: Fraction, i: Fraction, p: dict[str, Fraction], dt: Fraction
                   ) -> tuple[Fraction, Fraction, int]:
    """One step in mV and mV/ms: the paper's scheme with the core's quantisation (v, u on 2^-12, 0.04 on 2^-20,
    a*dt and b on 2^-16; v in [VMin, 4096 - 2^-12], u in [-2048, 2048 - 2^-12])."""
    k04 = Fraction(round(0.04 * 2**20), 2**20)
    lo, hi = p["VMin"], Fraction(4096) - Fraction(1, 4096)
    for _ in range(2):
        t = q(k04 * v, 12) + 5
        v = v + q((q(t * v, 12) + 140 - u + i) * dt / 2, 12)
        v = min(max(v, lo), hi)
    u = u + q(p["ADt"] * (q(p["B"] * v, 12) - u), 12)
    spike = int(v >= p["VPeak"])
    if spike:
        v, u = p["C"], u + p["D"]
    return v, min(max(u, Fraction(-2048)), Fraction(2048) - Fraction(1, 4096)), spike


@pytest.mark.parametrize("seed", range(4))
def test_unit_model_equals_the_independent_restatement(seed: int) -> None:
    rng = np.random.default_rng(seed)
    preset = list(PRESETS)[seed % len(PRESETS)]
    raw = params_of_preset(preset, dt=[1.0, 0.5, 0.25, 0.125][seed])
    if seed == 3:  # bounds at their limits
        raw.update(ADt=1 << 16, B=(1 << 17) - 1, D=-(1 << 23), VMin=-(1 << 19), C=-(1 << 19))
    phys = {k: Fraction(v, 1 << (16 if k in ("ADt", "B") else 12)) for k, v in raw.items() if k != "DtShift"}
    dt = Fraction(1, 1 << raw["DtShift"])
    unit = IzhikevichUnit(raw)
    v, u = Fraction(raw["VInit"], 4096), Fraction(raw["UInit"], 4096)
    for t in range(1500):
        r = rng.random()
        cur = int(rng.integers(-32768, 32768)) if r < 0.2 else int(rng.integers(-15 * 64, 25 * 64))
        if r < 0.01:
            unit.reset_state()
            v, u = Fraction(raw["VInit"], 4096), Fraction(raw["UInit"], 4096)
            continue
        spike, vr, ur = unit.step(cur)
        v, u, s = reference_step(v, u, Fraction(cur, 64), phys, dt)
        assert (spike, vr, ur) == (s, int(v * 4096), int(u * 4096)), f"seed {seed} step {t}"


def test_saturation_and_bounds_are_reached_and_explicit() -> None:
    """u saturates both ways and v2 at the 4096 mV bound: never a wrap."""
    unit = IzhikevichUnit({"ADt": 1 << 15, "B": (1 << 17) - 1, "D": -(1 << 23)})
    seen = set()
    rng = np.random.default_rng(1)
    for _ in range(20_000):
        _, _, _, v1, v2, u_raw = unit.peek(cur := int(rng.integers(-32768, 32768)))
        seen |= {k for k, hit in (("u_hi", u_raw > iz.U_MAX), ("u_lo", u_raw < iz.U_MIN), ("v_sat", v2 > iz.V_SAT),
                                  ("v_min", v1 < unit.params["VMin"])) if hit}
        _, v, u = unit.step(cur)
        assert unit.params["VMin"] <= v < unit.params["VPeak"] and iz.U_MIN <= u <= iz.U_MAX
    assert seen == {"u_hi", "u_lo", "v_sat", "v_min"}


# ---------------------------------------------------------------------------------------------------------
# conversion


def test_defaults_are_the_shared_conversion_of_the_float_defaults() -> None:
    assert RTL_DEFAULTS == CORE_PARAMS.convert(SCIzhikevichParams())
    assert RTL_DEFAULTS == {"ADt": 1311, "B": 13107, "C": -65 * 4096, "D": 8 * 4096, "VPeak": 30 * 4096,
                            "VMin": -100 * 4096, "VInit": -65 * 4096, "UInit": -13 * 4096, "DtShift": 0}
    assert params_of_preset("CH", dt=0.25)["DtShift"] == 2
    real = CORE_PARAMS.to_real(RTL_DEFAULTS)
    assert real["ADt"] == pytest.approx(0.02, rel=1e-3) and real["B"] == pytest.approx(0.2, rel=1e-4)


@pytest.mark.parametrize("kw,name", [
    (dict(d=5000.0), "nrn_izhikevich.D"),  # Q12.12: |d| < 2048
    (dict(b=3.0), "nrn_izhikevich.B"),  # Q2.16: [-2, 2)
    (dict(v_peak=200.0), "nrn_izhikevich.VPeak"),  # Q8.12: [-128, 128)
    (dict(a=0.000005), "nrn_izhikevich.ADt"),  # rounds to 0 in UQ1.16
    (dict(dt=0.3), "dt must be 1, 1/2, 1/4 or 1/8"),
    (dict(noise_std=1.0), "noise_std must be 0"),
])
def test_conversion_errors_name_the_parameter(kw, name) -> None:
    with pytest.raises(ValueError, match=name.replace(".", r"\.")):
        iz.from_float_params(SCIzhikevichParams(**kw))


@pytest.mark.parametrize("bad,match", [
    ({"C": 30 * 4096}, "C must lie in"), ({"VInit": -101 * 4096}, "VInit must lie in"), ({"ADt": 0}, "ADt"),
    ({"ADt": (1 << 16) + 1}, "ADt"), ({"DtShift": 4}, "DtShift"), ({"B": 1 << 17}, "B"),
])
def test_unit_rejects_bad_raw_parameters(bad, match) -> None:
    with pytest.raises(ValueError, match=match):
        IzhikevichUnit(bad)


def test_unit_rejects_out_of_range_input() -> None:
    with pytest.raises(ValueError, match="current"):
        IzhikevichUnit().step(1 << 15)


# ---------------------------------------------------------------------------------------------------------
# agreement with the float model


@pytest.fixture(scope="module")
def agreement() -> dict:
    return iz.float_agreement()


def test_float_agreement_per_pattern(agreement) -> None:
    """Per class and dt (1 and 1/4 ms), over 1 s of the pattern's step current: the first spike at the float
    model's step (+-1), at least the first two spikes matched (+-1 step), spike counts within 10 % (or 2),
    the fraction of intra-burst ISIs (< 8 ms) within 0.1. Exact spike times further on are out of reach of
    any format: the float model started 1e-9 mV away diverges too (``chaos_*``, reported beside)."""
    assert set(agreement["patterns"]) == {f"{n}@dt={dt}" for n in PRESETS for dt in ("1", "0.25")}
    for key, r in agreement["patterns"].items():
        assert r["n_float"] >= 1, key
        assert abs(r["first_spike_ms_fixed"] - r["first_spike_ms_float"]) <= float(key.split("=")[1]), key
        assert r["leading_matched"] >= min(2, r["n_float"]), (key, r)
        assert abs(r["count_diff"]) <= max(2, 0.1 * r["n_float"]), (key, r)
        assert abs(r["burst_isi_frac_fixed"] - r["burst_isi_frac_float"]) <= 0.1, (key, r)
    assert "RS" in agreement["summary"] and "\n" not in agreement["summary"]


def fixed_spike_times(name: str, current=10.0, t_ms: float = 1000.0, dt: float = 0.25) -> np.ndarray:
    unit = IzhikevichUnit(params_of_preset(name, dt=dt))
    steps = int(round(t_ms / dt))
    cur = current(np.arange(steps) * dt) if callable(current) else np.full(steps, current)
    return np.flatnonzero(unit.simulate(iz.I_FMT.to_raw(cur))["spike"]) * dt


def bursts(isi, short, long):
    assert np.all((isi < short) | (isi > long)), f"ISIs between {short} and {long} ms: {isi}"
    return isi < short


@pytest.mark.parametrize("dt", [1.0, 0.25])
def test_fig2_rs_adaptation_on_the_core(dt) -> None:
    """The float model's RS test on the bit-true core: first ISI clearly shorter than the later ones."""
    isi = np.diff(fixed_spike_times("RS", dt=dt))
    assert len(isi) >= 15 and isi[0] < 0.7 * np.median(isi[3:])


def test_fig2_fs_ch_ib_tc_on_the_core() -> None:
    """The float model's Fig. 2 tests (FS tonic without adaptation, CH bimodal bursts, IB initial burst then
    single spikes, TC rebound burst), at dt = 1/4 ms as there, on the bit-true core."""
    fs, rs = fixed_spike_times("FS"), fixed_spike_times("RS")
    assert len(fs) > 4 * len(rs)
    isi = np.diff(fs)[1:]
    assert np.all(np.abs(isi / np.median(isi) - 1.0) < 0.2)
    assert abs(isi[-10:].mean() / isi[:10].mean() - 1.0) < 0.05

    isi = np.diff(fixed_spike_times("CH", t_ms=2000.0))
    intra = bursts(isi, short=8.0, long=30.0)
    n_bursts = int((~intra).sum())
    assert n_bursts >= 20 and intra.sum() >= 2 * n_bursts
    idx = np.nonzero(~intra)[0]
    assert all(intra[i + 1: i + 3].all() for i in idx if i + 3 <= len(intra))
    assert isi[~intra].min() > 5 * isi[intra].max()

    isi = np.diff(fixed_spike_times("IB"))
    intra = bursts(isi, short=8.0, long=25.0)
    k = int(np.argmin(intra))
    assert k >= 2 and intra[:k].all()
    assert not intra[k:].any() and len(isi) - k >= 20

    def step(t):
        return np.where(t < 300.0, -10.0, 0.0)

    tc = fixed_spike_times("TC", current=step, t_ms=500.0)
    assert len(tc) >= 2 and 300.0 < tc[0] < 320.0 and np.all(np.diff(tc)[:1] < 10.0)
    assert len(fixed_spike_times("RS", current=step, t_ms=500.0)) == 0
    assert len(fixed_spike_times("TC", current=0.0, t_ms=500.0)) == 0


def test_float_model_is_the_reference_of_the_stimulus() -> None:
    """The agreement runs feed both models the same current: 10 and -10 mV/ms are exact in Q10.6."""
    assert iz.I_FMT.to_raw(10.0) == 640 and iz.I_FMT.to_raw(-10.0) == -640
    n = SCIzhikevichNeuron.from_preset("RS")
    assert n.step(10.0) == IzhikevichUnit().step(640)[0] == 0
