"""Neuromorphic-hardware neuron models (family ``hardware``): bit-accurate integer models of digital platforms
(Loihi, Loihi 2, TrueNorth, SpiNNaker, SpiNNaker 2, Akida) and the neuron models of analog/mixed-signal and
learning-oriented platforms (BrainScaleS, DYNAP-SE DPI, Neurogrid, conductance-based LIF, e-prop ALIF, parallel
spiking neuron, sigma-delta neuron). One module per model; the registry discovers them."""
