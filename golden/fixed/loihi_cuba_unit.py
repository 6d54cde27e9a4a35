"""Bit-true model of the ``nrn_loihi_cuba`` core: :class:`LoihiCUBANeuron`'s kernel, one call per clock.

The core computes exactly :class:`~golden.models.hardware.loihi_cuba.LoihiCUBANeuron`'s update (same order,
24-bit wrap of u, saturation of v to +-(2^23 - 1), truncation toward zero of the 12-bit decays, strict
threshold ``v > vth << 6``, reset to 0, refractory counter). The platform model takes the decays and the bias
as parameters; the core takes ``du``, ``dv`` and ``bias_mant`` as runtime inputs (so that one core can sweep
every decay, as Loihi's software does through its configuration registers) and ``vth``, ``bias_exp`` and
``refractory`` as RTL parameters (``Vth``, ``BiasExp``, ``Refractory``). This wrapper is that mapping and
nothing else: every cycle it derives the kernel constants with ``LoihiCUBANeuron.derive`` for the cycle's
``du``, ``dv``, ``bias_mant`` and calls ``LoihiCUBANeuron.kernel`` (no arithmetic of its own).

Example
-------
>>> n = LoihiCUBAUnit(LoihiCUBAParams(vth=100, refractory=3))
>>> n.step(du=4095, dv=0, bias_mant=0, a=50)     # u = 50 << 6 = 3200, v = 3200 <= 6400
(0, 3200, 3200)
>>> n.step(du=4095, dv=0, bias_mant=0, a=60)     # v = 3200 + 3840 = 7040 > 6400: spike, v = 0
(1, 3840, 0)
"""

from __future__ import annotations

from dataclasses import asdict
from types import SimpleNamespace
from typing import Any

from golden.models.hardware.loihi_cuba import UV_BITS, LoihiCUBANeuron, LoihiCUBAParams
from golden.registry import register_unit

__all__ = ["RTL_PARAM_NAMES", "LoihiCUBAUnit", "LoihiCUBAParams", "consts", "raw_sums", "params_from_rtl"]

# RTL parameter -> LoihiCUBAParams field
RTL_PARAM_NAMES = {"Vth": "vth", "BiasExp": "bias_exp", "Refractory": "refractory"}
# the core's defaults (rtl/neuron/nrn_loihi_cuba.sv); refractory 3 instead of the model's 1 (no hold)
RTL_DEFAULTS = {"Vth": 1000, "BiasExp": 6, "Refractory": 3}

BIG = 1 << 60  # a "no wrap / no saturation / never fires" constant for the kernel
INPUT_BITS = {"du": 12, "dv": 12, "bias_mant": 13, "a": 16}


def params_from_rtl(params: dict[str, int]) -> LoihiCUBAParams:
    """The model parameters of the core's RTL parameters (missing ones at the RTL default)."""
    full = {**RTL_DEFAULTS, **params}
    return LoihiCUBAParams(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items()})


def consts(p: LoihiCUBAParams, du: int, dv: int, bias_mant: int) -> tuple[int, ...]:
    """``LoihiCUBANeuron.derive`` for ``p`` with this cycle's ``du``, ``dv``, ``bias_mant``, in kernel
    argument order (keep_u, keep_v, bias, vth_eff, ref_load, half, mask, vmax)."""
    d = LoihiCUBANeuron.derive(SimpleNamespace(**{**asdict(p), "du": du, "dv": dv, "bias_mant": bias_mant}))
    return (d["keep_u"], d["keep_v"], d["bias"], d["vth_eff"], d["ref_load"], d["half"], d["mask"], d["vmax"])


def raw_sums(u: int, v: int, a: int, c: tuple[int, ...]) -> tuple[int, int, int]:
    """The core's intermediate values for state (u, v), input ``a`` and constants ``c`` (from :func:`consts`),
    from the kernel with its limits lifted: (u before the 24-bit wrap, v before saturation, v after
    saturation; both v with the wrapped u, before the threshold and refractory tests)."""
    keep_u, keep_v, bias, _, ref_load, half, mask, vmax = c
    u_raw = LoihiCUBANeuron.kernel(u, v, 0, a, keep_u, keep_v, bias, BIG, ref_load, BIG, 2 * BIG - 1, BIG)[0]
    v_unsat = LoihiCUBANeuron.kernel(u, v, 0, a, keep_u, keep_v, bias, BIG, ref_load, half, mask, BIG)[1]
    v_sat = LoihiCUBANeuron.kernel(u, v, 0, a, keep_u, keep_v, bias, BIG, ref_load, half, mask, vmax)[1]
    return u_raw, v_unsat, v_sat


class LoihiCUBAUnit:
    """One ``nrn_loihi_cuba`` core: ``step(du, dv, bias_mant, a) -> (spike, u, v)``, the registered outputs
    after the clock edge; ``reset_state()`` is the asynchronous reset (u = v = 0, counter 0)."""

    UV_BITS = UV_BITS

    def __init__(self, params: LoihiCUBAParams | None = None):
        self.params = params if params is not None else params_from_rtl({})
        self.reset_state()

    def reset_state(self) -> None:
        st = LoihiCUBANeuron.initial_state(self.params)
        self.u, self.v, self.refractory_count = st["u"], st["v"], st["refractory_count"]

    def step(self, du: int, dv: int, bias_mant: int, a: int) -> tuple[int, int, int]:
        for name, value in (("du", du), ("dv", dv), ("bias_mant", bias_mant), ("a", a)):
            bits = INPUT_BITS[name]
            lo, hi = (0, (1 << bits) - 1) if name in ("du", "dv") else (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
            if not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
        self.u, self.v, self.refractory_count, spike = LoihiCUBANeuron.kernel(
            self.u, self.v, self.refractory_count, a, *consts(self.params, du, dv, bias_mant))
        return spike, self.u, self.v

    def get_state(self) -> dict[str, Any]:
        return {"u": self.u, "v": self.v, "refractory_count": self.refractory_count}


register_unit(
    "nrn_loihi_cuba",
    sim="loihi_cuba",
    model="golden.fixed.loihi_cuba_unit.LoihiCUBAUnit",
    rtl="rtl/neuron/nrn_loihi_cuba.sv",
    description="Loihi CUBA LIF compartment (24-bit u wraps, v saturates, 12-bit decays as runtime inputs)",
)


FORMAT = "24-bit u (wrap) and v (saturate), 12-bit decays x*(4096-d)>>12, input and threshold << 6"


def float_agreement() -> dict[str, Any]:
    """No float model: the core is platform-exact, its unit model calls ``LoihiCUBANeuron.kernel``."""
    return {"summary": "platform-exact: the unit model calls LoihiCUBANeuron.kernel (no float counterpart)"}
