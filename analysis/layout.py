"""The headline block of a news item: kicker (引题), headline (主题), subtitle (副题), column tag.

Chinese print news stacks up to three lines above the body: a kicker that leads into the
headline (often ending in ``——``: ``联合国机构——``), the headline, and a subtitle (starting
with ``——``: ``——患者讲述治愈的故事``). The headline may end in a bracketed column tag
(``（今日谈）``, ``（人民时评）``), kept in the title as printed and also given on its own.

Two ways to find the block, both from what the file shows, never from its name:

- :func:`header_block` recognizes the layout of scraped print archives: the first three raw lines
  are the page's kicker, headline and subtitle elements, each possibly empty, not indented, and
  the body begins on the fourth line, indented (``\\u3000\\u3000…``);
- elsewhere :mod:`analysis.clean` reads the block line by line: a short line ending in ``——``
  before the headline is a kicker, a line opening with ``——`` right after it a subtitle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER_LINES = 3
"""Lines of the print-archive header: kicker, headline, subtitle (any may be empty)."""

HEADER_LINE_MAX = 80
"""Longest header line (characters) of the print layout; a longer one is prose."""

_INDENT = ("\u3000", "  ", "\t", "\u00a0")
_BLANK = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_SENTENCE_END_RE = re.compile(r"[。；;]")
_COLUMN_RE = re.compile(r"[（(](?P<column>[^（）()]{2,30})[）)]\s*$")
_PART_MARKER_RE = re.compile(r"^[上中下一二三四五六七八九十\d①-⑳]+$|^续$|^完$|^图$")
_DASHES = "—–-─━~～"


@dataclass(frozen=True)
class HeaderBlock:
    """Raw line indexes (0-based) of the kicker, headline and subtitle; None when empty."""

    kicker: int | None
    headline: int
    subtitle: int | None

    def role_of(self, index: int) -> str | None:
        """``kicker``, ``headline`` or ``subtitle`` for a raw line index of the block, else None."""
        if index == self.headline:
            return "headline"
        if index == self.kicker:
            return "kicker"
        if index == self.subtitle:
            return "subtitle"
        return None


def _is_blank(line: str) -> bool:
    return not line.strip(_BLANK)


def _indented(line: str) -> bool:
    return line.startswith(_INDENT) and not _is_blank(line)


def header_block(raw_lines: list[str]) -> HeaderBlock | None:
    """Recognize the print-archive header of one file.

    In: the file's raw lines (``text.split("\\n")``, nothing stripped). Out: a
    :class:`HeaderBlock` when the first :data:`HEADER_LINES` lines are not indented, at most
    :data:`HEADER_LINE_MAX` characters and hold no sentence end, at least one of them is not
    empty, and the body after them is indented: its first line, or most of its lines (a
    salutation such as ``同志们：`` may stand flush); or there is no body (an item that is only
    a headline). The headline is the second line; when it is empty, the first non-empty
    line of the block. Else None.
    """
    if len(raw_lines) < 2:
        return None
    head = raw_lines[:HEADER_LINES]
    for line in head:
        if _is_blank(line):
            continue
        text = line.strip(_BLANK)
        if _indented(line) or len(text) > HEADER_LINE_MAX or _SENTENCE_END_RE.search(text):
            return None
    filled = [i for i, line in enumerate(head) if not _is_blank(line)]
    if not filled:
        return None
    rest = [line for line in raw_lines[HEADER_LINES:] if not _is_blank(line)]
    if rest and not _indented(rest[0]) and sum(map(_indented, rest)) * 2 < len(rest):
        return None
    if len(raw_lines) <= HEADER_LINES and len(filled) == 1:
        return None  # a one-line file is no layout at all
    if 1 in filled:
        headline = 1
        kicker = 0 if 0 in filled else None
        subtitle = 2 if 2 in filled else None
    else:
        headline = filled[0]
        kicker = None
        subtitle = 2 if 2 in filled and headline != 2 else None
    return HeaderBlock(kicker=kicker, headline=headline, subtitle=subtitle)


def kicker_text(text: str) -> str:
    """A kicker without the dashes that lead into the headline (``联合国机构——`` -> ``联合国机构``)."""
    return text.rstrip(_DASHES + _BLANK).strip(_BLANK)


def subtitle_text(text: str) -> str:
    """A subtitle without its opening dashes (``——患者讲述治愈的故事`` -> ``患者讲述治愈的故事``)."""
    return text.lstrip(_DASHES + _BLANK).strip(_BLANK)


def ends_in_lead_dash(text: str) -> bool:
    """True for a line that leads into the next with ``——`` (a kicker), not a lone dash line."""
    stripped = text.rstrip(_BLANK)
    return stripped.endswith(("——", "—", "--")) and bool(kicker_text(stripped))


def opens_with_dash(text: str) -> bool:
    """True for a line that opens with ``——`` and has words after it (a subtitle)."""
    stripped = text.lstrip(_BLANK)
    return stripped.startswith(("——", "—", "--")) and bool(subtitle_text(stripped))


def column_of(title: str) -> str:
    """The bracketed column tag at the end of a headline, without brackets
    (``守护生命 争分夺秒（快评）`` -> ``快评``); ``""`` when there is none. A part marker
    (``（上）``, ``（二）``) is no column."""
    m = _COLUMN_RE.search(title)
    if not m:
        return ""
    column = m.group("column").strip()
    return "" if _PART_MARKER_RE.match(column) else column
