"""Figures over time: term and frame trends, and the timeline of a large corpus by day.

Each trend figure is small multiples of one series per panel (a key term, a framing category)
against the period, on a shared axis of articles per period drawn below them, so a thin period
is seen as thin. The data come from ``term_trends`` and ``lexicon_trends``
(:mod:`analysis.trends`), which hold only articles with a stated publication date.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analysis.figures import FIGURES, INK, MARKERS, _empty, _finish, _new_figure, _require


def _period_dates(periods: pd.Series) -> pd.Series:
    """Period labels (``2020-02-28`` or ``2020-02``) as dates for the x axis."""
    text = periods.astype(str)
    return pd.to_datetime(text.where(text.str.len() > 7, text + "-01"), format="%Y-%m-%d")


def _step(periods: pd.Series) -> pd.Timedelta:
    """The length of one period of these labels: a month (``2020-02``), a week (labels seven or
    more days apart, all Mondays) or a day."""
    text = periods.astype(str)
    if (text.str.len() == 7).all():
        return pd.Timedelta(days=30)
    dates = _period_dates(text).drop_duplicates().sort_values()
    weekly = len(dates) > 1 and (dates.dt.weekday == 0).all() and dates.diff().min().days >= 7
    return pd.Timedelta(days=7 if weekly else 1)


def _with_gaps(x: pd.Series, y: pd.Series, step: pd.Timedelta) -> tuple[list, list]:
    """``x``, ``y`` with a break (NaN) wherever more than one period has no article, so a line
    never bridges an empty stretch."""
    xs: list = []
    ys: list = []
    prev = None
    for xi, yi in zip(x, y, strict=True):
        if prev is not None and xi - prev > step * 1.5 + pd.Timedelta(days=3 if step.days == 30 else 0):
            xs.append(prev + step)
            ys.append(np.nan)
        xs.append(xi)
        ys.append(yi)
        prev = xi
    return xs, ys


MIN_PERIODS = 3
"""Fewest periods a trend figure is drawn for (two points are no trend)."""
MIN_DATED_ARTICLES = 5
"""Fewest articles with a stated date a trend figure is drawn for."""


def trend_drawable(trends: pd.DataFrame) -> tuple[bool, str]:
    """Whether a trend table holds a trend worth drawing, and why not: at least
    :data:`MIN_PERIODS` periods and :data:`MIN_DATED_ARTICLES` dated articles."""
    if trends.empty:
        return False, "no article has a stated publication date (date line, file name, metadata.csv)"
    periods = trends.drop_duplicates("period")
    n_articles = int(periods["n_articles"].sum())
    if len(periods) < MIN_PERIODS or n_articles < MIN_DATED_ARTICLES:
        return False, (f"{n_articles} dated articles in {len(periods)} periods: fewer than "
                       f"{MIN_DATED_ARTICLES} articles or {MIN_PERIODS} periods make no trend")
    return True, f"{n_articles} dated articles in {len(periods)} periods"


def trend_panel_data(trends: pd.DataFrame, *, key: str, panels: list[str] | None = None,
                     n: int = 8) -> pd.DataFrame:
    """Rows of a trend table for the first ``n`` panels: ``period``, ``panel``, ``count``,
    ``per_10k``, ``n_articles``.

    In: ``term_trends`` (``key`` = ``term``) or ``lexicon_trends`` (``key`` = ``label``); the
    panels in table order unless ``panels`` names them.
    """
    _require(trends, ["period", key, "count", "per_10k", "n_articles"], "trend_panel_data")
    if trends.empty:
        return pd.DataFrame(columns=["period", "panel", "count", "per_10k", "n_articles"])
    order = panels or list(dict.fromkeys(trends[key].astype(str)))[:n]
    df = trends.loc[trends[key].astype(str).isin(order)].copy()
    df["panel"] = df[key].astype(str)
    df["_o"] = df["panel"].map({p: i for i, p in enumerate(order)})
    df = df.sort_values(["_o", "period"], kind="mergesort").reset_index(drop=True)
    return df[["period", "panel", "count", "per_10k", "n_articles"]]


def plot_trends(data: pd.DataFrame, *, name: str, corpus_name: str, value: str = "per_10k",
                ylabel: str = "每万字") -> Figure:
    """Small multiples of :func:`trend_panel_data` (``name``: ``term-trends`` or
    ``frame-trends``), one panel a row on one time axis: per panel a line of 每万字出现次数 per
    period (broken over periods without articles); at the bottom, bars of the number of articles
    per period."""
    spec = FIGURES[name]
    panels = list(dict.fromkeys(data["panel"])) if not data.empty else []
    fig = _new_figure(1.5 + 1.05 * max(len(panels), 1) + 1.3)
    if not panels:
        _empty(fig.add_subplot(), "无带发表日期的文章")
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    grid = fig.add_gridspec(len(panels) + 1, 1, height_ratios=[1.0] * len(panels) + [1.2])
    x_all = _period_dates(data["period"])
    step = _step(data["period"])
    lo, hi = x_all.min(), x_all.max()
    pad = max((hi - lo) / 30, step)
    bottom = fig.add_subplot(grid[len(panels), 0])
    for k, panel in enumerate(panels):
        ax = fig.add_subplot(grid[k, 0], sharex=bottom)
        part = data.loc[data["panel"] == panel]
        xs, ys = _with_gaps(_period_dates(part["period"]), part[value], step)
        ax.plot(xs, ys, color=INK, linewidth=1.2, marker=MARKERS[0], markersize=2.8)
        top = float(part[value].max()) if len(part) else 1.0
        ax.set_ylim(0, top * 1.18 if top > 0 else 1.0)
        ax.text(0.005, 0.93, panel, transform=ax.transAxes, fontsize=9.5, color=INK,
                va="top", ha="left", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        ax.yaxis.set_major_locator(MaxNLocator(3))
        ax.tick_params(axis="y", labelsize=7.5)
        ax.tick_params(axis="x", labelbottom=False)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylabel(ylabel, fontsize=7.5)
    counts = data.drop_duplicates("period")[["period", "n_articles"]]
    xb = _period_dates(counts["period"])
    bottom.bar(xb, counts["n_articles"], width=0.8 * step.days, align="edge", color="#9a9a9a",
               edgecolor=INK, linewidth=0.4)
    bottom.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    bottom.set_ylabel("文章数（篇）", fontsize=8)
    bottom.set_xlabel("发表日期（时段起始日）")
    bottom.tick_params(axis="both", labelsize=7.5)
    bottom.spines[["top", "right"]].set_visible(False)
    bottom.set_xlim(lo - pad, hi + step + pad)
    bottom.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=8))
    bottom.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y-%m-%d"))
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


def timeline_counts(timeline: pd.DataFrame, *, before_days: int = 90, after_days: int = 30
                    ) -> pd.DataFrame:
    """The timeline of a large corpus by day: ``date``, ``mentioned`` (dated mentions of that
    day with a stated year), ``published`` (articles published that day).

    In: :func:`analysis.figures.timeline_data`. Days are kept from ``before_days`` before the
    first publication day to ``after_days`` after the last (all days when nothing is
    published); mentions of other days (anniversaries, history) are left out of the figure and
    counted in the caption by :func:`timeline_outside`.
    """
    _require(timeline, ["date", "event"], "timeline_counts")
    df = timeline.copy()
    df["date"] = pd.to_datetime(df["date"])
    pub = df.loc[df["event"] == "published", "date"]
    if not pub.empty:
        lo = pub.min() - pd.Timedelta(days=before_days)
        hi = pub.max() + pd.Timedelta(days=after_days)
        df = df.loc[(df["date"] >= lo) & (df["date"] <= hi)]
    out = (df.groupby(["date", "event"]).size().unstack(fill_value=0)
           .reindex(columns=["mentioned", "published"], fill_value=0).reset_index())
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out[["date", "mentioned", "published"]].astype({"mentioned": int, "published": int})


def timeline_outside(timeline: pd.DataFrame, counts: pd.DataFrame) -> int:
    """How many dated mentions of ``timeline`` fall outside the days of ``counts``."""
    total = int((timeline["event"] == "mentioned").sum())
    return total - int(counts["mentioned"].sum())


def plot_timeline_counts(data: pd.DataFrame, *, corpus_name: str, outside: int = 0) -> Figure:
    """Two strips on one day axis from :func:`timeline_counts`: above, dated mentions per day;
    below, the articles published per day."""
    spec = FIGURES["timeline"]
    fig = _new_figure(4.8)
    if data.empty:
        _empty(fig.add_subplot(), "无带年份的日期")
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    grid = fig.add_gridspec(2, 1, height_ratios=[2.2, 1.0])
    below = fig.add_subplot(grid[1, 0])
    ax = fig.add_subplot(grid[0, 0], sharex=below)
    x = pd.to_datetime(data["date"])
    ax.bar(x, data["mentioned"], width=0.8, color="#9a9a9a", edgecolor=INK, linewidth=0.3)
    ax.set_ylabel("文中提及该日（次）", fontsize=8.5)
    ax.tick_params(axis="x", labelbottom=False)
    ax.spines[["top", "right"]].set_visible(False)
    pub = data["published"] > 0
    below.bar(x[pub], data.loc[pub, "published"], width=0.8, color=INK)
    below.yaxis.set_major_locator(MaxNLocator(3, integer=True))
    below.set_ylabel("当日发表（篇）", fontsize=8.5)
    below.set_xlabel("日期（年-月-日）")
    below.spines[["top", "right"]].set_visible(False)
    below.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=8))
    below.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y-%m-%d"))
    below.tick_params(axis="x", labelsize=8, rotation=25)
    if outside:
        ax.text(1.0, 1.02, f"另有 {outside:,} 次提及的日期在此区间之外（未画出）",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=7.5, color="#444444")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


def timeline_figure(timeline: pd.DataFrame, view, *, corpus_name: str  # type: ignore[no-untyped-def]
                    ) -> tuple[pd.DataFrame, Figure, str]:
    """The timeline a corpus's size calls for: one row per article of ``view`` (an
    :class:`analysis.views.View` of articles), else mentions and publications per day.

    In: :func:`analysis.figures.timeline_data` and the comparison view. Out: ``(data, figure,
    view note)``.
    """
    from analysis.figures import plot_timeline

    if not view.aggregates:
        data = timeline.loc[timeline["article_id"].isin(view.ids)].reset_index(drop=True)
        note = f"{view.note}；{data['article_id'].nunique()} 篇有可定年的日期"
        return data, plot_timeline(data, corpus_name=corpus_name), note
    data = timeline_counts(timeline)
    fig = plot_timeline_counts(data, corpus_name=corpus_name,
                               outside=timeline_outside(timeline, data))
    return data, fig, "按日汇总（全部文章）"
