"""Verilator deep check of ``nrn_dendritic`` (see :mod:`verif.nrn_dendritic.deep_nrn_dendritic`): 10M cycles per
parameter set, mutants that must be caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_dendritic.deep_nrn_dendritic import SPEC

globals().update(make_pytests(SPEC, mutants={
    "round_floor": ("assign prod_r = prod + 18'd128;", "assign prod_r = prod;"),
    "threshold_ge": ("spike_q <= c_d > ThrS;", "spike_q <= c_d >= ThrS;"),
}))
