"""Phantom burster of the pancreatic beta-cell (Bertram, Previte, Sherman, Kinard & Satin 2000)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

#: Bertram et al. 2000, Figs. 2-4: fast, medium and slow bursting differ only in g_s1 (g_s2 = 32 pS).
PRESETS: dict[str, dict[str, float]] = {"fast": {"g_s1": 20.0}, "medium": {"g_s1": 7.0}, "slow": {"g_s1": 3.0}}


@params_dataclass
class BertramPhantomParams(ParamSet):
    # Bertram et al. 2000, Biophys. J. 79:2880, Table 1 (and Fig. 2 for g_s1 = 20 pS: fast bursting)
    C_m: float = positive(4524.0, "fF", "membrane capacitance")
    g_Ca: float = param(280.0, units="pS", lo=0.0, hi=1e5, doc="Ca conductance (instantaneous activation m_inf)")
    g_K: float = param(1300.0, units="pS", lo=0.0, hi=1e5, doc="delayed-rectifier K conductance")
    g_L: float = param(25.0, units="pS", lo=0.0, hi=1e5, doc="leak conductance")
    g_s1: float = param(20.0, units="pS", lo=0.0, hi=1e5, doc="fast-slow K conductance (s1)")
    g_s2: float = param(32.0, units="pS", lo=0.0, hi=1e5, doc="slow-slow K conductance (s2)")
    V_Ca: float = param(100.0, units="mV", lo=-200.0, hi=200.0, doc="Ca reversal potential")
    V_K: float = param(-80.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal potential")
    V_L: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    v_m: float = param(-22.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of m_inf")
    s_m: float = param(7.5, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of m_inf")
    v_n: float = param(-9.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of n_inf")
    s_n: float = param(10.0, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of n_inf")
    tau_n_bar: float = positive(9.09, "ms", "time-constant scale of n")
    lam: float = positive(1.1, "1", "rate factor lambda of n")
    v_s1: float = param(-40.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of s1_inf")
    s_s1: float = param(0.5, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of s1_inf")
    tau_s1: float = positive(1000.0, "ms", "time constant of s1")
    v_s2: float = param(-42.0, units="mV", lo=-100.0, hi=100.0, doc="half-activation of s2_inf")
    s_s2: float = param(0.4, units="mV", lo=0.0, lo_open=True, hi=100.0, doc="slope of s2_inf")
    tau_s2: float = positive(120000.0, "ms", "time constant of s2")
    v_threshold: float = param(-30.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    n_sub: int = param(20, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")


@register(
    family="bursting",
    reference="Bertram, Previte, Sherman, Kinard & Satin 2000, Biophys. J. 79:2880",
    units="mV, ms, fA, pS, fF",
    primary="input_current",
    sweep=(0.0, 50000.0),
)
class BertramPhantomBurster(Neuron):
    """Phantom burster (beta-cell): fast, medium or slow bursting from two slow K currents of different speed.

    Model (Bertram, Previte, Sherman, Kinard & Satin 2000, "The phantom burster model for pancreatic
    beta-cells", Biophys. J. 79:2880-2892)::

        C_m dV/dt = I - g_Ca m_inf(V)(V - V_Ca) - g_K n (V - V_K) - g_s1 s1 (V - V_K) - g_s2 s2 (V - V_K)
                    - g_L (V - V_L)
        dn/dt  = lambda (n_inf(V) - n)/tau_n(V),   tau_n = tau_n_bar / (1 + exp((V - v_n)/s_n))
        ds1/dt = (s1_inf(V) - s1)/tau_s1,           ds2/dt = (s2_inf(V) - s2)/tau_s2
        x_inf(V) = 1/(1 + exp((v_x - V)/s_x))

    s1 (tau 1 s) and s2 (tau 2 min) together set the burst period: with g_s2 = 32 pS, g_s1 = 20 pS gives fast
    bursting (period of a few s, driven by s1; Fig. 2), g_s1 = 7 pS medium bursting (tens of s, both; Fig. 3)
    and g_s1 = 3 pS slow bursting (minutes, driven by s2; Fig. 4) -- :meth:`preset` ``"fast"``, ``"medium"``,
    ``"slow"``. Units: mV, ms, pS, fF and fA (input ``input_current``, added to the right-hand side).

    Integration: ``n_sub`` exponential-Euler sub-steps per ``dt`` (defaults 1 ms and 20: h = 0.05 ms; first
    order: spike counts per burst change by ~1 when h is halved, burst periods by a few %): the
    gates relax exactly towards their steady state over h with V frozen, and V relaxes exactly towards the
    conductance-weighted reversal potential with the gates frozen (unconditionally stable). Output ``spike``
    (0/1): upward crossing of ``v_threshold`` (-30 mV; the spikes of the active phase peak near -20 mV and the
    plateau lies below -35 mV) in any sub-step, at most one per step.

    Parameters: Table 1 of the paper (see the parameter table for units and ranges). State starts at V = -43
    mV, n = 0.03, s1 = 0.1, s2 = 0.434 (a point on the fast-bursting orbit). Differences from the seed: the
    seed used 3.6/10/4 conductances of the Sherman model and tau 20 s / 100 s; here the paper's Table 1.
    """

    Params = BertramPhantomParams
    PRESETS = PRESETS
    speculate = False
    state_vars = {"v": float, "n": float, "s1": float, "s2": float}
    inputs = (Input("input_current", 0.0, "fA", "injected current"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> BertramPhantomBurster:
        """The fast (Fig. 2), medium (Fig. 3) or slow (Fig. 4) bursting parameter set."""
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {name!r}")
        return cls(**{**PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        return {"v": -43.0, "n": 0.03, "s1": 0.1, "s2": 0.434}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C_m,
            "g_ca": p.g_Ca,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "g_s1": p.g_s1,
            "g_s2": p.g_s2,
            "v_ca": p.V_Ca,
            "v_k": p.V_K,
            "v_l": p.V_L,
            "v_m": p.v_m,
            "s_m": p.s_m,
            "v_n": p.v_n,
            "s_n": p.s_n,
            "tnb": p.tau_n_bar / p.lam,
            "v_s1": p.v_s1,
            "s_s1": p.s_s1,
            "e_s1": math.exp(-p.dt / p.n_sub / p.tau_s1),
            "v_s2": p.v_s2,
            "s_s2": p.s_s2,
            "e_s2": math.exp(-p.dt / p.n_sub / p.tau_s2),
            "v_th": p.v_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        n,
        s1,
        s2,
        input_current,
        c_inv,
        g_ca,
        g_k,
        g_l,
        g_s1,
        g_s2,
        v_ca,
        v_k,
        v_l,
        v_m,
        s_m,
        v_n,
        s_n,
        tnb,
        v_s1,
        s_s1,
        e_s1,
        v_s2,
        s_s2,
        e_s2,
        v_th,
        h,
        n_sub,
    ):
        spike = 0
        for _ in range(n_sub):
            m_inf = 1.0 / (1.0 + math.exp((v_m - v) / s_m))
            en = math.exp((v - v_n) / s_n)
            n_inf = 1.0 / (1.0 + 1.0 / en) if en > 0.0 else 0.0
            tau_n = tnb / (1.0 + en)
            s1_inf = 1.0 / (1.0 + math.exp(min((v_s1 - v) / s_s1, 700.0)))
            s2_inf = 1.0 / (1.0 + math.exp(min((v_s2 - v) / s_s2, 700.0)))
            gca = g_ca * m_inf
            gk = g_k * n + g_s1 * s1 + g_s2 * s2
            g = gca + gk + g_l
            v_inf = (input_current + gca * v_ca + gk * v_k + g_l * v_l) / g
            vn = v_inf + (v - v_inf) * math.exp(-h * g * c_inv)
            n = n_inf + (n - n_inf) * math.exp(-h / tau_n)
            s1 = s1_inf + (s1 - s1_inf) * e_s1
            s2 = s2_inf + (s2 - s2_inf) * e_s2
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, n, s1, s2, spike
