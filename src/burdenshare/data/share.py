"""Schemas and strict loaders of the host-share files (``data/share/``).

``share/<dataset>.yaml`` holds the sending state's cost of its presence, host support beyond the
SMA and troop levels, by period (a year or a span of years published only as a total);
``share/allies.yaml`` holds the allies panel and NATO's guidelines. Shape is checked here
(unknown keys, signs, periods that follow each other without a missing year); the cost layer
(``costs/share.py``, ``costs/allies.py``) computes from them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from burdenshare.data import DATA_DIR, parse_file
from burdenshare.data.schemas import NonNegative, Strict
from burdenshare.errors import InputError

SHARE_DIR = DATA_DIR / "share"
Flag = Literal["derived", "uncertain", "secondary", "assumption"]
Category = Literal[
    "military_personnel",
    "operation_and_maintenance",
    "family_housing_operation_and_maintenance",
    "family_housing_construction",
    "military_construction",
    "family_housing",  # family housing where the source does not split O&M and construction
    "revolving_funds",  # DoD's revolving and management funds line of the overseas cost summary
]
HostBasis = Literal["direct", "direct+indirect"]
Year = Annotated[int, Field(ge=1945, le=2100)]


class Sourced(Strict):
    source: str = Field(min_length=1)
    flags: tuple[Flag, ...] = ()
    note: str = ""


class SendingStateCost(Sourced):
    """What the sending state spends for its presence over a period (US dollars, major units)."""

    total: NonNegative
    categories: dict[Category, NonNegative] = Field(default_factory=dict)
    # True when the source gives every category of its total: they must then add up to it
    complete: bool = False
    # The unit (US dollars) the source rounds the total and each category to, where its printed
    # categories do not add up to its printed total: they may then differ from it by at most
    # half a unit per printed figure; the total is kept as published. 0: exact, no tolerance.
    rounding: NonNegative = Decimal(0)
    basis: str = Field(min_length=1)
    table: str = ""

    @property
    def rounding_gap(self) -> Decimal:
        """The categories' sum less the total (0 where no category is given)."""
        if not self.categories:
            return Decimal(0)
        return sum(self.categories.values(), Decimal(0)) - self.total

    @model_validator(mode="after")
    def _parts_within_total(self) -> SendingStateCost:
        parts = sum(self.categories.values(), Decimal(0))
        slack = self.rounding * (len(self.categories) + 1) / 2
        if parts > self.total + slack:
            raise ValueError(f"categories add up to {parts}, more than the total {self.total}")
        if self.complete and abs(parts - self.total) > slack:
            within = f" (± {slack} of rounding)" if slack else ""
            raise ValueError(
                f"complete: the categories add up to {parts}, not the total {self.total}{within}"
            )
        return self


class HostFigure(Sourced):
    """Host support beyond the SMA over a period, on a stated basis."""

    basis: HostBasis
    value: NonNegative
    currency: str = Field(min_length=3, max_length=3)
    description: str = Field(min_length=1)
    table: str = ""


class Troops(Sourced):
    value: Annotated[int, Field(ge=0)]


class SharePeriod(Strict):
    """A year or span with the sending state's cost, or a declared gap: years for which no
    sourced cost was found (``gap`` says why); a gap is listed in every output, never filled."""

    first: Year
    last: Year
    sending_state_cost: SendingStateCost | None = None
    gap: str = ""
    host: tuple[HostFigure, ...] = ()
    troops: Troops | None = None

    @model_validator(mode="after")
    def _in_order(self) -> SharePeriod:
        if self.last < self.first:
            raise ValueError(f"last ({self.last}) is before first ({self.first})")
        if (self.sending_state_cost is None) == (not self.gap.strip()):
            raise ValueError("a period has either a sending_state_cost or a gap (why), not both")
        if self.gap and (self.host or self.troops):
            raise ValueError("a gap has no host figures or troops")
        bases = [h.basis for h in self.host]
        if len(set(bases)) != len(bases):
            raise ValueError("one host figure per basis")
        return self


class GdpFigure(Sourced):
    """The host's nominal GDP of one year, in the host currency (major units)."""

    year: Year
    value: NonNegative
    currency: str = Field(min_length=3, max_length=3)


class ShareFile(Strict):
    dataset: str = Field(min_length=1)
    host: str
    sending_state: str
    gdp_series: str | None = None  # the host's nominal GDP (a bundled series, host currency)
    gdp: tuple[GdpFigure, ...] = ()  # or the host's nominal GDP stated here, year by year
    periods: tuple[SharePeriod, ...] = Field(min_length=1)

    @property
    def latest_cost(self) -> tuple[int, SendingStateCost]:
        """The index and cost of the latest period with a sending-state cost."""
        for i in range(len(self.periods) - 1, -1, -1):
            cost = self.periods[i].sending_state_cost
            if cost is not None:
                return i, cost
        raise ValueError("no period has a sending_state_cost")  # excluded by _no_missing_year

    @model_validator(mode="after")
    def _no_missing_year(self) -> ShareFile:
        if self.gdp_series and self.gdp:
            raise ValueError("give the host's GDP either as gdp_series or as gdp, not both")
        years = [g.year for g in self.gdp]
        if len(set(years)) != len(years):
            raise ValueError("gdp: one figure per year")
        for end in (0, len(self.periods) - 1):
            if self.periods[end].gap:
                raise ValueError(f"periods[{end}]: a gap lies between periods with a cost")
        for i in range(1, len(self.periods)):
            before, now = self.periods[i - 1], self.periods[i]
            if now.first <= before.last:
                raise ValueError(
                    f"periods[{i}] ({now.first}) overlaps or precedes periods[{i - 1}] "
                    f"(to {before.last})"
                )
            if now.first > before.last + 1:
                missing = before.last + 1
                raise ValueError(
                    f"periods[{i}]: missing year {missing} (periods must follow each other "
                    f"without a gap; {before.last} is followed by {now.first})"
                )
        return self


class YearFigure(Sourced):
    year: Year
    value: NonNegative


class SupportFigure(Sourced):
    first: Year
    last: Year
    value: NonNegative
    currency: str = Field(min_length=3, max_length=3)
    basis: HostBasis

    @model_validator(mode="after")
    def _in_order(self) -> SupportFigure:
        if self.last < self.first:
            raise ValueError(f"last ({self.last}) is before first ({self.first})")
        return self


class Ally(Strict):
    code: str = Field(min_length=2, max_length=3)
    name: str
    history: str | None = None
    us_troops: tuple[YearFigure, ...] = ()
    defence_pct_gdp: tuple[YearFigure, ...] = ()
    host_support: tuple[SupportFigure, ...] = ()


class Target(Sourced):
    key: str
    label: str
    percent: NonNegative
    agreed: Year
    by: Year


class AlliesFile(Strict):
    countries: tuple[Ally, ...] = Field(min_length=1)
    targets: tuple[Target, ...] = ()


def share_names() -> tuple[str, ...]:
    return tuple(p.stem for p in sorted(SHARE_DIR.glob("*.yaml")) if p.stem != "allies")


def share_file(name_or_path: str | Path) -> tuple[Path, ShareFile]:
    """A bundled share dataset by name (``us-rok``) or any share file by path."""
    bundled = SHARE_DIR / f"{name_or_path}.yaml"
    if isinstance(name_or_path, str) and name_or_path in share_names():
        return bundled, _bundled_share(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        raise InputError(
            str(name_or_path),
            "dataset",
            f"unknown dataset or missing file (bundled: {', '.join(share_names())})",
        )
    return path, parse_file(path, ShareFile)


@cache
def _bundled_share(name: str) -> ShareFile:
    return parse_file(SHARE_DIR / f"{name}.yaml", ShareFile)


@cache
def allies_file() -> AlliesFile:
    return parse_file(SHARE_DIR / "allies.yaml", AlliesFile)
