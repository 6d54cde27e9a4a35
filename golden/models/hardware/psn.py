"""Sliding parallel spiking neuron (PSN) of order k (Fang et al. 2023), stepped with a ring buffer."""

from __future__ import annotations

import math
from dataclasses import field

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Vector
from golden.registry import register


@params_dataclass
class ParallelSpikingParams(ParamSet):
    order: int = param(8, units="steps", lo=1, hi=4096, integer=True, doc="k: number of past inputs in H[t]")
    v_threshold: float = param(1.0, units="1", doc="threshold B: spike when H[t] >= B")
    gain: float = param(0.125, units="1", doc="weight of the newest input when weights are not given")
    decay: float = param(1.0, units="1", lo=0.0, hi=1.0, lo_open=True,
                         doc="geometric weights when weights are not given: w_i = gain * decay^(k-1-i)")
    weights: tuple | None = field(default=None, metadata={
        "units": "1", "doc": "explicit weights (w_0 .. w_{k-1}), w_{k-1} multiplies the newest input; "
        "None: the geometric weights of gain and decay"})

    def check(self) -> None:
        if self.weights is not None:
            w = self.weights
            if not isinstance(w, tuple) or len(w) != self.order:
                raise ValueError(f"weights must be a tuple of order={self.order} numbers, got {w!r}")
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in w):
                raise ValueError(f"weights must be finite numbers, got {w!r}")

    def weight_vector(self) -> np.ndarray:
        """The k weights ``w_0 .. w_{k-1}`` in the paper's order (``w_{k-1}`` weights the newest input)."""
        if self.weights is not None:
            return np.array(self.weights, dtype=np.float64)
        return self.gain * self.decay ** np.arange(self.order - 1, -1, -1, dtype=np.float64)


def psn_matrix(weights: np.ndarray, steps: int) -> np.ndarray:
    """The paper's T x T weight matrix of the sliding PSN: ``W[t, j] = w_{j - t + k - 1}`` for ``t-k < j <= t``."""
    k = len(weights)
    w = np.zeros((steps, steps))
    for t in range(steps):
        for i in range(k):
            j = t - k + 1 + i
            if j >= 0:
                w[t, j] = weights[i]
    return w


@register(
    family="hardware",
    reference="Fang et al. 2023, NeurIPS (Parallel spiking neurons with high efficiency and ability to learn "
    "long-term dependencies): sliding PSN",
    units="dimensionless",
    primary="input_current",
    sweep=(0.0, 2.0),
)
class ParallelSpikingNeuron(Neuron):
    """Sliding parallel spiking neuron of order k (Fang et al. 2023, NeurIPS), as a stepped model.

    The PSN drops the reset so that the hidden state is a LINEAR function of the inputs and all time steps can
    be computed in parallel: ``H = W X``, ``S = Theta(H - B)``. The sliding PSN of order k shares k weights
    across time, ``H[t] = sum_{i=0}^{k-1} w_i X[t - k + 1 + i]`` (inputs before t = 0 are 0), so W is a banded
    (Toeplitz) lower-triangular matrix (:func:`psn_matrix`). This stepped form keeps the last k inputs in a
    ring buffer (``Vector(float, "order")``)::

        buffer[pos] = X[t];   H[t] = sum_i w_i * buffer[(pos - (k - 1 - i)) mod k];   pos = (pos + 1) mod k
        spike = 1 if H[t] >= B else 0

    and is equal to the matrix form step by step (up to the floating-point summation order).

    Parameters: ``order`` k (1..4096), ``v_threshold`` B, and the weights: an explicit tuple ``weights`` of k
    numbers, or (default) geometric weights ``w_i = gain * decay^(k-1-i)`` (``gain`` 1/8 and ``decay`` 1: the
    seed's moving average of the last 8 inputs). Input ``input_current`` X[t]; output spike 0/1; state: the
    buffer, the write position ``pos`` and ``h`` (H of the last step). The seed cleared its buffer after a
    spike; the PSN has no reset (that is what makes it parallel), so neither does this model.
    """

    Params = ParallelSpikingParams
    state_vars = {"buffer": Vector(float, "order"), "pos": int, "h": float}
    inputs = (Input("input_current", 0.0, "1", "input X[t]"),)

    @staticmethod
    def initial_state(p):
        return {"buffer": np.zeros(p.order), "pos": 0, "h": 0.0}

    @staticmethod
    def derive(p):
        return {"w": p.weight_vector(), "order": p.order, "v_th": p.v_threshold}

    @staticmethod
    def kernel(buffer, pos, h, input_current, w, order, v_th):
        buffer[pos] = input_current
        h = 0.0
        j = pos + 1
        for i in range(order):
            if j == order:
                j = 0
            h += w[i] * buffer[j]
            j += 1
        pos = pos + 1
        if pos == order:
            pos = 0
        if h >= v_th:
            return buffer, pos, h, 1
        return buffer, pos, h, 0
