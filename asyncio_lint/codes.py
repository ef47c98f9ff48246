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

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, NamedTuple, Sequence

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
    # The helper-chain rules: the message of the one finding at a blocking call of the project that
    # several calls from coroutines reach (``root-finding-at``), in place of theirs.
    root_message: str | None = None
    # "rule": reported by a rule; "notice": printed by the tool itself; "retired": never reused.
    status: str = "rule"
    # A rule whose findings come from a runtime stall report (AIO900), not from the static walk.
    runtime: bool = False
    # AIO1xx: whether a helper chain (AIO120) may end at a call of this kind
    chained: bool = True


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
    # A helper that imports at run time is nearly always a lazy, cached import (done once, or
    # only when sys.modules lacks the module): AIO120 does not follow chains into it. Off by
    # default for the same reason (the rule's docs give the readings of real code).
    Code("AIO111", "blocking-import", "Importing a module at run time inside a coroutine.", kind="import",
         default=False, chained=False),
    Code("AIO112", "blocking-lock-context", "`with` on a thread or process lock inside a coroutine.",
         default=False, kind="lock"),
    Code("AIO120", "blocking-helper-call", "A coroutine's call of a project function that blocks further down.",
         family="AIO1", phase="chains", message=(
             "`{call}()` blocks the event loop: `{chain}` ({file}:{line}); "
             "call it with `await asyncio.to_thread({call}, ...)` or make the chain async"),
         phase_message=(
             "`{call}()` blocks the event loop although it is awaited: `{chain}` ({file}:{line}): the "
             "library's coroutine makes a blocking call; report it to its maintainers, and until it is "
             "fixed keep the call off the hot path (or pin a version without it)"),
         root_message=(
             "`{target}` in `{root}` blocks the event loop for {count} calls from coroutines ({calls}); "
             "fix it here, once for all of them (an async equivalent, or the work done once and kept), "
             "or run each call with `await asyncio.to_thread(...)`")),
    Code("AIO201", "cpu-bound-call", "A known CPU-bound call inside a coroutine."),
    Code("AIO202", "heavy-loop", "A loop inside a coroutine that never suspends and is visibly heavy."),
    Code("AIO203", "busy-wait", "A `while` loop inside a coroutine that spins waiting for state to change."),
    Code("AIO220", "cpu-bound-helper-call", "A coroutine's call of a project function that reaches CPU-bound work.",
         family="AIO2", phase="chains", message=(
             "`{call}()` is CPU-bound: `{chain}` ({file}:{line}) stalls every other task while it runs "
             "on the loop; offload it with {fix}"),
         root_message=(
             "`{target}` in `{root}` is CPU-bound and holds the event loop for {count} calls from "
             "coroutines ({calls}); fix it here, once for all of them (the work done once and kept, or "
             "off the loop), or offload each call to a worker thread or process")),
    Code("AIO301", "stale-read-write", "A lost update: shared state written from a read made before an `await`."),
    Code("AIO302", "await-in-read-modify-write", "One statement reads shared state, awaits, and writes it back."),
    Code("AIO303", "check-then-set", "Shared state checked, then set after an `await` (memoisation).", default=False),
    Code("AIO401", "nested-callbacks", "A chain of inline callback registrations (a style point).", default=False),
    Code("AIO402", "dropped-task", "A task created and its only reference thrown away."),
    Code("AIO403", "coroutine-callback", "A coroutine function passed as a plain callback."),
    Code("AIO501", "coroutine-in-executor", "An `async def` handed to something that runs a sync callable."),
    Code("AIO502", "not-an-executor", "An executor argument that is not a `concurrent.futures.Executor`."),
    Code("AIO503", "nested-event-loop", "Starting an event loop inside a coroutine."),
    Code("AIO504", "get-event-loop", "`asyncio.get_event_loop()` where no loop runs (deprecated; an error from 3.14)."),
    Code("AIO505", "never-awaited-coroutine", "A coroutine or awaitable created and dropped, never awaited.",
         phase="dropped", phase_message=(
             "`{call}()` creates a coroutine and drops it, so `async def {name}` ({where}) never runs; {fix}")),
    Code("AIO506", "get-event-loop-in-coroutine", "`asyncio.get_event_loop()` inside a coroutine (a style point).",
         default=False),
    Code("AIO507", "task-of-non-coroutine", "A task factory given a function or a plain call instead of a coroutine."),
    # Reported by ``check --stalls`` from a runtime stall report, never by the static walk; selected,
    # ignored and suppressed like any rule.
    Code("AIO900", "runtime-stall", "An event-loop stall seen at run time that no static rule predicted.",
         runtime=True),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}

# How sure a finding is, strongest first: "certain" (the code is wrong as written), "likely" (wrong
# unless something the analysis cannot see makes it safe), "style" (works, but there is a better way).
CONFIDENCES: tuple[str, ...] = ("certain", "likely", "style")
# The findings a run shows unless ``min-confidence`` says otherwise: style points are opt-in.
DEFAULT_MIN_CONFIDENCE = "likely"
# The families whose findings say "this holds the event loop" (blocking calls, CPU work). In a
# script, a test or a command-line command nothing else is waiting on the loop, so there they are
# style points (``script-paths``; config.Config.confidence_in).
LOOP_HOLDING_FAMILIES = ("AIO1", "AIO2")


def explicit_codes(*prefix_lists: Iterable[str]) -> frozenset[str]:
    """The rule codes named in full in these selections (``select = ["AIO506"]``, not ``"AIO5"``)."""
    return frozenset(p for prefixes in prefix_lists for p in prefixes if p in CODES)


def shown(code: str, confidence: str, min_confidence: str, explicit: frozenset[str]) -> bool:
    """Whether a finding is reported: its confidence reaches ``min_confidence``, or its rule was
    selected by its full code (asking for a rule by name shows all it finds, as Ruff's
    ``explicit-preview-rules`` does for preview rules)."""
    return code in explicit or CONFIDENCES.index(confidence) <= CONFIDENCES.index(min_confidence)

# The kinds of blocking call, one AIO1xx rule reporting each (``extend-blocking-calls`` values).
KINDS: tuple[str, ...] = tuple(c.kind for c in _CODES if c.kind is not None)
KIND_CODES: dict[str, str] = {c.kind: c.code for c in _CODES if c.kind is not None}


# The peers' codes and the AIO rule that reports the same problem: a noqa comment written for
# flake8-async or Ruff (with ASYNC230) silences the AIO finding too (suppress.py), so a project
# that switches keeps its reviewed exceptions. README.md lists the table.
PEER_CODES: dict[str, str] = {
    "ASYNC210": "AIO102", "ASYNC211": "AIO102", "ASYNC212": "AIO102",  # sync HTTP
    "ASYNC220": "AIO103", "ASYNC221": "AIO103", "ASYNC222": "AIO103",  # processes
    "ASYNC230": "AIO104", "ASYNC231": "AIO104", "ASYNC232": "AIO104",  # files
    "ASYNC240": "AIO110",                                              # os.path / pathlib metadata
    "ASYNC250": "AIO107",                                              # input()
    "ASYNC251": "AIO101",                                              # time.sleep()
    "ASYNC300": "AIO402", "RUF006": "AIO402",                          # dropped tasks
}


def peer_equivalents(codes: Iterable[str]) -> frozenset[str]:
    """The AIO codes that a ``# noqa`` listing these peer codes (or prefixes of them, as flake8 and
    Ruff read them: ``ASYNC23``) silences."""
    listed = tuple(c for c in codes if not c.startswith("AIO"))
    if not listed:
        return frozenset()
    return frozenset(aio for peer, aio in PEER_CODES.items() if peer.startswith(listed))


def rule_codes() -> tuple[str, ...]:
    return tuple(c.code for c in _CODES if c.status == "rule")


def _longest(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix in ``prefixes`` that ``code`` starts with (0: none)."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


# ---- code prefixes as users write them -----------------------------------------------------------
PREFIX_RE = re.compile(r"^AIO\d{0,3}$")


def unknown_code(prefix: str) -> str | None:
    """Why ``prefix`` selects nothing (with the close matches, as Ruff suggests them), or None
    when some code starts with it. One check for every front end: the configuration, the CLI's
    options and the flake8 plugin's."""
    if not PREFIX_RE.match(prefix):
        return f"{prefix!r} is not a code prefix (AIO followed by up to three digits, such as AIO1 or AIO101)"
    if any(code.startswith(prefix) for code in CODES):
        return None
    candidates = sorted({code[:len(prefix)] for code in CODES})
    import difflib  # (only when a code is wrong)

    close = difflib.get_close_matches(prefix, candidates, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"unknown code {prefix!r}{hint} (`asyncio-lint rules` lists them)"


def parse_codes(value: object) -> tuple[str, ...]:
    """Code prefixes from a list or a comma-separated string; ValueError naming the first bad one."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of code prefixes such as [\"AIO1\", \"AIO203\"]")
    for code in value:
        problem = unknown_code(code)
        if problem is not None:
            raise ValueError(problem)
    return tuple(value)


# ---- selection ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Selection:
    """One layer of rule selection: a configuration file's, or a command line's on top of it.

    ``select`` (None: not given) replaces what the layers below chose; ``extend_select`` and
    ``ignore`` adjust it. Within a layer the more specific prefix wins (a tie: ignored)."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


NO_SELECTION = Selection()


def resolve(layers: Sequence[Selection]) -> frozenset[str]:
    """The rule codes the layers turn on, bottom first, as Ruff resolves them: the rules on by
    default, then each layer in turn (a later layer's ``select`` starts afresh; its
    ``extend-select`` re-enables what an earlier layer ignored)."""
    chosen = {c for c in rule_codes() if CODES[c].default}
    carried: tuple[str, ...] = ()
    for layer in layers:
        ignore = layer.ignore + carried
        carried = ()
        turn_on = (layer.select or ()) + layer.extend_select
        updates: dict[str, bool] = {}
        for code in rule_codes():
            on, off = _longest(code, turn_on), _longest(code, ignore)
            if on or off:
                updates[code] = on > off
        if layer.select is not None:
            chosen = {c for c, on in updates.items() if on}
            if not layer.select and not layer.extend_select and layer.ignore:
                carried = layer.ignore  # (``select = []`` with ignores: they also bind the next layer)
        else:
            for code, on in updates.items():
                (chosen.add if on else chosen.discard)(code)
    return frozenset(chosen)


def selected(select: Iterable[str] = (), ignore: Iterable[str] = (),
             extend_select: Iterable[str] = ()) -> frozenset[str]:
    """The rule codes one layer of selection turns on (no ``select``: the rules on by default)."""
    select = tuple(select)
    return resolve([Selection(select or None, tuple(extend_select), tuple(ignore))])


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
    return frozenset(c.kind for c in on if c.kind is not None and c.chained)


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
