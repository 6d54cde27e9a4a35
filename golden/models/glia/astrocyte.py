"""Li-Rinzel two-variable model of IP3-mediated Ca2+ oscillations (the astrocyte's Ca2+ excitability)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class LiRinzelParams(ParamSet):
    # Li & Rinzel 1994, J. Theor. Biol. 166:461, Table 1 (the De Young-Keizer 1992 constants).
    c0: float = positive(2.0, "uM", "total free Ca2+ per cytosolic volume")
    c1: float = positive(0.185, "1", "ER / cytosol volume ratio")
    v1: float = positive(6.0, "1/s", "maximal IP3R channel flux rate")
    v2: float = param(0.11, units="1/s", lo=0.0, doc="ER leak rate")
    v3: float = param(0.9, units="uM/s", lo=0.0, doc="maximal SERCA pump rate")
    k3: float = positive(0.1, "uM", "SERCA activation constant")
    d1: float = positive(0.13, "uM", "IP3 dissociation constant")
    d2: float = positive(1.049, "uM", "Ca2+ inactivation dissociation constant")
    d3: float = positive(0.9434, "uM", "IP3 dissociation constant")
    d5: float = positive(0.08234, "uM", "Ca2+ activation dissociation constant")
    a2: float = positive(0.2, "1/(uM s)", "IP3R Ca2+ inactivation binding rate")
    ca0: float = param(0.1, units="uM", lo=0.0, doc="initial cytosolic Ca2+")
    h0: float = param(0.8, units="1", lo=0.0, hi=1.0, doc="initial fraction of IP3R not inactivated")
    dt: float = param(0.01, units="s", lo=0.0, lo_open=True, hi=0.1, doc="time step")

    def check(self) -> None:
        if self.ca0 >= self.c0:
            raise ValueError(f"ca0 must be < c0 (the ER must hold Ca2+), got ca0={self.ca0} >= c0={self.c0} uM")


@register(
    family="glia",
    reference="Li & Rinzel 1994, J. Theor. Biol. 166:461; De Young & Keizer 1992, PNAS 89:9895",
    units="uM, s",
    primary="ip3",
    sweep=(0.0, 5.0),
)
class AstrocyteModel(Neuron):
    """Li-Rinzel model of Ca2+-induced Ca2+ release through IP3 receptors (astrocyte Ca2+ oscillations).

    Model (Li & Rinzel 1994, "Equations for InsP3 receptor-mediated [Ca2+]i oscillations derived from a detailed
    kinetic model: a Hodgkin-Huxley like formalism", J. Theor. Biol. 166:461-473: the two-variable reduction of
    the De Young & Keizer 1992 (PNAS 89:9895) IP3R model)::

        dC/dt = -J_chan - J_pump - J_leak
        J_chan = c1 v1 m_inf^3 n_inf^3 h^3 (C - C_ER)       m_inf = I/(I + d1),  n_inf = C/(C + d5)
        J_pump = v3 C^2 / (C^2 + k3^2)
        J_leak = c1 v2 (C - C_ER),                           C_ER = (c0 - C)/c1
        dh/dt  = alpha_h (1 - h) - beta_h h,   alpha_h = a2 d2 (I + d1)/(I + d3),   beta_h = a2 C

    C is the cytosolic [Ca2+] (uM), h the fraction of IP3 receptors not inactivated by Ca2+, I = [IP3] (uM),
    the input. For IP3 in a window (about 0.35-0.66 uM with these constants, bounded by two Hopf bifurcations)
    the steady state is unstable and [Ca2+] oscillates (peaks of 0.2-0.5 uM with a period of 10-13 s that
    shortens as IP3 rises); below the window [Ca2+] rests low, above it high.

    Integration: classical RK4 per ``dt`` (default 0.01 s, far below the ~0.2 s rise of a Ca2+ spike); the
    rates see C clipped to [0, c0] and h to [0, 1], so extreme inputs cannot create a pole (C = -d5).

    Parameters (units and defaults of Li & Rinzel 1994, Table 1): ``c0`` uM (2), ``c1`` (0.185), ``v1`` 1/s (6),
    ``v2`` 1/s (0.11), ``v3`` uM/s (0.9), ``k3`` uM (0.1), ``d1`` (0.13), ``d2`` (1.049), ``d3`` (0.9434),
    ``d5`` (0.08234) uM, ``a2`` 1/(uM s) (0.2); initial ``ca0`` uM [0, c0) (0.1), ``h0`` [0, 1] (0.8);
    ``dt`` s (0, 0.1] (0.01). Input: ``ip3`` (uM; ``step(x)``). Output: ``ca`` (uM, value; the model has no
    spikes). Time is in seconds, as in the paper.

    Differences from the seed: the constants are those of the paper (the seed's "v_ER", "k_ER" and leak were
    not), the seed's misattribution ("Li & Bhatt") is corrected, IP3 is an input (no built-in IP3 production),
    RK4 instead of Euler.
    """

    Params = LiRinzelParams
    speculate = False
    state_vars = {"c": float, "h": float}
    inputs = (Input("ip3", 0.4, "uM", "IP3 concentration"),)
    outputs = (Output("ca", kind="value", dtype=float),)

    @staticmethod
    def initial_state(p):
        return {"c": p.ca0, "h": p.h0}

    @staticmethod
    def derive(p):
        return {
            "c0": p.c0,
            "c1": p.c1,
            "v1": p.v1,
            "v2": p.v2,
            "v3": p.v3,
            "k3sq": p.k3 * p.k3,
            "d1": p.d1,
            "d2": p.d2,
            "d3": p.d3,
            "d5": p.d5,
            "a2": p.a2,
            "dt_s": p.dt,
        }

    @staticmethod
    def kernel(c, h, ip3, c0, c1, v1, v2, v3, k3sq, d1, d2, d3, d5, a2, dt_s):
        ip = ip3
        if ip < 0.0:
            ip = 0.0
        m3 = ip / (ip + d1)
        m3 = m3 * m3 * m3
        q2 = d2 * (ip + d1) / (ip + d3)  # alpha_h = a2 q2
        ca = c
        g = h
        dc1 = 0.0
        dh1 = 0.0
        dc2 = 0.0
        dh2 = 0.0
        dc3 = 0.0
        dh3 = 0.0
        dc = 0.0
        dh = 0.0
        for stage in range(4):
            cc = c
            if cc < 0.0:
                cc = 0.0
            if cc > c0:
                cc = c0
            gg = g
            if gg < 0.0:
                gg = 0.0
            if gg > 1.0:
                gg = 1.0
            n = cc / (cc + d5)
            mnh = n * gg
            open3 = m3 * mnh * mnh * mnh
            c_er = (c0 - cc) / c1
            dc = -c1 * (v1 * open3 + v2) * (cc - c_er) - v3 * cc * cc / (cc * cc + k3sq)
            dh = a2 * (q2 * (1.0 - gg) - cc * gg)
            if stage == 0:
                dc1 = dc
                dh1 = dh
                c = ca + 0.5 * dt_s * dc
                g = h + 0.5 * dt_s * dh
            elif stage == 1:
                dc2 = dc
                dh2 = dh
                c = ca + 0.5 * dt_s * dc
                g = h + 0.5 * dt_s * dh
            elif stage == 2:
                dc3 = dc
                dh3 = dh
                c = ca + dt_s * dc
                g = h + dt_s * dh
        ca_new = ca + dt_s / 6.0 * (dc1 + 2.0 * dc2 + 2.0 * dc3 + dc)
        h_new = h + dt_s / 6.0 * (dh1 + 2.0 * dh2 + 2.0 * dh3 + dh)
        return ca_new, h_new, ca_new
