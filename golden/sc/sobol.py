"""Bit-true model of a Sobol low-discrepancy number generator (the future ``sc_sobol`` RTL unit).

One generator produces ONE dimension of the Sobol sequence as ``width``-bit integers, ``width`` in [8, 16].

Direction numbers (Bratley & Fox 1988, "Algorithm 659: Implementing Sobol's quasirandom sequence generator",
ACM Trans. Math. Softw. 14(1):88-100): dimension ``d`` > 1 has a primitive polynomial over GF(2) of degree s,

    x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1,

(stored as the integer a = a_1 a_2 ... a_(s-1) in binary, a_1 the MSB) and odd initial numbers m_1..m_s with
m_k < 2^k; the remaining m_k follow the recurrence

    m_k = 2 a_1 m_(k-1) XOR 2^2 a_2 m_(k-2) XOR ... XOR 2^(s-1) a_(s-1) m_(k-s+1) XOR 2^s m_(k-s) XOR m_(k-s).

Dimension 1 has m_k = 1 for every k (the van der Corput sequence). The polynomials and initial numbers of
dimensions 2..16 are those of Joe & Kuo 2008 ("Constructing Sobol sequences with better two-dimensional
projections", SIAM J. Sci. Comput. 30(5):2635-2654; the file new-joe-kuo-6.21201). As ``width``-bit integers the
direction numbers are v_k = m_k * 2^(width-k), k = 1..width.

Generator (Antonov & Saleev 1979 Gray-code order, the recurrence of Bratley & Fox): a ``width``-bit index
counter n and a ``width``-bit point register x, both 0 after reset (x: see the digital shift below); every
enabled clock

    x_(n+1) = x_n XOR v_c(n),   c(n) = 1 + (number of trailing ones of n)   (the least significant ZERO of n)
    n       = (n + 1) mod 2^width.

When n = 2^width - 1 (no zero bit in the counter) the least-significant-zero detector answers c = width; then
x_(2^width) = x_(2^width - 1) XOR v_width = x_0: the generator is periodic with period 2^width, and one period
visits every ``width``-bit integer exactly once (the v_k form a triangular basis), in every dimension.
Equivalently x_n = XOR of the v_k over the set bits k-1 of gray(n) = n XOR (n >> 1).

Digital shift (an optional parameter, zero cost in hardware: the reset value of the point register): with
``shift`` = c the generator produces x_n XOR c. A digitally shifted net is still a net (XOR with a constant
permutes the intervals of every level), so every property below holds unchanged. Without a shift the first
2^k points all sit on the LEFT edges of their intervals (their low width-k bits are zero), so a comparator
stream counts ceil(N p) ones: +1/2 count of bias on average; the shifts 0xAAAA... and 0x5555... for two
operands move the points to about 1/3 and 2/3 of their intervals for every N (which is which depends on the
parity of width - k), and the biases of about +1/6 and -1/6 count cancel in an AND product
(``bench/sc_accuracy.py`` measures both variants).

Stochastic number generation (like ``sc_sng``): the registered output bit of cycle t is ``x_t < x_raw``, then the
generator advances. ``x_raw`` is an unsigned ``width + 1``-bit operand in [0, 2^width] (UQ1.width), so that
x_raw = 2^width gives the all-ones stream; over the first N = 2^k cycles (k <= width) the number of ones is
the number of the first N points below x_raw, which differs from N x_raw / 2^width by less than 1 (the first
2^k points of one dimension hit each interval [j 2^(width-k), (j+1) 2^(width-k)) exactly once), and is exact
when x_raw is a multiple of 2^(width-k).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

#: Joe & Kuo 2008 (new-joe-kuo-6.21201), dimensions 2..16: (dimension, degree s, coefficients a, m_1..m_s).
JOE_KUO_2008: tuple[tuple[int, int, int, tuple[int, ...]], ...] = (
    (2, 1, 0, (1,)),
    (3, 2, 1, (1, 3)),
    (4, 3, 1, (1, 3, 1)),
    (5, 3, 2, (1, 1, 1)),
    (6, 4, 1, (1, 1, 3, 3)),
    (7, 4, 4, (1, 3, 5, 13)),
    (8, 5, 2, (1, 1, 5, 5, 17)),
    (9, 5, 4, (1, 1, 5, 5, 5)),
    (10, 5, 7, (1, 1, 7, 11, 19)),
    (11, 5, 11, (1, 1, 5, 1, 1)),
    (12, 5, 13, (1, 1, 1, 3, 11)),
    (13, 5, 14, (1, 3, 5, 5, 31)),
    (14, 6, 1, (1, 3, 3, 9, 7, 49)),
    (15, 6, 13, (1, 1, 1, 15, 21, 21)),
    (16, 6, 16, (1, 3, 1, 13, 27, 49)),
)
MAX_DIM = 1 + len(JOE_KUO_2008)
MIN_WIDTH, MAX_WIDTH = 8, 16


def _check(width: int, dim: int) -> None:
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"Sobol width must be in [{MIN_WIDTH}, {MAX_WIDTH}] bits, got {width}")
    if not 1 <= dim <= MAX_DIM:
        raise ValueError(f"Sobol dimension must be in [1, {MAX_DIM}] (Joe & Kuo 2008 table held here), got {dim}")


def direction_integers(dim: int, width: int) -> list[int]:
    """m_1..m_width of dimension ``dim`` (odd, m_k < 2^k) from the initial numbers and the recurrence."""
    _check(width, dim)
    if dim == 1:
        return [1] * width
    _, s, a, init = JOE_KUO_2008[dim - 2]
    m = list(init[:width])
    for k in range(s + 1, width + 1):  # m[k-1] holds m_k
        mk = m[k - 1 - s] ^ (m[k - 1 - s] << s)
        for i in range(1, s):
            if (a >> (s - 1 - i)) & 1:
                mk ^= m[k - 1 - i] << i
        m.append(mk)
    return m


def direction_numbers(dim: int, width: int) -> np.ndarray:
    """v_1..v_width = m_k * 2^(width-k) as ``width``-bit integers (int64 array, index k-1)."""
    m = direction_integers(dim, width)
    return np.array([m[k - 1] << (width - k) for k in range(1, width + 1)], dtype=np.int64)


def lsz(n: np.ndarray | int, width: int) -> np.ndarray:
    """c(n): 1-based position of the least significant zero bit of the ``width``-bit counter n (``width`` when
    n = 2^width - 1). Computed as popcount(n XOR (n+1)), which counts the trailing ones plus that zero."""
    n = np.asarray(n, dtype=np.int64)
    return np.minimum(np.bitwise_count(n ^ (n + 1)).astype(np.int64), width)


@dataclass
class Sobol:
    """One dimension of a ``width``-bit Sobol generator (bit-true model of the future ``sc_sobol``).

    ``step()`` is the per-clock recurrence x <- x XOR v_c(n); ``points(n)`` returns the states seen during cycles
    ``start .. start + n - 1`` after a reset (vectorised: a cumulative XOR of the same v_c(n)).
    """

    width: int = 16  # [8, 16] bits
    dim: int = 1  # [1, 16]; 1 = van der Corput
    shift: int = 0  # [0, 2^width): digital shift, the reset value of the point register
    v: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        _check(self.width, self.dim)
        if isinstance(self.shift, bool) or not isinstance(self.shift, int) or not 0 <= self.shift < 1 << self.width:
            raise ValueError(f"shift must be an integer in [0, 2^{self.width}), got {self.shift!r}")
        self.v = direction_numbers(self.dim, self.width)
        self.reset()

    @property
    def period(self) -> int:
        return 1 << self.width

    def reset(self) -> None:
        self.index = 0
        self.state = self.shift

    def step(self) -> int:
        """Advance one clock; returns the new point x_(n+1)."""
        self.state ^= int(self.v[int(lsz(self.index, self.width)) - 1])
        self.index = (self.index + 1) % self.period
        return self.state

    def point(self, n: int) -> int:
        """x_n from the Gray code of n mod 2^width (closed form of the recurrence), shift included."""
        g = (n % self.period) ^ ((n % self.period) >> 1)
        x = self.shift
        for k in range(1, self.width + 1):
            if (g >> (k - 1)) & 1:
                x ^= int(self.v[k - 1])
        return x

    def points(self, n: int, start: int = 0) -> np.ndarray:
        """x_start .. x_(start+n-1) (int64), the states during those cycles counted from a reset."""
        if n < 0 or start < 0:
            raise ValueError(f"n and start must be >= 0, got n={n}, start={start}")
        idx = (start + np.arange(n, dtype=np.int64)) % self.period
        inc = self.v[lsz(idx, self.width) - 1]  # v_c(j): the XOR applied at the clock after index j
        out = np.empty(n, dtype=np.int64)
        if n:
            out[0] = self.point(start)
            out[1:] = np.bitwise_xor.accumulate(inc[:-1]) ^ out[0]
        return out


def sobol_sng_bits(x_raw: np.ndarray | int, n: int, width: int = 16, dim: int = 1, shift: int = 0) -> np.ndarray:
    """The stream of the Sobol SNG after a reset: bit t = (x_t < x_raw), shape x_raw.shape + (n,), int8.

    ``x_raw`` is the ``width + 1``-bit comparator operand in [0, 2^width]; anything else is an error.
    """
    x = np.asarray(x_raw)
    if not np.issubdtype(x.dtype, np.integer):
        raise ValueError(f"x_raw must be integer (raw UQ1.{width}), got dtype {x.dtype}")
    if x.size and (x.min() < 0 or x.max() > (1 << width)):
        raise ValueError(f"x_raw must be in [0, 2^{width} = {1 << width}], got values in [{x.min()}, {x.max()}]")
    pts = Sobol(width, dim, shift).points(n)
    return (pts < x.astype(np.int64)[..., None]).astype(np.int8)
