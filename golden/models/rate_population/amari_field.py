"""Amari neural field on a ring with a Heaviside firing function (Amari 1977)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.models.rate_population._common import relax_factor
from golden.registry import register

_QUANT = 2.0**-40  # kernel samples are multiples of this: every partial sum of the convolution is exact


def kernel_w(x, p) -> np.ndarray:
    """The connection kernel w(x) = A_e exp(-x^2/(2 s_e^2)) - A_i exp(-x^2/(2 s_i^2)) (difference of Gaussians)."""
    x = np.asarray(x, dtype=np.float64)
    return p.A_e * np.exp(-0.5 * (x / p.sigma_e) ** 2) - p.A_i * np.exp(-0.5 * (x / p.sigma_i) ** 2)


def kernel_W(a, p) -> float:
    """Amari's W(a) = integral_0^a w(x) dx, in closed form (erf)."""
    c = math.sqrt(math.pi / 2.0)
    return (p.A_e * p.sigma_e * c * math.erf(a / (math.sqrt(2.0) * p.sigma_e))
            - p.A_i * p.sigma_i * c * math.erf(a / (math.sqrt(2.0) * p.sigma_i)))


def positions(p) -> np.ndarray:
    """Positions of the n grid points on the ring, x_k = (k - n/2) dx (the stimulus is centred at 0)."""
    return (np.arange(p.n_points) - p.n_points // 2) * p.dx


@params_dataclass
class AmariParams(ParamSet):
    n_points: int = param(200, units="", lo=8, hi=2048, integer=True, doc="grid points on the ring")
    dx: float = positive(0.2, "length", "grid spacing (ring circumference n dx)")
    tau: float = positive(10.0, "ms", "time constant of the field")
    h: float = param(-0.4, units="", lo=-100.0, hi=100.0, doc="resting level (h < 0: quiescent field at rest)")
    A_e: float = param(2.0, units="", lo=0.0, hi=1e3, doc="amplitude of the excitatory Gaussian of w")
    sigma_e: float = positive(1.0, "length", "width of the excitatory Gaussian")
    A_i: float = param(1.0, units="", lo=0.0, hi=1e3, doc="amplitude of the inhibitory Gaussian of w (0: none)")
    sigma_i: float = positive(3.0, "length", "width of the inhibitory Gaussian")
    stim_width: float = positive(1.0, "length", "width (sd) of the Gaussian profile of the localized stimulus")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if (self.A_e + self.A_i) * self.dx * self.n_points >= 4096.0:
            raise ValueError(f"(A_e + A_i) * dx * n_points must be < 4096 (exact sums), got A_e={self.A_e}, "
                             f"A_i={self.A_i}, dx={self.dx}, n_points={self.n_points}")
        half = 0.5 * self.n_points * self.dx
        widest = max(self.sigma_e if self.A_e > 0 else 0.0, self.sigma_i if self.A_i > 0 else 0.0)
        if half < 4.0 * widest:
            raise ValueError(f"the ring is too small for the kernel: n_points*dx/2 = {half} must be >= 4 x the "
                             f"widest Gaussian of w ({widest}); increase n_points or dx, or narrow sigma_e/sigma_i")


@register(
    family="rate-and-population",
    reference="Amari 1977, Biol. Cybern. 27:77",
    units="ms; u dimensionless; positions in units of length (sigma_e)",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class AmariNeuralField(Neuron):
    """Amari's one-layer neural field with lateral-inhibition kernel, discretised on a ring of n_points points.

    Model (Amari 1977, Biol. Cybern. 27:77-87, eq. 1 with one layer)::

        tau du(x,t)/dt = -u + integral w(x - y) f(u(y,t)) dy + h + s(x,t),     f(u) = 1 if u > 0 else 0

    with a difference-of-Gaussians ("Mexican hat" when A_e > A_i and sigma_e < sigma_i) kernel
    w(x) = A_e exp(-x^2/(2 sigma_e^2)) - A_i exp(-x^2/(2 sigma_i^2)). Amari's results used by the tests: with
    W(a) = integral_0^a w, a localized excitation (a "bump") of width a exists when W(a) + h = 0, and it is
    stable when w(a) < 0 (lateral inhibition); without lateral inhibition (A_i = 0) no localized solution exists:
    a local excitation decays when W(inf) + h < 0 (and spreads over the whole field otherwise). The field is
    bounded for any bounded input: h + min(0, s) + sum_k min(0, w_k dx) <= u <= h + max(0, s) + sum_k max(0,
    w_k dx), since f is 0 or 1.

    Discretisation: n = n_points points x_k = (k - n/2) dx on a ring (periodic; the check asks the half-
    circumference to be at least 4 widths of the kernel, so the ring acts as the infinite line). The convolution is
    a vectorised (numpy) matrix-vector product with the circulant matrix W_kj = w(dist(x_k, x_j)) dx; the samples
    are rounded to multiples of 2^-40 (a relative change below 1e-12), so every partial sum is exact in float64 and
    the object API (numpy) and the compiled loops (numba) agree bitwise whatever their summation order. Time: exact
    exponential integration for the convolution held over the step, u <- U + (u - U) exp(-dt/tau).

    Inputs: ``input_current`` (s0, uniform over the field; ``step(x)`` drives it) and ``stimulus`` (amplitude
    of a localized input with the Gaussian profile exp(-x^2/(2 stim_width^2)) centred at x = 0). State ``u``
    (vector of n_points). Outputs: ``rate`` (kind 'rate': the mean firing f over the field, i.e. the excited fraction)
    and ``active_length`` (kind 'value': the length of the excited region, dx x number of points with u > 0;
    for a single bump its width a).

    Defaults (illustrative, not a table of the paper): A_e 2, sigma_e 1, A_i 1, sigma_i 3, h = -0.4, n_points 200,
    dx 0.2, tau 10 ms, dt 0.5 ms: a Mexican hat with W(inf) < 0 and max W ~ 0.77 > -h, so the quiescent field
    and a bump of width ~ 2.6 are both stable. Differences from the seed: Heaviside f as in the paper (the seed's
    rectified-linear f with this kernel diverges for any positive input), a ring of explicit length and the
    localized stimulus input.
    """

    Params = AmariParams
    state_vars = {"u": Vector(float, "n_points")}
    inputs = (Input("input_current", 0.0, "", "uniform external input s0"),
              Input("stimulus", 0.0, "", "amplitude of the localized Gaussian input at x = 0"))
    outputs = (Output("rate", "rate", float), Output("active_length", "value", float))

    @staticmethod
    def initial_state(p):
        return {"u": np.full(p.n_points, p.h)}

    @staticmethod
    def derive(p):
        k = np.arange(p.n_points)
        d = np.abs(k[:, None] - k[None, :])
        d = np.minimum(d, p.n_points - d) * p.dx
        wmat = np.round(kernel_w(d, p) * p.dx / _QUANT) * _QUANT
        return {
            "wmat": np.ascontiguousarray(wmat),
            "profile": np.exp(-0.5 * (positions(p) / p.stim_width) ** 2),
            "decay": relax_factor(p.dt, p.tau),
            "h_rest": p.h,
            "inv_n": 1.0 / p.n_points,
            "dx": p.dx,
        }

    @staticmethod
    def kernel(u, input_current, stimulus, wmat, profile, decay, h_rest, inv_n, dx):
        act = (u > 0.0) * 1.0
        drive = (wmat * act).sum(axis=1) + (h_rest + input_current) + stimulus * profile
        u[:] = drive + (u - drive) * decay
        n_on = float((u > 0.0).sum())
        return u, n_on * inv_n, n_on * dx
