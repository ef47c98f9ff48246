# pytester must be enabled at the top-level conftest (pytest forbids pytest_plugins elsewhere);
# the runtime sampler's tests use it to run pytest on generated test files.
pytest_plugins = ["pytester"]
