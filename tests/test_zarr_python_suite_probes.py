"""Gaps found by running zarr-python 3.4.2's own test suite against zarrlite.

Each test names the zarr-python test (``tests/<file>::<name>``) that exposed the gap and checks
the public behaviour in plain zarrlite terms.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.storage import ZipStore


def test_zip_store_mode_r_with_read_only_false_reads(tmp_path: Path) -> None:
    """tests/test_api.py::test_load_zip[False-*]: ``ZipStore(path, mode="r", read_only=False)``
    opens (as in zarr-python) and loads; it used to raise ValueError at construction."""
    file = tmp_path / "t.zip"
    data = np.arange(100).reshape(10, 10)
    with ZipStore(file, mode="w") as zs:
        zarr.save(zs, data, path="data")
    with ZipStore(file, mode="r", read_only=False) as zs:
        assert zs.read_only is False
        np.testing.assert_array_equal(zarr.load(store=zs, path="data"), data)


def test_zip_store_mode_r_with_read_only_false_refuses_writes(tmp_path: Path) -> None:
    """Writes and deletes through such a store raise ValueError naming the key and leave the
    archive readable and unchanged (zarr-python: zipfile's ValueError)."""
    file = tmp_path / "t.zip"
    with ZipStore(file, mode="w") as zs:
        zarr.save(zs, np.arange(4))
    before = file.read_bytes()
    with ZipStore(file, mode="r", read_only=False) as zs:
        with pytest.raises(ValueError, match=r"'c/0'.*mode 'r'"):
            zs.set("c/0", b"\x00" * 32)
        with pytest.raises(ValueError, match=r"'zarr\.json'.*mode 'r'"):
            zs.delete("zarr.json")
        # the refused rewrite did not hide the stored entry
        assert zs.get("c/0") is not None
        np.testing.assert_array_equal(zarr.load(store=zs), np.arange(4))
    assert file.read_bytes() == before
    with zipfile.ZipFile(file) as zf:
        assert "zarr.json" in zf.namelist()


def test_zdtype_is_subscriptable_like_zarr_pythons_generic() -> None:
    """tests/test_array.py (collection): annotations such as ``zdtype: ZDType[Any, Any]`` are
    evaluated at import; zarrlite's ``ZDType`` was not subscriptable (TypeError)."""
    from typing import Any, get_origin

    from zarrlite.dtype import Int32, ZDType

    alias = ZDType[Any, Any]
    assert get_origin(alias) is ZDType
    assert get_origin(Int32[Any, Any]) is Int32
    assert isinstance(Int32(), ZDType)


@pytest.mark.parametrize("method", ["zeros", "ones", "empty", "full", "zeros_like", "full_like"])
@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_shorthands_accept_the_groups_zarr_format(method: str, zarr_format: int) -> None:
    """tests/test_group.py::test_group_array_shorthands_use_group_format (pass_zarr_format=True):
    ``group.zeros(name=..., shape=..., zarr_format=<the group's>)`` raised TypeError (zarr_format
    given twice). The group's own format is accepted; another one is a ValueError."""
    group = zarr.group(store={}, zarr_format=zarr_format)  # type: ignore[arg-type]
    kwargs: dict[str, object] = {"fill_value": 3} if method.startswith("full") else {}
    if method.endswith("_like"):
        kwargs["data"] = zarr.zeros(store={}, shape=(4,), dtype="int32")
    else:
        kwargs["shape"] = (4,)
    arr = getattr(group, method)(name="a", zarr_format=zarr_format, **kwargs)
    assert arr.metadata.zarr_format == zarr_format
    assert list(group.array_keys()) == ["a"]
    with pytest.raises(ValueError, match="zarr_format"):
        getattr(group, method)(name="b", zarr_format=5 - zarr_format, **kwargs)
    assert list(group.array_keys()) == ["a"]
