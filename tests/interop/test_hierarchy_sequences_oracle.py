"""Random sequences of hierarchy operations (create, require, overwrite and delete nodes, set
attributes, write elements, consolidate), applied to a zarrlite group and a zarr-python 3.4 group
in memory: after every step both succeed or both fail, list the same members (consolidated or
not) and store the same documents and chunks.

``del group[missing]`` raises ``KeyError`` in zarrlite (documented) and does nothing in
zarr-python. A node refused below an array ends a sequence: zarr-python 3.4 raises there too, but
only after ``overwrite=True`` has deleted the array's chunks under that prefix; zarrlite refuses
before anything changes, which the test checks."""

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

_DOCUMENTS = (".zarray", ".zattrs", ".zgroup", "zarr.json", ".zmetadata")
_KINDS = ["group", "array", "delete", "attrs", "consolidate", "write", "require_group",
          "require_array"]  # fmt: skip

paths = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=3).map("/".join)
operations = st.tuples(st.sampled_from(_KINDS), paths, st.integers(0, 3), st.booleans())


def _apply(library: Any, root: Any, operation: tuple[str, str, int, bool]) -> None:
    kind, path, n, overwrite = operation
    array = {"shape": (4,), "chunks": (2,), "dtype": "i2", "fill_value": 0, "compressors": None}
    if kind == "group":
        root.create_group(path, overwrite=overwrite)
    elif kind == "array":
        root.create_array(path, overwrite=overwrite, **array)
    elif kind == "delete":
        del root[path]
    elif kind == "attrs":
        root[path].attrs.update({f"k{n}": n})
    elif kind == "consolidate":
        library.consolidate_metadata(root.store, zarr_format=root.metadata.zarr_format)
    elif kind == "write":
        root[path][n] = n + 1
    elif kind == "require_group":
        root.require_group(path)
    else:
        root.require_array(path, **array)


def _stored(store: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in store.items():
        raw = value if isinstance(value, bytes) else value.to_bytes()
        out[key] = json.loads(raw) if key.rsplit("/", 1)[-1] in _DOCUMENTS else raw
    return out


def _members(library: Any, store: dict[str, Any], use_consolidated: bool | None) -> Any:
    try:
        group = library.open_group(store, mode="r", use_consolidated=use_consolidated)
        return sorted((path, type(node).__name__) for path, node in group.members(max_depth=None))
    except Exception as error:  # both must fail alike
        return type(error).__name__


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(zarr_format=st.sampled_from([2, 3]), steps=st.lists(operations, max_size=20))
def test_hierarchy_sequences_match_zarr_python(
    zarr_format: int, steps: list[tuple[str, str, int, bool]]
) -> None:
    ours_store: dict[str, Any] = {}
    theirs_store: dict[str, Any] = {}
    ours = zarrlite.open_group(ours_store, mode="w", zarr_format=zarr_format)
    theirs = zarr.open_group(theirs_store, mode="w", zarr_format=zarr_format)
    for step in steps:
        before = _stored(ours_store)
        outcomes: list[Exception | None] = []
        for library, root in ((zarrlite, ours), (zarr, theirs)):
            try:
                _apply(library, root, step)
                outcomes.append(None)
            except Exception as error:
                outcomes.append(error)
        mine, other = outcomes
        if isinstance(mine, ContainsArrayError) and not isinstance(
            other, zarr.errors.ContainsArrayError
        ):
            assert other is not None, step
            assert _stored(ours_store) == before, step  # refused before anything changed
            return
        # Deleting a missing node: KeyError here, nothing in zarr-python; neither changes a thing.
        missing = step[0] == "delete" and isinstance(mine, KeyError) and other is None
        assert missing or (mine is None) == (other is None), (step, mine, other)
        for use_consolidated in (None, False):
            assert _members(zarrlite, ours_store, use_consolidated) == _members(
                zarr, theirs_store, use_consolidated
            ), (step, use_consolidated)
        assert _stored(ours_store) == _stored(theirs_store), step
