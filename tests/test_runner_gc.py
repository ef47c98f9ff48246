"""A linted file's tree is freed by reference counting, and full collections wait for the file."""

import gc

import libcst as cst

from asyncio_lint import runner
from asyncio_lint.config import Config

SOURCE = b'''
import asyncio, time

class Client:
    def __init__(self):
        self.items = {}
        self.lock = asyncio.Lock()

    def helper(self):
        return self.items.get("a")

    async def fetch(self, key):
        if key not in self.items:
            return None
        await asyncio.sleep(0)
        del self.items[key]
        time.sleep(1)
        return self.helper()

async def main():
    asyncio.create_task(Client().fetch("a"))
'''


def test_a_linted_files_tree_is_not_left_in_cycles():
    runner.lint_data(SOURCE, "warmup.py", Config())  # (imports and caches made once per process)
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = runner.lint_data(SOURCE, "client.py", Config())
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, cst.CSTNode) or type(o).__module__.startswith("asyncio_lint")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    assert {f.code for f in result.findings} >= {"AIO101", "AIO301", "AIO402"}  # (the rules did run)
    assert left == []


def test_no_full_collection_while_a_file_is_linted():
    threshold = gc.get_threshold()
    with runner.full_collections_between_files():
        assert gc.get_threshold()[:2] == threshold[:2]
        assert gc.get_threshold()[2] > 10**6
    assert gc.get_threshold() == threshold


def test_the_full_collection_that_came_due_runs_after_the_file():
    collections: list[int] = []

    def note(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with runner.full_collections_between_files():
            for _ in range(runner.FULL_COLLECTION_EVERY + 5):
                gc.collect(1)  # (each counts towards the old generation's turn)
            during = list(collections)
        after = collections[len(during):]
    finally:
        gc.callbacks.remove(note)
    assert 2 not in during
    assert after == [2]
