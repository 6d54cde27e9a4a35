"""Plant's model of the Aplysia R15 parabolic burster (Plant 1981; Rinzel & Lee 1987)."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register


@params_dataclass
class PlantR15Params(ParamSet):
    # Plant's R15 model (Plant 1981, J. Math. Biol. 11:15; Plant & Kim 1976) in the form and with the values
    # of Rinzel & Lee 1987, J. Math. Biol. 25:653, as in the AUTO demo "pla" of that analysis: V_I 30, V_K -75,
    # V_L -40, V_Ca 140, g_K 0.3, g_L 0.003, K_p 0.5, K_c 0.0085, rho 0.0003, tau_x 235 ms; g_I 4, g_P 0.03,
    # g_T 0.01. (Keener & Sneyd's Aplysia code writes the slow inward current as 0.004 x (V - 140) instead.)
    C_m: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_I: float = param(4.0, units="mS/cm^2", lo=0.0, hi=1000.0, doc="fast inward (Na) conductance")
    g_T: float = param(0.01, units="mS/cm^2", lo=0.0, hi=1000.0, doc="slow inward (x, Ca) conductance")
    g_K: float = param(0.3, units="mS/cm^2", lo=0.0, hi=1000.0, doc="delayed-rectifier K conductance")
    g_P: float = param(0.03, units="mS/cm^2", lo=0.0, hi=1000.0, doc="Ca-activated K conductance")
    g_L: float = param(0.003, units="mS/cm^2", lo=0.0, hi=1000.0, doc="leak conductance")
    V_I: float = param(30.0, units="mV", lo=-100.0, hi=200.0, doc="reversal of the inward currents")
    V_K: float = param(-75.0, units="mV", lo=-200.0, hi=0.0, doc="K reversal potential")
    V_L: float = param(-40.0, units="mV", lo=-200.0, hi=200.0, doc="leak reversal potential")
    V_Ca: float = param(140.0, units="mV", lo=-100.0, hi=300.0, doc="Ca reversal (drives the Ca influx)")
    K_p: float = positive(0.5, "1", "half-activation of the K(Ca) current (dimensionless Ca)")
    K_c: float = positive(0.0085, "1/mV", "Ca influx per unit x and driving force")
    rho: float = param(0.0003, units="1/ms", lo=0.0, lo_open=True, hi=1.0, doc="Ca removal rate")
    tau_x: float = positive(235.0, "ms", "time constant of the slow inward activation x")
    v_threshold: float = param(-20.0, units="mV", lo=-100.0, hi=100.0, doc="spike: upward crossing of V")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")
    n_sub: int = param(10, units="", lo=1, hi=1000, integer=True, doc="exponential-Euler sub-steps per dt")

    def check(self):
        if self.V_I <= self.V_K:
            raise ValueError(
                f"V_I must be > V_K (the voltage scaling divides by V_I - V_K), got V_I={self.V_I}, V_K={self.V_K}"
            )


@register(
    family="bursting",
    reference="Rinzel & Lee 1987, J. Math. Biol. 25:653 (Plant 1981 model)",
    units="mV, ms, uA/cm^2, mS/cm^2",
    primary="input_current",
    sweep=(0.0, 5.0),
)
class PlantR15Neuron(Neuron):
    """Plant's R15 model (Aplysia): bursting driven by a slow inward current x and intracellular Ca.

    Plant's model of the Aplysia R15 bursting neuron (Plant 1981, J. Math. Biol. 11:15; Plant & Kim 1976,
    Biophys. J. 16:227) in the form analysed by Rinzel & Lee 1987, "Dissection of a model for neuronal
    parabolic bursting", J. Math. Biol. 25:653-675::

        C_m dV/dt = I + (g_I m_inf^3(V) h + g_T x)(V_I - V) + (g_K n^4 + g_P Ca/(K_p + Ca))(V_K - V)
                    + g_L (V_L - V)
        dh/dt = (h_inf - h)/tau_h,  dn/dt = (n_inf - n)/tau_n,  tau_y = 12.5/(alpha_y + beta_y)
        dx/dt = (x_inf(V) - x)/tau_x,  x_inf = 1/(1 + exp(0.15 (-50 - V)))
        dCa/dt = rho (K_c x (V_Ca - V) - Ca)
        Hodgkin-Huxley rates at the scaled voltage V_s = (127 V - 115 V_K - 12 V_I)/(V_I - V_K), i.e.
        V_s = 127/105 V + 8265/105 at the default reversal potentials:
        alpha_m = 0.1 (50 - V_s)/(exp((50 - V_s)/10) - 1),   beta_m = 4 exp((25 - V_s)/18)
        alpha_h = 0.07 exp((25 - V_s)/20),                   beta_h = 1/(exp((55 - V_s)/10) + 1)
        alpha_n = 0.01 (55 - V_s)/(exp((55 - V_s)/10) - 1),  beta_n = 0.125 exp((45 - V_s)/80)

    x and Ca are the slow variables (Ca: 1/rho = 3.3 s): bursts of a few large spikes (peaks near +28 mV) with
    interspike intervals of ~0.3 s alternate with silent phases of several seconds. Units: mV, ms, mS/cm^2,
    uA/cm^2 (input ``input_current``, added to the right-hand side); Ca is dimensionless as in the paper.

    Integration: ``n_sub`` exponential-Euler sub-steps per ``dt`` (defaults 0.5 ms and 10: h = 0.05 ms): gates and
    Ca relax exactly towards their frozen-V targets, V exactly towards its conductance-weighted reversal.
    alpha_m and alpha_n have their removable singularities replaced by the limits (1 and 0.1 per ms). Output
    ``spike`` (0/1): upward crossing of ``v_threshold`` (-20 mV) in any sub-step, at most one per step.

    State starts at V = -50 mV, h = 0.6, n = 0.3, x = 0.8, Ca = 0.8 (the first burst comes within ~8 s).
    Differences from the paper: none in the equations. Known deviation: with these published values the burst has
    ~6 spikes whose ISI grows towards the end of the burst (the parabolic signature on the late side) while the first
    two ISIs are equal to within 1 %, i.e. the slow start of a parabolic burst is not visible at this spike count.
    Differences from the seed: the seed used an invented Ca pool (tau 500 ms) and gave at most 1-2 spikes.
    """

    Params = PlantR15Params
    speculate = False
    state_vars = {"v": float, "h": float, "n": float, "x": float, "ca": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current density"),)

    @staticmethod
    def initial_state(p):
        return {"v": -50.0, "h": 0.6, "n": 0.3, "x": 0.8, "ca": 0.8}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C_m,
            "g_i": p.g_I,
            "g_t": p.g_T,
            "g_k": p.g_K,
            "g_p": p.g_P,
            "g_l": p.g_L,
            "v_i": p.V_I,
            "v_k": p.V_K,
            "v_l": p.V_L,
            "v_ca": p.V_Ca,
            "k_p": p.K_p,
            "k_c": p.K_c,
            "rho": p.rho,
            "tau_x": p.tau_x,
            "s_a": 127.0 / (p.V_I - p.V_K),
            "s_b": (115.0 * p.V_K + 12.0 * p.V_I) / (p.V_I - p.V_K),
            "v_th": p.v_threshold,
            "dt_sub": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        h,
        n,
        x,
        ca,
        input_current,
        c_inv,
        g_i,
        g_t,
        g_k,
        g_p,
        g_l,
        v_i,
        v_k,
        v_l,
        v_ca,
        k_p,
        k_c,
        rho,
        tau_x,
        s_a,
        s_b,
        v_th,
        dt_sub,
        n_sub,
    ):
        spike = 0
        for _ in range(n_sub):
            vs = s_a * v - s_b
            u = (50.0 - vs) / 10.0
            if abs(u) < 1e-6:
                am = 1.0 - 0.5 * u
            else:
                am = u / (math.exp(u) - 1.0)
            bm = 4.0 * math.exp((25.0 - vs) / 18.0)
            ah = 0.07 * math.exp((25.0 - vs) / 20.0)
            bh = 1.0 / (math.exp((55.0 - vs) / 10.0) + 1.0)
            u = (55.0 - vs) / 10.0
            if abs(u) < 1e-6:
                an = 0.1 - 0.05 * u
            else:
                an = 0.1 * u / (math.exp(u) - 1.0)
            bn = 0.125 * math.exp((45.0 - vs) / 80.0)
            m_inf = am / (am + bm)
            x_inf = 1.0 / (math.exp(0.15 * (-50.0 - v)) + 1.0)
            gin = g_i * m_inf * m_inf * m_inf * h + g_t * x
            n2 = n * n
            gout = g_k * n2 * n2 + g_p * ca / (k_p + ca)
            g = gin + gout + g_l
            v_inf = (input_current + gin * v_i + gout * v_k + g_l * v_l) / g
            vn = v_inf + (v - v_inf) * math.exp(-dt_sub * g * c_inv)
            s = ah + bh
            h = ah / s + (h - ah / s) * math.exp(-dt_sub * s / 12.5)
            s = an + bn
            n = an / s + (n - an / s) * math.exp(-dt_sub * s / 12.5)
            x = x_inf + (x - x_inf) * math.exp(-dt_sub / tau_x)
            c_inf = k_c * x * (v_ca - v)
            ca = c_inf + (ca - c_inf) * math.exp(-dt_sub * rho)
            if v < v_th and vn >= v_th:
                spike = 1
            v = vn
        return v, h, n, x, ca, spike
