"""The ``asyncio-lint`` command line: check, rules, explain (and sample, from the runtime package).

Exit status of ``check``: 0 no findings, 1 findings, 2 a usage or configuration error or a file that
could not be analysed (an error wins over findings).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from typing import Any

import click

from asyncio_lint import __version__
from asyncio_lint.api import lint_paths, lint_source
from asyncio_lint.codes import CODES, NO_SELECTION, Selection, unknown_code
from asyncio_lint.config import ConfigError, ConfigResolver, load_file, parse_target_version
from asyncio_lint.types import FileResult, Finding, Report


class ConfigProblem(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"asyncio-lint: error: {self.format_message()}", err=True)


def _codes(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...] | None:
    codes: list[str] = []
    for chunk in value:
        for code in chunk.split(","):
            code = code.strip().upper()
            if not code:
                continue
            problem = unknown_code(code)  # (the configuration's check: one for every front end)
            if problem is not None:
                raise click.BadParameter(problem)
            codes.append(code)
    return tuple(codes) if value else None


class _Group(click.Group):
    """Loads the runtime sampler's command only when it is asked for (it imports asyncio)."""

    LAZY = {"sample": ("asyncio_lint.runtime.cli", "sample")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY and name not in self.commands:
            import importlib

            module, attr = self.LAZY[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="asyncio-lint")
def main() -> None:
    """Catch asyncio pitfalls before they stall production."""


def _resolver(config_file: str | None, layer: Selection = NO_SELECTION,
              target_version: tuple[int, int] | None = None, min_confidence: str | None = None) -> ConfigResolver:
    """Each file's configuration (``--config FILE``: that one for all), the command line's on top."""
    try:
        explicit = load_file(config_file) if config_file is not None else None
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    return ConfigResolver(layer, explicit, target_version=target_version, min_confidence=min_confidence)


def _target_version(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_target_version(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--select", multiple=True, callback=_codes, help="Only these code prefixes (e.g. AIO1,AIO203).")
@click.option("--extend-select", multiple=True, callback=_codes, help="Add these code prefixes to the selection.")
@click.option("--ignore", multiple=True, callback=_codes, help="Skip these code prefixes.")
@click.option("--min-confidence", type=click.Choice(["certain", "likely", "style"]),
              help="Report findings of this confidence or stronger (default: likely; style points are "
                   "opt-in). A rule selected by its full code reports all its findings.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read settings from this TOML file.")
@click.option("--target-version", callback=_target_version,
              help="The Python version the code is for (py38 ... py314; default: `target-version`, "
                   "else the project's `requires-python`).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (errors still exit 2).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: CPU count).")
@click.option("--stdin-filename", help="Path to report for source read from stdin (PATH '-').")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache (.asyncio_lint_cache/).")
@click.option("--python", "python", metavar="PATH",
              help="The project's interpreter or virtualenv: calls are followed into its installed packages "
                   "(default: `python` in the configuration, $VIRTUAL_ENV, a .venv or venv folder).")
@click.option("--no-environment", is_flag=True, help="Follow no call into installed packages.")
@click.option("--verbose", "-v", is_flag=True, help="Say how the run went: the environment followed, files skipped.")
@click.option("--stalls", "stalls_file", type=click.Path(dir_okay=False),
              help="A JSON report of `asyncio-lint sample`: mark findings seen stalling at run time, and "
                   "report stalls no rule predicted (AIO900).")
def check(paths: tuple[str, ...], select: tuple[str, ...] | None, extend_select: tuple[str, ...] | None,
          ignore: tuple[str, ...] | None, output_format: str, output: str | None, config_file: str | None,
          target_version: tuple[int, int] | None, exit_zero: bool, jobs: int | None,
          stdin_filename: str | None, no_cache: bool, python: str | None, no_environment: bool, verbose: bool,
          stalls_file: str | None, min_confidence: str | None) -> None:
    """Check PATHS (files or folders, default '.') for asyncio pitfalls.

    Each file is checked with the nearest `[tool.asyncio-lint]` above it (`--config`: one for all);
    `--select`, `--extend-select` and `--ignore` apply on top of it, as in Ruff.
    """
    from asyncio_lint.output import formatter

    paths = paths or (".",)
    layer = Selection(select, extend_select or (), ignore or ())
    configs = _resolver(config_file, layer, target_version, min_confidence)
    inputs: list[str] | None = None
    try:
        if paths == ("-",):
            data = sys.stdin.buffer.read()
            name = stdin_filename or "-"
            config = configs.for_path(stdin_filename if stdin_filename else os.getcwd())
            report = Report(results=[lint_source(data, name, config)])
        else:
            # A run memo (runmemo.py) lets the next identical command skip even the imports.
            inputs = [] if not (no_cache or output or stalls_file or verbose) else None
            with _Progress() as progress:
                report = lint_paths(list(paths), configs, jobs=jobs, cache=not no_cache,
                                    on_files=progress.start, on_result=progress.advance, inputs=inputs,
                                    start_method="forkserver",  # (workers without the CLI's memory)
                                    python=python, environment=not no_environment)
            if verbose:
                for note in report.notes:
                    click.echo(f"asyncio-lint: {note}", err=True)
        if stalls_file is not None:
            report = _with_stalls(report, stalls_file, configs)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    text = formatter(output_format)(report)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise ConfigProblem(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
    errors = ""
    if output_format != "text" and (report.errors or report.notices):
        errors = "".join(f"asyncio-lint: error: {error.path}: {error.message}\n" for error in report.errors)
        errors += "".join(f"asyncio-lint: note: {note.path}: {note.message}\n" for note in report.notices)
        click.echo(errors, err=True, nl=False)
    code = report.exit_code
    code = 0 if exit_zero and code == 1 else code
    if paths != ("-",) and inputs is not None and sys.argv[1:2] == ["check"]:  # (as the entry point sees it)
        _remember_run(configs, config_file, paths, inputs, text, errors, code)
    sys.exit(code)


def _remember_run(configs: ConfigResolver, config_file: str | None, paths: tuple[str, ...], inputs: list[str],
                  text: str, errors: str, code: int) -> None:
    from asyncio_lint import runmemo
    from asyncio_lint.cache import cache_folder_of
    from asyncio_lint.filestat import package_files

    inputs += runmemo.config_inputs([*paths, os.getcwd()])
    inputs += configs.consulted  # (every pyproject.toml a file's configuration was looked for in)
    if config_file is not None:
        inputs.append(config_file)
    inputs += package_files()
    runmemo.record(cache_folder_of(paths[0] if os.path.exists(paths[0]) else "."), sys.argv[1:], inputs,
                   text, errors, code)


def _with_stalls(report: Report, stalls_file: str, configs: ConfigResolver) -> Report:
    """The report with findings confirmed by (and stalls added from) a runtime stall report.

    A stall no finding explains is an AIO900 finding (a runtime rule's),
    shown under the path its file was linted as (never a second name for it), and selected,
    ignored (``per-file-ignores`` too) and suppressed (``# noqa: AIO900``) like any rule's
    finding, by the configuration of its file.
    """
    from asyncio_lint.runtime.confirm import confirm
    from asyncio_lint.runtime.report import load_report

    try:
        stalls = load_report(stalls_file)
    except ValueError as exc:
        raise ConfigProblem(str(exc)) from None
    static = report.findings
    linted = {os.path.realpath(r.path): r.path for r in report.results if not r.path.startswith("<")}
    by_path: dict[str, list[Finding]] = {}
    for finding in confirm(static, stalls):
        if CODES[finding.code].runtime if finding.code in CODES else False:
            kept = _runtime_finding(finding, linted, configs)
            if kept is None:
                continue
            finding = kept
        by_path.setdefault(finding.path, []).append(finding)
    results = [replace(r, findings=tuple(by_path.pop(r.path, ()))) for r in report.results]
    results += [FileResult(path, findings=tuple(found)) for path, found in sorted(by_path.items())]
    return Report(results=results, path_errors=report.path_errors, path_notices=report.path_notices)


def _runtime_finding(finding: Finding, linted: dict[str, str], configs: ConfigResolver) -> Finding | None:
    """An AIO900 finding under its linted path, or None when its file's configuration or a
    ``# noqa`` turns it off."""
    from asyncio_lint.suppress import is_suppressed, noqa_lines

    if finding.path.startswith("<"):
        return finding
    path = linted.get(os.path.realpath(finding.path), finding.path)
    config = configs.for_path(path)
    code = finding.code
    if code not in config.codes or any(code.startswith(c) for c in config.ignored_codes_for(path)):
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        text = ""
    if is_suppressed(code, finding.line, noqa_lines(text)):
        return None
    return replace(finding, path=path)


class _Progress:
    """Progress on stderr for a run that takes over two seconds, in a terminal only (not in CI or
    a pipe): files done of all, findings so far, and an estimate of the time left from the bytes
    done (files are linted largest first, so a count of files would overestimate it)."""

    DELAY = 2.0
    INTERVAL = 0.25

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty is not None and isatty()) and not os.environ.get("CI")
        self.total = 0
        self.files: list[str] = []
        self.done = 0
        self.findings = 0
        self.done_bytes = 0
        self.sizes: dict[str, int] | None = None
        self.started = 0.0
        self.shown = False
        self._stop: Any = None
        self._thread: Any = None

    def __enter__(self) -> "_Progress":
        self.started = time.monotonic()
        return self

    def start(self, total: int, files: list[str] | None = None) -> None:
        self.total, self.files = total, list(files or ())
        if not self.enabled or not total:
            return
        import threading

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="asyncio-lint-progress", daemon=True)
        self._thread.start()

    def advance(self, result: FileResult) -> None:
        self.done += 1
        self.findings += len(result.findings)
        if self.sizes is not None:
            self.done_bytes += self.sizes.get(result.path, 0)

    def measure(self) -> None:
        """The sizes of the files (read once the display starts: a short run never pays for it)."""
        sizes = {}
        for path in self.files:
            try:
                sizes[path] = os.stat(path).st_size
            except OSError:
                sizes[path] = 0
        self.sizes = sizes

    def _loop(self) -> None:
        if self._stop.wait(max(0.0, self.DELAY - (time.monotonic() - self.started))):
            return
        self.measure()
        while not self._stop.is_set():
            self.stream.write("\r\033[K" + self.line(time.monotonic() - self.started))
            self.stream.flush()
            self.shown = True
            self._stop.wait(self.INTERVAL)

    def line(self, elapsed: float) -> str:
        """``Checking: 120/1840 files, 3 findings, 14 s, about 40 s left``."""
        plural = "" if self.findings == 1 else "s"
        parts = [f"Checking: {self.done}/{self.total} files", f"{self.findings} finding{plural}", f"{elapsed:.0f} s"]
        total_bytes = sum(self.sizes.values()) if self.sizes else 0
        if self.done_bytes and total_bytes and self.done < self.total:
            left = elapsed * (total_bytes - self.done_bytes) / self.done_bytes
            parts.append(f"about {_duration(left)} left")
        return ", ".join(parts)

    def __exit__(self, *exc: object) -> None:
        if self._stop is not None:
            self._stop.set()
            self._thread.join()
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(seconds, 1):.0f} s"
    return f"{seconds / 60:.0f} min"


@main.command()
def clean() -> None:
    """Delete the result cache of the project in the current folder (the folder of the nearest
    pyproject.toml or .git), and every cache folder below the current folder."""
    from asyncio_lint.cache import clear

    removed = clear(".")
    click.echo("\n".join(f"removed {folder}" for folder in removed) if removed else "no cache to remove")


@main.command()
@click.option("--markdown", is_flag=True, help="Print the full rule documentation as Markdown.")
def rules(markdown: bool) -> None:
    """List every rule."""
    from asyncio_lint.docs import rules_markdown
    from asyncio_lint.registry import all_rules

    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
    for rule in all_rules():
        default = "" if rule.DEFAULT_ENABLED else "  (off by default)"
        summary = (rule.__doc__ or "").split("## What it does", 1)[-1].strip().split("\n\n")[0]
        summary = " ".join(summary.split())
        click.echo(f"{rule.CODE}  {rule.NAME:<28} {summary}{default}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of rule CODE (e.g. AIO101, or its name)."""
    from asyncio_lint.docs import rule_doc
    from asyncio_lint.registry import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        raise click.UsageError(f"no rule {code!r}; `asyncio-lint rules` lists them")
    click.echo(rule_doc(rule), nl=False)
