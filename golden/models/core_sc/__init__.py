"""The core stochastic-computing neurons of the seed library."""
