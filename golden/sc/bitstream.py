"""Bit-packed stochastic bitstreams: encoding, arithmetic, sequential elements and correlation.

Representation
--------------
A stream of N bits is a numpy ``uint64`` array of ceil(N/64) words: bit t of the stream is bit t % 64 of word
t // 64 (LSB first); the bits of the last word past N are zero. A batch of streams is an array of shape
(..., words) (usually streams x words); :class:`Bitstream` carries the words and N together. Every operation
broadcasts the leading (batch) axes like numpy, checks that the lengths agree, and keeps the tail zero.

Encodings (Gaines 1969; Alaghi & Hayes 2013 ACM TECS 12(2s):92 "Survey of stochastic computing")
----------------------------------------------------------------------------------------------------
* unipolar: x in [0, 1] is represented by P(bit = 1) = x; decoded as popcount / N;
* bipolar:  y in [-1, 1] is represented by P(bit = 1) = (y + 1) / 2; decoded as 2 popcount / N - 1.

A value outside its range is an error (never clipped).

Number sources (:class:`NumberSource`)
--------------------------------------
A stochastic number generator compares a number sequence r_t with a constant: bit_t = [r_t < x_raw].

* :class:`LfsrSource`: bit-true to the RTL ``sc_sng`` (``golden.fixed.lfsr``): r_t is the state of a ``width``-bit
  Fibonacci LFSR during cycle t (r_0 = the seed), x_raw = round(p 2^width) is the ``width``-bit ``x_i``.
  Quantisation and bias: the LFSR never visits 0, so over a full period (2^width - 1 cycles)
  P = max(x_raw - 1, 0) / (2^width - 1) = p - (1 - p)/(2^width - 1) + e/(2^width - 1) for x_raw >= 1, with the
  rounding error e = x_raw - p 2^width in [-1/2, 1/2]: a bias of at most 1/(2^width - 1) (1.5e-5 at 16 bits)
  towards 0. p >= 1 - 2^-(width+1) rounds to 2^width, which does not fit ``x_i``: an error (a ``width``-bit LFSR
  SNG cannot produce P = 1). Shorter windows than the period add the window's own fluctuation.
  Two :class:`LfsrSource` objects with different seeds give two (phase-shifted) m-sequences, nearly independent;
  ONE object used for both operands gives maximally correlated streams (SCC = +1: AND computes min(a, b)).
* :class:`SobolSource`: bit-true model of the future ``sc_sobol`` (:mod:`golden.sc.sobol`): r_t is the t-th point of
  one Sobol dimension (optionally digitally shifted), x_raw = round(p 2^width) in [0, 2^width] (a ``width + 1``-bit
  operand, so that p = 1 is representable).
* :class:`BernoulliSource`: the ideal random reference (not hardware): r_t uniform in [0, 1) from a numpy
  ``Generator`` seeded per instance, bit_t = [r_t < p] with p unquantised; every call draws fresh numbers.

Deterministic sources (LFSR, Sobol) restart from their reset state for every encode call: every stream of a batch
is what a freshly reset SNG produces. :func:`encode_shared` encodes several operands from ONE draw of numbers
(maximal positive correlation, also for the Bernoulli source).

Arithmetic (combinational, bitwise on packed words)
---------------------------------------------------
* :func:`mul_and`   unipolar multiply, P = pa pb for independent streams (min(pa, pb) for SCC = +1);
* :func:`mul_xnor`  bipolar multiply, y = ya yb for independent streams;
* :func:`mux_add`   scaled addition out = sel ? a : b, P = ps pa + (1 - ps) pb, (pa + pb)/2 for ps = 1/2;
* :func:`invert`    NOT: unipolar 1 - p, bipolar -y.

Sequential elements (bit-serial kernels over the batch, compiled with numba on first use)
-----------------------------------------------------------------------------------------
* :func:`cordiv`    CORDIV divider (Chen & Hayes 2016): z_t = y_t ? x_t : z_(t-1), P(z) = P(x)/P(y) when x and y
  are positively correlated (SCC = +1) with P(x) <= P(y);
* :func:`fsm_tanh`  the K-state saturating up/down counter of Brown & Card 2001: y_out ~ tanh(K/2 y_in);
* :func:`delay`     isolator (d flip-flops, decorrelation), :func:`window_count` the windowed counter.

Correlation: :func:`scc`, the stochastic cross-correlation of Alaghi & Hayes 2013 (IEEE ICCD, "Exploiting
correlation in stochastic circuit design").
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from golden.fixed.lfsr import LFSR16_SEED, LFSR16_TAPS, Lfsr
from golden.fixed.qformat import QFormat
from golden.sc.sobol import Sobol

WORD_BITS = 64
_ONES = np.uint64(0xFFFF_FFFF_FFFF_FFFF)


def n_words(n: int) -> int:
    """Number of 64-bit words of an N-bit stream: ceil(N / 64)."""
    return -(-n // WORD_BITS)


def tail_mask(n: int) -> np.uint64:
    """Mask of the valid bits of the last word of an N-bit stream."""
    r = n % WORD_BITS
    return _ONES if r == 0 else np.uint64((1 << r) - 1)


def _check_length(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"stream length must be an integer >= 1, got {n!r}")
    return int(n)


class Encoding(enum.Enum):
    """How a stream's probability P(bit = 1) represents a value."""

    UNIPOLAR = "unipolar"  # x = P, x in [0, 1]
    BIPOLAR = "bipolar"  # y = 2P - 1, y in [-1, 1]


def _encoding(e: Encoding | str) -> Encoding:
    try:
        return Encoding(e)
    except ValueError:
        raise ValueError(f"encoding must be one of {[m.value for m in Encoding]}, got {e!r}") from None


@dataclass(frozen=True)
class Bitstream:
    """N-bit stream(s), packed: ``words`` has shape batch + (ceil(N/64),), dtype uint64, tail bits zero."""

    words: np.ndarray
    n: int

    def __post_init__(self) -> None:
        n = _check_length(self.n)
        w = self.words
        if not isinstance(w, np.ndarray) or w.dtype != np.uint64:
            raise ValueError(f"words must be a numpy uint64 array, got {type(w).__name__} "
                             f"{getattr(w, 'dtype', '')}")
        if w.ndim < 1 or w.shape[-1] != n_words(n):
            raise ValueError(f"a {n}-bit stream has {n_words(n)} words on the last axis, got shape {w.shape}")
        if n % WORD_BITS and np.any(w[..., -1] & ~tail_mask(n)):
            raise ValueError(f"bits past the stream length {n} must be zero (tail of the last word)")
        object.__setattr__(self, "n", n)

    @property
    def batch_shape(self) -> tuple[int, ...]:
        return self.words.shape[:-1]

    def __getitem__(self, idx: Any) -> Bitstream:
        """Select streams of the batch (the index applies to the batch axes only)."""
        if self.words.ndim < 2:
            raise IndexError("a single stream has no batch axis to index")
        idx = idx if isinstance(idx, tuple) else (idx,)
        if any(i is Ellipsis for i in idx):
            raise IndexError("Ellipsis is not supported when indexing a Bitstream batch")
        return Bitstream(self.words[(*idx, slice(None))], self.n)


def _same_length(*streams: Bitstream) -> int:
    for s in streams:
        if not isinstance(s, Bitstream):
            raise TypeError(f"expected Bitstream arguments, got {type(s).__name__}")
    ns = {s.n for s in streams}
    if len(ns) != 1:
        raise ValueError(f"stream lengths differ: {[s.n for s in streams]}")
    return streams[0].n


# ---------------------------------------------------------------------------------------------------------------
# pack / unpack / count


def pack(bits: Any) -> Bitstream:
    """0/1 (or bool) array of shape batch + (N,) -> :class:`Bitstream` (LSB-first within each word)."""
    b = np.asarray(bits)
    if b.ndim < 1 or b.shape[-1] < 1:
        raise ValueError(f"bits must have at least one bit on the last axis, got shape {b.shape}")
    if b.dtype != np.bool_:
        if not (np.issubdtype(b.dtype, np.integer) or np.issubdtype(b.dtype, np.floating)):
            raise ValueError(f"bits must be 0/1 numbers or booleans, got dtype {b.dtype}")
        bad = (b != 0) & (b != 1)
        if np.any(bad):
            raise ValueError(f"bits must be 0 or 1, got {b[bad].flat[0]!r}")
    n = b.shape[-1]
    by = np.packbits(b.astype(bool, copy=False), axis=-1, bitorder="little")
    pad = n_words(n) * 8 - by.shape[-1]
    if pad:
        by = np.concatenate([by, np.zeros(b.shape[:-1] + (pad,), np.uint8)], axis=-1)
    words = np.ascontiguousarray(by).view("<u8").astype(np.uint64, copy=False)
    return Bitstream(np.ascontiguousarray(words), n)


def unpack(bs: Bitstream) -> np.ndarray:
    """:class:`Bitstream` -> uint8 0/1 array of shape batch + (N,)."""
    by = np.ascontiguousarray(bs.words.astype("<u8", copy=False)).view(np.uint8)
    return np.unpackbits(by, axis=-1, count=bs.n, bitorder="little")


def _scalar(a: np.ndarray) -> Any:
    return a[()] if a.ndim == 0 else a


def popcount(bs: Bitstream) -> Any:
    """Number of ones per stream (int64, batch shape; a numpy scalar for a single stream)."""
    return _scalar(np.bitwise_count(bs.words).sum(axis=-1, dtype=np.int64))


def decode(bs: Bitstream, *, encoding: Encoding | str = Encoding.UNIPOLAR) -> Any:
    """Value of each stream: unipolar c/N, bipolar 2c/N - 1 with c = popcount."""
    p = np.asarray(popcount(bs), dtype=np.float64) / bs.n
    return _scalar(p if _encoding(encoding) is Encoding.UNIPOLAR else 2.0 * p - 1.0)


# ---------------------------------------------------------------------------------------------------------------
# number sources and encoding


class NumberSource(abc.ABC):
    """Numbers r_t and the comparator operand: a stream is bit_t = [r_t < x_raw(p)]."""

    @abc.abstractmethod
    def quantise(self, p: np.ndarray) -> np.ndarray:
        """Probabilities (already checked to lie in [0, 1]) -> comparator operands."""

    @abc.abstractmethod
    def numbers(self, n: int, batch_shape: tuple[int, ...]) -> np.ndarray:
        """r_0..r_(n-1), broadcastable to batch_shape + (n,)."""


@lru_cache(maxsize=16)
def _lfsr_period(width: int, taps: int, seed: int) -> np.ndarray:
    states = Lfsr(width, taps, seed).period_states()
    states.setflags(write=False)
    return states


class LfsrSource(NumberSource):
    """``sc_sng``: r_t = LFSR state during cycle t after reset (r_0 = seed); x_raw = round(p 2^width), width bits.

    Bit-true to :func:`golden.fixed.lfsr.sng_bits` with the enable held high: the stream bit t is the SNG output
    register after the t-th clock edge. Widths up to 20 bits (the period is tabulated once and cached).
    """

    def __init__(self, width: int = 16, taps: int = LFSR16_TAPS, seed: int = LFSR16_SEED) -> None:
        if width > 20:
            raise ValueError(f"LfsrSource tabulates the LFSR period: width must be <= 20, got {width}")
        Lfsr(width, taps, seed)  # validates width, taps and seed
        self.width, self.taps, self.seed = width, taps, seed
        self.qformat = QFormat(word=width + 1, frac=width, signed=False)

    def __repr__(self) -> str:
        return f"LfsrSource(width={self.width}, taps={self.taps:#x}, seed={self.seed:#x})"

    @property
    def period(self) -> np.ndarray:
        """The LFSR states of one period, starting at the seed."""
        return _lfsr_period(self.width, self.taps, self.seed)

    def quantise(self, p: np.ndarray) -> np.ndarray:
        raw = np.asarray(self.qformat.to_raw(p, name="p"))
        top = (1 << self.width) - 1
        if raw.size and raw.max() > top:
            bad = np.asarray(p)[raw > top].flat[0]
            raise ValueError(f"p={bad!r} rounds to x_raw={1 << self.width}, which does not fit the {self.width}-bit "
                             f"x_i of sc_sng; a {self.width}-bit LFSR SNG represents p < 1 - 2^-{self.width + 1}")
        return raw

    def numbers(self, n: int, batch_shape: tuple[int, ...]) -> np.ndarray:
        per = self.period
        return per[np.arange(n) % per.size]


class SobolSource(NumberSource):
    """Future ``sc_sobol``: r_t = point t of Sobol dimension ``dim`` (XOR the digital ``shift``);
    x_raw = round(p 2^width) in [0, 2^width]."""

    def __init__(self, width: int = 16, dim: int = 1, shift: int = 0) -> None:
        self.gen = Sobol(width, dim, shift)
        self.width, self.dim, self.shift = width, dim, shift
        self.qformat = QFormat(word=width + 1, frac=width, signed=False)

    def __repr__(self) -> str:
        return f"SobolSource(width={self.width}, dim={self.dim}, shift={self.shift:#x})"

    def quantise(self, p: np.ndarray) -> np.ndarray:
        return np.asarray(self.qformat.to_raw(p, name="p"))

    def numbers(self, n: int, batch_shape: tuple[int, ...]) -> np.ndarray:
        return self.gen.points(n)


class BernoulliSource(NumberSource):
    """Ideal independent Bernoulli streams: r_t ~ U[0, 1) i.i.d. (numpy ``Generator(PCG64(seed))``), bit = [r_t < p].

    Every call draws new numbers, so two encodes from one instance are independent; the sequence of calls is
    reproducible from the seed.
    """

    def __init__(self, seed: int | None = 0) -> None:
        self.seed = seed
        self.rng = np.random.default_rng(seed)

    def __repr__(self) -> str:
        return f"BernoulliSource(seed={self.seed})"

    def quantise(self, p: np.ndarray) -> np.ndarray:
        return np.asarray(p, dtype=np.float64)

    def numbers(self, n: int, batch_shape: tuple[int, ...]) -> np.ndarray:
        return self.rng.random(batch_shape + (n,))


def to_probability(x: Any, *, encoding: Encoding | str = Encoding.UNIPOLAR, name: str = "x") -> np.ndarray:
    """Value(s) -> P(bit = 1): unipolar p = x (x in [0, 1]), bipolar p = (y + 1)/2 (y in [-1, 1]); range-checked."""
    enc = _encoding(encoding)
    a = np.asarray(x, dtype=np.float64)
    lo, hi = (0.0, 1.0) if enc is Encoding.UNIPOLAR else (-1.0, 1.0)
    bad = ~((a >= lo) & (a <= hi))  # also catches NaN
    if np.any(bad):
        raise ValueError(f"{enc.value} {name} must be in [{lo:g}, {hi:g}], got {float(a[bad].flat[0])!r}")
    return a if enc is Encoding.UNIPOLAR else (a + 1.0) / 2.0


def encode_shared(xs: Sequence[Any], n: int, source: NumberSource, *,
                  encoding: Encoding | str = Encoding.UNIPOLAR) -> tuple[Bitstream, ...]:
    """Encode several operands from ONE draw of numbers r_t (maximally positively correlated, SCC = +1).

    All operands broadcast to one batch shape; stream i of operand k is bit_t = [r_t < x_raw(xs[k][i])].
    """
    n = _check_length(n)
    if not isinstance(source, NumberSource):
        raise TypeError(f"source must be a NumberSource, got {type(source).__name__}")
    names = ["x"] if len(xs) == 1 else [f"x[{k}]" for k in range(len(xs))]
    ps = [to_probability(x, encoding=encoding, name=nm) for x, nm in zip(xs, names, strict=True)]
    ps = np.broadcast_arrays(*ps)
    raws = [source.quantise(p) for p in ps]
    r = source.numbers(n, ps[0].shape)
    return tuple(pack(r < np.asarray(raw)[..., None]) for raw in raws)


def encode(x: Any, n: int, source: NumberSource, *, encoding: Encoding | str = Encoding.UNIPOLAR) -> Bitstream:
    """Value(s) x -> N-bit stream(s) from ``source``: bit_t = [r_t < x_raw(p(x))] (see the module docstring)."""
    return encode_shared([x], n, source, encoding=encoding)[0]


# ---------------------------------------------------------------------------------------------------------------
# combinational arithmetic


def mul_and(a: Bitstream, b: Bitstream) -> Bitstream:
    """Unipolar multiply: out = a AND b; P = pa pb for independent streams."""
    return Bitstream(np.bitwise_and(a.words, b.words), _same_length(a, b))


def mul_xnor(a: Bitstream, b: Bitstream) -> Bitstream:
    """Bipolar multiply: out = NOT(a XOR b); P = pa pb + (1-pa)(1-pb), i.e. y = ya yb for independent streams."""
    n = _same_length(a, b)
    w = np.bitwise_not(np.bitwise_xor(a.words, b.words))
    w[..., -1] &= tail_mask(n)
    return Bitstream(w, n)


def mux_add(a: Bitstream, b: Bitstream, sel: Bitstream) -> Bitstream:
    """Scaled addition by a 2:1 multiplexer: out_t = a_t if sel_t else b_t.

    P(out) = ps pa + (1 - ps) pb when sel is independent of a and b: (pa + pb)/2 for ps = 1/2 (unipolar and
    bipolar alike). a and b may be correlated; sel must not be correlated with them.
    """
    n = _same_length(a, b, sel)
    return Bitstream((sel.words & a.words) | (~sel.words & b.words), n)


def invert(a: Bitstream) -> Bitstream:
    """NOT gate: unipolar 1 - p, bipolar -y; the complement has SCC = -1 with ``a``."""
    w = np.bitwise_not(a.words)
    w[..., -1] &= tail_mask(a.n)
    return Bitstream(w, a.n)


# ---------------------------------------------------------------------------------------------------------------
# sequential elements: numba kernels, compiled on first use (``import golden`` stays numpy-only)


@lru_cache(maxsize=1)
def _kernels() -> dict[str, Callable[..., Any]]:
    import numba
    from numba import types
    from numba.extending import intrinsic

    @intrinsic
    def ctpop(typingctx: Any, x: Any) -> Any:  # llvm.ctpop.i64: POPCNT (or a vector popcount after vectorising)
        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
            return builder.ctpop(args[0])

        return types.uint64(types.uint64), codegen

    jit = numba.njit(cache=False, nogil=True)

    # The kernels see the words as int64 (same bits) so that every shift and mask stays in int64 arithmetic.
    @jit
    def cordiv_kernel(xw: np.ndarray, yw: np.ndarray, n: int, init: int, out: np.ndarray) -> None:
        for s in range(xw.shape[0]):
            z = init
            for w in range(xw.shape[1]):
                xv, yv, o = xw[s, w], yw[s, w], 0
                for i in range(min(WORD_BITS, n - WORD_BITS * w)):
                    if (yv >> i) & 1:
                        z = (xv >> i) & 1
                    o |= z << i
                out[s, w] = o

    @jit
    def fsm_kernel(xw: np.ndarray, n: int, states: int, init: int, out: np.ndarray) -> None:
        half, top = states // 2, states - 1
        for s in range(xw.shape[0]):
            st = init
            for w in range(xw.shape[1]):
                xv, o = xw[s, w], 0
                for i in range(min(WORD_BITS, n - WORD_BITS * w)):
                    if st >= half:
                        o |= 1 << i
                    if (xv >> i) & 1:
                        if st < top:
                            st += 1
                    elif st > 0:
                        st -= 1
                out[s, w] = o

    @jit
    def and_count_kernel(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
        for s in range(a.shape[0]):
            c = np.uint64(0)
            for w in range(a.shape[1]):
                c += ctpop(a[s, w] & b[s, w])
            out[s] = np.int64(c)

    return {"cordiv": cordiv_kernel, "fsm": fsm_kernel, "and_count": and_count_kernel}


def _rows(*streams: Bitstream) -> tuple[tuple[int, ...], list[np.ndarray]]:
    """Broadcast the batches and flatten them to contiguous (streams, words) uint64 arrays (views when possible)."""
    first = streams[0].words
    if all(s.words.shape == first.shape and s.words.flags.c_contiguous for s in streams):
        return first.shape[:-1], [s.words.reshape(-1, first.shape[-1]) for s in streams]
    ws = np.broadcast_arrays(*(s.words for s in streams))
    return ws[0].shape[:-1], [np.ascontiguousarray(w.reshape(-1, w.shape[-1])) for w in ws]


def _check_bit(v: Any, name: str) -> int:
    if isinstance(v, bool) or v not in (0, 1):
        raise ValueError(f"{name} must be 0 or 1, got {v!r}")
    return int(v)


def cordiv(x: Bitstream, y: Bitstream, *, init: int = 0) -> Bitstream:
    """CORDIV divider: a 2:1 MUX selected by the divisor, its 0-input fed back through one flip-flop.

        z_t = x_t            if y_t = 1
        z_t = z_(t-1)        if y_t = 0        (z_(-1) = ``init``, the flip-flop's reset value)

    z is the MUX output (combinational in cycle t). For x, y positively correlated with x_t <= y_t (SCC = +1, e.g.
    both from one shared number source, P(x) <= P(y)), z copies x sampled where y = 1, so
    P(z) = P(x = 1 | y = 1) = P(x)/P(y) (Chen & Hayes 2016). For independent x and y it gives P(z) = P(x) instead.
    The argument also needs the sampled values to be uncorrelated with the lengths of the holds that follow them:
    true for Bernoulli numbers, not for an LFSR (consecutive states are shifts of each other) nor for a Sobol
    sequence, whose shared-source errors stall at ~8% and ~2.5% (``bench/sc_accuracy.py``).

    Reference: T.-H. Chen and J. P. Hayes, "Design of division circuits for stochastic computing", IEEE Computer
    Society Annual Symposium on VLSI (ISVLSI) 2016, pp. 116-121. The seed library's ``sc_cordiv`` (credited there
    to Li et al. 2014) instead registers z and sets z = 1 whenever x_t = 1, even with y_t = 0; the two agree
    whenever x_t <= y_t bitwise.
    """
    n = _same_length(x, y)
    init = _check_bit(init, "init")
    shape, (xw, yw) = _rows(x, y)
    out = np.empty(xw.shape, np.int64)
    _kernels()["cordiv"](xw.view(np.int64), yw.view(np.int64), n, init, out)
    return Bitstream(out.view(np.uint64).reshape(shape + (n_words(n),)), n)


def fsm_tanh(x: Bitstream, *, states: int = 8, init: int | None = None) -> Bitstream:
    """Stochastic tanh: a saturating up/down counter with K = ``states`` states (Brown & Card 2001).

        out_t   = [s_t >= K/2]                       (Moore output: the state before input bit t)
        s_(t+1) = min(s_t + 1, K - 1) if x_t = 1 else max(s_t - 1, 0),   s_0 = ``init`` (default K/2)

    For a bipolar input y (Bernoulli stream, P = (1+y)/2) the counter is a birth-death chain with stationary
    P(s = i) proportional to r^i, r = P/(1-P), so the bipolar output is exactly tanh(K/2 * artanh(y)) in steady
    state, approximately tanh(K/2 * y) (the form given by Brown & Card, accurate for |y| << 1). The tanh shape
    comes from the randomness of the input: a low-discrepancy (Sobol) stream drives the counter almost
    deterministically into a rail, and the output approaches sign(y).

    Reference: B. D. Brown and H. C. Card, "Stochastic neural computation I: computational elements", IEEE Trans.
    Computers 50(9):891-905, 2001.
    """
    if isinstance(states, bool) or not isinstance(states, int | np.integer) or states < 2 or states % 2:
        raise ValueError(f"states must be an even integer >= 2, got {states!r}")
    init = states // 2 if init is None else init
    if isinstance(init, bool) or not isinstance(init, int | np.integer) or not 0 <= init < states:
        raise ValueError(f"init must be an integer state in [0, {states - 1}], got {init!r}")
    if not isinstance(x, Bitstream):
        raise TypeError(f"expected a Bitstream, got {type(x).__name__}")
    shape, (xw,) = _rows(x)
    out = np.empty(xw.shape, np.int64)
    _kernels()["fsm"](xw.view(np.int64), x.n, int(states), int(init), out)
    return Bitstream(out.view(np.uint64).reshape(shape + (n_words(x.n),)), x.n)


def delay(x: Bitstream, d: int, *, fill: int = 0) -> Bitstream:
    """Isolator: a chain of d flip-flops, out_t = x_(t-d) for t >= d and ``fill`` (their reset value) before.

    The length stays N (the last d input bits are still in the chain). Used to decorrelate a stream from itself
    or from streams made by the same source (Ting & Hayes 2016 "Isolation-based decorrelation of stochastic
    circuits", IEEE ICCD).
    """
    if isinstance(d, bool) or not isinstance(d, int | np.integer) or d < 0:
        raise ValueError(f"delay d must be an integer >= 0 cycles, got {d!r}")
    fill = _check_bit(fill, "fill")
    n, nw = x.n, n_words(x.n)
    q, r = divmod(int(d), WORD_BITS)
    w = np.zeros_like(x.words)
    if q < nw:
        w[..., q:] = x.words[..., : nw - q]
    if r:
        carry = np.zeros_like(w)
        carry[..., 1:] = w[..., :-1] >> np.uint64(WORD_BITS - r)
        w = (w << np.uint64(r)) | carry
    if fill:
        head = np.zeros(nw, np.uint64)
        head[: min(q, nw)] = _ONES
        if q < nw:
            head[q] = np.uint64((1 << r) - 1)
        w |= head
    w[..., -1] &= tail_mask(n)
    return Bitstream(w, n)


def window_count(x: Bitstream, window: int) -> np.ndarray:
    """Windowed counter: the binary count of ones in each window [kW, (k+1)W), shape batch + (N/W,), int64.

    The counter is cleared at the start of every window; N must be a multiple of W.
    """
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise ValueError(f"window must be an integer >= 1 bits, got {window!r}")
    if x.n % window:
        raise ValueError(f"stream length {x.n} is not a multiple of the window {window}")
    pc = np.bitwise_count(x.words).astype(np.int64)
    cum = np.concatenate([np.zeros(pc.shape[:-1] + (1,), np.int64), np.cumsum(pc, axis=-1)], axis=-1)
    t = np.arange(0, x.n + 1, window, dtype=np.int64)
    wi, bi = t // WORD_BITS, (t % WORD_BITS).astype(np.uint64)
    partial = x.words[..., np.minimum(wi, x.words.shape[-1] - 1)] & ((np.uint64(1) << bi) - np.uint64(1))
    prefix = cum[..., wi] + np.bitwise_count(partial).astype(np.int64)
    return np.diff(prefix, axis=-1)


# ---------------------------------------------------------------------------------------------------------------
# counting and correlation


def and_count(a: Bitstream, b: Bitstream) -> Any:
    """popcount(a AND b) per stream in one fused pass (the AND multiplier followed by its output counter)."""
    _same_length(a, b)
    shape, (aw, bw) = _rows(a, b)
    out = np.empty(aw.shape[0], np.int64)
    _kernels()["and_count"](aw, bw, out)
    return _scalar(out.reshape(shape))


def scc(a: Bitstream, b: Bitstream) -> Any:
    """Stochastic cross-correlation (Alaghi & Hayes 2013, IEEE ICCD, "Exploiting correlation in stochastic
    circuit design"), computed exactly from the counts c_a, c_b, c_ab = popcount(a AND b) of N-bit streams:

        delta = N c_ab - c_a c_b                       (N^2 (p_ab - pa pb))
        SCC   = delta / (N min(c_a, c_b) - c_a c_b)                 if delta > 0
        SCC   = delta / (c_a c_b - N max(c_a + c_b - N, 0))         otherwise

    in [-1, 1]: +1 for maximally overlapping ones (a subset of b or b of a), -1 for minimal overlap, 0 for
    p_ab = pa pb. Defined as 0 when the denominator vanishes (a constant stream).
    """
    n = _same_length(a, b)
    ca = np.asarray(popcount(a), dtype=np.int64)
    cb = np.asarray(popcount(b), dtype=np.int64)
    cab = np.asarray(and_count(a, b), dtype=np.int64)
    delta = n * cab - ca * cb
    den = np.where(delta > 0, n * np.minimum(ca, cb) - ca * cb, ca * cb - n * np.maximum(ca + cb - n, 0))
    return _scalar(np.divide(delta, den, out=np.zeros(delta.shape), where=den != 0))
