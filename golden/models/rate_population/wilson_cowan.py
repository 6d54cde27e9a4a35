"""Wilson-Cowan excitatory-inhibitory population pair (Wilson & Cowan 1972)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register

#: Wilson & Cowan 1972 parameter sets. "limit_cycle": the set of their limit-cycle example (c1 16, c2 12, c3 15,
#: c4 3, a_e 1.3, theta_e 4, a_i 2, theta_i 3.7, r 1), which oscillates for a band of constant P around 1.25 and
#: rests at E = I = 0 for P = 0. "hysteresis": their set with multiple stable states (c1 12, c2 4, c3 13, c4 11,
#: a_e 1.2, theta_e 2.8, a_i 1, theta_i 4, r 1).
PRESETS: dict[str, dict[str, float]] = {
    "limit_cycle": {"c1": 16.0, "c2": 12.0, "c3": 15.0, "c4": 3.0, "a_e": 1.3, "theta_e": 4.0, "a_i": 2.0,
                    "theta_i": 3.7},
    "hysteresis": {"c1": 12.0, "c2": 4.0, "c3": 13.0, "c4": 11.0, "a_e": 1.2, "theta_e": 2.8, "a_i": 1.0,
                   "theta_i": 4.0},
}


def wc_sigmoid(x: float, a: float, theta: float) -> float:
    """Wilson & Cowan's response function, shifted so that S(0) = 0: 1/(1+e^{-a(x-theta)}) - 1/(1+e^{a theta})."""
    return 1.0 / (1.0 + math.exp(-a * (x - theta))) - 1.0 / (1.0 + math.exp(a * theta))


@params_dataclass
class WilsonCowanParams(ParamSet):
    c1: float = param(16.0, units="", lo=0.0, hi=1000.0, doc="E -> E coupling")
    c2: float = param(12.0, units="", lo=0.0, hi=1000.0, doc="I -> E coupling (inhibitory, enters with minus)")
    c3: float = param(15.0, units="", lo=0.0, hi=1000.0, doc="E -> I coupling")
    c4: float = param(3.0, units="", lo=0.0, hi=1000.0, doc="I -> I coupling (inhibitory, enters with minus)")
    a_e: float = param(1.3, units="", lo=0.0, lo_open=True, hi=100.0, doc="slope of the E response function")
    theta_e: float = param(4.0, units="", lo=-100.0, hi=100.0, doc="threshold of the E response function")
    a_i: float = param(2.0, units="", lo=0.0, lo_open=True, hi=100.0, doc="slope of the I response function")
    theta_i: float = param(3.7, units="", lo=-100.0, hi=100.0, doc="threshold of the I response function")
    r_e: float = param(1.0, units="", lo=0.0, hi=100.0, doc="refractory period of E cells (in units of tau_e)")
    r_i: float = param(1.0, units="", lo=0.0, hi=100.0, doc="refractory period of I cells (in units of tau_i)")
    tau_e: float = positive(10.0, "ms", "time constant of E")
    tau_i: float = positive(10.0, "ms", "time constant of I")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step (one RK4 step)")

    def check(self) -> None:
        tau = min(self.tau_e, self.tau_i)
        if self.dt > 0.5 * tau:
            raise ValueError(f"dt must be <= min(tau_e, tau_i)/2 = {0.5 * tau} ms for an accurate RK4 step, "
                             f"got dt={self.dt}")


@register(
    family="rate-and-population",
    reference="Wilson & Cowan 1972, Biophys. J. 12:1",
    units="ms; E, I: fractions of cells firing per unit time; P, Q dimensionless",
    primary="input_e",
    sweep=(-2.0, 10.0),
)
class WilsonCowanUnit(Neuron):
    """Wilson-Cowan pair of coupled excitatory (E) and inhibitory (I) populations, with refractoriness.

    Model (Wilson & Cowan 1972, Biophys. J. 12:1-24, eqs. 13-14, time-coarse-grained form)::

        tau_e dE/dt = -E + (k_e - r_e E) S_e(c1 E - c2 I + P)
        tau_i dI/dt = -I + (k_i - r_i I) S_i(c3 E - c4 I + Q)
        S(x) = 1/(1 + exp(-a (x - theta))) - 1/(1 + exp(a theta))      (S(0) = 0)
        k = S(+inf) = 1 - 1/(1 + exp(a theta))

    so E = I = 0 is the resting state for P = Q = 0 and E, I stay inside [k S_min/(1 + r S_min),
    k S_max/(1 + r S_max)] (S_min = -1/(1 + exp(a theta)), S_max = k), bounded for any input.

    Defaults: the paper's limit-cycle set (c1 16, c2 12, c3 15, c4 3, a_e 1.3, theta_e 4, a_i 2, theta_i 3.7,
    r_e = r_i = 1): a stable fixed point at P = 0 and a stable limit cycle for constant P = 1.25 (the paper's
    example). ``preset("hysteresis")`` gives the set with multiple steady states. The paper measures time in units
    of the time constant; here tau_e = tau_i = 10 ms (an assumption of this implementation: only the time axis
    scales with it).

    Integration: one classical RK4 step per ``dt`` (default 0.1 ms, dt <= tau/2 enforced), inputs constant over
    the step. Inputs: ``input_e`` (P, external drive to E; ``step(x)`` drives it) and ``input_i`` (Q).
    Outputs: ``rate_e`` (kind 'rate': the excitatory activity E, the primary output) and ``rate_i`` (I).
    Differences from the seed: the seed dropped the refractory factor (k - r E) and the sigmoid offset its
    docstring announced.
    """

    Params = WilsonCowanParams
    PRESETS = PRESETS
    state_vars = {"e": float, "i": float}
    inputs = (Input("input_e", 0.0, "", "external input P to E"), Input("input_i", 0.0, "", "external input Q to I"))
    outputs = (Output("rate_e", "rate", float), Output("rate_i", "rate", float))

    @classmethod
    def preset(cls, name: str, **overrides) -> WilsonCowanUnit:
        if name not in PRESETS:
            raise ValueError(f"preset must be one of {sorted(PRESETS)}, got {name!r}")
        return cls(**{**PRESETS[name], **overrides})

    @staticmethod
    def initial_state(p):
        return {"e": 0.0, "i": 0.0}

    @staticmethod
    def derive(p):
        off_e = 1.0 / (1.0 + math.exp(p.a_e * p.theta_e))
        off_i = 1.0 / (1.0 + math.exp(p.a_i * p.theta_i))
        return {"c1": p.c1, "c2": p.c2, "c3": p.c3, "c4": p.c4, "a_e": p.a_e, "th_e": p.theta_e, "a_i": p.a_i,
                "th_i": p.theta_i, "off_e": off_e, "off_i": off_i, "k_e": 1.0 - off_e, "k_i": 1.0 - off_i,
                "r_e": p.r_e, "r_i": p.r_i, "ge": p.dt / p.tau_e, "gi": p.dt / p.tau_i}

    @staticmethod
    def kernel(e, i, input_e, input_i, c1, c2, c3, c4, a_e, th_e, a_i, th_i, off_e, off_i, k_e, k_i, r_e, r_i, ge,
               gi):
        # classical RK4; the arguments of the logistic are clamped at -700 (exp overflow), where S = -off
        ea, ia = e, i
        se, si = 0.0, 0.0
        for stage in range(4):
            xe = min(a_e * (c1 * ea - c2 * ia + input_e - th_e), 700.0)
            xe = max(xe, -700.0)
            xi = min(a_i * (c3 * ea - c4 * ia + input_i - th_i), 700.0)
            xi = max(xi, -700.0)
            de = ge * (-ea + (k_e - r_e * ea) * (1.0 / (1.0 + math.exp(-xe)) - off_e))
            di = gi * (-ia + (k_i - r_i * ia) * (1.0 / (1.0 + math.exp(-xi)) - off_i))
            wgt = 2.0 if stage == 1 or stage == 2 else 1.0
            se += wgt * de
            si += wgt * di
            frac = 1.0 if stage == 2 else 0.5
            ea = e + frac * de
            ia = i + frac * di
        e = e + se / 6.0
        i = i + si / 6.0
        return e, i, e, i
