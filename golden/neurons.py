"""Flat namespace of every model class (the seed's ``neurons`` module): ``from golden.neurons import X``."""

from golden import registry as _registry

for _name, _info in _registry.models().items():
    globals()[_name] = _info.cls

__all__ = sorted(_registry.models())


def __getattr__(name: str):
    """Training cells (imported on first use: torch) and deprecated aliases (with a DeprecationWarning)."""
    try:
        return _registry.resolve_lazy(name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
