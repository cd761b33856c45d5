"""The rewrite table: one rule per line, each with the reason it exists.

How a rule applies depends on its :class:`Kind`; ``codegen.transform`` implements the kinds.
Names are renamed as tokens, so a comment or an identifier that merely contains ``await`` or
``Async`` is left alone. Strings are handled in two cases:

* **Type-like strings** (forward references such as ``"AsyncArray"`` or ``"AsyncGroup | None"``,
  ``__all__`` entries, dotted paths for ``monkeypatch``): a non-bytes string whose whole content
  matches ``^[\\w\\[\\], .|"']*$`` is tokenized and gets the same name rules as code. A message
  made only of words (``"not an AsyncArray"``) therefore gets them too; other strings do not.
* **Docstrings** (a string that is a statement of its own): identifiers that a name rule maps are
  renamed word by word (``AsyncArray`` -> ``Array``, ``zarrlite._async.api`` ->
  ``zarrlite._sync.api``); the prose, including the words ``async`` and ``await``, is kept.

Escape hatches for code that has no blocking twin (comments, exact spelling):

* ``<statement>  # codegen: async-only`` drops that statement (all its physical lines) from the
  sync output. For a compound statement (``if``/``with``/``def``) use the block form.
* ``# codegen: async-only-start`` ... ``# codegen: async-only-end`` (each on a line of its own)
  drops every line from the start marker to the end marker, both included.

Any other comment containing ``codegen:`` is an error, so a misspelt marker cannot pass silently.
A test module whose only use of pytest is the anyio marker marks ``import pytest`` async-only,
as does any module for an import used only on async-only lines (codegen removes no imports).

After the rewrite, ruff sorts the imports (``_async`` -> ``_sync`` changes their order), applies
its UP028 fix (``for x in it: yield x`` -> ``yield from it``, which an async generator cannot
write) and formats the module (``codegen.tree``).

``Awaitable[X]`` and ``Coroutine[...]`` are not mapped: a function in ``_async/`` that returns an
awaitable should be an ``async def`` instead, so that its twin returns the value.

``--check`` fails when a rule never fired across the whole run, unless the rule is ``idle_ok``:
those are the fixed vocabulary of Python's async protocols, the escape hatches and the test shim,
which sources may start using at any time (each is covered by a golden-file test). The others
encode assumptions about this project's code; one that stops firing is dead and must go.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

__all__ = ["RULES", "SHIM_NAMES", "Kind", "Rule"]


class Kind(enum.Enum):
    """What a rule matches and does."""

    KEYWORD = "keyword"  # drop keyword `old` (and the space after it) when followed by `context`
    NAME = "name"  # NAME token `old` -> `new`; `extra_arg`: `old[A, B]` -> `new[A, B, extra_arg]`
    PREFIX = "prefix"  # NAME token fully matching regex `old` -> the expansion of `new`
    MODULE = "module"  # dotted-name component `old` right after component `context` -> `new`
    STATEMENT = "statement"  # a simple statement spelled `old` -> `new` ("" drops its lines)
    MARKER = "marker"  # a statement whose trailing comment ends with `old` is dropped
    BLOCK = "block"  # the lines from comment `old` to comment `context` are dropped
    SHIM_FROM = "shim-from"  # `from <old> import n` -> `from <new> import n`, n in SHIM_NAMES
    SHIM_ATTR = "shim-attr"  # `<old>.n` -> `<new>.n`, n in SHIM_NAMES


@dataclass(frozen=True)
class Rule:
    """One rewrite. ``id`` names it in reports; see :class:`Kind` for the other fields."""

    id: str
    kind: Kind
    old: str
    new: str = ""
    context: str = ""
    extra_arg: str = ""
    tests_only: bool = False  # applies only to tests/_async (and is only expected to fire there)
    idle_ok: bool = False  # may never fire without failing --check (see the module docstring)


# anyio functions with a thread-based twin in tests/concurrency.py (the generated tests use it).
SHIM_NAMES: Final[tuple[str, ...]] = ("create_task_group", "sleep")

K = Kind
# fmt: off
RULES: Final[tuple[Rule, ...]] = (
    # -- keywords: a coroutine's blocking twin is a plain function call -------------------------
    Rule("async def", K.KEYWORD, "async", context="def", idle_ok=True),  # a coroutine function becomes a plain function
    Rule("async for", K.KEYWORD, "async", context="for", idle_ok=True),  # async iteration (loops, comprehensions) becomes plain iteration
    Rule("async with", K.KEYWORD, "async", context="with", idle_ok=True),  # an async context manager's twin is a plain one
    Rule("await", K.KEYWORD, "await", idle_ok=True),  # the awaited expression is the blocking call; `(await x).y` -> `x.y`
    # -- Python's async protocols and their standard-library names ------------------------------
    Rule("__aenter__", K.NAME, "__aenter__", "__enter__", idle_ok=True),  # async context manager protocol
    Rule("__aexit__", K.NAME, "__aexit__", "__exit__", idle_ok=True),  # async context manager protocol
    Rule("__aiter__", K.NAME, "__aiter__", "__iter__", idle_ok=True),  # async iterator protocol
    Rule("__anext__", K.NAME, "__anext__", "__next__", idle_ok=True),  # async iterator protocol
    Rule("StopAsyncIteration", K.NAME, "StopAsyncIteration", "StopIteration", idle_ok=True),  # ends an async iterator
    Rule("aclose", K.NAME, "aclose", "close", idle_ok=True),  # async generators and anyio resources close with aclose
    Rule("anext", K.NAME, "anext", "next", idle_ok=True),  # builtin: next item of an async iterator
    Rule("aiter", K.NAME, "aiter", "iter", idle_ok=True),  # builtin: iterator of an async iterable
    Rule("AsyncIterator", K.NAME, "AsyncIterator", "Iterator", idle_ok=True),  # collections.abc / typing
    Rule("AsyncIterable", K.NAME, "AsyncIterable", "Iterable", idle_ok=True),  # collections.abc / typing
    Rule("AsyncGenerator", K.NAME, "AsyncGenerator", "Generator", extra_arg="None", idle_ok=True),  # Generator also takes a return type: [Y, S] -> [Y, S, None]
    Rule("asynccontextmanager", K.NAME, "asynccontextmanager", "contextmanager", idle_ok=True),  # contextlib decorator
    Rule("enter_async_context", K.NAME, "enter_async_context", "enter_context", idle_ok=True),  # AsyncExitStack's method; ExitStack's twin
    Rule("AbstractAsyncContextManager", K.NAME, "AbstractAsyncContextManager", "AbstractContextManager", idle_ok=True),  # contextlib ABC; no Async prefix
    # -- project naming: each class in _async/ that awaits is Async<Name>; its twin is <Name> -----
    Rule("Async<Capital>", K.PREFIX, r"Async([A-Z]\w*)", r"\1"),  # AsyncArray -> Array (httpcore's rule, not unasync's Sync<Name>)
    # -- module paths: generated modules import generated modules and the sync half of each pair
    Rule("zarrlite._async", K.MODULE, "_async", "_sync", context="zarrlite"),  # the generated library package
    Rule("tests._async", K.MODULE, "_async", "_sync", context="tests", idle_ok=True),  # helpers shared by async tests have generated twins too
    Rule("_backend.async_", K.MODULE, "async_", "sync", context="_backend"),  # hand-written pair: anyio fan-out | thread pool
    Rule("_facade.async_", K.MODULE, "async_", "sync", context="_facade"),  # hand-written pair: awaitable | blocking conveniences
    # -- tests ------------------------------------------------------------------------------------
    Rule("@pytest.mark.anyio", K.STATEMENT, "@pytest.mark.anyio", tests_only=True),  # a blocking test needs no event loop
    Rule("pytestmark anyio", K.STATEMENT, "pytestmark = pytest.mark.anyio", tests_only=True, idle_ok=True),  # the module-wide form of the marker
    Rule("import anyio", K.STATEMENT, "import anyio", "from tests import concurrency", tests_only=True, idle_ok=True),  # task groups become threads (tests/concurrency.py)
    Rule("anyio.<shim>", K.SHIM_ATTR, "anyio", "concurrency", tests_only=True, idle_ok=True),  # anyio.create_task_group() -> concurrency.create_task_group()
    Rule("from anyio import", K.SHIM_FROM, "anyio", "tests.concurrency", tests_only=True, idle_ok=True),  # from anyio import create_task_group -> the thread shim
    # -- escape hatches (see the module docstring) ------------------------------------------------
    Rule("async-only", K.MARKER, "# codegen: async-only", idle_ok=True),  # one statement with no blocking twin
    Rule("async-only block", K.BLOCK, "# codegen: async-only-start", context="# codegen: async-only-end", idle_ok=True),  # several lines with no blocking twin
)
# fmt: on
