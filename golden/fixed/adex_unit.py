"""Bit-true model of the ``nrn_adex`` core: :class:`AdExNeuron` (Brette & Gerstner 2005) in fixed point,
one forward-Euler step per clock, the exponential from a generated table.

The float model (:class:`~golden.models.integrate_and_fire.adex.AdExNeuron`, ``order=1``) does per step dt::

    dV = dt/C (-g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I)
    dw = dt/tau_w (a (V - E_L) - w)
    Vp = V + dV;  Vp >= V_peak  ->  spike, V <- V_r, w <- w + dw + b   else V <- Vp, w <- w + dw

The core computes the same step on raw integers, with dt folded into the gains (RTL parameters, each the
conversion of the float model's physical parameters through :data:`CORE_PARAMS`)::

    d     = V - ELeak                                    mV, 16 fraction bits
    y     = ((KExp * (V - VT)) >> 16) + LogGain          log2 of the exp term, 16 fraction bits
    k, j  = y >> 16, (y >> 10) & 63                      exponent, table index (the top 6 fraction bits)
    E     = 0 if k < 0;  ((2^16 + EXP2[j]) << k) >> 16 if k <= 44;  2^45 if k > 44
    acc_v = -GLeak * d + E + KCur * ((I << 8) - w)       mV, 36 fraction bits
    Vp    = V + ((acc_v + 2^19) >> 20)                   round half up to 16 fraction bits
    acc_w = KAdapt * d - KDecay * w                      pA, 36 fraction bits
    wn    = w + ((acc_w + 2^23) >> 24)                   round half up to 12 fraction bits
    Vp >= VPeak -> spike, V <- VReset, w <- sat(wn + WJump)   else V <- max(Vp, -128 mV), w <- sat(wn)

The exponential is ``GE exp(x) = 2^(x log2(e) + log2 GE)``: ``KExp = log2(e)/Delta_T`` and ``LogGain =
log2(dt g_L Delta_T / C) + 36`` turn ``V - V_T`` into the base-2 exponent of the term in accumulator LSBs
(2^-36 mV), whose integer part ``k`` is a shift and whose fraction indexes :data:`EXP2` (64 entries of
``2^f - 1`` taken at each segment's midpoint, so the relative error is at most 2^(1/128) - 1 = 0.54 %, the
same as moving V_T by 0.011 mV at Delta_T = 2 mV). The table does not depend on any parameter: one table
serves every preset; :mod:`golden.gen.adex_table` writes it to ``rtl/include/nrn_adex_exp2.svh``.
A term above 2^45 (512 mV in one step) saturates there: with it the step always fires, as the float model's
would. Every sum is sized for the whole range of its formats (no wrap anywhere); V saturates at -128 mV (a
strong negative current), w at the limits of its 28 bits.

Formats (raw integers): V, ELeak, VT, VReset, VPeak Q8.16 mV (24 bits); w, WJump Q16.12 pA (28 bits); input
I Q16.4 pA (20 bits); GLeak = dt g_L/C UQ0.20; KCur = dt/C UQ0.24 mV/pA; KExp = log2(e)/Delta_T UQ2.16 1/mV;
LogGain Q8.16; KAdapt = dt a/tau_w Q1.20 pA/mV; KDecay = dt/tau_w UQ0.24. A real value that does not fit its
format is an error of the conversion (every Naud et al. preset and the default fit one and the same RTL).
Reset: V = ELeak, w = 0, no spike (the float model's initial state).

Example
-------
>>> n = AdExUnit.from_rtl({})                      # Brette & Gerstner 2005 defaults, dt = 0.1 ms
>>> n.outputs() == (0, RTL_DEFAULTS["ELeak"], 0)
True
>>> spikes = [n.step(800 * 16)[0] for _ in range(2000)]   # 800 pA for 200 ms
>>> sum(spikes)
5
"""

from __future__ import annotations

import math
from typing import Any

from golden.fixed.convert import CoreParams, Field
from golden.fixed.qformat import QFormat
from golden.models.integrate_and_fire.adex import AdExNeuron, AdExParams
from golden.registry import register_unit

__all__ = [
    "CORE_PARAMS", "EXP2", "I_FMT", "PATTERNS", "RTL_DEFAULTS", "V_FMT", "W_FMT", "AdExUnit", "adex_step",
    "exp2_table", "float_agreement", "from_float_params", "pattern_class", "preset_params",
]

# ---------------------------------------------------------------------------------------------------------
# formats

V_FRAC, W_FRAC, I_FRAC = 16, 12, 4
V_FMT = QFormat(24, V_FRAC, True)  # mV
W_FMT = QFormat(28, W_FRAC, True)  # pA
I_FMT = QFormat(20, I_FRAC, True)  # pA, the input port
ACC_FRAC = 36  # both accumulators: 2^-36 mV (V), 2^-36 pA (w)
Y_FRAC = 16  # fraction bits of the exponent y
IDX_BITS = 6  # table index: the top 6 fraction bits of y
TABLE_FRAC = 16  # EXP2 entries are 2^16 (2^f - 1)
K_MAX = ACC_FRAC + 8  # largest exponent shift; above it the term saturates at 2^(K_MAX + 1) (512 mV)
E_SAT = 1 << (K_MAX + 1)
V_MIN = V_FMT.min_raw
W_MIN, W_MAX = W_FMT.min_raw, W_FMT.max_raw
V_ROUND = 1 << (ACC_FRAC - V_FRAC - 1)
W_ROUND = 1 << (ACC_FRAC - W_FRAC - 1)
LOG2E = 1.0 / math.log(2.0)


def exp2_table(bits: int = IDX_BITS, frac: int = TABLE_FRAC) -> tuple[int, ...]:
    """``round(2^frac (2^((j + 1/2) / 2^bits) - 1))`` for j in [0, 2^bits): 2^f at each segment's midpoint,
    without its leading one (every entry is below 2^frac)."""
    n = 1 << bits
    return tuple(int(math.floor((2.0 ** ((j + 0.5) / n) - 1.0) * (1 << frac) + 0.5)) for j in range(n))


EXP2 = exp2_table()


def _gain(p: Any) -> float:
    return p.dt * p.g_L * p.Delta_T / p.C


# The core's RTL parameters from AdExNeuron's physical parameters (dt folded into the gains).
CORE_PARAMS = CoreParams("nrn_adex", (
    Field("ELeak", V_FMT, lambda p: p.E_L, "E_L mV"),
    Field("VT", V_FMT, lambda p: p.V_T, "V_T mV"),
    Field("VReset", V_FMT, lambda p: p.V_r, "V_r mV"),
    Field("VPeak", V_FMT, lambda p: p.V_peak, "V_peak mV"),
    Field("GLeak", QFormat(20, 20, False), lambda p: p.dt * p.g_L / p.C, "dt g_L/C"),
    Field("KCur", QFormat(24, 24, False), lambda p: p.dt / p.C, "dt/C mV/pA"),
    Field("KExp", QFormat(18, 16, False), lambda p: LOG2E / p.Delta_T, "log2(e)/Delta_T 1/mV"),
    Field("LogGain", QFormat(24, 16, True), lambda p: math.log2(_gain(p)) + ACC_FRAC,
          "log2(dt g_L Delta_T/C) + 36"),
    Field("KAdapt", QFormat(21, 20, True), lambda p: p.dt * p.a / p.tau_w, "dt a/tau_w pA/mV"),
    Field("KDecay", QFormat(24, 24, False), lambda p: p.dt / p.tau_w, "dt/tau_w"),
    Field("WJump", W_FMT, lambda p: p.b, "b pA"),
), defaults_from=AdExParams)
RTL_DEFAULTS = CORE_PARAMS.defaults()
PARAM_ORDER = CORE_PARAMS.names  # the order of the step function's parameter arguments


def from_float_params(p: AdExParams) -> dict[str, int]:
    """The core's raw parameters of ``p`` (ValueError naming the parameter when one does not fit)."""
    return CORE_PARAMS.convert(p)


def preset_params(name: str) -> dict[str, int]:
    """The core's raw parameters of Naud et al.'s firing pattern ``name`` (one conversion per preset)."""
    return from_float_params(AdExNeuron.preset(name).params)


def check_rtl(params: dict[str, int]) -> dict[str, int]:
    """``params`` over the defaults, checked against the formats and the ordering the RTL checks."""
    full = {**RTL_DEFAULTS, **params}
    CORE_PARAMS.check_raw(full)
    if not full["VPeak"] > full["VT"]:
        raise ValueError(f"nrn_adex: VPeak must be > VT, got VPeak={full['VPeak']}, VT={full['VT']}")
    if not full["VReset"] < full["VPeak"]:
        raise ValueError(f"nrn_adex: VReset must be < VPeak, got VReset={full['VReset']}, VPeak={full['VPeak']}")
    return {k: int(v) for k, v in full.items()}


# ---------------------------------------------------------------------------------------------------------
# the arithmetic (plain integer code: numba compiles this same function for the deep check)


def adex_step(v, w, i, eleak, vt, vreset, vpeak, gleak, kcur, kexp, loggain, kadapt, kdecay, wjump, table):
    """One clock of the core from the state (v, w) and the input current i (raw integers).

    Returns (v, w, spike, vp, wj, k, j): the new state and spike, and for coverage the potential before the
    threshold test, w before saturation, the exponent and the table index."""
    d = v - eleak
    y = ((kexp * (v - vt)) >> 16) + loggain
    k = y >> Y_FRAC
    j = (y >> (Y_FRAC - IDX_BITS)) & ((1 << IDX_BITS) - 1)
    if k < 0:
        e = 0
    elif k > K_MAX:
        e = E_SAT
    else:
        e = (((1 << TABLE_FRAC) + table[j]) << k) >> TABLE_FRAC
    acc_v = e - gleak * d + kcur * ((i << (W_FRAC - I_FRAC)) - w)
    vp = v + ((acc_v + V_ROUND) >> (ACC_FRAC - V_FRAC))
    acc_w = kadapt * d - kdecay * w
    wj = w + ((acc_w + W_ROUND) >> (ACC_FRAC - W_FRAC))
    if vp >= vpeak:
        v1 = vreset
        wj = wj + wjump
        spike = 1
    else:
        v1 = vp if vp > V_MIN else V_MIN
        spike = 0
    w1 = W_MIN if wj < W_MIN else (W_MAX if wj > W_MAX else wj)
    return v1, w1, spike, vp, wj, k, j


class AdExUnit:
    """One ``nrn_adex`` core: ``step(i) -> (spike, v, w)``, the registered outputs after the clock edge (raw:
    i Q16.4 pA, v Q8.16 mV, w Q16.12 pA); ``reset_state()`` is the asynchronous reset (v = ELeak, w = 0)."""

    def __init__(self, params: dict[str, int] | None = None):
        self.params = check_rtl(params or {})
        self.args = tuple(self.params[k] for k in PARAM_ORDER)
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> AdExUnit:
        return cls(params)

    @classmethod
    def from_float(cls, p: AdExParams) -> AdExUnit:
        return cls(from_float_params(p))

    def reset_state(self) -> None:
        self.v, self.w, self.spike = self.params["ELeak"], 0, 0

    def step(self, i: int) -> tuple[int, int, int]:
        if not isinstance(i, int) or not I_FMT.min_raw <= i <= I_FMT.max_raw:
            raise ValueError(f"i must be an integer in [{I_FMT.min_raw}, {I_FMT.max_raw}] (Q16.4 pA), got {i!r}")
        self.v, self.w, self.spike = adex_step(self.v, self.w, i, *self.args, EXP2)[:3]
        return self.spike, self.v, self.w

    def outputs(self) -> tuple[int, int, int]:
        """The registered outputs now (spike_o, v_o, w_o)."""
        return self.spike, self.v, self.w

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "w": self.w}


# ---------------------------------------------------------------------------------------------------------
# agreement with the float model: Naud et al. 2008 firing patterns

PATTERNS = ("tonic", "adapting", "initial_burst", "regular_bursting", "delayed_accelerating",
            "delayed_regular_bursting", "transient", "irregular")


def _spike_times_fixed(name: str, steps: int) -> list[float]:
    p = AdExNeuron.preset(name).params
    n = AdExUnit.from_float(p)
    i = I_FMT.to_raw(AdExNeuron.preset_current(name), name="current")
    return [(t + 1) * p.dt for t in range(steps) if n.step(i)[0]]


def _spike_times_float(name: str, steps: int, order: int) -> list[float]:
    import numpy as np

    m = AdExNeuron.preset(name, order=order)
    s = m.simulate(steps, input_current=AdExNeuron.preset_current(name))["spike"]
    return [float((t + 1) * m.params.dt) for t in np.flatnonzero(s)]


def pattern_class(times: list[float], duration: float) -> dict[str, Any]:
    """Features of a spike train and its qualitative class (Naud et al. 2008, Fig. 4, by simple rules).

    ``adaptation`` is Naud et al.'s index A = mean over consecutive ISIs of (ISI_k+1 - ISI_k)/(ISI_k+1 + ISI_k);
    a ``gap`` is an ISI at least 3 times the one before it (the end of a burst); ``first`` is the first-spike
    delay (ms). Classes, first match: ``silent``; ``transient`` (no spike in the second half); ``bursting``
    (>= 2 gaps); ``initial_burst`` (one gap, after at most 4 short ISIs); ``delayed`` (first spike later than
    twice the mean ISI); ``adapting`` (A > 0.05); ``accelerating`` (A < -0.05); ``tonic``."""
    feats: dict[str, Any] = {"count": len(times), "first": times[0] if times else None}
    if not times:
        return {**feats, "class": "silent"}
    isi = [b - a for a, b in zip(times, times[1:], strict=False)]
    pairs = list(zip(isi, isi[1:], strict=False))
    feats["adaptation"] = sum((b - a) / (b + a) for a, b in pairs) / len(pairs) if pairs else 0.0
    gaps = [k + 1 for k, (a, b) in enumerate(pairs) if b >= 3.0 * a]
    feats["gaps"] = len(gaps)
    mean_isi = sum(isi) / len(isi) if isi else None
    if times[-1] < 0.5 * duration:
        cls = "transient"
    elif len(gaps) >= 2:
        cls = "bursting"
    elif len(gaps) == 1 and gaps[0] <= 4:
        cls = "initial_burst"
    elif mean_isi is not None and times[0] > 2.0 * mean_isi:
        cls = "delayed"
    elif feats["adaptation"] > 0.05:
        cls = "adapting"
    elif feats["adaptation"] < -0.05:
        cls = "accelerating"
    else:
        cls = "tonic"
    return {**feats, "class": cls}


def _timing(a: list[float], b: list[float], window: float) -> dict[str, Any]:
    """Spike-time agreement of train b against reference a: the fraction of a's spikes with a spike of b
    within ``window`` ms (each used once), and the largest |dt| over the first min(len) spikes paired in order."""
    used, hit = set(), 0
    for t in a:
        near = [k for k, u in enumerate(b) if abs(u - t) <= window and k not in used]
        if near:
            used.add(min(near, key=lambda k: abs(b[k] - t)))
            hit += 1
    n = min(len(a), len(b))
    return {"coincident": hit / len(a) if a else 1.0,
            "max_shift_ms": max((abs(x - y) for x, y in zip(a[:n], b[:n], strict=True)), default=0.0)}


def float_agreement(duration_ms: float = 500.0, window_ms: float = 2.0) -> dict[str, Any]:
    """Per Naud et al. pattern: the core's spike train (its model, bit-true to the RTL) against the float
    model with forward Euler (the same scheme, ``order=1``) and with the default Heun step, at dt = 0.1 ms,
    step current of the preset from t = 0 for ``duration_ms``: spike counts and their difference, spike-time
    agreement (fraction of the float spikes matched within ``window_ms``, largest shift of the n-th spike) and
    the qualitative class of each train (:func:`pattern_class`)."""
    out: dict[str, Any] = {}
    worst = []
    for name in PATTERNS:
        dt = AdExNeuron.preset(name).params.dt
        steps = int(round(duration_ms / dt))
        fx = _spike_times_fixed(name, steps)
        eu = _spike_times_float(name, steps, 1)
        he = _spike_times_float(name, steps, 2)
        row = {"fixed": pattern_class(fx, duration_ms), "euler": pattern_class(eu, duration_ms),
               "heun": pattern_class(he, duration_ms)}
        row["count_diff_euler"] = len(fx) - len(eu)
        row["count_diff_heun"] = len(fx) - len(he)
        row["timing_euler"] = _timing(eu, fx, window_ms)
        row["timing_heun"] = _timing(he, fx, window_ms)
        row["class_match_euler"] = row["fixed"]["class"] == row["euler"]["class"]
        row["class_match_heun"] = row["fixed"]["class"] == row["heun"]["class"]
        out[name] = row
        worst.append(abs(row["count_diff_euler"]))
    matched = sum(out[n]["class_match_euler"] for n in PATTERNS)
    coinc = min(out[n]["timing_euler"]["coincident"] for n in PATTERNS)
    out["summary"] = (f"{matched}/{len(PATTERNS)} Naud et al. patterns of the same class as float Euler over "
                      f"{duration_ms:g} ms; spike counts within {max(worst)}; >= {coinc:.0%} of spikes within "
                      f"{window_ms:g} ms")
    return out


register_unit(
    "nrn_adex",
    sim="adex",
    model="golden.fixed.adex_unit.AdExUnit",
    rtl="rtl/neuron/nrn_adex.sv",
    description="AdEx (Brette & Gerstner 2005), forward Euler per clock, exp as 2^k x a 64-entry table of 2^f",
)
