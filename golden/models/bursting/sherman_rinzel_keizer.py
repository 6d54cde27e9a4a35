"""Sherman-Rinzel-Keizer model of the pancreatic beta-cell (Sherman, Rinzel & Keizer 1988)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ShermanRinzelKeizerParams(ParamSet):
    # Sherman, Rinzel & Keizer 1988, Biophys. J. 54:411, single-cell model (Table 1); the same table is reprinted
    # as the beta-cell bursting model of Keener & Sneyd, "Mathematical Physiology" (1998), Sec. 9.1.1, Table 9.1.
    C_m: float = positive(5310.0, "fF", "membrane capacitance")
    g_Ca: float = param(1400.0, units="pS", lo=0.0, hi=1e6, doc="voltage-gated Ca conductance")
    g_K: float = param(2500.0, units="pS", lo=0.0, hi=1e6, doc="delayed-rectifier K conductance")
    g_KCa: float = param(30000.0, units="pS", lo=0.0, hi=1e6, doc="maximal Ca-activated K conductance")
    V_Ca: float = param(110.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal potential")
    V_K: float = param(-75.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    K_d: float = positive(100.0, "uM", "dissociation constant of the K(Ca) channel")
    f: float = param(0.001, units="1", lo=0.0, lo_open=True, hi=1.0, doc="fraction of free cytosolic Ca")
    alpha: float = positive(4.5e-6, "uM/(fA ms)", "conversion of Ca current to Ca concentration change")
    k_Ca: float = positive(0.03, "1/ms", "Ca removal rate")
    V_m: float = param(4.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of the Ca channel")
    S_m: float = param(14.0, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of the Ca-channel activation")
    V_h: float = param(-10.0, units="mV", lo=-100.0, hi=100.0, doc="half-inactivation of the Ca channel")
    S_h: float = param(10.0, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of the Ca-channel inactivation")
    V_n: float = param(-15.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of n")
    S_n: float = param(5.6, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of n_inf")
    V_bar: float = param(-75.0, units="mV", lo=-200.0, hi=100.0, doc="centre of the tau_n bell curve")
    a: float = positive(65.0, "mV", "depolarised slope of tau_n")
    b: float = positive(20.0, "mV", "hyperpolarised slope of tau_n")
    c: float = positive(60.0, "ms", "time-constant scale of n")
    lam: float = positive(1.6, "1", "rate factor lambda of n")
    v_threshold: float = param(-35.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    n_sub: int = param(10, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


@register(
    family="bursting",
    reference="Sherman, Rinzel & Keizer 1988, Biophys. J. 54:411",
    units="mV, ms, fA, pS, fF, uM",
    primary="input_current",
    sweep=(0.0, 50000.0),
)
class ShermanRinzelKeizerNeuron(Neuron):
    """Sherman-Rinzel-Keizer beta-cell: square-wave bursting, slow Ca build-up turns on a K(Ca) current.

    Single-cell model of Sherman, Rinzel & Keizer 1988, "Emergence of organized bursting in clusters of
    pancreatic beta-cells by channel sharing", Biophys. J. 54:411-425 (the 3-variable reduction of Chay-Keizer;
    equations and Table 1 as reprinted in Keener & Sneyd, "Mathematical Physiology", Sec. 9.1.1)::

        C_m dV/dt = I - I_Ca - I_K - I_K(Ca)
        I_Ca = g_Ca m_inf(V) h_inf(V) (V - V_Ca),  I_K = g_K n (V - V_K),
        I_K(Ca) = g_KCa Ca/(K_d + Ca) (V - V_K)
        dn/dt = lambda (n_inf(V) - n)/tau_n(V),  tau_n = c/(exp((V - V_bar)/a) + exp((V_bar - V)/b))
        dCa/dt = f (-alpha I_Ca - k_Ca Ca)
        m_inf = 1/(1 + exp((V_m - V)/S_m)), h_inf = 1/(1 + exp((V - V_h)/S_h)), n_inf = 1/(1 + exp((V_n - V)/S_n))

    The Ca channel's activation m and (fast, voltage-dependent) inactivation h are instantaneous; V and n form the
    fast spiking subsystem, Ca (f = 0.001) is the slow variable: bursts of spikes on a plateau near -40 mV alternate
    with silent phases near -60 mV, Ca rising during the burst until the K(Ca) current terminates it.
    Units: mV, ms, pS, fF, uM; the input ``input_current`` (fA) is added to the right-hand side.

    Integration: ``n_sub`` exponential-Euler sub-steps per ``dt`` (defaults 1 ms and 10: h = 0.1 ms): n and Ca relax
    exactly towards their frozen-V targets, V exactly towards its conductance-weighted reversal (I_Ca is split as
    g_Ca m_inf h_inf (V - V_Ca)), so the scheme is unconditionally stable. Output ``spike`` (0/1): upward crossing of
    ``v_threshold`` (-35 mV; the spikes of the burst overshoot -30 mV from a plateau below -40 mV) in any sub-step,
    at most one per step.

    Parameters: the paper's Table 1 (ranges in the parameter table). State starts at V = -62 mV, n = 0.001,
    Ca = 0.55 uM (silent phase). Differences from the seed: the seed used the later Sherman-Rinzel (1991) form with
    a slow K variable s, no capacitance and an Euler step that went NaN; this is the 1988 model with Ca as the slow
    variable. Differences from the paper: none in the equations; the paper used a variable-step solver.
    """

    Params = ShermanRinzelKeizerParams
    speculate = False
    state_vars = {"v": float, "n": float, "ca": float}
    inputs = (Input("input_current", 0.0, "fA", "injected current"),)

    @staticmethod
    def initial_state(p):
        return {"v": -62.0, "n": 0.001, "ca": 0.55}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C_m,
            "g_ca": p.g_Ca,
            "g_k": p.g_K,
            "g_kca": p.g_KCa,
            "v_ca": p.V_Ca,
            "v_k": p.V_K,
            "k_d": p.K_d,
            "f_alpha": p.f * p.alpha,
            "f_kca": p.f * p.k_Ca,
            "v_m": p.V_m,
            "s_m": p.S_m,
            "v_h": p.V_h,
            "s_h": p.S_h,
            "v_n": p.V_n,
            "s_n": p.S_n,
            "v_bar": p.V_bar,
            "a_n": p.a,
            "b_n": p.b,
            "lam_c": p.lam / p.c,
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        n,
        ca,
        input_current,
        c_inv,
        g_ca,
        g_k,
        g_kca,
        v_ca,
        v_k,
        k_d,
        f_alpha,
        f_kca,
        v_m,
        s_m,
        v_h,
        s_h,
        v_n,
        s_n,
        v_bar,
        a_n,
        b_n,
        lam_c,
        v_th,
        h,
        n_sub,
    ):
        spike = 0
        for _ in range(n_sub):
            gca = g_ca / ((1.0 + math.exp((v_m - v) / s_m)) * (1.0 + math.exp((v - v_h) / s_h)))
            gk = g_k * n + g_kca * ca / (k_d + ca)
            g = gca + gk
            v_inf = (input_current + gca * v_ca + gk * v_k) / g
            vn = v_inf + (v - v_inf) * math.exp(-h * g * c_inv)
            n_inf = 1.0 / (1.0 + math.exp((v_n - v) / s_n))
            rate_n = lam_c * (math.exp((v - v_bar) / a_n) + math.exp((v_bar - v) / b_n))
            n = n_inf + (n - n_inf) * math.exp(-h * rate_n)
            c_inf = -f_alpha * gca * (v - v_ca) / f_kca
            ca = c_inf + (ca - c_inf) * math.exp(-h * f_kca)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, n, ca, spike
