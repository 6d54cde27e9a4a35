// nrn_izhikevich -- Izhikevich (2003) simple spiking neuron in fixed point, one step per clock, bit-true to
// SCIzhikevichNeuron (golden/models/core_sc/sc_izhikevich.py, noise off) through its unit model
// golden/fixed/izhikevich_unit.py (kernel_fx).
//
// One clock = one step of dt = 2^-DtShift ms (raw two's-complement integers; F = 12 fraction bits for every
// mV quantity; every >>> is an arithmetic shift = floor):
//
//   drive = (140 << 12) - u + (I << 6)                                  exact
//   v1 = clamp(v  + ((((t0 * v ) >>> 12) + drive) >>> (1 + DtShift)))  t0 = ((K04 * v ) >>> 20) + (5 << 12)
//   v2 = clamp(v1 + ((((t1 * v1) >>> 12) + drive) >>> (1 + DtShift)))  t1 = ((K04 * v1) >>> 20) + (5 << 12)
//        clamp(x) = min(max(x, VMin), V_SAT)                            K04 = round(0.04 * 2^20) = 41943
//   u1 = u + ((ADt * (((B * v2) >>> 16) - u)) >>> 16)                   u += a dt (b v - u), with the new v
//   spike = v2 >= VPeak;   v' = spike ? C : v2;   u' = sat(spike ? u1 + D : u1)
//
//      v_q --[half step]--> v1 --[half step]--> v2 --+--[>= VPeak]--> spike_q
//      u_q --> drive ----------^-------------------^  +--> v_q' (C on a spike)
//      u_q, v2 --> u1 (+ D on a spike) --[sat]--> u_q'
//
// Formats: v_o Q8.12 (20 bits; always in [VMin, VPeak)); v1, v2 Q13.12 (25 bits), saturated to
// [VMin, V_SAT = 4096 - 2^-12] mV after each half step (the float model's v_min guard; the upper bound is the
// hardware's: the float overshoot reaches ~1700 mV at I = 10, 4096 mV only for I above ~300); u_o Q12.12
// (24 bits), SATURATED to [-2048, 2048) once at the end of the step; current_i Q10.6 (16 bits, [-512, 512)
// mV/ms). Parameters: ADt = a*dt UQ1.16 (0, 1]; B Q2.16; C, VPeak, VMin, VInit Q8.12; D, UInit Q12.12;
// DtShift in [0, 3]. Every intermediate is wide enough for its whole range: nothing wraps.
//
// Multipliers: two variable products per step, t0 * v (18 x 20 bits) and t1 * v1 (22 x 25 bits); the
// products by the constants K04, B and ADt are written as shift-and-add over the constant's set bits (no
// multiplier cell, so Yosys -dsp spends SB_MAC16s only on the two variable products).
//
// Latency: spike_o, v_o, u_o are registered; they show the step driven by current_i of the previous cycle.
// Reset: asynchronous, active low; v = VInit, u = UInit, spike = 0 (the float model's initial state).
`include "nrn_elab.svh"
`include "nrn_izhikevich_params.svh"

module nrn_izhikevich #(
  parameter int ADt     = `NRN_IZHIKEVICH_ADT,     // [1,65536]   a*dt, UQ1.16
  parameter int B       = `NRN_IZHIKEVICH_B,       // [-131072,131071] b, Q2.16
  parameter int C       = `NRN_IZHIKEVICH_C,       // [VMin,VPeak) after-spike reset of v, Q8.12
  parameter int D       = `NRN_IZHIKEVICH_D,       // [-2^23,2^23) after-spike increment of u, Q12.12
  parameter int VPeak   = `NRN_IZHIKEVICH_VPEAK,  // (VMin,2^19) spike cut-off, Q8.12
  parameter int VMin    = `NRN_IZHIKEVICH_VMIN,   // [-2^19,VPeak) lower bound of v, Q8.12
  parameter int VInit   = `NRN_IZHIKEVICH_VINIT,  // [VMin,VPeak) reset value of v, Q8.12
  parameter int UInit   = `NRN_IZHIKEVICH_UINIT,  // [-2^23,2^23) reset value of u, Q12.12
  parameter int DtShift = `NRN_IZHIKEVICH_DT_SHIFT // [0,3] dt = 2^-DtShift ms
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic signed [15:0] current_i,  // input current I, Q10.6 mV/ms
  output logic               spike_o,
  output logic signed [19:0] v_o,        // membrane potential v, Q8.12 mV
  output logic signed [23:0] u_o         // recovery variable u, Q12.12 mV/ms
);

  if (ADt < 1 || ADt > 65536) begin : gen_err_adt
    `NRN_PARAM_ERROR("nrn_izhikevich: ADt must be in [1,65536] (a*dt in (0,1])")
  end
  if (B < -131072 || B > 131071) begin : gen_err_b
    `NRN_PARAM_ERROR("nrn_izhikevich: B must be in [-131072,131071] (Q2.16)")
  end
  if (VMin < -524288 || VPeak > 524287 || VMin >= VPeak) begin : gen_err_vrange
    `NRN_PARAM_ERROR("nrn_izhikevich: need -2^19 <= VMin < VPeak < 2^19 (Q8.12)")
  end
  if (C < VMin || C >= VPeak || VInit < VMin || VInit >= VPeak) begin : gen_err_c
    `NRN_PARAM_ERROR("nrn_izhikevich: C and VInit must lie in [VMin,VPeak)")
  end
  if (D < -8388608 || D > 8388607 || UInit < -8388608 || UInit > 8388607) begin : gen_err_d
    `NRN_PARAM_ERROR("nrn_izhikevich: D and UInit must be in [-2^23,2^23) (Q12.12)")
  end
  if (DtShift < 0 || DtShift > 3) begin : gen_err_dt
    `NRN_PARAM_ERROR("nrn_izhikevich: DtShift must be in [0,3]")
  end

  localparam logic [16:0]        K04    = 17'd41943;        // 0.04 in UQ0.20
  localparam logic signed [17:0] BBits  = 18'(B);
  localparam logic [16:0]        ABits  = 17'(ADt);
  localparam logic signed [19:0] CS     = 20'(C);
  localparam logic signed [23:0] DS     = 24'(D);
  localparam logic signed [19:0] VPeakS = 20'(VPeak);
  localparam logic signed [19:0] VMinS  = 20'(VMin);
  localparam logic signed [19:0] VInitS = 20'(VInit);
  localparam logic signed [23:0] UInitS = 24'(UInit);
  localparam int                 Shift  = DtShift + 1;
  localparam logic signed [24:0] VSat   = 25'sh0FF_FFFF;     // 4096 - 2^-12 mV, Q13.12
  localparam logic signed [31:0] UMax   = 32'sh007F_FFFF;    // 2048 - 2^-12, Q12.12
  localparam logic signed [31:0] UMin   = -32'sh0080_0000;   // -2048

  logic signed [19:0] v_q, v_d;
  logic signed [23:0] u_q, u_d;
  logic               spike_q, spike_d;

  // drive = 140 - u + I (Q.12, |drive| < 2^24)
  logic signed [25:0] drive;
  assign drive = 26'sd573440 - 26'(u_q) + 26'($signed({current_i, 6'b000000}));

  // ---- half step 1: v in [VMin, VPeak) (20 bits) ----
  logic signed [36:0] kv0;   // K04 * v
  logic signed [17:0] t0;    // 0.04 v + 5 in [-0.12, 10.12]
  logic signed [37:0] pv0;   // t0 * v
  logic signed [27:0] v1_raw;
  logic signed [24:0] v1;
  always_comb begin
    kv0 = '0;
    for (int k = 0; k < 17; k++) begin
      if (K04[k]) kv0 = kv0 + (37'(v_q) <<< k);
    end
  end
  assign t0     = 18'(kv0 >>> 20) + 18'sd20480;
  assign pv0    = 38'(t0) * 38'(v_q);
  assign v1_raw = 28'(v_q) + ((28'(pv0 >>> 12) + 28'(drive)) >>> Shift);
  assign v1     = (v1_raw < 28'(VMinS)) ? 25'(VMinS) : (v1_raw > 28'(VSat)) ? VSat : 25'(v1_raw);

  // ---- half step 2: v1 in [VMin, 4096) (25 bits) ----
  logic signed [41:0] kv1;   // K04 * v1
  logic signed [21:0] t1;    // 0.04 v1 + 5 in [-0.12, 168.84]
  logic signed [46:0] pv1;   // t1 * v1
  logic signed [35:0] v2_raw;
  logic signed [24:0] v2;
  always_comb begin
    kv1 = '0;
    for (int k = 0; k < 17; k++) begin
      if (K04[k]) kv1 = kv1 + (42'(v1) <<< k);
    end
  end
  assign t1     = 22'(kv1 >>> 20) + 22'sd20480;
  assign pv1    = 47'(t1) * 47'(v1);
  assign v2_raw = 36'(v1) + ((36'(pv1 >>> 12) + 36'(drive)) >>> Shift);
  assign v2     = (v2_raw < 36'(VMinS)) ? 25'(VMinS) : (v2_raw > 36'(VSat)) ? VSat : 25'(v2_raw);

  // ---- u with the new v: u1 = u + (ADt * ((B * v2 >>> 16) - u)) >>> 16 ----
  logic signed [42:0] bv;    // B * v2
  logic signed [27:0] du;    // b v - u
  logic signed [45:0] adu;   // ADt * (b v - u)
  logic signed [31:0] u1, u2;
  always_comb begin
    bv = '0;
    for (int k = 0; k < 17; k++) begin
      if (BBits[k]) bv = bv + (43'(v2) <<< k);
    end
    if (BBits[17]) bv = bv - (43'(v2) <<< 17);  // the sign bit weighs -2^17
  end
  assign du = 28'(bv >>> 16) - 28'(u_q);
  always_comb begin
    adu = '0;
    for (int k = 0; k < 17; k++) begin
      if (ABits[k]) adu = adu + (46'(du) <<< k);
    end
  end
  assign u1 = 32'(u_q) + 32'(adu >>> 16);

  // ---- spike test, reset, saturation of u ----
  always_comb begin
    spike_d = v2 >= 25'(VPeakS);
    v_d     = spike_d ? CS : 20'(v2);
    u2      = spike_d ? u1 + 32'(DS) : u1;
    u_d     = (u2 > UMax) ? 24'(UMax) : (u2 < UMin) ? 24'(UMin) : 24'(u2);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= VInitS;
      u_q     <= UInitS;
      spike_q <= 1'b0;
    end else begin
      v_q     <= v_d;
      u_q     <= u_d;
      spike_q <= spike_d;
    end
  end

  assign spike_o = spike_q;
  assign v_o     = v_q;
  assign u_o     = u_q;

endmodule
