"""Pospischil et al. 2008 minimal Hodgkin-Huxley models of cortical and thalamic cell classes (FS, RS, IB, IBR, LTS)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

_AREA_PY = math.pi * 96.0 * 96.0 * 1e-8  # cm^2, soma L = d = 96 um (pyramidal cells)
_AREA_IN = math.pi * 67.0 * 67.0 * 1e-8  # cm^2, soma L = d = 67 um (FS interneuron)

# Cell classes of Pospischil et al. 2008 (Biol. Cybern. 99:427), parameters of the authors' ModelDB release
# (accession 123623: templates sIN/sPY/sPYb/sPYbr/sPYr and demo_*.hoc), per unit area; "current" is the
# demo's step (nA) divided by the soma area, in uA/cm^2.
POSPISCHIL_PRESETS: dict[str, dict[str, Any]] = {
    "FS": {
        "params": {"g_leak": 0.15, "E_leak": -70.0, "g_Na": 50.0, "g_Kd": 10.0, "g_M": 0.0, "g_L": 0.0, "g_T": 0.0},
        "current": 0.5e-3 / _AREA_IN,
    },
    "RS": {
        "params": {"g_leak": 0.1, "E_leak": -70.0, "g_Na": 50.0, "g_Kd": 5.0, "g_M": 0.07, "g_L": 0.0, "g_T": 0.0},
        "current": 0.75e-3 / _AREA_PY,
    },
    "IB": {
        "params": {"g_leak": 0.01, "E_leak": -85.0, "g_Na": 50.0, "g_Kd": 5.0, "g_M": 0.03, "g_L": 0.17, "g_T": 0.0},
        "current": 0.15e-3 / _AREA_PY,
    },
    "IBR": {
        "params": {"g_leak": 0.01, "E_leak": -85.0, "g_Na": 50.0, "g_Kd": 5.0, "g_M": 0.03, "g_L": 0.22, "g_T": 0.0},
        "current": 0.15e-3 / _AREA_PY,
    },
    "LTS": {
        "params": {"g_leak": 0.01, "E_leak": -85.0, "g_Na": 50.0, "g_Kd": 5.0, "g_M": 0.03, "g_L": 0.0, "g_T": 0.4},
        "current": 0.15e-3 / _AREA_PY,
    },
}


def _efun(u: float) -> float:
    """u / (1 - exp(-u)), finite at u = 0."""
    if abs(u) < 1e-6:
        return 1.0 + 0.5 * u
    return u / -math.expm1(-u)


def _steady(v: float, p: Any) -> dict[str, float]:
    x = v - p.V_T
    am = 1.28 * _efun((x - 13.0) / 4.0)
    bm = 1.4 * _efun(-(x - 40.0) / 5.0)
    ah = 0.128 * math.exp(-(x - 17.0) / 18.0)
    bh = 4.0 / (1.0 + math.exp(-(x - 40.0) / 5.0))
    an = 0.16 * _efun((x - 15.0) / 5.0)
    bn = 0.5 * math.exp(-(x - 10.0) / 40.0)
    aq = 0.055 * 3.8 * _efun((v + 27.0) / 3.8)
    bq = 0.94 * math.exp((-75.0 - v) / 17.0)
    ar = 0.000457 * math.exp((-13.0 - v) / 50.0)
    br = 0.0065 / (math.exp((-15.0 - v) / 28.0) + 1.0)
    return {
        "m": am / (am + bm),
        "h": ah / (ah + bh),
        "n": an / (an + bn),
        "p": 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0)),
        "q": aq / (aq + bq),
        "r": ar / (ar + br),
        "u": 1.0 / (1.0 + math.exp((v + p.V_x + 81.0) / 4.0)),
    }


@params_dataclass
class PospischilParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_leak: float = positive(0.1, "mS/cm^2", "leak conductance (RS: 0.1)")
    E_leak: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential (RS: -70)")
    g_Na: float = param(50.0, units="mS/cm^2", lo=0.0, doc="maximal Na conductance")
    g_Kd: float = param(5.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance (RS: 5)")
    g_M: float = param(0.07, units="mS/cm^2", lo=0.0, doc="maximal slow (M-type) K conductance (RS: 0.07)")
    tau_max: float = positive(1000.0, "ms", "peak time constant of the M current activation p")
    g_L: float = param(0.0, units="mS/cm^2", lo=0.0, doc="maximal high-threshold (L-type) Ca conductance")
    g_T: float = param(0.0, units="mS/cm^2", lo=0.0, doc="maximal low-threshold (T-type) Ca conductance")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="sodium reversal potential")
    E_K: float = param(-100.0, units="mV", lo=-200.0, hi=200.0, doc="potassium reversal potential")
    E_Ca: float = param(120.0, units="mV", lo=-200.0, hi=300.0, doc="calcium reversal potential")
    V_T: float = param(-55.0, units="mV", lo=-150.0, hi=50.0, doc="spike-threshold offset of the Na/Kd rates")
    V_x: float = param(2.0, units="mV", lo=-50.0, hi=50.0, doc="voltage shift of I_T (screening charge)")
    phi_T: float = positive(3.0**1.2, "1", "temperature factor of I_T inactivation (Q10 3 from 24 to 36 degC)")
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(5, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.025:
            raise ValueError(f"dt/substeps must be <= 0.025 ms, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="conductance-based",
    reference="Pospischil et al. 2008, Biol. Cybern. 99:427",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 50.0),
)
class PospischilNeuron(Neuron):
    """Pospischil et al. minimal HH models: FS, RS, IB, repetitive-bursting IB and LTS cells by preset.

    Model (Pospischil, Toledo-Rodriguez, Monier, Piwkowska, Bal, Fregnac, Markram & Destexhe 2008, Biol. Cybern.
    99:427-441, Methods), one compartment, V in mV, t in ms, x = V - V_T::

        C dV/dt = I - g_leak (V - E_leak) - g_Na m^3 h (V - E_Na) - g_Kd n^4 (V - E_K) - g_M p (V - E_K)
                    - g_L q^2 r (V - E_Ca) - g_T s_inf^2 u (V - E_Ca)
        Na:  a_m = -0.32 (x - 13)/(exp(-(x - 13)/4) - 1),  b_m = 0.28 (x - 40)/(exp((x - 40)/5) - 1)
             a_h = 0.128 exp(-(x - 17)/18),                b_h = 4/(1 + exp(-(x - 40)/5))
        Kd:  a_n = -0.032 (x - 15)/(exp(-(x - 15)/5) - 1), b_n = 0.5 exp(-(x - 10)/40)
        M:   p_inf = 1/(1 + exp(-(V + 35)/10)),  tau_p = tau_max/(3.3 exp((V + 35)/20) + exp(-(V + 35)/20))
        L:   a_q = 0.055 (-27 - V)/(exp((-27 - V)/3.8) - 1),  b_q = 0.94 exp((-75 - V)/17)
             a_r = 0.000457 exp((-13 - V)/50),               b_r = 0.0065/(exp((-15 - V)/28) + 1)
        T:   s_inf = 1/(1 + exp(-(V + V_x + 57)/6.2)),  u_inf = 1/(1 + exp((V + V_x + 81)/4))
             tau_u = [30.8 + (211.4 + exp((V + V_x + 113.2)/5))/(1 + exp((V + V_x + 84)/3.2))] / phi_T

    Cell classes (:meth:`preset`, :data:`POSPISCHIL_PRESETS`; the authors' ModelDB release of the paper's cells,
    accession 123623): ``FS`` fast spiking (g_leak 0.15, g_Kd 10, no M), ``RS`` regular spiking with adaptation
    (default; g_leak 0.1, g_M 0.07, tau_max 1 s), ``IB`` intrinsically bursting (E_leak -85, g_M 0.03, g_L 0.17:
    an initial burst, then single spikes), ``IBR`` repetitive bursting (g_L 0.22), ``LTS`` low-threshold spike
    (E_leak -85, g_M 0.03, g_T 0.4: a burst at depolarisation onset from a hyperpolarised rest and rebound
    bursts). All: C = 1 uF/cm^2, g_Na = 50 mS/cm^2, E_Na = 50, E_K = -100, E_Ca = 120 mV, V_T = -55 mV, V_x = 2
    mV. :meth:`preset_current` gives the demo's step current (0.5 nA on the 67 um FS soma, 0.75 nA RS, 0.15 nA for
    IB/IBR/LTS on the 96 um soma) in uA/cm^2. E_Ca is fixed at 120 mV (the release computes it from a calcium
    pool; the fixed value is its resting Nernst potential).

    Integration: ``substeps`` sub-steps per ``dt`` (default 5 x 0.02 ms per 0.1 ms step): every gate by its exact
    solution for V frozen (Rush-Larsen), then V by exponential Euler with the new conductances. Removable
    singularities use ``expm1`` with a series branch; the voltage fed to the rates is clamped to [-200, 200] mV.

    Output: ``spike`` = 1 when V crosses ``v_spike`` (0 mV) upwards in the step. Input: ``step(input_current)``
    in uA/cm^2. Ranges: conductances >= 0 (``g_leak`` > 0), ``C``, ``tau_max``, ``phi_T`` > 0, potentials in
    [-200, 200] mV (E_Ca up to 300), ``dt`` in (0, 1] ms with dt/substeps <= 0.025 ms.
    """

    Params = PospischilParams
    PRESETS = POSPISCHIL_PRESETS
    state_vars = {"v": float, "m": float, "h": float, "n": float, "p": float, "q": float, "r": float, "u": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> PospischilNeuron:
        """A neuron of cell class ``name`` (FS, RS, IB, IBR, LTS)."""
        if name not in POSPISCHIL_PRESETS:
            raise ValueError(f"preset must be one of {sorted(POSPISCHIL_PRESETS)}, got {name!r}")
        return cls(**{**POSPISCHIL_PRESETS[name]["params"], **overrides})

    @staticmethod
    def preset_current(name: str) -> float:
        """The step current (uA/cm^2) of the authors' demo for cell class ``name``."""
        if name not in POSPISCHIL_PRESETS:
            raise ValueError(f"preset must be one of {sorted(POSPISCHIL_PRESETS)}, got {name!r}")
        return float(POSPISCHIL_PRESETS[name]["current"])

    @staticmethod
    def initial_state(p):
        v = p.E_leak
        return {"v": v, **_steady(v, p)}

    @staticmethod
    def derive(p):
        return {
            "c_m": p.C,
            "g_lk": p.g_leak,
            "e_lk": p.E_leak,
            "g_na": p.g_Na,
            "g_kd": p.g_Kd,
            "g_m": p.g_M,
            "tau_max": p.tau_max,
            "g_cal": p.g_L,
            "g_cat": p.g_T,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_ca": p.E_Ca,
            "v_t": p.V_T,
            "v_x": p.V_x,
            "phi_t": p.phi_T,
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        m,
        h,
        n,
        p,
        q,
        r,
        u,
        input_current,
        c_m,
        g_lk,
        e_lk,
        g_na,
        g_kd,
        g_m,
        tau_max,
        g_cal,
        g_cat,
        e_na,
        e_k,
        e_ca,
        v_t,
        v_x,
        phi_t,
        v_spike,
        hs,
        n_sub,
    ):
        spike = 0
        for _sub in range(n_sub):
            vr = min(max(v, -200.0), 200.0)
            x = vr - v_t
            z = (x - 13.0) / 4.0
            if abs(z) < 1e-6:
                a = 1.28 * (1.0 + 0.5 * z)
            else:
                a = 1.28 * z / -math.expm1(-z)
            z = (40.0 - x) / 5.0
            if abs(z) < 1e-6:
                b = 1.4 * (1.0 + 0.5 * z)
            else:
                b = 1.4 * z / -math.expm1(-z)
            m = a / (a + b) + (m - a / (a + b)) * math.exp(-hs * (a + b))
            a = 0.128 * math.exp((17.0 - x) / 18.0)
            b = 4.0 / (1.0 + math.exp((40.0 - x) / 5.0))
            h = a / (a + b) + (h - a / (a + b)) * math.exp(-hs * (a + b))
            z = (x - 15.0) / 5.0
            if abs(z) < 1e-6:
                a = 0.16 * (1.0 + 0.5 * z)
            else:
                a = 0.16 * z / -math.expm1(-z)
            b = 0.5 * math.exp((10.0 - x) / 40.0)
            n = a / (a + b) + (n - a / (a + b)) * math.exp(-hs * (a + b))
            pinf = 1.0 / (1.0 + math.exp(-(vr + 35.0) / 10.0))
            rate = (3.3 * math.exp((vr + 35.0) / 20.0) + math.exp(-(vr + 35.0) / 20.0)) / tau_max
            p = pinf + (p - pinf) * math.exp(-hs * rate)
            z = (vr + 27.0) / 3.8
            if abs(z) < 1e-6:
                a = 0.209 * (1.0 + 0.5 * z)
            else:
                a = 0.209 * z / -math.expm1(-z)
            b = 0.94 * math.exp((-75.0 - vr) / 17.0)
            q = a / (a + b) + (q - a / (a + b)) * math.exp(-hs * (a + b))
            a = 0.000457 * math.exp((-13.0 - vr) / 50.0)
            b = 0.0065 / (math.exp((-15.0 - vr) / 28.0) + 1.0)
            r = a / (a + b) + (r - a / (a + b)) * math.exp(-hs * (a + b))
            y = vr + v_x
            uinf = 1.0 / (1.0 + math.exp((y + 81.0) / 4.0))
            tau_u = (30.8 + (211.4 + math.exp((y + 113.2) / 5.0)) / (1.0 + math.exp((y + 84.0) / 3.2))) / phi_t
            u = uinf + (u - uinf) * math.exp(-hs / tau_u)
            sinf = 1.0 / (1.0 + math.exp(-(y + 57.0) / 6.2))
            gna = g_na * m * m * m * h
            n2 = n * n
            gk = g_kd * n2 * n2 + g_m * p
            gca = g_cal * q * q * r + g_cat * sinf * sinf * u
            gt = g_lk + gna + gk + gca
            vinf = (g_lk * e_lk + gna * e_na + gk * e_k + gca * e_ca + input_current) / gt
            vn = vinf + (v - vinf) * math.exp(-hs * gt / c_m)
            if v < v_spike and vn >= v_spike:
                spike = 1
            v = vn
        return v, m, h, n, p, q, r, u, spike
