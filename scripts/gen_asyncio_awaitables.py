#!/usr/bin/env python3
"""Generate ``asyncio_lint/analysis/data/awaitables.py`` from typeshed's asyncio stubs.

    python scripts/gen_asyncio_awaitables.py [TYPESHED_STDLIB_DIR] > asyncio_lint/analysis/data/awaitables.py

Default stubs: the ``typeshed/stdlib`` bundled with mypy (``pip install mypy``). Collects, for the
public asyncio API (``asyncio.X`` names and their module paths), every function and method that is
an ``async def`` or is declared to return a ``Coroutine``, ``Awaitable`` or ``Future``: a call of
one creates an awaitable that does nothing (a coroutine) or whose outcome is lost (a future) unless
it is awaited. Methods are inherited from base classes within the stubs. ``Task``-returning calls
are left out: a task runs without being awaited (dropping it is AIO402's).
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

AWAITABLE_RETURNS = {"Coroutine", "Awaitable"}
# Future-returning calls whose future is pointless unless awaited (the others start work that runs
# anyway: run_in_executor, run_coroutine_threadsafe from another thread, create_future).
FUTURES = {"asyncio.tasks.gather", "asyncio.tasks.shield", "asyncio.futures.wrap_future"}
SKIP_NAMES = {"__aenter__", "__aexit__", "__anext__", "__await__", "__iter__", "__call__"}


def _returns_awaitable(node: ast.FunctionDef) -> bool:
    ret = node.returns
    if ret is None:
        return False
    head = ret.value if isinstance(ret, ast.Subscript) else ret
    name = head.attr if isinstance(head, ast.Attribute) else head.id if isinstance(head, ast.Name) else None
    return name in AWAITABLE_RETURNS


def _functions(body: list[ast.stmt]) -> dict[str, bool]:
    """name -> awaitable, for the defs of a body (also inside ``if sys.version_info`` blocks)."""
    out: dict[str, bool] = {}
    for stmt in body:
        if isinstance(stmt, ast.If):
            for name, awaitable in {**_functions(stmt.body), **_functions(stmt.orelse)}.items():
                out[name] = out.get(name, False) or awaitable
        elif isinstance(stmt, ast.AsyncFunctionDef):
            out[stmt.name] = True
        elif isinstance(stmt, ast.FunctionDef):
            out[stmt.name] = out.get(stmt.name, False) or _returns_awaitable(stmt)
    return out


def _classes(body: list[ast.stmt]) -> dict[str, ast.ClassDef]:
    out: dict[str, ast.ClassDef] = {}
    for stmt in body:
        if isinstance(stmt, ast.If):
            out.update(_classes(stmt.body))
            out.update(_classes(stmt.orelse))
        elif isinstance(stmt, ast.ClassDef):
            out[stmt.name] = stmt
    return out


def main(argv: list[str]) -> int:
    if argv:
        stdlib = Path(argv[0])
    else:
        import mypy

        stdlib = Path(os.path.dirname(mypy.__file__)) / "typeshed" / "stdlib"
    package = stdlib / "asyncio"
    modules = {p.stem: ast.parse(p.read_text()) for p in sorted(package.glob("*.pyi")) if p.stem != "__init__"}
    # class name (module-qualified) -> (bases as written, own methods)
    classes: dict[str, tuple[list[str], dict[str, bool]]] = {}
    functions: dict[str, bool] = {}
    local_names: dict[str, dict[str, str]] = {}  # module -> name -> qualified (its own classes)
    for module, tree in modules.items():
        names = local_names.setdefault(module, {})
        for name, cls in _classes(tree.body).items():
            names[name] = f"asyncio.{module}.{name}"
        for name, awaitable in _functions(tree.body).items():
            if awaitable or f"asyncio.{module}.{name}" in FUTURES:
                functions[f"asyncio.{module}.{name}"] = True
    for module, tree in modules.items():
        imports: dict[str, str] = {}
        for stmt in tree.body:
            if isinstance(stmt, ast.ImportFrom) and stmt.level == 1 and stmt.module:
                for alias in stmt.names:
                    imports[alias.asname or alias.name] = f"asyncio.{stmt.module}.{alias.name}"
        for name, cls in _classes(tree.body).items():
            bases = []
            for base in cls.bases:
                head = base.value if isinstance(base, ast.Subscript) else base
                if isinstance(head, ast.Name):
                    bases.append(local_names[module].get(head.id) or imports.get(head.id, ""))
                elif isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name):
                    bases.append(f"asyncio.{head.value.id}.{head.attr}" if head.value.id in modules else "")
            classes[f"asyncio.{module}.{name}"] = ([b for b in bases if b], _functions(cls.body))

    def methods(qual: str, seen: frozenset[str] = frozenset()) -> dict[str, bool]:
        if qual in seen or qual not in classes:
            return {}
        bases, own = classes[qual]
        found: dict[str, bool] = {}
        for base in reversed(bases):
            found.update(methods(base, seen | {qual}))
        found.update(own)
        return found

    # Public names: asyncio/__init__.pyi re-exports these modules' public names (``from .locks import *``).
    public: dict[str, str] = {}
    for module in ("base_events", "events", "futures", "locks", "queues", "streams", "subprocess", "tasks",
                   "threads", "taskgroups", "timeouts", "runners", "staggered"):
        for name in [*local_names.get(module, {}), *(q.rsplit(".", 1)[1] for q in functions if q.startswith(f"asyncio.{module}."))]:
            if not name.startswith("_"):
                public[f"asyncio.{module}.{name}"] = f"asyncio.{name}"
    out: set[str] = set()
    for qual in functions:
        out.add(qual)
        if qual in public:
            out.add(public[qual])
    for qual in classes:
        if any(part.startswith("_") for part in qual.split(".")):
            continue  # private and platform classes (_UnixSelectorEventLoop, ...)
        for name, awaitable in methods(qual).items():
            if not awaitable or name in SKIP_NAMES:
                continue
            out.add(f"{qual}.{name}")
            if qual in public:
                out.add(f"{public[qual]}.{name}")
    skipped = ("create_task", "ensure_future", "create_future", "run_in_executor", "run_coroutine_threadsafe")
    out = {n for n in out if n.rsplit(".", 1)[1] not in skipped and not n.startswith("asyncio.windows")}
    lines = ['"""The asyncio API calls that create an awaitable: a coroutine, or a future whose outcome is lost',
             "unless it is awaited (AIO505). Generated by scripts/gen_asyncio_awaitables.py from typeshed's",
             "asyncio stubs (mypy's bundled typeshed); do not edit by hand.\"\"\"", "",
             "ASYNCIO_AWAITABLES: frozenset[str] = frozenset({"]
    lines += [f'    "{name}",' for name in sorted(out)]
    lines.append("})")
    futures = sorted({*FUTURES, *(public[q] for q in FUTURES if q in public)})
    lines += ["", "# Of those, the calls that return a future (the work they wrap runs, but its outcome is lost).",
              "ASYNCIO_FUTURES: frozenset[str] = frozenset({"]
    lines += [f'    "{name}",' for name in futures]
    lines.append("})")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
