"""Module paths of zarr-python's ``zarr.core`` that user code imports from."""
