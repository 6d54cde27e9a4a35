"""Helpers for the numba-compiled loops (imported only when a loop is first built).

``at(x, t, i)`` reads input ``x`` for step ``t`` and neuron ``i`` whatever its form, resolved at compile time:
a scalar (same for every neuron and step), a 1-D array (per neuron, or per step in a trace), or a 2-D array
(steps x neurons, or steps x 1 for a signal shared by all neurons). Inputs stay contiguous and nothing is
broadcast in memory, so the loops over neurons vectorise.
"""

from __future__ import annotations

from numba.core import types
from numba.extending import overload


def at(x, t, i):  # pragma: no cover - the Python stub of the overload below
    raise NotImplementedError("at() is only callable from compiled code")


@overload(at)
def _at(x, t, i):
    if isinstance(x, (types.Float, types.Integer, types.Boolean)):
        return lambda x, t, i: x
    if isinstance(x, types.Array) and x.ndim == 1:
        return lambda x, t, i: x[i]
    if isinstance(x, types.Array) and x.ndim == 2:
        return lambda x, t, i: x[t, i] if x.shape[1] != 1 else x[t, 0]
    return None
