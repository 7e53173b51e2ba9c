"""Figures and single words (dates, codes) never break inside a table cell, on every page
with a result table, at desktop width (issue 18: "nothing wraps")."""

from __future__ import annotations

import pytest

from conftest import Tab

# Each cell drawn as figure (td.num) or single word (td.word): 2 when its text's boxes start
# more than a font size apart (a second line), else 1 (a badge's offset is not a line).
LINES = """() => Array.from(document.querySelectorAll('td.num, td.word'))
  .filter(td => td.textContent.trim())
  .map(td => { const r = document.createRange(); r.selectNodeContents(td);
               const tops = Array.from(r.getClientRects()).map(x => x.top);
               const size = parseFloat(getComputedStyle(td).fontSize);
               const lines = Math.max(...tops) - Math.min(...tops) > size ? 2 : 1;
               return [td.textContent.trim(), lines]; })"""


@pytest.mark.parametrize(
    "path", ["/backtest", "/history", "/proposals", "/negotiation", "/allies", "/lapse"]
)
def test_figures_and_words_do_not_wrap(tab: Tab, path: str) -> None:
    tab.open(path)
    cells = tab.page.evaluate(LINES)
    assert len(cells) > 5, path
    broken = [text for text, lines in cells if lines > 1]
    assert broken == [], (path, broken[:5])
