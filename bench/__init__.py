"""Benchmarks: speed and memory, measured side by side and written to files (not tests)."""
