"""Behaviour tests of conductance-based models (part A), each reproducing something documented in its reference.

Models: ConnorStevens, GolombFS, GutkinErmentrout, DestexheThalamic, BendaHerz. The registry-wide
checks (construction, finiteness, reset, ranges, population == scalar, simulate == step) are in
tests/test_registry.py; here each test names the figure or section it reproduces. Durations are kept short:
every simulation runs in numba's compiled trace loop (``simulate``).
"""

from __future__ import annotations

import numpy as np
import pytest

from golden import (
    BendaHerzNeuron,
    ConnorStevensNeuron,
    DestexheThalamicNeuron,
    GolombFSNeuron,
    GutkinErmentroutNeuron,
)

DT = 0.1  # ms, the default dt of the HH-type models here


def spike_times(trace, dt=DT):
    return np.nonzero(trace["spike"])[0] * dt


# ----------------------------------------------------------------------------------------------------------
# Connor-Stevens: type I firing (A-current)


def _cs_rate(current, ms=2000.0, skip=500.0):
    s = spike_times(ConnorStevensNeuron().simulate(int(ms / DT), input_current=current))
    return (s > skip).sum() / ((ms - skip) / 1000.0), s


def test_connor_stevens_type_i_onset_at_arbitrarily_low_rates():
    """Connor, Walter & McKown 1977; Dayan & Abbott 2001, Fig. 6.2A: with the A-current the f-I curve starts
    continuously from 0 Hz (type I): just above the rheobase the rate is a few Hz and the first spike comes
    after a long delay. Rheobase located by bisection to 0.01 uA/cm^2."""
    lo, hi = 7.0, 10.0  # silent at 7, firing at 10 uA/cm^2
    assert _cs_rate(lo)[0] == 0.0 and _cs_rate(hi)[0] > 0.0
    while hi - lo > 0.01:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if _cs_rate(mid)[0] > 0.0 else (mid, hi)
    rate_c, s = _cs_rate(hi)
    # rheobase ~8.1 uA/cm^2 (81 nA/mm^2 in Dayan & Abbott's units)
    assert 7.5 < hi < 9.0, hi
    assert 0.0 < rate_c < 5.0, rate_c  # arbitrarily low rate at onset (HH would start near 50 Hz)
    assert s[0] > 100.0, s[:3]  # the A-current delays the first spike by > 100 ms near threshold
    rates = [_cs_rate(hi * f)[0] for f in (1.02, 1.1, 1.5)]
    assert rate_c < rates[0] < rates[1] < rates[2], (rate_c, rates)  # continuous, monotone rise
    assert rates[0] < 20.0, rates


# ----------------------------------------------------------------------------------------------------------
# Golomb et al. 2007: delayed firing and stuttering from the Kv1 D-current


def test_golomb_delayed_tonic_firing_fig2a():
    """Golomb et al. 2007, Fig. 2A (g_Kd = 0.39 mS/cm^2, I = 3.35 uA/cm^2): after the onset transient the
    neuron stays silent for a few hundred ms while the D-current inactivates (tau_b = 150 ms), then fires
    tonically at a regular rate. Without the D-current the same cell fires at once."""
    s = spike_times(GolombFSNeuron().simulate(30000, input_current=3.35))
    isi = np.diff(s)
    assert isi.max() > 200.0, isi[:3]  # the delay (measured ~320 ms)
    tonic = isi[np.argmax(isi) + 1 :]
    assert tonic.size > 50 and tonic.max() < 40.0  # then regular firing, ~25-30 ms ISIs (~35-40 Hz)
    assert np.all(np.abs(np.diff(tonic)) < 2.0)
    s0 = spike_times(GolombFSNeuron(g_Kd=0.0).simulate(30000, input_current=3.35))
    assert np.diff(s0).max() < 40.0  # no delay without g_Kd


def test_golomb_stuttering_fig2b():
    """Golomb et al. 2007, Fig. 2B (g_Kd = 1.8 mS/cm^2, I = 4.2 uA/cm^2): stuttering - episodes of
    high-frequency spikes separated by silent periods of hundreds of ms, repeating."""
    s = spike_times(GolombFSNeuron(g_Kd=1.8).simulate(30000, input_current=4.2))
    isi = np.diff(s)
    long_ = isi > 100.0
    assert long_.sum() >= 3, isi  # at least three pauses in 3 s
    assert isi[~long_].max() < 40.0  # spikes inside an episode are fast
    assert isi[long_].min() > 5 * isi[~long_].max()  # bimodal ISIs: pauses >> intra-episode ISIs
    counts = np.diff(np.nonzero(long_)[0])
    assert counts.min() >= 3  # several spikes per episode


# ----------------------------------------------------------------------------------------------------------
# Ermentrout, Pascal & Gutkin 2001: type I onset; the M-current makes the PRC type II


def test_gutkin_ermentrout_type_i_onset():
    """Ermentrout, Pascal & Gutkin 2001 (the type I membrane of Gutkin & Ermentrout 1998): without adaptation
    the onset is a SNIC: the rate rises continuously from 0 Hz (here < 15 Hz just above the rheobase, which is
    ~0.49 uA/cm^2) and increases with I."""
    rates = []
    for i in (0.45, 0.5, 0.8, 2.0):
        s = spike_times(GutkinErmentroutNeuron().simulate(20000, input_current=i))
        rates.append((s > 500.0).sum() / 1.5)
    assert rates[0] == 0.0
    assert 0.0 < rates[1] < 15.0, rates
    assert rates[1] < rates[2] < rates[3], rates


def _prc(kw, current, n_phase=10, amp=5.0, width=5):
    """Phase advance (fraction of the period) of the next spike after a brief pulse (amp uA/cm^2 for
    width steps) given at phase k/n_phase of a period of periodic firing."""
    n = GutkinErmentroutNeuron(**kw)
    n.simulate(5000, input_current=current)  # settle on the limit cycle (500 ms)
    state = n.get_state()
    s = np.nonzero(n.simulate(3000, input_current=current)["spike"])[0]
    period, t0 = s[-1] - s[-2], s[-1]  # steps, counted from `state`
    out = []
    for k in range(n_phase):
        m = GutkinErmentroutNeuron(**kw)
        m.set_state(**state)
        x = np.full(3000 + 3 * period, current)
        onset = int(t0 + k * period / n_phase)
        x[onset : onset + width] += amp
        s2 = np.nonzero(m.simulate(x.size, input_current=x)["spike"])[0]
        nxt = s2[s2 > t0][0]
        out.append((t0 + period - nxt) / period)
    return np.array(out), period


def test_gutkin_ermentrout_m_current_gives_type_ii_prc():
    """Ermentrout, Pascal & Gutkin 2001 (Figs. 2-3): without adaptation the PRC is non-negative (type I);
    with the M-current (g_M = 1 mS/cm^2) it has a negative lobe at early phases (type II), while the AHP
    current (g_AHP = 1) keeps it non-negative and skews it to late phases. The resolution of a phase
    measurement is one step (1/period < 0.005), which sets the tolerances."""
    prc0, p0 = _prc({}, 0.6)
    prc_m, pm = _prc({"g_M": 1.0}, 4.0)
    prc_a, pa = _prc({"g_AHP": 1.0}, 2.5)
    assert prc0.min() > -1.5 / p0 and prc0.max() > 0.03, prc0
    assert prc_m[1:4].min() < -3.0 / pm, prc_m  # negative lobe early in the cycle
    assert prc_m[6:].max() > 0.02, prc_m  # and positive late
    assert prc_a.min() > -1.5 / pa and np.argmax(prc_a) >= 7, prc_a


# ----------------------------------------------------------------------------------------------------------
# Destexhe et al. 1996: TC cell, tonic vs burst mode


def test_destexhe_rebound_burst_after_hyperpolarisation():
    """Destexhe, Bal, McCormick & Sejnowski 1996 (TC cell; burst mode): release from a 300 ms
    hyperpolarising step (-0.5 uA/cm^2, V ~ -89 mV) de-inactivates I_T and evokes a low-threshold spike
    crowned by a burst of fast Na spikes at intra-burst intervals of a few ms. At rest the cell is silent."""
    x = np.zeros(6000)
    x[:3000] = -0.5
    tr = DestexheThalamicNeuron().simulate(x.size, input_current=x)
    assert tr["v"][2999] < -85.0
    s = spike_times(tr)
    assert s.size > 0 and np.all(s > 300.0)  # nothing during the hyperpolarisation
    burst = s[s < 300.0 + 100.0]
    assert 3 <= burst.size <= 12, s  # a burst (measured 9 spikes)
    assert np.diff(burst).max() < 15.0 and np.diff(burst)[:3].max() < 5.0, np.diff(burst)
    assert burst[0] - 300.0 < 60.0  # within tens of ms of the release
    assert not DestexheThalamicNeuron().simulate(10000, input_current=0.0)["spike"].any()  # quiet at rest


def test_destexhe_tonic_mode_when_depolarised():
    """Same paper (tonic mode): from rest (~ -69 mV, I_T inactivated) a depolarising step gives regular
    single spikes, no high-frequency burst."""
    s = spike_times(DestexheThalamicNeuron().simulate(10000, input_current=2.0))
    isi = np.diff(s)
    assert s.size >= 10 and isi.min() > 20.0, isi[:5]


# ----------------------------------------------------------------------------------------------------------
# Benda & Herz 2003: onset and steady-state f-I curves, stimulus-dependent adaptation time constant


def _bh_f0(p, x):
    return p.f_max / (1.0 + np.exp(-(x - p.I_half) / p.k_I))


def _bh_finf(p, i):
    lo, hi = 0.0, p.f_max  # f = f_0(I - alpha f): the right side decreases in f
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if _bh_f0(p, i - p.alpha * mid) > mid else (lo, mid)
    return 0.5 * (lo + hi)


def test_benda_herz_onset_and_steady_state_rates():
    """Benda & Herz 2003, section 3: after a step from I = 0 to I the rate jumps to (nearly) the onset rate
    f_0(I - A_0) and adapts to the steady state f_inf(I), the solution of f = f_0(I - alpha f). Tolerances:
    the first step already adapts by dt/tau_A = 0.1%; after 10 tau_A the steady state is reached to 1e-4."""
    n = BendaHerzNeuron()
    p = n.params
    a0 = n.a
    for i in (1.0, 2.0, 4.0):
        n.reset_state()
        tr = n.simulate(10000, input_current=i)
        assert tr["rate"][0] == pytest.approx(_bh_f0(p, i - a0), rel=1e-12)
        assert tr["rate"][-1] == pytest.approx(_bh_finf(p, i), rel=1e-4)
        assert tr["rate"][-1] < tr["rate"][0]  # adaptation
        assert tr["spike"][5000:].sum() == pytest.approx(tr["rate"][-1] * 0.5, abs=1.0)  # spikes realise it


def test_benda_herz_effective_time_constant():
    """Benda & Herz 2003 (effective adaptation time constant): for a small step around an adapted state the
    rate relaxes exponentially with tau_eff = tau_A / (1 + alpha f_0'(I - A_inf)), shorter than tau_A and
    stimulus dependent. Measured by a log-linear fit over 2 tau_eff; tolerance 2% (second-order effects of
    the 0.02 nA step and the first-order update)."""
    p = BendaHerzNeuron().params
    for i in (0.8, 1.5):
        n = BendaHerzNeuron()
        n.simulate(20000, input_current=i)
        tr = n.simulate(6000, input_current=i + 0.02)
        f = tr["rate"]
        f_end = _bh_finf(p, i + 0.02)
        a_inf = p.alpha * _bh_finf(p, i)
        x = i - a_inf
        slope = _bh_f0(p, x) * (1.0 - _bh_f0(p, x) / p.f_max) / p.k_I  # f_0'(I - A_inf)
        tau_eff = p.tau_A / (1.0 + p.alpha * slope)
        k = int(2 * tau_eff / 0.1)
        t = np.arange(1, k) * 0.1
        fit = np.polyfit(t, np.log(np.abs(f[1:k] - f_end)), 1)
        assert -1.0 / fit[0] == pytest.approx(tau_eff, rel=0.02), (i, -1.0 / fit[0], tau_eff)
        assert tau_eff < 0.8 * p.tau_A
