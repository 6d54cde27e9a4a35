"""Bit-true model of ``sc_dense_layer``: N bipolar input streams x M neurons, one bipolar weight stream per
synapse, per-neuron popcount -> current -> its own ``nrn_lif``.

Built from the existing bit-true pieces: the LFSR step of :class:`golden.fixed.lfsr.Lfsr` (Fibonacci form, the
table's taps), the bipolar comparator :func:`golden.fixed.lfsr.sng_compare`, the XNOR of ``sc_mul_xnor`` and the
``FixedPointLIFNeuron.kernel`` of :mod:`golden.fixed.lif_q88`. One clock = one stream bit::

    stream bits (registered, one per generator; cycle t shows the comparisons of cycle t-1):
        bx_i  <= (rx_i  - 2^(W-1)) < x_i          rx_i  <= lfsr_next(rx_i)       input SNG i
        bw_ji <= (rw_ji - 2^(W-1)) < wreg_ji      rw_ji <= lfsr_next(rw_ji)      weight SNG (j, i)
    product   p_ji  = XNOR(bx_i, bw_ji)                                           bipolar multiply
    current   I_j   = primed ? (2 popcount_i(p_ji) - N) << CurShift : 0            raw Q8.8, signed 16 bit
    neuron j  (spike_j, v_j) <= nrn_lif(v_j, i_t = I_j, leak_k, gain_k, noise = 0)
    cur_o[j]  <= I_j                                                              the current neuron j got
    weights   w_we: wreg[w_addr] <= w_data  (w_addr = j N + i; addresses >= N M are ignored)

E[I_j] = 2^CurShift sum_i x_i w_ji for independent streams (bipolar values x = y / 2^(W-1)). ``primed`` is one
flip-flop set by the first clock after reset: the stream registers hold 0 right after reset, so without it the
first cycle would see XNOR(0, 0) = 1 on every synapse, a full-scale current the inputs never asked for.

Seeds. Every generator runs the SAME maximal-length sequence (the table's taps for the width); a generator is a
position on it (seed = the state there, counted from the default seed). Input i sits at i * floor(P / 8) (P =
2^W - 1). The product of two comparator streams at relative lag d is biased by their covariance, which over one
period depends on d only: :func:`lag_covariance` measures it for every candidate lag (rms over a 64 x 64 grid of
thresholds), and weight (j, i) is put at input i's position + the best lag not yet taken (greedy, all positions
distinct). The table (``SEED_INPUTS`` x ``SEED_NEURONS`` synapses per width in [``MIN_WIDTH``, ``MAX_WIDTH``]) is
generated into ``rtl/include/sc_dense_seeds.svh`` by :mod:`golden.gen.sc_dense_seeds`; the RTL rejects equal
seeds at elaboration. :func:`pair_scc` reports the SCC (Alaghi & Hayes 2013) of every input/weight pair.

Latency: x_i -> stream bit 1 cycle -> current/membrane 1 cycle: cur_o and v_o show x of two cycles before; a
weight write reaches cur_o three cycles later (register, stream bit, current).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from golden.fixed.lfsr import SNG_BIPOLAR, Lfsr, default_seed, default_taps, sng_compare
from golden.fixed.lif_q88 import FixedPointLIFNeuron, FixedPointLIFParams
from golden.registry import register_unit

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "RTL_DEFAULTS", "SEED_INPUTS", "SEED_NEURONS", "ScDenseUnit", "dense_current",
           "lag_covariance", "lfsr_next", "pair_scc", "parity32", "seed_table", "seeds_for"]

MIN_WIDTH, MAX_WIDTH = 7, 16  # stream precision range covered by the seed table
SEED_INPUTS, SEED_NEURONS = 8, 8  # the table covers N <= 8 inputs and M <= 8 neurons
_LIF = FixedPointLIFParams()
RTL_DEFAULTS: dict[str, int] = {
    "N": 4, "M": 4, "Width": 8, "CurShift": 5,
    "VRest": _LIF.v_rest, "VReset": _LIF.v_reset, "VThreshold": _LIF.v_threshold,
    "RefractoryCycles": _LIF.refractory_period,
}
DATA_WIDTH, FRAC = _LIF.data_width, _LIF.fraction  # nrn_lif's Q8.8 (its defaults; not parameters here)
_GRID_BITS = 6  # the lag search compares thresholds on a 64 x 64 grid
_LAG_CANDIDATES = 256  # lags tried for widths whose period is longer


# ------------------------------------------------------------------------------------------------------------
# integer kernels (plain Python ints or numba int64: the deep check compiles these same functions)


def parity32(v):
    """Parity of the low 32 bits of v (0 or 1)."""
    v = v ^ (v >> 16)
    v = v ^ (v >> 8)
    v = v ^ (v >> 4)
    v = v ^ (v >> 2)
    v = v ^ (v >> 1)
    return v & 1


def lfsr_next(state, taps, mask):
    """One Fibonacci step of ``sc_lfsr`` (``Lfsr.next_state`` with ``form`` = Fibonacci)."""
    return ((state << 1) | parity32(state & taps)) & mask


def dense_current(pop, n, cur_shift):
    """I = (2 pop - N) << CurShift (raw Q8.8; the RTL checks at elaboration that it fits 16 bits)."""
    return (2 * pop - n) << cur_shift


# ------------------------------------------------------------------------------------------------------------
# seeds


@cache
def _sequence(width: int) -> np.ndarray:
    """The whole period of the width's maximal-length sequence, from the default seed (position 0)."""
    lf = Lfsr(width=width, taps=default_taps(width), seed=default_seed(width))
    seq = lf.period_states()
    if seq.size != (1 << width) - 1:
        raise AssertionError(f"width {width}: the table's taps are not maximal-length")
    return seq


@cache
def lag_covariance(width: int) -> tuple[np.ndarray, np.ndarray]:
    """(lags, rms covariance) of two comparator streams of the width's sequence at relative lag d, over one period.

    For thresholds a, b on the 64-level grid: cov = P(r_t < a, r_(t+d) < b) - P(r < a) P(r < b); the bipolar
    product XNOR is then off by 4 cov. Every lag is tried for periods up to 4095, an evenly spread set above."""
    seq = _sequence(width)
    p = seq.size
    lags = np.arange(1, p) if p <= 4095 else np.unique(np.linspace(1, p - 1, _LAG_CANDIDATES).astype(np.int64))
    q = seq >> (width - _GRID_BITS)
    g = 1 << _GRID_BITS
    marg = np.cumsum(np.bincount(q, minlength=g)) / p  # P(q < k + 1)
    out = np.empty(lags.size)
    for k, d in enumerate(lags):
        h = np.bincount(q * g + np.roll(q, -int(d)), minlength=g * g).reshape(g, g)
        joint = h.cumsum(0).cumsum(1) / p
        cov = joint - np.outer(marg, marg)
        out[k] = np.sqrt(np.mean(cov * cov))
    return lags, out


@cache
def _positions(width: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    p = (1 << width) - 1
    lags, cov = lag_covariance(width)
    ranked = lags[np.argsort(cov, kind="stable")]
    step = p // SEED_INPUTS
    xpos = tuple(i * step for i in range(SEED_INPUTS))
    used = set(xpos)
    wpos = [[0] * SEED_INPUTS for _ in range(SEED_NEURONS)]
    for i in range(SEED_INPUTS):
        k = 0
        for j in range(SEED_NEURONS):
            while (xpos[i] + int(ranked[k])) % p in used:
                k += 1
            wpos[j][i] = (xpos[i] + int(ranked[k])) % p
            used.add(wpos[j][i])
            k += 1
    return xpos, tuple(tuple(r) for r in wpos)


@cache
def seed_table(width: int) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """(input seeds [SEED_INPUTS], weight seeds [SEED_NEURONS][SEED_INPUTS]) of ``width``: all distinct."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"width must be in [{MIN_WIDTH}, {MAX_WIDTH}] (the seed table), got {width}")
    seq = _sequence(width)
    xpos, wpos = _positions(width)
    return tuple(int(seq[a]) for a in xpos), tuple(tuple(int(seq[a]) for a in row) for row in wpos)


def seeds_for(width: int, n: int, m: int) -> tuple[list[int], list[list[int]]]:
    """The seeds an N x M layer uses: the table's first N inputs and first M x N synapses."""
    xs, ws = seed_table(width)
    return list(xs[:n]), [list(row[:n]) for row in ws[:m]]


# ------------------------------------------------------------------------------------------------------------
# the unit


class ScDenseUnit:
    """One ``sc_dense_layer``: ``step(x, w_we, w_addr, w_data, leak_k, gain_k) -> (spike, v, cur)``.

    ``x`` is the packed ``x_i`` port (N signed ``width``-bit fields, field i at bits [i W +: W]) and the outputs
    are packed as the RTL's ports (``spike`` M bits, ``v`` and ``cur`` M x 16 bits, neuron j at [16 j +: 16]).
    The per-neuron values are :attr:`v`, :attr:`cur`, :attr:`spike` (lists). ``x_seeds``/``w_seeds`` override the
    table (for correlation experiments; the RTL always uses the table).
    """

    def __init__(self, n: int = RTL_DEFAULTS["N"], m: int = RTL_DEFAULTS["M"], width: int = RTL_DEFAULTS["Width"],
                 cur_shift: int = RTL_DEFAULTS["CurShift"], v_rest: int = _LIF.v_rest, v_reset: int = _LIF.v_reset,
                 v_threshold: int = _LIF.v_threshold, refractory_cycles: int = _LIF.refractory_period,
                 x_seeds: list[int] | None = None, w_seeds: list[list[int]] | None = None):
        for name, v, lo, hi in (("n", n, 1, SEED_INPUTS), ("m", m, 1, SEED_NEURONS), ("width", width, MIN_WIDTH,
                                                                                         MAX_WIDTH)):
            if not isinstance(v, int) or not lo <= v <= hi:
                raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {v!r}")
        if not isinstance(cur_shift, int) or cur_shift < 0 or (n << cur_shift) > (1 << (DATA_WIDTH - 1)) - 1:
            raise ValueError(f"cur_shift must be >= 0 with N << cur_shift <= {(1 << (DATA_WIDTH - 1)) - 1} "
                             f"(N = {n}), got {cur_shift!r}")
        self.n, self.m, self.width, self.cur_shift = n, m, width, cur_shift
        self.lif = FixedPointLIFParams(data_width=DATA_WIDTH, fraction=FRAC, v_rest=v_rest, v_reset=v_reset,
                                       v_threshold=v_threshold, refractory_period=refractory_cycles)
        self._derived = FixedPointLIFNeuron.derive(self.lif)
        self.taps, self.mask = default_taps(width), (1 << width) - 1
        xs, ws = seeds_for(width, n, m)
        self.x_seeds = list(xs if x_seeds is None else x_seeds)
        self.w_seeds = [list(r) for r in (ws if w_seeds is None else w_seeds)]
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> ScDenseUnit:
        p = {**RTL_DEFAULTS, **params}
        return cls(n=int(p["N"]), m=int(p["M"]), width=int(p["Width"]), cur_shift=int(p["CurShift"]),
                   v_rest=int(p["VRest"]), v_reset=int(p["VReset"]), v_threshold=int(p["VThreshold"]),
                   refractory_cycles=int(p["RefractoryCycles"]))

    # -- state -------------------------------------------------------------------------------------------------

    def reset_state(self) -> None:
        n, m = self.n, self.m
        self.rx = list(self.x_seeds)
        self.rw = [list(r) for r in self.w_seeds]
        self.bx = [0] * n
        self.bw = [[0] * n for _ in range(m)]
        self.wreg = [[0] * n for _ in range(m)]
        self.primed = 0
        self.v = [self.lif.v_rest] * m
        self.ref = [0] * m
        self.spike = [0] * m
        self.cur = [0] * m

    def get_state(self) -> dict[str, Any]:
        return {"v": list(self.v), "refractory": list(self.ref), "cur": list(self.cur), "primed": self.primed,
                "wreg": [list(r) for r in self.wreg], "bx": list(self.bx), "bw": [list(r) for r in self.bw],
                "rx": list(self.rx), "rw": [list(r) for r in self.rw]}

    def outputs(self) -> tuple[int, int, int]:
        """The registered outputs now, packed as the ports (spike_o, v_o, cur_o)."""
        return self._pack(self.spike, 1), self._pack(self.v, DATA_WIDTH), self._pack(self.cur, DATA_WIDTH)

    @staticmethod
    def _pack(vals: list[int], w: int) -> int:
        return sum((int(v) & ((1 << w) - 1)) << (w * k) for k, v in enumerate(vals))

    def unpack_x(self, x: int) -> list[int]:
        w = self.width
        out = []
        for i in range(self.n):
            f = (x >> (w * i)) & self.mask
            out.append(f - (1 << w) if f >> (w - 1) else f)
        return out

    def pack_x(self, xs: list[int]) -> int:
        return self._pack(xs, self.width)

    # -- one clock ---------------------------------------------------------------------------------------------

    def currents(self) -> list[int]:
        """The current each neuron gets in this cycle (from the stream registers)."""
        if not self.primed:
            return [0] * self.m
        return [dense_current(sum(1 - (self.bx[i] ^ self.bw[j][i]) for i in range(self.n)), self.n, self.cur_shift)
                for j in range(self.m)]

    def preview(self, leak_k: int, gain_k: int) -> tuple[list[int], list[int]]:
        """(currents, v_next before the threshold test) of this cycle (for coverage and aiming)."""
        d = self._derived
        cur = self.currents()
        vn = []
        for j in range(self.m):
            v = self.v[j]
            vn.append(((v + (((d["v_rest"] - v) * leak_k) >> FRAC) + ((cur[j] * gain_k) >> FRAC) + d["half"])
                       & d["mask"]) - d["half"])
        return cur, vn

    def step(self, x: int, w_we: int, w_addr: int, w_data: int, leak_k: int, gain_k: int) -> tuple[int, int, int]:
        n, m, w = self.n, self.m, self.width
        d = self._derived
        cur = self.currents()
        for j in range(m):
            self.v[j], self.ref[j], self.spike[j], _ = FixedPointLIFNeuron.kernel(
                self.v[j], self.ref[j], leak_k, gain_k, cur[j], 0, **d)
        self.cur = cur
        xs = self.unpack_x(x)
        for i in range(n):
            self.bx[i] = int(sng_compare(self.rx[i], xs[i], w, SNG_BIPOLAR))
            self.rx[i] = lfsr_next(self.rx[i], self.taps, self.mask)
        for j in range(m):
            for i in range(n):
                self.bw[j][i] = int(sng_compare(self.rw[j][i], self.wreg[j][i], w, SNG_BIPOLAR))
                self.rw[j][i] = lfsr_next(self.rw[j][i], self.taps, self.mask)
        if w_we and w_addr < n * m:
            f = w_data & self.mask
            self.wreg[w_addr // n][w_addr % n] = f - (1 << w) if f >> (w - 1) else f
        self.primed = 1
        return self.outputs()


# ------------------------------------------------------------------------------------------------------------
# correlation of the streams


def stream_bits(seed: int, value: int, width: int, cycles: int) -> np.ndarray:
    """The bipolar comparator bits of one generator (seed, constant value) over ``cycles`` cycles."""
    lf = Lfsr(width=width, taps=default_taps(width), seed=seed)
    return np.asarray(sng_compare(lf.sequence(cycles), value, width, SNG_BIPOLAR), dtype=np.uint8)


def pair_scc(width: int, n: int, m: int, values: tuple[int, ...] | None = None, cycles: int | None = None,
             x_seeds: list[int] | None = None, w_seeds: list[list[int]] | None = None) -> np.ndarray:
    """SCC (Alaghi & Hayes 2013, :func:`golden.sc.bitstream.scc`) of every input/weight stream pair (i, ji)
    that is multiplied, for every (x, w) in ``values`` x ``values`` (default: 7 levels in (-1, 1)), over one
    period by default. Returns an array [m, n, len(values), len(values)]."""
    from golden.sc.bitstream import pack, scc

    xs, ws = seeds_for(width, n, m)
    xs = xs if x_seeds is None else x_seeds
    ws = ws if w_seeds is None else w_seeds
    half = 1 << (width - 1)
    values = values or tuple(int(round(f * half)) for f in (-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75))
    cycles = cycles or (1 << width) - 1
    out = np.zeros((m, n, len(values), len(values)))
    for i in range(n):
        bx = [pack(stream_bits(xs[i], v, width, cycles)) for v in values]
        for j in range(m):
            bw = [pack(stream_bits(ws[j][i], v, width, cycles)) for v in values]
            for a in range(len(values)):
                for b in range(len(values)):
                    out[j, i, a, b] = scc(bx[a], bw[b])
    return out


register_unit(
    "sc_dense_layer",
    sim="dense_layer",
    model="golden.fixed.sc_dense_unit.ScDenseUnit",
    rtl="rtl/sc/sc_dense_layer.sv",
    description="stochastic dense layer: N bipolar input streams x M neurons, one weight stream per synapse "
                "(XNOR), per-neuron popcount current (2 pop - N) << CurShift into its own nrn_lif",
)
