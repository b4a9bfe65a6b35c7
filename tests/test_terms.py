"""Term statistics: stop words, number fragments, frequencies, TF-IDF, keyness, collocations."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.segment import default_segmenter, tokens_from_paragraphs
from analysis.stopwords import is_number_fragment, load_stopwords
from analysis.terms import (
    TermCounts,
    candidate_terms,
    collocations,
    combine_term_counts,
    keyness,
    keyness_by,
    log_likelihood_g2,
    term_counts,
    term_frequency,
    term_frequency_by_article,
    tfidf_top,
)
from tests.conftest import seed_id


@pytest.fixture(scope="module")
def seed_tokens(seed_corpus) -> pd.DataFrame:
    return tokens_from_paragraphs(seed_corpus.paragraphs)


def _tokens(rows: dict[str, list[str]]) -> pd.DataFrame:
    """A tokens table from hand-made token lists, one paragraph per article, offsets in order."""
    out = []
    for aid, toks in rows.items():
        pos = 0
        for tok in toks:
            out.append((aid, 1, tok, "n", pos, pos + len(tok)))
            pos += len(tok)
    return pd.DataFrame(out, columns=["article_id", "para_no", "token", "pos", "start", "end"])


# A: 9 Han characters, 4 term tokens; B: 6 and 3; C: 8 and 4. N = 11 term tokens.
TINY = _tokens({
    "A": ["党员", "党员", "的", "堡垒", "，", "防控"],
    "B": ["党员", "防控", "防控"],
    "C": ["防控", "企业", "企业", "企业"],
})


@pytest.mark.parametrize("token", ["万余名", "多人次", "万元", "5.2%", "1.4", "第二批", "百余名",
                                   "数百次", "半小时", "名", "多", "千千万万个"])
def test_number_fragments(token):
    assert is_number_fragment(token)


@pytest.mark.parametrize("token", ["一线", "第一线", "百姓", "三湘", "数据", "千家万户", "多元",
                                   "多样", "一把手", "一次性"])
def test_words_starting_with_numerals_are_not_fragments(token):
    assert not is_number_fragment(token)


def test_stop_words_come_from_the_package_plus_domain_list():
    stops = load_stopwords()
    assert {"的", "了", "和", "我们"} <= stops  # stopwords-iso
    assert {"表示", "一是", "近日"} <= stops  # domain list
    assert not {"党员", "防控", "服务", "工作"} & stops
    assert len(load_stopwords(domain=False)) > 700


def test_tiny_term_frequency_by_hand():
    tf = term_frequency(TINY).set_index("term")
    assert tf.index.tolist() == ["防控", "企业", "党员", "堡垒"]
    assert tf.loc["防控", "count"] == 4 and tf.loc["防控", "doc_freq"] == 3
    assert tf.loc["党员", "per_10k"] == pytest.approx(3 * 10_000 / 23, abs=1e-3)
    by_art = term_frequency_by_article(TINY).set_index(["article_id", "term"])
    assert by_art.loc[("A", "党员"), "count"] == 2
    assert by_art.loc[("A", "党员"), "per_10k"] == pytest.approx(2 * 10_000 / 9, abs=1e-3)
    assert ("A", "的") not in by_art.index and ("A", "，") not in by_art.index


def test_tiny_tfidf_by_hand():
    top = tfidf_top(TINY, min_count=1)
    a = top.loc[top["article_id"] == "A"]
    assert a["term"].tolist() == ["堡垒", "党员"]  # 防控 is in every article: idf 0
    assert a["tfidf"].tolist() == pytest.approx([0.25 * 1.098612, 0.5 * 0.405465], abs=1e-6)
    c = top.loc[top["article_id"] == "C"].iloc[0]
    assert (c["term"], c["count"], c["tf"]) == ("企业", 3, 0.75)
    assert c["idf"] == pytest.approx(1.098612, abs=1e-6)
    b = top.loc[top["article_id"] == "B"].iloc[0]
    assert b["tfidf"] == pytest.approx(0.135155, abs=1e-6)


def test_tiny_keyness_by_hand():
    key = keyness(TINY, target=["A"], grouping="case", label="A", min_count=1).set_index("term")
    assert key.index.tolist() == ["堡垒", "党员"]
    # 党员: a=2 of c=4 in A, b=1 of d=7 in B+C; G² over the four cells of the 2×2 table
    assert key.loc["党员", "g2"] == pytest.approx(1.604152, abs=1e-4)
    assert key.loc["党员", "log_ratio"] == pytest.approx(1.807355, abs=1e-4)  # log2(3.5)
    assert key.loc["党员", "p_value"] == pytest.approx(0.205316, abs=1e-5)
    assert key["p_value"].map(lambda p: p == float(f"{p:.6g}")).all()  # 6 significant digits
    # 堡垒: a=1, b=0 (Hardie's 0.5 for the zero)
    assert key.loc["堡垒", "g2"] == pytest.approx(2.203313, abs=1e-4)
    assert key.loc["堡垒", "log_ratio"] == pytest.approx(1.807355, abs=1e-4)
    assert key.loc["党员", "per_10k_target"] == pytest.approx(2 * 10_000 / 9, abs=1e-3)
    assert key.loc["党员", "per_10k_rest"] == pytest.approx(1 * 10_000 / 14, abs=1e-3)
    assert (key["grouping"] == "case").all() and (key["target"] == "A").all()


def test_g2_is_signed():
    g2 = log_likelihood_g2([1, 10], [10, 1], 100.0, 100.0)
    assert g2[0] < 0 < g2[1]
    assert g2[0] == pytest.approx(-g2[1])


def test_keyness_by_year_and_outlet():
    articles = pd.DataFrame({
        "article_id": ["A", "B", "C"],
        "published": ["2020-02-01", "2020-03-09T10:00:00", ""],
        "outlet": ["红网", "湖南日报", "红网"],
    })
    by_year = keyness_by(TINY, articles, by="year", min_count=1)
    assert set(by_year["target"]) == {"2020"}
    assert by_year.set_index("term").loc["党员", "count_target"] == 3
    by_outlet = keyness_by(TINY, articles, by="outlet", min_count=1)
    assert set(by_outlet["target"]) == {"红网", "湖南日报"}
    top_red = by_outlet.loc[by_outlet["target"] == "红网", "term"].iloc[0]
    assert top_red == "企业"


def test_keyness_by_year_never_groups_an_inferred_date():
    articles = pd.DataFrame({
        "article_id": ["A", "B", "C"],
        "published": ["2020-02-01", "1970-03-09", "2020-02-03"],
        "published_source": ["filename", "inferred", "text"],
        "outlet": ["红网", "湖南日报", "红网"],
    })
    by_year = keyness_by(TINY, articles, by="year", min_count=1)
    # 1970 from a body date forms no group; B stays in the reference of 2020
    assert set(by_year["target"]) == {"2020"}
    row = by_year.set_index("term").loc["企业"]
    assert (row["count_target"], row["count_rest"]) == (3, 0)


def test_tiny_collocations_by_hand():
    toks = _tokens({
        "A": ["党员", "突击队", "，", "党员", "突击队", "的", "党员"],
        "B": ["党员", "突击队", "成立"],
    })
    col = collocations(toks, min_count=1).set_index("bigram")
    # term tokens N = 8; 党员 4, 突击队 3; 党员突击队 3 times; "突击队，党员" is not adjacent
    assert col.loc["党员突击队", "count"] == 3
    assert col.loc["党员突击队", "pmi"] == pytest.approx(1.0, abs=1e-4)  # log2(3·8/(4·3))
    assert "突击队党员" not in col.index
    assert col.loc["突击队成立", "count"] == 1
    cand = candidate_terms(col.reset_index(), known={"党员突击队"}, min_count=1, min_g2=0.0)
    assert "党员突击队" not in cand["term"].tolist()


def test_seed_terms_have_no_stop_words_digits_or_fragments(seed_tokens):
    tf = term_frequency(seed_tokens)
    terms = set(tf["term"])
    assert not {"的", "了", "和"} & terms
    for fragment in ["万余名", "多人次", "万元"]:
        assert (seed_tokens["token"] == fragment).any()  # jieba makes them ...
        assert fragment not in terms  # ... and they never become terms
    assert not tf["term"].str.contains(r"^[\d.%,\-:/]+$|[，。、“”！？：；（）\ufffd]").any()
    assert not tf["term"].map(is_number_fragment).any()
    assert tf.iloc[0]["term"] == "疫情防控"


def test_loudi_is_counted_for_003_in_simplified(seed_tokens):
    by_art = term_frequency_by_article(seed_tokens)
    a003 = by_art.loc[by_art["article_id"] == seed_id("003")].set_index("term")
    assert a003.loc["娄底", "count"] == (seed_tokens.loc[
        seed_tokens["article_id"] == seed_id("003"), "token"] == "娄底").sum()
    assert a003.loc["娄底", "count"] >= 3
    assert not by_art["term"].str.contains("婁").any()


def test_seed_candidates_are_new_multiword_terms(seed_tokens):
    seg = default_segmenter()
    cand = candidate_terms(collocations(seed_tokens), known=seg.knows)
    assert len(cand) > 10
    assert not cand["term"].map(seg.knows).any()
    assert "广大党员" not in set(cand["term"])  # removed on purpose, not a candidate
    assert (cand["g2"] >= 10.83).all()


def test_tiny_term_counts_by_hand():
    tc = term_counts(TINY)
    assert isinstance(tc, TermCounts) and tc.n_articles == 3
    assert tc.han_chars.to_dict() == {"A": 9, "B": 6, "C": 8}
    counts = {(r.article_id, r.term): r.count for r in tc.counts.itertuples()}
    assert counts == {("A", "党员"): 2, ("A", "堡垒"): 1, ("A", "防控"): 1, ("B", "党员"): 1,
                      ("B", "防控"): 2, ("C", "防控"): 1, ("C", "企业"): 3}
    # adjacent terms only: 的 and ， stand between A's terms, so A gives 党员党员 alone
    pairs = {(r.term1, r.term2): r.count for r in tc.bigrams.itertuples()}
    assert pairs == {("党员", "党员"): 1, ("党员", "防控"): 1, ("防控", "防控"): 1,
                     ("防控", "企业"): 1, ("企业", "企业"): 2}


def _tables(tokens_or_counts, articles):
    return {
        "tf": term_frequency(tokens_or_counts),
        "tf2": term_frequency(tokens_or_counts, min_count=3),
        "by_article": term_frequency_by_article(tokens_or_counts),
        "tfidf": tfidf_top(tokens_or_counts, top_n=15),
        "keyness": keyness_by(tokens_or_counts, articles, by="outlet", min_count=1),
        "keyness1": keyness(tokens_or_counts, target=articles["article_id"][:2]),
        "colloc": collocations(tokens_or_counts, min_count=1),
    }


def test_counts_give_the_same_tables_as_the_tokens(seed_corpus, seed_tokens):
    from_tokens = _tables(seed_tokens, seed_corpus.articles)
    from_counts = _tables(term_counts(seed_tokens), seed_corpus.articles)
    for name, table in from_tokens.items():
        assert len(table) > 0, name
        pd.testing.assert_frame_equal(from_counts[name], table, obj=name)
    with pytest.raises(ValueError, match="term_counts"):
        term_frequency(term_counts(seed_tokens), stopwords={"的"})


def test_counts_of_chunks_combine_to_the_counts_of_the_whole(seed_corpus, seed_tokens):
    """Chunks of articles counted apart (as the workers of ``make bench`` do) and combined give
    every table of the whole corpus, collocations in the same order."""
    ids = sorted(seed_tokens["article_id"].unique())
    parts = [term_counts(seed_tokens.loc[seed_tokens["article_id"].isin(chunk)])
             for chunk in (ids[:2], ids[2:3], ids[3:])]
    combined = combine_term_counts(parts)
    whole = _tables(seed_tokens, seed_corpus.articles)
    for name, table in _tables(combined, seed_corpus.articles).items():
        pd.testing.assert_frame_equal(table, whole[name], obj=name)
    # an article split over two parts is added up
    half = len(seed_tokens) // 2
    split = combine_term_counts([term_counts(seed_tokens.iloc[:half]),
                                 term_counts(seed_tokens.iloc[half:])])
    pd.testing.assert_frame_equal(term_frequency_by_article(split),
                                  term_frequency_by_article(seed_tokens))
    pd.testing.assert_series_equal(split.han_chars, term_counts(seed_tokens).han_chars)


def test_number_fragments_are_counted_and_never_terms() -> None:
    from analysis.stopwords import number_fragments

    tokens = pd.DataFrame({"token": ["1.4", "万名", "党员", "3000", "多人次", "万名", "的"]})
    assert number_fragments(tokens).to_dict() == {"万名": 2, "多人次": 1}
