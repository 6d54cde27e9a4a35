"""Bit-true model of the ``nrn_sc_lif`` core: :class:`StochasticLIFNeuron` in Q8.8 with an on-chip LFSR noise.

:class:`~golden.models.core_sc.stochastic_lif.StochasticLIFNeuron` adds ``noise_std * sqrt(dt) * xi``,
``xi ~ N(0, 1)``, to the membrane every step. The core draws its noise from an ``sc_lfsr`` instance (bit-true
model :class:`golden.fixed.lfsr.Lfsr`, stepped every clock, reset with the core) and computes, every clock, on
raw integers (Q8.8: 16-bit signed, 1 LSB = 2^-8)::

    b      = lfsr_state[0]                       the LFSR's state DURING the cycle (then it advances)
    noise  = b ? +NoiseAmp : -NoiseAmp           NoiseAmp = noise_std * sqrt(dt) in Q8.8
    if ref > 0:  ref -= 1;  v = VRest;  spike = 0                                       (refractory)
    else:
        v_next = sat16(v + rnd((VRest - v) * LeakK) + rnd(i * GainK) + noise)   rnd(x) = (x + 128) >>> 8
        v_next >= VThreshold ? (spike, v = VReset, ref = RefractoryCycles) : v = v_next
    noise_o = noise                                                             (registered, every cycle)

``rnd`` is round half up (the Q16.16 products back to Q8.8); v saturates at the Q8.8 range (a large drive
still fires, as in the float model, instead of wrapping negative).

The noise distribution. One bit of an m-sequence per clock, mapped to +-A (A = NoiseAmp / 256): over the
LFSR's period P = 2^LfsrWidth - 1 there are 2^(LfsrWidth-1) ones, so the mean is A / P (1.6e-6 at the
defaults, A = 0.1016) and the variance A^2 (1 - 1/P^2), i.e. the std is A, the float model's
``noise_std * sqrt(dt)`` to within its Q8.8 rounding. Its autocorrelation is -1/P at every non-zero lag below
the period: white, like the float model's xi. The samples are two-valued, not Gaussian: the membrane
low-pass (tau_mem = 20 steps) sums ~tau of them, so v's fluctuation is near-Gaussian (its kurtosis excess is
that of a sum of ~20 independent +-A terms). Why not a window or a sum of K bits of the state: an LFSR that
advances one bit per clock yields ONE new random bit per clock; K bits of one state are K delayed copies of
the same sequence, a K-tap moving average whose low-frequency power (what the membrane integrates) is K
times its sample variance, so the membrane would see ~sqrt(K) more noise than the sample std claims.

Defaults: the float model's defaults (``noise_std`` = 0 there: the float default is noiseless) with
``noise_std = 0.1`` (:data:`DEFAULT_NOISE_STD`, the core exists to make noise), a 16-bit LFSR (period 65535,
the project's x^16 + x^14 + x^13 + x^11 + 1, seed 0xACE1, Fibonacci).

Example
-------
>>> n = ScLIFUnit.from_rtl({})
>>> [n.step(0) for _ in range(3)]        # seed 0xACE1: bit 0 is 1 three times, noise +26 (0.1016)
[(0, 26, 26), (0, 51, 26), (0, 74, 26)]
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from golden.fixed.convert import CoreParams, Field, integer_format
from golden.fixed.lfsr import Lfsr, default_seed
from golden.fixed.lfsr_taps import LFSR_MAX_WIDTH, LFSR_MIN_WIDTH, LfsrForm
from golden.fixed.qformat import QFormat
from golden.models.core_sc.stochastic_lif import StochasticLIFNeuron, StochasticLIFParams
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "DEFAULT_NOISE_STD", "RTL_DEFAULTS", "ScLIFUnit", "float_agreement", "input_for",
           "input_for_v", "sc_lif_step", "v_next_of"]

Q88 = QFormat(16, 8, True)
V_MIN, V_MAX = Q88.min_raw, Q88.max_raw
IN_MIN, IN_MAX = Q88.min_raw, Q88.max_raw
DEFAULT_NOISE_STD = 0.1  # a.u./sqrt(ms): the core's default (the float model's default is 0, noiseless)
LFSR_WIDTH = 16  # the noise source's register width (a design constant; period 2^16 - 1)


def _default_params() -> StochasticLIFParams:
    return StochasticLIFParams(noise_std=DEFAULT_NOISE_STD)


CORE_PARAMS = CoreParams("nrn_sc_lif", (
    Field("VRest", Q88, lambda p: p.v_rest, "resting potential"),
    Field("VReset", Q88, lambda p: p.v_reset, "potential after a spike"),
    Field("VThreshold", Q88, lambda p: p.v_threshold, "spike threshold"),
    Field("LeakK", QFormat(9, 8, False), lambda p: p.dt / p.tau_mem, "dt/tau_mem"),
    Field("GainK", Q88, lambda p: p.resistance * p.dt, "input gain R*dt"),
    Field("NoiseAmp", QFormat(15, 8, False), lambda p: p.noise_std * math.sqrt(p.dt), "noise_std*sqrt(dt)"),
    Field("RefractoryCycles", integer_format(16, False), lambda p: p.refractory_period, "refractory steps"),
    Field("LfsrWidth", integer_format(6, False), lambda p: LFSR_WIDTH, "noise LFSR width, design constant"),
), defaults_from=_default_params)
# the LFSR's seed and form are RTL parameters too (defaults: sc_lfsr's, 0xACE1 masked to the width, Fibonacci)
RTL_DEFAULTS = {**CORE_PARAMS.defaults(), "LfsrSeed": default_seed(LFSR_WIDTH), "LfsrForm": int(LfsrForm.FIBONACCI)}

RTL_PARAM_NAMES = {"VRest": "v_rest", "VReset": "v_reset", "VThreshold": "v_threshold", "LeakK": "leak_k",
                   "GainK": "gain_k", "NoiseAmp": "noise_amp", "RefractoryCycles": "refractory_cycles",
                   "LfsrWidth": "lfsr_width", "LfsrSeed": "lfsr_seed", "LfsrForm": "lfsr_form"}
RANGES = {"v_rest": (V_MIN, V_MAX), "v_reset": (V_MIN, V_MAX), "v_threshold": (V_MIN, V_MAX), "leak_k": (1, 256),
          "gain_k": (V_MIN, V_MAX), "noise_amp": (0, V_MAX), "refractory_cycles": (0, 65535),
          "lfsr_width": (LFSR_MIN_WIDTH, LFSR_MAX_WIDTH), "lfsr_seed": (1, (1 << LFSR_MAX_WIDTH) - 1),
          "lfsr_form": (0, 1)}


def v_next_of(v: int, i: int, noise: int, v_rest: int, leak_k: int, gain_k: int) -> int:
    """The membrane update BEFORE saturation."""
    return v + ((((v_rest - v) * leak_k) + 128) >> 8) + (((i * gain_k) + 128) >> 8) + noise


def sc_lif_step(v: int, ref: int, i: int, nbit: int, v_rest: int, v_reset: int, v_th: int, leak_k: int,
                gain_k: int, noise_amp: int, ref_cycles: int) -> tuple[int, int, int, int]:
    """One clock on raw integers, ``nbit`` the LFSR's bit 0 during the cycle. Returns ``(v, ref, spike, noise)``
    after the clock. Integer-only (numba compiles this same function)."""
    noise = noise_amp if nbit else -noise_amp
    if ref > 0:
        return v_rest, ref - 1, 0, noise
    vn = v_next_of(v, i, noise, v_rest, leak_k, gain_k)
    if vn > V_MAX:
        vn = V_MAX
    if vn < V_MIN:
        vn = V_MIN
    if vn >= v_th:
        return v_reset, ref_cycles, 1, noise
    return vn, ref, 0, noise


class ScLIFUnit:
    """One ``nrn_sc_lif`` core with its LFSR: ``step(i) -> (spike, v, noise)``, the registered outputs after the
    clock edge (raw Q8.8); ``reset_state()`` is the asynchronous reset (v = VRest, no refractory, noise_o = 0,
    the LFSR back to its seed)."""

    def __init__(self, v_rest: int = RTL_DEFAULTS["VRest"], v_reset: int = RTL_DEFAULTS["VReset"],
                 v_threshold: int = RTL_DEFAULTS["VThreshold"], leak_k: int = RTL_DEFAULTS["LeakK"],
                 gain_k: int = RTL_DEFAULTS["GainK"], noise_amp: int = RTL_DEFAULTS["NoiseAmp"],
                 refractory_cycles: int = RTL_DEFAULTS["RefractoryCycles"],
                 lfsr_width: int = RTL_DEFAULTS["LfsrWidth"], lfsr_seed: int | None = None,
                 lfsr_form: int = RTL_DEFAULTS["LfsrForm"]):
        if lfsr_seed is None:
            lfsr_seed = default_seed(lfsr_width) if isinstance(lfsr_width, int) else 1
        args = dict(v_rest=v_rest, v_reset=v_reset, v_threshold=v_threshold, leak_k=leak_k, gain_k=gain_k,
                    noise_amp=noise_amp, refractory_cycles=refractory_cycles, lfsr_width=lfsr_width,
                    lfsr_seed=lfsr_seed, lfsr_form=lfsr_form)
        for name, value in args.items():
            lo, hi = RANGES[name]
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
        if not v_reset < v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={v_reset} >= v_threshold={v_threshold}")
        for k, v in args.items():
            setattr(self, k, v)
        self.lfsr = Lfsr(width=lfsr_width, seed=lfsr_seed, form=lfsr_form)  # checks the seed against the width
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> ScLIFUnit:
        full = {**RTL_DEFAULTS, **params}
        if "LfsrWidth" in params and "LfsrSeed" not in params:  # the RTL default seed follows the width
            full["LfsrSeed"] = default_seed(int(params["LfsrWidth"]))
        return cls(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})

    def consts(self) -> tuple[int, ...]:
        """The kernel's constant arguments, in :func:`sc_lif_step`'s order."""
        return (self.v_rest, self.v_reset, self.v_threshold, self.leak_k, self.gain_k, self.noise_amp,
                self.refractory_cycles)

    def reset_state(self) -> None:
        self.v, self.ref, self.spike, self.noise = self.v_rest, 0, 0, 0
        self.lfsr.reset()

    def step(self, i: int) -> tuple[int, int, int]:
        if isinstance(i, bool) or not isinstance(i, int) or not IN_MIN <= i <= IN_MAX:
            raise ValueError(f"i must be an integer in [{IN_MIN}, {IN_MAX}] (raw Q8.8), got {i!r}")
        self.v, self.ref, self.spike, self.noise = sc_lif_step(self.v, self.ref, i, self.lfsr.state & 1,
                                                               *self.consts())
        self.lfsr.step()
        return self.outputs()

    def outputs(self) -> tuple[int, int, int]:
        """The registered outputs now (spike_o, v_o, noise_o)."""
        return self.spike, self.v, self.noise

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "refractory": self.ref, "lfsr": self.lfsr.state}


NO_INPUT = IN_MAX + 1  # input_for_v's answer when no input reaches the target


def input_for_v(v: int, noise: int, v_rest: int, leak_k: int, gain_k: int, target_v: int) -> int:
    """An input ``i`` for which the next (unsaturated) membrane value from ``v`` with ``noise`` is ``target_v``,
    else :data:`NO_INPUT` (stimulus aiming; integer-only, numba compiles it)."""
    if gain_k == 0:
        return NO_INPUT
    want = target_v - v - ((((v_rest - v) * leak_k) + 128) >> 8) - noise
    sign = 1 if gain_k > 0 else -1
    lo, hi = IN_MIN, IN_MAX
    while lo < hi:  # rnd(i * g) is monotone in i: the first i whose sign * term reaches sign * want
        mid = (lo + hi) // 2
        if sign * (((mid * gain_k) + 128) >> 8) >= sign * want:
            hi = mid
        else:
            lo = mid + 1
    for c in (lo, lo - 1):
        if IN_MIN <= c <= IN_MAX and (((c * gain_k) + 128) >> 8) == want:
            return c
    return NO_INPUT


def input_for(m: ScLIFUnit, target_v: int) -> int | None:
    """An input for which the next (unsaturated) membrane value of ``m`` (its LFSR's noise included) is
    ``target_v``, or None."""
    noise = m.noise_amp if m.lfsr.state & 1 else -m.noise_amp
    i = input_for_v(m.v, noise, m.v_rest, m.leak_k, m.gain_k, target_v)
    return None if i == NO_INPUT else i


def from_float_params(p: StochasticLIFParams) -> dict[str, int]:
    """The core's constructor arguments of the float model's parameters, through :data:`CORE_PARAMS`."""
    return {RTL_PARAM_NAMES[k]: v for k, v in CORE_PARAMS.convert(p).items()}


def effective_float_params(p: StochasticLIFParams) -> StochasticLIFParams:
    """The float parameters that the core's quantised ones stand for."""
    real = CORE_PARAMS.to_real(CORE_PARAMS.convert(p))
    return replace(p, v_rest=real["VRest"], v_reset=real["VReset"], v_threshold=real["VThreshold"],
                   tau_mem=p.dt / real["LeakK"], resistance=real["GainK"] / p.dt,
                   noise_std=real["NoiseAmp"] / math.sqrt(p.dt))


AGREEMENT_INPUTS = (0.0, 0.02, 0.035, 0.05, 0.065, 0.08, 0.12)  # a.u.; rheobase (noiseless) is 0.05
AGREEMENT_STEPS = 60_000
AGREEMENT_RATE_TOL = (0.004, 0.12)  # |rate_core - rate_float| <= abs + rel * rate_float, every input
AGREEMENT_STD_TOL = 0.02  # relative: core noise std vs noise_std * sqrt(dt)
AGREEMENT_MEAN_TOL = 0.01  # core noise mean, in units of its std


def noise_samples(unit: ScLIFUnit, n: int) -> np.ndarray:
    """The core's noise samples (raw) over ``n`` clocks from reset: +-NoiseAmp from the LFSR's bit 0."""
    states = unit.lfsr.sequence(n)
    return np.where(states & 1, unit.noise_amp, -unit.noise_amp).astype(np.int64)


def float_agreement(inputs: tuple[float, ...] = AGREEMENT_INPUTS, steps: int = AGREEMENT_STEPS,
                    seed: int = 7) -> dict[str, Any]:
    """The core's noise and f-I curve against the float model at the core's default (noise_std = 0.1).

    Noise: mean, std, lag-1..3 autocorrelation of the core's samples over one LFSR period, against the float
    model's ``noise_std * sqrt(dt)`` (and the same figures of its Gaussian samples). f-I: for each constant
    input I, the firing rate (spikes/step over ``steps`` steps) of the core (Python model, from reset) and of
    ``StochasticLIFNeuron`` with the matching parameters (the float defaults with noise_std = 0.1; and with the
    core's quantised tau/noise, ``*_eff``). The statistical error of a float rate is ~sqrt(rate/steps).
    """
    p = _default_params()
    pe = effective_float_params(p)
    unit = ScLIFUnit(**from_float_params(p))
    period = (1 << unit.lfsr_width) - 1
    x = noise_samples(unit, period) / 256.0
    xf = np.random.default_rng(seed).standard_normal(period) * p.noise_std * math.sqrt(p.dt)

    def acf(a: np.ndarray, k: int) -> float:
        a = a - a.mean()
        return float(np.dot(a[:-k], a[k:]) / np.dot(a, a))

    noise = {"target_std": p.noise_std * math.sqrt(p.dt), "core_mean": float(x.mean()), "core_std": float(x.std()),
             "core_acf": [acf(x, k) for k in (1, 2, 3)], "float_mean": float(xf.mean()), "float_std": float(xf.std()),
             "float_acf": [acf(xf, k) for k in (1, 2, 3)]}
    rows = []
    bits = (unit.lfsr.sequence(steps) & 1).tolist()
    for current in inputs:
        i_raw = int(Q88.to_raw(current, "input current"))
        spikes, v, ref, c = 0, unit.v_rest, 0, unit.consts()
        for b in bits:  # ScLIFUnit.step without its argument checks, on the LFSR bits computed at once
            v, ref, s, _ = sc_lif_step(v, ref, i_raw, b, *c)
            spikes += s
        row = {"input": current, "core_rate": spikes / steps}
        for tag, params in (("float", p), ("float_eff", pe)):
            out = StochasticLIFNeuron(params, seed=seed).simulate(steps, input_current=current)
            row[f"{tag}_rate"] = float(out["spike"].mean())
        rows.append(row)
    abs_tol, rel_tol = AGREEMENT_RATE_TOL
    worst = max(abs(r["core_rate"] - r["float_rate"]) - rel_tol * r["float_rate"] for r in rows)
    max_diff = max(abs(r["core_rate"] - r["float_rate"]) for r in rows)
    std_rel = abs(noise["core_std"] - noise["target_std"]) / noise["target_std"]
    summary = (f"LFSR noise +-{x.max():.4f}: std {noise['core_std']:.4f} vs noise_std {noise['target_std']:g} "
               f"({100 * std_rel:.1f}%), mean {noise['core_mean']:.1e}, lag-1 acf {noise['core_acf'][0]:.1e}; "
               f"f-I over I = {min(inputs):g}..{max(inputs):g}: rates within {max_diff:.4f} spikes/step of float")
    return {"noise": noise, "rows": rows, "noise_std_rel_err": std_rel, "max_rate_diff": max_diff,
            "rate_margin": worst, "rate_tolerance": {"abs": abs_tol, "rel": rel_tol},
            "std_tolerance": AGREEMENT_STD_TOL, "mean_tolerance": AGREEMENT_MEAN_TOL, "steps": steps,
            "summary": summary}


register_unit(
    "nrn_sc_lif",
    sim="sc_lif",
    model="golden.fixed.sc_lif_unit.ScLIFUnit",
    rtl="rtl/neuron/nrn_sc_lif.sv",
    description="Q8.8 stochastic LIF: noise +-NoiseAmp from bit 0 of an on-chip sc_lfsr every clock (white, "
                "std NoiseAmp), rounded leak and gain products, saturating membrane",
)
