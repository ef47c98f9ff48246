from asyncio_lint.runmemo import main

main()
