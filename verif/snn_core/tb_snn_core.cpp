// Verilator harness of snn_core: runs many samples through the core as fast as it accepts them and writes every
// record it streams. Used by verif/snn_core/deep_snn_core.py (deep check, and the runner of an exported network).
//
// Usage: tb <input> <output>. All integers little-endian.
//   input : u32 n_samples, u32 timesteps, u32 n_load, u32 n_events_total;
//           n_load x (u32 bias_flag, u32 addr, u32 data)            words for ld_* (sent first)
//           n_samples * timesteps x (u32 k, k x u32 index)           input events of each step
//   output: u64 n_mem, n_mem x (u16 idx, i16 v, u8 layer, u8 spike)  every mem_* record, in order
//           u64 n_cnt, n_cnt x (u16 idx, u16 count, u8 last, u8 pad) every cnt_* record
//           u64 n_term, n_term x u64 clock                           the clock of every accepted end-of-step
// Every transfer is offered as soon as the previous one is taken (in_valid_i never drops inside a step), so the
// clocks between step ends follow golden/fixed/snn_core_unit.py step_cycles exactly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "Vsnn_core.h"
#include "verilated.h"

namespace {
[[noreturn]] void die(const char* msg, const char* arg) {
  std::fprintf(stderr, "tb_snn_core: %s %s\n", msg, arg);
  std::exit(2);
}
uint32_t rd32(FILE* f) {
  uint32_t v;
  if (std::fread(&v, 4, 1, f) != 1) die("short input file", "");
  return v;
}
#pragma pack(push, 1)
struct Mem {
  uint16_t idx;
  int16_t v;
  uint8_t layer, spike;
};
struct Cnt {
  uint16_t idx, count;
  uint8_t last, pad;
};
#pragma pack(pop)
template <typename T>
void put(FILE* f, const std::vector<T>& v) {
  const uint64_t n = v.size();
  std::fwrite(&n, 8, 1, f);
  if (n) std::fwrite(v.data(), sizeof(T), n, f);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) die("usage: tb <input> <output>", "");
  FILE* in = std::fopen(argv[1], "rb");
  if (!in) die("cannot open", argv[1]);
  const uint32_t n_samples = rd32(in), steps = rd32(in), n_load = rd32(in), n_events = rd32(in);
  std::vector<uint32_t> load(3 * static_cast<size_t>(n_load));
  for (auto& w : load) w = rd32(in);
  std::vector<uint32_t> step_len(static_cast<size_t>(n_samples) * steps), events;
  events.reserve(n_events);
  for (auto& k : step_len) {
    k = rd32(in);
    for (uint32_t e = 0; e < k; ++e) events.push_back(rd32(in));
  }
  std::fclose(in);

  const std::unique_ptr<VerilatedContext> ctx{new VerilatedContext};
  Vsnn_core top{ctx.get()};
  std::vector<Mem> mems;
  std::vector<Cnt> cnts;
  std::vector<uint64_t> terms;
  top.clk_i = 0;
  top.rst_ni = 0;
  top.in_valid_i = 0;
  top.ld_valid_i = 0;
  top.eval();
  for (int i = 0; i < 2; ++i) {
    top.clk_i = 1;
    top.eval();
    top.clk_i = 0;
    top.eval();
  }
  top.rst_ni = 1;
  size_t load_pos = 0, step = 0, ev_base = 0, samples_done = 0;
  uint32_t ev_pos = 0;
  const size_t n_steps = step_len.size();
  uint64_t clock = 0;
  const uint64_t limit = 4000000000ULL;
  while (samples_done < n_samples || load_pos < n_load) {
    top.clk_i = 0;
    top.ld_valid_i = 0;
    top.in_valid_i = 0;
    if (load_pos < n_load) {
      top.ld_valid_i = 1;
      top.ld_bias_i = load[3 * load_pos];
      top.ld_addr_i = load[3 * load_pos + 1];
      top.ld_data_i = load[3 * load_pos + 2];
    } else if (step < n_steps) {
      top.in_valid_i = 1;
      const bool last = ev_pos == step_len[step];
      top.in_last_i = last;
      top.in_idx_i = last ? 0 : events[ev_base + ev_pos];
    }
    top.eval();
    const bool ld_take = top.ld_valid_i && top.ld_ready_o;
    const bool in_take = top.in_valid_i && top.in_ready_o;
    const bool in_last = top.in_last_i;
    top.clk_i = 1;
    top.eval();
    ++clock;
    if (ld_take) ++load_pos;
    if (in_take) {
      if (in_last) {
        terms.push_back(clock);
        ev_base += step_len[step];
        ev_pos = 0;
        ++step;
      } else {
        ++ev_pos;
      }
    }
    if (top.mem_valid_o) {
      mems.push_back(Mem{static_cast<uint16_t>(top.mem_idx_o), static_cast<int16_t>(top.mem_v_o),
                         static_cast<uint8_t>(top.mem_layer_o), static_cast<uint8_t>(top.mem_spike_o)});
    }
    if (top.cnt_valid_o) {
      cnts.push_back(Cnt{static_cast<uint16_t>(top.cnt_idx_o), static_cast<uint16_t>(top.cnt_o),
                         static_cast<uint8_t>(top.cnt_last_o), 0});
      if (top.cnt_last_o) ++samples_done;
    }
    if (clock > limit) die("no progress: clock limit reached", "");
  }
  top.final();
  FILE* out = std::fopen(argv[2], "wb");
  if (!out) die("cannot open", argv[2]);
  put(out, mems);
  put(out, cnts);
  put(out, terms);
  if (std::fclose(out) != 0) die("closing failed:", argv[2]);
  return 0;
}
