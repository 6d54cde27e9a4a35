"""Intel Loihi 2 resonate-and-fire neuron with graded (integer-payload) spikes, fixed-point model."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register

STATE_BITS = 24  # Loihi 2 neuron state words
COEF_FRAC = 15  # the rotation coefficients are Q1.15


@params_dataclass
class Loihi2Params(ParamSet):
    freq: float = param(300.0, units="Hz", lo=0.0, lo_open=True, doc="resonance frequency f (0 < f <= 1/(2 dt))")
    decay_tau: float = positive(0.1, units="s", doc="decay time constant of the oscillation amplitude")
    dt: float = positive(0.001, units="s", doc="time per step")
    uth: int = param(1, units="raw", lo=0, hi=(1 << (STATE_BITS - 1)) - 1, integer=True,
                     doc="threshold on the real part; a spike needs u > uth")

    def check(self) -> None:
        if self.freq * self.dt > 0.5:
            raise ValueError(f"freq must be <= 1/(2 dt) = {0.5 / self.dt:g} Hz (Nyquist), got freq={self.freq}")
        lct, lst = rotation_coefficients(self)
        if lct == 0 and lst == 0:
            raise ValueError(f"decay_tau={self.decay_tau} s is too short for dt={self.dt} s: the Q1.15 rotation "
                             f"coefficients round to 0")


def rotation_coefficients(p: Loihi2Params) -> tuple[int, int]:
    """``(lct, lst)`` = Q1.15 of ``exp(-dt/tau) * (cos, sin)(2 pi f dt)``, truncated toward zero (as Lava's RFZero)."""
    lam = math.exp(-p.dt / p.decay_tau)
    ang = 2.0 * math.pi * p.freq * p.dt
    return int(lam * math.cos(ang) * (1 << COEF_FRAC)), int(lam * math.sin(ang) * (1 << COEF_FRAC))


@register(
    family="hardware",
    reference="Orchard et al. 2021, IEEE SiPS (Efficient Neuromorphic Signal Processing with Loihi 2), "
    "resonate-and-fire neuron after Izhikevich 2001; fixed point as in Lava's RFZero process",
    units="raw 24-bit integers; coefficients Q1.15; graded spike payload = real part",
    primary="u_in",
    sweep=(0, 4096),
)
class Loihi2Neuron(Neuron):
    """Loihi 2 resonate-and-fire (RF) neuron with graded spikes (Orchard et al. 2021, IEEE SiPS).

    Loihi 2's neurons are programmable; Orchard et al. (2021) use the resonate-and-fire neuron (Izhikevich 2001)
    whose complex state ``z = u + i v`` is rotated and damped every step,
    ``z[t] = lambda * exp(i 2 pi f dt) * z[t-1] + x[t]`` with ``lambda = exp(-dt / decay_tau)``, and which emits
    a GRADED spike when its phase crosses zero with a real part above threshold; the spike's integer payload is
    the real part (the oscillation amplitude). This is the neuron used for their spike-based short-time Fourier
    transform. Fixed-point form, one step (as Lava's ``RFZero``/``PyRFZeroModelFixed``)::

        lct = trunc0(2^15 * lambda * cos(2 pi f dt)),   lst = trunc0(2^15 * lambda * sin(2 pi f dt))
        u' = sat24( floor(u * lct / 2^15) - floor(v * lst / 2^15) + u_in )
        v' = sat24( floor(v * lct / 2^15) + floor(u * lst / 2^15) + v_in )
        spike payload s = u'  if (u' > uth and v' >= 0 and v < 0)  else 0        # zero-phase crossing
        u, v = u', v'

    ``floor(x / 2^15)`` is an arithmetic right shift (Python ``//``, as in Lava). The output is the payload
    (``Output kind 'value'``, int): 0 means no spike. Inputs ``u_in`` (real, the seed's single argument, e.g. a
    weighted input) and ``v_in`` (imaginary, default 0) are 24-bit signed integers; a float or out-of-range
    value is a ValueError.

    Parameters: ``freq`` (Hz, 0 < f <= 1/(2 dt)), ``decay_tau`` (s, > 0), ``dt`` (s per step, > 0), ``uth``
    (raw, [0, 2^23 - 1]). Defaults: 300 Hz, 0.1 s, 1 ms, 1 (Lava's default threshold; Lava has no default
    frequency).

    An RF neuron is a band-pass filter: a constant input only excites a decaying ring. For ``f dt <= 1/4`` the
    ring of a real step input never shows a zero-phase crossing with a positive real part (the short arc below
    the real axis falls between two samples), so a constant ``u_in`` gives no spike at all; the default
    ``f = 0.3 / dt`` is chosen so that the step response does produce (decaying) spikes. Sustained spiking
    needs input near the resonance frequency.

    Differences: Lava's Python model keeps u and v in unbounded int32 arithmetic; here they are saturated at
    the ends of the 24-bit state word (with |lambda| < 1 the state stays below |input| / (1 - lambda), so this
    only matters for inputs near full scale).
    """

    Params = Loihi2Params
    state_vars = {"u": int, "v": int}
    inputs = (
        Input("u_in", 0, "raw 24-bit", "real part of the input (weighted input)", integer=True),
        Input("v_in", 0, "raw 24-bit", "imaginary part of the input", integer=True),
    )
    outputs = (Output("s_out", "value", np.int64),)

    @staticmethod
    def initial_state(p):
        return {"u": 0, "v": 0}

    @staticmethod
    def derive(p):
        lct, lst = rotation_coefficients(p)
        return {"lct": lct, "lst": lst, "uth": p.uth, "smax": (1 << (STATE_BITS - 1)) - 1}

    @staticmethod
    def input_bounds(p):
        b = (-(1 << (STATE_BITS - 1)), (1 << (STATE_BITS - 1)) - 1)
        return {"u_in": b, "v_in": b}

    @staticmethod
    def kernel(u, v, u_in, v_in, lct, lst, uth, smax):
        nu = ((u * lct) >> 15) - ((v * lst) >> 15) + u_in
        nv = ((v * lct) >> 15) + ((u * lst) >> 15) + v_in
        if nu > smax:
            nu = smax
        elif nu < -smax - 1:
            nu = -smax - 1
        if nv > smax:
            nv = smax
        elif nv < -smax - 1:
            nv = -smax - 1
        if nu > uth and nv >= 0 and v < 0:
            return nu, nv, nu
        return nu, nv, 0

    @property
    def coefficients(self) -> tuple[int, int]:
        """The Q1.15 rotation coefficients ``(lct, lst)``."""
        return self._k_lct, self._k_lst
