"""The briefing as PDF: the HTML laid out by WeasyPrint, with every fetch refused."""

from __future__ import annotations

from typing import Any


class OfflineError(RuntimeError):
    """The report asked for an external resource: it must be self-contained."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise OfflineError(f"the report must not load {url!r}")


def render_pdf(html: str) -> bytes:
    """PDF bytes of the report's HTML; fails rather than fetch anything."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_refuse)
    data: bytes = document.write_pdf()
    return data
