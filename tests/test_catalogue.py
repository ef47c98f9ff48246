"""The catalogue of the ecosystem (analysis/data/libraries/): generated docs and fixtures are
current, the tables agree with each other, peers' ``# noqa`` codes silence the AIO rule."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from asyncio_lint.analysis.catalogue import catalogue_for
from asyncio_lint.analysis.data.libraries import LIBRARIES
from asyncio_lint.api import lint_file, lint_source
from asyncio_lint.codes import CODES, KINDS, PEER_CODES, peer_equivalents
from asyncio_lint.config import Config, discover
from asyncio_lint.docs import catalogue_markdown
from tests import catalogue_fixtures
from tests.helpers import ROOT

CATALOGUE = catalogue_for(Config())


def test_generated_catalogue_docs_are_current() -> None:
    committed = (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8")
    assert committed == catalogue_markdown(), \
        "docs/catalogue.md is stale: run `python -m asyncio_lint.docs catalogue > docs/catalogue.md`"


def test_generated_entry_fixtures_are_current() -> None:
    expected = catalogue_fixtures.expected_files()
    committed = {p: p.read_text(encoding="utf-8") for p in catalogue_fixtures.OUT.glob("*.py")}
    stale = sorted(str(p.relative_to(ROOT)) for p in set(expected) | set(committed)
                   if expected.get(p) != committed.get(p))
    assert not stale, f"stale catalogue fixtures {stale}: run `python -m tests.catalogue_fixtures`"


def _reported(path) -> set[str]:
    """The names the findings of a fixture report (the first `...` of each message)."""
    result = lint_file(str(path), discover(path.parent))
    assert result.error is None, result.error
    names = set()
    for finding in result.findings:
        match = re.match(r"`([^`]+)`", finding.message)
        if match:
            names.add(match.group(1).removesuffix("()"))
    return names


@pytest.mark.parametrize("library", LIBRARIES, ids=lambda library: catalogue_fixtures.slug(library))
def test_every_entry_is_reported_by_its_fixture_line(library) -> None:
    """Each section's generated fixture makes every entry fire under its own name (test_fixtures
    checks the line and code of each, and that the offloaded near misses stay silent)."""
    reported = _reported(catalogue_fixtures.OUT / f"{catalogue_fixtures.slug(library)}.py")
    missing = [name for name in [*library.calls, *library.cpu] if name not in reported]
    missing += [cls for cls in library.classes if f"{cls}.some_operation" not in reported]
    missing += [name for name in library.iteration
                if not any(r.startswith("for ... in ") and name in r for r in reported)]
    missing += [cls for cls in library.enter if f"with {cls}" not in reported]
    assert not missing, f"{library.name}: entries not reported by their fixture line: {missing[:20]}"


def test_kinds_are_known_and_each_has_a_rule() -> None:
    for library in LIBRARIES:
        entries = [*library.calls.values(), *(w.entry for w in library.classes.values()),
                   *library.iteration.values(), *library.enter.values()]
        for entry in entries:
            assert entry.kind in KINDS, (library.name, entry)


def test_documented_near_misses_are_not_reported() -> None:
    """`not_blocking` lists methods that look like I/O and are not: no table may say otherwise."""
    for library in LIBRARIES:
        for name in library.not_blocking:
            assert CATALOGUE.blocking_for(name) is None, f"{library.name}: {name} is listed as not blocking"


def test_aliases_lead_to_canonical_names_in_one_step() -> None:
    for alias, target in CATALOGUE.aliases.items():
        assert CATALOGUE.canonical(target) == target, f"{alias} -> {target}, which is itself an alias"


def test_class_wide_exceptions_are_not_listed_as_blocking() -> None:
    for cls, wide in CATALOGUE.classes.items():
        for method in wide.except_:
            if "*" not in method:
                assert f"{cls}.{method}" not in CATALOGUE.blocking, f"{cls}.{method} is both local and blocking"


def test_canonical_names_and_lookups() -> None:
    assert CATALOGUE.canonical("sqlalchemy.orm.session.Session.execute") == "sqlalchemy.orm.Session.execute"
    assert CATALOGUE.canonical("requests.api.get") == "requests.get"
    assert CATALOGUE.canonical("mylib.thing") == "mylib.thing"
    assert CATALOGUE.blocking_for("pymongo.synchronous.collection.Collection.find_one") is not None
    assert CATALOGUE.blocking_for("redis.Redis.hgetall") is not None  # class-wide
    assert CATALOGUE.blocking_for("redis.Redis.pipeline") is None      # its local exception
    assert CATALOGUE.blocking_for("redis.Redis._private") is None
    # memoised answers equal fresh ones
    fresh = catalogue_for.__wrapped__(Config())  # type: ignore[attr-defined]
    for name in ("redis.Redis.get", "httpx.Client.get", "httpx.Client.build_request", "os.path.join"):
        assert CATALOGUE.blocking_for(name) == fresh.blocking_for(name)


def test_a_stripe_resource_method_names_its_own_async_twin() -> None:
    source = ("import stripe\nasync def f(c):\n    stripe.Subscription.modify(c)\n"
              "    for s in stripe.Customer.list().auto_paging_iter():\n        pass\n")
    messages = [f.message for f in lint_source(source, "x.py", Config(select=("AIO",))).findings]
    assert "`await stripe.Subscription.modify_async(...)`" in messages[0]
    assert "`await stripe.Customer.list_async(...)`" in messages[1]
    assert "`async for`" in messages[2] and "Customer.retrieve_async" not in " ".join(messages)


def test_sdk_resource_trees_keep_their_own_advice() -> None:
    source = ("import openai, stripe\nasync def f():\n    openai.OpenAI().chat.completions.create()\n"
              "    stripe.StripeClient('k').v1.customers.create()\n")
    messages = [f.message for f in lint_source(source, "x.py", Config(select=("AIO",))).findings]
    assert "use `openai.AsyncOpenAI` (the same call, awaited) instead" in messages[0]
    assert "the same call with `_async` appended to its name, awaited" in messages[1]


@pytest.mark.parametrize("code, source", [
    ("AIO104", "async def f(p):\n    return open(p)  # noqa: ASYNC230\n"),
    ("AIO101", "import time\nasync def f():\n    time.sleep(1)  # noqa: ASYNC251\n"),
    ("AIO102", "import requests\nasync def f(u):\n    requests.get(u)  # noqa: ASYNC210\n"),
    ("AIO402", "import asyncio\nasync def f(c):\n    asyncio.create_task(c())  # noqa: RUF006\n"),
    ("AIO402", "import asyncio\nasync def f(c):\n    asyncio.create_task(c())  # noqa: ASYNC300\n"),
    ("AIO104", "async def f(p):\n    return open(p)  # noqa: ASYNC23\n"),  # a prefix, as flake8 reads it
])
def test_a_peers_noqa_code_silences_the_equivalent_rule(code: str, source: str) -> None:
    assert [f.code for f in lint_source(source, "x.py", Config(select=("AIO",))).findings] == []
    unsilenced = source.replace("# noqa:", "# see:")
    assert [f.code for f in lint_source(unsilenced, "x.py", Config(select=("AIO",))).findings] == [code]


def test_a_peers_noqa_code_leaves_other_rules_alone() -> None:
    source = "import time\nasync def f(p):\n    time.sleep(1); open(p)  # noqa: ASYNC230\n"
    assert [f.code for f in lint_source(source, "x.py", Config(select=("AIO",))).findings] == ["AIO101"]


def test_peer_code_table() -> None:
    assert set(PEER_CODES.values()) <= set(CODES)
    assert peer_equivalents(["ASYNC230"]) == {"AIO104"}
    assert peer_equivalents(["ASYNC2"]) == {"AIO102", "AIO103", "AIO104", "AIO110", "AIO107", "AIO101"}
    assert peer_equivalents(["AIO104", "E501"]) == frozenset()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for peer, aio in PEER_CODES.items():
        assert f"| `{peer}` | {aio} " in readme or f"| `{peer}` | `{aio}`" in readme, f"README lacks {peer} -> {aio}"


def test_flake8_applies_a_peers_noqa_code_unless_noqa_is_disabled(tmp_path) -> None:
    path = tmp_path / "peer.py"
    path.write_text("import time\nasync def f():\n    time.sleep(1)  # noqa: ASYNC251\n    time.sleep(2)\n")
    run = [sys.executable, "-m", "flake8", "--select", "AIO", str(path)]
    out = subprocess.run(run, capture_output=True, text=True).stdout
    assert [line.split(":")[1] for line in out.splitlines()] == ["4"]
    out = subprocess.run([*run, "--disable-noqa"], capture_output=True, text=True).stdout
    assert [line.split(":")[1] for line in out.splitlines()] == ["3", "4"]
