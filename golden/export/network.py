"""The float description of a feed-forward spiking network of LIF layers: what training produces and export reads.

One time step of layer ``l`` (input spikes ``s_in`` in {0, 1}, all layers within the same step, no delay)::

    I      = W @ s_in + bias
    v_next = v + leak * (v_rest - v) + I
    s      = v_next >= threshold
    v      = v_reset where s else v_next

``leak`` = dt / tau_m in (0, 1]. The classifier's answer is the argmax of the last layer's spike counts over
``timesteps`` steps.

The Q8.8 network (the bit-true model :mod:`golden.export.q88` and the RTL network core) computes the same step in
signed 16-bit raw integers with 8 fraction bits (``golden.fixed.qformat.Q8_8``)::

    acc    = sum_j W[i, j] * s_j + bias[i]          (exact, in a wide accumulator)
    I      = sat16(acc)                              (saturate once, at the end)
    dv     = ((v_rest - v) * leak) >> 8              (arithmetic shift: floor)
    v_next = sat16(v + dv + I)
    s      = v_next >= threshold  (signed);   v = v_reset if s else v_next

with ``W``, ``bias``, ``threshold``, ``v_rest``, ``v_reset`` = round-to-nearest(x * 256) (an error, naming the layer and
parameter, when a value does not fit Q8.8) and ``leak`` = round(leak * 256) in [1, 256]. Quantisation-aware training
keeps the float values inside Q8.8's range and emulates this arithmetic exactly in its evaluation forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class LIFLayerSpec:
    weight: np.ndarray  # float (n_out, n_in)
    leak: float  # dt / tau_m in (0, 1]
    threshold: float
    v_rest: float = 0.0
    v_reset: float = 0.0
    bias: np.ndarray | None = None  # float (n_out,) or None

    def __post_init__(self) -> None:
        w = np.asarray(self.weight, dtype=np.float64)
        if w.ndim != 2:
            raise ValueError(f"weight must be a 2-D (n_out, n_in) array, got shape {w.shape}")
        if not np.all(np.isfinite(w)):
            raise ValueError("weight must be finite")
        if not 0.0 < self.leak <= 1.0:
            raise ValueError(f"leak (dt/tau_m) must be in (0, 1], got {self.leak}")
        object.__setattr__(self, "weight", w)
        if self.bias is not None:
            b = np.asarray(self.bias, dtype=np.float64)
            if b.shape != (w.shape[0],):
                raise ValueError(f"bias must have shape ({w.shape[0]},), got {b.shape}")
            object.__setattr__(self, "bias", b)

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])


@dataclass(frozen=True)
class NetworkSpec:
    layers: tuple[LIFLayerSpec, ...]
    timesteps: int
    dt: float = 1e-3  # seconds per step (NIR needs physical time constants)
    name: str = "network"
    meta: dict = field(default_factory=dict)  # free-form provenance (dataset, seed, accuracy)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        if not self.layers:
            raise ValueError("a network needs at least one layer")
        for i in range(1, len(self.layers)):
            if self.layers[i].n_in != self.layers[i - 1].n_out:
                raise ValueError(f"layer {i} has n_in={self.layers[i].n_in} but layer {i - 1} has "
                                 f"n_out={self.layers[i - 1].n_out}")
        if self.timesteps < 1:
            raise ValueError(f"timesteps must be >= 1, got {self.timesteps}")
        if not self.dt > 0:
            raise ValueError(f"dt must be > 0, got {self.dt}")

    def run(self, spikes_in: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Float reference: ``spikes_in`` (timesteps, n_in) 0/1 -> (output spike counts, per-layer v traces)."""
        x = np.asarray(spikes_in)
        if x.ndim != 2 or x.shape[1] != self.layers[0].n_in:
            raise ValueError(f"spikes_in must have shape (T, {self.layers[0].n_in}), got {x.shape}")
        vs = [np.full(layer.n_out, layer.v_rest) for layer in self.layers]
        traces = [np.zeros((x.shape[0], layer.n_out)) for layer in self.layers]
        counts = np.zeros(self.layers[-1].n_out, dtype=np.int64)
        for t in range(x.shape[0]):
            s = x[t].astype(np.float64)
            for li, layer in enumerate(self.layers):
                current = layer.weight @ s + (layer.bias if layer.bias is not None else 0.0)
                v_next = vs[li] + layer.leak * (layer.v_rest - vs[li]) + current
                fired = v_next >= layer.threshold
                vs[li] = np.where(fired, layer.v_reset, v_next)
                traces[li][t] = vs[li]
                s = fired.astype(np.float64)
            counts += s.astype(np.int64)
        return counts, traces
