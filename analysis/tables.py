"""The one writer (and reader) of the project's tables: CSV for people, Parquet for the stages.

Each table is written twice, each file atomically (:mod:`analysis.atomic`):

- ``<name>.csv``: UTF-8 *with* BOM so that Excel shows the Chinese, ``\\n`` line ends, no index.
  Scraped text is untrusted: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return would run as a formula in a spreadsheet (CSV injection), so it gets OWASP's
  escape, a leading ``'`` (``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``). A cell that is a
  plain number (``-6.8``, ``+3``) stays as it is, and a cell that itself begins with ``'`` gets
  one more, so :func:`read_table` can undo the escape exactly: analysis never sees it.
- ``<name>.parquet``: the same table, typed as :func:`read_table` reads the CSV (text columns as
  text with ``""`` for empty, numbers as numbers), with the run's id in its metadata. The later
  stages read this twin; it gives frames equal to the CSV's.

:func:`read_table` checks that a Parquet table comes from the run the folder's ``manifest.json``
names (:mod:`analysis.runs`) and stops with :class:`StaleTableError` otherwise, so a notebook run
alone never mixes the tables of two corpora.

**Partitioned Parquet.** When the engine cuts a corpus into partitions (:mod:`analysis.engine`:
200 articles or more by default), the large per-article tables the workers make (``tokens``,
``numeric_claims``, ``number_coverage``) are written *by the workers*, one file a partition:
``<name>.parquet/part-00000.parquet``, ``part-00001.parquet``, … (the usual layout of a Parquet
dataset). Each worker writes its part into a hidden staging folder of its attempt
(:func:`write_part`), and the parent notes what they reported (:func:`register_staged`).
:func:`write_table` of those very rows (same digest) then swaps the folder in next to the CSV
(:func:`publish_parts`: only if the staged parts are exactly the reported ones), so a reader sees
the old table or the new one, never a mixture; every part carries the run id. :func:`read_table`
gives each column one type across the parts (:func:`_unified`). Smaller corpora keep one
``<name>.parquet`` file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis import atomic

if TYPE_CHECKING:
    import pyarrow as pa

ENCODING = "utf-8-sig"
RUN_ID_KEY = b"covid_party_news_run_id"
"""Key of the run id in a Parquet table's file metadata."""

_TEXT_COLUMNS = {
    "article_id", "file", "title", "outlet", "authors", "editor", "published", "url", "text",
    "raw_text", "term", "token", "surface", "unit", "qualifier", "subject", "place", "sentence",
    "value", "value_high", "left", "right", "keyword", "category", "reason", "detail",
    "kicker", "subtitle", "column", "via", "photographers", "affiliations", "dateline_place",
    "dateline_date", "page", "genre", "date_note", "published_source",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER_RE = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?$")


class StaleTableError(RuntimeError):
    """A table that comes from another run (another corpus, or an older stage) than this one."""


def escape_cell(value: str) -> str:
    """OWASP's CSV-injection escape of one text cell (see the module docstring)."""
    if value.startswith(_FORMULA_START) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`."""
    return value[1:] if value.startswith("'") else value


def _escaped(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell escaped (a copy; numbers untouched)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype != object and not isinstance(out[col].dtype, pd.StringDtype):
            continue
        values = out[col].astype(object)
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(_FORMULA_START))
        if risky.any():
            out[col] = [escape_cell(v) if r else v
                        for v, r in zip(values.tolist(), risky.tolist(), strict=True)]
    return out


def _read_csv_text(buffer: io.StringIO | Path) -> pd.DataFrame:
    """Parse a table's CSV (a path, or its text without BOM) as :func:`read_table` returns it."""
    kwargs = {"encoding": ENCODING} if isinstance(buffer, Path) else {}
    header = pd.read_csv(buffer, nrows=0, **kwargs).columns
    if isinstance(buffer, io.StringIO):
        buffer.seek(0)
    dtypes = {c: "string" for c in header if c in _TEXT_COLUMNS}
    df = pd.read_csv(buffer, dtype=dtypes, keep_default_na=False, na_values=[""], **kwargs)
    for col in df.columns:
        if col in dtypes or df[col].dtype == object:
            df[col] = df[col].fillna("").astype(str).map(unescape_cell)
    return df


CSV_MAX_ROWS = 1_048_575
"""The most rows a table gets a CSV for: a spreadsheet shows no more (Excel's 1,048,576 rows,
one of them the header). A longer table (the token table of a month of a national paper) is
written as Parquet only, which every analysis tool reads."""


def _like_csv(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` typed as :func:`read_table` reads a CSV: text columns as ``str`` with ``""`` for
    empty (used when no CSV is written to parse back)."""
    out = df.copy()
    for col in out.columns:
        if col not in _TEXT_COLUMNS and out[col].dtype == object and out[col].isna().all():
            out[col] = out[col].astype("float64")  # an empty CSV column reads as numbers
        elif col in _TEXT_COLUMNS or out[col].dtype == object or isinstance(
                out[col].dtype, pd.StringDtype):
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
        elif pd.api.types.is_integer_dtype(out[col]):  # as a CSV column of whole numbers:
            out[col] = out[col].astype("float64" if out[col].isna().any() else "int64")  # gaps
    return out.reset_index(drop=True)


def write_table(df: pd.DataFrame, name: str, tables_dir: Path, *, parquet: bool = True,
                max_csv_rows: int = CSV_MAX_ROWS) -> Path:
    """Write ``df`` to ``tables_dir/<name>.csv`` (escaped, UTF-8 with BOM) and, with
    ``parquet``, its typed twin ``<name>.parquet`` carrying the current run id; return the
    CSV's path. Both are written atomically. A table longer than ``max_csv_rows``
    (:data:`CSV_MAX_ROWS`) gets the Parquet file only (and an older CSV of that name is
    removed, so no file of another run stays beside it); its path is returned then. A table
    whose parts the workers have just staged in this process (:func:`register_staged`, the
    very same rows) is published as partitioned Parquet instead of the one file."""
    tables_dir.mkdir(parents=True, exist_ok=True)
    pq_path = tables_dir / f"{name}.parquet"
    run_id = current_run_id(tables_dir)
    published = parquet and _publish_staged(df, tables_dir, name)
    if parquet and len(df) > max_csv_rows:
        if not published:
            _write_parquet(_like_csv(df), pq_path, run_id=run_id)
        (tables_dir / f"{name}.csv").unlink(missing_ok=True)
        return pq_path
    text = _escaped(df).to_csv(index=False, lineterminator="\n")
    path = atomic.write_bytes(tables_dir / f"{name}.csv", text.encode(ENCODING))
    if parquet and not published:
        _write_parquet(_read_csv_text(io.StringIO(text)), pq_path, run_id=run_id)
    return path


def _parquet_table(df: pd.DataFrame, run_id: str) -> pa.Table:
    """``df`` as an Arrow table whose metadata carries ``run_id``."""
    import pyarrow as pa

    table = pa.Table.from_pandas(df, preserve_index=False)
    return table.replace_schema_metadata({**(table.schema.metadata or {}),
                                          RUN_ID_KEY: run_id.encode("ascii")})


def _write_parquet(df: pd.DataFrame, path: Path, *, run_id: str) -> None:
    import pyarrow.parquet as pq

    table = _parquet_table(df, run_id)
    if path.is_dir():  # a partitioned table of an earlier run: replaced by one file, whole
        tmp = atomic.partial_path(path)
        try:
            pq.write_table(table, tmp, compression="zstd")
            _replace_with(path, tmp)
        finally:
            tmp.unlink(missing_ok=True)
        return
    with atomic.atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


# --- partitioned Parquet, written by the workers ------------------------------------------------

PART_NAME = "part-{:05d}.parquet"
"""The file name of partition ``i`` inside ``<name>.parquet/``."""


def staging_dir(tables_dir: Path, name: str, attempt: str) -> Path:
    """The hidden folder the workers write the parts of ``name`` into before
    :func:`publish_parts` (``.tokens.partial-<attempt>.parquet``, one per attempt, so a late
    write of a failed attempt never lands among another's parts; an interrupted run's is deleted
    by :func:`analysis.atomic.remove_partials` and :func:`discard_parts`)."""
    return tables_dir / f".{name}{atomic.PARTIAL_MARK}{attempt or 'run'}.parquet"


def frame_digest(df: pd.DataFrame) -> int:
    """A digest of ``df``'s rows (the wrapping sum of pandas' row hashes): the digest of a
    table is the sum of its partitions' digests, so workers compute it in parallel."""
    if df.empty:
        return 0
    import numpy as np

    with np.errstate(over="ignore"):
        return int(pd.util.hash_pandas_object(df, index=False).to_numpy().sum(dtype=np.uint64))


def write_part(df: pd.DataFrame, name: str, tables_dir: Path, part_no: int, *, run_id: str,
               attempt: str | None = None) -> tuple[int, int]:
    """Write one partition's rows of the table ``name`` (what a worker runs).

    In: the partition's frame (its rows in table order), the table's name and folder, the
    partition's number (its place in the table), the run id (in the part's metadata) and the
    attempt (:func:`staging_dir`; default: the run id). The part is typed as :func:`read_table`
    reads a CSV and written atomically. An empty partition writes nothing (its columns would
    have no types). Out: ``(rows, digest)`` of the partition (:func:`frame_digest`).
    """
    if df.empty:
        return 0, 0
    import pyarrow.parquet as pq

    path = staging_dir(tables_dir, name, attempt or run_id) / PART_NAME.format(part_no)
    with atomic.atomic_path(path) as tmp:
        pq.write_table(_parquet_table(_like_csv(df), run_id), tmp, compression="zstd")
    return len(df), frame_digest(df)


def publish_parts(name: str, tables_dir: Path, *, run_id: str, attempt: str | None = None,
                  written: list[tuple[int, int]] | None = None) -> Path | None:
    """Make the staged parts of ``name`` the table ``<name>.parquet/`` (what the parent runs
    once every partition is done).

    In: ``written``, what each partition's :func:`write_part` returned, in partition order
    (when given, the staged files must be exactly those partitions with rows, else nothing is
    published). The staging folder is renamed onto the table's name (an older file or folder
    of that name is first moved aside, then deleted), so no reader ever sees parts of two runs.
    Out: the published folder, or ``None`` when no partition had rows or the staged files are
    not the reported ones (the staging folder is then removed).
    """
    staged = staging_dir(tables_dir, name, attempt or run_id)
    files = _parts(staged) if staged.is_dir() else []
    expected = ([PART_NAME.format(i) for i, (rows, _) in enumerate(written) if rows]
                if written is not None else [f.name for f in files])
    if not files or [f.name for f in files] != expected:
        _remove_tree(staged)
        return None

    final = tables_dir / f"{name}.parquet"
    _replace_with(final, staged)
    return final


def register_staged(name: str, tables_dir: Path, *, run_id: str, attempt: str,
                    written: list[tuple[int, int]], columns: tuple[str, ...]) -> None:
    """Note that the workers have staged the parts of ``name`` (what the parent runs when every
    partition is done): :func:`write_table` of those very rows publishes them with the CSV, so
    the table's Parquet and CSV appear together; a notebook stopped before that leaves only a
    hidden staging folder, removed when the next run starts."""
    rows = sum(r for r, _ in written)
    digest = sum(d for _, d in written) % 2**64
    _STAGED[_key(tables_dir, name)] = (run_id, attempt, written, tuple(columns), rows, digest)


def _replace_with(final: Path, new: Path) -> None:
    """Put ``new`` (a file or folder) at ``final``: an old ``final`` is renamed aside first and
    deleted after, so a reader finds the old table or the new one, never a part-deleted one."""
    import uuid

    old = final.with_name(f".{final.stem}{atomic.PARTIAL_MARK}{uuid.uuid4().hex}-old{final.suffix}")
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    _remove_tree(old)


def discard_parts(name: str, tables_dir: Path) -> None:
    """Remove every staging folder of ``name`` (before the workers start, and after a failed
    partition), so that no part of another attempt is ever published with these."""
    for path in tables_dir.glob(f".{name}{atomic.PARTIAL_MARK}*.parquet"):
        _remove_tree(path)


def _remove_tree(path: Path) -> None:
    """Delete ``path``, a folder (with its files) or a file; nothing when it is missing."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _parts(path: Path) -> list[Path]:
    return sorted(path.glob("part-*.parquet"))


_STAGED: dict[tuple[str, str], tuple[str, str, list[tuple[int, int]], tuple[str, ...], int, int]] = {}
"""``(folder, name) -> (run id, attempt, parts written, columns, rows, digest)`` of the tables
the workers staged in this process (:func:`register_staged`) and :func:`write_table` has not
yet seen."""


def _publish_staged(df: pd.DataFrame, tables_dir: Path, name: str) -> bool:
    """Publish the staged parts of ``name`` if ``df`` is the very table they hold (rows,
    columns and :func:`frame_digest`); else discard them. Out: whether they were published."""
    entry = _STAGED.pop(_key(tables_dir, name), None)
    if entry is None:
        return False
    run_id, attempt, written, columns, rows, digest = entry
    if rows == len(df) > 0 and tuple(df.columns) == columns and frame_digest(df) == digest:
        return publish_parts(name, tables_dir, run_id=run_id, attempt=attempt,
                             written=written) is not None
    discard_parts(name, tables_dir)
    return False


def _key(tables_dir: Path, name: str) -> tuple[str, str]:
    return str(Path(tables_dir).resolve()), name


def _unified(pieces: list[pa.Table]) -> list[pa.Table]:
    """The parts of one table with one type per column, as the whole table's CSV reads: a
    column that is text in some part and all empty (numbers, or nulls) in another is text,
    ``""``, there (the part had no value to type it); int and float meet as float (a part with
    a gap), which ``concat_tables`` does itself."""
    import pyarrow as pa

    text = {f.name for piece in pieces for f in piece.schema if pa.types.is_string(f.type)}
    out = []
    for piece in pieces:
        for name in text & set(piece.column_names):
            column = piece.column(name)
            if not pa.types.is_string(column.type) and column.null_count == len(column):
                i = piece.schema.get_field_index(name)
                piece = piece.set_column(i, pa.field(name, pa.string()),
                                         pa.array([""] * len(piece), pa.string()))
        out.append(piece)
    return out


def current_run_id(tables_dir: Path) -> str:
    """The run id that ``tables_dir/manifest.json`` names, ``""`` when there is none."""
    from analysis.runs import read_run

    run = read_run(tables_dir)
    return run.get("run_id", "") if run else ""


def read_table(name: str, tables_dir: Path, *, source: str = "auto") -> pd.DataFrame:
    """Read the table ``name`` written by :func:`write_table`.

    In: its name and folder; ``source`` ``"parquet"``, ``"csv"`` or ``"auto"`` (the Parquet twin
    when it exists). Out: the frame, text-like columns as strings with ``""`` for empty, the
    CSV escape undone; both sources give equal frames. A partitioned table (a
    ``<name>.parquet`` folder of parts) is read part by part, in order. Raises
    :class:`StaleTableError` when the Parquet twin, or any of its parts, carries another run
    id than the folder's manifest.
    """
    pq_path = tables_dir / f"{name}.parquet"
    if source == "parquet" or (source == "auto" and pq_path.exists()):
        import pyarrow as pa
        import pyarrow.parquet as pq

        files = _parts(pq_path) if pq_path.is_dir() else [pq_path]
        if not files:
            raise FileNotFoundError(f"{pq_path} holds no part-*.parquet file")
        expected = current_run_id(tables_dir)
        pieces = []
        for path in files:
            piece = pq.read_table(path)
            found = (piece.schema.metadata or {}).get(RUN_ID_KEY, b"").decode("ascii")
            if expected and found != expected:
                from analysis.runs import describe_run

                raise StaleTableError(
                    f"{path} comes from another run ({found or 'no run id'}) than the one "
                    f"{tables_dir / 'manifest.json'} names ({describe_run(tables_dir)}): run "
                    "the notebooks in order from 01-clean on one corpus")
            pieces.append(piece)
        table = pieces[0] if len(pieces) == 1 else pa.concat_tables(
            _unified(pieces), promote_options="permissive")
        return table.to_pandas()
    return _read_csv_text(tables_dir / f"{name}.csv")
