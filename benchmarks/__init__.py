"""Benchmarks of zarrlite against zarr-python 3.4, zarr-python + zarrs and tensorstore.

Run ``python -m benchmarks --help``. Each engine runs in its own worker process (so configuration,
thread pools and peak memory are per engine); the parent interleaves the engines repetition by
repetition, takes medians, prints one table per workload and can write JSON.
"""
