// nrn_loihi_cuba -- Loihi (gen 1) current-based LIF compartment, one update per clock, bit-true to
// LoihiCUBANeuron (golden/models/hardware/loihi_cuba.py; unit wrapper golden/fixed/loihi_cuba_unit.py).
//
// One clock (24-bit u and v, 12-bit decays, trunc0(p / 2^12) = sign(p) * (|p| >> 12), truncation toward 0):
//
//   u_next = wrap24( trunc0(u * (4095 - du) / 2^12) + (a << 6) )                current first, u WRAPS
//   v_sum  = sat24(  trunc0(v * (4096 - dv) / 2^12) + u_next + (bias_mant << BiasExp) )   to +-(2^23 - 1)
//   if refractory counter != 0:  v <= 0;  counter -= 1;  no spike                 (u keeps integrating)
//   elif v_sum > (Vth << 6):     v <= 0;  counter <= Refractory - 1;  spike
//   else:                        v <= v_sum
//
// Configuration: the decays du_i, dv_i and the bias mantissa bias_mant_i are runtime inputs (on the chip
// they are compartment configuration and state registers that software writes at run time; inputs let one
// core sweep every decay); the threshold mantissa Vth, the bias exponent BiasExp and the refractory delay
// Refractory are parameters (constant per compartment profile). a_i is the sum of the synaptic weights of
// the step (int16). The model's du, dv, bias_mant are these inputs, its vth, bias_exp, refractory these
// parameters. Default Refractory = 3 (the model's default 1 has no hold; Refractory = 1 gives it).
//
// Division truncated toward zero: trunc0(p / 2^12) = (p + (p < 0 ? 2^12 - 1 : 0)) >>> 12 (floor of the
// biased product), which equals the sign-magnitude shift of the model for every p.
//
// Latency: spike_o, u_o, v_o are registered; they show the result of the inputs of the previous cycle.
// Reset: asynchronous, active low; u = v = 0, counter = 0, spike = 0.
`include "nrn_elab.svh"

module nrn_loihi_cuba #(
  parameter int Vth        = 1000,  // [0,131071] threshold mantissa: fires when v > Vth << 6
  parameter int BiasExp    = 6,     // [0,7] bias exponent: bias = bias_mant_i << BiasExp
  parameter int Refractory = 3      // [1,64] refractory delay: v held at 0 for Refractory - 1 steps
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic        [11:0] du_i,         // current decay, u keeps (4095 - du) / 4096 per step
  input  logic        [11:0] dv_i,         // voltage decay, v keeps (4096 - dv) / 4096 per step
  input  logic signed [12:0] bias_mant_i,  // bias mantissa
  input  logic signed [15:0] a_i,          // weighted input (sum of synaptic weights)
  output logic               spike_o,
  output logic signed [23:0] u_o,
  output logic signed [23:0] v_o
);

  localparam int RefWidth = (Refractory > 2) ? $clog2(Refractory) : 1;

  if (Vth < 0 || Vth > 131071) begin : gen_err_vth
    `NRN_PARAM_ERROR("nrn_loihi_cuba: Vth must be in [0,131071]")
  end
  if (BiasExp < 0 || BiasExp > 7) begin : gen_err_bias_exp
    `NRN_PARAM_ERROR("nrn_loihi_cuba: BiasExp must be in [0,7]")
  end
  if (Refractory < 1 || Refractory > 64) begin : gen_err_ref
    `NRN_PARAM_ERROR("nrn_loihi_cuba: Refractory must be in [1,64]")
  end

  localparam logic [31:0] Vth32    = Vth;
  localparam logic [31:0] RefLd32  = Refractory - 1;
  localparam logic [31:0] One32    = 32'd1;
  // Vth << 6 as a 26-bit signed number (at most 2^23 - 64: positive)
  localparam logic signed [25:0] VthEff = $signed({3'b000, Vth32[16:0], 6'b000000});
  localparam logic signed [25:0] VMax   = 26'sd8388607;   //  2^23 - 1
  localparam logic signed [25:0] VMin   = -26'sd8388607;  // -(2^23 - 1)
  localparam logic [RefWidth-1:0] RefLoad = RefLd32[RefWidth-1:0];
  localparam logic [RefWidth-1:0] RefOne  = One32[RefWidth-1:0];
  localparam logic [RefWidth-1:0] RefZero = '0;

  logic signed [23:0] u_q, v_q;
  logic [RefWidth-1:0] ref_q, ref_d;
  logic signed [23:0] u_d, v_d;
  logic               spike_q, spike_d;

  // decay factors: 4095 - du in [0,4095], 4096 - dv in [1,4096] (13-bit, positive)
  logic signed [13:0] keep_u, keep_v;
  logic signed [37:0] prod_u, prod_v, bprod_u, bprod_v;
  logic signed [23:0] x_u, y_v;
  logic signed [24:0] u_sum;
  logic signed [25:0] bias, v_sum, v_sat;
  logic signed [23:0] v_next;
  logic               fire, in_refractory;

  assign keep_u = 14'sd4095 - $signed({2'b00, du_i});
  assign keep_v = 14'sd4096 - $signed({2'b00, dv_i});

  // trunc0(x * k / 2^12): bias a negative product by 2^12 - 1, then floor-shift
  assign prod_u  = 38'(u_q) * 38'(keep_u);
  assign prod_v  = 38'(v_q) * 38'(keep_v);
  assign bprod_u = prod_u + (prod_u[37] ? 38'sd4095 : 38'sd0);
  assign bprod_v = prod_v + (prod_v[37] ? 38'sd4095 : 38'sd0);
  assign x_u     = bprod_u[35:12];  // |u * keep_u| < 2^35: the quotient fits 24 bits
  assign y_v     = bprod_v[35:12];  // |v * keep_v| <= 2^35 - 2^12: likewise

  // current: two's-complement wrap to 24 bits
  assign u_sum = 25'(x_u) + 25'($signed({a_i, 6'b000000}));
  assign u_d   = u_sum[23:0];

  // voltage: saturate to +-(2^23 - 1)
  assign bias  = 26'(bias_mant_i) <<< BiasExp;
  assign v_sum = 26'(y_v) + 26'(u_d) + bias;
  assign v_sat = (v_sum > VMax) ? VMax : ((v_sum < VMin) ? VMin : v_sum);

  assign v_next        = v_sat[23:0];
  assign fire          = v_sat > VthEff;
  assign in_refractory = (ref_q != RefZero);

  always_comb begin
    v_d     = v_next;
    ref_d   = ref_q;
    spike_d = 1'b0;
    if (in_refractory) begin
      v_d   = '0;
      ref_d = ref_q - RefOne;
    end else if (fire) begin
      v_d     = '0;
      ref_d   = RefLoad;
      spike_d = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      u_q     <= '0;
      v_q     <= '0;
      ref_q   <= RefZero;
      spike_q <= 1'b0;
    end else begin
      u_q     <= u_d;
      v_q     <= v_d;
      ref_q   <= ref_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;
  assign u_o     = u_q;
  assign v_o     = v_q;

  // the low 12 bits of the products are below the shift, bit 36/37 are sign copies, u_sum[24] is wrapped off
  logic unused_bits;
  assign unused_bits = ^{bprod_u[37:36], bprod_u[11:0], bprod_v[37:36], bprod_v[11:0], u_sum[24],
                         v_sat[25:24]};

endmodule
