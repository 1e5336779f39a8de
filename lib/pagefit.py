"""Will a case's one-page summary fit its page? An estimate made before rendering, so that
the author can shorten a text before a PDF runs to pages it should not.

The summary (templates/reports/_case.html) is a table on a landscape A4 page: per row a
label, a text and perhaps amounts. A row is as tall as its tallest cell; a text wraps at
about a fixed number of characters per line, set by its column's width. The estimate counts
lines that way and compares the sum with what the page holds. The constants were calibrated
against real renders of the report (WeasyPrint, DejaVu Sans Condensed 9.2 pt, see
tests/pdf/test_summary_fit.py, which renders texts just under and just over the limit): the
estimate errs on the side of warning, since a warning too many costs the author a look and a
warning too few costs the raad a page.

Pure: texts in, lines out; nothing of Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Characters per line of 9.2 pt text: the narrative column (aanpak, interventie, zonder
# interventie) and the effect rows, whose text spans the amounts' column too. Measured on
# the rendered Stein summaries (pdftotext -bbox), less a margin for word wrapping.
CHARS_NARROW = 98
CHARS_WIDE = 134
# Lines of 9.2 pt text the page holds below the case's heading and period, and what a row
# costs beyond its text (padding and rules), in lines.
PAGE_LINES = 39.0
ROW_EXTRA = 0.85
# A paragraph break (a blank line in the text) costs a little less than a line.
PARAGRAPH_EXTRA = 0.3


@dataclass(frozen=True)
class Row:
    """One row of the summary: its text (empty for a row of figures only), whether the text
    spans the wide column, and the lines its label or amounts take at least."""

    name: str
    label: str
    text: str = ""
    wide: bool = False
    min_lines: int = 1


@dataclass(frozen=True)
class Overflow:
    """A summary that will not fit: the longest text and how much should go."""

    longest: Row
    lines: float
    excess_lines: float

    @property
    def excess_chars(self) -> int:
        per_line = CHARS_WIDE if self.longest.wide else CHARS_NARROW
        # Rounded up to a hundred: an estimate should not look more precise than it is.
        return max(100, math.ceil(self.excess_lines * per_line / 100) * 100)


def text_lines(text: str, chars_per_line: int) -> float:
    """Lines a text takes when wrapped at ``chars_per_line``: every line of the source
    (a paragraph, a list item) starts a new line; blank lines add a paragraph's spacing."""
    lines = 0.0
    for paragraph in text.strip().splitlines():
        stripped = paragraph.strip()
        if not stripped:
            lines += PARAGRAPH_EXTRA
            continue
        lines += math.ceil(len(stripped) / chars_per_line)
    return lines


def row_lines(row: Row) -> float:
    per_line = CHARS_WIDE if row.wide else CHARS_NARROW
    return max(row.min_lines, text_lines(row.text, per_line)) + ROW_EXTRA


def overflow(rows: list[Row], page_lines: float = PAGE_LINES) -> Overflow | None:
    """None when the rows fit the page; else which text is longest and by how many lines
    the whole is over."""
    total = sum(row_lines(row) for row in rows)
    if total <= page_lines:
        return None
    longest = max(
        rows, key=lambda row: text_lines(row.text, CHARS_WIDE if row.wide else CHARS_NARROW)
    )
    return Overflow(longest, total, total - page_lines)
