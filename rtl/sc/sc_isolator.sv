// sc_isolator -- isolator: a chain of Depth flip-flops that delays a stream to decorrelate it (Ting & Hayes,
// ICCD 2016, "Isolation-based decorrelation of stochastic circuits").
//
// Every clock with en_i high the chain shifts by one: chain <= {chain, x_i}; with en_i low it holds (a
// stalled stream consumes no bit). y_o is the last stage: the input bit of Depth enabled clocks ago.
// Encoding: any (the value of the stream is unchanged; only its alignment moves). Bit-true model:
// golden/sc/units.py (ScIsolator), built on golden.sc.bitstream.delay (after the edge of the k-th enabled
// cycle since reset, y_o is bit k of delay(x, Depth - 1): input bit k - Depth + 1, or 0 before that).
//
//   x_i --> [c0] --> [c1] --> ... --> [c(Depth-1)] --> y_o      (en_i: clock enable of every stage)
//
// Latency: Depth cycles (an input bit applied in cycle t appears on y_o during cycle t + Depth); relative to
// a gate with a registered output (latency 1) the isolated operand lags by Depth - 1 bits.
// Reset: asynchronous, active low; every stage 0 (y_o = 0 for the first Depth enabled clocks).
`include "nrn_elab.svh"

module sc_isolator #(
  parameter int Depth = 4  // [1,256] flip-flops in the chain (cycles of delay)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  input  logic x_i,
  output logic y_o
);

  if (Depth < 1 || Depth > 256) begin : gen_err_depth_range
    `NRN_PARAM_ERROR("sc_isolator: Depth must be in [1,256]")
  end

  logic [Depth-1:0] chain_q, chain_d;

  if (Depth == 1) begin : gen_single
    always_comb begin
      chain_d = chain_q;
      if (en_i) begin
        chain_d = x_i;
      end
    end
  end else begin : gen_chain
    always_comb begin
      chain_d = chain_q;
      if (en_i) begin
        chain_d = {chain_q[Depth-2:0], x_i};
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      chain_q <= '0;
    end else begin
      chain_q <= chain_d;
    end
  end

  assign y_o = chain_q[Depth-1];

endmodule
