"""Benchmarks run by hand (not in CI). See README.md, section Benchmarks."""
