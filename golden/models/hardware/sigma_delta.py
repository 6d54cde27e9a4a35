"""Sigma-delta neuron (Loihi 2 / Lava sigma-delta networks; O'Connor & Welling 2016), ternary events."""

from __future__ import annotations

from golden.core.params import ParamSet, param, params_dataclass, positive
from golden.core.protocol import Input, Neuron, Output
from golden.registry import register


@params_dataclass
class SigmaDeltaParams(ParamSet):
    v_threshold: float = positive(1.0, units="input units", doc="delta threshold = quantization step theta")
    bias: float = param(0.0, units="input units", doc="bias added to the sigma before the activation")
    relu: int = param(0, units="flag", lo=0, hi=1, integer=True, doc="activation: 0 = identity, 1 = ReLU")


@register(
    family="hardware",
    reference="O'Connor & Welling 2016, Sigma Delta Quantized Networks (arXiv; ICLR 2017); Loihi 2 sigma-delta "
    "neurons (Orchard et al. 2021, IEEE SiPS; Lava sigma-delta process)",
    units="input units; events of +-theta",
    primary="input_current",
    sweep=(0.0, 2.0),
)
class SigmaDeltaNeuron(Neuron):
    """Sigma-delta neuron (O'Connor & Welling 2016; Loihi 2 / Lava sigma-delta), signed events of +-theta.

    A sigma-delta network sends CHANGES: a layer's "sigma" unit integrates the incoming change events to
    reconstruct its input, applies the activation, and its "delta" unit emits an event only when the
    activation has moved by at least the threshold from what the receivers already hold. One step::

        sigma = sigma + input_current                 # Sigma: reconstruct the presynaptic signal
        act   = f(sigma + bias)                       # f = identity (relu = 0) or ReLU (relu = 1)
        d     = act - ref                             # ref: the value the receivers have reconstructed
        if d >= theta:     out = +1;  ref += theta
        elif d <= -theta:  out = -1;  ref -= theta
        else:              out = 0

    Output: signed event -1/0/+1 (``Output kind 'signed'``), each event carrying +-theta; a receiver's sigma
    unit reconstructs ``act`` as ``ref = theta * sum(out)``. The residue ``act - ref`` is always kept (it is
    Lava's ``cum_error`` behaviour), so ``|act - ref| < theta`` holds at every step once reached, as long as
    ``act`` changes by at most theta per step (a faster change is followed at the slew rate theta/step).

    Differences, and what is cited: O'Connor & Welling (2016) define the temporal-difference ("delta") and
    integration ("sigma") pair with a herding quantizer (events when the accumulated error crosses +-theta/2,
    integer-valued payloads); Loihi 2 implements sigma-delta neurons with GRADED spikes whose payload is the
    accumulated change itself (Orchard et al. 2021; Lava's sigma-delta process, threshold ``vth``, optional
    ReLU activation and ``cum_error``). This model keeps the threshold-triggered delta of Loihi 2/Lava but
    quantizes the payload to one step of theta (a ternary event, as the seed's -1/0/1 output), which is the
    one-bit payload limit of the graded spike. The seed's docstring credited "Yoon 2017" (Yoon 2017, IEEE
    TNNLS, on LIF neurons as asynchronous pulse sigma-delta modulators): that paper analyses LIF encoding,
    it does not define this neuron.

    State: ``sigma`` (reconstructed input), ``ref`` (reconstruction held by the receivers). Input
    ``input_current``: the change of the presynaptic signal this step (the seed's ``Sigma += I``).
    """

    Params = SigmaDeltaParams
    state_vars = {"sigma": float, "ref": float}
    inputs = (Input("input_current", 0.0, "input units", "incoming change (delta) of the presynaptic signal"),)
    outputs = (Output("event", "signed"),)

    @staticmethod
    def initial_state(p):
        return {"sigma": 0.0, "ref": 0.0}

    @staticmethod
    def derive(p):
        return {"theta": p.v_threshold, "bias": p.bias, "relu": p.relu}

    @staticmethod
    def kernel(sigma, ref, input_current, theta, bias, relu):
        sigma = sigma + input_current
        act = sigma + bias
        if relu == 1 and act < 0.0:
            act = 0.0
        d = act - ref
        if d >= theta:
            return sigma, ref + theta, 1
        if d <= -theta:
            return sigma, ref - theta, -1
        return sigma, ref, 0

    def reconstruction(self) -> float:
        """The value a receiver reconstructs from the events so far (``theta * sum(events)``)."""
        return self.ref
