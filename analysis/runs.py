"""One run, one corpus: the run a folder of tables belongs to, and the checks each stage makes.

Notebook 01 starts a run (:func:`start_run`): it writes ``tables/manifest.json`` first, naming
the run id, the corpus folder and a hash of its input files (see :mod:`analysis.manifest`).
Every table written after that carries the run id in its Parquet twin (:mod:`analysis.tables`).
The later notebooks call :func:`check_run` before reading: the tables must come from the corpus
they were asked to analyse, and :func:`analysis.tables.read_table` refuses a table of another
run. A notebook run alone in JupyterLab after a run on another corpus stops with a message
naming both corpora instead of mixing their tables.
"""

from __future__ import annotations

import json
from pathlib import Path

from analysis.manifest import corpus_hash, corpus_inputs, write_manifest

MANIFEST = "manifest.json"


def read_run(tables_dir: Path) -> dict | None:
    """The manifest of ``tables_dir`` as a dict, or None when there is none (or it is unreadable)."""
    path = tables_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def describe_run(tables_dir: Path) -> str:
    """``corpus <path> (inputs <hash prefix>), run <id>`` of ``tables_dir``'s manifest."""
    run = read_run(tables_dir)
    if not run:
        return "no run"
    return (f"corpus {run.get('corpus_path', run.get('corpus', '?'))} "
            f"(inputs {str(run.get('corpus_hash', ''))[:12]}), run {run.get('run_id', '?')}")


def start_run(tables_dir: Path, corpus_dir: Path, options: dict[str, str] | None = None) -> dict:
    """Begin a run: write ``tables_dir/manifest.json`` (without stage times) and return it.

    In: the run's tables folder, its corpus folder and corpus options. Out: the manifest dict.
    Stray temporary files of an interrupted run are removed from the folder first.
    """
    from analysis import atomic

    atomic.remove_partials(tables_dir)
    write_manifest(tables_dir, corpus_dir, options=options)
    return read_run(tables_dir) or {}


def check_run(tables_dir: Path, corpus_dir: Path) -> dict:
    """Stop unless the tables of ``tables_dir`` come from a run on ``corpus_dir``.

    Out: the manifest. Raises :class:`analysis.tables.StaleTableError` when there is no
    manifest (notebook 01 has not run) or its corpus hash differs from the hash of the files
    now in ``corpus_dir``, naming both corpora.
    """
    from analysis.tables import StaleTableError

    run = read_run(tables_dir)
    if not run or "corpus_hash" not in run:
        raise StaleTableError(
            f"{tables_dir} holds no run (no {MANIFEST} with a corpus hash): run 01-clean on "
            f"{corpus_dir} first")
    here = corpus_hash(corpus_inputs(corpus_dir))
    if run["corpus_hash"] != here:
        raise StaleTableError(
            f"the tables in {tables_dir} come from {describe_run(tables_dir)}, but this "
            f"notebook analyses corpus {corpus_dir} (inputs {here[:12]}): run 01-clean on it first, "
            "or point OUT at another folder")
    return run
