"""Multi-compartment neurons: soma-dendrite reductions (Pinsky-Rinzel, Booth-Rinzel, Hay L5 BAC), Dendrify, cables."""
