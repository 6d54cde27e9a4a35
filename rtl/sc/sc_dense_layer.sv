// sc_dense_layer -- stochastic dense layer: N bipolar input streams x M neurons, one bipolar weight stream per
// synapse, per-neuron popcount -> current -> that neuron's own nrn_lif. One clock = one stream bit.
//
// Format: x_i holds N signed Width-bit fields (field i at [i*Width +: Width]), y standing for y / 2^(Width-1);
// weights likewise (one register per synapse, written through w_we_i/w_addr_i/w_data_i, address j*N + i,
// addresses >= N*M ignored, reset to 0). Currents, leak_k_i, gain_k_i, v_o: raw Q8.8 as nrn_lif's ports.
// Bit-true model: golden/fixed/sc_dense_unit.py (ScDenseUnit).
//
//   x_i[i] --> sc_sng (bipolar, seed X_i) --> bx_i ---------------+
//                                                                  XNOR --> p_ji --+
//   w_q[j][i] --> sc_sng (bipolar, seed W_ji) --> bw_ji ----------+                |  (i = 0 .. N-1)
//                                                                                  v
//                     cur_j = primed ? (2 popcount_i(p_ji) - N) << CurShift : 0  (16 bit, signed)
//                                         |                         |
//                                         v                         v
//                     nrn_lif j (i_t_i = cur_j, noise 0) --> spike_o[j], v_o[j]     [cur_q] --> cur_o[j]
//
// E[cur_j] = 2^CurShift * sum_i x_i w_ji for uncorrelated streams. Every generator has its OWN seed: states
// of the width's maximal-length sequence (taps SC_LFSR_TAPS(Width)) chosen in Python by a lag-covariance
// search and generated into rtl/include/sc_dense_seeds.svh; equal seeds are rejected at elaboration.
// Each neuron has its own popcount, current and nrn_lif (no shared current).
// primed_q (one flip-flop, set by the first clock after reset) holds the currents at 0 while the stream
// registers still hold their reset value (XNOR(0, 0) = 1 would otherwise give a full-scale current).
//
// Latency: x_i -> stream bit (1 cycle) -> v_o/spike_o/cur_o (1 cycle); a weight write reaches cur_o three
// clocks later (weight register, stream bit, current). Reset: asynchronous, active low: LFSRs to their seeds,
// stream bits, weights, currents and primed to 0, every nrn_lif to VRest.
`include "nrn_formats.svh"
`include "nrn_elab.svh"
`include "sc_lfsr_taps.svh"
`include "sc_sobol_dirs.svh"  // `SC_SNG_LFSR, `SC_SNG_BIPOLAR

module sc_dense_layer #(
  parameter int N                = 4,                     // [1,8] inputs
  parameter int M                = 4,                     // [1,8] neurons
  parameter int Width            = 8,                     // [7,16] stream precision (x and w fields)
  parameter int CurShift         = 5,                     // [0,14] current = (2 pop - N) << CurShift
  parameter int VRest            = `NRN_LIF_V_REST,       // nrn_lif parameters (raw Q8.8)
  parameter int VReset           = `NRN_LIF_V_RESET,
  parameter int VThreshold       = `NRN_LIF_V_THRESHOLD,
  parameter int RefractoryCycles = `NRN_LIF_REFRACTORY    // [0,65535]
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic [N*Width-1:0]                      x_i,       // N signed Width-bit inputs
  input  logic                                    w_we_i,    // weight write enable
  input  logic [((N*M > 1) ? $clog2(N*M) : 1)-1:0] w_addr_i, // synapse j*N + i
  input  logic [Width-1:0]                        w_data_i,  // signed Width-bit weight
  input  logic signed [`NRN_Q_WIDTH-1:0]          leak_k_i,  // nrn_lif leak (shared)
  input  logic signed [`NRN_Q_WIDTH-1:0]          gain_k_i,  // nrn_lif gain (shared)
  output logic [M-1:0]                            spike_o,
  output logic [M*`NRN_Q_WIDTH-1:0]               v_o,       // membrane of neuron j at [16 j +: 16]
  output logic [M*`NRN_Q_WIDTH-1:0]               cur_o      // current neuron j got, at [16 j +: 16]
);

`include "sc_dense_seeds.svh"

  localparam int DW        = `NRN_Q_WIDTH;
  localparam int PopWidth  = $clog2(N + 1);
  localparam int SeedBase  = SC_DENSE_SEEDS_PER_WIDTH * (Width - SC_DENSE_MIN_WIDTH);

  if (N < 1 || N > SC_DENSE_MAX_INPUTS) begin : gen_err_n
    `NRN_PARAM_ERROR("sc_dense_layer: N must be in [1,8] (the seed table)")
  end
  if (M < 1 || M > SC_DENSE_MAX_NEURONS) begin : gen_err_m
    `NRN_PARAM_ERROR("sc_dense_layer: M must be in [1,8] (the seed table)")
  end
  if (Width < SC_DENSE_MIN_WIDTH || Width > SC_DENSE_MAX_WIDTH) begin : gen_err_width
    `NRN_PARAM_ERROR("sc_dense_layer: Width must be in [7,16] (the seed table)")
  end
  if (CurShift < 0 || (N << CurShift) > 2 ** (DW - 1) - 1) begin : gen_err_shift
    `NRN_PARAM_ERROR("sc_dense_layer: CurShift must be >= 0 with N << CurShift fitting a signed 16-bit current")
  end

  // Seed of generator g (g < N: input g; g = SC_DENSE_MAX_INPUTS + SC_DENSE_MAX_INPUTS j + i: synapse (j, i)).
  function automatic logic [31:0] seed_of(input int g);
    logic [15:0] s;
    s = SC_DENSE_SEEDS[16 * (SeedBase + g) +: 16];
    seed_of = {16'd0, s};
  endfunction

  // Every pair of the generators in use must have different seeds (equal seeds = identical streams).
  for (genvar a = 0; a < N + N * M; a++) begin : gen_seed_a
    for (genvar b = a + 1; b < N + N * M; b++) begin : gen_seed_b
      localparam int GA = (a < N) ? a : SC_DENSE_MAX_INPUTS + SC_DENSE_MAX_INPUTS * ((a - N) / N) + (a - N) % N;
      localparam int GB = (b < N) ? b : SC_DENSE_MAX_INPUTS + SC_DENSE_MAX_INPUTS * ((b - N) / N) + (b - N) % N;
      if (seed_of(GA) == seed_of(GB)) begin : gen_err_seed
        `NRN_PARAM_ERROR("sc_dense_layer: two stream generators have equal seeds (correlated streams)")
      end
    end
  end

  // ---------------------------------------------------------------------------------------------------------
  // weight registers

  logic [N*M*Width-1:0] w_q, w_d;

  always_comb begin
    w_d = w_q;
    if (w_we_i && (32'(w_addr_i) < 32'(N * M))) begin
      w_d[w_addr_i * Width +: Width] = w_data_i;
    end
  end

  // ---------------------------------------------------------------------------------------------------------
  // stream generators

  logic [N-1:0]   bx;
  logic [N*M-1:0] bw;

  for (genvar i = 0; i < N; i++) begin : gen_x
    sc_sng #(
      .Width   (Width),
      .Taps    (`SC_LFSR_TAPS(Width)),
      .Seed    (seed_of(i)),
      .Form    (`SC_LFSR_FIBONACCI),
      .Source  (`SC_SNG_LFSR),
      .Encoding(`SC_SNG_BIPOLAR),
      .PipelineStages(0)  // x_i -> stream bit in 1 cycle, as above and in ScDenseUnit
    ) u_sng (
      .clk_i,
      .rst_ni,
      .en_i (1'b1),
      .x_i  (x_i[i*Width +: Width]),
      .bit_o(bx[i])
    );
  end

  for (genvar s = 0; s < N * M; s++) begin : gen_w
    sc_sng #(
      .Width   (Width),
      .Taps    (`SC_LFSR_TAPS(Width)),
      .Seed    (seed_of(SC_DENSE_MAX_INPUTS + SC_DENSE_MAX_INPUTS * (s / N) + s % N)),
      .Form    (`SC_LFSR_FIBONACCI),
      .Source  (`SC_SNG_LFSR),
      .Encoding(`SC_SNG_BIPOLAR),
      .PipelineStages(0)  // x_i -> stream bit in 1 cycle, as above and in ScDenseUnit
    ) u_sng (
      .clk_i,
      .rst_ni,
      .en_i (1'b1),
      .x_i  (w_q[s*Width +: Width]),
      .bit_o(bw[s])
    );
  end

  // ---------------------------------------------------------------------------------------------------------
  // per-neuron popcount, current and LIF

  logic          primed_q;
  logic [M*DW-1:0] cur_q, cur_d;

  for (genvar j = 0; j < M; j++) begin : gen_nrn
    logic [N-1:0]          prod;
    logic [PopWidth-1:0]   pop;
    logic signed [DW-1:0]  centred;
    logic signed [DW-1:0]  cur;
    logic signed [DW-1:0]  lif_in;

    assign prod    = ~(bx ^ bw[j*N +: N]);                       // bipolar multiply (sc_mul_xnor)
    assign pop     = PopWidth'($countones(prod));
    assign centred = $signed({{(DW - PopWidth - 1){1'b0}}, pop, 1'b0}) - $signed(DW'(N));  // 2 pop - N
    assign cur     = primed_q ? (centred <<< CurShift) : '0;
    assign cur_d[j*DW +: DW] = cur;
    assign lif_in  = cur_d[j*DW +: DW];                            // this neuron's OWN current

    nrn_lif #(
      .DataWidth       (DW),
      .FracBits        (`NRN_Q_FRAC),
      .VRest           (VRest),
      .VReset          (VReset),
      .VThreshold      (VThreshold),
      .RefractoryCycles(RefractoryCycles)
    ) u_lif (
      .clk_i,
      .rst_ni,
      .leak_k_i,
      .gain_k_i,
      .i_t_i   (lif_in),
      .noise_i ('0),
      .spike_o (spike_o[j]),
      .v_o     (v_o[j*DW +: DW])
    );
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_q      <= '0;
      cur_q    <= '0;
      primed_q <= 1'b0;
    end else begin
      w_q      <= w_d;
      cur_q    <= cur_d;
      primed_q <= 1'b1;
    end
  end

  assign cur_o = cur_q;

endmodule
