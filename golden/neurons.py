"""Flat namespace of every model class (the seed's ``neurons`` module): ``from golden.neurons import X``."""

from golden import registry as _registry

for _name, _info in _registry.models().items():
    globals()[_name] = _info.cls

__all__ = sorted(_registry.models())
