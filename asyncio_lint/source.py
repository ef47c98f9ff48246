"""Reading source bytes, and the cheap path for files no rule can fire on.

Everything here is light (no libcst): a file without any rule's trigger bytes is decoded and
syntax-checked with CPython's own parser and never loads libcst, so a run whose changed files
all lack them (or a run over an empty file) pays nothing for the CST machinery.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from typing import TYPE_CHECKING

from asyncio_lint.types import FileError, FileResult, Notice

if TYPE_CHECKING:
    from asyncio_lint.config import Config

#: The union of every rule's ``TRIGGERS`` (tests/test_meta.py checks it against the registry, so
#: a rule with new trigger bytes fails the suite until they are added here). A file with none of
#: these bytes, nor any configured registrar name, cannot give a finding under any selection.
TRIGGER_INDEX: tuple[bytes, ...] = (
    b"add_done_callback", b"add_reader", b"add_signal_handler", b"add_writer", b"async", b"call_at",
    b"call_later", b"call_soon", b"create_task", b"ensure_future", b"get_event_loop", b"run_in_executor",
    b"set_default_executor",
)


def triggers_for(config: "Config") -> tuple[bytes, ...]:
    """:data:`TRIGGER_INDEX` plus the bytes configuration adds (``callback-registrars`` names)."""
    extra = tuple(name.rsplit(".", 1)[-1].encode() for name, _ in config.callback_registrars)
    return TRIGGER_INDEX + extra if extra else TRIGGER_INDEX


def decode(data: bytes) -> str:
    """Decode source bytes as Python does: BOM, then a PEP 263 coding line, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        message = str(getattr(exc, "msg", exc))
        if message.startswith("invalid or missing encoding declaration"):
            encoding = "utf-8"  # no declaration and not UTF-8: say which byte is wrong, below
        else:
            raise ValueError(f"bad encoding declaration: {message}") from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(f"cannot decode as {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


RUNNING = sys.version_info[:2]


def check_syntax(text: str, path: str, target: tuple[int, int] | None = None) -> FileError | Notice | None:
    """None when the code is valid Python for ``target`` (the version the project is for; None:
    unknown), else why not: a FileError, or a Notice when it cannot be judged from here.

    The running interpreter's parser judges code for its own version or an older one. Code for a
    newer Python (or an unknown one) that it rejects is judged by libcst's parser, which knows
    newer grammars (``type X = ...``, PEP 701 f-strings): valid if libcst accepts it, as Ruff
    accepts newer syntax; if libcst rejects it too, an error when the target is unknown (both
    parsers agree), and a notice when the project declares a newer Python than this one (that
    Python might accept it: asyncio-lint never rejects newer valid syntax because it runs on an
    older interpreter)."""
    try:
        ast.parse(text, path)
    except SyntaxError as exc:
        error = FileError(path, f"syntax error at {exc.lineno}:{exc.offset}: {exc.msg}")
        where, column, why = exc.lineno, exc.offset, exc.msg
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileError(path, f"cannot parse: {exc}")
    else:
        return None
    if target is not None and target <= RUNNING:
        return error
    if _libcst_accepts(text):
        return None
    if target is None:
        newer = _newer_syntax(text, where, column, why)
        if newer is None:
            return error
        version, what = newer
        wanted = ".".join(map(str, version))
        running = ".".join(map(str, RUNNING))
        return Notice(path, f"line {where} uses {what}, which is Python {wanted} syntax: Python {running} cannot "
                            f"check it ({error.message}); set `target-version` or `requires-python`, or run "
                            f"asyncio-lint on Python {wanted}")
    running = ".".join(map(str, RUNNING))
    wanted = ".".join(map(str, target))
    return Notice(path, f"the syntax of this Python {wanted} code cannot be checked on Python {running}, "
                        f"which rejects it ({error.message}); run asyncio-lint on Python {wanted} to check it")


# Syntax of a Python newer than some this linter runs on, seen on the line where the running
# interpreter stops (with no version declared, both parsers rejecting a file is otherwise an error).
_NEWER_SYNTAX = (
    (re.compile(r"\bexcept\s*\*"), (3, 11), "`except*`"),
    (re.compile(r"\[\s*\*"), (3, 11), "a starred subscript"),
    (re.compile(r"^\s*type\s+[^\W\d]\w*\s*[\[=]"), (3, 12), "a `type` statement"),
    (re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+[^\W\d]\w*\s*\["), (3, 12), "type parameters"),
    (re.compile(r"^\s*except\s+[^\s(:][^:]*,[^:]*:"), (3, 14), "unparenthesised `except` types"),
    (re.compile(r"(?<![\w'\"])(?:[tT][rR]?|[rR][tT])['\"]"), (3, 14), "a template string"),
)


def _newer_syntax(text: str, line: int | None, column: int | None,
                  message: str) -> tuple[tuple[int, int], str] | None:
    """(version, what) when the running Python stops inside syntax of a newer one."""
    if "f-string" in message and RUNNING < (3, 12):
        return (3, 12), "an f-string that only Python 3.12 parses"
    lines = text.splitlines()
    if line is None or column is None or not 0 < line <= len(lines):
        return None
    for pattern, version, what in _NEWER_SYNTAX:
        found = pattern.search(lines[line - 1]) if version > RUNNING else None
        # (stopped inside it, not at its first character: there the statement itself is misplaced)
        if found is not None and found.start() + 1 < column <= found.end() + 1:
            return version, what
    return None


def _libcst_accepts(text: str) -> bool:
    try:
        import libcst  # (only here, for a file this interpreter cannot parse: rare)

        libcst.parse_module(text)
    except Exception:
        return False
    return True


def syntax_error(text: str, path: str, target: tuple[int, int] | None = None) -> FileError | None:
    """The syntax error that fails the file, if any (see :func:`check_syntax`)."""
    found = check_syntax(text, path, target)
    return found if isinstance(found, FileError) else None


def prepare(data: bytes | str, path: str) -> tuple[str, bytes] | FileError:
    """(text, raw bytes) of a file's source, or the reason it cannot be read as Python."""
    if isinstance(data, str):
        text = data[1:] if data.startswith("\ufeff") else data
        return text, text.encode("utf-8", "surrogatepass")
    if b"\0" in data:
        return FileError(path, "not a Python source file (contains NUL bytes)")
    try:
        return decode(data), data
    except ValueError as exc:
        return FileError(path, str(exc))


def quick_result(data: bytes | str, path: str, config: "Config") -> FileResult | None:
    """The result for a file no rule can fire on (or that cannot be read as Python), without
    loading libcst; None when the engine must see it."""
    prepared = prepare(data, path)
    if isinstance(prepared, FileError):
        return FileResult(path, error=prepared)
    text, raw = prepared
    if any(trigger in raw for trigger in triggers_for(config)):
        return None
    return syntax_result(text, path, config.target_version)


def syntax_result(text: str, path: str, target: tuple[int, int] | None) -> FileResult:
    """The result of a file no rule can fire on: its syntax checked (check_syntax)."""
    found = check_syntax(text, path, target)
    lines = text.count("\n")
    if isinstance(found, Notice):
        return FileResult(path, lines=lines, notices=(found,))
    return FileResult(path, error=found, lines=lines)
