"""Rall's passive cable with a leaky integrate-and-fire soma (Rall 1959/1967), N compartments."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Vector
from golden.registry import register


@params_dataclass
class RallCableParams(ParamSet):
    n_comp: int = param(40, units="", lo=1, hi=2000, integer=True, doc="number of cable compartments")
    length: float = positive(1000.0, "um", "cable length L (sealed far end)")
    diam: float = positive(2.0, "um", "cable diameter d")
    R_m: float = positive(20000.0, "Ohm cm^2", "specific membrane resistance")
    R_i: float = positive(100.0, "Ohm cm", "specific axial (cytoplasmic) resistance")
    C_m: float = positive(1.0, "uF/cm^2", "specific membrane capacitance")
    soma_diam: float = param(20.0, units="um", lo=0.0, doc="diameter of the spherical soma (0: no soma, bare cable)")
    E_L: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="resting (leak reversal) potential")
    V_th: float = param(-50.0, units="mV", lo=-200.0, hi=100.0, doc="somatic spike threshold")
    V_reset: float = param(-65.0, units="mV", lo=-200.0, hi=100.0, doc="somatic reset potential")
    t_ref: float = param(2.0, units="ms", lo=0.0, doc="somatic absolute refractory period (soma held at V_reset)")
    inject_at: int = param(
        -1,
        units="",
        lo=-1,
        integer=True,
        doc="cable compartment (1..n_comp) that receives dendritic_current; -1: the far end",
    )
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=10.0, doc="time step")

    def check(self) -> None:
        if self.V_reset >= self.V_th:
            raise ValueError(f"V_reset must be < V_th, got V_reset={self.V_reset} >= V_th={self.V_th} mV")
        if self.inject_at == 0 or self.inject_at > self.n_comp:
            raise ValueError(f"inject_at must be -1 or in [1, n_comp={self.n_comp}], got {self.inject_at}")


def cable_constants(p: RallCableParams) -> dict[str, float]:
    """Cable theory of the continuous cable (Rall 1959): length constant lambda (um), membrane time constant
    tau_m (ms), input resistance of a semi-infinite cable R_inf (MOhm) and of the finite sealed cable
    R_cable = R_inf coth(L/lambda) (MOhm), the soma's leak conductance (nS) and the input resistance seen at the
    soma, R_in = 1 / (G_soma + 1/R_cable) (MOhm)."""
    d_cm = p.diam * 1e-4
    lam = math.sqrt(p.R_m * d_cm / (4.0 * p.R_i)) * 1e4  # um
    r_inf = 2.0 / math.pi * math.sqrt(p.R_m * p.R_i) / d_cm**1.5 * 1e-6  # MOhm
    r_cable = r_inf / math.tanh(p.length / lam)
    g_soma = math.pi * (p.soma_diam * 1e-4) ** 2 / p.R_m * 1e9  # nS
    r_in = 1.0 / (g_soma * 1e-3 + 1.0 / r_cable)
    return {
        "lambda_um": lam,
        "tau_m_ms": p.R_m * p.C_m * 1e-3,
        "R_inf_MOhm": r_inf,
        "R_cable_MOhm": r_cable,
        "G_soma_nS": g_soma,
        "R_in_MOhm": r_in,
    }


def _matrix(p: RallCableParams):
    """Node capacitances (pF), leak conductances (nS) and axial conductances (nS) of the soma (node 0) and the
    n_comp cable compartments (nodes 1..n_comp, centres at (i - 1/2) L/n_comp from the soma)."""
    n = p.n_comp
    dx_cm = p.length / n * 1e-4
    d_cm = p.diam * 1e-4
    area_c = math.pi * d_cm * dx_cm  # cm^2
    g_ax = math.pi * d_cm * d_cm / 4.0 / (p.R_i * dx_cm) * 1e9  # nS between neighbouring centres
    area_s = math.pi * (p.soma_diam * 1e-4) ** 2
    cap = np.empty(n + 1)
    gl = np.empty(n + 1)
    cap[0] = p.C_m * area_s * 1e6
    gl[0] = area_s / p.R_m * 1e9
    cap[1:] = p.C_m * area_c * 1e6
    gl[1:] = area_c / p.R_m * 1e9
    ga = np.full(n, g_ax)  # ga[i]: conductance between node i and node i + 1
    ga[0] = 2.0 * g_ax  # soma centre to the first compartment's centre: half a compartment
    return cap, gl, ga


@register(
    family="multi-compartment",
    reference="Rall 1959, Exp. Neurol. 1:491; Rall 1967, J. Neurophysiol. 30:1138",
    units="mV, pA, nS, pF, um, ms",
    primary="input_current",
    sweep=(0.0, 2000.0),
)
class RallCableNeuron(Neuron):
    """Passive dendritic cable (Rall) of N compartments attached to a leaky integrate-and-fire soma.

    Cable equation (Rall 1959, Exp. Neurol. 1:491-527; Rall 1967, J. Neurophysiol. 30:1138-1168)::

        lambda^2 d2V/dx2 - tau_m dV/dt - (V - E_L) = 0,   lambda = sqrt(R_m d / (4 R_i)),  tau_m = R_m C_m

    discretised into ``n_comp`` cylinders of length dx = L/n_comp (finite volumes, second order in dx), sealed
    at the far end (no axial current) and joined at x = 0 to an isopotential spherical soma of diameter
    ``soma_diam`` (same R_m, C_m; half a compartment of axial resistance between the soma and the first centre)::

        C_i dV_i/dt = -g_i (V_i - E_L) + sum_j g_ij (V_j - V_i) + I_i

    The soma fires when V_0 >= V_th; then V_0 <- V_reset and is held there for ``t_ref`` (the dendrite is not
    reset). The soma is the only active part: a leaky integrate-and-fire point, the "LIF soma" of the ball-and-
    stick model.

    Integration: one backward-Euler (implicit) step per ``dt`` of the whole linear system, solved exactly by the
    Thomas algorithm with the elimination factors precomputed in ``derive`` (L-stable: no step-size limit from
    the fine compartments; first order in time, exact steady states). The threshold is tested at the end of
    each step (at most one spike per step).

    Cable theory checked by the tests (see :func:`cable_constants`): steady-state attenuation
    V(x) = V(0) cosh((L - x)/lambda) / cosh(L/lambda) along a sealed cable (exp(-x/lambda) for L >> lambda),
    cable input resistance R_inf coth(L/lambda), R_inf = (2/pi) sqrt(R_m R_i) d^(-3/2), and at the soma
    R_in = 1/(G_soma + 1/R_cable) (Rall's soma-dendrite formula).

    Parameters (defaults: a 2 um, 1 mm cable with R_m = 20 kOhm cm^2, R_i = 100 Ohm cm, C_m = 1 uF/cm^2,
    i.e. lambda = 1000 um = L and tau_m = 20 ms, plus a 20 um soma; values typical of Rall's motoneuron
    analyses, not a specific table): ``n_comp`` integer [1, 2000] (40), ``length`` um (1000), ``diam`` um (2),
    ``R_m`` Ohm cm^2 (20000), ``R_i`` Ohm cm (100), ``C_m`` uF/cm^2 (1), ``soma_diam`` um >= 0 (20), ``E_L`` mV
    (-65), ``V_th`` mV (-50), ``V_reset`` mV (-65, < V_th), ``t_ref`` ms >= 0 (2), ``inject_at`` (-1 = far end,
    or 1..n_comp), ``dt`` ms (0, 10] (0.1).

    Inputs: ``input_current`` (pA, into the soma; ``step(x)`` drives it) and ``dendritic_current`` (pA, into
    compartment ``inject_at``). State: ``v_soma`` (mV), ``refractory`` (steps left), ``v`` (vector of the
    n_comp cable potentials, soma side first). Output: ``spike`` 0/1.

    Differences from the seed (five compartments, tau v' = -(v - v_rest) + g (v_{i-1} - 2 v_i + v_{i+1}) in
    arbitrary units): physical cable parameters, a soma with its own membrane, implicit integration.
    """

    Params = RallCableParams
    state_vars = {"v_soma": float, "refractory": int, "v": Vector(float, "n_comp")}
    inputs = (
        Input("input_current", 0.0, "pA", "current injected into the soma"),
        Input("dendritic_current", 0.0, "pA", "current injected into cable compartment inject_at"),
    )

    @staticmethod
    def initial_state(p):
        return {"v_soma": p.E_L, "refractory": 0, "v": np.full(p.n_comp, p.E_L)}

    @staticmethod
    def derive(p):
        h = p.dt
        cap, gl, ga = _matrix(p)
        n = p.n_comp + 1
        if p.soma_diam == 0.0:  # bare cable: node 0 is a point of zero capacitance; give it a tiny one
            cap[0] = cap[1] * 1e-9
        hc = h / cap
        diag = 1.0 + hc * gl
        lower = np.zeros(n)  # coefficient of V_{i-1} in row i
        upper = np.zeros(n)  # coefficient of V_{i+1} in row i
        for i in range(n - 1):
            diag[i] += hc[i] * ga[i]
            diag[i + 1] += hc[i + 1] * ga[i]
            upper[i] = -hc[i] * ga[i]
            lower[i + 1] = -hc[i + 1] * ga[i]
        cp = np.zeros(n)
        inv_m = np.zeros(n)
        inv_m[0] = 1.0 / diag[0]
        cp[0] = upper[0] * inv_m[0]
        for i in range(1, n):
            inv_m[i] = 1.0 / (diag[i] - lower[i] * cp[i - 1])
            cp[i] = upper[i] * inv_m[i]
        return {
            "n_cab": p.n_comp,
            "hc": hc,
            "rest": hc * gl * p.E_L,
            "lower": lower,
            "cp": cp,
            "inv_m": inv_m,
            "k_inj": p.n_comp if p.inject_at < 0 else p.inject_at,
            "v_th": p.V_th,
            "v_reset": p.V_reset,
            "ref_steps": int(round(p.t_ref / p.dt)),
        }

    @staticmethod
    def kernel(
        v_soma,
        refractory,
        v,
        input_current,
        dendritic_current,
        n_cab,
        hc,
        rest,
        lower,
        cp,
        inv_m,
        k_inj,
        v_th,
        v_reset,
        ref_steps,
    ):
        # forward elimination; the eliminated right-hand side d'_i overwrites V_i in place
        i_soma = input_current
        if refractory > 0:
            i_soma = 0.0
        dprev = (v_soma + rest[0] + hc[0] * i_soma) * inv_m[0]
        d0 = dprev
        for i in range(1, n_cab + 1):
            rhs = v[i - 1] + rest[i]
            if i == k_inj:
                rhs += hc[i] * dendritic_current
            dprev = (rhs - lower[i] * dprev) * inv_m[i]
            v[i - 1] = dprev
        # back substitution
        nxt = v[n_cab - 1]
        for i in range(n_cab - 1, 0, -1):
            nxt = v[i - 1] - cp[i] * nxt
            v[i - 1] = nxt
        vs = d0 - cp[0] * nxt
        if refractory > 0:
            return v_reset, refractory - 1, v, 0
        if vs >= v_th:
            return v_reset, ref_steps, v, 1
        return vs, 0, v, 0
