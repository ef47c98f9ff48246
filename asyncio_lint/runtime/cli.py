"""``asyncio-lint sample``: run a program and report where its event loops stalled.

    asyncio-lint sample [--threshold 100ms] [--format text|json|jsonl|speedscope] [--output FILE] SCRIPT [ARGS]...
    asyncio-lint sample [OPTIONS] -m MODULE [ARGS]...

The program runs in this process, like ``python`` would run it: its output, exceptions and exit
status pass through unchanged. Everything after ``SCRIPT`` is the program's: a ``sample``
option found there draws a warning (``--`` before ``SCRIPT`` silences it). The report goes to
``--output`` (kept current while the program runs: see :mod:`.sink`) or to stderr at the end,
never to stdout; it is finished on normal exit, on an exception and on ``SIGTERM``.
"""

from __future__ import annotations

import sys
from typing import Any, Sequence

import click

from .model import DEFAULT_THRESHOLD, parse_threshold
from .report import FORMATS
from .run import ProgramNotFound, run_module, run_script
from .sampler import Sampler
from .sink import ReportSink, finish_on_termination

#: ``sample``'s own options, as they might be misplaced after the script.
_OWN_OPTIONS = ("--threshold", "-t", "--format", "--output", "-o", "--method")


def _threshold(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_threshold(value)
    except ValueError as error:
        raise click.BadParameter(str(error).replace("invalid threshold ", ""), ctx, param) from None


class _SampleCommand(click.Command):
    """Notes whether ``--`` ended sample's options (click drops it from the arguments)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["asyncio_lint.dashdash"] = _dashdash_before_program(args)
        return super().parse_args(ctx, args)


def _dashdash_before_program(args: Sequence[str]) -> bool:
    """True if ``--`` comes before the program (the first argument that is not sample's)."""
    takes_value = False
    for arg in args:
        if takes_value:
            takes_value = False
        elif arg == "--":
            return True
        elif arg in _OWN_OPTIONS or arg == "-m":
            takes_value = True
        elif not arg.startswith("-"):
            return False
    return False


def _misplaced(args: Sequence[str]) -> list[str]:
    found = []
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in _OWN_OPTIONS:
            found.append(name)
    return found


@click.command(
    cls=_SampleCommand,
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
    short_help="Run a program and report event-loop stalls.",
)
@click.option(
    "--threshold", "-t", default=f"{DEFAULT_THRESHOLD * 1000:g}ms", show_default=True,
    callback=_threshold, metavar="DURATION",
    help="Report when a loop step lasts this long (100ms, 0.1s; a bare number is ms).",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format: text, json (for `check --stalls`), jsonl (one line per stall as it "
    "happens; also read by `check --stalls`) or speedscope (flame view).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
    help="Write the report here (kept current while the program runs) instead of stderr at the end.",
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
    uvloop). A stall is a loop step longer than the threshold; the report gives its duration,
    the lines that held it and the sampled stacks. Stalls the machine caused (the loop thread
    waiting for a CPU or the GIL) are listed apart. Options of sample go before SCRIPT.
    """
    if module is None and not args:
        raise click.UsageError("give a SCRIPT to run, or -m MODULE")
    program_args = list(args) if module is not None else list(args[1:])
    misplaced = _misplaced(program_args)
    if misplaced and not ctx.meta.get("asyncio_lint.dashdash"):
        click.echo(
            f"asyncio-lint sample: warning: {', '.join(misplaced)} after the program is passed to the program; "
            "put sample's options before it (sample --threshold 50ms app.py), or write -- before the "
            "program to say this is meant",
            err=True,
        )
    sink = ReportSink(output, fmt, threshold, stream=None if output else sys.stderr)
    if output is not None:
        try:
            sink.open()
        except OSError as error:
            raise click.BadParameter(f"cannot write {output!r}: {error.strerror}", param_hint="--output") from None

    sampler = Sampler(threshold, all_loops=True, method=method)
    sampler.add_listener(sink.add)

    def finish() -> None:
        sampler.flush()
        _flush(sys.stdout)
        sink.finish()

    try:
        with sampler, finish_on_termination(finish):
            if module is not None:
                status = run_module(module, program_args)
            else:
                status = run_script(args[0], program_args)
    except ProgramNotFound as error:
        click.echo(f"asyncio-lint sample: {error}", err=True)
        ctx.exit(2)
    except BaseException:
        # Only our own failures get here (the program's exceptions became its status): still
        # report what was seen before re-raising.
        sink.finish()
        raise
    _flush(sys.stdout)
    sink.finish()
    ctx.exit(status)


def _flush(stream: Any) -> None:
    """Flush a stream the program may have closed or broken (python ignores that at exit too)."""
    try:
        stream.flush()
    except (ValueError, OSError, AttributeError):
        pass


if __name__ == "__main__":  # python -m asyncio_lint.runtime.cli sample-options SCRIPT ...
    sample(prog_name="asyncio-lint sample")
