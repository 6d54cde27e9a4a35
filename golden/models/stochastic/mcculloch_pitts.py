"""McCulloch-Pitts threshold unit (1943): weighted excitation, threshold, absolute inhibition, synaptic delay."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class McCullochPittsParams(ParamSet):
    theta: float = param(1.0, lo=0.0, hi=1e6, doc="threshold: excitation needed to fire (0 fires unless inhibited)")


@register(
    family="stochastic",
    reference="McCulloch & Pitts 1943, Bull. Math. Biophys. 5:115",
    units="dimensionless (number of active excitatory synapses); one step = one synaptic delay",
    primary="excitation",
    sweep=(0.0, 3.0),
)
class McCullochPittsNeuron(Neuron):
    """McCulloch-Pitts neuron: all-or-none firing when the excitation reaches a threshold, vetoed by inhibition.

    Model (McCulloch & Pitts 1943, Bull. Math. Biophys. 5:115, their assumptions 1-5): the neuron fires at time
    t+1 if and only if, at time t, the number (here: the weighted sum) of its active excitatory synapses is at
    least theta AND none of its inhibitory synapses is active (absolute inhibition). Time is quantised in
    synaptic delays; one step is one delay::

        fire(t + 1) = [excitation(t) >= theta] and [inhibition(t) == 0]

    The state ``pending`` holds the decision taken from the current inputs; ``step`` returns the decision taken
    at the previous step (the one-delay latency of the paper). With theta = 1 and two excitatory inputs of
    weight 1 the unit is an OR gate, with theta = 2 an AND gate; with theta = 0 it fires at every step unless
    inhibited, i.e. it computes NOT of its inhibitory input (the paper's realisations of the logical
    connectives). Inputs: ``excitation`` (sum of active excitatory synapses, weights allowed) and ``inhibition``
    (any value > 0 vetoes). Parameter: ``theta`` [0, 1e6] (1). No randomness: the unit is deterministic (it is
    grouped with the stochastic models by the catalogue).

    Differences from the seed: the seed compared a single weighted input with theta (no absolute inhibition,
    no delay); here inhibition is a separate, absolute input and the output comes one delay after its inputs.
    """

    Params = McCullochPittsParams
    state_vars = {"pending": int}
    inputs = (Input("excitation", 0.0, "", "weighted sum of active excitatory synapses"),
              Input("inhibition", 0.0, "", "activity of inhibitory synapses (> 0 vetoes firing)"))

    @staticmethod
    def initial_state(p):
        return {"pending": 0}

    @staticmethod
    def derive(p):
        return {"theta": p.theta}

    @staticmethod
    def kernel(pending, excitation, inhibition, theta):
        fire = 1 if (excitation >= theta and inhibition <= 0.0) else 0
        return fire, pending
