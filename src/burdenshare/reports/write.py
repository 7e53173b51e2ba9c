"""Writing a briefing to a file: the format by the extension, atomically (temp + rename)."""

from __future__ import annotations

from pathlib import Path

from burdenshare.errors import InputError
from burdenshare.files import atomic_write
from burdenshare.reports.html import render_html
from burdenshare.reports.model import Report
from burdenshare.reports.pdf import render_pdf

FORMATS = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
}


def report_format(path: Path, source: str = "-o") -> str:
    """``html`` or ``pdf`` from the file's extension; InputError for anything else."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(source, "output", f"{str(path)!r}: unknown extension (use .html or .pdf)")
    if not path.resolve().parent.is_dir():
        raise InputError(source, "output", f"folder {str(path.resolve().parent)!r} does not exist")
    return "pdf" if suffix == ".pdf" else "html"


def report_bytes(report: Report, kind: str) -> bytes:
    """The report as HTML (UTF-8) or PDF bytes."""
    html = render_html(report)
    return render_pdf(html) if kind == "pdf" else html.encode("utf-8")


def write_report(report: Report, path: Path) -> str:
    """Write the report to ``path`` (HTML or PDF by its extension); the format written."""
    kind = report_format(path)
    atomic_write(path, report_bytes(report, kind), "-o")
    return kind
