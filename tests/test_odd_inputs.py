"""Valid code is never rejected, and odd inputs are handled as a user expects.

Deep trees, code libcst cannot parse, syntax newer than the running Python, big modules (parsed in
pieces), explicitly named unreadable or excluded files, .gitignore, Jupyter notebooks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint import parse as parse_module
from asyncio_lint.api import lint_source
from asyncio_lint.cli import main
from asyncio_lint.config import Config
from asyncio_lint.engine import Engine
from asyncio_lint.parse import parse, statement_starts
from asyncio_lint.source import RUNNING, check_syntax

BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"


def check(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", *args], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout), result.stderr


# ---- 6: deep trees, and code libcst cannot parse -----------------------------------------------------
@pytest.mark.parametrize("source", [
    # pydoc_data/topics.py's shape (its text mentions async: the engine parses and walks it)
    "TOPICS = {'async': " + " ".join(["'x'"] * 2500) + "}\n",
    "async def f():\n    x = " + " + ".join(["a"] * 6000) + "\n",
    # (libcst's own parser gives up on this one: a notice for it, and the coroutine is checked)
    "import time\nDOC = (" + " ".join(["'y'"] * 6000) + ")\nasync def f():\n    time.sleep(1)\n",
])
def test_deep_trees_are_analysed(source: str) -> None:
    result = lint_source(source, "deep.py", Config(select=("AIO",)))
    assert result.error is None, result.error
    assert bool(result.notices) == ("DOC" in source)  # (only the statement libcst gives up on)
    if "time.sleep" in source:
        assert [f.code for f in result.findings] == ["AIO101"]


LIBCST_REJECTS = """\
import time


async def before():
    time.sleep(1)


def rejected():
    (no_such_global): int
    return 1


async def after():
    time.sleep(2)
"""


def test_statements_libcst_rejects_are_a_notice_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "grammar.py").write_text(LIBCST_REJECTS)
    compile(LIBCST_REJECTS, "grammar.py", "exec")  # valid Python (libcst 1.x rejects line 9)
    code, document, err = check(str(tmp_path))
    assert code == 1 and document["errors"] == []
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(5, "AIO101"), (14, "AIO101")]
    (notice,) = document["notices"]
    assert notice["message"].startswith("lines 8-10 not analysed: libcst cannot parse them (at 9:")
    assert "lines 8-10 not analysed" in err
    text = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path)]).output
    assert "grammar.py: note: lines 8-10 not analysed" in text


def test_invalid_code_is_still_an_error() -> None:
    result = lint_source("async def f(:\n    pass\n", "bad.py")
    assert result.error is not None and result.error.message.startswith("syntax error at 1:")


# ---- 9: syntax newer than the running Python -----------------------------------------------------------
NEWER = [
    "type Alias = list[int]\n",
    "def first[T](items: list[T]) -> T:\n    return items[0]\n",
    "names = {'a': 1}\nmessage = f\"{names[\"a\"]}\"\n",
]


@pytest.mark.parametrize("source", NEWER)
@pytest.mark.skipif(RUNNING >= (3, 12), reason="this Python parses 3.12 syntax itself")
def test_newer_syntax_is_not_rejected_by_an_older_python(tmp_path: Path, source: str) -> None:
    (tmp_path / "new.py").write_text(source)  # (no trigger bytes: the light path's syntax check)
    assert check(str(tmp_path / "new.py"))[0] == 0
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.12"\n')
    assert check(str(tmp_path / "new.py"))[0] == 0
    # Declared for this Python or an older one, the code is judged by this Python: an error.
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.10"\n')
    code, document, _ = check(str(tmp_path / "new.py"))
    assert code == 2 and document["errors"][0]["message"].startswith("syntax error")
    assert check("--target-version", "py312", str(tmp_path / "new.py"))[0] == 0


def test_syntax_verdicts() -> None:
    assert check_syntax("x = 1\n", "a.py") is None
    assert check_syntax("def f(:\n", "a.py") is not None  # both parsers reject it: an error
    newer = (RUNNING[0], RUNNING[1] + 1)
    # Rejected by both, for a declared newer Python: not an error, a notice (it cannot be judged here).
    verdict = check_syntax("def f(:\n", "a.py", newer)
    assert type(verdict).__name__ == "Notice" and "cannot be checked" in verdict.message


# Code libcst cannot parse either (a parenthesized annotated target), with syntax of a newer Python
# on the line where this one stops: a notice when no version is declared, not an error.
NEWER_AND_UNPARSED = [
    ((3, 11), "try:\n    pass\nexcept* ValueError:\n    pass\n"),
    ((3, 12), "type Pair = tuple[int, int]\n"),
    ((3, 12), "def first[T](items: list[T]) -> T:\n    return items[0]\n"),
    ((3, 14), "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"),
    ((3, 14), "greeting = t'hello {name}'\n"),
]
LIBCST_REJECTS_TOO = "import time\n\n\ndef f():\n    (x): int\n    return 1\n\n\nasync def g():\n    time.sleep(1)\n\n\n"


@pytest.mark.parametrize("version,code", NEWER_AND_UNPARSED)
def test_newer_syntax_no_parser_here_accepts_is_a_notice_without_a_declared_version(
        tmp_path: Path, version: tuple[int, int], code: str) -> None:
    if RUNNING >= version:
        pytest.skip("this Python parses that syntax itself")
    (tmp_path / "newer.py").write_text(LIBCST_REJECTS_TOO + code)
    status, document, _ = check(str(tmp_path / "newer.py"))
    assert status == 1 and document["errors"] == []
    assert [(f["line"], f["code"]) for f in document["findings"]] == [(10, "AIO101")]
    assert any(f"Python {version[0]}.{version[1]} syntax" in n["message"] for n in document["notices"])
    # A statement out of place is still an error: it is not newer syntax where this Python stops.
    (tmp_path / "newer.py").write_text(LIBCST_REJECTS_TOO + "except ValueError, TypeError:\n    pass\n")
    assert check(str(tmp_path / "newer.py"))[0] == 2


# ---- 7: big modules, parsed in pieces ------------------------------------------------------------------
def _generated(n: int) -> str:
    parts = ["import asyncio\nimport time\n\n\n@decorator\n"]
    for i in range(n):
        body = "    time.sleep(1)\n" if i % 50 == 7 else f"    return await request.fetch({i})\n"
        parts.append(f"async def handler_{i}(request):\n{body}\n\n")
        if i % 97 == 3:
            parts.append(f"if handler_{i}:\n    pass\nelse:\n    pass\n\nS{i} = '''\ndef fake():\n    pass\n'''\n")
        if i % 89 == 5:
            parts.append(f"@decorator\nclass C{i}:\n    async def m(self):\n        time.sleep(1)\n\n")
    return "".join(parts)


def test_a_big_module_gives_the_findings_of_a_whole_module_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _generated(600)
    engine = Engine(Config(select=("AIO",)))
    whole = engine.lint(text, "big.py")
    monkeypatch.setattr(parse_module, "BIG_BYTES", 1024)
    monkeypatch.setattr(parse_module, "PIECE_BYTES", 2048)
    parsed = parse(text)
    assert len(parsed.pieces) > 10 and not parsed.skipped
    pieces = engine.lint(text, "big.py")
    assert whole.findings and pieces.findings == whole.findings
    assert pieces.summary == whole.summary


def test_statement_starts_are_where_top_level_statements_begin() -> None:
    import ast

    text = _generated(200) + "x = (\n1)\ny = '''\nz = 2\n'''\nif x:\n    pass\nelif y:\n    pass\n" \
        "try:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\nw = 1; v = 2\nu = \\\n  3\n"
    starts = {line for _, line in statement_starts(text)}
    tree = ast.parse(text)
    truth = [n.decorator_list[0].lineno if getattr(n, "decorator_list", None) else n.lineno for n in tree.body]
    assert starts <= set(truth) and len(starts) >= len(set(truth)) - 1


# ---- 8: explicitly named files, .gitignore, notebooks --------------------------------------------------
def test_an_unreadable_file_named_explicitly_does_not_abort_the_run(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.py").write_text(BAD)
    secret = tmp_path / "secret.py"
    secret.write_text(BAD)
    real_access, real_open = os.access, open

    def access(path, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        return False if os.fspath(path) == str(secret) else real_access(path, mode, *args, **kwargs)

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == str(secret):  # (root reads anything: refuse as the OS would)
            raise PermissionError(13, "Permission denied", str(secret))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr("builtins.open", guarded_open)
    code, document, _ = check("-j", "1", str(secret), str(tmp_path / "good.py"))
    assert code == 2
    assert [e["message"] for e in document["errors"]] == ["permission denied (cannot read the file)"]
    assert [f["line"] for f in document["findings"]] == [4]


def test_an_excluded_file_named_explicitly_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asyncio-lint]\nexclude = ["generated/*"]\n')
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "gen.py").write_text(BAD)
    code, document, err = check(str(tmp_path / "generated" / "gen.py"))
    assert code == 0 and document["findings"] == []
    (notice,) = document["notices"]
    assert notice["message"] == (f"not checked: it matches the exclude pattern 'generated/*' in "
                                 f"{tmp_path / 'pyproject.toml'}")


def test_gitignored_files_are_skipped_as_ruff_skips_them(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("/out/\n*_pb2.py\n!keep_pb2.py\n")
    for name in ("out/gen.py", "api_pb2.py", "keep_pb2.py", "src/app.py", "src/x_pb2.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BAD)
    (tmp_path / "src" / ".gitignore").write_text("app.py\n")
    (tmp_path / "src" / "kept.py").write_text(BAD)
    code, document, _ = check(str(tmp_path))
    found = sorted(os.path.relpath(f["path"], tmp_path) for f in document["findings"])
    assert found == ["keep_pb2.py", os.path.join("src", "kept.py")]
    # A path named explicitly is checked all the same (as Ruff does).
    assert check(str(tmp_path / "api_pb2.py"))[0] == 1
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\nrespect-gitignore = false\n")
    assert len(check(str(tmp_path))[1]["findings"]) == 6
    # Outside a git repository, .gitignore files mean nothing (Ruff: the same).
    os.rmdir(tmp_path / ".git")
    (tmp_path / "pyproject.toml").unlink()
    assert len(check(str(tmp_path))[1]["findings"]) == 6


def _notebook(*cells: tuple[str, str]) -> str:
    return json.dumps({"cells": [{"cell_type": kind, "metadata": {}, "source": text.splitlines(True),
                                  **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                                 for kind, text in cells],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_notebooks_are_linted_cell_by_cell(tmp_path: Path) -> None:
    (tmp_path / "analysis.ipynb").write_text(_notebook(
        ("markdown", "# Loading"),
        ("code", "import time\n%matplotlib inline\n!pip install x"),
        ("code", "%%time\ntime.sleep(1)"),
        ("code", "async def fetch():\n    time.sleep(1)\n\nawait fetch()"),
        ("code", "async def quiet():\n    time.sleep(1)  # noqa: AIO101"),
    ))
    code, document, _ = check(str(tmp_path))
    assert code == 1
    assert [(f["cell"], f["line"], f["column"], f["code"]) for f in document["findings"]] == [(4, 2, 5, "AIO101")]
    text = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path)]).output
    assert f"{tmp_path / 'analysis.ipynb'}:cell 4:2:5: AIO101" in text
    (tmp_path / "broken.ipynb").write_text("{not json")
    code, document, _ = check(str(tmp_path / "broken.ipynb"))
    assert code == 2 and document["errors"][0]["message"].startswith("not a valid notebook (JSON)")
    (tmp_path / "syntax.ipynb").write_text(_notebook(("code", "x = 1"), ("code", "async def f(:\n    pass")))
    code, document, _ = check(str(tmp_path / "syntax.ipynb"))
    assert code == 2 and document["errors"][0]["message"].startswith("syntax error at cell 2, 1:")
