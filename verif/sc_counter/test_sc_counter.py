"""pyuvm testbench of ``sc_counter`` (ones per window of 2^WindowLog2 bits): ``count_o`` AND ``valid_o``
against :class:`golden.sc.units.ScCounter` every cycle, WindowLog2 read back from the DUT.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench`. Own bins: window ends with a
count of 0, of the full window (UQ1.WindowLog2 = 1.0) and in between, a reset in the middle of a window (the
partial window is dropped), enable low in the middle of a window and right after a valid pulse (the pulse
must still last one cycle). Wrong model: a window twice as long. ``make sim MODEL=counter``; pytest also runs
WindowLog2 = 2.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScCounter
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    w = tr.model.window
    count, valid = np.asarray(tr.out["count"]), np.asarray(tr.out["valid"]) == 1
    mid = tr.since_reset % w != 0
    return {
        "window_zero": valid & (count == 0),
        "window_full": valid & (count == w),
        "window_partial": valid & (count > 0) & (count < w),
        "reset_mid_window": tr.rst_edge & mid,
        "hold_mid_window": tr.hold & mid,
        "hold_after_valid": tr.hold & (tr.before("valid") == 1),
    }


def _longer_window(m: ScCounter) -> ScCounter:
    return ScCounter(m.window_log2 + 1 if m.window_log2 < 24 else m.window_log2 - 1)


def _invariants(tr: sb.Trace) -> list[str]:
    """count_o never exceeds the window; valid_o only after a live edge."""
    bad = []
    if np.any(np.asarray(tr.out["count"]) > tr.model.window):
        bad.append(f"sc_counter model: a count above the window {tr.model.window}")
    if np.any((np.asarray(tr.out["valid"]) == 1) & ~tr.live):
        bad.append("sc_counter model: valid_o high after a cycle that was not live")
    return bad


SPEC = sb.StreamSpec(
    key="sc_counter",
    model=ScCounter,
    corners=_corners,
    deep_minimums={"window_zero": 2_000, "window_full": 2_000, "window_partial": 10_000,
                   "reset_mid_window": 500, "hold_mid_window": 500_000, "hold_after_valid": 1_000},
    injections={"model_longer_window": _longer_window},
    mutants={"drop_last_bit": ("count_d = sum;", "count_d = {1'b0, acc_q};"),
             "valid_sticks": ("valid_d = 1'b0;", "valid_d = valid_q;")},
    weights=(0.25, 0.1, 0.05, 0.35, 0.25),  # more constant and extreme segments: whole windows of 0 and 1
    cocotb_cycles=40_000,
    alt_params={"window4": {"WindowLog2": 2}},
    invariants=_invariants,
)


@pyuvm.test()
class ScCounterTest(sb.StreamTest):
    SPEC = SPEC


SIM_PARAMETERS: dict[str, int] = {}  # the RTL's defaults (WindowLog2 = 8)


def summarize(res: dict) -> list[str]:
    return sb.summarize(res)


def plot(res: dict, path) -> None:
    sb.plot(SPEC, res, path)


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, *SPEC.alt_params.values()], ids=["defaults", *SPEC.alt_params])
    def test_sc_counter_scoreboard_clean(tmp_path, parameters):
        sb.run_clean(SPEC, tmp_path, seed=9, parameters=parameters)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_counter_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_longer_window", seed=9)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_counter_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=9)
except ImportError:  # inside the simulator pytest is not needed
    pass
