"""Connor-Stevens neuron with the transient A-type K current (Connor, Walter & McKown 1977)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


def _vtrap(x: float) -> float:
    """x / (1 - exp(-x)), finite and smooth at x = 0 (removable singularity)."""
    if abs(x) < 1e-6:
        return 1.0 + 0.5 * x
    return x / -math.expm1(-x)


def _steady(v: float) -> tuple[float, float, float, float, float]:
    """Steady-state gates (m, h, n, a, b) at v (mV): used for the resting state."""
    am = 3.8 * _vtrap(0.1 * (v + 29.7))
    bm = 15.2 * math.exp(-0.0556 * (v + 54.7))
    ah = 0.266 * math.exp(-0.05 * (v + 48.0))
    bh = 3.8 / (1.0 + math.exp(-0.1 * (v + 18.0)))
    an = 0.2 * _vtrap(0.1 * (v + 45.7))
    bn = 0.25 * math.exp(-0.0125 * (v + 55.7))
    a3 = 0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))
    b1 = 1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))
    return am / (am + bm), ah / (ah + bh), an / (an + bn), math.exp(math.log(a3) / 3.0), b1 * b1 * b1 * b1


@params_dataclass
class ConnorStevensParams(ParamSet):
    # Dayan & Abbott 2001, section 6.2 (the Connor-Stevens model as fitted by Connor, Walter & McKown 1977),
    # per unit area: 10 nF/mm^2 = 1 uF/cm^2, 1.2 mS/mm^2 = 120 mS/cm^2, ...
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(120.0, units="mS/cm^2", lo=0.0, doc="maximal fast Na conductance")
    g_K: float = param(20.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance")
    g_A: float = param(47.7, units="mS/cm^2", lo=0.0, doc="maximal A-type (transient) K conductance")
    g_L: float = positive(0.3, "mS/cm^2", "leak conductance")
    E_Na: float = param(55.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal potential")
    E_K: float = param(-72.0, units="mV", lo=-200.0, hi=200.0, doc="delayed-rectifier K reversal potential")
    E_A: float = param(-75.0, units="mV", lo=-200.0, hi=200.0, doc="A-current reversal potential")
    E_L: float = param(-17.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V_spike: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step of step()")
    substeps: int = param(5, units="", lo=1, hi=10000, integer=True, doc="integration sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.substeps
        if h > 0.05:
            raise ValueError(
                f"dt/substeps must be <= 0.05 ms to resolve the spike, got dt={self.dt} ms, "
                f"substeps={self.substeps} (dt/substeps={h} ms)"
            )


@register(
    family="conductance-based",
    reference="Connor, Walter & McKown 1977, Biophys. J. 18:81; Dayan & Abbott 2001, Theoretical Neuroscience, "
    "section 6.2",
    units="mV, uA/cm^2, mS/cm^2, uF/cm^2, ms",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class ConnorStevensNeuron(Neuron):
    """Connor-Stevens neuron: Na, K and A-type K currents; type I firing that starts at arbitrarily low rates.

    Model (Connor & Stevens 1971, J. Physiol. 213:31; Connor, Walter & McKown 1977, Biophys. J. 18:81; the
    parameterisation of Dayan & Abbott 2001, Theoretical Neuroscience, section 6.2, V in mV, rates in 1/ms)::

        C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_A a^3 b (V - E_A) - g_L (V - E_L)
        alpha_m = 0.38 (V + 29.7) / (1 - exp(-0.1 (V + 29.7)))    beta_m = 15.2 exp(-0.0556 (V + 54.7))
        alpha_h = 0.266 exp(-0.05 (V + 48))                        beta_h = 3.8 / (1 + exp(-0.1 (V + 18)))
        alpha_n = 0.02 (V + 45.7) / (1 - exp(-0.1 (V + 45.7)))     beta_n = 0.25 exp(-0.0125 (V + 55.7))
        a_inf = [0.0761 exp(0.0314 (V + 94.22)) / (1 + exp(0.0346 (V + 1.17)))]^(1/3)
        tau_a = 0.3632 + 1.158 / (1 + exp(0.0497 (V + 55.96)))
        b_inf = [1 + exp(0.0688 (V + 53.3))]^(-4)                  tau_b = 1.24 + 2.678 / (1 + exp(0.0624 (V + 50)))

    Integration: ``substeps`` sub-steps per ``dt``; in each the gates advance by the exponential (Rush-Larsen)
    update ``x <- x_inf + (x - x_inf) exp(-h/tau_x)`` at the sub-step's V, then V by the exponential-Euler
    update of the linear membrane equation with the new conductances (unconditionally stable). The removable
    singularities of alpha_m and alpha_n are evaluated with ``x / -expm1(-x)`` (series at 0). Default
    ``dt`` = 0.1 ms in 5 sub-steps of 0.02 ms (``dt/substeps`` <= 0.05 ms is enforced).

    Output ``spike`` (0/1): 1 when V crosses ``V_spike`` (-20 mV) upwards in any sub-step of the step (at
    most one per step). The state starts at the resting potential (the zero of the steady-state I-V curve).

    Parameters (units, default; ranges in :class:`ConnorStevensParams`): ``C`` uF/cm^2 (1), ``g_Na``, ``g_K``,
    ``g_A``, ``g_L`` mS/cm^2 (120, 20, 47.7, 0.3), ``E_Na``, ``E_K``, ``E_A``, ``E_L`` mV (55, -72, -75, -17),
    ``V_spike`` mV (-20), ``dt`` ms (0.1), ``substeps`` (5). Input: ``input_current`` in uA/cm^2.

    Documented behaviour (Connor et al. 1977; Dayan & Abbott 2001, Fig. 6.2): the A-current delays the first
    spike and lets the neuron fire at arbitrarily low rates near threshold (type I, continuous f-I curve);
    with ``g_A = 0`` repetitive firing starts abruptly at a high rate.

    Differences from the paper: none in the equations (Dayan & Abbott's shifted form of the 1977 fit); the
    spike detection level is an implementation choice.
    """

    Params = ConnorStevensParams
    speculate = False
    state_vars = {"v": float, "m": float, "h": float, "n": float, "a": float, "b": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        def i_ion(v):
            m, h, n, a, b = _steady(v)
            return (
                p.g_Na * m * m * m * h * (v - p.E_Na)
                + p.g_K * n * n * n * n * (v - p.E_K)
                + p.g_A * a * a * a * b * (v - p.E_A)
                + p.g_L * (v - p.E_L)
            )

        lo, hi = -100.0, -30.0
        if i_ion(lo) < 0.0 < i_ion(hi):
            for _ in range(80):
                mid = 0.5 * (lo + hi)
                lo, hi = (mid, hi) if i_ion(mid) < 0.0 else (lo, mid)
        v0 = 0.5 * (lo + hi)
        m, h, n, a, b = _steady(v0)
        return {"v": v0, "m": m, "h": h, "n": n, "a": a, "b": b}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_na": p.g_Na,
            "g_k": p.g_K,
            "g_a": p.g_A,
            "g_l": p.g_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_a": p.E_A,
            "e_l": p.E_L,
            "v_spike": p.V_spike,
            "h_sub": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(v, m, h, n, a, b, input_current, c_inv, g_na, g_k, g_a, g_l, e_na, e_k, e_a, e_l, v_spike, h_sub, n_sub):
        spike = 0
        for _k in range(n_sub):
            x = 0.1 * (v + 29.7)
            if abs(x) < 1e-6:
                am = 3.8 * (1.0 + 0.5 * x)
            else:
                am = 3.8 * x / -math.expm1(-x)
            bm = 15.2 * math.exp(-0.0556 * (v + 54.7))
            ah = 0.266 * math.exp(-0.05 * (v + 48.0))
            bh = 3.8 / (1.0 + math.exp(-0.1 * (v + 18.0)))
            x = 0.1 * (v + 45.7)
            if abs(x) < 1e-6:
                an = 0.2 * (1.0 + 0.5 * x)
            else:
                an = 0.2 * x / -math.expm1(-x)
            bn = 0.25 * math.exp(-0.0125 * (v + 55.7))
            a3 = 0.0761 * math.exp(0.0314 * (v + 94.22)) / (1.0 + math.exp(0.0346 * (v + 1.17)))
            a_inf = math.exp(math.log(a3) / 3.0)
            tau_a = 0.3632 + 1.158 / (1.0 + math.exp(0.0497 * (v + 55.96)))
            b1 = 1.0 / (1.0 + math.exp(0.0688 * (v + 53.3)))
            b_inf = b1 * b1 * b1 * b1
            tau_b = 1.24 + 2.678 / (1.0 + math.exp(0.0624 * (v + 50.0)))
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-h_sub * s)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-h_sub * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-h_sub * s)
            a = a_inf + (a - a_inf) * math.exp(-h_sub / tau_a)
            b = b_inf + (b - b_inf) * math.exp(-h_sub / tau_b)
            gna = g_na * m * m * m * h
            n2 = n * n
            gk = g_k * n2 * n2
            ga = g_a * a * a * a * b
            gt = gna + gk + ga + g_l
            v_inf = (gna * e_na + gk * e_k + ga * e_a + g_l * e_l + input_current) / gt
            v_new = v_inf + (v - v_inf) * math.exp(-h_sub * gt * c_inv)
            if v < v_spike <= v_new:
                spike = 1
            v = v_new
        return v, m, h, n, a, b, spike
