"""`make bench`: throughput, memory, latency hiding and polling of xmedia vs baselines and peers.

Run ``python -m bench.run`` from the repository root (see BENCHMARKS.md for what it measures).
"""
