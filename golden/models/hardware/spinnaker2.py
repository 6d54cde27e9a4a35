"""Integer LIF for a SpiNNaker 2 processing element, with an explicit integer-ratio decay."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

INPUT_BITS = 16


def decay_for_tau(tau_steps: float, decay_shift: int = 8) -> int:
    """The multiplier ``m`` with ``m / 2^decay_shift`` nearest to ``exp(-1 / tau_steps)``."""
    if not (tau_steps > 0 and math.isfinite(tau_steps)):
        raise ValueError(f"tau_steps must be finite and > 0, got {tau_steps!r}")
    return int(round(math.exp(-1.0 / tau_steps) * (1 << decay_shift)))


@params_dataclass
class SpiNNaker2Params(ParamSet):
    v_rest: int = param(0, units="raw", lo=-(1 << 15), hi=(1 << 15) - 1, integer=True, doc="resting potential")
    v_reset: int = param(0, units="raw", lo=-(1 << 15), hi=(1 << 15) - 1, integer=True, doc="potential after a spike")
    v_threshold: int = param(1024, units="raw", lo=-(1 << 15), hi=(1 << 15) - 1, integer=True,
                             doc="fires when v >= v_threshold")
    decay_mult: int = param(243, units="1/2^decay_shift", lo=0, integer=True,
                            doc="decay numerator m; per step (v - v_rest) *= m / 2^decay_shift")
    decay_shift: int = param(8, units="bits", lo=1, hi=16, integer=True, doc="decay denominator exponent")
    refrac_steps: int = param(2, units="steps", lo=0, hi=255, integer=True,
                              doc="steps clamped at v_reset after a spike")

    def check(self) -> None:
        if self.decay_mult >= 1 << self.decay_shift:
            raise ValueError(f"decay_mult must be < 2^decay_shift = {1 << self.decay_shift} (a decay factor < 1), "
                             f"got decay_mult={self.decay_mult}")
        gain = (1 << self.decay_shift) / ((1 << self.decay_shift) - self.decay_mult)  # 1 / (1 - decay)
        if (1 << 15) * (2 + gain) >= 1 << 31:
            raise ValueError(f"decay_mult={self.decay_mult} with decay_shift={self.decay_shift} is so close to 1 that "
                             f"the int32 state could overflow with int16 inputs")
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= {self.v_threshold}")

    @property
    def decay_factor(self) -> float:
        return self.decay_mult / (1 << self.decay_shift)

    @property
    def tau_steps(self) -> float:
        """The time constant the integer ratio implies, ``-1 / ln(m / 2^shift)`` steps (0 for m = 0)."""
        return -1.0 / math.log(self.decay_factor) if self.decay_mult > 0 else 0.0


@register(
    family="hardware",
    reference="Mayr, Hoeppner & Furber 2019, arXiv:1911.02385 (SpiNNaker 2: a 10 million core processor "
    "system for brain simulation and machine learning); integer LIF of the seed library",
    units="raw integers (int32 state, int16 input); one step = one time step",
    primary="input_current",
    sweep=(0, 512),
)
class SpiNNaker2Neuron(Neuron):
    """Integer LIF on a SpiNNaker 2 processing element (platform: Mayr, Hoeppner & Furber 2019, arXiv:1911.02385).

    SpiNNaker 2's processing elements are ARM Cortex-M4F cores (with exp/log and MAC accelerators) that run
    neuron models in software; the paper publishes no particular integer LIF. This is the seed library's integer
    LIF written out with an explicit integer-ratio decay, one step::

        if refractory > 0:   refractory -= 1;  v = v_reset;  no spike
        else:
            v = (((v - v_rest) * decay_mult) >> decay_shift) + v_rest + input_current
            if v >= v_threshold:  spike;  v = v_reset;  refractory = refrac_steps

    ``>>`` is an arithmetic shift (ARM ``ASR``): the decay rounds toward minus infinity, so a deviation of -1
    below ``v_rest`` is a fixed point (``-m >> shift = -1``) and every decay is biased by -1/2 LSB on average;
    positive deviations decay to 0.

    The decay is the integer ratio ``decay_mult / 2^decay_shift``. The default 243/256 = 0.94921875 implies
    ``tau = -1 / ln(243/256) = 19.19`` steps (``exp(-1/19.19)``); the seed's comment that it approximates
    ``exp(-1/10)`` was wrong (``exp(-1/10) * 256 = 231.6``, i.e. ``decay_mult = 232``, see
    :func:`decay_for_tau`). ``tau_steps`` on the parameters gives the implied time constant.

    Parameters (raw int): ``v_rest`` 0, ``v_reset`` 0, ``v_threshold`` 1024 (int16), ``decay_mult`` 243
    (0 <= m < 2^shift), ``decay_shift`` 8 (1..16), ``refrac_steps`` 2 (0..255). Input ``input_current``: int16
    (the seed's ``step(current: int)``); a float or out-of-range value is a ValueError. Output spike 0/1.
    With 16-bit inputs and a decay factor a < 1 the state stays within |v| < 2^15 (2 + 1/(1 - a)); parameters
    for which that bound reaches 2^31 are rejected, so the 32-bit state of the core can never overflow (no wrap
    or saturation is modelled because none can occur).
    """

    Params = SpiNNaker2Params
    state_vars = {"v": int, "refractory": int}
    inputs = (Input("input_current", 0, "raw int16", "input added to v this step", integer=True),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        return {"v_rest": p.v_rest, "v_reset": p.v_reset, "v_th": p.v_threshold, "mult": p.decay_mult,
                "shift": p.decay_shift, "ref_steps": p.refrac_steps}

    @staticmethod
    def input_bounds(p):
        return {"input_current": (-(1 << (INPUT_BITS - 1)), (1 << (INPUT_BITS - 1)) - 1)}

    @staticmethod
    def kernel(v, refractory, input_current, v_rest, v_reset, v_th, mult, shift, ref_steps):
        if refractory > 0:
            return v_reset, refractory - 1, 0
        v = (((v - v_rest) * mult) >> shift) + v_rest + input_current
        if v >= v_th:
            return v_reset, ref_steps, 1
        return v, refractory, 0

    def reset(self) -> None:
        """Alias of :meth:`reset_state` (the seed's name)."""
        self.reset_state()
