"""De Schutter & Bower 1994 cerebellar Purkinje cell, reduced to soma + main dendrite + lumped dendritic tree."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# RT/(2F) at 37 degC in mV: the GENESIS ``nernst`` objects of the dendritic compartments (T 37, valency 2).
_RT_2F = 8.314462618 * 310.15 / (2.0 * 96485.33212) * 1000.0
# Ca pool (GENESIS Ca_concen, NEURON port cad.mod of Davie et al. 2004): dCa/dt = B I_Ca - (Ca - Ca_base)/tau,
# B = 1/(2 F shell volume); per unit membrane area 1e4 i_Ca/(2 F depth) mM/ms for i_Ca in mA/cm^2, depth in um.
_FARADAY = 96494.0  # the value of the GENESIS scripts and of cad.mod


def _ca_per_na(area_um2: float, depth_um: float) -> float:
    """mM/ms of Ca-pool change per nA of inward Ca current through ``area_um2`` of membrane (shell ``depth_um``)."""
    return 1.0e4 * (100.0 / area_um2) / (2.0 * _FARADAY * depth_um)


def _shell(depth: float, diam: float) -> float:
    """Effective shell depth of a cylinder: GENESIS takes the shell volume (outer minus inner circle), NEURON's
    cad.mod depth x circumference; Davie et al. 2004 correct the depth to depth - depth^2/diam."""
    return depth - depth * depth / diam


def _gates(v: float, ca: float) -> dict[str, tuple[float, float]]:
    """(steady state, rate 1/ms) of every gate at ``v`` mV and Ca ``ca`` mM: the kernel's formulas."""
    out = {}
    a = 35.0 * math.exp((v + 5.0) / 10.0)
    b = 7.0 * math.exp(-(v + 65.0) / 20.0)
    out["naf_m"] = (a / (a + b), a + b)
    a = 0.225 / (1.0 + math.exp((v + 80.0) / 10.0))
    b = 7.5 * math.exp((v - 3.0) / 18.0)
    out["naf_h"] = (a / (a + b), a + b)
    a = 200.0 / (1.0 + math.exp(-(v - 18.0) / 16.0))
    b = 25.0 / (1.0 + math.exp((v + 58.0) / 8.0))
    out["nap_m"] = (a / (a + b), a + b)
    a = 2.6 / (1.0 + math.exp(-(v + 21.0) / 8.0))
    b = 0.18 / (1.0 + math.exp((v + 40.0) / 4.0))
    out["cat_m"] = (a / (a + b), a + b)
    a = 0.0025 / (1.0 + math.exp((v + 40.0) / 8.0))
    b = 0.19 / (1.0 + math.exp(-(v + 50.0) / 10.0))
    out["cat_h"] = (a / (a + b), a + b)
    a = 8.5 / (1.0 + math.exp(-(v - 8.0) / 12.5))
    b = 35.0 / (1.0 + math.exp((v + 74.0) / 14.5))
    out["cap_m"] = (a / (a + b), a + b)
    a = 0.0015 / (1.0 + math.exp((v + 29.0) / 8.0))
    b = 0.0055 / (1.0 + math.exp(-(v + 23.0) / 8.0))
    out["cap_h"] = (a / (a + b), a + b)
    a = 1.4 / (1.0 + math.exp(-(v + 27.0) / 12.0))
    b = 0.49 / (1.0 + math.exp((v + 30.0) / 4.0))
    out["ka_m"] = (a / (a + b), a + b)
    a = 0.0175 / (1.0 + math.exp((v + 50.0) / 8.0))
    b = 1.3 / (1.0 + math.exp(-(v + 13.0) / 10.0))
    out["ka_h"] = (a / (a + b), a + b)
    x = v - 8.0
    a = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
    b = 5.0 * math.exp(-(v + 127.0) / 30.0)
    x = v + 12.0
    g = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
    z = 5.0 * math.exp(-(v + 147.0) / 30.0)
    out["kdr_m"] = (a / (a + b), g + z)
    out["kdr_h"] = (1.0 / (1.0 + math.exp((v + 25.0) / 4.0)), 1.0 / 1200.0 if v < -25.0 else 0.1)
    out["km_m"] = (
        1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0)),
        (3.3 * math.exp((v + 35.0) / 20.0) + math.exp(-(v + 35.0) / 20.0)) / 200.0,
    )
    out["h1_m"] = (0.8 / (1.0 + math.exp((v + 82.0) / 7.0)), 1.0 / 7.6)
    out["h2_m"] = (0.2 / (1.0 + math.exp((v + 82.0) / 7.0)), 1.0 / 36.8)
    b = 0.11 * math.exp(-(v - 35.0) / 14.9)
    out["kc_m"] = (7.5 / (7.5 + b), 7.5 + b)
    out["kc_z"] = (1.0 / (1.0 + 4.0 / (1000.0 * ca)), 0.1)
    b = 0.075 * math.exp(-(v + 25.0) / 6.0)
    out["k2_m"] = (25.0 / (25.0 + b), 25.0 + b)
    out["k2_z"] = (1.0 / (1.0 + 0.2 / (1000.0 * ca)), 0.1)
    return out


@params_dataclass
class DeSchutterPurkinjeParams(ParamSet):
    # Channel densities (S/cm^2): De Schutter & Bower 1994a Table 1, model PM9, as in the NEURON conversion of the
    # GENESIS model by Davie, Roth, Steuber, De Schutter & Hausser (2004) (soma / main dendrite / rest of tree).
    gNaF_s: float = param(7.5, units="S/cm^2", lo=0.0, doc="soma fast Na")
    gNaP_s: float = param(0.001, units="S/cm^2", lo=0.0, doc="soma persistent Na")
    gCaT_s: float = param(0.0005, units="S/cm^2", lo=0.0, doc="soma T-type Ca")
    gKA_s: float = param(0.015, units="S/cm^2", lo=0.0, doc="soma A-type K")
    gKdr_s: float = param(0.6, units="S/cm^2", lo=0.0, doc="soma delayed rectifier")
    gKM_s: float = param(0.00004, units="S/cm^2", lo=0.0, doc="soma M-type (persistent) K")
    gh_s: float = param(0.0003, units="S/cm^2", lo=0.0, doc="soma anomalous rectifier, each of Kh1 and Kh2")
    gCaP_m: float = param(0.0045, units="S/cm^2", lo=0.0, doc="main dendrite P-type Ca")
    gCaT_m: float = param(0.0005, units="S/cm^2", lo=0.0, doc="main dendrite T-type Ca")
    gKA_m: float = param(0.002, units="S/cm^2", lo=0.0, doc="main dendrite A-type K")
    gKdr_m: float = param(0.06, units="S/cm^2", lo=0.0, doc="main dendrite delayed rectifier")
    gKM_m: float = param(0.00001, units="S/cm^2", lo=0.0, doc="main dendrite M-type K")
    gKC_m: float = param(0.08, units="S/cm^2", lo=0.0, doc="main dendrite BK (KC) Ca-activated K")
    gK2_m: float = param(0.00039, units="S/cm^2", lo=0.0, doc="main dendrite K2 Ca-activated K")
    gCaP_d: float = param(0.0045, units="S/cm^2", lo=0.0, doc="tree (smooth + spiny) P-type Ca")
    gCaT_d: float = param(0.0005, units="S/cm^2", lo=0.0, doc="tree T-type Ca")
    gKM_d: float = param(0.000013, units="S/cm^2", lo=0.0, doc="tree M-type K")
    gKC_d: float = param(0.08, units="S/cm^2", lo=0.0, doc="tree BK (KC) Ca-activated K")
    gK2_d: float = param(0.00039, units="S/cm^2", lo=0.0, doc="tree K2 Ca-activated K")
    # Passive membrane (Davie et al. 2004 conversion of PM9): R_m 10 kOhm cm^2 soma, 30 kOhm cm^2 dendrite.
    g_pas_s: float = param(1.0e-4, units="S/cm^2", lo=0.0, doc="soma leak (1/R_m, R_m 10 kOhm cm^2)")
    g_pas_d: float = param(1.0 / 30000.0, units="S/cm^2", lo=0.0, doc="dendritic leak (R_m 30 kOhm cm^2)")
    cm: float = positive(1.64, "uF/cm^2", "specific membrane capacitance")
    E_Na: float = param(45.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal")
    E_K: float = param(-85.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal")
    E_h: float = param(-30.0, units="mV", lo=-200.0, hi=200.0, doc="anomalous-rectifier reversal (Kh1/Kh2)")
    E_pas: float = param(-80.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal")
    E_Ca_s: float = param(137.5, units="mV", lo=-200.0, hi=300.0, doc="soma Ca reversal, 12.5 ln(2.4/4e-5)")
    cao: float = positive(2.4, "mM", "extracellular Ca (dendritic E_Ca = RT/2F ln(cao/Ca), 37 degC)")
    ca_base: float = positive(4.0e-5, "mM", "resting submembrane Ca (Ca_base)")
    ca_tau: float = positive(0.1, "ms", "Ca pool decay time constant")
    shell: float = positive(0.2, "um", "Ca shell thickness")
    # Reduced geometry (this implementation's lumping; see the class docstring).
    d_soma: float = positive(29.8, "um", "soma diameter (sphere; Rapp et al. morphology, psmall.p)")
    A_main: float = positive(2296.0, "um^2", "main dendrite area (L 87 um x diam 8.4 um, psmall.p main[0-8])")
    d_main: float = positive(8.4, "um", "main dendrite diameter (for the Ca shell)")
    A_tree: float = positive(20000.0, "um^2", "lumped smooth + spiny tree, shaft area (carries the channels)")
    d_tree: float = positive(2.0, "um", "typical tree branch diameter (for the Ca shell)")
    spine_factor: float = param(3.5, units="1", lo=1.0, doc="tree membrane incl. spines / shaft (leak and C_m)")
    g_sm: float = param(0.5, units="uS", lo=0.0, doc="soma - main dendrite axial conductance")
    g_md: float = param(0.1, units="uS", lo=0.0, doc="main dendrite - tree axial conductance")
    # Detection and integration.
    V_spike: float = param(-20.0, units="mV", lo=-100.0, hi=50.0, doc="somatic spike level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of step()")
    n_sub: int = param(5, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.n_sub
        if h > 0.02:
            raise ValueError(
                f"dt/n_sub must be <= 0.02 ms (the 20 us step of the GENESIS model), got dt={self.dt} ms, "
                f"n_sub={self.n_sub} (dt/n_sub={h} ms)"
            )
        if self.shell >= 0.5 * min(self.d_main, self.d_tree):
            raise ValueError(
                f"shell must be < half the smallest dendritic diameter, got shell={self.shell} um, "
                f"d_main={self.d_main} um, d_tree={self.d_tree} um"
            )


_STATE = (
    "vs", "vm", "vd",
    "s_naf_m", "s_naf_h", "s_nap_m", "s_cat_m", "s_cat_h", "s_ka_m", "s_ka_h", "s_kdr_m", "s_kdr_h", "s_km_m",
    "s_h1_m", "s_h2_m",
    "m_cat_m", "m_cat_h", "m_cap_m", "m_cap_h", "m_ka_m", "m_ka_h", "m_kdr_m", "m_kdr_h", "m_km_m",
    "m_kc_m", "m_kc_z", "m_k2_m", "m_k2_z", "m_ca",
    "d_cat_m", "d_cat_h", "d_cap_m", "d_cap_h", "d_km_m", "d_kc_m", "d_kc_z", "d_k2_m", "d_k2_z", "d_ca",
)  # fmt: skip

_SOMA = ("naf_m", "naf_h", "nap_m", "cat_m", "cat_h", "ka_m", "ka_h", "kdr_m", "kdr_h", "km_m", "h1_m", "h2_m")
_MAIN = ("cat_m", "cat_h", "cap_m", "cap_h", "ka_m", "ka_h", "kdr_m", "kdr_h", "km_m", "kc_m", "kc_z", "k2_m", "k2_z")
_TREE = ("cat_m", "cat_h", "cap_m", "cap_h", "km_m", "kc_m", "kc_z", "k2_m", "k2_z")


def _derived(p) -> dict[str, float]:
    a_s = math.pi * p.d_soma * p.d_soma * 1e-2  # S/cm^2 -> uS
    a_m = p.A_main * 1e-2
    a_d = p.A_tree * 1e-2
    return {
        "h_sub": p.dt / p.n_sub,
        "n_sub": p.n_sub,
        "c_s": p.cm * a_s * 1e-3,  # nF
        "c_m": p.cm * a_m * 1e-3,
        "c_d": p.cm * a_d * p.spine_factor * 1e-3,
        "g_sm": p.g_sm,
        "g_md": p.g_md,
        "gnaf_s": p.gNaF_s * a_s,
        "gnap_s": p.gNaP_s * a_s,
        "gcat_s": p.gCaT_s * a_s,
        "gka_s": p.gKA_s * a_s,
        "gkdr_s": p.gKdr_s * a_s,
        "gkm_s": p.gKM_s * a_s,
        "gh_s": p.gh_s * a_s,
        "gl_s": p.g_pas_s * a_s,
        "gcap_m": p.gCaP_m * a_m,
        "gcat_m": p.gCaT_m * a_m,
        "gka_m": p.gKA_m * a_m,
        "gkdr_m": p.gKdr_m * a_m,
        "gkm_m": p.gKM_m * a_m,
        "gkc_m": p.gKC_m * a_m,
        "gk2_m": p.gK2_m * a_m,
        "gl_m": p.g_pas_d * a_m,
        "kca_m": _ca_per_na(p.A_main, _shell(p.shell, p.d_main)),
        "gcap_d": p.gCaP_d * a_d,
        "gcat_d": p.gCaT_d * a_d,
        "gkm_d": p.gKM_d * a_d,
        "gkc_d": p.gKC_d * a_d,
        "gk2_d": p.gK2_d * a_d,
        "gl_d": p.g_pas_d * a_d * p.spine_factor,
        "kca_d": _ca_per_na(p.A_tree, _shell(p.shell, p.d_tree)),
        "e_na": p.E_Na,
        "e_k": p.E_K,
        "e_h": p.E_h,
        "e_pas": p.E_pas,
        "e_ca_s": p.E_Ca_s,
        "cao": p.cao,
        "ca_base": p.ca_base,
        "ca_tau": p.ca_tau,
        "v_spike": p.V_spike,
    }


def _resting_state(p) -> dict[str, float]:
    """Resting state at zero input: damped fixed-point iteration of the three compartments' current balance
    with every gate at steady state and each Ca pool at its steady value."""
    k = _derived(p)
    v = {"s": -68.0, "m": -68.0, "d": -68.0}
    ca = {"m": p.ca_base, "d": p.ca_base}
    for _ in range(300):
        gs = _gates(v["s"], p.ca_base)
        gm = _gates(v["m"], ca["m"])
        gd = _gates(v["d"], ca["d"])
        # soma
        gna = k["gnaf_s"] * gs["naf_m"][0] ** 3 * gs["naf_h"][0] + k["gnap_s"] * gs["nap_m"][0] ** 3
        gk = (
            k["gka_s"] * gs["ka_m"][0] ** 4 * gs["ka_h"][0]
            + k["gkdr_s"] * gs["kdr_m"][0] ** 2 * gs["kdr_h"][0]
            + k["gkm_s"] * gs["km_m"][0]
        )
        gh = k["gh_s"] * (gs["h1_m"][0] + gs["h2_m"][0])
        gca = k["gcat_s"] * gs["cat_m"][0] * gs["cat_h"][0]
        gt = gna + gk + gh + gca + k["gl_s"] + k["g_sm"]
        ge = gna * p.E_Na + gk * p.E_K + gh * p.E_h + gca * p.E_Ca_s + k["gl_s"] * p.E_pas + k["g_sm"] * v["m"]
        vs = ge / gt
        new = {}
        for c, g_, extra in (("m", gm, k["g_sm"] * v["s"] + k["g_md"] * v["d"]), ("d", gd, k["g_md"] * v["m"])):
            gca = k["gcap_" + c] * g_["cap_m"][0] * g_["cap_h"][0] + k["gcat_" + c] * g_["cat_m"][0] * g_["cat_h"][0]
            gk = (
                k["gkm_" + c] * g_["km_m"][0]
                + k["gkc_" + c] * g_["kc_m"][0] * g_["kc_z"][0] ** 2
                + k["gk2_" + c] * g_["k2_m"][0] * g_["k2_z"][0] ** 2
            )
            if c == "m":
                gk += (
                    k["gka_m"] * g_["ka_m"][0] ** 4 * g_["ka_h"][0] + k["gkdr_m"] * g_["kdr_m"][0] ** 2 * g_["kdr_h"][0]
                )
                gc = k["g_sm"] + k["g_md"]
            else:
                gc = k["g_md"]
            e_ca = _RT_2F * math.log(p.cao / ca[c])
            gt = gca + gk + k["gl_" + c] + gc
            new[c] = (gca * e_ca + gk * p.E_K + k["gl_" + c] * p.E_pas + extra) / gt
            ica = gca * (v[c] - e_ca)
            ca[c] = max(p.ca_base - p.ca_tau * k["kca_" + c] * min(ica, 0.0), p.ca_base)
        v = {"s": 0.5 * v["s"] + 0.5 * vs, "m": 0.5 * v["m"] + 0.5 * new["m"], "d": 0.5 * v["d"] + 0.5 * new["d"]}
    st = {"vs": v["s"], "vm": v["m"], "vd": v["d"], "m_ca": ca["m"], "d_ca": ca["d"]}
    for c, names in (("s", _SOMA), ("m", _MAIN), ("d", _TREE)):
        g_ = _gates(v[c], ca.get(c, p.ca_base))
        for n in names:
            st[f"{c}_{n}"] = g_[n][0]
    return {n: st[n] for n in _STATE}


@register(
    family="conductance-based",
    reference="De Schutter & Bower 1994, J. Neurophysiol. 71:375",
    units="mV, nA, ms, S/cm^2, uS, um, mM",
    primary="input_current",
    sweep=(-0.5, 3.0),
)
class DeSchutterPurkinjeNeuron(Neuron):
    """De Schutter-Bower cerebellar Purkinje cell (soma + main dendrite + lumped tree): simple and complex spikes.

    The active-membrane Purkinje cell model of De Schutter & Bower (1994a, "An active membrane model of the
    cerebellar Purkinje cell. I. Simulation of current clamps in slice", J. Neurophysiol. 71:375-400; 1994b,
    "II. Simulation of synaptic responses", J. Neurophysiol. 71:401-419), model PM9, with its ten channel types
    and submembrane Ca pools, reduced from 1600 compartments to three. V in mV, t in ms, currents in nA,
    conductances in uS (density x area), capacitances in nF; per compartment x = s, m, d::

        C_x dV_x/dt = -sum_ion g_ion (V_x - E_ion) - g_pas,x (V_x - E_pas) + sum_y g_xy (V_y - V_x) + I_x
        soma s:  NaF m^3h, NaP m^3, CaT mh, KA m^4h, Kdr m^2h, KM m, Kh1 m + Kh2 m (E_h -30), leak; I_s = I
        main m:  CaP mh, CaT mh, KA m^4h, Kdr m^2h, KM m, KC m z^2, K2 m z^2, leak, Ca pool
        tree d:  CaP mh, CaT mh, KM m, KC m z^2, K2 m z^2, leak (x spine_factor), Ca pool; I_d = dendritic_current
        gates:   dx/dt = a_x(V)(1 - x) - b_x(V) x   (37 degC, no Q10), e.g.
                 NaF  a_m = 35 e^{(V+5)/10},  b_m = 7 e^{-(V+65)/20},  a_h = 0.225/(1+e^{(V+80)/10}),
                      b_h = 7.5 e^{(V-3)/18}
                 CaP  a_m = 8.5/(1+e^{-(V-8)/12.5}), b_m = 35/(1+e^{(V+74)/14.5}),
                      a_h = 0.0015/(1+e^{(V+29)/8}), b_h = 0.0055/(1+e^{-(V+23)/8})
                 KC   m: a = 7.5, b = 0.11 e^{-(V-35)/14.9};  z_inf = 1/(1 + 4/[Ca]uM), tau_z = 10
                 K2   m: a = 25,  b = 0.075 e^{-(V+25)/6};    z_inf = 1/(1 + 0.2/[Ca]uM), tau_z = 10
                 (all rate functions are written out in the kernel and in ``_gates``)
        Ca pool: d[Ca]/dt = max(0, -i_Ca)/(2 F w) - ([Ca] - Ca_base)/tau_Ca, w = shell - shell^2/diam
                 (0.2 um shell, tau_Ca 0.1 ms, Ca_base 40 nM); dendritic E_Ca = (RT/2F) ln(cao/[Ca]) at 37 degC
                 (147 mV at rest), somatic E_Ca fixed at 137.5 mV.

    Sources. Kinetics: the NEURON conversion of the GENESIS model by Davie, Roth, Steuber, De Schutter & Hausser
    (2004; copies of its mod files in github openworm/org.geppetto.testbackend, PurkinjeCell/cellMechanisms,
    and ModelDB 64195), identical in NaF, NaP, CaP, CaT, KA, KC, Kh1/Kh2 to the files ``17664_*.mod`` of the
    icgenealogy channel repositories. Those 17664 files are Miyasho et al. (2001, Brain Res. 891:106,
    ModelDB 17664), who *modified* Kdr (rates 5x slower) and K2 (other voltage dependence): the original
    De Schutter-Bower Kdr and K2 of the Davie conversion are used here. Densities: Table 1 of the paper (PM9)
    as set by that conversion (python port by D. Linaro, class ``DS2M0Purk``): soma NaF 7.5, NaP 0.001,
    CaT 0.0005, KA 0.015, Kdr 0.6, KM 4e-5, Kh1 = Kh2 3e-4 S/cm^2; main dendrite CaP 0.0045, CaT 0.0005,
    KA 0.002, Kdr 0.06, KM 1e-5, KC 0.08, K2 3.9e-4; rest of the tree CaP 0.0045, CaT 0.0005, KM 1.3e-5,
    KC 0.08, K2 3.9e-4 S/cm^2; R_m 10 (soma) / 30 (dendrite) kOhm cm^2, C_m 1.64 uF/cm^2, E_pas -80 mV,
    E_Na 45, E_K -85 mV. Compartment channel sets: GENESIS script Purk_cicomp.g (Purk_soma, Purk_maind,
    Purk_thickd, Purk_spinyd prototypes).

    The reduction, exactly: (1) soma = sphere of diameter 29.8 um (the Rapp et al. morphology, psmall.p);
    (2) main dendrite = one cylinder with the area of psmall.p's main[0-8] (87 um x 8.4 um = 2296 um^2), with
    the Purk_maind channel set; (3) every smooth and spiny branch lumped into one compartment with the common
    "rest of dendrite" channel set, 20000 um^2 of shaft membrane carrying the channels and spine_factor 3.5
    times that for leak and capacitance (spines are passive in the paper); (4) axial conductances soma-main
    0.5 uS (half the main cylinder at R_a 250 Ohm cm) and main-tree 0.1 uS. The tree area, spine factor and
    main-tree coupling are choices of this reduction (the paper has no such numbers); they set how much the
    dendrite loads the soma and how strongly a dendritic Ca spike reaches it. The somatic Ca pool of the paper
    feeds nothing (no Ca-activated channel in the soma) and is omitted.

    Parameters: densities >= 0 (S/cm^2); g_pas >= 0, cm > 0; reversal potentials in [-200, 200] mV (E_Ca_s up
    to 300); cao, ca_base, ca_tau, shell > 0; areas, diameters > 0, spine_factor >= 1; g_sm, g_md >= 0 uS;
    V_spike in [-100, 50] mV; dt in (0, 1] ms with dt/n_sub <= 0.02 ms. Inputs: ``input_current`` (nA) into
    the soma (the paper's current clamp); ``dendritic_current`` (nA, default 0) into the lumped tree, a
    stand-in for the climbing-fibre input of part II (a brief pulse of ~10 nA for 3 ms).

    Integration: ``n_sub`` (default 5 x 0.02 ms per 0.1 ms step, the 20 us step of the GENESIS model)
    exponential-Euler sub-steps: every gate and Ca pool relaxes exactly towards its value at the frozen
    potentials (Rush-Larsen), each potential exactly towards its conductance-weighted reversal with the other
    compartments' potentials held. Rates see V clamped to [-150, 100] mV and [Ca] >= 1e-9 mM.

    Output: ``spike`` = 1 when the somatic potential crosses ``V_spike`` (-20 mV, low enough to count the
    smaller spikelets of a complex spike) upwards in any sub-step; at most one per step.

    Differences from the paper, and why: (1) 3 compartments instead of 1600: no spatial gradients inside the
    tree, no dendritic propagation delays; the tree's Ca spike is all-or-none over the whole lump.
    (2) With these defaults the soma is more excitable than the paper's cell: it fires spontaneously
    (~20 Hz at 0 nA; the slice model also fires spontaneously, which is why the Davie port offers a -0.01 nA
    holding current) and its simple-spike rate reaches ~130 Hz at 0.5 nA and ~190 Hz at 2 nA, above the
    paper's; the somatic current alone does not evoke the dendritic Ca spikes of the paper's larger currents,
    because the small main-tree coupling of the reduction keeps the lumped tree below the CaP threshold.
    (3) The climbing fibre (part II: ~ synchronous non-NMDA conductance on the main and smooth dendrites) is
    represented by a dendritic current pulse; synapses are left to network code.
    """

    Params = DeSchutterPurkinjeParams
    speculate = False
    state_vars = {k: float for k in _STATE}
    inputs = (
        Input("input_current", 0.0, "nA", "current injected into the soma"),
        Input(
            "dendritic_current",
            0.0,
            "nA",
            "current injected into the lumped dendritic tree (climbing-fibre-like drive)",
        ),
    )

    @staticmethod
    def initial_state(p):
        return _resting_state(p)

    @staticmethod
    def derive(p):
        return _derived(p)

    @staticmethod
    def kernel(
        vs, vm, vd,
        s_naf_m, s_naf_h, s_nap_m, s_cat_m, s_cat_h, s_ka_m, s_ka_h, s_kdr_m, s_kdr_h, s_km_m, s_h1_m, s_h2_m,
        m_cat_m, m_cat_h, m_cap_m, m_cap_h, m_ka_m, m_ka_h, m_kdr_m, m_kdr_h, m_km_m,
        m_kc_m, m_kc_z, m_k2_m, m_k2_z, m_ca,
        d_cat_m, d_cat_h, d_cap_m, d_cap_h, d_km_m, d_kc_m, d_kc_z, d_k2_m, d_k2_z, d_ca,
        input_current, dendritic_current,
        h_sub, n_sub, c_s, c_m, c_d, g_sm, g_md,
        gnaf_s, gnap_s, gcat_s, gka_s, gkdr_s, gkm_s, gh_s, gl_s,
        gcap_m, gcat_m, gka_m, gkdr_m, gkm_m, gkc_m, gk2_m, gl_m, kca_m,
        gcap_d, gcat_d, gkm_d, gkc_d, gk2_d, gl_d, kca_d,
        e_na, e_k, e_h, e_pas, e_ca_s, cao, ca_base, ca_tau, v_spike,
    ):  # fmt: skip
        rt2f = 13.3635  # RT/(2F) at 37 degC, mV
        spike = 0
        eh1 = math.exp(-h_sub / 7.6)
        eh2 = math.exp(-h_sub / 36.8)
        ez = math.exp(-h_sub / 10.0)
        eca = math.exp(-h_sub / ca_tau)
        for _k in range(n_sub):
            # ======== gates: exact exponential relaxation at the sub-step's potentials (Rush-Larsen) ========
            # ---- soma: NaF, NaP, CaT, KA, Kdr, KM, Kh1, Kh2 ----
            v = min(max(vs, -150.0), 100.0)
            a = 35.0 * math.exp((v + 5.0) / 10.0)
            b = 7.0 * math.exp(-(v + 65.0) / 20.0)
            s_naf_m = a / (a + b) + (s_naf_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.225 / (1.0 + math.exp((v + 80.0) / 10.0))
            b = 7.5 * math.exp((v - 3.0) / 18.0)
            s_naf_h = a / (a + b) + (s_naf_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 200.0 / (1.0 + math.exp(-(v - 18.0) / 16.0))
            b = 25.0 / (1.0 + math.exp((v + 58.0) / 8.0))
            s_nap_m = a / (a + b) + (s_nap_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 2.6 / (1.0 + math.exp(-(v + 21.0) / 8.0))
            b = 0.18 / (1.0 + math.exp((v + 40.0) / 4.0))
            s_cat_m = a / (a + b) + (s_cat_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0025 / (1.0 + math.exp((v + 40.0) / 8.0))
            b = 0.19 / (1.0 + math.exp(-(v + 50.0) / 10.0))
            s_cat_h = a / (a + b) + (s_cat_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 1.4 / (1.0 + math.exp(-(v + 27.0) / 12.0))
            b = 0.49 / (1.0 + math.exp((v + 30.0) / 4.0))
            s_ka_m = a / (a + b) + (s_ka_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0175 / (1.0 + math.exp((v + 50.0) / 8.0))
            b = 1.3 / (1.0 + math.exp(-(v + 13.0) / 10.0))
            s_ka_h = a / (a + b) + (s_ka_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            x = v - 8.0
            a = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
            b = 5.0 * math.exp(-(v + 127.0) / 30.0)
            x = v + 12.0
            r = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
            r = r + 5.0 * math.exp(-(v + 147.0) / 30.0)
            s_kdr_m = a / (a + b) + (s_kdr_m - a / (a + b)) * math.exp(-h_sub * r)
            inf = 1.0 / (1.0 + math.exp((v + 25.0) / 4.0))
            r = 1.0 / 1200.0 if v < -25.0 else 0.1
            s_kdr_h = inf + (s_kdr_h - inf) * math.exp(-h_sub * r)
            inf = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
            r = (3.3 * math.exp((v + 35.0) / 20.0) + math.exp(-(v + 35.0) / 20.0)) / 200.0
            s_km_m = inf + (s_km_m - inf) * math.exp(-h_sub * r)
            inf = 1.0 / (1.0 + math.exp((v + 82.0) / 7.0))
            s_h1_m = 0.8 * inf + (s_h1_m - 0.8 * inf) * eh1
            s_h2_m = 0.2 * inf + (s_h2_m - 0.2 * inf) * eh2
            # ---- main dendrite: CaP, CaT, KA, Kdr, KM, KC, K2 ----
            v = min(max(vm, -150.0), 100.0)
            a = 2.6 / (1.0 + math.exp(-(v + 21.0) / 8.0))
            b = 0.18 / (1.0 + math.exp((v + 40.0) / 4.0))
            m_cat_m = a / (a + b) + (m_cat_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0025 / (1.0 + math.exp((v + 40.0) / 8.0))
            b = 0.19 / (1.0 + math.exp(-(v + 50.0) / 10.0))
            m_cat_h = a / (a + b) + (m_cat_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 8.5 / (1.0 + math.exp(-(v - 8.0) / 12.5))
            b = 35.0 / (1.0 + math.exp((v + 74.0) / 14.5))
            m_cap_m = a / (a + b) + (m_cap_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0015 / (1.0 + math.exp((v + 29.0) / 8.0))
            b = 0.0055 / (1.0 + math.exp(-(v + 23.0) / 8.0))
            m_cap_h = a / (a + b) + (m_cap_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 1.4 / (1.0 + math.exp(-(v + 27.0) / 12.0))
            b = 0.49 / (1.0 + math.exp((v + 30.0) / 4.0))
            m_ka_m = a / (a + b) + (m_ka_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0175 / (1.0 + math.exp((v + 50.0) / 8.0))
            b = 1.3 / (1.0 + math.exp(-(v + 13.0) / 10.0))
            m_ka_h = a / (a + b) + (m_ka_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            x = v - 8.0
            a = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
            b = 5.0 * math.exp(-(v + 127.0) / 30.0)
            x = v + 12.0
            r = 0.0235 * (12.0 + 0.5 * x if abs(x) < 1e-6 else x / -math.expm1(-x / 12.0))
            r = r + 5.0 * math.exp(-(v + 147.0) / 30.0)
            m_kdr_m = a / (a + b) + (m_kdr_m - a / (a + b)) * math.exp(-h_sub * r)
            inf = 1.0 / (1.0 + math.exp((v + 25.0) / 4.0))
            r = 1.0 / 1200.0 if v < -25.0 else 0.1
            m_kdr_h = inf + (m_kdr_h - inf) * math.exp(-h_sub * r)
            inf = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
            r = (3.3 * math.exp((v + 35.0) / 20.0) + math.exp(-(v + 35.0) / 20.0)) / 200.0
            m_km_m = inf + (m_km_m - inf) * math.exp(-h_sub * r)
            b = 0.11 * math.exp(-(v - 35.0) / 14.9)
            m_kc_m = 7.5 / (7.5 + b) + (m_kc_m - 7.5 / (7.5 + b)) * math.exp(-h_sub * (7.5 + b))
            b = 0.075 * math.exp(-(v + 25.0) / 6.0)
            m_k2_m = 25.0 / (25.0 + b) + (m_k2_m - 25.0 / (25.0 + b)) * math.exp(-h_sub * (25.0 + b))
            c = 1000.0 * max(m_ca, 1e-9)  # uM
            inf = c / (c + 4.0)
            m_kc_z = inf + (m_kc_z - inf) * ez
            inf = c / (c + 0.2)
            m_k2_z = inf + (m_k2_z - inf) * ez
            # ---- lumped tree: CaP, CaT, KM, KC, K2 ----
            v = min(max(vd, -150.0), 100.0)
            a = 2.6 / (1.0 + math.exp(-(v + 21.0) / 8.0))
            b = 0.18 / (1.0 + math.exp((v + 40.0) / 4.0))
            d_cat_m = a / (a + b) + (d_cat_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0025 / (1.0 + math.exp((v + 40.0) / 8.0))
            b = 0.19 / (1.0 + math.exp(-(v + 50.0) / 10.0))
            d_cat_h = a / (a + b) + (d_cat_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 8.5 / (1.0 + math.exp(-(v - 8.0) / 12.5))
            b = 35.0 / (1.0 + math.exp((v + 74.0) / 14.5))
            d_cap_m = a / (a + b) + (d_cap_m - a / (a + b)) * math.exp(-h_sub * (a + b))
            a = 0.0015 / (1.0 + math.exp((v + 29.0) / 8.0))
            b = 0.0055 / (1.0 + math.exp(-(v + 23.0) / 8.0))
            d_cap_h = a / (a + b) + (d_cap_h - a / (a + b)) * math.exp(-h_sub * (a + b))
            inf = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
            r = (3.3 * math.exp((v + 35.0) / 20.0) + math.exp(-(v + 35.0) / 20.0)) / 200.0
            d_km_m = inf + (d_km_m - inf) * math.exp(-h_sub * r)
            b = 0.11 * math.exp(-(v - 35.0) / 14.9)
            d_kc_m = 7.5 / (7.5 + b) + (d_kc_m - 7.5 / (7.5 + b)) * math.exp(-h_sub * (7.5 + b))
            b = 0.075 * math.exp(-(v + 25.0) / 6.0)
            d_k2_m = 25.0 / (25.0 + b) + (d_k2_m - 25.0 / (25.0 + b)) * math.exp(-h_sub * (25.0 + b))
            c = 1000.0 * max(d_ca, 1e-9)
            inf = c / (c + 4.0)
            d_kc_z = inf + (d_kc_z - inf) * ez
            inf = c / (c + 0.2)
            d_k2_z = inf + (d_k2_z - inf) * ez

            # ======== conductances (uS) with the new gates; potentials by exponential Euler ========
            m3 = s_naf_m * s_naf_m * s_naf_m
            gna = gnaf_s * m3 * s_naf_h + gnap_s * s_nap_m * s_nap_m * s_nap_m
            m2 = s_ka_m * s_ka_m
            gk = gka_s * m2 * m2 * s_ka_h + gkdr_s * s_kdr_m * s_kdr_m * s_kdr_h + gkm_s * s_km_m
            gh = gh_s * (s_h1_m + s_h2_m)
            gca = gcat_s * s_cat_m * s_cat_h
            g_tot = gna + gk + gh + gca + gl_s + g_sm
            v_inf = (gna * e_na + gk * e_k + gh * e_h + gca * e_ca_s + gl_s * e_pas + g_sm * vm + input_current) / g_tot
            vs_new = v_inf + (vs - v_inf) * math.exp(-h_sub * g_tot / c_s)

            e_ca_m = rt2f * math.log(cao / max(m_ca, 1e-9))
            gca = gcap_m * m_cap_m * m_cap_h + gcat_m * m_cat_m * m_cat_h
            m2 = m_ka_m * m_ka_m
            gk = (
                gka_m * m2 * m2 * m_ka_h
                + gkdr_m * m_kdr_m * m_kdr_m * m_kdr_h
                + gkm_m * m_km_m
                + gkc_m * m_kc_m * m_kc_z * m_kc_z
                + gk2_m * m_k2_m * m_k2_z * m_k2_z
            )
            ica_m = gca * (vm - e_ca_m)  # nA
            g_tot = gca + gk + gl_m + g_sm + g_md
            v_inf = (gca * e_ca_m + gk * e_k + gl_m * e_pas + g_sm * vs + g_md * vd) / g_tot
            vm_new = v_inf + (vm - v_inf) * math.exp(-h_sub * g_tot / c_m)

            e_ca_d = rt2f * math.log(cao / max(d_ca, 1e-9))
            gca = gcap_d * d_cap_m * d_cap_h + gcat_d * d_cat_m * d_cat_h
            gk = gkm_d * d_km_m + gkc_d * d_kc_m * d_kc_z * d_kc_z + gk2_d * d_k2_m * d_k2_z * d_k2_z
            ica_d = gca * (vd - e_ca_d)
            g_tot = gca + gk + gl_d + g_md
            v_inf = (gca * e_ca_d + gk * e_k + gl_d * e_pas + g_md * vm + dendritic_current) / g_tot
            vd_new = v_inf + (vd - v_inf) * math.exp(-h_sub * g_tot / c_d)

            # ======== Ca pools: inflow (inward current only) + first-order decay, exact for the sub-step ========
            ca_inf = ca_base - ca_tau * kca_m * min(ica_m, 0.0)
            m_ca = ca_inf + (m_ca - ca_inf) * eca
            ca_inf = ca_base - ca_tau * kca_d * min(ica_d, 0.0)
            d_ca = ca_inf + (d_ca - ca_inf) * eca

            if vs < v_spike <= vs_new:
                spike = 1
            vs = vs_new
            vm = vm_new
            vd = vd_new
        return (
            vs, vm, vd,
            s_naf_m, s_naf_h, s_nap_m, s_cat_m, s_cat_h, s_ka_m, s_ka_h, s_kdr_m, s_kdr_h, s_km_m, s_h1_m, s_h2_m,
            m_cat_m, m_cat_h, m_cap_m, m_cap_h, m_ka_m, m_ka_h, m_kdr_m, m_kdr_h, m_km_m,
            m_kc_m, m_kc_z, m_k2_m, m_k2_z, m_ca,
            d_cat_m, d_cat_h, d_cap_m, d_cap_h, d_km_m, d_kc_m, d_kc_z, d_k2_m, d_k2_z, d_ca,
            spike,
        )  # fmt: skip
