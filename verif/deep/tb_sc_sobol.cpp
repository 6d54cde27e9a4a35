// tb_sc_sobol.cpp -- Verilator harness of the sc_sobol deep check (driven by verif/deep/deep_rng.py).
//
// Usage: tb <stimulus file> <output file>. The stimulus (format: deep_io.h) has one row per clock cycle with
// columns en (uint8) and rst (uint8, 1 = rst_ni low for the whole cycle). Every cycle: drive the inputs with
// the clock low, evaluate, take the rising edge and record point_o (uint32), the register AFTER that edge; in
// a reset cycle also point_o after the reset edge, before the clock edge.
#include <memory>

#include "Vsc_sobol.h"
#include "deep_io.h"
#include "verilated.h"

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {1, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const uint8_t* en = stim.col<uint8_t>(0);
  const uint8_t* rst = stim.col<uint8_t>(1);

  std::vector<uint32_t> point(n);
  std::vector<uint32_t> async_t, async_point;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vsc_sobol top{ctx.get()};

  // Power-on reset before cycle 0 (not recorded).
  top.clk_i = 0;
  top.rst_ni = 1;
  top.en_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();
  top.clk_i = 1;
  top.eval();
  top.clk_i = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.en_i = en[t];
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_point.push_back(top.point_o);
    }
    top.clk_i = 1;
    top.eval();
    point[t] = top.point_o;
    top.clk_i = 0;
    top.eval();
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {point.data()}, {4});
  deep::write_block(out, async_t.size(), {async_t.data(), async_point.data()}, {4, 4});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
