"""``python -m golden.export``: write the Q8.8 export directory (memory files + manifest) of a network.

    python -m golden.export --checkpoint build/train/digits.pt --out export/digits [--nir]
    python -m golden.export --random SEED [--shape 64,32,10] [--timesteps 32] --out DIR [--nir]
    python -m golden.export --from-nir graph.nir [--dt 1e-3] [--timesteps 32] --out DIR [--nir]

``--checkpoint`` reads a trained classifier through ``golden.training.digits.load_network_spec``; ``--random``
draws a seeded random network (``golden.export.random_net.random_spec``, for the RTL tests); ``--from-nir`` imports
a NIR graph (``golden.export.nir_io.from_nir``). ``--nir`` also writes ``network.nir`` (the exported, quantised
network as NIR) next to the manifest. A value that does not fit Q8.8 stops the export with the layer, parameter
and value named; nothing is clipped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from golden.export.memfiles import read_export, write_export
from golden.export.network import NetworkSpec
from golden.export.q88 import QuantNetwork

NIR_FILE = "network.nir"


def _shape(text: str) -> tuple[int, ...]:
    try:
        shape = tuple(int(s) for s in text.split(","))
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--shape must be comma-separated integers, got {text!r}") from e
    if len(shape) < 2 or min(shape) < 1:
        raise argparse.ArgumentTypeError(f"--shape needs n_in and at least one layer size, all >= 1, got {text!r}")
    return shape


def _from_checkpoint(path: Path) -> NetworkSpec:
    try:
        from golden.training.digits import load_network_spec
    except ImportError as e:
        raise SystemExit(f"error: --checkpoint needs golden.training.digits.load_network_spec, which is not "
                         f"importable ({e}); train and export with the training package installed") from None
    if not path.is_file():
        raise SystemExit(f"error: checkpoint {path} does not exist (train it first)")
    spec = load_network_spec(path)
    if not isinstance(spec, NetworkSpec):
        raise SystemExit(f"error: load_network_spec({path}) returned {type(spec).__name__}, not a NetworkSpec")
    return spec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m golden.export", description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", type=Path, help="trained classifier checkpoint (e.g. build/train/digits.pt)")
    src.add_argument("--random", type=int, metavar="SEED", help="a seeded random network of --shape")
    src.add_argument("--from-nir", type=Path, metavar="FILE", help="a NIR graph of Affine/Linear + LIF/CubaLIF")
    ap.add_argument("--shape", type=_shape, default=(64, 32, 10), help="n_in,n_1,...,n_L for --random (64,32,10)")
    ap.add_argument("--timesteps", type=int, default=None, help="steps per sample (--random: 32; --from-nir: "
                                                               "the graph's metadata)")
    ap.add_argument("--dt", type=float, default=None, help="seconds per step for --from-nir (graph metadata)")
    ap.add_argument("--out", type=Path, required=True, help="export directory (created)")
    ap.add_argument("--nir", action="store_true", help=f"also write {NIR_FILE} of the quantised network")
    args = ap.parse_args(argv)

    if args.checkpoint is not None:
        spec = _from_checkpoint(args.checkpoint)
    elif args.random is not None:
        from golden.export.random_net import random_spec

        spec = random_spec(args.random, args.shape, timesteps=args.timesteps or 32)
    else:
        import nir

        from golden.export.nir_io import from_nir

        spec = from_nir(nir.read(args.from_nir), dt=args.dt, timesteps=args.timesteps)
    try:
        q = QuantNetwork.from_spec(spec)
    except ValueError as e:
        raise SystemExit(f"error: {e}") from None
    manifest = write_export(q, args.out)
    if not read_export(args.out).equals(q):  # the files on disk are what the RTL will load
        raise SystemExit(f"error: {args.out} does not read back as the network written")
    if args.nir:
        import nir

        from golden.export.nir_io import to_nir

        nir.write(args.out / NIR_FILE, to_nir(q.to_spec()))
    print(f"{manifest}: {q.name}, shape {','.join(map(str, q.shape))}, {q.timesteps} steps, dt {q.dt:g} s"
          + (f"; {args.out / NIR_FILE}" if args.nir else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
