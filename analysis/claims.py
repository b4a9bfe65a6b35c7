"""The numeric-claim ledger: every number mention of the content, classified and traced.

:func:`numeric_claims` reads the ``paragraphs`` table (clean text) and the ``articles`` table
and returns one row per number mention, in text order. The grammar of :mod:`analysis.numbers`
finds the expressions; this module decides, from the sentence around each one, whether it is a
mention at all and whether it states a claim, following the annotation guidelines (``tests/fixtures/gold/GUIDELINES.md``):

- numeral characters that are words (一线, 第一时间, idioms, place names such as 七里桥),
  reduplications (一袋一袋) and ``一`` used as "a" (一支由18名…突击队, 一名党员) are no mention;
  they are listed, with the reason, in ``number_coverage``;
- counts, money, measures, durations, ages and percentages are claims (``is_claim`` 1), zero
  counts included (零新增, 确诊病例实现动态清零); dates, times, labels, identifiers, figurative
  (两个战场) and definitional numbers (乡村两级, 夫妻二人, “精忠报国”4字), vague ones without a
  value (数日, 几位), forms of address (你们两位), relative time anchors (一年后, 3天前) and bare
  numbers without a unit are mentions with ``is_claim`` 0 and a ``reason``.

Table ``numeric_claims`` (:data:`CLAIM_COLUMNS`): ``article_id``, ``para_no``, ``sentence``,
``start``, ``end`` (offsets into the paragraph's clean ``text``), ``surface``, ``kind`` (count,
money, measure, duration, age, percent, date, time_of_day, ordinal_or_label, identifier),
``is_claim``, ``value`` (base units: 万/亿 multiplied out, money in 元, percent shares in %, dates
ISO — with a year only where the article's metadata (``published_source`` ``text`` or
``metadata``) or a full date stated in the article gives one, else ``--MM-DD``), ``value_high``
(upper end of a range), ``unit``, ``qualifier``, ``subject``, ``place``; then ``role`` (the
paragraph's role), ``sentence_no``, ``is_range``, ``reason`` (why the row is or is not a
claim), ``value_num`` (the value as a number, empty for dates and times).

Table ``number_coverage`` (:func:`number_coverage`, :data:`COVERAGE_COLUMNS`): one row per digit
run (``\\d+``) and per run of Chinese numeral characters (``零〇一二两三四五六七八九十百千万亿``) of the
content: ``article_id``, ``para_no``, ``start``, ``end``, ``token``, ``script`` (arabic,
chinese), ``status`` (``claim``, ``mention`` — a row of ``numeric_claims`` with is_claim 0 —,
``excluded`` — no mention, with the reason —, or ``unclassified``, which the tests keep at
zero), ``kind``, ``reason``, ``surface``, ``expr_start``, ``expr_end`` (the expression that
accounts for the token).

:func:`score_claims` compares a ledger with a hand annotation such as
``tests/fixtures/gold/numeric_mentions_sample.csv`` on (article, value, unit) over claim rows.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from analysis.engine import Engine, concat_parts, split_by_article
from analysis.numbers import (
    CN_NUMERAL_CHARS,
    COUNTED_NOUNS,
    NumberExpression,
    find_expressions,
    format_value,
)
from analysis.paths import PROJ_ROOT
from analysis.places import (
    COMPOUND_NEXT,
    SurfaceFinder,
    find_countries,
    gazetteer_matcher,
    inside_a_word,
    is_short_form,
)
from analysis.text import HAN, split_sentences

GOLD_SAMPLE = PROJ_ROOT / "tests" / "fixtures" / "gold" / "numeric_mentions_sample.csv"
"""The hand annotation of articles 000 and 002 (a copy of the team's ``shared/gold``, with its
``GUIDELINES.md``, kept in the repository so the tests need nothing beside it)."""

CLAIM_COLUMNS = [
    "article_id", "para_no", "sentence", "start", "end", "surface", "kind", "is_claim", "value",
    "value_high", "unit", "qualifier", "subject", "place", "role", "sentence_no", "is_range",
    "reason", "value_num",
]
COVERAGE_COLUMNS = [
    "article_id", "para_no", "start", "end", "token", "script", "status", "kind", "reason",
    "surface", "expr_start", "expr_end",
]
CLAIM_KINDS = ("count", "money", "measure", "duration", "age", "percent", "change")
"""Kinds whose mentions are claims unless a context rule says otherwise."""

YEAR_SOURCES = ("text", "filename", "metadata")
"""``articles.published_source`` values whose year may complete a date without a year."""

# --- context rules ---------------------------------------------------------------------------

_JI_WORD_NEXT = frozenset("团体中结合聚市镇资成装训散约邮会贸群纳控采运锦")
"""Characters that make a word with a 集 before them (集团, 集体, 集中): 集 is then no unit."""
_COUNT_MARKERS = re.compile(r"(?:新增|累计|共计|共有|共|仅有|仅|只有|只|唯一|确诊|报告|增加|减少|"
                            r"合计|总计|计)$")
"""Words after which 一 counts (新增一例); 其中一位 is "one of them", not a count."""
_ANCHOR_AFTER = re.compile(r"^(?:以前|以后|之前|之后|前|后)")
_ANCHOR_CANCEL = re.compile(r"(?:连续|持续|整整|历时|长达|奋战|坚守|鏖战|用了|耗时|经过|抗疫)"
                            r"[^，。；！？]{0,3}$")
_TIME_UNITS = frozenset(["年", "月", "天", "日", "周", "星期", "小时", "分钟", "昼夜", "夜", "晚"])
_DAY_DURATION_BEFORE = re.compile(r"(?:连续|持续|近|历时|为期|共|每|用了|长达|整整|这|数|短短|"
                                  r"仅|不到|超过|坚守|奋战)$")
_DAY_DURATION_AFTER = re.compile(r"^(?:内|来|以来|之内|后|前|左右|时间|之久|的时间)")
_ADDRESS_BEFORE = re.compile(r"(?:你们|我们|他们|她们|咱们|您)$")
_KIN_BEFORE = re.compile(r"(?:夫妻|夫妇|父子|母子|父女|母女|兄弟|姐妹|兄妹|姐弟|母女俩|婆媳|爷孙|祖孙)$")
_QUOTED_BEFORE = re.compile(r"“([^“”]{1,12})”$")
_ZERO_LABEL_AFTER = re.compile(r"^[”\"]?(?:总方针|方针|政策|目标|要求|策略|攻坚|行动|工作|理念|原则)")
_ZERO_SUBJECT_BEFORE = re.compile(r"(?:病例|确诊|感染|患者|病人|阳性|疫情|风险|新增|传播|社会面)"
                                  r"[^，。；！？]{0,6}$")
_NONCONTIGUOUS_Q = re.compile(r"(至少|最少|不少于)[^，。；！？\d" + CN_NUMERAL_CHARS + r"]{1,12}$")
_CLAUSE_START = re.compile(r"[，。；！？：、（）“”\s]")
_CHANGE_BEFORE = re.compile(
    r"(?P<word>(?:同比|环比|比上年|比去年|比上月|较上年|较去年|较上月|比上年同期|比去年同期|较上年同期)?"
    r"(?:增长|下降|增加|减少|提高|降低|上升|下滑|回落|回升|扩大|缩小|上涨|下跌|增速为?|降幅为?|"
    r"涨幅为?|增幅为?|跌幅为?|减幅为?|增|降|涨|跌)了?(?:约|近|超过|逾)?)$"
)
"""A word of change right before a number (增长3.3%, 同比下降0.5个百分点): the number is a rate of
change (kind ``change``), not a share."""

_NUMERAL_RUN = re.compile(rf"(\d+)|[{CN_NUMERAL_CHARS}]+")
"""A digit run (group 1) or a run of Chinese numeral characters: the tokens of the coverage."""


class Mention(NamedTuple):
    """One classified expression: a ledger row (``is_mention``) or an excluded one."""

    expr: NumberExpression
    kind: str
    is_mention: bool
    is_claim: bool
    reason: str
    value: object
    value_high: object
    unit: str
    qualifier: str


def _before(text: str, start: int, n: int = 8) -> str:
    return text[max(0, start - n): start]


def _clause_before(text: str, start: int) -> str:
    i = start
    while i > 0 and not _CLAUSE_START.match(text[i - 1]):
        i -= 1
    return text[i:start]


_NUMERAL_PART_RE = re.compile(rf"\d[\d,.]*|[{CN_NUMERAL_CHARS}]+")
_SINCE_AFTER = re.compile(r"^(?:来|以来)")
_WITHIN_AFTER = re.compile(r"^(?:内|之内|以内|里)")
_PERIOD_BEFORE = re.compile(r"(?<![提之此以目日当向空超先事会战门面眼跟生床桌台窗炉屏灯碑墓像元])前$")
"""前 right before a span of time names a period back from now (前两年, 今年前两个月), not a
length: 提前3天 (three days early) and 此前 keep their claim."""
_COUNTED_NOUN_AFTER = re.compile(f"^(?:{'|'.join(COUNTED_NOUNS)})")
_NAMED_TERM_AFTER = re.compile(r"^(?:方针|诀|要求|真言|口诀|令|工作法)")
_CLAUSE_END = re.compile(r"[，。；、！？（）()…—”\s]")
_FULL_DATE_RE = re.compile(r"\d{4}-\d{2}")
_MONTH_OF_DATE_RE = re.compile(r"(?:\d{4})?-?-?(\d{2})-\d{2}$")


def _numeral_part(surface: str) -> str:
    m = _NUMERAL_PART_RE.search(surface)
    return m.group() if m else ""


def _inside_title(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` stands inside book-title marks 《…》 (a document's name)."""
    opened = text.rfind("《", 0, start)
    return opened != -1 and text.rfind("》", opened, start) == -1 and "》" in text[end:]


_NAME_SUFFIX_RE = re.compile(
    r"(?:圈|工程|行动|计划|机制|模式|活动|服务|体系|网格|工作法|战役|专项|方案|标准|制度|平台|清单|"
    r"品牌|项目|会战|攻坚|通道|队|岗|站|班|室|中心|基地|生活圈|服务圈|工作站|示范|样板|口号|理念)$"
)


def _inside_quoted_name(text: str, start: int, end: int) -> bool:
    """True when the number stands inside a short “…” without punctuation that ends like a
    name (``“15分钟核酸采样圈”``, ``“7天攻坚行动”``): a programme's name, not a quantity. Quoted
    speech (``“你们两位，请分散就餐。”``) and a quote of only the quantity (``“3个月”``) are no
    names."""
    opened = text.rfind("“", 0, start)
    if opened == -1 or text.rfind("”", opened, start) != -1:
        return False
    closed = text.find("”", end)
    if closed == -1 or closed - opened > 20:
        return False
    inner = text[opened + 1: closed]
    return not re.search(r"[，。！？；：、,.!?;:]", inner) and bool(_NAME_SUFFIX_RE.search(inner))


_EXCLUSION_REASONS = {"idiom": "idiom", "place": "place name", "word": "word",
                      "reduplication": "reduplication"}


def classify(expr: NumberExpression, text: str) -> Mention:
    """Decide whether ``expr`` (found in ``text``) is a mention and whether it is a claim.

    In: an expression of :func:`analysis.numbers.find_expressions` and the paragraph's text.
    Out: a :class:`Mention` with the kind, claim flag and the reason for the decision.
    """
    e = expr
    if e.form in ("lexicon", "reduplication", "chinese"):  # most expressions: no mention
        return Mention(e, "", False, False, _EXCLUSION_REASONS.get(e.note, "numeral in a word"),
                       None, None, "", "")
    before, after = _before(text, e.start), text[e.end: e.end + 6]

    def mention(kind: str, claim: bool, reason: str, **kw: object) -> Mention:
        return Mention(e, kind, True, claim, reason, kw.get("value", e.value),
                       kw.get("value_high", e.value_high), str(kw.get("unit", e.unit)),
                       str(kw.get("qualifier", e.qualifier)))

    def excluded(reason: str) -> Mention:
        return Mention(e, "", False, False, reason, None, None, "", "")

    if e.kind == "identifier":
        return mention("identifier", False, f"identifier ({e.note})")
    if e.kind == "ordinal_or_label":
        return mention("ordinal_or_label", False, e.note or "label")
    if e.kind == "time_of_day":
        return mention("time_of_day", False, "time of day")
    if e.kind == "date":
        if e.note == "day only" and e.surface[:1].isdigit() and e.surface.endswith("日") and (
            _DAY_DURATION_BEFORE.search(before) or _DAY_DURATION_AFTER.match(after)
        ):
            day = int(e.surface[:-1])
            if _ANCHOR_AFTER.match(after) and not _ANCHOR_CANCEL.search(before):
                return mention("duration", False, "relative time anchor", value=day, unit="日")
            return mention("duration", True, "duration", value=day, unit="日")
        return mention("date", False, "date")
    if e.form == "zero":
        if e.note == "清零" and (_ZERO_LABEL_AFTER.match(after)
                                or not _ZERO_SUBJECT_BEFORE.search(_before(text, e.start, 14))):
            return mention("ordinal_or_label", False, "policy name (清零)", value=None)
        return mention("count", True, "zero count")
    if e.note == "figurative":
        return mention("count", False, "figurative")
    if e.note == "rhetorical":
        return mention("count", False, "rhetorical", value=None)
    if e.note == "definitional":
        return mention("count", False, "definitional")
    if e.form == "vague":
        return mention(e.kind, False, "vague: no value")
    if e.form == "bare":
        if e.value is not None and (
                (("万" in e.surface or "亿" in e.surface) and (
                    _HAN_NOUN_AFTER.match(after) or any(c.isdigit() for c in e.surface)))
                or _COUNTED_NOUN_AFTER.match(after)):
            # 5480万农民, 人口超过1.1亿的, 20多万商家: a figure of ten thousands or more is a
            # count without a classifier; 5方面, 14地市: nouns counted without one
            return mention("count", True, "count (no classifier)", unit="")
        return mention("count", False, "no unit")
    # quantities, ranges and percentages
    if _inside_title(text, e.start, e.end):
        return mention("ordinal_or_label", False, "inside a title 《…》")
    if _inside_quoted_name(text, e.start, e.end):
        return mention("ordinal_or_label", False, "part of a quoted name")
    if e.surface.startswith("半年") and before.endswith(("上", "下")):
        return mention("date", False, "half of a year (上半年/下半年)", value=None, unit="")
    numeral = _numeral_part(e.surface)
    if numeral == "一" and not e.qualifier and not e.is_range and e.kind != "percent" and (
        e.value == 1
    ):
        if e.unit in _TIME_UNITS and _ANCHOR_AFTER.match(after):
            return mention(e.kind, False, "relative time anchor")
        if e.unit in _TIME_UNITS and _SINCE_AFTER.match(after):
            return mention(e.kind, False, "relative time anchor")
        if e.kind == "duration" and _COUNTED_SPAN.match(e.surface):
            pass  # 一个月, 一个小时: a span counted out (持续一个月), not "a month"
        elif not (_COUNT_MARKERS.search(before)
                  or (e.unit in ("例", "人") and before.endswith("其中"))):  # 其中一例: a case
            return excluded("一 used as 'a'")
    if e.kind == "duration" and e.unit in _TIME_UNITS and _PERIOD_BEFORE.search(before) and (
            not _WITHIN_AFTER.match(after)):  # 前100天内: within the first 100 days, a claim
        return mention(e.kind, False, "relative time anchor (前…)")
    if e.kind == "duration" and _ANCHOR_AFTER.match(after) and e.unit in _TIME_UNITS and (
        not _ANCHOR_CANCEL.search(before)
    ):
        return mention(e.kind, False, "relative time anchor")
    if e.kind == "count" and _ADDRESS_BEFORE.search(before) and e.unit in ("位", "个", "人"):
        return mention("count", False, "form of address")
    if e.kind == "count" and e.unit == "部" and after.startswith("门"):
        # 13部门: 部 opens 部门 (departments), the count has no classifier
        return Mention(e._replace(end=e.end - 1, surface=e.surface[:-1]), "count", True, True,
                       "count (no classifier)", e.value, e.value_high, "", e.qualifier)
    if e.kind == "count" and e.unit == "集" and after[:1] and after[0] in _JI_WORD_NEXT:
        # 3集团, 5集体: 集 opens a word, the number has no classifier (中百集团: a name)
        if not e.surface[:1].isdigit():
            return excluded("numeral in a word")
        return Mention(e._replace(end=e.end - 1, surface=e.surface[:-1]), "count", True, False,
                       "no unit", e.value, e.value_high, "", e.qualifier)
    if e.kind == "count" and e.unit == "个" and after.startswith("体") and (
            "万" in e.surface or "亿" in e.surface):
        # 8000多万个体工商户: 个 opens 个体, the count has no classifier
        surface = e.surface[:-1]
        return Mention(e._replace(end=e.end - 1, surface=surface), "count", True, True,
                       "count (no classifier)", e.value, e.value_high, "", e.qualifier)
    if e.kind == "count" and _KIN_BEFORE.search(before):
        return mention("count", False, "definitional")
    if e.unit == "字" and _NAMED_TERM_AFTER.match(after):
        return mention("ordinal_or_label", False, "named term (N字方针)")
    quoted = _QUOTED_BEFORE.search(text, max(0, e.start - 14), e.start) if e.unit == "字" else None
    if quoted and e.value == len(quoted.group(1)):
        return mention("count", False, "definitional")
    if e.kind not in CLAIM_KINDS:
        return mention(e.kind or "count", False, "ordinal or label unit")
    qualifier = e.qualifier
    if not qualifier:
        nc = _NONCONTIGUOUS_Q.search(_clause_before(text, e.start))
        if nc:
            qualifier = nc.group(1)
    change = _CHANGE_BEFORE.search(_SIGN_END.sub(_unsigned, _clause_before(text, e.start))) if e.kind in (
        "percent", "count") else None
    if e.kind == "percent" and e.unit == "百分点":  # a difference of two percentages
        words = _CHANGE_WORD.findall(_clause_before(text, e.start))
        word = change.group("word") if change else (words[-1] if words else "百分点")
        return mention("change", True, f"change ({word})", qualifier=qualifier)
    if change and (e.kind == "percent" or e.unit == "倍"):
        # 增长3.3%, 下降0.5个百分点, 比上年增加2.1倍: a rate of change, never a share
        return mention("change", True, f"change ({change.group('word')})" + (
            " (range)" if e.is_range else ""), qualifier=qualifier)
    reason = {"count": "count", "money": "money", "measure": "measure",
              "duration": "duration", "age": "age", "percent": "percent"}[e.kind]
    return mention(e.kind, True, reason + (" (range)" if e.is_range else ""),
                   qualifier=qualifier)



def extract_mentions(text: str) -> list[Mention]:
    """Every expression of one paragraph's clean text, classified (mentions and exclusions),
    with the sign written before a quantity (:func:`with_sign`)."""
    return [with_sign(classify(e, text), text) for e in find_expressions(text)]


_HAN_NOUN_AFTER = re.compile(rf"[{HAN}](?<![的是在和与及或至到多余])")
"""A Han character after a bare number with 万/亿 that opens the counted noun (农民, 商家)."""
_CHANGE_WORD = re.compile(r"增长|下降|增加|减少|提高|降低|上升|下滑|回落|回升|扩大|缩小|上涨|下跌|下调|"
                          r"上调|高于|低于|超过")
"""A word of change or comparison before a number of 百分点 in its clause (the last one)."""
_COUNTED_SPAN = re.compile(r"^一个(?:月|多月|半月|小时|多小时|星期|季度)$")
"""一 with 个 and a unit of time: a duration counted out (一个月), not 一 as "a"."""
_MINUS = "-－−"
"""ASCII hyphen-minus, full-width minus and the typographic minus sign."""
_SIGN_END = re.compile(r"(?:零下|负增长|负|(?<![0-9A-Za-z])[-－−])$")
"""A sign right before a number: 零下12摄氏度, 负增长2.1% (growth of −2.1 %), 负3, -5, －3.2, −5."""
NOT_SIGN_BEFORE_FU = frozenset("减担肩背辜抱胜自重欺身正不")
"""Characters that make a word with a following 负 (减负, 担负, 胜负, 正负): no minus sign."""


def _unsigned(sign: re.Match[str]) -> str:
    """The words of a sign without the sign: 负增长 → 增长 (a change), 零下 or a minus → ""."""
    return "增长" if sign.group() == "负增长" else ""


def with_sign(m: Mention, text: str) -> Mention:
    """``m`` with a negative value when ``零下``, ``负`` or a minus sign stands right before its
    number (``零下12摄氏度`` -> -12 ℃, ``增速为-6.8%`` -> -6.8 %, ``-5℃至3℃`` -> -5 to 3); the
    surface and start then include the sign. A minus after a letter or digit (``N-95``, ``2-5``)
    is no sign. Quantities only (claim kinds and rates of change): a date keeps its hyphens."""
    e = m.expr
    if not m.is_mention or m.kind not in CLAIM_KINDS or not isinstance(m.value, (int, float)):
        return m
    before = text[max(0, e.start - 3) : e.start]
    sign = _SIGN_END.search(before)
    if not sign or (sign.group() == "负" and before[sign.start() - 1 : sign.start()]
                    in NOT_SIGN_BEFORE_FU):
        return m  # 减负60亿元 (a lighter burden), 正负5%
    width = len(sign.group())
    start = e.start - width
    expr = e._replace(start=start, surface=text[start : e.end])
    # a range's upper end keeps its own sign: −5℃至3℃ runs from -5 to 3
    return m._replace(expr=expr, value=-m.value, reason=f"{m.reason}; negative ({sign.group()})")


# --- subjects --------------------------------------------------------------------------------

_NOUNISH = frozenset(["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "j", "b",
                      "a", "s"])
_HEADS = frozenset(["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "vn", "an", "j", "s"])
_NOT_SUBJECT = frozenset(["全部", "全体", "全员", "积极", "主动", "共同", "一线", "其中"])
_LINK_VERBS = frozenset(["有", "为", "达", "达到", "共", "计", "共有", "共计", "总计", "累计", "已",
                         "约", "超过", "是"])
_CLAUSE_AFTER = re.compile(r"[^，。；：！？、（）()“”\"…—\s\d]{1,16}")
_CLAUSE_BEFORE = re.compile(r"[^，。；：！？、（）()“”\"…—\s\d]{1,16}$")


def _noun_phrase(tagged: list[tuple[str, str]]) -> str:
    words = [w for w, _ in tagged]
    tags = [t for _, t in tagged]
    if not any(t in _HEADS for t in tags):
        return ""
    last = max(i for i, t in enumerate(tags) if t in _HEADS)
    return "".join(words[: last + 1])


def subject_of(text: str, start: int, end: int) -> str:
    """The counted noun phrase of the expression at ``text[start:end]`` (short, may be ``""``).

    The words after the unit, tagged by the project's segmenter (:mod:`analysis.segment`), are
    read while they are nouns or attributes (``18名年轻党员组成的`` → 年轻党员). A number written
    after its noun and closing its clause (``行政村376个、``, ``其中党员602人。``, ``党员有15名``)
    takes the nouns before it instead.
    """
    from analysis.segment import default_segmenter

    seg = default_segmenter()
    nxt = text[end: end + 1]
    if not nxt or _CLAUSE_END.match(nxt):
        m = _CLAUSE_BEFORE.search(text[max(0, start - 16): start])
        if m:
            tagged = seg.tag(m.group())
            while tagged and tagged[-1][0] in _LINK_VERBS:
                tagged.pop()
            out: list[tuple[str, str]] = []
            for w, t in reversed(tagged):
                if t not in _NOUNISH or w in _NOT_SUBJECT:
                    break
                out.insert(0, (w, t))
            phrase = _noun_phrase(out)
            if phrase:
                return phrase[-10:]
    m = _CLAUSE_AFTER.match(text, end)
    if not m:
        return ""
    tagged = seg.tag(m.group())
    if tagged and tagged[0][0] == "的":
        tagged = tagged[1:]
    out = []
    for w, t in tagged:
        if t not in _NOUNISH or w in _NOT_SUBJECT:
            break
        out.append((w, t))
    return _noun_phrase(out)[:10]


_MONEY_VERBS = re.compile(
    rf"(捐款|捐赠|捐助|捐|划拨|下拨|拨付|拨出|拨|投入|投资|筹集|筹措|募集|发放|补贴|补助|奖励|慰问金|"
    rf"资金|经费|党费|善款|价值|总价值|总额|金额|损失|收入|产值|营收|销售额)[^{HAN}]{{0,2}}$"
)


def money_purpose(text: str, start: int, end: int) -> str:
    """What a money amount is, when no noun follows it: the quoted name after ``…的``
    (``总价值100万元的“医护家庭关爱包”`` → 医护家庭关爱包), else the money word just before it
    (``捐款1000万元`` → 捐款, ``下拨党费64.2万元`` → 党费), else ``""``."""
    quoted = re.match(r"的[“「]([^”」]{2,12})[”」]", text[end: end + 16])
    if quoted:
        return quoted.group(1)
    m = _MONEY_VERBS.search(text[max(0, start - 6): start])
    return m.group(1) if m else ""


def claims_by_place(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims per place: ``place`` (``(none named)`` when empty), ``claims``, ``articles`` and
    ``examples`` (the first five distinct surfaces), most claims first, ties by place."""
    c = claims[claims["is_claim"].astype(int) == 1].assign(
        place=lambda d: d["place"].fillna("").replace("", "(none named)"))
    return (c.groupby("place")
            .agg(claims=("surface", "size"), articles=("article_id", "nunique"),
                 examples=("surface", lambda s: "、".join(list(dict.fromkeys(s))[:5])))
            .sort_values(["claims", "place"], ascending=[False, True], kind="mergesort")
            .reset_index())


# --- places ----------------------------------------------------------------------------------

_LOCAL_SUFFIX = re.compile(f"(?:[{HAN}]{{2,5}}?(?:街道|社区|镇|乡|村)(?![委民长干务级]))+")
_NOT_LOCAL_NAME = re.compile(
    f"[{CN_NUMERAL_CHARS}\\d]+[名个位支批]|[的等到去向进入走]|^[委民级直属籍人把对为从被]|"
    "[返下回城家老故]乡")
"""What no town, street or village name holds: a count (``一名社区工作者``), 的 or 等
(``市的社区``), a verb of motion (``组织党员到村``), 委/民/籍 … first (``长沙县委书记到社区``,
``长沙市民走进社区``), a preposition first (``锦江区把加强社区…``), or 返乡, 下乡 …; numerals alone may (五星村, 十里铺镇), and so may 和
(和兴村)."""


@dataclass(frozen=True)
class _Gazetteer:
    info: dict[str, tuple[str, str, str, str]]  # surface -> (name, level, province, prefecture)
    finder: SurfaceFinder  # the one of analysis.places

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Leftmost-longest matches ``(start, end, surface)``."""
        return [(s, e, surface) for surface, s, e in self.finder.find(text)]


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    finder, surface_to_rows, places = gazetteer_matcher()
    rank = {"province": 0, "prefecture": 1, "county": 2}
    records = list(places[["name", "level", "province", "prefecture"]]
                   .itertuples(index=False, name=None))
    info: dict[str, tuple[str, str, str, str]] = {}
    for surface, rows in surface_to_rows.items():  # the highest level a surface names
        info[surface] = min((records[i] for i in rows), key=lambda r: rank[r[1]])
    return _Gazetteer(info, finder)


_EXCLUDED_BEFORE = re.compile(r"(?:不包括|未包括|不包含|未包含|不含|未含)[^。；，！？]*$")
"""A place after 不包括/不含 … in its clause is one the figures leave out, not their place."""


def place_spans(text: str, context: frozenset[str] = frozenset(),
                names: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int, str]]:
    """Place mentions of ``text``: ``(start, end, place)``, adjacent names joined.

    Names come from the project's gazetteer of China (:mod:`analysis.places`) and from its
    list of countries (:func:`analysis.places.find_countries`); a county's short form
    counts only when ``context`` (the article's provinces and prefectures) holds its province or
    prefecture. The place is written with the gazetteer's full names, so aliases group
    together (娄底 → 娄底市, 湖南 → 湖南省). Adjacent names merge (长沙 + 芙蓉区 → 长沙市芙蓉区)
    and a following town, street, community or village name is kept (长沙市天心区黄合村).
    ``names``: the gazetteer's matches in ``text`` when the caller has them already.
    """
    gaz = _gazetteer()
    kept: list[tuple[int, int, str]] = []
    for start, end, surface in gaz.find(text) if names is None else names:
        name, level, province, prefecture = gaz.info[surface]
        if len(surface) == 2 and surface[-1] in "县区市" and text[end: end + 1] in (
            COMPOUND_NEXT
        ):
            continue
        if level == "county" and surface != name and not ({province, prefecture} & context):
            continue
        if is_short_form(surface, name) and inside_a_word(text, start, end):  # 金华村, 湖南日报
            continue
        if _EXCLUDED_BEFORE.search(text, max(0, start - 40), start):
            continue  # 数据均未包括香港、澳门和台湾: a place the figures leave out
        kept.append((start, end, name))
    taken = [(s, e) for s, e, _ in kept]
    abroad = [c for c in find_countries(text)  # 法国, 越南, 欧盟: where foreign figures apply
              if not any(s < c[1] and c[0] < e for s, e in taken)
              and not _EXCLUDED_BEFORE.search(text, max(0, c[0] - 40), c[0])]
    if abroad:
        kept = sorted(kept + abroad)
    spans: list[tuple[int, int, str]] = []
    for k, (start, end, name) in enumerate(kept):
        label = name
        if spans and spans[-1][1] == start:
            prev_start, _, prev_label = spans.pop()
            start, label = prev_start, prev_label + name
        # a town or village name ends before the next place (长沙市|天心区黄合村)
        stop = kept[k + 1][0] if k + 1 < len(kept) else len(text)
        local = _LOCAL_SUFFIX.match(text, end, stop)
        if local and not _NOT_LOCAL_NAME.search(local.group()):
            end = local.end()
            label += local.group()
        spans.append((start, end, label))
    return spans


def article_context(texts: list[str], names: list[list[tuple[int, int, str]]] | None = None
                    ) -> frozenset[str]:
    """Provinces and prefectures named in an article (full names), for short county forms.

    ``names``: the gazetteer's matches per text when the caller has them already."""
    gaz = _gazetteer()
    out: set[str] = set()
    for found in names if names is not None else map(gaz.find, texts):
        for _start, _end, surface in found:
            name, level, _province, _prefecture = gaz.info[surface]
            if level != "county":
                out.add(name)
    return frozenset(out)


_WHOLE_AREA_RE = re.compile(
    r"全(省|市|州|县|区)|(?<![是在为居])(?P<nation>全国|我国|全中国)"
    r"(?!人大|政协|两会|劳模|劳动模范|文明|先进|优秀|率先|首|第|前列|重点|示范|百强|十佳|道德模范|"
    r"人民代表|委员)")
NATION = "全国"
"""The place of a claim about the whole country: 全国, 我国 before it in its sentence, and no
place named before it there; not 是我国 / 在全国 (湖南是我国重要粮食产区, 长沙在全国率先) or an
honour or body (全国文明县城, 全国人大代表)."""
_AREA_LEVEL = {"省": "province", "市": "prefecture", "州": "prefecture", "县": "county",
               "区": "county"}


def main_places(spans: list[tuple[int, int, str]]) -> dict[str, str]:
    """The article's main unit per level: the province, prefecture and county it names most
    often (``{"province": "湖南省", "prefecture": "娄底市"}``), for 全省 / 全市 / 全县."""
    info = _gazetteer().info
    counts: dict[str, Counter[str]] = {}
    for _, _, label in spans:
        rec = info.get(label)
        if rec is not None:
            counts.setdefault(rec[1], Counter())[label] += 1
    return {level: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for level, c in counts.items()}


def _place_for(spans: list[tuple[int, int, str]], sent: tuple[int, int], start: int,
               previous: str = "", *, text: str = "", main: dict[str, str] | None = None) -> str:
    """The place of a mention at ``start``: the last place named before it in its sentence,
    else the first after it in the sentence, else the last one before it in the paragraph,
    else ``previous`` (the last place of the article's earlier paragraphs). A 全省 / 全市 / 全县
    standing after the last named place of the sentence means the unit of that level named last
    before it in the paragraph (``在湘阴县，全县3个…`` → 湘阴县), else the article's ``main`` unit of
    that level (``全市…`` in an article about 娄底市 → 娄底市); 全国 or 我国 there means the whole
    country, :data:`NATION` (``我国便利店门店数量已达12.2万家`` → 全国)."""
    s0, s1 = sent
    before = [p for p in spans if s0 <= p[0] and p[1] <= start]
    whole = list(_WHOLE_AREA_RE.finditer(text, s0, start)) if text else []
    if whole and (not before or before[-1][1] <= whole[-1].start()):
        last = whole[-1]
        if last.group("nation"):
            if not before:  # a place named first (湖南…全国…) keeps the claim
                return NATION
            return before[-1][2]
        level = _AREA_LEVEL[last.group(1)]
        info = _gazetteer().info
        named = [p[2] for p in spans if p[1] <= last.start()
                 and info.get(p[2], ("", ""))[1] == level] if level != "province" else []
        area = named[-1] if named else (main or {}).get(level, "")
        if area:
            return area
    if before:
        return before[-1][2]
    after = [p for p in spans if start <= p[0] and p[1] <= s1]
    if after:
        return after[0][2]
    earlier = [p for p in spans if p[1] <= start]
    return earlier[-1][2] if earlier else previous


# --- dates -----------------------------------------------------------------------------------


def reference_date(published: str, source: str, stated: list[str]) -> dt.date | None:
    """The date that completes dates written without a year, or ``None``.

    In: ``articles.published`` and ``published_source``, and the full ISO dates (``YYYY-MM-DD``
    or ``YYYY-MM``) stated in the article. Out: the publication date when its source is
    :data:`YEAR_SOURCES`, else the latest stated date, else ``None``.
    """
    if published and source in YEAR_SOURCES:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    best: dt.date | None = None
    for s in stated:
        m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", s)
        if not m:
            continue
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3] or 15))
        except ValueError:
            continue
        best = d if best is None or d > best else best
    return best


def _closest(candidates: list[dt.date], ref: dt.date) -> dt.date:
    return min(candidates, key=lambda d: (abs((d - ref).days), d))


_RELATIVE_YEARS = {"去年": -1, "上年": -1, "前年": -2, "今年": 0, "本年": 0, "明年": 1, "后年": 2}
_RELATIVE_YEAR_RE = re.compile(f"({'|'.join(_RELATIVE_YEARS)})的?$")
"""A year named relative to the article's (去年6月 is June of the year before publication)."""


def relative_year(text: str, start: int) -> int | None:
    """The year offset (−1 for 去年, 0 for 今年 …) written right before ``text[start:]``."""
    m = _RELATIVE_YEAR_RE.search(text, max(0, start - 3), start)
    return _RELATIVE_YEARS[m.group(1)] if m else None


def complete_date(value: str, ref: dt.date | None, last_month: int | None = None,
                  year_offset: int | None = None) -> str:
    """Give a partial date the year (and for ``---DD`` the month) the reference implies.

    ``--03-17`` → the 17 March closest to ``ref``, or of ``ref``'s year plus ``year_offset``
    when the text names the year relatively (``去年6月`` → offset −1); ``L--01-02`` (正月初二) and
    ``L-eve`` (除夕) → the Gregorian day of the lunar date closest to ``ref``; without ``ref``
    the value stays partial (lunar dates become ``""``).
    """
    if not value:
        return value
    if value.startswith("L"):
        if ref is None:
            return ""
        from lunardate import LunarDate

        out: list[dt.date] = []
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                if value == "L-eve":
                    out.append(LunarDate(y, 1, 1).to_solar_date() - dt.timedelta(days=1))
                else:
                    out.append(LunarDate(y, int(value[3:5]), int(value[6:8])).to_solar_date())
            except ValueError:
                continue
        return _closest(out, ref).isoformat() if out else ""
    m = re.fullmatch(r"---(\d{2})", value)
    if m and last_month:
        value = f"--{last_month:02d}-{m[1]}"
    m = re.fullmatch(r"--(\d{2})(?:-(\d{2}))?", value)
    if m is None or ref is None:
        return value
    month, day = int(m[1]), int(m[2] or 15)
    cands = []
    years = (ref.year + year_offset,) if year_offset is not None else (
        ref.year - 1, ref.year, ref.year + 1)
    for y in years:
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            continue
    if not cands:
        return value
    best = _closest(cands, ref)
    return best.isoformat() if m[2] else f"{best.year:04d}-{month:02d}"


# --- the tables ------------------------------------------------------------------------------


def _value_num(kind: str, value: object) -> float | None:
    if kind in ("date", "time_of_day") or value is None or value == "":
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _article_rows(aid: str, paras: list[tuple[int, str, str]], published: str, source: str
                  ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Ledger and coverage rows of one article; ``paras``: ``(para_no, role, text)`` in order."""
    texts = [text for _, _, text in paras]
    gaz = _gazetteer()
    names = [gaz.find(t) for t in texts]
    context = article_context(texts, names)
    per_para = [extract_mentions(t) for t in texts]
    stated = [str(m.value) for ms in per_para for m in ms
              if m.is_mention and m.kind == "date" and _FULL_DATE_RE.match(str(m.value))]
    ref = reference_date(published, source, stated)
    rows: list[tuple[object, ...]] = []
    cover: list[tuple[object, ...]] = []
    last_month: int | None = None
    last_place = ""
    para_spans = [place_spans(t, context, found) for t, found in zip(texts, names, strict=True)]
    main = main_places([sp for spans in para_spans for sp in spans])
    named = Counter(label for spans in para_spans for _, _, label in spans)
    topic = max(named, key=named.__getitem__) if named else ""  # ties: the first named
    for (para_no, role, text), mentions, spans in zip(paras, per_para, para_spans, strict=True):
        sentences: list[tuple[int, int, str]] | None = None
        sent_starts: list[int] = []
        for m in mentions:
            e = m.expr
            if m.is_mention:
                if sentences is None:
                    sentences = split_sentences(text) or [(0, len(text), text)]
                    sent_starts = [s[0] for s in sentences]
                i = max(0, bisect_right(sent_starts, e.start) - 1)
                s0, s1, sentence = sentences[i]
                value, high = m.value, m.value_high
                if m.kind == "date":
                    offset = relative_year(text, e.start)  # 去年12月30日至1月5日: the start's
                    value = complete_date(str(value or ""), ref, last_month, offset)
                    high = complete_date(str(high or ""), ref, last_month) if high else ""
                    mm = _MONTH_OF_DATE_RE.match(str(value))
                    if mm:
                        last_month = int(mm[1])
                subject = ""
                if m.kind in CLAIM_KINDS:
                    subject = subject_of(text, e.start, e.end) or (
                        money_purpose(text, e.start, e.end) if m.kind == "money" else "")
                rows.append((  # in the order of CLAIM_COLUMNS
                    aid, para_no, sentence, e.start, e.end, e.surface, m.kind, int(m.is_claim),
                    format_value(value), format_value(high), m.unit, m.qualifier, subject,
                    _place_for(spans, (s0, s1), e.start, last_place, text=text, main=main),
                    role, i + 1, int(e.is_range), m.reason, _value_num(m.kind, value),
                ))
        cover.extend(_coverage_rows(aid, para_no, text, mentions))
        last_place = carried_place(text, spans, last_place, topic=topic)
    return rows, cover


_LIST_JOIN_RE = re.compile(r"[、，,]|和|及|与|或|以及")


def carried_place(text: str, spans: list[tuple[int, int, str]], previous: str, *,
                  topic: str = "") -> str:
    """The place the next paragraphs inherit from this one: its last place, unless that place
    ends a list of places (``香港、澳门和台湾同胞``: a list is no topic), or is a country abroad
    that is not the article's ``topic`` (its most-named place: ``…远超美国。`` in an article about
    China does not place the next paragraphs in 美国), in which case ``previous`` (what this
    paragraph inherited) goes on."""
    if not spans:
        return previous
    if len(spans) > 1 and _LIST_JOIN_RE.fullmatch(text[spans[-2][1]: spans[-1][0]]):
        return previous
    last = spans[-1][2]
    if last != topic and last in _foreign_names():
        return previous
    return last


@lru_cache(maxsize=1)
def _foreign_names() -> frozenset[str]:
    from analysis.places import country_names

    return frozenset(country_names().values())


def _coverage_rows(aid: str, para_no: int, text: str, mentions: list[Mention]
                   ) -> list[tuple[object, ...]]:
    out = []
    i, n = -1, len(mentions)  # the last mention starting at or before the token (text order)
    for t in _NUMERAL_RUN.finditer(text):
        start = t.start()
        while i + 1 < n and mentions[i + 1].expr.start <= start:
            i += 1
        m = mentions[i] if i >= 0 and mentions[i].expr.end > start else None
        if m is None:
            status, kind, reason, surface, es, ee = "unclassified", "", "", "", None, None
        else:
            status = ("claim" if m.is_claim else "mention") if m.is_mention else "excluded"
            kind, reason, surface = m.kind, m.reason, m.expr.surface
            es, ee = m.expr.start, m.expr.end
        out.append((aid, para_no, start, t.end(), t.group(),
                    "arabic" if t.lastindex else "chinese", status, kind, reason, surface, es,
                    ee))  # in the order of COVERAGE_COLUMNS
    return out


def _ledger(paragraphs: pd.DataFrame, articles: pd.DataFrame
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    meta = {}
    if len(articles):
        aids = articles["article_id"].astype(str).tolist()
        pubs = articles["published"].tolist() if "published" in articles else [""] * len(aids)
        srcs = (articles["published_source"].tolist() if "published_source" in articles
                else [""] * len(aids))
        for aid, pub, src in zip(aids, pubs, srcs, strict=True):
            meta[aid] = ("" if pd.isna(pub) else str(pub), "" if pd.isna(src) else str(src))
    paras = paragraphs.assign(article_id=paragraphs["article_id"].astype(str))
    if "role" not in paras:
        paras = paras.assign(role="body")
    paras = paras.sort_values(["article_id", "para_no"], kind="mergesort")
    by_article: dict[str, list[tuple[int, str, str]]] = {}
    for aid, para_no, role, text in zip(
        paras["article_id"].tolist(), paras["para_no"].tolist(), paras["role"].tolist(),
        paras["text"].fillna("").astype(str).tolist(), strict=True,
    ):
        by_article.setdefault(aid, []).append((para_no, role, text))
    rows: list[tuple[object, ...]] = []
    cover: list[tuple[object, ...]] = []
    for aid, group in by_article.items():  # in article order: paras is sorted
        published, source = meta.get(aid, ("", ""))
        r, c = _article_rows(aid, group, published, source)
        rows.extend(r)
        cover.extend(c)
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    coverage = pd.DataFrame(cover, columns=COVERAGE_COLUMNS)
    claims = claims.sort_values(["article_id", "para_no", "start"], kind="mergesort")
    coverage = coverage.sort_values(["article_id", "para_no", "start"], kind="mergesort")
    return claims.reset_index(drop=True), coverage.reset_index(drop=True)


def numeric_claims(paragraphs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Build the ``numeric_claims`` table (columns :data:`CLAIM_COLUMNS`, see the module doc).

    In: ``paragraphs`` (``article_id``, ``para_no``, ``role``, ``text``) and ``articles``
    (``article_id``, ``published``, ``published_source``; may be empty). Out: one row per
    number mention, sorted by article, paragraph and offset. Inputs are not modified.
    """
    return _ledger(paragraphs, articles)[0]


def number_coverage(paragraphs: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Build the ``number_coverage`` table (columns :data:`COVERAGE_COLUMNS`, see module doc).

    In: as :func:`numeric_claims`. Out: one row per digit run and Chinese-numeral run of the
    content, with the expression and decision that account for it.
    """
    return _ledger(paragraphs, articles)[1]


def build_ledger(paragraphs: pd.DataFrame, articles: pd.DataFrame, *,
                 runner: Engine | None = None, tables_dir: Path | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables in one pass: ``(numeric_claims, number_coverage)``.

    With a ``runner`` (:class:`analysis.engine.Engine`) the articles are cut into partitions
    that its workers read; the tables are the same, row for row, as those of one process
    (each article's rows depend on that article alone, and the partitions keep the order).
    With a ``tables_dir`` as well, the workers write their partitions as the partitioned
    Parquet tables ``numeric_claims.parquet/`` and ``number_coverage.parquet/`` there
    (see :mod:`analysis.tables`).
    """
    if runner is not None:
        ids = sorted(paragraphs["article_id"].astype(str).unique())
        parts = runner.partitions(ids)
        if len(parts) > 1:
            frames = split_by_article({"paragraphs": paragraphs, "articles": articles}, parts)
            results = runner.map(_ledger_partition, frames, tables_dir=tables_dir,
                                 tables=("numeric_claims", "number_coverage"))
            return (concat_parts([r[0] for r in results], CLAIM_COLUMNS),
                    concat_parts([r[1] for r in results], COVERAGE_COLUMNS))
    return _ledger(paragraphs, articles)


def _ledger_partition(frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One partition of :func:`build_ledger` (what a worker runs)."""
    return _ledger(frames["paragraphs"], frames["articles"])


def coverage_summary(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per article: tokens by status (``claim``, ``mention``, ``excluded``, ``unclassified``).

    In: a ``number_coverage`` table. Out: ``article_id``, ``tokens`` and one column per status,
    sorted by article.
    """
    statuses = ["claim", "mention", "excluded", "unclassified"]
    counts = pd.crosstab(coverage["article_id"], coverage["status"]).reindex(
        columns=statuses, fill_value=0)
    counts.insert(0, "tokens", counts.sum(axis=1))
    return counts.reset_index().rename_axis(columns=None)


def exclusion_summary(coverage: pd.DataFrame) -> pd.DataFrame:
    """Why numeral tokens were not mentions or not claims: ``status``, ``reason``, ``tokens``,
    ``examples`` (up to five distinct surfaces), sorted by count."""
    sub = coverage[coverage["status"].isin(["excluded", "mention"])]
    if sub.empty:
        return pd.DataFrame(columns=["status", "reason", "tokens", "examples"])
    g = sub.groupby(["status", "reason"], sort=False)
    out = g.size().rename("tokens").reset_index()
    out["examples"] = [
        "、".join(list(dict.fromkeys(grp["surface"]))[:5]) for _, grp in g
    ]
    return out.sort_values(["tokens", "status", "reason"], ascending=[False, True, True],
                           kind="mergesort").reset_index(drop=True)


# --- scoring against a hand annotation -------------------------------------------------------


def _key_value(value: object) -> str:
    s = str(value).strip()
    try:
        return format_value(float(s))
    except ValueError:
        return s


NATIONAL_SAMPLE = GOLD_SAMPLE.with_name("national_sample.csv")
"""The hand annotation of four People's Daily articles of February 2020 (national news)."""


def read_gold(path: Path | None = None) -> pd.DataFrame:
    """Read a hand annotation like :data:`GOLD_SAMPLE` (all columns as text); by default both
    samples, :data:`GOLD_SAMPLE` and :data:`NATIONAL_SAMPLE`; empty if absent."""
    paths = [path] if path is not None else [GOLD_SAMPLE, NATIONAL_SAMPLE]
    parts = [pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8")
             for p in paths if p.is_file()]
    if not parts:
        return pd.DataFrame(columns=["article", "value", "unit", "is_claim", "zone"])
    return pd.concat(parts, ignore_index=True)


ClaimKeys = Counter[tuple[str, str, str]]


UNIT_EQUIVALENTS = {"个百分点": "百分点"}
"""Units written two ways that the scorer counts as one (``0.5个百分点`` = ``0.5百分点``)."""


def _claim_keys(claims: pd.DataFrame, gold: pd.DataFrame) -> tuple[list[str], ClaimKeys, ClaimKeys]:
    """The articles both tables hold and the (article, value, unit) multisets of their claim
    rows: ``(articles, gold keys, ledger keys)``; gold rows of zone byline/chrome are left out."""
    g = gold.rename(columns={"article": "article_id"})
    if "zone" in g:
        g = g[~g["zone"].isin(["byline", "chrome"])]
    g = g[g["is_claim"].astype(int) == 1]
    arts = sorted(set(gold.rename(columns={"article": "article_id"})["article_id"].astype(str))
                  & set(claims["article_id"].astype(str)))
    g = g[g["article_id"].astype(str).isin(arts)]
    p = claims[(claims["is_claim"].astype(int) == 1)
               & claims["article_id"].astype(str).isin(arts)]

    def keys(df: pd.DataFrame) -> ClaimKeys:
        units = df["unit"].fillna("").astype(str).map(lambda u: UNIT_EQUIVALENTS.get(u, u))
        return Counter(zip(df["article_id"].astype(str), df["value"].map(_key_value), units,
                           strict=True))

    return arts, keys(g), keys(p)


def score_claims(claims: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of a ledger's claims against a hand annotation.

    In: ``claims`` (``article_id``, ``value``, ``unit``, ``is_claim``) and ``gold`` (``article``
    or ``article_id``, ``value``, ``unit``, ``is_claim``, optionally ``zone``; rows with zone
    ``byline`` or ``chrome`` are not content and are left out). Both are compared as multisets
    of (article, value, unit) over their claim rows, on the articles that both tables hold (the
    ledger's articles are those with at least one row).
    Out: one row per article and a final ``all`` row: ``article_id``, ``gold``, ``predicted``,
    ``matched``, ``precision``, ``recall``, ``f1``; a rate with nothing to divide by (no
    annotated article in the corpus) is NaN, never a perfect score.
    """
    arts, gk, pk = _claim_keys(claims, gold)
    rows = []
    for aid in [*arts, "all"]:
        ga = Counter({k: v for k, v in gk.items() if aid in ("all", k[0])})
        pa = Counter({k: v for k, v in pk.items() if aid in ("all", k[0])})
        matched = sum((ga & pa).values())
        n_g, n_p = sum(ga.values()), sum(pa.values())
        prec = matched / n_p if n_p else float("nan")
        rec = matched / n_g if n_g else float("nan")
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows.append({"article_id": aid, "gold": n_g, "predicted": n_p, "matched": matched,
                     "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)})
    return pd.DataFrame(rows)


def claim_differences(claims: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The (article, value, unit) keys a ledger misses or adds against a hand annotation.

    Out: ``article_id``, ``value``, ``unit``, ``side`` (``missing``: in the gold only;
    ``extra``: in the ledger only), ``n``.
    """
    _, gk, pk = _claim_keys(claims, gold)
    rows = [(*k, "missing", n) for k, n in (gk - pk).items()]
    rows += [(*k, "extra", n) for k, n in (pk - gk).items()]
    out = pd.DataFrame(rows, columns=["article_id", "value", "unit", "side", "n"])
    return out.sort_values(["article_id", "side", "value"], kind="mergesort").reset_index(
        drop=True)
