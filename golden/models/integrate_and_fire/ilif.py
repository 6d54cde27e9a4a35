"""Temporal inhibitory leaky integrate-and-fire neuron, ILIF (Sun et al. 2025; the seed's ``InhibitoryLIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class InhibitoryLIFParams(ParamSet):
    tau: float = param(2.0, units="steps", lo=1.0, lo_open=True, hi=1e6,
                       doc="membrane time constant (decay factor 1 - 1/tau per step)")
    v_th: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1e6, doc="firing threshold")
    lambda_c: float = param(0.03, units="", lo=0.0, hi=1.0,
                            doc="decay of the current inhibitory unit (0 switches it off)")
    lambda_m: float = param(1.0, units="", lo=0.0, hi=1.0,
                            doc="decay of the membrane inhibitory memory (1 = no decay)")
    w_m: float = param(1.0, units="", lo=0.0, hi=1e6,
                       doc="weight of the membrane inhibition sigmoid(M) at a spike (0 switches it off)")


@register(
    family="integrate-and-fire",
    reference="Sun, Duan, Kuhlmann, Wang & Zhang 2025, arXiv:2505.10371, ILIF: Temporal Inhibitory LIF neuron",
    units="dimensionless, one step per tick",
    primary="input_current",
    sweep=(-2.0, 4.0),
)
class InhibitoryLIFNeuron(Neuron):
    """Temporal inhibitory LIF (ILIF): a soft-reset LIF with a current and a membrane inhibitory unit.

    Model (Sun, Duan, Kuhlmann, Wang & Zhang 2025, "ILIF: Temporal Inhibitory Leaky Integrate-and-Fire Neuron
    for Overactivation in Spiking Neural Networks", arXiv:2505.10371), discrete time, gamma = 1 - 1/tau::

        C[t] = lambda_c (C[t-1] + X[t-1] S[t-1])           current inhibitory unit (input that made a spike)
        H[t] = gamma V[t-1] + X[t] - max(C[t], 0)           charge, inhibited
        S[t] = Theta(H[t] - V_th)                           (Theta(0) = 1)
        V'   = H[t] - S[t] V_th                             soft reset
        M[t] = lambda_m (M[t-1] + S[t] V')                  membrane inhibitory memory
        V[t] = V' - w_m S[t] sigmoid(M[t])                  extra, memory-dependent reset

    Both inhibitory units act only after spikes, across adjacent time steps: a neuron that keeps firing
    receives growing inhibition, which reduces overactivation (firing rate) while the LIF dynamics below
    threshold are unchanged. ``lambda_c = 0`` and ``w_m = 0`` give the soft-reset LIF.

    Provenance: the seed cited "2025, temporal inhibition"; this is the ILIF of Sun et al. 2025. The update
    above follows the authors' public implementation (github.com/kaisun1/ILIF, single-step neuron), whose
    constants are the defaults here (lambda_c = 0.03, lambda_m = 1, w_m = 1, tau = 2, V_th = 1); the paper's
    own equations could not be consulted while writing this model, so notation may differ from it.

    Parameters: ``tau`` > 1 (2), ``v_th`` > 0 (1), ``lambda_c`` [0, 1] (0.03), ``lambda_m`` [0, 1] (1), ``w_m``
    >= 0 (1). Time step: one tick. Input: ``step(input_current)`` = X[t]. Output: ``spike`` 0/1 (binary, as
    in the paper). Exact update; the sigmoid is evaluated in an overflow-free form.
    """

    Params = InhibitoryLIFParams
    state_vars = {"v": float, "c": float, "m": float, "x_prev": float, "s_prev": int}
    inputs = (Input("input_current", 0.0, "a.u.", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "c": 0.0, "m": 0.0, "x_prev": 0.0, "s_prev": 0}

    @staticmethod
    def derive(p):
        return {"gamma": 1.0 - 1.0 / p.tau, "v_th": p.v_th, "lambda_c": p.lambda_c, "lambda_m": p.lambda_m,
                "w_m": p.w_m}

    @staticmethod
    def kernel(v, c, m, x_prev, s_prev, input_current, gamma, v_th, lambda_c, lambda_m, w_m):
        if s_prev == 1:
            c = lambda_c * (c + x_prev)
        else:
            c = lambda_c * c
        inhibition = c
        if inhibition < 0.0:
            inhibition = 0.0
        h = gamma * v + input_current - inhibition
        if h >= v_th:
            v1 = h - v_th
            m = lambda_m * (m + v1)
            if m >= 0.0:
                sig = 1.0 / (1.0 + math.exp(-m))
            else:
                e = math.exp(m)
                sig = e / (1.0 + e)
            return v1 - w_m * sig, c, m, input_current, 1, 1
        return h, c, lambda_m * m, input_current, 0, 0
