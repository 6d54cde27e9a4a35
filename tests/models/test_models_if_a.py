"""Behaviour tests of integrate-and-fire models (part A), each reproducing something documented in its reference.

Models: AdEx, AdaptiveThresholdIF, ComplementaryLIF (CLIF), EnergyLIF (eLIF), ExpIF, FractionalLIF, GLIF
(Allen), GatedLIF (GLIF of Yao et al.), InhibitoryLIF (ILIF), IntegerQIF (IQIF), KLIF, Lapicque. The registry-wide
checks (construction, finiteness, reset, ranges, population == scalar, simulate == step) are in
tests/test_registry.py; here each test names the figure, table, equation or section it reproduces.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden import (
    AdaptiveThresholdIFNeuron,
    AdExNeuron,
    ComplementaryLIFNeuron,
    EnergyLIFNeuron,
    ExpIFNeuron,
    FractionalLIFNeuron,
    GatedLIFNeuron,
    GLIFNeuron,
    InhibitoryLIFNeuron,
    IntegerQIFNeuron,
    KLIFNeuron,
    LapicqueNeuron,
)


def spike_steps(trace):
    return np.nonzero(trace["spike"])[0]


def isis_ms(trace, dt):
    return np.diff(spike_steps(trace)) * dt


def first_spike_step(neuron, steps, current):
    tr = neuron.simulate(steps, input_current=current)
    s = spike_steps(tr)
    return int(s[0]) if s.size else None


# ----------------------------------------------------------------------------------------------------------
# Lapicque 1907 / Brunel & van Rossum 2007: the strength-duration curve of the RC model


def test_lapicque_strength_duration_curve_and_chronaxie():
    """Brunel & van Rossum 2007 (section on Lapicque's model): a pulse of duration D fires iff
    I >= I_rh / (1 - exp(-D/tau)), I_rh = (V_th - V_rest)/R, and the chronaxie is tau ln 2."""
    tau = 10.0
    dt = tau * math.log(2.0) / 100.0  # the chronaxie is exactly 100 steps
    p = dict(R=10.0, C=1.0, V_rest=-65.0, V_th=-50.0, V_reset=-65.0, dt=dt)
    i_rh = 15.0 / 10.0

    def fires(i, n):
        pulse = np.zeros(n + 5)
        pulse[:n] = i
        return LapicqueNeuron(**p).simulate(n + 5, input_current=pulse)["spike"].any()

    def threshold(n):  # bisection on the current for a pulse of n steps
        lo, hi = 0.0, 100.0 * i_rh
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (lo, mid) if fires(mid, n) else (mid, hi)
        return hi

    for n in (10, 50, 100, 300, 1000):
        expected = i_rh / (1.0 - math.exp(-n * dt / tau))
        assert threshold(n) == pytest.approx(expected, rel=1e-9)
    assert threshold(100) == pytest.approx(2.0 * i_rh, rel=1e-9)  # chronaxie: twice the rheobase at tau ln 2
    assert threshold(10000) == pytest.approx(i_rh, rel=1e-9)  # long pulses: the rheobase
    assert not LapicqueNeuron(**p).simulate(20000, input_current=0.999 * i_rh)["spike"].any()


def test_lapicque_interspike_interval():
    """Constant I > I_rh: ISI = t_ref + tau ln(RI / (RI - (V_th - V_rest))) (exact propagator, spike times
    resolved to dt)."""
    n = LapicqueNeuron(t_ref=2.0)
    for i in (2.0, 3.0, 6.0):
        isi = isis_ms(n.simulate(20000, input_current=i), 0.1)
        expected = 2.0 + 10.0 * math.log(10 * i / (10 * i - 15.0))
        assert np.all(np.abs(isi - expected) <= 0.1 + 1e-9), (i, isi[:3], expected)
        n.reset_state()


# ----------------------------------------------------------------------------------------------------------
# ExpIF, Fourcaud-Trocme et al. 2003


def test_expif_threshold_current_and_class1_onset():
    """Fourcaud-Trocme et al. 2003 (the EIF I-V curve): repetitive firing starts at the minimum of the
    steady-state I-V curve, I_th = g_L (V_T - E_L - Delta_T), and the rate rises continuously from zero."""
    p = ExpIFNeuron().params
    i_th = p.g_L * (p.V_T - p.E_L - p.Delta_T)
    steps = 30000  # 3 s
    assert not ExpIFNeuron().simulate(steps, input_current=0.99 * i_th)["spike"].any()
    rates = []
    for f in (1.02, 1.1, 1.5, 3.0, 10.0):
        tr = ExpIFNeuron().simulate(steps, input_current=f * i_th)
        rates.append(tr["spike"][10000:].sum() / 2.0)  # Hz over the last 2 s
    assert 0 < rates[0] < 5.0, rates  # just above I_th: a few Hz (continuous onset, saddle-node)
    assert all(a < b for a, b in zip(rates, rates[1:], strict=False)), rates


def test_expif_spike_inside_step_and_no_overflow():
    """The upswing is detected within the step and the exponential stays finite for any input."""
    n = ExpIFNeuron(substeps=1)
    tr = n.simulate(2000, input_current=1e6)
    assert np.isfinite(tr["v"]).all() and tr["spike"].sum() > 0
    n2 = ExpIFNeuron()
    n2.set_state(v=1e4)  # far above the cut-off
    n2.step(0.0)
    assert math.isfinite(n2.v)


# ----------------------------------------------------------------------------------------------------------
# AdEx, Brette & Gerstner 2005; firing patterns of Naud et al. 2008


def _adex_pattern_isis(name, duration_ms=600.0):
    n = AdExNeuron.preset(name)
    dt = n.params.dt
    steps = int(round(duration_ms / dt))
    return isis_ms(n.simulate(steps, input_current=AdExNeuron.preset_current(name)), dt)


def test_adex_naud_tonic_spiking():
    """Naud et al. 2008, Table 1 / Fig. 4a (tonic spiking): regular ISIs from the first one."""
    isi = _adex_pattern_isis("tonic")
    assert isi.size > 40
    assert np.all(np.abs(isi - isi[-1]) < 0.1 * isi[-1]), isi[:5]


def test_adex_naud_adaptation():
    """Naud et al. 2008, Table 1 / Fig. 4b (spike-frequency adaptation): ISIs lengthen progressively, without
    a burst, to a steady value several times the first."""
    isi = _adex_pattern_isis("adapting")
    assert np.all(np.diff(isi) > -0.2), isi
    assert np.all(isi[1:] / isi[:-1] < 2.0), isi  # no abrupt jump (that would be an initial burst)
    assert isi[-1] > 4.0 * isi[0]


def test_adex_naud_initial_burst():
    """Naud et al. 2008, Table 1 / Fig. 4c (initial burst): a burst of closely spaced spikes, then regular
    spiking at a much longer interval."""
    isi = _adex_pattern_isis("initial_burst")
    assert isi[0] < 10.0 and isi[1] < 10.0
    tail = isi[3:]
    assert tail.min() > 5.0 * isi[0]
    assert np.all(np.abs(tail - tail[-1]) < 0.2 * tail[-1]), isi


def test_adex_naud_regular_bursting():
    """Naud et al. 2008, Table 1 / Fig. 4d (regular bursting): bursts of short ISIs separated by long pauses,
    repeating."""
    isi = _adex_pattern_isis("regular_bursting", 1000.0)
    short, long_ = isi < 10.0, isi > 50.0
    assert np.all(short | long_), isi
    assert long_.sum() >= 3 and short.sum() >= 3
    pauses = isi[long_]
    assert np.all(np.abs(pauses[1:] - pauses[-1]) < 0.1 * pauses[-1]), pauses  # periodic


def test_adex_naud_other_patterns():
    """Naud et al. 2008, Table 1 / Fig. 4: delayed accelerating (ISIs shorten), transient spiking (a single
    spike), delayed regular bursting (first spike delayed, then bursts)."""
    acc = _adex_pattern_isis("delayed_accelerating")
    assert acc[0] > 1.3 * acc[-1] and np.all(np.diff(acc) < 0.15)  # shorten (to within one step of jitter)
    n = AdExNeuron.preset("transient")
    tr = n.simulate(6000, input_current=AdExNeuron.preset_current("transient"))
    assert tr["spike"].sum() == 1
    n = AdExNeuron.preset("delayed_regular_bursting")
    tr = n.simulate(6000, input_current=AdExNeuron.preset_current("delayed_regular_bursting"))
    s = spike_steps(tr) * 0.1
    isi = np.diff(s)
    assert s[0] > 30.0 and (isi < 10.0).sum() >= 4 and (isi > 40.0).sum() >= 2


def test_adex_heun_converges():
    """The Heun step at the default dt = 0.1 ms against a 25x finer dt (Brette & Gerstner 2005, Table 1 neuron,
    1 nA step, 500 ms): same spike count, first spike within one step, and the adaptation-driven drift of the
    later spikes below 1% of their time (it is 0.3 ms per 100 ms at dt = 0.1 ms)."""
    coarse = spike_steps(AdExNeuron().simulate(5000, input_current=1000.0)) * 0.1
    fine = spike_steps(AdExNeuron(dt=0.004).simulate(125000, input_current=1000.0)) * 0.004
    assert coarse.size == fine.size > 5
    assert abs(coarse[0] - fine[0]) <= 0.1
    assert np.max(np.abs(coarse - fine) / fine) < 0.01


def test_adex_no_overflow_at_saturation():
    n = AdExNeuron()
    tr = n.simulate(1000, input_current=1e6)
    assert np.isfinite(tr["v"]).all() and np.isfinite(tr["w"]).all() and tr["spike"].sum() > 100
    n.set_state(v=5000.0)
    n.step(0.0)
    assert math.isfinite(n.v) and math.isfinite(n.w)


def test_adex_preset_names_checked():
    with pytest.raises(ValueError, match="preset"):
        AdExNeuron.preset("chattering")


# ----------------------------------------------------------------------------------------------------------
# Adaptive threshold, Platkiewicz & Brette 2010 (threshold equation) / 2011 (dynamic threshold)


def _theta_inf(p, v):
    return p.V_T + p.k_a * math.log(1.0 + math.exp((v - p.V_i) / p.k_i))


def test_adaptive_threshold_follows_inactivation_equation():
    """Platkiewicz & Brette 2010 (threshold equation with Na inactivation, theta = V_T - k_a log h): at a
    steady sub-threshold potential the threshold settles at V_T + k_a log(1 + exp((V - V_i)/k_i)); its slope
    versus V is ~0 well below V_i and k_a/k_i well above it."""
    p = AdaptiveThresholdIFNeuron().params
    thetas, vs = [], []
    for i in (-0.1, 0.0, 0.05, 0.10, 0.13):
        tr = AdaptiveThresholdIFNeuron().simulate(2000, input_current=i)
        assert not tr["spike"].any()
        v, th = tr["v"][-1], tr["theta"][-1]
        assert th == pytest.approx(_theta_inf(p, v), abs=1e-9)
        vs.append(v)
        thetas.append(th)
    low_slope = (thetas[1] - thetas[0]) / (vs[1] - vs[0])
    high_slope = (thetas[4] - thetas[3]) / (vs[4] - vs[3])
    assert low_slope < 0.2 and high_slope > 0.5 * p.k_a / p.k_i


def test_adaptive_threshold_lower_for_faster_depolarisation():
    """Platkiewicz & Brette 2010/2011 (threshold vs rate of depolarisation, 2011 Fig. 5): ramps of input make
    the spike threshold (V at the spike) decrease with the depolarisation rate; slow ramps approach the fixed
    point theta = theta_inf(theta), fast ones approach the resting threshold theta_inf(E_L)."""
    p = AdaptiveThresholdIFNeuron().params
    lo, hi = -60.0, 0.0  # fixed point of v = theta_inf(v) by bisection
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if mid - _theta_inf(p, mid) < 0 else (lo, mid)
    v_star = 0.5 * (lo + hi)
    thresholds = []
    for slope in (0.05, 0.2, 1.0, 4.0, 16.0):  # mV/ms of R I
        steps = int(200.0 / (slope * 0.1)) + 200
        ramp = slope * np.arange(steps) * 0.1 / p.R
        tr = AdaptiveThresholdIFNeuron().simulate(steps, input_current=ramp)
        k = int(spike_steps(tr)[0])
        thresholds.append(tr["theta"][k - 1])
    assert all(a > b for a, b in zip(thresholds, thresholds[1:], strict=False)), thresholds
    assert abs(thresholds[0] - v_star) < 1.5
    assert _theta_inf(p, p.E_L) < thresholds[-1] < _theta_inf(p, p.E_L) + 3.0


# ----------------------------------------------------------------------------------------------------------
# eLIF, Fardet & Levina 2020


def _elif_rest(alpha=1.0):
    n = EnergyLIFNeuron(alpha=alpha)
    n.simulate(100000, input_current=0.0)  # 10 s to the energetic steady state
    return n


def test_elif_tonic_firing_and_depolarisation_block():
    """Fardet & Levina 2020 (eLIF, spike-generation inactivation): moderate currents evoke sustained firing;
    strong currents exhaust the energy below epsilon_c, after which the neuron stays depolarised above V_th
    without firing (depolarisation block)."""
    n = _elif_rest()
    p = n.params
    tr = n.simulate(20000, input_current=40.0)  # 2 s
    late = tr["spike"][10000:].sum()
    assert 20 <= late <= 200  # sustained, 10-100 Hz in the second second
    n = _elif_rest()
    tr = n.simulate(20000, input_current=100.0)
    assert tr["spike"][:5000].sum() > 10  # an initial train ...
    assert tr["spike"][10000:].sum() == 0  # ... then silence
    assert np.all(tr["v"][10000:] > p.V_th) and np.all(tr["epsilon"][10000:] < p.epsilon_c)


def test_elif_energy_sets_resting_potential():
    """Fardet & Levina 2020 (eLIF, metabolic impairment): lowering the energetic health alpha lowers the
    resting energy and depolarises the resting potential E_L(eps) = E_0 + (E_u - E_0)(1 - eps/eps_0)."""
    rests = []
    for alpha in (1.0, 0.9, 0.8):
        n = _elif_rest(alpha)
        p = n.params
        assert n.v == pytest.approx(p.E_0 + (p.E_u - p.E_0) * (1.0 - n.epsilon / p.epsilon_0), abs=1e-6)
        rests.append((n.v, n.epsilon))
    assert rests[0][0] < rests[1][0] < rests[2][0]
    assert rests[0][1] > rests[1][1] > rests[2][1]


def test_elif_spike_costs_energy():
    """Fardet & Levina 2020 (eLIF reset rule): each spike consumes delta of energy."""
    n = _elif_rest()
    eps_before = None
    for _ in range(20000):
        eps_before = n.epsilon
        if n.step(40.0):
            break
    assert n.epsilon < eps_before - 0.9 * n.params.delta


# ----------------------------------------------------------------------------------------------------------
# Fractional LIF, Teka, Marinov & Santamaria 2014


def _mittag_leffler(a, z):
    total, k = 0.0, 0
    while True:
        term = z ** k / math.gamma(a * k + 1.0)
        total += term
        k += 1
        if abs(term) < 1e-17 and k > 5:
            return total


@pytest.mark.parametrize("scheme", [0, 1])
def test_fractional_subthreshold_response_is_mittag_leffler(scheme):
    """Teka et al. 2014, Fig. 1B-C: below threshold the voltage follows the power-law (Mittag-Leffler)
    solution of tau d^a V/dt^a = -(V - V_L) + R I, V - V_L = R I (1 - E_a(-t^a/tau)); alpha = 1 is the
    exponential of the ordinary LIF. Both discretisations converge to it (error shrinks with dt)."""
    for alpha in (1.0, 0.8, 0.5, 0.2):
        errors = []
        for dt in (0.1, 0.02):
            steps = int(round(100.0 / dt))
            n = FractionalLIFNeuron(alpha=alpha, dt=dt, memory=steps, scheme=scheme)
            u = n.simulate(steps, input_current=0.3)["v"] + 70.0
            t = (np.arange(steps) + 1) * dt
            ref = np.array([12.0 * (1.0 - _mittag_leffler(alpha, -(ti ** alpha) / 20.0)) for ti in t])
            errors.append(np.max(np.abs(u - ref)))
        assert errors[0] < 0.06 and errors[1] < errors[0], (alpha, errors)


def test_fractional_alpha_one_is_the_ordinary_lif():
    """Teka et al. 2014, Fig. 1D (left): with alpha = 1 the memory weights vanish and the model is the
    classical LIF (the paper's Euler step), spiking regularly."""
    tr = FractionalLIFNeuron(alpha=1.0).simulate(10000, input_current=3.0)
    v, tau, r = -70.0, 20.0, 40.0
    ref, refractory = [], 0
    for _ in range(10000):
        if refractory > 0:
            v, refractory, s = -70.0, refractory - 1, 0
        else:
            v = v + 0.1 * (r * 3.0 - (v + 70.0)) / tau
            s = 0
            if v > -50.0:
                v, refractory, s = 30.0, 80, 1
        ref.append(s)
    np.testing.assert_array_equal(tr["spike"], ref)
    isi = isis_ms(tr, 0.1)
    assert np.ptp(isi) == 0.0


def test_fractional_latency_and_spike_timing_adaptation():
    """Teka et al. 2014, Fig. 1D-G (3 nA step, 1 s, full memory): the first-spike latency grows as alpha
    decreases (Fig. 1E) and the inter-spike intervals shorten over time (Fig. 1G), the more so the smaller
    alpha; alpha = 1 spikes regularly."""
    latency, change = [], []
    for alpha in (1.0, 0.8, 0.6, 0.4, 0.2):
        tr = FractionalLIFNeuron(alpha=alpha).simulate(10000, input_current=3.0)
        s = spike_steps(tr)
        isi = np.diff(s) * 0.1
        latency.append(s[0] * 0.1)
        change.append((isi[0] - isi[-1]) / isi[0])
    assert all(a < b for a, b in zip(latency, latency[1:], strict=False)), latency
    assert change[0] == 0.0
    assert all(a < b for a, b in zip(change, change[1:], strict=False)), change
    assert change[-1] > 0.2


def test_fractional_finite_memory_ring_buffer():
    """The memory window: a window as long as the run is the full memory (bitwise the same as a longer one);
    a shorter window is an approximation that still spikes with adaptation."""
    a = FractionalLIFNeuron(alpha=0.5, memory=3000).simulate(3000, input_current=3.0)
    b = FractionalLIFNeuron(alpha=0.5, memory=5000).simulate(3000, input_current=3.0)
    np.testing.assert_array_equal(a["v"], b["v"])
    c = FractionalLIFNeuron(alpha=0.5, memory=500).simulate(3000, input_current=3.0)
    assert 0 < c["spike"].sum()


# ----------------------------------------------------------------------------------------------------------
# GLIF, Teeter et al. 2018


def test_glif_subthreshold_is_exact_solution_of_eqs_1_to_4():
    """Teeter et al. 2018, Eqs. 1-4: between spikes V, the after-spike currents and the voltage-dependent
    threshold follow the linear ODEs exactly (compared with a high-accuracy ODE solution)."""
    from scipy.integrate import solve_ivp

    n = GLIFNeuron(level=5)
    p = n.params
    n.set_state(v=-70.0, i1=-50.0, i2=-120.0, theta_v=1.5)
    current = 150.0
    tr = n.simulate(500, input_current=current)
    assert not tr["spike"].any()

    def rhs(t, z):
        v, i1, i2, th = z
        return [(current + i1 + i2 - p.g * (v - p.E_L)) / p.C, -p.k1 * i1, -p.k2 * i2,
                p.a_v * (v - p.E_L) - p.b_v * th]

    t = (np.arange(500) + 1) * p.dt
    sol = solve_ivp(rhs, (0.0, t[-1]), [-70.0, -50.0, -120.0, 1.5], t_eval=t, rtol=1e-12, atol=1e-12,
                    method="DOP853")
    np.testing.assert_allclose(tr["v"], sol.y[0], atol=1e-8)
    np.testing.assert_allclose(tr["i1"], sol.y[1], atol=1e-8)
    np.testing.assert_allclose(tr["theta_v"], sol.y[3], atol=1e-8)


def test_glif_level1_is_the_lif():
    """Teeter et al. 2018, GLIF1 (LIF): regular firing with ISI = t_ref + tau ln(RI / (RI - (Theta_inf -
    E_L))) for V_reset = E_L; the R/ASC/A mechanisms are off."""
    n = GLIFNeuron(level=1)
    p = n.params
    i = 400.0
    tr = n.simulate(20000, input_current=i)
    assert np.all(tr["theta_s"] == 0.0) and np.all(tr["i1"] == 0.0) and np.all(tr["theta_v"] == 0.0)
    tau, ri = p.C / p.g, i / p.g
    expected = p.t_ref + tau * math.log(ri / (ri - (p.th_inf - p.E_L)))
    assert np.all(np.abs(isis_ms(tr, p.dt) - expected) <= p.dt + 1e-9)


def test_glif_after_spike_currents_adapt():
    """Teeter et al. 2018 (GLIF3, LIF-ASC): the after-spike currents (negative amplitudes of the fitted cell)
    produce spike-frequency adaptation, absent in GLIF1."""
    lif = isis_ms(GLIFNeuron(level=1).simulate(20000, input_current=400.0), 0.1)
    asc = isis_ms(GLIFNeuron(level=3).simulate(20000, input_current=400.0), 0.1)
    assert np.ptp(lif) <= 0.1
    assert asc[-1] > 1.5 * asc[0] and np.all(np.diff(asc) > -0.15)


def test_glif_reset_rules_eqs_5_6():
    """Teeter et al. 2018, Eqs. 5-6 (GLIF2, LIF-R): at a spike V <- E_L + f_v (V - E_L) - delta_V and
    Theta_s <- Theta_s + delta_Theta_s (after its decay over the spike cut length)."""
    n = GLIFNeuron(level=2)
    p = n.params
    for _ in range(100000):
        v_prev, ths_prev = n.v, n.theta_s
        if n.step(400.0):
            break
    assert n.v == pytest.approx(p.E_L + p.f_v * (v_prev - p.E_L) - p.delta_V, abs=1e-12)
    ths = ths_prev * math.exp(-p.b_s * p.dt)
    assert n.theta_s == pytest.approx(ths * math.exp(-p.b_s * p.t_ref) + p.delta_theta_s, abs=1e-12)


def test_glif_voltage_dependent_threshold():
    """Teeter et al. 2018, Eq. 4 (GLIF5): under a constant sub-threshold depolarisation Theta_v settles at
    (a_v/b_v)(V - E_L), which raises the rheobase above GLIF4's."""
    n = GLIFNeuron(level=5)
    p = n.params
    tr = n.simulate(20000, input_current=200.0)
    assert not tr["spike"].any()
    assert tr["theta_v"][-1] == pytest.approx(p.a_v / p.b_v * (tr["v"][-1] - p.E_L), rel=1e-6)
    i_lo = 265.0  # between the two rheobases
    assert GLIFNeuron(level=4).simulate(20000, input_current=i_lo)["spike"].any()
    assert not GLIFNeuron(level=5).simulate(20000, input_current=i_lo)["spike"].any()


# ----------------------------------------------------------------------------------------------------------
# CLIF, Huang et al. 2024


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def test_clif_equations():
    """Huang et al. 2024 (Sec. 4, the CLIF update): U = gamma V + X, S = H(U - V_th),
    M = M sigmoid(U/tau) + S, V = U - S (V_th + sigmoid(M)); binary output."""
    rng = np.random.default_rng(0)
    xs = rng.uniform(-0.5, 1.5, 200)
    n = ComplementaryLIFNeuron(tau=2.0)
    v = m = 0.0
    for x in xs:
        u = 0.5 * v + x
        s = 1 if u >= 1.0 else 0
        m = m * _sigmoid(u / 2.0) + s
        v = u - s * (1.0 + _sigmoid(m))
        assert n.step(float(x)) == s
        assert n.v == pytest.approx(v, abs=1e-12) and n.m == pytest.approx(m, abs=1e-12)


def test_clif_complementary_reset_lowers_rate():
    """Huang et al. 2024 (the CLIF reset, V_th + sigmoid(M) > V_th): for a constant drive CLIF fires less than
    the soft-reset LIF with the same decay, while below threshold the two are identical (no spike)."""
    for x in (0.3, 0.6, 0.8, 1.0, 1.2):
        clif = ComplementaryLIFNeuron().simulate(1000, input_current=x)["spike"].sum()
        v, lif = 0.0, 0  # soft-reset LIF: same charge, reset by V_th only
        for _ in range(1000):
            v = 0.5 * v + x
            if v >= 1.0:
                v -= 1.0
                lif += 1
        if x < 0.5:
            assert clif == lif == 0
        else:
            assert 0 < clif < lif, (x, clif, lif)


# ----------------------------------------------------------------------------------------------------------
# KLIF, Jiang & Zhang 2023


def test_klif_rectified_scaled_membrane():
    """Jiang & Zhang 2023 (KLIF update F = ReLU(k H)): the membrane potential never goes negative, so a
    hyperpolarising input leaves no trace, unlike the LIF; with k = 1 and positive inputs KLIF is the
    hard-reset LIF; a larger k makes the neuron fire more."""
    n = KLIFNeuron()
    for _ in range(10):
        n.step(-3.0)
        assert n.v == 0.0
    assert first_spike_step(KLIFNeuron(), 50, 1.5) == first_spike_step(n, 50, 1.5)
    rng = np.random.default_rng(1)
    xs = rng.uniform(0.0, 2.0, 300)
    tr = KLIFNeuron().simulate(300, input_current=xs)
    v, ref = 0.0, []
    for x in xs:
        v = v + (x - v) / 2.0
        if v >= 1.0:
            v, s = 0.0, 1
        else:
            s = 0
        ref.append(s)
    np.testing.assert_array_equal(tr["spike"], ref)
    counts = [KLIFNeuron(k=k).simulate(300, input_current=xs)["spike"].sum() for k in (0.5, 1.0, 2.0, 4.0)]
    assert all(a < b for a, b in zip(counts, counts[1:], strict=False)), counts


# ----------------------------------------------------------------------------------------------------------
# GatedLIF (GLIF of Yao et al. 2022)


def test_gated_lif_binary_gates_are_the_classical_neurons():
    """Yao et al. 2022 (Sec. 3, the gated fusion): with binary gates GLIF is a classical LIF variant:
    (alpha, beta, gamma) = (1, 0, 1) exponential decay + hard reset, (0, 0, 0) linear decay + soft reset
    (an integrate-and-fire that conserves charge: n spikes ~ T (X - E_L)/V_th_re), beta = 1 scales the input
    by the conductance G."""
    rng = np.random.default_rng(2)
    xs = rng.uniform(0.0, 1.0, 400)
    n = GatedLIFNeuron(alpha=1.0, beta=0.0, gamma=1.0)
    u, o = 0.0, 0
    for x in xs:
        u = 0.25 * u * (1 - o) + x
        o = 1 if u > 0.5 else 0
        assert n.step(float(x)) == o and n.u == pytest.approx(u, abs=1e-12)
    x = 0.3
    tr = GatedLIFNeuron(alpha=0.0, beta=0.0, gamma=0.0).simulate(4000, input_current=x)
    assert abs(tr["spike"].sum() - 4000 * (x - 0.0625) / 0.5) <= 2
    g = GatedLIFNeuron(alpha=1.0, beta=1.0, gamma=1.0, G=0.5)
    ref = GatedLIFNeuron(alpha=1.0, beta=0.0, gamma=1.0)
    np.testing.assert_array_equal(g.simulate(400, input_current=xs)["u"],
                                  ref.simulate(400, input_current=0.5 * xs)["u"])


def test_gated_lif_mixed_gates_interpolate():
    """Yao et al. 2022 (gating equations): a fractional gate mixes the two behaviours linearly, e.g. the
    decay factor is 1 - alpha (1 - tau) and the reset (gamma hard, 1 - gamma soft) is their blend."""
    n = GatedLIFNeuron(alpha=0.5, beta=0.5, gamma=0.5)
    n.set_state(u=0.8, o=1)
    n.step(0.2)
    decay = 1 - 0.5 * (1 - 0.25)
    expected = decay * 0.8 * (1 - 0.5) - 0.5 * 0.0625 + (1 - 0.5 * (1 - 0.5)) * 0.2 - 0.5 * 0.5
    assert n.u == pytest.approx(expected, abs=1e-12)


# ----------------------------------------------------------------------------------------------------------
# ILIF, Sun et al. 2025


def test_ilif_reduces_overactivation():
    """Sun et al. 2025 (ILIF: inhibitory units reduce the firing rate, 'overactivation'): for the same input
    ILIF fires less than the soft-reset LIF, each inhibitory unit alone already reduces it, and without them
    (lambda_c = 0, w_m = 0) ILIF is exactly the soft-reset LIF."""
    rng = np.random.default_rng(3)
    xs = rng.uniform(0.0, 2.0, 2000)
    lif_like = InhibitoryLIFNeuron(lambda_c=0.0, w_m=0.0).simulate(2000, input_current=xs)
    v, ref = 0.0, []
    for x in xs:
        v = 0.5 * v + x
        s = 1 if v >= 1.0 else 0
        v -= s
        ref.append(s)
    np.testing.assert_array_equal(lif_like["spike"], ref)
    full = InhibitoryLIFNeuron().simulate(2000, input_current=xs)["spike"].sum()
    only_c = InhibitoryLIFNeuron(w_m=0.0).simulate(2000, input_current=xs)["spike"].sum()
    only_m = InhibitoryLIFNeuron(lambda_c=0.0).simulate(2000, input_current=xs)["spike"].sum()
    lif = int(np.sum(ref))
    assert full < only_c < lif and full < only_m < lif, (full, only_c, only_m, lif)


def test_ilif_subthreshold_identical_to_lif():
    """The inhibition acts only after spikes: below threshold ILIF integrates like the LIF."""
    xs = np.full(100, 0.4)
    tr = InhibitoryLIFNeuron().simulate(100, input_current=xs)
    assert not tr["spike"].any()
    assert tr["v"][-1] == pytest.approx(0.8, abs=1e-12)


# ----------------------------------------------------------------------------------------------------------
# IQIF, Wu et al. 2021


def _iqif_reference(p, v, i):
    k = (p.a * p.v_rest + p.b * p.v_threshold) // (p.a + p.b)
    f = (p.a * (p.v_rest - v)) >> p.shift if v < k else (p.b * (v - p.v_threshold)) >> p.shift
    v = v + f + i
    if v > p.v_max:
        return p.v_reset, 1
    return max(v, p.v_min), 0


def test_iqif_integer_datapath():
    """Wu et al. 2021 (the IQIF update: piecewise-linear force, integer shift, reset, clamp): integer state,
    bit-exact with the equations for random integer inputs; float and out-of-range inputs are rejected."""
    n = IntegerQIFNeuron()
    p = n.params
    rng = np.random.default_rng(4)
    v = p.v_rest
    for i in rng.integers(-40, 60, 3000):
        v, s = _iqif_reference(p, v, int(i))
        assert n.step(int(i)) == s and n.v == v and type(n.v) is int
    with pytest.raises(ValueError):
        n.step(1.5)
    with pytest.raises(ValueError):
        n.step(1 << 20)


def test_iqif_qif_threshold_and_class1_excitability():
    """Wu et al. 2021 (IQIF keeps the QIF dynamics): without input V returns to V_rest from below the
    unstable point V_threshold and runs away to a spike from above it (beyond the band where the quantised
    regenerative force rounds to 0); a constant input fires only above the rheobase, with a rate that starts
    low and grows with the input (class 1 excitability)."""
    p = IntegerQIFNeuron().params
    below = IntegerQIFNeuron()
    below.set_state(v=p.v_threshold - 1)
    assert not below.simulate(500, input_current=0)["spike"].any() and below.v == p.v_rest
    band = (1 << p.shift) // p.b  # (b (V - V_th)) >> shift == 0 for V_th <= V < V_th + band
    stuck = IntegerQIFNeuron()
    stuck.set_state(v=p.v_threshold + band - 1)
    assert not stuck.simulate(500, input_current=0)["spike"].any() and stuck.v == p.v_threshold + band - 1
    above = IntegerQIFNeuron()
    above.set_state(v=p.v_threshold + band)
    assert above.simulate(500, input_current=0)["spike"].any()
    rates = [IntegerQIFNeuron().simulate(4000, input_current=i)["spike"].sum() for i in range(0, 40)]
    onset = next(i for i, r in enumerate(rates) if r > 0)
    assert onset >= 1 and all(r == 0 for r in rates[:onset])
    assert all(a <= b for a, b in zip(rates[onset:], rates[onset + 1:], strict=False)), rates
    assert rates[onset] * 4 < rates[-1]  # onset ISI > 4x the ISI at strong drive


def test_adex_euler_order_is_one_forward_euler_step():
    """order=1 is Brian2's 'euler' scheme (Brette & Gerstner 2005 equations), checked against the formula."""
    n = AdExNeuron(order=1)
    p = n.params
    v0, w0, i_in = -60.0, 20.0, 500.0
    n.set_state(v=v0, w=w0)
    n.step(i_in)
    dv = (-p.g_L * (v0 - p.E_L) + p.g_L * p.Delta_T * math.exp((v0 - p.V_T) / p.Delta_T) - w0 + i_in) / p.C
    dw = (p.a * (v0 - p.E_L) - w0) / p.tau_w
    assert n.v == pytest.approx(v0 + p.dt * dv, rel=1e-12) and n.w == pytest.approx(w0 + p.dt * dw, rel=1e-12)
