"""Bit-true models of ``sc_lfsr`` (Fibonacci or Galois LFSR) and ``sc_sng`` (stochastic number generator).

``sc_lfsr``, width n in [3, 32], feedback mask ``taps`` (bit n-1 set), every enabled clock:

* Fibonacci (``Form`` = 0, shift left)::

      feedback = parity(state & taps)          # XOR of the tapped bits
      state    = ((state << 1) | feedback) mod 2^n

* Galois (``Form`` = 1, shift right)::

      state    = (state >> 1) XOR (taps if state[0] else 0)

Bit k-1 of ``taps`` stands for the term x^k of a polynomial x^n + ... + 1; a primitive one gives period 2^n - 1
in both forms (``scripts/gen_lfsr_taps.py`` proves it for the default of every width, ``golden/fixed/lfsr_taps.py``).
Defaults: the table's mask for the width, seed 0xACE1 masked to the width. At 16 bits that is the original
x^16 + x^14 + x^13 + x^11 + 1 (mask 0xB400), seed 0xACE1. The all-zero state is a fixed point, so a zero seed is
rejected (here and at elaboration of the RTL).

``sc_sng``: every enabled clock the registered output becomes ``cmp(r, x)``, then the number source advances;
r is the source's state during that cycle. Sources: ``Source`` = 0, the LFSR (``x_i`` is ``Width`` bits),
``Source`` = 1, ``sc_sobol`` (``x_i`` is ``Width + 1`` bits, see :mod:`golden.fixed.sobol_unit`). Encodings:

* unipolar (``Encoding`` = 0): x_i unsigned, ``cmp = r < x``. LFSR: P(1) = max(x - 1, 0) / (2^W - 1) over a
  period (0 never occurs); Sobol: P(1) = min(x, 2^W) / 2^W over a period (x = 2^W is the all-ones stream);
* bipolar (``Encoding`` = 1): x_i is a signed y (two's complement of the port width) standing for y / 2^(W-1),
  ``cmp = (r - 2^(W-1)) < y`` (the source re-centred to a signed value), i.e. r < y + 2^(W-1): the unipolar
  comparator on x_u = y + 2^(W-1), so P(1) = (y / 2^(W-1) + 1) / 2 up to the source's quantisation. LFSR: y in
  [-2^(W-1), 2^(W-1) - 1] (every W-bit pattern), P(1) = max(y + 2^(W-1) - 1, 0) / (2^W - 1); Sobol: y is W + 1 bits,
  P(1) = clip(y + 2^(W-1), 0, 2^W) / 2^W: y = +-2^(W-1) are exactly +-1, beyond them the stream saturates.

This is the mapping of ``golden.sc.bitstream`` (x_raw = round(p 2^W) with p = (y + 1)/2), with y in raw units.

Comparator pipeline (``PipelineStages``, RTL default 1, :data:`SNG_DEFAULT_PIPELINE_STAGES`): with 0 the single
register above is ``bit_o``; with 1 the comparison is split into two half-width comparisons registered in the
enabled cycle and joined into ``bit_o`` at the next clock, whatever the enable, so ``bit_o`` is the
``PipelineStages = 0`` output delayed by exactly one clock (0 in a reset cycle and in the cycle after it, as the
undelayed output is 0 in the reset cycle). :func:`sng_bits` takes ``pipeline_stages`` (0 unless given: the stream
as :mod:`golden.sc` sees it); :func:`sng_pipeline_stages` reads it from RTL parameters with the RTL's default.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from golden.fixed.lfsr_taps import LFSR_DEFAULT_SEED, LFSR_MAX_WIDTH, LFSR_MIN_WIDTH, LFSR_TAPS, LfsrForm
from golden.registry import register_unit

LFSR16_TAPS = LFSR_TAPS[16]  # x^16 + x^14 + x^13 + x^11 + 1 = 0xB400
LFSR16_SEED = LFSR_DEFAULT_SEED  # 0xACE1

#: widths up to this are tabulated (whole period in memory, 2^24 x 8 bytes at most); wider ones are stepped
TABULATE_MAX_WIDTH = 24
_BLOCK = 256  # states stepped one by one before the sequence is extended by jumps


def default_taps(width: int) -> int:
    """Feedback mask of the generated table for ``width`` (``golden/fixed/lfsr_taps.py``)."""
    if width not in LFSR_TAPS:
        raise ValueError(f"width must be in [{LFSR_MIN_WIDTH}, {LFSR_MAX_WIDTH}], got {width}")
    return LFSR_TAPS[width]


def default_seed(width: int) -> int:
    """0xACE1 masked to ``width`` bits (never zero: bit 0 is set); the RTL's ``SC_LFSR_SEED(w)``."""
    return LFSR_DEFAULT_SEED & ((1 << width) - 1)


def enable_positions(enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
    """For per-cycle enable/reset inputs: the number of enabled, non-reset clocks since the last reset, DURING each
    cycle (before its clock edge). ``reset[t]`` true restarts the count at cycle t + 1 (int64 array)."""
    enable = np.asarray(enable, dtype=bool)
    n = enable.size
    reset = np.zeros(n, dtype=bool) if reset is None else np.asarray(reset, dtype=bool)
    if reset.size != n:
        raise ValueError(f"enable and reset must have the same length, got {n} and {reset.size}")
    if not n:
        return np.zeros(0, dtype=np.int64)
    adv = (enable & ~reset).astype(np.int64)
    pos = np.concatenate(([0], np.cumsum(adv)[:-1]))
    # a reset in cycle t-1 restarts the count at cycle t
    restart = np.concatenate(([False], reset[:-1]))
    last = np.maximum.accumulate(np.where(restart, np.arange(n), 0))
    return pos - pos[last]


# ------------------------------------------------------------------------------------------------------------
# GF(2)-linear maps on n-bit states: a map is the list of the images of the unit vectors (bit i -> column i)


def _apply(cols: list[int], s: int) -> int:
    out = 0
    i = 0
    while s:
        if s & 1:
            out ^= cols[i]
        s >>= 1
        i += 1
    return out


def _compose(a: list[int], b: list[int]) -> list[int]:
    """a after b."""
    return [_apply(a, c) for c in b]


def _apply_array(cols: list[int], states: np.ndarray) -> np.ndarray:
    """The map applied to every element of ``states`` (int64), by one 256-entry table per byte of the state."""
    out = np.zeros(states.shape, dtype=np.int64)
    byte = np.arange(256, dtype=np.int64)
    for b in range(0, len(cols), 8):
        tab = np.zeros(256, dtype=np.int64)
        for j, col in enumerate(cols[b:b + 8]):
            tab ^= np.where((byte >> j) & 1 == 1, np.int64(col), np.int64(0))
        out ^= tab[(states >> b) & 0xFF]
    return out


@dataclass
class Lfsr:
    """Fibonacci or Galois LFSR (bit-true to ``sc_lfsr``; ``form``: :class:`LfsrForm`).

    ``taps``/``seed`` default to the generated table's mask for ``width`` and 0xACE1 masked to ``width``.
    """

    width: int = 16
    taps: int | None = None
    seed: int | None = None
    form: int = LfsrForm.FIBONACCI

    def __post_init__(self) -> None:
        if isinstance(self.width, bool) or not isinstance(self.width, int | np.integer) or \
                not LFSR_MIN_WIDTH <= self.width <= LFSR_MAX_WIDTH:
            raise ValueError(f"width must be in [{LFSR_MIN_WIDTH}, {LFSR_MAX_WIDTH}], got {self.width}")
        self.width = int(self.width)
        mask = (1 << self.width) - 1
        if self.taps is None:
            self.taps = default_taps(self.width)
        if self.seed is None:
            self.seed = default_seed(self.width)
        self.taps, self.seed = int(self.taps), int(self.seed)
        if not 0 < self.taps <= mask or not self.taps >> (self.width - 1) & 1:
            raise ValueError(f"taps must be a {self.width}-bit mask with bit {self.width - 1} set, got {self.taps:#x}")
        if not 0 <= self.seed <= mask:
            raise ValueError(f"seed must fit {self.width} bits, got {self.seed:#x}")
        if self.seed == 0:
            raise ValueError("seed must be non-zero: the all-zero state of an LFSR never leaves zero, got 0x0")
        try:
            self.form = LfsrForm(self.form)
        except ValueError:
            raise ValueError(f"form must be one of {[f'{f.value} ({f.name})' for f in LfsrForm]}, "
                             f"got {self.form!r}") from None
        self._mask = mask
        self._period: np.ndarray | None = None
        self.state = self.seed

    @property
    def operand_bits(self) -> int:
        """Width of the ``x_i`` port of an ``sc_sng`` with this source."""
        return self.width

    def reset(self) -> None:
        self.state = self.seed

    def next_state(self, state: int) -> int:
        if self.form == LfsrForm.GALOIS:
            return (state >> 1) ^ (self.taps if state & 1 else 0)
        return ((state << 1) | ((state & self.taps).bit_count() & 1)) & self._mask

    def step(self) -> int:
        """Advance one clock; returns the new state."""
        self.state = self.next_state(self.state)
        return self.state

    def _jump(self) -> list[int]:
        """The one-step map as columns (the step is linear over GF(2) in both forms)."""
        return [self.next_state(1 << i) for i in range(self.width)]

    def sequence(self, n: int, start: int | None = None) -> np.ndarray:
        """States s_0 .. s_(n-1) with s_0 = ``start`` (default: the seed) and s_(t+1) = next_state(s_t).

        Vectorised: the first states are stepped, then the sequence doubles by applying the map A^k (k = the
        length so far, computed by squaring) to everything so far: O(n) table look-ups per byte of the state.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        out = np.empty(n, dtype=np.int64)
        s = self.seed if start is None else start
        have = min(n, _BLOCK)
        for i in range(have):
            out[i] = s
            s = self.next_state(s)
        if have == n:
            return out
        jump = self._jump()
        for _ in range(_BLOCK.bit_length() - 1):  # A^_BLOCK (_BLOCK is a power of two)
            jump = _compose(jump, jump)
        while have < n:
            take = min(have, n - have)
            out[have:have + take] = _apply_array(jump, out[:take])
            jump = _compose(jump, jump)
            have += take
        return out

    def period_states(self) -> np.ndarray:
        """All states of the cycle through the seed, starting at the seed (length = the period).

        Widths up to :data:`TABULATE_MAX_WIDTH` only (the table is cached on the object, read-only)."""
        if self._period is None:
            if self.width > TABULATE_MAX_WIDTH:
                raise ValueError(f"period_states tabulates 2^width - 1 states: width must be <= "
                                 f"{TABULATE_MAX_WIDTH}, got {self.width}")
            seq = self.sequence(1 << self.width)  # every state is on a cycle (the step is invertible)
            back = np.flatnonzero(seq[1:] == self.seed)
            if not back.size:
                raise RuntimeError("state sequence did not return to the seed")
            per = seq[:int(back[0]) + 1].copy()
            per.setflags(write=False)
            self._period = per
        return self._period

    def states_at(self, pos: np.ndarray) -> np.ndarray:
        """The states at positions ``pos`` (>= 0) of the sequence from the seed (s_0 = seed), as int64."""
        pos = np.asarray(pos, dtype=np.int64)
        if not pos.size:
            return pos.copy()
        if self.width <= TABULATE_MAX_WIDTH:
            per = self.period_states()
            return per[pos % per.size]
        return self.sequence(int(pos.max()) + 1)[pos]

    def states(self, enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
        """State seen DURING each cycle (before that cycle's clock edge), for per-cycle enable/reset inputs.

        ``reset[t]`` true means the reset is asserted in cycle t: the state is the seed during the next cycle.
        The sequence is periodic, so this is an index into :meth:`period_states` (or, for wide registers, into
        :meth:`sequence` as far as it is needed).
        """
        return self.states_at(enable_positions(enable, reset))


class NumberSource(Protocol):
    """What :func:`sng_bits` needs of a source (``Lfsr``, ``golden.fixed.sobol_unit.SobolUnit``)."""

    width: int

    @property
    def operand_bits(self) -> int: ...

    def states(self, enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray: ...


class SngEncoding(enum.IntEnum):
    """``Encoding`` parameter of ``sc_sng``."""

    UNIPOLAR = 0  # x_i unsigned, P = x / scale
    BIPOLAR = 1  # x_i signed y, P = (y / 2^(W-1) + 1) / 2


class SngSource(enum.IntEnum):
    """``Source`` parameter of ``sc_sng``."""

    LFSR = 0  # sc_lfsr, x_i is Width bits
    SOBOL = 1  # sc_sobol, x_i is Width + 1 bits


SNG_UNIPOLAR, SNG_BIPOLAR = SngEncoding.UNIPOLAR, SngEncoding.BIPOLAR
SNG_LFSR, SNG_SOBOL = SngSource.LFSR, SngSource.SOBOL

#: legal ``PipelineStages`` of ``sc_sng`` (registers between the comparator register and ``bit_o``)
SNG_PIPELINE_STAGES = (0, 1)
#: the RTL's default ``PipelineStages`` (rtl/sc/sc_sng.sv; tests/test_sng_pipeline.py reads it back from there)
SNG_DEFAULT_PIPELINE_STAGES = 1


def sng_operand_range(source: NumberSource, encoding: int = SNG_UNIPOLAR) -> tuple[int, int]:
    """The values the ``x_i`` port of ``sc_sng`` takes with ``source`` and ``encoding`` (signed for bipolar)."""
    bits = source.operand_bits
    if encoding == SNG_UNIPOLAR:
        return 0, (1 << bits) - 1
    if encoding == SNG_BIPOLAR:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    raise ValueError(f"encoding must be 0 (unipolar) or 1 (bipolar), got {encoding!r}")


def sng_compare(r: Any, x: Any, width: int, encoding: int = SNG_UNIPOLAR) -> Any:
    """The comparator of ``sc_sng``: ``r < x`` (unipolar) or ``r - 2^(width-1) < y`` (bipolar, y signed)."""
    if encoding == SNG_BIPOLAR:
        return (r - (1 << (width - 1))) < x
    return r < x


def check_pipeline_stages(pipeline_stages: int) -> int:
    """``pipeline_stages`` as an int, or ValueError naming the legal values (``PipelineStages`` of ``sc_sng``)."""
    if isinstance(pipeline_stages, bool) or not isinstance(pipeline_stages, int | np.integer) or \
            pipeline_stages not in SNG_PIPELINE_STAGES:
        raise ValueError(f"pipeline_stages (PipelineStages) must be one of {list(SNG_PIPELINE_STAGES)}, "
                         f"got {pipeline_stages!r}")
    return int(pipeline_stages)


def sng_pipeline_stages(params: dict[str, int]) -> int:
    """``PipelineStages`` of an ``sc_sng`` from its RTL parameters (the RTL's default when absent)."""
    return check_pipeline_stages(params.get("PipelineStages", SNG_DEFAULT_PIPELINE_STAGES))


def sng_delay(bits: np.ndarray, reset: np.ndarray | None = None, pipeline_stages: int = 1) -> np.ndarray:
    """``bit_o`` with ``pipeline_stages`` from ``bits``, the ``PipelineStages = 0`` output after every edge.

    Each stage is one register clocked every cycle (no enable) and cleared by the reset: after the edge of
    cycle t it holds the stage before it as it was after the edge of cycle t - 1 (0 before cycle 0, which is
    the power-on reset), and 0 if cycle t is a reset cycle.
    """
    pipeline_stages = check_pipeline_stages(pipeline_stages)
    out = np.asarray(bits, dtype=np.int8)
    reset = np.zeros(out.size, dtype=bool) if reset is None else np.asarray(reset, dtype=bool)
    if reset.size != out.size:
        raise ValueError(f"bits and reset must have the same length, got {out.size} and {reset.size}")
    for _ in range(pipeline_stages):
        out = np.where(reset, 0, np.concatenate(([0], out[:-1]))).astype(np.int8)
    return out


def sng_bits(source: NumberSource, x: np.ndarray, enable: np.ndarray, reset: np.ndarray | None = None,
             encoding: int = SNG_UNIPOLAR, pipeline_stages: int = 0) -> np.ndarray:
    """The registered ``bit_o`` of ``sc_sng`` AFTER each cycle's clock edge (vectorised bit-true model).

    ``source`` is the number source (an :class:`Lfsr`, or a ``SobolUnit``); ``x`` the ``x_i`` of every cycle as
    integers (signed for bipolar). In an enabled, non-reset cycle the comparator register loads the comparison
    of the source's state with x; with enable low it holds; a reset clears it to 0. ``pipeline_stages`` is the
    RTL's ``PipelineStages``: 0 (the default HERE) returns that register, 1 the RTL's default ``bit_o``, the same
    stream one clock later (:func:`sng_delay`). The RTL's default is 1: a caller that models an ``sc_sng`` from
    its parameters passes ``pipeline_stages=sng_pipeline_stages(params)``.
    """
    pipeline_stages = check_pipeline_stages(pipeline_stages)
    x = np.asarray(x, dtype=np.int64)
    enable = np.asarray(enable, dtype=bool)
    reset = np.zeros(x.size, dtype=bool) if reset is None else np.asarray(reset, dtype=bool)
    lo, hi = sng_operand_range(source, encoding)
    if x.size and (x.min() < lo or x.max() > hi):
        raise ValueError(f"x must be in [{lo}, {hi}] ({SngEncoding(encoding).name.lower()}, "
                         f"{source.operand_bits}-bit x_i), "
                         f"got values in [{x.min()}, {x.max()}]")
    st = source.states(enable, reset)
    load = enable & ~reset
    fresh = sng_compare(st, x, source.width, encoding).astype(np.int8)
    # hold: carry the last loaded (or reset) value forward
    event = load | reset
    src = np.where(event, np.arange(x.size), -1)
    src = np.maximum.accumulate(src) if x.size else src
    val = np.where(reset, 0, fresh)
    out = np.where(src >= 0, val[np.maximum(src, 0)], 0).astype(np.int8)
    return sng_delay(out, reset, pipeline_stages) if pipeline_stages else out


def sng_source(params: dict[str, int]) -> Lfsr | Any:
    """The number source of an ``sc_sng`` from its RTL parameters (names as in the RTL, defaults as there)."""
    width = int(params.get("Width", 16))
    source = int(params.get("Source", SNG_LFSR))
    if source == SNG_LFSR:
        return Lfsr(width=width, taps=params.get("Taps"), seed=params.get("Seed"),
                    form=int(params.get("Form", LfsrForm.FIBONACCI)))
    if source == SNG_SOBOL:
        from golden.fixed.sobol_unit import SobolUnit  # imports this module: imported here, not at the top

        return SobolUnit(width=width, dim=int(params.get("Dim", 1)), shift=int(params.get("Shift", 0)))
    raise ValueError(f"Source must be 0 (LFSR) or 1 (Sobol), got {source!r}")


register_unit(
    "sc_lfsr",
    sim="lfsr",
    model="golden.fixed.lfsr.Lfsr",
    rtl="rtl/sc/sc_lfsr.sv",
    description="LFSR, Fibonacci or Galois, width 3..32, maximal-length taps from a generated table "
                "(default x^16+x^14+x^13+x^11+1, seed 0xACE1)",
)
register_unit(
    "sc_sng",
    sim="sng",
    model="golden.fixed.lfsr.sng_bits",
    rtl="rtl/sc/sc_sng.sv",
    description="stochastic number generator: registered (source state < x), then advance; LFSR or Sobol "
                "source, unipolar or bipolar; comparator split in two registered halves (PipelineStages = 1, "
                "one more cycle of latency) by default",
)
