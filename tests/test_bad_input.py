"""Bad input never crashes the run: each problem file is named with its reason, the rest is checked."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint.api import lint_source
from asyncio_lint.cli import main

BAD = "import time\nasync def f():\n    time.sleep(1)\n"


def check_json(*paths: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *paths], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def errors_of(document: dict) -> dict[str, str]:
    return {os.path.basename(e["path"]): e["message"] for e in document["errors"]}


def test_each_bad_file_is_reported_and_the_good_one_still_checked(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(BAD)
    (tmp_path / "syntax.py").write_text("async def f(:\n    pass\n")
    (tmp_path / "syntax_noasync.py").write_text("def f(:\n    pass\n")
    (tmp_path / "latin1.py").write_bytes(b"x = '\xe9'\nasync def f(): pass\n")
    (tmp_path / "binary.py").write_bytes(bytes(range(256)))
    (tmp_path / "bad_coding.py").write_bytes(b"# -*- coding: klingon -*-\nasync def f(): pass\n")
    code, document = check_json(str(tmp_path))
    assert code == 2
    errors = errors_of(document)
    assert errors["syntax.py"].startswith("syntax error at 1:")
    assert errors["syntax_noasync.py"].startswith("syntax error at 1:")
    assert errors["latin1.py"] == "cannot decode as utf-8: byte 0xe9 at offset 5"
    assert errors["binary.py"] == "not a Python source file (contains NUL bytes)"
    assert "klingon" in errors["bad_coding.py"]
    assert [(os.path.basename(f["path"]), f["code"]) for f in document["findings"]] == [("good.py", "AIO101")]
    assert document["summary"]["files"] == 1


def test_encodings_are_decoded_as_python_does(tmp_path: Path) -> None:
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbf" + BAD.encode())
    (tmp_path / "declared.py").write_bytes(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n" + BAD.encode())
    (tmp_path / "empty.py").write_bytes(b"")
    code, document = check_json(str(tmp_path))
    assert document["errors"] == []
    assert sorted((os.path.basename(f["path"]), f["line"], f["column"]) for f in document["findings"]) == [
        ("bom.py", 3, 5), ("declared.py", 5, 5)]
    assert document["summary"]["files"] == 3 and code == 1


def test_missing_path(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text(BAD)
    code, document = check_json(str(tmp_path / "nope.py"), str(tmp_path / "good.py"))
    assert code == 2
    assert errors_of(document) == {"nope.py": "no such file or directory"}
    assert len(document["findings"]) == 1


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "secret.py"
    secret.write_text(BAD)
    (tmp_path / "good.py").write_text(BAD)
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == str(secret):  # root reads anything, so refuse as the OS would
            raise PermissionError(13, "Permission denied", str(secret))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    code, document = check_json(str(tmp_path), "-j", "1")
    assert code == 2
    assert errors_of(document) == {"secret.py": "permission denied (cannot read the file)"}
    assert len(document["findings"]) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of their mode")
def test_unreadable_file_mode(tmp_path: Path) -> None:  # pragma: no cover - runs as a normal user
    secret = tmp_path / "secret.py"
    secret.write_text(BAD)
    secret.chmod(0)
    code, document = check_json(str(tmp_path))
    assert code == 2 and "permission denied" in errors_of(document)["secret.py"]


def test_symlink_loop_is_followed_once(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(BAD)
    os.symlink(tmp_path, tmp_path / "pkg" / "loop")
    os.symlink(tmp_path / "pkg" / "missing", tmp_path / "pkg" / "dangling.py")
    code, document = check_json(str(tmp_path))
    assert [os.path.basename(f["path"]) for f in document["findings"]] == ["mod.py"]
    assert errors_of(document) == {"dangling.py": "no such file"}


def test_default_excluded_folders(tmp_path: Path) -> None:
    for folder in (".venv", "build", "__pycache__", ".git", "node_modules", "x.egg-info"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(BAD)
    (tmp_path / "real.py").write_text(BAD)
    code, document = check_json(str(tmp_path))
    assert [os.path.basename(f["path"]) for f in document["findings"]] == ["real.py"]


@pytest.mark.parametrize("source", [
    "",
    "\n\n\n",
    "async def f():\n    pass",  # no trailing newline
    "async def f():\r\n    import time\r\n    time.sleep(1)\r\n",
    "async def f():\n    " + "(" * 50 + "1" + ")" * 50 + "\n",
    "async def f():\n    x = " + " + ".join(["a"] * 3000) + "\n",
    "async def f():\n\tif x:\n\t\tpass\n",
    "async def f[T](x: T) -> T:\n    return x\n",
    "async def f():\n    match x:\n        case {'a': [1, *rest]}:\n            pass\n",
    "async def f():\n    return f'{x!r:>{width}}'\n",
    "x = lambda: (yield)\n",
    "async def f():\n    async with a as (b, c), d:\n        pass\n",
    "async def f():\n    global g\n    g.sleep = 1\n    del g\n",
    "async def f():\n    import os.path as p, time\n    from . import sibling\n    from .. import *\n",
])
def test_odd_but_valid_sources_never_crash(source: str) -> None:
    result = lint_source(source, "odd.py")
    assert result.error is None or result.error.message.startswith(("syntax error", "too deeply")), result.error


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and glibc's malloc_trim")
def test_memory_of_a_big_file_is_given_back(tmp_path: Path) -> None:
    # A big file's trees are freed when it is done, but without malloc_trim glibc keeps ~100 MB of
    # this one, and the next big file of a worker would stack its own tree on top (issue 8).
    big = tmp_path / "generated.py"
    big.write_text("".join(f"value_{i} = {{'key': [{i}, {i + 1}, 'text']}}\n" for i in range(60_000)))
    code = (
        "import sys\nfrom asyncio_lint.runner import lint_task\nfrom asyncio_lint.config import Config\n"
        f"result = lint_task(({str(big)!r}, None, Config()))\n"
        "assert result.error is None, result.error\n"
        "print(int(open('/proc/self/statm').read().split()[1]) * 4096 // 2**20)\n"
    )
    resident_mb = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert resident_mb < 60, resident_mb
