// nrn_sc_lif -- stochastic leaky integrate-and-fire core: Q8.8 LIF with noise from an on-chip LFSR.
//
// StochasticLIFNeuron (golden/models/core_sc/stochastic_lif.py) in fixed point, its Gaussian noise
// noise_std * sqrt(dt) * xi replaced by +-NoiseAmp chosen by bit 0 of an sc_lfsr instance that advances every
// clock. Bit-true model: golden/fixed/sc_lif_unit.py (ScLIFUnit, with golden.fixed.lfsr.Lfsr); parameter
// defaults converted from the float model's by its CORE_PARAMS (rtl/include/nrn_formats.svh).
//
// Format: Q8.8 (16-bit signed, raw two's complement) on i_i, v_o, noise_o, VRest, VReset, VThreshold, GainK,
// NoiseAmp; LeakK = dt/tau_mem in UQ1.8, [1, 256].
//
//   b      = lfsr_state[0]                        the LFSR state during this cycle (it advances at the edge)
//   noise  = b ? +NoiseAmp : -NoiseAmp
//   if (refractory counter != 0):  counter -= 1;  v <= VRest;  no spike
//   else:
//     v_next = sat16(v + rnd((VRest - v) * LeakK) + rnd(i * GainK) + noise)    rnd(x) = (x + 128) >>> 8
//     v_next >= VThreshold (signed) ? (spike, v <= VReset, counter <= RefractoryCycles) : v <= v_next
//   noise_o <= noise                                   (every cycle, refractory or not)
//
// rnd is round half up of the Q16.16 products; the membrane SATURATES at the Q8.8 range (no wrap). No runtime
// multiplier: LeakK and GainK are parameters (constant-coefficient products, a shift at the default GainK).
// Noise distribution: +-A with A = NoiseAmp / 256, mean A / (2^LfsrWidth - 1), variance A^2 (1 - 1/P^2) with
// P = 2^LfsrWidth - 1, autocorrelation -1/P at every non-zero lag (one m-sequence bit per clock: white).
//
//   sc_lfsr --state[0]--> (+-NoiseAmp) ------------------------+--> noise_q --> noise_o
//                                                             |
//   i_i --rnd(x GainK)--+                                     |
//   VRest - v --rnd(x LeakK)--(+)-- v_q --(+)<-----------------+
//                                         |
//                                       sat16 --(>= VThreshold)--> spike_q ; v_d (VRest / VReset / v_next)
//
// Latency: spike_o, v_o, noise_o are registered (the update of the previous cycle's inputs and LFSR state).
// Reset: asynchronous, active low; v = VRest, counter = 0, spike = 0, noise_o = 0, LFSR = LfsrSeed.
`include "nrn_sc_lif_params.svh"
`include "nrn_elab.svh"
`include "sc_lfsr_taps.svh"

module nrn_sc_lif #(
  parameter int          VRest            = `NRN_SC_LIF_VREST,             // Q8.8 raw, 16-bit signed
  parameter int          VReset           = `NRN_SC_LIF_VRESET,            // Q8.8 raw, < VThreshold
  parameter int          VThreshold       = `NRN_SC_LIF_VTHRESHOLD,        // Q8.8 raw, 16-bit signed
  parameter int          LeakK            = `NRN_SC_LIF_LEAK_K,            // [1,256] dt/tau_mem in UQ1.8
  parameter int          GainK            = `NRN_SC_LIF_GAIN_K,            // Q8.8 raw R*dt, 16-bit signed
  parameter int          NoiseAmp         = `NRN_SC_LIF_NOISE_AMP,         // [0,32767] Q8.8 noise_std*sqrt(dt)
  parameter int          RefractoryCycles = `NRN_SC_LIF_REFRACTORY_CYCLES, // [0,65535] cycles held at VRest
  parameter int          LfsrWidth        = `NRN_SC_LIF_LFSR_WIDTH,        // [3,32] noise LFSR width
  parameter logic [31:0] LfsrSeed         = `SC_LFSR_SEED(LfsrWidth),      // non-zero, fits LfsrWidth bits
  parameter int          LfsrForm         = `SC_LFSR_FIBONACCI             // [0,1] Fibonacci / Galois
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [15:0] i_i,      // input current, Q8.8
  output logic               spike_o,
  output logic signed [15:0] v_o,      // membrane potential, Q8.8
  output logic signed [15:0] noise_o   // the noise sample of the last update, Q8.8 (+-NoiseAmp)
);

  localparam int RefWidth = (RefractoryCycles > 0) ? $clog2(RefractoryCycles + 1) : 1;

  // Legal parameter ranges, checked at elaboration (the LFSR checks its own width, seed and form).
  if (VRest < -32768 || VRest > 32767 || VReset < -32768 || VReset > 32767 || VThreshold < -32768 ||
      VThreshold > 32767 || GainK < -32768 || GainK > 32767) begin : gen_err_q88
    `NRN_PARAM_ERROR("nrn_sc_lif: VRest, VReset, VThreshold, GainK must fit Q8.8")
  end
  if (VReset >= VThreshold) begin : gen_err_reset
    `NRN_PARAM_ERROR("nrn_sc_lif: VReset must be < VThreshold")
  end
  if (LeakK < 1 || LeakK > 256) begin : gen_err_leak
    `NRN_PARAM_ERROR("nrn_sc_lif: LeakK must be in [1,256]")
  end
  if (NoiseAmp < 0 || NoiseAmp > 32767) begin : gen_err_noise
    `NRN_PARAM_ERROR("nrn_sc_lif: NoiseAmp must be in [0,32767]")
  end
  if (RefractoryCycles < 0 || RefractoryCycles > 65535) begin : gen_err_ref
    `NRN_PARAM_ERROR("nrn_sc_lif: RefractoryCycles must be in [0,65535]")
  end

  localparam logic [31:0] VRest32  = VRest;
  localparam logic [31:0] VReset32 = VReset;
  localparam logic [31:0] VThr32   = VThreshold;
  localparam logic [31:0] Leak32   = LeakK;
  localparam logic [31:0] Gain32   = GainK;
  localparam logic [31:0] Noise32  = NoiseAmp;
  localparam logic [31:0] Ref32    = RefractoryCycles;
  localparam logic signed [15:0] VRestW  = VRest32[15:0];
  localparam logic signed [15:0] VResetW = VReset32[15:0];
  localparam logic signed [15:0] VThrW   = VThr32[15:0];
  localparam logic signed [26:0] LeakKS  = $signed({17'b0, Leak32[9:0]});
  localparam logic signed [31:0] GainKS  = $signed({{16{Gain32[15]}}, Gain32[15:0]});
  localparam logic signed [15:0] NoiseP  = Noise32[15:0];
  localparam logic signed [15:0] NoiseN  = -NoiseP;
  localparam logic [RefWidth-1:0] RefLoad = Ref32[RefWidth-1:0];
  localparam logic [RefWidth-1:0] RefOne  = {{(RefWidth - 1){1'b0}}, 1'b1};
  localparam logic [RefWidth-1:0] RefZero = '0;

  logic [LfsrWidth-1:0] lfsr_state;

  sc_lfsr #(
    .Width(LfsrWidth),
    .Seed (LfsrSeed),
    .Form (LfsrForm)
  ) u_lfsr (
    .clk_i,
    .rst_ni,
    .en_i   (1'b1),
    .state_o(lfsr_state)
  );

  logic signed [15:0]  v_q, v_d, noise_q, noise;
  logic [RefWidth-1:0] ref_q, ref_d;
  logic                spike_q, spike_d;

  logic signed [16:0] diff;
  logic signed [26:0] leak_prod;
  logic signed [31:0] in_prod;
  logic signed [24:0] v_sum;
  logic               sat_hi, sat_lo, in_refractory;
  logic signed [15:0] v_sat;

  assign noise     = lfsr_state[0] ? NoiseP : NoiseN;
  assign diff      = {VRestW[15], VRestW} - {v_q[15], v_q};
  assign leak_prod = 27'(diff) * LeakKS + 27'sd128;     // |.| <= 65535 * 256 + 128 < 2^26
  assign in_prod   = 32'(i_i) * GainKS + 32'sd128;      // |.| <= 2^30 + 128
  assign v_sum     = 25'(v_q) + 25'($signed(leak_prod[26:8])) + 25'($signed(in_prod[31:8])) + 25'(noise);
  assign sat_hi    = !v_sum[24] && (v_sum[23:15] != 9'h000);
  assign sat_lo    = v_sum[24] && (v_sum[23:15] != 9'h1FF);
  assign v_sat     = sat_hi ? 16'sh7FFF : (sat_lo ? 16'sh8000 : v_sum[15:0]);
  assign in_refractory = (ref_q != RefZero);

  always_comb begin
    v_d     = v_sat;
    ref_d   = RefZero;  // outside the refractory period the counter is already 0
    spike_d = 1'b0;
    if (in_refractory) begin
      v_d   = VRestW;
      ref_d = ref_q - RefOne;
    end else if (v_sat >= VThrW) begin
      v_d     = VResetW;
      ref_d   = RefLoad;
      spike_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= VRestW;
      ref_q   <= RefZero;
      spike_q <= 1'b0;
      noise_q <= 16'sd0;
    end else begin
      v_q     <= v_d;
      ref_q   <= ref_d;
      spike_q <= spike_d;
      noise_q <= noise;
    end
  end

  assign spike_o = spike_q;
  assign v_o     = v_q;
  assign noise_o = noise_q;

  // Fraction bits under the rounding shifts, the LFSR bits other than bit 0 and the high parameter words are
  // not results.
  logic unused_bits;
  assign unused_bits = ^{leak_prod[7:0], in_prod[7:0], lfsr_state, VRest32[31:16], VReset32[31:16],
                         VThr32[31:16], Leak32[31:10], Gain32[31:16], Noise32[31:16], Ref32};

endmodule
