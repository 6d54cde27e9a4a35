"""pyuvm testbench of ``sc_mul_xnor`` (bipolar XNOR multiplier, registered): ``y_o`` against
:class:`golden.sc.units.ScMulXnor` every cycle.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench`. Own bins: every input
combination in a live cycle. Wrong model: XOR (the sign flipped). ``make sim MODEL=mul_xnor``.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScMulXnor
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    a, b = tr.x("a"), tr.x("b")
    return {f"ab_{i}{j}": tr.live & (a == i) & (b == j) for i in (0, 1) for j in (0, 1)}


class _XorModel(ScMulXnor):
    """Deliberately wrong: an XOR gate (the product's sign flipped)."""

    def stream(self, *, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        return {"y": a ^ b}


SPEC = sb.StreamSpec(
    key="sc_mul_xnor",
    model=ScMulXnor,
    corners=_corners,
    deep_minimums={"ab_00": 500_000, "ab_01": 500_000, "ab_10": 500_000, "ab_11": 500_000},
    injections={"model_xor": lambda m: _XorModel()},
    mutants={"xor_gate": ("y_d = ~(a_i ^ b_i);", "y_d = a_i ^ b_i;"),
             "enable_ignored": ("if (en_i) begin", "if (1'b1) begin")},
    bipolar=True,
    ideal=lambda m, _: (1 + (2 * m["a"] - 1) * (2 * m["b"] - 1)) / 2,
)


@pyuvm.test()
class ScMulXnorTest(sb.StreamTest):
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
    def test_sc_mul_xnor_scoreboard_clean(tmp_path):
        sb.run_clean(SPEC, tmp_path, seed=4)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_mul_xnor_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_xor", seed=4)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_mul_xnor_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=4)
except ImportError:  # inside the simulator pytest is not needed
    pass
