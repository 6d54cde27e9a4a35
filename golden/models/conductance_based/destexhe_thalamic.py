"""Thalamocortical relay neuron with the low-threshold Ca current I_T (Destexhe, Bal, McCormick & Sejnowski 1996)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


def _vtrap(x: float) -> float:
    """x / (1 - exp(-x)), finite at x = 0."""
    if abs(x) < 1e-6:
        return 1.0 + 0.5 * x
    return x / -math.expm1(-x)


@params_dataclass
class DestexheThalamicParams(ParamSet):
    # Destexhe, Bal, McCormick & Sejnowski 1996, J. Neurophysiol. 76:2049, Methods (TC cell; single compartment
    # of 29,000 um^2). Densities per cm^2: the K leak of 4 nS is 0.0138 mS/cm^2 on that area.
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(90.0, units="mS/cm^2", lo=0.0, doc="maximal Na conductance (Traub-Miles kinetics)")
    g_K: float = param(10.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance")
    V_T: float = param(
        -25.0, units="mV", lo=-100.0, hi=50.0, doc="offset of the Na/K kinetics (high spike threshold of TC cells)"
    )
    g_T: float = param(2.0, units="mS/cm^2", lo=0.0, doc="maximal low-threshold Ca (T) conductance")
    g_L: float = param(0.01, units="mS/cm^2", lo=0.0, doc="leak conductance")
    g_KL: float = param(0.0138, units="mS/cm^2", lo=0.0, doc="K leak conductance")
    g_h: float = param(0.02, units="mS/cm^2", lo=0.0, doc="maximal h-current conductance")
    E_h: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="h-current reversal potential")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-100.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_Ca: float = param(120.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal potential")
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    shift_T: float = param(2.0, units="mV", lo=-50.0, hi=50.0, doc="screening-charge shift of the I_T kinetics")
    phi_T: float = positive(3.0**1.2, "1", "temperature factor of I_T (Q10 3 from 24 to 36 degC)")
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
        if self.g_L + self.g_KL <= 0.0:
            raise ValueError(f"g_L + g_KL must be > 0 mS/cm^2 (a resting state), got g_L={self.g_L}, g_KL={self.g_KL}")


def _steady(p, v: float) -> tuple[float, float, float, float, float, float]:
    v2 = v - p.V_T
    am = 1.28 * _vtrap((v2 - 13.0) / 4.0)
    bm = 1.4 * _vtrap((v2 - 40.0) / 5.0) * math.exp(-(v2 - 40.0) / 5.0)
    ah = 0.128 * math.exp((17.0 - v2) / 18.0)
    bh = 4.0 / (1.0 + math.exp((40.0 - v2) / 5.0))
    an = 0.16 * _vtrap((v2 - 15.0) / 5.0)
    bn = 0.5 * math.exp((10.0 - v2) / 40.0)
    vs = v + p.shift_T
    mt = 1.0 / (1.0 + math.exp(-(vs + 57.0) / 6.2))
    ht = 1.0 / (1.0 + math.exp((vs + 81.0) / 4.0))
    return am / (am + bm), ah / (ah + bh), an / (an + bn), mt, ht, 1.0 / (1.0 + math.exp((v + 75.0) / 5.5))


@register(
    family="conductance-based",
    reference="Destexhe, Bal, McCormick & Sejnowski 1996, J. Neurophysiol. 76:2049; I_T: Huguenard & McCormick "
    "1992, J. Neurophysiol. 68:1373",
    units="mV, uA/cm^2, mS/cm^2, uF/cm^2, ms",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class DestexheThalamicNeuron(Neuron):
    """Thalamic relay (TC) cell with I_T: tonic spiking when depolarised, a rebound burst after hyperpolarisation.

    Model (Destexhe, Bal, McCormick & Sejnowski 1996, J. Neurophysiol. 76:2049, TC cell; I_T after Huguenard &
    McCormick 1992, J. Neurophysiol. 68:1373)::

        C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_T m_T^2 h_T (V - E_Ca)
                    - g_h r (V - E_h) - g_L (V - E_L) - g_KL (V - E_K)
        Na/K (Traub & Miles), with V2 = V - V_T:
        alpha_m = 0.32 (13 - V2)/(exp((13 - V2)/4) - 1)      beta_m = 0.28 (V2 - 40)/(exp((V2 - 40)/5) - 1)
        alpha_h = 0.128 exp((17 - V2)/18)                     beta_h = 4/(1 + exp((40 - V2)/5))
        alpha_n = 0.032 (15 - V2)/(exp((15 - V2)/5) - 1)      beta_n = 0.5 exp((10 - V2)/40)
        I_T, with Vs = V + shift_T:
        m_T,inf = 1/(1 + exp(-(Vs + 57)/6.2))                 h_T,inf = 1/(1 + exp((Vs + 81)/4))
        tau_mT = (0.612 + 1/(exp(-(Vs + 129.6)/16.7) + exp((Vs + 14.8)/18.2))) / phi_T
        tau_hT = (30.8 + (211.4 + exp((Vs + 113.2)/5))/(1 + exp((Vs + 84)/3.2))) / phi_T
        I_h (McCormick & Pape 1990 kinetics as in the paper):
        r_inf = 1/(1 + exp((V + 75)/5.5))     tau_r = 20 + 1000/(exp((V + 71.5)/14.2) + exp(-(V + 89)/11.6))

    At rest (about -69 mV) h_T is mostly inactivated. A hyperpolarisation removes the inactivation (tau_hT ~
    100 ms); on release I_T produces a low-threshold Ca spike crowned by a burst of fast Na spikes (the
    rebound burst, burst mode). Depolarising current from rest gives tonic single spikes instead.

    Integration: ``substeps`` sub-steps per ``dt``; gates by the exponential (Rush-Larsen) update at the
    sub-step's V, then V by exponential Euler with the new conductances (stable for the stiff Na/K and the
    small leak alike, where forward Euler of another implementation produced NaN); removable singularities of
    the rate functions in the form ``x / -expm1(-x)``. Default ``dt`` = 0.1 ms in 5 sub-steps of 0.02 ms
    (``dt/substeps`` <= 0.05 ms enforced). Output ``spike`` (0/1): 1 when V crosses ``V_spike`` (-20 mV)
    upwards in a sub-step (at most one per step). The state starts at the resting state.

    Parameters (units, defaults; ranges in :class:`DestexheThalamicParams`): conductances in mS/cm^2 (g_Na
    90, g_K 10, g_T 2, g_h 0.02, g_L 0.01, g_KL 0.0138), V_T -25 mV, reversal potentials in mV (E_Na 50, E_K
    -100, E_Ca 120, E_h -40, E_L -70), shift_T 2 mV, phi_T = 3^1.2 (36 degC). Input: ``input_current`` in
    uA/cm^2.

    Differences from the paper: E_Ca is a constant 120 mV (the paper's Ca pool and Nernst potential, which
    change E_Ca by a few mV during a burst, are left out), and the h-current has its voltage-dependent
    kinetics only: the paper's up-regulation of I_h by intracellular Ca, which produces the waxing-and-waning
    spindle oscillations, is not included. The model covers the single-cell tonic and burst modes.
    """

    Params = DestexheThalamicParams
    speculate = False
    state_vars = {"v": float, "m": float, "h": float, "n": float, "m_t": float, "h_t": float, "r": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        def i_ion(v):
            m, h, n, mt, ht, r = _steady(p, v)
            return (
                p.g_h * r * (v - p.E_h)
                + p.g_Na * m * m * m * h * (v - p.E_Na)
                + p.g_K * n * n * n * n * (v - p.E_K)
                + p.g_T * mt * mt * ht * (v - p.E_Ca)
                + p.g_L * (v - p.E_L)
                + p.g_KL * (v - p.E_K)
            )

        lo = -110.0
        while lo < -40.0 and i_ion(lo + 0.5) < 0.0:  # first zero crossing of the I-V curve from below
            lo += 0.5
        hi = lo + 0.5
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if i_ion(mid) < 0.0 else (lo, mid)
        v0 = 0.5 * (lo + hi)
        m, h, n, mt, ht, r = _steady(p, v0)
        return {"v": v0, "m": m, "h": h, "n": n, "m_t": mt, "h_t": ht, "r": r}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_na": p.g_Na,
            "g_k": p.g_K,
            "v_t": p.V_T,
            "g_t": p.g_T,
            "g_l": p.g_L,
            "g_kl": p.g_KL,
            "g_h": p.g_h,
            "e_h": p.E_h,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_ca": p.E_Ca,
            "e_l": p.E_L,
            "shift": p.shift_T,
            "phi": p.phi_T,
            "v_spike": p.V_spike,
            "h_sub": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        m,
        h,
        n,
        m_t,
        h_t,
        r,
        input_current,
        c_inv,
        g_na,
        g_k,
        v_t,
        g_t,
        g_l,
        g_kl,
        g_h,
        e_h,
        e_na,
        e_k,
        e_ca,
        e_l,
        shift,
        phi,
        v_spike,
        h_sub,
        n_sub,
    ):
        spike = 0
        for _k in range(n_sub):
            v2 = v - v_t
            x = (v2 - 13.0) / 4.0
            if abs(x) < 1e-6:
                am = 1.28 * (1.0 + 0.5 * x)
            else:
                am = 1.28 * x / -math.expm1(-x)
            x = (v2 - 40.0) / 5.0
            if abs(x) < 1e-6:
                bm = 1.4 * (1.0 - 0.5 * x)
            else:
                bm = 1.4 * x / math.expm1(x)
            ah = 0.128 * math.exp((17.0 - v2) / 18.0)
            bh = 4.0 / (1.0 + math.exp((40.0 - v2) / 5.0))
            x = (v2 - 15.0) / 5.0
            if abs(x) < 1e-6:
                an = 0.16 * (1.0 + 0.5 * x)
            else:
                an = 0.16 * x / -math.expm1(-x)
            bn = 0.5 * math.exp((10.0 - v2) / 40.0)
            vs = v + shift
            mt_inf = 1.0 / (1.0 + math.exp(-(vs + 57.0) / 6.2))
            ht_inf = 1.0 / (1.0 + math.exp((vs + 81.0) / 4.0))
            tau_mt = (0.612 + 1.0 / (math.exp(-(vs + 129.6) / 16.7) + math.exp((vs + 14.8) / 18.2))) / phi
            tau_ht = (30.8 + (211.4 + math.exp((vs + 113.2) / 5.0)) / (1.0 + math.exp((vs + 84.0) / 3.2))) / phi
            r_inf = 1.0 / (1.0 + math.exp((v + 75.0) / 5.5))
            tau_r = 20.0 + 1000.0 / (math.exp((v + 71.5) / 14.2) + math.exp(-(v + 89.0) / 11.6))
            r = r_inf + (r - r_inf) * math.exp(-h_sub / tau_r)
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-h_sub * s)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-h_sub * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-h_sub * s)
            m_t = mt_inf + (m_t - mt_inf) * math.exp(-h_sub / tau_mt)
            h_t = ht_inf + (h_t - ht_inf) * math.exp(-h_sub / tau_ht)
            gna = g_na * m * m * m * h
            n2 = n * n
            gk = g_k * n2 * n2 + g_kl
            gca = g_t * m_t * m_t * h_t
            gh = g_h * r
            gt = gna + gk + gca + gh + g_l
            v_inf = (gna * e_na + gk * e_k + gca * e_ca + gh * e_h + g_l * e_l + input_current) / gt
            v_new = v_inf + (v - v_inf) * math.exp(-h_sub * gt * c_inv)
            if v < v_spike <= v_new:
                spike = 1
            v = v_new
        return v, m, h, n, m_t, h_t, r, spike
