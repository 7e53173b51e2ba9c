"""The briefing of the bundled sma-2018 scenario, produced as a user produces it (the CLI, a real
process), in HTML and PDF: its figures exactly as the cost engine computes them, its length, its
pages rendered (pdftoppm) and not blank, no external resource, the same text on every run."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from burdenshare.costs.compare import compare
from burdenshare.costs.history import history
from burdenshare.costs.scenario import load_scenario
from burdenshare.money import Currency, format_money
from burdenshare.present.numbers import amount
from burdenshare.present.table import ResultTable
from burdenshare.reports import Options, build_report
from burdenshare.reports.html import render_html
from helpers import run_cli as run

# Independent oracles (the SMA arithmetic by hand): 2018 level 960.2 bn won; 150% rounded to
# 1억 won = 1,440.3 bn a year, 7,201.5 bn over five years; US$1.2 bn at 1,131 won = 1,357.2 bn a
# year, 6,786 bn over five years.
ORACLE = {
    "us-150pct": ("1,440,300,000,000 KRW", "7,201,500,000,000 KRW"),
    "us-1.2bn": ("1,357,200,000,000 KRW", "6,786,000,000,000 KRW"),
}


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    out = {}
    for kind in ("html", "pdf"):
        path = folder / f"sma-2018.{kind}"
        result = run("report", "sma-2018", "-o", str(path))
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"wrote {path} ({kind.upper()})"
        out[kind] = path
    return out


@pytest.fixture(scope="module")
def html(produced: dict[str, Path]) -> str:
    return produced["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_text(produced: dict[str, Path]) -> str:
    reader = PdfReader(produced["pdf"])
    return "\n".join(page.extract_text() for page in reader.pages)


def _key_figures() -> dict[str, tuple[str, str]]:
    result = compare(load_scenario("sma-2018"))
    items = {i.proposal.key: i for i in result.items}
    return {
        key: (format_money(items[key].yearly[2019]), format_money(items[key].total))
        for key in ORACLE
    }


def test_key_figures_are_the_cost_engines_and_the_oracles() -> None:
    assert _key_figures() == ORACLE


@pytest.mark.parametrize("kind", ["html", "pdf"])
def test_key_figures_appear_exactly(kind: str, html: str, pdf_text: str) -> None:
    text = html if kind == "html" else pdf_text
    # tables follow the number policy (present/numbers.py: KRW billion, five significant
    # figures); the exact values are the engine's, checked against the oracles above
    for key, (annual, total) in _key_figures().items():
        assert key in text
        for exact in (annual, total):
            minor = int(exact.split()[0].replace(",", ""))
            assert amount(minor, Currency.KRW) in text, (key, exact)
    # the stated amounts, the reference level and the outcome, as the engine formats them
    for figure in ("1,200,000,000.00 USD", "960,200,000,000 KRW", "1,038,900,000,000 KRW"):
        assert figure in text


def test_sections_and_sources(html: str) -> None:
    for heading in (
        "1. Situation",
        "2. The proposals compared",
        "3. If there is no deal: the lapse timeline",
        "4. Negotiation analysis",
        "Deal probability",
        "Appendix A. History",
        "Appendix B. Sources",
        "Bottom line",
    ):
        assert f">{heading}</h" in html, heading
    assert "SMA-9: 9th Special Measures Agreement, expires 2018-12-31" in html
    assert "Deal in force: 2019-04-05" in html  # the 10th SMA entered into force
    assert "Nash bargaining solution" in html
    sources = html[html.index('id="sources"') :]
    scenario = load_scenario("sma-2018")
    for proposal in scenario.proposals:
        if proposal.reference:
            assert proposal.reference.replace("&", "&amp;") in sources, proposal.key
    for entry in history("us-rok").entries:
        assert entry.source.replace("&", "&amp;").replace("'", "&#39;") in sources, entry.year


def test_html_is_self_contained(html: str) -> None:
    # comparison, frontier, history, calibration, tornado; sma-2018's lapse has no one on leave
    # and no reserve, so its chart would be empty and is left out (said in words)
    assert html.count("<svg") == 5
    assert 'id="lapse-no-chart"' in html
    assert "<image" not in html  # vector only
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.IGNORECASE)
    assert "<link" not in html and "<script" not in html
    assert "@import" not in html


def test_pdf_page_count(produced: dict[str, Path]) -> None:
    """The bottom line and the detail end by page 9, where the appendices start (the history
    table and the sources, which grow with every documented year and second source); 12 A4
    pages in all at most. The detail is 8 pages since the lapse's events and calibration and
    the sensitivity (each input's P(deal) with its interval) are tables of present/."""
    pages = PdfReader(produced["pdf"]).pages
    assert 4 <= len(pages) <= 12
    first = next(i for i, page in enumerate(pages, 1) if "Appendix A." in page.extract_text())
    assert first <= 9


def test_pdf_pages_render_and_are_not_blank(produced: dict[str, Path], tmp_path: Path) -> None:
    assert shutil.which("pdftoppm"), "needs poppler-utils: make install-report-deps"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(produced["pdf"]), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(produced["pdf"]).pages)
    for page in pages:
        pixels = np.asarray(Image.open(page).convert("L"), dtype=np.float64)
        inked = (pixels < 200).mean()
        assert pixels.std() > 10, page.name
        assert inked > 0.01, (page.name, inked)


def test_same_report_every_time(html: str) -> None:
    """Another process, the same defaults: the same HTML, byte for byte (seeded, stable ids)."""
    assert render_html(build_report(load_scenario("sma-2018"), Options())) == html


def test_unknown_extension_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "brief.docx"
    result = run("report", "sma-2018", "-o", str(target))
    assert result.returncode == 2
    assert "unknown extension (use .html or .pdf)" in result.stderr
    assert str(target) in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    target.write_text("the previous briefing")
    bad = Path(__file__).parents[1] / "data" / "bad" / "unknown-key.yaml"
    result = run("report", str(bad), "-o", str(target))
    assert result.returncode == 2
    assert "colour" in result.stderr
    assert target.read_text() == "the previous briefing"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]


def test_appendix_and_title() -> None:
    scenario = load_scenario("sma-2018")
    report = build_report(scenario, Options(title="Brief for the minister", appendix=True))
    titles = [title for title, _ in report.appendix]
    assert titles[: len(scenario.all)] == [f"schedule of {p.key}" for p in scenario.all]
    assert "the Pareto frontier" in titles
    assert [t for t in titles if t.startswith("the lapse")] == [
        f"the lapse with the deal on 2019-{m:02d}-01" for m in range(1, 13)
    ]
    schedules = dict(report.appendix)
    # present/schedule.py's cells, the strings `burdenshare schedule` prints (5 significant
    # figures since issue 18: US$6,000.0 m, was the exact "6,000")
    us150, us12 = schedules["schedule of us-150pct"], schedules["schedule of us-1.2bn"]
    assert isinstance(us150, ResultTable) and isinstance(us12, ResultTable)
    assert [c.text for c in us150.column("amount")] == ["1,440.3"] * 5
    assert us12.column("cumulative")[-1].text == "6,000.0"  # US$ m
    assert us12.column("cumulative")[-1].value == 6_000_000_000_00  # cents
    html = render_html(report)
    assert "<h1>Brief for the minister</h1>" in html
    assert html.count("<h2>Appendix: ") == len(titles)
