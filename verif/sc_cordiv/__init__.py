"""cocotb/pyuvm testbench of ``sc_cordiv`` (see test_sc_cordiv.py)."""
