// nrn_elab.svh -- elaboration-time parameter checks that all three tools accept.
// Both Yosys and Verilator stop at an elaboration-time $error inside a generate block; Icarus 11 rejects that
// construct, so under Icarus the check becomes a $fatal at time 0 (the simulation never starts).
`ifndef NRN_ELAB_SVH
`define NRN_ELAB_SVH
`ifdef __ICARUS__
`define NRN_PARAM_ERROR(msg) initial begin $display("%m: parameter error: %s", msg); $fatal(1); end
`else
`define NRN_PARAM_ERROR(msg) $error(msg);
`endif
`endif  // NRN_ELAB_SVH
