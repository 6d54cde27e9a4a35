"""Registration hook: the stochastic-computing cells ``sc_mul_and`` ... ``sc_counter`` have their bit-true
models in :mod:`golden.sc.units` (built on :mod:`golden.sc.bitstream`); the registry discovers units by
importing ``golden.fixed``, so importing that module here makes their ``register_unit`` calls run."""

from __future__ import annotations

import golden.sc.units  # noqa: F401  (registers the units)
