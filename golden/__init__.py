"""Golden models of the neuromorphic co-design project.

Every model class is importable flat: ``from golden import StochasticLIFNeuron`` (or from
``golden.neurons``). The classes are found through :mod:`golden.registry`; importing this package needs
numpy only (numba is imported when a population or a trace is first run).
"""

from __future__ import annotations

from golden import registry as _registry

_registry.discover()
for _name, _info in _registry.models().items():
    globals()[_name] = _info.cls

__all__ = sorted(_registry.models())


def __getattr__(name: str):
    """Training cells (imported on first use: torch) and deprecated aliases (with a DeprecationWarning)."""
    try:
        return _registry.resolve_lazy(name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
