"""Behaviour tests of the third group of bursting models, each reproducing a documented firing pattern.

Models: WilsonHRNeuron (Wilson 1999 neocortical cell classes). The registry-wide checks are in
tests/test_registry.py. (YamadaNeuron and PernarowskiNeuron are not implemented: their primary parameter tables
could not be established; see the task report.)
"""

from __future__ import annotations

import numpy as np
import pytest

from golden import WilsonHRNeuron

DT = 0.1  # ms, the default step of WilsonHRNeuron


def isis(name, current, steps=10000, **overrides):
    tr = WilsonHRNeuron.preset(name, **overrides).simulate(steps, input_current=current)
    t = np.nonzero(tr["spike"])[0] * DT
    return np.diff(t), tr


def test_wilson_all_classes_rest_without_input():
    """Wilson 1999: all four cortical classes are quiescent at rest (I = 0) near -75 mV (V ~ -0.75 in units of
    100 mV); the spiking of the other tests is driven by the injected current only."""
    for name in WilsonHRNeuron.PRESETS:
        tr = WilsonHRNeuron.preset(name).simulate(5000, input_current=0.0)
        assert not tr["spike"].any(), name
        assert -0.8 < tr["v"].min() <= tr["v"].max() < -0.7, name


def test_wilson_regular_spiking_adapts_through_the_ahp():
    """Wilson 1999 (RS cell, the paper's transient vs steady-state f-I curves): a current step evokes a high
    initial rate that adapts to a much lower steady rate; the adaptation is carried by the slow Ca-dependent AHP
    conductance H: with g_H = 0 the same cell fires at an almost constant rate. The steady rate rises with I."""
    steady = []
    for i in (0.85, 1.2, 1.5):
        d, _ = isis("RS", i)
        assert d.size > 10
        assert d[-1] > 2.0 * d[0]  # adaptation: steady ISI at least twice the first ISI
        assert np.ptp(d[-5:]) < 0.05 * d[-1]  # then a regular steady rate
        steady.append(1000.0 / d[-1])
        d0, _ = isis("RS", i, g_H=0.0)
        assert d0[-1] < 1.1 * d0[0]  # no AHP: no adaptation
        assert d0[-1] < 0.5 * d[-1]  # and a much higher steady rate
    assert steady[0] < steady[1] < steady[2]


def test_wilson_fast_spiking_does_not_adapt_and_fires_fast():
    """Wilson 1999 (FS interneuron: fast K recovery tau_R = 1.5 ms, no AHP): high-rate firing without spike
    frequency adaptation (the last ISI is not longer than the first), several times faster than an RS cell at
    the same current, and the rate keeps rising with the current."""
    rates = []
    for i in (0.5, 0.85, 1.2):
        d, _ = isis("FS", i)
        d_rs, _ = isis("RS", i)
        assert d[-1] <= d[0]
        assert np.ptp(d[-10:]) < 0.1 * d[-1]
        assert d[-1] < d_rs[-1] / 3.0
        rates.append(1000.0 / d[-1])
    assert rates[0] < rates[1] < rates[2]
    assert rates[-1] > 200.0  # fast spiking: hundreds of Hz


def bursts(d, gap):
    """Split ISIs ``d`` at intervals longer than ``gap``: (spikes per burst, inter-burst intervals), dropping the
    first burst (transient) and the last (cut by the end of the run)."""
    long = np.nonzero(d > gap)[0]
    counts = np.diff(long) if long.size > 1 else np.array([], int)
    return counts[1:], d[long][1:]


@pytest.mark.parametrize("current", [0.5, 0.85, 1.2])
def test_wilson_chattering_cell_fires_rhythmic_bursts(current):
    """Wilson 1999 (CH, chattering / fast rhythmic bursting cell, g_T = 2.25, g_H = 9.5; the paper's bursting
    figure uses I = 0.85): the cell fires periodic bursts of several spikes at a few-ms intra-burst interval,
    separated by silent intervals an order of magnitude longer; the burst rhythm needs both slow currents --
    without the AHP (g_H = 0) the cell fires one burst and stops, without the Ca current (g_T = 0) it fires single
    spikes at a regular rate (no bursts)."""
    d, tr = isis("CH", current)
    counts, gaps = bursts(d, 20.0)
    assert counts.size >= 4
    assert np.all(counts == counts[0]) and counts[0] >= 2  # every burst has the same number of spikes
    intra = d[d <= 20.0]
    assert intra.max() < 10.0  # intra-burst rate > 100 Hz
    assert gaps.min() > 10.0 * intra.max()  # silent phase >> intra-burst ISI
    assert np.ptp(gaps) < 0.02 * gaps.mean()  # periodic
    d_noh, tr_noh = isis("CH", current, g_H=0.0)
    assert d_noh.size < 10 and not tr_noh["spike"][2000:].any()  # one burst, then silent (depolarised)
    d_not, _ = isis("CH", current, g_T=0.0)
    assert d_not.size > 5 and d_not[2:].min() > 20.0  # single spikes only


def test_wilson_intrinsic_bursting_initial_burst_then_tonic():
    """Wilson 1999 (IB cell, g_T = 1.2, g_H = 3.4; I = 0.85 as in the paper's bursting figures): the classic
    intrinsically-bursting response to a current step -- an initial burst of spikes at a few-ms interval, a
    pause, then single spikes at a regular, much lower rate (Connors & Gutnick's IB pattern that the model
    reproduces). Without the Ca current (g_T = 0) the initial burst disappears."""
    d, _ = isis("IB", 0.85)
    first = np.nonzero(d > 20.0)[0][0]  # end of the initial burst
    assert first >= 3 and d[:first].max() < 12.0
    pause = d[first]
    tail = d[first + 1 :]
    assert tail.size > 20
    assert pause > 4.0 * d[:first].min()
    assert np.ptp(tail[-10:]) < 0.05 * tail[-1]  # tonic, regular
    assert tail[-1] > 2.0 * d[:first].mean()  # at a much lower rate than inside the burst
    assert np.all(tail[10:] < 20.0)  # after a short transient no further pauses: tonic, not repeated bursting
    d_not, _ = isis("IB", 0.85, g_T=0.0)
    assert d_not[0] > 1.5 * d[0]


def test_wilson_preset_rejects_unknown_class_and_keeps_overrides():
    with pytest.raises(ValueError, match="preset"):
        WilsonHRNeuron.preset("XX")
    n = WilsonHRNeuron.preset("FS", g_H=1.0)
    assert n.params.tau_R == 1.5 and n.params.g_T == 0.25 and n.params.g_H == 1.0
