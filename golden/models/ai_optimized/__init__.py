"""Project-designed neurons for machine-learning workloads (family ``ai-optimized``; no external publication).

Their specification is the description of the seed library's AI-optimized models, with every behaviour that
description promised (learned gates, phase coupling, a meta learning rate that acts on spiking, ...) implemented
and tested. The torch path of :class:`DifferentiableSurrogateNeuron` imports torch only when it is called.
"""
