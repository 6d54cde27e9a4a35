// sc_sng -- stochastic number generator: converts a binary value x into a unipolar bitstream.
//
// Every clock with en_i high: bit_o <= (lfsr_state < x_i) (unsigned compare), then the LFSR advances.
// P(bit_o = 1) = |{s in LFSR cycle : s < x}| / (2^Width - 1); the all-zero state is never visited, so
// x = 0 and x = 1 both give a constant 0 stream and x = 2^Width - 1 gives P = 1 - 1/(2^Width - 1).
// Bit-true model: golden/fixed/lfsr.py (sng_bits).
//
//   x_i ------------------+
//                         v
//   sc_lfsr -- state --> (<) --> [bit_q] --> bit_o
//
// Latency: one cycle (bit_o is registered). Reset: asynchronous, active low; LFSR to Seed, bit_o to 0.
`include "nrn_formats.svh"

module sc_sng #(
  parameter int          Width = 16,               // [3,32]
  parameter logic [31:0] Taps  = `SC_LFSR16_TAPS,  // see sc_lfsr
  parameter logic [31:0] Seed  = `SC_LFSR16_SEED   // see sc_lfsr
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [Width-1:0] x_i,
  output logic             bit_o
);

  logic [Width-1:0] state;
  logic             bit_q, bit_d;

  sc_lfsr #(
    .Width(Width),
    .Taps (Taps),
    .Seed (Seed)
  ) u_lfsr (
    .clk_i,
    .rst_ni,
    .en_i,
    .state_o(state)
  );

  always_comb begin
    bit_d = bit_q;
    if (en_i) begin
      bit_d = (state < x_i);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bit_q <= 1'b0;
    end else begin
      bit_q <= bit_d;
    end
  end

  assign bit_o = bit_q;

endmodule
