"""Prescott et al. 2008 two-dimensional (Morris-Lecar type) model with class 1 / 2 / 3 excitability."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

#: beta_w (mV) of the three excitability classes (Prescott, De Koninck & Sejnowski 2008, Fig. 1/2).
EXCITABILITY_BETA_W: dict[int, float] = {1: 0.0, 2: -13.0, 3: -21.0}


@params_dataclass
class PrescottParams(ParamSet):
    C: float = positive(2.0, "uF/cm^2", "membrane capacitance")
    g_fast: float = param(20.0, units="mS/cm^2", lo=0.0, doc="maximal fast inward (Na) conductance")
    g_slow: float = param(20.0, units="mS/cm^2", lo=0.0, doc="maximal slow delayed-rectifier K conductance")
    g_leak: float = positive(2.0, "mS/cm^2", "leak conductance")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the fast inward current")
    E_K: float = param(-100.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the slow K current")
    E_leak: float = param(-70.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    phi_w: float = positive(0.15, "1/ms", "rate scale of w")
    beta_m: float = param(-1.2, units="mV", lo=-100.0, hi=100.0, doc="half-activation of m_inf")
    gamma_m: float = positive(18.0, "mV", "slope of m_inf")
    beta_w: float = param(
        -21.0,
        units="mV",
        lo=-100.0,
        hi=100.0,
        doc="half-activation of w_inf: 0 class 1, -13 class 2, -21 class 3 (default)",
    )
    gamma_w: float = positive(10.0, "mV", "slope of w_inf")
    v_spike: float = param(0.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(5, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.05:
            raise ValueError(f"dt/substeps must be <= 0.05 ms, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="conductance-based",
    reference="Prescott, De Koninck & Sejnowski 2008, PLoS Comput. Biol. 4:e1000198; Prescott, Ratte, De Koninck & "
    "Sejnowski 2008, J. Neurosci. 28:13649",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 300.0),
)
class PrescottNeuron(Neuron):
    """Prescott's Morris-Lecar-type model: one parameter (beta_w) selects class 1, 2 or 3 excitability.

    Model (Prescott, De Koninck & Sejnowski 2008, PLoS Comput. Biol. 4:e1000198, Methods; the same 2-D model
    in Prescott, Ratte, De Koninck & Sejnowski 2008, J. Neurosci. 28:13649), V in mV, t in ms::

        C dV/dt = I - g_fast m_inf(V) (V - E_Na) - g_slow w (V - E_K) - g_leak (V - E_leak)
        dw/dt   = phi_w (w_inf(V) - w) / tau_w(V)
        m_inf = 0.5 (1 + tanh((V - beta_m)/gamma_m)),   w_inf = 0.5 (1 + tanh((V - beta_w)/gamma_w))
        tau_w = 1 / cosh((V - beta_w)/(2 gamma_w))

    Defaults (the paper): C = 2 uF/cm^2, g_fast = 20, g_slow = 20, g_leak = 2 mS/cm^2, E_Na = 50, E_K = -100,
    E_leak = -70 mV, phi_w = 0.15, beta_m = -1.2, gamma_m = 18, gamma_w = 10 mV. ``beta_w`` sets the class:
    0 mV class 1 (repetitive firing from an arbitrarily low rate, saddle-node on invariant circle), -13 mV class 2
    (repetitive firing starts at a non-zero rate, Hopf), -21 mV class 3 (default; only a spike at the onset of a
    step, no repetitive firing for any constant current). :meth:`of_class` builds each.

    Integration: ``substeps`` sub-steps per ``dt`` (default 5 x 0.02 ms per 0.1 ms step): w by its exact
    solution for V frozen, then V by exponential Euler with the new conductances. The tanh/cosh forms are bounded
    (cosh's argument is clamped to 300 so it cannot overflow; tau_w is then ~0, i.e. w = w_inf).

    Output: ``spike`` = 1 when V crosses ``v_spike`` (0 mV) upwards in the step. Input: ``step(input_current)``
    in uA/cm^2. Ranges: ``C``, ``g_leak``, ``phi_w``, ``gamma_m``, ``gamma_w`` > 0; ``g_fast``, ``g_slow`` >= 0;
    potentials in [-200, 200] mV (half-activations in [-100, 100]); ``dt`` in (0, 1] ms, dt/substeps <= 0.05.
    """

    Params = PrescottParams
    state_vars = {"v": float, "w": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)
    EXCITABILITY_BETA_W = EXCITABILITY_BETA_W

    @classmethod
    def of_class(cls, excitability: int, **overrides: Any) -> PrescottNeuron:
        """A neuron of excitability class 1, 2 or 3 (beta_w = 0, -13, -21 mV)."""
        if excitability not in EXCITABILITY_BETA_W:
            raise ValueError(f"excitability must be 1, 2 or 3, got {excitability!r}")
        return cls(**{"beta_w": EXCITABILITY_BETA_W[excitability], **overrides})

    @staticmethod
    def initial_state(p):
        # rest: the zero of the steady-state current (bisection; I_ss is monotonic below -40 mV for these classes)
        def i_ss(v):
            m = 0.5 * (1.0 + math.tanh((v - p.beta_m) / p.gamma_m))
            w = 0.5 * (1.0 + math.tanh((v - p.beta_w) / p.gamma_w))
            return p.g_fast * m * (v - p.E_Na) + p.g_slow * w * (v - p.E_K) + p.g_leak * (v - p.E_leak)

        lo, hi = -120.0, -30.0
        if i_ss(lo) * i_ss(hi) > 0.0:
            v = p.E_leak
        else:
            for _ in range(80):
                mid = 0.5 * (lo + hi)
                if i_ss(lo) * i_ss(mid) <= 0.0:
                    hi = mid
                else:
                    lo = mid
            v = 0.5 * (lo + hi)
        return {"v": v, "w": 0.5 * (1.0 + math.tanh((v - p.beta_w) / p.gamma_w))}

    @staticmethod
    def derive(p):
        return {
            "c_m": p.C,
            "g_f": p.g_fast,
            "g_s": p.g_slow,
            "g_l": p.g_leak,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_l": p.E_leak,
            "phi_w": p.phi_w,
            "beta_m": p.beta_m,
            "gamma_m": p.gamma_m,
            "beta_w": p.beta_w,
            "gamma_w": p.gamma_w,
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        w,
        input_current,
        c_m,
        g_f,
        g_s,
        g_l,
        e_na,
        e_k,
        e_l,
        phi_w,
        beta_m,
        gamma_m,
        beta_w,
        gamma_w,
        v_spike,
        hs,
        n_sub,
    ):
        spike = 0
        for _sub in range(n_sub):
            xw = (v - beta_w) / gamma_w
            winf = 0.5 * (1.0 + math.tanh(xw))
            rate = phi_w * math.cosh(min(abs(0.5 * xw), 300.0))
            w = winf + (w - winf) * math.exp(-hs * rate)
            gna = g_f * 0.5 * (1.0 + math.tanh((v - beta_m) / gamma_m))
            gk = g_s * w
            gt = gna + gk + g_l
            vinf = (gna * e_na + gk * e_k + g_l * e_l + input_current) / gt
            vn = vinf + (v - vinf) * math.exp(-hs * gt / c_m)
            if v < v_spike and vn >= v_spike:
                spike = 1
            v = vn
        return v, w, spike
