"""Framing lexicon and keyword-in-context, matched on the clean text (not on tokens).

The lexicon is a set of coding rules in ``analysis/data/framing_lexicon.csv`` (plain UTF-8,
comment lines start with ``#``): ``category`` (id), ``label`` (Chinese name), ``term`` (a
literal string) and ``exclude`` (longer strings that contain the term without expressing the
frame, ``|``-separated). Because terms are matched as strings in the clean paragraph text, a
segmentation error (堡垒 cut as 堡/垒) cannot lose a hit. Within a category the longest term
wins at each position (临时党支部 counts once), across categories one phrase may count for
two frames.

Tables made here:

- ``lexicon_matches`` (:func:`lexicon_matches`): ``article_id``, ``para_no``, ``category``,
  ``term``, ``start``, ``end`` (offsets into the paragraph's clean text);
- ``lexicon_counts`` (:func:`lexicon_counts`): ``article_id``, ``category``, ``label``,
  ``count``, ``per_10k`` (per 10,000 Han characters of the article's clean text), one row for
  every article × category, zeros included;
- ``lexicon_evidence`` (:func:`lexicon_evidence`): ``article_id``, ``category``, ``label``,
  ``rank``, ``para_no``, ``n_matches``, ``keywords``, ``sentence``: example sentences per
  category and article;
- KWIC (:func:`kwic`): ``article_id``, ``para_no``, ``start``, ``left``, ``keyword``,
  ``right``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR
from analysis.text import han_count, split_sentences

LEXICON_PATH: Path = DATA_DIR / "framing_lexicon.csv"

LEXICON_COLUMNS = ["category", "label", "term", "exclude"]
MATCH_COLUMNS = ["article_id", "para_no", "category", "term", "start", "end"]
COUNT_COLUMNS = ["article_id", "category", "label", "count", "per_10k"]
EVIDENCE_COLUMNS = [
    "article_id", "category", "label", "rank", "para_no", "n_matches", "keywords", "sentence",
]
KWIC_COLUMNS = ["article_id", "para_no", "start", "left", "keyword", "right"]


def read_lexicon(path: Path = LEXICON_PATH) -> pd.DataFrame:
    """Read and check a framing lexicon file.

    In: a UTF-8 CSV with :data:`LEXICON_COLUMNS` (``#`` lines are comments). Out: the rules as
    a DataFrame, file order kept, ``exclude`` as ``""`` when empty. Raises ``ValueError`` for an
    empty term, a term listed twice in one category, a category with two labels, or an
    exclusion that does not contain its term.
    """
    lex = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False, encoding="utf-8")
    missing = set(LEXICON_COLUMNS) - set(lex.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    lex = lex[LEXICON_COLUMNS].apply(lambda col: col.str.strip())
    if (lex["term"] == "").any() or (lex["category"] == "").any():
        raise ValueError(f"{path}: a rule without category or term")
    dup = lex.duplicated(["category", "term"])
    if dup.any():
        raise ValueError(f"{path}: duplicate terms {lex.loc[dup, 'term'].tolist()}")
    labels = lex.groupby("category")["label"].nunique()
    if (labels > 1).any():
        raise ValueError(f"{path}: categories with two labels {labels[labels > 1].index.tolist()}")
    for rule in lex.itertuples():
        bad = [x for x in rule.exclude.split("|") if x and rule.term not in x]
        if bad:
            raise ValueError(f"{path}: exclusions {bad} do not contain {rule.term!r}")
    return lex.reset_index(drop=True)


def _category_patterns(lexicon: pd.DataFrame) -> list[tuple[str, re.Pattern[str], set[str]]]:
    """Per category: a leftmost-longest alternation of its terms and exclusions."""
    out = []
    for category, rules in lexicon.groupby("category", sort=False):
        terms = set(rules["term"])
        excludes = {x for e in rules["exclude"] for x in e.split("|") if x}
        alternatives = sorted(terms | excludes, key=lambda s: (-len(s), s))
        pattern = re.compile("|".join(map(re.escape, alternatives)))
        out.append((str(category), pattern, excludes - terms))
    return out


def lexicon_matches(
    paragraphs: pd.DataFrame, *, lexicon: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every lexicon hit in the clean text.

    In: ``paragraphs`` (``article_id``, ``para_no``, ``text``). Options: ``lexicon`` (default:
    :func:`read_lexicon`). Out: :data:`MATCH_COLUMNS`, in category then text order.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    ids = paragraphs["article_id"].astype(str).tolist()
    nos = paragraphs["para_no"].astype(int).tolist()
    texts = paragraphs["text"].fillna("").astype(str).tolist()
    rows: list[tuple[str, int, str, str, int, int]] = []
    for category, pattern, excludes in _category_patterns(lex):
        for aid, no, text in zip(ids, nos, texts, strict=True):
            for m in pattern.finditer(text):
                if m.group() not in excludes:
                    rows.append((aid, no, category, m.group(), m.start(), m.end()))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def _han_by_article(paragraphs: pd.DataFrame) -> pd.Series:
    n = paragraphs["text"].fillna("").astype(str).map(han_count)
    return n.groupby(paragraphs["article_id"].astype(str)).sum()


def lexicon_counts(
    paragraphs: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    matches: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Hits per article and category, with a rate per 10,000 Han characters.

    In: ``paragraphs``. Options: ``lexicon``; ``matches`` (a :func:`lexicon_matches` result, to
    avoid matching twice). Out: :data:`COUNT_COLUMNS`, every article × category (zeros kept),
    sorted by article then the lexicon's category order.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    hits = lexicon_matches(paragraphs, lexicon=lex) if matches is None else matches
    base = _han_by_article(paragraphs)
    categories = list(dict.fromkeys(lex["category"]))
    labels = lex.drop_duplicates("category").set_index("category")["label"]
    grid = pd.MultiIndex.from_product([sorted(base.index), categories],
                                      names=["article_id", "category"])
    counts = hits.groupby(["article_id", "category"]).size().reindex(grid, fill_value=0)
    out = counts.rename("count").reset_index()
    out["label"] = out["category"].map(labels)
    article_base = out["article_id"].map(base).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(article_base > 0, out["count"] * 10_000 / article_base, 0.0)
    out["per_10k"] = np.round(rate, 3)
    return out[COUNT_COLUMNS]


def lexicon_evidence(
    paragraphs: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    matches: pd.DataFrame | None = None,
    per_article: int = 2,
) -> pd.DataFrame:
    """Example sentences for each category in each article.

    In: ``paragraphs``. Options: ``lexicon``; ``matches``; ``per_article`` sentences kept per
    article and category. The sentences with the most hits of the category come first (ties:
    text order). Out: :data:`EVIDENCE_COLUMNS`; ``keywords`` are the distinct matched terms of
    the sentence, ``|``-separated, in text order.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    hits = lexicon_matches(paragraphs, lexicon=lex) if matches is None else matches
    if hits.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    labels = lex.drop_duplicates("category").set_index("category")["label"]
    hit_paras = hits[["article_id", "para_no"]].drop_duplicates()
    paras = paragraphs.assign(article_id=paragraphs["article_id"].astype(str),
                              para_no=paragraphs["para_no"].astype(int))
    paras = paras.merge(hit_paras, on=["article_id", "para_no"])
    sentences = pd.DataFrame(
        [(a, p, s_start, s_end, sentence)
         for a, p, text in zip(paras["article_id"], paras["para_no"], paras["text"].fillna(""),
                               strict=True)
         for s_start, s_end, sentence in split_sentences(str(text))],
        columns=["article_id", "para_no", "s_start", "s_end", "sentence"],
    )
    found = hits.merge(sentences, on=["article_id", "para_no"])
    found = found.loc[(found["s_start"] <= found["start"]) & (found["start"] < found["s_end"])]
    keys = ["article_id", "category", "para_no", "s_start"]
    found = found.sort_values([*keys, "start"], kind="mergesort")
    ev = found.groupby(keys, sort=False).agg(
        n_matches=("term", "size"), sentence=("sentence", "first")).reset_index()
    distinct = found.drop_duplicates([*keys, "term"])
    words: dict[tuple, list[str]] = defaultdict(list)
    for key, term in zip(zip(*(distinct[k] for k in keys), strict=True), distinct["term"],
                         strict=True):
        words[key].append(term)
    ev["keywords"] = ["|".join(words[k]) for k in zip(*(ev[c] for c in keys), strict=True)]
    order = {c: i for i, c in enumerate(dict.fromkeys(lex["category"]))}
    ev["category_order"] = ev["category"].map(order)
    ev = ev.sort_values(
        ["article_id", "category_order", "n_matches", "para_no", "s_start"],
        ascending=[True, True, False, True, True], kind="mergesort",
    )
    ev["rank"] = ev.groupby(["article_id", "category"]).cumcount() + 1
    ev = ev.loc[ev["rank"] <= per_article].copy()
    ev["label"] = ev["category"].map(labels)
    return ev[EVIDENCE_COLUMNS].reset_index(drop=True)


def kwic(paragraphs: pd.DataFrame, term: str, *, window: int = 15) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` in the clean text.

    In: ``paragraphs`` (``article_id``, ``para_no``, ``text``) and a literal ``term``. Options:
    ``window``, characters of context on each side (cut at the paragraph's edges). Out:
    :data:`KWIC_COLUMNS` in text order; ``start`` is the offset of the keyword in the
    paragraph's text. An empty term raises ``ValueError``.
    """
    if not term:
        raise ValueError("kwic needs a non-empty term")
    pattern = re.compile(re.escape(term))
    rows = []
    for aid, no, text in zip(paragraphs["article_id"].astype(str), paragraphs["para_no"],
                             paragraphs["text"].fillna("").astype(str), strict=True):
        for m in pattern.finditer(text):
            left = text[max(0, m.start() - window): m.start()]
            right = text[m.end(): m.end() + window]
            rows.append((aid, int(no), m.start(), left, m.group(), right))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
