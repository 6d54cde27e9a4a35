"""SpiNNaker (sPyNNaker) current-based LIF neuron in s16.15 fixed point."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

FRAC = 15  # s16.15 ("accum"): 1 sign, 16 integer, 15 fraction bits
ONE = 1 << FRAC
INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
ACCUM_MAX = INT32_MAX / ONE  # largest representable real value, ~65536


def to_accum(x: float) -> int:
    """Real value -> raw s16.15, rounded to nearest (ties toward +infinity: ``floor(x * 2^15 + 1/2)``)."""
    return int(math.floor(x * ONE + 0.5))


def accum_mul(a: int, b: int) -> int:
    """sPyNNaker's ``MULT_ROUND_NEAREST_ACCUM`` on raw s16.15 values: 64-bit product, + 2^14, >> 15, saturate."""
    r = (a * b + (1 << (FRAC - 1))) >> FRAC
    return min(max(r, INT32_MIN), INT32_MAX)


def wrap32(x: int) -> int:
    """Two's-complement wrap to 32 bits (a non-saturating ``accum`` addition)."""
    return ((x + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


@params_dataclass
class SpiNNakerLIFParams(ParamSet):
    v_rest: float = param(-65.0, units="mV", doc="resting potential")
    v_reset: float = param(-65.0, units="mV", doc="potential after a spike")
    v_thresh: float = param(-50.0, units="mV", doc="threshold: fires when V >= v_thresh")
    tau_m: float = positive(20.0, units="ms", doc="membrane time constant")
    cm: float = positive(1.0, units="nF", doc="membrane capacitance (R = tau_m / cm in MOhm)")
    i_offset: float = param(0.0, units="nA", doc="constant offset current")
    tau_refrac: float = param(0.1, units="ms", lo=0.0, doc="refractory period (ceil(tau_refrac / dt) steps)")
    dt: float = positive(1.0, units="ms", doc="machine time step")

    def check(self) -> None:
        for name in ("v_rest", "v_reset", "v_thresh", "i_offset"):
            x = getattr(self, name)
            if not -ACCUM_MAX - 1 <= x <= ACCUM_MAX:
                raise ValueError(f"{name} must fit s16.15 (|x| < 65536), got {x}")
        if self.tau_m / self.cm > ACCUM_MAX:
            raise ValueError(f"tau_m / cm (R in MOhm) must fit s16.15, got tau_m={self.tau_m}, cm={self.cm}")
        if self.v_reset >= self.v_thresh:
            raise ValueError(f"v_reset must be < v_thresh, got v_reset={self.v_reset} >= v_thresh={self.v_thresh}")
        if to_accum(math.exp(-self.dt / self.tau_m)) == 0:
            raise ValueError(f"dt / tau_m = {self.dt / self.tau_m:g} makes exp(-dt/tau_m) round to 0 in s16.15 "
                             f"(dt={self.dt}, tau_m={self.tau_m})")


@register(
    family="hardware",
    reference="Furber et al. 2014, Proc. IEEE 102:652 (SpiNNaker); sPyNNaker's IF_curr LIF "
    "(Rhodes et al. 2018, Front. Neurosci. 12:816)",
    units="mV, nA, nF, ms; state in s16.15 raw integers",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class SpiNNakerLIFNeuron(Neuron):
    """SpiNNaker LIF neuron as run by sPyNNaker (Furber et al. 2014, Proc. IEEE 102:652), s16.15 fixed point.

    SpiNNaker's ARM968 cores have no floating point; sPyNNaker keeps the LIF state in ``accum`` (s16.15: 32-bit
    two's complement, 15 fraction bits) and integrates the membrane exactly for a piecewise-constant input with
    the precomputed decay factor ``exp_TC = exp(-dt / tau_m)``. One machine time step (raw integers)::

        if refract_timer > 0:  refract_timer -= 1                       # V stays at v_reset
        else:
            I      = q(input_current) + q(i_offset)                     # nA, accum addition (wraps)
            alpha  = mul(I, R) + v_rest                                 # R = tau_m / cm  (MOhm)
            V      = alpha - mul(exp_TC, alpha - V)                     # closed-form exponential decay
        if V >= v_thresh:  spike;  V = v_reset;  refract_timer = ceil(tau_refrac / dt)

    * ``q(x)``: a real value converted to s16.15 by rounding to nearest (the input current, which reaches the
      neuron as an accum from the synaptic buffers, is taken here as a float in nA and converted the same way;
      values beyond the accum range saturate).
    * ``mul(a, b)``: sPyNNaker's ``MULT_ROUND_NEAREST_ACCUM`` for two accums: the exact 64-bit product, plus
      2^14, arithmetically shifted right by 15 (round to nearest, ties toward +infinity), saturated to 32 bits.
    * additions and subtractions are plain ``accum`` arithmetic: 32-bit two's-complement WRAP.
    * ``exp_TC`` and ``R`` are computed in double precision and rounded to the nearest s16.15 value (recent
      sPyNNaker computes them on the core with ``expk``/``kdivk``, which may differ by one LSB).

    Parameters (PyNN ``IF_curr_exp`` names and defaults): ``v_rest`` -65, ``v_reset`` -65, ``v_thresh`` -50 mV,
    ``tau_m`` 20 ms, ``cm`` 1 nF, ``i_offset`` 0 nA, ``tau_refrac`` 0.1 ms, ``dt`` 1 ms. Input
    ``input_current`` in nA (the seed's ``step(current)``); output spike 0/1. State: ``v`` and ``refract_timer``
    as raw integers (``v / 2**15`` is millivolts; :meth:`v_mV`).

    Differences: synaptic current dynamics (the exponential ``curr_exp`` synapse) are outside the neuron: the
    input is the summed current of the step. The rounding of ``exp_TC``/``R`` is stated above.
    """

    Params = SpiNNakerLIFParams
    state_vars = {"v": int, "refract_timer": int}
    inputs = (Input("input_current", 0.0, "nA", "total input current of this time step"),)

    @staticmethod
    def initial_state(p):
        return {"v": to_accum(p.v_rest), "refract_timer": 0}

    @staticmethod
    def derive(p):
        return {
            "r_m": to_accum(p.tau_m / p.cm),
            "v_rest": to_accum(p.v_rest),
            "exp_tc": to_accum(math.exp(-p.dt / p.tau_m)),
            "v_reset": to_accum(p.v_reset),
            "v_th": to_accum(p.v_thresh),
            "t_ref": math.ceil(p.tau_refrac / p.dt - 1e-9),
            "i_off": to_accum(p.i_offset),
        }

    @staticmethod
    def kernel(v, refract_timer, input_current, r_m, v_rest, exp_tc, v_reset, v_th, t_ref, i_off):
        if refract_timer > 0:
            return v, refract_timer - 1, 0
        x = input_current * 32768.0 + 0.5
        if x >= 2147483647.0:
            i_raw = 2147483647
        elif x <= -2147483648.0:
            i_raw = -2147483648
        else:
            i_raw = int(math.floor(x))
        tot = ((i_raw + i_off + 2147483648) & 4294967295) - 2147483648
        a = (tot * r_m + 16384) >> 15
        if a > 2147483647:
            a = 2147483647
        elif a < -2147483648:
            a = -2147483648
        alpha = ((a + v_rest + 2147483648) & 4294967295) - 2147483648
        d = ((alpha - v + 2147483648) & 4294967295) - 2147483648
        m = (exp_tc * d + 16384) >> 15
        if m > 2147483647:
            m = 2147483647
        elif m < -2147483648:
            m = -2147483648
        v = ((alpha - m + 2147483648) & 4294967295) - 2147483648
        if v >= v_th:
            return v_reset, t_ref, 1
        return v, refract_timer, 0

    def v_mV(self) -> float:
        """The membrane potential in millivolts."""
        return self.v / ONE
