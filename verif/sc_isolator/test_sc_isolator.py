"""pyuvm testbench of ``sc_isolator`` (Depth flip-flops of delay): ``y_o`` against
:class:`golden.sc.units.ScIsolator` every cycle, Depth read back from the DUT.

Stimulus, generic coverage bins and layers: :mod:`verif.common.stream_bench`. Own bins: both output values,
the reset fill (live cycles whose output bit predates the last reset) and enable low with bits in flight.
Wrong model: one stage more. ``make sim MODEL=isolator``; pytest also runs Depth = 1.
"""

from __future__ import annotations

import numpy as np
import pyuvm

from golden.sc.units import ScIsolator
from verif.common import stream_bench as sb


def _corners(tr: sb.Trace) -> dict[str, np.ndarray]:
    d = tr.model.depth
    y = np.asarray(tr.out["y"])
    out = {"y_one": tr.live & (y == 1), "y_zero": tr.live & (y == 0),
           "hold_in_flight": tr.hold & (tr.since_reset > 0)}
    if d > 1:
        out["reset_fill"] = tr.live & (tr.since_reset < d - 1)
    return out


def _one_more(m: ScIsolator) -> ScIsolator:
    return ScIsolator(m.depth + 1 if m.depth < 256 else m.depth - 1)


SPEC = sb.StreamSpec(
    key="sc_isolator",
    model=ScIsolator,
    corners=_corners,
    deep_minimums={"y_one": 1_000_000, "y_zero": 1_000_000, "hold_in_flight": 500_000, "reset_fill": 500},
    injections={"model_one_more_stage": _one_more},
    mutants={"short_chain": ("assign y_o = chain_q[Depth-1];", "assign y_o = chain_q[Depth-2];"),
             "enable_ignored": ("if (en_i) begin\n        chain_d = {", "if (1'b1) begin\n        chain_d = {")},
    alt_params={"depth1": {"Depth": 1}},
)


@pyuvm.test()
class ScIsolatorTest(sb.StreamTest):
    SPEC = SPEC


SIM_PARAMETERS: dict[str, int] = {}  # the RTL's defaults (Depth = 4)


def summarize(res: dict) -> list[str]:
    return sb.summarize(res)


def plot(res: dict, path) -> None:
    sb.plot(SPEC, res, path)


try:
    import pytest

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("parameters", [{}, *SPEC.alt_params.values()], ids=["defaults", *SPEC.alt_params])
    def test_sc_isolator_scoreboard_clean(tmp_path, parameters):
        sb.run_clean(SPEC, tmp_path, seed=8, parameters=parameters)

    @pytest.mark.rtl
    @pytest.mark.slow
    def test_sc_isolator_scoreboard_catches_wrong_model(tmp_path):
        sb.run_injected(SPEC, tmp_path, "model_one_more_stage", seed=8)

    @pytest.mark.rtl
    @pytest.mark.slow
    @pytest.mark.parametrize("mutant", list(SPEC.mutants))
    def test_sc_isolator_scoreboard_catches_mutant_rtl(tmp_path, mutant):
        sb.run_mutant(SPEC, tmp_path, mutant, seed=8)
except ImportError:  # inside the simulator pytest is not needed
    pass
