"""Every code asyncio-lint can print, as data: rules, the notice codes, and codes once used.

This table is the one place that knows which codes exist. It is light (no libcst, no rule module)
so that configuration can be validated, rules selected and the project phase planned without
importing a rule. Each rule class declares the same code and name; ``rule.py`` checks at import
that the two agree, so neither can drift.

* ``default``: on unless a selection leaves it out (opinionated rules are off until selected);
* ``kind``: for the AIO1xx rules, the kind of blocking call (catalogue entries carry a kind) the
  rule reports;
* ``family``: for the helper-chain rules (AIO120, AIO220), the prefix of the per-call rules whose
  catalogue calls their chains end at; such a finding also yields to a per-call finding of that
  family on the same line (one problem, one finding);
* ``message``: the message template of a code whose findings the project phase formats without
  loading any rule (the helper-chain rules; their classes declare the same template).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, NamedTuple

if TYPE_CHECKING:
    from asyncio_lint.types import Finding


class Code(NamedTuple):
    code: str
    name: str
    summary: str
    default: bool = True
    kind: str | None = None
    family: str | None = None
    message: str | None = None
    # The project phase's message template for this code, when its rule words the same finding
    # differently (it names the file or library of the definition).
    phase_message: str | None = None
    # The facts the project phase reports this code from ("chains": helper chains; "dropped":
    # dropped calls of coroutine functions of other files); None: the rules' walk alone.
    phase: str | None = None
    # "rule": reported by a rule; "notice": printed by the tool itself; "retired": never reused.
    status: str = "rule"


_CODES = (
    Code("AIO000", "could-not-analyse", "A file asyncio-lint could not analyse (shown by the flake8 plugin).",
         status="notice"),
    Code("AIO101", "blocking-sleep", "`time.sleep()` inside a coroutine.", kind="sleep"),
    Code("AIO102", "blocking-http-call", "A synchronous HTTP request inside a coroutine.", kind="http"),
    Code("AIO103", "blocking-subprocess", "Starting or waiting for a child process inside a coroutine.",
         kind="subprocess"),
    Code("AIO104", "blocking-file-io", "File I/O inside a coroutine.", kind="file"),
    Code("AIO105", "blocking-socket", "A blocking socket or DNS call inside a coroutine.", kind="socket"),
    Code("AIO106", "blocking-database", "A synchronous database driver call inside a coroutine.", kind="database"),
    Code("AIO107", "blocking-input", "`input()` inside a coroutine.", kind="input"),
    Code("AIO108", "blocking-sync-primitive", "Waiting on a thread or queue primitive inside a coroutine.",
         kind="sync-primitive"),
    Code("AIO109", "blocking-call", "A call the project declared blocking, inside a coroutine.", kind="other"),
    Code("AIO110", "blocking-file-metadata", "File-system metadata and directory calls inside a coroutine.",
         default=False, kind="file-metadata"),
    Code("AIO120", "blocking-helper-call", "A coroutine's call of a project function that blocks further down.",
         family="AIO1", phase="chains", message=(
             "`{call}()` blocks the event loop: `{chain}` ({file}:{line}); "
             "call it with `await asyncio.to_thread({call}, ...)` or make the chain async"),
         phase_message=(
             "`{call}()` blocks the event loop although it is awaited: `{chain}` ({file}:{line}): the "
             "library's coroutine makes a blocking call; report it to its maintainers, and until it is "
             "fixed keep the call off the hot path (or pin a version without it)")),
    Code("AIO201", "cpu-bound-call", "A known CPU-bound call inside a coroutine."),
    Code("AIO202", "heavy-loop", "A loop inside a coroutine that never suspends and is visibly heavy.", default=False),
    Code("AIO203", "busy-wait", "A `while` loop inside a coroutine that spins waiting for state to change."),
    Code("AIO220", "cpu-bound-helper-call", "A coroutine's call of a project function that reaches CPU-bound work.",
         family="AIO2", phase="chains", message=(
             "`{call}()` is CPU-bound: `{chain}` ({file}:{line}) stalls every other task while it runs "
             "on the loop; offload it with {fix}")),
    Code("AIO301", "stale-read-write", "Shared state written from a read made before an `await`."),
    Code("AIO302", "await-in-read-modify-write", "One statement reads shared state, awaits, and writes it back."),
    Code("AIO401", "nested-callbacks", "A chain of inline callback registrations."),
    Code("AIO402", "dropped-task", "A task created and its only reference thrown away."),
    Code("AIO403", "coroutine-callback", "A coroutine function passed as a plain callback."),
    Code("AIO501", "coroutine-in-executor", "An `async def` handed to something that runs a sync callable."),
    Code("AIO502", "not-an-executor", "An executor argument that is not a `concurrent.futures.Executor`."),
    Code("AIO503", "nested-event-loop", "Starting an event loop inside a coroutine."),
    Code("AIO504", "get-event-loop", "`asyncio.get_event_loop()` where its meaning is deprecated or changing."),
    Code("AIO505", "never-awaited-coroutine", "A coroutine or awaitable created and dropped, never awaited.",
         phase="dropped", phase_message=(
             "`{call}()` creates a coroutine and drops it, so `async def {name}` ({where}) never runs; {fix}")),
    Code("AIO507", "task-of-non-coroutine", "A task factory given a function or a plain call instead of a coroutine."),
    Code("AIO900", "runtime-stall", "An event-loop stall seen at run time that no static rule predicted.",
         status="notice"),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}

# How sure a finding is, strongest first: "certain" (the code is wrong as written), "likely" (wrong
# unless something the analysis cannot see makes it safe), "style" (works, but there is a better way).
CONFIDENCES: tuple[str, ...] = ("certain", "likely", "style")

# The kinds of blocking call, one AIO1xx rule reporting each (``extend-blocking-calls`` values).
KINDS: tuple[str, ...] = tuple(c.kind for c in _CODES if c.kind is not None)
KIND_CODES: dict[str, str] = {c.kind: c.code for c in _CODES if c.kind is not None}


def rule_codes() -> tuple[str, ...]:
    return tuple(c.code for c in _CODES if c.status == "rule")


def _longest(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix in ``prefixes`` that ``code`` starts with (0: none)."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


def selected(select: Iterable[str] = (), ignore: Iterable[str] = (),
             extend_select: Iterable[str] = ()) -> frozenset[str]:
    """The rule codes a selection turns on, as Ruff decides it: the more specific prefix wins.

    With no ``select``, the rules on by default are on; ``extend_select`` adds to that.
    """
    select, ignore, extend_select = tuple(select), tuple(ignore), tuple(extend_select)
    chosen = set()
    for code in rule_codes():
        on = _longest(code, select) if select else (len(code) if CODES[code].default else 0)
        on = max(on, _longest(code, extend_select))
        if on > _longest(code, ignore):
            chosen.add(code)
    return frozenset(chosen)


def phases(codes: Iterable[str]) -> frozenset[str]:
    """The project-phase facts (``chains``, ``dropped``) the codes of ``codes`` are reported from."""
    return frozenset(p for p in (CODES[c].phase for c in codes if c in CODES) if p is not None)


def families(codes: Iterable[str]) -> frozenset[str]:
    """The helper-chain families (``AIO1``, ``AIO2``) that the codes of ``codes`` follow."""
    return frozenset(f for f in (CODES[c].family for c in codes if c in CODES) if f is not None)


def family_code(family: str) -> str:
    """The helper-chain rule of a family: ``AIO1`` -> ``AIO120``."""
    return next(c.code for c in _CODES if c.family == family)


def followed_kinds(codes: Iterable[str]) -> frozenset[str]:
    """The blocking kinds a helper chain may end at: those whose AIO1xx rule is on (``ignore =
    ["AIO104"]`` also stops chains ending in file I/O); with no AIO1xx rule on (``--select
    AIO120``), the kinds of the rules on by default."""
    on = [CODES[c] for c in codes if c in CODES and CODES[c].kind is not None]
    if not on:
        on = [c for c in _CODES if c.kind is not None and c.default]
    return frozenset(c.kind for c in on if c.kind is not None)


def drop_covered(findings: Iterable["Finding"]) -> list["Finding"]:
    """Drop a helper-chain finding when a per-call finding of its family is on the same line (or
    the same finding is there already): one problem, one finding."""
    findings = list(findings)
    covered = {(f.path, f.line, f.code[:4]) for f in findings if _family(f.code) is None}
    seen: set[tuple[str, int, str]] = set()
    out = []
    for finding in findings:
        family = _family(finding.code)
        if family is not None:
            key = (finding.path, finding.line, finding.code)
            if (finding.path, finding.line, family) in covered or key in seen:
                continue
            seen.add(key)
        out.append(finding)
    return out


def _family(code: str) -> str | None:
    entry = CODES.get(code)
    return entry.family if entry is not None else None
