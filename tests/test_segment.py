"""Segmentation: the dedicated tokenizer, its user dictionary, the tokens table, rjieba vs jieba."""

from __future__ import annotations

import re

import jieba
import pandas as pd
import pytest

from analysis.segment import (
    TOKEN_COLUMNS,
    USERDICT_PATH,
    Segmenter,
    default_segmenter,
    dictionary_key,
    read_user_dictionary,
    segmentation_quality,
    tokens_from_paragraphs,
    user_words_split,
)
from analysis.text import HAN

HAS_HAN = re.compile(f"[{HAN}]")


@pytest.fixture(scope="module")
def seed_tokens(seed_corpus) -> pd.DataFrame:
    return tokens_from_paragraphs(seed_corpus.paragraphs)


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_every_user_dictionary_entry_is_one_token(engine):
    seg = default_segmenter(engine)
    assert len(seg.entries) > 250  # domain terms plus Hunan's cities and counties
    assert user_words_split(seg) == []
    for word in ["疫情防控", "驻企防疫联络员", "先锋模范作用", "临时党支部", "娄底市", "冷水江市"]:
        assert seg.cut(word) == [word]


def test_removed_words_are_split_and_domain_term_wins():
    seg = default_segmenter()
    assert seg.removed == {"广大党员", "优秀党员"}
    assert seg.cut("全省广大党员干部") == ["全省", "广大", "党员干部"]
    assert not seg.in_dictionary("广大党员")
    assert seg.knows("广大党员")


@pytest.mark.parametrize(
    "line",
    ["疫情 防控", "疫情防控 12 N", "疫情防控 n 12", "疫情防控\t12", "（疫情）防控", "疫情防控 12 n x"],
)
def test_malformed_user_dictionary_line_is_an_error(tmp_path, line):
    path = tmp_path / "userdict.txt"
    path.write_text(f"# comment\n复工复产 vn\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_user_dictionary(path)


def test_user_dictionary_parser_reads_fields(tmp_path):
    path = tmp_path / "userdict.txt"
    path.write_text("# c\n\n复工复产 vn\n党员突击队 500 nt\n测试词 7\n复工复产\n", encoding="utf-8")
    entries = read_user_dictionary(path)
    assert [(e.word, e.freq, e.pos, e.line_no) for e in entries] == [
        ("复工复产", None, "vn", 3), ("党员突击队", 500, "nt", 4), ("测试词", 7, None, 5),
    ]


def test_global_jieba_is_left_alone():
    Segmenter(engine="jieba")
    jieba.setLogLevel(60)
    assert jieba.lcut("驻企防疫联络员") != ["驻企防疫联络员"]


def test_yiqing_fangkong_is_one_token_counted_as_in_the_text(seed_corpus, seed_tokens):
    in_text = sum(t.count("疫情防控") for t in seed_corpus.paragraphs["text"])
    assert in_text > 50
    assert (seed_tokens["token"] == "疫情防控").sum() == in_text
    assert not seed_tokens["token"].str.contains("疫情防控.|.疫情防控", regex=True).any()


def test_tokens_table_offsets_point_into_clean_text(seed_corpus, seed_tokens):
    assert list(seed_tokens.columns) == TOKEN_COLUMNS
    text = seed_corpus.paragraphs.set_index(["article_id", "para_no"])["text"].to_dict()
    for row in seed_tokens.itertuples(index=False):
        assert text[(row.article_id, row.para_no)][row.start:row.end] == row.token
    assert not seed_tokens["token"].str.isspace().any()
    # every non-blank character of every paragraph is covered by exactly one token
    covered = seed_tokens.groupby(["article_id", "para_no"])["token"].agg("".join)
    for key, joined in covered.items():
        assert joined == re.sub(r"\s", "", text[key])


def test_user_pos_tags_win_in_both_engines(seed_corpus):
    para = pd.DataFrame({"article_id": ["a"], "para_no": [1], "text": ["打赢歼灭战，复工复产。"]})
    for engine in ("rjieba", "jieba"):
        tok = tokens_from_paragraphs(para, engine=engine)
        assert dict(zip(tok["token"], tok["pos"], strict=True))["歼灭战"] == "n"
        assert dict(zip(tok["token"], tok["pos"], strict=True))["复工复产"] == "vn"


def test_rjieba_agrees_with_jieba_on_the_seeds(seed_corpus, seed_tokens):
    ref = tokens_from_paragraphs(seed_corpus.paragraphs, engine="jieba")
    cols = ["article_id", "para_no", "token", "start", "end"]
    fast = seed_tokens.loc[seed_tokens["token"].str.contains(HAS_HAN)].reset_index(drop=True)
    slow = ref.loc[ref["token"].str.contains(HAS_HAN)].reset_index(drop=True)
    assert len(fast) > 5000
    pd.testing.assert_frame_equal(fast[cols], slow[cols])
    seg = default_segmenter()
    known = fast["token"].map(seg.in_dictionary)
    assert (fast.loc[known, "pos"] == slow.loc[known, "pos"]).all()


def test_segmentation_quality_by_hand():
    seg = default_segmenter()
    assert not seg.in_dictionary("夯哒咪")
    tokens = pd.DataFrame({
        "article_id": ["a"] * 5 + ["b"],
        "para_no": [1] * 6,
        "token": ["疫情防控", "的", "夯哒咪", "，", "2020", "党员"],
        "pos": ["vn", "uj", "x", "x", "m", "n"],
        "start": [0, 4, 5, 8, 9, 0],
        "end": [4, 5, 8, 9, 13, 2],
    })
    q = segmentation_quality(tokens, segmenter=seg).set_index("article_id")
    assert q.loc["a", "n_words"] == 3
    assert q.loc["a", "unknown_rate"] == pytest.approx(1 / 3)
    assert q.loc["a", "single_char_rate"] == pytest.approx(1 / 3)
    assert q.loc["b"].tolist() == [1, 0.0, 0.0]


def test_seed_segmentation_rates_are_plausible(seed_tokens):
    q = segmentation_quality(seed_tokens)
    assert len(q) == 5
    assert q["unknown_rate"].between(0.0, 0.10).all()
    assert q["single_char_rate"].between(0.10, 0.40).all()


def test_tokens_share_one_string_per_distinct_token(seed_tokens):
    assert len({id(t) for t in seed_tokens["token"]}) == seed_tokens["token"].nunique()


SAMPLE_WORDS = ["疫情防控", "广大党员", "优秀党员", "党员", "广大", "驻企防疫联络员", "娄底市",
                "夯哒咪", "的", "2020", "CT", "复工复产", "歼灭战", "，"]


def test_setup_cache_is_written_then_read_and_agrees_with_jieba(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path))
    cold = Segmenter()  # computes with jieba, writes the cache
    files = list(tmp_path.glob("segmenter-*.pickle"))
    assert len(files) == 1 and dictionary_key(USERDICT_PATH).startswith(
        files[0].stem.split("-")[1])
    warm = Segmenter()  # reads it: no jieba tokenizer is built
    assert warm._ref is None
    assert warm.user_freq == cold.user_freq
    reference = warm._reference()  # jieba with the same user words, built on demand
    text = "全省广大党员干部和驻企防疫联络员坚守在疫情防控一线，2020年娄底市复工复产。"
    assert warm.cut(text) == cold.cut(text) == reference.lcut(text)
    assert warm.tag(text) == cold.tag(text)
    words = SAMPLE_WORDS + [e.word for e in warm.entries]
    for word in words:
        assert warm.in_dictionary(word) == (reference.FREQ.get(word, 0) > 0), word
        assert warm.tag_of(word) == cold.tag_of(word), word


def test_damaged_or_stale_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path))
    Segmenter()
    (path,) = tmp_path.glob("segmenter-*.pickle")
    path.write_bytes(b"not a pickle")
    seg = Segmenter()
    assert seg.cut("驻企防疫联络员") == ["驻企防疫联络员"] and seg._ref is not None
    assert Segmenter()._ref is None  # rewritten, readable again
    unwritable = tmp_path / "file"
    unwritable.write_text("x")
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(unwritable / "sub"))
    assert Segmenter().cut("疫情防控") == ["疫情防控"]  # no cache folder possible: still works


def test_cache_key_follows_the_user_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "cache"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("夯哒咪 nz\n", encoding="utf-8")
    b.write_text("夯哒咪 0\n", encoding="utf-8")
    assert dictionary_key(a) != dictionary_key(b) != dictionary_key(None)
    assert Segmenter(userdict=a).cut("夯哒咪来了")[0] == "夯哒咪"
    seg_b = Segmenter(userdict=b)
    assert not seg_b.in_dictionary("夯哒咪") and seg_b.knows("夯哒咪")
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 2


def test_rjieba_engine_gives_jiebas_tag_and_vocabulary_for_dictionary_words():
    # the rjieba engine keeps no copy of jieba's 349,046 tags: it asks jieba-rs, plus a small
    # cached table of the tags jieba-rs cannot give; every 7th dictionary word is checked
    import jieba.posseg

    fast, slow = default_segmenter("rjieba"), default_segmenter("jieba")
    reference = slow._reference()
    tags = jieba.posseg.POSTokenizer(reference).word_tag_tab
    words = sorted(tags)[::7]
    assert len(words) > 49_000
    user = {e.word: e.pos for e in fast.entries if e.pos}
    expected = [user.get(w) or tags[w] for w in words]
    assert [fast.tag_of(w) for w in words] == expected == [slow.tag_of(w) for w in words]
    assert all(fast.in_dictionary(w) == (reference.FREQ.get(w, 0) > 0) for w in words)
    assert fast.tag_of("长沙市") == "ns" and fast.tag_of("的") == "uj"
    assert fast.tag_of("夯哒咪") == "x" and fast.tag_of("N95") == "eng"
