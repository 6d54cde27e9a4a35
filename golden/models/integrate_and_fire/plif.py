"""Parametric LIF neuron of Fang et al. 2021 (the seed's ``ParametricLIFNeuron``, PLIF)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ParametricLIFParams(ParamSet):
    a: float = param(0.0, units="1", lo=-100.0, hi=100.0,
                     doc="membrane parameter: 1/tau = sigmoid(a) (learned in the paper, fixed here)")
    v_threshold: float = param(1.0, units="1", lo=-100.0, hi=100.0, doc="firing threshold V_th (fires when H >= V_th)")
    v_reset: float = param(0.0, units="1", lo=-100.0, hi=100.0, doc="reset potential V_reset (hard reset)")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= "
                             f"v_threshold={self.v_threshold}")


@register(
    family="integrate-and-fire",
    reference="Fang, Yu, Chen, Masquelier, Huang & Tian 2021, Proc. IEEE/CVF ICCV (PLIF)",
    units="dimensionless (discrete time steps)",
    primary="input_current",
    sweep=(0.0, 3.0),
)
class ParametricLIFNeuron(Neuron):
    """Parametric leaky integrate-and-fire (PLIF) neuron: a discrete-time LIF with the time constant 1/sigmoid(a).

    Model (Fang, Yu, Chen, Masquelier, Huang & Tian 2021, "Incorporating Learnable Membrane Time Constant to
    Enhance Learning of Spiking Neural Networks", ICCV; sect. 3: charge, fire, hard reset), one step per call::

        H[t] = V[t-1] + k(a) (X[t] - (V[t-1] - V_reset)),   k(a) = 1 / (1 + exp(-a)) = 1/tau
        S[t] = Heaviside(H[t] - V_th)                      (S = 1 when H >= V_th)
        V[t] = H[t] (1 - S[t]) + V_reset S[t]

    In the paper ``a`` is a trained parameter shared by the neurons of a layer (initialised so that
    ``tau = tau_0 = 2``, i.e. a = 0); in this golden model it is a fixed parameter. The charge equation is the
    Euler discretisation of ``tau dV/dt = -(V - V_reset) + X`` with a unit step, so that k in (0, 1) always
    gives a stable update. With a constant input X from V_reset, ``H_n = V_reset + X (1 - (1 - k)^n)``: the
    neuron fires iff ``X >= V_th - V_reset`` is reachable, i.e. ``X > V_th - V_reset`` (or X equal to it with
    k = 1), first at the smallest n with ``X (1 - (1-k)^n) >= V_th - V_reset``, and then periodically with
    that period (the hard reset restarts the same sequence).

    Output convention: the spike and the reset belong to the same step: ``step(X)`` returns S[t] and leaves
    V[t] (already reset) as the state. (The seed returned the spike one step before applying the reset.)

    Parameters (legal range, default): ``a`` [-100, 100] (0, tau = 2), ``v_threshold`` [-100, 100] (1),
    ``v_reset`` [-100, 100] (0, below v_threshold). Input: ``step(input_current)``, the input X[t] (the
    synaptic current of the layer, dimensionless). Output: ``spike`` 0/1.
    """

    Params = ParametricLIFParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "1", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_reset}

    @staticmethod
    def derive(p):
        return {"k": 1.0 / (1.0 + math.exp(-p.a)), "v_th": p.v_threshold, "v_reset": p.v_reset}

    @staticmethod
    def kernel(v, input_current, k, v_th, v_reset):
        h = v + k * (input_current - (v - v_reset))
        if h >= v_th:
            return v_reset, 1
        return h, 0
