"""``asyncio-lint sample``: run a program and report where its event loops stalled.

    asyncio-lint sample [--threshold 100ms] [--format text|json|speedscope] [--output FILE] SCRIPT [ARGS]...
    asyncio-lint sample [OPTIONS] -m MODULE [ARGS]...

The program runs in this process, like ``python`` would run it: its output, exceptions and exit
status pass through unchanged. The report is written after it ends (also when it raises) to
``--output`` or to stderr, never to stdout.
"""

from __future__ import annotations

import sys
from typing import Sequence

import click

from .report import FORMATS, render
from .run import ProgramNotFound, run_module, run_script
from .sampler import DEFAULT_THRESHOLD, Sampler, parse_threshold


def _threshold(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_threshold(value)
    except ValueError as error:
        raise click.BadParameter(str(error).replace("invalid threshold ", ""), ctx, param) from None


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
    short_help="Run a program and report event-loop stalls.",
)
@click.option(
    "--threshold", "-t", default=f"{DEFAULT_THRESHOLD * 1000:g}ms", show_default=True,
    callback=_threshold, metavar="DURATION",
    help="Report when a loop does not come back within this long (100ms, 0.1s; a bare number is ms).",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format: text, json (for `check --stalls`) or speedscope (flame view).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
    help="Write the report here instead of stderr.",
)
@click.option(
    "--method", type=click.Choice(("auto", "thread")), default="auto", show_default=True,
    help="How loops are looked at: auto (signal ticks for the main thread on Linux, a watchdog "
    "thread elsewhere) or thread (always the thread; for C extensions that fail on EINTR).",
)
@click.option("-m", "module", metavar="MODULE", default=None, help="Run a library module as a script.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar="SCRIPT [ARGS]...")
@click.pass_context
def sample(
    ctx: click.Context, threshold: float, fmt: str, output: str | None, method: str, module: str | None,
    args: Sequence[str],
) -> None:
    """Run SCRIPT (or -m MODULE) with ARGS and report where its event loops stalled.

    Every event loop the program runs is watched (asyncio.run, asyncio.Runner, hand-made loops,
    uvloop). A stall is a time the loop did not come back within the threshold; the report gives
    its duration, the sampled stacks and the blocking line in your code.
    """
    if module is None and not args:
        raise click.UsageError("give a SCRIPT to run, or -m MODULE")
    if output is not None:
        try:
            open(output, "a", encoding="utf-8").close()
        except OSError as error:
            raise click.BadParameter(f"cannot write {output!r}: {error.strerror}", param_hint="--output") from None

    sampler = Sampler(threshold, all_loops=True, method=method)
    try:
        with sampler:
            if module is not None:
                status = run_module(module, list(args))
            else:
                status = run_script(args[0], list(args[1:]))
    except ProgramNotFound as error:
        click.echo(f"asyncio-lint sample: {error}", err=True)
        ctx.exit(2)
    except BaseException:
        # Only our own failures get here (the program's exceptions became its status): still
        # report what was seen before re-raising.
        _write_report(sampler, fmt, output)
        raise
    _flush(sys.stdout)
    _write_report(sampler, fmt, output)
    ctx.exit(status)


def _flush(stream: object) -> None:
    """Flush a stream the program may have closed or broken (python ignores that at exit too)."""
    try:
        stream.flush()  # type: ignore[attr-defined]
    except (ValueError, OSError, AttributeError):
        pass


def _write_report(sampler: Sampler, fmt: str, output: str | None) -> None:
    text = render(sampler.stalls, sampler.threshold, fmt)
    if output is None:
        try:
            sys.stderr.write(text)
        except (ValueError, OSError):  # the program closed stderr: nowhere left to report
            return
        _flush(sys.stderr)
        return
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":  # python -m asyncio_lint.runtime.cli sample-options SCRIPT ...
    sample(prog_name="asyncio-lint sample")
