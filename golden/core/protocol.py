"""The model protocol shared by every golden model.

A model is written ONCE, as a pure scalar *kernel*::

    @staticmethod
    def kernel(v, refractory,          # state variables, in the order of ``state_vars``
               input_current,          # inputs, in the order of ``inputs``
               xi,                     # random draws (``randoms``), one per step each
               decay, v_th, ...):      # constants derived from the parameters by ``derive()``
        ...
        return v, refractory, spike    # new state..., then the outputs

From that one definition three executable forms are generated:

* the object API (the seed's ``step(input_current) -> int``, ``reset_state()``, ``get_state()``): the
  kernel's body is inlined into a ``step`` method (state read from and written to attributes,
  constants read as attributes), so one neuron stepped from a Python loop pays no extra call;
* populations (:class:`Population`): numba compiles the same kernel and a loop over N neurons (and a
  fused loop over time steps for ``run``), writing numpy arrays in place;
* traces (:meth:`Neuron.simulate`): a compiled loop over T steps of one neuron (deep checks, long runs).

Parameters live in a frozen, validated dataclass (:mod:`golden.core.params`) and are separate from the
state; ``reset_state()`` restores the state computed from the parameters at construction. Randomness comes
from a per-instance ``numpy.random.Generator`` seeded by ``seed=``; a population of one neuron draws the
same stream as a scalar neuron with the same seed.
"""

from __future__ import annotations

import ast
import copy
import inspect
import itertools
import numbers
import textwrap
import types
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from golden.core.params import ParamSet

# ----------------------------------------------------------------------------------------------------------
# declarations


@dataclass(frozen=True)
class Input:
    """A named model input with its default (used when a caller leaves it out).

    ``default`` is a number, or a function of the parameters for a default that depends on them (e.g. a unity
    gain of ``1 << fraction`` in a fixed-point model); :meth:`Neuron.input_defaults` gives the resolved values.
    """

    name: str
    default: Any = 0.0
    units: str = ""
    doc: str = ""
    integer: bool = False  # integer-valued (fixed-point models): checked against input_bounds()


@dataclass(frozen=True)
class Output:
    """A per-step output of the kernel. ``kind``: 'spike' (0/1), 'signed' (-1/0/1), 'rate' or 'value'."""

    name: str
    kind: str = "spike"
    dtype: Any = np.int8


RANDOM_KINDS = ("normal", "uniform")


def _as_ints(pairs: tuple[tuple[str, Any], ...]) -> tuple[int, ...]:
    out = []
    for name, x in pairs:
        if isinstance(x, bool) or not isinstance(x, numbers.Integral):
            raise ValueError(f"input {name} must be an integer (fixed-point raw value), got {x!r}")
        out.append(int(x))
    return tuple(out)


def _input_range_error(obj: Any, pairs: tuple[tuple[str, Any], ...]) -> None:
    for name, x in pairs:
        lo, hi = getattr(obj, "_lo_" + name), getattr(obj, "_hi_" + name)
        if not lo <= x <= hi:
            raise ValueError(f"input {name} of {type(obj).__name__} must be in [{lo}, {hi}], got {x!r}")


# ----------------------------------------------------------------------------------------------------------
# code generation from the kernel


@dataclass
class KernelSpec:
    fn: Any
    tree: ast.FunctionDef
    state: tuple[str, ...]
    inputs: tuple[str, ...]
    randoms: tuple[str, ...]
    consts: tuple[str, ...]
    n_out: int
    assigned: frozenset[str]  # local names the kernel body assigns to


def _kernel_spec(cls: type[Neuron]) -> KernelSpec:
    fn = cls.__dict__["kernel"]
    fn = fn.__func__ if isinstance(fn, staticmethod) else fn
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    fdef = tree.body[0]
    assert isinstance(fdef, ast.FunctionDef)
    args = [a.arg for a in fdef.args.args]
    state = tuple(cls.state_vars)
    inputs = tuple(i.name for i in cls.inputs)
    randoms = tuple(cls.randoms)
    head = state + inputs + randoms
    if tuple(args[: len(head)]) != head:
        raise TypeError(
            f"{cls.__name__}.kernel arguments must start with state {state}, inputs {inputs}, "
            f"randoms {randoms}; got {tuple(args)}"
        )
    consts = tuple(args[len(head) :])
    for node in ast.walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in consts:
            raise TypeError(f"{cls.__name__}.kernel assigns to constant {node.id!r}")
        if isinstance(node, ast.Return):
            if not isinstance(node.value, ast.Tuple) or len(node.value.elts) != len(state) + len(cls.outputs):
                raise TypeError(
                    f"{cls.__name__}.kernel must return a literal tuple (new state..., outputs...) of "
                    f"{len(state) + len(cls.outputs)} items (line {node.lineno})"
                )
    assigned = frozenset(
        n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    )
    return KernelSpec(fn, fdef, state, inputs, randoms, consts, len(cls.outputs), assigned)


class _Inline(ast.NodeTransformer):
    """Turn the kernel body into the body of a ``step`` method."""

    def __init__(self, spec: KernelSpec):
        self.spec = spec

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.spec.consts:
            return ast.copy_location(
                ast.Attribute(value=ast.Name("self", ast.Load()), attr="_k_" + node.id, ctx=ast.Load()), node
            )
        return node

    def visit_Return(self, node: ast.Return) -> Any:
        self.generic_visit(node)
        elts = node.value.elts  # type: ignore[union-attr]
        ns = len(self.spec.state)
        stmts: list[ast.stmt] = []
        for name, expr in zip(self.spec.state, elts[:ns], strict=True):
            if isinstance(expr, ast.Name) and expr.id == name and name not in self.spec.assigned:
                continue  # state variable unchanged: self.x = x would be a wasted store
            target = ast.Attribute(value=ast.Name("self", ast.Load()), attr=name, ctx=ast.Store())
            stmts.append(ast.Assign(targets=[target], value=expr))
        outs = elts[ns:]
        ret = outs[0] if len(outs) == 1 else ast.Tuple(elts=outs, ctx=ast.Load())
        stmts.append(ast.Return(value=ret))
        return [ast.copy_location(s, node) for s in stmts]


def _make_step(cls: type[Neuron], spec: KernelSpec, noisy: bool) -> Any:
    """Generate the object-API ``step`` method (one variant with live randoms, one with zeros)."""
    body: list[ast.stmt] = []
    pre: list[str] = []
    ints = [i.name for i in cls.inputs if i.integer]
    if ints:  # one combined test on the fast path; the slow path names the offending input
        names = ", ".join(ints) + ","
        pre.append(f"if {' or '.join(f'type({n}) is not int' for n in ints)}: "
                   f"{names} = _as_ints(({', '.join(f'({n!r}, {n})' for n in ints)},))")
        pre.append(f"if not ({' and '.join(f'self._lo_{n} <= {n} <= self._hi_{n}' for n in ints)}): "
                   f"_input_range_error(self, ({', '.join(f'({n!r}, {n})' for n in ints)},))")
    for name in spec.state:
        pre.append(f"{name} = self.{name}")
    for name in spec.randoms:
        pre.append(f"{name} = next(self._rand_{name})" if noisy else f"{name} = 0.0")
    for line in pre:
        body.extend(ast.parse(line).body)
    inliner = _Inline(spec)
    for stmt in copy.deepcopy(spec.tree).body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            continue  # docstring
        new = inliner.visit(stmt)
        body.extend(new if isinstance(new, list) else [new])
    # The returns are inside the body: the method must not fall off the end.
    args = [ast.arg("self")] + [ast.arg(i.name) for i in cls.inputs]
    defaults = [ast.Constant(None if callable(i.default) else i.default) for i in cls.inputs]
    fdef = ast.FunctionDef(
        name="step",
        args=ast.arguments(posonlyargs=[], args=args, kwonlyargs=[], kw_defaults=[], defaults=defaults),
        body=body,
        decorator_list=[],
        returns=None,
    )
    mod = ast.Module(body=[fdef], type_ignores=[])
    ast.fix_missing_locations(mod)
    if noisy or not spec.randoms:
        cls._step_source = ast.unparse(mod)
    glb = dict(spec.fn.__globals__)
    glb.update(_as_ints=_as_ints, _input_range_error=_input_range_error)
    code = compile(mod, filename=f"<golden step of {cls.__name__}>", mode="exec")
    ns: dict[str, Any] = {}
    exec(code, glb, ns)
    step = ns["step"]
    step.__doc__ = cls.step_doc()
    step.__qualname__ = f"{cls.__name__}.step"
    return step


# ----------------------------------------------------------------------------------------------------------
# the object API


class Neuron:
    """Base class of every golden model (object API = the seed's API, N = 1)."""

    Params: ClassVar[type[ParamSet]]
    state_vars: ClassVar[dict[str, type]] = {}
    inputs: ClassVar[tuple[Input, ...]] = ()
    outputs: ClassVar[tuple[Output, ...]] = (Output("spike"),)
    randoms: ClassVar[dict[str, str]] = {}  # name -> 'normal' | 'uniform'
    _spec: ClassVar[KernelSpec | None] = None
    _step_quiet: ClassVar[Any] = None
    _step_noisy: ClassVar[Any] = None
    _jit: ClassVar[dict[str, Any]]
    _step_source: ClassVar[str] = ""

    # -- hooks a model defines -----------------------------------------------------------------------------
    @staticmethod
    def initial_state(p: Any) -> dict[str, float]:
        raise NotImplementedError

    @staticmethod
    def derive(p: Any) -> dict[str, Any]:
        """Kernel constants from the parameters (e.g. decay = dt / tau)."""
        raise NotImplementedError

    @staticmethod
    def noise_active(p: Any) -> bool:
        """Whether the random inputs are live for these parameters (else they are 0)."""
        return True

    @staticmethod
    def input_bounds(p: Any) -> dict[str, tuple[int, int]]:
        """Legal raw range of each integer input."""
        return {}

    # -- class set-up --------------------------------------------------------------------------------------
    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "kernel" not in cls.__dict__:
            return
        for name, kind in cls.randoms.items():
            if kind not in RANDOM_KINDS:
                raise TypeError(f"{cls.__name__}: random {name!r} has kind {kind!r}, allowed {RANDOM_KINDS}")
        spec = _kernel_spec(cls)
        cls._spec = spec
        cls._step_quiet = _make_step(cls, spec, noisy=False)
        cls._step_noisy = _make_step(cls, spec, noisy=True) if spec.randoms else cls._step_quiet
        cls._jit = {}
        # read-only attribute access to every parameter (the seed exposes them as attributes)
        for f in cls.Params.__dataclass_fields__:
            if f in cls.state_vars or f in cls.__dict__:
                continue
            setattr(cls, f, _param_property(f))

    @classmethod
    def step_doc(cls) -> str:
        ins = ", ".join(f"{i.name}={'<depends on parameters>' if callable(i.default) else repr(i.default)}"
                        for i in cls.inputs)
        outs = ", ".join(f"{o.name} ({o.kind})" for o in cls.outputs)
        return f"Advance one step with inputs ({ins}); returns {outs}."

    # -- construction --------------------------------------------------------------------------------------
    def __init__(self, params: ParamSet | None = None, *, seed: int | None = None, **kwargs: Any) -> None:
        if params is None:
            params = self.Params(**kwargs)
        elif kwargs:
            params = replace(params, **kwargs)
        if not isinstance(params, self.Params):
            raise TypeError(f"params must be {self.Params.__name__}, got {type(params).__name__}")
        self._p = params
        self._seed = seed
        self._gens = _generators(seed, self.randoms)
        for name, value in self.derive(params).items():
            setattr(self, "_k_" + name, value)
        for name, (lo, hi) in self.input_bounds(params).items():
            setattr(self, "_lo_" + name, lo)
            setattr(self, "_hi_" + name, hi)
        self._init_state = self._coerce_state(self.initial_state(params))
        for name, kind in self.randoms.items():
            setattr(self, "_rand_" + name, _random_stream(self._gens[name], kind))
        live = bool(self.randoms) and self.noise_active(params)
        fn = self._step_noisy if live else self._step_quiet
        self._defaults = {i.name: (i.default(params) if callable(i.default) else i.default) for i in self.inputs}
        if any(callable(i.default) for i in self.inputs):  # a step function whose defaults fit these parameters
            fn = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, tuple(self._defaults.values()),
                                    fn.__closure__)
        self.step = fn.__get__(self)
        self.reset_state()

    def input_defaults(self) -> dict[str, Any]:
        """The value each input takes when a caller leaves it out (resolved for these parameters)."""
        return dict(self._defaults)

    @classmethod
    def _coerce_state(cls, st: dict[str, Any]) -> dict[str, Any]:
        if set(st) != set(cls.state_vars):
            raise TypeError(f"{cls.__name__}.initial_state must give {tuple(cls.state_vars)}, got {tuple(st)}")
        return {k: cls.state_vars[k](st[k]) for k in cls.state_vars}

    @property
    def params(self) -> Any:
        """The frozen, validated parameters."""
        return self._p

    @property
    def seed(self) -> int | None:
        return self._seed

    def reset_state(self) -> None:
        """Restore the state this neuron was constructed with (the random stream continues)."""
        for k, v in self._init_state.items():
            setattr(self, k, v)

    def get_state(self) -> dict[str, Any]:
        """The state variables as plain Python numbers."""
        return {k: t(getattr(self, k)) for k, t in self.state_vars.items()}

    def set_state(self, **values: Any) -> None:
        for k, v in values.items():
            if k not in self.state_vars:
                raise KeyError(f"{type(self).__name__} has no state variable {k!r}; it has {tuple(self.state_vars)}")
            setattr(self, k, self.state_vars[k](v))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._p!r}, state={self.get_state()})"

    # -- populations and traces ----------------------------------------------------------------------------
    @classmethod
    def population(cls, n: int, params: ParamSet | None = None, *, seed: int | None = None, **kwargs: Any):
        """N neurons of this model on numpy arrays (see :class:`Population`)."""
        return Population(cls, n, params, seed=seed, **kwargs)

    def simulate(self, steps: int, **inputs: Any) -> dict[str, np.ndarray]:
        """Run ``steps`` steps from the current state in compiled code.

        ``inputs`` are scalars or arrays of length ``steps``. Returns one array per state variable (the value
        after each step) and per output; the neuron's state is left at the final step, as if ``step`` had been
        called ``steps`` times (the random stream is consumed the same way).
        """
        steps = _check_steps(steps)
        spec = self._spec
        assert spec is not None
        ins = [_input_array(self, i, inputs.pop(i.name, self._defaults[i.name]), (steps,)) for i in self.inputs]
        if inputs:
            raise TypeError(f"{type(self).__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        live = bool(self.randoms) and self.noise_active(self._p)
        rnd = []
        for name in spec.randoms:
            if live:
                it = getattr(self, "_rand_" + name)
                rnd.append(np.fromiter(itertools.islice(it, steps), dtype=np.float64, count=steps))
            else:
                rnd.append(np.zeros(steps))
        traces = {k: np.empty(steps, dtype=_dtype(t)) for k, t in self.state_vars.items()}
        outs = {o.name: np.empty(steps, dtype=o.dtype) for o in self.outputs}
        s0 = [getattr(self, k) for k in spec.state]
        consts = [getattr(self, "_k_" + c) for c in spec.consts]
        fn = _compiled(type(self), "trace")
        fn(steps, *s0, *ins, *rnd, *consts, *traces.values(), *outs.values())
        for k in spec.state:
            setattr(self, k, self.state_vars[k](traces[k][-1]))
        return {**traces, **outs}


def _param_property(name: str) -> property:
    def get(self: Any) -> Any:
        return getattr(self._p, name)

    def set_(self: Any, value: Any) -> None:
        raise AttributeError(
            f"parameter {name} is frozen; build a new neuron (or use with_params) to change it, got {value!r}"
        )

    return property(get, set_, doc=f"Parameter {name} (read-only).")


def _generators(seed: int | None, randoms: dict[str, str]) -> dict[str, np.random.Generator]:
    """One independent generator per random input, spawned from ``seed``: the scalar, population and trace
    forms then draw the same numbers for the same input whatever order they interleave the inputs in."""
    seq = np.random.SeedSequence(seed)
    return {name: np.random.default_rng(child) for name, child in zip(randoms, seq.spawn(len(randoms)), strict=True)}


def _random_stream(rng: np.random.Generator, kind: str, chunk: int = 1024):
    draw = rng.standard_normal if kind == "normal" else rng.random
    return itertools.chain.from_iterable(iter(lambda: draw(chunk).tolist(), None))


def _dtype(t: type) -> Any:
    return np.int64 if t is int else np.float64


def _check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    return int(steps)


def _input_array(obj: Any, inp: Input, value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """Broadcast an input to ``shape`` (no copy for scalars), checking integer inputs."""
    dtype = np.int64 if inp.integer else np.float64
    arr = np.asarray(value)
    if inp.integer:
        if arr.dtype.kind not in "iub":
            raise ValueError(f"input {inp.name} must be integer raw values, got dtype {arr.dtype}")
        lo, hi = getattr(obj, "_lo_" + inp.name), getattr(obj, "_hi_" + inp.name)
        if arr.size and (arr.min() < lo or arr.max() > hi):
            bad = arr[(arr < lo) | (arr > hi)].flat[0]
            raise ValueError(f"input {inp.name} of {type(obj).__name__} must be in [{lo}, {hi}], got {bad!r}")
    elif arr.dtype.kind not in "iubf":
        raise ValueError(f"input {inp.name} must be numeric, got dtype {arr.dtype}")
    arr = arr.astype(dtype, copy=False)
    try:
        return np.broadcast_to(arr, shape)
    except ValueError:
        raise ValueError(f"input {inp.name} has shape {arr.shape}, which does not broadcast to {shape}") from None


# ----------------------------------------------------------------------------------------------------------
# compiled loops (numba, imported on first use so that `import golden` stays light)


def _compiled(cls: type[Neuron], kind: str) -> Any:
    fn = cls._jit.get(kind)
    if fn is None:
        fn = cls._jit[kind] = _build_loop(cls, kind)
    return fn


def _build_loop(cls: type[Neuron], kind: str) -> Any:
    import numba

    spec = cls._spec
    assert spec is not None
    kern = numba.njit(cache=False)(spec.fn)
    S, I, R, C = spec.state, spec.inputs, spec.randoms, spec.consts
    O = [o.name for o in cls.outputs]
    outs = [f"o{k}" for k in range(len(O))]

    def call(idx: str) -> str:
        return ", ".join([f"{s}_x" for s in S] + [f"{x}[{idx}]" for x in I] + [f"{r}[{idx}]" for r in R] + list(C))

    lhs = ", ".join([f"{s}_x" for s in S] + outs)
    if kind == "pop":  # one step of N neurons, state arrays updated in place, outputs written per neuron
        sig = ["n", *[f"{s}_a" for s in S], *I, *R, *C, *[f"{o}_out" for o in O]]
        body = [
            "for i in range(n):",
            "    " + "; ".join(f"{s}_x = {s}_a[i]" for s in S),
            f"    {lhs} = kern({call('i')})",
            "    " + "; ".join([f"{s}_a[i] = {s}_x" for s in S] + [f"{o}_out[i] = o{k}" for k, o in enumerate(O)]),
        ]
    elif kind == "run":  # T steps of N neurons; inputs and randoms are (T, N); counts and recorded events
        # returns the number of steps done: it stops early when the event buffer could overflow in the next step
        sig = ["T", "n", *[f"{s}_a" for s in S], *I, *R, *C, "count", "rec_t", "rec_i", "rec_n", "rec"]
        body = [
            "k = rec_n[0]",
            "cap = rec_t.shape[0]",
            "for t in range(T):",
            "    for i in range(n):",
            "        " + "; ".join(f"{s}_x = {s}_a[i]" for s in S),
            f"        {lhs} = kern({call('t, i')})",
            "        " + "; ".join(f"{s}_a[i] = {s}_x" for s in S),
            "        if o0 != 0:",
            "            count[i] += 1",
            "            if rec:",
            "                rec_t[k] = t",
            "                rec_i[k] = i",
            "                k += 1",
            "    if rec and k + n > cap:",
            "        rec_n[0] = k",
            "        return t + 1",
            "rec_n[0] = k",
            "return T",
        ]
    elif kind == "trace":  # T steps of one neuron, every state and output recorded
        sig = ["T", *[f"{s}_x" for s in S], *I, *R, *C, *[f"{s}_tr" for s in S], *[f"{o}_tr" for o in O]]
        body = [
            "for t in range(T):",
            f"    {lhs} = kern({call('t')})",
            "    " + "; ".join([f"{s}_tr[t] = {s}_x" for s in S] + [f"{o}_tr[t] = o{k}" for k, o in enumerate(O)]),
        ]
    else:
        raise ValueError(f"unknown loop kind {kind!r}")
    src = f"def loop({', '.join(sig)}):\n" + "".join(f"    {line}\n" for line in body)
    ns: dict[str, Any] = {"kern": kern}
    exec(compile(src, f"<golden {kind} loop of {cls.__name__}>", "exec"), ns)
    return numba.njit(cache=False, nogil=True)(ns["loop"])


# ----------------------------------------------------------------------------------------------------------
# populations


@dataclass
class RunResult:
    """What :meth:`Population.run` returns."""

    steps: int
    counts: np.ndarray  # events (spikes) per neuron
    spike_t: np.ndarray  # step index of each recorded event
    spike_i: np.ndarray  # neuron index of each recorded event

    @property
    def total(self) -> int:
        return int(self.counts.sum())


class Population:
    """N neurons of one model, state in numpy arrays, stepped by compiled code.

    ``step(**inputs)`` advances one step; each input is a scalar or an array of N. ``run(steps, **inputs)``
    fuses ``steps`` steps into one compiled loop and returns spike counts and the recorded events (the event
    buffer grows as needed; ``max_events`` caps it). Inputs of ``run``: a scalar, an array of N (constant in
    time), an array of shape (steps, 1) (the same for all neurons, varying in time) or (steps, N).
    """

    def __init__(self, model: type[Neuron], n: int, params: ParamSet | None = None, *, seed: int | None = None,
                 **kwargs: Any) -> None:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"n must be a positive integer number of neurons, got {n!r}")
        self.model = model
        self.n = int(n)
        # a prototype neuron validates the parameters and holds the derived constants
        self._proto = model(params, seed=None, **kwargs)
        self._p = self._proto.params
        self._gens = _generators(seed, model.randoms)
        self._live = bool(model.randoms) and model.noise_active(self._p)
        self.state: dict[str, np.ndarray] = {}
        self.reset_state()

    @property
    def params(self) -> Any:
        return self._p

    def reset_state(self) -> None:
        for k, t in self.model.state_vars.items():
            self.state[k] = np.full(self.n, self._proto._init_state[k], dtype=_dtype(t))

    def get_state(self) -> dict[str, np.ndarray]:
        return {k: v.copy() for k, v in self.state.items()}

    def __getattr__(self, name: str) -> Any:
        st = self.__dict__.get("state")
        if st is not None and name in st:
            return st[name]
        raise AttributeError(name)

    def _consts(self) -> list[Any]:
        spec = self.model._spec
        assert spec is not None
        return [getattr(self._proto, "_k_" + c) for c in spec.consts]

    def _draw(self, shape: tuple[int, ...]) -> list[np.ndarray]:
        out = []
        for name, kind in self.model.randoms.items():
            if self._live:
                g = self._gens[name]
                out.append(g.standard_normal(shape) if kind == "normal" else g.random(shape))
            else:
                out.append(np.broadcast_to(0.0, shape))
        return out

    def step(self, *args: Any, **inputs: Any) -> np.ndarray:
        """Advance all N neurons one step; returns the first output (spikes) as an array of N."""
        spec = self.model._spec
        assert spec is not None
        for name, value in zip(spec.inputs, args, strict=False):
            if name in inputs:
                raise TypeError(f"input {name} given twice")
            inputs[name] = value
        ins = [_input_array(self._proto, i, inputs.pop(i.name, self._proto._defaults[i.name]), (self.n,))
               for i in self.model.inputs]
        if inputs:
            raise TypeError(f"{self.model.__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        outs = [np.empty(self.n, dtype=o.dtype) for o in self.model.outputs]
        fn = _compiled(self.model, "pop")
        fn(self.n, *self.state.values(), *ins, *self._draw((self.n,)), *self._consts(), *outs)
        return outs[0] if len(outs) == 1 else tuple(outs)

    def run(self, steps: int, *, record: bool = True, max_events: int | None = None,
            **inputs: Any) -> RunResult:
        """Advance ``steps`` steps in one compiled loop; returns counts and (t, i) of recorded events."""
        steps = _check_steps(steps)
        spec = self.model._spec
        assert spec is not None
        shape = (steps, self.n)
        raw = {i.name: inputs.pop(i.name, self._proto._defaults[i.name]) for i in self.model.inputs}
        if inputs:
            raise TypeError(f"{self.model.__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        ins = []
        for i in self.model.inputs:
            a = np.asarray(raw[i.name])
            if a.ndim == 1 and a.shape[0] == self.n:
                a = a[None, :]
            ins.append(_input_array(self._proto, i, a, shape))
        count = np.zeros(self.n, dtype=np.int64)
        cap = max(1024, self.n, steps * self.n // 20)
        if max_events is not None:
            cap = min(cap, max_events)
        if record and max_events is not None and max_events < self.n:
            raise ValueError(f"max_events must be >= n={self.n} (one step can fire every neuron), got {max_events}")
        rec_t = np.empty(cap if record else 0, dtype=np.int32)
        rec_i = np.empty(cap if record else 0, dtype=np.int32)
        rec_n = np.zeros(1, dtype=np.int64)
        fn = _compiled(self.model, "run")
        consts = self._consts()
        # randoms are drawn per block of steps so memory stays bounded for large N
        block = steps if not self._live else max(1, min(steps, 4_000_000 // self.n))
        t0 = 0
        while t0 < steps:
            t1 = min(steps, t0 + block)
            rnd = self._draw((t1 - t0, self.n))
            t = t0
            while t < t1:
                k = int(rec_n[0])
                if record and rec_t.size - k < self.n:  # room for one more step of events
                    if max_events is not None and rec_t.size >= max_events:
                        raise RuntimeError(f"more than max_events={max_events} events; pass a larger max_events")
                    size = max(2 * rec_t.size, k + self.n)
                    size = min(size, max_events) if max_events is not None else size
                    rec_t = np.resize(rec_t, size)
                    rec_i = np.resize(rec_i, size)
                done = fn(t1 - t, self.n, *self.state.values(), *[a[t:t1] for a in ins],
                          *[r[t - t0:] for r in rnd], *consts, count, rec_t, rec_i, rec_n, record)
                rec_t[k:int(rec_n[0])] += t
                t += int(done)
            t0 = t1
        k = int(rec_n[0])
        return RunResult(steps, count, rec_t[:k].copy(), rec_i[:k].copy())


def scalar_step_source(cls: type[Neuron]) -> str:
    """The generated ``step`` method as source text (for documentation and review)."""
    return cls._step_source


__all__ = ["Input", "Output", "Neuron", "Population", "RunResult", "scalar_step_source"]
