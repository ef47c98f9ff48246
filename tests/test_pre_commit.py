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


def test_try_repo_fix_hook_applies_the_safe_fixes(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git metadata")
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    bad = project / "bad.py"
    bad.write_text("import time, requests\n\nasync def f(url):\n    time.sleep(1)\n    requests.get(url)\n")
    _git("add", "-A", cwd=project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "asyncio-lint-fix", "--verbose"],
        cwd=project, capture_output=True, text=True, env=env, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output  # files were modified, and the unsafe one is left
    assert bad.read_text() == ("import time, requests\nimport asyncio\n\nasync def f(url):\n"
                               "    await asyncio.sleep(1)\n    requests.get(url)\n")
    assert "bad.py:6:5: AIO102" in output


def _readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_snippet_names_the_release_tag_and_the_hooks() -> None:
    import yaml  # (pre-commit's own dependency)

    from asyncio_lint import __version__
    from asyncio_lint.urls import REPOSITORY

    (repo,) = yaml.safe_load(_readme_snippet())["repos"]
    assert repo["repo"] == REPOSITORY  # one address: urls.py and the README change together
    assert repo["rev"] == f"v{__version__}"
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert {h["id"] for h in repo["hooks"]} <= hooks


def test_readme_snippet_works_as_written_against_a_tagged_clone(tmp_path: Path) -> None:
    """The snippet, with only `repo:` pointed at a clone of this repository that has the release
    tag (as the published repository will), installs and runs."""
    if not (ROOT / ".git").exists():
        pytest.skip("needs the repository's git metadata")
    from asyncio_lint import __version__
    from asyncio_lint.urls import REPOSITORY

    clone = tmp_path / "asyncio-lint"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
    if subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/v{__version__}"], cwd=clone,
                      capture_output=True).returncode != 0:
        _git("tag", f"v{__version__}", cwd=clone)
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    (project / ".pre-commit-config.yaml").write_text(_readme_snippet().replace(REPOSITORY, str(clone)))
    (project / "app.py").write_text("import time\n\nasync def f():\n    time.sleep(1)\n")
    _git("add", "-A", cwd=project)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project,
                          capture_output=True, text=True, env=env, timeout=900)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output  # the hook fixed app.py
    assert "await asyncio.sleep(1)" in (project / "app.py").read_text(), output
    _git("add", "-A", cwd=project)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=project,
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr  # nothing left: a second run passes
