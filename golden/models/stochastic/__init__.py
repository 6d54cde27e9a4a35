"""Stochastic and point-process neuron models (Poisson, gamma renewal, GLM, Galves-Loecherbach, SRM with
escape noise) and the McCulloch-Pitts threshold unit.

Randomness comes only through the protocol's ``randoms`` (one draw per step and name, from the neuron's own
seeded generator), so each model is reproducible per seed and its population form equals its scalar form given
the same draws.
"""
