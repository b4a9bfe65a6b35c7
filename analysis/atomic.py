"""Write output files whole or not at all.

Every output (tables, their Parquet twins, figures, ``figures/README.md``, the manifest) is
written to a temporary file in its own folder and renamed onto its name (``os.replace``, atomic
on one file system). A run interrupted mid-write leaves the previous file untouched; a run
killed between write and rename leaves a hidden ``.<name>.partial-<pid><suffix>`` file, which
:func:`remove_partials` deletes before the next run writes anything.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTIAL_MARK = ".partial-"
"""What names a temporary file of this module (``.keyness.partial-123.png``)."""


def partial_path(path: Path) -> Path:
    """The temporary name of ``path``: hidden, in the same folder, with the same suffix (so a
    writer that reads the format from the suffix still can)."""
    return path.with_name(f".{path.stem}{PARTIAL_MARK}{os.getpid()}{path.suffix}")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write ``path`` through.

    In: the final path. The caller writes the yielded path; when the block ends without an
    error it is flushed to disk and renamed onto ``path``; on an error (or KeyboardInterrupt)
    it is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(path)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with ``\\n`` line ends to ``path`` atomically; return ``path``."""
    return write_bytes(path, text.encode("utf-8"))


def remove_partials(folder: Path) -> list[Path]:
    """Delete the temporary files (and partitioned tables' staging folders) an interrupted run
    left in ``folder`` (not recursive).

    Out: the paths removed.
    """
    if not folder.is_dir():
        return []
    removed = []
    for p in folder.iterdir():
        if p.name.startswith(".") and PARTIAL_MARK in p.name:
            if p.is_dir():  # a partitioned table's staging folder (analysis.tables)
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
    return sorted(removed)
