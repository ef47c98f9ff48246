"""Following calls into the project's installed packages: blocking chains and dropped coroutines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.helpers_env import install, make_venv

DEVICE = """\
import socket


class Transport:
    def send(self, data):
        return socket.create_connection(("example.com", 80))

    def close(self):
        try:
            pass
        except OSError:
            socket.create_connection(("example.com", 80))  # only in a handler: not the main path


class Device:
    def __init__(self):
        self.transport = Transport()

    def refresh(self):
        return self.transport.send(b"ping")

    def status(self, verbose=False):
        if verbose:
            self.transport.send(b"status")
        return "ok"

    def shutdown(self):
        self.transport.close()
"""
BOT = """\
class Messageable:
    async def send(self, text):
        return text


class Bot(Messageable):
    def name(self):
        return "bot"
"""
APP = """\
from vendorlib import Bot, Device


async def poll(dev: Device):
    dev.refresh()
    dev.status()
    dev.shutdown()


async def greet(bot: Bot):
    bot.send("hi")
    bot.name()
    await bot.send("hi")
"""


def _project(tmp_path: Path, version: str = "1.2.3", device: str = DEVICE) -> Path:
    root = tmp_path / "project"
    root.mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    (root / "app.py").write_text(APP)
    site = make_venv(root / ".venv") if not (root / ".venv").exists() else next((root / ".venv").glob("lib/python*/site-packages"))
    for old in site.glob("vendorlib-*.dist-info"):
        for item in old.iterdir():
            item.unlink()
        old.rmdir()
    install(site, "vendorlib", version, {"vendorlib/__init__.py": "from .device import Device\nfrom .bot import Bot\n",
                                         "vendorlib/device.py": device, "vendorlib/bot.py": BOT})
    return root


def _check(root: Path, cache_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASYNCIO_LINT_CACHE_HOME=str(cache_home))
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "-v", *args, "."],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def _found(proc: subprocess.CompletedProcess[str]) -> list[tuple[int, str, str]]:
    assert proc.returncode in (0, 1), proc.stderr
    return [(f["line"], f["code"], f["message"]) for f in json.loads(proc.stdout)["findings"]]


def test_chains_and_coroutines_of_installed_packages_are_followed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(5, "AIO120"), (11, "AIO505")]
    chain = found[0][2]
    assert "`Device.refresh -> Transport.send -> socket.create_connection()`" in chain
    assert "(vendorlib 1.2.3: vendorlib/device.py:6)" in chain
    assert "`async def Messageable.send` (vendorlib 1.2.3) never runs" in found[1][2]


def test_an_installed_coroutine_that_blocks_is_reported_where_it_is_awaited(tmp_path: Path) -> None:
    root = _project(tmp_path)
    site = next((root / ".venv").glob("lib/python*/site-packages"))
    install(site, "asyncvendor", "0.9", {"asyncvendor/__init__.py": textwrap.dedent("""\
        import asyncio


        def _read_certificates(path):
            with open(path) as handle:
                return handle.read()


        class Client:
            async def connect(self, path):
                self.certificates = _read_certificates(path)
                await asyncio.sleep(0)

            async def ping(self):
                await asyncio.sleep(0)
        """)})
    (root / "app.py").write_text("from asyncvendor import Client\n\n\nasync def main(c: Client):\n"
                                 "    await c.connect('ca.pem')\n    await c.ping()\n")
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(5, "AIO120")]
    assert "`c.connect()` blocks the event loop although it is awaited: " \
           "`Client.connect -> _read_certificates -> open()` (asyncvendor 0.9: asyncvendor/__init__.py:5)" in found[0][2]


def test_without_an_environment_nothing_installed_is_followed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = _check(root, tmp_path / "cache", "--no-cache", "--no-environment")
    assert _found(proc) == []
    moved = tmp_path / "elsewhere"
    (root / ".venv").rename(moved)
    proc = _check(root, tmp_path / "cache", "--no-cache")
    assert _found(proc) == [] and "environment: none" in proc.stderr
    assert [line for line, _, _ in _found(_check(root, tmp_path / "cache", "--no-cache", "--python", str(moved)))] == [5, 11]


def test_installed_summaries_are_cached_and_an_upgrade_is_read_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache_home = tmp_path / "cache"
    first = _found(_check(root, cache_home, "--no-cache"))
    stored = sorted((cache_home / "libraries").glob("vendorlib-1.2.3-*.pickle"))
    assert len(stored) == 1
    assert _found(_check(root, cache_home, "--no-cache")) == first
    # 1.2.4 no longer blocks in refresh()
    _project(tmp_path, "1.2.4", DEVICE.replace('return self.transport.send(b"ping")', 'return "fresh"'))
    upgraded = _found(_check(root, cache_home, "--no-cache"))
    assert [(line, code) for line, code, _ in upgraded] == [(11, "AIO505")]
    assert sorted((cache_home / "libraries").glob("vendorlib-1.2.4-*.pickle"))
    # and with the project cache on, the upgrade is seen too (the project phase's memo)
    _check(root, cache_home)
    _project(tmp_path, "1.2.5")
    assert [(line, code) for line, code, _ in _found(_check(root, cache_home))] == [(5, "AIO120"), (11, "AIO505")]


def test_an_edited_installed_file_is_read_again(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache_home = tmp_path / "cache"
    assert len(_found(_check(root, cache_home, "--no-cache"))) == 2
    device = next((root / ".venv").glob("lib/python*/site-packages")) / "vendorlib" / "device.py"
    device.write_text(DEVICE.replace('return self.transport.send(b"ping")', 'return "fresh"'))
    assert [code for _, code, _ in _found(_check(root, cache_home, "--no-cache"))] == ["AIO505"]


def test_a_broken_installed_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    root = _project(tmp_path, device=DEVICE + "\ndef broken(:\n")
    proc = _check(root, tmp_path / "cache", "--no-cache")
    assert proc.returncode == 1, proc.stderr  # the other finding; never an error exit
    assert [code for _, code, _ in _found(proc)] == ["AIO505"]
    assert "device.py: skipped (syntax error" in proc.stderr


def test_two_runs_at_once_share_the_library_cache(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache_home = tmp_path / "cache"
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASYNCIO_LINT_CACHE_HOME=str(cache_home))
    command = [sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "--no-cache", "."]
    runs = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 1 for run in runs), [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1
    import pickle

    for stored in (cache_home / "libraries").glob("*.pickle"):
        with open(stored, "rb") as handle:
            assert isinstance(pickle.load(handle)["entries"], dict)
    assert _found(_check(root, cache_home, "--no-cache")) == _found(subprocess.CompletedProcess([], 1, outputs[0][0], ""))


def test_the_project_s_own_installed_copy_is_not_followed(tmp_path: Path) -> None:
    """An application installed in its own virtualenv: its code is the project's, not a library's."""
    root = _project(tmp_path)
    site = next((root / ".venv").glob("lib/python*/site-packages"))
    install(site, "project-app", "0.1", {"app.py": APP.replace("dev.refresh()", "pass")})
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(5, "AIO120"), (11, "AIO505")]


@pytest.mark.parametrize("value, message", [("", "path of the project's interpreter"), (3, "path of")])
def test_the_python_key_is_validated(tmp_path: Path, value: object, message: str) -> None:
    from asyncio_lint.config import ConfigError, parse_table

    with pytest.raises(ConfigError, match=message):
        parse_table({"python": value}, "pyproject.toml", str(tmp_path))


def test_a_python_that_does_not_exist_is_an_error_naming_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = _check(root, tmp_path / "cache", "--no-cache", "--python", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "nope: no such interpreter" in proc.stderr


def _flake8(root: Path, cache_home: Path) -> list[tuple[int, str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), ASYNCIO_LINT_CACHE_HOME=str(cache_home))
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "app.py"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    return [(int(line.split(":")[1]), line.split()[1]) for line in proc.stdout.splitlines()]


def test_flake8_follows_installed_packages_through_the_summaries_the_cli_cached(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache_home = tmp_path / "cache"
    # Nothing cached: the plugin reads no installed package, so it reports no chain into one and
    # leaves the cache as it found it.
    assert _flake8(root, cache_home) == []
    assert not list(cache_home.glob("libraries/*.pickle"))
    cli = [(line, code) for line, code, _ in _found(_check(root, cache_home, "--no-cache"))]
    assert cli == [(5, "AIO120"), (11, "AIO505")]
    assert _flake8(root, cache_home) == cli
    # An upgrade the CLI has not read yet: its summaries are not in the cache, so nothing is
    # reported from it (the stale version's findings are not either).
    _project(tmp_path, "1.2.4", DEVICE.replace('return self.transport.send(b"ping")', 'return "fresh"'))
    assert _flake8(root, cache_home) == []
    _check(root, cache_home, "--no-cache")
    assert _flake8(root, cache_home) == [(11, "AIO505")]


def test_a_catalogued_callee_is_judged_by_the_catalogue_not_by_its_installed_code(tmp_path: Path) -> None:
    # Pillow's Image.open opens a file only for a path: the catalogue knows that an in-memory file
    # reads no disk, and the installed code (an `open()` behind `if filename:`) must not overrule it.
    root = _project(tmp_path)
    site = next((root / ".venv").glob("lib/python*/site-packages"))
    install(site, "Pillow", "10.0.1", {"PIL/__init__.py": "", "PIL/Image.py": textwrap.dedent("""\
        import builtins


        def open(fp, mode="r"):
            filename = fp if isinstance(fp, str) else ""
            if filename:
                fp = builtins.open(filename, "rb")
            return fp
        """)})
    (root / "app.py").write_text(textwrap.dedent("""\
        import io

        from PIL import Image


        def to_webp(data):
            with Image.open(io.BytesIO(data)) as image:
                return image


        async def thumbnail(data, path):
            to_webp(data)
            Image.open(io.BytesIO(data))
            Image.open(path)
        """))
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(14, "AIO104")]


def test_a_module_of_the_project_s_package_that_the_tree_lacks_is_found_installed(tmp_path: Path) -> None:
    # Only part of a package is linted (its `proxy` subpackage): the rest of it is installed, and a
    # chain into it is followed there; the modules the tree holds still never are.
    root = tmp_path / "project"
    (root / "big" / "proxy").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    (root / "big" / "__init__.py").write_text("")
    (root / "big" / "proxy" / "__init__.py").write_text("")
    (root / "big" / "proxy" / "server.py").write_text(textwrap.dedent("""\
        from big.utils import load_prices
        from big.proxy.local import quiet


        async def handler():
            load_prices()
            quiet()
        """))
    (root / "big" / "proxy" / "local.py").write_text("def quiet():\n    return 1\n")
    site = make_venv(root / ".venv")
    install(site, "big", "2.0", {
        "big/__init__.py": "",
        "big/utils.py": "def load_prices():\n    with open('prices.json') as f:\n        return f.read()\n",
        "big/proxy/__init__.py": "",
        "big/proxy/local.py": "import time\n\n\ndef quiet():\n    time.sleep(1)\n",
    })
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(6, "AIO120")]
    assert "(big 2.0: big/utils.py:2)" in found[0][2]


def test_a_library_call_behind_a_test_of_a_local_computed_from_a_parameter_is_off_its_main_path(
        tmp_path: Path) -> None:
    # litellm's extract_file_data opens a file only when the content taken out of its argument is a
    # path; the proxy passes uploaded bytes. A library is followed along its main path only.
    root = _project(tmp_path)
    site = next((root / ".venv").glob("lib/python*/site-packages"))
    install(site, "filelib", "1.0", {"filelib/__init__.py": textwrap.dedent("""\
        import os


        def extract(file_data):
            content = file_data[1] if isinstance(file_data, tuple) else file_data
            if isinstance(content, os.PathLike):
                with open(content, "rb") as handle:
                    content = handle.read()
            return content


        def always(path):
            name = str(path)
            with open(name, "rb") as handle:
                return handle.read()


        def configured(**options):
            settings = dict(options)
            if "cache_file" in settings:
                with open(settings["cache_file"], "rb") as handle:
                    return handle.read()
            return settings
        """)})
    (root / "app.py").write_text("from filelib import always, configured, extract\n\n\nasync def upload(request):\n"
                                 "    extract(request.body)\n    always(request.path)\n    configured(mode=1)\n")
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(6, "AIO120")]


def test_a_library_call_after_a_check_that_raises_is_on_its_main_path(tmp_path: Path) -> None:
    # litellm's validate_url: `if not hostname: raise ...`, then the DNS lookup every call makes.
    root = _project(tmp_path)
    site = next((root / ".venv").glob("lib/python*/site-packages"))
    install(site, "netlib", "1.0", {"netlib/__init__.py": textwrap.dedent("""\
        import socket


        def validate(url):
            host = url.partition("://")[2]
            if not host:
                raise ValueError("no host")
            return socket.getaddrinfo(host, 443)


        def cached(url, cache):
            host = url.partition("://")[2]
            if host in cache:
                return cache[host]
            return socket.getaddrinfo(host, 443)
        """)})
    (root / "app.py").write_text("from netlib import cached, validate\n\n\nasync def check(url):\n"
                                 "    validate(url)\n    cached(url, {})\n")
    found = _found(_check(root, tmp_path / "cache", "--no-cache"))
    assert [(line, code) for line, code, _ in found] == [(5, "AIO120")]


def test_installed_summaries_are_cached_per_setting_they_depend_on() -> None:
    # (the library cache's digest is Config.summary_key's: these three were once left out of it)
    from dataclasses import replace

    from asyncio_lint.config import Config
    from asyncio_lint.run import _summary_digest

    base = Config()
    for change in ({"non_blocking_functions": ("vendorlib.nap",)}, {"extend_offload_functions": (("vendorlib.run", 0),)},
                   {"transitive_depth": 2}):
        assert _summary_digest(replace(base, **change)) != _summary_digest(base), change
    assert _summary_digest(replace(base, root="/elsewhere", min_confidence="certain")) == _summary_digest(base)
