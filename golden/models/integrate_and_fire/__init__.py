"""Integrate-and-fire neuron models (family ``integrate-and-fire``)."""
