"""Jupyter notebooks (``.ipynb``): their code cells as one Python source, and positions back to cells.

As Ruff does: the code cells, joined by a newline, are linted as one module (a cell sees what the
cells above it imported), and every position is reported as ``cell N, line L`` (1-based, N counting
every cell of the notebook, as a notebook's reader counts them). IPython syntax is blanked out
without moving any line: a cell magic (``%%time``) hides its whole cell, a line magic or shell
escape (``%timeit f()``, ``!pip install x``, ``files = !ls``, ``obj?``) becomes ``pass`` (or
``None`` on the right of an assignment). Top-level ``await`` is valid in a notebook, and is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

NOTEBOOK_SUFFIX = ".ipynb"

_LINE_MAGIC = re.compile(r"^(\s*)(?:[%!]|\?\??\w)")
_HELP = re.compile(r"^(\s*)[\w.]+\?\??\s*$")
_ASSIGNED_MAGIC = re.compile(r"^(\s*[\w.,\s\[\]]+=\s*)[%!].*$")


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


@dataclass(frozen=True)
class CellMap:
    """Line ``n`` (1-based) of the joined source is line ``lines[n - 1]`` of cell ``cells[n - 1]``."""

    cells: tuple[int, ...]
    lines: tuple[int, ...]

    def where(self, line: int) -> tuple[int, int]:
        """(cell, line in the cell) of a line of the joined source (past the end: the last line)."""
        if not self.cells:
            return 1, line
        index = min(max(line, 1), len(self.cells)) - 1
        return self.cells[index], self.lines[index]


def _blank_ipython(line: str) -> str:
    match = _ASSIGNED_MAGIC.match(line)
    if match:
        return match.group(1) + "None"
    match = _LINE_MAGIC.match(line) or _HELP.match(line)
    if match:
        return match.group(1) + "pass"
    return line


def to_python(data: bytes) -> tuple[str, CellMap]:
    """The joined Python source of a notebook's code cells and its cell map; ValueError when the
    bytes are not a notebook."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"not a valid notebook (JSON): {exc}") from None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise ValueError("not a valid notebook: no list of cells")
    out: list[str] = []
    cell_of: list[int] = []
    line_of: list[int] = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = text.splitlines() or [""]
        magic_cell = lines[0].lstrip().startswith("%%")
        for index, line in enumerate(lines, start=1):
            out.append("" if magic_cell else _blank_ipython(line))
            cell_of.append(number)
            line_of.append(index)
    return "\n".join(out) + ("\n" if out else ""), CellMap(tuple(cell_of), tuple(line_of))


_AT = re.compile(r"\bat (\d+):(\d+)")


def locate_message(message: str, cells: CellMap) -> str:
    """An error message's ``at LINE:COLUMN`` as ``at cell N, LINE:COLUMN``."""
    def repl(match: re.Match[str]) -> str:
        cell, line = cells.where(int(match.group(1)))
        return f"at cell {cell}, {line}:{match.group(2)}"

    return _AT.sub(repl, message)
