"""Bit-true model of the ``nrn_spinnaker2`` core: :class:`SpiNNaker2Neuron`'s kernel, one call per clock.

The core computes exactly :class:`~golden.models.hardware.spinnaker2.SpiNNaker2Neuron`'s step (integer LIF,
decay by the integer ratio ``decay_mult / 2^decay_shift`` with an arithmetic shift, i.e. rounding toward minus
infinity; threshold ``v >= v_threshold``; reset to ``v_reset``; refractory counter). This wrapper maps the core
onto the kernel and nothing else: every clock it calls ``SpiNNaker2Neuron.kernel`` with the constants of
``SpiNNaker2Neuron.derive`` (no arithmetic of its own). The model's parameter check bounds the state
(|v| < 2^15 (2 + 1 / (1 - a)) < 2^31), so the 32-bit register never overflows: no wrap and no saturation exists
in the model or the core. The conversion is the identity with range checks (:data:`CORE_PARAMS`).

Float counterpart (:func:`float_agreement`): the same LIF in real arithmetic, ``v = a (v - v_rest) + v_rest + I``
with the exact factor ``a = decay_mult / 2^decay_shift = exp(-1 / tau_steps)`` (no floor): the exact-decay LIF
the integer one approximates (not ``SpiNNakerLIFNeuron``, which is a different platform model: s16.15, input
scaled by R (1 - a)).

Example
-------
>>> n = SpiNNaker2Unit(SpiNNaker2Params(v_threshold=100, decay_mult=128, decay_shift=8, refrac_steps=1))
>>> n.step(60), n.step(60), n.step(60)      # 60; 30 + 60 = 90; 45 + 60 = 105 >= 100: spike, v = 0, 1 step held
((0, 60, 0), (0, 90, 0), (1, 0, 1))
>>> n.step(60), n.step(-7)                  # refractory: v held at 0; then (0 * 128) >> 8 - 7 = -7
((0, 0, 0), (0, -7, 0))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from golden.fixed.convert import CoreParams, Field, integer_format
from golden.models.hardware.spinnaker2 import INPUT_BITS, SpiNNaker2Neuron, SpiNNaker2Params
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "IN_MAX", "IN_MIN", "RTL_DEFAULTS", "RTL_PARAM_NAMES", "SpiNNaker2Params",
           "SpiNNaker2Unit", "consts", "float_agreement", "params_from_rtl"]

IN_MIN, IN_MAX = -(1 << (INPUT_BITS - 1)), (1 << (INPUT_BITS - 1)) - 1
V_BITS = 32

RTL_PARAM_NAMES = {"VRest": "v_rest", "VReset": "v_reset", "VThreshold": "v_threshold", "DecayMult": "decay_mult",
                   "DecayShift": "decay_shift", "RefracSteps": "refrac_steps"}

# Integer platform: the identity with each field's range checked (an error, never a wrap).
CORE_PARAMS = CoreParams("nrn_spinnaker2", (
    Field("VRest", integer_format(16), lambda p: p.v_rest, "resting potential, int16"),
    Field("VReset", integer_format(16), lambda p: p.v_reset, "reset potential, int16"),
    Field("VThreshold", integer_format(16), lambda p: p.v_threshold, "threshold, int16"),
    Field("DecayMult", integer_format(16, False), lambda p: p.decay_mult, "decay numerator m < 2^DecayShift"),
    Field("DecayShift", integer_format(6, False), lambda p: p.decay_shift, "decay denominator exponent, 1..16"),
    Field("RefracSteps", integer_format(8, False), lambda p: p.refrac_steps, "refractory steps, 0..255"),
), defaults_from=SpiNNaker2Params)
RTL_DEFAULTS = CORE_PARAMS.defaults()


def params_from_rtl(params: dict[str, int]) -> SpiNNaker2Params:
    """The model parameters of the core's RTL parameters (missing ones at the RTL default), checked by the
    model's ranges and the core's conversion."""
    full = {**RTL_DEFAULTS, **params}
    unknown = set(full) - set(RTL_PARAM_NAMES)
    if unknown:
        raise ValueError(f"nrn_spinnaker2 has no RTL parameter(s) {sorted(unknown)}; known: {list(RTL_PARAM_NAMES)}")
    p = SpiNNaker2Params(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})
    CORE_PARAMS.convert(p)
    return p


def consts(p: SpiNNaker2Params) -> tuple[int, ...]:
    """``SpiNNaker2Neuron.derive(p)`` in kernel argument order (v_rest, v_reset, v_th, mult, shift, ref_steps)."""
    d = SpiNNaker2Neuron.derive(p)
    return d["v_rest"], d["v_reset"], d["v_th"], d["mult"], d["shift"], d["ref_steps"]


class SpiNNaker2Unit:
    """One ``nrn_spinnaker2`` core: ``step(input_current) -> (spike, v, refractory)``, the registered outputs
    after the clock edge; ``reset_state()`` is the asynchronous reset (v = v_rest, counter 0, no spike)."""

    def __init__(self, params: SpiNNaker2Params | None = None):
        self.params = params if params is not None else SpiNNaker2Params()
        CORE_PARAMS.convert(self.params)
        self.c = consts(self.params)
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> SpiNNaker2Unit:
        return cls(params_from_rtl(params))

    def reset_state(self) -> None:
        st = SpiNNaker2Neuron.initial_state(self.params)
        self.v, self.refractory, self.spike = int(st["v"]), int(st["refractory"]), 0

    def step(self, input_current: int) -> tuple[int, int, int]:
        if isinstance(input_current, bool) or not isinstance(input_current, int | np.integer) or \
                not IN_MIN <= input_current <= IN_MAX:
            raise ValueError(f"input_current must be an integer in [{IN_MIN}, {IN_MAX}], got {input_current!r}")
        self.v, self.refractory, self.spike = SpiNNaker2Neuron.kernel(self.v, self.refractory, int(input_current),
                                                                      *self.c)
        return self.spike, self.v, self.refractory

    def outputs(self) -> tuple[int, int, int]:
        """The registered outputs now (spike_o, v_o, refractory_o)."""
        return self.spike, self.v, self.refractory

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "refractory": self.refractory}


def float_lif_rate(p: SpiNNaker2Params, current: float, steps: int) -> float:
    """Firing rate (spikes/step) of the exact-decay float LIF with constant input: the kernel's recurrence in
    real arithmetic, ``v = a (v - v_rest) + v_rest + I`` with ``a = decay_mult / 2^decay_shift``."""
    a = p.decay_factor
    v, ref, n = float(p.v_rest), 0, 0
    for _ in range(steps):
        if ref > 0:
            ref, v = ref - 1, float(p.v_reset)
            continue
        v = a * (v - p.v_rest) + p.v_rest + current
        if v >= p.v_threshold:
            n, v, ref = n + 1, float(p.v_reset), p.refrac_steps
    return n / steps


def float_agreement(steps: int = 100_000, seed: int = 7, rate_steps: int = 4_000) -> dict[str, Any]:
    """Agreement of the core's model with the golden platform model and with the float LIF.

    * bit-exact: the unit model against the golden model's object API (``SpiNNaker2Neuron.step``, i.e. its
      kernel) on ``steps`` random int16 inputs under random legal parameter sets;
    * f-I: firing rate of the integer model (default parameters) against the exact-decay float LIF over the
      model's sweep of constant inputs 0..512 (the floor of the decay biases v down by 1/2 LSB per step).
    """
    rng = np.random.default_rng(seed)
    mismatch = checked = 0
    per = 5_000
    for _ in range(max(1, steps // per)):
        shift = int(rng.integers(1, 17))
        mult = int(rng.integers(0, (1 << shift) - (1 if shift == 16 else 0)))
        th = int(rng.integers(-1000, 20000))
        p = SpiNNaker2Params(v_rest=int(rng.integers(-2000, 2000)), v_reset=int(rng.integers(-3000, th)),
                             v_threshold=th, decay_mult=mult, decay_shift=shift,
                             refrac_steps=int(rng.integers(0, 6)))
        unit, gold = SpiNNaker2Unit(p), SpiNNaker2Neuron(p)
        scale = int(rng.choice([64, 1024, IN_MAX]))
        for x in rng.integers(max(-scale, IN_MIN), scale + 1, per):
            got = unit.step(int(x))
            s = gold.step(int(x))
            st = gold.get_state()
            mismatch += got != (s, int(st["v"]), int(st["refractory"]))
            checked += 1
    p = SpiNNaker2Params()
    currents = np.arange(0, 513, 16)
    r_int, r_float = [], []
    for i in currents:
        unit = SpiNNaker2Unit(p)
        r_int.append(sum(unit.step(int(i))[0] for _ in range(rate_steps)) / rate_steps)
        r_float.append(float_lif_rate(p, float(i), rate_steps))
    ri, rf = np.array(r_int), np.array(r_float)
    diff = np.abs(ri - rf)
    active = rf > 0
    rel = float(np.max(diff[active] / rf[active])) if active.any() else 0.0
    summary = (f"bit-exact vs SpiNNaker2Neuron.kernel: {mismatch} mismatches / {checked:,} steps; f-I vs the "
               f"exact-decay float LIF (a = 243/256, inputs 0..512): max abs rate difference {float(diff.max()):.4f} "
               f"spikes/step ({rel * 100:.1f}% of the float rate)")
    return {"steps": checked, "mismatches": mismatch, "currents": currents.tolist(), "rate_int": ri.tolist(),
            "rate_float": rf.tolist(), "rate_max_abs_diff": float(diff.max()), "rate_max_rel_diff": rel,
            "summary": summary}


register_unit(
    "nrn_spinnaker2",
    sim="spinnaker2",
    model="golden.fixed.spinnaker2_unit.SpiNNaker2Unit",
    rtl="rtl/neuron/nrn_spinnaker2.sv",
    description="SpiNNaker 2 integer LIF (int32 v, decay decay_mult / 2^decay_shift by arithmetic shift, "
    "refractory counter)",
)
