"""One module per rule, named by code: ``aio101_blocking_sleep.py`` holds rule AIO101."""
