"""Wendling neural mass model of hippocampal epileptic activity (Wendling et al. 2002)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register

#: Three activity types of Wendling et al. 2002 (their Fig. 4: the EEG patterns obtained as the excitatory
#: gain A, the slow dendritic inhibitory gain B and the fast somatic inhibitory gain G vary). Only the first three
#: types are listed: the (A, B, G) values recalled for the other three (slow rhythmic, low-voltage rapid, slow
#: quasi-sinusoidal activity) could not be checked against the paper and did not all give the described patterns.
ACTIVITY_TYPES: dict[str, dict[str, float]] = {
    "normal_background": {"A": 5.0, "B": 50.0, "G": 15.0},
    "sporadic_spikes": {"A": 5.0, "B": 40.0, "G": 15.0},
    "sustained_discharge": {"A": 5.0, "B": 25.0, "G": 15.0},
}


@params_dataclass
class WendlingParams(ParamSet):
    A: float = param(5.0, units="mV", lo=0.0, hi=100.0, doc="excitatory PSP amplitude")
    B: float = param(50.0, units="mV", lo=0.0, hi=200.0, doc="slow (dendritic) inhibitory PSP amplitude")
    G: float = param(15.0, units="mV", lo=0.0, hi=200.0, doc="fast (somatic) inhibitory PSP amplitude")
    a: float = positive(100.0, "1/s", "inverse time constant, excitatory kernel")
    b: float = positive(50.0, "1/s", "inverse time constant, slow inhibitory kernel")
    g: float = positive(500.0, "1/s", "inverse time constant, fast inhibitory kernel")
    C: float = param(135.0, units="", lo=0.0, hi=1e4, doc="connectivity scale (C1..C7 = C x 1, .8, .25, .25, .3, "
                     ".1, .8)")
    e0: float = positive(2.5, "1/s", "half of the maximal firing rate")
    v0: float = param(6.0, units="mV", lo=-100.0, hi=100.0, doc="PSP at half-maximal firing rate")
    r: float = positive(0.56, "1/mV", "steepness of the sigmoid")
    p_sd: float = param(30.0, units="1/s", lo=0.0, hi=1e4, doc="standard deviation of the Gaussian input noise")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=2.0, doc="time step (noise sample interval)")
    n_sub: int = param(2, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="rate-and-population",
    reference="Wendling, Bartolomei, Bellanger & Chauvel 2002, Eur. J. Neurosci. 15:1499",
    units="mV, s^-1 (time step in ms)",
    primary="p",
    sweep=(0.0, 400.0),
    quiet_params={"p_sd": 0.0},
)
class WendlingNeuron(Neuron):
    """Wendling model: Jansen-Rit column plus a fast somatic-projecting inhibitory population (epileptic EEG).

    Model (Wendling, Bartolomei, Bellanger & Chauvel 2002, Eur. J. Neurosci. 15:1499-1508)::

        y0' = y5,  y5' = A a S(y1 - y2 - y3)            - 2a y5 - a^2 y0    (pyramidal cells)
        y1' = y6,  y6' = A a (p(t) + C2 S(C1 y0))       - 2a y6 - a^2 y1    (excitatory feedback + input)
        y2' = y7,  y7' = B b C4 S(C3 y0)                - 2b y7 - b^2 y2    (slow dendritic inhibition)
        y3' = y8,  y8' = G g C7 S(C5 y0 - C6 y4)        - 2g y8 - g^2 y3    (fast somatic inhibition)
        y4' = y9,  y9' = B b S(C3 y0)                   - 2b y9 - b^2 y4    (slow -> fast inhibition)
        S(v) = 2 e0 / (1 + exp(r (v0 - v))),   C1..C7 = C x (1, 0.8, 0.25, 0.25, 0.3, 0.1, 0.8)

    EEG-like output: y1 - y2 - y3 (pyramidal mean membrane potential). Parameters: the paper's (A 5 mV, B 50 mV,
    G 15 mV, a 100/s, b 50/s, g 500/s, C 135, e0 2.5/s, v0 6 mV, r 0.56/mV); the slow kernel (b) belongs to the
    dendritic GABA_A,slow population with gain B and the fast kernel (g = 500/s) to the somatic GABA_A,fast
    population with gain G, as in the paper. Input ``p`` (pulses/s, default 90) is the mean of the paper's
    Gaussian white-noise input (sd ``p_sd`` = 30/s), one sample per ``dt`` (1 ms) from the neuron's own
    generator. :data:`ACTIVITY_TYPES` holds the (A, B, G) values of the paper's Fig. 4 for its first three
    activity types (normal background, sporadic spikes, sustained discharge of spikes); the other three types of
    the figure are reached by lowering B and changing G, but their exact values are not reproduced here.

    Integration: ``n_sub`` RK4 sub-steps per ``dt``, input held over the step. Outputs: ``eeg`` (kind 'value',
    mV) and ``rate`` (kind 'rate', 1/s: the pyramidal firing rate S(y1 - y2 - y3)). Differences from the seed:
    the seed paired the fast gain with the slow rate constant (and vice versa); here the pairing is the paper's.
    """

    Params = WendlingParams
    ACTIVITY_TYPES = ACTIVITY_TYPES
    speculate = False
    state_vars = {f"y{k}": float for k in range(10)}
    inputs = (Input("p", 90.0, "1/s", "mean extrinsic input rate to the pyramidal cells"),)
    outputs = (Output("eeg", "value", float), Output("rate", "rate", float))
    randoms = {"xi": "normal"}

    @classmethod
    def activity(cls, name: str, **overrides) -> WendlingNeuron:
        """A model with the (A, B, G) of one of the paper's activity types (see :data:`ACTIVITY_TYPES`)."""
        if name not in ACTIVITY_TYPES:
            raise ValueError(f"activity type must be one of {sorted(ACTIVITY_TYPES)}, got {name!r}")
        return cls(**{**ACTIVITY_TYPES[name], **overrides})

    @staticmethod
    def initial_state(p):
        return {f"y{k}": 0.0 for k in range(10)}

    @staticmethod
    def noise_active(p):
        return p.p_sd > 0.0

    @staticmethod
    def derive(p):
        c = p.C
        return {"aa": p.A * p.a, "bb": p.B * p.b, "gg": p.G * p.g, "a": p.a, "b": p.b, "g": p.g, "c1": c,
                "c2": 0.8 * c, "c3": 0.25 * c, "c4": 0.25 * c, "c5": 0.3 * c, "c6": 0.1 * c, "c7": 0.8 * c,
                "two_e0": 2.0 * p.e0, "v0": p.v0, "rr": p.r, "sd": p.p_sd, "h": 1e-3 * p.dt / p.n_sub,
                "n_sub": p.n_sub}

    @staticmethod
    def kernel(y0, y1, y2, y3, y4, y5, y6, y7, y8, y9, p, xi, aa, bb, gg, a, b, g, c1, c2, c3, c4, c5, c6, c7,
               two_e0, v0, rr, sd, h, n_sub):
        pin = p + sd * xi
        for _ in range(n_sub):
            z0, z1, z2, z3, z4, z5, z6, z7, z8, z9 = y0, y1, y2, y3, y4, y5, y6, y7, y8, y9
            s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
            for stage in range(4):
                s_pyr = two_e0 / (1.0 + math.exp(min(rr * (v0 - (z1 - z2 - z3)), 700.0)))
                s_exc = two_e0 / (1.0 + math.exp(min(rr * (v0 - c1 * z0), 700.0)))
                s_slow = two_e0 / (1.0 + math.exp(min(rr * (v0 - c3 * z0), 700.0)))
                s_fast = two_e0 / (1.0 + math.exp(min(rr * (v0 - (c5 * z0 - c6 * z4)), 700.0)))
                d5 = aa * s_pyr - 2.0 * a * z5 - a * a * z0
                d6 = aa * (pin + c2 * s_exc) - 2.0 * a * z6 - a * a * z1
                d7 = bb * c4 * s_slow - 2.0 * b * z7 - b * b * z2
                d8 = gg * c7 * s_fast - 2.0 * g * z8 - g * g * z3
                d9 = bb * s_slow - 2.0 * b * z9 - b * b * z4
                wgt = 2.0 if stage == 1 or stage == 2 else 1.0
                s0 += wgt * z5
                s1 += wgt * z6
                s2 += wgt * z7
                s3 += wgt * z8
                s4 += wgt * z9
                s5 += wgt * d5
                s6 += wgt * d6
                s7 += wgt * d7
                s8 += wgt * d8
                s9 += wgt * d9
                c = h if stage == 2 else 0.5 * h
                z0, z1, z2, z3, z4 = y0 + c * z5, y1 + c * z6, y2 + c * z7, y3 + c * z8, y4 + c * z9
                z5, z6, z7, z8, z9 = y5 + c * d5, y6 + c * d6, y7 + c * d7, y8 + c * d8, y9 + c * d9
            y0 += h / 6.0 * s0
            y1 += h / 6.0 * s1
            y2 += h / 6.0 * s2
            y3 += h / 6.0 * s3
            y4 += h / 6.0 * s4
            y5 += h / 6.0 * s5
            y6 += h / 6.0 * s6
            y7 += h / 6.0 * s7
            y8 += h / 6.0 * s8
            y9 += h / 6.0 * s9
        v = y1 - y2 - y3
        rate = two_e0 / (1.0 + math.exp(min(rr * (v0 - v), 700.0)))
        return y0, y1, y2, y3, y4, y5, y6, y7, y8, y9, v, rate
