"""Score the ledger's reading of values against sentences annotated by hand.

A sentence set is a CSV with one target number mention per sentence, columns ``id``, ``form``,
``sentence``, ``surface``, ``value``, ``value_high``, ``unit``, ``kind``, ``qualifier``,
``is_claim`` (``tests/fixtures/values/sentences.csv``: signs, halves, capitals, 廿/卅, colloquial
and joined numerals, small decimals). Usage::

    python -m analysis.value_check tests/fixtures/values/sentences.csv

A target is read right when the ledger's row that overlaps its surface has the same value (and
upper end of a range), the same unit and the same claim flag; for a date, the same day of the
month; for an idiom (``is_claim`` 0 and no value), when no claim overlaps it. The kind is shown
but not scored: a rate may fairly be a ``change`` or a ``percent``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

import pandas as pd

from analysis.claims import UNIT_EQUIVALENTS, Mention, extract_mentions

UNIT_SPELLINGS = {"摄氏度": "℃", "度": "℃", "°C": "℃", "％": "%"} | UNIT_EQUIVALENTS
"""Units a reader may write in another spelling than the ledger's canonical one (the gold
sample's equivalences too: 个百分点 = 百分点)."""


def _number(text: object) -> float | None:
    s = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text).strip()
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def _same(a: float | None, b: object) -> bool:
    if isinstance(b, str):  # a date: compared by its day elsewhere
        return False
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-4)


def _unit(u: object) -> str:
    s = "" if u is None or (isinstance(u, float) and math.isnan(u)) else str(u).strip()
    s = s.replace("每", "/")  # 毫克每升 = 毫克/升
    return UNIT_SPELLINGS.get(s, s)


def _day(value: object) -> int | None:
    m = re.search(r"-(\d\d)$", str(value or ""))
    return int(m.group(1)) if m else None


def _overlapping(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    return [m for m in mentions if m.is_mention and m.expr.start < end and start < m.expr.end]


def judge(row: pd.Series) -> tuple[bool, str]:
    """Whether the ledger reads the target of one annotated sentence right, and what it read.

    In: a row of a sentence set (see the module doc). Out: ``(right, what the ledger read)``.
    """
    sentence, surface = str(row["sentence"]), str(row["surface"])
    start = sentence.find(surface)
    if start < 0:
        return False, "surface not in sentence"
    end = start + len(surface)
    found = _overlapping(extract_mentions(sentence), start, end)
    read = "; ".join(f"{m.expr.surface} {m.kind} {m.value}"
                     f"{'–' + str(m.value_high) if m.value_high is not None else ''} {m.unit}"
                     f"{' claim' if m.is_claim else ''}" for m in found) or "no row"
    value, claim = _number(row["value"]), str(row["is_claim"]).strip() == "1"
    if not claim and value is None:  # an idiom: no claim may be read into it
        return not any(m.is_claim for m in found), read
    if str(row.get("kind", "")) == "date":
        return any(m.kind == "date" and _day(m.value) == value for m in found), read
    high = _number(row["value_high"])
    for m in found:
        if (_same(value, m.value) and _same(high, m.value_high)
                and _unit(m.unit) == _unit(row["unit"]) and m.is_claim == claim):
            return True, read
    return False, read


def score_sentences(sentences: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """The share of targets read right, and the sentences with the ledger's reading.

    In: a sentence set (all columns as text). Out: ``(share right, table with columns
    id, form, surface, expected, read, right)``.
    """
    rows = []
    for _, r in sentences.iterrows():
        right, read = judge(r)
        expected = f"{r['value']}" + (f"–{r['value_high']}" if str(r["value_high"]).strip()
                                      else "") + f" {r['unit']}" + (" claim" if str(
                                          r["is_claim"]).strip() == "1" else "")
        rows.append({"id": r["id"], "form": r["form"], "surface": r["surface"],
                     "expected": expected, "read": read, "right": right})
    table = pd.DataFrame(rows)
    return (float(table["right"].mean()) if len(table) else math.nan), table


def read_sentences(path: Path) -> pd.DataFrame:
    """Read a sentence set (all columns as text, empty cells as ``""``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def main(argv: list[str] | None = None) -> int:
    """Print the score of one sentence set and the targets read wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentences", type=Path, help="CSV of annotated sentences")
    args = parser.parse_args(argv)
    share, table = score_sentences(read_sentences(args.sentences))
    print(f"{share:.3f} right ({int(table['right'].sum())} of {len(table)})")
    print(table.groupby("form")["right"].agg(["sum", "count"]).to_string())
    wrong = table[~table["right"]]
    if len(wrong):
        print(wrong.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
