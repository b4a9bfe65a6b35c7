"""Reprints: near-duplicate articles found by MinHash and LSH over character shingles.

A 新华社 dispatch is reprinted by many outlets with small edits: clutter added, a sentence or a
paragraph dropped, punctuation changed, paragraphs re-wrapped, another headline. Exact copies are
dropped when the corpus is cleaned (``problems``: ``duplicate``); this module finds the edited
ones. Each article's body text (headline block left out, so a new headline does not matter) is
reduced to letters, digits and Han characters and cut into overlapping character shingles of
:data:`SHINGLE` characters (so segmentation does not matter). ``datasketch`` MinHash signatures and
an LSH index propose candidate pairs; a pair joins one group when the exact Jaccard similarity
of its shingle sets is at least :data:`THRESHOLD` (edited copies measure 0.6–1.0; articles on the
same event by different writers under 0.1); a body of fewer than :data:`MIN_CHARS` characters is
never grouped. The group's original is its earliest stated
publication, ties (and undated articles) by article id.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.metadata import TRUSTED_DATE_SOURCES

REPRINT_COLUMNS = ["article_id", "reprint_group", "group_size", "similarity", "role"]
SHINGLE = 5
"""Characters per shingle."""
THRESHOLD = 0.5
"""Least Jaccard similarity of two articles' shingle sets for them to be one text."""
MIN_CHARS = 100
"""Fewest body characters (letters, digits, Han) an article needs to be compared at all: a photo
item's one credit line (``版式设计：蔡华伟``) is no text to reprint."""
NUM_PERM = 128
"""MinHash permutations (fixed seed: the same groups in every run)."""
_KEEP_RE = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
_BODY_ROLES = ("body", "quote", "caption", "heading")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The character ``k``-grams of ``text`` with everything but letters, digits and Han
    characters removed (``"党员 冲在前，"`` -> ``{"党员冲在前"}`` for k=5)."""
    s = _KEEP_RE.sub("", text)
    if len(s) <= k:
        return {s} if s else set()
    return {s[i : i + k] for i in range(len(s) - k + 1)}


def article_bodies(paragraphs: pd.DataFrame) -> pd.Series:
    """Body text per article (paragraphs of the body roles in order, headline block left out)."""
    p = paragraphs.loc[paragraphs["role"].isin(_BODY_ROLES), ["article_id", "para_no", "text"]]
    p = p.sort_values(["article_id", "para_no"], kind="mergesort")
    return p.groupby("article_id", sort=True)["text"].apply(lambda s: "".join(map(str, s)))


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def reprint_groups(paragraphs: pd.DataFrame, articles: pd.DataFrame | None = None, *,
                   threshold: float = THRESHOLD, k: int = SHINGLE, num_perm: int = NUM_PERM
                   ) -> pd.DataFrame:
    """Every article with its reprint group: :data:`REPRINT_COLUMNS`.

    In: ``paragraphs`` (``article_id``, ``para_no``, ``role``, ``text``) and ``articles``
    (``published``, ``published_source``: the earliest stated date is the original). Out: one row
    per article with body text: ``reprint_group`` (the original's id), ``group_size``,
    ``similarity`` (Jaccard to the original, 1.0 for the original itself, 3 decimals) and
    ``role`` (``original`` or ``reprint``; an article without copies is its own original).
    """
    from datasketch import MinHash, MinHashLSH

    bodies = article_bodies(paragraphs)
    ids = [str(a) for a in bodies.index]
    sets = [shingles(t, k) for t in bodies]
    lsh = MinHashLSH(threshold=max(threshold - 0.15, 0.1), num_perm=num_perm)
    hashes = []
    for aid, sh in zip(ids, sets, strict=True):
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
        hashes.append(m)
        lsh.insert(aid, m)
    index = {a: i for i, a in enumerate(ids)}
    long_enough = [len(_KEEP_RE.sub("", t)) >= MIN_CHARS for t in bodies]
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, m in enumerate(hashes):
        for other in sorted(lsh.query(m)):
            j = index[other]
            if j <= i or not long_enough[i] or not long_enough[j]:
                continue
            if jaccard(sets[i], sets[j]) >= threshold:
                parent[find(j)] = find(i)
    dates = _dates(articles, ids)
    groups: dict[int, list[int]] = {}
    for i in range(len(ids)):
        groups.setdefault(find(i), []).append(i)
    rows = []
    for members in groups.values():
        original = min(members, key=lambda i: (dates[i], ids[i]))
        for i in members:
            sim = 1.0 if i == original else jaccard(sets[i], sets[original])
            rows.append((ids[i], ids[original], len(members), round(sim, 3),
                         "original" if i == original else "reprint"))
    out = pd.DataFrame(rows, columns=REPRINT_COLUMNS)
    return out.sort_values("article_id", kind="mergesort").reset_index(drop=True)


def _dates(articles: pd.DataFrame | None, ids: list[str]) -> list[np.datetime64]:
    """Stated publication day per id (the far future when unknown, so dated articles come first)."""
    far = np.datetime64("2999-12-31")
    if articles is None or "published" not in articles:
        return [far] * len(ids)
    a = articles.copy()
    ok = a["published_source"].isin(TRUSTED_DATE_SOURCES) if "published_source" in a else True
    d = pd.to_datetime(a["published"].astype(str).str[:10], errors="coerce").where(ok)
    by_id = dict(zip(a["article_id"].astype(str), d, strict=True))
    return [np.datetime64(by_id[i]) if pd.notna(by_id.get(i)) else far for i in ids]


def once_per_group(table: pd.DataFrame, reprints: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``table`` (any table with ``article_id``) whose article is no reprint: counting
    what is left counts each reprint group once (its original)."""
    reprinted = set(reprints.loc[reprints["role"] == "reprint", "article_id"].astype(str))
    return table.loc[~table["article_id"].astype(str).isin(reprinted)]


def reprint_summary(reprints: pd.DataFrame) -> pd.DataFrame:
    """The groups with copies: ``reprint_group``, ``group_size``, ``min_similarity``, largest
    first (ties by id)."""
    g = reprints.loc[reprints["group_size"] > 1]
    if g.empty:
        return pd.DataFrame(columns=["reprint_group", "group_size", "min_similarity"])
    out = g.groupby("reprint_group").agg(group_size=("group_size", "first"),
                                         min_similarity=("similarity", "min")).reset_index()
    return out.sort_values(["group_size", "reprint_group"], ascending=[False, True],
                           kind="mergesort").reset_index(drop=True)


def counts_with_and_without_reprints(tf_article: pd.DataFrame, reprints: pd.DataFrame, *,
                                     n: int = 15) -> pd.DataFrame:
    """The ``n`` most frequent terms counted over all articles and once per reprint group:
    ``term``, ``count_all``, ``count_once``, ``inflation`` (count_all / count_once, 3 decimals)."""
    all_ = tf_article.groupby("term")["count"].sum()
    once = once_per_group(tf_article, reprints).groupby("term")["count"].sum()
    out = pd.DataFrame({"count_all": all_, "count_once": once.reindex(all_.index, fill_value=0)})
    out = out.reset_index().rename(columns={"index": "term"})
    out = out.sort_values(["count_all", "term"], ascending=[False, True], kind="mergesort").head(n)
    out["inflation"] = (out["count_all"] / out["count_once"].where(out["count_once"] > 0)).round(3)
    return out.reset_index(drop=True)
