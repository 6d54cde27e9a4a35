"""Wilson 1999 polynomial model of neocortical neurons (RS, FS, chattering and intrinsically bursting cells)."""

from __future__ import annotations

from typing import Any

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron
from golden.registry import register

# Cell classes of Wilson 1999 (J. Theor. Biol. 200:375): only tau_R, g_T and g_H differ between them. The
# "current" entry is the drive used for each class in the behaviour tests (the bursting figures use I = 0.85).
WILSON_PRESETS: dict[str, dict[str, Any]] = {
    "RS": {"params": {"tau_R": 4.2, "g_T": 0.1, "g_H": 5.0}, "doc": "regular spiking (adapting) pyramidal cell"},
    "FS": {"params": {"tau_R": 1.5, "g_T": 0.25, "g_H": 0.0}, "doc": "fast spiking (non-adapting) interneuron"},
    "CH": {"params": {"tau_R": 4.2, "g_T": 2.25, "g_H": 9.5}, "doc": "chattering (fast rhythmic bursting) cell"},
    "IB": {"params": {"tau_R": 4.2, "g_T": 1.2, "g_H": 3.4}, "doc": "intrinsically bursting cell"},
}


def _rest(p) -> float:
    """The resting potential at I = 0 (all gates at steady state): first zero of the steady I-V curve."""

    def i_ss(v: float) -> float:
        m = 17.8 + 47.6 * v + 33.8 * v * v
        r = 1.24 + 3.7 * v + 3.2 * v * v
        t = 8.0 * (v + 0.725) ** 2
        return m * (v - p.E_Na) + (p.g_K * r + p.g_H * 3.0 * t) * (v - p.E_K) + p.g_T * t * (v - p.E_T)

    lo = -1.0
    while lo < 0.0 and i_ss(lo + 0.005) < 0.0:
        lo += 0.005
    hi = lo + 0.005
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if i_ss(mid) < 0.0 else (lo, mid)
    return 0.5 * (lo + hi)


@params_dataclass
class WilsonHRParams(ParamSet):
    # Wilson 1999, J. Theor. Biol. 200:375, equations of the mammalian neocortical neuron; defaults = RS cell.
    C: float = positive(1.0, "uF/cm^2", "membrane capacitance")
    g_K: float = param(26.0, units="mS/cm^2", lo=0.0, doc="maximal delayed-rectifier K conductance (R)")
    g_T: float = param(0.1, units="mS/cm^2", lo=0.0, hi=50.0, doc="maximal T-type Ca conductance (T variable)")
    g_H: float = param(5.0, units="mS/cm^2", lo=0.0, hi=100.0, doc="maximal Ca-dependent AHP K conductance (H)")
    E_Na: float = param(0.50, units="100 mV", lo=-2.0, hi=2.0, doc="Na reversal potential (0.50 = +50 mV)")
    E_K: float = param(-0.95, units="100 mV", lo=-2.0, hi=2.0, doc="K reversal potential (-0.95 = -95 mV)")
    E_T: float = param(1.20, units="100 mV", lo=-2.0, hi=3.0, doc="Ca reversal potential (1.20 = +120 mV)")
    tau_R: float = positive(4.2, "ms", "time constant of the K activation R")
    tau_T: float = positive(14.0, "ms", "time constant of the Ca activation T")
    tau_H: float = positive(45.0, "ms", "time constant of the AHP variable H")
    V_spike: float = param(-0.2, units="100 mV", lo=-0.7, hi=0.4, doc="spike detection level (upward crossing)")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=1.0, doc="time step of step()")
    n_sub: int = param(5, units="", lo=1, hi=1000, integer=True, doc="RK4 sub-steps per dt")

    def check(self) -> None:
        h = self.dt / self.n_sub
        if h > 0.025:
            raise ValueError(
                f"dt/n_sub must be <= 0.025 ms for a stable RK4 spike, got dt={self.dt} ms, n_sub={self.n_sub} "
                f"(dt/n_sub={h} ms)"
            )
        if not self.E_K < self.E_Na < self.E_T:
            raise ValueError(
                f"reversal potentials must satisfy E_K < E_Na < E_T, got E_K={self.E_K}, E_Na={self.E_Na}, "
                f"E_T={self.E_T}"
            )


@register(
    family="bursting",
    reference="Wilson 1999, J. Theor. Biol. 200:375",
    units="V in units of 100 mV, I in uA/cm^2 (normalised), ms",
    primary="input_current",
    sweep=(0.0, 2.0),
)
class WilsonHRNeuron(Neuron):
    """Wilson's four-variable polynomial neocortical neuron: RS, FS, chattering and intrinsic bursting by preset.

    Model (H. R. Wilson 1999, "Simplified dynamics of human and mammalian neocortical neurons", J. Theor. Biol.
    200:375-388; V in units of 100 mV, t in ms)::

        C dV/dt = I - (17.8 + 47.6 V + 33.8 V^2)(V - E_Na) - g_K R (V - E_K) - g_T T (V - E_T) - g_H H (V - E_K)
        tau_R dR/dt = -R + 1.24 + 3.7 V + 3.2 V^2
        tau_T dT/dt = -T + 8 (V + 0.725)^2
        tau_H dH/dt = -H + 3 T

    The Na activation is instantaneous and its steady state is folded into the quadratic conductance; R is the
    K recovery variable, T a Ca (T-type) conductance and H the slow Ca-dependent K (AHP) conductance driven by
    T. E_Na = 0.50, E_K = -0.95, E_T = 1.20, g_K = 26, tau_T = 14 ms, tau_H = 45 ms, C = 1 uF/cm^2. The cell
    classes differ only in tau_R, g_T and g_H (:meth:`preset`, :data:`WILSON_PRESETS`)::

        RS (regular spiking)        tau_R 4.2 ms   g_T 0.1    g_H 5      (the defaults)
        FS (fast spiking)           tau_R 1.5 ms   g_T 0.25   g_H 0
        CH (chattering)             tau_R 4.2 ms   g_T 2.25   g_H 9.5
        IB (intrinsic bursting)     tau_R 4.2 ms   g_T 1.2    g_H 3.4

    RS cells adapt (their rate falls from a transient to a lower steady value, the AHP current H building up),
    FS cells fire at high rates without adaptation, CH cells fire rhythmic high-frequency bursts and IB cells
    fire an initial burst followed by spikes or slower bursts (the behaviour tests reproduce these classes).

    Provenance: the paper itself could not be retrieved here. The equations are the widely reproduced form of
    the paper's equations, checked against two independent third-party codes (a figure-by-figure reproduction
    of the paper, and a binocular-rivalry network built from these neurons), which agree on every coefficient
    (T_inf written as 8 (V + 0.725)^2 in one and 4.205 + 11.6 V + 8 V^2 in the other). The cell-class values
    (tau_R, g_T, g_H) are those of the figure-by-figure reproduction and agree with the values recalled from the
    paper. Wilson's textbook (Spikes, Decisions and Actions, 1999) uses slightly different polynomials
    (17.81 + 47.58 V + 33.80 V^2, E_Na = 0.48, R_inf = 1.29 V + 0.79 + 3.30 (V + 0.38)^2); those are not used
    here. The figure-by-figure reproduction shows two bursting parameter pairs besides CH, (g_T, g_H) =
    (0.8, 4.0) and (1.2, 3.4); which figure of the paper each belongs to could not be confirmed. The IB preset
    uses (1.2, 3.4), which gives the textbook IB response (an initial burst, a pause, then tonic spikes;
    repetitive bursts at weaker drive); pass g_T/g_H for the other.

    Integration: ``n_sub`` classical RK4 sub-steps per ``dt`` (defaults 0.1 ms and 5, sub-step 0.02 ms;
    ``dt/n_sub`` <= 0.025 ms enforced). Output ``spike`` (0/1): upward crossing of ``V_spike`` (-0.2 = -20 mV) in
    any sub-step, at most one per step. The state starts at the resting state for I = 0 (all gates at their
    steady state). Input ``input_current`` I in the paper's units (uA/cm^2 with C = 1).

    Differences from the seed: the seed integrated only the two-variable human-neocortex model of the textbook
    (no T, no H), with an artificial reset V <- -0.7 at V >= 0.4 that the model does not have (its spikes end
    by the K recovery R). Here the full four-variable model, no reset.
    """

    Params = WilsonHRParams
    PRESETS = WILSON_PRESETS
    speculate = False
    state_vars = {"v": float, "r": float, "t_ca": float, "h_ahp": float}
    inputs = (Input("input_current", 0.0, "uA/cm^2", "injected current I (paper's normalised units)"),)

    @classmethod
    def preset(cls, name: str, **overrides: Any) -> WilsonHRNeuron:
        """A neuron of cell class ``name`` (RS, FS, CH, IB); keyword overrides change any other parameter."""
        if name not in WILSON_PRESETS:
            raise ValueError(f"preset must be one of {sorted(WILSON_PRESETS)}, got {name!r}")
        return cls(**{**WILSON_PRESETS[name]["params"], **overrides})

    @staticmethod
    def initial_state(p):
        v = _rest(p)
        t = 8.0 * (v + 0.725) ** 2
        return {"v": v, "r": 1.24 + 3.7 * v + 3.2 * v * v, "t_ca": t, "h_ahp": 3.0 * t}

    @staticmethod
    def derive(p):
        return {
            "c_inv": 1.0 / p.C,
            "g_k": p.g_K,
            "g_t": p.g_T,
            "g_h": p.g_H,
            "e_na": p.E_Na,
            "e_k": p.E_K,
            "e_t": p.E_T,
            "inv_tr": 1.0 / p.tau_R,
            "inv_tt": 1.0 / p.tau_T,
            "inv_th": 1.0 / p.tau_H,
            "v_spike": p.V_spike,
            "hs": p.dt / p.n_sub,
            "n_sub": p.n_sub,
        }

    @staticmethod
    def kernel(
        v,
        r,
        t_ca,
        h_ahp,
        input_current,
        c_inv,
        g_k,
        g_t,
        g_h,
        e_na,
        e_k,
        e_t,
        inv_tr,
        inv_tt,
        inv_th,
        v_spike,
        hs,
        n_sub,
    ):
        i = input_current
        spike = 0
        for _k in range(n_sub):
            # classical RK4; the four stages written out (the kernel may not call helpers)
            x, y, z, w = v, r, t_ca, h_ahp
            m = 17.8 + 47.6 * x + 33.8 * x * x
            a1 = c_inv * (i - m * (x - e_na) - (g_k * y + g_h * w) * (x - e_k) - g_t * z * (x - e_t))
            b1 = inv_tr * (1.24 + 3.7 * x + 3.2 * x * x - y)
            c1 = inv_tt * (8.0 * (x + 0.725) * (x + 0.725) - z)
            d1 = inv_th * (3.0 * z - w)
            x = v + 0.5 * hs * a1
            y = r + 0.5 * hs * b1
            z = t_ca + 0.5 * hs * c1
            w = h_ahp + 0.5 * hs * d1
            m = 17.8 + 47.6 * x + 33.8 * x * x
            a2 = c_inv * (i - m * (x - e_na) - (g_k * y + g_h * w) * (x - e_k) - g_t * z * (x - e_t))
            b2 = inv_tr * (1.24 + 3.7 * x + 3.2 * x * x - y)
            c2 = inv_tt * (8.0 * (x + 0.725) * (x + 0.725) - z)
            d2 = inv_th * (3.0 * z - w)
            x = v + 0.5 * hs * a2
            y = r + 0.5 * hs * b2
            z = t_ca + 0.5 * hs * c2
            w = h_ahp + 0.5 * hs * d2
            m = 17.8 + 47.6 * x + 33.8 * x * x
            a3 = c_inv * (i - m * (x - e_na) - (g_k * y + g_h * w) * (x - e_k) - g_t * z * (x - e_t))
            b3 = inv_tr * (1.24 + 3.7 * x + 3.2 * x * x - y)
            c3 = inv_tt * (8.0 * (x + 0.725) * (x + 0.725) - z)
            d3 = inv_th * (3.0 * z - w)
            x = v + hs * a3
            y = r + hs * b3
            z = t_ca + hs * c3
            w = h_ahp + hs * d3
            m = 17.8 + 47.6 * x + 33.8 * x * x
            a4 = c_inv * (i - m * (x - e_na) - (g_k * y + g_h * w) * (x - e_k) - g_t * z * (x - e_t))
            b4 = inv_tr * (1.24 + 3.7 * x + 3.2 * x * x - y)
            c4 = inv_tt * (8.0 * (x + 0.725) * (x + 0.725) - z)
            d4 = inv_th * (3.0 * z - w)
            v_new = v + hs / 6.0 * (a1 + 2.0 * a2 + 2.0 * a3 + a4)
            r = r + hs / 6.0 * (b1 + 2.0 * b2 + 2.0 * b3 + b4)
            t_ca = t_ca + hs / 6.0 * (c1 + 2.0 * c2 + 2.0 * c3 + c4)
            h_ahp = h_ahp + hs / 6.0 * (d1 + 2.0 * d2 + 2.0 * d3 + d4)
            if v < v_spike <= v_new:
                spike = 1
            v = v_new
        return v, r, t_ca, h_ahp, spike
