"""positions() gives exactly libcst's PositionProvider ranges, for any subset of nodes."""

from __future__ import annotations

import random

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from asyncio_lint.positions import positions
from tests.helpers import fixture_files

SOURCES = [p for p in fixture_files()] + [None]
EXTRA = (
    "@decorator\nasync def f(a, /, b=1, *c, d, **e) -> int:\n    x = [i async for i in g() if i]\r\n"
    "    return (yield)\n\nclass C(B, metaclass=M):\n\tdef m(self): return lambda: 1 if a else 2\n"
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name if p else "extra")
def test_matches_position_provider(path) -> None:
    source = path.read_text(encoding="utf-8") if path else EXTRA
    module = cst.parse_module(source)
    reference = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = [n for n in reference if n is not module]
    rng = random.Random(len(source))
    for size in (1, 5, 50, len(nodes)):
        sample = rng.sample(nodes, min(size, len(nodes)))
        got = positions(module, sample)
        assert {n: got.get(n) for n in sample} == {n: reference[n] for n in sample}
