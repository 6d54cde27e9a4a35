"""Behaviour tests of HayL5PyramidalNeuron (Hay, Hill, Schürmann, Markram & Segev 2011, PLoS Comput. Biol.
7:e1002107), reduced to 3 compartments. The registry-wide checks are in tests/test_registry.py."""

from __future__ import annotations

import math

import numpy as np

from golden import HayL5PyramidalNeuron

DT = 0.1  # ms, the model's default step
T_BAC = 1500  # 150 ms per BAC trial


def _epsp(t_ms: np.ndarray, onset: float, peak_na: float, tau_r: float = 0.5, tau_d: float = 5.0) -> np.ndarray:
    """Hay 2011's distal EPSP-shaped current: double exponential (tau_rise 0.5, tau_decay 5 ms), scaled to a
    peak of ``peak_na``."""
    tp = tau_r * tau_d / (tau_d - tau_r) * math.log(tau_d / tau_r)
    norm = math.exp(-tp / tau_d) - math.exp(-tp / tau_r)
    s = t_ms - onset
    return np.where(s >= 0.0, (np.exp(-s / tau_d) - np.exp(-s / tau_r)) / norm * peak_na, 0.0)


def _bac_trial(somatic: bool, distal: bool, lag: float = 5.0):
    n = HayL5PyramidalNeuron()
    n.simulate(500)  # 50 ms at rest
    t = np.arange(T_BAC) * DT
    i_s = np.where((t >= 50.0) & (t < 55.0), 1.9, 0.0) if somatic else np.zeros(T_BAC)
    i_d = _epsp(t, 50.0 + lag, 0.5) if distal else np.zeros(T_BAC)
    tr = n.simulate(T_BAC, input_current=i_s, distal_current=i_d)
    return tr, float(tr["vd"][0])


def test_bac_firing():
    """Larkum, Zhu & Sakmann 1999 (Nature 398:338) and Hay 2011 Figs. 3-4, with Hay's stimuli (somatic 1.9 nA
    for 5 ms; distal EPSP-shaped current, tau 0.5/5 ms, peak 0.5 nA, starting 5 ms after the pulse onset).

    Measured (defaults): pulse alone -> 1 AP, the bAP depolarises the hot zone from -68.7 to about -37 mV;
    EPSP alone -> hot zone +5 mV, soma < 1 mV, no AP; both -> the hot zone fires a Ca plateau (V_d > -20 mV
    for ~25 ms, peak ~+30 mV) and the soma a burst of 4 APs. Bounds: exact spike counts for the single
    inputs, >= 3 APs and a plateau > 10 ms for the coincidence (the paper's burst of 2-4 APs)."""
    tr, rest_d = _bac_trial(True, False)
    assert tr["spike"].sum() == 1
    assert -60.0 < tr["vd"].max() < -20.0  # a back-propagated response, no Ca spike
    assert tr["vd"].max() - rest_d > 15.0

    tr, rest_d = _bac_trial(False, True)
    assert tr["spike"].sum() == 0
    assert tr["vd"].max() < -50.0 and tr["vd"].max() - rest_d > 2.0  # a subthreshold distal EPSP
    assert tr["vs"].max() < -65.0

    tr, _ = _bac_trial(True, True)
    plateau_ms = (tr["vd"] > -20.0).sum() * DT
    assert plateau_ms > 10.0
    assert tr["vd"].max() > 0.0
    assert tr["spike"].sum() >= 3
    sp = np.nonzero(tr["spike"])[0] * DT
    assert sp[-1] - sp[0] < 40.0  # a burst, riding on the plateau


def test_strong_distal_input_alone_evokes_ca_spike():
    """Larkum et al. 1999: a distal input strong enough evokes the dendritic Ca spike on its own, and the soma
    bursts. 4 nA (8x the BAC EPSP) into the distal compartment: measured plateau ~29 ms, 4 APs."""
    n = HayL5PyramidalNeuron()
    n.simulate(500)
    t = np.arange(T_BAC) * DT
    tr = n.simulate(T_BAC, distal_current=_epsp(t, 50.0, 4.0))
    assert (tr["vd"] > -20.0).sum() * DT > 10.0
    assert tr["spike"].sum() >= 2


def test_step_current_firing():
    """Somatic step currents of Hay 2011's firing protocol (0.78, 1.0, 1.9 nA): regular, adapting firing whose
    rate increases with the current.

    Measured over the first second of the step: 11, 12 and 16 APs (mean rates 11, 12, 16 Hz); the steady
    ISIs at the end are 120, 101 and 72 ms. Hay's experimental step features (mean frequency 6 +- 1.2,
    8.5 +- 1.0 and 17.5 +- 0.8 Hz for the three steps, as distributed with BluePyOpt's l5pc example) span
    6-17.5 Hz; the bounds allow that range with a factor ~1.5 either side, because the reduction (3
    compartments, couplings chosen for BAC firing) makes the f-I curve flatter than the full model's.
    Checked as well: the count increases with the current, and spike-frequency adaptation (the last ISI at
    least 3x the first)."""
    counts = []
    for amp, lo, hi in ((0.78, 5, 20), (1.0, 6, 22), (1.9, 10, 30)):
        n = HayL5PyramidalNeuron()
        n.simulate(500)
        tr = n.simulate(10000, input_current=amp)  # 1 s step
        sp = np.nonzero(tr["spike"])[0] * DT
        assert lo <= sp.size <= hi, (amp, sp.size)
        isi = np.diff(sp)
        assert isi[-1] > 3.0 * isi[0], (amp, isi)
        assert np.isfinite(tr["vs"]).all() and tr["vs"].max() < 60.0
        counts.append(sp.size)
    assert counts[0] <= counts[1] < counts[2]


def test_resting_state_is_at_rest():
    """The constructed state is the resting state: 50 ms without input moves no potential by more than 0.5 mV."""
    n = HayL5PyramidalNeuron()
    v0 = (n.vs, n.vt, n.vd)
    assert -80.0 < v0[0] < -65.0
    tr = n.simulate(500)
    for k, v in zip(("vs", "vt", "vd"), v0, strict=True):
        assert abs(tr[k][-1] - v) < 0.5
    assert tr["spike"].sum() == 0
