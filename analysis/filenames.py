"""Metadata from file and folder names, as quanteda's ``readtext(docvarsfrom = "filenames")``.

Scraped corpora often carry the publication date in the file name (``20200228-16-03.txt``,
``2020-02-28_xinhua.txt``) or in a folder name (``2020_02_28/003.txt``). This module reads it:

- a date written ``YYYYMMDD``, ``YYYY-MM-DD`` or ``YYYY_MM_DD`` (also ``YYYY.MM.DD``), standing
  alone between non-alphanumeric characters of the file stem, else of the nearest folder name
  below the corpus root, gives ``date`` (ISO ``YYYY-MM-DD``);
- a user pattern (``FILENAME_PATTERN``, a regular expression with named groups, searched in the
  file stem) fills its named fields: ``date`` (any of the forms above), ``page`` and any other
  name, which becomes a column of ``articles``;
- without a user pattern, the common print-archive name ``<date>-<page>-<item>``
  (:data:`PRINT_NAME_RE`) gives ``page`` and ``item`` as well.

Nothing is guessed: a name without a valid calendar date gives no date.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

_DATE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?P<y>(?:19|20)\d{2})(?P<sep>[-_.]?)(?P<m>0[1-9]|1[0-2])(?P=sep)"
    r"(?P<d>0[1-9]|[12]\d|3[01])(?![0-9])"
)
PRINT_NAME_RE = re.compile(
    r"^(?P<date>(?:19|20)\d{6})[-_](?P<page>\d{1,3})[-_](?P<item>\d{1,3})$"
)
"""The file stem of a print archive: date, page (版次) and item on the page (``20200228-16-03``)."""

RESERVED_FIELDS = frozenset({"article_id", "file", "published", "published_source", "date_note"})
"""Names a pattern group may not fill (the date goes through the ``date`` group)."""


class FilenamePatternError(ValueError):
    """A ``FILENAME_PATTERN`` that is no regular expression or has no named group."""


def compile_pattern(pattern: str | None) -> re.Pattern[str] | None:
    """Compile a user's ``FILENAME_PATTERN``; ``None`` or ``""`` gives ``None``.

    Raises :class:`FilenamePatternError` with the reason when the pattern does not compile, has
    no named group, or names a reserved field (:data:`RESERVED_FIELDS`).
    """
    if not pattern:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise FilenamePatternError(f"FILENAME_PATTERN {pattern!r} is no regular expression: {exc}") from exc
    names = set(compiled.groupindex)
    if not names:
        raise FilenamePatternError(
            f"FILENAME_PATTERN {pattern!r} has no named group such as (?P<date>\\d{{8}})")
    bad = sorted(names & RESERVED_FIELDS)
    if bad:
        raise FilenamePatternError(f"FILENAME_PATTERN {pattern!r} names reserved fields: {bad}")
    return compiled


def parse_date(text: str) -> str:
    """ISO ``YYYY-MM-DD`` of the first valid calendar date written as in this module's docstring
    inside ``text``, else ``""`` (``20200230`` is no date)."""
    for m in _DATE_RE.finditer(text):
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
        except ValueError:
            continue
    return ""


def filename_fields(relpath: str, pattern: re.Pattern[str] | None = None) -> dict[str, str]:
    """Fields read from one file's path relative to the corpus root.

    In: ``relpath`` (``"20200228-16-03.txt"`` or ``"2020-02-28/003.txt"``, ``/``-separated) and a
    compiled user pattern or None. Out: ``{"date": "2020-02-28", "page": "16", "item": "3", …}``
    with only the fields found; a numeric ``page``/``item`` loses its leading zeros. With a user
    pattern that does not match the stem, ``{"pattern_miss": "1"}`` plus a date from the folder
    names, if any.
    """
    path = PurePosixPath(relpath)
    stem = path.stem
    out: dict[str, str] = {}
    m = pattern.search(stem) if pattern is not None else PRINT_NAME_RE.match(stem)
    if m:
        for name, value in m.groupdict().items():
            if value is None:
                continue
            value = value.strip()
            if name == "date":
                value = parse_date(value) or (parse_date(_digits_as_date(value)) if value else "")
            elif name in ("page", "item") and value.isdigit():
                value = str(int(value))
            if value:
                out[name] = value
    elif pattern is not None:
        out["pattern_miss"] = "1"
    if "date" not in out:
        date = parse_date(stem) if pattern is None else ""
        for folder in reversed(path.parts[:-1]):
            if date:
                break
            date = parse_date(folder)
        if date:
            out["date"] = date
    return out


def _digits_as_date(value: str) -> str:
    """``2020年2月28日``-like or spaced dates reduced to ``YYYYMMDD`` digits when they hold 8."""
    parts = re.findall(r"\d+", value)
    if len(parts) == 3 and len(parts[0]) == 4:
        return f"{parts[0]}{int(parts[1]):02d}{int(parts[2]):02d}"
    return value
