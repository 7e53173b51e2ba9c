"""The briefing's content, gathered from the engines into frozen values (no I/O, no layout).

Every figure shown is formatted here, once, by the engine's own exact formatting
(:func:`burdenshare.money.format_money`, :func:`burdenshare.render.scaled`); the charts get the
raw numbers beside them. Each figure's reference is numbered in :class:`Sources`, and the
tables carry those numbers, so the reader can check every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from burdenshare import render
from burdenshare.costs.compare import Compared, Comparison, compare
from burdenshare.costs.escalation import SeriesBank
from burdenshare.costs.history import History, history, history_records
from burdenshare.costs.scenario import Scenario
from burdenshare.lapse.calibration import calibrate, calibrated_lapse
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import Timeline, simulate_case
from burdenshare.money import Currency, Money, format_money
from burdenshare.present.comparison import comparison_summary, comparison_yearly
from burdenshare.present.history import history_table
from burdenshare.present.lapse import (
    DEAL_MONTH_COLUMNS,
    lapse_events,
    lapse_headlines,
    lapse_months,
)
from burdenshare.present.lapse_calibration import calibration_table
from burdenshare.present.outlook import outlook_table
from burdenshare.present.policy import DEFAULT_BASE_YEAR, DEFAULT_RUNS
from burdenshare.present.schedule import schedule_table
from burdenshare.present.study import POINT_NAMES, frontier_table, points_table
from burdenshare.present.table import ResultTable
from burdenshare.reports.bottom import BottomLine, bottom_line
from burdenshare.reports.calibration import CalibrationSections, calibration_sections
from burdenshare.reports.share import ShareSections, share_sections
from burdenshare.talks import montecarlo
from burdenshare.talks.study import POINTS, NegotiationStudy, study_scenario

# the briefing's history columns (present/history.py): as agreed, growth, figure, citation
HISTORY_COLUMNS = ("year", "agreement", "currency", "amount", "growth_pct", "figure", "source")


@dataclass(frozen=True)
class Table:
    """A table of formatted cells; ``numeric`` marks the right-aligned columns."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class Sources:
    """Numbered references, in order of first use; the same text gets the same number."""

    entries: tuple[tuple[str, str], ...]  # (reference, what it supports)


class _Citations:
    """Collects references while the sections are built (numbers from 1)."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._uses: dict[str, list[str]] = {}

    def cite(self, reference: str, what: str) -> str:
        ref = reference.strip()
        if not ref:
            return ""
        if ref not in self._numbers:
            self._numbers[ref] = len(self._numbers) + 1
            self._uses[ref] = []
        if what not in self._uses[ref]:
            self._uses[ref].append(what)
        return f"[{self._numbers[ref]}]"

    def sources(self) -> Sources:
        return Sources(tuple((ref, "; ".join(self._uses[ref])) for ref in self._numbers))


@dataclass(frozen=True)
class Position:
    party: str
    label: str
    first_year: str
    cite: str


@dataclass(frozen=True)
class Situation:
    description: str
    as_of: str
    expiring: str
    expiry: str
    reference_level: str
    reference_cite: str
    deadline: str
    positions: tuple[Position, ...]
    positions_title: str = "Public positions"


@dataclass(frozen=True)
class CompareSection:
    currency: str
    prices: str
    rate: str
    discount: str
    summary: ResultTable  # present/comparison.py, as the CLI and /proposals show it
    yearly: ResultTable
    # chart data: (proposal key, party, ((year, amount in major units), ...))
    lines: tuple[tuple[str, str, tuple[tuple[int, float], ...]], ...]
    unit: str


@dataclass(frozen=True)
class LapseSection:
    headlines: ResultTable  # present/lapse.py, as the CLI and /lapse show them
    risk: tuple[str, ...]  # the two lines of the bottom line's lapse risk
    expiring: str
    expiry: str
    deal_on: str
    summary: tuple[str, ...]
    # present/lapse.py and present/lapse_calibration.py, as `burdenshare lapse` and /lapse
    events: ResultTable  # the dated events and the lapse's assumptions
    months: ResultTable
    # chart data: month label, people on unpaid leave, reserve balance (major units)
    chart: tuple[tuple[str, int, float], ...]
    currency: str
    calibration: ResultTable | None = None  # a bundled lapse beside the record

    @property
    def charted(self) -> bool:
        """Whether the chart would show anything (an all-zero chart is left out)."""
        return any(people or reserve for _, people, reserve in self.chart)


@dataclass(frozen=True)
class NegotiationSection:
    title: str
    parties: tuple[str, str]
    facts: tuple[str, ...]
    points: ResultTable  # present/study.py
    illustration: bool
    # frontier chart data
    utilities: tuple[tuple[float, ...], tuple[float, ...]]
    pareto: tuple[int, ...]
    reservation: tuple[float, float]
    marked: tuple[tuple[str, float, float], ...]
    outlook: ResultTable | None  # present/outlook.py


@dataclass(frozen=True)
class HistorySection:
    description: str
    table: ResultTable  # present/history.py
    # chart data: (year, amount in billions of the main currency, computed)
    bars: tuple[tuple[int, float, bool], ...]
    currency: str


@dataclass(frozen=True)
class Report:
    title: str
    scenario: str
    bottom: BottomLine
    situation: Situation
    comparison: CompareSection
    lapse: LapseSection | None
    negotiation: NegotiationSection | None
    history: HistorySection
    sources: Sources
    # full tables (schedules, frontier: present/'s ResultTable; lapse by deal month: Table)
    appendix: tuple[tuple[str, Table | ResultTable], ...] = field(default=())
    share: ShareSections | None = None  # "What each side pays", "How the allies compare"
    calibration: CalibrationSections | None = None  # "Calibration", "Sensitivity"


@dataclass(frozen=True)
class TrackedOffer:
    """An offer recorded in the tracker: its round, party, label and outcome in the space."""

    round: int
    party: str
    label: str
    outcome_index: int


@dataclass(frozen=True, eq=False)
class TrackedNegotiation:
    """What one user may see of a tracked negotiation, gathered by the interface beforehand:
    the negotiation's public fields, the recorded offers, and the study built from the user's
    own delegation's profiles only."""

    title: str
    description: str
    expiring: str
    expires_on: date | None
    deadline: date | None
    delegation: str
    study: NegotiationStudy
    offers: tuple[TrackedOffer, ...]
    sources: tuple[str, ...]
    as_of: date | None = None  # the latest recorded round's last day: the briefing's date


@dataclass(frozen=True)
class Options:
    """What the user may change: title, comparison currency, Monte Carlo runs and seed, and
    real terms (the proposals in ``base_year`` prices; default base year: 2020)."""

    title: str | None = None
    currency: Currency | None = None
    runs: int | None = DEFAULT_RUNS
    seed: int | None = None
    appendix: bool = False  # full tables: schedules, Pareto frontier, lapse by deal month
    real: bool = False
    base_year: int | None = None

    @property
    def prices_year(self) -> int | None:
        """The base year of real terms (None: nominal)."""
        return (self.base_year or DEFAULT_BASE_YEAR) if self.real else None


def build_report(
    scenario: Scenario, options: Options | None = None, tracked: TrackedNegotiation | None = None
) -> Report:
    """Gather the briefing of ``scenario`` from the cost, lapse and negotiation engines.

    With ``tracked`` (a negotiation of the tracker on this scenario), its title, dates,
    recorded offers and the study of the user's own profiles replace the scenario's.
    """
    opts = options or Options()
    cites = _Citations()
    comparison = compare(scenario, opts.currency, opts.real, opts.prices_year)
    timeline = simulate_case(lapse_case(scenario)) if scenario.spec.lapse is not None else None
    study: NegotiationStudy | None = None
    if tracked is not None:
        study = tracked.study
    elif scenario.spec.negotiation is not None:
        study = study_scenario(scenario)
    setup = (
        montecarlo.setup(scenario)
        if study is not None and scenario.spec.simulation is not None
        else None
    )
    situation = _situation(scenario, comparison, timeline, setup, cites)
    if tracked is not None:
        situation = _tracked_situation(situation, tracked, cites)
    compare_section = _compare_section(comparison, cites)
    lapse_section = _lapse_section(scenario, timeline, cites) if timeline else None
    outlook = montecarlo.run(setup, opts.runs, opts.seed).summary() if setup else None
    negotiation_section = (
        _negotiation_section(study, setup, outlook, cites) if study is not None else None
    )
    if negotiation_section is not None and tracked is not None:
        whose = (
            f"Utilities and reservation values: the {tracked.delegation} delegation's own "
            "profiles (private to it; its estimate of the other party's).",
        )
        negotiation_section = replace(
            negotiation_section, facts=(*negotiation_section.facts, *whose)
        )
    share = share_sections(scenario, cites.cite)
    calibration = calibration_sections(scenario, cites.cite)
    history_section = _history_section(
        history(scenario.dataset.name, scenario.bank), scenario.bank, cites
    )
    for ref in scenario.sources:
        cites.cite(ref, "scenario sources")
    appendix = _appendix(comparison, timeline, study) if opts.appendix else ()
    title = opts.title or (tracked.title if tracked is not None else scenario.title)
    bottom = bottom_line(
        scenario,
        comparison,
        lapse_section.risk if lapse_section is not None else (),
        study,
        outlook,
    )
    return Report(
        title=title,
        scenario=scenario.name,
        bottom=bottom,
        situation=situation,
        comparison=compare_section,
        lapse=lapse_section,
        negotiation=negotiation_section,
        history=history_section,
        sources=cites.sources(),
        appendix=appendix,
        share=share,
        calibration=calibration,
    )


def _situation(
    sc: Scenario,
    comparison: Comparison,
    timeline: Timeline | None,
    setup: montecarlo.Setup | None,
    cites: _Citations,
) -> Situation:
    agreement = sc.dataset.agreement(sc.reference_agreement)
    expiry = timeline.case.expiry if timeline else date(agreement.years[-1], 12, 31)
    deadline = setup.deadline if setup else expiry
    positions = []
    for item in comparison.items[1:]:
        proposal = item.proposal
        first = item.schedule.rows[0].amount
        positions.append(
            Position(
                proposal.party,
                proposal.label,
                format_money(first),
                cites.cite(proposal.reference, f"proposal {proposal.key}"),
            )
        )
    return Situation(
        description=sc.description,
        as_of=sc.as_of.isoformat() if sc.as_of else "",
        expiring=f"{agreement.id}: {agreement.name}",
        expiry=expiry.isoformat(),
        reference_level=f"{format_money(sc.reference_amount)} ({sc.reference_agreement}, "
        f"{sc.reference_year})",
        reference_cite=cites.cite(sc.baseline.reference, "baseline and reference level"),
        deadline=deadline.isoformat(),
        positions=tuple(positions),
    )


def _tracked_situation(
    base: Situation, tracked: TrackedNegotiation, cites: _Citations
) -> Situation:
    """The negotiation's own description and dates; its recorded offers as the positions."""
    study = tracked.study
    positions = []
    for offer in tracked.offers:
        first = ""
        if study.domain is not None:
            payments = study.domain.payments_of(study.space.outcome_at(offer.outcome_index))
            first = format_money(Money(int(payments[0]), study.domain.currency))
        positions.append(Position(offer.party, f"round {offer.round}: {offer.label}", first, ""))
    for ref in tracked.sources:
        cites.cite(ref, "negotiation record")
    return replace(
        base,
        description=tracked.description or base.description,
        expiring=tracked.expiring or base.expiring,
        expiry=tracked.expires_on.isoformat() if tracked.expires_on else base.expiry,
        deadline=tracked.deadline.isoformat() if tracked.deadline else base.deadline,
        positions=tuple(positions),
        positions_title="Recorded offers",
        as_of=tracked.as_of.isoformat() if tracked.as_of else base.as_of,
    )


def _major(money: Money, scale: str) -> float:
    return float(Decimal(money.minor).scaleb(-money.currency.exponent - render.SCALES[scale]))


def _compare_section(result: Comparison, cites: _Citations) -> CompareSection:
    sc, cur = result.scenario, result.currency
    rate_ref = sc.exchange_rate.reference if sc.exchange_rate else ""
    rate = result.rate + cites.cite(rate_ref, "exchange rate")
    discount = f"{sc.discount_percent}%" + cites.cite(sc.discount_reference, "discount rate")
    marks = {
        item.proposal.key: cites.cite(item.proposal.reference, f"proposal {item.proposal.key}")
        for item in result.items
    }
    summary = comparison_summary(result, marks=marks).select(
        "proposal",
        "party",
        "percent_of_reference",
        "years",
        "first_year",
        "total",
        "npv",
        "diff_total",
        "source",
    )
    unit = render.DEFAULT_SCALE[cur]
    yearly = comparison_yearly(result, unit, detail=False)
    lines = tuple(
        (
            item.proposal.key,
            item.proposal.party,
            tuple((y, _major(m, unit)) for y, m in sorted(item.yearly.items())),
        )
        for item in result.items
    )
    return CompareSection(
        currency=cur.code,
        prices=f"real {result.base_year}" if result.real else "nominal",
        rate=rate,
        discount=discount,
        summary=summary,
        yearly=yearly,
        lines=lines,
        unit=unit,
    )


def _lapse_events(timeline: Timeline, cites: _Citations) -> ResultTable:
    """The lapse's dated events and assumptions (present/lapse.py), each event cited."""
    ev = timeline.case.events
    for ref in [x.reference for x in ev.notices] + [x.reference for x in ev.funding]:
        cites.cite(ref, "lapse event")
    return lapse_events(timeline)


def _lapse_calibration(sc: Scenario, cites: _Citations) -> ResultTable | None:
    """A bundled lapse beside the record (present/lapse_calibration.py), each source cited."""
    lapse = calibrated_lapse(sc.name, sc.path)
    if lapse is None:
        return None
    result = calibrate()
    marks = [
        cites.cite(c.source, f"lapse calibration: {c.item}")
        for c in result.checks
        if c.lapse == lapse
    ]
    return calibration_table(result, lapse, marks)


def _lapse_section(sc: Scenario, timeline: Timeline, cites: _Citations) -> LapseSection:
    case, summary = timeline.case, timeline.summary()
    spec = sc.spec.lapse
    assert spec is not None
    cur = Currency.parse(case.currency_code)
    costs = summary.costs
    deal_cite = cites.cite(spec.deal_reference, "deal date of the lapse")
    if spec.extension is not None:
        cites.cite(spec.extension.reference, "funding during the lapse")
    for ref in spec.workforce.references:
        cites.cite(ref, "workforce")

    deal = f"Deal in force: {case.deal_on or 'none before the horizon'}{deal_cite}."
    risk = (  # the bottom line's lapse risk; the detail shows these figures in its table
        deal,
        f"Payroll funding runs out: {summary.payroll_runs_out or 'never'}; up to "
        f"{summary.max_on_leave:,} workers on unpaid leave for {summary.leave_days_per_worker} "
        f"days ({costs.leave_person_days:,} person-days, {costs.leave_person_months:,} "
        "person-months).",
    )
    reserve = format_money(Money(summary.reserve_end, cur))
    lines = (deal, f"Reserve at the horizon ({case.horizon}): {reserve}.")
    unit = render.DEFAULT_SCALE[cur]
    chart = tuple(
        (r["month"], int(r["on_unpaid_leave"]), _major(Money(r["reserve_balance"], cur), unit))
        for r in timeline.to_records()
    )
    return LapseSection(
        headlines=lapse_headlines(summary, cur, f"{cur.code}, nominal"),
        risk=risk,
        expiring=case.expiring_id,
        expiry=case.expiry.isoformat(),
        deal_on=case.deal_on.isoformat() if case.deal_on else "",
        summary=lines,
        events=_lapse_events(timeline, cites),
        months=lapse_months(timeline),
        chart=chart,
        currency=f"{cur} {unit}s",
        calibration=_lapse_calibration(sc, cites),
    )


def _negotiation_section(
    study: NegotiationStudy,
    setup: montecarlo.Setup | None,
    outlook_summary: dict[str, Any] | None,
    cites: _Citations,
) -> NegotiationSection:
    p1, p2 = study.parties
    facts = [
        f"{study.space.size:,} possible agreements over {', '.join(study.space.names)}; "
        f"Pareto frontier {study.analysis.pareto.size:,}; zone of possible agreement "
        f"{study.analysis.zopa_size:,}.",
        f"Reservation values (utility of no deal): {p1} {study.reservation[0]:.4f}, "
        f"{p2} {study.reservation[1]:.4f}.",
    ]
    if study.assumptions:  # money-equivalent valuations: every assumption they use, named
        facts.append("Assumptions: " + "; ".join(a.split(" (")[0] for a in study.assumptions))
    marked = []
    for name in POINTS:
        point = study.point(name)
        if point is not None:
            marked.append((POINT_NAMES[name], point.utilities[0], point.utilities[1]))
    points = points_table(study)  # present/study.py, as negotiate prints it
    outlook = (
        _outlook(setup, outlook_summary, cites)
        if setup is not None and outlook_summary is not None
        else None
    )
    return NegotiationSection(
        title=study.title,
        parties=(p1, p2),
        facts=tuple(facts),
        points=points,
        illustration=study.illustration,
        utilities=(
            tuple(float(u) for u in study.utilities[0]),
            tuple(float(u) for u in study.utilities[1]),
        ),
        pareto=tuple(int(i) for i in study.analysis.pareto),
        reservation=study.reservation,
        marked=tuple(marked),
        outlook=outlook,
    )


def _outlook(setup: montecarlo.Setup, summary: dict[str, Any], cites: _Citations) -> ResultTable:
    spec = setup.scenario.spec.simulation
    if spec is not None:
        for offer in spec.recorded:
            cites.cite(offer.note, f"recorded offer of {offer.party}")
    return outlook_table(summary, shares=False)  # present/outlook.py, as simulate prints it


def _history_section(hist: History, bank: SeriesBank, cites: _Citations) -> HistorySection:
    main = hist.dataset.currency
    bars = []
    marks = []
    for entry in hist.entries:
        marks.append(cites.cite(entry.source, f"history {entry.year}"))
        if entry.amount.currency is main:
            bars.append((entry.year, _major(entry.amount, "billion"), entry.computed))
    # present/history.py: the strings `burdenshare history` and /history print
    table = history_table(hist, history_records(hist, bank), marks=marks)
    return HistorySection(
        description=hist.dataset.description,
        table=table.select(*HISTORY_COLUMNS),
        bars=tuple(bars),
        currency=f"{main} billions",
    )


def _appendix(
    comparison: Comparison, timeline: Timeline | None, study: NegotiationStudy | None
) -> tuple[tuple[str, Table | ResultTable], ...]:
    """Full tables for the reader who checks: every schedule, the frontier, every deal month."""
    out: list[tuple[str, Table | ResultTable]] = [
        (f"schedule of {item.proposal.key}", _schedule_table(item)) for item in comparison.items
    ]
    if study is not None:
        out.append(("the Pareto frontier", frontier_table(study)))  # present/study.py
    if timeline is not None:
        out.extend(_lapse_by_deal_month(timeline))
    return tuple(out)


def _scaled(money: Money) -> str:
    return render.scaled(money.minor, money.currency, render.DEFAULT_SCALE[money.currency])


def _unit(currency: Currency) -> str:
    return f"{currency} {render.DEFAULT_SCALE[currency]}s"


def _schedule_table(item: Compared) -> ResultTable:
    """present/schedule.py: the strings `burdenshare schedule` prints."""
    return schedule_table(
        item.schedule, title=f"schedule of {item.proposal.key}", notes=(item.proposal.label,)
    )


def _lapse_by_deal_month(timeline: Timeline) -> list[tuple[str, ResultTable]]:
    """The lapse again with the deal on the first of each month to the horizon (present/
    lapse.py's month table with each party's cumulative cost)."""
    case = timeline.case
    out = []
    first = date(case.expiry.year + (case.expiry.month == 12), case.expiry.month % 12 + 1, 1)
    deal = first
    while deal <= case.horizon:
        table = lapse_months(simulate_case(case, deal), costs=True)
        out.append((f"the lapse with the deal on {deal}", table.select(*DEAL_MONTH_COLUMNS)))
        deal = date(deal.year + (deal.month == 12), deal.month % 12 + 1, 1)
    return out
