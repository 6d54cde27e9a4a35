// nrn_lif -- leaky integrate-and-fire neuron core, one membrane update per clock.
//
// Format: signed fixed point Q(DataWidth-FracBits).FracBits on every port (Q8.8 by default), raw two's
// complement. Bit-true model: golden/fixed/lif_q88.py (FixedPointLIFNeuron).
//
//   if (refractory counter != 0):  counter -= 1;  v <= VRest;  no spike
//   else:
//     dv_leak = ((VRest - v) * leak_k) >>> FracBits     (DataWidth+1) x DataWidth product, floor shift
//     dv_in   = (i_t * gain_k) >>> FracBits            DataWidth x DataWidth product, floor shift
//     v_next  = wrap_DataWidth(v + dv_leak + dv_in + noise)     two's-complement wrap, no saturation
//     v_next >= VThreshold (signed) ? (spike, v <= VReset, counter <= RefractoryCycles) : v <= v_next
//
//             leak_k_i        i_t_i  gain_k_i
//                |               |     |
//   VRest - v -->(x)>>>F   +----(x)>>>F
//                |         |
//   v_q ------->(+)<-------+<---- noise_i
//                |
//              wrap --> (>= VThreshold) --> spike_d
//                |                             |
//   refractory --+-- mux(VRest, VReset, v_next) --> v_q, spike_q
//
// Implementation: only product bits [FracBits+DataWidth-1:FracBits] reach the wrapped sum, so the products are
// formed at FracBits+DataWidth bits (exact modulo 2^(FracBits+DataWidth)); the sum is a chain of two-operand
// adders (written {x, 1'b0} + {y, 1'b0} so that Yosys keeps iCE40 carry chains instead of a carry-save tree),
// with the leak term, which comes last (VRest - v precedes its multiplier), added last.
//
// Latency: spike_o and v_o are registered; they show the result of the inputs of the previous cycle.
// Reset: asynchronous, active low; v = VRest, counter = 0, spike = 0.
`include "nrn_formats.svh"
`include "nrn_elab.svh"

module nrn_lif #(
  parameter int DataWidth        = `NRN_Q_WIDTH,         // [2,30] word length
  parameter int FracBits         = `NRN_Q_FRAC,          // [0,DataWidth-1] fraction bits
  parameter int VRest            = `NRN_LIF_V_REST,      // raw, must fit signed DataWidth bits
  parameter int VReset           = `NRN_LIF_V_RESET,     // raw, must fit signed DataWidth bits
  parameter int VThreshold       = `NRN_LIF_V_THRESHOLD, // raw, must fit signed DataWidth bits
  parameter int RefractoryCycles = `NRN_LIF_REFRACTORY   // [0,65535] cycles held at VRest
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic signed [DataWidth-1:0] leak_k_i,   // dt/tau_m
  input  logic signed [DataWidth-1:0] gain_k_i,   // input gain
  input  logic signed [DataWidth-1:0] i_t_i,      // input current
  input  logic signed [DataWidth-1:0] noise_i,    // additive noise
  output logic                        spike_o,
  output logic signed [DataWidth-1:0] v_o
);

  localparam int RefWidth  = (RefractoryCycles > 0) ? $clog2(RefractoryCycles + 1) : 1;
  localparam int ProdWidth = FracBits + DataWidth;
  localparam int WordMin   = -(2 ** (DataWidth - 1));
  localparam int WordMax   = 2 ** (DataWidth - 1) - 1;

  // Legal parameter ranges, checked at elaboration.
  if (DataWidth < 2 || DataWidth > 30) begin : gen_err_width
    `NRN_PARAM_ERROR("nrn_lif: DataWidth must be in [2,30]")
  end
  if (FracBits >= DataWidth) begin : gen_err_frac
    `NRN_PARAM_ERROR("nrn_lif: FracBits must be < DataWidth")
  end
  if (VRest < WordMin || VRest > WordMax || VReset < WordMin || VReset > WordMax ||
      VThreshold < WordMin || VThreshold > WordMax) begin : gen_err_level
    `NRN_PARAM_ERROR("nrn_lif: VRest, VReset and VThreshold must fit a signed DataWidth-bit word")
  end
  if (RefractoryCycles > 65535) begin : gen_err_ref
    `NRN_PARAM_ERROR("nrn_lif: RefractoryCycles must be in [0,65535]")
  end

  localparam logic [31:0] VRest32  = VRest;
  localparam logic [31:0] VReset32 = VReset;
  localparam logic [31:0] VThr32   = VThreshold;
  localparam logic [31:0] Ref32    = RefractoryCycles;
  localparam logic signed [DataWidth-1:0] VRestW  = VRest32[DataWidth-1:0];
  localparam logic signed [DataWidth-1:0] VResetW = VReset32[DataWidth-1:0];
  localparam logic signed [DataWidth-1:0] VThrW   = VThr32[DataWidth-1:0];
  localparam logic [RefWidth-1:0]         RefLoad = Ref32[RefWidth-1:0];
  localparam logic [31:0] One32 = 32'd1;
  localparam logic [RefWidth-1:0]         RefOne  = One32[RefWidth-1:0];
  localparam logic [RefWidth-1:0]         RefZero = '0;

  logic signed [DataWidth-1:0] v_q, v_d;
  logic [RefWidth-1:0]         ref_q, ref_d;
  logic                        spike_q, spike_d;

  logic signed [DataWidth:0]   diff;
  logic signed [ProdWidth-1:0] leak_prod, in_prod;
  logic        [DataWidth:0]   acc1, acc2, acc3;
  logic signed [DataWidth-1:0] v_next;
  logic                        in_refractory;

  assign diff      = {VRestW[DataWidth-1], VRestW} - {v_q[DataWidth-1], v_q};
  assign leak_prod = ProdWidth'(diff) * ProdWidth'(leak_k_i);
  assign in_prod   = ProdWidth'(i_t_i) * ProdWidth'(gain_k_i);
  // v + noise + (in_prod >>> FracBits) + (leak_prod >>> FracBits), modulo 2^DataWidth
  assign acc1      = {v_q, 1'b0} + {noise_i, 1'b0};
  assign acc2      = {acc1[DataWidth:1], 1'b0} + {in_prod[ProdWidth-1:FracBits], 1'b0};
  assign acc3      = {acc2[DataWidth:1], 1'b0} + {leak_prod[ProdWidth-1:FracBits], 1'b0};
  assign v_next    = acc3[DataWidth:1];
  assign in_refractory = (ref_q != RefZero);

  always_comb begin
    v_d     = v_next;
    ref_d   = RefZero;  // outside the refractory period the counter is already 0: no hold needed
    spike_d = 1'b0;
    if (in_refractory) begin
      v_d   = VRestW;
      ref_d = ref_q - RefOne;
    end else if (v_next >= VThrW) begin
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

  // The fraction bits under the floor shifts and the adders' carry-in positions are not results.
  logic unused_bits;
  if (FracBits > 0) begin : gen_unused_frac
    assign unused_bits = ^{leak_prod[FracBits-1:0], in_prod[FracBits-1:0], acc1[0], acc2[0], acc3[0]};
  end else begin : gen_unused_lsb  // products DataWidth wide: the sign bit of diff falls off too
    assign unused_bits = ^{diff[DataWidth], acc1[0], acc2[0], acc3[0]};
  end

endmodule
