"""Gated leaky integrate-and-fire neuron, GLIF of Yao et al. 2022, with fixed gates (the seed's ``GatedLIFNeuron``)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class GatedLIFParams(ParamSet):
    alpha: float = param(0.5, units="", lo=0.0, hi=1.0,
                         doc="leakage gate: 1 exponential decay (factor tau), 0 linear decay (E_L)")
    beta: float = param(0.5, units="", lo=0.0, hi=1.0,
                        doc="integration gate: 1 input scaled by the conductance G, 0 input as it is")
    gamma: float = param(0.5, units="", lo=0.0, hi=1.0, doc="reset gate: 1 hard reset (to 0), 0 soft reset")
    tau: float = param(0.25, units="", lo=0.0, lo_open=True, hi=1.0, hi_open=True,
                       doc="exponential decay factor per step (the paper's tau, in (0, 1))")
    E_L: float = param(0.0625, units="a.u.", lo=0.0, hi=1e6, doc="linear decay (leak) per step")
    G: float = param(0.5, units="", lo=0.0, lo_open=True, hi=1.0, doc="synaptic conductance factor")
    v_th: float = param(0.5, units="a.u.", lo=0.0, lo_open=True, hi=1e6, doc="firing threshold")
    v_th_re: float = param(0.5, units="a.u.", lo=0.0, hi=1e6, doc="amount subtracted by a soft reset")


@register(
    family="integrate-and-fire",
    reference="Yao, Li, Mo & Cheng 2022, NeurIPS, GLIF: A Unified Gated Leaky Integrate-and-Fire Neuron for SNNs",
    units="dimensionless, one step per tick",
    primary="input_current",
    sweep=(-1.0, 3.0),
)
class GatedLIFNeuron(Neuron):
    """Gated LIF (GLIF of Yao et al.): leakage, integration and reset each a gated mix of two bio-features.

    Model (Yao, Li, Mo & Cheng 2022, "GLIF: A Unified Gated Leaky Integrate-and-Fire Neuron for Spiking
    Neural Networks", NeurIPS 2022), discrete time, O[t-1] the previous output spike::

        I[t] = (1 - beta (1 - G)) X[t]
        U[t] = (1 - alpha (1 - tau)) U[t-1] (1 - gamma O[t-1])         exponential decay | hard reset
               - (1 - alpha) E_L                                        linear decay
               + I[t]
               - (1 - gamma) V_th_re O[t-1]                             soft reset
        O[t] = Theta(U[t] - V_th)                                       (strict: fires when U[t] > V_th)

    Each gate mixes two neuronal behaviours: ``alpha`` exponential (1) vs linear (0) leakage, ``beta``
    conductance-scaled (1) vs plain (0) integration, ``gamma`` hard (1) vs soft (0) reset; with binary gates
    GLIF is one of the 8 classical variants (e.g. alpha=1, beta=0, gamma=1: the hard-reset LIF U = tau U +
    X). The reset of a spike at t is applied in the update of t+1, as in the paper, so the state ``u`` after a
    spiking step is the pre-reset potential and the previous spike ``o`` is part of the state.

    Differences from the paper: the gates and the membrane parameters are learned there (through sigmoids,
    per channel; G per time step); here they are fixed parameters in [0, 1] (a trained network's values can
    be given) and G is one constant. The threshold test is strict (U > V_th) as in the authors' code.

    Parameters (default): ``alpha``, ``beta``, ``gamma`` in [0, 1] (0.5 each: an equal mix; the authors start
    training from random 0.25/0.75 gates), ``tau`` in (0, 1) (0.25), ``E_L`` >= 0 (0.0625 = V_th/(2T) for
    T = 4 steps), ``G`` in (0, 1] (0.5), ``v_th`` > 0 (0.5), ``v_th_re`` >= 0 (0.5): the membrane values are
    the authors' initial values (public code). Time step: one tick. Input: ``step(input_current)`` = X[t].
    Output: ``spike`` 0/1.
    """

    Params = GatedLIFParams
    state_vars = {"u": float, "o": int}
    inputs = (Input("input_current", 0.0, "a.u.", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"u": 0.0, "o": 0}

    @staticmethod
    def derive(p):
        return {
            "in_gain": 1.0 - p.beta * (1.0 - p.G),
            "decay": 1.0 - p.alpha * (1.0 - p.tau),
            "hard": p.gamma,
            "leak": (1.0 - p.alpha) * p.E_L,
            "soft": (1.0 - p.gamma) * p.v_th_re,
            "v_th": p.v_th,
        }

    @staticmethod
    def kernel(u, o, input_current, in_gain, decay, hard, leak, soft, v_th):
        if o == 1:
            u = decay * u * (1.0 - hard) - leak + in_gain * input_current - soft
        else:
            u = decay * u - leak + in_gain * input_current
        if u > v_th:
            return u, 1, 1
        return u, 0, 0
