"""Durstewitz-Seamans-Sejnowski prefrontal (deep-layer) pyramidal cell with simulated dopamine D1 modulation."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Geometry of the two-compartment cell (Durstewitz & Gabriel 2007, ModelDB 82784 IB.tem): soma L 28.618 um,
# diam 21.840 um (cylinder with the area and input resistance of a 23 um sphere); dendrite L 650 um, diam 6.5 um;
# axial resistance Ra = 150 ohm cm. NEURON areas (cylinder sides) and the axial conductance between the two
# compartment centres (nseg = 1 each).
_A_SOMA = math.pi * 21.840 * 28.618 * 1e-8  # cm^2
_A_DEND = math.pi * 6.5 * 650.0 * 1e-8  # cm^2
_R_AX = 150.0 * (
    (28.618e-4 / 2.0) / (math.pi * (21.840e-4) ** 2 / 4.0) + (650e-4 / 2.0) / (math.pi * (6.5e-4) ** 2 / 4.0)
)  # ohm
_G_AX_MS = 1e3 / _R_AX  # mS
#: ModelDB 82784 cadyn.mod: cai' = -(1e4/(F dep)) CAF ica - (cai - cainf)/tc, dep = 2e-4 um, CAF = 600e-9,
#: ica in mA/cm^2, cai in mM; here ica in uA/cm^2 (factor 1e-3).
_CA_PER_UA = 1e4 / (96485.309 * 2e-4) * 600e-9 * 1e-3  # mM per (uA/cm^2 ms)


@params_dataclass
class DurstewitzDopamineParams(ParamSet):
    # Conductances: ModelDB 82784 (Durstewitz & Gabriel 2007) IB.tem, mho/cm^2 x 1000 (the two-compartment
    # reduction of the DSS 2000 cell used by the same authors; the DSS 2000 4-compartment values are in ModelDB
    # 82849 pfc_pc.hoc).
    g_Naf_s: float = param(117.0, units="mS/cm^2", lo=0.0, doc="fast Na, soma")
    g_NaP_s: float = param(1.8, units="mS/cm^2", lo=0.0, doc="persistent Na, soma")
    g_Kdr_s: float = param(50.0, units="mS/cm^2", lo=0.0, doc="delayed-rectifier K, soma")
    g_HVA_s: float = param(0.4, units="mS/cm^2", lo=0.0, doc="high-voltage-activated Ca, soma")
    g_KC_s: float = param(2.1, units="mS/cm^2", lo=0.0, doc="fast Ca- and V-dependent K (C-type), soma")
    g_Ks_s: float = param(0.08, units="mS/cm^2", lo=0.0, doc="slowly inactivating K, soma")
    g_Naf_d: float = param(20.0, units="mS/cm^2", lo=0.0, doc="fast Na, dendrite")
    g_NaP_d: float = param(0.8, units="mS/cm^2", lo=0.0, doc="persistent Na, dendrite")
    g_Kdr_d: float = param(14.0, units="mS/cm^2", lo=0.0, doc="delayed-rectifier K, dendrite")
    g_HVA_d: float = param(0.8, units="mS/cm^2", lo=0.0, doc="high-voltage-activated Ca, dendrite")
    g_KC_d: float = param(2.1, units="mS/cm^2", lo=0.0, doc="C-type K, dendrite")
    g_Ks_d: float = param(0.08, units="mS/cm^2", lo=0.0, doc="slowly inactivating K, dendrite")
    g_pas_s: float = positive(1.0 / 30.0, "mS/cm^2", "leak, soma (R_m = 30 kOhm cm^2)")
    g_pas_d: float = positive(1.92 / 30.0, "mS/cm^2", "leak, dendrite (x1.92 for spines)")
    C_s: float = positive(1.2, "uF/cm^2", "membrane capacitance, soma")
    C_d: float = positive(1.2 * 1.92, "uF/cm^2", "membrane capacitance, dendrite (x1.92 for spines)")
    E_Na: float = param(55.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal")
    E_K: float = param(
        25.0 * math.log(3.82 / 140.0), units="mV", lo=-200.0, hi=200.0, doc="K reversal, 25 ln(ko/ki) at rest"
    )
    E_pas: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal")
    Ca_o: float = positive(2.0, "mM", "extracellular Ca (E_Ca = 12.5 ln(Ca_o/Ca_i) mV)")
    Ca_inf: float = positive(50e-6, "mM", "resting intracellular Ca")
    tau_Ca_s: float = positive(250.0, "ms", "Ca removal time constant, soma")
    tau_Ca_d: float = positive(120.0, "ms", "Ca removal time constant, dendrite")
    g_c: float = positive(_G_AX_MS, "uS", "soma-dendrite axial conductance (Ra 150 ohm cm)")
    area_s: float = positive(_A_SOMA * 1e8, "um^2", "somatic membrane area (current density = I/area)")
    area_d: float = positive(_A_DEND * 1e8, "um^2", "dendritic membrane area")
    d1: float = param(0.0, units="1", lo=0.0, hi=1.0, doc="D1 receptor activation (0 control, 1 full DA effect)")
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="somatic spike detection level")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(4, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.025:
            raise ValueError(f"dt/substeps must be <= 0.025 ms, got dt={self.dt}, substeps={self.substeps}")


def _efun(z: float) -> float:
    if abs(z) < 1e-6:
        return 1.0 + 0.5 * z
    return z / -math.expm1(-z)


def _gates(v: float, ca: float, d1: float) -> dict[str, float]:
    """Steady states at v (mV) and Ca (mM); used for the initial state."""
    am = 2.61888 * _efun((v + 28.0) / 9.3)
    bm = 1.4784 * _efun(-(v + 1.0) / 6.0)
    ah = 0.098 * math.exp(-(v + 43.1) / 20.0)
    bh = 1.4 / (1.0 + math.exp(-(v + 13.1) / 10.0))
    apm = 2.61888 * _efun((v + 12.0 + 5.0 * d1) / 9.3)
    bpm = 1.4784 * _efun(-(v - 15.0 + 5.0 * d1) / 6.0)
    aph = 2.8e-5 * math.exp(-(v + 42.8477) / 4.0248)
    bph = 0.02 / (1.0 + math.exp(-(v - 413.9284) / 148.2589))
    an = 0.45 * _efun((v - 13.0) / 25.0)
    bn = 0.0648 * _efun(-(v - 23.0) / 12.0)
    va = v + 40.0 * math.log10(1000.0 * ca) + 18.0
    ac = 0.0768 * _efun(va / 12.0)
    bc = 1.7 * math.exp(-(va + 134.0) / 30.0)
    return {
        "m": am / (am + bm),
        "h": ah / (ah + bh),
        "mp": apm / (apm + bpm),
        "hp": aph / (aph + bph),
        "u": 1.0 / (1.0 + math.exp(-(v + 24.6) / 11.3)),
        "w": 1.0 / (1.0 + math.exp((v + 12.6) / 18.9)),
        "n": an / (an + bn),
        "a": 1.0 / (1.0 + math.exp(-(v + 34.0) / 6.5)),
        "b": 1.0 / (1.0 + math.exp((v + 65.0) / 6.6)),
        "c": ac / (ac + bc),
    }


@register(
    family="conductance-based",
    reference="Durstewitz, Seamans & Sejnowski 2000, J. Neurophysiol. 83:1733",
    units="mV, ms, pA, mS/cm^2, mM",
    primary="input_current",
    sweep=(0.0, 600.0),
)
class DurstewitzDopamineNeuron(Neuron):
    """Durstewitz-Seamans-Sejnowski PFC pyramidal cell (2 compartments) with D1 dopamine modulation of I_NaP/I_Ks/I_HVA.

    The deep-layer prefrontal pyramidal cell of Durstewitz, Seamans & Sejnowski (2000, "Dopamine-mediated
    stabilization of delay-period activity in a network model of prefrontal cortex", J. Neurophysiol. 83:1733-1750)
    in the two-compartment (soma + dendrite) form the same authors use for it in Durstewitz & Seamans (2002,
    Neural Networks 15:561) and Durstewitz & Gabriel (2007, Cereb. Cortex 17:894), with the parameters and
    kinetics of the authors' ModelDB release 82784 (IB.tem = control, IB_DA.tem + NapDA.mod = dopamine). Per
    compartment (x = s, d; V in mV, t in ms, currents in uA/cm^2)::

        C_x dV_x/dt = -I_Naf - I_NaP - I_HVA - I_Kdr - I_KC - I_Ks - g_pas (V_x - E_pas)
                      + (g_c/area_x)(V_y - V_x) + [I / area_s on the soma]
        I_Naf = g m^3 h (V - E_Na)      a_m = 0.2816 (V+28)/(1 - e^{-(V+28)/9.3}),  b_m = 0.2464 (V+1)/(e^{(V+1)/6} - 1)
                                        a_h = 0.098 e^{-(V+43.1)/20},               b_h = 1.4/(1 + e^{-(V+13.1)/10})
        I_NaP = g m_p h_p (V - E_Na)    a_mp, b_mp as a_m, b_m with V+12 and V-15, both shifted by +5 d1 mV
                                        a_hp = 2.8e-5 k e^{-(V+42.8477)/4.0248},
                                        b_hp = 0.02 k/(1 + e^{-(V-413.9284)/148.2589}),  k = 1 - (0.8/2.8) d1
        I_HVA = g u^2 w (V - E_Ca)      u_inf = 1/(1 + e^{-(V+24.6)/11.3}), tau_u = 1.25 sech(0.031 (V+37.1))
                                        w_inf = 1/(1 + e^{(V+12.6)/18.9}),  tau_w = 420 ms;  E_Ca = 12.5 ln(Ca_o/Ca)
        I_Kdr = g n^4 (V - E_K)         a_n = 0.018 (V-13)/(1 - e^{-(V-13)/25}), b_n = 0.0054 (V-23)/(e^{(V-23)/12} - 1)
        I_Ks  = g a b (V - E_K)         a_inf = 1/(1 + e^{-(V+34)/6.5}), tau_a = 6; b_inf = 1/(1 + e^{(V+65)/6.6}),
                                        tau_b = 200 + 220/(1 + e^{-(V+71.6)/6.85})
        I_KC  = g c^2 (V - E_K)         V' = V + 40 log10(Ca/uM): a_c = 0.0064 (V'+18)/(1 - e^{-(V'+18)/12}),
                                        b_c = 1.7 e^{-(V'+152)/30}, tau_c = max(1/(a_c + b_c), 1.1 ms)
        dCa/dt = -k_Ca I_HVA - (Ca - Ca_inf)/tau_Ca,  k_Ca = 1e4 CAF/(F dep), CAF 600e-9, dep 2e-4 um

    Dopamine (``d1`` in [0, 1]; 1 = the full D1 effect of the authors' DA simulations, ModelDB 82784
    IB_DA.tem/NapDA.mod, from the in-vitro data summarised in DSS 2000 Methods): I_NaP activation shifted 5 mV
    hyperpolarised and its inactivation slowed 1.4-fold, g_Ks reduced by 60 %, dendritic g_HVA reduced by 15 %;
    intermediate ``d1`` interpolates linearly. The synaptic D1 effects of the paper (NMDA up, AMPA down, GABA_A
    up) act on synapses, not on this cell, and are not part of this model.

    Parameters (defaults = IB.tem): soma g_Naf 117, g_NaP 1.8, g_Kdr 50, g_HVA 0.4, g_KC 2.1, g_Ks 0.08;
    dendrite 20, 0.8, 14, 0.8, 2.1, 0.08 mS/cm^2 (all >= 0); g_pas 1/30 (soma), 1.92/30 (dendrite) mS/cm^2;
    C 1.2 / 2.304 uF/cm^2 (> 0); E_Na 55, E_K -90.1, E_pas -70 mV (in [-200, 200]); Ca_o 2 mM, Ca_inf 50 nM,
    tau_Ca 250 / 120 ms; g_c 0.068 uS and the areas 1964 / 13273 um^2 from the geometry (L 28.6 / 650 um,
    diam 21.8 / 6.5 um, Ra 150 ohm cm); ``d1`` in [0, 1]; ``dt`` in (0, 1] ms, dt/substeps <= 0.025 ms.
    Input: ``step(input_current)`` = current injected into the soma in pA (the paper's protocol, Fig. 2).

    Integration: ``substeps`` (default 4 x 0.025 ms per 0.1 ms step) exponential-Euler sub-steps: each gate
    and each Ca pool relaxes exactly towards its value at the frozen voltages (Rush-Larsen), each potential
    relaxes exactly towards its conductance-weighted reversal with the other compartment's potential held
    (coupling included as a conductance). Rate singularities use expm1 with a series branch; the voltages fed
    to the rates are clamped to [-150, 100] mV and Ca to >= 1e-9 mM.

    Output: ``spike`` = 1 when the somatic potential crosses ``v_spike`` (0 mV) upwards in a sub-step; at most
    one per step.

    Differences from the paper, and why: (1) two compartments (the authors' own reduction of their 4-compartment
    DSS 2000 cell, ModelDB 82784) instead of soma + basal + 2 apical compartments: same channel kinetics, one
    state per gate. (2) No extracellular K+ accumulation (kdyn.mod): E_K is fixed at its resting Nernst value
    25 ln(3.82/140) = -90.1 mV, so spike-train K+ accumulation effects are absent. (3) E_Ca = 12.5 ln(Ca_o/Ca)
    (the DynaSim port of the cell, github jsherfey/PFC_models) instead of NEURON's Nernst at its default
    temperature (12.1 mV factor); the HVA kinetics are from that port too (the HVA mod file was not available).
    (4) Synapses and their D1 modulation are left to network code.
    """

    Params = DurstewitzDopamineParams
    speculate = False
    state_vars = {
        "vs": float,
        "ms": float,
        "hs": float,
        "mps": float,
        "hps": float,
        "us": float,
        "ws": float,
        "ns": float,
        "as_": float,
        "bs": float,
        "cs": float,
        "cas": float,
        "vd": float,
        "md": float,
        "hd": float,
        "mpd": float,
        "hpd": float,
        "ud": float,
        "wd": float,
        "nd": float,
        "ad": float,
        "bd": float,
        "cd": float,
        "cad": float,
    }
    inputs = (Input("input_current", 0.0, "pA", "current injected into the soma"),)

    @staticmethod
    def initial_state(p):
        v = -70.0
        g = _gates(v, p.Ca_inf, p.d1)
        st = {}
        for x in ("s", "d"):
            st.update(
                {
                    "v" + x: v,
                    "m" + x: g["m"],
                    "h" + x: g["h"],
                    "mp" + x: g["mp"],
                    "hp" + x: g["hp"],
                    "u" + x: g["u"],
                    "w" + x: g["w"],
                    "n" + x: g["n"],
                    ("as_" if x == "s" else "ad"): g["a"],
                    "b" + x: g["b"],
                    "c" + x: g["c"],
                    "ca" + x: p.Ca_inf,
                }
            )
        return {k: st[k] for k in DurstewitzDopamineNeuron.state_vars}

    @staticmethod
    def derive(p):
        d1 = p.d1
        return {
            "gnaf_s": p.g_Naf_s,
            "gnap_s": p.g_NaP_s,
            "gkdr_s": p.g_Kdr_s,
            "ghva_s": p.g_HVA_s,
            "gkc_s": p.g_KC_s,
            "gks_s": p.g_Ks_s * (1.0 - 0.6 * d1),
            "gnaf_d": p.g_Naf_d,
            "gnap_d": p.g_NaP_d,
            "gkdr_d": p.g_Kdr_d,
            "ghva_d": p.g_HVA_d * (1.0 - 0.15 * d1),
            "gkc_d": p.g_KC_d,
            "gks_d": p.g_Ks_d * (1.0 - 0.6 * d1),
            "gl_s": p.g_pas_s,
            "gl_d": p.g_pas_d,
            "c_s": p.C_s,
            "c_d": p.C_d,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_pas,
            "ca_o": p.Ca_o,
            "ca_inf": p.Ca_inf,
            "tca_s": p.tau_Ca_s,
            "tca_d": p.tau_Ca_d,
            "gc_s": p.g_c * 1e-3 / (p.area_s * 1e-8),  # mS/cm^2 of soma membrane
            "gc_d": p.g_c * 1e-3 / (p.area_d * 1e-8),
            "i_scale": 1e-6 / (p.area_s * 1e-8),  # pA -> uA/cm^2 of soma membrane
            "nap_shift": 5.0 * d1,
            "nap_hk": 1.0 - (0.8 / 2.8) * d1,
            "k_ca": _CA_PER_UA,
            "v_spike": p.v_spike,
            "hstep": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        vs,
        ms,
        hs,
        mps,
        hps,
        us,
        ws,
        ns,
        as_,
        bs,
        cs,
        cas,
        vd,
        md,
        hd,
        mpd,
        hpd,
        ud,
        wd,
        nd,
        ad,
        bd,
        cd,
        cad,
        input_current,
        gnaf_s,
        gnap_s,
        gkdr_s,
        ghva_s,
        gkc_s,
        gks_s,
        gnaf_d,
        gnap_d,
        gkdr_d,
        ghva_d,
        gkc_d,
        gks_d,
        gl_s,
        gl_d,
        c_s,
        c_d,
        e_na,
        e_k,
        e_l,
        ca_o,
        ca_inf,
        tca_s,
        tca_d,
        gc_s,
        gc_d,
        i_scale,
        nap_shift,
        nap_hk,
        k_ca,
        v_spike,
        hstep,
        n_sub,
    ):
        spike = 0
        i_inj = input_current * i_scale
        for _sub in range(n_sub):
            # ---------------- soma gates ----------------
            v = min(max(vs, -150.0), 100.0)
            z = (v + 28.0) / 9.3
            a = 2.61888 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 2.61888 * z / -math.expm1(-z)
            z = -(v + 1.0) / 6.0
            b = 1.4784 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 1.4784 * z / -math.expm1(-z)
            ms = a / (a + b) + (ms - a / (a + b)) * math.exp(-hstep * (a + b))
            a = 0.098 * math.exp(-(v + 43.1) / 20.0)
            b = 1.4 / (1.0 + math.exp(-(v + 13.1) / 10.0))
            hs = a / (a + b) + (hs - a / (a + b)) * math.exp(-hstep * (a + b))
            z = (v + 12.0 + nap_shift) / 9.3
            a = 2.61888 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 2.61888 * z / -math.expm1(-z)
            z = -(v - 15.0 + nap_shift) / 6.0
            b = 1.4784 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 1.4784 * z / -math.expm1(-z)
            mps = a / (a + b) + (mps - a / (a + b)) * math.exp(-hstep * (a + b))
            a = nap_hk * 2.8e-5 * math.exp(-(v + 42.8477) / 4.0248)
            b = nap_hk * 0.02 / (1.0 + math.exp(-(v - 413.9284) / 148.2589))
            hps = a / (a + b) + (hps - a / (a + b)) * math.exp(-hstep * (a + b))
            xinf = 1.0 / (1.0 + math.exp(-(v + 24.6) / 11.3))
            z = 0.031 * (v + 37.1)
            tau = 2.5 / (math.exp(z) + math.exp(-z))
            us = xinf + (us - xinf) * math.exp(-hstep / tau)
            xinf = 1.0 / (1.0 + math.exp((v + 12.6) / 18.9))
            ws = xinf + (ws - xinf) * math.exp(-hstep / 420.0)
            z = (v - 13.0) / 25.0
            a = 0.45 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.45 * z / -math.expm1(-z)
            z = -(v - 23.0) / 12.0
            b = 0.0648 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.0648 * z / -math.expm1(-z)
            ns = a / (a + b) + (ns - a / (a + b)) * math.exp(-hstep * (a + b))
            xinf = 1.0 / (1.0 + math.exp(-(v + 34.0) / 6.5))
            as_ = xinf + (as_ - xinf) * math.exp(-hstep / 6.0)
            xinf = 1.0 / (1.0 + math.exp((v + 65.0) / 6.6))
            tau = 200.0 + 220.0 / (1.0 + math.exp(-(v + 71.6) / 6.85))
            bs = xinf + (bs - xinf) * math.exp(-hstep / tau)
            cam = max(cas, 1e-9)
            z = (v + 40.0 * math.log10(1000.0 * cam) + 18.0) / 12.0
            a = 0.0768 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.0768 * z / -math.expm1(-z)
            b = 1.7 * math.exp(-(12.0 * z + 134.0) / 30.0)
            tau = max(1.0 / (a + b), 1.1)
            cs = a / (a + b) + (cs - a / (a + b)) * math.exp(-hstep / tau)
            e_ca_s = min(12.5 * math.log(ca_o / cam), 500.0)
            # ---------------- dendrite gates ----------------
            v = min(max(vd, -150.0), 100.0)
            z = (v + 28.0) / 9.3
            a = 2.61888 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 2.61888 * z / -math.expm1(-z)
            z = -(v + 1.0) / 6.0
            b = 1.4784 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 1.4784 * z / -math.expm1(-z)
            md = a / (a + b) + (md - a / (a + b)) * math.exp(-hstep * (a + b))
            a = 0.098 * math.exp(-(v + 43.1) / 20.0)
            b = 1.4 / (1.0 + math.exp(-(v + 13.1) / 10.0))
            hd = a / (a + b) + (hd - a / (a + b)) * math.exp(-hstep * (a + b))
            z = (v + 12.0 + nap_shift) / 9.3
            a = 2.61888 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 2.61888 * z / -math.expm1(-z)
            z = -(v - 15.0 + nap_shift) / 6.0
            b = 1.4784 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 1.4784 * z / -math.expm1(-z)
            mpd = a / (a + b) + (mpd - a / (a + b)) * math.exp(-hstep * (a + b))
            a = nap_hk * 2.8e-5 * math.exp(-(v + 42.8477) / 4.0248)
            b = nap_hk * 0.02 / (1.0 + math.exp(-(v - 413.9284) / 148.2589))
            hpd = a / (a + b) + (hpd - a / (a + b)) * math.exp(-hstep * (a + b))
            xinf = 1.0 / (1.0 + math.exp(-(v + 24.6) / 11.3))
            z = 0.031 * (v + 37.1)
            tau = 2.5 / (math.exp(z) + math.exp(-z))
            ud = xinf + (ud - xinf) * math.exp(-hstep / tau)
            xinf = 1.0 / (1.0 + math.exp((v + 12.6) / 18.9))
            wd = xinf + (wd - xinf) * math.exp(-hstep / 420.0)
            z = (v - 13.0) / 25.0
            a = 0.45 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.45 * z / -math.expm1(-z)
            z = -(v - 23.0) / 12.0
            b = 0.0648 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.0648 * z / -math.expm1(-z)
            nd = a / (a + b) + (nd - a / (a + b)) * math.exp(-hstep * (a + b))
            xinf = 1.0 / (1.0 + math.exp(-(v + 34.0) / 6.5))
            ad = xinf + (ad - xinf) * math.exp(-hstep / 6.0)
            xinf = 1.0 / (1.0 + math.exp((v + 65.0) / 6.6))
            tau = 200.0 + 220.0 / (1.0 + math.exp(-(v + 71.6) / 6.85))
            bd = xinf + (bd - xinf) * math.exp(-hstep / tau)
            cam = max(cad, 1e-9)
            z = (v + 40.0 * math.log10(1000.0 * cam) + 18.0) / 12.0
            a = 0.0768 * (1.0 + 0.5 * z) if abs(z) < 1e-6 else 0.0768 * z / -math.expm1(-z)
            b = 1.7 * math.exp(-(12.0 * z + 134.0) / 30.0)
            tau = max(1.0 / (a + b), 1.1)
            cd = a / (a + b) + (cd - a / (a + b)) * math.exp(-hstep / tau)
            e_ca_d = min(12.5 * math.log(ca_o / cam), 500.0)
            # ---------------- Ca pools (driven by the HVA current at the new gates) ----------------
            gca = ghva_s * us * us * ws
            cinf = ca_inf - tca_s * k_ca * gca * (vs - e_ca_s)
            cas = max(cinf + (cas - cinf) * math.exp(-hstep / tca_s), 1e-9)
            gcad = ghva_d * ud * ud * wd
            cinf = ca_inf - tca_d * k_ca * gcad * (vd - e_ca_d)
            cad = max(cinf + (cad - cinf) * math.exp(-hstep / tca_d), 1e-9)
            # ---------------- voltages (exponential Euler, the other compartment held) ----------------
            gna = gnaf_s * ms * ms * ms * hs + gnap_s * mps * hps
            n2 = ns * ns
            gk = gkdr_s * n2 * n2 + gks_s * as_ * bs + gkc_s * cs * cs
            gt = gna + gk + gca + gl_s + gc_s
            vinf = (gna * e_na + gk * e_k + gca * e_ca_s + gl_s * e_l + gc_s * vd + i_inj) / gt
            vs_new = vinf + (vs - vinf) * math.exp(-hstep * gt / c_s)
            gna = gnaf_d * md * md * md * hd + gnap_d * mpd * hpd
            n2 = nd * nd
            gk = gkdr_d * n2 * n2 + gks_d * ad * bd + gkc_d * cd * cd
            gt = gna + gk + gcad + gl_d + gc_d
            vinf = (gna * e_na + gk * e_k + gcad * e_ca_d + gl_d * e_l + gc_d * vs) / gt
            vd = vinf + (vd - vinf) * math.exp(-hstep * gt / c_d)
            if vs < v_spike and vs_new >= v_spike:
                spike = 1
            vs = vs_new
        return (
            vs,
            ms,
            hs,
            mps,
            hps,
            us,
            ws,
            ns,
            as_,
            bs,
            cs,
            cas,
            vd,
            md,
            hd,
            mpd,
            hpd,
            ud,
            wd,
            nd,
            ad,
            bd,
            cd,
            cad,
            spike,
        )
