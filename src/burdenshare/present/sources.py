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


def first_url(reference: str | None) -> str:
    """The first URL of ``reference`` ("" when it holds none): what a chart point opens."""
    return next((p.url for p in split_sources(reference) if p.url), "")
