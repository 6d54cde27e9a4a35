"""Map-based neuron models: discrete-time maps (Rulkov, Chialvo, Courbage-Nekorkin-Vdovin).

In every model of this family one ``step`` is ONE iteration of the map: there is no time step ``dt``; the
time unit is the map's own iteration (for a physical reading, the papers map one iteration to roughly a
fraction of a millisecond, but nothing in the equations depends on it).
"""
