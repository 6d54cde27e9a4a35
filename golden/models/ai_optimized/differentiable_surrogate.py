"""Discrete-time LIF neuron with a fast-sigmoid surrogate gradient, trainable through torch autograd
(project-designed)."""

from __future__ import annotations

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class DifferentiableSurrogateParams(ParamSet):
    alpha: float = param(0.9, units="1", lo=0.0, hi=1.0, doc="membrane decay per step")
    beta: float = param(5.0, units="1/a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="surrogate sharpness")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="spike threshold")
    input_weight: float = param(1.0, units="1", lo=-1000.0, hi=1000.0, doc="weight w of the (scalar) input")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: surrogate gradient learning, "
    "Neftci, Mostafa & Zenke 2019, IEEE Signal Process. Mag. 36(6):51",
    units="dimensionless (discrete time steps)",
    primary="input_current",
    sweep=(0.0, 3.0),
)
class DifferentiableSurrogateNeuron(Neuron):
    """Discrete LIF neuron whose spike has a fast-sigmoid surrogate derivative; trains with torch autograd.

    Project-designed model, no external publication (the seed's ``DifferentiableSurrogateNeuron``; surrogate
    gradients as reviewed by Neftci, Mostafa & Zenke 2019, IEEE Signal Process. Mag. 36(6):51). One step::

        u = alpha v + w . x                  (post-input membrane; x the input, w its weights)
        s = H(u - theta)                     (H(0) = 1: fires when u >= theta)
        v = u (1 - s)                        (reset to 0)

    Surrogate: the backward pass replaces dH/du by the derivative of the fast sigmoid
    sigma_beta(y) = 1/2 + beta y / (2 (1 + beta |y|)) (y = u - theta), i.e.::

        sigma_beta'(y) = beta / (2 (1 + beta |y|)^2)

    which has unit area, so sigma_beta -> H as beta grows. Two torch forwards are provided by
    :func:`surrogate_forward` (torch is imported when it is called; ``import golden`` does not need it):
    ``soft=False`` (training: the spikes are exactly those of this golden model, the gradient uses the
    surrogate) and ``soft=True`` (the spike is replaced by sigma_beta in the forward pass too, a smooth model
    whose autograd gradient is an exact derivative, checked against finite differences). Gradients flow to
    alpha, theta, beta and the input weights w, through all T steps and through the reset.

    The scalar golden model has one input with weight ``input_weight``; :func:`surrogate_forward` takes an
    (T, m) input and m weights. Parameters (legal range, default): ``alpha`` [0, 1] (0.9), ``beta`` (0, 1000]
    (5), ``theta`` (0, 1000] (1), ``input_weight`` [-1000, 1000] (1). Input: ``input_current`` x
    (``step(x)``). Outputs: ``spike`` 0/1, ``surrogate`` sigma_beta'(u - theta) (value).

    Differences from the seed: the seed tested the threshold on the membrane before adding the input (so the
    input of a step could not make it fire), and its "trainable" parameters were plain floats with no autograd.
    """

    Params = DifferentiableSurrogateParams
    state_vars = {"v": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input x"),)
    outputs = (Output("spike"), Output("surrogate", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v": 0.0}

    @staticmethod
    def derive(p):
        return {"alpha": p.alpha, "beta": p.beta, "theta": p.theta, "w_in": p.input_weight}

    @staticmethod
    def kernel(v, input_current, alpha, beta, theta, w_in):
        u = alpha * v + w_in * input_current
        q = 1.0 + beta * abs(u - theta)
        sg = 0.5 * beta / (q * q)
        if u >= theta:
            return 0.0, 1, sg
        return u, 0, sg


_SPIKE_FN = None


def _spike_fn():
    """The torch autograd function: Heaviside forward, fast-sigmoid derivative backward (built on first use)."""
    global _SPIKE_FN
    if _SPIKE_FN is None:
        import torch

        class SpikeFn(torch.autograd.Function):
            @staticmethod
            def forward(ctx, y, beta):
                ctx.save_for_backward(y, beta)
                return (y >= 0).to(y.dtype)

            @staticmethod
            def backward(ctx, grad):
                y, beta = ctx.saved_tensors
                q = 1.0 + beta * y.abs()
                d = 0.5 * beta / (q * q)
                # d sigma_beta / d beta = y / (2 (1 + beta |y|)^2): the surrogate's own parameter gets the
                # matching derivative
                db = y / (2.0 * q * q)
                return grad * d, (grad * db).sum().reshape(beta.shape)

        _SPIKE_FN = SpikeFn
    return _SPIKE_FN


def surrogate_forward(x, weights, alpha, theta, beta, *, soft: bool = False, v0=0.0):
    """Run T steps in torch; returns (spikes (T,), membrane u before the reset (T,)).

    ``x`` (T, m) input tensor, ``weights`` (m,), ``alpha``, ``theta``, ``beta`` scalar tensors (or floats);
    any of them may require grad. ``soft=False``: spikes are 0/1 (identical to the golden kernel) and the
    backward pass uses the surrogate; ``soft=True``: spikes are sigma_beta(u - theta) in (0, 1).
    """
    import torch

    x = torch.as_tensor(x)
    dt = x.dtype if x.is_floating_point() else torch.float64
    x = x.to(dt)
    w = torch.as_tensor(weights, dtype=dt)
    a = torch.as_tensor(alpha, dtype=dt)
    th = torch.as_tensor(theta, dtype=dt)
    b = torch.as_tensor(beta, dtype=dt)
    if x.ndim != 2 or w.shape != (x.shape[1],):
        raise ValueError(f"x must be (T, m) and weights (m,), got {tuple(x.shape)} and {tuple(w.shape)}")
    drive = x @ w
    v = torch.as_tensor(v0, dtype=dt)
    fn = _spike_fn()
    spikes, mem = [], []
    for t in range(x.shape[0]):
        u = a * v + drive[t]
        y = u - th
        s = 0.5 + 0.5 * b * y / (1.0 + b * y.abs()) if soft else fn.apply(y, b)
        v = u * (1.0 - s)
        spikes.append(s)
        mem.append(u)
    return torch.stack(spikes), torch.stack(mem)
