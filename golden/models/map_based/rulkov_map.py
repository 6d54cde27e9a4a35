"""Rulkov map neuron: the chaotic spiking-bursting map (Rulkov 2002) and the non-chaotic piecewise map (2004)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

VARIANTS = {0: "chaotic map, Rulkov 2002", 1: "non-chaotic piecewise map, Rulkov, Timofeev & Bazhenov 2004"}


@params_dataclass
class RulkovMapParams(ParamSet):
    alpha: float = param(4.1, lo=0.0, lo_open=True, hi=20.0, doc="nonlinearity of the fast map (bursts need > 4)")
    sigma: float = param(-1.0, lo=-10.0, hi=10.0, doc="dc drive of the slow variable (the paper's control)")
    mu: float = param(0.001, lo=0.0, lo_open=True, hi=0.1, doc="rate of the slow variable (0 < mu << 1)")
    beta_e: float = param(0.0, lo=-10.0, hi=10.0, doc="gain of the input into the fast variable")
    sigma_e: float = param(1.0, lo=-10.0, hi=10.0, doc="gain of the input into the slow variable")
    variant: int = param(0, lo=0, hi=1, integer=True, doc="0 = chaotic map (2002), 1 = piecewise map (2004)")
    x_threshold: float = param(0.0, lo=-10.0, hi=10.0, doc="spike detection level (upward crossing of x)")
    x0: float = param(-1.0, lo=-10.0, hi=10.0, doc="initial fast variable")
    y0: float = param(-3.0, lo=-20.0, hi=20.0, doc="initial slow variable")


@register(
    family="map-based",
    reference="Rulkov 2002, Phys. Rev. E 65:041922; Rulkov, Timofeev & Bazhenov 2004, J. Comput. Neurosci. 17:203",
    units="dimensionless; one step = one map iteration",
    primary="input_current",
    sweep=(-1.0, 2.0),
)
class RulkovMapNeuron(Neuron):
    """Rulkov's two-dimensional map neuron (one fast variable x, one slow variable y); one step = one iteration.

    ``variant = 0``, the chaotic map (Rulkov 2002, Phys. Rev. E 65:041922; first used in Rulkov 2001, Phys. Rev.
    Lett. 86:183)::

        x_{n+1} = alpha / (1 + x_n^2) + y_n + beta_e I_n
        y_{n+1} = y_n - mu (x_n - sigma - sigma_e I_n)

    For alpha > 4 the fast map, with y frozen, has a chaotic spiking attractor coexisting with a stable fixed
    point; the slow drift of y switches between them, giving bursts of spikes separated by silence. sigma (the
    dc drive) moves the neuron from silence through bursting to continuous (chaotic) spiking.

    ``variant = 1``, the non-chaotic piecewise map (Rulkov, Timofeev & Bazhenov 2004, J. Comput. Neurosci.
    17:203), with u = y_n + beta_e I_n::

        x_{n+1} = alpha / (1 - x_n) + u        if x_n <= 0
                = alpha + u                    if 0 < x_n < alpha + u and x_{n-1} <= 0
                = -1                           if x_n >= alpha + u or x_{n-1} > 0
        y_{n+1} = y_n - mu (x_n + 1) + mu (sigma + sigma_e I_n)

    The previous value x_{n-1} (state ``x_prev``) makes every spike last exactly one iteration at its peak.

    The input ``input_current`` I enters as the papers' external terms beta_n = beta_e I (fast) and sigma_n =
    sigma_e I (slow); the defaults (beta_e = 0, sigma_e = 1) make I a shift of sigma, the dc drive of the paper.
    Output: ``spike`` = 1 on the iteration where x crosses ``x_threshold`` upwards (default 0: silent x stays
    near -1.5, spike peaks reach alpha + y > 0). Parameters (dimensionless): alpha (0, 20] (4.1), sigma [-10,
    10] (-1.0), mu (0, 0.1] (0.001), beta_e, sigma_e [-10, 10] (0, 1), variant 0/1 (0), x_threshold (0), x0, y0
    (-1, -3). The default point (alpha 4.1, sigma -1, mu 0.001) lies in the bursting region of the chaotic map
    (bursts of ~40 spikes every ~200 iterations, measured here); sigma = -1.8 is silent, alpha = 6 spikes
    continuously.

    Differences from the seed: the seed implemented only the piecewise map, credited to the 2002 paper, without
    the x_{n-1} condition; here the 2002 chaotic map is the default and the 2004 map is selectable.
    """

    Params = RulkovMapParams
    state_vars = {"x": float, "y": float, "x_prev": float}
    inputs = (Input("input_current", 0.0, "", "external drive I (enters as beta_e I and sigma_e I)"),)

    @staticmethod
    def initial_state(p):
        return {"x": p.x0, "y": p.y0, "x_prev": p.x0}

    @staticmethod
    def derive(p):
        return {"alpha": p.alpha, "sigma": p.sigma, "mu": p.mu, "beta_e": p.beta_e, "sigma_e": p.sigma_e,
                "variant": p.variant, "x_th": p.x_threshold}

    @staticmethod
    def kernel(x, y, x_prev, input_current, alpha, sigma, mu, beta_e, sigma_e, variant, x_th):
        drive = sigma + sigma_e * input_current
        if variant == 0:
            x_new = alpha / (1.0 + x * x) + y + beta_e * input_current
            y_new = y - mu * (x - drive)
        else:
            u = y + beta_e * input_current
            if x <= 0.0:
                x_new = alpha / (1.0 - x) + u
            elif x < alpha + u and x_prev <= 0.0:
                x_new = alpha + u
            else:
                x_new = -1.0
            y_new = y - mu * (x + 1.0) + mu * drive
        spike = 1 if (x_new >= x_th and x < x_th) else 0
        return x_new, y_new, x, spike
