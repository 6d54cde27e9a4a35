"""The bit-true unit models of the small neuron cores against their float platform models.

``DendriticUnit`` (Q8.8, product rounded half up) is within one LSB of ``256 * c`` of
``StochasticDendriticNeuron`` on every input pair of the domain, exact on binary inputs (XOR), and fires as the
float model does wherever the float c is not within that LSB of the threshold.

``SigmaDeltaUnit`` (Q8.8) is derived from ``SigmaDeltaNeuron``'s equations: on inputs that are multiples of 2^-8
(and while sigma does not wrap) the two agree exactly; on arbitrary real inputs the unit, fed the inputs rounded
to Q8.8, tracks the float model's reconstruction within the quantisation step (theta plus the accumulated
rounding of the inputs).
"""

from __future__ import annotations

import numpy as np
import pytest

from golden.fixed.dendritic_unit import DendriticUnit, xor_q88
from golden.fixed.dendritic_unit import from_float_params as dn_params
from golden.fixed.sigma_delta_unit import Q88, SigmaDeltaUnit, from_float_params, wrap16
from golden.models.core_sc.dendritic import StochasticDendriticNeuron, StochasticDendriticParams
from golden.models.hardware.sigma_delta import SigmaDeltaNeuron, SigmaDeltaParams


def _float_run(p: SigmaDeltaParams, xs) -> tuple[np.ndarray, np.ndarray]:
    c = SigmaDeltaNeuron.derive(p)
    sigma, ref, ev, refs = 0.0, 0.0, [], []
    for x in xs:
        sigma, ref, e = SigmaDeltaNeuron.kernel(sigma, ref, float(x), c["theta"], c["bias"], c["relu"])
        ev.append(e)
        refs.append(ref)
    return np.array(ev), np.array(refs)


@pytest.mark.parametrize("relu", [0, 1])
def test_sigma_delta_exact_on_q88_inputs(relu: int) -> None:
    rng = np.random.default_rng(1)
    p = SigmaDeltaParams(v_threshold=0.75, bias=-0.5, relu=relu)
    raw = rng.integers(-300, 301, 5000)
    ev_f, ref_f = _float_run(p, raw / 256.0)
    unit = SigmaDeltaUnit(**from_float_params(p))
    for t, x in enumerate(raw):
        e, _, ref = unit.step(int(x))
        assert e == ev_f[t] and ref == Q88.to_raw(ref_f[t]), t


def test_sigma_delta_tracks_the_float_model_within_the_quantisation_step() -> None:
    rng = np.random.default_rng(2)
    p = SigmaDeltaParams(v_threshold=0.5, bias=0.25, relu=0)
    xs = 0.3 * np.sin(np.arange(4000) / 30.0) + rng.normal(0, 0.05, 4000)
    _, ref_f = _float_run(p, xs)
    unit = SigmaDeltaUnit(**from_float_params(p))
    sig_f = np.cumsum(xs) + p.bias
    err_in = 0.0
    for t, x in enumerate(xs):
        r = int(Q88.to_raw(x))
        err_in += abs(r / 256 - x)
        _, _, ref = unit.step(r)
        # both reconstructions are within theta of their own activation
        assert abs(ref / 256 - ref_f[t]) <= 2 * p.v_threshold + err_in + 1e-9, t
        assert abs(ref / 256 - sig_f[t]) <= p.v_threshold + err_in + 1e-9 or t < 10, t


def test_sigma_delta_wraps_and_refuses_bad_values() -> None:
    assert wrap16(32768) == -32768 and wrap16(-32769) == 32767
    u = SigmaDeltaUnit(theta=1)
    u.step(32767)
    assert u.step(1)[1] == -32768
    with pytest.raises(ValueError, match="theta"):
        SigmaDeltaUnit(theta=0)
    with pytest.raises(ValueError, match="in_q88"):
        u.step(40000)


def test_dendritic_within_one_lsb_of_the_float_model() -> None:
    p = StochasticDendriticParams(threshold=0.5)
    thr = dn_params(p)["threshold"]
    a, b = np.meshgrid(np.arange(257), np.arange(257), indexing="ij")
    c_f = np.vectorize(lambda x, y: StochasticDendriticNeuron.kernel(0.0, x / 256, y / 256, p.threshold)[0])(a, b)
    c_q = np.vectorize(xor_q88)(a, b)
    assert np.max(np.abs(c_q - 256 * c_f)) <= 1.0
    spike_f = c_f > p.threshold
    spike_q = c_q > thr
    clear = np.abs(256 * c_f - thr) > 1.0
    assert np.array_equal(spike_f[clear], spike_q[clear])
    for x in (0, 256):
        for y in (0, 256):
            unit = DendriticUnit(thr)
            assert unit.step(x, y) == (int(x != y), 256 * int(x != y))


def test_dendritic_refuses_bad_values() -> None:
    with pytest.raises(ValueError, match="threshold"):
        DendriticUnit(256)
    with pytest.raises(ValueError, match="a must"):
        DendriticUnit().step(512, 0)
