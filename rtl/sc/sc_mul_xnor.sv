// sc_mul_xnor -- bipolar stochastic multiplier: one XNOR gate with a registered output.
//
// Encoding: bipolar, P(bit = 1) = (v + 1) / 2 for v in [-1, 1]. For independent input streams the output
// represents v_y = v_a v_b (P(y) = P(a) P(b) + (1 - P(a)) (1 - P(b))).
// Every clock with en_i high: y_o <= ~(a_i ^ b_i); with en_i low y_o holds.
// Bit-true model: golden/sc/units.py (ScMulXnor), built on golden.sc.bitstream.mul_xnor.
//
//   a_i --+
//         XNOR--> [y_q] --> y_o
//   b_i --+       (en_i: clock enable)
//
// Latency: one cycle (the result of the bits applied in cycle t is on y_o after that cycle's clock edge).
// Reset: asynchronous, active low; y_o = 0 (a bipolar -1 bit until the first enabled clock).

module sc_mul_xnor (
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
      y_d = ~(a_i ^ b_i);
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
