"""Mainen & Sejnowski 1996 reduced two-compartment neocortical neuron (firing pattern set by dendritic size)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

_A_SOMA = 100e-8  # cm^2: axo-somatic compartment of 100 um^2 (Mainen & Sejnowski 1996, Fig. 2 legend)
_PS_UM2 = 0.1  # 1 pS/um^2 = 0.1 mS/cm^2
_F_CA = 1e4 * 1e-3 / (2.0 * 96485.0)  # [Ca] drive per (uA/cm^2) per um of shell depth, mM/ms (cad.mod)


def _efun(x: float) -> float:
    """x / (1 - exp(-x)), finite at x = 0."""
    if abs(x) < 1e-6:
        return 1.0 + 0.5 * x
    return x / -math.expm1(-x)


def _steady(vs: float, vd: float, ca: float) -> dict[str, float]:
    """Steady-state gates (no temperature factor: it scales both rates of every gate)."""

    def na(v: float) -> tuple[float, float]:
        vm = v - 10.0  # vshift = -10 mV of na.mod
        a = 0.182 * 9.0 * _efun((vm + 35.0) / 9.0)
        b = 0.124 * 9.0 * _efun(-(vm + 35.0) / 9.0)
        return a / (a + b), 1.0 / (1.0 + math.exp((vm + 65.0) / 6.2))

    m_s, h_s = na(vs)
    m_d, h_d = na(vd)
    a = 0.02 * 9.0 * _efun((vs - 25.0) / 9.0)
    b = 0.002 * 9.0 * _efun(-(vs - 25.0) / 9.0)
    n_s = a / (a + b)
    a = 0.001 * 9.0 * _efun((vd + 30.0) / 9.0)
    b = 0.001 * 9.0 * _efun(-(vd + 30.0) / 9.0)
    n_m = a / (a + b)
    a = 0.209 * _efun((vd + 27.0) / 3.8)
    b = 0.94 * math.exp((-75.0 - vd) / 17.0)
    m_c = a / (a + b)
    a = 0.000457 * math.exp((-13.0 - vd) / 50.0)
    b = 0.0065 / (math.exp((-vd - 15.0) / 28.0) + 1.0)
    h_c = a / (a + b)
    n_c = 0.01 * ca / (0.01 * ca + 0.02)
    return {"m_s": m_s, "h_s": h_s, "n_s": n_s, "m_d": m_d, "h_d": h_d, "n_m": n_m, "m_c": m_c, "h_c": h_c, "n_c": n_c}


@params_dataclass
class MainenSejnowskiParams(ParamSet):
    rho: float = positive(165.0, "1", "dendritic / axo-somatic membrane area ratio (firing-pattern parameter)")
    kappa: float = positive(10.0, "MOhm", "axo-somatic to dendritic coupling resistance")
    C_m: float = positive(0.75, "uF/cm^2", "specific membrane capacitance (both compartments)")
    g_Na_s: float = param(30000.0, units="pS/um^2", lo=0.0, doc="axo-somatic Na conductance density")
    g_Kv_s: float = param(1500.0, units="pS/um^2", lo=0.0, doc="axo-somatic fast K (Kv) conductance density")
    g_Na_d: float = param(15.0, units="pS/um^2", lo=0.0, doc="dendritic Na conductance density")
    g_Ca_d: float = param(0.3, units="pS/um^2", lo=0.0, doc="dendritic high-voltage-activated Ca density")
    g_Km_d: float = param(0.1, units="pS/um^2", lo=0.0, doc="dendritic slow voltage-gated K (I_M) density")
    g_KCa_d: float = param(3.0, units="pS/um^2", lo=0.0, doc="dendritic Ca-activated K density")
    R_m_d: float = positive(30.0, "kOhm cm^2", "dendritic specific membrane (leak) resistance")
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    E_Na: float = param(60.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_Ca: float = param(140.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal potential (fixed, not GHK)")
    temperature: float = param(37.0, units="degC", lo=0.0, hi=45.0, doc="temperature (kinetics given at 23 degC)")
    q10: float = positive(2.3, "1", "temperature coefficient of all rates and conductances")
    tau_Ca: float = positive(200.0, "ms", "Ca removal time constant (cad.mod taur)")
    depth: float = positive(0.1, "um", "depth of the submembrane Ca shell")
    Ca_inf: float = param(1e-4, units="mM", lo=0.0, doc="resting [Ca]_i")
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="axo-somatic spike detection level")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(4, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.025:
            raise ValueError(
                f"dt/substeps must be <= 0.025 ms (the authors' step), got dt={self.dt}, substeps={self.substeps}"
            )


@register(
    family="conductance-based",
    reference="Mainen & Sejnowski 1996, Nature 382:363",
    units="mV, ms, nA, pS/um^2",
    primary="input_current",
    sweep=(0.0, 1.0),
)
class MainenSejnowskiNeuron(Neuron):
    """Mainen-Sejnowski reduced two-compartment cortical neuron: dendritic area rho sets regular vs burst firing.

    Model (Mainen & Sejnowski 1996, Nature 382:363-366, Fig. 2 and Methods; kinetics of the authors' NEURON
    channel files na, kv, km, kca, ca, cad, ModelDB 2488): an axo-somatic compartment of area A = 100 um^2 and a
    dendritic compartment of area rho A joined by the resistance kappa; V in mV, t in ms, current densities in
    uA/cm^2, conductance densities converted from pS/um^2 (x 0.1 mS/cm^2)::

        C dVs/dt = -gNa_s m_s^3 h_s (Vs - E_Na) - gKv_s n_s (Vs - E_K) + (Vd - Vs)/(kappa A) + I/A
        C dVd/dt = -g_L (Vd - E_L) - gNa_d m_d^3 h_d (Vd - E_Na) - gCa m_c^2 h_c (Vd - E_Ca)
                   - (gKm n_m + gKCa n_c)(Vd - E_K) - (Vd - Vs)/(kappa rho A)
        d[Ca]/dt = max(0, -i_Ca / (2 F depth)) - ([Ca] - Ca_inf)/tau_Ca
        every gate x: dx/dt = phi (a_x (1 - x) - b_x x), phi = q10^((T - 23)/10), and every g x phi

        trap(v, th, R, q) = R (v - th)/(1 - exp(-(v - th)/q))
        Na  (v' = V - 10): a_m = trap(v', -35, 0.182, 9), b_m = trap(-v', 35, 0.124, 9),
                           a_h = trap(v', -50, 0.024, 5), b_h = trap(-v', 75, 0.0091, 5),
                           h_inf = 1/(1 + exp((v' + 65)/6.2)) replaces a_h/(a_h + b_h)
        Kv: a = trap(V, 25, 0.02, 9), b = trap(-V, -25, 0.002, 9);  Km: a = trap(V, -30, 0.001, 9),
        b = trap(-V, 30, 0.001, 9);  KCa: a = 0.01 [Ca]/mM, b = 0.02 (per ms)
        Ca (HVA): a_m = 0.055 (-27 - V)/(exp((-27 - V)/3.8) - 1), b_m = 0.94 exp((-75 - V)/17),
                  a_h = 0.000457 exp((-13 - V)/50), b_h = 0.0065/(exp((-V - 15)/28) + 1)

    Defaults (the paper's reduced model and its code): axo-somatic g_Na 30000, g_Kv 1500 pS/um^2 and no leak;
    dendritic g_Na 15, g_Ca 0.3, g_Km 0.1, g_KCa 3 pS/um^2, R_m 30 kOhm cm^2 to E_L = -70 mV; C_m 0.75
    uF/cm^2; kappa 10 MOhm; E_Na 60, E_K -90, E_Ca 140 mV; 37 degC with Q10 2.3 from 23 degC; Ca shell 0.1 um,
    tau_Ca 200 ms, Ca_inf 100 nM; rho = 165 (the default of the model's published NEURON translation,
    geom_mainen). The paper varies rho (and kappa) to reproduce the classes of its Fig. 1 cells.

    Integration: ``substeps`` sub-steps per ``dt`` (default 4 x 0.025 ms per 0.1 ms step, the authors' dt =
    0.025 ms): every gate and [Ca] by its exact solution for frozen voltages (Rush-Larsen), then the axo-somatic
    V by exponential Euler with Vd frozen and the dendritic V by exponential Euler with the new Vs (each
    compartment is linear in its own V for frozen conductances, so the very stiff soma, tau ~ 0.1 us, is
    stable). ``expm1`` with a series branch removes the rate singularities; rates see V clamped to [-200, 200].

    Output: ``spike`` = 1 when the axo-somatic V crosses ``v_spike`` (0 mV) upwards in any sub-step of the
    step (at most one per step). Input: ``step(input_current)`` in nA injected into the axo-somatic
    compartment. Ranges: conductance densities >= 0; rho, kappa, C_m, R_m, q10, tau_Ca, depth > 0;
    temperature in [0, 45] degC; ``dt`` in (0, 1] ms with dt/substeps <= 0.025 ms.

    Differences from the paper: the paper's full reconstructed morphologies (Fig. 1) are not modelled, only its
    reduced model (Fig. 2). The Ca reversal is fixed (the code's ion_style), as in the original. The Na kinetics
    carry the -10 mV shift of the authors' na.mod; the Ca shell is their cad.mod (Destexhe's pump-free decay).
    NEURON solves the two voltages implicitly (backward Euler); the sequential exponential Euler used here
    differs at O(dt) in the coupling term.

    Documented behaviour (Fig. 2): with identical channel densities, small dendrites (rho ~ 50) fire regular
    single spikes and large ones (rho ~ 200) fire bursts of high-frequency spikes.
    """

    Params = MainenSejnowskiParams
    state_vars = {
        "vs": float,
        "vd": float,
        "m_s": float,
        "h_s": float,
        "n_s": float,
        "m_d": float,
        "h_d": float,
        "n_m": float,
        "m_c": float,
        "h_c": float,
        "n_c": float,
        "ca": float,
    }
    inputs = (Input("input_current", 0.0, "nA", "current injected into the axo-somatic compartment"),)

    @staticmethod
    def initial_state(p: Any) -> dict[str, float]:
        # resting point: iterate the two voltages with the gates at steady state (no soma leak, so the soma
        # follows the dendrite; the dendrite sits near E_L)
        vs = vd = p.E_L
        for _ in range(200):
            g = _steady(vs, vd, p.Ca_inf)
            st = _conductances(p)
            phi = st["phi"]
            gna = st["g_na_s"] * phi * g["m_s"] ** 3 * g["h_s"]
            gkv = st["g_kv_s"] * phi * g["n_s"]
            gc_s = st["g_c_s"]
            vs_new = (gna * p.E_Na + gkv * p.E_K + gc_s * vd) / (gna + gkv + gc_s)
            gnad = st["g_na_d"] * phi * g["m_d"] ** 3 * g["h_d"]
            gca = st["g_ca_d"] * phi * g["m_c"] ** 2 * g["h_c"]
            gk = (st["g_km_d"] * g["n_m"] + st["g_kca_d"] * g["n_c"]) * phi
            gc_d = st["g_c_d"]
            num = st["g_l"] * p.E_L + gnad * p.E_Na + gca * p.E_Ca + gk * p.E_K + gc_d * vs_new
            vd_new = num / (st["g_l"] + gnad + gca + gk + gc_d)
            if abs(vs_new - vs) + abs(vd_new - vd) < 1e-12:
                break
            vs, vd = vs_new, vd_new
        return {"vs": vs, "vd": vd, **_steady(vs, vd, p.Ca_inf), "ca": p.Ca_inf}

    @staticmethod
    def derive(p: Any) -> dict[str, Any]:
        st = _conductances(p)
        return {
            "c_m": p.C_m,
            "g_na_s": st["g_na_s"] * st["phi"],
            "g_kv_s": st["g_kv_s"] * st["phi"],
            "g_na_d": st["g_na_d"] * st["phi"],
            "g_ca_d": st["g_ca_d"] * st["phi"],
            "g_km_d": st["g_km_d"] * st["phi"],
            "g_kca_d": st["g_kca_d"] * st["phi"],
            "g_l": st["g_l"],
            "g_c_s": st["g_c_s"],
            "g_c_d": st["g_c_d"],
            "i_scale": 1e-3 / _A_SOMA,  # nA -> uA/cm^2 on the axo-somatic area
            "e_l": p.E_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_ca": p.E_Ca,
            "phi": st["phi"],
            "ca_gain": _F_CA / p.depth,
            "tau_ca": p.tau_Ca,
            "ca_inf": p.Ca_inf,
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        vs,
        vd,
        m_s,
        h_s,
        n_s,
        m_d,
        h_d,
        n_m,
        m_c,
        h_c,
        n_c,
        ca,
        input_current,
        c_m,
        g_na_s,
        g_kv_s,
        g_na_d,
        g_ca_d,
        g_km_d,
        g_kca_d,
        g_l,
        g_c_s,
        g_c_d,
        i_scale,
        e_l,
        e_na,
        e_k,
        e_ca,
        phi,
        ca_gain,
        tau_ca,
        ca_inf,
        v_spike,
        hs,
        n_sub,
    ):
        spike = 0
        i_s = input_current * i_scale
        for _sub in range(n_sub):
            # ---- axo-somatic gates (Na with vshift -10 mV, Kv)
            vr = min(max(vs, -200.0), 200.0) - 10.0
            z = (vr + 35.0) / 9.0
            if abs(z) < 1e-6:
                a = 1.638 * (1.0 + 0.5 * z)
                b = 1.116 * (1.0 - 0.5 * z)
            else:
                a = 1.638 * z / -math.expm1(-z)
                b = 1.116 * -z / -math.expm1(z)
            s = phi * (a + b)
            m_s = a / (a + b) + (m_s - a / (a + b)) * math.exp(-hs * s)
            z = (vr + 50.0) / 5.0
            if abs(z) < 1e-6:
                a = 0.12 * (1.0 + 0.5 * z)
            else:
                a = 0.12 * z / -math.expm1(-z)
            z = -(vr + 75.0) / 5.0
            if abs(z) < 1e-6:
                b = 0.0455 * (1.0 + 0.5 * z)
            else:
                b = 0.0455 * z / -math.expm1(-z)
            hinf = 1.0 / (1.0 + math.exp((vr + 65.0) / 6.2))
            h_s = hinf + (h_s - hinf) * math.exp(-hs * phi * (a + b))
            vr = min(max(vs, -200.0), 200.0)
            z = (vr - 25.0) / 9.0
            if abs(z) < 1e-6:
                a = 0.18 * (1.0 + 0.5 * z)
                b = 0.018 * (1.0 - 0.5 * z)
            else:
                a = 0.18 * z / -math.expm1(-z)
                b = 0.018 * -z / -math.expm1(z)
            n_s = a / (a + b) + (n_s - a / (a + b)) * math.exp(-hs * phi * (a + b))
            # ---- dendritic gates (Na, Km, HVA Ca, KCa) and the Ca shell
            vr = min(max(vd, -200.0), 200.0) - 10.0
            z = (vr + 35.0) / 9.0
            if abs(z) < 1e-6:
                a = 1.638 * (1.0 + 0.5 * z)
                b = 1.116 * (1.0 - 0.5 * z)
            else:
                a = 1.638 * z / -math.expm1(-z)
                b = 1.116 * -z / -math.expm1(z)
            m_d = a / (a + b) + (m_d - a / (a + b)) * math.exp(-hs * phi * (a + b))
            z = (vr + 50.0) / 5.0
            if abs(z) < 1e-6:
                a = 0.12 * (1.0 + 0.5 * z)
            else:
                a = 0.12 * z / -math.expm1(-z)
            z = -(vr + 75.0) / 5.0
            if abs(z) < 1e-6:
                b = 0.0455 * (1.0 + 0.5 * z)
            else:
                b = 0.0455 * z / -math.expm1(-z)
            hinf = 1.0 / (1.0 + math.exp((vr + 65.0) / 6.2))
            h_d = hinf + (h_d - hinf) * math.exp(-hs * phi * (a + b))
            vr = min(max(vd, -200.0), 200.0)
            z = (vr + 30.0) / 9.0
            if abs(z) < 1e-6:
                a = 0.009 * (1.0 + 0.5 * z)
                b = 0.009 * (1.0 - 0.5 * z)
            else:
                a = 0.009 * z / -math.expm1(-z)
                b = 0.009 * -z / -math.expm1(z)
            n_m = a / (a + b) + (n_m - a / (a + b)) * math.exp(-hs * phi * (a + b))
            z = (vr + 27.0) / 3.8
            if abs(z) < 1e-6:
                a = 0.209 * (1.0 + 0.5 * z)
            else:
                a = 0.209 * z / -math.expm1(-z)
            b = 0.94 * math.exp((-75.0 - vr) / 17.0)
            m_c = a / (a + b) + (m_c - a / (a + b)) * math.exp(-hs * phi * (a + b))
            a = 0.000457 * math.exp((-13.0 - vr) / 50.0)
            b = 0.0065 / (math.exp((-vr - 15.0) / 28.0) + 1.0)
            h_c = a / (a + b) + (h_c - a / (a + b)) * math.exp(-hs * phi * (a + b))
            a = 0.01 * ca
            n_c = a / (a + 0.02) + (n_c - a / (a + 0.02)) * math.exp(-hs * phi * (a + 0.02))
            gca = g_ca_d * m_c * m_c * h_c
            drive = -ca_gain * gca * (vd - e_ca)
            if drive < 0.0:
                drive = 0.0
            cinf = ca_inf + drive * tau_ca
            ca = cinf + (ca - cinf) * math.exp(-hs / tau_ca)
            # ---- axo-somatic voltage (Vd frozen), then dendritic voltage (new Vs)
            gna = g_na_s * m_s * m_s * m_s * h_s
            gk = g_kv_s * n_s
            gt = gna + gk + g_c_s
            vinf = (gna * e_na + gk * e_k + g_c_s * vd + i_s) / gt
            vn = vinf + (vs - vinf) * math.exp(-hs * gt / c_m)
            if vs < v_spike and vn >= v_spike:
                spike = 1
            vs = vn
            gna = g_na_d * m_d * m_d * m_d * h_d
            gk = g_km_d * n_m + g_kca_d * n_c
            gt = g_l + gna + gca + gk + g_c_d
            vinf = (g_l * e_l + gna * e_na + gca * e_ca + gk * e_k + g_c_d * vs) / gt
            vd = vinf + (vd - vinf) * math.exp(-hs * gt / c_m)
        return vs, vd, m_s, h_s, n_s, m_d, h_d, n_m, m_c, h_c, n_c, ca, spike


def _conductances(p: Any) -> dict[str, float]:
    """Conductance densities in mS/cm^2 and the temperature factor."""
    return {
        "phi": p.q10 ** ((p.temperature - 23.0) / 10.0),
        "g_na_s": p.g_Na_s * _PS_UM2,
        "g_kv_s": p.g_Kv_s * _PS_UM2,
        "g_na_d": p.g_Na_d * _PS_UM2,
        "g_ca_d": p.g_Ca_d * _PS_UM2,
        "g_km_d": p.g_Km_d * _PS_UM2,
        "g_kca_d": p.g_KCa_d * _PS_UM2,
        "g_l": 1.0 / p.R_m_d,  # 1/(kOhm cm^2) = mS/cm^2
        "g_c_s": 1e3 / (p.kappa * 1e6 * _A_SOMA),  # coupling per soma area, mS/cm^2
        "g_c_d": 1e3 / (p.kappa * 1e6 * _A_SOMA * p.rho),  # per dendritic area
    }
