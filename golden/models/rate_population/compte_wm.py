"""Spatial working-memory ring of Compte, Brunel, Goldman-Rakic & Wang 2000, reduced to NMDA-gated rate units."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.models.rate_population._common import relax_factor
from golden.registry import register

N_MODES = 4  # harmonics of the spatially correlated background noise (2 coefficients each)


def footprint_tmp(sigma_deg: float) -> float:
    """(1/360) * integral over [-180, 180] deg of exp(-t^2 / (2 sigma^2)) dt: the share of the Gaussian on the ring."""
    return math.sqrt(2.0 * math.pi) * sigma_deg * math.erf(180.0 / (math.sqrt(2.0) * sigma_deg)) / 360.0


def j_minus(p) -> float:
    """J-, fixed by the normalisation (1/360) * integral W(t) dt = 1 (Compte et al. 2000, Methods)."""
    tmp = footprint_tmp(p.sigma_ee)
    return (1.0 - p.J_plus * tmp) / (1.0 - tmp)


def footprint(delta_deg, p) -> np.ndarray:
    """W(d) = J- + (J+ - J-) exp(-d^2 / (2 sigma_EE^2)) for angular distances d in degrees (wrapped to [0, 180])."""
    d = np.abs(np.asarray(delta_deg, dtype=np.float64)) % 360.0
    d = np.minimum(d, 360.0 - d)
    jm = j_minus(p)
    return jm + (p.J_plus - jm) * np.exp(-0.5 * (d / p.sigma_ee) ** 2)


def preferred_angles(p) -> np.ndarray:
    """Preferred cue angle of each unit, theta_i = 360 i / n_units degrees."""
    return np.arange(p.n_units) * (360.0 / p.n_units)


@params_dataclass
class CompteWMParams(ParamSet):
    n_units: int = param(64, units="", lo=8, hi=2048, integer=True,
                         doc="rate units on the ring (the paper's network has 2048 pyramidal cells)")
    J_plus: float = param(1.62, units="", lo=1.0, hi=20.0,
                          doc="peak of the E->E footprint W (1: no structure, uniform recurrent excitation)")
    sigma_ee: float = param(18.0, units="deg", lo=0.5, hi=180.0, doc="width of the E->E footprint W")
    G_E: float = param(5.0, units="nA", lo=0.0, hi=100.0,
                       doc="recurrent NMDA excitation: current of a fully gated ring (all s = 1) through W = 1")
    G_I: float = param(5.0, units="nA", lo=0.0, hi=100.0,
                       doc="effective global inhibition: current removed per unit of mean gating over the ring")
    I_0: float = param(0.33, units="nA", lo=-10.0, hi=10.0, doc="mean background (external AMPA) current")
    a: float = positive(270.0, "Hz/nA", "gain of the transfer function H")
    b: float = param(108.0, units="Hz", lo=-1e4, hi=1e4, doc="offset of H")
    d: float = positive(0.154, "s", "curvature of H")
    gamma: float = positive(0.641, "", "NMDA gating factor (fraction of channels a spike opens, saturation)")
    tau_nmda: float = positive(100.0, "ms", "NMDA decay time constant")
    tau_noise: float = positive(2.0, "ms", "correlation time of the background noise (AMPA time constant)")
    sigma_noise: float = param(0.01, units="nA", lo=0.0, hi=1.0,
                               doc="stationary sd of the background noise current at each unit (0: no noise)")
    cue_width: float = param(6.0, units="deg", lo=0.5, hi=180.0, doc="sd of the Gaussian profile of the cue")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")

    def check(self) -> None:
        tmp = footprint_tmp(self.sigma_ee)
        if self.J_plus * tmp >= 1.0:
            raise ValueError(f"J_plus * (share of the footprint on the ring) must be < 1 so that J- >= 0 and "
                             f"W is normalised, got J_plus={self.J_plus}, sigma_ee={self.sigma_ee} "
                             f"(J_plus must be < {1.0 / tmp:.4g} for this sigma_ee)")
        if 360.0 / self.n_units > self.sigma_ee:
            raise ValueError(f"the ring is too coarse for the footprint: the grid step 360/n_units must be <= "
                             f"sigma_ee, got n_units={self.n_units} (step {360.0 / self.n_units:.3g} deg), "
                             f"sigma_ee={self.sigma_ee}")


@register(
    family="rate-and-population",
    reference="Compte, Brunel, Goldman-Rakic & Wang 2000, Cereb. Cortex 10:910 (ring structure, NMDA time "
              "scale); rate reduction after Wong & Wang 2006, J. Neurosci. 26:1314",
    units="ms, Hz, nA; angles in degrees",
    primary="input_current",
    sweep=(-0.3, 0.5),
    quiet_params={"sigma_noise": 0.0},
)
class CompteWMNeuron(Neuron):
    """Bump-attractor model of spatial working memory (Compte, Brunel, Goldman-Rakic & Wang 2000) as a ring of
    NMDA-gated rate units.

    The reference (Compte et al. 2000, Cereb. Cortex 10:910-923) is a spiking network of 2048 pyramidal cells
    and 512 interneurons (conductance-based LIF, AMPA/NMDA/GABA_A synapses, Poisson background) in which only
    the pyramidal-to-pyramidal connections are structured: cell i, of preferred cue angle theta_i, receives
    from cell j with the weight W(theta_i - theta_j) = J- + (J+ - J-) exp(-(theta_i - theta_j)^2 / (2
    sigma_EE^2)), J- set by the normalisation (1/360) integral W = 1; all connections from and to the
    interneurons are uniform. A transient cue leaves a localized "bump" of persistent activity that holds the
    cue angle through the delay, sustained by the slow NMDA recurrence; without the structure (J+ = 1) the
    network returns to its spontaneous state; the bump position diffuses slowly under noise; a distractor far
    from the bump, of cue-like strength, leaves it in place.

    What is implemented here (a documented reduction: a faithful 2560-neuron spiking network per ``step`` is too
    heavy for this catalogue's object API). Each of the ``n_units`` units stands for the pyramidal cells of one
    preferred angle and is described, as in the mean-field reduction of Wong & Wang 2006 (J. Neurosci.
    26:1314, eqs. 7-10; their H is a fit to the transfer function of the LIF pyramidal cells of this family of
    networks, not a fit made for the 2000 network), by its NMDA gating variable s_i::

        x_i   = (1/n) sum_j (G_E W(theta_i - theta_j) - G_I) s_j + I_0 + input_current + c_i + eta_i    (nA)
        r_i   = H(x_i) = (a x_i - b) / (1 - exp(-d (a x_i - b)))                                        (Hz)
        ds_i/dt = -s_i / tau_NMDA + gamma (1 - s_i) r_i
        c_i   = cue exp(-dist(theta_i, cue_angle)^2 / (2 cue_width^2))

    The uniform interneuron population of the paper is fast (GABA_A 10 ms, against NMDA 100 ms) and driven by
    the mean pyramidal activity, so it enters as a global inhibition proportional to the mean gating (G_I), as
    Wong & Wang did for their pools. The background noise (the paper's Poisson input through 2 ms AMPA synapses)
    is a spatially smooth random field on the ring: eta(theta, t) = sum_{m=1..4} (A_m cos m theta + B_m sin m
    theta), the 8 coefficients independent Ornstein-Uhlenbeck processes with time constant tau_noise, updated
    exactly in distribution from one standard normal each per step; its statistics are rotation invariant and
    its stationary sd at every unit is sigma_noise. (The protocol gives one draw per named random and step,
    so the field is limited to its low harmonics, which are the ones that move a bump: the translation mode of
    a bump of ~60 deg lies in them.)

    Parameters: from the paper, J+ = 1.62, sigma_EE = 18 deg, tau_NMDA = 100 ms and the 2 ms AMPA time constant
    of the noise (as quoted identically by two public ports, the Brian port of Murray et al. 2012 and a BrainPy
    port; the Brian port notes that 18 deg may be a misprint for 14.4 deg: not verified here against the
    paper's text). From Wong & Wang 2006: a = 270 Hz/nA, b = 108 Hz, d = 0.154 s, gamma = 0.641. Chosen here
    (not in either paper) to put the reduced ring in the paper's regime (a spontaneous state of ~1 Hz and a
    stable bump of ~40 Hz peak after a cue, with the uniform state stable without structure): G_E = G_I = 5 nA,
    I_0 = 0.33 nA, sigma_noise = 0.01 nA, cue_width = 6 deg (the Brian port's stimulus width; the paper's
    could not be verified). n_units = 64 by default (grid step 5.6 deg, about sigma_EE / 3; the check asks for
    a step <= sigma_EE) keeps a step cheap.

    Integration (dt 0.5 ms): the noise exactly in distribution; each s_i exactly for r_i held over the step,
    s <- s_inf + (s - s_inf) exp(-dt (1/tau_NMDA + gamma r)), s_inf = gamma r / (1/tau_NMDA + gamma r), so s
    stays in [0, 1]. The ring sum is a fixed-order sum over the n circular shifts (vector operations in that
    order), so the object API (numpy) and the compiled loops (numba) agree bitwise. H uses its limit 1/d at
    a x = b and a clipped exponent (no overflow for very negative x).

    Inputs: ``input_current`` (uniform current added to every unit, nA; ``step(x)`` drives it), ``cue``
    (peak current of the localized cue, nA; a distractor is a cue at another angle) and ``cue_angle`` (deg).
    State: ``s`` (the n_units gating variables) and ``noise`` (the 8 coefficients of the noise field).
    Outputs: ``rate`` (kind 'rate': the mean rate over the ring, Hz), ``peak_rate`` (the largest r_i, Hz) and
    ``position`` (the population-vector angle of the rates, atan2(sum r_i sin theta_i, sum r_i cos theta_i),
    in [0, 360) deg: the remembered location while a bump is held).

    Differences from the paper: a rate reduction (no spikes, no AMPA/NMDA/GABA conductances, no Mg block, no
    interneuron population in its own right); noise restricted to 4 harmonics; couplings chosen for the reduced
    model. Differences from the seed (a single LIF neuron with autaptic synapses, ``step(current,
    spike_in)``): the seed had no ring, no structured connectivity and so no working memory at all.
    """

    Params = CompteWMParams
    state_vars = {"s": Vector(float, "n_units"), "noise": Vector(float, 2 * N_MODES)}
    inputs = (Input("input_current", 0.0, "nA", "uniform current added to every unit"),
              Input("cue", 0.0, "nA", "peak current of the localized cue (0: no cue)"),
              Input("cue_angle", 180.0, "deg", "angle the cue is centred on"))
    outputs = (Output("rate", "rate", float), Output("peak_rate", "value", float),
               Output("position", "value", float))
    randoms = {f"xi{k}": "normal" for k in range(1, 2 * N_MODES + 1)}

    @staticmethod
    def initial_state(p):
        return {"s": np.zeros(p.n_units), "noise": np.zeros(2 * N_MODES)}

    @staticmethod
    def noise_active(p):
        return p.sigma_noise > 0.0

    @staticmethod
    def derive(p):
        n = p.n_units
        theta = preferred_angles(p)
        # wk[k]: weight from unit i + k to unit i; shift[k][i] = (i + k) mod n
        wk = (p.G_E * footprint(theta, p) - p.G_I) / n
        idx = np.arange(n)
        shift = (idx[None, :] + idx[:, None]) % n
        rad = np.radians(theta)
        basis = np.empty((2 * N_MODES, n))
        for m in range(N_MODES):
            basis[2 * m] = np.cos((m + 1) * rad)
            basis[2 * m + 1] = np.sin((m + 1) * rad)
        e = relax_factor(p.dt, p.tau_noise)
        return {
            "n_units": n, "wk": np.ascontiguousarray(wk), "shift": np.ascontiguousarray(shift, dtype=np.int64),
            "theta": theta, "cos_t": np.cos(rad), "sin_t": np.sin(rad), "basis": basis,
            "e_n": e, "sd_n": p.sigma_noise / math.sqrt(N_MODES) * math.sqrt(1.0 - e * e),
            "base": p.I_0, "ga": p.a, "gb": p.b, "gd": p.d, "g_k": p.gamma * 1e-3, "inv_tau": 1.0 / p.tau_nmda,
            "dt": p.dt, "inv_2cw2": 0.5 / (p.cue_width * p.cue_width), "inv_n": 1.0 / n,
        }

    @staticmethod
    def kernel(s, noise, input_current, cue, cue_angle, xi1, xi2, xi3, xi4, xi5, xi6, xi7, xi8,
               n_units, wk, shift, theta, cos_t, sin_t, basis, e_n, sd_n, base, ga, gb, gd, g_k, inv_tau, dt,
               inv_2cw2, inv_n):
        # total input: recurrent ring sum (fixed order over the circular shifts) + background + noise field
        x = basis[0] * noise[0]
        x += basis[1] * noise[1]
        x += basis[2] * noise[2]
        x += basis[3] * noise[3]
        x += basis[4] * noise[4]
        x += basis[5] * noise[5]
        x += basis[6] * noise[6]
        x += basis[7] * noise[7]
        for k in range(n_units):
            x += wk[k] * s[shift[k]]
        x += base + input_current
        if cue != 0.0:
            c0 = cue_angle - 360.0 * math.floor(cue_angle / 360.0)
            for i in range(n_units):
                dist = abs(theta[i] - c0)
                if dist > 180.0:
                    dist = 360.0 - dist
                x[i] += cue * math.exp(-dist * dist * inv_2cw2)
        tot = 0.0
        peak = 0.0
        sx = 0.0
        sy = 0.0
        for i in range(n_units):
            y = ga * x[i] - gb
            if abs(gd * y) < 1e-9:
                r = 1.0 / gd
            else:
                r = y / (1.0 - math.exp(min(-gd * y, 700.0)))
            kr = inv_tau + g_k * r
            s_inf = g_k * r / kr
            s[i] = s_inf + (s[i] - s_inf) * math.exp(-dt * kr)
            tot += r
            sx += r * cos_t[i]
            sy += r * sin_t[i]
            if r > peak:
                peak = r
        pos = math.degrees(math.atan2(sy, sx))
        if pos < 0.0:
            pos += 360.0
        noise[0] = noise[0] * e_n + sd_n * xi1
        noise[1] = noise[1] * e_n + sd_n * xi2
        noise[2] = noise[2] * e_n + sd_n * xi3
        noise[3] = noise[3] * e_n + sd_n * xi4
        noise[4] = noise[4] * e_n + sd_n * xi5
        noise[5] = noise[5] * e_n + sd_n * xi6
        noise[6] = noise[6] * e_n + sd_n * xi7
        noise[7] = noise[7] * e_n + sd_n * xi8
        return s, noise, tot * inv_n, peak, pos
