"""cocotb/pyuvm testbench of ``sc_counter`` (see test_sc_counter.py)."""
