"""The one writer (and reader) of the project's CSV tables.

Tables are written UTF-8 *with* BOM so that Excel shows the Chinese, with ``\\n`` line ends and
no index. :func:`read_table` reads them back with every identifier column as text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ENCODING = "utf-8-sig"

_TEXT_COLUMNS = {
    "article_id", "file", "title", "outlet", "authors", "editor", "published", "url", "text",
    "raw_text", "term", "token", "surface", "unit", "qualifier", "subject", "place", "sentence",
    "value", "value_high", "left", "right", "keyword", "category", "reason", "detail",
}


def write_table(df: pd.DataFrame, name: str, tables_dir: Path) -> Path:
    """Write ``df`` to ``tables_dir/<name>.csv`` (UTF-8 with BOM, no index); return the path."""
    tables_dir.mkdir(parents=True, exist_ok=True)
    path = tables_dir / f"{name}.csv"
    df.to_csv(path, index=False, encoding=ENCODING, lineterminator="\n")
    return path


def read_table(name: str, tables_dir: Path) -> pd.DataFrame:
    """Read ``tables_dir/<name>.csv`` written by :func:`write_table`.

    Text-like columns (ids, surfaces, values that mix numbers and ISO dates) stay strings, with
    empty cells as ``""``; other columns get pandas' inferred types.
    """
    path = tables_dir / f"{name}.csv"
    header = pd.read_csv(path, encoding=ENCODING, nrows=0).columns
    dtypes = {c: "string" for c in header if c in _TEXT_COLUMNS}
    df = pd.read_csv(path, encoding=ENCODING, dtype=dtypes, keep_default_na=False, na_values=[""])
    for col, dtype in dtypes.items():
        if dtype == "string":
            df[col] = df[col].fillna("").astype(str)
    return df
