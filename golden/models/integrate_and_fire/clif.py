"""Complementary leaky integrate-and-fire neuron, CLIF (Huang et al. 2024; the seed's ``ComplementaryLIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ComplementaryLIFParams(ParamSet):
    tau: float = param(2.0, units="steps", lo=1.0, lo_open=True, hi=1e6,
                       doc="membrane time constant (decay factor 1 - 1/tau per step)")
    v_th: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1e6, doc="firing threshold")


@register(
    family="integrate-and-fire",
    reference="Huang et al. 2024, ICML (PMLR 235), CLIF: Complementary Leaky Integrate-and-Fire Neuron for SNNs",
    units="dimensionless, one step per tick",
    primary="input_current",
    sweep=(-2.0, 4.0),
)
class ComplementaryLIFNeuron(Neuron):
    """Complementary LIF (CLIF): a LIF neuron with a complementary potential that deepens the reset.

    Model (Huang, Lin, Ren, Fu, Zhou, Liu, Pan & Cheng 2024, "CLIF: Complementary Leaky Integrate-and-Fire
    Neuron for Spiking Neural Networks", ICML 2024, PMLR 235), discrete time, with gamma = 1 - 1/tau::

        U[t] = gamma V[t-1] + X[t]                     (charge, LIF decay without input decay)
        S[t] = Theta(U[t] - V_th)                      (Heaviside, Theta(0) = 1)
        M[t] = M[t-1] sigmoid((1/tau) U[t]) + S[t]     (complementary potential)
        V[t] = U[t] - S[t] (V_th + sigmoid(M[t]))      (soft reset enlarged by sigmoid(M))

    The complementary potential M decays slowly while the membrane is depolarised and grows with each spike;
    the reset subtracts more than the threshold (between V_th + 0.5 and V_th + 1), so a CLIF neuron fires
    less than the soft-reset LIF with the same decay and input.

    Output convention: CLIF emits binary spikes, ``spike`` in {0, 1}, as in the paper. (The seed's CLIF
    returned a signed -1/0/1 output from a positive/negative potential pair; that is not the paper's model.)

    Parameters: ``tau`` steps > 1 (2, the default of the paper's code), ``v_th`` > 0 (1). Time step: one tick
    (the model has no physical time). Input: ``step(input_current)`` = X[t]. Exact update (no ODE); the
    sigmoid is evaluated in an overflow-free form. ``tau`` is fixed here (no training).
    """

    Params = ComplementaryLIFParams
    state_vars = {"v": float, "m": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "m": 0.0}

    @staticmethod
    def derive(p):
        return {"gamma": 1.0 - 1.0 / p.tau, "inv_tau": 1.0 / p.tau, "v_th": p.v_th}

    @staticmethod
    def kernel(v, m, input_current, gamma, inv_tau, v_th):
        u = gamma * v + input_current
        x = inv_tau * u
        if x >= 0.0:
            sig_u = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            sig_u = e / (1.0 + e)
        if u >= v_th:
            m = m * sig_u + 1.0
            if m >= 0.0:
                sig_m = 1.0 / (1.0 + math.exp(-m))
            else:
                e = math.exp(m)
                sig_m = e / (1.0 + e)
            return u - (v_th + sig_m), m, 1
        return u, m * sig_u, 0
