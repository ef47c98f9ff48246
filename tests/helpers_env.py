"""A real virtualenv with fake installed distributions, for the tests of the project's environment."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def make_venv(root: Path) -> Path:
    """A new virtualenv (no pip: it is fast) at ``root``; returns its site-packages folder."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, capture_output=True)
    found = sorted(root.glob("lib/python*/site-packages")) or sorted(root.glob("Lib/site-packages"))
    return found[0]


def install(site: Path, name: str, version: str, files: dict[str, str]) -> None:
    """Write a distribution's files into ``site`` with its dist-info (METADATA and RECORD)."""
    for rel, text in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n")
    (info / "RECORD").write_text("".join(f"{rel},,\n" for rel in files) + f"{info.name}/RECORD,,\n")


def python_of(root: Path) -> Path:
    for candidate in (root / "bin" / "python", root / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(root)
