// sc_mul_and -- unipolar stochastic multiplier: one AND gate with a registered output.
//
// Encoding: unipolar, P(bit = 1) = x in [0, 1]. For independent input streams P(y) = P(a) P(b); for maximally
// correlated ones (SCC = +1, e.g. both from one number source) the gate computes min(P(a), P(b)) instead.
// Every clock with en_i high: y_o <= a_i & b_i; with en_i low y_o holds (a stalled stream consumes no bit).
// Bit-true model: golden/sc/units.py (ScMulAnd), built on golden.sc.bitstream.mul_and.
//
//   a_i --+
//         &--> [y_q] --> y_o
//   b_i --+    (en_i: clock enable)
//
// Latency: one cycle (the result of the bits applied in cycle t is on y_o after that cycle's clock edge).
// On an iCE40 the gate and the register share one logic cell, and the enable is the flip-flop's own CE.
// Reset: asynchronous, active low; y_o = 0.

module sc_mul_and (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  input  logic a_i,
  input  logic b_i,
  output logic y_o
);

  logic y_q, y_d;

  always_comb begin
    y_d = y_q;
    if (en_i) begin
      y_d = a_i & b_i;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      y_q <= 1'b0;
    end else begin
      y_q <= y_d;
    end
  end

  assign y_o = y_q;

endmodule
