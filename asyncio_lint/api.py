"""The public entry points: lint a string, a file, or a set of paths.

Data flows one way: paths -> files -> (worker processes) -> engine -> FileResults -> project phase
-> Report. Front ends (the CLI, the flake8 plugin) call these and nothing below them.
"""

from __future__ import annotations

from typing import Callable, Sequence

from asyncio_lint.config import Config, ConfigResolver
from asyncio_lint.files import Configs
from asyncio_lint.runner import OnResult, lint_data, lint_path
from asyncio_lint.run import PathsRun, RunOptions, with_installed
from asyncio_lint.types import FileError, FileResult, Finding, Report

__all__ = ["lint_source", "lint_file", "lint_paths", "Report", "FileResult", "FileError", "Finding", "Config",
           "ConfigResolver"]


def lint_source(source: str | bytes, path: str = "<string>", config: Config | None = None,
                apply_noqa: bool = True, installed: bool = False) -> FileResult:
    """Lint source text or bytes as if it were the file ``path`` (``apply_noqa=False``: leave
    ``# noqa`` comments to the caller, as flake8 wants). ``installed``: also follow calls into the
    project's installed packages whose summaries a CLI run left in the user cache (none is read
    to summarise it here: the flake8 plugin)."""
    config = config or Config()
    result = lint_data(source, path, config, apply_noqa=apply_noqa)
    if not installed:
        return result
    return with_installed(result, source.encode("utf-8") if isinstance(source, str) else source, config)


def lint_file(path: str, config: Config | None = None) -> FileResult:
    return lint_path(path, config or Config())


def lint_paths(paths: Sequence[str], config: "Config | Configs | None" = None, jobs: int | None = None,
               on_result: OnResult | None = None,
               on_files: Callable[..., None] | None = None,
               cache: bool = False, inputs: list[str] | None = None,
               start_method: str | None = None, python: str | None = None,
               environment: bool = True) -> Report:
    """Lint every Python file (and notebook) under ``paths``.

    ``config``: one configuration for every file; a ``config.ConfigResolver`` (or None) gives each
    file the nearest ``[tool.asyncio-lint]`` above it, as the CLI does. A ``config.ConfigError``
    is raised for a configuration that cannot be read.

    ``jobs``: worker processes (default: CPU count). ``cache``: reuse and store results in
    ``.asyncio_lint_cache/`` (see cache.py). ``on_files(count, files)`` is called once the files are known,
    ``on_result(result)`` as each file is done (for progress display). ``inputs``: if given, every
    file and folder the run read is appended to it (for a run memo, runmemo.py). ``start_method``:
    how worker processes start (multiprocessing's default if None or not available here); the CLI
    asks for ``forkserver``, whose workers do not inherit its memory (a script calling this with
    it must guard its main code with ``if __name__ == "__main__"``, as with ``spawn``). ``python``:
    the project's interpreter or virtualenv, whose installed packages the helper-chain and
    never-awaited analyses follow (default: the configuration's ``python``, ``$VIRTUAL_ENV``, a
    ``.venv``/``venv`` beside the configuration); ``environment=False``: follow none.
    """
    options = RunOptions(jobs=jobs, cache=cache, on_result=on_result, on_files=on_files, inputs=inputs,
                         start_method=start_method, python=python, environment=environment)
    return PathsRun(paths, config if config is not None else ConfigResolver(), options).run()
