// nrn_spinnaker2 -- integer LIF of a SpiNNaker 2 processing element, one step per clock, bit-true to the kernel
// of SpiNNaker2Neuron (golden/models/hardware/spinnaker2.py) through golden/fixed/spinnaker2_unit.py.
//
// One clock (raw integers; v int32, input int16):
//
//   if refractory != 0:  v = VReset;  refractory -= 1;  no spike
//   else:
//     v = (((v - VRest) * DecayMult) >>> DecayShift) + VRest + input      arithmetic shift: floor
//     if v >= VThreshold:  spike;  v = VReset;  refractory = RefracSteps
//
// The decay factor is DecayMult / 2^DecayShift < 1 (DecayMult < 2^DecayShift; at DecayShift = 16 at most
// 2^16 - 2), which bounds |v| < 2^15 (2 + 1 / (1 - a)) < 2^31 for int16 inputs (the golden model's check): the
// 32-bit register can neither wrap nor saturate, so neither is implemented. Exact widths: v - VRest 33 bits,
// the product 50 bits (DecayMult is a constant: synthesis makes it shifts and adds), the sum 34 bits whose
// low 32 are the result.
//
// Latency: spike_o, v_o and refractory_o are registered; they show the result of the inputs of the previous
// cycle. Reset: asynchronous, active low; v = VRest, refractory = 0, spike = 0.
`include "nrn_elab.svh"
`include "nrn_spinnaker2_params.svh"

module nrn_spinnaker2 #(
  parameter int VRest       = `NRN_SPINNAKER2_VREST,         // [-32768,32767] resting potential
  parameter int VReset      = `NRN_SPINNAKER2_VRESET,        // [-32768,32767] potential after a spike, < VThreshold
  parameter int VThreshold  = `NRN_SPINNAKER2_VTHRESHOLD,    // [-32768,32767] fires when v >= VThreshold
  parameter int DecayMult   = `NRN_SPINNAKER2_DECAY_MULT,    // [0,2^DecayShift-1] decay numerator
  parameter int DecayShift  = `NRN_SPINNAKER2_DECAY_SHIFT,   // [1,16] decay denominator exponent
  parameter int RefracSteps = `NRN_SPINNAKER2_REFRAC_STEPS   // [0,255] steps held at VReset after a spike
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [15:0] input_i,       // input current of the step
  output logic               spike_o,
  output logic signed [31:0] v_o,           // membrane potential
  output logic        [7:0]  refractory_o   // refractory steps left
);

  if (VRest < -32768 || VRest > 32767) begin : gen_err_v_rest
    `NRN_PARAM_ERROR("nrn_spinnaker2: VRest must be in [-32768,32767]")
  end
  if (VReset < -32768 || VReset > 32767) begin : gen_err_v_reset
    `NRN_PARAM_ERROR("nrn_spinnaker2: VReset must be in [-32768,32767]")
  end
  if (VThreshold < -32768 || VThreshold > 32767 || VReset >= VThreshold) begin : gen_err_v_threshold
    `NRN_PARAM_ERROR("nrn_spinnaker2: VThreshold must be in [-32768,32767] and > VReset")
  end
  if (DecayShift < 1 || DecayShift > 16) begin : gen_err_decay_shift
    `NRN_PARAM_ERROR("nrn_spinnaker2: DecayShift must be in [1,16]")
  end
  if (DecayMult < 0 || DecayMult >= (1 << DecayShift) || (DecayShift == 16 && DecayMult > 65534))
  begin : gen_err_decay_mult
    `NRN_PARAM_ERROR("nrn_spinnaker2: DecayMult must be in [0,2^DecayShift-1] (at DecayShift 16: [0,65534])")
  end
  if (RefracSteps < 0 || RefracSteps > 255) begin : gen_err_refrac
    `NRN_PARAM_ERROR("nrn_spinnaker2: RefracSteps must be in [0,255]")
  end

  localparam logic [31:0] VRest32  = VRest;
  localparam logic [31:0] VReset32 = VReset;
  localparam logic [31:0] VTh32    = VThreshold;
  localparam logic [31:0] Mult32   = DecayMult;
  localparam logic [31:0] Ref32    = RefracSteps;
  localparam logic signed [33:0] VRestS = 34'($signed(VRest32));
  localparam logic signed [33:0] VThS   = 34'($signed(VTh32));
  localparam logic signed [31:0] VRstS  = $signed(VReset32);
  localparam logic signed [49:0] MultS  = 50'(Mult32);  // zero-extended: non-negative
  localparam logic        [7:0]  RefLoad = Ref32[7:0];

  logic signed [31:0] v_q, v_d;
  logic        [7:0]  ref_q, ref_d;
  logic               spike_q, spike_d;

  logic signed [32:0] dv;
  logic signed [49:0] prod, decayed;
  logic signed [33:0] v_sum;
  logic signed [31:0] v_next;

  assign dv      = 33'(v_q) - 33'($signed(VRest32));
  assign prod    = 50'(dv) * MultS;
  assign decayed = prod >>> DecayShift;
  assign v_sum   = 34'(decayed) + VRestS + 34'(input_i);

  assign v_next = v_sum[31:0];

  always_comb begin
    v_d     = v_next;
    ref_d   = ref_q;
    spike_d = 1'b0;
    if (ref_q != 8'd0) begin
      v_d   = VRstS;
      ref_d = ref_q - 8'd1;
    end else if (v_sum >= VThS) begin
      v_d     = VRstS;
      ref_d   = RefLoad;
      spike_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= $signed(VRest32);
      ref_q   <= 8'd0;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      ref_q   <= ref_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o      = spike_q;
  assign v_o          = v_q;
  assign refractory_o = ref_q;

  // the state bound keeps the sum within 32 bits: its top bits are sign copies, as are the decayed product's
  logic unused_bits;
  assign unused_bits = ^{v_sum[33:32], decayed[49:34], Ref32[31:8]};

endmodule
