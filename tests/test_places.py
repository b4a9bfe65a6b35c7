"""Place mentions: gazetteer, aliases merged, ambiguity and short-form guards."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.places import PLACE_COLUMNS, place_mentions, read_places
from analysis.segment import read_user_dictionary
from tests.conftest import seed_id


def _places(text: str) -> pd.DataFrame:
    paras = pd.DataFrame({"article_id": ["a"], "para_no": [1], "text": [text]})
    return place_mentions(paras).set_index("place")


def test_gazetteer_covers_hunan():
    places = read_places()
    hunan = places.loc[places["province"] == "湖南省"]
    assert (hunan["level"] == "prefecture").sum() == 14
    assert (hunan["level"] == "county").sum() == 122
    assert places["adcode"].is_unique
    assert not places["name"].isin(["城区", "郊区"]).any()


def test_userdict_holds_every_hunan_place_name():
    words = {e.word for e in read_user_dictionary()}
    hunan = read_places().query("province == '湖南省'")
    names = set(hunan["name"]) | {a for al in hunan["aliases"] for a in al.split("|") if a}
    assert names <= words


def test_aliases_are_merged_and_longest_name_wins():
    p = _places("长沙市委部署后，长沙各区行动，长沙县也跟进。")
    assert sorted(p.reset_index().columns) == sorted(PLACE_COLUMNS)
    assert p.loc["长沙市", "count"] == 2
    assert p.loc["长沙市", "surfaces"] == "长沙|长沙市"
    assert p.loc["长沙县", "count"] == 1 and p.loc["长沙县", "prefecture"] == "长沙市"
    assert "长沙" not in p.index


def test_former_name_and_autonomous_prefecture_short_forms():
    p = _places("宁乡县和湘西州的干部")
    assert p.loc["宁乡市", "surfaces"] == "宁乡县"
    assert p.loc["湘西土家族苗族自治州", "surfaces"] == "湘西州"


def test_short_county_name_needs_its_province_or_prefecture():
    assert "东山县" not in _places("长沙市雨花区东山街道").index
    assert _places("福建漳州的东山").loc["东山县", "province"] == "福建省"


def test_two_character_name_before_zhi_or_ji_is_not_a_place():
    assert "和县" not in _places("乡镇和县直单位的干部").index
    assert _places("安徽和县的干部").loc["和县", "province"] == "安徽省"


def test_shared_district_name_resolved_by_context():
    p = _places("南京市鼓楼区")
    assert p.loc["鼓楼区", "prefecture"] == "南京市"
    p = _places("福州鼓楼区")
    assert p.loc["鼓楼区", "prefecture"] == "福州市"
    p = _places("鼓楼区")
    assert p.loc["鼓楼区", "adcode"] == ""  # no context: left unresolved


def test_seed_places(seed_corpus):
    places = place_mentions(seed_corpus.paragraphs)
    a003 = places.loc[places["article_id"] == seed_id("003")].set_index("place")
    assert a003.index[0] == "娄底市"
    assert a003.loc["娄底市", "count"] == sum(
        t.count("娄底") for t in seed_corpus.paragraphs.query(
            f"article_id == '{seed_id('003')}'")["text"])
    assert "婁底" not in "".join(places["surfaces"])
    a001 = places.loc[places["article_id"] == seed_id("001")].set_index("place")
    assert {"张家界市", "长沙市", "常德市", "株洲市"} <= set(a001.index)


def test_regex_fallback_finds_the_same_places(seed_corpus):
    fast = place_mentions(seed_corpus.paragraphs, engine="ahocorasick")
    slow = place_mentions(seed_corpus.paragraphs, engine="regex")
    pd.testing.assert_frame_equal(fast, slow)
    assert len(fast) > 30


def test_places_of_article_subsets_concatenate_to_the_whole(seed_corpus):
    """Place resolution uses one article's own names only, so chunks of articles (as the
    workers of ``make bench`` run them) give the rows of the whole corpus."""
    paras = seed_corpus.paragraphs
    ids = sorted(paras["article_id"].unique())
    whole = place_mentions(paras)
    parts = pd.concat([place_mentions(paras.loc[paras["article_id"] == a]) for a in ids],
                      ignore_index=True)
    pd.testing.assert_frame_equal(parts, whole)


def test_short_names_inside_other_words_are_no_places():
    # a kiwi orchard 猕猴桃园, a newspaper, a mountain, an idiom: no place
    text = ("猕猴桃园里果农正忙。湖南日报记者报道，张家界天门山景区为群众的平安健康保驾护航。"
            "来自湖南和金华的志愿者赶到长沙。")
    found = _places(text)
    assert found.loc["湖南省", "count"] == 1 and found.loc["金华市", "count"] == 1
    assert found.loc["长沙市", "count"] == 1 and found.loc["张家界市", "count"] == 1
    assert not {"桃园市", "天门市", "康保县"} & set(found.index)


def test_claim_places_skip_names_inside_words():
    from analysis.claims import place_spans

    assert place_spans("猕猴桃园里种了1000余亩") == []
    assert [p for _, _, p in place_spans("来自金华的志愿者")] == ["金华市"]


def test_words_that_go_on_as_the_place_and_former_names_still_count():
    for text, place in [("我是湖南人", "湖南省"), ("湖南籍游客返乡。", "湖南省"), ("长沙人都知道。", "长沙市"),
                        ("中共宁乡县委组织部下发通知。", "宁乡市"), ("邵东县委书记到社区督导。", "邵东市")]:
        assert _places(text).loc[place, "count"] == 1, text
    assert "金华市" not in _places("浏阳市金华村党支部").index  # a village named 金华


def test_claim_places_keep_villages_whole():
    from analysis.claims import place_spans

    def labels(text: str) -> list[str]:
        return [p for _, _, p in place_spans(text)]

    assert labels("长沙市天心区桃园村的党员") == ["长沙市天心区桃园村"]
    assert labels("宁乡市双江口镇金华村") == ["宁乡市双江口镇金华村"]
    assert labels("长沙县委书记到社区督导") == ["长沙县"]
    assert labels("长沙市民走进社区") == ["长沙市"]
    assert labels("湖南籍游客返乡。") == ["湖南省"]


@pytest.mark.parametrize(("text", "found"), [
    ("法国卫生部称", [(0, 2, "法国")]),
    ("东航从越南接回131位旅客", [(3, 5, "越南")]),
    ("美国和菲律宾", [(0, 2, "美国"), (3, 6, "菲律宾")]),
    ("日本政府宣布", [(0, 2, "日本")]),
    ("法国人认为", [(0, 2, "法国")]),
    ("大韩民国", [(0, 4, "韩国")]),  # official name -> the common one
    ("欧盟委员会日前公布", [(0, 5, "欧盟")]),
    ("增加纳税人数", []),  # 加纳 inside 增加 纳税
    ("依法国有资产", []),  # 法国 inside 依法 国有
    ("他也门外站着", []),  # 也门 across 也 | 门外
    ("中非合作论坛", []),  # China-Africa, not the Central African Republic
    ("中国和香港", []),  # China itself and its regions are the China gazetteer's
    ("蒙古族牧民", []), ("朝鲜族群众", []), ("印度洋", []), ("黑山村", []),  # a people, a sea, a village
    ("蒙古国", [(0, 3, "蒙古")]),
])
def test_countries_are_words_of_their_own(text: str, found: list) -> None:
    from analysis.places import find_countries

    assert find_countries(text) == found


def test_figures_group_a_place_chain_with_the_place_alone() -> None:
    from analysis.places import without_province

    assert without_province("湖北省武汉市") == "武汉市"
    assert without_province("广西壮族自治区三江侗族自治县") == "三江侗族自治县"
    assert without_province("湖北省") == "湖北省" and without_province("全国") == "全国"
    assert without_province("长沙市天心区黄合村") == "长沙市天心区黄合村"
