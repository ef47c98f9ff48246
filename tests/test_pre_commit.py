"""The pre-commit hook works as users install it: `pre-commit try-repo` on this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def test_try_repo_flags_staged_python_files(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git metadata")
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    (project / "bad.py").write_text("import time\n\nasync def f():\n    time.sleep(1)\n")
    (project / "good.py").write_text("import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n")
    (project / "notes.txt").write_text("async def f(): time.sleep(1)\n")
    # Each file is checked with the nearest configuration above it, as the CLI does.
    both = "import time, requests\n\nasync def f():\n    time.sleep(1)\n    requests.get('u')\n"
    for folder, ignored in (("a", "AIO101"), ("b", "AIO102")):
        (project / folder).mkdir()
        (project / folder / "pyproject.toml").write_text(f'[tool.asyncio-lint]\nignore = ["{ignored}"]\n')
        (project / folder / "both.py").write_text(both)
    _git("add", "-A", cwd=project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "asyncio-lint", "--verbose"],
        cwd=project, capture_output=True, text=True, env=env, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "bad.py:4:5: AIO101" in output
    assert not [line for line in output.splitlines() if "good.py" in line and "AIO" in line]
    assert "notes.txt" not in output
    assert "a/both.py:5:5: AIO102" in output and "a/both.py:4:5: AIO101" not in output
    assert "b/both.py:4:5: AIO101" in output and "b/both.py:5:5: AIO102" not in output
