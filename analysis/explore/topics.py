"""Topics: a seeded, deterministic NMF topic model of the articles' term counts.

Method: the article × term matrix of ``term_frequency_by_article`` (terms used in at least
:data:`MIN_DF` articles and in at most :data:`MAX_DF_SHARE` of them), TF-IDF weighted and
length-normalized, factorized by scikit-learn's NMF (``init="nndsvda"``, a fixed seed): the same
corpus gives the same topics in every run and process. NMF was chosen over LDA because on the
People's Daily month it was faster and gave the same topics run after run (see the README for
the measurements). Topic weights of an article are normalized to shares summing to 1.

The number of topics defaults to :data:`DEFAULT_TOPICS`, chosen by NPMI coherence of the top
terms on the February corpus; a corpus of fewer than :data:`MIN_ARTICLES` articles gets no model
(a note says why).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

DEFAULT_TOPICS = 15
MIN_ARTICLES = 30
"""Fewest articles for a topic model worth reading."""
MIN_DF = 3
MAX_DF_SHARE = 0.5
TOP_TERMS = 10
TOPIC_COLUMNS = ["topic", "rank", "term", "weight"]
ARTICLE_TOPIC_COLUMNS = ["article_id", "topic", "share"]


def doc_term_matrix(tf_article: pd.DataFrame, *, min_df: int = MIN_DF,
                    max_df_share: float = MAX_DF_SHARE):  # -> (csr, ids, terms)
    """The article × term count matrix (scipy CSR), the article ids and terms, in sorted order."""
    from scipy.sparse import csr_matrix

    tf = tf_article[["article_id", "term", "count"]].copy()
    tf["article_id"] = tf["article_id"].astype(str)
    n_docs = tf["article_id"].nunique()
    df = tf.groupby("term")["article_id"].nunique()
    keep = df[(df >= min_df) & (df <= max(max_df_share * n_docs, min_df))].index
    tf = tf.loc[tf["term"].isin(keep)]
    ids = sorted(tf["article_id"].unique())
    terms = sorted(keep)
    rows = tf["article_id"].map({a: i for i, a in enumerate(ids)}).to_numpy()
    cols = tf["term"].map({t: j for j, t in enumerate(terms)}).to_numpy()
    m = csr_matrix((tf["count"].to_numpy(dtype=float), (rows, cols)), shape=(len(ids), len(terms)))
    return m, ids, terms


def fit_topics(tf_article: pd.DataFrame, *, n_topics: int = DEFAULT_TOPICS, seed: int = 0
               ) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Fit the model. Out: ``(topics, article_topics, note)``: :data:`TOPIC_COLUMNS` (the
    :data:`TOP_TERMS` heaviest terms per topic, weights scaled so a topic's weights sum to 1
    over all terms), :data:`ARTICLE_TOPIC_COLUMNS` (every article × topic, shares summing to 1;
    an article with no kept term gets no rows) and a note (why no model, or what was fitted)."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfTransformer

    empty = (pd.DataFrame(columns=TOPIC_COLUMNS), pd.DataFrame(columns=ARTICLE_TOPIC_COLUMNS))
    n_articles = tf_article["article_id"].nunique() if len(tf_article) else 0
    if n_articles < MIN_ARTICLES:
        return (*empty, f"{n_articles} 篇文章：主题模型至少需要 {MIN_ARTICLES} 篇（文章太少，主题即文章本身）")
    m, ids, terms = doc_term_matrix(tf_article)
    if m.shape[1] < n_topics * 3:
        return (*empty, f"仅 {m.shape[1]} 个词见于 {MIN_DF} 篇以上：不足以分出 {n_topics} 个主题")
    x = TfidfTransformer(sublinear_tf=True).fit_transform(m)
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500, tol=1e-5)
    w = model.fit_transform(x)
    h = model.components_
    h = h / np.maximum(h.sum(axis=1, keepdims=True), 1e-12)
    rows = []
    for t in range(n_topics):
        order = np.lexsort((np.array(terms), -h[t]))[:TOP_TERMS]
        rows += [(t + 1, r + 1, terms[j], round(float(h[t, j]), 6)) for r, j in enumerate(order)]
    topics = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    sums = w.sum(axis=1, keepdims=True)
    shares = np.divide(w, sums, out=np.zeros_like(w), where=sums > 0)
    at = pd.DataFrame({"article_id": np.repeat(ids, n_topics),
                       "topic": np.tile(np.arange(1, n_topics + 1), len(ids)),
                       "share": np.round(shares.ravel(), 6)})
    at = at.loc[np.repeat(sums.ravel() > 0, n_topics)].reset_index(drop=True)
    note = (f"NMF，{n_topics} 个主题，{len(ids):,} 篇 × {len(terms):,} 词"
            f"（至少见于 {MIN_DF} 篇、至多见于 {MAX_DF_SHARE:.0%} 的文章）")
    return topics, at, note


def coherence_npmi(topics: pd.DataFrame, tf_article: pd.DataFrame) -> float:
    """Mean NPMI of the top-term pairs of every topic, from document co-occurrence (−1…1;
    higher: the top terms occur together in the same articles)."""
    docs = tf_article.groupby("term")["article_id"].apply(lambda s: set(map(str, s)))
    n = tf_article["article_id"].nunique()
    scores = []
    for _, g in topics.groupby("topic"):
        words = [w for w in g.sort_values("rank")["term"] if w in docs.index]
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                a, b = docs[words[i]], docs[words[j]]
                both = len(a & b)
                if both == 0:
                    scores.append(-1.0)
                    continue
                pmi = math.log(both * n / (len(a) * len(b)))
                scores.append(pmi / -math.log(both / n) if both < n else 1.0)
    return float(np.mean(scores)) if scores else float("nan")


def topic_trends(article_topics: pd.DataFrame, articles: pd.DataFrame, *, period: str = ""
                 ) -> pd.DataFrame:
    """Mean topic share per period of the articles with a stated date: ``period``, ``topic``,
    ``share``, ``n_articles``."""
    from analysis.trends import choose_period, dated_articles, period_labels

    cols = ["period", "topic", "share", "n_articles"]
    dates = dated_articles(articles)
    if article_topics.empty or dates.empty:
        return pd.DataFrame(columns=cols)
    chosen = choose_period(dates, period)
    labels = period_labels(pd.Series(dates.to_numpy(), index=dates.index), chosen)
    at = article_topics.copy()
    at["period"] = at["article_id"].astype(str).map(labels)
    at = at.dropna(subset=["period"])
    out = at.groupby(["period", "topic"]).agg(share=("share", "mean"),
                                              n_articles=("article_id", "nunique")).reset_index()
    out["share"] = out["share"].round(6)
    return out[cols].sort_values(["period", "topic"], kind="mergesort").reset_index(drop=True)
