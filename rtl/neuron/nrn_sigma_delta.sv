// nrn_sigma_delta -- sigma-delta neuron in Q8.8 (ternary events of +-Theta), one update per clock, bit-true to
// SigmaDeltaNeuron (golden/models/hardware/sigma_delta.py) through its Q8.8 unit model
// golden/fixed/sigma_delta_unit.py.
//
// One clock (all values raw Q8.8, 1 LSB = 2^-8):
//
//   sigma_next = wrap16(sigma + in_i)            16-bit accumulator, two's-complement wrap
//   act        = sigma_next + Bias               17 bits, exact
//   act        = max(act, 0) when Relu = 1
//   d          = act - ref                       18 bits, exact
//   d >= Theta:  event = +1, ref += Theta
//   d <= -Theta: event = -1, ref -= Theta
//   else:        event =  0
//
// ref never moves past act, so it stays in act's range (17 bits, no wrap). event_o is signed 2-bit (-1/0/+1).
// Latency: event_o, sigma_o, ref_o are registered; they show the result of the input of the previous cycle.
// Reset: asynchronous, active low; sigma = ref = 0, event = 0.
`include "nrn_elab.svh"

module nrn_sigma_delta #(
  parameter int Theta = 256,  // [1,32767] delta threshold = event payload, raw Q8.8 (256 = 1.0)
  parameter int Bias  = 0,    // [-32768,32767] bias added to sigma, raw Q8.8
  parameter int Relu  = 0     // [0,1] activation: 0 identity, 1 ReLU
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [15:0] in_i,     // change of the presynaptic signal, Q8.8
  output logic signed [1:0]  event_o,  // -1 / 0 / +1
  output logic signed [15:0] sigma_o,  // reconstructed input, Q8.8
  output logic signed [16:0] ref_o     // reconstruction held by the receivers, Q8.8
);

  if (Theta < 1 || Theta > 32767) begin : gen_err_theta
    `NRN_PARAM_ERROR("nrn_sigma_delta: Theta must be in [1,32767]")
  end
  if (Bias < -32768 || Bias > 32767) begin : gen_err_bias
    `NRN_PARAM_ERROR("nrn_sigma_delta: Bias must be in [-32768,32767]")
  end
  if (Relu < 0 || Relu > 1) begin : gen_err_relu
    `NRN_PARAM_ERROR("nrn_sigma_delta: Relu must be 0 or 1")
  end

  localparam logic [31:0] Theta32 = Theta;
  localparam logic [31:0] Bias32  = Bias;
  localparam logic signed [17:0] ThetaP = $signed({3'b000, Theta32[14:0]});
  localparam logic signed [17:0] ThetaN = -ThetaP;
  localparam logic signed [16:0] BiasS  = $signed({Bias32[15], Bias32[15:0]});

  logic signed [15:0] sigma_q, sigma_d;
  logic signed [16:0] ref_q, ref_d, act, act_r;
  logic signed [17:0] d, ref_up, ref_dn;
  logic signed [1:0]  event_q, event_d;

  assign sigma_d = sigma_q + in_i;  // wraps to 16 bits
  assign act     = 17'(sigma_d) + BiasS;
  assign act_r   = (Relu == 1 && act < 0) ? 17'sd0 : act;
  assign d       = 18'(act_r) - 18'(ref_q);
  assign ref_up  = 18'(ref_q) + ThetaP;
  assign ref_dn  = 18'(ref_q) - ThetaP;

  always_comb begin
    ref_d   = ref_q;
    event_d = 2'sd0;
    if (d >= ThetaP) begin
      ref_d   = ref_up[16:0];
      event_d = 2'sd1;
    end else if (d <= ThetaN) begin
      ref_d   = ref_dn[16:0];
      event_d = -2'sd1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sigma_q <= '0;
      ref_q   <= '0;
      event_q <= '0;
    end else begin
      sigma_q <= sigma_d;
      ref_q   <= ref_d;
      event_q <= event_d;
    end
  end

  assign event_o = event_q;
  assign sigma_o = sigma_q;
  assign ref_o   = ref_q;

  // ref_up / ref_dn never leave 17 bits (ref stays in act's range); Theta, Bias use their low bits
  logic unused_bits;
  assign unused_bits = ^{ref_up[17], ref_dn[17], Theta32[31:15], Bias32[31:16]};

endmodule
