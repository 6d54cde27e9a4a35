"""Verilator deep check of ``snn_core`` (see :mod:`verif.snn_core.deep_snn_core`): random stress networks of several
shapes, millions of neuron updates in total, every membrane of every neuron after every step, every spike count and
every step's clock count against the bit-true model, 0 mismatches; corners required; RTL mutants caught.

Shapes: the UP5K configuration (64 inputs x 1024 neurons, weights in the SPRAM wrapper loaded through ld_*), two
layers from ``$readmemh`` with leak 256 and 1, four layers (the core's maximum) with a silent-layer-prone deep end.
Each network comes from :func:`verif.snn_core.nets.stress_network`: negative and extreme weights (the accumulator
saturates both ways), levels anywhere in the word, ``v_next == threshold`` aimed at. The seeds are printed; a
failure reproduces from them.
"""

from __future__ import annotations

import numpy as np
import pytest

from verif.common.bench import mutate
from verif.common.rtl import sources
from verif.snn_core import deep_snn_core as deep
from verif.snn_core import nets

# name: (shape, steps, net seed, leaks, samples, UseSpram, {corner: minimum hits})
SETS = {
    "up5k_1024x64_spram": ((64, 1024), 8, 4, (None,), 64, True,
                           {"spike": 10_000, "no_spike": 10_000, "acc_sat_pos": 1_000, "acc_sat_neg": 1_000,
                            "negative_weight_active": 100_000, "empty_step": 10, "all_inputs": 10}),
    "two_layers_leak256_leak1": ((48, 64, 10), 16, 7, (256, 1), 600, False,
                                 {"spike": 10_000, "no_spike": 10_000, "threshold_equal": 1_000,
                                  "threshold_minus_1": 100, "acc_sat_pos": 1_000, "acc_sat_neg": 1_000,
                                  "v_sat_neg": 100, "negative_weight_active": 100_000, "empty_step": 100,
                                  "all_inputs": 100}),
    "four_layers": ((16, 32, 24, 16, 8), 16, 11, (1, 256, None, 100), 1000, False,
                    {"spike": 10_000, "no_spike": 10_000, "threshold_equal": 100, "acc_sat_pos": 100,
                     "acc_sat_neg": 100, "negative_weight_active": 100_000, "empty_step": 100, "all_inputs": 100}),
}
MUTANTS = {
    "no_acc_saturation": ("assign cur_i = (acc_q > AccMax)", "assign cur_i = 1'b1 ? acc_q[15:0] : (acc_q > AccMax)"),
    "leak_rounds": ("p4_dv_q    <= prod[25:8];", "p4_dv_q    <= prod[25:8] + 18'(prod[7]);"),
    "v_wraps": ("assign v_next = (p5_s_q > 19'sd32767)", "assign v_next = 1'b1 ? p5_s_q[15:0] : (p5_s_q > 19'sd32767)"),
}


def _network(name: str, tmp_path):
    shape, steps, net_seed, leaks, samples, spram, _ = SETS[name]
    net = nets.stress_network(net_seed, shape, steps, leaks)
    export = None if spram else nets.write_network(net, tmp_path / "export").resolve()
    return net, export, samples, spram


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("name", list(SETS))
def test_deep_snn_core(tmp_path, name):
    net, export, samples, spram = _network(name, tmp_path)
    seed = 1000 + list(SETS).index(name)
    x = nets.random_trains(np.random.default_rng(seed), samples, net.timesteps, net.n_in)
    res = deep.check(net, x, export, use_spram=spram, name=name, seed=seed)
    print(res.summary())
    assert res.mismatches == 0, res.first
    assert res.count_mismatches == 0
    assert res.cycle_mismatches == 0
    low = {k: (res.corners[k], m) for k, m in SETS[name][6].items() if res.corners[k] < m}
    assert not low, f"corners below their minimum (hits, minimum): {low}"


def test_deep_snn_core_totals():
    """The deep sets together update millions of neurons (every update checked)."""
    total = sum(sum(shape[1:]) * steps * samples for shape, steps, _, _, samples, _, _ in SETS.values())
    assert total >= 2_000_000, total


@pytest.mark.rtl
@pytest.mark.slow
@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_deep_snn_core_catches_mutant(tmp_path, mutant):
    net, export, _, spram = _network("two_layers_leak256_leak1", tmp_path)
    files = sources("snn_core")
    target = next(p for p in files if p.stem == "snn_core")
    src = mutate(target, tmp_path, *MUTANTS[mutant])
    x = nets.random_trains(np.random.default_rng(5), 60, net.timesteps, net.n_in)
    res = deep.check(net, x, export, use_spram=spram, name=mutant, seed=5,
                     rtl_files=[src if p == target else p for p in files])
    print(res.summary())
    assert res.mismatches > 0, f"mutant {mutant} was not caught"
