"""Multi-timescale adaptive threshold (MAT) neuron of Kobayashi, Tsubo & Shinomoto 2009 (the seed's ``MATNeuron``)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Threshold parameters of the four cell classes of Kobayashi et al. 2009, Fig. 5B (responses to a 0.6 nA,
# 500 ms current step; values as in the authors' published MATLAB code for that figure, omega given here as an
# absolute potential with E_L = -65 mV).
MAT_PRESETS: dict[str, dict[str, float]] = {
    "RS": {"alpha_1": 30.0, "alpha_2": 2.0, "omega": -45.0},  # regular spiking
    "IB": {"alpha_1": 7.5, "alpha_2": 1.5, "omega": -46.0},  # intrinsic bursting
    "FS": {"alpha_1": 10.0, "alpha_2": 0.2, "omega": -55.0},  # fast spiking
    "CH": {"alpha_1": -0.5, "alpha_2": 0.4, "omega": -39.0},  # chattering
}


def _steps(name: str, t: float, dt: float) -> int:
    n = round(t / dt)
    if abs(n * dt - t) > 1e-9 * max(1.0, abs(t)):
        raise ValueError(f"{name} must be a whole number of time steps dt={dt} ms, got {name}={t} ms")
    return int(n)


@params_dataclass
class MATParams(ParamSet):
    E_L: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    R: float = param(50.0, units="MOhm", lo=0.0, lo_open=True, hi=10000.0, doc="input resistance")
    tau_m: float = param(5.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="membrane time constant")
    tau_1: float = param(10.0, units="ms", lo=0.0, lo_open=True, hi=10000.0, doc="fast threshold time constant")
    tau_2: float = param(200.0, units="ms", lo=0.0, lo_open=True, hi=10000.0, doc="slow threshold time constant")
    alpha_1: float = param(30.0, units="mV", lo=-1000.0, hi=1000.0, doc="fast threshold jump per spike")
    alpha_2: float = param(2.0, units="mV", lo=-1000.0, hi=1000.0, doc="slow threshold jump per spike")
    omega: float = param(-45.0, units="mV", lo=-200.0, hi=100.0, doc="resting threshold (absolute potential)")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (no spike)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        _steps("t_ref", self.t_ref, self.dt)


@register(
    family="integrate-and-fire",
    reference="Kobayashi, Tsubo & Shinomoto 2009, Front. Comput. Neurosci. 3:9",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class MATNeuron(Neuron):
    """Multi-timescale adaptive threshold (MAT) neuron: a non-resetting leaky integrator and a two-kernel threshold.

    Model (Kobayashi, Tsubo & Shinomoto 2009, "Made-to-order spiking neuron model equipped with a
    multi-timescale adaptive threshold", Front. Comput. Neurosci. 3:9)::

        tau_m dV/dt = -(V - E_L) + R I(t)                  (V is NOT reset by a spike)
        theta(t) = omega + sum_k H(t - t_k),   H(t) = alpha_1 exp(-t/tau_1) + alpha_2 exp(-t/tau_2)
        spike when V >= theta, except within t_ref of the previous spike (absolute refractoriness)

    i.e. the threshold is ``omega + th1 + th2`` with ``th_j`` decaying with tau_j and jumping by alpha_j at each
    spike. The paper fixes tau_m = 5 ms, R = 50 MOhm, tau_1 = 10 ms, tau_2 = 200 ms and t_ref = 2 ms and fits
    (alpha_1, alpha_2, omega) per neuron; ``MAT_PRESETS`` / ``MATNeuron.preset(name)`` give the regular
    spiking (RS, the default), intrinsic bursting (IB), fast spiking (FS) and chattering (CH) sets of its
    Fig. 5B.

    Integration: exact for an input constant over a step (``V <- V_inf + (V - V_inf) e^{-dt/tau_m}``,
    ``th_j <- th_j e^{-dt/tau_j}``). The threshold test is made at the end of each step, like the authors' own
    time-driven simulation code (dt = 0.1 ms); a spike is reported in that step and the jumps alpha_j are added.
    Refractoriness: after a spike at step n the next one can come at step n + t_ref/dt at the earliest (an
    interval of at least t_ref).

    Parameters (units, legal range, default): ``E_L`` mV [-200, 100] (-65), ``R`` MOhm (0, 1e4] (50),
    ``tau_m`` ms (0, 1000] (5), ``tau_1`` ms (0, 1e4] (10), ``tau_2`` ms (0, 1e4] (200), ``alpha_1`` mV
    [-1000, 1000] (30), ``alpha_2`` mV [-1000, 1000] (2), ``omega`` mV [-200, 100] (-45, i.e. 20 mV above
    rest), ``t_ref`` ms [0, 1000] (2; a whole number of steps), ``dt`` ms (0, 100] (0.1). Input:
    ``step(input_current)`` in nA. Output: ``spike`` 0/1. State: ``v``, ``th1``, ``th2`` (mV) and the
    refractory counter ``refractory`` (steps).

    Differences from the seed: the seed reset V (the model is non-resetting), had no refractory period, used
    different constants and Euler for V; here V is exact and never reset, and the paper's constants are used.
    """

    Params = MATParams
    state_vars = {"v": float, "th1": float, "th2": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> MATNeuron:
        """A neuron with the threshold parameters of one cell class of the paper's Fig. 5B (RS, IB, FS, CH)."""
        if name not in MAT_PRESETS:
            raise ValueError(f"unknown MAT preset {name!r}; presets: {', '.join(MAT_PRESETS)}")
        seed = overrides.pop("seed", None)
        return cls(seed=seed, **{**MAT_PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "th1": 0.0, "th2": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "e_l": p.E_L,
            "r": p.R,
            "em": math.exp(-p.dt / p.tau_m),
            "e1": math.exp(-p.dt / p.tau_1),
            "e2": math.exp(-p.dt / p.tau_2),
            "a1": p.alpha_1,
            "a2": p.alpha_2,
            "omega": p.omega,
            "ref_steps": _steps("t_ref", p.t_ref, p.dt),
        }

    @staticmethod
    def kernel(v, th1, th2, refractory, input_current, e_l, r, em, e1, e2, a1, a2, omega, ref_steps):
        v_inf = e_l + r * input_current
        v = v_inf + (v - v_inf) * em
        th1 = th1 * e1
        th2 = th2 * e2
        if refractory > 0:
            refractory = refractory - 1
        if refractory == 0 and v >= omega + th1 + th2:
            return v, th1 + a1, th2 + a2, ref_steps, 1
        return v, th1, th2, refractory, 0
