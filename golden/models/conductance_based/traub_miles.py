"""Traub-Miles hippocampal pyramidal cell, single-compartment simplification of Brette et al. 2007 (Brian2 COBAHH)."""

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


def _rates(v: float, vt: float) -> tuple[float, float, float, float, float, float]:
    x = v - vt
    am = 0.32 * 4.0 * _efun((x - 13.0) / 4.0)
    bm = 0.28 * 5.0 * _efun(-(x - 40.0) / 5.0)
    ah = 0.128 * math.exp((17.0 - x) / 18.0)
    bh = 4.0 / (1.0 + math.exp((40.0 - x) / 5.0))
    an = 0.032 * 5.0 * _efun((x - 15.0) / 5.0)
    bn = 0.5 * math.exp((10.0 - x) / 40.0)
    return am, bm, ah, bh, an, bn


@params_dataclass
class TraubMilesParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance (Brette et al. 2007, benchmark 3)")
    g_Na: float = param(100.0, units="mS/cm^2", lo=0.0, doc="maximal sodium conductance")
    g_K: float = param(30.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance")
    g_L: float = positive(0.05, "mS/cm^2", "leak conductance (5e-5 S/cm^2)")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="sodium reversal potential")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="potassium reversal potential")
    E_L: float = param(-60.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V_T: float = param(-63.0, units="mV", lo=-150.0, hi=50.0, doc="threshold offset of the rate functions")
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(10, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.025:
            raise ValueError(f"dt/substeps must be <= 0.025 ms, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="conductance-based",
    reference="Traub & Miles 1991, Neuronal Networks of the Hippocampus (Cambridge UP); single-compartment form of "
    "Brette et al. 2007, J. Comput. Neurosci. 23:349 (benchmark 3)",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 100.0),
)
class TraubMilesNeuron(Neuron):
    """Traub-Miles Na/K kinetics in one compartment: the HH model of the Brette et al. 2007 benchmark 3 (COBAHH).

    Model: the sodium and delayed-rectifier potassium kinetics of Traub & Miles 1991 (Neuronal Networks of the
    Hippocampus, Cambridge University Press), shifted by V_T, in the single-compartment form of Destexhe & Pare
    1999 used as benchmark 3 ("COBAHH") of Brette et al. 2007 (J. Comput. Neurosci. 23:349-398, Appendix B) and in
    Brian2's ``examples/COBAHH.py``. With x = V - V_T (mV), rates in 1/ms::

        C dV/dt = I - g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
        a_m = 0.32 (13 - x) / (exp((13 - x)/4) - 1)      b_m = 0.28 (x - 40) / (exp((x - 40)/5) - 1)
        a_h = 0.128 exp((17 - x)/18)                      b_h = 4 / (1 + exp((40 - x)/5))
        a_n = 0.032 (15 - x) / (exp((15 - x)/5) - 1)     b_n = 0.5 exp((10 - x)/40)

    Defaults (benchmark 3, per unit area): C = 1 uF/cm^2, g_L = 0.05 mS/cm^2 (so tau_m = C/g_L = 20 ms, as in
    benchmarks 1-2), E_L = -60, E_Na = 50, E_K = -90 mV, g_Na = 100, g_K = 30 mS/cm^2, V_T = -63 mV. The
    benchmark cell has an area of 20000 um^2: 1 nA = 5 uA/cm^2, g_L = 10 nS, C = 200 pF. The synaptic
    conductances of the benchmark network are not part of this single-cell model (drive it with a current).

    Integration: ``substeps`` sub-steps per ``dt`` (default 10 x 0.01 ms per 0.1 ms step), Rush-Larsen for m, h,
    n (exact for V frozen), then exponential Euler for V. Removable singularities use ``expm1`` with a series
    branch; the voltage fed to the rates is clamped to [-200, 200] mV.

    Output: ``spike`` = 1 when V crosses ``v_spike`` (0 mV) upwards in the step. Input: ``step(input_current)``
    in uA/cm^2. Ranges: ``C``, ``g_L`` > 0, ``g_Na``, ``g_K`` >= 0, reversal potentials in [-200, 200] mV,
    ``V_T`` in [-150, 50] mV, ``dt`` in (0, 1] ms with dt/substeps <= 0.025 ms.

    Documented behaviour: passive membrane time constant 20 ms and input resistance 100 MOhm for the 20000 um^2
    benchmark cell (Brette et al. 2007, benchmark 3, chosen to match benchmarks 1-2); tonic repetitive firing
    under a constant suprathreshold current.
    """

    Params = TraubMilesParams
    state_vars = {"v": float, "m": float, "h": float, "n": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I (1 nA = 5 uA/cm^2)"),)

    @staticmethod
    def initial_state(p):
        v = p.E_L
        am, bm, ah, bh, an, bn = _rates(v, p.V_T)
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
            "v_t": p.V_T,
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(v, m, h, n, input_current, g_na, g_k, g_l, e_na, e_k, e_l, c_m, v_t, v_spike, hs, n_sub):
        spike = 0
        for _sub in range(n_sub):
            x = min(max(v, -200.0), 200.0) - v_t
            u = (x - 13.0) / 4.0
            if abs(u) < 1e-6:
                am = 1.28 * (1.0 + 0.5 * u)
            else:
                am = 1.28 * u / -math.expm1(-u)
            u = (40.0 - x) / 5.0
            if abs(u) < 1e-6:
                bm = 1.4 * (1.0 + 0.5 * u)
            else:
                bm = 1.4 * u / -math.expm1(-u)
            ah = 0.128 * math.exp((17.0 - x) / 18.0)
            bh = 4.0 / (1.0 + math.exp((40.0 - x) / 5.0))
            u = (x - 15.0) / 5.0
            if abs(u) < 1e-6:
                an = 0.16 * (1.0 + 0.5 * u)
            else:
                an = 0.16 * u / -math.expm1(-u)
            bn = 0.5 * math.exp((10.0 - x) / 40.0)
            s = am + bm
            m = am / s + (m - am / s) * math.exp(-hs * s)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-hs * s)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-hs * s)
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
