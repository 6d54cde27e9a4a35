"""Integrate-and-fire neuron with the sodium-inactivation dynamic threshold of Platkiewicz & Brette 2010."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class AdaptiveThresholdIFParams(ParamSet):
    E_L: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential")
    V_r: float = param(-70.0, units="mV", lo=-200.0, hi=100.0, doc="reset potential")
    tau_m: float = positive(5.0, "ms", "membrane time constant")
    R: float = positive(100.0, "MOhm", "input resistance (R I in mV for I in nA)")
    V_T: float = param(-55.0, units="mV", lo=-200.0, hi=100.0, doc="threshold without sodium inactivation")
    k_a: float = param(5.0, units="mV", lo=0.01, hi=50.0, doc="Boltzmann slope of Na activation")
    V_i: float = param(-63.0, units="mV", lo=-200.0, hi=100.0, doc="half-inactivation voltage of Na channels")
    k_i: float = param(6.0, units="mV", lo=0.01, hi=50.0, doc="Boltzmann slope of Na inactivation")
    tau_theta: float = positive(5.0, "ms", "threshold time constant (Na inactivation time constant tau_h)")
    delta_theta: float = param(0.0, units="mV", lo=0.0, hi=100.0,
                               doc="threshold jump at a spike (0 = the paper's model; > 0 an extension)")
    t_ref: float = param(5.0, units="ms", lo=0.0, hi=1000.0, doc="absolute refractory period (V held at V_r)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        if self.V_r >= self.V_T:
            raise ValueError(f"V_r must be < V_T, got V_r={self.V_r} >= V_T={self.V_T} mV")


def theta_inf(p: AdaptiveThresholdIFParams, v: float) -> float:
    """Steady-state threshold at membrane potential ``v`` (mV): V_T + k_a log(1 + exp((v - V_i)/k_i))."""
    x = (v - p.V_i) / p.k_i
    return p.V_T + p.k_a * (x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x)))


@register(
    family="integrate-and-fire",
    reference="Platkiewicz & Brette 2010, PLoS Comput. Biol. 6:e1000850",
    units="mV, nA, MOhm, ms",
    primary="input_current",
    sweep=(0.0, 1.0),
)
class AdaptiveThresholdIFNeuron(Neuron):
    """Leaky integrate-and-fire neuron with a dynamic threshold set by sodium-channel inactivation.

    Model: the threshold equation of Platkiewicz & Brette 2010 (PLoS Comput. Biol. 6:e1000850), in which
    sodium inactivation ``h`` raises the threshold by ``-k_a log h``, with Boltzmann inactivation
    ``h_inf(V) = 1/(1 + exp((V - V_i)/k_i))`` and first-order threshold dynamics (the inactivation time
    constant), on a leaky integrate-and-fire membrane (the "adaptive threshold" model of Platkiewicz & Brette
    2011, PLoS Comput. Biol. 7:e1001129)::

        tau_m dV/dt       = E_L - V + R I
        tau_theta dtheta/dt = theta_inf(V) - theta,   theta_inf(V) = V_T + k_a log(1 + exp((V - V_i)/k_i))
        V >= theta  ->  spike, V <- V_r (held for t_ref), theta <- theta + delta_theta

    Integration: V exactly (input constant over the step); theta with the exact exponential propagator of its
    linear ODE with ``theta_inf`` evaluated at the mid-step potential ``(V_old + V_new)/2`` (second order in
    dt). ``log(1 + exp(x))`` is evaluated in an overflow-free form. Spike test at the end of the step (V is
    monotonic within a step and theta moves by at most ``|theta_inf - theta| dt/tau_theta``).

    Parameters (units, range, default): ``E_L`` mV (-70), ``V_r`` mV (-70), ``tau_m`` ms > 0 (5), ``R`` MOhm
    > 0 (100), ``V_T`` mV (-55), ``k_a`` mV [0.01, 50] (5), ``V_i`` mV (-63), ``k_i`` mV [0.01, 50] (6),
    ``tau_theta`` ms > 0 (5), ``delta_theta`` mV [0, 100] (0), ``t_ref`` ms [0, 1000] (5), ``dt`` ms (0, 10]
    (0.1). The defaults are the values of Platkiewicz & Brette 2011 (Fig. 5) for this model, which there used
    the piecewise-linear approximation ``V_T + (k_a/k_i) max(V - V_i, 0)`` of theta_inf; here the smooth
    inactivation form of the 2010 threshold equation is kept (they differ by at most k_a log 2 near V_i).
    Input: ``step(input_current)`` in nA (R I in mV). Output: ``spike`` 0/1.

    Documented behaviour (Platkiewicz & Brette 2010/2011): the threshold follows the membrane potential with
    slope ``k_a/k_i`` above ``V_i`` and ~0 below; for a slow depolarisation the spike threshold approaches the
    fixed point ``theta = theta_inf(theta)``, and the threshold is lower for faster depolarisations (the
    inverse relation between threshold and rate of depolarisation).

    Differences from the seed (which credited "Platkiewicz & Bhatt 2010" and used a spike-triggered threshold
    jump on a fixed resting threshold): the voltage-dependent threshold of the paper; the spike-triggered jump
    is kept as an option (``delta_theta``, off by default).
    """

    Params = AdaptiveThresholdIFParams
    state_vars = {"v": float, "theta": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "nA", "injected current I"),)

    @staticmethod
    def initial_state(p):
        return {"v": p.E_L, "theta": theta_inf(p, p.E_L), "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "e_l": p.E_L,
            "v_r": p.V_r,
            "r": p.R,
            "decay_v": math.exp(-p.dt / p.tau_m),
            "v_t": p.V_T,
            "k_a": p.k_a,
            "v_i": p.V_i,
            "k_i_inv": 1.0 / p.k_i,
            "decay_th": math.exp(-p.dt / p.tau_theta),
            "delta_theta": p.delta_theta,
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(v, theta, refractory, input_current, e_l, v_r, r, decay_v, v_t, k_a, v_i, k_i_inv, decay_th,
               delta_theta, ref_steps):
        if refractory > 0:
            v_new = v_r
        else:
            v_inf = e_l + r * input_current
            v_new = v_inf + (v - v_inf) * decay_v
        x = (0.5 * (v + v_new) - v_i) * k_i_inv
        if x > 0.0:
            th_inf = v_t + k_a * (x + math.log1p(math.exp(-x)))
        else:
            th_inf = v_t + k_a * math.log1p(math.exp(x))
        theta = th_inf + (theta - th_inf) * decay_th
        if refractory > 0:
            return v_new, theta, refractory - 1, 0
        if v_new >= theta:
            return v_r, theta + delta_theta, ref_steps, 1
        return v_new, theta, refractory, 0
