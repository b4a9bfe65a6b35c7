"""Benchmark: the analysis stages on synthetic corpora of 1×, 10×, 100× the seed text (``make bench``).

Usage::

    python -m analysis.bench [--sizes 1 10 100] [--workers 2] [--chunk-files 128] [--repeat 5]
                             [--keep FOLDER]

For each size a corpus is written from the seeds (:func:`synthesize_corpus`: unique ids and a
small perturbation per copy, so duplicate detection does not collapse it). Two fresh child
processes then measure it, on the same files:

**The pipeline** (:func:`measure`): every stage the notebooks run, minus plotting, laid out as a
large corpus needs it (the timer starts before pandas and the stages are imported).

1. *setup* (parent): imports, the segmenter with its dictionary (:mod:`analysis.segment`'s
   cache makes this cheap after the first run, as jieba's own cache does for jieba), and one
   pass of the per-article stages over a short sample text, so that every lazily built
   grammar, gazetteer and automaton exists before the workers are forked from the parent
   (they start warm, and share that memory).
2. *per-article stages*, in ``workers`` processes, chunk by chunk (:func:`article_stages`):
   ``load`` (read and decode), ``clean`` (clean, duplicates within the chunk, ``articles``
   with ``metadata.csv`` applied, ``paragraphs``, ``cleaning_log``), ``segment`` (``tokens``,
   ``segmentation_quality``), ``terms`` (:func:`analysis.terms.term_counts`, the per-article
   part of every term table), ``lexicon`` (matches, counts, evidence, the notebook's two KWIC
   tables), ``places``, ``claims`` (``numeric_claims`` and ``number_coverage``),
   ``relations`` (``claim_relations``). The ``tokens`` table stays in its worker (a real run
   writes it chunk by chunk); only the other tables and the term counts come back.
3. *corpus stages* (parent, :func:`corpus_stages`): ``merge`` (duplicates across chunks, the
   per-article tables concatenated, the notebook-01 summaries) and ``term_tables`` (the
   counts of all chunks joined, then ``term_frequency``, ``term_frequency_by_article``,
   ``tfidf_top``, ``keyness`` by year and by outlet, ``collocations``, ``candidate_terms``).

Writing the CSV files is not timed (nor the gold-sample scoring of notebook 03, which only
applies to the seeds).

**The baseline** (:func:`measure_jieba`): ``import jieba``, ``jieba.initialize()`` (its
dictionary load, from jieba's own cache) and ``jieba.lcut`` over the raw text of every file (read
before the timer starts), in one process: the plain tokenization a user would write.

Each measurement runs ``--repeat`` times (default 5), the pipeline and the baseline taking turns
so that both meet the same machine, and the fastest run of each counts: on a shared machine the
slower runs measure the neighbours, not the code. The report gives, per size, wall-clock seconds
and throughput (raw characters per second) of
both, their ratio, the seconds of every stage (per-article stages summed over the workers),
peak memory (max RSS of the parent plus what each worker added above the RSS it was forked with,
so the pages they share with the parent count once) and the bytes per input character that
memory grew by after set-up. The last line printed is
``vs_jieba=<pipeline throughput / jieba.lcut throughput>`` at the largest size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.engine import Engine
from analysis.paths import RANDOM_STATE, SEEDS_DIR
from analysis.text import HAN

if TYPE_CHECKING:
    import pandas as pd

    from analysis.terms import TermCounts

_DIGITS_RE = re.compile(r"\d+")
_HAN_RE = re.compile(f"[{HAN}]")

PER_ARTICLE_STAGES = ("load", "clean", "segment", "terms", "lexicon", "places", "claims",
                      "relations")
"""Stages run per chunk of files in the workers, in this order."""
CORPUS_STAGES = ("merge", "term_tables")
"""Stages run once in the parent on what the workers return."""

_WARM_UP_TEXT = (
    "湖南日报讯 记者 张三\n"
    "長沙市疫情防控指揮部發佈通告\n"
    "2020年2月3日，全县共成立了428个排查组（行政村376个、社区15个、居民小区37个），"
    "1.4万余名党员干部下沉社区一线，其中党员602人，累计捐款50万元，核酸检测率达98.5%。\n"
    "正月初十，娄底市新化县临时党支部冲锋在前，筑牢疫情防控的战斗堡垒，企业复工复产。\n"
)
"""A short article touching every lazily built table (OpenCC, number grammar, gazetteers)."""


def perturb(text: str, *, copy_no: int, rng: random.Random) -> str:
    """A variant of an article: one number of the body changed and two body lines swapped.

    In: the article text, the copy number and a seeded generator. Out: text of (about) the same
    length whose *content* differs from every other copy's, so it is no duplicate: the number is
    taken from a body line (one with at least 20 Han characters; page clutter such as a date
    line or a URL is removed by the cleaning, so a change there would leave copies identical),
    and it becomes
    ``n + copy_no + 1``, which no other copy writes at that place. A text without digits gets a
    line ``（第N份）`` instead.
    """
    lines = text.split("\n")
    body = [i for i, ln in enumerate(lines) if len(_HAN_RE.findall(ln)) >= 20]
    runs = [(i, m) for i in body for m in _DIGITS_RE.finditer(lines[i])] or [
        (i, m) for i, ln in enumerate(lines) for m in _DIGITS_RE.finditer(ln)]
    if runs:
        i, m = runs[rng.randrange(len(runs))]
        lines[i] = f"{lines[i][: m.start()]}{int(m.group()) + copy_no + 1}{lines[i][m.end():]}"
    else:
        lines.append(f"（第{copy_no + 1}份）")
    if len(body) >= 3:
        i = body[1 + rng.randrange(len(body) - 2)]
        j = body[body.index(i) + 1]
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def synthesize_corpus(dest: Path, *, multiplier: int, seeds: Path = SEEDS_DIR) -> int:
    """Write ``multiplier`` perturbed copies of every seed article to ``dest``.

    Out: the number of characters written. File names are ``NNNNN_<seed stem>.txt``; the same
    arguments always give the same files (seeded with :data:`~analysis.paths.RANDOM_STATE`).
    """
    dest.mkdir(parents=True, exist_ok=True)
    originals = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    rng = random.Random(RANDOM_STATE)
    chars = 0
    for copy_no in range(multiplier):
        for stem, text in originals:
            variant = text if copy_no == 0 else perturb(text, copy_no=copy_no, rng=rng)
            (dest / f"{copy_no:05d}_{stem}.txt").write_text(variant, encoding="utf-8")
            chars += len(variant)
    return chars


# --- measuring ---------------------------------------------------------------------------------


def _max_rss_bytes() -> int:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _rss_bytes() -> int:
    """Resident memory of this process now (Linux ``/proc``; elsewhere the peak so far)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return _max_rss_bytes()


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    """Add the wall-clock seconds of the ``with`` block to ``timings[name]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def _chunks(items: list[Path], *, workers: int, chunk_files: int) -> list[list[Path]]:
    """Consecutive chunks of at most ``chunk_files`` files, at least two per worker."""
    n = max(1, min(len(items), max(2 * workers, -(-len(items) // chunk_files))))
    size = -(-len(items) // n)
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- the stages --------------------------------------------------------------------------------


def article_stages(
    documents: list[Any], *, metadata: pd.DataFrame | None = None, options: Any = None
) -> dict[str, Any]:
    """The per-article stages on one chunk of documents (what a worker runs).

    In: decoded documents (:class:`analysis.load.RawDocument` or
    :class:`~analysis.load.DecodeProblem`, as :func:`analysis.load.read_article_file` gives)
    the corpus's ``metadata.csv`` table, if any, and the :class:`analysis.corpus.CorpusOptions`.
    Out: ``tables`` (name -> DataFrame, every
    per-article table except ``tokens``), ``term_counts`` (:class:`analysis.terms.TermCounts`),
    ``digests`` (article id -> content hash, for duplicates across chunks) and ``timings``
    (stage -> seconds, ``load`` excluded).
    """
    from analysis import clean, corpus, lexicon, load
    from analysis import metadata as md
    from analysis.claims import build_ledger
    from analysis.places import place_mentions
    from analysis.relations import claim_relations
    from analysis.segment import segmentation_quality, token_codes, tokens_from_paragraphs
    from analysis.terms import term_counts
    from analysis.text import paragraph_han_chars

    timings: dict[str, float] = {}
    with _timed(timings, "clean"):
        kept, problems, dropped_log = corpus.clean_documents(documents)
        files = {d.article_id: d.file for d in documents if isinstance(d, load.RawDocument)}
        articles = md.apply_metadata_file(corpus.articles_frame(kept, files, options=options),
                                          metadata)
        paragraphs = clean.paragraphs_frame([p for a in kept for p in a.paragraphs])
        cleaning_log = clean.cleaning_log_frame([r for a in kept for r in a.log] + dropped_log)
        # the same hash clean_documents uses for duplicates, to compare across chunks
        digests = {a.article_id: corpus.content_hash(a.content_text) for a in kept
                   if corpus.has_body(a)}  # headline-only photo items are never duplicates
    with _timed(timings, "segment"):
        tokens = tokens_from_paragraphs(paragraphs)
        codes = token_codes(tokens)
        quality = segmentation_quality(tokens, codes=codes)
    with _timed(timings, "terms"):
        counts = term_counts(tokens, codes=codes)
        del tokens, codes
    with _timed(timings, "lexicon"):
        lex = _framing_lexicon()
        han_chars = paragraph_han_chars(paragraphs)
        matches = lexicon.lexicon_matches(paragraphs, lexicon=lex)
        lex_counts = lexicon.lexicon_counts(paragraphs, lexicon=lex, matches=matches,
                                            han_chars=han_chars)
        evidence = lexicon.lexicon_evidence(paragraphs, lexicon=lex, matches=matches)
        kwic = [lexicon.kwic(paragraphs, term) for term in ("党员", "堡垒")]
    with _timed(timings, "places"):
        places = place_mentions(paragraphs, han_chars=han_chars)
    with _timed(timings, "claims"):
        claims, coverage = build_ledger(paragraphs, articles)
    with _timed(timings, "relations"):
        relations = claim_relations(paragraphs, claims)
    tables = {
        "articles": articles, "paragraphs": paragraphs, "cleaning_log": cleaning_log,
        "problems": load.problems_frame(problems), "segmentation_quality": quality,
        "lexicon_counts": lex_counts, "lexicon_evidence": evidence, "kwic_1": kwic[0],
        "kwic_2": kwic[1], "places": places, "numeric_claims": claims,
        "number_coverage": coverage, "claim_relations": relations,
    }
    return {"tables": tables, "term_counts": counts, "digests": digests, "timings": timings}


@lru_cache(maxsize=1)
def _framing_lexicon() -> pd.DataFrame:
    """The framing lexicon, read once per process (before the workers fork, by the warm-up),
    as a long run reads it once, not once per chunk of files."""
    from analysis.lexicon import read_lexicon

    return read_lexicon()


def _chunk_job(paths: list[Path], metadata: pd.DataFrame | None,
               root: Path | None = None) -> dict[str, Any]:
    """One chunk in a worker: load the files, run :func:`article_stages`, note time and memory."""
    from analysis.load import RawDocument, read_article_file

    start = time.perf_counter()
    documents = [read_article_file(p, root) for p in paths]
    load_seconds = time.perf_counter() - start
    out = article_stages(documents, metadata=metadata)
    out["timings"] = {"load": load_seconds, **out["timings"]}
    out["raw_chars"] = sum(len(d.text) for d in documents if isinstance(d, RawDocument))
    out["pid"] = os.getpid()
    out["peak_rss"] = _max_rss_bytes()
    out["start_rss"] = _START_RSS
    return out


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The frames one under the other (empty ones left out, unless all are empty).

    A column that is all missing in one chunk (``share`` of ``claim_relations`` when a chunk
    has only breakdowns) takes the dtype of the other chunks, as it does when the table is
    made in one piece; pandas warns that this will change, which does not apply here.
    """
    import warnings

    import pandas as pd

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty",
                                FutureWarning)
        return pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)


def corpus_stages(parts: list[dict[str, Any]], *, timings: dict[str, float]
                  ) -> dict[str, pd.DataFrame]:
    """The corpus-level stages on the workers' results (what the parent runs).

    In: the results of :func:`article_stages`, in corpus order, and a dict that receives the
    seconds of ``merge`` and ``term_tables``. Out: every table, by name. Raises
    ``RuntimeError`` when two chunks hold the same article text (the synthetic corpus never
    does; a real run would drop the later copy).
    """
    import pandas as pd

    from analysis.corpus import quality_summary, removal_summary, role_summary
    from analysis.segment import default_segmenter
    from analysis.terms import (
        candidate_terms,
        collocations,
        combine_term_counts,
        keyness_by,
        term_frequency,
        term_frequency_by_article,
        tfidf_top,
    )

    with _timed(timings, "merge"):
        seen: dict[str, str] = {}
        for part in parts:
            for aid, digest in part["digests"].items():
                if digest in seen:
                    raise RuntimeError(f"{aid} repeats the text of {seen[digest]}")
                seen[digest] = aid
        tables = {name: _concat([p["tables"][name] for p in parts])
                  for name in parts[0]["tables"]}
        tables["cleaning_log"] = tables["cleaning_log"].sort_values(
            ["article_id", "line_no", "action"], kind="stable").reset_index(drop=True)
        tables["removal_summary"] = removal_summary(tables["cleaning_log"])
        tables["quality_summary"] = quality_summary(tables["articles"], tables["cleaning_log"])
        tables["role_summary"] = role_summary(tables["paragraphs"])
    with _timed(timings, "term_tables"):
        counts: TermCounts = combine_term_counts(p["term_counts"] for p in parts)
        articles = tables["articles"]
        tables["term_frequency"] = term_frequency(counts)
        tables["term_frequency_by_article"] = term_frequency_by_article(counts)
        tables["tfidf_top"] = tfidf_top(counts, top_n=15)
        tables["keyness"] = pd.concat([keyness_by(counts, articles, by="year"),
                                       keyness_by(counts, articles, by="outlet")],
                                      ignore_index=True)
        tables["collocations"] = collocations(counts, min_count=3)
        tables["candidate_terms"] = candidate_terms(tables["collocations"],
                                                    known=default_segmenter().knows)
    return tables


_START_RSS = 0
"""Resident memory of a worker when it started (set by :func:`_worker_start`)."""


def _worker_start(warm: bool) -> None:
    """Worker initializer: note the starting memory; warm up unless forked from a warm parent."""
    global _START_RSS
    if warm:
        _warm_up()
    _START_RSS = _rss_bytes()


def _warm_up() -> None:
    """Import every stage, build the segmenter and run the stages once on a sample text."""
    from analysis.load import RawDocument
    from analysis.segment import default_segmenter

    default_segmenter()
    sample = RawDocument(article_id="warm-up", file="warm-up.txt", text=_WARM_UP_TEXT,
                         encoding="utf-8")
    article_stages([sample])


def measure(corpus: Path, *, workers: int = 2, chunk_files: int = 128,
            engine: str = "local") -> dict[str, Any]:
    """Run the pipeline on one corpus folder (call in a fresh process; see the module doc).

    Out: ``files``, ``chars`` (raw characters), ``articles``, ``workers``, ``stage_seconds``
    (``setup``; per-article stages summed over the workers; ``merge`` and ``term_tables``),
    ``workers_seconds`` (wall clock of the per-article part), ``pipeline_seconds`` (wall clock,
    everything), ``peak_rss_bytes`` (the parent's peak plus what each worker added to the
    memory it was forked with) and ``grown_bytes`` (how much of it was added after set-up).
    ``engine``: ``local`` (worker processes forked from this one) or ``dask`` (a
    ``LocalCluster`` started inside the timed set-up; its workers are not forked from this
    process, so their whole memory counts as added).
    """
    base_rss = _rss_bytes()
    start = time.perf_counter()
    import multiprocessing

    from analysis.load import list_article_files, read_metadata

    paths = list_article_files(corpus)
    metadata = read_metadata(corpus)
    chunks = _chunks(paths, workers=workers, chunk_files=chunk_files)
    job = partial(_chunk_job, metadata=metadata, root=corpus)
    _warm_up()
    setup_rss = _rss_bytes()
    stage_seconds: dict[str, float] = {"setup": time.perf_counter() - start}
    t = time.perf_counter()
    fork = "fork" in multiprocessing.get_all_start_methods()
    with Engine(kind=engine, workers=workers, min_articles=1, initializer=_worker_start,
                initargs=(not fork,)) as runner:
        if engine == "dask":  # start the cluster and warm every worker in the set-up
            runner.run_on_every_worker(_worker_start, True)
            stage_seconds["setup"] = time.perf_counter() - start
            t = time.perf_counter()
        if workers == 1 and engine == "local":
            _worker_start(False)
        parts = runner.map(job, chunks)
    workers_seconds = time.perf_counter() - t
    for name in PER_ARTICLE_STAGES:
        stage_seconds[name] = sum(p["timings"].get(name, 0.0) for p in parts)
    tables = corpus_stages(parts, timings=stage_seconds)
    pipeline = time.perf_counter() - start
    worker_peak: dict[int, tuple[int, int]] = {}
    for p in parts:
        old_peak, start_rss = worker_peak.get(p["pid"], (0, p["start_rss"]))
        worker_peak[p["pid"]] = (max(old_peak, p["peak_rss"]), start_rss)
    parent_peak = _max_rss_bytes()
    # a forked worker starts with the parent's pages (shared, counted once, in the parent);
    # what it adds above its starting RSS is its own
    added = sum(max(0, pk - st) for pk, st in worker_peak.values()) if (
        workers > 1 or engine == "dask") else 0
    peak = parent_peak + added
    grown = max(0, parent_peak - (setup_rss if workers > 1 else base_rss)) + added
    return {
        "files": len(paths), "chars": sum(int(p["raw_chars"]) for p in parts),
        "articles": len(tables["articles"]), "workers": workers, "engine": engine,
        "stage_seconds": stage_seconds, "workers_seconds": workers_seconds,
        "pipeline_seconds": pipeline, "peak_rss_bytes": peak, "grown_bytes": grown,
    }


def measure_jieba(corpus: Path) -> dict[str, Any]:
    """The baseline on one corpus folder (call in a fresh process): seconds of ``import jieba``,
    ``jieba.initialize()`` and ``jieba.lcut`` over every file's raw text (read beforehand).

    Out: ``chars`` (raw characters), ``jieba_seconds``, ``peak_rss_bytes``.
    """
    from analysis.load import list_article_files

    texts = [p.read_text(encoding="utf-8") for p in list_article_files(corpus)]
    start = time.perf_counter()
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for text in texts:
        jieba.lcut(text)
    seconds = time.perf_counter() - start
    return {"chars": sum(map(len, texts)), "jieba_seconds": seconds,
            "peak_rss_bytes": _max_rss_bytes()}


# --- reporting ---------------------------------------------------------------------------------


def _rate(chars: int, seconds: float) -> str:
    return f"{chars / max(seconds, 1e-9) / 1e6:.2f}M/s"


def _report(size: int, r: dict[str, Any], jb: dict[str, Any], *, runs: int = 1) -> str:
    """The lines printed for one corpus size (``r`` and ``jb``: the fastest of ``runs``)."""
    chars = int(r["chars"])
    pipe, base = float(r["pipeline_seconds"]), float(jb["jieba_seconds"])
    best = f"  (fastest of {runs} runs each)" if runs > 1 else ""
    lines = [
        f"{size:>4}x  files={r['files']} articles={r['articles']} chars={chars}  "
        f"pipeline {pipe:.2f} s ({_rate(chars, pipe)})  jieba.lcut {base:.2f} s "
        f"({_rate(chars, base)})  ratio={base / pipe:.2f}{best}",
        f"      memory: peak_rss={int(r['peak_rss_bytes']) / 2**20:.0f}MiB (parent + what "
        f"{r['workers']} workers added)  grown={int(r['grown_bytes']) / 2**20:.0f}MiB "
        f"= {int(r['grown_bytes']) / chars:.0f} bytes/char  "
        f"(jieba.lcut peak_rss={int(jb['peak_rss_bytes']) / 2**20:.0f}MiB)",
    ]
    stages = r["stage_seconds"]
    per_article = sum(stages[n] for n in PER_ARTICLE_STAGES)
    lines.append(
        "      parent:  "
        f"setup {stages['setup']:.2f} s   workers (wall) {float(r['workers_seconds']):.2f} s   "
        + "   ".join(f"{n} {stages[n]:.2f} s" for n in CORPUS_STAGES)
    )
    lines.append(
        f"      workers (seconds summed, {per_article:.2f} s): "
        + "  ".join(f"{n} {stages[n]:.2f} ({_rate(chars, stages[n])})" for n in PER_ARTICLE_STAGES)
    )
    return "\n".join(lines)


def _run_child(flag: str, corpus: Path, workers: int, chunk_files: int,
               engine: str = "local") -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "analysis.bench", flag, str(corpus), "--workers", str(workers),
         "--chunk-files", str(chunk_files), "--engine", engine],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-files", type=int, default=128,
                        help="files per chunk of per-article work (at least two chunks a worker)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each measurement; the fastest counts (default 5)")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpora here")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help=argparse.SUPPRESS)
    parser.add_argument("--no-dask", action="store_true",
                        help="skip the row of the Dask engine (a LocalCluster) at the largest size")
    parser.add_argument("--one", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, workers=args.workers, chunk_files=args.chunk_files,
                                 engine=args.engine)))
        return 0
    if args.baseline is not None:
        print(json.dumps(measure_jieba(args.baseline)))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    results: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for size in sorted(args.sizes):
        corpus = root / f"x{size}"
        if not corpus.is_dir():
            synthesize_corpus(corpus, multiplier=size)
        pipes, bases = [], []
        for _ in range(max(1, args.repeat)):  # interleaved, so both see the same machine
            pipes.append(_run_child("--one", corpus, args.workers, args.chunk_files))
            bases.append(_run_child("--baseline", corpus, args.workers, args.chunk_files))
        pipe = min(pipes, key=lambda r: float(r["pipeline_seconds"]))
        base = min(bases, key=lambda r: float(r["jieba_seconds"]))
        results[size] = (pipe, base)
        print(_report(size, pipe, base, runs=len(pipes)), flush=True)
    sizes = sorted(results)
    if len(sizes) >= 2:
        lo, hi = results[sizes[-2]][0], results[sizes[-1]][0]
        slope = (int(hi["peak_rss_bytes"]) - int(lo["peak_rss_bytes"])) / max(
            1, int(hi["chars"]) - int(lo["chars"])
        )
        print(f"memory growth {sizes[-2]}x -> {sizes[-1]}x: {slope:.0f} bytes of peak RSS per "
              "added input character")
    pipe, base = results[sizes[-1]]
    if not args.no_dask:
        corpus = root / f"x{sizes[-1]}"
        dasks = [_run_child("--one", corpus, args.workers, args.chunk_files, "dask")
                 for _ in range(max(1, args.repeat))]
        d = min(dasks, key=lambda r: float(r["pipeline_seconds"]))
        print(f"dask {sizes[-1]}x: pipeline {float(d['pipeline_seconds']):.2f} s (set-up with "
              f"the LocalCluster {float(d['stage_seconds']['setup']):.2f} s, workers (wall) "
              f"{float(d['workers_seconds']):.2f} s)  ratio="
              f"{float(base['jieba_seconds']) / float(d['pipeline_seconds']):.2f}", flush=True)
    print(f"vs_jieba={float(base['jieba_seconds']) / float(pipe['pipeline_seconds']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
