"""Numbers of national news: rhetorical quantities, compound units, rates of change, checks."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.checks import POPULATION_MAX, claim_checks
from analysis.claims import extract_mentions
from analysis.paths import PROJ_ROOT


def _rows(text: str) -> list[tuple[str, str, bool, object, str, str]]:
    return [(m.expr.surface, m.kind, m.is_claim, m.value, m.unit, m.reason)
            for m in extract_mentions(text) if m.is_mention]


@pytest.mark.parametrize(
    ("text", "surface"),
    [("亿万人民众志成城。", "亿万"), ("温暖了千家万户。", "千家万户"),
     ("成千上万的志愿者赶来。", "成千上万"), ("千千万万个家庭。", "千千万万")],
)
def test_rhetorical_quantities_are_mentions_not_claims(text: str, surface: str) -> None:
    rows = [r for r in _rows(text) if r[0] == surface]
    assert rows == [(surface, "count", False, None, "", "rhetorical")]


def test_compound_units_stay_whole_and_people_words_are_not_cut() -> None:
    assert _rows("旅客周转量35349亿人公里。")[0][1:5] == ("measure", True, 3534900000000, "人公里")
    assert _rows("货物周转量2.1万吨公里。")[0][4] == "吨公里"
    assert _rows("完成航班保障1200架次。")[0][4] == "架次"
    assert _rows("全国14亿人民团结奋战。")[0][1:5] == ("count", True, 1400000000, "人民")


@pytest.mark.parametrize(
    ("text", "value", "unit", "word"),
    [("全年国内生产总值比上年增长6.1%。", 6.1, "%", "比上年增长"),
     ("CPI同比上涨5.4%。", 5.4, "%", "同比上涨"),
     ("增速比上月回落0.5个百分点。", 0.5, "百分点", "比上月回落"),
     ("出口比上年增加2.1倍。", 2.1, "倍", "比上年增加")],
)
def test_rates_of_change_are_never_shares(text: str, value: float, unit: str, word: str) -> None:
    rows = [r for r in _rows(text) if r[1] == "change"]
    assert len(rows) == 1
    _, _kind, claim, v, u, reason = rows[0]
    assert (claim, float(v), u, reason) == (True, value, unit, f"change ({word})")
    assert _rows("其中党员占比达到60%。")[0][1] == "percent"


def test_claim_checks_flag_and_keep() -> None:
    claims = pd.DataFrame({
        "article_id": ["a", "a", "a", "b", "b"], "para_no": [1, 2, 3, 1, 2],
        "sentence": ["s"] * 5, "surface": ["20亿名", "120%", "3月9日", "5亿人次", "60%"],
        "kind": ["count", "percent", "date", "count", "percent"], "is_claim": [1, 1, 0, 1, 1],
        "value": ["2000000000", "120", "2020-03-09", "500000000", "60"], "value_high": [""] * 5,
        "unit": ["名", "%", "", "人次", "%"],
        "value_num": [2e9, 120.0, None, 5e8, 60.0],
    })
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": ["2020-02-28", "2020-02-28"],
                             "published_source": ["filename", "filename"]})
    relations = pd.DataFrame({"article_id": ["b"], "para_no": [3], "sentence": ["s"],
                              "relation": ["subset"], "total_surface": ["55家"], "total": [55],
                              "part_values": ["60"], "holds": [0], "unit": ["家"],
                              "detail": ["60 of 55"]})
    checks = claim_checks(claims, relations, articles)
    assert checks[["article_id", "surface", "check"]].values.tolist() == [
        ["a", "20亿名", "people above population"], ["a", "120%", "share above 100%"],
        ["a", "3月9日", "date after publication"], ["b", "55家", "part above total"]]
    assert POPULATION_MAX == 1.5e9
    assert len(claims) == 5  # nothing dropped


@pytest.mark.parametrize(
    ("text", "surface", "kind", "value", "high", "unit"),
    [("最低气温降至零下12摄氏度。", "零下12摄氏度", "measure", -12, None, "℃"),
     ("一季度增速为-6.8%。", "-6.8%", "change", -6.8, None, "%"),
     ("利润率为－3.2%。", "－3.2%", "percent", -3.2, None, "%"),
     ("当地气温−5℃至3℃。", "−5℃至3℃", "measure", -5, 3, "℃")],
)
def test_a_sign_before_a_quantity_makes_it_negative(text, surface, kind, value, high, unit) -> None:
    rows = [m for m in extract_mentions(text) if m.is_mention]
    assert len(rows) == 1
    m = rows[0]
    assert (m.expr.surface, m.kind, m.is_claim, m.value, m.value_high, m.unit) == (
        surface, kind, True, value, high, unit)
    assert text[m.expr.start : m.expr.end] == surface


def test_hyphens_that_are_no_sign() -> None:
    assert [m.value for m in extract_mentions("发放N-95口罩2-5名") if m.is_claim] == [2]
    assert [m.value for m in extract_mentions("实现正负5%的浮动") if m.is_claim] == [5]
    # 减负: a lighter burden, not a negative sum
    assert [m.value for m in extract_mentions("可为企业减负约1500亿元。") if m.is_claim] == [
        150000000000]


def test_counted_spans_and_basis_points() -> None:
    assert _rows("京东提供了减免一个月平台使用费。")[0][1:5] == ("duration", True, 1, "月")
    assert _rows("一个月后再说。")[0][2] is False  # a relative time anchor
    assert _rows("利率不高于LPR加50个基点。")[0][1:5] == ("percent", True, 50, "基点")
    assert _rows("医疗废物80497.89千克。")[0][3:5] == (80497.89, "千克")
    assert _rows("全国5480万农民受益。")[0][1:6] == ("count", True, 54800000, "", "count (no classifier)")
    assert _rows("还有8000多万个体工商户。")[0][:5] == ("8000多万", "count", True, 80000000, "")


@pytest.mark.parametrize(
    ("text", "surface", "qualifier"),
    [("半数以上的村民参加了志愿服务。", "半数以上", "以上"), ("过半企业已经复工。", "过半", "过"),
     ("一半的党员下沉社区。", "一半", ""), ("近半数居民同意。", "近半数", "近"),
     ("到岗人数超过一半。", "超过一半", "超过")],
)
def test_halves_are_shares(text: str, surface: str, qualifier: str) -> None:
    m = next(m for m in extract_mentions(text) if m.is_mention)
    assert (m.expr.surface, m.kind, m.is_claim, m.value, m.unit, m.qualifier) == (
        surface, "percent", True, 50, "%", qualifier)


def test_half_in_other_words_is_no_share() -> None:
    assert [m.kind for m in extract_mentions("另一半在外地工作。") if m.is_mention] == []
    assert next(m.kind for m in extract_mentions("半个月后") if m.is_mention) == "duration"


def test_numerals_inside_nouns() -> None:
    assert _rows("商务部等13部门联合印发通知。")[0][:5] == ("13", "count", True, 13, "")
    assert _rows("拍摄3部电影。")[0][4] == "部"
    assert _rows("防止二次污染。") == []
    assert _rows("召开两次会议。")[0][1:5] == ("count", True, 2, "次")


def test_relative_years_periods_and_counted_nouns() -> None:
    import datetime as dt

    from analysis.claims import complete_date, relative_year

    text = "去年6月以来，今年1月20日，明年3月"
    ref = dt.date(2020, 2, 10)
    got = [complete_date(v, ref, None, relative_year(text, text.find(s)))
           for s, v in (("6月", "--06"), ("1月20日", "--01-20"), ("3月", "--03"))]
    assert got == ["2019-06", "2020-01-20", "2021-03"]
    assert complete_date("--12-25", ref) == "2019-12-25"  # no relative word: the closest
    # 前两年: a period back from now, not a length; 提前3天 keeps its claim
    assert _rows("便利店前两年就已经关闭了。")[0][2] is False
    assert _rows("提前3天完成任务。")[0][1:5] == ("duration", True, 3, "天")
    # counted without a classifier in official prose
    assert _rows("从加强规划等5方面提出措施。")[0][:5] == ("5", "count", True, 5, "")
    assert _rows("郑州等14地市开通专线。")[0][:5] == ("14", "count", True, 14, "")
    assert _rows("捐出2000澳元。")[0][1:5] == ("money", True, 2000, "澳元")


NATIONAL_ARTICLES = PROJ_ROOT / "tests" / "fixtures" / "national_articles"
GOLD_DIR = PROJ_ROOT / "tests" / "fixtures" / "gold"


@pytest.mark.parametrize(("sample", "floor"), [
    ("national_sample.csv", 0.98),     # taught the national rules
    ("national_heldout.csv", 0.98),    # scored 0.78 / 0.89 when first seen
    ("national_heldout2.csv", 0.95),   # scored 0.93 / 0.87 when first seen
    ("national_heldout3.csv", 0.85),   # scored 0.78 / 0.82 when first seen; see GUIDELINES.md
])
def test_national_gold_samples(sample: str, floor: float) -> None:
    """The ledger on fifteen People's Daily articles of February 2020 (copied from the corpus)
    against their hand annotations, on (article, value, unit)."""
    from analysis.claims import build_ledger, read_gold, score_claims
    from analysis.corpus import CorpusOptions, build_corpus

    corpus = build_corpus(NATIONAL_ARTICLES, options=CorpusOptions.from_values("人民日报", ""))
    claims, _ = build_ledger(corpus.paragraphs, corpus.articles)
    gold = read_gold(GOLD_DIR / sample)
    claims = claims[claims["article_id"].isin(set(gold["article"]))]
    s = score_claims(claims, gold).set_index("article_id")
    assert s.loc["all", "precision"] >= floor and s.loc["all", "recall"] >= floor, s


def test_forms_the_second_held_out_sample_showed() -> None:
    assert _rows("强强一家六口，5人感染。")[0][:5] == ("六口", "count", True, 6, "口")
    assert _rows("出台“20条”，五方面共20项政策措施。")[:2] == [
        ("20条", "ordinal_or_label", False, 20, "", "quoted label"),
        ("五", "count", True, 5, "", "count (no classifier)")]
    assert _rows("常住人口超过1.1亿的经济大省。")[0][:5] == ("1.1亿", "count", True, 110000000, "")
    assert _rows("将播出104集原创动画片。")[0][:5] == ("104集", "count", True, 104, "集")
    assert _rows("3集团公司联合发布。")[0][2] is False  # 集团: no classifier
    assert _rows("走上前和其中一位“红袖章”聊。") == []  # one of them, not a count
    assert _rows("新增一例确诊病例。")[0][:5] == ("一例", "count", True, 1, "例")


def test_all_national_samples_together_score_095() -> None:
    from analysis.claims import build_ledger, read_gold, score_claims
    from analysis.corpus import CorpusOptions, build_corpus

    corpus = build_corpus(NATIONAL_ARTICLES, options=CorpusOptions.from_values("人民日报", ""))
    claims, _ = build_ledger(corpus.paragraphs, corpus.articles)
    gold = pd.concat([read_gold(GOLD_DIR / f) for f in (
        "national_sample.csv", "national_heldout.csv", "national_heldout2.csv",
        "national_heldout3.csv")], ignore_index=True)
    s = score_claims(claims[claims["article_id"].isin(set(gold["article"]))], gold)
    s = s.set_index("article_id").loc["all"]
    assert s["gold"] == 159 and s["precision"] >= 0.95 and s["recall"] >= 0.95, s


def test_hours_half_nights_and_dashes() -> None:
    rows = _rows("早班9点至15点，晚班21点到次日9点。")
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("9点至15点", "time_of_day", False, "09:00"), ("21点到次日9点", "time_of_day", False, "21:00")]
    assert _rows("提出15点建议。")[0][1:5] == ("count", True, 15, "点")
    assert _rows("有时是半夜，她会发来消息。") == []  # midnight, not half a night
    assert _rows("只用过一次——2003年抗击非典时。")[0][:3] == ("2003年", "date", False)  # no range
    assert _rows("上台前100天内提出计划。")[0][1:5] == ("duration", True, 100, "天")


def test_review_findings_stay_fixed() -> None:
    import datetime as dt

    from analysis.claims import complete_date, number_coverage, relative_year

    # 一家六口: the 一 of 一家 is accounted for (a word), the count is 六口
    paragraphs = pd.DataFrame({"article_id": ["a"], "para_no": [1], "role": ["body"],
                               "text": ["他们一家六口全部确诊。"]})
    articles = pd.DataFrame({"article_id": ["a"], "published": [""], "published_source": [""]})
    coverage = number_coverage(paragraphs, articles)
    assert (coverage["status"] != "unclassified").all() and len(coverage) == 2
    # a relative year sets the start of a range, the end follows it
    text = "去年12月30日至1月5日"
    ref = dt.date(2020, 2, 10)
    assert complete_date("--12-30", ref, None, relative_year(text, 0)) == "2019-12-30"
    assert complete_date("--01-05", ref) == "2020-01-05"
    # figures joined by 万/亿 without a unit are one number
    assert _rows("总数超过2亿3000万。")[0][:4] == ("2亿3000万", "count", True, 230000000)
    # 陆 and 伍 open words: no amount in capitals
    assert [r[0] for r in _rows("中国大陆亿元级项目，登陆万元。")] == ["亿元", "万元"]
    assert _rows("合计伍万元整。")[0][:5] == ("伍万元整", "money", True, 50000, "元")
    assert _rows("二十国家集团峰会。") == []  # G20, a name
    assert _rows("其中一例为境外输入。")[0][:5] == ("一例", "count", True, 1, "例")
    assert _rows("守在病床前3个小时。")[0][1:5] == ("duration", True, 3, "小时")


def test_sign_audit_flags_a_minus_the_ledger_dropped() -> None:
    from analysis.checks import sign_audit

    claims = pd.DataFrame({"article_id": ["a"], "para_no": [1], "sentence": ["增速为-6.8%。"],
                           "surface": ["6.8%"], "kind": ["percent"], "value": ["6.8"],
                           "unit": ["%"]})
    audit = sign_audit(claims)
    assert audit[["surface", "negative", "note"]].values.tolist() == [["6.8%", False, ""]]


def test_places_the_figures_leave_out_are_no_place() -> None:
    from analysis.claims import place_spans

    assert place_spans("各项统计数据均未包括香港特别行政区、澳门特别行政区和台湾省。") == []
    assert place_spans("湖南省长沙市新增病例，不含外省输入。") == [(0, 6, "湖南省长沙市")]


def test_places_abroad_and_of_the_whole_country() -> None:
    from analysis.claims import build_ledger

    paragraphs = pd.DataFrame({
        "article_id": ["a", "a", "b", "c"], "para_no": [1, 2, 1, 1],
        "text": ["湖北省新增确诊病例1000例。",
                 "法国卫生部称，共有2.3万余人出现流感症状。我国便利店门店数量已达12.2万家。",
                 "连日来，锦江区把加强社区排查作为关键环节，全区已走访居民35万户、62万人。",
                 "东航从越南接回131位湖北籍旅客。"]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "published": ["", "", ""]})
    claims, _ = build_ledger(paragraphs, articles)
    place = dict(zip(claims["surface"], claims["place"], strict=True))
    assert place["1000例"] == "湖北省"
    assert place["2.3万余人"] == "法国"  # not the 湖北省 of the paragraph before
    assert place["12.2万家"] == "全国"
    assert place["62万人"] == "锦江区"  # no 锦江区把加强社区
    assert place["131位"] == "越南"


def test_place_agreement_with_the_national_gold() -> None:
    """Loose agreement of the place column with the hand annotations (0.466 before countries
    and 全国/我国; see analysis.place_agreement)."""
    from analysis.claims import build_ledger, read_gold
    from analysis.corpus import CorpusOptions, build_corpus
    from analysis.place_agreement import place_agreement, same_place

    assert same_place("湖北省黄冈市", "黄冈市") and same_place("", "")
    assert not same_place("全国", "") and not same_place("法国", "湖北省")
    corpus = build_corpus(NATIONAL_ARTICLES, options=CorpusOptions.from_values("人民日报", ""))
    claims, _ = build_ledger(corpus.paragraphs, corpus.articles)
    gold = pd.concat([read_gold(p) for p in sorted(GOLD_DIR.glob("national_*.csv"))],
                     ignore_index=True)
    pairs = place_agreement(claims, gold)
    assert len(pairs) >= 140 and pairs["agree"].mean() >= 0.62
    france = pairs[pairs["article_id"] == "20200214-16-03"]
    assert (france["place"] == "法国").mean() > 0.9


def test_a_list_of_places_is_not_carried_to_the_next_paragraph() -> None:
    from analysis.claims import build_ledger, carried_place

    paragraphs = pd.DataFrame({
        "article_id": ["a"] * 3, "para_no": [1, 2, 3],
        "text": ["北京市新增病例10例。", "入境游客中，香港、澳门和台湾同胞11342万人次。",
                 "年末卫生技术人员1010万人。"]})
    claims, _ = build_ledger(paragraphs, pd.DataFrame({"article_id": ["a"], "published": [""]}))
    place = dict(zip(claims["surface"], claims["place"], strict=True))
    assert place["1010万人"] == "北京市"  # not 澳门特别行政区, the end of a list
    assert carried_place("长沙市和株洲市", [(0, 3, "长沙市"), (4, 7, "株洲市")], "湖南省") == "湖南省"
    assert carried_place("长沙市的株洲路", [(0, 3, "长沙市")], "") == "长沙市"


@pytest.mark.parametrize(("text", "surface", "place"), [
    ("湖南是我国重要粮食产区，年产粮食600亿斤。", "600亿斤", "湖南省"),
    ("长沙在全国率先建成500个社区食堂。", "500个", "长沙市"),
    ("湘阴县获评全国文明县城，新增就业3000人。", "3000人", "湘阴县"),
    ("全国人大代表张某带领200名村民复工。", "200名", ""),
    ("全国共有12万家企业复工。", "12万家", "全国"),
    ("蒙古族牧民120人参加培训。", "120人", ""),  # a people, not Mongolia
    ("黑山村有党员35名。", "35名", ""),  # a village, not Montenegro
])
def test_the_whole_country_and_countries_only_where_meant(text: str, surface: str,
                                                          place: str) -> None:
    from analysis.claims import build_ledger

    paragraphs = pd.DataFrame({"article_id": ["a"], "para_no": [1], "text": [text]})
    claims, _ = build_ledger(paragraphs, pd.DataFrame({"article_id": ["a"], "published": [""]}))
    assert dict(zip(claims["surface"], claims["place"], strict=True))[surface] == place


def test_a_country_in_passing_is_not_carried() -> None:
    from analysis.claims import build_ledger

    paragraphs = pd.DataFrame({"article_id": ["a"] * 3, "para_no": [1, 2, 3], "text": [
        "长沙市新增就业3000人。", "我市出口额增速远超美国。", "新增市场主体1200户。"]})
    claims, _ = build_ledger(paragraphs, pd.DataFrame({"article_id": ["a"], "published": [""]}))
    assert dict(zip(claims["surface"], claims["place"], strict=True))["1200户"] == "长沙市"
