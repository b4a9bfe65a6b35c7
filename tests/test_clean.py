"""Cleaning: what a reader of the seed articles would check, plus the rules on small texts."""

from __future__ import annotations

import re

import pytest

from analysis.clean import (
    detect_script,
    flag_mojibake,
    split_run_together,
    strip_pinyin,
    to_simplified,
)
from analysis.corpus import Corpus, build_corpus
from analysis.paths import SEEDS_DIR
from analysis.text import normalize_punctuation, split_sentences
from tests.conftest import seed_id

TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def test_strip_pinyin_removes_converter_annotations_only() -> None:
    assert strip_pinyin("發(fā)生以來(lái)")[0] == "發生以來"
    assert strip_pinyin("江克美(左二)、李陽(yáng)")[0] == "江克美(左二)、李陽"
    assert strip_pinyin("查看CT(CT)結果")[0] == "查看CT(CT)結果"
    assert strip_pinyin("發(fā)生")[1] == ["(fā)"]


def test_mojibake_is_flagged_not_guessed() -> None:
    assert flag_mojibake("勇挑重?fù)?dān)、沖在前") == ("勇挑重\ufffd、沖在前", ["?fù)?dān)"])
    assert flag_mojibake("旁山?jīng)_社區")[0] == "旁山\ufffd社區"
    # a question mark is not mojibake
    assert flag_mojibake("人力从哪里来?非常之时") == ("人力从哪里来?非常之时", [])


def test_script_detection() -> None:
    assert detect_script("婁底市直機關工委第一時間將黨員志願者派往社區") == "traditional"
    assert detect_script("娄底市直机关工委第一时间将党员志愿者派往社区") == "simplified"
    assert to_simplified("發生以來，婁底") == "发生以来，娄底"


def test_punctuation_normalization_keeps_length_and_numbers() -> None:
    raw = "共1,000人(其中党员602人),占60.2%:好!"
    clean = normalize_punctuation(raw)
    assert clean == "共1,000人（其中党员602人），占60.2%：好！"
    assert len(clean) == len(raw)
    assert normalize_punctuation("１２３４５名") == "12345名"


def test_split_sentences_offsets() -> None:
    text = "他说：“我是党员。”然后走了……好吧"
    sentences = split_sentences(text)
    assert [s for _, _, s in sentences] == ["他说：“我是党员。”", "然后走了……", "好吧"]
    assert all(text[a:b] == s for a, b, s in sentences)


def test_run_together_paragraphs_split_at_sentence_gaps_not_inside_quotes() -> None:
    line = (
        "疫情来势凶猛，连日来，县委组织部带头贯彻落实上级疫情防控工作部署，动员发动各方力量，"
        "为打赢疫情防控狙击战提供坚强的组织保障。 疫情就是命令。县委、政府高度重视，第一时间成立领导小组，"
        "依托“大数据 网格化”开展工作，利用广播开展全天候、全覆盖宣传 基层是疫情防控的“桥头堡”。"
    )
    pieces = split_run_together(line)
    assert [p[:6] for p in pieces] == ["疫情来势凶猛", "疫情就是命令", "基层是疫情防"]
    assert "“大数据 网格化”" in pieces[1]


def test_every_nonempty_raw_line_is_accounted_for(seed_corpus: Corpus) -> None:
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        nonempty = {i + 1 for i, ln in enumerate(lines) if ln.strip(" \t\u3000\u00a0")}
        paras = seed_corpus.paragraphs[seed_corpus.paragraphs["article_id"] == path.stem]
        log = seed_corpus.cleaning_log[
            (seed_corpus.cleaning_log["article_id"] == path.stem)
            & (seed_corpus.cleaning_log["action"] == "removed")
        ]
        kept, removed = set(paras["line_no"]), set(log["line_no"])
        assert kept | removed == nonempty, path.name
        assert not kept & removed, path.name


def test_no_clutter_in_content(seed_corpus: Corpus) -> None:
    text = "\n".join(seed_corpus.paragraphs["text"])
    for clutter in ("返回红网首页", "—分享—", "当前位置", "阅读下一篇", "本文链接", "编辑推荐",
                    "来源：", "编辑：", "责编", "http", "时刻新闻\n"):
        assert clutter not in text, clutter
    assert not re.search(r"\.(jpe?g|png|gif)\b", text, re.IGNORECASE)
    assert not (seed_corpus.paragraphs["text"].isin(["广告", "评论", "|", "……"])).any()
    log = seed_corpus.cleaning_log
    removed = log[log["action"] == "removed"].set_index("raw_text")["reason"]
    assert removed["WechatIMG3012副本.jpg"] == "image file name"
    assert removed["—分享—"] == "share button"
    assert removed["返回红网首页 返回湖南频道首页"] == "navigation"
    assert removed["广告"] == "advert"


def test_traditional_seed_is_simplified_with_no_pinyin(seed_corpus: Corpus) -> None:
    aid = seed_id("003")
    art = seed_corpus.articles.set_index("article_id").loc[aid]
    assert art["script"] == "traditional"
    paras = seed_corpus.paragraphs[seed_corpus.paragraphs["article_id"] == aid]
    text = "".join(paras["text"])
    assert not TONE_MARKS.search(text)
    assert "(" not in text and "婁" not in text and "黨" not in text
    assert text.count("娄底") == 7  # 8 in the raw text, one in the credit line moved to metadata
    assert to_simplified(text) == text
    assert "市直机关工委第一时间将604名党员志愿者派往45个社区" in text
    log = seed_corpus.cleaning_log
    mojibake = log[(log["article_id"] == aid) & (log["reason"] == "mojibake flagged")]
    spans = [x for d in mojibake["detail"] for x in d.split(": ", 1)[1].split("、")]
    # the six broken spots of the raw file (勇挑重?fù)?dān), 勇?lián)?dāng), 旁山?jīng)_社區,
    # 日?qǐng)?bào), 下?lián)軐m?xiàng), 重?fù)?dān)), one U+FFFD each, in five paragraphs
    assert spans == ["?fù)?dān)", "?lián)?dāng)", "?jīng)_", "?qǐng)?bào)", "?lián)軐m?xiàng)", "?fù)?dān)"]
    assert text.count("\ufffd") == len(spans)


@pytest.mark.parametrize(
    ("prefix", "roles"),
    [
        ("001", {"headline": 1, "caption": 7, "heading": 3, "body": 30}),
        ("003", {"heading": 3, "caption": 5, "body": 15}),
        ("004", {"kicker": 1, "headline": 1, "caption": 4, "body": 36}),
    ],
)
def test_paragraph_roles(seed_corpus: Corpus, prefix: str, roles: dict[str, int]) -> None:
    paras = seed_corpus.paragraphs[seed_corpus.paragraphs["article_id"] == seed_id(prefix)]
    assert paras["role"].value_counts().to_dict() == roles


def test_run_together_seed_is_split(seed_corpus: Corpus) -> None:
    paras = seed_corpus.paragraphs[seed_corpus.paragraphs["article_id"] == seed_id("002")]
    assert len(paras) == 16
    starts = paras["text"].str[:6].tolist()
    assert {"疫情就是命令", "基层是疫情防", "党员就是旗帜", "2月2日，县"} <= set(starts)
    # the dateline went to metadata, the paragraph starts with the quote
    assert paras["text"].iloc[0].startswith("“众志成城")
    assert paras["raw_text"].iloc[0].startswith("兴县新闻网讯(通讯员 杜凤英)")


def test_page_formats_of_other_sites(tmp_path) -> None:
    """Clutter and metadata as other Chinese news sites lay them out (written for this test)."""
    page = "\n".join([
        "人民网>>地方>>吉林频道>>时政",
        "吉林长春：党员突击队冲在抗疫最前沿",
        "2022年03月18日08:12 | 来源：人民网－人民日报",
        "点击播报本文，约",
        "本报长春3月17日电  （记者孟海鹰、刘以晴）连日来，长春市组建党员突击队1260支，2.3万余名党员下沉小区。",
        "3月16日，党员志愿者为居民配送生活物资。新华社记者 许畅 摄",
        "截至3月16日，长春市共有1.8万名机关企事业单位党员到社区报到。",
        "《 人民日报 》（ 2022年03月18日 04 版）",
        "【纠错】 【责任编辑：刘金海】",
        "推荐阅读",
        "吉林省委组织部下拨500万元党费支持疫情防控",
        "扫一扫在手机打开当前页",
    ])
    (tmp_path / "people.txt").write_text(page, encoding="utf-8")
    corpus = build_corpus(tmp_path)
    art = corpus.articles.iloc[0]
    assert art["title"] == "吉林长春：党员突击队冲在抗疫最前沿"
    assert (art["outlet"], art["authors"], art["editor"]) == ("人民网-人民日报", "孟海鹰;刘以晴", "刘金海")
    assert art["published"] == "2022-03-18T08:12:00"
    assert corpus.paragraphs["role"].tolist() == ["headline", "body", "caption", "body"]
    assert corpus.paragraphs["text"].iloc[1].startswith("连日来")
    reasons = corpus.cleaning_log.set_index("line_no")["reason"]
    assert reasons[1] == "navigation" and reasons[11] == "related links" and reasons[12] == "share button"


@pytest.mark.parametrize(("header", "reason"), [
    ("华龙网首页 - 重庆 - 区县新闻 - 万州", "navigation"),
    ("某某日报·某某网  首页 | 本地 | 区域 | 视频 | 图片", "navigation"),
    ("某某市人民政府 - 政务公开 - 工作动态", "navigation"),
    ("广告  广告  广告", "advert"),
    ("某某日报客户端 | 记者 刘思敏 实习记者 王可", "reporter byline"),
])
def test_header_lines_of_portals_are_clutter_not_the_title(tmp_path, header, reason) -> None:
    page = "\n".join([
        header,
        "某某县：党员干部下沉一线 筑牢疫情防线",
        "连日来，某某县组织1200余名党员干部下沉社区，协助开展核酸检测和物资配送工作。",
    ])
    (tmp_path / "a.txt").write_text(page, encoding="utf-8")
    corpus = build_corpus(tmp_path)
    assert corpus.articles.iloc[0]["title"] == "某某县：党员干部下沉一线 筑牢疫情防线"
    assert corpus.cleaning_log.set_index("line_no").loc[1, "reason"] == reason
    if reason == "reporter byline":
        assert corpus.articles.iloc[0]["authors"] == "刘思敏;王可"


def test_headlines_behind_menus_subtitles_and_index_fields(tmp_path) -> None:
    menu = "\n".join(["|", "首页", "|", "新闻", "|", "专题", "|",  # 专题 is a menu item here
                      "兰陵县：爱心汇聚416.54万元 凝聚战“疫”合力", "|", "来源：兰陵县融媒体中心",
                      "疫情发生以来，全县共有1.6万余名党员自愿捐款，累计捐款416.54万元。"])
    subtitle = "\n".join(["——党员干部“五包一”守边境 群众“家门口”筑起防疫墙",
                          "【边境防疫】东兴：1800余名党员日夜守护边境线",
                          "东兴市地处中越边境，边境线长、便道多，疫情输入风险高。"])
    portal = "\n".join(["索引号：00123456-7/2021-00892　　发布机构：市委组织部",
                        "标　题：我市建立市区街道“三级联动”机制 全力做好疫情防控工作",
                        "日　期：2021/09/28　　来　源：某某日报",
                        "9月下旬本土疫情发生后，我市迅速建立“三级联动”工作机制，统筹调度各方力量。"])
    for name, text in [("menu", menu), ("subtitle", subtitle), ("portal", portal)]:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    corpus = build_corpus(tmp_path)
    titles = corpus.articles.set_index("article_id")["title"]
    assert titles["menu"] == "兰陵县：爱心汇聚416.54万元 凝聚战“疫”合力"
    assert titles["subtitle"] == "东兴：1800余名党员日夜守护边境线"
    assert titles["portal"] == "我市建立市区街道“三级联动”机制 全力做好疫情防控工作"
    roles = corpus.paragraphs.groupby("article_id")["role"].apply(list)
    assert roles["subtitle"] == ["heading", "kicker", "headline", "body"]
    log = corpus.cleaning_log
    portal_log = log[log["article_id"] == "portal"].set_index("line_no")
    assert portal_log.loc[1, "reason"] == "byline"
    assert "field label removed" in set(portal_log["reason"])
    assert corpus.articles.set_index("article_id").loc["portal", "outlet"] == "某某日报"


def test_a_headline_of_phrases_joined_by_dots_is_no_menu() -> None:
    from analysis.clean import is_menu_line

    assert not is_menu_line("战疫情 · 党旗红 · 我们在行动")
    assert not is_menu_line("战疫一线 | 党员冲锋在前")  # two parts: a headline with a kicker
    assert is_menu_line("首页 | 新闻 | 本地") and is_menu_line("某某网首页 - 重庆 - 万州")


@pytest.mark.parametrize(("line", "reason"), [
    ("党旗在一线 | 社区书记 | 连续奋战40天", None),  # a headline in three parts
    ("独家 | 记者走访社区", None),  # kicker | headline
    ("人民网 | 记者 刘思敏 | 2020-02-03", "date line"),
])
def test_pipe_lines_that_are_headlines_or_dated_bylines(line, reason) -> None:
    from analysis.clean import classify_clutter

    assert classify_clutter(line, index=0, n_lines=5) == reason


def test_print_page_credits_are_clutter() -> None:
    from analysis import metadata as md

    for line in ("版式设计：蔡华伟", "制图：郭 祥", "版式设计：郭 祥 汪哲平"):
        assert md.is_byline(line), line
    assert not md.is_byline("设计部门正在制图。")
