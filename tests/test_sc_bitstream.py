"""The packed stochastic-computing library (golden.sc): layout, encoders (LFSR bit-true to sc_sng, Sobol, Bernoulli),
arithmetic, the sequential elements against plain per-cycle loops written here, and the SCC."""

from __future__ import annotations

import math

import numpy as np
import pytest

from golden.fixed.lfsr import Lfsr, sng_bits
from golden.sc import (
    BernoulliSource,
    Bitstream,
    LfsrSource,
    Sobol,
    SobolSource,
    and_count,
    cordiv,
    decode,
    delay,
    encode,
    encode_shared,
    fsm_tanh,
    invert,
    mul_and,
    mul_xnor,
    mux_add,
    pack,
    popcount,
    scc,
    sobol_sng_bits,
    unpack,
    window_count,
)
from golden.sc.sobol import MAX_DIM, direction_integers, direction_numbers

SEED = 20240917
LENGTHS = [1, 5, 63, 64, 65, 127, 128, 129, 1000]


@pytest.fixture
def rng():
    print(f"seed {SEED}")
    return np.random.default_rng(SEED)


def random_streams(rng, shape, n, p=0.5):
    return (rng.random(shape + (n,)) < p).astype(np.uint8)


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("n", LENGTHS)
def test_pack_unpack_round_trip(rng, n):
    bits = random_streams(rng, (3, 2), n)
    bs = pack(bits)
    assert bs.words.dtype == np.uint64 and bs.words.shape == (3, 2, math.ceil(n / 64))
    assert np.array_equal(unpack(bs), bits)
    assert np.array_equal(popcount(bs), bits.sum(axis=-1))
    single = pack(bits[0, 0])
    assert single.words.shape == (math.ceil(n / 64),) and int(popcount(single)) == bits[0, 0].sum()


def test_bit_t_is_bit_t_mod_64_of_word_t_div_64():
    for t in (0, 1, 63, 64, 100, 129):
        bits = np.zeros(130, np.uint8)
        bits[t] = 1
        w = pack(bits).words
        expect = np.zeros(3, np.uint64)
        expect[t // 64] = np.uint64(1) << np.uint64(t % 64)
        assert np.array_equal(w, expect)


def test_bitstream_rejects_bad_words():
    with pytest.raises(ValueError, match="uint64"):
        Bitstream(np.zeros(2, np.int64), 100)
    with pytest.raises(ValueError, match="2 words"):
        Bitstream(np.zeros(3, np.uint64), 100)
    with pytest.raises(ValueError, match="tail"):
        Bitstream(np.array([0, 1 << 40], np.uint64), 100)
    with pytest.raises(ValueError, match="length"):
        Bitstream(np.zeros(1, np.uint64), 0)
    with pytest.raises(ValueError, match="0 or 1"):
        pack([0, 1, 2])


# ------------------------------------------------------------------ encoders


def test_lfsr_full_period_counts_the_states_below_x():
    src = LfsrSource()
    period = (1 << 16) - 1
    xs = np.array([0.0, 1 / 65536, 2 / 65536, 0.25, 0.5, 0.7, 65535 / 65536])
    raw = np.floor(xs * 65536 + 0.5).astype(np.int64)
    bs = encode(xs, period, src)
    states = Lfsr().period_states()
    assert np.array_equal(popcount(bs), [(states < r).sum() for r in raw])
    assert np.array_equal(popcount(bs), np.maximum(raw - 1, 0))  # the zero state is missing: P = (x-1)/(2^16-1)


def test_lfsr_source_is_bit_true_to_sng_bits():
    seed = 0x1D2C
    x_raw = np.array([1, 300, 32768, 40000, 65535])
    bs = encode(x_raw / 65536, 300, LfsrSource(seed=seed))
    for i, xr in enumerate(x_raw):
        ref = sng_bits(Lfsr(seed=seed), np.full(300, xr), np.ones(300, bool))
        assert np.array_equal(unpack(bs)[i], ref)


def test_lfsr_cannot_represent_one():
    with pytest.raises(ValueError, match="does not fit the 16-bit"):
        encode(1.0, 64, LfsrSource())
    with pytest.raises(ValueError, match="does not fit the 8-bit"):
        encode(0.999, 64, LfsrSource(width=8, taps=0xB8, seed=1))


@pytest.mark.parametrize("bad, enc", [(1.5, "unipolar"), (-0.01, "unipolar"), (float("nan"), "unipolar"),
                                      (-1.01, "bipolar"), (1.2, "bipolar")])
def test_out_of_range_values_are_errors_not_clipped(bad, enc):
    with pytest.raises(ValueError, match=f"{enc} x must be in"):
        encode([0.5, bad], 64, BernoulliSource(0), encoding=enc)


def test_bad_arguments():
    a, b = encode(0.5, 64, SobolSource()), encode(0.5, 65, SobolSource())
    with pytest.raises(ValueError, match="lengths differ"):
        mul_and(a, b)
    with pytest.raises(ValueError, match="lengths differ"):
        cordiv(a, b)
    with pytest.raises(ValueError, match="encoding must be"):
        encode(0.5, 64, SobolSource(), encoding="signed")
    with pytest.raises(ValueError, match="stream length"):
        encode(0.5, 0, SobolSource())
    with pytest.raises(TypeError, match="NumberSource"):
        encode(0.5, 64, np.random.default_rng(0))
    with pytest.raises(ValueError, match="even integer"):
        fsm_tanh(a, states=7)
    with pytest.raises(ValueError, match="init must be"):
        fsm_tanh(a, states=8, init=8)
    with pytest.raises(ValueError, match="init must be 0 or 1"):
        cordiv(a, a, init=2)
    with pytest.raises(ValueError, match="delay d"):
        delay(a, -1)
    with pytest.raises(ValueError, match="not a multiple of the window"):
        window_count(a, 10)
    with pytest.raises(ValueError, match="width must be in"):
        Sobol(width=7)
    with pytest.raises(ValueError, match="dimension must be in"):
        Sobol(dim=MAX_DIM + 1)
    with pytest.raises(ValueError, match="x_raw must be in"):
        sobol_sng_bits(257, 16, width=8)
    with pytest.raises(ValueError, match="seed must be non-zero"):
        LfsrSource(seed=0)


def test_bernoulli_source_is_reproducible_and_independent_per_call():
    a1, b1 = encode(0.5, 256, s := BernoulliSource(7)), encode(0.5, 256, s)
    a2 = encode(0.5, 256, BernoulliSource(7))
    assert np.array_equal(a1.words, a2.words) and not np.array_equal(a1.words, b1.words)


def test_bipolar_round_trip_on_the_sobol_grid():
    y = np.array([-1.0, -0.5, 0.0, 0.25, 1.0])  # p = (y+1)/2 on the 1/8 grid; 1024 points hit it exactly
    assert np.array_equal(decode(encode(y, 1024, SobolSource(), encoding="bipolar"), encoding="bipolar"), y)


# ------------------------------------------------------------------ combinational arithmetic


def test_gates_bit_by_bit(rng):
    a, b, s = (random_streams(rng, (4,), 100) for _ in range(3))
    pa, pb, ps = pack(a), pack(b), pack(s)
    assert np.array_equal(unpack(mul_and(pa, pb)), a & b)
    assert np.array_equal(unpack(mul_xnor(pa, pb)), 1 - (a ^ b))
    assert np.array_equal(unpack(mux_add(pa, pb, ps)), np.where(s == 1, a, b))
    assert np.array_equal(unpack(invert(pa)), 1 - a)
    assert np.array_equal(and_count(pa, pb), (a & b).sum(axis=-1))
    for out in (mul_xnor(pa, pb), invert(pa)):  # the tail stays zero (Bitstream checks it) and popcount is right
        assert int(popcount(out[0])) == unpack(out)[0].sum()


def test_xnor_bipolar_multiply_sign_rules():
    n = 4096
    ya = np.array([0.8, 0.8, -0.8, -0.8, 0.0, 0.6])
    yb = np.array([0.5, -0.5, 0.5, -0.5, 0.7, 0.0])
    a = encode(ya, n, SobolSource(dim=1), encoding="bipolar")
    b = encode(yb, n, SobolSource(dim=2), encoding="bipolar")
    prod = decode(mul_xnor(a, b), encoding="bipolar")
    assert np.array_equal(np.sign(prod[:4]), [1, -1, -1, 1])  # (+)(+) = +, (+)(-) = -, (-)(+) = -, (-)(-) = +
    assert np.allclose(prod, ya * yb, atol=4 / n * 4)


def test_mux_add_is_the_half_sum_in_expectation(rng):
    m, n = 400, 256
    a, b = rng.random(m), rng.random(m)
    src = BernoulliSource(SEED)
    out = decode(mux_add(encode(a, n, src), encode(b, n, src), encode(np.full(m, 0.5), n, src)))
    err = out - (a + b) / 2
    assert abs(err.mean()) < 3 * 0.5 / math.sqrt(n * m)  # per stream sd <= 1/(2 sqrt(N))
    assert err.std() < 0.5 / math.sqrt(n) * 1.2


# ------------------------------------------------------------------ sequential elements vs plain loops


def ref_cordiv(x, y, init):
    z, out = init, []
    for xt, yt in zip(x, y, strict=True):
        if yt:
            z = xt
        out.append(z)
    return out


def ref_fsm(x, k, init):
    s, out = init, []
    for xt in x:
        out.append(int(s >= k // 2))
        s = min(s + 1, k - 1) if xt else max(s - 1, 0)
    return out


@pytest.mark.parametrize("n", [1, 63, 64, 130, 300])
@pytest.mark.parametrize("init", [0, 1])
def test_cordiv_cycle_by_cycle(rng, n, init):
    x, y = random_streams(rng, (5,), n, 0.4), random_streams(rng, (5,), n, 0.6)
    z = unpack(cordiv(pack(x), pack(y), init=init))
    for i in range(5):
        assert list(z[i]) == ref_cordiv(x[i], y[i], init)


def test_cordiv_divides_correlated_streams(rng):
    a, b = np.sort(rng.random((2, 200)), axis=0)
    b = np.maximum(b, 0.2)
    x, y = encode_shared([a, b], 4096, BernoulliSource(3))  # one draw of numbers: x_t <= y_t, SCC = +1
    err = np.abs(decode(cordiv(x, y)) - a / b)
    assert err.mean() < 0.012 and err.max() < 0.07  # sd ~ sqrt(q(1-q)/(N P(y))) <= 0.018
    # the same operands from independent sources give P(x), not the quotient
    xi, yi = encode(a, 4096, BernoulliSource(1)), encode(b, 4096, BernoulliSource(2))
    assert np.abs(decode(cordiv(xi, yi)) - a).mean() < 0.02


@pytest.mark.parametrize("k, init", [(2, 1), (4, 0), (8, None), (16, 15)])
@pytest.mark.parametrize("n", [64, 200])
def test_fsm_tanh_cycle_by_cycle(rng, k, init, n):
    x = random_streams(rng, (4,), n, 0.55)
    out = unpack(fsm_tanh(pack(x), states=k, init=init))
    for i in range(4):
        assert list(out[i]) == ref_fsm(x[i], k, k // 2 if init is None else init)


def test_fsm_tanh_mean_follows_tanh():
    k, n = 8, 4096
    y = np.linspace(-0.9, 0.9, 19)
    reps = 40
    x = encode(np.repeat(y, reps), n, BernoulliSource(SEED), encoding="bipolar")
    mean = decode(fsm_tanh(x, states=k), encoding="bipolar").reshape(-1, reps).mean(axis=1)
    assert np.abs(mean - np.tanh(k / 2 * np.arctanh(y))).max() < 0.03  # the exact stationary output
    assert np.abs(mean - np.tanh(k / 2 * y)).max() < 0.12  # Brown & Card's tanh(K/2 y), exact as y -> 0
    small = np.abs(y) <= 0.2
    assert np.abs(mean - np.tanh(k / 2 * y))[small].max() < 0.04


@pytest.mark.parametrize("d", [0, 1, 5, 63, 64, 65, 130, 199, 200, 500])
@pytest.mark.parametrize("fill", [0, 1])
def test_delay(rng, d, fill):
    x = random_streams(rng, (3,), 200)
    ref = np.concatenate([np.full((3, min(d, 200)), fill, np.uint8), x[:, : max(200 - d, 0)]], axis=1)
    assert np.array_equal(unpack(delay(pack(x), d, fill=fill)), ref)


@pytest.mark.parametrize("n, w", [(200, 1), (200, 8), (200, 40), (256, 64), (384, 128), (200, 200)])
def test_window_count(rng, n, w):
    x = random_streams(rng, (2, 3), n)
    assert np.array_equal(window_count(pack(x), w), x.reshape(2, 3, n // w, w).sum(axis=-1))


# ------------------------------------------------------------------ Sobol


def test_sobol_direction_numbers_by_hand():
    # dimension 2: x + 1 (s = 1, a = 0), m_1 = 1, m_k = 2 m_(k-1) XOR m_(k-1)
    assert direction_integers(2, 8) == [1, 3, 5, 15, 17, 51, 85, 255]
    # dimension 3: x^2 + x + 1 (s = 2, a = 1), m = 1, 3; m_3 = 2*1*m_2 XOR 4 m_1 XOR m_1 = 6 ^ 4 ^ 1 = 3
    assert direction_integers(3, 8)[:3] == [1, 3, 3]
    assert list(direction_numbers(2, 8)[:4]) == [1 << 7, 3 << 6, 5 << 5, 15 << 4]


def test_sobol_first_points_by_hand():
    # x_(n+1) = x_n XOR v_c(n), c(n) = least significant zero of n; dimension 2, 8 bits: v = 128, 192, 160, 240
    # n:    0   1         2         3         4         5         6         7
    # c(n): 1   2         1         3         1         2         1         4
    # x:    0 128 128^192=64 64^128=192 192^160=96 96^128=224 224^192=32 32^128=160 160^240=80
    g = Sobol(width=8, dim=2)
    assert list(g.points(9)) == [0, 128, 64, 192, 96, 224, 32, 160, 80]
    assert [0] + [g.step() for _ in range(8)] == [0, 128, 64, 192, 96, 224, 32, 160, 80]
    assert list(Sobol(width=8, dim=1).points(8)) == [0, 128, 192, 64, 96, 224, 160, 32]  # van der Corput, Gray order


def test_sobol_matches_scipy_for_every_dimension_held():
    from scipy.stats import qmc

    m = 1 << 12
    ref = np.ldexp(qmc.Sobol(MAX_DIM, scramble=False, bits=16).random_base2(12), 16).astype(np.int64)
    for d in range(1, MAX_DIM + 1):
        g = Sobol(width=16, dim=d)
        pts = g.points(m)
        assert np.array_equal(pts, ref[:, d - 1]), d
        assert np.array_equal(Sobol(width=16, dim=d).points(5, start=1000), pts[1000:1005])
    steps = [g.step() for _ in range(m - 1)]
    assert np.array_equal([0] + steps, pts)


@pytest.mark.parametrize("width, shift", [(8, 0), (12, 0), (16, 0), (8, 0xAA), (16, 0x5555)])
def test_sobol_low_discrepancy(width, shift):
    for d in (1, 2, 5, MAX_DIM):
        pts = Sobol(width=width, dim=d, shift=shift).points(2 << width)
        full = 1 << width
        assert np.array_equal(np.sort(pts[:full]), np.arange(full))  # one period = every integer once
        assert np.array_equal(pts[full:], pts[:full])  # period 2^width
        for k in range(1, width + 1):  # the first 2^k points: one in each interval of 2^(width-k)
            n = 1 << k
            assert np.array_equal(np.sort(pts[:n] >> (width - k)), np.arange(n))
            step = 1 << (width - k)  # all first 2^k points share their low bits: those of the shift
            assert np.all(pts[:n] % step == shift % step)
            assert pts[:n].mean() == (n - 1) / 2 * step + shift % step
            assert abs(pts[:n].mean() / full - 0.5) <= 0.5 / n


@pytest.mark.parametrize("shift", [0, 0x2AA])
def test_sobol_stream_probability_error(shift):
    width = 10
    for k in (4, 7, 10):
        n = 1 << k
        x_raw = np.arange((1 << width) + 1)
        for d in (1, 3):
            p = sobol_sng_bits(x_raw, n, width=width, dim=d, shift=shift).mean(axis=-1)
            err = np.abs(p - x_raw / (1 << width))
            assert err.max() < 1 / n
            on_grid = x_raw % (1 << (width - k)) == 0
            assert np.all(err[on_grid] == 0)


def test_sobol_digital_shift_is_the_reset_value_of_the_point_register():
    plain, shifted = Sobol(width=12, dim=3), Sobol(width=12, dim=3, shift=0xA5A)
    assert np.array_equal(shifted.points(5000), plain.points(5000) ^ 0xA5A)
    assert shifted.state == 0xA5A
    assert [shifted.step() for _ in range(100)] == list(plain.points(101)[1:] ^ 0xA5A)
    shifted.reset()
    assert shifted.state == 0xA5A and shifted.index == 0
    with pytest.raises(ValueError, match="shift must be"):
        Sobol(width=8, shift=256)


def test_sobol_source_is_sobol_sng_bits():
    x = np.array([0.0, 0.1, 0.5, 0.93, 1.0])
    bs = encode(x, 100, SobolSource(width=12, dim=4))
    assert np.array_equal(unpack(bs), sobol_sng_bits(np.floor(x * 4096 + 0.5).astype(int), 100, width=12, dim=4))


# ------------------------------------------------------------------ SCC


def ref_scc(a, b):
    pa, pb, pab = a.mean(), b.mean(), (a & b).mean()
    d = pab - pa * pb
    den = min(pa, pb) - pa * pb if d > 0 else pa * pb - max(pa + pb - 1, 0)
    return 0.0 if den == 0 else d / den


def test_scc_definition(rng):
    a = random_streams(rng, (50,), 97, 0.3)
    b = random_streams(rng, (50,), 97, 0.6)
    b[:10] = a[:10] | b[:10]  # some positively, some negatively correlated pairs
    b[10:20] = 1 - a[10:20]
    got = scc(pack(a), pack(b))
    assert np.allclose(got, [ref_scc(a[i], b[i]) for i in range(50)], atol=1e-12)
    assert np.allclose(got, scc(pack(b), pack(a)))


def test_scc_properties():
    rng = np.random.default_rng(SEED)
    x, y = rng.random(500) * 0.9 + 0.05, rng.random(500) * 0.9 + 0.05
    n = 1024
    a = encode(x, n, BernoulliSource(1))
    assert np.all(scc(a, a) == 1.0)
    assert np.all(scc(a, invert(a)) == -1.0)
    assert scc(encode(0.0, n, SobolSource()), encode(0.5, n, SobolSource())) == 0.0  # constant stream: defined 0
    indep = scc(a, encode(y, n, BernoulliSource(2)))
    assert abs(indep.mean()) < 0.02 and np.abs(indep).mean() < 0.1
    shared = LfsrSource()
    assert np.all(scc(encode(x, n, shared), encode(y, n, shared)) > 0.99)  # one LFSR: maximally correlated
    two = scc(encode(x, n, LfsrSource(seed=0xACE1)), encode(y, n, LfsrSource(seed=0x1D2C)))
    assert abs(two.mean()) < 0.05
    so = scc(encode(x, n, SobolSource(dim=1)), encode(y, n, SobolSource(dim=2)))
    assert abs(so.mean()) < 0.05
    sa, sb = encode_shared([x, y], n, BernoulliSource(3))
    assert np.all(scc(sa, sb) == 1.0)
    assert abs(scc(sa, delay(sb, 1)).mean()) < 0.05  # one isolator flip-flop decorrelates i.i.d. streams
