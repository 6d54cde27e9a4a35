// sc_cordiv -- CORDIV stochastic divider (Chen & Hayes, ISVLSI 2016): z = x / y for correlated streams.
//
// A 2:1 multiplexer selected by the divisor stream y; its 0-input is its own output fed back through one
// flip-flop. Every clock with en_i high:
//
//   z <= y_i ? x_i : z          (copy the dividend where the divisor is 1, hold it where the divisor is 0)
//
// with en_i low z holds. Encoding: unipolar. For x and y positively correlated with x_t <= y_t (SCC = +1, e.g.
// both from one shared number source and P(x) <= P(y)) P(z) = P(x = 1 | y = 1) = P(x) / P(y); for independent
// streams P(z) = P(x). Bit-true model: golden/sc/units.py (ScCordiv), built on golden.sc.bitstream.cordiv
// (its output bit t is the multiplexer output of cycle t, which is what the flip-flop holds after the edge).
//
//   x_i ---|1\
//          |  |--+--> [z_q] --+--> z_o
//      +---|0/   |            |
//      |    |    (en_i: CE)   |
//   y_i-----+                 |
//      +----------------------+
//
// Latency: one cycle; the feedback flip-flop IS the output register (one flip-flop in all).
// Reset: asynchronous, active low; z_o = 0 (the model's init = 0).

module sc_cordiv (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  input  logic x_i,
  input  logic y_i,
  output logic z_o
);

  logic z_q, z_d;

  always_comb begin
    z_d = z_q;
    if (en_i) begin
      z_d = y_i ? x_i : z_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      z_q <= 1'b0;
    end else begin
      z_q <= z_d;
    end
  end

  assign z_o = z_q;

endmodule
