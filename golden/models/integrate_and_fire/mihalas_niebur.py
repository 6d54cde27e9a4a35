"""Mihalas-Niebur generalized linear integrate-and-fire neuron (the seed's ``MihalasNieburNeuron``)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Behaviours of the paper's Fig. 1 with their Table 1 parameters (the parameters not listed keep the paper's
# common values, which are this model's defaults) and the constant input I_e/C (V/s) of the panel. The table
# values were read from the paper as restated in the ReScience replication of Detorakis (2017); only panels
# driven by a constant input are listed.
MN_PRESETS: dict[str, tuple[dict[str, float], float]] = {
    "tonic_spiking": ({"a": 0.0, "A1": 0.0, "A2": 0.0}, 1.5),  # Fig. 1A
    "class_1": ({"a": 0.0, "A1": 0.0, "A2": 0.0}, 1.0 + 1e-6),  # Fig. 1B
    "spike_frequency_adaptation": ({"a": 5.0, "A1": 0.0, "A2": 0.0}, 2.0),  # Fig. 1C
    "phasic_spiking": ({"a": 5.0, "A1": 0.0, "A2": 0.0}, 1.5),  # Fig. 1D
    "hyperpolarization_induced_spiking": ({"a": 30.0, "A1": 0.0, "A2": 0.0}, -1.0),  # Fig. 1K
    "hyperpolarization_induced_bursting": ({"a": 30.0, "A1": 10.0, "A2": -0.6}, -1.0),  # Fig. 1L
    "tonic_bursting": ({"a": 5.0, "A1": 10.0, "A2": -0.6}, 2.0),  # Fig. 1M
    "phasic_bursting": ({"a": 5.0, "A1": 10.0, "A2": -0.6}, 1.5),  # Fig. 1N
    "mixed_mode": ({"a": 5.0, "A1": 5.0, "A2": -0.3}, 2.0),  # Fig. 1P
}


def _expm(m: np.ndarray) -> np.ndarray:
    """Matrix exponential by scaling and squaring of a Taylor series (small dense matrices, double precision)."""
    norm = float(np.abs(m).sum(axis=1).max())
    k = max(0, math.ceil(math.log2(norm / 0.25))) if norm > 0.25 else 0
    a = m / (2.0**k)
    out = np.eye(m.shape[0])
    term = np.eye(m.shape[0])
    for j in range(1, 20):
        term = term @ a / j
        out = out + term
    for _ in range(k):
        out = out @ out
    return out


@params_dataclass
class MihalasNieburParams(ParamSet):
    E_L: float = param(-0.07, units="V", lo=-0.2, hi=0.1, doc="leak reversal (rest) potential")
    V_r: float = param(-0.07, units="V", lo=-0.2, hi=0.1, doc="potential after a spike")
    theta_inf: float = param(-0.05, units="V", lo=-0.2, hi=0.1, doc="threshold reversal potential (Theta_inf)")
    theta_r: float = param(-0.06, units="V", lo=-0.2, hi=0.1, doc="threshold floor after a spike (Theta_r)")
    G: float = param(50.0, units="1/s", lo=0.0, lo_open=True, hi=1.0e5, doc="leak conductance over capacitance G/C")
    a: float = param(5.0, units="1/s", lo=-1.0e4, hi=1.0e4, doc="threshold sensitivity to V - E_L")
    b: float = param(10.0, units="1/s", lo=0.0, lo_open=True, hi=1.0e5, doc="threshold relaxation rate")
    k1: float = param(200.0, units="1/s", lo=0.0, lo_open=True, hi=1.0e5, doc="decay rate of the current I1")
    k2: float = param(20.0, units="1/s", lo=0.0, lo_open=True, hi=1.0e5, doc="decay rate of the current I2")
    R1: float = param(0.0, units="1", lo=-10.0, hi=10.0, doc="fraction of I1 kept at a spike")
    R2: float = param(1.0, units="1", lo=-10.0, hi=10.0, doc="fraction of I2 kept at a spike")
    A1: float = param(0.0, units="V/s", lo=-1.0e4, hi=1.0e4, doc="current I1/C added at a spike")
    A2: float = param(0.0, units="V/s", lo=-1.0e4, hi=1.0e4, doc="current I2/C added at a spike")
    dt: float = param(1.0e-4, units="s", lo=0.0, lo_open=True, hi=0.01, doc="time step")

    def check(self) -> None:
        if self.V_r >= self.theta_r:
            raise ValueError(f"V_r must be < theta_r (else the neuron fires again right after its reset), got "
                             f"V_r={self.V_r} >= theta_r={self.theta_r} V")


@register(
    family="integrate-and-fire",
    reference="Mihalas & Niebur 2009, Neural Comput. 21:704",
    units="V, s, currents as I/C in V/s",
    primary="input_current",
    sweep=(-1.0, 20.0),
)
class MihalasNieburNeuron(Neuron):
    """Mihalas-Niebur generalized linear integrate-and-fire neuron: adaptive threshold and spike-induced currents.

    Model (Mihalas & Niebur 2009, "A generalized linear integrate-and-fire neural model produces diverse
    spiking behaviors", Neural Comput. 21:704, eqs. 2.1-2.2 and the update rules at a spike; two internal
    currents as in all the paper's simulations; currents are written per unit capacitance, as in its Table 1)::

        dI_j/dt = -k_j I_j                                         (j = 1, 2)
        dV/dt = I_e + I_1 + I_2 - G (V - E_L)
        dTheta/dt = a (V - E_L) - b (Theta - theta_inf)
        V(t) >= Theta(t)  ->  spike:  I_j <- R_j I_j + A_j,  V <- V_r,  Theta <- max(theta_r, Theta)

    The defaults are the paper's common parameters (b = 10/s, G/C = 50/s, k1 = 200/s, k2 = 20/s,
    theta_inf = -0.05 V, R1 = 0, R2 = 1, E_L = V_r = -0.07 V, theta_r = -0.06 V) with a = 5/s and no
    spike-induced current: with a > 0 the threshold follows the membrane potential, so this default neuron
    shows spike-frequency adaptation at I_e/C = 2 V/s and phasic spiking at 1.5 V/s (Fig. 1C, 1D); it is not
    the plain LIF that a = b = R1 = R2 = 0 would give. ``MN_PRESETS`` / ``MihalasNieburNeuron.preset(name)``
    give the Table 1 parameters of the constant-input behaviours of Fig. 1 (tonic spiking, class 1,
    spike-frequency adaptation, phasic spiking, hyperpolarization-induced spiking and bursting, tonic and phasic
    bursting, mixed mode); ``preset_input(name)`` is the panel's I_e/C.

    Integration: between spikes the model is linear with constant coefficients, so each step applies its exact
    propagator for an input constant over the step: ``x <- P x + q I_e`` on ``x = (I_1, I_2, V - E_L,
    Theta - theta_inf)``, with P = exp(M dt) and q computed once from the 5x5 augmented matrix (scaling and
    squaring; any eigenvalue multiplicity). The threshold test V >= Theta is made at the end of each step and
    the spike reported in that step (the paper solves for the exact crossing time instead; with dt = 0.1 ms
    the difference is at most one step per spike).

    Parameters (units, legal range, default): potentials ``E_L``, ``V_r``, ``theta_inf``, ``theta_r`` in V
    [-0.2, 0.1] (-0.07, -0.07, -0.05, -0.06; V_r < theta_r), rates ``G`` (G/C), ``b``, ``k1``, ``k2`` in 1/s
    (0, 1e5] (50, 10, 200, 20), ``a`` 1/s [-1e4, 1e4] (5), ``R1``, ``R2`` [-10, 10] (0, 1), ``A1``, ``A2``
    (A_j/C) V/s [-1e4, 1e4] (0, 0), ``dt`` s (0, 0.01] (1e-4). Input: ``step(input_current)``, the external
    current I_e/C in V/s (the paper's unit). Output: ``spike`` 0/1. State: ``v``, ``theta`` (V), ``i1``,
    ``i2`` (V/s).

    Differences from the seed: the seed defaulted to a = b = R1 = R2 = 0 (a plain LIF) with Euler; here the
    paper's defaults and exact propagators are used, in the paper's units.
    """

    Params = MihalasNieburParams
    state_vars = {"v": float, "theta": float, "i1": float, "i2": float}
    inputs = (Input("input_current", 0.0, "V/s", "external current I_e/C"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> MihalasNieburNeuron:
        """A neuron with the Table 1 parameters of one behaviour of Fig. 1 (see ``MN_PRESETS``)."""
        if name not in MN_PRESETS:
            raise ValueError(f"unknown Mihalas-Niebur preset {name!r}; presets: {', '.join(MN_PRESETS)}")
        seed = overrides.pop("seed", None)
        return cls(seed=seed, **{**MN_PRESETS[name][0], **overrides})

    @staticmethod
    def preset_input(name: str) -> float:
        """The constant input I_e/C (V/s) of the Fig. 1 panel of a preset."""
        if name not in MN_PRESETS:
            raise ValueError(f"unknown Mihalas-Niebur preset {name!r}; presets: {', '.join(MN_PRESETS)}")
        return MN_PRESETS[name][1]

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "theta": p.theta_inf, "i1": 0.0, "i2": 0.0}

    @staticmethod
    def derive(p):
        # x = (i1, i2, u = V - E_L, th = Theta - theta_inf), dx/dt = M x + e_u I_e; augmented with the input
        m = np.zeros((5, 5))
        m[0, 0] = -p.k1
        m[1, 1] = -p.k2
        m[2, 0] = m[2, 1] = 1.0
        m[2, 2] = -p.G
        m[2, 4] = 1.0
        m[3, 2] = p.a
        m[3, 3] = -p.b
        e = _expm(m * p.dt)
        return {
            "e_l": p.E_L, "th_inf": p.theta_inf, "v_r": p.V_r, "th_r": p.theta_r,
            "e1": float(e[0, 0]), "e2": float(e[1, 1]),
            "p31": float(e[2, 0]), "p32": float(e[2, 1]), "p33": float(e[2, 2]), "q3": float(e[2, 4]),
            "p41": float(e[3, 0]), "p42": float(e[3, 1]), "p43": float(e[3, 2]), "p44": float(e[3, 3]),
            "q4": float(e[3, 4]),
            "r1": p.R1, "r2": p.R2, "a1": p.A1, "a2": p.A2,
        }

    @staticmethod
    def kernel(v, theta, i1, i2, input_current, e_l, th_inf, v_r, th_r, e1, e2, p31, p32, p33, q3, p41, p42,
               p43, p44, q4, r1, r2, a1, a2):
        u = v - e_l
        th = theta - th_inf
        u_new = p31 * i1 + p32 * i2 + p33 * u + q3 * input_current
        th_new = p41 * i1 + p42 * i2 + p43 * u + p44 * th + q4 * input_current
        i1 = e1 * i1
        i2 = e2 * i2
        v = e_l + u_new
        theta = th_inf + th_new
        if v >= theta:
            return v_r, max(th_r, theta), r1 * i1 + a1, r2 * i2 + a2, 1
        return v, theta, i1, i2, 0
