"""Bit-true models of the clocked stochastic-computing cells ``rtl/sc/sc_*.sv`` (gates, CORDIV, FSM tanh,
isolator, windowed counter), built on the stream operations of :mod:`golden.sc.bitstream`.

Clocking (every cell the same way)
----------------------------------
Each cell has ``clk_i``, an asynchronous active-low reset ``rst_ni`` and a clock enable ``en_i``. A cycle with
``en_i`` high and the reset released CONSUMES one bit of every input stream (a "live" cycle); a cycle with
``en_i`` low consumes nothing and every register holds; a reset returns every register to its reset value
and restarts the streams. So between two resets the cell sees the subsequence of bits of its live cycles,
and what it outputs after the k-th live clock edge is bit k of the :mod:`golden.sc.bitstream` operation
applied to that subsequence:

==================  ==============================================  =====================================
RTL unit            output after the k-th live edge since reset      library operation
==================  ==============================================  =====================================
``sc_mul_and``      y = a AND b                                      :func:`~golden.sc.bitstream.mul_and`
``sc_mul_xnor``     y = NOT(a XOR b)                                 :func:`~golden.sc.bitstream.mul_xnor`
``sc_add_mux``      y = sel ? a : b                                  :func:`~golden.sc.bitstream.mux_add`
``sc_cordiv``       z = y ? x : z (z = 0 at reset)                   :func:`~golden.sc.bitstream.cordiv`
``sc_tanh_fsm``     y = [s >= K/2], s the state before bit k         :func:`~golden.sc.bitstream.fsm_tanh`
``sc_isolator``     y = x delayed by Depth - 1 bits (0 fill)         :func:`~golden.sc.bitstream.delay`
``sc_counter``      count of the last complete window, valid pulse   :func:`~golden.sc.bitstream.window_count`
==================  ==============================================  =====================================

Every output is a register: in a cycle that is not live it keeps its value (``held``), except a pulse output
(``sc_counter.valid_o``), which is high only after the live edge that ends a window. After a reset every
output is at its reset value. :meth:`StreamUnit.run` applies exactly these rules to per-cycle arrays of the
inputs, ``en`` and ``rst`` (1 = ``rst_ni`` low in that cycle) and returns every output as seen AFTER each
cycle's clock edge, which is what a testbench samples; :meth:`StreamUnit.stream` is the library operation on
the bits of one reset-free, always-enabled run.

Each model is a frozen dataclass whose fields are the RTL parameters in Python spelling
(``RTL_PARAMS`` maps them: ``ScTanhFsm.from_rtl({"States": 8})``), range-checked like the RTL's elaboration
checks (``PARAM_RANGES``).

The flip-flops of the isolator hold its last Depth bits, the FSM its state: :meth:`StreamUnit.run` also
returns the internal traces a testbench needs for its coverage (``ScTanhFsm``: the state ``s`` after every
edge, from :func:`fsm_states`, a per-cycle form the library does not have; it is checked against the
library's output bit by bit in ``tests/test_sc_units.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

from golden.fixed.qformat import QFormat
from golden.registry import register_unit
from golden.sc.bitstream import cordiv, delay, fsm_tanh, mul_and, mul_xnor, mux_add, pack, unpack, window_count


@dataclass(frozen=True)
class Port:
    """An output (or internal trace) of a cell: width in bits, value after reset, held when not live."""

    name: str
    width: int = 1
    reset: int = 0
    held: bool = True  # False: a pulse, 0 in every cycle that is not a live window end
    internal: bool = False  # True: not an RTL port (a model trace for coverage)


def _bits(name: str, v: Any, n: int | None = None) -> np.ndarray:
    a = np.asarray(v)
    if a.ndim != 1:
        raise ValueError(f"{name} must be a 1-D per-cycle array, got shape {a.shape}")
    if n is not None and a.size != n:
        raise ValueError(f"{name} has {a.size} cycles, expected {n} (like the other inputs)")
    if a.size and a.dtype != np.bool_:
        if not np.issubdtype(a.dtype, np.integer):
            raise ValueError(f"{name} must hold 0/1 integers or booleans, got dtype {a.dtype}")
        bad = (a != 0) & (a != 1)
        if np.any(bad):
            raise ValueError(f"{name} must be 0 or 1 in every cycle, got {int(a[bad][0])} at cycle "
                             f"{int(np.flatnonzero(bad)[0])}")
    return a.astype(np.uint8, copy=False)


def _on_stream(op: Callable[..., Any], *bits: np.ndarray) -> np.ndarray:
    """Apply a packed-stream operation of the library to 0/1 arrays (empty in, empty out)."""
    if bits[0].size == 0:
        return np.zeros(0, np.uint8)
    return unpack(op(*(pack(b) for b in bits)))


class StreamUnit:
    """Base of the cell models: the clocking rules of the module docstring around :meth:`stream`."""

    KEY: ClassVar[str]  # RTL module
    INPUTS: ClassVar[tuple[str, ...]]  # stream inputs, RTL port names without the _i suffix
    RTL_PARAMS: ClassVar[dict[str, str]] = {}  # RTL parameter -> field
    PARAM_RANGES: ClassVar[dict[str, tuple[int, int]]] = {}  # field -> inclusive legal range (as the RTL's)
    STATEFUL: ClassVar[bool] = True  # False: combinational before the register (no restart at reset needed)

    @property
    def ports(self) -> tuple[Port, ...]:
        """Outputs (RTL names without _o) and internal traces."""
        raise NotImplementedError

    @property
    def outputs(self) -> tuple[Port, ...]:
        return tuple(p for p in self.ports if not p.internal)

    def _check(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            lo, hi = self.PARAM_RANGES[f.name]
            if isinstance(v, bool) or not isinstance(v, int | np.integer) or not lo <= v <= hi:
                raise ValueError(f"{type(self).__name__}: {f.name} must be an integer in [{lo}, {hi}], got {v!r}")

    @classmethod
    def from_rtl(cls, params: Mapping[str, int]) -> StreamUnit:
        """The model of the RTL cell with these parameter values (RTL names, as passed with -G)."""
        unknown = set(params) - set(cls.RTL_PARAMS)
        if unknown:
            raise KeyError(f"{cls.KEY} has no parameter(s) {sorted(unknown)}; its parameters: "
                           f"{list(cls.RTL_PARAMS) or 'none'}")
        return cls(**{cls.RTL_PARAMS[k]: int(v) for k, v in params.items()})

    def rtl_params(self) -> dict[str, int]:
        return {k: int(getattr(self, f)) for k, f in self.RTL_PARAMS.items()}

    def stream(self, **bits: np.ndarray) -> dict[str, np.ndarray]:
        """Outputs after each bit of one reset-free, always-enabled run (bit k -> value after the k-th edge)."""
        raise NotImplementedError

    def run(self, *, en: Any = None, rst: Any = None, **inputs: Any) -> dict[str, np.ndarray]:
        """Every output and internal trace AFTER each cycle's clock edge, for per-cycle 0/1 arrays of the stream
        inputs, ``en`` (default all 1) and ``rst`` (1 = rst_ni low in that cycle; default all 0)."""
        if set(inputs) != set(self.INPUTS):
            raise ValueError(f"{self.KEY} takes the inputs {list(self.INPUTS)}, got {sorted(inputs)}")
        n = np.asarray(inputs[self.INPUTS[0]]).size
        ins = {k: _bits(k, inputs[k], n) for k in self.INPUTS}
        en_b = np.ones(n, np.bool_) if en is None else _bits("en", en, n).view(np.bool_)
        rst_b = np.zeros(n, np.bool_) if rst is None else _bits("rst", rst, n).view(np.bool_)
        idx_t = np.int32 if n < 2**31 else np.int64  # cycle indices (narrow: these arrays are 10M long)
        live_b = en_b & ~rst_b
        live = np.flatnonzero(live_b).astype(idx_t, copy=False)
        raw = {p.name: np.full(n, p.reset, np.uint8 if p.width == 1 else np.int64) for p in self.ports}
        if self.STATEFUL and live.size:  # one run of the library operation per reset-free segment
            seg = np.cumsum(rst_b, dtype=idx_t)[live]
            groups = np.split(live, np.flatnonzero(seg[1:] != seg[:-1]) + 1)
        else:
            groups = [live]
        for g in groups:
            if g.size:
                res = self.stream(**{k: v[g] for k, v in ins.items()})
                for p in self.ports:
                    raw[p.name][g] = res[p.name]
        event = live_b | rst_b
        # the last cycle (up to and including this one) in which the registers were clocked or reset
        src = np.maximum.accumulate(np.where(event, np.arange(n, dtype=idx_t), idx_t(-1))) if n else live
        has_src = src >= 0
        src = np.maximum(src, 0, out=src)
        out = {}
        for p in self.ports:
            v = raw[p.name]
            if p.held:  # a register that is not clocked keeps its value (reset value before any event)
                v = np.where(has_src, v[src], v.dtype.type(p.reset))
            else:  # a pulse: only after live edges
                v = np.where(live_b, v, v.dtype.type(p.reset))
            out[p.name] = v
        return out


def _gate_ports() -> tuple[Port, ...]:
    return (Port("y"),)


@dataclass(frozen=True)
class ScMulAnd(StreamUnit):
    """``sc_mul_and``: unipolar multiply, y = a AND b, registered (latency 1)."""

    KEY: ClassVar[str] = "sc_mul_and"
    INPUTS: ClassVar[tuple[str, ...]] = ("a", "b")
    STATEFUL: ClassVar[bool] = False

    @property
    def ports(self) -> tuple[Port, ...]:
        return _gate_ports()

    def stream(self, *, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": _on_stream(mul_and, a, b)}


@dataclass(frozen=True)
class ScMulXnor(StreamUnit):
    """``sc_mul_xnor``: bipolar multiply, y = NOT(a XOR b), registered (latency 1)."""

    KEY: ClassVar[str] = "sc_mul_xnor"
    INPUTS: ClassVar[tuple[str, ...]] = ("a", "b")
    STATEFUL: ClassVar[bool] = False

    @property
    def ports(self) -> tuple[Port, ...]:
        return _gate_ports()

    def stream(self, *, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": _on_stream(mul_xnor, a, b)}


@dataclass(frozen=True)
class ScAddMux(StreamUnit):
    """``sc_add_mux``: scaled addition, y = sel ? a : b, registered (latency 1)."""

    KEY: ClassVar[str] = "sc_add_mux"
    INPUTS: ClassVar[tuple[str, ...]] = ("a", "b", "sel")
    STATEFUL: ClassVar[bool] = False

    @property
    def ports(self) -> tuple[Port, ...]:
        return _gate_ports()

    def stream(self, *, a: np.ndarray, b: np.ndarray, sel: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": _on_stream(mux_add, a, b, sel)}


@dataclass(frozen=True)
class ScCordiv(StreamUnit):
    """``sc_cordiv``: CORDIV divider (Chen & Hayes 2016), z = y ? x : z, one flip-flop reset to 0."""

    KEY: ClassVar[str] = "sc_cordiv"
    INPUTS: ClassVar[tuple[str, ...]] = ("x", "y")

    @property
    def ports(self) -> tuple[Port, ...]:
        return (Port("z"),)

    def stream(self, *, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        return {"z": _on_stream(lambda xs, ys: cordiv(xs, ys, init=0), x, y)}


@lru_cache(maxsize=1)
def _fsm_kernel() -> Callable[..., None]:
    import numba

    @numba.njit(nogil=True, cache=False)
    def kernel(x: np.ndarray, top: int, init: int, out: np.ndarray) -> None:
        s = init
        for i in range(x.size):
            if x[i]:
                if s < top:
                    s += 1
            elif s > 0:
                s -= 1
            out[i] = s

    return kernel


def fsm_states(x: np.ndarray, states: int, init: int | None = None) -> np.ndarray:
    """The saturating up/down counter of :func:`~golden.sc.bitstream.fsm_tanh` as a per-bit trace: the state
    AFTER each input bit (s_(k+1) = min(s_k + 1, K - 1) if x_k else max(s_k - 1, 0), s_0 = ``init``, K/2 by
    default). The library gives only the output bits; a testbench needs the state for its coverage."""
    if isinstance(states, bool) or not isinstance(states, int | np.integer) or states < 2 or states % 2:
        raise ValueError(f"states must be an even integer >= 2, got {states!r}")
    init = states // 2 if init is None else init
    if not 0 <= init < states:
        raise ValueError(f"init must be a state in [0, {states - 1}], got {init!r}")
    xb = _bits("x", x).astype(np.int64)
    out = np.empty(xb.size, np.int64)
    _fsm_kernel()(xb, int(states) - 1, int(init), out)
    return out


@dataclass(frozen=True)
class ScTanhFsm(StreamUnit):
    """``sc_tanh_fsm``: the K-state saturating counter of Brown & Card 2001, y = [s >= K/2] registered."""

    states: int = 8

    KEY: ClassVar[str] = "sc_tanh_fsm"
    INPUTS: ClassVar[tuple[str, ...]] = ("x",)
    RTL_PARAMS: ClassVar[dict[str, str]] = {"States": "states"}
    PARAM_RANGES: ClassVar[dict[str, tuple[int, int]]] = {"states": (2, 1024)}

    def __post_init__(self) -> None:
        self._check()
        if self.states % 2:
            raise ValueError(f"ScTanhFsm: states must be even, got {self.states}")

    @property
    def ports(self) -> tuple[Port, ...]:
        return (Port("y"), Port("s", width=max(1, (self.states - 1).bit_length()), reset=self.states // 2,
                                internal=True))

    def stream(self, *, x: np.ndarray) -> dict[str, np.ndarray]:
        y = _on_stream(lambda xs: fsm_tanh(xs, states=self.states), x)
        return {"y": y, "s": fsm_states(x, self.states)}


@dataclass(frozen=True)
class ScIsolator(StreamUnit):
    """``sc_isolator``: Depth flip-flops in a chain (0 after reset); y after the k-th live edge is bit
    k - Depth + 1 of the input (Depth cycles from input pin to output pin)."""

    depth: int = 4

    KEY: ClassVar[str] = "sc_isolator"
    INPUTS: ClassVar[tuple[str, ...]] = ("x",)
    RTL_PARAMS: ClassVar[dict[str, str]] = {"Depth": "depth"}
    PARAM_RANGES: ClassVar[dict[str, tuple[int, int]]] = {"depth": (1, 256)}

    def __post_init__(self) -> None:
        self._check()

    @property
    def ports(self) -> tuple[Port, ...]:
        return (Port("y"),)

    def stream(self, *, x: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": _on_stream(lambda xs: delay(xs, self.depth - 1, fill=0), x)}


@dataclass(frozen=True)
class ScCounter(StreamUnit):
    """``sc_counter``: ones per window of 2^WindowLog2 live bits; count (UQ1.WindowLog2) registered at the
    end of each window and held, valid pulsed for one cycle."""

    window_log2: int = 8

    KEY: ClassVar[str] = "sc_counter"
    INPUTS: ClassVar[tuple[str, ...]] = ("x",)
    RTL_PARAMS: ClassVar[dict[str, str]] = {"WindowLog2": "window_log2"}
    PARAM_RANGES: ClassVar[dict[str, tuple[int, int]]] = {"window_log2": (1, 24)}

    def __post_init__(self) -> None:
        self._check()

    @property
    def window(self) -> int:
        return 1 << self.window_log2

    @property
    def qformat(self) -> QFormat:
        """Format of count_o: UQ1.WindowLog2 (raw count / 2^WindowLog2 = the window's unipolar value)."""
        return QFormat(word=self.window_log2 + 1, frac=self.window_log2, signed=False)

    @property
    def ports(self) -> tuple[Port, ...]:
        return (Port("count", width=self.window_log2 + 1), Port("valid", held=False))

    def stream(self, *, x: np.ndarray) -> dict[str, np.ndarray]:
        w, k = self.window, x.size
        m = k // w
        counts = window_count(pack(x[: m * w]), w) if m else np.zeros(0, np.int64)
        done = np.arange(1, k + 1) // w  # complete windows after each bit
        return {"count": np.concatenate(([0], counts))[done], "valid": (np.arange(1, k + 1) % w == 0)}


UNITS: tuple[type[StreamUnit], ...] = (ScMulAnd, ScMulXnor, ScAddMux, ScCordiv, ScTanhFsm, ScIsolator, ScCounter)


def model_for(key: str) -> type[StreamUnit]:
    """The model class of RTL unit ``key`` (``sc_cordiv`` -> :class:`ScCordiv`)."""
    for cls in UNITS:
        if cls.KEY == key:
            return cls
    raise KeyError(f"no stream-cell model for {key!r}; known: {[c.KEY for c in UNITS]}")


register_unit("sc_mul_and", sim="mul_and", model="golden.sc.units.ScMulAnd", rtl="rtl/sc/sc_mul_and.sv",
              description="unipolar multiply: registered a AND b")
register_unit("sc_mul_xnor", sim="mul_xnor", model="golden.sc.units.ScMulXnor", rtl="rtl/sc/sc_mul_xnor.sv",
              description="bipolar multiply: registered a XNOR b")
register_unit("sc_add_mux", sim="add_mux", model="golden.sc.units.ScAddMux", rtl="rtl/sc/sc_add_mux.sv",
              description="scaled addition: registered 2:1 MUX, y = sel ? a : b")
register_unit("sc_cordiv", sim="cordiv", model="golden.sc.units.ScCordiv", rtl="rtl/sc/sc_cordiv.sv",
              description="CORDIV divider (Chen & Hayes 2016): z = y ? x : z in one flip-flop")
register_unit("sc_tanh_fsm", sim="tanh_fsm", model="golden.sc.units.ScTanhFsm", rtl="rtl/sc/sc_tanh_fsm.sv",
              description="stochastic tanh: Brown & Card saturating up/down counter of States states")
register_unit("sc_isolator", sim="isolator", model="golden.sc.units.ScIsolator", rtl="rtl/sc/sc_isolator.sv",
              description="isolator: a chain of Depth flip-flops (decorrelation by delay)")
register_unit("sc_counter", sim="counter", model="golden.sc.units.ScCounter", rtl="rtl/sc/sc_counter.sv",
              description="stream to binary: ones per window of 2^WindowLog2 bits, registered, valid pulse")
