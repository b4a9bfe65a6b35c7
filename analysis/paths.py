"""Every path the project uses, resolved from the package, never from the working directory.

Notebooks run from JupyterLab (cwd = notebooks/), nbconvert (cwd = the notebook's folder),
papermill and pytest (cwd = the caller's): all of them get the same folders from here.

``CORPUS`` and ``OUT`` may be set as notebook parameters or as environment variables
(``CORPUS=... OUT=... make run``); :func:`resolve_run_dirs` applies that precedence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJ_ROOT: Path = Path(__file__).resolve().parents[1]
SEEDS_DIR: Path = PROJ_ROOT / "seeds"
TABLES_DIR: Path = PROJ_ROOT / "tables"
FIGURES_DIR: Path = PROJ_ROOT / "figures"
NOTEBOOKS_DIR: Path = PROJ_ROOT / "notebooks"
BUILD_DIR: Path = PROJ_ROOT / "build"
DATA_DIR: Path = Path(__file__).resolve().parent / "data"

RANDOM_STATE: int = 0
"""The one seed passed to everything stochastic (word-cloud layout, network layout, sampling)."""


@dataclass(frozen=True)
class RunDirs:
    """Where one run reads its articles and writes its outputs."""

    corpus: Path
    out: Path

    @property
    def tables(self) -> Path:
        """Folder of the run's CSV tables (``OUT/tables``)."""
        return self.out / "tables"

    @property
    def figures(self) -> Path:
        """Folder of the run's figures (``OUT/figures``)."""
        return self.out / "figures"

    @property
    def corpus_name(self) -> str:
        """Short name of the corpus folder, used in figure source notes."""
        return self.corpus.name


def _as_path(value: str | os.PathLike[str] | None, env_name: str) -> Path | None:
    if value not in (None, ""):
        return Path(value).expanduser().resolve()  # type: ignore[arg-type]
    env = os.environ.get(env_name, "")
    if env:
        return Path(env).expanduser().resolve()
    return None


def resolve_run_dirs(
    corpus: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> RunDirs:
    """Return the corpus folder and output root of a run.

    In: ``corpus`` and ``out`` as given to a notebook's ``parameters`` cell (``None`` or ``""``
    means "not given"). Falls back to the environment variables ``CORPUS`` and ``OUT``, then to
    the repository's ``seeds/`` and the repository root (so ``tables/`` and ``figures/`` of the
    repository are written). Out: a :class:`RunDirs` with absolute paths; the output folders are
    created, and temporary files an interrupted run left in them removed.
    """
    corpus_dir = _as_path(corpus, "CORPUS") or SEEDS_DIR
    out_dir = _as_path(out, "OUT") or PROJ_ROOT
    dirs = RunDirs(corpus=corpus_dir, out=out_dir)
    dirs.tables.mkdir(parents=True, exist_ok=True)
    dirs.figures.mkdir(parents=True, exist_ok=True)
    from analysis.atomic import remove_partials

    for folder in (dirs.tables, dirs.figures):  # what an interrupted run left half-written
        remove_partials(folder)
    return dirs
