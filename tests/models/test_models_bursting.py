"""Behaviour tests of the bursting models, each reproducing a documented firing pattern.

Models: BertramPhantomBurster, ButeraRespiratoryNeuron, ChayKeizerNeuron, ChayNeuron, FitzHughRinzelNeuron,
HindmarshRoseNeuron. The registry-wide checks are in tests/test_registry.py.
"""

from __future__ import annotations

import numpy as np

from golden import (
    BertramPhantomBurster,
    ButeraRespiratoryNeuron,
    ChayKeizerNeuron,
    ChayNeuron,
    FitzHughRinzelNeuron,
    HindmarshRoseNeuron,
)


def bursts(trace, dt, gap):
    """(start times, spikes per burst) of the bursts: spikes separated by more than ``gap`` start a new burst.
    The first and the last burst (transient, cut by the end of the run) are dropped."""
    t = np.nonzero(trace["spike"])[0] * dt
    assert t.size > 2, "no spiking at all"
    cut = np.nonzero(np.diff(t) > gap)[0]
    starts = np.r_[t[0], t[cut + 1]]
    counts = np.diff(np.r_[0, cut + 1, t.size])
    return starts[1:-1], counts[1:-1]


def test_hindmarsh_rose_square_wave_bursting_isi_grows_within_burst():
    """Hindmarsh & Rose 1984 (slow adaptation r = 0.001 as in the paper; x_R = -1.6, I = 3):
    periodic bursts of many spikes; the interspike interval lengthens through the burst
    (the burst ends at a homoclinic orbit), and the silent phase is much longer than any ISI."""
    tr = HindmarshRoseNeuron(r=0.001).simulate(60000, input_current=3.0)
    starts, counts = bursts(tr, 0.1, 100.0)
    assert starts.size >= 4
    assert np.all(counts == counts[0]) and counts[0] >= 10  # regular bursts of the same length (18 here)
    t = np.nonzero(tr["spike"])[0] * 0.1
    burst = t[(t >= starts[1]) & (t < starts[2])]
    isi = np.diff(burst)
    assert isi[-1] > 2.0 * isi[0]  # ISI lengthens through the burst
    assert starts[2] - burst[-1] > 5.0 * isi.max()  # silent phase >> ISI


def test_hindmarsh_rose_rest_and_irregular_bursting_near_3_25():
    """Hindmarsh & Rose 1984: the rest potential for I = 0 is x_R ~ -1.6; with r = 0.006 the bursting near
    I = 3.25 is chaotic, i.e. the number of spikes per burst is not constant (measured: 1 to 4 spikes)."""
    tr = HindmarshRoseNeuron().simulate(20000, input_current=0.0)
    assert not tr["spike"].any() and abs(tr["x"][-1] + 1.6) < 0.05
    _, counts = bursts(HindmarshRoseNeuron().simulate(100000, input_current=3.25), 0.1, 40.0)
    assert counts.size > 20 and len(set(counts.tolist())) >= 2


def test_fitzhugh_rinzel_elliptic_bursting():
    """Izhikevich 2000 (FitzHugh-Rinzel elliptic burster, I = 0.3125, mu = 1e-4): elliptic bursting -- bursts of several
    spikes separated by silent phases of hundreds of time units, the burst period set by the slow variable
    (~ 1/mu / 20 here); spikes of a burst have a nearly constant ISI (~ 50, the FHN period)."""
    tr = FitzHughRinzelNeuron().simulate(400000, input_current=0.3125)
    starts, counts = bursts(tr, 0.1, 200.0)
    assert starts.size >= 20 and counts.min() >= 2 and np.median(counts) >= 5
    t = np.nonzero(tr["spike"])[0] * 0.1
    isi = np.diff(t)
    intra = isi[isi < 200.0]
    assert 40.0 < np.median(intra) < 60.0
    assert 300.0 < np.median(np.diff(starts)) < 2000.0


def test_bertram_phantom_fast_medium_slow_bursting():
    """Bertram et al. 2000 (Figs. 2-4): changing only g_s1 (20, 7, 3 pS) turns fast bursting (period of a few
    seconds) into medium (tens of seconds) and slow bursting (more than a minute). Measured: 2.5 s, 16 s, 77 s."""
    periods = {}
    for name, steps in (("fast", 30000), ("medium", 120000), ("slow", 420000)):
        tr = BertramPhantomBurster.preset(name).simulate(steps, input_current=0.0)
        starts, counts = bursts(tr, 1.0, 400.0 if name == "fast" else 1500.0)
        assert counts.min() >= 3, f"{name}: bursts of {counts}"
        periods[name] = float(np.median(np.diff(starts))) / 1000.0
    assert 1.0 < periods["fast"] < 6.0
    assert 8.0 < periods["medium"] < 60.0
    assert periods["slow"] > 60.0


def test_chay_keizer_bursting():
    """Chay & Keizer 1983 (bursting at the published parameters): square-wave bursting of the beta-cell -- long
    bursts of spikes on a depolarised plateau alternating with silent phases of several seconds; period
    ~ 10-20 s (measured 12.2 s)."""
    tr = ChayKeizerNeuron().simulate(80000, input_current=0.0)
    starts, counts = bursts(tr, 0.5, 1000.0)
    assert starts.size >= 2 and counts.min() >= 10
    period = np.median(np.diff(starts)) / 1000.0
    assert 5.0 < period < 30.0
    assert tr["v"].min() < -55.0  # silent phase repolarised below -55 mV


def test_chay_bursting_at_published_parameters():
    """Chay 1985 (V_C = 100 mV): periodic bursting -- bursts of several spikes, a few seconds of
    silence, the same number of spikes in every burst (measured 9 spikes, period 9.2 s); raising V_C changes
    the pattern (fewer spikes per burst)."""
    starts, counts = bursts(ChayNeuron().simulate(60000, input_current=0.0), 0.001, 2.0)
    assert starts.size >= 3 and np.all(counts == counts[0]) and counts[0] >= 4
    assert 3.0 < np.median(np.diff(starts)) < 20.0
    _, counts_150 = bursts(ChayNeuron(V_C=150.0).simulate(60000, input_current=0.0), 0.001, 2.0)
    assert counts_150[0] < counts[0]


def test_butera_bursting_band_of_tonic_drive():
    """Butera, Rinzel & Smith 1999 (model 1, E_L = -65 mV): with increasing tonic excitation the cell
    goes from silence to bursting (period of seconds, shrinking with g_tonic, fewer spikes per burst) to
    beating. Measured: silent at 0.26 nS, bursts of 7 spikes every 3.7 s at 0.3 nS, 2 spikes every 1.1 s at
    0.38 nS, tonic at 0.6 nS."""

    def run(g):
        return ButeraRespiratoryNeuron(g_tonic=g).simulate(40000, input_current=0.0)

    assert not run(0.2)["spike"].any()
    s30, c30 = bursts(run(0.30), 0.5, 500.0)
    s38, c38 = bursts(run(0.38), 0.5, 500.0)
    assert c30.min() >= 3 and 1.0 < np.median(np.diff(s30)) / 1000.0 < 10.0
    assert np.median(np.diff(s38)) < np.median(np.diff(s30)) and c38.max() <= c30.min()
    isi = np.diff(np.nonzero(run(0.6)["spike"])[0]) * 0.5
    assert isi.size > 50 and isi[-40:].max() < 1.1 * isi[-40:].min()  # beating (after h has settled): regular
