"""Newspaper layouts: headline block, datelines, bylines, photo credits, outlets, file names.

Every input here is a line or a small file written for the test in the layouts that print
archives use (the People's Daily month is development data, never a test input).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import metadata as md
from analysis.corpus import CorpusOptions, build_corpus
from analysis.filenames import FilenamePatternError, compile_pattern, filename_fields, parse_date
from analysis.layout import column_of, header_block, kicker_text, subtitle_text

IND = "\u3000\u3000"


def _print_item(kicker: str, headline: str, subtitle: str, *body: str) -> str:
    """A file as a print archive writes it: three header lines, then indented paragraphs, CRLF."""
    lines = [kicker, headline, subtitle, *(IND + b for b in body)]
    return "\r\n".join(lines) + "\r\n"


# --- the headline block ------------------------------------------------------------------------


def test_header_block_of_the_print_layout() -> None:
    lines = ["联合国机构——", "过度的旅行限制措施将带来不利影响", "", IND + "本报马德里2月27日电  （记者姜波）联合国…。"]
    block = header_block(lines)
    assert block is not None
    assert (block.kicker, block.headline, block.subtitle) == (0, 1, None)
    lines = ["", "疫情不必怕，一起战胜它！（一方有难 八方支援）", "——患者讲述治愈的故事", IND + "随着…。"]
    block = header_block(lines)
    assert block is not None and (block.kicker, block.headline, block.subtitle) == (None, 1, 2)


def test_no_header_block_for_web_pages() -> None:
    # a web page: title, blank, a flush date line, flush body
    assert header_block(["标题在这里", "", "2020-02-09 09:25:09", "正文第一段。"]) is None
    # a sentence in the first lines is prose, not a header
    assert header_block(["第一段正文，内容完整。", "第二段。", "", IND + "正文。"]) is None
    # indented from the first line: no header at all
    assert header_block([IND + "正文第一段。", IND + "第二段。"]) is None


def test_kicker_subtitle_and_column_text() -> None:
    assert kicker_text("联合国机构——") == "联合国机构"
    assert kicker_text("文化和旅游部：") == "文化和旅游部："
    assert subtitle_text("——患者讲述治愈的故事") == "患者讲述治愈的故事"
    assert column_of("守护生命 争分夺秒（快评）") == "快评"
    assert column_of("合理补充营养提高免疫力(名医讲堂)") == "名医讲堂"
    assert column_of("疫情不必怕，一起战胜它！（一方有难 八方支援）") == "一方有难 八方支援"
    assert column_of("疫情防控的几点思考（上）") == ""
    assert column_of("方舱医院的饭从哪来") == ""


# --- datelines, bylines, photo credits ---------------------------------------------------------


def test_datelines_give_outlet_place_date_and_reporters() -> None:
    d = md.parse_dateline("本报马德里2月27日电 （记者姜波）联合国世界旅游组织26日发表声明。")
    assert (d.outlet, d.place, d.month, d.day, d.names, d.via) == ("本报", "马德里", 2, 27, ["姜波"], "")
    assert d.rest == "联合国世界旅游组织26日发表声明。"
    d = md.parse_dateline("新华社北京1月31日电 （记者陈芳、屈婷、王秉阳）此前，…")
    assert (d.outlet, d.place, d.names) == ("新华社", "北京", ["陈芳", "屈婷", "王秉阳"])
    d = md.parse_dateline("据新华社喀土穆1月31日电 （记者马意翀）中国…")
    assert (d.outlet, d.via, d.place) == ("新华社", "据新华社", "喀土穆")
    d = md.parse_dateline("本报电 文化和旅游部办公厅近日印发《通知》。")
    assert (d.outlet, d.place, d.month, d.rest) == ("本报", "", 0, "文化和旅游部办公厅近日印发《通知》。")
    assert md.parse_dateline("据统计，截至2月28日，超过300名队员…").text == ""


def test_dateline_year_comes_from_the_publication_date() -> None:
    assert md.dateline_date(2, 27, "2020-02-28") == "2020-02-27"
    assert md.dateline_date(12, 31, "2020-01-02") == "2019-12-31"
    assert md.dateline_date(2, 27, "") == "--02-27"
    assert md.dateline_date(2, 30, "2020-02-28") == ""


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 王  浩  贾  静", ["王浩", "贾静"]),
        ("（本报记者李泓冰、何勇、鲜敢、孙超参与采写）", ["李泓冰", "何勇", "鲜敢", "孙超"]),
        ("本报记者 王 丹整理", ["王丹"]),
        ("本报记者 申少铁", ["申少铁"]),
        ("本报通讯员 张弛", ["张弛"]),
    ],
)
def test_reporter_lines(line: str, names: list[str]) -> None:
    assert md.is_reporter_line(line)
    assert md.reporter_names(line) == names


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("新华社记者 辛悦卫摄", ["辛悦卫"]),
        ("刘勤利摄（影像中国）", ["刘勤利"]),
        ("尼  库摄（新华社发）", ["尼库"]),
        ("朱  磊  饶庆平摄影报道", ["朱磊", "饶庆平"]),
        ("本报记者  孙立极摄", ["孙立极"]),
        ("我们一起去拍摄", []),
        ("他说，大家都来拍摄", []),
    ],
)
def test_photo_credit_lines(line: str, names: list[str]) -> None:
    assert md.photo_line_names(line) == names


def test_author_notes_and_reprint_credits() -> None:
    assert md.author_note("（作者为北京外国语大学法国籍教师）") == "北京外国语大学法国籍教师"
    assert md.author_note("（作者单位：中国社会科学院）") == "中国社会科学院"
    assert md.author_note("（作者认为这很重要，值得注意。）") == ""
    assert md.split_interviewer("挪威科学院院士，本报记者李琰、任皓宇采访整理") == (
        "挪威科学院院士", ["李琰", "任皓宇"])
    rest, d = md.trailing_dateline("铸剑不是为了战斗，而是为了和平。（据新华社电）")
    assert (rest, d.text, d.outlet, d.via) == (
        "铸剑不是为了战斗，而是为了和平。", "（据新华社电）", "新华社", "据新华社")


def test_outlets_are_canonical_and_never_guessed() -> None:
    assert md.canonical_outlet("据新华社") == "新华社"
    assert md.canonical_outlet("本报", "人民日报") == "人民日报"
    assert md.canonical_outlet("本报") == ""
    assert md.canonical_outlet("新华社", "人民日报") == "新华社"


# --- file names ---------------------------------------------------------------------------------


def test_dates_and_fields_from_file_names() -> None:
    assert filename_fields("20200228-16-03.txt") == {"date": "2020-02-28", "page": "16", "item": "3"}
    assert filename_fields("2020-02-28/003.txt") == {"date": "2020-02-28"}
    assert filename_fields("xinhua_2020_02_28_a.txt") == {"date": "2020-02-28"}
    assert filename_fields("000_f08426795b9942c5.txt") == {}  # a hex id is no date
    assert filename_fields("20200230-01-01.txt").get("date") is None  # no such day
    assert parse_date("x20200228y") == ""  # glued to letters: no date
    pattern = compile_pattern(r"(?P<outlet_code>[a-z]+)-(?P<date>\d{8})-(?P<page>\d+)")
    assert filename_fields("rmrb-20200201-04.txt", pattern) == {
        "outlet_code": "rmrb", "date": "2020-02-01", "page": "4"}
    assert filename_fields("notes.txt", pattern) == {"pattern_miss": "1"}


@pytest.mark.parametrize("bad", ["(?P<date>\\d{8}", "\\d{8}", "(?P<published>\\d{8})"])
def test_bad_filename_patterns_are_refused(bad: str) -> None:
    with pytest.raises(FilenamePatternError):
        compile_pattern(bad)


# --- a small print-archive corpus, end to end ---------------------------------------------------


def _write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def test_print_archive_corpus(tmp_path: Path) -> None:
    _write(tmp_path, "20200228-16-03.txt", _print_item(
        "联合国机构——", "过度的旅行限制措施将带来不利影响", "",
        "本报马德里2月27日电  （记者姜波）联合国世界旅游组织和世界卫生组织26日发表联合声明。",
        "声明强调“合作是关键”，旅游行业致力于保障旅客健康。"))
    _write(tmp_path, "20200215-04-02.txt", _print_item(
        "", "疫情不必怕，一起战胜它！（一方有难 八方支援）", "——患者讲述治愈的故事",
        "随着武汉市应收尽收工作的开展，一批批患者陆续出院。",
        "新华社记者 辛悦卫摄",
        "（本报记者汪晓东、付文）"))
    _write(tmp_path, "20200203-03-07.txt", _print_item(
        "", "中国赴达尔富尔维和直升机分队举办中国年活动", "",
        "据新华社喀土穆1月31日电  （记者马意翀）中国维和直升机分队举办活动。"))
    _write(tmp_path, "20200217-20-03.txt", _print_item(
        "", "图片报道", "", "安徽亳州，春暖农事忙。", "刘勤利摄（影像中国）"))
    _write(tmp_path, "20200210-08-01.txt", "\r\n广告\r\n\r\n")
    _write(tmp_path, "20200211-09-01.txt", _print_item(
        "", "危机只会让中国更加团结强大", "",
        "我想用中文对所有中国朋友说：“我们的心和你们在一起。”",
        "（作者为北京外国语大学法国籍教师）"))
    corpus = build_corpus(tmp_path, options=CorpusOptions(outlet="人民日报"))
    arts = corpus.articles.set_index("article_id")

    a = arts.loc["20200228-16-03"]
    assert (a["kicker"], a["title"], a["subtitle"]) == ("联合国机构", "过度的旅行限制措施将带来不利影响", "")
    assert (a["outlet"], a["authors"], a["dateline_place"], a["dateline_date"]) == (
        "人民日报", "姜波", "马德里", "2020-02-27")
    assert (a["published"], a["published_source"], a["page"]) == ("2020-02-28", "filename", "16")

    b = arts.loc["20200215-04-02"]
    assert (b["subtitle"], b["column"]) == ("患者讲述治愈的故事", "一方有难 八方支援")
    assert (b["authors"], b["photographers"]) == ("汪晓东;付文", "辛悦卫")

    c = arts.loc["20200203-03-07"]
    assert (c["outlet"], c["via"], c["authors"]) == ("新华社", "据新华社", "马意翀")

    assert arts.loc["20200217-20-03", "genre"] == "photo"
    assert arts.loc["20200217-20-03", "photographers"] == "刘勤利"
    e = arts.loc["20200211-09-01"]
    assert (e["authors"], e["affiliations"], e["outlet"]) == ("", "北京外国语大学法国籍教师", "人民日报")

    problems = dict(zip(corpus.problems["file"], corpus.problems["problem"], strict=True))
    assert problems == {"20200210-08-01.txt": "advert"}
    # every non-empty raw line is a paragraph or a removed log row, for dropped items too
    for path in sorted(tmp_path.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
        nonempty = {i + 1 for i, ln in enumerate(lines) if ln.strip(" \u3000")}
        aid = path.stem
        kept = set(corpus.paragraphs.loc[corpus.paragraphs["article_id"] == aid, "line_no"])
        log = corpus.cleaning_log
        removed = set(log.loc[(log["article_id"] == aid) & (log["action"] == "removed"), "line_no"])
        assert kept | removed == nonempty, path.name

    # without OUTLET, 本报 and uncredited items get no outlet: none is guessed
    plain = build_corpus(tmp_path).articles.set_index("article_id")
    assert plain.loc["20200228-16-03", "outlet"] == ""
    assert plain.loc["20200203-03-07", "outlet"] == "新华社"


def test_dated_folders_and_a_filename_pattern(tmp_path: Path) -> None:
    item = _print_item("", "江西复工复产改为报备制", "", "本报南昌2月18日电  （记者朱磊）记者获悉：江西推动企业复工。")
    _write(tmp_path, "2020-02-19/p07-06.txt", item)
    corpus = build_corpus(tmp_path, options=CorpusOptions(
        filename_pattern=r"p(?P<page>\d+)-(?P<item>\d+)"))
    row = corpus.articles.iloc[0]
    assert (row["article_id"], row["file"]) == ("2020-02-19/p07-06", "2020-02-19/p07-06.txt")
    assert (row["published"], row["published_source"], row["page"], row["item"]) == (
        "2020-02-19", "filename", "7", "6")
    assert row["dateline_date"] == "2020-02-18"


def test_metadata_sample_scoring() -> None:
    import pandas as pd

    from analysis.metadata_check import score_fields

    articles = pd.DataFrame({
        "article_id": ["a", "b"],
        "title": ["守护生命 争分夺秒(快评)", "方舱医院的饭从哪来"],
        "authors": ["王浩;贾静", ""],
    })
    sample = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "title": ["守护生命争分夺秒（快评）", "方舱医院", "广告", "漏掉的文章"],
        "authors": ["贾静;王浩", "", "", ""],
        "genre": ["article", "article", "advert", "article"],
    })
    scores, misses = score_fields(articles, sample)
    by = scores.set_index("field")
    # c is an advert left out (not scored); d is missing (wrong); b's title differs
    assert (by.loc["title", "n"], by.loc["title", "correct"]) == (3, 1)
    assert (by.loc["authors", "n"], by.loc["authors", "correct"]) == (3, 2)
    assert set(misses["article_id"]) == {"b", "d"}


def test_end_of_item_credits() -> None:
    rest, d = md.trailing_dateline("体育场内人声鼎沸。（本报曼谷2月21日电）")
    assert (rest, d.outlet, d.place, d.month, d.day) == ("体育场内人声鼎沸。", "本报", "曼谷", 2, 21)
    assert md.trailing_dateline("（本报约翰内斯堡电）")[1].place == "约翰内斯堡"
    assert md.trailing_dateline("他说（这是电）")[1].text == ""
    assert md.name_credit("（吕 轩）") == ["吕轩"]
    assert md.name_credit("（曲哲涵）") == ["曲哲涵"]
    assert md.name_credit("（新华社）") == [] and md.name_credit("（完）") == []
    assert md.signature_names("浙江台州市 江德斌") == ["江德斌"]
    assert md.signature_names("湖南省 长沙市") == []
    assert md.byline_fields("（执笔：张润杰  齐成龙）")["执笔"] == "张润杰 齐成龙"


def test_photo_items_and_short_news(tmp_path: Path) -> None:
    _write(tmp_path, "20200202-03-06.txt", _print_item(
        "", "七旬夫妇 种菜送医", "", "重庆市南岸区迎龙镇政府的办公室，电话突然响了起来。",
        "2月1日，几名党员干部主动上门帮忙。", "蒋云龙 郭 旭摄影报道"))
    # two photo items whose pictures were not scraped: a headline each, never one duplicate
    _write(tmp_path, "20200212-20-04.txt", _print_item("", "图片报道", "", "本版图片来源：影像中国"))
    _write(tmp_path, "20200222-08-04.txt", _print_item("", "图片报道", "", "本版图片来源：影像中国"))
    _write(tmp_path, "20200224-18-03.txt", _print_item(
        "", "财经短波", "", "泰康公共卫生及流行病防治基金启动", "本报电  由泰康保险集团发起设立的基金近日启动。",
        "（曲哲涵）"))
    _write(tmp_path, "20200210-07-03.txt", _print_item(
        "", "来信", "", "疫情期间，社区干部挨家挨户送菜上门，让我们十分感动。", "浙江台州市 江德斌"))
    corpus = build_corpus(tmp_path, options=CorpusOptions(outlet="人民日报"))
    arts = corpus.articles.set_index("article_id")
    assert (arts.loc["20200202-03-06", "genre"], arts.loc["20200202-03-06", "photographers"]) == (
        "photo", "蒋云龙;郭旭")
    assert list(arts.loc[["20200212-20-04", "20200222-08-04"], "genre"]) == ["photo", "photo"]
    assert corpus.problems.empty
    assert arts.loc["20200224-18-03", "authors"] == "曲哲涵"
    assert arts.loc["20200210-07-03", "authors"] == "江德斌"


def test_foreign_bylines_roundup_datelines_and_captioned_photos(tmp_path: Path) -> None:
    assert md.foreign_byline("（意大利）罗伯托·巴蒂斯通") == ["罗伯托·巴蒂斯通"]
    assert md.foreign_byline("（巴基斯坦）阿塔拉曼") == ["阿塔拉曼"]
    assert md.foreign_byline("（上接第一版）") == []
    _, d = md.trailing_dateline("（本报北京、东京、巴黎2月27日电  记者曲颂、苑基荣、刘军国）")
    assert (d.place, d.names, d.day) == ("北京、东京、巴黎", ["曲颂", "苑基荣", "刘军国"], 27)
    _write(tmp_path, "20200217-11-04.txt", _print_item(
        "", "雪后春耕", "", "2月16日，江西省宜春市农民在田间劳作。", "图为村民在育秧大棚内查看秧苗。",
        "吴 拯摄（影像中国）"))
    _write(tmp_path, "20200217-11-05.txt", _print_item(
        "", "春耕备耕有序推进", "", "本报南昌2月16日电  （记者王丹）" + "江西各地抓好春耕备耕，" * 40 + "。",
        "新华社记者 王五摄"))
    arts = build_corpus(tmp_path).articles.set_index("article_id")
    assert (arts.loc["20200217-11-04", "genre"], arts.loc["20200217-11-04", "photographers"]) == (
        "photo", "吴拯")
    # a long report with a photo stays an article
    assert arts.loc["20200217-11-05", "genre"] == "article"
