"""The public methods of zarrlite's Group and AsyncGroup take zarr-python 3.4's parameter names
(so keyword calls written for zarr-python work), in zarr-python's positional order."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import zarrlite
import zarrlite.api.asynchronous as async_api
from zarrlite._async.group import AsyncGroup
from zarrlite._async.store.memory import AsyncMemoryStore

_DUNDERS = ("__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__len__")
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
_VARIADIC = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def _methods(cls: type) -> dict[str, Any]:
    found = {}
    for name in dir(cls):
        if name.startswith("_") and name not in _DUNDERS:
            continue
        if isinstance(inspect.getattr_static(cls, name), property):
            continue
        member = getattr(cls, name)
        if callable(member) and not isinstance(member, type):
            found[name] = member
    return found


def _mismatches(theirs: Any, ours: Any) -> list[str]:
    their_params = inspect.signature(theirs).parameters
    our_params = inspect.signature(ours).parameters
    takes_any_keyword = any(p.kind is p.VAR_KEYWORD for p in our_params.values())
    problems = []
    for name, param in their_params.items():
        if param.kind in _VARIADIC:
            continue
        if name not in our_params:
            if not (takes_any_keyword and param.kind is not param.POSITIONAL_ONLY):
                problems.append(f"lacks parameter {name!r}")
        elif param.kind is not our_params[name].kind:
            problems.append(f"{name!r} is {our_params[name].kind.name}, not {param.kind.name}")
    their_positional = [n for n, p in their_params.items() if p.kind in _POSITIONAL]
    our_positional = [n for n, p in our_params.items() if p.kind in _POSITIONAL]
    if our_positional[: len(their_positional)] != their_positional:
        problems.append(f"positional parameters {our_positional}, not {their_positional}")
    return problems


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [("zarr.Group", zarrlite.Group), ("zarr.core.group.AsyncGroup", AsyncGroup)],
)
def test_group_methods_take_zarr_pythons_parameter_names(theirs: str, ours: type) -> None:
    module_name, _, class_name = theirs.rpartition(".")
    reference = getattr(pytest.importorskip(module_name), class_name)
    their_methods = _methods(reference)
    our_methods = _methods(ours)
    problems = {
        name: found
        for name, method in their_methods.items()
        if name in our_methods and name != "__init__"  # constructors differ on purpose
        for found in [_mismatches(method, our_methods[name])]
        if found
    }
    assert problems == {}


@pytest.mark.anyio
async def test_get_by_keyword() -> None:
    # zarr-python: AsyncGroup.get(key, default=None); Group.get(path, default=None).
    root = await async_api.open_group(AsyncMemoryStore(), mode="w")
    await root.create_group("a")
    assert (await root.get(key="a")).path == "a"
    assert await root.get(key="b", default=1) == 1
    sync_root = zarrlite.open_group({}, mode="w")
    sync_root.create_group("a")
    assert sync_root.get(path="a").path == "a"
    assert sync_root.get(path="b", default=1) == 1


def _kind(member: Any) -> str:
    if inspect.isasyncgenfunction(member):
        return "async generator"
    if inspect.iscoroutinefunction(member):
        return "coroutine"
    if inspect.isgeneratorfunction(member):
        return "generator"
    return "plain"


# AsyncArray.nchunks_initialized: a plain method returning an awaitable (see _facade/async_.py).
_KIND_DIFFERENCES = {("AsyncArray", "nchunks_initialized")}


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        ("zarr.Group", zarrlite.Group),
        ("zarr.core.group.AsyncGroup", AsyncGroup),
        ("zarr.Array", zarrlite.Array),
        ("zarr.AsyncArray", zarrlite.AsyncArray),
    ],
)
def test_methods_are_of_zarr_pythons_kind(theirs: str, ours: type) -> None:
    """A method returns what zarr-python's does: e.g. Group.members a tuple (a plain method), not
    a generator; AsyncGroup.members an async generator, not a coroutine."""
    module_name, _, class_name = theirs.rpartition(".")
    reference = getattr(pytest.importorskip(module_name), class_name)
    their_methods = _methods(reference)
    our_methods = _methods(ours)
    problems = {
        name: f"{_kind(our_methods[name])}, not {_kind(method)}"
        for name, method in their_methods.items()
        if name in our_methods and not name.startswith("_")
        if (ours.__name__, name) not in _KIND_DIFFERENCES
        and _kind(method) != _kind(our_methods[name])
    }
    assert problems == {}
