"""IBM TrueNorth digital neuron (Cassidy et al. 2013), integer model with stochastic leak and threshold."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.registry import register

V_BITS = 20  # membrane register (signed), saturating in this model
PRN_BITS = 8  # the stochastic leak compares |lambda| with an 8-bit pseudo-random number
MAX_WEIGHT = 255  # 9-bit signed synaptic weights
N_AXONS = 256


@params_dataclass
class TrueNorthParams(ParamSet):
    leak: int = param(0, units="raw / tick", lo=-255, hi=255, integer=True, doc="leak lambda (9-bit signed)")
    leak_reversal: int = param(0, units="flag", lo=0, hi=1, integer=True,
                               doc="epsilon: 0 = monotonic leak, 1 = leak times sgn(V) (convergent/divergent)")
    stochastic_leak: int = param(0, units="flag", lo=0, hi=1, integer=True,
                                 doc="c: 0 = add lambda every tick, 1 = add sgn(lambda) with P = (|lambda|+1)/256")
    threshold: int = param(100, units="raw", lo=0, hi=(1 << 18) - 1, integer=True,
                           doc="positive threshold alpha (unsigned 18-bit)")
    neg_threshold: int = param(100, units="raw", lo=0, hi=(1 << 18) - 1, integer=True,
                               doc="negative threshold beta (unsigned 18-bit); the floor is -beta")
    threshold_mask_bits: int = param(0, units="bits", lo=0, hi=17, integer=True,
                                     doc="stochastic threshold: eta = PRN & (2^bits - 1) is added to the thresholds")
    reset_mode: int = param(0, units="mode", lo=0, hi=2, integer=True,
                            doc="gamma: 0 = normal (V = R), 1 = linear (V -= alpha + eta), 2 = non-reset")
    neg_saturate: int = param(0, units="flag", lo=0, hi=1, integer=True,
                              doc="kappa: 1 = saturate at -beta below the negative threshold, 0 = reset there")
    v_reset: int = param(0, units="raw", lo=-(1 << (V_BITS - 1)), hi=(1 << (V_BITS - 1)) - 1, integer=True,
                         doc="reset value R (normal mode; -R below the negative threshold)")


@register(
    family="hardware",
    reference="Cassidy et al. 2013, IJCNN (Cognitive computing building block: a versatile and efficient "
    "digital neuron model for neurosynaptic cores); Merolla et al. 2014, Science 345:668",
    units="raw integers; one step = one TrueNorth tick (1 ms)",
    primary="weighted_input",
    sweep=(0, 255),
    noise_params={"threshold_mask_bits": 8, "stochastic_leak": 1, "leak": -128},
)
class TrueNorthNeuron(Neuron):
    """TrueNorth neuron (Cassidy et al. 2013, IJCNN), integer leak-integrate-fire with stochastic modes.

    One tick, in the paper's order (synaptic integration, leak integration, threshold/fire/reset)::

        V = V + weighted_input                                          # synaptic integration
        Omega = 1                   if leak_reversal == 0 else sgn(V)
        V = V + Omega * (lambda                          if stochastic_leak == 0
                         else F(lambda, rho_L))                         # leak integration
        V = sat20(V)
        eta = rho_T & (2^threshold_mask_bits - 1)                       # stochastic threshold
        if V >= alpha + eta:                                            # fire (output 1)
            V = R  (gamma = 0) | V - (alpha + eta)  (gamma = 1) | V  (gamma = 2)
        elif V < -(beta * kappa + (beta + eta) * (1 - kappa)):          # negative threshold
            V = -beta                                     if kappa == 1
            else -R  (gamma = 0) | V + (beta + eta)  (gamma = 1) | V  (gamma = 2)

    with ``F(s, rho) = sgn(s)`` if ``|s| >= rho`` else 0 and ``rho_L`` uniform on [0, 255], so a stochastic
    leak adds ``sgn(lambda)`` with probability ``(|lambda| + 1) / 256``. The four leak modes follow from
    (leak_reversal, sign of lambda): monotonic up/down, convergent to 0 (reversal, lambda < 0), divergent
    (reversal, lambda > 0); the six reset modes from (reset_mode, neg_saturate). In the reversal mode a leak
    that would carry V across 0 leaves it at 0 (no "ringing" around 0: the rule of the TrueNorth neuron
    behaviour reference, as implemented by the NeMo simulator, Plagge et al.; it is not part of the 2013
    equations, which would let V oscillate by |lambda| around 0).

    Input: ``weighted_input`` = the tick's synaptic sum ``sum_i A_i(t) w_{i,j}`` (the seed's single argument,
    a synaptic weight / weight sum), an integer in [-256*255, 256*255]; a float or out-of-range value is a
    ValueError. Output: spike 0/1. Parameters in the platform's raw units (see the field docs; ranges: lambda
    9-bit signed, alpha/beta 18-bit unsigned, mask up to 17 bits, R 20-bit signed).

    Pseudo-random numbers: the chip draws them from a per-core pseudo-random number generator (PRNG) that
    the model specifies only as reproducible; here each neuron has its own generator seeded by ``seed=``
    (two uniform draws per tick, ``rho_L`` and ``rho_T``, mapped to integers by truncation), so runs are
    reproducible per instance but not bit-identical to the chip's PRNG sequence.

    Differences: stochastic SYNAPSES (per axon type) are not modelled: the input is the already-integrated
    deterministic sum. The membrane register is modelled as 20-bit signed and SATURATING; the register width
    and overflow behaviour are our reading of the TrueNorth documentation and could not be checked against the
    paper's parameter table (the paper's equations never overflow in the ranges used here).
    """

    Params = TrueNorthParams
    state_vars = {"v": int}
    inputs = (Input("weighted_input", 0, "raw", "synaptic input sum of this tick", integer=True),)
    randoms = {"rho_leak": "uniform", "rho_thr": "uniform"}

    @staticmethod
    def initial_state(p):
        return {"v": 0}

    @staticmethod
    def derive(p):
        return {
            "leak": p.leak,
            "reversal": p.leak_reversal,
            "stoch_leak": p.stochastic_leak,
            "alpha": p.threshold,
            "beta": p.neg_threshold,
            "n_eta": 1 << p.threshold_mask_bits if p.threshold_mask_bits > 0 else 0,
            "gamma": p.reset_mode,
            "kappa": p.neg_saturate,
            "v_reset": p.v_reset,
            "vmax": (1 << (V_BITS - 1)) - 1,
        }

    @staticmethod
    def noise_active(p):
        return p.stochastic_leak == 1 or p.threshold_mask_bits > 0

    @staticmethod
    def input_bounds(p):
        return {"weighted_input": (-N_AXONS * MAX_WEIGHT, N_AXONS * MAX_WEIGHT)}

    @staticmethod
    def kernel(v, weighted_input, rho_leak, rho_thr, leak, reversal, stoch_leak, alpha, beta, n_eta, gamma, kappa,
               v_reset, vmax):
        v = v + weighted_input
        lk = leak
        if stoch_leak == 1:
            r = int(rho_leak * 256.0)
            if leak >= r and leak > 0:
                lk = 1
            elif -leak >= r and leak < 0:
                lk = -1
            else:
                lk = 0
        if reversal == 1:
            if v > 0:
                v = v + lk
                if v < 0:
                    v = 0
            elif v < 0:
                v = v - lk
                if v > 0:
                    v = 0
        else:
            v = v + lk
        if v > vmax:
            v = vmax
        elif v < -vmax - 1:
            v = -vmax - 1
        eta = int(rho_thr * n_eta)
        if v >= alpha + eta:
            if gamma == 0:
                return v_reset, 1
            if gamma == 1:
                return v - (alpha + eta), 1
            return v, 1
        if kappa == 1:
            if v < -beta:
                return -beta, 0
            return v, 0
        if v < -(beta + eta):
            if gamma == 0:
                return -v_reset, 0
            if gamma == 1:
                return v + (beta + eta), 0
            return v, 0
        return v, 0

    def reset(self) -> None:
        """Alias of :meth:`reset_state` (the seed's name)."""
        self.reset_state()
