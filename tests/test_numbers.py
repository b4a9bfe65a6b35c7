"""The number grammar: a table of real news expressions, a property test, edge cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.numbers import (
    chinese_range,
    chinese_to_number,
    find_expressions,
    format_value,
    parse_expression,
    parse_number,
)

FIXTURE = Path(__file__).parent / "fixtures" / "number_expressions.csv"
with FIXTURE.open(encoding="utf-8") as f:
    EXPRESSIONS = list(csv.DictReader(f))


def test_the_table_is_large_and_has_the_required_forms():
    surfaces = {r["expression"] for r in EXPRESSIONS}
    assert len(EXPRESSIONS) >= 80
    assert {"1,000", "37.6%", "2成2", "1/3", "近一倍", "十三", "两千余"} <= surfaces


@pytest.mark.parametrize("row", EXPRESSIONS, ids=[r["expression"] for r in EXPRESSIONS])
def test_expression_reads_as_annotated(row):
    e = parse_expression(row["expression"])
    assert e is not None, row["expression"]
    got = (e.kind, format_value(e.value), format_value(e.value_high), e.unit, e.qualifier)
    want = (row["kind"], row["value"], row["value_high"], row["unit"], row["qualifier"])
    assert got == want


# --- property: an integer written in Chinese numerals reads back as the integer -------------

_DIGITS = "零一二三四五六七八九"


def _section(n: int, liang: bool) -> str:
    """0 < n < 10000 in Chinese numerals (no leading 零)."""
    out, pending_zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += "零"
            pending_zero = False
        digit = "两" if (liang and d == 2 and unit in ("千", "百") and not out) else _DIGITS[d]
        out += digit + unit
    return out


def to_chinese(n: int, *, liang: bool = False, short_ten: bool = True) -> str:
    """Write ``0 <= n < 10**12`` the way Chinese news does (reference writer for the test)."""
    if n == 0:
        return "零"
    groups = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out, zero_needed = "", False
    for g, unit in groups:
        if g == 0:
            zero_needed = bool(out)
            continue
        if out and (zero_needed or g < 1000):
            out += "零"
        out += _section(g, liang and not out) + unit
        zero_needed = False
    if short_ten and out.startswith("一十"):
        out = out[1:]
    return out


@given(st.integers(min_value=0, max_value=10**12 - 1), st.booleans(), st.booleans())
def test_chinese_numerals_round_trip(n, liang, short_ten):
    assert chinese_to_number(to_chinese(n, liang=liang, short_ten=short_ten)) == n


def test_reference_writer_examples():
    assert to_chinese(10005) == "一万零五"
    assert to_chinese(2500, liang=True) == "两千五百"
    assert to_chinese(13) == "十三"
    assert to_chinese(100010000) == "一亿零一万"


# --- edge cases --------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("一百零五", 105), ("两千五", 2500), ("一万二", 12000), ("二〇二〇", 2020), ("三点五万", 35000),
    ("十", 10), ("百", 100), ("零", 0), ("1,234.5", 1234.5), ("１２３", 123), ("3千万", 30000000),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["千千万万", "三四", "十百", "一一", "abc", ""])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_chinese_ranges():
    assert chinese_range("三四") == (3, 4)
    assert chinese_range("十五六") == (15, 16)
    assert chinese_range("二三十") == (20, 30)
    assert chinese_range("三八") is None


def test_every_digit_lies_in_one_expression():
    text = "市委编办“一把手”带头，23名同志报名，拨打12345热线，见WechatIMG3012副本.jpg，N95口罩180个。"
    found = find_expressions(text)
    spans = [(e.start, e.end) for e in found]
    assert spans == sorted(spans)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    assert all(sum(s <= i < e for s, e in spans) == 1 for i in digits)
    by_surface = {e.surface: e for e in found}
    assert by_surface["12345"].kind == "identifier"
    assert by_surface["WechatIMG3012副本.jpg"].kind == "identifier"
    assert by_surface["N95"].kind == "ordinal_or_label"
    assert (by_surface["180个"].value, by_surface["180个"].unit) == (180, "个")
    assert by_surface["一把手"].note == "word"


def test_words_and_idioms_are_not_numbers():
    for text, note in [("一心一意", "idiom"), ("七里桥街道", "place"), ("第一时间", "word"),
                       ("一袋一袋", "reduplication")]:
        e = find_expressions(text)[0]
        assert e.kind == "" and e.note == note, text
