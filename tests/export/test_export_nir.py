"""NIR export and import (golden.export.nir_io): the tau/r/dt mapping checked against an independent forward-Euler
simulation of the NIR equations, round trips NIR -> Q8.8 export -> NIR and through nir.write/nir.read, graphs
written the way snnTorch and Norse write them, and clear errors for what the network cannot represent."""

from __future__ import annotations

import nir
import numpy as np
import pytest

from golden.export.memfiles import read_export, write_export
from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.export.nir_io import NIRImportError, from_nir, to_nir
from golden.export.q88 import QuantNetwork
from golden.export.random_net import random_spec, random_stimulus
from golden.fixed.qformat import Q8_8

ONE = Q8_8.one


def nir_euler(graph: nir.NIRGraph, dt: float, x: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Forward Euler of the NIR node equations as the NIR documentation states them, one step of ``dt`` per input
    row: ``v += dt/tau (v_leak - v + r I)``; CubaLIF: ``I_syn += dt/tau_syn (-I_syn + w_in I)`` first, then the
    membrane from the new current. Spikes on ``v >= v_threshold`` (this project's convention), reset to v_reset;
    membranes start at v_leak. Returns (output spike counts, membrane traces of the neuron nodes)."""
    succ = dict(graph.edges)
    (name,) = [k for k, n in graph.nodes.items() if isinstance(n, nir.Input)]
    order = []
    while not isinstance(graph.nodes[name], nir.Output):
        name = succ[name]
        order.append(name)
    state = {k: np.asarray(graph.nodes[k].v_leak, float).copy() for k in order
             if isinstance(graph.nodes[k], nir.LIF | nir.CubaLIF)}
    syn = {k: np.zeros_like(v) for k, v in state.items()}
    traces = {k: [] for k in state}
    counts = None
    for t in range(x.shape[0]):
        y = x[t].astype(float)
        for k in order:
            node = graph.nodes[k]
            if isinstance(node, nir.Flatten):
                y = y.ravel()
            elif isinstance(node, nir.Affine):
                y = node.weight @ y + node.bias
            elif isinstance(node, nir.Linear):
                y = node.weight @ y
            elif isinstance(node, nir.LIF | nir.CubaLIF):
                tau = node.tau if isinstance(node, nir.LIF) else node.tau_mem
                if isinstance(node, nir.CubaLIF):
                    syn[k] = syn[k] + dt / node.tau_syn * (-syn[k] + node.w_in * y)
                    y = syn[k]
                v = state[k] + dt / tau * (node.v_leak - state[k] + node.r * y)
                z = v >= node.v_threshold
                state[k] = np.where(z, node.v_reset, v)
                traces[k].append(state[k])
                y = z.astype(float)
        counts = y.astype(int) if counts is None else counts + y.astype(int)
    return counts, [np.array(tr) for tr in traces.values()]


def grid_spec(seed=0, shape=(12, 8, 4), timesteps=20, dt=1e-3):
    """A spec whose every value is on the Q8.8 grid (so quantising it changes nothing)."""
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(shape[:-1], shape[1:], strict=True):
        layers.append(LIFLayerSpec(
            weight=rng.integers(-200, 300, size=(n_out, n_in)) / ONE, leak=int(rng.integers(8, 90)) / ONE,
            threshold=int(rng.integers(200, 400)) / ONE, v_rest=int(rng.integers(-40, 40)) / ONE,
            v_reset=int(rng.integers(-100, 0)) / ONE, bias=rng.integers(-30, 30, size=n_out) / ONE))
    return NetworkSpec(tuple(layers), timesteps=timesteps, dt=dt, name=f"grid_{seed}", meta={"seed": seed})


def assert_graphs_equal(a: nir.NIRGraph, b: nir.NIRGraph):
    assert sorted(a.nodes) == sorted(b.nodes) and sorted(a.edges) == sorted(b.edges)  # nir.read sorts the nodes
    for k, na in a.nodes.items():
        nb = b.nodes[k]
        assert type(na) is type(nb), k
        fields = {"Affine": ("weight", "bias"), "LIF": ("tau", "r", "v_leak", "v_threshold", "v_reset")}
        for f in fields.get(type(na).__name__, ()):
            np.testing.assert_array_equal(getattr(na, f), getattr(nb, f), err_msg=f"{k}.{f}")
    for key in ("dt", "timesteps", "name"):
        assert a.metadata[key] == b.metadata[key], key


# ----------------------------------------------------------------------------------------------------------
# export


def test_to_nir_structure_and_parameter_mapping():
    spec = random_spec(3, (16, 8, 5), timesteps=25, dt=5e-4)
    g = to_nir(spec)
    assert list(g.nodes) == ["input", "fc0", "lif0", "fc1", "lif1", "output"]
    assert g.edges == [("input", "fc0"), ("fc0", "lif0"), ("lif0", "fc1"), ("fc1", "lif1"), ("lif1", "output")]
    assert g.nodes["input"].input_type["input"].tolist() == [16]
    assert g.nodes["output"].output_type["output"].tolist() == [5]
    for li, lay in enumerate(spec.layers):
        fc, lif = g.nodes[f"fc{li}"], g.nodes[f"lif{li}"]
        assert isinstance(fc, nir.Affine) and isinstance(lif, nir.LIF)
        np.testing.assert_array_equal(fc.weight, lay.weight)
        np.testing.assert_array_equal(fc.bias, lay.bias)
        for f in ("tau", "r", "v_leak", "v_threshold", "v_reset"):
            assert getattr(lif, f).shape == (lay.n_out,), f
        np.testing.assert_allclose(lif.tau, 5e-4 / lay.leak, rtol=1e-15)  # tau = dt / leak
        np.testing.assert_allclose(lif.r * 5e-4 / lif.tau, 1.0, rtol=1e-15)  # unit input gain r dt / tau
        assert (lif.v_leak[0], lif.v_threshold[0], lif.v_reset[0]) == (lay.v_rest, lay.threshold, lay.v_reset)
        assert lay.v_reset != 0.0  # a dropped v_reset (written as 0) would not pass the line above
    assert (g.metadata["dt"], g.metadata["timesteps"], g.metadata["spike_condition"]) == (5e-4, 25, "v >= v_threshold")


def test_euler_simulation_of_the_exported_graph_equals_the_network():
    """The NIR equations with the exported tau, r, v_leak integrated by forward Euler at dt reproduce the spec."""
    spec = random_spec(5, (20, 10, 6), timesteps=30, dt=1e-3)
    g = to_nir(spec)
    x = random_stimulus(6, 6, 30, 20)
    active = 0
    for b in range(6):
        counts, traces = nir_euler(g, spec.dt, x[b])
        ref_counts, ref_traces = spec.run(x[b])
        assert counts.tolist() == ref_counts.tolist()
        for tr, ref in zip(traces, ref_traces, strict=True):
            np.testing.assert_allclose(tr, ref, rtol=1e-9, atol=1e-9)
        active += int(counts.sum())
    assert active > 10


def test_from_nir_inverts_to_nir():
    spec = random_spec(8, (16, 8, 5), timesteps=12, dt=2e-3)
    back = from_nir(to_nir(spec))
    assert (back.timesteps, back.dt, back.name, back.meta) == (12, 2e-3, spec.name, spec.meta)
    for a, b in zip(spec.layers, back.layers, strict=True):
        np.testing.assert_array_equal(a.weight, b.weight)  # unit gain: weights untouched, bit for bit
        np.testing.assert_array_equal(a.bias, b.bias)
        assert b.leak == pytest.approx(a.leak, rel=1e-14)
        assert (a.threshold, a.v_rest, a.v_reset) == (b.threshold, b.v_rest, b.v_reset)
    assert QuantNetwork.from_spec(back).equals(QuantNetwork.from_spec(spec))


# ----------------------------------------------------------------------------------------------------------
# round trips


def test_round_trip_nir_export_nir_keeps_every_parameter(tmp_path):
    """NIR -> Q8.8 export directory -> NIR: every node, edge, array and the time metadata come back identical."""
    g0 = to_nir(grid_spec(1, (12, 8, 4), dt=1e-3))
    write_export(from_nir(g0), tmp_path)
    g1 = to_nir(read_export(tmp_path).to_spec())
    assert_graphs_equal(g0, g1)


def test_round_trip_of_an_off_grid_graph_is_stable_and_within_half_an_lsb(tmp_path):
    g0 = to_nir(random_spec(2, (16, 8, 5)))
    write_export(from_nir(g0), tmp_path / "a")
    g1 = to_nir(read_export(tmp_path / "a").to_spec())
    for k in ("fc0", "fc1"):
        assert np.max(np.abs(g1.nodes[k].weight - g0.nodes[k].weight)) <= 0.5 / ONE
    write_export(from_nir(g1), tmp_path / "b")
    assert read_export(tmp_path / "b").equals(read_export(tmp_path / "a"))  # quantising again changes nothing
    assert_graphs_equal(g1, to_nir(read_export(tmp_path / "b").to_spec()))


def test_nir_file_round_trip(tmp_path):
    spec = grid_spec(4, (10, 6, 3), timesteps=9, dt=1e-4)
    path = tmp_path / "net.nir"
    nir.write(path, to_nir(spec))
    g = nir.read(path)
    assert_graphs_equal(to_nir(spec), g)
    back = from_nir(g)
    assert (back.timesteps, back.dt, back.meta) == (9, 1e-4, {"seed": 4})
    assert QuantNetwork.from_spec(back).equals(QuantNetwork.from_spec(spec))


# ----------------------------------------------------------------------------------------------------------
# graphs as other tools write them


def snntorch_style_graph(rng, betas=(0.9375, 0.875), alpha=None, dt=1e-4):
    """Like snnTorch's export of Sequential(Flatten, Linear, Leaky, Linear, Leaky): nodes 'input', '0'..'4',
    'output'; Leaky -> LIF with tau = dt / (1 - beta), r = tau / dt, v_leak = 0 (snnTorch assumes dt = 1e-4);
    with ``alpha`` the second neuron is a Synaptic -> CubaLIF with tau_syn = dt / (1 - alpha)."""
    w1, b1 = rng.normal(0.1, 0.5, size=(16, 64)), rng.normal(0, 0.05, size=16)
    w2, b2 = rng.normal(0.1, 0.6, size=(10, 16)), rng.normal(0, 0.05, size=10)
    tau1, tau2 = dt / (1 - betas[0]), dt / (1 - betas[1])
    lif1 = nir.LIF(tau=np.full(16, tau1), r=np.full(16, tau1 / dt), v_leak=np.zeros(16), v_threshold=np.ones(16))
    if alpha is None:
        lif2 = nir.LIF(tau=np.full(10, tau2), r=np.full(10, tau2 / dt), v_leak=np.zeros(10), v_threshold=np.ones(10))
    else:
        lif2 = nir.CubaLIF(tau_syn=np.full(10, dt / (1 - alpha)), tau_mem=np.full(10, tau2), r=np.full(10, tau2 / dt),
                           v_leak=np.zeros(10), v_threshold=np.ones(10))
    nodes = {"input": nir.Input(input_type=np.array([8, 8])),
             "0": nir.Flatten(input_type={"input": np.array([8, 8])}, start_dim=0),
             "1": nir.Affine(weight=w1, bias=b1), "2": lif1, "3": nir.Affine(weight=w2, bias=b2), "4": lif2,
             "output": nir.Output(output_type=np.array([10]))}
    names = list(nodes)
    return nir.NIRGraph(nodes=nodes, edges=list(zip(names[:-1], names[1:], strict=True)))


def test_snntorch_style_graph_imports():
    rng = np.random.default_rng(10)
    g = snntorch_style_graph(rng)
    spec = from_nir(g, dt=1e-4, timesteps=25)
    assert [lay.leak for lay in spec.layers] == pytest.approx([1 - 0.9375, 1 - 0.875], rel=1e-12)
    np.testing.assert_array_equal(spec.layers[0].weight, g.nodes["1"].weight)  # r = tau/dt: unit gain
    assert (spec.layers[1].threshold, spec.layers[1].v_reset, spec.layers[0].n_in) == (1.0, 0.0, 64)
    assert [lay.leak for lay in QuantNetwork.from_spec(spec).layers] == [16, 32]
    x = (rng.random((25, 8, 8)) < 0.3).astype(np.uint8)
    counts, _ = nir_euler(g, 1e-4, x)
    assert counts.tolist() == spec.run(x.reshape(25, 64))[0].tolist() and counts.sum() > 0


def test_snntorch_synaptic_with_alpha_zero_imports_as_an_instantaneous_synapse():
    rng = np.random.default_rng(11)
    g = snntorch_style_graph(rng, alpha=0.0)
    spec = from_nir(g, dt=1e-4, timesteps=25)
    x = (rng.random((25, 8, 8)) < 0.3).astype(np.uint8)
    counts, _ = nir_euler(g, 1e-4, x)
    assert counts.tolist() == spec.run(x.reshape(25, 64))[0].tolist() and counts.sum() > 0


def test_norse_style_graph_with_unit_resistance_folds_the_gain_into_the_weights():
    """Norse writes LIF with r = 1 (its input enters scaled by dt/tau) and names nodes by position."""
    rng = np.random.default_rng(12)
    dt, tau = 1e-3, np.array([5e-3, 2e-2])
    w1, w2 = rng.normal(1.0, 3.0, size=(12, 20)), rng.normal(1.0, 3.0, size=(4, 12))
    nodes = {
        "input": nir.Input(input_type=np.array([20])),
        "0": nir.Linear(weight=w1),
        "1": nir.LIF(tau=np.full(12, tau[0]), r=np.ones(12), v_leak=np.zeros(12), v_threshold=np.ones(12),
                     v_reset=np.full(12, -0.5)),
        "2": nir.Linear(weight=w2),
        "3": nir.LIF(tau=np.full(4, tau[1]), r=np.ones(4), v_leak=np.full(4, 0.1), v_threshold=np.ones(4),
                     v_reset=np.zeros(4)),
        "output": nir.Output(output_type=np.array([4])),
    }
    names = list(nodes)
    g = nir.NIRGraph(nodes=nodes, edges=list(zip(names[:-1], names[1:], strict=True)))
    spec = from_nir(g, dt=dt, timesteps=40)
    np.testing.assert_allclose(spec.layers[0].weight, w1 * dt / tau[0], rtol=1e-15)
    np.testing.assert_allclose(spec.layers[1].weight, w2 * dt / tau[1], rtol=1e-15)
    assert (spec.layers[0].v_reset, spec.layers[1].v_rest) == (-0.5, 0.1)
    x = (rng.random((40, 20)) < 0.4).astype(np.uint8)
    counts, traces = nir_euler(g, dt, x)
    ref_counts, ref_traces = spec.run(x)
    assert counts.tolist() == ref_counts.tolist() and counts.sum() > 0
    np.testing.assert_allclose(traces[1], ref_traces[1], rtol=1e-9, atol=1e-12)


# ----------------------------------------------------------------------------------------------------------
# what cannot be imported


def chain(*pairs, in_shape=3, out_shape=2):
    nodes = {"input": nir.Input(input_type=np.array([in_shape])), **dict(pairs),
             "output": nir.Output(output_type=np.array([out_shape]))}
    names = list(nodes)
    return nodes, list(zip(names[:-1], names[1:], strict=True))


def lif(n=2, tau=1e-2, **kw):
    tau = np.broadcast_to(np.asarray(tau, float), (n,)).copy()
    args = {"tau": tau, "r": tau / 1e-3, "v_leak": np.zeros(n), "v_threshold": np.ones(n)}
    args.update({k: np.asarray(v, float) for k, v in kw.items()})
    return nir.LIF(**args)


def affine(n_out=2, n_in=3):
    return nir.Affine(weight=np.ones((n_out, n_in)), bias=np.zeros(n_out))


@pytest.mark.parametrize(("pairs", "match"), [
    ((("fc", affine()), ("neuron", nir.CubaLIF(tau_syn=np.full(2, 5e-3), tau_mem=np.full(2, 1e-2), r=np.ones(2),
                                               v_leak=np.zeros(2), v_threshold=np.ones(2)))),
     r"node 'neuron' \(CubaLIF\): tau_syn = 0.005.*dt/tau_syn = 0.2.*no synaptic state"),
    ((("fc", affine()), ("neuron", lif(tau=[1e-2, 2e-2]))), r"node 'neuron' \(LIF\): tau differs across its 2 neurons"),
    ((("fc", affine()), ("neuron", lif(v_threshold=[1.0, 1.5]))), r"node 'neuron' \(LIF\): v_threshold differs"),
    ((("fc", affine()), ("neuron", lif(tau=5e-4))), r"node 'neuron' \(LIF\): tau = 0.0005 s is shorter than dt"),
    ((("fc", affine()), ("neuron", lif()), ("readout", affine(2, 2))), r"node 'readout' is an Affine/Linear readout"),
    ((("neuron", lif(n=3)),), r"node 'neuron' \(LIF\) has no Affine/Linear node before it"),
    ((("fc", affine()), ("fc2", affine(2, 2)), ("neuron", lif())), r"node 'fc2' \(Affine\) follows 'fc'"),
    ((("fc", affine()), ("thr", nir.Threshold(threshold=np.ones(2)))), r"node 'thr': type Threshold is not supported"),
    ((("fc", affine(2, 4)), ("neuron", lif())), r"Input node 'input' has shape \[3\].*first layer has 4 inputs"),
])
def test_unsupported_graphs_are_errors_naming_the_node(pairs, match):
    nodes, edges = chain(*pairs)
    g = nir.NIRGraph(nodes=nodes, edges=edges, type_check=False)
    with pytest.raises(NIRImportError, match=match):
        from_nir(g, dt=1e-3, timesteps=5)


def test_branches_and_recurrence_are_errors():
    nodes, edges = chain(("fc", affine()), ("neuron", lif()))
    g = nir.NIRGraph(nodes=nodes, edges=[*edges, ("neuron", "fc")], type_check=False)
    with pytest.raises(NIRImportError, match=r"node 'fc' has incoming edges from \['input', 'neuron'\]: recurrent"):
        from_nir(g, dt=1e-3, timesteps=5)
    g = nir.NIRGraph(nodes={**nodes, "probe": nir.Output(output_type=np.array([2]))},
                     edges=[*edges, ("neuron", "probe")], type_check=False)
    with pytest.raises(NIRImportError, match=r"exactly one Input and one Output node, found .*\['output', 'probe'\]"):
        from_nir(g, dt=1e-3, timesteps=5)
    g = nir.NIRGraph(nodes={**nodes, "side": nir.Linear(weight=np.eye(2))},
                     edges=[*edges, ("neuron", "side")], type_check=False)
    with pytest.raises(NIRImportError, match=r"node 'neuron' has 2 outgoing edges \['output', 'side'\]"):
        from_nir(g, dt=1e-3, timesteps=5)
    nodes["rec"] = nir.Linear(weight=np.eye(2))
    g = nir.NIRGraph(nodes=nodes, edges=[*edges, ("rec", "neuron")], type_check=False)
    with pytest.raises(NIRImportError, match=r"node 'neuron' has incoming edges from \['fc', 'rec'\]"):
        from_nir(g, dt=1e-3, timesteps=5)


def test_time_step_must_be_known_and_consistent():
    nodes, edges = chain(("fc", affine()), ("neuron", lif()))
    g = nir.NIRGraph(nodes=nodes, edges=edges)
    with pytest.raises(NIRImportError, match="no 'dt' in its metadata: pass dt="):
        from_nir(g, timesteps=5)
    with pytest.raises(NIRImportError, match="no 'timesteps' in its metadata"):
        from_nir(g, dt=1e-3)
    with pytest.raises(NIRImportError, match=r"dt=0.002 disagrees with the graph's metadata dt=0.001"):
        from_nir(to_nir(grid_spec()), dt=2e-3)
