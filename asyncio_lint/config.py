"""Configuration: ``[tool.asyncio-lint]`` in the nearest ``pyproject.toml``, or ``--config FILE``.

Every key is declared once in :data:`KEYS` with its parser; an unknown key or a bad value raises
:class:`ConfigError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from asyncio_lint.codes import KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CODE_PREFIX_RE = re.compile(r"^AIO\d{0,3}$")
SECTION = "asyncio-lint"


class ConfigError(Exception):
    """A configuration problem a user must fix; the message says where and what."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()           # empty: every rule enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    extend_blocking_calls: tuple[tuple[str, str], ...] = ()
    # AIO4xx: extra callback registrars (name, callback argument position), nesting depth to flag.
    callback_registrars: tuple[tuple[str, int], ...] = ()
    max_callback_depth: int = 3
    extend_cpu_bound_calls: tuple[tuple[str, str], ...] = ()  # (qualified name, "thread" | "process")
    # AIO120/AIO220: longest helper chain followed, and project functions declared non-blocking.
    transitive_depth: int = 4
    non_blocking_functions: tuple[str, ...] = ()
    # AIO501: project functions that run a sync callable in a worker (qualified name, callable position).
    extend_offload_functions: tuple[tuple[str, int], ...] = ()
    # AIO120/AIO220: decorators that run the function they decorate in a worker thread or process.
    offload_decorators: tuple[str, ...] = ()
    # The project's interpreter or virtualenv (relative to ``root``), whose installed packages the
    # project phase follows; None: $VIRTUAL_ENV, or a .venv / venv folder in ``root``.
    python: str | None = None
    # Folder the config's relative globs are relative to.
    root: str = field(default=".", compare=True)
    source: str | None = None  # the file it came from, for messages

    def with_overrides(self, **changes: Any) -> "Config":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def is_excluded(self, path: str) -> bool:
        """True when ``path`` matches an exclude glob (relative to the config root) or its basename does."""
        patterns = self.exclude + self.extend_exclude
        if not patterns:
            return False
        rel = _relative(path, self.root)
        base = os.path.basename(path)
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(base, p) or fnmatch.fnmatch(path, p)
                   for p in patterns)

    def ignored_codes_for(self, path: str) -> tuple[str, ...]:
        rel = _relative(path, self.root)
        base = os.path.basename(path)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern) or fnmatch.fnmatch(path, pattern):
                codes.extend(pattern_codes)
        return tuple(codes)


def _relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # different drives
        return path
    return rel.replace(os.sep, "/")


# ---- parsers -------------------------------------------------------------------------------------
def _codes(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of code prefixes such as [\"AIO1\", \"AIO203\"]")
    for code in value:
        if not CODE_PREFIX_RE.match(code):
            raise ValueError(f"{code!r} is not a code prefix (AIO followed by up to three digits)")
    return tuple(value)


def _globs(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of glob patterns")
    return tuple(value)


def _per_file_ignores(key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError("expected a table of glob = [codes]")
    return tuple((glob, _codes(key, codes)) for glob, codes in value.items())


def _qualified_names_to_kind(kinds: tuple[str, ...], default: str) -> Callable[[str, Any], tuple[tuple[str, str], ...]]:
    def parse(key: str, value: Any) -> tuple[tuple[str, str], ...]:
        if isinstance(value, list):
            value = {name: default for name in value}
        if not isinstance(value, dict):
            raise ValueError(f"expected a list of qualified names, or a table of name = kind ({', '.join(kinds)})")
        out = []
        for name, kind in value.items():
            if not isinstance(name, str) or not re.match(r"^[A-Za-z_][\w.]*$", name):
                raise ValueError(f"{name!r} is not a dotted qualified name such as \"mylib.fetch_sync\"")
            if kind not in kinds:
                raise ValueError(f"{name}: kind {kind!r} is not one of {', '.join(kinds)}")
            out.append((name, kind))
        return tuple(out)
    return parse


def _callback_registrars(key: str, value: Any) -> tuple[tuple[str, int], ...]:
    if isinstance(value, list):
        value = {name: 0 for name in value}
    if not isinstance(value, dict):
        raise ValueError("expected a list of names, or a table of name = position of the callback argument")
    out = []
    for name, index in value.items():
        if not isinstance(name, str) or not re.match(r"^[A-Za-z_][\w.]*$", name) or name.endswith("."):
            raise ValueError(f"{name!r} is not a method name such as \"subscribe\" or a qualified name such as \"mylib.on\"")
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise ValueError(f"{name}: the callback position must be an integer >= 0, not {index!r}")
        out.append((name, index))
    return tuple(out)


def _callback_depth(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        raise ValueError(f"expected an integer >= 2 (nested registrations to flag), not {value!r}")
    return value


def _transitive_depth(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected an integer >= 1 (functions in a helper chain), not {value!r}")
    return value


def _function_names(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of qualified names or globs such as [\"myapp.cache.*\"]")
    for name in value:
        if not re.match(r"^[A-Za-z_*?\[][\w.*?\[\]!-]*$", name):
            raise ValueError(f"{name!r} is not a qualified name or glob such as \"myapp.settings.load\"")
    return tuple(value)


def _offload_functions(key: str, value: Any) -> tuple[tuple[str, int], ...]:
    if isinstance(value, list):
        value = {name: 0 for name in value}
    if not isinstance(value, dict):
        raise ValueError("expected a list of qualified names, or a table of name = position of the callable argument")
    out = []
    for name, index in value.items():
        if not isinstance(name, str) or not re.match(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$", name):
            raise ValueError(f"{name!r} is not a qualified name such as \"myapp.workers.run_sync\"")
        if isinstance(index, bool) or not isinstance(index, int) or index < 0:
            raise ValueError(f"{name}: the callable position must be an integer >= 0, not {index!r}")
        out.append((name, index))
    return tuple(out)


def _python(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected the path of the project's interpreter or virtualenv, such as \".venv\"")
    return value


KEYS: dict[str, Callable[[str, Any], Any]] = {
    "select": _codes,
    "extend-select": _codes,
    "ignore": _codes,
    "exclude": _globs,
    "extend-exclude": _globs,
    "per-file-ignores": _per_file_ignores,
    "extend-blocking-calls": _qualified_names_to_kind(KINDS, "other"),
    "callback-registrars": _callback_registrars,
    "max-callback-depth": _callback_depth,
    "extend-cpu-bound-calls": lambda k, v: _qualified_names_to_kind(("thread", "process"), "thread")(k, v),
    "transitive-depth": _transitive_depth,
    "non-blocking-functions": _function_names,
    "extend-offload-functions": _offload_functions,
    "python": _python,
    "offload-decorators": _function_names,
}


def parse_table(table: dict[str, Any], source: str, root: str) -> Config:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        parser = KEYS.get(key)
        if parser is None:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.{SECTION}] (known keys: {known})")
        try:
            values[key.replace("-", "_")] = parser(key, raw)
        except ValueError as exc:
            raise ConfigError(f"{source}: [tool.{SECTION}] {key}: {exc}") from None
    return Config(root=root, source=source, **values)


def load_file(path: str | os.PathLike[str]) -> Config:
    """Read ``[tool.asyncio-lint]`` from a pyproject.toml (or a bare table from another TOML file)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml" or "tool" in data:
        table = data.get("tool", {}).get(SECTION, {})
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    return parse_table(table, str(path), str(path.parent))


def find_pyproject(start: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.asyncio-lint] table."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if f"[tool.{SECTION}" in text or f'[tool."{SECTION}"' in text:
                return candidate
    return None


def discover(start: str | os.PathLike[str]) -> Config:
    found = find_pyproject(start)
    if found is not None:
        return load_file(found)
    here = Path(start).resolve()
    return Config(root=str(here.parent if here.is_file() else here))
