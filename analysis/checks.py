"""Plausibility checks of the numeric-claim ledger: numbers a careful reader would query.

:func:`claim_checks` flags, never drops: every row of ``numeric_claims`` and ``claim_relations``
stays as it is, and ``claim_checks`` lists the ones to look at with the reason:

- ``people above population``: a count of people (名, 人, 位, 人民, 人口; not 人次, which counts
  visits or trips) above :data:`POPULATION_MAX`, more people than China has;
- ``share above 100%``: a percentage that is a share (kind ``percent``, not a rate of ``change``)
  above 100;
- ``part above total``: a stated part larger than the total it belongs to (``claim_relations``);
- ``parts do not add up``: a breakdown whose parts do not sum to its stated total;
- ``date after publication``: a full date later than the article's stated publication day (a
  plan or a deadline may be one: the check says so, the reader decides).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.claims import NOT_SIGN_BEFORE_FU

POPULATION_MAX = 1.5e9
"""More people than this cannot be counted in China (1.41 billion in 2020)."""
PEOPLE_COUNT_UNITS = ("名", "人", "位", "人民", "人口")
"""Units of a count of distinct people (人次 counts visits or trips: it may exceed them)."""
CHECK_COLUMNS = ["article_id", "para_no", "sentence", "surface", "kind", "value", "unit",
                 "check", "detail"]


def _num(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce")


def claim_checks(claims: pd.DataFrame, relations: pd.DataFrame | None = None,
                 articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims and relations a reader should check: :data:`CHECK_COLUMNS`.

    In: ``numeric_claims``, ``claim_relations`` and ``articles`` (``published``,
    ``published_source``). Out: one row per flag, sorted by article, paragraph and check.
    """
    rows: list[dict[str, object]] = []
    c = claims.copy()
    is_claim = _num(c["is_claim"]).fillna(0).astype(int) == 1
    value = _num(c["value_num"] if "value_num" in c else c["value"])

    def flag(mask: pd.Series, check: str, detail) -> None:  # type: ignore[no-untyped-def]
        for i in c.index[mask.fillna(False)]:
            r = c.loc[i]
            rows.append({"article_id": r["article_id"], "para_no": r["para_no"],
                         "sentence": r["sentence"], "surface": r["surface"], "kind": r["kind"],
                         "value": r["value"], "unit": r["unit"], "check": check,
                         "detail": detail(r) if callable(detail) else detail})

    people = is_claim & (c["kind"] == "count") & c["unit"].isin(PEOPLE_COUNT_UNITS)
    flag(people & (value > POPULATION_MAX), "people above population",
         lambda r: f"{float(r['value']):,.0f} people > {POPULATION_MAX:,.0f}")
    share = is_claim & (c["kind"] == "percent") & (c["unit"] == "%")
    high = _num(c["value_high"]) if "value_high" in c else value
    flag(share & ((value > 100) | (high > 100)), "share above 100%",
         "a share cannot exceed 100% (a growth rate written without its verb?)")
    if articles is not None and {"article_id", "published"} <= set(articles.columns):
        trusted = articles
        if "published_source" in articles:
            trusted = articles[articles["published_source"].isin(("text", "filename", "metadata"))]
        pub = dict(zip(trusted["article_id"].astype(str),
                       pd.to_datetime(trusted["published"].astype(str).str[:10], errors="coerce"),
                       strict=True))
        dates = pd.to_datetime(c["value"].astype(str).where(
            c["value"].astype(str).str.match(r"^\d{4}-\d{2}-\d{2}$"), ""), errors="coerce")
        pub_of = c["article_id"].astype(str).map(pub)
        late = (c["kind"] == "date") & dates.notna() & pub_of.notna() & (
            dates > pub_of + pd.Timedelta(days=1))
        flag(late, "date after publication",
             lambda r: f"after the publication day {pub[str(r['article_id'])].date()} "
                       "(a plan or deadline?)")
    if relations is not None and len(relations):
        for _, r in relations.iterrows():
            total = pd.to_numeric(r.get("total"), errors="coerce")
            parts = [pd.to_numeric(p, errors="coerce")
                     for p in str(r.get("part_values", "")).replace("+", " ").split()]
            base = {"article_id": r["article_id"], "para_no": r["para_no"],
                    "sentence": r["sentence"], "surface": r.get("total_surface", ""),
                    "kind": r.get("relation", ""), "value": r.get("total", ""),
                    "unit": r.get("unit", "")}
            if pd.notna(total) and any(pd.notna(p) and p > total for p in parts):
                rows.append({**base, "check": "part above total", "detail": r.get("detail", "")})
            elif str(r.get("holds", "")) in ("0", "False") and r.get("relation") == "breakdown":
                rows.append({**base, "check": "parts do not add up",
                             "detail": r.get("detail", "")})
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    if out.empty:
        return out
    return out.sort_values(["article_id", "para_no", "check"], kind="mergesort").reset_index(
        drop=True)


_SIGN_BEFORE = re.compile(r"(?:零下|负|[-－−])$")
_SIGN_WORDS = re.compile(f"[{''.join(sorted(NOT_SIGN_BEFORE_FU))}]负$")
"""负 closing a word (减负 a lighter burden, 正负 a tolerance, 胜负): no minus sign."""
SIGN_AUDIT_COLUMNS = ["article_id", "para_no", "context", "surface", "kind", "value", "unit",
                      "negative", "note"]


def sign_audit(claims: pd.DataFrame) -> pd.DataFrame:
    """Every claim written with 零下, 负 or a minus sign at its number, and whether the ledger
    kept the sign: :data:`SIGN_AUDIT_COLUMNS`.

    In: ``numeric_claims``. Out: one row per such claim, ``negative`` True when the value is
    below zero, ``note`` naming the word when the 负 belongs to one (``减负``, ``正负``) and so is
    rightly no sign. A row with ``negative`` False and no note is a sign the ledger dropped.
    """
    rows: list[dict[str, object]] = []
    for r in claims.itertuples(index=False):
        sentence, surface = str(r.sentence), str(r.surface)
        i = sentence.find(surface)
        before = sentence[max(0, i - 3): i] if i >= 0 else ""
        written = surface.startswith(("零下", "负", "-", "－", "−")) or "分之负" in surface
        sign = _SIGN_BEFORE.search(before)
        if sign and sign.group() in "-－−" and re.fullmatch(r"[0-9A-Za-z]", before[-2:-1]):
            sign = None  # N-95, 2-5: a hyphen after a letter or a digit
        if not (written or sign):
            continue
        value = pd.to_numeric(pd.Series([r.value]), errors="coerce").iloc[0]
        word = _SIGN_WORDS.search(before) if not written else None
        rows.append({"article_id": r.article_id, "para_no": r.para_no,
                     "context": sentence[max(0, i - 8): i + len(surface) + 2],
                     "surface": surface, "kind": r.kind, "value": r.value, "unit": r.unit,
                     "negative": bool(value < 0),
                     "note": f"word {word.group()}: no sign" if word else ""})
    return pd.DataFrame(rows, columns=SIGN_AUDIT_COLUMNS)
