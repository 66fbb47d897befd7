"""Benchmarks of kinerja-flow at province and national scale, as ratios to same-run baselines.

Run `python -m bench --scale small|province|national --db DIR`; see `bench/RESULTS.md`.
"""
