"""Izhikevich's resonate-and-fire neuron, integrated exactly (the seed's ``ResonateAndFireNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ResonateAndFireParams(ParamSet):
    b: float = param(-0.1, units="1/time unit", lo=-1000.0, hi=0.0, hi_open=True,
                     doc="damping: rate of attraction to rest (b < 0)")
    omega: float = param(1.0, units="rad/time unit", lo=0.0, lo_open=True, hi=1000.0,
                         doc="eigenfrequency of the subthreshold oscillation")
    a_thresh: float = param(1.0, units="1", lo=-1000.0, hi=1000.0, doc="threshold on y = Im z")
    x_reset: float = param(0.0, units="1", lo=-1000.0, hi=1000.0, doc="Re z after a spike")
    y_reset: float = param(1.0, units="1", lo=-1000.0, hi=1000.0, doc="Im z after a spike")
    dt: float = param(0.05, units="time unit", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.omega * self.dt >= math.pi:
            raise ValueError(f"omega*dt must be < pi (less than half an oscillation per step), got omega="
                             f"{self.omega}, dt={self.dt}")


@register(
    family="integrate-and-fire",
    reference="Izhikevich 2001, Neural Networks 14:883",
    units="dimensionless (time in the unit of 1/b and 1/omega)",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class ResonateAndFireNeuron(Neuron):
    """Izhikevich's resonate-and-fire neuron: a damped linear oscillator that fires when Im z crosses a threshold.

    Model (Izhikevich 2001, "Resonate-and-fire neurons", Neural Networks 14:883)::

        dz/dt = (b + i omega) z + I(t),   z = x + i y in C,   b < 0      (x current-like, y voltage-like)
        when y = Im z crosses a_thresh upwards: spike, z <- z_0 = x_reset + i y_reset

    The rest state z = 0 is a stable focus: a brief input pulse starts a damped oscillation of period
    ``2 pi / omega``. A second pulse adds to the oscillation in phase when it arrives one period after the
    first (resonance: the pair can fire the neuron although each pulse alone cannot) and cancels it when it
    arrives half a period after; an inhibitory pulse followed half a period later by an excitatory one can
    fire it too. The response depends on the timing of the input, not only on its strength.

    Integration: exact for an input constant over a step: ``z <- e^{lambda dt} z + (e^{lambda dt} - 1)/lambda I``
    with ``lambda = b + i omega`` (real arithmetic on x and y, constants precomputed). Inside a step y is a
    damped sinusoid; a spike is detected when y crosses a_thresh between the ends of the step or when y has a
    maximum inside the step (y' > 0 at the start, y' < 0 at the end) whose value, known in closed form
    (``y_max = omega (I + |w| e^{b s*}) / (b^2 + omega^2)``, ``w = lambda z + I``,
    ``s* = (pi - arg w)/omega``), reaches a_thresh: a spike inside a step is not missed. The spike is reported
    in that step and z is set to z_0 at its end. ``omega dt < pi`` is required (at most half a turn per step).

    Parameters (legal range, default): ``b`` [-1000, 0) (-0.1), ``omega`` (0, 1000] (1), ``a_thresh``
    [-1000, 1000] (1), ``x_reset`` (0) and ``y_reset`` (1) [-1000, 1000] (z_0 = i), ``dt`` (0, 100] (0.05),
    time in the unit of 1/b and 1/omega (ms if b and omega are in 1/ms). The default b, omega and threshold
    are the seed's; the paper's figures use the same normal form with their own values. Input:
    ``step(input_current)``, the real input I (a pulse of height A during one step is a kick of A dt).
    Output: ``spike`` 0/1. State: ``x``, ``y``.

    Differences from the seed: the seed integrated with forward Euler (which turns the damped focus into a
    growing spiral when dt > -2b/(b^2 + omega^2)) and fired on |z| >= threshold and reset to z = 0; here the
    flow is exact and the paper's firing rule (Im z crosses the threshold) and reset to z_0 are used.
    """

    Params = ResonateAndFireParams
    state_vars = {"x": float, "y": float}
    inputs = (Input("input_current", 0.0, "1", "input I (real)"),)

    @staticmethod
    def initial_state(p):
        return {"x": 0.0, "y": 0.0}

    @staticmethod
    def derive(p):
        den = p.b * p.b + p.omega * p.omega
        decay = math.exp(p.b * p.dt)
        er = decay * math.cos(p.omega * p.dt)
        ei = decay * math.sin(p.omega * p.dt)
        return {
            "er": er,
            "ei": ei,
            "gr": ((er - 1.0) * p.b + ei * p.omega) / den,
            "gi": (ei * p.b - (er - 1.0) * p.omega) / den,
            "b": p.b,
            "omega": p.omega,
            "den": den,
            "thr": p.a_thresh,
            "x_reset": p.x_reset,
            "y_reset": p.y_reset,
        }

    @staticmethod
    def kernel(x, y, input_current, er, ei, gr, gi, b, omega, den, thr, x_reset, y_reset):
        x1 = er * x - ei * y + gr * input_current
        y1 = ei * x + er * y + gi * input_current
        if y < thr:
            if y1 >= thr:
                return x_reset, y_reset, 1
            dy0 = omega * x + b * y
            if dy0 > 0.0 and omega * x1 + b * y1 < 0.0:  # y has a maximum inside the step
                wr = b * x - omega * y + input_current
                s_max = (math.pi - math.atan2(dy0, wr)) / omega
                if omega * (input_current + math.exp(b * s_max) * math.hypot(wr, dy0)) / den >= thr:
                    return x_reset, y_reset, 1
        return x1, y1, 0
