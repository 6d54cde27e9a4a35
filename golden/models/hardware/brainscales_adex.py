"""BrainScaleS AdEx neuron: the AdEx of Brette & Gerstner 2005 on accelerated (hardware) time."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Approximate biological-equivalent ranges of the BrainScaleS-1 (HICANN) AdEx circuit at speed-up 10^4, as we
# read them in the BrainScaleS-1 documentation. NOT verified against a primary source: informative only (see
# BrainScaleSAdExNeuron.outside_hardware_ranges); the parameters are validated only for physical consistency.
HW_RANGES_BIO = {
    "tau_w": (20.0, 780.0),  # ms
    "a": (0.0, 10.0),  # nS
    "b": (0.0, 86.0),  # pA
    "delta_T": (0.4, 3.0),  # mV
    "t_ref": (0.16, 10.0),  # ms
}


@params_dataclass
class BrainScaleSAdExParams(ParamSet):
    C_m: float = positive(281.0, units="pF", doc="membrane capacitance (biological)")
    g_L: float = positive(30.0, units="nS", doc="leak conductance")
    E_L: float = param(-70.6, units="mV", doc="leak reversal potential")
    V_T: float = param(-50.4, units="mV", doc="threshold slope factor position (rheobase potential)")
    delta_T: float = positive(2.0, units="mV", doc="slope factor")
    V_reset: float = param(-70.6, units="mV", doc="reset potential")
    V_peak: float = param(20.0, units="mV", doc="spike detection (cut-off) potential")
    a: float = param(4.0, units="nS", doc="subthreshold adaptation")
    b: float = param(80.5, units="pA", doc="spike-triggered adaptation increment")
    tau_w: float = positive(144.0, units="ms", doc="adaptation time constant")
    t_ref: float = param(0.0, units="ms", lo=0.0, doc="refractory period (V clamped at V_reset)")
    dt: float = positive(0.1, units="ms", doc="time step in BIOLOGICAL time")
    n_sub: int = param(10, units="sub-steps", lo=1, hi=1000, integer=True, doc="Euler sub-steps per step")
    speedup: float = param(1e4, units="1", lo=1e3, hi=1e5, doc="hardware acceleration: t_hw = t_bio / speedup")

    def check(self) -> None:
        if self.V_peak <= self.V_T:
            raise ValueError(f"V_peak must be > V_T, got V_peak={self.V_peak} <= V_T={self.V_T}")
        if self.V_reset >= self.V_peak:
            raise ValueError(f"V_reset must be < V_peak, got V_reset={self.V_reset} >= V_peak={self.V_peak}")
        tau_m = self.C_m / self.g_L
        if self.dt / self.n_sub > 0.1 * min(tau_m, self.tau_w):
            raise ValueError(f"dt / n_sub = {self.dt / self.n_sub:g} ms is too coarse for tau_m = {tau_m:g} ms "
                             f"and tau_w = {self.tau_w:g} ms (forward Euler); raise n_sub or lower dt")


@register(
    family="hardware",
    reference="Schemmel et al. 2010, ISCAS (wafer-scale neuromorphic hardware system); AdEx of Brette & Gerstner "
    "2005, J. Neurophysiol. 94:3637; circuit: Millner et al. 2010, NIPS",
    units="biological units (mV, pA, nS, pF, ms); time mapped to hardware time by the speed-up",
    primary="input_current",
    sweep=(0.0, 2000.0),
)
class BrainScaleSAdExNeuron(Neuron):
    """BrainScaleS AdEx neuron (Schemmel et al. 2010, ISCAS): AdEx dynamics run in accelerated hardware time.

    The BrainScaleS wafer-scale system implements the adaptive exponential integrate-and-fire model (Brette &
    Gerstner 2005) as an analog circuit (Millner et al. 2010) that runs 10^3 to 10^5 times faster than
    biological real time (10^4 nominal). Parameters are given in BIOLOGICAL units and mapped to hardware time
    (``t_hw = t_bio / speedup``: every time constant and the step shrink by the speed-up); the dynamics, as a
    function of hardware time, are::

        tau_m,hw dV/dt_hw = -(V - E_L) + delta_T exp((V - V_T) / delta_T) + (I - w) / g_L,  tau_m,hw = C/g_L/speedup
        tau_w,hw dw/dt_hw = a (V - E_L) - w,                                              tau_w,hw = tau_w/speedup
        V >= V_peak:  spike;  V = V_reset;  w += b;  V clamped at V_reset for t_ref

    integrated by forward Euler with ``n_sub`` sub-steps of ``dt_hw / n_sub`` (``dt_hw = dt / speedup``) per
    step; during the refractory period w relaxes exactly towards ``a (V_reset - E_L)``. One step advances ``dt``
    of biological time = ``dt / speedup`` of hardware (wall-clock) time: the same dynamics as the AdEx, only
    faster (:meth:`hardware_time_us`). Input ``input_current`` in pA (biological); output spike 0/1. Voltages
    stay in biological mV: the chip's voltage and current scaling (and its calibration) are not modelled.

    Defaults: Brette & Gerstner (2005) cortical neuron: C 281 pF, g_L 30 nS, E_L -70.6 mV, V_T -50.4 mV,
    delta_T 2 mV, a 4 nS, tau_w 144 ms, b 80.5 pA, V_reset = E_L, V_peak 20 mV; dt 0.1 ms, speed-up 10^4.
    Legal ranges: positive C_m, g_L, delta_T, tau_w, dt; V_reset < V_peak, V_T < V_peak; speed-up in
    [10^3, 10^5]. ``HW_RANGES_BIO`` lists approximate biological-equivalent ranges of the HICANN circuit
    (informative, not enforced, not verified against a primary source); :meth:`outside_hardware_ranges`.

    Differences from the seed: the seed divided w and I by tau instead of by C (and its ``hw_speedup`` cancelled
    out); here the equations are Brette & Gerstner's, and the speed-up defines the hardware time base.
    """

    Params = BrainScaleSAdExParams
    state_vars = {"v": float, "w": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "pA", "injected current (biological units)"),)
    speculate = False

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "w": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        dt_hw = p.dt / p.speedup
        tau_m_hw = p.C_m / p.g_L / p.speedup
        tau_w_hw = p.tau_w / p.speedup
        h = dt_hw / p.n_sub
        return {
            "e_l": p.E_L, "v_t": p.V_T, "d_t": p.delta_T, "v_reset": p.V_reset, "v_peak": p.V_peak,
            "a": p.a, "b": p.b, "inv_gl": 1.0 / p.g_L,
            "k_m": h / tau_m_hw, "k_w": h / tau_w_hw, "n_sub": p.n_sub,
            "ref_steps": int(round(p.t_ref / p.dt)), "w_dec": math.exp(-dt_hw / tau_w_hw),
        }

    @staticmethod
    def kernel(v, w, refractory, input_current, e_l, v_t, d_t, v_reset, v_peak, a, b, inv_gl, k_m, k_w, n_sub,
               ref_steps, w_dec):
        if refractory > 0:
            w_inf = a * (v_reset - e_l)
            return v_reset, w_inf + (w - w_inf) * w_dec, refractory - 1, 0
        for _sub in range(n_sub):
            dv = k_m * (-(v - e_l) + d_t * math.exp((v - v_t) / d_t) + (input_current - w) * inv_gl)
            dw = k_w * (a * (v - e_l) - w)
            v = v + dv
            w = w + dw
            if v >= v_peak:
                return v_reset, w + b, ref_steps, 1
        return v, w, refractory, 0

    # -- the time mapping ------------------------------------------------------------------------------------
    def hardware_time_us(self, steps: int | float) -> float:
        """Hardware (wall-clock) time of ``steps`` steps, in microseconds: ``steps * dt / speedup``."""
        return steps * self._p.dt / self._p.speedup * 1e3

    def hardware_time_constants_us(self) -> dict[str, float]:
        """tau_m, tau_w, t_ref and dt as the circuit sees them (hardware time, microseconds)."""
        p = self._p
        f = 1e3 / p.speedup
        return {"tau_m": p.C_m / p.g_L * f, "tau_w": p.tau_w * f, "t_ref": p.t_ref * f, "dt": p.dt * f}

    def outside_hardware_ranges(self) -> list[str]:
        """Parameters outside the approximate BrainScaleS-1 ranges of ``HW_RANGES_BIO`` (informative)."""
        return [k for k, (lo, hi) in HW_RANGES_BIO.items() if not lo <= getattr(self._p, k) <= hi]
