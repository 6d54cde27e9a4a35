// deep_io.h -- file format shared by the Verilator deep-check harnesses (tb_<unit>.cpp) and verif/deep/deep.py.
//
// A file is a sequence of blocks. A block is column-major so that Python reads it with numpy in one call:
//
//   char     magic[8]          "NRNDEEP1"
//   uint64   rows              cycles (or events) in the block
//   uint32   ncols             number of columns
//   uint32   size[ncols]       bytes per element of each column (1, 2 or 4); both sides check them
//   bytes    column 0 (rows * size[0]), column 1, ...
//
// The stimulus file holds one block (one column per input, plus rst: 1 = rst_ni low for that cycle). The
// output file holds two blocks: the registered outputs after every clock edge, then one row per cycle in
// which the reset was asserted, with the outputs seen after the reset edge and BEFORE the clock edge (that
// is what shows the reset is asynchronous).
#ifndef DEEP_IO_H
#define DEEP_IO_H

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace deep {

static const char kMagic[8] = {'N', 'R', 'N', 'D', 'E', 'E', 'P', '1'};

[[noreturn]] inline void die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "deep harness: ");
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
  std::exit(2);
}

struct Block {
  uint64_t rows = 0;
  std::vector<std::vector<uint8_t>> cols;
  template <typename T> const T* col(size_t k) const { return reinterpret_cast<const T*>(cols.at(k).data()); }
};

inline void read_exact(FILE* f, void* dst, size_t bytes, const char* what) {
  if (bytes && std::fread(dst, 1, bytes, f) != bytes) die("short read of %s", what);
}

// Reads one block and checks that its column sizes are the ones this harness was written for.
inline Block read_block(FILE* f, const std::vector<uint32_t>& sizes) {
  char magic[8];
  read_exact(f, magic, sizeof magic, "magic");
  if (std::memcmp(magic, kMagic, sizeof magic) != 0) die("bad magic (not a deep-check stimulus file)");
  Block b;
  uint32_t ncols = 0;
  read_exact(f, &b.rows, sizeof b.rows, "row count");
  read_exact(f, &ncols, sizeof ncols, "column count");
  if (ncols != sizes.size()) die("stimulus has %u columns, the harness expects %zu", ncols, sizes.size());
  std::vector<uint32_t> got(ncols);
  read_exact(f, got.data(), ncols * sizeof(uint32_t), "column sizes");
  for (uint32_t k = 0; k < ncols; ++k) {
    if (got[k] != sizes[k]) die("column %u has %u-byte elements, the harness expects %u", k, got[k], sizes[k]);
  }
  b.cols.resize(ncols);
  for (uint32_t k = 0; k < ncols; ++k) {
    b.cols[k].resize(b.rows * sizes[k]);
    read_exact(f, b.cols[k].data(), b.cols[k].size(), "column data");
  }
  return b;
}

inline void write_block(FILE* f, uint64_t rows, const std::vector<const void*>& cols,
                        const std::vector<uint32_t>& sizes) {
  const uint32_t ncols = static_cast<uint32_t>(cols.size());
  bool ok = std::fwrite(kMagic, 1, sizeof kMagic, f) == sizeof kMagic;
  ok = ok && std::fwrite(&rows, sizeof rows, 1, f) == 1;
  ok = ok && std::fwrite(&ncols, sizeof ncols, 1, f) == 1;
  ok = ok && std::fwrite(sizes.data(), sizeof(uint32_t), ncols, f) == ncols;
  for (uint32_t k = 0; k < ncols && ok; ++k) {
    ok = rows == 0 || std::fwrite(cols[k], sizes[k], rows, f) == rows;
  }
  if (!ok) die("write failed");
}

inline FILE* open_or_die(const char* path, const char* mode) {
  FILE* f = std::fopen(path, mode);
  if (!f) die("cannot open %s (mode %s)", path, mode);
  return f;
}

}  // namespace deep

#endif  // DEEP_IO_H
