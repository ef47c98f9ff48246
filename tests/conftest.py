# pytester must be enabled at the top-level conftest (pytest forbids pytest_plugins elsewhere);
# the runtime sampler's tests use it to run pytest on generated test files.
pytest_plugins = ["pytester"]


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _own_working_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an empty working folder: a file outside any project keeps its cache
    in the working folder, which must never be the repository's."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
