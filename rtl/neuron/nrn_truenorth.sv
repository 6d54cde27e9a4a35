// nrn_truenorth -- IBM TrueNorth neuron (Cassidy et al. 2013), one tick per clock, bit-true to the kernel of
// TrueNorthNeuron (golden/models/hardware/truenorth.py) through the unit model golden/fixed/truenorth_unit.py.
//
// One clock (raw integers; V 20-bit signed, SATURATING; every intermediate below is exact in 22 bits):
//
//   s       = LFSR state during the clock (32-bit Fibonacci, x^32+x^31+x^30+x^10+1, leaps 32 steps per clock)
//   V1      = V + weighted_input                                         synaptic integration
//   lk      = Leak                               if StochasticLeak == 0
//             sgn(Leak) if |Leak| >= s[31:24] else 0   (P = (|Leak|+1)/256; Leak = 0 gives 0)
//   V2      = V1 + lk                            if LeakReversal == 0
//             V1 > 0: max(V1 + lk, 0);  V1 < 0: min(V1 - lk, 0);  V1 = 0: 0      (no crossing of 0)
//   V3      = sat20(V2)                          to [-2^19, 2^19 - 1]
//   eta     = s[16:0] & (2^ThresholdMaskBits - 1)                        stochastic threshold offset
//   fire    = V3 >= Threshold + eta
//   fire:                          V = VReset | V3 - (Threshold + eta) | V3       (ResetMode 0 | 1 | 2)
//   NegSaturate = 1, V3 < -NegThreshold:            V = -NegThreshold
//   NegSaturate = 0, V3 < -(NegThreshold + eta):    V = -VReset | V3 + (NegThreshold + eta) | V3
//   otherwise                      V = V3
//
// Every result fits 20 bits without a second saturation (linear reset: 0 <= V3 - thr <= V3 and
// V3 < V3 + thr' < 0; VReset = -2^19 is excluded so that -VReset fits). The stochastic draws are exact binary
// fractions of s for the kernel's uniforms (rho_leak = s[31:24] / 256, rho_thr = eta / 2^ThresholdMaskBits);
// with StochasticLeak = 0 and ThresholdMaskBits = 0 the LFSR is unused (and removed by synthesis).
//
// Input weighted_input_i: the tick's synaptic sum, 17-bit signed (the model's domain is +-256 * 255).
// Latency: spike_o and v_o are registered; they show the result of the inputs of the previous cycle.
// Reset: asynchronous, active low; V = 0, spike = 0, LFSR = PrnSeed.
`include "nrn_elab.svh"
`include "nrn_truenorth_params.svh"
`include "sc_lfsr_taps.svh"

module nrn_truenorth #(
  parameter int Leak              = `NRN_TRUENORTH_LEAK,                 // [-255,255] leak lambda per tick
  parameter int LeakReversal      = `NRN_TRUENORTH_LEAK_REVERSAL,        // [0,1] epsilon: leak times sgn(V)
  parameter int StochasticLeak    = `NRN_TRUENORTH_STOCHASTIC_LEAK,      // [0,1] c: leak sgn(lambda) with P
  parameter int Threshold         = `NRN_TRUENORTH_THRESHOLD,            // [0,262143] alpha
  parameter int NegThreshold      = `NRN_TRUENORTH_NEG_THRESHOLD,        // [0,262143] beta (floor -beta)
  parameter int ThresholdMaskBits = `NRN_TRUENORTH_THRESHOLD_MASK_BITS,  // [0,17] stochastic threshold bits
  parameter int ResetMode         = `NRN_TRUENORTH_RESET_MODE,           // [0,2] gamma: normal/linear/none
  parameter int NegSaturate       = `NRN_TRUENORTH_NEG_SATURATE,         // [0,1] kappa
  parameter int VReset            = `NRN_TRUENORTH_VRESET,               // [-524287,524287] R
  parameter int PrnSeed           = `NRN_TRUENORTH_PRN_SEED              // [1,2147483647] LFSR seed
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [16:0] weighted_input_i,  // synaptic sum of the tick
  output logic               spike_o,
  output logic signed [19:0] v_o                // membrane potential
);

  if (Leak < -255 || Leak > 255) begin : gen_err_leak
    `NRN_PARAM_ERROR("nrn_truenorth: Leak must be in [-255,255]")
  end
  if (LeakReversal < 0 || LeakReversal > 1) begin : gen_err_reversal
    `NRN_PARAM_ERROR("nrn_truenorth: LeakReversal must be 0 or 1")
  end
  if (StochasticLeak < 0 || StochasticLeak > 1) begin : gen_err_stoch
    `NRN_PARAM_ERROR("nrn_truenorth: StochasticLeak must be 0 or 1")
  end
  if (Threshold < 0 || Threshold > 262143) begin : gen_err_threshold
    `NRN_PARAM_ERROR("nrn_truenorth: Threshold must be in [0,262143]")
  end
  if (NegThreshold < 0 || NegThreshold > 262143) begin : gen_err_neg_threshold
    `NRN_PARAM_ERROR("nrn_truenorth: NegThreshold must be in [0,262143]")
  end
  if (ThresholdMaskBits < 0 || ThresholdMaskBits > 17) begin : gen_err_mask
    `NRN_PARAM_ERROR("nrn_truenorth: ThresholdMaskBits must be in [0,17]")
  end
  if (ResetMode < 0 || ResetMode > 2) begin : gen_err_reset_mode
    `NRN_PARAM_ERROR("nrn_truenorth: ResetMode must be in [0,2]")
  end
  if (NegSaturate < 0 || NegSaturate > 1) begin : gen_err_neg_saturate
    `NRN_PARAM_ERROR("nrn_truenorth: NegSaturate must be 0 or 1")
  end
  if (VReset < -524287 || VReset > 524287) begin : gen_err_v_reset
    `NRN_PARAM_ERROR("nrn_truenorth: VReset must be in [-524287,524287]")
  end
  if (PrnSeed < 1) begin : gen_err_seed
    `NRN_PARAM_ERROR("nrn_truenorth: PrnSeed must be in [1,2147483647]")
  end

  localparam int PrnLeap = 32;  // LFSR steps per clock: 32 fresh bits per tick
  localparam logic [31:0] PrnTaps = `SC_LFSR_TAPS(32);
  localparam logic [31:0] Seed32  = PrnSeed;
  localparam logic [31:0] Leak32  = Leak;
  localparam logic [31:0] LeakAbs32 = (Leak < 0) ? -Leak : Leak;
  localparam logic [31:0] Thr32   = Threshold;
  localparam logic [31:0] NegThr32 = NegThreshold;
  localparam logic [31:0] VRst32  = VReset;
  localparam logic [31:0] NegVRst32 = -VReset;
  localparam logic [31:0] EtaMask32 = (32'd1 << ThresholdMaskBits) - 32'd1;

  localparam logic signed [21:0] LeakS   = $signed(Leak32[21:0]);
  localparam logic        [7:0]  LeakAbs = LeakAbs32[7:0];
  localparam logic signed [21:0] LeakSgn = (Leak > 0) ? 22'sd1 : ((Leak < 0) ? -22'sd1 : 22'sd0);
  localparam logic signed [21:0] ThrS    = $signed({4'b0000, Thr32[17:0]});
  localparam logic signed [21:0] NegThrS = $signed({4'b0000, NegThr32[17:0]});
  localparam logic signed [21:0] VRstS   = $signed(VRst32[21:0]);
  localparam logic signed [21:0] NegVRstS = $signed(NegVRst32[21:0]);
  localparam logic        [16:0] EtaMask = EtaMask32[16:0];
  localparam logic signed [21:0] VMax    = 22'sd524287;   //  2^19 - 1
  localparam logic signed [21:0] VMin    = -22'sd524288;  // -2^19

  function automatic logic [31:0] prn_leap(input logic [31:0] s);
    logic [31:0] x;
    x = s;
    for (int k = 0; k < PrnLeap; k++) begin
      x = {x[30:0], ^(x & PrnTaps)};
    end
    prn_leap = x;
  endfunction

  logic        [31:0] prn_q, prn_d;
  logic signed [19:0] v_q, v_d;
  logic               spike_q, spike_d;

  logic signed [21:0] v1, lk, v_rev_p, v_rev_n, v2, v3, eta, thr_pos, thr_neg;
  logic               fire, below;
  logic        [7:0]  draw_leak;
  logic        [16:0] draw_thr;
  logic signed [19:0] v3_w, v_lin_pos, v_lin_neg, v_floor, v_rst, v_neg_rst;

  assign prn_d = prn_leap(prn_q);

  assign v1 = 22'(v_q) + 22'(weighted_input_i);

  // leak of the tick (deterministic, or sgn(Leak) when the draw s[31:24] <= |Leak|)
  assign draw_leak = prn_q[31:24];
  assign lk = (StochasticLeak == 1) ? ((draw_leak <= LeakAbs) ? LeakSgn : 22'sd0) : LeakS;

  // leak integration, with reversal: towards (lk < 0) or away from (lk > 0) zero, never across it
  assign v_rev_p = v1 + lk;
  assign v_rev_n = v1 - lk;
  always_comb begin
    v2 = v_rev_p;
    if (LeakReversal == 1) begin
      if (v1 > 22'sd0) begin
        v2 = (v_rev_p < 22'sd0) ? 22'sd0 : v_rev_p;
      end else if (v1 < 22'sd0) begin
        v2 = (v_rev_n > 22'sd0) ? 22'sd0 : v_rev_n;
      end else begin
        v2 = 22'sd0;
      end
    end
  end

  assign v3 = (v2 > VMax) ? VMax : ((v2 < VMin) ? VMin : v2);

  assign draw_thr = prn_q[16:0];
  assign eta      = $signed({5'b00000, draw_thr & EtaMask});
  assign thr_pos = ThrS + eta;     // < 2^18 + 2^17: positive
  assign thr_neg = NegThrS + eta;
  assign fire    = v3 >= thr_pos;
  assign below   = (NegSaturate == 1) ? (v3 < -NegThrS) : (v3 < -thr_neg);

  // every candidate fits 20 bits (see the header): the selects drop sign copies only
  assign v3_w      = v3[19:0];
  assign v_lin_pos = 20'(v3 - thr_pos);
  assign v_lin_neg = 20'(v3 + thr_neg);
  assign v_floor   = 20'(-NegThrS);
  assign v_rst     = VRstS[19:0];
  assign v_neg_rst = NegVRstS[19:0];

  always_comb begin
    v_d     = v3_w;
    spike_d = 1'b0;
    if (fire) begin
      spike_d = 1'b1;
      unique case (ResetMode)
        0:       v_d = v_rst;
        1:       v_d = v_lin_pos;
        default: v_d = v3_w;
      endcase
    end else if (below) begin
      if (NegSaturate == 1) begin
        v_d = v_floor;
      end else begin
        unique case (ResetMode)
          0:       v_d = v_neg_rst;
          1:       v_d = v_lin_neg;
          default: v_d = v3_w;
        endcase
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      prn_q   <= Seed32;
      v_q     <= '0;
      spike_q <= 1'b0;
    end else begin
      prn_q   <= prn_d;
      v_q     <= v_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;
  assign v_o     = v_q;

  // bits 23..17 of the state are drawn by no mode; v3's top bits are sign copies after the saturation
  logic unused_bits;
  assign unused_bits = ^{prn_q[23:17], v3[21:20], Leak32[31:22], LeakAbs32[31:8], Thr32[31:18],
                         NegThr32[31:18], VRst32[31:22], NegVRst32[31:22], EtaMask32[31:17]};

endmodule
