"""Framing lexicon and keyword-in-context, matched on the clean text (not on tokens).

The lexicon is a set of coding rules in ``analysis/data/framing_lexicon.csv`` (plain UTF-8,
comment lines start with ``#``): ``category`` (id), ``label`` (Chinese name), ``term`` (a
literal string) and ``exclude`` (longer strings that contain the term without expressing the
frame, ``|``-separated). Because terms are matched as strings in the clean paragraph text, a
segmentation error (堡垒 cut as 堡/垒) cannot lose a hit. Within a category the longest term
wins at each position (临时党支部 counts once), across categories one phrase may count for
two frames. Matching uses one Aho-Corasick automaton per category (package ``ahocorasick-rs``,
leftmost-longest), or, without it, the equivalent regular expression (an alternation of the
strings, longest first).

Every table here is made article by article (an article's rows depend on its own paragraphs
only), so the functions can run on any subset of articles, e.g. per chunk in worker processes,
and the parts concatenated in article order give the table of the whole corpus.

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
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR
from analysis.text import paragraph_han_chars, split_sentences

try:  # Aho-Corasick in Rust; the regex fallback gives the same leftmost-longest matches
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised by the fallback test
    ahocorasick_rs = None

LEXICON_PATH: Path = DATA_DIR / "framing_lexicon.csv"

LEXICON_COLUMNS = ["category", "label", "term", "exclude"]
MATCH_COLUMNS = ["article_id", "para_no", "category", "term", "start", "end"]
COUNT_COLUMNS = ["article_id", "category", "label", "count", "per_10k"]
EVIDENCE_COLUMNS = [
    "article_id", "category", "label", "rank", "para_no", "n_matches", "keywords", "sentence",
]
KWIC_COLUMNS = ["article_id", "para_no", "start", "left", "keyword", "right"]


Finder = Callable[[str], list[tuple[str, int, int]]]
"""A leftmost-longest search: text -> ``(matched string, start, end)`` for every match."""


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


def _category_patterns(lexicon: pd.DataFrame) -> list[tuple[str, list[str], set[str]]]:
    """Per category: its terms and exclusions, longest first, and the exclusions only."""
    out = []
    for category, rules in lexicon.groupby("category", sort=False):
        terms = set(rules["term"])
        excludes = {x for e in rules["exclude"] for x in e.split("|") if x}
        alternatives = sorted(terms | excludes, key=lambda s: (-len(s), s))
        out.append((str(category), alternatives, excludes - terms))
    return out


_SEP = "\x00"
"""Joins the paragraphs of a table into one text to search; no term contains it, so no match
crosses from one paragraph into the next."""


@lru_cache(maxsize=64)
def _finder(alternatives: tuple[str, ...], engine: str = "auto"
            ) -> Callable[[str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A leftmost-longest search for ``alternatives`` (built once per set of strings).

    Out: a function text -> arrays ``(index into alternatives, start, end)`` of every match.
    ``engine``: ``"ahocorasick"``, ``"regex"`` (an alternation, longest first: Python's ``re``
    takes the first alternative that matches, hence the longest) or ``"auto"`` (the first when
    installed). Both give the same matches.
    """
    if engine == "ahocorasick" or (engine == "auto" and ahocorasick_rs is not None):
        automaton = ahocorasick_rs.AhoCorasick(
            list(alternatives), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA)

        def find_ac(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            found = np.array(automaton.find_matches_as_indexes(text), dtype=np.int64)
            found = found.reshape(-1, 3)
            return found[:, 0], found[:, 1], found[:, 2]

        return find_ac
    pattern = re.compile("|".join(map(re.escape, alternatives)))
    index = {a: i for i, a in enumerate(alternatives)}

    def find_re(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        found = np.array([(index[m.group()], m.start(), m.end()) for m in pattern.finditer(text)],
                         dtype=np.int64).reshape(-1, 3)
        return found[:, 0], found[:, 1], found[:, 2]

    return find_re


def lexicon_matches(
    paragraphs: pd.DataFrame, *, lexicon: pd.DataFrame | None = None, engine: str = "auto"
) -> pd.DataFrame:
    """Every lexicon hit in the clean text.

    In: ``paragraphs`` (``article_id``, ``para_no``, ``text``). Options: ``lexicon`` (default:
    :func:`read_lexicon`); ``engine`` (``"auto"``, ``"ahocorasick"`` or ``"regex"``, same
    result). Out: :data:`MATCH_COLUMNS`, in category then text order. The paragraphs are
    searched as one text (joined by a character no term holds), once per category.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    ids = paragraphs["article_id"].astype(str).to_numpy(dtype=object)
    nos = paragraphs["para_no"].astype(int).to_numpy(dtype=np.int64)
    texts = paragraphs["text"].fillna("").astype(str).tolist()
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.cumsum(lengths + 1) - lengths - 1
    joined = _SEP.join(texts)
    parts = []
    for category, alternatives, excludes in _category_patterns(lex):
        if any(_SEP in a for a in alternatives):
            raise ValueError(f"lexicon strings of {category!r} hold a NUL character")
        which, start, end = _finder(tuple(alternatives), engine)(joined)
        words = np.array(alternatives, dtype=object)
        keep = ~np.isin(which, [i for i, a in enumerate(alternatives) if a in excludes])
        which, start, end = which[keep], start[keep], end[keep]
        para = np.searchsorted(offsets, start, side="right") - 1
        parts.append(pd.DataFrame({
            "article_id": ids[para], "para_no": nos[para], "category": category,
            "term": words[which], "start": start - offsets[para], "end": end - offsets[para],
        }))
    if not parts:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    return pd.concat(parts, ignore_index=True)[MATCH_COLUMNS]


def lexicon_counts(
    paragraphs: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    matches: pd.DataFrame | None = None,
    han_chars: pd.Series | None = None,
) -> pd.DataFrame:
    """Hits per article and category, with a rate per 10,000 Han characters.

    In: ``paragraphs``. Options: ``lexicon``; ``matches`` (a :func:`lexicon_matches` result, to
    avoid matching twice); ``han_chars`` (:func:`analysis.text.paragraph_han_chars` of these
    paragraphs, to count them once). Out: :data:`COUNT_COLUMNS`, every article × category (zeros kept),
    sorted by article then the lexicon's category order.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    hits = lexicon_matches(paragraphs, lexicon=lex) if matches is None else matches
    base = paragraph_han_chars(paragraphs) if han_chars is None else han_chars
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


def _cumcount(keys: np.ndarray) -> np.ndarray:
    """For each position, how many earlier positions hold the same key (0, 1, 2, ...)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    first = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(keys) else (
        np.zeros(0, dtype=np.int64))
    run = np.diff(np.r_[first, len(keys)])
    out = np.empty(len(keys), dtype=np.int64)
    out[order] = np.arange(len(keys)) - np.repeat(first, run)
    return out


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
    the sentence, ``|``-separated, in text order. Each paragraph with a hit is split into
    sentences once; hits are placed in their sentences, counted and ranked with array
    operations, and keywords are joined only for the sentences kept.
    """
    lex = read_lexicon() if lexicon is None else lexicon
    hits = lexicon_matches(paragraphs, lexicon=lex) if matches is None else matches
    if hits.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    labels = lex.drop_duplicates("category").set_index("category")["label"]
    paragraphs = paragraphs.drop_duplicates(["article_id", "para_no"])
    para_keys = pd.MultiIndex.from_arrays([paragraphs["article_id"].astype(str),
                                           paragraphs["para_no"].astype(int)])
    hit_para = para_keys.get_indexer(pd.MultiIndex.from_arrays(
        [hits["article_id"].astype(str), hits["para_no"].astype(int)]))
    if (hit_para < 0).any():  # hits of paragraphs not in the table have no sentence
        hits, hit_para = hits.loc[hit_para >= 0], hit_para[hit_para >= 0]
    # sentences of the paragraphs with hits, laid end to end: global offsets make one search
    texts = paragraphs["text"].fillna("").astype(str).to_numpy(dtype=object)
    with_hits = np.unique(hit_para)
    span_para, span_start, span_end, span_text = [], [], [], []
    for pi in with_hits.tolist():
        for s_start, s_end, sentence in split_sentences(texts[pi]):
            span_para.append(pi)
            span_start.append(s_start)
            span_end.append(s_end)
            span_text.append(sentence)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offset = np.cumsum(lengths + 1) - lengths - 1
    s_para = np.array(span_para, dtype=np.int64)
    s_start = np.array(span_start, dtype=np.int64)
    g_start = offset[s_para] + s_start
    g_end = offset[s_para] + np.array(span_end, dtype=np.int64)
    start = hits["start"].to_numpy(dtype=np.int64)
    pos = offset[hit_para] + start
    sent = np.searchsorted(g_start, pos, side="right") - 1
    inside = sent >= 0
    inside[inside] = (pos[inside] < g_end[sent[inside]]) & (s_para[sent[inside]] == hit_para[inside])
    order_of = {c: i for i, c in enumerate(dict.fromkeys(lex["category"]))}
    cat_codes, cats = pd.factorize(hits["category"].astype(str))
    cat_rank = np.array([order_of.get(c, len(order_of)) for c in cats], dtype=np.int64)
    n_cat = max(len(cats), 1)
    sent, start, cat_codes = sent[inside], start[inside], cat_codes[inside]
    terms = hits["term"].to_numpy(dtype=object)[inside]
    # one group per (sentence, category): hits counted, then ranked within article × category
    group_codes, groups = pd.factorize(sent * n_cat + cat_codes, sort=True)
    n_matches = np.bincount(group_codes)
    g_sent, g_cat = groups // n_cat, groups % n_cat
    g_para = s_para[g_sent]
    art_codes = pd.factorize(paragraphs["article_id"].astype(str).to_numpy(dtype=object),
                             sort=True)[0][g_para]
    para_no = paragraphs["para_no"].astype(int).to_numpy(dtype=np.int64)[g_para]
    ranked = np.lexsort((s_start[g_sent], para_no, -n_matches, cat_rank[g_cat], art_codes))
    rank = _cumcount(art_codes[ranked] * n_cat + g_cat[ranked]) + 1
    kept = ranked[rank <= per_article]
    # keywords of the kept sentences only: distinct terms in text order
    by_group = np.lexsort((start, group_codes))
    wanted = np.isin(group_codes[by_group], kept)
    keywords: dict[int, dict[str, None]] = {}
    for g, term in zip(group_codes[by_group][wanted].tolist(), terms[by_group][wanted].tolist(),
                       strict=True):
        keywords.setdefault(g, {})[term] = None
    ids = paragraphs["article_id"].astype(str).to_numpy(dtype=object)
    return pd.DataFrame({
        "article_id": ids[g_para[kept]],
        "category": cats[g_cat[kept]],
        "label": labels.reindex(cats[g_cat[kept]]).to_numpy(dtype=object),
        "rank": rank[rank <= per_article].astype(np.int64),
        "para_no": para_no[kept],
        "n_matches": n_matches[kept].astype(np.int64),
        "keywords": ["|".join(keywords[g]) for g in kept.tolist()],
        "sentence": np.array(span_text, dtype=object)[g_sent[kept]],
    })[EVIDENCE_COLUMNS]


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
        if term not in text:  # a substring test in C first: most paragraphs lack the term
            continue
        for m in pattern.finditer(text):
            left = text[max(0, m.start() - window): m.start()]
            right = text[m.end(): m.end() + window]
            rows.append((aid, int(no), m.start(), left, m.group(), right))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
