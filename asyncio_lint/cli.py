"""The ``asyncio-lint`` command line: check, rules, explain (and sample, from the runtime package).

Exit status of ``check``: 0 no findings, 1 findings, 2 a usage or configuration error or a file that
could not be analysed (an error wins over findings).
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Any

import click

from asyncio_lint import __version__
from asyncio_lint.api import lint_paths, lint_source
from asyncio_lint.config import CODE_PREFIX_RE, Config, ConfigError, discover, load_file
from asyncio_lint.types import FileResult, Report


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
            if not CODE_PREFIX_RE.match(code):
                raise click.BadParameter(f"{code!r} is not a code prefix such as AIO1 or AIO101")
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


def _load_config(config_file: str | None, paths: tuple[str, ...]) -> Config:
    try:
        if config_file is not None:
            return load_file(config_file)
        start = paths[0] if paths and paths[0] != "-" and os.path.exists(paths[0]) else os.getcwd()
        return discover(start)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--select", multiple=True, callback=_codes, help="Only these code prefixes (e.g. AIO1,AIO203).")
@click.option("--extend-select", multiple=True, callback=_codes, help="Add these code prefixes to the selection.")
@click.option("--ignore", multiple=True, callback=_codes, help="Skip these code prefixes.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]),
              default="text", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read settings from this TOML file.")
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
          exit_zero: bool, jobs: int | None, stdin_filename: str | None, no_cache: bool,
          python: str | None, no_environment: bool, verbose: bool, stalls_file: str | None) -> None:
    """Check PATHS (files or folders, default '.') for asyncio pitfalls."""
    from asyncio_lint.output import formatter

    paths = paths or (".",)
    config = _load_config(config_file, paths)
    config = config.with_overrides(
        select=select,
        extend_select=(config.extend_select + extend_select) if extend_select else None,
        ignore=(config.ignore + ignore) if ignore else None,
    )
    if paths == ("-",):
        data = sys.stdin.buffer.read()
        report = Report(results=[lint_source(data, stdin_filename or "-", config)])
    else:
        # A run memo (runmemo.py) lets the next identical command skip even the imports.
        inputs: list[str] | None = [] if not (no_cache or output or stalls_file or verbose) else None
        with _Progress() as progress:
            report = lint_paths(list(paths), config, jobs=jobs, cache=not no_cache,
                                on_files=progress.start, on_result=progress.advance, inputs=inputs,
                                start_method="forkserver",  # (workers without the CLI's memory)
                                python=python, environment=not no_environment)
        if verbose:
            for note in report.notes:
                click.echo(f"asyncio-lint: {note}", err=True)
    if stalls_file is not None:
        report = _with_stalls(report, stalls_file)
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
    if output_format != "text" and report.errors:
        errors = "".join(f"asyncio-lint: error: {error.path}: {error.message}\n" for error in report.errors)
        click.echo(errors, err=True, nl=False)
    code = report.exit_code
    code = 0 if exit_zero and code == 1 else code
    if paths != ("-",) and inputs is not None and sys.argv[1:2] == ["check"]:  # (as the entry point sees it)
        _remember_run(config, config_file, paths, inputs, text, errors, code)
    sys.exit(code)


def _remember_run(config: Config, config_file: str | None, paths: tuple[str, ...], inputs: list[str],
                  text: str, errors: str, code: int) -> None:
    from asyncio_lint import runmemo
    from asyncio_lint.cache import cache_folder
    from asyncio_lint.filestat import package_files

    inputs += runmemo.config_inputs([*paths, os.getcwd()])
    if config_file is not None:
        inputs.append(config_file)
    inputs += package_files()
    runmemo.record(str(cache_folder(config)), sys.argv[1:], inputs, text, errors, code)


def _with_stalls(report: Report, stalls_file: str) -> Report:
    """The report with findings confirmed by (and stalls added from) a runtime stall report."""
    from asyncio_lint.runtime.confirm import confirm
    from asyncio_lint.runtime.report import load_report

    try:
        stalls = load_report(stalls_file)
    except ValueError as exc:
        raise ConfigProblem(str(exc)) from None
    by_path: dict[str, list] = {}
    for finding in confirm(report.findings, stalls):
        by_path.setdefault(finding.path, []).append(finding)
    results = [replace(r, findings=tuple(by_path.pop(r.path, ()))) for r in report.results]
    results += [FileResult(path, findings=tuple(found)) for path, found in sorted(by_path.items())]
    return Report(results=results, path_errors=report.path_errors)


class _Progress:
    """A progress bar on stderr for long scans in a terminal; silent in CI, pipes and short runs."""

    MIN_FILES = 200

    def __init__(self) -> None:
        self.bar: Any = None

    def __enter__(self) -> "_Progress":
        return self

    def start(self, total: int) -> None:
        if total >= self.MIN_FILES and sys.stderr.isatty() and not os.environ.get("CI"):
            self.bar = click.progressbar(length=total, label="Checking", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, _result: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
def clean() -> None:
    """Delete the result cache (.asyncio_lint_cache/) of the project in the current folder."""
    from asyncio_lint.cache import clear

    folder = clear(_load_config(None, ()))
    click.echo(f"removed {folder}" if folder else "no cache to remove")


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
