"""Plotly figures (plain JSON: ``{"data": [...], "layout": {...}}``) built from the page views.

Money is plotted in billions (KRW) or millions (USD) of major units; the hover text and the
tables carry the exact amounts.
"""

from __future__ import annotations

from typing import Any

from burdenshare.present.sources import first_url

Figure = dict[str, Any]
KRW_BN = 1e9  # won → billion won (KRW has no minor unit)
USD_M = 1e8  # cents → million dollars
SANS = "system-ui, sans-serif"


MODE_BAR = 36
"""Pixels at the top of a chart kept for Plotly's mode bar (zoom, pan, download; shown while
the pointer is over the chart): the bar is 26 px high, 2 px from the top, and the title's
padding is measured to its text's anchor, not its box. Titles start below it."""
TOP = MODE_BAR + 40
"""The top margin: the mode bar, then the title (one line), then the plot."""


def layout(
    title: str, x_title: str, y_title: str, axis: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A figure layout; ``axis`` replaces the plain x axis (e.g. :func:`year_axis`); a
    ``margin`` changes the default margins it names. The title sits below the mode bar's band,
    so the bar never covers it, however narrow the chart (tests/web/test_web_chart_titles.py)."""
    margin = {"l": 60, "r": 20, "t": TOP, "b": 50} | extra.pop("margin", {})
    return {
        "title": {
            "text": title,
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": MODE_BAR},
        },
        "xaxis": axis or {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "margin": margin,
        "legend": {"orientation": "h", "y": -0.2},
        "font": {"family": SANS},
        "autosize": True,
        **extra,
    }


def year_axis(years: list[int], title: str = "year") -> dict[str, Any]:
    """An x axis of whole years: integer ticks (never 2,019.5), no thousands separator."""
    span = (max(years) - min(years)) if years else 0
    step = 1 if span <= 12 else (2 if span <= 24 else 5)
    return {"title": {"text": title}, "tickformat": "d", "tick0": 0, "dtick": step}


def _series(rows: list[dict[str, Any]], key: str, scale: float) -> tuple[list[Any], ...]:
    """Every year of ``rows``; a year without a value is a gap (null), so no line is drawn
    across years that have no data."""
    return (
        [r["year"] for r in rows],
        [None if r[key] is None else r[key] / scale for r in rows],
        [first_url(r["source"]) if r[key] is not None else "" for r in rows],
    )


def history_figures(view: dict[str, Any]) -> dict[str, Figure]:
    rows = view["rows"]
    years = [r["year"] for r in rows]
    base = view["real_base_year"]
    traces_krw = []
    for key, name in (("krw", "Nominal KRW"), ("real_krw", f"Real KRW ({base} prices)")):
        x, y, src = _series(rows, key, KRW_BN)
        traces_krw.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": x,
                "y": y,
                "customdata": src,
                "connectgaps": False,
                "hovertemplate": "%{x}: %{y:,.1f} bn KRW<br>click: source<extra></extra>",
            }
        )
    known = [{**r, "usd": None if r["usd_basis"] == "assumed" else r["usd"]} for r in rows]
    x, y, src = _series(known, "usd", USD_M)
    traces_usd = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Nominal USD",
            "x": x,
            "y": y,
            "customdata": src,
            "connectgaps": False,
            "hovertemplate": "%{x}: US$%{y:,.1f} m<br>click: source<extra></extra>",
        }
    ]
    assumed = [r for r in rows if r["usd_basis"] == "assumed" and r["usd"] is not None]
    if assumed:  # years after the last published rate: hollow markers, named an assumption
        traces_usd.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "USD at the last published rate (assumption)",
                "x": [r["year"] for r in assumed],
                "y": [r["usd"] / USD_M for r in assumed],
                "customdata": [first_url(r["source"]) for r in assumed],
                "marker": {"symbol": "circle-open", "size": 9},
                "hovertemplate": (
                    "%{x}: US$%{y:,.1f} m at an assumed rate<br>click: source<extra></extra>"
                ),
            }
        )
    grown = [r for r in rows if r["growth_pct"] is not None]
    growth = {
        "type": "bar",
        "name": "Growth (%)",
        "x": [r["year"] for r in grown],
        "y": [r["growth_pct"] for r in grown],
        "customdata": [first_url(r["source"]) for r in grown],
        "hovertemplate": "%{x}: %{y:.2f}%<extra></extra>",
    }
    switched = [r for r in rows if r.get("krw_growth_pct") is not None]
    growth_krw = {
        "type": "bar",
        "name": "Growth in won (the agreed currency changed)",
        "x": [r["year"] for r in switched],
        "y": [r["krw_growth_pct"] for r in switched],
        "customdata": [first_url(r["source"]) for r in switched],
        "marker": {"color": "#c0504d"},
        "hovertemplate": "%{x}: %{y:.2f}% in won<extra></extra>",
    }
    return {
        "chart-history-krw": {
            "data": traces_krw,
            "layout": layout("Contributions in KRW", "year", "billion won", axis=year_axis(years)),
        },
        "chart-history-usd": {
            "data": traces_usd,
            "layout": layout("Contributions in USD", "year", "million US$", axis=year_axis(years)),
        },
        "chart-history-growth": {
            "data": [growth, growth_krw] if switched else [growth],
            "layout": layout(
                "Growth on the year before (same currency; in won where it changed)",
                "year",
                "%",
                axis=year_axis(years),
            ),
        },
    }


def people_step(most: int) -> int:
    """A round tick step (1, 2 or 5 × 10^k people) giving at most five steps up to ``most``."""
    step = 1
    while most > 5 * step:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if most <= 5 * step:
                break
    return step


def lapse_figure(view: dict[str, Any]) -> Figure:
    months = [m["month"] for m in view["months"]]
    scale = KRW_BN if view["currency"] == "KRW" else USD_M
    unit = "billion won" if view["currency"] == "KRW" else "million US$"

    def money(key: str, name: str) -> dict[str, Any]:
        return {
            "type": "scatter",
            "mode": "lines+markers",
            "name": name,
            "x": months,
            "y": [m[key] / scale for m in view["months"]],
        }

    leave = {
        "type": "bar",
        "name": "People on unpaid leave",
        "x": months,
        "y": [m["on_unpaid_leave"] for m in view["months"]],
        "yaxis": "y2",
        "opacity": 0.5,
    }
    marks = view.get("marks", [])
    extra: dict[str, Any] = {
        "yaxis": {"title": {"text": unit}, "rangemode": "nonnegative"},
        "yaxis2": {
            "title": {"text": "people"},
            "overlaying": "y",
            "side": "right",
            "rangemode": "nonnegative",
            "tickformat": "d",
            # round ticks of its own (0, 1000, 2000 …), not the money axis' grid carried over
            "tickmode": "linear",
            "tick0": 0,
            "dtick": people_step(max((m["on_unpaid_leave"] for m in view["months"]), default=0)),
            "showgrid": False,
        },
        "margin": {"r": 60},
        # the lapse's dated events (notices, funding windows, entry into force) as lines
        "shapes": [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": m["month"],
                "x1": m["month"],
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dot", "width": 1, "color": "#666"},
            }
            for m in marks
        ],
        "annotations": [
            {
                "x": m["month"],
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": f"{m['label']} ({m['date']})",
                "showarrow": False,
                "textangle": -90,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"size": 10},
            }
            for m in marks
        ],
    }
    return {
        "data": [money("funds", "Funds available"), money("reserve", "Reserve"), leave],
        "layout": layout(f"Lapse of {view['scenario']} by month", "month", unit, **extra),
    }


def all_outcomes(u1: list[float], u2: list[float]) -> dict[str, Any]:
    """Every outcome of a utility plot, small and grey (the negotiation and tracker pages)."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": "All outcomes",
        "x": u1,
        "y": u2,
        "marker": {"size": 4, "color": "#bbb"},
    }


def _points(
    name: str, u1: list[float], u2: list[float], which: list[int], color: str, mode: str
) -> dict[str, Any]:
    """The outcomes ``which`` (indices) of a utility plot as one trace."""
    return {
        "type": "scatter",
        "mode": mode,
        "name": name,
        "x": [u1[i] for i in which],
        "y": [u2[i] for i in which],
        "marker": {"size": 5, "color": color},
    }


def _span(values: list[float], reservation: float) -> list[float]:
    """An axis range around the outcomes and the reservation value, with room for the labels
    (never beyond 0..1: utilities)."""
    low, high = min([*values, reservation]), max([*values, reservation])
    pad = max(0.04, (high - low) * 0.12)
    return [max(0.0, low - pad), min(1.0, high + 2 * pad)]


def negotiation_figures(view: dict[str, Any]) -> dict[str, Figure]:
    u1, u2 = view["outcomes"]["u1"], view["outcomes"]["u2"]
    p1, p2 = view["parties"]
    zopa, pareto = view["zopa"], view["pareto"]
    traces: list[dict[str, Any]] = [
        all_outcomes(u1, u2),
        _points("Zone of agreement", u1, u2, zopa, "#8fd18f", "markers"),
        _points("Pareto frontier", u1, u2, pareto, "#1f4e9c", "lines+markers"),
    ]
    # Labels go up and to the right of their points, with an arrow: on a utility plot nothing
    # lies there (an outcome up-right of a Pareto point would dominate it), so a label never
    # covers an outcome or a recorded offer; the two tails differ, so the labels never overlap.
    labels = {
        "nash": ("Nash", 18, -52),
        "kalai_smorodinsky": ("Kalai–Smorodinsky", 48, -22),
    }
    notes = []
    for name, (label, ax, ay) in labels.items():
        point = view["points"].get(name)
        if point:
            x, y = point["u"]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": label,
                    "x": [x],
                    "y": [y],
                    "marker": {"size": 14, "symbol": "star"},
                }
            )
            notes.append(
                {
                    "x": x,
                    "y": y,
                    "text": label,
                    "ax": ax,
                    "ay": ay,
                    "xanchor": "left",
                    "showarrow": True,
                    "arrowhead": 0,
                    "arrowwidth": 1,
                    "font": {"size": 12},
                    "bgcolor": "rgba(255,255,255,0.85)",
                }
            )
    for party in (p1, p2):
        offers = [o for o in view["recorded"] if o["party"] == party]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"Recorded offers: {party}",
                "x": [o["u"][0] for o in offers],
                "y": [o["u"][1] for o in offers],
                "marker": {"size": 12, "symbol": "diamond"},
            }
        )
    r1, r2 = view["reservation"]
    shapes = [
        {"type": "line", "x0": r1, "x1": r1, "y0": 0, "y1": 1, "line": {"dash": "dot"}},
        {"type": "line", "x0": 0, "x1": 1, "y0": r2, "y1": r2, "line": {"dash": "dot"}},
    ]
    scatter = layout(
        f"Utility of every outcome ({view['scenario']})",
        f"utility of {p1}",
        f"utility of {p2}",
        axis={"title": {"text": f"utility of {p1}"}, "range": _span(u1, r1)},
        shapes=shapes,
        annotations=notes,
    )
    scatter["yaxis"]["range"] = _span(u2, r2)
    curves = []
    for party in (p1, p2):
        rows = [c for c in view["concessions"] if c["party"] == party]
        own = 0 if party == p1 else 1
        curves.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": f"{party}'s offers (own utility)",
                "x": [c["date"] for c in rows],
                "y": [c["u"][own] for c in rows],
            }
        )
    return {
        "chart-utility": {"data": traces, "layout": scatter},
        "chart-concessions": {
            "data": curves,
            "layout": layout("Concession curves (simulated, stated strategies)", "date", "utility"),
        },
    }


def proposals_figure(view: dict[str, Any]) -> Figure:
    scale = KRW_BN if view["currency"] == "KRW" else USD_M
    unit = "billion won" if view["currency"] == "KRW" else "million US$"
    traces = []
    years = sorted({int(y) for yearly in view["yearly"].values() for y in yearly})
    for row in view["summary"]:
        yearly = view["yearly"][row["proposal"]]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": row["proposal"],
                "x": [int(y) for y in yearly],
                "y": [v / scale for v in yearly.values()],
            }
        )
    return {
        "data": traces,
        "layout": layout("Yearly amounts by proposal", "year", unit, axis=year_axis(years)),
    }


def _count(offers: list[dict[str, Any]], party: str, number: int) -> int:
    return sum(1 for o in offers if o["party"] == party and o["round"] == number)


def tracker_figures(view: dict[str, Any]) -> dict[str, Figure]:
    rounds = view["rounds"]
    parties = sorted({o["party"] for o in view["offers"]})
    bars = []
    for party in parties:
        bars.append(
            {
                "type": "bar",
                "name": party,
                "x": [r["number"] for r in rounds],
                "y": [_count(view["offers"], party, r["number"]) for r in rounds],
            }
        )
    figures = {
        "chart-offers": {
            "data": bars,
            "layout": layout(
                "Offers per round",
                "round",
                "offers",
                barmode="stack",
                axis={"title": {"text": "round"}, "tickformat": "d", "dtick": 1},
                yaxis={"title": {"text": "offers"}, "tickformat": "d", "rangemode": "nonnegative"},
            ),
        }
    }
    analysis = view.get("analysis")
    if analysis:
        placed = analysis["offers"]
        figures["chart-tracker-analysis"] = {
            "data": [
                all_outcomes(analysis["u1"], analysis["u2"]),
                {
                    "type": "scatter",
                    "mode": "markers+text",
                    "name": "Recorded offers",
                    "x": [o["u"][0] for o in placed],
                    "y": [o["u"][1] for o in placed],
                    "text": [f"R{o['round']} {o['party']}" for o in placed],
                    "textposition": "top center",
                    "marker": {"size": 12, "symbol": "diamond"},
                },
            ],
            "layout": layout(
                "Recorded offers on your delegation's profiles",
                f"utility of {analysis['parties'][0]}",
                f"utility of {analysis['parties'][1]}",
            ),
        }
    return figures
