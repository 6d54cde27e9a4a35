"""Bit-true model of the ``nrn_lif`` core: the seed's ``FixedPointLIFNeuron`` (signed Q8.8 by default).

One clock of the core (all values raw two's-complement integers of ``data_width`` bits)::

    if refractory_counter > 0:   refractory_counter -= 1;  v = v_rest;  spike = 0
    else:
        dv_leak = ((v_rest - v) * leak_k) >>> fraction       # (W+1) x W -> 2W+1-bit product, floor shift
        dv_in   = (I_t * gain_k) >>> fraction                # 2W-bit product, floor shift
        v_next  = wrap_W(v + dv_leak + dv_in + noise_in)      # two's-complement wrap, no saturation
        if v_next >= v_threshold (signed):  spike = 1;  v = v_reset;  refractory_counter = refractory_period
        else:                               spike = 0;  v = v_next

``step`` returns ``(spike, v)`` after the clock, as the seed did, so a caller compares both with the RTL's
``spike_o`` and ``v_o``. The population and trace forms run the same kernel compiled over int64 numpy arrays
(every intermediate fits in 64 bits for ``data_width <= 30``); :func:`fxp_step` is an independent
formulation in fxpmath (real-valued fixed point, floor rounding, wrap overflow) used to cross-check it.

Example
-------
>>> neuron = FixedPointLIFNeuron()
>>> spike, v = neuron.step(leak_k=240, gain_k=16, I_t=100)
>>> spike in (0, 1)
True
>>> neuron.reset()
"""

from __future__ import annotations

from typing import Any

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass
from golden.core.protocol import Input, Neuron, Output
from golden.fixed.qformat import QFormat, fits_signed
from golden.registry import register, register_unit


@params_dataclass
class FixedPointLIFParams(ParamSet):
    data_width: int = param(16, units="bits", lo=2, hi=30, integer=True, doc="word length W")
    fraction: int = param(8, units="bits", lo=0, hi=29, integer=True, doc="fraction bits F (< W)")
    v_rest: int = param(0, units="raw", integer=True, doc="resting potential (raw Q(W-F).F)")
    v_reset: int = param(0, units="raw", integer=True, doc="potential after a spike (raw)")
    v_threshold: int = param(256, units="raw", integer=True,
                             doc="fires when v_next >= v_threshold (raw; 256 = 1.0 in Q8.8)")
    refractory_period: int = param(2, units="cycles", lo=0, hi=65535, integer=True,
                                   doc="cycles clamped at v_rest after a spike")

    def check(self) -> None:
        if self.fraction >= self.data_width:
            raise ValueError(f"fraction must be < data_width={self.data_width}, got {self.fraction}")
        for name in ("v_rest", "v_reset", "v_threshold"):
            value = getattr(self, name)
            if not fits_signed(value, self.data_width):
                raise ValueError(
                    f"{name} must fit a signed {self.data_width}-bit word "
                    f"[{-(1 << (self.data_width - 1))}, {(1 << (self.data_width - 1)) - 1}], got {value}"
                )

    @property
    def fmt(self) -> QFormat:
        return QFormat(self.data_width, self.fraction, True)


@register(
    family="core-sc",
    reference="bit-true to the nrn_lif RTL core (seed: FixedPointLIFNeuron of sc_lif_neuron); LIF after Lapicque 1907",
    units="raw two's-complement integers, Q8.8 by default",
    rtl="nrn_lif",
    primary="I_t",
    sweep=(-32768, 32767),
)
class FixedPointLIFNeuron(Neuron):
    """Bit-true fixed-point LIF neuron, one RTL clock per step (model of ``nrn_lif``).

    Parameters (raw integers): ``data_width`` W in [2, 30] (16), ``fraction`` F in [0, W) (8), ``v_rest``,
    ``v_reset``, ``v_threshold`` (signed W-bit; 0, 0, 256 = 1.0), ``refractory_period`` in [0, 65535] cycles (2).
    Inputs (signed W-bit raw, an error outside): ``leak_k`` (default 1/16 per step: 16 in Q8.8), ``gain_k``
    (default 1.0: 256 in Q8.8), ``I_t`` (0), ``noise_in`` (0). ``step`` returns ``(spike, v)``.

    The equations and the doctest are in the module docstring (:mod:`golden.fixed.lif_q88`).
    """

    Params = FixedPointLIFParams
    state_vars = {"v": int, "refractory_counter": int}
    inputs = (
        Input("leak_k", lambda p: 1 << max(0, p.fraction - 4), "raw Q(W-F).F", "leak factor dt/tau_m (1/16)",
              integer=True),
        Input("gain_k", lambda p: min(1 << p.fraction, (1 << (p.data_width - 1)) - 1), "raw Q(W-F).F",
              "input gain (1.0, or the largest value when 1.0 does not fit)", integer=True),
        Input("I_t", 0, "raw Q(W-F).F", "input current", integer=True),
        Input("noise_in", 0, "raw Q(W-F).F", "additive noise", integer=True),
    )
    outputs = (Output("spike"), Output("v_out", "value", np.int64))

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory_counter": 0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.v_rest,
            "v_reset": p.v_reset,
            "v_th": p.v_threshold,
            "ref_cycles": p.refractory_period,
            "frac": p.fraction,
            "half": 1 << (p.data_width - 1),
            "mask": (1 << p.data_width) - 1,
        }

    @staticmethod
    def input_bounds(p):
        lo, hi = -(1 << (p.data_width - 1)), (1 << (p.data_width - 1)) - 1
        return {i.name: (lo, hi) for i in FixedPointLIFNeuron.inputs}

    @staticmethod
    def kernel(v, refractory_counter, leak_k, gain_k, I_t, noise_in, v_rest, v_reset, v_th, ref_cycles, frac,
               half, mask):
        if refractory_counter > 0:
            return v_rest, refractory_counter - 1, 0, v_rest
        v_next = ((v + (((v_rest - v) * leak_k) >> frac) + ((I_t * gain_k) >> frac) + noise_in + half) & mask) - half
        if v_next >= v_th:
            return v_reset, ref_cycles, 1, v_reset
        return v_next, refractory_counter, 0, v_next

    def reset(self) -> None:
        """Power-on state (alias of :meth:`reset_state`, as in the seed)."""
        self.reset_state()


def unwrapped_sum(v: int, leak_k: int, gain_k: int, I_t: int, noise_in: int, p: FixedPointLIFParams) -> int:
    """``v + dv_leak + dv_in + noise`` BEFORE the wrap to W bits (for coverage of the overflow corners)."""
    return v + (((p.v_rest - v) * leak_k) >> p.fraction) + ((I_t * gain_k) >> p.fraction) + noise_in


def fxp_step(v: np.ndarray, refractory: np.ndarray, leak_k: Any, gain_k: Any, I_t: Any, noise_in: Any,
             p: FixedPointLIFParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One clock of N neurons written with fxpmath (independent cross-check of the integer kernel).

    Values are real fixed-point numbers: products are exact, ``>>> F`` is rounding to F fraction bits toward
    minus infinity (``rounding='floor'``), and the sum is stored into the W-bit word with ``overflow='wrap'``.
    Returns raw (spike, v, refractory).
    """
    from fxpmath import Fxp

    W, F = p.data_width, p.fraction

    def fx(raw: Any, word: int) -> Any:
        x = Fxp(None, signed=True, n_word=word, n_frac=F, overflow="wrap", rounding="floor")
        return x.set_val(np.asarray(raw, dtype=np.int64), raw=True)

    def real(x: Any) -> np.ndarray:
        return np.asarray(x.get_val(), dtype=np.float64)

    one = float(1 << F)
    v_f = real(fx(v, W))
    diff = np.asarray(p.v_rest / one) - v_f  # exact in W+1 bits
    wide = 2 * W + 2
    dv_leak = Fxp(diff * real(fx(leak_k, W)), signed=True, n_word=wide, n_frac=F, overflow="wrap", rounding="floor")
    dv_in = Fxp(real(fx(I_t, W)) * real(fx(gain_k, W)), signed=True, n_word=wide, n_frac=F, overflow="wrap",
                rounding="floor")
    total = v_f + real(dv_leak) + real(dv_in) + real(fx(noise_in, W))
    v_next = Fxp(total, signed=True, n_word=W, n_frac=F, overflow="wrap", rounding="floor")
    v_next_raw = np.asarray(v_next.val, dtype=np.int64)
    refractory = np.asarray(refractory, dtype=np.int64)
    in_ref = refractory > 0
    fire = (~in_ref) & (v_next_raw >= p.v_threshold)
    v_out = np.where(in_ref, p.v_rest, np.where(fire, p.v_reset, v_next_raw))
    ref_out = np.where(in_ref, refractory - 1, np.where(fire, p.refractory_period, refractory))
    return fire.astype(np.int8), v_out.astype(np.int64), ref_out.astype(np.int64)


def float_counterpart(neuron_params: FixedPointLIFParams, leak_k: int, gain_k: int):
    """The float LIF (``StochasticLIFNeuron``, dt = 1 cycle) that the fixed-point core approximates.

    In units of the raw LSB: ``v += (v_rest - v) * leak_k / 2^F + gain_k / 2^F * I_t``, i.e.
    ``tau_mem = 2^F / leak_k`` cycles and ``resistance = gain_k / 2^F``; potentials are raw values as floats.
    """
    from golden.models.core_sc.stochastic_lif import StochasticLIFNeuron

    one = float(1 << neuron_params.fraction)
    if not 0 < leak_k <= one:
        raise ValueError(
            f"leak_k must be in (0, {int(one)}] for a float counterpart (tau_mem >= 1 cycle), got {leak_k}"
        )
    return StochasticLIFNeuron(
        v_rest=float(neuron_params.v_rest),
        v_reset=float(neuron_params.v_reset),
        v_threshold=float(neuron_params.v_threshold),
        tau_mem=one / leak_k,
        dt=1.0,
        resistance=gain_k / one,
        refractory_period=neuron_params.refractory_period,
    )


register_unit(
    "nrn_lif",
    sim="lif",
    model="golden.fixed.lif_q88.FixedPointLIFNeuron",
    rtl="rtl/neuron/nrn_lif.sv",
    description="Q8.8 leaky integrate-and-fire core, one step per clock",
)


FORMAT = "Q8.8 v, leak_k and gain_k runtime Q8.8 multipliers, wrap"


def float_agreement(tau_m: float = 20.0) -> dict[str, Any]:
    """This core against the float LIF it approximates (``StochasticLIFNeuron`` through the nearest leak_k,
    gain_k): f-I rate error over currents 0..4x rheobase; ``summary`` is the README line."""
    from golden.fixed.lif_lite import accuracy_cost

    s = accuracy_cost(tau_m).summary()
    out = {k: s[k] for k in ("tau_m", "tau_eff_full", "mae_full_vs_float", "rheobase_full", "rheobase_float",
                             "first_spike_full_vs_float")}
    out["summary"] = (f"f-I at tau {tau_m:g}: mean rate error {s['mae_full_vs_float']} spk/1000 steps; rheobase "
                      f"{s['rheobase_full']} vs {s['rheobase_float']} LSB")
    return out
