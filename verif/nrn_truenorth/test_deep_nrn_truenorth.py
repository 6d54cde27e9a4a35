"""Verilator deep check of ``nrn_truenorth`` (see :mod:`verif.nrn_truenorth.deep_nrn_truenorth`): 10M cycles per
parameter set, mutants that must be caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_truenorth.deep_nrn_truenorth import SPEC

globals().update(make_pytests(SPEC, mutants={
    "threshold_gt": ("assign fire    = v3 >= thr_pos;", "assign fire    = v3 > thr_pos;"),
    "neg_threshold_le": ("(v3 < -thr_neg)", "(v3 <= -thr_neg)"),
}))
