// sc_lfsr -- Fibonacci linear-feedback shift register (pseudo-random source of the stochastic streams).
//
// Every clock with en_i high:  state <= {state[Width-2:0], ^(state & Taps)}  (shift left, feedback in bit 0).
// Default: the 16-bit maximal-length polynomial x^16 + x^14 + x^13 + x^11 + 1 (taps at bits 15,13,12,10),
// seed 0xACE1, period 2^16 - 1. Bit-true model: golden/fixed/lfsr.py (Lfsr).
//
//   +--------------------------- XOR of tapped bits <---------+
//   |                                                         |
//   +--> [0] -> [1] -> ... -> [Width-1]  (state_o = all bits) -+
//
// Latency: state_o is the register itself. Reset: asynchronous, active low, loads Seed.
// A zero seed would lock the register at zero: it is rejected at elaboration.
`include "nrn_formats.svh"
`include "nrn_elab.svh"

module sc_lfsr #(
  parameter int          Width = 16,               // [3,32] register width
  parameter logic [31:0] Taps  = `SC_LFSR16_TAPS,  // feedback mask; bit Width-1 must be set
  parameter logic [31:0] Seed  = `SC_LFSR16_SEED   // reset state, non-zero within Width bits
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  output logic [Width-1:0] state_o
);

  if (Width < 3 || Width > 32) begin : gen_err_width
    `NRN_PARAM_ERROR("sc_lfsr: Width must be in [3,32]")
  end
  if (Width < 32 && (Seed >> Width) != 32'd0) begin : gen_err_seed_fit
    `NRN_PARAM_ERROR("sc_lfsr: Seed must fit in Width bits")
  end
  if (Width < 32 && (Taps >> Width) != 32'd0) begin : gen_err_taps_fit
    `NRN_PARAM_ERROR("sc_lfsr: Taps must fit in Width bits")
  end
  if (Seed == 32'd0) begin : gen_err_seed_zero
    `NRN_PARAM_ERROR("sc_lfsr: Seed must be non-zero (the all-zero state never leaves zero)")
  end
  if (Taps[Width-1] != 1'b1) begin : gen_err_taps_msb
    `NRN_PARAM_ERROR("sc_lfsr: Taps must include bit Width-1")
  end

  localparam logic [Width-1:0] SeedW = Seed[Width-1:0];
  localparam logic [Width-1:0] TapsW = Taps[Width-1:0];

  logic [Width-1:0] state_q, state_d;

  always_comb begin
    state_d = state_q;
    if (en_i) begin
      state_d = {state_q[Width-2:0], ^(state_q & TapsW)};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= SeedW;
    end else begin
      state_q <= state_d;
    end
  end

  assign state_o = state_q;

endmodule
