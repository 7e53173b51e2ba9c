"""The public pages' data: plain JSON-ready dicts computed from the engine (cached per input).

Every page renders one of these views and serves the same dict as JSON, so the browser tests
and the benchmark compare what is plotted with what the engine says.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from burdenshare.costs.compare import compare
from burdenshare.costs.history import history, history_records
from burdenshare.costs.scenario import Scenario, load_scenario
from burdenshare.data import bundled_series, scenario_names
from burdenshare.lapse.calibration import Calibration, calibrate, calibrated_lapse
from burdenshare.lapse.scenario import lapse_case
from burdenshare.lapse.timeline import event_lines, event_marks, simulate_case
from burdenshare.money import Currency
from burdenshare.present.comparison import comparison_summary
from burdenshare.present.history import history_table
from burdenshare.present.labels import outcome_label
from burdenshare.present.lapse import lapse_events, lapse_headlines, lapse_months
from burdenshare.present.lapse_calibration import calibration_table
from burdenshare.present.numbers import amount, unit_label
from burdenshare.present.outlook import outlook_table
from burdenshare.present.policy import DEFAULT_BASE_YEAR, DEFAULT_RUNS
from burdenshare.present.sources import split_sources
from burdenshare.present.stats import deal_probabilities
from burdenshare.present.study import points_table, recorded_table
from burdenshare.present.trace import trace_table
from burdenshare.talks import montecarlo
from burdenshare.talks.study import POINTS, study_scenario
from burdenshare.talks.trace import negotiation_trace

NEGOTIATION_SCENARIO = "sma-2018"
REAL_BASE_YEAR = DEFAULT_BASE_YEAR
HISTORY_PAGE_COLUMNS = (  # /history: as agreed, in won and in dollars, real won
    "year",
    "agreement",
    "currency",
    "amount",
    "converted_amount",
    "other_amount",
    "real_amount",
    "growth_pct",
    "figure",
    "source",
)
SIMULATION_RUNS = DEFAULT_RUNS  # None: the scenario's runs, as the CLI and the briefing


@lru_cache(maxsize=8)
def scenario(name: str) -> Scenario:
    return load_scenario(name)


@lru_cache(maxsize=1)
def history_view() -> dict[str, Any]:
    """Every year since 1991: nominal (as agreed), in KRW and USD, real KRW, growth, source."""
    bank = bundled_series()
    hist = history("us-rok", bank)
    krw = history_records(hist, bank, Currency.KRW, REAL_BASE_YEAR)
    usd = history_records(hist, bank, Currency.USD)
    rows = []
    for k, u in zip(krw, usd, strict=True):
        rows.append(
            {
                "year": k["year"],
                "agreement": k["agreement"],
                "currency": k["currency"],
                "amount": k["amount"],
                "krw": k["converted_amount"],
                "usd": u["converted_amount"],
                # documented / computed / converted (at the year's rate) / assumed / missing
                "krw_basis": k["converted_basis"],
                "usd_basis": u["converted_basis"],
                "real_krw": k.get("real_amount"),
                "growth_pct": float(k["growth_pct"]) if k["growth_pct"] is not None else None,
                # growth in won, for the year the agreed currency changed (2005: the first cut)
                "krw_growth_pct": (
                    float(k["converted_growth_pct"])
                    if k["growth_pct"] is None and k.get("converted_growth_pct") is not None
                    else None
                ),
                "computed": k["computed"],
                "source": k["source"],
                "sources": [
                    {"text": part.text, "url": part.url} for part in split_sources(k["source"])
                ],
                "note": k["note"],
            }
        )
    # the table as shown (present/history.py: the CLI's and the briefing's strings)
    table = history_table(hist, krw, other=usd, links=True)
    return {
        "dataset": "us-rok",
        "real_base_year": REAL_BASE_YEAR,
        "rows": rows,
        "table": table.select(*HISTORY_PAGE_COLUMNS).to_json(),
    }


def lapse_scenarios() -> list[str]:
    return [n for n in scenario_names() if scenario(n).spec.lapse is not None]


@lru_cache(maxsize=1)
def lapse_calibration() -> Calibration:
    """The 2018–19 and 2019–21 lapses beside the record (lapse/calibration.py), once."""
    return calibrate()


@lru_cache(maxsize=64)
def lapse_view(name: str, deal_on: date | None) -> dict[str, Any]:
    """The month-by-month lapse of ``name`` with a deal on ``deal_on`` (default: the file's).

    Raises :class:`~burdenshare.errors.InputError` on an unknown scenario or a bad date.
    """
    case = lapse_case(scenario(name), deal_on)
    timeline = simulate_case(case)
    sectors = case.sectors
    months = []
    for rec in timeline.to_records():
        months.append(
            {
                "month": rec["month"],
                "funds": sum(rec[f"funds_in_{s}"] + rec[f"carried_{s}"] for s in sectors),
                "spent": sum(rec[f"spent_{s}"] for s in sectors),
                "unfunded": sum(rec[f"unfunded_{s}"] for s in sectors),
                "reserve": rec["reserve_balance"],
                "on_unpaid_leave": rec["on_unpaid_leave"],
                "pay_lost": rec["pay_lost"],
            }
        )
    summary = timeline.summary()
    spec = scenario(name).spec.lapse
    as_filed = deal_on is None or (spec is not None and deal_on == spec.deal_on)
    lapse = calibrated_lapse(name, scenario(name).path) if as_filed else None
    return {
        "scenario": name,
        "currency": case.currency_code,
        "expiry": case.expiry.isoformat(),
        "deal_on": case.deal_on.isoformat() if case.deal_on else None,
        "horizon": case.horizon.isoformat(),
        "months": months,
        "summary": {
            "payroll_runs_out": summary.payroll_runs_out,
            "leave_ends": summary.leave_ends,
            "max_on_leave": summary.max_on_leave,
            "leave_days_per_worker": summary.leave_days_per_worker,
            "cost_host": summary.costs.host,
            "cost_sending_state": summary.costs.sending_state,
            "cost_workers": summary.costs.workers,
            "reserve_end": summary.reserve_end,
            "pay_lost_net": summary.costs.workers,
            "employer_cost_unpaid": summary.costs.employer_cost_unpaid,
        },
        "events": event_lines(timeline),
        "marks": [
            {"month": f"{day:%Y-%m}", "date": day.isoformat(), "label": label}
            for day, label in event_marks(case)
            if f"{day:%Y-%m}" in {m["month"] for m in months}
        ],
        "assumptions": list(summary.assumptions),
        # the headline figures as shown (present/lapse.py: the CLI's and the briefing's strings)
        "headlines": lapse_headlines(
            summary, Currency.parse(case.currency_code), f"{case.currency_code}, nominal"
        ).to_json(),
        # the month-by-month table, the dated events and (a bundled lapse as the record has it)
        # its calibration, as shown (present/lapse.py, present/lapse_calibration.py: the CLI's
        # and the briefing's strings)
        "table": lapse_months(timeline).to_json(),
        "events_table": lapse_events(timeline).to_json(),
        "calibration": (
            None if lapse is None else calibration_table(lapse_calibration(), lapse).to_json()
        ),
    }


@lru_cache(maxsize=1)
def negotiation_view() -> dict[str, Any]:
    """The sma-2018 study: all outcomes, Pareto frontier, solution points, ZOPA, recorded
    offers; plus (simulation) concession curves and the probability of a deal."""
    sc = scenario(NEGOTIATION_SCENARIO)
    study = study_scenario(sc)
    u1, u2 = (u.tolist() for u in study.utilities)
    r1, r2 = study.reservation
    pareto = sorted((int(i) for i in study.analysis.pareto), key=lambda i: u1[i])
    points: dict[str, dict[str, Any]] = {}
    for name in POINTS:
        point = study.point(name)
        if point is not None:
            points[name] = {"index": point.index, "u": list(point.utilities)}
    setup = montecarlo.setup(sc)
    order = setup.parties
    recorded = [
        {
            "party": order[k % 2],
            "index": int(index),
            "u": [u1[index], u2[index]],
            "outcome": study.space.as_dict(study.space.outcome_at(index)),
            "label": outcome_label(study.space.as_dict(study.space.outcome_at(index))),
        }
        for k, index in enumerate(setup.protocol.history)
    ]
    played = negotiation_trace(setup)  # the engine and rules of the Monte Carlo below
    trace = played.rows()
    concessions = [
        {
            "round": row["round"],
            "party": row["party"],
            "date": row["date"],
            "u": [float(row["utilities"][party]) for party in study.parties],
            "recorded": bool(row["recorded"]),
            "accepted": bool(row["accepted"]),
        }
        for row in trace
    ]
    summary = montecarlo.run(setup, runs=SIMULATION_RUNS).summary()
    return {
        "scenario": NEGOTIATION_SCENARIO,
        "title": study.title,
        "parties": list(study.parties),
        "issues": list(study.space.names),
        "illustration": study.illustration,
        "outcomes": {"u1": u1, "u2": u2},
        "reservation": [r1, r2],
        "pareto": pareto,
        "zopa": [i for i in range(len(u1)) if u1[i] >= r1 and u2[i] >= r2],
        "points": points,
        "point_terms": {
            name: study.space.as_dict(study.space.outcome_at(int(p["index"])))
            for name, p in points.items()
        },
        "point_labels": {
            name: outcome_label(study.space.as_dict(study.space.outcome_at(int(p["index"]))))
            for name, p in points.items()
        },
        # the solution points as shown (present/study.py: negotiate's and the briefing's)
        "points_table": points_table(study).to_json(),
        # each point's first-year payment as the CLI and the briefing print it
        "point_first_year": {
            name: _first_year(study, int(p["index"])) for name, p in points.items()
        },
        "recorded": recorded,
        # the recorded offers as shown (present/study.py: negotiate's table)
        "recorded_table": recorded_table(
            study, [(str(o["party"]), int(str(o["index"]))) for o in recorded]
        ).to_json(),
        "concessions": concessions,
        # the simulated negotiation offer by offer (present/trace.py: simulate --trace's table)
        "trace_table": trace_table(played).to_json(),
        "simulation": {
            "runs": summary["runs"],
            "seed": summary["seed"],
            "p_agreement": summary["p_agreement"],
            "p_deal_by_deadline": summary["p_deal_by_deadline"],
            "deadline": summary["deadline"],
            "deal_date_p50": summary["deal_date_p50"],
            "p_deal": {k: v.to_json() for k, v in deal_probabilities(summary).items()},
            # the outlook as shown (present/outlook.py: simulate's and the briefing's strings)
            "table": outlook_table(summary).to_json(),
        },
    }


def _first_year(study: Any, index: int) -> dict[str, Any] | None:
    described = study.describe(index)
    if "first_year" not in described or study.domain is None:
        return None
    cur = study.domain.currency
    minor = int(described["first_year"])
    return {"text": amount(minor, cur), "value": minor, "unit": unit_label(cur)}


def comparison_view(sc: Scenario) -> dict[str, Any]:
    """A scenario's baseline and proposals side by side (dataset currency, nominal)."""
    result = compare(sc)
    yearly = {
        item.proposal.key: {str(y): m.minor for y, m in item.yearly.items()}
        for item in result.items
    }
    return {
        "scenario": sc.name,
        "title": sc.title,
        "currency": result.currency.code,
        "rate": result.rate,
        "years": list(result.years),
        "summary": result.summary_records(),
        "yearly": yearly,
        # the table as shown (present/comparison.py: the CLI's and the briefing's strings)
        "table": comparison_summary(result).to_json(),
    }


@lru_cache(maxsize=1)
def proposals_view() -> dict[str, Any]:
    return comparison_view(scenario(NEGOTIATION_SCENARIO))
