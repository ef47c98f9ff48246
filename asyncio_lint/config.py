"""Configuration: ``[tool.asyncio-lint]`` in the nearest ``pyproject.toml`` of each file, or ``--config FILE``.

Every key is declared once in :data:`KEYS` with its parser; an unknown key or a bad value raises
:class:`ConfigError` naming the file, the key and what was expected (with the close matches).
:class:`ConfigResolver` gives each file the configuration of the nearest ``pyproject.toml`` above it
that has the table, as Ruff and flake8 do; the CLI, pre-commit and the flake8 plugin all use it.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from asyncio_lint.codes import (
    CONFIDENCES, DEFAULT_MIN_CONFIDENCE, KINDS, LOOP_HOLDING_FAMILIES, NO_SELECTION, Selection, explicit_codes, parse_codes, resolve)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SECTION = "asyncio-lint"
# Python versions a ``target-version`` may name (the syntax asyncio-lint can check).
TARGET_VERSIONS = tuple((3, minor) for minor in range(8, 15))
# Files whose coroutines run as a one-off command, with nothing else on the event loop: pytest's
# test files, scripts and command-line commands (``script-paths``; docs/configuration in README).
DEFAULT_SCRIPT_PATHS = ("test_*.py", "*_test.py", "conftest.py", "scripts/*", "*/scripts/*", "cli/*", "*/cli/*")


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
    # Tests, scripts and command-line commands: their blocking and CPU findings are style points.
    script_paths: tuple[str, ...] = DEFAULT_SCRIPT_PATHS
    extend_script_paths: tuple[str, ...] = ()
    extend_blocking_calls: tuple[tuple[str, str], ...] = ()
    # AIO4xx: extra callback registrars (name, callback argument position), nesting depth to flag.
    callback_registrars: tuple[tuple[str, int], ...] = ()
    max_callback_depth: int = 3
    extend_cpu_bound_calls: tuple[tuple[str, str], ...] = ()  # (qualified name, "thread" | "process")
    # AIO120/AIO220: longest helper chain followed, and project functions declared non-blocking.
    transitive_depth: int = 4
    non_blocking_functions: tuple[str, ...] = ()
    # AIO120/AIO220: from this many calls from coroutines ending at one blocking call of the project,
    # that call is the one finding (0: never, each call has its own).
    root_finding_at: int = 3
    # AIO501: project functions that run a sync callable in a worker (qualified name, callable position).
    extend_offload_functions: tuple[tuple[str, int], ...] = ()
    # The Python version the code is for (``target-version``, else the project's
    # ``requires-python``); None: unknown. Syntax newer than the running Python is judged for it.
    target_version: tuple[int, int] | None = None
    # Skip files that .gitignore files ignore when walking folders (as Ruff does).
    respect_gitignore: bool = True
    # Selections layered on the file's (a command line's ``--select``/``--ignore``, flake8's).
    layers: tuple[Selection, ...] = ()
    # The weakest confidence reported (codes.CONFIDENCES); rules selected by full code show all.
    min_confidence: str = DEFAULT_MIN_CONFIDENCE
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

    def with_layer(self, layer: Selection) -> "Config":
        """This configuration with a command line's selection on top of its own."""
        if layer == NO_SELECTION:
            return self
        return replace(self, layers=self.layers + (layer,))

    @property
    def codes(self) -> frozenset[str]:
        """The rule codes this configuration turns on."""
        return _resolved(self.select, self.extend_select, self.ignore, self.layers)

    @property
    def explicit(self) -> frozenset[str]:
        """The rule codes named in full in any layer's ``select``/``extend-select`` (they show every
        finding, whatever its confidence: codes.shown)."""
        named = [self.select, self.extend_select]
        named += [(layer.select or ()) + layer.extend_select for layer in self.layers]
        return explicit_codes(*named)

    @property
    def summary_key(self) -> tuple[Any, ...]:
        """What a file's summary depends on besides its bytes and path: the rules on (their
        collectors), the catalogue's extensions, the chain settings and the target version. Two
        configurations with the same key summarise a file alike, so the groups of a run share
        summaries and projects share an installed library's. (Every other field only filters or
        places findings; tests/test_per_file_config.py holds each field to one side or the other.)"""
        return (tuple(sorted(self.codes)), self.extend_blocking_calls, self.callback_registrars, self.extend_cpu_bound_calls,
                self.transitive_depth, self.non_blocking_functions, self.extend_offload_functions,
                self.target_version, self.offload_decorators)

    def excluded_by(self, path: str) -> str | None:
        """The exclude pattern ``path`` matches (relative to the config root, or its basename)."""
        rel = _relative(path, self.root)
        base = os.path.basename(path)
        for pattern in self.exclude + self.extend_exclude:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern) or fnmatch.fnmatch(path, pattern):
                return pattern
        return None

    def is_excluded(self, path: str) -> bool:
        """True when ``path`` matches an exclude glob (relative to the config root) or its basename does."""
        return bool(self.exclude or self.extend_exclude) and self.excluded_by(path) is not None

    def is_script(self, path: str) -> bool:
        """Whether ``path`` matches ``script-paths`` / ``extend-script-paths``: its path relative to
        the configuration's folder, or its basename. (Never the absolute path: a project kept under
        a folder named ``scripts`` is not all scripts.)"""
        patterns = self.script_paths + self.extend_script_paths
        if not patterns:
            return False
        rel = _relative(path, self.root)
        names = (os.path.basename(path),) if rel.startswith("../") else (rel, os.path.basename(path))
        return any(fnmatch.fnmatch(name, p) for p in patterns for name in names)

    def confidence_in(self, path: str, code: str, confidence: str) -> str:
        """A finding's confidence in ``path``: a blocking or CPU finding (LOOP_HOLDING_FAMILIES) in a
        script, test or command-line command stalls nothing else, so it is a style point there."""
        if confidence != "style" and code.startswith(LOOP_HOLDING_FAMILIES) and self.is_script(path):
            return "style"
        return confidence

    def ignored_codes_for(self, path: str) -> tuple[str, ...]:
        rel = _relative(path, self.root)
        base = os.path.basename(path)
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(base, pattern) or fnmatch.fnmatch(path, pattern):
                codes.extend(pattern_codes)
        return tuple(codes)


_RESOLVED: dict[Any, frozenset[str]] = {}


def _resolved(select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...],
              layers: tuple[Selection, ...]) -> frozenset[str]:
    key = (select, extend_select, ignore, layers)
    found = _RESOLVED.get(key)
    if found is None:
        found = _RESOLVED[key] = resolve([Selection(select or None, extend_select, ignore), *layers])
    return found


def _relative(path: str, root: str) -> str:
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    except ValueError:  # different drives
        return path
    return rel.replace(os.sep, "/")


# ---- parsers -------------------------------------------------------------------------------------
def _codes(key: str, value: Any) -> tuple[str, ...]:
    return parse_codes(value)


def parse_target_version(value: Any) -> tuple[int, int]:
    """``"py312"`` (as Ruff spells it) or ``"3.12"`` -> (3, 12)."""
    match = re.fullmatch(r"py3(\d{1,2})|3\.(\d{1,2})", value) if isinstance(value, str) else None
    version = (3, int(match.group(1) or match.group(2))) if match else None
    if version not in TARGET_VERSIONS:
        known = ", ".join(f"py3{minor}" for _, minor in TARGET_VERSIONS)
        close = difflib.get_close_matches(str(value), [f"py3{m}" for _, m in TARGET_VERSIONS], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{value!r} is not a Python version asyncio-lint knows ({known}){hint}")
    return version  # type: ignore[return-value]


def requires_python_floor(spec: Any) -> tuple[int, int] | None:
    """The lowest Python version a ``requires-python`` specifier allows (``">=3.10,<4"`` ->
    (3, 10)), as Ruff infers ``target-version`` from it; None if it names no lower bound."""
    if not isinstance(spec, str):
        return None
    floor: tuple[int, int] | None = None
    for clause in spec.split(","):
        match = re.fullmatch(r"\s*(>=|~=|==|===|>)\s*3\.(\d+)(?:\.[\d*]+)*\s*", clause)
        if match:
            version = (3, int(match.group(2)))
            floor = version if floor is None else max(floor, version)
    return floor


def _target_version(key: str, value: Any) -> tuple[int, int]:
    return parse_target_version(value)


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, not {value!r}")
    return value


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


def _root_finding_at(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value == 1 or value < 0:
        raise ValueError(f"expected an integer >= 2 (calls reaching one blocking call), or 0 for never, not {value!r}")
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


def _confidence(key: str, value: Any) -> str:
    if value not in CONFIDENCES:
        raise ValueError(f"expected one of {', '.join(repr(c) for c in CONFIDENCES)}, not {value!r}")
    return str(value)
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
    "script-paths": _globs,
    "extend-script-paths": _globs,
    "extend-blocking-calls": _qualified_names_to_kind(KINDS, "other"),
    "callback-registrars": _callback_registrars,
    "max-callback-depth": _callback_depth,
    "extend-cpu-bound-calls": lambda k, v: _qualified_names_to_kind(("thread", "process"), "thread")(k, v),
    "transitive-depth": _transitive_depth,
    "non-blocking-functions": _function_names,
    "root-finding-at": _root_finding_at,
    "extend-offload-functions": _offload_functions,
    "target-version": _target_version,
    "respect-gitignore": _bool,
    "min-confidence": _confidence,
    "python": _python,
    "offload-decorators": _function_names,
}


def parse_table(table: dict[str, Any], source: str, root: str) -> Config:
    values: dict[str, Any] = {}
    for key, raw in table.items():
        parser = KEYS.get(key)
        if parser is None:
            close = difflib.get_close_matches(str(key).replace("_", "-"), list(KEYS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{source}: unknown key {key!r} in [tool.{SECTION}] ({hint}known keys: {known})")
        try:
            values[key.replace("-", "_")] = parser(key, raw)
        except ValueError as exc:
            raise ConfigError(f"{source}: [tool.{SECTION}] {key}: {exc}") from None
    return Config(root=root, source=source, **values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _misspelt_section(path: Path, tool: Any) -> None:
    """A ``[tool.asyncio_lint]`` (or another near miss) would be ignored silently: an error."""
    if not isinstance(tool, dict) or SECTION in tool:
        return
    for key in tool:
        normal = str(key).lower().replace("_", "-").replace(".", "-").replace(" ", "-")
        if normal == SECTION or difflib.get_close_matches(normal, [SECTION], n=1, cutoff=0.85):
            raise ConfigError(f"{path}: [tool.{key}] is not read by asyncio-lint; did you mean [tool.{SECTION}]?")


def load_file(path: str | os.PathLike[str]) -> Config:
    """Read ``[tool.asyncio-lint]`` from a pyproject.toml (or a bare table from another TOML file)."""
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool", {})
        _misspelt_section(path, tool)
        table = tool.get(SECTION, {}) if isinstance(tool, dict) else {}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    config = parse_table(table, str(path), str(path.parent))
    if config.target_version is None:
        project = data.get("project")
        floor = requires_python_floor(project.get("requires-python")) if isinstance(project, dict) else None
        if floor is not None:
            config = replace(config, target_version=floor)
    return config


def _mentions_section(text: str) -> bool:
    """A cheap test before parsing: could this pyproject.toml hold our table (or a near miss)?"""
    lowered = text.lower()
    return "asyncio" in lowered and "tool" in lowered


class ConfigResolver:
    """The configuration of each file: the nearest ``pyproject.toml`` above it with a
    ``[tool.asyncio-lint]`` table (a file with none: the defaults, rooted at the working folder),
    with the command line's selection (and ``--target-version``, ``--min-confidence``, ``--exclude``)
    on top; or one configuration for every file (``--config``).

    Where no table sets ``target-version``, the nearest ``pyproject.toml``'s ``requires-python``
    gives it. Answers are memoised per folder. ``consulted`` lists every ``pyproject.toml`` looked
    at or for (a run memo's inputs: creating one changes the configuration)."""

    def __init__(self, layer: Selection = NO_SELECTION, explicit: Config | None = None,
                 cwd: str | None = None, target_version: tuple[int, int] | None = None,
                 min_confidence: str | None = None, exclude: tuple[str, ...] | None = None,
                 extend_exclude: tuple[str, ...] = ()) -> None:
        self.layer = layer
        self.target_version = target_version  # (``--target-version``: over every file's)
        self.min_confidence = min_confidence  # (``--min-confidence``: likewise)
        self.exclude, self.extend_exclude = exclude, extend_exclude  # (``--exclude``: replaces; extends)
        self.explicit = self._finish(explicit) if explicit is not None else None
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.consulted: list[str] = []
        self._folders: dict[str, tuple[str | None, str | None]] = {}
        self._configs: dict[tuple[str | None, str | None], Config] = {}
        self._texts: dict[str, str | None] = {}

    def for_path(self, path: str) -> Config:
        """The configuration of the file (or folder) ``path``."""
        if self.explicit is not None:
            return self.explicit
        folder = os.path.abspath(path)
        if not os.path.isdir(folder):
            folder = os.path.dirname(folder)
        return self.for_folder(folder)

    def for_file(self, path: str) -> Config:
        """The configuration of ``path``, known to be a file (no ``stat`` to find out)."""
        if self.explicit is not None:
            return self.explicit
        return self.for_folder(os.path.dirname(os.path.abspath(path)))

    def for_folder(self, folder: str) -> Config:
        """The configuration of the files in the absolute folder ``folder``."""
        if self.explicit is not None:
            return self.explicit
        key = self._folder(folder)
        config = self._configs.get(key)
        if config is None:
            config = self._configs[key] = self._load(*key)
        return config

    def _text(self, candidate: str) -> str | None:
        if candidate not in self._texts:
            self.consulted.append(candidate)
            try:
                with open(candidate, encoding="utf-8") as handle:
                    self._texts[candidate] = handle.read()
            except (OSError, UnicodeDecodeError):
                self._texts[candidate] = None
        return self._texts[candidate]

    def _folder(self, folder: str) -> tuple[str | None, str | None]:
        """(nearest pyproject.toml with our table, nearest pyproject.toml) at or above ``folder``."""
        found = self._folders.get(folder)
        if found is not None:
            return found
        candidate = os.path.join(folder, "pyproject.toml")
        text = self._text(candidate)
        parent = os.path.dirname(folder)
        above = self._folder(parent) if parent != folder else (None, None)
        if text is None:
            found = above
        elif _mentions_section(text) and self._has_table(candidate):
            found = (candidate, candidate)
        else:
            found = (above[0], candidate)
        self._folders[folder] = found
        return found

    @staticmethod
    def _has_table(candidate: str) -> bool:
        data = _read_toml(Path(candidate))
        tool = data.get("tool")
        _misspelt_section(Path(candidate), tool)
        return isinstance(tool, dict) and SECTION in tool

    def _load(self, table: str | None, nearest: str | None) -> Config:
        config = load_file(table) if table is not None else Config(root=self.cwd)
        if config.target_version is None and nearest is not None and nearest != table:
            try:
                project = _read_toml(Path(nearest)).get("project")
            except ConfigError:
                project = None
            floor = requires_python_floor(project.get("requires-python")) if isinstance(project, dict) else None
            if floor is not None:
                config = replace(config, target_version=floor)
        return self._finish(config)

    def _finish(self, config: Config) -> Config:
        if self.target_version is not None:
            config = replace(config, target_version=self.target_version)
        if self.min_confidence is not None:
            config = replace(config, min_confidence=self.min_confidence)
        if self.exclude is not None:
            config = replace(config, exclude=self.exclude)
        if self.extend_exclude:
            config = replace(config, extend_exclude=config.extend_exclude + self.extend_exclude)
        return config.with_layer(self.layer)


def find_pyproject(start: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has a [tool.asyncio-lint] table."""
    resolver = ConfigResolver(cwd=str(start))
    folder = os.path.abspath(start)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    table, _ = resolver._folder(folder)
    return Path(table) if table is not None else None


def discover(start: str | os.PathLike[str]) -> Config:
    """The configuration of the file or folder ``start`` (defaults rooted at it if none)."""
    here = os.path.abspath(start)
    return ConfigResolver(cwd=here if os.path.isdir(here) else os.path.dirname(here)).for_path(here)
