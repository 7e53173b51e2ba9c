"""Dated events on a lapse timeline: notices, funding windows, suspensions, entry into force.

Each event is an input with its source (a URL) or an ``assumption`` text; outputs that use an
event carrying an assumption say so. The engine reads them as arrays (see ``engine.py``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

HOST = "host"
SENDING_STATE = "sending_state"
PAYERS = (HOST, SENDING_STATE)


@dataclass(frozen=True)
class Notice:
    """A furlough notice served on ``served``; no one may be furloughed before
    ``served + minimum_days`` (its legal minimum; 0 if it sets none)."""

    name: str
    served: date
    minimum_days: int
    reference: str = ""
    assumption: str = ""

    def __post_init__(self) -> None:
        if self.minimum_days < 0:
            raise ValueError(f"notice {self.name!r}: minimum days must not be negative")

    @property
    def earliest_furlough(self) -> date:
        return self.served + timedelta(days=self.minimum_days)


@dataclass(frozen=True)
class Funding:
    """A party pays the lapsed need of ``sectors`` from ``start`` to ``end`` (inclusive) at the
    expiring agreement's last-year level: a bridge arrangement such as Seoul's labour-only
    funding of June 2020, or the sending state's programmed funds of January–March 2020."""

    label: str
    payer: str
    sectors: tuple[str, ...]
    start: date
    end: date
    reference: str = ""
    assumption: str = ""

    def __post_init__(self) -> None:
        if self.payer not in PAYERS:
            raise ValueError(f"funding {self.label!r}: payer must be one of {', '.join(PAYERS)}")
        if self.end < self.start:
            raise ValueError(f"funding {self.label!r}: end ({self.end}) before start")
        if not self.sectors:
            raise ValueError(f"funding {self.label!r}: no sector")


@dataclass(frozen=True)
class Suspension:
    """A sector draws no money from ``start`` to ``end`` (inclusive; None: until entry into
    force); it resumes when the new agreement enters into force."""

    sector: str
    start: date
    end: date | None = None
    reference: str = ""
    assumption: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"suspension of {self.sector}: end ({self.end}) before start")


@dataclass(frozen=True)
class LapseClause:
    """The expiring agreement's clause: these sectors are paid at the prior year's level while
    the agreement lapses (11th SMA: labour)."""

    agreement: str
    sectors: tuple[str, ...]
    reference: str = ""
    assumption: str = ""


@dataclass(frozen=True)
class Events:
    notices: tuple[Notice, ...] = ()
    funding: tuple[Funding, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    lapse_clause: LapseClause | None = None
    top_up: bool = False  # the difference to the new level is paid when the deal comes
    top_up_reference: str = ""
    entry_into_force_reference: str = ""
    input_assumptions: tuple[str, ...] = ()  # other inputs no source states, labelled

    def earliest_furlough(self) -> date | None:
        """The first day anyone may be furloughed: every notice's minimum has run."""
        if not self.notices:
            return None
        return max(n.earliest_furlough for n in self.notices)

    def check(self, sectors: tuple[str, ...]) -> None:
        """Sectors exist; a sector's funding windows and suspensions do not overlap."""
        spans: dict[str, list[tuple[date, date, str]]] = {s: [] for s in sectors}
        for f in self.funding:
            for s in f.sectors:
                if s not in spans:
                    raise ValueError(f"funding {f.label!r}: unknown sector {s!r}")
                spans[s].append((f.start, f.end, f.label))
        for sus in self.suspensions:
            if sus.sector not in spans:
                raise ValueError(f"suspension: unknown sector {sus.sector!r}")
            spans[sus.sector].append((sus.start, sus.end or date.max, f"suspension {sus.sector}"))
        for s, items in spans.items():
            items.sort()
            for (_, end, a), (start, _, b) in itertools.pairwise(items):
                if start <= end:
                    raise ValueError(f"{a!r} and {b!r} overlap for sector {s}")

    def assumptions(self) -> list[str]:
        """Every assumption the events carry, labelled."""
        out = list(self.input_assumptions)
        out += [f"notice {n.name}: {n.assumption}" for n in self.notices if n.assumption]
        out += [f"{f.label}: {f.assumption}" for f in self.funding if f.assumption]
        out += [
            f"suspension of {s.sector}: {s.assumption}" for s in self.suspensions if s.assumption
        ]
        if self.lapse_clause is not None and self.lapse_clause.assumption:
            out.append(
                f"lapse clause of {self.lapse_clause.agreement}: {self.lapse_clause.assumption}"
            )
        return out
