"""Figures of the exploration notebook: topics, topic shares over time, correspondence biplot."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.figures import (
    FIGURES,
    INK,
    _empty,
    _finish,
    _new_figure,
    _shorten,
    _small_multiples,
)
from analysis.trend_figures import plot_trends


def topics_data(topics: pd.DataFrame, *, n: int = 8) -> pd.DataFrame:
    """Top ``n`` terms per topic with a panel label (``主题 3：企业 复工复产 …``): ``topic``,
    ``label``, ``rank``, ``term``, ``weight``."""
    df = topics.loc[topics["rank"] <= n].copy()
    heads = df.loc[df["rank"] <= 2].groupby("topic")["term"].apply(lambda s: "·".join(s))
    df["label"] = df["topic"].map(lambda t: f"主题 {t}：{heads.get(t, '')}")
    return df[["topic", "label", "rank", "term", "weight"]].reset_index(drop=True)


def plot_topics(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Small multiples of :func:`topics_data`: per topic, bars of the term weights."""
    spec = FIGURES["topics"]
    return _small_multiples(data, panel="label", value="weight", xlabel="在主题中的权重（占比）",
                            spec=spec, corpus_name=corpus_name)


def topic_trend_data(topic_trends: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """``topic_trends`` as panels for :func:`analysis.trend_figures.plot_trends`: ``period``,
    ``panel``, ``share`` (in %), ``n_articles``."""
    heads = topics.loc[topics["rank"] <= 2].groupby("topic")["term"].apply(lambda s: "·".join(s))
    df = topic_trends.copy()
    df["panel"] = df["topic"].map(lambda t: f"主题 {t}：{heads.get(t, '')}")
    df["share"] = df["share"] * 100
    return df.sort_values(["topic", "period"], kind="mergesort")[
        ["period", "panel", "share", "n_articles"]].reset_index(drop=True)


def plot_topic_trends(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """One panel per topic: its mean share (%) of a period's articles; articles per period below."""
    return plot_trends(data, name="topic-trends", corpus_name=corpus_name, value="share",
                       ylabel="占比（%）")


def correspondence_data(coords: pd.DataFrame, *, n_terms: int = 30) -> pd.DataFrame:
    """The groups and the ``n_terms`` terms that contribute most (ties by term), with a
    ``labelled`` flag; the other terms stay as unlabelled dots."""
    terms = coords.loc[coords["kind"] == "term"].sort_values(
        ["contribution", "item"], ascending=[False, True], kind="mergesort")
    top = set(terms["item"].head(n_terms))
    out = coords.copy()
    out["labelled"] = (out["kind"] == "group") | out["item"].isin(top)
    return out


def plot_correspondence(data: pd.DataFrame, *, shares: list[float], corpus_name: str,
                        group_label: str = "组") -> Figure:
    """Biplot of :func:`correspondence_data`: terms as dots (the most contributing labelled),
    groups as labelled squares; axes titled with their share of the inertia."""
    spec = FIGURES["correspondence-analysis"]
    fig = _new_figure(7.0)
    ax = fig.add_subplot()
    if data.empty or not shares:
        _empty(ax, "无可比较的组")
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    terms = data.loc[data["kind"] == "term"]
    groups = data.loc[data["kind"] == "group"]
    ax.scatter(terms["dim1"], terms["dim2"], s=8, color="#b0b0b0", zorder=2)
    lab = terms.loc[terms["labelled"]]
    ax.scatter(lab["dim1"], lab["dim2"], s=14, color=INK, zorder=3)
    span = max(float(np.ptp(data["dim1"])), float(np.ptp(data["dim2"])), 1e-9)
    ax.scatter(groups["dim1"], groups["dim2"], marker="s", s=46, facecolor="white",
               edgecolor=INK, linewidth=1.2, zorder=5)
    ax.margins(0.08 if span else 0.5)
    items = [(r["item"], r["dim1"], r["dim2"], True) for _, r in groups.iterrows()] + [
        (r["item"], r["dim1"], r["dim2"], False)
        for _, r in lab.sort_values(["contribution", "item"], ascending=[False, True],
                                    kind="mergesort").iterrows()]
    _place_labels(fig, ax, items)
    ax.axhline(0, color="#dddddd", linewidth=0.8, zorder=1)
    ax.axvline(0, color="#dddddd", linewidth=0.8, zorder=1)
    second = shares[1] if len(shares) > 1 else 0.0
    ax.set_xlabel(f"第一维（惯量占比 {shares[0]:.1%}）")
    ax.set_ylabel(f"第二维（惯量占比 {second:.1%}）")
    ax.text(1.0, 1.01, f"方块：{group_label}；黑点：贡献最大的词", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=8, color="#444444")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


_OFFSETS = ((4, 2), (4, -11), (-4, 2), (-4, -11), (0, 8), (0, -15))
"""Label positions tried around a point (points), right first."""


def _place_labels(fig: Figure, ax, items: list[tuple[str, float, float, bool]]) -> int:
    """Label points without overlaps: each label (groups first, then terms by contribution) takes
    the first of :data:`_OFFSETS` where it overlaps no label placed before; a term label that fits
    nowhere is left out (its dot stays). Out: labels left out."""
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw_without_rendering()
    placed = []
    skipped = 0
    for text, x, y, is_group in items:
        label = _shorten(text, 12 if is_group else 6)
        for dx, dy in _OFFSETS:
            ann = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points",
                              fontsize=9 if is_group else 7.5, color=INK,
                              ha="left" if dx >= 0 else "right", zorder=6 if is_group else 4)
            box = ann.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(b) for b in placed):
                placed.append(box)
                break
            ann.remove()
        else:
            if is_group:  # a group is always named, even where it crowds
                ann = ax.annotate(label, (x, y), xytext=(4, 2), textcoords="offset points",
                                  fontsize=9, color=INK, zorder=6)
                placed.append(ann.get_window_extent(renderer))
            else:
                skipped += 1
    return skipped
