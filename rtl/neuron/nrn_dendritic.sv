// nrn_dendritic -- two-branch dendritic soft XOR in Q8.8, one evaluation per clock, bit-true to
// StochasticDendriticNeuron (golden/models/core_sc/dendritic.py) through its Q8.8 unit model
// golden/fixed/dendritic_unit.py.
//
// One clock (raw Q8.8, 1 LSB = 2^-8; a_i, b_i 9-bit unsigned, the model's domain [0, 1] is [0, 256]):
//
//   p     = (a * b + 128) >> 8        product rounded half up (a, b >= 0)
//   c     = a + b - 2 * p             exact, signed 12 bits (-1018 .. 511 over the whole 9-bit input range)
//   spike = c > Threshold             strict, signed
//
// Latency: spike_o and c_o are registered; they show the result of the inputs of the previous cycle.
// Reset: asynchronous, active low; c = 0, spike = 0.
`include "nrn_elab.svh"
`include "nrn_dendritic_params.svh"

module nrn_dendritic #(
  parameter int Threshold = `NRN_DENDRITIC_THRESHOLD  // [0,255] somatic threshold, raw Q8.8 (128 = 0.5)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic        [8:0]  a_i,      // branch a drive, Q8.8 (256 = 1.0)
  input  logic        [8:0]  b_i,      // branch b drive, Q8.8
  output logic               spike_o,
  output logic signed [11:0] c_o       // combined dendritic drive, Q8.8
);

  if (Threshold < 0 || Threshold > 255) begin : gen_err_threshold
    `NRN_PARAM_ERROR("nrn_dendritic: Threshold must be in [0,255]")
  end

  localparam logic [31:0] Thr32 = Threshold;
  localparam logic signed [11:0] ThrS = $signed({4'b0000, Thr32[7:0]});

  logic [17:0] prod, prod_r;
  logic [9:0]  p;
  logic signed [11:0] c_d, c_q;
  logic spike_q;

  assign prod   = 18'(a_i) * 18'(b_i);  // at most 511 * 511 = 261121 < 2^18
  assign prod_r = prod + 18'd128;       // at most 261249 < 2^18
  assign p      = prod_r[17:8];         // at most 1020
  assign c_d    = $signed(12'(a_i)) + $signed(12'(b_i)) - $signed({1'b0, p, 1'b0});

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c_q     <= '0;
      spike_q <= 1'b0;
    end else begin
      c_q     <= c_d;
      spike_q <= c_d > ThrS;
    end
  end

  assign spike_o = spike_q;
  assign c_o     = c_q;

  logic unused_bits;
  assign unused_bits = ^{prod_r[7:0], Thr32[31:8]};

endmodule
