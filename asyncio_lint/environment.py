"""The project's Python environment: which interpreter runs it, and where its imports come from.

Found, in this order: ``--python PATH`` or ``python = "..."`` in ``[tool.asyncio-lint]`` (an
interpreter, or a virtualenv folder), ``$VIRTUAL_ENV``, a ``.venv`` or ``venv`` folder beside the
configuration; else there is none, and the linter follows no call into installed packages.

The interpreter is asked once for its ``sys.path`` (isolated: ``-I``, so neither ``PYTHONPATH`` nor
the working folder leaks in); the answer is kept in the user cache folder and asked again when the
interpreter or one of its site folders changes (a package installed, a ``.pth`` file added). A module
is then found as that interpreter would import it: the first ``sys.path`` entry holding it as a
package, a module or a stub (``.pyi``, a ``-stubs`` package), a namespace package last. The
distribution that installed a file (name and version) comes from the ``*.dist-info/RECORD`` files.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from typing import NamedTuple

from asyncio_lint.filestat import signature

_PROBE = (
    "import json, sys, sysconfig\n"
    "paths = sysconfig.get_paths()\n"
    "print(json.dumps({'version': list(sys.version_info[:2]), 'path': sys.path, 'prefix': sys.prefix,"
    " 'stdlib': [paths.get('stdlib'), paths.get('platstdlib')],"
    " 'site': [paths.get('purelib'), paths.get('platlib')]}))\n"
)
_FORMAT = 1


class EnvironmentProblem(Exception):
    """The interpreter named for the project cannot be used (the message says why)."""


class ModuleFile(NamedTuple):
    module: str          # its dotted name
    path: str            # the source file (``__init__.py`` of a package), or a stub when only that exists
    stub: str | None     # a ``.pyi`` beside it or in a ``-stubs`` package, if any


class Environment:
    def __init__(self, python: str, version: tuple[int, int], paths: list[str], stdlib: list[str],
                 site: list[str], prefix: str) -> None:
        self.python = python
        self.version = version
        self.prefix = prefix
        stdlib_dirs = tuple(os.path.realpath(p) for p in stdlib if p)
        self.site = tuple(dict.fromkeys(os.path.realpath(p) for p in site if p and os.path.isdir(p)))

        def third_party(folder: str) -> bool:
            """Not the stdlib (site-packages lies inside it, lib-dynload too), not a zip file."""
            if folder in self.site:
                return True
            inside = folder in stdlib_dirs or folder.startswith(tuple(d + os.sep for d in stdlib_dirs))
            return os.path.isdir(folder) and not inside

        # sys.path entries a third-party module can come from, in import order.
        self.paths = tuple(dict.fromkeys(p for p in (os.path.realpath(p) for p in paths if p) if third_party(p)))
        self._found: dict[str, ModuleFile | None] = {}
        self._distributions: dict[str, tuple[str, str]] | None = None

    # -- modules ----------------------------------------------------------------------------------
    def find(self, module: str) -> ModuleFile | None:
        """The file ``import module`` would load in this environment (None: not installed)."""
        try:
            return self._found[module]
        except KeyError:
            pass
        found = self._find(module)
        self._found[module] = found
        return found

    def _find(self, module: str) -> ModuleFile | None:
        parts = module.split(".")
        if not all(part.isidentifier() for part in parts):
            return None
        folders: list[str] = list(self.paths)
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            namespace: list[str] = []
            hit: ModuleFile | None = None
            package_dirs: list[str] = []
            for folder in folders:
                package = os.path.join(folder, part)
                init = os.path.join(package, "__init__.py")
                stub_init = os.path.join(package, "__init__.pyi")
                stubs = os.path.join(folder, f"{part}-stubs", "__init__.pyi") if index == 0 else ""
                if os.path.isfile(init) or os.path.isfile(stub_init):
                    source = init if os.path.isfile(init) else stub_init
                    stub = stub_init if os.path.isfile(stub_init) else (stubs if stubs and os.path.isfile(stubs) else None)
                    hit = ModuleFile(".".join(parts[: index + 1]), source, stub)
                    package_dirs = [package]
                    break
                for suffix in (".py", ".pyi"):
                    candidate = os.path.join(folder, part + suffix)
                    if os.path.isfile(candidate):
                        stub = os.path.join(folder, part + ".pyi")
                        hit = ModuleFile(".".join(parts[: index + 1]), candidate,
                                         stub if suffix == ".py" and os.path.isfile(stub) else None)
                        break
                if hit is not None:
                    break
                if os.path.isdir(package):
                    namespace.append(package)
            if hit is None and namespace:
                if last:
                    return None  # a namespace package has no file of its own
                folders = namespace
                continue
            if hit is None:
                return None
            if last:
                return hit
            if not package_dirs:
                return None  # a plain module has no submodules
            folders = package_dirs
        return None

    def owns(self, path: str) -> bool:
        """The file is installed in this environment (below one of its import folders)."""
        real = os.path.realpath(path)
        return any(real.startswith(folder + os.sep) for folder in self.paths)

    def relative(self, path: str) -> str:
        """A library file's path inside the import folder it was found in."""
        real = os.path.realpath(path)
        for folder in self.paths:
            if real.startswith(folder + os.sep):
                return os.path.relpath(real, folder).replace(os.sep, "/")
        return path

    # -- distributions ----------------------------------------------------------------------------
    def distribution(self, path: str) -> tuple[str, str] | None:
        """(name, version) of the distribution that installed ``path``."""
        if self._distributions is None:
            self._distributions = _distributions(self.site)
        parts = self.relative(path).removesuffix(".py").split("/")
        for depth in (2, 1):  # (namespace packages: google/protobuf and google/api are two distributions)
            found = self._distributions.get("/".join(parts[:depth]))
            if found is not None:
                return found
        return None


def _distributions(site: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Top-level package or module (and its subpackages: namespace packages) -> (distribution name,
    version), from the dist-info RECORD files."""
    out: dict[str, tuple[str, str]] = {}
    for folder in site:
        try:
            entries = sorted(os.listdir(folder))
        except OSError:
            continue
        for entry in entries:
            if not entry.endswith(".dist-info"):
                continue
            base = os.path.join(folder, entry)
            name, version = _metadata(base, entry)
            try:
                with open(os.path.join(base, "RECORD"), encoding="utf-8", errors="replace") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                continue
            for line in lines:
                parts = line.split(",", 1)[0].removesuffix(".py").split("/")
                top = parts[0]
                if not top or top.endswith((".dist-info", ".data")) or top.startswith(("..", "__pycache__")):
                    continue
                out.setdefault(top, (name, version))
                if len(parts) > 2:
                    out.setdefault("/".join(parts[:2]), (name, version))
    return out


def _metadata(base: str, entry: str) -> tuple[str, str]:
    name, _, version = entry[: -len(".dist-info")].partition("-")
    try:
        with open(os.path.join(base, "METADATA"), encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("Name:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("Version:"):
                    version = line.split(":", 1)[1].strip()
                elif not line.strip():
                    break
    except OSError:
        pass
    return name, version


# ---- finding and probing the interpreter --------------------------------------------------------------
def _interpreter(value: str) -> str:
    """An interpreter path from ``value``: the path itself, or a virtualenv folder's interpreter."""
    if os.path.isdir(value):
        for candidate in (os.path.join(value, "bin", "python"), os.path.join(value, "bin", "python3"),
                          os.path.join(value, "Scripts", "python.exe")):
            if os.path.exists(candidate):
                return candidate
        raise EnvironmentProblem(f"{value}: a folder without bin/python (not a virtualenv)")
    if not os.path.exists(value):
        raise EnvironmentProblem(f"{value}: no such interpreter")
    return value


def locate(python: str | None, root: str, environ: dict[str, str] | None = None) -> tuple[str | None, str]:
    """(interpreter path or None, where it came from, for a verbose line). ``python``: given on the
    command line or in the configuration (an error if unusable); else ``$VIRTUAL_ENV`` (not the
    hook environment pre-commit runs asyncio-lint in, which pre-commit marks with ``PRE_COMMIT``),
    else a ``.venv`` / ``venv`` folder in ``root``."""
    env = os.environ if environ is None else environ
    if python:
        return _interpreter(python), f"--python / python = {python!r}"
    virtual = env.get("VIRTUAL_ENV")
    if virtual and env.get("PRE_COMMIT") and _same_path(virtual, sys.prefix):
        virtual = None  # pre-commit's own environment for the hook, not the project's
    if virtual and os.path.isdir(virtual):
        try:
            return _interpreter(virtual), f"$VIRTUAL_ENV ({virtual})"
        except EnvironmentProblem:
            pass
    for name in (".venv", "venv"):
        folder = os.path.join(root, name)
        if os.path.isdir(folder):
            try:
                return _interpreter(folder), f"{folder}"
            except EnvironmentProblem:
                continue
    return None, "no --python, python =, $VIRTUAL_ENV, .venv or venv: installed packages are not followed"


def _same_path(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def load(python: str, cache_folder: str | None = None) -> Environment:
    """The environment of an interpreter (its probe answer reused while nothing it depends on changed).

    The path is run as given, not resolved: a virtualenv's ``bin/python`` is often a link to the
    base interpreter, and only run through the link does it find its ``pyvenv.cfg``."""
    path = os.path.abspath(python)
    return _load(path, signature(path), cache_folder)


@lru_cache(maxsize=4)
def _load(python: str, sig: object, cache_folder: str | None) -> Environment:
    record = os.path.join(cache_folder, f"env-{_digest(python)}.json") if cache_folder else None
    answer = _cached_probe(record, python, sig) if record else None
    if answer is None:
        answer = _probe(python)
        if record is not None:
            _store_probe(record, python, sig, answer)
    return Environment(python, tuple(answer["version"]), answer["path"], answer["stdlib"], answer["site"],
                       answer["prefix"])


def _probe(python: str) -> dict:
    import subprocess  # (here: a run whose probe is cached never imports it)

    try:
        proc = subprocess.run([python, "-I", "-c", _PROBE], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EnvironmentProblem(f"{python}: cannot run it: {exc}") from None
    if proc.returncode != 0:
        raise EnvironmentProblem(f"{python}: exited with status {proc.returncode}: {proc.stderr.strip()[-300:]}")
    try:
        answer = json.loads(proc.stdout)
        answer["version"], answer["path"], answer["site"]  # noqa: B018  (the keys must be there)
    except (ValueError, KeyError, TypeError):
        raise EnvironmentProblem(f"{python}: not a Python interpreter this linter understands") from None
    return answer


def _site_signatures(answer: dict) -> list:
    return [[p, list(signature(p) or ())] for p in answer["site"] if p]


def _cached_probe(record: str, python: str, sig: object) -> dict | None:
    try:
        with open(record, encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if (stored.get("format") != _FORMAT or stored.get("python") != python
            or stored.get("signature") != list(sig or ())):  # type: ignore[call-overload]
        return None
    answer = stored.get("answer")
    if not isinstance(answer, dict) or stored.get("site") != _site_signatures(answer):
        return None  # a package installed or removed: its .pth files may change sys.path
    return answer


def _store_probe(record: str, python: str, sig: object, answer: dict) -> None:
    data = {"format": _FORMAT, "python": python, "signature": list(sig or ()),  # type: ignore[call-overload]
            "site": _site_signatures(answer), "answer": answer}
    try:
        os.makedirs(os.path.dirname(record), exist_ok=True)
        temporary = f"{record}.{os.getpid()}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(temporary, record)
    except OSError:
        pass  # the cache is an optimisation


def _digest(text: str) -> str:
    from hashlib import blake2b

    return blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def user_cache_folder() -> str:
    """asyncio-lint's folder in the user cache (``platformdirs``), e.g. ``~/.cache/asyncio-lint``."""
    override = os.environ.get("ASYNCIO_LINT_CACHE_HOME")
    if override:
        return override
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover  (a dependency; kept working without it)
        return os.path.join(os.path.expanduser("~"), ".cache", "asyncio-lint")
    return str(user_cache_dir("asyncio-lint", appauthor=False))


__all__ = ["Environment", "EnvironmentProblem", "ModuleFile", "load", "locate", "user_cache_folder"]
