// tb_sc_isolator.cpp -- Verilator harness of the sc_isolator deep check (isolator),
// driven by verif/deep/deep_sc.py.
//
// Usage: tb <stimulus file> <output file> (format: deep_io.h). The stimulus has one row per clock cycle, columns
// x, en, rst (uint8; rst = 1: rst_ni low for the whole cycle). Every cycle: drive the inputs with the
// clock low and evaluate (in a reset cycle, record y_o there: the reset is asynchronous), then take
// the rising edge and record y_o, the registers AFTER that edge.
#include <memory>

#include "Vsc_isolator.h"
#include "deep_io.h"
#include "verilated.h"

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {1, 1, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const uint8_t* x = stim.col<uint8_t>(0);
  const uint8_t* en = stim.col<uint8_t>(1);
  const uint8_t* rst = stim.col<uint8_t>(2);

  std::vector<uint8_t> y(n);
  std::vector<uint32_t> async_t;
  std::vector<uint8_t> async_y;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vsc_isolator top{ctx.get()};

  // Power-on reset before cycle 0 (not recorded).
  top.clk_i = 0;
  top.rst_ni = 1;
  top.en_i = 0;
  top.x_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.clk_i = 0;
    top.x_i = x[t];
    top.en_i = en[t];
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_y.push_back(top.y_o);
    }
    top.clk_i = 1;
    top.eval();
    y[t] = top.y_o;
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {y.data()}, {1});
  deep::write_block(out, async_t.size(), {async_t.data(), async_y.data()}, {4, 1});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
