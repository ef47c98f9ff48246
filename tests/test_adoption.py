"""Adopting asyncio-lint on an existing codebase: --add-noqa, the baseline, and the display options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from asyncio_lint.adoption import add_noqa_text, with_noqa
from tests.test_cli import run, write

SOURCE = '''import time, requests

async def f(url):
    time.sleep(1)  # wait a bit
    requests.get(url)  # noqa: E501
    time.sleep(2); requests.get(url)
    requests.post("""multi
line""")
    x = """text
    """ + str(time.sleep(3))
'''


def test_add_noqa_keeps_comments_and_extends_directives(tmp_path: Path) -> None:
    path = write(tmp_path, "a.py", SOURCE)
    result = run("check", "--no-cache", "--add-noqa", str(path))
    assert result.exit_code == 0
    assert "Added 4 noqa directives. 1 line left alone (the line ends inside a string)." in result.stderr
    lines = path.read_text().splitlines()
    assert lines[3] == "    time.sleep(1)  # wait a bit  # noqa: AIO101"
    assert lines[4] == "    requests.get(url)  # noqa: E501, AIO102"
    assert lines[5] == "    time.sleep(2); requests.get(url)  # noqa: AIO101, AIO102"
    assert lines[6] == '    requests.post("""multi'  # the line ends inside a string
    assert lines[9] == '    """ + str(time.sleep(3))  # noqa: AIO101'
    # Only the string's finding is left; adding again changes nothing.
    left = run("check", "--no-cache", "--format", "json", str(path))
    assert [(f["line"], f["code"]) for f in json.loads(left.stdout)["findings"]] == [(7, "AIO102")]
    before = path.read_text()
    run("check", "--no-cache", "--add-noqa", str(path))
    assert path.read_text() == before


def test_with_noqa_directive_shapes() -> None:
    assert with_noqa("x()  # noqa:E501", (5, "# noqa:E501"), ["AIO101"]) == "x()  # noqa: E501, AIO101"
    assert with_noqa("x()  # NOQA: AIO1 trailing", (5, "# NOQA: AIO1 trailing"), ["AIO1"]) == \
        "x()  # NOQA: AIO1 trailing"
    assert with_noqa("x()   ", None, ["AIO101", "AIO102"]) == "x()  # noqa: AIO101, AIO102   "
    text, added, skipped = add_noqa_text("a = 1\r\nb()\r\n", [_f(2)])  # type: ignore[list-item]
    assert (text, added, skipped) == ("a = 1\r\nb()  # noqa: AIO101\r\n", 1, 0)


def _f(line: int) -> object:
    from asyncio_lint.types import Finding

    return Finding("m.py", line, 0, line, 3, "AIO101", "blocking-sleep", "m")


BASE = "import time, requests\n\n\nasync def f(url):\n    time.sleep(1)\n    requests.get(url)\n    time.sleep(1)\n"


def test_baseline_survives_moves_and_reports_only_new_findings(tmp_path: Path) -> None:
    path = write(tmp_path, "pkg/app.py", BASE)
    baseline = tmp_path / "asyncio-lint-baseline.json"
    result = run("check", "--no-cache", "--write-baseline", str(baseline), str(tmp_path), cwd=tmp_path)
    assert result.exit_code == 0 and "Recorded 3 findings" in result.stderr
    recorded = json.loads(baseline.read_text())
    assert {(e["code"], e["path"], e["statement"], e["count"]) for e in recorded["findings"]} == {
        ("AIO101", "pkg/app.py", "time.sleep(1)", 2), ("AIO102", "pkg/app.py", "requests.get(url)", 1)}
    assert run("check", "--no-cache", "--baseline", str(baseline), str(tmp_path)).exit_code == 0
    # 20 lines above, and the function indented into a class: nothing new.
    moved = "import time, requests\n" + "# padding\n" * 20 + "\nclass C:\n    async def f(self, url):\n" \
        "        time.sleep(1)\n        requests.get(url)\n        time.sleep(1)\n"
    path.write_text(moved)
    result = run("check", "--no-cache", "--baseline", str(baseline), str(tmp_path))
    assert result.exit_code == 0, result.output
    # A third identical call and a new blocking call: exactly those two.
    path.write_text(moved + "        time.sleep(1)\n        open(url)\n")
    result = run("check", "--no-cache", "--format", "json", "--baseline", str(baseline), str(tmp_path))
    assert [(f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]] == [(28, "AIO101"), (29, "AIO104")]
    # From another folder, the paths still match (they are relative to the baseline file).
    other = tmp_path / "elsewhere"
    other.mkdir()
    result = run("check", "--no-cache", "--format", "json", "--baseline", str(baseline), str(tmp_path), cwd=other)
    assert len(json.loads(result.stdout)["findings"]) == 2


def test_bad_baseline_is_a_clear_error(tmp_path: Path) -> None:
    write(tmp_path, "a.py", BASE)
    result = run("check", "--baseline", str(tmp_path / "missing.json"), str(tmp_path))
    assert result.exit_code == 2 and "baseline file not found" in result.output
    write(tmp_path, "bad.json", "{}")
    result = run("check", "--baseline", str(tmp_path / "bad.json"), str(tmp_path))
    assert result.exit_code == 2 and "not an asyncio-lint baseline" in result.output


def test_statistics_show_source_quiet(tmp_path: Path) -> None:
    path = write(tmp_path, "a.py", BASE)
    stats = run("check", "--no-cache", "--statistics", str(path)).stdout.splitlines()
    assert stats == ["2\tAIO101\t[*] blocking-sleep", "1\tAIO102\t    blocking-http-call",
                     "Found 3 findings (2 fixable with `--fix`)."]
    assert run("check", "--no-cache", "--statistics", "--unsafe-fixes", str(path)).stdout.splitlines()[1] == \
        "1\tAIO102\t[*] blocking-http-call"
    shown = run("check", "--no-cache", "--show-source", str(path)).stdout.splitlines()
    assert shown[1:4] == ["  5 |     time.sleep(1)", "          ^^^^^^^^^^^^^",
                          "  docs: https://github.com/your-org/asyncio-lint/blob/v0.1.0/docs/rules/AIO101.md"]
    quiet = run("check", "--no-cache", "--quiet", str(path)).stdout.splitlines()
    assert len(quiet) == 3 and all(": AIO10" in line for line in quiet)
    assert run("check", "--no-cache", "-q", str(write(tmp_path, "ok.py", "x = 1\n"))).stdout == ""


def test_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "a.py", BASE)
    assert "\033[" in run("check", "--no-cache", "--color", "always", str(path)).stdout
    assert "\033[" not in run("check", "--no-cache", "--color", "never", str(path)).stdout
    assert "\033[" not in run("check", "--no-cache", str(path)).stdout  # auto: not a terminal
    # auto on a terminal: colour, unless NO_COLOR is set (and --color always still wins)
    code = ("import os, pty, sys\npid, fd = pty.fork()\nif pid == 0:\n"
            f"    os.execv(sys.executable, [sys.executable, '-m', 'asyncio_lint', 'check', '--no-cache', {str(path)!r}]"
            " + sys.argv[1:])\nout = b''\nwhile True:\n    try:\n        chunk = os.read(fd, 4096)\n"
            "    except OSError:\n        break\n    if not chunk:\n        break\n    out += chunk\n"
            "os.waitpid(pid, 0)\nsys.stdout.write(repr(out))\n")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    tty = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120).stdout
    assert "\\x1b[" in tty
    env["NO_COLOR"] = "1"
    tty = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120).stdout
    assert "\\x1b[" not in tty and "AIO101" in tty
    tty = subprocess.run([sys.executable, "-c", code, "--color", "always"], capture_output=True, text=True,
                         env=env, timeout=120).stdout
    assert "\\x1b[" in tty


def test_exclude_options(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nexclude = ["legacy/*"]\n')
    write(tmp_path, "legacy/old.py", BASE)
    write(tmp_path, "gen/made.py", BASE)
    write(tmp_path, "app.py", BASE)

    def files(*args: str) -> set[str]:
        out = run("check", "--no-cache", "--format", "json", *args, ".", cwd=tmp_path).stdout
        return {os.path.normpath(f["path"]) for f in json.loads(out)["findings"]}

    assert files() == {"app.py", os.path.join("gen", "made.py")}
    assert files("--extend-exclude", "gen/*") == {"app.py"}
    assert files("--exclude", "app.py") == {os.path.join("gen", "made.py"), os.path.join("legacy", "old.py")}


def test_watch_checks_again_after_a_change(tmp_path: Path) -> None:
    import queue
    import threading

    path = write(tmp_path, "a.py", "x = 1\n")
    proc = subprocess.Popen([sys.executable, "-m", "asyncio_lint", "check", "--no-cache", "--watch", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()

    def until(text: str) -> None:
        while True:
            try:
                line = lines.get(timeout=120)
            except queue.Empty:
                raise AssertionError("".join(seen)) from None
            assert line, "".join(seen)
            seen.append(line)
            if text in line:
                return

    try:
        until("Watching for changes")
        assert any("All clear" in line for line in seen)
        path.write_text(BASE)
        until("Watching for changes")
        assert any("AIO101" in line for line in seen)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


# A small project: a blocking helper in one module called from a coroutine of another (AIO120
# across files), direct blocking calls, a dropped task and get_event_loop() at module level.
PROJECT = {
    "svc/__init__.py": "",
    "svc/storage.py": "import json\n\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n",
    "svc/app.py": (
        "import asyncio\nimport time\n\nimport requests\n\nfrom svc.storage import load\n\n\n"
        "async def handler(url, path):\n    config = load(path)\n    time.sleep(0.1)\n"
        "    asyncio.create_task(asyncio.sleep(config['delay']))\n    return requests.get(url)\n\n\n"
        "async def other():\n    loop = asyncio.get_running_loop()\n    return loop\n\n\nLOOP = asyncio.get_event_loop()\n"),
}


def test_baseline_after_lines_inserted_at_the_top_then_one_new_call(tmp_path: Path) -> None:
    """The issue's adoption scenario: record, insert 20 lines at the top of a file (nothing
    reported), add one blocking call (exactly that one is reported)."""
    for name, text in PROJECT.items():
        write(tmp_path, name, text)
    baseline = tmp_path / "baseline.json"
    recorded = run("check", "--no-cache", "--format", "json", str(tmp_path))
    codes = sorted(f["code"] for f in json.loads(recorded.stdout)["findings"])
    assert codes == ["AIO101", "AIO102", "AIO120", "AIO402", "AIO504"]
    result = run("check", "--no-cache", "--write-baseline", str(baseline), str(tmp_path), cwd=tmp_path)
    assert result.exit_code == 0 and "Recorded 5 findings" in result.stderr
    top = "".join(f"# line {n} of a new header\n" if n % 2 else f"CONSTANT_{n} = {n}\n" for n in range(20))
    for name in ("svc/app.py", "svc/storage.py"):  # the callers' file and the helper's file
        path = tmp_path / name
        path.write_text(top + path.read_text())
        result = run("check", "--no-cache", "--format", "json", "--baseline", str(baseline), str(tmp_path))
        assert result.exit_code == 0 and json.loads(result.stdout)["findings"] == [], result.output
    app = tmp_path / "svc/app.py"
    app.write_text(app.read_text().replace("    return loop\n", "    open('x').close()\n    return loop\n"))
    result = run("check", "--no-cache", "--format", "json", "--baseline", str(baseline), str(tmp_path))
    new = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [(f["path"].replace(os.sep, "/").rsplit("/", 2)[-2:], f["line"], f["code"]) for f in new] == [
        (["svc", "app.py"], 38, "AIO104")]
