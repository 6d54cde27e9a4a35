"""Liquid time-constant (LTC) neuron of Hasani, Lechner, Amini, Rus & Grosu 2021 (AAAI), fused semi-implicit solver."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class LiquidTimeConstantParams(ParamSet):
    tau: float = positive(10.0, "ms", "leak time constant tau (the largest time constant the cell can have)")
    A: float = param(1.0, units="a.u.", lo=-100.0, hi=100.0, doc="bias (reversal) A toward which f pulls the state")
    w_in: float = param(1.0, units="1/ms", lo=0.0, hi=100.0,
                        doc="maximal conductance of the input synapse (>= 0 keeps f >= 0, see Theorem 2)")
    gamma_in: float = param(2.0, units="1/a.u.", lo=-100.0, hi=100.0, doc="slope of the input synapse's sigmoid")
    mu_in: float = param(1.0, units="a.u.", lo=-100.0, hi=100.0, doc="midpoint of the input synapse's sigmoid")
    w_rec: float = param(0.5, units="1/ms", lo=0.0, hi=100.0,
                         doc="maximal conductance of the self (recurrent) synapse (>= 0)")
    gamma_rec: float = param(4.0, units="1/a.u.", lo=-100.0, hi=100.0, doc="slope of the self synapse's sigmoid")
    mu_rec: float = param(0.5, units="a.u.", lo=-100.0, hi=100.0, doc="midpoint of the self synapse's sigmoid")
    x0: float = param(0.0, units="a.u.", lo=-100.0, hi=100.0, doc="initial state (must lie in [min(0, A), max(0, A)])")
    unfolds: int = param(6, units="", lo=1, hi=100, integer=True, doc="solver sub-steps per step (the paper's L = 6)")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=1000.0, doc="time step (any size: the solver is "
                      "unconditionally bounded)")

    def check(self) -> None:
        lo, hi = min(0.0, self.A), max(0.0, self.A)
        if not lo <= self.x0 <= hi:
            raise ValueError(f"x0 must lie in [min(0, A), max(0, A)] = [{lo}, {hi}] (the invariant range of "
                             f"Theorem 2), got x0={self.x0}")


@register(
    family="learned-dynamics",
    reference="Hasani, Lechner, Amini, Rus & Grosu 2021, Proc. AAAI 35(9):7657 (Liquid time-constant networks)",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(-10.0, 10.0),
)
class LiquidTimeConstantNeuron(Neuron):
    """Liquid time-constant (LTC) neuron: a leaky state whose time constant is set by its input.

    Model (Hasani, Lechner, Amini, Rus & Grosu 2021, "Liquid time-constant networks", Proc. AAAI 35(9):
    7657-7666, the LTC equation)::

        dx/dt = -[1/tau + f(x, I)] x + f(x, I) A

    with f a positive, bounded synaptic nonlinearity. Here f is the sum of two sigmoid synapses, one from the
    input and one from the neuron itself (the paper's networks use this sigmoidal synapse)::

        f(x, I) = w_in sigmoid(gamma_in (I - mu_in)) + w_rec sigmoid(gamma_rec (x - mu_rec)),  w_in, w_rec >= 0

    so 0 <= f <= W = w_in + w_rec. For a constant f the state relaxes to f A tau / (1 + tau f) with the time
    constant tau_sys = tau / (1 + tau f): the time constant is "liquid", shortened by the input. Theorem 1 of
    the paper bounds it, tau / (1 + tau W) <= tau_sys <= tau; Theorem 2 bounds the state: started in
    [min(0, A), max(0, A)] it stays there.

    Integration: the paper's fused solver (a semi-implicit Euler step), applied ``unfolds`` times per step of
    ``dt`` with Delta = dt / unfolds, f re-evaluated at each sub-step and the input held::

        x <- (x + Delta f(x, I) A) / (1 + Delta (1/tau + f(x, I)))

    The new x is a weighted mean of x, A and 0 with non-negative weights (f >= 0), so Theorem 2 holds exactly
    for the discrete map at every step size, and a constant-f relaxation decays by 1 / (1 + Delta / tau_sys)
    per sub-step.

    Parameters (legal range, default; the paper learns them, these values are this model's own): ``tau`` ms
    > 0 (10), ``A`` [-100, 100] (1), ``w_in`` 1/ms [0, 100] (1), ``gamma_in`` (2), ``mu_in`` (1), ``w_rec``
    1/ms [0, 100] (0.5), ``gamma_rec`` (4), ``mu_rec`` (0.5), ``x0`` in [min(0, A), max(0, A)] (0),
    ``unfolds`` integer [1, 100] (6), ``dt`` ms (0, 1000] (1). Input: ``input_current`` I (a.u.;
    ``step(x)``). Output: ``activation`` (value, = the new x): the LTC cell is a continuous-valued unit, not a
    spiking one.

    Differences from the seed: the seed used tau = max(tau_b sigmoid(w_tau I + b), 0.1) with explicit Euler
    and a spike at x >= 1 that only integration overshoot could reach; this is the paper's equation and solver,
    with no invented spike.
    """

    Params = LiquidTimeConstantParams
    state_vars = {"x": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I to the input synapse"),)
    outputs = (Output("activation", "value", np.float64),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x0}

    @staticmethod
    def derive(p):
        return {
            "inv_tau": 1.0 / p.tau,
            "a_rev": p.A,
            "w_in": p.w_in,
            "g_in": p.gamma_in,
            "mu_in": p.mu_in,
            "w_rec": p.w_rec,
            "g_rec": p.gamma_rec,
            "mu_rec": p.mu_rec,
            "n_unf": p.unfolds,
            "h": p.dt / p.unfolds,
        }

    @staticmethod
    def kernel(x, input_current, inv_tau, a_rev, w_in, g_in, mu_in, w_rec, g_rec, mu_rec, n_unf, h):
        z = g_in * (input_current - mu_in)
        if z >= 0.0:
            s_in = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            s_in = e / (1.0 + e)
        f_in = w_in * s_in  # the input is held over the step
        for _ in range(n_unf):
            z = g_rec * (x - mu_rec)
            if z >= 0.0:
                s_rec = 1.0 / (1.0 + math.exp(-z))
            else:
                e = math.exp(z)
                s_rec = e / (1.0 + e)
            f = f_in + w_rec * s_rec
            x = (x + h * f * a_rev) / (1.0 + h * (inv_tau + f))
        return x, x

    def synapse(self, x: float, input_current: float) -> float:
        """f(x, I), the total synaptic nonlinearity (1/ms), for analysis and tests."""
        p = self.params
        return p.w_in * _logistic(p.gamma_in * (input_current - p.mu_in)) + p.w_rec * _logistic(
            p.gamma_rec * (x - p.mu_rec))


def _logistic(z: float) -> float:
    """1 / (1 + exp(-z)) without overflow."""
    return 0.5 * (1.0 + math.tanh(0.5 * z))
