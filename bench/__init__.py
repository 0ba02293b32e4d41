"""Benchmarks for discuz-extract: ``python -m bench`` (see bench/README.md)."""
