"""Briefing reports: the content (``model``), SVG charts, the HTML page and its PDF.

``write_report(build_report(scenario), path)`` writes HTML or PDF by the extension, atomically.
"""

from __future__ import annotations

from burdenshare.present.policy import DEFAULT_RUNS
from burdenshare.reports.model import Options, Report, build_report
from burdenshare.reports.write import FORMATS, report_bytes, report_format, write_report

__all__ = [
    "DEFAULT_RUNS",
    "FORMATS",
    "Options",
    "Report",
    "build_report",
    "report_bytes",
    "report_format",
    "write_report",
]
