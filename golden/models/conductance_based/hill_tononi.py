"""Hill & Tononi 2005 thalamocortical point neuron: leaky membrane, dynamic threshold, four intrinsic currents."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Cell classes of the paper's network (Hill & Tononi 2005, Table 2 and pp. 1678-1679: which intrinsic currents
# each population carries), as the NEST reference implementation's Hill-Tononi network example sets them
# (``ht_neuron``; tau_m, theta_eq, tau_theta, tau_spike per class; absent currents have g_peak = 0).
HILL_TONONI_PRESETS: dict[str, dict[str, float]] = {
    # cortical excitatory (layers 2/3 and 4): I_NaP and I_KNa, no I_T, no I_h
    "cortical_excitatory": {"g_T": 0.0, "g_h": 0.0},
    # cortical layer 5/6 excitatory cells also carry I_h
    "cortical_excitatory_L56": {"g_T": 0.0, "g_h": 1.0},
    # cortical inhibitory interneurons: faster membrane and threshold, no I_T, no I_h
    "cortical_inhibitory": {
        "tau_m": 8.0,
        "theta_eq": -53.0,
        "tau_theta": 1.0,
        "tau_spike": 0.5,
        "g_T": 0.0,
        "g_h": 0.0,
    },
    # thalamocortical relay cells: I_T and I_h, no I_KNa
    "thalamic": {
        "tau_m": 8.0,
        "theta_eq": -53.0,
        "tau_theta": 0.75,
        "tau_spike": 0.75,
        "g_KNa": 0.0,
        "g_T": 1.0,
        "g_h": 1.0,
    },
    # reticular thalamic cells: I_T, no I_h, no I_KNa
    "reticular": {
        "tau_m": 8.0,
        "theta_eq": -53.0,
        "tau_theta": 0.75,
        "tau_spike": 0.75,
        "g_KNa": 0.0,
        "g_T": 1.0,
        "g_h": 0.0,
    },
}


def _gates(v: float, tau_D: float) -> dict[str, float]:
    """Steady-state values of the gates and of the I_KNa factor D at a frozen V."""
    return {
        "d_kna": tau_D * 0.025 / (1.0 + math.exp(-(v + 10.0) / 5.0)) + 0.001,
        "m_h": 1.0 / (1.0 + math.exp((v + 75.0) / 5.5)),
        "m_t": 1.0 / (1.0 + math.exp(-(v + 59.0) / 6.2)),
        "h_t": 1.0 / (1.0 + math.exp((v + 83.0) / 4.0)),
    }


def _rest(p: Any) -> float:
    """Resting potential with all intrinsic currents at steady state (damped fixed-point iteration)."""
    v = (p.g_NaL * p.E_Na + p.g_KL * p.E_K) / (p.g_NaL + p.g_KL)
    for _ in range(500):
        g = _gates(v, p.tau_D)
        m_nap = 1.0 / (1.0 + math.exp(-(v + 55.7) / 7.7))
        m_kna = 1.0 / (1.0 + (0.25 / g["d_kna"]) ** 3.5)
        terms = (
            (p.g_NaL, p.E_Na),
            (p.g_KL, p.E_K),
            (p.g_NaP * m_nap**3, p.E_NaP),
            (p.g_KNa * m_kna, p.E_KNa),
            (p.g_T * g["m_t"] ** 2 * g["h_t"], p.E_T),
            (p.g_h * g["m_h"], p.E_h),
        )
        v_new = sum(gx * ex for gx, ex in terms) / sum(gx for gx, _ in terms)
        if abs(v_new - v) < 1e-10:
            break
        v += 0.5 * (v_new - v)
    return v


@params_dataclass
class HillTononiParams(ParamSet):
    # membrane and leak (Hill & Tononi 2005, p. 1677; cortical excitatory cell, waking g_KL)
    tau_m: float = positive(16.0, "ms", "membrane time constant (all currents but the spike current)")
    g_NaL: float = param(0.2, units="1", lo=0.0, doc="Na leak conductance (dimensionless, relative)")
    E_Na: float = param(30.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal; V and theta jump here at a spike")
    g_KL: float = param(1.0, units="1", lo=0.0, doc="K leak conductance (1.0 waking; raised towards sleep)")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal (leak and spike current)")
    # dynamic threshold and spike (p. 1677, Table 2)
    theta_eq: float = param(-51.0, units="mV", lo=-150.0, hi=100.0, doc="equilibrium threshold")
    tau_theta: float = positive(2.0, "ms", "threshold relaxation time constant")
    tau_spike: float = positive(1.75, "ms", "time constant of the repolarising K spike current")
    t_ref: float = param(
        2.0, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="spike duration t_spike: spike current on, no new spike"
    )
    # intrinsic currents (pp. 1678-1679; peak conductances of the NEST reference implementation)
    g_NaP: float = param(1.0, units="1", lo=0.0, doc="persistent Na peak conductance")
    E_NaP: float = param(30.0, units="mV", lo=-200.0, hi=200.0, doc="persistent Na reversal")
    g_KNa: float = param(1.0, units="1", lo=0.0, doc="depolarisation-activated (Na-dependent) K peak conductance")
    E_KNa: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="I_KNa reversal")
    tau_D: float = positive(1250.0, "ms", "relaxation time constant of the I_KNa factor D")
    g_T: float = param(0.0, units="1", lo=0.0, doc="low-threshold Ca (I_T) peak conductance (thalamic: 1)")
    E_T: float = param(0.0, units="mV", lo=-200.0, hi=200.0, doc="I_T reversal")
    g_h: float = param(0.0, units="1", lo=0.0, doc="hyperpolarisation-activated cation (I_h) peak conductance")
    E_h: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="I_h reversal")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(4, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.g_NaL + self.g_KL <= 0.0:
            raise ValueError(f"g_NaL + g_KL must be > 0, got g_NaL={self.g_NaL}, g_KL={self.g_KL}")
        if self.dt / self.substeps > 0.05:
            raise ValueError(f"dt/substeps must be <= 0.05 ms, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="conductance-based",
    reference="Hill & Tononi 2005, J. Neurophysiol. 93:1671",
    units="mV, ms, dimensionless conductances, current in mV",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class HillTononiNeuron(Neuron):
    """Hill-Tononi thalamocortical neuron: dynamic threshold, K spike current, I_NaP, I_KNa, I_T and I_h.

    Model (Hill & Tononi 2005, J. Neurophysiol. 93:1671-1698, pp. 1677-1679; equations as corrected and
    implemented in NEST's ``ht_neuron``, Plesser's model notes), V and theta in mV, t in ms, conductances
    dimensionless (relative to the leak), the current I in mV (it is divided by tau_m like the others)::

        dV/dt = [-g_NaL (V - E_Na) - g_KL (V - E_K) + I_int + I] / tau_m - s(t) (V - E_K) / tau_spike
        dtheta/dt = -(theta - theta_eq) / tau_theta
        spike when V >= theta and not refractory:  V <- E_Na, theta <- E_Na, s = 1 for t_ref (else s = 0)

        I_int = -g_NaP m_NaP^3 (V - E_NaP) - g_KNa m_KNa (V - E_KNa) - g_T m_T^2 h_T (V - E_T) - g_h m_h (V - E_h)
        I_NaP: m_NaP = 1/(1 + exp(-(V + 55.7)/7.7))                      (instantaneous, Compte et al. 2003)
        I_KNa: m_KNa = 1/(1 + (0.25/D)^3.5),  dD/dt = 0.025/(1 + exp(-(V + 10)/5)) - (D - 0.001)/tau_D
        I_T:   m_inf = 1/(1 + exp(-(V + 59)/6.2)),  tau_m = 0.13 + 0.22/(exp(-(V + 132)/16.7) + exp((V + 16.8)/18.2))
               h_inf = 1/(1 + exp((V + 83)/4)),  tau_h = 8.2 + (56.6 + 0.27 exp((V + 115.2)/5))/(1 + exp((V + 86)/3.2))
        I_h:   m_inf = 1/(1 + exp((V + 75)/5.5)),  tau = 1/(exp(-14.59 - 0.086 V) + exp(-1.87 + 0.0701 V))

    Defaults: the paper's cortical excitatory cell in the waking state (p. 1677, Table 2): tau_m 16 ms, g_NaL
    0.2 / E_Na 30 mV, g_KL 1.0 / E_K -90 mV (rest -70 mV without intrinsic currents), theta_eq -51 mV, tau_theta
    2 ms, tau_spike 1.75 ms, t_ref (t_spike) 2 ms; I_NaP and I_KNa present, I_T and I_h absent (g = 0), peak
    conductances 1 as in the NEST reference. :meth:`preset` gives the other classes (:data:`HILL_TONONI_PRESETS`:
    ``cortical_excitatory``, ``cortical_excitatory_L56`` (+ I_h), ``cortical_inhibitory``, ``thalamic`` (I_T,
    I_h, no I_KNa; tau_m 8, theta_eq -53), ``reticular`` (I_T only)).

    Integration: ``substeps`` sub-steps per ``dt`` (default 4 x 0.025 ms per 0.1 ms step): the I_T and I_h
    gates and D by their exact solution for V frozen (Rush-Larsen; D is linear in itself), theta exactly, then V
    by exponential Euler with the conductances of the sub-step (V is linear for frozen conductances; exact
    without intrinsic currents). The threshold is tested at the end of every sub-step, as NEST tests it after
    every solver step. The voltage fed to the rate functions is clamped to [-200, 200] mV.

    Output: ``spike`` = 1 in the step where V reaches theta (at most one per step: t_ref > dt or the flag
    saturates). Input: ``step(input_current)`` in mV (dimensionless conductances: I = 1 shifts the steady
    state by 1/(g_NaL + g_KL) mV). Ranges: conductances >= 0 with g_NaL + g_KL > 0, time constants > 0,
    t_ref in (0, 100] ms, ``dt`` in (0, 1] ms with dt/substeps <= 0.05 ms.

    Differences from the paper: current input only (the paper's AMPA/NMDA/GABA synapses, their depression and
    the spontaneous minis are left to the network layer). The published equations have typographical errors
    that NEST's notes resolve and that are followed here: I_T time constants (brackets), m_NaP (the 7.7 mV
    slope inside the exponential), dD/dt (relaxation to D_eq, not D (1 - D_eq)) and m_KNa = 1/(1 + (d/D)^3.5);
    N_NaP = 3 (Compte et al.), N_T = 2 (Destexhe et al. 1996). The initial state is the true resting point with
    the intrinsic currents at steady state (NEST starts from the leak-only rest, -70 mV).

    Documented behaviour: without intrinsic currents the cell is a leaky integrator with rheobase
    I = (g_NaL + g_KL) theta_eq - g_NaL E_Na - g_KL E_K = 22.8 mV and regular ISIs fixed by tau_m, tau_spike
    and tau_theta; I_KNa adapts the rate over seconds (tau_D = 1.25 s); in thalamic cells I_T and I_h make a
    low-threshold rebound burst after hyperpolarisation (the paper's intrinsic-current section, p. 1679).
    """

    Params = HillTononiParams
    PRESETS = HILL_TONONI_PRESETS
    state_vars = {
        "v": float,
        "theta": float,
        "d_kna": float,
        "m_h": float,
        "m_t": float,
        "h_t": float,
        "t_left": float,
    }
    inputs = (Input("input_current", 0.0, "mV", "injected current (in mV: conductances are dimensionless)"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> HillTononiNeuron:
        """A neuron of cell class ``name`` (see :data:`HILL_TONONI_PRESETS`)."""
        if name not in HILL_TONONI_PRESETS:
            raise ValueError(f"preset must be one of {sorted(HILL_TONONI_PRESETS)}, got {name!r}")
        return cls(**{**HILL_TONONI_PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        v = _rest(p)
        return {"v": v, "theta": p.theta_eq, **_gates(v, p.tau_D), "t_left": 0.0}

    @staticmethod
    def derive(p):
        return {
            "tau_m": p.tau_m,
            "g_nal": p.g_NaL,
            "e_na": p.E_Na,
            "g_kl": p.g_KL,
            "e_k": p.E_K,
            "theta_eq": p.theta_eq,
            "tau_theta": p.tau_theta,
            "tau_spike": p.tau_spike,
            "t_ref": p.t_ref,
            "g_nap": p.g_NaP,
            "e_nap": p.E_NaP,
            "g_kna": p.g_KNa,
            "e_kna": p.E_KNa,
            "tau_d": p.tau_D,
            "g_t": p.g_T,
            "e_t": p.E_T,
            "g_h": p.g_h,
            "e_h": p.E_h,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        theta,
        d_kna,
        m_h,
        m_t,
        h_t,
        t_left,
        input_current,
        tau_m,
        g_nal,
        e_na,
        g_kl,
        e_k,
        theta_eq,
        tau_theta,
        tau_spike,
        t_ref,
        g_nap,
        e_nap,
        g_kna,
        e_kna,
        tau_d,
        g_t,
        e_t,
        g_h,
        e_h,
        hs,
        n_sub,
    ):
        spike = 0
        for _sub in range(n_sub):
            vr = min(max(v, -200.0), 200.0)
            # I_h activation
            minf = 1.0 / (1.0 + math.exp((vr + 75.0) / 5.5))
            rate = math.exp(-14.59 - 0.086 * vr) + math.exp(-1.87 + 0.0701 * vr)
            m_h = minf + (m_h - minf) * math.exp(-hs * rate)
            # I_T activation and inactivation
            minf = 1.0 / (1.0 + math.exp(-(vr + 59.0) / 6.2))
            tau = 0.13 + 0.22 / (math.exp(-(vr + 132.0) / 16.7) + math.exp((vr + 16.8) / 18.2))
            m_t = minf + (m_t - minf) * math.exp(-hs / tau)
            minf = 1.0 / (1.0 + math.exp((vr + 83.0) / 4.0))
            tau = 8.2 + (56.6 + 0.27 * math.exp((vr + 115.2) / 5.0)) / (1.0 + math.exp((vr + 86.0) / 3.2))
            h_t = minf + (h_t - minf) * math.exp(-hs / tau)
            # I_KNa factor D
            dinf = tau_d * 0.025 / (1.0 + math.exp(-(vr + 10.0) / 5.0)) + 0.001
            d_kna = dinf + (d_kna - dinf) * math.exp(-hs / tau_d)
            # threshold
            theta = theta_eq + (theta - theta_eq) * math.exp(-hs / tau_theta)
            # membrane: conductances of this sub-step, then exact solution of the linear V equation
            m_nap = 1.0 / (1.0 + math.exp(-(vr + 55.7) / 7.7))
            gnap = g_nap * m_nap * m_nap * m_nap
            gkna = g_kna / (1.0 + (0.25 / d_kna) ** 3.5)
            gt = g_t * m_t * m_t * h_t
            gh = g_h * m_h
            gsum = g_nal + g_kl + gnap + gkna + gt + gh
            num = g_nal * e_na + g_kl * e_k + gnap * e_nap + gkna * e_kna + gt * e_t + gh * e_h + input_current
            rate = gsum / tau_m
            num = num / tau_m
            if t_left > 0.0:
                rate = rate + 1.0 / tau_spike
                num = num + e_k / tau_spike
                t_left = t_left - hs
                if t_left < 0.5 * hs:
                    t_left = 0.0
            vinf = num / rate
            v = vinf + (v - vinf) * math.exp(-hs * rate)
            if t_left <= 0.0 and v >= theta:
                v = e_na
                theta = e_na
                t_left = t_ref
                spike = 1
        return v, theta, d_kna, m_h, m_t, h_t, t_left, spike
