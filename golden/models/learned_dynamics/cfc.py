"""Closed-form continuous-time (CfC) neuron of Hasani et al. 2022 (Nature Machine Intelligence 4:1121)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class ClosedFormContinuousParams(ParamSet):
    n_hidden: int = param(4, units="", lo=1, hi=64, integer=True, doc="width of the shared backbone layer")
    head_seed: int = param(0, units="", lo=0, hi=2**31 - 1, integer=True,
                           doc="seed of the fixed random weights of the backbone and of the heads f, g, h")
    weight_scale: float = param(1.0, units="1", lo=0.0, lo_open=True, hi=10.0,
                                doc="standard deviation of the backbone weights (heads: weight_scale / sqrt(n_hidden))")
    x0: float = param(0.0, units="a.u.", lo=-1.0, hi=1.0, doc="initial state")
    dt: float = positive(1.0, "ms", "default elapsed time t between two steps (the 'elapsed' input's default)")


def cfc_weights(p: ClosedFormContinuousParams) -> dict[str, np.ndarray]:
    """The fixed weights drawn from ``head_seed``: backbone z_k = tanh(a_k x + b_k I + c_k), k < n_hidden, and the
    heads' weight vectors (wf, wg, wh) and biases (bf, bg, bh) over z. Same parameters, same weights."""
    rng = np.random.default_rng(p.head_seed)
    n = p.n_hidden
    s = p.weight_scale
    sh = s / math.sqrt(n)
    return {
        "a": rng.normal(0.0, s, n),
        "b": rng.normal(0.0, s, n),
        "c": rng.normal(0.0, s, n),
        "wf": rng.normal(0.0, sh, n),
        "wg": rng.normal(0.0, sh, n),
        "wh": rng.normal(0.0, sh, n),
        "bf": float(rng.normal(0.0, sh)),
        "bg": float(rng.normal(0.0, sh)),
        "bh": float(rng.normal(0.0, sh)),
    }


@register(
    family="learned-dynamics",
    reference="Hasani, Lechner, Amini, Liebenwein, Ray, Tschaikowski, Teschl & Rus 2022, Nat. Mach. Intell. "
    "4:1121 (Closed-form continuous-time neural networks)",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(-10.0, 10.0),
)
class ClosedFormContinuousNeuron(Neuron):
    """Closed-form continuous-time (CfC) neuron: a time-gated blend of two learned targets, no ODE solver.

    Model (Hasani et al. 2022, "Closed-form continuous-time neural networks", Nat. Mach. Intell. 4:1121-1135,
    the CfC cell)::

        x(t) = sigmoid(-f(x, I) t) g(x, I) + [1 - sigmoid(-f(x, I) t)] h(x, I)

    applied once per step with x the state before the step and t the time elapsed since the previous step
    (the input ``elapsed``, default ``dt``). As in the paper f, g and h are heads on a shared backbone; here a
    small fixed network whose weights are drawn once from ``head_seed`` (:func:`cfc_weights`), standing in for
    trained weights::

        z_k = tanh(a_k x + b_k I + c_k),  k = 1..n_hidden
        f = wf . z + bf,   g = tanh(wg . z + bg),   h = tanh(wh . z + bh)

    Properties that follow from the form and that the tests check: the new state is a convex combination of g
    and h, so |x| < 1 after the first step; at t = 0 the gate is 1/2 (x = (g + h)/2); as t grows the gate
    moves monotonically toward 0 (x -> h) where f > 0 and toward 1 (x -> g) where f < 0, so f acts as a
    state- and input-dependent rate (the paper's "liquid" time constant), and irregularly sampled inputs are
    handled by passing the true elapsed time. The gate is computed without overflow for any f t.

    Parameters (legal range, default): ``n_hidden`` integer [1, 64] (4), ``head_seed`` integer [0, 2^31 - 1]
    (0), ``weight_scale`` (0, 10] (1), ``x0`` [-1, 1] (0), ``dt`` ms > 0 (1). Inputs: ``input_current`` I
    (a.u.; ``step(x)``), ``elapsed`` t (ms, >= 0; default ``dt``). Output: ``activation`` (value, = the new x):
    the CfC cell is continuous-valued, not a spiking neuron.

    Differences from the seed: the seed used x <- x e^(-dt/tau) + tanh(w_x x + w_in I)(1 - e^(-dt/tau)) with a
    sigmoid time constant (not the CfC form) and a spike at x >= 1 that tanh reaches only by rounding; this is
    the paper's closed form with its three heads, and no invented spike.
    """

    Params = ClosedFormContinuousParams
    state_vars = {"x": float}
    inputs = (
        Input("input_current", 0.0, "a.u.", "input I"),
        Input("elapsed", lambda p: p.dt, "ms", "time t since the previous step (>= 0)"),
    )
    outputs = (Output("activation", "value", np.float64),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x0}

    @staticmethod
    def derive(p):
        w = cfc_weights(p)
        return {"n_h": p.n_hidden, **w}

    @staticmethod
    def kernel(x, input_current, elapsed, n_h, a, b, c, wf, wg, wh, bf, bg, bh):
        f = bf
        ug = bg
        uh = bh
        for k in range(n_h):
            z = math.tanh(a[k] * x + b[k] * input_current + c[k])
            f += wf[k] * z
            ug += wg[k] * z
            uh += wh[k] * z
        g = math.tanh(ug)
        hh = math.tanh(uh)
        ft = f * elapsed
        if ft >= 0.0:
            e = math.exp(-ft)
            gate = e / (1.0 + e)  # sigmoid(-f t)
        else:
            gate = 1.0 / (1.0 + math.exp(ft))
        xn = gate * g + (1.0 - gate) * hh
        return xn, xn

    def heads(self, x: float, input_current: float) -> tuple[float, float, float]:
        """(f, g, h) at state x and input I, for analysis and tests."""
        k = {name: getattr(self, "_k_" + name) for name in ("a", "b", "c", "wf", "wg", "wh", "bf", "bg", "bh")}
        z = np.tanh(k["a"] * x + k["b"] * input_current + k["c"])
        return (float(k["wf"] @ z + k["bf"]), float(np.tanh(k["wg"] @ z + k["bg"])),
                float(np.tanh(k["wh"] @ z + k["bh"])))
