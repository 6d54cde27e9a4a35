"""Leaky competing accumulator (Usher & McClelland 2001), up to four alternatives, with a decision threshold."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class LCAParams(ParamSet):
    n_units: int = param(2, units="", lo=2, hi=4, integer=True, doc="number of alternatives (accumulators)")
    tau: float = positive(100.0, "ms", "time constant")
    k: float = param(0.2, units="", lo=0.0, hi=100.0, doc="leak (decay) of each accumulator")
    beta: float = param(0.2, units="", lo=0.0, hi=100.0, doc="lateral inhibition from each other accumulator")
    sigma: float = param(0.1, units="", lo=0.0, hi=100.0, doc="noise amplitude (sd per sqrt(time/tau))")
    z: float = positive(1.0, "", "decision threshold: a unit reaching it fires and all accumulators reset")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.dt > 0.1 * self.tau:
            raise ValueError(f"dt must be <= tau/10 = {0.1 * self.tau} ms, got dt={self.dt}")


@register(
    family="rate-and-population",
    reference="Usher & McClelland 2001, Psychol. Rev. 108:550",
    units="ms; activations and inputs dimensionless",
    primary="rho0",
    sweep=(0.0, 5.0),
    quiet_params={"sigma": 0.0},
)
class LeakyCompeteFireNeuron(Neuron):
    """Leaky competing accumulator: n leaky, mutually inhibiting, non-negative accumulators racing to a threshold.

    Model (Usher & McClelland 2001, Psychol. Rev. 108:550-592, eq. 4)::

        dx_i = [rho_i - k x_i - beta sum_{j != i} x_j] dt/tau + sigma xi_i sqrt(dt/tau),   x_i <- max(x_i, 0)

    with independent standard normals xi_i, one per unit and step (the paper's discrete update, i.e.
    Euler-Maruyama). In the linear range (all x_i > 0, no noise) the two-unit system relaxes along the sum mode
    with rate (k + beta)/tau and along the difference mode with rate (k - beta)/tau: beta > k makes the difference
    unstable (winner-take-all), beta = k is the balanced case equivalent to the drift-diffusion model (Bogacz et
    al. 2006). "Fire": when an accumulator reaches ``z`` it emits a decision (output ``decision`` = its index
    + 1) and all accumulators reset to 0, so that a constant input produces a sequence of trials.

    Parameters (illustrative values in the ranges the paper discusses; no table of the paper is reproduced):
    ``n_units`` 2 (2..4), ``tau`` 100 ms, ``k`` 0.2, ``beta`` 0.2, ``sigma`` 0.1, ``z`` 1, ``dt`` 1 ms
    (<= tau/10). Inputs ``rho0`` .. ``rho3`` (inputs of the accumulators; those beyond n_units are ignored).
    State x0..x3 (the unused ones stay 0). Outputs: ``decision`` (kind 'value', int: 0, or k + 1 when unit k
    reached z this step) and ``act0``, ``act1`` (kind 'rate': the activations of units 0 and 1 after the step,
    before a reset). Four randoms (one normal per unit) are drawn each step. Differences from the seed: the
    seed's units were leaky integrate-and-fire neurons with reset and inhibition by spikes, not the LCA.
    """

    Params = LCAParams
    speculate = False
    state_vars = {"x0": float, "x1": float, "x2": float, "x3": float}
    inputs = tuple(Input(f"rho{k}", 0.0, "", f"input to accumulator {k}") for k in range(4))
    outputs = (Output("decision", "value", int), Output("act0", "rate", float), Output("act1", "rate", float))
    randoms = {"xi0": "normal", "xi1": "normal", "xi2": "normal", "xi3": "normal"}

    @staticmethod
    def initial_state(p):
        return {"x0": 0.0, "x1": 0.0, "x2": 0.0, "x3": 0.0}

    @staticmethod
    def noise_active(p):
        return p.sigma > 0.0

    @staticmethod
    def derive(p):
        return {"h": p.dt / p.tau, "k": p.k, "beta": p.beta, "sd": p.sigma * math.sqrt(p.dt / p.tau), "z": p.z,
                "use2": 1.0 if p.n_units >= 3 else 0.0, "use3": 1.0 if p.n_units >= 4 else 0.0}

    @staticmethod
    def kernel(x0, x1, x2, x3, rho0, rho1, rho2, rho3, xi0, xi1, xi2, xi3, h, k, beta, sd, z, use2, use3):
        total = x0 + x1 + x2 + x3
        n0 = x0 + h * (rho0 - k * x0 - beta * (total - x0)) + sd * xi0
        n1 = x1 + h * (rho1 - k * x1 - beta * (total - x1)) + sd * xi1
        n2 = use2 * (x2 + h * (rho2 - k * x2 - beta * (total - x2)) + sd * xi2)
        n3 = use3 * (x3 + h * (rho3 - k * x3 - beta * (total - x3)) + sd * xi3)
        n0 = max(n0, 0.0)
        n1 = max(n1, 0.0)
        n2 = max(n2, 0.0)
        n3 = max(n3, 0.0)
        best = n0
        winner = 1
        if n1 > best:
            best = n1
            winner = 2
        if n2 > best:
            best = n2
            winner = 3
        if n3 > best:
            best = n3
            winner = 4
        if best >= z:
            return 0.0, 0.0, 0.0, 0.0, winner, n0, n1
        return n0, n1, n2, n3, 0, n0, n1
