// nrn_homeostatic_lif -- leaky integrate-and-fire core with a homeostatic threshold, one update per clock.
//
// HomeostaticLIFNeuron (golden/models/core_sc/homeostatic_lif.py) in fixed point: the threshold theta is a state
// variable, moved every step by an integral controller on a low-pass firing-rate estimate r toward the set point
// Target (Turrigiano-style homeostasis of intrinsic excitability), and clamped to [ThetaMin, ThetaMax].
// Bit-true model: golden/fixed/homeostatic_lif_unit.py (HomeostaticLIFUnit); parameter defaults converted from
// the float model's defaults by its CORE_PARAMS (rtl/include/nrn_formats.svh).
//
// Formats (raw two's complement): v, i_i, VRest, VReset, Theta0/Min/Max, GainK: Q8.8 (16-bit signed);
// theta: Q8.24 (32-bit signed, the Q8.8 threshold with 16 more fraction bits so that eta * (r - Target), about
// 1e-3 LSB of Q8.8 per step, accumulates); r, Target: UQ1.16 (17-bit unsigned, spikes/step, [0, 1.0]);
// LeakK = dt/tau_mem: UQ1.8 in [1, 256].
//
//   if (refractory counter != 0):  counter -= 1;  v <= VRest;  spike = 0
//   else:
//     v_next = sat16(v + (((VRest - v) * LeakK) >>> 8) + ((i * GainK) >>> 8))   floor shifts, SATURATED to Q8.8
//     spike  = {v_next, 16'b0} >= theta        (signed; the exact real comparison v_next >= theta)
//     spike ? (v <= VReset, counter <= RefractoryCycles) : v <= v_next
//   r_next  = r - (r >> TraceShift) + (spike ? 2^(16 - TraceShift) : 0)   decay 1 - 2^-TraceShift (floor), exact,
//                                                                        never above 1.0 (17 bits, no overflow)
//   theta   = clamp(theta + (({r_next - Target, 8'b0}) >>> EtaShift),     eta = 2^-EtaShift, floor shift
//                   ThetaMin << 16, ThetaMax << 16)                       saturation at the bounds (33-bit sum)
//
// The spike is decided on the OLD theta, r updated with it, theta with the NEW r (the float kernel's order).
// No runtime multiplier: LeakK and GainK are parameters (constant-coefficient products = shift-add trees, a
// plain shift at the default GainK = 256), the trace decay and the learning rate are shifts. v saturates
// instead of wrapping, so that a large drive still fires as in the float model; theta saturates at its bounds.
//
//   i_i --(x GainK)>>>8 --+
//   VRest - v --(x LeakK)>>>8 --(+)-- v_q       theta_q        r_q --(- r>>k)--(+ spike<<(16-k))-- r_next
//                            |                    |                                                 |
//                          sat16 --({v,0} >= )----+-- spike --------------------------------------+  |
//                            |                    |                                                 |
//                          v_d (VRest / VReset)   +--(+ ((r_next - Target) << 8) >>> m)-- clamp -- theta_d
//
// Latency: every output is registered; spike_o, v_o, threshold_o, rate_o show the state after the inputs of the
// previous cycle. Reset: asynchronous, active low; v = VRest, counter = 0, spike = 0, r = 0,
// theta = Theta0 << 16.
`include "nrn_homeostatic_lif_params.svh"
`include "nrn_elab.svh"

module nrn_homeostatic_lif #(
  parameter int VRest            = `NRN_HOMEOSTATIC_LIF_VREST,            // Q8.8 raw, 16-bit signed
  parameter int VReset           = `NRN_HOMEOSTATIC_LIF_VRESET,           // Q8.8 raw, < ThetaMin
  parameter int Theta0           = `NRN_HOMEOSTATIC_LIF_THETA0,            // Q8.8 raw, [ThetaMin,ThetaMax]
  parameter int ThetaMin         = `NRN_HOMEOSTATIC_LIF_THETA_MIN,         // Q8.8 raw, 16-bit signed
  parameter int ThetaMax         = `NRN_HOMEOSTATIC_LIF_THETA_MAX,         // Q8.8 raw, >= ThetaMin
  parameter int LeakK            = `NRN_HOMEOSTATIC_LIF_LEAK_K,            // [1,256] dt/tau_mem in UQ1.8
  parameter int GainK            = `NRN_HOMEOSTATIC_LIF_GAIN_K,            // Q8.8 raw R*dt, 16-bit signed
  parameter int RefractoryCycles = `NRN_HOMEOSTATIC_LIF_REFRACTORY_CYCLES, // [0,65535] cycles held at VRest
  parameter int TraceShift       = `NRN_HOMEOSTATIC_LIF_TRACE_SHIFT,       // [0,16] rate decay 1 - 2^-k
  parameter int EtaShift         = `NRN_HOMEOSTATIC_LIF_ETA_SHIFT,         // [0,24] learning rate 2^-m
  parameter int Target           = `NRN_HOMEOSTATIC_LIF_TARGET             // [0,65536] UQ1.16 spikes/step
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [15:0] i_i,          // input current, Q8.8
  output logic               spike_o,
  output logic signed [15:0] v_o,          // membrane potential, Q8.8
  output logic signed [31:0] threshold_o,  // adaptive threshold theta, Q8.24
  output logic        [16:0] rate_o        // firing-rate trace r, UQ1.16 (spikes/step)
);

  localparam int RefWidth = (RefractoryCycles > 0) ? $clog2(RefractoryCycles + 1) : 1;

  // Legal parameter ranges, checked at elaboration.
  if (VRest < -32768 || VRest > 32767 || VReset < -32768 || VReset > 32767 || Theta0 < -32768 ||
      Theta0 > 32767 || ThetaMin < -32768 || ThetaMin > 32767 || ThetaMax < -32768 || ThetaMax > 32767 ||
      GainK < -32768 || GainK > 32767) begin : gen_err_q88
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: VRest, VReset, Theta0, ThetaMin, ThetaMax, GainK must fit Q8.8")
  end
  if (ThetaMin > Theta0 || Theta0 > ThetaMax) begin : gen_err_theta
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: ThetaMin <= Theta0 <= ThetaMax is required")
  end
  if (VReset >= ThetaMin) begin : gen_err_reset
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: VReset must be < ThetaMin")
  end
  if (LeakK < 1 || LeakK > 256) begin : gen_err_leak
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: LeakK must be in [1,256]")
  end
  if (RefractoryCycles < 0 || RefractoryCycles > 65535) begin : gen_err_ref
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: RefractoryCycles must be in [0,65535]")
  end
  if (TraceShift < 0 || TraceShift > 16) begin : gen_err_trace
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: TraceShift must be in [0,16]")
  end
  if (EtaShift < 0 || EtaShift > 24) begin : gen_err_eta
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: EtaShift must be in [0,24]")
  end
  if (Target < 0 || Target > 65536) begin : gen_err_target
    `NRN_PARAM_ERROR("nrn_homeostatic_lif: Target must be in [0,65536]")
  end

  localparam logic [31:0] VRest32  = VRest;
  localparam logic [31:0] VReset32 = VReset;
  localparam logic [31:0] Theta032 = Theta0;
  localparam logic [31:0] ThMin32  = ThetaMin;
  localparam logic [31:0] ThMax32  = ThetaMax;
  localparam logic [31:0] Leak32   = LeakK;
  localparam logic [31:0] Gain32   = GainK;
  localparam logic [31:0] Ref32    = RefractoryCycles;
  localparam logic [31:0] Target32 = Target;
  localparam logic [31:0] Inc32    = 32'd1 << (16 - TraceShift);
  localparam logic signed [15:0] VRestW  = VRest32[15:0];
  localparam logic signed [15:0] VResetW = VReset32[15:0];
  localparam logic signed [26:0] LeakKS  = $signed({17'b0, Leak32[9:0]});
  localparam logic signed [31:0] GainKS  = $signed({{16{Gain32[15]}}, Gain32[15:0]});
  localparam logic signed [31:0] Theta0W = $signed({Theta032[15:0], 16'h0000});
  localparam logic signed [32:0] ThLo    = $signed({ThMin32[15], ThMin32[15:0], 16'h0000});
  localparam logic signed [32:0] ThHi    = $signed({ThMax32[15], ThMax32[15:0], 16'h0000});
  localparam logic        [16:0] TargetW = Target32[16:0];
  localparam logic        [16:0] RateInc = Inc32[16:0];
  localparam logic [RefWidth-1:0] RefLoad = Ref32[RefWidth-1:0];
  localparam logic [RefWidth-1:0] RefOne  = {{(RefWidth - 1){1'b0}}, 1'b1};
  localparam logic [RefWidth-1:0] RefZero = '0;

  logic signed [15:0]  v_q, v_d;
  logic [RefWidth-1:0] ref_q, ref_d;
  logic        [16:0]  r_q, r_d;
  logic signed [31:0]  th_q, th_d;
  logic                spike_q, spike_d;

  // membrane
  logic signed [16:0] diff;
  logic signed [26:0] leak_prod;
  logic signed [31:0] in_prod;
  logic signed [24:0] v_sum;
  logic               sat_hi, sat_lo;
  logic signed [15:0] v_sat;
  logic               in_refractory, fire;

  assign diff      = {VRestW[15], VRestW} - {v_q[15], v_q};
  assign leak_prod = 27'(diff) * LeakKS;                 // |.| <= 65535 * 256 < 2^26
  assign in_prod   = 32'(i_i) * GainKS;                  // |.| <= 2^30
  assign v_sum     = 25'(v_q) + 25'($signed(leak_prod[26:8])) + 25'($signed(in_prod[31:8]));  // |.| < 2^23
  assign sat_hi    = !v_sum[24] && (v_sum[23:15] != 9'h000);
  assign sat_lo    = v_sum[24] && (v_sum[23:15] != 9'h1FF);
  assign v_sat     = sat_hi ? 16'sh7FFF : (sat_lo ? 16'sh8000 : v_sum[15:0]);
  assign in_refractory = (ref_q != RefZero);
  assign fire      = $signed({v_sat, 16'h0000}) >= th_q;

  // rate trace and threshold
  logic        [16:0] r_dec;
  logic signed [17:0] err;
  logic signed [25:0] dth;
  logic signed [32:0] th_sum;

  assign r_dec  = r_q - (r_q >> TraceShift);
  assign r_d    = r_dec + (spike_d ? RateInc : 17'd0);     // <= 2^16: no overflow
  assign err    = $signed({1'b0, r_d}) - $signed({1'b0, TargetW});
  assign dth    = $signed({err, 8'h00}) >>> EtaShift;
  assign th_sum = 33'(th_q) + 33'(dth);

  always_comb begin
    v_d     = v_sat;
    ref_d   = RefZero;  // outside the refractory period the counter is already 0
    spike_d = 1'b0;
    if (in_refractory) begin
      v_d   = VRestW;
      ref_d = ref_q - RefOne;
    end else if (fire) begin
      v_d     = VResetW;
      ref_d   = RefLoad;
      spike_d = 1'b1;
    end
  end

  always_comb begin
    th_d = th_sum[31:0];
    if (th_sum < ThLo) begin
      th_d = ThLo[31:0];
    end else if (th_sum > ThHi) begin
      th_d = ThHi[31:0];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= VRestW;
      ref_q   <= RefZero;
      r_q     <= 17'd0;
      th_q    <= Theta0W;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      ref_q   <= ref_d;
      r_q     <= r_d;
      th_q    <= th_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o     = spike_q;
  assign v_o         = v_q;
  assign threshold_o = th_q;
  assign rate_o      = r_q;

  // Fraction bits under the floor shifts, the high parameter words and the sign of a LeakK word are not results.
  logic unused_bits;
  assign unused_bits = ^{leak_prod[7:0], in_prod[7:0], VRest32[31:16], VReset32[31:16], Theta032[31:16],
                         ThMin32[31:16], ThMax32[31:16], Leak32[31:10], Gain32[31:16], Ref32, Target32[31:17],
                         Inc32[31:17]};

endmodule
