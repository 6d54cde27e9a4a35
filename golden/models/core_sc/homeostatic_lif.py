"""Leaky integrate-and-fire neuron with a homeostatic firing threshold (the seed's ``HomeostaticLIFNeuron``)."""

from __future__ import annotations

from golden.core.params import param, params_dataclass
from golden.core.protocol import Input, Neuron
from golden.models.core_sc.stochastic_lif import StochasticLIFNeuron, StochasticLIFParams
from golden.registry import register


@params_dataclass
class HomeostaticLIFParams(StochasticLIFParams):
    v_threshold: float = param(1.0, units="a.u.",
                               doc="initial spike threshold theta(0) (the threshold itself is a state variable)")
    target_rate: float = param(0.1, units="spikes/step", lo=0.0, hi=1.0,
                               doc="firing-rate set point r* (spikes per step; = kHz at dt = 1 ms)")
    adaptation_rate: float = param(0.01, units="a.u./step", lo=0.0,
                                   doc="threshold learning rate eta (threshold change per step per unit rate error)")
    trace_decay: float = param(0.95, units="1", lo=0.0, hi=1.0, hi_open=True,
                               doc="per-step decay of the rate trace (time constant -dt/ln(decay): 19.5 steps)")
    threshold_min: float = param(0.1, units="a.u.", doc="lower bound of the adaptive threshold (> v_reset)")
    threshold_max: float = param(10.0, units="a.u.", doc="upper bound of the adaptive threshold")

    def check(self) -> None:
        super().check()
        if not self.v_reset < self.threshold_min:
            raise ValueError(f"threshold_min must be > v_reset (else the neuron fires at every step), got "
                             f"threshold_min={self.threshold_min} <= v_reset={self.v_reset}")
        if not self.threshold_min <= self.v_threshold <= self.threshold_max:
            raise ValueError(f"v_threshold must lie in [threshold_min, threshold_max] = [{self.threshold_min}, "
                             f"{self.threshold_max}], got v_threshold={self.v_threshold}")


@register(
    family="core-sc",
    reference="Turrigiano & Nelson 2004 (Nat. Rev. Neurosci. 5:97); Turrigiano 2012 (Cold Spring Harb. Perspect. "
    "Biol. 4:a005736); LIF after Gerstner & Kistler 2002",
    units="normalised potential (a.u.), time in ms, rates in spikes/step",
    sweep=(-1.0, 10.0),
)
class HomeostaticLIFNeuron(Neuron):
    """Noisy LIF neuron whose threshold adapts so that its firing rate settles at a set point.

    Homeostatic regulation of intrinsic excitability toward a firing-rate set point (Turrigiano & Nelson 2004,
    Nat. Rev. Neurosci. 5:97-107; Turrigiano 2012, Cold Spring Harb. Perspect. Biol. 4:a005736; the experiment
    on intrinsic excitability is Desai, Rutherford & Turrigiano 1999, Nat. Neurosci. 2:515-520). The reviews
    state the set-point idea, not equations: the controller below is this model's own, the simplest one that
    has the set point as its only fixed point (an integral controller on a low-pass rate estimate).

    One step of ``dt`` ms (membrane exactly as :class:`StochasticLIFNeuron`, with the adaptive threshold)::

        if refractory > 0:  refractory -= 1;  v = v_rest;  s = 0
        else:
            v += -(v - v_rest) * dt / tau_mem  +  R * I * dt  +  noise_std * sqrt(dt) * xi      (Euler-Maruyama)
            s = 1 if v >= theta  (then v = v_reset, refractory = refractory_period)  else 0
        r     = trace_decay * r + (1 - trace_decay) * s            # rate estimate, spikes/step
        theta = theta + adaptation_rate * (r - target_rate)        # integral control of the rate
        theta = min(max(theta, threshold_min), threshold_max)      # state bound (documented, see below)

    The state is ``v``, ``refractory``, ``rate_trace`` (r) and ``v_threshold`` (theta): the threshold is a
    state variable, initialised to the parameter ``v_threshold`` and restored by ``reset_state()``.

    Why the rate converges: summing the update over T steps gives ``mean(r - target_rate) = (theta_T -
    theta_0) / (adaptation_rate * T)``, so while theta stays inside its bounds the long-run mean of r, which
    is the long-run firing rate, equals ``target_rate``. The set point is reachable only if some threshold in
    ``[threshold_min, threshold_max]`` gives that rate for the drive applied (for a constant drive with
    ``v_inf = v_rest + R*I*tau_mem`` a threshold between v_reset and v_inf); otherwise theta settles on the
    bound and the rate stays as close to the target as the bound allows.

    Parameters: those of :class:`StochasticLIFNeuron` (``v_rest``, ``v_reset``, ``v_threshold`` (initial
    theta), ``tau_mem``, ``dt``, ``noise_std``, ``resistance``, ``refractory_period``) and ``target_rate`` in
    [0, 1] spikes/step (0.1), ``adaptation_rate`` >= 0 a.u./step (0.01), ``trace_decay`` in [0, 1) (0.95),
    ``threshold_min`` (0.1) and ``threshold_max`` (10.0) with ``v_reset < threshold_min <= v_threshold <=
    threshold_max``. Output: spike 0/1.

    Differences from the seed: the seed clipped theta to [0.1, 10 * theta_0] with hard-coded constants; here
    the bounds are parameters with a checked relation, and the initial threshold is kept in the parameters, so
    ``reset_state()`` restores it.

    Example
    -------
    The seed's example with one change: in a doctest its loop body ``neuron.step(1.5)`` echoes every returned
    spike (0/1), so the seed's version cannot pass; here the result is assigned to ``_``.

    >>> neuron = HomeostaticLIFNeuron(target_rate=0.1, noise_std=0.0)
    >>> for _ in range(200):
    ...     _ = neuron.step(1.5)
    >>> neuron.v_threshold != 1.0  # threshold adapted
    True
    """

    Params = HomeostaticLIFParams
    state_vars = {"v": float, "refractory": int, "rate_trace": float, "v_threshold": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input current I"),)
    randoms = {"xi": "normal"}

    @staticmethod
    def initial_state(p):
        return {"v": p.v_rest, "refractory": 0, "rate_trace": 0.0, "v_threshold": p.v_threshold}

    @staticmethod
    def derive(p):
        return {
            **StochasticLIFNeuron.derive(p),
            "trace_decay": p.trace_decay,
            "trace_gain": 1.0 - p.trace_decay,
            "eta": p.adaptation_rate,
            "target": p.target_rate,
            "th_min": p.threshold_min,
            "th_max": p.threshold_max,
        }

    @staticmethod
    def noise_active(p):
        return p.noise_std > 0.0

    @staticmethod
    def kernel(v, refractory, rate_trace, v_threshold, input_current, xi, v_rest, v_reset, decay, r, dt,
               noise_scale, ref_steps, trace_decay, trace_gain, eta, target, th_min, th_max):
        if refractory > 0:
            v = v_rest
            refractory = refractory - 1
            spike = 0
        else:
            v = v + (-(v - v_rest) * decay + r * input_current * dt + noise_scale * xi)
            if v >= v_threshold:
                v = v_reset
                refractory = ref_steps
                spike = 1
            else:
                spike = 0
        rate_trace = trace_decay * rate_trace + trace_gain * spike
        theta = v_threshold + eta * (rate_trace - target)
        if theta < th_min:
            theta = th_min
        if theta > th_max:
            theta = th_max
        return v, refractory, rate_trace, theta, spike
