#!/usr/bin/env python3
"""Find and prove maximal-length LFSR feedback polynomials for every width 3..32 and write them as tables.

Usage::

    .venv/bin/python scripts/gen_lfsr_taps.py           # rewrite both generated files
    .venv/bin/python scripts/gen_lfsr_taps.py --check   # exit 1 if either committed file is stale

Outputs (both say that they were generated here; ``tests/test_lfsr_taps.py`` re-runs this script and checks them):

* ``golden/fixed/lfsr_taps.py``: ``LFSR_TAPS`` (width -> feedback mask), ``LFSR_DEFAULT_SEED`` and the
  ``LfsrForm`` codes, read by the bit-true model ``golden/fixed/lfsr.py``;
* ``rtl/include/sc_lfsr_taps.svh``: the macros ``SC_LFSR_TAPS(w)`` and ``SC_LFSR_SEED(w)`` that pick the defaults
  of ``sc_lfsr`` (and ``sc_sng``) for their ``Width``, and the ``Form`` codes.

Feedback mask. Bit k-1 of the mask is set for every exponent k >= 1 of the polynomial
p(x) = x^n + ... + 1 (the constant term is implicit), so the integer of p over GF(2) is ``(mask << 1) | 1``.
Both register forms of ``sc_lfsr`` use the same mask:

* Fibonacci (shift left):  state <- ((state << 1) | parity(state & mask)) mod 2^n. The output sequence obeys
  b_t = XOR_{k in p} b_(t-k): its characteristic polynomial is the reciprocal x^n p(1/x) of p;
* Galois (shift right):    state <- (state >> 1) XOR (state[0] ? mask : 0). Bit-reversed, this is multiplication
  by x modulo the same reciprocal polynomial.

The reciprocal of a primitive polynomial is primitive, so one primitive p gives period 2^n - 1 in both forms.

Proof of maximality (integers only, no brute force needed): a polynomial p of degree n with p(0) = 1 is primitive
over GF(2) iff the multiplicative order of x modulo p is exactly 2^n - 1 (Lidl & Niederreiter, "Finite Fields",
1997, Thm 3.16 and 3.18), i.e. iff x^(2^n - 1) = 1 (mod p) and x^((2^n - 1)/q) != 1 (mod p) for every prime q
dividing 2^n - 1. 2^n - 1 < 2^32 is factored by trial division. As an independent check the script also steps
both register forms through their whole period for widths up to ``BRUTE_FORCE_MAX_WIDTH`` (2^n - 1 steps back
to the seed, never earlier); the model's tests and the Verilator deep checks repeat that up to 24 bits.

Selection (deterministic): the fewest taps first. A primitive trinomial x^n + x^k + 1 with the largest k if one
exists, else the pentanomial x^n + x^a + x^b + x^c + 1 with the lexicographically largest (a, b, c). One
exception, pinned: width 16 keeps the project's original polynomial x^16 + x^14 + x^13 + x^11 + 1 (mask 0xB400,
with seed 0xACE1 the default of ``sc_lfsr`` and ``sc_sng`` since the first RTL; every test vector depends on it).
It is proven primitive like every other entry.

Default seed: 0xACE1 masked to the width (bit 0 is set, so it is never zero).
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY_OUT = ROOT / "golden" / "fixed" / "lfsr_taps.py"
SVH_OUT = ROOT / "rtl" / "include" / "sc_lfsr_taps.svh"

MIN_WIDTH, MAX_WIDTH = 3, 32
PINNED = {16: 0xB400}  # x^16 + x^14 + x^13 + x^11 + 1: the original default (see the module docstring)
DEFAULT_SEED = 0xACE1
FORMS = (("FIBONACCI", 0, "shift left, parity of the tapped bits into bit 0"),
         ("GALOIS", 1, "shift right, the mask XORed in when the bit shifted out is 1"))
BRUTE_FORCE_MAX_WIDTH = 16

# ------------------------------------------------------------------------------------------------------------
# GF(2) polynomials as Python integers (bit k = coefficient of x^k)


def polymulmod(a: int, b: int, p: int) -> int:
    """a * b mod p over GF(2)."""
    n = p.bit_length() - 1
    r = 0
    while b:
        if b & 1:
            r ^= a
        b >>= 1
        a <<= 1
        if (a >> n) & 1:
            a ^= p
    return r


def polypowmod(a: int, e: int, p: int) -> int:
    """a^e mod p over GF(2) (square and multiply)."""
    r = 1
    while e:
        if e & 1:
            r = polymulmod(r, a, p)
        a = polymulmod(a, a, p)
        e >>= 1
    return r


def prime_factors(m: int) -> list[int]:
    """The distinct prime factors of m (trial division; m < 2^32 here)."""
    out, d = [], 2
    while d * d <= m:
        if m % d == 0:
            out.append(d)
            while m % d == 0:
                m //= d
        d += 1 if d == 2 else 2
    if m > 1:
        out.append(m)
    return out


def is_primitive(p: int) -> bool:
    """True when p (degree n >= 1, constant term 1) is primitive over GF(2): the order of x mod p is 2^n - 1."""
    n = p.bit_length() - 1
    if n < 1 or not p & 1:
        return False
    order = (1 << n) - 1
    x = 0b10 if n > 1 else 0b10 ^ p  # x mod p
    if polypowmod(x, order, p) != 1:
        return False
    return all(polypowmod(x, order // q, p) != 1 for q in prime_factors(order))


def mask_to_poly(mask: int) -> int:
    return (mask << 1) | 1


def poly_text(mask: int) -> str:
    exps = [k + 1 for k in range(mask.bit_length() - 1, -1, -1) if (mask >> k) & 1]
    return " + ".join("x" if e == 1 else f"x^{e}" for e in exps) + " + 1"


def candidates(n: int):
    """Feedback masks of degree n in the selection order: trinomials (largest k first), then pentanomials."""
    for k in range(n - 1, 0, -1):
        yield (1 << (n - 1)) | (1 << (k - 1))
    for a, b, c in combinations(range(n - 1, 0, -1), 3):  # lexicographically descending (a > b > c)
        yield (1 << (n - 1)) | (1 << (a - 1)) | (1 << (b - 1)) | (1 << (c - 1))


def find_taps(n: int) -> int:
    if n in PINNED:
        if not is_primitive(mask_to_poly(PINNED[n])):
            raise AssertionError(f"pinned width-{n} mask {PINNED[n]:#x} is not primitive")
        return PINNED[n]
    for mask in candidates(n):
        if is_primitive(mask_to_poly(mask)):
            return mask
    raise AssertionError(f"no primitive trinomial or pentanomial of degree {n}")


# ------------------------------------------------------------------------------------------------------------
# brute force, from the definitions of the two register forms (independent of the model in golden/)


def step_fibonacci(s: int, mask: int, n: int) -> int:
    return ((s << 1) | ((s & mask).bit_count() & 1)) & ((1 << n) - 1)


def step_galois(s: int, mask: int, n: int) -> int:
    return (s >> 1) ^ (mask if s & 1 else 0)


def brute_period(step, mask: int, n: int, seed: int) -> int:
    s, k = step(seed, mask, n), 1
    while s != seed:
        s, k = step(s, mask, n), k + 1
        if k > 1 << n:
            raise AssertionError(f"width {n}: the sequence does not return to the seed")
    return k


def default_seed(n: int) -> int:
    return DEFAULT_SEED & ((1 << n) - 1)


def table() -> dict[int, int]:
    taps = {n: find_taps(n) for n in range(MIN_WIDTH, MAX_WIDTH + 1)}
    for n, mask in taps.items():
        if n <= BRUTE_FORCE_MAX_WIDTH:
            for step in (step_fibonacci, step_galois):
                period = brute_period(step, mask, n, default_seed(n))
                if period != (1 << n) - 1:
                    raise AssertionError(f"width {n} mask {mask:#x} {step.__name__}: period {period}")
    return taps


# ------------------------------------------------------------------------------------------------------------
# rendering

HEADER_NOTE = "GENERATED by `python scripts/gen_lfsr_taps.py`; do not edit (tests/test_lfsr_taps.py checks it)."


def render_py(taps: dict[int, int]) -> str:
    lines = [
        f'"""Maximal-length LFSR feedback masks for widths {MIN_WIDTH}..{MAX_WIDTH}, the default seed and the register',
        "forms of ``sc_lfsr``.",
        "",
        HEADER_NOTE,
        "",
        "Bit k-1 of a mask is set for every exponent k >= 1 of a primitive polynomial x^n + ... + 1 (the script proves",
        "each one primitive: the order of x modulo it is 2^n - 1). Width 16 is pinned to the original default.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import enum",
        "",
        f"LFSR_MIN_WIDTH, LFSR_MAX_WIDTH = {MIN_WIDTH}, {MAX_WIDTH}",
        f"LFSR_DEFAULT_SEED = 0x{DEFAULT_SEED:04X}  # the default seed of a w-bit LFSR is this masked to w bits",
        "",
        "",
        "class LfsrForm(enum.IntEnum):",
        '    """``Form`` parameter of ``sc_lfsr``."""',
        "",
    ]
    for name, code, doc in FORMS:
        lines.append(f"    {name} = {code}  # {doc}")
    lines += ["", "", "LFSR_TAPS: dict[int, int] = {"]
    for n, mask in taps.items():
        lines.append(f"    {n}: 0x{mask:08X},  # {poly_text(mask)}")
    lines += ["}", ""]
    return "\n".join(lines)


def render_svh(taps: dict[int, int]) -> str:
    chain = " : ".join(f"(w) == {n} ? 32'h{mask:08X}" for n, mask in taps.items())
    lines = [
        "// sc_lfsr_taps.svh -- maximal-length LFSR feedback masks (widths "
        f"{MIN_WIDTH}..{MAX_WIDTH}), default seed and register forms.",
        f"// {HEADER_NOTE}",
        "// Bit k-1 of a mask is set for every exponent k >= 1 of a primitive polynomial x^n + ... + 1 (proven",
        "// primitive by the script); Python twin: golden/fixed/lfsr_taps.py. Polynomials:",
    ]
    for n, mask in taps.items():
        lines.append(f"//   {n:2d}: 32'h{mask:08X}  {poly_text(mask)}")
    lines += [
        "`ifndef SC_LFSR_TAPS_SVH",
        "`define SC_LFSR_TAPS_SVH",
    ]
    for name, code, doc in FORMS:
        lines.append(f"`define SC_LFSR_{name} {code}  // Form: {doc}")
    lines += [
        f"// default feedback mask of a w-bit sc_lfsr (0 outside [{MIN_WIDTH}, {MAX_WIDTH}]: rejected at elaboration)",
        f"`define SC_LFSR_TAPS(w) ({chain} : 32'h00000000)",
        f"// default seed of a w-bit sc_lfsr: 32'h{DEFAULT_SEED:08X} masked to w bits (bit 0 set: never zero)",
        f"`define SC_LFSR_SEED(w) (32'h{DEFAULT_SEED:08X} & ((32'd1 << (w)) - 32'd1))",
        "`endif  // SC_LFSR_TAPS_SVH",
        "",
    ]
    return "\n".join(lines)


def outputs() -> dict[Path, str]:
    taps = table()
    return {PY_OUT: render_py(taps), SVH_OUT: render_svh(taps)}


def _rel(p: Path) -> str:
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


def stale(files: dict[Path, str]) -> list[Path]:
    return [p for p, text in files.items() if not p.exists() or p.read_text() != text]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if a committed file differs from a fresh run")
    args = ap.parse_args(argv)
    files = outputs()
    if args.check:
        bad = stale(files)
        for p in bad:
            print(f"{_rel(p)} is stale: run `python scripts/gen_lfsr_taps.py`", file=sys.stderr)
        return 1 if bad else 0
    for p, text in files.items():
        p.write_text(text)
        print(f"wrote {_rel(p)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
