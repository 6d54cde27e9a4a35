"""Integer quadratic integrate-and-fire neuron, IQIF (Wu et al. 2021; the seed's ``IntegerQIFNeuron``)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class IntegerQIFParams(ParamSet):
    width: int = param(8, units="bits", lo=2, hi=24, integer=True,
                       doc="membrane word width W: V is an unsigned W-bit integer in [v_min, v_max]")
    v_rest: int = param(62, units="LSB", lo=0, hi=(1 << 24) - 1, integer=True, doc="stable resting potential")
    v_threshold: int = param(75, units="LSB", lo=0, hi=(1 << 24) - 1, integer=True,
                             doc="unstable fixed point (the QIF threshold)")
    v_reset: int = param(68, units="LSB", lo=0, hi=(1 << 24) - 1, integer=True, doc="potential after a spike")
    v_max: int = param(255, units="LSB", lo=1, hi=(1 << 24) - 1, integer=True,
                       doc="spike when V exceeds it (<= 2^W - 1)")
    v_min: int = param(0, units="LSB", lo=0, hi=(1 << 24) - 1, integer=True, doc="lower clamp of V")
    a: int = param(4, units="2^-shift", lo=0, hi=255, integer=True,
                   doc="slope below the knee (restoring force), numerator over 2^shift")
    b: int = param(1, units="2^-shift", lo=0, hi=255, integer=True,
                   doc="slope above the knee (regenerative force), numerator over 2^shift")
    shift: int = param(3, units="bits", lo=0, hi=16, integer=True, doc="fraction bits of the slopes a, b")

    def check(self) -> None:
        if self.a + self.b == 0:
            raise ValueError(f"a and b must not both be 0, got a={self.a}, b={self.b}")
        if self.v_max > (1 << self.width) - 1:
            raise ValueError(f"v_max must fit the W={self.width}-bit word (<= {(1 << self.width) - 1}), "
                             f"got v_max={self.v_max}")
        if not self.v_min < self.v_rest < self.v_threshold < self.v_max:
            raise ValueError(f"need v_min < v_rest < v_threshold < v_max, got v_min={self.v_min}, "
                             f"v_rest={self.v_rest}, v_threshold={self.v_threshold}, v_max={self.v_max}")
        if not self.v_min <= self.v_reset <= self.v_max:
            raise ValueError(f"v_reset must lie in [v_min, v_max] = [{self.v_min}, {self.v_max}], "
                             f"got v_reset={self.v_reset}")


def knee(p: IntegerQIFParams) -> int:
    """Where the two linear branches cross: floor((a v_rest + b v_threshold) / (a + b))."""
    return (p.a * p.v_rest + p.b * p.v_threshold) // (p.a + p.b)


@register(
    family="integrate-and-fire",
    reference="Wu, Yeh, White et al. 2021, IEEE AICAS 2021 (doi:10.1109/AICAS51828.2021.9458572), IQIF",
    units="integer LSB per tick",
    primary="input_current",
    sweep=(0, 64),
)
class IntegerQIFNeuron(Neuron):
    """Integer quadratic integrate-and-fire neuron (IQIF): a quantised, piecewise-linear QIF on integers.

    Model (Wu, Yeh, White et al. 2021, "Integer Quadratic Integrate-and-Fire (IQIF): A Neuron Model for
    Digital Neuromorphic Systems", IEEE AICAS 2021): the quadratic term of the QIF, ``(V - V_rest)(V - V_th)``,
    is replaced by two lines that cross at the knee ``V_k``, so that V_rest stays a stable and V_th an
    unstable fixed point, and everything is computed on integers. One step (one tick)::

        V_k = floor((a V_rest + b V_th) / (a + b))                    (constant)
        f   = (a (V_rest - V)) >> shift    if V < V_k                 (restoring, toward V_rest)
              (b (V - V_th)) >> shift      otherwise                  (regenerative, away from V_th)
        V'  = V + f + I
        V' > V_max  ->  spike, V <- V_reset;   otherwise V <- max(V', V_min)

    ``>>`` is an arithmetic (floor) shift, so the slopes are ``a/2^shift`` and ``b/2^shift``; the floor makes
    the force exactly 0 for ``V_th <= V < V_th + 2^shift/b`` (a band of fixed points above V_th: the runaway
    starts at its top) and at least -1 just below V_th. Widths: V is an
    unsigned ``width``-bit integer (V_max <= 2^W - 1); the input is a signed (W+1)-bit integer in
    [-2^W, 2^W - 1] (an error outside); the products ``a (V_rest - V)`` and ``b (V - V_th)`` need W + 9
    signed bits and ``V + f + I`` at most W + 10, so a 32-bit datapath suffices for W <= 22. Exact integer
    arithmetic: the state is kept as Python ints in the object API and int64 in the compiled forms (bitwise
    equal).

    Attribution: the seed named the model "Lo et al. 2021" in code and "Wu et al. 2021" in its docs; the
    AICAS 2021 paper's first author is Wu (with Yeh, White, ...); the public implementation is Yeh's
    ``iq-neuron``. The integer slopes as numerators over ``2^shift`` (the earliest public code divided by 10;
    later versions shift) and the hard reset of the original code are used here.

    Parameters (integers, default): ``width`` [2, 24] (8), ``v_rest`` (62), ``v_threshold`` (75),
    ``v_reset`` (68), ``v_max`` (255), ``v_min`` (0), ``a`` [0, 255] (4), ``b`` [0, 255] (1), ``shift``
    [0, 16] (3), i.e. slopes 1/2 and 1/8: the class-1 example neuron of the public iq-neuron code. Input:
    ``step(input_current)`` (int). Output: ``spike`` 0/1.

    Documented behaviour (the QIF's, which the paper says IQIF retains): without input V relaxes to V_rest
    from below V_th and runs away to a spike from above it (threshold at the unstable fixed point); a constant
    input fires repetitively only above the rheobase, with a rate that starts low (class 1 excitability).
    """

    Params = IntegerQIFParams
    state_vars = {"v": int}
    inputs = (Input("input_current", 0, "LSB", "input current I (signed integer)", integer=True),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest}

    @staticmethod
    def input_bounds(p):
        return {"input_current": (-(1 << p.width), (1 << p.width) - 1)}

    @staticmethod
    def derive(p):
        return {"v_rest": p.v_rest, "v_thr": p.v_threshold, "v_knee": knee(p), "v_reset": p.v_reset,
                "v_max": p.v_max, "v_min": p.v_min, "a": p.a, "b": p.b, "shift": p.shift}

    @staticmethod
    def kernel(v, input_current, v_rest, v_thr, v_knee, v_reset, v_max, v_min, a, b, shift):
        if v < v_knee:
            f = (a * (v_rest - v)) >> shift
        else:
            f = (b * (v - v_thr)) >> shift
        v = v + f + input_current
        if v > v_max:
            return v_reset, 1
        if v < v_min:
            return v_min, 0
        return v, 0
