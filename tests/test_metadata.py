"""Metadata read from the text: bylines, dates, authors, editors, URLs, metadata.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import Corpus, build_corpus
from analysis.metadata import body_date_note, byline_fields, is_byline, split_dateline
from analysis.paths import SEEDS_DIR
from tests.conftest import seed_id


def _article(corpus: Corpus, prefix: str) -> pd.Series:
    return corpus.articles.set_index("article_id").loc[seed_id(prefix)]


def test_001_byline(seed_corpus: Corpus) -> None:
    art = _article(seed_corpus, "001")
    assert art["published"] == "2021-08-09T23:01:25"
    assert art["published_source"] == "text"
    assert (art["outlet"], art["authors"], art["editor"]) == ("红网", "王诗颖", "肖拓")
    assert art["url"] == "https://hn.rednet.cn/content/2021/08/09/9762867.html"
    assert art["title"] == "观察丨非常之时担非常之责，四城堡垒在一线"


def test_002_date_line_site_header_and_dateline(seed_corpus: Corpus) -> None:
    art = _article(seed_corpus, "002")
    assert (art["published"], art["published_source"]) == ("2020-02-09T09:25:09", "text")
    assert (art["outlet"], art["authors"]) == ("兴县新闻网", "杜凤英")


def test_004_bracketed_byline_kicker_and_no_inferred_date(seed_corpus: Corpus) -> None:
    art = _article(seed_corpus, "004")
    assert (art["outlet"], art["authors"]) == ("华声在线", "唐婷;孙敏坚;刘燕娟")
    assert art["title"] == "关键时刻冲上去 危难关头豁出来"
    # the body gives 2020年2月23日 and later events up to 2月28日, but a body date is no
    # publication date: it stays unknown, and the note names what the body says
    assert (art["published"], art["published_source"]) == ("", "unknown")
    assert "2020年2月23日" in art["date_note"]


def test_no_year_is_invented(seed_corpus: Corpus) -> None:
    art = _article(seed_corpus, "000")
    assert (art["published"], art["published_source"]) == ("", "unknown")
    assert "3月27日" in art["date_note"]
    assert (art["outlet"], art["editor"]) == ("湖南日报", "黄圣杰")
    art3 = _article(seed_corpus, "003")
    assert (art3["published"], art3["published_source"]) == ("", "unknown")
    # CMS placeholders are no editor or outlet; the credit line names the authors
    assert (art3["editor"], art3["outlet"], art3["authors"]) == ("", "", "刘艺;王纯芳")


def test_body_dates_are_named_not_used() -> None:
    assert body_date_note("2020年，湖南经历了疫情。3月5日，会议召开。") == (
        "latest dated event 3月5日; no year in the text"
    )
    note = body_date_note("2021年7月31日，长沙调整风险等级。8月3日，全员检测。")
    assert note.startswith("latest full date in the text 2021年7月31日")
    assert body_date_note("会议召开。") == "no date in the text"


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("来源:红网 作者:王诗颖 编辑:肖拓 2021-08-09 23:01:25",
         {"来源": "红网", "作者": "王诗颖", "编辑": "肖拓", "datetime": "2021-08-09T23:01:25"}),
        ("[来源:华声在线] [作者:唐婷 孙敏坚 刘燕娟]", {"来源": "华声在线", "作者": "唐婷 孙敏坚 刘燕娟"}),
        ("责任编辑：李四", {"责任编辑": "李四"}),
        ("发布时间：2022年03月18日 10:05", {"发布时间": "", "datetime": "2022-03-18T10:05:00"}),
    ],
)
def test_byline_fields(line: str, fields: dict[str, str]) -> None:
    assert is_byline(line)
    expected = {k: v for k, v in fields.items() if v}
    assert byline_fields(line) == expected


def test_body_sentences_are_not_bylines() -> None:
    assert not is_byline("据湖南省卫生健康委直属机关党委统计，截至2月28日，超过300名队员递交入党申请书。")
    assert not is_byline("图：市广播电视台的网格防疫联络员正在社区进行疫情防控宣传")


def test_split_dateline() -> None:
    assert split_dateline("本报讯（记者 张三 通讯员 李四）3月5日，会议召开。") == (
        "本报讯（记者 张三 通讯员 李四）", "3月5日，会议召开。", ["张三", "李四"]
    )


def test_metadata_csv_overrides_and_marks_source(tmp_path: Path) -> None:
    for prefix in ("000", "001"):
        name = seed_id(prefix) + ".txt"
        (tmp_path / name).write_bytes((SEEDS_DIR / name).read_bytes())
    (tmp_path / "metadata.csv").write_text(
        f"article_id,published,outlet\n{seed_id('000')},2022-03-28,湖南日报\n", encoding="utf-8"
    )
    arts = build_corpus(tmp_path).articles.set_index("article_id")
    assert arts.loc[seed_id("000"), "published"] == "2022-03-28"
    assert arts.loc[seed_id("000"), "published_source"] == "metadata"
    assert arts.loc[seed_id("001"), "published_source"] == "text"
