// nrn_adex -- adaptive exponential integrate-and-fire neuron (AdEx, Brette & Gerstner 2005), one
// forward-Euler step of dt per clock, bit-true to golden/fixed/adex_unit.py (AdExNeuron with order=1 in
// fixed point). dt is folded into the gains; every parameter is the conversion of the float model's
// physical parameters through adex_unit.CORE_PARAMS (defaults: the NRN_ADEX_* macros of nrn_formats.svh).
//
// Formats (raw two's complement): v, ELeak, VT, VReset, VPeak Q8.16 mV; w, WJump Q16.12 pA; i_i Q16.4 pA;
// GLeak = dt g_L/C UQ0.20; KCur = dt/C UQ0.24 mV/pA; KExp = log2(e)/Delta_T UQ2.16 1/mV;
// LogGain = log2(dt g_L Delta_T/C) + 36, Q8.16; KAdapt = dt a/tau_w Q1.20 pA/mV; KDecay = dt/tau_w UQ0.24.
//
// One clock (>>> is an arithmetic shift = floor; accumulators at 36 fraction bits):
//
//   d     = v - ELeak
//   y     = ((KExp * (v - VT)) >>> 16) + LogGain       base-2 exponent of the exp term, 16 fraction bits
//   k, j  = y >>> 16, y[15:10]                         integer part (a shift), top 6 fraction bits (index)
//   E     = k < 0 ? 0 : k > 44 ? 2^45 : ({1, EXP2_TABLE[j]} << k) >> 16     dt g_L Delta_T/C exp(x), 2^-36 mV
//   acc_v = E - GLeak * d + KCur * ((i << 8) - w)
//   vp    = v + ((acc_v + 2^19) >>> 20)                round half up to Q8.16
//   acc_w = KAdapt * d - KDecay * w
//   wn    = w + ((acc_w + 2^23) >>> 24)                round half up to Q16.12
//   vp >= VPeak  ->  spike, v <- VReset, w <- sat(wn + WJump)
//   else             v <- max(vp, -2^23), w <- sat(wn)       (sat: to the 28 bits of w)
//
//   v_q --+--> (v - ELeak) = d --+--> GLeak*d ----------\
//         |                     +--> KAdapt*d ---\      +--> acc_v --> vp --> >= VPeak? --> v_d, spike_d
//         +--> KExp*(v - VT) -> y -> k, j -> EXP2 << k -> E   |
//   i_i, w_q --> (i << 8) - w --> KCur*(...) -----------------/
//   w_q --> KDecay*w -> acc_w -> wn -> (+ WJump on a spike) -> sat -> w_d
//
// The exp table (rtl/include/nrn_adex_exp2.svh, 64 x 16 bits, 2^f at each segment's midpoint) is generated
// by `python -m golden.gen.adex_table` and is the same for every parameter set.
// Overflow: every sum is sized for the whole range of its operands' formats (no wrap anywhere); E saturates at
// 2^45 (512 mV in one step: the step fires); v saturates at -128 mV (vp < VPeak bounds it above); w saturates
// to its 28 bits. Five constant-coefficient products (RTL parameters), no runtime multiplier: the membrane's
// three are `*` (SB_MAC16 on a UP5K with DSPs), the adaptation's two are explicit shift-and-add.
// Latency: spike_o, v_o, w_o are registered: the state after the step with the previous cycle's i_i.
// Reset: asynchronous, active low: v = ELeak, w = 0, spike = 0 (the float model's initial state).
`include "nrn_elab.svh"
`include "nrn_adex_params.svh"

module nrn_adex #(
  parameter int ELeak   = `NRN_ADEX_ELEAK,     // [-2^23, 2^23) Q8.16 mV, leak reversal E_L (reset value of v)
  parameter int VT      = `NRN_ADEX_VT,        // [-2^23, 2^23) Q8.16 mV, V_T of the exponential
  parameter int VReset  = `NRN_ADEX_VRESET,    // [-2^23, VPeak) Q8.16 mV, V_r
  parameter int VPeak   = `NRN_ADEX_VPEAK,     // (VT, 2^23) Q8.16 mV, spike cut-off V_peak
  parameter int GLeak   = `NRN_ADEX_GLEAK,     // [0, 2^20) UQ0.20, dt g_L/C
  parameter int KCur    = `NRN_ADEX_KCUR,      // [0, 2^24) UQ0.24 mV/pA, dt/C
  parameter int KExp    = `NRN_ADEX_KEXP,      // [0, 2^18) UQ2.16 1/mV, log2(e)/Delta_T
  parameter int LogGain = `NRN_ADEX_LOG_GAIN,  // [-2^23, 2^23) Q8.16, log2(dt g_L Delta_T/C) + 36
  parameter int KAdapt  = `NRN_ADEX_KADAPT,    // [-2^20, 2^20) Q1.20 pA/mV, dt a/tau_w
  parameter int KDecay  = `NRN_ADEX_KDECAY,    // [0, 2^24) UQ0.24, dt/tau_w
  parameter int WJump   = `NRN_ADEX_WJUMP      // [-2^27, 2^27) Q16.12 pA, spike-triggered increment b
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [19:0] i_i,      // input current, Q16.4 pA
  output logic               spike_o,
  output logic signed [23:0] v_o,      // membrane potential, Q8.16 mV
  output logic signed [27:0] w_o       // adaptation current, Q16.12 pA
);

  if (ELeak < -(2 ** 23) || ELeak >= 2 ** 23) begin : gen_err_eleak
    `NRN_PARAM_ERROR("nrn_adex: ELeak must be in [-2^23, 2^23)")
  end
  if (VT < -(2 ** 23) || VT >= 2 ** 23) begin : gen_err_vt
    `NRN_PARAM_ERROR("nrn_adex: VT must be in [-2^23, 2^23)")
  end
  if (VPeak <= VT || VPeak >= 2 ** 23) begin : gen_err_vpeak
    `NRN_PARAM_ERROR("nrn_adex: VPeak must be in (VT, 2^23)")
  end
  if (VReset < -(2 ** 23) || VReset >= VPeak) begin : gen_err_vreset
    `NRN_PARAM_ERROR("nrn_adex: VReset must be in [-2^23, VPeak)")
  end
  if (GLeak < 0 || GLeak >= 2 ** 20) begin : gen_err_gleak
    `NRN_PARAM_ERROR("nrn_adex: GLeak must be in [0, 2^20)")
  end
  if (KCur < 0 || KCur >= 2 ** 24) begin : gen_err_kcur
    `NRN_PARAM_ERROR("nrn_adex: KCur must be in [0, 2^24)")
  end
  if (KExp < 0 || KExp >= 2 ** 18) begin : gen_err_kexp
    `NRN_PARAM_ERROR("nrn_adex: KExp must be in [0, 2^18)")
  end
  if (LogGain < -(2 ** 23) || LogGain >= 2 ** 23) begin : gen_err_loggain
    `NRN_PARAM_ERROR("nrn_adex: LogGain must be in [-2^23, 2^23)")
  end
  if (KAdapt < -(2 ** 20) || KAdapt >= 2 ** 20) begin : gen_err_kadapt
    `NRN_PARAM_ERROR("nrn_adex: KAdapt must be in [-2^20, 2^20)")
  end
  if (KDecay < 0 || KDecay >= 2 ** 24) begin : gen_err_kdecay
    `NRN_PARAM_ERROR("nrn_adex: KDecay must be in [0, 2^24)")
  end
  if (WJump < -(2 ** 27) || WJump >= 2 ** 27) begin : gen_err_wjump
    `NRN_PARAM_ERROR("nrn_adex: WJump must be in [-2^27, 2^27)")
  end

`include "nrn_adex_exp2.svh"

  localparam int KMax = 44;  // largest exponent shift; above it E saturates at 2^(KMax + 1)

  // the parameters at their widths (signed; the unsigned gains get a zero sign bit)
  localparam logic signed [23:0] ElS  = 24'(ELeak);
  localparam logic signed [23:0] VtS  = 24'(VT);
  localparam logic signed [23:0] VrS  = 24'(VReset);
  localparam logic signed [34:0] VpS  = 35'(VPeak);
  localparam logic signed [20:0] GlS  = 21'(GLeak);
  localparam logic signed [24:0] KcS  = 25'(KCur);
  localparam logic signed [18:0] KeS  = 19'(KExp);
  localparam logic signed [28:0] LgS  = 29'(LogGain);
  localparam logic signed [30:0] WjS  = 31'(WJump);
  localparam logic signed [53:0] VRound = 54'sd1 <<< 19;
  localparam logic signed [52:0] WRound = 53'sd1 <<< 23;
  localparam logic signed [34:0] VMin = -(35'sd1 <<< 23);
  localparam logic signed [30:0] WMin = -(31'sd1 <<< 27);
  localparam logic signed [30:0] WMax = (31'sd1 <<< 27) - 31'sd1;

  logic signed [23:0] v_q, v_d;
  logic signed [27:0] w_q, w_d;
  logic               spike_q, spike_d;

  // exponential term
  logic signed [24:0] d, dvt;
  logic signed [43:0] ky;
  logic signed [28:0] y;
  logic signed [12:0] k;
  logic        [5:0]  j;
  logic        [16:0] mant;
  logic        [60:0] e_sh;
  logic signed [46:0] e;
  assign d    = 25'(v_q) - 25'(ElS);
  assign dvt  = 25'(v_q) - 25'(VtS);
  assign ky   = 44'(KeS) * 44'(dvt);                 // |ky| < 2^42
  assign y    = 29'(ky >>> 16) + LgS;                // |y| < 2^27
  assign k    = y[28:16];
  assign j    = y[15:10];
  assign mant = {1'b1, EXP2_TABLE[16 * j +: 16]};
  assign e_sh = 61'(mant) << k[5:0];                 // k <= 44 where used: < 2^61

  always_comb begin
    if (k < 13'sd0) begin
      e = '0;
    end else if (k > 13'(KMax)) begin
      e = 47'sd1 <<< (KMax + 1);
    end else begin
      e = $signed({2'b00, e_sh[60:16]});
    end
  end

  // membrane potential
  logic signed [28:0] cur;
  logic signed [45:0] gl_d;
  logic signed [53:0] kc_cur, acc_v;
  logic signed [34:0] dv, vp;
  assign cur    = 29'($signed({i_i, 8'b0})) - 29'(w_q);      // (I - w), Q17.12 pA
  assign gl_d   = 46'(GlS) * 46'(d);                 // |.| < 2^44
  assign kc_cur = 54'(KcS) * 54'(cur);               // |.| < 2^52
  assign acc_v  = 54'(e) - 54'(gl_d) + kc_cur;       // |.| < 2^53 - 2^19
  assign dv     = 35'((acc_v + VRound) >>> 20);
  assign vp     = 35'(v_q) + dv;

  // adaptation current. Its two constant products are sums of shifted copies over the constant's set bits,
  // exact and kept in LUTs on every target: as `*` they would take 4 of the UP5K's 8 SB_MAC16 (each product
  // with a 25..28-bit operand splits in two), and the membrane's three products already take 6.
  localparam logic [23:0] KdBits = 24'(KDecay);
  localparam int          KaAbs  = KAdapt < 0 ? -KAdapt : KAdapt;
  localparam logic [20:0] KaBits = 21'(KaAbs);      // |KAdapt| <= 2^20

  function automatic logic signed [52:0] times_kdecay(input logic signed [27:0] x);
    times_kdecay = '0;
    for (int b = 0; b < 24; b++) begin
      if (KdBits[b]) times_kdecay = times_kdecay + (53'(x) <<< b);
    end
  endfunction

  function automatic logic signed [45:0] times_kadapt(input logic signed [24:0] x);
    times_kadapt = '0;
    for (int b = 0; b < 21; b++) begin
      if (KaBits[b]) times_kadapt = times_kadapt + (46'(x) <<< b);
    end
    if (KAdapt < 0) times_kadapt = -times_kadapt;
  endfunction

  logic signed [45:0] ka_d;
  logic signed [52:0] kd_w, acc_w;
  logic signed [30:0] dw, wn, wj;
  assign ka_d  = times_kadapt(d);                    // KAdapt * d, |.| < 2^44
  assign kd_w  = times_kdecay(w_q);                  // KDecay * w, |.| <= 2^51
  assign acc_w = 53'(ka_d) - kd_w;                   // |.| < 2^52 - 2^23
  assign dw    = 31'((acc_w + WRound) >>> 24);
  assign wn    = 31'(w_q) + dw;

  always_comb begin
    spike_d = vp >= VpS;
    wj      = spike_d ? wn + WjS : wn;               // |.| < 2^30
    if (spike_d) begin
      v_d = VrS;
    end else if (vp < VMin) begin
      v_d = VMin[23:0];
    end else begin
      v_d = vp[23:0];
    end
    if (wj < WMin) begin
      w_d = WMin[27:0];
    end else if (wj > WMax) begin
      w_d = WMax[27:0];
    end else begin
      w_d = wj[27:0];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= ElS;
      w_q     <= '0;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      w_q     <= w_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;
  assign v_o     = v_q;
  assign w_o     = w_q;

  logic unused_bits;
  assign unused_bits = ^{y[9:0], k[12:6], e_sh[15:0], VMin[34:24], WMin[30:28], WMax[30:28]};

endmodule
