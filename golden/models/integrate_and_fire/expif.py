"""Exponential integrate-and-fire neuron (Fourcaud-Trocme et al. 2003; the seed's ``ExpIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

FINE = 16  # micro-steps per sub-step during the upswing (V moving by more than Delta_T/2) or at the cut-off


@params_dataclass
class ExpIFParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_L: float = positive(0.1, "mS/cm^2", "leak conductance (tau_m = C/g_L = 10 ms)")
    E_L: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="leak reversal (resting) potential")
    V_T: float = param(-59.9, units="mV", lo=-200.0, hi=100.0, doc="threshold of the exponential term")
    Delta_T: float = param(3.48, units="mV", lo=0.01, hi=50.0, doc="spike slope factor")
    V_peak: float = param(-30.0, units="mV", lo=-200.0, hi=100.0,
                          doc="spike cut-off: a spike is emitted when V reaches V_peak")
    V_r: float = param(-68.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential")
    t_ref: float = param(1.7, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (V held at V_r)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    substeps: int = param(2, units="", lo=1, hi=1000, integer=True, doc="RK2 sub-steps per time step")

    def check(self) -> None:
        if self.V_peak <= self.V_T:
            raise ValueError(f"V_peak must be > V_T, got V_peak={self.V_peak} <= V_T={self.V_T} mV")
        if self.V_r >= self.V_peak:
            raise ValueError(f"V_r must be < V_peak, got V_r={self.V_r} >= V_peak={self.V_peak} mV")
        if (self.V_peak - self.V_T) / self.Delta_T > 500.0:
            raise ValueError(f"(V_peak - V_T)/Delta_T must be <= 500 so that exp() stays finite, got V_peak="
                             f"{self.V_peak}, V_T={self.V_T}, Delta_T={self.Delta_T}")
        if self.dt / self.substeps > 0.2 * self.C / self.g_L:
            raise ValueError(f"dt/substeps must be <= 0.2 tau_m = {0.2 * self.C / self.g_L} ms for a stable RK2 "
                             f"step, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="integrate-and-fire",
    reference="Fourcaud-Trocme, Hansel, van Vreeswijk & Brunel 2003, J. Neurosci. 23:11628",
    units="mV, uA/cm^2, mS/cm^2, uF/cm^2, ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class ExpIFNeuron(Neuron):
    """Exponential integrate-and-fire neuron (EIF), spike cut at V_peak.

    Model (Fourcaud-Trocme, Hansel, van Vreeswijk & Brunel 2003, J. Neurosci. 23:11628)::

        C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) + I
        V >= V_peak  ->  spike, V <- V_r, V held at V_r for t_ref

    Integration: each step of ``dt`` is split into ``substeps`` explicit RK2 (Heun) sub-steps. During the
    upswing (when a sub-step would move V by more than ``Delta_T/2``) and whenever a sub-step reaches
    ``V_peak``, that sub-step is redone in 16 micro-steps, so the upswing is resolved and the spike is placed
    to 1/16 of a sub-step: it is detected inside the step and never missed (the rest of the step integrates
    from the reset, or V is held during ``t_ref``). The exponential is never evaluated above ``V_peak``: its
    argument is capped at ``(V_peak - V_T)/Delta_T`` (<= 500 by validation), so it cannot overflow whatever
    the input; below the cut-off the cap is inactive and the equations are the paper's. At most one spike is
    reported per step.

    Parameters (units, range, default), per unit membrane area: ``C`` uF/cm^2 > 0 (1), ``g_L`` mS/cm^2 > 0
    (0.1; tau_m = 10 ms), ``E_L`` mV (-65), ``V_T`` mV (-59.9), ``Delta_T`` mV [0.01, 50] (3.48), ``V_peak`` mV
    (-30; > V_T), ``V_r`` mV (-68), ``t_ref`` ms [0, 1000] (1.7), ``dt`` ms (0, 10] (0.1), ``substeps`` [1, 1000]
    (2). The defaults are the EIF fit to the Wang-Buzsaki interneuron used in the paper. Input:
    ``step(input_current)`` in uA/cm^2. Output: ``spike`` 0/1.

    Documented behaviour (Fourcaud-Trocme et al. 2003, the EIF I-V curve): the neuron fires repetitively iff
    the constant current exceeds ``I_th = g_L (V_T - E_L - Delta_T)`` (the minimum of the steady-state I-V
    curve, a saddle-node), and the rate rises continuously from zero above it.

    Differences from the seed: per-area units of the paper (the seed used a.u.), RK2 sub-steps with a
    bounded exponential instead of one clipped Euler step, spike detected inside the step, refractory period.
    """

    Params = ExpIFParams
    state_vars = {"v": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_l": p.g_L,
            "e_l": p.E_L,
            "v_t": p.V_T,
            "delta_t": p.Delta_T,
            "x_cap": (p.V_peak - p.V_T) / p.Delta_T,
            "v_peak": p.V_peak,
            "v_r": p.V_r,
            "h": p.dt / p.substeps,
            "n_sub": p.substeps,
            "h_fine": p.dt / p.substeps / FINE,
            "n_fine": FINE,
            "dv_fine": 0.5 * p.Delta_T,
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(v, refractory, input_current, c_inv, g_l, e_l, v_t, delta_t, x_cap, v_peak, v_r, h, n_sub,
               h_fine, n_fine, dv_fine, ref_steps):
        if refractory > 0:
            return v_r, refractory - 1, 0
        spike = 0
        for _sub in range(n_sub):
            if spike == 1 and ref_steps > 0:
                break
            x = (v - v_t) / delta_t
            if x > x_cap:
                x = x_cap
            dv1 = (g_l * (e_l - v) + g_l * delta_t * math.exp(x) + input_current) * c_inv
            vp = v + h * dv1
            if vp < v_peak and h * dv1 < dv_fine:
                x = (vp - v_t) / delta_t
                if x > x_cap:
                    x = x_cap
                dv2 = (g_l * (e_l - vp) + g_l * delta_t * math.exp(x) + input_current) * c_inv
                vn = v + 0.5 * h * (dv1 + dv2)
                if vn < v_peak:
                    v = vn
                    continue
            # upswing (V moves by more than Delta_T/2) or cut-off reached: redo the sub-step in n_fine micro-steps
            for _fine in range(n_fine):
                if spike == 1 and ref_steps > 0:
                    break
                x = (v - v_t) / delta_t
                if x > x_cap:
                    x = x_cap
                dv1 = (g_l * (e_l - v) + g_l * delta_t * math.exp(x) + input_current) * c_inv
                vp = v + h_fine * dv1
                if vp >= v_peak:
                    v = v_r
                    spike = 1
                    continue
                x = (vp - v_t) / delta_t
                if x > x_cap:
                    x = x_cap
                dv2 = (g_l * (e_l - vp) + g_l * delta_t * math.exp(x) + input_current) * c_inv
                v = v + 0.5 * h_fine * (dv1 + dv2)
                if v >= v_peak:
                    v = v_r
                    spike = 1
        if spike == 1:
            return v, ref_steps, 1
        return v, refractory, 0
