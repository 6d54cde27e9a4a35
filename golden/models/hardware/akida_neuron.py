"""BrainChip Akida event-based integrate-and-fire neuron with quantized weights and activations."""

from __future__ import annotations

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register

WEIGHT_BITS = (1, 2, 4, 8)
ACT_BITS = (1, 2, 4)


@params_dataclass
class AkidaParams(ParamSet):
    threshold: int = param(100, units="raw", lo=0, hi=(1 << 20) - 1, integer=True,
                           doc="firing threshold (the inverted bias); fires when potential > threshold")
    act_step: int = param(16, units="raw", lo=1, hi=(1 << 20) - 1, integer=True,
                          doc="potential step per activation level (multi-bit activations)")
    act_bits: int = param(4, units="bits", lo=1, hi=4, integer=True, doc="output activation bit width: 1, 2 or 4")
    weight_bits: int = param(4, units="bits", lo=1, hi=8, integer=True, doc="synaptic weight bit width: 1, 2, 4 or 8")
    in_bits: int = param(4, units="bits", lo=1, hi=8, integer=True, doc="input activation bit width (previous layer)")
    fan_in: int = param(256, units="events", lo=1, hi=1 << 16, integer=True,
                        doc="most input events a neuron receives in one step (bounds the weighted sum)")

    def check(self) -> None:
        if self.act_bits not in ACT_BITS:
            raise ValueError(f"act_bits must be one of {ACT_BITS}, got {self.act_bits}")
        if self.weight_bits not in WEIGHT_BITS:
            raise ValueError(f"weight_bits must be one of {WEIGHT_BITS}, got {self.weight_bits}")

    @property
    def max_weight(self) -> int:
        """Largest weight magnitude: 1 for binary weights, else 2^(bits - 1) (signed)."""
        return 1 if self.weight_bits == 1 else 1 << (self.weight_bits - 1)

    @property
    def max_input(self) -> int:
        """Largest |sum of weight x input activation| one step can deliver."""
        return self.fan_in * self.max_weight * ((1 << self.in_bits) - 1)


def akida_activation(potential: int, threshold: int, act_step: int, act_bits: int) -> int:
    """Reference activation of a neuron whose frame potential is ``potential`` (see :class:`AkidaNeuron`)."""
    if potential <= threshold:
        return 0
    return min((1 << act_bits) - 1, (potential - threshold + act_step - 1) // act_step)


@register(
    family="hardware",
    reference="BrainChip Akida: Akida user guide / CNN2SNN documentation (doc.brainchipinc.com, MetaTF, Akida 1.0 "
    "layers, 2019-2023); BrainChip AKD1000 (2022)",
    units="raw integers: weights 1/2/4/8-bit, activations 1/2/4-bit",
    primary="weighted_input",
    sweep=(0, 1024),
)
class AkidaNeuron(Neuron):
    """BrainChip Akida neuron: integer event-based integrate-and-fire with quantized activation (Akida docs, 2022).

    What the Akida documentation (Akida user guide and CNN2SNN guide, doc.brainchipinc.com; AKD1000 released in
    2022) specifies: Akida layers use only integer inputs, weights and outputs; a neuron's potential is the sum
    of the (quantized, 1/2/4/8-bit) weights times the (1/2/4-bit) input activations of the events it receives,
    evaluated over an input sample; the firing threshold is an inverted bias; the output is a ReLU of
    (potential - threshold), quantized to the output activation bit width ("a neuron fires when its potential
    reaches a threshold"; neurons below threshold emit no event). As a stepped model, one step delivers one
    batch of events::

        potential = potential + weighted_input  if frame_open  else weighted_input   # a new frame starts at 0
        if frame_end:                                      # evaluate the frame (the potential is per sample)
            a = 0                                          if potential <= threshold
                min(2^act_bits - 1, ceil((potential - threshold) / act_step))   otherwise
            output a;  frame_open = 0                      # the next step starts a new frame
        else: output 0;  frame_open = 1

    With ``act_bits = 1`` the output is a binary spike (1 iff potential > threshold). ``frame_end`` defaults to
    1, so ``step(x)`` evaluates one event sum per call (the seed's single argument, an integer weighted input);
    pass ``frame_end=0`` to accumulate several event batches into one frame. The output is the activation
    level (``Output kind 'value'``, int 0 .. 2^act_bits - 1; 0 = no event).

    Inputs: ``weighted_input`` integer in [-max_input, max_input] with ``max_input = fan_in * max|w| *
    (2^in_bits - 1)``; a float or out-of-range value is a ValueError. ``frame_end`` 0/1.

    What is our choice, not documented by BrainChip in what we could read: the exact rounding of the
    multi-bit quantizer (here ``ceil``, so any potential above threshold gives at least level 1, consistent
    with "fires when it exceeds the threshold"), the strict ``>``, and that the potential register never
    overflows (the bounded input and the per-frame reset keep it small). The state keeps the potential of the
    last (or current) frame, for inspection. The seed's rank-order "fire once,
    latched until reset" rule (modulation m^rank) described BrainChip's earlier SNAP architecture, not Akida's
    documented CNN-compatible neuron; it is not reproduced.
    """

    Params = AkidaParams
    state_vars = {"potential": int, "frame_open": int}
    inputs = (
        Input("weighted_input", 0, "raw", "sum of weight x input activation of this step's events", integer=True),
        Input("frame_end", 1, "flag", "1: evaluate and reset the potential after this step", integer=True),
    )
    outputs = (Output("activation", "value", np.int64),)

    @staticmethod
    def initial_state(p):
        return {"potential": 0, "frame_open": 0}

    @staticmethod
    def derive(p):
        return {"threshold": p.threshold, "act_step": p.act_step, "a_max": (1 << p.act_bits) - 1}

    @staticmethod
    def input_bounds(p):
        return {"weighted_input": (-p.max_input, p.max_input), "frame_end": (0, 1)}

    @staticmethod
    def kernel(potential, frame_open, weighted_input, frame_end, threshold, act_step, a_max):
        if frame_open == 1:
            potential = potential + weighted_input
        else:
            potential = weighted_input
        if frame_end == 0:
            return potential, 1, 0
        if potential <= threshold:
            return potential, 0, 0
        level = (potential - threshold + act_step - 1) // act_step
        if level > a_max:
            level = a_max
        return potential, 0, level

    def reset(self) -> None:
        """Alias of :meth:`reset_state` (the seed's name)."""
        self.reset_state()
