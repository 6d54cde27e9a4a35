"""Hodgkin-Huxley squid giant axon model (Hodgkin & Huxley 1952), in the modern sign convention."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


def _efun(u: float) -> float:
    """u / (1 - exp(-u)), finite at u = 0 (removable singularity: 1 + u/2 + ...)."""
    if abs(u) < 1e-6:
        return 1.0 + 0.5 * u
    return u / -math.expm1(-u)


def _rates(v: float) -> tuple[float, float, float, float, float, float]:
    am = _efun((v + 40.0) / 10.0)
    bm = 4.0 * math.exp(-(v + 65.0) / 18.0)
    ah = 0.07 * math.exp(-(v + 65.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    an = 0.1 * _efun((v + 55.0) / 10.0)
    bn = 0.125 * math.exp(-(v + 65.0) / 80.0)
    return am, bm, ah, bh, an, bn


@params_dataclass
class HodgkinHuxleyParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance (HH 1952, Table 3)")
    g_Na: float = param(120.0, units="mS/cm^2", lo=0.0, doc="maximal sodium conductance (Table 3)")
    g_K: float = param(36.0, units="mS/cm^2", lo=0.0, doc="maximal potassium conductance (Table 3)")
    g_L: float = positive(0.3, "mS/cm^2", "leak conductance (Table 3)")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="sodium reversal (HH: -115 mV from rest)")
    E_K: float = param(-77.0, units="mV", lo=-200.0, hi=200.0, doc="potassium reversal (HH: +12 mV from rest)")
    E_L: float = param(-54.387, units="mV", lo=-200.0, hi=200.0, doc="leak reversal (HH: -10.613 mV from rest)")
    temperature: float = param(
        6.3, units="degC", lo=-10.0, hi=45.0, doc="temperature; rates scale by 3^((T - 6.3)/10) (HH 1952, Q10 = 3)"
    )
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(10, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.substeps
        if h > 0.05:
            raise ValueError(
                f"dt/substeps must be <= 0.05 ms for an accurate spike, got dt={self.dt}, "
                f"substeps={self.substeps} (sub-step {h} ms)"
            )


@register(
    family="conductance-based",
    reference="Hodgkin & Huxley 1952, J. Physiol. 117:500",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 200.0),
)
class HodgkinHuxleyNeuron(Neuron):
    """Hodgkin-Huxley squid giant axon: Na, K and leak currents, rest at -65 mV (modern sign convention).

    Model (Hodgkin & Huxley 1952, J. Physiol. 117:500-544, eqs. 26 and Table 3), membrane potential V in mV::

        C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
        dx/dt   = phi(T) [alpha_x(V) (1 - x) - beta_x(V) x],      x in {m, h, n}
        alpha_m = 0.1 (V + 40) / (1 - exp(-(V + 40)/10))     beta_m = 4 exp(-(V + 65)/18)
        alpha_h = 0.07 exp(-(V + 65)/20)                     beta_h = 1 / (1 + exp(-(V + 35)/10))
        alpha_n = 0.01 (V + 55) / (1 - exp(-(V + 55)/10))    beta_n = 0.125 exp(-(V + 65)/80)
        phi(T)  = 3^((T - 6.3)/10)

    Sign convention: HH 1952 measured the displacement from rest with depolarisation negative. Here
    V = -(V_HH) - 65 mV, so the reversal potentials -115, +12 and -10.613 mV of Table 3 become E_Na = 50,
    E_K = -77 and E_L = -54.387 mV, and the rest lies at -65 mV; depolarising current is positive.

    Integration: ``substeps`` sub-steps per ``dt`` (default 10 x 0.01 ms per 0.1 ms step). Each sub-step
    advances the gates by their exact solution for V frozen (Rush-Larsen: x_inf + (x - x_inf) exp(-h (a + b))),
    then V by its exact solution for the new conductances frozen (exponential Euler: V relaxes to the
    conductance-weighted mean of the reversal potentials and I/G): unconditionally stable, first order. The
    singular rate forms u/(1 - exp(-u)) use ``expm1`` with a series branch at u = 0, and the voltage fed to the
    rate functions is clamped to [-200, 200] mV (inactive in physiological operation) so nothing overflows.

    Output: ``spike`` = 1 when V crosses ``v_spike`` (0 mV) upwards in any sub-step of the step (at most 1 per
    step). Input: ``step(input_current)`` in uA/cm^2.

    Parameters (units, default = HH 1952 Table 3): ``C`` uF/cm^2 > 0 (1), ``g_Na`` >= 0 (120), ``g_K`` >= 0
    (36), ``g_L`` > 0 (0.3) mS/cm^2, ``E_Na`` (50), ``E_K`` (-77), ``E_L`` (-54.387) mV in [-200, 200],
    ``temperature`` degC in [-10, 45] (6.3, the temperature of the paper's calculations), ``v_spike`` mV (0),
    ``dt`` ms in (0, 1] (0.1), ``substeps`` integer in [1, 10000] (10; dt/substeps <= 0.05 ms).

    Documented behaviour (Rinzel 1978; Rinzel & Ermentrout 1989 / Izhikevich 2007, Ch. 5): at 6.3 degC a
    constant current gives repetitive firing only above ~6.3 uA/cm^2 (a fold of limit cycles; the rest state
    loses stability at a subcritical Hopf near 9.8 uA/cm^2), and the f-I curve starts discontinuously at
    ~50-70 Hz (class 2 excitability).
    """

    Params = HodgkinHuxleyParams
    state_vars = {"v": float, "m": float, "h": float, "n": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        v = -65.0
        am, bm, ah, bh, an, bn = _rates(v)
        return {"v": v, "m": am / (am + bm), "h": ah / (ah + bh), "n": an / (an + bn)}

    @staticmethod
    def derive(p):
        return {
            "g_na": p.g_Na,
            "g_k": p.g_K,
            "g_l": p.g_L,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_L,
            "c_m": p.C,
            "phi": 3.0 ** ((p.temperature - 6.3) / 10.0),
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(v, m, h, n, input_current, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, v_spike, hs, n_sub):
        spike = 0
        for _sub in range(n_sub):
            vr = min(max(v, -200.0), 200.0)
            u = (vr + 40.0) / 10.0
            if abs(u) < 1e-6:
                am = 1.0 + 0.5 * u
            else:
                am = u / -math.expm1(-u)
            bm = 4.0 * math.exp(-(vr + 65.0) / 18.0)
            ah = 0.07 * math.exp(-(vr + 65.0) / 20.0)
            bh = 1.0 / (1.0 + math.exp(-(vr + 35.0) / 10.0))
            u = (vr + 55.0) / 10.0
            if abs(u) < 1e-6:
                an = 0.1 * (1.0 + 0.5 * u)
            else:
                an = 0.1 * u / -math.expm1(-u)
            bn = 0.125 * math.exp(-(vr + 65.0) / 80.0)
            s = phi * (am + bm)
            m = am * phi / s + (m - am * phi / s) * math.exp(-hs * s)
            s = phi * (ah + bh)
            h = ah * phi / s + (h - ah * phi / s) * math.exp(-hs * s)
            s = phi * (an + bn)
            n = an * phi / s + (n - an * phi / s) * math.exp(-hs * s)
            gna = g_na * m * m * m * h
            n2 = n * n
            gk = g_k * n2 * n2
            gt = gna + gk + g_l
            vinf = (gna * e_na + gk * e_k + g_l * e_l + input_current) / gt
            vn = vinf + (v - vinf) * math.exp(-hs * gt / c_m)
            if v < v_spike and vn >= v_spike:
                spike = 1
            v = vn
        return v, m, h, n, spike
