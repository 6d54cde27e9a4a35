"""cocotb/pyuvm testbench of ``sc_mul_and`` (see test_sc_mul_and.py)."""
