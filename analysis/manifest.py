"""The run manifest: what produced a set of outputs, written beside them as ``manifest.json``.

It records package versions, a SHA-256 of every input file of the corpus and of every data file
the analysis reads (user dictionary, stop words, framing lexicon, place lists …), the random
seed, and stage timings, so that a reader can tell whether two result folders are comparable.
It holds no date, so two runs of the same inputs give the same manifest apart from timings.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from pathlib import Path

from analysis import atomic
from analysis.load import list_article_files
from analysis.paths import DATA_DIR, PROJ_ROOT, RANDOM_STATE

PACKAGES = (
    "pandas", "numpy", "matplotlib", "jieba", "rjieba", "wordcloud", "opencc",
    "charset-normalizer", "stopwordsiso", "pylopdf-fonts-zh-cn", "networkx", "papermill",
    "covid-party-news",
)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Installed version of each named distribution (``"not installed"`` when absent)."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def corpus_inputs(corpus_dir: Path) -> dict[str, str]:
    """``{path relative to the corpus folder: sha256}`` of its article files and
    ``metadata.csv``."""
    inputs = {p.relative_to(corpus_dir).as_posix(): sha256_file(p)
              for p in list_article_files(corpus_dir)}
    meta = corpus_dir / "metadata.csv"
    if meta.is_file():
        inputs[meta.name] = sha256_file(meta)
    return inputs


def corpus_hash(inputs: dict[str, str]) -> str:
    """One SHA-256 over a corpus's :func:`corpus_inputs` (names and contents, in name order)."""
    lines = "".join(f"{name}\t{digest}\n" for name, digest in sorted(inputs.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _shown_path(folder: Path) -> str:
    """``folder`` relative to the repository when inside it (so a clone elsewhere writes the
    same manifest), else absolute."""
    try:
        return folder.resolve().relative_to(PROJ_ROOT).as_posix()
    except ValueError:
        return str(folder.resolve())


def build_manifest(corpus_dir: Path, *, stage_seconds: dict[str, float] | None = None,
                   options: dict[str, str] | None = None,
                   engine: dict[str, object] | None = None) -> dict:
    """The manifest as a dict.

    In: the corpus folder, optional ``{stage: seconds}`` and the run's corpus options
    (``OUTLET``, ``FILENAME_PATTERN``). Out: ``run_id`` (a digest of the corpus, the options, the
    data files and the package version: equal inputs give equal ids), ``corpus_hash``,
    ``corpus_path``, ``options``, ``packages``,
    ``inputs`` (``{file name: sha256}`` of the corpus's article files and ``metadata.csv``),
    ``data_files`` (``{path relative to analysis/data: sha256}``), ``random_state`` and
    ``stage_seconds``; with ``engine`` (:meth:`analysis.engine.Engine.describe`) also
    ``engine``, ``workers`` and ``scheduler`` — how it ran, never part of the run id (every
    engine writes the same tables: the same CSV bytes, the same Parquet rows).
    """
    inputs = corpus_inputs(corpus_dir)
    data_files = {
        str(p.relative_to(DATA_DIR)): sha256_file(p) for p in sorted(DATA_DIR.rglob("*")) if p.is_file()
    }
    packages = package_versions()
    chash = corpus_hash(inputs)
    options = dict(sorted((options or {}).items()))
    identity = json.dumps({"corpus": chash, "options": options, "data": data_files,
                           "version": packages.get("covid-party-news", "")}, sort_keys=True)
    return {
        "run_id": hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16],
        "corpus_hash": chash,
        "corpus_path": _shown_path(corpus_dir),
        "corpus": corpus_dir.name,
        "options": options,
        "packages": packages,
        "inputs": inputs,
        "data_files": data_files,
        "random_state": RANDOM_STATE,
        "stage_seconds": {k: round(v, 3) for k, v in (stage_seconds or {}).items()},
        **(engine or {}),
    }


def write_manifest(out_dir: Path, corpus_dir: Path, *, stage_seconds: dict[str, float] | None = None,
                   options: dict[str, str] | None = None,
                   engine: dict[str, object] | None = None) -> Path:
    """Write ``out_dir/manifest.json`` (sorted keys, UTF-8) and return its path."""
    path = out_dir / "manifest.json"
    manifest = build_manifest(corpus_dir, stage_seconds=stage_seconds, options=options,
                              engine=engine)
    atomic.write_text(path, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    return path
