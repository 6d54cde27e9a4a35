"""Bit-true models of ``sc_lfsr`` (Fibonacci LFSR) and ``sc_sng`` (stochastic number generator).

``sc_lfsr``, Fibonacci form, shift left: every enabled clock ::

    feedback = parity(state & taps)          # XOR of the tapped bits
    state    = ((state << 1) | feedback) mod 2^width

The default is the 16-bit maximal-length polynomial x^16 + x^14 + x^13 + x^11 + 1: taps at bit positions
15, 13, 12, 10 (mask 0xB400), seed 0xACE1, period 2^16 - 1. The all-zero state is a fixed point, so a
zero seed is rejected (here and at elaboration of the RTL).

``sc_sng``: every enabled clock the registered output becomes ``state < x`` (unsigned), then the LFSR
advances; P(bit = 1) = (number of states below x) / (2^width - 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from golden.registry import register_unit

LFSR16_TAPS = 0xB400
LFSR16_SEED = 0xACE1


@dataclass
class Lfsr:
    """Fibonacci LFSR (bit-true to ``sc_lfsr``)."""

    width: int = 16
    taps: int = LFSR16_TAPS
    seed: int = LFSR16_SEED

    def __post_init__(self) -> None:
        if not 3 <= self.width <= 32:
            raise ValueError(f"width must be in [3, 32], got {self.width}")
        mask = (1 << self.width) - 1
        if not 0 < self.taps <= mask or not self.taps >> (self.width - 1) & 1:
            raise ValueError(f"taps must be a {self.width}-bit mask with bit {self.width - 1} set, got {self.taps:#x}")
        if not 0 <= self.seed <= mask:
            raise ValueError(f"seed must fit {self.width} bits, got {self.seed:#x}")
        if self.seed == 0:
            raise ValueError("seed must be non-zero: the all-zero state of an LFSR never leaves zero, got 0x0")
        self._mask = mask
        self.state = self.seed

    def reset(self) -> None:
        self.state = self.seed

    def next_state(self, state: int) -> int:
        return ((state << 1) | ((state & self.taps).bit_count() & 1)) & self._mask

    def step(self) -> int:
        """Advance one clock; returns the new state."""
        self.state = self.next_state(self.state)
        return self.state

    def period_states(self) -> np.ndarray:
        """All states of the cycle through the seed, starting at the seed (length = the period)."""
        out = [self.seed]
        s = self.next_state(self.seed)
        limit = 1 << self.width
        while s != self.seed:
            out.append(s)
            s = self.next_state(s)
            if len(out) > limit:
                raise RuntimeError("state sequence did not return to the seed")
        return np.array(out, dtype=np.int64)

    def states(self, enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
        """State seen DURING each cycle (before that cycle's clock edge), for per-cycle enable/reset inputs.

        ``reset[t]`` true means the reset is asserted in cycle t: the state is the seed during the next cycle.
        The sequence is periodic, so this is an index into :meth:`period_states` (vectorised).
        """
        enable = np.asarray(enable, dtype=bool)
        n = enable.size
        reset = np.zeros(n, dtype=bool) if reset is None else np.asarray(reset, dtype=bool)
        period = self.period_states()
        # position in the cycle during cycle t = number of enabled, non-reset clocks since the last reset
        adv = (enable & ~reset).astype(np.int64)
        pos = np.concatenate(([0], np.cumsum(adv)[:-1]))
        # a reset in cycle t-1 restarts the count at cycle t
        last_reset = np.where(np.concatenate(([False], reset[:-1])), np.arange(n), 0)
        last_reset = np.maximum.accumulate(last_reset)
        base = pos[last_reset] if n else pos
        idx = (pos - base) % period.size
        return period[idx]


def sng_bits(lfsr: Lfsr, x: np.ndarray, enable: np.ndarray, reset: np.ndarray | None = None) -> np.ndarray:
    """The registered ``bit_o`` of ``sc_sng`` AFTER each cycle's clock edge (vectorised bit-true model).

    In an enabled, non-reset cycle the output register loads ``state < x``; with enable low it holds; a
    reset clears it to 0.
    """
    x = np.asarray(x, dtype=np.int64)
    enable = np.asarray(enable, dtype=bool)
    reset = np.zeros(x.size, dtype=bool) if reset is None else np.asarray(reset, dtype=bool)
    if x.size and (x.min() < 0 or x.max() > (1 << lfsr.width) - 1):
        raise ValueError(f"x must be in [0, {(1 << lfsr.width) - 1}], got values in [{x.min()}, {x.max()}]")
    st = lfsr.states(enable, reset)
    load = enable & ~reset
    fresh = (st < x).astype(np.int8)
    # hold: carry the last loaded (or reset) value forward
    event = load | reset
    src = np.where(event, np.arange(x.size), -1)
    src = np.maximum.accumulate(src)
    val = np.where(reset, 0, fresh)
    out = np.where(src >= 0, val[np.maximum(src, 0)], 0)
    return out.astype(np.int8)


register_unit(
    "sc_lfsr",
    sim="lfsr",
    model="golden.fixed.lfsr.Lfsr",
    rtl="rtl/sc/sc_lfsr.sv",
    description="Fibonacci LFSR, width 3..32 (default x^16+x^14+x^13+x^11+1, seed 0xACE1)",
)
register_unit(
    "sc_sng",
    sim="sng",
    model="golden.fixed.lfsr.sng_bits",
    rtl="rtl/sc/sc_sng.sv",
    description="stochastic number generator: registered (LFSR state < x), then advance",
)
