"""Behaviour tests of the AI-optimized models (project-designed, no external publication). Each test checks a
sentence of the model's docstring, in particular the behaviours the seed's description promised but did not
have: learned gates (AttentionGated, Arcane), a one-step forecast (Arcane), phase coupling and a reset
(CompositionalBinding), a meta learning rate that acts on spiking (MetaPlastic), a real window and a
regularity-dependent threshold (SelfReferential), a vectorised ring attractor with a cue (ContinuousAttractor)
and torch training of the surrogate neuron (DifferentiableSurrogate)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden import (
    ArcaneNeuron,
    AttentionGatedNeuron,
    CompositionalBindingNeuron,
    ContinuousAttractorNeuron,
    DifferentiableSurrogateNeuron,
    MetaPlasticNeuron,
    MultiTimescaleNeuron,
    PredictiveCodingNeuron,
    SelfReferentialNeuron,
)
from golden.models.ai_optimized.continuous_attractor import ring_weights
from golden.models.ai_optimized.differentiable_surrogate import surrogate_forward

AI = (ArcaneNeuron, AttentionGatedNeuron, CompositionalBindingNeuron, ContinuousAttractorNeuron,
      DifferentiableSurrogateNeuron, MetaPlasticNeuron, MultiTimescaleNeuron, PredictiveCodingNeuron,
      SelfReferentialNeuron)


@pytest.mark.parametrize("cls", AI, ids=lambda c: c.__name__)
def test_docstring_says_project_designed(cls):
    assert "Project-designed model, no external publication" in cls.__doc__


# ----------------------------------------------------------------------------------------------------------
# ContinuousAttractorNeuron


def _wrap(a):
    return math.remainder(a, 2.0 * math.pi)


def test_ring_attractor_tracks_a_moving_cue_and_remembers_it():
    n = ContinuousAttractorNeuron()
    T = 2000
    errs = []
    for t in range(T):  # one revolution in 2 s
        cue = 2.0 * math.pi * t / T
        spike, pos, peak = n.step(0.0, cue, 2.0)
        errs.append(abs(_wrap(pos - cue)))
    assert max(errs[300:]) < 0.3  # rad: the bump follows the cue after a transient
    last = cue
    for _ in range(1000):  # cue removed: the bump stays where the cue left it
        spike, pos, peak = n.step(0.0)
    assert spike == 1 and peak > 0.8
    assert abs(_wrap(pos - last)) < 0.25
    assert abs(_wrap(n.bump_position() - pos)) < 1e-12


def test_ring_attractor_is_silent_without_cue_and_bump_is_localised():
    n = ContinuousAttractorNeuron()
    tr = n.simulate(500, input_current=0.0)
    assert tr["spike"].sum() == 0 and np.all(n.u == 0.0)
    n.simulate(300, cue_position=1.0, cue_strength=2.0)
    n.simulate(500)  # no cue
    up = np.maximum(n.u, 0.0)
    r = up * up / (1 + up * up)
    active = r > 0.5
    assert 3 <= active.sum() <= n.params.n_units // 2  # a bump, not a uniform state


def test_ring_attractor_kernel_equals_the_dense_matrix_update():
    """The shifted-copy sum is w_ij r_j with the full circulant matrix."""
    p = ContinuousAttractorNeuron.Params(n_units=24)
    n = ContinuousAttractorNeuron(p)
    rng = np.random.default_rng(0)
    u = rng.normal(0.5, 1.0, 24)
    n.set_state(u=u.copy())
    n.step(0.3)
    w = ring_weights(p)
    idx = np.arange(24)
    W = w[(idx[None, :] - idx[:, None]) % 24]  # W[i, j] = w((j - i) mod n)
    up = np.maximum(u, 0.0)
    r = up * up / (1 + up * up)
    ref = u + (p.dt / p.tau) * (W @ r + 0.3 - u)
    np.testing.assert_allclose(n.u, ref, rtol=1e-12, atol=1e-12)


# ----------------------------------------------------------------------------------------------------------
# DifferentiableSurrogateNeuron


def test_surrogate_neuron_fires_on_the_post_input_membrane():
    n = DifferentiableSurrogateNeuron()
    assert n.step(1.0)[0] == 1  # u = 0.9 * 0 + 1.0 >= theta on the first step
    assert n.v == 0.0
    spike, sg = n.step(0.5)
    assert spike == 0 and sg == pytest.approx(0.5 * 5.0 / (1 + 5.0 * 0.5) ** 2)


def test_surrogate_torch_forward_matches_the_golden_kernel():
    import torch
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 0.6, (300, 1))
    s, _ = surrogate_forward(torch.tensor(x), torch.tensor([1.0]), 0.9, 1.0, 5.0)
    n = DifferentiableSurrogateNeuron()
    ref = [n.step(float(v))[0] for v in x[:, 0]]
    assert s.sum() > 10
    np.testing.assert_array_equal(s.numpy(), ref)


def _loss(out, target):
    return ((out - target) ** 2).sum()


def test_surrogate_gradient_equals_finite_difference_of_the_smooth_forward():
    import torch
    rng = np.random.default_rng(2)
    T, m = 60, 3
    x = torch.tensor(rng.uniform(0, 0.5, (T, m)))
    target = torch.tensor(rng.uniform(0, 1, T))
    f64 = torch.float64
    params = {"w": torch.tensor([0.6, 0.4, 0.8], dtype=f64), "alpha": torch.tensor(0.85, dtype=f64),
              "theta": torch.tensor(1.0, dtype=f64)}

    def f(w, alpha, theta):
        s, _ = surrogate_forward(x, w, alpha, theta, 5.0, soft=True)
        return _loss(s, target)

    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    f(**leaves).backward()
    h = 1e-6
    for k, v in params.items():
        flat = v.reshape(-1)
        for i in range(flat.numel()):
            up = {kk: vv.clone() for kk, vv in params.items()}
            dn = {kk: vv.clone() for kk, vv in params.items()}
            up[k].reshape(-1)[i] += h
            dn[k].reshape(-1)[i] -= h
            fd = (f(**up) - f(**dn)).item() / (2 * h)
            g = leaves[k].grad.reshape(-1)[i].item()
            assert abs(g) > 1e-3, f"gradient of {k}[{i}] is zero"
            assert g == pytest.approx(fd, rel=1e-5, abs=1e-8)


def test_surrogate_backward_is_the_fast_sigmoid_derivative_and_training_reduces_a_loss():
    import torch
    # the backward of one spike is beta / (2 (1 + beta |y|)^2)
    y = torch.tensor([-0.7, -0.1, 0.0, 0.3, 2.0], dtype=torch.float64, requires_grad=True)
    s, _ = surrogate_forward(y[:, None] + 1.0, torch.tensor([1.0]), 0.0, 1.0, 5.0)  # alpha 0: u = x
    s.sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), 0.5 * 5.0 / (1 + 5.0 * np.abs(y.detach().numpy())) ** 2)
    # training with the hard forward: gradients through T steps are non-zero and Adam lowers the loss
    rng = np.random.default_rng(3)
    T, m = 200, 4
    x = torch.tensor((rng.random((T, m)) < 0.2).astype(float))
    teacher, _ = surrogate_forward(x, torch.tensor([0.9, 0.1, 0.5, 0.3]), 0.8, 1.0, 5.0)
    kern = torch.tensor([0.8 ** k for k in range(20)], dtype=torch.float64)

    def filt(s):
        return torch.nn.functional.conv1d(s[None, None], kern.flip(0)[None, None], padding=19)[0, 0, :T]

    w = torch.tensor([0.2, 0.6, 0.2, 0.6], requires_grad=True)
    alpha = torch.tensor(0.6, requires_grad=True)
    theta = torch.tensor(1.2, requires_grad=True)
    opt = torch.optim.Adam([w, alpha, theta], lr=0.03)
    losses = []
    for it in range(40):
        opt.zero_grad()
        s, _ = surrogate_forward(x, w, alpha, theta, 5.0)
        loss = _loss(filt(s), filt(teacher))
        loss.backward()
        if it == 0:
            assert all(float(p.grad.abs().sum()) > 0 for p in (w, alpha, theta))
        opt.step()
        losses.append(loss.item())
    assert min(losses[-5:]) < 0.3 * losses[0]


# ----------------------------------------------------------------------------------------------------------
# AttentionGatedNeuron


@pytest.mark.parametrize("inp,direction", [(1.2, +1), (3.0, -1)])
def test_attention_gate_learns_toward_the_target_rate(inp, direction):
    n = AttentionGatedNeuron()
    tr = n.simulate(20000, input_current=inp)
    early, late = tr["spike"][:1000].mean(), tr["spike"][-2000:].mean()
    r_star = n.params.target_rate
    assert abs(late - r_star) < abs(early - r_star)  # the rate moved toward r*
    assert abs(late - r_star) < 0.02
    assert direction * (tr["w_key"][-1] - n.params.w_key) > 0.2  # weak input: gate opens; strong: closes
    fixed = AttentionGatedNeuron(learning_rate=0.0)
    tr0 = fixed.simulate(2000, input_current=inp)
    assert np.all(tr0["w_key"] == fixed.params.w_key)


# ----------------------------------------------------------------------------------------------------------
# ArcaneNeuron


def test_arcane_forecast_learns_to_predict_the_next_membrane_value():
    xs = 0.5 + 0.3 * np.sin(2 * np.pi * np.arange(6000) / 200)
    learn = ArcaneNeuron(gate_lr=0.0).simulate(6000, input_current=xs)
    fixed = ArcaneNeuron(gate_lr=0.0, lr_base=0.0).simulate(6000, input_current=xs)
    err = np.abs(learn["v_fast"][1:] - learn["pred"][:-1])
    err0 = np.abs(fixed["v_fast"][1:] - fixed["pred"][:-1])
    assert err[-500:].mean() < 0.1 * err[:500].mean()
    assert err[-500:].mean() < 0.1 * err0[-500:].mean()
    assert learn["novelty"][-500:].mean() < learn["novelty"][:500].mean()


def test_arcane_gate_habituates_to_predictable_and_opens_to_novel_input():
    calm = ArcaneNeuron().simulate(3000, input_current=0.5)
    assert calm["novelty"][-500:].mean() < 0.5
    assert calm["wg_input"][-1] < ArcaneNeuron.Params().w_gate_input - 0.5
    rng = np.random.default_rng(1)
    jumps = np.repeat(rng.uniform(0, 6, 300), 10)
    busy = ArcaneNeuron().simulate(3000, input_current=jumps)
    assert busy["novelty"].mean() > 0.5
    assert busy["wg_input"][-1] > ArcaneNeuron.Params().w_gate_input + 0.5


# ----------------------------------------------------------------------------------------------------------
# CompositionalBindingNeuron


def _pair(weight, omega2=0.12, T=3000):
    a, b = CompositionalBindingNeuron(), CompositionalBindingNeuron(omega=omega2)
    diff, sa, sb = [], [], []
    for _ in range(T):
        pa, pb = a.phi, b.phi
        s1, p1 = a.step(2.0, pb, weight)
        s2, p2 = b.step(2.0, pa, weight)
        diff.append(p1 - p2)
        sa.append(s1)
        sb.append(s2)
    return np.unwrap(diff), np.array(sa), np.array(sb)


def test_binding_units_lock_in_phase_when_coupled_and_drift_when_not():
    d, sa, sb = _pair(1.0)
    expected = -math.asin((0.12 - 0.1) / (2 * 0.5))  # phi_a - phi_b at lock
    assert np.abs(d[-500:] - expected).max() < 1e-3
    ta, tb = np.nonzero(sa[-1000:])[0], np.nonzero(sb[-1000:])[0]
    assert len(ta) == len(tb) and np.abs(ta - tb).max() <= 1  # the same cycles, within one step
    d0, sa0, sb0 = _pair(0.0)
    assert abs(d0[-1] - d0[-1001]) == pytest.approx(0.02 * 1000, rel=1e-6)  # free drift at omega1 - omega2
    ta0, tb0 = np.nonzero(sa0)[0], np.nonzero(sb0)[0]
    apart = [t for t in ta0 if np.abs(tb0 - t).min() > 1]
    assert len(apart) > len(ta0) // 2  # uncoupled: most spikes of one unit have no partner


def test_binding_fires_once_per_cycle():
    n = CompositionalBindingNeuron()
    tr = n.simulate(3000, input_current=2.0)
    cycles = 3000 * 0.1 / (2 * math.pi)
    assert abs(tr["spike"].sum() - cycles) <= 2
    assert not np.any(tr["spike"][1:] & tr["spike"][:-1])  # never on consecutive steps
    assert CompositionalBindingNeuron().simulate(3000, input_current=0.5)["spike"].sum() == 0  # A < theta


# ----------------------------------------------------------------------------------------------------------
# MetaPlasticNeuron


def test_meta_plastic_reward_moves_the_threshold_and_the_firing():
    plain = MetaPlasticNeuron(lr0=0.0).simulate(5000, input_current=1.5, reward=1.0)
    assert np.all(plain["threshold"] == 1.0)
    up = MetaPlasticNeuron().simulate(5000, input_current=1.5, reward=1.0)
    down = MetaPlasticNeuron().simulate(5000, input_current=1.5, reward=-1.0)
    n0 = plain["spike"][-1000:].sum()
    assert up["spike"][-1000:].sum() > 2 * n0 and down["spike"][-1000:].sum() < n0 / 2
    silent = MetaPlasticNeuron().simulate(3000, input_current=1.5)  # reward 0: nothing learned
    np.testing.assert_array_equal(silent["spike"], plain["spike"][:3000])


def test_meta_learning_rate_sets_the_speed_of_the_spiking_change():
    """Same rewards; the neuron whose average surprise is above its e* has a larger meta learning rate, so its
    threshold and its firing change faster."""
    fast = MetaPlasticNeuron(target_error=0.0).simulate(300, input_current=1.5, reward=-1.0)
    slow = MetaPlasticNeuron(target_error=2.0).simulate(300, input_current=1.5, reward=-1.0)
    assert fast["meta_lr"][-1] > 3 * slow["meta_lr"][-1]
    assert fast["threshold"][-1] - 1.0 > 3 * (slow["threshold"][-1] - 1.0) > 0
    assert fast["spike"][-150:].sum() < slow["spike"][-150:].sum()


# ----------------------------------------------------------------------------------------------------------
# MultiTimescaleNeuron


def test_multi_timescale_memory_of_past_activity_lowers_the_threshold():
    naive = MultiTimescaleNeuron()
    assert naive.simulate(2000, input_current=0.95)["spike"].sum() == 0
    primed = MultiTimescaleNeuron()
    primed.simulate(5000, input_current=5.0)
    tr = primed.simulate(2000, input_current=0.95)
    assert tr["spike"].sum() > 20 and tr["threshold"][0] < 0.95
    # the memory fades with tau_slow: after a long silence the same input no longer drives spikes
    primed.simulate(60000, input_current=0.0)
    assert primed.simulate(2000, input_current=0.95)["spike"].sum() == 0
    p = MultiTimescaleNeuron.Params()
    assert tr["threshold"].min() >= p.theta_base - p.gamma * p.beta * p.alpha / p.dt


# ----------------------------------------------------------------------------------------------------------
# PredictiveCodingNeuron


def test_predictive_coding_answers_changes_not_levels():
    counts = []
    for level in (3.0, 6.0, 12.0):
        n = PredictiveCodingNeuron()
        n.simulate(2000, input_current=1.0)
        tr = n.simulate(600, input_current=level)
        assert tr["spike"][300:].sum() == 0  # constant input: silent once predicted
        counts.append(tr["spike"].sum())
    assert 0 < counts[0] < counts[1] < counts[2]


# ----------------------------------------------------------------------------------------------------------
# SelfReferentialNeuron


def test_self_referential_window_counts_a_spike_for_exactly_window_steps():
    n = SelfReferentialNeuron(window=30)
    while n.step(5.0)[0] == 0:
        pass
    counts = [n.count]
    for _ in range(40):
        n.step(0.0)
        counts.append(n.count)
    assert counts[:30] == [1] * 30 and counts[30:] == [0] * 11


def test_self_referential_regular_firing_raises_the_threshold():
    reg = SelfReferentialNeuron().simulate(3000, input_current=3.0)
    p = SelfReferentialNeuron.Params()
    assert reg["threshold"][-1] > p.theta * (1 + 0.9 * p.regularity_gain)
    off = SelfReferentialNeuron(regularity_gain=0.0).simulate(3000, input_current=3.0)
    assert np.all(off["threshold"] == p.theta) and off["spike"].sum() > reg["spike"].sum()
    rng = np.random.default_rng(0)
    xs = 6.0 * rng.exponential(3.0, 3000) * (rng.random(3000) < 0.3)
    irr = SelfReferentialNeuron().simulate(3000, input_current=xs)
    assert irr["threshold"][-1000:].mean() < reg["threshold"][-1000:].mean() - 0.1


def test_self_referential_rate_slows_integration():
    """tau_eff = tau (1 + r / r*): a neuron with a small r* fires less for the same drive."""
    a = SelfReferentialNeuron(target_rate=1.0, regularity_gain=0.0).simulate(2000, input_current=3.0)
    b = SelfReferentialNeuron(target_rate=0.02, regularity_gain=0.0).simulate(2000, input_current=3.0)
    assert b["spike"].sum() < 0.8 * a["spike"].sum()
