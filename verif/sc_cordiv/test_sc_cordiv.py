"""pyuvm testbench of ``sc_cordiv`` (CORDIV divider, Chen & Hayes 2016): ``z_o`` against
:class:`golden.sc.units.ScCordiv` every cycle.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench`; the ``shared`` segments draw
x and y from one random number with P(x) <= P(y) (x <= y bitwise, the divider's operating condition). Own
bins: the divisor copying a 1 and a 0, the flip-flop keeping a 1 and a 0, a dividend bit without a divisor
bit (where the Li et al. 2014 variant differs) and correlated runs. Wrong model: that variant
(z = 1 whenever x = 1). ``make sim MODEL=cordiv``.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.bitstream import cordiv
from golden.sc.units import ScCordiv, _on_stream
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    x, y, z = tr.x("x"), tr.x("y"), tr.before("z")
    return {
        "copy_one": tr.live & (y == 1) & (x == 1),
        "copy_zero": tr.live & (y == 1) & (x == 0),
        "keep_one": tr.live & (y == 0) & (z == 1),
        "keep_zero": tr.live & (y == 0) & (z == 0),
        "x_without_y": tr.live & (x == 1) & (y == 0),
        "correlated_run": tr.live_run(x <= y) & (x == 1),
    }


class _LiModel(ScCordiv):
    """Deliberately wrong: the Li et al. 2014 variant, z = 1 whenever x = 1 (= CORDIV with divisor x | y)."""

    def stream(self, *, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        return {"z": _on_stream(lambda xs, ys: cordiv(xs, ys, init=0), x, x | y)}


SPEC = sb.StreamSpec(
    key="sc_cordiv",
    model=ScCordiv,
    corners=_corners,
    deep_minimums={"copy_one": 500_000, "copy_zero": 500_000, "keep_one": 500_000, "keep_zero": 500_000,
                   "x_without_y": 500_000, "correlated_run": 100_000},
    injections={"model_li": lambda m: _LiModel()},
    mutants={"li_variant": ("z_d = y_i ? x_i : z_q;", "z_d = (y_i | x_i) ? x_i : z_q;"),
             "enable_ignored": ("if (en_i) begin", "if (1'b1) begin")},
    shared_sorted=True,
    ideal=lambda m, _: np.clip(m["x"] / np.maximum(m["y"], 1e-9), 0, 1),
)


@pyuvm.test()
class ScCordivTest(sb.StreamTest):
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
    def test_sc_cordiv_scoreboard_clean(tmp_path):
        sb.run_clean(SPEC, tmp_path, seed=6)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_cordiv_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_li", seed=6)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_cordiv_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=6)
except ImportError:  # inside the simulator pytest is not needed
    pass
