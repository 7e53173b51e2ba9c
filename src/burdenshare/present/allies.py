"""The allies panel (costs/allies.py's AlliesPanel) as presentation values, for `burdenshare
allies`, /allies and its JSON twin /data/allies, and the briefing's "How the allies compare".

:func:`allies_table`: one row per country, the latest sourced figure of each measure (US troops,
defence spending as a share of GDP and its gap to NATO's guidelines, host-nation support, the
latest SMA amount in US$), each cell with its year(s), its flags (secondary, uncertain, derived)
and its source (links on a page, a citation mark in the briefing). :func:`targets_table`: NATO's
guidelines with their sources. A cell's exact value is the figure as bundled (troops, a Decimal
percent, ``(minor units, currency)`` for money)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from burdenshare.costs.allies import EXPONENT, AlliesPanel, AllyRecord, Target
from burdenshare.money import Currency
from burdenshare.present.numbers import DIGITS, significant
from burdenshare.present.sources import split_sources
from burdenshare.present.table import Cell, Column, Exact, ResultTable
from burdenshare.render import DEFAULT_SCALE, SCALES

Mark = Callable[[str, str], str]  # (source, what it supports) → "[n]" (the briefing's cite)
MEASURES = ("us_troops", "defence_pct_gdp", "host_support", "sma_contribution")
# the guidelines a defence share is set against (keys of data/share/allies.yaml's targets)
GAPS = (("nato-2pct", "gap_2pct", "vs 2%"), ("nato-core-3.5pct", "gap_core", "vs 3.5% core"))
_SHORT = {"million": "m", "billion": "bn"}


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def money_text(minor: int, unit: str, digits: int = DIGITS) -> str:
    """``5,800.0 US$ m``, ``982.40 EUR m``: an amount in minor units of ``unit`` (EUR, which the
    cost engine has no Currency for, included) to ``digits`` significant figures (0: exact)."""
    try:
        scale = DEFAULT_SCALE[Currency.parse(unit)]
    except ValueError:
        scale = "million"
    major = Decimal(minor).scaleb(-EXPONENT[unit] - SCALES[scale])
    code = "US$" if unit == "USD" else unit
    return f"{significant(major, digits) if digits else _exact(major)} {code} {_SHORT[scale]}"


def _exact(major: Decimal) -> str:
    """Never rounded (``digits=0``), as render.scaled: 486.61, 982.4, 3,400."""
    whole, _, frac = format(major.normalize(), "f").partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _when(rec: AllyRecord, extra: tuple[str, ...] = ()) -> str:
    """``(2025; secondary)``: the year(s) and the figure's flags."""
    return "; ".join((_span(rec.first, rec.last), *rec.flags, *extra))


def _sourced(text: str, source: str, what: str, mark: Mark | None, links: bool) -> Cell:
    """``text`` with its source: a citation mark after it (the briefing) or links (a page:
    the figure links its first source, further sources follow as "source 2", ...)."""
    if mark is not None:
        return Cell(f"{text} {mark(source.split(' ; ')[0], what)}")
    if not links:
        return Cell(text)
    urls = [p.url for p in split_sources(source) if p.url]
    if not urls:
        return Cell(text)
    parts = ((text, urls[0]), *((f"source {i}", u) for i, u in enumerate(urls[1:], 2)))
    return Cell(text, links=parts)


def _figure(rec: AllyRecord | None, name: str, digits: int, mark: Mark | None, links: bool) -> Cell:
    if rec is None or (rec.measure == "sma_contribution" and rec.usd is None):
        return Cell("—")
    value: Exact
    if rec.measure == "us_troops":
        text, value = f"{rec.value:,} ({_when(rec)})", rec.value
    elif rec.measure == "defence_pct_gdp":
        text, value = f"{rec.value}% ({_when(rec)})", rec.value
    elif rec.measure == "sma_contribution":
        assert rec.usd is not None
        usd = money_text(rec.usd, "USD", digits).removesuffix(" US$ m")
        text, value = f"{usd} ({_when(rec, ('derived',))})", rec.usd
    else:
        kind = rec.basis.split()[0]  # "direct" / "direct+indirect"
        text = f"{money_text(int(rec.value), rec.unit, digits)} {kind} ({_when(rec)})"
        value = (int(rec.value), rec.unit)
    what = f"allies: {name} {rec.measure.replace('_', ' ')}"
    cell = _sourced(text, rec.source, what, mark, links)
    return Cell(cell.text, value, cell.links)


def _gap(rec: AllyRecord | None, target: Target) -> Cell:
    if rec is None:
        return Cell("—")
    gap = Decimal(rec.value) - target.percent
    return Cell(f"{gap:+}", gap)


def allies_table(
    panel: AlliesPanel, digits: int = DIGITS, mark: Mark | None = None, links: bool = False
) -> ResultTable:
    """The latest sourced figure of each measure, one row per country (``row_ids``: the
    country codes). ``mark``: each figure's citation (the briefing); ``links``: each figure
    links its source (a page)."""
    targets = {t.key: t for t in panel.targets}
    gaps = [(targets[key], col, label) for key, col, label in GAPS if key in targets]
    columns = (
        Column("country", "country"),
        Column("us_troops", "US troops", numeric=True),
        Column("defence_pct_gdp", "defence, % of GDP", numeric=True),
        *(Column(col, label, "pp", numeric=True) for _, col, label in gaps),
        Column("host_support", "host support", numeric=True),
        Column("sma_contribution", "SMA, latest", "US$ m", numeric=True),
    )
    rows = []
    for code, name in panel.countries:
        latest = {m: panel.latest(code, m) for m in MEASURES}
        rows.append(
            (
                Cell(name, code),
                _figure(latest["us_troops"], name, digits, mark, links),
                _figure(latest["defence_pct_gdp"], name, digits, mark, links),
                *(_gap(latest["defence_pct_gdp"], t) for t, _, _ in gaps),
                _figure(latest["host_support"], name, digits, mark, links),
                _figure(latest["sma_contribution"], name, digits, mark, links),
            )
        )
    notes = [
        "Latest sourced figure of each measure, (year or span; flags): secondary, a page "
        "quoting the official figure; derived, computed here.",
    ]
    if gaps:
        notes.append(
            "vs 2%, vs 3.5% core (derived): the defence share minus NATO's guideline, in "
            "percentage points (the quoted shares are not all on NATO's definition)."
        )
    notes += [
        "SMA: the agreement's amount at the year's annual-average rate; host support in the "
        "currency it was published in.",
        f"Amounts to {digits} significant figures; exact figures and every source: "
        "burdenshare allies --format csv/json."
        if digits
        else "Exact amounts; every source: burdenshare allies --format csv/json.",
    ]
    return ResultTable(
        title="How the allies compare",
        columns=columns,
        rows=tuple(rows),
        basis="nominal amounts, each in the currency stated; troops as stationed",
        notes=tuple(notes),
        sources=tuple(
            dict.fromkeys(
                p.url
                for code, _ in panel.countries
                for m in MEASURES
                if (rec := panel.latest(code, m)) is not None
                for p in split_sources(rec.source)
                if p.url
            )
        ),
        row_ids=tuple(code for code, _ in panel.countries),
    )


def targets_table(panel: AlliesPanel, mark: Mark | None = None, links: bool = False) -> ResultTable:
    """NATO's guidelines (``row_ids``: their keys): the share of GDP, when agreed, by when,
    flags and the source."""
    columns = (
        Column("guideline", "guideline"),
        Column("percent", "% of GDP", numeric=True),
        Column("agreed", "agreed", numeric=True),
        Column("by", "by", numeric=True),
        Column("flags", "flags"),
        Column("source", "source"),
    )
    rows = []
    for t in panel.targets:
        if mark is not None:
            source = Cell(mark(t.source, "NATO guidelines"), t.source)
        elif links:
            source = Cell(t.source, t.source, ((t.source, t.source),))
        else:
            source = Cell(t.source, t.source)
        rows.append(
            (
                Cell(t.label, t.label),
                Cell(f"{t.percent}%", t.percent),
                Cell(str(t.agreed), t.agreed),
                Cell(str(t.by), t.by),
                Cell(", ".join(t.flags), t.flags),
                source,
            )
        )
    return ResultTable(
        title="NATO's guidelines",
        columns=columns,
        rows=tuple(rows),
        basis="defence spending as a share of GDP",
        notes=_sums(panel.targets),
        sources=tuple(dict.fromkeys(t.source for t in panel.targets)),
        row_ids=tuple(t.key for t in panel.targets),
    )


def _sums(targets: tuple[Target, ...]) -> tuple[str, ...]:
    """``Agreed 2025: 3.5% + 1.5% = 5% of GDP.`` for a year that agreed several guidelines
    (derived: the sum)."""
    years = dict.fromkeys(t.agreed for t in targets)
    out = []
    for year in years:
        parts = [t.percent for t in targets if t.agreed == year]
        if len(parts) > 1:
            terms = " + ".join(f"{p}%" for p in parts)
            total = sum(parts, Decimal(0)).normalize()
            out.append(f"Agreed {year}: {terms} = {total:f}% of GDP (derived).")
    return tuple(out)
