"""Wang-Buzsaki fast-spiking hippocampal interneuron (Wang & Buzsaki 1996)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


def _efun(u: float) -> float:
    """u / (1 - exp(-u)), finite at u = 0."""
    if abs(u) < 1e-6:
        return 1.0 + 0.5 * u
    return u / -math.expm1(-u)


def _gates_inf(v: float) -> tuple[float, float]:
    ah = 0.07 * math.exp(-(v + 58.0) / 20.0)
    bh = 1.0 / (1.0 + math.exp(-0.1 * (v + 28.0)))
    an = 0.1 * _efun(0.1 * (v + 34.0))
    bn = 0.125 * math.exp(-(v + 44.0) / 80.0)
    return ah / (ah + bh), an / (an + bn)


@params_dataclass
class WangBuzsakiParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_Na: float = param(35.0, units="mS/cm^2", lo=0.0, doc="maximal sodium conductance")
    g_K: float = param(9.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance")
    g_L: float = positive(0.1, "mS/cm^2", "leak conductance")
    E_Na: float = param(55.0, units="mV", lo=-200.0, hi=200.0, doc="sodium reversal potential")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="potassium reversal potential")
    E_L: float = param(-65.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    phi: float = positive(5.0, "1", "temperature factor of the h and n kinetics")
    v_spike: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(10, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.02:
            raise ValueError(
                f"dt/substeps must be <= 0.02 ms (spikes of this cell last < 1 ms), got dt={self.dt}, "
                f"substeps={self.substeps}"
            )


@register(
    family="conductance-based",
    reference="Wang & Buzsaki 1996, J. Neurosci. 16:6402",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class WangBuzsakiNeuron(Neuron):
    """Wang-Buzsaki fast-spiking basket-cell interneuron: instantaneous Na activation, class-1 excitability.

    Model (Wang & Buzsaki 1996, J. Neurosci. 16:6402-6413, Methods), V in mV, t in ms::

        C dV/dt = I - g_Na m_inf^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
        m_inf = a_m / (a_m + b_m),  a_m = 0.1 (V + 35) / (1 - exp(-(V + 35)/10)),  b_m = 4 exp(-(V + 60)/18)
        dh/dt = phi (a_h (1 - h) - b_h h),  a_h = 0.07 exp(-(V + 58)/20),  b_h = 1 / (1 + exp(-0.1 (V + 28)))
        dn/dt = phi (a_n (1 - n) - b_n n),  a_n = 0.01 (V + 34) / (1 - exp(-0.1 (V + 34))),
                                            b_n = 0.125 exp(-(V + 44)/80)

    Defaults (the paper's values): C = 1 uF/cm^2, g_Na = 35, g_K = 9, g_L = 0.1 mS/cm^2, E_Na = 55, E_K = -90,
    E_L = -65 mV, phi = 5.

    Integration: ``substeps`` sub-steps per ``dt`` (default 10 x 0.01 ms per 0.1 ms step): h and n by their
    exact solution for V frozen (Rush-Larsen), then V by exponential Euler with the new conductances (m at
    m_inf of the sub-step's starting V). Removable singularities use ``expm1`` with a series branch; the voltage
    fed to the rates is clamped to [-200, 200] mV (inactive in normal operation).

    Output: ``spike`` = 1 when V crosses ``v_spike`` (-20 mV; at 400 Hz the spikes peak near 0 mV) upwards in
    the step. Input: ``step(input_current)`` in uA/cm^2. Ranges: ``C``, ``g_L``, ``phi`` > 0; ``g_Na``,
    ``g_K`` >= 0; reversal potentials in [-200, 200] mV; ``dt`` in (0, 1] ms with dt/substeps <= 0.02 ms.

    Documented behaviour (the paper, Fig. 1): class-1 excitability, repetitive firing from an arbitrarily low
    rate above a threshold current I_c ~ 0.16 uA/cm^2 (a saddle-node on invariant circle), and a steep f-I curve
    reaching several hundred Hz (~400 Hz at 20 uA/cm^2).
    """

    Params = WangBuzsakiParams
    state_vars = {"v": float, "h": float, "n": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        v = p.E_L
        h, n = _gates_inf(v)
        return {"v": v, "h": h, "n": n}

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
            "phi": p.phi,
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(v, h, n, input_current, g_na, g_k, g_l, e_na, e_k, e_l, c_m, phi, v_spike, hs, n_sub):
        spike = 0
        for _sub in range(n_sub):
            vr = min(max(v, -200.0), 200.0)
            u = 0.1 * (vr + 35.0)
            if abs(u) < 1e-6:
                am = 1.0 + 0.5 * u
            else:
                am = u / -math.expm1(-u)
            bm = 4.0 * math.exp(-(vr + 60.0) / 18.0)
            minf = am / (am + bm)
            ah = 0.07 * math.exp(-(vr + 58.0) / 20.0)
            bh = 1.0 / (1.0 + math.exp(-0.1 * (vr + 28.0)))
            u = 0.1 * (vr + 34.0)
            if abs(u) < 1e-6:
                an = 0.1 * (1.0 + 0.5 * u)
            else:
                an = 0.1 * u / -math.expm1(-u)
            bn = 0.125 * math.exp(-(vr + 44.0) / 80.0)
            s = phi * (ah + bh)
            h = ah * phi / s + (h - ah * phi / s) * math.exp(-hs * s)
            s = phi * (an + bn)
            n = an * phi / s + (n - an * phi / s) * math.exp(-hs * s)
            gna = g_na * minf * minf * minf * h
            n2 = n * n
            gk = g_k * n2 * n2
            gt = gna + gk + g_l
            vinf = (gna * e_na + gk * e_k + g_l * e_l + input_current) / gt
            vn = vinf + (v - vinf) * math.exp(-hs * gt / c_m)
            if v < v_spike and vn >= v_spike:
                spike = 1
            v = vn
        return v, h, n, spike
