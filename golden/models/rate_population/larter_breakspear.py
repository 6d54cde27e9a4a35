"""Larter-Breakspear neural mass (Breakspear, Terry & Friston 2003), one node with optional network coupling."""

from __future__ import annotations

import math

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class LarterBreakspearParams(ParamSet):
    g_Ca: float = param(1.1, units="", lo=0.0, hi=100.0, doc="Ca conductance")
    g_K: float = param(2.0, units="", lo=0.0, hi=100.0, doc="K conductance")
    g_Na: float = param(6.7, units="", lo=0.0, hi=100.0, doc="Na conductance")
    g_L: float = param(0.5, units="", lo=0.0, hi=100.0, doc="leak conductance")
    V_Ca: float = param(1.0, units="", lo=-10.0, hi=10.0, doc="Ca Nernst potential")
    V_K: float = param(-0.7, units="", lo=-10.0, hi=10.0, doc="K Nernst potential")
    V_Na: float = param(0.53, units="", lo=-10.0, hi=10.0, doc="Na Nernst potential")
    V_L: float = param(-0.5, units="", lo=-10.0, hi=10.0, doc="leak Nernst potential")
    T_Ca: float = param(-0.01, units="", lo=-10.0, hi=10.0, doc="Ca channel threshold")
    T_K: float = param(0.0, units="", lo=-10.0, hi=10.0, doc="K channel threshold")
    T_Na: float = param(0.3, units="", lo=-10.0, hi=10.0, doc="Na channel threshold")
    d_Ca: float = positive(0.15, "", "Ca threshold spread")
    d_K: float = positive(0.3, "", "K threshold spread")
    d_Na: float = positive(0.15, "", "Na threshold spread")
    V_T: float = param(0.0, units="", lo=-10.0, hi=10.0, doc="excitatory firing threshold")
    Z_T: float = param(0.0, units="", lo=-10.0, hi=10.0, doc="inhibitory firing threshold")
    d_V: float = positive(0.65, "", "spread of excitatory thresholds (the paper's bifurcation parameter)")
    d_Z: float = positive(0.65, "", "spread of inhibitory thresholds")
    QV_max: float = positive(1.0, "", "maximal excitatory firing rate")
    QZ_max: float = positive(1.0, "", "maximal inhibitory firing rate")
    a_ee: float = param(0.36, units="", lo=0.0, hi=100.0, doc="excitatory -> excitatory synaptic strength")
    a_ei: float = param(2.0, units="", lo=0.0, hi=100.0, doc="excitatory -> inhibitory synaptic strength")
    a_ie: float = param(2.0, units="", lo=0.0, hi=100.0, doc="inhibitory -> excitatory synaptic strength")
    a_ne: float = param(1.0, units="", lo=0.0, hi=100.0, doc="non-specific -> excitatory strength")
    a_ni: float = param(0.4, units="", lo=0.0, hi=100.0, doc="non-specific -> inhibitory strength")
    r_NMDA: float = param(0.25, units="", lo=0.0, hi=100.0, doc="ratio of NMDA to AMPA receptors")
    phi: float = positive(0.7, "", "temperature scaling of the K relaxation")
    tau_K: float = positive(1.0, "", "K relaxation time constant")
    b: float = positive(0.1, "", "time-constant scaling of the inhibitory population")
    C: float = param(0.0, units="", lo=0.0, hi=1.0, doc="coupling strength (fraction of excitation from the network)")
    dt: float = param(0.05, units="", lo=0.0, lo_open=True, hi=1.0, doc="time step (model time units)")
    n_sub: int = param(1, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")


@register(
    family="rate-and-population",
    reference="Breakspear, Terry & Friston 2003, Network: Comput. Neural Syst. 14:703; Larter, Speelman & Worth "
    "1999, Chaos 9:795",
    units="dimensionless (time in the model's units, ~ ms)",
    primary="i_ext",
    sweep=(0.0, 0.45),
)
class LarterBreakspearNeuron(Neuron):
    """Larter-Breakspear neural mass: conductance-based excitatory population with inhibitory feedback.

    Model (Breakspear, Terry & Friston 2003, Network 14:703-732, eqs. 1-5, after Larter, Speelman & Worth 1999,
    Chaos 9:795); one node, coupling C to the network's mean excitatory firing <Q_V> (an input)::

        dV/dt = -(g_Ca + (1 - C) r_NMDA a_ee Q_V + C r_NMDA a_ee <Q_V>) m_Ca (V - V_Ca)
                - g_K W (V - V_K) - g_L (V - V_L)
                - (g_Na m_Na + (1 - C) a_ee Q_V + C a_ee <Q_V>) (V - V_Na)
                - a_ie Z Q_Z + a_ne I
        dW/dt = phi (m_K - W) / tau_K
        dZ/dt = b (a_ni I + a_ei V Q_V)
        m_ion = (1 + tanh((V - T_ion)/d_ion))/2,  Q_V = QV_max (1 + tanh((V - V_T)/d_V))/2,
        Q_Z = QZ_max (1 + tanh((Z - Z_T)/d_Z))/2

    Parameters: the paper's Table 1 values (g_Ca 1.1, g_K 2, g_Na 6.7, g_L 0.5, V_Ca 1, V_K -0.7, V_Na 0.53,
    V_L -0.5, T_Ca -0.01, T_K 0, T_Na 0.3, d_Ca 0.15, d_K 0.3, d_Na 0.15, V_T = Z_T = 0, QV_max = QZ_max = 1,
    a_ee 0.36, a_ei 2, a_ie 2, a_ne 1, a_ni 0.4, r_NMDA 0.25, phi 0.7, tau_K 1, b 0.1, I 0.3); d_V = d_Z = 0.65
    is the chaotic regime the paper studies (smaller d_V gives a stable fixed point, then periodic orbits).
    Variables are dimensionless (potentials scaled to ~[-1, 1]).

    Bounds: Z has no leak in the paper's equations, so an isolated node has an equilibrium only while a_ni I can
    be balanced by a_ei V Q_V; for I above ~0.45 (default parameters) Z grows linearly without bound and V
    follows it down. This is a property of the published model, not of the integration; the registered sweep of
    I is [0, 0.45].

    Integration: ``n_sub`` RK4 sub-steps per ``dt`` (0.05 model time units). Inputs: ``i_ext`` (the non-specific
    subcortical input I, default 0.3; ``step(x)`` drives it) and ``coupling`` (<Q_V>, the mean excitatory firing
    of the connected nodes; used with weight C, default C = 0: an isolated node). Outputs: ``rate`` (kind 'rate':
    Q_V, the excitatory population's mean firing rate) and ``v_mean`` (kind 'value': V). Differences from the
    seed: the seed replaced the inhibitory feedback and the activity-dependent excitatory terms by a linear a_ee V
    term and a made-up Z equation; here the paper's equations are implemented.
    """

    Params = LarterBreakspearParams
    speculate = False
    state_vars = {"v": float, "w": float, "z": float}
    inputs = (Input("i_ext", 0.3, "", "non-specific subcortical input I"),
              Input("coupling", 0.0, "", "mean excitatory firing <Q_V> of the connected nodes"))
    outputs = (Output("rate", "rate", float), Output("v_mean", "value", float))

    @staticmethod
    def initial_state(p):
        return {"v": -0.5, "w": 0.0, "z": 0.0}

    @staticmethod
    def derive(p):
        names = ("g_Ca", "g_K", "g_Na", "g_L", "V_Ca", "V_K", "V_Na", "V_L", "T_Ca", "T_K", "T_Na", "V_T", "Z_T",
                 "QV_max", "QZ_max", "a_ee", "a_ei", "a_ie", "a_ne", "a_ni", "r_NMDA", "b", "C")
        out = {n.lower(): getattr(p, n) for n in names}
        out.update({"i_ca": 1.0 / p.d_Ca, "i_k": 1.0 / p.d_K, "i_na": 1.0 / p.d_Na, "i_v": 1.0 / p.d_V,
                    "i_z": 1.0 / p.d_Z, "phi_tau": p.phi / p.tau_K, "h": p.dt / p.n_sub, "n_sub": p.n_sub})
        return out

    @staticmethod
    def kernel(v, w, z, i_ext, coupling, g_ca, g_k, g_na, g_l, v_ca, v_k, v_na, v_l, t_ca, t_k, t_na, v_t, z_t,
               qv_max, qz_max, a_ee, a_ei, a_ie, a_ne, a_ni, r_nmda, b, c, i_ca, i_k, i_na, i_v, i_z, phi_tau, h,
               n_sub):
        for _ in range(n_sub):
            va, wa, za = v, w, z
            sv, sw, sz = 0.0, 0.0, 0.0
            for stage in range(4):
                m_ca = 0.5 * (1.0 + math.tanh((va - t_ca) * i_ca))
                m_na = 0.5 * (1.0 + math.tanh((va - t_na) * i_na))
                m_k = 0.5 * (1.0 + math.tanh((va - t_k) * i_k))
                q_v = 0.5 * qv_max * (1.0 + math.tanh((va - v_t) * i_v))
                q_z = 0.5 * qz_max * (1.0 + math.tanh((za - z_t) * i_z))
                exc = (1.0 - c) * a_ee * q_v + c * a_ee * coupling
                dv = (-(g_ca + r_nmda * exc) * m_ca * (va - v_ca) - g_k * wa * (va - v_k) - g_l * (va - v_l)
                      - (g_na * m_na + exc) * (va - v_na) - a_ie * za * q_z + a_ne * i_ext)
                dw = phi_tau * (m_k - wa)
                dz = b * (a_ni * i_ext + a_ei * va * q_v)
                wgt = 2.0 if stage == 1 or stage == 2 else 1.0
                sv += wgt * dv
                sw += wgt * dw
                sz += wgt * dz
                cc = h if stage == 2 else 0.5 * h
                va, wa, za = v + cc * dv, w + cc * dw, z + cc * dz
            v += h / 6.0 * sv
            w += h / 6.0 * sw
            z += h / 6.0 * sz
        q = 0.5 * qv_max * (1.0 + math.tanh((v - v_t) * i_v))
        return v, w, z, q, v
