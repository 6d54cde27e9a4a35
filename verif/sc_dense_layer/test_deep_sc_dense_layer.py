"""Verilator deep check of ``sc_dense_layer`` (see :mod:`verif.sc_dense_layer.deep_sc_dense_layer`): 10M cycles
per parameter set, mutants that must be caught (the shared-current one and the asynchronous-reset one
included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.sc_dense_layer.deep_sc_dense_layer import SPEC

globals().update(make_pytests(SPEC, mutants={
    "shared_current": ("assign lif_in  = cur_d[j*DW +: DW];", "assign lif_in  = cur_d[0 +: DW];"),
    "weight_row0": ("assign prod    = ~(bx ^ bw[j*N +: N]);", "assign prod    = ~(bx ^ bw[0 +: N]);"),
}))
