"""Bit-true model of the ``nrn_truenorth`` core: :class:`TrueNorthNeuron`'s kernel, one call per clock.

The core computes exactly :class:`~golden.models.hardware.truenorth.TrueNorthNeuron`'s tick (synaptic
integration, leak with optional reversal and stochastic leak, 20-bit saturation, stochastic threshold, the
three reset modes, negative threshold with reset or saturation). This wrapper maps the core onto the kernel and
nothing else: every clock it calls ``TrueNorthNeuron.kernel`` with the constants of
``TrueNorthNeuron.derive`` (no arithmetic of its own).

Pseudo-random numbers. The golden model draws its two uniforms per tick (``rho_leak``, ``rho_thr``) from
numpy generators (its docstring: the chip's PRNG is unspecified; the model is reproducible per seed but not the
chip's sequence). A numpy PCG64 stream cannot be built in hardware, so the core has its own generator: a
32-bit Fibonacci LFSR with the project's primitive polynomial ``x^32 + x^31 + x^30 + x^10 + 1`` (the form and
taps of ``sc_lfsr``, :class:`golden.fixed.lfsr.Lfsr`), seed ``PrnSeed``, reloaded by the reset, that LEAPS 32
steps per clock (:func:`prn_next`), so that every tick draws 32 fresh bits of the m-sequence (a one-step LFSR
would make successive draws shifted copies of each other: its firing rate in the stochastic modes differs from
the golden model's by up to 0.03 spikes/tick). The kernel gets uniforms that are exact binary fractions of the
state ``s`` during the clock::

    rho_leak = s[31:24] / 2^8                 -> kernel: int(rho_leak * 256) = s[31:24]
    rho_thr  = (s & (2^M - 1)) / 2^M          -> kernel: eta = int(rho_thr * 2^M) = s[M-1:0] = PRN & mask

(M = ``threshold_mask_bits`` <= 17, so the two draws use disjoint bits of one state). Every mode of the model is
implemented: the deterministic ones are bit-true to the golden model whatever its seed; the stochastic ones are
bit-true to its kernel with the core's generator in place of numpy's (same distributions: uniform 8-bit leak
draw, uniform M-bit threshold offset; :func:`float_agreement` compares the firing rates).

Core limits beyond the model's ranges: ``v_reset = -2^19`` is rejected (the kernel's negative reset ``-R``
would be ``2^19``, outside the 20-bit register); the input port is 17-bit signed, i.e. the model's input
domain ``[-65280, 65280]`` and the port's extremes -65536 and 65535 (computed exactly as well).

Example
-------
>>> n = TrueNorthUnit(TrueNorthParams(threshold=100, leak=-1))
>>> n.step(60), n.step(41), n.step(42)       # 59; 59 + 41 - 1 = 99 < 100; 99 + 42 - 1 = 140 >= 100: fire, V = 0
((0, 59), (0, 99), (1, 0))
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

import numpy as np

from golden.fixed.convert import CoreParams, Field, integer_format
from golden.fixed.lfsr_taps import LFSR_DEFAULT_SEED, LFSR_TAPS
from golden.models.hardware.truenorth import MAX_WEIGHT, N_AXONS, V_BITS, TrueNorthNeuron, TrueNorthParams
from golden.registry import register_unit

__all__ = ["CORE_PARAMS", "IN_BITS", "IN_MAX", "IN_MIN", "PRN_BITS", "PRN_LEAP", "RTL_DEFAULTS", "RTL_PARAM_NAMES",
           "TrueNorthParams", "TrueNorthUnit", "consts", "params_from_rtl", "pre_threshold",
           "prn_next", "rhos"]

PRN_BITS = 32  # the core's LFSR width
PRN_TAPS = LFSR_TAPS[PRN_BITS]  # x^32 + x^31 + x^30 + x^10 + 1 (0xE0000200)
PRN_LEAP = 32  # LFSR steps per clock
PRN_MASK = (1 << PRN_BITS) - 1
IN_BITS = 17  # weighted_input_i: 17-bit signed holds the model's +-256 * 255
IN_MIN, IN_MAX = -(1 << (IN_BITS - 1)), (1 << (IN_BITS - 1)) - 1
DOMAIN = N_AXONS * MAX_WEIGHT  # 65280: the model's input bound
V_MIN, V_MAX = -(1 << (V_BITS - 1)), (1 << (V_BITS - 1)) - 1
BIG = 1 << 40  # "never fires / never saturates" for the kernel's limits

# RTL parameter -> TrueNorthParams field (PrnSeed is the core's own)
RTL_PARAM_NAMES = {
    "Leak": "leak", "LeakReversal": "leak_reversal", "StochasticLeak": "stochastic_leak", "Threshold": "threshold",
    "NegThreshold": "neg_threshold", "ThresholdMaskBits": "threshold_mask_bits", "ResetMode": "reset_mode",
    "NegSaturate": "neg_saturate", "VReset": "v_reset",
}


def _v_reset(p: TrueNorthParams) -> int:
    if p.v_reset == V_MIN:
        raise ValueError(f"nrn_truenorth.VReset = {p.v_reset} is not supported: the negative reset -R = {-V_MIN} "
                         f"does not fit the 20-bit register; use [{-V_MAX}, {V_MAX}]")
    return p.v_reset


def _prn_seed(p: Any) -> int:
    seed = int(getattr(p, "prn_seed", LFSR_DEFAULT_SEED))
    if seed == 0:
        raise ValueError("nrn_truenorth.PrnSeed must be non-zero (the LFSR's all-zero state never leaves zero), got 0")
    return seed


# Integer platform: every conversion is the identity with the field's range checked (an error, never a wrap).
CORE_PARAMS = CoreParams("nrn_truenorth", (
    Field("Leak", integer_format(9), lambda p: p.leak, "leak lambda, 9-bit signed"),
    Field("LeakReversal", integer_format(2, False), lambda p: p.leak_reversal, "epsilon flag"),
    Field("StochasticLeak", integer_format(2, False), lambda p: p.stochastic_leak, "c flag"),
    Field("Threshold", integer_format(18, False), lambda p: p.threshold, "alpha, 18-bit unsigned"),
    Field("NegThreshold", integer_format(18, False), lambda p: p.neg_threshold, "beta, 18-bit unsigned"),
    Field("ThresholdMaskBits", integer_format(5, False), lambda p: p.threshold_mask_bits, "TM, 0..17"),
    Field("ResetMode", integer_format(2, False), lambda p: p.reset_mode, "gamma, 0..2"),
    Field("NegSaturate", integer_format(2, False), lambda p: p.neg_saturate, "kappa flag"),
    Field("VReset", integer_format(V_BITS), _v_reset, "R, 20-bit signed, -2^19 excluded"),
    Field("PrnSeed", integer_format(31, False), _prn_seed, "LFSR seed, non-zero"),
), defaults_from=TrueNorthParams)
RTL_DEFAULTS = CORE_PARAMS.defaults()


def params_from_rtl(params: dict[str, int]) -> tuple[TrueNorthParams, int]:
    """(model parameters, LFSR seed) of the core's RTL parameters (missing ones at the RTL default); checked
    by the model's ranges and the core's conversion."""
    full = {**RTL_DEFAULTS, **params}
    unknown = set(full) - set(CORE_PARAMS.names)
    if unknown:
        raise ValueError(f"nrn_truenorth has no RTL parameter(s) {sorted(unknown)}; known: {list(CORE_PARAMS.names)}")
    p = TrueNorthParams(**{RTL_PARAM_NAMES[k]: int(v) for k, v in full.items() if k != "PrnSeed"})
    seed = int(full["PrnSeed"])
    CORE_PARAMS.convert(_WithSeed(p, seed))  # the core's own limits (VReset, PrnSeed)
    return p, seed


class _WithSeed:
    def __init__(self, p: TrueNorthParams, seed: int):
        self.__dict__.update(asdict(p))
        self.prn_seed = seed


def consts(p: TrueNorthParams) -> tuple[int, ...]:
    """``TrueNorthNeuron.derive(p)`` in kernel argument order."""
    d = TrueNorthNeuron.derive(p)
    return (d["leak"], d["reversal"], d["stoch_leak"], d["alpha"], d["beta"], d["n_eta"], d["gamma"], d["kappa"],
            d["v_reset"], d["vmax"])


def prn_next(s: int) -> int:
    """The core's LFSR state one clock later: :data:`PRN_LEAP` Fibonacci steps (shift left, parity of the tapped
    bits into bit 0) of the 32-bit register; plain integer code, compiled as it is by the deep check."""
    for _ in range(PRN_LEAP):
        p = s & PRN_TAPS
        p ^= p >> 16
        p ^= p >> 8
        p ^= p >> 4
        p ^= p >> 2
        p ^= p >> 1
        s = ((s << 1) | (p & 1)) & PRN_MASK
    return s


def rhos(prn: int, n_eta: int) -> tuple[float, float]:
    """The kernel's uniforms (rho_leak, rho_thr) of LFSR state ``prn``: exact binary fractions, so that the
    kernel's truncations give back bits 31..24 and bits M-1..0 of the state (``n_eta = 2^M`` or 0)."""
    rho_leak = ((prn >> 24) & 0xFF) / 256.0
    rho_thr = (prn & (n_eta - 1)) / n_eta if n_eta > 0 else 0.0
    return rho_leak, rho_thr


def pre_threshold(v: int, x: int, prn: int, c: tuple[int, ...]) -> tuple[int, int, int]:
    """The core's intermediate values for state ``v``, input ``x``, LFSR state ``prn`` and constants ``c`` (from
    :func:`consts`), from the kernel with its limits lifted: (V after the leak before saturation, V after
    saturation, both before the threshold tests; eta)."""
    leak, rev, sl, _, _, n_eta, gamma, _, v_reset, vmax = c
    rl, rt = rhos(prn, n_eta)
    v_raw = TrueNorthNeuron.kernel(v, x, rl, rt, leak, rev, sl, BIG, BIG, 0, gamma, 1, v_reset, BIG)[0]
    v_sat = TrueNorthNeuron.kernel(v, x, rl, rt, leak, rev, sl, BIG, BIG, 0, gamma, 1, v_reset, vmax)[0]
    return v_raw, v_sat, prn & (n_eta - 1) if n_eta else 0


class TrueNorthUnit:
    """One ``nrn_truenorth`` core: ``step(weighted_input) -> (spike, v)``, the registered outputs after the clock
    edge; ``reset_state()`` is the asynchronous reset (V = 0, no spike, LFSR = seed)."""

    def __init__(self, params: TrueNorthParams | None = None, prn_seed: int = LFSR_DEFAULT_SEED):
        self.params = params if params is not None else TrueNorthParams()
        CORE_PARAMS.convert(_WithSeed(self.params, prn_seed))  # the core's limits
        self.c = consts(self.params)
        self.prn_seed = int(prn_seed)
        self.reset_state()

    @classmethod
    def from_rtl(cls, params: dict[str, int]) -> TrueNorthUnit:
        p, seed = params_from_rtl(params)
        return cls(p, seed)

    def with_params(self, **changes: Any) -> TrueNorthUnit:
        return TrueNorthUnit(replace(self.params, **changes), self.prn_seed)

    def reset_state(self) -> None:
        self.v = int(TrueNorthNeuron.initial_state(self.params)["v"])
        self.spike = 0
        self.prn = self.prn_seed  # the LFSR state during the next clock (the draws of the next step)

    def step(self, weighted_input: int) -> tuple[int, int]:
        if isinstance(weighted_input, bool) or not isinstance(weighted_input, int | np.integer) or \
                not IN_MIN <= weighted_input <= IN_MAX:
            raise ValueError(f"weighted_input must be an integer in [{IN_MIN}, {IN_MAX}], got {weighted_input!r}")
        rl, rt = rhos(self.prn, self.c[5])
        self.v, self.spike = TrueNorthNeuron.kernel(self.v, int(weighted_input), rl, rt, *self.c)
        self.prn = prn_next(self.prn)
        return self.spike, self.v

    def outputs(self) -> tuple[int, int]:
        """The registered outputs now (spike_o, v_o)."""
        return self.spike, self.v

    def get_state(self) -> dict[str, Any]:
        return {"v": self.v, "prn": self.prn}


def float_agreement(steps: int = 100_000, seed: int = 7) -> dict[str, Any]:
    """Agreement of the core's model with the golden platform model.

    * bit-exact: the unit model against ``TrueNorthNeuron.kernel`` called directly (the core's LFSR draws fed
      as the kernel's uniforms) on ``steps`` random inputs under random parameter sets of every mode; and, for
      the deterministic modes, against the golden model's own object API (``TrueNorthNeuron.step``);
    * stochastic modes (no float counterpart exists: TrueNorth is an integer platform): the firing rate of the
      core (LFSR draws) against the golden model (numpy draws) for the model's noise parameters, over a sweep of
      constant inputs: the two generators must give the same statistics.
    """
    rng = np.random.default_rng(seed)
    mismatch = checked = 0
    det_mismatch = det_checked = 0
    per = 5_000
    for _ in range(max(1, steps // per)):
        p = _random_params(rng)
        unit = TrueNorthUnit(p, int(rng.integers(1, 1 << 31)))
        c = consts(p)
        prn, v = unit.prn_seed, 0
        gold = TrueNorthNeuron(p) if not TrueNorthNeuron.noise_active(p) else None
        xs = _random_inputs(rng, per, p)
        if gold is not None:  # the golden object API accepts the model's input domain only
            xs = np.clip(xs, -DOMAIN, DOMAIN)
        for x in xs:
            x = int(x)
            rl, rt = rhos(prn, c[5])
            v, s = TrueNorthNeuron.kernel(v, x, rl, rt, *c)
            prn = prn_next(prn)
            got = unit.step(x)
            mismatch += got != (s, v)
            checked += 1
            if gold is not None:
                gs = gold.step(x)
                det_mismatch += (gs, int(gold.get_state()["v"])) != got
                det_checked += 1
    # stochastic statistics: rates of the core (LFSR) and the golden model (numpy) for the noise parameters
    noise = TrueNorthParams(threshold_mask_bits=8, stochastic_leak=1, leak=-128)
    inputs = np.arange(0, 256, 16)
    n = 4_000
    rate_core, rate_gold = [], []
    for x in inputs:
        unit, gold = TrueNorthUnit(noise), TrueNorthNeuron(noise, seed=int(x) + 1)
        rate_core.append(sum(unit.step(int(x))[0] for _ in range(n)) / n)
        rate_gold.append(sum(gold.step(int(x)) for _ in range(n)) / n)
    rc, rg = np.array(rate_core), np.array(rate_gold)
    max_diff = float(np.max(np.abs(rc - rg)))
    summary = (f"bit-exact vs TrueNorthNeuron.kernel: {mismatch} mismatches / {checked:,} steps (random modes); "
               f"deterministic modes vs the golden model: {det_mismatch} / {det_checked:,}; stochastic modes (LFSR "
               f"vs numpy draws): firing rate within {max_diff:.3f} spikes/tick over inputs 0..240")
    return {"steps": checked, "mismatches": mismatch, "deterministic_steps": det_checked,
            "deterministic_mismatches": det_mismatch, "stochastic_inputs": inputs.tolist(),
            "stochastic_rate_core": rc.tolist(), "stochastic_rate_golden": rg.tolist(),
            "stochastic_rate_max_abs_diff": max_diff, "summary": summary}


def _random_params(rng: np.random.Generator) -> TrueNorthParams:
    thr = int(rng.choice([0, int(rng.integers(1, 200)), int(rng.integers(1, 1 << 18))]))
    stochastic = rng.random() < 0.5  # the other half deterministic: checked against the golden object API too
    return TrueNorthParams(
        leak=int(rng.integers(-255, 256)), leak_reversal=int(rng.integers(0, 2)),
        stochastic_leak=int(stochastic and rng.random() < 0.7), threshold=thr,
        neg_threshold=int(rng.choice([int(rng.integers(0, 200)), int(rng.integers(0, 1 << 18))])),
        threshold_mask_bits=int(rng.integers(0, 18)) if stochastic else 0, reset_mode=int(rng.integers(0, 3)),
        neg_saturate=int(rng.integers(0, 2)), v_reset=int(rng.integers(V_MIN + 1, V_MAX + 1)) // int(
            rng.choice([1, 1000])))


def _random_inputs(rng: np.random.Generator, n: int, p: TrueNorthParams) -> np.ndarray:
    scale = int(rng.choice([p.threshold // 4 + 2, 512, DOMAIN, IN_MAX]))
    x = rng.integers(-scale, scale + 1, n) + int(rng.integers(-scale // 8 - 1, scale // 8 + 2))
    return np.clip(x, IN_MIN, IN_MAX)


register_unit(
    "nrn_truenorth",
    sim="truenorth",
    model="golden.fixed.truenorth_unit.TrueNorthUnit",
    rtl="rtl/neuron/nrn_truenorth.sv",
    description="TrueNorth neuron (20-bit saturating V, every leak/threshold/reset mode, stochastic leak and "
    "threshold from a 32-bit LFSR)",
)
