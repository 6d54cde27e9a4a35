"""The LIF golden models: the seed's doctests and API, FixedPointLIFNeuron's bit-level semantics (hand-computed
cases and a cross-check against the fxpmath formulation), and StochasticLIFNeuron's dynamics against the
closed-form solution of its Euler map (rheobase, inter-spike interval, refractoriness, OU noise variance)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import golden
import golden.fixed.lif_q88 as lif_q88
import golden.neurons
from golden import FixedPointLIFNeuron, StochasticLIFNeuron
from golden.fixed.lif_q88 import FixedPointLIFParams, float_counterpart, fxp_step

# ----------------------------------------------------------------------------------------------------------
# the seed's doctests, run unchanged; the only change from the seed is where the classes are imported from

SEED_DOCTESTS = {
    "StochasticLIFNeuron": """
>>> neuron = StochasticLIFNeuron(v_threshold=1.0, tau_mem=20.0, noise_std=0.0)
>>> spikes = [neuron.step(1.5) for _ in range(50)]
>>> sum(spikes) > 0
True
>>> neuron.get_state()  # membrane voltage + refractory counter  # doctest: +ELLIPSIS
{'v': ..., 'refractory': 0}
""",
    "StochasticLIFNeuron.process_bitstream": """
>>> import numpy as np
>>> neuron = StochasticLIFNeuron(noise_std=0.0)
>>> bits = np.array([1, 0, 1, 1, 0, 1, 0, 0], dtype=np.uint8)
>>> neuron.reset_state()
>>> out = neuron.process_bitstream(bits, input_scale=2.0)
>>> out.shape
(8,)
""",
    "golden.fixed.lif_q88": """
>>> neuron = FixedPointLIFNeuron()
>>> spike, v = neuron.step(leak_k=240, gain_k=16, I_t=100)
>>> spike in (0, 1)
True
>>> neuron.reset()
""",
}

DOCSTRINGS = {
    "StochasticLIFNeuron": StochasticLIFNeuron.__doc__,
    "StochasticLIFNeuron.process_bitstream": StochasticLIFNeuron.process_bitstream.__doc__,
    "golden.fixed.lif_q88": lif_q88.__doc__,
}


def run_doctest(text, name, globs):
    test = doctest.DocTestParser().get_doctest(text, dict(globs), name, None, 0)
    assert test.examples, f"no examples in {name}"
    out = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    res = runner.run(test, out=out.append)
    assert res.failed == 0, "".join(out)
    return res.attempted


@pytest.mark.parametrize("where", [golden, golden.neurons], ids=["golden", "golden.neurons"])
@pytest.mark.parametrize("name", list(SEED_DOCTESTS))
@pytest.mark.parametrize("source", ["seed", "docstring"])
def test_seed_doctests(source, name, where):
    # the namespace a user has after `from <where> import StochasticLIFNeuron, FixedPointLIFNeuron`
    globs = {c: getattr(where, c) for c in ("StochasticLIFNeuron", "FixedPointLIFNeuron")}
    text = SEED_DOCTESTS[name] if source == "seed" else DOCSTRINGS[name]
    n = run_doctest(text, name, globs)
    assert n == len(doctest.DocTestParser().get_examples(SEED_DOCTESTS[name]))


def test_docstrings_keep_the_seed_examples():
    parse = doctest.DocTestParser().get_examples
    for name, seed in SEED_DOCTESTS.items():
        got = [(e.source, e.want) for e in parse(DOCSTRINGS[name])]
        assert got == [(e.source, e.want) for e in parse(seed)], f"the doctest of {name} changed"


def test_seed_api_types():
    n = StochasticLIFNeuron()
    out = n.step(1.5)
    assert type(out) is int and out in (0, 1)
    st = n.get_state()
    assert list(st) == ["v", "refractory"] and type(st["v"]) is float and type(st["refractory"]) is int
    n.reset_state()
    assert n.get_state() == {"v": 0.0, "refractory": 0}
    f = FixedPointLIFNeuron()
    out = f.step(I_t=300)
    assert type(out) is tuple and [type(x) for x in out] == [int, int] and out == (1, 0)
    assert f.get_state() == {"v": 0, "refractory_counter": 2}
    f.reset()
    assert f.get_state() == {"v": 0, "refractory_counter": 0}
    with pytest.raises(AttributeError, match="tau_mem"):
        n.tau_mem = 5.0  # parameters are read-only attributes
    assert n.tau_mem == 20.0


# ----------------------------------------------------------------------------------------------------------
# FixedPointLIFNeuron: hand-computed cases (Q8.8, v_rest = 0 unless said)


def fp(v=0, ref=0, **params):
    n = FixedPointLIFNeuron(**params)
    n.set_state(v=v, refractory_counter=ref)
    return n


def test_leak_toward_rest_with_floor_dead_zone():
    # dv_leak = ((0 - 200) * 16) >>> 8 = floor(-12.5) = -13;  ((0 + 200) * 16) >>> 8 = floor(12.5) = 12
    assert fp(200).step(leak_k=16, I_t=0) == (0, 187)
    assert fp(-200).step(leak_k=16, I_t=0) == (0, -188)
    # v_rest = 100: ((100 - 0) * 16) >>> 8 = floor(6.25) = 6
    assert fp(0, v_rest=100).step(leak_k=16, I_t=0) == (0, 6)
    # from above the floor carries v all the way to rest; from below it stalls where
    # (-v * 16) >>> 8 == 0, i.e. -v < 16: at v = -15
    hi, lo = fp(200), fp(-200)
    vs_hi = [hi.step(leak_k=16)[1] for _ in range(200)]
    vs_lo = [lo.step(leak_k=16)[1] for _ in range(200)]
    assert all(a >= b for a, b in zip(vs_hi, vs_hi[1:], strict=False)) and vs_hi[-1] == 0
    assert all(a <= b for a, b in zip(vs_lo, vs_lo[1:], strict=False)) and vs_lo[-1] == -15


def test_threshold_equality_fires_one_less_does_not():
    # leak 0, gain 1.0: v_next = v + I_t
    assert fp(0).step(leak_k=0, gain_k=256, I_t=256) == (1, 0)
    assert fp(0).step(leak_k=0, gain_k=256, I_t=255) == (0, 255)
    assert fp(200).step(leak_k=0, I_t=0, noise_in=56) == (1, 0)
    assert fp(200).step(leak_k=0, I_t=0, noise_in=55) == (0, 255)
    # negative threshold: v_next = -100 >= -100 fires
    assert fp(-150, v_threshold=-100, v_reset=-200).step(leak_k=0, I_t=50) == (1, -200)
    assert fp(-150, v_threshold=-100, v_reset=-200).step(leak_k=0, I_t=49) == (0, -101)


@pytest.mark.parametrize("period", [0, 1, 3])
def test_refractory_lasts_exactly_refractory_period_cycles(period):
    n = fp(250, v_rest=10, v_reset=-50, refractory_period=period)
    assert n.step(leak_k=0, I_t=100) == (1, -50)
    assert n.get_state() == {"v": -50, "refractory_counter": period}
    for k in range(period):  # clamped at v_rest whatever the input and leak
        assert n.step(leak_k=200, I_t=30000, noise_in=5000) == (0, 10)
        assert n.get_state() == {"v": 10, "refractory_counter": period - 1 - k}
    # the first cycle after the refractory period integrates again (from v_rest, or v_reset if period 0)
    start = 10 if period else -50
    assert n.step(leak_k=0, I_t=100) == (0, start + 100)


def test_refractory_spike_train_period():
    n = FixedPointLIFNeuron(refractory_period=3)
    spikes = [n.step(leak_k=0, I_t=1000)[0] for _ in range(20)]
    assert spikes == [1, 0, 0, 0] * 5


def test_wraparound_no_saturation():
    big = dict(v_threshold=32767)
    assert fp(32767, **big).step(leak_k=0, I_t=1) == (0, -32768)  # +32767 + 1 -> -32768
    assert fp(-32768, **big).step(leak_k=0, I_t=-2) == (0, 32766)  # -32768 - 2 -> +32766
    assert fp(30000, **big).step(leak_k=0, I_t=10000) == (0, -25536)  # 40000 - 65536
    # a wrap to a large positive value is a spike at the default threshold (as in the RTL)
    assert fp(-32768).step(leak_k=0, I_t=-1) == (1, 0)
    # wrap of a wide product: (0 - 1000) * -32768 >>> 8 = 128000; 1000 + 128000 = 129000 -> 129000 - 131072
    assert fp(1000, **big).step(leak_k=-32768, I_t=0) == (0, -2072)
    # input product: -32768 * 256 >>> 8 = -32768, plus v = -1 -> -32769 -> wraps to +32767 (fires at 32767)
    assert fp(-1, **big).step(leak_k=0, I_t=-32768) == (1, 0)


def test_arithmetic_shift_floors_negative_products():
    # (0 - 1) * 1 >>> 8 = floor(-1/256) = -1 (truncation toward zero would leave v at 1)
    assert fp(1).step(leak_k=1, I_t=0) == (0, 0)
    assert fp(-1).step(leak_k=1, I_t=0) == (0, -1)  # (+1 * 1) >>> 8 = 0
    for I_t, dv in [(-1, -1), (-255, -1), (-256, -1), (-257, -2), (1, 0), (255, 0), (256, 1), (511, 1)]:
        assert fp(0).step(leak_k=0, gain_k=1, I_t=I_t) == (0, dv), I_t


def test_other_formats():
    # Q4.4 in 8 bits: threshold 16 = 1.0; v_next = v + I_t * gain >>> 4
    n = FixedPointLIFNeuron(data_width=8, fraction=4, v_threshold=16, refractory_period=0)
    assert n.step(leak_k=0, gain_k=16, I_t=15) == (0, 15)
    assert n.step(leak_k=0, gain_k=16, I_t=1) == (1, 0)
    n_thr = FixedPointLIFNeuron(data_width=8, fraction=4, v_threshold=127)
    n_thr.set_state(v=127)
    assert n_thr.step(leak_k=0, gain_k=16, I_t=1) == (0, -128)
    with pytest.raises(ValueError, match="I_t"):
        n.step(leak_k=0, gain_k=16, I_t=128)


# ----------------------------------------------------------------------------------------------------------
# FixedPointLIFNeuron: errors


@pytest.mark.parametrize("name", ["leak_k", "gain_k", "I_t", "noise_in"])
@pytest.mark.parametrize("value", [40000, 32768, -32769])
def test_input_out_of_word_rejected(name, value):
    n = FixedPointLIFNeuron()
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        n.step(**{name: value})
    assert n.get_state() == {"v": 0, "refractory_counter": 0}  # nothing happened
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        FixedPointLIFNeuron.population(3).step(**{name: np.array([0, value, 0])})
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        n.simulate(3, **{name: np.array([0, 0, value])})


def test_input_extremes_accepted():
    n = FixedPointLIFNeuron()
    for x in (-32768, 32767, np.int16(-32768), np.int64(32767)):
        n.step(leak_k=x, gain_k=x, I_t=x, noise_in=x)


@pytest.mark.parametrize("bad", [1.5, 0.5, -2.25, "3", None])
def test_non_integer_input_rejected(bad):
    n = FixedPointLIFNeuron()
    with pytest.raises(ValueError, match="I_t"):
        n.step(I_t=bad)
    if isinstance(bad, float):
        with pytest.raises(ValueError, match="I_t"):
            FixedPointLIFNeuron.population(2).step(I_t=np.array([bad, 0.0]))


@pytest.mark.parametrize(
    "kw,name",
    [
        (dict(fraction=16), "fraction"),
        (dict(data_width=8, fraction=8, v_threshold=16), "fraction"),
        (dict(data_width=12, fraction=20, v_threshold=16), "fraction"),
        (dict(v_threshold=32768), "v_threshold"),
        (dict(v_threshold=-32769), "v_threshold"),
        (dict(data_width=9), "v_threshold"),  # the default 256 does not fit 9 bits
        (dict(v_rest=40000), "v_rest"),
        (dict(v_reset=-40000), "v_reset"),
        (dict(data_width=31), "data_width"),
        (dict(refractory_period=-1), "refractory_period"),
        (dict(refractory_period=2.5), "refractory_period"),
    ],
)
def test_parameter_errors(kw, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        FixedPointLIFNeuron(**kw)


def test_parameter_extremes_accepted():
    FixedPointLIFNeuron(v_threshold=32767, v_rest=-32768, v_reset=-32768)
    FixedPointLIFNeuron(data_width=30, fraction=29, v_threshold=(1 << 29) - 1)
    FixedPointLIFNeuron(data_width=2, fraction=0, v_threshold=1, v_rest=-2)


# ----------------------------------------------------------------------------------------------------------
# FixedPointLIFNeuron: cross-check of the integer kernel against fxpmath (fxp_step)

FXP_PARAMS = [
    FixedPointLIFParams(),
    FixedPointLIFParams(v_rest=-100, v_reset=50, v_threshold=1000, refractory_period=3),
    FixedPointLIFParams(data_width=12, fraction=4, v_threshold=100, v_rest=-20, v_reset=-30, refractory_period=1),
    FixedPointLIFParams(data_width=24, fraction=12, v_threshold=1 << 12, refractory_period=0),
]


def _draw_inputs(rng, p, n, kind):
    lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
    if kind == "full":
        return [rng.integers(lo, hi, n, endpoint=True) for _ in range(4)]
    one = 1 << p.fraction  # realistic operating point: small leak and gain, input around threshold
    return [
        rng.integers(0, max(2, one // 4), n, endpoint=True),
        rng.integers(0, 2 * one, n, endpoint=True),
        rng.integers(-4 * one, 4 * one, n, endpoint=True),
        rng.integers(-one // 16, one // 16, n, endpoint=True),
    ]


@pytest.mark.parametrize("kind", ["full", "operating"])
@pytest.mark.parametrize("pi", range(len(FXP_PARAMS)))
def test_kernel_matches_fxpmath(pi, kind):
    p = FXP_PARAMS[pi]
    rng = np.random.default_rng(100 + pi)
    N, T = 1000, 21  # >= 20,000 neuron-steps per case
    lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
    pop = FixedPointLIFNeuron.population(N, p)
    pop.state["v"][:] = rng.integers(lo, hi, N, endpoint=True)
    pop.state["refractory_counter"][:] = rng.integers(0, p.refractory_period, N, endpoint=True)
    scal = [FixedPointLIFNeuron(p) for _ in range(50)]  # the Python (inlined) form on a subset
    for i, n in enumerate(scal):
        n.set_state(v=int(pop.v[i]), refractory_counter=int(pop.refractory_counter[i]))
    fired = in_ref = 0
    for _ in range(T):
        v0, r0 = pop.get_state().values()
        ins = _draw_inputs(rng, p, N, kind)
        s_ref, v_ref, r_ref = fxp_step(v0, r0, *ins, p)
        spike, v_out = pop.step(*ins)
        np.testing.assert_array_equal(spike, s_ref)
        np.testing.assert_array_equal(pop.v, v_ref)
        np.testing.assert_array_equal(v_out, v_ref)
        np.testing.assert_array_equal(pop.refractory_counter, r_ref)
        for i, n in enumerate(scal):
            got = n.step(*(int(x[i]) for x in ins))
            assert got == (int(s_ref[i]), int(v_ref[i])) and n.refractory_counter == r_ref[i]
        fired += int(spike.sum())
        in_ref += int((r0 > 0).sum())
    # the draws exercised both branches
    assert 0 < fired < N * T
    assert in_ref > 0 or p.refractory_period == 0


def test_fxp_step_is_independent_of_the_kernel():
    """fxp_step must disagree with a wrong kernel: a truncating shift differs on negative products."""
    p = FixedPointLIFParams()
    s, v, r = fxp_step(np.array([0]), np.array([0]), 0, 1, np.array([-1]), 0, p)
    assert v.tolist() == [-1]  # floor(-1/256); truncation toward zero would give 0
    s, v, r = fxp_step(np.array([32767]), np.array([0]), 0, 256, np.array([1]), 0,
                       FixedPointLIFParams(v_threshold=32767))
    assert v.tolist() == [-32768] and s.tolist() == [0]


# ----------------------------------------------------------------------------------------------------------
# FixedPointLIFNeuron vs its float counterpart


@pytest.mark.parametrize(
    "leak_k,gain_k,I_t,v_threshold",
    [(16, 16, 1008, 256), (16, 16, 1000, 256), (8, 32, 200, 256), (4, 8, 700, 400), (16, 16, -1000, 256)],
)
def test_float_counterpart_tracks_fixed_point(leak_k, gain_k, I_t, v_threshold):
    p = FixedPointLIFParams(v_threshold=v_threshold, refractory_period=2)
    T = 60
    fx = FixedPointLIFNeuron(p).simulate(T, leak_k=leak_k, gain_k=gain_k, I_t=I_t)
    fl = float_counterpart(p, leak_k, gain_k).simulate(T, input_current=float(I_t))
    first_fx = np.flatnonzero(fx["spike"])
    first_fl = np.flatnonzero(fl["spike"])
    end = min(first_fx[0] if first_fx.size else T, first_fl[0] if first_fl.size else T)
    if I_t > 0:
        assert first_fx.size and first_fl.size, "both should fire"
        # the fixed-point trace lies below the float one (see below): it fires no earlier, and soon after
        assert 0 <= int(first_fx[0]) - int(first_fl[0]) <= 2
    assert end >= 3
    err = fx["v"][:end] - fl["v"][:end]
    # e_{n+1} = (1 - leak) e_n + d_n with each floor contributing d in (-1, 0]: the fixed-point trace lies
    # below the float one by less than (#floors) * min(n, 2^F / leak_k) LSB
    floors = 1 if (I_t * gain_k) % (1 << p.fraction) == 0 else 2
    n = np.arange(1, end + 1)
    bound = floors * np.minimum(n, (1 << p.fraction) / leak_k)
    assert np.all(err <= 1e-9), err
    assert np.all(err > -bound), (err, bound)


def test_float_counterpart_rejects_bad_leak():
    with pytest.raises(ValueError, match="leak_k"):
        float_counterpart(FixedPointLIFParams(), 0, 16)
    with pytest.raises(ValueError, match="leak_k"):
        float_counterpart(FixedPointLIFParams(), 257, 16)


# ----------------------------------------------------------------------------------------------------------
# StochasticLIFNeuron: deterministic dynamics against the Euler map's closed form


def first_crossing(u0, u_inf, theta, q):
    """Steps n >= 1 until u_n = u_inf + (u0 - u_inf) q^n first reaches theta (u0 < theta < u_inf)."""
    x = math.log((u_inf - theta) / (u_inf - u0)) / math.log(q)
    assert abs(x - round(x)) > 1e-6, "borderline case: pick other numbers"
    return math.ceil(x)


@pytest.mark.parametrize(
    "kw,I",
    [
        (dict(), 0.08),
        (dict(dt=0.5, refractory_period=3), 0.3),
        (dict(v_rest=-0.2, v_reset=-0.5, resistance=2.0), 0.1),
        (dict(v_rest=0.1, v_reset=-0.3, tau_mem=7.0, dt=0.25, refractory_period=2, v_threshold=0.8), 0.25),
    ],
)
def test_isi_matches_discrete_solution(kw, I):
    n = StochasticLIFNeuron(**kw)
    p = n.params
    q = 1 - p.dt / p.tau_mem
    u_inf = p.resistance * I * p.tau_mem  # fixed point of u -> q u + R I dt, u = v - v_rest
    theta = p.v_threshold - p.v_rest
    r = p.refractory_period
    t_first = first_crossing(0.0, u_inf, theta, q)  # from v_rest
    u_restart = 0.0 if r > 0 else p.v_reset - p.v_rest  # refractory steps clamp v at v_rest
    isi = r + first_crossing(u_restart, u_inf, theta, q)
    T = t_first + 6 * isi + 1
    spikes = np.array([n.step(I) for _ in range(T)])
    times = np.flatnonzero(spikes)
    assert times[0] == t_first - 1
    assert np.all(np.diff(times) == isi), (np.diff(times), isi)
    # the trace between spikes is the map's solution
    n2 = StochasticLIFNeuron(**kw)
    vs = np.array([(n2.step(I), n2.v)[1] for _ in range(t_first - 1)])
    k = np.arange(1, t_first)
    np.testing.assert_allclose(vs - p.v_rest, u_inf * (1 - q**k), rtol=1e-12, atol=1e-12)


def test_rheobase():
    # R = 1, tau = 20, threshold 1: fires iff R I tau > 1, i.e. I > 0.05, for any dt
    currents = np.array([0.04, 0.045, 0.049, 0.0495, 0.0499, 0.0501, 0.0505, 0.051, 0.055, 0.06])
    for dt in (1.0, 0.5):
        pop = StochasticLIFNeuron.population(currents.size, resistance=1.0, tau_mem=20.0, v_threshold=1.0, dt=dt)
        res = pop.run(int(4000 / dt), input_current=currents)
        fires = res.counts > 0
        np.testing.assert_array_equal(fires, currents > 0.05)
        assert np.all(pop.v[currents < 0.05] < currents[currents < 0.05] * 20.0)
    # the scalar form, just above and just below
    above, below = StochasticLIFNeuron(), StochasticLIFNeuron()
    assert sum(above.step(0.0501) for _ in range(2000)) > 0
    assert sum(below.step(0.0499) for _ in range(5000)) == 0


def test_threshold_equality_fires():
    # tau = 2 dt: v_1 = v_0 - v_0 / 2 + R I dt, exact in binary floating point
    n = StochasticLIFNeuron(tau_mem=2.0, v_reset=-0.25)
    assert n.step(1.0) == 1 and n.v == -0.25  # v_1 = 1.0 == threshold
    n = StochasticLIFNeuron(tau_mem=2.0)
    assert n.step(0.5) == 0 and n.v == 0.5
    assert n.step(0.75) == 1  # 0.5 - 0.25 + 0.75 = 1.0
    n = StochasticLIFNeuron(tau_mem=2.0)
    assert n.step(1.0 - 2**-52) == 0 and n.v == 1.0 - 2**-52


@pytest.mark.parametrize("r", [0, 1, 4])
def test_refractory_respected(r):
    n = StochasticLIFNeuron(refractory_period=r, v_rest=0.2, v_reset=-1.0)
    out, vs, refs = [], [], []
    for _ in range(40):
        out.append(n.step(10.0))  # fires whenever it is allowed to
        vs.append(n.v)
        refs.append(n.refractory)
    assert out == ([1] + [0] * r) * (40 // (r + 1)) + ([1] + [0] * r)[: 40 % (r + 1)]
    for t, s in enumerate(out):
        if s:
            assert vs[t] == -1.0 and refs[t] == r
        elif r:
            assert vs[t] == 0.2  # clamped at v_rest


def test_process_bitstream_equals_steps():
    bits = np.random.default_rng(3).integers(0, 2, 300).astype(np.uint8)
    a = StochasticLIFNeuron(tau_mem=10.0).process_bitstream(bits, input_scale=0.3)
    b = StochasticLIFNeuron(tau_mem=10.0)
    ref = [b.step(0.3 * x) for x in bits.tolist()]
    assert a.dtype == np.uint8 and a.tolist() == ref and 0 < sum(ref) < 300
    with pytest.raises(ValueError):
        StochasticLIFNeuron().process_bitstream(np.array([0, 2, 1]))
    assert StochasticLIFNeuron().process_bitstream(np.array([], dtype=np.uint8)).shape == (0,)


@pytest.mark.parametrize(
    "kw,name",
    [(dict(dt=30.0), "dt"), (dict(v_reset=1.0), "v_reset"), (dict(tau_mem=0.0), "tau_mem"),
     (dict(noise_std=-0.1), "noise_std"), (dict(refractory_period=1.5), "refractory_period")],
)
def test_stochastic_lif_parameter_errors(kw, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        StochasticLIFNeuron(**kw)


# ----------------------------------------------------------------------------------------------------------
# StochasticLIFNeuron: the free Ornstein-Uhlenbeck process


def test_ou_variance_matches_euler_maruyama():
    sigma, dt, tau = 0.3, 2.0, 10.0
    q = 1 - dt / tau
    var_em = sigma**2 * dt / (1 - q**2)  # 0.5; the continuous-time sigma^2 tau / 2 = 0.45 is 10 % lower
    N = 4000
    pop = StochasticLIFNeuron.population(N, seed=1234, noise_std=sigma, dt=dt, tau_mem=tau, v_threshold=1e9,
                                         v_reset=0.0)
    for _ in range(100):  # burn-in: q^100 ~ 2e-10
        pop.step(0.0)
    snaps, lag1 = [], []
    for _ in range(20):  # snapshots 20 steps apart: correlation q^20 ~ 0.01
        for _ in range(19):
            pop.step(0.0)
        before = pop.v.copy()
        pop.step(0.0)
        snaps.append(pop.v.copy())
        lag1.append(np.corrcoef(before, pop.v)[0, 1])
    v = np.concatenate(snaps)  # 80,000 nearly independent samples: relative s.e. of the variance ~ 0.5 %
    assert abs(v.mean()) < 5 * math.sqrt(var_em / v.size)
    assert v.var() == pytest.approx(var_em, rel=0.03)
    assert abs(np.mean(lag1) - q) < 0.01
    # reproducible with the seed
    pop2 = StochasticLIFNeuron.population(N, seed=1234, noise_std=sigma, dt=dt, tau_mem=tau, v_threshold=1e9)
    for _ in range(100 + 20 * 20):
        pop2.step(0.0)
    np.testing.assert_array_equal(pop2.v, snaps[-1])


def test_ou_variance_single_neuron_trace():
    """The same law from one neuron's long trace (the scalar random stream, compiled trace form)."""
    sigma, dt, tau = 0.5, 1.0, 5.0
    q = 1 - dt / tau
    var_em = sigma**2 * dt / (1 - q**2)
    n = StochasticLIFNeuron(seed=99, noise_std=sigma, dt=dt, tau_mem=tau, v_threshold=1e9)
    tr = n.simulate(200_000)
    assert tr["spike"].sum() == 0
    v = tr["v"][100:]
    # s.e. of an AR(1) variance estimate: sqrt(2 (1 + q^2) / ((1 - q^2) n)) ~ 0.5 % here
    assert v.var() == pytest.approx(var_em, rel=0.03)
