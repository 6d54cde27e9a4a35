"""Learned-dynamics neurons (family ``learned-dynamics``): liquid time-constant (LTC) and closed-form continuous-time
(CfC) cells, a neuron whose dynamics parameters are fitted to data, and the SuperSpike surrogate-gradient LIF."""
