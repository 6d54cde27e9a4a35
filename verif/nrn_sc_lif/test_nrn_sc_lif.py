"""pyuvm testbench of ``nrn_sc_lif``: every cycle, ``spike_o``, ``v_o`` and ``noise_o`` (the LFSR-drawn noise
sample, so the on-chip ``sc_lfsr`` is checked every cycle too) against the bit-true model
(:class:`golden.fixed.sc_lif_unit.ScLIFUnit`, which steps :class:`golden.fixed.lfsr.Lfsr`).

Built on the generic core bench (:mod:`verif.common.core_bench`): ports, model, corner bins and stimulus only.
Run it with ``make sim MODEL=sc_lif`` or from pytest. ``NRN_INJECT=model_noise`` gives the scoreboard a wrong
model (NoiseAmp + 1).
"""

from __future__ import annotations

from golden.fixed.sc_lif_unit import IN_MAX, IN_MIN, RTL_DEFAULTS, V_MAX, V_MIN, ScLIFUnit, input_for, v_next_of
from verif.common.core_bench import CoreSpec, Port, Seq, make_pytests, make_test, sim_hooks

COVER_BINS = (
    "spike", "no_spike",
    "v_eq_threshold",  # v_next == VThreshold: fires (>=)
    "v_threshold_minus_1",  # must NOT fire
    "v_threshold_plus_1",
    "noise_pos", "noise_neg",  # the LFSR bit both ways (in cycles that update v)
    "noise_decides",  # the spike depends on the sign of this cycle's noise
    "leak_round_tie",  # (VRest - v) * LeakK = 128 mod 256: rounds up
    "v_sat_hi", "v_sat_lo",
    "in_refractory", "refractory_last",
    "lfsr_period",  # the LFSR back at its seed without a reset (a full period checked; small widths only)
    "i_max", "i_min",
)
PERIOD_BIN_MAX_WIDTH = 12  # the run must be able to walk a whole period between resets


def classify(m: ScLIFUnit, ins: tuple[int, ...]) -> dict[str, bool]:
    (i,) = ins
    out = {"i_max": i == IN_MAX, "i_min": i == IN_MIN, "lfsr_period": m.lfsr.state == m.lfsr.seed and m.started}
    if m.ref > 0:
        out.update(in_refractory=True, refractory_last=m.ref == 1)
        return out
    bit = m.lfsr.state & 1
    noise = m.noise_amp if bit else -m.noise_amp
    vn = v_next_of(m.v, i, noise, m.v_rest, m.leak_k, m.gain_k)
    vs = min(max(vn, V_MIN), V_MAX)
    alt = min(max(v_next_of(m.v, i, -noise, m.v_rest, m.leak_k, m.gain_k), V_MIN), V_MAX)
    out.update(v_eq_threshold=vs == m.v_threshold, v_threshold_minus_1=vs == m.v_threshold - 1,
               v_threshold_plus_1=vs == m.v_threshold + 1, noise_pos=bit == 1, noise_neg=bit == 0,
               noise_decides=(vs >= m.v_threshold) != (alt >= m.v_threshold),
               leak_round_tie=((m.v_rest - m.v) * m.leak_k) % 256 == 128, v_sat_hi=vn > V_MAX, v_sat_lo=vn < V_MIN)
    return out


def bins_for(params: dict[str, int]) -> list[str]:
    skip = set()
    if params["RefractoryCycles"] == 0:
        skip |= {"in_refractory", "refractory_last"}
    if params["LfsrWidth"] > PERIOD_BIN_MAX_WIDTH:
        skip.add("lfsr_period")
    if params["NoiseAmp"] == 0:
        skip.add("noise_decides")
    if params["LeakK"] == 256:  # (VRest - v) * 256 has no fraction: no tie
        skip.add("leak_round_tie")
    if params["VThreshold"] == V_MAX:  # v saturates at the threshold: nothing above it
        skip.add("v_threshold_plus_1")
    return [b for b in COVER_BINS if b not in skip]


class _Model(ScLIFUnit):
    """The unit model with a flag for the coverage of the LFSR's period (stepped since the last reset)."""

    def reset_state(self) -> None:
        super().reset_state()
        self.started = False

    def step(self, i: int) -> tuple[int, int, int]:
        self.started = True
        return super().step(i)


def _aim(s: Seq, v_target: int) -> int:
    i = input_for(s.pred, v_target)
    return s.i(IN_MIN, IN_MAX) if i is None else i


async def near_rheobase(s: Seq) -> None:
    """The readable trace (and the regime where noise matters): a constant current near the rheobase."""
    for _ in range(400):
        await s.send(13)


async def realistic(s: Seq) -> None:
    """Constant currents of -0.1 .. 0.3 (rheobase 0.05: noise-driven firing), 100..1500 cycles each."""
    i = s.i(-26, 77)
    for _ in range(s.i(100, 1500)):
        await s.send(i)


async def full_range(s: Seq) -> None:
    for _ in range(s.i(20, 120)):
        r = s.rng.random()
        await s.send(IN_MAX if r < 0.1 else IN_MIN if r < 0.2 else s.i(IN_MIN, IN_MAX))


async def corners(s: Seq) -> None:
    """v_next aimed at VThreshold - 1, VThreshold, VThreshold + 1 with this cycle's noise; extremes from just
    under the threshold (saturation both ways)."""
    for _ in range(s.i(4, 12)):
        await s.send(_aim(s, s.pred.v_threshold + s.i(-1, 1)))
        if s.rng.random() < 0.15:
            await s.send(IN_MAX if s.rng.random() < 0.5 else IN_MIN)


async def reset(s: Seq) -> None:
    await s.reset(s.i(1, 3))


SPEC = CoreSpec(
    unit="nrn_sc_lif",
    inputs=(Port("i_i", 16, signed=True),),
    outputs=(Port("spike_o", 1), Port("v_o", 16, signed=True), Port("noise_o", 16, signed=True)),
    params=RTL_DEFAULTS,
    make_model=_Model.from_rtl,
    cover_bins=COVER_BINS,
    classify=classify,
    out_bins=lambda out: ("spike",) if out[0] else ("no_spike",),
    bins_for=bins_for,
    sequences=((realistic, 0.3), (full_range, 0.2), (corners, 0.45), (reset, 0.05)),
    plot_sequence=near_rheobase,
    injections={"model_noise": lambda p: {**p, "NoiseAmp": p["NoiseAmp"] + 1}},
)

ScLifTest = make_test(SPEC)
globals().update(sim_hooks(SPEC))

# a 5-bit Galois LFSR (period 31: the whole sequence is walked), a refractory period, a non-power-of-two gain,
# more noise, a leak of 1/4, a negative rest
ALT_PARAMETERS = {"LfsrWidth": 5, "LfsrSeed": 0x13, "LfsrForm": 1, "RefractoryCycles": 2, "GainK": 300,
                  "NoiseAmp": 100, "LeakK": 64, "VRest": -64, "VReset": -128, "VThreshold": 200}
# extremes: the widest LFSR, the largest noise, a negative gain, a total leak (v_next = VRest + input + noise),
# the threshold at the top of Q8.8
EDGE_PARAMETERS = {"LfsrWidth": 32, "NoiseAmp": 32767, "GainK": -256, "LeakK": 256, "VReset": -32768,
                   "VThreshold": 32767}
MUTANTS = {
    "noise_bit": ("assign noise     = lfsr_state[0] ?", "assign noise     = lfsr_state[1] ?"),
    "threshold_gt": ("end else if (v_sat >= VThrW) begin", "end else if (v_sat > VThrW) begin"),
    "leak_floor": ("assign leak_prod = 27'(diff) * LeakKS + 27'sd128;", "assign leak_prod = 27'(diff) * LeakKS;"),
    "wrap_not_saturate": ("assign sat_hi    = !v_sum[24] && (v_sum[23:15] != 9'h000);", "assign sat_hi    = 1'b0;"),
}
globals().update(make_pytests(SPEC, param_sets={"defaults": {}, "alt": ALT_PARAMETERS, "edge": EDGE_PARAMETERS},
                              mutants=MUTANTS, inject="model_noise"))
