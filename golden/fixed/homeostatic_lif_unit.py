"""Bit-true model of the ``nrn_homeostatic_lif`` core: :class:`HomeostaticLIFNeuron` in fixed point.

:class:`~golden.models.core_sc.homeostatic_lif.HomeostaticLIFNeuron` is a float LIF whose threshold theta is a
state variable driven by a low-pass firing-rate estimate r toward a set point (an integral controller,
Turrigiano-style homeostasis). The core is its integer version, one step per clock, every value a raw integer::

    formats: v, VRest, VReset, i, theta bounds   Q8.8  (16-bit signed, 1 LSB = 2^-8)
             theta                               Q8.24 (32-bit signed: the Q8.8 threshold + 16 more fraction
                                                 bits, so that updates of eta * (r - r*) ~ 1e-3 LSB accumulate)
             r, Target                           UQ1.16 (17-bit unsigned, [0, 1.0] spikes/step)
             LeakK (dt/tau_mem)                  UQ1.8 constant in [1, 256];  GainK (R * dt) Q8.8 constant

    if ref > 0:  ref -= 1;  v = VRest;  spike = 0                                  (refractory)
    else:
        v_next = sat16(v + ((VRest - v) * LeakK >>> 8) + (i * GainK >>> 8))         floor shifts, SATURATED
        spike  = (v_next << 16) >= theta                                            exact real compare v >= theta
        spike ? (v = VReset, ref = RefractoryCycles) : v = v_next
    r     = r - (r >> TraceShift) + (spike << (16 - TraceShift))    decay 1 - 2^-TraceShift, gain 2^-TraceShift
    theta = theta + (((r - Target) << 8) >>> EtaShift)              eta = 2^-EtaShift (floor for EtaShift > 8)
    theta = min(max(theta, ThetaMin << 16), ThetaMax << 16)         explicit saturation at the bounds

No multiplier by a runtime value: the two products have constant (parameter) coefficients, the rate trace
and the threshold learning rate are shifts. The update order is the float kernel's: the spike is decided on the
OLD threshold, then r is updated with it, then theta with the NEW r.

Quantisation of the float parameters (:data:`CORE_PARAMS`, through :mod:`golden.fixed.convert`):
``trace_decay`` becomes ``1 - 2^-TraceShift`` (TraceShift = round(-log2(1 - trace_decay)); 0.95 -> 1 - 2^-4
= 0.9375) and ``adaptation_rate`` becomes ``2^-EtaShift`` (0.01 -> 2^-7 = 0.0078). Neither changes the set
point: the long-run mean of r is the firing rate whatever the decay, and the controller's only fixed point
inside the bounds is mean(r) = Target whatever eta; they change how fast and how smoothly it gets there.
The floor of ``r >> TraceShift`` leaves at most 2^TraceShift - 1 LSB (2^-12 at the default) in r when the
neuron falls silent. The core has no noise source (the float default ``noise_std`` is 0): noise, if wanted,
is added to ``i`` upstream (the float model adds ``noise_std * sqrt(dt) * xi`` to v, the same as adding
``noise / (R dt)`` to the current).

Example
-------
>>> n = HomeostaticLIFUnit.from_rtl({})
>>> [n.step(400)[0] for _ in range(6)]            # i = 1.5625: v reaches theta = 1.0 in the first step
[1, 1, 1, 1, 1, 1]
>>> spike, v, theta, r = n.outputs()
>>> r, theta > 1 << 24            # r = 1 - (15/16)^6 of 65536: rate trace up, threshold raised
(21043, True)
"""

from __future__ import annotations

import math
from typing import Any

from golden.fixed.convert import CoreParams, Field, integer_format
from golden.fixed.qformat import QFormat
from golden.models.core_sc.homeostatic_lif import HomeostaticLIFNeuron, HomeostaticLIFParams
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "RTL_DEFAULTS", "HomeostaticLIFUnit", "float_agreement", "homeostatic_step",
           "input_for", "input_for_v", "v_next_of"]

Q88 = QFormat(16, 8, True)
RATE_FRAC = 16  # r and Target: UQ1.16
THETA_EXTRA = 16  # theta: Q8.8 plus 16 fraction bits = Q8.24
TRACE_SHIFT_MAX = RATE_FRAC
ETA_SHIFT_MAX = 24
V_MIN, V_MAX = Q88.min_raw, Q88.max_raw
IN_MIN, IN_MAX = Q88.min_raw, Q88.max_raw
RATE_ONE = 1 << RATE_FRAC


def _trace_shift(p: HomeostaticLIFParams) -> float:
    s = -math.log2(1.0 - p.trace_decay)
    if s > TRACE_SHIFT_MAX + 0.5:
        raise ValueError(f"nrn_homeostatic_lif.TraceShift: trace_decay = {p.trace_decay} needs a shift of {s:.2f}, "
                         f"the core allows [0, {TRACE_SHIFT_MAX}] (trace_decay <= 1 - 2^-{TRACE_SHIFT_MAX})")
    return s


def _eta_shift(p: HomeostaticLIFParams) -> float:
    if not 0.0 < p.adaptation_rate <= 1.0:
        raise ValueError(f"nrn_homeostatic_lif.EtaShift: adaptation_rate must be in (0, 1] for eta = 2^-EtaShift, "
                         f"got {p.adaptation_rate}")
    s = -math.log2(p.adaptation_rate)
    if s > ETA_SHIFT_MAX + 0.5:
        raise ValueError(f"nrn_homeostatic_lif.EtaShift: adaptation_rate = {p.adaptation_rate} needs a shift of "
                         f"{s:.2f}, the core allows [0, {ETA_SHIFT_MAX}]")
    return s


# The core's RTL parameters from the float model's physical ones (HomeostaticLIFParams defaults -> RTL defaults).
CORE_PARAMS = CoreParams("nrn_homeostatic_lif", (
    Field("VRest", Q88, lambda p: p.v_rest, "resting potential"),
    Field("VReset", Q88, lambda p: p.v_reset, "potential after a spike"),
    Field("Theta0", Q88, lambda p: p.v_threshold, "initial threshold"),
    Field("ThetaMin", Q88, lambda p: p.threshold_min, "lower threshold bound"),
    Field("ThetaMax", Q88, lambda p: p.threshold_max, "upper threshold bound"),
    Field("LeakK", QFormat(9, 8, False), lambda p: p.dt / p.tau_mem, "dt/tau_mem"),
    Field("GainK", Q88, lambda p: p.resistance * p.dt, "input gain R*dt"),
    Field("RefractoryCycles", integer_format(16, False), lambda p: p.refractory_period, "refractory steps"),
    Field("TraceShift", integer_format(5, False), _trace_shift, "rate decay 1-2^-k"),
    Field("EtaShift", integer_format(5, False), _eta_shift, "eta 2^-m"),
    Field("Target", QFormat(17, RATE_FRAC, False), lambda p: p.target_rate, "target rate, spikes/step"),
), defaults_from=HomeostaticLIFParams)
RTL_DEFAULTS = CORE_PARAMS.defaults()

RTL_PARAM_NAMES = {"VRest": "v_rest", "VReset": "v_reset", "Theta0": "theta0", "ThetaMin": "theta_min",
                   "ThetaMax": "theta_max", "LeakK": "leak_k", "GainK": "gain_k",
                   "RefractoryCycles": "refractory_cycles", "TraceShift": "trace_shift", "EtaShift": "eta_shift",
                   "Target": "target"}
RANGES = {"v_rest": (V_MIN, V_MAX), "v_reset": (V_MIN, V_MAX), "theta0": (V_MIN, V_MAX),
          "theta_min": (V_MIN, V_MAX), "theta_max": (V_MIN, V_MAX), "leak_k": (1, 256), "gain_k": (V_MIN, V_MAX),
          "refractory_cycles": (0, 65535), "trace_shift": (0, TRACE_SHIFT_MAX), "eta_shift": (0, ETA_SHIFT_MAX),
          "target": (0, RATE_ONE)}


def v_next_of(v: int, i: int, v_rest: int, leak_k: int, gain_k: int) -> int:
    """The membrane update BEFORE saturation (for aiming stimulus and for coverage)."""
    return v + (((v_rest - v) * leak_k) >> 8) + ((i * gain_k) >> 8)


def homeostatic_step(v: int, ref: int, r: int, theta: int, i: int, v_rest: int, v_reset: int, leak_k: int,
                     gain_k: int, ref_cycles: int, trace_shift: int, eta_shift: int, target: int, th_lo: int,
                     th_hi: int) -> tuple[int, int, int, int, int]:
    """One clock of the core on raw integers (``th_lo``/``th_hi`` are the bounds in Q8.24, ThetaMin/Max << 16).
    Returns ``(v, ref, r, theta, spike)`` after the clock. Integer-only (numba compiles this same function)."""
    spike = 0
    if ref > 0:
        v_new = v_rest
        ref_new = ref - 1
    else:
        vn = v_next_of(v, i, v_rest, leak_k, gain_k)
        if vn > V_MAX:
            vn = V_MAX
        if vn < V_MIN:
            vn = V_MIN
        if (vn << THETA_EXTRA) >= theta:
            spike = 1
            v_new = v_reset
            ref_new = ref_cycles
        else:
            v_new = vn
            ref_new = ref
    r_new = r - (r >> trace_shift) + (spike << (RATE_FRAC - trace_shift))
    th = theta + (((r_new - target) << 8) >> eta_shift)
    if th < th_lo:
        th = th_lo
    if th > th_hi:
        th = th_hi
    return v_new, ref_new, r_new, th, spike


class HomeostaticLIFUnit:
    """One ``nrn_homeostatic_lif`` core: ``step(i) -> (spike, v, theta, r)``, the registered outputs after the
    clock edge (v Q8.8, theta Q8.24, r UQ1.16); ``reset_state()`` is the asynchronous reset (v = VRest, no
    refractory, r = 0, theta = Theta0 << 16)."""

    def __init__(self, v_rest: int = RTL_DEFAULTS["VRest"], v_reset: int = RTL_DEFAULTS["VReset"],
                 theta0: int = RTL_DEFAULTS["Theta0"], theta_min: int = RTL_DEFAULTS["ThetaMin"],
                 theta_max: int = RTL_DEFAULTS["ThetaMax"], leak_k: int = RTL_DEFAULTS["LeakK"],
                 gain_k: int = RTL_DEFAULTS["GainK"], refractory_cycles: int = RTL_DEFAULTS["RefractoryCycles"],
                 trace_shift: int = RTL_DEFAULTS["TraceShift"], eta_shift: int = RTL_DEFAULTS["EtaShift"],
                 target: int = RTL_DEFAULTS["Target"]):
        args = dict(v_rest=v_rest, v_reset=v_reset, theta0=theta0, theta_min=theta_min, theta_max=theta_max,
                    leak_k=leak_k, gain_k=gain_k, refractory_cycles=refractory_cycles, trace_shift=trace_shift,
                    eta_shift=eta_shift, target=target)
        for name, value in args.items():
            lo, hi = RANGES[name]
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
        if not theta_min <= theta0 <= theta_max:
            raise ValueError(f"theta0 must lie in [theta_min, theta_max] = [{theta_min}, {theta_max}], got {theta0}")
        if not v_reset < theta_min:
            raise ValueError(f"v_reset must be < theta_min (else the neuron fires every step), got v_reset={v_reset}"
                             f" >= theta_min={theta_min}")
        for k, v in args.items():
            setattr(self, k, v)
        self.th_lo, self.th_hi = theta_min << THETA_EXTRA, theta_max << THETA_EXTRA
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> HomeostaticLIFUnit:
        full = {**RTL_DEFAULTS, **params}
        return cls(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})

    def consts(self) -> tuple[int, ...]:
        """The kernel's constant arguments, in :func:`homeostatic_step`'s order."""
        return (self.v_rest, self.v_reset, self.leak_k, self.gain_k, self.refractory_cycles, self.trace_shift,
                self.eta_shift, self.target, self.th_lo, self.th_hi)

    def reset_state(self) -> None:
        self.v, self.ref, self.r, self.theta, self.spike = self.v_rest, 0, 0, self.theta0 << THETA_EXTRA, 0

    def step(self, i: int) -> tuple[int, int, int, int]:
        if isinstance(i, bool) or not isinstance(i, int) or not IN_MIN <= i <= IN_MAX:
            raise ValueError(f"i must be an integer in [{IN_MIN}, {IN_MAX}] (raw Q8.8), got {i!r}")
        self.v, self.ref, self.r, self.theta, self.spike = homeostatic_step(
            self.v, self.ref, self.r, self.theta, i, *self.consts())
        return self.outputs()

    def outputs(self) -> tuple[int, int, int, int]:
        """The registered outputs now (spike_o, v_o, threshold_o, rate_o)."""
        return self.spike, self.v, self.theta, self.r

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "refractory": self.ref, "rate_trace": self.r, "v_threshold": self.theta}


NO_INPUT = IN_MAX + 1  # input_for_v's answer when no input reaches the target


def input_for_v(v: int, v_rest: int, leak_k: int, gain_k: int, target_v: int) -> int:
    """An input ``i`` for which the next (unsaturated) membrane value from ``v`` is ``target_v``, else
    :data:`NO_INPUT` (stimulus aiming; integer-only, numba compiles it)."""
    if gain_k == 0:
        return NO_INPUT
    want = target_v - v - (((v_rest - v) * leak_k) >> 8)
    sign = 1 if gain_k > 0 else -1
    lo, hi = IN_MIN, IN_MAX
    while lo < hi:  # (i * g) >> 8 is monotone in i: the first i whose sign * term reaches sign * want
        mid = (lo + hi) // 2
        if sign * ((mid * gain_k) >> 8) >= sign * want:
            hi = mid
        else:
            lo = mid + 1
    for c in (lo, lo - 1):
        if IN_MIN <= c <= IN_MAX and ((c * gain_k) >> 8) == want:
            return c
    return NO_INPUT


def input_for(m: HomeostaticLIFUnit, target_v: int) -> int | None:
    """An input for which the next (unsaturated) membrane value of ``m`` is ``target_v``, or None."""
    i = input_for_v(m.v, m.v_rest, m.leak_k, m.gain_k, target_v)
    return None if i == NO_INPUT else i


def from_float_params(p: HomeostaticLIFParams) -> dict[str, int]:
    """The core's constructor arguments of the float model's parameters, through :data:`CORE_PARAMS`."""
    if p.noise_std != 0.0:
        raise ValueError(f"nrn_homeostatic_lif has no noise source: noise_std must be 0 (add noise to the input "
                         f"current instead), got {p.noise_std}")
    return {RTL_PARAM_NAMES[k]: v for k, v in CORE_PARAMS.convert(p).items()}


def effective_float_params(p: HomeostaticLIFParams) -> HomeostaticLIFParams:
    """The float parameters that the core's quantised ones stand for (tau, decay, eta as the hardware has them)."""
    from dataclasses import replace

    raw = CORE_PARAMS.convert(p)
    real = CORE_PARAMS.to_real(raw)
    return replace(p, tau_mem=p.dt / real["LeakK"], trace_decay=1.0 - 2.0 ** -raw["TraceShift"],
                   adaptation_rate=2.0 ** -raw["EtaShift"], target_rate=real["Target"],
                   v_threshold=real["Theta0"], threshold_min=real["ThetaMin"], threshold_max=real["ThetaMax"],
                   v_rest=real["VRest"], v_reset=real["VReset"], resistance=real["GainK"] / p.dt)


AGREEMENT_INPUTS = (0.2, 0.4, 0.8, 1.2)  # constant currents whose set-point threshold lies inside [0.1, 10]
AGREEMENT_BOUND_INPUTS = (2.0, -0.5)  # the set point is out of reach: theta pins at ThetaMax / ThetaMin
AGREEMENT_STEPS, AGREEMENT_TAIL = 30_000, 10_000
AGREEMENT_RATE_TOL = 0.005  # |steady-state rate - target| in spikes/step, every input, core and float
AGREEMENT_THETA_TOL = 0.03  # relative difference of the mean steady-state thresholds, core vs float


def _agreement_row(p: HomeostaticLIFParams, pe: HomeostaticLIFParams, current: float, steps: int,
                   tail: int) -> dict[str, float]:
    import numpy as np

    unit = HomeostaticLIFUnit(**from_float_params(p))
    i_raw = int(Q88.to_raw(current, "input current"))
    sp = np.empty(steps, np.int8)
    th = np.empty(steps, np.int64)
    for t in range(steps):
        s, _, theta, _ = unit.step(i_raw)
        sp[t], th[t] = s, theta
    row = {"input": current, "core_rate": float(sp[-tail:].mean()),
           "core_theta": float(th[-tail:].mean()) / (1 << (8 + THETA_EXTRA))}
    for tag, params in (("float", p), ("float_eff", pe)):
        out = HomeostaticLIFNeuron(params).simulate(steps, input_current=current)
        row[f"{tag}_rate"] = float(out["spike"][-tail:].mean())
        row[f"{tag}_theta"] = float(out["v_threshold"][-tail:].mean())
    return row


def float_agreement(inputs: tuple[float, ...] = AGREEMENT_INPUTS, steps: int = AGREEMENT_STEPS,
                    tail: int = AGREEMENT_TAIL) -> dict[str, Any]:
    """The homeostasis of the core against the float model, both from the float defaults.

    For each constant input current I the two run ``steps`` steps from reset; over the last ``tail`` steps:
    the firing rate (spikes/step) and the mean threshold. Float models: ``HomeostaticLIFNeuron`` with the
    default parameters (eta 0.01, decay 0.95, tau 20) and with the core's effective (quantised) parameters
    (eta 2^-7, decay 1 - 2^-4, tau 256/13, Target 6554/65536). Both converge to the target rate; the
    thresholds differ by the set-point threshold's sensitivity to tau and the discreteness of the inter-spike
    interval. ``bound_rows``: inputs whose set point is out of reach (theta pinned at a bound in both).
    """
    p = HomeostaticLIFParams()
    pe = effective_float_params(p)
    rows = [_agreement_row(p, pe, c, steps, tail) for c in inputs]
    bound_rows = [_agreement_row(p, pe, c, steps, tail) for c in AGREEMENT_BOUND_INPUTS]
    rate_err = max(abs(r[k] - p.target_rate) for r in rows for k in ("core_rate", "float_rate", "float_eff_rate"))
    theta_rel = max(abs(r["core_theta"] - r["float_theta"]) / r["float_theta"] for r in rows)
    theta_rel_eff = max(abs(r["core_theta"] - r["float_eff_theta"]) / r["float_eff_theta"] for r in rows)
    bound_rate = max(abs(r["core_rate"] - r["float_rate"]) for r in bound_rows)
    summary = (f"rate -> target {p.target_rate} within {rate_err:.4f} in core and float (I = "
               f"{', '.join(f'{c:g}' for c in inputs)}); steady thresholds within {100 * theta_rel:.1f}% of float "
               f"({100 * theta_rel_eff:.1f}% at the core's quantised tau/eta/decay); bounds hit alike")
    return {"rows": rows, "bound_rows": bound_rows, "target_rate": p.target_rate, "max_rate_error": rate_err,
            "max_theta_rel_diff": theta_rel, "max_theta_rel_diff_effective": theta_rel_eff,
            "max_bound_rate_diff": bound_rate, "rate_tolerance": AGREEMENT_RATE_TOL,
            "theta_tolerance": AGREEMENT_THETA_TOL, "summary": summary}


register_unit(
    "nrn_homeostatic_lif",
    sim="homeostatic_lif",
    model="golden.fixed.homeostatic_lif_unit.HomeostaticLIFUnit",
    rtl="rtl/neuron/nrn_homeostatic_lif.sv",
    description="Q8.8 LIF with a homeostatic threshold (Q8.24): shift-decay rate trace (UQ1.16), integral "
                "update eta = 2^-EtaShift, threshold clamped to [ThetaMin, ThetaMax]",
)
