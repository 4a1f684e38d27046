"""Benchmarks of Voisinage: a synthetic data generator and timed runs (see bench/README.md).

Not an installed app: plain scripts run as ``python -m bench.generate`` and
``python -m bench.run_field`` from the repository root.
"""
