"""Differential-pair-integrator (DPI) adaptive exponential neuron of the DYNAP-SE family (current mode)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class DPIParams(ParamSet):
    C_mem: float = positive(2.0, units="pF", doc="membrane capacitor")
    I_tau: float = positive(3.5, units="pA", doc="leak (time-constant) current; tau = C_mem U_T / (kappa I_tau)")
    I_th: float = positive(35.0, units="pA", doc="DPI gain (threshold) current; DC gain I_th / I_tau")
    U_T: float = positive(25.0, units="mV", doc="thermal voltage")
    kappa: float = param(0.7, units="1", lo=0.0, hi=1.0, lo_open=True, doc="subthreshold slope factor")
    I_a_gain: float = param(20.0, units="pA", lo=0.0, doc="positive-feedback current amplitude")
    I_a_th: float = positive(400.0, units="pA", doc="positive-feedback current: I_mem at half activation")
    I_a_norm: float = positive(40.0, units="pA", doc="positive-feedback current: activation width")
    I_spk: float = positive(1000.0, units="pA", doc="spike threshold: a spike when I_mem >= I_spk")
    I_0: float = positive(0.5, units="pA", doc="leakage floor of the currents; reset value of I_mem")
    t_ref: float = param(2.0, units="ms", lo=0.0, doc="refractory period (I_mem held at I_0)")
    C_ahp: float = positive(40.0, units="pF", doc="AHP capacitor")
    I_tau_ahp: float = positive(14.0, units="pA", doc="AHP leak current; tau_ahp = C_ahp U_T / (kappa I_tau_ahp)")
    I_ahp_inf: float = param(200.0, units="pA", lo=0.0, doc="AHP DPI asymptote while a spike pulse is on")
    t_pulse: float = param(1.0, units="ms", lo=0.0, doc="spike pulse width that charges the AHP")
    dt: float = positive(1.0, units="ms", doc="time step")
    n_sub: int = param(20, units="sub-steps", lo=1, hi=1000, integer=True, doc="sub-steps per step")

    def check(self) -> None:
        if self.I_spk <= self.I_0:
            raise ValueError(f"I_spk must be > I_0, got I_spk={self.I_spk} <= I_0={self.I_0}")
        tau = self.C_mem * self.U_T / (self.kappa * self.I_tau)
        if self.dt / self.n_sub > tau:
            raise ValueError(f"dt / n_sub = {self.dt / self.n_sub:g} ms must be <= tau = {tau:g} ms "
                             f"(C_mem U_T / (kappa I_tau)); raise n_sub")

    @property
    def tau(self) -> float:
        """Membrane time constant C_mem U_T / (kappa I_tau), ms (pF mV / pA = ms)."""
        return self.C_mem * self.U_T / (self.kappa * self.I_tau)

    @property
    def tau_ahp(self) -> float:
        return self.C_ahp * self.U_T / (self.kappa * self.I_tau_ahp)


@register(
    family="hardware",
    reference="Bartolozzi & Indiveri 2007, Neural Comput. 19:2581 (DPI); Chicca et al. 2014, Proc. IEEE 102:1367 "
    "(adaptive exponential I&F circuit); Moradi et al. 2018, IEEE TBioCAS 12:106 (DYNAP-SE)",
    units="currents in pA, capacitances in pF, voltages in mV, time in ms",
    primary="input_current",
    sweep=(0.0, 500.0),
)
class DPINeuron(Neuron):
    """DPI adaptive exponential I&F neuron (Chicca et al. 2014, Proc. IEEE; DPI: Bartolozzi & Indiveri 2007).

    Current-mode subthreshold circuit equations (Chicca et al. 2014, the neuron of the DYNAP-SE chips), with
    ``tau = C_mem U_T / (kappa I_tau)`` and ``tau_ahp = C_ahp U_T / (kappa I_tau_ahp)``::

        tau (1 + I_th / I_mem) dI_mem/dt = I_th / I_tau (I_in + I_a - I_ahp) - I_th - I_mem (1 + (I_ahp - I_a) / I_tau)
        I_a = I_a_gain / (1 + exp(-(I_mem - I_a_th) / I_a_norm))           # positive feedback (spike onset)
        tau_ahp dI_ahp/dt = -I_ahp + I_ahp_inf u(t)                         # AHP DPI, u = 1 during a spike pulse
        I_mem >= I_spk:  spike;  I_mem = I_0;  held for t_ref

    The first equation is Chicca et al.'s ``tau (1 + I_th/I_mem) dI_mem/dt + I_mem (1 + I_ahp/I_tau) =
    I_mem_inf + f(I_mem)`` with ``I_mem_inf = I_th/I_tau (I_in - I_ahp - I_tau)`` and ``f = I_a/I_tau (I_mem +
    I_th)`` written out. For ``I_mem >> I_th`` (and no feedback or AHP) it is the first-order LINEAR low-pass
    ``tau dI_mem/dt = -I_mem + I_th/I_tau (I_in - I_tau)``: the DPI's defining property. The AHP current is a
    second DPI charged by each spike pulse of width ``t_pulse`` (its exact response to a pulse:
    ``I_ahp = I_ahp_inf + (I_ahp - I_ahp_inf) exp(-t_pulse / tau_ahp)``) and decaying exactly between spikes;
    it subtracts from the input and adds to the leak: spike-frequency adaptation.

    Integration: ``n_sub`` sub-steps per step, semi-implicit (the decay term ``I_mem (1 + (I_ahp - I_a)/I_tau)``
    is implicit where it is a decay, so the update is stable for any ``I_ahp``), currents floored at the leakage
    ``I_0`` (a subthreshold current is positive). Units: pA, pF, mV, ms (pF mV / pA = ms). Input
    ``input_current`` = I_in in pA (the seed's ``step(i_syn)``); output spike 0/1.

    Defaults are illustrative DYNAP-SE-like values (pA currents, pF capacitors, tau = 20.4 ms, DC gain 10,
    tau_ahp = 102 ms), not a calibrated chip configuration. The seed's model (``tau dI/dt = -I + g I_syn + I_leak``)
    had neither the DPI's nonlinearity nor its AHP.
    """

    Params = DPIParams
    state_vars = {"i_mem": float, "i_ahp": float, "refractory": int}
    inputs = (Input("input_current", 0.0, "pA", "input current I_in (e.g. the synaptic DPI output)"),)
    speculate = False

    @staticmethod
    def initial_state(p):
        return {"i_mem": p.I_0, "i_ahp": 0.0, "refractory": 0}

    @staticmethod
    def derive(p):
        return {
            "h_tau": p.dt / p.n_sub / p.tau, "n_sub": p.n_sub, "i_th": p.I_th, "i_tau": p.I_tau,
            "g_th": p.I_th / p.I_tau, "ia_gain": p.I_a_gain, "ia_th": p.I_a_th, "ia_norm": p.I_a_norm,
            "i_spk": p.I_spk, "i_0": p.I_0, "ref_steps": int(round(p.t_ref / p.dt)),
            "ahp_dec": math.exp(-p.dt / p.tau_ahp), "ahp_inf": p.I_ahp_inf,
            "ahp_pulse": math.exp(-p.t_pulse / p.tau_ahp),
        }

    @staticmethod
    def kernel(i_mem, i_ahp, refractory, input_current, h_tau, n_sub, i_th, i_tau, g_th, ia_gain, ia_th, ia_norm,
               i_spk, i_0, ref_steps, ahp_dec, ahp_inf, ahp_pulse):
        if refractory > 0:
            return i_0, i_ahp * ahp_dec, refractory - 1, 0
        for _sub in range(n_sub):
            i_a = ia_gain / (1.0 + math.exp(-(i_mem - ia_th) / ia_norm))
            k = h_tau / (1.0 + i_th / i_mem)
            drive = g_th * (input_current + i_a - i_ahp) - i_th
            dec = 1.0 + (i_ahp - i_a) / i_tau
            if dec > 0.0:
                i_mem = (i_mem + k * drive) / (1.0 + k * dec)
            else:
                i_mem = i_mem + k * (drive - dec * i_mem)
            if i_mem < i_0:
                i_mem = i_0
            if i_mem >= i_spk:
                i_ahp = ahp_inf + (i_ahp - ahp_inf) * ahp_pulse
                return i_0, i_ahp, ref_steps, 1
        return i_mem, i_ahp * ahp_dec, refractory, 0
