"""The package's structure: layers that import only downwards, and no private name read across modules."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "asyncio_lint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_reads(path: Path) -> list[str]:
    """``from pkg.mod import _x`` and ``mod._x`` for modules of the package, in one file."""
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, path.name == "__init__.py", node.level, node.module)
            if not source.startswith("asyncio_lint") or source == module:
                continue
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{module}:{node.lineno} imports {source}.{alias.name}")
                else:
                    aliases.add(alias.asname or alias.name)  # (a submodule, or a name: both checked below)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("asyncio_lint") and alias.asname:
                    aliases.add(alias.asname)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            found.append(f"{module}:{node.lineno} reads {node.value.id}.{node.attr}")
    return found


def test_no_module_reads_another_modules_private_names() -> None:
    problems = [p for path in sorted(PACKAGE.rglob("*.py")) for p in private_reads(path)]
    assert problems == []


def test_the_private_name_check_sees_both_forms(tmp_path: Path) -> None:
    sample = PACKAGE / "analysis" / "_sample_for_test.py"
    sample.write_text("from asyncio_lint.engine import _hidden\nfrom asyncio_lint import engine as e\ne._walk\n")
    try:
        assert private_reads(sample) == [
            "asyncio_lint.analysis._sample_for_test:1 imports asyncio_lint.engine._hidden",
            "asyncio_lint.analysis._sample_for_test:3 reads e._walk"]
    finally:
        sample.unlink()


def test_import_contracts_hold() -> None:
    """The layers of pyproject.toml's [tool.importlinter], checked by import-linter itself."""
    pytest.importorskip("importlinter")
    command = shutil.which("lint-imports") or pytest.skip("lint-imports is not on PATH")
    proc = subprocess.run([command, str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "broken" not in proc.stdout.lower().split("contracts:")[-1].split("kept")[0]


def test_a_fully_cached_path_loads_neither_libcst_nor_click_to_replay() -> None:
    """The entry point's replay path stays light: importing it pulls in no parser or CLI library."""
    code = ("import sys\nimport asyncio_lint.__main__, asyncio_lint.runmemo\n"
            "print(sorted(m for m in ('libcst', 'click', 'asyncio_lint.cli') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
