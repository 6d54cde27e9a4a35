"""Bit-true model of ``sc_sobol``: one dimension of a Sobol low-discrepancy sequence, one point per enabled clock.

The arithmetic is :mod:`golden.sc.sobol` (Joe & Kuo 2008 direction numbers, Antonov & Saleev 1979 Gray-code order);
this module adds what the RTL unit has besides: the enable and the asynchronous reset (``states``), the register
view (``state``, ``seed``, ``step``) shared with :class:`golden.fixed.lfsr.Lfsr` so that ``sc_sng`` can use either
source, and the registration of the unit.

``sc_sobol`` (``Width`` in [8, 16], ``Dim`` in [1, 16], ``Shift`` in [0, 2^Width)): an index counter n and a point
register x, reset to 0 and ``Shift``; every enabled clock ::

    x = x XOR v_c(n),   c(n) = 1 + (trailing ones of n), c = Width when n = 2^Width - 1
    n = (n + 1) mod 2^Width

with v_k = m_k 2^(Width - k) (the m_k of ``Dim``, generated into ``rtl/include/sc_sobol_dirs.svh`` by
``scripts/gen_sobol_dirs.py``). ``point_o`` is the register: the point of the current cycle. Period 2^Width; a
period visits every Width-bit value once.

As the source of ``sc_sng`` the comparator operand is ``Width + 1`` bits (UQ1.Width): x = 2^Width is p = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from golden.fixed.lfsr import enable_positions
from golden.registry import register_unit
from golden.sc.sobol import MAX_DIM, MAX_WIDTH, MIN_WIDTH, Sobol, direction_integers


@dataclass
class SobolUnit:
    """``sc_sobol`` (bit-true): ``width`` [8, 16] bits, Joe & Kuo dimension ``dim`` [1, 16], digital ``shift``."""

    width: int = 16
    dim: int = 1
    shift: int = 0

    def __post_init__(self) -> None:
        for name in ("width", "dim", "shift"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int | np.integer):
                raise ValueError(f"{name} must be an integer, got {v!r}")
            setattr(self, name, int(v))
        self.gen = Sobol(self.width, self.dim, self.shift)  # checks the ranges
        self._period: np.ndarray | None = None
        self.reset()

    @property
    def seed(self) -> int:
        """Reset value of the point register."""
        return self.shift

    @property
    def period(self) -> int:
        return 1 << self.width

    @property
    def operand_bits(self) -> int:
        """Width of the ``x_i`` port of an ``sc_sng`` with this source (UQ1.width)."""
        return self.width + 1

    @property
    def index(self) -> int:
        return self.gen.index

    def reset(self) -> None:
        self.gen.reset()
        self.state = self.gen.state

    def step(self) -> int:
        """Advance one clock; returns the new point."""
        self.state = self.gen.step()
        return self.state

    def period_states(self) -> np.ndarray:
        """The points of one period after a reset (read-only, cached)."""
        if self._period is None:
            per = self.gen.points(self.period)
            per.setflags(write=False)
            self._period = per
        return self._period

    def states_at(self, pos: np.ndarray) -> np.ndarray:
        """The points at positions ``pos`` (>= 0) of the sequence after a reset (int64)."""
        pos = np.asarray(pos, dtype=np.int64)
        return self.period_states()[pos % self.period] if pos.size else pos.copy()

    def states(self, enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
        """The point DURING each cycle for per-cycle enable/reset inputs (as :meth:`golden.fixed.lfsr.Lfsr.states`)."""
        return self.states_at(enable_positions(enable, reset))


def direction_table(dim: int) -> list[int]:
    """m_1 .. m_16 of dimension ``dim``: the m_k of every narrower width are the first ones (checked here)."""
    full = direction_integers(dim, MAX_WIDTH)
    for w in range(MIN_WIDTH, MAX_WIDTH):
        if direction_integers(dim, w) != full[:w]:
            raise AssertionError(f"dimension {dim}: the direction integers of width {w} are not a prefix")
    return full


SOBOL_DIMS = range(1, MAX_DIM + 1)
SOBOL_WIDTHS = range(MIN_WIDTH, MAX_WIDTH + 1)

register_unit(
    "sc_sobol",
    sim="sobol",
    model="golden.fixed.sobol_unit.SobolUnit",
    rtl="rtl/sc/sc_sobol.sv",
    description="Sobol low-discrepancy generator, width 8..16, Joe & Kuo dimensions 1..16, Gray-code order, "
                "optional digital shift",
)
