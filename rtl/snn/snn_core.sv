// snn_core -- a time-multiplexed feed-forward spiking network of Q8.8 LIF layers: ONE shared datapath walks every
// neuron of every layer, membranes, spike counts, weights and biases live in block RAM. Bit-true model:
// golden/export/q88.py (QuantNetwork), wrapped for the core by golden/fixed/snn_core_unit.py.
//
// Step of layer l, neuron i (raw two's complement, Q8.8 = 16-bit signed with 8 fraction bits):
//
//   acc    = bias[i] + sum over the active inputs j of W[i, j]   exact, AccWidth = 17 + clog2(max inputs + 1) bits
//   I      = sat16(acc)                                          saturated once, after the whole sum
//   dv     = ((VRest - v) * Leak) >>> 8                          17 x 9-bit product, floor shift
//   v_next = sat16(v + dv + I)                                   19-bit exact sum, saturated
//   spike  = v_next >= Threshold (signed);  v <= spike ? VReset : v_next;  count[i] += spike
//
// All layers run within the same time step (the spikes of layer l at step t drive layer l + 1 at step t).
//
// Why one datapath walking all layers (and not one core per layer chained): a layer's inputs at step t are the
// spikes of the layer before at step t, so chained cores would wait for each other anyway, and every core would
// pay its own datapath, sequencer and input list. Walking the layers in order needs no inter-layer flow control
// (the spikes of layer l are written into the input list of layer l + 1 while layer l runs), one accumulator,
// one leak multiplier, and one weight memory that holds every layer back to back (the four UP5K SPRAMs as one
// 64K-word space).
//
// Event-driven: the input of a layer is the LIST of its active inputs (address-event representation), so a
// neuron costs max(k, 1) clocks for k active inputs, one synaptic operation per clock. Inputs of layer 0 arrive
// as events on the in_* handshake: one transfer per active input index (each index at most once per step;
// indices >= Layer0Inputs are ignored), then one transfer with in_last_i = 1 that ends the step (it carries no
// spike; a step without input spikes is that transfer alone).
//
//   in_* events --> list RAM (2 banks: inputs of this layer | spikes of this layer = inputs of the next)
//                      |                                                   ^
//   S0 sequencer (layer, neuron i, j) -- list[j] --> S1 waddr = row(i) + list[j]                 |
//      --> S2: W, bias, v, count read; acc = (first ? bias : acc) + W                             |
//      --> S3: I = sat16(acc), dv = ((VRest - v) * Leak) >>> 8                                    |
//      --> S4: s = v + dv + I --> S5: v_next = sat16(s) --> S6: spike, write v, count, append i --+
//      --> mem_* stream (layer, neuron, v after the step, spike): every neuron, every step
//
// After TimeSteps steps the counts of the last layer stream out on cnt_* (cnt_last_o on the last) while every
// membrane returns to its VRest and every count to 0, ready for the next sample; the same walk runs after
// reset (without the cnt_* stream). Throughput (clocks, exact; golden/fixed/snn_core_unit.py `step_cycles`):
//   per step   = (k0 + 1) (in_* transfers) + sum over layers (neurons_l * max(k_l, 1) + 7 (pipeline drain)),
//   per sample = the steps + total neurons (the count stream and clearing walk).
//
// Memories: weights Depth = sum(inputs_l * neurons_l), 16 bit: UseSpram = 1 -> snn_spram (SB_SPRAM256KA, no
// power-up contents: loaded through ld_*), UseSpram = 0 -> an inferred RAM (EBR) initialised by $readmemh from
// ExportDir. Biases (EBR, $readmemh or ld_*), membranes and counts (EBR, cleared by the walk), input lists
// (EBR). Files: <ExportDir>/layer<l>_w.memh (line o * n_in + i) and layer<l>_b.memh, as golden/export writes
// them; ExportDir = "" leaves both memories to the ld_* port (word address = weight index, or bias index over
// all layers, as the layers lie back to back).
//
// Latency: a neuron's mem_* record appears 7 clocks after its last synaptic operation is issued.
// Reset: asynchronous, active low, for the control and pipeline registers (RAM contents are kept; the walk
// rewrites membranes and counts).
`include "nrn_elab.svh"

module snn_core #(
  parameter int NumLayers       = 1,     // [1,4] layers
  parameter int TimeSteps       = 32,    // [1,65535] steps per sample
  parameter int UseSpram        = 1,     // [0,1] weights in SB_SPRAM256KA (loaded through ld_*) or in EBR
  parameter     ExportDir       = "",    // export directory ($readmemh of layer<l>_w/_b.memh), "" = none
  parameter int Layer0Inputs    = 64,    // [1,4096]
  parameter int Layer0Neurons   = 1024,  // [1,4096]
  parameter int Layer0Leak      = 16,    // [1,256] raw Q8.8 dt/tau
  parameter int Layer0Threshold = 256,   // [-32768,32767] raw Q8.8
  parameter int Layer0VRest     = 0,     // [-32768,32767] raw Q8.8
  parameter int Layer0VReset    = 0,     // [-32768,32767] raw Q8.8
  parameter int Layer1Inputs    = 1,     // layers 1..3: as layer 0; Inputs = Neurons of the layer before
  parameter int Layer1Neurons   = 1,
  parameter int Layer1Leak      = 256,
  parameter int Layer1Threshold = 256,
  parameter int Layer1VRest     = 0,
  parameter int Layer1VReset    = 0,
  parameter int Layer2Inputs    = 1,
  parameter int Layer2Neurons   = 1,
  parameter int Layer2Leak      = 256,
  parameter int Layer2Threshold = 256,
  parameter int Layer2VRest     = 0,
  parameter int Layer2VReset    = 0,
  parameter int Layer3Inputs    = 1,
  parameter int Layer3Neurons   = 1,
  parameter int Layer3Leak      = 256,
  parameter int Layer3Threshold = 256,
  parameter int Layer3VRest     = 0,
  parameter int Layer3VReset    = 0
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // input events of layer 0 (one per active input, then one with in_last_i = 1 per step)
  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [11:0]           in_idx_i,    // input index (< Layer0Inputs <= 4096)
  input  logic                  in_last_i,
  // weight / bias load port (accepted outside the running step)
  input  logic                  ld_valid_i,
  output logic                  ld_ready_o,
  input  logic                  ld_bias_i,   // 1: bias memory, 0: weight memory
  input  logic [15:0]           ld_addr_i,
  input  logic [15:0]           ld_data_i,
  // every neuron after every step: layer, index in the layer, membrane after the step, spike
  output logic                  mem_valid_o,
  output logic [1:0]            mem_layer_o,
  output logic [11:0]           mem_idx_o,
  output logic signed [15:0]    mem_v_o,
  output logic                  mem_spike_o,
  // spike counts of the last layer after each sample
  output logic                  cnt_valid_o,
  output logic [11:0]           cnt_idx_o,
  output logic [15:0]           cnt_o,
  output logic                  cnt_last_o
);

  // ---------------------------------------------------------------------------------------------------------
  // sizes

  localparam int In1 = (NumLayers > 1) ? Layer1Inputs : 0;
  localparam int In2 = (NumLayers > 2) ? Layer2Inputs : 0;
  localparam int In3 = (NumLayers > 3) ? Layer3Inputs : 0;
  localparam int Out1 = (NumLayers > 1) ? Layer1Neurons : 0;
  localparam int Out2 = (NumLayers > 2) ? Layer2Neurons : 0;
  localparam int Out3 = (NumLayers > 3) ? Layer3Neurons : 0;
  localparam int WBase1 = Layer0Inputs * Layer0Neurons;
  localparam int WBase2 = WBase1 + In1 * Out1;
  localparam int WBase3 = WBase2 + In2 * Out2;
  localparam int WTotal = WBase3 + In3 * Out3;
  localparam int NBase1 = Layer0Neurons;
  localparam int NBase2 = NBase1 + Out1;
  localparam int NBase3 = NBase2 + Out2;
  localparam int NTotal = NBase3 + Out3;
  localparam int MaxIn01 = (Layer0Inputs > In1) ? Layer0Inputs : In1;
  localparam int MaxIn23 = (In2 > In3) ? In2 : In3;
  localparam int MaxIn = (MaxIn01 > MaxIn23) ? MaxIn01 : MaxIn23;  // = the longest input list
  localparam int ListDepth = MaxIn;
  localparam int PosBits = (ListDepth > 1) ? $clog2(ListDepth) : 1;
  localparam int KBits = $clog2(ListDepth + 1);
  localparam int IdxBits = (MaxIn > 1) ? $clog2(MaxIn) : 1;  // a list entry: an input index of some layer
  localparam int WAddrBits = $clog2((WTotal > 1) ? WTotal : 2);
  localparam int NAddrBits = $clog2((NTotal > 1) ? NTotal : 2);
  localparam int AccWidth = 17 + $clog2(MaxIn + 1);
  localparam int LastLayer = NumLayers - 1;
  localparam int Out1P = (NumLayers > 1) ? Layer1Neurons : 1;
  localparam int Out2P = (NumLayers > 2) ? Layer2Neurons : 1;
  localparam int Out3P = (NumLayers > 3) ? Layer3Neurons : 1;
  localparam int MaxOut01 = (Layer0Neurons > Out1P) ? Layer0Neurons : Out1P;
  localparam int MaxOut23 = (Out2P > Out3P) ? Out2P : Out3P;
  localparam int MaxOut = (MaxOut01 > MaxOut23) ? MaxOut01 : MaxOut23;
  localparam int OutIdxBits = (MaxOut > 1) ? $clog2(MaxOut) : 1;  // a neuron within its layer
  localparam int CntBits = $clog2(TimeSteps + 1);

  // ---------------------------------------------------------------------------------------------------------
  // legal parameter ranges, checked at elaboration

  if (NumLayers < 1 || NumLayers > 4) begin : gen_err_layers
    `NRN_PARAM_ERROR("snn_core: NumLayers must be in [1,4]")
  end
  if (TimeSteps < 1 || TimeSteps > 65535) begin : gen_err_steps
    `NRN_PARAM_ERROR("snn_core: TimeSteps must be in [1,65535]")
  end
  if (UseSpram < 0 || UseSpram > 1) begin : gen_err_spram
    `NRN_PARAM_ERROR("snn_core: UseSpram must be 0 or 1")
  end
  if (UseSpram == 1 && ExportDir != "") begin : gen_err_spram_init
    `NRN_PARAM_ERROR("snn_core: UseSpram = 1 has no power-up contents (SPRAM): load through ld_*, no ExportDir")
  end
  if (WTotal > 65536 || NTotal > 65536) begin : gen_err_total
    `NRN_PARAM_ERROR("snn_core: at most 65536 weights and 65536 neurons in all (16-bit ld_addr_i)")
  end
  if (Layer0Inputs < 1 || Layer0Inputs > 4096 || Layer0Neurons < 1 || Layer0Neurons > 4096 ||
      Layer0Leak < 1 || Layer0Leak > 256 || Layer0Threshold < -32768 || Layer0Threshold > 32767 ||
      Layer0VRest < -32768 || Layer0VRest > 32767 || Layer0VReset < -32768 || Layer0VReset > 32767)
  begin : gen_err_layer0
    `NRN_PARAM_ERROR("snn_core: layer 0: Inputs, Neurons in [1,4096], Leak in [1,256], levels 16-bit signed")
  end
  if (NumLayers > 1 && (Layer1Inputs != Layer0Neurons || Layer1Neurons < 1 || Layer1Neurons > 4096 ||
      Layer1Leak < 1 || Layer1Leak > 256 || Layer1Threshold < -32768 || Layer1Threshold > 32767 ||
      Layer1VRest < -32768 || Layer1VRest > 32767 || Layer1VReset < -32768 || Layer1VReset > 32767))
  begin : gen_err_layer1
    `NRN_PARAM_ERROR("snn_core: layer 1: Inputs = Layer0Neurons, Neurons in [1,4096], Leak in [1,256], ...")
  end
  if (NumLayers > 2 && (Layer2Inputs != Layer1Neurons || Layer2Neurons < 1 || Layer2Neurons > 4096 ||
      Layer2Leak < 1 || Layer2Leak > 256 || Layer2Threshold < -32768 || Layer2Threshold > 32767 ||
      Layer2VRest < -32768 || Layer2VRest > 32767 || Layer2VReset < -32768 || Layer2VReset > 32767))
  begin : gen_err_layer2
    `NRN_PARAM_ERROR("snn_core: layer 2: Inputs = Layer1Neurons, Neurons in [1,4096], Leak in [1,256], ...")
  end
  if (NumLayers > 3 && (Layer3Inputs != Layer2Neurons || Layer3Neurons < 1 || Layer3Neurons > 4096 ||
      Layer3Leak < 1 || Layer3Leak > 256 || Layer3Threshold < -32768 || Layer3Threshold > 32767 ||
      Layer3VRest < -32768 || Layer3VRest > 32767 || Layer3VReset < -32768 || Layer3VReset > 32767))
  begin : gen_err_layer3
    `NRN_PARAM_ERROR("snn_core: layer 3: Inputs = Layer2Neurons, Neurons in [1,4096], Leak in [1,256], ...")
  end

  // ---------------------------------------------------------------------------------------------------------
  // per-layer constants, selected by the layer register (the pipeline drains before the layer changes, so
  // every stage in flight belongs to layer_q)

  localparam logic [4*16-1:0] InP = {16'(In3), 16'(In2), 16'(In1), 16'(Layer0Inputs)};
  localparam logic [4*16-1:0] OutP = {16'(Out3), 16'(Out2), 16'(Out1), 16'(Layer0Neurons)};
  localparam logic [4*16-1:0] LeakP = {16'(Layer3Leak), 16'(Layer2Leak), 16'(Layer1Leak), 16'(Layer0Leak)};
  localparam logic [4*16-1:0] ThrP = {16'(Layer3Threshold), 16'(Layer2Threshold), 16'(Layer1Threshold),
                                      16'(Layer0Threshold)};
  localparam logic [4*16-1:0] VRestP = {16'(Layer3VRest), 16'(Layer2VRest), 16'(Layer1VRest), 16'(Layer0VRest)};
  localparam logic [4*16-1:0] VResetP = {16'(Layer3VReset), 16'(Layer2VReset), 16'(Layer1VReset),
                                         16'(Layer0VReset)};

  typedef enum logic [2:0] {StInit, StCollect, StRun, StDrain, StFlush} state_e;

  state_e state_q, state_d;
  logic [1:0] layer_q, layer_d;
  logic bank_q, bank_d;
  logic [KBits-1:0] k_q, k_d;            // length of the input list of the running layer (collect: so far)
  logic [KBits-1:0] outptr_q, outptr_d;  // spikes appended for the next layer
  logic [15:0] t_q, t_d;                 // time step within the sample
  logic [OutIdxBits-1:0] o_q, o_d;       // neuron within the layer (sequencer and walk)
  logic [KBits-1:0] j_q, j_d;            // position in the input list
  logic [NAddrBits-1:0] naddr_q, naddr_d;  // neuron address over all layers (sequencer and walk)
  logic [WAddrBits-1:0] row_q, row_d;    // weight address of input 0 of neuron o_q

  logic [15:0] cur_in, cur_out, cur_leak, cur_vrest;
  logic signed [15:0] cur_thr, cur_vreset;
  assign cur_in     = InP[layer_q*16 +: 16];
  assign cur_out    = OutP[layer_q*16 +: 16];
  assign cur_leak   = LeakP[layer_q*16 +: 16];
  assign cur_thr    = $signed(ThrP[layer_q*16 +: 16]);
  assign cur_vrest  = VRestP[layer_q*16 +: 16];
  assign cur_vreset = $signed(VResetP[layer_q*16 +: 16]);

  // ---------------------------------------------------------------------------------------------------------
  // pipeline registers

  logic p1_valid_q, p1_first_q, p1_last_q, p1_hasw_q;
  logic [OutIdxBits-1:0] p1_o_q;
  logic [NAddrBits-1:0] p1_naddr_q;
  logic [WAddrBits-1:0] p1_row_q;
  logic p2_valid_q, p2_first_q, p2_last_q, p2_hasw_q;
  logic [OutIdxBits-1:0] p2_o_q;
  logic [NAddrBits-1:0] p2_naddr_q;
  logic signed [AccWidth-1:0] acc_q, acc_d;
  logic signed [15:0] vh_q;
  logic [CntBits-1:0] ch_q;
  logic p3_valid_q;
  logic [OutIdxBits-1:0] p3_o_q;
  logic [NAddrBits-1:0] p3_naddr_q;
  logic p4_valid_q;
  logic [OutIdxBits-1:0] p4_o_q;
  logic [NAddrBits-1:0] p4_naddr_q;
  logic signed [15:0] p4_i_q, p4_v_q;
  logic signed [17:0] p4_dv_q;
  logic [CntBits-1:0] p4_c_q;
  logic p5_valid_q;
  logic [OutIdxBits-1:0] p5_o_q;
  logic [NAddrBits-1:0] p5_naddr_q;
  logic signed [18:0] p5_s_q;
  logic [CntBits-1:0] p5_c_q;
  logic p6_valid_q;
  logic [OutIdxBits-1:0] p6_o_q;
  logic [NAddrBits-1:0] p6_naddr_q;
  logic signed [15:0] p6_v_q;
  logic [CntBits-1:0] p6_c_q;
  logic mem_valid_q, mem_spike_q;
  logic [OutIdxBits-1:0] mem_idx_q;
  logic signed [15:0] mem_v_q;
  logic [1:0] mem_layer_q;
  // the walk (after reset and after the last step of a sample)
  logic w1_valid_q, w1_emit_q, w1_last_q;
  logic [OutIdxBits-1:0] w1_o_q;
  logic [NAddrBits-1:0] w1_naddr_q;
  logic [15:0] w1_vrest_q;

  // ---------------------------------------------------------------------------------------------------------
  // memories (RAMs: no reset; registered read ports, one cycle of latency)

  logic                 list_we;
  logic [PosBits:0]     list_waddr, list_raddr;
  logic [IdxBits-1:0]   list_wdata, list_q;
  logic [IdxBits-1:0]   list_mem [2 * (2 ** PosBits)];

  always_ff @(posedge clk_i) begin
    if (list_we) begin
      list_mem[list_waddr] <= list_wdata;
    end
    list_q <= list_mem[list_raddr];
  end

  logic                 nv_we;
  logic [NAddrBits-1:0] nv_waddr, nv_raddr;
  logic signed [15:0]   v_wdata, v_q;
  logic [CntBits-1:0]   c_wdata, c_q;
  logic [15:0]          v_mem [NTotal];
  logic [CntBits-1:0]   c_mem [NTotal];

  always_ff @(posedge clk_i) begin
    if (nv_we) begin
      v_mem[nv_waddr] <= v_wdata;
      c_mem[nv_waddr] <= c_wdata;
    end
    v_q <= $signed(v_mem[nv_raddr]);
    c_q <= c_mem[nv_raddr];
  end

  // first weight / neuron address of layer l (the layers lie back to back)
  function automatic int wbase(input int l);
    wbase = ((l > 0) ? WBase1 : 0) + ((l > 1) ? WBase2 - WBase1 : 0) + ((l > 2) ? WBase3 - WBase2 : 0);
  endfunction
  function automatic int nbase(input int l);
    nbase = ((l > 0) ? NBase1 : 0) + ((l > 1) ? NBase2 - NBase1 : 0) + ((l > 2) ? NBase3 - NBase2 : 0);
  endfunction

  logic                 ld_fire, b_we, w_we;
  logic [NAddrBits-1:0] b_raddr;
  logic [15:0]          b_q, w_q;
  logic [WAddrBits-1:0] w_raddr;
  logic [15:0]          b_mem [NTotal];

  assign ld_ready_o = (state_q != StRun) && (state_q != StDrain);
  assign ld_fire    = ld_valid_i && ld_ready_o;
  assign b_we       = ld_fire && ld_bias_i && (32'(ld_addr_i) < NTotal);
  assign w_we       = ld_fire && !ld_bias_i && (32'(ld_addr_i) < WTotal);

  always_ff @(posedge clk_i) begin
    if (b_we) begin
      b_mem[ld_addr_i[NAddrBits-1:0]] <= ld_data_i;
    end
    b_q <= b_mem[b_raddr];
  end

  if (UseSpram == 1) begin : gen_wmem_spram
    snn_spram #(.Depth(WTotal)) u_wmem (
      .clk_i,
      .we_i  (w_we),
      .addr_i(w_we ? ld_addr_i[WAddrBits-1:0] : w_raddr),
      .data_i(ld_data_i),
      .q_o   (w_q)
    );
  end else begin : gen_wmem_ebr
    logic [15:0] w_mem [WTotal];
    logic [15:0] w_rd_q;
    always_ff @(posedge clk_i) begin
      if (w_we) begin
        w_mem[ld_addr_i[WAddrBits-1:0]] <= ld_data_i;
      end
      w_rd_q <= w_mem[w_raddr];
    end
    assign w_q = w_rd_q;
    for (genvar l = 0; l < NumLayers; l++) begin : gen_winit
      localparam logic [7:0] Digit = 8'd48 + 8'(l);
      localparam WFile = {ExportDir, "/layer", Digit, "_w.memh"};
      localparam int WLo = wbase(l);
      localparam int WHi = WLo + 32'(InP[l*16 +: 16]) * 32'(OutP[l*16 +: 16]) - 1;
      initial begin
        if (ExportDir != "") $readmemh(WFile, w_mem, WLo, WHi);
      end
    end
  end

  // $readmemh of the export: layer l's bias file into its slice of the bias memory (weights: gen_wmem_ebr)
  for (genvar l = 0; l < NumLayers; l++) begin : gen_binit
    localparam logic [7:0] Digit = 8'd48 + 8'(l);
    localparam BFile = {ExportDir, "/layer", Digit, "_b.memh"};
    localparam int NLo = nbase(l);
    localparam int NHi = NLo + 32'(OutP[l*16 +: 16]) - 1;
    initial begin
      if (ExportDir != "") $readmemh(BFile, b_mem, NLo, NHi);
    end
  end

  // ---------------------------------------------------------------------------------------------------------
  // control: collect, run (one synaptic operation per clock), drain, walk

  logic run_issue, run_first, run_last, hasw, in_fire, pipe_busy, last_neuron, walk_last;
  assign in_ready_o  = (state_q == StCollect);
  assign in_fire     = in_valid_i && in_ready_o;
  assign hasw        = (k_q != '0);
  assign run_issue   = (state_q == StRun);
  assign run_first   = (j_q == '0);
  assign run_last    = !hasw || (j_q == k_q - KBits'(1));
  assign last_neuron = (32'(o_q) == 32'(cur_out) - 1);
  assign pipe_busy   = p1_valid_q || p2_valid_q || p3_valid_q || p4_valid_q || p5_valid_q || p6_valid_q;
  assign walk_last   = (32'(naddr_q) == NTotal - 1);

  // the walk: layer of the neuron address naddr_q (o_q counts within that layer)
  logic walk_layer_end;
  assign walk_layer_end = last_neuron;

  always_comb begin
    state_d  = state_q;
    layer_d  = layer_q;
    bank_d   = bank_q;
    k_d      = k_q;
    outptr_d = outptr_q;
    t_d      = t_q;
    o_d      = o_q;
    j_d      = j_q;
    naddr_d  = naddr_q;
    row_d    = row_q;
    unique case (state_q)
      StInit, StFlush: begin  // one neuron address per clock, every layer
        naddr_d = naddr_q + NAddrBits'(1);
        o_d     = o_q + OutIdxBits'(1);
        if (walk_layer_end) begin
          o_d     = '0;
          layer_d = layer_q + 2'd1;
        end
        if (walk_last) begin
          state_d = StCollect;
          layer_d = 2'd0;
          naddr_d = '0;
          o_d     = '0;
          k_d     = '0;
          t_d     = '0;
        end
      end
      StCollect: begin
        if (in_fire && !in_last_i && (32'(in_idx_i) < Layer0Inputs) && (32'(k_q) < Layer0Inputs)) begin
          k_d = k_q + KBits'(1);
        end
        if (in_fire && in_last_i) begin
          state_d  = StRun;
          layer_d  = 2'd0;
          o_d      = '0;
          j_d      = '0;
          naddr_d  = '0;
          row_d    = '0;
          outptr_d = '0;
        end
      end
      StRun: begin
        j_d = j_q + KBits'(1);
        if (run_last) begin
          j_d     = '0;
          o_d     = o_q + OutIdxBits'(1);
          naddr_d = naddr_q + NAddrBits'(1);
          row_d   = row_q + WAddrBits'(cur_in);
          if (last_neuron) begin
            state_d = StDrain;
          end
        end
      end
      StDrain: begin
        if (!pipe_busy) begin
          bank_d   = !bank_q;
          o_d      = '0;
          j_d      = '0;
          k_d      = outptr_q;
          outptr_d = '0;
          if (32'(layer_q) == LastLayer) begin
            layer_d = 2'd0;
            k_d     = '0;
            if (32'(t_q) == TimeSteps - 1) begin
              state_d = StFlush;
              naddr_d = '0;
              t_d     = '0;
            end else begin
              state_d = StCollect;
              t_d     = t_q + 16'd1;
            end
          end else begin
            state_d = StRun;
            layer_d = layer_q + 2'd1;
          end
        end
      end
      default: state_d = StInit;
    endcase
  end

  // ---------------------------------------------------------------------------------------------------------
  // datapath

  logic signed [AccWidth-1:0] acc_base, acc_add;
  logic signed [15:0] cur_i, v_next, v_new;
  logic signed [16:0] diff;
  logic signed [25:0] prod;
  logic fire;

  // S1: the weight address of the list entry; bias, membrane and count of the neuron
  assign w_raddr = p1_row_q + WAddrBits'(list_q);
  assign b_raddr = p1_naddr_q;
  assign nv_raddr = (state_q == StInit || state_q == StFlush) ? naddr_q : p1_naddr_q;
  assign list_raddr = {bank_q, j_q[PosBits-1:0]};

  // S2: accumulate (exact)
  assign acc_base = p2_first_q ? AccWidth'($signed(b_q)) : acc_q;
  assign acc_add  = p2_hasw_q ? AccWidth'($signed(w_q)) : '0;
  assign acc_d    = acc_base + acc_add;

  // S3: saturated current, leak term
  localparam logic signed [AccWidth-1:0] AccMax = AccWidth'(32767);
  localparam logic signed [AccWidth-1:0] AccMin = -AccWidth'(32768);
  assign cur_i = (acc_q > AccMax) ? 16'sh7fff : ((acc_q < AccMin) ? -16'sh8000 : acc_q[15:0]);
  assign diff  = $signed({cur_vrest[15], cur_vrest}) - $signed({vh_q[15], vh_q});
  assign prod  = 26'(diff) * $signed({10'd0, cur_leak});

  // S5: saturate; S6: threshold, reset
  assign v_next = (p5_s_q > 19'sd32767) ? 16'sh7fff : ((p5_s_q < -19'sd32768) ? -16'sh8000 : p5_s_q[15:0]);
  assign fire   = (p6_v_q >= cur_thr);
  assign v_new  = fire ? cur_vreset : p6_v_q;

  // memory write ports: the walk (init / flush) or S6; the list: collect or S6's spike append
  always_comb begin
    nv_we    = 1'b0;
    nv_waddr = p6_naddr_q;
    v_wdata  = v_new;
    c_wdata  = p6_c_q + CntBits'(fire);
    if (w1_valid_q) begin
      nv_we    = 1'b1;
      nv_waddr = w1_naddr_q;
      v_wdata  = $signed(w1_vrest_q);
      c_wdata  = '0;
    end else if (p6_valid_q) begin
      nv_we = 1'b1;
    end
    list_we    = 1'b0;
    list_waddr = {bank_q, k_q[PosBits-1:0]};
    list_wdata = IdxBits'(in_idx_i);  // in range when written (checked below)
    if (state_q == StCollect) begin
      list_we = in_fire && !in_last_i && (32'(in_idx_i) < Layer0Inputs) && (32'(k_q) < Layer0Inputs);
    end else if (p6_valid_q && fire && 32'(layer_q) != LastLayer) begin
      list_we    = 1'b1;
      list_waddr = {!bank_q, outptr_q[PosBits-1:0]};
      list_wdata = IdxBits'(p6_o_q);
    end
  end

  logic [KBits-1:0] outptr_next;
  assign outptr_next = (p6_valid_q && fire && 32'(layer_q) != LastLayer) ? outptr_q + KBits'(1) : outptr_d;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StInit;
      layer_q  <= '0;
      bank_q   <= 1'b0;
      k_q      <= '0;
      outptr_q <= '0;
      t_q      <= '0;
      o_q      <= '0;
      j_q      <= '0;
      naddr_q  <= '0;
      row_q    <= '0;
      p1_valid_q <= 1'b0; p1_first_q <= 1'b0; p1_last_q <= 1'b0; p1_hasw_q <= 1'b0;
      p1_o_q <= '0; p1_naddr_q <= '0; p1_row_q <= '0;
      p2_valid_q <= 1'b0; p2_first_q <= 1'b0; p2_last_q <= 1'b0; p2_hasw_q <= 1'b0;
      p2_o_q <= '0; p2_naddr_q <= '0;
      acc_q <= '0; vh_q <= '0; ch_q <= '0;
      p3_valid_q <= 1'b0; p3_o_q <= '0; p3_naddr_q <= '0;
      p4_valid_q <= 1'b0; p4_o_q <= '0; p4_naddr_q <= '0; p4_i_q <= '0; p4_v_q <= '0; p4_dv_q <= '0;
      p4_c_q <= '0;
      p5_valid_q <= 1'b0; p5_o_q <= '0; p5_naddr_q <= '0; p5_s_q <= '0; p5_c_q <= '0;
      p6_valid_q <= 1'b0; p6_o_q <= '0; p6_naddr_q <= '0; p6_v_q <= '0; p6_c_q <= '0;
      mem_valid_q <= 1'b0; mem_spike_q <= 1'b0; mem_idx_q <= '0; mem_v_q <= '0; mem_layer_q <= '0;
      w1_valid_q <= 1'b0; w1_emit_q <= 1'b0; w1_last_q <= 1'b0; w1_o_q <= '0; w1_naddr_q <= '0;
      w1_vrest_q <= '0;
    end else begin
      state_q  <= state_d;
      layer_q  <= layer_d;
      bank_q   <= bank_d;
      k_q      <= k_d;
      outptr_q <= outptr_next;
      t_q      <= t_d;
      o_q      <= o_d;
      j_q      <= j_d;
      naddr_q  <= naddr_d;
      row_q    <= row_d;
      // S0 -> S1
      p1_valid_q <= run_issue;
      p1_first_q <= run_first;
      p1_last_q  <= run_last;
      p1_hasw_q  <= hasw;
      p1_o_q     <= o_q;
      p1_naddr_q <= naddr_q;
      p1_row_q   <= row_q;
      // S1 -> S2
      p2_valid_q <= p1_valid_q;
      p2_first_q <= p1_first_q;
      p2_last_q  <= p1_last_q;
      p2_hasw_q  <= p1_hasw_q;
      p2_o_q     <= p1_o_q;
      p2_naddr_q <= p1_naddr_q;
      // S2 -> S3
      acc_q <= p2_valid_q ? acc_d : acc_q;
      vh_q  <= (p2_valid_q && p2_first_q) ? v_q : vh_q;
      ch_q  <= (p2_valid_q && p2_first_q) ? c_q : ch_q;
      p3_valid_q <= p2_valid_q && p2_last_q;
      p3_o_q     <= p2_o_q;
      p3_naddr_q <= p2_naddr_q;
      // S3 -> S4
      p4_valid_q <= p3_valid_q;
      p4_o_q     <= p3_o_q;
      p4_naddr_q <= p3_naddr_q;
      p4_i_q     <= cur_i;
      p4_v_q     <= vh_q;
      p4_dv_q    <= prod[25:8];
      p4_c_q     <= ch_q;
      // S4 -> S5
      p5_valid_q <= p4_valid_q;
      p5_o_q     <= p4_o_q;
      p5_naddr_q <= p4_naddr_q;
      p5_s_q     <= 19'(p4_v_q) + 19'(p4_dv_q) + 19'(p4_i_q);
      p5_c_q     <= p4_c_q;
      // S5 -> S6
      p6_valid_q <= p5_valid_q;
      p6_o_q     <= p5_o_q;
      p6_naddr_q <= p5_naddr_q;
      p6_v_q     <= v_next;
      p6_c_q     <= p5_c_q;
      // S6 -> the membrane stream
      mem_valid_q <= p6_valid_q;
      mem_spike_q <= p6_valid_q && fire;
      mem_idx_q   <= p6_o_q;
      mem_v_q     <= v_new;
      mem_layer_q <= layer_q;
      // the walk: address naddr_q read this clock, written (and its count emitted) the next
      w1_valid_q <= (state_q == StInit) || (state_q == StFlush);
      w1_emit_q  <= (state_q == StFlush) && (32'(layer_q) == LastLayer);
      w1_last_q  <= walk_last;
      w1_o_q     <= o_q;
      w1_naddr_q <= naddr_q;
      w1_vrest_q <= cur_vrest;
    end
  end

  assign mem_valid_o = mem_valid_q;
  assign mem_layer_o = mem_layer_q;
  assign mem_idx_o   = 12'(mem_idx_q);
  assign mem_v_o     = mem_v_q;
  assign mem_spike_o = mem_spike_q;
  assign cnt_valid_o = w1_valid_q && w1_emit_q;
  assign cnt_idx_o   = 12'(w1_o_q);
  assign cnt_o       = 16'(c_q);
  assign cnt_last_o  = w1_valid_q && w1_emit_q && w1_last_q;

  // the fraction bits under the leak term's floor shift are not results; the row step's top bits are zero
  // when the weight address is narrower than 16 bits
  logic unused_bits;
  assign unused_bits = ^{prod[7:0], cur_in};

endmodule
