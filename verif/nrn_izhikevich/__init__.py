"""Verification of the nrn_izhikevich core (pyuvm bench and Verilator deep check)."""
