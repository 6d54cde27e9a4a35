"""Threshold-linear (rectified-linear) firing-rate unit (Dayan & Abbott 2001; Hahnloser et al. 2000)."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.models.rate_population._common import relax_factor
from golden.registry import register


@params_dataclass
class ThresholdLinearRateParams(ParamSet):
    tau: float = param(10.0, units="ms", lo=0.0, hi=1e4, doc="rate time constant (0: memoryless, r = g [I - theta]+)")
    gain: float = positive(1.0, "Hz/input", "slope g above threshold")
    theta: float = param(0.0, units="input", lo=-1e4, hi=1e4, doc="threshold of the rectification")
    dt: float = param(0.1, units="ms", lo=0.0, lo_open=True, hi=100.0, doc="time step")


@register(
    family="rate-and-population",
    reference="Dayan & Abbott 2001, Theoretical Neuroscience (MIT Press) ch. 7.2; Hahnloser et al. 2000, "
    "Nature 405:947",
    units="ms, Hz (input in arbitrary units)",
    primary="input_current",
    sweep=(-10.0, 10.0),
)
class ThresholdLinearRateNeuron(Neuron):
    """Firing-rate unit with a threshold-linear (rectified-linear) activation function.

    Model (Dayan & Abbott 2001, Theoretical Neuroscience, ch. 7.2, eq. 7.10 with the threshold-linear response
    function of eq. 7.13; the linear-threshold units of Hahnloser, Sarpeshkar, Mahowald, Douglas & Seung 2000,
    Nature 405:947-951)::

        tau dr/dt = -r + g [I - theta]_+

    Integration: exact for an input constant over a step, ``r <- F + (r - F) exp(-dt/tau)``; ``tau = 0`` gives the
    memoryless unit (the seed's behaviour). The rate is never negative and grows linearly (unbounded) with the
    input, as in the references.

    Parameters: ``tau`` ms [0, 1e4] (10), ``gain`` > 0 Hz per input unit (1), ``theta`` [-1e4, 1e4] (0),
    ``dt`` ms (0, 100] (0.1); illustrative defaults. Input ``input_current``. State and output ``rate``
    (kind 'rate', Hz).
    """

    Params = ThresholdLinearRateParams
    state_vars = {"r": float}
    inputs = (Input("input_current", 0.0, "a.u.", "input I"),)
    outputs = (Output("rate", "rate", float),)

    @staticmethod
    def initial_state(p):
        return {"r": 0.0}

    @staticmethod
    def derive(p):
        return {"decay": relax_factor(p.dt, p.tau), "gain": p.gain, "theta": p.theta}

    @staticmethod
    def kernel(r, input_current, decay, gain, theta):
        f = gain * max(input_current - theta, 0.0)
        r = f + (r - f) * decay
        return r, r
