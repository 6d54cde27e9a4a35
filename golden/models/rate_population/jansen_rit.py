"""Jansen-Rit neural mass model of a cortical column (Jansen & Rit 1995)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class JansenRitParams(ParamSet):
    A: float = positive(3.25, "mV", "maximal excitatory PSP amplitude")
    B: float = positive(22.0, "mV", "maximal inhibitory PSP amplitude")
    a: float = positive(100.0, "1/s", "inverse time constant of the excitatory PSP kernel")
    b: float = positive(50.0, "1/s", "inverse time constant of the inhibitory PSP kernel")
    C: float = param(135.0, units="", lo=0.0, hi=1e4, doc="connectivity scale (C1 = C, C2 = 0.8C, C3 = C4 = 0.25C)")
    e0: float = positive(2.5, "1/s", "half of the maximal firing rate of the sigmoid")
    v0: float = param(6.0, units="mV", lo=-100.0, hi=100.0, doc="PSP at half-maximal firing rate")
    r: float = positive(0.56, "1/mV", "steepness of the sigmoid")
    p_spread: float = param(100.0, units="1/s", lo=0.0, hi=1e4,
                            doc="half-width of the uniform noise added to the input rate p (0: no noise)")
    dt: float = param(1.0, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step (noise sample interval)")
    n_sub: int = param(2, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="rate-and-population",
    reference="Jansen & Rit 1995, Biol. Cybern. 73:357",
    units="mV, s^-1 (time step in ms)",
    primary="p",
    sweep=(0.0, 400.0),
    quiet_params={"p_spread": 0.0},
)
class JansenRitUnit(Neuron):
    """Jansen-Rit cortical column: pyramidal cells with excitatory and inhibitory interneuron feedback.

    Model (Jansen & Rit 1995, Biol. Cybern. 73:357-366, after Lopes da Silva et al. 1974)::

        y0' = y3,  y3' = A a S(y1 - y2) - 2 a y3 - a^2 y0
        y1' = y4,  y4' = A a (p(t) + C2 S(C1 y0)) - 2 a y4 - a^2 y1
        y2' = y5,  y5' = B b C4 S(C3 y0) - 2 b y5 - b^2 y2
        S(v) = 2 e0 / (1 + exp(r (v0 - v))),   C1 = C, C2 = 0.8 C, C3 = C4 = 0.25 C

    Each pair is the second-order PSP kernel h(t) = G g t exp(-g t). The EEG-like output is y1 - y2, the mean
    membrane potential of the pyramidal cells. Parameters: the paper's standard values (A 3.25 mV, B 22 mV,
    a 100/s, b 50/s, C 135, e0 2.5/s, v0 6 mV, r 0.56/mV). Input ``p`` (pulses/s, default 220): the mean
    extrinsic rate; the paper drives the column with p uniformly distributed in [120, 320] /s, which is what
    ``p_spread`` = 100 /s does: each step adds ``p_spread * (2 u - 1)`` with u uniform on [0, 1) drawn from the
    neuron's own generator (``p_spread = 0``: deterministic). The noise sample is held for ``dt`` (1 ms, i.e.
    the input is resampled at 1 kHz).

    Integration: ``n_sub`` classical RK4 sub-steps per ``dt`` with the input held constant. All states stay
    bounded for any bounded p: S is bounded by 2 e0 and the PSP blocks are stable linear filters.

    Outputs: ``eeg`` (kind 'value', mV: y1 - y2, the paper's output) and ``rate`` (kind 'rate', 1/s: the
    pyramidal population's firing rate S(y1 - y2)). Differences from the seed: per-instance seeded noise, the
    paper's noisy input, RK4 in place of Euler.
    """

    Params = JansenRitParams
    speculate = False
    state_vars = {"y0": float, "y1": float, "y2": float, "y3": float, "y4": float, "y5": float}
    inputs = (Input("p", 220.0, "1/s", "mean extrinsic input rate to the pyramidal cells"),)
    outputs = (Output("eeg", "value", float), Output("rate", "rate", float))
    randoms = {"u": "uniform"}

    @staticmethod
    def initial_state(p):
        return {k: 0.0 for k in ("y0", "y1", "y2", "y3", "y4", "y5")}

    @staticmethod
    def noise_active(p):
        return p.p_spread > 0.0

    @staticmethod
    def derive(p):
        return {"aa": p.A * p.a, "bb": p.B * p.b, "a": p.a, "b": p.b, "c1": p.C, "c2": 0.8 * p.C,
                "c3": 0.25 * p.C, "c4": 0.25 * p.C, "two_e0": 2.0 * p.e0, "v0": p.v0, "rr": p.r,
                "spread": p.p_spread, "h": 1e-3 * p.dt / p.n_sub, "n_sub": p.n_sub}

    @staticmethod
    def kernel(y0, y1, y2, y3, y4, y5, p, u, aa, bb, a, b, c1, c2, c3, c4, two_e0, v0, rr, spread, h, n_sub):
        pin = p + spread * (2.0 * u - 1.0)
        for _ in range(n_sub):
            z0, z1, z2, z3, z4, z5 = y0, y1, y2, y3, y4, y5
            s0, s1, s2, s3, s4, s5 = 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
            for stage in range(4):
                sp = two_e0 / (1.0 + math.exp(min(rr * (v0 - (z1 - z2)), 700.0)))
                se = two_e0 / (1.0 + math.exp(min(rr * (v0 - c1 * z0), 700.0)))
                si = two_e0 / (1.0 + math.exp(min(rr * (v0 - c3 * z0), 700.0)))
                d0 = z3
                d1 = z4
                d2 = z5
                d3 = aa * sp - 2.0 * a * z3 - a * a * z0
                d4 = aa * (pin + c2 * se) - 2.0 * a * z4 - a * a * z1
                d5 = bb * c4 * si - 2.0 * b * z5 - b * b * z2
                wgt = 2.0 if stage == 1 or stage == 2 else 1.0
                s0 += wgt * d0
                s1 += wgt * d1
                s2 += wgt * d2
                s3 += wgt * d3
                s4 += wgt * d4
                s5 += wgt * d5
                c = h if stage == 2 else 0.5 * h
                z0 = y0 + c * d0
                z1 = y1 + c * d1
                z2 = y2 + c * d2
                z3 = y3 + c * d3
                z4 = y4 + c * d4
                z5 = y5 + c * d5
            y0 += h / 6.0 * s0
            y1 += h / 6.0 * s1
            y2 += h / 6.0 * s2
            y3 += h / 6.0 * s3
            y4 += h / 6.0 * s4
            y5 += h / 6.0 * s5
        v = y1 - y2
        rate = two_e0 / (1.0 + math.exp(min(rr * (v0 - v), 700.0)))
        return y0, y1, y2, y3, y4, y5, v, rate
