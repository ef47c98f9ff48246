from asyncio_lint.runmemo import main

if __name__ == "__main__":  # (not when a worker process imports the main module as __mp_main__)
    main()
