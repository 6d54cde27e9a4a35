"""Phase-amplitude unit whose phase couples to an input phase, for binding by synchrony (project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register

TWO_PI = 2.0 * math.pi


@params_dataclass
class CompositionalBindingParams(ParamSet):
    omega: float = param(0.1, units="rad/ms", lo=-10.0, hi=10.0, doc="natural angular frequency")
    coupling: float = param(0.5, units="rad/ms", lo=0.0, hi=100.0, doc="phase coupling strength epsilon")
    tau: float = positive(10.0, "ms", "time constant of the amplitude")
    theta: float = param(0.8, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="firing threshold on A cos(phi)")
    dt: float = positive(1.0, "ms", "time step (<= tau)")

    def check(self) -> None:
        if self.dt > self.tau:
            raise ValueError(f"dt must be <= tau (Euler stability), got dt={self.dt} > tau={self.tau}")
        if self.coupling * self.dt > 1.0:
            raise ValueError(f"coupling * dt must be <= 1 (stable phase locking of the Euler map), got "
                             f"coupling={self.coupling}, dt={self.dt}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: binding by synchrony, von der "
    "Malsburg 1981 (MPI Biophys. Chem. report 81-2); phase coupling of Kuramoto 1984, Chemical Oscillations, "
    "Waves, and Turbulence (Springer)",
    units="a.u.; phases in rad; time in ms",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class CompositionalBindingNeuron(Neuron):
    """Oscillating unit with an amplitude (what) and a phase (which group) that locks to an input phase.

    Project-designed model, no external publication (the seed's ``CompositionalBindingNeuron``, with the phase
    coupling and the reset its description promised). Binding by synchrony (von der Malsburg 1981): units that
    represent parts of one object fire in phase. One explicit-Euler step::

        phi += dt (omega + epsilon w sin(phi_in - phi))      (Kuramoto phase coupling; phi kept in [0, 2 pi))
        A   += dt (-A + I) / tau
        s    = 1 if armed and A cos(phi) >= theta, then armed <- 0
        armed <- 1 when cos(phi) < 0

    ``input_phase`` phi_in is the phase of the unit (or group) this one is bound to and ``phase_weight`` w its
    weight (0: uncoupled, the default). The reset is a once-per-cycle latch: after a spike the unit cannot fire
    again until its phase has left the firing half of the cycle (cos(phi) < 0), so it fires at most one spike
    per cycle, near phi = 0, and only when A > theta.

    Two units coupled both ways (each with w = 1 and the other's phase) obey d(phi1 - phi2)/dt = omega1 -
    omega2 - 2 epsilon sin(phi1 - phi2): they lock at a constant phase difference arcsin((omega1 - omega2) /
    (2 epsilon)) when |omega1 - omega2| <= 2 epsilon, and then fire in the same cycles; uncoupled units with
    different frequencies drift apart. The Euler map of the difference is stable for epsilon dt <= 1 (checked).

    Parameters (legal range, default): ``omega`` rad/ms [-10, 10] (0.1), ``coupling`` epsilon rad/ms [0, 100]
    (0.5), ``tau`` ms (10), ``theta`` (0, 1000] (0.8), ``dt`` ms (0, tau] (1). Inputs: ``input_current`` I
    (``step(x)``), ``input_phase`` (rad, 0), ``phase_weight`` (0). Outputs: ``spike`` 0/1, ``phase`` phi
    (value, rad). State: ``phi``, ``amplitude``, ``armed``.

    Differences from the seed: the seed's coupling parameter did nothing (no input phase existed) and it had
    no reset, so it fired on every step while A cos(phi) > theta.
    """

    Params = CompositionalBindingParams
    state_vars = {"phi": float, "amplitude": float, "armed": int}
    inputs = (
        Input("input_current", 0.0, "a.u.", "input I driving the amplitude"),
        Input("input_phase", 0.0, "rad", "phase of the partner unit or group"),
        Input("phase_weight", 0.0, "1", "weight of the input phase (0: uncoupled)"),
    )
    outputs = (Output("spike"), Output("phase", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"phi": 0.0, "amplitude": 0.0, "armed": 1}

    @staticmethod
    def derive(p):
        return {"w_dt": p.omega * p.dt, "eps_dt": p.coupling * p.dt, "h": p.dt / p.tau, "theta": p.theta}

    @staticmethod
    def kernel(phi, amplitude, armed, input_current, input_phase, phase_weight, w_dt, eps_dt, h, theta):
        ph = phi + w_dt + eps_dt * phase_weight * math.sin(input_phase - phi)
        ph = ph - TWO_PI * math.floor(ph / TWO_PI)
        if ph >= TWO_PI:
            ph = 0.0
        a = amplitude + h * (input_current - amplitude)
        c = math.cos(ph)
        s = 0
        if armed == 1 and a * c >= theta:
            s = 1
            armed = 0
        if c < 0.0:
            armed = 1
        return ph, a, armed, s, ph
