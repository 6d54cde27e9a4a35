"""Registry-wide checks: every model in ``golden.registry.models()`` gets them, with no hand-kept list.

What a model declares is all these tests read: its ``Params`` (defaults and ranges), its ``inputs``, its
``outputs``, its ``randoms`` and ``noise_active``, and the registry's ``primary`` input and ``sweep``.

Optional registry hints (``register(..., quiet_params={...}, noise_params={...})``, kept in ``info.extra``):

* ``quiet_params``: parameters that switch the noise off, for a model whose DEFAULTS have live noise. Without
  it such a model skips the bitwise deterministic checks (its noisy forms are still compared, with injected
  draws and with seeds).
* ``noise_params``: parameters that switch the noise on, for a model whose defaults are quiet. Without it the
  tests look for one parameter whose change makes ``noise_active`` true (e.g. ``noise_std=1.0``).
"""

from __future__ import annotations

import importlib
import math
import numbers
import re
from pathlib import Path

import numpy as np
import pytest

import golden
import golden.neurons
from golden import registry
from golden.core.protocol import Vector
from golden.registry import catalogue, models, units

ROOT = Path(__file__).resolve().parents[1]
MODELS = models()
NAMES = list(MODELS)
NOISY_NAMES = [n for n, i in MODELS.items() if i.cls.randoms]

N_SWEEP, T_SWEEP = 9, 300  # finiteness sweep: values of the primary input, steps per value
N_POP, T_POP = 7, 200  # population checks


# ----------------------------------------------------------------------------------------------------------
# helpers


def _input(info, name):
    return next(i for i in info.cls.inputs if i.name == name)


def primary_values(info, k):
    """``k`` values of the primary input spanning ``info.sweep`` (ints for integer inputs)."""
    lo, hi = info.sweep
    vals = np.linspace(lo, hi, k)
    if _input(info, info.primary).integer:
        return np.round(vals).astype(np.int64)
    return vals.astype(np.float64)


def random_primary(info, rng, shape):
    lo, hi = info.sweep
    if _input(info, info.primary).integer:
        return rng.integers(int(lo), int(hi), size=shape, endpoint=True, dtype=np.int64)
    return rng.uniform(lo, hi, size=shape)


def py(x):
    """numpy scalar -> the Python number the scalar API would hand out."""
    return x.item() if isinstance(x, np.generic) else x


def as_tuple(out):
    return out if isinstance(out, tuple) else (out,)


def quiet_kwargs(info):
    """Parameters with the noise off ({} = defaults), or None if the model cannot be made quiet."""
    cls = info.cls
    if not cls.randoms or not cls.noise_active(cls.Params()):
        return {}
    kw = info.extra.get("quiet_params")
    if kw is not None:
        assert not cls.noise_active(cls.Params(**kw)), f"{info.name}: quiet_params leave the noise on"
    return kw


_CANDIDATES = (1.0, 0.5, 0.1, 2.0, 10.0)


def live_kwargs(info):
    """Parameters with live noise (for models with ``randoms``)."""
    cls = info.cls
    kw = info.extra.get("noise_params")
    if kw is not None:
        return kw
    if cls.noise_active(cls.Params()):
        return {}
    for row in cls.Params.spec():
        cands = list(_CANDIDATES)
        if isinstance(row["default"], numbers.Real) and row["default"]:
            cands.append(2 * row["default"])
        for c in cands:
            try:
                p = cls.Params(**{row["name"]: c})
            except ValueError:
                continue
            if cls.noise_active(p):
                return {row["name"]: c}
    pytest.fail(f"{info.name} has randoms {dict(cls.randoms)} but no single-parameter change turns the noise "
                f"on; register it with noise_params={{...}}")


def scalar_trace(neuron, info, xs):
    """Step ``neuron`` once per entry of ``xs`` (the primary input); returns state and output traces."""
    states = {k: [] for k in info.cls.state_vars}
    outs = [[] for _ in info.cls.outputs]
    for x in xs:
        o = as_tuple(neuron.step(**{info.primary: py(x)}))
        assert len(o) == len(outs), f"step returned {len(o)} outputs, declared {len(outs)}"
        for k, v in neuron.get_state().items():
            states[k].append(v)
        for j, v in enumerate(o):
            outs[j].append(v)
    return states, outs


def bits(a):
    """A view of values in which equality is bitwise equality (floats by their IEEE-754 bits)."""
    a = np.asarray(a)
    if a.dtype.kind == "f":
        return np.ascontiguousarray(a, dtype=np.float64).view(np.int64)
    if a.dtype.kind in "iub":
        return a.astype(np.int64)
    raise TypeError(f"unexpected dtype {a.dtype} (values {a.ravel()[:5]})")


def assert_bitwise(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} != {b.shape}"
    assert (a.dtype.kind == "f") == (b.dtype.kind == "f"), f"{what}: dtypes {a.dtype} vs {b.dtype}"
    diff = bits(a) != bits(b)
    if diff.any():
        idx = tuple(int(j) for j in np.argwhere(diff)[0])
        pytest.fail(f"{what}: first difference at index {idx}: {a[idx]!r} != {b[idx]!r} "
                    f"({int(diff.sum())} of {diff.size} differ)")


def scalar_arrays(values, like):
    """Scalar-API values as an array of the kind of ``like`` (float64 or int64) for a bitwise comparison."""
    kind = np.asarray(like).dtype.kind
    vals = np.asarray(values, dtype=object)
    if kind == "f":
        assert all(isinstance(v, float) for v in vals.ravel()), f"expected floats, got {vals.ravel()[:5]}"
        return vals.astype(np.float64)
    assert all(isinstance(v, numbers.Integral) for v in vals.ravel()), f"expected ints, got {vals.ravel()[:5]}"
    return vals.astype(np.int64)


def scalar_states(cls):
    """State variables compared step by step; vector states (buffers) are compared through ``freeze``."""
    return [k for k, t in cls.state_vars.items() if not isinstance(t, Vector)]


def freeze(x):
    """A form of states/traces in which == compares vector states element by element."""
    if isinstance(x, np.ndarray):
        return ("array", x.dtype.str, x.shape, bits(x).tobytes())
    if isinstance(x, dict):
        return {k: freeze(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(freeze(v) for v in x)
    return x


def word(pattern, text):
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(pattern)}(?![A-Za-z0-9_])", text) is not None


# ----------------------------------------------------------------------------------------------------------
# registration metadata


def test_registry_is_not_empty():
    assert "StochasticLIFNeuron" in MODELS and "FixedPointLIFNeuron" in MODELS


@pytest.mark.parametrize("name", NAMES)
def test_model_is_a_catalogue_row(name):
    rows = {r["class"]: r for r in catalogue()}
    assert name in rows, f"{name} is registered but not in golden/catalogue.csv"
    assert rows[name]["family"] == MODELS[name].family, "registered family differs from the catalogue's"


@pytest.mark.parametrize("old", sorted(registry.ALIASES))
def test_deprecated_alias_imports_with_a_warning(old):
    new = registry.ALIASES[old][0]
    assert new in MODELS and old not in MODELS and old not in golden.__all__
    for mod in (golden, golden.neurons):
        with pytest.warns(DeprecationWarning, match=f"{old} is deprecated.*use {new}"):
            assert getattr(mod, old) is MODELS[new].cls
    with pytest.warns(DeprecationWarning):
        ns = {}
        exec(f"from golden import {old} as a", ns)
    assert ns["a"] is MODELS[new].cls
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchNeuron'"):
        golden.NoSuchNeuron  # noqa: B018


@pytest.mark.parametrize("name", NAMES)
def test_flat_imports(name):
    cls = MODELS[name].cls
    assert getattr(golden, name) is cls
    assert getattr(golden.neurons, name) is cls
    assert name in golden.__all__ and name in golden.neurons.__all__
    ns = {}
    exec(f"from golden import {name} as a\nfrom golden.neurons import {name} as b", ns)
    assert ns["a"] is cls and ns["b"] is cls


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@pytest.mark.parametrize("name", NAMES)
def test_docstring_names_a_reference(name):
    info = MODELS[name]
    assert info.reference.strip(), f"{name} registered without a reference"
    doc = info.cls.__doc__ or ""
    assert doc.strip(), f"{name} has no docstring"
    # a citation (a year next to author names) or, for a bit-true model, the RTL unit it is the reference of
    cites = bool(_YEAR.search(doc)) or (info.rtl is not None and info.rtl in doc)
    assert cites, f"{name}'s docstring names no reference (no year of a citation, no RTL unit); " \
                  f"registered reference: {info.reference!r}"
    assert _YEAR.search(info.reference) or (info.rtl and info.rtl in info.reference), \
        f"{name}: the registered reference cites nothing: {info.reference!r}"


@pytest.mark.parametrize("name", NAMES)
def test_inputs_outputs_declared(name):
    info = MODELS[name]
    cls = info.cls
    assert cls.inputs, f"{name} declares no inputs"
    names = [i.name for i in cls.inputs]
    assert len(set(names)) == len(names), f"duplicate input names {names}"
    bounds = cls.input_bounds(cls.Params())
    defaults = cls().input_defaults()  # defaults may depend on the parameters: resolved per instance
    for i in cls.inputs:
        d = defaults[i.name]
        assert i.name.isidentifier(), i
        assert isinstance(d, numbers.Real) and not isinstance(d, bool), i
        assert math.isfinite(d), i
        if i.integer:
            assert isinstance(d, numbers.Integral), f"integer input {i.name} has default {d!r}"
            assert i.name in bounds, f"integer input {i.name} has no input_bounds()"
            lo, hi = bounds[i.name]
            assert lo <= d <= hi, f"default of {i.name} outside its bounds [{lo}, {hi}]"
    assert info.primary in names
    lo, hi = info.sweep
    assert math.isfinite(lo) and math.isfinite(hi) and lo < hi, f"bad sweep {info.sweep}"
    if _input(info, info.primary).integer:
        blo, bhi = bounds[info.primary]
        assert blo <= lo and hi <= bhi, f"sweep {info.sweep} exceeds the bounds of {info.primary}: {(blo, bhi)}"
    assert cls.outputs and cls.outputs[0].kind in ("spike", "signed", "rate", "value")
    for row in cls.Params.spec():
        rng = row["range"]
        if rng is not None:
            assert rng.contains(row["default"]), f"default of {row['name']} outside its own range"


@pytest.mark.parametrize("key", list(units()))
def test_rtl_unit(key):
    u = units()[key]
    assert (ROOT / u.rtl).is_file(), f"RTL unit {key}: {u.rtl} does not exist"
    assert Path(u.rtl).stem == key, f"RTL unit {key} points at {u.rtl}"
    mod, _, attr = u.model.rpartition(".")
    obj = getattr(importlib.import_module(mod), attr, None)
    assert obj is not None, f"RTL unit {key}: model {u.model} does not import"
    assert callable(obj)
    assert [x.sim for x in units().values()].count(u.sim) == 1, f"sim name {u.sim} used twice"


@pytest.mark.parametrize("name", [n for n, i in MODELS.items() if i.rtl])
def test_model_rtl_is_a_registered_unit(name):
    info = MODELS[name]
    assert info.rtl in units(), f"{name} names RTL unit {info.rtl}, which is not registered"
    assert units()[info.rtl].model.rsplit(".", 1)[-1] == name


# ----------------------------------------------------------------------------------------------------------
# construction, finiteness, reset


def _configs(info):
    out = [("quiet", quiet_kwargs(info))] if quiet_kwargs(info) is not None else []
    if info.cls.randoms:
        out.append(("noisy", live_kwargs(info)))
    return out


@pytest.mark.parametrize("name", NAMES)
def test_constructs_with_defaults(name):
    cls = MODELS[name].cls
    n = cls()
    assert n.params == cls.Params()
    st = n.get_state()
    assert list(st) == list(cls.state_vars)
    for k, t in cls.state_vars.items():
        if isinstance(t, Vector):
            assert isinstance(st[k], np.ndarray) and st[k].shape == (t.size(n.params),), f"state {k}: {st[k]!r}"
            assert np.isfinite(st[k]).all()
            continue
        assert type(st[k]) is t, f"state {k} is {type(st[k]).__name__}, declared {t.__name__}"
        assert math.isfinite(st[k])


@pytest.mark.parametrize("name", NAMES)
def test_finite_over_sweep(name):
    info = MODELS[name]
    allowed = {"spike": {0, 1}, "signed": {-1, 0, 1}}
    for label, kw in _configs(info):
        for x in primary_values(info, N_SWEEP):
            n = info.cls(seed=1, **kw)
            states, outs = scalar_trace(n, info, [x] * T_SWEEP)
            for k, tr in states.items():
                bad = [v for v in tr if not np.isfinite(v).all()]
                assert not bad, f"{label}, {info.primary}={x}: state {k} not finite ({bad[0]!r})"
            for o, tr in zip(info.cls.outputs, outs, strict=True):
                assert all(isinstance(v, numbers.Real) and math.isfinite(v) for v in tr), \
                    f"{label}, {info.primary}={x}: output {o.name} not finite"
                if o.kind in allowed:
                    assert all(isinstance(v, numbers.Integral) for v in tr), f"{o.name} must be int"
                    assert set(tr) <= allowed[o.kind], f"{o.name} ({o.kind}) took values {sorted(set(tr))}"


@pytest.mark.parametrize("name", NAMES)
def test_sweep_reaches_activity(name):
    """The top of ``info.sweep`` must drive the first output (the sweep runs from silence to saturation)."""
    info = MODELS[name]
    kw = quiet_kwargs(info)
    kw = live_kwargs(info) if kw is None else kw
    pop = info.cls.population(N_SWEEP, seed=2, **kw)
    res = pop.run(T_SWEEP, max_events=T_SWEEP * N_SWEEP, **{info.primary: primary_values(info, N_SWEEP)})
    assert res.total > 0, f"no event over the sweep {info.sweep} in {T_SWEEP} steps: widen the registered sweep"


@pytest.mark.parametrize("name", NAMES)
def test_reset_restores_constructed_state(name):
    info = MODELS[name]
    for label, kw in _configs(info):
        n = info.cls(seed=3, **kw)
        s0 = n.get_state()
        fresh = info.cls(seed=3, **kw)
        xs = primary_values(info, N_SWEEP)[::-1]
        moved = False
        for x in np.repeat(xs, 20):
            n.step(**{info.primary: py(x)})
            if freeze(n.get_state()) != freeze(s0):
                moved = True
                break
        assert moved, f"{label}: the state never left its initial value {s0}, reset is untested"
        n.reset_state()
        after = n.get_state()
        assert freeze(after) == freeze(s0) and all(type(after[k]) is type(s0[k]) for k in s0), \
            f"{label}: {after} != {s0}"
        if label == "quiet":  # the reset neuron is indistinguishable from a fresh one
            a = scalar_trace(n, info, xs)
            b = scalar_trace(fresh, info, xs)
            assert freeze(a) == freeze(b)


# ----------------------------------------------------------------------------------------------------------
# parameter ranges


def _illegal_cases():
    cases = []
    for name, info in MODELS.items():
        for row in info.cls.Params.spec():
            rng = row["range"]
            if rng is None:
                continue
            for bad in rng.illegal_examples():
                cases.append(pytest.param(name, row["name"], bad, id=f"{name}-{row['name']}={bad!r}"))
            for bad in (math.nan, math.inf, -math.inf):
                cases.append(pytest.param(name, row["name"], bad, id=f"{name}-{row['name']}={bad!r}"))
            if rng.integer:
                bad = row["default"] + 0.5
                cases.append(pytest.param(name, row["name"], bad, id=f"{name}-{row['name']}={bad!r}"))
    return cases


@pytest.mark.parametrize("name,pname,bad", _illegal_cases())
def test_illegal_parameter_rejected(name, pname, bad):
    cls = MODELS[name].cls
    rng = next(r["range"] for r in cls.Params.spec() if r["name"] == pname)
    if math.isfinite(bad) and not (rng.integer and bad != int(bad)):
        assert not rng.contains(bad), f"illegal example {bad!r} lies inside {rng}"
    for make in (lambda: cls(**{pname: bad}), lambda: cls.population(2, **{pname: bad})):
        with pytest.raises(ValueError) as exc:
            make()
        assert word(pname, str(exc.value)), f"the error does not name {pname}: {exc.value}"


# ----------------------------------------------------------------------------------------------------------
# populations == scalar neurons


# Models whose noise cannot be switched off (no quiet_params: a Poisson process has no deterministic mode) are
# checked by test_population_equals_scalars_given_same_draws instead.
@pytest.mark.parametrize("name", [n for n in NAMES if quiet_kwargs(MODELS[n]) is not None])
def test_population_step_and_run_equal_scalars(name):
    info = MODELS[name]
    cls = info.cls
    kw = quiet_kwargs(info)
    assert not (cls.randoms and cls.noise_active(cls.Params(**kw)))
    xs = primary_values(info, N_POP)
    pop = cls.population(N_POP, **kw)
    scal = [cls(**kw) for _ in range(N_POP)]
    p_states = {k: [] for k in cls.state_vars}
    p_outs = [[] for _ in cls.outputs]
    for _ in range(T_POP):
        o = as_tuple(pop.step(**{info.primary: xs}))
        for j, v in enumerate(o):
            p_outs[j].append(v.copy())
        for k, v in pop.get_state().items():
            p_states[k].append(v)
    s_traces = [scalar_trace(n, info, [x] * T_POP) for n, x in zip(scal, xs, strict=True)]
    for k in scalar_states(cls):
        ref = scalar_arrays([tr[0][k] for tr in s_traces], p_states[k][0]).T  # (T, N)
        assert_bitwise(np.array(p_states[k]), ref, f"population.step state {k}")
    for j, o in enumerate(cls.outputs):
        ref = scalar_arrays([tr[1][j] for tr in s_traces], p_outs[j][0]).T
        assert_bitwise(np.array(p_outs[j]), ref, f"population.step output {o.name}")

    # the fused run: counts, recorded events, final state
    pop2 = cls.population(N_POP, **kw)
    res = pop2.run(T_POP, max_events=T_POP * N_POP, **{info.primary: xs})
    first = np.array([tr[1][0] for tr in s_traces]) != 0  # (N, T)
    np.testing.assert_array_equal(res.counts, first.sum(axis=1))
    ev_i, ev_t = np.nonzero(first)
    assert sorted(zip(res.spike_t.tolist(), res.spike_i.tolist(), strict=True)) == \
        sorted(zip(ev_t.tolist(), ev_i.tolist(), strict=True))
    for k in cls.state_vars:  # vector states too: (N, length) against the last population.step state
        assert_bitwise(pop2.state[k], np.array(p_states[k][-1]), f"population.run final state {k}")
    for k in set(cls.state_vars) - set(scalar_states(cls)):
        ref = np.array([tr[0][k][-1] for tr in s_traces])
        assert_bitwise(np.array(p_states[k][-1]), ref, f"population.step final vector state {k}")
    # the neurons did something (else the comparisons above prove little)
    s0 = cls(**kw).get_state()
    assert res.total > 0 or any(np.any(pop.state[k] != s0[k]) for k in cls.state_vars)


def _inject(pop, scalars, draws):
    """Feed the same random draws to a population and to N scalar neurons (protocol internals:
    ``Population._draw`` and the scalar's ``_rand_<name>`` iterators)."""
    names = list(pop.model.randoms)
    t = iter(range(10**9))

    def draw(shape):
        k = next(t)
        return [draws[r][k] for r in names]

    pop._draw = draw
    for i, n in enumerate(scalars):
        for r in names:
            setattr(n, "_rand_" + r, iter(draws[r][:, i].tolist()))


@pytest.mark.parametrize("name", NOISY_NAMES)
def test_population_equals_scalars_given_same_draws(name):
    info = MODELS[name]
    cls = info.cls
    kw = live_kwargs(info)
    xs = primary_values(info, N_POP)
    rng = np.random.default_rng(7)
    draws = {r: (rng.standard_normal((T_POP, N_POP)) if kind == "normal" else rng.random((T_POP, N_POP)))
             for r, kind in cls.randoms.items()}
    pop = cls.population(N_POP, **kw)
    scal = [cls(**kw) for _ in range(N_POP)]
    _inject(pop, scal, draws)
    p_first, p_state = [], {k: [] for k in cls.state_vars}
    for _ in range(T_POP):
        p_first.append(as_tuple(pop.step(**{info.primary: xs}))[0].copy())
        for k, v in pop.get_state().items():
            p_state[k].append(v)
    s_traces = [scalar_trace(n, info, [x] * T_POP) for n, x in zip(scal, xs, strict=True)]
    for k in scalar_states(cls):
        ref = scalar_arrays([tr[0][k] for tr in s_traces], p_state[k][0]).T
        assert_bitwise(np.array(p_state[k]), ref, f"noisy population state {k}")
    ref = scalar_arrays([tr[1][0] for tr in s_traces], p_first[0]).T
    assert_bitwise(np.array(p_first), ref, "noisy population first output")


# ----------------------------------------------------------------------------------------------------------
# seeded randomness


def noisy_inputs(info):
    """The primary input stepped through its sweep (noise shows at some level: below threshold, say)."""
    return np.repeat(primary_values(info, 5), T_POP // 5)


def _noisy_trace(info, kw, seed):
    return scalar_trace(info.cls(seed=seed, **kw), info, noisy_inputs(info))


@pytest.mark.parametrize("name", NOISY_NAMES)
def test_seed_reproducible(name):
    info = MODELS[name]
    kw = live_kwargs(info)
    assert info.cls.noise_active(info.cls.Params(**kw))
    a = _noisy_trace(info, kw, 11)
    b = _noisy_trace(info, kw, 11)
    c = _noisy_trace(info, kw, 12)
    assert freeze(a) == freeze(b), "same seed, different outputs"
    assert freeze(a) != freeze(c), "different seeds, identical states and outputs: the noise is not live"


@pytest.mark.parametrize("name", NOISY_NAMES)
def test_population_of_one_equals_scalar_with_same_seed(name):
    info = MODELS[name]
    cls = info.cls
    kw = live_kwargs(info)
    xs = noisy_inputs(info)
    states, outs = _noisy_trace(info, kw, 21)
    pop = cls.population(1, seed=21, **kw)
    p_states = {k: [] for k in cls.state_vars}
    p_outs = [[] for _ in cls.outputs]
    for x in xs:
        for j, v in enumerate(as_tuple(pop.step(**{info.primary: x}))):
            p_outs[j].append(v[0])
        for k, v in pop.state.items():
            p_states[k].append(v[0])
    for k in scalar_states(cls):
        assert_bitwise(np.array(p_states[k]), scalar_arrays(states[k], p_states[k][0]), f"state {k}")
    for j, o in enumerate(cls.outputs):
        assert_bitwise(np.array(p_outs[j]), scalar_arrays(outs[j], p_outs[j][0]), f"output {o.name}")
    # the fused run draws the same stream
    pop2 = cls.population(1, seed=21, **kw)
    res = pop2.run(xs.size, max_events=xs.size, **{info.primary: xs[:, None]})
    first = np.array(outs[0]) != 0
    assert res.counts.tolist() == [int(first.sum())]
    assert res.spike_t.tolist() == np.nonzero(first)[0].tolist()
    for k in cls.state_vars:
        assert_bitwise(pop2.state[k], np.array([p_states[k][-1]]), f"run final state {k}")


# ----------------------------------------------------------------------------------------------------------
# traces


@pytest.mark.parametrize("name", NAMES)
def test_simulate_equals_steps(name):
    info = MODELS[name]
    cls = info.cls
    rng = np.random.default_rng(5)
    T1, T2 = 100, 150
    for label, kw in _configs(info):
        xs = random_primary(info, rng, T1 + T2)
        sim = cls(seed=9, **kw)
        tr1 = sim.simulate(T1, **{info.primary: xs[:T1]})
        tr2 = sim.simulate(T2, **{info.primary: xs[T1:]})  # continues from where the first call stopped
        ref = cls(seed=9, **kw)
        states, outs = scalar_trace(ref, info, xs)
        for k in scalar_states(cls):
            got = np.concatenate([tr1[k], tr2[k]])
            assert_bitwise(got, scalar_arrays(states[k], got), f"{label}: simulate state {k}")
        for j, o in enumerate(cls.outputs):
            got = np.concatenate([tr1[o.name], tr2[o.name]])
            assert_bitwise(got, scalar_arrays(outs[j], got), f"{label}: simulate output {o.name}")
        assert freeze(sim.get_state()) == freeze(ref.get_state())
        # and the state the trace leaves is live: one more step agrees
        x = py(xs[0])
        assert as_tuple(sim.step(**{info.primary: x})) == as_tuple(ref.step(**{info.primary: x}))


def test_training_cells_import_flat_and_torch_only_on_use():
    """The catalogue's training cells are importable flat (``from golden import LIFCell``); ``import golden``
    alone never imports torch (a fresh interpreter checks both)."""
    import subprocess
    import sys

    names = registry.training_cell_names()
    assert len(names) == 10
    code = ("import sys, golden, golden.neurons\n"
            "assert 'torch' not in sys.modules, 'import golden imported torch'\n"
            f"from golden import {', '.join(names)}\n"
            "from golden.training import CELLS\n"
            f"assert [CELLS[n] for n in {names!r}] == [{', '.join(names)}]\n"
            "assert golden.neurons.LIFCell is CELLS['LIFCell']\n"
            "import torch.nn\n"
            f"assert all(issubclass(c, torch.nn.Module) for c in ({', '.join(names)},))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
