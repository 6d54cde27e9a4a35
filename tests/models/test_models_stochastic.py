"""Behaviour tests of the stochastic (point-process) models and the McCulloch-Pitts unit, against theory.

Models: PoissonNeuron, InhomogeneousPoissonNeuron, GammaRenewalNeuron, GLMNeuron, GalvesLocherbachNeuron,
SpikeResponseNeuron, McCullochPittsNeuron. Every statistical test uses a fixed seed and a tolerance of Z = 5
standard errors, each standard error derived from the sample size in a comment (a false failure then has a
probability below 1e-6 per check). The registry-wide checks (reproducibility per seed, population == scalar
given the same draws) are in tests/test_registry.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from golden import (
    GalvesLocherbachNeuron,
    GammaRenewalNeuron,
    GLMNeuron,
    InhomogeneousPoissonNeuron,
    McCullochPittsNeuron,
    PoissonNeuron,
    SpikeResponseNeuron,
)
from golden.models.stochastic.galves_locherbach import phi

Z = 5.0


def isis(res):
    """Inter-spike intervals (in steps) of every neuron of a population run."""
    order = np.lexsort((res.spike_t, res.spike_i))
    t, i = res.spike_t[order].astype(np.int64), res.spike_i[order]
    d = np.diff(t)
    return d[np.diff(i) == 0]


# ----------------------------------------------------------------------------------------------------------
# Poisson


def test_poisson_rate_isi_cv_and_fano():
    """A binned Poisson process (Dayan & Abbott 2001, ch. 1.4) is a Bernoulli process with p = 1 - exp(-r dt):
    rate p/dt, geometric ISIs with CV = sqrt(1 - p), spike-count Fano factor 1 - p (-> 1 as dt -> 0)."""
    rate, dt, n, steps = 40.0, 1.0, 200, 20000
    p = -math.expm1(-rate * dt * 1e-3)
    res = PoissonNeuron.population(n, seed=123, rate=rate, dt=dt).run(steps)
    # total count ~ Binomial(n steps, p): standard error sqrt(n steps p (1 - p))
    mean = n * steps * p
    assert abs(res.total - mean) < Z * math.sqrt(mean * (1.0 - p))
    # ISI CV: for a near-exponential ISI distribution the delta method gives SE(CV) = 1/sqrt(#ISI)
    d = isis(res)
    assert abs(d.std() / d.mean() - math.sqrt(1.0 - p)) < Z / math.sqrt(d.size)
    # mean ISI 1/p steps, SE = std / sqrt(#ISI)
    assert abs(d.mean() - 1.0 / p) < Z * d.std() / math.sqrt(d.size)
    # Fano factor of counts in windows of w bins: SE ~ F sqrt(2 / (#windows - 1)) (variance of a sample variance)
    w = 100
    counts = np.zeros((n, steps // w))
    np.add.at(counts, (res.spike_i, res.spike_t // w), 1)
    fano = counts.var(ddof=1) / counts.mean()
    assert abs(fano - (1.0 - p)) < Z * (1.0 - p) * math.sqrt(2.0 / (counts.size - 1))
    # the rate input adds to the rate; a negative total is silence
    assert PoissonNeuron.population(50, seed=1, rate=rate).run(2000, input_rate=-rate).total == 0


def test_poisson_seeded_and_independent_of_neighbours():
    """Same seed, same train; different seeds, different trains (the population-of-one equality with the scalar
    form is checked bitwise by the registry tests)."""
    a = PoissonNeuron(seed=5).simulate(5000)["spike"]
    b = PoissonNeuron(seed=5).simulate(5000)["spike"]
    c = PoissonNeuron(seed=6).simulate(5000)["spike"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


# ----------------------------------------------------------------------------------------------------------
# inhomogeneous Poisson


def test_inhomogeneous_poisson_counts_follow_integrated_rate():
    """Counts in a window are a sum of independent Bernoulli(p_t), p_t = 1 - exp(-lambda(t) dt) (Dayan & Abbott
    2001, ch. 1.4): mean sum p_t (~ the integrated rate), variance sum p_t (1 - p_t), across trials."""
    steps, trials, w = 2000, 500, 50
    t = np.arange(steps)
    lam = 40.0 * (1.0 + np.sin(2.0 * np.pi * t / 400.0))  # Hz, 0..80
    p = -np.expm1(-lam * 1e-3)
    res = InhomogeneousPoissonNeuron.population(trials, seed=77).run(steps, rate=lam[:, None])
    counts = np.zeros((trials, steps // w))
    np.add.at(counts, (res.spike_i, res.spike_t // w), 1)
    expect = p.reshape(-1, w).sum(axis=1)
    var = (p * (1.0 - p)).reshape(-1, w).sum(axis=1)
    # mean over trials: SE = sqrt(var / trials) per window
    assert np.all(np.abs(counts.mean(axis=0) - expect) < Z * np.sqrt(var / trials))
    # the integrated rate itself (lambda dt <= 0.08 here, so 1 - e^-x differs from x by < 4 %): within 5 %
    np.testing.assert_allclose(expect, (lam * 1e-3).reshape(-1, w).sum(axis=1), rtol=0.05)
    # across-trial variance of the whole-train count: SE of a sample variance ~ var sqrt(2 / (trials - 1))
    total = counts.sum(axis=1)
    v = (p * (1.0 - p)).sum()
    assert abs(total.var(ddof=1) - v) < Z * v * math.sqrt(2.0 / (trials - 1))


# ----------------------------------------------------------------------------------------------------------
# gamma renewal


def test_gamma_renewal_cv_is_one_over_sqrt_k():
    """Gamma(k) renewal process (Cox 1962): mean ISI 1/r, CV = 1/sqrt(k), for several k."""
    rate, dt, n, steps = 10.0, 1.0, 100, 30000
    for k in (1, 2, 4, 9):
        res = GammaRenewalNeuron.population(n, seed=100 + k, rate=rate, k=k, dt=dt).run(steps)
        d = isis(res)
        cv = 1.0 / math.sqrt(k)
        # delta method for the sample CV of a gamma sample: SE = CV sqrt((1 + CV^2) / (2 n))
        se_cv = cv * math.sqrt((1.0 + cv * cv) / (2.0 * d.size))
        assert abs(d.std() / d.mean() - cv) < Z * se_cv + 1e-3, k  # + binning of the ISIs (< 1e-3 here)
        mean = 1000.0 / (rate * dt)
        assert abs(d.mean() - mean) < Z * mean * cv / math.sqrt(d.size), k


# ----------------------------------------------------------------------------------------------------------
# GLM


def _glm_run(steps, seed, **kw):
    stim = np.random.default_rng(seed).standard_normal(steps)
    return GLMNeuron(seed=seed, **kw).simulate(steps, stimulus=stim)


def test_glm_spike_probability_matches_its_conditional_intensity():
    """Pillow et al. 2008 (the model's likelihood): given the past, the bin's spike is Bernoulli with
    p = 1 - exp(-lambda dt). Binning the bins by predicted p, the spikes in each group sum to sum p within Z
    standard errors sqrt(sum p (1 - p)) (a martingale: the variance holds even with history feedback)."""
    tr = _glm_run(200_000, 3, k_gain=2.0, h2_amp=0.5)
    p = -np.expm1(-tr["intensity"] * 1e-3)
    s = tr["spike"].astype(np.float64)
    edges = np.quantile(p, np.linspace(0.0, 1.0, 11))
    group = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, 9)
    for g in range(10):
        m = group == g
        assert abs(s[m].sum() - p[m].sum()) < Z * math.sqrt((p[m] * (1.0 - p[m])).sum()) + 1.0, g
    assert p.min() < 0.005 and p.max() > 0.1  # the stimulus moves the intensity over a wide range


def test_glm_negative_history_filter_makes_the_neuron_refractory():
    """Pillow et al. 2008 (Fig. 1, the post-spike filter): a negative history filter suppresses firing just after
    a spike (refractoriness); without it the train has no memory of its spikes."""
    steps = 200_000
    for h_amp, refractory in ((-5.0, True), (0.0, False)):
        s = _glm_run(steps, 11, k_gain=0.0, h_amp=h_amp)["spike"].astype(bool)
        rate = s.mean()
        after = s[1:][s[:-1]].mean()  # P(spike at t+1 | spike at t)
        n_after = int(s[:-1].sum())
        if refractory:
            assert after < 0.1 * rate
        else:  # SE of a Bernoulli frequency over n_after trials
            assert abs(after - rate) < Z * math.sqrt(rate * (1.0 - rate) / n_after)


def test_glm_history_buffer_holds_the_filter_shape():
    """The history filter acts on a real buffer: the log intensity after an isolated spike retraces h[j] lag by
    lag (here a slow positive component, which a single decaying trace with the fast time constant could not)."""
    n = GLMNeuron(seed=0, k_gain=0.0, h_amp=-3.0, h_tau=2.0, h2_amp=1.0, h2_tau=20.0, n_h=30)
    base = n.params.mu
    for lag in range(1, 29):
        n.set_state(r_hist=np.roll(np.eye(1, 30, 0).ravel(), lag - 1), x_hist=np.zeros(20))
        _, lam = n.step(0.0)
        j = lag - 1
        expect = -3.0 * math.exp(-j * 1.0 / 2.0) + 1.0 * math.exp(-j * 1.0 / 20.0)
        assert math.log(lam) - base == pytest.approx(expect, abs=1e-12)


# ----------------------------------------------------------------------------------------------------------
# Galves-Loecherbach


def test_galves_locherbach_spike_probability_is_phi_of_potential_and_memory_resets():
    """Galves & Loecherbach 2013: P(X(t) = 1 | past) = phi(U(t)); U sums the inputs since the last spike (leak
    g(s) = leak^(s-1)), so a spike erases the memory."""
    steps = 100_000
    w = np.random.default_rng(9).uniform(-0.3, 0.6, steps)
    n = GalvesLocherbachNeuron(seed=9)
    pr = n.params
    tr = n.simulate(steps, weighted_input=w)
    v_before = np.concatenate([[pr.v0], tr["v"][:-1]])  # the potential each decision used
    s = tr["spike"].astype(bool)
    probs = np.array([phi(v, pr.phi_max, pr.phi_half, pr.phi_slope) for v in v_before])
    edges = np.quantile(v_before, np.linspace(0.0, 1.0, 9))
    group = np.clip(np.searchsorted(edges, v_before, side="right") - 1, 0, 7)
    for g in range(8):
        m = group == g
        # Bernoulli sums: SE = sqrt(sum phi (1 - phi))
        assert abs(s[m].sum() - probs[m].sum()) < Z * math.sqrt((probs[m] * (1.0 - probs[m])).sum()) + 1.0, g
    # memory of variable length: after a spike the potential is this step's input alone, else it leaks
    np.testing.assert_array_equal(tr["v"][s], w[s])
    np.testing.assert_allclose(tr["v"][~s], pr.leak * v_before[~s] + w[~s], rtol=0, atol=1e-12)


# ----------------------------------------------------------------------------------------------------------
# spike response model


def _eps(s, tm, ts):
    return (math.exp(-s / tm) - math.exp(-s / ts)) / (tm - ts) if ts > 0 else math.exp(-s / tm) / tm


def test_srm_psp_follows_its_kernel():
    """Gerstner & Kistler 2002 (ch. 4.2): the response to a brief input is the kernel kappa: a pulse of 1 nA for
    one step gives u(j dt) = R * integral of eps over [j dt, (j+1) dt] (quadrature here), a difference of
    exponentials peaking at tau_m tau_s / (tau_m - tau_s) ln(tau_m / tau_s)."""
    tm, ts, dt, R = 10.0, 2.0, 0.1, 10.0
    n = SpikeResponseNeuron(tau_m=tm, tau_syn=ts, dt=dt, R=R, theta=1000.0, memory=2000)
    x = np.zeros(1500)
    x[0] = 1.0
    u = n.simulate(x.size, input_current=x)["u"]
    ref = np.array([R * quad(_eps, j * dt, (j + 1) * dt, args=(tm, ts), epsabs=0, epsrel=1e-12)[0]
                    for j in range(x.size)])
    np.testing.assert_allclose(u, ref, rtol=1e-9, atol=1e-14)
    t_peak = tm * ts / (tm - ts) * math.log(tm / ts)
    assert abs(np.argmax(u) * dt - t_peak) <= dt
    # linear superposition of PSPs over the input history (the seed had no PSP memory)
    x2 = np.zeros(1500)
    x2[0], x2[100] = 1.0, 2.0
    u2 = SpikeResponseNeuron(tau_m=tm, tau_syn=ts, dt=dt, R=R, theta=1000.0, memory=2000).simulate(
        x2.size, input_current=x2)["u"]
    np.testing.assert_allclose(u2[100:], ref[100:] + 2.0 * ref[:-100], rtol=1e-12, atol=1e-14)


def _lif(x, tau, R, dt, theta, u_reset):
    """Exact LIF for an input held over each step, reset to u_reset (written independently of the model)."""
    a = math.exp(-dt / tau)
    v, us, spikes = 0.0, [], []
    for i in x:
        v = v * a + R * (1.0 - a) * i
        us.append(v)
        spikes.append(v >= theta)
        if v >= theta:
            v = u_reset
    return np.array(us), np.array(spikes)


def test_full_srm_equals_lif_and_srm0_equals_it_until_the_first_spike():
    """Gerstner & Kistler 2002 (ch. 4.2.1): with kappa(t - t_hat, s) = eps(s) H(t - t_hat - s) and
    eta(s) = u_reset exp(-s / tau_m) the SRM is the LIF neuron exactly. SRM0 (kappa independent of t - t_hat)
    coincides with it until the first spike; afterwards it still counts the pre-spike input."""
    tau, R, dt, theta, u_r = 10.0, 10.0, 0.5, 10.0, -5.0
    x = np.random.default_rng(4).uniform(0.0, 3.0, 4000)
    kw = dict(tau_m=tau, R=R, dt=dt, theta=theta, eta0=u_r, tau_eta=tau, memory=400)  # memory 20 tau_m
    full = SpikeResponseNeuron(srm0=0, **kw).simulate(x.size, input_current=x)
    srm0 = SpikeResponseNeuron(srm0=1, **kw).simulate(x.size, input_current=x)
    u_lif, s_lif = _lif(x, tau, R, dt, theta, u_r)
    assert s_lif.sum() > 50
    np.testing.assert_array_equal(full["spike"].astype(bool), s_lif)
    np.testing.assert_allclose(full["u"], u_lif, rtol=0, atol=1e-9)  # memory truncation e^-20 ~ 2e-9 relative
    first = int(np.argmax(s_lif))
    np.testing.assert_array_equal(srm0["u"][: first + 1], full["u"][: first + 1])
    assert srm0["u"][first + 1] > full["u"][first + 1] + 1.0  # the pre-spike PSPs are still there


def test_srm_escape_noise_hazard():
    """Gerstner & Kistler 2002 (ch. 5.3): with escape noise the spike probability per step is
    1 - exp(-rho0 exp((u - theta)/delta_u) dt), checked at a clamped subthreshold potential."""
    steps, dt, rho0, du = 40000, 0.5, 100.0, 2.0
    n = SpikeResponseNeuron(seed=2, delta_u=du, rho0=rho0, dt=dt, eta0=0.0, memory=400)
    tr = n.simulate(steps, input_current=0.8)  # u -> 8 mV < theta = 10 mV; eta0 = 0: no reset effect
    u = tr["u"][1000:]
    p = -np.expm1(-rho0 * np.exp((u - 10.0) / du) * dt * 1e-3)
    s = tr["spike"][1000:]
    assert abs(s.sum() - p.sum()) < Z * math.sqrt((p * (1.0 - p)).sum())
    assert SpikeResponseNeuron(delta_u=0.0, eta0=0.0).simulate(steps, input_current=0.8)["spike"].sum() == 0


# ----------------------------------------------------------------------------------------------------------
# McCulloch-Pitts


def _gate(theta, pairs, inhibition=None):
    """Feed (a, b) excitatory pairs, read the output one synaptic delay later (McCulloch & Pitts 1943)."""
    n = McCullochPittsNeuron(theta=theta)
    out = []
    for k, (a, b) in enumerate(pairs):
        n.step(float(a + b), 0.0 if inhibition is None else float(inhibition[k]))
        out.append(n.step(0.0, 1.0))  # the next step returns the decision; inhibited so it does not fire again
    return out


def test_mcculloch_pitts_logic_gates_with_absolute_inhibition():
    """McCulloch & Pitts 1943: threshold 2 on two unit excitatory inputs is AND, threshold 1 is OR; a unit with
    threshold 0 fires unless inhibited, so its inhibitory input x realises NOT x; one active inhibitory synapse
    vetoes any excitation (absolute inhibition). The output comes one synaptic delay after its inputs."""
    pairs = [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert _gate(2.0, pairs) == [0, 0, 0, 1]
    assert _gate(1.0, pairs) == [0, 1, 1, 1]
    n = McCullochPittsNeuron(theta=0.0)
    assert [(n.step(0.0, float(x)), n.step(0.0, float(x)))[1] for x in (0, 1)] == [1, 0]  # NOT
    assert _gate(1.0, [(50, 50), (1, 1)], inhibition=[1, 0]) == [0, 1]
    n = McCullochPittsNeuron(theta=1.0)
    assert n.step(1.0, 0.0) == 0 and n.step(0.0, 0.0) == 1 and n.step(0.0, 0.0) == 0  # the one-step delay
