"""Hodgkin-Huxley neuron "dressed" by a Li-Rinzel astrocyte (Nadkarni & Jung 2003 tripartite synapse)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class AstrocyteNeuronParams(ParamSet):
    # Neuron: Hodgkin & Huxley 1952 (rest at 0 mV, as in Nadkarni & Jung 2003).
    C_m: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(120.0, units="mS/cm^2", lo=0.0, doc="Na conductance")
    g_K: float = param(36.0, units="mS/cm^2", lo=0.0, doc="K conductance")
    g_L: float = param(0.3, units="mS/cm^2", lo=0.0, doc="leak conductance")
    E_Na: float = param(115.0, units="mV", lo=-200.0, hi=300.0, doc="Na reversal (relative to rest)")
    E_K: float = param(-12.0, units="mV", lo=-200.0, hi=300.0, doc="K reversal (relative to rest)")
    E_L: float = param(10.6, units="mV", lo=-200.0, hi=300.0, doc="leak reversal (relative to rest)")
    # Astrocyte: Li & Rinzel 1994 (Table 1), IP3 and coupling of Nadkarni & Jung 2003.
    c0: float = positive(2.0, "uM", "total free Ca2+ per cytosolic volume")
    c1: float = positive(0.185, "1", "ER / cytosol volume ratio")
    v1: float = positive(6.0, "1/s", "IP3R channel flux rate")
    v2: float = param(0.11, units="1/s", lo=0.0, doc="ER leak rate")
    v3: float = param(0.9, units="uM/s", lo=0.0, doc="maximal SERCA rate")
    k3: float = positive(0.1, "uM", "SERCA activation constant")
    d1: float = positive(0.13, "uM", "IP3 dissociation constant")
    d2: float = positive(1.049, "uM", "Ca2+ inactivation dissociation constant")
    d3: float = positive(0.9434, "uM", "IP3 dissociation constant")
    d5: float = positive(0.08234, "uM", "Ca2+ activation dissociation constant")
    a2: float = positive(0.2, "1/(uM s)", "IP3R inactivation binding rate")
    ip3_star: float = param(0.16, units="uM", lo=0.0, doc="resting IP3 concentration")
    tau_ip3: float = positive(7.0, "s", "IP3 degradation time constant")
    r_ip3: float = param(7.2, units="uM/s", lo=0.0, doc="IP3 production rate while V > V_ip3 (neuron active)")
    V_ip3: float = param(50.0, units="mV", lo=-200.0, hi=300.0, doc="potential above which IP3 is produced")
    g_ast: float = param(2.11, units="uA/cm^2", lo=0.0, doc="gain of the astrocytic current 2.11 ln(y)")
    ca_ast: float = param(196.69, units="nM", lo=0.0, doc="offset of y = [Ca2+]/nM - ca_ast")
    V_spike: float = param(50.0, units="mV", lo=-200.0, hi=300.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.025, units="ms", lo=0.0, lo_open=True, hi=0.1, doc="time step")
    n_sub: int = param(2, units="", lo=1, hi=1000, integer=True, doc="sub-steps per dt")


def _li_rinzel_rest(p: AstrocyteNeuronParams) -> tuple[float, float]:
    """The astrocyte's resting (Ca2+, h) at IP3 = ip3_star (relaxed by integration; stable below the window)."""
    ca, h, dt = 0.07, 0.8, 0.005
    ip = p.ip3_star
    m3 = (ip / (ip + p.d1)) ** 3
    q2 = p.d2 * (ip + p.d1) / (ip + p.d3)
    for _ in range(100000):
        n = ca / (ca + p.d5)
        dca = -p.c1 * (p.v1 * m3 * (n * h) ** 3 + p.v2) * (ca - (p.c0 - ca) / p.c1) - p.v3 * ca * ca / (
            ca * ca + p.k3 * p.k3
        )
        dh = p.a2 * (q2 * (1.0 - h) - ca * h)
        ca, h = ca + dt * dca, h + dt * dh
        if abs(dca) < 1e-12 and abs(dh) < 1e-12:
            break
    return ca, h


@register(
    family="glia",
    reference="Nadkarni & Jung 2003, Phys. Rev. Lett. 91:268101; Li & Rinzel 1994, J. Theor. Biol. 166:461",
    units="mV (relative to rest), uA/cm^2, ms (astrocyte: uM, s)",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class AstrocyteNeuron(Neuron):
    """A Hodgkin-Huxley neuron coupled both ways to a Li-Rinzel astrocyte (the "dressed neuron" of Nadkarni & Jung).

    Model (Nadkarni & Jung 2003, "Spontaneous oscillations of dressed neurons: a new mechanism for epilepsy?",
    Phys. Rev. Lett. 91:268101)::

        C dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) + I_app + I_ast     (HH 1952)
        I_ast = g_ast ln(y) Theta(ln y),  y = [Ca2+]/nM - 196.69                 (astrocyte -> neuron)
        d[IP3]/dt = (IP3* - [IP3]) / tau_ip3 + r_ip3 Theta(V - 50 mV)             (neuron -> astrocyte)
        d[Ca2+]/dt, dh/dt: Li & Rinzel 1994 (see AstrocyteModel), driven by [IP3]

    The neuron's activity (V above 50 mV, i.e. during spikes; voltages relative to rest as in HH 1952)
    produces IP3 in the astrocyte; when IP3 enters the oscillatory window of the Li-Rinzel model the
    astrocyte's Ca2+ oscillates and each Ca2+ rise above ~198 nM injects a current (glutamate release, the
    slow inward current) that makes the neuron fire a burst. With a resting IP3* inside the window the dressed
    neuron bursts spontaneously at the astrocyte's period (~11.5 s at 0.5 uM); with the IP3 feedback at the
    published rate, a stimulus that drives the neuron for a few seconds pushes IP3 above the window, Ca2+ stays
    high and the neuron keeps firing after the stimulus (self-sustained, epilepsy-like activity).

    Integration: ``n_sub`` sub-steps per ``dt`` (defaults 2 x 0.0125 ms); in each the HH gates take a
    Rush-Larsen step and V an exponential-Euler step (exact relaxation towards the conductance-weighted
    reversal, stable for any input); the astrocyte (time in seconds, rates ~1/s) takes a forward-Euler step of
    the same duration (1.25e-5 s; far below its time scales). Removable singularities of the HH rates use their
    limits; exponents are capped. A spike is an upward crossing of ``V_spike`` (50 mV above rest) in any
    sub-step; at most one per step.

    Parameters: neuron (HH 1952, rest 0 mV): ``C_m`` (1 uF/cm^2), ``g_Na`` (120), ``g_K`` (36), ``g_L`` (0.3)
    mS/cm^2, ``E_Na`` (115), ``E_K`` (-12), ``E_L`` (10.6) mV; astrocyte (Li & Rinzel 1994 Table 1): ``c0``
    (2 uM), ``c1`` (0.185), ``v1`` (6/s), ``v2`` (0.11/s), ``v3`` (0.9 uM/s), ``k3`` (0.1 uM), ``d1``, ``d2``,
    ``d3``, ``d5`` (0.13, 1.049, 0.9434, 0.08234 uM), ``a2`` (0.2 /(uM s)); coupling (Nadkarni & Jung 2003):
    ``ip3_star`` (0.16 uM), ``tau_ip3`` (7 s), ``r_ip3`` (7.2 uM/s), ``V_ip3`` (50 mV), ``g_ast`` (2.11
    uA/cm^2), ``ca_ast`` (196.69 nM); ``V_spike`` (50 mV); ``dt`` ms (0, 0.1] (0.025), ``n_sub`` (2). Input:
    ``input_current`` I_app (uA/cm^2; ``step(x)``). State: ``v``, ``m``, ``h``, ``n``, ``ca`` (uM), ``hr``
    (IP3R gate), ``ip3`` (uM). Output: ``spike`` 0/1.

    Differences from the seed: the seed's "AstrocyteNeuron" was a threshold on the astrocyte's Ca2+ (spike =
    [Ca > 0.3 uM]) with no neuron at all and no feedback; here the published neuron-astrocyte loop.
    """

    Params = AstrocyteNeuronParams
    speculate = False
    state_vars = {"v": float, "m": float, "h": float, "n": float, "ca": float, "hr": float, "ip3": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "applied current I_app"),)

    @staticmethod
    def initial_state(p):
        ca, hr = _li_rinzel_rest(p)
        v = 0.0
        am, bm = 0.1 * 25.0 / math.expm1(2.5), 4.0
        ah, bh = 0.07, 1.0 / (math.exp(3.0) + 1.0)
        an, bn = 0.01 * 10.0 / math.expm1(1.0), 0.125
        return {
            "v": v,
            "m": am / (am + bm),
            "h": ah / (ah + bh),
            "n": an / (an + bn),
            "ca": ca,
            "hr": hr,
            "ip3": p.ip3_star,
        }

    @staticmethod
    def derive(p):
        hs = p.dt / p.n_sub
        return {
            "hs": hs,
            "hs_s": hs * 1e-3,
            "n_sub": p.n_sub,
            "cm": p.C_m,
            "g_na": p.g_Na,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "c0": p.c0,
            "c1": p.c1,
            "v1": p.v1,
            "v2": p.v2,
            "v3": p.v3,
            "k3sq": p.k3 * p.k3,
            "d1": p.d1,
            "d2": p.d2,
            "d3": p.d3,
            "d5": p.d5,
            "a2": p.a2,
            "ip3_star": p.ip3_star,
            "inv_tau_ip3": 1.0 / p.tau_ip3,
            "r_ip3": p.r_ip3,
            "v_ip3": p.V_ip3,
            "g_ast": p.g_ast,
            "ca_ast": p.ca_ast,
            "v_spike": p.V_spike,
        }

    @staticmethod
    def kernel(
        v,
        m,
        h,
        n,
        ca,
        hr,
        ip3,
        input_current,
        hs,
        hs_s,
        n_sub,
        cm,
        g_na,
        g_k,
        g_l,
        e_na,
        e_k,
        e_l,
        c0,
        c1,
        v1,
        v2,
        v3,
        k3sq,
        d1,
        d2,
        d3,
        d5,
        a2,
        ip3_star,
        inv_tau_ip3,
        r_ip3,
        v_ip3,
        g_ast,
        ca_ast,
        v_spike,
    ):
        spike = 0
        for _ in range(n_sub):
            v0 = v
            # --- astrocyte -> neuron: I_ast = g ln(y) for y > 1
            y = ca * 1000.0 - ca_ast
            i_ast = g_ast * math.log(y) if y > 1.0 else 0.0
            # --- HH gates (Rush-Larsen)
            x = 25.0 - v
            am = 1.0 if abs(x) < 1e-6 else 0.1 * x / math.expm1(min(x / 10.0, 700.0))
            bm = 4.0 * math.exp(min(-v / 18.0, 700.0))
            ah = 0.07 * math.exp(min(-v / 20.0, 700.0))
            bh = 1.0 / (math.exp(min((30.0 - v) / 10.0, 700.0)) + 1.0)
            x = 10.0 - v
            an = 0.1 if abs(x) < 1e-6 else 0.01 * x / math.expm1(min(x / 10.0, 700.0))
            bn = 0.125 * math.exp(min(-v / 80.0, 700.0))
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-hs * s)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-hs * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-hs * s)
            # --- membrane (exponential Euler)
            gna = g_na * m * m * m * h
            n2 = n * n
            gk = g_k * n2 * n2
            g_tot = gna + gk + g_l
            vinf = (gna * e_na + gk * e_k + g_l * e_l + input_current + i_ast) / g_tot
            v = vinf + (v - vinf) * math.exp(-hs * g_tot / cm)
            # --- astrocyte (Li-Rinzel, time in s), IP3 produced while the neuron is above v_ip3
            cc = ca if ca > 0.0 else 0.0
            ip = ip3 if ip3 > 0.0 else 0.0
            mi = ip / (ip + d1)
            ni = cc / (cc + d5)
            o = mi * ni * hr
            dca = -c1 * (v1 * o * o * o + v2) * (cc - (c0 - cc) / c1) - v3 * cc * cc / (cc * cc + k3sq)
            dhr = a2 * (d2 * (ip + d1) / (ip + d3) * (1.0 - hr) - cc * hr)
            prod = r_ip3 if v0 > v_ip3 else 0.0
            dip3 = (ip3_star - ip3) * inv_tau_ip3 + prod
            ca = ca + hs_s * dca
            hr = hr + hs_s * dhr
            ip3 = ip3 + hs_s * dip3
            if v0 < v_spike and v >= v_spike:
                spike = 1
        return v, m, h, n, ca, hr, ip3, spike
