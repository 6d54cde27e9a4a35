"""Huber-Braun temperature-sensitive cold-receptor model (Braun et al. 1998)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class HuberBraunParams(ParamSet):
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_l: float = positive(0.1, "mS/cm^2", "leak conductance")
    g_Na: float = param(1.5, units="mS/cm^2", lo=0.0, doc="fast depolarising (Na) conductance")
    g_K: float = param(2.0, units="mS/cm^2", lo=0.0, doc="fast repolarising (K) conductance")
    g_sd: float = param(0.25, units="mS/cm^2", lo=0.0, doc="slow depolarising conductance")
    g_sr: float = param(0.4, units="mS/cm^2", lo=0.0, doc="slow repolarising (Ca-dependent K) conductance")
    E_l: float = param(-60.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal")
    E_Na: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="Na reversal")
    E_K: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="K reversal")
    E_sd: float = param(50.0, units="mV", lo=-200.0, hi=200.0, doc="slow depolarising reversal")
    E_sr: float = param(-90.0, units="mV", lo=-200.0, hi=200.0, doc="slow repolarising reversal")
    s_Na: float = positive(0.25, "1/mV", "steepness of a_Na,inf")
    s_K: float = positive(0.25, "1/mV", "steepness of a_K,inf")
    s_sd: float = positive(0.09, "1/mV", "steepness of a_sd,inf")
    V0_Na: float = param(-25.0, units="mV", lo=-200.0, hi=200.0, doc="half-activation of a_Na")
    V0_K: float = param(-25.0, units="mV", lo=-200.0, hi=200.0, doc="half-activation of a_K")
    V0_sd: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="half-activation of a_sd")
    tau_K: float = positive(2.0, "ms", "time constant of a_K at T0")
    tau_sd: float = positive(10.0, "ms", "time constant of a_sd at T0")
    tau_sr: float = positive(20.0, "ms", "time constant of a_sr at T0")
    eta: float = positive(0.012, "cm^2/uA", "coupling of a_sr to I_sd (calcium inflow)")
    k: float = positive(0.17, "1", "relaxation factor of a_sr (calcium removal)")
    temperature: float = param(25.0, units="degC", lo=-10.0, hi=60.0, doc="temperature T")
    T0: float = param(25.0, units="degC", lo=-10.0, hi=60.0, doc="reference temperature of the rates")
    q10_rho: float = positive(1.3, "1", "Q10 of the conductances (rho = q10_rho^((T - T0)/10))")
    q10_phi: float = positive(3.0, "1", "Q10 of the kinetics (phi = q10_phi^((T - T0)/10))")
    noise: float = param(0.0, units="uA/cm^2 ms^0.5", lo=0.0, doc="white-noise current intensity D (0: off)")
    v_spike: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of one step() call")
    substeps: int = param(4, units="", lo=1, hi=10000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self) -> None:
        if self.dt / self.substeps > 0.05:
            raise ValueError(f"dt/substeps must be <= 0.05 ms, got dt={self.dt}, substeps={self.substeps}")


@register(
    family="conductance-based",
    reference="Braun, Huber, Dewald, Schafer & Voigt 1998, Int. J. Bifurcat. Chaos 8:881",
    units="mV, ms, uA/cm^2, mS/cm^2, degC",
    primary="input_current",
    sweep=(0.0, 20.0),
)
class HuberBraunNeuron(Neuron):
    """Huber-Braun cold receptor: fast spike currents plus a slow subthreshold oscillator, temperature-scaled.

    Model (Braun, Huber, Dewald, Schafer & Voigt 1998, Int. J. Bifurcat. Chaos 8:881-889; Braun et al. 2001;
    Feudel et al. 2000, Chaos 10:231), V in mV, t in ms, a_x,inf(V) = 1 / (1 + exp(-s_x (V - V0_x)))::

        C dV/dt  = I + I_noise - g_l (V - E_l) - rho g_Na a_Na,inf (V - E_Na) - rho g_K a_K (V - E_K)
                   - rho g_sd a_sd (V - E_sd) - rho g_sr a_sr (V - E_sr)
        da_K/dt  = phi (a_K,inf - a_K) / tau_K
        da_sd/dt = phi (a_sd,inf - a_sd) / tau_sd
        da_sr/dt = phi (-eta I_sd - k a_sr) / tau_sr,     I_sd = rho g_sd a_sd (V - E_sd)
        rho = 1.3^((T - T0)/10),   phi = 3^((T - T0)/10),   T0 = 25 degC

    The fast pair (Na, K) makes the spikes, the slow pair (sd, sr: a subthreshold oscillation driven by a slow
    depolarising current and a calcium-dependent repolarising current) groups them; temperature shortens the
    slow cycle (phi) faster than it raises the conductances (rho), so the discharge changes from long bursts
    at low temperature to fewer spikes per burst, and to single spikes per cycle when warm. Defaults: g_l 0.1,
    g_Na 1.5, g_K 2.0, g_sd 0.25, g_sr 0.4 mS/cm^2; E_l -60, E_Na = E_sd = 50, E_K = E_sr = -90 mV; s_Na = s_K
    = 0.25, s_sd = 0.09 /mV; V0_Na = V0_K = -25, V0_sd = -40 mV; tau_K 2, tau_sd 10, tau_sr 20 ms; eta 0.012,
    k 0.17; C = 1 uF/cm^2; T = T0 = 25 degC.

    Noise: the paper adds Gaussian white noise; here a current ``noise * xi / sqrt(dt)`` (xi standard normal,
    one draw per step from the neuron's seeded generator, held over the step's sub-steps); off by default
    (``noise = 0``).

    Integration: ``substeps`` sub-steps per ``dt`` (default 4 x 0.025 ms per 0.1 ms step): a_K and a_sd by their
    exact solution for V frozen, a_sr by its exact solution for V and a_sd frozen (it is linear in a_sr), then V by
    exponential Euler with the new conductances (a_Na at its instantaneous value for the sub-step's starting V).

    Output: ``spike`` = 1 when V crosses ``v_spike`` (-20 mV) upwards in the step. Input: ``step(input_current)``
    in uA/cm^2 (the paper uses I = 0; the temperature is the control parameter). Ranges: conductances >= 0
    (``g_l`` > 0), slopes, time constants, ``eta``, ``k``, Q10s > 0, temperatures in [-10, 60] degC,
    ``noise`` >= 0, ``dt`` in (0, 1] ms with dt/substeps <= 0.05 ms.
    """

    Params = HuberBraunParams
    state_vars = {"v": float, "a_K": float, "a_sd": float, "a_sr": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density I"),)
    randoms = {"xi": "normal"}

    @staticmethod
    def noise_active(p):
        return p.noise > 0.0

    @staticmethod
    def initial_state(p):
        v = -60.0
        rho = p.q10_rho ** ((p.temperature - p.T0) / 10.0)
        a_k = 1.0 / (1.0 + math.exp(-p.s_K * (v - p.V0_K)))
        a_sd = 1.0 / (1.0 + math.exp(-p.s_sd * (v - p.V0_sd)))
        a_sr = -p.eta * rho * p.g_sd * a_sd * (v - p.E_sd) / p.k
        return {"v": v, "a_K": a_k, "a_sd": a_sd, "a_sr": a_sr}

    @staticmethod
    def derive(p):
        rho = p.q10_rho ** ((p.temperature - p.T0) / 10.0)
        phi = p.q10_phi ** ((p.temperature - p.T0) / 10.0)
        return {
            "c_m": p.C,
            "g_l": p.g_l,
            "g_na": rho * p.g_Na,
            "g_k": rho * p.g_K,
            "g_sd": rho * p.g_sd,
            "g_sr": rho * p.g_sr,
            "e_l": p.E_l,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_sd": p.E_sd,
            "e_sr": p.E_sr,
            "s_na": p.s_Na,
            "s_k": p.s_K,
            "s_sd": p.s_sd,
            "v0_na": p.V0_Na,
            "v0_k": p.V0_K,
            "v0_sd": p.V0_sd,
            "r_k": phi / p.tau_K,
            "r_sd": phi / p.tau_sd,
            "r_sr": phi * p.k / p.tau_sr,
            "c_sr": -p.eta / p.k,
            "noise_amp": p.noise / math.sqrt(p.dt),
            "v_spike": p.v_spike,
            "hs": p.dt / p.substeps,
            "n_sub": p.substeps,
        }

    @staticmethod
    def kernel(
        v,
        a_K,
        a_sd,
        a_sr,
        input_current,
        xi,
        c_m,
        g_l,
        g_na,
        g_k,
        g_sd,
        g_sr,
        e_l,
        e_na,
        e_k,
        e_sd,
        e_sr,
        s_na,
        s_k,
        s_sd,
        v0_na,
        v0_k,
        v0_sd,
        r_k,
        r_sd,
        r_sr,
        c_sr,
        noise_amp,
        v_spike,
        hs,
        n_sub,
    ):
        spike = 0
        i_ext = input_current + noise_amp * xi
        for _sub in range(n_sub):
            vr = min(max(v, -200.0), 200.0)
            kinf = 1.0 / (1.0 + math.exp(-s_k * (vr - v0_k)))
            a_K = kinf + (a_K - kinf) * math.exp(-hs * r_k)
            sdinf = 1.0 / (1.0 + math.exp(-s_sd * (vr - v0_sd)))
            a_sd = sdinf + (a_sd - sdinf) * math.exp(-hs * r_sd)
            srinf = c_sr * g_sd * a_sd * (vr - e_sd)
            a_sr = srinf + (a_sr - srinf) * math.exp(-hs * r_sr)
            gna = g_na / (1.0 + math.exp(-s_na * (vr - v0_na)))
            gk = g_k * a_K
            gsd = g_sd * a_sd
            gsr = g_sr * a_sr
            gt = g_l + gna + gk + gsd + gsr
            vinf = (g_l * e_l + gna * e_na + gk * e_k + gsd * e_sd + gsr * e_sr + i_ext) / gt
            vn = vinf + (v - vinf) * math.exp(-hs * gt / c_m)
            if v < v_spike and vn >= v_spike:
                spike = 1
            v = vn
        return v, a_K, a_sd, a_sr, spike
