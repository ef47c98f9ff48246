"""Parsing a module with libcst, whole or in pieces, and positions in the pieces.

libcst's parse of a module holds transient structures of several times the tree (2.4 GB for a 6 MB
generated module whose tree is 0.3 GB), so a big module is parsed in pieces: runs of top-level
statements of about :data:`PIECE_BYTES`, split where a statement starts at column 0 outside any
bracket, string or line continuation (a light scan of the tokens that matter; a wrong split would
leave a piece that does not parse, and is undone by parsing the piece with the next one). The
pieces' statements form one ``cst.Module`` for the walk, so rules see what a whole-module parse
gives them; positions are computed in the piece that holds the node, from the piece's first line.

A big module's top-level ``def``s that no selected rule could report anything in are not parsed at
all (:func:`inert_defs`): a def is left out when its body names nothing the file binds at module
level, no builtin and no other top-level def, holds none of the rules' statement triggers
(``Rule.STATEMENT_TRIGGERS``), and no other statement names it. What its binding tells the rest of
the file and the project phase (a coroutine function, its positional parameters) is kept as an
:class:`Unparsed` record. That keeps a generated module of thousands of handlers linear in its few
statements that matter rather than in libcst's cost of the whole.

The same pieces serve a file that libcst cannot parse although CPython compiles it (libcst lags
behind CPython's grammar): the statements libcst rejects are left out and named in a notice, and
the rest of the file is checked.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple, Sequence, TypeVar

import libcst as cst
from libcst._nodes.base import CSTNode
from libcst._position import CodeRange

from asyncio_lint.positions import positions as node_positions
from asyncio_lint.tree import child_nodes

# A module this big is parsed in pieces (smaller ones whole, as libcst's own parse does best).
BIG_BYTES = 256 * 1024
PIECE_BYTES = 16 * 1024

_TOKEN = re.compile(r"""
    (?P<str>(?:[rRbBuUfFtT]{1,2})?(?:'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"
        |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"))
  | (?P<comment>\#[^\r\n]*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<cont>\\(?:\r\n|\r|\n))
  | (?P<nl>\r\n|\r|\n)
""", re.S | re.X)
_CONTINUES = re.compile(r"(?:else|elif|except|finally)\b")
_BLANK_START = frozenset(" \t\f\r\n#")


def statement_starts(text: str) -> list[tuple[int, int]]:
    """(offset, line) of every top-level statement that may begin a piece: at column 0 outside
    brackets and strings, not a clause continuing the statement above (``else:``...), not right
    after a decorator line. The first statement of the module is not listed."""
    starts: list[tuple[int, int]] = []
    depth = 0
    line = 1
    after_decorator = text.startswith("@")
    length = len(text)
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "nl":
            line += 1
            if depth:
                continue
            offset = match.end()
            if offset >= length or text[offset] in _BLANK_START:
                continue
            if _CONTINUES.match(text, offset):
                continue
            if not after_decorator:
                starts.append((offset, line))
            after_decorator = text[offset] == "@"
        elif kind == "str":
            line += _newlines(match.group())
        elif kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "cont":
            line += 1
    return starts


def _newlines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class Unparsed(NamedTuple):
    """A top-level ``def`` the pre-pass left out (see :func:`inert_defs`)."""

    name: str
    coroutine: bool              # ``async def``
    positional: tuple[str, ...]  # its positional parameters, in order


# A def with a header of plain parameters only (no annotation, default or return annotation: those
# name things), then its body.
_HEADER = re.compile(r"(async[ \t]+)?def[ \t]+([^\W\d]\w*)[ \t]*\(([\w\s,*/]*)\)[ \t]*:")
_WORD = re.compile(r"[^\W\d]\w*")
_KEYWORDS = frozenset(keyword.kwlist)
_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__spec__", "__loader__", "__path__",
                                        "__package__", "__builtins__", "__annotations__"}
# Text after which a def's body is in reach of more than its own parameters and locals: a comment
# (a suppression), a decorator, an import or a class of its own, a global name.
_OPENERS = ("#", "@", "import", "global", "nonlocal", "class")
_DEFINITION = re.compile(r"@|(?:async[ \t]+)?def\b|class\b")
_DEFINED = re.compile(r"\b(?:def|class)\s+([^\W\d]\w*)")


def inert_defs(statements: Sequence[tuple[int, str]], triggers: Sequence[str]) -> dict[int, Unparsed]:
    """The top-level statements (by index; the first is never one) that need no parse.

    Those are plain defs whose body's words (identifiers, also in strings: a superset) include no
    name the other statements may bind, no builtin, no top-level def's name and none of
    ``triggers``, and whose name no parsed statement's words include. The names a statement may
    bind are all its words; for a def or class, only its name and those of the defs and classes in
    it, unless it declares a ``global`` or holds a ``:=``. It runs to a fixpoint: a def found not
    inert is parsed, and so must be what it names."""
    candidates: dict[int, tuple[re.Match[str], str]] = {}
    module_words: set[str] = set()  # (a superset of the names the module binds)
    named: set[str] = set()  # the words of every statement parsed
    for index, (_, text) in enumerate(statements):
        match = _HEADER.match(text) if index else None
        if match is not None and not any(opener in text for opener in _OPENERS):
            candidates[index] = (match, text)
            continue
        found = _WORD.findall(text)
        named.update(found)
        if _DEFINITION.match(text) and "global" not in text and ":=" not in text:
            module_words.update(_DEFINED.findall(text))  # (a def or class binds its name only)
        else:
            module_words.update(found)
    names = {match.group(2) for match, _ in candidates.values()}
    inert: dict[int, Unparsed] = {}
    changed = True
    while changed:
        changed = False
        for index, (match, text) in list(candidates.items()):
            body = text[match.end():]
            if index in inert:
                if match.group(2) not in named:
                    continue
                words = set(_WORD.findall(body))
            else:
                words = set(_WORD.findall(body)) - _KEYWORDS
                if not (match.group(2) in named or not words.isdisjoint(module_words)
                        or not words.isdisjoint(_BUILTINS) or not words.isdisjoint(names)
                        or any(trigger in body for trigger in triggers)):
                    inert[index] = Unparsed(match.group(2), match.group(1) is not None, _positional(match.group(3)))
                    continue
            del candidates[index]
            inert.pop(index, None)
            if not words.isdisjoint(names):
                named.update(words)
                changed = True
    return inert


def _positional(params: str) -> tuple[str, ...]:
    out = []
    for param in params.split(","):
        param = param.strip()
        if param.startswith("*"):
            break
        if param and param != "/":
            out.append(param)
    return tuple(out)


@dataclass(frozen=True)
class Piece:
    line: int            # the piece's first line in the file (1-based)
    module: cst.Module


@dataclass
class Parsed:
    """A module parsed whole (one piece) or in pieces, and the line ranges libcst could not parse."""

    module: cst.Module
    pieces: tuple[Piece, ...]
    skipped: tuple[tuple[int, int, str], ...] = ()  # (first line, last line, libcst's message)
    # id(top-level statement) -> its piece, when there are several
    owner: dict[int, int] = field(default_factory=dict)
    unparsed: tuple[Unparsed, ...] = ()  # the defs left out unparsed (inert_defs)

    def positions(self, nodes: Iterable[cst.CSTNode], tops: dict[int, cst.CSTNode] | None = None
                  ) -> dict[cst.CSTNode, CodeRange]:
        """The syntactic ranges of ``nodes``; ``tops``: id(node) -> the top-level statement it is
        believed to be in (a hint: checked, and searched for when wrong or missing)."""
        wanted = list(dict.fromkeys(nodes))
        if len(self.pieces) == 1:
            return node_positions(self.module, wanted)
        found: dict[cst.CSTNode, CodeRange] = {}
        by_piece: dict[int, list[cst.CSTNode]] = {}
        unplaced = []
        for node in wanted:
            top = (tops or {}).get(id(node))
            index = self.owner.get(id(top)) if top is not None else None
            if index is None:
                unplaced.append(node)
            else:
                by_piece.setdefault(index, []).append(node)
        for index, group in sorted(by_piece.items()):
            piece = self.pieces[index]
            found.update(node_positions(piece.module, group, piece.line))
        missing = unplaced + [n for n in wanted if n not in found and n not in unplaced]
        if missing:
            for index, group in sorted(self._owners(missing).items()):
                piece = self.pieces[index]
                found.update(node_positions(piece.module, group, piece.line))
        return found

    def _owners(self, nodes: list[cst.CSTNode]) -> dict[int, list[cst.CSTNode]]:
        """The pieces holding ``nodes``, by a walk of the tree that stops once all are found."""
        wanted = {id(n): n for n in nodes}
        out: dict[int, list[cst.CSTNode]] = {}
        for statement in self.module.body:
            index = self.owner[id(statement)]
            stack: list[cst.CSTNode] = [statement]
            while stack and wanted:
                node = stack.pop()
                hit = wanted.pop(id(node), None)
                if hit is not None:
                    out.setdefault(index, []).append(hit)
                stack.extend(child_nodes(node) if node.__class__ not in _SCOPED else _all_children(node))
            if not wanted:
                break
        return out


_SCOPED = frozenset({cst.FunctionDef, cst.ClassDef, cst.Lambda})
_T = TypeVar("_T")
# Retried after a RecursionError with this much room: a deep tree (thousands of nested binary
# operators or concatenated strings) is checked like any other instead of failing the file.
DEEP_RECURSION_LIMIT = 100_000
DEEP_STACK_BYTES = 512 * 1024 * 1024
_deep_lock = threading.Lock()


def deep(call: Callable[[], _T]) -> _T:
    """``call()``; after a RecursionError, again in a thread with a big stack and a high
    recursion limit (the analyses and libcst's code generator recurse over the tree)."""
    try:
        return call()
    except RecursionError:
        pass
    out: list[_T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(call())
        except BaseException as exc:  # (re-raised in the caller's thread)
            errors.append(exc)

    with _deep_lock:
        old_limit = sys.getrecursionlimit()
        old_size = threading.stack_size()
        try:
            threading.stack_size(DEEP_STACK_BYTES)
            sys.setrecursionlimit(DEEP_RECURSION_LIMIT)
            worker = threading.Thread(target=run, name="asyncio-lint-deep")
            worker.start()
            worker.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(old_limit)
    if errors:
        raise errors[0]
    return out[0]


def _all_children(node: cst.CSTNode) -> list[cst.CSTNode]:
    return list(node.children)


def _pieces(text: str, piece_bytes: int) -> list[tuple[int, str]]:
    """(first line, text) of runs of top-level statements of about ``piece_bytes``."""
    out: list[tuple[int, str]] = []
    start, start_line = 0, 1
    for offset, line in statement_starts(text):
        if offset - start >= piece_bytes:
            out.append((start_line, text[start:offset]))
            start, start_line = offset, line
    out.append((start_line, text[start:]))
    return out


def _no_validation(self: CSTNode) -> None:
    pass


def parse_module(text: str) -> cst.Module:
    """``libcst.parse_module``, without the validation every node runs when it is built: it checks
    trees built by hand (a parser's are valid by construction; libcst's own comment on
    ``CSTNode.__post_init__`` suggests skipping it when parsing), and costs 10-20% of the parse."""
    validate = CSTNode.__dict__.get("__post_init__")
    if validate is None:  # (a libcst without it: nothing to skip)
        return cst.parse_module(text)
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        CSTNode.__post_init__ = validate  # type: ignore[method-assign]


def _where(error: cst.ParserSyntaxError, first_line: int) -> str:
    """libcst's complaint about a piece, at the file's line and column."""
    text = (error.message or "syntax error").splitlines()[0]
    at = re.match(r"^(?:parser error: )?error at (\d+):(\d+): ", text)
    if at is None:
        return f"at {first_line + error.raw_line - 1}:{error.raw_column + 1}: {text}"
    return f"at {first_line + int(at.group(1)) - 1}:{at.group(2)}: {text[at.end():]}"


def parse(text: str, may_skip: Callable[[], bool] = lambda: False, big: int | None = None,
          triggers: Sequence[str] | None = None) -> Parsed:
    """``text`` parsed by libcst: whole if small, else in pieces. When libcst rejects part of it,
    ``may_skip()`` (CPython compiles the file) decides: that part is left out (``skipped``), or
    libcst's ``ParserSyntaxError`` is raised, as for a whole-module parse. ``triggers``: the
    selected rules' statement triggers, when every one declares them; a module parsed in pieces
    then leaves out its inert defs (:func:`inert_defs`)."""
    if len(text) < (BIG_BYTES if big is None else big):
        try:
            module = parse_module(text)
        except cst.ParserSyntaxError:
            if not may_skip():
                raise
            return _parse_pieces(text, 1, skip=True)  # (each statement alone: lose as little as possible)
        return Parsed(module, (Piece(1, module),))
    if triggers is not None:
        chunks, unparsed = _selected(text, PIECE_BYTES, triggers)
        if unparsed:
            try:
                # (a failing chunk is a misread split next to a def left out: parse it all instead)
                pieces = [Piece(line, parse_module(chunk)) for line, chunk in chunks]
            except cst.ParserSyntaxError:
                pass
            else:
                parsed = _joined(pieces, ())
                parsed.unparsed = unparsed
                return parsed
    return _parse_pieces(text, PIECE_BYTES, skip=False, may_skip=may_skip)


def _selected(text: str, piece_bytes: int, triggers: Sequence[str]) -> tuple[list[tuple[int, str]], tuple[Unparsed, ...]]:
    """(first line, text) of runs of top-level statements of about ``piece_bytes`` that are not
    inert defs, and the inert defs left out."""
    starts = statement_starts(text)
    bounds = [0, *(offset for offset, _ in starts), len(text)]
    lines = [1, *(line for _, line in starts)]
    statements = [(lines[i], text[bounds[i]:bounds[i + 1]]) for i in range(len(lines))]
    inert = inert_defs(statements, triggers)
    if not inert:
        return [], ()
    chunks: list[tuple[int, str]] = []
    run: list[str] = []
    run_line = size = 0
    for index, (line, statement) in enumerate(statements):
        if index in inert or (run and size >= piece_bytes):
            if run:
                chunks.append((run_line, "".join(run)))
            run, size = [], 0
            if index in inert:
                continue
        if not run:
            run_line = line
        run.append(statement)
        size += len(statement)
    if run:
        chunks.append((run_line, "".join(run)))
    return chunks, tuple(inert[index] for index in sorted(inert))


def _parse_pieces(text: str, piece_bytes: int, skip: bool, may_skip: Callable[[], bool] = lambda: True) -> Parsed:
    chunks = _pieces(text, piece_bytes)
    pieces: list[Piece] = []
    skipped: list[tuple[int, int, str]] = []
    i = 0
    while i < len(chunks):
        line, chunk = chunks[i]
        try:
            pieces.append(Piece(line, parse_module(chunk)))
            i += 1
            continue
        except cst.ParserSyntaxError as exc:
            error = exc
        # A split inside a statement (the scan misread a token) fails; parsed with the next
        # chunk it would not.
        if i + 1 < len(chunks):
            joined = chunk + chunks[i + 1][1]
            try:
                module = parse_module(joined)
            except cst.ParserSyntaxError:
                pass
            else:
                pieces.append(Piece(line, module))
                i += 2
                continue
        if not (skip or may_skip()):
            raise error
        skip = True
        last = line + _newlines(chunk.rstrip())  # (to its last line that is not blank)
        skipped.append((line, max(last, line), _where(error, line)))
        i += 1
    return _joined(pieces, tuple(skipped))


def _joined(pieces: list[Piece], skipped: tuple[tuple[int, int, str], ...]) -> Parsed:
    """The pieces' statements as one module, each placed in its piece."""
    if not pieces:
        empty = parse_module("")
        return Parsed(empty, (Piece(1, empty),), skipped)
    first, last_piece = pieces[0].module, pieces[-1].module
    body = [statement for piece in pieces for statement in piece.module.body]
    module = first.with_changes(body=body, footer=last_piece.footer,
                                has_trailing_newline=last_piece.has_trailing_newline)
    owner = {id(statement): index for index, piece in enumerate(pieces) for statement in piece.module.body}
    if len(pieces) == 1 and not skipped and pieces[0].line == 1:
        return Parsed(module, (Piece(1, module),))
    return Parsed(module, tuple(pieces), skipped, owner)
