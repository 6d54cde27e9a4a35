"""Conductance-based (Hodgkin-Huxley type) neuron models (family ``conductance-based``)."""
