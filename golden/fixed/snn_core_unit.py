"""Bit-true model of the ``snn_core`` network core: :class:`~golden.export.q88.QuantNetwork`, seen as the core sees it.

The core (``rtl/snn/snn_core.sv``) runs a feed-forward network of Q8.8 LIF layers with one shared datapath. Its
arithmetic is exactly the step of :mod:`golden.export.q88` (the :mod:`golden.export.network` docstring)::

    acc = sum_j W[i, j] s_j + bias[i] (exact);  I = sat16(acc);  dv = ((v_rest - v) * leak) >> 8 (floor)
    v_next = sat16(v + dv + I);  s = v_next >= threshold;  v = v_reset if s else v_next

so this module adds no arithmetic of its own: :class:`SnnCoreModel` runs ``QuantNetwork`` and lays its traces out
in the order the core streams them (step, layer, neuron), and the helpers map an export directory (the format of
:mod:`golden.export.memfiles`) to the core's RTL parameters and count the core's clocks.

Timing of the core (exact; checked against the RTL by the testbench and the deep check). A layer with ``k``
active inputs costs ``n_out * max(k, 1)`` clocks (one synaptic operation per clock, one clock for a neuron
without input) plus :data:`DRAIN_CYCLES` for its pipeline to empty; a step also costs one clock per input event
and one for the step's end marker; a sample adds one clock per neuron (all layers) for the walk that streams
the counts and clears the state::

    step clocks   = (k_0 + 1) + sum_l (n_l * max(k_l, 1) + DRAIN_CYCLES)
    sample clocks = sum over steps + sum_l n_l

Example
-------
>>> import numpy as np
>>> from golden.export.q88 import QuantLayer, QuantNetwork
>>> net = QuantNetwork((QuantLayer(np.array([[256, -128]]), np.array([0]), leak=256, threshold=256),), 2)
>>> m = SnnCoreModel(net)
>>> r = m.records(np.array([[1, 0], [0, 1]]))
>>> r["v"].tolist(), r["spike"].tolist(), m.counts(np.array([[1, 0], [0, 1]])).tolist()
([0, -128], [1, 0], [1])
>>> step_cycles(net, [1])        # (1 event + end) + (1 neuron * 1 input + drain)
10
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from golden.export.q88 import QuantLayer, QuantNetwork
from golden.registry import register_unit

__all__ = ["DRAIN_CYCLES", "MAX_LAYERS", "RTL_DEFAULTS", "SnnCoreModel", "check_rtl_params", "rtl_params",
           "sample_cycles", "step_cycles", "synth_metrics"]

MAX_LAYERS = 4  # Layer0..Layer3 parameters of the core
MAX_SIZE = 4096  # Inputs and Neurons per layer
MAX_WORDS = 65536  # weights and neurons in all (16-bit ld_addr_i; four UP5K SPRAMs hold 65536 weights)
DRAIN_CYCLES = 7  # clocks from a layer's last issued operation until its pipeline is empty
LAYER_FIELDS = ("Inputs", "Neurons", "Leak", "Threshold", "VRest", "VReset")

# The RTL defaults: the UP5K configuration (1024 neurons x 64 inputs = 65536 weights = the four SPRAMs).
RTL_DEFAULTS: dict[str, Any] = {
    "NumLayers": 1, "TimeSteps": 32, "UseSpram": 1,
    "Layer0Inputs": 64, "Layer0Neurons": 1024, "Layer0Leak": 16, "Layer0Threshold": 256, "Layer0VRest": 0,
    "Layer0VReset": 0,
    **{f"Layer{li}{f}": d for li in range(1, MAX_LAYERS)
       for f, d in zip(LAYER_FIELDS, (1, 1, 256, 256, 0, 0), strict=True)},
}


def rtl_params(net: QuantNetwork, export_dir: str | Path | None = None, use_spram: bool = False) -> dict[str, Any]:
    """The core's RTL parameters for ``net`` (``ExportDir`` set when ``export_dir`` is given: the core then loads
    the export's memory files with ``$readmemh``). Raises when the network does not fit the core."""
    check_fits(net)
    p: dict[str, Any] = {"NumLayers": len(net.layers), "TimeSteps": net.timesteps, "UseSpram": int(use_spram)}
    for li in range(MAX_LAYERS):
        if li < len(net.layers):
            q = net.layers[li]
            vals = (q.n_in, q.n_out, q.leak, q.threshold, q.v_rest, q.v_reset)
        else:
            vals = (1, 1, 256, 256, 0, 0)
        p.update({f"Layer{li}{f}": int(v) for f, v in zip(LAYER_FIELDS, vals, strict=True)})
    if export_dir is not None:
        if use_spram:
            raise ValueError("use_spram=True: SPRAM has no power-up contents; load the weights through ld_* "
                             "(export_dir must be None)")
        p["ExportDir"] = str(Path(export_dir).resolve())
    return p


def check_fits(net: QuantNetwork) -> None:
    """Raise ValueError (naming the limit) when ``net`` does not fit the core's parameter ranges."""
    if not 1 <= len(net.layers) <= MAX_LAYERS:
        raise ValueError(f"snn_core runs 1 to {MAX_LAYERS} layers, got {len(net.layers)}")
    for li, q in enumerate(net.layers):
        for what, n in (("n_in", q.n_in), ("n_out", q.n_out)):
            if not 1 <= n <= MAX_SIZE:
                raise ValueError(f"snn_core layer {li}: {what} must be in [1, {MAX_SIZE}], got {n}")
    words = sum(q.n_in * q.n_out for q in net.layers)
    neurons = sum(q.n_out for q in net.layers)
    if words > MAX_WORDS or neurons > MAX_WORDS:
        raise ValueError(f"snn_core holds at most {MAX_WORDS} weights and {MAX_WORDS} neurons, got {words} and "
                         f"{neurons}")
    if not 1 <= net.timesteps <= 65535:
        raise ValueError(f"snn_core: timesteps must be in [1, 65535], got {net.timesteps}")


def check_rtl_params(net: QuantNetwork, params: dict[str, Any]) -> list[str]:
    """The differences between the RTL parameters read back from a DUT and those ``net`` needs (empty: agree)."""
    want = rtl_params(net)
    return [f"{k}: DUT {params.get(k)!r}, network {v!r}" for k, v in want.items()
            if k != "UseSpram" and int(params.get(k, -(1 << 40))) != int(v)
            and (k.startswith(("NumLayers", "TimeSteps")) or int(k[5]) < len(net.layers))]


def step_cycles(net: QuantNetwork, active: Sequence[int], extra_events: int | None = None) -> int:
    """Clocks of one step: ``active[l]`` = number of active inputs of layer l (``active[0]`` = input events,
    ``active[l]`` = spikes of layer l - 1); ``extra_events``: input transfers beyond ``active[0]`` (ignored
    out-of-range indices), 0 by default."""
    if len(active) != len(net.layers):
        raise ValueError(f"active must give one count per layer ({len(net.layers)}), got {len(active)}")
    clocks = int(active[0]) + int(extra_events or 0) + 1
    for q, k in zip(net.layers, active, strict=True):
        clocks += q.n_out * max(int(k), 1) + DRAIN_CYCLES
    return clocks


def sample_cycles(net: QuantNetwork, spikes_in: np.ndarray) -> int:
    """Clocks of one sample (every step, then the count walk) when the inputs are offered without gaps."""
    run = net.run(spikes_in)
    x = np.asarray(spikes_in)
    total = 0
    for t in range(x.shape[0]):
        active = [int(x[t].sum())] + [int(run.spikes[li][t].sum()) for li in range(len(net.layers) - 1)]
        total += step_cycles(net, active)
    return total + sum(q.n_out for q in net.layers)


class SnnCoreModel:
    """The core's bit-true model: a :class:`QuantNetwork` with the core's output order.

    ``records(spikes_in)`` gives, for one sample (``spikes_in`` (T, n_in) of 0/1), every membrane record the core
    streams on ``mem_*``, in its order (step, then layer, then neuron): fields ``step``, ``layer``, ``idx``,
    ``v`` (after the step) and ``spike``; ``counts(spikes_in)`` the last layer's spike counts (``cnt_*``)."""

    RECORD = np.dtype([("step", "<i4"), ("layer", "<i4"), ("idx", "<i4"), ("v", "<i4"), ("spike", "u1")])

    def __init__(self, net: QuantNetwork):
        check_fits(net)
        self.net = net

    @classmethod
    def from_export(cls, directory: str | Path) -> SnnCoreModel:
        from golden.export.memfiles import read_export

        return cls(read_export(directory))

    @property
    def layers(self) -> tuple[QuantLayer, ...]:
        return self.net.layers

    def records_per_step(self) -> int:
        return sum(q.n_out for q in self.net.layers)

    def records(self, spikes_in: np.ndarray) -> np.ndarray:
        run = self.net.run(spikes_in)
        steps = np.asarray(spikes_in).shape[0]
        per = self.records_per_step()
        out = np.empty(steps * per, dtype=self.RECORD)
        pos = 0
        for t in range(steps):
            for li, q in enumerate(self.net.layers):
                sl = slice(pos, pos + q.n_out)
                out["step"][sl], out["layer"][sl] = t, li
                out["idx"][sl] = np.arange(q.n_out)
                out["v"][sl] = run.v[li][t]
                out["spike"][sl] = run.spikes[li][t]
                pos += q.n_out
        return out

    def counts(self, spikes_in: np.ndarray) -> np.ndarray:
        return self.net.run(spikes_in).counts

    def batch(self, spikes_in: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Many samples (B, T, n_in) at once: (counts (B, n_out), per-layer v (B, T, n), spikes (B, T, n))."""
        r = self.net.run_batch(spikes_in, trace=True)
        return r.counts, r.v, r.spikes


def synth_metrics(fmax_mhz: float, params: dict[str, Any] | None = None,
                  activities: Sequence[float] = (0.0, 0.1, 0.3, 1.0)) -> dict[str, Any]:
    """Throughput of a single-layer core at ``fmax_mhz``: neuron updates and synaptic operations per second for
    a fraction ``a`` of the inputs active each step (from :func:`step_cycles`; the per-sample count walk is
    left out: it is ``Neurons`` clocks per ``TimeSteps`` steps)."""
    p = {**RTL_DEFAULTS, **(params or {})}
    if int(p["NumLayers"]) != 1:
        raise ValueError("synth_metrics describes the single-layer synthesis configuration")
    n_in, n_out = int(p["Layer0Inputs"]), int(p["Layer0Neurons"])
    net = QuantNetwork((QuantLayer(np.zeros((n_out, n_in), np.int64), np.zeros(n_out, np.int64), leak=256,
                                   threshold=256),), timesteps=int(p["TimeSteps"]))
    rows = []
    for a in activities:
        k = int(round(a * n_in))
        clocks = step_cycles(net, [k])
        steps_per_s = fmax_mhz * 1e6 / clocks
        rows.append({"active_inputs": k, "clocks_per_step": clocks, "steps_per_s": round(steps_per_s, 1),
                     "neuron_updates_per_s": round(steps_per_s * n_out), "sops_per_s": round(steps_per_s * n_out * k)})
    formula = f"clocks/step = (k + 1) + Neurons * max(k, 1) + {DRAIN_CYCLES} for k active inputs"
    return {"neurons": n_out, "inputs": n_in, "synapses": n_in * n_out, "fmax_mhz": fmax_mhz, "formula": formula,
            "activity": rows}


register_unit(
    "snn_core",
    sim="snn",
    model="golden.fixed.snn_core_unit.SnnCoreModel",
    rtl="rtl/snn/snn_core.sv",
    description="time-multiplexed Q8.8 LIF network core (1-4 layers, one shared datapath, weights in SPRAM/EBR, "
    "event-driven inputs, every membrane streamed)",
)
