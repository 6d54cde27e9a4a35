"""Bit-true fixed-point references of the RTL units (integer arithmetic, the RTL's wrap and shift rules)."""
