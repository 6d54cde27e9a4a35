"""Leaky integrate-and-fire neuron with alpha-function synapses, integrated exactly (the seed's ``AlphaNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.models.synaptic import exp_conv, exp_conv_t
from golden.registry import register


@params_dataclass
class AlphaParams(ParamSet):
    v_rest: float = param(0.0, units="a.u.", doc="resting potential")
    v_reset: float = param(0.0, units="a.u.", doc="potential after a spike")
    v_threshold: float = param(1.0, units="a.u.", doc="spike threshold (fires when v >= v_threshold)")
    tau_v: float = positive(20.0, units="ms", doc="membrane time constant")
    tau_exc: float = positive(5.0, units="ms", doc="excitatory alpha time constant (time to peak)")
    tau_inh: float = positive(10.0, units="ms", doc="inhibitory alpha time constant (time to peak)")
    dt: float = positive(1.0, units="ms", doc="time step")
    refractory_period: int = param(0, units="steps", lo=0, integer=True,
                                   doc="steps clamped at v_reset after a spike (the synapses keep running)")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= {self.v_threshold}")


@register(
    family="synaptic",
    reference="Rall 1967, J. Neurophysiol. 30:1138; exact integration after Rotter & Diesmann 1999, "
    "Biol. Cybern. 81:381",
    units="normalised potential (a.u.), time in ms; synaptic currents in units of the potential (R*I)",
    primary="exc",
    sweep=(0.0, 10.0),
)
class AlphaNeuron(Neuron):
    """Leaky integrate-and-fire neuron driven by excitatory and inhibitory alpha-function synaptic currents.

    Synapse: every presynaptic spike of weight w arriving at time t_k adds ``w * alpha(t - t_k)`` to the
    synaptic current, with Rall's alpha function (W. Rall, J. Neurophysiol. 30:1138-1168, 1967)::

        alpha(t) = (t / tau) * exp(1 - t / tau)      (t >= 0; rises from 0, peaks at 1 for t = tau)

    realised as two coupled linear ODEs per synapse (x: presynaptic trace, i: current)::

        x' = -x / tau + sum_k w_k delta(t - t_k)          i' = -i / tau + (e / tau) x

    and the membrane (current-based, the currents in units of the potential, i.e. R*I)::

        tau_v v' = -(v - v_rest) + i_exc - i_inh;        v >= v_threshold: spike, v <- v_reset

    Integration: the whole subthreshold system is linear, so one step of ``dt`` is its exact propagator
    (exact integration, Rotter & Diesmann 1999, Biol. Cybern. 81:381-402), with E = exp(-dt/tau)::

        x += w                                           (the spikes of this step arrive at its start)
        v  = v_rest + E_v (v - v_rest) + P_vi i + P_vx x   (for each synapse, inhibition with a minus sign)
        i  = E_s (i + e dt / tau_s x)
        x  = E_s x

    where P_vi and P_vx are the exact responses of the membrane to a unit current decaying as exp(-t/tau_s)
    and to a unit trace x (see :mod:`golden.models.synaptic`), valid for any dt, including tau_s == tau_v.
    The current and the potential after each step are therefore the continuous solution sampled at the step
    ends: a single input spike of weight w gives i(k dt) = w alpha(k dt) exactly, peaking at k dt = tau_s. The
    spike test happens at the step ends; during ``refractory_period`` steps after a spike v is held at v_reset
    while the synapses keep integrating.

    Inputs: ``exc`` and ``inh`` (positional in that order, ``inh`` defaults to 0): the summed weight of the
    presynaptic spikes arriving in this step (a count for unit weights), i.e. the peak synaptic current they
    cause (a.u. of potential). ``inh`` is subtracted (pass positive weights).

    Parameters: ``v_rest`` 0, ``v_reset`` 0 (< v_threshold), ``v_threshold`` 1, ``tau_v`` 20 ms, ``tau_exc``
    5 ms, ``tau_inh`` 10 ms, ``dt`` 1 ms (all times > 0), ``refractory_period`` 0 steps (integer >= 0).
    State: ``v``, ``refractory``, ``x_exc``, ``i_exc``, ``x_inh``, ``i_inh``. Output: spike 0/1.

    Difference from the seed: the seed's "alpha" synapses were first-order exponentials (the current jumped
    at the spike and decayed, integrated with forward Euler); here the current rises from 0 and peaks at
    tau_s, as Rall's alpha function does, and the integration is exact.
    """

    Params = AlphaParams
    state_vars = {"v": float, "refractory": int, "x_exc": float, "i_exc": float, "x_inh": float, "i_inh": float}
    inputs = (
        Input("exc", 0.0, "a.u.", "summed weight of the excitatory spikes arriving this step"),
        Input("inh", 0.0, "a.u.", "summed weight of the inhibitory spikes arriving this step"),
    )

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0, "x_exc": 0.0, "i_exc": 0.0, "x_inh": 0.0, "i_inh": 0.0}

    @staticmethod
    def derive(p):
        h = p.dt
        return {
            "v_rest": p.v_rest,
            "v_reset": p.v_reset,
            "v_th": p.v_threshold,
            "ref_steps": p.refractory_period,
            "e_v": math.exp(-h / p.tau_v),
            "e_exc": math.exp(-h / p.tau_exc),
            "c_exc": math.e * h / p.tau_exc,
            "pvi_exc": exp_conv(h, p.tau_exc, p.tau_v),
            "pvx_exc": math.e / p.tau_exc * exp_conv_t(h, p.tau_exc, p.tau_v),
            "e_inh": math.exp(-h / p.tau_inh),
            "c_inh": math.e * h / p.tau_inh,
            "pvi_inh": exp_conv(h, p.tau_inh, p.tau_v),
            "pvx_inh": math.e / p.tau_inh * exp_conv_t(h, p.tau_inh, p.tau_v),
        }

    @staticmethod
    def kernel(v, refractory, x_exc, i_exc, x_inh, i_inh, exc, inh, v_rest, v_reset, v_th, ref_steps, e_v, e_exc,
               c_exc, pvi_exc, pvx_exc, e_inh, c_inh, pvi_inh, pvx_inh):
        x_exc = x_exc + exc
        x_inh = x_inh + inh
        v = v_rest + e_v * (v - v_rest) + (pvi_exc * i_exc + pvx_exc * x_exc) - (pvi_inh * i_inh + pvx_inh * x_inh)
        i_exc = e_exc * (i_exc + c_exc * x_exc)
        i_inh = e_inh * (i_inh + c_inh * x_inh)
        x_exc = e_exc * x_exc
        x_inh = e_inh * x_inh
        if refractory > 0:
            return v_reset, refractory - 1, x_exc, i_exc, x_inh, i_inh, 0
        if v >= v_th:
            return v_reset, ref_steps, x_exc, i_exc, x_inh, i_inh, 1
        return v, refractory, x_exc, i_exc, x_inh, i_inh, 0
