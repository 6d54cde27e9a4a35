"""Intel Loihi (first generation) current-based LIF compartment, bit-accurate integer model."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

UV_BITS = 24  # u and v registers
DECAY_BITS = 12  # du, dv are 12-bit; a decay multiplies by (4096 - d) and shifts right by 12
ACT_SHIFT = 6  # synaptic input and threshold are MSB-aligned by 6 bits
VTH_SHIFT = 6


@params_dataclass
class LoihiCUBAParams(ParamSet):
    du: int = param(819, units="1/4096 per step", lo=0, hi=4095, integer=True,
                    doc="current decay: u keeps (4096 - (du + 1)) / 4096 per step (ds_offset = 1); 819 ~ tau_u 5")
    dv: int = param(410, units="1/4096 per step", lo=0, hi=4095, integer=True,
                    doc="voltage decay: v keeps (4096 - dv) / 4096 per step; 410 ~ tau_v 10 steps")
    vth: int = param(1000, units="threshold mantissa (x 2^6)", lo=0, hi=131071, integer=True,
                     doc="unsigned 17-bit threshold mantissa; fires when v > vth << 6")
    bias_mant: int = param(0, units="bias mantissa", lo=-4096, hi=4095, integer=True,
                           doc="signed 13-bit bias mantissa; bias = bias_mant << bias_exp is added to v every step")
    bias_exp: int = param(6, units="bits", lo=0, hi=7, integer=True,
                          doc="3-bit bias exponent (6 puts bias_mant in the units of weights and vth)")
    refractory: int = param(1, units="steps", lo=1, hi=64, integer=True,
                            doc="refractory delay: v is held at 0 for refractory - 1 steps after a spike")


@register(
    family="hardware",
    reference="Davies et al. 2018, IEEE Micro 38(1):82 (Loihi); fixed-point update as in Lava's bit-accurate "
    "LIF model (lava-nc, PyLifModelBitAcc) and the nengo-loihi emulator",
    units="raw integers: u, v 24-bit; input = synaptic weight sum (int16); decays in 1/4096",
    primary="weighted_input",
    sweep=(0, 4096),
)
class LoihiCUBANeuron(Neuron):
    """Loihi CUBA LIF compartment (Davies et al. 2018, IEEE Micro 38:82), bit-accurate integer update.

    One time step, in this order (all values Python ints, as in Lava's ``PyLifModelBitAcc``)::

        u  = wrap24( trunc0(u * (4096 - (du + 1)) / 2^12)  +  (weighted_input << 6) )    # current first
        v  = sat24(  trunc0(v * (4096 - dv) / 2^12)  +  u  +  (bias_mant << bias_exp) )  # then voltage
        if refractory_count > 0:   v = 0;  refractory_count -= 1;  no spike
        elif v > (vth << 6):       spike;  v = 0;  refractory_count = refractory - 1
        output: spike (0/1)

    * ``trunc0(x / 2^12) = sign(x) * (|x| >> 12)``: the product is shifted as a sign-magnitude number, i.e. it is
      TRUNCATED TOWARD ZERO, not floored. This is what Lava's bit-accurate model and nengo-loihi's emulator
      (``decay_int``, validated against the chip) both do. Consequence: a negative u or v decays to exactly 0
      like a positive one does (an arithmetic shift, i.e. floor, would leave a negative value stuck at -1 and
      bias every decay by -1/2 LSB on average).
    * ``wrap24``: u is a 24-bit two's-complement register that WRAPS on overflow, to [-2^23, 2^23 - 1].
      (Lava writes the wrap with two comparisons whose edge cases keep +2^23 and map -2^23 to +2^23; here the
      true two's-complement wrap of a 24-bit register is used; the two differ only at those two values.)
    * ``sat24``: v SATURATES at +-(2^23 - 1) (Lava's ``np.clip`` limits).
    * The spike test is strict (``v > vth << 6``) and the reset is to 0, as in Lava. ``ds_offset = 1`` (u) and
      ``dm_offset = 0`` (v) are the 1-bit offsets of Loihi 1 that let du = 4095 mean a full decay.
    * Refractory delay as in nengo-loihi's emulator: the spike loads the counter with ``refractory`` and every
      step decrements it, so ``refractory = 1`` (the minimum) has no hold and ``refractory = r`` holds v at 0 for
      ``r - 1`` steps; u keeps integrating meanwhile. Lava's ``PyLifModelBitAcc`` has no refractory period.

    Parameters (Loihi's units): ``du``, ``dv`` in [0, 4095] (12-bit; tau ~ 4096/d steps), ``vth`` in
    [0, 131071] (17-bit mantissa), ``bias_mant`` in [-4096, 4095] (13-bit), ``bias_exp`` in [0, 7],
    ``refractory`` in [1, 64] steps. Input: ``weighted_input``, the sum of the synaptic weights arriving this
    step, an integer in [-2^15, 2^15 - 1] (Lava's 16-bit ``a_in``); a float or out-of-range value is a
    ValueError. The seed's ``step(weighted_input) -> int`` keeps that meaning.

    Differences from the chip: no axonal/dendritic delays, no noise, no multi-compartment joins, no learning
    (as in Lava's bit-accurate model); the seed's divisive update (``u -= u // tau``) is replaced by Loihi's
    published 12-bit multiplicative decay.
    """

    Params = LoihiCUBAParams
    state_vars = {"u": int, "v": int, "refractory_count": int}
    inputs = (Input("weighted_input", 0, "weight units (int16)", "sum of synaptic weights this step", integer=True),)

    @staticmethod
    def initial_state(p):
        return {"u": 0, "v": 0, "refractory_count": 0}

    @staticmethod
    def derive(p):
        return {
            "keep_u": (1 << DECAY_BITS) - (p.du + 1),
            "keep_v": (1 << DECAY_BITS) - p.dv,
            "bias": p.bias_mant << p.bias_exp,
            "vth_eff": p.vth << VTH_SHIFT,
            "ref_load": p.refractory - 1,
            "half": 1 << (UV_BITS - 1),
            "mask": (1 << UV_BITS) - 1,
            "vmax": (1 << (UV_BITS - 1)) - 1,
        }

    @staticmethod
    def input_bounds(p):
        return {"weighted_input": (-(1 << 15), (1 << 15) - 1)}

    @staticmethod
    def kernel(u, v, refractory_count, weighted_input, keep_u, keep_v, bias, vth_eff, ref_load, half, mask, vmax):
        x = u * keep_u
        if x < 0:
            x = -((-x) >> 12)
        else:
            x = x >> 12
        u = ((x + (weighted_input << 6) + half) & mask) - half
        y = v * keep_v
        if y < 0:
            y = -((-y) >> 12)
        else:
            y = y >> 12
        v = y + u + bias
        if v > vmax:
            v = vmax
        elif v < -vmax:
            v = -vmax
        if refractory_count > 0:
            return u, 0, refractory_count - 1, 0
        if v > vth_eff:
            return u, 0, ref_load, 1
        return u, v, refractory_count, 0

    def reset(self) -> None:
        """Alias of :meth:`reset_state` (the seed's name)."""
        self.reset_state()
