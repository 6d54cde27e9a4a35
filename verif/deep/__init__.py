"""Verilator deep checks: millions of cycles of golden-made random stimulus, every output compared bit-true.

See :mod:`verif.deep.deep` (library and CLI: ``python -m verif.deep.deep --unit nrn_lif --cycles 10000000``).
"""
