"""Bit-true models of the stochastic-computing cells (golden.sc.units): the clocked models against plain
per-cycle loops written here from the RTL headers (an independent second form), the library operations they
are built on, parameter checks, and the registry entries. The elaboration-range test needs Verilator."""

from __future__ import annotations

import numpy as np
import pytest

from golden import registry
from golden.sc import cordiv, delay, fsm_tanh, mul_and, mul_xnor, mux_add, pack, unpack, window_count
from golden.sc.units import (
    UNITS,
    ScAddMux,
    ScCordiv,
    ScCounter,
    ScIsolator,
    ScMulAnd,
    ScMulXnor,
    ScTanhFsm,
    StreamUnit,
    fsm_states,
    model_for,
)

SEED = 20260611
SIM = {"sc_mul_and": "mul_and", "sc_mul_xnor": "mul_xnor", "sc_add_mux": "add_mux", "sc_cordiv": "cordiv",
       "sc_tanh_fsm": "tanh_fsm", "sc_isolator": "isolator", "sc_counter": "counter"}

MODELS = [ScMulAnd(), ScMulXnor(), ScAddMux(), ScCordiv(), ScTanhFsm(), ScTanhFsm(2), ScTanhFsm(6),
          ScIsolator(), ScIsolator(1), ScIsolator(7), ScCounter(), ScCounter(1), ScCounter(3)]


def reference(m: StreamUnit, ins: dict[str, np.ndarray], en: np.ndarray, rst: np.ndarray) -> dict[str, list]:
    """The RTL's registers, one clock at a time (plain Python, written from the module headers)."""
    key = m.KEY
    out: dict[str, list] = {p.name: [] for p in m.outputs}
    st: dict = {}

    def reset() -> None:
        st.clear()
        st.update(y=0, z=0, s=getattr(m, "states", 2) // 2, chain=[0] * getattr(m, "depth", 1), phase=0, acc=0,
                  count=0, valid=0)

    reset()
    for t in range(en.size):
        b = {k: int(v[t]) for k, v in ins.items()}
        if rst[t]:
            reset()
        else:
            st["valid"] = 0
            if en[t]:
                if key == "sc_mul_and":
                    st["y"] = b["a"] & b["b"]
                elif key == "sc_mul_xnor":
                    st["y"] = 1 - (b["a"] ^ b["b"])
                elif key == "sc_add_mux":
                    st["y"] = b["a"] if b["sel"] else b["b"]
                elif key == "sc_cordiv":
                    st["z"] = b["x"] if b["y"] else st["z"]
                elif key == "sc_tanh_fsm":
                    k = m.states
                    st["y"] = int(st["s"] >= k // 2)
                    st["s"] = min(st["s"] + 1, k - 1) if b["x"] else max(st["s"] - 1, 0)
                elif key == "sc_isolator":
                    st["chain"] = [b["x"], *st["chain"][:-1]]
                    st["y"] = st["chain"][-1]
                elif key == "sc_counter":
                    if st["phase"] == m.window - 1:
                        st["count"], st["acc"], st["valid"] = st["acc"] + b["x"], 0, 1
                    else:
                        st["acc"] += b["x"]
                    st["phase"] = (st["phase"] + 1) % m.window
        for p in m.outputs:
            out[p.name].append(st[p.name])
    return out


def stimulus(rng: np.random.Generator, m: StreamUnit, n: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    p = rng.choice([0.0, 0.1, 0.5, 0.9, 1.0], size=len(m.INPUTS))
    ins = {k: (rng.random(n) < pk).astype(np.uint8) for k, pk in zip(m.INPUTS, p, strict=True)}
    en = (rng.random(n) < rng.choice([1.0, 0.7, 0.2])).astype(np.uint8)
    rst = (rng.random(n) < 0.01).astype(np.uint8)
    rst[0] = 1
    return ins, en, rst


@pytest.mark.parametrize("m", MODELS, ids=repr)
def test_run_equals_per_cycle_reference(m: StreamUnit) -> None:
    rng = np.random.default_rng(SEED)
    for _ in range(6):
        ins, en, rst = stimulus(rng, m, 3000)
        got = m.run(en=en, rst=rst, **ins)
        want = reference(m, ins, en, rst)
        for p in m.outputs:
            bad = np.flatnonzero(got[p.name] != np.asarray(want[p.name]))
            assert bad.size == 0, f"{m} {p.name}: first differences at cycles {bad[:5].tolist()}"


def test_always_enabled_runs_are_the_library_operations() -> None:
    rng = np.random.default_rng(SEED)
    a, b, c = ((rng.random(1000) < q).astype(np.uint8) for q in (0.3, 0.6, 0.5))
    A, B, C = pack(a), pack(b), pack(c)
    assert np.array_equal(ScMulAnd().run(a=a, b=b)["y"], unpack(mul_and(A, B)))
    assert np.array_equal(ScMulXnor().run(a=a, b=b)["y"], unpack(mul_xnor(A, B)))
    assert np.array_equal(ScAddMux().run(a=a, b=b, sel=c)["y"], unpack(mux_add(A, B, C)))
    assert np.array_equal(ScCordiv().run(x=a, y=b)["z"], unpack(cordiv(A, B)))
    assert np.array_equal(ScTanhFsm(10).run(x=a)["y"], unpack(fsm_tanh(A, states=10)))
    assert np.array_equal(ScIsolator(5).run(x=a)["y"], unpack(delay(A, 4)))
    counts = window_count(A, 8)
    out = ScCounter(3).run(x=a)
    assert np.array_equal(out["count"][7::8], counts) and np.array_equal(np.flatnonzero(out["valid"]) % 8, [7] * 125)


def test_a_stalled_stream_is_the_same_stream() -> None:
    """Enable-low cycles consume nothing: the outputs at the live cycles equal an always-enabled run."""
    rng = np.random.default_rng(SEED)
    x = (rng.random(4000) < 0.5).astype(np.uint8)
    en = (rng.random(4000) < 0.4).astype(np.uint8)
    for m in MODELS:
        if m.INPUTS != ("x",):
            continue
        stalled = m.run(x=x, en=en)
        live = np.flatnonzero(en)
        direct = m.run(x=x[live])
        for p in m.outputs:
            assert np.array_equal(stalled[p.name][live], direct[p.name]), (m, p.name)


def test_fsm_states_agree_with_fsm_tanh() -> None:
    rng = np.random.default_rng(SEED)
    for k in (2, 4, 6, 8, 16):
        x = (rng.random(5000) < rng.random()).astype(np.uint8)
        s_after = fsm_states(x, k)
        s_before = np.concatenate(([k // 2], s_after[:-1]))
        assert np.array_equal(unpack(fsm_tanh(pack(x), states=k)), (s_before >= k // 2).astype(np.uint8))
        assert s_after.min() >= 0 and s_after.max() <= k - 1
    assert fsm_states(np.ones(10, np.uint8), 4).tolist() == [3] * 10
    assert fsm_states(np.zeros(3, np.uint8), 4, init=1).tolist() == [0, 0, 0]


def test_reset_values_and_pulse() -> None:
    x = np.ones(12, np.uint8)
    rst = np.zeros(12, np.uint8)
    rst[6] = 1
    out = ScCounter(1).run(x=x, rst=rst)
    assert out["count"].tolist() == [0, 2, 2, 2, 2, 2, 0, 0, 2, 2, 2, 2]
    assert out["valid"].tolist() == [0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0]
    assert ScTanhFsm().run(x=np.zeros(3, np.uint8), rst=np.array([1, 0, 0]))["y"].tolist() == [0, 1, 0]
    assert ScCounter(4).qformat.name == "UQ1.4"


def test_inputs_and_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match=r"states must be an integer in \[2, 1024\], got 1026"):
        ScTanhFsm(1026)
    with pytest.raises(ValueError, match="states must be even, got 7"):
        ScTanhFsm(7)
    with pytest.raises(ValueError, match=r"depth must be an integer in \[1, 256\], got 0"):
        ScIsolator(0)
    with pytest.raises(ValueError, match=r"window_log2 must be an integer in \[1, 24\], got 25"):
        ScCounter(25)
    with pytest.raises(KeyError, match="no parameter"):
        ScCounter.from_rtl({"Window": 8})
    with pytest.raises(ValueError, match="must be 0 or 1 in every cycle, got 2"):
        ScMulAnd().run(a=np.array([0, 2]), b=np.array([0, 1]))
    with pytest.raises(ValueError, match="takes the inputs"):
        ScCordiv().run(x=np.zeros(2, np.uint8))
    with pytest.raises(ValueError, match="cycles, expected 3"):
        ScCordiv().run(x=np.zeros(3, np.uint8), y=np.zeros(3, np.uint8), en=np.ones(2, np.uint8))
    assert ScTanhFsm.from_rtl({"States": 6}) == ScTanhFsm(6) and ScTanhFsm(6).rtl_params() == {"States": 6}
    assert ScMulAnd().run(a=np.zeros(0, np.uint8), b=np.zeros(0, np.uint8))["y"].size == 0


def test_registry_entries() -> None:
    units = registry.units()
    for cls in UNITS:
        u = units[cls.KEY]
        assert u.sim == SIM[cls.KEY] and u.rtl == f"rtl/sc/{cls.KEY}.sv"
        assert u.model == f"golden.sc.units.{cls.__name__}" and model_for(cls.KEY) is cls
        assert registry.unit(u.sim) == u


@pytest.mark.rtl
@pytest.mark.parametrize("cls", [c for c in UNITS if c.PARAM_RANGES], ids=lambda c: c.KEY)
def test_rtl_elaboration_checks_the_same_ranges(cls: type[StreamUnit]) -> None:
    """Verilator accepts the model's range bounds and rejects one beyond each (the RTL's $error)."""
    import subprocess

    from verif.common.rtl import INCLUDE, require, sources

    require("verilator")
    ((rtl_name, field),) = cls.RTL_PARAMS.items()
    lo, hi = cls.PARAM_RANGES[field]
    step = 2 if cls is ScTanhFsm else 1  # States must also be even

    def elaborates(value: int) -> bool:
        cmd = ["verilator", "--lint-only", "-Wall", f"-I{INCLUDE}", "--top-module", cls.KEY, f"-G{rtl_name}={value}",
               *map(str, sources(cls.KEY))]
        return subprocess.run(cmd, capture_output=True, text=True).returncode == 0

    assert elaborates(lo) and elaborates(hi)
    assert not elaborates(lo - step) and not elaborates(hi + step)
    if cls is ScTanhFsm:
        assert not elaborates(7)
