"""Pre-Botzinger respiratory pacemaker neuron, model 1 (Butera, Rinzel & Smith 1999)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ButeraParams(ParamSet):
    # Butera, Rinzel & Smith 1999, J. Neurophysiol. 82:382, model 1 (Table 1)
    C: float = positive(21.0, "pF", "membrane capacitance")
    g_Na: float = param(28.0, units="nS", lo=0.0, hi=1000.0, doc="fast Na conductance")
    g_NaP: float = param(2.8, units="nS", lo=0.0, hi=1000.0, doc="persistent Na conductance")
    g_K: float = param(11.2, units="nS", lo=0.0, hi=1000.0, doc="delayed-rectifier K conductance")
    g_L: float = param(2.8, units="nS", lo=0.0, hi=1000.0, doc="leak conductance")
    g_tonic: float = param(0.0, units="nS", lo=0.0, hi=100.0, doc="tonic excitatory synaptic conductance")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-85.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    E_L: float = param(-65.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    E_syn: float = param(0.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the tonic excitatory drive")
    tau_n_bar: float = positive(10.0, "ms", "time-constant scale of n")
    tau_h_bar: float = positive(10000.0, "ms", "time-constant scale of h (NaP inactivation)")
    v_threshold: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")
    n_sub: int = param(10, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


@register(
    family="bursting",
    reference="Butera, Rinzel & Smith 1999, J. Neurophysiol. 82:382",
    units="mV, ms, pA, nS, pF",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class ButeraRespiratoryNeuron(Neuron):
    """Butera-Rinzel-Smith pre-Botzinger neuron (model 1): persistent-Na bursting for a range of tonic drive.

    Model 1 of Butera, Rinzel & Smith 1999, "Models of respiratory rhythm generation in the pre-Botzinger
    complex. I. Bursting pacemaker neurons", J. Neurophysiol. 82:382-397::

        C dV/dt = I - I_NaP - I_Na - I_K - I_L - g_tonic (V - E_syn)
        I_NaP = g_NaP m_inf,p(V) h (V - E_Na),   I_Na = g_Na m_inf^3(V) (1 - n) (V - E_Na)
        I_K = g_K n^4 (V - E_K),                 I_L = g_L (V - E_L)
        dn/dt = (n_inf - n)/tau_n,  dh/dt = (h_inf - h)/tau_h
        x_inf = 1/(1 + exp((V - theta_x)/sigma_x)),  tau_x = tau_bar_x / cosh((V - theta_x)/(2 sigma_x))
        theta/sigma (mV): m -34/-5, n -29/-4, m_p -40/-6, h -48/6; tau_bar_n 10 ms, tau_bar_h 10 s

    The slow inactivation h of the persistent Na current makes the cell burst over a band of tonic drive
    g_tonic (and of E_L): quiescent below it, bursting (period of seconds) inside it, beating above it.

    Integration: ``n_sub`` exponential-Euler sub-steps per ``dt`` (defaults 0.5 ms and 10: h = 0.05 ms); gates
    relax exactly with V frozen, V exactly towards its conductance-weighted reversal with the gates frozen.
    Output ``spike`` (0/1): upward crossing of ``v_threshold`` (-20 mV) in any sub-step, at most one per step.
    Units: mV, ms, pA (input), nS, pF. State starts at V = -60 mV, n = n_inf, h = 0.6.
    Differences from the seed: stable integration (the seed's Euler step went NaN for I >= 20 pA), the tonic
    drive of the paper as a parameter.
    """

    Params = ButeraParams
    speculate = False
    state_vars = {"v": float, "n": float, "h": float}
    inputs = (Input("input_current", 0.0, "pA", "injected current"),)

    @staticmethod
    def initial_state(p):
        v = -60.0
        return {"v": v, "n": 1.0 / (1.0 + math.exp((v + 29.0) / -4.0)), "h": 0.6}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_na": p.g_Na,
            "g_nap": p.g_NaP,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "g_t": p.g_tonic,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "e_syn": p.E_syn,
            "tnb": p.tau_n_bar,
            "thb": p.tau_h_bar,
            "v_th": p.v_threshold,
            "dt_sub": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v, n, h, input_current, c_inv, g_na, g_nap, g_k, g_l, g_t, e_na, e_k, e_l, e_syn, tnb, thb, v_th, dt_sub, n_sub
    ):
        spike = 0
        for _ in range(n_sub):
            m_inf = 1.0 / (1.0 + math.exp((v + 34.0) / -5.0))
            mp_inf = 1.0 / (1.0 + math.exp((v + 40.0) / -6.0))
            xn = (v + 29.0) / -4.0
            n_inf = 1.0 / (1.0 + math.exp(xn))
            tau_n = tnb / math.cosh(0.5 * xn)
            xh = (v + 48.0) / 6.0
            h_inf = 1.0 / (1.0 + math.exp(xh))
            tau_h = thb / math.cosh(0.5 * xh)
            gna = g_nap * mp_inf * h + g_na * m_inf * m_inf * m_inf * (1.0 - n)
            n2 = n * n
            gk = g_k * n2 * n2
            g = gna + gk + g_l + g_t
            v_inf = (input_current + gna * e_na + gk * e_k + g_l * e_l + g_t * e_syn) / g
            vn = v_inf + (v - v_inf) * math.exp(-dt_sub * g * c_inv)
            n = n_inf + (n - n_inf) * math.exp(-dt_sub / tau_n)
            h = h_inf + (h - h_inf) * math.exp(-dt_sub / tau_h)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, n, h, spike
