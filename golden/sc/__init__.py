"""Stochastic computing: bit-packed bitstreams, number sources (LFSR, Sobol, Bernoulli), SC arithmetic and
correlation. Numpy only at import; the bit-serial kernels are compiled with numba on first use.

See :mod:`golden.sc.bitstream` for the representation and the operations, :mod:`golden.sc.sobol` for the
bit-true Sobol generator.
"""

from __future__ import annotations

from golden.sc.bitstream import (
    BernoulliSource,
    Bitstream,
    Encoding,
    LfsrSource,
    NumberSource,
    SobolSource,
    and_count,
    cordiv,
    decode,
    delay,
    encode,
    encode_shared,
    fsm_tanh,
    invert,
    mul_and,
    mul_xnor,
    mux_add,
    n_words,
    pack,
    popcount,
    scc,
    tail_mask,
    to_probability,
    unpack,
    window_count,
)
from golden.sc.sobol import Sobol, sobol_sng_bits

__all__ = [
    "BernoulliSource",
    "Bitstream",
    "Encoding",
    "LfsrSource",
    "NumberSource",
    "Sobol",
    "SobolSource",
    "and_count",
    "cordiv",
    "decode",
    "delay",
    "encode",
    "encode_shared",
    "fsm_tanh",
    "invert",
    "mul_and",
    "mul_xnor",
    "mux_add",
    "n_words",
    "pack",
    "popcount",
    "scc",
    "sobol_sng_bits",
    "tail_mask",
    "to_probability",
    "unpack",
    "window_count",
]
