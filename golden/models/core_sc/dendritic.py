"""Two-branch dendritic XOR unit (the seed's ``StochasticDendriticNeuron``)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class StochasticDendriticParams(ParamSet):
    threshold: float = param(0.5, units="1", lo=0.0, hi=1.0, hi_open=True,
                             doc="somatic threshold on the combined dendritic drive c (fires when c > threshold)")


@register(
    family="core-sc",
    reference="Koch, Biophysics of Computation, OUP 1999 (chs. 5, 19); Zador, Claiborne & Brown 1992 "
    "(NIPS 4:51); Gidon et al. 2020 (Science 367:83)",
    units="dimensionless: inputs are probabilities / normalised drives in [0, 1]",
    primary="input_a",
    sweep=(0.0, 1.0),
)
class StochasticDendriticNeuron(Neuron):
    """Two dendritic inputs combined by a soft exclusive-or, then a somatic threshold.

    One step (memoryless)::

        c = a + b - 2 a b            # = a (1 - b) + b (1 - a)
        spike = 1 if c > threshold else 0

    For binary inputs c is XOR(a, b); for a, b in [0, 1] it is the probability that the XOR of two
    independent bits with P(1) = a and P(1) = b is 1, i.e. the output of a stochastic-computing XOR gate fed
    with two independent unipolar bitstreams (Gaines 1969, Advances in Information Systems Science 2:37), which
    is where the "stochastic" of the name comes from. The surface is symmetric, c(a, b) = c(b, a), and
    invariant under complementing both inputs, c(1 - a, 1 - b) = c(a, b); it is not monotonic in either input
    (for b > 1/2 more a means less drive), which is what no single linear threshold unit can do.

    Biological motivation: a single neuron's dendrites can compute non-monotonic functions of their inputs
    (Koch, Biophysics of Computation: Information Processing in Single Neurons, Oxford University Press 1999:
    ch. 5 on nonlinear synaptic interactions in a dendritic tree, ch. 19 on voltage-dependent dendritic events);
    an "analog stochastic XOR" from a dendritic Ca/K(Ca) "cold spot" was simulated by Zador, Claiborne & Brown
    1992 (Advances in Neural Information Processing Systems 4:51-58), and Gidon et al. 2020 (Science
    367:83-87) found dendritic calcium action potentials in human layer 2/3 neurons whose amplitude is largest
    for threshold-level input and smaller for stronger input, which lets one neuron solve XOR. The formula is
    an abstraction of that behaviour, not a biophysical model; the seed's citation of Koch's "ch. 12" pointed at
    the chapter on dendritic spines, which is not about this.

    Inputs: ``input_a`` and ``input_b`` (positional in that order, both default 0), meant in [0, 1] (other
    values are computed by the same formula, unchecked). Parameter: ``threshold`` in [0, 1) (0.5; at 0.5 the
    binary truth table is XOR's). State: ``last_current`` = c of the last step (the seed's
    ``_last_current``), 0 after ``reset_state()``. Output: spike 0/1.
    """

    Params = StochasticDendriticParams
    state_vars = {"last_current": float}
    inputs = (
        Input("input_a", 0.0, "1", "drive of dendritic branch a (probability / normalised, in [0, 1])"),
        Input("input_b", 0.0, "1", "drive of dendritic branch b (probability / normalised, in [0, 1])"),
    )

    @staticmethod
    def initial_state(p):
        return {"last_current": 0.0}

    @staticmethod
    def derive(p):
        return {"threshold": p.threshold}

    @staticmethod
    def kernel(last_current, input_a, input_b, threshold):
        c = input_a + input_b - 2.0 * (input_a * input_b)
        if c > threshold:
            return c, 1
        return c, 0
