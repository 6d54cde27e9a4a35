"""Hindmarsh-Rose bursting neuron (Hindmarsh & Rose 1984)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class HindmarshRoseParams(ParamSet):
    # Hindmarsh & Rose 1984, Proc. R. Soc. Lond. B 221:87: a 1, b 3, c 1, d 5, s 4; x_R = -1.6 and r = 0.006
    # are the values of the later bifurcation studies of the model (e.g. Shilnikov & Kolomiets 2008,
    # Int. J. Bifurc. Chaos 18:2141), with which the model bursts at I = 3 and is chaotic near I = 3.25.
    a: float = param(1.0, units="1", lo=0.0, lo_open=True, hi=10.0, doc="cubic coefficient")
    b: float = param(3.0, units="1", lo=0.0, hi=10.0, doc="quadratic coefficient of the fast equation")
    c: float = param(1.0, units="1", lo=-10.0, hi=10.0, doc="constant of the recovery equation")
    d: float = param(5.0, units="1", lo=0.0, hi=20.0, doc="quadratic coefficient of the recovery equation")
    r: float = param(0.006, units="1", lo=0.0, lo_open=True, hi=1.0, doc="time-scale ratio of the adaptation z")
    s: float = param(4.0, units="1", lo=0.0, hi=20.0, doc="adaptation coupling")
    x_R: float = param(-1.6, units="1", lo=-5.0, hi=5.0, doc="resting x of the adaptation equation")
    x_threshold: float = param(1.0, units="1", lo=-2.0, hi=2.0, doc="spike: upward crossing of x through it")
    dt: float = param(0.1, units="1 (dimensionless time)", lo=0.0, lo_open=True, hi=0.5, doc="time step")
    n_sub: int = param(2, units="", lo=1, hi=100, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="bursting",
    reference="Hindmarsh & Rose 1984, Proc. R. Soc. Lond. B 221:87",
    units="dimensionless (x, y, z, I, t)",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class HindmarshRoseNeuron(Neuron):
    """Hindmarsh-Rose neuron (dimensionless): square-wave bursting at I = 3, chaotic bursting near I = 3.25.

    Model (Hindmarsh & Rose 1984, "A model of neuronal bursting using three coupled first order differential
    equations", Proc. R. Soc. Lond. B 221:87-102)::

        dx/dt = y - a x^3 + b x^2 - z + I
        dy/dt = c - d x^2 - y
        dz/dt = r (s (x - x_R) - z)

    x is the membrane potential, y a fast recovery variable and z a slow adaptation current; all quantities are
    dimensionless. With a = 1, b = 3, c = 1, d = 5, s = 4 (the paper's values), x_R = -1.6 and r = 0.006 the
    neuron rests for I = 0 near x = x_R, bursts periodically at I = 3 and bursts chaotically near I = 3.25;
    the paper itself used x_R = -(1 + sqrt 5)/2 and r = 0.001-0.005 (set them to get its figures).

    Integration: ``n_sub`` classical RK4 sub-steps per ``dt`` (defaults 0.1 and 2). Output ``spike`` (0/1):
    upward crossing of ``x_threshold`` (1.0) in any sub-step, at most one per step.

    Parameters: see the table (``r`` (0, 1], ``a`` (0, 10], dt (0, 0.5], ``n_sub`` [1, 100]). Input
    ``input_current`` I (dimensionless). State starts at (x, y, z) = (x_R, c - d x_R^2, 0) (rest for I = 0 up
    to O(0.02)). Differences from the seed: RK4 (the seed's Euler step overflowed at I = 50), r = 0.006.
    """

    Params = HindmarshRoseParams
    speculate = False
    state_vars = {"x": float, "y": float, "z": float}
    inputs = (Input("input_current", 0.0, "1", "injected current I (dimensionless)"),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x_R, "y": p.c - p.d * p.x_R * p.x_R, "z": 0.0}

    @staticmethod
    def derive(p):
        return {
            "a": p.a,
            "b": p.b,
            "c": p.c,
            "d": p.d,
            "r": p.r,
            "s": p.s,
            "x_r": p.x_R,
            "x_th": p.x_threshold,
            "h": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(x, y, z, input_current, a, b, c, d, r, s, x_r, x_th, h, n_sub):
        i = input_current
        spike = 0
        for _ in range(n_sub):
            k1x = y + x * x * (b - a * x) - z + i
            k1y = c - d * x * x - y
            k1z = r * (s * (x - x_r) - z)
            xa = x + 0.5 * h * k1x
            ya = y + 0.5 * h * k1y
            za = z + 0.5 * h * k1z
            k2x = ya + xa * xa * (b - a * xa) - za + i
            k2y = c - d * xa * xa - ya
            k2z = r * (s * (xa - x_r) - za)
            xa = x + 0.5 * h * k2x
            ya = y + 0.5 * h * k2y
            za = z + 0.5 * h * k2z
            k3x = ya + xa * xa * (b - a * xa) - za + i
            k3y = c - d * xa * xa - ya
            k3z = r * (s * (xa - x_r) - za)
            xa = x + h * k3x
            ya = y + h * k3y
            za = z + h * k3z
            k4x = ya + xa * xa * (b - a * xa) - za + i
            k4y = c - d * xa * xa - ya
            k4z = r * (s * (xa - x_r) - za)
            xn = x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
            y = y + h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
            z = z + h / 6.0 * (k1z + 2.0 * k2z + 2.0 * k3z + k4z)
            if x < x_th and xn >= x_th:
                spike = 1
            x = xn
        return x, y, z, spike
