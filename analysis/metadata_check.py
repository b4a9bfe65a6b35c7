"""Score the ``articles`` table against a hand-annotated sample, field by field.

A sample is a CSV with ``article_id`` and any of :data:`SCORED_FIELDS` as a reader annotated
them (``tests/fixtures/people_daily_sample/annotations.csv``: 48 People's Daily articles of
February 2020). Usage, on a corpus folder that holds the sampled files::

    python -m analysis.metadata_check --corpus ../shared/corpora/people-daily-2020-02 \\
        --sample tests/fixtures/people_daily_sample/annotations.csv --outlet 人民日报

Comparison is on meaning, not typography: white space is ignored, ``()`` equals ``（）``, and
``authors``/``photographers`` compare as sets of names (their order is no error).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath

import pandas as pd

SCORED_FIELDS = ("title", "kicker", "subtitle", "column", "authors", "photographers", "outlet",
                 "via", "dateline_place", "affiliations", "genre")
"""Fields scored when both the sample and the table have them."""

_LIST_FIELDS = frozenset({"authors", "photographers", "affiliations"})
_TYPO = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", "!": "！", "?": "？", ";": "；"})


def normalize_value(field: str, value: object) -> object:
    """A value as compared: text without white space and with full-width brackets; a list
    field as a frozenset of such names."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if field in _LIST_FIELDS:
        return frozenset("".join(v.split()).translate(_TYPO) for v in text.split(";") if v.strip())
    return "".join(text.split()).translate(_TYPO)


def score_fields(articles: pd.DataFrame, sample: pd.DataFrame, *, skip: frozenset[str] = frozenset()
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compare ``articles`` with an annotated ``sample``.

    In: the ``articles`` table and the sample (``article_id`` + annotated fields). Out:
    ``(scores, mismatches)``: ``scores`` has one row per scored field (``field``, ``n``,
    ``correct``, ``accuracy``), counting sampled articles missing from ``articles`` (left out as
    a problem) as wrong unless the sample's ``genre`` is ``advert`` or ``listing`` or the id is
    in ``skip`` (exact duplicates of another item, left out on purpose);
    ``mismatches`` lists ``article_id``, ``field``, ``expected``, ``found``.
    """
    table = articles.set_index(articles["article_id"].astype(str))
    rows, misses = [], []
    fields = [f for f in SCORED_FIELDS if f in sample.columns and f in table.columns]
    for field in fields:
        n = correct = 0
        for _, ann in sample.iterrows():
            aid = str(ann["article_id"])
            if aid not in table.index:
                if str(ann.get("genre", "")) in ("advert", "listing") or aid in skip:
                    continue  # left out as a problem, as it should be
                found: object = "<not in articles>"
            else:
                found = table.at[aid, field]
            n += 1
            expected = ann[field]
            if normalize_value(field, expected) == normalize_value(field, found):
                correct += 1
            else:
                misses.append({"article_id": aid, "field": field,
                               "expected": "" if pd.isna(expected) else str(expected),
                               "found": str(found)})
        rows.append({"field": field, "n": n, "correct": correct,
                     "accuracy": round(correct / n, 3) if n else float("nan")})
    return (pd.DataFrame(rows, columns=["field", "n", "correct", "accuracy"]),
            pd.DataFrame(misses, columns=["article_id", "field", "expected", "found"]))


def main(argv: list[str] | None = None) -> int:
    """Command line: build the corpus, score it, print scores and mismatches; exit 0."""
    from analysis.corpus import CorpusOptions, build_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--sample", required=True, type=Path)
    parser.add_argument("--outlet", default="")
    parser.add_argument("--filename-pattern", default="")
    args = parser.parse_args(argv)
    sample = pd.read_csv(args.sample, dtype=str, keep_default_na=False)
    options = CorpusOptions(outlet=args.outlet, filename_pattern=args.filename_pattern)
    corpus = build_corpus(args.corpus, options=options)
    dup = corpus.problems.loc[corpus.problems["problem"] == "duplicate", "file"]
    skip = frozenset(PurePosixPath(f).with_suffix("").as_posix() for f in dup)
    scores, misses = score_fields(corpus.articles, sample, skip=skip)
    with pd.option_context("display.width", 200, "display.max_colwidth", 60,
                           "display.max_rows", 500):
        print(scores.to_string(index=False))
        if len(misses):
            print()
            print(misses.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
