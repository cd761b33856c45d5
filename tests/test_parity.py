"""Every public async function and method has a generated sync twin with the same parameters,
defaults and docstring; and zarrlite covers zarr-python 3.4's ``zarr.api.synchronous``."""

from __future__ import annotations

import inspect
import pkgutil
from typing import Any

import pytest

import zarrlite
import zarrlite.api.asynchronous as async_api
import zarrlite.api.synchronous as sync_api
from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group

# Members whose flavours differ on purpose (no awaitable spelling exists, or zarr-python's two
# flavours name a parameter differently: Group.get(path), AsyncGroup.get(key)); see _facade/.
FACADE_DIFFERENCES = {"nchunks_initialized", "attrs", "shape", "update_attributes_async", "get"}


def _params(obj: Any) -> list[tuple[str, Any, Any]]:
    signature = inspect.signature(obj)
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


def _public_members(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and name not in FACADE_DIFFERENCES
    }


@pytest.mark.parametrize("name", async_api.__all__)
def test_api_function_twins(name: str) -> None:
    async_fn = getattr(async_api, name)
    sync_fn = getattr(sync_api, name)
    assert _params(async_fn) == _params(sync_fn)
    assert inspect.getdoc(async_fn) == inspect.getdoc(sync_fn)


@pytest.mark.parametrize(("async_cls", "sync_cls"), [(AsyncArray, Array), (AsyncGroup, Group)])
def test_class_twins(async_cls: type, sync_cls: type) -> None:
    async_members = _public_members(async_cls)
    sync_members = _public_members(sync_cls)
    assert sorted(async_members) == sorted(sync_members)
    for name, member in async_members.items():
        twin = sync_members[name]
        if callable(member) and not isinstance(member, type):
            assert _params(member) == _params(twin), name
        assert inspect.getdoc(member) == inspect.getdoc(twin), name


def test_sync_api_is_the_top_level_api() -> None:
    for name in sync_api.__all__:
        assert getattr(zarrlite, name) is getattr(sync_api, name)


def test_zarr_python_surface_is_covered() -> None:
    """Each function of zarr-python 3.4's synchronous API exists with the same parameters."""
    zarr_sync = pytest.importorskip("zarr.api.synchronous")
    for name in zarr_sync.__all__:
        ours = getattr(sync_api, name, None)
        assert ours is not None, f"zarrlite lacks {name}"
        theirs = inspect.signature(getattr(zarr_sync, name)).parameters
        mine = inspect.signature(ours).parameters
        if any(p.kind is p.VAR_POSITIONAL for p in theirs.values()) and name.startswith("copy"):
            continue  # zarr-python 3 has only (*args, **kwargs) stubs there; we take zarr 2's.
        for pname, param in theirs.items():
            assert pname in mine, f"{name} lacks parameter {pname!r}"
            if param.default is not inspect.Parameter.empty and not _is_sentinel(param.default):
                assert mine[pname].default == param.default, f"{name}({pname}=...) default differs"


def _is_sentinel(value: Any) -> bool:
    return "DEFAULT" in repr(value) or "SENTINEL" in repr(value)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("zarrlite.core.sync_group", "zarr.core.sync_group"),
        ("zarrlite.core.group", "zarr.core.group"),
    ],
)
@pytest.mark.parametrize(
    "name", ["create_hierarchy", "create_nodes", "create_rooted_hierarchy", "get_node"]
)
def test_core_group_helpers_match_zarr_python(ours: str, theirs: str, name: str) -> None:
    import importlib

    reference = pytest.importorskip(theirs)
    mine = importlib.import_module(ours)
    expected = [p[:2] for p in _params(getattr(reference, name))]
    # zarrlite may add keyword-only parameters (storage_options) after zarr-python's.
    assert [p[:2] for p in _params(getattr(mine, name))][: len(expected)] == expected


def test_group_metadata_imports_from_core_group_as_in_zarr_python() -> None:
    # zarr-python's create_hierarchy examples: ``from zarr.core.group import GroupMetadata``
    from zarrlite.core.group import GroupMetadata
    from zarrlite.core.sync_group import create_hierarchy
    from zarrlite.metadata import GroupMetadata as Canonical
    from zarrlite.storage import MemoryStore

    assert GroupMetadata is Canonical
    store = MemoryStore()
    made = dict(create_hierarchy(store=store, nodes={"a": GroupMetadata(attributes={"k": 1})}))
    assert sorted(made) == ["", "a"] and made["a"].attrs == {"k": 1}


def test_submodules_come_with_a_plain_import() -> None:
    """After ``import zarr`` alone, zarr-python's submodules are attributes of the package
    (``zarr.storage.LocalStore``, ``zarr.api.asynchronous``, ...); the ones zarrlite has are too,
    and no optional dependency is imported for them."""
    import subprocess
    import sys

    code = """
import sys, types, zarrlite
names = ["api", "api.asynchronous", "api.synchronous", "codecs", "core", "core.group",
         "core.sync_group", "errors", "storage"]
for name in names:
    node = zarrlite
    for part in name.split("."):
        node = getattr(node, part)
    assert isinstance(node, types.ModuleType), name
assert {"api", "codecs", "core", "errors", "storage", "config"} <= set(dir(zarrlite))
assert zarrlite.storage.LocalStore is not None
assert not {"fsspec", "obstore", "zarr"} & set(sys.modules), sys.modules.keys()
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # and every public submodule zarr-python offers this way that zarrlite has too
    listing = (
        "import types, {0}; print(*sorted(k for k, v in vars({0}).items() "
        "if isinstance(v, types.ModuleType) and not k.startswith('_')))"
    )

    def modules(package: str) -> set[str]:
        out = subprocess.run(
            [sys.executable, "-c", listing.format(package)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return set(out.split())

    pytest.importorskip("zarr")
    ours = {m.name for m in pkgutil.iter_modules(zarrlite.__path__) if not m.name.startswith("_")}
    assert (modules("zarr") & ours) <= modules("zarrlite")
