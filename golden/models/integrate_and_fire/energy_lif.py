"""Energy-dependent leaky integrate-and-fire neuron, eLIF (Fardet & Levina 2020; the seed's ``EnergyLIFNeuron``)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class EnergyLIFParams(ParamSet):
    C_m: float = positive(100.0, "pF", "membrane capacitance")
    g_L: float = positive(9.0, "nS", "leak conductance")
    E_0: float = param(-62.5, units="mV", lo=-200.0, hi=100.0, doc="resting potential at the resting energy level")
    E_u: float = param(-58.5, units="mV", lo=-200.0, hi=100.0, doc="resting potential when the energy is exhausted")
    E_d: float = param(-40.0, units="mV", lo=-200.0, hi=100.0, doc="energy-depletion potential")
    E_f: float = param(-62.0, units="mV", lo=-200.0, hi=100.0, doc="energy inflexion potential")
    epsilon_0: float = param(0.5, units="", lo=0.0, lo_open=True, hi=100.0, doc="resting energy level")
    epsilon_c: float = param(0.18, units="", lo=0.0, hi=100.0, doc="energy below which no spike can be generated")
    alpha: float = param(1.0, units="", lo=0.0, lo_open=True, hi=100.0,
                         doc="energetic health (1 healthy; < 1 impaired energy production)")
    delta: float = param(0.01, units="", lo=0.0, hi=100.0, doc="energy consumed by one spike")
    tau_e: float = positive(200.0, "ms", "time constant of energy production")
    V_th: float = param(-59.0, units="mV", lo=-200.0, hi=100.0, doc="spike threshold")
    V_reset: float = param(-62.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential")
    t_ref: float = param(2.0, units="ms", lo=0.0, hi=1000.0, doc="refractory period (V held at V_reset)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.E_d == self.E_f:
            raise ValueError(f"E_d must differ from E_f, got E_d = E_f = {self.E_d} mV")
        if self.dt > 0.05 * self.tau_e:
            raise ValueError(f"dt must be <= 0.05 tau_e for the RK2 energy step, got dt={self.dt}, "
                             f"tau_e={self.tau_e} ms")


@register(
    family="integrate-and-fire",
    reference="Fardet & Levina 2020, PLoS Comput. Biol. 16:e1008503",
    units="mV, pA, nS, pF, ms; energy dimensionless",
    primary="input_current",
    sweep=(0.0, 400.0),
)
class EnergyLIFNeuron(Neuron):
    """Energy-dependent leaky integrate-and-fire neuron (eLIF): energy supply, spike cost, spike inactivation.

    Model (Fardet & Levina 2020, PLoS Comput. Biol. 16:e1008503, the eLIF model)::

        C_m dV/dt       = g_L (E_L(eps) - V) + I,      E_L(eps) = E_0 + (E_u - E_0)(1 - eps/eps_0)
        tau_e deps/dt   = (1 - eps/(alpha eps_0))^3 - (V - E_f)/(E_d - E_f)
        V >= V_th and eps > eps_c  ->  spike, V <- V_reset (held for t_ref), eps <- eps - delta
        eps is kept >= 0 (it enters the equations as max(eps, 0))

    The energy level sets the resting potential (it rises towards ``E_u`` as the energy falls), energy is
    produced towards ``alpha eps_0`` and consumed faster at depolarised potentials, each spike costs
    ``delta``, and no spike can be generated below ``eps_c`` (the neuron then stays depolarised without
    firing: depolarisation block).

    Integration: V with the exact propagator of its linear ODE, the energy held at its start-of-step value
    (V is fast, tau_m = C_m/g_L ~ 11 ms, eps is slower, tau_e = 200 ms); eps with an explicit RK2 (Heun) step using
    V at the start and at the end of the step. The spike test at the end of the step is exact for V (monotonic
    within a step at fixed E_L). V is held at ``V_reset`` while refractory, the energy keeps evolving.

    Parameters (units, default): ``C_m`` pF (100), ``g_L`` nS (9), ``E_0`` mV (-62.5), ``E_u`` mV (-58.5),
    ``E_d`` mV (-40), ``E_f`` mV (-62), ``epsilon_0`` (0.5), ``epsilon_c`` (0.18), ``alpha`` (1), ``delta``
    (0.01), ``tau_e`` ms (200), ``V_th`` mV (-59), ``V_reset`` mV (-62), ``t_ref`` ms (2), ``dt`` ms (0.1):
    the eLIF parameter set of the authors' published step-current example (their NEST module; the module's
    own defaults never fire tonically). With them the neuron rests at about -64.4 mV, fires tonically for
    moderate currents (~25-55 pA) and enters depolarisation block for strong ones (>~ 65 pA).
    Input: ``step(input_current)`` in pA. Output: ``spike`` 0/1.

    Differences from the seed: the paper's model (the seed scaled the input by the energy and relaxed the
    energy linearly); units of the paper.
    """

    Params = EnergyLIFParams
    state_vars = {"v": float, "epsilon": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "pA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.E_0, "epsilon": p.alpha * p.epsilon_0, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "g_l": p.g_L,
            "e_0": p.E_0,
            "e_u": p.E_u,
            "eps0_inv": 1.0 / p.epsilon_0,
            "aeps0_inv": 1.0 / (p.alpha * p.epsilon_0),
            "e_f": p.E_f,
            "edf_inv": 1.0 / (p.E_d - p.E_f),
            "eps_c": p.epsilon_c,
            "delta": p.delta,
            "dt_e": p.dt / p.tau_e,
            "decay_v": math.exp(-p.dt * p.g_L / p.C_m),
            "v_th": p.V_th,
            "v_reset": p.V_reset,
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(v, epsilon, refractory, input_current, g_l, e_0, e_u, eps0_inv, aeps0_inv, e_f, edf_inv, eps_c,
               delta, dt_e, decay_v, v_th, v_reset, ref_steps):
        eps = epsilon
        if eps < 0.0:
            eps = 0.0
        if refractory > 0:
            v_new = v_reset
        else:
            e_l = e_0 + (e_u - e_0) * (1.0 - eps * eps0_inv)
            v_inf = e_l + input_current / g_l
            v_new = v_inf + (v - v_inf) * decay_v
        y = 1.0 - eps * aeps0_inv
        k1 = y * y * y - (v - e_f) * edf_inv
        eps_p = eps + dt_e * k1
        if eps_p < 0.0:
            eps_p = 0.0
        y = 1.0 - eps_p * aeps0_inv
        k2 = y * y * y - (v_new - e_f) * edf_inv
        eps = eps + 0.5 * dt_e * (k1 + k2)
        if eps < 0.0:
            eps = 0.0
        if refractory > 0:
            return v_new, eps, refractory - 1, 0
        if v_new >= v_th and eps > eps_c:
            return v_reset, eps - delta, ref_steps, 1
        return v_new, eps, refractory, 0
