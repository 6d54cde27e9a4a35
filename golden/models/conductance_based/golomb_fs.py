"""Fast-spiking cortical interneuron with a Kv1 (D-type) current (Golomb et al. 2007)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


def _boltz(v: float, theta: float, sigma: float) -> float:
    return 1.0 / (1.0 + math.exp(-(v - theta) / sigma))


@params_dataclass
class GolombFSParams(ParamSet):
    # Golomb, Donner, Shacham, Shlosberg, Amitai & Hansel 2007, PLoS Comput. Biol. 3:e156, Methods (model
    # equations and parameters); g_Kd = 0.39 mS/cm^2 is the delayed-tonic-firing cell of Fig. 2A.
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(112.5, units="mS/cm^2", lo=0.0, doc="maximal transient Na conductance")
    g_Kdr: float = param(225.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier (Kv3) conductance")
    g_Kd: float = param(
        0.39,
        units="mS/cm^2",
        lo=0.0,
        doc="maximal Kv1 (D-type) conductance (0.39: delayed firing, 1.8: stuttering, Fig. 2)",
    )
    g_L: float = positive(0.25, "mS/cm^2", "leak conductance")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    theta_m: float = param(-24.0, units="mV", lo=-150.0, hi=100.0, doc="half-activation of m_inf")
    sigma_m: float = positive(11.5, "mV", "slope of m_inf")
    theta_h: float = param(-58.3, units="mV", lo=-150.0, hi=100.0, doc="half-inactivation of h_inf")
    sigma_h: float = param(-6.7, units="mV", lo=-100.0, hi=0.0, hi_open=True, doc="slope of h_inf (< 0)")
    theta_n: float = param(-12.4, units="mV", lo=-150.0, hi=100.0, doc="half-activation of n_inf")
    sigma_n: float = positive(6.8, "mV", "slope of n_inf")
    theta_a: float = param(-50.0, units="mV", lo=-150.0, hi=100.0, doc="half-activation of the Kv1 gate a")
    sigma_a: float = positive(20.0, "mV", "slope of a_inf")
    theta_b: float = param(-70.0, units="mV", lo=-150.0, hi=100.0, doc="half-inactivation of the Kv1 gate b")
    sigma_b: float = param(-6.0, units="mV", lo=-100.0, hi=0.0, hi_open=True, doc="slope of b_inf (< 0)")
    tau_a: float = positive(2.0, "ms", "time constant of the Kv1 activation a")
    tau_b: float = positive(150.0, "ms", "time constant of the Kv1 inactivation b")
    V_spike: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step of step()")
    substeps: int = param(5, units="", lo=1, hi=10000, integer=True, doc="integration sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.substeps
        if h > 0.05:
            raise ValueError(
                f"dt/substeps must be <= 0.05 ms to resolve the spike, got dt={self.dt} ms, "
                f"substeps={self.substeps} (dt/substeps={h} ms)"
            )


@register(
    family="conductance-based",
    reference="Golomb, Donner, Shacham, Shlosberg, Amitai & Hansel 2007, PLoS Comput. Biol. 3:e156",
    units="mV, uA/cm^2, mS/cm^2, uF/cm^2, ms",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class GolombFSNeuron(Neuron):
    """Fast-spiking interneuron with a slowly inactivating Kv1 D-current: delayed firing and stuttering.

    Model (Golomb, Donner, Shacham, Shlosberg, Amitai & Hansel 2007, PLoS Comput. Biol. 3:e156)::

        C dV/dt = I - g_Na m_inf^3 h (V - E_Na) - g_Kdr n^2 (V - E_K) - g_Kd a^3 b (V - E_K) - g_L (V - E_L)
        x_inf(V) = 1 / (1 + exp(-(V - theta_x)/sigma_x))        (x = m, h, n, a, b)
        tau_h = 0.5 + 14 / (1 + exp((V + 60)/12))
        tau_n = (0.087 + 11.4 / (1 + exp((V + 14.6)/8.6))) (0.087 + 11.4 / (1 + exp(-(V - 1.3)/18.7)))
        dx/dt = (x_inf - x)/tau_x,  tau_a = 2 ms, tau_b = 150 ms;  m = m_inf(V) instantaneous

    The Kv1 current activates below threshold and inactivates slowly (tau_b = 150 ms): near threshold a
    depolarising step is followed by a slow ramp of V while b inactivates, then firing starts (delayed
    firing, Fig. 2A); with a larger g_Kd spiking alternates with silent episodes (stuttering, Fig. 2B).

    Integration: ``substeps`` sub-steps per ``dt``; gates by the exponential (Rush-Larsen) update at the
    sub-step's V, then V by exponential Euler of the membrane equation with the new conductances. Default
    ``dt`` = 0.1 ms in 5 sub-steps of 0.02 ms (``dt/substeps`` <= 0.05 ms is enforced). Output ``spike``
    (0/1): 1 when V crosses ``V_spike`` (-20 mV) upwards in a sub-step (at most one per step). The state starts
    at the resting potential (zero of the steady-state I-V curve, about -70 mV).

    Parameters (units, defaults of the paper's Methods; ranges in :class:`GolombFSParams`): conductances in
    mS/cm^2 (g_Na 112.5, g_Kdr 225, g_Kd 0.39, g_L 0.25), reversal potentials in mV (50, -90, -70), half-
    activations and slopes in mV, ``tau_a``/``tau_b`` in ms. Input: ``input_current`` in uA/cm^2.

    Differences from the paper: the persistent Na current of the paper's full model (g_NaP, used there to
    study subthreshold oscillations) is left out, as in the authors' published simulation of Fig. 2 (ModelDB
    97747); the spike detection level is an implementation choice.
    """

    Params = GolombFSParams
    speculate = False
    state_vars = {"v": float, "h": float, "n": float, "a": float, "b": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        def steady(v):
            return (
                _boltz(v, p.theta_m, p.sigma_m),
                _boltz(v, p.theta_h, p.sigma_h),
                _boltz(v, p.theta_n, p.sigma_n),
                _boltz(v, p.theta_a, p.sigma_a),
                _boltz(v, p.theta_b, p.sigma_b),
            )

        def i_ion(v):
            m, h, n, a, b = steady(v)
            return (
                p.g_Na * m * m * m * h * (v - p.E_Na)
                + p.g_Kdr * n * n * (v - p.E_K)
                + p.g_Kd * a * a * a * b * (v - p.E_K)
                + p.g_L * (v - p.E_L)
            )

        lo, hi = -100.0, -40.0
        if i_ion(lo) < 0.0 < i_ion(hi):
            for _ in range(80):
                mid = 0.5 * (lo + hi)
                lo, hi = (mid, hi) if i_ion(mid) < 0.0 else (lo, mid)
        v0 = 0.5 * (lo + hi)
        _, h, n, a, b = steady(v0)
        return {"v": v0, "h": h, "n": n, "a": a, "b": b}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_na": p.g_Na,
            "g_kdr": p.g_Kdr,
            "g_kd": p.g_Kd,
            "g_l": p.g_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "th_m": p.theta_m,
            "sg_m": p.sigma_m,
            "th_h": p.theta_h,
            "sg_h": p.sigma_h,
            "th_n": p.theta_n,
            "sg_n": p.sigma_n,
            "th_a": p.theta_a,
            "sg_a": p.sigma_a,
            "th_b": p.theta_b,
            "sg_b": p.sigma_b,
            "ea": math.exp(-p.dt / p.substeps / p.tau_a),
            "eb": math.exp(-p.dt / p.substeps / p.tau_b),
            "v_spike": p.V_spike,
            "h_sub": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        h,
        n,
        a,
        b,
        input_current,
        c_inv,
        g_na,
        g_kdr,
        g_kd,
        g_l,
        e_na,
        e_k,
        e_l,
        th_m,
        sg_m,
        th_h,
        sg_h,
        th_n,
        sg_n,
        th_a,
        sg_a,
        th_b,
        sg_b,
        ea,
        eb,
        v_spike,
        h_sub,
        n_sub,
    ):
        spike = 0
        for _k in range(n_sub):
            h_inf = 1.0 / (1.0 + math.exp(-(v - th_h) / sg_h))
            tau_h = 0.5 + 14.0 / (1.0 + math.exp((v + 60.0) / 12.0))
            n_inf = 1.0 / (1.0 + math.exp(-(v - th_n) / sg_n))
            tau_n = (0.087 + 11.4 / (1.0 + math.exp((v + 14.6) / 8.6))) * (
                0.087 + 11.4 / (1.0 + math.exp(-(v - 1.3) / 18.7))
            )
            a_inf = 1.0 / (1.0 + math.exp(-(v - th_a) / sg_a))
            b_inf = 1.0 / (1.0 + math.exp(-(v - th_b) / sg_b))
            h = h_inf + (h - h_inf) * math.exp(-h_sub / tau_h)
            n = n_inf + (n - n_inf) * math.exp(-h_sub / tau_n)
            a = a_inf + (a - a_inf) * ea
            b = b_inf + (b - b_inf) * eb
            m = 1.0 / (1.0 + math.exp(-(v - th_m) / sg_m))
            gna = g_na * m * m * m * h
            gk = g_kdr * n * n + g_kd * a * a * a * b
            gt = gna + gk + g_l
            v_inf = (gna * e_na + gk * e_k + g_l * e_l + input_current) / gt
            v_new = v_inf + (v - v_inf) * math.exp(-h_sub * gt * c_inv)
            if v < v_spike <= v_new:
                spike = 1
            v = v_new
        return v, h, n, a, b, spike
