"""Run a script or module in this process the way ``python SCRIPT`` / ``python -m MODULE`` would.

The program sees the ``sys.argv`` and ``sys.path[0]`` python would give it. Its exit status comes
back as an int; an uncaught exception prints its traceback (without our frames) to stderr and
gives status 1, as python does.
"""

from __future__ import annotations

import builtins
import functools
import io
import os
import runpy
import sys
import traceback
import types
import zipfile
from types import TracebackType
from typing import Callable, Sequence

_OWN_FILES = frozenset({os.path.abspath(__file__), os.path.abspath(runpy.__file__), "<frozen runpy>"})


class ProgramNotFound(Exception):
    """The script or module to run does not exist (python exits 2 here)."""


def exit_status(code: object) -> int:
    """The process exit status for ``SystemExit(code)``; a message is printed like python does."""
    if code is None:
        return 0
    if isinstance(code, int) and not isinstance(code, bool):
        return code
    if isinstance(code, bool):
        return int(code)
    sys.stderr.write(f"{code}\n")
    return 1


def _own(filename: str) -> bool:
    return filename in _OWN_FILES or os.path.abspath(filename) in _OWN_FILES


def _program_traceback(tb: TracebackType | None) -> TracebackType | None:
    while tb is not None and _own(tb.tb_frame.f_code.co_filename):
        tb = tb.tb_next
    return tb


def _run(target: Callable[[], object]) -> int:
    try:
        target()
    except SystemExit as stop:
        return exit_status(stop.code)
    except BaseException as error:  # noqa: B036 - python prints every uncaught exception
        sys.stdout.flush()
        traceback.print_exception(type(error), error, _program_traceback(error.__traceback__))
        sys.stderr.flush()
        return 130 if isinstance(error, KeyboardInterrupt) else 1
    return 0


def run_script(path: str, args: Sequence[str]) -> int:
    """``python PATH ARGS...``: a file, a directory or a zip file with ``__main__.py``."""
    if not os.path.exists(path):
        raise ProgramNotFound(f"can't open file {os.path.abspath(path)!r}: No such file or directory")
    saved_argv, saved_path0 = sys.argv[:], sys.path[0] if sys.path else None
    target: Callable[[], object]
    if os.path.isdir(path) or zipfile.is_zipfile(path):
        directory = os.path.abspath(path)  # python puts the directory / archive itself first
        target = functools.partial(runpy.run_path, path, run_name="__main__")
    else:
        directory = os.path.dirname(os.path.realpath(path))
        target = functools.partial(_exec_main, os.path.abspath(path))
    sys.argv = [path, *args]
    _set_path0(directory)
    try:
        return _run(target)
    finally:
        sys.argv = saved_argv
        _restore_path0(directory, saved_path0)


def _exec_main(path: str) -> None:
    """Execute a source file as ``__main__`` (real ``sys.modules["__main__"]``, like python)."""
    import importlib.machinery

    with io.open_code(path) as handle:
        source = handle.read()
    code = compile(source, path, "exec", dont_inherit=True)
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__cached__ = None  # type: ignore[attr-defined]
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    module.__builtins__ = builtins  # type: ignore[attr-defined]
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        exec(code, module.__dict__)
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main


def run_module(name: str, args: Sequence[str]) -> int:
    """``python -m NAME ARGS...``."""
    import importlib.util

    saved_argv, saved_path0 = sys.argv[:], sys.path[0] if sys.path else None
    directory = os.getcwd()
    _set_path0(directory)
    try:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError) as error:
            spec, reason = None, str(error)
        else:
            reason = ""
        if spec is None:
            raise ProgramNotFound(f"No module named {name}" + (f" ({reason})" if reason else ""))
        sys.argv = [name, *args]  # runpy replaces argv[0] with the module's file, as python does
        return _run(functools.partial(runpy.run_module, name, run_name="__main__", alter_sys=True))
    finally:
        sys.argv = saved_argv
        _restore_path0(directory, saved_path0)


def _set_path0(directory: str) -> None:
    if sys.path:
        sys.path[0] = directory
    else:
        sys.path.append(directory)


def _restore_path0(directory: str, saved: str | None) -> None:
    if sys.path and sys.path[0] == directory and saved is not None:
        sys.path[0] = saved
