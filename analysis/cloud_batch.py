"""The word clouds of notebook 04 (the corpus's and one per article), drawn and written by
worker processes.

A word cloud costs about 0.6 s (the layout search of ``wordcloud`` and the outlines of 150
words), and notebook 04 draws the corpus's and one per article of its view (up to 12): the
largest share of the figures stage. :func:`save_wordclouds` hands each cloud to a process that
draws it with :func:`analysis.figures.plot_wordcloud` and writes it with
:class:`analysis.figures.FigureWriter` — the same code, so the same bytes as drawing them one
after another (tested): the background processes of the notebook's writer (``background=True``,
one per core, forked from the kernel so they share its font set-up; the notebook goes on while
they draw), or else a local :class:`analysis.engine.Engine` for the duration of the call. The
records join the notebook's writer in view order, so ``figures/README.md`` indexes them as
before. Only local processes are used, whatever ``ENGINE`` says: the clouds are written into the
run's figures folder, which a remote Dask worker need not see.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.engine import Engine, cpu_count

if TYPE_CHECKING:
    import pandas as pd

    from analysis.figures import FigureRecord, FigureSpec, FigureWriter

_Job = tuple[Path, str, tuple[str, ...], int, "FigureSpec", "pd.DataFrame", str]


def _draw_and_write(job: _Job) -> FigureRecord:
    """One cloud in a worker: draw it, write its files, return its record."""
    import matplotlib.pyplot as plt

    from analysis.figures import FigureWriter, plot_wordcloud

    figures_dir, corpus_name, formats, dpi, spec, data, view = job
    fig = plot_wordcloud(data, corpus_name=corpus_name, spec=spec)
    try:
        return FigureWriter(figures_dir, corpus_name=corpus_name, formats=formats,
                            dpi=dpi).save(fig, data, spec, view=view)
    finally:
        plt.close(fig)


def save_wordclouds(writer: FigureWriter, term_frequency: pd.DataFrame,
                    term_frequency_by_article: pd.DataFrame, groups: dict[str, str], *,
                    view: str = "", workers: int | None = None) -> list[FigureRecord]:
    """Draw and write the corpus's word cloud (``wordcloud-corpus``, view 全语料) and one per
    article of ``groups`` (article id -> label; ``wordcloud-article-<id>``).

    In: the notebook's :class:`~analysis.figures.FigureWriter`, the ``term_frequency`` and
    ``term_frequency_by_article`` tables, the per-article view's articles and its note, and
    ``workers`` (default: every core; ``1`` draws in this process; not used with a background
    writer, whose own ``workers`` count). With a writer that has
    :attr:`~analysis.figures.FigureWriter.background`, the clouds are handed to its processes
    and this returns at once: ``writer.png(name)`` waits for one cloud, ``writer.wait()`` (and
    ``write_readme``) for all; else they are drawn before it returns. Out: the records, the
    corpus's first, then the articles' in the order of ``groups``; they are also added to
    ``writer.records`` (a name written again replaces its record). Drawing errors (a
    :class:`~analysis.fonts.MissingGlyphError` names the word) are raised here, or by
    ``png``/``wait`` in the background.
    """
    from analysis.figures import FIGURES, article_wordcloud_spec, wordcloud_data

    where = (writer.figures_dir, writer.corpus_name, tuple(writer.formats), writer.dpi)
    jobs: list[_Job] = [(*where, FIGURES["wordcloud-corpus"], wordcloud_data(term_frequency),
                         "全语料")]
    jobs += [(*where, article_wordcloud_spec(aid, label),
              wordcloud_data(term_frequency_by_article, article_id=aid), view)
             for aid, label in groups.items()]
    if writer.background:  # drawn while the notebook goes on; writer.png / wait collect them
        records = [writer.record_for(job[4], job[5], view=job[6]) for job in jobs]
        for job, record in zip(jobs, records, strict=True):
            writer.submit(_draw_and_write, (job,), record)
        return records
    n = max(1, min(workers or cpu_count(), len(jobs)))
    with Engine(kind="local", workers=n, min_articles=1) as engine:
        records = engine.map(_draw_and_write, jobs)
    for record in records:
        writer.add_record(record)
    return list(records)
