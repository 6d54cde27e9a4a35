"""Verilator deep check of ``nrn_homeostatic_lif`` (see :mod:`verif.nrn_homeostatic_lif.deep_nrn_homeostatic_lif`):
10M cycles per parameter set, mutants that must be caught (the asynchronous-reset one included), model loop ==
unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_homeostatic_lif.deep_nrn_homeostatic_lif import SPEC

globals().update(make_pytests(SPEC, mutants={
    "threshold_gt": ("assign fire      = $signed({v_sat, 16'h0000}) >= th_q;",
                     "assign fire      = $signed({v_sat, 16'h0000}) > th_q;"),
    "no_clamp_max": ("end else if (th_sum > ThHi) begin", "end else if (1'b0) begin"),
    "wrap_not_saturate": ("assign sat_lo    = v_sum[24] && (v_sum[23:15] != 9'h1FF);", "assign sat_lo    = 1'b0;"),
}))
