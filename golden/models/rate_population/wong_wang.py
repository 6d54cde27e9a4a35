"""Reduced two-variable decision model (Wong & Wang 2006)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class WongWangParams(ParamSet):
    a: float = positive(270.0, "Hz/nA", "gain of the input-output function H")
    b: float = param(108.0, units="Hz", lo=-1e4, hi=1e4, doc="offset of H")
    d: float = positive(0.154, "s", "curvature of H")
    gamma: float = positive(0.641, "", "NMDA saturation factor")
    tau_s: float = positive(100.0, "ms", "NMDA gating time constant")
    tau_ampa: float = positive(2.0, "ms", "time constant of the background (AMPA) noise")
    J_self: float = param(0.2609, units="nA", lo=0.0, hi=10.0, doc="self-excitation J_N,11 = J_N,22")
    J_cross: float = param(0.0497, units="nA", lo=0.0, hi=10.0, doc="cross-inhibition J_N,12 = J_N,21 (enters "
                           "with minus)")
    I_0: float = param(0.3255, units="nA", lo=-10.0, hi=10.0, doc="background current")
    J_ext: float = param(5.2e-4, units="nA/Hz", lo=0.0, hi=1.0, doc="stimulus gain J_A,ext")
    sigma: float = param(0.02, units="nA", lo=0.0, hi=10.0, doc="noise amplitude sigma_noise")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")


@register(
    family="rate-and-population",
    reference="Wong & Wang 2006, J. Neurosci. 26:1314",
    units="ms, Hz, nA; coherence in %",
    primary="coherence",
    sweep=(-100.0, 100.0),
    quiet_params={"sigma": 0.0},
)
class WongWangUnit(Neuron):
    """Wong-Wang reduced model of perceptual decision making: two NMDA-gated selective pools with competition.

    Model (Wong & Wang 2006, J. Neurosci. 26:1314-1328, the two-variable reduction, their eqs. 7-10)::

        H(x) = (a x - b) / (1 - exp(-d (a x - b)))
        ds_i/dt = -s_i/tau_S + (1 - s_i) gamma H(x_i)
        x_1 = J_11 s_1 - J_12 s_2 + I_0 + I_1 + I_noise,1       (and 1 <-> 2)
        I_1,2 = J_ext mu_0 (1 +- c'/100)
        tau_AMPA dI_noise,i/dt = -I_noise,i + eta_i(t) sqrt(tau_AMPA) sigma_noise

    Parameters: the paper's (a 270 Hz/nA, b 108 Hz, d 0.154 s, gamma 0.641, tau_S 100 ms, tau_AMPA 2 ms,
    J_11 0.2609 nA, J_12 0.0497 nA, I_0 0.3255 nA, J_ext 5.2e-4 nA/Hz, sigma 0.02 nA). Inputs: ``coherence``
    (c', %, in [-100, 100] for the paper's stimulus; positive favours pool 1) and ``mu0`` (stimulus strength,
    Hz, default 30 as in the paper; 0 before stimulus onset). A choice is read out as in the paper: the first
    pool whose rate crosses 15 Hz.

    Integration (dt 0.5 ms): the noise is an Ornstein-Uhlenbeck process updated exactly in distribution
    (``I <- I e^{-dt/tau} + sigma sqrt((1 - e^{-2dt/tau})/2) xi``, one standard normal per pool and step from
    the neuron's own generators); the gating variables by forward Euler
    with x held over the step, then clipped to [0, 1] (a no-op for dt << tau_S; the exact flow keeps s in
    [0, 1]). With eta of unit intensity the stationary sd of I_noise is sigma/sqrt(2). H(x) is evaluated with
    its limit 1/d at a x = b.

    Outputs: ``r1`` and ``r2`` (kind 'rate', Hz: H(x_1), H(x_2), pool 1 first).
    """

    Params = WongWangParams
    state_vars = {"s1": float, "s2": float, "n1": float, "n2": float}
    inputs = (Input("coherence", 0.0, "%", "motion coherence c' (positive favours pool 1)"),
              Input("mu0", 30.0, "Hz", "stimulus strength (0: no stimulus)"))
    outputs = (Output("r1", "rate", float), Output("r2", "rate", float))
    randoms = {"xi1": "normal", "xi2": "normal"}

    @staticmethod
    def initial_state(p):
        return {"s1": 0.1, "s2": 0.1, "n1": 0.0, "n2": 0.0}

    @staticmethod
    def noise_active(p):
        return p.sigma > 0.0

    @staticmethod
    def derive(p):
        e = math.exp(-p.dt / p.tau_ampa)
        return {"a": p.a, "b": p.b, "d": p.d, "g": p.gamma, "dt": p.dt, "inv_tau_s": 1.0 / p.tau_s,
                "j11": p.J_self, "j12": p.J_cross, "i0": p.I_0, "jext": p.J_ext, "e_n": e,
                "sd_n": p.sigma * math.sqrt(0.5 * (1.0 - e * e))}

    @staticmethod
    def kernel(s1, s2, n1, n2, coherence, mu0, xi1, xi2, a, b, d, g, dt, inv_tau_s, j11, j12, i0, jext, e_n, sd_n):
        x1 = j11 * s1 - j12 * s2 + i0 + jext * mu0 * (1.0 + 0.01 * coherence) + n1
        x2 = j11 * s2 - j12 * s1 + i0 + jext * mu0 * (1.0 - 0.01 * coherence) + n2
        y1 = a * x1 - b
        y2 = a * x2 - b
        if abs(d * y1) < 1e-9:
            r1 = 1.0 / d
        else:
            r1 = y1 / (1.0 - math.exp(min(-d * y1, 700.0)))
        if abs(d * y2) < 1e-9:
            r2 = 1.0 / d
        else:
            r2 = y2 / (1.0 - math.exp(min(-d * y2, 700.0)))
        s1 = s1 + dt * (-s1 * inv_tau_s + (1.0 - s1) * g * r1 * 1e-3)
        s2 = s2 + dt * (-s2 * inv_tau_s + (1.0 - s2) * g * r2 * 1e-3)
        s1 = min(max(s1, 0.0), 1.0)
        s2 = min(max(s2, 0.0), 1.0)
        n1 = n1 * e_n + sd_n * xi1
        n2 = n2 * e_n + sd_n * xi2
        return s1, s2, n1, n2, r1, r2
