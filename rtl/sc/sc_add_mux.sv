// sc_add_mux -- stochastic scaled adder: a 2:1 multiplexer with a registered output.
//
// Encoding: unipolar or bipolar alike. With the select stream independent of a and b,
// P(y) = P(sel) P(a) + (1 - P(sel)) P(b): (P(a) + P(b)) / 2 for P(sel) = 1/2, i.e. (x_a + x_b) / 2 in either
// encoding. a and b may be correlated with each other; sel must not be correlated with them.
// Every clock with en_i high: y_o <= sel_i ? a_i : b_i; with en_i low y_o holds.
// Bit-true model: golden/sc/units.py (ScAddMux), built on golden.sc.bitstream.mux_add.
//
//   a_i ---|1\
//          |  |--> [y_q] --> y_o
//   b_i ---|0/     (en_i: clock enable)
//           |
//   sel_i --+
//
// Latency: one cycle (the result of the bits applied in cycle t is on y_o after that cycle's clock edge).
// Reset: asynchronous, active low; y_o = 0.

module sc_add_mux (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  input  logic a_i,
  input  logic b_i,
  input  logic sel_i,
  output logic y_o
);

  logic y_q, y_d;

  always_comb begin
    y_d = y_q;
    if (en_i) begin
      y_d = sel_i ? a_i : b_i;
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
