#!/usr/bin/env python3
"""Run flake8 with only some of the installed extension plugins.

flake8 runs every installed plugin on every file and applies ``--select``
only when reporting, so in an environment holding both flake8-async and
asyncio-lint, ``flake8 --select AIO`` would also pay for flake8-async (and
vice versa).  speed.py therefore runs flake8 through this wrapper:

    python benchmarks/flake8_only.py --keep flake8-async -- --select ASYNC -j2 DIR
    python benchmarks/flake8_only.py --keep asyncio-lint -- --select AIO -j2 DIR
    python benchmarks/flake8_only.py -- --select E999 -j2 DIR   # flake8's own baseline

flake8's built-in checkers (pyflakes, pycodestyle) always run, as they do for
any user; every other distribution's ``flake8.extension`` plugins are dropped
unless named with ``--keep``.  Everything after ``--`` is passed to flake8
unchanged (``-j N`` uses flake8's own fork-based pool, which inherits the
filtered plugin list).
"""

from __future__ import annotations

import sys


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def main() -> int:
    argv = sys.argv[1:]
    keep: set[str] = set()
    while argv and argv[0] != "--":
        opt = argv.pop(0)
        if opt == "--keep" and argv:
            keep.add(_norm(argv.pop(0)))
        elif opt in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            print(f"flake8_only: unknown option {opt!r}", file=sys.stderr)
            return 2
    if argv and argv[0] == "--":
        argv.pop(0)

    from flake8.main import cli
    from flake8.plugins import finder

    original = finder._find_importlib_plugins

    def filtered():
        for plugin in original():
            # Plugins of the "flake8" distribution are pyflakes/pycodestyle.
            if plugin.package in ("flake8", "pyflakes", "pycodestyle") or _norm(plugin.package) in keep:
                yield plugin

    finder._find_importlib_plugins = filtered
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
