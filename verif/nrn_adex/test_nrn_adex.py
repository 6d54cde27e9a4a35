"""pyuvm testbench of ``nrn_adex``: every cycle, ``spike_o``, ``v_o`` AND ``w_o`` against the bit-true model
(:class:`golden.fixed.adex_unit.AdExUnit`, AdExNeuron's forward-Euler step in fixed point).

Built on the generic core bench (:mod:`verif.common.core_bench`): this module declares the ports, the model,
the corner bins and the stimulus. Run it with ``make sim MODEL=adex`` or from pytest.
``NRN_INJECT=model_gleak`` gives the scoreboard a wrong model (GLeak + 1).

Stimulus: step currents of the size that makes the presets fire (held for hundreds of cycles: tonic firing,
adaptation, bursts), full-range currents (input extremes, v saturating at -128 mV, the exponential's
underflow), and directed corners aimed with the predictor: the current is chosen, a step ahead, so that the
potential before the threshold test lands exactly on VPeak - 1, VPeak or VPeak + 1 or in the exponent's
extreme segments (k = 0, k = 44).
"""

from __future__ import annotations

from golden.fixed.adex_unit import EXP2, I_FMT, K_MAX, RTL_DEFAULTS, W_FMT, W_FRAC, AdExUnit, adex_step, preset_params
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

I_LO, I_HI = I_FMT.min_raw, I_FMT.max_raw
PA = 1 << 4  # one pA of the input, raw Q16.4
BIG_JUMP = 1 << 26  # |WJump| >= 16384 pA: w can reach its saturation

COVER_BINS = (
    "spike", "no_spike",
    "vp_eq_vpeak",  # vp == VPeak: must fire (>=)
    "vp_vpeak_minus_1",  # vp == VPeak - 1: must not fire
    "vp_vpeak_plus_1",
    "exp_underflow",  # k < 0: the exp term is 0
    "exp_saturated",  # k > 44: the exp term saturates at 2^45
    "exp_k0", "exp_kmax",  # the exponent's extreme shifts
    "idx_0", "idx_63",  # the table's first and last entry
    "v_sat_low",  # vp < -128 mV: v saturates
    "w_sat_high", "w_sat_low",  # w beyond its 28 bits (reachable with a large |WJump|)
    "w_negative",
    "i_min", "i_max",  # input extremes
)


def bins_for(params: dict[str, int]) -> list[str]:
    out = [b for b in COVER_BINS if not b.startswith("w_sat")]
    if params["WJump"] >= BIG_JUMP:
        out.append("w_sat_high")
    if params["WJump"] <= -BIG_JUMP:
        out.append("w_sat_low")
    return out


def peek(m: AdExUnit, i: int) -> tuple[int, ...]:
    """The model's step from its present state with input ``i``, without taking it."""
    return adex_step(m.v, m.w, i, *m.args, EXP2)


def classify(m: AdExUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    (i,) = ins
    _, _, _, vp, wj, k, j = peek(m, i)
    vpk = m.params["VPeak"]
    live = 0 <= k <= K_MAX
    return {"vp_eq_vpeak": vp == vpk, "vp_vpeak_minus_1": vp == vpk - 1, "vp_vpeak_plus_1": vp == vpk + 1,
            "exp_underflow": k < 0, "exp_saturated": k > K_MAX, "exp_k0": k == 0, "exp_kmax": k == K_MAX,
            "idx_0": live and j == 0, "idx_63": live and j == 63, "v_sat_low": vp < -(1 << 23),
            "w_sat_high": wj > W_FMT.max_raw, "w_sat_low": wj < W_FMT.min_raw, "w_negative": m.w < 0,
            "i_min": i == I_LO, "i_max": i == I_HI}


def aim(m: AdExUnit, target: int) -> int:
    """The input that brings the predictor's vp exactly to ``target`` this cycle when one exists, else one
    that brings it within reach next cycle (vp rises monotonically with the input; binary searches)."""

    def vp(i: int) -> int:
        return peek(m, i)[3]

    if vp(I_LO) <= target <= vp(I_HI):
        lo, hi = I_LO, I_HI  # smallest i with vp(i) >= target
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if vp(mid) < target else (lo, mid)
        return lo

    def reach(i: int) -> int:  # the largest vp the next cycle can have after input i now
        v, w = peek(m, i)[:2]
        return adex_step(v, w, I_HI, *m.args, EXP2)[3]

    if reach(I_HI) < target:
        return I_HI
    lo, hi = I_LO, I_HI
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if reach(mid) < target else (lo, mid)
    return lo


async def step_current(s: Seq) -> None:
    """A readable trace: the Naud et al. step current (500 pA, the tonic and adapting presets' current)."""
    for _ in range(600):
        await s.send(500 * PA)


async def recover(s: Seq) -> None:
    """A reset when w sits near a rail (a large |WJump| drives it there: v is then stuck at a rail too)."""
    if abs(s.pred.w) >= BIG_JUMP:
        await s.reset(1)


async def realistic(s: Seq) -> None:
    """A step current in the presets' range (0..1 nA), sometimes noisy, held for hundreds of cycles."""
    await recover(s)
    base = s.i(0, 1000 * PA)
    noise = s.i(0, 50 * PA) if s.rng.random() < 0.5 else 0
    for _ in range(s.i(100, 800)):
        await s.send(base + (s.i(-noise, noise) if noise else 0))


async def full_range(s: Seq) -> None:
    """Any 20-bit current, often an extreme (v saturates low, the exponential underflows)."""
    await recover(s)
    hold = s.rng.random() < 0.5
    i = s.i(I_LO, I_HI)
    for _ in range(s.i(10, 80)):
        if not hold:
            r = s.rng.random()
            i = I_LO if r < 0.2 else I_HI if r < 0.3 else s.i(I_LO, I_HI)
        await s.send(i)


async def corners(s: Seq) -> None:
    """vp aimed at VPeak - 1, VPeak, VPeak + 1, or at the exponent's extreme segments (k = 0 or 44); or the
    most negative current from reset (v saturates low, the exponential underflows, w turns negative)."""
    p = s.pred.params
    choice = s.i(0, 5)
    if choice == 5:
        await s.reset(1)
        for _ in range(s.i(10, 40)):
            await s.send(I_LO)
        return
    if choice <= 2:
        target = p["VPeak"] + choice - 1
    else:  # v = VT + (k - LogGain)/KExp puts the exponent at k (its middle: + 1/2)
        kk = 0 if choice == 3 else K_MAX
        target = p["VT"] + (((kk << 16) + (1 << 15) - p["LogGain"]) << 16) // p["KExp"]
        target = min(target, p["VPeak"] - 1)
    await recover(s)
    for _ in range(30):  # from any state: a few cycles to come within reach, then a hit (seen: always)
        i = aim(s.pred, target)
        hit = peek(s.pred, i)[3] == target
        await s.send(i)
        if hit:
            break


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_adex",
    inputs=(Port("i_i", 20, signed=True),),
    outputs=(Port("spike_o", 1), Port("v_o", 24, signed=True), Port("w_o", 28, signed=True)),
    params=RTL_DEFAULTS,
    make_model=AdExUnit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=bins_for,
    sequences=((realistic, 0.3), (full_range, 0.2), (corners, 0.45), (reset, 0.05)),
    plot_sequence=step_current,
    injections={"model_gleak": lambda p: {**p, "GLeak": p["GLeak"] + 1}},
    description="AdEx, forward Euler per clock, exp from a generated 2^f table",
)

AdexTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# Naud et al. 2008 presets (each one conversion), with a spike-triggered jump that drives w to saturation
BURST_PARAMETERS = preset_params("regular_bursting")
W_HIGH_PARAMETERS = {**preset_params("tonic"), "WJump": 30000 << W_FRAC}
W_LOW_PARAMETERS = {**preset_params("irregular"), "WJump": -(30000 << W_FRAC)}
MUTANTS = {
    "threshold_gt": ("spike_d = vp >= VpS;", "spike_d = vp > VpS;"),
    "round_floor_v": ("35'((acc_v + VRound) >>> 20)", "35'(acc_v >>> 20)"),
    "exp_index": ("assign j    = y[15:10];", "assign j    = y[14:9];"),
    "no_w_jump": ("wj      = spike_d ? wn + WjS : wn;", "wj      = wn;"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "burst": BURST_PARAMETERS,
                                                "w_high": W_HIGH_PARAMETERS, "w_low": W_LOW_PARAMETERS},
                              mutants=MUTANTS, inject="model_gleak"))
