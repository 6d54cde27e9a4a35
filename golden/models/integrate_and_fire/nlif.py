"""Nonlinear (quadratic) integrate-and-fire neuron with a recovery current, Izhikevich 2007 (the seed's
``NonlinearLIFNeuron``)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class NonlinearLIFParams(ParamSet):
    C: float = param(100.0, units="pF", lo=0.0, lo_open=True, hi=1.0e5, doc="membrane capacitance")
    k: float = param(0.7, units="nS/mV", lo=0.0, lo_open=True, hi=100.0, doc="curvature of the quadratic current")
    v_r: float = param(-60.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    v_t: float = param(-40.0, units="mV", lo=-200.0, hi=100.0, doc="instantaneous threshold potential")
    v_peak: float = param(35.0, units="mV", lo=-200.0, hi=200.0, doc="spike cutoff: a spike when v reaches it")
    a: float = param(0.03, units="1/ms", lo=0.0, lo_open=True, hi=100.0, doc="recovery rate of u")
    b: float = param(-2.0, units="nS", lo=-1000.0, hi=1000.0, doc="sensitivity of u to v - v_r")
    c: float = param(-50.0, units="mV", lo=-200.0, hi=200.0, doc="reset potential")
    d: float = param(100.0, units="pA", lo=-1.0e4, hi=1.0e4, doc="increment of u at a spike")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")
    substeps: int = param(4, units="1", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per time step")

    def check(self) -> None:
        if self.v_t <= self.v_r:
            raise ValueError(f"v_t must be > v_r, got v_t={self.v_t} <= v_r={self.v_r} mV")
        if self.v_peak <= self.v_t:
            raise ValueError(f"v_peak must be > v_t, got v_peak={self.v_peak} <= v_t={self.v_t} mV")
        if self.c >= self.v_peak:
            raise ValueError(f"c must be < v_peak (the reset lies below the spike cutoff), got c={self.c} >= "
                             f"v_peak={self.v_peak} mV")
        h = self.dt / self.substeps
        if h > 0.25:
            raise ValueError(f"dt/substeps must be <= 0.25 ms for the RK4 sub-steps to resolve the upstroke, "
                             f"got dt={self.dt} ms with substeps={self.substeps}")


@register(
    family="integrate-and-fire",
    reference="Izhikevich 2007, Dynamical Systems in Neuroscience (MIT Press), ch. 8 (simple model); "
    "Touboul 2008, SIAM J. Appl. Math. 68:1045",
    units="mV, pA, pF, nS, ms",
    primary="input_current",
    sweep=(0.0, 1000.0),
)
class NonlinearLIFNeuron(Neuron):
    """Quadratic nonlinear integrate-and-fire neuron with a linear recovery current (Izhikevich's simple model).

    Model (Izhikevich 2007, Dynamical Systems in Neuroscience, MIT Press, ch. 8, the "simple model"; a member of
    the class of nonlinear integrate-and-fire neurons with adaptation analysed by Touboul 2008, SIAM J. Appl.
    Math. 68:1045, with the quadratic nonlinearity)::

        C dv/dt = k (v - v_r)(v - v_t) - u + I
        du/dt = a (b (v - v_r) - u)
        v >= v_peak  ->  spike, v <- c, u <- u + d

    The defaults are the book's regular-spiking (RS) neocortical pyramidal neuron (sect. 8.2: C = 100 pF,
    k = 0.7, v_r = -60 mV, v_t = -40 mV, v_peak = 35 mV, a = 0.03/ms, b = -2 nS, c = -50 mV, d = 100 pA).
    At rest u = b (v - v_r); the rest state disappears in a saddle-node bifurcation at the rheobase
    ``I_rh = (b + k (v_t - v_r))^2 / (4 k)`` (51.4 pA for RS; valid when b < a C, i.e. when the rest state is
    still stable at the fold, else it loses stability earlier through an Andronov-Hopf bifurcation), so the
    neuron is class-1 excitable: the latency of the first spike diverges like ``(I - I_rh)^(-1/2)`` as I decreases to
    I_rh; d > 0 gives spike-frequency adaptation.

    Integration: classical RK4 with ``substeps`` sub-steps per step (dt/substeps = 0.025 ms at the defaults;
    at most 0.25 ms is allowed). The cutoff is tested after every sub-step, so the upstroke never runs away
    (v is reset as soon as it passes v_peak, nothing overflows) and the spike time is resolved to a sub-step;
    the spike is reported in the step that contains it (at most one per step is reported).

    Parameters (units, legal range, default): ``C`` pF (0, 1e5] (100), ``k`` nS/mV (0, 100] (0.7), ``v_r``
    mV [-200, 100] (-60), ``v_t`` mV (> v_r) (-40), ``v_peak`` mV (> v_t) (35), ``a`` 1/ms (0, 100] (0.03),
    ``b`` nS [-1000, 1000] (-2), ``c`` mV (< v_peak) (-50), ``d`` pA [-1e4, 1e4] (100), ``dt`` ms (0, 10]
    (0.1), ``substeps`` [1, 1000] (4). Input: ``step(input_current)`` in pA. Output: ``spike`` 0/1. State:
    ``v`` (mV), ``u`` (pA).

    Differences from the seed: the seed's model list called it "NLIF, cubic nonlinearity", but its equation
    was this quadratic one (without the spike-triggered increment d, integrated with forward Euler). The
    published model with exactly that form, a quadratic current with a linear recovery variable, is
    Izhikevich's simple model, implemented here with the book's RS parameters and RK4.
    """

    Params = NonlinearLIFParams
    state_vars = {"v": float, "u": float}
    inputs = (Input("input_current", 0.0, "pA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.v_r, "u": 0.0}

    @staticmethod
    def derive(p):
        return {
            "inv_c": 1.0 / p.C, "k": p.k, "v_r": p.v_r, "v_t": p.v_t, "a": p.a, "b": p.b,
            "v_peak": p.v_peak, "c": p.c, "d": p.d, "h": p.dt / p.substeps, "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(v, u, input_current, inv_c, k, v_r, v_t, a, b, v_peak, c, d, h, n_sub):
        # constants into locals: the object API reads constants as attributes, the loop below uses them often
        icap = inv_c
        kc = k * icap
        ic = input_current * icap
        vr = v_r
        vt = v_t
        aa = a
        ab = a * b
        hh = 0.5 * h
        h6 = h / 6.0
        spike = 0
        for _sub in range(n_sub):
            dv1 = kc * (v - vr) * (v - vt) - u * icap + ic
            du1 = ab * (v - vr) - aa * u
            v2 = v + hh * dv1
            u2 = u + hh * du1
            dv2 = kc * (v2 - vr) * (v2 - vt) - u2 * icap + ic
            du2 = ab * (v2 - vr) - aa * u2
            v3 = v + hh * dv2
            u3 = u + hh * du2
            dv3 = kc * (v3 - vr) * (v3 - vt) - u3 * icap + ic
            du3 = ab * (v3 - vr) - aa * u3
            v4 = v + h * dv3
            u4 = u + h * du3
            dv4 = kc * (v4 - vr) * (v4 - vt) - u4 * icap + ic
            du4 = ab * (v4 - vr) - aa * u4
            v = v + h6 * (dv1 + 2.0 * dv2 + 2.0 * dv3 + dv4)
            u = u + h6 * (du1 + 2.0 * du2 + 2.0 * du3 + du4)
            if v >= v_peak:
                v = c
                u = u + d
                spike = 1
        return v, u, spike
