"""cocotb/pyuvm testbench of ``sc_mul_xnor`` (see test_sc_mul_xnor.py)."""
