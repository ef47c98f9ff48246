"""The project's environment: finding the interpreter, its imports, and the distributions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from asyncio_lint import environment
from tests.helpers_env import install, make_venv, python_of


@pytest.fixture
def venv(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "venv"
    site = make_venv(root)
    install(site, "vendorlib", "1.2.3", {
        "vendorlib/__init__.py": "from .client import Client\n",
        "vendorlib/client.py": "class Client:\n    pass\n",
        "vendorlib/py.typed": "",
    })
    install(site, "single-module", "0.1", {"single_module.py": "X = 1\n"})
    install(site, "nsa", "2.0", {"nspkg/alpha/__init__.py": ""})
    install(site, "nsb", "3.0", {"nspkg/beta/__init__.py": ""})
    install(site, "typed-stubs", "1.0", {"typedlib-stubs/__init__.pyi": "def f() -> int: ...\n",
                                         "typedlib/__init__.py": "def f():\n    return 1\n"})
    return root, site


def test_modules_are_found_as_the_interpreter_imports_them(venv: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = venv
    env = environment.load(str(python_of(root)), str(tmp_path / "cache"))
    assert env.site == (os.path.realpath(site),)
    found = env.find("vendorlib.client")
    assert found is not None and found.path == os.path.realpath(site / "vendorlib" / "client.py")
    assert env.find("vendorlib").path.endswith("vendorlib/__init__.py")  # type: ignore[union-attr]
    assert env.find("single_module").path.endswith("single_module.py")  # type: ignore[union-attr]
    assert env.find("nspkg.beta").path.endswith("nspkg/beta/__init__.py")  # type: ignore[union-attr]
    assert env.find("nspkg") is None  # a namespace package has no file
    assert env.find("vendorlib.missing") is None and env.find("not_installed") is None
    assert env.find("single_module.sub") is None
    typed = env.find("typedlib")
    assert typed is not None and typed.stub is not None and typed.stub.endswith("typedlib-stubs/__init__.pyi")
    # the stdlib is not an installed library
    assert env.find("json") is None


def test_the_distribution_of_a_file_is_named_with_its_version(venv: tuple[Path, Path], tmp_path: Path) -> None:
    root, site = venv
    env = environment.load(str(python_of(root)), str(tmp_path / "cache"))
    assert env.distribution(str(site / "vendorlib" / "client.py")) == ("vendorlib", "1.2.3")
    assert env.distribution(str(site / "single_module.py")) == ("single-module", "0.1")
    assert env.distribution(str(site / "nspkg" / "alpha" / "__init__.py")) == ("nsa", "2.0")
    assert env.distribution(str(site / "nspkg" / "beta" / "__init__.py")) == ("nsb", "3.0")
    assert env.relative(str(site / "vendorlib" / "client.py")) == "vendorlib/client.py"


def test_the_interpreter_is_asked_once_then_again_when_its_site_changes(
        venv: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, site = venv
    cache = str(tmp_path / "cache")
    probes: list[str] = []
    real = environment._probe
    monkeypatch.setattr(environment, "_probe", lambda python: probes.append(python) or real(python))
    python = str(python_of(root))
    environment._load.cache_clear()
    environment.load(python, cache)
    environment._load.cache_clear()
    environment.load(python, cache)
    assert len(probes) == 1  # the second answer came from the user cache
    extra = tmp_path / "extra"
    extra.mkdir()
    (site / "extra.pth").write_text(str(extra) + "\n")  # a .pth file changes sys.path
    (extra / "fromdotpth.py").write_text("")
    os.utime(site, (1, 1))  # (the folder's mtime changes anyway; make sure it differs from before)
    environment._load.cache_clear()
    env = environment.load(python, cache)
    assert len(probes) == 2
    assert env.find("fromdotpth") is not None


def test_locate_follows_the_documented_order(venv: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = venv
    project = tmp_path / "project"
    (project / ".venv").mkdir(parents=True)
    explicit, why = environment.locate(str(root), str(project), environ={})
    assert explicit == str(python_of(root)) and "--python" in why
    assert environment.locate(None, str(project), environ={"VIRTUAL_ENV": str(root)})[0] == str(python_of(root))
    make_venv(project / ".venv")
    assert environment.locate(None, str(project), environ={})[0] == str(python_of(project / ".venv"))
    assert environment.locate(None, str(tmp_path / "elsewhere"), environ={})[0] is None
    # Under pre-commit, $VIRTUAL_ENV is the hook's own environment (the one running asyncio-lint):
    # the project's .venv is followed instead; any other $VIRTUAL_ENV still counts.
    hook = {"VIRTUAL_ENV": sys.prefix, "PRE_COMMIT": "1"}
    assert environment.locate(None, str(project), environ=hook)[0] == str(python_of(project / ".venv"))
    assert environment.locate(None, str(project), environ={"VIRTUAL_ENV": str(root), "PRE_COMMIT": "1"}
                              )[0] == str(python_of(root))
    with pytest.raises(environment.EnvironmentProblem, match="no such interpreter"):
        environment.locate(str(tmp_path / "nope" / "python"), str(project), environ={})
    with pytest.raises(environment.EnvironmentProblem, match="not a virtualenv"):
        environment.locate(str(tmp_path), str(project), environ={})


def test_a_broken_interpreter_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    environment._load.cache_clear()
    with pytest.raises(environment.EnvironmentProblem, match="exited with status 3: broken"):
        environment.load(str(fake), str(tmp_path / "cache"))
