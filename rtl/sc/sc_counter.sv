// sc_counter -- stream-to-binary converter: the number of ones in each window of 2^WindowLog2 stream bits.
//
// A window is 2^WindowLog2 ENABLED clocks (a stalled stream consumes no bit); it starts after reset. Every
// clock with en_i high the bit x_i is added to the running count; on the window's last bit the total
// (running count + that bit) is registered on count_o and valid_o pulses for one cycle, and the running count
// restarts at 0. count_o holds between windows. Encoding: count_o is the unipolar value of the window as
// UQ1.WindowLog2 (count_o / 2^WindowLog2, in [0, 1]; WindowLog2 + 1 bits so that an all-ones window reads 1.0).
// Bit-true model: golden/sc/units.py (ScCounter), built on golden.sc.bitstream.window_count.
//
//   x_i ---> (+) = sum --+--> [acc_q] --+      acc_q   <= last ? 0 : sum   (one adder, WindowLog2 + 1 bits;
//             ^          |              |      count_q <= sum on the last bit    acc_q needs WindowLog2)
//             +----------|--------------+
//                        +--> [count_q] --> count_o
//   en_i --> [phase_q] == '1 (last: the window's last bit) --> [valid_q] --> valid_o
//
// Latency: one cycle: count_o and valid_o change after the clock edge of the window's last enabled cycle.
// valid_o is high for exactly one cycle after it, whatever en_i does next.
// Reset: asynchronous, active low; count_o = 0, valid_o = 0, a new window starts (a partial one is dropped).
`include "nrn_elab.svh"

module sc_counter #(
  parameter int WindowLog2 = 8  // [1,24] window of 2^WindowLog2 enabled stream bits
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                en_i,
  input  logic                x_i,
  output logic [WindowLog2:0] count_o,
  output logic                valid_o
);

  if (WindowLog2 < 1 || WindowLog2 > 24) begin : gen_err_window_range
    `NRN_PARAM_ERROR("sc_counter: WindowLog2 must be in [1,24]")
  end

  logic [WindowLog2-1:0] phase_q, phase_d;
  logic [WindowLog2-1:0] acc_q, acc_d;
  logic [WindowLog2:0]   count_q, count_d;
  logic                  valid_q, valid_d;
  logic [WindowLog2:0]   sum;
  logic                  last;

  assign last = (phase_q == '1);
  assign sum  = {1'b0, acc_q} + {{WindowLog2{1'b0}}, x_i};

  always_comb begin
    phase_d = phase_q;
    acc_d   = acc_q;
    count_d = count_q;
    valid_d = 1'b0;
    if (en_i) begin
      phase_d = phase_q + 1'b1;
      if (last) begin
        count_d = sum;
        acc_d   = '0;
        valid_d = 1'b1;
      end else begin
        acc_d = sum[WindowLog2-1:0];  // below 2^WindowLog2 - 1 before the last bit: no carry out
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      phase_q <= '0;
      acc_q   <= '0;
      count_q <= '0;
      valid_q <= 1'b0;
    end else begin
      phase_q <= phase_d;
      acc_q   <= acc_d;
      count_q <= count_d;
      valid_q <= valid_d;
    end
  end

  assign count_o = count_q;
  assign valid_o = valid_q;

endmodule
