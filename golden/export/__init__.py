"""Export of trained spiking networks: the float network description, Q8.8 quantisation, memory files, NIR."""
