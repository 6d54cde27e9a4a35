// sc_tanh_fsm -- stochastic tanh: the saturating up/down counter of Brown & Card (IEEE TC 2001).
//
// K = States states, s in [0, K-1], reset to K/2. Every clock with en_i high:
//
//   y   <= (s >= K/2)                                   (Moore output: the state BEFORE this cycle's bit)
//   s   <= x_i ? min(s + 1, K - 1) : max(s - 1, 0)
//
// with en_i low both hold. Encoding: bipolar in and out; for a Bernoulli input of value v the output
// represents tanh(K/2 artanh(v)) ~ tanh(K/2 v) in steady state. Bit-true model: golden/sc/units.py
// (ScTanhFsm), built on golden.sc.bitstream.fsm_tanh(states=K) (its output bit t is [s_t >= K/2]).
//
//   x_i --> (+1 / -1, saturating) --> [s_q] --+--> (>= K/2) --> [y_q] --> y_o
//                 ^                           |
//                 +---------------------------+       (en_i: clock enable of both registers)
//
// Latency: one cycle (y_o after the edge of cycle t is the model's output bit t, which depends on the input
// bits BEFORE cycle t: the state machine itself adds no further delay). The comparator sits between the
// two registers, so y_o is a plain flip-flop; for K a power of two the comparator is the state's MSB.
// Reset: asynchronous, active low; s = K/2, y_o = 0 until the first enabled clock.
`include "nrn_elab.svh"

module sc_tanh_fsm #(
  parameter int States = 8  // [2,1024], even: number of states K
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  input  logic x_i,
  output logic y_o
);

  if (States < 2 || States > 1024) begin : gen_err_states_range
    `NRN_PARAM_ERROR("sc_tanh_fsm: States must be in [2,1024]")
  end
  if (States % 2 != 0) begin : gen_err_states_even
    `NRN_PARAM_ERROR("sc_tanh_fsm: States must be even")
  end

  localparam int StateW = $clog2(States);
  localparam int TopI   = States - 1;
  localparam int HalfI  = States / 2;
  localparam logic [StateW-1:0] Top  = TopI[StateW-1:0];
  localparam logic [StateW-1:0] Half = HalfI[StateW-1:0];

  logic [StateW-1:0] s_q, s_d;
  logic              y_q, y_d;

  always_comb begin
    s_d = s_q;
    y_d = y_q;
    if (en_i) begin
      y_d = (s_q >= Half);
      if (x_i) begin
        if (s_q != Top) begin
          s_d = s_q + 1'b1;
        end
      end else if (s_q != '0) begin
        s_d = s_q - 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s_q <= Half;
      y_q <= 1'b0;
    end else begin
      s_q <= s_d;
      y_q <= y_d;
    end
  end

  assign y_o = y_q;

endmodule
