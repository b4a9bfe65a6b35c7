"""Read a corpus folder: every text file -> decoded text, with the encoding it was read in.

Bad input never stops the run. Each file that cannot be used becomes a row of ``problems``
(``file``, ``problem``, ``detail``) and the rest of the corpus is still read:

- ``empty``: no bytes, or only white space;
- ``binary``: NUL bytes or control characters that no text encoding explains;
- ``undecodable``: no encoding decodes it to plausible text;
- ``unreadable``: the operating system refused to read it.

Encodings handled: UTF-8 with or without BOM, UTF-16/UTF-32 (with BOM, or BOM-less UTF-16 told
apart by its NUL pattern), GB18030/GBK/GB2312 and Big5. A BOM decides; otherwise strict UTF-8 is
tried first (a valid UTF-8 byte string of Chinese text is practically never another encoding);
otherwise ``charset-normalizer`` detects. GB2312 and GBK detections are read as GB18030, their
superset, so no character is lost.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import charset_normalizer
import pandas as pd

from analysis.text import han_count

METADATA_FILE = "metadata.csv"
"""Optional per-corpus file that fills or overrides ``articles`` fields (see ``metadata``)."""

SKIPPED_SUFFIXES = frozenset({".csv", ".json", ".md", ".ipynb", ".py"})
"""Files with these endings in a corpus folder are not articles (metadata, notes)."""

PROBLEM_COLUMNS = ["file", "problem", "detail"]

CONTROL_MAX_SHARE = 0.001
"""A text may hold a stray control character (a scraped BEL or form feed, removed by cleaning);
more than this share of its characters, or any NUL, makes it ``binary``."""

_BOMS: list[tuple[bytes, str, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
]
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"\s+")
_PRINTABLE_ASCII_RE = re.compile(r"[\x21-\x7e]+")


def _run_chars(runs: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` inside the runs that ``runs`` (a ``[…]+`` pattern) finds."""
    return sum(map(len, runs.findall(text)))


class CorpusError(RuntimeError):
    """Raised when a corpus folder is missing or yields no usable article."""


@dataclass(frozen=True)
class RawDocument:
    """One decoded article file.

    ``article_id`` is the file stem, ``file`` the file name (both relative to the corpus folder
    for a file in a sub-folder), ``text`` the decoded text with
    newlines normalized to ``\\n`` (CRLF and lone CR converted, a BOM removed), ``encoding``
    the codec it was read with (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5`` …).
    """

    article_id: str
    file: str
    text: str
    encoding: str


@dataclass(frozen=True)
class DecodeProblem:
    """Why one file could not be read as text."""

    file: str
    problem: str
    detail: str


def list_article_files(folder: Path) -> list[Path]:
    """Return the candidate article files of ``folder`` and its sub-folders, sorted by their
    path relative to ``folder``.

    In: a folder. Out: its regular, non-hidden files, also inside non-hidden sub-folders (a
    corpus laid out by date, ``2020-02-28/003.txt``), leaving out ``metadata.csv`` and files
    ending in ``.csv .json .md .ipynb .py``. Raises :class:`CorpusError` naming the folder when
    it does not exist.
    """
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        for p in current.iterdir():
            if p.name.startswith(".") or p.name == "__pycache__":
                continue
            if p.is_dir():
                stack.append(p)
            elif p.is_file() and p.suffix.lower() not in SKIPPED_SUFFIXES:
                found.append(p)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def relative_name(path: Path, root: Path | None) -> str:
    """``path`` relative to the corpus ``root``, ``/``-separated (the file name when ``root`` is
    None or not above it): the ``file`` column, and without its suffix the ``article_id``."""
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.name


def _looks_like_utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when every other byte is mostly NUL-free text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    # Chinese UTF-16 has no NULs at all, ASCII-heavy UTF-16 has NULs on one side only.
    even_nul, odd_nul = even.count(0), odd.count(0)
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text) and (even_nul == 0 or odd_nul == 0):
            return codec
    return None


def _plausible(text: str) -> bool:
    """True when decoded text looks like (Chinese) prose, not a mis-decoding or binary."""
    if not text.strip():
        return True
    controls = len(_CONTROL_RE.findall(text)) if _CONTROL_RE.search(text) else 0
    if controls > CONTROL_MAX_SHARE * len(text) or "\x00" in text:
        return False  # binary data, or text read in the wrong encoding
    if "\ufffd" in text:
        return False
    visible = len(text) - _run_chars(_SPACE_RE, text)
    han = han_count(text)
    # Accept Chinese text, or mostly printable ASCII text (an English note is still text).
    printable_ascii = _run_chars(_PRINTABLE_ASCII_RE, text)
    return han >= 0.05 * visible or printable_ascii >= 0.9 * visible


def decode_bytes(data: bytes, *, file: str = "<bytes>") -> tuple[str, str] | DecodeProblem:
    """Decode one file's bytes.

    In: the raw bytes and the file name (for the message). Out: ``(text, encoding)`` with
    newlines normalized, or a :class:`DecodeProblem` (``empty``, ``binary`` or
    ``undecodable``) whose ``detail`` says what was found.
    """
    if not data.strip(b" \t\r\n\x00") or not data:
        return DecodeProblem(file, "empty", f"{len(data)} bytes, no text")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return DecodeProblem(file, "undecodable", f"starts with a {name} BOM but: {exc}")
            return _finish(text, name, file)
    utf16 = _looks_like_utf16_without_bom(data) if b"\x00" in data else None
    if utf16:
        return _finish(data.decode(utf16), utf16, file)
    if b"\x00" in data:
        return DecodeProblem(file, "binary", f"{data.count(0)} NUL bytes in {len(data)} bytes")
    try:
        return _finish(data.decode("utf-8"), "utf-8", file)
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return DecodeProblem(file, "undecodable", "no encoding detected (charset-normalizer)")
    codec = best.encoding.lower().replace("-", "_")
    if codec in _GB_FAMILY:
        codec = "gb18030"
    elif codec in _BIG5_FAMILY:
        codec = "big5hkscs" if codec == "big5hkscs" else "big5"
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        return DecodeProblem(file, "undecodable", f"detected {best.encoding} but: {exc}")
    return _finish(text, codec.replace("_", "-"), file)


def _finish(text: str, encoding: str, file: str) -> tuple[str, str] | DecodeProblem:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return DecodeProblem(file, "empty", f"only white space ({encoding})")
    if not _plausible(text):
        if _CONTROL_RE.search(text):
            n = len(_CONTROL_RE.findall(text))
            return DecodeProblem(file, "binary", f"{n} control characters when read as {encoding}")
        return DecodeProblem(
            file, "undecodable", f"read as {encoding}, the text is not plausible Chinese or ASCII"
        )
    return text, encoding


def read_article_file(path: Path, root: Path | None = None) -> RawDocument | DecodeProblem:
    """Read and decode one file; see :func:`decode_bytes` for the outcomes.

    ``root``: the corpus folder; a file in a sub-folder is named by its path relative to it
    (``file`` = ``2020-02-28/003.txt``, ``article_id`` = ``2020-02-28/003``).
    """
    name = relative_name(path, root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return DecodeProblem(name, "unreadable", str(exc))
    decoded = decode_bytes(data, file=name)
    if isinstance(decoded, DecodeProblem):
        return decoded
    text, encoding = decoded
    stem = name[: -len(path.suffix)] if path.suffix else name
    return RawDocument(article_id=stem, file=name, text=text, encoding=encoding)


def iter_corpus(folder: Path) -> Iterator[RawDocument | DecodeProblem]:
    """Yield one :class:`RawDocument` or :class:`DecodeProblem` per candidate file, in name order.

    Files are opened one at a time, so a 10,000-file corpus never holds many open files.
    """
    for path in list_article_files(folder):
        yield read_article_file(path, folder)


def problems_frame(problems: list[DecodeProblem]) -> pd.DataFrame:
    """Turn problems into the ``problems`` table (``file``, ``problem``, ``detail``)."""
    return pd.DataFrame(
        [(p.file, p.problem, p.detail) for p in problems], columns=PROBLEM_COLUMNS
    ).astype(str)


def read_metadata(folder: Path) -> pd.DataFrame | None:
    """Read the optional ``metadata.csv`` of a corpus folder (all columns as text), else None.

    It needs an ``article_id`` (the file stem) or ``file`` column; other columns named like the
    ``articles`` columns (``title``, ``outlet``, ``authors``, ``editor``, ``published``, ``url``)
    fill or override what the text gives.
    """
    path = folder / METADATA_FILE
    if not path.is_file():
        return None
    raw = path.read_bytes()
    decoded = decode_bytes(raw, file=METADATA_FILE)
    if isinstance(decoded, DecodeProblem):
        raise CorpusError(f"{path}: {decoded.problem}: {decoded.detail}")
    from io import StringIO

    meta = pd.read_csv(StringIO(decoded[0]), dtype=str, keep_default_na=False)
    if "article_id" not in meta.columns:
        if "file" not in meta.columns:
            raise CorpusError(f"{path}: needs an 'article_id' or 'file' column")
        meta["article_id"] = meta["file"].map(lambda f: PurePosixPath(f).with_suffix("").as_posix())
    return meta
