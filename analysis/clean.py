"""Raw article text -> content paragraphs and a cleaning log.

Every non-empty raw line ends in exactly one of two places:

- ``paragraphs``: article content, one row per paragraph, with a ``role`` (``headline``,
  ``kicker``, ``heading``, ``body``, ``caption``, ``quote``), the ``raw_text`` as in the file and
  the clean ``text``;
- ``cleaning_log`` with ``action`` = ``removed``: page clutter and metadata lines, each with its
  ``reason`` (navigation, share button, image file name, byline, source line, editor line, date
  line, advert, comments, related links, copyright notice, URL, site header, repeated headline,
  punctuation only).

Character-level changes to kept paragraphs are logged too (``action`` = ``repaired``): converter
pinyin removed (``發(fā)生`` -> ``發生``), mojibake spans flagged (``重?fù)?dān)`` -> ``重�``, never
guessed), Traditional -> Simplified conversion (OpenCC ``t2s``), a dateline or credit moved to
metadata, and lines that were several paragraphs run together (``action`` = ``split``).

Clean ``text`` = raw text -> pinyin annotations removed -> mojibake spans replaced by U+FFFD ->
OpenCC t2s -> the punctuation normalization of :mod:`analysis.text` -> white space trimmed and
runs of spaces folded to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import opencc
import pandas as pd

from analysis import layout
from analysis import metadata as md
from analysis.load import RawDocument
from analysis.text import HAN, HAN_RANGES, HAN_RE, han_count, normalize_punctuation

PARAGRAPH_COLUMNS = ["article_id", "para_no", "role", "raw_text", "text", "line_no"]
LOG_COLUMNS = ["article_id", "line_no", "para_no", "action", "reason", "raw_text", "detail"]
CONTENT_ROLES = ("headline", "kicker", "subtitle", "heading", "body", "caption", "quote")

TRADITIONAL_THRESHOLD = 0.03
"""An article is ``traditional`` when OpenCC t2s changes more than this share of its Han
characters (Simplified news text changes well under 1%)."""

_WS = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN = rf"[a-z{_TONE_VOWELS}]{{1,6}}"
_PINYIN_ANNOTATION_RE = re.compile(
    rf"[(（](?<=[{HAN}][(（])(?=[a-z{_TONE_VOWELS}]*[{_TONE_VOWELS}])({_PINYIN})[)）]"
)
_MOJIBAKE_RE = re.compile(
    rf"(?:[?？](?:[a-z{_TONE_VOWELS}]+[)）]|[a-z{_TONE_VOWELS}]*[{_TONE_VOWELS}][a-z{_TONE_VOWELS}]*)"
    rf"_?(?:[{HAN}][a-z](?=[?？]))?)+|\ufffd+"
)
_IMAGE_FILE_RE = re.compile(
    r"^[^\s，。]{0,80}\.(?:jpe?g|png|gif|bmp|webp|tiff?|svg|heic)\s*$", re.IGNORECASE
)
_NO_WORD_RE = re.compile(rf"^[^0-9A-Za-z{HAN}]+$")
_SHARE_WORDS = (
    "分享", "分享到", "微信", "微博", "朋友圈", "QQ空间", "QQ", "扫一扫", "扫码", "打印", "关闭",
    "收藏", "点赞", "转发", "字体", "字号", "大", "中", "小", "默认", "打印本页", "关闭窗口",
    "复制链接", "新浪微博", "腾讯微博", "豆瓣", "手机看", "二维码",
)
_SHARE_RE = re.compile(
    r"^[\s\-—–_|｜【】\[\]:：·•]*(?:(?:" + "|".join(sorted(map(re.escape, _SHARE_WORDS), key=len,
                                                            reverse=True))
    + r")[\s\-—–_|｜【】\[\]:：·•/、]*)+$"
)
_NAV_RE = re.compile(
    r"^(?:(?:您|你)?(?:当前|现在)?的?(?:所在)?位置)\s*[:：>]?|^首页\s*[>＞»/]|"
    r"^(?:返回\S{0,8}首页\s*)+$|^(?:上一篇|下一篇|阅读下一篇|阅读上一篇|返回顶部|返回列表|网站地图|"
    r"编辑推荐|热门推荐|今日推荐|热点新闻|最新新闻|点击排行|更多|"
    r"上一版|下一版|上一页|下一页)\s*[:：]?|^第?\s*[A-Z]?\d{1,3}\s*版\s*[:：]|^共\s*\d+\s*页|"
    r"^\S{0,12}首页$|正文$"
)
_BREADCRUMB_RE = re.compile(r"\S\s*(?:>|＞|»|›|>>)\s*\S")
_PIPE_MENU_RE = re.compile(r"^(?:[^|｜\s]{1,6}\s*[|｜]\s*){2,}[^|｜\s]{1,6}$")
# (· and ／ are left out: a headline may join its phrases with them, 战疫情 · 党旗红 · 我们在行动)
_MENU_SEPARATOR_RE = re.compile(r"\s+[\-–]\s+|\s*[|｜>＞»›]\s*")
_NOT_MENU_RE = re.compile(r"[，,\d的了在是着把被向到]|记者|通讯员|编辑|作者|来源")
MENU_ITEM_MAX = 12
"""Longest item (characters) of a menu line (``华龙网首页 - 重庆 - 区县新闻 - 万州``)."""
_PROMPT_RE = re.compile(
    r"扫一扫|二维码|关注我们|点击蓝字|长按识别|阅读原文|查看更多|加载中|点击播报|分享至|分享到|分享让|"
    r"我要举报|举报\s*/\s*反馈|打开APP|打开客户端|下载客户端|客户端阅读|参与互动|"
    r"点击进入|进入专题|报料|爆料|投稿邮箱|联系电话|小字号|大字号|[【\[]?\s*字[号体]\s*[:：]|手机看|在手机(?:上)?(?:打开|阅读)",
    re.IGNORECASE,
)
_PROMPT_WORDS = frozenset({
    "在看", "关注", "图片", "END", "end", "完", "（完）", "(完)", "点赞", "收藏", "转发", "分享", "打印",
    "纠错", "我要纠错", "举报", "视频", "音频", "评论", "赞", "推荐", "置顶", "原创", "听新闻",
})
_GALLERY_RE = re.compile(r"^[\[【(（]?\s*\d{1,3}\s*[\]】)）]?\s*/\s*[\[【(（]?\s*\d{1,3}\s*[\]】)）]?$")
_HASHTAG_RE = re.compile(r"^(?:#[^#\s]{1,30}#\s*)+$")
_COUNTER_RE = re.compile(r"^(?:阅读|浏览|点击|访问量|阅读量|浏览量|点击量)\s*(?:数|次数)?\s*[:：]?\s*[(（]?\s*\d+")
_PRINT_EDITION_RE = re.compile(
    r"^[《<]\s*[^》>]{2,12}\s*[》>]\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
    r"(?:第?\s*\d{1,3}\s*版)?\s*[)）]$"
)
_ORIGINAL_TITLE_RE = re.compile(r"^原标题\s*[:：]\s*(?P<title>.+)$")
_TITLE_FIELD_RE = re.compile(r"^(?:文章|新闻|信息)?标\s*题\s*[:：]\s*(?P<title>\S.*)$")
_RELATED_RE = re.compile(
    r"^(?:相关专题|相关阅读|相关新闻|相关链接|延伸阅读|推荐阅读|相关文章|专题|往期推荐|往期回顾|热门文章|"
    r"精彩推荐|猜你喜欢|热点推荐|更多精彩|相关报道|相关稿件)\s*[:：]?"
)
_ADVERT_RE = re.compile(r"^(?:[\[【(（]?\s*(?:广告|推广|赞助)\s*[\]】)）]?\s*)+$")
_COMMENT_RE = re.compile(
    r"^(?:评论|发表评论|网友评论|我要评论|查看评论|条评论|评论区|\d+\s*条评论|评论\s*[(（]\d+[)）])$"
)
_COPYRIGHT_RE = re.compile(
    r"(?:本文为.{0,12}原创|转载请|未经授权|未经书面授权|版权所有|版权声明|免责声明|Copyright|©|"
    r"\(c\)\s*\d{4}|如有侵权|不代表本站|不代表本.{0,3}立场|本网站所刊登|观点仅代表|信息存储空间|"
    r"ICP备|ICP证|网络传播视听|举报电话|违法和不良信息)",
    re.IGNORECASE,
)
_SITE_SUFFIX_RE = re.compile(r"(?:网|报|日报|晚报|新闻|新闻网|在线|频道|客户端|融媒|电视台|电台|app|APP)$")
_SENT_PUNCT_RE = re.compile(r"[。！？!?；;]")
_END_PUNCT = tuple("。！？!?；;…：:，,、—")
_ENUM_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d)|"
    r"第[一二三四五六七八九十\d]+[部分章节篇条])"
)
_CAPTION_START_RE = re.compile(
    r"^(?:图|图片|图为|图注|上图|下图|左图|右图|组图|视频)\s*[:：]|^图为|^图片来源\s*[:：]"
)
_CAPTION_CREDIT_RE = re.compile(r"(?:摄|摄影报道|摄影|供图|图片来源|视频截图|截图|资料图)\s*[）)]?\s*$")
_PHOTO_CREDIT_END_RE = re.compile(
    rf"(?:(?:记者|通讯员|特约摄影|摄影记者)\s*[{HAN}]{{2,4}}(?:\s*[、,，\s]\s*[{HAN}]{{2,4}})*\s*摄"
    rf"|[{HAN}]{{2,4}}(?:[、,，\s]+[{HAN}]{{2,4}})*\s+摄(?:影报道)?"
    rf"|[（(][^（()）]{{0,30}}(?:摄|供图|提供)[）)]"
    rf"|(?:新华社|中新社|本报)发|摄影报道)\s*[）)]?\s*$"
)
_KICKER_RE = re.compile(r"^\s*[【\[〔](?P<kicker>[^】\]〕]{2,40})[】\]〕]\s*(?P<title>\S.*)$")
_SPLIT_WS_RE = re.compile(rf"[{_WS}]+")
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Control characters and invisible format marks (zero-width spaces, bidirectional overrides
that can make text display other than it reads): removed from the clean text and logged."""
_OPENERS, _CLOSERS = "“‘「『《（(【〔", "”’」』》）)】〕"

RUN_TOGETHER_MIN = 80
"""A line longer than this many characters is checked for paragraphs run together by spaces."""


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese with OpenCC's ``t2s`` (phrase-aware)."""
    return _t2s().convert(text)


def script_of(han: int, changed: int) -> str:
    """``traditional`` when t2s changed more than :data:`TRADITIONAL_THRESHOLD` of ``han``
    Han characters, else ``simplified``."""
    return "traditional" if han and changed / han > TRADITIONAL_THRESHOLD else "simplified"


def detect_script(text: str) -> str:
    """``traditional`` or ``simplified``: the share of Han characters that t2s changes."""
    return script_of(han_count(text), _changes(text, to_simplified(text))[1])


def strip_pinyin(text: str) -> tuple[str, list[str]]:
    """Remove converter pinyin after characters: ``發(fā)生以來(lái)`` -> ``發生以來``.

    Out: the text and the removed annotations (``["(fā)", "(lái)"]``). Only a parenthesis
    right after a Han character holding one lowercase syllable with a tone mark is removed,
    so ``(CT)``, ``(左二)`` and English notes stay.
    """
    if "(" not in text and "（" not in text:
        return text, []
    removed = [m.group(0) for m in _PINYIN_ANNOTATION_RE.finditer(text)]
    return (_PINYIN_ANNOTATION_RE.sub("", text), removed) if removed else (text, [])


def flag_mojibake(text: str) -> tuple[str, list[str]]:
    """Replace mojibake spans left by a broken converter with one U+FFFD each.

    ``勇挑重?fù)?dān)`` -> ``勇挑重�``: the lost characters are not guessed. Out: the text and
    the spans replaced. A lone ``?`` used as a question mark is not touched.
    """
    if "?" not in text and "？" not in text and "\ufffd" not in text:
        return text, []
    spans = [m.group(0) for m in _MOJIBAKE_RE.finditer(text)]
    return (_MOJIBAKE_RE.sub("\ufffd", text), spans) if spans else (text, [])


def _balanced(segment: str) -> bool:
    """No quote or bracket of ``segment`` is left open (more openers than closers)."""
    return sum(map(segment.count, _OPENERS)) <= sum(map(segment.count, _CLOSERS))


def split_run_together(line: str) -> list[str]:
    """Split a line that holds several paragraphs joined by spaces.

    In: one stripped raw line. Out: its pieces (the line itself when nothing splits). A space
    splits when the line is long (> :data:`RUN_TOGETHER_MIN` characters), the quotes and
    brackets before it are closed, and either a sentence ends before it (``。 疫情就是命令``)
    or it stands between two Chinese characters with a whole clause on each side
    (``宣传 基层是…``). A space inside quotes (``“大数据 网格化”``) never splits.
    """
    if len(line) <= RUN_TOGETHER_MIN:
        return [line]
    pieces: list[str] = []
    start = 0
    for m in _SPLIT_WS_RE.finditer(line):
        left = line[start : m.start()]
        right = line[m.end() : m.end() + 120]  # all that the tests below read of it
        if not left or not right or not _balanced(left):
            continue
        prev, nxt = left[-1], right[0]
        ends_sentence = prev in "。！？!?…；;" or (prev in "”’」』）)" and len(left) > 1
                                                   and left[-2] in "。！？!?…")
        starts_para = bool(HAN_RE.match(nxt)) or nxt in "“「『【《（(●■◆▲" or (
            ends_sentence and nxt.isalnum()
        )
        clause_gap = (
            HAN_RE.match(prev) is not None and HAN_RE.match(nxt) is not None
            and len(left) >= 30 and _SENT_PUNCT_RE.search(right[:120]) is not None
            and _SENT_PUNCT_RE.search(left) is not None
        )
        if starts_para and (ends_sentence or clause_gap):
            pieces.append(left)
            start = m.end()
    pieces.append(line[start:])
    return [p for p in pieces if p]


@dataclass
class CleanedArticle:
    """Result of cleaning one document (rows as dicts, to become DataFrames in bulk)."""

    article_id: str
    script: str
    encoding: str
    paragraphs: list[dict[str, object]] = field(default_factory=list)
    log: list[dict[str, object]] = field(default_factory=list)
    evidence: md.MetadataEvidence = field(default_factory=md.MetadataEvidence)

    @property
    def content_text(self) -> str:
        """All clean paragraph texts joined by newlines."""
        return "\n".join(str(p["text"]) for p in self.paragraphs)


def classify_clutter(line: str, *, index: int, n_lines: int) -> str | None:
    """Why a (Simplified, stripped) line is not article content, or None when it may be.

    ``index`` is the line's position among the article's non-empty lines and ``n_lines`` their
    number: a site header is only recognized on the first line.
    """
    if _IMAGE_FILE_RE.match(line):
        return "image file name"
    if md.url_of_line(line):
        return "URL"
    if _NO_WORD_RE.match(line):
        return "punctuation only"
    if not HAN_RE.search(line) and not md.is_date_line(line):
        return "no Chinese text"
    if md.is_photo_credit_line(line) or md.photo_line_names(line):
        return "photo credit"
    if md.author_note(line):
        return "author note"
    if line[:1] in "（(" and md.trailing_dateline(line)[1].text == line.strip():
        return "dateline"
    if md.name_credit(line) or md.signature_names(line) or md.foreign_byline(line):
        return "reporter byline"
    if md.is_date_line(line):
        return "date line"
    if md.is_byline(line):
        fields = md.byline_fields(line)
        keys = set(fields) - {"datetime"}
        if keys <= {"来源", "稿源", "出处"} and keys:
            return "source line"
        if keys and keys <= {"编辑", "责编", "责任编辑", "编审", "校对", "责任校对", "审核", "签发"}:
            return "editor line"
        return "byline"
    if md.is_reporter_line(line):
        return "reporter byline"
    if _ORIGINAL_TITLE_RE.match(line):
        return "original title"
    if _PRINT_EDITION_RE.match(line):
        return "print edition line"
    if len(line) <= 40 and (_SHARE_RE.match(line) or line in _PROMPT_WORDS):
        return "share button"
    if len(line) <= 40 and not _SENT_PUNCT_RE.search(line) and _PROMPT_RE.search(line):
        return "share button"
    if _GALLERY_RE.match(line) or _HASHTAG_RE.match(line) or _COUNTER_RE.match(line):
        return "page label"
    if len(line) <= 60 and _NAV_RE.search(line) and not _SENT_PUNCT_RE.search(line):
        return "navigation"
    if len(line) <= 80 and not _SENT_PUNCT_RE.search(line) and (
        _BREADCRUMB_RE.search(line) or _PIPE_MENU_RE.match(line) or is_menu_line(line)
    ):
        return "navigation"
    if _credit_segment(line):
        return "reporter byline"
    if md.is_dated_header(line):
        return "date line"
    if len(line) <= 80 and _RELATED_RE.match(line):
        return "related links"
    if _ADVERT_RE.match(line):
        return "advert"
    if _COMMENT_RE.match(line):
        return "comments"
    if len(line) <= 120 and _COPYRIGHT_RE.search(line):
        return "copyright notice"
    if (
        index == 0 and n_lines > 1 and len(line) <= 15 and not _SENT_PUNCT_RE.search(line)
        and "，" not in line and "," not in line and _SITE_SUFFIX_RE.search(line)
    ):
        return "site header"
    return None


def is_menu_line(line: str) -> bool:
    """A row of three or more short menu items between separators (``首页 | 广州 | 区域``,
    ``华龙网首页 - 重庆 - 区县新闻 - 万州``): every item at most :data:`MENU_ITEM_MAX`
    characters, no item a phrase (a digit, 的, 在 … : ``党旗在一线 | 社区书记 | 连续奋战40天`` is a
    headline), no comma, no credit or date (those lines are bylines)."""
    if len(line) > 80 or _NOT_MENU_RE.search(line) or md.DATETIME_RE.search(line):
        return False
    items = [i for i in _MENU_SEPARATOR_RE.split(line) if i.strip()]
    return len(items) >= 3 and all(len(i.strip()) <= MENU_ITEM_MAX for i in items)


def _credit_segment(line: str) -> str:
    """The reporter credit of a short ``site | credit`` line (``北京日报客户端 | 记者 刘思敏``),
    when the other parts are short labels; ``""`` otherwise."""
    if len(line) > 60 or not ("|" in line or "｜" in line) or _SENT_PUNCT_RE.search(line):
        return ""
    parts = [p.strip() for p in re.split(r"[|｜]", line) if p.strip()]
    # a credit names its people apart from the role, in names of two or three characters
    # (记者 刘思敏); 记者走访社区 and 记者 蹲点社区 are the halves of a kicker headline
    credits = [p for p in parts if md.is_reporter_line(p) and _SPACED_CREDIT_RE.search(p)
               and all(len(n) <= 3 for n in md.reporter_names(p))]
    others = [p for p in parts if p not in credits]
    # the other parts are site labels: a date or another role makes it a byline for later rules
    ok = len(credits) == 1 and all(len(p) <= MENU_ITEM_MAX and not _NOT_MENU_RE.search(p)
                                   for p in others)
    return credits[0] if ok else ""


_SPACED_CREDIT_RE = re.compile(r"(?:记者|通讯员|实习生)\s+\S")
_BULLETS = "·•●■◆▪►▶-—*"
"""Characters that open the items of a list of links."""

SANDWICH_MAX = 8
"""Longest line (characters) that counts as a page label when clutter stands on both sides."""


def mark_sandwiched_labels(lines: list[str], reasons: list[str | None]) -> list[str | None]:
    """Mark short labels that stand between two clutter lines as ``page label``.

    In: an article's Simplified non-empty lines and their :func:`classify_clutter` reasons.
    Out: the reasons, where a line of at most :data:`SANDWICH_MAX` characters with no
    punctuation whose neighbours on both sides are clutter (``来源:… / 时刻新闻 / —分享—``)
    is a channel or app label, not a heading.
    """
    out = list(reasons)
    in_related = False
    seen_body = False
    for i, line in enumerate(lines):
        if reasons[i] is None and len(line) > 40 and _SENT_PUNCT_RE.search(line):
            seen_body = True
        if reasons[i] == "related links":
            in_related = True
            continue
        # before the body a label such as 专题 may be a menu item: only bulleted lines follow it
        listed = seen_body or line[:1] in _BULLETS
        if (in_related and listed and out[i] is None and len(line) <= 60
                and not re.search(r"[。！？!?]$", line)):
            out[i] = "related links"
            continue
        if out[i] is None:
            in_related = False
    for i in range(1, len(lines) - 1):
        line = lines[i]
        if (
            out[i] is None and reasons[i - 1] is not None and reasons[i + 1] is not None
            and len(line) <= SANDWICH_MAX and not re.search(r"[，。！？、：；,.!?:;“”]", line)
        ):
            out[i] = "page label"
    return out


def _is_short_title(line: str) -> bool:
    """A headline-like line: at most 60 characters, no sentence inside; it may end in one
    ``？`` or ``！`` (``疫情当前，党员干部该怎么做？``)."""
    body = line[:-1] if line.endswith(("？", "！", "?", "!")) else line
    return (
        len(line) <= 60 and not body.endswith(_END_PUNCT)
        and not re.search(r"[。；;]", body) and len(re.findall(r"[！？!?]", body)) <= 1
    )


def _no_space(text: str) -> str:
    """``text`` without any white space (the key that finds a repeated headline)."""
    return "".join(text.split())


_PHOTO_CREDIT_LAST = frozenset("摄道发)）")
"""The last character of every photo credit (``摄``, ``摄影报道``, ``新华社发``, the bracket of
``（…供图）``), white space aside: a cheap test before :data:`_PHOTO_CREDIT_END_RE`."""


def _ends_in_photo_credit(line: str) -> bool:
    tail = line[-48:].rstrip()
    return bool(tail) and tail[-1] in _PHOTO_CREDIT_LAST and (
        _PHOTO_CREDIT_END_RE.search(line[-48:]) is not None)


def _role_of(line: str, *, after_image: bool) -> str:
    if after_image or _CAPTION_START_RE.match(line) or _ends_in_photo_credit(line):
        return "caption"
    if line[0] in "(（" and line.rstrip()[-1] in ")）" and len(line) >= 15:
        inner = line[1:-1]
        if _CAPTION_CREDIT_RE.search(inner) or _CAPTION_CREDIT_RE.search(line):
            return "caption"
    if _ENUM_HEADING_RE.match(line) and len(line) <= 60 and not line.endswith(("。", "！", "？")):
        return "heading"
    if len(line) <= 40 and not line.endswith(_END_PUNCT) and not re.search(r"[。！？!?]", line):
        return "heading"
    if line.startswith(("“", "「")) and line.rstrip("。 ").endswith(("”", "」")):
        inner = line[1:].rstrip("。 ")[:-1]
        if "”" not in inner and "“" not in inner:
            return "quote"
    return "body"


@dataclass(frozen=True)
class _Line:
    """One stripped raw line and its conversions, made once and shared by every step."""

    stripped: str
    depinyin: str  # converter pinyin removed
    pinyin: list[str]  # the annotations removed
    simplified: str  # depinyin through OpenCC t2s
    simple: str  # simplified with the punctuation normalization: what the rules read
    changed: int  # characters t2s changed (position by position)
    changed_han: int  # of them Han characters


def _changes(original: str, converted: str) -> tuple[int, int]:
    """Characters, and Han characters, of ``original`` that a conversion changed."""
    if original == converted:
        return 0, 0
    n = min(len(original), len(converted))  # position by position, as zip pairs them
    a = np.frombuffer(original[:n].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    b = np.frombuffer(converted[:n].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    changed = a[a != b]
    han = sum(int(((changed >= lo) & (changed <= hi)).sum()) for lo, hi in HAN_RANGES)
    return int(changed.size), han


def _prepare_line(stripped: str) -> _Line:
    depinyin, pinyin = strip_pinyin(stripped)
    simplified = to_simplified(depinyin)
    return _Line(stripped, depinyin, pinyin, simplified, normalize_punctuation(simplified),
                 *_changes(depinyin, simplified))


def _repair(text: str, line: _Line | None = None) -> tuple[str, list[tuple[str, str]]]:
    """Character-level repairs of one content piece; out: clean text and (reason, detail) pairs.

    ``line``: the prepared line when ``text`` is that whole line (its conversions are reused).
    """
    notes: list[tuple[str, str]] = []
    invisible = _INVISIBLE_RE.search(text) is not None
    if line is None or line.stripped != text:
        line = None
        text, pinyin = strip_pinyin(text)
    else:
        text, pinyin = line.depinyin, line.pinyin
    if pinyin:
        shown = "、".join(pinyin[:6]) + ("…" if len(pinyin) > 6 else "")
        notes.append(("converter pinyin removed", f"{len(pinyin)} annotations: {shown}"))
    if _INVISIBLE_RE.search(text):
        removed = _INVISIBLE_RE.findall(text)
        text = _INVISIBLE_RE.sub("", text)
        shown = " ".join(sorted({f"U+{ord(c):04X}" for c in removed}))
        notes.append(("invisible characters removed", f"{len(removed)} characters: {shown}"))
    text, spans = flag_mojibake(text)
    if spans:
        notes.append(("mojibake flagged", "replaced by U+FFFD, not guessed: " + "、".join(spans)))
    if line is not None and not spans and not invisible:  # the line's conversions apply
        simplified, normalized, changed = line.simplified, line.simple, line.changed
    else:
        simplified = to_simplified(text)
        normalized = normalize_punctuation(simplified)
        changed = _changes(text, simplified)[0]
    if changed:
        notes.append(("converted to Simplified", f"OpenCC t2s changed {changed} characters"))
    text = normalized
    text = (_SPLIT_WS_RE.sub(" ", text) if _SPLIT_WS_RE.search(text) else text).strip()
    return text, notes


def clean_document(doc: RawDocument) -> CleanedArticle:
    """Clean one decoded document.

    In: a :class:`~analysis.load.RawDocument`. Out: a :class:`CleanedArticle` holding its
    paragraph rows (content only, in order), its cleaning-log rows (every removed line and every
    repair) and the metadata evidence (bylines, credits, headline) for :mod:`analysis.metadata`.
    """
    raw_lines = doc.text.split("\n")
    numbered = [(i + 1, ln) for i, ln in enumerate(raw_lines) if ln.strip(_WS + "\n")]
    lines = [_prepare_line(raw.strip(_WS)) for _, raw in numbered]
    script = script_of(sum(han_count(ln.depinyin) for ln in lines),
                       sum(ln.changed_han for ln in lines))
    result = CleanedArticle(article_id=doc.article_id, script=script, encoding=doc.encoding)
    ev = result.evidence
    n_lines = len(numbered)
    seen_body = False
    after_image = False
    headline_texts: set[str] = set()

    def log(line_no: int, action: str, reason: str, raw: str, detail: str = "",
            para_no: int | None = None) -> None:
        result.log.append({
            "article_id": doc.article_id, "line_no": line_no, "para_no": para_no,
            "action": action, "reason": reason, "raw_text": raw, "detail": detail,
        })

    def add_paragraph(line_no: int, role: str, raw: str, text: str,
                      notes: list[tuple[str, str]]) -> None:
        para_no = len(result.paragraphs) + 1
        result.paragraphs.append({
            "article_id": doc.article_id, "para_no": para_no, "role": role,
            "raw_text": raw, "text": text, "line_no": line_no,
        })
        for reason, detail in notes:
            log(line_no, "repaired", reason, raw, detail, para_no)

    def add_block_line(role: str, line_no: int, raw: str, stripped: str, line: _Line) -> None:
        """A line of the headline block: a paragraph of ``role`` and the article's field."""
        text, notes = _repair(stripped, line)
        add_paragraph(line_no, role, raw, text, notes)
        setattr(ev, {"headline": "title"}.get(role, role), text)
        headline_texts.add(_no_space(text))

    header = layout.header_block(raw_lines)
    if header is not None:
        # a header line is never clutter; a header that is only clutter is no print layout
        block = {header.kicker, header.headline, header.subtitle} - {None}
        block_lines = {i for i, (ln, _) in enumerate(numbered) if ln - 1 in block}
    else:
        block_lines = set()
    simple_lines = [ln.simple for ln in lines]
    reasons = [
        classify_clutter(s, index=i, n_lines=n_lines) for i, s in enumerate(simple_lines)
    ]
    reasons = mark_sandwiched_labels(simple_lines, reasons)
    if header is not None and header.subtitle is not None:
        sub = next(i for i, (ln, _) in enumerate(numbered) if ln - 1 == header.subtitle)
        if reasons[sub] == "date line":  # （2020年1月2日） under a speech's headline
            header = layout.HeaderBlock(header.kicker, header.headline, None)
            block_lines.discard(sub)
    if header is not None and any(reasons[i] in _NOT_A_HEADER for i in block_lines):
        header = None  # a byline, date line or URL above the body: a web page's lines
    for i in block_lines if header is not None else ():
        reasons[i] = None
    for idx, (line_no, raw) in enumerate(numbered):
        stripped = raw.strip(_WS)
        simple = simple_lines[idx]
        reason = reasons[idx]
        if reason is not None:
            detail = ""
            if reason in {"byline", "source line", "editor line", "date line"}:
                fields = md.byline_fields(simple)
                if (seen_body or header is not None) and "datetime" in fields:
                    # a date below the body dates a document (a letter, a decision), not the page
                    ev.late_dates.append(fields.pop("datetime"))
                ev.bylines.append(fields)
                detail = "; ".join(f"{k}={v}" for k, v in fields.items())
            elif reason == "reporter byline":
                names = (md.reporter_names(_credit_segment(simple) or simple)
                         or md.name_credit(simple) or md.signature_names(simple)
                         or md.foreign_byline(simple))
                ev.reporter_names.extend(names)
                detail = "authors=" + ";".join(names)
            elif reason == "URL":
                url = md.url_of_line(stripped) or ""
                ev.urls.append(url)
                detail = url
            elif reason == "site header":
                ev.header_outlets.append(simple)
                detail = f"outlet={simple}"
            elif reason == "photo credit":
                ev.photo_report = ev.photo_report or simple.rstrip().endswith("摄影报道")
                ev.photo_credit_lines += 1
                names = md.photo_line_names(simple)
                ev.photographers.extend(names)
                detail = "photographers=" + ";".join(names) if names else ""
            elif reason == "author note":
                affiliation, names = md.split_interviewer(md.author_note(simple))
                ev.affiliations.append(affiliation)
                ev.reporter_names.extend(names)
                detail = "affiliation=" + affiliation + (
                    "; authors=" + ";".join(names) if names else "")
            elif reason == "dateline":
                dateline = md.trailing_dateline(simple)[1]
                ev.datelines.append(dateline)
                detail = f"outlet={dateline.outlet}" + (f"; via={dateline.via}" if dateline.via
                                                        else "") + (
                    f"; place={dateline.place}" if dateline.place else "")

            log(line_no, "removed", reason, raw, detail)
            after_image = reason == "image file name"
            continue
        block_role = header.role_of(line_no - 1) if header is not None else None
        if block_role is not None:  # the print layout's kicker / headline / subtitle line
            add_block_line(block_role, line_no, raw, stripped, lines[idx])
            continue
        key = _no_space(simple)
        if key in headline_texts:
            log(line_no, "removed", "repeated headline", raw, "same text as the headline")
            continue
        # Kicker: a short line that leads into the headline with ——
        if (not seen_body and not ev.title and not ev.kicker and not after_image
                and layout.ends_in_lead_dash(simple) and _is_short_title(layout.kicker_text(simple))):
            add_block_line("kicker", line_no, raw, stripped, lines[idx])
            continue
        # Subtitle: a ——line right after the headline
        if (not seen_body and ev.title and not ev.subtitle and layout.opens_with_dash(simple)
                and len(simple) <= 60):
            add_block_line("subtitle", line_no, raw, stripped, lines[idx])
            continue
        # Headline: a short title-like line before any body text.
        if (not seen_body and not ev.title and not after_image and _is_short_title(simple)
                and not simple.startswith(("—", "-"))):  # ——… is a subtitle (副题)
            kicker = _KICKER_RE.match(stripped)
            if kicker:
                k_raw, t_raw = kicker.group("kicker"), kicker.group("title")
                k_text, k_notes = _repair(k_raw)
                t_text, t_notes = _repair(t_raw)
                add_paragraph(line_no, "kicker", k_raw, k_text, k_notes)
                add_paragraph(line_no, "headline", t_raw, t_text, t_notes)
                log(line_no, "split", "kicker and headline on one line", raw,
                    f"kicker={k_text}; headline={t_text}", len(result.paragraphs))
                ev.kicker, ev.title = k_text, t_text
                headline_texts.update({_no_space(k_text), _no_space(t_text)})
            else:
                text, notes = _repair(stripped, lines[idx])
                field = _TITLE_FIELD_RE.match(text)
                if field:  # 标题：… of a government portal's index fields
                    notes.append(("field label removed", text[: field.start("title")].strip()))
                    text = field.group("title")
                add_paragraph(line_no, "headline", raw, text, notes)
                ev.title = text
                headline_texts.add(_no_space(text))
            continue
        pieces = split_run_together(stripped)
        if len(pieces) > 1:
            log(line_no, "split", "paragraphs run together", raw,
                f"split into {len(pieces)} paragraphs at spaces between sentences",
                len(result.paragraphs) + 1)
        for p_i, piece in enumerate(pieces):
            text, notes = _repair(piece, lines[idx])
            if p_i == 0 and not seen_body:
                dateline = md.parse_dateline(text)
                if dateline.text:
                    ev.datelines.append(dateline)
                    notes.append(("dateline moved to metadata", dateline.text))
                    text = dateline.rest.strip()
            if p_i == len(pieces) - 1:
                rest, credit, names = md.split_credit_tail(text)
                if credit:
                    ev.credit_names.extend(names)
                    notes.append(("credit moved to metadata", credit))
                    text = rest
                rest, dateline = md.trailing_dateline(text)
                if dateline.text:
                    ev.datelines.append(dateline)
                    notes.append(("dateline moved to metadata", dateline.text))
                    text = rest
            if not text:
                log(line_no, "removed", "no text after repair", piece, "; ".join(d for _, d in notes))
                continue
            role = _role_of(text, after_image=after_image)
            if role == "caption":
                ev.photographers.extend(md.photo_credit_names(text))
            add_paragraph(line_no, role, raw if len(pieces) == 1 else piece, text, notes)
            if role in {"body", "quote"}:
                seen_body = True
        after_image = False
    ev.genre = genre_of(ev.title, result.paragraphs, photo_report=ev.photo_report,
                        print_layout=header is not None, photo_credits=ev.photo_credit_lines)
    return result


_NOT_A_HEADER = frozenset({
    "byline", "source line", "editor line", "date line", "URL", "reporter byline",
    "image file name", "copyright notice", "photo credit", "no Chinese text", "punctuation only",
})
"""Clutter reasons that no line of a print header has: with one, the layout is not assumed."""

PHOTO_TITLES = frozenset({"图片报道", "图片新闻", "组图", "摄影报道", "图片", "新闻图片", "影像"})
"""Headlines of items that are photos with captions."""
ADVERT_TITLES = frozenset({"广告", "公益广告", "企业形象广告", "推广", "赞助"})
"""Headlines of adverts."""
LISTING_TITLES = frozenset({"目录", "本期导读", "今日导读", "导读", "要目", "本期要目", "索引"})
"""Headlines of tables of contents and indexes."""


PHOTO_TEXT_MAX = 300
"""Most characters of text (body and quotes) of an item that a photo credit line makes a photo
item: a picture with its captions, not an article illustrated by one."""


def genre_of(title: str, paragraphs: list[dict[str, object]], *, photo_report: bool = False,
             print_layout: bool = False, photo_credits: int = 0) -> str:
    """``article``, ``photo``, ``advert`` or ``listing`` for one cleaned item.

    In: its headline and paragraph rows; ``photo_report``: a ``…摄影报道`` credit line was seen;
    ``print_layout``: the item has the print archive's header block; ``photo_credits``: lines
    that only credit a photographer. ``photo``: a photo headline (``图片报道``), a body made only
    of captions, a ``摄影报道`` item, a credited photo with at most :data:`PHOTO_TEXT_MAX`
    characters of text, or a print item with a headline and no text at all (its pictures were not
    scraped); ``advert``: an advert headline
    (``广告``); ``listing``: a table-of-contents headline (``目录``, ``本期导读``).
    """
    key = _no_space(title)
    if key in ADVERT_TITLES:
        return "advert"
    if key in LISTING_TITLES:
        return "listing"
    body = [p for p in paragraphs if p["role"] in ("body", "quote", "caption")]
    if key in PHOTO_TITLES or photo_report or (body and all(p["role"] == "caption" for p in body)):
        return "photo"
    if print_layout and title and not body:
        return "photo"
    text = sum(len(str(p["text"])) for p in body if p["role"] in ("body", "quote"))
    if photo_credits and text <= PHOTO_TEXT_MAX:
        return "photo"
    return "article"


def paragraphs_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Paragraph rows -> the ``paragraphs`` table (columns :data:`PARAGRAPH_COLUMNS`)."""
    df = pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)
    return df.astype({"para_no": "int64", "line_no": "int64"}) if len(df) else df


def cleaning_log_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Log rows -> the ``cleaning_log`` table (columns :data:`LOG_COLUMNS`); ``para_no`` is
    empty for removed lines."""
    df = pd.DataFrame(rows, columns=LOG_COLUMNS)
    if len(df):
        df["para_no"] = df["para_no"].astype("Int64")
        df["line_no"] = df["line_no"].astype("int64")
    return df
