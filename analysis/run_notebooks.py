"""Execute every notebook of ``notebooks/`` headless and in order (``make run``).

Usage::

    python -m analysis.run_notebooks [--corpus FOLDER] [--out FOLDER] [--outlet NAME]
                                     [--filename-pattern REGEX]

Each ``notebooks/NN-*.ipynb`` runs through papermill with the parameters ``CORPUS`` and ``OUT``
(and ``OUTLET``, ``FILENAME_PATTERN`` and ``PERIOD``, read from the environment, where its
``parameters`` cell declares them) injected
after its ``parameters`` cell; the sources in ``notebooks/`` are never modified. The
executed copies go to ``OUT/build/notebooks/`` (``build/notebooks/`` for the repository's own
run), the tables to ``OUT/tables/`` and the figures to ``OUT/figures/``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from analysis.manifest import write_manifest
from analysis.paths import BUILD_DIR, NOTEBOOKS_DIR, PROJ_ROOT, resolve_run_dirs


def notebook_paths(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The stage notebooks (``NN-*.ipynb``), in name order."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))


def run_all(corpus: str | None, out: str | None, *, only: list[str] | None = None,
            outlet: str | None = None, filename_pattern: str | None = None) -> list[Path]:
    """Execute the notebooks; return the executed copies' paths.

    In: the corpus folder and output root (None: ``seeds/`` and the repository), optionally
    name fragments selecting notebooks, and the corpus options ``OUTLET`` and
    ``FILENAME_PATTERN`` (None: the environment variables of those names, else empty). Raises papermill's execution error, with the failing
    cell's traceback, when a notebook fails.
    """
    import papermill

    from analysis.corpus import CorpusOptions
    from analysis.engine import engine_from_env

    options = CorpusOptions.from_values(outlet, filename_pattern)
    dirs = resolve_run_dirs(corpus, out)
    from analysis.trends import resolve_period

    values = {"CORPUS": str(dirs.corpus), "OUT": str(dirs.out), "OUTLET": options.outlet,
              "FILENAME_PATTERN": options.filename_pattern, "PERIOD": resolve_period()}
    executed_dir = BUILD_DIR / "notebooks" if dirs.out == PROJ_ROOT else dirs.out / "build" / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    written = []
    timings: dict[str, float] = {}
    os.environ.setdefault("MPLBACKEND", "Agg")
    for nb in notebook_paths():
        if only and not any(o in nb.name for o in only):
            continue
        target = executed_dir / nb.name
        start = time.perf_counter()
        print(f"[run] {nb.name}  corpus={dirs.corpus}  out={dirs.out}", flush=True)
        declared = papermill.inspect_notebook(str(nb))
        papermill.execute_notebook(
            str(nb),
            str(target),
            parameters={k: v for k, v in values.items() if k in declared},
            cwd=str(NOTEBOOKS_DIR),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
        )
        timings[nb.stem] = time.perf_counter() - start
        print(f"[run] {nb.name} done in {timings[nb.stem]:.1f} s -> {target}", flush=True)
        written.append(target)
    if not only:
        written_manifest = write_manifest(
            dirs.tables, dirs.corpus, stage_seconds=timings,
            options=options.as_manifest(), engine=engine_from_env().describe())
        print(f"[run] manifest -> {written_manifest}")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=None, help="folder of article files (default: seeds/)")
    parser.add_argument("--out", default=None, help="output root for tables/ and figures/")
    parser.add_argument("--only", nargs="*", help="run only notebooks whose name contains these")
    parser.add_argument("--outlet", default=None,
                        help="the corpus's own outlet: what 本报 and uncredited items stand for")
    parser.add_argument("--filename-pattern", default=None,
                        help="regex with named groups read from each file name, e.g. "
                             "'(?P<date>\\d{8})-(?P<page>\\d+)-(?P<item>\\d+)'")
    args = parser.parse_args(argv)
    try:
        run_all(args.corpus or None, args.out or None, only=args.only,
                outlet=args.outlet or None, filename_pattern=args.filename_pattern or None)
    except Exception as exc:  # papermill wraps the notebook's own error
        print(f"[run] FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
