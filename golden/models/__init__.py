"""Golden models, one module per model, grouped by family (discovered by :mod:`golden.registry`)."""
