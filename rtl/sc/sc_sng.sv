// sc_sng -- stochastic number generator: converts a binary value x into a unipolar or bipolar bitstream.
//
// Every clock with en_i high the comparator result cmp(r, x_i) is registered, then the number source advances;
// r is the source's state during that cycle (Width bits, unsigned). Bit-true model: golden/fixed/lfsr.py
// (sng_bits, sng_source, sng_pipeline_stages).
//
// Source = 0 (`SC_SNG_LFSR, default): r from sc_lfsr (Width [3,32], Taps, Seed, Form); x_i is Width bits.
// Source = 1 (`SC_SNG_SOBOL): r from sc_sobol (Width [8,16], Dim, Shift); x_i is Width + 1 bits (UQ1.Width), so
//   that p = 1 is representable (x = 2^Width: every r is below it), as in golden/sc/sobol.py.
//
// Encoding = 0 (`SC_SNG_UNIPOLAR, default): x_i unsigned, cmp = (r < x).
//   LFSR:  P(1) = |{s in LFSR cycle : s < x}| / (2^Width - 1); the all-zero state is never visited, so x = 0 and
//          x = 1 both give a constant 0 stream and x = 2^Width - 1 gives P = 1 - 1/(2^Width - 1).
//   Sobol: P(1) = min(x, 2^Width) / 2^Width over a period (exact).
// Encoding = 1 (`SC_SNG_BIPOLAR): x_i is a signed y (two's complement) standing for y / 2^(Width-1), P = (y+1)/2:
//   cmp = (r - 2^(Width-1) < y) as signed values, i.e. r < y + 2^(Width-1): the unipolar comparator on
//   x = y + 2^(Width-1). Built as an UNSIGNED compare of both sides in offset binary (the sign bits flipped), so
//   that the carry chain is the unipolar one (a signed compare costs an extra LUT level: 141 vs 191 MHz).
//   LFSR:  y in [-2^(Width-1), 2^(Width-1) - 1] (every pattern), P(1) = max(y + 2^(Width-1) - 1, 0) / (2^Width - 1).
//   Sobol: y is Width + 1 bits; y = -2^(Width-1) is -1 (P = 0) and y = +2^(Width-1) is +1 (P = 1) exactly,
//          P(1) = clip(y + 2^(Width-1), 0, 2^Width) / 2^Width (beyond +-1 the stream saturates).
// Every mode is one unsigned compare cmp_a < cmp_b of CmpWidth bits (Width, or Width + 1 with a Sobol source).
//
// PipelineStages = 0: one register. bit_q loads (cmp_a < cmp_b) in an enabled cycle and holds otherwise.
//
//   x_i ------------------------+
//                               v
//   sc_lfsr / sc_sobol -- r --> (cmp) --> [bit_q] --> bit_o
//
// PipelineStages = 1 (default): the compare is split at LoBits = CmpWidth / 2 into two half-width compares
//   that run side by side (two carry chains of about half the length instead of one), registered in an enabled
//   cycle (held otherwise), and joined in the next cycle: a < b  <=>  a_hi < b_hi, or a_hi == b_hi and
//   a_lo < b_lo. The join register loads every clock, whatever en_i, so bit_o is EXACTLY the PipelineStages = 0
//   bit_o delayed by one clock (0 after a reset, as that one is). The stream is unchanged; it arrives a cycle
//   later. Default configuration on iCE40 HX8K (synth/reports/sc_sng.json, nextpnr seed 1): 26 LUT4 + 16 carry
//   + 20 FF at 247.6 MHz, against 19 LUT4 + 16 carry + 17 FF at 190.7 MHz with PipelineStages = 0 (UP5K: 95.5
//   against 72.4 MHz): the 3 half registers and the high half's equality LUTs buy a carry chain half as long.
//
//   cmp_a/b[hi] --> (<)  --> [lt_hi_q] --+
//   cmp_a/b[hi] --> (==) --> [eq_hi_q] --+--> lt_hi | (eq_hi & lt_lo) --> [bit_q] --> bit_o
//   cmp_a/b[lo] --> (<)  --> [lt_lo_q] --+
//      (enabled cycles)                          (every clock)
//
// Latency: PipelineStages + 1 clocks from x_i (and the source state of that cycle) to bit_o.
// Reset: asynchronous, active low; source to its reset state, every register of the comparator 0 (bit_o 0).
`include "sc_lfsr_taps.svh"
`include "sc_sobol_dirs.svh"
`include "nrn_elab.svh"

module sc_sng #(
  parameter int          Width          = 16,                    // [3,32] LFSR, [8,16] Sobol
  parameter logic [31:0] Taps           = `SC_LFSR_TAPS(Width),  // LFSR: see sc_lfsr
  parameter logic [31:0] Seed           = `SC_LFSR_SEED(Width),  // LFSR: see sc_lfsr
  parameter int          Form           = `SC_LFSR_FIBONACCI,    // LFSR: see sc_lfsr
  parameter int          Source         = `SC_SNG_LFSR,          // [0,1] `SC_SNG_LFSR or `SC_SNG_SOBOL
  parameter int          Encoding       = `SC_SNG_UNIPOLAR,      // [0,1] `SC_SNG_UNIPOLAR or `SC_SNG_BIPOLAR
  parameter int          Dim            = 1,                     // Sobol: see sc_sobol
  parameter logic [31:0] Shift          = 32'd0,                 // Sobol: see sc_sobol
  parameter int          PipelineStages = 1                      // [0,1] comparator pipeline (see above)
) (
  input  logic                                                  clk_i,
  input  logic                                                  rst_ni,
  input  logic                                                  en_i,
  input  logic [Width - ((Source == `SC_SNG_SOBOL) ? 0 : 1):0] x_i,  // Width bits (LFSR), Width + 1 (Sobol)
  output logic                                                  bit_o
);

  if (Source != `SC_SNG_LFSR && Source != `SC_SNG_SOBOL) begin : gen_err_source
    `NRN_PARAM_ERROR("sc_sng: Source must be 0 (LFSR) or 1 (Sobol)")
  end
  if (Encoding != `SC_SNG_UNIPOLAR && Encoding != `SC_SNG_BIPOLAR) begin : gen_err_encoding
    `NRN_PARAM_ERROR("sc_sng: Encoding must be 0 (unipolar) or 1 (bipolar)")
  end
  if (PipelineStages < 0 || PipelineStages > 1) begin : gen_err_pipeline
    `NRN_PARAM_ERROR("sc_sng: PipelineStages must be 0 or 1")
  end

  localparam int CmpWidth = (Source == `SC_SNG_SOBOL) ? Width + 1 : Width;

  logic [Width-1:0]    state;
  logic [CmpWidth-1:0] cmp_a, cmp_b;  // bit = (cmp_a < cmp_b), unsigned
  logic                bit_q, bit_d;

  if (Source == `SC_SNG_SOBOL) begin : gen_sobol
    sc_sobol #(
      .Width(Width),
      .Dim  (Dim),
      .Shift(Shift)
    ) u_sobol (
      .clk_i,
      .rst_ni,
      .en_i,
      .point_o(state)
    );
  end else begin : gen_lfsr
    sc_lfsr #(
      .Width(Width),
      .Taps (Taps),
      .Seed (Seed),
      .Form (Form)
    ) u_lfsr (
      .clk_i,
      .rst_ni,
      .en_i,
      .state_o(state)
    );
  end

  // comparator operands of each mode
  if (Encoding == `SC_SNG_BIPOLAR && Source == `SC_SNG_SOBOL) begin : gen_sobol_bipolar
    // offset binary on Width + 1 bits: r - 2^(Width-1) + 2^Width = r + 2^(Width-1) = {r[W-1], ~r[W-1], r[W-2:0]}
    assign cmp_a = {state[Width-1], ~state[Width-1], state[Width-2:0]};
    assign cmp_b = {~x_i[Width], x_i[Width-1:0]};
  end else if (Encoding == `SC_SNG_BIPOLAR) begin : gen_lfsr_bipolar
    // offset binary on Width bits: r - 2^(Width-1) + 2^(Width-1) = r
    assign cmp_a = state;
    assign cmp_b = {~x_i[Width-1], x_i[Width-2:0]};
  end else if (Source == `SC_SNG_SOBOL) begin : gen_sobol_unipolar
    assign cmp_a = {1'b0, state};  // UQ1.Width: the source never reaches 1
    assign cmp_b = x_i;
  end else begin : gen_lfsr_unipolar
    assign cmp_a = state;
    assign cmp_b = x_i[Width-1:0];  // the whole port
  end

  if (PipelineStages == 0) begin : gen_cmp_direct
    always_comb begin
      bit_d = bit_q;
      if (en_i) begin
        bit_d = (cmp_a < cmp_b);
      end
    end
  end else begin : gen_cmp_split
    localparam int LoBits = CmpWidth / 2;
    localparam int HiBits = CmpWidth - LoBits;

    logic [HiBits-1:0] a_hi, b_hi;
    logic [LoBits-1:0] a_lo, b_lo;
    logic              lt_hi_q, lt_hi_d, eq_hi_q, eq_hi_d, lt_lo_q, lt_lo_d;

    assign a_hi = cmp_a[CmpWidth-1:LoBits];
    assign b_hi = cmp_b[CmpWidth-1:LoBits];
    assign a_lo = cmp_a[LoBits-1:0];
    assign b_lo = cmp_b[LoBits-1:0];

    always_comb begin
      lt_hi_d = lt_hi_q;
      eq_hi_d = eq_hi_q;
      lt_lo_d = lt_lo_q;
      if (en_i) begin
        lt_hi_d = (a_hi < b_hi);
        eq_hi_d = (a_hi == b_hi);
        lt_lo_d = (a_lo < b_lo);
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        lt_hi_q <= 1'b0;
        eq_hi_q <= 1'b0;
        lt_lo_q <= 1'b0;
      end else begin
        lt_hi_q <= lt_hi_d;
        eq_hi_q <= eq_hi_d;
        lt_lo_q <= lt_lo_d;
      end
    end

    assign bit_d = lt_hi_q | (eq_hi_q & lt_lo_q);  // every clock: a one-cycle delay of the joined compare
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bit_q <= 1'b0;
    end else begin
      bit_q <= bit_d;
    end
  end

  assign bit_o = bit_q;

endmodule
