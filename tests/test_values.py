"""Values a reader can trust: capitals, 廿/卅, colloquial and joined numerals, exact decimals,
signs and halves, checked on sentences of our own and against ``cn2an``'s rendering."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.claims import extract_mentions
from analysis.numbers import chinese_to_number, format_value, parse_number
from analysis.paths import PROJ_ROOT
from analysis.value_check import read_sentences, score_sentences

SENTENCES = PROJ_ROOT / "tests" / "fixtures" / "values" / "sentences.csv"


@pytest.mark.parametrize(
    ("text", "value"),
    [("一百十二", 112), ("一千零十", 1010), ("两千六", 2600), ("三万五", 35000), ("一万二", 12000),
     ("10万零300", 100300), ("1万600", 10600), ("3千零5", 3005), ("2亿3000万", 230_000_000),
     ("1万6千", 16000), ("壹万贰仟叁佰", 12300), ("伍仟", 5000), ("壹拾亿零壹", 1_000_000_001),
     ("貳萬", 20000), ("廿八", 28), ("卅", 30), ("千万", 10_000_000), ("万亿", 10**12)],
)
def test_numeral_forms(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["万一", "万千", "亿万", "万万", "百十", "千千", "三四", "3千5000"])
def test_words_and_malformed_runs_are_no_number(text: str) -> None:
    assert parse_number(text) is None


def test_small_decimals_keep_every_digit() -> None:
    assert parse_number("零点零零零零零零零零一") == 1e-9
    assert format_value(parse_number("零点零零零零零零零零一")) == "0.000000001"
    assert format_value(parse_number("零点零零零一")) == "0.0001"
    assert format_value(parse_number("0.00035")) == "0.00035"
    assert format_value(200 / 3) == "66.666667"  # a quotient keeps six decimals


def _claim(text: str) -> tuple[str, str, object, str]:
    m = next(m for m in extract_mentions(text) if m.is_claim)
    return m.expr.surface, m.kind, m.value, m.unit


def test_capitals_are_money_and_their_words_are_not() -> None:
    assert _claim("捐款人民币伍仟元整。") == ("伍仟元整", "money", 5000, "元")
    assert _claim("计叁拾元零伍角。") == ("叁拾元零伍角", "money", 30.5, "元")
    # 伍, 陆, 拾 alone are words: 队伍, 陆续, 收拾
    assert [m for m in extract_mentions("队伍陆续到达，收拾元宵灯笼。") if m.is_mention] == []


def test_joined_and_colloquial_forms_are_one_row() -> None:
    rows = [m for m in extract_mentions("全县动员10万零300人，发放1万600元。") if m.is_mention]
    assert [(m.expr.surface, m.value, m.unit) for m in rows] == [
        ("10万零300人", 100300, "人"), ("1万600元", 10600, "元")]
    assert _claim("全村一百十二名党员到岗。") == ("一百十二名", "count", 112, "名")


def test_lunar_days_with_old_tens() -> None:
    rows = [m for m in extract_mentions("婚礼定在正月廿八日，会议在二月廿三日。") if m.is_mention]
    assert [(m.expr.surface, m.kind, m.is_claim) for m in rows] == [
        ("正月廿八日", "date", False), ("二月廿三日", "date", False)]
    assert rows[0].value.endswith("-01-28") and rows[1].value.endswith("-02-23")


def test_chinese_decimals_with_units_are_quantities() -> None:
    assert _claim("全程二点五公里。") == ("二点五公里", "measure", 2.5, "公里")
    assert _claim("比去年增长一点五倍。")[2:] == (1.5, "倍")
    assert _claim("不合格率为百分之负三点八。")[2:] == (-3.8, "%")


def test_the_sentence_set_is_read_right() -> None:
    share, table = score_sentences(read_sentences(SENTENCES))
    wrong = table[~table["right"]]
    assert share == 1.0, wrong.to_string()
    assert len(table) >= 45 and table["form"].nunique() == 9


# --- property: cn2an renders, the ledger reads back exactly ---------------------------------

INTEGERS = st.integers(min_value=0, max_value=10**15)
DECIMALS = st.decimals(min_value=0, max_value=10**9, places=6, allow_nan=False,
                       allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(INTEGERS, st.sampled_from(["low", "up"]))
def test_integers_rendered_by_cn2an_read_back(n: int, mode: str) -> None:
    assert parse_number(cn2an.an2cn(str(n), mode)) == n


@settings(max_examples=300, deadline=None)
@given(DECIMALS, st.sampled_from(["low", "up"]))
def test_decimals_rendered_by_cn2an_read_back_exactly(d: Decimal, mode: str) -> None:
    text = format(d.normalize(), "f")
    value = chinese_to_number(cn2an.an2cn(text, mode))
    assert value is not None and Decimal(repr(value)) == Decimal(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_amounts_in_capitals_read_back(yuan: int, cents: int) -> None:
    amount = Decimal(yuan) + Decimal(cents) / 100
    text = cn2an.an2cn(format(amount, "f"), "rmb")  # 壹万贰仟叁佰元伍角陆分, 伍仟元整
    rows = [m for m in extract_mentions(f"共计人民币{text}。") if m.is_mention]
    assert [(m.expr.surface, m.kind, m.unit) for m in rows] == [(text, "money", "元")]
    assert Decimal(repr(rows[0].value)) == amount


def test_sign_audit_names_kept_signs_and_sign_words() -> None:
    import pandas as pd

    from analysis.checks import sign_audit

    claims = pd.DataFrame({
        "article_id": ["a", "a", "b", "b"], "para_no": [1, 2, 1, 2],
        "sentence": ["气温降到零下43摄氏度。", "可为企业减负60亿元以上。", "精度为正负0.3摄氏度。",
                     "全县121家企业复工。"],
        "surface": ["零下43摄氏度", "60亿元以上", "0.3摄氏度", "121家"],
        "kind": ["measure", "money", "measure", "count"], "value": ["-43", "6000000000", "0.3", "121"],
        "unit": ["℃", "元", "℃", "家"]})
    audit = sign_audit(claims)
    assert audit[["surface", "negative", "note"]].values.tolist() == [
        ["零下43摄氏度", True, ""], ["60亿元以上", False, "word 减负: no sign"],
        ["0.3摄氏度", False, "word 正负: no sign"]]


def test_a_second_hands_sentence_set_is_read_right() -> None:
    """60 sentences written by another hand without reading the parser (scored 0.85 when first
    seen; the three still wrong state a colloquial number whose unit is left to the reader)."""
    share, table = score_sentences(read_sentences(SENTENCES.with_name("sentences_second_hand.csv")))
    assert share >= 0.95, table[~table["right"]].to_string()
    assert set(table.loc[~table["right"], "surface"]) <= {"两千六", "三万五", "一万八"}


def test_a_third_hands_sentence_set_is_read_right() -> None:
    """60 more sentences by another hand (scored 0.983 when first seen; the miss, 零下十八摄氏度
    read as a formula, was fixed)."""
    share, table = score_sentences(read_sentences(SENTENCES.with_name("sentences_third_hand.csv")))
    assert share == 1.0, table[~table["right"]].to_string()
