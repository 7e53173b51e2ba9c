"""A job file: a sweep or Monte Carlo over one scenario, cut into chunks, and its outputs.

Validated like scenarios: shape by the Pydantic schema (unknown keys, types, signs), then
references (the scenario, the sections the kind needs). Every error is an
``InputError(file, field, problem)``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from burdenshare import __version__
from burdenshare.data import parse_file, scenario_path
from burdenshare.data.schemas import NonNegative, Number, Strict
from burdenshare.errors import InputError
from burdenshare.limits import MAX_MAGNITUDE

if TYPE_CHECKING:
    from burdenshare.costs.scenario import Proposal, Scenario

JOBS_DIR = Path(str(resources.files("burdenshare.data"))) / "jobs"
MAX_SIZE = 10**12
Edge = Annotated[int, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]  # limits.py


class LapseSweepSpec(Strict):
    """Deal dates uniform over expiry + 0 … ``max_delay_days``; reserve one of evenly spaced
    levels from ``reserve_low`` to ``reserve_high`` (major units of the expiring currency)."""

    max_delay_days: Annotated[int, Field(ge=0, le=3650)] = 365
    reserve_low: NonNegative = Decimal(0)
    reserve_high: NonNegative = Decimal(0)
    reserve_levels: Annotated[int, Field(ge=1, le=1000)] = 1

    @model_validator(mode="after")
    def _ordered(self) -> LapseSweepSpec:
        if self.reserve_high < self.reserve_low:
            raise ValueError(
                f"reserve_high ({self.reserve_high}) is below reserve_low ({self.reserve_low})"
            )
        return self


class CostSweepSpec(Strict):
    """One of the scenario's proposals (uniformly), escalating each year at one fixed rate
    drawn uniformly in whole basis points from ``rate_low`` … ``rate_high`` percent."""

    rate_low: Annotated[Number, Field(ge=-100, le=100, decimal_places=2)] = Decimal(0)
    rate_high: Annotated[Number, Field(ge=-100, le=100, decimal_places=2)] = Decimal(0)
    proposals: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> CostSweepSpec:
        if self.rate_high < self.rate_low:
            raise ValueError(f"rate_high ({self.rate_high}%) is below rate_low ({self.rate_low}%)")
        return self


METRICS = {
    "monte-carlo": (
        "agreement_round",
        "outcome",
        "first_year_amount",
        "deal_by_deadline",
        "lapse_cost_host",
        "lapse_cost_sending_state",
        "lapse_cost_workers",
    ),
    "lapse-sweep": ("cost_host", "cost_sending_state", "cost_workers", "delay_days"),
    "cost-sweep": ("total", "last_year", "rate_bp"),
}


class OutputsSpec(Strict):
    parquet: bool = True  # summary.parquet next to summary.json
    raw: bool = False  # every draw's outcomes, chunk by chunk, as Parquet (large)
    histograms: dict[str, tuple[Edge, ...]] = Field(
        default_factory=dict
    )  # metric → fixed bin edges (integers)


class JobFile(Strict):
    name: str = Field(min_length=1)
    description: str = ""
    scenario: str = Field(min_length=1)
    kind: Literal["monte-carlo", "lapse-sweep", "cost-sweep"]
    size: Annotated[int, Field(ge=1, le=MAX_SIZE)]
    seed: Annotated[int, Field(ge=0, lt=2**63)]
    chunk_size: Annotated[int, Field(ge=1, le=10_000_000)]
    lapse_sweep: LapseSweepSpec | None = None
    cost_sweep: CostSweepSpec | None = None
    outputs: OutputsSpec = OutputsSpec()


@dataclass(frozen=True)
class Job:
    """A validated job: its file, spec and the canonical text workers receive."""

    path: Path
    spec: JobFile

    @property
    def text(self) -> str:
        """Canonical JSON of the spec (what workers get, and what the hash covers)."""
        return json.dumps(self.spec.model_dump(mode="json"), sort_keys=True)

    @property
    def digest(self) -> str:
        """Identity of the results: the spec and the burdenshare version that computes them."""
        return hashlib.sha256(f"{__version__}\n{self.text}".encode()).hexdigest()

    @property
    def chunks(self) -> int:
        return -(-self.spec.size // self.spec.chunk_size)


def job_path(name_or_path: str | Path) -> Path:
    """A bundled job by name (``sma-2018-montecarlo``) or any job file by path."""
    bundled = JOBS_DIR / f"{name_or_path}.yaml"
    return bundled if bundled.exists() else Path(name_or_path)


def load_job(name_or_path: str | Path) -> Job:
    """Read and check a job file: its shape, then that its scenario has what the kind needs."""
    path = job_path(name_or_path)
    spec = parse_file(path, JobFile)
    check_kind(spec, path)
    check_references(spec, path)
    return Job(path, spec)


def from_text(text: str) -> JobFile:
    """The spec back from :attr:`Job.text` (on a worker)."""
    return JobFile.model_validate_json(text)


def check_kind(spec: JobFile, path: Path) -> None:
    """Sections and metrics that belong to another kind of job; histogram edges."""
    for kind, section in (("lapse-sweep", "lapse_sweep"), ("cost-sweep", "cost_sweep")):
        if getattr(spec, section) is not None and spec.kind != kind:
            raise InputError(path, section, f"only a {kind} job has this section")
    for metric, edges in spec.outputs.histograms.items():
        field = f"outputs.histograms.{metric}"
        if metric not in METRICS[spec.kind]:
            known = ", ".join(METRICS[spec.kind])
            raise InputError(path, field, f"no such metric in a {spec.kind} job ({known})")
        if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
            raise InputError(path, field, "bin edges: at least two, increasing")


def check_references(spec: JobFile, path: Path) -> None:
    from burdenshare.costs.scenario import load_scenario

    if not scenario_path(spec.scenario).is_file():
        raise InputError(path, "scenario", f"unknown scenario {spec.scenario!r}")
    try:
        scenario = load_scenario(spec.scenario)
    except InputError as exc:
        raise InputError(path, "scenario", f"{spec.scenario!r} is invalid: {exc}") from None
    needs = {"monte-carlo": "simulation", "lapse-sweep": "lapse"}.get(spec.kind)
    if needs is not None and getattr(scenario.spec, needs) is None:
        raise InputError(path, "scenario", f"{spec.scenario!r} has no {needs} section")
    if spec.kind == "cost-sweep":
        swept = cost_proposals(spec, scenario, path)
        currencies = sorted({p.agreement.currency.code for p in swept})
        if len(currencies) > 1:
            raise InputError(
                path,
                "cost_sweep.proposals",
                f"proposals in {' and '.join(currencies)}: choose proposals of one currency",
            )


def cost_proposals(spec: JobFile, scenario: Scenario, source: Path) -> tuple[Proposal, ...]:
    """The proposals a cost sweep draws from: those named, else all in the baseline's currency."""
    keys = spec.cost_sweep.proposals if spec.cost_sweep is not None else None
    if not keys:
        currency = scenario.baseline.agreement.currency
        return tuple(p for p in scenario.all if p.agreement.currency == currency)
    known = {p.key: p for p in scenario.all}
    for i, key in enumerate(keys):
        if key not in known:
            raise InputError(source, f"cost_sweep.proposals[{i}]", f"unknown proposal {key!r}")
    return tuple(known[k] for k in keys)
