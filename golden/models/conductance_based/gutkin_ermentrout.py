"""Type I cortical neuron (Traub currents) with M-current and Ca-dependent AHP (Ermentrout, Pascal & Gutkin 2001)."""

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


def _steady(v: float) -> tuple[float, float, float, float]:
    am = 1.28 * _vtrap((v + 54.0) / 4.0)
    bm = 1.4 * _vtrap((v + 27.0) / 5.0) * math.exp(-(v + 27.0) / 5.0)
    ah = 0.128 * math.exp(-(v + 50.0) / 18.0)
    bh = 4.0 / (1.0 + math.exp(-(v + 27.0) / 5.0))
    an = 0.16 * _vtrap((v + 52.0) / 5.0)
    bn = 0.5 * math.exp(-(v + 57.0) / 40.0)
    w = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    return am / (am + bm), ah / (ah + bh), an / (an + bn), w


def _ml_inf(v: float) -> float:
    """Instantaneous activation of the high-threshold Ca current."""
    return 1.0 / (1.0 + math.exp(-(v + 25.0) / 2.5))


def _ca_inf(p, v: float) -> float:
    return -0.002 * p.g_Ca * _ml_inf(v) * (v - p.E_Ca) * p.tau_Ca


@params_dataclass
class GutkinErmentroutParams(ParamSet):
    # Ermentrout, Pascal & Gutkin 2001 (Neural Comput. 13:1285): Traub's model with I_M and I_AHP. Values of the
    # first author's XPP file of this model (Ermentrout & Terman 2010, "Traub fast dynamics with two types of
    # adaptation"); the paper's own appendix table could not be read here.
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(100.0, units="mS/cm^2", lo=0.0, doc="maximal Na conductance")
    g_K: float = param(80.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance")
    g_L: float = positive(0.2, "mS/cm^2", "leak conductance")
    g_M: float = param(0.0, units="mS/cm^2", lo=0.0, doc="maximal M-current (slow voltage-gated K) conductance")
    g_AHP: float = param(0.0, units="mS/cm^2", lo=0.0, doc="maximal Ca-dependent AHP K conductance")
    g_Ca: float = param(1.0, units="mS/cm^2", lo=0.0, doc="high-threshold Ca conductance (I_Ca and [Ca] influx)")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-100.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_L: float = param(-67.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    E_Ca: float = param(120.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal potential")
    tau_w: float = positive(100.0, "ms", "scale of the M-current time constant tau_w(V)")
    tau_Ca: float = positive(80.0, "ms", "Ca removal time constant")
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
    reference="Ermentrout, Pascal & Gutkin 2001, Neural Comput. 13:1285",
    units="mV, uA/cm^2, mS/cm^2, uF/cm^2, ms",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class GutkinErmentroutNeuron(Neuron):
    """Type I (SNIC) cortical neuron (Traub currents) with M-current and Ca-dependent AHP adaptation.

    Model (Ermentrout, Pascal & Gutkin 2001, "The effects of spike frequency adaptation and negative feedback on
    the synchronization of neural oscillators", Neural Comput. 13:1285-1310: Traub's model with I_M and I_AHP)::

        C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) - g_Ca m_L(V) (V - E_Ca)
                    - g_M w (V - E_K) - g_AHP [Ca]/([Ca] + 1) (V - E_K)
        alpha_m = 0.32 (V + 54) / (1 - exp(-(V + 54)/4))     beta_m = 0.28 (V + 27) / (exp((V + 27)/5) - 1)
        alpha_h = 0.128 exp(-(V + 50)/18)                     beta_h = 4 / (1 + exp(-(V + 27)/5))
        alpha_n = 0.032 (V + 52) / (1 - exp(-(V + 52)/5))     beta_n = 0.5 exp(-(V + 57)/40)
        dw/dt = (w_inf - w)/tau_w(V),  w_inf = 1/(1 + exp(-(V + 35)/10)),
        tau_w(V) = tau_w / (3.3 exp((V + 35)/20) + exp(-(V + 35)/20))
        m_L(V) = 1/(1 + exp(-(V + 25)/2.5)),   d[Ca]/dt = -0.002 g_Ca m_L(V) (V - E_Ca) - [Ca]/tau_Ca

    Without adaptation (g_M = g_AHP = 0, the defaults) the onset of firing is a saddle-node on an invariant
    circle: the f-I curve rises continuously from 0 Hz and the phase-response curve is non-negative (type I).
    The paper's result: the M-current (not the AHP) turns the PRC into a type II curve with a negative lobe
    at early phases, while both adapt the rate.

    Sources checked: the equations and values are those of the first author's own XPP file of this model
    (Ermentrout & Terman 2010, Foundations of Mathematical Neuroscience, model "Traub fast dynamics with two
    types of adaptation"): the high-threshold Ca current m_L(V) g_Ca (V - E_Ca) enters the voltage equation as
    well as the [Ca] equation, and g_L = 0.2 mS/cm^2. The paper's appendix table itself could not be read here.
    The catalogue's class name refers to Gutkin & Ermentrout 1998 (Neural Comput. 10:1047), but that paper's
    models are the theta neuron and the Morris-Lecar model (type I vs type II parameter sets), not this one;
    this class implements the 2001 model of the same authors.

    Integration: ``substeps`` sub-steps per ``dt``; gates and [Ca] by the exponential (Rush-Larsen) update
    at the sub-step's V, then V by exponential Euler with the new conductances; removable singularities of
    the rate functions in the form ``x / -expm1(-x)`` (series at 0). Default ``dt`` = 0.1 ms in 5 sub-steps
    of 0.02 ms (``dt/substeps`` <= 0.05 ms enforced). Output ``spike`` (0/1): 1 when V crosses ``V_spike``
    (-20 mV) upwards in a sub-step (at most one per step). The state starts at the resting state.

    Parameters (units, defaults of the XPP file; ranges in :class:`GutkinErmentroutParams`): conductances in
    mS/cm^2 (g_Na 100, g_K 80, g_L 0.2, g_Ca 1; g_M and g_AHP 0, the paper varies them in 0-2), reversal
    potentials in mV (50, -100, -67, 120), ``tau_w`` 100 ms, ``tau_Ca`` 80 ms. Input: ``input_current``
    in uA/cm^2.

    Differences from the source: none in the equations; the spike detection level is an implementation choice.
    """

    Params = GutkinErmentroutParams
    speculate = False
    state_vars = {"v": float, "m": float, "h": float, "n": float, "w": float, "ca": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        def i_ion(v):
            m, h, n, w = _steady(v)
            ca = _ca_inf(p, v)
            return (
                p.g_Na * m * m * m * h * (v - p.E_Na)
                + p.g_L * (v - p.E_L)
                + p.g_Ca * _ml_inf(v) * (v - p.E_Ca)
                + (p.g_K * n * n * n * n + p.g_M * w + p.g_AHP * ca / (ca + 1.0)) * (v - p.E_K)
            )

        lo = -100.0
        while lo < -40.0 and i_ion(lo + 0.5) < 0.0:  # first zero crossing of the I-V curve from below
            lo += 0.5
        hi = lo + 0.5
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if i_ion(mid) < 0.0 else (lo, mid)
        v0 = 0.5 * (lo + hi)
        m, h, n, w = _steady(v0)
        return {"v": v0, "m": m, "h": h, "n": n, "w": w, "ca": _ca_inf(p, v0)}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_na": p.g_Na,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "g_m": p.g_M,
            "g_ahp": p.g_AHP,
            "g_ca": p.g_Ca,
            "k_ca": 0.002 * p.g_Ca,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "e_ca": p.E_Ca,
            "tw": p.tau_w,
            "tau_ca": p.tau_Ca,
            "e_ca_decay": math.exp(-p.dt / p.substeps / p.tau_Ca),
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
        w,
        ca,
        input_current,
        c_inv,
        g_na,
        g_k,
        g_l,
        g_m,
        g_ahp,
        g_ca,
        k_ca,
        e_na,
        e_k,
        e_l,
        e_ca,
        tw,
        tau_ca,
        e_ca_decay,
        v_spike,
        h_sub,
        n_sub,
    ):
        spike = 0
        for _k in range(n_sub):
            x = (v + 54.0) / 4.0
            if abs(x) < 1e-6:
                am = 1.28 * (1.0 + 0.5 * x)
            else:
                am = 1.28 * x / -math.expm1(-x)
            x = (v + 27.0) / 5.0
            if abs(x) < 1e-6:
                bm = 1.4 * (1.0 - 0.5 * x)
            else:
                bm = 1.4 * x / math.expm1(x)
            ah = 0.128 * math.exp(-(v + 50.0) / 18.0)
            bh = 4.0 / (1.0 + math.exp(-(v + 27.0) / 5.0))
            x = (v + 52.0) / 5.0
            if abs(x) < 1e-6:
                an = 0.16 * (1.0 + 0.5 * x)
            else:
                an = 0.16 * x / -math.expm1(-x)
            bn = 0.5 * math.exp(-(v + 57.0) / 40.0)
            u = (v + 35.0) / 20.0
            w_inf = 1.0 / (1.0 + math.exp(-2.0 * u))
            tau_w = tw / (3.3 * math.exp(u) + math.exp(-u))
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-h_sub * s)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-h_sub * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-h_sub * s)
            w = w_inf + (w - w_inf) * math.exp(-h_sub / tau_w)
            ml = 1.0 / (1.0 + math.exp(-(v + 25.0) / 2.5))
            ca_inf = -k_ca * ml * (v - e_ca) * tau_ca
            ca = ca_inf + (ca - ca_inf) * e_ca_decay
            gna = g_na * m * m * m * h
            gca = g_ca * ml
            n2 = n * n
            gk = g_k * n2 * n2 + g_m * w + g_ahp * ca / (ca + 1.0)
            gt = gna + gk + g_l + gca
            v_inf = (gna * e_na + gk * e_k + g_l * e_l + gca * e_ca + input_current) / gt
            v_new = v_inf + (v - v_inf) * math.exp(-h_sub * gt * c_inv)
            if v < v_spike <= v_new:
                spike = 1
            v = v_new
        return v, m, h, n, w, ca, spike
