"""Rate and population models (family ``rate-and-population``): firing-rate units, neural masses, mean fields,
neural fields, escape-noise and population-density models.

Helpers shared by several of them live in :mod:`golden.models.rate_population._common` (plain Python, used in
``derive``/``initial_state`` and by the tests, never inside a kernel).
"""
