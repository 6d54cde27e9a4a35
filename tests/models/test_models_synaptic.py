"""Behaviour tests of the synaptic models added in part 1: AlphaNeuron (Rall 1967 alpha-function synapse,
exact integration) and TsodyksMarkramNeuron (Tsodyks & Markram 1997; Tsodyks, Pawelzik & Markram 1998).
The analytic references below are written out independently of the models' propagator helpers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from golden import AlphaNeuron, TsodyksMarkramNeuron
from golden.models.synaptic import exp_conv, exp_conv_t
from golden.models.synaptic.tsodyks_markram import PRESETS

# ----------------------------------------------------------------------------------------------------------
# the propagator helpers against quadrature


@pytest.mark.parametrize("h,tau_in,tau_out", [
    (1.0, 5.0, 20.0), (1.0, 20.0, 5.0), (0.1, 3.0, 40.0), (1.0, 5.0, 5.0), (1.0, 5.0, 5.000001),
    (10.0, 1.0, 40.0), (100.0, 1.0, 2.0), (1000.0, 0.5, 40.0), (1.0, 40.0, 0.1), (0.01, 3.0, 40.0),
])
def test_propagators_against_quadrature(h, tau_in, tau_out):
    def conv(f):
        return quad(lambda s: math.exp(-(h - s) / tau_out) * f(s) / tau_out, 0.0, h, epsabs=0.0, epsrel=1e-13)[0]

    assert exp_conv(h, tau_in, tau_out) == pytest.approx(conv(lambda s: math.exp(-s / tau_in)), rel=1e-13)
    assert exp_conv_t(h, tau_in, tau_out) == pytest.approx(conv(lambda s: s * math.exp(-s / tau_in)), rel=1e-13)


# ----------------------------------------------------------------------------------------------------------
# AlphaNeuron: Rall 1967's alpha function, exactly


def alpha(t, tau):
    return (t / tau) * np.exp(1.0 - t / tau)


def alpha_psp(t, tau_s, tau_v):
    """PSP of a unit alpha current through tau_v v' = -v + i: (e / (tau_s tau_v)) int_0^t s e^{-s/tau_s}
    e^{-(t-s)/tau_v} ds in closed form (tau_s != tau_v), or e t^2 e^{-t/tau} / (2 tau^2) (tau_s == tau_v)."""
    t = np.asarray(t, dtype=float)
    if tau_s == tau_v:
        return math.e * t**2 * np.exp(-t / tau_v) / (2 * tau_v**2)
    k = 1.0 / tau_s - 1.0 / tau_v
    integral = 1.0 / k**2 - np.exp(-k * t) * (t / k + 1.0 / k**2)
    return math.e / (tau_s * tau_v) * np.exp(-t / tau_v) * integral


def one_spike(n, steps, exc=0.0, inh=0.0):
    """Deliver one input spike in the first step, then record ``steps`` steps in all."""
    first = n.step(exc, inh)
    s0 = n.get_state()
    tr = n.simulate(steps - 1)
    assert first == 0 and tr["spike"].sum() == 0
    return {k: np.concatenate([[v0], tr[k]]) for k, v0 in s0.items()}


@pytest.mark.parametrize("dt,tau", [(1.0, 5.0), (0.1, 5.0), (0.25, 2.0), (1.0, 20.0)])
def test_single_spike_current_is_the_alpha_function(dt, tau):
    """Rall 1967: the synaptic current of one input spike is w (t/tau) exp(1 - t/tau): it rises from 0 and
    peaks, at value w, exactly at t = tau. The step ends sample the continuous kernel exactly (the seed's
    first-order exponential jumped to its maximum at the spike instead)."""
    steps = int(round(8 * tau / dt))
    st = one_spike(AlphaNeuron(tau_exc=tau, dt=dt, v_threshold=1e6), steps, exc=2.5)
    t = dt * np.arange(1, steps + 1)  # the state after step k is the state at t = k dt
    np.testing.assert_allclose(st["i_exc"], 2.5 * alpha(t, tau), rtol=1e-12, atol=1e-15)
    k_peak = int(np.argmax(st["i_exc"]))
    assert t[k_peak] == pytest.approx(tau) and st["i_exc"][k_peak] == pytest.approx(2.5, rel=1e-14)
    assert np.all(np.diff(st["i_exc"][: k_peak + 1]) > 0)  # a rising phase: no jump at the spike
    assert st["i_exc"][0] < 2.5 * (dt / tau) * math.e  # starts at w alpha(dt), not at the peak
    # the charge carried is w e tau (integral of the kernel)
    assert np.sum(st["i_exc"]) * dt == pytest.approx(2.5 * math.e * tau, rel=0.02)


@pytest.mark.parametrize("tau_s,tau_v,dt", [(5.0, 20.0, 1.0), (5.0, 20.0, 0.1), (20.0, 20.0, 0.5),
                                             (30.0, 10.0, 1.0)])
def test_psp_is_the_closed_form(tau_s, tau_v, dt):
    """The PSP of one spike is the alpha current filtered by the membrane, in closed form (and by quadrature)."""
    n = AlphaNeuron(tau_exc=tau_s, tau_v=tau_v, dt=dt, v_threshold=1e6)
    steps = int(round(10 * max(tau_s, tau_v) / dt))
    st = one_spike(n, steps, exc=1.0)
    t = dt * np.arange(1, steps + 1)
    np.testing.assert_allclose(st["v"], alpha_psp(t, tau_s, tau_v), rtol=1e-11, atol=1e-15)
    for k in (steps // 7, steps // 3):
        ref = quad(lambda s, tk=t[k]: math.exp(-(tk - s) / tau_v) * alpha(s, tau_s) / tau_v, 0.0, t[k],
                   epsabs=0.0, epsrel=1e-12)[0]
        assert st["v"][k] == pytest.approx(ref, rel=1e-10)


def test_inhibition_is_the_mirrored_alpha_with_its_own_tau():
    n = AlphaNeuron(tau_inh=10.0, v_threshold=1e6)
    st = one_spike(n, 80, inh=0.7)
    t = np.arange(1, 81, dtype=float)
    np.testing.assert_allclose(st["i_inh"], 0.7 * alpha(t, 10.0), rtol=1e-12)
    np.testing.assert_allclose(st["v"], -0.7 * alpha_psp(t, 10.0, 20.0), rtol=1e-11, atol=1e-15)
    assert int(np.argmax(st["i_inh"])) + 1 == 10


def test_exact_integration_does_not_depend_on_dt():
    """Exact propagators: the same spike gives the same trajectory at common times for every dt."""
    vals = {}
    for dt in (1.0, 0.5, 0.1):
        n = AlphaNeuron(dt=dt, v_threshold=1e6)
        st = one_spike(n, int(round(50 / dt)), exc=1.0, inh=0.3)
        every = int(round(1 / dt))
        vals[dt] = (st["v"][every - 1 :: every], st["i_exc"][every - 1 :: every])
    for dt in (0.5, 0.1):
        np.testing.assert_allclose(vals[dt][0], vals[1.0][0], rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(vals[dt][1], vals[1.0][1], rtol=1e-11, atol=1e-14)


def test_superposition_and_firing():
    """Linear synapses: two spikes give the sum of shifted PSPs; a strong enough volley fires and resets."""
    n = AlphaNeuron(v_threshold=1e6)
    ins = np.zeros(60)
    ins[0], ins[7] = 1.0, 0.5
    v = n.simulate(60, exc=ins)["v"]
    t = np.arange(1, 61, dtype=float)
    ref = alpha_psp(t, 5.0, 20.0) + 0.5 * np.where(t > 7, alpha_psp(np.maximum(t - 7, 0.0), 5.0, 20.0), 0.0)
    np.testing.assert_allclose(v, ref, rtol=1e-11, atol=1e-15)
    # with the default threshold 1: one spike of weight 1 stays below (peak PSP ~0.37), three fire once
    peak = alpha_psp(np.linspace(0.01, 40, 4000), 5.0, 20.0).max()
    assert 0.3 < peak < 0.5
    m = AlphaNeuron()
    out = m.simulate(60, exc=np.r_[3.0, np.zeros(59)])
    assert out["spike"].sum() == 1 and out["v"][np.argmax(out["spike"])] == 0.0
    # rate grows with the input rate/weight, from silence
    rates = [AlphaNeuron().simulate(2000, exc=w)["spike"].mean() for w in (0.0, 0.05, 0.1, 0.5, 2.0)]
    assert rates[0] == 0 and rates[1] == 0 and all(a < b for a, b in zip(rates[1:], rates[2:], strict=False))


def test_refractory_holds_v_but_not_the_synapse():
    a = AlphaNeuron(refractory_period=3)
    b = AlphaNeuron(refractory_period=0)
    xs = np.r_[5.0, np.zeros(9)]
    ta, tb = a.simulate(10, exc=xs), b.simulate(10, exc=xs)
    k = int(np.argmax(ta["spike"]))
    assert np.all(ta["v"][k : k + 4] == 0.0)
    np.testing.assert_array_equal(ta["i_exc"], tb["i_exc"])


# ----------------------------------------------------------------------------------------------------------
# TsodyksMarkramNeuron: depression (1997) and facilitation (1998)


def train(rate_hz, duration_ms, dt):
    steps = int(round(duration_ms / dt))
    period = int(round(1000.0 / rate_hz / dt))
    pre = np.zeros(steps)
    pre[::period] = 1.0
    return pre


def psc_amplitudes(neuron, pre):
    """A_SE * r for each presynaptic spike, r = the resources released, read from y before/after the step:
    y_after = E_in (y_before + r)."""
    y0 = neuron.y
    y = neuron.simulate(pre.size, presynaptic_spike=pre)["y"]
    before = np.concatenate([[y0], y[:-1]])
    e_in = math.exp(-neuron.dt / neuron.tau_in)
    k = np.nonzero(pre)[0]
    return neuron.a_se * (y[k] / e_in - before[k])


def stationary_tm97(rate_hz, u_se, tau_rec, a_se):
    """Tsodyks & Markram 1997: stationary amplitude for a regular train (tau_in -> 0)."""
    e = math.exp(-1000.0 / (rate_hz * tau_rec))
    return a_se * u_se * (1.0 - e) / (1.0 - (1.0 - u_se) * e)


def test_depressing_first_two_amplitudes_closed_form():
    n = TsodyksMarkramNeuron(v_threshold=100.0)  # TPM 1998 Fig. 1 depressing set (defaults)
    u, tau_rec, tau_in, a = 0.5, 800.0, 3.0, 250.0
    amp = psc_amplitudes(n, train(20.0, 100.0, 0.1))
    delta = 50.0
    z = u * tau_rec * (math.exp(-delta / tau_rec) - math.exp(-delta / tau_in)) / (tau_rec - tau_in)
    x2 = 1.0 - u * math.exp(-delta / tau_in) - z
    assert amp[0] == pytest.approx(a * u, rel=1e-12)
    assert amp[1] == pytest.approx(a * u * x2, rel=1e-10)


def test_depressing_stationary_amplitude_falls_as_one_over_rate():
    """Tsodyks & Markram 1997 (PNAS 94:719, the limiting frequency): for a regular train the stationary PSC
    amplitude follows A U (1 - e^{-1/(f tau_rec)}) / (1 - (1 - U) e^{-1/(f tau_rec)}); above the limiting
    frequency ~ 1/(U tau_rec) = 2.5 Hz it falls as A / (f tau_rec), so the mean drive f * amplitude saturates
    at A / tau_rec instead of growing with f."""
    u, tau_rec, a = 0.5, 800.0, 250.0
    stat = {}
    for f in (1.0, 5.0, 20.0, 40.0, 80.0):
        n = TsodyksMarkramNeuron(v_threshold=1000.0)
        amp = psc_amplitudes(n, train(f, 6000.0 + 1000.0 / f, 0.1))
        stat[f] = amp[-1]
        assert abs(amp[-1] - amp[-2]) < 1e-4 * amp[-1]  # stationary
        assert stat[f] == pytest.approx(stationary_tm97(f, u, tau_rec, a), rel=0.01)  # tau_in = 3 ms << 1/f
    assert stat[1.0] > 0.8 * a * u  # below the limiting frequency: little depression
    for f in (20.0, 40.0, 80.0):
        assert f * stat[f] / 1000.0 == pytest.approx(a / tau_rec, rel=0.1)  # amplitude ~ A / (f tau_rec)
    assert stat[20.0] / stat[80.0] == pytest.approx(4.0, rel=0.1)
    assert 80.0 * stat[80.0] < 1.1 * 20.0 * stat[20.0]  # 4x the rate, < 10 % more mean drive


def test_facilitating_synapse_increases_successive_amplitudes():
    """Tsodyks, Pawelzik & Markram 1998, Fig. 1 (facilitating pyramid-to-interneuron synapse: U 0.03,
    tau_facil 530 ms, tau_rec 130 ms): under a regular train successive PSCs grow; the depressing set
    makes them shrink."""
    n = TsodyksMarkramNeuron.from_preset("facilitating", v_threshold=1000.0)
    amp = psc_amplitudes(n, train(20.0, 500.0, 0.1))
    assert amp[0] == pytest.approx(1540.0 * 0.03, rel=1e-12)
    assert np.all(np.diff(amp[:6]) > 0) and amp[5] > 2.5 * amp[0]
    d = psc_amplitudes(TsodyksMarkramNeuron.from_preset("depressing", v_threshold=1000.0), train(20.0, 500.0, 0.1))
    assert np.all(np.diff(d[:6]) < 0)
    # facilitation u: decays to 0 between spikes (1998 model), jumps by U (1 - u) at each spike
    m = TsodyksMarkramNeuron.from_preset("facilitating")
    m.step(0.0, 1.0)
    assert m.u == pytest.approx(0.03 * math.exp(-0.1 / 530.0), rel=1e-14)


def test_membrane_psp_and_current_closed_form():
    """The membrane is exact: PSP of one release, and the charging curve under a constant current."""
    n = TsodyksMarkramNeuron(v_threshold=0.0)
    v = n.simulate(2000, presynaptic_spike=np.r_[1.0, np.zeros(1999)])["v"]
    t = 0.1 * np.arange(1, 2001)
    tau_in, tau_m = 3.0, 40.0
    psp = 0.1 * 250.0 * 0.5 * tau_in / (tau_in - tau_m) * (np.exp(-t / tau_in) - np.exp(-t / tau_m))
    np.testing.assert_allclose(v + 65.0, psp, rtol=1e-9, atol=1e-12)
    # constant current: v = v_rest + R I (1 - e^{-t/tau}), first spike at the first step past the crossing
    m = TsodyksMarkramNeuron()
    tr = m.simulate(5000, current=200.0)
    charge = 0.1 * 200.0 * (1.0 - np.exp(-t[:50] / tau_m))
    np.testing.assert_allclose(tr["v"][:50] + 65.0, charge, rtol=1e-12)
    t_cross = -tau_m * math.log(1.0 - 15.0 / 20.0)
    assert int(np.argmax(tr["spike"])) + 1 == math.ceil(t_cross / 0.1)


def test_synapse_exact_for_any_dt():
    """Spike times on a common grid give the same releases for dt = 0.1 and dt = 1 ms (exact propagator)."""
    amps = [psc_amplitudes(TsodyksMarkramNeuron.from_preset("facilitating", dt=dt), train(25.0, 400.0, dt))
            for dt in (0.1, 1.0)]
    np.testing.assert_allclose(amps[0], amps[1], rtol=1e-11)


def test_tm_presets_and_inputs():
    assert PRESETS["depressing"] == {"u_se": 0.5, "tau_rec": 800.0, "tau_facil": 0.0, "tau_in": 3.0, "a_se": 250.0}
    assert TsodyksMarkramNeuron().params == TsodyksMarkramNeuron.from_preset("depressing").params
    with pytest.raises(ValueError, match="unknown preset"):
        TsodyksMarkramNeuron.from_preset("static")
    n = TsodyksMarkramNeuron()
    assert n.step(300.0) == 0 and n.x == 1.0  # step(x) drives `current`; no presynaptic spike by default
    n.step(0.0, 1)
    assert n.x == pytest.approx(0.5, abs=1e-3)


@pytest.mark.parametrize("cls", [AlphaNeuron, TsodyksMarkramNeuron])
def test_reset_below_threshold_is_checked(cls):
    with pytest.raises(ValueError, match="v_reset"):
        cls(v_reset=cls().v_threshold)
