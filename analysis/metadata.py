"""Article metadata from the text: bylines, source/editor lines, dates, URLs, headlines.

Everything here reads Simplified text (``clean`` converts a line before asking), so one pattern
serves ``来源:`` and ``來源:`` alike.

``published`` is ISO 8601 (``2021-08-09T23:01:25``, or a date ``2020-02-28``) and
``published_source`` says where it came from:

- ``text``: a byline or date line of the article states it;
- ``filename``: the file or folder name carries the date (:mod:`analysis.filenames`);
- ``metadata``: the corpus's ``metadata.csv`` gives it;
- ``unknown``: neither. ``date_note`` then names the latest dated event of the body
  (``latest dated event 3月27日; no year in the text``) so a reader can date it by hand.

No date is inferred from the body: the latest full date of a text was the publication day in
0 of 90 People's Daily articles of February 2020 that have one (anniversaries, look-backs,
plans), far below the 95 % a date column needs.

Bylines: reporters come from byline fields (``作者：``), reporter lines (``本报记者 王  浩``, names
of two characters spaced to the width of three are joined), datelines (``本报马德里2月27日电
（记者姜波）``) and trailing credits (``（… 供稿）``); photographers (``新华社记者 辛悦卫摄``) and
author notes (``（作者为…）``, ``（作者单位：…）``) are kept apart. The outlet is one canonical name:
``据新华社…电`` gives ``新华社`` with ``via`` = ``据新华社``, and ``本报`` (the paper itself) is the
corpus's own outlet when the user names it (``OUTLET``), else empty — never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

ARTICLE_COLUMNS = [
    "article_id", "title", "kicker", "subtitle", "column", "outlet", "via", "authors",
    "photographers", "affiliations", "editor", "published", "published_source", "dateline_place",
    "dateline_date", "page", "genre", "url", "script", "encoding", "n_paragraphs", "n_chars",
    "date_note", "file",
]
"""Columns of the ``articles`` table, in order (any other field a ``FILENAME_PATTERN`` names
follows them)."""

OWN_OUTLET_WORDS = frozenset({"本报", "本台", "本网", "本刊"})
"""Words by which an outlet names itself: they stand for the corpus's own outlet (``OUTLET``)."""

TRUSTED_DATE_SOURCES = ("text", "filename", "metadata")
"""``published_source`` values whose date may group articles by year or period."""

OVERRIDABLE = ("title", "kicker", "subtitle", "outlet", "authors", "photographers",
               "affiliations", "editor", "published", "page", "url")
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
    "公开方式", "公开范围", "有效性", "执笔", "撰稿",
    # a print page's credits (版式设计：蔡华伟, 制图：郭 祥)
    "版式设计", "版式", "制图", "插图",
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
    r"(?:\s*(?P<where>[\u4e00-\u9fff]{2,6}报道))?(?:\s*(?:参与采写|采写|综合报道|报道|整理|执笔|撰稿))?"
    r"\s*[)）]?\s*$"
)
_CREDIT_VERB_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:参与采写|参与|采写|整理|执笔|撰稿|报道)$")
"""A verb of credit that a name may carry (``王丹整理``, ``孙超参与采写``)."""
_PHOTO_CREDIT_NAMES = re.compile(
    r"(?:记者|通讯员)?\s*((?:[\u4e00-\u9fff]{2,4}\s+)*[\u4e00-\u9fff]{2,4})\s*(?:摄影报道|摄|供图)$"
)
_DATELINE_RE = re.compile(
    r"^(?:(?P<outlet>[^\s，。,；;：:（(]{2,14}?)讯\s*[（(]\s*(?P<who>(?:特约|见习|首席)?(?:记者|通讯员)"
    r"[^）)]{1,40})[）)]"
    r"|(?P<via>据)?(?P<wire>本报|本台|本网|新华社|中新社|中新网|人民网|央视网|新华网|光明网"
    r"|[^\s，。,；;：:（(据]{2,6}?(?:社|网|报|台))"
    r"(?:(?P<place>[\u4e00-\u9fff·、]{0,40}?)(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日(?:专)?电|(?:专)?电|讯)"
    r"(?:\s*[（(]\s*(?P<who2>(?:本报)?(?:特约|见习|首席)?(?:记者|通讯员)[^）)]{1,60})[）)])?"
    r"|[（(](?P<wire2>[^\s（()）]{2,8}?)(?:特约|见习)?记者(?P<who3>[^）)\s\d]{2,4})"
    r"(?:[\u4e00-\u9fff]{2,6})?\d{1,2}日(?:专)?电[）)])\s*"
)
_AUTHOR_NOTE_RE = re.compile(
    r"^[（(]\s*作者(?:为|系|是|单位\s*[:：])\s*(?P<aff>[^（）()]{2,80}?)\s*[）)]\s*$"
)
"""An author note (``（作者为北京外国语大学法国籍教师）``, ``（作者单位：…）``)."""
_NAME_PAIR_RE = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<a>[\u4e00-\u9fff])[ \u00a0\u3000]+(?P<b>[\u4e00-\u9fff])"
    r"(?![\u4e00-\u9fff])|(?<![\u4e00-\u9fff])(?P<c>[\u4e00-\u9fff])[ \u00a0\u3000]+"
    r"(?P<d>[\u4e00-\u9fff])(?=摄|整理|采写|执笔|撰稿|报道)"
)
_PHOTO_LINE_RE = re.compile(
    r"^[（(]?\s*(?:(?:本报|新华社|中新社|人民日报)?(?:特约|首席)?(?:摄影记者|记者|通讯员)\s*)?"
    r"(?P<names>[\u4e00-\u9fff·][\u4e00-\u9fff· \u00a0\u3000、]*?)\s*(?:摄影报道|摄影|摄)"
    r"\s*(?:[（(][^（）()]{1,12}[）)])?\s*[）)]?\s*$"
)
"""A line that only credits photographers (``刘勤利摄（影像中国）``, ``新华社记者 辛悦卫摄``,
``朱  磊  饶庆平摄影报道``)."""
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
    if len(line) > 60 or re.search(r"[，。！？,!?；;]", line):
        return False
    m = _DATED_HEADER_RE.search(date_text(line))
    # an account header gives a time or a numeric date; 2020年1月2日…审议批准 is a document note
    return m is not None and (m["H"] is not None or "年" not in m.group())


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


def join_spaced_names(text: str) -> str:
    """Two-character names printed with spaces to the width of three joined up
    (``本报记者  王  浩  贾  静`` -> ``本报记者  王浩  贾静``); other text is unchanged."""
    if " " not in text and "\u00a0" not in text and "\u3000" not in text:
        return text
    return _NAME_PAIR_RE.sub(lambda m: (m["a"] or m["c"]) + (m["b"] or m["d"]), text)


def is_reporter_line(line: str) -> bool:
    """True for a reporter credit line (``红网时刻记者 王诗颖 长沙报道``, ``本报记者  王  浩``)."""
    return len(line) <= 100 and bool(_REPORTER_RE.match(join_spaced_names(line.strip())))


def photo_line_names(line: str) -> list[str]:
    """Photographers of a line that is only a photo credit (``刘勤利摄（影像中国）`` ->
    [``刘勤利``]; ``朱  磊  饶庆平摄影报道`` -> [``朱磊``, ``饶庆平``]); ``[]`` for any other line.

    Every name must be two to four Han characters (or a name with ``·``), so a sentence that
    ends in 拍摄 is no credit.
    """
    if len(line) > 48:
        return []
    stripped = line.strip()
    m = _PHOTO_LINE_RE.match(stripped)
    if not m:
        return []
    joined = [p for p in re.split(r"[\s、]+", join_spaced_names(m.group("names"))) if p]
    ok = all((2 <= len(n) <= 4 or ("·" in n and len(n) <= 12)) and n not in ROLE_WORDS
             for n in joined)
    return joined if joined and ok else []


def author_note(line: str) -> str:
    """The affiliation of an author note line (``（作者为北京外国语大学法国籍教师）`` ->
    ``北京外国语大学法国籍教师``), else ``""``."""
    m = _AUTHOR_NOTE_RE.match(line.strip())
    return m.group("aff").strip() if m else ""


_INTERVIEWER_RE = re.compile(
    r"[，,；;]\s*(?:本报|新华社)?(?:特约)?记者\s*(?P<names>[\u4e00-\u9fff、\s]{2,40}?)\s*(?:采访)?整理$"
)


def split_interviewer(affiliation: str) -> tuple[str, list[str]]:
    """An author note's affiliation and the reporters who wrote the piece up
    (``…院士，本报记者陈尚文采访整理`` -> (``…院士``, [``陈尚文``]))."""
    m = _INTERVIEWER_RE.search(affiliation)
    if not m:
        return affiliation, []
    return affiliation[: m.start()].strip(), split_names(m.group("names"))


_TRAILING_DATELINE_RE = re.compile(
    r"[（(]\s*(?P<via>据)?(?P<outlet>本报|新华社|中新社|[^\s（()）据]{2,8}?(?:社|网|报|台))"
    r"(?P<place>[\u4e00-\u9fff·、]{0,40}?)(?:(?P<month>\d{1,2})月)?(?:(?P<day>\d{1,2})日)?(?:专)?电"
    r"(?:\s*(?P<who>(?:本报)?(?:特约|见习|首席)?(?:记者|通讯员)[^（()）]{1,120}))?\s*[）)]\s*$"
)
"""A dateline printed at the end of an item (``（本报曼谷2月21日电）``, ``（据新华社电）``)."""


def trailing_dateline(text: str) -> tuple[str, Dateline]:
    """Split a dateline printed at the end of a paragraph off it.

    Out: ``(rest, dateline)``; ``dateline.text`` is ``""`` when there is none.
    ``…人声鼎沸。（本报曼谷2月21日电）`` -> outlet ``本报``, place ``曼谷``, 2/21.
    """
    m = _TRAILING_DATELINE_RE.search(text)
    if not m:
        return text, Dateline("", text, [])
    outlet = m.group("outlet")
    return text[: m.start()].rstrip(), Dateline(
        text=text[m.start() :].strip(), rest="", names=_credited_names(m.group("who")),
        outlet=outlet,
        via=f"据{outlet}" if m.group("via") else "", place=m.group("place") or "",
        month=int(m.group("month") or 0), day=int(m.group("day") or 0))


_NAME_CREDIT_RE = re.compile(r"^[（(]\s*(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff \u00a0\u3000]{1,5})\s*[）)]$")
_SIGNATURE_RE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{2,10}?(?:省|市|县|区|州|旗|盟))[ \u00a0\u3000]+"
    r"(?P<name>[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff][ \u00a0\u3000]+[\u4e00-\u9fff])$"
)
_NOT_A_NAME = ("社", "报", "网", "台", "部", "委", "局", "办", "厅", "院", "会", "省", "市", "县",
               "区", "镇", "乡", "村", "组", "队", "站", "所", "司", "处", "科", "室", "团", "版")
_NOT_NAMES = frozenset({"待续", "未完", "续完", "完", "上", "下", "续", "图片", "资料图", "摄"})


def name_credit(line: str) -> list[str]:
    """The reporter of a short item credited by a bracketed bare name on its own line
    (``（曲哲涵）``, ``（吕 轩）`` -> [``吕轩``]); ``[]`` for any other line."""
    m = _NAME_CREDIT_RE.match(line.strip())
    if not m:
        return []
    name = "".join(m.group("name").split())
    if not 2 <= len(name) <= 4 or name in _NOT_NAMES or name.endswith(_NOT_A_NAME):
        return []
    return [name]


_FOREIGN_BYLINE_RE = re.compile(
    r"^[（(](?P<country>[\u4e00-\u9fff]{1,8})[）)]\s*(?P<name>[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)+"
    r"|[\u4e00-\u9fff]{2,4})$"
)


def foreign_byline(line: str) -> list[str]:
    """The writer of a piece signed with a country in brackets on its own line
    (``（意大利）罗伯托·巴蒂斯通`` -> [``罗伯托·巴蒂斯通``]); ``[]`` for any other line."""
    m = _FOREIGN_BYLINE_RE.match(line.strip())
    if not m or m.group("country").endswith(_NOT_A_NAME) or m.group("name").endswith(_NOT_A_NAME):
        return []
    return [m.group("name")]


def signature_names(line: str) -> list[str]:
    """The writer of a reader's letter signed ``place name`` on its own line
    (``浙江台州市 江德斌`` -> [``江德斌``]); ``[]`` for any other line."""
    m = _SIGNATURE_RE.match(line.strip())
    if not m:
        return []
    name = "".join(m.group("name").split())
    return [] if name.endswith(_NOT_A_NAME) else [name]


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
    for part in _NAME_SPLIT_RE.split(join_spaced_names(value).strip()):
        part = _CMS_SUFFIX_RE.sub("", _ROLE_PREFIX_RE.sub("", part.strip()))
        part = _CREDIT_VERB_RE.sub("", part)
        if (
            part and part not in PLACEHOLDER_NAMES | ROLE_WORDS and _HAN_NAME_RE.match(part)
            and not part.endswith(_NOT_NAME_ENDINGS)
        ):
            names.append(part)
    return names


def reporter_names(line: str) -> list[str]:
    """Names in a reporter credit line (``湖南日报·华声在线记者 唐婷 孙敏坚 刘燕娟``,
    ``本报记者 王映 刘勰 本报通讯员 张弛``)."""
    m = _REPORTER_RE.match(join_spaced_names(line.strip()))
    if not m:
        return []
    names = re.sub(r"(?:本报|本台|本网)?(?:(?:特约|见习|首席|实习)?(?:记者|通讯员)|实习生)", " ",
                   m.group("names"))
    return split_names(names)


_ROLE_IN_CREDIT_RE = re.compile(r"(?:本报|本台)?(?:特约|见习|首席)?(?:记者|通讯员)\s*")


def _credited_names(who: str | None) -> list[str]:
    """The names of a dateline's credit (``记者 张三 通讯员 李四`` -> [``张三``, ``李四``])."""
    return split_names(_ROLE_IN_CREDIT_RE.sub(" ", join_spaced_names(who or "")))


@dataclass(frozen=True)
class Dateline:
    """A news dateline (电头) split off the start of a paragraph.

    ``text`` is the dateline as written (``""`` when there is none), ``rest`` the paragraph
    after it, ``names`` the reporters it credits, ``outlet`` the outlet it names as written
    (``本报``, ``新华社``; ``""`` for none), ``via`` ``据新华社`` when it marks a reprint,
    ``place`` (``马德里``) and ``month``/``day`` (0 when not given).
    """

    text: str
    rest: str
    names: list[str]
    outlet: str = ""
    via: str = ""
    place: str = ""
    month: int = 0
    day: int = 0


def parse_dateline(text: str) -> Dateline:
    """Parse a dateline at the start of a paragraph.

    ``本报马德里2月27日电 （记者姜波）联合国…`` -> outlet ``本报``, place ``马德里``, 2/27,
    names [``姜波``]; ``据新华社喀土穆1月31日电`` -> outlet ``新华社``, via ``据新华社``;
    ``兴县新闻网讯（通讯员 杜凤英）…`` -> outlet ``兴县新闻网``, names [``杜凤英``].
    """
    m = _DATELINE_RE.match(text)
    if not m:
        return Dateline("", text, [])
    who = m.group("who") or m.group("who2") or m.group("who3")
    outlet = m.group("outlet") or m.group("wire") or m.group("wire2") or ""
    via = f"据{outlet}" if m.group("via") else ""
    return Dateline(
        text=text[: m.end()].rstrip(), rest=text[m.end() :], names=_credited_names(who),
        outlet=outlet, via=via, place=m.group("place") or "",
        month=int(m.group("month") or 0), day=int(m.group("day") or 0),
    )


def split_dateline(text: str) -> tuple[str, str, list[str]]:
    """Split a news dateline (电头) off the start of a paragraph (see :func:`parse_dateline`).

    In: a paragraph's text. Out: ``(dateline, rest, names)``; ``dateline`` is ``""`` when there
    is none. ``兴县新闻网讯（通讯员 杜凤英）“众志成城…`` -> (``兴县新闻网讯（通讯员 杜凤英）``,
    ``“众志成城…``, [``杜凤英``]).
    """
    d = parse_dateline(text)
    return d.text, d.rest, d.names


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
    credit_names: list[str] = field(default_factory=list)
    header_outlets: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    datelines: list[Dateline] = field(default_factory=list)
    late_dates: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    title: str = ""
    kicker: str = ""
    subtitle: str = ""
    genre: str = "article"
    photo_report: bool = False
    photo_credit_lines: int = 0


def body_date_note(content_text: str) -> str:
    """What the body says about dates, for ``date_note`` when no date line, file name or
    metadata dates the article: ``latest dated event 3月27日; no year in the text`` or
    ``latest full date in the text 2020年2月23日 (not used: …)``. No date is inferred (see the
    module docstring)."""
    full = [
        (int(m["y"]), int(m["m"]), int(m["d"]))
        for m in _FULL_DATE_RE.finditer(content_text)
        if 1 <= int(m["m"]) <= 12
    ]
    if full:
        y, mo, d = max(full)
        return (f"latest full date in the text {y}年{mo}月{d}日; not taken as the publication "
                f"date (a body date is often a look back)")
    month_days = [(int(m["m"]), int(m["d"])) for m in _MONTH_DAY_RE.finditer(content_text)]
    if month_days:
        mo, d = max(month_days)
        return f"latest dated event {mo}月{d}日; no year in the text"
    return "no date in the text"


def dateline_date(month: int, day: int, published: str) -> str:
    """ISO date of a dateline's month and day (``2月27日``), the year taken from ``published``
    (the file name's or the date line's date): the year that puts the dateline on or before
    the publication day, give or take a month (a 12月31日 dateline in a 2020-01-02 paper is
    2019). ``--MM-DD`` without a publication year; ``""`` without a month or for a day that
    is no calendar date."""
    if not month or not day:
        return ""
    try:
        pub = dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        pub = None
    if pub is None:
        return f"--{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else ""
    for year in (pub.year, pub.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= pub + dt.timedelta(days=31):
            return d.isoformat()
    return ""


def canonical_outlet(name: str, corpus_outlet: str = "") -> str:
    """One name per outlet: ``据新华社`` -> ``新华社``; ``本报``/``本台``/``本网``/``本刊`` -> the
    corpus's own outlet (``corpus_outlet``, ``""`` when not given); placeholders -> ``""``."""
    name = name.strip()
    if name.startswith("据") and len(name) > 2:
        name = name[1:]
    if name in OWN_OUTLET_WORDS:
        return corpus_outlet
    return "" if name in PLACEHOLDER_NAMES else name


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


def article_fields(
    evidence: MetadataEvidence,
    content_text: str,
    *,
    file_fields: dict[str, str] | None = None,
    corpus_outlet: str = "",
) -> dict[str, str]:
    """The ``articles`` fields of one article from what cleaning collected.

    In: the evidence, the clean content text, the fields read from its file name
    (:func:`analysis.filenames.filename_fields`) and the corpus's own outlet (``OUTLET``, or
    ``""``). Out: title, kicker, subtitle, column, outlet, via, authors, photographers,
    affiliations, editor, published, published_source, dateline_place, dateline_date, page,
    genre, url, date_note, plus any other file-name field. Precedence: bylines first, then
    credits; for dates the article's date line, then the file name, never the body.
    """
    from analysis.layout import column_of, kicker_text, subtitle_text

    file_fields = dict(file_fields or {})
    sources = [b.get("来源", "") or b.get("稿源", "") or b.get("出处", "") for b in evidence.bylines]
    named = (
        [s.split()[0].split("《")[0] for s in sources if s and s.split()[0].split("《")[0]]
        + [h.split()[0] for h in evidence.header_outlets if h.split()]
        + [d.outlet for d in evidence.datelines if d.outlet]
    )
    outlet = _first([canonical_outlet(n, corpus_outlet) for n in named])
    if not outlet and not named:
        outlet = corpus_outlet  # an item with no credit at all is the corpus outlet's own
    vias = [d.via for d in evidence.datelines if d.via]
    author_values = [b.get("作者", "") or b.get("执笔", "") or b.get("撰稿", "")
                     for b in evidence.bylines] + [
        m.group(1)
        for b in evidence.bylines
        for v in b.values()
        for m in [re.search(r"(?:记者|通讯员)\s*(\S.*)$", v)]
        if m
    ]
    photographers = _unique(evidence.photographers)
    authors = _unique([n for v in author_values for n in split_names(v)])
    if not authors:
        dateline_names = [n for d in evidence.datelines for n in d.names]
        authors = _unique(evidence.reporter_names + dateline_names + evidence.credit_names)
    editors = [
        b.get("责任编辑", "") or b.get("责编", "") or b.get("编辑", "") for b in evidence.bylines
    ]
    editor = _first([e for v in editors for e in split_names(v)])
    dates = [b["datetime"] for b in evidence.bylines if "datetime" in b]
    file_date = file_fields.pop("date", "")
    if dates:
        published, source, note = dates[0], "text", "date line of the article"
        if file_date and file_date != dates[0][:10]:
            note += f"; the file name says {file_date}"
    elif file_date:
        published, source, note = file_date, "filename", "date in the file name"
    elif evidence.late_dates:
        published, source, note = evidence.late_dates[0], "text", "date line below the body"
    else:
        published, source, note = "", "unknown", body_date_note(content_text)
    if file_fields.pop("pattern_miss", ""):
        note += "; the file name does not match FILENAME_PATTERN"
    first_dateline = next((d for d in evidence.datelines if d.text), None)
    title = evidence.title
    fields = {
        "title": title,
        "kicker": kicker_text(evidence.kicker),
        "subtitle": subtitle_text(evidence.subtitle),
        "column": column_of(title),
        "outlet": outlet,
        "via": vias[0] if vias else "",
        "authors": ";".join(authors),
        "photographers": ";".join(photographers),
        "affiliations": ";".join(_unique(evidence.affiliations)),
        "editor": editor,
        "published": published,
        "published_source": source,
        "dateline_place": first_dateline.place if first_dateline else "",
        "dateline_date": (dateline_date(first_dateline.month, first_dateline.day,
                                        published if source in TRUSTED_DATE_SOURCES else "")
                          if first_dateline else ""),
        "page": file_fields.pop("page", ""),
        "genre": evidence.genre,
        "url": evidence.urls[0] if evidence.urls else "",
        "date_note": note,
    }
    for key, value in file_fields.items():  # fields a FILENAME_PATTERN names
        if key in fields:
            fields[key] = fields[key] or value
        else:
            fields[key] = value
    return fields


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
