"""Benchmark: the analysis stages on synthetic corpora of 1×, 10×, 100× the seed text (``make bench``).

Usage::

    python -m analysis.bench [--sizes 1 10 100] [--workers 2] [--keep FOLDER]

For each size a corpus is written from the seeds (:func:`synthesize_corpus`: unique ids and a
small perturbation per copy, so duplicate detection does not collapse it). A fresh child process
then runs the stages without plotting — load, clean, segment, terms, claims — and, on the same
raw text in the same process, bare ``jieba.lcut`` (the plain tokenization a user would write;
its dictionary load included, as the pipeline's segmenter set-up is). It reports per-stage
throughput (raw characters per second), peak memory (max RSS) and bytes of memory per input
character. The last line printed is ``vs_jieba=<pipeline throughput / jieba.lcut throughput>``
at the largest size.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from analysis.paths import RANDOM_STATE, SEEDS_DIR

_DIGITS_RE = re.compile(r"\d+")


def perturb(text: str, *, copy_no: int, rng: random.Random) -> str:
    """A variant of an article: one number changed and two neighbouring lines swapped.

    In: the article text, the copy number and a seeded generator. Out: text of (about) the same
    length whose content differs from every other copy's, so it is no duplicate.
    """
    runs = list(_DIGITS_RE.finditer(text))
    if runs:
        m = runs[rng.randrange(len(runs))]
        text = f"{text[: m.start()]}{int(m.group()) + copy_no + 1}{text[m.end():]}"
    else:
        text = f"{text}\n（第{copy_no + 1}份）"
    lines = text.split("\n")
    body = [i for i, ln in enumerate(lines) if len(ln) > 40]
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


def _max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _article_stages(paths: list[Path]) -> dict[str, object]:
    """Per-article work for one chunk of files (runs in a worker process)."""
    from analysis import clean, load
    from analysis.claims import numeric_claims
    from analysis.corpus import articles_frame, clean_documents
    from analysis.segment import tokens_from_paragraphs

    timings: dict[str, float] = {}
    t = time.perf_counter()
    docs = [load.read_article_file(p) for p in paths]
    timings["load"] = time.perf_counter() - t
    t = time.perf_counter()
    kept, _problems, _ = clean_documents(docs)
    files = {d.article_id: d.file for d in docs if isinstance(d, load.RawDocument)}
    articles = articles_frame(kept, files)
    paragraphs = clean.paragraphs_frame([p for a in kept for p in a.paragraphs])
    timings["clean"] = time.perf_counter() - t
    t = time.perf_counter()
    tokens = tokens_from_paragraphs(paragraphs)
    timings["segment"] = time.perf_counter() - t
    t = time.perf_counter()
    claims = numeric_claims(paragraphs, articles)
    timings["claims"] = time.perf_counter() - t
    return {
        "articles": articles, "paragraphs": paragraphs, "tokens": tokens, "claims": claims,
        "timings": timings, "raw_chars": sum(len(d.text) for d in docs if hasattr(d, "text")),
    }


def _corpus_stages(paragraphs: pd.DataFrame, tokens: pd.DataFrame,
                   articles: pd.DataFrame) -> dict[str, float]:
    """Corpus-level term tables (runs in the parent); returns their timing."""
    from analysis.lexicon import lexicon_counts
    from analysis.places import place_mentions
    from analysis.terms import (
        collocations,
        keyness_by,
        term_frequency,
        term_frequency_by_article,
        tfidf_top,
    )

    t = time.perf_counter()
    term_frequency(tokens)
    term_frequency_by_article(tokens)
    tfidf_top(tokens)
    keyness_by(tokens, articles, by="outlet")
    collocations(tokens)
    lexicon_counts(paragraphs)
    place_mentions(paragraphs)
    return {"terms": time.perf_counter() - t}


def _chunks(items: list[Path], n: int) -> list[list[Path]]:
    size = max(1, -(-len(items) // n))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _warm_worker() -> None:
    """Worker initializer: import the stages and build the segmenter once per process."""
    import analysis.claims  # noqa: F401
    from analysis.segment import default_segmenter

    default_segmenter()


def measure(corpus: Path, *, workers: int = 1) -> dict[str, object]:
    """Run the stages and the jieba baseline on one corpus folder (call in a fresh process).

    Out: ``chars`` (raw characters), ``stage_seconds`` (``setup``: imports and dictionary
    loading; per-article stages summed over workers; ``terms`` in the parent),
    ``pipeline_seconds`` (wall clock, everything included), ``jieba_seconds``,
    ``peak_rss_bytes`` (this process plus its workers), ``base_rss_bytes``.
    """
    import jieba

    from analysis.load import list_article_files

    base_rss = _max_rss_bytes()
    start = time.perf_counter()
    paths = list_article_files(corpus)
    chunks = _chunks(paths, max(16, workers * 4))
    if workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker)
        list(pool.map(time.sleep, [0.0] * workers))  # start and warm every worker
        setup = time.perf_counter() - start
        with pool:
            parts = list(pool.map(_article_stages, chunks))
    else:
        _warm_worker()
        setup = time.perf_counter() - start
        parts = [_article_stages(chunk) for chunk in chunks]
    articles = pd.concat([p["articles"] for p in parts], ignore_index=True)
    paragraphs = pd.concat([p["paragraphs"] for p in parts], ignore_index=True)
    tokens = pd.concat([p["tokens"] for p in parts], ignore_index=True)
    stage_seconds: dict[str, float] = {"setup": setup}
    for part in parts:
        for name, sec in part["timings"].items():  # type: ignore[union-attr]
            stage_seconds[name] = stage_seconds.get(name, 0.0) + sec
    stage_seconds.update(_corpus_stages(paragraphs, tokens, articles))
    pipeline = time.perf_counter() - start
    chars = sum(int(p["raw_chars"]) for p in parts)  # type: ignore[call-overload]
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    peak = max(_max_rss_bytes(), children)
    del parts, paragraphs, tokens
    raw_texts = [p.read_text(encoding="utf-8") for p in paths]
    jieba.setLogLevel(60)
    t = time.perf_counter()
    jieba.initialize()
    for text in raw_texts:
        jieba.lcut(text)
    jieba_seconds = time.perf_counter() - t
    return {
        "files": len(paths), "chars": chars, "workers": workers, "stage_seconds": stage_seconds,
        "pipeline_seconds": pipeline, "jieba_seconds": jieba_seconds,
        "peak_rss_bytes": peak, "base_rss_bytes": base_rss,
    }


def _report(size: int, r: dict[str, object]) -> str:
    chars = int(r["chars"])  # type: ignore[call-overload]
    stages = r["stage_seconds"]
    per_stage = "  ".join(
        f"{name}={chars / max(sec, 1e-9) / 1e6:.2f}M/s" for name, sec in stages.items()  # type: ignore[union-attr]
    )
    pipe = chars / float(r["pipeline_seconds"])  # type: ignore[arg-type]
    jb = chars / float(r["jieba_seconds"])  # type: ignore[arg-type]
    grown = int(r["peak_rss_bytes"]) - int(r["base_rss_bytes"])  # type: ignore[call-overload]
    return (
        f"{size:>4}x  files={r['files']:<5} chars={chars:<9} pipeline={pipe / 1e6:.2f}M chars/s "
        f"jieba.lcut={jb / 1e6:.2f}M chars/s  ratio={pipe / jb:.2f}  peak_rss={int(r['peak_rss_bytes']) / 2**20:.0f}MiB "
        f"bytes/char={grown / chars:.0f}\n      stages: {per_stage}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="write the corpora here")
    parser.add_argument("--one", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure(args.one, workers=args.workers)))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    results = {}
    for size in sorted(args.sizes):
        corpus = root / f"x{size}"
        if not corpus.is_dir():
            synthesize_corpus(corpus, multiplier=size)
        out = subprocess.run(
            [sys.executable, "-m", "analysis.bench", "--one", str(corpus), "--workers",
             str(args.workers)], check=True, capture_output=True, text=True,
        )
        results[size] = json.loads(out.stdout.strip().splitlines()[-1])
        print(_report(size, results[size]), flush=True)
    sizes = sorted(results)
    if len(sizes) >= 2:
        lo, hi = results[sizes[-2]], results[sizes[-1]]
        slope = (int(hi["peak_rss_bytes"]) - int(lo["peak_rss_bytes"])) / max(
            1, int(hi["chars"]) - int(lo["chars"])
        )
        print(f"memory growth {sizes[-2]}x -> {sizes[-1]}x: {slope:.0f} bytes per input character")
    largest = results[sizes[-1]]
    ratio = float(largest["jieba_seconds"]) / float(largest["pipeline_seconds"])
    print(f"vs_jieba={ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
