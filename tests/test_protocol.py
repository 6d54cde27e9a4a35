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
