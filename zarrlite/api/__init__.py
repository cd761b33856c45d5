"""``zarrlite.api.synchronous`` and ``zarrlite.api.asynchronous``, at zarr-python's module paths."""
