"""The briefing's "Calibration" (the backtest: table and plot of where each real SMA outcome
fell among the simulated settlements) and "Sensitivity" (the tornado of the uncertain inputs)
sections, from talks/calibration.py (computed once per process, as the dashboard's).

Self-contained: ``reports/model.py`` calls :func:`calibration_sections` with its citation
callback, ``html.py`` draws :func:`calibration_charts`, the template includes
``calibration.html``; nothing else of the briefing depends on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from burdenshare.costs.scenario import Scenario, load_scenario
from burdenshare.present.backtest import assumption_names, backtest_table
from burdenshare.present.sensitivity import sensitivity_table
from burdenshare.present.table import ResultTable
from burdenshare.talks.calibration import (
    SENSITIVITY_SCENARIOS,
    backtest_payload,
    sensitivity_payload,
)

Cite = Callable[[str, str], str]  # (reference, what it supports) → "[n]"
TORNADO_ROWS = 10  # the briefing shows the inputs with the largest swings
# A4: the first-year columns stay in the CLI, /sensitivity and the JSON (the tornado is of NPV)
SENSITIVITY_COLUMNS = (
    "input",
    "low",
    "high",
    "nash_npv_low",
    "nash_npv_high",
    "p_deal_low",
    "p_deal_high",
)


@dataclass(frozen=True)
class CalibrationSections:
    backtest: ResultTable
    target: tuple[float, float]
    # plot data: (case, amount, duration, date percentiles; None when nothing settled)
    percentiles: tuple[tuple[str, float | None, float | None, float | None], ...]
    assumptions: tuple[str, ...]  # every assumption the backtest cases use (by name)
    sensitivity_scenario: str
    sensitivity: ResultTable  # present/sensitivity.py, A4 columns
    currency: str
    base_nash_npv: int
    # tornado data: (input, Nash NPV at low, at high), largest swing first
    tornado: tuple[tuple[str, int, int], ...]


def calibration_sections(scenario: Scenario, cite: Cite) -> CalibrationSections:
    """The backtest of every case, and the sensitivity of ``scenario`` when it has
    money-equivalent valuations (else of the latest case, the 12th SMA)."""
    bt = backtest_payload()
    marks = {
        rec["scenario"]: "".join(
            cite(ref, f"backtest: {rec['case']}") for ref in load_scenario(rec["scenario"]).sources
        )
        for rec in bt["records"]
    }
    low, high = bt["target"]
    table = backtest_table(bt["records"], (low, high), marks)
    # A4: the agreement dates stay in the CLI, /backtest and the JSON (the case names the year)
    backtest = table.select(*(c.key for c in table.columns if c.key != "agreed_on"))
    assumptions = assumption_names(bt["records"])
    name = scenario.name if scenario.name in SENSITIVITY_SCENARIOS else SENSITIVITY_SCENARIOS[-1]
    sens = sensitivity_payload(name)
    cur = sens["currency"]
    shown = sens["inputs"][:TORNADO_ROWS]
    sensitivity = sensitivity_table(sens, top=TORNADO_ROWS).select(*SENSITIVITY_COLUMNS)
    return CalibrationSections(
        backtest=backtest,
        target=(low, high),
        percentiles=tuple(
            (
                r["case"],
                r["percentile_amount"],
                r["percentile_duration"],
                r["percentile_date"],
            )
            for r in bt["records"]
        ),
        assumptions=assumptions,
        sensitivity_scenario=name,
        sensitivity=sensitivity,
        currency=cur,
        base_nash_npv=sens["base"]["nash_npv"] or 0,
        tornado=tuple((r["input"], r["nash_npv_low"] or 0, r["nash_npv_high"] or 0) for r in shown),
    )


def calibration_charts(section: CalibrationSections) -> dict[str, str]:
    """The percentile plot and the tornado, as inline SVG."""
    from burdenshare.reports.charts import _figure, _svg  # matplotlib: loaded when drawn

    with _figure("calibration") as fig:
        ax = fig.subplots()
        low, high = section.target
        ax.axhspan(low, high, color="#44aa77", alpha=0.12, label="target band")
        labels = [p[0] for p in section.percentiles]
        xs = list(range(len(labels)))
        for k, (name, marker) in enumerate(
            (("first-year amount", "o"), ("duration", "s"), ("deal date", "^")), start=1
        ):
            pts = [(x, p[k]) for x, p in zip(xs, section.percentiles, strict=True)]
            kept = [(x, y) for x, y in pts if y is not None]
            ax.plot([x for x, _ in kept], [y for _, y in kept], marker, label=name, markersize=6)
        ax.set_xticks(xs, labels, fontsize=7)
        ax.set_ylim(-5, 105)
        ax.set_ylabel("percentile among simulated settlements")
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        calibration = _svg(fig, "calibration")
    with _figure("tornado") as fig:
        fig.set_size_inches(6.4, 0.3 * len(section.tornado) + 1.2)
        ax = fig.subplots()
        centre = section.base_nash_npv / 1e9
        rows = section.tornado[::-1]
        for y, (_, lo, hi) in enumerate(rows):
            ax.barh(y, lo / 1e9 - centre, left=centre, color="#4477aa")
            ax.barh(y, hi / 1e9 - centre, left=centre, color="#cc6677")
        ax.axvline(centre, color="black", linewidth=0.8)
        ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=6)
        ax.set_xlabel(
            f"Nash point, NPV of payments (billion {section.currency}); blue: low, red: high"
        )
        tornado = _svg(fig, "tornado")
    return {"calibration": calibration, "tornado": tornado}
