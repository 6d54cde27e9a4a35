// tb_nrn_loihi_cuba.cpp -- Verilator harness of the nrn_loihi_cuba deep check (Loihi CUBA compartment),
// driven by verif/deep/deep_loihi.py.
//
// Usage: tb <stimulus file> <output file> (format: deep_io.h). The stimulus has one row per clock cycle, columns
// du, dv (uint16), bias_mant, a (int16), rst (uint8; rst = 1: rst_ni low for the whole cycle). Every cycle: drive
// the inputs with the clock low and evaluate (in a reset cycle, record u_o, v_o, spike_o there: the reset is
// asynchronous), then take the rising edge and record u_o, v_o (sign-extended from 24 bits), spike_o, the
// registers AFTER that edge.
#include <memory>

#include "Vnrn_loihi_cuba.h"
#include "deep_io.h"
#include "verilated.h"

static int32_t sext24(uint32_t x) { return static_cast<int32_t>(x << 8) >> 8; }

int main(int argc, char** argv) {
  if (argc != 3) deep::die("usage: %s <stimulus> <output>", argv[0]);
  FILE* in = deep::open_or_die(argv[1], "rb");
  const deep::Block stim = deep::read_block(in, {2, 2, 2, 2, 1});
  std::fclose(in);
  const uint64_t n = stim.rows;
  const uint16_t* du = stim.col<uint16_t>(0);
  const uint16_t* dv = stim.col<uint16_t>(1);
  const int16_t* bias = stim.col<int16_t>(2);
  const int16_t* a = stim.col<int16_t>(3);
  const uint8_t* rst = stim.col<uint8_t>(4);

  std::vector<int32_t> u(n), v(n);
  std::vector<uint8_t> spike(n);
  std::vector<uint32_t> async_t;
  std::vector<int32_t> async_u, async_v;
  std::vector<uint8_t> async_spike;

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vnrn_loihi_cuba top{ctx.get()};

  // Power-on reset before cycle 0 (not recorded).
  top.clk_i = 0;
  top.rst_ni = 1;
  top.du_i = 0;
  top.dv_i = 0;
  top.bias_mant_i = 0;
  top.a_i = 0;
  top.eval();
  top.rst_ni = 0;
  top.eval();

  for (uint64_t t = 0; t < n; ++t) {
    top.clk_i = 0;
    top.du_i = du[t] & 0xFFFu;
    top.dv_i = dv[t] & 0xFFFu;
    top.bias_mant_i = static_cast<uint16_t>(bias[t]) & 0x1FFFu;
    top.a_i = static_cast<uint16_t>(a[t]);
    top.rst_ni = rst[t] ? 0 : 1;
    top.eval();
    if (rst[t]) {  // after the reset edge, before the clock edge
      async_t.push_back(static_cast<uint32_t>(t));
      async_u.push_back(sext24(top.u_o));
      async_v.push_back(sext24(top.v_o));
      async_spike.push_back(top.spike_o);
    }
    top.clk_i = 1;
    top.eval();
    u[t] = sext24(top.u_o);
    v[t] = sext24(top.v_o);
    spike[t] = top.spike_o;
  }
  top.final();

  FILE* out = deep::open_or_die(argv[2], "wb");
  deep::write_block(out, n, {u.data(), v.data(), spike.data()}, {4, 4, 1});
  deep::write_block(out, async_t.size(), {async_t.data(), async_u.data(), async_v.data(), async_spike.data()},
                    {4, 4, 4, 1});
  if (std::fclose(out) != 0) deep::die("closing %s failed", argv[2]);
  return 0;
}
