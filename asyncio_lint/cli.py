"""The ``asyncio-lint`` command line: check, rules, explain (and sample, from the runtime package).

Exit status of ``check``: 0 no findings, 1 findings, 2 a usage or configuration error or a file that
could not be analysed (an error wins over findings).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from typing import Any, NamedTuple

import click

from asyncio_lint import __version__
from asyncio_lint.api import lint_paths, lint_source
from asyncio_lint.codes import CODES, NO_SELECTION, Selection, unknown_code
from asyncio_lint.config import Config, ConfigError, ConfigResolver, load_file, parse_target_version
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
              target_version: tuple[int, int] | None = None, min_confidence: str | None = None,
              exclude: tuple[str, ...] | None = None, extend_exclude: tuple[str, ...] = ()) -> ConfigResolver:
    """Each file's configuration (``--config FILE``: that one for all), the command line's on top."""
    try:
        explicit = load_file(config_file) if config_file is not None else None
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    return ConfigResolver(layer, explicit, target_version=target_version, min_confidence=min_confidence,
                          exclude=exclude, extend_exclude=extend_exclude)


def _target_version(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_target_version(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


# Options of ``check`` beyond linting: fixes, adoption and display (grouped, applied in this order).
_FIX_OPTIONS = [
    click.option("--fix", is_flag=True, help="Apply the safe fixes (and the unsafe ones with --unsafe-fixes)."),
    click.option("--unsafe-fixes", is_flag=True, help="Also apply (and mark with [*]) the fixes that may change behaviour."),
    click.option("--diff", is_flag=True, help="Print the changes --fix would make, as a unified diff; write nothing."),
    click.option("--fix-only", is_flag=True, help="Apply fixes and report nothing else (exit 0 unless an error)."),
    click.option("--show-fixes", is_flag=True, help="With --fix: list what was fixed; else: each finding's fix."),
]
_ADOPTION_OPTIONS = [
    click.option("--add-noqa", is_flag=True, help="Add `# noqa: CODE` to every line with a finding (keeps comments)."),
    click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False),
                 help="Record today's findings in FILE (see --baseline)."),
    click.option("--baseline", "baseline", type=click.Path(dir_okay=False),
                 help="Report only findings not recorded in FILE (matched by code, file and statement text)."),
    click.option("--exclude", multiple=True, help="Glob of files or folders to skip (replaces the configured `exclude`)."),
    click.option("--extend-exclude", multiple=True, help="Glob of files or folders to skip, besides the configured ones."),
]
_DISPLAY_OPTIONS = [
    click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them."),
    click.option("--show-source", is_flag=True, help="Show each finding's source line with a caret, and its rule's docs."),
    click.option("--quiet", "-q", is_flag=True, help="Print findings only (no summary line)."),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Colour the text output (auto: on a terminal, unless NO_COLOR is set)."),
    click.option("--watch", is_flag=True, help="Check again whenever a file changes (Ctrl-C stops)."),
]


def _options(options: list[Any]) -> Any:
    def apply(function: Any) -> Any:
        for option in reversed(options):
            function = option(function)
        return function
    return apply


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
@_options(_FIX_OPTIONS)
@_options(_ADOPTION_OPTIONS)
@_options(_DISPLAY_OPTIONS)
def check(paths: tuple[str, ...], select: tuple[str, ...] | None, extend_select: tuple[str, ...] | None,
          ignore: tuple[str, ...] | None, output_format: str, output: str | None, config_file: str | None,
          target_version: tuple[int, int] | None, exit_zero: bool, jobs: int | None,
          stdin_filename: str | None, no_cache: bool, python: str | None, no_environment: bool, verbose: bool,
          stalls_file: str | None, min_confidence: str | None, **extras: Any) -> None:
    """Check PATHS (files or folders, default '.') for asyncio pitfalls.

    Each file is checked with the nearest `[tool.asyncio-lint]` above it (`--config`: one for all);
    `--select`, `--extend-select` and `--ignore` apply on top of it, as in Ruff.
    """
    more = _Extras(**extras)
    paths = paths or (".",)
    layer = Selection(select, extend_select or (), ignore or ())
    configs = _resolver(config_file, layer, target_version, min_confidence, more.exclude or None, more.extend_exclude)
    run = _Run(paths, configs, output_format, output, config_file, exit_zero, jobs, stdin_filename, no_cache,
               stalls_file, more, python, not no_environment, verbose)
    if more.watch:
        _watch(run)
    sys.exit(run.once())


class _Extras(NamedTuple):
    """The values of the fix, adoption and display options."""

    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    fix_only: bool = False
    show_fixes: bool = False
    add_noqa: bool = False
    write_baseline: str | None = None
    baseline: str | None = None
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    statistics: bool = False
    show_source: bool = False
    quiet: bool = False
    color: str = "auto"
    watch: bool = False

    @property
    def fixing(self) -> bool:
        return self.fix or self.diff or self.fix_only

    @property
    def writes(self) -> bool:
        """The run changes files, or its report depends on more than the files read."""
        return self.fixing or self.add_noqa or self.write_baseline is not None or self.watch


class _Run:
    """One ``check``: lint, then the baseline, stalls, fixes or noqa directives, then the report."""

    def __init__(self, paths: tuple[str, ...], configs: ConfigResolver, output_format: str, output: str | None,
                 config_file: str | None, exit_zero: bool, jobs: int | None, stdin_filename: str | None,
                 no_cache: bool, stalls_file: str | None, more: _Extras, python: str | None = None,
                 environment: bool = True, verbose: bool = False) -> None:
        self.paths, self.configs, self.output_format, self.output = paths, configs, output_format, output
        self.python, self.environment, self.verbose = python, environment, verbose
        self.config_file, self.exit_zero, self.jobs, self.stdin_filename = config_file, exit_zero, jobs, stdin_filename
        self.no_cache, self.stalls_file, self.more = no_cache, stalls_file, more
        self.stdin = paths == ("-",)
        self.sources: dict[str, str] = {}
        # NO_COLOR (no-color.org) turns colour off unless asked for on the command line.
        self.color = more.color == "always" or (more.color == "auto" and not output and sys.stdout.isatty()
                                                and not os.environ.get("NO_COLOR"))

    @property
    def stdin_config(self) -> Config:
        return self.configs.for_path(self.stdin_filename if self.stdin_filename else os.getcwd())

    def lint(self, inputs: list[str] | None = None) -> Report:
        try:
            return self._lint(inputs)
        except ConfigError as exc:
            raise ConfigProblem(str(exc)) from None

    def _lint(self, inputs: list[str] | None) -> Report:
        if self.stdin:
            data = self._stdin_data()
            path = self.stdin_filename or "-"
            report = Report(results=[lint_source(data, path, self.stdin_config)])
        else:
            with _Progress() as progress:
                report = lint_paths(list(self.paths), self.configs, jobs=self.jobs, cache=not self.no_cache,
                                    on_files=progress.start, on_result=progress.advance, inputs=inputs,
                                    start_method="forkserver",  # (workers without the CLI's memory)
                                    python=self.python, environment=self.environment)
            if self.verbose:
                for note in report.notes:
                    click.echo(f"asyncio-lint: {note}", err=True)
        if self.more.baseline is not None and self.more.write_baseline is None:
            from asyncio_lint.adoption import BaselineError, apply_baseline

            try:
                report, _ = apply_baseline(report, self.more.baseline)
            except BaselineError as exc:
                raise ConfigProblem(str(exc)) from None
        if self.stalls_file is not None:
            report = _with_stalls(report, self.stalls_file, self.configs)
        return report

    def _stdin_data(self) -> bytes:
        if "-" not in self.sources:
            data = sys.stdin.buffer.read()
            from asyncio_lint.source import prepare

            prepared = prepare(data, "-")
            self.sources["-"] = prepared[0] if isinstance(prepared, tuple) else ""
            self._stdin_bytes = data
        return self._stdin_bytes

    def once(self) -> int:
        """Run once; the exit status."""
        more = self.more
        # A run memo (runmemo.py) lets the next identical command skip even the imports.
        inputs: list[str] | None = None
        if not (self.stdin or self.no_cache or self.output or self.stalls_file or self.verbose or more.writes):
            inputs = [more.baseline] if more.baseline is not None else []
        report = self.lint(inputs)
        if more.write_baseline is not None:
            return self._write_baseline(report)
        if more.add_noqa:
            return self._add_noqa(report)
        fixed_text = ""
        if more.fixing:
            if self.stdin:
                return self._fix_stdin(report)
            outcome = self._fix(report)
            if isinstance(outcome, int):
                return outcome
            report, fixed_text = outcome
        text = self.render(report) + fixed_text
        if self.output:
            try:
                with open(self.output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError as exc:
                raise ConfigProblem(f"cannot write {self.output}: {exc.strerror or exc}") from None
        else:
            click.echo(text, nl=False, color=self.color or None)
        errors = ""
        if self.output_format != "text" and (report.errors or report.notices):
            errors = "".join(f"asyncio-lint: error: {error.path}: {error.message}\n" for error in report.errors)
            errors += "".join(f"asyncio-lint: note: {note.path}: {note.message}\n" for note in report.notices)
            click.echo(errors, err=True, nl=False)
        code = report.exit_code
        code = 0 if (self.exit_zero or more.fix_only) and code == 1 else code
        if inputs is not None and sys.argv[1:2] == ["check"]:  # (as the entry point sees it)
            _remember_run(self.configs, self.config_file, self.paths, inputs, text, errors, code, report.signatures)
        return code

    def render(self, report: Report) -> str:
        from asyncio_lint.output import FormatOptions, formatter

        more = self.more
        if more.fix_only:
            return "".join(f"{e.path}: error: {e.message}\n" for e in report.errors) if self.output_format == "text" else ""
        color = self.color
        options = FormatOptions(unsafe_fixes=more.unsafe_fixes, show_source=more.show_source,
                                show_fixes=more.show_fixes and not more.fixing, statistics=more.statistics,
                                quiet=more.quiet, color=color, sources=self.sources or None)
        return formatter(self.output_format)(report, options)

    # -- fixes ------------------------------------------------------------------------------------
    def _fix(self, report: Report) -> "tuple[Report, str] | int":
        from asyncio_lint.fixing import fix_report, pending, summary

        more = self.more
        write = not more.diff
        outcomes = fix_report(report, self.configs, more.unsafe_fixes, write=write)
        if more.diff:
            for outcome in outcomes:
                if outcome.changed:
                    click.echo(outcome.diff(), nl=False)
            would = sum(summary(outcomes).values())
            for line in _fix_problems(outcomes):
                click.echo(line, err=True)
            click.echo(f"Would fix {_count(would, 'finding')}.", err=True)
            return 1 if any(o.changed for o in outcomes) else (2 if report.errors else 0)
        # The project phase's fixes that overlapped another one are found again by a new run (a fix
        # dropped once is not tried again).
        skipped: dict[str, set[Any]] = {}
        for round_ in range(3):
            for outcome in outcomes:
                skipped.setdefault(outcome.path, set()).update(outcome.skipped)
            report = self.lint()
            if round_ == 2 or not pending(report, more.unsafe_fixes, skipped):
                break
            again = fix_report(report, self.configs, more.unsafe_fixes, write=True, skip=skipped)
            outcomes += again
            if not any(o.changed for o in again):
                break
        lines = _fix_problems(outcomes)
        total = summary(outcomes)
        if more.show_fixes and total:
            lines.append(f"Fixed {_count(sum(total.values()), 'finding')}:")
            for outcome in outcomes:
                if outcome.applied:
                    lines.append(f"- {outcome.path}:")
                    lines += [f"    {count} x {code}" for code, count in sorted(outcome.applied.items())]
        lines.append(f"Fixed {_count(sum(total.values()), 'finding')}"
                     + (f" ({_count(len(report.findings), 'remaining')})." if report.findings else "."))
        message = "".join(line + "\n" for line in lines)
        if self.output_format == "text" and not more.quiet:
            return report, message
        click.echo(message, err=True, nl=False)
        return report, ""

    def _fix_stdin(self, report: Report) -> int:
        """``check --fix -``: the fixed source on stdout, the remaining findings on stderr."""
        from asyncio_lint.fixing import fix_text

        path = self.stdin_filename or "-"
        text = self.sources.get("-", "")
        result = report.results[0]
        if result.error is not None:
            click.echo(f"{path}: error: {result.error.message}", err=True)
            click.echo(text, nl=False)
            return 2
        config = self.stdin_config
        outcome = fix_text(text, path, config, self.more.unsafe_fixes)
        if self.more.diff:
            click.echo(outcome.diff(), nl=False)
            return 1 if outcome.changed else 0
        click.echo(outcome.after, nl=False)
        remaining = lint_source(outcome.after, path, config)
        if not self.more.fix_only:
            from asyncio_lint.output.text import format_finding

            for finding in remaining.findings:
                click.echo(format_finding(finding), err=True)
        return 1 if remaining.findings and not (self.more.fix_only or self.exit_zero) else 0

    # -- adoption ---------------------------------------------------------------------------------
    def _write_baseline(self, report: Report) -> int:
        from asyncio_lint.adoption import write_baseline

        path = self.more.write_baseline
        assert path is not None
        try:
            count = write_baseline(report, path)
        except OSError as exc:
            raise ConfigProblem(f"cannot write {path}: {exc.strerror or exc}") from None
        for error in report.errors:
            click.echo(f"{error.path}: error: {error.message}", err=True)
        click.echo(f"Recorded {_count(count, 'finding')} in {path}.", err=True)
        return 2 if report.errors else 0

    def _add_noqa(self, report: Report) -> int:
        from asyncio_lint.adoption import add_noqa

        if self.stdin:
            raise click.UsageError("--add-noqa writes files: it cannot be used with stdin ('-')")
        added, skipped, errors = add_noqa(report)
        for error in [*report.errors, *errors]:
            click.echo(f"{error.path}: error: {error.message}", err=True)
        message = f"Added {_count(added, 'noqa directive')}."
        if skipped:
            message += f" {_count(skipped, 'line')} left alone (the line ends inside a string)."
        click.echo(message, err=True)
        return 2 if report.errors or errors else 0


def _fix_problems(outcomes: list[Any]) -> list[str]:
    lines = []
    for outcome in outcomes:
        lines += [f"{outcome.path}: warning: {problem}" for problem in outcome.failed]
        if outcome.error is not None:
            lines.append(f"{outcome.path}: error: {outcome.error}")
    return lines


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word.endswith('remaining') else 's'}"


def _watch(run: _Run) -> None:
    """Check, then again each time a linted file, a folder or the configuration changes."""
    import time

    from asyncio_lint.files import iter_files
    from asyncio_lint.filestat import signature

    def state() -> dict[str, Any]:
        walked: list[str] = []
        files = [f for f in iter_files(list(run.paths), run.configs, walked) if isinstance(f, str)]
        return {p: signature(p) for p in [*walked, *files, *run.configs.consulted]}

    try:
        while True:
            before = state()
            click.echo(f"[{time.strftime('%H:%M:%S')}] asyncio-lint check {' '.join(run.paths)}", err=True)
            run.once()
            click.echo("Watching for changes (Ctrl-C to stop).", err=True)
            while state() == before:
                time.sleep(0.5)
    except KeyboardInterrupt:
        sys.exit(0)


def _remember_run(configs: ConfigResolver, config_file: str | None, paths: tuple[str, ...], inputs: list[str],
                  text: str, errors: str, code: int, known: dict[str, tuple[int, ...] | None]) -> None:
    from asyncio_lint import runmemo
    from asyncio_lint.cache import cache_folder_of
    from asyncio_lint.filestat import package_files

    inputs += runmemo.config_inputs([*paths, os.getcwd()])
    inputs += configs.consulted  # (every pyproject.toml a file's configuration was looked for in)
    if config_file is not None:
        inputs.append(config_file)
    inputs += package_files()
    runmemo.record(cache_folder_of(paths[0] if os.path.exists(paths[0]) else "."), sys.argv[1:], inputs,
                   text, errors, code, known)


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
def server() -> None:
    """Run the language server for editors (LSP over stdio; needs the `lsp` extra: pygls)."""
    from asyncio_lint.server import serve

    serve()


@main.command()
def clean() -> None:
    """Delete the result cache of the project in the current folder (the folder of the nearest
    pyproject.toml or .git), and every cache folder below the current folder."""
    from asyncio_lint.cache import clear

    removed = clear(".")
    click.echo("\n".join(f"removed {folder}" for folder in removed) if removed else "no cache to remove")


@main.command()
@click.option("--markdown", is_flag=True, help="Print the full rule documentation as Markdown.")
@click.option("--write-docs", "docs_folder", type=click.Path(file_okay=False),
              help="Write one Markdown page per rule (and an index) into FOLDER, e.g. docs/rules.")
def rules(markdown: bool, docs_folder: str | None) -> None:
    """List every rule."""
    from asyncio_lint.docs import rule_pages, rules_markdown
    from asyncio_lint.registry import all_rules

    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
    if docs_folder is not None:
        os.makedirs(docs_folder, exist_ok=True)
        pages = rule_pages()
        for name, text in pages.items():
            with open(os.path.join(docs_folder, name), "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        for stale in sorted(set(os.listdir(docs_folder)) - set(pages)):
            if stale.endswith(".md"):
                os.unlink(os.path.join(docs_folder, stale))
        click.echo(f"wrote {len(pages)} pages to {docs_folder}")
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

    from asyncio_lint.urls import rule_url

    rule = rule_by_code(code)
    if rule is None:
        raise click.UsageError(f"no rule {code!r}; `asyncio-lint rules` lists them")
    click.echo(rule_doc(rule), nl=False)
    click.echo(f"\nOnline: {rule_url(rule.CODE)}")
