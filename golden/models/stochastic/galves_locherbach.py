"""Galves-Loecherbach neuron (2013): spiking probability phi(potential), potential reset at each spike."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class GalvesLocherbachParams(ParamSet):
    leak: float = param(0.9, lo=0.0, hi=1.0, doc="per-step leak factor g (1 = no leak: g(s) = 1)")
    phi_max: float = param(1.0, lo=0.0, lo_open=True, hi=1.0, doc="saturation of the firing probability")
    phi_half: float = param(1.0, lo=-100.0, hi=100.0, doc="potential at which phi = phi_max / 2")
    phi_slope: float = param(0.25, lo=0.0, lo_open=True, hi=100.0, doc="width of the sigmoid phi")
    v0: float = param(0.0, lo=-100.0, hi=100.0, doc="initial potential")


def phi(v: float, phi_max: float, phi_half: float, phi_slope: float) -> float:
    """The firing-probability function: phi_max / (1 + exp(-(v - phi_half) / phi_slope)) (increasing)."""
    z = (v - phi_half) / phi_slope
    if z >= 0.0:
        return phi_max / (1.0 + math.exp(-z))
    e = math.exp(z)
    return phi_max * e / (1.0 + e)


@register(
    family="stochastic",
    reference="Galves & Loecherbach 2013, J. Stat. Phys. 151:896",
    units="dimensionless potential; one step = one time bin",
    primary="weighted_input",
    sweep=(-1.0, 2.0),
)
class GalvesLocherbachNeuron(Neuron):
    """Galves-Loecherbach neuron: a discrete-time spiking chain with memory of variable length.

    Model (Galves & Loecherbach 2013, J. Stat. Phys. 151:896, one neuron of their network): at each time t the
    neuron spikes, X(t) = 1, with probability phi(U(t)), independently of everything else given U(t). The
    potential U(t) sums the synaptic inputs received since the neuron's last spike L(t), weighted by a leak
    function g of their age::

        U(t) = sum_{s = L(t)}^{t-1} g(t - s) W(s),       W(s) = sum_j w_j X_j(s)  (the input ``weighted_input``)

    so the memory is reset at each spike (the "variable length" of the memory). With the geometric leak
    g(s) = leak^(s-1) this is the recursion computed here, one step per time bin::

        spike = [u < phi(U)],         u ~ U(0, 1) (one draw per step)
        U <- (0 if spike else leak * U) + W(t)

    (the input arriving at the spike time itself is kept, since the sum starts at s = L(t)). leak = 1 is the
    undecayed sum. phi is increasing; here the logistic phi(U) = phi_max / (1 + exp(-(U - phi_half) /
    phi_slope)) (the paper allows any increasing phi; this one is a choice of this implementation).

    State: ``v`` = U(t), the potential the NEXT spike decision uses. Parameters: ``leak`` [0, 1] (0.9),
    ``phi_max`` (0, 1] (1), ``phi_half`` [-100, 100] (1), ``phi_slope`` (0, 100] (0.25), ``v0`` (0). Randomness:
    one uniform draw per step (``u``) from the neuron's seeded generator (the seed used the global numpy
    generator); always live.
    """

    Params = GalvesLocherbachParams
    state_vars = {"v": float}
    inputs = (Input("weighted_input", 0.0, "", "W(t) = sum_j w_j X_j(t), the synaptic input of this step"),)
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"v": p.v0}

    @staticmethod
    def derive(p):
        return {"leak": p.leak, "phi_max": p.phi_max, "phi_half": p.phi_half, "phi_slope": p.phi_slope}

    @staticmethod
    def kernel(v, weighted_input, u, leak, phi_max, phi_half, phi_slope):
        z = (v - phi_half) / phi_slope
        if z >= 0.0:
            prob = phi_max / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            prob = phi_max * e / (1.0 + e)
        if u < prob:
            return weighted_input, 1
        return leak * v + weighted_input, 0
