"""zarrlite raises, for each situation below, an exception that is an instance of the class
zarr-python 3.4 raises there (zarr.errors.X read as zarrlite.errors.X), so ``except`` clauses
written for zarr-python keep working after ``import zarrlite as zarr``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import zarrlite
import zarrlite.errors

zarr = pytest.importorskip("zarr", minversion="3.4")


def _tree(lib: Any, root: Path, zarr_format: int) -> str:
    group = lib.open_group(str(root), mode="w", zarr_format=zarr_format)
    group.create_array("arr", shape=(2,), dtype="i4")
    group.create_group("sub")
    return str(root)


def _raised(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


CASES: dict[str, Callable[[Any, str], Any]] = {
    "Group.require_group on an array": lambda lib, p: lib.open_group(p).require_group("arr"),
    "Group.require_array on a group": lambda lib, p: lib.open_group(p).require_array(
        "sub", shape=(2,), dtype="i4"
    ),
    "open_group(array, 'r')": lambda lib, p: lib.open_group(p + "/arr", mode="r"),
    "open_group(array, 'r+')": lambda lib, p: lib.open_group(p + "/arr", mode="r+"),
    "open_array(group, 'r')": lambda lib, p: lib.open_array(p + "/sub", mode="r"),
    "open_array(group, 'r+')": lambda lib, p: lib.open_array(p + "/sub", mode="r+"),
    "open_array(group, 'w-')": lambda lib, p: lib.open_array(p + "/sub", mode="w-"),
    "open_array(array, 'w-')": lambda lib, p: lib.open_array(p + "/arr", mode="w-"),
    "Array.open(group)": lambda lib, p: lib.Array.open(p + "/sub"),
    "Group.open(array)": lambda lib, p: lib.Group.open(p + "/arr"),
}


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("case", sorted(CASES))
def test_error_class_is_zarr_pythons(case: str, zarr_format: int, tmp_path: Path) -> None:
    theirs = type(_raised(lambda: CASES[case](zarr, _tree(zarr, tmp_path / "theirs", zarr_format))))
    ours = _raised(lambda: CASES[case](zarrlite, _tree(zarrlite, tmp_path / "ours", zarr_format)))
    if theirs.__module__.startswith("zarr"):
        expected = getattr(zarrlite.errors, theirs.__name__)
    else:
        expected = theirs
    assert isinstance(ours, expected), (type(ours).__mro__, theirs)
    assert "arr" in str(ours) or "sub" in str(ours), str(ours)  # names the node
