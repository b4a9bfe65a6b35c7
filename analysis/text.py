"""Small text utilities shared by every stage: character classes, punctuation, sentences.

The clean text of a paragraph follows one documented punctuation normalization
(:func:`normalize_punctuation`): full-width ASCII letters and digits become half-width, and the
ASCII punctuation ``, : ; ! ? ( )`` that touches a Chinese character becomes its full-width
Chinese form ``， ： ； ！ ？ （ ）``. A comma between two digits (``1,000``) stays ASCII, so a
thousands separator is never mistaken for a list comma. The normalization keeps the length of
the text, so an offset into the clean text is also an offset into the converted raw text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a table is made, not with these utilities
    import pandas as pd

HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
"""Code point ranges of Han ideographs: CJK Ext. A, CJK Unified, CJK Compatibility."""
HAN = "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in HAN_RANGES)
"""Character class body for Han ideographs (:data:`HAN_RANGES`)."""

HAN_RE = re.compile(f"[{HAN}]")

_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ALNUM.update({"\uff0e": ".", "\uff05": "%"})  # full stop inside numbers, percent
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH_ALNUM)
_FULLWIDTH_RE = re.compile("[" + "".join(sorted(_FULLWIDTH_ALNUM)) + "]")

_ASCII_TO_CJK = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_CJK_OR_CJK_PUNCT = f"[{HAN}\u3000-\u303f\uff00-\uffef“”‘’…—·]"
_PUNCT_RE = re.compile(r"[,:;!?()]")
_HAN_PUNCT_CONTEXT = re.compile(_CJK_OR_CJK_PUNCT)
# a punctuation mark after or before Chinese text; the pattern opens with the marks themselves,
# so the search jumps from one mark to the next
_SIMPLE_PUNCT_RE = re.compile(
    f"[,:;!?](?:(?<={_CJK_OR_CJK_PUNCT}[,:;!?])|(?={_CJK_OR_CJK_PUNCT}))")
_PAREN_RE = re.compile(r"[()]")

_SENT_RE = re.compile(
    # greedy: the run of non-terminators ends where the terminators begin (a lazy run would
    # test the terminator group after every character)
    r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+|\Z)[”’」』）)]*",
)


def normalize_punctuation(text: str) -> str:
    """Return ``text`` with the project's one punctuation normalization applied.

    In: any string. Out: a string of the same length in which full-width letters/digits are
    half-width and ASCII ``, : ; ! ? ( )`` next to Chinese text are full-width Chinese
    punctuation (``，：；！？（）``). ASCII punctuation between Latin letters or digits
    (``1,000``, ``10:30``, ``(CT)``) is kept.
    """
    if _FULLWIDTH_RE.search(text):
        text = text.translate(_FULLWIDTH_TABLE)
    if not _PUNCT_RE.search(text):
        return text
    text = _SIMPLE_PUNCT_RE.sub(lambda m: _ASCII_TO_CJK[m.group()], text)
    if "(" not in text and ")" not in text:
        return text
    chars = list(text)
    n = len(chars)
    for m in _PAREN_RE.finditer(text):
        i, ch = m.start(), m.group()
        prev = chars[i - 1] if i > 0 else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        if ch == "(":
            close = text.find(")", i)
            inner = text[i + 1 : close] if close != -1 else nxt
            if _HAN_PUNCT_CONTEXT.search(prev + inner[:1]) or HAN_RE.search(inner):
                chars[i] = "（"
        else:
            opn = text.rfind("(", 0, i)
            inner = text[opn + 1 : i] if opn != -1 else prev
            if _HAN_PUNCT_CONTEXT.search(inner[-1:] + nxt) or HAN_RE.search(inner):
                chars[i] = "）"
    return "".join(chars)


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split a clean paragraph into sentences.

    In: one paragraph's clean text. Out: ``(start, end, sentence)`` triples with
    ``text[start:end] == sentence``; sentences end at ``。！？；…`` (plus any closing quote or
    bracket that follows), and the last one at the end of the paragraph. Empty pieces are
    dropped; leading/trailing whitespace of a sentence is excluded from its span.
    """
    out: list[tuple[int, int, str]] = []
    for m in _SENT_RE.finditer(text):  # the pattern matches (maybe empty) at every position
        sentence = m.group()
        if not sentence:
            continue
        if sentence[0].isspace() or sentence[-1].isspace():
            stripped = sentence.strip()
            if not stripped:
                continue
            start = m.start() + len(sentence) - len(sentence.lstrip())
            out.append((start, start + len(stripped), stripped))
        else:
            out.append((m.start(), m.end(), sentence))
    return out


_HAN_RUN_RE = re.compile(f"[{HAN}]+")


def han_count(text: str) -> int:
    """Number of Han ideographs in ``text``."""
    return sum(map(len, _HAN_RUN_RE.findall(text)))


def paragraph_han_chars(paragraphs: pd.DataFrame) -> pd.Series:
    """Han characters of the clean paragraph text per article (the ``per_10k`` base of the lexicon
    and place tables; :func:`analysis.terms.han_chars_by_article` gives the same from tokens).

    In: ``paragraphs`` (``article_id``, ``text``). Out: a Series indexed by ``article_id`` (as
    text, sorted) with the number of Han characters of the article's clean text.
    """
    import numpy as np
    import pandas as pd

    n = [sum(map(len, _HAN_RUN_RE.findall(t))) for t in paragraphs["text"].fillna("").astype(str)]
    return pd.Series(n, index=paragraphs.index, dtype=np.int64).groupby(
        paragraphs["article_id"].astype(str)).sum()
