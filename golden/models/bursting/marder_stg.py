"""Single-compartment stomatogastric (STG) neuron model (Liu et al. 1998; Prinz, Billimoria & Marder 2003)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

_CONDUCTANCES = ("g_Na", "g_CaT", "g_CaS", "g_A", "g_KCa", "g_Kd", "g_H", "g_leak")


def _set(*values: float) -> dict[str, float]:
    return dict(zip(_CONDUCTANCES, values, strict=True))


#: Maximal conductances (mS/cm^2; order Na, CaT, CaS, A, KCa, Kd, H, leak) of published model neurons.
#: "abpd1".."abpd5": the five AB/PD pacemaker models of Prinz, Bucher & Marder 2004 (Nat. Neurosci. 7:1345),
#: all intrinsic bursters; "burst_2003" / "tonic_2003": the bursting and the tonic-spiking neuron of Prinz,
#: Thirumalai & Marder 2003 (J. Neurosci. 23:943); "fig2c_2003": the bursting neuron of Prinz, Billimoria & Marder
#: 2003 (J. Neurophysiol. 90:3998), Fig. 2C.
PRESETS: dict[str, dict[str, float]] = {
    "abpd1": _set(400.0, 2.5, 6.0, 50.0, 10.0, 100.0, 0.01, 0.0),
    "abpd2": _set(100.0, 2.5, 6.0, 50.0, 5.0, 100.0, 0.01, 0.0),
    "abpd3": _set(200.0, 2.5, 4.0, 50.0, 5.0, 50.0, 0.01, 0.0),
    "abpd4": _set(200.0, 5.0, 4.0, 40.0, 5.0, 125.0, 0.01, 0.0),
    "abpd5": _set(300.0, 2.5, 2.0, 10.0, 5.0, 125.0, 0.01, 0.0),
    "burst_2003": _set(200.0, 2.5, 4.0, 50.0, 5.0, 100.0, 0.01, 0.01),
    "tonic_2003": _set(200.0, 0.0, 4.0, 10.0, 10.0, 125.0, 0.05, 0.04),
    "fig2c_2003": _set(100.0, 0.0, 4.0, 0.0, 15.0, 50.0, 0.02, 0.03),
}


@params_dataclass
class MarderSTGParams(ParamSet):
    # Maximal conductances: AB/PD model 1 of Prinz, Bucher & Marder 2004 (a bursting pacemaker); reversal
    # potentials, Ca handling and membrane constants: Prinz, Billimoria & Marder 2003, J. Neurophysiol. 90:3998
    # (after Liu, Golowasch, Marder & Abbott 1998, J. Neurosci. 18:2309).
    g_Na: float = param(400.0, units="mS/cm^2", lo=0.0, hi=5000.0, doc="fast Na conductance")
    g_CaT: float = param(2.5, units="mS/cm^2", lo=0.0, hi=500.0, doc="transient Ca conductance")
    g_CaS: float = param(6.0, units="mS/cm^2", lo=0.0, hi=500.0, doc="slow Ca conductance")
    g_A: float = param(50.0, units="mS/cm^2", lo=0.0, hi=5000.0, doc="transient K (A) conductance")
    g_KCa: float = param(10.0, units="mS/cm^2", lo=0.0, hi=5000.0, doc="Ca-dependent K conductance")
    g_Kd: float = param(100.0, units="mS/cm^2", lo=0.0, hi=5000.0, doc="delayed-rectifier K conductance")
    g_H: float = param(0.01, units="mS/cm^2", lo=0.0, hi=100.0, doc="hyperpolarisation-activated conductance")
    g_leak: float = param(0.0, units="mS/cm^2", lo=0.0, hi=100.0, doc="leak conductance")
    E_Na: float = param(50.0, units="mV", lo=-100.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-80.0, units="mV", lo=-200.0, hi=100.0, doc="K reversal potential")
    E_H: float = param(-20.0, units="mV", lo=-200.0, hi=200.0, doc="H-current reversal potential")
    E_leak: float = param(-50.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    C_m: float = positive(1.0, "uF/cm^2", "specific membrane capacitance")
    area: float = positive(0.628e-3, "cm^2", "membrane area (converts current density to nA for the Ca pool)")
    f_Ca: float = positive(14.96, "uM/nA", "Ca influx per unit Ca current")
    tau_Ca: float = positive(200.0, "ms", "Ca buffering time constant")
    Ca_0: float = param(0.05, units="uM", lo=0.0, hi=10.0, doc="resting intracellular Ca")
    Ca_out: float = positive(3000.0, "uM", "extracellular Ca (Nernst potential E_Ca)")
    temp: float = param(10.0, units="degC", lo=-20.0, hi=50.0, doc="temperature of the Nernst factor RT/2F")
    v_threshold: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=2.0, doc="time step")
    n_sub: int = param(4, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


def _boltz(v, vh, k):
    return 1.0 / (1.0 + math.exp((v + vh) / k))


@register(
    family="bursting",
    reference="Prinz, Bucher & Marder 2004, Nat. Neurosci. 7:1345; Liu et al. 1998, J. Neurosci. 18:2309",
    units="mV, ms, nA, mS/cm^2, uM",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class MarderSTGNeuron(Neuron):
    """Marder-lab STG model neuron: eight conductances and intracellular Ca; bursting or tonic by conductance set.

    Single-compartment model of Liu, Golowasch, Marder & Abbott 1998 (J. Neurosci. 18:2309) with the kinetics of
    Prinz, Billimoria & Marder 2003 ("Alternative to hand-tuning conductance-based models", J. Neurophysiol.
    90:3998, Table 1), used for the model database of Prinz, Bucher & Marder 2004 (Nat. Neurosci. 7:1345)::

        C_m dV/dt = I/A - sum_i g_i m_i^p h_i^q (V - E_i)
        Na m^3 h (E_Na)  CaT m^3 h (E_Ca)  CaS m^3 h (E_Ca)  A m^3 h (E_K)  KCa m^4 (E_K)  Kd m^4 (E_K)
        H m (E_H)  leak (E_leak)
        dx/dt = (x_inf(V) - x)/tau_x(V)  for every gate
        tau_Ca dCa/dt = -f_Ca I_Ca - Ca + Ca_0,   I_Ca = A (I_CaT + I_CaS) in nA
        E_Ca = (R T / 2F) ln(Ca_out / Ca)
        m_Na,inf = 1/(1 + exp((V + 25.5)/-5.29))     tau = 2.64 - 2.52/(1 + exp((V + 120)/-25))
        h_Na,inf = 1/(1 + exp((V + 48.9)/5.18))
                          tau = 1.34/(1 + exp((V + 62.9)/-10)) (1.5 + 1/(1 + exp((V + 34.9)/3.6)))
        m_CaT,inf = 1/(1 + exp((V + 27.1)/-7.2))     tau = 43.4 - 42.6/(1 + exp((V + 68.1)/-20.5))
        h_CaT,inf = 1/(1 + exp((V + 32.1)/5.5))      tau = 210 - 179.6/(1 + exp((V + 55)/-16.9))
        m_CaS,inf = 1/(1 + exp((V + 33)/-8.1))       tau = 2.8 + 14/(exp((V + 27)/10) + exp((V + 70)/-13))
        h_CaS,inf = 1/(1 + exp((V + 60)/6.2))        tau = 120 + 300/(exp((V + 55)/9) + exp((V + 65)/-16))
        m_A,inf = 1/(1 + exp((V + 27.2)/-8.7))       tau = 23.2 - 20.8/(1 + exp((V + 32.9)/-15.2))
        h_A,inf = 1/(1 + exp((V + 56.9)/4.9))        tau = 77.2 - 58.4/(1 + exp((V + 38.9)/-26.5))
        m_KCa,inf = Ca/(Ca + 3)/(1 + exp((V + 28.3)/-12.6))   tau = 180.6 - 150.2/(1 + exp((V + 46)/-22.7))
        m_Kd,inf = 1/(1 + exp((V + 12.3)/-11.8))     tau = 14.4 - 12.8/(1 + exp((V + 28.3)/-19.2))
        m_H,inf = 1/(1 + exp((V + 75)/5.5))          tau = 2/(exp((V + 169.7)/-11.6) + exp((V - 26.7)/14.3))

    Defaults: AB/PD model 1 of Prinz et al. 2004 (an intrinsic burster); :meth:`preset` gives the other published
    sets (:data:`PRESETS`: ``abpd1``-``abpd5``, ``burst_2003`` and ``tonic_2003`` of Prinz, Thirumalai & Marder
    2003, ``fig2c_2003`` of Prinz et al. 2003). Units: mV, ms, mS/cm^2, uF/cm^2, uM; the input ``input_current``
    is in nA (divided by the membrane area A = 0.628e-3 cm^2, i.e. 1 nA = 1.59 uA/cm^2).

    Integration: ``n_sub`` exponential-Euler (Rush-Larsen) sub-steps per ``dt`` (defaults 0.1 ms and 4: h = 25 us):
    every gate relaxes exactly towards its frozen-V steady state, Ca towards Ca_0 - f_Ca I_Ca, V towards its
    conductance-weighted reversal (unconditionally stable). Ca is floored at 1e-4 uM so that E_Ca stays finite if a
    huge depolarising current reverses the Ca current. Output ``spike`` (0/1): upward crossing of ``v_threshold``
    (-20 mV) in any sub-step, at most one per step.

    State starts at V = -65 mV with every gate at its steady state and Ca = Ca_0. Differences from the papers: the
    papers do not state the temperature of the Nernst factor; RT/2F is taken at ``temp`` = 10 degC (12.2 mV, the
    temperature range of STG recordings). Differences from the seed: the seed used invented fixed time constants
    and an invented Ca pool; here the published kinetics and conductance sets.
    """

    Params = MarderSTGParams
    PRESETS = PRESETS
    speculate = False
    state_vars = {
        "v": float,
        "m_na": float,
        "h_na": float,
        "m_cat": float,
        "h_cat": float,
        "m_cas": float,
        "h_cas": float,
        "m_a": float,
        "h_a": float,
        "m_kca": float,
        "m_kd": float,
        "m_h": float,
        "ca": float,
    }
    inputs = (Input("input_current", 0.0, "nA", "injected current"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> MarderSTGNeuron:
        """A published conductance set (see :data:`PRESETS`); ``overrides`` change any parameter."""
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {name!r}")
        return cls(**{**PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        v = -65.0
        ca = p.Ca_0
        return {
            "v": v,
            "m_na": _boltz(v, 25.5, -5.29),
            "h_na": _boltz(v, 48.9, 5.18),
            "m_cat": _boltz(v, 27.1, -7.2),
            "h_cat": _boltz(v, 32.1, 5.5),
            "m_cas": _boltz(v, 33.0, -8.1),
            "h_cas": _boltz(v, 60.0, 6.2),
            "m_a": _boltz(v, 27.2, -8.7),
            "h_a": _boltz(v, 56.9, 4.9),
            "m_kca": ca / (ca + 3.0) * _boltz(v, 28.3, -12.6),
            "m_kd": _boltz(v, 12.3, -11.8),
            "m_h": _boltz(v, 75.0, 5.5),
            "ca": ca,
        }

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C_m,
            "i_scale": 1.0 / (p.area * 1000.0),
            "g_na": p.g_Na,
            "g_cat": p.g_CaT,
            "g_cas": p.g_CaS,
            "g_a": p.g_A,
            "g_kca": p.g_KCa,
            "g_kd": p.g_Kd,
            "g_h": p.g_H,
            "g_l": p.g_leak,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_h": p.E_H,
            "e_l": p.E_leak,
            "ca_gain": p.f_Ca * p.area * 1000.0,
            "tau_ca": p.tau_Ca,
            "ca_0": p.Ca_0,
            "ca_out": p.Ca_out,
            "rt2f": 8.314462618 * (p.temp + 273.15) / (2.0 * 96485.33212) * 1000.0,
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        m_na,
        h_na,
        m_cat,
        h_cat,
        m_cas,
        h_cas,
        m_a,
        h_a,
        m_kca,
        m_kd,
        m_h,
        ca,
        input_current,
        c_inv,
        i_scale,
        g_na,
        g_cat,
        g_cas,
        g_a,
        g_kca,
        g_kd,
        g_h,
        g_l,
        e_na,
        e_k,
        e_h,
        e_l,
        ca_gain,
        tau_ca,
        ca_0,
        ca_out,
        rt2f,
        v_th,
        h,
        n_sub,
    ):
        spike = 0
        i_dens = input_current * i_scale
        for _ in range(n_sub):
            e_ca = rt2f * math.log(ca_out / ca)
            gna = g_na * m_na * m_na * m_na * h_na
            gca = g_cat * m_cat * m_cat * m_cat * h_cat + g_cas * m_cas * m_cas * m_cas * h_cas
            m2 = m_kca * m_kca
            k2 = m_kd * m_kd
            gk = g_a * m_a * m_a * m_a * h_a + g_kca * m2 * m2 + g_kd * k2 * k2
            gh = g_h * m_h
            g = gna + gca + gk + gh + g_l
            v_inf = (i_dens + gna * e_na + gca * e_ca + gk * e_k + gh * e_h + g_l * e_l) / g
            vn = v_inf + (v - v_inf) * math.exp(-h * g * c_inv)
            # gates (V frozen at the start of the sub-step)
            x = 1.0 / (1.0 + math.exp((v + 25.5) / -5.29))
            tau = 2.64 - 2.52 / (1.0 + math.exp((v + 120.0) / -25.0))
            m_na = x + (m_na - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 48.9) / 5.18))
            tau = 1.34 / (1.0 + math.exp((v + 62.9) / -10.0)) * (1.5 + 1.0 / (1.0 + math.exp((v + 34.9) / 3.6)))
            h_na = x + (h_na - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 27.1) / -7.2))
            tau = 43.4 - 42.6 / (1.0 + math.exp((v + 68.1) / -20.5))
            m_cat = x + (m_cat - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 32.1) / 5.5))
            tau = 210.0 - 179.6 / (1.0 + math.exp((v + 55.0) / -16.9))
            h_cat = x + (h_cat - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 33.0) / -8.1))
            tau = 2.8 + 14.0 / (math.exp((v + 27.0) / 10.0) + math.exp((v + 70.0) / -13.0))
            m_cas = x + (m_cas - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 60.0) / 6.2))
            tau = 120.0 + 300.0 / (math.exp((v + 55.0) / 9.0) + math.exp((v + 65.0) / -16.0))
            h_cas = x + (h_cas - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 27.2) / -8.7))
            tau = 23.2 - 20.8 / (1.0 + math.exp((v + 32.9) / -15.2))
            m_a = x + (m_a - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 56.9) / 4.9))
            tau = 77.2 - 58.4 / (1.0 + math.exp((v + 38.9) / -26.5))
            h_a = x + (h_a - x) * math.exp(-h / tau)
            x = ca / (ca + 3.0) / (1.0 + math.exp((v + 28.3) / -12.6))
            tau = 180.6 - 150.2 / (1.0 + math.exp((v + 46.0) / -22.7))
            m_kca = x + (m_kca - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 12.3) / -11.8))
            tau = 14.4 - 12.8 / (1.0 + math.exp((v + 28.3) / -19.2))
            m_kd = x + (m_kd - x) * math.exp(-h / tau)
            x = 1.0 / (1.0 + math.exp((v + 75.0) / 5.5))
            tau = 2.0 / (math.exp((v + 169.7) / -11.6) + math.exp((v - 26.7) / 14.3))
            m_h = x + (m_h - x) * math.exp(-h / tau)
            # Ca pool: relaxes towards Ca_0 - f_Ca I_Ca (I_Ca in nA) with time constant tau_Ca
            c_inf = ca_0 - ca_gain * gca * (v - e_ca)
            ca = c_inf + (ca - c_inf) * math.exp(-h / tau_ca)
            if ca < 1e-4:
                ca = 1e-4
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, m_na, h_na, m_cat, h_cat, m_cas, h_cas, m_a, h_a, m_kca, m_kd, m_h, ca, spike
