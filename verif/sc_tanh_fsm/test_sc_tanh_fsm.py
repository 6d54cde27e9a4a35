"""pyuvm testbench of ``sc_tanh_fsm`` (Brown & Card saturating-counter tanh): ``y_o`` against
:class:`golden.sc.units.ScTanhFsm` every cycle, States read back from the DUT.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench` (the constant and extreme
segments drive the counter into both rails). Own bins, from the model's state before each cycle: saturation
at the top and at the bottom, crossing the half in both directions, both output values. Wrong model: two
states fewer. ``make sim MODEL=tanh_fsm``; pytest also runs States = 6 (not a power of two).
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScTanhFsm
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    k = tr.model.states
    x, s, y = tr.x("x"), tr.before("s"), np.asarray(tr.out["y"])
    return {
        "saturate_top": tr.live & (s == k - 1) & (x == 1),
        "saturate_bottom": tr.live & (s == 0) & (x == 0),
        "cross_up": tr.live & (s == k // 2 - 1) & (x == 1),
        "cross_down": tr.live & (s == k // 2) & (x == 0),
        "y_one": tr.live & (y == 1),
        "y_zero": tr.live & (y == 0),
    }


def _fewer_states(m: ScTanhFsm) -> ScTanhFsm:
    return ScTanhFsm(m.states - 2 if m.states > 2 else 4)


def _invariants(tr: sb.Trace) -> list[str]:
    """The library's output bit (fsm_tanh) against the state trace (fsm_states): y = [s_before >= K/2]."""
    k = tr.model.states
    odd = tr.live & (np.asarray(tr.out["y"]) != (tr.before("s") >= k // 2))
    return [f"sc_tanh_fsm model: fsm_tanh output and fsm_states disagree on {int(odd.sum())} live cycles "
            f"(first {np.flatnonzero(odd)[:5].tolist()})"] if odd.any() else []


SPEC = sb.StreamSpec(
    key="sc_tanh_fsm",
    model=ScTanhFsm,
    corners=_corners,
    deep_minimums={"saturate_top": 200_000, "saturate_bottom": 200_000, "cross_up": 100_000,
                   "cross_down": 100_000, "y_one": 1_000_000, "y_zero": 1_000_000},
    injections={"model_fewer_states": _fewer_states},
    mutants={"no_top_saturation": ("if (s_q != Top) begin", "if (1'b1) begin"),
             "threshold_gt": ("y_d = (s_q >= Half);", "y_d = (s_q > Half);")},
    bipolar=True,
    alt_params={"states6": {"States": 6}},
    invariants=_invariants,
    ideal=lambda m, model: (1 + np.tanh(model.states / 2 * np.arctanh(np.clip(2 * m["x"] - 1, -0.999, 0.999)))) / 2,
)


@pyuvm.test()
class ScTanhFsmTest(sb.StreamTest):
    SPEC = SPEC


SIM_PARAMETERS: dict[str, int] = {}  # the RTL's defaults (States = 8)


def summarize(res: dict) -> list[str]:
    return sb.summarize(res)


def plot(res: dict, path) -> None:
    sb.plot(SPEC, res, path)


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, *SPEC.alt_params.values()], ids=["defaults", *SPEC.alt_params])
    def test_sc_tanh_fsm_scoreboard_clean(tmp_path, parameters):
        sb.run_clean(SPEC, tmp_path, seed=7, parameters=parameters)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_tanh_fsm_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_fewer_states", seed=7)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_tanh_fsm_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=7)
except ImportError:  # inside the simulator pytest is not needed
    pass
