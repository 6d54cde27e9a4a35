"""Leaky integrate-and-fire neuron behind a Tsodyks-Markram dynamic synapse (the seed's ``TsodyksMarkramNeuron``)."""

from __future__ import annotations

import math
from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.models.synaptic import exp_conv
from golden.registry import register

#: Synapse parameter sets of Tsodyks, Pawelzik & Markram 1998, Fig. 1 (pyramid-to-pyramid depressing,
#: pyramid-to-interneuron facilitating).
PRESETS: dict[str, dict[str, float]] = {
    "depressing": {"u_se": 0.5, "tau_rec": 800.0, "tau_facil": 0.0, "tau_in": 3.0, "a_se": 250.0},
    "facilitating": {"u_se": 0.03, "tau_rec": 130.0, "tau_facil": 530.0, "tau_in": 1.5, "a_se": 1540.0},
}


@params_dataclass
class TsodyksMarkramParams(ParamSet):
    u_se: float = param(0.5, units="1", lo=0.0, lo_open=True, hi=1.0,
                        doc="utilisation of synaptic efficacy U_SE (fraction of resources a spike uses)")
    tau_rec: float = positive(800.0, units="ms", doc="recovery time constant of the resources")
    tau_facil: float = param(0.0, units="ms", lo=0.0, doc="facilitation time constant (0: no facilitation)")
    tau_in: float = positive(3.0, units="ms", doc="inactivation time constant (decay of the PSC)")
    a_se: float = param(250.0, units="pA", doc="absolute synaptic efficacy A_SE (PSC if all resources are used)")
    tau_mem: float = positive(40.0, units="ms", doc="membrane time constant")
    r_in: float = positive(100.0, units="MOhm", doc="input resistance")
    v_rest: float = param(-65.0, units="mV", doc="resting potential")
    v_reset: float = param(-65.0, units="mV", doc="potential after a spike")
    v_threshold: float = param(-50.0, units="mV", doc="spike threshold (fires when v >= v_threshold)")
    dt: float = positive(0.1, units="ms", doc="time step")
    refractory_period: int = param(0, units="steps", lo=0, integer=True,
                                   doc="steps clamped at v_reset after a spike (the synapse keeps running)")

    def check(self) -> None:
        if self.v_reset >= self.v_threshold:
            raise ValueError(f"v_reset must be < v_threshold, got v_reset={self.v_reset} >= {self.v_threshold}")


@register(
    family="synaptic",
    reference="Tsodyks & Markram 1997, PNAS 94:719; Tsodyks, Pawelzik & Markram 1998, Neural Comput. 10:821",
    units="mV, ms, pA, MOhm",
    primary="current",
    sweep=(0.0, 2000.0),
)
class TsodyksMarkramNeuron(Neuron):
    """Leaky integrate-and-fire neuron receiving one Tsodyks-Markram dynamic (depressing/facilitating) synapse.

    Synapse (Tsodyks & Markram 1997, PNAS 94:719-723; with facilitation, Tsodyks, Pawelzik & Markram 1998,
    Neural Comput. 10:821-835): resources are recovered (x), active (y) or inactive (z = 1 - x - y)::

        x' =  z / tau_rec - u+ x delta(t - t_sp)
        y' = -y / tau_in  + u+ x delta(t - t_sp)          I_syn = A_SE * y
        z' =  y / tau_in  - z / tau_rec
        u' = -u / tau_facil + U_SE (1 - u) delta(t - t_sp)     (u+: u just after the spike's increment)

    With ``tau_facil = 0`` (depressing synapse, the 1997 model) u+ = U_SE at every spike. Membrane::

        tau_mem v' = -(v - v_rest) + R_in (I_syn + I);     v >= v_threshold: spike, v <- v_reset

    (R_in in MOhm, currents in pA: R_in * I is in microvolts, scaled by 1e-3 to mV.)

    Integration, per step of ``dt`` ms. A presynaptic spike in the step arrives at its start::

        u = u + U_SE (1 - u);   r = u x;   x -= r;   y += r          (only if presynaptic_spike > 0)

    then the linear system (y, z, v, u) is advanced by its exact propagator over dt (exponential recovery
    and inactivation, exact response of the membrane to the exponentially decaying I_syn and to the direct
    current I held constant over the step; see :mod:`golden.models.synaptic`), x = 1 - y - z, and the spike
    test is made at the step end. The synapse is thus exact for any dt at spike times on the step grid. During
    ``refractory_period`` steps after a spike v is held at v_reset while the synapse keeps running.

    Defaults: the depressing synapse of Tsodyks, Pawelzik & Markram 1998, Fig. 1 (U_SE 0.5, tau_rec 800 ms,
    tau_in 3 ms, A_SE 250 pA, no facilitation) on a membrane with tau_mem 40 ms, R_in 100 MOhm; v_rest =
    v_reset = -65 mV, v_threshold = -50 mV (15 mV above rest), dt = 0.1 ms. :data:`PRESETS` /
    :meth:`from_preset` give the depressing and the facilitating sets of that figure (facilitating: U_SE 0.03,
    tau_rec 130 ms, tau_facil 530 ms, tau_in 1.5 ms, A_SE 1540 pA).

    Ranges: ``u_se`` in (0, 1], ``tau_rec``, ``tau_in``, ``tau_mem``, ``r_in``, ``dt`` > 0, ``tau_facil`` >= 0,
    ``v_reset < v_threshold``, ``refractory_period`` integer >= 0. Inputs: ``current`` (pA, direct current,
    default 0) and ``presynaptic_spike`` (default 0; any value > 0 is one presynaptic spike in this step).
    State: ``v``, ``refractory``, ``x``, ``y``, ``u`` (u is the facilitation variable between spikes, 0 at
    rest). Output: spike 0/1.

    Consequence documented in the 1997 paper: for a regular presynaptic train of rate f the stationary PSC
    amplitude is ``A_SE U_SE (1 - exp(-1/(f tau_rec))) / (1 - (1 - U_SE) exp(-1/(f tau_rec)))`` (for
    tau_in << 1/f), which above the limiting frequency ~ 1/(U_SE tau_rec) falls as ``A_SE / (f tau_rec)``:
    the mean synaptic drive no longer grows with the rate.

    Differences from the seed: the seed's synapse had two states (x relaxing to 1, u relaxing to U, both with
    forward Euler), the PSC was the jump ``A u x`` at a spike without the inactivation (y) dynamics, and the
    membrane was an Euler step; here the three-state model of the 1997 paper with the facilitation of the 1998
    paper (u decays to 0 between spikes) is integrated exactly.
    """

    Params = TsodyksMarkramParams
    PRESETS = PRESETS
    state_vars = {"v": float, "refractory": int, "x": float, "y": float, "u": float}
    inputs = (
        Input("current", 0.0, "pA", "direct current I"),
        Input("presynaptic_spike", 0.0, "0/1", "1 (any value > 0): a presynaptic spike arrives in this step"),
    )

    @classmethod
    def from_preset(cls, name: str, **overrides: Any) -> TsodyksMarkramNeuron:
        """A neuron with the ``"depressing"`` or ``"facilitating"`` synapse of Tsodyks, Pawelzik & Markram 1998
        Fig. 1; ``overrides`` change any parameter (and ``seed``)."""
        key = name.lower()
        if key not in PRESETS:
            raise ValueError(f"unknown preset {name!r}; presets are {', '.join(PRESETS)}")
        return cls(**{**PRESETS[key], **overrides})

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0, "x": 1.0, "y": 0.0, "u": 0.0}

    @staticmethod
    def derive(p):
        h = p.dt
        gain = p.r_in * 1e-3  # mV per pA
        e_mem = math.exp(-h / p.tau_mem)
        return {
            "v_rest": p.v_rest,
            "v_reset": p.v_reset,
            "v_th": p.v_threshold,
            "ref_steps": p.refractory_period,
            "u_se": p.u_se,
            "e_in": math.exp(-h / p.tau_in),
            "e_rec": math.exp(-h / p.tau_rec),
            "e_facil": math.exp(-h / p.tau_facil) if p.tau_facil > 0.0 else 0.0,
            "p_zy": p.tau_rec / p.tau_in * exp_conv(h, p.tau_in, p.tau_rec),
            "e_mem": e_mem,
            "p_vy": gain * p.a_se * exp_conv(h, p.tau_in, p.tau_mem),
            "p_vi": gain * -math.expm1(-h / p.tau_mem),
        }

    @staticmethod
    def kernel(v, refractory, x, y, u, current, presynaptic_spike, v_rest, v_reset, v_th, ref_steps, u_se, e_in,
               e_rec, e_facil, p_zy, e_mem, p_vy, p_vi):
        if presynaptic_spike > 0.0:
            u = u + u_se * (1.0 - u)
            r = u * x
            x = x - r
            y = y + r
        z = 1.0 - x - y
        v = v_rest + e_mem * (v - v_rest) + p_vy * y + p_vi * current
        z = e_rec * z + p_zy * y
        y = e_in * y
        x = 1.0 - y - z
        u = e_facil * u
        if refractory > 0:
            return v_reset, refractory - 1, x, y, u, 0
        if v >= v_th:
            return v_reset, ref_steps, x, y, u, 1
        return v, refractory, x, y, u, 0
