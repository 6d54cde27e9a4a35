// tb_nrn_dendritic.cpp -- Verilator harness of the nrn_dendritic deep check (Q8.8 dendritic soft XOR), driven by
// verif/deep/deep_nrn_small.py.
//
// Usage: tb <stimulus file> <output file> (format: deep_io.h). The stimulus has one row per clock cycle, columns
// a, b (uint16, 9-bit raw Q8.8), rst (uint8; rst = 1: rst_ni low for the whole cycle). Every cycle: drive the
// inputs with the clock low and evaluate (in a reset cycle, record the outputs there: the reset is asynchronous),
// then take the rising edge and record spike_o and c_o (sign-extended from 12 bits), the registers AFTER that edge.
#include <memory>

#include "Vnrn_dendritic.h"
#include "deep_io.h"
#include "verilated.h"

static int16_t sext12(uint32_t x) { return static_cast<int16_t>(static_cast<uint16_t>(x << 4)) >> 4; }

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {2, 2, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const uint16_t* a = stim.col<uint16_t>(0);
  const uint16_t* b = stim.col<uint16_t>(1);
  const uint8_t* rst = stim.col<uint8_t>(2);

  std::vector<uint8_t> spike(n);
  std::vector<int16_t> c(n);
  std::vector<uint32_t> async_t;
  std::vector<uint8_t> async_spike;
  std::vector<int16_t> async_c;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vnrn_dendritic top{ctx.get()};

  // Power-on reset before cycle 0 (not recorded).
  top.clk_i = 0;
  top.rst_ni = 1;
  top.a_i = 0;
  top.b_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.clk_i = 0;
    top.a_i = a[t] & 0x1FFu;
    top.b_i = b[t] & 0x1FFu;
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_spike.push_back(top.spike_o);
      async_c.push_back(sext12(top.c_o));
    }
    top.clk_i = 1;
    top.eval();
    spike[t] = top.spike_o;
    c[t] = sext12(top.c_o);
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {spike.data(), c.data()}, {1, 2});
  deep::write_block(out, async_t.size(), {async_t.data(), async_spike.data(), async_c.data()}, {4, 1, 2});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
