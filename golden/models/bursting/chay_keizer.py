"""Chay-Keizer model of the pancreatic beta-cell (Chay & Keizer 1983)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ChayKeizerParams(ParamSet):
    # Chay & Keizer 1983, Biophys. J. 42:181 (values as in the XPP file of the Bertram/Sherman model archive)
    C_m: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Ca: float = param(6.5, units="mS/cm^2", lo=0.0, hi=1000.0, doc="voltage-gated Ca conductance")
    g_K: float = param(12.0, units="mS/cm^2", lo=0.0, hi=1000.0, doc="delayed-rectifier K conductance")
    g_KCa: float = param(0.09, units="mS/cm^2", lo=0.0, hi=1000.0, doc="Ca-activated K conductance")
    g_L: float = param(0.04, units="mS/cm^2", lo=0.0, hi=1000.0, doc="leak conductance")
    V_Ca: float = param(100.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal potential")
    V_K: float = param(-75.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    V_L: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V_prime: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="shift V' of the Ca-channel rate functions")
    V_star: float = param(30.0, units="mV", lo=-200.0, hi=200.0, doc="shift V* of the K-channel rate functions")
    temp: float = param(20.0, units="degC", lo=-20.0, hi=50.0, doc="temperature (rates scaled by 3^((T-6.3)/10))")
    r: float = positive(8.9e-4, "cm", "cell radius")
    f: float = param(0.004, units="1", lo=0.0, lo_open=True, hi=1.0, doc="fraction of free Ca")
    K_d: float = positive(1.0, "uM", "dissociation constant of the K(Ca) channel")
    k_Ca: float = positive(0.04, "1/ms", "Ca removal rate")
    v_threshold: float = param(-30.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")
    n_sub: int = param(10, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


@register(
    family="bursting",
    reference="Chay & Keizer 1983, Biophys. J. 42:181",
    units="mV, ms, uA/cm^2, mS/cm^2, uM",
    primary="input_current",
    sweep=(0.0, 50.0),
)
class ChayKeizerNeuron(Neuron):
    """Chay-Keizer pancreatic beta-cell: square-wave bursting driven by Ca-activated K current.

    Model (Chay & Keizer 1983, "Minimal model for membrane oscillations in the pancreatic beta-cell", Biophys.
    J. 42:181-190), five variables (V, m, h (state ``hc``) of the Ca channel, n of the K channel, free Ca)::

        C_m dV/dt = I + 2 g_Ca m^3 h (V_Ca - V) + g_K n^4 (V_K - V) + g_KCa Ca/(K_d + Ca) (V_K - V)
                    + g_L (V_L - V)
        dx/dt = phi (alpha_x (1 - x) - beta_x x),  x = m, h, n;   phi = 3^((temp - 6.3)/10)
        dCa/dt = f (3/(r F) g_Ca m^3 h (V_Ca - V) - k_Ca Ca)
        Hodgkin-Huxley rate functions with V shifted by V' (Ca channel: m, h) and V* (K channel: n):
        alpha_m = -0.1 (u - 25)/(exp(-(u - 25)/10) - 1), beta_m = 4 exp(-u/18), u = V + V'
        alpha_h = 0.07 exp(-u/20), beta_h = 1/(exp(-(u - 30)/10) + 1)
        alpha_n = -0.01 (w - 10)/(exp(-(w - 10)/10) - 1), beta_n = 0.125 exp(-w/80), w = V + V*

    (the factor 2 on the Ca current and 3/(r F) with F = 96487 C/mol follow the model file of the NIH
    beta-cell model archive that reproduces the paper's figures). Bursts of spikes ride on a plateau; Ca rises
    during the plateau until the K(Ca) current ends the burst.

    Integration: ``n_sub`` exponential-Euler (Rush-Larsen) sub-steps per ``dt`` (defaults 0.5 ms and 10:
    h = 0.05 ms): gates and Ca relax exactly towards their frozen-V steady states, V exactly towards its
    conductance-weighted reversal. alpha_m and alpha_n have their removable singularity replaced by the limit.
    Output ``spike`` (0/1): upward crossing of ``v_threshold`` (-30 mV) in any sub-step, at most one per step.

    State starts at V = -54.774 mV, Ca = 0.10749 uM and m, h, n of the archive's initial point. Differences
    from the seed: the seed reduced the model to 3 variables and never fired more than once; this is the full
    five-variable model.
    """

    Params = ChayKeizerParams
    speculate = False
    state_vars = {"v": float, "m": float, "hc": float, "n": float, "ca": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density"),)

    @staticmethod
    def initial_state(p):
        return {"v": -54.774, "m": 0.027532, "hc": 0.086321, "n": 0.00044035, "ca": 0.10749}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C_m,
            "g_ca": p.g_Ca,
            "g_k": p.g_K,
            "g_kca": p.g_KCa,
            "g_l": p.g_L,
            "v_ca": p.V_Ca,
            "v_k": p.V_K,
            "v_l": p.V_L,
            "vp": p.V_prime,
            "vs": p.V_star,
            "phi": 3.0 ** ((p.temp - 6.3) / 10.0),
            "ca_gain": 3.0 / (p.r * 96487.0),
            "f": p.f,
            "k_d": p.K_d,
            "k_ca": p.k_Ca,
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        m,
        hc,
        n,
        ca,
        input_current,
        c_inv,
        g_ca,
        g_k,
        g_kca,
        g_l,
        v_ca,
        v_k,
        v_l,
        vp,
        vs,
        phi,
        ca_gain,
        f,
        k_d,
        k_ca,
        v_th,
        h,
        n_sub,
    ):
        spike = 0
        for _ in range(n_sub):
            u = v + vp
            x = -(u - 25.0) / 10.0
            if abs(x) < 1e-6:
                am = 1.0 + 0.5 * x
            else:
                am = 0.1 * (u - 25.0) / (1.0 - math.exp(x))
            bm = 4.0 * math.exp(-u / 18.0)
            ah = 0.07 * math.exp(-u / 20.0)
            bh = 1.0 / (math.exp(-(u - 30.0) / 10.0) + 1.0)
            w = v + vs
            x = -(w - 10.0) / 10.0
            if abs(x) < 1e-6:
                an = 0.1 + 0.05 * x
            else:
                an = 0.01 * (w - 10.0) / (1.0 - math.exp(x))
            bn = 0.125 * math.exp(-w / 80.0)
            gca = 2.0 * g_ca * m * m * m * hc
            n2 = n * n
            gk = g_k * n2 * n2 + g_kca * ca / (k_d + ca)
            g = gca + gk + g_l
            v_inf = (input_current + gca * v_ca + gk * v_k + g_l * v_l) / g
            vn = v_inf + (v - v_inf) * math.exp(-h * g * c_inv)
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-h * phi * s)
            s = ah + bh
            hc = ah / s + (hc - ah / s) * math.exp(-h * phi * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-h * phi * s)
            c_inf = ca_gain * 0.5 * gca * (v_ca - v) / k_ca
            ca = c_inf + (ca - c_inf) * math.exp(-h * f * k_ca)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, m, hc, n, ca, spike
