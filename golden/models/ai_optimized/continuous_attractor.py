"""Ring attractor of rate units that holds a bump of activity at a remembered angle (project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.registry import register

TWO_PI = 2.0 * math.pi


@params_dataclass
class ContinuousAttractorParams(ParamSet):
    n_units: int = param(32, units="", lo=4, hi=4096, integer=True, doc="number of units on the ring")
    tau: float = positive(10.0, "ms", "time constant of the units")
    excitation: float = param(6.0, units="1", lo=0.0, hi=1000.0, doc="amplitude A of the local excitation")
    inhibition: float = param(2.0, units="1", lo=0.0, hi=1000.0, doc="uniform inhibition B")
    sigma: float = param(0.6, units="rad", lo=0.0, lo_open=True, hi=math.pi, doc="width of the local excitation")
    cue_width: float = param(0.5, units="rad", lo=0.0, lo_open=True, hi=math.pi, doc="width of the cue's profile")
    activity_threshold: float = param(0.5, units="1", lo=0.0, lo_open=True, hi=1.0, hi_open=True,
                                      doc="rate above which a unit counts as active (the 'spike' output)")
    dt: float = positive(1.0, "ms", "time step (<= tau)")

    def check(self) -> None:
        if self.dt > self.tau:
            raise ValueError(f"dt must be <= tau for the Euler step to be stable, got dt={self.dt} > tau={self.tau}")


def ring_weights(p: ContinuousAttractorParams) -> np.ndarray:
    """w(k), the weight from unit i + k to unit i (k = 0..n-1): (2 pi / n) (A exp(-d_k^2 / (2 sigma^2)) - B) with
    d_k the circular distance of k units, in radians. The full matrix is w_ij = w((j - i) mod n)."""
    n = p.n_units
    k = np.arange(n)
    d = TWO_PI * np.minimum(k, n - k) / n
    return (TWO_PI / n) * (p.excitation * np.exp(-d * d / (2.0 * p.sigma * p.sigma)) - p.inhibition)


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: ring attractor of Zhang 1996, "
    "J. Neurosci. 16:2112 and the neural field of Amari 1977, Biol. Cybern. 27:77",
    units="a.u.; angles in rad; time in ms",
    primary="input_current",
    sweep=(-2.0, 10.0),
)
class ContinuousAttractorNeuron(Neuron):
    """Ring attractor: n rate units with local excitation and global inhibition hold a bump at a cued angle.

    Project-designed model, no external publication (the seed's ``ContinuousAttractorNeuron``, vectorised
    and given a cue input); the architecture is the classic ring attractor of Zhang 1996 (J. Neurosci.
    16:2112) and Amari 1977 (Biol. Cybern. 27:77). Unit i has the preferred angle theta_i = 2 pi i / n::

        tau du_i/dt = -u_i + sum_j w_ij r_j + I + c_i,      r = f(u) = u+^2 / (1 + u+^2)   (u+ = max(u, 0))
        w_ij = (2 pi / n) (A exp(-d_ij^2 / (2 sigma^2)) - B)                               (d: circular distance)
        c_i  = cue_strength exp(-d(theta_i, cue_position)^2 / (2 cue_width^2))

    I (``input_current``) reaches every unit alike; the cue (``cue_position`` rad, ``cue_strength``) is a
    bump-shaped input. The weights depend on j - i only (a circulant matrix), so the kernel sums n shifted
    copies of r (n vector operations, no O(n^2) Python loop); the offsets are precomputed in ``derive``.
    Integration: explicit Euler with dt <= tau.

    Behaviour (tested): with the default weights a cue starts a bump that outlives it (the rates stay high
    around the cued angle after the cue is removed: a memory of the angle), and a cue that moves around the
    ring is followed by the bump. The read-outs are the bump's angle from the population vector,
    ``position = atan2(sum r_i sin theta_i, sum r_i cos theta_i)`` in [0, 2 pi) (0 when the rates are uniform
    around the ring: no bump, no angle), ``peak_rate`` = max r, and ``spike`` = 1 when some
    unit's rate is at least ``activity_threshold`` (a bump or a uniform active state exists). f(0) = 0, so
    u = 0 is also a fixed point: without a cue or a uniform input above threshold the ring stays silent.

    Parameters (legal range, default): ``n_units`` integer [4, 4096] (32), ``tau`` ms (10), ``excitation`` A
    [0, 1000] (6), ``inhibition`` B [0, 1000] (2), ``sigma`` rad (0, pi] (0.6), ``cue_width`` rad (0, pi]
    (0.5), ``activity_threshold`` (0, 1) (0.5), ``dt`` ms (0, tau] (1). State: ``u`` (vector of n). Inputs:
    ``input_current`` (uniform, ``step(x)``), ``cue_position`` (rad, 0), ``cue_strength`` (0). Outputs:
    ``spike`` 0/1, ``position`` (rad, value), ``peak_rate`` (max r, value).

    Differences from the seed: weights normalised by 2 pi / n and distances in radians (so the behaviour does
    not depend on n), a cue input, a population-vector read-out, vectorised update.
    """

    Params = ContinuousAttractorParams
    state_vars = {"u": Vector(float, "n_units")}
    inputs = (
        Input("input_current", 0.0, "a.u.", "uniform input I to every unit"),
        Input("cue_position", 0.0, "rad", "angle of the cue"),
        Input("cue_strength", 0.0, "a.u.", "peak amplitude of the cue (0: no cue)"),
    )
    outputs = (Output("spike"), Output("position", "value", np.float64), Output("peak_rate", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"u": np.zeros(p.n_units)}

    @staticmethod
    def derive(p):
        n = p.n_units
        idx = np.arange(n)
        theta = TWO_PI * idx / n
        return {
            "n": n,
            "w": ring_weights(p),
            "shift": (idx[:, None] + idx[None, :]) % n,  # shift[k, i] = (i + k) mod n
            "theta": theta,
            "cos_t": np.cos(theta),
            "sin_t": np.sin(theta),
            "inv_2cw2": 1.0 / (2.0 * p.cue_width * p.cue_width),
            "r_th": p.activity_threshold,
            "h": p.dt / p.tau,
        }

    @staticmethod
    def kernel(u, input_current, cue_position, cue_strength, n, w, shift, theta, cos_t, sin_t, inv_2cw2, r_th, h):
        up = np.maximum(u, 0.0)
        r = up * up / (1.0 + up * up)
        drive = np.zeros(n)
        for k in range(n):
            drive += w[k] * r[shift[k]]
        drive += input_current
        if cue_strength != 0.0:
            c0 = cue_position - TWO_PI * math.floor(cue_position / TWO_PI)
            for i in range(n):
                d = abs(theta[i] - c0)
                if d > math.pi:
                    d = TWO_PI - d
                drive[i] += cue_strength * math.exp(-d * d * inv_2cw2)
        u[:] = u + h * (drive - u)
        up = np.maximum(u, 0.0)
        r = up * up / (1.0 + up * up)
        sx = 0.0
        sy = 0.0
        tot = 0.0
        peak = 0.0
        for i in range(n):
            sx += r[i] * cos_t[i]
            sy += r[i] * sin_t[i]
            tot += r[i]
            if r[i] > peak:
                peak = r[i]
        pos = 0.0
        if sx * sx + sy * sy > 1e-12 * tot * tot:
            pos = math.atan2(sy, sx)
            if pos < 0.0:
                pos += TWO_PI
            if pos >= TWO_PI:
                pos = 0.0
        spike = 0
        if peak >= r_th:
            spike = 1
        return u, spike, pos, peak

    def bump_position(self) -> float:
        """The bump's angle (rad, [0, 2 pi)) decoded from the current rates by the population vector."""
        up = np.maximum(self.u, 0.0)
        r = up * up / (1.0 + up * up)
        ang = math.atan2(float(np.sum(r * self._k_sin_t)), float(np.sum(r * self._k_cos_t)))
        return ang % TWO_PI if ang % TWO_PI < TWO_PI else 0.0
