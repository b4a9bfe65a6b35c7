"""Article metadata from the text: bylines, source/editor lines, dates, URLs, headlines.

Everything here reads Simplified text (``clean`` converts a line before asking), so one pattern
serves ``来源:`` and ``來源:`` alike.

``published`` is ISO 8601 (``2021-08-09T23:01:25``, or a date ``2020-02-28``) and
``published_source`` says where it came from:

- ``text``: a byline or date line of the article states it;
- ``inferred``: no date line, but the body gives a full date with its year (``2020年2月23日``) and
  later month-day dates (``2月28日``): the latest dated event in that year is taken. A year is
  never taken from a bare year mention (``2020年，湖南曾经历…``), which may be a look back;
- ``metadata``: the corpus's ``metadata.csv`` gives it;
- ``unknown``: the text gives no year. ``date_note`` then names the latest month-day event
  (``latest dated event 3月27日; no year in the text``) so a reader can date it by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

ARTICLE_COLUMNS = [
    "article_id", "title", "outlet", "authors", "editor", "published", "published_source",
    "url", "script", "encoding", "n_paragraphs", "n_chars", "date_note", "file",
]
"""Columns of the ``articles`` table, in order (the first twelve are the issue's contract)."""

OVERRIDABLE = ("title", "outlet", "authors", "editor", "published", "url")
"""``articles`` fields that a corpus ``metadata.csv`` may fill or override."""

PLACEHOLDER_NAMES = frozenset({"admin", "管理员", "本站", "网络", "佚名", "未知", "编辑", "小编"})
"""CMS placeholders that are no outlet, author or editor."""

ROLE_WORDS = frozenset({
    "记者", "通讯员", "特约记者", "见习记者", "首席记者", "实习生", "摄影", "摄", "报道", "供稿",
    "编辑", "责编", "作者", "来源", "摄影报道", "文", "图", "整理",
})
"""Words in a byline that name a role, not a person."""

_KEYS = (
    "来源", "作者", "责任编辑", "责编", "编辑", "通讯员", "记者", "摄影", "摄像", "校对", "审核",
    "签发", "发布时间", "发布日期", "发稿时间", "时间", "日期", "字号", "点击", "浏览", "阅读",
    "出处", "稿源", "编审", "监制", "统筹", "责任校对", "初审", "复审", "终审", "作者单位",
    "值班编辑", "主编", "出品", "策划", "美编", "视频", "海报", "浏览次数", "阅读次数", "点击数",
    "点击量", "阅读量", "访问量", "访问次数",
    # the index fields of government portals (索引号：… 发布机构：… 成文日期：…)
    "索引号", "发布机构", "发文机关", "发文单位", "主题分类", "文号", "发文字号", "成文日期",
    "公开方式", "公开范围", "有效性",
)
_KEY_PREFIX = r"(?:本文|信息|稿件|文章|图片|流程|新闻|内容|视频)?"
"""Words that may stand before a key (``本文来源：``, ``图片编辑：``)."""
_KEY_ALT = "|".join(sorted(_KEYS, key=len, reverse=True))
_SPACED_KEY_RE = re.compile(
    "(?:" + "|".join(f"{k[0]}[ \u00a0]+{k[1]}" for k in sorted(_KEYS) if len(k) == 2)
    + r")(?=\s*[:：])"
)
"""A two-character key with spaces inside (``来 源：``), as portals align their fields."""
_DATETIME = (
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
DATETIME_RE = re.compile(_DATETIME)
_FIELD_RE = re.compile(rf"(?P<prefix>{_KEY_PREFIX})(?P<key>{_KEY_ALT})\s*(?:[:：]|\s[|｜]\s?|[|｜])\s*")
_LABEL_RE = re.compile(r"^(?:[【\[]\s*(?:我要)?(?:纠错|打印|关闭|收藏|分享)\s*[】\]]\s*)+")
"""Bracketed page labels that may stand before a byline (``【纠错】 【责任编辑：…】``)."""
_BRACKETS = "[]【】〔〕()（）<>《》|｜"
_EDGE_RE = re.compile(rf"^[\s{re.escape(_BRACKETS)}]+|[\s{re.escape(_BRACKETS)}]+$")
_DATE_LINE_RE = re.compile(
    rf"^\s*[{re.escape(_BRACKETS)}]*\s*{_DATETIME}\s*"
    r"(?:(?:星期|周|礼拜)[一二三四五六日天])?\s*(?:[（(][^()（）]{0,24}更新[)）])?"
    rf"[{re.escape(_BRACKETS)}\s]*$"
)
_DATED_HEADER_RE = re.compile(_DATETIME)
_BYLINE_RE = re.compile(
    rf"^\s*(?:[\[【〔(（]?\s*{_KEY_PREFIX}(?:{_KEY_ALT})\s*(?:[:：]|\s?[|｜])[^\[\]【】〔〕]*?[\]】〕)）]?\s*"
    rf"|{_DATETIME}\s*[|｜]?\s*)+$"
)
_SENTENCE_PUNCT_RE = re.compile(r"[。！？!?；;]")
_PHOTO_SOURCE_RE = re.compile(r"^[\[【(（]?\s*(?:图片|视频|配图|题图|封面图?)(?:来源|编辑|提供|作者)\s*[:：|｜][^。！？]{1,30}$")
_DATE_PUNCT = str.maketrans("－／：．　", "-/:. ")
_DATE_PUNCT_RE = re.compile("[－／：．　]")
_URL_RE = re.compile(r"https?://[^\s，。；;、<>\"“”]+|www\.[^\s，。；;、<>\"“”]+")
_URL_LINE_RE = re.compile(r"^\s*(?:本文链接|原文链接|链接|网址|原文地址|文章来源)?\s*[:：]?\s*(https?://\S+)\s*$")
_REPORTER_RE = re.compile(
    r"^[（(]?(?P<org>[^\s，。,；;：:（(]{0,16}?)(?:特约|见习|首席|实习)?(?:记者|通讯员)\s*"
    r"(?P<names>[\u4e00-\u9fff]{2,4}(?:(?:[\s、,，]*(?:本报|本台|本网)?(?:特约|见习|首席|实习)?"
    r"(?:记者|通讯员)\s*|[\s、,，]*实习生\s*|[\s、,，]+)[\u4e00-\u9fff]{2,4})*?)"
    r"(?:\s*(?P<where>[\u4e00-\u9fff]{2,6}报道))?\s*[)）]?\s*$"
)
_PHOTO_CREDIT_NAMES = re.compile(
    r"(?:记者|通讯员)?\s*((?:[\u4e00-\u9fff]{2,4}\s+)*[\u4e00-\u9fff]{2,4})\s*(?:摄影报道|摄|供图)$"
)
_DATELINE_RE = re.compile(
    r"^(?:(?P<outlet>[^\s，。,；;：:（(]{2,14}?)讯\s*[（(]\s*(?P<who>(?:特约|见习|首席)?(?:记者|通讯员)"
    r"[^）)]{1,40})[）)]"
    r"|(?P<wire>本报|本台|本网|新华社|中新社|中新网|人民网|央视网|新华网|光明网|[^\s，。,；;：:（(]{2,6}?(?:社|网|报|台))"
    r"[\u4e00-\u9fff]{0,8}?(?:\d{1,2}月)?\d{1,2}日(?:专)?电"
    r"(?:\s*[（(]\s*(?P<who2>(?:特约|见习|首席)?(?:记者|通讯员)[^）)]{1,60})[）)])?"
    r"|[（(](?P<wire2>[^\s（()）]{2,8}?)(?:特约|见习)?记者(?P<who3>[^）)\s\d]{2,4})"
    r"(?:[\u4e00-\u9fff]{2,6})?\d{1,2}日(?:专)?电[）)])\s*"
)
_CREDIT_TAIL_RE = re.compile(
    r"[（(]\s*(?P<who>[^（）()]{2,60}?)\s*(?P<kind>供稿|供图|撰稿|来稿)\s*[）)]\s*$"
)
_MONTH_DAY_RE = re.compile(r"(?<![\d年])(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日")
_FULL_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})年(?P<m>1[0-2]|0?[1-9])月(?P<d>3[01]|[12]\d|0?[1-9])日"
)
_NAME_SPLIT_RE = re.compile(r"[\s、,，;；/]+")
_HAN_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")
_ROLE_PREFIX_RE = re.compile(
    r"^(?:本报|本台|本网|本刊|新华社|中新社|人民日报|央视|总台)?(?:特约|见习|首席|实习|摄影)?"
    r"(?:记者|通讯员|编辑|摄影)(?=[\u4e00-\u9fff]{2})"
)
_CMS_SUFFIX_RE = re.compile(r"_[A-Za-z]+\d*$")
_NOT_NAME_ENDINGS = ("报道", "供稿", "记者", "通讯员", "编辑", "日报", "晚报", "新闻", "融媒", "中心",
                     "委员会", "组织部", "宣传部", "工委", "办公室")


def date_text(line: str) -> str:
    """``line`` with full-width date punctuation (``－／：．``) made ASCII, for date matching."""
    return line.translate(_DATE_PUNCT) if _DATE_PUNCT_RE.search(line) else line


def field_text(line: str) -> str:
    """:func:`date_text`, and two-character keys written with a space between their characters
    closed up (``来　源：`` → ``来源：``, as government portals lay out their index fields)."""
    line = date_text(line)
    if " " not in line and "\u00a0" not in line:
        return line
    return _SPACED_KEY_RE.sub(lambda m: re.sub(r"[ \u00a0]", "", m.group()), line)


def is_date_line(line: str) -> bool:
    """True for a line that is only a date/time (``2020-02-09 09:25:09 |``,
    ``2022年3月18日 星期五``, ``2022/04/15 14:32（4/15 16:05 更新）``)."""
    return bool(_DATE_LINE_RE.match(date_text(line)))


def is_dated_header(line: str) -> bool:
    """True for a short account/header line that carries a full date and no prose
    (``原创 涉县融媒 涉县发布 2022-04-12 18:30 发表于河北``)."""
    return (
        len(line) <= 60
        and bool(_DATED_HEADER_RE.search(date_text(line)))
        and not re.search(r"[，。！？,!?；;]", line)
    )


def is_byline(line: str) -> bool:
    """True for a source/author/editor/date line (``来源:红网 作者:王诗颖 编辑:肖拓 2021-…``,
    ``[来源:华声在线] [作者:…]``, ``责编:admin``, ``【纠错】 【责任编辑：刘金海】``, ``编辑 | 李娜``).

    Every field value must be short and free of sentence punctuation, so an interview line
    (``记者：请问…？``) is not a byline.
    """
    line = _LABEL_RE.sub("", field_text(line))
    if not _BYLINE_RE.match(line) or not (_FIELD_RE.search(line) or DATETIME_RE.search(line)):
        return False
    values = _FIELD_RE.split(line)[3::3]
    return all(len(v.strip()) <= 40 and not _SENTENCE_PUNCT_RE.search(v) for v in values)


def is_photo_credit_line(line: str) -> bool:
    """True for a picture-source line (``图片来源：视觉中国``, ``视频编辑：…``)."""
    return bool(_PHOTO_SOURCE_RE.match(line))


def is_reporter_line(line: str) -> bool:
    """True for a reporter credit line (``红网时刻记者 王诗颖 长沙报道``)."""
    return len(line) <= 60 and bool(_REPORTER_RE.match(line.strip()))


def url_of_line(line: str) -> str | None:
    """The URL when the line is only a URL, possibly labelled (``本文链接:https://…``)."""
    m = _URL_LINE_RE.match(line)
    return m.group(1) if m else None


def byline_fields(line: str) -> dict[str, str]:
    """Key/value pairs of a byline: ``{"来源": "红网", "作者": "王诗颖", "编辑": "肖拓",
    "datetime": "2021-08-09T23:01:25"}``. Values are stripped of brackets and dates."""
    out: dict[str, str] = {}
    line = _LABEL_RE.sub("", field_text(line))
    matches = list(_FIELD_RE.finditer(line))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end]
        value = DATETIME_RE.sub(" ", value)
        value = _EDGE_RE.sub("", value)
        value = re.split(r"[)）\]】〕]", value, maxsplit=1)[0].strip()
        value = re.sub(r"\s+", " ", value)
        if value and m.group("prefix") not in ("图片", "视频"):
            out.setdefault(m.group("key"), value)
    dt = DATETIME_RE.search(line)
    if dt:
        out["datetime"] = iso_datetime(dt)
    return out


def iso_datetime(m: re.Match[str]) -> str:
    """ISO 8601 text of a :data:`DATETIME_RE` match (date, or date and time)."""
    date = f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    if m["H"] is None:
        return date
    seconds = int(m["S"]) if m["S"] else 0
    return f"{date}T{int(m['H']):02d}:{int(m['M']):02d}:{seconds:02d}"


def split_names(value: str) -> list[str]:
    """Personal names in a byline value (``唐婷 孙敏坚 刘燕娟`` -> three names); placeholders and
    non-name words are dropped."""
    names = []
    for part in _NAME_SPLIT_RE.split(value.strip()):
        part = _CMS_SUFFIX_RE.sub("", _ROLE_PREFIX_RE.sub("", part.strip()))
        if (
            part and part not in PLACEHOLDER_NAMES | ROLE_WORDS and _HAN_NAME_RE.match(part)
            and not part.endswith(_NOT_NAME_ENDINGS)
        ):
            names.append(part)
    return names


def reporter_names(line: str) -> list[str]:
    """Names in a reporter credit line (``湖南日报·华声在线记者 唐婷 孙敏坚 刘燕娟``,
    ``本报记者 王映 刘勰 本报通讯员 张弛``)."""
    m = _REPORTER_RE.match(line.strip())
    if not m:
        return []
    names = re.sub(r"(?:本报|本台|本网)?(?:(?:特约|见习|首席|实习)?(?:记者|通讯员)|实习生)", " ",
                   m.group("names"))
    return split_names(names)


def split_dateline(text: str) -> tuple[str, str, list[str]]:
    """Split a news dateline (电头) off the start of a paragraph.

    In: a paragraph's text. Out: ``(dateline, rest, names)``; ``dateline`` is ``""`` when there
    is none. ``兴县新闻网讯（通讯员 杜凤英）“众志成城…`` -> (``兴县新闻网讯（通讯员 杜凤英）``,
    ``“众志成城…``, [``杜凤英``]).
    """
    m = _DATELINE_RE.match(text)
    if not m:
        return "", text, []
    who = m.group("who") or m.group("who2") or m.group("who3") or ""
    who = re.sub(r"(?:本报|本台)?(?:特约|见习|首席)?(?:记者|通讯员)\s*", " ", who)
    return text[: m.end()].rstrip(), text[m.end() :], split_names(who)


def dateline_outlet(dateline: str) -> str:
    """Outlet named by a dateline (``兴县新闻网讯（…）`` -> ``兴县新闻网``; ``本报讯`` -> "")."""
    m = _DATELINE_RE.match(dateline)
    outlet = (m.group("outlet") or m.group("wire") or m.group("wire2") or "") if m else ""
    return "" if outlet in {"本报", "本台", "本网", "本刊"} else outlet


def split_credit_tail(text: str) -> tuple[str, str, list[str]]:
    """Split a trailing credit (``（娄底市直机关工委 刘艺 王纯芳 供稿）``) off a paragraph.

    Out: ``(rest, credit, names)``; ``credit`` is ``""`` when there is none.
    """
    m = _CREDIT_TAIL_RE.search(text)
    if not m:
        return text, "", []
    names = [n for n in split_names(m.group("who")) if len(n) <= 3]
    return text[: m.start()].rstrip(), text[m.start() :], names


def photo_credit_names(caption: str) -> list[str]:
    """Photographers named at the end of a caption (``…黄栋 摄）`` -> [``黄栋``])."""
    m = _PHOTO_CREDIT_NAMES.search(caption.rstrip("）) "))
    return split_names(m.group(1)) if m else []


def find_urls(text: str) -> list[str]:
    """Every URL in ``text``."""
    return _URL_RE.findall(text)


@dataclass
class MetadataEvidence:
    """What the cleaning step saw of one article's metadata, in text order."""

    bylines: list[dict[str, str]] = field(default_factory=list)
    reporter_names: list[str] = field(default_factory=list)
    dateline_names: list[str] = field(default_factory=list)
    credit_names: list[str] = field(default_factory=list)
    dateline_outlets: list[str] = field(default_factory=list)
    header_outlets: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    title: str = ""
    kicker: str = ""


def infer_published(content_text: str) -> tuple[str, str, str]:
    """Infer a publication date from the body when no date line gives one.

    In: the article's clean content text. Out: ``(published, source, note)`` with source
    ``inferred`` or ``unknown`` (see the module docstring for the rule).
    """
    full = [
        (int(m["y"]), int(m["m"]), int(m["d"]))
        for m in _FULL_DATE_RE.finditer(content_text)
        if 1 <= int(m["m"]) <= 12
    ]
    month_days = [(int(m["m"]), int(m["d"])) for m in _MONTH_DAY_RE.finditer(content_text)]
    latest_md = max(month_days) if month_days else None
    if full:
        anchor = max(full)
        year = anchor[0]
        later = [md for md in month_days if md >= anchor[1:]]
        m, d = max(later) if later else anchor[1:]
        note = f"year {year} from the full date {anchor[0]}年{anchor[1]}月{anchor[2]}日 in the text"
        return f"{year:04d}-{m:02d}-{d:02d}", "inferred", f"latest dated event; {note}"
    if latest_md:
        return "", "unknown", f"latest dated event {latest_md[0]}月{latest_md[1]}日; no year in the text"
    return "", "unknown", "no date in the text"


def _first(values: list[str]) -> str:
    for v in values:
        if v and v not in PLACEHOLDER_NAMES:
            return v
    return ""


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def article_fields(evidence: MetadataEvidence, content_text: str) -> dict[str, str]:
    """Title, outlet, authors, editor, published, published_source, url and date_note of one
    article from what cleaning collected (bylines first, then credits, then inference)."""
    sources = [b.get("来源", "") or b.get("稿源", "") or b.get("出处", "") for b in evidence.bylines]
    outlet = _first(
        [s.split()[0] for s in sources if s]
        + [h.split()[0] for h in evidence.header_outlets if h.split()]
        + evidence.dateline_outlets
    )
    author_values = [b.get("作者", "") for b in evidence.bylines] + [
        m.group(1)
        for b in evidence.bylines
        for v in b.values()
        for m in [re.search(r"(?:记者|通讯员)\s*(\S.*)$", v)]
        if m
    ]
    authors = _unique([n for v in author_values for n in split_names(v)])
    if not authors:
        authors = _unique(evidence.reporter_names + evidence.dateline_names + evidence.credit_names)
    editors = [
        b.get("责任编辑", "") or b.get("责编", "") or b.get("编辑", "") for b in evidence.bylines
    ]
    editor = _first([e for v in editors for e in split_names(v)])
    dates = [b["datetime"] for b in evidence.bylines if "datetime" in b]
    if dates:
        published, source, note = dates[0], "text", "date line of the article"
    else:
        published, source, note = infer_published(content_text)
    return {
        "title": evidence.title,
        "outlet": outlet,
        "authors": ";".join(authors),
        "editor": editor,
        "published": published,
        "published_source": source,
        "url": evidence.urls[0] if evidence.urls else "",
        "date_note": note,
    }


def apply_metadata_file(articles: pd.DataFrame, meta: pd.DataFrame | None) -> pd.DataFrame:
    """Fill or override ``articles`` fields from a corpus ``metadata.csv``.

    In: the ``articles`` table and the metadata table (``article_id`` plus any of
    :data:`OVERRIDABLE`), or None. Out: a new ``articles`` table; a non-empty metadata value
    replaces the text's value, and a replaced ``published`` gets ``published_source`` =
    ``metadata`` (ISO-normalized when it parses as a date).
    """
    out = articles.copy()
    if meta is None or out.empty:
        return out
    meta = meta.set_index("article_id")
    for idx, row in out.iterrows():
        aid = row["article_id"]
        if aid not in meta.index:
            continue
        given = meta.loc[aid]
        if isinstance(given, pd.DataFrame):  # repeated ids: the first row wins
            given = given.iloc[0]
        for col in OVERRIDABLE:
            value = str(given.get(col, "") or "").strip()
            if not value:
                continue
            if col == "published":
                m = DATETIME_RE.search(value)
                value = iso_datetime(m) if m else value
                out.at[idx, "published_source"] = "metadata"
                out.at[idx, "date_note"] = "metadata.csv"
            out.at[idx, col] = value
    return out
