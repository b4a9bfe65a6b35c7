"""Totals and parts that an article states, checked: the ``claim_relations`` table.

News texts state arithmetic a reader can check. Three patterns are read from the clean text of
a paragraph and the claims of :func:`analysis.claims.numeric_claims`:

- a parenthesised breakdown right after a total: ``共成立了428个排查组（行政村376个、社区15个、
  居民小区37个）`` → ``breakdown``: 376 + 15 + 37 = 428, holds;
- ``其中`` after a total: ``共1478人，其中党员602人`` → ``subset``: 602 of 1478 = 40.7%, holds when
  the part is not larger than the total; when two or more parts add up exactly to the total the
  relation is a ``breakdown``;
- ``X中，…Y``: ``234家规模以上企业中，已顺利复工企业达到195家`` → ``share``: 195 of 234 = 83.3%.

A part belongs to a total only when their units agree (名, 人 and 位 all count persons; money
is compared in 元). Parts and totals with 余/多/近 … are approximate: the check is still made
and ``approximate`` says so.

Table ``claim_relations`` (:data:`RELATION_COLUMNS`): ``article_id``, ``para_no``,
``sentence``, ``relation`` (breakdown, subset, share), ``total_surface``, ``total``,
``parts`` (surfaces, ``、``-separated), ``part_values`` (``376+15+37``), ``parts_sum``,
``holds`` (1/0), ``share`` (part of the total in %, one decimal; empty for a breakdown),
``approximate`` (1 when a figure carries an approximation word), ``unit``, ``detail`` (the
arithmetic in words).
"""

from __future__ import annotations

import re
from itertools import groupby

import pandas as pd

from analysis.numbers import format_value

RELATION_COLUMNS = [
    "article_id", "para_no", "sentence", "relation", "total_surface", "total", "parts",
    "part_values", "parts_sum", "holds", "share", "approximate", "unit", "detail",
]
_PERSON_UNITS = frozenset(["名", "人", "位"])
_SUBJECT_GAP = re.compile(r"[^，。；！？（）()\d]{0,12}")
_AMONG = re.compile(r"[^，。；！？（）()\d]{0,14}?中[，,：]")


def unit_family(unit: str) -> str:
    """The comparison family of a unit: ``person`` for 名/人/位, else the unit itself."""
    return "person" if unit in _PERSON_UNITS else unit


def _fmt(x: float) -> str:
    return format_value(round(x, 6))


def _row(aid: str, para_no: int, sentence: str, relation: str, total: dict, parts: list[dict],
         ) -> dict[str, object]:
    t = float(total["value_num"])
    values = [float(p["value_num"]) for p in parts]
    s = sum(values)
    approx = int(any(str(x["qualifier"]) for x in [total, *parts]))
    if relation == "breakdown":
        holds = abs(s - t) < 1e-6
        share = None
        detail = (f"{' + '.join(_fmt(v) for v in values)} = {_fmt(s)}"
                  f" {'=' if holds else '≠'} {_fmt(t)}")
    else:
        holds = values[0] <= t + 1e-9
        share = round(100 * values[0] / t, 1) if t else None
        detail = f"{_fmt(values[0])} of {_fmt(t)}" + (f" = {share}%" if share is not None else "")
        if not holds:
            detail += " (part exceeds total)"
    return {
        "article_id": aid, "para_no": para_no, "sentence": sentence, "relation": relation,
        "total_surface": total["surface"], "total": _fmt(t),
        "parts": "、".join(str(p["surface"]) for p in parts),
        "part_values": "+".join(_fmt(v) for v in values), "parts_sum": _fmt(s),
        "holds": int(holds), "share": share, "approximate": approx, "unit": total["unit"],
        "detail": detail,
    }


def _paragraph_relations(aid: str, para_no: int, text: str, rows: list[dict]
                         ) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    used_totals: set[int] = set()
    # 1. parenthesised breakdowns: TOTAL [noun]（A n1、B n2 …）
    for t in rows:
        gap = _SUBJECT_GAP.match(text, t["end"])
        pos = gap.end() if gap else t["end"]
        if pos >= len(text) or text[pos] not in "（(":
            continue
        close = re.compile(r"[）)]").search(text, pos)
        if close is None or text[pos + 1: pos + 3] == "其中":
            continue
        fam = unit_family(t["unit"])
        parts = [p for p in rows if pos < p["start"] < close.start()
                 and unit_family(p["unit"]) == fam]
        if len(parts) >= 2:
            out.append(_row(aid, para_no, t["sentence"], "breakdown", t, parts))
            used_totals.add(t["start"])
    # 2. 其中: parts after 其中 in the same sentence, total = nearest compatible claim before it
    for m in re.finditer("其中", text):
        at = m.start()
        sentence_end = re.compile(r"[。！？；]").search(text, at)
        stop = sentence_end.end() if sentence_end else len(text)
        after = [p for p in rows if at < p["start"] < stop]
        groups: dict[int, list[dict]] = {}
        totals: dict[int, dict] = {}
        for p in after:
            fam = unit_family(p["unit"])
            before = [t for t in rows if t["end"] <= at and unit_family(t["unit"]) == fam]
            if not before:
                continue
            t = before[-1]
            groups.setdefault(t["start"], []).append(p)
            totals[t["start"]] = t
        for key, parts in groups.items():
            t = totals[key]
            if key in used_totals:
                continue
            s = sum(float(p["value_num"]) for p in parts)
            if len(parts) >= 2 and abs(s - float(t["value_num"])) < 1e-6:
                out.append(_row(aid, para_no, t["sentence"], "breakdown", t, parts))
                continue
            for p in parts:
                out.append(_row(aid, para_no, p["sentence"], "subset", t, [p]))
    # 3. X中，… Y: a total followed by its noun and 中，, parts later in the sentence
    for t in rows:
        m = _AMONG.match(text, t["end"])
        if m is None:
            continue
        sentence_end = re.compile(r"[。！？；]").search(text, m.end())
        stop = sentence_end.end() if sentence_end else len(text)
        fam = unit_family(t["unit"])
        parts = [p for p in rows if m.end() <= p["start"] < stop and unit_family(p["unit"]) == fam]
        for p in parts[:1]:
            out.append(_row(aid, para_no, t["sentence"], "share", t, [p]))
    return out


def claim_relations(paragraphs: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Build the ``claim_relations`` table (columns :data:`RELATION_COLUMNS`, see module doc).

    In: ``paragraphs`` (``article_id``, ``para_no``, ``text``) and the ``numeric_claims``
    table (claim rows with ``value_num``, ``unit``, ``qualifier``, ``start``, ``end``). Out: one
    row per stated relation, sorted by article, paragraph and position. Inputs are not modified.
    """
    c = claims[(claims["is_claim"].astype(int) == 1)].copy()
    c["value_num"] = pd.to_numeric(c["value_num"], errors="coerce")
    c = c[c["value_num"].notna() & (c["kind"] != "percent")]
    texts = {(str(a), int(p)): str(t) for a, p, t in zip(
        paragraphs["article_id"], paragraphs["para_no"], paragraphs["text"].fillna(""),
        strict=True)}
    out: list[dict[str, object]] = []
    c = c.sort_values(["article_id", "para_no", "start"], kind="mergesort")
    columns = ["article_id", "para_no", "sentence", "start", "end", "surface", "unit",
               "qualifier", "value_num"]  # what the relations read of a claim
    records = [dict(zip(columns, values, strict=True))
               for values in zip(*(c[col].tolist() for col in columns), strict=True)]
    for (aid, para_no), group in groupby(records, key=lambda r: (r["article_id"], r["para_no"])):
        text = texts.get((str(aid), int(para_no)))
        if text is None:
            continue
        out.extend(_paragraph_relations(str(aid), int(para_no), text, list(group)))
    df = pd.DataFrame(out, columns=RELATION_COLUMNS)
    return df.reset_index(drop=True)
