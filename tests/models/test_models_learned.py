"""Behaviour tests of the learned-dynamics models: LiquidTimeConstantNeuron (Hasani et al. 2021, AAAI: Theorems
1 and 2), ClosedFormContinuousNeuron (Hasani et al. 2022, Nat. Mach. Intell.: the CfC closed form),
LearnableNeuronModel (regression fit of its leak, gain and self-excitation), SuperSpikeNeuron (Zenke & Ganguli
2018, Neural Comput.: surrogate, eligibility trace and the online learning of a target spike train)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden import ClosedFormContinuousNeuron, LearnableNeuronModel, LiquidTimeConstantNeuron, SuperSpikeNeuron
from golden.models.learned_dynamics.cfc import cfc_weights
from golden.models.learned_dynamics.superspike import SuperSpikeParams, superspike_surrogate, superspike_train

# ----------------------------------------------------------------------------------------------------------
# LTC (Hasani et al. 2021)


@pytest.mark.parametrize("A", [1.0, -2.0])
@pytest.mark.parametrize("dt", [0.1, 1.0, 50.0])
def test_ltc_state_stays_in_the_theorem_2_range(A, dt):
    """Theorem 2: started in [min(0, A), max(0, A)] the state stays there, for any input and step size."""
    rng = np.random.default_rng(3)
    xs = rng.normal(0.0, 30.0, 3000)
    xs = rng.normal(0.0, 3.0, 3000)
    n = LiquidTimeConstantNeuron(A=A, dt=dt, w_in=1.0, w_rec=0.2)
    x = n.simulate(xs.size, input_current=xs)["x"]
    lo, hi = min(0.0, A), max(0.0, A)
    assert x.min() >= lo and x.max() <= hi
    assert x.max() - x.min() > 0.3 * abs(A)  # the input did move it across much of the range


def test_ltc_time_constant_is_input_dependent_and_within_theorem_1():
    """With a constant f the state relaxes with tau_sys = tau / (1 + tau f) (the LTC equation); Theorem 1 bounds it by
    tau / (1 + tau W) <= tau_sys <= tau. The fused step decays the distance to the fixed point by exactly
    1 / (1 + Delta / tau_sys) per sub-step. A larger input opens the synapse and shortens the time constant."""
    p = dict(tau=10.0, w_rec=0.0, w_in=0.5, gamma_in=2.0, mu_in=1.0, unfolds=1, dt=1.0)
    taus = []
    for inp in (-2.0, 0.0, 1.0, 3.0):
        n = LiquidTimeConstantNeuron(**p)
        f = n.synapse(0.0, inp)
        tau_sys = p["tau"] / (1.0 + p["tau"] * f)
        x_inf = f * n.params.A * tau_sys
        x = n.simulate(200, input_current=inp)["x"]
        d = x_inf - np.concatenate([[0.0], x])
        ratio = d[1:15] / d[:14]
        np.testing.assert_allclose(ratio, 1.0 / (1.0 + p["dt"] / tau_sys), rtol=1e-7)
        assert abs(x[-1] - x_inf) < 1e-6
        assert p["tau"] / (1.0 + p["tau"] * p["w_in"]) <= tau_sys <= p["tau"]
        taus.append(tau_sys)
    assert all(a > b for a, b in zip(taus, taus[1:], strict=False))  # stronger input, shorter time constant
    assert taus[0] / taus[-1] > 3.0


def test_ltc_recurrent_synapse_makes_f_state_dependent():
    """f depends on x through the self synapse: the same input gives a different fixed point with w_rec > 0."""
    a = LiquidTimeConstantNeuron(w_rec=0.0).simulate(500, input_current=1.0)["x"][-1]
    b = LiquidTimeConstantNeuron(w_rec=2.0).simulate(500, input_current=1.0)["x"][-1]
    assert b > a + 0.05


# ----------------------------------------------------------------------------------------------------------
# CfC (Hasani et al. 2022)


def _cfc_reference(w, x, inp, t):
    """The CfC closed form with the heads evaluated by numpy matrix products (independent of the kernel)."""
    z = np.tanh(np.outer(x, w["a"]) + np.outer(inp, w["b"]) + w["c"])
    f = z @ w["wf"] + w["bf"]
    g = np.tanh(z @ w["wg"] + w["bg"])
    h = np.tanh(z @ w["wh"] + w["bh"])
    gate = 1.0 / (1.0 + np.exp(f * t))
    return gate * g + (1.0 - gate) * h, f, g, h


@pytest.mark.parametrize("seed", [0, 7])
def test_cfc_step_is_the_closed_form(seed):
    rng = np.random.default_rng(seed)
    n = ClosedFormContinuousNeuron(head_seed=seed, n_hidden=6)
    w = cfc_weights(n.params)
    xs, ins, ts = rng.uniform(-1, 1, 200), rng.normal(0, 3, 200), rng.uniform(0, 5, 200)
    got = []
    for x, i, t in zip(xs, ins, ts, strict=True):
        n.set_state(x=float(x))
        got.append(n.step(float(i), float(t)))
    ref, *_ = _cfc_reference(w, xs, ins, ts)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-14)


def test_cfc_time_gate_limits_and_monotonicity():
    """At t = 0 the gate is 1/2; as t grows x moves monotonically to h where f > 0 and to g where f < 0."""
    n = ClosedFormContinuousNeuron(head_seed=3, n_hidden=8)
    w = cfc_weights(n.params)
    rng = np.random.default_rng(1)
    signs = set()
    for x0, inp in zip(rng.uniform(-1, 1, 40), rng.normal(0, 3, 40), strict=True):
        _, f, g, h = (v[0] for v in _cfc_reference(w, np.array([x0]), np.array([inp]), np.array([0.0])))
        outs = []
        for t in (0.0, 0.1, 1.0, 10.0, 1e3, 1e6):
            n.set_state(x=float(x0))
            outs.append(n.step(float(inp), t))
        assert outs[0] == pytest.approx((g + h) / 2, abs=1e-12)
        limit = h if f > 0 else g
        assert outs[-1] == pytest.approx(limit, abs=1e-9) or abs(f) < 1e-6
        diffs = np.diff(outs) * np.sign(limit - outs[0])
        assert (diffs >= -1e-15).all()
        signs.add(f > 0)
    assert signs == {True, False}  # both regimes were exercised


def test_cfc_bounded_and_seeded():
    rng = np.random.default_rng(2)
    xs = rng.normal(0, 50, 2000)
    a = ClosedFormContinuousNeuron(head_seed=5).simulate(xs.size, input_current=xs)["x"]
    b = ClosedFormContinuousNeuron(head_seed=5).simulate(xs.size, input_current=xs)["x"]
    c = ClosedFormContinuousNeuron(head_seed=6).simulate(xs.size, input_current=xs)["x"]
    assert np.abs(a).max() < 1.0 and np.isfinite(a).all()
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - c).max() > 0.1


# ----------------------------------------------------------------------------------------------------------
# LearnableNeuronModel


def test_learnable_neuron_fit_recovers_teacher_and_its_spikes():
    """Huys, Ahrens & Paninski 2006: with the spikes known, fitting the one-step membrane prediction is a linear
    regression; a trace of a teacher with other alpha, beta, gamma gives back exactly those values."""
    teacher = LearnableNeuronModel(alpha=0.8, beta=0.3, gamma=0.2)
    rng = np.random.default_rng(0)
    inp = rng.uniform(0.0, 2.0, 400)
    v, s = [teacher.v], []
    for x in inp:
        s.append(teacher.step(float(x)))
        v.append(teacher.v)
    assert 20 < sum(s) < 380
    fitted, loss = LearnableNeuronModel.fit(inp, v, s)
    assert loss[-1] < 1e-12 < loss[0]
    for k, want in (("alpha", 0.8), ("beta", 0.3), ("gamma", 0.2)):
        assert getattr(fitted, k) == pytest.approx(want, abs=1e-5)
    student = LearnableNeuronModel(fitted)
    assert [student.step(float(x)) for x in inp] == s
    naive = LearnableNeuronModel()
    assert [naive.step(float(x)) for x in inp] != s


def test_learnable_neuron_fit_rejects_bad_shapes():
    with pytest.raises(ValueError, match="T \\+ 1"):
        LearnableNeuronModel.fit(np.zeros(5), np.zeros(5), np.zeros(5))


# ----------------------------------------------------------------------------------------------------------
# SuperSpike (Zenke & Ganguli 2018)


def test_superspike_surrogate_is_the_papers_formula():
    p = SuperSpikeParams(beta=0.7)
    n = SuperSpikeNeuron(p)
    rng = np.random.default_rng(4)
    for drive in rng.uniform(-5, 30, 200):
        spike, sg = n.step(float(drive))
        u = n.v if not spike else None
        if u is not None:
            assert sg == pytest.approx((1.0 + 0.7 * abs(u - p.v_threshold)) ** -2, rel=1e-12)
            assert n.surrogate() == pytest.approx(sg, rel=1e-12)
        else:
            assert 0.0 < sg <= 1.0
    assert superspike_surrogate(p.v_threshold, p.v_threshold, 0.7) == 1.0
    assert superspike_surrogate(p.v_threshold + 10.0, p.v_threshold, 0.7) == pytest.approx(1 / 64)


def test_superspike_eligibility_is_alpha_filtered_surrogate_times_psp():
    """Sub-threshold constant drive and constant PSP: lambda -> sigma'(U_inf) psp (the alpha kernel has unit DC
    gain), and it rises without a jump (the rise filter comes first)."""
    p = SuperSpikeParams(dt=0.5)
    n = SuperSpikeNeuron(p)
    tr = n.simulate(4000, input_current=6.0, psp=2.0)
    u_inf = p.v_rest + 6.0
    assert tr["spike"].sum() == 0
    assert tr["eligibility"][-1] == pytest.approx(2.0 * (1 + p.beta * abs(u_inf - p.v_threshold)) ** -2, rel=1e-6)
    assert tr["eligibility"][0] < 0.01 * tr["eligibility"][-1]


def test_superspike_learns_a_target_spike_train():
    """The paper's first task in miniature: one neuron, 100 frozen Poisson inputs (20 Hz, 500 ms), four target
    spikes. The online rule reduces the van Rossum loss and places an output spike near each target time."""
    p = SuperSpikeParams(dt=1.0)
    rng = np.random.default_rng(0)
    T, N = 500, 100
    x = (rng.random((T, N)) < 20e-3 * p.dt).astype(float)
    target_t = [100, 200, 300, 400]
    tgt = np.zeros(T)
    tgt[target_t] = 1
    w0 = rng.normal(0.5, 0.5, N)
    still = superspike_train(x, tgt, w0, epochs=2, learning_rate=0.0, params=p)  # no learning, no change
    assert still.loss[0] == still.loss[1]
    np.testing.assert_array_equal(still.weights, w0)
    res = superspike_train(x, tgt, w0, epochs=60, learning_rate=10.0, params=p)
    assert res.loss[-5:].mean() < 0.3 * still.loss[0]
    out_t = np.nonzero(res.output)[0]
    assert all(np.min(np.abs(out_t - t)) <= 5 for t in target_t), out_t
    assert len(out_t) <= 6


def test_superspike_train_membrane_matches_the_golden_kernel():
    """superspike_train's neuron is the golden SuperSpikeNeuron driven by w . c."""
    p = SuperSpikeParams(dt=1.0)
    rng = np.random.default_rng(5)
    T, N = 300, 20
    x = (rng.random((T, N)) < 0.05).astype(float)
    w = rng.normal(3.0, 1.0, N)
    res = superspike_train(x, np.zeros(T), w, params=p)
    c = np.zeros(N)
    d_s = math.exp(-p.dt / p.tau_syn)
    n = SuperSpikeNeuron(p)
    out = []
    for t in range(T):
        c = c * d_s + x[t]
        out.append(n.step(float(w @ c))[0])
    assert sum(out) > 3
    np.testing.assert_array_equal(res.output, out)
