"""Bit-true model of the ``nrn_sigma_delta`` core: :class:`SigmaDeltaNeuron`'s kernel in Q8.8, one call per clock.

:class:`~golden.models.hardware.sigma_delta.SigmaDeltaNeuron` is a float model. The core is its Q8.8 integer
version (:data:`Q88`, raw integers of 1/256), derived from the same equations and nothing else::

    sigma = wrap16(sigma + in)                    # 16-bit two's-complement accumulator (the one wrap)
    act   = sigma + Bias                          # exact (17 bits)
    act   = max(act, 0)           if Relu         # ReLU
    d     = act - ref                             # exact (18 bits)
    if d >= Theta:    event = +1;  ref += Theta
    elif d <= -Theta: event = -1;  ref -= Theta
    else:             event =  0

``ref`` needs no wrap: it only moves towards ``act`` and never past it, so it stays in the range of ``act``
(17 bits). No product, so no rounding: every value is an exact multiple of 2^-8, and as long as ``sigma``
does not wrap the integer model IS the float model on the quantised inputs (the float model tracks the
integer one within the quantisation of its inputs, see tests/test_nrn_small_units.py).

The wrapper wraps ``sigma + in`` and then calls ``SigmaDeltaNeuron.kernel`` with no input (its arithmetic on
integers is exact); it has no arithmetic of its own beyond that wrap.

Example
-------
>>> n = SigmaDeltaUnit(theta=256)                   # theta = 1.0
>>> n.step(300)                                      # sigma = 300 >= 256: +1, ref = 256
(1, 300, 256)
>>> n.step(-300)                                     # sigma = 0, d = -256 <= -256: -1, ref = 0
(-1, 0, 0)
"""

from __future__ import annotations

from typing import Any

from golden.fixed.qformat import QFormat
from golden.models.hardware.sigma_delta import SigmaDeltaNeuron, SigmaDeltaParams
from golden.registry import register_unit

__all__ = ["Q88", "RTL_DEFAULTS", "RTL_PARAM_NAMES", "SigmaDeltaUnit", "from_float_params", "wrap16"]

Q88 = QFormat(16, 8, True)
# RTL parameter -> constructor argument
RTL_PARAM_NAMES = {"Theta": "theta", "Bias": "bias", "Relu": "relu"}
RTL_DEFAULTS = {"Theta": 256, "Bias": 0, "Relu": 0}  # rtl/neuron/nrn_sigma_delta.sv
RANGES = {"theta": (1, 32767), "bias": (-32768, 32767), "relu": (0, 1)}
IN_MIN, IN_MAX = Q88.min_raw, Q88.max_raw


def wrap16(x: int) -> int:
    """Two's-complement wrap to 16 bits."""
    return ((x + 32768) & 0xFFFF) - 32768


def from_float_params(p: SigmaDeltaParams) -> dict[str, int]:
    """The core's raw parameters of the float model's (Q8.8, round to nearest; raises when out of range)."""
    return {"theta": int(Q88.to_raw(p.v_threshold, "v_threshold")), "bias": int(Q88.to_raw(p.bias, "bias")),
            "relu": int(p.relu)}


class SigmaDeltaUnit:
    """One ``nrn_sigma_delta`` core: ``step(in_q88) -> (event, sigma, ref)``, the registered outputs after the
    clock edge (raw Q8.8); ``reset_state()`` is the asynchronous reset (sigma = ref = 0)."""

    def __init__(self, theta: int = RTL_DEFAULTS["Theta"], bias: int = RTL_DEFAULTS["Bias"],
                 relu: int = RTL_DEFAULTS["Relu"]):
        for name, value in (("theta", theta), ("bias", bias), ("relu", relu)):
            lo, hi = RANGES[name]
            if not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
        self.theta, self.bias, self.relu = theta, bias, relu
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> SigmaDeltaUnit:
        full = {**RTL_DEFAULTS, **params}
        return cls(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})

    def reset_state(self) -> None:
        st = SigmaDeltaNeuron.initial_state(None)
        self.sigma, self.ref = int(st["sigma"]), int(st["ref"])

    def step(self, in_q88: int) -> tuple[int, int, int]:
        if not isinstance(in_q88, int) or not IN_MIN <= in_q88 <= IN_MAX:
            raise ValueError(f"in_q88 must be an integer in [{IN_MIN}, {IN_MAX}], got {in_q88!r}")
        sigma, ref, event = SigmaDeltaNeuron.kernel(wrap16(self.sigma + in_q88), self.ref, 0, self.theta,
                                                    self.bias, self.relu)
        self.sigma, self.ref = int(sigma), int(ref)
        return int(event), self.sigma, self.ref

    def get_state(self) -> dict[str, Any]:
        return {"sigma": self.sigma, "ref": self.ref}


register_unit(
    "nrn_sigma_delta",
    sim="sigma_delta",
    model="golden.fixed.sigma_delta_unit.SigmaDeltaUnit",
    rtl="rtl/neuron/nrn_sigma_delta.sv",
    description="Sigma-delta neuron in Q8.8 (16-bit wrapping sigma, ternary events of +-Theta, optional ReLU)",
)


FORMAT = "Q8.8 sigma (wrap) and ref (17 bit), ternary events of +-Theta"


def float_agreement(steps: int = 20_000, seed: int = 3) -> dict[str, Any]:
    """The core's model against the float ``SigmaDeltaNeuron`` (theta 1.0) on the changes of a slow sine plus
    random small changes, all multiples of 1/256 (so the float model sees the same values): events compared
    step by step, and the float model's reconstruction error. ``summary`` is the README line."""
    import numpy as np

    from golden.models.hardware.sigma_delta import SigmaDeltaNeuron

    rng = np.random.default_rng(seed)
    target = np.round(2048 * np.sin(2 * np.pi * np.arange(steps) / 500) + rng.integers(-64, 65, steps))
    delta = np.diff(target, prepend=0).astype(int)
    unit, flt = SigmaDeltaUnit(), SigmaDeltaNeuron(v_threshold=1.0)
    same = 0
    err = []
    for d in delta:
        ev_u = unit.step(int(d))[0]
        ev_f = flt.step(d / 256.0)
        same += int(ev_u == ev_f)
        err.append(abs(unit.ref / 256.0 - flt.get_state()["ref"]))
    out = {"steps": steps, "events_equal": same, "max_ref_difference": float(max(err))}
    out["summary"] = f"events identical to the float model in {same}/{steps} steps (inputs on the Q8.8 grid)"
    return out
