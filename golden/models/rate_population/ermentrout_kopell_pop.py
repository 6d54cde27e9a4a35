"""Exact mean field of a population of quadratic integrate-and-fire neurons (Montbrio, Pazo & Roxin 2015)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


def mpr_fixed_points(delta: float, eta: float, j: float, tau: float = 1.0) -> list[tuple[float, float]]:
    """Steady states (r, v) of the Montbrio-Pazo-Roxin equations for a constant total drive ``eta`` (eta_bar + I).

    With x = pi tau r, the steady state of tau r' = Delta/(pi tau) + 2 r v gives v = -Delta/(2 x) and then
    tau v' = 0 reads  Delta^2 + 4 eta x^2 + 4 (J/pi) x^3 - 4 x^4 = 0; its positive roots are found by a scan
    and bisection. Returns (r, v) pairs with r in 1/tau units, lowest rate first.
    """

    def f(x: float) -> float:
        return delta * delta + 4.0 * eta * x * x + 4.0 * (j / math.pi) * x**3 - 4.0 * x**4

    roots = []
    hi = 1.0 + abs(j) / math.pi + math.sqrt(abs(eta)) + delta
    n = 20000
    xs = [1e-9 + (hi * 2.0) * k / n for k in range(n + 1)]
    for x0, x1 in zip(xs[:-1], xs[1:], strict=True):
        f0, f1 = f(x0), f(x1)
        if f0 == 0.0 or f0 * f1 < 0.0:
            lo_, hi_ = x0, x1
            for _ in range(100):
                mid = 0.5 * (lo_ + hi_)
                if f(lo_) * f(mid) <= 0.0:
                    hi_ = mid
                else:
                    lo_ = mid
            x = 0.5 * (lo_ + hi_)
            roots.append((x / (math.pi * tau), -delta / (2.0 * x)))
    return roots


@params_dataclass
class MPRParams(ParamSet):
    tau: float = positive(10.0, "ms", "membrane time constant of the QIF neurons")
    delta: float = param(1.0, units="", lo=0.0, lo_open=True, hi=100.0, doc="half-width of the Lorentzian of eta")
    eta_bar: float = param(-5.0, units="", lo=-1000.0, hi=1000.0, doc="centre of the Lorentzian of eta")
    J: float = param(15.0, units="", lo=-1000.0, hi=1000.0, doc="synaptic weight (J > 0 excitatory)")
    dt: float = param(0.01, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step (one RK4 step)")

    def check(self) -> None:
        if self.dt > 0.01 * self.tau:
            raise ValueError(f"dt must be <= tau/100 = {0.01 * self.tau} ms (RK4 on the fast v dynamics), "
                             f"got dt={self.dt}")


@register(
    family="rate-and-population",
    reference="Montbrio, Pazo & Roxin 2015, Phys. Rev. X 5:021028",
    units="ms; r in 1/ms internally, rate output in Hz; eta, J, Delta, I dimensionless",
    primary="input_current",
    sweep=(-10.0, 100.0),
)
class ErmentroutKopellPopulation(Neuron):
    """Firing-rate equations of Montbrio, Pazo & Roxin 2015: the exact mean field of all-to-all coupled QIF neurons.

    The class name is historical (the catalogue's; the theta/QIF neuron is Ermentrout & Kopell 1986's canonical
    type-I model): the model implemented is the MPR mean field (Montbrio, Pazo & Roxin 2015, Phys. Rev. X
    5:021028, eqs. 12a-b), exact in the thermodynamic limit for QIF neurons ``tau V_j' = V_j^2 + eta_j + J tau
    r(t) + I(t)`` whose excitabilities eta_j follow a Lorentzian of centre ``eta_bar`` and half-width ``delta``::

        tau dr/dt = Delta / (pi tau) + 2 r v
        tau dv/dt = v^2 + eta_bar + J tau r - (pi tau r)^2 + I(t)

    r is the population firing rate and v the mean membrane potential. r stays positive (dr/dt > 0 at r = 0).
    The paper's parameters are the defaults: Delta = 1, eta_bar = -5, J = 15 lie in the bistable region (a low-
    and a high-activity steady state coexist; :func:`mpr_fixed_points`); with tau = 10 ms (the membrane time
    constant used by the paper for its figures in physical units).

    Integration: classical RK4 with I constant over the step ``dt`` (default 0.01 ms, dt <= tau/100 enforced),
    split into n equal sub-steps where n is chosen from the current state so that each sub-step is below 0.05 of
    the local time scale tau/(|v| + pi tau r + sqrt|eta_bar + I| + |J|/pi) (n = 1 near rest; a large step of I
    triggers a population spike of ~ 1e4 Hz that needs more). The seed's fixed Euler step overflowed from
    I = 20. The state starts at the lowest steady state for I = 0.

    Input ``input_current`` (I, dimensionless, in the units of eta). Outputs: ``rate`` (kind 'rate', Hz:
    1000 r) and ``v`` (kind 'value': the mean membrane potential, dimensionless).
    """

    Params = MPRParams
    state_vars = {"r": float, "v": float}
    inputs = (Input("input_current", 0.0, "", "external drive I(t)"),)
    outputs = (Output("rate", "rate", float), Output("v_mean", "value", float))

    @staticmethod
    def initial_state(p):
        r, v = mpr_fixed_points(p.delta, p.eta_bar, p.J, p.tau)[0]
        return {"r": r, "v": v}

    @staticmethod
    def derive(p):
        return {"h": p.dt / p.tau, "d_pi": p.delta / (math.pi * p.tau), "eta": p.eta_bar,
                "jt": p.J * p.tau, "pt": math.pi * p.tau}

    @staticmethod
    def kernel(r, v, input_current, h, d_pi, eta, jt, pt):
        drive = eta + input_current
        # sub-steps: the local rate scale of the flow is ~ |v| + pi tau r + sqrt|drive| (per tau); keep the RK4
        # step below 0.05 of its inverse (a population spike after a large step of I reaches r ~ 1e4 Hz)
        scale = abs(v) + pt * r + math.sqrt(abs(drive)) + abs(jt) / pt
        n = min(int(h * scale / 0.05) + 1, 100000)
        hs = h / n
        for _ in range(n):
            k1r = d_pi + 2.0 * r * v
            k1v = v * v + drive + jt * r - (pt * r) * (pt * r)
            ra, va = r + 0.5 * hs * k1r, v + 0.5 * hs * k1v
            k2r = d_pi + 2.0 * ra * va
            k2v = va * va + drive + jt * ra - (pt * ra) * (pt * ra)
            ra, va = r + 0.5 * hs * k2r, v + 0.5 * hs * k2v
            k3r = d_pi + 2.0 * ra * va
            k3v = va * va + drive + jt * ra - (pt * ra) * (pt * ra)
            ra, va = r + hs * k3r, v + hs * k3v
            k4r = d_pi + 2.0 * ra * va
            k4v = va * va + drive + jt * ra - (pt * ra) * (pt * ra)
            r = r + hs / 6.0 * (k1r + 2.0 * k2r + 2.0 * k3r + k4r)
            v = v + hs / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v)
        return r, v, 1000.0 * r, v
