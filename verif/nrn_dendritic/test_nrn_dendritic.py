"""pyuvm testbench of ``nrn_dendritic``: every cycle, ``spike_o`` AND ``c_o`` against the bit-true model
(:class:`golden.fixed.dendritic_unit.DendriticUnit`, the XOR dendrite of ``StochasticDendriticNeuron`` in Q8.8).

Built on the generic core bench (:mod:`verif.common.core_bench`): this module only declares the ports, the
model, the corner bins and the stimulus. Run it with ``make sim MODEL=dendritic`` or from pytest.
``NRN_INJECT=model_threshold`` gives the scoreboard a wrong model (Threshold + 1).
"""

from __future__ import annotations

from golden.fixed.dendritic_unit import IN_MAX, ONE, RTL_DEFAULTS, DendriticUnit, xor_q88
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

COVER_BINS = (
    "spike", "no_spike",
    "c_eq_threshold",  # c == Threshold: must NOT fire (strict >)
    "c_threshold_plus_1",  # c == Threshold + 1: must fire
    "round_tie",  # a*b mod 256 == 128: rounds up
    "round_up", "round_down",
    "xor_00", "xor_01", "xor_10", "xor_11",  # binary inputs (0 or 1.0)
    "c_negative",  # inputs above 1.0 (outside the model's domain, still bit-true)
    "a_max", "b_max",
)


def classify(m: DendriticUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    a, b = ins
    c = xor_q88(a, b)
    frac = (a * b) % 256
    bits = {0: "0", ONE: "1"}
    out = {"c_eq_threshold": c == m.threshold, "c_threshold_plus_1": c == m.threshold + 1,
           "round_tie": frac == 128, "round_up": frac > 128, "round_down": 0 < frac < 128, "c_negative": c < 0,
           "a_max": a == IN_MAX, "b_max": b == IN_MAX}
    if a in bits and b in bits:
        out[f"xor_{bits[a]}{bits[b]}"] = True
    return out


async def sweep(s: Seq) -> None:
    """A readable trace: a sweeps 0..1 while b holds 0.25, then 0.75 (c rises, then falls with a)."""
    for b in (64, 192):
        for a in range(0, ONE + 1, 2):
            await s.send(a, b)


async def domain(s: Seq) -> None:
    """Uniform in the model's domain [0, 1]."""
    for _ in range(s.i(50, 300)):
        await s.send(s.i(0, ONE), s.i(0, ONE))


async def full_range(s: Seq) -> None:
    for _ in range(s.i(20, 120)):
        a = IN_MAX if s.rng.random() < 0.1 else s.i(0, IN_MAX)
        b = IN_MAX if s.rng.random() < 0.1 else s.i(0, IN_MAX)
        await s.send(a, b)


async def corners(s: Seq) -> None:
    """Binary XOR table, rounding ties (a*b = 128 mod 256) and c aimed at Threshold or Threshold + 1."""
    for _ in range(s.i(4, 12)):
        r = s.rng.random()
        if r < 0.25:
            await s.send(ONE * s.i(0, 1), ONE * s.i(0, 1))
        elif r < 0.5:
            await s.send(2 * s.i(0, 255) + 1, 128 * (2 * s.i(0, 1) + 1))  # odd a: b = 128 * odd
        else:
            target = s.pred.threshold + s.i(0, 1)
            a = s.i(0, ONE)
            hits = [b for b in range(ONE + 1) if xor_q88(a, b) == target]
            await s.send(a, hits[s.i(0, len(hits) - 1)] if hits else s.i(0, ONE))


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_dendritic",
    inputs=(Port("a_i", 9), Port("b_i", 9)),
    outputs=(Port("spike_o", 1), Port("c_o", 12, signed=True)),
    params=RTL_DEFAULTS,
    make_model=DendriticUnit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    sequences=((domain, 0.4), (full_range, 0.2), (corners, 0.35), (reset, 0.05)),
    plot_sequence=sweep,
    injections={"model_threshold": lambda p: {**p, "Threshold": p["Threshold"] + 1}},
)

DendriticTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

ALT_PARAMETERS = {"Threshold": 200}
EDGE_PARAMETERS = {"Threshold": 0}
MUTANTS = {
    "threshold_ge": ("spike_q <= c_d > ThrS;", "spike_q <= c_d >= ThrS;"),
    "round_floor": ("assign prod_r = prod + 18'd128;", "assign prod_r = prod;"),
    "single_product": ("$signed({1'b0, p, 1'b0})", "$signed({2'b00, p})"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_threshold"))
