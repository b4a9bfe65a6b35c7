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

**Count once.** Every table here is a function of three things: the term counts per article,
the Han characters per article and the counts of adjacent term pairs. :func:`term_counts`
computes them in one pass over the tokens table (tokens are factorized, so the term rule runs
once per distinct token) and returns a :class:`TermCounts`. Each table function accepts either
the tokens table or such a :class:`TermCounts`, with the same result; pass the counts when
making several tables, and use :func:`combine_term_counts` to join the counts of parts of a
corpus (e.g. chunks of articles segmented in parallel) before the corpus-level tables.

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
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from analysis.metadata import TRUSTED_DATE_SOURCES
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


def _factorize(values: pd.Series | np.ndarray, *, sort: bool = False
               ) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values (object array) of ``values``."""
    codes, uniq = pd.factorize(np.asarray(values, dtype=object), sort=sort)
    return codes, np.asarray(uniq, dtype=object)


def _term_verdicts(uniq: np.ndarray, stopwords: Collection[str] | None) -> np.ndarray:
    stops = load_stopwords() if stopwords is None else stopwords
    return np.fromiter((_is_term(t, stops) for t in uniq), dtype=bool, count=len(uniq))


def term_mask(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None
) -> pd.Series:
    """Boolean Series, aligned with ``tokens``: which tokens are terms (see module docstring).

    In: a ``tokens`` table. Options: ``stopwords`` (default: :func:`load_stopwords`). The rule
    is evaluated once per distinct token, so it scales with the vocabulary.
    """
    codes, uniq = _factorize(tokens["token"])
    return pd.Series(_term_verdicts(uniq, stopwords)[codes], index=tokens.index, name="token")


def select_terms(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None
) -> pd.DataFrame:
    """The rows of ``tokens`` that are terms, as a new DataFrame (columns unchanged)."""
    return tokens.loc[term_mask(tokens, stopwords=stopwords)].reset_index(drop=True)


def han_chars_by_article(tokens: pd.DataFrame) -> pd.Series:
    """Han characters of clean text per article (the ``per_10k`` base), from the full tokens.

    In: the full ``tokens`` table. Out: a Series indexed by ``article_id`` (sorted).
    """
    codes, uniq = _factorize(tokens["token"])
    n_han = np.fromiter((len(_HAN_RE.findall(t)) for t in uniq), dtype=np.int64, count=len(uniq))
    counts = pd.Series(n_han[codes], index=tokens.index, name="token")
    return counts.groupby(tokens["article_id"]).sum().sort_index()


@dataclass(frozen=True)
class TermCounts:
    """What every term table needs from a tokens table, computed once by :func:`term_counts`.

    ``counts``: ``article_id``, ``term``, ``count`` (int64), one row per term and article that
    uses it, in order of first occurrence; ``han_chars``: Han characters per article (int64,
    indexed by ``article_id``, sorted; every article of the tokens table, also one without
    terms: the ``per_10k`` base and the N of the IDF); ``bigrams``: ``term1``, ``term2``,
    ``count``, adjacent term pairs (the first ends where the second starts, in the same
    paragraph) over all articles, in order of first occurrence.
    """

    counts: pd.DataFrame
    han_chars: pd.Series
    bigrams: pd.DataFrame

    @property
    def n_articles(self) -> int:
        """Number of articles of the tokens table the counts come from."""
        return len(self.han_chars)

    @cached_property
    def term_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(codes, terms, totals)``: each ``counts`` row's code into ``terms`` (the distinct
        terms, sorted), and each term's total count (int64). Computed once, shared by the
        tables."""
        codes, terms = _factorize(self.counts["term"], sort=True)
        totals = np.bincount(codes, weights=self.counts["count"].to_numpy(dtype=np.int64),
                             minlength=len(terms))
        return codes, terms, np.rint(totals).astype(np.int64)

    @cached_property
    def article_index(self) -> tuple[np.ndarray, np.ndarray]:
        """``(codes, articles)``: each ``counts`` row's code into ``articles`` (the distinct
        article ids, sorted). Computed once, shared by the tables."""
        codes, arts = pd.factorize(self.counts["article_id"], sort=True)
        return codes, np.asarray(arts)


def term_counts(
    tokens: pd.DataFrame, *, stopwords: Collection[str] | None = None,
    codes: tuple[np.ndarray, np.ndarray] | None = None,
) -> TermCounts:
    """Count terms per article, Han characters per article and adjacent term pairs, in one pass.

    In: the full ``tokens`` table (:data:`analysis.segment.TOKEN_COLUMNS`, punctuation and stop
    words included). Options: ``stopwords`` (default: :func:`load_stopwords`). Out: a
    :class:`TermCounts`, from which every table of this module can be made. Tokens are
    factorized once; the term rule and the Han count run once per distinct token. ``codes``:
    :func:`analysis.segment.token_codes` of these tokens, when the caller has them already.
    """
    codes, uniq = _factorize(tokens["token"]) if codes is None else codes
    n_uniq = max(len(uniq), 1)
    is_term = _term_verdicts(uniq, stopwords)
    n_han = np.fromiter((len(_HAN_RE.findall(t)) for t in uniq), dtype=np.int64, count=len(uniq))
    article = tokens["article_id"]
    valid = article.notna().to_numpy()
    art_codes, arts = pd.factorize(article[valid], sort=True)
    arts = np.asarray(arts)
    han = np.bincount(art_codes, weights=n_han[codes[valid]], minlength=len(arts))
    han_chars = pd.Series(np.rint(han).astype(np.int64), index=pd.Index(arts, name="article_id"),
                          name="token")
    full_art = np.full(len(tokens), -1, dtype=np.int64)
    full_art[valid] = art_codes
    term = is_term[codes] & valid
    key = full_art[term] * n_uniq + codes[term]
    key_codes, keys = pd.factorize(key)
    counts = pd.DataFrame({
        "article_id": arts[keys // n_uniq],
        "term": uniq[keys % n_uniq],
        "count": np.bincount(key_codes, minlength=len(keys)).astype(np.int64),
    })
    para = tokens["para_no"].to_numpy()
    adjacent = (
        term[:-1] & term[1:] & (full_art[:-1] == full_art[1:]) & (para[:-1] == para[1:])
        & (tokens["end"].to_numpy()[:-1] == tokens["start"].to_numpy()[1:])
    )
    pair = codes[:-1][adjacent] * n_uniq + codes[1:][adjacent]
    pair_codes, pairs = pd.factorize(pair)
    bigrams = pd.DataFrame({
        "term1": uniq[pairs // n_uniq],
        "term2": uniq[pairs % n_uniq],
        "count": np.bincount(pair_codes, minlength=len(pairs)).astype(np.int64),
    })
    return TermCounts(counts=counts, han_chars=han_chars, bigrams=bigrams)


def combine_term_counts(parts: Iterable[TermCounts]) -> TermCounts:
    """Join the :class:`TermCounts` of parts of one corpus, as if counted in one pass.

    In: the parts in corpus order (e.g. chunks of articles). An article should lie in one part;
    if one lies in several, its counts are added. Out: one :class:`TermCounts`; pairs keep the
    order of their first occurrence over the parts.
    """
    parts = list(parts)
    if not parts:
        raise ValueError("combine_term_counts needs at least one part")
    han = pd.concat([p.han_chars for p in parts])
    counts = pd.concat([p.counts for p in parts], ignore_index=True)
    if not han.index.is_unique:
        han = han.groupby(level=0).sum()
        counts = (counts.groupby(["article_id", "term"], sort=False)["count"].sum()
                  .reset_index())
    bigrams = pd.concat([p.bigrams for p in parts], ignore_index=True)
    bigrams = (bigrams.groupby(["term1", "term2"], sort=False)["count"].sum()
               .reset_index())
    bigrams["count"] = bigrams["count"].astype(np.int64)
    return TermCounts(counts=counts, han_chars=han.sort_index(), bigrams=bigrams)


def _as_counts(tokens: pd.DataFrame | TermCounts,
               stopwords: Collection[str] | None) -> TermCounts:
    """The :class:`TermCounts` of a tokens table, or the counts themselves."""
    if isinstance(tokens, TermCounts):
        if stopwords is not None:
            raise ValueError("stopwords apply when counting: pass them to term_counts()")
        return tokens
    return term_counts(tokens, stopwords=stopwords)


def _per_10k(count: pd.Series | np.ndarray, base: pd.Series | np.ndarray | float) -> np.ndarray:
    base_arr = np.asarray(base, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(base_arr > 0, np.asarray(count, dtype=float) * PER / base_arr, 0.0)
    return np.round(out, 3)


def term_frequency(
    tokens: pd.DataFrame | TermCounts,
    *,
    stopwords: Collection[str] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Corpus-level term frequency.

    In: the full ``tokens`` table, or its :class:`TermCounts`. Options: ``stopwords`` (tokens
    only); ``min_count`` (drop rarer terms). Out: :data:`TF_COLUMNS`; ``per_10k`` per 10,000
    Han characters of the whole corpus, ``doc_freq`` the number of articles using the term.
    Sorted by count (desc), then term.
    """
    tc = _as_counts(tokens, stopwords)
    total_han = int(tc.han_chars.sum())
    codes, terms, totals = tc.term_index
    doc_freq = np.bincount(codes, minlength=len(terms)).astype(np.int64)
    keep = totals >= min_count
    order = np.lexsort((np.arange(len(terms))[keep], -totals[keep]))
    count = totals[keep][order]
    return pd.DataFrame({
        "term": terms[keep][order],
        "count": count,
        "per_10k": _per_10k(count, total_han),
        "doc_freq": doc_freq[keep][order],
    })[TF_COLUMNS]


def term_frequency_by_article(
    tokens: pd.DataFrame | TermCounts,
    *,
    stopwords: Collection[str] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Term frequency per article.

    In: the full ``tokens`` table, or its :class:`TermCounts`. Options: ``stopwords`` (tokens
    only); ``min_count``. Out: :data:`TF_BY_ARTICLE_COLUMNS`; ``per_10k`` per 10,000 Han
    characters of that article. Sorted by article, count (desc), term.
    """
    tc = _as_counts(tokens, stopwords)
    term_codes, terms, _totals = tc.term_index
    art_codes, arts = tc.article_index
    count = tc.counts["count"].to_numpy(dtype=np.int64)
    keep = np.flatnonzero(count >= min_count)
    order = keep[np.lexsort((term_codes[keep], -count[keep], art_codes[keep]))]
    base = tc.han_chars.reindex(arts).to_numpy(dtype=float)[art_codes[order]]
    return pd.DataFrame({
        "article_id": arts[art_codes[order]],
        "term": terms[term_codes[order]],
        "count": count[order],
        "per_10k": _per_10k(count[order], base),
    })[TF_BY_ARTICLE_COLUMNS]


def tfidf_top(
    tokens: pd.DataFrame | TermCounts,
    *,
    top_n: int = 15,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """The most distinctive terms of each article by TF-IDF, with IDF from this corpus.

    In: the full ``tokens`` table, or its :class:`TermCounts`. Definitions (no smoothing, so a
    reader can recompute them): ``tf`` = count of the term in the article / number of term
    tokens in the article; ``idf`` = ln(N / df), N articles in the corpus, df articles using
    the term (a term used by every article scores 0); ``tfidf`` = tf × idf. Options: ``top_n``
    terms per article; ``min_count``: a term must occur at least this often in the article (a
    single mention is not a reliable mark of an article). Out: :data:`TFIDF_COLUMNS`,
    ``rank`` 1 = most distinctive; ties broken by count (desc), then term.
    """
    tc = _as_counts(tokens, stopwords)
    count = tc.counts["count"].to_numpy(dtype=np.int64)
    term_codes, terms, _totals = tc.term_index
    art_codes, arts = tc.article_index
    doc_freq = np.bincount(term_codes, minlength=len(terms))[term_codes]
    size = np.bincount(art_codes, weights=count, minlength=len(arts))[art_codes]
    tf = count / size
    idf = np.log(tc.n_articles / doc_freq.astype(float))
    tfidf = tf * idf
    keep = np.flatnonzero((count >= min_count) & (tfidf > 0))
    order = keep[np.lexsort((term_codes[keep], -count[keep], -tfidf[keep], art_codes[keep]))]
    group = art_codes[order]
    first = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(first)
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)])) + 1
    top = rank <= top_n
    order = order[top]
    out = pd.DataFrame({
        "article_id": arts[art_codes[order]],
        "rank": rank[top].astype(np.int64),
        "term": terms[term_codes[order]],
        "count": count[order],
        "tf": tf[order],
        "idf": idf[order],
        "tfidf": tfidf[order],
    })
    return out[TFIDF_COLUMNS].round({"tf": 6, "idf": 6, "tfidf": 6})


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
    """χ² (1 df) p-values of G², to 6 significant digits: numpy's vectorized logarithm may
    differ in the last bit between processors, and the table should not."""
    return np.array([float(f"{math.erfc(math.sqrt(abs(x) / 2)):.6g}") for x in g2], dtype=float)


@dataclass(frozen=True)
class _KeynessBase:
    """Per-term totals and per-row codes shared by every group of a keyness run."""

    terms: np.ndarray  # sorted terms
    totals: np.ndarray  # total count of each term (float)
    row_term: np.ndarray  # term code of each counts row
    row_count: np.ndarray  # count of each counts row (float)
    row_article: np.ndarray  # article code of each counts row
    articles: pd.Index  # the article ids of the codes, as text
    han: pd.Series  # Han characters per article (text index)


def _keyness_base(tc: TermCounts) -> _KeynessBase:
    codes, terms, totals = tc.term_index
    art_codes, arts = tc.article_index
    han = tc.han_chars.copy()
    han.index = han.index.astype(str)
    return _KeynessBase(
        terms=terms, totals=totals.astype(float), row_term=codes,
        row_count=tc.counts["count"].to_numpy(dtype=float), row_article=art_codes,
        articles=pd.Index(arts).astype(str), han=han,
    )


def _keyness_group(
    kb: _KeynessBase,
    *,
    target_ids: set[str],
    grouping: str,
    label: str,
    top_n: int | None,
    min_count: int,
) -> pd.DataFrame:
    in_target = kb.articles.isin(target_ids)[kb.row_article]
    a = np.bincount(kb.row_term[in_target], weights=kb.row_count[in_target],
                    minlength=len(kb.terms))
    b = kb.totals - a
    c, d = float(a.sum()), float(b.sum())
    if c == 0 or d == 0:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    base_target = float(kb.han[kb.han.index.isin(target_ids)].sum())
    base_rest = float(kb.han.sum()) - base_target
    g2 = log_likelihood_g2(a, b, c, d)
    keep = np.flatnonzero((a + b >= min_count) & (g2 > 0))
    keep = keep[np.lexsort((keep, -g2[keep]))]  # terms are sorted: code order is term order
    if top_n is not None:
        keep = keep[:top_n]
    a, b, g2 = a[keep], b[keep], g2[keep]
    out = pd.DataFrame(
        {
            "grouping": grouping,
            "target": label,
            "term": kb.terms[keep],
            "count_target": a.astype(int),
            "count_rest": b.astype(int),
            "per_10k_target": _per_10k(a, base_target),
            "per_10k_rest": _per_10k(b, base_rest),
            "g2": g2,
            "p_value": _p_value_chi2_df1(g2),
            "log_ratio": log_ratio(a, b, c, d),
        }
    )
    return out[KEYNESS_COLUMNS].round({"g2": 4, "log_ratio": 4})


def keyness(
    tokens: pd.DataFrame | TermCounts,
    *,
    target: Collection[str],
    grouping: str = "custom",
    label: str = "target",
    top_n: int | None = 30,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """Terms over-represented in a target group of articles against all other articles.

    In: the full ``tokens`` table, or its :class:`TermCounts`. Options: ``target`` (article ids
    of the group; the rest of the corpus is the reference); ``grouping`` and ``label`` are
    written into the output to say what the group is (e.g. ``"year"``, ``"2020"``); ``top_n``
    terms kept (``None``: all); ``min_count``: minimum count in target and rest together.
    Statistics per term: signed :func:`log_likelihood_g2` and :func:`log_ratio`, with the group
    sizes being their numbers of term tokens (after stop words, as quanteda's
    ``textstat_keyness`` on a dfm), and the chi-square (1 df) ``p_value`` of G². ``per_10k_*``
    are per 10,000 Han characters of the group. Out: :data:`KEYNESS_COLUMNS`, only terms with
    G² > 0 (more frequent in the target), sorted by G² (desc), then term.
    """
    kb = _keyness_base(_as_counts(tokens, stopwords))
    return _keyness_group(kb, target_ids=set(map(str, target)), grouping=grouping,
                          label=label, top_n=top_n, min_count=min_count)


def group_labels(articles: pd.DataFrame, by: str) -> pd.Series:
    """Each article's group for :func:`keyness_by`: ``""`` when it belongs to none.

    In: ``articles``; ``by`` = ``"year"`` (of a trusted ``published``) or a column name.
    Out: a Series of labels indexed by ``article_id``.
    """
    if by == "year":
        labels = articles["published"].fillna("").astype(str).str.extract(r"^(\d{4})")[0]
        if "published_source" in articles:  # only a stated date groups (never an inferred one)
            trusted = articles["published_source"].isin(TRUSTED_DATE_SOURCES).to_numpy()
            labels = labels.where(trusted, "")
    else:
        labels = articles[by].fillna("").astype(str)
    return pd.Series(labels.fillna("").to_numpy(), index=articles["article_id"].astype(str))


def keyness_by(
    tokens: pd.DataFrame | TermCounts,
    articles: pd.DataFrame,
    *,
    by: str,
    top_n: int | None = 30,
    min_count: int = 2,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """:func:`keyness` of each group of articles against the rest, for one grouping.

    In: the full ``tokens`` table (or its :class:`TermCounts`) and ``articles``
    (``article_id`` plus the grouping column). ``by``: ``"year"`` (the year of ``published``
    when ``published_source`` is one of
    :data:`analysis.metadata.TRUSTED_DATE_SOURCES`; articles without such a date form no group
    but stay in the reference) or any column of
    ``articles`` such as ``"outlet"`` (empty values form no group). Groups are taken in sorted
    order; a group that is the whole corpus has no reference and gives no rows. Term counts
    are computed once for all groups. Out: :data:`KEYNESS_COLUMNS`, ``grouping`` = ``by``.
    """
    labels = group_labels(articles, by)
    groups = sorted(g for g in labels.unique() if g)
    kb = _keyness_base(_as_counts(tokens, stopwords))
    parts = [
        _keyness_group(kb, target_ids=set(labels.index[labels == g]), grouping=by, label=g,
                       top_n=top_n, min_count=min_count)
        for g in groups
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def collocations(
    tokens: pd.DataFrame | TermCounts,
    *,
    min_count: int = 3,
    stopwords: Collection[str] | None = None,
) -> pd.DataFrame:
    """Adjacent term bigrams with their association scores.

    In: the full ``tokens`` table, or its :class:`TermCounts`. A bigram is two terms that touch
    in the text (the first ends where the second starts, in the same paragraph), so no
    punctuation or stop word lies between them. With N the number of term tokens, ``count``
    the bigram's frequency and ``count1``/``count2`` those of its terms: ``pmi`` =
    log2(count·N / (count1·count2)) and ``g2`` the log-likelihood of the 2×2 table (term1 first
    / not × term2 second / not). Options: ``min_count`` (keep bigrams at least this frequent).
    Out: :data:`COLLOCATION_COLUMNS` sorted by g2 (desc), then bigram (ties: first occurrence).
    """
    tc = _as_counts(tokens, stopwords)
    out = tc.bigrams.loc[tc.bigrams["count"] >= min_count].copy()
    if out.empty:
        return pd.DataFrame(columns=COLLOCATION_COLUMNS)
    _codes, terms, totals = tc.term_index
    unigram = pd.Series(totals, index=terms)
    n = float(totals.sum())
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
