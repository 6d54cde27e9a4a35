"""Bit-true model of the ``nrn_izhikevich`` core: :class:`SCIzhikevichNeuron`'s step in fixed point, one per clock.

The core computes the float model's kernel (the scheme of the MATLAB code of Izhikevich 2003: v in two half
steps with u held, then u with the new v, then the spike test and reset) on raw two's-complement integers,
with every rounding an arithmetic right shift (floor) and every bound an explicit saturation::

    drive = (140 << 12) - u + (I << 6)                                   # Q.12, exact
    2 x:  t  = ((K04 * v) >> 20) + (5 << 12)                             # 0.04 v + 5, K04 = round(0.04 * 2^20)
          v  = v + ((((t * v) >> 12) + drive) >> (1 + DtShift))          # v += dt/2 * (0.04 v^2 + 5 v + 140 - u + I)
          v  = min(max(v, VMin), V_SAT)                                  # the model's v_min guard; V_SAT hardware
    u  = u + ((ADt * (((B * v) >> 16) - u)) >> 16)                       # u += a dt (b v - u)
    if v >= VPeak:  spike, v = C, u = u + D
    u  = min(max(u, U_MIN), U_MAX)                                       # one saturation, at the end

Formats (raw integers; F = 12 fraction bits for v, u and every mV quantity):

* ``v`` (state, output ``v_o``): Q8.12, 20 bits, always in [VMin, VPeak) (the reset value C and VInit too);
* ``v`` inside the step: Q13.12, saturated to [VMin, V_SAT = 4096 - 2^-12] mV after each half step. The float
  model has no upper bound: the step of a spike overshoots to ~1700 mV at I = 10 and reaches 4096 mV only for
  I above ~300 (it then feeds u through ``a b v``; see the module tests);
* ``u`` (state, output ``u_o``): Q12.12, 24 bits, saturated to [-2048, 2048) mV/ms;
* ``I`` (input ``current_i``): Q10.6, 16 bits, [-512, 512) mV/ms, LSB 1/64;
* parameters (RTL parameters, converted from the float model's physical ones by :data:`CORE_PARAMS`):
  ``ADt`` = a*dt in UQ1.16 (0, 1]; ``B`` = b in Q2.16; ``C``, ``VPeak``, ``VMin``, ``VInit`` in Q8.12;
  ``D`` and ``UInit`` (= b * v_init) in Q12.12; ``DtShift`` = log2(1/dt) in [0, 3] (dt = 1, 1/2, 1/4, 1/8 ms).

The model's membrane noise is not in the core (``noise_std`` must be 0).

Example
-------
>>> n = IzhikevichUnit.from_rtl({})              # RS (the float model's default), dt = 1 ms
>>> n.outputs()                                   # reset: v = -65 mV, u = b * v_init = -13 mV/ms
(0, -266240, -53248)
>>> out = [n.step(640) for _ in range(10)]        # I = 10 (640 = 10 * 64): the first spike at step 3
>>> [s for s, _, _ in out]
[0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from golden.fixed.convert import CoreParams, Field, integer_format
from golden.fixed.qformat import QFormat
from golden.models.core_sc.sc_izhikevich import PRESETS, SCIzhikevichNeuron, SCIzhikevichParams
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "FRAC", "I_FMT", "IzhikevichUnit", "RTL_DEFAULTS", "U_FMT", "V_FMT", "float_agreement",
           "from_float_params", "kernel_fx", "params_of_preset", "step_full"]

FRAC = 12  # fraction bits of v, u and every mV quantity
PFRAC = 16  # fraction bits of the dimensionless parameters a*dt and b
KFRAC = 20  # fraction bits of the constant 0.04
K04 = round(0.04 * (1 << KFRAC))  # 41943 = 0.04000000954 * 2^20
V_FMT = QFormat(20, FRAC, True)  # state v, C, VPeak, VMin, VInit: [-128, 128) mV
VX_FMT = QFormat(25, FRAC, True)  # v inside the step: [-4096, 4096) mV
U_FMT = QFormat(24, FRAC, True)  # u, D, UInit: [-2048, 2048) mV/ms
I_FMT = QFormat(16, 6, True)  # input current: [-512, 512) mV/ms
I_SHIFT = FRAC - I_FMT.frac
V_SAT = VX_FMT.max_raw
U_MIN, U_MAX = U_FMT.min_raw, U_FMT.max_raw
C140, C5 = 140 << FRAC, 5 << FRAC


def _dt_shift(p: Any) -> float:
    k = -math.log2(p.dt)
    if k != round(k) or not 0 <= k <= 3:
        raise ValueError(f"nrn_izhikevich: dt must be 1, 1/2, 1/4 or 1/8 ms (a shift of dt/2), got dt={p.dt}")
    return float(round(k))


# The core's RTL parameters from the float model's physical parameters (THE conversion: a value that does not
# fit names the parameter).
CORE_PARAMS = CoreParams("nrn_izhikevich", (
    Field("ADt", QFormat(17, PFRAC, False), lambda p: p.a * p.dt, "a*dt, recovery rate per step"),
    Field("B", QFormat(18, PFRAC, True), lambda p: p.b, "b, sensitivity of u to v"),
    Field("C", V_FMT, lambda p: p.c, "after-spike reset of v, mV"),
    Field("D", U_FMT, lambda p: p.d, "after-spike increment of u, mV/ms"),
    Field("VPeak", V_FMT, lambda p: p.v_peak, "spike cut-off, mV"),
    Field("VMin", V_FMT, lambda p: p.v_min, "lower bound of v, mV"),
    Field("VInit", V_FMT, lambda p: p.v_init, "reset value of v, mV"),
    Field("UInit", U_FMT, lambda p: p.b * p.v_init, "reset value of u = b*v_init, mV/ms"),
    Field("DtShift", integer_format(3, False), _dt_shift, "log2(1/dt), dt/2 = 2^-(DtShift+1) ms"),
), defaults_from=SCIzhikevichParams)
RTL_DEFAULTS = CORE_PARAMS.defaults()
RTL_PARAM_NAMES = CORE_PARAMS.names


def from_float_params(p: SCIzhikevichParams) -> dict[str, int]:
    """The core's raw RTL parameters of the float model's (through :data:`CORE_PARAMS`)."""
    if p.noise_std != 0.0:
        raise ValueError(f"nrn_izhikevich has no membrane noise: noise_std must be 0, got {p.noise_std}")
    return CORE_PARAMS.convert(p)


def params_of_preset(name: str, **overrides: Any) -> dict[str, int]:
    """Raw RTL parameters of one of the classes of Izhikevich 2003 Fig. 2 (``RS`` ... ``RZ``)."""
    return from_float_params(SCIzhikevichNeuron.from_preset(name, **overrides).params)


def step_full(v: int, u: int, i: int, adt: int, b: int, c: int, d: int, dt_shift: int, v_peak: int, v_min: int
              ) -> tuple[int, int, int, int, int, int]:
    """One step on raw integers, line for line :meth:`SCIzhikevichNeuron.kernel` (no noise), in plain integer
    arithmetic (numba compiles this very function for the deep check). Returns (v, u, spike) and the values
    before the bounds, for the corner bins: (v1 before its clamp, v2 before its clamp, u before saturation)."""
    drive = C140 - u + (i << I_SHIFT)
    shift = 1 + dt_shift
    t = ((K04 * v) >> KFRAC) + C5  # first half step: 0.04 v + 5 (the kernel's Horner form)
    v1_raw = v + ((((t * v) >> FRAC) + drive) >> shift)
    v = v_min if v1_raw < v_min else (V_SAT if v1_raw > V_SAT else v1_raw)
    t = ((K04 * v) >> KFRAC) + C5  # second half step, u held
    v2_raw = v + ((((t * v) >> FRAC) + drive) >> shift)
    v = v_min if v2_raw < v_min else (V_SAT if v2_raw > V_SAT else v2_raw)
    u = u + ((adt * (((b * v) >> PFRAC) - u)) >> PFRAC)  # u with the new v
    spike = 0
    if v >= v_peak:
        v = c
        u = u + d
        spike = 1
    u_raw = u
    u = U_MIN if u < U_MIN else (U_MAX if u > U_MAX else u)
    return v, u, spike, v1_raw, v2_raw, u_raw


def kernel_fx(v: int, u: int, i: int, adt: int, b: int, c: int, d: int, dt_shift: int, v_peak: int, v_min: int
              ) -> tuple[int, int, int]:
    """One step: (v, u, spike) of :func:`step_full`."""
    return step_full(v, u, i, adt, b, c, d, dt_shift, v_peak, v_min)[:3]


def check_params(raw: dict[str, int]) -> None:
    """Raise unless the raw parameters fit their formats and the core's ranges (what the RTL checks)."""
    CORE_PARAMS.check_raw(raw)
    if raw["ADt"] == 0:
        raise ValueError("nrn_izhikevich.ADt must be > 0 (a*dt in (0, 1]), got 0")
    if raw["ADt"] > 1 << PFRAC:
        raise ValueError(f"nrn_izhikevich.ADt must be <= {1 << PFRAC} (a*dt <= 1), got {raw['ADt']}")
    if raw["DtShift"] > 3:
        raise ValueError(f"nrn_izhikevich.DtShift must be in [0, 3], got {raw['DtShift']}")
    for k in ("C", "VInit"):
        if not raw["VMin"] <= raw[k] < raw["VPeak"]:
            raise ValueError(f"nrn_izhikevich.{k} must lie in [VMin, VPeak) = [{raw['VMin']}, {raw['VPeak']}), "
                             f"got {raw[k]}")


class IzhikevichUnit:
    """One ``nrn_izhikevich`` core: ``step(current) -> (spike, v, u)``, the registered outputs after the clock
    edge (raw: v Q8.12, u Q12.12); ``current`` is the raw Q10.6 input. ``reset_state()`` is the asynchronous
    reset (v = VInit, u = UInit, no spike)."""

    def __init__(self, params: dict[str, int] | None = None):
        raw = {**RTL_DEFAULTS, **(params or {})}
        raw = {k: int(v) for k, v in raw.items()}
        check_params(raw)
        self.params = raw
        self._k = (raw["ADt"], raw["B"], raw["C"], raw["D"], raw["DtShift"], raw["VPeak"], raw["VMin"])
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> IzhikevichUnit:
        return cls(dict(params))

    def reset_state(self) -> None:
        self.v, self.u, self.spike = self.params["VInit"], self.params["UInit"], 0

    def step(self, current: int) -> tuple[int, int, int]:
        if not isinstance(current, int | np.integer) or not I_FMT.min_raw <= current <= I_FMT.max_raw:
            raise ValueError(f"current must be an integer in [{I_FMT.min_raw}, {I_FMT.max_raw}] (Q10.6), "
                             f"got {current!r}")
        self.v, self.u, self.spike = kernel_fx(self.v, self.u, int(current), *self._k)
        return self.spike, self.v, self.u

    def peek(self, current: int) -> tuple[int, int, int, int, int, int]:
        """:func:`step_full` of ``current`` from the present state, without advancing (for corner bins)."""
        return step_full(self.v, self.u, int(current), *self._k)

    def outputs(self) -> tuple[int, int, int]:
        """The registered outputs now (spike_o, v_o, u_o)."""
        return self.spike, self.v, self.u

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "u": self.u, "spike": self.spike}

    def simulate(self, currents: np.ndarray) -> dict[str, np.ndarray]:
        """Run raw input currents from the present state: arrays of spike, v, u (raw)."""
        out = np.array([self.step(int(i)) for i in currents], dtype=np.int64).reshape(-1, 3)
        return {"spike": out[:, 0], "v": out[:, 1], "u": out[:, 2]}


register_unit(
    "nrn_izhikevich",
    sim="izhikevich",
    model="golden.fixed.izhikevich_unit.IzhikevichUnit",
    rtl="rtl/neuron/nrn_izhikevich.sv",
    description="Izhikevich 2003 (two half steps of v, then u) in Q.12, floor shifts, v and u saturate; "
                "one step per clock",
)


# ---------------------------------------------------------------------------------------------------------
# agreement with the float model


def _stimulus(name: str, dt: float, t_ms: float) -> np.ndarray:
    """The step current of each pattern (what the float model's tests use): I = 10 from t = 0, except TC
    (hyperpolarised, I = -10, until t = 300 ms, then released to 0: the rebound burst)."""
    t = np.arange(int(round(t_ms / dt))) * dt
    if name == "TC":
        return np.where(t < 300.0, -10.0, 0.0)
    return np.full(t.size, 10.0)


def _match(ref: np.ndarray, got: np.ndarray) -> tuple[float, int]:
    """(fraction of ``ref`` spike steps with a ``got`` spike within +-1 step, leading ref spikes so matched)."""
    if ref.size == 0:
        return 1.0, 0
    ok = [bool(got.size) and int(np.min(np.abs(got - t))) <= 1 for t in ref]
    lead = ok.index(False) if False in ok else len(ok)
    return float(np.mean(ok)), lead


def _pattern(times_ms: np.ndarray) -> dict[str, float]:
    isi = np.diff(times_ms)
    return {"rate_hz": float(times_ms.size), "burst_isi_frac": float(np.mean(isi < 8.0)) if isi.size else 0.0}


def float_agreement(t_ms: float = 1000.0, dts: tuple[float, ...] = (1.0, 0.25)) -> dict[str, Any]:
    """Spike-time agreement of the bit-true core with the float :class:`SCIzhikevichNeuron` per firing class
    of Izhikevich 2003 Fig. 2, on the same step current over ``t_ms``, at each dt of ``dts``.

    Per (dt, pattern): float and fixed spike counts, the fraction of float spikes with a fixed spike within
    +-1 step, the number of leading float spikes so matched, and, as the floor set by the model itself, the
    same figures for the float model against ITSELF started 1e-9 mV away (``chaos_*``) and one LSB of the
    core's v (2^-12 mV) away (``lsb_*``): the scheme's overshoot makes spike times sensitive to the last bit
    (at dt = 1 ms most), so no finite precision matches beyond the first spikes. The core diverges about as
    fast as the one-LSB perturbation for FS, LTS, RZ (and IB, RS at dt = 1 ms), faster for CH and RS at 1/4 ms,
    where its floors and the quantised a (0.02 -> 1311/65536) shift the inter-spike interval by a fraction of
    a percent, which adds up over the second. The firing class (spike count, burst structure, first spike) is
    what a format can and must keep, and it does (see tests/test_izhikevich_unit.py)."""
    out: dict[str, Any] = {"t_ms": t_ms, "patterns": {}}
    lines = []
    for dt in dts:
        rows = []
        for name in PRESETS:
            cur = _stimulus(name, dt, t_ms)
            fl = SCIzhikevichNeuron.from_preset(name, dt=dt).simulate(cur.size, input_current=cur)["spike"]
            fl2, fl3 = (SCIzhikevichNeuron.from_preset(name, dt=dt, v_init=-65.0 + eps).simulate(
                cur.size, input_current=cur)["spike"] for eps in (1e-9, V_FMT.lsb))
            unit = IzhikevichUnit(params_of_preset(name, dt=dt))
            fx = unit.simulate(I_FMT.to_raw(cur))["spike"]
            tf, tx, t2, t3 = (np.flatnonzero(s) for s in (fl, fx, fl2, fl3))
            m, lead = _match(tf, tx)
            cm, clead = _match(tf, t2)
            lm, llead = _match(tf, t3)
            pf, px = _pattern(tf * dt), _pattern(tx * dt)
            rec = {"n_float": int(tf.size), "n_fixed": int(tx.size), "count_diff": int(tx.size - tf.size),
                   "matched_pm1": m, "leading_matched": lead, "chaos_n": int(t2.size), "chaos_matched_pm1": cm,
                   "chaos_leading_matched": clead, "lsb_n": int(t3.size), "lsb_matched_pm1": lm,
                   "lsb_leading_matched": llead, "burst_isi_frac_float": pf["burst_isi_frac"],
                   "burst_isi_frac_fixed": px["burst_isi_frac"], "first_spike_ms_float": float(tf[0] * dt)
                   if tf.size else None, "first_spike_ms_fixed": float(tx[0] * dt) if tx.size else None}
            out["patterns"][f"{name}@dt={dt:g}"] = rec
            rows.append(f"{name} {tx.size}/{tf.size} ({m:.0%})")
        lines.append(f"dt={dt:g} ms: " + ", ".join(rows))
    out["summary"] = ("fixed/float spikes in 1 s (float spikes matched +-1 step): " + "; ".join(lines))
    return out
