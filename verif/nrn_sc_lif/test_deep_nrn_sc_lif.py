"""Verilator deep check of ``nrn_sc_lif`` (see :mod:`verif.nrn_sc_lif.deep_nrn_sc_lif`): 10M cycles per parameter
set, mutants that must be caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_sc_lif.deep_nrn_sc_lif import SPEC

globals().update(make_pytests(SPEC, mutants={
    "noise_bit": ("assign noise     = lfsr_state[0] ?", "assign noise     = lfsr_state[1] ?"),
    "threshold_gt": ("end else if (v_sat >= VThrW) begin", "end else if (v_sat > VThrW) begin"),
    "leak_floor": ("assign leak_prod = 27'(diff) * LeakKS + 27'sd128;", "assign leak_prod = 27'(diff) * LeakKS;"),
}))
