// sc_sng -- stochastic number generator: converts a binary value x into a unipolar or bipolar bitstream.
//
// Every clock with en_i high: bit_o <= cmp(r, x_i), then the number source advances; r is the source's state
// during that cycle (Width bits, unsigned). Bit-true model: golden/fixed/lfsr.py (sng_bits, sng_source).
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
//
//   x_i ------------------------+
//                               v
//   sc_lfsr / sc_sobol -- r --> (cmp) --> [bit_q] --> bit_o
//
// Latency: one cycle (bit_o is registered). Reset: asynchronous, active low; source to its reset state, bit_o 0.
`include "sc_lfsr_taps.svh"
`include "sc_sobol_dirs.svh"
`include "nrn_elab.svh"

module sc_sng #(
  parameter int          Width    = 16,                    // [3,32] LFSR, [8,16] Sobol
  parameter logic [31:0] Taps     = `SC_LFSR_TAPS(Width),  // LFSR: see sc_lfsr
  parameter logic [31:0] Seed     = `SC_LFSR_SEED(Width),  // LFSR: see sc_lfsr
  parameter int          Form     = `SC_LFSR_FIBONACCI,    // LFSR: see sc_lfsr
  parameter int          Source   = `SC_SNG_LFSR,          // [0,1] `SC_SNG_LFSR or `SC_SNG_SOBOL
  parameter int          Encoding = `SC_SNG_UNIPOLAR,      // [0,1] `SC_SNG_UNIPOLAR or `SC_SNG_BIPOLAR
  parameter int          Dim      = 1,                     // Sobol: see sc_sobol
  parameter logic [31:0] Shift    = 32'd0                  // Sobol: see sc_sobol
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

  logic [Width-1:0] state;
  logic             bit_q, bit_d;

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

  if (Encoding == `SC_SNG_BIPOLAR && Source == `SC_SNG_SOBOL) begin : gen_sobol_bipolar
    // offset binary on Width + 1 bits: r - 2^(Width-1) + 2^Width = r + 2^(Width-1) = {r[W-1], ~r[W-1], r[W-2:0]}
    always_comb begin
      bit_d = bit_q;
      if (en_i) begin
        bit_d = ({state[Width-1], ~state[Width-1], state[Width-2:0]} < {~x_i[Width], x_i[Width-1:0]});
      end
    end
  end else if (Encoding == `SC_SNG_BIPOLAR) begin : gen_lfsr_bipolar
    // offset binary on Width bits: r - 2^(Width-1) + 2^(Width-1) = r
    always_comb begin
      bit_d = bit_q;
      if (en_i) begin
        bit_d = (state < {~x_i[Width-1], x_i[Width-2:0]});
      end
    end
  end else if (Source == `SC_SNG_SOBOL) begin : gen_sobol_unipolar
    always_comb begin
      bit_d = bit_q;
      if (en_i) begin
        bit_d = ({1'b0, state} < x_i);
      end
    end
  end else begin : gen_lfsr_unipolar
    always_comb begin
      bit_d = bit_q;
      if (en_i) begin
        bit_d = (state < x_i);
      end
    end
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
