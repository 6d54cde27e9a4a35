"""McKean's piecewise-linear FitzHugh-Nagumo neuron (McKean 1970)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class McKeanParams(ParamSet):
    # McKean 1970, Adv. Math. 4:209: f(v) = -v, v - a, 1 - v on the three pieces; a in (0, 1/2)
    a: float = param(
        0.25, units="1", lo=0.0, lo_open=True, hi=0.5, hi_open=True, doc="threshold of the cubic's caricature"
    )
    epsilon: float = param(0.01, units="1", lo=0.0, lo_open=True, hi=1.0, doc="time-scale ratio of w to v")
    gamma: float = param(0.5, units="1", lo=0.0, hi=10.0, doc="w decay (slope 1/gamma of the w-nullcline)")
    v_threshold: float = param(
        0.5,
        units="1",
        lo=0.0,
        lo_open=True,
        hi=1.0,
        hi_open=True,
        doc="spike: upward crossing of v through it (between the knees a/2 and (1+a)/2)",
    )
    dt: float = param(0.1, units="1 (dimensionless time)", lo=0.0, lo_open=True, hi=0.5, doc="time step")


@register(
    family="oscillatory",
    reference="McKean 1970, Adv. Math. 4:209",
    units="dimensionless (v, w, I, t)",
    primary="input_current",
    sweep=(0.0, 0.6),
)
class McKeanNeuron(Neuron):
    """McKean's piecewise-linear FitzHugh-Nagumo caricature (dimensionless): excitable at rest, oscillatory band.

    Model (McKean 1970, "Nagumo's equation", Adv. Math. 4:209-223), the cubic of FitzHugh-Nagumo replaced by
    three straight pieces::

        dv/dt = f(v) - w + I
        dw/dt = epsilon (v - gamma w)
        f(v) = -v (v < a/2);   v - a (a/2 <= v <= (1+a)/2);   1 - v (v > (1+a)/2)

    written branch-free as f(v) = -v + 2 max(0, v - a/2) - 2 max(0, v - (1+a)/2). Everything is
    dimensionless. The rest point (0, 0) at I = 0 is excitable; the equilibrium lies on the middle (unstable)
    piece, so the neuron oscillates (relaxation oscillation, period ~ 1/epsilon), exactly when
    3a/2 < I < a + (1+a)/2 for gamma = 1/2 (generally when the line w = v/gamma meets the middle piece and
    epsilon gamma < 1).

    Integration: one classical RK4 step per ``dt`` (default 0.1; fast time scale 1). Output ``spike`` (0/1):
    upward crossing of ``v_threshold`` (default 0.5, between the knees a/2 and (1+a)/2, so only the up-jump
    of a relaxation cycle counts) within the step.

    Parameters: ``a`` (0, 0.5) (0.25), ``epsilon`` (0, 1] (0.01), ``gamma`` [0, 10] (0.5), ``v_threshold``
    (0, 1), ``dt`` (0, 0.5]. Input ``input_current`` I (dimensionless). State starts at rest (0, 0).
    Differences from the seed: the seed never fired at its defaults and used a threshold (0.8) the cycle does
    not always reach; here the threshold sits between the knees and the defaults are McKean's.
    """

    Params = McKeanParams
    speculate = False
    state_vars = {"v": float, "w": float}
    inputs = (Input("input_current", 0.0, "1", "injected current I (dimensionless)"),)

    @staticmethod
    def initial_state(p):
        return {"v": 0.0, "w": 0.0}

    @staticmethod
    def derive(p):
        return {
            "k1": 0.5 * p.a,
            "k2": 0.5 * (1.0 + p.a),
            "a": p.a,
            "eps": p.epsilon,
            "gam": p.gamma,
            "v_th": p.v_threshold,
            "h": p.dt,
        }

    @staticmethod
    def kernel(v, w, input_current, k1, k2, a, eps, gam, v_th, h):
        i = input_current
        k1v = -v + 2.0 * max(0.0, v - k1) - 2.0 * max(0.0, v - k2) - w + i
        k1w = eps * (v - gam * w)
        v2 = v + 0.5 * h * k1v
        w2 = w + 0.5 * h * k1w
        k2v = -v2 + 2.0 * max(0.0, v2 - k1) - 2.0 * max(0.0, v2 - k2) - w2 + i
        k2w = eps * (v2 - gam * w2)
        v3 = v + 0.5 * h * k2v
        w3 = w + 0.5 * h * k2w
        k3v = -v3 + 2.0 * max(0.0, v3 - k1) - 2.0 * max(0.0, v3 - k2) - w3 + i
        k3w = eps * (v3 - gam * w3)
        v4 = v + h * k3v
        w4 = w + h * k3w
        k4v = -v4 + 2.0 * max(0.0, v4 - k1) - 2.0 * max(0.0, v4 - k2) - w4 + i
        k4w = eps * (v4 - gam * w4)
        vn = v + h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        wn = w + h / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w)
        spike = 0
        if v < v_th and vn >= v_th:
            spike = 1
        return vn, wn, spike
