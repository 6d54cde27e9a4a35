"""Behaviour tests of the glia models: the Li-Rinzel astrocyte (AstrocyteModel) and the Nadkarni-Jung dressed
neuron (AstrocyteNeuron). Registry-wide checks are in tests/test_registry.py."""

from __future__ import annotations

import numpy as np
import pytest

from golden import AstrocyteModel, AstrocyteNeuron


def _oscillation(ip3, seconds=300.0):
    """(min, max, period in s) of [Ca2+] over the second half of a run at constant IP3."""
    n = AstrocyteModel()
    steps = int(seconds / 0.01)
    c = n.simulate(steps, ip3=ip3)["ca"][steps // 2 :]
    if c.max() - c.min() < 1e-3:
        return c.min(), c.max(), None
    th = 0.5 * (c.min() + c.max())
    up = np.nonzero((c[1:] >= th) & (c[:-1] < th))[0]
    return c.min(), c.max(), float(np.diff(up).mean() * 0.01)


def _hopf_window(p):
    """IP3 values where the linearisation of the Li-Rinzel equations at their steady state has complex
    eigenvalues with positive real part (computed independently of the kernel, by finite differences)."""

    def rhs(ca, h, ip):
        m = ip / (ip + p.d1)
        n = ca / (ca + p.d5)
        j = -p.c1 * (p.v1 * (m * n * h) ** 3 + p.v2) * (ca - (p.c0 - ca) / p.c1) - p.v3 * ca**2 / (ca**2 + p.k3**2)
        q2 = p.d2 * (ip + p.d1) / (ip + p.d3)
        return np.array([j, p.a2 * (q2 * (1 - h) - ca * h)])

    unstable = []
    for ip in np.arange(0.30, 0.70, 0.005):
        lo, hi = 1e-6, p.c0 / (1 + p.c1) - 1e-6  # steady state: bisection on C with h = h_inf(C)
        q2 = p.d2 * (ip + p.d1) / (ip + p.d3)
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if rhs(mid, q2 / (q2 + mid), ip)[0] > 0:
                lo = mid
            else:
                hi = mid
        ca = 0.5 * (lo + hi)
        h = q2 / (q2 + ca)
        e = 1e-7
        jac = np.column_stack(
            [(rhs(ca + e, h, ip) - rhs(ca - e, h, ip)) / (2 * e), (rhs(ca, h + e, ip) - rhs(ca, h - e, ip)) / (2 * e)]
        )
        if np.linalg.eigvals(jac).real.max() > 0:
            unstable.append(ip)
    return min(unstable), max(unstable)


def test_li_rinzel_oscillation_window_and_period():
    """Li & Rinzel 1994 (J. Theor. Biol. 166:461; with the De Young & Keizer 1992 constants of its Table 1):
    [Ca2+] oscillates only for intermediate IP3: the steady state loses stability between two Hopf
    bifurcations (here 0.355 and 0.635 uM, computed from the linearised equations on a 0.005 uM grid), with a
    period of order 10 s that shortens as IP3 rises (frequency encoding of IP3, DYK 1992). Measured: 12.8 s at
    0.4 uM, 11.5 s at 0.5 uM, 11.0 s at 0.6 uM. Below the lower Hopf point (supercritical) there is no
    oscillation; the upper one is subcritical (the cycle from the default initial state persists to ~0.7 uM,
    the bistability reported for this model), so the check above the window is made at 0.9 uM."""
    p = AstrocyteModel().params
    lo, hi = _hopf_window(p)
    assert 0.33 < lo < 0.37 and 0.61 < hi < 0.68
    assert _oscillation(lo - 0.02)[2] is None and _oscillation(0.9)[2] is None
    periods = [_oscillation(ip)[2] for ip in (0.4, 0.5, 0.6)]
    assert all(per is not None and 8.0 < per < 16.0 for per in periods), periods
    assert periods[0] > periods[1] > periods[2]
    cmin, cmax, _ = _oscillation(0.5)
    assert cmin < 0.12 and cmax > 0.4  # Ca2+ spikes from ~0.1 uM to ~0.45 uM


def test_li_rinzel_rk4_converges():
    """RK4 at dt = 0.01 s against dt = 0.001 s: same period within 0.1%."""
    a = AstrocyteModel().simulate(20000, ip3=0.5)["ca"]
    b = AstrocyteModel(dt=0.001).simulate(200000, ip3=0.5)["ca"][9::10]
    assert np.max(np.abs(a - b)) < 2e-3


def test_astrocyte_neuron_spontaneous_bursts_at_astrocyte_period():
    """Nadkarni & Jung 2003 (Phys. Rev. Lett. 91:268101): a neuron "dressed" by an astrocyte whose IP3 level
    lies in the oscillatory window fires spontaneously (no applied current), in bursts locked to the
    astrocyte's Ca2+ oscillation: every Ca2+ rise above ~198 nM injects I_ast = 2.11 ln(Ca/nM - 196.69).
    With IP3* = 0.5 uM and the IP3 feedback off the bursts recur with the Li-Rinzel period at 0.5 uM (11.5 s,
    see AstrocyteModel) within 2%; at the resting IP3* = 0.16 uM the neuron stays silent."""
    dt = 0.05  # 2 sub-steps of 0.025 ms: enough for the spike count here, half the cost of the default
    steps = int(36000 / dt)
    tr = AstrocyteNeuron(ip3_star=0.5, r_ip3=0.0, dt=dt).simulate(steps, input_current=0.0)
    st = np.nonzero(tr["spike"])[0] * dt
    isi = np.diff(st)
    starts = np.r_[st[:1], st[1:][isi > 1000.0]]
    assert starts.size >= 3
    period = np.diff(starts)[-1] / 1000.0
    per_astro = AstrocyteModel().simulate(60000, ip3=0.5)["ca"]
    c = per_astro[30000:]
    th = 0.5 * (c.min() + c.max())
    up = np.nonzero((c[1:] >= th) & (c[:-1] < th))[0]
    assert period == pytest.approx(np.diff(up).mean() * 0.01, rel=0.02)
    assert (isi[isi < 1000.0]).size > 10  # bursts of many spikes
    quiet = AstrocyteNeuron(dt=dt).simulate(int(10000 / dt), input_current=0.0)
    assert quiet["spike"].sum() == 0


def test_astrocyte_neuron_feedback_makes_activity_self_sustained():
    """Nadkarni & Jung 2003: neuronal spikes (V > 50 mV) produce IP3 at 7.2 uM/s, which pushes the astrocyte
    into its active range; the glial current then keeps the neuron firing after the stimulus has ended (the
    paper's epilepsy-like self-sustained activity). Without the feedback (r_ip3 = 0) the same 2 s stimulus
    leaves the neuron silent once it ends."""
    dt = 0.05
    steps = int(20000 / dt)
    i = np.zeros(steps)
    i[: int(2000 / dt)] = 10.0
    tr = AstrocyteNeuron(dt=dt).simulate(steps, input_current=i)
    st = np.nonzero(tr["spike"])[0] * dt
    assert (st < 2000.0).sum() > 50 and (st > 15000.0).sum() > 50
    assert tr["ip3"][-1] > 0.7  # above the oscillatory window: Ca2+ stays high, so does I_ast
    ctrl = AstrocyteNeuron(dt=dt, r_ip3=0.0).simulate(steps, input_current=i)
    assert (np.nonzero(ctrl["spike"])[0] * dt > 2100.0).sum() == 0
