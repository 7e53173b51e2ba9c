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
from burdenshare.web.charts import USD_M, layout
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


def allies_figures(view: dict[str, Any]) -> dict[str, Any]:
    records = view["records"]
    names = {c["code"]: c["name"] for c in view["countries"]}
    gdp = []
    for code, name in names.items():
        rows = [r for r in records if r["country"] == code and r["measure"] == "defence_pct_gdp"]
        gdp.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": [r["year"] for r in rows],
                "y": [float(r["percent"]) for r in rows],
                "customdata": [r["source"] for r in rows],
                "hovertemplate": "%{x}: %{y:.2f}% of GDP<br>click: source<extra></extra>",
            }
        )
    years = [r["year"] for r in records if r["measure"] == "defence_pct_gdp"]
    span = [min(years), max(years)] if years else []
    for t in view["targets"]:
        gdp.append(
            {
                "type": "scatter",
                "mode": "lines",
                "line": {"dash": "dot"},
                "name": t["label"],
                "x": span,
                "y": [float(t["percent"])] * len(span),
                "customdata": [t["source"]] * len(span),
                "hovertemplate": "%{y}% of GDP<extra></extra>",
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
            sma.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": name,
                    "x": [r["year"] for r in rows],
                    "y": [r["usd_cents"] / USD_M for r in rows],
                    "customdata": [r["source"] for r in rows],
                    "hovertemplate": "%{x}: US$%{y:,.1f} m<br>click: source<extra></extra>",
                }
            )
    return {
        "chart-allies-gdp": {
            "data": gdp,
            "layout": layout("Defence, % of GDP, vs NATO", "year", "%"),
        },
        "chart-allies-sma": {
            "data": sma,
            "layout": layout("SMA amounts in US$", "year", "million US$"),
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
