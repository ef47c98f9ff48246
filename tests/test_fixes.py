"""Fixes: each rule's rewrite, the applier, and --fix end to end (parses, idempotent, nothing else touched)."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from asyncio_lint.api import lint_source
from asyncio_lint.config import Config
from asyncio_lint.edits import apply_fixes
from asyncio_lint.fixing import fix_text
from asyncio_lint.types import SAFE, UNSAFE, Edit, Finding, Fix
from tests.helpers import FIXTURES
from tests.test_cli import run, write


def fixed(source: str, unsafe: bool = True, config: Config | None = None) -> str:
    source = textwrap.dedent(source)
    return fix_text(source, "m.py", config or Config(extend_select=("AIO110", "AIO506")), unsafe).after


def only_fix(source: str) -> Fix:
    (finding,) = [f for f in lint_source(textwrap.dedent(source), "m.py").findings if f.fix is not None]
    assert finding.fix is not None
    return finding.fix


# (what, source, fixed source, applicability of the fix)
CASES = [
    ("AIO101 sleep, import added after the imports", """\
        \"\"\"Doc.\"\"\"
        from __future__ import annotations
        import time

        async def f():
            time.sleep(1)
        """, """\
        \"\"\"Doc.\"\"\"
        from __future__ import annotations
        import time
        import asyncio

        async def f():
            await asyncio.sleep(1)
        """, SAFE),
    ("AIO101 through an alias, with asyncio imported under another name", """\
        import asyncio as aio
        from time import sleep as pause

        async def f(n):
            return pause(n).real
        """, """\
        import asyncio as aio
        from time import sleep as pause

        async def f(n):
            return (await aio.sleep(n)).real
        """, SAFE),
    ("AIO102 to a thread, multi-line call with its comment kept", """\
        import asyncio
        import requests

        class C:
            async def get(self, url):
                r = requests.get(
                    url,  # where
                    timeout=3,
                )
                return r
        """, """\
        import asyncio
        import requests

        class C:
            async def get(self, url):
                r = await asyncio.to_thread(
                    requests.get,
                    url,  # where
                    timeout=3,
                )
                return r
        """, UNSAFE),
    ("AIO104 open().read() to pathlib's one-shot method", """\
        import asyncio

        async def load(p, text):
            data = open(p, "rb").read()
            open(p, "w", encoding="utf-8").write(text)
            return data
        """, """\
        import asyncio
        import pathlib

        async def load(p, text):
            data = await asyncio.to_thread(pathlib.Path(p).read_bytes)
            await asyncio.to_thread(pathlib.Path(p).write_text, text, encoding="utf-8")
            return data
        """, UNSAFE),
    ("AIO105 getaddrinfo to the loop's resolver", """\
        import asyncio, socket

        async def resolve(host):
            return socket.getaddrinfo(host, 443)
        """, """\
        import asyncio, socket

        async def resolve(host):
            return await asyncio.get_running_loop().getaddrinfo(host, 443)
        """, UNSAFE),
    ("AIO108 future.result() to wrap_future", """\
        import asyncio

        async def wait(coro, other):
            return asyncio.run_coroutine_threadsafe(coro, other).result()
        """, """\
        import asyncio

        async def wait(coro, other):
            return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, other))
        """, UNSAFE),
    ("AIO120 helper to a thread", """\
        import asyncio, time

        def pause():
            time.sleep(1)

        async def f():
            pause()
        """, """\
        import asyncio, time

        def pause():
            time.sleep(1)

        async def f():
            await asyncio.to_thread(pause)
        """, UNSAFE),
    ("AIO201 to a thread (the work releases the GIL)", """\
        import asyncio, hashlib

        async def login(pw, salt):
            return hashlib.pbkdf2_hmac("sha256", pw, salt, 600_000)
        """, """\
        import asyncio, hashlib

        async def login(pw, salt):
            return await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", pw, salt, 600_000)
        """, UNSAFE),
    ("AIO302 split into an await and an update", """\
        class Stats:
            async def add(self, source):
                self.total += await source.count()
        """, """\
        class Stats:
            async def add(self, source):
                delta = await source.count()
                self.total += delta
        """, SAFE),
    ("AIO302 on a shared line: joined with ';'", """\
        COUNTS = {}

        async def tally(k, s):
            if k: COUNTS[k] = COUNTS[k] + await s.count()
        """, """\
        COUNTS = {}

        async def tally(k, s):
            if k: value = await s.count(); COUNTS[k] = COUNTS[k] + value
        """, SAFE),
    ("AIO402 task kept in a module-level set", """\
        import asyncio

        async def handle(task, log):
            asyncio.create_task(audit(task)).add_done_callback(log)
        """, """\
        import asyncio

        _background_tasks: set[object] = set()

        async def handle(task, log):
            task_2 = asyncio.create_task(audit(task))
            task_2.add_done_callback(log)
            _background_tasks.add(task_2)
            task_2.add_done_callback(_background_tasks.discard)
        """, UNSAFE),
    ("AIO501 coroutine awaited directly", """\
        import asyncio

        async def crunch(n, k=1):
            return n

        async def main():
            loop = asyncio.get_running_loop()
            a = await loop.run_in_executor(None, crunch, 3)
            b = await asyncio.to_thread(crunch, 4, k=2)
            return a, b
        """, """\
        import asyncio

        async def crunch(n, k=1):
            return n

        async def main():
            loop = asyncio.get_running_loop()
            a = await crunch(3)
            b = await crunch(4, k=2)
            return a, b
        """, UNSAFE),
    ("AIO506 get_running_loop in a coroutine", """\
        import asyncio

        async def main():
            return asyncio.get_event_loop()
        """, """\
        import asyncio

        async def main():
            return asyncio.get_running_loop()
        """, SAFE),
    ("AIO505 awaited", """\
        async def ping():
            pass

        async def main():
            ping()
        """, """\
        async def ping():
            pass

        async def main():
            await ping()
        """, UNSAFE),
]


@pytest.mark.parametrize("what, source, expected, applicability", CASES, ids=[c[0] for c in CASES])
def test_each_fix(what: str, source: str, expected: str, applicability: str) -> None:
    expected = textwrap.dedent(expected)
    assert fixed(source, unsafe=True) == expected
    assert ast.parse(expected)
    # Safe fixes are applied without --unsafe-fixes; unsafe ones only with it.
    assert (fixed(source, unsafe=False) == expected) == (applicability == SAFE)
    # Nothing fixable is left, and fixing again changes nothing.
    assert fixed(expected) == expected


def test_a_task_set_made_by_an_earlier_fix_is_reused() -> None:
    # The set is annotated (mypy cannot infer an empty set's type from its uses: var-annotated);
    # a dropped task added later goes into the same set.
    source = ("import asyncio\n\n_background_tasks: set[object] = set()\n\n\nasync def f(job):\n"
              "    asyncio.create_task(job())\n")
    out = fixed(source)
    assert out.count("_background_tasks") == 3 and out.count("= set()") == 1
    assert "    _background_tasks.add(task)\n" in out


def test_process_pool_for_work_that_holds_the_gil() -> None:
    config = Config(extend_cpu_bound_calls=(("myapp.render", "process"),))
    source = "import myapp\n\nasync def f(rows, size):\n    return myapp.render(rows, size=size)\n"
    assert fixed(source, config=config) == (
        "import myapp\nimport asyncio\nimport concurrent.futures\nimport functools\n\n"
        "_process_pool = concurrent.futures.ProcessPoolExecutor()\n\n"
        "async def f(rows, size):\n"
        "    return await asyncio.get_running_loop().run_in_executor(_process_pool, "
        "functools.partial(myapp.render, rows, size=size))\n")
    source = "import myapp\n\nasync def f(rows):\n    a = myapp.render(rows)\n    return a, myapp.render(rows)\n"
    out = fixed(source, config=config)
    assert out.count("_process_pool = ") == 1 and out.count("import asyncio") == 1
    assert "await asyncio.get_running_loop().run_in_executor(_process_pool, myapp.render, rows)" in out


@pytest.mark.parametrize("source", [
    # await cannot go into a generator expression (it would make it an async one)
    "import time\nasync def f(xs):\n    return list(time.sleep(x) for x in xs)\n",
    # the name asyncio is taken by something else
    "import time\nasync def f(asyncio):\n    time.sleep(1)\n",
    # sqlite3 objects belong to their thread; a Condition must be waited on by its lock's holder
    "import sqlite3\nasync def f():\n    sqlite3.connect('db')\n",
    "import threading\nasync def f(c: threading.Condition):\n    c.wait()\n",
    # an executor call whose result is kept for later, and a partial: not rewritten
    "import asyncio\nasync def c():\n    pass\nasync def f(loop):\n    fut = loop.run_in_executor(None, c)\n    await fut\n",
    # a read-modify-write whose other operand calls something
    "class C:\n    async def f(self, s):\n        self.n = self.n + g() + await s.count()\n",
    # get_event_loop outside a coroutine: moving to asyncio.run() is not mechanical
    "import asyncio\nasync def main():\n    pass\nloop = asyncio.get_event_loop()\nloop.run_until_complete(main())\n",
    # get_event_loop in a generator expression: evaluated when consumed, maybe where no loop runs
    "import asyncio\nasync def f():\n    return (asyncio.get_event_loop() for _ in range(2))\n",
])
def test_no_fix_where_the_rewrite_is_not_mechanical(source: str) -> None:
    result = lint_source(source, "m.py", Config(extend_select=("AIO506",)))
    assert result.findings, "the example should still be a finding"
    assert all(f.fix is None for f in result.findings)
    assert fixed(source) == source


def test_fixtures_fixed_parse_report_nothing_new_and_are_idempotent(tmp_path: Path) -> None:
    project = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, project)
    before = json.loads(run("check", "--no-cache", "--format", "json", str(project)).stdout)["findings"]
    fixable = Counter(f["code"] for f in before if f["fix"] is not None)
    result = run("check", "--no-cache", "--fix", "--unsafe-fixes", "--show-fixes", str(project))
    # A fix that would bring in a race is skipped, and said so: the per-instance near misses of
    # code run once (`if self._key is None: self._key = open(...).read()`) would check, await, then set.
    found = re.findall(r"(AIO\d+) at line \d+: the fix would bring in a new (AIO\d+) finding \(fix skipped\)",
                       result.output)
    skipped = Counter(code for code, _ in found)
    assert {new for _, new in found} <= {"AIO303"} and len(found) <= 3, found
    assert f"Fixed {sum(fixable.values()) - len(found)} findings" in result.output
    for path in project.rglob("*.py"):
        ast.parse(path.read_text(encoding="utf-8"), str(path))
    after = json.loads(run("check", "--no-cache", "--format", "json", str(project)).stdout)["findings"]
    assert Counter(f["code"] for f in after if f["fix"] is not None) == skipped
    # Every finding left was there before, unfixable. (A few go away with the fix of another:
    # a loop flagged as heavy for its catalogue call now awaits that call in a thread; an
    # iteration of a catalogue object made by a call now offloaded: `await asyncio.to_thread(f)`
    # carries no type yet, so `for row in rows` is no longer known to block.)
    unfixable = Counter(f["code"] for f in before if f["fix"] is None) + skipped
    assert not Counter(f["code"] for f in after) - unfixable
    assert sum(unfixable.values()) - len(after) <= 4
    left = Counter((os.path.basename(f["path"]), f["code"], f["message"]) for f in after)
    was = Counter((os.path.basename(f["path"]), f["code"], f["message"]) for f in before
                  if f["fix"] is None or f["code"] in skipped)
    assert not left - was, "a re-run reports something new or changed"
    again = run("check", "--no-cache", "--diff", "--unsafe-fixes", str(project))
    assert again.exit_code == 0 and again.stdout == ""


def test_fixtures_with_safe_fixes_only(tmp_path: Path) -> None:
    project = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, project)
    run("check", "--no-cache", "--fix", str(project))
    after = json.loads(run("check", "--no-cache", "--format", "json", str(project)).stdout)["findings"]
    assert not [f for f in after if f["fix"] is not None and f["fix"]["applicability"] == SAFE]
    assert [f for f in after if f["fix"] is not None and f["fix"]["applicability"] == UNSAFE]


# ---- the applier -------------------------------------------------------------------------------------
def _fix(*edits: tuple[int, int, int, int, str]) -> Fix:
    return Fix("test", SAFE, tuple(Edit(*e) for e in edits))


def test_applier_skips_overlaps_and_shares_identical_edits() -> None:
    text = "aaa\nbbb\nccc\n"
    first = _fix((1, 0, 1, 3, "AAA"), (3, 0, 3, 0, "# top\n"))
    overlapping = _fix((1, 1, 2, 1, "X"))
    shared = _fix((3, 0, 3, 0, "# top\n"), (2, 0, 2, 3, "BBB"))
    insertion_at_end = _fix((1, 3, 1, 3, "!"))
    new, applied = apply_fixes(text, [first, overlapping, shared, insertion_at_end])
    assert applied == [0, 2, 3]
    assert new == "AAA!\nBBB\n# top\nccc\n"


def test_applier_counts_lines_as_the_engine_does() -> None:
    text = "a\r\nb\rc\x0cd\ne"
    new, _ = apply_fixes(text, [_fix((3, 2, 3, 3, "D")), _fix((4, 0, 4, 1, "E"))])
    assert new == "a\r\nb\rc\x0cD\nE"


def test_a_fix_whose_result_does_not_parse_is_dropped() -> None:
    source = "import time\n\nasync def f():\n    time.sleep(1)\n    x = 1\n"
    broken = Finding("m.py", 5, 4, 5, 9, "AIO120", "blocking-helper-call", "m",
                     fix=Fix("broken", SAFE, (Edit(5, 4, 5, 9, "x = = 1"),)))
    outcome = fix_text(source, "m.py", Config(), unsafe=False, extra=[broken])
    assert outcome.after == "import time\nimport asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n    x = 1\n"
    assert outcome.applied == Counter({"AIO101": 1})
    assert outcome.failed and "would not parse" in outcome.failed[0]


def test_a_fix_that_would_bring_in_a_new_finding_is_skipped() -> None:
    # The sleep blocked every other task between the read and the write; an await would let
    # them run in between: a new race (AIO301). The other sleep is fixed.
    source = ("import time\n\n\nclass C:\n    async def f(self):\n        n = self.count\n        time.sleep(1)\n"
              "        self.count = n + 1\n\n    async def g(self):\n        time.sleep(1)\n")
    outcome = fix_text(source, "m.py", Config(), unsafe=False)
    assert outcome.applied == Counter({"AIO101": 1})
    assert "    async def f(self):\n        n = self.count\n        time.sleep(1)\n" in outcome.after
    assert "    async def g(self):\n        await asyncio.sleep(1)\n" in outcome.after
    # Warned once (not again in the pass after the import was added), at its line in the fixed text.
    assert outcome.failed == ["AIO101 at line 8: the fix would bring in a new AIO301 finding (fix skipped)"]
    assert [(f.code, f.line) for f in lint_source(outcome.after, "m.py").findings] == [("AIO101", 8)]


def test_a_dropped_fix_is_warned_once_and_not_retried_by_later_runs(tmp_path: Path) -> None:
    # --fix lints again after fixing (for fixes that overlapped): the dropped fix is still
    # there, and is neither tried nor warned about again.
    path = write(tmp_path, "a.py", "import time\n\n\ndef helper():\n    time.sleep(1)\n\n\nclass C:\n"
                 "    async def run(self):\n        n = self.n\n        self.n = n + helper()\n"
                 "        time.sleep(2)\n")
    result = run("check", "--no-cache", "--fix", "--unsafe-fixes", str(path))
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [f"{path}: warning: AIO120 at line 12: the fix would bring in a new AIO301 finding "
                        "(fix skipped)"], result.output
    assert "Fixed 1 finding (1 remaining)." in result.output
    assert "        n = self.n\n        self.n = n + helper()\n        await asyncio.sleep(2)\n" in path.read_text()

    # The same with the helper in another module (a finding of the project phase, not of the
    # file's own lint): the warning's line is still the one in the fixed file.
    write(tmp_path / "p", "helpers.py", "import time\n\n\ndef helper():\n    time.sleep(1)\n")
    app = write(tmp_path / "p", "app.py", "import time\n\nfrom helpers import helper\n\n\nclass C:\n"
                "    async def run(self):\n        n = self.n\n        self.n = n + helper()\n"
                "        time.sleep(2)\n")
    result = run("check", "--no-cache", "--fix", "--unsafe-fixes", str(tmp_path / "p"))
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [f"{app}: warning: AIO120 at line 10: the fix would bring in a new AIO301 finding "
                        "(fix skipped)"], result.output
    assert app.read_text().splitlines()[9] == "        self.n = n + helper()"


def test_no_fix_for_a_call_awaited_already() -> None:
    # A decorated "sync" helper that returns an awaitable (run_in_executor decorators): to_thread
    # would be wrong, and `await await ...` does not parse. Such a call is no AIO120 site at all
    # (the decorator runs it in a worker); a plain call of the same helper is, with its fix.
    source = ("import time\n\ndef pause():\n    time.sleep(1)\n\nasync def f():\n    await pause()\n"
              "\nasync def g():\n    pause()\n")
    findings = lint_source(source, "m.py").findings
    assert [(f.code, f.line) for f in findings] == [("AIO120", 10)] and findings[0].fix is not None


def test_fix_changes_only_the_fixed_lines(tmp_path: Path) -> None:
    source = ("# -*- coding: latin-1 -*-\r\nimport time\r\n\r\n"
              "async def f():\r\n    s = 'caf\xe9'   # odd   spacing  kept\r\n    time.sleep(1)\r\n")
    path = tmp_path / "m.py"
    path.write_bytes(source.encode("latin-1"))
    path.chmod(0o640)
    result = run("check", "--no-cache", "--fix", str(path))
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data == source.replace("    time.sleep(1)", "    await asyncio.sleep(1)").replace(
        "import time\r\n", "import time\r\nimport asyncio\r\n").encode("latin-1")
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".asyncio-lint-")]


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"\xef\xbb\xbfimport time\n\nasync def f():\n    time.sleep(1)\n")
    run("check", "--no-cache", "--fix", str(path))
    assert path.read_bytes().startswith(b"\xef\xbb\xbfimport time\nimport asyncio\n")


# ---- the command line ---------------------------------------------------------------------------------
BAD = "import time\n\nasync def f(pool):\n    time.sleep(1)\n    pool.join()\n"
MIXED = "import time, requests\n\nasync def f(url):\n    time.sleep(1)\n    requests.get(url)\n"


def test_fix_diff_fix_only_and_unsafe(tmp_path: Path) -> None:
    path = write(tmp_path, "m.py", MIXED)
    shown = run("check", "--no-cache", str(path))
    assert "AIO101 [*] `time.sleep()`" in shown.output
    assert "AIO102 `requests.get()`" in shown.output  # unsafe: no [*] without --unsafe-fixes
    assert "[*] 1 fixable with the `--fix` option." in shown.output
    assert "(1 hidden fix can be enabled with the `--unsafe-fixes` option.)" in shown.output
    assert "AIO102 [*]" in run("check", "--no-cache", "--unsafe-fixes", str(path)).output

    diff = run("check", "--no-cache", "--diff", str(path))
    assert diff.exit_code == 1
    assert "-    time.sleep(1)\n+    await asyncio.sleep(1)\n" in diff.stdout
    assert "requests" not in "".join(line for line in diff.stdout.splitlines(keepends=True) if line.startswith("+"))
    assert path.read_text() == MIXED  # --diff writes nothing

    result = run("check", "--no-cache", "--fix", "--show-fixes", str(path))
    assert result.exit_code == 1  # the unsafe one is left
    assert "Fixed 1 finding (1 remaining)." in result.output and "1 x AIO101" in result.output
    assert "await asyncio.sleep(1)" in path.read_text() and "    requests.get(url)" in path.read_text()

    result = run("check", "--no-cache", "--fix-only", "--unsafe-fixes", str(path))
    assert result.exit_code == 0 and "AIO" not in result.stdout
    assert "await asyncio.to_thread(requests.get, url)" in path.read_text()
    assert run("check", "--no-cache", str(path)).exit_code == 0


def test_fix_from_stdin_prints_the_fixed_source(tmp_path: Path) -> None:
    result = run("check", "--fix", "-", "--stdin-filename", "app.py", input=MIXED)
    assert result.stdout == MIXED.replace("import time, requests\n", "import time, requests\nimport asyncio\n").replace(
        "time.sleep(1)", "await asyncio.sleep(1)")
    assert "app.py:6:5: AIO102" in result.stderr
    assert result.exit_code == 1


def test_show_fixes_without_fixing_describes_them(tmp_path: Path) -> None:
    path = write(tmp_path, "m.py", MIXED)
    out = run("check", "--no-cache", "--show-fixes", str(path)).output
    assert "  fix: Replace with `await asyncio.sleep(...)`" in out
    assert "  fix (unsafe): Run `requests.get()` in a worker thread with `asyncio.to_thread`" in out


def test_cross_file_helper_chain_is_fixed(tmp_path: Path) -> None:
    write(tmp_path, "pkg/__init__.py", "")
    write(tmp_path, "pkg/util.py", "import time\n\ndef pause():\n    time.sleep(1)\n")
    app = write(tmp_path, "pkg/app.py", "from pkg.util import pause\n\nasync def f():\n    pause()\n")
    before = json.loads(run("check", "--no-cache", "--format", "json", str(tmp_path)).stdout)["findings"]
    assert [(f["code"], f["fix"]["applicability"]) for f in before] == [("AIO120", UNSAFE)]
    run("check", "--fix", "--unsafe-fixes", str(tmp_path))
    assert app.read_text() == ("from pkg.util import pause\nimport asyncio\n\nasync def f():\n"
                               "    await asyncio.to_thread(pause)\n")
    assert run("check", str(tmp_path)).exit_code == 0


def test_sarif_and_json_carry_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "m.py", BAD)
    document = json.loads(run("check", "--format", "sarif", str(path)).stdout)
    (result,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "AIO101"]
    (fix,) = result["fixes"]
    changes = fix["artifactChanges"][0]
    assert changes["artifactLocation"] == result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert {"deletedRegion": {"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 18},
            "insertedContent": {"text": "await asyncio.sleep(1)"}} in changes["replacements"]
