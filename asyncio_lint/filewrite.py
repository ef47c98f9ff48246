"""Writing a user's source file, which asyncio-lint does only when asked (``--fix``,
``--add-noqa``): only code that parses, atomically, in the file's own encoding."""

from __future__ import annotations

import ast
import io
import os
import stat
import tempfile
import tokenize


def parses(text: str) -> bool:
    """The text is valid Python for libcst and for CPython alike."""
    import libcst as cst

    try:
        cst.parse_module(text)
        ast.parse(text)
    except Exception:
        return False
    return True


def encoding_of(data: bytes) -> str:
    """The encoding the file's bytes declare (``utf-8-sig`` keeps a byte order mark)."""
    try:
        return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    except SyntaxError:
        return "utf-8"


def write_atomic(path: str, text: str, encoding: str) -> None:
    """Replace the file's content: a temporary file beside it, then ``os.replace``, keeping its
    permissions. Line endings are the text's own (nothing is translated)."""
    replace_file(path, text.encode(encoding), stat.S_IMODE(os.stat(path).st_mode))


def replace_file(path: str, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``: a reader
    sees the old content or the new, never a part (``mode``: the permissions to give it)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".asyncio-lint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
