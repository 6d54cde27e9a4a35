"""Generalized leaky integrate-and-fire models of the Allen Institute, levels 1-5 (Teeter et al. 2018)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

LEVELS = {1: "LIF", 2: "LIF-R", 3: "LIF-ASC", 4: "LIF-R-ASC", 5: "LIF-R-ASC-A"}


@params_dataclass
class GLIFParams(ParamSet):
    level: int = param(5, units="", lo=1, hi=5, integer=True,
                       doc="1 LIF, 2 LIF-R, 3 LIF-ASC, 4 LIF-R-ASC, 5 LIF-R-ASC-A")
    C: float = positive(58.72, "pF", "membrane capacitance")
    g: float = positive(9.43, "nS", "membrane conductance 1/R")
    E_L: float = param(-78.85, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    th_inf: float = param(-51.68, units="mV", lo=-200.0, hi=100.0, doc="instantaneous threshold Theta_inf")
    t_ref: float = param(3.75, units="ms", lo=0.0, hi=1000.0, doc="spike cut length delta t (refractory)")
    V_reset: float = param(-78.85, units="mV", lo=-200.0, hi=100.0, doc="reset potential (levels 1 and 3)")
    f_v: float = param(0.20, units="", lo=0.0, hi=1.0, doc="voltage fraction kept at a spike (levels 2, 4, 5)")
    delta_V: float = param(-18.51, units="mV", lo=-200.0, hi=200.0,
                           doc="voltage subtracted at a spike (levels 2, 4, 5)")
    delta_theta_s: float = param(0.37, units="mV", lo=-100.0, hi=100.0,
                                 doc="spike-induced threshold increment (levels 2, 4, 5)")
    b_s: float = param(0.009, units="1/ms", lo=0.0, lo_open=True, hi=100.0,
                       doc="decay rate of the spike-induced threshold (levels 2, 4, 5)")
    delta_I1: float = param(-9.18, units="pA", lo=-1e5, hi=1e5, doc="after-spike current 1 increment (3, 4, 5)")
    delta_I2: float = param(-198.94, units="pA", lo=-1e5, hi=1e5, doc="after-spike current 2 increment (3, 4, 5)")
    k1: float = param(0.003, units="1/ms", lo=0.0, lo_open=True, hi=100.0, doc="decay rate of after-spike current 1")
    k2: float = param(0.1, units="1/ms", lo=0.0, lo_open=True, hi=100.0, doc="decay rate of after-spike current 2")
    f1: float = param(1.0, units="", lo=0.0, hi=10.0, doc="fraction of after-spike current 1 kept at a spike")
    f2: float = param(1.0, units="", lo=0.0, hi=10.0, doc="fraction of after-spike current 2 kept at a spike")
    a_v: float = param(0.005, units="1/ms", lo=-100.0, hi=100.0,
                       doc="voltage-dependent threshold coupling (level 5)")
    b_v: float = param(0.09, units="1/ms", lo=0.0, lo_open=True, hi=100.0,
                       doc="decay rate of the voltage-dependent threshold (level 5)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.V_reset >= self.th_inf:
            raise ValueError(f"V_reset must be < th_inf, got V_reset={self.V_reset} >= th_inf={self.th_inf} mV")
        if self.E_L >= self.th_inf:
            raise ValueError(f"E_L must be < th_inf, got E_L={self.E_L} >= th_inf={self.th_inf} mV")
        if self.has_r:
            v_after = self.E_L + self.f_v * (self.th_inf - self.E_L) - self.delta_V
            if v_after >= self.th_inf + self.delta_theta_s:
                raise ValueError(f"f_v and delta_V reset a spike at threshold to {v_after} mV, not below the raised "
                                 f"threshold th_inf + delta_theta_s = {self.th_inf + self.delta_theta_s} mV (the "
                                 f"neuron would fire forever); got f_v={self.f_v}, delta_V={self.delta_V}")

    @property
    def has_r(self) -> bool:
        return self.level in (2, 4, 5)

    @property
    def has_asc(self) -> bool:
        return self.level in (3, 4, 5)

    @property
    def has_a(self) -> bool:
        return self.level == 5


def _expm(m: np.ndarray) -> np.ndarray:
    """Matrix exponential by scaling and squaring with a Taylor series (small dense matrices, used in derive)."""
    norm = float(np.abs(m).sum(axis=1).max())
    s = max(0, int(math.ceil(math.log2(norm))) + 1) if norm > 0.5 else 0
    a = m / (2.0 ** s)
    term = np.eye(m.shape[0])
    out = term.copy()
    for k in range(1, 30):
        term = term @ a / k
        out = out + term
    for _ in range(s):
        out = out @ out
    return out


def propagator(p: GLIFParams) -> np.ndarray:
    """Exact one-step propagator of the linear sub-threshold system z = (u, I1, I2, Theta_v, I) over ``dt``.

    u = V - E_L; Eqs. 1, 3 and 4 of Teeter et al. 2018 with the external current I constant over the step.
    """
    a_v = p.a_v if p.has_a else 0.0
    m = np.zeros((5, 5))
    m[0] = [-p.g / p.C, 1.0 / p.C, 1.0 / p.C, 0.0, 1.0 / p.C]  # C du/dt = -g u + I1 + I2 + I
    m[1, 1] = -p.k1
    m[2, 2] = -p.k2
    m[3] = [a_v, 0.0, 0.0, -p.b_v, 0.0]  # dTheta_v/dt = a_v u - b_v Theta_v
    return _expm(m * p.dt)


@register(
    family="integrate-and-fire",
    reference="Teeter et al. 2018, Nat. Commun. 9:709",
    units="mV, pA, nS, pF, ms",
    primary="input_current",
    sweep=(0.0, 1500.0),
)
class GLIFNeuron(Neuron):
    """Generalized LIF models of the Allen Cell Types Database, all five levels (Teeter et al. 2018).

    Model (Teeter et al. 2018, Nat. Commun. 9:709, Eqs. 1-7), with ``Theta = Theta_inf + Theta_s + Theta_v``::

        C dV/dt          = I + I_1 + I_2 - g (V - E_L)                 (1)
        dTheta_s/dt      = -b_s Theta_s                                 (2)   levels 2, 4, 5 ("R")
        dI_j/dt          = -k_j I_j                                     (3)   levels 3, 4, 5 ("ASC")
        dTheta_v/dt      = a_v (V - E_L) - b_v Theta_v                  (4)   level 5 ("A")
        V > Theta  ->  spike; after the spike cut length t_ref:
            V       <- E_L + f_v (V - E_L) - delta_V    (5)  levels 2, 4, 5;   V <- V_reset for levels 1, 3
            Theta_s <- Theta_s + delta_Theta_s          (6)
            I_j     <- f_j I_j + delta_I_j              (7)
            Theta_v unchanged

    Levels (``level``, default 5): 1 LIF, 2 LIF-R (reset rules + spike-induced threshold), 3 LIF-ASC
    (after-spike currents), 4 LIF-R-ASC, 5 LIF-R-ASC-A (plus the voltage-dependent threshold). A level
    switches the other mechanisms off (their state stays 0) and ignores their parameters.

    Integration: between spikes the system (1)-(4) is linear; each step applies its exact propagator (matrix
    exponential over ``dt`` with the external current constant over the step, computed once in ``derive``),
    so the sub-threshold trajectory has no discretisation error. Spike when V exceeds the threshold at the end
    of a step. The reset is applied at the spike with the decay over the spike cut length folded in (Theta_s
    and I_j decay by ``exp(-b_s t_ref)``, ``exp(-k_j t_ref)`` before the increments, the voltage reset uses V
    at the start of the spiking step, i.e. the last value below threshold) and the neuron is then held for
    ``t_ref``, as in the Allen Institute's and NEST's simulators of these models.

    Parameters (units, default): ``level`` (5); ``C`` pF (58.72), ``g`` nS (9.43), ``E_L`` mV (-78.85),
    ``th_inf`` mV (-51.68), ``t_ref`` ms (3.75), ``V_reset`` mV (-78.85), ``f_v`` [0, 1] (0.20), ``delta_V``
    mV (-18.51), ``delta_theta_s`` mV (0.37), ``b_s`` 1/ms (0.009), ``delta_I1``/``delta_I2`` pA (-9.18,
    -198.94), ``k1``/``k2`` 1/ms (0.003, 0.1), ``f1``/``f2`` (1, 1), ``a_v`` 1/ms (0.005), ``b_v`` 1/ms (0.09),
    ``dt`` ms (0.1). The defaults are the level-5 fit of Allen cell 490626718 (the example cell of NEST's
    ``glif_psc``), in mV/pA/nS/pF/ms. Input: ``step(input_current)`` in pA. Output: ``spike`` 0/1.

    Differences from the seed (one fixed "GLIF5" with Euler steps and R = 1): all five levels, the paper's
    reset rules and the exact propagator.
    """

    Params = GLIFParams
    state_vars = {"v": float, "theta_s": float, "theta_v": float, "i1": float, "i2": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "pA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "theta_s": 0.0, "theta_v": 0.0, "i1": 0.0, "i2": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        e = propagator(p)
        r, asc = p.has_r, p.has_asc
        return {
            "e_l": p.E_L,
            "th_inf": p.th_inf,
            "p_uu": float(e[0, 0]), "p_u1": float(e[0, 1]), "p_u2": float(e[0, 2]), "p_ui": float(e[0, 4]),
            "p_vu": float(e[3, 0]), "p_v1": float(e[3, 1]), "p_v2": float(e[3, 2]), "p_vv": float(e[3, 3]),
            "p_vi": float(e[3, 4]),
            "d1": math.exp(-p.k1 * p.dt), "d2": math.exp(-p.k2 * p.dt), "ds": math.exp(-p.b_s * p.dt),
            "ref_steps": int(round(p.t_ref / p.dt)),
            "reset_r": 1 if r else 0,
            "f_v": p.f_v,
            "delta_v": p.delta_V,
            "v_reset": p.V_reset,
            "ds_ref": math.exp(-p.b_s * p.t_ref),
            "delta_th_s": p.delta_theta_s if r else 0.0,
            "f1_ref": p.f1 * math.exp(-p.k1 * p.t_ref),
            "f2_ref": p.f2 * math.exp(-p.k2 * p.t_ref),
            "delta_i1": p.delta_I1 if asc else 0.0,
            "delta_i2": p.delta_I2 if asc else 0.0,
        }

    @staticmethod
    def kernel(v, theta_s, theta_v, i1, i2, refractory, input_current, e_l, th_inf, p_uu, p_u1, p_u2, p_ui, p_vu,
               p_v1, p_v2, p_vv, p_vi, d1, d2, ds, ref_steps, reset_r, f_v, delta_v, v_reset, ds_ref, delta_th_s,
               f1_ref, f2_ref, delta_i1, delta_i2):
        if refractory > 0:
            return v, theta_s, theta_v, i1, i2, refractory - 1, 0
        u = v - e_l
        u_new = p_uu * u + p_u1 * i1 + p_u2 * i2 + p_ui * input_current
        theta_v = p_vv * theta_v + p_vu * u + p_v1 * i1 + p_v2 * i2 + p_vi * input_current
        i1 = i1 * d1
        i2 = i2 * d2
        theta_s = theta_s * ds
        v_new = e_l + u_new
        if v_new > th_inf + theta_s + theta_v:
            if reset_r == 1:
                v_new = e_l + f_v * u - delta_v
            else:
                v_new = v_reset
            theta_s = theta_s * ds_ref + delta_th_s
            i1 = f1_ref * i1 + delta_i1
            i2 = f2_ref * i2 + delta_i2
            return v_new, theta_s, theta_v, i1, i2, ref_steps, 1
        return v_new, theta_s, theta_v, i1, i2, refractory, 0
