"""Fuzzing the number parser: arbitrary strings give a value, ``None`` or rows, never a crash;
the fast scan (Aho-Corasick for numeral words, guarded rules) finds what the plain regex does."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claims import extract_mentions
from analysis.numbers import (
    NumberExpression,
    _lexicon_expression,
    _read_match,
    _rule_filters,
    _rules,
    _scan,
    find_expressions,
    load_lexicon,
    load_units,
    parse_number,
    to_halfwidth,
)
from analysis.patterns import first_characters, guarded, trie_pattern

NEWSY = st.text(
    alphabet=st.sampled_from(list("0123456789０１２.,%‰/—-至~万亿千百十两一二三四五六七八九零〇余多近超过约名个家人次元岁年月日时分第《》“”（）")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(NEWSY, st.text(max_size=40)))
def test_parse_number_returns_a_number_or_none(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, int | float)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NEWSY, st.text(max_size=120)))
def test_find_expressions_spans_are_inside_the_text(text: str) -> None:
    spans = [(e.start, e.end) for e in find_expressions(text)]
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))
    for m in extract_mentions(text):
        assert m.kind in {"", "count", "money", "measure", "duration", "age", "percent", "date",
                          "time_of_day", "ordinal_or_label", "identifier"}


# --- the fast scan is the plain alternation ------------------------------------------------------

_WORDS = sorted(load_lexicon())
_PIECES = st.sampled_from(
    [*_WORDS[::7], *load_units(), "“", "”", "，", "。", "、", "（", "）", "%", "-", "—", "至",
     "第", "约", "近", "超过", "余", "多", "数", "几", "上", "半", "双", "零", "清零", "全", "动态",
     "农历", "正月", "大年", "上午", "晚上", "N95", "www.a1.cn", "0731-12345678", "2020年",
     "3月", "17日", "1.4万", "2,000", "十三", "两千五", "一", "二", "三", "十", "百", "万",
     "0", "1", "2", "5", "9", "党员", "社区", "长沙", "年", "月", "日", "号", "点", "时", "分",
     "半", "届", "级", "中全会", "医院", "人民医院", "中学", "中队", "楼", "——", "~", "%",
     "‰", "成", "倍", "翻", "番", "/", "之", "个", "百分点", "凌晨", "晚", "二十", "十二"]
)
NUMBER_TEXT = st.lists(_PIECES, max_size=25).map("".join)


@cache
def _plain_alternation() -> re.Pattern[str]:
    return re.compile(
        f"(?P<lexicon>{trie_pattern(_WORDS)})|"
        + "|".join(f"(?P<{name}>{rule})" for name, rule in _rules())
    )


def _plain_alternation_scan(text: str) -> list[NumberExpression]:
    """The reference: ``finditer`` over ``word|rule₁|rule₂…`` with no guard and no automaton."""
    out: list[NumberExpression] = []
    for m in _plain_alternation().finditer(text):
        if m.lastgroup == "lexicon":
            out.append(_lexicon_expression(m.start(), m.end(), m.group()))
        else:
            out.extend(_read_match(m, text, 0))
    return out


@settings(max_examples=1500, deadline=None)
@given(st.one_of(NUMBER_TEXT, NEWSY))
def test_fast_scan_equals_the_plain_alternation(text: str) -> None:
    text = to_halfwidth(text)
    assert _scan(text, 0, len(text)) == _plain_alternation_scan(text)


def test_every_rule_has_a_first_character_guard() -> None:
    # a guard also proves that the rule never matches the empty string
    unguarded = [name for name, rule in _rules() if first_characters(rule) is None]
    assert unguarded == []
    assert first_characters(r"(?<!\d)第\s?\d+") == "[第]"
    assert first_characters(r"(?:约|近)?\d+") == r"[\d约近]"
    assert first_characters(r"a*") is None  # can match the empty string
    # the guard stands before every top-level branch of the rule
    assert guarded("x", "ab|cd") == ("(?P<x>(?=[ac])(?:ab|cd))", "[ac]")
    assert first_characters(r"[^a]b") is None  # any character may start it


def _rule_pieces(rule: str) -> list[str]:
    """What a rule's pattern names: its runs of Chinese text (``中全会``, ``二十``), each of
    their characters, digits and marks. Strings of them often match the rule, so its corner
    cases are reached."""
    runs = set(re.findall(r"[^\x00-\x7f]+", rule))
    return sorted(runs | {c for r in runs for c in r} | set("0123456789%-~/.,+: "))


@pytest.mark.parametrize("name", sorted(_rule_filters()))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_each_rule_filter_admits_every_match_of_its_rule(name: str, data: st.DataObject) -> None:
    rule = re.compile(dict(_rules())[name])
    admits = re.compile(_rule_filters()[name])
    pieces = _rule_pieces(rule.pattern)
    text = data.draw(st.lists(st.sampled_from(pieces), max_size=8).map("".join))
    for i in range(len(text)):
        if rule.match(text, i):
            assert admits.match(text, i), (text, i)


_NUMBERS = ["3", "12", "2020", "1.5", "一", "十二", "二十三", "两千"]
_MARKS = ["", "日", "号", "点", "时", "年", "月", "%", "—5%", "至3", "分", "届", "名"]


@pytest.mark.parametrize("name", sorted(_rule_filters()))
def test_each_rule_filter_admits_its_rule_on_a_grid(name: str) -> None:
    # every Chinese run the rule names, between numbers and the marks rules look for
    rule = re.compile(dict(_rules())[name])
    admits = re.compile(_rule_filters()[name])
    runs = sorted(set(re.findall(r"[^\x00-\x7f]+", rule.pattern)))
    texts = [f"{a}{run}{mark}" for run in [*runs, ""] for a in ["", *_NUMBERS]
             for mark in _MARKS]
    texts += [f"{run}{n}{end}" for run in runs for n in _NUMBERS for end in [*_MARKS, *runs]]
    texts += [f"{n}{run}{sep}{n}{run}" for run in runs for n in _NUMBERS[:3]  # ranges
              for sep in ["至", "—", "-"]]
    for text in texts:
        for i in range(len(text)):
            if rule.match(text, i):
                assert admits.match(text, i), (text, i)
