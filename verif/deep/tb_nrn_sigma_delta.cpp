// tb_nrn_sigma_delta.cpp -- Verilator harness of the nrn_sigma_delta deep check (Q8.8 sigma-delta neuron),
// driven by verif/deep/deep_nrn_small.py.
//
// Usage: tb <stimulus file> <output file> (format: deep_io.h). The stimulus has one row per clock cycle, columns
// in (int16, raw Q8.8), rst (uint8; rst = 1: rst_ni low for the whole cycle). Every cycle: drive the inputs with
// the clock low and evaluate (in a reset cycle, record the outputs there: the reset is asynchronous), then take
// the rising edge and record event_o (sign-extended from 2 bits), sigma_o, ref_o (from 17 bits), the registers
// AFTER that edge.
#include <memory>

#include "Vnrn_sigma_delta.h"
#include "deep_io.h"
#include "verilated.h"

static int8_t sext2(uint32_t x) { return static_cast<int8_t>(static_cast<uint8_t>(x << 6)) >> 6; }
static int32_t sext17(uint32_t x) { return static_cast<int32_t>(x << 15) >> 15; }

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {2, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const int16_t* x = stim.col<int16_t>(0);
  const uint8_t* rst = stim.col<uint8_t>(1);

  std::vector<int8_t> ev(n);
  std::vector<int16_t> sigma(n);
  std::vector<int32_t> ref(n);
  std::vector<uint32_t> async_t;
  std::vector<int8_t> async_ev;
  std::vector<int16_t> async_sigma;
  std::vector<int32_t> async_ref;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vnrn_sigma_delta top{ctx.get()};

  // Power-on reset before cycle 0 (not recorded).
  top.clk_i = 0;
  top.rst_ni = 1;
  top.in_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.clk_i = 0;
    top.in_i = static_cast<uint16_t>(x[t]);
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_ev.push_back(sext2(top.event_o));
      async_sigma.push_back(static_cast<int16_t>(top.sigma_o));
      async_ref.push_back(sext17(top.ref_o));
    }
    top.clk_i = 1;
    top.eval();
    ev[t] = sext2(top.event_o);
    sigma[t] = static_cast<int16_t>(top.sigma_o);
    ref[t] = sext17(top.ref_o);
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {ev.data(), sigma.data(), ref.data()}, {1, 2, 4});
  deep::write_block(out, async_t.size(), {async_t.data(), async_ev.data(), async_sigma.data(), async_ref.data()},
                    {4, 1, 2, 4});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
