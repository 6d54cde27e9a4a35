"""The committed export of the trained digits classifier runs on snn_core with the Q8.8 model's answer on every
held-out sample (what ``make sim MODEL=digits`` prints), and its Q8.8 accuracy is within 1 point of float."""

from __future__ import annotations

import json

import numpy as np
import pytest

from golden.export.memfiles import read_export
from verif.snn_core import classifier


def test_committed_export_loads_and_records_its_training():
    net = read_export(classifier.EXPORT)  # format, shapes and checksums checked by the loader
    meta = json.loads((classifier.EXPORT / "manifest.json").read_text())["meta"]
    assert net.shape == (64, 64, 10) and net.timesteps == 16
    assert meta["dataset"] == "sklearn digits 8x8" and meta["encoding"] in ("rate", "latency")
    x, y = classifier.held_out(net, meta)
    assert x.shape == (450, 16, 64) and set(np.unique(x)) <= {0, 1} and len(y) == 450
    q88 = float(np.mean(net.classify(x) == y))
    assert q88 == pytest.approx(meta["q88_test_accuracy"], abs=1e-12)  # the export is the trained network
    assert q88 >= meta["float_test_accuracy"] - 0.01, "Q8.8 more than 1 point below float"


@pytest.mark.rtl
@pytest.mark.slow
def test_classifier_on_rtl_agrees_with_q88_on_every_sample():
    r = classifier.run(icarus=2)
    assert r.samples == 450
    assert r.record_mismatches == 0 and r.rtl_disagreements == 0
    assert r.icarus_samples == 2 and r.icarus_disagreements == 0
    assert r.rtl_accuracy == r.q88_accuracy and r.q88_accuracy > 0.9
