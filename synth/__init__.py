"""FPGA synthesis of the RTL units: area with Yosys ``synth_ice40``, Fmax with nextpnr-ice40.

See :mod:`synth.flow`. The reports in ``synth/reports/`` are committed, so an area or timing regression
shows up as a diff.
"""
