"""Verilator deep check of ``nrn_spinnaker2`` (see :mod:`verif.nrn_spinnaker2.deep_nrn_spinnaker2`): 10M cycles
per parameter set, mutants that must be caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_spinnaker2.deep_nrn_spinnaker2 import SPEC
from verif.nrn_spinnaker2.test_nrn_spinnaker2 import MUTANTS

globals().update(make_pytests(SPEC, mutants={k: MUTANTS[k] for k in ("threshold_gt", "round_toward_zero")}))
