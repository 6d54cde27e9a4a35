"""pyuvm testbench of ``sc_mul_and`` (unipolar AND multiplier, registered): ``y_o`` against
:class:`golden.sc.units.ScMulAnd` every cycle.

The stimulus, the generic coverage bins and the layers are those of :mod:`verif.common.stream_bench`; this
file adds the unit's own bins (every input combination applied in a live cycle), a wrong model (OR instead
of AND) and RTL mutants. ``make sim MODEL=mul_and`` runs it with a summary, a waveform and a plot.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScMulAnd
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    a, b = tr.x("a"), tr.x("b")
    return {f"ab_{i}{j}": tr.live & (a == i) & (b == j) for i in (0, 1) for j in (0, 1)}


class _OrModel(ScMulAnd):
    """Deliberately wrong: an OR gate."""

    def stream(self, *, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": a | b}


SPEC = sb.StreamSpec(
    key="sc_mul_and",
    model=ScMulAnd,
    corners=_corners,
    deep_minimums={"ab_00": 500_000, "ab_01": 500_000, "ab_10": 500_000, "ab_11": 500_000},
    ideal=lambda m, _: m["a"] * m["b"],
    injections={"model_or": lambda m: _OrModel()},
    mutants={"or_gate": ("y_d = a_i & b_i;", "y_d = a_i | b_i;"),
             "enable_ignored": ("if (en_i) begin", "if (1'b1) begin")},
)


@pyuvm.test()
class ScMulAndTest(sb.StreamTest):
    SPEC = SPEC


SIM_PARAMETERS: dict[str, int] = {}  # the RTL's (it has no parameters)


def summarize(res: dict) -> list[str]:
    return sb.summarize(res)


def plot(res: dict, path) -> None:
    sb.plot(SPEC, res, path)


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_mul_and_scoreboard_clean(tmp_path):
        sb.run_clean(SPEC, tmp_path, seed=3)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_mul_and_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_or", seed=3)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_mul_and_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=3)
except ImportError:  # inside the simulator pytest is not needed
    pass
