"""Oscillatory (two-variable limit-cycle) neuron models: FitzHugh-Nagumo, McKean, Morris-Lecar, Terman-Wang."""
