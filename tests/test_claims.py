"""The numeric-claim ledger: context rules on hand-made paragraphs, the seeds and the gold sample."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.claims import (
    CLAIM_COLUMNS,
    COVERAGE_COLUMNS,
    build_ledger,
    claim_differences,
    complete_date,
    coverage_summary,
    numeric_claims,
    read_gold,
    score_claims,
)
from tests.conftest import seed_id


def ledger(*texts: str, published: str = "", source: str = "") -> pd.DataFrame:
    paragraphs = pd.DataFrame({
        "article_id": "a1", "para_no": range(1, len(texts) + 1), "role": "body", "text": texts,
    })
    articles = pd.DataFrame({"article_id": ["a1"], "published": [published],
                             "published_source": [source]})
    return numeric_claims(paragraphs, articles)


def rows(df: pd.DataFrame) -> dict[str, dict]:
    return {r["surface"]: r for r in df.to_dict("records")}


def test_columns_follow_the_contract():
    df = ledger("全县成立356支党员先锋队。")
    assert list(df.columns) == CLAIM_COLUMNS
    r = df.iloc[0]
    assert (r["surface"], r["kind"], r["is_claim"], r["value"], r["unit"]) == (
        "356支", "count", 1, "356", "支")
    assert r["subject"] == "党员先锋队"
    assert "全县成立356支党员先锋队。"[r["start"]:r["end"]] == "356支"


def test_one_used_as_a_is_no_mention_but_the_count_is():
    df = ledger("随后，一支由18名年轻党员组成的“芙蓉先锋”党员突击队迅速成立，穿上防护服驰援防疫一线。")
    assert df["surface"].tolist() == ["18名"]
    assert df.iloc[0]["subject"] == "年轻党员"


def test_noncontiguous_qualifier_and_place():
    df = ledger("面对疫情，郴州市安排121家市直单位联点包干116个社区（村），"
                "每个单位每天至少向联点社区派驻3名党员干部。")
    r = rows(df)
    assert r["3名"]["qualifier"] == "至少"
    assert {r[s]["place"] for s in ("121家", "116个", "3名")} == {"郴州市"}


def test_approximate_and_multiplied_values():
    r = rows(ledger("永州市冷水滩区2万余名党员闻令而动，共捐款416.54万元，近500个值守点，百余名党员。"))
    assert (r["2万余名"]["value"], r["2万余名"]["qualifier"]) == ("20000", "余")
    assert (r["416.54万元"]["kind"], r["416.54万元"]["value"], r["416.54万元"]["unit"]) == (
        "money", "4165400", "元")
    assert (r["近500个"]["value"], r["近500个"]["qualifier"]) == ("500", "近")
    assert r["百余名"]["value"] == "100"
    assert r["2万余名"]["place"] == "永州市冷水滩区"


def test_zero_claims_and_the_zero_policy_name():
    r = rows(ledger("3月23日，湘潭确诊病例实现动态清零。社区网格实现了疫情病例“零新增”。",
                    "坚持“外防输入、内防反弹”总策略和“动态清零”总方针不动摇。"))
    df = ledger("3月23日，湘潭确诊病例实现动态清零。", "坚持“动态清零”总方针不动摇。")
    assert df[["surface", "kind", "is_claim"]].values.tolist() == [
        ["3月23日", "date", 0], ["动态清零", "count", 1], ["动态清零", "ordinal_or_label", 0]]
    assert (r["零新增"]["is_claim"], r["零新增"]["value"]) == (1, "0")


def test_not_claims_get_a_reason():
    r = rows(ledger("接连数日都忙到凌晨。党员干部在两个战场上勇当先锋，组织乡村两级领导干部。"
                    "一年后，病毒再来。“你们两位，请分散就餐。”穿上写有“精忠报国”4字的防护服。"))
    assert (r["数日"]["is_claim"], r["数日"]["value"], r["数日"]["reason"]) == (
        0, "", "vague: no value")
    assert r["两个战场"]["reason"] == "figurative"
    assert r["乡村两级"]["reason"] == "definitional"
    assert r["一年"]["reason"] == "relative time anchor"
    assert r["两位"]["reason"] == "form of address"
    assert r["4字"]["reason"] == "definitional"
    assert all(v["is_claim"] == 0 for v in r.values())


def test_labels_identifiers_and_words():
    df = ledger("第一时间统一部署，一线医务人员领到N95口罩180个，拨打12345热线，"
                "5G网络覆盖，采取“四不两直”方式，怀化市第二人民医院，详见"
                "https://hn.rednet.cn/content/2021/08/09/9762867.html。")
    r = rows(df)
    assert set(r) == {"N95", "180个", "12345", "5G", "四不两直", "第二人民医院",
                      "https://hn.rednet.cn/content/2021/08/09/9762867.html"}
    assert r["12345"]["kind"] == "identifier"
    assert r["https://hn.rednet.cn/content/2021/08/09/9762867.html"]["kind"] == "identifier"
    assert r["第二人民医院"]["value"] == "2"
    assert df["is_claim"].tolist().count(1) == 1  # only 180个


def test_dates_take_the_year_from_metadata_or_the_text():
    with_meta = rows(ledger("正月初二，县委书记发出动员令。2月8日再次发出倡议书。",
                            published="2020-02-09T09:25:09", source="text"))
    assert with_meta["正月初二"]["value"] == "2020-01-26"
    assert with_meta["2月8日"]["value"] == "2020-02-08"
    stated = rows(ledger("——2020年2月23日，习近平强调。", "2月28日下午4时许，医疗队启程。"))
    assert stated["2月28日"]["value"] == "2020-02-28"
    assert stated["下午4时许"]["value"] == "16:00"
    unknown = rows(ledger("3月17日，会议召开。", published="2022-03-20", source="inferred"))
    assert unknown["3月17日"]["value"] == "--03-17"


def test_complete_date():
    import datetime as dt
    ref = dt.date(2021, 1, 5)
    assert complete_date("--12-28", ref) == "2020-12-28"
    assert complete_date("L-eve", dt.date(2020, 2, 9)) == "2020-01-24"
    assert complete_date("---27", ref, last_month=1) == "2021-01-27"
    assert complete_date("--03-17", None) == "--03-17"


def test_inputs_are_not_modified():
    paragraphs = pd.DataFrame({"article_id": ["a"], "para_no": [1], "role": ["body"],
                               "text": ["共1478人，其中党员602人。"]})
    before = paragraphs.copy()
    numeric_claims(paragraphs, pd.DataFrame(columns=["article_id"]))
    pd.testing.assert_frame_equal(paragraphs, before)


# --- the seed corpus and the gold sample -----------------------------------------------------


@pytest.fixture(scope="module")
def seed_ledger(seed_corpus):
    return build_ledger(seed_corpus.paragraphs, seed_corpus.articles)


def test_every_number_of_the_seeds_is_accounted_for(seed_ledger):
    _claims, coverage = seed_ledger
    assert list(coverage.columns) == COVERAGE_COLUMNS
    summary = coverage_summary(coverage)
    assert summary["unclassified"].sum() == 0
    assert len(summary) == 5
    arabic = coverage[coverage["script"] == "arabic"]
    assert (arabic["status"] != "excluded").all()  # every digit run is a ledger row
    a002 = seed_id("002")
    a002_claims = coverage[(coverage["article_id"] == a002) & (coverage["status"] == "claim")]
    # 16 claim rows: 双组长 has no numeral run, 2—5名 has two and 47万元 has 47 and 万
    assert len(a002_claims) == 17
    assert a002_claims[a002_claims["surface"] == "47万元"]["token"].tolist() == ["47", "万"]


def test_seed_claims_of_article_004(seed_ledger):
    claims, _ = seed_ledger
    a004 = claims[claims["article_id"] == seed_id("004")]
    r = {(x["surface"], x["para_no"]): x for x in a004.to_dict("records")}
    got = {s for s, _ in r}
    assert {"1.7万余名", "2万多家", "17个昼夜", "超过300名", "逾100家", "零确诊"} <= got
    assert "一封" not in got and "五个一" in got
    assert a004[a004["surface"] == "17个昼夜"].iloc[0]["unit"] == "昼夜"
    assert a004[a004["surface"] == "2月28日"]["value"].unique().tolist() == ["2020-02-28"]


def test_score_claims_counts_a_multiset():
    gold = pd.DataFrame({"article": ["a", "a", "a", "a"], "value": ["37", "15", "15", "9"],
                         "unit": ["个", "个", "个", "名"], "is_claim": ["1", "1", "1", "0"],
                         "zone": ["body"] * 4})
    pred = pd.DataFrame({"article_id": ["a", "a", "a", "b"], "value": ["37", "15", "2", "5"],
                         "unit": ["个", "个", "个", "个"], "is_claim": [1, 1, 1, 1]})
    s = score_claims(pred, gold).set_index("article_id")
    assert s.loc["all", ["gold", "predicted", "matched"]].tolist() == [3, 3, 2]
    assert s.loc["all", "precision"] == pytest.approx(0.6667)
    diff = claim_differences(pred, gold)
    assert diff[["value", "side"]].values.tolist() == [["2", "extra"], ["15", "missing"]]


def test_gold_sample_is_reproduced(seed_ledger):
    gold = read_gold()
    claims, _ = seed_ledger
    s = score_claims(claims, gold).set_index("article_id")
    assert s.loc["all", "gold"] == 35
    assert s.loc["all", "precision"] >= 0.95
    assert s.loc["all", "recall"] >= 0.95


def test_general_news_forms():
    r = rows(ledger(
        "（一）总体要求。1.加强领导。一是压实责任，二是加强督查。",
        "今年1—5月，全省增加值同比增长7.2%，高于全国0.5个百分点。",
        "新增本土确诊病例0例，无症状感染者为零，连续14天无新增。",
        "会议于上午9:30召开，持续约2个半小时，共有200余人参加。",
        "党的二十大报告指出，十四五规划开局。老人今年九十三岁，有70年党龄。",
    ))
    assert {r[s]["reason"] for s in ("（一）", "1", "一", "二")} == {"section"}
    assert (r["1—5月"]["kind"], r["1—5月"]["value"], r["1—5月"]["value_high"]) == (
        "date", "--01", "--05")
    assert (r["0.5个百分点"]["value"], r["0.5个百分点"]["unit"]) == ("0.5", "百分点")
    assert (r["0例"]["is_claim"], r["零"]["is_claim"], r["14天"]["is_claim"]) == (1, 1, 1)
    assert (r["9:30"]["kind"], r["9:30"]["value"]) == ("time_of_day", "09:30")
    assert (r["约2个半小时"]["value"], r["约2个半小时"]["qualifier"]) == ("2.5", "约")
    assert r["二十大"]["kind"] == r["十四五"]["kind"] == "ordinal_or_label"
    assert (r["九十三岁"]["kind"], r["九十三岁"]["value"]) == ("age", "93")


def test_money_subject_and_canonical_place() -> None:
    from analysis.claims import money_purpose, place_spans

    text = "张家界天门山旅游股份有限公司向张家界市捐款1000万元，省妇联送去总价值100万元的“医护家庭关爱包”。"
    i = text.index("1000万元")
    assert money_purpose(text, i, i + 6) == "捐款"
    j = text.index("100万元的")
    assert money_purpose(text, j, j + 5) == "医护家庭关爱包"
    assert [p for _, _, p in place_spans("娄底市直机关工委，湖南各地")] == ["娄底市", "湖南省"]
    # a village after a county is one place, not two overlapping ones; a count is no village
    assert place_spans("长沙市天心区黄合村的党员") == [(0, 9, "长沙市天心区黄合村")]
    assert place_spans("常德河街和兴村") == [(0, 7, "常德市河街和兴村")]
    assert place_spans("益阳市一名社区工作者") == [(0, 3, "益阳市")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("共募集2至3万元。", ("2至3万元", 1, "20000", "30000", "元")),
        ("投入1.5—2亿元资金。", ("1.5—2亿元", 1, "150000000", "200000000", "元")),
        ("捐款5000至1万元不等。", ("5000至1万元", 1, "5000", "10000", "元")),
        ("送去食用油800余桶。", ("800余桶", 1, "800", "", "桶")),
        ("两成中小企业已复工。", ("两成", 1, "20", "", "%")),
        ("两三百人参加。", ("两三百人", 1, "200", "300", "人")),
        ("上半年，全区新发展党员。", ("半年", 0, "", "", "")),
        ("打造“15分钟核酸采样圈”。", ("15分钟", 0, "15", "", "分钟")),
        ("印发《三年行动计划》。", ("三年", 0, "3", "", "年")),
    ],
)
def test_forms_from_unseen_news(text: str, expected: tuple) -> None:
    """Forms found by a review on news written for it (ranges sharing 万, containers, 两, names)."""
    row = ledger(text).iloc[0]
    assert (row["surface"], row["is_claim"], row["value"], row["value_high"], row["unit"]) == expected


def test_whole_area_words_resolve_to_the_named_or_main_unit() -> None:
    df = ledger(
        "湖南省委组织部部署工作。在湘阴县，全县3个集中隔离点均设立临时党支部。",
        "中南大学湘雅医院对接支援湖北医务人员的家属；省妇联为全省1250户家庭送去关爱包。湖南各地积极响应。",
    )
    places = dict(zip(df["surface"], df["place"], strict=True))
    assert places["3个"] == "湘阴县"
    assert places["1250户"] == "湖南省"


def test_claims_by_place_and_scores_without_gold() -> None:
    from analysis.claims import claims_by_place, score_claims

    df = ledger("在湘阴县，全县3个集中隔离点、356支党员先锋队。劝返车辆1,520台次。")
    by_place = claims_by_place(df)
    assert by_place.iloc[0][["place", "claims", "examples"]].tolist() == ["湘阴县", 3, "3个、356支、1,520台次"]
    scored = score_claims(df, pd.DataFrame(columns=["article", "value", "unit", "is_claim"]))
    assert scored["article_id"].tolist() == ["all"] and scored["precision"].isna().all()
