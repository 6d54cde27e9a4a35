"""pyuvm testbench of ``nrn_homeostatic_lif``: every cycle, ``spike_o``, ``v_o``, ``threshold_o`` and ``rate_o``
against the bit-true model (:class:`golden.fixed.homeostatic_lif_unit.HomeostaticLIFUnit`).

Built on the generic core bench (:mod:`verif.common.core_bench`): ports, model, corner bins and stimulus only.
The threshold moves slowly (eta = 2^-7 at the defaults: ~1200 cycles from Theta0 to a bound), so one sequence
drives the core from a reset until the predictor says theta sits on a bound. Run it with
``make sim MODEL=homeostatic_lif`` or from pytest. ``NRN_INJECT=model_target`` gives the scoreboard a wrong
model (Target + 1).
"""

from __future__ import annotations

from golden.fixed.homeostatic_lif_unit import (
    IN_MAX,
    IN_MIN,
    RATE_FRAC,
    RATE_ONE,
    RTL_DEFAULTS,
    THETA_EXTRA,
    V_MAX,
    V_MIN,
    HomeostaticLIFUnit,
    homeostatic_step,
    input_for,
    v_next_of,
)
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

COVER_BINS = (
    "spike", "no_spike",
    "v_eq_theta",  # v_next == ceil(theta): the smallest value that fires
    "v_theta_minus_1",  # v_next == ceil(theta) - 1: must NOT fire
    "v_theta_plus_1",
    "v_eq_theta_exact",  # {v_next, 16'b0} == theta exactly (theta on the Q8.8 grid: after reset, at a bound)
    "v_sat_hi", "v_sat_lo",  # membrane saturation
    "theta_up", "theta_down",
    "theta_clamp_min", "theta_clamp_max",  # the clamp acted (unclamped theta beyond a bound)
    "rate_full",  # r == 1.0 (fired every cycle long enough)
    "rate_floor_residue",  # silent, 0 < r < 2^TraceShift: the floor decay leaves r unchanged
    "in_refractory", "refractory_last",
    "i_max", "i_min",
)
WIDE = 1 << 40  # bounds that never clamp: the unclamped theta for coverage


def classify(m: HomeostaticLIFUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    (i,) = ins
    out = {"i_max": i == IN_MAX, "i_min": i == IN_MIN}
    c = m.consts()
    _, _, r, th_free, spike = homeostatic_step(m.v, m.ref, m.r, m.theta, i, *c[:-2], -WIDE, WIDE)
    out.update(theta_up=th_free > m.theta, theta_down=th_free < m.theta, theta_clamp_min=th_free < m.th_lo,
               theta_clamp_max=th_free > m.th_hi, rate_full=r == RATE_ONE,
               rate_floor_residue=spike == 0 and 0 < m.r < (1 << m.trace_shift) and r == m.r)
    if m.ref > 0:
        out.update(in_refractory=True, refractory_last=m.ref == 1)
        return out
    vn = v_next_of(m.v, i, m.v_rest, m.leak_k, m.gain_k)
    vs = min(max(vn, V_MIN), V_MAX)
    ceil_th = -((-m.theta) >> THETA_EXTRA)
    out.update(v_sat_hi=vn > V_MAX, v_sat_lo=vn < V_MIN, v_eq_theta=vs == ceil_th, v_theta_minus_1=vs == ceil_th - 1,
               v_theta_plus_1=vs == ceil_th + 1, v_eq_theta_exact=vs << THETA_EXTRA == m.theta)
    return out


def bins_for(params: dict[str, int]) -> list[str]:
    skip = set()
    if params["RefractoryCycles"] == 0:
        skip |= {"in_refractory", "refractory_last"}
    else:  # at most one spike every RefractoryCycles + 1 cycles
        skip.add("rate_full")
    if params["TraceShift"] == 0:
        skip.add("rate_floor_residue")
    if params["Target"] == RATE_ONE:  # r - Target <= 0: theta never rises
        skip |= {"theta_up", "theta_clamp_max"}
    if params["Target"] == 0:  # r - Target >= 0: theta never falls
        skip |= {"theta_down", "theta_clamp_min"}
    return [b for b in COVER_BINS if b not in skip]


def _aim(s: Seq, v_target: int) -> int:
    i = input_for(s.pred, v_target)
    return s.i(IN_MIN, IN_MAX) if i is None else i


async def realistic(s: Seq) -> None:
    """Constant currents of 0 .. 2.0, the homeostatic regime, 100..1200 cycles each."""
    i = s.i(-64, 512)
    for _ in range(s.i(100, 1200)):
        await s.send(i)


async def _drive_to_bound(s: Seq, high: bool) -> None:
    """From a reset, hard drive (high) or silence until theta sits on ThetaMax (ThetaMin), then 20..100 more."""
    await s.reset(1)
    m = s.pred
    bound = m.th_hi if high else m.th_lo
    fire_dir = 1 if m.gain_k > 0 else -1
    if not high:  # fire a little first, so that the rate trace decays into its floor residue in the silence
        for _ in range(s.i(5, 20)):
            await s.send(fire_dir * IN_MAX)
    for _ in range(4000):
        if m.theta == bound:
            break
        await s.send(fire_dir * s.i(3000, IN_MAX) if high else -fire_dir * s.i(0, IN_MAX))
    for _ in range(s.i(20, 100)):
        await s.send(fire_dir * IN_MAX if high else 0)


async def to_bound(s: Seq) -> None:
    """Theta driven onto a bound (one the Target makes unreachable is not tried)."""
    high = s.rng.random() < 0.5
    if s.pred.target in (0, RATE_ONE):
        high = s.pred.target == 0
    await _drive_to_bound(s, high)


async def exact(s: Seq) -> None:
    """Right after a reset theta is Theta0 on the Q8.8 grid: v_next aimed at Theta0 - 1, Theta0, Theta0 + 1."""
    for d in (-1, 0, 1, 0):
        await s.reset(1)
        await s.send(_aim(s, s.pred.theta0 + d))


async def opening(s: Seq) -> None:
    """The readable trace (400 cycles at a constant 0.8: the threshold climbs toward the set point), then the
    exact threshold compare and theta driven onto ThetaMin (so that short runs see both)."""
    for _ in range(400):
        await s.send(205)
    await exact(s)
    await _drive_to_bound(s, s.pred.target == 0)  # ThetaMin when reachable


async def full_range(s: Seq) -> None:
    for _ in range(s.i(20, 120)):
        r = s.rng.random()
        await s.send(IN_MAX if r < 0.1 else IN_MIN if r < 0.2 else s.i(IN_MIN, IN_MAX))


async def corners(s: Seq) -> None:
    """The next membrane value aimed at ceil(theta) - 1, ceil(theta), ceil(theta) + 1 (from a reset sometimes,
    so that theta is Theta0 exactly on the Q8.8 grid)."""
    if s.rng.random() < 0.2:
        await s.reset(1)
    for _ in range(s.i(4, 12)):
        ceil_th = -((-s.pred.theta) >> THETA_EXTRA)
        await s.send(_aim(s, ceil_th + s.i(-1, 1)))
        if s.rng.random() < 0.15:  # an extreme input from just under the threshold: saturation both ways
            await s.send(IN_MAX if s.rng.random() < 0.5 else IN_MIN)


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_homeostatic_lif",
    inputs=(Port("i_i", 16, signed=True),),
    outputs=(Port("spike_o", 1), Port("v_o", 16, signed=True), Port("threshold_o", 32, signed=True),
             Port("rate_o", RATE_FRAC + 1)),
    params=RTL_DEFAULTS,
    make_model=HomeostaticLIFUnit.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=bins_for,
    sequences=((realistic, 0.25), (to_bound, 0.12), (full_range, 0.18), (corners, 0.35), (exact, 0.05),
               (reset, 0.05)),
    plot_sequence=opening,
    injections={"model_target": lambda p: {**p, "Target": p["Target"] + 1}},
)

HomeostaticLifTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# fast adaptation, a refractory period, a non-power-of-two gain, a leak of 1/4, a negative rest
ALT_PARAMETERS = {"EtaShift": 3, "TraceShift": 2, "RefractoryCycles": 3, "GainK": 300, "LeakK": 64,
                  "VRest": -64, "VReset": -128, "Theta0": 200, "ThetaMin": 100, "ThetaMax": 900, "Target": 13107}
# extremes: no memory in the rate trace (r = last spike), a negative gain, an almost total leak, bounds one LSB
# apart at the top of Q8.8 (the compare next to saturation), Target = 1.0 (theta can only fall)
EDGE_PARAMETERS = {"EtaShift": 12, "TraceShift": 0, "RefractoryCycles": 0, "GainK": -256, "LeakK": 255,
                   "VReset": -32768, "Theta0": 32766, "ThetaMin": 32766, "ThetaMax": 32767, "Target": 65536}
MUTANTS = {
    "threshold_gt": ("assign fire      = $signed({v_sat, 16'h0000}) >= th_q;",
                     "assign fire      = $signed({v_sat, 16'h0000}) > th_q;"),
    "no_clamp_min": ("if (th_sum < ThLo) begin", "if (1'b0) begin"),
    "wrap_not_saturate": ("assign sat_hi    = !v_sum[24] && (v_sum[23:15] != 9'h000);", "assign sat_hi    = 1'b0;"),
    "old_rate": ("assign err    = $signed({1'b0, r_d})", "assign err    = $signed({1'b0, r_q})"),
    "rate_increment": ("localparam logic [31:0] Inc32    = 32'd1 << (16 - TraceShift);",
                       "localparam logic [31:0] Inc32    = 32'd1 << (15 - TraceShift);"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_target"))
