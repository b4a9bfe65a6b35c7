"""Figures: one writer for every figure, and the plotting functions that draw them.

The writer
    :class:`FigureWriter` is the only code that writes figures. ``save(fig, data, spec)``
    checks that every character of every label is in the figure's font
    (:func:`analysis.fonts.check_figure_glyphs`), writes ``<name>.png`` (200 dpi, for slides)
    and ``<name>.svg`` (text as outlines, so every viewer shows the Chinese; add ``"pdf"`` to
    ``formats`` for a PDF with Type 3 fonts), and the data behind the figure as
    ``<name>.csv`` beside it (through :func:`analysis.tables.write_table`). Files are
    byte-identical from run to run: the SVG hash salt is fixed and the date and software
    entries of the PNG/SVG/PDF metadata are removed. ``write_readme()`` writes
    ``figures/README.md`` with each figure's caption, what it shows and the tables it comes
    from. File names are the kebab-case :attr:`FigureSpec.name`, never dates.

The plots
    Each figure has a ``*_data`` function (tables in, the tidy DataFrame that is drawn out; all
    column access of the input tables happens there) and a ``plot_*`` function (that
    DataFrame in, a :class:`matplotlib.figure.Figure` out). Every figure has a Chinese title,
    axis labels with units, a source note naming the corpus and tables, and a palette that
    survives grayscale printing: the sequential ``cividis`` map (its lightness rises
    monotonically), a near-black ink, and marker shapes / hatches that tell series apart
    without colour. Figures are built with :class:`~matplotlib.figure.Figure` directly (not
    pyplot), so nothing stays open between calls.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter

from analysis.atomic import atomic_path
from analysis.atomic import write_text as atomic_write_text
from analysis.engine import cpu_count
from analysis.fonts import CJKFont, check_figure_glyphs, check_glyphs, use_cjk_font
from analysis.paths import RANDOM_STATE
from analysis.patterns import trie_pattern
from analysis.tables import write_table

# --------------------------------------------------------------------------------------------
# Catalogue: every figure's name, title, what it shows and the tables it comes from
# --------------------------------------------------------------------------------------------

_KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class FigureSpec:
    """What ``figures/README.md`` says about one figure.

    ``name``: kebab-case file stem; ``title``: the Chinese title drawn on the figure (also its
    caption); ``shows``: one sentence on what it shows; ``source``: the tables it is drawn from.
    """

    name: str
    title: str
    shows: str
    source: tuple[str, ...]

    def __post_init__(self) -> None:
        if not _KEBAB_RE.match(self.name):
            raise ValueError(f"figure name {self.name!r} is not kebab-case ([a-z0-9-])")


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec(
            "wordcloud-corpus", "语料词云：高频词",
            "The most frequent terms of the whole corpus; word size is proportional to the "
            "term's count (stop words, punctuation and number fragments excluded).",
            ("term_frequency",),
        ),
        FigureSpec(
            "top-terms-by-article", "各文章高频词（每万字出现次数）",
            "Small multiples: the most frequent terms of each article, as occurrences per "
            "10,000 Han characters of that article.",
            ("term_frequency_by_article", "articles"),
        ),
        FigureSpec(
            "tfidf-distinctive-terms", "各文章特征词（TF-IDF）",
            "Small multiples: the terms that most distinguish each article from the others "
            "(TF-IDF with IDF computed from this corpus; terms of two or more characters: a "
            "single character is mostly a surname cut from a name).",
            ("tfidf_top", "articles"),
        ),
        FigureSpec(
            "keyness", "关键性分析：目标组相对其余文章的超用词",
            "For each grouping of articles (by year, by outlet), the terms over-represented in "
            "the target group against all other articles, by log-likelihood G², with the "
            "log ratio (effect size) written beside each bar.",
            ("keyness",),
        ),
        FigureSpec(
            "framing-lexicon-heatmap", "框架词表：每万字出现次数",
            "Articles (or, for a large corpus, periods or outlets: see the view) × framing "
            "categories of the lexicon, as hits per 10,000 Han characters, each cell annotated "
            "with its rate.",
            ("lexicon_counts", "articles"),
        ),
        FigureSpec(
            "people-mobilized", "人数声明：按地点",
            "Each claim counting people (classifiers 名, 人, 位; not 人次, which counts trips or "
            "visits) as a point on a log scale, by the place the claim is about and the article "
            "that makes it: people mobilized, but also populations and patients, as the text "
            "counts them; the 20 places with the most such claims.",
            ("numeric_claims", "articles"),
        ),
        FigureSpec(
            "money-claims", "金额类数字声明",
            "Every money claim in renminbi (unit 元; other currencies such as 美元, 韩元 are left "
            "out, not converted) in 万元 (10,000 yuan), largest first, labelled with what the "
            "money is and the figure as written, by article.",
            ("numeric_claims", "articles"),
        ),
        FigureSpec(
            "timeline", "时间线：文中提及的日期",
            "Dated events mentioned in each article (only dates whose year the text or the "
            "metadata gives), with each article's publication date where known.",
            ("numeric_claims", "articles"),
        ),
        FigureSpec(
            "lexical-dispersion", "关键词分布图",
            "Where each key term occurs in each article (relative position from the first to "
            "the last character of the article's clean text); one row per term.",
            ("paragraphs", "term_frequency", "articles"),
        ),
        FigureSpec(
            "term-cooccurrence-network", "高频词共现网络（同一段落）",
            "Frequent terms as nodes (area ∝ count) linked when they occur in the same "
            "paragraph (line width ∝ number of such paragraphs).",
            ("tokens", "term_frequency"),
        ),
        FigureSpec(
            "term-trends", "关键词随时间的变化（每万字出现次数）",
            "Small multiples: the corpus's most frequent terms per 10,000 Han characters of "
            "each period's articles (day, week or month by the date span), with the number of "
            "articles per period below; only articles with a stated publication date.",
            ("term_trends",),
        ),
        FigureSpec(
            "frame-trends", "框架类别随时间的变化（每万字出现次数）",
            "Small multiples: hits of each framing category per 10,000 Han characters of each "
            "period's articles, with the number of articles per period below.",
            ("lexicon_trends",),
        ),
        FigureSpec(
            "topics", "主题模型：各主题的主要词语",
            "Small multiples: the heaviest terms of each topic of the NMF topic model (weights "
            "are the term's share of the topic).",
            ("topics",),
        ),
        FigureSpec(
            "topic-trends", "各主题随时间的变化（平均占比）",
            "Small multiples: each topic's mean share of the articles of a period, with the "
            "number of articles per period below; only articles with a stated date.",
            ("topic_trends",),
        ),
        FigureSpec(
            "correspondence-analysis", "对应分析：高频词与文章组",
            "Correspondence analysis of the most frequent terms × groups of articles (periods or "
            "outlets): groups as squares, the terms that contribute most as labelled dots; the "
            "axis labels give each dimension's share of the inertia.",
            ("correspondence",),
        ),
        FigureSpec(
            "place-mentions", "地名提及次数",
            "The most mentioned places (aliases merged) against the articles (or periods, or "
            "outlets: see the view) mentioning them; circle area and the number give the count "
            "of mentions.",
            ("places", "articles"),
        ),
    )
}
"""The figures of notebook 04, by name."""


def slug(text: str) -> str:
    """Kebab-case form of ``text`` for file names: lowercase ``[a-z0-9]`` runs joined by ``-``."""
    parts = re.findall(r"[a-z0-9]+", str(text).lower())
    if not parts:
        raise ValueError(f"no letters or digits in {text!r} to name a file")
    return "-".join(parts)


MAX_ARTICLE_WORDCLOUDS = 30
"""Per-article word clouds are drawn for the first this-many articles (by ``article_id``), so a
corpus of thousands of articles does not write thousands of images; the corpus cloud and the
tables cover every article."""


def article_wordcloud_spec(article_id: str, label: str | None = None) -> FigureSpec:
    """The :class:`FigureSpec` of one article's word cloud (``wordcloud-article-<id>``)."""
    return FigureSpec(
        name=f"wordcloud-article-{slug(article_id)}",
        title=f"文章词云：{label or article_id}",
        shows=f"The most frequent terms of article {article_id}; word size ∝ count.",
        source=("term_frequency_by_article",),
    )


# --------------------------------------------------------------------------------------------
# The one figure writer
# --------------------------------------------------------------------------------------------

SAVE_RC = {"svg.hashsalt": "analysis-figures", "svg.fonttype": "path", "pdf.fonttype": 3}
"""rcParams in force while a figure is written (deterministic SVG ids, outlined text, Type 3)."""

METADATA: dict[str, dict[str, None]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
"""Metadata entries removed so that two runs write the same bytes."""


def _freeze_layout(fig: Figure, *, digits: int = 6, laid_out: bool = False) -> None:
    """Run the figure's layout once, then fix every axes at its position rounded to ``digits``.

    Constrained layout solves for positions iteratively, and the last bits of the result
    depend on the order in which matplotlib visits its children (which varies between
    processes); SVG clip-path ids are hashes of those floats. Rounding the positions and
    switching the layout engine off makes PNG, SVG and PDF of one figure share one geometry
    that is the same in every run. ``laid_out``: the figure was just drawn (by the glyph
    check), so its layout is current and is not run again.
    """
    if not laid_out:
        fig.draw_without_rendering()
    positions = [(ax, ax.get_position().bounds) for ax in fig.axes]
    fig.set_layout_engine("none")
    for ax, bounds in positions:
        ax.set_position([round(float(v), digits) for v in bounds])


def _add_view_note(fig: Figure, view: str) -> None:
    """Append the view the corpus size chose to the figure's source note (``…；视图：…``)."""
    for text in fig.texts:
        if text.get_text().startswith("来源：") and "；视图：" not in text.get_text():
            text.set_text(f"{text.get_text()}；视图：{view}")
            return


MAX_PNG_PIXELS = 4000
"""Longest side of a PNG (pixels)."""


def png_dpi(fig: Figure, dpi: int) -> int:
    """``dpi``, lowered where needed so that no side of ``fig`` exceeds :data:`MAX_PNG_PIXELS`."""
    longest = max(fig.get_size_inches())
    return min(dpi, int(MAX_PNG_PIXELS // longest)) if longest * dpi > MAX_PNG_PIXELS else dpi


def _write_figure_files(fig: Figure, paths: list[Path], dpi: int) -> None:
    """Write ``fig`` to each of ``paths`` (format from the suffix), each atomically."""
    with mpl.rc_context(SAVE_RC):
        for path in paths:
            fmt = path.suffix[1:]
            with atomic_path(path) as tmp:  # whole or not at all
                fig.savefig(tmp, format=fmt, dpi=dpi, metadata=METADATA[fmt])


def _write_pickled_figure(pickled: bytes, paths: list[Path], dpi: int) -> None:
    """:func:`_write_figure_files` of a pickled figure (what the background process runs)."""
    import pickle

    import matplotlib.pyplot as plt

    use_cjk_font()  # registered already when forked; a spawned process registers it here
    fig = pickle.loads(pickled)
    try:
        _write_figure_files(fig, paths, dpi)
    finally:
        plt.close(fig)


def _figure_pool(workers: int = 1) -> Any:
    """Worker processes for :attr:`FigureWriter.background`, forked from this one (they share
    the font set-up; ``spawn`` where fork is missing)."""
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods()
    pool = ProcessPoolExecutor(max_workers=max(1, workers),
                               mp_context=multiprocessing.get_context("fork" if fork else "spawn"))
    atexit.register(pool.shutdown)
    return pool


@dataclass(frozen=True)
class FigureRecord:
    """One written figure: its spec, the files written (names only) and the data's row count."""

    spec: FigureSpec
    files: tuple[str, ...]
    n_rows: int
    view: str = ""


@dataclass
class FigureWriter:
    """Write figures and their data into ``figures_dir``, and index them in ``README.md``.

    In: the run's figures folder (``RunDirs.figures``), the corpus name for the README,
    ``formats`` (any of ``"png"``, ``"svg"``, ``"pdf"``) and the PNG resolution ``dpi``
    (at least 200).
    """

    figures_dir: Path
    corpus_name: str = ""
    formats: tuple[str, ...] = ("png", "svg")
    dpi: int = 200
    records: list[FigureRecord] = field(default_factory=list)
    background: bool = False
    """Write the PNG/SVG/PDF files in a worker process while the caller draws the next figure
    (:meth:`wait` collects them; :meth:`write_readme` waits first). The figure is checked,
    laid out and pickled here, so the files are the bytes :meth:`save` writes in-process."""
    workers: int = field(default_factory=cpu_count)
    """Background processes (:attr:`background`; default: one per core): the image files of
    :meth:`save` and the figures drawn whole by :mod:`analysis.cloud_batch` share them."""
    _pool: Any = field(default=None, repr=False)
    _pending: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.figures_dir = Path(self.figures_dir)
        unknown = set(self.formats) - set(METADATA)
        if unknown or not self.formats:
            raise ValueError(f"formats must be among {sorted(METADATA)}, got {self.formats}")
        if self.dpi < 200:
            raise ValueError("PNG figures are written at 200 dpi or more")

    def save(self, fig: Figure, data: pd.DataFrame, spec: FigureSpec, *, view: str = ""
             ) -> FigureRecord:
        """Write ``fig`` as ``<spec.name>.<format>`` and ``data`` as ``<spec.name>.csv``.

        In: a figure from a ``plot_*`` function, the DataFrame it was drawn from, its spec and
        the view the corpus size chose (:mod:`analysis.views`; said in ``figures/README.md``).
        No PNG side exceeds :data:`MAX_PNG_PIXELS`: a taller figure is written at a lower dpi.
        Raises :class:`analysis.fonts.MissingGlyphError` before writing anything if a label has
        a character the font cannot draw. The figure's layout is then frozen (see
        :func:`_freeze_layout`), so showing it afterwards shows what was written. With
        :attr:`background` the image files are written by a worker process (see :meth:`wait`);
        the data CSV is written here. Out: the :class:`FigureRecord` (also kept in
        :attr:`records` for :meth:`write_readme`; saving a name again replaces its record).
        """
        if view:
            _add_view_note(fig, view)
        check_figure_glyphs(fig)  # lays the figure out once (figure_texts)
        _freeze_layout(fig, laid_out=True)
        self.figures_dir.mkdir(parents=True, exist_ok=True)
        paths = [self.figures_dir / f"{spec.name}.{fmt}" for fmt in self.formats]
        dpi = png_dpi(fig, self.dpi)
        record = self.record_for(spec, data, view=view)
        if self.background:
            import pickle

            self.submit(_write_pickled_figure, (pickle.dumps(fig), paths, dpi), record)
        else:
            _write_figure_files(fig, paths, dpi)
            self.add_record(record)
        write_table(data, spec.name, self.figures_dir, parquet=False)
        return record

    def record_for(self, spec: FigureSpec, data: pd.DataFrame, *, view: str = ""
                   ) -> FigureRecord:
        """The record :meth:`save` makes for ``spec`` drawn from ``data``: its files are one per
        format and the data CSV."""
        files = (*(f"{spec.name}.{fmt}" for fmt in self.formats), f"{spec.name}.csv")
        return FigureRecord(spec=spec, files=files, n_rows=len(data), view=view)

    def submit(self, func: Any, args: tuple[Any, ...], record: FigureRecord) -> None:
        """Have a background process run ``func(*args)``, which writes the files of ``record``
        (a module-level function; :mod:`analysis.cloud_batch` draws whole figures this way).
        The record joins :attr:`records` now, in call order; :meth:`png` and :meth:`wait`
        wait for the files."""
        earlier = self._pending.pop(record.spec.name, None)
        if earlier is not None:  # the same name again (a cell run twice): one writer a file
            earlier.exception()
        if self._pool is None:
            self._pool = _figure_pool(self.workers)
        self._pending[record.spec.name] = self._pool.submit(func, *args)
        self.add_record(record)

    def add_record(self, record: FigureRecord) -> None:
        """Index ``record`` (written by this writer or a worker): it replaces a record of the
        same name and goes last."""
        self.records = [r for r in self.records if r.spec.name != record.spec.name] + [record]

    def png(self, name: str) -> Path:
        """The PNG of the figure ``name``, once written (waits for a background write; raises
        its error, and the figure leaves :attr:`records`)."""
        future = self._pending.get(name)
        if future is not None and future.exception() is not None:
            del self._pending[name]
            self.records = [r for r in self.records if r.spec.name != name]
            raise future.exception()  # type: ignore[misc]
        return self.figures_dir / f"{name}.png"

    def wait(self) -> None:
        """Wait until every figure handed to the background processes is written; raise the
        first error one of them met (its files are then left as they were)."""
        pending, self._pending = self._pending, {}
        failed = {name: future.exception() for name, future in pending.items()}
        failed = {name: err for name, err in failed.items() if err is not None}
        if failed:  # a figure whose files were not written is not indexed
            self.records = [r for r in self.records if r.spec.name not in failed]
            raise next(iter(failed.values()))

    def close(self) -> None:
        """:meth:`wait`, then stop the background process."""
        try:
            self.wait()
        finally:
            if self._pool is not None:
                import atexit

                self._pool.shutdown()
                atexit.unregister(self._pool.shutdown)
                self._pool = None

    def index(self) -> pd.DataFrame:
        """The figures saved so far: ``name``, ``title``, ``source``, ``n_rows``, ``files``."""
        return pd.DataFrame(
            [(r.spec.name, r.spec.title, r.view, ", ".join(r.spec.source), r.n_rows,
              " ".join(r.files)) for r in self.records],
            columns=["name", "title", "view", "source", "n_rows", "files"],
        )

    def stale_files(self) -> list[Path]:
        """Figure files in ``figures_dir`` that this writer did not write (an earlier run's).

        Only ``.png``, ``.svg``, ``.pdf`` and ``.csv`` files are considered; nothing is deleted.
        """
        written = {f for r in self.records for f in r.files}
        return sorted(p for p in self.figures_dir.glob("*")
                      if p.suffix in {".png", ".svg", ".pdf", ".csv"} and p.name not in written
                      and p.stem not in FIGURES)

    def readme_text(self, *, font: CJKFont | None = None) -> str:
        """The Markdown of ``figures/README.md`` for the figures saved so far (in save order)."""
        font = font or use_cjk_font()
        lines = [
            "# Figures",
            "",
            f"Written by `notebooks/04-figures.ipynb` from the corpus `{self.corpus_name}`; do "
            "not edit by hand. Each figure is a PNG "
            f"({self.dpi} dpi) and {', '.join(f.upper() for f in self.formats if f != 'png')} "
            "with the data drawn in it as a CSV of the same name (UTF-8 with BOM). Font: "
            f"{font.family} (`{font.path.name}`, {font.origin}; SIL Open Font License 1.1). "
            "Two runs write byte-identical files.",
            "",
            "| Figure | Caption | What it shows | View (chosen by corpus size) | Drawn from | Files |",
            "|---|---|---|---|---|---|",
        ]
        for r in self.records:
            source = ", ".join(f"`{t}`" for t in r.spec.source)
            files = ", ".join(f"[{f.rsplit('.', 1)[1]}]({f})" for f in r.files)
            lines.append(
                f"| `{r.spec.name}` | {r.spec.title} | {r.spec.shows} | {r.view or '—'} | {source} "
                f"({r.n_rows} rows drawn) | {files} |"
            )
        return "\n".join(lines) + "\n"

    def write_readme(self, *, font: CJKFont | None = None, run_id: str = "") -> Path:
        """Write :meth:`readme_text` to ``figures_dir/README.md`` and the records to
        ``figures_dir/index.json`` (with ``run_id``, so a later notebook of the same run can
        :meth:`resume` them); return the README's path. Figures still being written in the
        background are waited for first (:meth:`close`), so the index names only whole files."""
        self.close()
        path = atomic_write_text(self.figures_dir / "README.md", self.readme_text(font=font))
        index = {"run_id": run_id, "records": [
            {"name": r.spec.name, "title": r.spec.title, "shows": r.spec.shows,
             "source": list(r.spec.source), "files": list(r.files), "n_rows": r.n_rows,
             "view": r.view} for r in self.records]}
        atomic_write_text(self.figures_dir / "index.json",
                          json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return path

    def resume(self, run_id: str) -> int:
        """Take over the records an earlier notebook of the same run wrote to ``index.json``
        (so the README indexes every figure of the run); return how many. Records of another
        run are ignored."""
        path = self.figures_dir / "index.json"
        if not run_id or not path.is_file():
            return 0
        index = json.loads(path.read_text(encoding="utf-8"))
        if index.get("run_id") != run_id:
            return 0
        mine = {r.spec.name for r in self.records}
        old = [FigureRecord(spec=FigureSpec(d["name"], d["title"], d["shows"], tuple(d["source"])),
                            files=tuple(d["files"]), n_rows=int(d["n_rows"]), view=d["view"])
               for d in index.get("records", []) if d["name"] not in mine]
        self.records = old + self.records
        return len(old)


# --------------------------------------------------------------------------------------------
# Shared style
# --------------------------------------------------------------------------------------------

INK = "#1a1a1a"
"""Near-black used for text, single-series bars and markers."""

CMAP = "cividis"
"""Sequential colour map whose lightness rises monotonically (reads in grayscale)."""

MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "---", "+++", "ooo")

WIDTH = 8.0
"""Figure width in inches (1600 px at 200 dpi)."""

CATEGORY_LABELS = {
    "military": "军事与战争隐喻",
    "war": "军事与战争隐喻",
    "party": "党组织",
    "party_organization": "党组织",
    "public_health": "公共卫生措施",
    "health": "公共卫生措施",
    "service": "服务与关爱",
    "service_care": "服务与关爱",
    "care": "服务与关爱",
    "discipline": "纪律与问责",
    "discipline_accountability": "纪律与问责",
    "accountability": "纪律与问责",
    "economy": "经济与生产",
    "economy_production": "经济与生产",
}
"""Chinese labels for lexicon category keys written in English; other keys are shown as is."""

PEOPLE_UNITS = ("名", "人", "位")
"""Classifiers that count people in Chinese news (名 党员, 27人, 两位); 人次 counts trips or
visits (176亿人次 of a travel season), not people."""


def _series_colors(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` colours from :data:`CMAP`, dark to mid-light, distinct in grayscale."""
    cmap = colormaps[CMAP]
    if n <= 1:
        return [cmap(0.0)]
    return [cmap(x) for x in np.linspace(0.0, 0.85, n)]


def _new_figure(height: float, *, width: float = WIDTH) -> Figure:
    """A constrained-layout figure in the CJK font, leaving room at the bottom for the note."""
    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    note_h = 0.22 / height  # 0.22 in for the source note
    fig.get_layout_engine().set(rect=(0.0, note_h, 1.0, 1.0 - note_h))
    return fig


def _finish(fig: Figure, *, title: str, corpus_name: str, source: Sequence[str]) -> Figure:
    """Add the Chinese title and the source note (corpus and tables) to ``fig``."""
    fig.suptitle(title, fontsize=13, color=INK)
    note = f"来源：语料“{corpus_name or '未命名'}”；数据表 {'、'.join(source)}"
    # 0.04 in above the bottom edge, inside the 0.22 in that _new_figure keeps free, at any height
    fig.text(0.01, 0.04 / fig.get_figheight(), note, fontsize=7.5, color="#444444", ha="left",
             va="bottom")
    return fig


def _shorten(text: str, n: int = 14) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a clear error when ``df`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise KeyError(f"{what} needs column(s) {missing}; it has {list(df.columns)}")


def _fmt_number(value: float, _pos: object = None) -> str:
    """Tick label for counts and amounts: 500, 1,000, 1万, 2.5万, 1亿."""
    if value >= 1e8:
        return f"{value / 1e8:g}亿"
    if value >= 1e4:
        return f"{value / 1e4:g}万"
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def _log_axis(ax: Axes, axis: str = "x") -> None:
    """Log scale with plain-number tick labels (no mathtext), decades only."""
    getattr(ax, f"set_{axis}scale")("log")
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(LogLocator(base=10))
    target.set_major_formatter(FuncFormatter(_fmt_number))
    target.set_minor_formatter(NullFormatter())


def _empty(ax: Axes, message: str = "无数据") -> None:
    """Mark an axes that has nothing to draw."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=INK)
    ax.set_xticks([])
    ax.set_yticks([])


# --------------------------------------------------------------------------------------------
# Article labels and key terms
# --------------------------------------------------------------------------------------------


def article_labels(
    article_ids: Iterable[str], articles: pd.DataFrame | None = None
) -> dict[str, str]:
    """Short display label per article id: ``"003 红网"``.

    In: article ids, and optionally the ``articles`` table (``article_id``, ``outlet``). The
    label is the id's prefix before ``_`` when that prefix is unique (else the full id),
    followed by the outlet (first 6 characters) when known. Out: ``{article_id: label}``.
    """
    ids = sorted({str(a) for a in article_ids})
    if articles is not None and "article_id" in articles.columns:
        ids = sorted(set(ids) | set(articles["article_id"].astype(str)))
    prefixes = {a: a.split("_", 1)[0] for a in ids}
    unique = len(set(prefixes.values())) == len(ids)
    outlets: dict[str, str] = {}
    if articles is not None and {"article_id", "outlet"} <= set(articles.columns):
        outlets = dict(zip(articles["article_id"].astype(str),
                           articles["outlet"].fillna("").astype(str), strict=True))
    out = {}
    for a in ids:
        base = prefixes[a] if unique else a
        outlet = outlets.get(a, "").strip()
        out[a] = f"{base} {outlet[:6]}" if outlet else base
    return out


def key_terms(term_frequency: pd.DataFrame, *, n: int = 8) -> list[str]:
    """The ``n`` most frequent terms of ``term_frequency`` (``term``, ``count``), ties by term."""
    _require(term_frequency, ["term", "count"], "key_terms")
    tf = term_frequency.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    return tf["term"].astype(str).head(n).tolist()


def _with_labels(df: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """``df`` with an ``article`` display-label column after ``article_id``."""
    out = df.copy()
    labels = article_labels(out["article_id"].astype(str), articles)
    out.insert(out.columns.get_loc("article_id") + 1, "article",
               out["article_id"].astype(str).map(labels))
    return out


# --------------------------------------------------------------------------------------------
# Word clouds
# --------------------------------------------------------------------------------------------


def wordcloud_data(
    term_frequency: pd.DataFrame, *, article_id: str | None = None, n: int = 150
) -> pd.DataFrame:
    """The terms of a word cloud: ``term``, ``count``, ``rank``.

    In: ``term_frequency`` (``term``, ``count``) or ``term_frequency_by_article`` with
    ``article_id`` (then only that article's rows). Out: the ``n`` most frequent terms, by
    count (desc) then term, ``rank`` 1 = most frequent.
    """
    cols = ["term", "count"] + (["article_id"] if article_id is not None else [])
    _require(term_frequency, cols, "wordcloud_data")
    df = term_frequency
    if article_id is not None:
        df = df.loc[df["article_id"].astype(str) == str(article_id)]
    df = df.loc[df["count"] > 0, ["term", "count"]].astype({"term": str, "count": int})
    df = df.sort_values(["count", "term"], ascending=[False, True], kind="mergesort").head(n)
    df = df.reset_index(drop=True)
    df["rank"] = np.arange(1, len(df) + 1)
    return df


def _draw_cloud(ax: Axes, cloud: object, font_path: Path) -> None:
    """Draw the words of a fitted ``WordCloud`` as outlines in ``ax``: vector in SVG and PDF
    (sharp at any size), the same places and sizes as the cloud's own bitmap.

    In: the axes, the cloud after ``generate_from_frequencies`` (``layout_``: word, font size
    and top-left corner in canvas pixels) and the font file it was fitted with. The cloud
    draws a word (through a ``TransposedFont``) with the top of its text box at the corner, so
    the baseline lies ``ascent - top`` pixels lower, ``top`` being where that box starts below
    the ascender line.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import PathPatch
    from matplotlib.textpath import TextPath
    from PIL import ImageFont

    width, height = cloud.width, cloud.height  # type: ignore[attr-defined]
    prop = FontProperties(fname=str(font_path))
    fonts: dict[int, ImageFont.FreeTypeFont] = {}
    patches = []
    for (word, _), size, (y, x), _orientation, color in cloud.layout_:  # type: ignore[attr-defined]
        font = fonts.setdefault(size, ImageFont.truetype(str(font_path), size))
        baseline = y + font.getmetrics()[0] - font.getbbox(word)[1]
        path = TextPath((x, height - baseline), word, size=size, prop=prop)
        patches.append(PathPatch(path, facecolor=color, edgecolor="none", linewidth=0))
    # one collection, no autoscaling over every glyph's curves (the limits are the canvas)
    ax.add_collection(PatchCollection(patches, match_original=True), autolim=False)
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")


def plot_wordcloud(
    data: pd.DataFrame,
    *,
    corpus_name: str,
    spec: FigureSpec | None = None,
    random_state: int = RANDOM_STATE,
) -> Figure:
    """A word cloud of ``data`` (from :func:`wordcloud_data`) drawn in the CJK font.

    Uses ``WordCloud.generate_from_frequencies`` with the same font file as matplotlib and a
    fixed ``random_state``, horizontal words only (Chinese read across), darker = more frequent.
    Raises :class:`analysis.fonts.MissingGlyphError` when a word has a character the font lacks.
    """
    from wordcloud import WordCloud

    spec = spec or FIGURES["wordcloud-corpus"]
    font = use_cjk_font()
    fig = _new_figure(4.9)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    freqs = dict(zip(data["term"].astype(str), data["count"].astype(float), strict=True))
    check_glyphs(freqs, font_path=font.path)
    cmap = colormaps[CMAP]
    ranks = {t: i / max(len(freqs) - 1, 1) for i, t in enumerate(freqs)}
    hexes = {t: mpl.colors.to_hex(cmap(0.7 * r)) for t, r in ranks.items()}

    def color(word: str, **_kw: object) -> str:
        return hexes[word]

    cloud = WordCloud(
        font_path=str(font.path), width=800, height=430, scale=1, background_color="white",
        prefer_horizontal=1.0, random_state=random_state, max_words=len(freqs),
        relative_scaling=0.5, min_font_size=5, margin=2, color_func=color,
    ).generate_from_frequencies(freqs)
    _draw_cloud(ax, cloud, font.path)
    ax.text(1.0, -0.01, "字号随出现次数增大（次数见数据表）", transform=ax.transAxes, ha="right", va="top",
            fontsize=8, color="#444444")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Small multiples: top terms and TF-IDF
# --------------------------------------------------------------------------------------------


def _first_articles(df: pd.DataFrame, max_articles: int,
                    ids: Sequence[str] | None = None) -> list[str]:
    """``ids`` when given (a view's choice, :mod:`analysis.views`), else the first
    ``max_articles`` article ids of ``df`` in sorted order."""
    if ids is not None:
        return [str(a) for a in ids]
    return sorted(df["article_id"].astype(str).unique())[:max_articles]


def top_terms_data(
    term_frequency_by_article: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    n: int = 8,
    max_articles: int = 12,
    ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Top ``n`` terms of each article: ``article_id``, ``article``, ``rank``, ``term``,
    ``count``, ``per_10k``.

    In: ``term_frequency_by_article`` (``article_id``, ``term``, ``count``, ``per_10k``); the
    articles ``ids`` (a view's choice), else the first ``max_articles`` by id. Ties by term.
    """
    cols = ["article_id", "term", "count", "per_10k"]
    _require(term_frequency_by_article, cols, "top_terms_data")
    df = term_frequency_by_article[cols].copy()
    df["article_id"] = df["article_id"].astype(str)
    df = df.loc[df["article_id"].isin(_first_articles(df, max_articles, ids))]
    df = df.sort_values(["article_id", "count", "term"], ascending=[True, False, True],
                        kind="mergesort")
    df["rank"] = df.groupby("article_id").cumcount() + 1
    df = df.loc[df["rank"] <= n].reset_index(drop=True)
    df = _with_labels(df, articles)
    return df[["article_id", "article", "rank", "term", "count", "per_10k"]]


def tfidf_data(
    tfidf_top: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    n: int = 8,
    max_articles: int = 12,
    ids: Sequence[str] | None = None,
    min_chars: int = 2,
) -> pd.DataFrame:
    """Most distinctive terms per article: ``article_id``, ``article``, ``rank``, ``term``,
    ``tfidf``.

    In: ``tfidf_top`` (``article_id``, ``term``, ``tfidf``; ``rank`` is recomputed from
    ``tfidf``, ties by term); the articles ``ids``, else the first ``max_articles`` by id.
    Terms shorter than ``min_chars`` are left out: a single character that scores high is
    mostly a surname cut from a name (秦, 徐) or a fragment, not a term a reader can use (the
    table ``tfidf_top`` keeps them).
    """
    cols = ["article_id", "term", "tfidf"]
    _require(tfidf_top, cols, "tfidf_data")
    df = tfidf_top[cols].copy()
    df["article_id"] = df["article_id"].astype(str)
    df = df.loc[df["term"].astype(str).str.len() >= min_chars]
    df = df.loc[df["article_id"].isin(_first_articles(df, max_articles, ids))]
    df = df.sort_values(["article_id", "tfidf", "term"], ascending=[True, False, True],
                        kind="mergesort")
    df["rank"] = df.groupby("article_id").cumcount() + 1
    df = df.loc[df["rank"] <= n].reset_index(drop=True)
    df = _with_labels(df, articles)
    return df[["article_id", "article", "rank", "term", "tfidf"]]


def _small_multiples(
    data: pd.DataFrame,
    *,
    panel: str,
    value: str,
    xlabel: str,
    spec: FigureSpec,
    corpus_name: str,
    ncols: int = 3,
) -> Figure:
    """Horizontal-bar small multiples: one panel per value of ``panel``, bars of ``value``."""
    panels = list(dict.fromkeys(data[panel].astype(str))) if not data.empty else []
    ncols = max(1, min(ncols, len(panels)))
    nrows = max(1, -(-len(panels) // ncols))
    per_panel = int(data.groupby(panel).size().max()) if panels else 1
    fig = _new_figure(0.6 + nrows * (0.35 + 0.24 * per_panel))
    if not panels:
        _empty(fig.add_subplot())
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for ax, key in zip(axes.flat, panels, strict=False):
        part = data.loc[data[panel].astype(str) == key]
        y = np.arange(len(part))[::-1]
        ax.barh(y, part[value], color=INK, height=0.7)
        ax.set_yticks(y, [_shorten(t, 8) for t in part["term"]], fontsize=8.5)
        ax.set_ylim(-0.6, per_panel - 0.4)
        ax.set_title(key, fontsize=10, color=INK)
        ax.set_xlabel(xlabel, fontsize=8)
        ax.tick_params(axis="x", labelsize=7.5)
        ax.margins(x=0.18)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


def plot_top_terms(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Small multiples of :func:`top_terms_data`: per article, bars of 每万字出现次数."""
    spec = FIGURES["top-terms-by-article"]
    return _small_multiples(data, panel="article", value="per_10k", xlabel="每万字出现次数",
                            spec=spec, corpus_name=corpus_name)


def plot_tfidf(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Small multiples of :func:`tfidf_data`: per article, bars of the TF-IDF weight."""
    spec = FIGURES["tfidf-distinctive-terms"]
    return _small_multiples(data, panel="article", value="tfidf", xlabel="TF-IDF 权重（无量纲）",
                            spec=spec, corpus_name=corpus_name)


# --------------------------------------------------------------------------------------------
# Keyness
# --------------------------------------------------------------------------------------------

_GROUPING_LABELS = {"year": "年份", "outlet": "媒体", "custom": "自定义"}


MIN_KEYNESS_ARTICLES = 3
"""A group of fewer articles gets no keyness panel: its key terms are one article's topic."""


def keyness_data(keyness: pd.DataFrame, *, n: int = 8, max_groups: int = 6,
                 articles: pd.DataFrame | None = None,
                 min_articles: int = MIN_KEYNESS_ARTICLES) -> pd.DataFrame:
    """Top ``n`` key terms of each target group: ``grouping``, ``target``, ``comparison``,
    ``rank``, ``term``, ``g2``, ``log_ratio``.

    In: ``keyness`` (``grouping``, ``target``, ``term``, ``g2``, ``log_ratio``), rows with
    G² > 0 only. With ``articles``, groups of fewer than ``min_articles`` articles are left
    out and the ``max_groups`` largest are drawn (most articles first, then by name); without
    it, the first ``max_groups`` (grouping, target) pairs in sorted order.
    ``comparison`` is the Chinese panel label, e.g. ``年份 2020 vs 其余``.
    """
    cols = ["grouping", "target", "term", "g2", "log_ratio"]
    _require(keyness, cols, "keyness_data")
    df = keyness[cols].copy()
    df[["grouping", "target", "term"]] = df[["grouping", "target", "term"]].astype(str)
    df = df.loc[df["g2"] > 0]
    pairs = sorted(set(zip(df["grouping"], df["target"], strict=True)))
    if articles is not None:
        from analysis.terms import group_labels

        known = [g for g in dict.fromkeys(g for g, _ in pairs)
                 if g == "year" or g in articles.columns]
        labels = {g: group_labels(articles, g) for g in known}
        sizes = {(g, t): int((labels[g] == t).sum()) if g in labels else min_articles
                 for g, t in pairs}  # a grouping the articles table lacks is kept as it is
        pairs = sorted((p for p in pairs if sizes[p] >= min_articles),
                       key=lambda p: (-sizes[p], p))
    pairs = pairs[:max_groups]
    order = {p: i for i, p in enumerate(pairs)}
    keep = pd.Series(list(zip(df["grouping"], df["target"], strict=True)), index=df.index)
    df = df.loc[keep.isin(pairs)].copy()
    df["_order"] = [order[p] for p in zip(df["grouping"], df["target"], strict=True)]
    df = df.sort_values(["_order", "g2", "term"], ascending=[True, False, True],
                        kind="mergesort").drop(columns="_order")
    df["rank"] = df.groupby(["grouping", "target"]).cumcount() + 1
    df = df.loc[df["rank"] <= n].reset_index(drop=True)
    df["comparison"] = [
        f"{_GROUPING_LABELS.get(g, g)} {_shorten(t, 10)} vs 其余"
        for g, t in zip(df["grouping"], df["target"], strict=True)
    ]
    return df[["grouping", "target", "comparison", "rank", "term", "g2", "log_ratio"]]


def plot_keyness(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Small multiples of :func:`keyness_data`: bars of G², log ratio written beside each bar."""
    spec = FIGURES["keyness"]
    fig = _small_multiples(data, panel="comparison", value="g2",
                           xlabel="对数似然 G²（越大越显著）；LR = log2 频率比", spec=spec,
                           corpus_name=corpus_name)
    for ax in fig.axes:
        if not ax.get_visible() or not ax.get_title():
            continue
        part = data.loc[data["comparison"] == ax.get_title()]
        y = np.arange(len(part))[::-1]
        for yy, g2, lr in zip(y, part["g2"], part["log_ratio"], strict=True):
            ax.annotate(f"LR {lr:.1f}", (g2, yy), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=7, color="#444444")
    return fig


# --------------------------------------------------------------------------------------------
# Framing-lexicon heatmap
# --------------------------------------------------------------------------------------------


def lexicon_data(
    lexicon_counts: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    max_articles: int = 40,
    groups: dict[str, str] | None = None,
    han_chars: pd.Series | None = None,
) -> pd.DataFrame:
    """Lexicon rates per article (or group) and category: ``article_id``, ``article``,
    ``category``, ``category_label``, ``count``, ``per_10k``.

    With ``groups`` (article id -> group label, a view of :mod:`analysis.views`) and
    ``han_chars`` (Han characters per article), the rows are groups: ``article_id`` and
    ``article`` hold the group label, ``count`` sums its articles and ``per_10k`` is per 10,000
    Han characters of the group's text.

    In: ``lexicon_counts`` (``article_id``, ``category``, ``count``, ``per_10k``, and an
    optional Chinese ``label`` per category; without it :data:`CATEGORY_LABELS` names the
    usual keys). Every (article, category) pair is present (missing pairs are 0). First
    ``max_articles`` by id.
    """
    cols = ["article_id", "category", "count", "per_10k"]
    _require(lexicon_counts, cols, "lexicon_data")
    labels = dict(CATEGORY_LABELS)
    if "label" in lexicon_counts.columns:
        given = lexicon_counts[["category", "label"]].dropna().astype(str)
        labels.update({c: lab for c, lab in zip(given["category"], given["label"], strict=True)
                       if lab.strip()})
    df = lexicon_counts[cols].copy()
    df[["article_id", "category"]] = df[["article_id", "category"]].astype(str)
    if groups is not None and han_chars is not None:
        return _grouped_rates(df, groups, han_chars, labels)
    ids = _first_articles(df, max_articles, list(groups) if groups else None)
    cats = sorted(df["category"].unique())
    grid = pd.MultiIndex.from_product([ids, cats], names=["article_id", "category"])
    df = (df.groupby(["article_id", "category"])[["count", "per_10k"]].sum()
          .reindex(grid, fill_value=0).reset_index())
    df["category_label"] = df["category"].map(lambda c: labels.get(c, c))
    df = _with_labels(df, articles)
    return df[["article_id", "article", "category", "category_label", "count", "per_10k"]]


def _grouped_rates(df: pd.DataFrame, groups: dict[str, str], han_chars: pd.Series,
                   labels: dict[str, str]) -> pd.DataFrame:
    """Lexicon counts summed per group, rates per 10,000 Han characters of the group."""
    df = df.loc[df["article_id"].isin(groups)].copy()
    df["group"] = df["article_id"].map(groups)
    chars = han_chars.reindex(list(groups)).fillna(0)
    base = chars.groupby(pd.Series(groups)).sum()
    order = list(dict.fromkeys(groups.values()))
    cats = sorted(df["category"].unique())
    grid = pd.MultiIndex.from_product([order, cats], names=["group", "category"])
    out = df.groupby(["group", "category"])["count"].sum().reindex(grid, fill_value=0)
    out = out.reset_index()
    denom = out["group"].map(base).astype(float)
    out["per_10k"] = np.where(denom > 0, out["count"] * 10_000 / denom.clip(lower=1), 0.0)
    out["category_label"] = out["category"].map(lambda c: labels.get(c, c))
    out["article_id"] = out["group"]
    out["article"] = out["group"]
    return out[["article_id", "article", "category", "category_label", "count", "per_10k"]]


def plot_lexicon_heatmap(data: pd.DataFrame, *, corpus_name: str, row_label: str = "文章"
                         ) -> Figure:
    """Heatmap of :func:`lexicon_data`: articles (or groups: ``row_label``) × categories, per
    10k characters, annotated."""
    spec = FIGURES["framing-lexicon-heatmap"]
    if data.empty:
        fig = _new_figure(3.0)
        _empty(fig.add_subplot())
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    table = data.pivot(index="article", columns="category_label", values="per_10k")
    table = table.loc[list(dict.fromkeys(data["article"])),
                      list(dict.fromkeys(data["category_label"]))]
    fig = _new_figure(1.9 + 0.42 * len(table))
    ax = fig.add_subplot()
    vmax = float(np.nanmax(table.to_numpy())) or 1.0
    image = ax.imshow(table.to_numpy(), cmap="Greys", vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(table.shape[1]), table.columns, fontsize=9, rotation=20, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index, fontsize=9)
    for (i, j), v in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8.5,
                color="white" if v > 0.55 * vmax else INK)
    ax.set_xlabel("框架类别")
    ax.set_ylabel(row_label)
    fig.colorbar(image, ax=ax, label="每万字出现次数", shrink=0.9)
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Numeric claims: people mobilized, money
# --------------------------------------------------------------------------------------------


def _claims(numeric_claims: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Claim rows (``is_claim`` 1) of ``kind`` with a positive numeric ``value``."""
    cols = ["article_id", "para_no", "surface", "kind", "is_claim", "value", "unit",
            "qualifier", "subject", "place"]
    _require(numeric_claims, cols, "numeric-claim figures")
    df = numeric_claims[cols].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    is_claim = pd.to_numeric(df["is_claim"], errors="coerce").fillna(0).astype(int) == 1
    df = df.loc[is_claim & (df["kind"].astype(str) == kind) & (df["value"] > 0)]
    for col in ["article_id", "surface", "unit", "qualifier", "subject", "place"]:
        df[col] = df[col].fillna("").astype(str)
    return df


def people_data(
    numeric_claims: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    max_places: int = 20,
    legend: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Claims that count people: ``article_id``, ``article``, ``legend``, ``place``, ``value``,
    ``unit``, ``qualifier``, ``subject``, ``surface``, ``para_no``.

    ``legend``: the legend entry per article id (:func:`analysis.views.legend_groups`); by
    default the article label.

    In: ``numeric_claims``; keeps ``kind == "count"`` claims whose unit is one of
    :data:`PEOPLE_UNITS`. An empty place becomes ``未注明地点``; a province before a more
    local name is dropped (:func:`analysis.places.without_province`: 湖北省武汉市 is drawn with
    武汉市). Keeps the ``max_places``
    places with the most such claims (ties: the larger largest claim, then name), so one
    population figure does not put a place on the chart; sorted by place order, then value
    (desc), article, paragraph.
    """
    from analysis.places import without_province

    df = _claims(numeric_claims, "count")
    df = df.loc[df["unit"].isin(PEOPLE_UNITS)].copy()
    df["place"] = df["place"].str.strip().map(without_province).replace("", "未注明地点")
    top = (df.groupby("place")["value"].agg(["size", "max"]).reset_index()
           .sort_values(["size", "max", "place"], ascending=[False, False, True],
                        kind="mergesort"))
    order = top["place"].head(max_places).tolist()
    df = df.loc[df["place"].isin(order)]
    df["_order"] = df["place"].map({p: i for i, p in enumerate(order)})
    df = df.sort_values(["_order", "value", "article_id", "para_no"],
                        ascending=[True, False, True, True], kind="mergesort")
    df = _with_labels(df.drop(columns="_order").reset_index(drop=True), articles)
    df["legend"] = df["article_id"].map(legend) if legend else df["article"]
    df["legend"] = df["legend"].fillna(df["article"])
    return df[["article_id", "article", "legend", "place", "value", "unit", "qualifier",
               "subject", "surface", "para_no"]]


def plot_people(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Dot plot of :func:`people_data`: place × 人数 on a log scale, one marker per article."""
    spec = FIGURES["people-mobilized"]
    places = list(dict.fromkeys(data["place"]))
    fig = _new_figure(1.8 + 0.34 * max(len(places), 3))
    ax = fig.add_subplot()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    key = "legend" if "legend" in data else "article"
    arts = sorted(data[key].unique())
    colors = _series_colors(len(arts))
    ypos = {p: len(places) - 1 - i for i, p in enumerate(places)}
    # dodge: the legend entries that share a place are spread around its row
    dodge = {}
    for place, group in data.groupby("place", sort=False):
        present = sorted(group[key].unique())
        offs = np.linspace(-0.22, 0.22, len(present)) if len(present) > 1 else [0.0]
        dodge.update({(place, a): o for a, o in zip(present, offs, strict=True)})
    for k, art in enumerate(arts):
        part = data.loc[data[key] == art]
        y = [ypos[p] + dodge[(p, art)] for p in part["place"]]
        ax.scatter(part["value"], y,
                   marker=MARKERS[k % len(MARKERS)], s=42 if len(data) <= 200 else 22,
                   color=colors[k], edgecolor=INK, linewidth=0.6 if len(data) <= 200 else 0.3,
                   alpha=1.0 if len(data) <= 200 else 0.45, label=art, zorder=3)
    _log_axis(ax, "x")
    ax.set_yticks(list(ypos.values()), [_shorten(p, 12) for p in ypos], fontsize=8.5)
    ax.set_ylim(-0.7, len(places) - 0.3)
    ax.grid(axis="x", color="#cccccc", linewidth=0.6)
    ax.set_xlabel("人数（对数刻度）")
    ax.set_ylabel("地点")
    fig.legend(title="文章" if key == "article" or set(data[key]) <= set(data["article"])
               else "媒体", fontsize=8, title_fontsize=8, loc="outside right upper")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


def money_data(
    numeric_claims: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    max_claims: int = 25,
    legend: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Money claims: ``article_id``, ``article``, ``legend``, ``value`` (元), ``value_wan``
    (万元), ``surface``, ``qualifier``, ``subject``, ``place``, ``para_no``.

    ``legend``: the legend entry per article id; by default the article label.

    In: ``numeric_claims``; keeps ``kind == "money"`` claims in 元 (renminbi: 134.583万亿韩元
    is not yuan, and other currencies are not converted). The ``max_claims`` largest, by value
    (desc), then article and paragraph.
    """
    df = _claims(numeric_claims, "money")
    df = df.loc[df["unit"] == "元"]
    df = df.sort_values(["value", "article_id", "para_no"], ascending=[False, True, True],
                        kind="mergesort").head(max_claims)
    df["value_wan"] = df["value"] / 1e4
    df = _with_labels(df.reset_index(drop=True), articles)
    df["legend"] = df["article_id"].map(legend) if legend else df["article"]
    df["legend"] = df["legend"].fillna(df["article"])
    return df[["article_id", "article", "legend", "value", "value_wan", "surface", "qualifier",
               "subject", "place", "para_no"]]


def plot_money(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Bars of :func:`money_data` in 万元 (log scale when values span ≥ 100×), by article."""
    spec = FIGURES["money-claims"]
    fig = _new_figure(1.8 + 0.32 * max(len(data), 3))
    ax = fig.add_subplot()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    key = "legend" if "legend" in data else "article"
    arts = sorted(data[key].unique())
    colors = dict(zip(arts, _series_colors(len(arts)), strict=True))
    hatches = {a: HATCHES[i % len(HATCHES)] for i, a in enumerate(arts)}
    y = np.arange(len(data))[::-1]
    labels = [_shorten(s or "（未注明）", 16) for s in data["subject"]]
    log = data["value_wan"].max() / data["value_wan"].min() >= 100
    unit, div = ("万亿元", 1e8) if data["value_wan"].max() >= 1e8 else (
        ("亿元", 1e4) if data["value_wan"].max() >= 1e5 else ("万元", 1.0))
    values = data["value_wan"] / div
    for yy, (_, row), v in zip(y, data.iterrows(), values, strict=True):
        ax.barh(yy, v, color=colors[row[key]], edgecolor=INK,
                linewidth=0.6, hatch=hatches[row[key]], height=0.7)
        ax.annotate(row["surface"], (v, yy), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=7.5, color=INK)
    ax.set_yticks(y, labels, fontsize=8.5)
    if log:
        _log_axis(ax, "x")
        ax.set_xlim(values.min() / 2, values.max() * 8)
        ax.set_xlabel(f"金额（{unit}，对数刻度）")
    else:
        ax.set_xlim(0, values.max() * 1.3)
        ax.xaxis.set_major_formatter(FuncFormatter(_fmt_number))
        ax.set_xlabel(f"金额（{unit}）")
    ax.set_ylabel("用途或来源（文中所述）")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [mpl.patches.Patch(facecolor=colors[a], edgecolor=INK, hatch=hatches[a], label=a)
               for a in arts]
    ax.set_ylim(-0.6, max(len(data), 3) - 0.4)
    fig.legend(handles=handles, title="文章" if set(data[key]) <= set(data["article"]) else "媒体",
               fontsize=8, title_fontsize=8, loc="outside right upper")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Timeline
# --------------------------------------------------------------------------------------------

_ISO_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def timeline_data(
    numeric_claims: pd.DataFrame, *, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Dated events per article: ``article_id``, ``article``, ``date``, ``event``, ``surface``,
    ``subject``, ``para_no``.

    In: ``numeric_claims`` (``kind == "date"`` rows whose ``value`` starts with a full ISO date
    ``YYYY-MM-DD``; dates without a year are left out, never given one) and optionally
    ``articles``, whose ``published`` dates are added as ``event == "published"`` rows
    (``subject`` 发表, or 发表（推断） when ``published_source`` is ``inferred``; the others
    are ``"mentioned"``). Sorted by article, date, paragraph.
    """
    cols = ["article_id", "para_no", "surface", "kind", "value", "subject"]
    _require(numeric_claims, cols, "timeline_data")
    df = numeric_claims.loc[numeric_claims["kind"].astype(str) == "date", cols].copy()
    df["date"] = df["value"].fillna("").astype(str).str.extract(_ISO_DATE_RE)[0]
    df = df.dropna(subset=["date"])
    df["event"] = "mentioned"
    parts = [df]
    if articles is not None and {"article_id", "published"} <= set(articles.columns):
        pub = articles.copy()
        pub["date"] = pub["published"].fillna("").astype(str).str.extract(_ISO_DATE_RE)[0]
        pub = pub.dropna(subset=["date"])
        source = (pub["published_source"].fillna("").astype(str)
                  if "published_source" in pub.columns else pd.Series("", index=pub.index))
        subject = np.where(source == "inferred", "发表（推断）", "发表")
        parts.append(pd.DataFrame({"article_id": pub["article_id"], "para_no": 0,
                                   "surface": pub["published"], "subject": subject,
                                   "date": pub["date"], "event": "published"}))
    df = pd.concat(parts, ignore_index=True)
    df["article_id"] = df["article_id"].astype(str)
    df["para_no"] = pd.to_numeric(df["para_no"], errors="coerce").fillna(0).astype(int)
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    df = df.dropna(subset=["date"])
    df = df.sort_values(["article_id", "date", "para_no", "event"], kind="mergesort")
    df = _with_labels(df.reset_index(drop=True), articles)
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    return df[["article_id", "article", "date", "event", "surface", "subject", "para_no"]]


def plot_timeline(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Timeline of :func:`timeline_data`: one row per article, dots for mentioned dates
    (size ∝ number of mentions of that day), open diamonds for publication dates."""
    spec = FIGURES["timeline"]
    arts = sorted(data["article"].unique()) if not data.empty else []
    fig = _new_figure(1.9 + 0.45 * max(len(arts), 3))
    ax = fig.add_subplot()
    if data.empty:
        _empty(ax, "无带年份的日期")
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    ypos = {a: len(arts) - 1 - i for i, a in enumerate(arts)}
    dates = pd.to_datetime(data["date"])
    x = mpl.dates.date2num(dates)
    mentioned = data.assign(x=x).loc[data["event"] == "mentioned"]
    counts = mentioned.groupby(["article", "x"]).size().reset_index(name="n")
    ax.scatter(counts["x"], counts["article"].map(ypos), s=18 + 14 * counts["n"], color=INK,
               alpha=0.85, zorder=3)
    pub = data.assign(x=x).loc[data["event"] == "published"]
    ax.scatter(pub["x"], pub["article"].map(ypos), marker="D", s=60, facecolor="white",
               edgecolor=INK, linewidth=1.2, zorder=4)
    ax.set_yticks(list(ypos.values()), list(ypos), fontsize=9)
    ax.set_ylim(-0.7, len(arts) - 0.3)
    span = max(x.max() - x.min(), 1.0)
    ax.set_xlim(x.min() - 0.05 * span - 1, x.max() + 0.05 * span + 1)
    locator = mpl.dates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%Y-%m-%d"))
    ax.tick_params(axis="x", labelsize=8, rotation=25)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_xlabel("日期（年-月-日）")
    ax.set_ylabel("文章")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=INK, label="文中提及的日期（点大小∝提及次数）"),
        Line2D([], [], marker="D", linestyle="", markerfacecolor="white", color=INK,
               label="发表日期"),
    ]
    ax.legend(handles=handles, fontsize=8, loc="best", framealpha=0.9)
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Lexical dispersion
# --------------------------------------------------------------------------------------------


def dispersion_data(
    paragraphs: pd.DataFrame,
    *,
    terms: Sequence[str],
    articles: pd.DataFrame | None = None,
    max_articles: int = 20,
    ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of each term in each article's clean text: ``term``, ``article_id``,
    ``article``, ``article_no``, ``para_no``, ``offset``, ``position``.

    In: ``paragraphs`` (``article_id``, ``para_no``, ``text``) and the key ``terms``. An
    article's text is its paragraphs in ``para_no`` order joined by a newline; ``offset`` is
    the character offset of a match in it (matched on the clean text, so a segmentation error
    loses no hit; all terms at once, the longest first, so 疫情 inside 疫情防控 counts for
    疫情防控 only), ``position`` = ``article_no`` + offset / length, so each article spans one
    unit of the x axis. The articles ``ids``, else the first ``max_articles`` by id.
    """
    _require(paragraphs, ["article_id", "para_no", "text"], "dispersion_data")
    terms = [str(t) for t in dict.fromkeys(terms) if str(t)]
    df = paragraphs[["article_id", "para_no", "text"]].copy()
    df["article_id"] = df["article_id"].astype(str)
    ids = _first_articles(df, max_articles, ids)
    df = df.loc[df["article_id"].isin(ids)]
    pattern = re.compile(trie_pattern(terms)) if terms else None  # the longest term first
    rows = []
    for no, aid in enumerate(ids):
        part = df.loc[df["article_id"] == aid].sort_values("para_no", kind="mergesort")
        texts = part["text"].fillna("").astype(str).tolist()
        starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
        length = max(int(starts[-1]) + len(texts[-1]), 1) if texts else 1
        for para_no, start, text in zip(part["para_no"], starts, texts, strict=True):
            for m in pattern.finditer(text) if pattern else ():
                offset = int(start) + m.start()
                rows.append((m.group(), aid, no, int(para_no), offset, no + offset / length))
    out = pd.DataFrame(rows, columns=["term", "article_id", "article_no", "para_no", "offset",
                                      "position"])
    out = _with_labels(out, articles) if not out.empty else out.assign(article="")
    out["_order"] = out["term"].map({t: i for i, t in enumerate(terms)})
    out = out.sort_values(["_order", "article_no", "offset"], kind="mergesort")
    out = out.reset_index(drop=True)
    return out[["term", "article_id", "article", "article_no", "para_no", "offset", "position"]]


def plot_dispersion(data: pd.DataFrame, *, corpus_name: str) -> Figure:
    """Lexical dispersion plot of :func:`dispersion_data`: one row per term, a tick per hit,
    articles side by side separated by vertical lines."""
    spec = FIGURES["lexical-dispersion"]
    terms = list(dict.fromkeys(data["term"]))
    fig = _new_figure(1.8 + 0.36 * max(len(terms), 3))
    ax = fig.add_subplot()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    ypos = {t: len(terms) - 1 - i for i, t in enumerate(terms)}
    ax.scatter(data["position"], data["term"].map(ypos), marker="|", s=160, color=INK,
               linewidth=1.1)
    n_articles = int(data["article_no"].max()) + 1
    for b in range(1, n_articles):
        ax.axvline(b, color="#888888", linewidth=0.8, linestyle="--")
    labels = dict(zip(data["article_no"], data["article"], strict=False))
    ax.xaxis.set_major_locator(FixedLocator([i + 0.5 for i in range(n_articles)]))
    many = n_articles > 6
    ax.set_xticklabels([_shorten(labels.get(i, ""), 15 if many else 20) for i in range(n_articles)],
                       fontsize=7.5 if many else 8.5, rotation=35 if many else 0,
                       ha="right" if many else "center")
    ax.set_xlim(0, n_articles)
    ax.set_yticks(list(ypos.values()), list(ypos), fontsize=9)
    ax.set_ylim(-0.7, len(terms) - 0.3)
    ax.set_xlabel("文章内位置（每篇从首字到末字，按文章排列）")
    ax.set_ylabel("关键词")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Co-occurrence network
# --------------------------------------------------------------------------------------------


def cooccurrence_data(
    tokens: pd.DataFrame, *, terms: Sequence[str], min_count: int = 2, max_edges: int = 60
) -> pd.DataFrame:
    """Pairs of ``terms`` that occur in the same paragraph: ``source``, ``target``, ``weight``
    (paragraphs with both), ``source_count``, ``target_count`` (token counts).

    In: ``tokens`` (``article_id``, ``para_no``, ``token``). Pairs with ``weight`` ≥
    ``min_count``, ``source`` < ``target``; the ``max_edges`` strongest, sorted by weight
    (desc), source, target.
    """
    _require(tokens, ["article_id", "para_no", "token"], "cooccurrence_data")
    terms = [str(t) for t in dict.fromkeys(terms)]
    df = tokens.loc[tokens["token"].astype(str).isin(terms), ["article_id", "para_no", "token"]]
    df = df.astype({"article_id": str, "token": str})
    counts = df["token"].value_counts()
    pairs: Counter[tuple[str, str]] = Counter()
    for _, group in df.groupby(["article_id", "para_no"], sort=True):
        pairs.update(combinations(sorted(set(group["token"])), 2))
    out = pd.DataFrame([(a, b, w) for (a, b), w in pairs.items() if w >= min_count],
                       columns=["source", "target", "weight"])
    out["source_count"] = out["source"].map(counts).fillna(0).astype(int)
    out["target_count"] = out["target"].map(counts).fillna(0).astype(int)
    out = out.sort_values(["weight", "source", "target"], ascending=[False, True, True],
                          kind="mergesort")
    return out.head(max_edges).reset_index(drop=True)


def separate_nodes(pos: dict[str, np.ndarray], reach: dict[str, float], *, side_pt: float,
                   gap_pt: float = 4.0, rounds: int = 300) -> dict[str, np.ndarray]:
    """Node positions moved apart until no two nodes overlap, inside the square [-1, 1]².

    In: a layout (node -> (x, y)), each node's reach in points (the radius of its circle or
    half its label, whichever is larger) and the side of the drawn square in points. The
    layout is first scaled into the square less the largest reach; then every overlapping pair
    is pushed apart along the line between them, half each, in sorted node order, until no
    pair is closer than their reaches plus ``gap_pt`` (or ``rounds`` passes). Deterministic.
    Out: the new positions.
    """
    names = sorted(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    unit = 2.0 / side_pt  # data units per point
    r = np.array([reach[n] for n in names]) * unit
    span = np.abs(xy).max() or 1.0
    room = max(1.0 - float(r.max()), 0.2)
    xy = xy / span * room
    gap = gap_pt * unit
    for _ in range(rounds):
        moved = False
        for i in range(len(names)):
            d = xy[i + 1:] - xy[i]
            dist = np.hypot(d[:, 0], d[:, 1])
            need = r[i] + r[i + 1:] + gap
            for k in np.nonzero(dist < need)[0]:
                j = i + 1 + k
                direction = d[k] / dist[k] if dist[k] > 1e-9 else np.array([1.0, 0.0])
                push = (need[k] - dist[k]) / 2
                xy[i] -= direction * push
                xy[j] += direction * push
                moved = True
        lim = 1.0 - r[:, None]
        xy = np.clip(xy, -lim, lim)
        if not moved:
            break
    # spread the result over the square (scaling up only moves nodes further apart)
    with np.errstate(divide="ignore"):
        fit = np.where(np.abs(xy) > 1e-9, (1.0 - r[:, None]) / np.abs(xy), np.inf)
    factor = float(fit.min())
    if np.isfinite(factor) and factor > 1.0:
        xy = xy * factor
    return {n: xy[i] for i, n in enumerate(names)}


def plot_cooccurrence(
    data: pd.DataFrame, *, corpus_name: str, random_state: int = RANDOM_STATE
) -> Figure:
    """Network of :func:`cooccurrence_data` (spring layout with a fixed seed): node area ∝ term
    count, line width ∝ paragraphs in which both terms occur."""
    spec = FIGURES["term-cooccurrence-network"]
    fig = _new_figure(6.4)
    ax = fig.add_subplot()
    ax.set_axis_off()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    graph = nx.Graph()
    sizes = dict(zip(data["source"], data["source_count"], strict=True))
    sizes.update(zip(data["target"], data["target_count"], strict=True))
    graph.add_nodes_from(sorted(sizes))
    for s, t, w in sorted(zip(data["source"], data["target"], data["weight"], strict=True)):
        graph.add_edge(s, t, weight=float(w))
    pos = nx.spring_layout(graph, seed=random_state, weight="weight",
                           k=1.6 / np.sqrt(graph.number_of_nodes()), iterations=200)
    smax = max(sizes.values())
    # area in points², at least a circle round the label (9 pt a character)
    node_size = {n: max(450 + 1500 * sizes[n] / smax, np.pi * (4.5 * len(str(n)) + 3) ** 2)
                 for n in graph.nodes}
    reach = {n: float(np.sqrt(node_size[n] / np.pi)) for n in graph.nodes}
    note_room = 0.15  # below the square, for the note on sizes
    side_pt = 72 * min(fig.get_figwidth(), fig.get_figheight()) * 0.8 * 2 / (2 + note_room)
    pos = separate_nodes(pos, reach, side_pt=side_pt)
    wmax = float(data["weight"].max())
    widths = [0.4 + 3.6 * graph.edges[e]["weight"] / wmax for e in graph.edges]
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#9a9a9a", alpha=0.8)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=[node_size[n] for n in graph.nodes],
                           node_color="#f2f2f2", edgecolors=INK, linewidths=0.9)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9, font_color=INK,
                            font_family=mpl.rcParams["font.family"][0])
    ax.set_xlim(-1.0, 1.0)
    ax.set_ylim(-1.0 - note_room, 1.0)
    ax.set_aspect("equal")
    ax.text(0.0, 0.0, "圆越大词频（次）越高（至少容下词语）；线宽 ∝ 同段共现段落数（段）",
            transform=ax.transAxes,
            fontsize=8, color="#444444", va="bottom")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)


# --------------------------------------------------------------------------------------------
# Place mentions
# --------------------------------------------------------------------------------------------


def places_data(
    places: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    max_places: int = 20,
    max_articles: int = 20,
    groups: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Place mentions per article for the most mentioned places: ``place``, ``article_id``,
    ``article``, ``count``, ``total``.

    With ``groups`` (article id -> label of a view of :mod:`analysis.views`) the columns are
    those labels (a period, an outlet, or the chosen articles) and counts are summed per group.

    In: ``places`` (``article_id``, ``place``, ``count``). The ``max_places`` places with the
    largest total count (ties by name), the first ``max_articles`` articles by id; sorted by
    total (desc), place, article.
    """
    _require(places, ["article_id", "place", "count"], "places_data")
    df = places[["article_id", "place", "count"]].copy()
    df[["article_id", "place"]] = df[["article_id", "place"]].astype(str)
    if groups is not None:
        df = df.loc[df["article_id"].isin(groups) & (df["count"] > 0)].copy()
        df["article_id"] = df["article_id"].map(groups)
    else:
        df = df.loc[df["article_id"].isin(_first_articles(df, max_articles)) & (df["count"] > 0)]
    df = df.groupby(["place", "article_id"], as_index=False)["count"].sum()
    totals = df.groupby("place")["count"].sum()
    top = (totals.reset_index().sort_values(["count", "place"], ascending=[False, True],
                                            kind="mergesort")["place"].head(max_places))
    df = df.loc[df["place"].isin(top)].copy()
    df["total"] = df["place"].map(totals).astype(int)
    df = df.sort_values(["total", "place", "article_id"], ascending=[False, True, True],
                        kind="mergesort").reset_index(drop=True)
    if groups is not None and set(groups.values()) != set(groups):  # grouped: label = group
        df.insert(df.columns.get_loc("article_id") + 1, "article", df["article_id"])
    else:
        df = _with_labels(df, articles)
    return df[["place", "article_id", "article", "count", "total"]]


def plot_places(data: pd.DataFrame, *, corpus_name: str, column_label: str = "文章") -> Figure:
    """Dot matrix of :func:`places_data`: place × article (or group: ``column_label``),
    circle area ∝ mentions, annotated; wider when there are many columns."""
    spec = FIGURES["place-mentions"]
    places_ = list(dict.fromkeys(data["place"]))
    arts = sorted(data["article"].unique()) if not data.empty else []
    fig = _new_figure(1.9 + 0.3 * max(len(places_), 3),
                      width=max(WIDTH, 3.0 + 0.42 * len(arts)))
    ax = fig.add_subplot()
    if data.empty:
        _empty(ax)
        return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
    ypos = {p: len(places_) - 1 - i for i, p in enumerate(places_)}
    xpos = {a: i for i, a in enumerate(arts)}
    cmax = float(data["count"].max())
    ax.scatter(data["article"].map(xpos), data["place"].map(ypos),
               s=40 + 460 * data["count"] / cmax, facecolor="#d9d9d9", edgecolor=INK,
               linewidth=0.7, zorder=3)
    for _, row in data.iterrows():
        ax.text(xpos[row["article"]], ypos[row["place"]], f"{row['count']:d}", ha="center",
                va="center", fontsize=7.5, color=INK, zorder=4)
    ax.set_xticks(list(xpos.values()), list(xpos), fontsize=8.5, rotation=20, ha="right")
    ax.set_yticks(list(ypos.values()),
                  [f"{_shorten(p, 10)}（{t}）" for p, t in
                   zip(places_, data.drop_duplicates("place")["total"], strict=True)],
                  fontsize=8.5)
    ax.set_xlim(-0.6, len(arts) - 0.4)
    ax.set_ylim(-0.7, len(places_) - 0.3)
    ax.grid(color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlabel(f"{column_label}（圆内数字：提及次数）")
    ax.set_ylabel("地名（括号内：全语料提及次数）")
    return _finish(fig, title=spec.title, corpus_name=corpus_name, source=spec.source)
