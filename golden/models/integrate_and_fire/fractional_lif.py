"""Fractional-order leaky integrate-and-fire neuron (Teka, Marinov & Santamaria 2014)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Vector
from golden.registry import register

SCHEMES = {0: "L1 (Teka et al. 2014)", 1: "Grunwald-Letnikov"}


@params_dataclass
class FractionalLIFParams(ParamSet):
    alpha: float = param(0.2, units="", lo=0.0, lo_open=True, hi=1.0,
                         doc="order of the fractional derivative (1 = ordinary LIF)")
    V_L: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="leak (resting) potential, also the initial V")
    V_th: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="spike threshold (fires when V > V_th)")
    V_reset: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="potential held after a spike")
    V_peak: float = param(30.0, units="mV", lo=-200.0, hi=200.0,
                          doc="potential of the spike step (enters the memory trace)")
    R_m: float = positive(40.0, "MOhm", "membrane resistance")
    tau_m: float = positive(20.0, "ms^alpha", "membrane time constant (R_m C_m; C_m = 0.5 nF)")
    t_ref: float = param(8.0, units="ms", lo=0.0, hi=1000.0, doc="refractory period (V held at V_reset)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    memory: int = param(10000, units="steps", lo=1, hi=10_000_000, integer=True,
                        doc="length of the memory trace (past voltage increments kept)")
    scheme: int = param(0, units="", lo=0, hi=1, integer=True,
                        doc="discretisation: 0 = L1 (the paper's), 1 = Grunwald-Letnikov")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.V_L >= self.V_th:
            raise ValueError(f"V_L must be < V_th, got V_L={self.V_L} >= V_th={self.V_th} mV")
        if self.V_peak <= self.V_th:
            raise ValueError(f"V_peak must be > V_th, got V_peak={self.V_peak} <= V_th={self.V_th} mV")
        kr = self.dt ** self.alpha * (math.gamma(2.0 - self.alpha) if self.scheme == 0 else 1.0)
        if kr > self.tau_m:
            raise ValueError(f"dt^alpha (x Gamma(2-alpha) for L1) must be <= tau_m for the explicit scheme, got "
                             f"dt={self.dt}, alpha={self.alpha}, tau_m={self.tau_m}")


def memory_weights(p: FractionalLIFParams) -> tuple[float, np.ndarray]:
    """(kr, w): the scheme's gain on the right-hand side and the weights w[j] (j = 1..memory) of the increments.

    Both schemes read: V_{n+1} = V_n + kr f(V_n) - sum_j w[j] (V_{n+1-j} - V_{n-j}).
    L1: kr = dt^alpha Gamma(2 - alpha), w[j] = (j+1)^(1-alpha) - j^(1-alpha).
    GL: kr = dt^alpha, w[j] = sum_{k<=j} c_k with c_0 = 1, c_k = c_{k-1} (1 - (alpha+1)/k).
    """
    a, n = p.alpha, p.memory
    j = np.arange(n + 1, dtype=np.float64)
    if p.scheme == 0:
        w = (j + 1.0) ** (1.0 - a) - j ** (1.0 - a)
        kr = p.dt ** a * math.gamma(2.0 - a)
    else:
        c = np.ones(n + 1)
        c[1:] = np.cumprod(1.0 - (a + 1.0) / j[1:])
        w = np.cumsum(c)
        kr = p.dt ** a
    w[0] = 0.0  # unused: j starts at 1
    return kr, np.ascontiguousarray(w)


@register(
    family="integrate-and-fire",
    reference="Teka, Marinov & Santamaria 2014, PLoS Comput. Biol. 10:e1003526",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class FractionalLIFNeuron(Neuron):
    """Fractional leaky integrate-and-fire neuron: a Caputo derivative of order alpha with a memory trace.

    Model (Teka, Marinov & Santamaria 2014, PLoS Comput. Biol. 10:e1003526)::

        tau_m d^alpha V/dt^alpha = -(V - V_L) + R_m I      (Caputo derivative, 0 < alpha <= 1)
        V > V_th  ->  spike: V = V_peak for that step, then V held at V_reset for t_ref

    The voltage of every step, including the spike and the clamped refractory values, enters the memory
    trace, as in the paper; the memory of the past voltage is what produces the first-spike latency and the
    spike-timing adaptation. With ``alpha = 1`` the memory weights vanish and the model is the ordinary LIF
    (the forward-Euler step of the paper).

    Integration (``scheme``): 0 = the L1 scheme used in the paper::

        V_{n+1} = V_n + dt^alpha Gamma(2-alpha) (-(V_n - V_L) + R_m I)/tau_m
                  - sum_{j=1..memory} [(j+1)^(1-alpha) - j^(1-alpha)] (V_{n+1-j} - V_{n-j})

    1 = the Grunwald-Letnikov scheme in the same increment form (gain dt^alpha, weights = partial sums of the
    GL coefficients). The memory is finite: the last ``memory`` increments are kept in a ring buffer (vector
    state ``trace``, written in place at ``pos``; ``filled`` counts the valid entries; O(min(steps, memory))
    work per step). Increments older than that are dropped, i.e.
    the voltage is taken as constant before the window (no spurious leak for a constant history); before t = 0
    the neuron was at rest. The default memory (10000 steps = 1 s) is the full memory over the paper's 1 s
    stimuli. Spike test V > V_th at the end of the step (as the paper).

    Parameters (units, default = the paper's / its published code): ``alpha`` (0, 1] (0.2), ``V_L`` mV (-70),
    ``V_th`` mV (-50), ``V_reset`` mV (-70), ``V_peak`` mV (30), ``R_m`` MOhm (40), ``tau_m`` ms^alpha (20),
    ``t_ref`` ms (8), ``dt`` ms (0.1), ``memory`` steps [1, 1e7] (10000), ``scheme`` 0/1 (0). Input:
    ``step(input_current)`` in nA (the paper uses 3 nA for spiking, 0.3 nA below threshold). Output:
    ``spike`` 0/1.

    Differences from the seed (which credited "Lundstrom 2008", used a GL sum of values with a list
    ``pop(0)`` and a 100-step window, and overwrote the history at a reset): the paper's reference, its L1
    scheme and spike/refractory handling, a ring buffer of increments, a memory as long as the stimulus.
    """

    Params = FractionalLIFParams
    state_vars = {"v": float, "pos": int, "filled": int, "refractory": int, "trace": Vector(float, "memory")}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.V_L, "pos": 0, "filled": 0, "refractory": 0, "trace": np.zeros(p.memory)}

    @staticmethod
    def derive(p):
        kr, w = memory_weights(p)
        return {
            "gain": kr / p.tau_m,
            "v_l": p.V_L,
            "r_m": p.R_m,
            "v_th": p.V_th,
            "v_reset": p.V_reset,
            "v_peak": p.V_peak,
            "ref_steps": int(round(p.t_ref / p.dt)),
            "memory": p.memory,
            "w": w,
        }

    @staticmethod
    def kernel(v, pos, filled, refractory, trace, input_current, gain, v_l, r_m, v_th, v_reset, v_peak, ref_steps,
               memory, w):
        spike = 0
        if refractory > 0:
            v_new = v_reset
            refractory = refractory - 1
        else:
            acc = 0.0
            recent = pos if pos < filled else filled
            for j in range(1, recent + 1):  # the increments written at pos-1, pos-2, ..., 0
                acc += w[j] * trace[pos - j]
            for j in range(pos + 1, filled + 1):  # then memory-1, ... (the older ones, once the ring has wrapped)
                acc += w[j] * trace[pos - j + memory]
            v_new = v + gain * (r_m * input_current - (v - v_l)) - acc
            if v_new > v_th:
                v_new = v_peak
                spike = 1
                refractory = ref_steps
        trace[pos] = v_new - v
        pos = pos + 1
        if pos == memory:
            pos = 0
        if filled < memory:
            filled = filled + 1
        return v_new, pos, filled, refractory, trace, spike
