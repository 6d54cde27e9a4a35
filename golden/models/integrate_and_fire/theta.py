"""Ermentrout-Kopell theta neuron (the canonical type-I model), integrated exactly (the seed's ``ThetaNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class ThetaParams(ParamSet):
    theta0: float = param(0.0, units="rad", lo=-math.pi, hi=math.pi, hi_open=True,
                          doc="initial phase (pi is the spike)")
    dt: float = param(0.01, units="time unit of the model", lo=0.0, lo_open=True, hi=10.0, doc="time step")


@register(
    family="integrate-and-fire",
    reference="Ermentrout & Kopell 1986, SIAM J. Appl. Math. 46:233; Ermentrout 1996, Neural Comput. 8:979",
    units="dimensionless (phase in rad, time in the model's time unit)",
    primary="input_current",
    sweep=(-1.0, 1.0e5),
)
class ThetaNeuron(Neuron):
    """Ermentrout-Kopell theta neuron: a phase on the circle that fires when it passes pi, integrated exactly.

    Model (Ermentrout & Kopell 1986, SIAM J. Appl. Math. 46:233, the canonical model of a saddle-node on an
    invariant circle; Ermentrout 1996, Neural Comput. 8:979, for its use as the type-I neuron)::

        d theta/dt = (1 - cos theta) + (1 + cos theta) I          theta on the circle (-pi, pi]
        a spike is emitted when theta crosses pi (upwards); theta then continues from -pi (no reset)

    For I > 0 the phase rotates with period ``pi / sqrt(I)`` (frequency ``sqrt(I)/pi``); for I = 0 the
    saddle-node sits at theta = 0; for I < 0 there is a stable rest state at ``theta_- = -arccos((1+I)/(1-I))``
    and a threshold (unstable) state at ``theta_+ = +arccos((1+I)/(1-I))``: the neuron is excitable, silent
    from any phase below theta_+ and fires exactly once from a phase above it.

    Integration (exact for an input that is constant over a step of ``dt``): with ``v = tan(theta/2)`` the model
    is the quadratic integrate-and-fire ``dv/dt = v^2 + I`` whose flow is known in closed form.

    * I > 0: ``psi = atan2(sin(theta/2), sqrt(I) cos(theta/2))`` advances linearly, ``psi += sqrt(I) dt``; a
      spike is a passage of psi through pi/2 (mod pi) and ``theta = 2 atan2(sqrt(I) sin psi, cos psi)``.
    * I <= 0: the point ``(p, q) = (sin theta/2, cos theta/2)`` of the projective line moves linearly,
      ``(p, q) <- (p - s tanh(s dt) q, q - tanh(s dt)/s p)`` with ``s = sqrt(-I)`` (``q <- q - dt p`` for I = 0);
      a sign change of q is the passage through pi (at most one per step: after it the phase heads for rest).

    So a spike inside a step is never missed and the firing frequency is exactly ``sqrt(I)/pi``. At most one
    spike per step is reported: for ``sqrt(I) dt >= pi`` (I >= (pi/dt)^2, 98696 at the default dt) the phase
    stays exact but extra passages inside a step are not counted (the output saturates at one spike per step).

    Parameters: ``theta0`` rad in [-pi, pi) (0; the saddle-node point for I = 0), ``dt`` in (0, 10] (0.01) time
    units of the model (dimensionless in the canonical form). Input: ``step(input_current)``, the
    dimensionless bifurcation parameter I. Output: ``spike`` 0/1. State: ``theta`` in [-pi, pi).

    Differences from the seed: the seed used forward Euler and fired at 0.99 pi; here the flow is exact and the
    spike is the crossing of pi itself, as in the paper.
    """

    Params = ThetaParams
    state_vars = {"theta": float}
    inputs = (Input("input_current", 0.0, "dimensionless", "bifurcation parameter I"),)

    @staticmethod
    def initial_state(p):
        return {"theta": p.theta0}

    @staticmethod
    def derive(p):
        return {"dt": p.dt, "half_pi": 0.5 * math.pi}

    @staticmethod
    def kernel(theta, input_current, dt, half_pi):
        if input_current > 0.0:
            s = math.sqrt(input_current)
            half = 0.5 * theta
            psi = math.atan2(math.sin(half), s * math.cos(half)) + s * dt
            if psi >= half_pi:  # passed pi: wrap psi back into [-pi/2, pi/2)
                psi = psi - math.pi * math.floor((psi + half_pi) / math.pi)
                return 2.0 * math.atan2(s * math.sin(psi), math.cos(psi)), 1
            return 2.0 * math.atan2(s * math.sin(psi), math.cos(psi)), 0
        p = math.sin(0.5 * theta)
        q = math.cos(0.5 * theta)
        if input_current < 0.0:
            s = math.sqrt(-input_current)
            t = math.tanh(s * dt)
            p, q = p - s * t * q, q - (t / s) * p
        else:
            q = q - dt * p
        if q <= 0.0:  # theta passed pi: the same projective point with q >= 0 gives theta in [-pi, pi)
            return 2.0 * math.atan2(-p, -q), 1
        return 2.0 * math.atan2(p, q), 0
