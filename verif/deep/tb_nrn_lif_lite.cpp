// tb_nrn_lif_lite.cpp -- Verilator harness of the nrn_lif_lite deep check (driven by verif/deep/deep.py).
//
// Usage: tb <stimulus file> <output file>. The stimulus (format: deep_io.h) has one row per clock cycle with
// columns leak_shift (uint8), i_t, noise (int16, raw two's complement) and rst (uint8, 1 = rst_ni low for the
// whole cycle). Every cycle: drive the inputs and rst_ni with the clock low, evaluate, take the rising edge,
// and record spike_o and v_o, i.e. the registered state AFTER that cycle's edge. The harness only records; the
// comparison with the golden model is done in Python.
#include <memory>

#include "Vnrn_lif_lite.h"
#include "deep_io.h"
#include "verilated.h"

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {1, 2, 2, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const uint8_t* shift = stim.col<uint8_t>(0);
  const int16_t* itc = stim.col<int16_t>(1);
  const int16_t* noise = stim.col<int16_t>(2);
  const uint8_t* rst = stim.col<uint8_t>(3);

  std::vector<int16_t> v(n);
  std::vector<uint8_t> spike(n);
  std::vector<uint32_t> async_t;
  std::vector<int16_t> async_v;
  std::vector<uint8_t> async_spike;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vnrn_lif_lite top{ctx.get()};

  // Power-on reset, before cycle 0 (not recorded): the core starts from its reset state, as the model does.
  top.clk_i = 0;
  top.rst_ni = 1;
  top.leak_shift_i = 0;
  top.i_t_i = top.noise_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();
  top.clk_i = 1;
  top.eval();
  top.clk_i = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.leak_shift_i = shift[t];
    top.i_t_i = static_cast<uint16_t>(itc[t]);
    top.noise_i = static_cast<uint16_t>(noise[t]);
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_v.push_back(static_cast<int16_t>(top.v_o));
      async_spike.push_back(top.spike_o);
    }
    top.clk_i = 1;
    top.eval();
    v[t] = static_cast<int16_t>(top.v_o);
    spike[t] = top.spike_o;
    top.clk_i = 0;
    top.eval();
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {v.data(), spike.data()}, {2, 1});
  deep::write_block(out, async_t.size(), {async_t.data(), async_v.data(), async_spike.data()}, {4, 2, 1});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
