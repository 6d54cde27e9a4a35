"""cocotb/pyuvm testbench of ``sc_tanh_fsm`` (see test_sc_tanh_fsm.py)."""
