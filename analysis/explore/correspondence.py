"""Correspondence analysis of terms × groups of articles (periods or outlets), as KH Coder draws it.

The contingency table counts each of the corpus's most frequent terms in each group. With
``P = N / n``, row masses ``r`` and column masses ``c``, the standardized residuals
``S = D_r^{-1/2} (P - r c^T) D_c^{-1/2}`` are decomposed by SVD, ``S = U Σ V^T``; row (term)
principal coordinates are ``D_r^{-1/2} U Σ`` and column (group) ones ``D_c^{-1/2} V Σ``. The
squared singular values are the principal inertias (their sum is χ²/n); each dimension's share of
the total is reported. Signs are fixed (the largest absolute group coordinate of each dimension is
positive), so the same table gives the same picture in every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CA_COLUMNS = ["item", "kind", "dim1", "dim2", "mass", "contribution"]


def contingency(tf_article: pd.DataFrame, groups: dict[str, str], *, n_terms: int = 150
                ) -> pd.DataFrame:
    """Term × group counts for the ``n_terms`` most frequent terms of the grouped articles
    (ties by term); groups in sorted order."""
    tf = tf_article[["article_id", "term", "count"]].copy()
    tf["group"] = tf["article_id"].astype(str).map(groups)
    tf = tf.dropna(subset=["group"])
    totals = tf.groupby("term")["count"].sum().reset_index()
    top = totals.sort_values(["count", "term"], ascending=[False, True],
                             kind="mergesort")["term"].head(n_terms)
    tf = tf.loc[tf["term"].isin(top)]
    table = tf.pivot_table(index="term", columns="group", values="count", aggfunc="sum",
                           fill_value=0)
    return table.sort_index().reindex(sorted(table.columns), axis=1)


def correspondence(table: pd.DataFrame) -> tuple[pd.DataFrame, list[float]]:
    """CA of a contingency table (rows = terms, columns = groups).

    Out: ``(coordinates, inertia_shares)``: :data:`CA_COLUMNS` for every row (``kind``
    ``term``) and column (``kind`` ``group``) on the first two dimensions, with ``mass`` and
    ``contribution`` (share of the first two dimensions' inertia the item accounts for); and the
    share of the total inertia of every dimension (largest first).
    """
    n = table.to_numpy(dtype=float)
    total = n.sum()
    if total == 0 or min(n.shape) < 2:
        return pd.DataFrame(columns=CA_COLUMNS), []
    p = n / total
    r = p.sum(axis=1)
    c = p.sum(axis=0)
    keep_r, keep_c = r > 0, c > 0
    p, r, c = p[keep_r][:, keep_c], r[keep_r], c[keep_c]
    s = (p - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    u, sigma, vt = np.linalg.svd(s, full_matrices=False)
    rank = int((sigma > 1e-12).sum())
    u, sigma, vt = u[:, :rank], sigma[:rank], vt[:rank]
    for d in range(rank):  # fixed signs
        if vt[d, np.argmax(np.abs(vt[d]))] < 0:
            vt[d] *= -1
            u[:, d] *= -1
    f = (u * sigma) / np.sqrt(r)[:, None]
    g = (vt.T * sigma) / np.sqrt(c)[:, None]
    inertia = sigma**2
    shares = (inertia / inertia.sum()).tolist() if inertia.sum() > 0 else []
    dims = min(2, rank)

    def block(coords: np.ndarray, mass: np.ndarray, names: list[str], kind: str) -> pd.DataFrame:
        xy = np.zeros((len(names), 2))
        xy[:, :dims] = coords[:, :dims]
        contrib = (mass[:, None] * xy**2).sum(axis=1) / max(inertia[:dims].sum(), 1e-300)
        return pd.DataFrame({"item": names, "kind": kind, "dim1": xy[:, 0], "dim2": xy[:, 1],
                             "mass": mass, "contribution": contrib})

    rows = [str(x) for x in np.asarray(table.index)[keep_r]]
    cols = [str(x) for x in np.asarray(table.columns)[keep_c]]
    out = pd.concat([block(f, r, rows, "term"), block(g, c, cols, "group")], ignore_index=True)
    out[["dim1", "dim2", "mass", "contribution"]] = out[["dim1", "dim2", "mass",
                                                         "contribution"]].round(6)
    return out[CA_COLUMNS], [round(x, 6) for x in shares]
