"""KLIF: LIF neuron with a scaled, rectified membrane potential (Jiang & Zhang 2023; the seed's ``KLIFNeuron``)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class KLIFParams(ParamSet):
    tau: float = param(2.0, units="steps", lo=1.0, lo_open=True, hi=1e6, doc="membrane time constant")
    k: float = param(1.0, units="", lo=0.0, lo_open=True, hi=1e6,
                     doc="membrane scaling factor (learnable in the paper, fixed here)")
    v_th: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1e6, doc="firing threshold")
    v_reset: float = param(0.0, units="a.u.", lo=0.0, hi=1e6, doc="hard-reset potential (>= 0, below v_th)")
    decay_input: int = param(1, units="", lo=0, hi=1, integer=True,
                             doc="1: the input is divided by tau (leaky integration); 0: added directly")

    def check(self) -> None:
        if self.v_reset >= self.v_th:
            raise ValueError(f"v_reset must be < v_th, got v_reset={self.v_reset} >= v_th={self.v_th}")


@register(
    family="integrate-and-fire",
    reference="Jiang & Zhang 2023, ICASSP (arXiv:2302.09238), KLIF: an optimized spiking neuron unit",
    units="dimensionless, one step per tick",
    primary="input_current",
    sweep=(-2.0, 4.0),
)
class KLIFNeuron(Neuron):
    """KLIF: the LIF charge followed by a scaling ``k`` and a ReLU of the membrane potential.

    Model (Jiang & Zhang 2023, "KLIF: An optimized spiking neuron unit for tuning surrogate gradient slope and
    membrane potential", ICASSP 2023, arXiv:2302.09238), discrete time::

        H[t] = V[t-1] + (X[t] - (V[t-1] - V_reset))/tau        (decay_input = 1)
        H[t] = V[t-1] - (V[t-1] - V_reset)/tau + X[t]          (decay_input = 0)
        F[t] = ReLU(k H[t])
        S[t] = Theta(F[t] - V_th)                              (Theta(0) = 1)
        V[t] = F[t] (1 - S[t]) + V_reset S[t]                  (hard reset)

    In the paper ``k`` is learned to tune the slope of the surrogate gradient jointly with the membrane
    potential; here it is a fixed parameter (a trained value can be given). The ReLU keeps the membrane
    potential non-negative: inhibition cannot build up a negative potential.

    Parameters: ``tau`` steps > 1 (2), ``k`` > 0 (1, the paper's initial value), ``v_th`` > 0 (1), ``v_reset``
    [0, v_th) (0), ``decay_input`` 0/1 (1). Time step: one tick. Input: ``step(input_current)`` = X[t].
    Output: ``spike`` 0/1. Exact update (no ODE).
    """

    Params = KLIFParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_reset}

    @staticmethod
    def derive(p):
        return {"inv_tau": 1.0 / p.tau, "k": p.k, "v_th": p.v_th, "v_reset": p.v_reset,
                "input_gain": 1.0 / p.tau if p.decay_input == 1 else 1.0}

    @staticmethod
    def kernel(v, input_current, inv_tau, k, v_th, v_reset, input_gain):
        h = v - (v - v_reset) * inv_tau + input_current * input_gain
        f = k * h
        if f < 0.0:
            f = 0.0
        if f >= v_th:
            return v_reset, 1
        return f, 0
