"""Rewrite the text of one async module into its blocking twin (before formatting).

Two passes: whole lines first (escape-hatch markers, statements such as ``@pytest.mark.anyio``),
working on text so that indentation stays valid; then a token pass with tokenize-rt that drops
``async``/``await`` and renames names. The rules come from ``codegen.rules``.
"""

from __future__ import annotations

import keyword
import re
import tokenize
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from tokenize_rt import Token, src_to_tokens  # type: ignore[import-untyped]
from tokenize_rt import tokens_to_src as _tokens_to_src

from codegen import CodegenError
from codegen.rules import RULES, SHIM_NAMES, Kind, Rule

__all__ = ["Result", "rename_prose", "transform"]

# Tokens that hold no code: skipped when looking for a token's neighbours.
_TRIVIA = frozenset({"UNIMPORTANT_WS", "ESCAPED_NL", "NL", "COMMENT", "INDENT", "DEDENT"})
_WS = frozenset({"UNIMPORTANT_WS"})
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")
# A string whose whole content could be a type expression, a dotted path or a list of names.
_TYPE_LIKE = re.compile(r"[\w\[\], .|\"']*\w[\w\[\], .|\"']*")
_STRING_START = re.compile(r"(?P<prefix>[A-Za-z]*)(?P<quote>'''|\"\"\"|'|\")")
_DOTTED_WORD = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def tokens_to_src(tokens: list[Token]) -> str:
    """tokenize-rt's function, typed (the package ships no type information)."""
    return str(_tokens_to_src(tokens))


def _by_kind(kind: Kind) -> list[Rule]:
    return [rule for rule in RULES if rule.kind is kind]


_KEYWORDS = {(r.old, r.context): r for r in _by_kind(Kind.KEYWORD)}
_NAMES = {r.old: r for r in _by_kind(Kind.NAME)}
_PREFIXES = [(re.compile(r.old), r) for r in _by_kind(Kind.PREFIX)]
_MODULES = {(r.context, r.old): r for r in _by_kind(Kind.MODULE)}
_MARKERS = _by_kind(Kind.MARKER)
_BLOCKS = _by_kind(Kind.BLOCK)
(_SHIM_FROM,) = _by_kind(Kind.SHIM_FROM)
(_SHIM_ATTR,) = _by_kind(Kind.SHIM_ATTR)


@dataclass
class Result:
    """The rewritten text and how often each rule (by id) fired."""

    text: str
    fired: Counter[str] = field(default_factory=Counter)


@dataclass
class _Context:
    path: str
    tests: bool
    fired: Counter[str] = field(default_factory=Counter)
    first_line: int = 1  # line of the source where the tokens being rewritten start

    def fire(self, rule: Rule) -> None:
        self.fired[rule.id] += 1

    def error(self, line: int, message: str) -> CodegenError:
        return CodegenError(self.path, self.first_line + line - 1, message)


def transform(source: str, *, path: str, tests: bool) -> Result:
    """Rewrite ``source`` (the module at ``path``; ``tests`` selects the test-only rules)."""
    ctx = _Context(path, tests)
    tokens = src_to_tokens(_rewrite_lines(source, ctx))
    _rewrite_tokens(tokens, ctx, code=True)
    return Result(tokens_to_src(tokens), ctx.fired)


# -- pass 1: whole lines ------------------------------------------------------------------------


def _spelling(src: str) -> str:
    """A statement's tokens joined by single spaces, comments and layout left out."""
    return " ".join(t.src for t in src_to_tokens(src) if t.name not in _TRIVIA and t.src.strip())


def _comment_text(comment: str) -> str:
    return " ".join(comment.split())


_STATEMENTS = {_spelling(r.old): r for r in _by_kind(Kind.STATEMENT)}


def _logical_lines(tokens: list[Token]) -> Iterator[list[Token]]:
    """Group tokens by logical line; a blank or comment-only line is a group of its own."""
    depth, group = 0, []
    for tok in tokens:
        group.append(tok)
        if tok.name == "OP" and tok.src in _OPEN:
            depth += 1
        elif tok.name == "OP" and tok.src in _CLOSE:
            depth -= 1
        elif tok.name == "NEWLINE" or (tok.name == "NL" and depth == 0):
            yield group
            group = []


def _rewrite_lines(source: str, ctx: _Context) -> str:
    """Apply the STATEMENT, MARKER and BLOCK rules, which replace or drop whole lines."""
    lines = re.findall(r"[^\n]*\n|[^\n]+", source)  # as the tokenizer counts lines
    edits: dict[int, str] = {}  # 0-based line index -> replacement ("" drops the line)
    block: tuple[Rule, int] | None = None
    for group in _logical_lines(src_to_tokens(source)):
        first, last = group[0].line, group[-1].line
        code = [t for t in group if t.name not in _TRIVIA and t.name != "NEWLINE"]
        for comment in (_comment_text(t.src) for t in group if t.name == "COMMENT"):
            if "codegen:" not in comment:
                continue
            starts = [r for r in _BLOCKS if comment == r.old]
            if block is None and starts and not code:
                block = (starts[0], first)
            elif block is not None and comment == block[0].context and not code:
                ctx.fire(block[0])
                edits.update(dict.fromkeys(range(block[1] - 1, last), ""))
                block = None
            elif block is None and (marker := _marker(comment)) is not None and code:
                ctx.fire(marker)
                edits.update(dict.fromkeys(range(first - 1, last), ""))
            else:
                raise ctx.error(first, f"misplaced or unknown codegen marker: {comment!r}")
        rule = _STATEMENTS.get(" ".join(t.src for t in code if t.src.strip()))
        if block is None and rule is not None and (ctx.tests or not rule.tests_only):
            ctx.fire(rule)
            edits.update(dict.fromkeys(range(first - 1, last), ""))
            if rule.new:
                indent = lines[first - 1][: len(lines[first - 1]) - len(lines[first - 1].lstrip())]
                edits[first - 1] = f"{indent}{rule.new}\n"
    if block is not None:
        raise ctx.error(block[1], f"{block[0].old!r} has no matching {block[0].context!r}")
    return "".join(edits.get(i, line) for i, line in enumerate(lines))


def _marker(comment: str) -> Rule | None:
    return next((r for r in _MARKERS if comment.endswith(r.old)), None)


# -- pass 2: tokens -----------------------------------------------------------------------------


def _neighbour(tokens: list[Token], i: int, step: int, skip: frozenset[str] = _TRIVIA) -> int:
    """Index of the nearest token before (step -1) or after (step 1) ``i`` that is not skipped."""
    i += step
    while 0 <= i < len(tokens) and tokens[i].name in skip:
        i += step
    return i


def _rewrite_tokens(tokens: list[Token], ctx: _Context, *, code: bool) -> None:
    """Rewrite in place. ``code`` is False inside type-like strings: names only, no keywords."""
    original = [tok.src for tok in tokens]
    for i, tok in enumerate(tokens):
        if tok.name == "NAME" and code and tok.src in ("async", "await"):
            _drop_keyword(tokens, i, ctx)
        elif tok.name == "NAME" and code and ctx.tests and tok.src == _SHIM_ATTR.old:
            _anyio(tokens, i, ctx)
        elif tok.name == "NAME":
            prev = ""
            if i >= 2 and tokens[i - 1].src == "." and tokens[i - 2].name == "NAME":
                prev = original[i - 2]
            renamed = _rename_word(prev, tok.src, ctx)
            if renamed is not None:
                tokens[i] = tok._replace(src=renamed[0])
                if renamed[1].extra_arg:
                    _add_type_arg(tokens, i, renamed[1], ctx)
        elif tok.name == "STRING":
            tokens[i] = tok._replace(src=_rewrite_string(tokens, i, ctx, code=code))


def _drop_keyword(tokens: list[Token], i: int, ctx: _Context) -> None:
    nxt = _neighbour(tokens, i, 1, _WS)
    rule = _KEYWORDS.get((tokens[i].src, "")) or _KEYWORDS.get((tokens[i].src, tokens[nxt].src))
    if rule is None:
        raise ctx.error(tokens[i].line, f"no rule for {tokens[i].src!r} before {tokens[nxt].src!r}")
    ctx.fire(rule)
    if tokens[i].src == "await":
        _drop_grouping_parens(tokens, i)
    tokens[i] = tokens[i]._replace(src="")
    if tokens[i + 1].name == "UNIMPORTANT_WS":
        tokens[i + 1] = tokens[i + 1]._replace(src="")


def _matching(tokens: list[Token], i: int) -> int:
    """Index of the bracket that closes the one at ``i``."""
    depth = 0
    for k in range(i, len(tokens)):
        if tokens[k].name == "OP":
            depth += (tokens[k].src in _OPEN) - (tokens[k].src in _CLOSE)
        if depth == 0:
            return k
    return len(tokens) - 1


def _primary_end(tokens: list[Token], i: int) -> int:
    """Index of the first token after the primary (name, call, attribute...) starting at ``i``."""
    if tokens[i].name == "NAME":
        k = i + 1
    elif tokens[i].name == "OP" and tokens[i].src in _OPEN:
        k = _matching(tokens, i) + 1
    else:
        return i  # a literal, or something this does not parse: keep the parentheses
    while True:
        n = _neighbour(tokens, k - 1, 1, _WS)
        if tokens[n].src == "." and tokens[_neighbour(tokens, n, 1, _WS)].name == "NAME":
            k = _neighbour(tokens, n, 1, _WS) + 1
        elif tokens[n].src in ("(", "["):
            k = _matching(tokens, n) + 1
        else:
            return n


def _drop_grouping_parens(tokens: list[Token], i: int) -> None:
    """``(await x).y`` -> ``x.y``: parentheses that only held the await go with it.

    Only parentheses on one line, around exactly ``await <primary>``, that are not a call's.
    """
    opening = _neighbour(tokens, i, -1, _WS)
    if tokens[opening].src != "(":
        return
    before = opening - 1
    while before >= 0 and (tokens[before].name in _TRIVIA or not tokens[before].src):
        before -= 1
    if before >= 0 and (
        tokens[before].src in (")", "]")
        or tokens[before].name in ("STRING", "FSTRING_END")
        or (tokens[before].name == "NAME" and not keyword.iskeyword(tokens[before].src))
    ):
        return  # a call's parentheses
    closing = _primary_end(tokens, _neighbour(tokens, i, 1, _WS))
    if tokens[closing].src == ")" and _matching(tokens, opening) == closing:
        tokens[opening] = tokens[opening]._replace(src="")
        tokens[closing] = tokens[closing]._replace(src="")


def _rename_word(prev: str, word: str, ctx: _Context) -> tuple[str, Rule] | None:
    """The sync spelling of ``word`` (``prev`` is the dotted component before it), or None."""
    rule = _MODULES.get((prev, word)) or _NAMES.get(word)
    if rule is not None:
        ctx.fire(rule)
        return rule.new, rule
    for pattern, rule in _PREFIXES:
        if pattern.fullmatch(word):
            ctx.fire(rule)
            return pattern.sub(rule.new, word), rule
    return None


def _add_type_arg(tokens: list[Token], i: int, rule: Rule, ctx: _Context) -> None:
    """``Name[A, B]`` -> ``Name[A, B, extra]``: the sync generic takes one more argument."""
    start = _neighbour(tokens, i, 1)
    if start >= len(tokens) or tokens[start].src != "[":
        return
    depth, commas, end = 0, 0, start
    for end in range(start, len(tokens)):
        src = tokens[end].src if tokens[end].name == "OP" else ""
        depth += (src in _OPEN) - (src in _CLOSE)
        commas += depth == 1 and src == ","
        if depth == 0:
            break
    trailing = tokens[_neighbour(tokens, end, -1)].src == ","
    if commas + (not trailing) != 2:
        raise ctx.error(tokens[i].line, f"{rule.old}[...] needs exactly two type arguments")
    extra = f" {rule.extra_arg}" if trailing else f", {rule.extra_arg}"
    tokens[end] = tokens[end]._replace(src=extra + tokens[end].src)


_LIST_START = ("import", ",", "(")  # tokens before an imported name in `from m import ...`


def _anyio(tokens: list[Token], i: int, ctx: _Context) -> None:
    """``from anyio import x`` and ``anyio.x`` in tests, for x in SHIM_NAMES (else an error)."""
    prev, nxt = _neighbour(tokens, i, -1), _neighbour(tokens, i, 1)
    if tokens[prev].src == ".":
        return  # an attribute named anyio, as in pytest.mark.anyio
    if tokens[prev].src == "from" and tokens[nxt].src == "import":
        rule, names, end = _SHIM_FROM, [], nxt
        while tokens[end].name != "NEWLINE":  # the imported names, not their `as` aliases
            if (
                tokens[end].name == "NAME"
                and tokens[_neighbour(tokens, end, -1)].src in _LIST_START
            ):
                names.append(tokens[end].src)
            end += 1
    elif tokens[nxt].src == "." and tokens[nxt + 1].name == "NAME":
        rule, names = _SHIM_ATTR, [tokens[nxt + 1].src]
    else:
        raise ctx.error(tokens[i].line, "tests may use anyio only as `anyio.<name>` or `from`")
    bad = [name for name in names if name not in SHIM_NAMES]
    if bad:
        raise ctx.error(
            tokens[i].line,
            f"anyio.{bad[0]} has no thread-based twin in tests/concurrency.py (it has "
            f"{', '.join(SHIM_NAMES)}); add one there or mark the line `# codegen: async-only`",
        )
    ctx.fire(rule)
    tokens[i] = tokens[i]._replace(src=rule.new)


# -- strings ------------------------------------------------------------------------------------


def _is_docstring(tokens: list[Token], i: int) -> bool:
    """A string that is a whole statement: a module, class, function or attribute docstring."""
    prev, nxt = _neighbour(tokens, i, -1), _neighbour(tokens, i, 1, _WS)
    starts_statement = prev < 0 or tokens[prev].name == "NEWLINE"
    return starts_statement and tokens[nxt].name in ("NEWLINE", "ENDMARKER", "COMMENT")


def _rewrite_string(tokens: list[Token], i: int, ctx: _Context, *, code: bool) -> str:
    src: str = tokens[i].src
    match = _STRING_START.match(src)
    if match is None or "b" in match["prefix"].lower():
        return src
    if code and _is_docstring(tokens, i):
        return rename_prose(src, ctx.fired)
    head, tail = src[: match.end()], src[len(src) - len(match["quote"]) :]
    body = src[len(head) : len(src) - len(tail)]
    if not _TYPE_LIKE.fullmatch(body):
        return src
    try:
        body_tokens = src_to_tokens(body)
    except (tokenize.TokenError, SyntaxError):  # e.g. "Array]": rename words as in prose
        return head + rename_prose(body, ctx.fired) + tail
    inner = _Context(ctx.path, ctx.tests, ctx.fired, ctx.first_line + tokens[i].line - 1)
    _rewrite_tokens(body_tokens, inner, code=False)
    return head + tokens_to_src(body_tokens) + tail


def rename_prose(text: str, fired: Counter[str] | None = None) -> str:
    """Rename the identifiers and dotted names in prose that a name rule maps; keep the rest.

    This is what happens to docstrings; a test comparing async and sync docstrings can apply it.
    """
    ctx = _Context("<prose>", tests=False, fired=Counter() if fired is None else fired)

    def rename(match: re.Match[str]) -> str:
        words = match[0].split(".")
        parts = [_rename_word(words[k - 1] if k else "", w, ctx) for k, w in enumerate(words)]
        return ".".join(w if p is None else p[0] for w, p in zip(words, parts))

    return _DOTTED_WORD.sub(rename, text)
