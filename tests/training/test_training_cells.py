"""The ten training cells against the golden models (same parameters, same input, float64): identical spike
trains and state trajectories, resets included; where no golden model integrates the same equations
(SynapticCell, SecondOrderLIFCell) against the equations written out here. Plus one documented behaviour per
cell, gradients reaching the learnable parameters, parameter validation, dtype and device handling."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from golden import (
    AdExNeuron,
    AlphaNeuron,
    EPropALIFNeuron,
    LapicqueNeuron,
    PerfectIntegratorNeuron,
    StochasticLIFNeuron,
)
from golden.models.integrate_and_fire.adex import ADEX_PRESETS
from golden.models.synaptic import exp_conv
from golden.training import (
    CELLS,
    AdExCell,
    ALIFCell,
    AlphaCell,
    ExpIFCell,
    IFCell,
    LapicqueCell,
    LIFCell,
    RecurrentLIFCell,
    SecondOrderLIFCell,
    SynapticCell,
)

F64 = torch.float64
TOL = 1e-9
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def golden_run(neurons, inputs, fields):
    """Step each golden neuron with its column of each input array; (spikes (T, N), {field: (T, N)})."""
    steps, n = inputs[0].shape
    spikes = np.zeros((steps, n))
    traces = {f: np.zeros((steps, n)) for f in fields}
    for j, nrn in enumerate(neurons):
        for t in range(steps):
            spikes[t, j] = nrn.step(*(float(x[t, j]) for x in inputs))
            st = nrn.get_state()
            for f, g in fields.items():
                traces[f][t, j] = st[g]
    return spikes, traces


def cell_run(cell, x, *extra):
    """Run a cell over (T, N) float64 arrays; (spikes, {state field: trace}) as numpy."""
    spikes, traces = cell.simulate(torch.from_numpy(x), None, *(torch.from_numpy(e) for e in extra))
    return spikes.detach().numpy(), {k: v.detach().numpy() for k, v in traces.items()}


def assert_same(cell_out, gold_out, fields, min_spikes=5):
    s_c, tr_c = cell_out
    s_g, tr_g = gold_out
    np.testing.assert_array_equal(s_c, s_g)
    assert s_g.sum(axis=0).min() >= min_spikes, "the comparison must include spikes and resets in every neuron"
    for f in fields:
        np.testing.assert_allclose(tr_c[f], tr_g[f], rtol=0, atol=TOL, err_msg=f)


def test_catalogue_names():
    assert sorted(CELLS) == sorted(["LIFCell", "IFCell", "SynapticCell", "ALIFCell", "RecurrentLIFCell", "ExpIFCell",
                                    "AdExCell", "LapicqueCell", "AlphaCell", "SecondOrderLIFCell"])


# ------------------------------------------------------------------------------------------------ golden matches
def test_lif_cell_equals_stochastic_lif_without_noise():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 0.16, (300, 4))
    cell = LIFCell(leak=1.0 / 20.0, threshold=1.0, v_rest=0.1, v_reset=-0.2)
    gold = [StochasticLIFNeuron(v_rest=0.1, v_reset=-0.2, v_threshold=1.0, tau_mem=20.0, dt=1.0, noise_std=0.0)
            for _ in range(4)]
    assert_same(cell_run(cell, x), golden_run(gold, [x], {"v": "v"}), ["v"])


def test_if_cell_equals_perfect_integrator_including_multiple_crossings():
    rng = np.random.default_rng(1)
    x = rng.uniform(-0.2, 0.6, (300, 3))
    x[rng.random(x.shape) < 0.03] = 4.2  # several thresholds in one step: the modulo branch of the reset
    cell = IFCell(threshold=1.5, v_reset=-0.5)
    gold = [PerfectIntegratorNeuron(C=0.1, dt=0.1, v_threshold=1.5, v_reset=-0.5) for _ in range(3)]
    assert_same(cell_run(cell, x), golden_run(gold, [x], {"v": "v"}), ["v"])


def test_alif_cell_equals_eprop_alif():
    rng = np.random.default_rng(2)
    x = rng.uniform(0.0, 0.3, (400, 3))
    kw = {"tau_m": 20.0, "tau_a": 200.0, "v_th": 1.0, "beta": 0.5, "t_ref": 3.0, "dt": 1.0}
    cell = ALIFCell(**kw)
    gold = [EPropALIFNeuron(gamma_pd=0.3, **kw) for _ in range(3)]
    fields = {"v": "v", "a": "a", "z": "z", "refractory": "refractory"}
    assert_same(cell_run(cell, x), golden_run(gold, [x], fields), list(fields))


def test_recurrent_lif_cell_equals_coupled_golden_lif_neurons():
    n, steps = 5, 300
    rng = np.random.default_rng(3)
    torch.manual_seed(0)
    cell = RecurrentLIFCell(n, leak=0.05, threshold=1.0, v_rest=0.0, v_reset=0.0, w_scale=1.5)
    w = cell.weight.detach().numpy()
    x = rng.uniform(0.03, 0.15, (steps, n))
    s_c, tr_c = cell_run(cell, x)
    gold = [StochasticLIFNeuron(tau_mem=20.0, dt=1.0, noise_std=0.0) for _ in range(n)]
    s_prev = np.zeros(n)
    s_g, v_g = np.zeros((steps, n)), np.zeros((steps, n))
    for t in range(steps):
        drive = x[t] + w @ s_prev
        s_prev = np.array([g.step(float(drive[j])) for j, g in enumerate(gold)], dtype=float)
        s_g[t], v_g[t] = s_prev, [g.v for g in gold]
    np.testing.assert_array_equal(s_c, s_g)
    assert s_g.sum(axis=0).min() >= 5
    np.testing.assert_allclose(tr_c["v"], v_g, rtol=0, atol=TOL)


@pytest.mark.parametrize("order", [1, 2])
def test_expif_cell_equals_adex_without_adaptation(order):
    rng = np.random.default_rng(4)
    x = rng.uniform(0.0, 3.0, (1500, 3))  # uA/cm^2; rheobase g_L (V_T - E_L - Delta_T) = 0.162
    kw = {"C": 1.0, "g_L": 0.1, "E_L": -65.0, "V_T": -59.9, "Delta_T": 3.48, "V_peak": -30.0, "V_r": -68.0,
          "dt": 0.1, "order": order}
    cell = ExpIFCell(**kw)
    gold = [AdExNeuron(a=0.0, b=0.0, tau_w=100.0, **kw) for _ in range(3)]
    assert_same(cell_run(cell, x), golden_run(gold, [x], {"v": "v"}), ["v"])


@pytest.mark.parametrize("order", [1, 2])
def test_adex_cell_equals_adex(order):
    rng = np.random.default_rng(5)
    x = rng.uniform(300.0, 1500.0, (2000, 3))  # pA
    cell = AdExCell(order=order)
    gold = [AdExNeuron(order=order) for _ in range(3)]
    assert_same(cell_run(cell, x), golden_run(gold, [x], {"v": "v", "w": "w"}), ["v", "w"])


def test_lapicque_cell_equals_lapicque():
    rng = np.random.default_rng(6)
    x = rng.uniform(1.0, 4.0, (600, 3))  # nA; rheobase (V_th - V_rest)/R = 1.5 nA
    cell = LapicqueCell(t_ref=2.0, dt=0.1)
    gold = [LapicqueNeuron(t_ref=2.0, dt=0.1) for _ in range(3)]
    fields = {"v": "v", "refractory": "refractory"}
    assert_same(cell_run(cell, x), golden_run(gold, [x], fields), list(fields))


def test_alpha_cell_equals_alpha_neuron():
    rng = np.random.default_rng(7)
    exc = (rng.random((400, 3)) < 0.4) * rng.uniform(0.3, 1.0, (400, 3))
    inh = (rng.random((400, 3)) < 0.1) * 0.5
    kw = {"tau_v": 20.0, "tau_exc": 5.0, "tau_inh": 10.0, "dt": 1.0, "refractory_period": 2, "v_reset": -0.1}
    cell = AlphaCell(**kw)
    gold = [AlphaNeuron(**kw) for _ in range(3)]
    fields = {f: f for f in ("v", "refractory", "x_exc", "i_exc", "x_inh", "i_inh")}
    assert_same(cell_run(cell, exc, inh), golden_run(gold, [exc, inh], fields), list(fields))


# ---------------------------------------------------------------------------- hand-written references (no golden)
def test_synaptic_cell_equals_its_equations():
    rng = np.random.default_rng(8)
    x = rng.uniform(-0.02, 0.05, (300, 4))
    alpha, leak, th, v_rest, v_reset = 0.9, 0.1, 1.0, 0.05, -0.1
    i, v = np.zeros(4), np.full(4, v_rest)
    s_ref, v_ref, i_ref = [], [], []
    for t in range(300):
        i = alpha * i + x[t]
        v_next = v + leak * (v_rest - v) + i
        s = v_next >= th
        v = np.where(s, v_reset, v_next)
        s_ref.append(s.astype(float))
        v_ref.append(v)
        i_ref.append(i)
    s_c, tr = cell_run(SynapticCell(alpha=alpha, leak=leak, threshold=th, v_rest=v_rest, v_reset=v_reset), x)
    np.testing.assert_array_equal(s_c, np.array(s_ref))
    assert np.array(s_ref).sum(axis=0).min() >= 5
    np.testing.assert_allclose(tr["v"], np.array(v_ref), rtol=0, atol=TOL)
    np.testing.assert_allclose(tr["i"], np.array(i_ref), rtol=0, atol=TOL)


def test_second_order_lif_cell_equals_its_exact_propagator():
    rng = np.random.default_rng(9)
    x = (rng.random((400, 3)) < 0.2) * rng.uniform(0.0, 1.5, (400, 3))
    tm, ts, dt, th, v_reset = 10.0, 4.0, 0.5, 1.0, -0.2
    e_m, e_s, prop = math.exp(-dt / tm), math.exp(-dt / ts), exp_conv(dt, ts, tm)
    i, v = np.zeros(3), np.zeros(3)
    s_ref, v_ref = [], []
    for t in range(400):
        i = i + x[t]
        v = e_m * v + prop * i
        i = e_s * i
        s = v >= th
        v = np.where(s, v_reset, v)
        s_ref.append(s.astype(float))
        v_ref.append(v)
    s_c, tr = cell_run(SecondOrderLIFCell(tau_mem=tm, tau_syn=ts, dt=dt, threshold=th, v_reset=v_reset), x)
    np.testing.assert_array_equal(s_c, np.array(s_ref))
    assert np.array(s_ref).sum(axis=0).min() >= 5
    np.testing.assert_allclose(tr["v"], np.array(v_ref), rtol=0, atol=TOL)


# ------------------------------------------------------------------------------------------- documented behaviour
@pytest.mark.parametrize("tm,ts", [(10.0, 4.0), (5.0, 5.0), (3.0, 12.0)])
def test_second_order_psp_is_the_difference_of_exponentials(tm, ts):
    # one input of weight w at t = 0 from rest: v(t) = w ts/(ts - tm) (exp(-t/ts) - exp(-t/tm)), or
    # w t/tau exp(-t/tau) when ts = tm; sampled exactly at every step end, peak at ts tm/(ts - tm) ln(ts/tm)
    dt, w, steps = 0.25, 0.7, 200
    x = np.zeros((steps, 1))
    x[0, 0] = w
    _, tr = cell_run(SecondOrderLIFCell(tau_mem=tm, tau_syn=ts, dt=dt, threshold=10.0), x)
    t = dt * np.arange(1, steps + 1)
    if ts == tm:
        want = w * t / tm * np.exp(-t / tm)
        t_peak = tm
    else:
        want = w * ts / (ts - tm) * (np.exp(-t / ts) - np.exp(-t / tm))
        t_peak = ts * tm / (ts - tm) * math.log(ts / tm)
    np.testing.assert_allclose(tr["v"][:, 0], want, rtol=1e-12, atol=1e-15)
    assert abs(t[np.argmax(tr["v"][:, 0])] - t_peak) <= dt


def test_synaptic_cell_psp_rises_then_decays():
    # with a synaptic current the response to one input keeps rising after the input step (second order),
    # while the LIF cell's response jumps and then decays (first order)
    x = np.zeros((60, 1))
    x[0, 0] = 0.1
    _, syn = cell_run(SynapticCell(alpha=0.9, leak=0.1, threshold=5.0), x)
    _, lif = cell_run(LIFCell(leak=0.1, threshold=5.0), x)
    assert np.argmax(syn["v"][:, 0]) > 5 and np.argmax(lif["v"][:, 0]) == 0
    # the discrete convolution of the current alpha^k w with the membrane's (1 - leak)^m response
    ref = np.array([sum((1 - 0.1) ** (m - k) * 0.9 ** k * 0.1 for k in range(m + 1)) for m in range(60)])
    np.testing.assert_allclose(syn["v"][:, 0], ref, rtol=1e-12)


def test_lif_rheobase_and_isi():
    # constant I: v -> v_inf = v_rest + I/leak; the cell fires iff v_inf > threshold; the discrete ISI is the
    # first n with v_inf (1 - (1-leak)^n) >= threshold (from v_reset = v_rest = 0)
    leak, th = 0.1, 1.0
    for current, fires in ((0.0999, False), (0.1001, True), (0.2, True)):
        s, _ = cell_run(LIFCell(leak=leak, threshold=th), np.full((400, 1), current))
        assert bool(s.sum()) is fires
    s, _ = cell_run(LIFCell(leak=leak, threshold=th), np.full((200, 1), 0.2))
    v_inf = 0.2 / leak
    isi = math.ceil(math.log(1 - th / v_inf) / math.log(1 - leak))
    assert np.all(np.diff(np.flatnonzero(s[:, 0])) == isi)


def test_if_cell_count_is_i_t_over_span():
    # reset by subtraction keeps the phase: count over T steps = floor(I T / span) for any I < span
    # (dyadic currents: exact arithmetic, exact count; others: rounding may lose the last spike)
    for current in (0.015625, 0.375, 0.9990234375):
        s, _ = cell_run(IFCell(threshold=1.0, v_reset=0.0), np.full((1024, 1), current))
        assert s.sum() == math.floor(current * 1024)
    for current in (0.013, 0.37, 0.999):
        s, _ = cell_run(IFCell(threshold=1.5, v_reset=-0.5), np.full((1000, 1), current))
        assert abs(s.sum() - current * 1000 / 2.0) <= 1.0


def test_alif_spike_frequency_adaptation():
    # Bellec et al. 2018/2020: each spike raises the threshold by beta, decaying with tau_a: under constant input
    # the inter-spike intervals lengthen; without adaptation (beta = 0) they stay constant
    x = np.full((600, 1), 0.12)
    s, _ = cell_run(ALIFCell(beta=1.0, tau_a=200.0, t_ref=0.0), x)
    isi = np.diff(np.flatnonzero(s[:, 0]))
    assert isi[-1] >= 2 * isi[0] and np.all(np.diff(isi) >= 0)
    s0, _ = cell_run(ALIFCell(beta=0.0, t_ref=0.0), x)
    assert np.ptp(np.diff(np.flatnonzero(s0[:, 0]))) <= 1


def test_expif_rheobase():
    # Fourcaud-Trocme et al. 2003: repetitive firing iff I > I_th = g_L (V_T - E_L - Delta_T)
    i_th = 0.1 * (-59.9 + 65.0 - 3.48)
    x = np.tile([0.95 * i_th, 1.2 * i_th], (4000, 1))  # 400 ms
    s, _ = cell_run(ExpIFCell(), x)
    assert s[:, 0].sum() == 0 and s[:, 1].sum() >= 3


def test_adex_adapting_preset_lengthens_isis():
    # Naud et al. 2008 (Table 1, Fig. 4 "adaptation"): step current, the ISIs grow and settle
    p = ADEX_PRESETS["adapting"]
    cell = AdExCell(**p["params"])
    s, tr = cell_run(cell, np.full((3000, 1), p["current"]))
    isi = np.diff(np.flatnonzero(s[:, 0]))
    assert len(isi) >= 5 and isi[-1] > 2 * isi[0]
    assert tr["w"][-1, 0] > 0


def test_lapicque_isi_formula():
    # constant I > I_rh: ISI = t_ref + tau_m ln(R I / (R I - (V_th - V_rest))) (to the time step)
    cell = LapicqueCell(t_ref=2.0, dt=0.1)
    current = 2.5
    s, _ = cell_run(cell, np.full((3000, 1), current))
    isi_ms = np.diff(np.flatnonzero(s[:, 0])) * 0.1
    want = 2.0 + 10.0 * math.log(10.0 * current / (10.0 * current - 15.0))
    assert len(isi_ms) >= 10 and np.all(np.abs(isi_ms - want) <= 0.1 + 1e-9)


def test_alpha_cell_current_is_rall_alpha():
    # one excitatory spike of weight w: i_exc(k dt) = w (t/tau) exp(1 - t/tau), peak w at t = tau (Rall 1967)
    exc = np.zeros((40, 1))
    exc[0, 0] = 0.6
    _, tr = cell_run(AlphaCell(tau_exc=5.0, dt=1.0, v_threshold=10.0), exc)
    t = np.arange(1, 41, dtype=float)
    np.testing.assert_allclose(tr["i_exc"][:, 0], 0.6 * t / 5.0 * np.exp(1 - t / 5.0), rtol=1e-12)
    assert t[np.argmax(tr["i_exc"][:, 0])] == 5.0


def test_recurrent_connection_acts_one_step_later():
    cell = RecurrentLIFCell(2, leak=0.1, threshold=1.0, w_scale=0.0)
    with torch.no_grad():
        cell.weight.zero_()
        cell.weight[1, 0] = 1.5  # neuron 0 -> neuron 1, strong enough to fire it alone
    x = np.zeros((10, 2))
    x[3, 0] = 2.0
    s, _ = cell_run(cell, x)
    assert np.flatnonzero(s[:, 0]).tolist() == [3] and np.flatnonzero(s[:, 1]).tolist() == [4]


# --------------------------------------------------------------------------------- gradients, dtypes, validation
def _drive(cls):
    """(cell, input (T, N) float64, extra inputs) that makes the cell spike."""
    rng = np.random.default_rng(11)
    if cls is RecurrentLIFCell:
        return cls(4), rng.uniform(0.0, 0.15, (80, 4))
    if cls in (ExpIFCell,):
        return cls(), rng.uniform(1.0, 3.0, (300, 4))
    if cls is AdExCell:
        return cls(), rng.uniform(500.0, 1500.0, (300, 4))
    if cls is LapicqueCell:
        return cls(), rng.uniform(2.0, 4.0, (300, 4))
    if cls is AlphaCell:
        return cls(), (rng.random((80, 4)) < 0.5) * 0.8
    if cls is SecondOrderLIFCell:
        return cls(), rng.uniform(0.0, 0.8, (80, 4))
    return cls(), rng.uniform(0.0, 0.3, (80, 4))


@pytest.mark.parametrize("name", sorted(CELLS))
def test_learnable_parameters_get_finite_gradients(name):
    cls = CELLS[name]
    base, x = _drive(cls)
    flags = {flag: True for flag in cls.learnable}
    kwargs = {"n": 4} if cls is RecurrentLIFCell else {}
    cell = cls(**kwargs, **flags)
    names = [p for params in cls.learnable.values() for p in params]
    # a learnable parameter starts at the same value as the fixed one
    for p in names:
        holder_a = cell.lif if cls is RecurrentLIFCell else cell
        holder_b = base.lif if cls is RecurrentLIFCell else base
        np.testing.assert_allclose(holder_a.p(p).detach().numpy(), holder_b.p(p).numpy(), rtol=1e-12)
    xin = torch.from_numpy(x).requires_grad_(True)
    s, tr = cell.simulate(xin)
    assert s.sum() > 0
    (s.sum() + 0.01 * tr["v"].sum()).backward()
    params = dict(cell.named_parameters())
    assert len(params) >= len(names)
    for pname, prm in params.items():
        assert prm.grad is not None and torch.isfinite(prm.grad).all(), pname
        assert prm.grad.abs().sum() > 0, pname
    assert torch.isfinite(xin.grad).all() and xin.grad.abs().sum() > 0


def test_spike_gradient_is_the_surrogate_derivative():
    # one LIF step from rest: ds/dI = f'((I - threshold)/norm) / norm, with norm = threshold - v_rest
    cell = LIFCell(leak=0.2, threshold=1.0, v_rest=0.0, surrogate="arctan", scale=2.0)
    x = torch.tensor([0.3, 0.9, 1.0, 1.4], dtype=F64, requires_grad=True)
    s, _ = cell(x)
    s.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), cell.spike_fn.grad(x.detach() - 1.0).numpy(), rtol=1e-14)
    assert s.tolist() == [0.0, 0.0, 1.0, 1.0]


def test_detach_reset_changes_gradients_not_values():
    x = torch.from_numpy(np.random.default_rng(12).uniform(0.0, 0.4, (50, 3)))
    out = []
    for detach in (True, False):
        xi = x.clone().requires_grad_(True)
        s, tr = LIFCell(leak=0.1, v_reset=-0.3, detach_reset=detach).simulate(xi)
        tr["v"].sum().backward()
        out.append((s.detach(), tr["v"].detach(), xi.grad.clone()))
    assert torch.equal(out[0][0], out[1][0]) and torch.equal(out[0][1], out[1][1])
    assert not torch.allclose(out[0][2], out[1][2])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(CELLS))
def test_cells_keep_dtype_and_device(name, device):
    cls = CELLS[name]
    cell, x = _drive(cls)
    cell = cell.to(device)
    x32 = torch.from_numpy(x[:20]).to(device=device, dtype=torch.float32)
    s, tr = cell.simulate(x32)
    assert s.dtype == torch.float32 and s.device.type == device
    assert all(v.dtype == torch.float32 and v.device.type == device for v in tr.values())
    s64, _ = cell.simulate(x32.double())
    assert s64.dtype == F64


@pytest.mark.parametrize("cls,kwargs,name", [
    (LIFCell, {"leak": 0.0}, "leak"), (LIFCell, {"leak": 1.5}, "leak"), (LIFCell, {"v_reset": 2.0}, "v_reset"),
    (LIFCell, {"leak": 1.0, "learn_decay": True}, "leak"), (IFCell, {"threshold": math.nan}, "threshold"),
    (SynapticCell, {"alpha": 1.0}, "alpha"), (ALIFCell, {"tau_m": -1.0}, "tau_m"), (ALIFCell, {"beta": -0.1}, "beta"),
    (RecurrentLIFCell, {"n": 0}, "n"), (ExpIFCell, {"Delta_T": 0.0}, "Delta_T"), (ExpIFCell, {"dt": 5.0}, "dt"),
    (AdExCell, {"V_peak": -60.0}, "V_peak"), (AdExCell, {"order": 3}, "order"), (LapicqueCell, {"R": 0.0}, "R"),
    (LapicqueCell, {"V_th": -70.0}, "V_th"), (AlphaCell, {"tau_exc": 0.0}, "tau_exc"),
    (AlphaCell, {"refractory_period": 1.5}, "refractory_period"), (SecondOrderLIFCell, {"tau_syn": 0.0}, "tau_syn"),
])
def test_bad_parameters_name_themselves(cls, kwargs, name):
    with pytest.raises(ValueError, match=name):
        cls(**kwargs)


def test_per_neuron_parameters_broadcast():
    cell = LIFCell(leak=[0.1, 0.2], threshold=[1.0, 2.0])
    s, _ = cell.simulate(torch.full((30, 2), 0.3, dtype=F64))
    # neuron 0: v_inf 3 > 1; neuron 1: v_inf 1.5 < 2 (silent)
    assert s[:, 0].sum() > 0 and s[:, 1].sum() == 0
