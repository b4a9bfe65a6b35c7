"""Trends over time: key terms and framing categories per day, week or month.

Only articles whose ``published`` date is stated (``published_source`` ``text``, ``filename`` or
``metadata``: :data:`analysis.metadata.TRUSTED_DATE_SOURCES`) enter a trend; an article without
one is left out, never given a date. The period follows the corpus's date span
(:func:`choose_period`) unless the user sets ``PERIOD`` (``day``, ``week``, ``month``). Rates are
per 10,000 Han characters of the clean text of the period's articles (每万字), and every row
says how many articles the period has, so a thin period is not read as a trend.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from analysis.metadata import TRUSTED_DATE_SOURCES

PERIODS = ("day", "week", "month")
DAY_SPAN_MAX = 45
"""Longest date span (days) drawn per day; up to :data:`WEEK_SPAN_MAX` per week, else per month."""
WEEK_SPAN_MAX = 366

TERM_TREND_COLUMNS = ["period", "term", "count", "per_10k", "n_articles", "han_chars"]
LEXICON_TREND_COLUMNS = ["period", "category", "label", "count", "per_10k", "n_articles",
                         "han_chars"]


def resolve_period(value: str | None = None) -> str:
    """The user's period: ``value`` (a notebook parameter), else the environment variable
    ``PERIOD``, else ``""`` (chosen from the data). Raises ValueError for any other word."""
    period = (value or os.environ.get("PERIOD", "")).strip().lower()
    if period and period not in PERIODS:
        raise ValueError(f"PERIOD must be one of {', '.join(PERIODS)} (or empty), not {period!r}")
    return period


def dated_articles(articles: pd.DataFrame) -> pd.Series:
    """Publication day (Timestamp) per ``article_id`` of the articles with a stated date."""
    if articles.empty or "published" not in articles:
        return pd.Series(dtype="datetime64[ns]")
    ok = pd.Series(True, index=articles.index)
    if "published_source" in articles:
        ok = articles["published_source"].isin(TRUSTED_DATE_SOURCES)
    dates = pd.to_datetime(articles["published"].fillna("").astype(str).str[:10],
                           format="%Y-%m-%d", errors="coerce")
    keep = ok & dates.notna()
    return pd.Series(dates[keep].to_numpy(), index=articles.loc[keep, "article_id"].astype(str))


def choose_period(dates: pd.Series, period: str = "") -> str:
    """``period`` when given, else by the span of ``dates``: ``day`` up to
    :data:`DAY_SPAN_MAX` days, ``week`` up to :data:`WEEK_SPAN_MAX`, else ``month``."""
    if period:
        return period
    if dates.empty:
        return "day"
    span = (dates.max() - dates.min()).days
    return "day" if span <= DAY_SPAN_MAX else "week" if span <= WEEK_SPAN_MAX else "month"


def period_labels(dates: pd.Series, period: str) -> pd.Series:
    """Each date's period as text: the day (``2020-02-28``), the Monday of its ISO week
    (``2020-02-24``) or the month (``2020-02``)."""
    if period == "day":
        return dates.dt.strftime("%Y-%m-%d")
    if period == "week":
        monday = dates - pd.to_timedelta(dates.dt.weekday, unit="D")
        return monday.dt.strftime("%Y-%m-%d")
    return dates.dt.strftime("%Y-%m")


def _periods(articles: pd.DataFrame, han_chars: pd.Series, period: str
             ) -> tuple[pd.Series, pd.DataFrame]:
    """Period label per dated article, and per period its ``n_articles`` and ``han_chars``."""
    dates = dated_articles(articles)
    chosen = choose_period(dates, period)
    labels = period_labels(pd.Series(dates.to_numpy(), index=dates.index), chosen)
    chars = han_chars.reindex(labels.index).fillna(0).astype(np.int64)
    base = pd.DataFrame({"period": labels, "han_chars": chars})
    per = (base.groupby("period").agg(n_articles=("han_chars", "size"),
                                      han_chars=("han_chars", "sum")).reset_index())
    return labels, per


def term_trends(
    term_frequency_by_article: pd.DataFrame,
    articles: pd.DataFrame,
    han_chars: pd.Series,
    *,
    terms: list[str] | None = None,
    n_terms: int = 30,
    period: str = "",
) -> pd.DataFrame:
    """Key terms per period: :data:`TERM_TREND_COLUMNS`.

    In: ``term_frequency_by_article`` (``article_id``, ``term``, ``count``), ``articles``
    (``article_id``, ``published``, ``published_source``), Han characters per article
    (:func:`analysis.text.paragraph_han_chars`), the terms to follow (default: the ``n_terms``
    most frequent in the dated articles, ties by term) and the period (``""``: chosen by the
    span). Out: every period with a dated article × every term (zero counts included), sorted
    by period then the term's corpus rank.
    """
    labels, per = _periods(articles, han_chars, period)
    if labels.empty:
        return pd.DataFrame(columns=TERM_TREND_COLUMNS)
    tf = term_frequency_by_article[["article_id", "term", "count"]].copy()
    tf["article_id"] = tf["article_id"].astype(str)
    tf = tf.loc[tf["article_id"].isin(labels.index)]
    if terms is None:
        totals = tf.groupby("term")["count"].sum().reset_index()
        totals = totals.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
        terms = totals["term"].head(n_terms).tolist()
    tf = tf.loc[tf["term"].isin(terms)]
    tf["period"] = tf["article_id"].map(labels)
    counts = tf.groupby(["period", "term"])["count"].sum()
    grid = pd.MultiIndex.from_product([per["period"].tolist(), list(terms)],
                                      names=["period", "term"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out = out.merge(per, on="period", how="left")
    out["count"] = out["count"].astype(np.int64)
    out["per_10k"] = np.where(out["han_chars"] > 0,
                              out["count"] * 10_000 / out["han_chars"].clip(lower=1), 0.0)
    order = {t: i for i, t in enumerate(terms)}
    out = out.sort_values(["period", "term"], key=lambda s: s.map(order) if s.name == "term" else s,
                          kind="mergesort").reset_index(drop=True)
    return out[TERM_TREND_COLUMNS]


def lexicon_trends(
    lexicon_counts: pd.DataFrame,
    articles: pd.DataFrame,
    han_chars: pd.Series,
    *,
    period: str = "",
) -> pd.DataFrame:
    """Framing categories per period: :data:`LEXICON_TREND_COLUMNS`.

    In: ``lexicon_counts`` (``article_id``, ``category``, ``label``, ``count``), ``articles``,
    Han characters per article and the period. Out: every period × category (zeros included),
    sorted by period then category.
    """
    labels, per = _periods(articles, han_chars, period)
    if labels.empty:
        return pd.DataFrame(columns=LEXICON_TREND_COLUMNS)
    lc = lexicon_counts[["article_id", "category", "label", "count"]].copy()
    lc["article_id"] = lc["article_id"].astype(str)
    names = (lc.drop_duplicates("category").set_index("category")["label"].astype(str)
             .sort_index())
    lc = lc.loc[lc["article_id"].isin(labels.index)]
    lc["period"] = lc["article_id"].map(labels)
    counts = lc.groupby(["period", "category"])["count"].sum()
    grid = pd.MultiIndex.from_product([per["period"].tolist(), names.index.tolist()],
                                      names=["period", "category"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["label"] = out["category"].map(names)
    out = out.merge(per, on="period", how="left")
    out["count"] = out["count"].astype(np.int64)
    out["per_10k"] = np.where(out["han_chars"] > 0,
                              out["count"] * 10_000 / out["han_chars"].clip(lower=1), 0.0)
    out = out.sort_values(["period", "category"], kind="mergesort").reset_index(drop=True)
    return out[LEXICON_TREND_COLUMNS]
