"""Which view a figure takes at a corpus's size: per article, by period, by outlet.

A figure drawn per article is readable for a handful of articles and useless for thousands. Up to
:data:`ARTICLE_LIMIT` articles every per-article figure shows each article. Beyond it:

- figures of one panel per article (word clouds, top terms, TF-IDF, dispersion) show the
  :data:`ARTICLE_LIMIT` articles with the most clean text (ties by id) — never the first ids;
- figures that compare articles side by side (framing heatmap, place mentions, timeline) compare
  periods (day, week or month, by the span of the stated dates, :mod:`analysis.trends`, made
  coarser until there are at most :data:`ARTICLE_LIMIT`) when at least two periods have dated
  articles, else outlets when there are two to
  :data:`ARTICLE_LIMIT`, else the articles with the most text;
- legends name articles up to :data:`LEGEND_LIMIT` entries, else outlets (the
  ``LEGEND_LIMIT - 1`` most frequent, the rest as 其他).

Each choice comes with a sentence for the figure's caption and ``figures/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.trends import PERIODS, choose_period, dated_articles, period_labels

ARTICLE_LIMIT = 12
"""Most articles a figure shows one by one."""
LEGEND_LIMIT = 10
"""Most entries of a legend."""
OTHER = "其他"


@dataclass(frozen=True)
class View:
    """One figure's view: ``kind`` (``article``, ``top-articles``, ``period``, ``outlet``),
    ``groups`` (article id -> the label it is drawn under; only the articles drawn) and
    ``note`` (how the view was chosen, for the caption)."""

    kind: str
    groups: dict[str, str]
    note: str
    period: str = ""

    @property
    def ids(self) -> list[str]:
        """The article ids drawn, in drawing order."""
        return list(self.groups)

    @property
    def aggregates(self) -> bool:
        """True when articles are summed into groups (periods or outlets), not drawn one by one."""
        return self.kind in ("period", "outlet")

    @property
    def axis_label(self) -> str:
        """The Chinese name of what the figure's rows or columns are: 时段, 媒体 or 文章."""
        return {"period": "时段", "outlet": "媒体"}.get(self.kind, "文章")


def _ids_by_text(articles: pd.DataFrame) -> list[str]:
    """Article ids by clean text length (desc), ties by id."""
    df = articles[["article_id"]].astype(str).copy()
    df["n"] = pd.to_numeric(articles.get("n_chars", 0), errors="coerce").fillna(0).to_numpy()
    return df.sort_values(["n", "article_id"], ascending=[False, True],
                          kind="mergesort")["article_id"].tolist()


def article_view(articles: pd.DataFrame, labels: dict[str, str], *,
                 limit: int = ARTICLE_LIMIT) -> View:
    """Per article up to ``limit`` articles (by id), else the ``limit`` with the most text.

    In: ``articles`` (``article_id``, ``n_chars``) and display labels per id. Out: a
    :class:`View` of kind ``article`` or ``top-articles``.
    """
    ids = sorted(articles["article_id"].astype(str))
    n = len(ids)
    if n <= limit:
        return View("article", {a: labels.get(a, a) for a in ids}, f"每篇文章（共 {n} 篇）")
    top = sorted(_ids_by_text(articles)[:limit])
    return View("top-articles", {a: labels.get(a, a) for a in top},
                f"正文最长的 {limit} 篇（共 {n:,} 篇）")


def group_view(articles: pd.DataFrame, labels: dict[str, str], *, period: str = "",
               limit: int = ARTICLE_LIMIT) -> View:
    """Per article up to ``limit`` articles; else by period, by outlet or the longest articles
    (see the module docstring). ``period`` forces the period (``day``/``week``/``month``)."""
    n = len(articles)
    if n <= limit:
        return article_view(articles, labels, limit=limit)
    dates = dated_articles(articles)
    if not dates.empty:
        chosen = choose_period(dates, period)
        days = pd.Series(dates.to_numpy(), index=dates.index)
        per = period_labels(days, chosen)
        for coarser in PERIODS[PERIODS.index(chosen) + 1:]:  # at most `limit` columns or rows
            if per.nunique() <= limit:
                break
            chosen, per = coarser, period_labels(days, coarser)
        if per.nunique() >= 2:
            names = {"day": "日", "week": "周（周一起）", "month": "月"}
            return View("period", dict(sorted(per.items())),
                        f"按{names[chosen]}汇总（{len(per):,} 篇有发表日期，共 {n:,} 篇）",
                        period=chosen)
    if "outlet" in articles:
        outlets = articles.set_index(articles["article_id"].astype(str))["outlet"].fillna("")
        outlets = outlets.astype(str)
        named = outlets[outlets != ""]
        if 2 <= named.nunique() <= limit:
            return View("outlet", dict(sorted(named.items())),
                        f"按媒体汇总（{len(named):,} 篇有媒体名，共 {n:,} 篇）")
    return article_view(articles, labels, limit=limit)


def legend_groups(article_ids: list[str], articles: pd.DataFrame, labels: dict[str, str], *,
                  limit: int = LEGEND_LIMIT) -> tuple[dict[str, str], str]:
    """Legend entry per article id of a figure's data.

    Out: ``({article_id: entry}, note)``: the article labels when at most ``limit`` articles
    are drawn; else the outlets (the ``limit - 1`` most frequent among the drawn articles,
    ties by name, the rest and unnamed ones as 其他), noted for the caption.
    """
    ids = sorted(set(map(str, article_ids)))
    if len(ids) <= limit:
        return {a: labels.get(a, a) for a in ids}, "图例：文章"
    outlet = {}
    if "outlet" in articles:
        outlet = dict(zip(articles["article_id"].astype(str),
                          articles["outlet"].fillna("").astype(str), strict=True))
    counts = pd.Series([outlet.get(a, "") for a in ids]).replace("", OTHER).value_counts()
    counts = counts.drop(OTHER, errors="ignore")
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    keep = set(counts.index[: limit - 1])
    entries = {a: outlet.get(a, "") if outlet.get(a, "") in keep else OTHER for a in ids}
    return entries, f"图例：媒体（{len(ids):,} 篇文章，图例不逐篇列出）"
