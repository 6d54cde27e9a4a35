"""The ``nrn_adex`` bit-true model (golden/fixed/adex_unit.py): an independent vectorised restatement on random
states and inputs, the exponential table against math.exp, one step against the float model, the conversion
(every Naud et al. preset fits; values that do not fit are errors), the generated table file is fresh, and
the firing patterns agree with the float model."""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden.fixed import adex_unit as au
from golden.gen import adex_table
from golden.models.integrate_and_fire.adex import ADEX_PRESETS, AdExNeuron, AdExParams

PARAM_SETS = {"default": au.RTL_DEFAULTS, **{n: au.preset_params(n) for n in au.PATTERNS}}


def restated(v, w, i, p):
    """The core's step written again, on numpy int64 arrays, from the header comment of nrn_adex.sv."""
    t = np.array(au.EXP2, dtype=np.int64)
    d = v - p["ELeak"]
    y = np.floor_divide(p["KExp"] * (v - p["VT"]), 1 << 16) + p["LogGain"]
    k = np.floor_divide(y, 1 << 16)
    j = np.floor_divide(y, 1 << 10) % 64
    kk = np.clip(k, 0, 44)
    e = np.floor_divide((65536 + t[j]) * np.left_shift(np.int64(1), kk), 1 << 16)
    e = np.where(k < 0, 0, np.where(k > 44, 1 << 45, e))
    acc_v = e - p["GLeak"] * d + p["KCur"] * (i * 256 - w)
    vp = v + np.floor_divide(acc_v + (1 << 19), 1 << 20)
    wn = w + np.floor_divide(p["KAdapt"] * d - p["KDecay"] * w + (1 << 23), 1 << 24)
    spike = vp >= p["VPeak"]
    v1 = np.where(spike, p["VReset"], np.maximum(vp, -(1 << 23)))
    w1 = np.clip(np.where(spike, wn + p["WJump"], wn), -(1 << 27), (1 << 27) - 1)
    return v1, w1, spike.astype(np.int64)


@pytest.mark.parametrize("name", list(PARAM_SETS))
def test_step_matches_independent_restatement(name):
    p = PARAM_SETS[name]
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    n = 20_000
    # states: anywhere in the formats (below VPeak), and near threshold and rails more often
    v = np.where(rng.random(n) < 0.5, rng.integers(-(1 << 23), p["VPeak"], n),
                 rng.integers(p["VT"] - (20 << 16), p["VPeak"], n))
    w = np.where(rng.random(n) < 0.2, rng.choice([au.W_MIN, au.W_MAX], n), rng.integers(-(1 << 22), 1 << 24, n))
    i = np.where(rng.random(n) < 0.1, rng.choice([au.I_FMT.min_raw, au.I_FMT.max_raw], n),
                 rng.integers(au.I_FMT.min_raw, au.I_FMT.max_raw + 1, n))
    want = restated(v, w, i, p)
    args = tuple(p[k] for k in au.PARAM_ORDER)
    got = np.array([au.adex_step(int(a), int(b), int(c), *args, au.EXP2)[:3] for a, b, c in zip(v, w, i, strict=True)])
    for col, ref in enumerate(want):
        bad = np.flatnonzero(got[:, col] != ref)
        assert bad.size == 0, f"{name}: output {col} differs at v={v[bad[0]]}, w={w[bad[0]]}, i={i[bad[0]]}"


def test_exp_table_against_math():
    assert len(au.EXP2) == 64 and all(0 <= t < 1 << 16 for t in au.EXP2)
    for j, t in enumerate(au.EXP2):  # each entry is 2^f at the segment's midpoint, rounded
        assert abs(t - 65536 * (2 ** ((j + 0.5) / 64) - 1)) <= 0.5
    p = AdExParams()
    raw = au.RTL_DEFAULTS
    args = tuple(raw[k] for k in au.PARAM_ORDER)
    no_leak = tuple(0 if k == "GLeak" else raw[k] for k in au.PARAM_ORDER)  # vp - v is then the exp term
    worst = 0.0
    for v in range(raw["VT"] - (40 << 16), raw["VT"] + (18 << 16), 997):
        _, _, _, _, _, k, _ = au.adex_step(v, 0, 0, *args, au.EXP2)
        if not 0 <= k <= au.K_MAX:
            continue
        e_fixed = au.adex_step(v, 0, 0, *no_leak, au.EXP2)[3] - v
        e_real = p.dt * p.g_L * p.Delta_T / p.C * math.exp((v / 65536 - p.V_T) / p.Delta_T) * 65536
        if e_real > 4000:  # well above the rounding to an LSB of v (0.5/4000)
            worst = max(worst, abs(e_fixed / e_real - 1))
    assert 0.004 < worst < 0.0058, worst  # 0.54 % of the table, + the rounding of y, LogGain, KExp and vp


@pytest.mark.parametrize("name", ["default", *au.PATTERNS])
def test_one_step_against_float_euler(name):
    """From the same state, one step of the core and of the float model (order=1) agree to within a few LSBs."""
    fp = AdExParams(order=1) if name == "default" else AdExNeuron.preset(name, order=1).params
    unit = au.AdExUnit.from_float(fp)
    rng = np.random.default_rng(3)
    for _ in range(300):
        v_mv = float(rng.uniform(fp.E_L - 20, fp.V_T + 6))
        w_pa = float(rng.uniform(-100, 400))
        i_pa = float(rng.uniform(-200, 1000))
        unit.v, unit.w = au.V_FMT.to_raw(v_mv), au.W_FMT.to_raw(w_pa)
        vq, wq = unit.v / 65536, unit.w / 4096
        iq = au.I_FMT.to_raw(i_pa) / 16
        spike, v1, w1 = unit.step(au.I_FMT.to_raw(i_pa))
        fv, fw, fs = AdExNeuron.kernel(vq, wq, iq, **AdExNeuron.derive(fp))
        assert spike == fs
        assert abs(v1 / 65536 - fv) < 2e-3 + 0.006 * abs(fv - vq), (v_mv, w_pa, i_pa, v1 / 65536, fv)
        assert abs(w1 / 4096 - fw) < 2e-3, (v_mv, w_pa, i_pa, w1 / 4096, fw)


def test_every_preset_fits_one_rtl_parameter_set():
    assert set(au.PATTERNS) == set(ADEX_PRESETS)
    for name in au.PATTERNS:
        raw = au.preset_params(name)
        assert set(raw) == set(au.CORE_PARAMS.names)
        au.AdExUnit.from_rtl(raw)  # passes the RTL's own checks
        real = au.CORE_PARAMS.to_real(raw)
        assert abs(real["VT"] - ADEX_PRESETS[name]["params"]["V_T"]) < 1e-4


@pytest.mark.parametrize(("override", "field"), [
    ({"Delta_T": 0.3}, "KExp"),  # log2(e)/0.3 = 4.8 > UQ2.16
    ({"a": 900.0, "tau_w": 30.0}, "KAdapt"),  # dt a/tau_w = 3 > Q1.20
    ({"a": 1e-6}, "KAdapt"),  # rounds to 0
    ({"V_T": -150.0, "E_L": -160.0, "V_r": -160.0}, "ELeak"),  # below -128 mV
    ({"C": 0.09, "g_L": 0.1}, "KCur"),  # dt/C = 1.1 > UQ0.24
])
def test_conversion_errors(override, field):
    p = AdExParams(**override)
    with pytest.raises(ValueError, match=f"nrn_adex.{field}"):
        au.from_float_params(p)


def test_rtl_parameter_checks():
    with pytest.raises(ValueError, match="VPeak must be > VT"):
        au.AdExUnit.from_rtl({"VPeak": au.RTL_DEFAULTS["VT"]})
    with pytest.raises(ValueError, match="VReset must be < VPeak"):
        au.AdExUnit.from_rtl({"VReset": 0, "VPeak": 0})
    with pytest.raises(ValueError, match="GLeak"):
        au.AdExUnit.from_rtl({"GLeak": 1 << 20})
    with pytest.raises(ValueError, match="i must be"):
        au.AdExUnit().step(1 << 19)


def test_reset_and_outputs():
    n = au.AdExUnit()
    for _ in range(100):
        n.step(2000 * 16)
    n.reset_state()
    assert n.outputs() == (0, au.RTL_DEFAULTS["ELeak"], 0)
    assert n.get_state() == {"v": au.RTL_DEFAULTS["ELeak"], "w": 0}


def test_generated_table_is_fresh():
    assert adex_table.check() is None, adex_table.check()
    assert adex_table.main(["--check"]) == 0
    text = adex_table.render()
    assert text.count("16'h") == 64 and "localparam logic [1023:0] EXP2_TABLE" in text


def test_stale_table_is_detected(tmp_path):
    p = tmp_path / "nrn_adex_exp2.svh"
    p.write_text(adex_table.render().replace("16'h0164", "16'h0165"))
    assert adex_table.check(p) is not None
    assert adex_table.check(tmp_path / "missing.svh") is not None


# Tolerances of the agreement with the float model (500 ms, dt = 0.1 ms, the presets' step currents).
REQUIRED = ("tonic", "adapting", "initial_burst", "regular_bursting", "delayed_accelerating",
            "delayed_regular_bursting", "transient")


@pytest.fixture(scope="module")
def agreement():
    return au.float_agreement()


def test_float_agreement_classes(agreement):
    for name in au.PATTERNS:
        row = agreement[name]
        assert row["class_match_euler"], (name, row["fixed"], row["euler"])
        assert row["class_match_heun"], (name, row["fixed"], row["heun"])
    expected = {"tonic": "tonic", "adapting": "adapting", "initial_burst": "initial_burst",
                "regular_bursting": "bursting", "delayed_accelerating": "delayed",
                "delayed_regular_bursting": "bursting", "transient": "transient"}
    for name, cls in expected.items():
        assert agreement[name]["fixed"]["class"] == cls, (name, agreement[name]["fixed"])


def test_float_agreement_figures(agreement):
    for name in REQUIRED:
        row = agreement[name]
        assert row["count_diff_euler"] == 0, (name, row)
        assert row["timing_euler"]["coincident"] == 1.0, (name, row["timing_euler"])
        assert row["timing_euler"]["max_shift_ms"] <= 1.0, (name, row["timing_euler"])
        assert abs(row["count_diff_heun"]) <= 2, (name, row)
        a, b = row["fixed"], row["euler"]
        assert abs(a["first"] - b["first"]) <= 0.2
        assert abs(a["adaptation"] - b["adaptation"]) <= 0.01
    # irregular firing is chaotic: spike times drift, the count and the class hold
    assert abs(agreement["irregular"]["count_diff_euler"]) <= 2
    assert "patterns of the same class" in agreement["summary"]
