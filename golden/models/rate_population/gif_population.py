"""Mesoscopic population of GIF neurons with escape noise (Schwalger, Deger & Gerstner 2017)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output, Vector
from golden.models.rate_population._common import steps_of
from golden.registry import register

EXP_MAX = 700.0  # clamp of the hazard's exponent (a spike is then certain within the step)
T_HISTORY_MAX = 20000.0  # ms, the longest refractory history the automatic choice may pick


def adaptation_kernel(age_steps, p):
    """theta(a dt) = q_sfa exp(-a dt / tau_sfa), the threshold movement a spike leaves a dt later (mV)."""
    return p.q_sfa * np.exp(-np.asarray(age_steps, dtype=np.float64) * p.dt / p.tau_sfa)


def history_steps(p) -> int:
    """Length K (in steps) of the refractory history, chosen as in the paper's GetHistoryLength procedure.

    The history must cover the relaxation of the membrane after a reset (at least 5 tau_m) and the part of the
    adaptation kernel that is not small against the noise (theta(K dt)/Delta_V < 0.1 beyond it, where the
    quasi-renewal approximation treats older spikes linearly); it must be longer than the refractory period and
    is at most 20 s.
    """
    k_max = int(T_HISTORY_MAX / p.dt)
    k_min = int(5.0 * p.tau_m / p.dt)
    if p.q_sfa > 0.0:  # the largest k with theta(k dt) >= 0.1 Delta_V, in closed form (one exponential)
        lag = p.tau_sfa * math.log(p.q_sfa / (0.1 * p.delta_v))
        k = min(k_max, int(math.floor(lag / p.dt))) if lag > 0.0 else 0
    else:
        k = 0
    k = min(max(k, k_min), k_max)
    k_ref = steps_of("t_ref", p.t_ref, p.dt)
    if k <= k_ref:
        k = k_ref + 1
    return k


@params_dataclass
class GIFPopulationParams(ParamSet):
    n_neurons: int = param(100, units="", lo=1, hi=1_000_000, integer=True, doc="number N of neurons")
    tau_m: float = positive(20.0, "ms", "membrane time constant")
    C_m: float = positive(250.0, "pF", "membrane capacitance (R = tau_m / C_m)")
    E_L: float = param(0.0, units="mV", lo=-200.0, hi=200.0, doc="resting potential")
    V_reset: float = param(0.0, units="mV", lo=-200.0, hi=200.0, doc="reset potential after a spike")
    V_T_star: float = param(15.0, units="mV", lo=-200.0, hi=200.0, doc="baseline of the dynamic threshold")
    delta_v: float = positive(2.0, "mV", "softness Delta_V of the exponential escape rate")
    lambda_0: float = param(10.0, units="Hz", lo=0.0, lo_open=True, hi=1e6, doc="escape rate at threshold")
    t_ref: float = param(4.0, units="ms", lo=0.0, hi=500.0, doc="absolute refractory period (whole steps)")
    q_sfa: float = param(0.5, units="mV", lo=0.0, hi=100.0, doc="jump of the threshold after a spike (0: no "
                         "adaptation)")
    tau_sfa: float = positive(300.0, "ms", "decay time of the threshold jump")
    finite_size: int = param(1, units="", lo=0, hi=1, integer=True,
                             doc="1: stochastic (binomial) spike counts of N neurons; 0: the N -> infinity limit")
    dt: float = param(0.5, units="ms", lo=0.0, lo_open=True, hi=5.0, doc="time step")

    def check(self) -> None:
        steps_of("t_ref", self.t_ref, self.dt)

    @property
    def history_steps(self) -> int:
        """K, the number of time bins of the refractory history (derived, see :func:`history_steps`)."""
        return history_steps(self)


@register(
    family="rate-and-population",
    reference="Schwalger, Deger & Gerstner 2017, PLoS Comput. Biol. 13:e1005507",
    units="ms, mV, pA; activity in Hz",
    primary="input_current",
    sweep=(0.0, 500.0),
    quiet_params={"finite_size": 0},
)
class GIFPopulationNeuron(Neuron):
    """Population of N generalized integrate-and-fire neurons with escape noise, simulated at the mesoscopic level.

    One instance is a whole homogeneous population: its state is the refractory density (how many neurons last
    fired k steps ago, their membrane potential and survival statistics), and each step it emits the number of
    spikes n(t) of the population, not one neuron's spike. Reference: Schwalger, Deger & Gerstner 2017,
    "Towards a theory of cortical columns: from spiking neurons to interacting neural populations of finite
    size", PLoS Comput. Biol. 13:e1005507 (the mesoscopic population equation and its integration algorithm,
    the pseudocode of the paper's Figs. 11-12). Sources used here: the paper's abstract and Fig. 1, and the
    algorithm as restated, line by line with references to those figures, in NEST's ``gif_pop_psc_exp`` (by
    Deger, Schwalger & Setareh); the full text and its parameter tables could not be consulted for this
    implementation, so equation numbers are not quoted and the defaults are NEST's, not a figure's.

    Microscopic model represented (each of the N neurons, same input I(t))::

        tau_m du/dt = -(u - E_L) + R I(t),  R = tau_m / C_m;  after a spike u = V_reset, held for t_ref
        threshold  theta(t) = V_T_star + sum_{own spikes t_k} q_sfa exp(-(t - t_k)/tau_sfa)
        escape rate lambda(t) = lambda_0 exp((u - theta)/Delta_V)

    Mesoscopic equations (quasi-renewal approximation of the paper; bins of width dt, ages a = 1 .. K steps
    since the last spike)::

        theta(t, a)  = V_T_star + q(a) + theta_old + sum_{a' > a} theta~(a') n(t - a')/N
        theta~(a)    = Delta_V (1 - exp(-q(a)/Delta_V))       (q(a) the kernel above at lag a dt)
        P(t, a)      = 1 - exp(-dt (lambda(t - dt, a) + lambda(t, a))/2)   (trapezoidal hazard integral)
        m(t+dt, a+1) = (1 - P) m(t, a),  v(t+dt, a+1) = (1 - P)^2 v(t, a) + P m(t, a)     (mean, variance)
        P_Lambda     = (sum_a P v + P_free z) / (sum_a v + z)
        n_bar(t)     = sum_a P m + P_free x + P_Lambda (N - sum_a m - x)
        n(t)         ~ Binomial(N, n_bar/N)   (finite_size = 1),   n(t) = n_bar(t)   (finite_size = 0)
        A_N(t)       = n(t) / (N dt)

    Neurons whose last spike is older than K steps are pooled ("free": expected number x, variance z), with the
    reset-free potential and the threshold theta_old carrying, linearised, the adaptation of the spikes older
    than K (the paper's treatment of the remote past). The bins of age <= t_ref are refractory (no hazard). The
    N -> infinity limit (finite_size = 0) is the deterministic refractory-density (quasi-renewal) equation: the
    correction term P_Lambda (...) vanishes because sum m + x stays N. K is chosen as in the paper's
    GetHistoryLength: the longer of 5 tau_m and the lag after which q(a) < 0.1 Delta_V (params.history_steps).

    Integration: exact exponential update of every potential for an input constant over the step; trapezoidal
    hazard as in the paper's algorithm. Randomness: one uniform number per step turned into the binomial count by
    inverse-CDF search (from the neuron's own generator, ``seed=``). Initial state: all N neurons free at u = E_L
    with no spike history (the same state as a freshly built microscopic population).

    Parameters (defaults are those of NEST's ``gif_pop_psc_exp``, the port by Deger, Schwalger & Setareh of this
    algorithm): ``n_neurons`` N (100), ``tau_m`` 20 ms, ``C_m`` 250 pF, ``E_L`` 0 mV, ``V_reset`` 0 mV,
    ``V_T_star`` 15 mV, ``delta_v`` 2 mV, ``lambda_0`` 10 Hz, ``t_ref`` 4 ms (whole steps), ``q_sfa`` 0.5 mV,
    ``tau_sfa`` 300 ms (one exponential adaptation kernel; the paper allows sums of exponentials), ``finite_size``
    1, ``dt`` 0.5 ms (the paper's resolution). Input ``input_current``: the external current I (pA), common to
    all neurons. Outputs: ``activity`` A_N(t) (Hz), ``expected_activity`` n_bar/(N dt) (Hz) and ``spike_count``
    n(t).

    Not modelled here: synaptic input from other populations or recurrent self-coupling (the paper's network
    coupling through exponential synapses); the population is driven by its external current only. Differences
    from NEST's port: all neurons start free and at rest (NEST starts them all in the most recent bin, a
    synchronous start); the hazard is integrated with the exact 1 - exp(-.) at every value (NEST uses the
    first-order value below 0.01); spikes older than K enter the free threshold from the lag K + 1 on.
    Differences from the seed: the seed simulated one escape-noise neuron under this name.
    """

    Params = GIFPopulationParams
    state_vars = {
        "v_free": float, "lam_free": float, "x_free": float, "z_free": float, "g_old": float, "head": int,
        "n_hist": Vector(float, "history_steps"), "m_hist": Vector(float, "history_steps"),
        "v_hist": Vector(float, "history_steps"), "u_hist": Vector(float, "history_steps"),
        "lam_hist": Vector(float, "history_steps"),
    }
    inputs = (Input("input_current", 0.0, "pA", "external current I, the same for all N neurons"),)
    outputs = (Output("activity", "rate", float), Output("expected_activity", "rate", float),
               Output("spike_count", "value", float))
    randoms = {"u_count": "uniform"}

    @staticmethod
    def initial_state(p):
        k = p.history_steps
        return {"v_free": p.E_L, "lam_free": 0.0, "x_free": float(p.n_neurons), "z_free": 0.0, "g_old": 0.0,
                "head": 0, "n_hist": np.zeros(k), "m_hist": np.zeros(k), "v_hist": np.zeros(k),
                "u_hist": np.full(k, p.V_reset), "lam_hist": np.zeros(k)}

    @staticmethod
    def noise_active(p):
        return p.finite_size == 1

    @staticmethod
    def derive(p):
        k = p.history_steps
        ages = np.arange(k + 1)
        q = adaptation_kernel(ages, p)
        n = float(p.n_neurons)
        return {
            "k_hist": k, "k_ref": steps_of("t_ref", p.t_ref, p.dt), "n_trials": p.n_neurons, "n_tot": n,
            "e_m": math.exp(-p.dt / p.tau_m), "r_m": p.tau_m / p.C_m, "e_l": p.E_L, "v_reset": p.V_reset,
            "v_t": p.V_T_star, "inv_dv": 1.0 / p.delta_v, "lam_dt": 0.5 * p.lambda_0 * p.dt * 1e-3,
            "q_age": q, "qt_age": p.delta_v * -np.expm1(-q / p.delta_v) / n,
            "e_sfa": math.exp(-p.dt / p.tau_sfa), "q_old": p.q_sfa * math.exp(-(k + 1) * p.dt / p.tau_sfa),
            "finite": p.finite_size, "to_hz": 1000.0 / (n * p.dt), "exp_max": EXP_MAX,
        }

    @staticmethod
    def kernel(v_free, lam_free, x_free, z_free, g_old, head, n_hist, m_hist, v_hist, u_hist, lam_hist,
               input_current, u_count, k_hist, k_ref, n_trials, n_tot, e_m, r_m, e_l, v_reset, v_t, inv_dv, lam_dt,
               q_age, qt_age, e_sfa, q_old, finite, to_hz, exp_max):
        u_inf = e_l + r_m * input_current
        # free neurons (last spike older than K steps): reset-free potential, linearised old adaptation
        theta_old = v_t + q_old * g_old
        v_free = u_inf + (v_free - u_inf) * e_m
        lam = math.exp(min((v_free - theta_old) * inv_dv, exp_max))
        p_free = -math.expm1(-lam_dt * (lam + lam_free))
        lam_free = lam
        x_sum = 0.0
        for s in range(k_hist):
            x_sum += m_hist[s]
        # bins from the oldest (age K, slot head) to the youngest non-refractory one (age k_ref + 1)
        theta_cum = theta_old
        w_sum = 0.0
        y_sum = 0.0
        z_sum = 0.0
        for j in range(k_hist - k_ref):
            age = k_hist - j
            s = head + j
            if s >= k_hist:
                s -= k_hist
            theta = theta_cum + q_age[age]
            theta_cum += qt_age[age] * n_hist[s]
            u = u_inf + (u_hist[s] - u_inf) * e_m
            u_hist[s] = u
            lam = math.exp(min((u - theta) * inv_dv, exp_max))
            pr = -math.expm1(-lam_dt * (lam + lam_hist[s]))
            lam_hist[s] = lam
            m = m_hist[s]
            v = v_hist[s]
            w_sum += pr * m
            y_sum += pr * v
            z_sum += v
            v_hist[s] = (1.0 - pr) * (1.0 - pr) * v + pr * m
            m_hist[s] = (1.0 - pr) * m
        p_lam = 0.0
        if z_sum + z_free > 0.0:
            p_lam = (y_sum + p_free * z_free) / (z_sum + z_free)
        n_bar = w_sum + p_free * x_free + p_lam * (n_tot - x_sum - x_free)
        if n_bar < 0.0:
            n_bar = 0.0
        if n_bar > n_tot:
            n_bar = n_tot
        count = n_bar
        prob = n_bar / n_tot
        if finite == 1 and prob >= 1.0:
            count = n_tot
        elif finite == 1 and prob <= 0.0:
            count = 0.0
        elif finite == 1:
            # Binomial(N, prob) by inverse-CDF search from the mode (cost ~ the standard deviation); for
            # prob > 1/2 the mirror count N - k of Binomial(N, 1 - prob) is drawn
            flip = prob > 0.5
            q = prob
            if flip:
                q = 1.0 - prob
            ratio = q / (1.0 - q)
            mode = int(math.floor((n_trials + 1) * q))
            if mode > n_trials:
                mode = n_trials
            pm = math.exp(math.lgamma(n_trials + 1.0) - math.lgamma(mode + 1.0) - math.lgamma(n_trials - mode + 1.0)
                          + mode * math.log(q) + (n_trials - mode) * math.log1p(-q))
            cdf = pm  # P(K <= mode); the terms below the mode decrease monotonically
            term = pm
            k = mode
            while k > 0 and term > 1e-18 * cdf:
                term = term * k / ((n_trials - k + 1.0) * ratio)
                cdf += term
                k -= 1
            k = mode
            term = pm
            if u_count < cdf:  # walk down while the mass of K <= k - 1 still exceeds the draw
                while k > 0 and u_count < cdf - term:
                    cdf -= term
                    term = term * k / ((n_trials - k + 1.0) * ratio)
                    k -= 1
            else:
                while k < n_trials and u_count >= cdf and term > 0.0:
                    term = term * (n_trials - k) * ratio / (k + 1.0)
                    k += 1
                    cdf += term
            count = float(k)
            if flip:
                count = float(n_trials - k)
        # the oldest bin leaves the history: its survivors become free, its spikes join the old adaptation
        z_free = (1.0 - p_free) * (1.0 - p_free) * z_free + p_free * x_free + v_hist[head]
        x_free = (1.0 - p_free) * x_free + m_hist[head]
        g_old = g_old * e_sfa + n_hist[head] / n_tot
        n_hist[head] = count
        m_hist[head] = count
        v_hist[head] = 0.0
        u_hist[head] = v_reset
        lam_hist[head] = 0.0
        head += 1
        if head >= k_hist:
            head = 0
        return (v_free, lam_free, x_free, z_free, g_old, head, n_hist, m_hist, v_hist, u_hist, lam_hist,
                count * to_hz, n_bar * to_hz, count)
