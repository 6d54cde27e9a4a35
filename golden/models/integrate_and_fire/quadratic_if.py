"""Quadratic integrate-and-fire neuron, integrated exactly (the seed's ``QuadraticIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class QuadraticIFParams(ParamSet):
    v_rest: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="stable rest state at zero input (V_r)")
    v_c: float = param(-50.0, units="mV", lo=-200.0, hi=100.0,
                       doc="unstable (threshold) state at zero input (V_t, the critical potential)")
    a0: float = param(1.0 / 15.0, units="1/mV", lo=0.0, lo_open=True, hi=10.0,
                      doc="curvature; 1/(v_c - v_rest) gives a unit leak at rest (Latham et al. 2000)")
    tau: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="membrane time constant")
    R: float = positive(10.0, "MOhm", "input resistance")
    v_peak: float = param(30.0, units="mV", lo=-200.0, hi=1000.0, doc="spike peak: a spike when V reaches it")
    v_reset: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="potential after a spike")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.v_c <= self.v_rest:
            raise ValueError(f"v_c must be > v_rest (the threshold state lies above rest), got v_c={self.v_c} <= "
                             f"v_rest={self.v_rest} mV")
        if self.v_peak <= self.v_c:
            raise ValueError(f"v_peak must be > v_c (the spike lies beyond the threshold state), got v_peak="
                             f"{self.v_peak} <= v_c={self.v_c} mV")
        if self.v_reset >= self.v_peak:
            raise ValueError(f"v_reset must be < v_peak, got v_reset={self.v_reset} >= v_peak={self.v_peak} mV")


@register(
    family="integrate-and-fire",
    reference="Latham, Richmond, Nelson & Nirenberg 2000, J. Neurophysiol. 83:808; Ermentrout 1996, "
    "Neural Comput. 8:979",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class QuadraticIFNeuron(Neuron):
    """Quadratic integrate-and-fire neuron (type-I excitability), integrated exactly between spikes.

    Model (Latham, Richmond, Nelson & Nirenberg 2000, J. Neurophysiol. 83:808, with a0 = 1/(V_t - V_r); the
    normal form of a saddle-node bifurcation, Ermentrout 1996, Neural Comput. 8:979)::

        tau dV/dt = a0 (V - v_rest)(V - v_c) + R I
        V >= v_peak  ->  spike, V <- v_reset

    In ``x = a0 (V - (v_rest + v_c)/2)`` and time in units of tau this is ``dx/dt = x^2 + q`` with
    ``q = a0 R I - (a0 (v_c - v_rest)/2)^2``: the rheobase is ``I_rh = a0 (v_c - v_rest)^2 / (4 R)`` (0.375 nA
    at the defaults) and above it the period from reset to peak is
    ``T = tau (atan(x_peak/sqrt(q)) - atan(x_reset/sqrt(q))) / sqrt(q)``, so that near rheobase
    ``f ~ sqrt(a0 R (I - I_rh)) / (pi tau)``: the square-root f-I curve of type-I neurons.

    Integration: exact for an input constant over a step. The Riccati flow is solved in closed form
    (``x(t) = (c x0 + S q)/(c - S x0)`` with c, S the cos/sin (q > 0), cosh/sinh (q < 0) or 1, t (q = 0) of
    the step) and the time at which x would reach ``x_peak`` is computed first (atan2/atanh/rational formula):
    the finite-time blow-up never runs away (nothing overflows) and a peak crossing inside a step is never
    missed. After a spike the neuron restarts from ``v_reset`` at the crossing time and is integrated over the
    rest of the step; the spike is reported in that step. If the drive is so strong that the period is
    shorter than the rest of the step, the trajectory stays exact (the remaining time is reduced modulo the
    period) but only one spike per step is reported (the output saturates at 1/dt).

    Parameters (units, legal range, default): ``v_rest`` mV [-200, 100] (-65), ``v_c`` mV (> v_rest) (-50),
    ``a0`` 1/mV (0, 10] (1/15), ``tau`` ms (0, 1000] (10), ``R`` MOhm > 0 (10), ``v_peak`` mV (> v_c) (30),
    ``v_reset`` mV (< v_peak) (-70), ``dt`` ms (0, 100] (0.1). The values of v_rest, v_c, a0 and tau follow
    Latham et al. 2000; v_peak, v_reset and R are illustrative. Input: ``step(input_current)`` in nA.
    Output: ``spike`` 0/1.

    Differences from the seed: the seed integrated ``dv/dt = v^2 + I`` (dimensionless) with forward Euler,
    which misses or delays the blow-up; here the paper's dimensional form is solved exactly.
    """

    Params = QuadraticIFParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest}

    @staticmethod
    def derive(p):
        v_mid = 0.5 * (p.v_rest + p.v_c)
        half = 0.5 * p.a0 * (p.v_c - p.v_rest)
        return {
            "v_mid": v_mid,
            "a0": p.a0,
            "ka": p.a0 * p.R,
            "q0": half * half,
            "h": p.dt / p.tau,
            "x_peak": p.a0 * (p.v_peak - v_mid),
            "x_reset": p.a0 * (p.v_reset - v_mid),
        }

    @staticmethod
    def kernel(v, input_current, v_mid, a0, ka, q0, h, x_peak, x_reset):
        x = a0 * (v - v_mid)
        q = ka * input_current - q0
        # time (in units of tau) at which x reaches x_peak, inf if never
        if x >= x_peak:
            t_hit = 0.0
        elif q > 0.0:
            s = math.sqrt(q)
            t_hit = math.atan2(s * (x_peak - x), q + x * x_peak) / s
        elif q < 0.0:
            s = math.sqrt(-q)
            t_hit = math.inf
            if x > s:  # above the unstable state: it will blow up (z < 1 up to rounding)
                z = s * (x_peak - x) / (q + x * x_peak)
                if z < 1.0:
                    t_hit = math.atanh(z) / s
        elif x > 0.0:
            t_hit = 1.0 / x - 1.0 / x_peak
        else:
            t_hit = math.inf
        if t_hit > h:
            x0 = x
            t = h
            spike = 0
        else:
            # spike at t_hit; restart from the reset and integrate the rest of the step
            t = h - t_hit
            if q > 0.0:
                s = math.sqrt(q)
                t_cyc = math.atan2(s * (x_peak - x_reset), q + x_reset * x_peak) / s
            elif q < 0.0:
                s = math.sqrt(-q)
                t_cyc = math.inf
                if x_reset > s:
                    z = s * (x_peak - x_reset) / (q + x_reset * x_peak)
                    if z < 1.0:
                        t_cyc = math.atanh(z) / s
            elif x_reset > 0.0:
                t_cyc = 1.0 / x_reset - 1.0 / x_peak
            else:
                t_cyc = math.inf
            if 0.0 < t_cyc <= t:  # faster than one period per step: further spikes in this step are not reported
                t = t - t_cyc * math.floor(t / t_cyc)
            x0 = x_reset
            spike = 1
        # closed-form flow of dx/dt = x^2 + q over t
        if q > 0.0:
            s = math.sqrt(q)
            c = math.cos(s * t)
            sn = math.sin(s * t) / s
            x = (c * x0 + sn * q) / (c - sn * x0)
        elif q < 0.0:
            s = math.sqrt(-q)
            th = math.tanh(s * t) / s
            x = (x0 + th * q) / (1.0 - th * x0)
        else:
            x = x0 / (1.0 - t * x0)
        return v_mid + x / a0, spike
