"""Reduced soma-dendrite neuron with event-driven dendritic Na spikes (Dendrify, Pagkalos et al. 2023)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class DendrifyParams(ParamSet):
    # Compartments and dSpike of the Dendrify "active vs passive dendrites" example (Pagkalos, Chavlis & Poirazi
    # 2023; Dendrify documentation, example comp_amplification), somatic spike rule of its make_neurongroup.
    C_s: float = positive(200.0, "pF", "somatic capacitance")
    g_Ls: float = positive(10.0, "nS", "somatic leak conductance")
    C_d: float = positive(50.0, "pF", "dendritic capacitance")
    g_Ld: float = positive(2.5, "nS", "dendritic leak conductance")
    g_c: float = param(15.0, units="nS", lo=0.0, doc="soma-dendrite coupling conductance")
    E_L: float = param(-60.0, units="mV", lo=-200.0, hi=100.0, doc="resting potential of both compartments")
    g_rise: float = param(30.0, units="nS", lo=0.0, doc="dSpike depolarising (Na) conductance")
    g_fall: float = param(14.0, units="nS", lo=0.0, doc="dSpike repolarising (K) conductance")
    E_Na: float = param(70.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the rise current (Dendrify E_Na)")
    E_K: float = param(-89.0, units="mV", lo=-200.0, hi=200.0, doc="reversal of the fall current (Dendrify E_K)")
    V_th_d: float = param(-35.0, units="mV", lo=-200.0, hi=100.0, doc="dSpike threshold of the dendrite")
    dur_rise: float = positive(1.2, "ms", "duration of the rise (Na) conductance pulse")
    dur_fall: float = positive(2.4, "ms", "duration of the fall (K) conductance pulse")
    offset_fall: float = param(0.2, units="ms", lo=0.0, doc="delay of the fall pulse after dSpike onset")
    ref_d: float = param(5.0, units="ms", lo=0.0, doc="dSpike refractory period")
    V_th: float = param(-40.0, units="mV", lo=-200.0, hi=100.0, doc="somatic spike threshold")
    V_spike: float = param(40.0, units="mV", lo=-200.0, hi=200.0, doc="somatic potential during the spike width")
    spike_width: float = param(0.8, units="ms", lo=0.0, doc="time the soma is held at V_spike after a spike")
    V_reset: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="somatic potential after the spike width")
    t_ref: float = param(4.0, units="ms", lo=0.0, doc="somatic refractory period (from the spike)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step")
    n_sub: int = param(4, units="", lo=1, hi=1000, integer=True, doc="sub-steps per dt")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.spike_width > self.t_ref:
            raise ValueError(f"spike_width must be <= t_ref, got spike_width={self.spike_width} > t_ref={self.t_ref}")


@register(
    family="multi-compartment",
    reference="Pagkalos, Chavlis & Poirazi 2023, Nat. Commun. 14:131",
    units="mV, pA, nS, pF, ms",
    primary="dendritic_current",
    sweep=(0.0, 2000.0),
)
class DendrifyNeuron(Neuron):
    """Dendrify two-compartment neuron: leaky soma (integrate-and-fire) and a dendrite with event-driven Na dSpikes.

    Model (Pagkalos, Chavlis & Poirazi 2023, "Introducing the Dendrify framework for incorporating dendrites to
    spiking neural networks", Nat. Commun. 14:131; Methods and the Dendrify library's dSpike mechanism)::

        C_s dV_s/dt = g_Ls (E_L - V_s) + g_c (V_d - V_s) + I_s
        C_d dV_d/dt = g_Ld (E_L - V_d) + g_c (V_s - V_d) + g_r(t) (E_Na - V_d) + g_f(t) (E_K - V_d) + I_d

    dSpike (event-driven, no Hodgkin-Huxley gates): when V_d >= V_th_d and at least ``ref_d`` has passed since
    the last dSpike onset t0, a new dSpike starts: g_r = g_rise for t0 <= t < t0 + dur_rise and
    g_f = g_fall for t0 + offset_fall <= t < t0 + offset_fall + dur_fall (square conductance pulses, as in the
    library). Soma: V_s >= V_th -> spike; V_s is held at V_spike for ``spike_width`` and then at V_reset until
    ``t_ref`` after the spike (the library's two-stage reset that mimics the AP waveform seen by the dendrite).

    Integration: ``n_sub`` sub-steps per ``dt``; in each the soma and then the dendrite take an exponential-Euler
    step (exact for the linear compartment with the other compartment's potential and the conductances held);
    the dSpike threshold and the somatic threshold are tested in every sub-step (spikes are not missed; at most
    one somatic spike is reported per step). Pulse timing is counted in sub-steps (durations rounded to them).

    Parameters (defaults: the Dendrify "active dendrites" example: soma 200 pF / 10 nS, dendrite 50 pF / 2.5 nS,
    coupling 15 nS, E_L = -60 mV; Na dSpike g_rise 30 nS, g_fall 14 nS, threshold -35 mV, durations 1.2 / 2.4
    ms, offset 0.2 ms, refractory 5 ms, E_Na 70 mV, E_K -89 mV; soma threshold -40 mV, V_spike 40 mV for 0.8
    ms, reset -50 mV, refractory 4 ms): conductances nS >= 0, capacitances pF > 0, potentials mV, times ms,
    ``dt`` ms (0, 1] (0.1), ``n_sub`` integer [1, 1000] (4).

    Inputs: ``dendritic_current`` I_d (pA; ``step(x)`` drives it) and ``somatic_current`` I_s (pA). State:
    ``v_s``, ``v_d`` (mV), ``ds_age`` (sub-steps since the last dSpike onset, capped), ``ref`` (somatic
    refractory sub-steps left). Output: ``spike`` 0/1 (somatic).

    Differences: the seed credited Dendrify to another author and injected a fixed 30 mV "plateau" into the
    soma; here the dSpike currents of the library flow in the dendrite. Two compartments instead of the paper's
    larger examples (any Dendrify model with one dendrite reduces to this).
    """

    Params = DendrifyParams
    speculate = False
    state_vars = {"v_s": float, "v_d": float, "ds_age": int, "ref": int}
    inputs = (
        Input("dendritic_current", 0.0, "pA", "current injected into the dendrite"),
        Input("somatic_current", 0.0, "pA", "current injected into the soma"),
    )

    @staticmethod
    def initial_state(p):
        return {"v_s": p.E_L, "v_d": p.E_L, "ds_age": 1 << 30, "ref": 0}

    @staticmethod
    def derive(p):
        hs = p.dt / p.n_sub

        def steps(t):
            return int(round(t / hs))

        g_d = p.g_Ld + p.g_c
        n_rise = steps(p.dur_rise)
        n_off = steps(p.offset_fall)
        return {
            "n_sub": p.n_sub,
            "e_l": p.E_L,
            "g_ls": p.g_Ls,
            "g_ld": p.g_Ld,
            "g_c": p.g_c,
            "e_s": math.exp(-hs * (p.g_Ls + p.g_c) / p.C_s),
            "gs_tot": p.g_Ls + p.g_c,
            "g_rise": p.g_rise,
            "g_fall": p.g_fall,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_d0": math.exp(-hs * g_d / p.C_d),
            "e_dr": math.exp(-hs * (g_d + p.g_rise) / p.C_d),
            "e_df": math.exp(-hs * (g_d + p.g_fall) / p.C_d),
            "e_drf": math.exp(-hs * (g_d + p.g_rise + p.g_fall) / p.C_d),
            "v_th_d": p.V_th_d,
            "n_rise": n_rise,
            "n_f0": n_off,
            "n_f1": n_off + steps(p.dur_fall),
            "n_refd": steps(p.ref_d),
            "v_th": p.V_th,
            "v_spike": p.V_spike,
            "v_reset": p.V_reset,
            "n_ref": steps(p.t_ref),
            "n_hold": steps(p.t_ref) - steps(p.spike_width),
        }

    @staticmethod
    def kernel(
        v_s,
        v_d,
        ds_age,
        ref,
        dendritic_current,
        somatic_current,
        n_sub,
        e_l,
        g_ls,
        g_ld,
        g_c,
        e_s,
        gs_tot,
        g_rise,
        g_fall,
        e_na,
        e_k,
        e_d0,
        e_dr,
        e_df,
        e_drf,
        v_th_d,
        n_rise,
        n_f0,
        n_f1,
        n_refd,
        v_th,
        v_spike,
        v_reset,
        n_ref,
        n_hold,
    ):
        spike = 0
        for _ in range(n_sub):
            # soma: clamped while refractory, else one exponential-Euler step with V_d held
            if ref > 0:
                ref -= 1
                if ref >= n_hold:
                    v_s_new = v_spike
                else:
                    v_s_new = v_reset
            else:
                vinf = (g_ls * e_l + g_c * v_d + somatic_current) / gs_tot
                v_s_new = vinf + e_s * (v_s - vinf)
                if v_s_new >= v_th:
                    spike = 1
                    ref = n_ref
                    v_s_new = v_spike
            # dendrite: the dSpike pulses active in this sub-step
            on_r = ds_age < n_rise
            on_f = ds_age >= n_f0 and ds_age < n_f1
            g = g_ld + g_c
            a = g_ld * e_l + g_c * v_s + dendritic_current
            ed = e_d0
            if on_r:
                g += g_rise
                a += g_rise * e_na
                ed = e_dr
            if on_f:
                g += g_fall
                a += g_fall * e_k
                ed = e_df
                if on_r:
                    ed = e_drf
            vinf = a / g
            v_d = vinf + ed * (v_d - vinf)
            v_s = v_s_new
            if ds_age < (1 << 30):
                ds_age += 1
            if v_d >= v_th_d and ds_age >= n_refd:
                ds_age = 0
        return v_s, v_d, ds_age, ref, spike
