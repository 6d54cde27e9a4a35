"""Hay et al. 2011 layer-5 thick-tufted pyramidal cell, reduced to 3 compartments (soma, apical trunk, Ca hot zone)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Hay et al. 2011 mod files (ModelDB 139653): rates at 34 degC, Q10 2.3 from 21 degC where the file applies one.
_QT = 2.3 ** ((34.0 - 21.0) / 10.0)
# RT/(2F) at 34 degC (mV): Nernst potential of Ca2+, as NEURON computes eca from cai/cao for CaDynamics_E2.
_RT_2F = 8.314462618 * (273.15 + 34.0) / (2.0 * 96485.33212) * 1000.0
# CaDynamics_E2: cai' = -1e4 ica gamma/(2 F depth) - (cai - minCai)/decay, ica in mA/cm^2, depth 0.1 um
_CA_K = 1.0e4 / (2.0 * 96485.33212 * 0.1)


def _vt(x: float, k: float) -> float:
    """x / (1 - exp(-x/k)), finite at x = 0 (limit k + x/2)."""
    if abs(x) < 1e-6 * k:
        return k + 0.5 * x
    return x / -math.expm1(-x / k)


def _steady_gates(v: float) -> dict[str, float]:
    """Steady-state gates of every Hay 2011 channel at potential ``v`` (mV); same formulas as the kernel."""
    am = 0.182 * _vt(v + 38.0, 6.0)
    bm = 0.124 * _vt(-(v + 38.0), 6.0)
    ah = 0.015 * _vt(-(v + 66.0), 6.0)
    bh = 0.015 * _vt(v + 66.0, 6.0)
    u = v + 10.0
    a_hva = 0.055 * _vt(v + 27.0, 3.8)
    b_hva = 0.94 * math.exp((-75.0 - v) / 17.0)
    ah_hva = 0.000457 * math.exp((-13.0 - v) / 50.0)
    bh_hva = 0.0065 / (math.exp((-v - 15.0) / 28.0) + 1.0)
    a_im = 3.3e-3 * math.exp(0.1 * (v + 35.0))
    b_im = 3.3e-3 * math.exp(-0.1 * (v + 35.0))
    a_ih = 0.00643 * _vt(-(v + 154.9), 11.9)
    b_ih = 0.193 * math.exp(v / 33.1)
    return {
        "na_m": am / (am + bm),
        "na_h": ah / (ah + bh),
        "nap_m": 1.0 / (1.0 + math.exp(-(v + 52.6) / 4.6)),
        "nap_h": 1.0 / (1.0 + math.exp((v + 48.8) / 10.0)),
        "kp_m": 1.0 / (1.0 + math.exp(-(u + 1.0) / 12.0)),
        "kp_h": 1.0 / (1.0 + math.exp((u + 54.0) / 11.0)),
        "kt_m": 1.0 / (1.0 + math.exp(-u / 19.0)),
        "kt_h": 1.0 / (1.0 + math.exp((u + 66.0) / 10.0)),
        "kv3_m": 1.0 / (1.0 + math.exp(-(v - 18.7) / 9.7)),
        "hva_m": a_hva / (a_hva + b_hva),
        "hva_h": ah_hva / (ah_hva + bh_hva),
        "lva_m": 1.0 / (1.0 + math.exp(-(u + 30.0) / 6.0)),
        "lva_h": 1.0 / (1.0 + math.exp((u + 80.0) / 6.4)),
        "im_m": a_im / (a_im + b_im),
        "ih_m": a_ih / (a_ih + b_ih),
    }


@params_dataclass
class HayL5Params(ParamSet):
    # Channel densities (S/cm^2), passive properties and Ca pools: Hay et al. 2011, ModelDB 139653,
    # models/L5PCbiophys3.hoc (the model of the paper's BAC-firing figures); kinetics: the mod files named.
    # -- soma ("somatic" section list)
    gNaTa_s: float = param(2.04, units="S/cm^2", lo=0.0, doc="soma NaTa_t (biophys3)")
    gNap_s: float = param(0.00172, units="S/cm^2", lo=0.0, doc="soma Nap_Et2 (biophys3)")
    gKPst_s: float = param(0.00223, units="S/cm^2", lo=0.0, doc="soma K_Pst (biophys3)")
    gKTst_s: float = param(0.0812, units="S/cm^2", lo=0.0, doc="soma K_Tst (biophys3)")
    gSKv3_s: float = param(0.693, units="S/cm^2", lo=0.0, doc="soma SKv3_1 (biophys3)")
    gSK_s: float = param(0.0441, units="S/cm^2", lo=0.0, doc="soma SK_E2 (biophys3)")
    gCaHVA_s: float = param(0.000992, units="S/cm^2", lo=0.0, doc="soma Ca_HVA (biophys3)")
    gCaLVA_s: float = param(0.00343, units="S/cm^2", lo=0.0, doc="soma Ca_LVAst (biophys3)")
    gIh_s: float = param(0.0002, units="S/cm^2", lo=0.0, doc="soma Ih (biophys3)")
    g_pas_s: float = param(0.0000338, units="S/cm^2", lo=0.0, doc="soma leak (biophys3)")
    cm_s: float = positive(1.0, "uF/cm^2", "soma specific capacitance (biophys3)")
    gamma_s: float = param(0.000501, units="1", lo=0.0, hi=1.0, doc="soma free Ca fraction (CaDynamics_E2)")
    decay_s: float = positive(460.0, "ms", "soma Ca removal time constant (CaDynamics_E2)")
    # -- basal dendrites, lumped into the somatic compartment ("basal" list: Ih and leak, cm 2)
    gIh_b: float = param(0.0002, units="S/cm^2", lo=0.0, doc="basal Ih (biophys3)")
    g_pas_b: float = param(0.0000467, units="S/cm^2", lo=0.0, doc="basal leak (biophys3)")
    cm_b: float = positive(2.0, "uF/cm^2", "basal specific capacitance (biophys3, spines)")
    # -- apical trunk compartment ("apical" list outside the hot zone)
    gNaTa_t: float = param(0.0213, units="S/cm^2", lo=0.0, doc="trunk NaTa_t (biophys3 apical)")
    gIm_t: float = param(0.0000675, units="S/cm^2", lo=0.0, doc="trunk Im (biophys3 apical)")
    gIh_t: float = param(
        0.001, units="S/cm^2", lo=0.0, doc="trunk Ih: mean of biophys3's exponential Ih gradient over x = 0..0.5"
    )
    g_pas_t: float = param(0.0000589, units="S/cm^2", lo=0.0, doc="trunk leak (biophys3 apical)")
    cm_t: float = positive(2.0, "uF/cm^2", "trunk specific capacitance (biophys3 apical)")
    # -- distal compartment: Ca hot zone and tuft ("apical" list at 685-885 um and beyond)
    gNaTa_d: float = param(0.0213, units="S/cm^2", lo=0.0, doc="hot-zone NaTa_t (biophys3 apical)")
    gIm_d: float = param(0.0000675, units="S/cm^2", lo=0.0, doc="hot-zone Im (biophys3 apical)")
    gSK_d: float = param(0.0012, units="S/cm^2", lo=0.0, doc="hot-zone SK_E2 (biophys3 apical)")
    gCaHVA_d: float = param(0.000555, units="S/cm^2", lo=0.0, doc="hot-zone Ca_HVA (biophys3 hot zone)")
    gCaLVA_d: float = param(0.0187, units="S/cm^2", lo=0.0, doc="hot-zone Ca_LVAst (biophys3 hot zone)")
    gIh_d: float = param(
        0.007, units="S/cm^2", lo=0.0, doc="hot-zone Ih: mean of biophys3's Ih gradient over x = 0.5..1"
    )
    g_pas_d: float = param(0.0000589, units="S/cm^2", lo=0.0, doc="hot-zone leak (biophys3 apical)")
    cm_d: float = positive(2.0, "uF/cm^2", "hot-zone specific capacitance (biophys3 apical)")
    gamma_d: float = param(0.000509, units="1", lo=0.0, hi=1.0, doc="hot-zone free Ca fraction (CaDynamics_E2)")
    decay_d: float = positive(122.0, "ms", "hot-zone Ca removal time constant (CaDynamics_E2)")
    # -- reversal potentials, Ca pool floor, outside Ca (biophys3; NEURON defaults)
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal (biophys3 ena)")
    E_K: float = param(-85.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal (biophys3 ek)")
    E_h: float = param(-45.0, units="mV", lo=-200.0, hi=200.0, doc="Ih reversal (Ih.mod ehcn)")
    E_pas: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal (biophys3 e_pas)")
    min_cai: float = positive(1e-4, "mM", "resting [Ca2+]i (CaDynamics_E2 minCai)")
    cao: float = positive(2.0, "mM", "extracellular [Ca2+] (NEURON default cao0)")
    # -- reduced geometry: Bahl, Stemmler, Herz & Roth 2012, J. Neurosci. Methods 210:22 (areas of the
    #    reduced model's soma, basal, apical shaft/oblique and tuft cylinders; see the class docstring)
    A_soma: float = positive(1683.0, "um^2", "soma membrane area (Bahl et al. 2012)")
    A_basal: float = param(7061.0, units="um^2", lo=0.0, doc="basal dendrite area, lumped with the soma (Bahl 2012)")
    A_trunk: float = positive(9312.0, "um^2", "apical trunk (shaft + obliques) area (Bahl et al. 2012)")
    A_tuft: float = positive(9434.0, "um^2", "distal compartment (hot zone + tuft) area (Bahl et al. 2012)")
    # Coupling conductances: CHOSEN to obtain BAC firing (the passive values of Bahl et al.'s cylinders, 24.3 and
    # 11.5 nS, let the back-propagating AP reach the hot zone with only ~8 mV; see the class docstring).
    g_st: float = param(200.0, units="nS", lo=0.0, doc="soma-trunk coupling (chosen for BAC firing)")
    g_td: float = param(50.0, units="nS", lo=0.0, doc="trunk-hot zone coupling (chosen for BAC firing)")
    # -- detection and integration
    V_spike: float = param(-20.0, units="mV", lo=-100.0, hi=50.0, doc="somatic spike level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of step()")
    n_sub: int = param(4, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.n_sub
        if h > 0.05:
            raise ValueError(
                f"dt/n_sub must be <= 0.05 ms to resolve the action potential, got dt={self.dt} ms, "
                f"n_sub={self.n_sub} (dt/n_sub={h} ms)"
            )


_STATE = (
    "vs", "vt", "vd",
    "s_na_m", "s_na_h", "s_nap_m", "s_nap_h", "s_kp_m", "s_kp_h", "s_kt_m", "s_kt_h", "s_kv3_m", "s_sk_z",
    "s_hva_m", "s_hva_h", "s_lva_m", "s_lva_h", "s_ih_m", "s_cai",
    "t_na_m", "t_na_h", "t_im_m", "t_ih_m",
    "d_na_m", "d_na_h", "d_im_m", "d_ih_m", "d_sk_z", "d_hva_m", "d_hva_h", "d_lva_m", "d_lva_h", "d_cai",
)  # fmt: skip


def _sk_inf(cai: float) -> float:
    c = cai if cai > 1e-7 else 1e-7
    return 1.0 / (1.0 + (0.00043 / c) ** 4.8)


def _ion_currents(p, v: float, cai: float, comp: str) -> tuple[float, float, float]:
    """(total conductance uS, sum g*E nA, Ca current density mA/cm^2) of compartment ``comp`` at steady gates."""
    g = _steady_gates(v)
    e_ca = _RT_2F * math.log(p.cao / cai)
    if comp == "s":
        a, ab = p.A_soma * 1e-2, p.A_basal * 1e-2
        gca_d = p.gCaHVA_s * g["hva_m"] ** 2 * g["hva_h"] + p.gCaLVA_s * g["lva_m"] ** 2 * g["lva_h"]
        gna = (p.gNaTa_s * g["na_m"] ** 3 * g["na_h"] + p.gNap_s * g["nap_m"] ** 3 * g["nap_h"]) * a
        gk = (
            p.gKPst_s * g["kp_m"] ** 2 * g["kp_h"]
            + p.gKTst_s * g["kt_m"] ** 4 * g["kt_h"]
            + p.gSKv3_s * g["kv3_m"]
            + p.gSK_s * _sk_inf(cai)
        ) * a
        gh = p.gIh_s * g["ih_m"] * a + p.gIh_b * g["ih_m"] * ab
        gl = p.g_pas_s * a + p.g_pas_b * ab
        gca = gca_d * a
    elif comp == "t":
        a = p.A_trunk * 1e-2
        gca_d = gca = 0.0
        gna = p.gNaTa_t * g["na_m"] ** 3 * g["na_h"] * a
        gk = p.gIm_t * g["im_m"] * a
        gh = p.gIh_t * g["ih_m"] * a
        gl = p.g_pas_t * a
    else:
        a = p.A_tuft * 1e-2
        gca_d = p.gCaHVA_d * g["hva_m"] ** 2 * g["hva_h"] + p.gCaLVA_d * g["lva_m"] ** 2 * g["lva_h"]
        gna = p.gNaTa_d * g["na_m"] ** 3 * g["na_h"] * a
        gk = (p.gIm_d * g["im_m"] + p.gSK_d * _sk_inf(cai)) * a
        gh = p.gIh_d * g["ih_m"] * a
        gl = p.g_pas_d * a
        gca = gca_d * a
    gt = gna + gk + gh + gl + gca
    ge = gna * p.E_Na + gk * p.E_K + gh * p.E_h + gl * p.E_pas + gca * e_ca
    return gt, ge, gca_d * (v - e_ca)


def _resting_state(p) -> dict[str, float]:
    """Resting state at zero input: potentials by damped fixed-point iteration of the current balance of the
    three coupled compartments with every gate at steady state and each Ca pool at its steady [Ca2+]i."""
    v = {"s": -75.0, "t": -72.0, "d": -70.0}
    cai = {"s": p.min_cai, "d": p.min_cai}
    gc = {"st": p.g_st * 1e-3, "td": p.g_td * 1e-3}
    for _ in range(400):
        new = {}
        for c in ("s", "t", "d"):
            ca = cai.get(c, p.min_cai)
            gt, ge, ica = _ion_currents(p, v[c], ca, c)
            if c == "s":
                gt, ge = gt + gc["st"], ge + gc["st"] * v["t"]
                cai["s"] = max(p.min_cai - p.decay_s * _CA_K * p.gamma_s * ica, 1e-7)
            elif c == "t":
                gt, ge = gt + gc["st"] + gc["td"], ge + gc["st"] * v["s"] + gc["td"] * v["d"]
            else:
                gt, ge = gt + gc["td"], ge + gc["td"] * v["t"]
                cai["d"] = max(p.min_cai - p.decay_d * _CA_K * p.gamma_d * ica, 1e-7)
            new[c] = 0.5 * v[c] + 0.5 * ge / gt
        v = new
    st = {"vs": v["s"], "vt": v["t"], "vd": v["d"], "s_cai": cai["s"], "d_cai": cai["d"]}
    for c, names in (
        ("s", ("na_m", "na_h", "nap_m", "nap_h", "kp_m", "kp_h", "kt_m", "kt_h", "kv3_m", "hva_m", "hva_h",
               "lva_m", "lva_h", "ih_m")),
        ("t", ("na_m", "na_h", "im_m", "ih_m")),
        ("d", ("na_m", "na_h", "im_m", "ih_m", "hva_m", "hva_h", "lva_m", "lva_h")),
    ):  # fmt: skip
        g = _steady_gates(v[c])
        for n in names:
            st[f"{c}_{n}"] = g[n]
    st["s_sk_z"] = _sk_inf(cai["s"])
    st["d_sk_z"] = _sk_inf(cai["d"])
    return {k: st[k] for k in _STATE}


@register(
    family="multi-compartment",
    reference="Hay, Hill, Schürmann, Markram & Segev 2011, PLoS Comput. Biol. 7:e1002107",
    units="mV, nA, S/cm^2, um^2, nS, mM, ms",
    primary="input_current",
    sweep=(0.0, 3.0),
)
class HayL5PyramidalNeuron(Neuron):
    """Hay et al. 2011 L5 thick-tufted pyramidal cell, 3 compartments with Hay's channels: BAC firing and adapting f-I.

    Channels and densities: Hay, Hill, Schürmann, Markram & Segev 2011, "Models of neocortical layer 5b pyramidal
    cells capturing a wide range of dendritic and perisomatic active properties", PLoS Comput. Biol.
    7:e1002107; kinetics of the paper's mod files (ModelDB 139653: NaTa_t, Nap_Et2, K_Pst, K_Tst, SKv3_1,
    SK_E2, Ca_HVA, Ca_LVAst, Ih, Im, CaDynamics_E2; rates at 34 degC, Q10 2.3 where the file has one) and the
    densities of models/L5PCbiophys3.hoc (the BAC-firing model). Three compartments, potentials in mV::

        C_s dV_s/dt = I_s - I_ion,s - g_st (V_s - V_t)                       soma + lumped basal dendrites
        C_t dV_t/dt =     - I_ion,t - g_st (V_t - V_s) - g_td (V_t - V_d)    apical trunk
        C_d dV_d/dt = I_d - I_ion,d - g_td (V_d - V_t)                       distal: Ca hot zone + tuft
        I_ion,s = A_s [g_NaTa m^3 h (V-E_Na) + g_Nap m^3 h (V-E_Na) + g_KPst m^2 h (V-E_K) + g_KTst m^4 h (V-E_K)
                  + g_SKv3 m (V-E_K) + g_SK z (V-E_K) + (g_HVA m^2 h + g_LVA m^2 h)(V-E_Ca)]
                  + (A_s g_Ih,s + A_b g_Ih,b) m (V-E_h) + (A_s g_pas,s + A_b g_pas,b)(V-E_pas)
        I_ion,t = A_t [g_NaTa m^3 h (V-E_Na) + g_Im m (V-E_K) + g_Ih m (V-E_h) + g_pas (V-E_pas)]
        I_ion,d = A_d [g_NaTa m^3 h (V-E_Na) + (g_Im m + g_SK z)(V-E_K) + (g_HVA m^2 h + g_LVA m^2 h)(V-E_Ca)
                  + g_Ih m (V-E_h) + g_pas (V-E_pas)]
        dx/dt = (x_inf(V) - x)/tau_x(V) for every gate (Hay's formulas; SK: z_inf = 1/(1 + (0.43 uM/[Ca])^4.8),
        tau 1 ms);  d[Ca]/dt = -1e4 gamma i_Ca/(2 F 0.1 um) - ([Ca] - 1e-4 mM)/decay  (soma, distal pools);
        E_Ca = (RT/2F) ln(2 mM/[Ca]) at 34 degC;  C = A cm, A in um^2, g in S/cm^2, I in nA.

    Reduction (stated choices): the morphology is replaced by the compartment areas of the reduced L5 model of
    Bahl, Stemmler, Herz & Roth 2012 (J. Neurosci. Methods 210:22, init_model1: soma 1683 um^2, basal 7061,
    apical shaft/obliques 9312, tuft 9434 um^2); the basal area is lumped with the soma (Hay's basal Ih, leak,
    cm 2), the axon is left out (biophys3 has a passive axon stub). Trunk and distal compartment take Hay's
    apical densities; the distal compartment has Hay's hot-zone Ca densities (Ca_LVAst 0.0187, Ca_HVA 5.55e-4
    S/cm^2, at 685-885 um in the full model) over its whole area; Ih is Hay's exponential gradient
    2e-4 (-0.8696 + 2.087 exp(3.6161 x)) S/cm^2 averaged over normalised distance x = 0..0.5 (trunk, 0.001)
    and 0.5..1 (distal, 0.007). The low trunk Ca densities (1% / 10% of the hot zone) and the dendritic
    SKv3_1 (2.6e-4 S/cm^2) are left out. The coupling conductances are NOT those of the passive cylinders
    (24.3 and 11.5 nS from Bahl's lengths and axial resistivities): one trunk compartment cannot carry the
    actively back-propagating AP of the full model, so g_st = 200 nS and g_td = 50 nS were chosen so that
    the somatic AP reaches the hot zone as a ~30 mV depolarisation (to about -37 mV), below the Ca-spike
    threshold, as the bAP does at 620-800 um in the full model. With these values the model reproduces BAC
    firing (Larkum, Zhu & Sakmann 1999, Nature 398:338; Hay 2011 Fig. 3-4) with Hay's stimuli: somatic
    1.9 nA for 5 ms alone -> 1 AP; the distal EPSP-shaped current (tau 0.5/5 ms, peak 0.5 nA, into the
    distal compartment, unscaled) alone -> a few mV, no AP; both, EPSP onset 5 ms after the pulse onset ->
    a dendritic Ca plateau (V_d > -20 mV for ~25 ms) and a burst of 4 somatic APs. A distal input of about
    3 nA alone also evokes the Ca spike and a burst.

    Integration: ``n_sub`` sub-steps per ``dt`` (defaults 4 x 0.025 ms, NEURON's default step): every gate
    and both Ca pools relax exactly towards their values at the sub-step's potentials (Rush-Larsen /
    exponential Euler), then each potential relaxes exactly towards its conductance-weighted reversal with
    the new gates and the neighbours' potentials held (coupled exponential Euler; unconditionally stable,
    first order). Removable singularities of the rate functions are evaluated by their limits. The initial
    state is the resting state (damped fixed-point iteration of the three current balances with steady
    gates; about -71.8 / -71.4 / -68.7 mV). Output ``spike`` (0/1): the somatic potential crosses
    ``V_spike`` (-20 mV) upwards in a sub-step; at most one per step.

    Parameters (defaults and sources in :class:`HayL5Params`): densities in S/cm^2 (>= 0), cm in uF/cm^2,
    Ca-pool gamma in [0, 1] and decay in ms, reversal potentials in mV (E_Na 50, E_K -85, E_h -45, E_pas
    -90), areas in um^2, couplings in nS, ``dt`` (0, 1] ms with dt/n_sub <= 0.05 ms. Inputs:
    ``input_current`` (somatic, nA; ``step(x)``) and ``distal_current`` (nA into the distal compartment).

    Differences from the paper: a 3-compartment reduction instead of the reconstructed cell (morphology-
    dependent features such as bAP attenuation along the trunk or the BAC time window are only
    qualitative: the window closes for EPSP lags of ~10 ms here); fixed 34 degC; no axon (biophys3 has no
    active axon). The step-current firing is adapting and of the right order, but flatter than Hay's
    experimental f-I (measured here: 11, 12, 16 spikes in the first second at 0.78, 1.0, 1.9 nA).
    """

    Params = HayL5Params
    speculate = False
    state_vars = {k: float for k in _STATE}
    inputs = (
        Input("input_current", 0.0, "nA", "current injected into the soma"),
        Input("distal_current", 0.0, "nA", "current injected into the distal (hot zone) compartment"),
    )

    @staticmethod
    def initial_state(p):
        return _resting_state(p)

    @staticmethod
    def derive(p):
        a_s, a_b, a_t, a_d = p.A_soma * 1e-2, p.A_basal * 1e-2, p.A_trunk * 1e-2, p.A_tuft * 1e-2
        return {
            "h_sub": p.dt / p.n_sub,
            "n_sub": p.n_sub,
            "c_s": (p.cm_s * p.A_soma + p.cm_b * p.A_basal) * 1e-5,
            "c_t": p.cm_t * p.A_trunk * 1e-5,
            "c_d": p.cm_d * p.A_tuft * 1e-5,
            "g_st": p.g_st * 1e-3,
            "g_td": p.g_td * 1e-3,
            "gna_s": p.gNaTa_s * a_s,
            "gnap_s": p.gNap_s * a_s,
            "gkp_s": p.gKPst_s * a_s,
            "gkt_s": p.gKTst_s * a_s,
            "gkv3_s": p.gSKv3_s * a_s,
            "gsk_s": p.gSK_s * a_s,
            "ghva_s": p.gCaHVA_s * a_s,
            "glva_s": p.gCaLVA_s * a_s,
            "gih_s": p.gIh_s * a_s + p.gIh_b * a_b,
            "gl_s": p.g_pas_s * a_s + p.g_pas_b * a_b,
            "kca_s": _CA_K * p.gamma_s / a_s,
            "decay_s": p.decay_s,
            "gna_t": p.gNaTa_t * a_t,
            "gim_t": p.gIm_t * a_t,
            "gih_t": p.gIh_t * a_t,
            "gl_t": p.g_pas_t * a_t,
            "gna_d": p.gNaTa_d * a_d,
            "gim_d": p.gIm_d * a_d,
            "gih_d": p.gIh_d * a_d,
            "gsk_d": p.gSK_d * a_d,
            "ghva_d": p.gCaHVA_d * a_d,
            "glva_d": p.gCaLVA_d * a_d,
            "gl_d": p.g_pas_d * a_d,
            "kca_d": _CA_K * p.gamma_d / a_d,
            "decay_d": p.decay_d,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_h": p.E_h,
            "e_pas": p.E_pas,
            "min_cai": p.min_cai,
            "cao": p.cao,
            "v_spike": p.V_spike,
        }

    @staticmethod
    def kernel(
        vs, vt, vd,
        s_na_m, s_na_h, s_nap_m, s_nap_h, s_kp_m, s_kp_h, s_kt_m, s_kt_h, s_kv3_m, s_sk_z,
        s_hva_m, s_hva_h, s_lva_m, s_lva_h, s_ih_m, s_cai,
        t_na_m, t_na_h, t_im_m, t_ih_m,
        d_na_m, d_na_h, d_im_m, d_ih_m, d_sk_z, d_hva_m, d_hva_h, d_lva_m, d_lva_h, d_cai,
        input_current, distal_current,
        h_sub, n_sub, c_s, c_t, c_d, g_st, g_td,
        gna_s, gnap_s, gkp_s, gkt_s, gkv3_s, gsk_s, ghva_s, glva_s, gih_s, gl_s, kca_s, decay_s,
        gna_t, gim_t, gih_t, gl_t,
        gna_d, gim_d, gih_d, gsk_d, ghva_d, glva_d, gl_d, kca_d, decay_d,
        e_na, e_k, e_h, e_pas, min_cai, cao, v_spike,
    ):  # fmt: skip
        qt = 2.9529  # 2.3**((34 - 21)/10): Q10 factor of the Hay 2011 mod files that use one
        rt2f = 13.2343  # RT/(2F) at 34 degC, mV
        spike = 0
        for _k in range(n_sub):
            # ======== gates: exact exponential relaxation at the sub-step's potentials (Rush-Larsen) ========
            # ---- soma (+ lumped basal) ----
            v = vs
            u = v + 10.0  # the 10 mV junction-potential shift of K_Pst, K_Tst, Ca_LVAst
            x = v + 38.0
            am = 0.182 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            bm = 0.124 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            x = v + 66.0
            ah = 0.015 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            bh = 0.015 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            r = (am + bm) * qt
            s_na_m = am / (am + bm) + (s_na_m - am / (am + bm)) * math.exp(-h_sub * r)
            r = (ah + bh) * qt
            s_na_h = ah / (ah + bh) + (s_na_h - ah / (ah + bh)) * math.exp(-h_sub * r)
            # Nap_Et2: NaTa-like activation rates slowed 6-fold
            inf = 1.0 / (1.0 + math.exp(-(v + 52.6) / 4.6))
            s_nap_m = inf + (s_nap_m - inf) * math.exp(-h_sub * (am + bm) * qt / 6.0)
            x = v + 17.0
            a = 2.88e-6 * (4.63 - 0.5 * x if abs(x) < 4.63e-6 else -x / -math.expm1(x / 4.63))
            x = v + 64.4
            b = 6.94e-6 * (2.63 + 0.5 * x if abs(x) < 2.63e-6 else x / -math.expm1(-x / 2.63))
            inf = 1.0 / (1.0 + math.exp((v + 48.8) / 10.0))
            s_nap_h = inf + (s_nap_h - inf) * math.exp(-h_sub * (a + b) * qt)
            # K_Pst
            inf = 1.0 / (1.0 + math.exp(-(u + 1.0) / 12.0))
            if u < -50.0:
                tau = (1.25 + 175.03 * math.exp(0.026 * u)) / qt
            else:
                tau = (1.25 + 13.0 * math.exp(-0.026 * u)) / qt
            s_kp_m = inf + (s_kp_m - inf) * math.exp(-h_sub / tau)
            inf = 1.0 / (1.0 + math.exp((u + 54.0) / 11.0))
            y = (u + 75.0) / 48.0
            tau = (360.0 + (1010.0 + 24.0 * (u + 55.0)) * math.exp(-y * y)) / qt
            s_kp_h = inf + (s_kp_h - inf) * math.exp(-h_sub / tau)
            # K_Tst
            inf = 1.0 / (1.0 + math.exp(-u / 19.0))
            y = (u + 71.0) / 59.0
            tau = (0.34 + 0.92 * math.exp(-y * y)) / qt
            s_kt_m = inf + (s_kt_m - inf) * math.exp(-h_sub / tau)
            inf = 1.0 / (1.0 + math.exp((u + 66.0) / 10.0))
            y = (u + 73.0) / 23.0
            tau = (8.0 + 49.0 * math.exp(-y * y)) / qt
            s_kt_h = inf + (s_kt_h - inf) * math.exp(-h_sub / tau)
            # SKv3_1 (no Q10)
            inf = 1.0 / (1.0 + math.exp(-(v - 18.7) / 9.7))
            tau = 4.0 / (1.0 + math.exp(-(v + 46.56) / 44.14))
            s_kv3_m = inf + (s_kv3_m - inf) * math.exp(-h_sub / tau)
            # SK_E2 (tau 1 ms)
            c = s_cai if s_cai > 1e-7 else 1e-7
            inf = 1.0 / (1.0 + (0.00043 / c) ** 4.8)
            s_sk_z = inf + (s_sk_z - inf) * math.exp(-h_sub)
            # Ca_HVA (Reuveni 1993 rates, no Q10)
            x = v + 27.0
            a = 0.055 * (3.8 + 0.5 * x if abs(x) < 3.8e-6 else x / -math.expm1(-x / 3.8))
            b = 0.94 * math.exp((-75.0 - v) / 17.0)
            s_hva_m = a / (a + b) + (s_hva_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.000457 * math.exp((-13.0 - v) / 50.0)
            b = 0.0065 / (math.exp((-v - 15.0) / 28.0) + 1.0)
            s_hva_h = a / (a + b) + (s_hva_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            # Ca_LVAst
            inf = 1.0 / (1.0 + math.exp(-(u + 30.0) / 6.0))
            tau = (5.0 + 20.0 / (1.0 + math.exp((u + 25.0) / 5.0))) / qt
            s_lva_m = inf + (s_lva_m - inf) * math.exp(-h_sub / tau)
            inf = 1.0 / (1.0 + math.exp((u + 80.0) / 6.4))
            tau = (20.0 + 50.0 / (1.0 + math.exp((u + 40.0) / 7.0))) / qt
            s_lva_h = inf + (s_lva_h - inf) * math.exp(-h_sub / tau)
            # Ih (Kole, Hallermann & Stuart 2006; no Q10)
            x = v + 154.9
            a = 0.00643 * (11.9 - 0.5 * x if abs(x) < 11.9e-6 else -x / -math.expm1(x / 11.9))
            b = 0.193 * math.exp(v / 33.1)
            s_ih_m = a / (a + b) + (s_ih_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            # ---- trunk ----
            v = vt
            x = v + 38.0
            am = 0.182 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            bm = 0.124 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            x = v + 66.0
            ah = 0.015 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            bh = 0.015 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            t_na_m = am / (am + bm) + (t_na_m - am / (am + bm)) * math.exp(-h_sub * (am + bm) * qt)
            t_na_h = ah / (ah + bh) + (t_na_h - ah / (ah + bh)) * math.exp(-h_sub * (ah + bh) * qt)
            a = 3.3e-3 * math.exp(0.1 * (v + 35.0))
            b = 3.3e-3 * math.exp(-0.1 * (v + 35.0))
            t_im_m = a / (a + b) + (t_im_m - a / (a + b)) * math.exp(-h_sub * (a + b) * qt)
            x = v + 154.9
            a = 0.00643 * (11.9 - 0.5 * x if abs(x) < 11.9e-6 else -x / -math.expm1(x / 11.9))
            b = 0.193 * math.exp(v / 33.1)
            t_ih_m = a / (a + b) + (t_ih_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            # ---- distal: Ca hot zone + tuft ----
            v = vd
            u = v + 10.0
            x = v + 38.0
            am = 0.182 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            bm = 0.124 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            x = v + 66.0
            ah = 0.015 * (6.0 - 0.5 * x if abs(x) < 6e-6 else -x / -math.expm1(x / 6.0))
            bh = 0.015 * (6.0 + 0.5 * x if abs(x) < 6e-6 else x / -math.expm1(-x / 6.0))
            d_na_m = am / (am + bm) + (d_na_m - am / (am + bm)) * math.exp(-h_sub * (am + bm) * qt)
            d_na_h = ah / (ah + bh) + (d_na_h - ah / (ah + bh)) * math.exp(-h_sub * (ah + bh) * qt)
            a = 3.3e-3 * math.exp(0.1 * (v + 35.0))
            b = 3.3e-3 * math.exp(-0.1 * (v + 35.0))
            d_im_m = a / (a + b) + (d_im_m - a / (a + b)) * math.exp(-h_sub * (a + b) * qt)
            x = v + 154.9
            a = 0.00643 * (11.9 - 0.5 * x if abs(x) < 11.9e-6 else -x / -math.expm1(x / 11.9))
            b = 0.193 * math.exp(v / 33.1)
            d_ih_m = a / (a + b) + (d_ih_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            c = d_cai if d_cai > 1e-7 else 1e-7
            inf = 1.0 / (1.0 + (0.00043 / c) ** 4.8)
            d_sk_z = inf + (d_sk_z - inf) * math.exp(-h_sub)
            x = v + 27.0
            a = 0.055 * (3.8 + 0.5 * x if abs(x) < 3.8e-6 else x / -math.expm1(-x / 3.8))
            b = 0.94 * math.exp((-75.0 - v) / 17.0)
            d_hva_m = a / (a + b) + (d_hva_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.000457 * math.exp((-13.0 - v) / 50.0)
            b = 0.0065 / (math.exp((-v - 15.0) / 28.0) + 1.0)
            d_hva_h = a / (a + b) + (d_hva_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            inf = 1.0 / (1.0 + math.exp(-(u + 30.0) / 6.0))
            tau = (5.0 + 20.0 / (1.0 + math.exp((u + 25.0) / 5.0))) / qt
            d_lva_m = inf + (d_lva_m - inf) * math.exp(-h_sub / tau)
            inf = 1.0 / (1.0 + math.exp((u + 80.0) / 6.4))
            tau = (20.0 + 50.0 / (1.0 + math.exp((u + 40.0) / 7.0))) / qt
            d_lva_h = inf + (d_lva_h - inf) * math.exp(-h_sub / tau)

            # ======== conductances (uS) with the new gates; Nernst E_Ca from each pool ========
            e_ca_s = rt2f * math.log(cao / s_cai)
            e_ca_d = rt2f * math.log(cao / d_cai)
            m3 = s_na_m * s_na_m * s_na_m
            gna = gna_s * m3 * s_na_h + gnap_s * s_nap_m * s_nap_m * s_nap_m * s_nap_h
            m4 = s_kt_m * s_kt_m
            gk = gkp_s * s_kp_m * s_kp_m * s_kp_h + gkt_s * m4 * m4 * s_kt_h + gkv3_s * s_kv3_m + gsk_s * s_sk_z
            gca = ghva_s * s_hva_m * s_hva_m * s_hva_h + glva_s * s_lva_m * s_lva_m * s_lva_h
            gh = gih_s * s_ih_m
            ica_s = gca * (vs - e_ca_s)  # nA
            g_tot = gna + gk + gca + gh + gl_s + g_st
            v_inf = (gna * e_na + gk * e_k + gca * e_ca_s + gh * e_h + gl_s * e_pas + g_st * vt + input_current) / g_tot
            vs_new = v_inf + (vs - v_inf) * math.exp(-h_sub * g_tot / c_s)

            gna = gna_t * t_na_m * t_na_m * t_na_m * t_na_h
            gk = gim_t * t_im_m
            gh = gih_t * t_ih_m
            g_tot = gna + gk + gh + gl_t + g_st + g_td
            v_inf = (gna * e_na + gk * e_k + gh * e_h + gl_t * e_pas + g_st * vs + g_td * vd) / g_tot
            vt_new = v_inf + (vt - v_inf) * math.exp(-h_sub * g_tot / c_t)

            gna = gna_d * d_na_m * d_na_m * d_na_m * d_na_h
            gk = gim_d * d_im_m + gsk_d * d_sk_z
            gca = ghva_d * d_hva_m * d_hva_m * d_hva_h + glva_d * d_lva_m * d_lva_m * d_lva_h
            gh = gih_d * d_ih_m
            ica_d = gca * (vd - e_ca_d)
            g_tot = gna + gk + gca + gh + gl_d + g_td
            v_inf = (
                gna * e_na + gk * e_k + gca * e_ca_d + gh * e_h + gl_d * e_pas + g_td * vt + distal_current
            ) / g_tot
            vd_new = v_inf + (vd - v_inf) * math.exp(-h_sub * g_tot / c_d)

            # ======== Ca pools (CaDynamics_E2), exact for the sub-step's Ca current ========
            ca_inf = min_cai - decay_s * kca_s * ica_s
            s_cai = ca_inf + (s_cai - ca_inf) * math.exp(-h_sub / decay_s)
            ca_inf = min_cai - decay_d * kca_d * ica_d
            d_cai = ca_inf + (d_cai - ca_inf) * math.exp(-h_sub / decay_d)

            if vs < v_spike <= vs_new:
                spike = 1
            vs = vs_new
            vt = vt_new
            vd = vd_new
        return (
            vs, vt, vd,
            s_na_m, s_na_h, s_nap_m, s_nap_h, s_kp_m, s_kp_h, s_kt_m, s_kt_h, s_kv3_m, s_sk_z,
            s_hva_m, s_hva_h, s_lva_m, s_lva_h, s_ih_m, s_cai,
            t_na_m, t_na_h, t_im_m, t_ih_m,
            d_na_m, d_na_h, d_im_m, d_ih_m, d_sk_z, d_hva_m, d_hva_h, d_lva_m, d_lva_h, d_cai,
            spike,
        )  # fmt: skip
