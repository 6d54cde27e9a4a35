"""Bit-true model of the ``nrn_dendritic`` core: :class:`StochasticDendriticNeuron`'s XOR dendrite in Q8.8.

:class:`~golden.models.core_sc.dendritic.StochasticDendriticNeuron` is a float model (``c = a + b - 2ab``,
fire when ``c > threshold``). The core is its Q8.8 integer version (raw integers of 1/256), with the rounding
of the one product defined explicitly::

    p = (a * b + 128) >> 8          # a*b in Q8.8: round half up (a, b >= 0, so half away from zero)
    c = a + b - 2 * p               # exact, signed 12 bits
    spike = c > Threshold           # strict, signed compare

Inputs ``a``, ``b`` are 9-bit unsigned raw Q8.8, i.e. [0, 511/256]; the model's domain is [0, 1] = [0, 256]
(256 included, so that binary inputs give XOR exactly), and the formula is defined, computed and verified on
the whole 9-bit range (outside [0, 256] c can go negative: down to -1018 at a = b = 511). ``c`` differs from
the float model's ``256 * c`` by at most one LSB (2 x half an LSB of the rounded product).
``Threshold`` in [0, 255] (the model's [0, 1)). The core registers c (the model's ``last_current``) and spike.

Example
-------
>>> n = DendriticUnit(threshold=128)
>>> n.step(256, 0), n.step(256, 256), n.step(128, 128)    # XOR 1, XOR 0, 0.5 + 0.5 - 2 * 0.25 = 0.5
((1, 256), (0, 0), (0, 128))
"""

from __future__ import annotations

from typing import Any

from golden.fixed.convert import CoreParams, Field
from golden.fixed.qformat import QFormat
from golden.models.core_sc.dendritic import StochasticDendriticNeuron, StochasticDendriticParams
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "IN_MAX", "Q88", "RTL_DEFAULTS", "RTL_PARAM_NAMES", "DendriticUnit", "from_float_params",
           "xor_q88"]

Q88 = QFormat(16, 8, True)
RTL_PARAM_NAMES = {"Threshold": "threshold"}
# The core's one parameter from the float model's threshold (Q8.8 raw; [0, 255] is the model's [0, 1)).
CORE_PARAMS = CoreParams("nrn_dendritic", (
    Field("Threshold", QFormat(8, 8, False), lambda p: p.threshold, "somatic threshold, raw Q8.8"),
), defaults_from=StochasticDendriticParams)
RTL_DEFAULTS = CORE_PARAMS.defaults()  # {"Threshold": 128}: 0.5, binary inputs give XOR
IN_MAX = 511  # 9-bit unsigned inputs
ONE = 256


def xor_q88(a: int, b: int) -> int:
    """c = a + b - 2 * round_half_up(a * b / 256) on raw Q8.8 integers."""
    return a + b - 2 * ((a * b + 128) >> 8)


def from_float_params(p: StochasticDendriticParams) -> dict[str, int]:
    """The core's raw threshold of the float model's, through :data:`CORE_PARAMS` (Q8.8, round to nearest; a
    threshold that rounds to 256 does not fit the core's 8-bit parameter and is an error)."""
    return {RTL_PARAM_NAMES[k]: v for k, v in CORE_PARAMS.convert(p).items()}


class DendriticUnit:
    """One ``nrn_dendritic`` core: ``step(a, b) -> (spike, c)``, the registered outputs after the clock edge
    (raw Q8.8); ``reset_state()`` is the asynchronous reset (c = 0, no spike)."""

    def __init__(self, threshold: int = RTL_DEFAULTS["Threshold"]):
        if not isinstance(threshold, int) or not 0 <= threshold <= 255:
            raise ValueError(f"threshold must be an integer in [0, 255], got {threshold!r}")
        self.threshold = threshold
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> DendriticUnit:
        full = {**RTL_DEFAULTS, **params}
        return cls(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})

    def reset_state(self) -> None:
        self.c = int(StochasticDendriticNeuron.initial_state(None)["last_current"])
        self.spike = 0

    def step(self, a: int, b: int) -> tuple[int, int]:
        for name, v in (("a", a), ("b", b)):
            if not isinstance(v, int) or not 0 <= v <= IN_MAX:
                raise ValueError(f"{name} must be an integer in [0, {IN_MAX}], got {v!r}")
        self.c = xor_q88(a, b)
        self.spike = int(self.c > self.threshold)  # the kernel's strict test, on raw integers
        return self.spike, self.c

    def outputs(self) -> tuple[int, int]:
        """The registered outputs now (spike_o, c_o)."""
        return self.spike, self.c

    def get_state(self) -> dict[str, Any]:
        return {"last_current": self.c}


register_unit(
    "nrn_dendritic",
    sim="dendritic",
    model="golden.fixed.dendritic_unit.DendriticUnit",
    rtl="rtl/neuron/nrn_dendritic.sv",
    description="Dendritic soft-XOR c = a + b - 2ab in Q8.8 (product rounded half up), fires when c > Threshold",
)


FORMAT = "UQ1.8 inputs, Q3.8 c (12 bit, exact), product rounded half up"


def float_agreement() -> dict[str, Any]:
    """The core's model against the float ``StochasticDendriticNeuron`` over the whole domain grid a, b in
    {0, 1/256, ..., 1}: the largest |c difference| in LSB and how often the spikes differ (only where the float
    c lies within one LSB of the threshold). ``summary`` is the README line."""
    import numpy as np

    a = np.arange(257)
    aa, bb = np.meshgrid(a, a)
    c_unit = aa + bb - 2 * ((aa * bb + 128) >> 8)
    fa, fb = aa / 256.0, bb / 256.0
    c_float = fa + fb - 2.0 * fa * fb
    thr = RTL_DEFAULTS["Threshold"]
    diff = np.abs(c_unit - 256.0 * c_float)
    spikes_differ = int(np.count_nonzero((c_unit > thr) != (c_float > thr / 256.0)))
    out = {"grid": int(aa.size), "max_c_difference_lsb": float(diff.max()), "spikes_differ": spikes_differ}
    out["summary"] = (f"c within {diff.max():g} LSB of the float model on all {aa.size} grid points; spikes "
                      f"differ at {spikes_differ} (c within 1 LSB of the threshold)")
    return out
