"""A discrete-time neuron whose leak, input gain and self-excitation are fitted to a recorded membrane trace."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class LearnableNeuronParams(ParamSet):
    alpha: float = param(0.9, units="1", lo=0.0, hi=1.0, hi_open=True, doc="leak (decay per step) alpha, learned")
    beta: float = param(0.1, units="1", lo=-100.0, hi=100.0, doc="input gain beta, learned")
    gamma: float = param(0.05, units="1", lo=-100.0, hi=100.0,
                         doc="strength gamma of the sigmoidal self-excitation, learned")
    f_slope: float = param(5.0, units="1", lo=-100.0, hi=100.0, doc="slope kappa of the self-excitation sigmoid")
    f_shift: float = param(0.5, units="1", lo=-100.0, hi=100.0, doc="midpoint v_half of the self-excitation sigmoid")
    v_threshold: float = param(1.0, units="1", lo=-100.0, hi=100.0, doc="spike threshold (fires when v >= it)")
    v_reset: float = param(0.0, units="1", lo=-100.0, hi=100.0, doc="reset value after a spike")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= "
                             f"v_threshold={self.v_threshold}")


LEARNED = ("alpha", "beta", "gamma")


@register(
    family="learned-dynamics",
    reference="fitting method: Huys, Ahrens & Paninski 2006, J. Neurophysiol. 96:872 (one-step membrane "
    "prediction, linear in the parameters); model form: project-designed (the seed's LearnableNeuronModel)",
    units="dimensionless (discrete time steps)",
    primary="input_current",
    sweep=(0.0, 3.0),
)
class LearnableNeuronModel(Neuron):
    """Discrete-time integrate-and-fire neuron whose leak, input gain and self-excitation are learned from data.

    Model (one step per call; the form is the seed's, the learning is new)::

        v'    = alpha v + beta I + gamma sigmoid(kappa (v - v_half))
        spike = 1 if v' >= v_threshold, then v' <- v_reset

    What is learned, and how: ``alpha``, ``beta`` and ``gamma`` (:data:`LEARNED`) are fitted offline by
    :meth:`fit` to a recorded membrane trace v[0..T] with its input I[1..T] and spike train, minimising the
    one-step prediction error sum_t (v_pred[t] - v[t])^2 over the steps without a spike (a spike step records
    the reset value, not the prediction), with torch autograd and L-BFGS. The prediction is linear in the three
    parameters, so the problem is a least-squares regression with a unique minimum when the trace excites the
    three regressors (v, I, sigmoid): the approach of Huys, Ahrens & Paninski 2006 (J. Neurophysiol. 96:872)
    for fitting neuron models to voltage recordings. ``kappa``, ``v_half``, the threshold and the reset are
    fixed (given, not learned). The fitted values come back as a new parameter set; the neuron itself, like
    every golden model, runs with frozen parameters.

    Parameters (legal range, default): ``alpha`` [0, 1) (0.9), ``beta`` [-100, 100] (0.1), ``gamma``
    [-100, 100] (0.05), ``f_slope`` kappa (5), ``f_shift`` v_half (0.5), ``v_threshold`` (1), ``v_reset``
    (0, < v_threshold). Input: ``input_current`` I (``step(x)``). Output: ``spike`` 0/1.

    Differences from the seed: the seed called its parameters learnable but had no way to learn them.
    """

    Params = LearnableNeuronParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "1", "input I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_reset}

    @staticmethod
    def derive(p):
        return {"alpha": p.alpha, "beta": p.beta, "gamma": p.gamma, "kappa": p.f_slope, "v_half": p.f_shift,
                "v_th": p.v_threshold, "v_reset": p.v_reset}

    @staticmethod
    def kernel(v, input_current, alpha, beta, gamma, kappa, v_half, v_th, v_reset):
        z = kappa * (v - v_half)
        if z >= 0.0:
            sg = 1.0 / (1.0 + math.exp(-z))
        else:
            e = math.exp(z)
            sg = e / (1.0 + e)
        vn = alpha * v + beta * input_current + gamma * sg
        if vn >= v_th:
            return v_reset, 1
        return vn, 0

    @classmethod
    def fit(cls, input_current, v, spikes, *, init: LearnableNeuronParams | None = None,
            max_iter: int = 100) -> tuple[LearnableNeuronParams, list[float]]:
        """Fit alpha, beta, gamma to a membrane trace (torch autograd + L-BFGS, float64).

        ``v`` has T + 1 values (v[0] the initial state), ``input_current`` and ``spikes`` T values (the input
        and the spike of each step, as ``step`` takes and returns them). ``init`` gives the fixed parameters and
        the starting point (default: the defaults). Returns the fitted parameter set and the loss (mean squared
        one-step error over the non-spike steps) before and after the fit. A fit outside the legal ranges (e.g.
        alpha >= 1) raises the parameter set's ValueError.
        """
        import torch

        p0 = cls.Params() if init is None else init
        i_t = torch.as_tensor(np.asarray(input_current, dtype=float))
        v_t = torch.as_tensor(np.asarray(v, dtype=float))
        s_t = torch.as_tensor(np.asarray(spikes, dtype=float))
        T = i_t.shape[0]
        if v_t.shape != (T + 1,) or s_t.shape != (T,):
            raise ValueError(f"v must have T + 1 = {T + 1} values and spikes T = {T}, got {tuple(v_t.shape)} and "
                             f"{tuple(s_t.shape)}")
        keep = s_t == 0
        if not bool(keep.any()):
            raise ValueError("every step is a spike step: nothing to fit")
        theta = torch.tensor([getattr(p0, k) for k in LEARNED], dtype=torch.float64, requires_grad=True)
        feat = torch.sigmoid(p0.f_slope * (v_t[:-1] - p0.f_shift))

        def loss_fn():
            pred = theta[0] * v_t[:-1] + theta[1] * i_t + theta[2] * feat
            return ((pred - v_t[1:])[keep] ** 2).mean()

        opt = torch.optim.LBFGS([theta], lr=1.0, max_iter=max_iter, tolerance_grad=1e-14,
                                tolerance_change=1e-16, line_search_fn="strong_wolfe")
        with torch.no_grad():
            history = [float(loss_fn())]

        def closure():
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            history.append(float(loss_fn()))
        fitted = dict(zip(LEARNED, (float(x) for x in theta.detach()), strict=True))
        return replace(p0, **fitted), history
