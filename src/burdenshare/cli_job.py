"""The `job` commands: validate and run scale-out jobs (sweeps, Monte Carlo) on an executor."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from burdenshare import render
from burdenshare.errors import InputError

# the runtime (NumPy, Dask, the engines) loads inside the commands: `--help` stays fast
SCHEDULER_ENV = "BURDENSHARE_DASK_SCHEDULER"  # = runtime.executors.SCHEDULER_ENV (tested)

job_app = typer.Typer(
    help="Scale-out jobs: sweeps and Monte Carlo in chunks, in-process, local processes or Dask.",
    no_args_is_help=True,
)


class ExecutorName(StrEnum):
    inprocess = "inprocess"
    processes = "processes"
    dask = "dask"


class JobFormat(StrEnum):
    table = "table"
    json = "json"


@job_app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Job YAML files.")],
) -> None:
    """Check job files strictly (and their scenarios); exit code 2 on the first problem."""
    from burdenshare.runtime import load_job

    for path in files:
        job = load_job(path)
        typer.echo(
            f"{path}: ok ({job.spec.name}: {job.spec.kind} of {job.spec.scenario}, "
            f"{job.spec.size:,} draws in {job.chunks:,} chunks)"
        )


@job_app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Job YAML file (or a bundled job's name).")],
    executor: Annotated[
        ExecutorName | None,
        typer.Option(help="Where chunks run (default: dask with --scheduler, else inprocess)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Local worker processes (default: the CPU count)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help=f"Dask scheduler tcp://HOST:PORT (or ${SCHEDULER_ENV})."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Directory for checkpoints, summary.json and Parquet."),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the job in --out, skipping done chunks.")
    ] = False,
    fmt: Annotated[JobFormat, typer.Option("--format", "-f", help="Output format.")] = (
        JobFormat.table
    ),
    digits: Annotated[
        int,
        typer.Option(
            min=0,
            max=18,
            help="Significant figures in the tables (0: exact values); JSON is always exact.",
        ),
    ] = 5,
) -> None:
    """Run a job and print its summary; with --out, every finished chunk is checkpointed."""
    from burdenshare.runtime import load_job, make_executor, run_job

    job = load_job(file)
    if resume and out is None:
        raise typer.BadParameter("--resume needs --out", param_hint="--resume")
    if out is not None and (out.is_symlink() or (out.exists() and not out.is_dir())):
        raise InputError("--out", str(out), "is not a directory: give a directory or a new path")
    engine = make_executor(executor.value if executor else None, workers, scheduler)
    try:
        with _progress(job.chunks) as advance:
            result = run_job(job, engine, out, resume, advance)
    finally:
        engine.close()
    typer.echo(
        f"{result.computed:,} chunks computed, {result.reused:,} reused ({engine.name})",
        err=True,
    )
    if fmt is JobFormat.json:
        sys.stdout.write(render.to_json(result.summary))
    else:
        _print(result.summary, digits)


@contextmanager
def _progress(chunks: int) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr: chunks done, throughput and ETA."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TaskID,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class _Throughput(ProgressColumn):
        """Draws (negotiations, lapses, schedules) per second computed by this run."""

        def render(self, task: Task) -> Text:
            elapsed = task.elapsed or 0.0
            draws = task.fields["draws"] - task.fields["reused"]
            return Text(f"{draws / elapsed:,.0f} draws/s" if elapsed > 0 and draws > 0 else "")

    columns = (
        TextColumn("job"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("chunks"),
        _Throughput(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: list[TaskID] = []

        def advance(done: int, draws: int) -> None:
            if not tasks:  # chunks already checkpointed count as done, not as speed
                tasks.append(
                    bar.add_task("chunks", total=chunks, completed=done, draws=draws, reused=draws)
                )
            bar.update(tasks[0], completed=done, draws=draws)

        yield advance


def _print(summary: dict[str, Any], digits: int) -> None:
    from burdenshare.present.job import job_tables  # present/job.py: one shaping
    from burdenshare.present.table import rich_table

    out = render.console()
    out.print(
        f"[bold]{summary['job']}[/bold]: {summary['kind']} of {summary['scenario']}, "
        f"{summary['draws']:,} draws (seed {summary['seed']}), money in {summary['currency']}"
    )
    for table in job_tables(summary, digits):
        out.print(rich_table(table))


def register(app: typer.Typer) -> None:
    """Add the `job` commands to the ``burdenshare`` app."""
    app.add_typer(job_app, name="job")
