"""Random sequences of group operations (create, require, delete, move, attributes) and queries
(``in``, ``get``, ``[]``, ``members``/``nmembers`` at every ``max_depth``, the key listings, a
subgroup opened from the store) on a zarrlite group and a zarr-python 3.4 group in memory: after
every step both give the same answer (or both fail) and store the same documents and chunks.

zarr-python 3.4 does not implement ``Group.move``: on its side a move is modelled by renaming
the source's keys (after the checks zarrlite makes: the source exists, the destination does
not and is not inside the source) and creating the destination's missing parent groups.
Documented differences end a sequence or are skipped: ``del group[missing]`` is a ``KeyError``
in zarrlite (zarr-python does nothing), and a node below an array is refused by zarrlite
(zarr-python 3.4 writes it, or fails after deleting)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zarrlite
from zarrlite.errors import ContainsArrayError

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

_DOCUMENTS = (".zarray", ".zattrs", ".zgroup", "zarr.json")
_KINDS = ["group", "array", "delete", "move", "require_group", "contains", "get", "members",
          "nmembers", "keys", "getitem", "attrs", "open_subgroup"]  # fmt: skip

paths = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3).map("/".join)
operations = st.tuples(
    st.sampled_from(_KINDS), paths, paths, st.sampled_from([None, 0, 1, 2]), st.booleans()
)


def _describe(result: Any) -> Any:
    """A comparable form of a result: nodes by kind, path and shape, collections sorted."""
    if isinstance(result, zarr.Group | zarrlite.Group):
        return ("group", result.path)
    if isinstance(result, zarr.Array | zarrlite.Array):
        return ("array", result.path, result.shape)
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], str):
        return (result[0], _describe(result[1]))
    if isinstance(result, list | tuple):
        return sorted((_describe(item) for item in result), key=repr)
    return result


def _move_in_zarr_python(root: Any, source: str, dest: str) -> None:
    """zarrlite's ``Group.move`` on zarr-python's store, by renaming keys."""
    keys = root.store._store_dict
    if source not in root:
        raise KeyError(source)
    if dest in root:
        raise ContainsArrayError(dest)  # the class is not compared, only that both fail
    if (dest + "/").startswith(source + "/"):
        raise ValueError("into itself")
    parts = dest.split("/")[:-1]
    for i in range(1, len(parts) + 1):
        parent = "/".join(parts[:i])
        if parent not in root:
            root.create_group(parent)
    for key in [k for k in keys if k.startswith(source + "/")]:
        keys[dest + key[len(source) :]] = keys.pop(key)


def _apply(library: Any, root: Any, operation: tuple[str, str, str, int | None, bool]) -> Any:
    kind, path, other, depth, flag = operation
    array = {"shape": (4,), "chunks": (2,), "dtype": "i2", "fill_value": 0, "compressors": None}
    if kind == "group":
        return root.create_group(path, overwrite=flag)
    if kind == "array":
        created = root.create_array(path, overwrite=flag, **array)
        created[:] = 1
        return created
    if kind == "delete":
        del root[path]
        return None
    if kind == "move":
        if library is zarr:
            _move_in_zarr_python(root, path, other)
        else:
            root.move(path, other)
        return None
    if kind == "require_group":
        return root.require_group(path)
    if kind == "contains":
        return path in root
    if kind == "get":
        return root.get(path, "missing")
    if kind == "members":
        return root.members(max_depth=depth)
    if kind == "nmembers":
        return root.nmembers(max_depth=depth)
    if kind == "keys":
        return (sorted(root.group_keys()), sorted(root.array_keys()), sorted(root.keys()))
    if kind == "getitem":
        return root[path]
    if kind == "attrs":
        root[path].attrs[other] = depth
        return dict(root[path].attrs)
    opened = library.open_group(root.store, path=path, mode="r")
    return opened.members(max_depth=depth)


def _outcome(library: Any, root: Any, operation: Any) -> Any:
    try:
        return ("ok", _describe(_apply(library, root, operation)))
    except Exception as error:
        return ("error", type(error).__name__)


def _stored(store: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in store._store_dict.items():
        raw = value if isinstance(value, bytes) else value.to_bytes()
        out[key] = json.loads(raw) if key.rsplit("/", 1)[-1] in _DOCUMENTS else raw
    return out


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(zarr_format=st.sampled_from([2, 3]), steps=st.lists(operations, min_size=1, max_size=8))
def test_group_operations_match_zarr_python(
    zarr_format: int, steps: list[tuple[str, str, str, int | None, bool]]
) -> None:
    theirs_store, ours_store = zarr.storage.MemoryStore(), zarrlite.storage.MemoryStore()
    theirs = zarr.create_group(theirs_store, zarr_format=zarr_format)
    ours = zarrlite.create_group(ours_store, zarr_format=zarr_format)
    for step in steps:
        expected = _outcome(zarr, theirs, step)
        got = _outcome(zarrlite, ours, step)
        if step[0] == "delete" and got == ("error", "KeyError") and expected[0] == "ok":
            assert step[1] not in theirs  # documented: del of a missing member
            continue
        if got[0] == "error" and got[1].startswith("ContainsArray") and step[0] == "group":
            # documented: a node below an array (zarr-python writes it, or deletes the array's
            # chunks before failing); the stores may differ from here
            return
        if expected[0] == "error":
            assert got[0] == "error", (step, got)
        else:
            assert got == expected, step
        assert _stored(ours_store) == _stored(theirs_store), step
