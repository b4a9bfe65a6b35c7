"""Where per-article work runs: worker processes on this machine, or a Dask cluster.

One interface for the notebooks and the bench: :func:`engine_from_env` reads

- ``ENGINE``: ``local`` (default: worker processes over all cores of this machine) or ``dask``
  (a ``distributed`` cluster: the one at ``DASK_SCHEDULER``, e.g. ``tcp://10.0.0.5:8786``, else a
  ``LocalCluster`` started for the run with one single-threaded worker process per core);
- ``WORKERS``: how many worker processes (default: the machine's cores; ``1`` runs in-process);
- ``MIN_PARALLEL_ARTICLES``: the smallest corpus cut into partitions (default
  :data:`MIN_PARALLEL_ARTICLES`; the tests set 1 to run the seeds on a cluster).

:meth:`Engine.map` applies a module-level function to each partition and returns the results in
partition order, so a table concatenated from them is the table one process makes.
:func:`article_partitions` cuts a corpus into partitions of whole articles: consecutive runs of
article ids, at least two per worker and at most :data:`PARTITION_ARTICLES` each. A corpus of
fewer than :data:`MIN_PARALLEL_ARTICLES` articles runs in-process: starting workers costs more
than they save there.

With a tables folder, :meth:`Engine.map` has the workers write the large per-article tables
(``tokens``, ``numeric_claims``, ``number_coverage``) as partitioned Parquet, one part per
partition (:mod:`analysis.tables`): the line is the same as for running in partitions at all
(:data:`MIN_PARALLEL_ARTICLES`). Below it, one process writes one Parquet file per table.

Each Dask worker needs this package installed (``pip install -e .`` of the same checkout) and,
for stages that read files, the corpus on a path every worker sees (a shared folder), and the
output folder (``OUT``) on a shared path too, since the workers write their parts of the large
tables there.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pandas is imported where frames are cut or joined (the bench's timer
    import pandas as pd  # starts before pandas is imported)

ENGINES = ("local", "dask")
PARTITION_ARTICLES = 256
"""Most articles in one partition."""
MIN_PARALLEL_ARTICLES = 200
"""Fewer articles than this run in-process, whatever the engine."""

T = TypeVar("T")
R = TypeVar("R")


def cpu_count() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass
class Engine:
    """Run a function over partitions: in-process, in local worker processes or on Dask.

    In: ``kind`` (``local`` or ``dask``), ``workers`` and, for Dask, ``scheduler`` (an address;
    empty starts a ``LocalCluster``). Use it as a context manager so that pools and clusters
    are shut down; :meth:`describe` is what the manifest records.
    """

    kind: str = "local"
    workers: int = field(default_factory=cpu_count)
    scheduler: str = ""
    min_articles: int = MIN_PARALLEL_ARTICLES
    initializer: Callable[..., None] | None = None  # run once in each local worker (the bench)
    initargs: tuple[Any, ...] = ()
    _pool: Any = field(default=None, repr=False)
    _client: Any = field(default=None, repr=False)
    _cluster: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ValueError(f"ENGINE must be one of {ENGINES}, got {self.kind!r}")
        self.workers = max(1, int(self.workers))

    def describe(self) -> dict[str, object]:
        """``engine``, ``workers``, ``scheduler`` (the address used, or ``""``) and
        ``min_parallel_articles`` (a smaller corpus runs in the notebook's own process)."""
        address = self.scheduler
        if self._client is not None:
            address = self._client.scheduler.address
        return {"engine": self.kind, "workers": self.workers, "scheduler": address,
                "min_parallel_articles": self.min_articles}

    def run_on_every_worker(self, func: Callable[..., Any], *args: Any) -> None:
        """Run ``func(*args)`` once in each Dask worker (a warm-up); nothing for ``local``."""
        if self.kind == "dask":
            self._dask_client().run(func, *args)

    def partitions(self, article_ids: Sequence[T]) -> list[list[T]]:
        """:func:`article_partitions` of ``article_ids`` for this engine's workers."""
        return article_partitions(article_ids, workers=self.workers,
                                  min_articles=self.min_articles)

    def map(self, func: Callable[[T], R], parts: Sequence[T], *,
            tables_dir: Path | None = None, tables: tuple[str, ...] = ()) -> list[R]:
        """``[func(p) for p in parts]``, computed by the engine; results in partition order.

        ``func`` must be importable by the workers (a module-level function). One partition,
        or a local engine with one worker, runs in this process. With ``tables_dir`` and
        ``tables`` (names, one per frame ``func`` returns; a tuple of frames or one frame) and
        more than one partition, each worker also writes its frames as partition ``i`` of
        ``tables_dir/<name>.parquet/`` into a staging folder (:func:`analysis.tables.write_part`);
        when all partitions are done they are registered, and
        :func:`analysis.tables.write_table` of the same rows publishes them.
        """
        if tables_dir is not None and tables and len(parts) > 1:
            from analysis.tables import current_run_id, discard_parts, register_staged

            run_id, attempt = current_run_id(tables_dir), uuid.uuid4().hex
            for name in tables:  # no part of an earlier, failed attempt joins these
                discard_parts(name, tables_dir)
            jobs = [(func, tables_dir, run_id, attempt, tables, i, p) for i, p in enumerate(parts)]
            try:
                done = self._map(_run_and_write_parts, jobs,  # type: ignore[arg-type]
                                 label=getattr(func, "__name__", "partition"))
            except BaseException:
                for name in tables:
                    discard_parts(name, tables_dir)
                raise
            for k, name in enumerate(tables):
                register_staged(name, tables_dir, run_id=run_id, attempt=attempt,
                                written=[d[1][k] for d in done], columns=done[0][2][k])
            return [d[0] for d in done]
        return self._map(func, parts, label=getattr(func, "__name__", "partition"))

    def _map(self, func: Callable[[T], R], parts: Sequence[T], *, label: str) -> list[R]:
        """:meth:`map` without the tables; ``label`` names the tasks on a Dask dashboard."""
        if len(parts) <= 1 or (self.kind == "local" and self.workers <= 1):
            return [func(p) for p in parts]
        if self.kind == "dask":
            import warnings

            client = self._dask_client()
            with warnings.catch_warnings():  # the partitions travel with the tasks, by design
                warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
                token = uuid.uuid4().hex
                futures = client.map(func, list(parts),
                                     key=[f"{label}-{token}-{i}" for i in range(len(parts))])
            return client.gather(futures)
        if self._pool is None:
            fork = "fork" in multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if fork else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=self.initializer,
                                             initargs=self.initargs)
            atexit.register(self.close)  # a notebook that stops early still shuts it
        return list(self._pool.map(func, parts))

    def _dask_client(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
            atexit.register(self.close)
        return self._client

    def close(self) -> None:
        """Shut the pool, client and cluster this engine started (an outside cluster stays)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run_and_write_parts(
        job: tuple[Callable[[Any], Any], Path, str, str, tuple[str, ...], int, Any]) -> Any:
    """One partition in a worker: ``func(part)``, its frames written as part ``i`` of their
    tables (see :meth:`Engine.map`). Out: what ``func`` returned, ``(rows, digest)`` and the
    columns of each frame."""
    from analysis.tables import write_part

    func, tables_dir, run_id, attempt, names, i, part = job
    result = func(part)
    frames = result if isinstance(result, tuple) else (result,)
    written = [write_part(frame, name, tables_dir, i, run_id=run_id, attempt=attempt)
               for name, frame in zip(names, frames, strict=True)]
    return result, written, [tuple(frame.columns) for frame in frames]


def engine_from_env(environ: dict[str, str] | None = None) -> Engine:
    """The engine that ``ENGINE``, ``WORKERS`` and ``DASK_SCHEDULER`` ask for (see the module
    doc); a ``DASK_SCHEDULER`` alone means ``ENGINE=dask``."""
    env = os.environ if environ is None else environ
    scheduler = env.get("DASK_SCHEDULER", "").strip()
    kind = env.get("ENGINE", "").strip().lower() or ("dask" if scheduler else "local")
    workers = env.get("WORKERS", "").strip()
    smallest = env.get("MIN_PARALLEL_ARTICLES", "").strip()
    return Engine(kind=kind, workers=int(workers) if workers else cpu_count(),
                  scheduler=scheduler,
                  min_articles=int(smallest) if smallest else MIN_PARALLEL_ARTICLES)


def article_partitions(article_ids: Sequence[T], *, workers: int,
                       max_articles: int = PARTITION_ARTICLES,
                       min_articles: int = MIN_PARALLEL_ARTICLES) -> list[list[T]]:
    """Consecutive runs of ``article_ids`` (in the given order): one run when there are fewer
    than ``min_articles`` or one worker, else at least two per worker and at most
    ``max_articles`` each."""
    ids = list(article_ids)
    if len(ids) < min_articles or workers <= 1:
        return [ids] if ids else []
    n = max(2 * workers, -(-len(ids) // max_articles))
    size = -(-len(ids) // n)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def split_by_article(frames: dict[str, pd.DataFrame], partitions: list[list[str]]
                     ) -> list[dict[str, pd.DataFrame]]:
    """Each frame of ``frames`` (all with ``article_id``) cut into the ``partitions``."""
    out: list[dict[str, pd.DataFrame]] = []
    for ids in partitions:
        keep = set(ids)
        out.append({name: df.loc[df["article_id"].astype(str).isin(keep)]
                    for name, df in frames.items()})
    return out


def concat_parts(parts: Sequence[pd.DataFrame], columns: Sequence[str] | None = None
                 ) -> pd.DataFrame:
    """The partitions' frames one under the other, with a fresh index (empty ones left out
    unless all are empty, so dtypes come from the partitions that have rows)."""
    import warnings

    import pandas as pd

    frames = [p for p in parts if len(p)] or list(parts[:1])
    if not frames:
        return pd.DataFrame(columns=list(columns or []))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty",
                                FutureWarning)
        return pd.concat(frames, ignore_index=True)
