"""NIR (Neuromorphic Intermediate Representation; Pedersen, Abreu, Jobst et al. 2024, Nature Communications,
arXiv:2311.14641) export and import of the feed-forward LIF network of :mod:`golden.export.network`.

Mapping between the discrete step and NIR's continuous LIF
----------------------------------------------------------
NIR's ``LIF`` node is the continuous-time neuron ``tau dv/dt = (v_leak - v) + r I`` with a spike and a reset to
``v_reset`` when ``v`` crosses ``v_threshold``. Integrated with one forward-Euler step of length ``dt`` it reads::

    v_next = v + (dt / tau) (v_leak - v) + (r dt / tau) I

and this network's step is ``v_next = v + leak (v_rest - v) + I`` with ``I = W s + bias`` (the ``Affine`` node in
front of the ``LIF``). So

* ``leak = dt / tau``, i.e. the export writes ``tau = dt / leak`` (seconds; ``dt`` is the spec's step length);
* the input gain ``r dt / tau`` must be 1: the export writes ``r = tau / dt = 1 / leak`` (the convention snnTorch
  uses for ``Leaky``: ``tau = dt / (1 - beta)``, ``r = tau / dt``) and the weights unchanged;
* ``v_leak = v_rest``, ``v_threshold = threshold``, ``v_reset = v_reset`` (always written, never dropped), each
  an array of the layer's size, as NIR requires;
* ``dt`` and ``timesteps`` go into the graph's ``metadata`` (NIR has no time step of its own), with the spec's
  name, ``meta`` (as JSON) and the discretisation used.

Import accepts any ``r``: the gain ``g = r dt / tau`` (times ``w_in`` for ``CubaLIF``) is folded into the rows of
the weights and the bias (``W[i, :] *= g[i]``, ``bias[i] *= g[i]``), so a graph written with ``r = 1`` (Norse's
convention, where the input is scaled by ``dt / tau``) imports as the same dynamics. A gain within 1e-9 of 1 is
taken as exactly 1 (so weights exported here come back bit-identical).

What does not carry over
------------------------
* NIR's spike condition is ``v > v_threshold``; this network (and its RTL) fires on ``v >= threshold``. The two
  differ only when ``v`` equals the threshold exactly (in Q8.8: within one LSB of it). The export keeps the
  threshold value and records ``spike_condition`` in the metadata; it does not shift the threshold.
* This network holds one ``tau``, ``v_leak``, ``v_threshold`` and ``v_reset`` per layer; a node whose neurons
  differ in one of them is rejected (``r`` and ``w_in`` may differ per neuron: they fold into the weights).
* ``CubaLIF`` adds a synaptic current ``tau_syn dI/dt = -I + w_in S``. Its Euler step with ``dt / tau_syn = 1``
  gives ``I = w_in S``, the instantaneous synapse of this network, when the current is updated before the
  membrane in the same step (snnTorch's ``Synaptic`` with ``alpha = 0``). Only that case is imported; any other
  ``tau_syn`` is an error naming the node. (A simulator that updates the membrane from the previous step's
  current, as Norse's ``LIFCell`` and the NIR reference implementation do, sees one extra step of delay per layer
  for the same node.)
* Supported nodes: ``Input``, ``Output``, ``Affine``, ``Linear``, ``LIF``, ``CubaLIF`` and ``Flatten`` (a reshape
  to the flat input vector), in a chain ``input -> [Flatten] -> (Affine|Linear -> LIF|CubaLIF)+ -> output``. Other
  node types, branches, recurrent edges and nested graphs are errors naming the node.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from typing import Any

import nir
import numpy as np

from golden.export.memfiles import json_safe
from golden.export.network import LIFLayerSpec, NetworkSpec

GAIN_RTOL = 1e-9  # |g - 1| below this: the gain is exactly 1 (float rounding of tau / dt * dt / tau)
UNIFORM_RTOL = 1e-12  # per-neuron values that differ less than this are one per-layer value
SUPPORTED = "Input, Output, Affine, Linear, LIF, CubaLIF, Flatten"
DISCRETISATION = ("forward Euler, one step of dt: v += (dt/tau)(v_leak - v) + (r dt/tau) I, I = W s + b of the "
                  "same step; spike when v >= v_threshold, then v = v_reset")


class NIRImportError(ValueError):
    """A NIR graph that this network cannot represent (the message names the node and what is unsupported)."""


# ------------------------------------------------------------------------------------------------------------
# export


def to_nir(spec: NetworkSpec) -> nir.NIRGraph:
    """The spec as a NIR graph ``input -> fc0 -> lif0 -> fc1 -> lif1 ... -> output`` (see the module docstring)."""
    nodes: dict[str, nir.NIRNode] = {"input": nir.Input(input_type=np.array([spec.layers[0].n_in]))}
    edges: list[tuple[str, str]] = []
    prev = "input"
    for li, layer in enumerate(spec.layers):
        n = layer.n_out
        tau = spec.dt / layer.leak
        bias = layer.bias if layer.bias is not None else np.zeros(n)
        fc, lif = f"fc{li}", f"lif{li}"
        nodes[fc] = nir.Affine(weight=np.array(layer.weight, dtype=np.float64), bias=np.array(bias, np.float64))
        nodes[lif] = nir.LIF(
            tau=np.full(n, tau), r=np.full(n, tau / spec.dt), v_leak=np.full(n, float(layer.v_rest)),
            v_threshold=np.full(n, float(layer.threshold)), v_reset=np.full(n, float(layer.v_reset)),
        )
        edges += [(prev, fc), (fc, lif)]
        prev = lif
    nodes["output"] = nir.Output(output_type=np.array([spec.layers[-1].n_out]))
    edges.append((prev, "output"))
    metadata = {
        "dt": float(spec.dt),
        "timesteps": int(spec.timesteps),
        "name": spec.name,
        "meta_json": json.dumps(json_safe(spec.meta)),
        "discretisation": DISCRETISATION,
        "spike_condition": "v >= v_threshold",
        "generator": "golden.export.nir_io",
    }
    return nir.NIRGraph(nodes=nodes, edges=edges, metadata=metadata)


# ------------------------------------------------------------------------------------------------------------
# import


def _metadata(graph: nir.NIRGraph) -> dict:
    md = getattr(graph, "metadata", None)
    return md if isinstance(md, dict) else {}


def _time_value(graph: nir.NIRGraph, key: str, given: Any) -> Any:
    md = _metadata(graph)
    stored = md.get(key)
    if given is None:
        if stored is None:
            raise NIRImportError(f"the graph has no '{key}' in its metadata: pass {key}= (NIR graphs carry no time "
                                 f"step; snnTorch, for example, assumes dt = 1e-4 s when it writes tau)")
        return stored.item() if isinstance(stored, np.generic) else stored
    if stored is not None and not math.isclose(float(given), float(stored), rel_tol=1e-12):
        raise NIRImportError(f"{key}={given!r} disagrees with the graph's metadata {key}={stored!r}")
    return given


def _chain(graph: nir.NIRGraph) -> tuple[str, list[tuple[str, nir.NIRNode]]]:
    """(input node name, the nodes between the Input and the Output in order); an error unless a simple chain."""
    nodes = graph.nodes
    inputs = [k for k, n in nodes.items() if isinstance(n, nir.Input)]
    outputs = [k for k, n in nodes.items() if isinstance(n, nir.Output)]
    if len(inputs) != 1 or len(outputs) != 1:
        raise NIRImportError(f"the graph must have exactly one Input and one Output node, found inputs {inputs} "
                             f"and outputs {outputs}")
    succ: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    for a, b in graph.edges:
        for end in (a, b):
            if end not in nodes:
                raise NIRImportError(f"edge ({a!r}, {b!r}) names node {end!r}, which is not in the graph")
        succ[a].append(b)
        pred[b].append(a)
    chain, seen, cur = [], {inputs[0]}, inputs[0]
    while cur != outputs[0]:
        nxt = succ[cur]
        if len(nxt) != 1:
            raise NIRImportError(f"node {cur!r} has {len(nxt)} outgoing edges {nxt}: only a feed-forward chain "
                                 f"input -> ... -> output is supported")
        cur = nxt[0]
        if cur in seen or len(pred[cur]) != 1:
            raise NIRImportError(f"node {cur!r} has incoming edges from {pred[cur]}: recurrent or merging "
                                 f"connections are not supported")
        seen.add(cur)
        if cur != outputs[0]:
            chain.append((cur, nodes[cur]))
    if succ[outputs[0]]:
        raise NIRImportError(f"the Output node {outputs[0]!r} has outgoing edges {succ[outputs[0]]}")
    stray = sorted(set(nodes) - seen)
    if stray:
        raise NIRImportError(f"nodes {stray} are not on the path from {inputs[0]!r} to {outputs[0]!r}")
    return inputs[0], chain


def _per_neuron(node_name: str, kind: str, param: str, value: Any, n: int) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.size == 1:
        arr = np.full(n, float(arr.ravel()[0]))
    if arr.size != n:
        raise NIRImportError(f"node {node_name!r} ({kind}): {param} has shape {arr.shape}, but the Affine/Linear "
                             f"before it has {n} outputs")
    arr = arr.ravel()
    if not np.all(np.isfinite(arr)):
        raise NIRImportError(f"node {node_name!r} ({kind}): {param} must be finite, got {arr}")
    return arr


def _uniform(node_name: str, kind: str, param: str, value: Any, n: int) -> float:
    arr = _per_neuron(node_name, kind, param, value, n)
    if not np.allclose(arr, arr[0], rtol=UNIFORM_RTOL, atol=0.0):
        raise NIRImportError(f"node {node_name!r} ({kind}): {param} differs across its {n} neurons (min "
                             f"{arr.min()!r}, max {arr.max()!r}); this network has one {param} per layer")
    return float(arr[0])


def _layer(node_name: str, node: nir.NIRNode, weight: np.ndarray, bias: np.ndarray, dt: float) -> LIFLayerSpec:
    kind = type(node).__name__
    n = weight.shape[0]
    tau = _uniform(node_name, kind, "tau" if kind == "LIF" else "tau_mem",
                   node.tau if kind == "LIF" else node.tau_mem, n)
    if not tau > 0:
        raise NIRImportError(f"node {node_name!r} ({kind}): the membrane time constant must be > 0, got {tau!r}")
    leak = dt / tau
    if leak > 1.0 and math.isclose(leak, 1.0, rel_tol=UNIFORM_RTOL):
        leak = 1.0
    if not 0.0 < leak <= 1.0:
        raise NIRImportError(f"node {node_name!r} ({kind}): tau = {tau!r} s is shorter than dt = {dt!r} s, so the "
                             f"Euler step overshoots (dt/tau = {leak:g} > 1); this network needs tau >= dt")
    gain = _per_neuron(node_name, kind, "r", node.r, n) * dt / tau
    if kind == "CubaLIF":
        tau_syn = _per_neuron(node_name, kind, "tau_syn", node.tau_syn, n)
        ratio = dt / tau_syn
        if not np.allclose(ratio, 1.0, rtol=GAIN_RTOL, atol=0.0):
            raise NIRImportError(
                f"node {node_name!r} (CubaLIF): tau_syn = {float(tau_syn.min())!r}..{float(tau_syn.max())!r} s "
                f"gives a synaptic current that keeps memory across steps (dt/tau_syn = {ratio.min():g}.."
                f"{ratio.max():g}, dt = {dt!r} s); this network has no synaptic state: only tau_syn == dt (the "
                f"current equals its input each step) reduces to it"
            )
        gain = gain * _per_neuron(node_name, kind, "w_in", node.w_in, n)
    gain = np.where(np.abs(gain - 1.0) <= GAIN_RTOL, 1.0, gain)
    if not np.all(gain == 1.0):
        weight = weight * gain[:, None]
        bias = bias * gain
    return LIFLayerSpec(
        weight=weight, leak=leak,
        threshold=_uniform(node_name, kind, "v_threshold", node.v_threshold, n),
        v_rest=_uniform(node_name, kind, "v_leak", node.v_leak, n),
        v_reset=_uniform(node_name, kind, "v_reset", node.v_reset if node.v_reset is not None else 0.0, n),
        bias=bias,
    )


def from_nir(graph: nir.NIRGraph, dt: float | None = None, timesteps: int | None = None,
             name: str | None = None) -> NetworkSpec:
    """A NIR graph of Affine/Linear + LIF/CubaLIF layers -> :class:`NetworkSpec` (see the module docstring).

    ``dt`` (seconds per step) and ``timesteps`` default to the graph's metadata (written by :func:`to_nir`); a
    graph from another tool usually has neither, so pass them (for a graph written by snnTorch, ``dt = 1e-4``, the
    step snnTorch assumed when it turned ``beta`` into ``tau``). A value given here that disagrees with the
    metadata is an error. Unsupported structure is a :class:`NIRImportError` naming the node.
    """
    dt = float(_time_value(graph, "dt", dt))
    if not (math.isfinite(dt) and dt > 0):
        raise NIRImportError(f"dt must be finite and > 0, got {dt!r}")
    steps = _time_value(graph, "timesteps", timesteps)
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 1:
        raise NIRImportError(f"timesteps must be an integer >= 1, got {steps!r}")
    input_name, chain = _chain(graph)
    layers: list[LIFLayerSpec] = []
    pending: tuple[str, np.ndarray, np.ndarray] | None = None
    for node_name, node in chain:
        kind = type(node).__name__
        if isinstance(node, nir.Flatten):
            if pending is not None or layers:
                raise NIRImportError(f"node {node_name!r} (Flatten): only a Flatten of the input, before the first "
                                     f"Affine/Linear, is supported")
        elif isinstance(node, nir.Affine | nir.Linear):
            if pending is not None:
                raise NIRImportError(f"node {node_name!r} ({kind}) follows {pending[0]!r} without a LIF/CubaLIF in "
                                     f"between: consecutive affine maps are not supported")
            w = np.asarray(node.weight, dtype=np.float64)
            if w.ndim != 2:
                raise NIRImportError(f"node {node_name!r} ({kind}): weight must be 2-D (n_out, n_in), got {w.shape}")
            if isinstance(node, nir.Affine):
                b = np.asarray(node.bias, dtype=np.float64)
                b = np.full(w.shape[0], float(b.ravel()[0])) if b.size == 1 else b.ravel()
                if b.shape != (w.shape[0],):
                    raise NIRImportError(f"node {node_name!r} (Affine): bias has {b.size} values for {w.shape[0]} "
                                         f"outputs")
            else:
                b = np.zeros(w.shape[0])
            if layers and w.shape[1] != layers[-1].n_out:
                raise NIRImportError(f"node {node_name!r} ({kind}): weight has {w.shape[1]} inputs, but the layer "
                                     f"before it has {layers[-1].n_out} neurons")
            pending = (node_name, w, b)
        elif isinstance(node, nir.LIF | nir.CubaLIF):
            if pending is None:
                raise NIRImportError(f"node {node_name!r} ({kind}) has no Affine/Linear node before it")
            layers.append(_layer(node_name, node, pending[1], pending[2], dt))
            pending = None
        else:
            raise NIRImportError(f"node {node_name!r}: type {kind} is not supported (supported: {SUPPORTED})")
    if pending is not None:
        raise NIRImportError(f"node {pending[0]!r} is an Affine/Linear readout without a LIF/CubaLIF after it: "
                             f"this network's layers all spike")
    if not layers:
        raise NIRImportError("the graph has no Affine/Linear + LIF/CubaLIF layer")
    in_shape = graph.nodes[input_name].input_type.get("input")
    if in_shape is not None and int(np.prod(in_shape)) != layers[0].n_in:
        raise NIRImportError(f"the Input node {input_name!r} has shape {np.asarray(in_shape).tolist()} "
                             f"({int(np.prod(in_shape))} values), but the first layer has {layers[0].n_in} inputs")
    md = _metadata(graph)
    meta: dict[str, Any] = {}
    if "meta_json" in md:
        try:
            loaded = json.loads(str(md["meta_json"]))
            meta = loaded if isinstance(loaded, dict) else {"meta": loaded}
        except json.JSONDecodeError:
            meta = {"meta_json": str(md["meta_json"])}
    else:
        meta = {"source": "nir"}
    return NetworkSpec(tuple(layers), timesteps=int(steps), dt=dt, name=str(name or md.get("name", "nir")), meta=meta)
