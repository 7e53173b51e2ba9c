"""Every source in the bundled data is a page-level citation, and every derived value says so.

A page-level citation names one page that states the figure: an article, a release, a
statistics page or a treaty text. Not a listing or search page (an author's article list, a
board list, a tag page), not a document-sharing mirror (happylibus, docsplayer, issuu, ...),
not a forum repost. The rules below are checked on every URL of the bundled series,
agreements and history files.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from burdenshare.data import DATA_DIR
from burdenshare.yamlio import load_yaml

# the bundled data files (scenarios and demo records are checked by their owners; see
# docs/data.md for the two pages still to replace there)
FILES = sorted(
    p
    for folder in ("series", "agreements", "history", "share")
    for p in (DATA_DIR / folder).glob("*.yaml")
)
URL = re.compile(r"https?://[^\s\"';,)}\]]+")

MIRRORS = (
    "happylibus.com", "9dok.net", "docsplayer", "pdfslide", "fdocuments", "issuu.com",
    "scribd.com", "readkong.com", "slideshare", "dokumen.", "pdfprof.com",
)  # fmt: skip
REPOSTS = ("82cook.com", "chetecut.com", "haebyeong.com", "krtube.net", "2nn.jp", "next2ch.net")
LISTING_PATH = re.compile(r"/(list|search|tag|tags)(/|$)|boardlist|/category/[^/]+/?$", re.I)
ITEM_KEYS = {"seq", "boardseq", "wr_id", "idxno", "uid", "no", "id", "ud", "seq_code", "p", "key"}


def _urls(value: object) -> list[str]:
    if isinstance(value, str):
        return URL.findall(value)
    if isinstance(value, dict):
        return [u for v in value.values() for u in _urls(v)]
    if isinstance(value, list | tuple):
        return [u for v in value for u in _urls(v)]
    return []


def problem(url: str) -> str | None:
    """Why ``url`` is not a page-level citation, or ``None``."""
    parsed = urlparse(url)
    host = parsed.netloc.lower()
    if any(m in host for m in MIRRORS):
        return "document-sharing mirror"
    if any(r in host for r in REPOSTS):
        return "repost or forum"
    if "/bbs/board.php" in parsed.path:
        return "forum board repost"
    query = {k.lower() for k in parse_qs(parsed.query)}
    if LISTING_PATH.search(parsed.path) and not (query & ITEM_KEYS):
        return "listing or search page"
    if parsed.path in ("", "/") and not (query & ITEM_KEYS):
        return "a site's front page"
    return None


ALL_URLS = sorted({(p.name, u) for p in FILES for u in _urls(load_yaml(p))})


def test_the_bundled_data_has_sources() -> None:
    assert len(FILES) >= 7
    assert len(ALL_URLS) > 80


@pytest.mark.parametrize(("file", "url"), ALL_URLS, ids=[f"{f}:{u[:60]}" for f, u in ALL_URLS])
def test_every_source_is_a_page_level_citation(file: str, url: str) -> None:
    assert problem(url) is None, f"{file}: {url}: {problem(url)}"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://kuk.kode.co.kr/article/list/@jerald?page=31", "listing or search page"),
        ("https://happylibus.com/doc/642679/", "document-sharing mirror"),
        ("http://firennews.com/bbs/board.php?bo_table=free&wr_id=5850", "forum board repost"),
        ("https://issuu.com./pspd/docs/pd20180513", "document-sharing mirror"),
        ("https://haebyeong.com/mndnews/730841?page=41", "repost or forum"),
        ("https://example.org/search?q=sma", "listing or search page"),
        ("https://example.org/", "a site's front page"),
    ],
)
def test_the_rules_catch_the_pages_this_project_replaced(url: str, why: str) -> None:
    assert problem(url) == why


@pytest.mark.parametrize(
    "url",
    [
        "https://reform.mnd.go.kr/user/boardList.action?command=view&page=1&boardId=I_7650984&boardSeq=I_8430967",
        "https://deu-bonn.mofa.go.kr/www/brd/m_4078/view.do?page=1&seq=368685",
        "https://news.ntv.co.jp/category/politics/326236",
        "http://www.koreaherald.com/view.php?ud=20201005000524",
    ],
)
def test_the_rules_accept_single_item_pages(url: str) -> None:
    assert problem(url) is None


# --- every derived value is flagged

DERIVED_WORDS = re.compile(
    r"\b(mean of|less the|plus the|derived|back-projected|spread evenly)\b", re.I
)


def _series_values() -> list[tuple[str, str, dict[str, object]]]:
    out = []
    for path in sorted((DATA_DIR / "series").glob("*.yaml")):
        for day, value in load_yaml(path)["values"].items():
            out.append((path.stem, str(day), value))
    return out


@pytest.mark.parametrize(("series", "day", "value"), _series_values())
def test_a_series_value_described_as_arithmetic_is_flagged_derived(
    series: str, day: str, value: dict[str, object]
) -> None:
    note = str(value.get("note", ""))
    if DERIVED_WORDS.search(note) and "not derived" not in note:
        assert "derived" in value.get("flags", ()), f"{series} {day}: {note}"


def test_history_records_computed_by_a_rule_say_so() -> None:
    for path in sorted((DATA_DIR / "history").glob("*.yaml")):
        for rec in load_yaml(path)["records"]:
            if rec.get("computed"):
                assert str(rec["source"]).startswith("computed by "), rec["year"]
            else:
                assert not str(rec["source"]).startswith("computed by "), rec["year"]


def test_every_source_field_names_a_url() -> None:
    """A source without any URL is not a citation (flags and notes explain, URLs cite)."""
    missing = []
    for path in FILES:
        data = load_yaml(path)
        for where, text in _source_fields(data, path.stem):
            if not URL.search(text):
                missing.append(where)
    assert missing == []


def _source_fields(value: object, where: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("source", "reference", "entry_into_force_reference") and isinstance(v, str):
                if v:
                    out.append((f"{where}.{k}", v))
            else:
                out += _source_fields(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _source_fields(v, f"{where}[{i}]")
    return out


def test_this_file_reads_the_bundled_folder() -> None:
    assert all(Path(p).is_relative_to(DATA_DIR) for p in FILES)
