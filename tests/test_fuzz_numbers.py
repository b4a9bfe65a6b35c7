"""Fuzzing the number parser: arbitrary strings give a value, ``None`` or rows, never a crash."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claims import extract_mentions
from analysis.numbers import find_expressions, parse_number

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
