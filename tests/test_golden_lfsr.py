"""The 16-bit LFSR and the stochastic number generator (bit-true models of sc_lfsr and sc_sng), checked
against a per-cycle reference written here from the polynomial definition."""

from __future__ import annotations

import numpy as np
import pytest

from golden.fixed.lfsr import LFSR16_SEED, LFSR16_TAPS, Lfsr, sng_bits

POLY_EXPONENTS = (16, 14, 13, 11)  # x^16 + x^14 + x^13 + x^11 + 1
WIDTH = 16
MASK = (1 << WIDTH) - 1
PERIOD = (1 << WIDTH) - 1


def ref_next(state):
    """Fibonacci form, shift left: the term x^k taps bit k-1; the XOR of the taps enters at bit 0."""
    fb = 0
    for k in POLY_EXPONENTS:
        fb ^= (state >> (k - 1)) & 1
    return ((state << 1) | fb) & MASK


def ref_run(enable, reset, x=None, seed=LFSR16_SEED):
    """Per-cycle reference: the state DURING each cycle and the SNG output register AFTER each cycle's edge.

    At the edge of cycle t: reset -> state = seed, bit = 0; else enable -> bit = (state < x[t]), state
    advances; else both hold. Before the first edge the state is the seed and the bit 0.
    """
    state, bit = seed, 0
    states, out = [], []
    for t in range(len(enable)):
        states.append(state)
        if reset[t]:
            state, bit = seed, 0
        elif enable[t]:
            if x is not None:
                bit = int(state < x[t])
            state = ref_next(state)
        out.append(bit)
    return np.array(states), np.array(out)


def test_constants_are_the_polynomial():
    assert LFSR16_TAPS == sum(1 << (k - 1) for k in POLY_EXPONENTS) == 0xB400
    assert LFSR16_SEED == 0xACE1
    lf = Lfsr()
    assert (lf.width, lf.taps, lf.seed) == (16, 0xB400, 0xACE1)


def test_period_is_maximal_and_visits_every_nonzero_state_once():
    states = Lfsr().period_states()
    assert states.size == PERIOD
    assert states[0] == LFSR16_SEED
    np.testing.assert_array_equal(np.sort(states), np.arange(1, 1 << WIDTH))
    # the brute-force reference returns to the seed after exactly 65535 steps, and not before
    s, n = LFSR16_SEED, 0
    while True:
        s = ref_next(s)
        n += 1
        if s == LFSR16_SEED:
            break
        assert n < PERIOD
    assert n == PERIOD


def test_step_and_next_state_match_reference():
    lf = Lfsr()
    s = LFSR16_SEED
    seq = []
    for _ in range(70000):  # more than one period
        s = ref_next(s)
        seq.append(s)
        assert lf.step() == s
    assert lf.state == s
    lf.reset()
    assert lf.state == LFSR16_SEED
    np.testing.assert_array_equal(Lfsr().period_states()[1:1000], seq[:999])


def test_zero_seed_rejected():
    with pytest.raises(ValueError, match="seed"):
        Lfsr(seed=0)


@pytest.mark.parametrize("taps", [0x3400, 0x7FFF, 0x0001, 0])
def test_taps_without_msb_rejected(taps):
    with pytest.raises(ValueError, match="taps"):
        Lfsr(taps=taps)


@pytest.mark.parametrize("width", [0, 1, 2, 33, 64])
def test_width_out_of_range_rejected(width):
    with pytest.raises(ValueError, match="width"):
        Lfsr(width=width, taps=1 << (max(width, 1) - 1), seed=1)


def test_seed_and_taps_must_fit_the_width():
    with pytest.raises(ValueError, match="seed"):
        Lfsr(seed=1 << 16)
    with pytest.raises(ValueError, match="taps"):
        Lfsr(taps=0x1B400)


@pytest.mark.parametrize("width,taps", [(3, 0b110), (4, 0b1100), (5, 0b10100), (8, 0b10111000)])
def test_small_maximal_lfsrs(width, taps):
    # other widths: the same rule with known maximal polynomials (x^3+x^2+1, x^4+x^3+1, x^5+x^3+1,
    # x^8+x^6+x^5+x^4+1); the period is 2^width - 1
    states = Lfsr(width=width, taps=taps, seed=1).period_states()
    np.testing.assert_array_equal(np.sort(states), np.arange(1, 1 << width))


def _patterns():
    rng = np.random.default_rng(2024)
    n = 5000
    yield "always", np.ones(n, bool), np.zeros(n, bool)
    yield "never", np.zeros(n, bool), np.zeros(n, bool)
    yield "random-enable", rng.random(n) < 0.7, np.zeros(n, bool)
    yield "random-both", rng.random(n) < 0.6, rng.random(n) < 0.02
    yield "dense-reset", rng.random(n) < 0.5, rng.random(n) < 0.3
    en = np.ones(n, bool)
    rs = np.zeros(n, bool)
    rs[[0, 1, 2, 100, 101, n - 1]] = True  # reset in the first cycle, back to back, in the last cycle
    en[[1, 50, 51]] = False
    yield "edges", en, rs
    # a long run with a reset after more than a period
    n = 3 * PERIOD
    rs = np.zeros(n, bool)
    rs[PERIOD + 17] = True
    yield "long", np.ones(n, bool), rs


PATTERNS = list(_patterns())


@pytest.mark.parametrize("label,enable,reset", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_states_match_per_cycle_reference(label, enable, reset):
    ref, _ = ref_run(enable, reset)
    np.testing.assert_array_equal(Lfsr().states(enable, reset), ref)
    if not reset.any():
        np.testing.assert_array_equal(Lfsr().states(enable), ref)


@pytest.mark.parametrize("label,enable,reset", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_sng_bits_match_per_cycle_reference(label, enable, reset):
    rng = np.random.default_rng(len(label))
    n = enable.size
    for x in (rng.integers(0, 1 << WIDTH, n), np.full(n, 0x8000), np.full(n, 0), np.full(n, MASK)):
        _, ref = ref_run(enable, reset, x)
        got = sng_bits(Lfsr(), x, enable, reset)
        np.testing.assert_array_equal(got, ref)
        assert got.dtype == np.int8


@pytest.mark.parametrize("x", [0, 1, 2, 3, 100, 0x5555, 0x8000, 0xACE1, 0xACE2, 65534, 65535])
def test_sng_probability_over_one_period_is_exact(x):
    enable = np.ones(PERIOD, bool)
    bits = sng_bits(Lfsr(), np.full(PERIOD, x), enable)
    states = Lfsr().period_states()
    n_below = int((states < x).sum())
    assert n_below == max(x - 1, 0)  # every non-zero state once
    assert int(bits.sum()) == n_below  # P(1) = (#states < x) / 65535 exactly
    if x == 0:
        assert not bits.any()


def test_sng_zero_is_all_zeros_for_any_pattern():
    for _, enable, reset in PATTERNS:
        assert not sng_bits(Lfsr(), np.zeros(enable.size, np.int64), enable, reset).any()


def test_sng_rejects_x_outside_the_word():
    en = np.ones(4, bool)
    with pytest.raises(ValueError, match="x"):
        sng_bits(Lfsr(), np.array([0, 1, 65536, 2]), en)
    with pytest.raises(ValueError, match="x"):
        sng_bits(Lfsr(), np.array([0, -1, 5, 2]), en)
