"""Verilator deep check of ``nrn_adex`` (see :mod:`verif.nrn_adex.deep_nrn_adex`): 10M cycles per parameter set
(the Brette & Gerstner default and Naud et al.'s delayed regular bursting preset, a < 0), mutants that must be
caught (the asynchronous-reset one included), model loop == unit model."""

from verif.deep.deep_core import make_pytests
from verif.nrn_adex.deep_nrn_adex import SPEC

globals().update(make_pytests(SPEC, mutants={
    "threshold_gt": ("spike_d = vp >= VpS;", "spike_d = vp > VpS;"),
    "round_floor_w": ("31'((acc_w + WRound) >>> 24)", "31'(acc_w >>> 24)"),
}))
