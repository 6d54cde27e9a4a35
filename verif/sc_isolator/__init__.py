"""cocotb/pyuvm testbench of ``sc_isolator`` (see test_sc_isolator.py)."""
