"""The briefing's charts as vector SVG (matplotlib's SVG backend: no browser, no network).

Each builder takes a section of the report model and returns one ``<svg>`` element as text,
ready to inline in HTML. The output is deterministic: a fixed hash salt per chart (stable
element ids, distinct between the charts of one page), no date in the metadata, text kept as
text (``svg.fonttype = none``, so it stays searchable and small).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MPath
from matplotlib.ticker import MaxNLocator

from burdenshare.reports.model import (
    CompareSection,
    HistorySection,
    LapseSection,
    NegotiationSection,
)

PARTY_COLOURS = {"US": "#1f4e79", "ROK": "#b22222", "none": "#555555", "agreed": "#2e7d32"}
OTHER = ("#7b1fa2", "#ef6c00", "#00838f", "#6d4c41", "#9e9d24", "#c2185b")
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
}
SIZE = (6.4, 3.0)  # inches: the width of an A4 page's text


def _rc(name: str) -> Any:
    """The style, with a hash salt of this chart's own (stable, distinct ids)."""
    return {**STYLE, "svg.hashsalt": f"burdenshare-{name}"}


@contextmanager
def _figure(name: str) -> Iterator[Figure]:
    with plt.rc_context(_rc(name)):
        fig = plt.figure(figsize=SIZE)
        try:
            yield fig
        finally:
            plt.close(fig)


def _svg(fig: Figure, name: str) -> str:
    buffer = io.StringIO()
    with plt.rc_context(_rc(name)):
        fig.savefig(
            buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None}
        )
    text = buffer.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    # Width and height in points: scale with the page instead (the viewBox keeps the ratio).
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)
    return svg.replace("<svg", f'<svg role="img" aria-label="{name}"', 1)


def _colour(party: str, index: int) -> str:
    return PARTY_COLOURS.get(party, OTHER[index % len(OTHER)])


def comparison_chart(section: CompareSection) -> str:
    """Each proposal's amount per year (lines), in the comparison currency."""
    with _figure("comparison") as fig:
        ax = fig.subplots()
        styles = ("-", "--", ":", "-.")
        for i, (key, party, points) in enumerate(section.lines):
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            ax.plot(
                xs,
                ys,
                styles[i % len(styles)],
                marker="o",
                markersize=3,
                linewidth=1.8 if key == "baseline" else 1.2,
                color=_colour(party, i),
                label=key,
            )
        ax.set_ylabel(f"{section.currency} {section.unit}s ({section.prices})")
        ax.set_xlabel("agreement year")
        years = sorted({p[0] for _, _, points in section.lines for p in points})
        ax.set_xticks(years)
        ax.legend(fontsize=6, ncols=3, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig, "comparison")


def lapse_chart(section: LapseSection) -> str:
    """People on unpaid leave (bars) and the reserve (line) month by month."""
    with _figure("lapse") as fig:
        ax = fig.subplots()
        labels = [m for m, _, _ in section.chart]
        ax.bar(labels, [n for _, n, _ in section.chart], color="#b22222", label="on unpaid leave")
        ax.set_ylabel("workers on unpaid leave")
        ax.set_ylim(0, max(1, *(n for _, n, _ in section.chart)) * 1.1)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelrotation=45)
        right = ax.twinx()
        right.plot(
            labels,
            [r for _, _, r in section.chart],
            color="#1f4e79",
            marker="o",
            markersize=3,
            label="reserve",
        )
        right.set_ylabel(f"reserve ({section.currency})")
        right.set_ylim(bottom=0)
        right.spines["right"].set_visible(True)
        right.grid(False)
        bars, bar_labels = ax.get_legend_handles_labels()
        line, line_labels = right.get_legend_handles_labels()
        ax.legend(bars + line, bar_labels + line_labels, fontsize=6, loc="upper right")
        return _svg(fig, "lapse")


def frontier_chart(section: NegotiationSection) -> str:
    """Every outcome's utilities, the Pareto frontier, reservation values, solution points."""
    u1, u2 = section.utilities
    p1, p2 = section.parties
    with _figure("frontier") as fig:
        fig.set_size_inches(6.4, 3.6)
        ax = fig.subplots()
        ax.add_patch(_cloud(u1, u2, "#bbbbbb", "possible agreements"))
        order = sorted(section.pareto, key=lambda i: u1[i])
        ax.plot(
            [u1[i] for i in order],
            [u2[i] for i in order],
            "-o",
            color="#1f4e79",
            markersize=2.5,
            linewidth=1,
            label="Pareto frontier",
        )
        r1, r2 = section.reservation
        ax.axvline(r1, color="#b22222", linestyle="--", linewidth=0.8, label="reservation values")
        ax.axhline(r2, color="#b22222", linestyle="--", linewidth=0.8)
        markers = ("*", "D", "s", "^")
        for i, (name, x, y) in enumerate(section.marked):
            ax.scatter([x], [y], s=40, marker=markers[i % 4], zorder=3, label=name)
        ax.set_xlabel(f"utility of {p1}")
        ax.set_ylabel(f"utility of {p2}")
        ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _svg(fig, "frontier")


SQUARE = [int(MPath.MOVETO), *(int(MPath.LINETO),) * 3, int(MPath.CLOSEPOLY)]


def _cloud(xs: Sequence[float], ys: Sequence[float], colour: str, label: str) -> PathPatch:
    """Many points as one SVG path of small squares (one element, not one per point: the PDF
    layout styles every SVG element)."""
    half = 0.005
    points = sorted({(round(x, 4), round(y, 4)) for x, y in zip(xs, ys, strict=True)})
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for x, y in points:
        vertices += [(x - half, y - half), (x + half, y - half), (x + half, y + half)]
        vertices += [(x - half, y + half), (x - half, y - half)]
        codes += SQUARE
    return PathPatch(MPath(vertices, codes), facecolor=colour, edgecolor="none", label=label)


def history_chart(section: HistorySection) -> str:
    """Every year's contribution; computed years hatched."""
    with _figure("history") as fig:
        ax = fig.subplots()
        years = [y for y, _, _ in section.bars]
        values = [v for _, v, _ in section.bars]
        colours = ["#ffffff" if c else "#1f4e79" for _, _, c in section.bars]
        hatches: list[Any] = ["////" if c else "" for _, _, c in section.bars]
        bars = ax.bar(years, values, color=colours, edgecolor="#1f4e79", linewidth=0.5)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        ax.set_ylabel(section.currency)
        ax.set_xlabel("year")
        return _svg(fig, "history")
