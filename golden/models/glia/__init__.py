"""Glia: the Li-Rinzel astrocyte Ca2+ oscillator and a neuron coupled to an astrocyte (tripartite synapse)."""
