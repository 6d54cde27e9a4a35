// sc_lfsr -- linear-feedback shift register, Fibonacci or Galois form (pseudo-random source of the streams).
//
// Every clock with en_i high:
//   Form = 0, Fibonacci (shift left):  state <= {state[Width-2:0], ^(state & Taps)}   (feedback into bit 0)
//   Form = 1, Galois    (shift right): state <= {1'b0, state[Width-1:1]} ^ (state[0] ? Taps : 0)
// Bit k-1 of Taps stands for the term x^k of a polynomial x^Width + ... + 1; a primitive one gives period
// 2^Width - 1 in both forms. Defaults (rtl/include/sc_lfsr_taps.svh, generated and proven primitive by
// scripts/gen_lfsr_taps.py): the table's mask for the Width and seed 0xACE1 masked to Width bits; at Width 16
// that is x^16 + x^14 + x^13 + x^11 + 1 (taps at bits 15,13,12,10, mask 0xB400), seed 0xACE1, Fibonacci form.
// Bit-true model: golden/fixed/lfsr.py (Lfsr).
//
//   Fibonacci:  +--------------------------- XOR of tapped bits <---------+
//               |                                                         |
//               +--> [0] -> [1] -> ... -> [Width-1]  (state_o = all bits) -+
//
//   Galois:     +-------------------------------------------------------------+ (bit 0, shifted out)
//               |                                                             |
//               +--> [Width-1] -> (^ tap) -> ... -> (^ tap) -> [1] -> [0] ----+
//
// Latency: state_o is the register itself. Reset: asynchronous, active low, loads Seed.
// A zero seed would lock the register at zero: it is rejected at elaboration.
`include "sc_lfsr_taps.svh"
`include "nrn_elab.svh"

module sc_lfsr #(
  parameter int          Width = 16,                    // [3,32] register width
  parameter logic [31:0] Taps  = `SC_LFSR_TAPS(Width),  // feedback mask; bit Width-1 must be set
  parameter logic [31:0] Seed  = `SC_LFSR_SEED(Width),  // reset state, non-zero within Width bits
  parameter int          Form  = `SC_LFSR_FIBONACCI     // [0,1] `SC_LFSR_FIBONACCI or `SC_LFSR_GALOIS
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  output logic [Width-1:0] state_o
);

  if (Width < 3 || Width > 32) begin : gen_err_width
    `NRN_PARAM_ERROR("sc_lfsr: Width must be in [3,32]")
  end
  if (Form != `SC_LFSR_FIBONACCI && Form != `SC_LFSR_GALOIS) begin : gen_err_form
    `NRN_PARAM_ERROR("sc_lfsr: Form must be 0 (Fibonacci) or 1 (Galois)")
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

  logic [Width-1:0] state_q, state_d, step;

  if (Form == `SC_LFSR_GALOIS) begin : gen_galois
    assign step = {1'b0, state_q[Width-1:1]} ^ (TapsW & {Width{state_q[0]}});
  end else begin : gen_fibonacci
    assign step = {state_q[Width-2:0], ^(state_q & TapsW)};
  end

  always_comb begin
    state_d = state_q;
    if (en_i) begin
      state_d = step;
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
