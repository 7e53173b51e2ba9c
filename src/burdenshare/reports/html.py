"""The briefing as one self-contained HTML page: inline CSS, inline SVG, no external URL."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, select_autoescape

from burdenshare.present.table import template_dir
from burdenshare.reports.calibration import calibration_charts
from burdenshare.reports.model import Report


@cache
def _environment() -> Environment:
    return Environment(
        loader=ChoiceLoader(  # the briefing's templates, then the shared table macro
            [PackageLoader("burdenshare.reports", "templates"), FileSystemLoader(template_dir())]
        ),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css() -> str:
    return resources.files("burdenshare.reports").joinpath("templates/report.css").read_text()


def render_html(report: Report) -> str:
    """The report's HTML (deterministic: the same report gives the same text)."""
    from burdenshare.reports import charts  # matplotlib: loaded when a report is drawn

    figures = {
        "comparison": charts.comparison_chart(report.comparison),
        "history": charts.history_chart(report.history),
    }
    if report.lapse is not None and report.lapse.charted:
        figures["lapse"] = charts.lapse_chart(report.lapse)
    if report.negotiation is not None:
        figures["frontier"] = charts.frontier_chart(report.negotiation)
    if report.calibration is not None:
        figures.update(calibration_charts(report.calibration))
    template = _environment().get_template("report.html")
    return template.render(r=report, charts=figures, css=_css())
