"""pyuvm testbench of ``nrn_spinnaker2``: every cycle, ``spike_o``, ``v_o`` AND ``refractory_o`` against the
bit-true model (:class:`golden.fixed.spinnaker2_unit.SpiNNaker2Unit`, i.e. ``SpiNNaker2Neuron``'s kernel).

Built on the generic core bench (:mod:`verif.common.core_bench`). Run it with ``make sim MODEL=spinnaker2`` or
from pytest. The membrane can neither wrap nor saturate (the model's parameter check bounds it): the
"membrane extreme" bins drive v to its bound instead (long runs of the extreme inputs).
``NRN_INJECT=model_threshold`` gives the scoreboard a wrong model (VThreshold + 1).
"""

from __future__ import annotations

from golden.fixed.spinnaker2_unit import IN_MAX, IN_MIN, RTL_DEFAULTS, SpiNNaker2Unit
from golden.models.hardware.spinnaker2 import SpiNNaker2Neuron
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

COVER_BINS = (
    "spike", "no_spike", "refractory", "refractory_last",
    "v_eq_threshold", "v_threshold_minus_1",  # the summed v against VThreshold (>=)
    "decay_floor_negative",  # v - VRest < 0 with a non-zero remainder: the shift rounds toward -infinity
    "decay_exact", "v_below_rest",
    "v_near_bound",  # |v - VRest| beyond half the steady state of an extreme input, 2^14 / (1 - a) (no wrap exists)
    "input_max", "input_min",
)


def pre_threshold(m: SpiNNaker2Unit, x: int) -> int:
    """v of the next step before the threshold test (the kernel with an unreachable threshold)."""
    c = m.c
    return SpiNNaker2Neuron.kernel(m.v, 0, x, c[0], c[1], 1 << 40, c[3], c[4], c[5])[0]


def bins_for(params: dict[str, int]) -> list[str]:
    out = [b for b in COVER_BINS if b not in ("refractory", "refractory_last", "decay_exact", "decay_floor_negative")]
    if params["RefracSteps"] > 0:
        out += ["refractory", "refractory_last"]
    if params["DecayMult"] > 0:  # m = 0: the product is 0, nothing to round
        out += ["decay_exact", "decay_floor_negative"]
    return out


def classify(m: SpiNNaker2Unit, ins: tuple[int, ...]) -> dict[str, bool]:
    (x,) = ins
    p = m.params
    if m.refractory > 0:
        return {"refractory": True, "refractory_last": m.refractory == 1, "input_max": x == IN_MAX,
                "input_min": x == IN_MIN}
    v = pre_threshold(m, x)
    d = m.v - p.v_rest
    rem = (d * p.decay_mult) % (1 << p.decay_shift)
    gain = (1 << p.decay_shift) / ((1 << p.decay_shift) - p.decay_mult)
    return {"v_eq_threshold": v == p.v_threshold, "v_threshold_minus_1": v == p.v_threshold - 1,
            "decay_floor_negative": d < 0 and rem != 0, "decay_exact": d != 0 and rem == 0 and p.decay_mult > 0,
            "v_below_rest": m.v < p.v_rest, "v_near_bound": abs(d) > (1 << 14) * gain,
            "input_max": x == IN_MAX, "input_min": x == IN_MIN}


async def realistic(s: Seq) -> None:
    """Noisy constant drive: a mean current (around the rheobase) plus uniform noise."""
    mean, noise = s.i(-100, 400), s.i(0, 300)
    for _ in range(s.i(50, 300)):
        await s.send(mean + s.i(-noise, noise))


async def full_range(s: Seq) -> None:
    """Any int16 input; runs of one extreme drive v to its bound."""
    bias = int(s.rng.choice([IN_MIN, IN_MAX]))
    for _ in range(s.i(20, 200)):
        r = s.rng.random()
        await s.send(bias if r < 0.6 else IN_MAX if r < 0.7 else IN_MIN if r < 0.8 else s.rand_input())


async def corners(s: Seq) -> None:
    """v aimed at VThreshold and VThreshold - 1 (the decayed part does not depend on the input)."""
    for _ in range(s.i(4, 16)):
        target = s.pred.params.v_threshold - s.i(0, 1)
        await s.send(target - pre_threshold(s.pred, 0))


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_spinnaker2",
    inputs=(Port("input_i", 16, signed=True),),
    outputs=(Port("spike_o", 1), Port("v_o", 32, signed=True), Port("refractory_o", 8)),
    params=RTL_DEFAULTS,
    make_model=SpiNNaker2Unit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=bins_for,
    sequences=((realistic, 0.4), (full_range, 0.2), (corners, 0.35), (reset, 0.05)),
    plot_sequence=realistic,
    injections={"model_threshold": lambda p: {**p, "VThreshold": p["VThreshold"] + 1}},
)

SpiNNaker2Test = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# slow decay at the widest shift (the largest state bound), negative rest, long refractory period
ALT_PARAMETERS = {"VRest": -700, "VReset": -900, "VThreshold": 30000, "DecayMult": 65000, "DecayShift": 16,
                  "RefracSteps": 255}
# no decay (m = 0), the shortest shift, no refractory period, negative threshold
EDGE_PARAMETERS = {"VRest": 100, "VReset": -32768, "VThreshold": -5, "DecayMult": 0, "DecayShift": 1,
                   "RefracSteps": 0}
MUTANTS = {
    "threshold_gt": ("end else if (v_sum >= VThS) begin", "end else if (v_sum > VThS) begin"),
    "round_toward_zero": ("assign decayed = prod >>> DecayShift;",
                          "assign decayed = (prod + (prod < 0 ? (50'sd1 <<< DecayShift) - 50'sd1 : 50'sd0)) "
                          ">>> DecayShift;"),
    "refractory_short": ("ref_d   = RefLoad;", "ref_d   = RefLoad - 8'd1;"),
    "input_8bit": ("34'(input_i)", "34'($signed(input_i[7:0]))"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_threshold"))
