"""Generators of derived artefacts (SV headers, README table) from the Python side."""
