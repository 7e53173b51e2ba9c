"""The Allies page and its JSON twin (``/allies``, ``/data/allies``): host-nation support, US
troops and defence spending as a share of GDP for Korea, Japan and Germany, NATO's guidelines,
and what each side pays (host share) — all from the engine, every figure with its source."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from burdenshare.api.access import authorize
from burdenshare.costs.allies import allies
from burdenshare.costs.share import share
from burdenshare.present.allies import allies_table, targets_table
from burdenshare.present.share import PAGE_COLUMNS, share_table
from burdenshare.present.table import ResultTable
from burdenshare.web.charts import USD_M, layout, year_axis
from burdenshare.web.render import page

router = APIRouter(dependencies=[Depends(authorize)], include_in_schema=False)
SHARES = (
    ("us-rok", "direct"),
    ("us-rok", "sma"),
    ("us-japan", "direct"),
    ("us-japan", "sma"),
    ("us-japan", "direct+indirect"),
)


@lru_cache(maxsize=1)
def allies_view() -> dict[str, Any]:
    panel = allies()
    tables = [share(dataset, basis) for dataset, basis in SHARES]
    shares = [t.payload() for t in tables]
    # the tables as shown (present/allies.py, present/share.py: the CLI's and the briefing's
    # strings), the latest figure of each measure linked to its source
    return {
        **panel.payload(),
        "allies_table": allies_table(panel, links=True).to_json(),
        "targets_table": targets_table(panel, links=True).to_json(),
        "shares": shares,
        "table": share_table(tables, links=True).select(*PAGE_COLUMNS).to_json(),
    }


def _gapped(
    by_year: dict[int, tuple[float, str]],
) -> tuple[list[int], list[float | None], list[str | None]]:
    """Every year from the first to the last, None where a year has no figure: a line is drawn
    only between consecutive years, never across a year with no data."""
    if not by_year:
        return [], [], []
    years = list(range(min(by_year), max(by_year) + 1))
    return (
        years,
        [by_year[y][0] if y in by_year else None for y in years],
        [by_year[y][1] if y in by_year else None for y in years],
    )


def _years(traces: list[dict[str, Any]]) -> dict[str, Any]:
    """A whole-year x axis over every trace's years."""
    return year_axis(sorted({int(x) for t in traces for x in t["x"]}))


def allies_figures(view: dict[str, Any]) -> dict[str, Any]:
    records = view["records"]
    names = {c["code"]: c["name"] for c in view["countries"]}
    gdp = []
    for code, name in names.items():
        rows = [r for r in records if r["country"] == code and r["measure"] == "defence_pct_gdp"]
        x, y, links = _gapped({r["year"]: (float(r["percent"]), r["source"]) for r in rows})
        gdp.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": x,
                "y": y,
                "connectgaps": False,
                "customdata": links,
                "hovertemplate": "%{x}: %{y:.2f}% of GDP<br>click: source<extra></extra>",
            }
        )
    for t in view["targets"]:
        span = [t["agreed"], t["by"]]  # each guideline over its own period, agreed → deadline
        gdp.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"dash": "dot"},
                "name": t["label"],
                "x": span,
                "y": [float(t["percent"])] * len(span),
                "customdata": [t["source"]] * len(span),
                "hovertemplate": (
                    f"%{{y}}% of GDP (agreed {t['agreed']}, by {t['by']})<extra></extra>"
                ),
            }
        )
    sma = []
    for code, name in names.items():
        rows = [
            r
            for r in records
            if r["country"] == code and r["measure"] == "sma_contribution" and r["usd_cents"]
        ]
        if rows:
            x, y, links = _gapped({r["year"]: (r["usd_cents"] / USD_M, r["source"]) for r in rows})
            sma.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": name,
                    "x": x,
                    "y": y,
                    "connectgaps": False,
                    "customdata": links,
                    "hovertemplate": "%{x}: US$%{y:,.1f} m<br>click: source<extra></extra>",
                }
            )
    return {
        "chart-allies-gdp": {
            "data": gdp,
            "layout": layout("Defence, % of GDP, vs NATO", "year", "%", axis=_years(gdp)),
        },
        "chart-allies-sma": {
            "data": sma,
            "layout": layout("SMA amounts in US$", "year", "million US$", axis=_years(sma)),
        },
    }


@router.get("/allies")
@router.get("/data/allies")
def allies_page(request: Request) -> Response:
    data = allies_view()
    return page(
        request,
        "allies.html",
        data,
        allies_figures(data),
        allies=ResultTable.from_json(data["allies_table"]),  # as `allies` prints it
        targets=ResultTable.from_json(data["targets_table"]),
        table=ResultTable.from_json(data["table"]),  # present/share.py, as `share` prints it
    )
