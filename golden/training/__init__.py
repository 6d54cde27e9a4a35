"""Training side of the project (PyTorch): surrogate-gradient cells, Q8.8 fake quantisation, the digits demo.

Importing this package imports torch; ``import golden`` never does (the training code is only reached through
``golden.training``). Contents:

* :mod:`golden.training.surrogates`: six surrogate spike functions (``SURROGATES``, :class:`Surrogate`);
* :mod:`golden.training.cells`: the ten trainable cells, ``CELLS = {name: class}``;
* :mod:`golden.training.quant`: fake quantisation with the rules of ``golden.fixed.qformat.Q8_8``;
* :mod:`golden.training.digits`: the spiking digits classifier, ``python -m golden.training.digits``.
"""

from __future__ import annotations

from golden.training.cells import (
    CELLS,
    AdExCell,
    ALIFCell,
    AlphaCell,
    ExpIFCell,
    IFCell,
    LapicqueCell,
    LIFCell,
    RecurrentLIFCell,
    SecondOrderLIFCell,
    SpikingCell,
    SynapticCell,
)
from golden.training.surrogates import SURROGATES, Surrogate

__all__ = ["CELLS", "SURROGATES", "ALIFCell", "AdExCell", "AlphaCell", "ExpIFCell", "IFCell", "LIFCell",
           "LapicqueCell", "RecurrentLIFCell", "SecondOrderLIFCell", "SpikingCell", "Surrogate", "SynapticCell"]
