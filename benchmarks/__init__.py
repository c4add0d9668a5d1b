"""Performance benchmark of the dashboard (``python -m benchmarks.bench``) and a naive baseline."""
