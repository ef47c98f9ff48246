"""Turning asyncio-lint on over an existing codebase: a baseline, and ``--add-noqa``.

**Baseline.** ``check --write-baseline FILE`` records today's findings; ``check --baseline FILE``
then reports only the findings not in it. A finding is recorded by its code, its file (relative to
the baseline file's folder) and the text of its lines (fingerprint.py), with a count for identical
statements, never by line number: code inserted above a finding, or the finding's function moved,
does not bring it back; a new finding, or an edit of a recorded line, is reported.

**--add-noqa.** Writes ``# noqa: CODE`` at the end of each line that has findings, keeping what is
there: a comment stays (the directive goes after it), and a ``# noqa: X`` directive already on the
line gets the new codes appended (``# noqa: X, AIO101``), as Ruff does. A line whose end is inside
a string (a finding on the first line of a multi-line string) is left alone and counted as skipped.
"""

from __future__ import annotations

import io
import json
import os
import re
import tokenize
from collections import Counter
from dataclasses import replace
from typing import Iterable

from asyncio_lint.edits import split_lines
from asyncio_lint.files import read_source
from asyncio_lint.filewrite import encoding_of, parses, write_atomic
from asyncio_lint.fingerprint import keys
from asyncio_lint.source import decode
from asyncio_lint.suppress import NOQA_RE
from asyncio_lint.types import FileError, Finding, Report

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one."""


def _lines(paths: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in paths:
        data = read_source(path)
        try:
            out[path] = split_lines(decode(data)) if isinstance(data, bytes) else []
        except ValueError:
            out[path] = []
    return out


def _relative(paths: Iterable[str], folder: str) -> dict[str, str]:
    return {p: os.path.relpath(os.path.abspath(p), folder).replace(os.sep, "/") for p in paths}


def baseline_keys(findings: list[Finding], baseline_file: str) -> list[tuple[str, str, str, int]]:
    folder = os.path.dirname(os.path.abspath(baseline_file))
    paths = sorted({f.path for f in findings})
    return keys(findings, _lines(paths), _relative(paths, folder))


def write_baseline(report: Report, path: str) -> int:
    """Record the report's findings in ``path`` (atomically); the number recorded."""
    findings = report.findings
    counts: Counter[tuple[str, str, str]] = Counter(k[:3] for k in baseline_keys(findings, path))
    entries = [{"code": code, "path": file, "statement": text, "count": count}
               for (code, file, text), count in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0], item[0][2]))]
    document = {"version": BASELINE_VERSION, "tool": "asyncio-lint", "findings": entries}
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    os.replace(temporary, path)
    return len(findings)


def load_baseline(path: str) -> Counter[tuple[str, str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (record one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc}") from None
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION or not isinstance(
            document.get("findings"), list):
        raise BaselineError(f"{path}: not an asyncio-lint baseline (version {BASELINE_VERSION})")
    out: Counter[tuple[str, str, str]] = Counter()
    for entry in document["findings"]:
        try:
            out[(str(entry["code"]), str(entry["path"]), str(entry["statement"]))] += int(entry.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: a baseline entry lacks code, path or statement: {entry!r}") from None
    return out


def apply_baseline(report: Report, path: str) -> tuple[Report, int]:
    """The report without the findings recorded in the baseline, and how many were left out."""
    known = load_baseline(path)
    findings = report.findings
    kept: set[int] = set()
    for index, key in enumerate(baseline_keys(findings, path)):
        if key[3] > known.get(key[:3], 0):
            kept.add(index)
    keep = {id(f) for i, f in enumerate(findings) if i in kept}
    results = [replace(r, findings=tuple(f for f in r.findings if id(f) in keep)) for r in report.results]
    # (report.findings sorts copies of the same objects, so identity holds)
    return type(report)(results=results, path_errors=report.path_errors), len(findings) - len(kept)


# ---- --add-noqa --------------------------------------------------------------------------------------
def _string_line_ends(text: str) -> set[int] | None:
    """Lines whose end lies inside a string token (no comment can go there); None if the file
    does not tokenize."""
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
                inside.update(range(token.start[0], token.end[0]))
    except (tokenize.TokenError, SyntaxError):
        return None
    return inside


def _comments(text: str) -> dict[int, tuple[int, str]]:
    """Line -> (column, text) of the comment ending it."""
    out: dict[int, tuple[int, str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            out[token.start[0]] = (token.start[1], token.string)
    return out


def with_noqa(line: str, comment: tuple[int, str] | None, codes: list[str]) -> str:
    """``line`` with ``codes`` added to its noqa directive (one is made if there is none)."""
    if comment is not None:
        column, text = comment
        match = NOQA_RE.search(text)
        if match is not None and match.group("codes"):
            existing = [c for c in re.split(r"[,\s]+", match.group("codes").strip()) if c]
            new = [c for c in codes if c not in existing]
            if not new:
                return line
            directive = f"# noqa: {', '.join(existing + new)}"
            # keep whatever follows the codes (another tool's comment, after a separator)
            rest = text[match.end():]
            return line[:column] + text[:match.start()] + directive + rest + line[column + len(text):]
    stripped = line.rstrip()
    return f"{stripped}  # noqa: {', '.join(codes)}" + line[len(stripped):]


def add_noqa_text(text: str, findings: Iterable[Finding]) -> tuple[str, int, int]:
    """(new text, directives added or extended, lines skipped)."""
    wanted: dict[int, list[str]] = {}
    for finding in findings:
        codes = wanted.setdefault(finding.line, [])
        if finding.code not in codes:
            codes.append(finding.code)
    if not wanted:
        return text, 0, 0
    inside = _string_line_ends(text)
    if inside is None:
        return text, 0, len(wanted)
    comments = _comments(text)
    pieces = re.split(r"(\r\n|\r|\n)", text)  # lines and their breaks, alternating
    added = skipped = 0
    for number, codes in sorted(wanted.items()):
        index = 2 * (number - 1)
        if index >= len(pieces) or number in inside:
            skipped += 1
            continue
        new = with_noqa(pieces[index], comments.get(number), sorted(codes))
        if new != pieces[index]:
            pieces[index] = new
            added += 1
    return "".join(pieces), added, skipped


def add_noqa(report: Report) -> tuple[int, int, list[FileError]]:
    """Write the directives into the report's files: (directives added, lines skipped, errors)."""
    added = skipped = 0
    errors: list[FileError] = []
    by_path: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    for path, findings in sorted(by_path.items()):
        data = read_source(path)
        if not isinstance(data, bytes):
            errors.append(data)
            continue
        try:
            text = decode(data)
        except ValueError as exc:
            errors.append(FileError(path, str(exc)))
            continue
        new, count, missed = add_noqa_text(text, findings)
        skipped += missed
        if count and parses(new):
            try:
                write_atomic(path, new, encoding_of(data))
            except (OSError, UnicodeEncodeError) as exc:
                errors.append(FileError(path, f"cannot write: {getattr(exc, 'strerror', None) or exc}"))
                continue
            added += count
        elif count:
            errors.append(FileError(path, "adding noqa directives would break the file; left unchanged"))
    return added, skipped, errors
