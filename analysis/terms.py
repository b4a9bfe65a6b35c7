"""Term statistics over the ``tokens`` table: frequency, TF-IDF, keyness, collocations.

What counts as a *term* (:func:`select_terms`): a token that has a Han character (or is a run of
two or more Latin letters, such as APP or CT), is not a stop word (:func:`analysis.stopwords.
load_stopwords`: stopwords-iso plus the domain list) and is not a number fragment (万余名, 多人次,
万元, 第二批, 5.2%: :func:`analysis.stopwords.is_number_fragment`). Punctuation, digits and
mojibake (U+FFFD) never are. The same filter applies to every table of this module.

The rate base is the same everywhere: ``per_10k`` is a count per 10,000 Han characters of clean
content text (每万字) of the article, group or corpus concerned. Because a paragraph's tokens
concatenate to its text, this base is computed from the full ``tokens`` table itself, so every
function here takes the *full* tokens table (punctuation and stop words included) and filters it.

Tables made here (columns):

- ``term_frequency``: ``term``, ``count``, ``per_10k``, ``doc_freq`` (articles using the term);
- ``term_frequency_by_article``: ``article_id``, ``term``, ``count``, ``per_10k``;
- ``tfidf_top``: ``article_id``, ``rank``, ``term``, ``count``, ``tf``, ``idf``, ``tfidf``;
- ``keyness``: ``grouping``, ``target``, ``term``, ``count_target``, ``count_rest``,
  ``per_10k_target``, ``per_10k_rest``, ``g2``, ``p_value``, ``log_ratio``;
- ``collocations``: ``term1``, ``term2``, ``bigram``, ``count``, ``count1``, ``count2``,
  ``pmi``, ``g2``;
- ``candidate_terms``: ``term``, ``count``, ``pmi``, ``g2`` (bigrams not yet in the dictionary).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection

import numpy as np
import pandas as pd

from analysis.stopwords import is_number_fragment, load_stopwords
from analysis.text import HAN

PER = 10_000
"""Rates are per 10,000 Han characters of clean content text (每万字)."""

TF_COLUMNS = ["term", "count", "per_10k", "doc_freq"]
TF_BY_ARTICLE_COLUMNS = ["article_id", "term", "count", "per_10k"]
TFIDF_COLUMNS = ["article_id", "rank", "term", "count", "tf", "idf", "tfidf"]
KEYNESS_COLUMNS = [
    "grouping", "target", "term", "count_target", "count_rest", "per_10k_target",
    "per_10k_rest", "g2", "p_value", "log_ratio",
]
COLLOCATION_COLUMNS = ["term1", "term2", "bigram", "count", "count1", "count2", "pmi", "g2"]
CANDIDATE_COLUMNS = ["term", "count", "pmi", "g2"]

_HAN_RE = re.compile(f"[{HAN}]")
_LATIN_WORD_RE = re.compile(r"^[A-Za-z]{2,}$")


def _is_term(token: str, stopwords: Collection[str]) -> bool:
    if "\ufffd" in token or token in stopwords or is_number_fragment(token):
        return False
    return bool(_HAN_RE.search(token) or _LATIN_WORD_RE.match(token))


def term_mask(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None
) -> pd.Series:
    """Boolean Series, aligned with ``tokens``: which tokens are terms (see module docstring).

    In: a ``tokens`` table. Options: ``stopwords`` (default: :func:`load_stopwords`). The rule
    is evaluated once per distinct token and mapped, so it scales with the vocabulary.
    """
    stops = load_stopwords() if stopwords is None else stopwords
    uniq = pd.unique(tokens["token"])
    verdict = {t: _is_term(t, stops) for t in uniq}
    return tokens["token"].map(verdict).astype(bool)


def select_terms(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None
) -> pd.DataFrame:
    """The rows of ``tokens`` that are terms, as a new DataFrame (columns unchanged)."""
    return tokens.loc[term_mask(tokens, stopwords=stopwords)].reset_index(drop=True)


def han_chars_by_article(tokens: pd.DataFrame) -> pd.Series:
    """Han characters of clean text per article (the ``per_10k`` base), from the full tokens.

    In: the full ``tokens`` table. Out: a Series indexed by ``article_id`` (sorted).
    """
    uniq = pd.unique(tokens["token"])
    n_han = {t: len(_HAN_RE.findall(t)) for t in uniq}
    counts = tokens["token"].map(n_han).astype("int64")
    return counts.groupby(tokens["article_id"]).sum().sort_index()


def _per_10k(count: pd.Series | np.ndarray, base: pd.Series | np.ndarray | float) -> np.ndarray:
    base_arr = np.asarray(base, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(base_arr > 0, np.asarray(count, dtype=float) * PER / base_arr, 0.0)
    return np.round(out, 3)


def term_frequency(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None, min_count: int = 1
) -> pd.DataFrame:
    """Corpus-level term frequency.

    In: the full ``tokens`` table. Options: ``stopwords``; ``min_count`` (drop rarer terms).
    Out: :data:`TF_COLUMNS`; ``per_10k`` per 10,000 Han characters of the whole corpus,
    ``doc_freq`` the number of articles using the term. Sorted by count (desc), then term.
    """
    terms = select_terms(tokens, stopwords=stopwords)
    total_han = int(han_chars_by_article(tokens).sum())
    grouped = terms.groupby("token", sort=False)
    out = pd.DataFrame(
        {"count": grouped.size(), "doc_freq": grouped["article_id"].nunique()}
    ).reset_index(names="term")
    out = out.loc[out["count"] >= min_count]
    out["per_10k"] = _per_10k(out["count"], total_han)
    out = out.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    return out[TF_COLUMNS].reset_index(drop=True)


def term_frequency_by_article(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None, min_count: int = 1
) -> pd.DataFrame:
    """Term frequency per article.

    In: the full ``tokens`` table. Options: ``stopwords``; ``min_count``. Out:
    :data:`TF_BY_ARTICLE_COLUMNS`; ``per_10k`` per 10,000 Han characters of that article.
    Sorted by article, count (desc), term.
    """
    terms = select_terms(tokens, stopwords=stopwords)
    base = han_chars_by_article(tokens)
    out = (
        terms.groupby(["article_id", "token"], sort=False).size()
        .reset_index(name="count").rename(columns={"token": "term"})
    )
    out = out.loc[out["count"] >= min_count]
    out["per_10k"] = _per_10k(out["count"], out["article_id"].map(base))
    out = out.sort_values(["article_id", "count", "term"], ascending=[True, False, True],
                          kind="mergesort")
    return out[TF_BY_ARTICLE_COLUMNS].reset_index(drop=True)


def tfidf_top(
    tokens: pd.DataFrame,
    *,
    top_n: int = 15,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """The most distinctive terms of each article by TF-IDF, with IDF from this corpus.

    In: the full ``tokens`` table. Definitions (no smoothing, so a reader can recompute them):
    ``tf`` = count of the term in the article / number of term tokens in the article;
    ``idf`` = ln(N / df), N articles in the corpus, df articles using the term (a term used by
    every article scores 0); ``tfidf`` = tf × idf. Options: ``top_n`` terms per article;
    ``min_count``: a term must occur at least this often in the article (a single mention is
    not a reliable mark of an article). Out: :data:`TFIDF_COLUMNS`, ``rank`` 1 = most
    distinctive; ties broken by count (desc), then term.
    """
    terms = select_terms(tokens, stopwords=stopwords)
    n_docs = tokens["article_id"].nunique()
    counts = terms.groupby(["article_id", "token"], sort=False).size().reset_index(name="count")
    df = counts.groupby("token")["article_id"].nunique()
    size = counts.groupby("article_id")["count"].sum()
    counts["tf"] = counts["count"] / counts["article_id"].map(size)
    counts["idf"] = np.log(n_docs / counts["token"].map(df).astype(float))
    counts["tfidf"] = counts["tf"] * counts["idf"]
    counts = counts.loc[(counts["count"] >= min_count) & (counts["tfidf"] > 0)]
    counts = counts.rename(columns={"token": "term"}).sort_values(
        ["article_id", "tfidf", "count", "term"], ascending=[True, False, False, True],
        kind="mergesort",
    )
    counts["rank"] = counts.groupby("article_id").cumcount() + 1
    out = counts.loc[counts["rank"] <= top_n, TFIDF_COLUMNS].reset_index(drop=True)
    return out.round({"tf": 6, "idf": 6, "tfidf": 6})


def log_likelihood_g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Signed log-likelihood G² of a 2×2 table (Dunning 1993), vectorized.

    In: ``a`` the term's count in the target, ``b`` in the rest, ``c`` and ``d`` the total term
    tokens of target and rest. G² = 2 Σ O·ln(O/E) over the four cells (term / other terms ×
    target / rest), 0·ln 0 = 0. Out: G², positive when the term is relatively more frequent
    in the target than in the rest, negative when less.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    n = c + d
    observed = [a, b, c - a, d - b]
    row = [a + b, a + b, n - a - b, n - a - b]
    col = [c, d, c, d]
    g2 = np.zeros_like(a)
    for o, r, k in zip(observed, row, col, strict=True):
        e = r * k / n
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 += np.where(o > 0, o * np.log(o / e), 0.0)
    g2 = 2 * g2
    sign = np.sign(a / c - b / d)
    return sign * np.maximum(g2, 0.0)


def log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Hardie's (2014) log ratio: log2 of the target's relative frequency over the rest's.

    In: as :func:`log_likelihood_g2`. A zero count is replaced by 0.5 (Hardie's adjustment) so
    that the ratio stays finite. Out: binary log; +1 means twice as frequent in the target.
    """
    a = np.where(np.asarray(a, dtype=float) == 0, 0.5, a)
    b = np.where(np.asarray(b, dtype=float) == 0, 0.5, b)
    return np.log2((a / c) / (b / d))


def _p_value_chi2_df1(g2: np.ndarray) -> np.ndarray:
    return np.array([math.erfc(math.sqrt(abs(x) / 2)) for x in g2], dtype=float)


def _article_term_counts(
    tokens: pd.DataFrame, stopwords: Collection[str] | None
) -> tuple[pd.Series, pd.Series]:
    """Term counts per (article_id, term), and Han characters per article."""
    terms = select_terms(tokens, stopwords=stopwords)
    counts = terms.groupby([terms["article_id"].astype(str), "token"], sort=False).size()
    counts.index = counts.index.set_names(["article_id", "term"])
    base = han_chars_by_article(tokens)
    base.index = base.index.astype(str)
    return counts, base


def _keyness_from_counts(
    counts: pd.Series,
    base: pd.Series,
    totals: pd.Series,
    *,
    target_ids: set[str],
    grouping: str,
    label: str,
    top_n: int | None,
    min_count: int,
) -> pd.DataFrame:
    in_target = counts.index.get_level_values("article_id").isin(target_ids)
    a_ser = counts[in_target].groupby(level="term").sum().reindex(totals.index, fill_value=0)
    a = a_ser.to_numpy(dtype=float)
    b = totals.to_numpy(dtype=float) - a
    c, d = float(a.sum()), float(b.sum())
    if c == 0 or d == 0:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    base_target = float(base[base.index.isin(target_ids)].sum())
    base_rest = float(base.sum()) - base_target
    out = pd.DataFrame(
        {
            "grouping": grouping,
            "target": label,
            "term": totals.index.to_numpy(),
            "count_target": a.astype(int),
            "count_rest": b.astype(int),
            "per_10k_target": _per_10k(a, base_target),
            "per_10k_rest": _per_10k(b, base_rest),
            "g2": log_likelihood_g2(a, b, c, d),
            "log_ratio": log_ratio(a, b, c, d),
        }
    )
    out = out.loc[(out["count_target"] + out["count_rest"] >= min_count) & (out["g2"] > 0)]
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    if top_n is not None:
        out = out.head(top_n)
    out = out.assign(p_value=_p_value_chi2_df1(out["g2"].to_numpy()))
    return out[KEYNESS_COLUMNS].round({"g2": 4, "log_ratio": 4}).reset_index(drop=True)


def keyness(
    tokens: pd.DataFrame,
    *,
    target: Collection[str],
    grouping: str = "custom",
    label: str = "target",
    top_n: int | None = 30,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """Terms over-represented in a target group of articles against all other articles.

    In: the full ``tokens`` table. Options: ``target`` (article ids of the group; the rest of
    the corpus is the reference); ``grouping`` and ``label`` are written into the output to say
    what the group is (e.g. ``"year"``, ``"2020"``); ``top_n`` terms kept (``None``: all);
    ``min_count``: minimum count in target and rest together. Statistics per term: signed
    :func:`log_likelihood_g2` and :func:`log_ratio`, with the group sizes being their numbers
    of term tokens (after stop words, as quanteda's ``textstat_keyness`` on a dfm), and the
    chi-square (1 df) ``p_value`` of G². ``per_10k_*`` are per 10,000 Han characters of the
    group. Out: :data:`KEYNESS_COLUMNS`, only terms with G² > 0 (more frequent in the target),
    sorted by G² (desc), then term.
    """
    counts, base = _article_term_counts(tokens, stopwords)
    totals = counts.groupby(level="term").sum().sort_index()
    return _keyness_from_counts(counts, base, totals, target_ids=set(map(str, target)),
                                grouping=grouping, label=label, top_n=top_n,
                                min_count=min_count)


def keyness_by(
    tokens: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str,
    top_n: int | None = 30,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """:func:`keyness` of each group of articles against the rest, for one grouping.

    In: the full ``tokens`` table and ``articles`` (``article_id`` plus the grouping column).
    ``by``: ``"year"`` (the year of ``published``; articles without a date form no group but
    stay in the reference) or any column of ``articles`` such as ``"outlet"`` (empty values
    form no group). Groups are taken in sorted order; a group that is the whole corpus has no
    reference and gives no rows. Term counts are computed once for all groups. Out:
    :data:`KEYNESS_COLUMNS`, ``grouping`` = ``by``.
    """
    if by == "year":
        labels = articles["published"].fillna("").astype(str).str.extract(r"^(\d{4})")[0]
    else:
        labels = articles[by].fillna("").astype(str)
    labels = pd.Series(labels.fillna("").to_numpy(), index=articles["article_id"].astype(str))
    groups = sorted(g for g in labels.unique() if g)
    counts, base = _article_term_counts(tokens, stopwords)
    totals = counts.groupby(level="term").sum().sort_index()
    parts = [
        _keyness_from_counts(counts, base, totals, target_ids=set(labels.index[labels == g]),
                             grouping=by, label=g, top_n=top_n, min_count=min_count)
        for g in groups
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def collocations(
    tokens: pd.DataFrame,
    *,
    min_count: int = 3,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """Adjacent term bigrams with their association scores.

    In: the full ``tokens`` table. A bigram is two terms that touch in the text (the first ends
    where the second starts, in the same paragraph), so no punctuation or stop word lies
    between them. With N the number of term tokens, ``count`` the bigram's frequency and
    ``count1``/``count2`` those of its terms: ``pmi`` = log2(count·N / (count1·count2)) and
    ``g2`` the log-likelihood of the 2×2 table (term1 first / not × term2 second / not).
    Options: ``min_count`` (keep bigrams at least this frequent). Out:
    :data:`COLLOCATION_COLUMNS` sorted by g2 (desc), then bigram.
    """
    mask = term_mask(tokens, stopwords=stopwords).to_numpy()
    tok = tokens["token"].to_numpy()
    art = tokens["article_id"].to_numpy()
    para = tokens["para_no"].to_numpy()
    start = tokens["start"].to_numpy()
    end = tokens["end"].to_numpy()
    adjacent = (
        mask[:-1] & mask[1:] & (art[:-1] == art[1:]) & (para[:-1] == para[1:])
        & (end[:-1] == start[1:])
    )
    pairs = pd.DataFrame({"term1": tok[:-1][adjacent], "term2": tok[1:][adjacent]})
    unigram = pd.Series(tok[mask]).value_counts()
    n = float(mask.sum())
    out = pairs.groupby(["term1", "term2"], sort=False).size().reset_index(name="count")
    out = out.loc[out["count"] >= min_count].copy()
    if out.empty:
        return pd.DataFrame(columns=COLLOCATION_COLUMNS)
    out["count1"] = out["term1"].map(unigram).astype(int)
    out["count2"] = out["term2"].map(unigram).astype(int)
    out["bigram"] = out["term1"] + out["term2"]
    c12 = out["count"].to_numpy(dtype=float)
    c1 = out["count1"].to_numpy(dtype=float)
    c2 = out["count2"].to_numpy(dtype=float)
    out["pmi"] = np.round(np.log2(c12 * n / (c1 * c2)), 4)
    # 2×2 table: rows term1 / other first word, columns term2 / other second word
    out["g2"] = np.round(log_likelihood_g2(c12, c2 - c12, c1, n - c1), 4)
    out = out.sort_values(["g2", "bigram"], ascending=[False, True], kind="mergesort")
    return out[COLLOCATION_COLUMNS].reset_index(drop=True)


def candidate_terms(
    colloc: pd.DataFrame,
    *,
    known: Callable[[str], bool] | Collection[str] = (),
    min_count: int = 3,
    min_g2: float = 10.83,
) -> pd.DataFrame:
    """Candidate multi-word terms for the user dictionary, from a ``collocations`` table.

    In: ``colloc`` (:func:`collocations`). Options: ``known``, the words already in the
    tokenizer's dictionary, as a callable ``word -> bool`` (e.g. ``Segmenter.in_dictionary``)
    or a collection; ``min_count``; ``min_g2`` (10.83 is p < 0.001 at 1 df). Out:
    :data:`CANDIDATE_COLUMNS`, the joined bigrams that are strongly associated (G² ≥
    ``min_g2``, PMI > 0), frequent enough and not yet dictionary words, sorted by g2 (desc),
    then term.
    """
    keep = colloc.loc[
        (colloc["count"] >= min_count) & (colloc["g2"] >= min_g2) & (colloc["pmi"] > 0)
    ]
    if callable(known):
        known_mask = keep["bigram"].map(known).astype(bool)
    else:
        known_mask = keep["bigram"].isin(set(known))
    out = keep.loc[~known_mask].rename(columns={"bigram": "term"})
    out = out.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    return out[CANDIDATE_COLUMNS].reset_index(drop=True)
