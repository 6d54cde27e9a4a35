"""Chay's three-variable model of an excitable cell: bursting and chaos (Chay 1985)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ChayParams(ParamSet):
    # Chay 1985, Physica D 16:233 (values of the paper's figures; V_C is the bifurcation parameter)
    g_I: float = param(1800.0, units="1/s", lo=0.0, hi=1e5, doc="mixed Na/Ca inward conductance g_I*")
    g_KV: float = param(1700.0, units="1/s", lo=0.0, hi=1e5, doc="voltage-gated K conductance g_KV*")
    g_KC: float = param(10.0, units="1/s", lo=0.0, hi=1e5, doc="Ca-activated K conductance g_KC*")
    g_L: float = param(7.0, units="1/s", lo=0.0, hi=1e5, doc="leak conductance g_L*")
    V_I: float = param(80.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the inward current")
    V_K: float = param(-75.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    V_L: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V_C: float = param(100.0, units="mV", lo=-200.0, hi=300.0, doc="Ca reversal (bifurcation parameter)")
    k_C: float = param(3.3 / 18.0, units="1", lo=0.0, lo_open=True, hi=100.0, doc="Ca removal rate constant")
    rho: float = param(0.27, units="1/s", lo=0.0, lo_open=True, hi=100.0, doc="Ca time-scale factor")
    lambda_n: float = param(230.0, units="1", lo=0.0, lo_open=True, hi=1e4, doc="rate factor of n")
    v_threshold: float = param(-35.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(0.001, units="s", lo=0.0, lo_open=True, hi=0.01, doc="time step")
    n_sub: int = param(10, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


@register(
    family="bursting",
    reference="Chay 1985, Physica D 16:233",
    units="mV, s, conductances per capacitance in 1/s, Ca dimensionless, input in mV/s",
    primary="input_current",
    sweep=(0.0, 2000.0),
)
class ChayNeuron(Neuron):
    """Chay's excitable-cell model: beating, bursting and chaotic bursting as V_C varies (time in seconds).

    Model (Chay 1985, "Chaos in a three-variable model of an excitable cell", Physica D 16:233-242)::

        dV/dt = g_I m_inf^3 h_inf (V_I - V) + g_KV n^4 (V_K - V) + g_KC C/(1 + C) (V_K - V) + g_L (V_L - V) + I
        dn/dt = (n_inf - n)/tau_n,        tau_n = 1/(lambda_n (alpha_n + beta_n))
        dC/dt = rho (m_inf^3 h_inf (V_C - V) - k_C C)
        alpha_m = 0.1 (25 + V)/(1 - exp(-0.1 V - 2.5)),  beta_m = 4 exp(-(V + 50)/18)
        alpha_h = 0.07 exp(-0.05 V - 2.5),               beta_h = 1/(1 + exp(-0.1 V - 2))
        alpha_n = 0.01 (20 + V)/(1 - exp(-0.1 V - 2)),   beta_n = 0.125 exp(-(V + 30)/80)

    The conductances are per unit capacitance (1/s), time is in seconds, C is a dimensionless intracellular
    Ca concentration and the input ``input_current`` (default 0) is a current per capacitance in mV/s. The
    paper varies V_C: the cell beats, bursts, and bursts chaotically in windows between periodic bursts.

    Integration: ``n_sub`` exponential-Euler sub-steps per ``dt`` (defaults 1 ms and 10: h = 0.1 ms): n relaxes
    exactly towards n_inf with V frozen, V exactly towards its conductance-weighted reversal with the gates
    frozen (stable at g_I + g_KV ~ 3500/s, where the seed's Euler step went NaN). The removable singularities
    of alpha_m and alpha_n (V = -25, -20 mV) are replaced by their limits. Output ``spike`` (0/1): upward
    crossing of ``v_threshold`` (-35 mV; the spikes of a burst rise from ~ -50 to above -30 mV) in any
    sub-step, at most one per step.

    State starts at V = -50 mV, n = n_inf(-50), C = 0.5. Differences from the seed: the seed had g_KV = 1400
    and went NaN at every input; here the paper's values and a stable integrator.
    """

    Params = ChayParams
    speculate = False
    state_vars = {"v": float, "n": float, "ca": float}
    inputs = (Input("input_current", 0.0, "mV/s", "injected current per capacitance"),)

    @staticmethod
    def initial_state(p):
        v = -50.0
        an = 0.01 * (20.0 + v) / (1.0 - math.exp(-0.1 * v - 2.0))
        bn = 0.125 * math.exp(-(v + 30.0) / 80.0)
        return {"v": v, "n": an / (an + bn), "ca": 0.5}

    @staticmethod
    def derive(p):
        return {
            "g_i": p.g_I,
            "g_kv": p.g_KV,
            "g_kc": p.g_KC,
            "g_l": p.g_L,
            "v_i": p.V_I,
            "v_k": p.V_K,
            "v_l": p.V_L,
            "v_c": p.V_C,
            "k_c": p.k_C,
            "rho": p.rho,
            "lam": p.lambda_n,
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(v, n, ca, input_current, g_i, g_kv, g_kc, g_l, v_i, v_k, v_l, v_c, k_c, rho, lam, v_th, h, n_sub):
        spike = 0
        for _ in range(n_sub):
            x = -0.1 * v - 2.5
            if abs(x) < 1e-6:
                am = 1.0 + 0.5 * x
            else:
                am = 0.1 * (25.0 + v) / (1.0 - math.exp(x))
            bm = 4.0 * math.exp(-(v + 50.0) / 18.0)
            ah = 0.07 * math.exp(-0.05 * v - 2.5)
            bh = 1.0 / (1.0 + math.exp(-0.1 * v - 2.0))
            x = -0.1 * v - 2.0
            if abs(x) < 1e-6:
                an = 0.1 + 0.05 * x
            else:
                an = 0.01 * (20.0 + v) / (1.0 - math.exp(x))
            bn = 0.125 * math.exp(-(v + 30.0) / 80.0)
            m = am / (am + bm)
            hh = ah / (ah + bh)
            gate = m * m * m * hh
            n_inf = an / (an + bn)
            n2 = n * n
            gi = g_i * gate
            gk = g_kv * n2 * n2 + g_kc * ca / (1.0 + ca)
            g = gi + gk + g_l
            v_inf = (input_current + gi * v_i + gk * v_k + g_l * v_l) / g
            vn = v_inf + (v - v_inf) * math.exp(-h * g)
            n = n_inf + (n - n_inf) * math.exp(-h * lam * (an + bn))
            c_inf = gate * (v_c - v) / k_c
            ca = c_inf + (ca - c_inf) * math.exp(-h * rho * k_c)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, n, ca, spike
