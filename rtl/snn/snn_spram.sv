// snn_spram -- a 16-bit single-port RAM of up to 4 iCE40 UP5K SPRAM blocks (SB_SPRAM256KA, 16K x 16 each).
//
// One port, one access per clock: write when we_i (data_i at addr_i), otherwise read; q_o is the word read in
// the previous clock (one cycle of latency, the SPRAM's registered output) and holds its value over a write.
//
// Synthesis (SYNTHESIS defined, as Yosys does): ceil(Depth / 16384) SB_SPRAM256KA instances; address bits
// [13:0] go to every block, the upper bits select one block (CHIPSELECT), and a registered copy of them picks
// that block's DATAOUT in the next clock. Yosys 0.23 maps SPRAM only with `synth_ice40 -spram`, which the
// project's flow does not pass, so the blocks are instantiated here. Simulation: a behavioural array with the
// same timing. SPRAM contents are NOT set by the iCE40 bitstream, so there is no $readmemh here: the core
// loads its weights through this port after configuration.
//
//   addr_i[Aw-1:14] --> block select --> CHIPSELECT / WREN of block b ---+
//   addr_i[13:0], data_i ------------> every block                      +--> DATAOUT[b] --> mux(sel_q) --> q_o
`include "nrn_elab.svh"

module snn_spram #(
  parameter int Depth = 65536  // [1,65536] words
) (
  input  logic                             clk_i,
  input  logic                             we_i,
  input  logic [$clog2(Depth > 1 ? Depth : 2)-1:0] addr_i,
  input  logic [15:0]                      data_i,
  output logic [15:0]                      q_o
);

  localparam int BlockWords = 16384;

  if (Depth < 1 || Depth > 4 * BlockWords) begin : gen_err_depth
    `NRN_PARAM_ERROR("snn_spram: Depth must be in [1,65536] (four SB_SPRAM256KA)")
  end

`ifdef SYNTHESIS
  localparam int AddrBits  = $clog2(Depth > 1 ? Depth : 2);
  localparam int NumBlocks = (Depth + BlockWords - 1) / BlockWords;
  localparam int SelBits = (NumBlocks > 1) ? $clog2(NumBlocks) : 1;
  logic [SelBits-1:0] sel, sel_q;
  logic [NumBlocks*16-1:0] dout;
  logic [13:0] low;

  if (AddrBits > 14) begin : gen_sel
    assign sel = SelBits'(addr_i[AddrBits-1:14]);
    assign low = addr_i[13:0];
  end else begin : gen_one
    assign sel = '0;
    assign low = 14'(addr_i);
  end

  for (genvar b = 0; b < NumBlocks; b++) begin : gen_block
    logic cs;
    assign cs = (sel == SelBits'(b));
    SB_SPRAM256KA u_spram (
      .ADDRESS   (low),
      .DATAIN    (data_i),
      .MASKWREN  (4'b1111),
      .WREN      (we_i & cs),
      .CHIPSELECT(cs),
      .CLOCK     (clk_i),
      .STANDBY   (1'b0),
      .SLEEP     (1'b0),
      .POWEROFF  (1'b1),
      .DATAOUT   (dout[b*16 +: 16])
    );
  end

  always_ff @(posedge clk_i) begin
    sel_q <= sel;
  end
  assign q_o = dout[sel_q*16 +: 16];
`else
  logic [15:0] mem [Depth];
  logic [15:0] q_q;

  // a RAM: no reset (SPRAM has none), one access per clock
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem[addr_i] <= data_i;
    end else begin
      q_q <= mem[addr_i];
    end
  end
  assign q_o = q_q;
`endif

endmodule
