"""A spiking classifier of scikit-learn's 8x8 digits, trained with surrogate gradients, then fine-tuned in Q8.8.

Run ``python -m golden.training.digits --out build/train [--epochs N] [--seed S]``; it writes
``digits.pt`` (the checkpoint, from which :func:`load_network_spec` rebuilds the exported network) and
``metrics.json`` (accuracies, seed, epochs, time).

Data. scikit-learn's bundled digits (1797 images of 8x8 pixels with integer intensities 0..16; no download),
split once into 75 % training / 25 % test, stratified by class, with a FIXED split seed (0) that does not
depend on the training seed, so every run reports on the same 450 held-out images.

Spike encoding (deterministic, so that the exported hardware sees exactly the trains used here), over ``T``
steps for a pixel of intensity ``p`` in 0..16:

* ``rate`` (default): regularly spaced spikes at rate p/16: input j spikes at step t iff
  ``floor((t+1) p / 16) > floor(t p / 16)``, i.e. ``floor(T p / 16)`` spikes in T steps (p = 16: every step);
* ``latency``: one spike at step ``round((1 - p/16) (T - 1))`` (bright pixels first), none for p = 0.

Network: ``64 -> hidden -> 10`` fully connected layers of :class:`~golden.training.cells.LIFCell` neurons
(``v_rest = v_reset = 0``, no refractory period, all layers within the same step), whose float forward is the
update of :mod:`golden.export.network`::

    I = W s_in + b;  v_next = v + leak (v_rest - v) + I;  s = v_next >= threshold;  v = v_reset if s else v_next

The answer is the argmax of the output layer's spike counts over T steps (the first index on a tie, as
``numpy.argmax``); the loss is the cross-entropy of those counts (as logits) with the label. Training:
Adam (learning rate 1e-2, cosine schedule, batches of 128), surrogate gradient ``fast_sigmoid`` (scale 5, in
units of the threshold), reset not differentiated; then 5 epochs of Q8.8 fine-tuning at 1e-3. With the
defaults (30 + 5 epochs, hidden 64, T = 16, rate code, seed 0) a run takes about 1-2 minutes on two CPU cores.

Quantisation-aware fine-tuning (``--qat-epochs``): the forward pass then computes the Q8.8 integer step of
:mod:`golden.export.network` bit-exactly, in raw units (integers held in float64 tensors, exact), with the
quantiser of :mod:`golden.training.quant` (constants from ``golden.fixed.qformat.Q8_8``)::

    W, b = sat(round(256 x));  leak = round(256 leak);  acc = W s + b;  I = sat16(acc)
    dv = floor((v_rest - v) leak / 256);  v_next = sat16(v + dv + I);  s = v_next >= thr;  v = v_reset if s

with straight-through gradients for the roundings and the floor. The Q8.8 test accuracy reported is this
integer evaluation; the float accuracy is that of the float network before fine-tuning.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from golden.export.network import LIFLayerSpec, NetworkSpec
from golden.fixed.qformat import Q8_8
from golden.training.cells import LIFCell
from golden.training.quant import floor_ste, round_ste, saturate_raw, to_raw

ENCODINGS = ("rate", "latency")
MAX_PIXEL = 16  # sklearn digits: integer intensities 0..16
SPLIT_SEED = 0
TEST_FRACTION = 0.25
CHECKPOINT_FORMAT = "golden.training.digits/1"


# ------------------------------------------------------------------------------------------------------------ data
def load_digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, y_train, x_test, y_test): integer pixels (n, 64) in 0..16 and labels, the fixed split."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = load_digits()
    x = d.data.astype(np.int64)
    y = d.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=TEST_FRACTION, stratify=y, random_state=SPLIT_SEED)
    return x_tr, y_tr, x_te, y_te


def encode(pixels: np.ndarray, timesteps: int, encoding: str = "rate") -> np.ndarray:
    """Integer pixels (n, 64) in 0..16 -> spike trains (timesteps, n, 64) of 0/1 (uint8); see the module doc."""
    p = np.asarray(pixels)
    if p.ndim != 2:
        raise ValueError(f"pixels must be 2-D (n, features), got shape {p.shape}")
    if p.size and (p.min() < 0 or p.max() > MAX_PIXEL or not np.all(p == np.round(p))):
        raise ValueError(f"pixels must be integers in [0, {MAX_PIXEL}]")
    if timesteps < 1:
        raise ValueError(f"timesteps must be >= 1, got {timesteps}")
    p = p.astype(np.int64)
    t = np.arange(timesteps, dtype=np.int64)[:, None, None]
    if encoding == "rate":
        return (((t + 1) * p) // MAX_PIXEL > (t * p) // MAX_PIXEL).astype(np.uint8)
    if encoding == "latency":
        when = np.floor((1.0 - p / MAX_PIXEL) * (timesteps - 1) + 0.5).astype(np.int64)
        return ((t == when) & (p > 0)).astype(np.uint8)
    raise ValueError(f"encoding must be one of {ENCODINGS}, got {encoding!r}")


# --------------------------------------------------------------------------------------------------------- network
class DigitsSNN(nn.Module):
    """Feed-forward LIF classifier ``sizes[0] -> ... -> sizes[-1]`` with a float and a Q8.8 forward pass.

    ``forward(spikes)`` takes (T, batch, n_in) 0/1 spikes and returns the output spike counts (batch, n_out).
    ``self.quantised`` selects the Q8.8 integer emulation (see the module doc); ``leak`` and ``threshold``
    are per-network constants (leak in (0, 1], Q8.8-representable values recommended).
    """

    def __init__(self, sizes: tuple[int, ...] = (64, 64, 10), leak: float = 0.125, threshold: float = 1.0,
                 surrogate: str = "fast_sigmoid", scale: float = 5.0) -> None:
        super().__init__()
        if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
            raise ValueError(f"sizes must list >= 2 layer widths >= 1, got {sizes!r}")
        self.sizes = tuple(int(n) for n in sizes)
        self.fcs = nn.ModuleList(nn.Linear(a, b) for a, b in zip(self.sizes[:-1], self.sizes[1:], strict=True))
        self.cells = nn.ModuleList(LIFCell(leak=leak, threshold=threshold, v_rest=0.0, v_reset=0.0,
                                           surrogate=surrogate, scale=scale) for _ in self.fcs)
        self.leak = float(leak)
        self.threshold = float(threshold)
        self.quantised = False

    def forward(self, spikes: torch.Tensor) -> torch.Tensor:
        return self.forward_q88(spikes) if self.quantised else self.forward_float(spikes)

    def forward_float(self, spikes: torch.Tensor) -> torch.Tensor:
        x = spikes.to(self.fcs[0].weight.dtype)
        states = [None] * len(self.fcs)
        counts = 0.0
        for t in range(x.shape[0]):
            s = x[t]
            for li, (fc, cell) in enumerate(zip(self.fcs, self.cells, strict=True)):
                s, states[li] = cell(fc(s), states[li])
            counts = counts + s
        return counts

    # -- Q8.8 ------------------------------------------------------------------------------------------------
    def q88_constants(self) -> dict[str, float]:
        """Raw Q8.8 leak, threshold, v_rest, v_reset (python floats holding integers)."""
        leak = float(to_raw(torch.tensor(self.leak, dtype=torch.float64), Q8_8, "leak"))
        if not 1 <= leak <= Q8_8.one:
            raise ValueError(f"leak={self.leak} rounds to {leak:g}/{Q8_8.one} in Q8.8, outside [1, {Q8_8.one}]")
        return {"leak": leak, "threshold": float(to_raw(torch.tensor(self.threshold, dtype=torch.float64), Q8_8,
                                                        "threshold")),
                "v_rest": 0.0, "v_reset": 0.0}

    def q88_weights(self, li: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Raw Q8.8 weight and bias of layer ``li`` (float64 integers; straight-through gradient, saturated)."""
        fc = self.fcs[li]
        w = saturate_raw(round_ste(fc.weight.to(torch.float64) * Q8_8.one), Q8_8)
        b = saturate_raw(round_ste(fc.bias.to(torch.float64) * Q8_8.one), Q8_8)
        return w, b

    def forward_q88(self, spikes: torch.Tensor) -> torch.Tensor:
        """Output spike counts of the Q8.8 integer network (bit-exact), computed in float64 raw units."""
        c = self.q88_constants()
        one = float(Q8_8.one)
        x = spikes.to(torch.float64)
        wb = [self.q88_weights(li) for li in range(len(self.fcs))]
        vs: list[Any] = [None] * len(self.fcs)
        counts = 0.0
        for t in range(x.shape[0]):
            s = x[t]
            for li in range(len(self.fcs)):
                w, b = wb[li]
                current = saturate_raw(s @ w.t() + b, Q8_8)
                v = vs[li] if vs[li] is not None else torch.full_like(current, c["v_rest"])
                dv = floor_ste((c["v_rest"] - v) * c["leak"] / one)
                v_next = saturate_raw(v + dv + current, Q8_8)
                cell = self.cells[li]
                s = cell.spike_fn((v_next - c["threshold"]) / (one * cell.norm))
                vs[li] = torch.where(s > 0, torch.full_like(v_next, c["v_reset"]), v_next)
            counts = counts + s
        return counts


def predict(model: DigitsSNN, spikes: torch.Tensor, batch: int = 512) -> np.ndarray:
    """Class predictions (argmax of the output counts, first index on ties) for (T, n, 64) spikes."""
    out = []
    with torch.no_grad():
        for i in range(0, spikes.shape[1], batch):
            counts = model(spikes[:, i:i + batch])
            out.append(np.argmax(counts.detach().cpu().numpy(), axis=1))
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def accuracy(model: DigitsSNN, spikes: torch.Tensor, labels: np.ndarray) -> float:
    return float(np.mean(predict(model, spikes) == np.asarray(labels)))


# -------------------------------------------------------------------------------------------------------- training
def train_epochs(model: DigitsSNN, spikes: torch.Tensor, labels: torch.Tensor, epochs: int, lr: float,
                 batch: int, generator: torch.Generator, desc: str = "train", progress: bool = True) -> list[float]:
    """Adam on the cross-entropy of the output spike counts; returns the mean loss of each epoch."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, epochs))
    losses = []
    n = spikes.shape[1]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=epochs, desc=desc, unit="epoch")
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator).to(spikes.device)
        total, seen = 0.0, 0
        model.train()
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            counts = model(spikes[:, idx])
            loss = nn.functional.cross_entropy(counts, labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            seen += len(idx)
        sched.step()
        losses.append(total / seen)
        if bar is not None:
            bar.set_postfix(loss=f"{losses[-1]:.3f}")
            bar.update(1)
    if bar is not None:
        bar.close()
    model.eval()
    return losses


def clamp_to_q88(model: DigitsSNN) -> None:
    """Keep the float weights and biases inside Q8.8's range (so that quantisation never saturates them)."""
    lo, hi = Q8_8.to_float(Q8_8.min_raw), Q8_8.to_float(Q8_8.max_raw)
    with torch.no_grad():
        for fc in model.fcs:
            fc.weight.clamp_(lo, hi)
            fc.bias.clamp_(lo, hi)


def to_network_spec(model: DigitsSNN, name: str = "digits_snn", timesteps: int = 16, dt: float = 1e-3,
                    meta: dict | None = None) -> NetworkSpec:
    """The export description of ``model``. A quantised model exports its Q8.8 values (multiples of 1/256,
    leak rounded likewise), so that the exporter's rounding reproduces exactly the integers it was evaluated
    with; a float model exports its float values."""
    layers = []
    for li, fc in enumerate(model.fcs):
        if model.quantised:
            c = model.q88_constants()
            w, b = model.q88_weights(li)
            layers.append(LIFLayerSpec(weight=Q8_8.to_float(w.detach().cpu().numpy()),
                                       bias=Q8_8.to_float(b.detach().cpu().numpy()),
                                       leak=Q8_8.to_float(c["leak"]), threshold=Q8_8.to_float(c["threshold"]),
                                       v_rest=0.0, v_reset=0.0))
        else:
            layers.append(LIFLayerSpec(weight=fc.weight.detach().cpu().double().numpy(),
                                       bias=fc.bias.detach().cpu().double().numpy(), leak=model.leak,
                                       threshold=model.threshold, v_rest=0.0, v_reset=0.0))
    return NetworkSpec(layers=tuple(layers), timesteps=int(timesteps), dt=float(dt), name=name, meta=dict(meta or {}))


def _spec_to_payload(spec: NetworkSpec) -> dict:
    return {"layers": [{"weight": torch.from_numpy(np.array(layer.weight)), "leak": float(layer.leak),
                        "threshold": float(layer.threshold), "v_rest": float(layer.v_rest),
                        "v_reset": float(layer.v_reset),
                        "bias": None if layer.bias is None else torch.from_numpy(np.array(layer.bias))}
                       for layer in spec.layers],
            "timesteps": spec.timesteps, "dt": spec.dt, "name": spec.name, "meta": dict(spec.meta)}


def load_network_spec(path: str | Path) -> NetworkSpec:
    """The exported network of a checkpoint written by :func:`main` (``digits.pt``)."""
    ckpt = torch.load(Path(path), map_location="cpu", weights_only=True)
    if not isinstance(ckpt, dict) or ckpt.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{path} is not a {CHECKPOINT_FORMAT} checkpoint")
    s = ckpt["spec"]
    layers = tuple(LIFLayerSpec(weight=layer["weight"].numpy(), leak=layer["leak"], threshold=layer["threshold"],
                                v_rest=layer["v_rest"], v_reset=layer["v_reset"],
                                bias=None if layer["bias"] is None else layer["bias"].numpy())
                   for layer in s["layers"])
    return NetworkSpec(layers=layers, timesteps=int(s["timesteps"]), dt=float(s["dt"]), name=s["name"],
                       meta=dict(s["meta"]))


def run(out: str | Path | None = "build/train", epochs: int = 30, qat_epochs: int = 5, seed: int = 0,
        hidden: int = 64, timesteps: int = 16, encoding: str = "rate", lr: float = 1e-2, qat_lr: float = 1e-3,
        batch: int = 128, n_train: int | None = None, device: str | None = None, progress: bool = True) -> dict:
    """Train, fine-tune in Q8.8, evaluate; write ``digits.pt`` and ``metrics.json`` under ``out`` (if given).

    ``n_train`` limits the training set to its first n (stratified order of the split) for quick tests.
    ``device`` defaults to CUDA when available, else CPU. Returns the metrics dictionary.
    """
    if epochs < 1 or qat_epochs < 0:
        raise ValueError(f"epochs must be >= 1 and qat_epochs >= 0, got {epochs}, {qat_epochs}")
    start = time.perf_counter()
    dev = torch.device(device if device is not None else ("cuda" if torch.cuda.is_available() else "cpu"))
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x_tr, y_tr, x_te, y_te = load_digits_split()
    if n_train is not None:
        x_tr, y_tr = x_tr[:n_train], y_tr[:n_train]
    s_tr = torch.from_numpy(encode(x_tr, timesteps, encoding)).to(dev, torch.float32)
    s_te = torch.from_numpy(encode(x_te, timesteps, encoding)).to(dev, torch.float32)
    lab_tr = torch.from_numpy(y_tr).to(dev)

    model = DigitsSNN(sizes=(x_tr.shape[1], hidden, 10)).to(dev)
    losses = train_epochs(model, s_tr, lab_tr, epochs, lr, batch, gen, "float", progress)
    clamp_to_q88(model)
    float_acc = accuracy(model, s_te, y_te)
    float_train_acc = accuracy(model, s_tr, y_tr)
    model.quantised = True
    q88_before = accuracy(model, s_te, y_te)
    qat_losses = train_epochs(model, s_tr, lab_tr, qat_epochs, qat_lr, batch, gen, "q8.8", progress) \
        if qat_epochs else []
    clamp_to_q88(model)
    q88_acc = accuracy(model, s_te, y_te)
    q88_train_acc = accuracy(model, s_tr, y_tr)
    elapsed = time.perf_counter() - start
    metrics = {
        "dataset": "sklearn digits 8x8", "n_train": int(len(y_tr)), "n_test": int(len(y_te)),
        "split_seed": SPLIT_SEED, "seed": int(seed), "epochs": int(epochs), "qat_epochs": int(qat_epochs),
        "hidden": int(hidden), "timesteps": int(timesteps), "encoding": encoding, "leak": model.leak,
        "threshold": model.threshold, "float_test_accuracy": float_acc, "float_train_accuracy": float_train_acc,
        "q88_test_accuracy_before_qat": q88_before, "q88_test_accuracy": q88_acc,
        "q88_train_accuracy": q88_train_acc, "q88_minus_float_points": 100.0 * (q88_acc - float_acc),
        "final_float_loss": losses[-1], "final_qat_loss": qat_losses[-1] if qat_losses else None,
        "time_s": elapsed, "device": str(dev), "torch": torch.__version__,
    }
    spec = to_network_spec(model, timesteps=timesteps, meta={k: metrics[k] for k in (
        "dataset", "seed", "encoding", "float_test_accuracy", "q88_test_accuracy")})
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        torch.save({"format": CHECKPOINT_FORMAT, "config": {k: metrics[k] for k in (
            "seed", "epochs", "qat_epochs", "hidden", "timesteps", "encoding", "leak", "threshold")},
            "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
            "spec": _spec_to_payload(spec)}, out / "digits.pt")
        (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    metrics["spec"] = spec
    metrics["model"] = model
    return metrics


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m golden.training.digits", description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="build/train", help="output folder (digits.pt, metrics.json)")
    ap.add_argument("--epochs", type=int, default=30, help="float training epochs")
    ap.add_argument("--qat-epochs", type=int, default=5, help="Q8.8 quantisation-aware fine-tuning epochs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--timesteps", type=int, default=16)
    ap.add_argument("--encoding", choices=ENCODINGS, default="rate")
    ap.add_argument("--device", default=None, help="torch device (default: cuda if available, else cpu)")
    args = ap.parse_args(argv)
    m = run(args.out, epochs=args.epochs, qat_epochs=args.qat_epochs, seed=args.seed, hidden=args.hidden,
            timesteps=args.timesteps, encoding=args.encoding, device=args.device)
    print(f"float test accuracy {100 * m['float_test_accuracy']:.2f} %, Q8.8 test accuracy "
          f"{100 * m['q88_test_accuracy']:.2f} % ({m['q88_minus_float_points']:+.2f} points), "
          f"{m['time_s']:.0f} s on {m['device']}; wrote {Path(args.out) / 'digits.pt'} and metrics.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["DigitsSNN", "encode", "load_digits_split", "load_network_spec", "main", "run", "to_network_spec",
           "accuracy", "predict"]
