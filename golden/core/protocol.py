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
import os
import textwrap
import types
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from golden.core.ifconv import NotConvertible, if_convert
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


@dataclass(frozen=True)
class Vector:
    """A state variable that is a vector per neuron (a history buffer, a set of kernel traces, ...).

    ``length`` is a fixed size or the name of an integer parameter. The kernel receives the neuron's vector and
    updates it IN PLACE (then returns it in its place in the result tuple); in a population it is a row of an
    (N, length) array. Kernels that write vector state are not if-converted (they keep their branches).
    """

    kind: type = float  # float or int
    length: int | str = 1

    def size(self, p: Any) -> int:
        n = self.length if isinstance(self.length, int) else int(getattr(p, self.length))
        if n < 1:
            raise ValueError(f"vector state length must be >= 1, got {n}")
        return n


def _is_vec(t: Any) -> bool:
    return isinstance(t, Vector)


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
    if any(a.startswith("_") for a in args):
        raise TypeError(f"{cls.__name__}.kernel argument names must not start with '_' (reserved), got {args}")
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
    speculate: ClassVar[bool] = True  # compiled loops evaluate both sides of branches (see golden.core.ifconv)
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

    def _coerce_state(self, st: dict[str, Any]) -> dict[str, Any]:
        if set(st) != set(self.state_vars):
            raise TypeError(f"{type(self).__name__}.initial_state must give {tuple(self.state_vars)}, got {tuple(st)}")
        return {k: self._coerce(k, st[k]) for k in self.state_vars}

    def _coerce(self, name: str, value: Any) -> Any:
        t = self.state_vars[name]
        if not _is_vec(t):
            return t(value)
        arr = np.array(value, dtype=_dtype(t.kind))
        n = t.size(self._p)
        if arr.shape != (n,):
            raise ValueError(f"state {name} of {type(self).__name__} must have shape ({n},), got {arr.shape}")
        return arr

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
            setattr(self, k, v.copy() if isinstance(v, np.ndarray) else v)

    def get_state(self) -> dict[str, Any]:
        """The state variables as plain Python numbers (vector states as numpy copies)."""
        return {k: (getattr(self, k).copy() if _is_vec(t) else t(getattr(self, k)))
                for k, t in self.state_vars.items()}

    def set_state(self, **values: Any) -> None:
        for k, v in values.items():
            if k not in self.state_vars:
                raise KeyError(f"{type(self).__name__} has no state variable {k!r}; it has {tuple(self.state_vars)}")
            setattr(self, k, self._coerce(k, v))

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
        ins = [_input_value(self, i, inputs.pop(i.name, self._defaults[i.name]), ((steps,),)) for i in self.inputs]
        if inputs:
            raise TypeError(f"{type(self).__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        live = bool(self.randoms) and self.noise_active(self._p)
        rnd = []
        for name in spec.randoms:
            if live:
                it = getattr(self, "_rand_" + name)
                rnd.append(np.fromiter(itertools.islice(it, steps), dtype=np.float64, count=steps))
            else:
                rnd.append(0.0)
        # scalar states are traced; vector states are updated in place (their final value is left on the neuron)
        traces = {k: np.empty(steps, dtype=_dtype(t)) for k, t in self.state_vars.items() if not _is_vec(t)}
        outs = {o.name: np.empty(steps, dtype=o.dtype) for o in self.outputs}
        s0 = [getattr(self, k) for k in spec.state]
        consts = [getattr(self, "_k_" + c) for c in spec.consts]
        fn = _compiled(type(self), "trace", _flags(self))
        fn(steps, *s0, *ins, *rnd, *consts, *traces.values(), *outs.values())
        for k in traces:
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


def _dtype(t: Any) -> Any:
    if _is_vec(t):
        t = t.kind
    return np.int64 if t is int else np.float64


def _from_step(x: Any, t0: int, t1: int) -> Any:
    """Steps t0..t1 of a run input: only (steps, ...) arrays are sliced; scalars and per-neuron arrays stay."""
    return x[t0:t1] if isinstance(x, np.ndarray) and x.ndim == 2 else x


def _check_steps(steps: Any) -> int:
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    return int(steps)


def _input_value(obj: Any, inp: Input, value: Any, shapes: tuple[tuple[int, ...], ...]) -> Any:
    """An input for a compiled loop: a Python scalar, or a contiguous array of one of the accepted ``shapes``.

    Integer (fixed-point) inputs are checked against their bounds; nothing is broadcast in memory.
    """
    dtype = np.int64 if inp.integer else np.float64
    arr = np.asarray(value)
    _check_input(obj, inp, arr)
    if arr.ndim == 0:
        return int(arr) if inp.integer else float(arr)
    if arr.shape not in shapes:
        raise ValueError(f"input {inp.name} has shape {arr.shape}; accepted: a scalar or one of "
                         f"{', '.join(map(str, shapes))}")
    return np.ascontiguousarray(arr, dtype=dtype)


def _check_input(obj: Any, inp: Input, arr: np.ndarray) -> None:
    if inp.integer:
        if arr.dtype.kind not in "iub":
            raise ValueError(f"input {inp.name} must be integer raw values, got dtype {arr.dtype}")
        lo, hi = getattr(obj, "_lo_" + inp.name), getattr(obj, "_hi_" + inp.name)
        if arr.size and (arr.min() < lo or arr.max() > hi):
            bad = arr[(arr < lo) | (arr > hi)].flat[0]
            raise ValueError(f"input {inp.name} of {type(obj).__name__} must be in [{lo}, {hi}], got {bad!r}")
    elif arr.dtype.kind not in "iubf":
        raise ValueError(f"input {inp.name} must be numeric, got dtype {arr.dtype}")


# ----------------------------------------------------------------------------------------------------------
# compiled loops (numba, imported on first use so that `import golden` stays light)


def _compiled(cls: type[Neuron], kind: str, flags: tuple[tuple[str, bool], ...] = ()) -> Any:
    fn = cls._jit.get((kind, flags))
    if fn is None:
        fn = cls._jit[kind, flags] = _build_loop(cls, kind, dict(flags))
    return fn


def _flag_names(spec: KernelSpec) -> tuple[str, ...]:
    """Constants the kernel uses as a whole ``if`` test (``if euler:``, ``if not euler:``): mode switches."""
    out = []
    for node in ast.walk(spec.tree):
        if isinstance(node, ast.If):
            t = node.test.operand if isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not) \
                else node.test
            if isinstance(t, ast.Name) and t.id in spec.consts and t.id not in out:
                out.append(t.id)
    return tuple(out)


def _flags(obj: Any) -> tuple[tuple[str, bool], ...]:
    """The truth value of each mode-switch constant of ``obj`` (a neuron or population prototype): the compiled
    loops are specialised on them (the untaken side of ``if euler:`` is not computed, see :func:`_loop_kernel`)."""
    spec = type(obj)._spec
    names = type(obj).__dict__.get("_flag_cache")
    if names is None:
        names = _flag_names(spec)
        type(obj)._flag_cache = names
    out = []
    for name in names:
        value = getattr(obj, "_k_" + name)
        if isinstance(value, numbers.Number) and not isinstance(value, complex):
            out.append((name, bool(value)))
    return tuple(out)


class _Specialise(ast.NodeTransformer):
    """Replace ``if flag:`` / ``if not flag:`` by the side its known truth value takes."""

    def __init__(self, flags: dict[str, bool]):
        self.flags = flags

    def visit_If(self, node: ast.If) -> Any:
        self.generic_visit(node)
        t, neg = node.test, False
        if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
            t, neg = t.operand, True
        if isinstance(t, ast.Name) and t.id in self.flags:
            taken = node.body if self.flags[t.id] != neg else node.orelse
            return taken or [ast.copy_location(ast.Pass(), node)]
        return node


def _build_loop(cls: type[Neuron], kind: str, flags: dict[str, bool] | None = None) -> Any:
    """Generate and compile one loop over the kernel. Internal names start with '_' (kernel arguments cannot)."""
    import numba

    spec = cls._spec
    assert spec is not None
    kern = numba.njit(cache=False, error_model="numpy")(_loop_kernel(cls, spec, flags or {}))
    S, I, R, C = spec.state, spec.inputs, spec.randoms, spec.consts
    O = [o.name for o in cls.outputs]
    outs = [f"_o{k}" for k in range(len(O))]

    def call(idx: str) -> str:
        return ", ".join([f"_x_{s}" for s in S] + [f"_at({x}, {idx})" for x in [*I, *R]] + list(C))

    lhs = ", ".join([f"_x_{s}" for s in S] + outs)
    load = "; ".join(f"_x_{s} = _a_{s}[_i]" for s in S)  # a vector state loads as a view of its row
    scalar_s = [s for s in S if not _is_vec(cls.state_vars[s])]
    store = "; ".join(f"_a_{s}[_i] = _x_{s}" for s in scalar_s) or "pass"
    if kind == "pop":  # one step of N neurons, state arrays updated in place, outputs written per neuron
        sig = ["_n", *[f"_a_{s}" for s in S], *I, *R, *C, *[f"_out_{o}" for o in O]]
        body = [
            "for _i in range(_n):",
            f"    {load}",
            f"    {lhs} = kern({call('0, _i')})",
            "    " + "; ".join([store] + [f"_out_{o}[_i] = _o{k}" for k, o in enumerate(O)]),
        ]
    elif kind in ("run", "prun"):  # T steps of N neurons; counts and recorded events ("prun": threaded update)
        # The steps are done in tiles of up to _tb steps. Update phase: the neurons, in blocks of _nb, each block
        # advanced through the tile's steps while its state is in cache; the inner loop over a block's neurons
        # has no conditional store (so it vectorises) and writes one 0/1 byte per neuron and step to _fired.
        # "prun" runs the blocks on numba's threads (prange): every neuron is advanced by the same operations
        # in the same order as in "run" and no result depends on another neuron, so the two are bit-identical.
        # Collection phase (serial in both): the tile's events in step order, then neuron order, skipping
        # 8 neurons at a time where _f64 (the same bytes as 64-bit words) is zero. Returns the number of steps
        # done: it stops early when the event buffer could overflow and the caller may grow it (_grow).
        rng = "_prange" if kind == "prun" else "range"
        sig = ["_T", "_n", *[f"_a_{s}" for s in S], *I, *R, *C, "_count", "_rec_t", "_rec_i", "_rec_n", "_rec",
               "_grow", "_fired", "_f64", "_nb"]
        body = [
            "_k = _rec_n[0]",
            "_cap = _rec_t.shape[0]",
            "_tb = _fired.shape[0]",
            "_nw = _f64.shape[1]",
            "_nblk = (_n + _nb - 1) // _nb",
            "_t0 = 0",
            "while _t0 < _T:",
            "    _m = min(_tb, _T - _t0)",
            "    if _rec and _grow and _k + _m * _n > _cap:",
            "        _m = (_cap - _k) // _n",
            "        if _m <= 0:",
            "            break",
            f"    for _b in {rng}(_nblk):",
            "        _lo = _u64(_b * _nb)",  # unsigned: no negative-index wraparound test, so the loop vectorises
            "        _hi = _u64(min(_b * _nb + _nb, _n))",
            "        for _s in range(_m):",
            "            _t = _t0 + _s",
            "            for _i in range(_lo, _hi):",
            f"                {load}",
            f"                {lhs} = kern({call('_t, _i')})",
            f"                {store}",
            "                _fired[_s, _i] = _o0 != 0",
            "    for _s in range(_m):",
            "        for _w in range(_nw):",
            "            if _f64[_s, _w] != 0:",
            "                for _i in range(8 * _w, min(8 * _w + 8, _n)):",
            "                    if _fired[_s, _i]:",
            "                        _count[_i] += 1",
            "                        if _rec:",
            "                            if _k < _cap:",
            "                                _rec_t[_k] = _t0 + _s",
            "                                _rec_i[_k] = _i",
            "                            _k += 1",
            "    _t0 += _m",
            "_rec_n[0] = _k",
            "return _t0",
        ]
    elif kind == "trace":  # T steps of one neuron, every state and output recorded
        sig = ["_T", *[f"_x_{s}" for s in S], *I, *R, *C, *[f"_tr_{s}" for s in scalar_s], *[f"_tr_{o}" for o in O]]
        body = [
            "for _t in range(_T):",
            f"    {lhs} = kern({call('0, _t')})",
            "    " + "; ".join([f"_tr_{s}[_t] = _x_{s}" for s in scalar_s]
                          + [f"_tr_{o}[_t] = _o{k}" for k, o in enumerate(O)]),
        ]
    else:
        raise ValueError(f"unknown loop kind {kind!r}")
    src = f"def loop({', '.join(sig)}):\n" + "".join(f"    {line}\n" for line in body)
    from golden.core.jitsupport import at

    ns: dict[str, Any] = {"kern": kern, "_at": at, "_prange": numba.prange, "_u64": np.uint64}
    exec(compile(src, f"<golden {kind} loop of {cls.__name__}>", "exec"), ns)
    return numba.njit(cache=False, nogil=True, parallel=kind == "prun")(ns["loop"])


def _loop_kernel(cls: type[Neuron], spec: KernelSpec, flags: dict[str, bool]) -> Any:
    """The kernel for the compiled loops: if-converted (branch-free, see :mod:`golden.core.ifconv`) unless the
    model opts out with ``speculate = False`` or has a construct that cannot be converted.

    ``flags``: the known truth values of mode-switch constants (:func:`_flags`); each ``if flag:`` is first
    replaced by the side it takes, so the if-converted kernel does not compute the other side (e.g. the second
    stage of a Heun step when ``euler`` is set). Taking the side the branch would take is exact.
    """
    tree = spec.tree
    if flags:
        tree = ast.fix_missing_locations(_Specialise(flags).visit(copy.deepcopy(tree)))
        tree.decorator_list = []
    fdef = tree
    if cls.speculate:
        try:
            fdef = if_convert(tree, len(spec.state) + spec.n_out)
        except NotConvertible:
            pass
    if fdef is spec.tree:
        return spec.fn
    ns: dict[str, Any] = {}
    exec(compile(ast.Module(body=[fdef], type_ignores=[]), f"<loop kernel of {cls.__name__}>", "exec"),
         dict(spec.fn.__globals__), ns)
    return ns[fdef.name]


# ----------------------------------------------------------------------------------------------------------
# populations

# Population.run: the update phase may go to numba's threads from this many neurons (see Population.run and
# README "Benchmarks"); GOLDEN_PARALLEL=0 / =1 in the environment forces the serial / threaded loop.
PARALLEL_MIN_N = 20_000
PARALLEL_ENV = "GOLDEN_PARALLEL"
TILE_NEURONS = 512  # neurons per block of the update phase (a block's state stays in cache through a tile)
TILE_FIRED_BYTES = 1 << 22  # budget of the per-tile event flags (steps per tile x N bytes)
TILE_MAX_STEPS = 64


def _tiles(n: int, steps: int) -> tuple[int, int]:
    """(steps per tile, neurons per block) of Population.run for N neurons."""
    tb = max(1, min(TILE_MAX_STEPS, steps, TILE_FIRED_BYTES // n))
    return tb, min(n, TILE_NEURONS)



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
            init = self._proto._init_state[k]
            if _is_vec(t):
                self.state[k] = np.tile(init, (self.n, 1))
            else:
                self.state[k] = np.full(self.n, init, dtype=_dtype(t))

    def get_state(self) -> dict[str, np.ndarray]:
        return {k: v.copy() for k, v in self.state.items()}

    def _threaded(self, parallel: bool | None) -> bool:
        """Whether run() uses the threaded update loop (see :meth:`run`)."""
        if parallel is None:
            env = os.environ.get(PARALLEL_ENV, "").strip()
            if env not in ("", "0", "1"):
                raise ValueError(f"{PARALLEL_ENV} must be 0 (serial), 1 (threaded) or unset (by N), got {env!r}")
            if env:
                parallel = env == "1"
            else:
                import numba

                threads = numba.get_num_threads()
                if self.n < PARALLEL_MIN_N or threads < 2:
                    return False
                # Threads only pay when they get cores: on a machine already busy with other processes the
                # threaded loop waits at every tile's barrier and was measured 1.3-4x SLOWER than the serial
                # one (README "Benchmarks"). The 1-minute load average (this process counts as ~1) must leave
                # the other threads idle cores. Either loop gives the same bits, so this only affects speed.
                return os.getloadavg()[0] < (os.cpu_count() or 1) - threads + 1.5
        return bool(parallel)

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
                out.append(0.0)
        return out

    def step(self, *args: Any, **inputs: Any) -> np.ndarray:
        """Advance all N neurons one step; returns the first output (spikes) as an array of N."""
        spec = self.model._spec
        assert spec is not None
        for name, value in zip(spec.inputs, args, strict=False):
            if name in inputs:
                raise TypeError(f"input {name} given twice")
            inputs[name] = value
        ins = [_input_value(self._proto, i, inputs.pop(i.name, self._proto._defaults[i.name]), ((self.n,),))
               for i in self.model.inputs]
        if inputs:
            raise TypeError(f"{self.model.__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        outs = [np.empty(self.n, dtype=o.dtype) for o in self.model.outputs]
        fn = _compiled(self.model, "pop", _flags(self._proto))
        fn(self.n, *self.state.values(), *ins, *self._draw((self.n,)), *self._consts(), *outs)
        return outs[0] if len(outs) == 1 else tuple(outs)

    def run(self, steps: int, *, record: bool = True, max_events: int | None = None, parallel: bool | None = None,
            **inputs: Any) -> RunResult:
        """Advance ``steps`` steps in one compiled loop; returns counts and (t, i) of recorded events.

        ``parallel``: run the update phase on numba's threads (True), serially (False) or choose (None: threads
        when N >= ``PARALLEL_MIN_N``, numba has more than one thread and the load average leaves them idle
        cores; the environment variable ``GOLDEN_PARALLEL=0`` forces serial, ``=1`` threads). The results are
        bit-identical either way.
        """
        steps = _check_steps(steps)
        spec = self.model._spec
        assert spec is not None
        shape = (steps, self.n)
        raw = {i.name: inputs.pop(i.name, self._proto._defaults[i.name]) for i in self.model.inputs}
        if inputs:
            raise TypeError(f"{self.model.__name__} has no input(s) {sorted(inputs)}; inputs are {spec.inputs}")
        ins = [_input_value(self._proto, i, raw[i.name], ((self.n,), (steps, 1), shape)) for i in self.model.inputs]
        count = np.zeros(self.n, dtype=np.int64)
        threaded = self._threaded(parallel)
        tb, nb = _tiles(self.n, steps)
        step_events = tb * self.n  # the most events one tile of steps can emit
        cap = max(1 << 16, 16 * self.n, step_events) if record else 0
        if max_events is not None:
            cap = min(cap, max_events)
        rec_t = np.empty(cap, dtype=np.int32)
        rec_i = np.empty(cap, dtype=np.int32)
        rec_n = np.zeros(1, dtype=np.int64)
        fired = np.zeros((tb, -(-self.n // 8) * 8), dtype=np.uint8)  # padded to whole 64-bit words (kept 0)
        fired64 = fired.view(np.uint64)
        fn = _compiled(self.model, "prun" if threaded else "run", _flags(self._proto))
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
                grow = max_events is None or rec_t.size < max_events
                if record and grow and rec_t.size - k < step_events:  # room for one more tile of events
                    size = max(2 * rec_t.size, k + step_events)
                    size = min(size, max_events) if max_events is not None else size
                    rec_t = np.resize(rec_t, size)
                    rec_i = np.resize(rec_i, size)
                    grow = max_events is None or rec_t.size < max_events
                done = fn(t1 - t, self.n, *self.state.values(), *[_from_step(a, t, t1) for a in ins],
                          *[_from_step(r, t - t0, t1 - t0) for r in rnd], *consts, count, rec_t, rec_i, rec_n,
                          record, grow, fired, fired64, nb)
                rec_t[k:min(int(rec_n[0]), rec_t.size)] += t
                t += int(done)
            t0 = t1
        k = int(rec_n[0])
        if record and k > rec_t.size:
            raise RuntimeError(f"{k} events, more than max_events={max_events}; pass a larger max_events")
        return RunResult(steps, count, rec_t[:k].copy(), rec_i[:k].copy())


def scalar_step_source(cls: type[Neuron]) -> str:
    """The generated ``step`` method as source text (for documentation and review)."""
    return cls._step_source


__all__ = ["Input", "Output", "Vector", "Neuron", "Population", "RunResult", "scalar_step_source"]
