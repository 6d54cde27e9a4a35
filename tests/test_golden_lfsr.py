"""The LFSR and the stochastic number generator (bit-true models of sc_lfsr and sc_sng), checked against
per-cycle references written here from the definitions: the original 16-bit Fibonacci register, every width
in both forms, the bipolar encoding and the Sobol source (golden/fixed/sobol_unit.py)."""

from __future__ import annotations

import numpy as np
import pytest

from golden.fixed.lfsr import (
    LFSR16_SEED,
    LFSR16_TAPS,
    SNG_BIPOLAR,
    Lfsr,
    LfsrForm,
    default_seed,
    default_taps,
    sng_bits,
    sng_operand_range,
    sng_source,
)
from golden.fixed.sobol_unit import SobolUnit

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


# ----------------------------------------------------------------------------------------------------------
# every width, both forms (the generated table's defaults), and the new SNG modes


def ref_next_form(state, width, taps, form):
    """The two register forms written from their definitions (sc_lfsr header): Fibonacci shifts left with the
    parity of the tapped bits into bit 0; Galois shifts right and XORs the mask in when bit 0 falls out."""
    if form == LfsrForm.GALOIS:
        return (state >> 1) ^ (taps if state & 1 else 0)
    fb = 0
    for k in range(width):
        if (taps >> k) & 1:
            fb ^= (state >> k) & 1
    return ((state << 1) | fb) & ((1 << width) - 1)


@pytest.mark.parametrize("form", list(LfsrForm))
@pytest.mark.parametrize("width", [3, 4, 7, 8, 12, 16, 19, 25, 31, 32])
def test_forms_match_reference_for_sampled_widths(width, form):
    lf = Lfsr(width, form=form)
    assert (lf.taps, lf.seed) == (default_taps(width), default_seed(width))
    s = lf.seed
    ref = []
    for _ in range(3000):
        ref.append(s)
        s = ref_next_form(s, width, lf.taps, form)
    np.testing.assert_array_equal(lf.sequence(3000), ref)
    for v in ref[1:50]:
        assert lf.step() == v
    # far positions of the vectorised sequence (jumps by powers of the step map) against stepping
    far = lf.sequence(70_001)
    s = lf.seed
    for _ in range(70_000):
        s = ref_next_form(s, width, lf.taps, form)
    assert far[-1] == s


def test_galois_16_bit_is_the_classic_register():
    """Galois with mask 0xB400 is the textbook right-shifting LFSR (period 65535 from 0xACE1)."""
    lf = Lfsr(16, form=LfsrForm.GALOIS)
    s = 0xACE1
    for _ in range(5):
        lsb = s & 1
        s >>= 1
        if lsb:
            s ^= 0xB400
        assert lf.step() == s
    assert Lfsr(16, form=LfsrForm.GALOIS).period_states().size == PERIOD


@pytest.mark.parametrize("form", [2, -1, "galois"])
def test_bad_form_rejected(form):
    with pytest.raises(ValueError, match="form"):
        Lfsr(form=form)


def test_zero_seed_rejected_in_every_form_and_width():
    for w in (3, 16, 32):
        for f in LfsrForm:
            with pytest.raises(ValueError, match="seed must be non-zero"):
                Lfsr(w, seed=0, form=f)


def test_wide_states_use_the_sequence():
    """Widths above the tabulated limit: states() indexes the stepped sequence (no period table)."""
    lf = Lfsr(30, form=LfsrForm.GALOIS)
    with pytest.raises(ValueError, match="width must be <="):
        lf.period_states()
    rng = np.random.default_rng(1)
    en, rs = rng.random(4000) < 0.7, rng.random(4000) < 0.01
    ref, _ = ref_run_generic(lf, en, rs)
    np.testing.assert_array_equal(lf.states(en, rs), ref)


def ref_run_generic(source, enable, reset, x=None, encoding=0):
    """Per-cycle reference of any source with reset()/step()/state and the SNG comparator (sc_sng header)."""
    source.reset()
    bit = 0
    states, out = [], []
    half = 1 << (source.width - 1)
    for t in range(len(enable)):
        states.append(source.state)
        if reset[t]:
            source.reset()
            bit = 0
        elif enable[t]:
            if x is not None:
                r = source.state
                bit = int((r - half) < x[t]) if encoding == SNG_BIPOLAR else int(r < x[t])
            source.step()
        out.append(bit)
    source.reset()
    return np.array(states), np.array(out)


SNG_MODES = [
    ("lfsr-bipolar-w16", {"Encoding": 1}),
    ("lfsr-galois-unipolar-w9", {"Width": 9, "Form": 1}),
    ("lfsr-galois-bipolar-w5", {"Width": 5, "Form": 1, "Encoding": 1}),
    ("sobol-unipolar-w8-dim3", {"Width": 8, "Source": 1, "Dim": 3}),
    ("sobol-bipolar-w10-dim6-shift", {"Width": 10, "Source": 1, "Encoding": 1, "Dim": 6, "Shift": 0x2B5}),
]


@pytest.mark.parametrize("label,params", SNG_MODES, ids=[m[0] for m in SNG_MODES])
def test_sng_modes_match_per_cycle_reference(label, params):
    src = sng_source(params)
    enc = params.get("Encoding", 0)
    lo, hi = sng_operand_range(src, enc)
    for _, enable, reset in PATTERNS[:6]:
        rng = np.random.default_rng(enable.size)
        x = rng.integers(lo, hi + 1, enable.size)
        states, ref = ref_run_generic(src, enable, reset, x, enc)
        np.testing.assert_array_equal(src.states(enable, reset), states)
        np.testing.assert_array_equal(sng_bits(src, x, enable, reset, enc), ref)


def _period_ones(params, x):
    src = sng_source(params)
    per = src.period_states().size
    return int(sng_bits(src, np.full(per, x), np.ones(per, bool), encoding=params.get("Encoding", 0)).sum()), per


@pytest.mark.parametrize("y", [-32768, -32767, -32766, -1, 0, 1, 12345, 32766, 32767])
def test_lfsr_bipolar_probability_over_one_period_is_exact(y):
    ones, per = _period_ones({"Encoding": 1}, y)
    assert per == PERIOD
    assert ones == max(y + 32768 - 1, 0)  # = the unipolar count of x = y + 2^15


@pytest.mark.parametrize("x", [0, 1, 2, 128, 255, 256, 257, 511])
def test_sobol_unipolar_probability_over_one_period_is_exact(x):
    ones, per = _period_ones({"Width": 8, "Source": 1, "Dim": 5, "Shift": 0x3C}, x)
    assert per == 256 and ones == min(x, 256)  # x = 2^W is the all-ones stream; beyond it saturates


@pytest.mark.parametrize("y", [-256, -200, -129, -128, -127, 0, 1, 127, 128, 129, 255])
def test_sobol_bipolar_probability_over_one_period_is_exact(y):
    ones, per = _period_ones({"Width": 8, "Source": 1, "Encoding": 1, "Dim": 2}, y)
    assert per == 256 and ones == min(max(y + 128, 0), 256)  # y = -+128 are exactly -+1


def test_sng_modes_agree_with_the_bitstream_library():
    """golden.sc.bitstream encodes p -> x_raw = round(p 2^W) and compares; sc_sng with the same source and the
    operand in the RTL's units (bipolar: y = x_raw - 2^(W-1)) gives the same stream."""
    from golden.sc.bitstream import LfsrSource, SobolSource, encode, unpack

    n = 3000
    en = np.ones(n, bool)
    for value in (-0.75, -0.1, 0.0, 0.3, 0.99):
        lf = unpack(encode(value, n, LfsrSource(12, default_taps(12), default_seed(12)), encoding="bipolar"))
        y = int(np.floor((value + 1) / 2 * 4096 + 0.5)) - 2048
        np.testing.assert_array_equal(sng_bits(Lfsr(12), np.full(n, y), en, encoding=SNG_BIPOLAR), lf)
    for value in (0.0, 0.2, 0.5, 1.0):
        sb = unpack(encode(value, n, SobolSource(10, 4, 0x155)))
        x = int(np.floor(value * 1024 + 0.5))
        np.testing.assert_array_equal(sng_bits(SobolUnit(10, 4, 0x155), np.full(n, x), en), sb)
    for value in (-1.0, -0.5, 0.25, 1.0):
        sb = unpack(encode(value, n, SobolSource(10, 4, 0x155), encoding="bipolar"))
        y = int(np.floor((value + 1) / 2 * 1024 + 0.5)) - 512
        np.testing.assert_array_equal(sng_bits(SobolUnit(10, 4, 0x155), np.full(n, y), en, encoding=SNG_BIPOLAR), sb)


@pytest.mark.parametrize("label,params", SNG_MODES, ids=[m[0] for m in SNG_MODES])
def test_sng_rejects_operands_outside_the_port(label, params):
    src = sng_source(params)
    enc = params.get("Encoding", 0)
    lo, hi = sng_operand_range(src, enc)
    bits = src.operand_bits
    assert hi - lo == (1 << bits) - 1
    en = np.ones(3, bool)
    for bad in (lo - 1, hi + 1):
        with pytest.raises(ValueError, match="x must be in"):
            sng_bits(src, np.array([lo, bad, hi]), en, encoding=enc)


def test_sng_source_from_rtl_parameters():
    assert sng_source({}) == Lfsr()
    assert sng_source({"Width": 9, "Form": 1}) == Lfsr(9, form=LfsrForm.GALOIS)
    sb = sng_source({"Width": 12, "Source": 1, "Dim": 7, "Shift": 5})
    assert isinstance(sb, SobolUnit) and (sb.width, sb.dim, sb.shift, sb.operand_bits) == (12, 7, 5, 13)
    with pytest.raises(ValueError, match="Source"):
        sng_source({"Source": 2})
    with pytest.raises(ValueError, match="encoding"):
        sng_bits(Lfsr(), np.zeros(2), np.ones(2, bool), encoding=2)


def test_sobol_unit_matches_the_sobol_library_and_steps():
    from golden.sc.sobol import Sobol

    u = SobolUnit(11, 13, 0x2AA)
    np.testing.assert_array_equal(u.period_states(), Sobol(11, 13, 0x2AA).points(2048))
    rng = np.random.default_rng(3)
    en, rs = rng.random(5000) < 0.8, rng.random(5000) < 0.003
    ref, _ = ref_run_generic(u, en, rs)
    np.testing.assert_array_equal(u.states(en, rs), ref)
    for bad in ({"width": 7}, {"width": 17}, {"dim": 0}, {"dim": 17}, {"shift": 1 << 16}, {"shift": -1}):
        with pytest.raises(ValueError):
            SobolUnit(**bad)
