"""How far the ledger's ``place`` column agrees with a hand annotation's.

The gold samples (``tests/fixtures/gold/``) give each claim a place in free Chinese (``湖北省
黄冈市``, ``全国``, ``法国``, ``黄冈高新区西湖社区``), the ledger one from its gazetteers
(:func:`analysis.claims.place_spans`). :func:`place_agreement` pairs each gold claim with the
ledger row of the same article and surface (the one in the same sentence first) and compares
their places loosely (:func:`same_place`): that is the number a reader of the ``place`` column
needs, and the one the notes report.

Usage: ``python -m analysis.place_agreement`` prints the agreement on the seed gold sample and
on the national samples of ``tests/fixtures/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

_SUFFIX_RE = re.compile(r"(?:特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区|自治州|省|市|县|区)$")
AGREEMENT_COLUMNS = ["article_id", "surface", "gold_place", "place", "agree", "sentence"]


def _bare(place: object) -> str:
    return _SUFFIX_RE.sub("", str(place or "").strip())


def same_place(gold: object, ledger: object) -> bool:
    """Whether two places name the same area, loosely: both empty, or one (without its 省/市/县/区
    suffix) inside the other (``湖北省黄冈市`` and ``黄冈市``; ``北京`` and ``北京市``; ``山西长治`` and
    ``山西省``). An empty place never equals a named one; ``湖北省黄冈市`` is not ``湖北省武汉市``."""
    g, p = _bare(gold), _bare(ledger)
    if not g or not p:
        return not g and not p
    return g in p or p in g


def place_agreement(claims: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The gold claims the ledger also has, with both places: :data:`AGREEMENT_COLUMNS`.

    In: ``numeric_claims`` (``article_id``, ``surface``, ``sentence``, ``place``, ``is_claim``)
    and a gold sample (``article``, ``surface``, ``sentence``, ``place``, ``is_claim``,
    ``zone``; byline and chrome zones left out). Each gold claim takes the first unused ledger
    claim of its article with the same surface, preferring one whose sentence overlaps its own.
    Out: one row per paired claim, in gold order; ``agree`` is :func:`same_place`.
    """
    g = gold[gold["is_claim"].astype(str) == "1"]
    if "zone" in g:
        g = g[~g["zone"].isin(["byline", "chrome"])]
    mine = claims[claims["is_claim"].astype(int) == 1]
    by_key: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for aid, surface, sentence, place in zip(mine["article_id"].astype(str),
                                             mine["surface"].astype(str),
                                             mine["sentence"].astype(str),
                                             mine["place"].fillna("").astype(str), strict=True):
        by_key.setdefault((aid, surface), []).append((sentence, place))
    rows = []
    for aid, surface, sentence, gold_place in zip(g["article"].astype(str),
                                                  g["surface"].astype(str),
                                                  g["sentence"].astype(str),
                                                  g["place"].fillna("").astype(str), strict=True):
        options = by_key.get((aid, surface))
        if not options:
            continue
        pick = next((i for i, (s, _) in enumerate(options)
                     if s[:10] in sentence or sentence[:10] in s), 0)
        _, place = options.pop(pick)
        rows.append((aid, surface, gold_place, place, same_place(gold_place, place), sentence))
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def main() -> int:
    """Print the agreement on the seed and national gold samples (see the module doc)."""
    from analysis.claims import build_ledger, read_gold
    from analysis.corpus import CorpusOptions, build_corpus
    from analysis.paths import PROJ_ROOT, SEEDS_DIR

    fixtures = PROJ_ROOT / "tests" / "fixtures"
    runs = [("seeds", SEEDS_DIR, None, [fixtures / "gold" / "numeric_mentions_sample.csv"]),
            ("national", fixtures / "national_articles", CorpusOptions.from_values("人民日报", ""),
             sorted((fixtures / "gold").glob("national_*.csv")))]
    for name, folder, options, samples in runs:
        corpus = build_corpus(Path(folder), options=options)
        claims, _ = build_ledger(corpus.paragraphs, corpus.articles)
        gold = pd.concat([read_gold(p) for p in samples], ignore_index=True)
        pairs = place_agreement(claims, gold)
        print(f"{name}: {len(pairs)} gold claims paired, place agrees on "
              f"{pairs['agree'].mean():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
