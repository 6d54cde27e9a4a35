"""Izhikevich (2003) simple spiking neuron with optional membrane noise (the seed's ``SCIzhikevichNeuron``)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

#: The cortical and thalamic cell classes of Izhikevich 2003, Fig. 2: (a, b, c, d).
PRESETS: dict[str, dict[str, float]] = {
    "RS": {"a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0},  # regular spiking (excitatory)
    "IB": {"a": 0.02, "b": 0.2, "c": -55.0, "d": 4.0},  # intrinsically bursting (excitatory)
    "CH": {"a": 0.02, "b": 0.2, "c": -50.0, "d": 2.0},  # chattering (excitatory)
    "FS": {"a": 0.1, "b": 0.2, "c": -65.0, "d": 2.0},  # fast spiking (inhibitory)
    "LTS": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 2.0},  # low-threshold spiking (inhibitory)
    "TC": {"a": 0.02, "b": 0.25, "c": -65.0, "d": 0.05},  # thalamo-cortical
    "RZ": {"a": 0.1, "b": 0.26, "c": -65.0, "d": 2.0},  # resonator
}


@params_dataclass
class SCIzhikevichParams(ParamSet):
    a: float = param(0.02, units="1/ms", lo=0.0, lo_open=True, hi=1.0, doc="recovery rate of u")
    b: float = param(0.2, units="1", doc="sensitivity of u to v")
    c: float = param(-65.0, units="mV", doc="after-spike reset of v")
    d: float = param(8.0, units="mV/ms", doc="after-spike increment of u")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=1.0,
                      doc="time step (v advanced in two half steps of dt/2)")
    noise_std: float = param(0.0, units="mV/sqrt(ms)", lo=0.0, doc="membrane noise intensity sigma")
    v_peak: float = param(30.0, units="mV", doc="spike cut-off: v >= v_peak is a spike")
    v_init: float = param(-65.0, units="mV", doc="initial v (u starts at b * v_init)")
    v_min: float = param(-100.0, units="mV", doc="lower bound of v after each half step (numerical guard)")

    def check(self) -> None:
        for name in ("c", "v_init"):
            value = getattr(self, name)
            if not self.v_min <= value < self.v_peak:
                raise ValueError(f"{name} must lie in [v_min, v_peak) = [{self.v_min}, {self.v_peak}) mV, "
                                 f"got {name}={value}")
        if self.v_min < -(4.0 / self.dt + 5.0) / 0.08:
            raise ValueError(f"v_min must be >= {-(4.0 / self.dt + 5.0) / 0.08:g} mV for dt={self.dt} ms (below it "
                             f"the explicit half step is unstable), got v_min={self.v_min}")


@register(
    family="core-sc",
    reference="Izhikevich 2003, IEEE Trans. Neural Netw. 14:1569",
    units="mV, ms; input current in mV/ms as in the paper",
    sweep=(-50.0, 500.0),
)
class SCIzhikevichNeuron(Neuron):
    """Izhikevich simple model of spiking neurons, with optional Gaussian membrane noise.

    Model (E. M. Izhikevich, "Simple model of spiking neurons", IEEE Trans. Neural Netw. 14:1569-1572, 2003,
    eqs. 1-3)::

        v' = 0.04 v^2 + 5 v + 140 - u + I        u' = a (b v - u)        if v >= 30 mV:  v <- c,  u <- u + d

    v is the membrane potential (mV), u the recovery variable, t in ms; the input I is in the paper's units
    (mV/ms; the firing patterns of Fig. 2 are responses to steps of dc current of the order of I = 10).

    Integration: the scheme of the MATLAB network code published with the paper, per step of ``dt`` ms::

        v += dt/2 * (0.04 v^2 + 5 v + 140 - u + I);   v = max(v, v_min)
        v += dt/2 * (0.04 v^2 + 5 v + 140 - u + I);   v = max(v, v_min)       # two half steps, u held
        u += dt * a * (b v - u)                                                # u with the NEW v
        v += noise_std * sqrt(dt) * xi,  xi ~ N(0, 1)                          # Euler-Maruyama noise
        if v >= v_peak:  spike;  v = c;  u = u + d

    The paper's code tests ``v >= 30`` at the start of the next millisecond; testing it at the end of the step
    gives the same trajectory, with each spike reported in the step that produced it. Initial state as in that
    code: ``v = v_init = -65 mV``, ``u = b * v_init``.

    Presets: :data:`PRESETS` and :meth:`from_preset` give the seven classes of Fig. 2 (a, b, c, d): RS
    (0.02, 0.2, -65, 8; the default), IB (0.02, 0.2, -55, 4), CH (0.02, 0.2, -50, 2), FS (0.1, 0.2, -65, 2),
    LTS (0.02, 0.25, -65, 2), TC (0.02, 0.25, -65, 0.05), RZ (0.1, 0.26, -65, 2).

    Parameters: ``a`` in (0, 1] 1/ms (so a*dt <= 1: the Euler step of u cannot overshoot), ``b``, ``c`` (mV,
    in [v_min, v_peak)), ``d`` (mV/ms), ``dt`` in (0, 1] ms (1), ``noise_std`` >= 0 mV/sqrt(ms) (0), ``v_peak``
    30 mV, ``v_init`` -65 mV (in [v_min, v_peak)), ``v_min`` -100 mV (>= -(4/dt + 5)/0.08). ``seed`` seeds the
    neuron's own generator (one normal draw per step while noise_std > 0). Output: spike 0/1.

    Numerics and differences from the paper:

    * ``v_min`` (not in the paper) bounds v from below after each half step. The explicit half step is
      unstable where ``d(v')/dv = 0.08 v + 5 < -4/dt`` (v < -112.5 mV at dt = 1 ms): a strongly hyperpolarising
      input (I below about -250 at dt = 1 ms) would make the paper's scheme oscillate and overflow. No regime
      of Fig. 2 goes below about -90 mV, so the bound is not touched there; v_min must lie above the
      instability. With the bound the state stays finite for any input with |I| < 1e150 (the noise is added
      after the bound).
    * The scheme lets v overshoot far above 30 mV in the step of a spike (hundreds of mV at dt = 1 ms), and the
      u update uses that value: each spike increments u by about ``a*b*dt*v_overshoot`` besides d. This is the
      paper's scheme and it is kept; it makes the inter-spike intervals at dt = 1 ms irregular (spike times are
      quantised to 1 ms and the overshoot varies), while the firing patterns of Fig. 2 are cleanly resolved at
      dt <= 0.25 ms (see the behaviour tests). As dt -> 0 the scheme converges to the ODE above.
    * The seed started from v = c, u = b*c and updated u in the half steps with the old v; this follows the
      paper's code instead.

    Example
    -------
    >>> neuron = SCIzhikevichNeuron(noise_std=0.0)
    >>> spikes = [neuron.step(10.0) for _ in range(100)]
    >>> sum(spikes) > 0  # regular spiking with I=10
    True
    """

    Params = SCIzhikevichParams
    PRESETS = PRESETS
    state_vars = {"v": float, "u": float}
    inputs = (Input("input_current", 0.0, "mV/ms", "input current I (the paper's units)"),)
    randoms = {"xi": "normal"}

    @classmethod
    def from_preset(cls, name: str, *, seed: int | None = None, **overrides: Any) -> SCIzhikevichNeuron:
        """A neuron of one of the classes of Fig. 2 (``RS``, ``IB``, ``CH``, ``FS``, ``LTS``, ``TC``, ``RZ``);
        ``overrides`` change any parameter, e.g. ``from_preset("FS", dt=0.25, noise_std=1.0)``."""
        key = name.upper()
        if key not in PRESETS:
            raise ValueError(f"unknown preset {name!r}; presets are {', '.join(PRESETS)}")
        return cls(seed=seed, **{**PRESETS[key], **overrides})

    @staticmethod
    def initial_state(p):
        return {"v": p.v_init, "u": p.b * p.v_init}

    @staticmethod
    def derive(p):
        return {
            "a_dt": p.a * p.dt,
            "b": p.b,
            "c": p.c,
            "d": p.d,
            "h": 0.5 * p.dt,
            "noise_scale": p.noise_std * math.sqrt(p.dt),
            "v_peak": p.v_peak,
            "v_min": p.v_min,
        }

    @staticmethod
    def noise_active(p):
        return p.noise_std > 0.0

    @staticmethod
    def kernel(v, u, input_current, xi, a_dt, b, c, d, h, noise_scale, v_peak, v_min):
        drive = 140.0 - u + input_current
        v = v + h * ((0.04 * v + 5.0) * v + drive)
        if v < v_min:
            v = v_min
        v = v + h * ((0.04 * v + 5.0) * v + drive)
        if v < v_min:
            v = v_min
        u = u + a_dt * (b * v - u)
        v = v + noise_scale * xi
        if v >= v_peak:
            return c, u + d, 1
        return v, u, 0
