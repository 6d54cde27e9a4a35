"""Lapicque's RC integrate-and-fire neuron, integrated exactly (the seed's ``LapicqueNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class LapicqueParams(ParamSet):
    V_rest: float = param(-65.0, units="mV", lo=-200.0, hi=100.0,
                          doc="resting potential (the battery of the RC circuit)")
    V_reset: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="potential after a spike")
    V_th: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="firing threshold (fires when V >= V_th)")
    R: float = positive(10.0, "MOhm", "membrane (leak) resistance")
    C: float = positive(1.0, "nF", "membrane capacitance (tau_m = R*C = 10 ms)")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (V held at V_reset)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")

    def check(self) -> None:
        if self.V_rest >= self.V_th:
            raise ValueError(f"V_rest must be < V_th (a neuron at rest must be silent), got V_rest={self.V_rest} "
                             f">= V_th={self.V_th} mV")
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")


@register(
    family="integrate-and-fire",
    reference="Lapicque 1907, J. Physiol. Pathol. Gen. 9:620; Brunel & van Rossum 2007, Biol. Cybern. 97:337",
    units="mV, nA, MOhm, nF, ms",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class LapicqueNeuron(Neuron):
    """Lapicque's integrate-and-fire neuron: an RC circuit with a firing threshold, integrated exactly.

    Model (Lapicque 1907, J. Physiol. Pathol. Gen. 9:620; modern reading: Brunel & van Rossum 2007, Biol.
    Cybern. 97:337)::

        C dV/dt = -(V - V_rest)/R + I(t)          (tau_m = R C)
        V >= V_th  ->  spike, V <- V_reset, V held at V_reset for t_ref

    Integration: the input is constant over a step of ``dt``, so the step is the exact solution of the linear
    ODE (no discretisation error)::

        V_inf = V_rest + R I;    V <- V_inf + (V - V_inf) exp(-dt/tau_m)

    With a constant input the RC response is monotonic inside a step, so a threshold crossing inside a step
    always shows at its end: no spike is missed; the spike is reported at the end of the step in which it
    happens (time resolution ``dt``).

    Parameters (units, legal range, default): ``V_rest`` mV [-200, 100] (-65), ``V_reset`` mV [-200, 100]
    (-65), ``V_th`` mV [-200, 100] (-50; above ``V_rest`` and ``V_reset``), ``R`` MOhm > 0 (10), ``C`` nF > 0
    (1, so tau_m = 10 ms), ``t_ref`` ms [0, 1000] (2), ``dt`` ms (0, 100] (0.1). Lapicque's frog-nerve
    experiments give no neuronal constants; the defaults are typical cortical values. Input: ``step(
    input_current)`` in nA. Output: ``spike`` 0/1.

    Documented behaviour (the strength-duration curve, Lapicque 1907 as read by Brunel & van Rossum 2007): a
    current pulse of duration D from rest fires iff ``I >= I_rh / (1 - exp(-D/tau_m))`` with the rheobase
    ``I_rh = (V_th - V_rest)/R``; the chronaxie (duration at which twice the rheobase is needed) is
    ``tau_m ln 2``. For constant ``I > I_rh`` (``V_reset = V_rest``) the inter-spike interval is
    ``t_ref + tau_m ln(R I / (R I - (V_th - V_rest)))``.

    Differences from the seed: exact propagation instead of forward Euler, units (mV, nA, MOhm, nF), an
    optional refractory period.
    """

    Params = LapicqueParams
    state_vars = {"v": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.V_rest, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "v_rest": p.V_rest,
            "v_reset": p.V_reset,
            "v_th": p.V_th,
            "r": p.R,
            "decay": math.exp(-p.dt / (p.R * p.C)),
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(v, refractory, input_current, v_rest, v_reset, v_th, r, decay, ref_steps):
        if refractory > 0:
            return v_reset, refractory - 1, 0
        v_inf = v_rest + r * input_current
        v = v_inf + (v - v_inf) * decay
        if v >= v_th:
            return v_reset, ref_steps, 1
        return v, refractory, 0
