"""Decoding: every encoding a scraped Chinese corpus comes in, and every kind of bad file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import build_corpus
from analysis.load import CorpusError, DecodeProblem, decode_bytes
from analysis.paths import SEEDS_DIR
from tests.conftest import seed_id

TRADITIONAL = "婁底市直機關工委第一時間將604名黨員志願者派往45個社區。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("疫情防控。".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "疫情防控。".encode(), "utf-8-sig"),
        ("疫情防控。".encode("utf-16"), "utf-16"),
        ("疫情防控，党员干部下沉社区一线。".encode("utf-16-le"), "utf-16-le"),
        ("疫情防控工作中，全县共成立四百二十八个排查组，党员干部下沉社区。".encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5") * 3, "big5"),
    ],
)
def test_decode_bytes_reads_each_encoding(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert not isinstance(decoded, DecodeProblem), decoded
    text, found = decoded
    assert found == encoding
    assert "\ufeff" not in text
    assert text.strip() in data.decode(encoding).lstrip("\ufeff")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_decode_bytes_names_bad_input(data: bytes, problem: str) -> None:
    decoded = decode_bytes(data, file="x.txt")
    assert isinstance(decoded, DecodeProblem)
    assert decoded.problem == problem
    assert decoded.file == "x.txt"


def _paragraph_texts(folder: Path) -> pd.DataFrame:
    return build_corpus(folder).paragraphs[["article_id", "para_no", "role", "text", "line_no"]]


@pytest.mark.parametrize("variant", ["gb18030", "utf-16", "bom-crlf"])
def test_encoded_copies_give_the_same_paragraphs(tmp_path: Path, variant: str) -> None:
    name = seed_id("001") + ".txt"
    original = (SEEDS_DIR / name).read_text(encoding="utf-8")
    if variant == "bom-crlf":
        data = codecs.BOM_UTF8 + original.replace("\n", "\r\n").encode("utf-8")
    else:
        data = original.encode(variant)
    (tmp_path / name).write_bytes(data)
    ref_dir = tmp_path / "ref"
    ref_dir.mkdir()
    (ref_dir / name).write_text(original, encoding="utf-8")
    got, ref = _paragraph_texts(tmp_path), _paragraph_texts(ref_dir)
    assert len(ref) == 41
    pd.testing.assert_frame_equal(got, ref)
    encoding = build_corpus(tmp_path).articles.loc[0, "encoding"]
    assert encoding == {"gb18030": "gb18030", "utf-16": "utf-16", "bom-crlf": "utf-8-sig"}[variant]


def test_gb18030_copy_of_traditional_seed_is_converted_the_same(tmp_path: Path) -> None:
    name = seed_id("003") + ".txt"
    original = (SEEDS_DIR / name).read_text(encoding="utf-8")
    (tmp_path / name).write_bytes(original.encode("gb18030"))
    got = build_corpus(tmp_path)
    assert got.articles.loc[0, "encoding"] == "gb18030"
    assert got.articles.loc[0, "script"] == "traditional"
    assert "婁" not in "".join(got.paragraphs["text"])


def test_big5_article_is_read_and_converted(tmp_path: Path) -> None:
    (tmp_path / "big5.txt").write_bytes(("來源:婁底新聞網\n" + TRADITIONAL * 3).encode("big5"))
    corpus = build_corpus(tmp_path)
    row = corpus.articles.iloc[0]
    assert (row["encoding"], row["script"], row["outlet"]) == ("big5", "traditional", "娄底新闻网")
    assert corpus.paragraphs["text"].iloc[0].startswith("娄底市直机关工委第一时间将604名党员志愿者")


def test_indents_nbsp_and_crlf_are_handled(tmp_path: Path) -> None:
    text = "\u3000\u3000第一段正文，内容完整。\r\n\u00a0\u00a0第二段正文，也很完整。\r\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")
    corpus = build_corpus(tmp_path)
    assert corpus.paragraphs["text"].tolist() == ["第一段正文，内容完整。", "第二段正文，也很完整。"]
    assert corpus.paragraphs["raw_text"].iloc[0] == "\u3000\u3000第一段正文，内容完整。"


def test_problems_name_each_bad_file_and_the_rest_is_analysed(tmp_path: Path) -> None:
    good = seed_id("000") + ".txt"
    (tmp_path / good).write_bytes((SEEDS_DIR / good).read_bytes())
    (tmp_path / "copy-of-000.txt").write_bytes((SEEDS_DIR / good).read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "clutter.txt").write_text(
        "当前位置:\n—分享—\nWechatIMG3012副本.jpg\n返回红网首页 返回湖南频道首页\n广告\n评论\n",
        encoding="utf-8",
    )
    (tmp_path / "latin1.txt").write_bytes("Ça été déjà vu, où ça?\n".encode("latin-1") * 3)
    corpus = build_corpus(tmp_path)
    problems = dict(zip(corpus.problems["file"], corpus.problems["problem"], strict=True))
    assert problems == {
        "clutter.txt": "no article body",
        "copy-of-000.txt": "duplicate",
        "empty.txt": "empty",
        "image.txt": "binary",
        "latin1.txt": "undecodable",
    }
    assert corpus.articles["article_id"].tolist() == [seed_id("000")]
    detail = corpus.problems.set_index("file").loc["copy-of-000.txt", "detail"]
    assert good in detail
    # nothing is lost: the clutter-only file's lines are still in the cleaning log
    assert (corpus.cleaning_log["article_id"] == "clutter").sum() == 6


def test_a_folder_with_no_article_fails_naming_the_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match=str(tmp_path)):
        build_corpus(tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        build_corpus(tmp_path / "missing")


def test_quality_summary_counts_what_the_log_holds(seed_corpus, tmp_path: Path) -> None:
    import warnings

    from analysis.corpus import quality_summary

    q = quality_summary(seed_corpus.articles, seed_corpus.cleaning_log).set_index("article_id")
    trad = seed_id("003")
    assert q.loc[trad, "script"] == "traditional" and q.loc[trad, "mojibake_spans"] == 6
    assert q.loc[trad, "pinyin_annotations"] == 551
    # a corpus without any mojibake, pinyin or split line: zeros, and no pandas warning
    (tmp_path / "a.txt").write_text("标题\n党员干部下沉社区，协助开展疫情防控工作。\n", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = quality_summary(corpus.articles, corpus.cleaning_log)
    assert plain[["mojibake_spans", "pinyin_annotations", "paragraphs_split"]].sum().sum() == 0
    assert plain["mojibake_spans"].dtype.kind == "i"
