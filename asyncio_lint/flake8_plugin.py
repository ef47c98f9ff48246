"""flake8 plugin ``AIO``: the same engine, codes and messages as the CLI.

It lints the source flake8 hands it (editors send unsaved buffers through stdin), never re-reading
the file, and reads ``[tool.asyncio-lint]`` from the nearest pyproject.toml (rule selection from
there, plus catalogue extensions). ``# noqa`` is left to flake8, except a peer's code: flake8
would not let ``# noqa: ASYNC230`` silence AIO104, so the plugin drops those findings itself
(unless flake8 runs with ``--disable-noqa``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterator

from asyncio_lint import __version__
from asyncio_lint.api import lint_source
from asyncio_lint.config import Config, ConfigError, discover
from asyncio_lint.suppress import peer_noqa_lines


@lru_cache(maxsize=64)
def _config_for_folder(folder: str) -> Config:
    try:
        return discover(folder)
    except ConfigError:
        # flake8 has no channel for configuration errors; the CLI reports them. Use the defaults.
        return Config(root=folder)


class AsyncioLintPlugin:
    name = "asyncio-lint"
    version = __version__

    # flake8 classifies plugins by their parameters: ``tree`` makes this an AST plugin (run once per
    # file). The tree itself is not used: the engine parses ``lines`` with libcst.
    disable_noqa = False

    def __init__(self, tree: object, lines: list[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    @classmethod
    def parse_options(cls, options: object) -> None:
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        path = self.filename
        folder = os.path.dirname(os.path.abspath(path)) if path not in ("-", "stdin") else os.getcwd()
        source = "".join(self.lines)
        result = lint_source(source, path, _config_for_folder(folder), apply_noqa=False)
        peers = {} if self.disable_noqa else peer_noqa_lines(source)
        for finding in result.findings:
            if finding.code in peers.get(finding.line, ()):
                continue  # a noqa comment with the peer's code for this finding (ASYNC230 for AIO104)
            yield finding.line, finding.column, f"{finding.code} {finding.message}", type(self)
        if result.error is not None and not result.error.message.startswith("syntax error"):
            # flake8 reports syntax errors itself (E999); anything else would be silent otherwise.
            yield 1, 0, f"AIO000 asyncio-lint could not analyse this file: {result.error.message}", type(self)
