"""Behaviour tests of the map-based models (one step = one map iteration), each against its paper.

Models: RulkovMapNeuron (Rulkov 2002; Rulkov, Timofeev & Bazhenov 2004), ChialvoMapNeuron (Chialvo 1995),
CourbageNekorkinMapNeuron (Courbage, Nekorkin & Vdovin 2007). The registry-wide checks are in
tests/test_registry.py.
"""

from __future__ import annotations

import numpy as np

from golden import ChialvoMapNeuron, CourbageNekorkinMapNeuron, RulkovMapNeuron

TRANSIENT = 20000


def spike_times(model, steps):
    tr = model.simulate(steps + TRANSIENT)
    return np.nonzero(tr["spike"][TRANSIENT:])[0]


def bursts(times, gap):
    """Split spike times into bursts at inter-spike intervals longer than ``gap``."""
    return np.split(times, np.nonzero(np.diff(times) > gap)[0] + 1)


# ----------------------------------------------------------------------------------------------------------
# Rulkov


def test_rulkov_chaotic_map_bursts_of_spikes_separated_by_silence():
    """Rulkov 2002 (Sec. II): with alpha > 4 the slow variable switches the fast map between its spiking
    attractor and its stable fixed point: bursts of many closely spaced spikes separated by long silent phases.
    Measured at alpha = 4.1, sigma = -1: every burst has >= 10 spikes at most 30 iterations apart (typically
    2-4), and every silent phase is > 100 iterations."""
    t = spike_times(RulkovMapNeuron(alpha=4.1, sigma=-1.0), 100000)
    bs = bursts(t, gap=30)[1:-1]  # complete bursts only
    assert len(bs) >= 100
    assert min(len(b) for b in bs) >= 10
    assert max(int(np.diff(b).max()) for b in bs) <= 30 and np.median(np.concatenate([np.diff(b) for b in bs])) <= 5
    silences = [int(bs[i + 1][0] - bs[i][-1]) for i in range(len(bs) - 1)]
    assert min(silences) > 100
    # chaotic bursting: the burst lengths are not all equal
    assert len({len(b) for b in bs}) >= 5


def test_rulkov_regimes_change_with_sigma_and_alpha():
    """Rulkov 2002 (the (sigma, alpha) parameter plane): sigma is the dc drive. Low sigma is silence; raising
    sigma within the bursting region lengthens the bursts and shortens the silences; large alpha turns the
    bursts into continuous spiking (no silent phase)."""
    assert spike_times(RulkovMapNeuron(alpha=4.1, sigma=-1.8), 50000).size == 0
    low = bursts(spike_times(RulkovMapNeuron(alpha=4.1, sigma=-1.5), 100000), 30)[1:-1]
    high = bursts(spike_times(RulkovMapNeuron(alpha=4.1, sigma=-1.0), 100000), 30)[1:-1]
    assert np.median([len(b) for b in high]) > 1.3 * np.median([len(b) for b in low])
    sil_low = np.median([low[i + 1][0] - low[i][-1] for i in range(len(low) - 1)])
    sil_high = np.median([high[i + 1][0] - high[i][-1] for i in range(len(high) - 1)])
    assert sil_high < 0.8 * sil_low
    tonic = spike_times(RulkovMapNeuron(alpha=6.0, sigma=-1.0), 50000)
    assert tonic.size > 1000 and np.diff(tonic).max() < 30
    # the input acts as a shift of sigma (sigma_e = 1): sigma = -1.8 driven by I = 0.8 is the sigma = -1 neuron
    a = RulkovMapNeuron(alpha=4.1, sigma=-1.8).simulate(5000, input_current=0.8)["x"]
    b = RulkovMapNeuron(alpha=4.1, sigma=-1.0).simulate(5000)["x"]
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-9)


def test_rulkov_piecewise_map_silence_tonic_spiking_and_one_iteration_spikes():
    """Rulkov, Timofeev & Bazhenov 2004: the piecewise map's fixed point x* = sigma - 1 exists on the left
    branch; the map is silent for low sigma and spikes periodically for large sigma. A spike is the excursion
    x > 0: the first positive iterate (left branch), one iteration at the peak alpha + y (middle branch, allowed
    because x_{n-1} <= 0), then the reset x = -1 (because x_{n-1} > 0)."""
    assert spike_times(RulkovMapNeuron(variant=1, alpha=4.1, sigma=-0.5), 50000).size == 0
    n = RulkovMapNeuron(variant=1, alpha=4.1, sigma=0.5)
    tr = n.simulate(30000)
    x, s = tr["x"][TRANSIENT // 2:], tr["spike"][TRANSIENT // 2:]
    t = np.nonzero(s)[0]
    assert t.size > 100 and np.ptp(np.diff(t[1:])) <= 1  # periodic tonic spiking
    t = t[t + 2 < x.size]
    y = tr["y"][TRANSIENT // 2:]
    np.testing.assert_allclose(x[t + 1], 4.1 + y[t], rtol=0, atol=1e-12)  # the peak alpha + y_n
    assert np.all(x[t + 2] == -1.0)  # then the reset
    assert np.count_nonzero(x[: t[-1] + 3] > 0.0) == 2 * t.size  # two iterations above 0 per spike


# ----------------------------------------------------------------------------------------------------------
# Chialvo


def test_chialvo_excitable_rest_all_or_none_response():
    """Chialvo 1995 (excitable regime, a = 0.89, b = 0.6, c = 0.28): for a small bias the map rests at a stable
    fixed point; a kick of x above a threshold produces one full action potential (x > 1) and the map returns
    to rest; a smaller kick decays without a spike."""
    rest = ChialvoMapNeuron(k=0.02)
    tr = rest.simulate(3000)
    assert tr["spike"].sum() == 0 and np.ptp(tr["x"][-500:]) < 1e-9
    x_rest, y_rest = tr["x"][-1], tr["y"][-1]
    for kick, expected in ((0.01, 0), (0.1, 1), (0.3, 1)):
        n = ChialvoMapNeuron(k=0.02)
        n.set_state(x=x_rest + kick, y=y_rest)
        out = n.simulate(2000)
        assert out["spike"].sum() == expected, kick
        assert abs(out["x"][-1] - x_rest) < 1e-6  # back to rest


def test_chialvo_oscillation_onset_and_aperiodic_regime():
    """Chialvo 1995: raising the bias k turns rest into periodic oscillations whose period shortens with k; with
    b = 0.18 (less recovery feedback) the oscillations become aperiodic (bursting, chaotic)."""
    assert spike_times(ChialvoMapNeuron(k=0.02), 20000).size == 0
    periods = []
    for k in (0.03, 0.04, 0.05):
        t = spike_times(ChialvoMapNeuron(k=k), 20000)
        isi = np.diff(t)
        assert isi.size > 100 and np.ptp(isi) <= 1  # periodic (period fixed up to one iteration)
        periods.append(isi.mean())
    assert periods[0] > periods[1] > periods[2]
    isi = np.diff(spike_times(ChialvoMapNeuron(k=0.03, b=0.18), 40000))
    assert isi.size > 500
    assert np.unique(isi).size >= 10 and isi.std() / isi.mean() > 0.2  # not periodic


# ----------------------------------------------------------------------------------------------------------
# Courbage-Nekorkin-Vdovin


def test_courbage_nekorkin_rest_below_jmin_oscillation_above():
    """Courbage, Nekorkin & Vdovin 2007 (Sec. 2): the fixed point (J, F(J)) lies on the left branch of F for
    J < J_min, where the Jacobian [[1 - m0, -1], [eps, 1]] has both eigenvalues inside the unit circle
    (checked here): rest; for J_min < J < J_max it lies on the middle branch (determinant 1 + m1 + eps > 1):
    unstable, the map oscillates."""
    p = CourbageNekorkinMapNeuron().params
    j_min = p.a * p.m1 / (p.m0 + p.m1)
    jac = np.array([[1.0 - p.m0, -1.0], [p.epsilon, 1.0]])
    assert np.abs(np.linalg.eigvals(jac)).max() < 1.0
    for j in (0.5 * j_min, 0.9 * j_min):
        tr = CourbageNekorkinMapNeuron(J=j, beta=0.0).simulate(20000)
        assert tr["spike"][5000:].sum() == 0 and abs(tr["x"][-1] - j) < 1e-6
    for j in (1.2 * j_min, 0.2):
        assert spike_times(CourbageNekorkinMapNeuron(J=j, beta=0.0), 20000).size >= 20


def test_courbage_nekorkin_tonic_spiking_without_discontinuity_bursting_with_it():
    """Courbage, Nekorkin & Vdovin 2007: without the discontinuity (beta = 0) the oscillation is a periodic
    relaxation cycle with one spike per cycle; with beta > 0 and d on the middle branch each excursion is cut
    and repeated, giving bursts of several spikes separated by slow silent phases, of irregular length (the
    paper's chaotic spiking-bursting)."""
    tonic = np.diff(spike_times(CourbageNekorkinMapNeuron(beta=0.0), 40000))
    assert tonic.size > 100 and np.ptp(tonic) <= 1 and tonic.min() > 100
    t = spike_times(CourbageNekorkinMapNeuron(beta=0.2), 60000)
    bs = bursts(t, gap=50)[1:-1]
    sizes = np.array([len(b) for b in bs])
    assert len(bs) >= 100
    assert np.median(sizes) >= 3
    assert max(int(np.diff(b).max()) for b in bs if len(b) > 1) <= 30
    assert min(int(bs[i + 1][0] - bs[i][-1]) for i in range(len(bs) - 1)) > 100
    assert np.unique(sizes).size >= 3  # burst lengths vary
