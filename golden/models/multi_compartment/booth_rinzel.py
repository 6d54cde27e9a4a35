"""Booth-Rinzel(-Kiehn) two-compartment motoneuron: dendritic L-type Ca2+ plateaus and bistable firing."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class BoothRinzelParams(ParamSet):
    # Booth, Rinzel & Kiehn 1997, J. Neurophysiol. 78:3371, Table 1 (conductances mS/cm^2, potentials mV,
    # kinetics of Eqs. 1-9).
    p: float = param(0.1, units="1", lo=0.0, lo_open=True, hi=1.0, hi_open=True, doc="somatic area fraction")
    g_c: float = param(0.1, units="mS/cm^2", lo=0.0, doc="soma-dendrite coupling conductance")
    C_m: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(120.0, units="mS/cm^2", lo=0.0, doc="fast Na (soma)")
    g_Kdr: float = param(100.0, units="mS/cm^2", lo=0.0, doc="delayed rectifier K (soma)")
    g_CaN_s: float = param(14.0, units="mS/cm^2", lo=0.0, doc="N-type Ca (soma)")
    g_KCa_s: float = param(5.0, units="mS/cm^2", lo=0.0, doc="Ca-activated K (soma)")
    g_CaN_d: float = param(0.3, units="mS/cm^2", lo=0.0, doc="N-type Ca (dendrite)")
    g_KCa_d: float = param(1.1, units="mS/cm^2", lo=0.0, doc="Ca-activated K (dendrite)")
    g_CaL: float = param(0.33, units="mS/cm^2", lo=0.0, doc="persistent L-type Ca (dendrite): the plateau")
    g_L: float = param(0.51, units="mS/cm^2", lo=0.0, doc="leak (both compartments)")
    E_Na: float = param(55.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal")
    E_K: float = param(-80.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal")
    E_Ca: float = param(80.0, units="mV", lo=-200.0, hi=200.0, doc="Ca reversal")
    E_L: float = param(-60.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal")
    K_d: float = positive(0.2, "uM", "half-activation [Ca2+] of K(Ca)")
    f: float = positive(0.01, "1", "fraction of free Ca2+")
    alpha: float = positive(0.009, "mol/(C um)", "current-to-concentration factor")
    k_Ca: float = positive(2.0, "1/ms", "Ca2+ removal rate")
    V_spike: float = param(-10.0, units="mV", lo=-200.0, hi=200.0, doc="somatic spike detection level")
    dt: float = param(0.05, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step")
    n_sub: int = param(5, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


#: The paper's simulated serotonin (5-HT) condition: both K(Ca) conductances scaled by 0.627 (it unmasks the
#: dendritic plateau and makes firing bistable).
SEROTONIN: dict[str, float] = {"g_KCa_s": 3.136, "g_KCa_d": 0.69}


@register(
    family="multi-compartment",
    reference="Booth & Rinzel 1995, J. Comput. Neurosci. 2:299; Booth, Rinzel & Kiehn 1997, J. Neurophysiol. 78:3371",
    units="mV, uA/cm^2, mS/cm^2, uM, ms",
    primary="somatic_current",
    sweep=(0.0, 60.0),
)
class BoothRinzelNeuron(Neuron):
    """Booth-Rinzel two-compartment motoneuron: a dendritic L-type Ca2+ plateau gives self-sustained, bistable firing.

    The two-compartment motoneuron of Booth & Rinzel (1995, "A minimal, compartmental model for a dendritic origin
    of bistability of motoneuron firing patterns", J. Comput. Neurosci. 2:299-312) in the form with published
    kinetics and parameter table of Booth, Rinzel & Kiehn (1997, J. Neurophysiol. 78:3371-3385, Eqs. 1-9,
    Table 1)::

        C dV_s/dt = I_s - I_Na - I_Kdr - I_CaN,s - I_KCa,s - g_L (V_s - E_L) - (g_c/p)(V_s - V_d)
        C dV_d/dt = I_d - I_CaN,d - I_CaL - I_KCa,d - g_L (V_d - E_L) - (g_c/(1-p))(V_d - V_s)
        I_Na = g_Na m_inf^3 h (V_s - E_Na)         I_Kdr = g_Kdr n^4 (V_s - E_K)
        I_CaN = g_CaN m_N^2 h_N (V - E_Ca)         I_KCa = g_KCa Ca/(Ca + K_d) (V - E_K)
        I_CaL = g_CaL m_L (V_d - E_Ca)             dCa/dt = f (-alpha I_Ca - k_Ca Ca)   (per compartment)
        x_inf(V) = 1/(1 + exp((V - theta_x)/s_x)):  m (-35, -7.8), h (-55, 7), n (-28, -15), m_N (-30, -5),
                   h_N (-45, 5), m_L (-40, -7);   tau_h = 30/(exp((V+50)/15) + exp(-(V+50)/16)),
                   tau_n = 7/(exp((V+40)/40) + exp(-(V+40)/50)), tau_mN = 4, tau_hN = 40, tau_mL = 40 ms

    (the somatic Na activation is instantaneous). The persistent, slowly activating dendritic L-type current is
    the plateau: once the dendrite is depolarised it stays up and keeps the soma firing after the input is
    gone, and on a slow current ramp the soma fires on the way down at currents below its recruitment current
    (counter-clockwise F-I hysteresis, the bistability of the 1995 paper). :data:`SEROTONIN` /
    ``preset("5ht")`` reduces both K(Ca) conductances as in the paper's 5-HT simulations.

    Integration: ``n_sub`` exponential-Euler (Rush-Larsen) sub-steps per ``dt`` (defaults 5 x 0.01 ms): each
    gate and each Ca2+ pool relaxes exactly towards its value for the voltages held over the sub-step, each
    potential relaxes exactly towards its conductance-weighted reversal (coupling included). Unconditionally
    stable, first order; no NaN for any input (the seed's Euler step diverged for I >= 0.5). A somatic spike is
    an upward crossing of ``V_spike`` in any sub-step; at most one per step.

    Parameters (units; defaults of BRK 1997 Table 1): ``p`` (0.1), ``g_c`` mS/cm^2 (0.1), ``C_m`` uF/cm^2 (1),
    ``g_Na`` (120), ``g_Kdr`` (100), ``g_CaN_s`` (14), ``g_KCa_s`` (5), ``g_CaN_d`` (0.3), ``g_KCa_d`` (1.1),
    ``g_CaL`` (0.33), ``g_L`` (0.51) mS/cm^2; ``E_Na`` 55, ``E_K`` -80, ``E_Ca`` 80, ``E_L`` -60 mV; ``K_d``
    0.2 uM, ``f`` 0.01, ``alpha`` 0.009 mol/(C um), ``k_Ca`` 2 /ms; ``V_spike`` mV (-10); ``dt`` ms (0.05),
    ``n_sub`` (5). Inputs: ``somatic_current`` I_s (uA/cm^2; ``step(x)``), ``dendritic_current`` I_d
    (uA/cm^2). Output: ``spike`` 0/1.

    Differences: the 1995 paper's own simplified kinetics could not be checked here, so the published
    1997 kinetics and Table 1 of the same authors are used (same two-compartment structure, same plateau
    mechanism); the seed's model (Pinsky-Rinzel-like Ca gating, chi = min(Ca/250, 1)) matched neither paper.
    """

    Params = BoothRinzelParams
    speculate = False
    state_vars = {
        "vs": float,
        "vd": float,
        "h": float,
        "n": float,
        "mns": float,
        "hns": float,
        "mnd": float,
        "hnd": float,
        "ml": float,
        "cas": float,
        "cad": float,
    }
    inputs = (
        Input("somatic_current", 0.0, "uA/cm^2", "current injected into the soma"),
        Input("dendritic_current", 0.0, "uA/cm^2", "current injected into the dendrite"),
    )
    PRESETS = {"5ht": SEROTONIN}

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> BoothRinzelNeuron:
        """``"5ht"``: the serotonin condition of Booth, Rinzel & Kiehn 1997 (K(Ca) conductances reduced)."""
        if name not in cls.PRESETS:
            raise ValueError(f"preset must be one of {sorted(cls.PRESETS)}, got {name!r}")
        return cls(**{**cls.PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        v = -60.0
        return {
            "vs": v,
            "vd": v,
            "h": 1.0 / (1.0 + math.exp((v + 55.0) / 7.0)),
            "n": 1.0 / (1.0 + math.exp((v + 28.0) / -15.0)),
            "mns": 1.0 / (1.0 + math.exp((v + 30.0) / -5.0)),
            "hns": 1.0 / (1.0 + math.exp((v + 45.0) / 5.0)),
            "mnd": 1.0 / (1.0 + math.exp((v + 30.0) / -5.0)),
            "hnd": 1.0 / (1.0 + math.exp((v + 45.0) / 5.0)),
            "ml": 1.0 / (1.0 + math.exp((v + 40.0) / -7.0)),
            "cas": 0.0,
            "cad": 0.0,
        }

    @staticmethod
    def derive(p):
        hs = p.dt / p.n_sub
        return {
            "hs": hs,
            "n_sub": p.n_sub,
            "gcs": p.g_c / p.p,
            "gcd": p.g_c / (1.0 - p.p),
            "cm": p.C_m,
            "g_na": p.g_Na,
            "g_kdr": p.g_Kdr,
            "g_cans": p.g_CaN_s,
            "g_kcas": p.g_KCa_s,
            "g_cand": p.g_CaN_d,
            "g_kcad": p.g_KCa_d,
            "g_cal": p.g_CaL,
            "g_l": p.g_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_ca": p.E_Ca,
            "e_l": p.E_L,
            "k_d": p.K_d,
            "fa": p.f * p.alpha,
            "e_cadecay": math.exp(-hs * p.f * p.k_Ca),
            "fk": p.f * p.k_Ca,
            "e_mn": math.exp(-hs / 4.0),
            "e_hn": math.exp(-hs / 40.0),
            "e_ml": math.exp(-hs / 40.0),
            "v_spike": p.V_spike,
        }

    @staticmethod
    def kernel(
        vs,
        vd,
        h,
        n,
        mns,
        hns,
        mnd,
        hnd,
        ml,
        cas,
        cad,
        somatic_current,
        dendritic_current,
        hs,
        n_sub,
        gcs,
        gcd,
        cm,
        g_na,
        g_kdr,
        g_cans,
        g_kcas,
        g_cand,
        g_kcad,
        g_cal,
        g_l,
        e_na,
        e_k,
        e_ca,
        e_l,
        k_d,
        fa,
        e_cadecay,
        fk,
        e_mn,
        e_hn,
        e_ml,
        v_spike,
    ):
        spike = 0
        for _ in range(n_sub):
            vs0 = vs
            # gates (exact relaxation at the voltages of the sub-step start)
            minf = 1.0 / (1.0 + math.exp(min((vs + 35.0) / -7.8, 700.0)))
            hinf = 1.0 / (1.0 + math.exp(min((vs + 55.0) / 7.0, 700.0)))
            ninf = 1.0 / (1.0 + math.exp(min((vs + 28.0) / -15.0, 700.0)))
            xa = (vs + 50.0) / 15.0
            xb = -(vs + 50.0) / 16.0
            tau_h = 30.0 / (math.exp(min(xa, 700.0)) + math.exp(min(xb, 700.0)))
            xa = (vs + 40.0) / 40.0
            xb = -(vs + 40.0) / 50.0
            tau_n = 7.0 / (math.exp(min(xa, 700.0)) + math.exp(min(xb, 700.0)))
            h = hinf + (h - hinf) * math.exp(-hs / tau_h)
            n = ninf + (n - ninf) * math.exp(-hs / tau_n)
            mns_inf = 1.0 / (1.0 + math.exp(min((vs + 30.0) / -5.0, 700.0)))
            hns_inf = 1.0 / (1.0 + math.exp(min((vs + 45.0) / 5.0, 700.0)))
            mnd_inf = 1.0 / (1.0 + math.exp(min((vd + 30.0) / -5.0, 700.0)))
            hnd_inf = 1.0 / (1.0 + math.exp(min((vd + 45.0) / 5.0, 700.0)))
            ml_inf = 1.0 / (1.0 + math.exp(min((vd + 40.0) / -7.0, 700.0)))
            mns = mns_inf + (mns - mns_inf) * e_mn
            hns = hns_inf + (hns - hns_inf) * e_hn
            mnd = mnd_inf + (mnd - mnd_inf) * e_mn
            hnd = hnd_inf + (hnd - hnd_inf) * e_hn
            ml = ml_inf + (ml - ml_inf) * e_ml
            # Ca pools: dCa/dt = -f alpha I_Ca - f k_Ca Ca, I_Ca at the sub-step start
            ica_s = g_cans * mns * mns * hns * (vs - e_ca)
            ica_d = (g_cand * mnd * mnd * hnd + g_cal * ml) * (vd - e_ca)
            src = -fa * ica_s / fk
            cas = src + (cas - src) * e_cadecay
            src = -fa * ica_d / fk
            cad = src + (cad - src) * e_cadecay
            if cas < 0.0:
                cas = 0.0
            if cad < 0.0:
                cad = 0.0
            # potentials: exact relaxation towards the conductance-weighted reversal, other compartment held
            n2 = n * n
            g_nas = g_na * minf * minf * minf * h
            g_ks = g_kdr * n2 * n2 + g_kcas * cas / (cas + k_d)
            g_cas = g_cans * mns * mns * hns
            g_tot = g_nas + g_ks + g_cas + g_l + gcs
            vinf = (g_nas * e_na + g_ks * e_k + g_cas * e_ca + g_l * e_l + gcs * vd + somatic_current) / g_tot
            vs_new = vinf + (vs - vinf) * math.exp(-hs * g_tot / cm)
            g_kd = g_kcad * cad / (cad + k_d)
            g_cad = g_cand * mnd * mnd * hnd + g_cal * ml
            g_tot = g_kd + g_cad + g_l + gcd
            vinf = (g_kd * e_k + g_cad * e_ca + g_l * e_l + gcd * vs + dendritic_current) / g_tot
            vd = vinf + (vd - vinf) * math.exp(-hs * g_tot / cm)
            vs = vs_new
            if vs0 < v_spike and vs >= v_spike:
                spike = 1
        return vs, vd, h, n, mns, hns, mnd, hnd, ml, cas, cad, spike
