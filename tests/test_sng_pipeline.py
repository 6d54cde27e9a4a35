"""The comparator pipeline of ``sc_sng`` (``PipelineStages``) in the bit-true model (golden/fixed/lfsr.py).

The reference here is written from the RTL's structure, register by register, not from the model: each mode's
operands are mapped to one unsigned compare ``cmp_a < cmp_b`` of ``CmpWidth`` bits (offset binary for bipolar,
UQ1.Width for a Sobol source), the compare is split at ``LoBits = CmpWidth // 2`` into ``lt_hi``, ``eq_hi`` and
``lt_lo`` registers loaded in enabled cycles, and ``bit_o`` joins them at every clock. The model instead delays
the single-register output by a clock; the two must agree on every cycle, with enable gaps and resets.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from golden.fixed.lfsr import (
    SNG_BIPOLAR,
    SNG_DEFAULT_PIPELINE_STAGES,
    SNG_PIPELINE_STAGES,
    SNG_SOBOL,
    Lfsr,
    check_pipeline_stages,
    sng_bits,
    sng_delay,
    sng_operand_range,
    sng_pipeline_stages,
    sng_source,
)

ROOT = Path(__file__).resolve().parents[1]

MODES = [
    ("lfsr-unipolar-w16", {}),
    ("lfsr-bipolar-w16", {"Encoding": 1}),
    ("lfsr-galois-unipolar-w7", {"Width": 7, "Form": 1}),
    ("lfsr-galois-bipolar-w5", {"Width": 5, "Form": 1, "Encoding": 1}),
    ("lfsr-unipolar-w3", {"Width": 3}),
    ("sobol-unipolar-w8-dim3", {"Width": 8, "Source": 1, "Dim": 3}),
    ("sobol-bipolar-w11-dim6-shift", {"Width": 11, "Source": 1, "Encoding": 1, "Dim": 6, "Shift": 0x2B5}),
]


def rtl_operands(r: int, x: int, params: dict[str, int]) -> tuple[int, int, int]:
    """(cmp_a, cmp_b, CmpWidth) of the RTL for source state r and port value x (signed for bipolar)."""
    w = params.get("Width", 16)
    sobol = params.get("Source", 0) == SNG_SOBOL
    bits = w + 1 if sobol else w
    port = x & ((1 << bits) - 1)  # the pattern on x_i
    if params.get("Encoding", 0) == SNG_BIPOLAR:
        b = port ^ (1 << (bits - 1))  # the port's sign bit flipped: y + 2^(bits-1)
        a = r + (1 << (w - 1)) if sobol else r  # Sobol: r - 2^(W-1) + 2^W on W + 1 bits
        return a, b, bits
    return r, port, bits


def ref_pipelined(params: dict[str, int], x, enable, reset) -> np.ndarray:
    """bit_o of sc_sng with PipelineStages = 1, one cycle at a time, as the RTL's registers do it."""
    src = sng_source(params)
    src.reset()
    lt_hi = eq_hi = lt_lo = bit = 0
    out = []
    for t in range(len(enable)):
        if reset[t]:
            src.reset()
            lt_hi = eq_hi = lt_lo = bit = 0
        else:
            bit = lt_hi | (eq_hi & lt_lo)  # the join register, from the half registers before this edge
            if enable[t]:
                a, b, bits = rtl_operands(src.state, int(x[t]), params)
                lo = bits // 2
                lt_hi, eq_hi = int(a >> lo < b >> lo), int(a >> lo == b >> lo)
                lt_lo = int(a & ((1 << lo) - 1) < b & ((1 << lo) - 1))
                src.step()
        out.append(bit)
    return np.array(out)


def stimulus(params: dict[str, int], n: int, seed: int):
    """x uniform over the port, or aimed at the comparator's edge (the source's state +-1), in runs; enable
    gaps (several cycles long too) and resets."""
    rng = np.random.default_rng(seed)
    src = sng_source(params)
    enc = params.get("Encoding", 0)
    lo, hi = sng_operand_range(src, enc)
    enable = rng.random(n) < 0.75
    enable[rng.integers(0, n, 20)] = False
    reset = rng.random(n) < 0.01
    reset[:2] = [True, False]
    state = src.states(enable, reset)
    edge = state - ((1 << (src.width - 1)) if enc == SNG_BIPOLAR else 0)
    aimed = np.clip(edge + rng.integers(-1, 2, n), lo, hi)
    x = np.where(rng.random(n) < 0.5, aimed, rng.integers(lo, hi + 1, n))
    return x, enable, reset


@pytest.mark.parametrize("label,params", MODES, ids=[m[0] for m in MODES])
def test_model_matches_the_split_comparator_register_by_register(label, params):
    enc = params.get("Encoding", 0)
    for seed in (1, 2):
        x, enable, reset = stimulus(params, 6000, seed)
        ref = ref_pipelined(params, x, enable, reset)
        got = sng_bits(sng_source(params), x, enable, reset, enc, pipeline_stages=1)
        np.testing.assert_array_equal(got, ref)
        # the run exercised the pipeline: ones and zeros, and bit_o moving while the enable was low
        assert 0 < ref.sum() < ref.size
        moved = (~enable[1:] & ~reset[1:]) & (ref[1:] != ref[:-1])
        assert moved.any(), "no cycle with enable low changed bit_o: the stimulus misses the pipeline"


@pytest.mark.parametrize("bits", range(2, 10))
def test_split_compare_is_the_full_compare_exhaustively(bits):
    """a < b  <=>  a_hi < b_hi or (a_hi == b_hi and a_lo < b_lo), for every pair of bits-wide operands."""
    lo = bits // 2
    a, b = np.meshgrid(np.arange(1 << bits), np.arange(1 << bits), indexing="ij")
    m = (1 << lo) - 1
    split = ((a >> lo) < (b >> lo)) | (((a >> lo) == (b >> lo)) & ((a & m) < (b & m)))
    np.testing.assert_array_equal(split, a < b)


def test_pipelined_stream_is_the_same_stream_one_clock_later():
    """Over one whole LFSR period with enable high, the ones seen on bit_o in cycles 1..P (0 direct) and
    2..P+1 (pipelined) are the same bits: the pipeline moves the stream, it does not change it."""
    lf = Lfsr()
    per = lf.period_states().size
    n = per + 2
    x = np.full(n, 40_000)
    en = np.ones(n, bool)
    direct = sng_bits(lf, x, en)
    piped = sng_bits(lf, x, en, pipeline_stages=1)
    np.testing.assert_array_equal(piped[1:], direct[:-1])
    assert piped[0] == 0
    assert direct[:per].sum() == piped[1:per + 1].sum() == 40_000 - 1  # states 1 .. 39999 are below x


def test_reset_clears_the_pipeline():
    """A reset in cycle t: bit_o is 0 after that edge, and after the next one (the half registers were
    cleared too), although the comparator register held a one before the reset."""
    lf = Lfsr()
    n = 40
    x = np.full(n, 65_535)  # nearly every state is below: ones
    en = np.ones(n, bool)
    rst = np.zeros(n, bool)
    rst[20] = True
    direct = sng_bits(lf, x, en, rst)
    piped = sng_bits(lf, x, en, rst, pipeline_stages=1)
    assert direct[19] == 1 and piped[20] == 0 and piped[21] == 0
    assert direct[21] == 1 and piped[22] == 1
    np.testing.assert_array_equal(sng_delay(direct, rst, 1), piped)


def test_rtl_default_is_the_models_default():
    """The RTL's default PipelineStages (read from its source) is the one sng_pipeline_stages assumes."""
    text = (ROOT / "rtl" / "sc" / "sc_sng.sv").read_text()
    found = re.findall(r"^\s*parameter\s+int\s+PipelineStages\s*=\s*(\d+)", text, re.MULTILINE)
    assert found == [str(SNG_DEFAULT_PIPELINE_STAGES)]
    assert sng_pipeline_stages({}) == SNG_DEFAULT_PIPELINE_STAGES
    assert sng_pipeline_stages({"PipelineStages": 0}) == 0
    assert SNG_PIPELINE_STAGES == (0, 1)


def test_dense_layer_keeps_the_single_register_comparator():
    """sc_dense_layer's model assumes one cycle from x_i to the stream bit: every sc_sng it instantiates
    must say PipelineStages 0 (the default would silently add a cycle)."""
    text = (ROOT / "rtl" / "sc" / "sc_dense_layer.sv").read_text()
    assert text.count("sc_sng #(") == text.count(".PipelineStages(0)") == 2


@pytest.mark.parametrize("bad", [2, -1, True, 1.0, "1", None])
def test_bad_pipeline_stages_are_refused(bad):
    with pytest.raises(ValueError, match=r"pipeline_stages \(PipelineStages\) must be one of \[0, 1\], got"):
        check_pipeline_stages(bad)
    with pytest.raises(ValueError, match="pipeline_stages"):
        sng_bits(Lfsr(), np.zeros(3, np.int64), np.ones(3, bool), pipeline_stages=bad)


def test_delay_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="bits and reset must have the same length, got 4 and 3"):
        sng_delay(np.zeros(4), np.zeros(3, bool), 1)
