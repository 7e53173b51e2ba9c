"""The calibration pages and their JSON twins: ``/backtest`` (``/data/backtest``: where each
real SMA outcome fell among the simulated settlements) and ``/sensitivity?scenario=``
(``/data/sensitivity``: a tornado of the uncertain inputs). Both results are computed once per
process (talks/calibration.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from burdenshare.api.access import authorize
from burdenshare.present.backtest import backtest_table
from burdenshare.present.sensitivity import sensitivity_table
from burdenshare.talks.calibration import (
    SENSITIVITY_SCENARIOS,
    backtest_payload,
    sensitivity_payload,
)
from burdenshare.web.charts import KRW_BN, layout
from burdenshare.web.render import page

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
MEASURES = (
    ("percentile_amount", "first-year amount"),
    ("percentile_duration", "duration"),
    ("percentile_date", "deal date"),
)


def backtest_figures(view: dict[str, Any]) -> dict[str, Any]:
    """Percentile of each real outcome among the simulated settlements, per case and measure,
    against the target band."""
    cases = [r["case"] for r in view["records"]]
    low, high = view["target"]
    traces = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": label,
            "x": cases,
            "y": [r[key] for r in view["records"]],
            "marker": {"size": 12},
            "hovertemplate": "%{x}: " + label + " at percentile %{y}<extra></extra>",
        }
        for key, label in MEASURES
    ]
    band = {
        "type": "rect",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": low,
        "y1": high,
        "fillcolor": "rgba(68,170,119,0.12)",
        "line": {"width": 0},
    }
    return {
        "chart-backtest": {
            "data": traces,
            "layout": {
                **layout(
                    f"Real outcome among simulated settlements (target {low:g}–{high:g})",
                    "case",
                    "percentile",
                    shapes=[band],
                ),
                "yaxis": {"title": {"text": "percentile"}, "range": [-5, 105]},
            },
        }
    }


def tornado_figures(view: dict[str, Any]) -> dict[str, Any]:
    """The tornado: the Nash point's payment NPV at each input's low and high value."""
    centre = (view["base"]["nash_npv"] or 0) / KRW_BN
    rows = view["inputs"][::-1]  # largest swing on top
    names = [r["input"] for r in rows]

    def side(key: str, label: str, color: str) -> dict[str, Any]:
        return {
            "type": "bar",
            "orientation": "h",
            "name": label,
            "y": names,
            "x": [(r[key] or 0) / KRW_BN - centre for r in rows],
            "base": centre,
            "marker": {"color": color},
            "hovertemplate": "%{y}: %{x:+,.1f} bn<extra>" + label + "</extra>",
        }

    currency = view["currency"]
    return {
        "chart-tornado": {
            "data": [
                side("nash_npv_low", "low value", "#4477aa"),
                side("nash_npv_high", "high value", "#cc6677"),
            ],
            "layout": layout(
                f"Nash point, NPV of payments (billion {currency}), base {centre:,.1f}",
                f"billion {currency}",
                "",
                barmode="overlay",
                height=140 + 28 * len(rows),  # the top margin (charts.TOP) included
                margin={"l": 230},
            ),
        }
    }


@router.get("/backtest")
@router.get("/data/backtest")
def backtest_page(request: Request) -> Response:
    data = backtest_payload()
    table = backtest_table(data["records"], (data["target"][0], data["target"][1]))
    body = {**data, "table": table.to_json()}  # the JSON twin: records and the shown table
    return page(request, "backtest.html", body, backtest_figures(data), table=table)


@router.get("/sensitivity")
@router.get("/data/sensitivity")
def sensitivity_page(
    request: Request,
    scenario: Annotated[str, Query(max_length=100)] = SENSITIVITY_SCENARIOS[0],
) -> Response:
    names = list(SENSITIVITY_SCENARIOS)
    if scenario not in names:
        errors = {"scenario": f"choose one of: {', '.join(names)}"}
        body = {"errors": errors, "form": {"scenario": scenario}}
        return page(request, "sensitivity.html", body, status_code=422, names=names, errors=errors)
    data = sensitivity_payload(scenario)
    table = sensitivity_table(data)
    body = {**data, "table": table.to_json()}  # the JSON twin: the records and the shown table
    figures = tornado_figures(data)
    return page(request, "sensitivity.html", body, figures, names=names, errors={}, table=table)
