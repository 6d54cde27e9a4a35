"""Pinsky-Rinzel two-compartment reduction of Traub's CA3 pyramidal cell (bursting vs. tonic firing with g_c)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class PinskyRinzelParams(ParamSet):
    # Pinsky & Rinzel 1994, J. Comput. Neurosci. 1:39, Eqs. 1-6 and their parameter list (erratum 2:275, 1995).
    g_c: float = param(2.1, units="mS/cm^2", lo=0.0, doc="soma-dendrite coupling conductance")
    p: float = param(0.5, units="1", lo=0.0, lo_open=True, hi=1.0, hi_open=True, doc="somatic area fraction")
    C_m: float = positive(3.0, "uF/cm^2", "membrane capacitance")
    g_L: float = param(0.1, units="mS/cm^2", lo=0.0, doc="leak conductance")
    g_Na: float = param(30.0, units="mS/cm^2", lo=0.0, doc="fast Na (soma)")
    g_KDR: float = param(15.0, units="mS/cm^2", lo=0.0, doc="delayed rectifier K (soma)")
    g_Ca: float = param(10.0, units="mS/cm^2", lo=0.0, doc="Ca (dendrite)")
    g_KAHP: float = param(0.8, units="mS/cm^2", lo=0.0, doc="slow Ca-dependent K, AHP (dendrite)")
    g_KC: float = param(15.0, units="mS/cm^2", lo=0.0, doc="fast Ca- and voltage-dependent K (dendrite)")
    E_Na: float = param(120.0, units="mV", lo=-300.0, hi=300.0, doc="Na reversal (relative to rest)")
    E_Ca: float = param(140.0, units="mV", lo=-300.0, hi=300.0, doc="Ca reversal (relative to rest)")
    E_K: float = param(-15.0, units="mV", lo=-300.0, hi=300.0, doc="K reversal (relative to rest)")
    E_L: float = param(0.0, units="mV", lo=-300.0, hi=300.0, doc="leak reversal (relative to rest)")
    V_spike: float = param(
        30.0, units="mV", lo=-300.0, hi=300.0, doc="somatic spike detection level (upward crossing; relative to rest)"
    )
    dt: float = param(0.05, units="ms", lo=0.0, lo_open=True, hi=0.2, doc="time step")
    n_sub: int = param(2, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="multi-compartment",
    reference="Pinsky & Rinzel 1994, J. Comput. Neurosci. 1:39 (erratum 2:275, 1995)",
    units="mV (relative to rest), uA/cm^2, mS/cm^2, ms",
    primary="somatic_current",
    sweep=(0.0, 20.0),
)
class PinskyRinzelNeuron(Neuron):
    """Pinsky-Rinzel two-compartment CA3 pyramidal neuron: bursts at weak coupling, fires tonically at strong coupling.

    Model (Pinsky & Rinzel 1994, "Intrinsic and network rhythmogenesis in a reduced Traub model for CA3
    neurons", J. Comput. Neurosci. 1:39-60, Eqs. 1-6; erratum J. Comput. Neurosci. 2:275, 1995)::

        C_m dV_s/dt = -I_L(V_s) - I_Na(V_s, h) - I_KDR(V_s, n) + (g_c/p)(V_d - V_s) + I_s/p
        C_m dV_d/dt = -I_L(V_d) - I_Ca(V_d, s) - I_KAHP(V_d, q) - I_KC(V_d, Ca, c)
                      + (g_c/(1-p))(V_s - V_d) + I_d/(1-p)
        dCa/dt = -0.13 I_Ca - 0.075 Ca
        I_Na = g_Na m_inf(V_s)^2 h (V_s - E_Na),  I_KDR = g_KDR n (V_s - E_K),  I_Ca = g_Ca s^2 (V_d - E_Ca),
        I_KC = g_KC c min(Ca/250, 1) (V_d - E_K),  I_KAHP = g_KAHP q (V_d - E_K),  dx/dt = a_x (1 - x) - b_x x

    with the paper's (Traub 1991) rate functions a_x, b_x (ms^-1; V in mV relative to rest, e.g.
    a_m = 0.32 (13.1 - V)/(exp((13.1 - V)/4) - 1); a_c, b_c as corrected in the erratum; a_q = min(2e-5 Ca,
    0.01), b_q = 0.001). Voltages are relative to the resting potential, as in the paper (add -60 mV for
    absolute values).

    Integration: classical RK4 on the 8 states with ``n_sub`` sub-steps per ``dt`` (defaults 2 x 0.025 ms; the
    fastest rate at the defaults is below 10/ms). The removable singularities of x/(exp(x/k) - 1) are evaluated
    by their limit near 0 and exponent arguments are capped at 700, so no input overflows. A somatic spike is
    an upward crossing of ``V_spike`` (30 mV above rest, about -30 mV absolute, so that the smaller spikes riding
    on the dendritic Ca2+ plateau of a burst count too) in any sub-step; at most
    one per step.

    Parameters (defaults: the paper's, mS/cm^2 and mV relative to rest): ``g_c`` (2.1), ``p`` (0, 1) (0.5),
    ``C_m`` uF/cm^2 (3), ``g_L`` (0.1), ``g_Na`` (30), ``g_KDR`` (15), ``g_Ca`` (10), ``g_KAHP`` (0.8), ``g_KC``
    (15), ``E_Na`` (120), ``E_Ca`` (140), ``E_K`` (-15), ``E_L`` (0), ``V_spike`` (30), ``dt`` ms (0, 0.2]
    (0.05), ``n_sub`` integer (2). Inputs: ``somatic_current`` I_s (uA/cm^2; ``step(x)``), ``dendritic_current``
    I_d (uA/cm^2). Output: ``spike`` 0/1.

    Behaviour (paper, Figs. 2-4): with g_c = 2.1 and I_s = 0.75 the cell bursts (a dendritic Ca spike drives a
    somatic burst, then the AHP silences it); with strong coupling (g_c = 10.5) it fires single spikes
    periodically. Differences from the seed: the paper's rest-relative voltages and reversal potentials, no
    shifted copy of the rate functions; RK4 sub-steps with spike detection in each.
    """

    Params = PinskyRinzelParams
    speculate = False
    state_vars = {"vs": float, "vd": float, "h": float, "n": float, "s": float, "c": float, "q": float, "ca": float}
    inputs = (
        Input("somatic_current", 0.0, "uA/cm^2", "current injected into the soma (divided by p)"),
        Input("dendritic_current", 0.0, "uA/cm^2", "current injected into the dendrite (divided by 1 - p)"),
    )

    @staticmethod
    def initial_state(p):
        # the paper's rest (I_s = 0): V_s = -4.6, V_d = -4.5 mV; gates at their resting values
        return {"vs": -4.6, "vd": -4.5, "h": 0.999, "n": 0.001, "s": 0.009, "c": 0.007, "q": 0.01, "ca": 0.2}

    @staticmethod
    def derive(p):
        return {
            "hs": p.dt / p.n_sub,
            "n_sub": p.n_sub,
            "gcs": p.g_c / p.p,
            "gcd": p.g_c / (1.0 - p.p),
            "inv_p": 1.0 / p.p,
            "inv_q": 1.0 / (1.0 - p.p),
            "inv_cm": 1.0 / p.C_m,
            "g_l": p.g_L,
            "g_na": p.g_Na,
            "g_kdr": p.g_KDR,
            "g_ca": p.g_Ca,
            "g_kahp": p.g_KAHP,
            "g_kc": p.g_KC,
            "e_na": p.E_Na,
            "e_ca": p.E_Ca,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "v_spike": p.V_spike,
        }

    @staticmethod
    def kernel(
        vs,
        vd,
        h,
        n,
        s,
        c,
        q,
        ca,
        somatic_current,
        dendritic_current,
        hs,
        n_sub,
        gcs,
        gcd,
        inv_p,
        inv_q,
        inv_cm,
        g_l,
        g_na,
        g_kdr,
        g_ca,
        g_kahp,
        g_kc,
        e_na,
        e_ca,
        e_k,
        e_l,
        v_spike,
    ):
        spike = 0
        i_s = somatic_current * inv_p
        i_d = dendritic_current * inv_q
        for _ in range(n_sub):
            vs0 = vs
            y0 = vs
            y1 = vd
            y2 = h
            y3 = n
            y4 = s
            y5 = c
            y6 = q
            y7 = ca
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = 0.0
            for stage in range(4):
                # --- rates (Pinsky & Rinzel 1994, Eq. 6 and erratum) at (y0..y7)
                x = 13.1 - y0
                am = 4.0 * 0.32 if abs(x) < 1e-6 else 0.32 * x / math.expm1(min(x / 4.0, 700.0))
                x = y0 - 40.1
                bm = 5.0 * 0.28 if abs(x) < 1e-6 else 0.28 * x / math.expm1(min(x / 5.0, 700.0))
                minf = am / (am + bm)
                x = 35.1 - y0
                an = 5.0 * 0.016 if abs(x) < 1e-6 else 0.016 * x / math.expm1(min(x / 5.0, 700.0))
                bn = 0.25 * math.exp(min(0.5 - 0.025 * y0, 700.0))
                ah = 0.128 * math.exp(min((17.0 - y0) / 18.0, 700.0))
                bh = 4.0 / (1.0 + math.exp(min((40.0 - y0) / 5.0, 700.0)))
                a_s = 1.6 / (1.0 + math.exp(min(-0.072 * (y1 - 65.0), 700.0)))
                x = y1 - 51.1
                b_s = 5.0 * 0.02 if abs(x) < 1e-6 else 0.02 * x / math.expm1(min(x / 5.0, 700.0))
                if y1 <= 50.0:
                    ac = math.exp(min((y1 - 10.0) / 11.0 - (y1 - 6.5) / 27.0, 700.0)) / 18.975
                    bc = 2.0 * math.exp(min((6.5 - y1) / 27.0, 700.0)) - ac
                else:
                    ac = 2.0 * math.exp((6.5 - y1) / 27.0)
                    bc = 0.0
                cap = y7 if y7 > 0.0 else 0.0
                aq = 2e-5 * cap
                if aq > 0.01:
                    aq = 0.01
                chi = cap / 250.0
                if chi > 1.0:
                    chi = 1.0
                # --- currents and derivatives
                i_ca = g_ca * y4 * y4 * (y1 - e_ca)
                d0 = (
                    -g_l * (y0 - e_l)
                    - g_na * minf * minf * y2 * (y0 - e_na)
                    - g_kdr * y3 * (y0 - e_k)
                    + gcs * (y1 - y0)
                    + i_s
                ) * inv_cm
                d1 = (
                    -g_l * (y1 - e_l)
                    - i_ca
                    - g_kahp * y6 * (y1 - e_k)
                    - g_kc * y5 * chi * (y1 - e_k)
                    + gcd * (y0 - y1)
                    + i_d
                ) * inv_cm
                d2 = ah * (1.0 - y2) - bh * y2
                d3 = an * (1.0 - y3) - bn * y3
                d4 = a_s * (1.0 - y4) - b_s * y4
                d5 = ac * (1.0 - y5) - bc * y5
                d6 = aq * (1.0 - y6) - 0.001 * y6
                d7 = -0.13 * i_ca - 0.075 * y7
                w = 1.0 if stage == 0 or stage == 3 else 2.0
                a0 += w * d0
                a1 += w * d1
                a2 += w * d2
                a3 += w * d3
                a4 += w * d4
                a5 += w * d5
                a6 += w * d6
                a7 += w * d7
                f = 0.5 * hs if stage < 2 else hs
                y0 = vs + f * d0
                y1 = vd + f * d1
                y2 = h + f * d2
                y3 = n + f * d3
                y4 = s + f * d4
                y5 = c + f * d5
                y6 = q + f * d6
                y7 = ca + f * d7
            g6 = hs / 6.0
            vs = vs + g6 * a0
            vd = vd + g6 * a1
            h = h + g6 * a2
            n = n + g6 * a3
            s = s + g6 * a4
            c = c + g6 * a5
            q = q + g6 * a6
            ca = ca + g6 * a7
            if vs0 < v_spike and vs >= v_spike:
                spike = 1
        return vs, vd, h, n, s, c, q, ca, spike
