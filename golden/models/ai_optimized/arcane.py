"""Three-compartment neuron with a learned input gate and a learned one-step forecast of its own membrane
(project-designed)."""

from __future__ import annotations

import math

import numpy as np

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class ArcaneParams(ParamSet):
    tau_fast: float = positive(5.0, "ms", "time constant of the fast compartment")
    tau_work: float = positive(200.0, "ms", "time constant of the working compartment")
    tau_deep: float = positive(10000.0, "ms", "time constant of the deep (identity) compartment")
    alpha_w: float = param(0.3, units="1", lo=0.0, hi=100.0, doc="spike-triggered gain into the working compartment")
    alpha_d: float = param(0.05, units="1", lo=0.0, hi=100.0, doc="gain of working x novelty into the deep one")
    theta: float = param(1.0, units="a.u.", lo=0.0, lo_open=True, hi=1000.0, doc="base threshold")
    gamma: float = param(0.2, units="1", lo=0.0, hi=100.0, doc="threshold increase per unit deep state")
    delta_conf: float = param(0.3, units="1", lo=0.0, hi=1.0, hi_open=True, doc="threshold decrease at confidence 1")
    kappa: float = param(5.0, units="1", lo=0.0, hi=1000.0, doc="slope of the novelty sigmoid")
    surprise_baseline: float = param(0.1, units="a.u.", lo=0.0, hi=1000.0, doc="surprise S0 at which novelty = 1/2")
    lr_base: float = param(0.01, units="1", lo=0.0, hi=1.0, doc="base learning rate of the forecaster")
    eta: float = param(2.0, units="1", lo=0.0, hi=100.0, doc="novelty boost of the forecaster's learning rate")
    gate_lr: float = param(0.05, units="1", lo=0.0, hi=100.0, doc="learning rate of the gate weights")
    w_inh: float = param(0.3, units="a.u.", lo=0.0, hi=100.0, doc="self-inhibition per unit firing rate")
    w_gate_input: float = param(0.8, units="1", lo=-100.0, hi=100.0, doc="initial gate weight on the input")
    w_gate_fast: float = param(0.1, units="1", lo=-100.0, hi=100.0, doc="initial gate weight on v_fast")
    w_gate_work: float = param(0.05, units="1", lo=-100.0, hi=100.0, doc="initial gate weight on v_work")
    w_gate_conf: float = param(0.05, units="1", lo=-100.0, hi=100.0, doc="initial gate weight on the confidence")
    w_bound: float = param(10.0, units="1", lo=0.0, lo_open=True, hi=1000.0, doc="gate weights clip at +-w_bound")
    rate_window: float = param(50.0, units="steps", lo=1.0, hi=1e6, doc="time constant of the firing-rate trace")
    novelty_window: float = param(20.0, units="steps", lo=1.0, hi=1e6, doc="time constant of the novelty trace")
    dt: float = positive(1.0, "ms", "time step (<= tau_fast)")

    def check(self) -> None:
        if self.dt > self.tau_fast:
            raise ValueError(f"dt must be <= tau_fast (Euler stability), got dt={self.dt} > tau_fast={self.tau_fast}")
        for name in ("w_gate_input", "w_gate_fast", "w_gate_work", "w_gate_conf"):
            if abs(getattr(self, name)) > self.w_bound:
                raise ValueError(f"{name} must lie in [-w_bound, w_bound] = [{-self.w_bound}, {self.w_bound}], "
                                 f"got {name}={getattr(self, name)}")


@register(
    family="ai-optimized",
    reference="project-designed model, no external publication; background: normalised LMS forecasting, Widrow "
    "& Hoff 1960, IRE WESCON Conv. Rec. 4:96; novelty-gated learning, Frémaux & Gerstner 2016, Front. Neural "
    "Circuits 9:85",
    units="a.u.; time in ms",
    primary="input_current",
    sweep=(0.0, 10.0),
)
class ArcaneNeuron(Neuron):
    """Fast, working and deep compartments, a learned input gate and a learned forecast of its own membrane.

    Project-designed model, no external publication (the seed's ``ArcaneNeuron``, with its gate weights
    learned and its "self-prediction" turned into a real one-step forecast). One step, with z = (I, v_f, v_w,
    c) the gate's features and x = (v_f, v_w, v_d) the forecaster's (all from the start of the step)::

        c    = 1 - n                                              confidence (n: novelty trace)
        g    = sigmoid(w_g . z);  v_f' = v_f + dt (-v_f + g I - w_inh r) / tau_fast
        S    = |v_f' - p|        p: the forecast of v_f' made at the previous step
        nu   = sigmoid(kappa (S - S0))                            novelty of this step
        theta_e = max(0.1 theta, theta (1 + gamma v_d) (1 - delta_conf c))
        s    = 1 if v_f' >= theta_e, then v_w += alpha_w v_f' dt / tau_work and v_f' <- 0
        v_w += -v_w dt / tau_work;   v_d += dt (-v_d + alpha_d v_w nu) / tau_deep
        w_p += lr_base (1 + eta nu) (v_f' - p) x / (1 + |x|^2)     normalised LMS on the forecast error
        w_g += gate_lr (nu - 1/2) g (1 - g) z                      gate learning (clipped to +-w_bound)
        r   += (s - r) / rate_window;   n += (nu - n) / novelty_window
        p    = w_p . (v_f', v_w', v_d')                            forecast of the next step's v_f'

    The forecaster learns to predict the next value of the fast compartment (normalised least mean squares,
    Widrow & Hoff 1960), faster when the present is novel; under a predictable input its forecast error and
    with it the novelty fall. The gate learns by a local three-factor rule (novelty x gate slope x feature, in
    the family of Frémaux & Gerstner 2016): g (1 - g) z is the gradient of g, so the gate opens for input
    patterns that come with novelty above 1/2 and closes (habituates) for predictable ones. Lower novelty
    raises the confidence, which lowers the threshold; the deep state raises it.

    Parameters (legal range, default): time constants ``tau_fast`` (5), ``tau_work`` (200), ``tau_deep``
    (10000) ms; ``alpha_w`` (0.3), ``alpha_d`` (0.05), ``theta`` (1), ``gamma`` (0.2), ``delta_conf`` [0, 1)
    (0.3), ``kappa`` (5), ``surprise_baseline`` S0 (0.1), ``lr_base`` [0, 1] (0.01), ``eta`` (2), ``gate_lr``
    (0.05), ``w_inh`` (0.3), initial gate weights ``w_gate_input`` (0.8), ``w_gate_fast`` (0.1),
    ``w_gate_work`` (0.05), ``w_gate_conf`` (0.05) within +-``w_bound`` (10), ``rate_window`` (50) and
    ``novelty_window`` (20) steps, ``dt`` ms (0, tau_fast] (1). Input: ``input_current`` I (``step(x)``).
    Outputs: ``spike`` 0/1, ``novelty`` nu (value). State: the compartments, the forecast ``pred``, the
    forecaster weights ``wp_*``, the gate weights ``wg_*``, the traces ``rate`` and ``novelty_trace`` (all
    restored by ``reset_state``).

    Differences from the seed: the gate weights are learned (they were fixed); the forecast is made one step
    ahead and scored on the next step (the seed regressed the updated v_f on itself within one step); the
    forecaster is normalised LMS without renormalising w_p to unit length (which kept it from learning a
    scale); ring buffers of 50 spikes and 20 novelties are exponential traces with those windows;
    ``reset_state`` restores everything (the seed kept the deep state and the forecaster across resets).
    """

    Params = ArcaneParams
    state_vars = {"v_fast": float, "v_work": float, "v_deep": float, "pred": float,
                  "wp_fast": float, "wp_work": float, "wp_deep": float,
                  "wg_input": float, "wg_fast": float, "wg_work": float, "wg_conf": float,
                  "rate": float, "novelty_trace": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("spike"), Output("novelty", "value", np.float64))

    @staticmethod
    def initial_state(p):
        return {"v_fast": 0.0, "v_work": 0.0, "v_deep": 0.0, "pred": 0.0,
                "wp_fast": 0.6, "wp_work": 0.3, "wp_deep": 0.1,
                "wg_input": p.w_gate_input, "wg_fast": p.w_gate_fast, "wg_work": p.w_gate_work,
                "wg_conf": p.w_gate_conf, "rate": 0.0, "novelty_trace": 0.5}

    @staticmethod
    def derive(p):
        return {"hf": p.dt / p.tau_fast, "hw": p.dt / p.tau_work, "hd": p.dt / p.tau_deep, "a_w": p.alpha_w,
                "a_d": p.alpha_d, "theta": p.theta, "gamma": p.gamma, "d_conf": p.delta_conf, "kappa": p.kappa,
                "s0": p.surprise_baseline, "lr": p.lr_base, "eta": p.eta, "g_lr": p.gate_lr, "w_inh": p.w_inh,
                "w_max": p.w_bound, "k_r": 1.0 / p.rate_window, "k_n": 1.0 / p.novelty_window}

    @staticmethod
    def kernel(v_fast, v_work, v_deep, pred, wp_fast, wp_work, wp_deep, wg_input, wg_fast, wg_work, wg_conf,
               rate, novelty_trace, input_current, hf, hw, hd, a_w, a_d, theta, gamma, d_conf, kappa, s0, lr, eta,
               g_lr, w_inh, w_max, k_r, k_n):
        conf = 1.0 - novelty_trace
        zg = wg_input * input_current + wg_fast * v_fast + wg_work * v_work + wg_conf * conf
        if zg >= 0.0:
            g = 1.0 / (1.0 + math.exp(-zg))
        else:
            e = math.exp(zg)
            g = e / (1.0 + e)
        vf = v_fast + hf * (g * input_current - w_inh * rate - v_fast)
        err = vf - pred
        zn = kappa * (abs(err) - s0)
        if zn >= 0.0:
            nu = 1.0 / (1.0 + math.exp(-zn))
        else:
            e = math.exp(zn)
            nu = e / (1.0 + e)
        th = theta * (1.0 + gamma * v_deep) * (1.0 - d_conf * conf)
        if th < 0.1 * theta:
            th = 0.1 * theta
        vw = v_work
        s = 0
        if vf >= th:
            s = 1
            vw = vw + a_w * vf * hw
            vf = 0.0
        vw = vw - hw * vw
        vd = v_deep + hd * (a_d * vw * nu - v_deep)
        mu = lr * (1.0 + eta * nu) * err / (1.0 + v_fast * v_fast + v_work * v_work + v_deep * v_deep)
        pf = wp_fast + mu * v_fast
        pw = wp_work + mu * v_work
        pd = wp_deep + mu * v_deep
        k = g_lr * (nu - 0.5) * g * (1.0 - g)
        gi = min(max(wg_input + k * input_current, -w_max), w_max)
        gf = min(max(wg_fast + k * v_fast, -w_max), w_max)
        gw = min(max(wg_work + k * v_work, -w_max), w_max)
        gc = min(max(wg_conf + k * conf, -w_max), w_max)
        r = rate + k_r * (s - rate)
        nt = novelty_trace + k_n * (nu - novelty_trace)
        pn = pf * vf + pw * vw + pd * vd
        return vf, vw, vd, pn, pf, pw, pd, gi, gf, gw, gc, r, nt, s, nu
