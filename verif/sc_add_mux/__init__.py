"""cocotb/pyuvm testbench of ``sc_add_mux`` (see test_sc_add_mux.py)."""
