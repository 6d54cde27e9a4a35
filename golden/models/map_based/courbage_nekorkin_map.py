"""Courbage-Nekorkin-Vdovin map neuron (2007): a discontinuous two-dimensional map of spiking-bursting activity."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class CourbageNekorkinMapParams(ParamSet):
    a: float = param(0.1, lo=0.0, lo_open=True, hi=1.0, hi_open=True, doc="zero of the middle branch of F")
    m0: float = param(0.4, lo=0.0, lo_open=True, hi=2.0, doc="slope magnitude of the outer branches of F")
    m1: float = param(0.3, lo=0.0, lo_open=True, hi=2.0, doc="slope of the middle (unstable) branch of F")
    d: float = param(0.45, lo=0.0, hi=1.0, doc="threshold of the discontinuity beta H(x - d)")
    beta: float = param(0.2, lo=0.0, hi=1.0, doc="size of the discontinuity (0 = no bursting)")
    epsilon: float = param(0.005, lo=0.0, lo_open=True, hi=0.1, doc="rate of the slow recovery variable")
    J: float = param(0.1, lo=-1.0, hi=2.0, doc="stimulus level (the input is added to it)")
    x0: float = param(0.0, lo=-2.0, hi=2.0, doc="initial fast variable")
    y0: float = param(0.0, lo=-2.0, hi=2.0, doc="initial slow variable")


@register(
    family="map-based",
    reference="Courbage, Nekorkin & Vdovin 2007, Chaos 17:043109",
    units="dimensionless; one step = one map iteration",
    primary="input_current",
    sweep=(-0.1, 0.3),
)
class CourbageNekorkinMapNeuron(Neuron):
    """Courbage-Nekorkin-Vdovin map: a FitzHugh-Nagumo-like map with a discontinuity; one step = one iteration.

    Map (Courbage, Nekorkin & Vdovin 2007, Chaos 17:043109)::

        x_{n+1} = x_n + F(x_n) - y_n - beta H(x_n - d)
        y_{n+1} = y_n + epsilon (x_n - J - I_n)

        F(x) = -m0 x          for x <= J_min
             = m1 (x - a)     for J_min < x < J_max
             = -m0 (x - 1)    for x >= J_max
        J_min = a m1 / (m0 + m1),  J_max = (m0 + a m1) / (m0 + m1)        (F is continuous)

    H is the Heaviside step (H(0) = 1). x is the fast (membrane) variable, y the slow recovery variable, J the
    stimulus; the input ``input_current`` I is added to J. Without the discontinuity (beta = 0) the map is a
    discrete piecewise-linear FitzHugh-Nagumo model: the fixed point (x, y) = (J, F(J)) is stable on the left
    branch (J < J_min, excitable rest when epsilon < m0) and unstable on the middle branch (J_min < J < J_max:
    relaxation oscillations, one spike per cycle). The term beta H(x - d) makes the fast map discontinuous
    (Lorenz-type): when d lies on the middle branch each excursion above d is cut short and repeated, giving
    bursts of spikes separated by slow silent phases; the paper shows these bursts are chaotic.

    Output: ``spike`` = 1 on the iteration where x crosses d upwards (the event the discontinuity acts on).

    Parameters (dimensionless, defaults chosen here): a (0, 1) (0.1), m0 (0, 2] (0.4), m1 (0, 2] (0.3), d [0, 1]
    (0.45), beta [0, 1] (0.2), epsilon (0, 0.1] (0.005), J [-1, 2] (0.1). With these J_min = 0.043, J_max =
    0.614 and the map bursts (a few spikes every ~200 iterations, measured here); beta = 0 gives tonic spiking,
    J < J_min rest. The parameter values of the paper's figures could not be checked here: the defaults are
    a point of the spiking-bursting regime found by simulation, not the paper's.

    Differences from the seed (class ``CourageNekorkinMapNeuron``, a misspelling kept by the registry as an
    alias): the seed's first version iterated a different map (a Lorenz-like f(x) + y) that diverged for inputs
    <= 2; this one is the 2007 paper's map, bounded for every input in its sweep.
    """

    Params = CourbageNekorkinMapParams
    state_vars = {"x": float, "y": float}
    inputs = (Input("input_current", 0.0, "", "stimulus I (added to J)"),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x0, "y": p.y0}

    @staticmethod
    def derive(p):
        s = p.m0 + p.m1
        return {"a": p.a, "m0": p.m0, "m1": p.m1, "d": p.d, "beta": p.beta, "eps": p.epsilon, "J": p.J,
                "j_min": p.a * p.m1 / s, "j_max": (p.m0 + p.a * p.m1) / s}

    @staticmethod
    def kernel(x, y, input_current, a, m0, m1, d, beta, eps, J, j_min, j_max):
        if x <= j_min:
            f = -m0 * x
        elif x < j_max:
            f = m1 * (x - a)
        else:
            f = -m0 * (x - 1.0)
        jump = beta if x >= d else 0.0
        x_new = x + f - y - jump
        y_new = y + eps * (x - J - input_current)
        spike = 1 if (x_new >= d and x < d) else 0
        return x_new, y_new, spike
