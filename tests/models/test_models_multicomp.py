"""Behaviour tests of the multi-compartment models, each reproducing something documented in its reference.

Models: RallCableNeuron, TwoCompartmentLIFNeuron, DendrifyNeuron, PinskyRinzelNeuron, BoothRinzelNeuron. The
registry-wide checks (construction, finiteness, reset, ranges, population == scalar, simulate == step) are in
tests/test_registry.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden import BoothRinzelNeuron, DendrifyNeuron, PinskyRinzelNeuron, RallCableNeuron, TwoCompartmentLIFNeuron
from golden.models.multi_compartment.rall_cable import cable_constants


def spike_times(trace, dt):
    return np.nonzero(trace["spike"])[0] * dt


# ----------------------------------------------------------------------------------------------------------
# Rall cable


def test_rall_sealed_cable_attenuation_and_input_resistance():
    """Rall 1959 (Exp. Neurol. 1:491): a steady current into the soma of a sealed finite cable gives
    V(x) = V(0) cosh((L - x)/lambda)/cosh(L/lambda), the cable's input resistance R_inf coth(L/lambda) with
    R_inf = (2/pi) sqrt(R_m R_i) d^-3/2, and at the soma R_in = 1/(G_soma + 1/R_cable). 40 compartments over
    one length constant: the finite-volume error is O((dx/lambda)^2) ~ 1e-3, hence the 0.5% tolerance."""
    n = RallCableNeuron(V_th=100.0)  # threshold out of reach: the passive steady state
    c = cable_constants(n.params)
    assert c["lambda_um"] == pytest.approx(1000.0) and c["tau_m_ms"] == pytest.approx(20.0)
    i_pa = 10.0
    tr = n.simulate(3000, input_current=i_pa)  # 300 ms = 15 tau_m
    v0 = tr["v_soma"][-1] + 65.0
    assert v0 / i_pa * 1e3 == pytest.approx(c["R_in_MOhm"], rel=5e-3)  # mV/pA = GOhm
    x = (np.arange(40) + 0.5) * 25.0
    expected = v0 * np.cosh((1000.0 - x) / 1000.0) / np.cosh(1.0)
    np.testing.assert_allclose(n.v + 65.0, expected, rtol=5e-3)
    # the last centre (x = L - dx/2) is attenuated by cosh(dx/2/lambda)/cosh(1) = 0.648
    assert (n.v[-1] + 65.0) / v0 == pytest.approx(math.cosh(12.5 / 1000.0) / math.cosh(1.0), rel=5e-3)


def test_rall_length_constant_of_a_long_cable():
    """Rall 1959: along a cable much longer than lambda the steady potential decays as exp(-x/lambda); the
    slope of log V over the first 2 lambda gives lambda = sqrt(R_m d/(4 R_i)) = 1000 um within 1%
    (a 5-lambda cable: the sealed end changes the slope by cosh/exp ~ e^-6)."""
    n = RallCableNeuron(length=5000.0, n_comp=200, soma_diam=0.0, V_th=100.0)
    n.simulate(4000, input_current=20.0)
    x = (np.arange(200) + 0.5) * 25.0
    sel = x < 2000.0
    slope = np.polyfit(x[sel], np.log(n.v[sel] + 65.0), 1)[0]
    assert -1.0 / slope == pytest.approx(1000.0, rel=0.01)


def test_rall_distal_input_attenuates_and_soma_fires():
    """Distal input reaches the soma attenuated (sealed-end transfer 1/cosh(L/lambda) for a bare cable), and the
    LIF soma fires when the somatic depolarisation reaches threshold (15 mV)."""
    n = RallCableNeuron(V_th=100.0)
    n.simulate(3000, dendritic_current=10.0)
    assert n.v[-1] > n.v[0] > n.v_soma > -65.0  # monotone decay from the injection site to the soma
    n2 = RallCableNeuron()
    assert n2.simulate(3000, input_current=30.0)["spike"].sum() == 0  # 30 pA x 331 MOhm = 9.9 mV < 15 mV
    assert n2.simulate(3000, input_current=60.0)["spike"].sum() > 0  # 19.9 mV > 15 mV


# ----------------------------------------------------------------------------------------------------------
# Two-compartment LIF (Urbanczik & Senn 2014)


def test_tclif_dendritic_prediction_is_attenuated_dendritic_potential():
    """Urbanczik & Senn 2014 (Neuron 81:521, Eq. 1 and the 'dendritic prediction'): at steady state the soma
    sits at E_L + g_D/(g_L + g_D) (V_w - E_L) = 2/2.1 of the dendritic depolarisation (exact propagators:
    1e-9 tolerance)."""
    for x in (1.0, 5.0, 10.0):
        n = TwoCompartmentLIFNeuron(V_th=100.0)
        tr = n.simulate(5000, dendritic_input=x)
        assert tr["u"][-1] + 70.0 == pytest.approx(x * 2.0 / 2.1, rel=1e-9)
    # no coupling, no drive: the dendrite is invisible to the soma
    n = TwoCompartmentLIFNeuron(g_D=0.0)
    assert n.simulate(5000, dendritic_input=50.0)["spike"].sum() == 0


def test_tclif_escape_rate_matches_phi():
    """Urbanczik & Senn 2014: spikes are Poisson with rate phi(U) = 0.15/(1 + 0.5 exp(0.2 (-55 - U))) kHz.
    At a constant somatic potential the count over 10 s matches phi within 4 sigma of the Poisson error."""
    n = TwoCompartmentLIFNeuron(escape_noise=1, seed=3)
    tr = n.simulate(100000, dendritic_input=15.0)
    u = tr["u"][-1]
    phi = 0.15 / (1.0 + 0.5 * math.exp(0.2 * (-55.0 - u)))  # 1/ms
    expected = phi * 10000.0
    assert abs(tr["spike"][1000:].sum() - 0.99 * expected) < 4.0 * math.sqrt(expected)


# ----------------------------------------------------------------------------------------------------------
# Dendrify (Pagkalos, Chavlis & Poirazi 2023)


def _dendrify_peaks(amp, width_steps=20, steps=600):
    i = np.zeros(steps)
    i[10 : 10 + width_steps] = amp
    tr = DendrifyNeuron().simulate(steps, dendritic_current=i)
    return tr["v_d"].max() + 60.0, tr["v_s"].max() + 60.0


def test_dendrify_dspike_threshold_and_supralinear_summation():
    """Pagkalos et al. 2023 (Nat. Commun. 14:131; dendritic input-output in the 'active dendrites' example and
    Fig. 3): below the dSpike threshold (-35 mV, 25 mV above rest) the dendritic response grows linearly with
    the input; the input that crosses it triggers a dSpike that more than doubles the dendritic depolarisation
    and amplifies the somatic EPSP. Two coincident inputs, each subthreshold, sum supralinearly."""
    d1, s1 = _dendrify_peaks(400.0)
    d2, s2 = _dendrify_peaks(800.0)
    assert d2 == pytest.approx(2.0 * d1, rel=1e-6) and d2 < 25.0  # linear (passive) below threshold
    d3, s3 = _dendrify_peaks(900.0)  # crosses -35 mV: dSpike
    assert d3 > 2.0 * d2 * 900.0 / 800.0 * 0.9 and d3 > 45.0  # the Na pulse drives V_d towards E_Na
    assert s3 > 1.5 * s2 * 900.0 / 800.0  # amplified somatic EPSP
    # coincidence: two 450 pA inputs in the same 2 ms -> dSpike; the measured response (51 mV) is about twice
    # the arithmetic sum of the single responses (2 x 13.1 mV): 1.8 leaves margin for the pulse rounding
    single, _ = _dendrify_peaks(450.0)
    both, _ = _dendrify_peaks(900.0)
    assert single < 25.0 < both and both / (2.0 * single) > 1.8
    # separated by 20 ms the same two inputs stay subthreshold
    i = np.zeros(600)
    i[10:30] = 450.0
    i[230:250] = 450.0
    assert DendrifyNeuron().simulate(600, dendritic_current=i)["v_d"].max() + 60.0 < 25.0


def test_dendrify_dspike_refractory_and_somatic_firing():
    """The dSpike is refractory for 5 ms (at most one per 5 ms under strong drive) and dendritic drive makes the
    soma fire; a somatic spike is at most one per step."""
    n = DendrifyNeuron()
    tr = n.simulate(1000, dendritic_current=2000.0)
    ages = tr["ds_age"]
    onsets = np.nonzero(np.diff(ages) < 0)[0] + 1  # the age (in 0.025 ms sub-steps) restarts at each onset
    onset_ms = onsets * 0.1 - ages[onsets] * 0.025
    assert onsets.size > 3 and np.all(np.diff(onset_ms) >= 5.0 - 1e-9)
    assert tr["spike"].sum() > 0


# ----------------------------------------------------------------------------------------------------------
# Pinsky-Rinzel 1994


def test_pinsky_rinzel_bursts_at_gc_2_1():
    """Pinsky & Rinzel 1994 (J. Comput. Neurosci. 1:39, Figs. 2-3): at g_c = 2.1 mS/cm^2 and I_s = 0.75
    uA/cm^2 the cell fires periodic bursts: several spikes a few ms apart riding on a dendritic Ca2+ spike,
    separated by a long AHP-mediated silence. Measured: 4 spikes per burst, burst period ~490 ms (about 2 Hz);
    tolerances: >= 3 spikes per burst, intra-burst ISIs < 10 ms, inter-burst > 200 ms and periodic within 2%."""
    dt = 0.05
    tr = PinskyRinzelNeuron().simulate(40000, somatic_current=0.75)  # 2 s
    st = spike_times(tr, dt)
    isi = np.diff(st[st > 400.0])  # after the transient from the initial state
    assert np.all((isi < 10.0) | (isi > 200.0)), isi
    long_ = isi[isi > 200.0]
    assert long_.size >= 2
    assert np.all(np.abs(long_[1:] - long_[-1]) < 0.02 * long_[-1])
    per_burst = np.diff(np.nonzero(np.r_[True, isi > 200.0, True])[0])
    assert np.all(per_burst[1:-1] >= 3), per_burst
    assert tr["vd"].max() > 50.0  # the dendritic Ca2+ spike


def test_pinsky_rinzel_tonic_at_strong_coupling():
    """Pinsky & Rinzel 1994 (Fig. 4 and the g_c discussion): with strong coupling (g_c = 10.5) the two
    compartments act as one and the cell fires single spikes periodically: no short (burst) ISIs, the late ISIs
    equal within 1%."""
    dt = 0.05
    tr = PinskyRinzelNeuron(g_c=10.5).simulate(40000, somatic_current=1.5)
    isi = np.diff(spike_times(tr, dt))
    assert isi.size >= 5 and isi.min() > 20.0
    late = isi[-4:]
    assert np.all(np.abs(late - late[-1]) < 0.01 * late[-1])


# ----------------------------------------------------------------------------------------------------------
# Booth-Rinzel(-Kiehn)


def _ramp_on_off(neuron):
    dt, t_total = 0.05, 10000.0
    n = int(t_total / dt)
    t = np.arange(n) * dt
    i = np.where(t < t_total / 2, 25.0 * t / (t_total / 2), 25.0 * (t_total - t) / (t_total / 2))
    st = np.nonzero(neuron.simulate(n, somatic_current=i)["spike"])[0]
    up, down = st[st < n // 2], st[st >= n // 2]
    return i[up[0]], i[down[-1]]


def test_booth_rinzel_serotonin_bistability():
    """Booth & Rinzel 1995 / Booth, Rinzel & Kiehn 1997 (5-HT simulations): with reduced K(Ca) the dendritic
    L-type plateau makes firing bistable. (a) On a slow triangular current ramp (0 -> 25 -> 0 uA/cm^2 over
    10 s) firing stops on the way down far below the recruitment current (counter-clockwise hysteresis;
    measured on 0.82, off 0.05), while the control model shows none (on 5.2, off 5.9: adaptation only).
    (b) At a holding current of 0.3 uA/cm^2 a 2 s depolarising pulse switches the 5-HT model into
    self-sustained firing on a dendritic plateau (V_d ~ -35 mV vs -52.5 mV before) that outlasts the pulse."""
    on, off = _ramp_on_off(BoothRinzelNeuron.preset("5ht"))
    assert off < 0.5 * on
    on_c, off_c = _ramp_on_off(BoothRinzelNeuron())
    assert off_c >= 0.9 * on_c
    dt = 0.05
    n = int(4500 / dt)
    i = np.full(n, 0.3)
    i[int(500 / dt) : int(2500 / dt)] = 25.0
    tr = BoothRinzelNeuron.preset("5ht").simulate(n, somatic_current=i)
    st = spike_times(tr, dt)
    assert (st < 500.0).sum() == 0
    assert (st > 3000.0).sum() > 20  # still firing 0.5-2 s after the pulse ended
    assert tr["vd"][-1] > -40.0 > tr["vd"][int(400 / dt)]
    ctrl = BoothRinzelNeuron().simulate(n, somatic_current=i)
    assert (spike_times(ctrl, dt) > 3000.0).sum() == 0  # control: no plateau, firing stops with the pulse


def test_booth_rinzel_finite_at_strong_input():
    """The seed's Euler step produced NaN for I >= 0.5; the exponential-Euler sub-steps stay finite."""
    tr = BoothRinzelNeuron().simulate(20000, somatic_current=60.0, dendritic_current=20.0)
    assert all(np.isfinite(v).all() for v in tr.values())
