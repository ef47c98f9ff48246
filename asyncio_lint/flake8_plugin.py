"""flake8 plugin ``AIO``: the same engine, codes, messages and configuration as the CLI.

It lints the source flake8 hands it (editors send unsaved buffers through stdin), never re-reading
the file, with the configuration the CLI would use for that file (the nearest
``[tool.asyncio-lint]`` above it, config.ConfigResolver): its selection, ``exclude``,
``per-file-ignores`` and catalogue extensions. flake8's own ``--select``/``--extend-select`` of
specific AIO codes (``AIO110``, ``AIO4``; not the bare ``AIO`` that enables the plugin) is layered
on top, as the CLI's ``--extend-select``: it turns on rules that are off by default or ignored in
``pyproject.toml``. An unknown AIO code there stops flake8 with the CLI's message; a configuration
error is reported on line 1 of each file as AIO000 (flake8 has no other channel for it).

Calls into the project's installed packages are followed through the summaries a CLI run left in
the user cache (the CLI finds the environment the same way); a package no CLI run has summarised
is not read here, so a lint in the editor never waits for one.

``# noqa`` comments are applied here, as the CLI applies them (codes in any case), unless flake8
runs with ``--disable-noqa``; flake8 then finds nothing left to suppress. A peer's code silences
the equivalent rule here too (``# noqa: ASYNC230`` silences AIO104), which flake8 alone could not do.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Iterator

from asyncio_lint import __version__
from asyncio_lint.api import lint_source
from asyncio_lint.codes import Selection, unknown_code
from asyncio_lint.config import ConfigError, ConfigResolver

_PLUGIN_PREFIX = "AIO"


def flake8_layer(select: Iterable[str] | None, extend_select: Iterable[str] | None) -> Selection:
    """The AIO codes flake8 selects specifically, as a selection on top of the configuration's."""
    codes = []
    for code in [*(select or ()), *(extend_select or ())]:
        code = code.strip().upper()
        if code.startswith(_PLUGIN_PREFIX) and code != _PLUGIN_PREFIX:
            problem = unknown_code(code)
            if problem is not None:
                raise ValueError(problem)
            codes.append(code)
    return Selection(extend_select=tuple(dict.fromkeys(codes)))


class AsyncioLintPlugin:
    name = "asyncio-lint"
    version = __version__

    _resolver = ConfigResolver()
    _disable_noqa = False

    @classmethod
    def parse_options(cls, options: Any) -> None:
        try:
            layer = flake8_layer(getattr(options, "select", None), getattr(options, "extend_select", None))
        except ValueError as exc:
            from flake8.exceptions import ExecutionFailed

            raise ExecutionFailed(f"asyncio-lint: --select: {exc}") from None
        cls._resolver = ConfigResolver(layer)
        cls._disable_noqa = bool(getattr(options, "disable_noqa", False))

    # flake8 classifies plugins by their parameters: ``tree`` makes this an AST plugin (run once per
    # file). The tree itself is not used: the engine parses ``lines`` with libcst.
    def __init__(self, tree: object, lines: list[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        path = self.filename
        stdin = path in ("-", "stdin")
        try:
            config = self._resolver.for_folder(os.getcwd()) if stdin else self._resolver.for_file(path)
        except ConfigError as exc:
            yield 1, 0, f"AIO000 asyncio-lint configuration error: {exc}", type(self)
            return
        if not stdin and config.is_excluded(path):
            return
        result = lint_source("".join(self.lines), path, config, apply_noqa=not self._disable_noqa, installed=True)
        for finding in result.findings:
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
        if result.error is not None and not result.error.message.startswith("syntax error"):
            # flake8 reports syntax errors itself (E999); anything else would be silent otherwise.
            yield 1, 0, f"AIO000 asyncio-lint could not analyse this file: {result.error.message}", type(self)
