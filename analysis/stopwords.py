"""Which tokens are never terms: stop words and number fragments.

Stop words are the maintained Chinese list of the ``stopwords-iso`` project (package
``stopwordsiso``, 794 words: function words, pronouns, punctuation) plus a short, documented
domain list shipped in ``analysis/data/stopwords_domain.txt`` (reporting verbs such as 表示,
enumerators such as 一是, vague time words such as 近日). They apply to every count of
:mod:`analysis.terms`, not only to keyword extraction.

Number fragments are the pieces jieba makes of quantities: ``1.4万名`` becomes ``1.4`` +
``万名``, ``3000多人次`` becomes ``3000`` + ``多人次``. :func:`is_number_fragment` recognises
them by their shape (numerals and approximation words followed by classifiers), so that
万余名, 多人次, 万元 or 第二批 never become terms, while words that merely start with a numeral
character (一线, 百姓, 三湘, 数据, 千家万户) stay. Numbers themselves are read from the text by
the numeric-claim stage, never from tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import stopwordsiso

from analysis.paths import DATA_DIR
from analysis.text import HAN

DOMAIN_STOPWORDS_PATH: Path = DATA_DIR / "stopwords_domain.txt"

_NUM = "0-9.%零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_APPROX = "余多几数来半"
CLASSIFIERS: tuple[str, ...] = (
    "人次", "小时", "分钟", "公斤", "千克", "公里", "平方米", "平方公里", "立方米", "万元",
    "亿元", "元", "块", "角", "个", "名", "位", "人", "次", "家", "户", "支", "件", "条", "项",
    "台", "辆", "只", "座", "所", "栋", "间", "套", "张", "份", "批", "轮", "场", "届", "期",
    "级", "种", "类", "样", "篇", "封", "包", "袋", "箱", "瓶", "盒", "桶", "罐", "吨", "斤",
    "克", "米", "亩", "天", "日", "月", "年", "周", "岁", "时", "分", "秒", "点", "号", "倍",
    "道", "把", "面", "群", "对", "起", "例", "趟", "遍", "餐", "顿", "剂", "副", "双", "片",
)
"""Classifiers and units that follow a numeral (longest first inside the pattern)."""

_NOT_AFTER_APPROX = frozenset({"元", "样", "面", "分", "时"})
"""After a bare approximation word these make ordinary words (多元, 多样, 多面, 几分, 多时)."""


def _alternation(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_CLS = _alternation(CLASSIFIERS)
_CLS_APPROX = _alternation(c for c in CLASSIFIERS if c not in _NOT_AFTER_APPROX)
NUMBER_FRAGMENT_RE = re.compile(
    rf"^第?[{_NUM}]+[{_APPROX}]?[{_NUM}]*(?:{_CLS})*$"
    rf"|^[{_APPROX}][{_NUM}]*(?:{_CLS_APPROX})(?:{_CLS})*$"
    rf"|^[{_APPROX}][{_NUM}]+(?:{_CLS})*$"
    rf"|^(?:{_CLS})$|^[{_APPROX}第]$"
)
"""A token made of numerals/approximation words plus classifiers, or one bare classifier or
approximation word (the ``多`` of ``3000多``)."""


def is_number_fragment(token: str) -> bool:
    """Whether ``token`` is a piece of a quantity (``万余名``, ``多人次``, ``万元``, ``5.2%``, ``名``).

    In: one token. Out: ``True`` for numerals (Arabic or Chinese, with ``第`` and approximation
    words 余/多/几/数/来/半) optionally followed by classifiers, and for a bare classifier;
    ``False`` for words that only start with a numeral character (一线, 百姓, 三湘, 数据).
    """
    return bool(NUMBER_FRAGMENT_RE.match(token))


def read_word_list(path: Path) -> list[str]:
    """Words of a one-word-a-line UTF-8 file; blank lines and ``#`` comments skipped."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


@lru_cache(maxsize=4)
def load_stopwords(*, domain: bool = True) -> frozenset[str]:
    """The stop-word set used by every count.

    In: ``domain`` (also use ``analysis/data/stopwords_domain.txt``, default yes). Out: the
    stopwords-iso Chinese list, plus the domain list.
    """
    words = set(stopwordsiso.stopwords("zh"))
    if domain:
        words.update(read_word_list(DOMAIN_STOPWORDS_PATH))
    return frozenset(words)


_HAN_CHAR_RE = re.compile(f"[{HAN}]")


def number_fragments(tokens: pd.DataFrame, *, stopwords: frozenset[str] | None = None) -> pd.Series:
    """Han number fragments among the tokens (万余名, 多人次, 万元 …) that the term filter leaves
    out, with their counts, most frequent first.

    In: a ``tokens`` table. Out: a Series ``token -> count`` of tokens that
    :func:`is_number_fragment` flags, that hold a Han character and are not stop words.
    """
    stops = load_stopwords() if stopwords is None else stopwords
    uniq = tokens["token"].drop_duplicates()
    keep = {t for t in uniq if _HAN_CHAR_RE.search(t) and t not in stops and is_number_fragment(t)}
    return tokens.loc[tokens["token"].isin(keep), "token"].value_counts()
