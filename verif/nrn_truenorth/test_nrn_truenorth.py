"""pyuvm testbench of ``nrn_truenorth``: every cycle, ``spike_o`` AND ``v_o`` against the bit-true model
(:class:`golden.fixed.truenorth_unit.TrueNorthUnit`, i.e. ``TrueNorthNeuron``'s kernel with the core's LFSR draws).

Built on the generic core bench (:mod:`verif.common.core_bench`): this module declares the ports, the model,
the corner bins and the stimulus. Run it with ``make sim MODEL=truenorth`` or from pytest. The parameter sets
cover the three reset modes with and without negative saturation, leak reversal and both stochastic modes.
``NRN_INJECT=model_threshold`` gives the scoreboard a wrong model (Threshold + 1).
"""

from __future__ import annotations

from golden.fixed.truenorth_unit import IN_MAX, IN_MIN, RTL_DEFAULTS, V_MAX, V_MIN, TrueNorthUnit, pre_threshold
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

MODE_NAMES = ("normal", "linear", "none")
COVER_BINS = (
    "spike", "no_spike",
    "v_eq_threshold", "v_threshold_minus_1", "v_threshold_plus_1",  # V3 against Threshold + eta
    "v_eq_neg_threshold", "v_neg_threshold_minus_1",  # V3 against the negative threshold
    "sat_pos", "sat_neg",  # the 20-bit saturation
    *(f"fire_reset_{m}" for m in MODE_NAMES), *(f"neg_reset_{m}" for m in MODE_NAMES), "neg_saturate",
    "reversal_to_zero", "stoch_leak_on", "stoch_leak_off", "eta_nonzero",
    "input_max", "input_min",
)


def bins_for(params: dict[str, int]) -> list[str]:
    """The bins that the parameters make reachable."""
    mode = params["ResetMode"]
    out = ["spike", "no_spike", "v_eq_threshold", "v_threshold_minus_1", "v_threshold_plus_1",
           "v_eq_neg_threshold", "v_neg_threshold_minus_1", f"fire_reset_{MODE_NAMES[mode]}", "input_max",
           "input_min"]
    if mode != 0:
        out.append("sat_pos")
        if not params["NegSaturate"]:
            out.append("sat_neg")
    out.append("neg_saturate" if params["NegSaturate"] else f"neg_reset_{MODE_NAMES[mode]}")
    if params["LeakReversal"] and params["Leak"] < 0:
        out.append("reversal_to_zero")
    if params["StochasticLeak"] and params["Leak"] != 0:
        out += ["stoch_leak_on"] + (["stoch_leak_off"] if abs(params["Leak"]) < 255 else [])
    if params["ThresholdMaskBits"] > 0:
        out.append("eta_nonzero")
    return out


def thresholds(m: TrueNorthUnit, eta: int) -> tuple[int, int]:
    """(positive threshold, negative threshold) of the next step with offset ``eta``."""
    p = m.params
    return p.threshold + eta, -(p.neg_threshold + (0 if p.neg_saturate else eta))


def classify(m: TrueNorthUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    (x,) = ins
    p = m.params
    v_raw, v3, eta = pre_threshold(m.v, x, m.prn, m.c)
    thr, neg = thresholds(m, eta)
    fire, below = v3 >= thr, v3 < neg
    v1 = m.v + x
    draw = (m.prn >> 24) & 0xFF
    out = {
        "v_eq_threshold": v3 == thr, "v_threshold_minus_1": v3 == thr - 1, "v_threshold_plus_1": v3 == thr + 1,
        "v_eq_neg_threshold": not fire and v3 == neg, "v_neg_threshold_minus_1": not fire and v3 == neg - 1,
        "sat_pos": v_raw > V_MAX, "sat_neg": v_raw < V_MIN,
        f"fire_reset_{MODE_NAMES[p.reset_mode]}": fire,
        "reversal_to_zero": bool(p.leak_reversal) and v1 != 0 and v_raw == 0,
        "eta_nonzero": eta > 0, "input_max": x == IN_MAX, "input_min": x == IN_MIN,
    }
    if not fire and below:
        out["neg_saturate" if p.neg_saturate else f"neg_reset_{MODE_NAMES[p.reset_mode]}"] = True
    if p.stochastic_leak:
        out["stoch_leak_on" if draw <= abs(p.leak) and p.leak != 0 else "stoch_leak_off"] = True
    return out


def aim(s: Seq, target: int) -> int:
    """An input that puts V3 (after integration, leak and saturation) of the next step at ``target``, found with
    the predictor (a few Newton-like corrections absorb the leak); the last try when none hits."""
    m = s.pred
    x = target - m.v
    for _ in range(4):
        x = min(max(x, IN_MIN), IN_MAX)
        got = pre_threshold(m.v, x, m.prn, m.c)[1]
        if got == target:
            break
        x += target - got
    return x


async def realistic(s: Seq) -> None:
    """Synaptic sums of a sparse axon population: k ~ Binomial(256, p) active axons, 9-bit signed weights
    (biased excitatory or inhibitory per segment)."""
    p = s.rng.choice([0.01, 0.05, 0.2])
    lo, hi = [(-64, 255), (-255, 64), (-255, 255)][s.i(0, 2)]
    for _ in range(s.i(50, 300)):
        k = int(s.rng.binomial(256, p))
        await s.send(int(s.rng.integers(lo, hi + 1, k).sum()) if k else 0)


async def full_range(s: Seq) -> None:
    """Any 17-bit input, the port's extremes often (drives the saturation in the non-resetting modes)."""
    bias = s.rng.choice([IN_MIN, IN_MAX, 0])
    for _ in range(s.i(20, 150)):
        r = s.rng.random()
        await s.send(IN_MAX if r < 0.1 else IN_MIN if r < 0.2 else bias if r < 0.5 else s.rand_input())


async def corners(s: Seq) -> None:
    """V3 aimed at Threshold + eta + {-1, 0, 1} and the negative threshold + {-1, 0}; V1 beside 0."""
    for _ in range(s.i(4, 16)):
        if s.rng.random() < 0.1:  # V1 beside 0 within one leak step: the reversal clamp
            await s.send(s.i(1, max(abs(s.pred.params.leak), 1)) * (2 * s.i(0, 1) - 1) - s.pred.v)
            continue
        eta = pre_threshold(s.pred.v, 0, s.pred.prn, s.pred.c)[2]
        thr, neg = thresholds(s.pred, eta)
        target = thr + s.i(-1, 1) if s.rng.random() < 0.6 else neg - s.i(0, 1)
        await s.send(aim(s, target))


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_truenorth",
    inputs=(Port("weighted_input_i", 17, signed=True),),
    outputs=(Port("spike_o", 1), Port("v_o", 20, signed=True)),
    params=RTL_DEFAULTS,
    make_model=TrueNorthUnit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=bins_for,
    sequences=((realistic, 0.35), (full_range, 0.2), (corners, 0.4), (reset, 0.05)),
    plot_sequence=realistic,
    injections={"model_threshold": lambda p: {**p, "Threshold": p["Threshold"] + 1}},
)

TrueNorthTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# linear reset, stochastic leak and threshold, negative reset
LINEAR_PARAMETERS = {"ResetMode": 1, "NegSaturate": 0, "StochasticLeak": 1, "Leak": -100, "ThresholdMaskBits": 6,
                     "Threshold": 300, "NegThreshold": 200, "VReset": 37}
# non-resetting, convergent leak (reversal), negative saturation, the widest stochastic threshold
NONE_PARAMETERS = {"ResetMode": 2, "NegSaturate": 1, "LeakReversal": 1, "Leak": -7, "Threshold": 5000,
                   "NegThreshold": 3000, "ThresholdMaskBits": 17, "VReset": -12345, "PrnSeed": 12345}
# extremes: widest positive threshold, lowest reset value, divergent stochastic leak, negative saturation
EDGE_PARAMETERS = {"ResetMode": 0, "NegSaturate": 1, "LeakReversal": 1, "Leak": 200, "StochasticLeak": 1,
                   "Threshold": 262143, "NegThreshold": 5, "VReset": -524287, "PrnSeed": 2147483647}
# the mutant runs use the default parameters: every mutant changes logic that the defaults exercise
MUTANTS = {
    "threshold_gt": ("assign fire    = v3 >= thr_pos;", "assign fire    = v3 > thr_pos;"),
    "neg_threshold_le": ("(v3 < -thr_neg)", "(v3 <= -thr_neg)"),
    "input_16bit": ("22'(weighted_input_i)", "22'($signed(weighted_input_i[15:0]))"),
    "neg_reset_skipped": ("0:       v_d = v_neg_rst;", "0:       v_d = v3_w;"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "linear": LINEAR_PARAMETERS,
                                                "none": NONE_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_threshold"))
