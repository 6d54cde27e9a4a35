"""Universal model of spike-frequency adaptation (Benda & Herz 2003)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class BendaHerzParams(ParamSet):
    # Benda & Herz 2003, Neural Comput. 15:2523: the model is generic in the onset f-I curve f_0 and the
    # adaptation strength; the values below are an illustrative cell (tau_A of the order of the slow
    # adaptation currents discussed in the paper, 50-200 ms), not a fit to a recorded neuron.
    f_max: float = param(200.0, units="Hz", lo=0.0, lo_open=True, hi=5000.0, doc="saturation rate of f_0")
    I_half: float = param(1.0, units="nA", lo=-1000.0, hi=1000.0, doc="current at half-maximal onset rate")
    k_I: float = positive(0.25, "nA", "slope (width) of the logistic onset f-I curve f_0")
    tau_A: float = positive(100.0, "ms", "adaptation time constant tau_A")
    alpha: float = param(0.005, units="nA/Hz", lo=0.0, doc="adaptation strength: A_inf(f) = alpha f")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        if self.dt > 0.1 * self.tau_A:
            raise ValueError(f"dt must be <= 0.1 tau_A = {0.1 * self.tau_A} ms, got dt={self.dt} ms")
        if self.f_max * self.dt / 1000.0 > 1.0:
            raise ValueError(
                f"f_max * dt must be <= 1 (at most one spike per step), got f_max={self.f_max} Hz, dt={self.dt} ms"
            )


@register(
    family="conductance-based",
    reference="Benda & Herz 2003, Neural Comput. 15:2523",
    units="Hz, nA, ms",
    primary="input_current",
    sweep=(-2.0, 10.0),
)
class BendaHerzNeuron(Neuron):
    """Benda-Herz universal adaptation model: rate f = f_0(I - A) with a slow adaptation current A.

    Model (Benda & Herz 2003, Neural Comput. 15:2523, the generic model of spike-frequency adaptation by a
    slow, rate-driven adaptation current; section 3, linear A_inf)::

        f(t) = f_0(I(t) - A(t))                       onset f-I curve f_0 (logistic here)
        tau_A dA/dt = A_inf(f) - A,  A_inf(f) = alpha f
        f_0(x) = f_max / (1 + exp(-(x - I_half)/k_I))

    Consequences derived in the paper and reproduced by the tests: after a step of I the rate jumps to the
    onset value f_0(I) and relaxes to the steady state f_inf(I), the solution of f = f_0(I - alpha f); for a
    small step the relaxation is exponential with the effective time constant
    ``tau_eff = tau_A / (1 + alpha f_0'(I - A_inf))``, shorter than tau_A and dependent on the stimulus.

    Integration: per step of ``dt`` the rate is computed from A at the start of the step, then A advances
    by the exponential update with f frozen over the step, ``A <- alpha f + (A - alpha f) exp(-dt/tau_A)``
    (first order in dt; exact for a constant rate; dt <= 0.1 tau_A enforced, default dt = 0.1 ms).

    Outputs: ``rate`` (Hz, float, first output) and ``spike`` (0/1): a deterministic spike train realising the
    rate, a spike whenever the integrated rate (phase) passes 1 (at most one per step, as f_max dt <= 1 is
    enforced). State: ``a`` (nA) and ``phase`` in [0, 1).

    Parameters (units, default): ``f_max`` Hz (200), ``I_half`` nA (1), ``k_I`` nA (0.25), ``tau_A`` ms (100),
    ``alpha`` nA/Hz (0.005), ``dt`` ms (0.1). Input: ``input_current`` in nA.

    Differences from the paper: the paper leaves f_0 generic (measured per cell); a logistic curve with the
    illustrative defaults above is used. The phase-based spike output is an addition (another implementation
    drew Bernoulli spikes from an unseeded global generator; here the output is deterministic).
    """

    Params = BendaHerzParams
    state_vars = {"a": float, "phase": float}
    inputs = (Input("input_current", 0.0, "nA", "input current I"),)
    outputs = (Output("rate", "rate", np.float64), Output("spike"))

    @staticmethod
    def initial_state(p):
        # adapted to I = 0: A solves A = alpha f_0(-A) (bisection; the right side decreases in A)
        lo, hi = 0.0, p.alpha * p.f_max
        for _ in range(100):
            mid = 0.5 * (lo + hi)
            f = p.f_max / (1.0 + math.exp(-(-mid - p.I_half) / p.k_I))
            lo, hi = (mid, hi) if p.alpha * f > mid else (lo, mid)
        return {"a": 0.5 * (lo + hi), "phase": 0.0}

    @staticmethod
    def derive(p):
        return {
            "f_max": p.f_max,
            "i_half": p.I_half,
            "k_i": p.k_I,
            "alpha": p.alpha,
            "decay": math.exp(-p.dt / p.tau_A),
            "dt_s": p.dt / 1000.0,
        }

    @staticmethod
    def kernel(a, phase, input_current, f_max, i_half, k_i, alpha, decay, dt_s):
        x = (input_current - a - i_half) / k_i
        if x < -700.0:
            x = -700.0
        f = f_max / (1.0 + math.exp(-x))
        a_inf = alpha * f
        a = a_inf + (a - a_inf) * decay
        phase = phase + f * dt_s
        if phase >= 1.0:
            return a, phase - 1.0, f, 1
        return a, phase, f, 0
