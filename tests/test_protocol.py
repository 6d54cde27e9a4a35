"""The model protocol itself, on toy models that are not registered (corner cases no catalogue model has yet)."""

import numpy as np
import pytest

from golden import FixedPointLIFNeuron, StochasticLIFNeuron
from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron


@params_dataclass
class _TwoNoiseParams(ParamSet):
    sigma: float = param(0.5, lo=0.0)


class _TwoNoise(Neuron):
    """Toy model with two random inputs of different kinds (normal and uniform)."""

    Params = _TwoNoiseParams
    state_vars = {"x": float}
    inputs = (Input("drive", 0.0),)
    randoms = {"a": "normal", "b": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"x": 0.0}

    @staticmethod
    def derive(p):
        return {"sigma": p.sigma}

    @staticmethod
    def noise_active(p):
        return p.sigma > 0

    @staticmethod
    def kernel(x, drive, a, b, sigma):
        x = 0.9 * x + drive + sigma * a
        if b < 0.1:
            return x, 1
        return x, 0


def test_two_randoms_population_of_one_equals_scalar():
    n, pop = _TwoNoise(seed=3), _TwoNoise.population(1, seed=3)
    scalar = [n.step(0.1) for _ in range(3000)]
    popped = [int(pop.step(0.1)[0]) for _ in range(3000)]
    assert scalar == popped
    assert n.x == pytest.approx(pop.x[0], abs=0)


def test_two_randoms_run_equals_step_and_simulate_equals_step():
    a, b = _TwoNoise.population(1, seed=9), _TwoNoise.population(1, seed=9)
    res = a.run(2500, drive=0.2)
    stepped = [int(b.step(0.2)[0]) for _ in range(2500)]
    assert res.counts[0] == sum(stepped)
    assert list(res.spike_t) == [t for t, s in enumerate(stepped) if s]
    n1, n2 = _TwoNoise(seed=4), _TwoNoise(seed=4)
    sim = n1.simulate(2500, drive=0.2)
    assert list(sim["spike"]) == [n2.step(0.2) for _ in range(2500)]
    assert n1.x == n2.x


def test_event_buffer_grows_for_a_saturated_population():
    pop = StochasticLIFNeuron.population(9)
    res = pop.run(300, input_current=10.0)  # fires every step
    assert res.total == 9 * 300 and res.spike_t.size == 9 * 300
    assert (np.bincount(res.spike_i, minlength=9) == 300).all()
    with pytest.raises(RuntimeError, match="max_events"):
        StochasticLIFNeuron.population(9).run(300, input_current=10.0, max_events=100)


def test_input_defaults_follow_the_word_length():
    n = FixedPointLIFNeuron(data_width=8, fraction=4, v_threshold=16)
    assert n.input_defaults()["gain_k"] == 16 and n.input_defaults()["leak_k"] == 1
    spike, v = n.step(I_t=1)  # no error about inputs the caller never passed
    assert (spike, v) == (0, 1)
    assert FixedPointLIFNeuron().input_defaults() == {"leak_k": 16, "gain_k": 256, "I_t": 0, "noise_in": 0}


def test_generated_step_is_the_inlined_kernel():
    src = StochasticLIFNeuron._step_source
    assert "def step(self, input_current=0.0)" in src and "kern" not in src
    assert "self._k_decay" in src  # constants read as attributes, no call into the kernel


def test_parameters_are_read_only_attributes():
    n = StochasticLIFNeuron(tau_mem=15.0)
    assert n.tau_mem == 15.0
    with pytest.raises(AttributeError, match="frozen"):
        n.tau_mem = 3.0


def test_run_input_shapes():
    pop = StochasticLIFNeuron.population(4)
    with pytest.raises(ValueError, match="accepted"):
        pop.run(10, input_current=np.zeros(7))
    per_step = np.linspace(0, 0.2, 10)[:, None]  # (steps, 1): same for all neurons, varying in time
    assert pop.run(10, input_current=per_step).counts.shape == (4,)


@params_dataclass
class _HistParams(ParamSet):
    window: int = param(4, lo=1, hi=64, integer=True)
    theta: float = param(1.0)


class _Hist(Neuron):
    """Toy model with a vector state: fires when the sum of the last `window` inputs reaches theta."""

    Params = _HistParams
    state_vars = {"pos": int, "buf": __import__("golden.core.protocol", fromlist=["Vector"]).Vector(float, "window")}
    inputs = (Input("x", 0.0),)

    @staticmethod
    def initial_state(p):
        return {"pos": 0, "buf": np.zeros(p.window)}

    @staticmethod
    def derive(p):
        return {"window": p.window, "theta": p.theta}

    @staticmethod
    def kernel(pos, buf, x, window, theta):
        buf[pos] = x
        pos = (pos + 1) % window
        total = 0.0
        for k in range(window):
            total += buf[k]
        if total >= theta:
            return pos, buf, 1
        return pos, buf, 0


def test_vector_state_scalar_population_trace_agree():
    rng = np.random.default_rng(1)
    xs = rng.random((200, 5)) * 0.6
    scalars = [_Hist(window=5) for _ in range(5)]
    ref = np.array([[scalars[i].step(float(xs[t, i])) for i in range(5)] for t in range(200)])
    pop = _Hist.population(5, window=5)
    got = np.array([pop.step(x=xs[t]) for t in range(200)])
    assert (ref == got).all() and ref.sum() > 0
    assert np.array_equal(pop.state["buf"][2], scalars[2].buf)
    res = _Hist.population(5, window=5).run(200, x=xs)
    assert (res.counts == ref.sum(axis=0)).all()
    n = _Hist(window=5)
    tr = n.simulate(200, x=xs[:, 0])
    assert (tr["spike"] == ref[:, 0]).all() and np.array_equal(n.buf, scalars[0].buf)
    n.reset_state()
    assert not n.buf.any() and n.get_state()["buf"].shape == (5,)
    with pytest.raises(ValueError, match="shape"):
        n.set_state(buf=np.zeros(3))


# ----------------------------------------------------------------------------------------------------------
# Population.run: the threaded update loop ("prun") against the serial one, and the loop specialisation


def _run_both(make, steps, **inputs):
    """Run two identically seeded populations, threaded and serial; return (result, final state) of each."""
    out = []
    for parallel in (True, False):
        pop = make()
        res = pop.run(steps, parallel=parallel, **inputs)
        out.append((res, pop.get_state()))
    return out


def _assert_same_run(a, b):
    (ra, sa), (rb, sb) = a, b
    assert ra.steps == rb.steps
    for f in ("counts", "spike_t", "spike_i"):
        x, y = getattr(ra, f), getattr(rb, f)
        assert x.dtype == y.dtype and np.array_equal(x, y), f
    for k in sa:
        assert sa[k].dtype == sb[k].dtype and sa[k].shape == sb[k].shape
        assert sa[k].tobytes() == sb[k].tobytes(), f"state {k} differs between the threaded and serial loops"


def _glm():
    from golden import GLMNeuron

    return GLMNeuron


@pytest.mark.parametrize("case", ["lif-noisy", "adex-euler", "glm-vector-noisy", "hist-vector-2d-input"])
def test_parallel_run_equals_serial_run_bit_for_bit(case):
    # N = 2600: several blocks of neurons per thread (and a partial last block), several tiles of steps, an N
    # that is not a multiple of 8 (the event scan reads 8 flags at a time); every state array compared as bytes.
    n, steps = 2600, 700
    rng = np.random.default_rng(11)
    if case == "lif-noisy":  # normal draws; input crossing threshold, so refractory periods and spikes mix
        def make():
            return StochasticLIFNeuron.population(n, seed=5, noise_std=0.3, refractory_period=3)

        a, b = _run_both(make, steps, input_current=np.linspace(0.0, 3.0, n))
    elif case == "adex-euler":  # the flag-specialised kernel (order=1), strong drive: many spikes per neuron
        from golden import AdExNeuron

        def make():
            return AdExNeuron.population(n, order=1)

        a, b = _run_both(make, steps, input_current=np.linspace(0.0, 3000.0, n))
    elif case == "glm-vector-noisy":  # vector states (filter histories) plus uniform draws
        def make():
            return _glm().population(n, seed=8)

        a, b = _run_both(make, steps, stimulus=np.linspace(-2.0, 6.0, n))
    else:  # vector state, an input that varies in time and per neuron
        def make():
            return _Hist.population(n, window=5)

        a, b = _run_both(make, steps, x=rng.random((steps, n)) * 0.6)
    assert a[0].total > n  # the comparison covers many events
    _assert_same_run(a, b)


def test_parallel_run_saturated_and_capped_buffers_equal_serial():
    # every neuron fires every step: the event buffer must grow between tiles; with max_events it is sized to
    # the cap and never grows (too small a cap is an error); both loops must agree on all of it
    def make():
        return StochasticLIFNeuron.population(1500)

    a, b = _run_both(make, 200, input_current=10.0)
    assert a[0].total == 1500 * 200 == a[0].spike_t.size
    _assert_same_run(a, b)
    with pytest.raises(RuntimeError, match="max_events"):
        make().run(200, parallel=True, input_current=10.0, max_events=5000)
    a, b = _run_both(make, 200, input_current=np.r_[np.full(100, 10.0), np.zeros(1400)], max_events=20000)
    assert a[0].total == 100 * 200
    _assert_same_run(a, b)


def test_parallel_choice_by_size_and_environment(monkeypatch):
    import numba

    from golden.core import protocol

    small = StochasticLIFNeuron.population(10)
    big = StochasticLIFNeuron.population(protocol.PARALLEL_MIN_N)
    monkeypatch.delenv(protocol.PARALLEL_ENV, raising=False)
    monkeypatch.setattr(protocol.os, "getloadavg", lambda: (0.9, 0.9, 0.9))  # an otherwise idle machine
    monkeypatch.setattr(protocol.os, "cpu_count", lambda: 2)
    assert not small._threaded(None)
    assert big._threaded(None) == (numba.get_num_threads() == 2)
    monkeypatch.setattr(protocol.os, "getloadavg", lambda: (3.0, 3.0, 3.0))  # the cores are taken: serial
    assert not big._threaded(None) and big._threaded(True)
    monkeypatch.setenv(protocol.PARALLEL_ENV, "0")
    assert not big._threaded(None) and big._threaded(True)  # the argument wins over the environment
    monkeypatch.setenv(protocol.PARALLEL_ENV, "1")
    assert small._threaded(None) and not small._threaded(False)
    monkeypatch.setenv(protocol.PARALLEL_ENV, "yes")
    with pytest.raises(ValueError, match="GOLDEN_PARALLEL"):
        small._threaded(None)


def test_flag_specialised_loops_equal_scalars_for_both_settings():
    # AdEx's `if euler:` is a mode switch: the compiled loops are built once per truth value, without the side
    # not taken; population run, population step and trace must still equal the scalar neuron bit for bit
    from golden import AdExNeuron

    xs = np.array([300.0, 700.0, 1500.0])
    for order in (1, 2):
        scal = [AdExNeuron(order=order) for _ in xs]
        ref = np.array([[s.step(float(x)) for s, x in zip(scal, xs, strict=True)] for _ in range(3000)])
        pop = AdExNeuron.population(xs.size, order=order)
        res = pop.run(3000, input_current=xs)
        assert res.total > 20 and (res.counts == ref.sum(axis=0)).all()
        assert pop.state["v"].tobytes() == np.array([s.v for s in scal]).tobytes()
        assert pop.state["w"].tobytes() == np.array([s.w for s in scal]).tobytes()
        tr = AdExNeuron(order=order).simulate(3000, input_current=xs[2])
        assert (tr["spike"] == ref[:, 2]).all()
    assert AdExNeuron._jit.keys() >= {("run", (("euler", True),)), ("run", (("euler", False),))}
