"""The shape of the blocking catalogue: what one entry says, and the helpers the library tables
(``analysis/data/libraries/``) are written with.

An entry maps a qualified name to a *kind*; one AIO1xx rule reports each kind (codes.py). Users
extend the catalogue in ``pyproject.toml`` with ``extend-blocking-calls`` (see config.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Blocking:
    kind: str
    fix: str | None = None  # overrides the rule's default fix in the message
    # The call does not block when this argument (keyword, position) is one of these literals.
    unless: tuple[str, int, tuple[object, ...]] | None = None
    # Names of GUARDS (analysis/blocking.py): code around the call that shows it cannot block here.
    safe_when: tuple[str, ...] = ()
    # The call blocks only when this argument (keyword, position) is passed (its default does not).
    only_if: tuple[str, int] | None = None
    # False: reported in a coroutine, but not followed through helpers (AIO120): the call itself
    # does no I/O worth a stall (os.fdopen wraps a descriptor; the reads that follow block).
    chained: bool = True
    # An iteration entry for a pager whose first page the listing call fetched: `next(pages)`
    # takes an item already there (a loop still fetches the following pages).
    first_page_fetched: bool = False


@dataclass(frozen=True)
class ClassWide:
    """Every public method of a class blocks (an SDK client whose methods are all requests),
    except the names in ``except_`` (exact names, or fnmatch patterns such as ``*_path``)."""

    entry: Blocking
    except_: frozenset[str] = frozenset()

    def blocks(self, method: str) -> bool:
        if method.startswith("_") or method in self.except_:
            return False
        return not any(("*" in p or "?" in p) and _fnmatch(method, p) for p in self.except_)


def _fnmatch(name: str, pattern: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(name, pattern)


_NOT_BLOCKING = (False, 0)  # a literal False (or 0) for a `block`/`blocking` flag


def each(kind: str, names: str, fix: str | None = None, prefix: str = "",
         unless: tuple[str, int, tuple[object, ...]] | None = None, safe_when: tuple[str, ...] = (),
         only_if: tuple[str, int] | None = None) -> dict[str, Blocking]:
    """One entry for each of the space-separated ``names`` (with ``prefix`` before each)."""
    entry = Blocking(kind, fix, unless, safe_when, only_if)
    return {f"{prefix}{name}": entry for name in names.split()}


def methods(cls: str, kind: str, names: str, fix: str | None = None, **options: object) -> dict[str, Blocking]:
    """Entries for methods of one class: ``methods("httpx.Client", "http", "get post")``."""
    return each(kind, names, fix, prefix=f"{cls}.", **options)  # type: ignore[arg-type]


def class_wide(kind: str, fix: str | None, except_: str = "") -> ClassWide:
    return ClassWide(Blocking(kind, fix), frozenset(except_.split()))


def same(*names: str) -> dict[str, str]:
    """Classes whose constructor returns an instance of themselves (for ``returns``)."""
    return {name: name for name in names}


def returning(cls: str, result: str, names: str) -> dict[str, str]:
    """Methods of ``cls`` that return a ``result`` (for ``returns``)."""
    return {f"{cls}.{m}": result for m in names.split()}


NOT_BLOCKING = _NOT_BLOCKING
