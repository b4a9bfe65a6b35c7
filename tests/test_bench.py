"""The benchmark's synthetic corpus: unique, perturbed copies that duplicate detection keeps."""

from __future__ import annotations

from pathlib import Path

from analysis.bench import perturb, synthesize_corpus
from analysis.corpus import build_corpus
from analysis.paths import SEEDS_DIR


def test_synthetic_corpus_is_deterministic_and_not_collapsed(tmp_path: Path) -> None:
    chars = synthesize_corpus(tmp_path / "a", multiplier=3)
    synthesize_corpus(tmp_path / "b", multiplier=3)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 15 and files[0].startswith("00000_000_")
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    seed_chars = sum(len(p.read_text(encoding="utf-8")) for p in SEEDS_DIR.glob("*.txt"))
    assert abs(chars - 3 * seed_chars) < 100
    corpus = build_corpus(tmp_path / "a")
    assert len(corpus.articles) == 15 and corpus.problems.empty


def test_perturb_changes_one_number() -> None:
    import random

    text = "第一行。\n" + "全县共成立了428个排查组，党员干部下沉社区一线参与疫情防控工作。" * 2
    out = perturb(text, copy_no=4, rng=random.Random(0))
    assert out != text and "433" in out and len(out) == len(text)


def test_copies_stay_unique_after_cleaning(tmp_path: Path) -> None:
    # a change in page clutter (a date line, a URL) vanishes in cleaning: copies of a seed
    # would collapse into duplicates, as they once did from 10x on
    synthesize_corpus(tmp_path, multiplier=12)
    corpus = build_corpus(tmp_path)
    assert len(corpus.articles) == 60 and corpus.problems.empty


def test_bench_stages_give_the_notebook_tables(tmp_path: Path) -> None:
    """Chunked per-article stages plus the corpus stages give the tables the notebooks make."""
    import pandas as pd

    from analysis.bench import _chunks, article_stages, corpus_stages
    from analysis.lexicon import lexicon_counts
    from analysis.load import list_article_files, read_article_file
    from analysis.places import place_mentions
    from analysis.segment import default_segmenter, tokens_from_paragraphs
    from analysis.terms import (
        candidate_terms,
        collocations,
        keyness_by,
        term_frequency,
        term_frequency_by_article,
        tfidf_top,
    )

    synthesize_corpus(tmp_path, multiplier=2)
    chunks = _chunks(list_article_files(tmp_path), workers=2, chunk_files=3)
    assert len(chunks) == 4
    parts = [article_stages([read_article_file(p) for p in chunk]) for chunk in chunks]
    timings: dict[str, float] = {}
    tables = corpus_stages(parts, timings=timings)
    assert set(timings) == {"merge", "term_tables"}
    corpus = build_corpus(tmp_path)
    tokens = tokens_from_paragraphs(corpus.paragraphs)
    colloc = collocations(tokens, min_count=3)
    expected = {
        "articles": corpus.articles, "paragraphs": corpus.paragraphs,
        "cleaning_log": corpus.cleaning_log, "term_frequency": term_frequency(tokens),
        "term_frequency_by_article": term_frequency_by_article(tokens),
        "tfidf_top": tfidf_top(tokens, top_n=15),
        "keyness": pd.concat([keyness_by(tokens, corpus.articles, by="year"),
                              keyness_by(tokens, corpus.articles, by="outlet")],
                             ignore_index=True),
        "collocations": colloc,
        "candidate_terms": candidate_terms(colloc, known=default_segmenter().knows),
        "lexicon_counts": lexicon_counts(corpus.paragraphs),
        "places": place_mentions(corpus.paragraphs),
    }
    for name, table in expected.items():
        pd.testing.assert_frame_equal(tables[name], table, obj=name)


def test_measure_reports_every_stage(tmp_path: Path) -> None:
    from analysis.bench import CORPUS_STAGES, PER_ARTICLE_STAGES, measure, measure_jieba

    chars = synthesize_corpus(tmp_path, multiplier=1)
    for workers in (1, 2):
        r = measure(tmp_path, workers=workers, chunk_files=2)
        assert r["chars"] == chars and r["articles"] == 5
        assert set(r["stage_seconds"]) == {"setup", *PER_ARTICLE_STAGES, *CORPUS_STAGES}
        assert r["pipeline_seconds"] > r["stage_seconds"]["setup"] > 0
        assert r["peak_rss_bytes"] > r["grown_bytes"] >= 0
    assert measure_jieba(tmp_path)["chars"] == chars


def test_bench_timer_starts_before_pandas_is_imported() -> None:
    # measure() starts its clock in a fresh process after `import analysis.bench`: whatever that
    # import pulls in would be set-up time the report leaves out
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "import sys, analysis.bench; print(sorted(m for m in "
         "('pandas', 'numpy', 'rjieba', 'opencc', 'jieba') if m in sys.modules))"],
        check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
