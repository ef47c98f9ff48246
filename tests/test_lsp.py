"""The language server as an editor meets it: a real LSP session over stdio.

The server runs as a subprocess (`python -m asyncio_lint server`); the test speaks JSON-RPC with
Content-Length framing and waits for each expected message (generous timeouts, never sleeps).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

TIMEOUT = 120  # seconds to wait for one message; a slow machine only makes the test slower

BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"
# The emoji is one code point but two UTF-16 units: the client's columns must count units.
WIDE = "import time\n\nasync def f():\n    x = '\U0001F600'; time.sleep(2)\n"
GOOD = "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n"


class Client:
    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "asyncio_lint", "server"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages: queue.Queue[Any] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.proc.stdout
        assert stdout is not None
        while True:
            headers = {}
            while True:
                line = stdout.readline()
                if not line:
                    self.messages.put(None)
                    return
                text = line.decode("ascii").strip()
                if not text:
                    break
                name, _, value = text.partition(":")
                headers[name.lower()] = value.strip()
            self.messages.put(json.loads(stdout.read(int(headers["content-length"]))))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        reply = self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in reply, reply
        return reply["result"]

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def wait(self, wanted: Any) -> Any:
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("the server sent nothing expected within the timeout") from None
            assert message is not None, f"the server exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
            if wanted(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[dict[str, Any]]:
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri and m["params"].get("version") == version)
        return message["params"]["diagnostics"]  # type: ignore[no-any-return]

    def close(self) -> int:
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP TextEdits (UTF-16 positions) to ``text``, last first."""
    lines = text.splitlines(keepends=True)

    def offset(position: dict[str, int]) -> int:
        line = lines[position["line"]] if position["line"] < len(lines) else ""
        prefix = sum(len(text) for text in lines[:position["line"]])
        units = 0
        for index, char in enumerate(line):
            if units >= position["character"]:
                return prefix + index
            units += 2 if ord(char) > 0xFFFF else 1
        return prefix + len(line)

    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                       reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
        lines = text.splitlines(keepends=True)
    return text


def test_a_session_publishes_diagnostics_and_offers_fixes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    uri = (tmp_path / "app.py").as_uri()
    client = Client(tmp_path)
    try:
        init = client.request("initialize", {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}})
        capabilities = init["capabilities"]
        assert "quickfix" in capabilities["codeActionProvider"]["codeActionKinds"]
        assert capabilities["textDocumentSync"]["openClose"] is True
        client.notify("initialized", {})

        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": BAD}})
        (diagnostic,) = client.diagnostics(uri, 1)
        assert diagnostic["code"] == "AIO101" and diagnostic["source"] == "asyncio-lint"
        assert diagnostic["range"] == {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 17}}
        assert diagnostic["codeDescription"]["href"].endswith("/docs/rules/AIO101.md")

        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}})
        quick = [a for a in actions if a["kind"] == "quickfix"]
        assert [a["title"] for a in quick] == ["AIO101: Replace with `await asyncio.sleep(...)`"]
        fixed = apply(BAD, quick[0]["edit"]["changes"][uri])
        assert fixed == "import time\nimport asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n"
        (fix_all,) = [a for a in actions if a["kind"] == "source.fixAll.asyncio-lint"]
        assert apply(BAD, fix_all["edit"]["changes"][uri]) == fixed

        # As the user types: a full-text change, columns in UTF-16 units.
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                 "contentChanges": [{"text": WIDE}]})
        (diagnostic,) = client.diagnostics(uri, 2)
        assert diagnostic["range"]["start"] == {"line": 3, "character": 14}  # (13 in code points)
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}})
        (action,) = actions
        assert apply(WIDE, action["edit"]["changes"][uri]).endswith("x = '\U0001F600'; await asyncio.sleep(2)\n")

        # A diagnostic sent before the last change: the code it points at moved down a line, so
        # it gets no fix (the fix would be for other code); the current one does.
        moved = "\n" + WIDE
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                                 "contentChanges": [{"text": moved}]})
        (current,) = client.diagnostics(uri, 3)
        stale = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic], "only": ["quickfix"]}})
        assert stale == []
        (action,) = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": current["range"],
            "context": {"diagnostics": [current], "only": ["quickfix"]}})
        assert apply(moved, action["edit"]["changes"][uri]).endswith("x = '\U0001F600'; await asyncio.sleep(2)\n")

        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                                 "contentChanges": [{"text": GOOD}]})
        assert client.diagnostics(uri, 4) == []
        assert client.close() == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()


def test_a_syntax_error_is_one_diagnostic_and_no_crash(tmp_path: Path) -> None:
    uri = (tmp_path / "broken.py").as_uri()
    client = Client(tmp_path)
    try:
        client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": "async def f(:\n"}})
        (diagnostic,) = client.diagnostics(uri, 1)
        assert diagnostic["code"] == "AIO000" and "syntax error" in diagnostic["message"]
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                 "contentChanges": [{"text": BAD}]})
        assert [d["code"] for d in client.diagnostics(uri, 2)] == ["AIO101"]
        assert client.close() == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
