"""The result cache: warm runs reuse results; any change to a file, the config or the code misses."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from asyncio_lint import cache as cache_module
from asyncio_lint.api import lint_paths
from asyncio_lint.cli import main
from asyncio_lint.config import Config

BAD = "import time\nasync def f():\n    time.sleep(1)\n"


def _project(tmp_path: Path) -> Config:
    (tmp_path / "a.py").write_text(BAD)
    (tmp_path / "b.py").write_text("x = 1\n")
    (tmp_path / "pyproject.toml").write_text("")  # (the project root: where its cache goes)
    return Config(root=str(tmp_path))


def test_warm_run_reuses_results_without_linting(tmp_path: Path, monkeypatch) -> None:
    config = _project(tmp_path)
    cold = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert (tmp_path / ".asyncio_lint_cache" / ".gitignore").exists()
    import asyncio_lint.runner as runner

    def no_linting(*args, **kwargs):
        raise AssertionError("a warm run must not lint unchanged files")

    monkeypatch.setattr(runner, "lint_task", no_linting)
    warm = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert warm.findings == cold.findings and len(warm.findings) == 1
    assert warm.files == 2


def test_cached_summaries_stay_pickled_until_read(tmp_path: Path) -> None:
    # Loading the cache builds no summary: a run the project memo answers never reads them.
    from asyncio_lint.analysis.records import ModuleSummary
    from asyncio_lint.types import summary_of

    config = _project(tmp_path)
    cold = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    fresh = {r.path: r.summary for r in cold.results}
    assert any(isinstance(s, ModuleSummary) for s in fresh.values())
    store = cache_module.ResultCache(config)
    for path, summary in fresh.items():
        entry = store._load()[path]
        assert isinstance(entry[1].summary, bytes if summary is not None else type(None))
        assert summary_of(entry[1]) == summary
    memo = store._load()[store._PROJECT][1][1]  # (the project memo's results share the blobs)
    assert all(r.summary is None or r.summary is store._load()[r.path][1].summary for r in memo)


def test_changed_file_is_relinted_and_only_it(tmp_path: Path, monkeypatch) -> None:
    config = _project(tmp_path)
    lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    (tmp_path / "b.py").write_text(BAD + "    time.sleep(2)\n")
    import asyncio_lint.runner as runner

    linted: list[str] = []
    real = runner.lint_task

    def spy(args):
        linted.append(os.path.basename(args[0]))
        return real(args)

    monkeypatch.setattr(runner, "lint_task", spy)
    report = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert linted == ["b.py"]
    assert sorted((os.path.basename(f.path), f.line) for f in report.findings) == [("a.py", 3), ("b.py", 3), ("b.py", 4)]


def test_config_change_misses(tmp_path: Path) -> None:
    config = _project(tmp_path)
    lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    ignoring = config.with_overrides(ignore=("AIO101",))
    assert lint_paths([str(tmp_path)], ignoring, jobs=1, cache=True).findings == []
    assert len(lint_paths([str(tmp_path)], config, jobs=1, cache=True).findings) == 1


def test_code_change_misses(tmp_path: Path, monkeypatch) -> None:
    config = _project(tmp_path)
    first = cache_module.ResultCache(config).file
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another build")
    assert cache_module.ResultCache(config).file != first


def test_corrupt_cache_is_a_miss(tmp_path: Path) -> None:
    config = _project(tmp_path)
    lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    (pickled,) = (tmp_path / ".asyncio_lint_cache").glob("results-*.pickle")
    pickled.write_bytes(b"not a pickle")
    assert len(lint_paths([str(tmp_path)], config, jobs=1, cache=True).findings) == 1
    assert isinstance(pickle.loads(pickled.read_bytes()), dict)  # rewritten whole


def test_no_cache_flag_and_clean_command(tmp_path: Path) -> None:
    _project(tmp_path)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        assert runner.invoke(main, ["check", "--no-cache", "."]).exit_code == 1
        assert not (tmp_path / ".asyncio_lint_cache").exists()
        assert runner.invoke(main, ["check", "."]).exit_code == 1
        assert (tmp_path / ".asyncio_lint_cache").is_dir()
        result = runner.invoke(main, ["clean"])
        assert "removed" in result.output and not (tmp_path / ".asyncio_lint_cache").exists()
        assert runner.invoke(main, ["clean"]).output.strip() == "no cache to remove"
    finally:
        os.chdir(old)


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    for i in range(30):
        (tmp_path / f"m{i}.py").write_text(BAD if i % 2 else "x = 1\n")
    command = [sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "-j", "1", "."]
    procs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [json.loads(p.communicate()[0]) for p in procs]
    assert all(o["summary"] == {"files": 30, "findings": 15, "errors": 0, "notices": 0, "hidden": 0} for o in outputs)
    warm = json.loads(subprocess.run(command, cwd=tmp_path, capture_output=True, text=True).stdout)
    assert warm["summary"] == {"files": 30, "findings": 15, "errors": 0, "notices": 0, "hidden": 0}
    assert not list((tmp_path / ".asyncio_lint_cache").glob(".tmp-*"))


def test_old_result_files_are_pruned(tmp_path: Path) -> None:
    config = _project(tmp_path)
    for codes in [("AIO101",), ("AIO102",), ("AIO103",), ("AIO104",), ("AIO105",)]:
        lint_paths([str(tmp_path)], config.with_overrides(ignore=codes), jobs=1, cache=True)
    files = list((tmp_path / ".asyncio_lint_cache").glob("results-*.pickle"))
    assert len(files) == cache_module.KEEP_RESULT_FILES
    assert cache_module.ResultCache(config.with_overrides(ignore=("AIO105",))).file in files


def test_project_phase_is_memoised_and_sees_helper_edits(tmp_path: Path, monkeypatch) -> None:
    import shutil

    import asyncio_lint.project as project

    app = tmp_path / "project_app"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "project_app", app)
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    config = Config(root=str(tmp_path))
    cold = lint_paths([str(app)], config, jobs=1, cache=True)
    chained = [f for f in cold.findings if f.code == "AIO120"]
    assert any(os.path.basename(f.path) == "service.py" for f in chained)

    def no_project_phase(*args, **kwargs):
        raise AssertionError("a warm run with nothing changed must reuse the project phase")

    with monkeypatch.context() as patch:
        patch.setattr(project, "project_results", no_project_phase)
        warm = lint_paths([str(app)], config, jobs=1, cache=True)
    assert warm.findings == cold.findings

    # io_utils.py holds no coroutine (summarised only because a chain leads into it): editing it
    # so that read_json no longer blocks must change the answer.
    io_utils = app / "io_utils.py"
    io_utils.write_text(io_utils.read_text().replace(
        "    with open(path) as handle:  # expect-project: AIO120\n        return json.load(handle)", "    return json.loads(path)"))
    assert "json.loads(path)" in io_utils.read_text()  # (the edit applied)
    edited = lint_paths([str(app)], config, jobs=1, cache=True)
    assert len([f for f in edited.findings if f.code == "AIO120"]) < len(chained)


def test_project_memo_checks_helpers_outside_the_given_files(tmp_path: Path) -> None:
    import shutil

    app = tmp_path / "project_app"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "project_app", app)
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    config = Config(root=str(tmp_path))
    service = str(app / "service.py")  # pre-commit passes only the changed file
    first = lint_paths([service], config, jobs=1, cache=True)
    again = lint_paths([service], config, jobs=1, cache=True)
    assert again.findings == first.findings
    before = len([f for f in first.findings if f.code == "AIO120"])
    io_utils = app / "io_utils.py"
    io_utils.write_text(io_utils.read_text().replace(
        "    with open(path) as handle:  # expect-project: AIO120\n        return json.load(handle)", "    return json.loads(path)"))
    assert "json.loads(path)" in io_utils.read_text()  # (the edit applied)
    after = lint_paths([service], config, jobs=1, cache=True)
    assert len([f for f in after.findings if f.code == "AIO120"]) < before


def test_one_changed_file_does_not_reparse_the_files_holding_chains(tmp_path: Path, monkeypatch) -> None:
    import shutil

    import asyncio_lint.project as project

    app = tmp_path / "project_app"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "project_app", app)
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    config = Config(root=str(tmp_path))
    cold = lint_paths([str(app)], config, jobs=1, cache=True)
    (app / "unrelated.py").write_text("async def f():\n    return 1\n")

    def no_reparse(*args, **kwargs):
        raise AssertionError("call positions of unchanged files come from the cache")

    monkeypatch.setattr(project, "_locate_file", no_reparse)
    changed = lint_paths([str(app)], config, jobs=1, cache=True)
    assert [f for f in changed.findings if f.code == "AIO120"] == [f for f in cold.findings if f.code == "AIO120"]


def test_files_with_an_unchanged_stat_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    # (RACY_NS = 0: in a real run a signature is only trusted once the file is 2 s old.)
    from asyncio_lint import filestat

    monkeypatch.setattr(filestat, "RACY_NS", 0)
    config = _project(tmp_path)
    cold = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    import asyncio_lint.run as run

    reads: list[str] = []
    real_read = run.read_source
    monkeypatch.setattr(run, "read_source", lambda path: reads.append(path) or real_read(path))
    warm = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert warm.findings == cold.findings and reads == []
    # Changed: the signature differs, so it is read and linted again.
    (tmp_path / "a.py").write_text(BAD.replace("sleep(1)", "sleep(20)"))  # (new size: no same-tick race)
    again = lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert reads == [str(tmp_path / "a.py")] and len(again.findings) == 1
    (tmp_path / "a.py").write_text("x = 2\n")
    assert lint_paths([str(tmp_path)], config, jobs=1, cache=True).findings == []


def test_recently_changed_files_are_always_read(tmp_path: Path, monkeypatch) -> None:
    config = _project(tmp_path)  # just written: inside the racy window, so no signature is trusted
    lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    import asyncio_lint.run as run

    reads: list[str] = []
    real_read = run.read_source
    monkeypatch.setattr(run, "read_source", lambda path: reads.append(path) or real_read(path))
    lint_paths([str(tmp_path)], config, jobs=1, cache=True)
    assert sorted(reads) == sorted(str(tmp_path / name) for name in ("a.py", "b.py"))


def test_helper_files_keep_their_signature_once_summarised_again(tmp_path: Path, monkeypatch) -> None:
    # io_utils.py holds no coroutine: the project phase reads and summarises it because a chain
    # leads into it, and stores it again. Its stat must survive that, or every later run reads it.
    import shutil

    from asyncio_lint import filestat

    monkeypatch.setattr(filestat, "RACY_NS", 0)
    app = tmp_path / "project_app"
    shutil.copytree(Path(__file__).resolve().parent.parent / "fixtures" / "project_app", app)
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    config = Config(root=str(tmp_path))
    cold = lint_paths([str(app)], config, jobs=1, cache=True)
    assert any(f.code == "AIO120" for f in cold.findings)
    lint_paths([str(app)], config, jobs=1, cache=True)
    import asyncio_lint.run as run

    reads: list[str] = []
    real_read = run.read_source
    monkeypatch.setattr(run, "read_source", lambda path: reads.append(path) or real_read(path))
    warm = lint_paths([str(app)], config, jobs=1, cache=True)
    assert warm.findings == cold.findings and reads == []


def test_project_memo_sees_a_helper_edited_in_another_project_of_the_run(tmp_path: Path, monkeypatch) -> None:
    # The memo of project a checks the helper it followed into project b against b's key from
    # this run's look-up, without reading it: an edit of b must still miss it.
    from asyncio_lint import filestat

    monkeypatch.setattr(filestat, "RACY_NS", 0)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    (tmp_path / "a" / "app.py").write_text("import shared_helpers\n\n\nasync def handler():\n"
                                           "    return shared_helpers.load()\n")
    helper = tmp_path / "b" / "shared_helpers.py"
    helper.write_text("import time\n\n\ndef load():\n    time.sleep(1)\n")
    paths = [str(tmp_path / "a"), str(tmp_path / "b")]
    config = Config(root=str(tmp_path))
    cold = lint_paths(paths, config, jobs=1, cache=True)
    assert [os.path.basename(f.path) for f in cold.findings if f.code == "AIO120"] == ["app.py"]
    assert lint_paths(paths, config, jobs=1, cache=True).findings == cold.findings
    helper.write_text("def load():\n    return 1\n")
    edited = lint_paths(paths, config, jobs=1, cache=True)
    assert edited.findings == lint_paths(paths, config, jobs=1, cache=False).findings
    assert not any(f.code == "AIO120" for f in edited.findings)
