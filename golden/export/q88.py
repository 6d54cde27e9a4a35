"""The bit-true Q8.8 network: a :class:`~golden.export.network.NetworkSpec` quantised to raw integers, and its step.

This is the golden model of the RTL network core. Quantisation (``golden.fixed.qformat.Q8_8``, signed 16-bit, 8
fraction bits, no per-layer normalisation: a weight of -0.5 is raw -128 in every layer)::

    W, bias, threshold, v_rest, v_reset = round-to-nearest(x * 2^8)   an error when outside [-32768, 32767]
    leak                                = round-to-nearest(leak * 2^8) an error when outside [1, 2^8]

Nothing is clipped: a value that does not fit raises :class:`ValueError` naming the layer, the parameter (and the
element), the value and the representable range.

One time step, all layers in order within the step (the spikes of layer ``l`` at step ``t`` feed layer ``l + 1`` at
the same step), every value a raw two's-complement integer; this is the step of the
:mod:`golden.export.network` docstring::

    acc    = sum_j W[i, j] * s_j + bias[i]          exact (64-bit here; the RTL's accumulator is wide enough)
    I      = sat16(acc)                              saturate once, after the whole sum
    dv     = ((v_rest - v) * leak) >> 8              arithmetic shift: floor toward minus infinity
    v_next = sat16(v + dv + I)
    s      = v_next >= threshold                     signed compare
    v      = v_reset if s else v_next

Every membrane starts at ``v_rest`` (as :meth:`NetworkSpec.run` does). :meth:`QuantNetwork.run` returns the last
layer's spike counts plus, per layer and step, the spikes and the membrane value AFTER the step (the value the
RTL's state register holds after the clock that computes step ``t``, i.e. ``v_reset`` on a spike), which is what the
RTL scoreboard compares. :meth:`QuantNetwork.run_batch` is the same arithmetic vectorised over samples (the
digit test set, 360 samples, runs in well under a second); :func:`fxp_layer_step` is an independent formulation
with fxpmath used only to cross-check the integer step.

Example
-------
>>> import numpy as np
>>> from golden.export.network import LIFLayerSpec, NetworkSpec
>>> spec = NetworkSpec((LIFLayerSpec(np.array([[0.75, 0.5]]), leak=0.25, threshold=1.0),), timesteps=3)
>>> q = QuantNetwork.from_spec(spec)
>>> q.layers[0].weight.tolist(), q.layers[0].leak, q.layers[0].threshold
([[192, 128]], 64, 256)
>>> r = q.run(np.array([[1, 0], [1, 0], [1, 1]]))
>>> r.v[0][:, 0].tolist(), r.spikes[0][:, 0].tolist(), r.counts.tolist()
([192, 0, 0], [0, 1, 1], [2])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.fixed.qformat import Q8_8

FMT = Q8_8
LEAK_MIN = 1
LEAK_MAX = Q8_8.one  # leak = 1.0: v jumps to v_rest + I every step
_SCALARS = ("threshold", "v_rest", "v_reset")


def _range_text() -> str:
    return (f"raw [{FMT.min_raw}, {FMT.max_raw}], i.e. real [{FMT.to_float(FMT.min_raw)!r}, "
            f"{FMT.to_float(FMT.max_raw)!r}] in steps of {FMT.lsb!r}")


def quantise(x: Any, layer: int, param: str) -> Any:
    """Real value(s) -> raw Q8.8 (round to nearest); an error naming layer, parameter, element, value and range."""
    arr = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        idx = tuple(int(i) for i in np.argwhere(~np.isfinite(arr))[0]) if arr.ndim else ()
        raise ValueError(f"layer {layer} {param}{list(idx) if idx else ''} = {float(arr[idx])!r} is not finite")
    raw = np.floor(arr * FMT.one + 0.5)
    bad = (raw < FMT.min_raw) | (raw > FMT.max_raw)
    if np.any(bad):
        idx = tuple(int(i) for i in np.argwhere(bad)[0]) if arr.ndim else ()
        raise ValueError(
            f"layer {layer} {param}{list(idx) if idx else ''} = {float(arr[idx])!r} does not fit {FMT.name} "
            f"({_range_text()}); values are never clipped: rescale the layer or train with the Q8.8 range constraint"
        )
    # the one quantiser of the project does the conversion; the check above only locates the element for the message
    return FMT.to_raw(arr, name=f"layer {layer} {param}")


def quantise_leak(leak: float, layer: int) -> int:
    raw = quantise(leak, layer, "leak")
    if not LEAK_MIN <= raw <= LEAK_MAX:
        raise ValueError(
            f"layer {layer} leak = {leak!r} (dt/tau_m) quantises to raw {raw}, outside [{LEAK_MIN}, {LEAK_MAX}] "
            f"(real [{FMT.to_float(LEAK_MIN)!r}, 1.0]): tau_m is longer than {LEAK_MAX * 2} steps, which Q8.8 "
            f"cannot represent"
        )
    return int(raw)


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.int64)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class QuantLayer:
    """One LIF layer in raw Q8.8 integers (``weight`` (n_out, n_in), ``bias`` (n_out,), scalars)."""

    weight: np.ndarray
    bias: np.ndarray
    leak: int
    threshold: int
    v_rest: int = 0
    v_reset: int = 0

    def __post_init__(self) -> None:
        w = np.asarray(self.weight)
        if w.ndim != 2:
            raise ValueError(f"weight must be a 2-D (n_out, n_in) raw array, got shape {w.shape}")
        FMT.check_raw(w, "weight")
        b = np.asarray(self.bias)
        if b.shape != (w.shape[0],):
            raise ValueError(f"bias must have shape ({w.shape[0]},), got {b.shape}")
        FMT.check_raw(b, "bias")
        for name in _SCALARS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError(f"{name} must be a raw integer, got {value!r}")
            FMT.check_raw(int(value), name)
            object.__setattr__(self, name, int(value))
        if isinstance(self.leak, bool) or not isinstance(self.leak, int | np.integer) or \
                not LEAK_MIN <= self.leak <= LEAK_MAX:
            raise ValueError(f"leak must be a raw integer in [{LEAK_MIN}, {LEAK_MAX}], got {self.leak!r}")
        object.__setattr__(self, "leak", int(self.leak))
        object.__setattr__(self, "weight", _frozen(w))
        object.__setattr__(self, "bias", _frozen(b))

    @property
    def n_in(self) -> int:
        return int(self.weight.shape[1])

    @property
    def n_out(self) -> int:
        return int(self.weight.shape[0])

    @classmethod
    def from_spec(cls, layer: LIFLayerSpec, index: int = 0) -> QuantLayer:
        bias = layer.bias if layer.bias is not None else np.zeros(layer.n_out)
        return cls(
            weight=quantise(layer.weight, index, "weight"),
            bias=quantise(bias, index, "bias"),
            leak=quantise_leak(layer.leak, index),
            **{name: int(quantise(getattr(layer, name), index, name)) for name in _SCALARS},
        )

    def to_spec(self) -> LIFLayerSpec:
        """The float layer whose values are exactly these raw values (quantising it again gives this layer)."""
        return LIFLayerSpec(
            weight=FMT.to_float(self.weight), leak=FMT.to_float(self.leak), threshold=FMT.to_float(self.threshold),
            v_rest=FMT.to_float(self.v_rest), v_reset=FMT.to_float(self.v_reset), bias=FMT.to_float(self.bias),
        )

    def step(self, v: np.ndarray, s_in: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One step for a batch: ``v`` (..., n_out) raw, ``s_in`` (..., n_in) 0/1 -> (spikes, v after the step)."""
        s = np.asarray(s_in, dtype=np.int64)
        acc = s @ self.weight.T + self.bias  # exact: |acc| <= 32768 * (n_in + 1)
        current = FMT.saturate(acc)
        dv = ((self.v_rest - v) * self.leak) >> FMT.frac  # numpy >> on int64 is arithmetic (floor)
        v_next = FMT.saturate(v + dv + current)
        fired = v_next >= self.threshold
        return fired.astype(np.uint8), np.where(fired, self.v_reset, v_next)

    def equals(self, other: QuantLayer) -> bool:
        return (np.array_equal(self.weight, other.weight) and np.array_equal(self.bias, other.bias)
                and all(getattr(self, k) == getattr(other, k) for k in ("leak", *_SCALARS)))


@dataclass(frozen=True)
class QuantRun:
    """Result of one sample: ``counts`` (n_out of the last layer); per layer ``spikes`` (T, n) uint8 and ``v``
    (T, n) int64, the membrane after step t."""

    counts: np.ndarray
    spikes: list[np.ndarray]
    v: list[np.ndarray]


@dataclass(frozen=True)
class QuantBatchRun:
    """Result of a batch: ``counts`` (B, n_out); ``spikes`` / ``v`` per layer (B, T, n), empty unless traced."""

    counts: np.ndarray
    spikes: list[np.ndarray] = field(default_factory=list)
    v: list[np.ndarray] = field(default_factory=list)


@dataclass(frozen=True)
class QuantNetwork:
    """A feed-forward network of :class:`QuantLayer` with the step of the module docstring."""

    layers: tuple[QuantLayer, ...]
    timesteps: int
    dt: float = 1e-3
    name: str = "network"
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        if not self.layers:
            raise ValueError("a network needs at least one layer")
        for i in range(1, len(self.layers)):
            if self.layers[i].n_in != self.layers[i - 1].n_out:
                raise ValueError(f"layer {i} has n_in={self.layers[i].n_in} but layer {i - 1} has "
                                 f"n_out={self.layers[i - 1].n_out}")
        if isinstance(self.timesteps, bool) or not isinstance(self.timesteps, int | np.integer) or self.timesteps < 1:
            raise ValueError(f"timesteps must be an integer >= 1, got {self.timesteps!r}")
        object.__setattr__(self, "timesteps", int(self.timesteps))
        if not (np.isfinite(self.dt) and self.dt > 0):
            raise ValueError(f"dt must be finite and > 0, got {self.dt!r}")

    @classmethod
    def from_spec(cls, spec: NetworkSpec) -> QuantNetwork:
        return cls(tuple(QuantLayer.from_spec(layer, i) for i, layer in enumerate(spec.layers)),
                   timesteps=spec.timesteps, dt=spec.dt, name=spec.name, meta=dict(spec.meta))

    def to_spec(self) -> NetworkSpec:
        return NetworkSpec(tuple(layer.to_spec() for layer in self.layers), timesteps=self.timesteps, dt=self.dt,
                           name=self.name, meta=dict(self.meta))

    @property
    def n_in(self) -> int:
        return self.layers[0].n_in

    @property
    def n_out(self) -> int:
        return self.layers[-1].n_out

    @property
    def shape(self) -> tuple[int, ...]:
        return (self.n_in, *(layer.n_out for layer in self.layers))

    def equals(self, other: QuantNetwork) -> bool:
        """Same raw parameters, shapes, timesteps and dt (name and meta are provenance, not compared)."""
        return (len(self.layers) == len(other.layers) and self.timesteps == other.timesteps
                and self.dt == other.dt and all(a.equals(b) for a, b in zip(self.layers, other.layers, strict=True)))

    def initial_state(self, batch: tuple[int, ...] = ()) -> list[np.ndarray]:
        return [np.full((*batch, layer.n_out), layer.v_rest, dtype=np.int64) for layer in self.layers]

    def step(self, v: list[np.ndarray], s_in: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """One step of every layer: (membranes per layer, input spikes) -> (new membranes, spikes per layer)."""
        s = np.asarray(s_in)
        new_v, spikes = [], []
        for layer, v_l in zip(self.layers, v, strict=True):
            s, v_l = layer.step(v_l, s)
            new_v.append(v_l)
            spikes.append(s)
        return new_v, spikes

    def _check_input(self, x: np.ndarray, batched: bool) -> np.ndarray:
        x = np.asarray(x)
        want = "(B, T, n_in)" if batched else "(T, n_in)"
        if x.ndim != (3 if batched else 2) or x.shape[-1] != self.n_in:
            raise ValueError(f"spikes_in must have shape {want} with n_in={self.n_in}, got {x.shape}")
        if x.size and not np.all((x == 0) | (x == 1)):
            raise ValueError("spikes_in must hold only 0 and 1")
        return x.astype(np.int64)

    def run(self, spikes_in: np.ndarray) -> QuantRun:
        """One sample, ``spikes_in`` (T, n_in) of 0/1 -> counts and per-layer traces (see :class:`QuantRun`)."""
        x = self._check_input(spikes_in, batched=False)
        r = self.run_batch(x[None], trace=True)
        return QuantRun(counts=r.counts[0], spikes=[s[0] for s in r.spikes], v=[v[0] for v in r.v])

    def run_batch(self, spikes_in: np.ndarray, trace: bool = False) -> QuantBatchRun:
        """Many samples at once, ``spikes_in`` (B, T, n_in) -> counts (B, n_out) [and (B, T, n) traces]."""
        x = self._check_input(spikes_in, batched=True)
        n_batch, n_steps = x.shape[:2]
        v = self.initial_state((n_batch,))
        counts = np.zeros((n_batch, self.n_out), dtype=np.int64)
        spk_tr = [np.zeros((n_batch, n_steps, layer.n_out), np.uint8) for layer in self.layers] if trace else []
        v_tr = [np.zeros((n_batch, n_steps, layer.n_out), np.int64) for layer in self.layers] if trace else []
        for t in range(n_steps):
            v, spikes = self.step(v, x[:, t])
            counts += spikes[-1]
            if trace:
                for li in range(len(self.layers)):
                    spk_tr[li][:, t] = spikes[li]
                    v_tr[li][:, t] = v[li]
        return QuantBatchRun(counts=counts, spikes=spk_tr, v=v_tr)

    def classify(self, spikes_in: np.ndarray) -> np.ndarray:
        """Argmax of the output spike counts per sample (ties: the lowest index, as ``np.argmax``)."""
        return np.argmax(self.run_batch(spikes_in).counts, axis=1)


def run_float_batch(spec: NetworkSpec, spikes_in: np.ndarray) -> np.ndarray:
    """The float step of :class:`NetworkSpec` over a batch (B, T, n_in) -> output counts (B, n_out).

    Same arithmetic as :meth:`NetworkSpec.run` (vectorised over samples), for float-vs-Q8.8 comparisons.
    """
    x = np.asarray(spikes_in, dtype=np.float64)
    if x.ndim != 3 or x.shape[2] != spec.layers[0].n_in:
        raise ValueError(f"spikes_in must have shape (B, T, {spec.layers[0].n_in}), got {x.shape}")
    vs = [np.full((x.shape[0], layer.n_out), layer.v_rest) for layer in spec.layers]
    counts = np.zeros((x.shape[0], spec.layers[-1].n_out), dtype=np.int64)
    for t in range(x.shape[1]):
        s = x[:, t]
        for li, layer in enumerate(spec.layers):
            current = s @ layer.weight.T + (layer.bias if layer.bias is not None else 0.0)
            v_next = vs[li] + layer.leak * (layer.v_rest - vs[li]) + current
            fired = v_next >= layer.threshold
            vs[li] = np.where(fired, layer.v_reset, v_next)
            s = fired.astype(np.float64)
        counts += s.astype(np.int64)
    return counts


def fxp_layer_step(layer: QuantLayer, v: np.ndarray, s_in: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One step of one layer written with fxpmath: an independent formulation, used only to cross-check
    :meth:`QuantLayer.step`.

    Values are real fixed-point numbers: the weighted sum is held exactly in a 48-bit word and then stored into a
    16-bit Q8.8 word with ``overflow='saturate'``; the leak product (16 fraction bits) is stored with 8 fraction bits
    and ``rounding='floor'``; the new membrane is stored with ``overflow='saturate'``. Returns raw (spikes, v).
    """
    from fxpmath import Fxp

    word, frac = FMT.word, FMT.frac
    one = float(FMT.one)

    def fx(value: Any, n_word: int, overflow: str = "saturate") -> Any:
        return Fxp(value, signed=True, n_word=n_word, n_frac=frac, overflow=overflow, rounding="floor")

    def real(x: Any) -> np.ndarray:
        return np.asarray(x.get_val(), dtype=np.float64)

    def from_raw(raw: Any, n_word: int = word) -> Any:
        return Fxp(None, signed=True, n_word=n_word, n_frac=frac).set_val(np.asarray(raw, dtype=np.int64), raw=True)

    s = np.asarray(s_in, dtype=np.float64)
    w = real(from_raw(layer.weight))
    acc = fx(s @ w.T + real(from_raw(layer.bias)), 48)  # exact: 48 bits hold any sum of <= 2^15 products
    current = fx(real(acc), word)
    v_f = real(from_raw(v))
    dv = fx((layer.v_rest / one - v_f) * (layer.leak / one), 48)  # floor to 8 fraction bits
    v_next = fx(v_f + real(dv) + real(current), word)
    v_raw = np.asarray(v_next.val, dtype=np.int64)
    fired = v_raw >= layer.threshold
    return fired.astype(np.uint8), np.where(fired, layer.v_reset, v_raw)
