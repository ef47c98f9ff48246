from asyncio_lint.cli import main

main(prog_name="asyncio-lint")
