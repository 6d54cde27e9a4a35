"""pyuvm testbench of ``sc_dense_layer``: every cycle, ``spike_o``, ``v_o`` AND ``cur_o`` of EVERY neuron (the
packed ports compared whole) against the bit-true model (:class:`golden.fixed.sc_dense_unit.ScDenseUnit`).

Built on the generic core bench (:mod:`verif.common.core_bench`). Stimulus: weight loading (every synapse
written), held inputs (the layer's normal use: a value streams for hundreds of cycles), per-cycle random inputs,
the corners x = 0 / +full / -full / all equal, pop = 0 and pop = N (x and w at full scale with equal or
opposite signs), weight writes in the middle of a run, a neuron's v_next aimed exactly at VThreshold (the gain
chosen from the predictor's current), and resets. Run it with ``make sim MODEL=dense_layer`` or from pytest.
``NRN_INJECT=model_threshold`` gives the scoreboard a wrong model (VThreshold + 1).

The parameter sets keep the input ports' widths (N Width = 32, Width = 8, 4 address bits); the deep check
(:mod:`verif.sc_dense_layer.deep_sc_dense_layer`) varies N, M and Width.
"""

from __future__ import annotations

from golden.fixed.sc_dense_unit import RTL_DEFAULTS, ScDenseUnit
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

COVER_BINS = (
    "spike", "no_spike",
    "x_zero",  # every input 0
    "x_pos_full",  # every input +full scale (2^(W-1) - 1)
    "x_neg_full",  # every input -full scale (-2^(W-1), the bipolar -1)
    "x_all_equal",  # every input the same value (N > 1)
    "weight_write_mid_run",  # a weight written while the streams run
    "weight_write_ignored",  # address >= N M (no register)
    "v_eq_threshold",  # a neuron's v_next == VThreshold: fires (>=)
    "pop_zero",  # a neuron's current at its minimum -(N << CurShift)
    "pop_full",  # a neuron's current at its maximum N << CurShift
    "currents_differ",  # two neurons get different currents in the same cycle
)


def _fields(s_or_m) -> tuple[int, int, int]:
    w = s_or_m.width
    return w, (1 << (w - 1)) - 1, -(1 << (w - 1))


def classify(m: ScDenseUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    x, we, addr, _data, leak, gain = ins
    xs = m.unpack_x(x)
    _, hi, lo = _fields(m)
    cur, vn = m.preview(leak, gain)
    full = m.n << m.cur_shift
    return {
        "x_zero": all(v == 0 for v in xs), "x_pos_full": all(v == hi for v in xs),
        "x_neg_full": all(v == lo for v in xs), "x_all_equal": m.n > 1 and len(set(xs)) == 1,
        "weight_write_mid_run": bool(we) and bool(m.primed) and addr < m.n * m.m,
        "weight_write_ignored": bool(we) and addr >= m.n * m.m,
        "v_eq_threshold": any(m.ref[j] == 0 and vn[j] == m.lif.v_threshold for j in range(m.m)),
        "pop_zero": bool(m.primed) and any(c == -full for c in cur),
        "pop_full": bool(m.primed) and any(c == full for c in cur),
        "currents_differ": len(set(cur)) > 1,
    }


def _model(s: Seq) -> ScDenseUnit:
    return s.pred


def _rand_x(s: Seq) -> int:
    m = _model(s)
    _, hi, lo = _fields(m)
    return m.pack_x([s.i(lo, hi) for _ in range(m.n)])


def _lk(s: Seq) -> tuple[int, int]:
    """leak_k, gain_k: mostly the useful range, sometimes anything."""
    if s.rng.random() < 0.1:
        return s.i(-32768, 32767), s.i(-32768, 32767)
    return s.i(0, 64), s.i(0, 512)


async def send(s: Seq, x: int, leak: int, gain: int, we: int = 0, addr: int = 0, data: int = 0) -> None:
    await s.send(x, we, addr, data & ((1 << _model(s).width) - 1), leak, gain)


async def load_weights(s: Seq, values: list[int] | None = None) -> None:
    """Write every synapse (address j N + i), one per cycle, inputs random meanwhile."""
    m = _model(s)
    _, hi, lo = _fields(m)
    leak, gain = _lk(s)
    for a in range(m.n * m.m):
        await send(s, _rand_x(s), leak, gain, 1, a, values[a] if values else s.i(lo, hi))


async def held(s: Seq) -> None:
    """A held input vector for a few hundred cycles, sometimes a weight rewritten in the middle."""
    m = _model(s)
    _, hi, lo = _fields(m)
    x = _rand_x(s)
    leak, gain = s.i(4, 32), s.i(64, 512)
    for _ in range(s.i(100, 600)):
        if s.rng.random() < 0.01:
            await send(s, x, leak, gain, 1, s.i(0, (1 << (m.n * m.m - 1).bit_length()) - 1), s.i(lo, hi))
        else:
            await send(s, x, leak, gain)


async def random_cycles(s: Seq) -> None:
    m = _model(s)
    _, hi, lo = _fields(m)
    for _ in range(s.i(50, 300)):
        leak, gain = _lk(s)
        we = int(s.rng.random() < 0.1)
        await send(s, _rand_x(s), leak, gain, we, s.i(0, 15), s.i(lo, hi))


async def corners(s: Seq) -> None:
    """x at 0 / +full / -full / all equal; pop = 0 and pop = N (x and every weight at full scale)."""
    m = _model(s)
    _, hi, lo = _fields(m)
    r = s.rng.random()
    if r < 0.4:  # full-scale weights of one sign, full-scale inputs: every product +1 (pop N) or -1 (pop 0)
        sign_w = s.i(0, 1)
        await load_weights(s, [hi if sign_w else lo] * (m.n * m.m))
        x = m.pack_x([hi if s.i(0, 1) else lo] * m.n)
    else:
        x = m.pack_x([(0, hi, lo, s.i(lo, hi))[s.i(0, 3)]] * m.n)
    leak, gain = s.i(4, 32), s.i(16, 256)
    for _ in range(s.i(30, 120)):
        await send(s, x, leak, gain)


async def aim_threshold(s: Seq) -> None:
    """Choose gain_k so that a neuron's v_next is exactly VThreshold (from the predictor's current)."""
    m = _model(s)
    x = _rand_x(s)
    leak = s.i(0, 32)
    for _ in range(s.i(5, 20)):
        gain = s.i(0, 512)
        cur, _ = m.preview(leak, 0)
        for j in range(m.m):
            if m.ref[j] or cur[j] == 0:
                continue
            base = m.v[j] + (((m.lif.v_rest - m.v[j]) * leak) >> 8)
            need = m.lif.v_threshold - base  # (cur * gain) >> 8 must equal this
            g0 = (need << 8) // cur[j]
            hit = [g for g in range(g0 - 2, g0 + 3) if -32768 <= g <= 32767 and (cur[j] * g) >> 8 == need]
            if hit:
                gain = hit[0]
                break
        await send(s, x, leak, gain)


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


async def plot_run(s: Seq) -> None:
    """A readable trace: distinct weight rows, then one held input vector."""
    m = _model(s)
    _, hi, lo = _fields(m)
    await load_weights(s, [int(hi * (1 - 2 * ((j + i) % m.m) / max(1, m.m - 1))) if m.m > 1 else hi
                           for j in range(m.m) for i in range(m.n)])
    x = m.pack_x([hi // 2] * m.n)
    for _ in range(400):
        await send(s, x, 16, 256)


SPEC = CoreSpec(
    unit="sc_dense_layer",
    inputs=(Port("x_i", 32), Port("w_we_i", 1), Port("w_addr_i", 4), Port("w_data_i", 8),
            Port("leak_k_i", 16, signed=True), Port("gain_k_i", 16, signed=True)),
    outputs=(Port("spike_o", 4), Port("v_o", 64), Port("cur_o", 64)),
    params=RTL_DEFAULTS,
    make_model=ScDenseUnit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=lambda p: [b for b in COVER_BINS if (b != "x_all_equal" or p["N"] > 1)
                        and (b != "weight_write_ignored" or (p["N"] * p["M"]) & (p["N"] * p["M"] - 1) != 0)],
    sequences=((load_weights, 0.1), (held, 0.3), (random_cycles, 0.2), (corners, 0.2), (aim_threshold, 0.15),
               (reset, 0.05)),
    plot_sequence=plot_run,
    injections={"model_threshold": lambda p: {**p, "VThreshold": p["VThreshold"] + 1}},
)

ScDenseLayerTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# Same input-port widths as the defaults (N Width = 32, 4 address bits); M = 3 leaves addresses 12..15 unused.
ALT_PARAMETERS = {"M": 3, "CurShift": 4, "VThreshold": 200, "VRest": -16, "VReset": -64, "RefractoryCycles": 0}
EDGE_PARAMETERS = {"CurShift": 0, "VThreshold": 1, "RefractoryCycles": 5}
MUTANTS = {
    # the bug of the public implementation: every neuron gets neuron 0's current
    "shared_current": ("assign lif_in  = cur_d[j*DW +: DW];", "assign lif_in  = cur_d[0 +: DW];"),
    "weight_row0": ("assign prod    = ~(bx ^ bw[j*N +: N]);", "assign prod    = ~(bx ^ bw[0 +: N]);"),
    "xor_product": ("assign prod    = ~(bx ^ bw[j*N +: N]);", "assign prod    = bx ^ bw[j*N +: N];"),
    "no_primed": ("assign cur     = primed_q ? (centred <<< CurShift) : '0;",
                  "assign cur     = centred <<< CurShift;"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_threshold"))
