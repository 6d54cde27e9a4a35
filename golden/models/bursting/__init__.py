"""Bursting neuron models: polynomial (Hindmarsh-Rose, FitzHugh-Rinzel) and conductance-based bursters."""
