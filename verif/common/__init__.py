"""Shared verification helpers: RTL source discovery, simulator checks, cocotb runner."""
