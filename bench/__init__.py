"""Benchmarks (``make bench``): speed of the golden models, side by side with references where installed."""
