// nrn_lif_lite -- leaky integrate-and-fire neuron core without multipliers, one membrane update per clock.
//
// nrn_lif with its two runtime DataWidth x DataWidth multipliers replaced by shifts: a power-of-two leak
// whose shift is a small runtime input (tau_m = 2^s steps) and a power-of-two or shift-add input gain fixed
// by parameters. Same threshold, reset and refractory semantics as nrn_lif, two's-complement wrap (no
// saturation). Bit-true model: golden/fixed/lif_lite.py (FixedPointLIFLiteNeuron). With a power-of-two gain,
// s <= FracBits and -FracBits <= GainShift <= DataWidth-2-FracBits it is bit-identical to nrn_lif with
// leak_k = 2^(FracBits-s) and gain_k = 2^(FracBits+GainShift).
//
// Format: signed fixed point Q(DataWidth-FracBits).FracBits on i_t_i, noise_i, v_o and the levels (Q8.8 by
// default), raw two's complement; leak_shift_i is an unsigned shift count s in [0, 2^LeakShiftWidth - 1].
//
//   sh(x, g) = g >= 0 ? x <<< g : x >>> -g                               (floor on right shifts)
//   if (refractory counter != 0):  counter -= 1;  v <= VRest;  no spike
//   else:
//     dv_leak = (VRest - v) >>> s                                         (DataWidth+1 bits, floor shift)
//     dv_in   = sh(i_t, GainShift) + Gain2Sign * sh(i_t, Gain2Shift)       (Gain2Sign in {-1, 0, +1})
//     v_next  = wrap_DataWidth(v + dv_leak + dv_in + noise)               two's-complement wrap
//     v_next >= VThreshold (signed) ? (spike, v <= VReset, counter <= RefractoryCycles) : v <= v_next
//
// Implementation (equal to the equations above for every input, proven by the testbenches): the leak is
// shifted BEFORE it is subtracted, so that no carry chain sits in front of the barrel shifter:
//   (VRest - v) >>> s  =  (VRest >>> s) - (v >>> s) - borrow,   borrow = (v mod 2^s) > (VRest mod 2^s)
// (write v = vh*2^s + vl and VRest = rh*2^s + rl with 0 <= vl, rl < 2^s: the floor of (rl - vl)/2^s is -1
// exactly when vl > rl). The minus borrow is the carry-in of the last adder, and VRest >>> s folds to 0
// for VRest = 0. The sum is a chain of two-operand adders (iCE40 carry chains; written as {x, 1'b0} +
// {y, 1'b0} so that Yosys does not merge them into a carry-save tree, which costs more LUT4s), and the
// threshold compare is the carry out of one more chain that ripples in the shadow of the last adder.
//
//   i_t_i --> sh(GainShift) +/- sh(Gain2Shift) = dv_in
//                             |
//   v_q ----------------->( + )----->( + )<---- noise_i + (VRest >>> s)
//                                      |
//   v_q --> (>>> s) --> ~ ---------->( + )<---- carry-in !borrow <-- (v_q mod 2^s) > (VRest mod 2^s)
//                                      |
//                                    v_next --> carry chain (>= VThreshold) --> fire
//                                      |
//   refractory != 0 ? VRest : (fire ? VReset : v_next) --> v_q      fire & !refractory --> spike_q
//
// Latency: spike_o and v_o are registered; they show the result of the inputs of the previous cycle.
// Reset: asynchronous, active low; v = VRest, counter = 0, spike = 0.
`include "nrn_formats.svh"
`include "nrn_elab.svh"

module nrn_lif_lite #(
  parameter int DataWidth        = `NRN_Q_WIDTH,              // [2,30] word length
  parameter int FracBits         = `NRN_Q_FRAC,               // [0,DataWidth-1] fraction bits (format only)
  parameter int VRest            = `NRN_LIF_V_REST,           // raw, must fit signed DataWidth bits
  parameter int VReset           = `NRN_LIF_V_RESET,          // raw, must fit signed DataWidth bits
  parameter int VThreshold       = `NRN_LIF_V_THRESHOLD,      // raw, must fit signed DataWidth bits
  parameter int RefractoryCycles = `NRN_LIF_REFRACTORY,       // [0,65535] cycles held at VRest
  parameter int LeakShiftWidth   = `NRN_LITE_SHIFT_BITS,  // [1,log2(DataWidth)] bits of leak_shift_i
  parameter int GainShift        = `NRN_LITE_GAIN_SHIFT,  // [-(DataWidth-1),DataWidth-1] gain 2^GainShift
  parameter int Gain2Shift       = `NRN_LITE_GAIN2_SHIFT, // [-(DataWidth-1),GainShift-1] second term
  parameter int Gain2Sign        = `NRN_LITE_GAIN2_SIGN   // [-1,1]: -/+ 2^Gain2Shift, 0 = no second term
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [LeakShiftWidth-1:0]   leak_shift_i,  // s: leak factor 2^-s per step
  input  logic signed [DataWidth-1:0] i_t_i,         // input current
  input  logic signed [DataWidth-1:0] noise_i,       // additive noise
  output logic                        spike_o,
  output logic signed [DataWidth-1:0] v_o
);

  localparam int RefWidth = (RefractoryCycles > 0) ? $clog2(RefractoryCycles + 1) : 1;
  localparam int WordMin  = -(2 ** (DataWidth - 1));
  localparam int WordMax  = 2 ** (DataWidth - 1) - 1;

  // Legal parameter ranges, checked at elaboration.
  if (DataWidth < 2 || DataWidth > 30) begin : gen_err_width
    `NRN_PARAM_ERROR("nrn_lif_lite: DataWidth must be in [2,30]")
  end
  if (FracBits < 0 || FracBits >= DataWidth) begin : gen_err_frac
    `NRN_PARAM_ERROR("nrn_lif_lite: FracBits must be in [0,DataWidth-1]")
  end
  if (VRest < WordMin || VRest > WordMax || VReset < WordMin || VReset > WordMax ||
      VThreshold < WordMin || VThreshold > WordMax) begin : gen_err_level
    `NRN_PARAM_ERROR("nrn_lif_lite: VRest, VReset and VThreshold must fit a signed DataWidth-bit word")
  end
  if (RefractoryCycles < 0 || RefractoryCycles > 65535) begin : gen_err_ref
    `NRN_PARAM_ERROR("nrn_lif_lite: RefractoryCycles must be in [0,65535]")
  end
  // every shift s < DataWidth: the borrow then only looks at bits of v
  if (LeakShiftWidth < 1 || LeakShiftWidth > 5 || (2 ** LeakShiftWidth) > DataWidth) begin : gen_err_leak
    `NRN_PARAM_ERROR("nrn_lif_lite: LeakShiftWidth must be >= 1 with 2^LeakShiftWidth <= DataWidth")
  end
  if (GainShift < -(DataWidth - 1) || GainShift > DataWidth - 1) begin : gen_err_gain
    `NRN_PARAM_ERROR("nrn_lif_lite: GainShift must be in [-(DataWidth-1),DataWidth-1]")
  end
  if (Gain2Sign < -1 || Gain2Sign > 1) begin : gen_err_gain2_sign
    `NRN_PARAM_ERROR("nrn_lif_lite: Gain2Sign must be -1, 0 or 1")
  end
  if (Gain2Sign != 0 && (Gain2Shift < -(DataWidth - 1) || Gain2Shift >= GainShift)) begin : gen_err_gain2
    `NRN_PARAM_ERROR("nrn_lif_lite: Gain2Shift must be in [-(DataWidth-1),GainShift-1]")
  end

  localparam logic [31:0] VRest32  = VRest;
  localparam logic [31:0] VReset32 = VReset;
  localparam logic [31:0] VThr32   = VThreshold;
  localparam logic [31:0] Ref32    = RefractoryCycles;
  localparam logic signed [DataWidth-1:0] VRestW  = VRest32[DataWidth-1:0];
  localparam logic signed [DataWidth-1:0] VResetW = VReset32[DataWidth-1:0];
  localparam logic        [DataWidth-1:0] VRestU  = VRest32[DataWidth-1:0];
  localparam logic        [DataWidth-1:0] SignBit = {1'b1, {(DataWidth - 1){1'b0}}};
  // signed v >= VThreshold  <=>  (v ^ SignBit) - (VThreshold ^ SignBit) >= 0 unsigned  <=>  carry out of
  // {0, v ^ SignBit} + (2^DataWidth - (VThreshold ^ SignBit))
  localparam logic        [DataWidth-1:0] VThrBiased = VThr32[DataWidth-1:0] ^ SignBit;
  localparam logic        [DataWidth:0]   ThrAddend  = {1'b1, {DataWidth{1'b0}}} - {1'b0, VThrBiased};
  localparam logic [RefWidth-1:0]         RefLoad = Ref32[RefWidth-1:0];
  localparam logic [31:0] One32 = 32'd1;
  localparam logic [RefWidth-1:0]         RefOne  = One32[RefWidth-1:0];
  localparam logic [RefWidth-1:0]         RefZero = '0;

  logic signed [DataWidth-1:0] v_q, v_d;
  logic [RefWidth-1:0]         ref_q, ref_d;
  logic                        spike_q, spike_d;

  logic signed [DataWidth-1:0] v_shr, rest_shr, gain_a, dv_in, v_next;
  logic        [DataWidth-1:0] low_mask;
  logic        [DataWidth:0]   acc1, acc2, acc3, cmp;
  logic                        borrow, fire, in_refractory;

  // Leak: (VRest - v) >>> s = (VRest >>> s) - (v >>> s) - borrow.
  assign v_shr    = v_q >>> leak_shift_i;
  assign rest_shr = VRestW >>> leak_shift_i;
  assign low_mask = ~({DataWidth{1'b1}} << leak_shift_i);
  assign borrow   = ($unsigned(v_q) & low_mask) > (VRestU & low_mask);

  // Input gain: 2^GainShift, plus or minus 2^Gain2Shift; the shifts are wiring.
  if (GainShift >= 0) begin : gen_gain_left
    assign gain_a = i_t_i <<< GainShift;
  end else begin : gen_gain_right
    assign gain_a = i_t_i >>> (-GainShift);
  end
  if (Gain2Sign == 0) begin : gen_gain_pow2
    assign dv_in = gain_a;
  end else begin : gen_gain_shift_add
    logic signed [DataWidth-1:0] gain_b;
    if (Gain2Shift >= 0) begin : gen_left
      assign gain_b = i_t_i <<< Gain2Shift;
    end else begin : gen_right
      assign gain_b = i_t_i >>> (-Gain2Shift);
    end
    if (Gain2Sign > 0) begin : gen_add
      assign dv_in = gain_a + gain_b;
    end else begin : gen_sub
      assign dv_in = gain_a - gain_b;
    end
  end

  // v + dv_in + (noise + (VRest >>> s)) + ~(v >>> s) + 1 - borrow, modulo 2^DataWidth.
  assign acc1   = {v_q, 1'b0} + {dv_in, 1'b0};
  assign acc2   = {acc1[DataWidth:1], 1'b0} + {noise_i + rest_shr, 1'b0};
  assign acc3   = {acc2[DataWidth:1], 1'b1} + {~v_shr, ~borrow};  // LSB 1 + ~borrow carries 1 - borrow
  assign v_next = acc3[DataWidth:1];

  assign cmp           = {1'b0, v_next ^ SignBit} + ThrAddend;
  assign fire          = cmp[DataWidth];
  assign in_refractory = (ref_q != RefZero);

  always_comb begin
    v_d     = v_next;
    ref_d   = RefZero;  // outside the refractory period the counter is already 0: no hold needed
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

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= VRestW;
      ref_q   <= RefZero;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      ref_q   <= ref_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;
  assign v_o     = v_q;

  // The adders' carry-in positions and the compare's sum bits are not results.
  logic unused_lsbs;
  assign unused_lsbs = ^{acc1[0], acc2[0], acc3[0], cmp[DataWidth-1:0]};

endmodule
