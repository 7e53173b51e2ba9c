"""Source references as the data files state them, split into what a page can link.

A reference may hold several sources separated by `` ; `` (a white paper page and a news
report); each becomes its own link, never one ``href`` holding two URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"\s+;\s+|\s*;\s*(?=https?://)")


@dataclass(frozen=True)
class SourcePart:
    """One source: a URL to link (``url``) or plain text (``text``, url empty)."""

    text: str
    url: str = ""


def split_sources(reference: str | None) -> tuple[SourcePart, ...]:
    """The sources in ``reference``, in order: URLs as links, anything else as text."""
    if not reference:
        return ()
    parts = []
    for piece in _SEPARATOR.split(reference.strip()):
        piece = piece.strip()
        if not piece:
            continue
        if re.fullmatch(r"https?://\S+", piece):
            parts.append(SourcePart(piece, piece))
        else:
            parts.append(SourcePart(piece))
    return tuple(parts)


def source_links(reference: str | None) -> tuple[tuple[str, str], ...]:
    """A reference's parts as a cell's links: ``source`` (or ``source 1``, ``source 2`` …
    when it holds several) for each URL, its own words for plain text."""
    parts = split_sources(reference)
    many = len(parts) > 1
    return tuple(
        ((f"source {k}" if many else "source") if p.url else p.text, p.url)
        for k, p in enumerate(parts, 1)
    )


def first_url(reference: str | None) -> str:
    """The first URL of ``reference`` ("" when it holds none): what a chart point opens."""
    return next((p.url for p in split_sources(reference) if p.url), "")
