"""Verilator deep check of ``nrn_izhikevich`` (see :mod:`verif.nrn_izhikevich.deep_nrn_izhikevich`): 10M cycles per
parameter set, mutants that must be caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_izhikevich.deep_nrn_izhikevich import SPEC

globals().update(make_pytests(SPEC, mutants={
    "spike_gt": ("spike_d = v2 >= 25'(VPeakS);", "spike_d = v2 > 25'(VPeakS);"),
    "no_v2_sat": ("(v2_raw > 36'(VSat)) ? VSat : 25'(v2_raw)", "25'(v2_raw)"),
}))
