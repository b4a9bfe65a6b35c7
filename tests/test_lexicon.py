"""Framing lexicon, its evidence sentences and keyword in context, all on the clean text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.lexicon import (
    COUNT_COLUMNS,
    KWIC_COLUMNS,
    kwic,
    lexicon_counts,
    lexicon_evidence,
    lexicon_matches,
    read_lexicon,
)
from analysis.segment import tokens_from_paragraphs

ISSUE_TERMS = {
    "military": ["阻击战", "歼灭战", "堡垒", "冲锋", "请战书", "军令状", "突击队"],
    "party": ["党支部", "党员", "党旗", "初心使命"],
    "health": ["核酸", "隔离", "消毒", "测温"],
    "service": ["服务", "慰问", "关爱", "物资"],
    "discipline": ["问责", "追责", "督查", "纪律"],
    "economy": ["复工复产", "企业", "春耕"],
}


def _paras(*texts: str, article_id: str = "a") -> pd.DataFrame:
    return pd.DataFrame({"article_id": article_id, "para_no": range(1, len(texts) + 1),
                         "text": list(texts)})


def test_lexicon_file_has_the_six_frames_and_the_issue_terms():
    lex = read_lexicon()
    assert list(dict.fromkeys(lex["category"])) == list(ISSUE_TERMS)
    for category, terms in ISSUE_TERMS.items():
        assert set(terms) <= set(lex.loc[lex["category"] == category, "term"]), category
    assert lex.groupby("category")["label"].nunique().eq(1).all()


def test_bad_lexicon_file_is_an_error(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_text("category,label,term,exclude\nparty,党,党员,\nparty,党,党员,\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate"):
        read_lexicon(path)
    path.write_text("category,label,term,exclude\nmilitary,军,冲锋,雨衣\n", encoding="utf-8")
    with pytest.raises(ValueError, match="do not contain"):
        read_lexicon(path)


def test_counts_longest_term_exclusions_and_rate():
    paras = _paras("临时党支部成立，党员冲锋在前，没有人穿冲锋衣。", "复工复产")
    counts = lexicon_counts(paras).set_index("category")
    assert list(lexicon_counts(paras).columns) == COUNT_COLUMNS
    assert counts.loc["party", "count"] == 2  # 党支部 (inside 临时党支部) + 党员
    assert counts.loc["military", "count"] == 1  # 冲锋; 冲锋衣 is excluded
    assert counts.loc["economy", "count"] == 1  # 复工复产 once, not also 复工 and 复产
    assert counts.loc["health", "count"] == 0  # zero rows are kept
    n_han = 20 + 4
    assert counts.loc["party", "per_10k"] == pytest.approx(2 * 10_000 / n_han, abs=1e-3)
    assert counts.loc["party", "label"] == "党的组织"


def test_one_phrase_can_carry_two_frames():
    hits = lexicon_matches(_paras("组建党员突击队"))
    assert set(zip(hits["category"], hits["term"], strict=True)) == {
        ("party", "党员"), ("military", "突击队")}


def test_text_matching_loses_no_hit_to_segmentation(seed_corpus):
    paras = seed_corpus.paragraphs
    in_text = sum(t.count("堡垒") for t in paras["text"])
    hits = lexicon_matches(paras)
    mil = hits.loc[hits["category"] == "military", "term"]
    assert mil.str.contains("堡垒").sum() == in_text >= 5
    # the tokens see fewer 堡垒 than the text holds (战斗堡垒, 堡垒 inside other words) ...
    tokens = tokens_from_paragraphs(paras)
    assert (tokens["token"] == "堡垒").sum() < in_text
    # ... and every article × category appears in the counts
    counts = lexicon_counts(paras, matches=hits)
    assert len(counts) == paras["article_id"].nunique() * 6
    assert counts["count"].sum() == len(hits)


def test_evidence_sentences_hold_their_keywords(seed_corpus):
    ev = lexicon_evidence(seed_corpus.paragraphs, per_article=2)
    assert ev.groupby(["article_id", "category"]).size().max() == 2
    for row in ev.itertuples(index=False):
        for keyword in row.keywords.split("|"):
            assert keyword in row.sentence
    ranked = ev.sort_values(["article_id", "category", "rank"])
    firsts = ranked.groupby(["article_id", "category"])["n_matches"].agg(list)
    assert all(v == sorted(v, reverse=True) for v in firsts)


def test_kwic_by_hand_and_on_the_seeds(seed_corpus):
    k = kwic(_paras("一个支部就是一座堡垒，一名党员就是一面旗帜。"), "党员", window=4)
    assert list(k.columns) == KWIC_COLUMNS
    assert k.iloc[0][["left", "keyword", "right", "start"]].tolist() == ["垒，一名", "党员",
                                                                         "就是一面", 13]
    seeds = kwic(seed_corpus.paragraphs, "党员")
    assert len(seeds) == sum(t.count("党员") for t in seed_corpus.paragraphs["text"])
    assert (seeds["left"].str.len() <= 15).all()
    with pytest.raises(ValueError):
        kwic(seed_corpus.paragraphs, "")


def test_regex_fallback_finds_the_same_hits(seed_corpus):
    fast = lexicon_matches(seed_corpus.paragraphs, engine="ahocorasick")
    slow = lexicon_matches(seed_corpus.paragraphs, engine="regex")
    pd.testing.assert_frame_equal(fast, slow)
    assert len(fast) > 300
    # a match never runs from one paragraph into the next (the paragraphs are searched joined)
    paras = _paras("党", "员，筑牢堡", "垒")
    assert lexicon_matches(paras).empty


def test_tables_of_article_subsets_concatenate_to_the_whole(seed_corpus):
    """Every table here is made article by article: chunks of articles give the same rows."""
    paras = seed_corpus.paragraphs
    ids = sorted(paras["article_id"].unique())
    chunks = [paras.loc[paras["article_id"].isin(ids[:2])],
              paras.loc[paras["article_id"].isin(ids[2:])]]
    for make in (lexicon_counts, lexicon_evidence, lambda p: kwic(p, "党员")):
        whole = make(paras)
        parts = pd.concat([make(c) for c in chunks], ignore_index=True)
        parts = parts.sort_values("article_id", kind="mergesort").reset_index(drop=True)
        pd.testing.assert_frame_equal(parts, whole.sort_values(
            "article_id", kind="mergesort").reset_index(drop=True))


def test_evidence_ties_by_hand():
    # two sentences with one 党员 each: the first in text order ranks first; keywords are
    # distinct and in text order; hits outside the lexicon's categories rank after it
    paras = _paras("支部里党员多。党员冲锋，党员突击队！", "党员先行。")
    ev = lexicon_evidence(paras, per_article=3)
    party = ev.loc[ev["category"] == "party"]
    assert party["sentence"].tolist() == ["党员冲锋，党员突击队！", "支部里党员多。", "党员先行。"]
    assert party["n_matches"].tolist() == [2, 1, 1]
    assert party["keywords"].tolist() == ["党员", "党员", "党员"]
    assert party["rank"].tolist() == [1, 2, 3]
    assert ev.loc[ev["category"] == "military", "keywords"].tolist() == ["冲锋|突击队"]
