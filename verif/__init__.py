"""Verification of the RTL units against the golden bit-true models (cocotb + pyuvm, Verilator deep checks)."""
