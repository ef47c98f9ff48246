"""The console entry point (``asyncio-lint``, ``python -m asyncio_lint``): replay a still-valid run
memo when there is one, before click or anything heavy is imported, else run the click CLI."""

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
    main()
