"""Bit-true model of the ``nrn_lif_lite`` core: the Q8.8 LIF of ``nrn_lif`` with shifts instead of multipliers.

One clock of the core (all values raw two's-complement integers of ``data_width`` bits; ``sh(x, g)`` is
``x << g`` for ``g >= 0`` and the floor shift ``x >> -g`` for ``g < 0``)::

    if refractory_counter > 0:   refractory_counter -= 1;  v = v_rest;  spike = 0
    else:
        dv_leak = (v_rest - v) >> leak_shift                        # W+1-bit difference, floor shift
        dv_in   = sh(I_t, gain_shift) + gain2_sign * sh(I_t, gain2_shift)
        v_next  = wrap_W(v + dv_leak + dv_in + noise_in)             # two's-complement wrap, no saturation
        if v_next >= v_threshold (signed):  spike = 1;  v = v_reset;  refractory_counter = refractory_period
        else:                               spike = 0;  v = v_next

The leak factor is ``2^-leak_shift`` per step (``tau_m = 2^leak_shift`` steps); ``leak_shift`` is a runtime
input of ``leak_shift_width`` bits, as ``leak_k`` is for ``nrn_lif``. The input gain ``2^gain_shift`` (or the
shift-add ``2^gain_shift +- 2^gain2_shift``) is fixed by parameters. With a power-of-two gain, ``leak_shift
<= fraction`` and ``-fraction <= gain_shift <= W - 2 - fraction`` the core is bit-identical to ``nrn_lif``
(:class:`~golden.fixed.lif_q88.FixedPointLIFNeuron`) with ``leak_k = 2^(F - leak_shift)`` and
``gain_k = 2^(F + gain_shift)``: the multipliers only ever multiplied by powers of two there.

What it costs: the time constant and the gain are rounded to the nearest power of two (or shift-add value),
so a tau_m between two powers of two is off by up to a factor sqrt(2). :func:`lite_config` is the one
conversion from physical parameters (tau_m, dt, R) to the core's shifts; :func:`accuracy_cost` measures the
resulting f-I error against the full LIF (``nrn_lif`` with its nearest ``leak_k = round(256 dt/tau_m)``,
``gain_k``) and the float LIF (``StochasticLIFNeuron``, same tau_m). Constant currents I = 0, 1, ...,
ceil(4 x the float rheobase) LSB per step from rest, 20,000 steps, dt = 1 ms, R = 1 (gain 1.0 in all three),
threshold 256 (1.0), refractory 2 steps; rates in spikes per 1000 steps, MAE = mean |rate difference| over
the currents, rel = mean relative difference where the full LIF fires::

    tau_m  leak   tau of      rheobase (LSB)     lite vs full LIF        lite vs float   full vs float
    (ms)   shift  lite/full   float/full/lite    MAE    max    rel       MAE             MAE
      5    2      4 / 5.02    52 / 52 / 65       10.17  100.0  12.9 %    10.38           0.21
     10    3      8 / 9.85    26 / 27 / 33        7.60   52.6  14.5 %     8.57           0.97
     20    4     16 / 19.69   13 / 14 / 17        4.75   27.0  15.4 %     6.04           1.30
     22.6  4     16 / 23.27   12 / 12 / 17        7.88   32.25 25.7 %     8.27           0.39   (worst rounding)
     50    6     64 / 51.2     6 /  6 /  5        1.70    7.45  8.6 %     0.78           0.92
    100    7    128 / 85.33    3 /  4 /  3        1.90    5.15 15.6 %     0.26           2.16

The cost is a shifted rheobase (the rounded tau_m moves the f-I curve sideways); above it the rates converge
to the same refractory-limited ceiling. Where the full LIF's own leak_k rounds badly (long tau_m: leak_k = 3
for 100 ms is 85 ms) the lite core can be closer to the float LIF than ``nrn_lif`` is. :data:`DOCUMENTED_COST`
holds these figures; ``tests/test_lif_lite.py`` recomputes them.

Example
-------
>>> neuron = FixedPointLIFLiteNeuron()
>>> spike, v = neuron.step(leak_shift=4, I_t=100)
>>> (spike, v)
(0, 100)
>>> neuron.step(leak_shift=4, I_t=200)   # 100 + floor(-100 / 16) + 200 = 293 >= 256: fires, v = v_reset
(1, 0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from golden.core.params import param, params_dataclass
from golden.core.protocol import Input, Neuron, Output
from golden.fixed.lif_q88 import FixedPointLIFNeuron, FixedPointLIFParams
from golden.fixed.qformat import QFormat, leak_gain_from_tau
from golden.registry import register_unit


@params_dataclass
class FixedPointLIFLiteParams(FixedPointLIFParams):
    """The parameters of ``nrn_lif`` (word, fraction, levels, refractory period) plus the shift configuration."""

    leak_shift_width: int = param(4, units="bits", lo=1, hi=5, integer=True,
                                  doc="bits of the leak_shift input (2^leak_shift_width <= data_width)")
    gain_shift: int = param(0, units="bits", lo=-29, hi=29, integer=True,
                            doc="input gain 2^gain_shift, |gain_shift| <= data_width - 1")
    gain2_shift: int = param(-1, units="bits", lo=-29, hi=28, integer=True,
                             doc="second gain term 2^gain2_shift (< gain_shift when gain2_sign != 0)")
    gain2_sign: int = param(0, units="", lo=-1, hi=1, integer=True,
                            doc="-1: subtract, +1: add the second term, 0: power-of-two gain only")

    def check(self) -> None:
        super().check()
        W = self.data_width
        if (1 << self.leak_shift_width) > W:
            raise ValueError(f"leak_shift_width must satisfy 2^leak_shift_width <= data_width={W} (every shift "
                             f"< data_width), got {self.leak_shift_width}")
        if not -(W - 1) <= self.gain_shift <= W - 1:
            raise ValueError(f"gain_shift must be in [{-(W - 1)}, {W - 1}] for data_width={W}, got {self.gain_shift}")
        if self.gain2_sign and not -(W - 1) <= self.gain2_shift < self.gain_shift:
            raise ValueError(f"gain2_shift must be in [{-(W - 1)}, gain_shift - 1 = {self.gain_shift - 1}] when "
                             f"gain2_sign != 0, got {self.gain2_shift}")

    @property
    def gain(self) -> float:
        """The input gain as a real number."""
        return 2.0 ** self.gain_shift + self.gain2_sign * 2.0 ** self.gain2_shift

    @property
    def max_leak_shift(self) -> int:
        return (1 << self.leak_shift_width) - 1


class FixedPointLIFLiteNeuron(Neuron):
    """Bit-true fixed-point LIF neuron with a power-of-two leak and a shift-add gain (model of ``nrn_lif_lite``).

    Parameters (raw integers): those of :class:`~golden.fixed.lif_q88.FixedPointLIFNeuron` (``data_width`` 16,
    ``fraction`` 8, ``v_rest`` 0, ``v_reset`` 0, ``v_threshold`` 256, ``refractory_period`` 2) plus
    ``leak_shift_width`` (4: leak shifts 0..15), ``gain_shift`` (0: gain 1.0), ``gain2_shift`` and
    ``gain2_sign`` (0: no second term). Inputs: ``leak_shift`` (default 4: 1/16 per step), ``I_t`` and
    ``noise_in`` (signed W-bit raw, 0). ``step`` returns ``(spike, v)``, compared with the RTL's ``spike_o``
    and ``v_o``. The equations are in the module docstring (:mod:`golden.fixed.lif_lite`).
    """

    Params = FixedPointLIFLiteParams
    state_vars = {"v": int, "refractory_counter": int}
    inputs = (
        Input("leak_shift", lambda p: min(4, p.max_leak_shift), "shift count",
              "leak factor 2^-leak_shift per step (tau_m = 2^leak_shift steps)", integer=True),
        Input("I_t", 0, "raw Q(W-F).F", "input current", integer=True),
        Input("noise_in", 0, "raw Q(W-F).F", "additive noise", integer=True),
    )
    outputs = (Output("spike"), Output("v_out", "value", np.int64))

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory_counter": 0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.v_rest,
            "v_reset": p.v_reset,
            "v_th": p.v_threshold,
            "ref_cycles": p.refractory_period,
            "g1_left": max(p.gain_shift, 0),
            "g1_right": max(-p.gain_shift, 0),
            "g2_left": max(p.gain2_shift, 0),
            "g2_right": max(-p.gain2_shift, 0),
            "g2_sign": p.gain2_sign,
            "half": 1 << (p.data_width - 1),
            "mask": (1 << p.data_width) - 1,
        }

    @staticmethod
    def input_bounds(p):
        lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
        return {"leak_shift": (0, p.max_leak_shift), "I_t": (lo, hi), "noise_in": (lo, hi)}

    @staticmethod
    def kernel(v, refractory_counter, leak_shift, I_t, noise_in, v_rest, v_reset, v_th, ref_cycles, g1_left,
               g1_right, g2_left, g2_right, g2_sign, half, mask):
        if refractory_counter > 0:
            return v_rest, refractory_counter - 1, 0, v_rest
        dv_in = ((I_t << g1_left) >> g1_right) + g2_sign * ((I_t << g2_left) >> g2_right)
        v_next = ((v + ((v_rest - v) >> leak_shift) + dv_in + noise_in + half) & mask) - half
        if v_next >= v_th:
            return v_reset, ref_cycles, 1, v_reset
        return v_next, refractory_counter, 0, v_next

    def reset(self) -> None:
        """Power-on state (alias of :meth:`reset_state`, as for FixedPointLIFNeuron)."""
        self.reset_state()


def shift(x: Any, g: int) -> Any:
    """``x * 2^g`` with the floor of the RTL's arithmetic right shift for ``g < 0`` (no wrap)."""
    return x << g if g >= 0 else x >> -g


def input_term(I_t: Any, p: FixedPointLIFLiteParams) -> Any:
    """``dv_in`` before the wrap."""
    return shift(I_t, p.gain_shift) + p.gain2_sign * shift(I_t, p.gain2_shift)


def unwrapped_sum(v: int, leak_shift: int, I_t: int, noise_in: int, p: FixedPointLIFLiteParams) -> int:
    """``v + dv_leak + dv_in + noise`` BEFORE the wrap to W bits (for coverage of the overflow corners)."""
    return v + ((p.v_rest - v) >> leak_shift) + input_term(I_t, p) + noise_in


def leak_borrow(v: Any, leak_shift: Any, p: FixedPointLIFLiteParams) -> Any:
    """The RTL's ``borrow``: ``(v mod 2^s) > (v_rest mod 2^s)``, so that
    ``(v_rest - v) >> s == (v_rest >> s) - (v >> s) - borrow`` (the leak shifted before it is subtracted)."""
    low = (1 << leak_shift) - 1
    return (v & low) > (p.v_rest & low)


# ----------------------------------------------------------------------------------------------------------
# physical parameters -> core parameters (the one conversion)


@dataclass(frozen=True)
class LiteConfig:
    """The core's shifts for a physical (tau_m, dt, R), and what they stand for."""

    tau_m: float  # requested membrane time constant (ms)
    dt: float  # time step (ms)
    resistance: float  # requested input resistance R (v += R * I * dt)
    leak_shift: int  # runtime input leak_shift
    gain_shift: int  # parameter GainShift
    gain2_shift: int  # parameter Gain2Shift
    gain2_sign: int  # parameter Gain2Sign

    @property
    def tau_eff(self) -> float:
        """The time constant the core implements (ms): dt * 2^leak_shift."""
        return self.dt * 2.0 ** self.leak_shift

    @property
    def gain(self) -> float:
        """The per-step input gain the core implements (R_eff * dt)."""
        return 2.0 ** self.gain_shift + self.gain2_sign * 2.0 ** self.gain2_shift

    @property
    def tau_error(self) -> float:
        """Relative error of the time constant, (tau_eff - tau_m) / tau_m."""
        return self.tau_eff / self.tau_m - 1.0

    @property
    def gain_error(self) -> float:
        """Relative error of the input gain."""
        return self.gain / (self.resistance * self.dt) - 1.0

    def params(self, **levels: Any) -> FixedPointLIFLiteParams:
        """The model parameters with these shifts (``levels``: the other FixedPointLIFLiteParams fields)."""
        return FixedPointLIFLiteParams(gain_shift=self.gain_shift, gain2_shift=self.gain2_shift,
                                       gain2_sign=self.gain2_sign, **levels)

    def rtl_parameters(self) -> dict[str, int]:
        """The SystemVerilog parameters of ``nrn_lif_lite`` (leak_shift stays a runtime input)."""
        return {"GainShift": self.gain_shift, "Gain2Shift": self.gain2_shift, "Gain2Sign": self.gain2_sign}


def leak_shift_from_tau(tau_m: float, dt: float, leak_shift_width: int = 4) -> int:
    """``round(log2(tau_m / dt))``: the leak shift whose ``2^-s`` is nearest to dt/tau_m on a log scale.

    Raises ValueError when tau_m/dt is not finite and positive or the shift does not fit the
    ``leak_shift_width``-bit input (the message gives the tau_m range that fits).
    """
    if not (math.isfinite(tau_m) and math.isfinite(dt) and tau_m > 0 and dt > 0):
        raise ValueError(f"tau_m and dt must be finite and > 0 ms, got tau_m={tau_m!r}, dt={dt!r}")
    top = (1 << leak_shift_width) - 1
    s = math.floor(math.log2(tau_m / dt) + 0.5)
    if not 0 <= s <= top:
        raise ValueError(
            f"tau_m/dt = {tau_m / dt:g} gives leak shift round(log2(tau_m/dt)) = {s}, outside [0, {top}] of a "
            f"{leak_shift_width}-bit leak_shift input: tau_m must be in [{dt * 2 ** -0.5:g}, "
            f"{dt * 2 ** (top + 0.5):g}) ms for dt = {dt:g} ms"
        )
    return s


def gain_shifts(gain: float, data_width: int = 16, shift_add: bool = True) -> tuple[int, int, int]:
    """The nearest (on a log scale) gain ``2^a`` or, with ``shift_add``, ``2^a +- 2^b`` (b < a): (a, b, sign).

    Shifts are in ``[-(data_width-1), data_width-1]``; a tie prefers the single power of two, whose ``b`` is
    the parameter default (unused). Raises ValueError when ``gain`` is not finite and positive or
    ``round(log2(gain))`` is outside that range.
    """
    lim = data_width - 1
    if not (math.isfinite(gain) and gain > 0):
        raise ValueError(f"gain (R * dt) must be finite and > 0, got {gain!r}")
    a0 = math.floor(math.log2(gain) + 0.5)
    if not -lim <= a0 <= lim:
        raise ValueError(f"gain R*dt = {gain:g} is outside the shift range: round(log2(gain)) = {a0} must be in "
                         f"[{-lim}, {lim}] for data_width = {data_width}")
    unused_b = FixedPointLIFLiteParams.gain2_shift
    best = (abs(math.log2(gain) - a0), 0, a0, unused_b, 0)
    if shift_add:
        for a in range(max(-lim, a0 - 1), min(lim, a0 + 1) + 1):
            for b in range(-lim, a):
                for sign in (1, -1):
                    g = 2.0 ** a + sign * 2.0 ** b
                    if g > 0:
                        best = min(best, (abs(math.log2(g / gain)), 1, a, b, sign))
    return best[2], best[3], best[4]


def lite_config(tau_m: float, dt: float, resistance: float = 1.0, *, data_width: int = 16,
                leak_shift_width: int = 4, shift_add: bool = True) -> LiteConfig:
    """Physical LIF parameters -> ``nrn_lif_lite`` shifts: leak shift ``round(log2(tau_m/dt))`` (a runtime
    input) and the gain ``R * dt`` as ``2^a`` or ``2^a +- 2^b`` (parameters). Errors name what does not fit."""
    s = leak_shift_from_tau(tau_m, dt, leak_shift_width)
    a, b, sign = gain_shifts(resistance * dt, data_width, shift_add)
    return LiteConfig(float(tau_m), float(dt), float(resistance), s, a, b, sign)


def full_lif_inputs(tau_m: float, dt: float, resistance: float = 1.0, fmt: QFormat | None = None) -> tuple[int, int]:
    """The nearest ``(leak_k, gain_k)`` of the full LIF (``nrn_lif``) for the same physical parameters."""
    fmt = fmt or FixedPointLIFParams().fmt
    return leak_gain_from_tau(tau_m, dt, fmt), fmt.to_raw(resistance * dt, name="gain_k (R * dt)")


def equivalent_full_lif(p: FixedPointLIFLiteParams, leak_shift: int) -> tuple[FixedPointLIFNeuron, int, int]:
    """``nrn_lif`` configured to compute exactly what ``nrn_lif_lite`` computes: (neuron, leak_k, gain_k).

    Exists for a power-of-two gain with ``0 <= leak_shift <= fraction`` and ``-fraction <= gain_shift <=
    data_width - 2 - fraction`` (leak_k and gain_k must be representable); ValueError otherwise.
    """
    F, W = p.fraction, p.data_width
    if p.gain2_sign or not 0 <= leak_shift <= F or not -F <= p.gain_shift <= W - 2 - F:
        raise ValueError(f"no bit-identical nrn_lif: needs gain2_sign = 0, leak_shift in [0, {F}] and gain_shift "
                         f"in [{-F}, {W - 2 - F}], got gain2_sign={p.gain2_sign}, leak_shift={leak_shift}, "
                         f"gain_shift={p.gain_shift}")
    full = FixedPointLIFParams(**{k: getattr(p, k) for k in FixedPointLIFParams.__dataclass_fields__})
    return FixedPointLIFNeuron(full), 1 << (F - leak_shift), 1 << (F + p.gain_shift)


def float_counterpart(p: FixedPointLIFLiteParams, leak_shift: int, dt: float = 1.0):
    """The float LIF (``StochasticLIFNeuron``) that the core approximates at this leak shift: tau_mem =
    dt * 2^leak_shift, R = gain / dt, potentials in raw LSB as floats."""
    from golden.models.core_sc.stochastic_lif import StochasticLIFNeuron

    return StochasticLIFNeuron(v_rest=float(p.v_rest), v_reset=float(p.v_reset), v_threshold=float(p.v_threshold),
                               tau_mem=dt * 2.0 ** leak_shift, dt=dt, resistance=p.gain / dt,
                               refractory_period=p.refractory_period)


# ----------------------------------------------------------------------------------------------------------
# accuracy cost against the full LIF and the float LIF


@dataclass(frozen=True)
class AccuracyCost:
    """f-I curves of the three neurons over the same constant currents, and their differences.

    Rates are spikes per 1000 steps; ``first_spike`` is the step of the first spike from rest (-1: none).
    """

    config: LiteConfig
    leak_k: int
    gain_k: int
    currents: np.ndarray
    steps: int
    rate_lite: np.ndarray
    rate_full: np.ndarray
    rate_float: np.ndarray
    first_lite: np.ndarray
    first_full: np.ndarray
    first_float: np.ndarray

    @staticmethod
    def _rheobase(currents: np.ndarray, rate: np.ndarray) -> int | None:
        fires = np.flatnonzero(rate > 0)
        return int(currents[fires[0]]) if fires.size else None

    def summary(self) -> dict[str, Any]:
        """The figures: rheobases, rate errors (mean/max absolute, mean relative where the reference fires) of
        the lite vs the full and the float LIF, the full LIF's own error vs the float, first-spike errors."""
        def rel(a: np.ndarray, ref: np.ndarray) -> float:
            m = ref > 0
            return float(np.mean(np.abs(a[m] - ref[m]) / ref[m])) if m.any() else 0.0

        def first(a: np.ndarray, ref: np.ndarray) -> float:
            m = (a >= 0) & (ref >= 0)
            return float(np.mean(np.abs(a[m] - ref[m]))) if m.any() else 0.0

        c = self.config
        return {
            "tau_m": c.tau_m, "dt": c.dt, "resistance": c.resistance, "leak_shift": c.leak_shift,
            "tau_eff_lite": c.tau_eff, "tau_eff_full": c.dt * (1 << FixedPointLIFParams().fraction) / self.leak_k,
            "gain_lite": c.gain, "gain_full": self.gain_k / (1 << FixedPointLIFParams().fraction),
            "rheobase_float": self._rheobase(self.currents, self.rate_float),
            "rheobase_full": self._rheobase(self.currents, self.rate_full),
            "rheobase_lite": self._rheobase(self.currents, self.rate_lite),
            "mae_lite_vs_full": round(float(np.mean(np.abs(self.rate_lite - self.rate_full))), 2),
            "max_lite_vs_full": round(float(np.max(np.abs(self.rate_lite - self.rate_full))), 2),
            "rel_lite_vs_full": round(rel(self.rate_lite, self.rate_full), 3),
            "mae_lite_vs_float": round(float(np.mean(np.abs(self.rate_lite - self.rate_float))), 2),
            "mae_full_vs_float": round(float(np.mean(np.abs(self.rate_full - self.rate_float))), 2),
            "first_spike_lite_vs_full": round(first(self.first_lite, self.first_full), 2),
            "first_spike_full_vs_float": round(first(self.first_full, self.first_float), 2),
        }


def _fi(model: type[Neuron], params: Any, currents: np.ndarray, steps: int, **inputs: Any) -> tuple[np.ndarray, ...]:
    pop = model.population(currents.size, params)
    run = pop.run(steps, **inputs)
    first = np.full(currents.size, -1, dtype=np.int64)
    # events are in time order: the first occurrence of each neuron is its first spike
    idx, pos = np.unique(run.spike_i, return_index=True)
    first[idx] = run.spike_t[pos]
    return 1000.0 * run.counts / steps, first


def accuracy_cost(tau_m: float = 20.0, dt: float = 1.0, resistance: float = 1.0, *, currents: Any = None,
                  steps: int = 20_000, v_threshold: int = 256, refractory_period: int = 2,
                  shift_add: bool = True) -> AccuracyCost:
    """f-I sweep of the lite core vs the full LIF (nearest leak_k, gain_k) and the float LIF.

    All three start at rest (v_rest = v_reset = 0) and get a constant current I (raw LSB per step, default every
    integer from 0 to 4x the float LIF's rheobase ``v_threshold / (R * tau_m)``); potentials are raw LSB.
    """
    cfg = lite_config(tau_m, dt, resistance, shift_add=shift_add)
    leak_k, gain_k = full_lif_inputs(tau_m, dt, resistance)
    if currents is None:
        currents = np.arange(0, math.ceil(4 * v_threshold / (resistance * tau_m)) + 1)
    currents = np.asarray(currents, dtype=np.int64)
    levels = {"v_threshold": v_threshold, "refractory_period": refractory_period}
    lite_p = cfg.params(**levels)
    rate_lite, first_lite = _fi(FixedPointLIFLiteNeuron, lite_p, currents, steps, leak_shift=cfg.leak_shift,
                                I_t=currents)
    full_p = FixedPointLIFParams(**levels)
    rate_full, first_full = _fi(FixedPointLIFNeuron, full_p, currents, steps, leak_k=leak_k, gain_k=gain_k,
                                I_t=currents)
    from golden.models.core_sc.stochastic_lif import StochasticLIFNeuron, StochasticLIFParams

    float_p = StochasticLIFParams(v_threshold=float(v_threshold), tau_mem=tau_m, dt=dt, resistance=resistance,
                                  refractory_period=refractory_period)
    rate_float, first_float = _fi(StochasticLIFNeuron, float_p, currents, steps,
                                  input_current=currents.astype(np.float64))
    return AccuracyCost(cfg, leak_k, gain_k, currents, steps, rate_lite, rate_full, rate_float, first_lite,
                        first_full, first_float)


# The figures quoted in the module docstring and the README: accuracy_cost(tau_m).summary() at dt = 1 ms, R = 1
# (tests/test_lif_lite.py recomputes them).
DOCUMENTED_COST: dict[float, dict[str, float]] = {
    5.0: {"leak_shift": 2, "rheobase_float": 52, "rheobase_full": 52, "rheobase_lite": 65, "mae_lite_vs_full": 10.17,
          "max_lite_vs_full": 100.0, "rel_lite_vs_full": 0.129, "mae_lite_vs_float": 10.38, "mae_full_vs_float": 0.21},
    10.0: {"leak_shift": 3, "rheobase_float": 26, "rheobase_full": 27, "rheobase_lite": 33, "mae_lite_vs_full": 7.6,
           "max_lite_vs_full": 52.6, "rel_lite_vs_full": 0.145, "mae_lite_vs_float": 8.57, "mae_full_vs_float": 0.97},
    20.0: {"leak_shift": 4, "rheobase_float": 13, "rheobase_full": 14, "rheobase_lite": 17, "mae_lite_vs_full": 4.75,
           "max_lite_vs_full": 27.0, "rel_lite_vs_full": 0.154, "mae_lite_vs_float": 6.04, "mae_full_vs_float": 1.3},
    22.6: {"leak_shift": 4, "rheobase_float": 12, "rheobase_full": 12, "rheobase_lite": 17, "mae_lite_vs_full": 7.88,
           "max_lite_vs_full": 32.25, "rel_lite_vs_full": 0.257, "mae_lite_vs_float": 8.27, "mae_full_vs_float": 0.39},
    50.0: {"leak_shift": 6, "rheobase_float": 6, "rheobase_full": 6, "rheobase_lite": 5, "mae_lite_vs_full": 1.7,
           "max_lite_vs_full": 7.45, "rel_lite_vs_full": 0.086, "mae_lite_vs_float": 0.78, "mae_full_vs_float": 0.92},
    100.0: {"leak_shift": 7, "rheobase_float": 3, "rheobase_full": 4, "rheobase_lite": 3, "mae_lite_vs_full": 1.9,
            "max_lite_vs_full": 5.15, "rel_lite_vs_full": 0.156, "mae_lite_vs_float": 0.26, "mae_full_vs_float": 2.16},
}


register_unit(
    "nrn_lif_lite",
    sim="lif_lite",
    model="golden.fixed.lif_lite.FixedPointLIFLiteNeuron",
    rtl="rtl/neuron/nrn_lif_lite.sv",
    description="Q8.8 leaky integrate-and-fire core without multipliers (shift leak, shift-add gain)",
)


FORMAT = "Q8.8 v, power-of-two leak (shift), shift-add gain, no multiplier"


def float_agreement(tau_m: float = 20.0) -> dict[str, Any]:
    """The lite core against the float LIF (``accuracy_cost``): f-I rate error and rheobases; ``summary`` is the
    README line."""
    s = accuracy_cost(tau_m).summary()
    s["summary"] = (f"f-I at tau {tau_m:g}: mean rate error {s['mae_lite_vs_float']} spk/1000 steps vs float "
                    f"(nrn_lif {s['mae_full_vs_float']}); rheobase {s['rheobase_lite']} vs {s['rheobase_float']} LSB")
    return s
