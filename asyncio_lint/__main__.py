"""The console entry point (``asyncio-lint``, ``python -m asyncio_lint``): replay a still-valid run
memo when there is one, before click or anything heavy is imported, else run the click CLI."""

import os
import sys
from typing import Any


def main() -> Any:
    from asyncio_lint.runmemo import replay

    status = replay(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    from asyncio_lint.cli import main as cli_main

    return cli_main(prog_name="asyncio-lint")


if __name__ == "__main__":  # (not when a worker process imports the main module as __mp_main__)
    # `python -m` puts the working folder first on sys.path (as `-P` would not): a project whose
    # packages shadow the standard library (Home Assistant's components/: http, select...) would
    # be imported in their place. Kept when asyncio-lint itself is found there (its workers too).
    here = os.getcwd()
    if sys.path and sys.path[0] in ("", here) and os.path.dirname(os.path.dirname(os.path.abspath(__file__))) != here:
        del sys.path[0]
    main()
