"""Behaviour tests of the rate and population models, each against the theory or figure of its reference.

Models: AmariNeuralField, ErmentroutKopellPopulation (Montbrio-Pazo-Roxin), EscapeRateNeuron, JansenRitUnit,
LarterBreakspearNeuron, LeakyCompeteFireNeuron, SiegertTransferFunction, SigmoidRateNeuron,
ThresholdLinearRateNeuron, WendlingNeuron, WilsonCowanUnit, WongWangUnit. Every random number is seeded. The
registry-wide checks (finiteness over the sweep, reset, populations == scalars, parameter ranges) are in
tests/test_registry.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden import (
    AmariNeuralField,
    ErmentroutKopellPopulation,
    EscapeRateNeuron,
    JansenRitUnit,
    LarterBreakspearNeuron,
    LeakyCompeteFireNeuron,
    SiegertTransferFunction,
    SigmoidRateNeuron,
    ThresholdLinearRateNeuron,
    WendlingNeuron,
    WilsonCowanUnit,
    WongWangUnit,
)
from golden.models.rate_population.amari_field import kernel_W, kernel_w
from golden.models.rate_population.ermentrout_kopell_pop import mpr_fixed_points


def peak_frequency(x, dt_s, band=(1.0, 40.0)):
    x = np.asarray(x) - np.mean(x)
    f = np.fft.rfftfreq(x.size, dt_s)
    pw = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    m = (f > band[0]) & (f < band[1])
    return float(f[m][np.argmax(pw[m])])


def jacobian(f, x, eps=1e-7):
    x = np.asarray(x, dtype=float)
    f0 = np.asarray(f(x))
    jac = np.empty((f0.size, x.size))
    for k in range(x.size):
        d = np.zeros_like(x)
        d[k] = eps
        jac[:, k] = (np.asarray(f(x + d)) - np.asarray(f(x - d))) / (2 * eps)
    return jac


def newton(f, x0, steps=60):
    x = np.asarray(x0, dtype=float)
    for _ in range(steps):
        x = x - np.linalg.solve(jacobian(f, x), np.asarray(f(x)))
    assert np.max(np.abs(f(x))) < 1e-10
    return x


# ----------------------------------------------------------------------------------------------------------
# simple rate units


@pytest.mark.parametrize("cls", [SigmoidRateNeuron, ThresholdLinearRateNeuron])
def test_rate_unit_relaxes_to_its_activation_with_tau(cls):
    """Dayan & Abbott 2001, eq. 7.10: tau dr/dt = -r + F(I). For a step of I from r = 0 the rate reaches
    F(I)(1 - 1/e) after tau and F(I) in steady state; F is the logistic r_max/(1 + e^{-beta(I - theta)}) or
    the rectification g [I - theta]_+ (0 below threshold)."""
    tau, dt = 10.0, 0.1
    for i in (-3.0, 0.5, 2.0, 6.0):
        n = cls(tau=tau, dt=dt)
        if cls is SigmoidRateNeuron:
            f = 100.0 / (1.0 + math.exp(-i))
        else:
            f = max(i, 0.0)
        tr = n.simulate(int(10 * tau / dt), input_current=i)["rate"]
        assert tr[int(tau / dt) - 1] == pytest.approx(f * (1 - math.exp(-1)), rel=1e-9, abs=1e-12)
        assert tr[-1] == pytest.approx(f, rel=1e-4, abs=1e-12)
    # memoryless limit tau = 0: r = F(I) at once
    assert cls(tau=0.0).step(2.0) == pytest.approx(100.0 / (1 + math.exp(-2.0)) if cls is SigmoidRateNeuron else 2.0)


# ----------------------------------------------------------------------------------------------------------
# Wilson-Cowan


def _wc_rhs(p, P):
    def s(x, a, th):
        return 1 / (1 + np.exp(-a * (x - th))) - 1 / (1 + np.exp(a * th))

    k_e = 1 - 1 / (1 + math.exp(p.a_e * p.theta_e))
    k_i = 1 - 1 / (1 + math.exp(p.a_i * p.theta_i))

    def f(x):
        e, i = x
        return np.array([(-e + (k_e - p.r_e * e) * s(p.c1 * e - p.c2 * i + P, p.a_e, p.theta_e)) / p.tau_e,
                         (-i + (k_i - p.r_i * i) * s(p.c3 * e - p.c4 * i, p.a_i, p.theta_i)) / p.tau_i])

    return f


def test_wilson_cowan_fixed_point_and_limit_cycle():
    """Wilson & Cowan 1972, limit-cycle parameter set (c1 16, c2 12, c3 15, c4 3, a_e 1.3, theta_e 4, a_i 2,
    theta_i 3.7, r 1): at P = 0 the rest state E = I = 0 is a stable focus/node (Jacobian computed here from the
    equations) and a perturbation decays; at P = 1.25 the only fixed point is unstable and the trajectory settles
    on a limit cycle of finite amplitude (sustained oscillation, same amplitude over successive windows)."""
    nrn = WilsonCowanUnit()
    p = nrn.params
    ev0 = np.linalg.eigvals(jacobian(_wc_rhs(p, 0.0), [0.0, 0.0]))
    assert np.all(ev0.real < 0)
    nrn.set_state(e=0.05, i=0.02)
    tr = nrn.simulate(20000, input_e=0.0)
    assert abs(tr["e"][-1]) < 1e-6 and abs(tr["i"][-1]) < 1e-6
    fp = newton(_wc_rhs(p, 1.25), [0.2, 0.1])
    ev = np.linalg.eigvals(jacobian(_wc_rhs(p, 1.25), fp))
    assert np.any(ev.real > 0), f"fixed point {fp} is stable: {ev}"
    nrn = WilsonCowanUnit()
    nrn.set_state(e=fp[0] + 1e-3, i=fp[1])
    e = nrn.simulate(60000, input_e=1.25)["rate_e"]
    amp1, amp2 = np.ptp(e[30000:45000]), np.ptp(e[45000:])
    assert amp1 > 0.1 and amp2 == pytest.approx(amp1, rel=0.02)
    # period well defined: upward crossings of the fixed point are evenly spaced
    up = np.nonzero((e[30000:-1] < fp[0]) & (e[30001:] >= fp[0]))[0]
    assert up.size >= 5 and np.std(np.diff(up)) < 0.02 * np.mean(np.diff(up))


def test_wilson_cowan_bounded_for_positive_input():
    """With r_e = r_i = 1, E and I stay within [k S_min/(1 + S_min), k S_max/(1 + S_max)] (Wilson & Cowan 1972:
    the refractory factor bounds the activity) for any input P."""
    p = WilsonCowanUnit().params
    off = 1 / (1 + math.exp(p.a_e * p.theta_e))
    k = 1 - off
    hi, lo = k * k / (1 + k), -k * off / (1 - off)
    for P in (0.5, 5.0, 50.0, 5000.0):
        e = WilsonCowanUnit().simulate(20000, input_e=P)["rate_e"]
        assert np.all(e <= hi + 1e-9) and np.all(e >= lo - 1e-9)


# ----------------------------------------------------------------------------------------------------------
# Jansen-Rit and Wendling neural masses


def test_jansen_rit_alpha_rhythm():
    """Jansen & Rit 1995 (their Fig. 3 / standard parameters, p uniform in [120, 320] pulses/s): the pyramidal
    potential y1 - y2 shows an alpha rhythm, spectral peak within 8-12 Hz (checked for three seeds)."""
    for seed in (1, 2, 3):
        tr = JansenRitUnit(seed=seed).simulate(20000)  # 20 s at 1 ms
        x = tr["eeg"][2000:]
        assert 8.0 <= peak_frequency(x, 1e-3) <= 12.0
        assert 0.2 < np.std(x) < 10.0
    # without the alpha-band inhibitory loop (B -> 0 kills the inhibitory feedback) the peak leaves the band
    tr = JansenRitUnit(seed=1, B=0.5).simulate(20000)
    x = tr["eeg"][2000:]
    assert not 8.0 <= peak_frequency(x, 1e-3) <= 12.0 or np.std(x) < 0.05


def test_jansen_rit_bounded_for_positive_input():
    """S is bounded by 2 e0, so every PSP is bounded: |y1 - y2| <= A (p + 0.8 C 2 e0)/a + B 0.25 C 2 e0/b."""
    p = JansenRitUnit().params
    for pin in (0.0, 220.0, 2000.0, 1e5):
        x = JansenRitUnit(p_spread=0.0).simulate(5000, p=pin)["eeg"]
        bound = p.A * (pin + 0.8 * p.C * 2 * p.e0) / p.a + p.B * 0.25 * p.C * 2 * p.e0 / p.b
        assert np.all(np.isfinite(x)) and np.max(np.abs(x)) <= bound


def _events(x, thr):
    return int(np.sum((x[:-1] < thr) & (x[1:] >= thr)))


def test_wendling_activity_types():
    """Wendling et al. 2002, Fig. 4: with A = 5 mV, G = 15 mV and decreasing slow inhibition B, the EEG goes from
    normal background activity (B = 50: low-amplitude, no spikes), to sporadic spikes (B = 40: a flat background
    with isolated large spikes), to a sustained rhythmic discharge of spikes (B = 25: large spikes at every cycle,
    a few Hz). Spikes: upward crossings of 4 mV above the median of the trace (38 s of activity per type)."""
    out = {}
    for name in ("normal_background", "sporadic_spikes", "sustained_discharge"):
        x = WendlingNeuron.activity(name, seed=5).simulate(40000)["eeg"][2000:]
        med = np.median(x)
        out[name] = (np.std(x), _events(x, med + 4.0), np.median(np.abs(x - med)), x)
    sd, n_sp, mad, _ = out["normal_background"]
    assert sd < 1.0 and n_sp == 0
    sd, n_sp, mad, x = out["sporadic_spikes"]
    assert 2 <= n_sp <= 40 and mad < 1.0  # isolated spikes on a flat background
    med = np.median(x)
    assert _events(x, med + 2.5) == _events(x, med + 6.0) == n_sp  # all-or-none: every spike is large
    sd, n_sp, mad, x = out["sustained_discharge"]
    assert n_sp >= 30 and mad > 2.0  # spikes all the time
    assert 2.0 <= peak_frequency(x, 1e-3, (1.0, 20.0)) <= 7.0


# ----------------------------------------------------------------------------------------------------------
# Montbrio-Pazo-Roxin mean field against a QIF network


def _qif_network(n, eta_bar, delta, j, i_of_t, t_end, dt, r0, v0, seed=0):
    """N all-to-all QIF neurons (tau = 1): V' = V^2 + eta_j + J r(t) + I(t); a neuron reaching V_p = 100 spikes,
    then is reset to -V_p and frozen for 2/V_p (the time the full QIF spends between V_p and +inf and between -inf
    and -V_p). eta_j: Lorentzian quantiles; initial V: Lorentzian of centre v0 and half-width pi r0 (the MPR
    ansatz for the initial steady state). Returns the population rate per step."""
    rng = np.random.default_rng(seed)
    q = (np.arange(1, n + 1) - 0.5) / n
    eta = eta_bar + delta * np.tan(np.pi * (q - 0.5))
    v = v0 + np.pi * r0 * np.tan(np.pi * (rng.permutation(q) - 0.5))
    vp = 100.0
    v = np.clip(v, -vp, vp)
    frozen = np.zeros(n)
    steps = int(round(t_end / dt))
    rate = np.empty(steps)
    r = r0
    for k in range(steps):
        active = frozen <= 0.0
        v = np.where(active, v + dt * (v * v + eta + j * r + i_of_t(k * dt)), v)
        fired = active & (v >= vp)
        v[fired] = -vp
        frozen = np.where(fired, 2.0 / vp, frozen - dt)
        r = fired.sum() / (n * dt)
        rate[k] = r
    return rate


def test_mpr_mean_field_matches_qif_network_for_step_input():
    """Montbrio, Pazo & Roxin 2015, Fig. 2 (Delta = 1, eta_bar = -5, J = 15, I = 3 for 0 < t < 30 tau): the mean
    field's r(t) agrees with a network of 5000 QIF neurons with Lorentzian excitabilities, before, during and after
    the step, including the switch to the high-activity state that persists after the input is removed
    (bistability). Compared in bins of 1 tau: |r_net - r_mf| < 0.1 + 0.1 r_mf in every bin (the largest
    differences, ~0.18, are in the damped oscillation after the onset, where finite-size noise shifts the
    network's phase, as in the paper's figure) and a mean absolute difference below 0.05 overall."""
    dt, t0, t_on, t_off = 1e-3, 10.0, 10.0, 40.0
    t_end = 50.0

    def i_of_t(t):
        return 3.0 if t_on <= t < t_off else 0.0

    r_lo, v_lo = mpr_fixed_points(1.0, -5.0, 15.0)[0]
    net = _qif_network(5000, -5.0, 1.0, 15.0, i_of_t, t_end, dt, r_lo, v_lo)
    # mean field in ms with tau = 1 ms, dt = 0.01 ms
    mf = ErmentroutKopellPopulation(tau=1.0, dt=0.01)
    steps = int(round(t_end / 0.01))
    drive = np.array([i_of_t(k * 0.01) for k in range(steps)])
    r_mf = mf.simulate(steps, input_current=drive)["rate"] / 1000.0
    nb = int(t_end)
    net_b = net.reshape(nb, -1).mean(axis=1)
    mf_b = r_mf.reshape(nb, -1).mean(axis=1)
    assert np.all(np.abs(net_b - mf_b) < 0.1 + 0.1 * mf_b), np.c_[net_b, mf_b]
    assert np.mean(np.abs(net_b - mf_b)) < 0.05
    assert mf_b[: int(t0)].max() < 0.15 and mf_b[-5:].min() > 0.8  # low before, high after: it switched
    assert net_b[-5:].min() > 0.8


def test_mpr_bistability_and_bounded_for_positive_input():
    """MPR 2015, Fig. 1: for Delta = 1, J = 15, eta_bar = -5 lies in the bistable region: the steady-state
    equation has three roots, the lowest and highest are stable (the model started at each stays there) and the
    middle one is a saddle. For a large positive input the model stays finite and converges to the single steady
    state of eta_bar + I (a focus: damped oscillations, checked within 0.1% after 200 tau)."""
    roots = mpr_fixed_points(1.0, -5.0, 15.0, tau=10.0)
    assert len(roots) == 3
    for r, v in (roots[0], roots[2]):
        n = ErmentroutKopellPopulation()
        n.set_state(r=r * 1.02, v=v)
        tr = n.simulate(100000)  # 1 s = 100 tau
        assert tr["r"][-1] == pytest.approx(r, rel=1e-6)
    r_mid, v_mid = roots[1]
    lo = ErmentroutKopellPopulation()
    lo.set_state(r=r_mid * 0.97, v=v_mid)
    hi = ErmentroutKopellPopulation()
    hi.set_state(r=r_mid * 1.03, v=v_mid)
    assert lo.simulate(100000)["r"][-1] == pytest.approx(roots[0][0], rel=1e-6)
    assert hi.simulate(100000)["r"][-1] == pytest.approx(roots[2][0], rel=1e-6)
    for i in (30.0, 300.0, 3000.0):
        tr = ErmentroutKopellPopulation().simulate(200000, input_current=i)  # 2 s = 200 tau
        assert np.all(np.isfinite(tr["r"])) and np.all(tr["r"] > 0)
        (r_star, _), = mpr_fixed_points(1.0, -5.0 + i, 15.0, tau=10.0)
        late = tr["r"][-20000:]
        assert np.ptp(late) < 0.5 * np.ptp(tr["r"][50000:70000])  # damped oscillation towards it
        assert np.all(np.abs(late - r_star) < 0.2 * r_star)
        if i < 1000.0:  # the damping rate falls as the rate grows: only the lower drives have converged
            assert late[-1] == pytest.approx(r_star, rel=1e-3)


# ----------------------------------------------------------------------------------------------------------
# Siegert formula against a simulated LIF


def _lif_rate(mu, sigma, n=400, t_ms=1100.0, dt=0.02, tau=20.0, th=20.0, vr=10.0, t_ref=2.0, seed=0):
    rng = np.random.default_rng(seed)
    v = rng.uniform(vr, th, n)
    ref = np.zeros(n)
    count = 0
    steps = int(t_ms / dt)
    burn = int(100.0 / dt)
    sq = sigma * math.sqrt(dt / tau)
    for k in range(steps):
        free = ref <= 0.0
        v = np.where(free, v + dt / tau * (mu - v) + sq * rng.standard_normal(n), v)
        fired = v >= th
        v[fired] = vr
        ref = np.where(fired, t_ref, ref - dt)
        if k >= burn:
            count += int(fired.sum())
    return count / (n * (steps - burn) * dt * 1e-3)


def test_siegert_matches_simulated_lif():
    """Brunel 2000 eq. 21 (Siegert 1951): the model's rate agrees with an Euler-Maruyama simulation of 400 LIF
    neurons (tau 20 ms, theta 20 mV, V_r 10 mV, tau_rp 2 ms, dt 0.02 ms, 1 s) at three operating points, sub-,
    near- and supra-threshold, within 8% (statistical error ~ 2%; the discrete-time threshold crossing of
    Euler-Maruyama lowers the simulated rate by a few % at this dt)."""
    model = SiegertTransferFunction()
    for mu, sigma in ((15.0, 5.0), (20.0, 5.0), (30.0, 8.0)):
        theory = model.step(mu, sigma)
        sim = _lif_rate(mu, sigma)
        assert sim == pytest.approx(theory, rel=0.08), (mu, sigma, sim, theory)


def test_siegert_quadrature_and_limits():
    """The fixed-node quadrature against scipy's adaptive one (relative 1e-9), the deterministic limit
    1/(tau_rp + tau ln((mu - V_r)/(mu - theta))) for sigma -> 0, and monotonic growth with mu and (below
    threshold) with sigma."""
    from scipy import integrate, special

    model = SiegertTransferFunction()
    for mu, sigma in ((0.0, 4.0), (12.0, 2.0), (19.0, 1.0), (22.0, 0.5), (40.0, 15.0)):
        val, _ = integrate.quad(lambda u: special.erfcx(-u), (10.0 - mu) / sigma, (20.0 - mu) / sigma,
                                epsabs=0.0, epsrel=1e-13, limit=200)
        ref = 1000.0 / (2.0 + 20.0 * math.sqrt(math.pi) * val)
        assert model.step(mu, sigma) == pytest.approx(ref, rel=1e-9)
    det = 1000.0 / (2.0 + 20.0 * math.log((30.0 - 10.0) / (30.0 - 20.0)))
    assert model.step(30.0, 1e-3) == pytest.approx(det, rel=1e-3)
    assert model.step(30.0, 0.0) == pytest.approx(det, rel=1e-12)
    rates = [model.step(mu, 4.0) for mu in np.linspace(0, 40, 21)]
    assert np.all(np.diff(rates) > 0)
    assert model.step(15.0, 6.0) > model.step(15.0, 3.0)


# ----------------------------------------------------------------------------------------------------------
# Amari neural field


def test_amari_bump_persists_with_the_width_of_the_theory():
    """Amari 1977, Theorem: with a Mexican-hat kernel, a localized excitation of width a with W(a) + h = 0 and
    w(a) < 0 is stable. A transient localized stimulus leaves a persistent bump whose width equals the larger
    root of W(a) = -h (computed here from the closed-form W) within one grid step, and the bump outlives the
    stimulus by 100 tau."""
    n = AmariNeuralField()
    p = n.params
    a = np.linspace(1e-3, 10.0, 20001)
    g = np.array([kernel_W(x, p) for x in a]) + p.h
    roots = a[np.nonzero(np.diff(np.sign(g)))[0]]
    assert roots.size == 2
    a_stable = roots[1]
    assert kernel_w(a_stable, p) < 0 < kernel_w(roots[0], p)
    tr = n.simulate(200, stimulus=2.0)  # 100 ms of stimulus
    assert tr["active_length"][-1] > 0
    tr = n.simulate(2000)  # 1 s = 100 tau without it
    assert tr["active_length"][-1] == pytest.approx(a_stable, abs=p.dx + 1e-9)
    assert np.ptp(tr["active_length"][-500:]) == 0  # stationary


def test_amari_without_lateral_inhibition_no_bump():
    """Amari 1977: without lateral inhibition there is no stable localized solution. With A_i = 0 and
    W(inf) + h < 0 the excitation dies out after the stimulus; with W(inf) + h > 0 it spreads over the whole
    field."""
    weak = AmariNeuralField(A_i=0.0, A_e=0.2)
    assert kernel_W(1e6, weak.params) + weak.params.h < 0
    weak.simulate(200, stimulus=2.0)
    assert weak.simulate(1000)["rate"][-1] == 0.0
    strong = AmariNeuralField(A_i=0.0, A_e=2.0)
    strong.simulate(200, stimulus=2.0)
    assert strong.simulate(2000)["rate"][-1] == 1.0


def test_amari_bounded_for_positive_input():
    """f is 0 or 1, so h + s + sum min(0, w dx) <= u <= h + s + sum max(0, w dx): the field stays bounded for any
    positive input (the seed's rectified-linear field diverged)."""
    n = AmariNeuralField()
    p = n.params
    d = np.minimum(np.arange(p.n_points), p.n_points - np.arange(p.n_points)) * p.dx
    wk = kernel_w(d, p) * p.dx
    for s in (0.5, 5.0, 500.0):
        n = AmariNeuralField()
        n.simulate(400, input_current=s, stimulus=s)
        u = n.get_state()["u"]
        assert np.all(u <= p.h + 2 * s + wk[wk > 0].sum() + 1e-9)
        assert np.all(u >= p.h + wk[wk < 0].sum() - 1e-9)


# ----------------------------------------------------------------------------------------------------------
# Wong-Wang decision model


def test_wong_wang_winner_take_all_and_coherence():
    """Wong & Wang 2006, Figs. 3-4: the two pools compete, one wins (crosses 15 Hz) while the other is
    suppressed; accuracy rises with coherence (chance at c' = 0, near-perfect at 51.2%) and the decision time
    falls with coherence. 200 trials per coherence, seeded."""
    res = {}
    for c in (0.0, 6.4, 51.2):
        pop = WongWangUnit.population(200, seed=11)
        rt = np.full(200, np.nan)
        choice = np.zeros(200)
        for k in range(4000):  # 2 s
            r1, r2 = pop.step(coherence=c)
            new = np.isnan(rt) & ((r1 > 15.0) | (r2 > 15.0))
            rt[new] = k * 0.5
            choice[new] = np.where(r1[new] > 15.0, 1, 2)
        res[c] = (np.mean(choice == 1), np.nanmean(rt), np.mean(choice > 0), r1, r2)
    acc0, rt0, done0, _, _ = res[0.0]
    acc6, rt6, _, _, _ = res[6.4]
    acc51, rt51, done51, r1, r2 = res[51.2]
    assert done0 > 0.95 and done51 == 1.0
    assert 0.38 < acc0 < 0.62
    assert acc0 < acc6 < acc51 and acc51 > 0.97
    assert rt51 < rt6 < rt0 + 50.0 and rt51 < 0.7 * rt0
    win = np.maximum(r1, r2)
    lose = np.minimum(r1, r2)
    assert np.median(win) > 15.0 and np.median(lose) < 5.0


# ----------------------------------------------------------------------------------------------------------
# Larter-Breakspear


def _lb_rhs(p, i_ext=0.3):
    def f(x):
        v, w, z = x
        m_ca = 0.5 * (1 + np.tanh((v - p.T_Ca) / p.d_Ca))
        m_na = 0.5 * (1 + np.tanh((v - p.T_Na) / p.d_Na))
        m_k = 0.5 * (1 + np.tanh((v - p.T_K) / p.d_K))
        q_v = 0.5 * p.QV_max * (1 + np.tanh((v - p.V_T) / p.d_V))
        q_z = 0.5 * p.QZ_max * (1 + np.tanh((z - p.Z_T) / p.d_Z))
        dv = (-(p.g_Ca + p.r_NMDA * p.a_ee * q_v) * m_ca * (v - p.V_Ca) - p.g_K * w * (v - p.V_K)
              - p.g_L * (v - p.V_L) - (p.g_Na * m_na + p.a_ee * q_v) * (v - p.V_Na) - p.a_ie * z * q_z
              + p.a_ne * i_ext)
        return np.array([dv, p.phi * (m_k - w) / p.tau_K, p.b * (p.a_ni * i_ext + p.a_ei * v * q_v)])

    return f


def test_larter_breakspear_fixed_point_loses_stability_with_d_v():
    """Breakspear, Terry & Friston 2003, Fig. 2 (bifurcation in the spread of excitatory thresholds d_V): at
    d_V = 0.5 the node's equilibrium (solved here from the paper's equations) is stable and the model converges
    to it; at the paper's d_V = 0.65 it is unstable and the node keeps fluctuating (bounded)."""
    n = LarterBreakspearNeuron(d_V=0.5, d_Z=0.5)
    fp = newton(_lb_rhs(n.params), [-0.2, 0.2, 0.2])
    assert np.all(np.linalg.eigvals(jacobian(_lb_rhs(n.params), fp)).real < 0)
    tr = n.simulate(40000)
    assert tr["v"][-1] == pytest.approx(fp[0], abs=1e-6) and tr["z"][-1] == pytest.approx(fp[2], abs=1e-6)
    n = LarterBreakspearNeuron()
    fp = newton(_lb_rhs(n.params), [-0.2, 0.2, 0.2])
    assert np.any(np.linalg.eigvals(jacobian(_lb_rhs(n.params), fp)).real > 0)
    v = n.simulate(60000)["v"][30000:]
    assert np.std(v) > 0.05 and np.all(np.abs(v) < 1.5)
    q = LarterBreakspearNeuron().simulate(60000)["rate"]
    assert np.all((q >= 0) & (q <= 1))


# ----------------------------------------------------------------------------------------------------------
# leaky competing accumulator


def test_lca_linear_fixed_point_and_winner_take_all():
    """Usher & McClelland 2001: without noise and above zero, the two-unit LCA is linear with fixed point
    x1 = (k rho1 - beta rho2)/(k^2 - beta^2) (and 1 <-> 2); it is stable for beta < k. For beta > k the
    difference mode is unstable: with almost equal inputs one unit wins and the other is driven to the floor 0."""
    k, beta = 0.4, 0.2
    n = LeakyCompeteFireNeuron(k=k, beta=beta, sigma=0.0, z=100.0)
    tr = n.simulate(20000, rho0=0.3, rho1=0.2)
    x1 = (k * 0.3 - beta * 0.2) / (k * k - beta * beta)
    x2 = (k * 0.2 - beta * 0.3) / (k * k - beta * beta)
    assert tr["x0"][-1] == pytest.approx(x1, rel=1e-6) and tr["x1"][-1] == pytest.approx(x2, rel=1e-6)
    n = LeakyCompeteFireNeuron(k=0.2, beta=0.6, sigma=0.0, z=100.0)
    tr = n.simulate(20000, rho0=0.3001, rho1=0.3)
    assert tr["x1"][-1] == 0.0 and tr["x0"][-1] == pytest.approx(0.3001 / 0.2, rel=1e-4)
    n = LeakyCompeteFireNeuron(k=0.6, beta=0.2, sigma=0.0, z=100.0)
    tr = n.simulate(20000, rho0=0.3001, rho1=0.3)
    assert tr["x1"][-1] > 0.3  # no winner-take-all when beta < k


def test_lca_choices_follow_the_stronger_input():
    """With noise, the unit with the larger input reaches the threshold first more often, and more so as the
    input difference grows (Usher & McClelland 2001, accuracy vs. stimulus difference)."""
    acc = []
    for d in (0.0, 0.1, 0.5):
        tr = LeakyCompeteFireNeuron(seed=4, sigma=0.3).simulate(60000, rho0=1.0 + d, rho1=1.0)
        dec = tr["decision"]
        acc.append(np.mean(dec[dec > 0] == 1))
        assert np.sum(dec > 0) > 100
    assert abs(acc[0] - 0.5) < 0.1 and acc[0] < acc[1] < acc[2] and acc[2] > 0.8


# ----------------------------------------------------------------------------------------------------------
# escape noise


def test_escape_rate_empirical_rate_equals_hazard():
    """Gerstner et al. 2014, ch. 9.1: with the potential held at u (u_rest = u_reset = u, no input, no refractory
    period) spikes form a Bernoulli process of probability 1 - exp(-rho(u) dt) per step, rho(u) = rho_0
    exp((u - theta)/delta_u): the empirical rate equals it (within 4 standard errors) at three potentials, and
    the inter-spike intervals are geometric (CV ~ 1)."""
    dt = 0.1
    for u in (-60.0, -54.0, -50.0):
        pop = EscapeRateNeuron.population(200, seed=8, u_rest=u, u_reset=u, t_ref=0.0)
        res = pop.run(20000)
        rho = 1.0 * math.exp((u + 50.0) / 2.0)
        pr = -math.expm1(-rho * dt)
        n_trials = 200 * 20000
        se = math.sqrt(pr * (1 - pr) / n_trials)
        assert abs(res.total / n_trials - pr) < 4 * se, (u, res.total / n_trials, pr)
        isi = np.diff(np.nonzero(EscapeRateNeuron(seed=9, u_rest=u, u_reset=u, t_ref=0.0)
                                 .simulate(50000)["spike"])[0])
        assert np.std(isi) / np.mean(isi) == pytest.approx(math.sqrt(1 - pr), abs=0.1)
    out = EscapeRateNeuron(seed=1).step(0.0)
    assert out[1] == pytest.approx(1000.0 * math.exp((-65.0 * (1 - math.exp(-0.01)) - 65.0 * math.exp(-0.01)
                                                      + 50.0) / 2.0), rel=1e-12)
