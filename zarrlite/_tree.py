"""``Group.tree()``: the hierarchy as text (and HTML for Jupyter), in zarr-python's layout."""

from __future__ import annotations

import html
import sys
from collections.abc import Callable, Sequence
from typing import Any

import attrs

__all__ = ["TreeNode", "TreeRepr", "render_tree"]


@attrs.frozen
class TreeNode:
    """One member: its last path component, and shape/dtype for arrays (None for groups)."""

    name: str
    path: str
    shape: tuple[int, ...] | None = None
    dtype: str | None = None

    @property
    def is_group(self) -> bool:
        return self.shape is None


def _plain(text: str) -> str:
    return text


def _ansi_bold(text: str) -> str:
    return f"\033[1m{text}\033[0m"


def _html_bold(text: str) -> str:
    return f"<b>{text}</b>"


def render_tree(
    root_name: str,
    nodes: Sequence[TreeNode],
    *,
    max_nodes: int = 500,
    emphasis: Callable[[str], str] = _plain,
    escape: Callable[[str], str] = _plain,
) -> tuple[str, bool]:
    """Box-drawing text for ``nodes`` (paths relative to the root, any order), one line each
    ending with a newline.

    Node names (groups and arrays, as zarr-python) go through ``emphasis``; returns the text
    and whether it was truncated at ``max_nodes`` members.
    """

    def label(node: TreeNode) -> str:
        if node.is_group:
            return emphasis(escape(node.name))
        return emphasis(escape(node.name)) + escape(f" {node.shape} {node.dtype}")

    children: dict[str, list[TreeNode]] = {}
    for node in sorted(nodes, key=lambda n: n.path):
        parent = node.path.rpartition("/")[0]
        children.setdefault(parent, []).append(node)
    lines = [emphasis(escape(root_name))]
    truncated = False

    def walk(parent: str, prefix: str) -> None:
        nonlocal truncated
        members = children.get(parent, [])
        for index, node in enumerate(members):
            if len(lines) > max_nodes:
                truncated = True
                return
            last = index == len(members) - 1
            lines.append(f"{prefix}{'└── ' if last else '├── '}{label(node)}")
            if node.is_group:
                walk(node.path, prefix + ("    " if last else "│   "))

    walk("", "")
    # As zarr-python's text: every line ends with a newline, and a truncated tree starts with a
    # note saying so.
    text = "\n".join(lines) + "\n"
    if truncated:
        text = (
            f"Truncated at max_nodes={max_nodes}, some nodes and their children may be missing\n"
            + text
        )
    return text, truncated


@attrs.frozen
class TreeRepr:
    """The result of ``Group.tree()``: prints as text, renders as HTML in Jupyter."""

    root_name: str
    nodes: tuple[TreeNode, ...]
    max_nodes: int = 500
    plain: bool = False
    expand: bool = True

    @property
    def text(self) -> str:
        """The tree; names in ANSI bold when stdout is a terminal (unless ``plain``)."""
        emphasis = _ansi_bold if not self.plain and sys.stdout.isatty() else _plain
        return render_tree(self.root_name, self.nodes, max_nodes=self.max_nodes, emphasis=emphasis)[0]

    @property
    def truncated(self) -> bool:
        return render_tree(self.root_name, self.nodes, max_nodes=self.max_nodes)[1]

    def __repr__(self) -> str:
        # As zarr-python: the REPL shows the styled text too.
        return self.text

    def __str__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, *args: Any, **kwargs: Any) -> dict[str, str]:
        body = render_tree(
            self.root_name, self.nodes, max_nodes=self.max_nodes,
            emphasis=_plain if self.plain else _html_bold, escape=html.escape,
        )[0]
        state = " open" if self.expand else ""
        summary = html.escape(self.root_name)
        return {
            "text/plain": repr(self),
            "text/html": f"<details{state}><summary>{summary}</summary><pre>{body}</pre></details>",
        }
