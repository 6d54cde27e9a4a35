"""pyuvm testbench of ``sc_add_mux`` (scaled addition by a registered 2:1 multiplexer): ``y_o`` against
:class:`golden.sc.units.ScAddMux` every cycle.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench`. Own bins: the select choosing
each input while the inputs differ (the only cycles in which the select matters). Wrong model: the select
inverted. ``make sim MODEL=add_mux``.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScAddMux
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    a, b, sel = tr.x("a"), tr.x("b"), tr.x("sel")
    differ = tr.live & (a != b)
    return {"sel_a_while_a_ne_b": differ & (sel == 1), "sel_b_while_a_ne_b": differ & (sel == 0)}


class _SwappedModel(ScAddMux):
    """Deliberately wrong: the select picks the other input."""

    def stream(self, *, a: np.ndarray, b: np.ndarray, sel: np.ndarray) -> dict[str, np.ndarray]:
        return super().stream(a=b, b=a, sel=sel)


SPEC = sb.StreamSpec(
    key="sc_add_mux",
    model=ScAddMux,
    corners=_corners,
    deep_minimums={"sel_a_while_a_ne_b": 500_000, "sel_b_while_a_ne_b": 500_000},
    injections={"model_swapped": lambda m: _SwappedModel()},
    mutants={"select_swapped": ("y_d = sel_i ? a_i : b_i;", "y_d = sel_i ? b_i : a_i;"),
             "enable_ignored": ("if (en_i) begin", "if (1'b1) begin")},
    ideal=lambda m, _: m["sel"] * m["a"] + (1 - m["sel"]) * m["b"],
    cocotb_cycles=30_000,  # three inputs: runs of zeros and ones of each take longer to come up
)


@pyuvm.test()
class ScAddMuxTest(sb.StreamTest):
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
    def test_sc_add_mux_scoreboard_clean(tmp_path):
        sb.run_clean(SPEC, tmp_path, seed=5)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_add_mux_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_swapped", seed=5)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_add_mux_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=5)
except ImportError:  # inside the simulator pytest is not needed
    pass
