"""Number expressions of Chinese news text: a grammar that finds them and a parser that reads them.

Two levels:

- :func:`parse_number` and :func:`chinese_to_number` read one number written in Arabic digits
  (ASCII or full-width, decimals, thousands separators ``1,000``), in Chinese numerals (``两``,
  ``十三``, ``一百零五``, ``两千五`` = 2500, ``二〇二〇``) or mixed (``1.4万``, ``3千万``).
  :func:`chinese_range` reads the adjacent-numeral ranges ``三四`` (3–4), ``十五六`` (15–16).
- :func:`find_expressions` scans a text once — numeral words with an Aho-Corasick automaton,
  everything else with one compiled alternation of the grammar's rules (:func:`rules_pattern`)
  — and returns every number expression in text order as :class:`NumberExpression`: its
  span, surface, the grammar ``form`` that matched, a context-free ``kind``,
  ``value``/``value_high`` in base units (``万``/``亿`` multiplied out, money in 元, percent
  shares in %), ``unit`` (the classifier,
  normalised only where the guideline does: ``17个昼夜`` → ``昼夜``, ``万元`` → ``元``, ``成`` → ``%``),
  ``qualifier`` (``余 多 近 超过 逾 至少 约 数 许`` …) and a ``note`` for expressions that are not
  numbers at all (idioms, lexicalised words, place names, reduplications).

:func:`parse_expression` applies the same grammar to one surface (``"2万余名"``) and is what the
table-driven parser test exercises. Which expressions are *claims* — and the "一 used as *a*"
rule, relative time anchors, subjects, places and years — is decided in :mod:`analysis.claims`
from the sentence around each expression.

Dates are returned as partial ISO strings for the caller to complete: ``2020-02-23``,
``--03-17`` (no year in the expression), ``---27`` (day only), ``2021`` (year only) and lunar
dates as ``L--01-02`` (正月初二) or ``L-eve`` (除夕, 大年三十).

Data files (``analysis/data``): ``units_classifiers.csv`` (unit, kind, canonical unit),
``numbers_lexicon.csv`` (numeral words, labels, figurative and definitional terms) and
``numbers_idioms.txt`` (numeral idioms and numeral place names taken from jieba's dictionary).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

import ahocorasick_rs

from analysis.paths import DATA_DIR
from analysis.patterns import guarded, trie_pattern

# ---------------------------------------------------------------------------------------------
# Reading one number
# ---------------------------------------------------------------------------------------------

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_TENS: dict[str, str] = {"廿": "二十", "卅": "三十", "卌": "四十"}
"""The old one-character tens of dates (正月廿八 = 正月二十八)."""
FINANCIAL_DIGITS = "壹贰貳叁參肆伍陆陸柒捌玖"
"""The capital digits of receipts and donation lists (壹万贰仟叁佰元); with 拾佰仟萬億 and 零."""
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
"""The numeral characters whose runs the ledger accounts for (see ``number_coverage``)."""

_ZEROS = frozenset("零〇○")
_FULLWIDTH_CHARS = (
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
    | {"．": ".", "％": "%", "／": "/", "＋": "+", "－": "-", "﹪": "%"}
)
_FULLWIDTH = str.maketrans(_FULLWIDTH_CHARS)
_FULLWIDTH_RE = re.compile("[" + "".join(sorted(_FULLWIDTH_CHARS)) + "]")
_ARABIC_FULL = re.compile(r"(\d+(?:\.\d+)?)([十百千万亿]*)")
_CN_RANGE = re.compile(
    r"(?P<pre>[一二三四五六七八九]?十)?(?P<a>[一二两三四五六七八九])(?P<b>[二两三四五六七八九])"
    r"(?P<unit>[十百千万亿]*)"
)


def to_halfwidth(text: str) -> str:
    """Return ``text`` with full-width digits and ``．％／＋－`` made ASCII (same length)."""
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def _tidy(x: Decimal | float | int) -> int | float:
    """An int when the value is whole, else a float: exact when the number has at most 15
    significant digits (``0.0000000001`` stays itself), rounded to 6 decimals otherwise
    (a quotient such as 200/3)."""
    if type(x) is int:
        return x
    d = Decimal(str(x)) if not isinstance(x, Decimal) else x
    if d == d.to_integral_value():
        return int(d)
    if len(d.normalize().as_tuple().digits) <= 15:
        return float(d)
    return round(float(d), 6)


_NUMERAL_TOKEN = re.compile(r"[0-9]+|.", re.S)


def _chinese_integer(s: str) -> int | None:
    """Read an integer written in Chinese numerals, capitals or both mixed with digits (no
    decimal point): ``一百一十二``, colloquial ``一百十二``, ``两千六`` (2600), ``三万五`` (35000),
    ``壹万贰仟叁佰``, ``10万零300``, ``1万600``, ``3千零5``, positional ``二〇二〇``.

    Out: the value, or ``None`` when ``s`` is not one well-formed integer (``千千``, ``三四``,
    which is a range: see :func:`chinese_range`).
    """
    if all(c in CN_DIGITS for c in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        if len(s) >= 3 or any(c in _ZEROS for c in s):  # positional: 二〇二〇, 一九九八
            return int("".join(str(CN_DIGITS[c]) for c in s))
        return None  # 三四 is a range, not 34 (see chinese_range)
    total = 0  # completed groups of 万/亿
    section = 0  # the current group below 万
    digit: int | None = None
    digit_is_figure = False  # the digit was written in Arabic figures of two or more (600)
    digit_after_unit = False
    last_small = 10**9
    last_unit = 1
    explicit = False  # the last small unit had its digit written (一百, not 百)
    bare_lead = False  # the number opened with 万 or 亿 and no digit: nothing may follow but 亿
    prev = ""  # "d" digit, "z" zero, "s" small unit, "b" big unit
    for tok in _NUMERAL_TOKEN.findall(s):
        if bare_lead and tok not in CN_BIG_UNITS:
            return None  # 万一, 万千 are words, not 11000
        if tok in _ZEROS:
            if prev == "d":
                return None
            prev = "z"
            continue
        if tok in CN_DIGITS or tok[0] in "0123456789":
            if prev == "d":
                return None
            digit = CN_DIGITS[tok] if tok in CN_DIGITS else int(tok)
            digit_is_figure = len(tok) > 1 and tok[0] in "0123456789"
            if digit_is_figure and prev in ("s", "b", "z") and digit >= last_unit:
                return None  # 3千5000: the figures overrun the unit before them
            digit_after_unit = prev in ("s", "b")
            prev = "d"
            continue
        if tok in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[tok]
            if digit is None:
                if prev not in ("", "z") and not (prev == "s" and unit == 10 and explicit):
                    return None  # 千千, 十百, 万千
                digit = 1  # 十三, 百余, 千余; colloquial 一百十二 (= 一百一十二)
            elif digit > 9:
                return None  # 12百
            if unit >= last_small:
                return None
            explicit = prev == "d"  # 一百 (so 一百十二 is colloquial 112), not 百十
            section += digit * unit
            digit, last_small, last_unit, prev = None, unit, unit, "s"
            continue
        if tok in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[tok]
            if digit is not None:
                section += digit
                digit = None
            if section == 0:
                if prev == "":
                    section, bare_lead = 1, True  # 万, 亿 alone
                elif prev == "b" and total and unit > last_unit:
                    total *= unit  # 万亿 (not 亿万, 万万)
                    last_unit = unit
                    continue
                else:
                    return None
            if total and total < unit:
                total = (total + section) * unit
            else:
                total += section * unit
            section, last_small, last_unit, prev = 0, 10**9, unit, "b"
            continue
        return None
    if digit is not None:
        if digit_after_unit and last_unit >= 100 and not digit_is_figure:
            section += digit * last_unit // 10  # 两千五 = 2500, 一万二 = 12000
        else:
            section += digit
    return total + section


def chinese_to_number(text: str) -> int | float | None:
    """Read a number written in Chinese numerals.

    In: a string of Chinese numerals, optionally with a decimal part after ``点`` and a trailing
    ``万``/``亿`` (``三点五万``). Out: the value (int when whole) or ``None`` when ``text`` is not
    a well-formed numeral (``千千万万``, ``三四``). Capitals (``伍仟``), the old tens ``廿``/``卅``
    and digits mixed in (``10万零300``) are read too; decimals are exact (``零点零零零一`` = 0.0001).
    """
    s = text.strip()
    if not s:
        return None
    if s[0] in CN_TENS:
        s = CN_TENS[s[0]] + s[1:]
    if "点" in s:
        head, _, tail = s.partition("点")
        mult = 1
        while tail and tail[-1] in CN_BIG_UNITS:
            mult *= CN_BIG_UNITS[tail[-1]]
            tail = tail[:-1]
        if not head or not tail or any(c not in CN_DIGITS for c in tail):
            return None
        whole = _chinese_integer(head)
        if whole is None:
            return None
        frac = Decimal("0." + "".join(str(CN_DIGITS[c]) for c in tail))
        return _tidy((Decimal(whole) + frac) * mult)
    return _chinese_integer(s)


def chinese_range(text: str) -> tuple[int, int] | None:
    """Read an adjacent-numeral range: ``三四`` → (3, 4), ``十五六`` → (15, 16), ``二三十`` → (20, 30).

    Out: ``(low, high)`` or ``None`` when ``text`` is not such a range.
    """
    m = _CN_RANGE.fullmatch(text.strip())
    if m is None:
        return None
    a, b = CN_DIGITS[m["a"]], CN_DIGITS[m["b"]]
    if not 1 <= b - a <= 2:
        return None
    pre, unit = m["pre"] or "", m["unit"]
    low = chinese_to_number(pre + m["a"] + unit)
    high = chinese_to_number(pre + m["b"] + unit)
    if low is None or high is None:
        return None
    return int(low), int(high)


def parse_number(text: str) -> int | float | None:
    """Read one number in any of the forms news text uses.

    In: ``"1,000"``, ``"３７.６"`` (full-width), ``"1.4万"``, ``"3千万"``, ``"两千"``, ``"十三"``,
    ``"二〇二〇"``. Out: the value (int when whole), ``None`` when unreadable.
    """
    if text.isascii() and text.isdigit():  # the common case: plain digits
        return int(text)
    s = to_halfwidth(text.strip()).replace(",", "")
    if s.isascii() and s.isdigit():
        return int(s)
    m = _ARABIC_FULL.fullmatch(s)
    if m:
        try:
            value = Decimal(m[1])
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            return None
        for c in m[2]:
            value *= CN_SMALL_UNITS.get(c) or CN_BIG_UNITS[c]
        return _tidy(value)
    return chinese_to_number(s)


def format_value(value: object) -> str:
    """Format a value for a table cell: ``14000``, ``37.6``, ``2022-03-17`` or ``""``."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float | Decimal):
        v = _tidy(value)
        if isinstance(v, int):
            return str(v)
        text = format(Decimal(repr(v)), "f")  # the float's shortest exact digits, no exponent
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


# ---------------------------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One classifier or unit: the text as written, its kind and the unit written to tables."""

    text: str
    kind: str
    canonical: str


@lru_cache(maxsize=1)
def load_units() -> dict[str, Unit]:
    """Read ``units_classifiers.csv``: ``{written unit: Unit}``."""
    with (DATA_DIR / "units_classifiers.csv").open(encoding="utf-8") as f:
        return {r["unit"]: Unit(r["unit"], r["kind"], r["canonical"]) for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, tuple[str, str]]:
    """Numeral terms that are not plain quantities: ``{term: (role, value)}``.

    Roles: ``word`` (no row: 一线, 第一时间), ``label`` (named mechanisms and slogans: 四方责任),
    ``figurative`` (两个战场), ``rhetorical`` (亿万人民, 千家万户: a mention, never a claim), ``idiom`` and ``place`` (numeral idioms and place names from
    jieba's dictionary, ``numbers_idioms.txt``). Terms of ``numbers_lexicon.csv`` win over idioms.
    """
    lex: dict[str, tuple[str, str]] = {}
    with (DATA_DIR / "numbers_idioms.txt").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            term, role = line.rstrip("\n").split("\t")
            lex[term] = (role, "")
    with (DATA_DIR / "numbers_lexicon.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            lex[r["term"]] = (r["role"], r["value"])
    return lex


# ---------------------------------------------------------------------------------------------
# The grammar
# ---------------------------------------------------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_RUN = f"[{_CN}]+(?:点[零〇一二三四五六七八九]+[万亿]?)?"
_NUM_A = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MIXED = r"\d+[万亿](?:零?\d+[千百十万]?)+|\d[千百]零\d+"
"""Figures with 万/亿 inside: ``10万零300``, ``1万600``, ``2亿3000万``, ``3千零5``."""
_NUMX = rf"(?:{_MIXED}|{_NUM_A}(?:[十百]|千(?![克米瓦帕卡焦伏]))?[万亿]?|(?:[数几上](?=[十百千万亿]))?{_CN_RUN})"
# (千 before 克, 米, 瓦 … opens a unit, 80497.89千克, and is no multiplier)
_PREQ = (
    r"(?:将近|接近|(?<![附最靠临亲将接])近|超过|(?<![赶])超|逾|大约|(?<![预签节制公相大])约|"
    r"至少|最少|不少于|不足|不到)"
)
_POSTQ = r"(?:余|多|来|几)"
_TAILQ = r"(?:余|多|许|左右|以上|之多)"
_SEP = r"(?:——|—|–|-|~|～|〜|至|到)"
_SEP_FIRST = r"—–\-~～〜至到"  # the first characters of _SEP, for a character class
_HAN_NOT_NUM = f"[^\\W\\d_{_CN}]"
_HAN_LINK = f"[^\\W\\d_{_CN}分之至到和或及与]"

_YEAR = r"(?:1[89]\d\d|20\d\d|[〇零一二][〇零一二三四五六七八九]{3})"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = (
    r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|"
    r"[一二三四五六七八九]|廿[一二三四五六七八九]?|卅一?)"
)
_LUNAR_DAY = (
    r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|"
    r"廿[一二三四五六七八九]?|三十|卅)"
)
_LUNAR_MONTH = r"(?:正|腊|冬|十[一二]?|[二三四五六七八九])"
_DAYPART = r"(?:凌晨|清晨|早晨|早上|上午|中午|午后|下午|傍晚|晚上|晚间|夜间|夜里|深夜|午夜|晚)"
_HOUR = r"(?:2[0-4]|[01]?\d|二十[一二三四]?|十[一二三四五六七八九]?|[零一二两三四五六七八九])"
_MINUTE = r"(?:[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|[零一二三四五六七八九])"

_SECTION_DIGITS = "一二三四五六七八九十"
COUNTED_NOUNS = ("方面", "部门", "省份", "省区市", "地市", "城市", "国家", "大类", "领域", "行业",
                 "环节", "区县")
"""Nouns that official prose counts with no classifier (5方面, 五方面, 13部门, 14地市): a number
right before one is a count with no unit, as the gold guidelines annotate them."""
_FIN_RUN = f"[{FINANCIAL_DIGITS}拾佰仟萬万億亿零〇]"
_FINANCIAL = (
    rf"(?:[壹贰貳叁參肆柒捌玖]{_FIN_RUN}*|[伍陆陸拾]{_FIN_RUN}*?[{FINANCIAL_DIGITS}拾佰仟萬億]"
    rf"{_FIN_RUN}*|[伍陆陸拾][万亿萬億]?(?=[元圆](?:整|零?[{FINANCIAL_DIGITS}][角分])))[元圆]"
    rf"(?:零?[{FINANCIAL_DIGITS}]角)?(?:零?[{FINANCIAL_DIGITS}]分)?整?"
)
"""An amount in capitals (壹万贰仟叁佰元, 伍仟元整, 叁拾元零伍角): the form of receipts and donation
lists. 伍, 陆 and 拾 open words (队伍, 大陆, 收拾): an amount that starts with one needs another
capital after it (伍仟元) or 元整 / 元 with 角 or 分 (伍万元整), so 大陆亿元级 is no amount."""
_FINANCIAL_PARTS = re.compile(
    rf"(?P<yuan>{_FIN_RUN}+)[元圆](?:零?(?P<jiao>[{FINANCIAL_DIGITS}])角)?"
    rf"(?:零?(?P<fen>[{FINANCIAL_DIGITS}])分)?整?"
)


class NumberExpression(NamedTuple):
    """One number expression found in a text (immutable; a named tuple, cheap to make).

    ``start``/``end`` are offsets into the scanned text; ``form`` names the grammar rule
    (``quantity``, ``range``, ``percent``, ``date``, ``time``, ``ordinal``, ``label``,
    ``identifier``, ``zero``, ``vague``, ``bare``, ``lexicon``, ``reduplication``, ``chinese``);
    ``kind`` is one of the ledger's kinds or ``""`` for expressions that state no number;
    ``note`` says what a non-number is (``idiom``, ``word``, ``place``, ``reduplication``…).
    """

    start: int
    end: int
    surface: str
    form: str
    kind: str
    value: int | float | str | None = None
    value_high: int | float | str | None = None
    unit: str = ""
    qualifier: str = ""
    is_range: bool = False
    note: str = ""


def _rules() -> list[tuple[str, str]]:
    """The grammar's rules in priority order: ``(form, pattern)``; the numeral words of
    :func:`load_lexicon` come before all of them (see :func:`find_expressions`)."""
    units = load_units()
    # the longest unit first, as a trie (人余次 is 人次 with its 余 inside: 3人余次 = 3余人次)
    unit_re = f"(?:{trie_pattern(sorted({*units, '人余次'}))})"
    return [
        ("quoted", f"“(?=[^”]{{0,7}}[{_CN}\\d双])[^“”\\n]{{1,8}}”"),
        ("url", r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+"),
        ("email", r"[A-Za-z0-9._+\-]+@[A-Za-z0-9\-]+\.[A-Za-z0-9.\-]+"),
        ("file", r"[A-Za-z0-9_][\w\-.]{0,80}?\.(?:jpe?g|png|gif|bmp|webp|svg|tiff?|pdf|docx?|"
                 r"xlsx?|pptx?|txt|zip|rar|7z|mp4|mp3|avi|mov|wav|html?|shtml|php|aspx?|jsp)"
                 r"(?![A-Za-z0-9])"),
        ("hash", r"(?<![A-Za-z0-9])(?:[0-9a-f]{16,}|[0-9A-F]{16,})(?![A-Za-z0-9])"),
        ("phone", r"(?<![\d-])(?:0\d{2,3}-\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})(?![\d-])"),
        ("hotline", r"(?<![\d.])\d{3,6}(?=热线|专线|政务|服务|便民|市民|报警|急救|举报|卫生|电话|"
                    r"平台|咨询|投诉)|(?<=拨打|致电|号码)\d{3,}"),
        ("section", rf"(?:^|(?<=[。；：！？\s“]))(?:[{_SECTION_DIGITS}]{{1,3}}(?=、)|"
                    rf"[（(][{_SECTION_DIGITS}\d]{{1,3}}[）)]|\d{{1,2}}(?=、|\.(?!\d)))|"
                    rf"(?:^|(?<=[。；：，！？\s“]))[{_SECTION_DIGITS}](?=是)"),
        ("position", rf"(?<=[（(，、\s])[左右][{_SECTION_DIGITS}](?=[）)，、\s])"),
        # lunar: after 农历, in 正月/腊月/冬月 and on 初X days, also with 日 (正月廿八日); else
        # 二月二十日 is the solar date of cndate and only 二月二十 (no 日) is lunar
        ("lunar", rf"(?:农历{_LUNAR_MONTH}|[正腊冬])月{_LUNAR_DAY}日?|"
                  rf"{_LUNAR_MONTH}月(?:初[一二三四五六七八九十]日?|{_LUNAR_DAY}(?![日号一二三四五六七八九十]))|"
                  r"大年(?:初[一二三四五六七八九十]|三十|二十九)"),
        ("isodate", r"(?<![\d.])(?:19|20)\d\d(?:-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])|"
                    r"/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])|"
                    r"\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01]))(?![\d.])"),
        ("clock", r"(?<![\d:])(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?(?![\d:])"),
        # 9点至15点, 21点到次日9点: hours of a shift or an opening time, not counts of 点
        ("hours", rf"(?<![\d.])(?:[01]?\d|2[0-4])点(?:[0-5]?\d分|半)?{_SEP}(?:次日|翌日|第二天)?"
                  r"(?:[01]?\d|2[0-4])点(?:[0-5]?\d分|半)?"),
        ("yearrange", rf"(?<!\d){_YEAR}{_SEP}{_YEAR}年"),
        ("cndate", rf"(?<![\d.]){_YEAR}年{_MONTH}月(?:{_DAY}[日号])?"
                   rf"(?:{_SEP}(?:{_MONTH}月)?{_DAY}[日号])?|"
                   rf"(?<![\d.])(?<!\d年){_MONTH}(?:{_SEP}{_MONTH})?月(?!份额|饼)(?:{_DAY}[日号])?"
                   rf"(?:{_SEP}(?:{_MONTH}月)?{_DAY}[日号])?|"
                   rf"(?<![\d.]){_YEAR}年(?!代)"),
        ("event", r"(?<!\d)\d{1,2}[·•・]\d{1,2}(?!\d)"),
        ("time", rf"{_DAYPART}{_HOUR}[点时](?:{_MINUTE}分|半|一刻|整)?(?:许|左右)?|"
                 r"(?<![\d.])(?:2[0-4]|[01]?\d)时(?![间期代段候令节尚髦])(?:[0-5]?\d分|半|许|左右)?|"
                 rf"(?<![\d.]){_HOUR}点(?=钟|半|{_MINUTE}分|许|左右|起|整)(?:钟|半|{_MINUTE}分|整)?"
                 r"(?:许|左右)?"),
        ("dayonly", r"(?<![\d.月])(?:3[01]|[12]\d|0?[1-9])日|(?:廿[一二三四五六七八九]?|卅一?)日|"
                    r"(?<![\d.月])(?:3[01]|[12]\d|0?[1-9])号(?!楼|线|院|床|文件|令|病房|窗口|门|"
                    r"口|舱|馆|厅|站|机|车|台|公告|通告|通知|字|地块|仓)"),
        ("definitional", r"(?<=[省市县区乡镇村街组]{2})[两二三四五]级"),
        ("double", r"双(?:组长|主任|负责人|队长|站长|院长|书记|网格长|楼长|联络员|指挥长)(?!制)"),
        ("zero", r"零(?:新增|确诊|感染|疑似|死亡|病例|报告|输入|扩散|传播|发生|事故|伤亡|阳性|外溢|漏报|发病)|"
                 r"(?:动态|社会面|全面)?清零|(?<=[为归])零(?![点〇一二三四五六七八九])"),
        ("redup", rf"一(?P<r1>{_HAN_NOT_NUM})一(?P=r1)|一(?P<r2>{_HAN_NOT_NUM})(?P=r2)|"
                  rf"(?<=(?P<r3>{_HAN_NOT_NUM}))一(?P=r3)"),
        ("level", rf"(?:\d+|[{_CN}]{{1,3}})(?:届|中全会|级(?!别))"),
        # 一家六口: a household of six, counted in 口 (the 一家 is "a family")
        ("household", r"一家(?:[两二三四五六七八九十]|十[一二三四五六七八九]|\d{1,2})口"),
        # 五方面, 三部门: a Chinese numeral before a noun counted without a classifier
        ("counted", rf"(?<![{_CN}])[两二三四五六七八九十]{{1,3}}"
                    rf"(?=(?:{'|'.join(COUNTED_NOUNS)})(?!集团|军))"),  # not 二十国家集团
        ("formula", rf"\d+(?:[+＋]\d+)+(?![=\d])|"
                    # (not a decimal with its unit: 二点五公里, 三点五万人, 一点五倍; not 零下十八)
                    rf"(?![{_CN}]+点[零〇一二三四五六七八九]+[万亿]?(?:{unit_re}|倍)|零下)"
                    rf"(?:[{_CN}]{{1,2}}{_HAN_LINK}{{1,2}}){{1,3}}[{_CN}]{{1,2}}(?![{_CN}])"
                    rf"(?:{_HAN_LINK}{{1,2}}(?=[”，。、；：\s]|$))?"),
        ("alnum", r"(?<![A-Za-z0-9])(?:[A-Za-z]+-?\.?\d+[A-Za-z0-9.\-]*|\d+-?(?!(?:kg|km|cm|mm|ml|mg)(?![A-Za-z]))[A-Za-z]+[A-Za-z0-9]*)"
                  r"(?![A-Za-z0-9])"),
        ("cohort", r"(?<![\d.])(?:00|05|10|50|60|70|80|85|90|95)后(?![\d天年月日周])"),
        ("institution", rf"[{_CN}]{{1,3}}(?:(?=(?:人民|中心|附属|中医|妇幼|儿童)?医院|院区|中学|小学|"
                        r"中队|大队|支队|分队)|号)|\d+号(?=楼|线|院|床|文件|令|病房|窗口|门|舱|馆|厅|"
                        r"站|机|车|台|公告|通告|通知|字|地块|仓)"),
        ("ordinal", rf"第\s?(?:{_NUM_A}|[{_CN}]+)(?:(?:人民|中心)?医院|中学|小学|"
                    rf"{_HAN_NOT_NUM}(?<![的是])|[A-Za-z])?"),
        ("percentrange", rf"{_PREQ}?{_NUM_A}%?{_SEP}{_NUM_A}[%‰]{_TAILQ}?"),
        ("percent", rf"{_PREQ}?(?:{_NUM_A}\s?[%‰]|[百千]分之负?[{_CN}点]+|{_NUMX}个?百分点|"
                    r"(?<![\d.])(?:[1-9]|10|[一二两三四五六七八九十])成(?:[1-9]|[一二两三四五六七八九])?"
                    r"(?![员立为功本果绩效都年人交长型熟就全品群])|"
                    rf"{_NUMX}倍|翻(?:[一两二三四五六七八九十]|\d+)番|(?<![\d/])\d+/\d+(?![\d/])|"
                    rf"[{_CN}]+分之[{_CN}点]+|"
                    r"(?<![另那这])(?:(?:过|近|大)?半数|一半|过半|大半|近半)(?![个年天月夜日辈小时数])"
                    rf"){_TAILQ}?"),
        ("financial", _FINANCIAL),
        ("range", rf"{_PREQ}?{_NUMX}{_POSTQ}?(?:{unit_re})?{_SEP}{_NUMX}{_POSTQ}?{unit_re}{_TAILQ}?"),
        ("quantity", rf"{_PREQ}?{_NUMX}(?:{_POSTQ}(?=[万亿]))?[万亿]?{_POSTQ}?"
                     rf"{unit_re}(?:(?<=年|天)半)?{_TAILQ}?|"
                     rf"半(?=个?(?:小时|钟头|天|年|月|周|星期|昼夜)){unit_re}{_TAILQ}?"),
        ("vague", rf"(?<![无人总倍次户件岁指分系参函点计半礼])(?:数(?!字|码|额|值|量)|几)(?:{unit_re})"),
        ("longdigits", r"(?<![\d.,])\d{7,}(?![\d.,])"),
        ("bare", _MIXED + "|" + _NUM_A + r"(?:[十百]|千(?![克米瓦帕卡焦伏]))?(?:(?:多|余)?[万亿](?:多|余)?)?"),
        # 两千六, 三万五 with the unit left to the reader: the value, as a number with no unit
        ("colloquial", rf"(?<![{_CN}\d])[一二两三四五六七八九][千万亿][一二三四五六七八九]"
                       rf"(?![{_CN}点\d])"),
        ("chinese", f"[{_CN}]+"),
    ]


_PREQ_CHARS = "将近接超过逾大约至少最不于足到"
_NUMBER_CHARS = rf"\d,.\s{_CN}数几上点半{_PREQ_CHARS}{_POSTQ[3:-1].replace('|', '')}"
"""Every character that can stand in an approximation word and a number, up to its unit."""


def _rule_filters() -> dict[str, str]:
    """Look-aheads that a rule's match must satisfy, tried before the rule itself.

    Each states a necessary condition on the start of a match: the characters of a number
    (:data:`_NUMBER_CHARS`, or for ranges also a unit's) up to the marker the rule needs — the
    ``%``/``分``/``成``/``倍`` of a percentage, the separator of a range, the 年/月 of a date,
    the 点/时 of a time, the 日/号 of a day, the 届/级 of a level, the 号/医院 of an
    institution. The look-ahead scans a character class in one tight loop, so a number
    without the marker fails there, before the rule reads the number in each of its branches.
    The property tests of ``tests/test_fuzz_numbers.py`` check that nothing is lost.
    """
    units = [*load_units(), "人余次"]
    unit_chars = "".join(sorted({re.escape(c) for u in units for c in u}))
    return {
        "percent": rf"(?=[{_NUMBER_CHARS}个翻]*[%‰分成倍番/半])",
        "percentrange": rf"(?=[{_NUMBER_CHARS}%—–\-~～〜]*[%‰])",
        "range": rf"(?=[{_NUMBER_CHARS}{unit_chars}]*[{_SEP_FIRST}])",
        # a year, month or day number, then 年, 月 or a range's separator
        "cndate": rf"(?=[\d〇零一二三四五六七八九十]{{1,4}}[年月{_SEP_FIRST}])",
        "time": rf"(?={_DAYPART}?[\d零一二两三四五六七八九十]{{1,3}}[点时])",
        "dayonly": r"(?=[\d廿卅]{1,2}[一二三四五六七八九]?[日号])",
        "level": rf"(?=[\d{_CN}]+(?:届|中全会|级))",
        "institution": rf"(?=[\d{_CN}]+(?:号|人民|中心|附属|中医|妇幼|儿童|医院|院区|中学|小学|"
                       r"中队|大队|支队|分队))",
    }


def _build_rules() -> re.Pattern[str]:
    """Compile :func:`_rules` into one alternation, each rule behind a test of its own first
    characters (:func:`analysis.patterns.guarded`) and the whole behind their union; the
    rules of :func:`_rule_filters` also behind their look-ahead."""
    filters = _rule_filters()
    parts = [guarded(name, f"{filters[name]}(?:{pattern})" if name in filters else pattern)
             for name, pattern in _rules()]
    body = "|".join(p for p, _ in parts)
    classes = [cls for _, cls in parts]
    if all(classes):
        union = "".join(cls[1:-1] for cls in classes if cls)
        body = f"(?=[{union}])(?:{body})"
    return re.compile(body)


@lru_cache(maxsize=1)
def rules_pattern() -> re.Pattern[str]:
    """The compiled rules of the grammar, without the numeral words (built once)."""
    return _build_rules()


@dataclass(frozen=True)
class _LexiconAutomaton:
    """The numeral words of :func:`load_lexicon` in an Aho-Corasick automaton."""

    automaton: ahocorasick_rs.AhoCorasick

    def longest_at(self, text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
        """``(start, end)`` of the longest numeral word starting at each position of
        ``text[pos:endpos]`` where one starts, in order of ``start``."""
        best: dict[int, int] = {}
        chunk = text[pos:endpos]
        for _i, start, end in self.automaton.find_matches_as_indexes(chunk, overlapping=True):
            if end > best.get(start, -1):
                best[start] = end
        return [(pos + s, pos + best[s]) for s in sorted(best)]


@lru_cache(maxsize=1)
def _lexicon_automaton() -> _LexiconAutomaton:
    return _LexiconAutomaton(ahocorasick_rs.AhoCorasick(
        sorted(load_lexicon()), implementation=ahocorasick_rs.Implementation.DFA))


# ---------------------------------------------------------------------------------------------
# Reading a matched expression
# ---------------------------------------------------------------------------------------------

_QTY_PARTS = re.compile(
    rf"(?P<pre>{_PREQ})?(?:(?P<num>{_MIXED}|{_NUM_A}(?:[十百]|千(?![克米瓦帕卡焦伏]))?[万亿]?|[数几上]?{_CN_RUN})"
    rf"(?:(?P<mid>{_POSTQ})(?=[万亿]))?(?P<mult>[万亿])?(?P<post>{_POSTQ})?|(?P<half>半))"
    r"(?P<unit>.*?)(?P<half2>(?<=年|天)半)?(?P<tail>余|多|许|左右|以上|之多)?"
)
_PCT_NUM = re.compile(_NUM_A)


def _split_qualifier_number(num: str) -> tuple[str, str]:
    """``数百`` → (``数``, ``百``); ``上千`` → (``上``, ``千``); ``几十`` → (``几``, ``十``)."""
    if num[:1] in "数几上" and len(num) > 1:
        return num[0], num[1:]
    return "", num


def _read_quantity(surface: str) -> tuple[int | float | None, str, str, str] | None:
    """Value, written unit, canonical unit and qualifier of a quantity surface (``2万余名``)."""
    m = _QTY_PARTS.fullmatch(surface)
    if m is None:
        return None
    pre, mid, post, tail, unit_text, half, num, mult, half2 = m.group(
        "pre", "mid", "post", "tail", "unit", "half", "num", "mult", "half2")
    qualifiers = [q for q in (pre, mid, post, tail) if q]
    if unit_text == "人余次":
        unit_text = "人次"
        qualifiers.append("余")
    if half:
        value: int | float | None = 0.5
    else:
        q, num = _split_qualifier_number(num)
        if q:
            qualifiers.insert(0, q)
        value = parse_number(num)
        if value is None:
            return None
        if mult:
            value = _tidy(Decimal(str(value)) * CN_BIG_UNITS[mult])
    unit = load_units().get(unit_text)
    canonical = unit.canonical if unit else unit_text
    if half2 or unit_text.startswith("个半"):
        value = _tidy(Decimal(str(value)) + Decimal("0.5"))
    if unit_text.startswith("个多"):
        qualifiers.append("多")
    qualifier = qualifiers[0] if len(qualifiers) == 1 else "".join(dict.fromkeys(qualifiers))
    return value, unit_text, canonical, qualifier


def _kind_of_unit(unit_text: str) -> str:
    unit = load_units().get(unit_text)
    return unit.kind if unit else "count"


def _iso(year: int | None, month: int | None, day: int | None) -> str:
    if year and month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if year and month:
        return f"{year:04d}-{month:02d}"
    if year:
        return f"{year:04d}"
    if month and day:
        return f"--{month:02d}-{day:02d}"
    if month:
        return f"--{month:02d}"
    return f"---{day:02d}" if day else ""


_CNDATE_PARTS = re.compile(
    rf"(?:(?P<y>{_YEAR})年)?(?:(?P<m>{_MONTH})(?:{_SEP}(?P<m2>{_MONTH}))?月)?(?:(?P<d>{_DAY})[日号])?"
    rf"(?:{_SEP}(?:(?P<m3>{_MONTH})月)?(?P<d2>{_DAY})[日号])?"
)


def _num_or_none(s: str | None) -> int | None:
    if not s:
        return None
    v = parse_number(s)
    return int(v) if v is not None else None


def _read_cndate(surface: str) -> tuple[str, str]:
    m = _CNDATE_PARTS.fullmatch(surface)
    if m is None:
        return "", ""
    y, mo, d = _num_or_none(m["y"]), _num_or_none(m["m"]), _num_or_none(m["d"])
    low = _iso(y, mo, d)
    high = ""
    if m["m2"]:
        high = _iso(y, _num_or_none(m["m2"]), None)
    elif m["d2"]:
        high = _iso(y, _num_or_none(m["m3"]) or mo, _num_or_none(m["d2"]))
    return low, high


_LUNAR_MONTHS = {"正": 1, "冬": 11, "腊": 12}


def _read_lunar(surface: str) -> str:
    s = surface.removeprefix("农历")
    if s.startswith("大年"):
        rest = s[2:]
        if rest in ("三十", "二十九"):
            return "L-eve"
        return f"L--01-{_lunar_day(rest):02d}"
    month_text, _, day_text = s.partition("月")
    month = _LUNAR_MONTHS.get(month_text) or _num_or_none(month_text) or 0
    return f"L--{month:02d}-{_lunar_day(day_text):02d}"


def _lunar_day(text: str) -> int:
    """The day of ``初八``, ``廿八日``, ``卅``, ``二十``."""
    text = text.removesuffix("日")
    if text.startswith("初"):
        return int(chinese_to_number(text[1:]) or 0)
    return int(chinese_to_number(text) or 0)


_TIME_PARTS = re.compile(
    rf"(?P<part>{_DAYPART})?(?P<h>{_HOUR})[点时](?P<m>{_MINUTE})?(?P<rest>分|半|一刻|整|钟)?"
    r"(?P<q>许|左右)?"
)
_PM_PARTS = {"午后", "下午", "傍晚", "晚上", "晚间", "夜间", "夜里", "深夜", "晚"}


def _read_time(surface: str) -> tuple[str, str]:
    m = _TIME_PARTS.fullmatch(surface)
    if m is None:
        return "", ""
    hour = int(parse_number(m["h"]) or 0)
    minute = 0
    if m["rest"] == "半":
        minute = 30
    elif m["rest"] == "一刻":
        minute = 15
    elif m["m"]:
        minute = int(parse_number(m["m"]) or 0)
    part = m["part"] or ""
    if part in _PM_PARTS and hour < 12 and not (part in ("深夜", "夜里", "夜间") and hour <= 4):
        hour += 12
    if part == "中午" and hour < 6:
        hour += 12
    if part == "午夜" and hour == 12:
        hour = 0
    return f"{hour % 24 if hour != 24 else 24:02d}:{minute:02d}", m["q"] or ""


_HALF_SHARES = {"半数": "", "一半": "", "过半": "过", "过半数": "过", "大半": "过", "近半": "近",
                "近半数": "近", "大半数": "过"}
"""Shares written as words of half (半数以上的村民 → 50 % 以上), with the qualifier each word
carries."""


def _read_percent(surface: str) -> tuple[int | float | None, str, str]:
    """Value (in %, or in 倍/番/百分点), unit and qualifier of a percent-like surface."""
    pre = re.match(_PREQ, surface)
    if pre and _TAILQ_END_RE.sub("", surface) in _HALF_SHARES:
        pre = None  # 近半 is the word of a share, not 近 before 半
    qual = pre.group() if pre else ""
    s = surface[len(qual):]
    tail = _TAILQ_END_RE.search(s)
    if tail and not s.endswith("分之" + tail.group()):
        qual = qual + tail.group() if qual else tail.group()
        s = s[: tail.start()]
    if s.endswith(("%", "‰")):
        v = parse_number(s[:-1].strip())
        if v is None:
            return None, "", qual
        return (v if s.endswith("%") else _tidy(Decimal(str(v)) / 10)), "%", qual
    if s.startswith(("百分之", "千分之")):
        negative = s[3:4] == "负"  # 百分之负三点八 = -3.8 %
        v = parse_number(s[3 + negative:])
        if v is None:
            return None, "", qual
        if negative:
            v = -v
        return (v if s[0] == "百" else _tidy(Decimal(str(v)) / 10)), "%", qual
    if s.endswith("百分点"):
        num = s.removesuffix("百分点").removesuffix("个")
        return parse_number(num), "百分点", qual
    if "成" in s:
        a, _, b = s.partition("成")
        va, vb = parse_number(a), parse_number(b) if b else 0
        if va is None or vb is None:
            return None, "", qual
        return _tidy(va * 10 + vb), "%", qual
    if s in _HALF_SHARES:  # 半数, 一半, 过半 …: half, with the word's qualifier
        word_q = _HALF_SHARES[s]
        return 50, "%", (word_q + qual) if word_q and qual else (word_q or qual)
    if s.endswith("倍"):
        return parse_number(s[:-1]), "倍", qual
    if s.startswith("翻") and s.endswith("番"):
        return parse_number(s[1:-1]), "番", qual
    if "/" in s:
        a, _, b = s.partition("/")
        if int(b) == 0:
            return None, "", qual
        return _tidy(Decimal(a) * 100 / Decimal(b)), "%", qual
    if "分之" in s:
        b, _, a = s.partition("分之")
        va, vb = parse_number(a), parse_number(b)
        if va is None or not vb:
            return None, "", qual
        return _tidy(Decimal(str(va)) * 100 / Decimal(str(vb))), "%", qual
    return None, "", qual


def _shared_multiplier(a: str, b: str, rest: str) -> str:
    """The 万/亿 that a range writes once for both ends (``2至3万元``: 2万 to 3万), else ``""``.

    It is shared only when the low end has no multiplier of its own and is not larger than the
    high end's numeral (``5000至1万元`` keeps 5000).
    """
    b_core = re.sub(r"[余多几]+$", "", b)
    mult = re.search(r"[万亿]+$", b_core) or re.match(r"[万亿]+", rest)
    if not mult or re.search(r"[万亿]", a):
        return ""
    high_num = b_core[: mult.start()] if mult.string is b_core else b_core
    low, high = parse_number(re.sub(r"[余多几]", "", a)), parse_number(high_num)
    return mult.group() if low is not None and high is not None and low <= high else ""


def _read_range(surface: str) -> tuple[object, object, str, str, str] | None:
    """Low, high, written unit, canonical unit and qualifier of ``7至12小时``, ``2—5名``."""
    m = re.fullmatch(
        rf"(?P<pre>{_PREQ})?(?P<a>{_NUMX}{_POSTQ}?)(?P<u1>.*?){_SEP}(?P<b>{_NUMX}{_POSTQ}?)"
        rf"(?P<rest>.+)",
        surface,
    )
    if m is None:
        return None
    high = _read_quantity(m["b"] + m["rest"])
    if high is None:
        return None
    units = load_units()
    u1 = m["u1"]
    if u1 and u1 not in units and u1 != "人余次":
        return None
    if u1 and u1 != high[1] and units.get(u1, Unit(u1, "", u1)).canonical != high[2]:
        return None  # 一次——2003年: a dash between two quantities, not a range
    low = _read_quantity(m["a"] + (u1 or _shared_multiplier(m["a"], m["b"], m["rest"]) + high[1]))
    if low is None:
        return None
    qual = "".join(dict.fromkeys(q for q in (m["pre"], low[3], high[3]) if q))
    return low[0], high[0], high[1], high[2], qual


def _read_financial(surface: str) -> int | float | None:
    """The amount in 元 of ``壹万贰仟叁佰元`` (12300), ``叁拾元零伍角`` (30.5), ``伍仟元整`` (5000)."""
    m = _FINANCIAL_PARTS.fullmatch(surface)
    yuan = chinese_to_number(m["yuan"]) if m else None
    if m is None or yuan is None:
        return None
    jiao, fen = (CN_DIGITS[c] if c else 0 for c in (m["jiao"], m["fen"]))
    return _tidy(Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100)


def _read_label_value(text: str) -> int | float | None:
    """The single number of a label (``六员`` → 6, ``双胜利`` → 2); ``None`` when 0 or ≥ 2 numbers."""
    runs = _LABEL_NUMBER_RE.findall(text)
    if len(runs) != 1:
        return None
    return 2 if runs[0] == "双" else parse_number(runs[0])


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------

_LABEL_NUMBER_RE = re.compile(rf"\d+|[{_CN}]+|双")
_QUALIFIED_CN_RE = re.compile(rf"{_PREQ}?([数几上]?[{_CN}]+)")
_TAILQ_END_RE = re.compile(rf"{_TAILQ}$")
_POLICY_NAME = re.compile(rf"[^\d{_CN}]?(?:\d+|[{_CN}]+)条")
"""A quoted number of articles (“20条”, “国十条”, “新十条”): the name of a policy package."""
_ORDINAL_NUMBER_RE = re.compile(rf"{_NUM_A}|[{_CN}]+")
_QUOTED_QTY = re.compile(
    rf"{_PREQ}?{_NUMX}{_POSTQ}?[万亿]?{_POSTQ}?.{{0,3}}"
)


def _expr(m: re.Match[str], offset: int, form: str, kind: str, **kw: object) -> NumberExpression:
    return NumberExpression(m.start() + offset, m.end() + offset, m.group(), form, kind, **kw)


def _lexicon_expression(start: int, end: int, s: str) -> NumberExpression:
    """The expression of the numeral word ``s`` of :func:`load_lexicon` at ``start:end``."""
    role, value = load_lexicon()[s]
    if role == "label":
        v = parse_number(value) if value else _read_label_value(s)
        return NumberExpression(start, end, s, "label", "ordinal_or_label", value=v,
                                note="named term")
    if role == "figurative":
        v = parse_number(value) if value else _read_label_value(s)
        return NumberExpression(start, end, s, "quantity", "count", value=v, note="figurative")
    if role == "definitional":
        return NumberExpression(start, end, s, "quantity", "count", value=_read_label_value(s),
                                note="definitional")
    if role == "rhetorical":  # 亿万人民, 千家万户: a figure of speech, never a quantity
        return NumberExpression(start, end, s, "quantity", "count", value=None, note="rhetorical")
    return NumberExpression(start, end, s, "lexicon", "", note=role)


def _read_match(m: re.Match[str], text: str, offset: int) -> list[NumberExpression]:
    """Turn one match of a rule into expressions (a quoted span may yield several)."""
    form = m.lastgroup or ""
    s = m.group()
    if form == "quantity":  # the most frequent rule first
        return _quantity(m, s, offset, text)
    if form == "quoted":
        inner = s[1:-1]
        role = load_lexicon().get(inner, ("", ""))[0]
        looks_like_quantity = _QUOTED_QTY.fullmatch(inner) and _kind_or_none(inner)
        policy = _POLICY_NAME.fullmatch(inner)  # “20条”, “国十条”: a policy package's name
        if not policy and (role or looks_like_quantity or inner.startswith("零")):
            return _scan(text, m.start() + 1, m.end() - 1, offset)
        v = _read_label_value(inner)
        return [NumberExpression(m.start() + 1 + offset, m.end() - 1 + offset, inner, "label",
                                 "ordinal_or_label", value=v, note="quoted label")]
    if form in ("url", "email", "file", "hash", "phone", "hotline", "longdigits"):
        return [_expr(m, offset, "identifier", "identifier", note=form)]
    if form in ("section", "position", "alnum", "cohort", "institution", "level", "formula"):
        v = _read_label_value(s) if form not in ("alnum", "formula") else None
        return [_expr(m, offset, "label", "ordinal_or_label", value=v, note=form)]
    if form == "ordinal":
        num = _ORDINAL_NUMBER_RE.search(s)
        v = parse_number(num.group()) if num else None
        return [_expr(m, offset, "ordinal", "ordinal_or_label", value=v, note="ordinal")]
    if form == "lunar":
        return [_expr(m, offset, "date", "date", value=_read_lunar(s), note="lunar")]
    if form == "isodate":
        y, mo, d = (int(x) for x in re.split(r"[-/.]", s))
        return [_expr(m, offset, "date", "date", value=_iso(y, mo, d))]
    if form == "hours":
        low, _, high = re.split(f"({_SEP})", s, maxsplit=1)
        return [_expr(m, offset, "time", "time_of_day", value=_read_time(low)[0],
                      value_high=_read_time(re.sub("^(?:次日|翌日|第二天)", "", high))[0],
                      is_range=True)]
    if form == "clock":
        parts = s.split(":")
        return [_expr(m, offset, "time", "time_of_day",
                      value=":".join(f"{int(p):02d}" for p in parts))]
    if form == "yearrange":
        a, b = re.findall(_YEAR, s)[:2]
        return [_expr(m, offset, "date", "date", value=_iso(_num_or_none(a), None, None),
                      value_high=_iso(_num_or_none(b), None, None), is_range=True)]
    if form == "cndate":
        low, high = _read_cndate(s)
        if re.fullmatch(rf"{_YEAR}年", s):
            y = _num_or_none(s[:-1]) or 0
            if not 1900 <= y <= 2100:
                return [_expr(m, offset, "quantity", "duration", value=y, unit="年")]
        return [_expr(m, offset, "date", "date", value=low, value_high=high or None,
                      is_range=bool(high))]
    if form == "event":
        a, b = re.split(r"[·•・]", s)
        return [_expr(m, offset, "date", "date", value=_iso(None, int(a), int(b)),
                      note="event name")]
    if form == "time":
        value, qual = _read_time(s)
        return [_expr(m, offset, "time", "time_of_day", value=value, qualifier=qual)]
    if form == "dayonly":
        return [_expr(m, offset, "date", "date", value=_iso(None, None, _num_or_none(s[:-1])),
                      note="day only")]
    if form == "definitional":  # the matched 两级 plus the levels it names (乡村两级)
        start = m.start()
        while start > 0 and m.start() - start < 4 and text[start - 1] in "省市县区乡镇村街组":
            start -= 1
        return [NumberExpression(start + offset, m.end() + offset, text[start: m.end()],
                                 "quantity", "count", value=_read_label_value(s), unit="级",
                                 note="definitional")]
    if form == "double":
        return [_expr(m, offset, "quantity", "count", value=2, unit=s[1:], note="双")]
    if form == "zero":
        if "清零" in s:
            return [_expr(m, offset, "zero", "count", value=0, note="清零")]
        return [_expr(m, offset, "zero", "count", value=0, note="零")]
    if form == "redup":  # 称一称 is matched from its 一: take the verb before it too
        start = m.start() - 1 if m["r3"] else m.start()
        return [NumberExpression(start + offset, m.end() + offset, text[start: m.end()],
                                 "reduplication", "", note="reduplication")]
    if form in ("percent", "percentrange"):
        if form == "percentrange":
            nums = _PCT_NUM.findall(s)
            pre = re.match(_PREQ, s)
            return [_expr(m, offset, "range", "percent", value=parse_number(nums[0]),
                          value_high=parse_number(nums[1]), unit="%", is_range=True,
                          qualifier=pre.group() if pre else "")]
        value, unit, qual = _read_percent(s)
        if value is None:
            return [_expr(m, offset, "chinese", "", note="unreadable")]
        return [_expr(m, offset, "percent", "percent", value=value, unit=unit, qualifier=qual)]
    if form == "financial":
        return [_expr(m, offset, "quantity", "money", value=_read_financial(s), unit="元",
                      note="capitals")]
    if form == "range":
        r = _read_range(s)
        if r is None:
            return _fallback(m, text, offset)
        low, high, written, canonical, qual = r
        kind = _kind_of_unit(written)
        return [_expr(m, offset, "range", kind, value=low, value_high=high, unit=canonical,
                      qualifier=qual, is_range=True)]
    if form == "vague":
        unit = load_units().get(s[1:])
        return [_expr(m, offset, "vague", unit.kind if unit else "count", value=None,
                      unit=unit.canonical if unit else s[1:], qualifier=s[0], note="vague")]
    if form == "household":  # 一家 ("a family") is a word; the count is the numeral with 口
        start = m.start() + 2
        return [NumberExpression(m.start() + offset, start + offset, text[m.start(): start],
                                 "lexicon", "", note="word"),
                NumberExpression(start + offset, m.end() + offset, text[start: m.end()],
                                 "quantity", "count", value=parse_number(text[start: m.end() - 1]),
                                 unit="口")]
    if form in ("counted", "colloquial"):  # 五方面, 两千六: a number with no unit
        return [_expr(m, offset, "bare", "count", value=parse_number(s), note="no unit")]
    if form == "bare":
        read = _read_quantity(s) if ("多" in s or "余" in s) else None
        if read is not None:  # 20多万 (商家): the value and its qualifier
            return [_expr(m, offset, "bare", "count", value=read[0], qualifier=read[3],
                          note="no unit")]
        return [_expr(m, offset, "bare", "count", value=parse_number(s), note="no unit")]
    return [_expr(m, offset, "chinese", "", note="numeral in a word")]


def _kind_or_none(inner: str) -> str | None:
    """The kind of a quoted text when it is nothing but a quantity (“3个月”), else ``None``."""
    if inner in load_lexicon():  # a numeral word wins over every rule
        return None
    m = rules_pattern().fullmatch(inner)
    if m is None or m.lastgroup not in ("quantity", "range", "percent"):
        return None
    return m.lastgroup


def _quantity(m: re.Match[str], s: str, offset: int, text: str) -> list[NumberExpression]:
    q = _read_quantity(s)
    if q is None:
        num = _QUALIFIED_CN_RE.match(s)
        run = num.group(1) if num else ""
        rng = chinese_range(run) if run else None
        if rng:
            unit_text = s[num.end():] if num else ""
            tail = _TAILQ_END_RE.search(unit_text)
            qual = tail.group() if tail else ""
            unit_text = unit_text[: len(unit_text) - len(qual)]
            unit = load_units().get(unit_text)
            return [_expr(m, offset, "range", unit.kind if unit else "count", value=rng[0],
                          value_high=rng[1], unit=unit.canonical if unit else unit_text,
                          qualifier=qual, is_range=True)]
        return [_expr(m, offset, "chinese", "", note="not a numeral")]
    value, written, canonical, qual = q
    kind = _kind_of_unit(written)
    return [_expr(m, offset, "quantity", kind, value=value, unit=canonical, qualifier=qual)]


def _fallback(m: re.Match[str], text: str, offset: int) -> list[NumberExpression]:
    """Re-scan an unreadable range as its two sides (the separator is no range there)."""
    sep = re.compile(_SEP).search(m.group(), 1)
    if sep is None:  # pragma: no cover - the range rule always has a separator
        return [_expr(m, offset, "chinese", "", note="unreadable")]
    cut, resume = m.start() + sep.start(), m.start() + sep.end()
    return _scan(text, m.start(), cut, offset) + _scan(text, resume, m.end(), offset)


def _scan(text: str, pos: int, endpos: int, offset: int = 0) -> list[NumberExpression]:
    """Every expression of ``text[pos:endpos]``, left to right, none overlapping.

    At each position the longest numeral word of :func:`load_lexicon` that starts there wins
    (found with Aho-Corasick), else the first rule of :func:`rules_pattern` that matches
    there; the scan goes on after the match, as ``finditer`` over the alternation
    ``word|rule₁|rule₂…`` would (the rules never match the empty string).
    """
    rules = rules_pattern()
    words = _lexicon_automaton().longest_at(text, pos, endpos)
    out: list[NumberExpression] = []
    w = 0
    m = rules.search(text, pos, endpos)
    while True:
        while w < len(words) and words[w][0] < pos:
            w += 1
        if m is not None and m.start() < pos:
            m = rules.search(text, pos, endpos)
        if w < len(words) and (m is None or words[w][0] <= m.start()):
            start, end = words[w]
            out.append(_lexicon_expression(start + offset, end + offset, text[start:end]))
            pos = end
            continue
        if m is None:
            return out
        out.extend(_read_match(m, text, offset))
        pos = max(m.end(), m.start() + 1)


def find_expressions(text: str) -> list[NumberExpression]:
    """Every number expression of ``text``, in order, non-overlapping.

    In: one paragraph's clean text (full-width digits are read as ASCII; offsets stay those of
    ``text``). Out: :class:`NumberExpression` records, including the non-numbers that contain
    numeral characters (idioms, words, place names), so that every digit run and numeral run
    of ``text`` lies inside exactly one record.
    """
    return _scan(to_halfwidth(text), 0, len(text))


def parse_expression(surface: str) -> NumberExpression | None:
    """Read one expression written on its own: ``"2万余名"``, ``"7至12小时"``, ``"37.6%"``.

    Out: the single expression that spans the whole of ``surface``, or ``None`` when the
    grammar reads it as several expressions or as none.
    """
    found = [e for e in find_expressions(surface) if e.kind or e.form == "lexicon"]
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(surface):
        return found[0]
    # a numeral written alone (十三, 两千余, 一万二): in running text it would need a unit
    m = re.fullmatch(rf"({_PREQ})?(.+?)({_TAILQ})?", to_halfwidth(surface))
    value = parse_number(m[2]) if m else None
    if m is None or value is None:
        return None
    qual = "".join(q for q in (m[1], m[3]) if q)
    return NumberExpression(0, len(surface), surface, "bare", "count", value=value, qualifier=qual,
                            note="no unit")

