"""Chialvo map neuron (Chialvo 1995): generic excitable dynamics on a two-dimensional map."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ChialvoMapParams(ParamSet):
    a: float = param(0.89, lo=0.0, lo_open=True, hi=1.0, hi_open=True, doc="time constant of recovery (a < 1)")
    b: float = param(0.6, lo=0.0, lo_open=True, hi=1.0, hi_open=True,
                     doc="activation dependence of the recovery (b < 1)")
    c: float = param(0.28, lo=0.0, hi=5.0, doc="offset of the recovery")
    k: float = param(0.02, lo=-0.5, hi=0.5, doc="constant bias (the input is added to it)")
    x_threshold: float = param(1.0, lo=0.0, lo_open=True, hi=10.0, doc="spike detection level (upward crossing)")
    x0: float = param(0.0, lo=-1.0, hi=10.0, doc="initial activation")
    y0: float = param(0.0, lo=-10.0, hi=10.0, doc="initial recovery")


@register(
    family="map-based",
    reference="Chialvo 1995, Chaos Solitons Fractals 5:461",
    units="dimensionless; one step = one map iteration",
    primary="input_current",
    sweep=(-0.02, 0.03),
)
class ChialvoMapNeuron(Neuron):
    """Chialvo's excitable map; one step = one iteration of the map.

    Map (Chialvo 1995, Chaos Solitons Fractals 5:461)::

        x_{n+1} = x_n^2 exp(y_n - x_n) + k + I_n
        y_{n+1} = a y_n - b x_n + c

    x is the activation (action-potential) variable, y the recovery variable; k is a constant bias to which the
    input ``input_current`` I is added (the paper's k is "a constant bias or a time-dependent additive
    perturbation"). With a = 0.89, b = 0.6, c = 0.28 (the paper's) the map has a stable rest point for small
    k + I (excitable: a brief kick above a threshold produces one full spike, a smaller one decays), periodic
    oscillations for k + I around 0.03 - 0.05 (the period shrinking as the bias grows), and with b = 0.18 the
    oscillations become aperiodic (the paper's bursting and chaos). These regime boundaries were measured here
    for the defaults; the behaviour tests check them.

    Parameters (dimensionless): a (0, 1) (0.89), b (0, 1) (0.6), c [0, 5] (0.28), k [-0.5, 0.5] (0.02: at rest,
    excitable), x_threshold (0, 10] (1.0), x0 [-1, 10], y0 [-10, 10] (0, 0). Output: ``spike`` = 1 on the
    iteration where x crosses x_threshold upwards (rest x ~ 0.03, spike peaks ~ 1.5 - 5).

    The quadratic-exponential term grows like x^2 e^{-x} for negative x: a strongly negative bias k + I (below
    about -0.5) lets x run away, which the paper does not consider; ``k`` is limited to [-0.5, 0.5] and the
    registered sweep stays inside the excitable/oscillatory range.
    """

    Params = ChialvoMapParams
    state_vars = {"x": float, "y": float}
    inputs = (Input("input_current", 0.0, "", "additive perturbation I (added to k)"),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x0, "y": p.y0}

    @staticmethod
    def derive(p):
        return {"a": p.a, "b": p.b, "c": p.c, "k": p.k, "x_th": p.x_threshold}

    @staticmethod
    def kernel(x, y, input_current, a, b, c, k, x_th):
        x_new = x * x * math.exp(y - x) + k + input_current
        y_new = a * y - b * x + c
        spike = 1 if (x_new >= x_th and x < x_th) else 0
        return x_new, y_new, spike
