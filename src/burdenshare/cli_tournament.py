"""The `tournament` command: agents × domains × repetitions, ranked, with plots.

Domains are GENIUS folders (one domain file, two or more profiles; the first two profiles in
name order play) or the bundled ANAC 2010–2011 set. Matches run here or on Dask (a
LocalCluster, or ``--scheduler``); each match depends only on the seed and its number, so the
written files are byte-identical either way. Everything is computed before anything is written.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from burdenshare.errors import InputError
from burdenshare.files import atomic_write

if TYPE_CHECKING:
    from burdenshare.negotiation.agents import agent_names, registered
    from burdenshare.negotiation.genius import GeniusWarning, load_genius_folder
    from burdenshare.negotiation.tournament import (
        Match,
        MatchResult,
        Standing,
        TournamentDomain,
        prepare_domain,
        ranking,
        run_match,
        run_tournament,
        serial,
    )

DATA_DIR = Path(__file__).parent / "data"  # = burdenshare.data.DATA_DIR, without its schemas


def _load() -> None:
    """Bring in the negotiation engine the first time a tournament function runs (so that
    `burdenshare --help` does not load it)."""
    from burdenshare.negotiation import agents, genius, tournament

    globals().update(
        agent_names=agents.agent_names,
        registered=agents.registered,
        GeniusWarning=genius.GeniusWarning,
        load_genius_folder=genius.load_genius_folder,
        **{
            name: getattr(tournament, name)
            for name in (
                "Match",
                "MatchResult",
                "Standing",
                "TournamentDomain",
                "prepare_domain",
                "ranking",
                "run_match",
                "run_tournament",
                "serial",
            )
        },
    )


BUNDLED = {
    "anac-2010-2011": tuple(
        sorted(p for p in (DATA_DIR / "genius").glob("y201[01]/*") if p.is_dir())
    ),
}
DEFAULT_AGENTS = ("boulware", "conceder", "hardheaded", "bayesian", "nice-tit-for-tat")


class Where(StrEnum):
    inprocess = "inprocess"
    dask = "dask"


def _agents(text: str) -> tuple[str, ...]:
    _load()
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    known = set(agent_names())
    for name in names:
        if name not in known:
            raise InputError("--agents", name, f"unknown agent; known: {', '.join(sorted(known))}")
    if len(set(names)) < 2 or len(set(names)) != len(names):
        raise InputError("--agents", text, "needs at least two distinct agents")
    return names


def _domains(folders: Sequence[Path]) -> list[TournamentDomain]:
    _load()
    domains = []
    for folder in folders:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", GeniusWarning)
            space, parties = load_genius_folder(folder)
        for warning in caught:
            typer.echo(f"warning: {warning.message}", err=True)
        name = f"{folder.parent.name}/{folder.name}"
        domains.append(prepare_domain(name, space, parties))
    return domains


def _dask(scheduler: str | None, workers: int) -> Any:
    _load()

    def mapper(
        listed: Sequence[Match], domains: Sequence[TournamentDomain], rounds: int, seed: int
    ) -> Iterator[MatchResult]:
        from distributed import Client, LocalCluster

        cluster = None
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
        client = Client(cluster if cluster is not None else scheduler)
        try:
            shared = client.scatter(list(domains), broadcast=True)
            futures = client.map(run_match, listed, domains=shared, rounds=rounds, seed=seed)
            results: list[MatchResult] = client.gather(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return iter(results)

    return mapper


def _csv(rows: Sequence[dict[str, object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: repr(v) if isinstance(v, float) else v for k, v in row.items()})
    return buffer.getvalue().encode()


def table(standings: Sequence[Standing]) -> str:
    """The ranked table, one agent a line."""
    _load()
    lines = [
        f"{'rank':>4}  {'agent':<18} {'matches':>7} {'utility':>8} {'welfare':>8} "
        f"{'d_pareto':>8} {'d_nash':>8} {'agreed':>7}"
    ]
    for rank, s in enumerate(standings, start=1):
        lines.append(
            f"{rank:>4}  {s.agent:<18} {s.matches:>7} {s.utility:>8.4f} {s.welfare:>8.4f} "
            f"{s.pareto_distance:>8.4f} {s.nash_distance:>8.4f} {s.agreement_rate:>7.1%}"
        )
    return "\n".join(lines) + "\n"


def plots(standings: Sequence[Standing], results: Sequence[MatchResult]) -> dict[str, bytes]:
    """Two SVG charts (no date, fixed ids, so the same results give the same bytes)."""
    _load()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    charts: dict[str, bytes] = {}
    names = [s.agent for s in standings][::-1]
    with plt.rc_context({"svg.hashsalt": "burdenshare-tournament", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(6, 0.4 * len(names) + 1.2))
        ax.barh(names, [s.utility for s in standings][::-1], color="#4477aa", label="utility")
        ax.plot(
            [s.agreement_rate for s in standings][::-1],
            names,
            "o",
            color="#cc6677",
            label="agreement rate",
        )
        ax.set_xlim(0, 1.05)
        ax.set_xlabel("mean over matches")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        charts["ranking.svg"] = _svg(fig)
        fig, ax = plt.subplots(figsize=(5, 5))
        for agent in [s.agent for s in standings]:
            mine = [
                r.utilities[r.match.agents.index(agent)] for r in results if agent in r.match.agents
            ]
            theirs = [
                r.utilities[1 - r.match.agents.index(agent)]
                for r in results
                if agent in r.match.agents
            ]
            ax.plot(mine, theirs, ".", alpha=0.5, label=agent)
        ax.set_xlabel("agent's utility")
        ax.set_ylabel("opponent's utility")
        ax.legend(fontsize=7)
        charts["outcomes.svg"] = _svg(fig)
    return charts


def _svg(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buffer.getvalue()


def outputs(results: Sequence[MatchResult]) -> dict[str, bytes]:
    """Every file the tournament writes, by name."""
    _load()
    standings = ranking(results)
    files = {
        "results.csv": _csv([r.record() for r in results]),
        "ranking.csv": _csv([dict(vars(s)) for s in standings]),
        "ranking.txt": table(standings).encode(),
    }
    files.update(plots(standings, results))
    return files


def tournament(
    domains: Annotated[
        list[Path] | None, typer.Argument(help="GENIUS domain folders (default: --bundled).")
    ] = None,
    bundled: Annotated[
        str, typer.Option(help=f"Bundled domain set: {', '.join(BUNDLED)}.")
    ] = "anac-2010-2011",
    agents: Annotated[
        str, typer.Option(help="Comma-separated agent names (see --list-agents).")
    ] = ",".join(DEFAULT_AGENTS),
    repetitions: Annotated[int, typer.Option(min=1)] = 1,
    rounds: Annotated[int, typer.Option(min=2, max=100_000)] = 100,
    seed: Annotated[int, typer.Option(min=0)] = 0,
    executor: Annotated[Where, typer.Option(help="Where matches run.")] = Where.inprocess,
    workers: Annotated[int, typer.Option(min=1, help="Dask LocalCluster workers.")] = 2,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder for results, ranking, plots.")
    ] = None,
    list_agents: Annotated[bool, typer.Option("--list-agents", help="List agents.")] = False,
) -> None:
    """Run a tournament: every ordered pair of agents on every domain, both roles."""
    _load()
    if list_agents:
        for name, spec in sorted(registered().items()):
            typer.echo(f"{name}\t{spec.summary}\t{spec.reference}")
        return
    chosen = _agents(agents)
    if bundled not in BUNDLED:
        raise InputError("--bundled", bundled, f"unknown set; known: {', '.join(BUNDLED)}")
    prepared = _domains(domains or BUNDLED[bundled])
    mapper = _dask(scheduler, workers) if executor is Where.dask or scheduler else serial
    results = run_tournament(chosen, prepared, repetitions, rounds, seed, mapper)
    files = outputs(results)
    typer.echo(files["ranking.txt"].decode(), nl=False)
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            atomic_write(output / name, data)
        typer.echo(f"wrote {', '.join(sorted(files))} to {output}")


def register(app: typer.Typer) -> None:
    """Add the `tournament` command to the ``burdenshare`` app."""
    app.command("tournament")(tournament)
