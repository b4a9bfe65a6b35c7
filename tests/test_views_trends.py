"""Figures that hold at 5 and at 5,000 articles: size rules, and trend tables by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import figures, trend_figures, views
from analysis.trends import choose_period, lexicon_trends, period_labels, term_trends

# --- trend tables, computed by hand --------------------------------------------------------------

ARTICLES = pd.DataFrame({
    "article_id": ["A", "B", "C", "D", "E"],
    "published": ["2020-02-01", "2020-02-01T08:00:00", "2020-02-03", "", "2020-02-03"],
    "published_source": ["filename", "text", "inferred", "unknown", "metadata"],
})
HAN = pd.Series({"A": 100, "B": 50, "C": 80, "D": 70, "E": 200})
TF = pd.DataFrame({
    "article_id": ["A", "B", "B", "C", "D", "E"],
    "term": ["党员", "党员", "防控", "党员", "党员", "防控"],
    "count": [2, 1, 3, 5, 9, 4],
})


def test_term_trends_by_hand() -> None:
    out = term_trends(TF, ARTICLES, HAN, terms=["党员", "防控"], period="day")
    rows = {(r.period, r.term): r for r in out.itertuples()}
    # C has only a body date (inferred) and D none: both are left out
    assert sorted({p for p, _ in rows}) == ["2020-02-01", "2020-02-03"]
    r = rows[("2020-02-01", "党员")]
    assert (r.count, r.n_articles, r.han_chars) == (3, 2, 150)
    assert r.per_10k == pytest.approx(3 * 10_000 / 150)
    assert rows[("2020-02-01", "防控")].count == 3
    assert (rows[("2020-02-03", "党员")].count, rows[("2020-02-03", "党员")].per_10k) == (0, 0.0)
    assert rows[("2020-02-03", "防控")].per_10k == pytest.approx(4 * 10_000 / 200)
    # the default terms are the most frequent of the dated articles (防控 7, 党员 3)
    assert term_trends(TF, ARTICLES, HAN, n_terms=1)["term"].unique().tolist() == ["防控"]


def test_lexicon_trends_and_no_dates() -> None:
    lex = pd.DataFrame({"article_id": ["A", "B", "E"], "category": ["party"] * 3,
                        "label": ["党的组织"] * 3, "count": [1, 2, 5]})
    out = lexicon_trends(lex, ARTICLES, HAN, period="day")
    assert out[["period", "count", "n_articles"]].values.tolist() == [
        ["2020-02-01", 3, 2], ["2020-02-03", 5, 1]]
    undated = ARTICLES.assign(published_source="unknown")
    assert term_trends(TF, undated, HAN).empty and lexicon_trends(lex, undated, HAN).empty


def test_period_follows_the_date_span() -> None:
    days = pd.Series(pd.to_datetime(["2020-02-01", "2020-02-29"]))
    assert choose_period(days) == "day"
    assert choose_period(pd.Series(pd.to_datetime(["2020-01-01", "2020-06-30"]))) == "week"
    assert choose_period(pd.Series(pd.to_datetime(["2019-01-01", "2020-06-30"]))) == "month"
    assert choose_period(days, "month") == "month"
    dates = pd.Series(pd.to_datetime(["2020-02-27", "2020-03-01"]))  # a Thursday, a Sunday
    assert period_labels(dates, "week").tolist() == ["2020-02-24", "2020-02-24"]
    assert period_labels(dates, "month").tolist() == ["2020-02", "2020-03"]


# --- size rules at 5, 100 and 2,000 articles ---------------------------------------------------


def _synthetic(n: int, *, dated: bool = True, outlets: int = 15) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ids = [f"{i:05d}" for i in range(n)]
    days = pd.date_range("2020-02-01", periods=20, freq="D")
    return pd.DataFrame({
        "article_id": ids,
        "n_chars": rng.integers(100, 5000, n),
        "published": [days[i % 20].strftime("%Y-%m-%d") if dated else "" for i in range(n)],
        "published_source": ["filename" if dated else "unknown"] * n,
        "outlet": [f"媒体{i % outlets}" for i in range(n)],
    })


@pytest.mark.parametrize("n", [5, 100, 2000])
def test_article_view_never_takes_the_first_ids(n: int) -> None:
    arts = _synthetic(n)
    labels = figures.article_labels(arts["article_id"], arts)
    view = views.article_view(arts, labels)
    assert len(view.ids) == min(n, views.ARTICLE_LIMIT)
    if n > views.ARTICLE_LIMIT:
        longest = arts.nlargest(views.ARTICLE_LIMIT, "n_chars")["article_id"]
        assert set(view.ids) == set(longest)
        assert view.kind == "top-articles" and f"{n:,}" in view.note
    else:
        assert view.kind == "article"


def test_group_view_by_period_then_outlet() -> None:
    small = _synthetic(5)
    labels = figures.article_labels(small["article_id"], small)
    assert views.group_view(small, labels).kind == "article"
    big = _synthetic(2000)
    labels = figures.article_labels(big["article_id"], big)
    view = views.group_view(big, labels)
    # 20 days are more columns than 12: the comparison is coarsened to weeks
    assert (view.kind, view.period, len(set(view.groups.values()))) == ("period", "week", 4)
    ten = _synthetic(2000).assign(published=lambda d: d["published"].where(
        d["published"] < "2020-02-11", "2020-02-10"))
    view = views.group_view(ten, figures.article_labels(ten["article_id"], ten))
    assert (view.period, len(set(view.groups.values()))) == ("day", 10)
    undated = _synthetic(100, dated=False, outlets=3)
    view = views.group_view(undated, figures.article_labels(undated["article_id"], undated))
    assert view.kind == "outlet" and set(view.groups.values()) == {"媒体0", "媒体1", "媒体2"}
    many = _synthetic(100, dated=False, outlets=40)
    assert views.group_view(many, figures.article_labels(many["article_id"], many)).kind == (
        "top-articles")


@pytest.mark.parametrize("n", [5, 100, 2000])
def test_legends_hold_at_most_ten_entries(n: int) -> None:
    arts = _synthetic(n)
    labels = figures.article_labels(arts["article_id"], arts)
    claims = pd.DataFrame({
        "article_id": arts["article_id"], "para_no": 1, "surface": "30名", "kind": "count",
        "is_claim": 1, "value": "30", "unit": "名", "qualifier": "", "subject": "党员",
        "place": "武汉市",
    })
    data = figures.people_data(claims, articles=arts)
    legend, _ = views.legend_groups(data["article_id"].tolist(), arts, labels)
    data = figures.people_data(claims, articles=arts, legend=legend)
    fig = figures.plot_people(data, corpus_name="t")
    entries = [t.get_text() for lg in fig.legends for t in lg.get_texts()]
    assert 1 <= len(entries) <= views.LEGEND_LIMIT
    assert len(entries) == min(n, views.LEGEND_LIMIT)


def test_panels_and_pixels_stay_bounded() -> None:
    arts = _synthetic(2000)
    labels = figures.article_labels(arts["article_id"], arts)
    view = views.article_view(arts, labels)
    tf = pd.DataFrame({"article_id": np.repeat(arts["article_id"], 3),
                       "term": ["党员", "防控", "社区"] * 2000, "count": 2, "per_10k": 4.0})
    fig = figures.plot_top_terms(figures.top_terms_data(tf, articles=arts, ids=view.ids),
                                 corpus_name="t")
    assert sum(ax.get_visible() and bool(ax.get_title()) for ax in fig.axes) == 12
    # a place matrix over 29 days is widened, and still no PNG side exceeds 4,000 px
    places = pd.DataFrame({"article_id": arts["article_id"], "place": "武汉市", "count": 1})
    groups = {a: f"2020-02-{i % 29 + 1:02d}" for i, a in enumerate(arts["article_id"])}
    fig = figures.plot_places(figures.places_data(places, articles=arts, groups=groups),
                              corpus_name="t", column_label="时段")
    width, height = fig.get_size_inches() * figures.png_dpi(fig, 200)
    assert 3000 < width <= figures.MAX_PNG_PIXELS and height <= figures.MAX_PNG_PIXELS
    tall = figures._new_figure(30.0)
    assert figures.png_dpi(tall, 200) == 133  # 30 in × 133 dpi = 3,990 px


def test_trend_figure_breaks_its_line_over_empty_periods() -> None:
    trends = pd.DataFrame({"period": ["2020-02-01", "2020-02-02", "2020-02-10"],
                           "term": "党员", "count": [1, 2, 3], "per_10k": [1.0, 2.0, 3.0],
                           "n_articles": [1, 1, 2]})
    data = trend_figures.trend_panel_data(trends, key="term")
    fig = trend_figures.plot_trends(data, name="term-trends", corpus_name="t")
    line = next(ax for ax in fig.axes if ax.get_lines()).get_lines()[0]
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)).sum() == 1
    empty = trend_figures.trend_panel_data(trends.iloc[0:0], key="term")
    assert empty.empty
    # three periods, four dated articles: no trend worth drawing
    assert trend_figures.trend_drawable(trends)[0] is False
    assert trend_figures.trend_drawable(trends.assign(n_articles=[2, 2, 2]))[0] is True
