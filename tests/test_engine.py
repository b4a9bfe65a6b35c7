"""The engine: partitions of whole articles, and the same tables from worker processes as from
one process."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

from analysis.claims import build_ledger
from analysis.corpus import build_corpus
from analysis.engine import Engine, article_partitions, engine_from_env
from analysis.paths import SEEDS_DIR
from analysis.segment import tokens_from_paragraphs


def test_partitions_keep_order_and_whole_articles() -> None:
    ids = [f"a{i:04d}" for i in range(1000)]
    parts = article_partitions(ids, workers=2)
    assert [len(p) for p in parts] == [250, 250, 250, 250]  # at most 256, two per worker at least
    assert [a for p in parts for a in p] == ids
    assert article_partitions(ids[:199], workers=2) == [ids[:199]]  # small: in-process
    assert article_partitions(ids[:5], workers=2, min_articles=1) == [ids[:2], ids[2:4], ids[4:5]]
    assert article_partitions([], workers=2) == []


def test_engine_from_the_environment() -> None:
    e = engine_from_env({"WORKERS": "3"})
    assert e.describe() == {"engine": "local", "workers": 3, "scheduler": "",
                            "min_parallel_articles": 200}
    d = engine_from_env({"DASK_SCHEDULER": "tcp://10.0.0.5:8786"})
    assert (d.kind, d.scheduler) == ("dask", "tcp://10.0.0.5:8786")
    assert engine_from_env({"ENGINE": "local", "MIN_PARALLEL_ARTICLES": "1"}).min_articles == 1
    with pytest.raises(ValueError, match="ENGINE must be one of"):
        engine_from_env({"ENGINE": "spark"})


def test_worker_processes_write_the_same_tables() -> None:
    serial = build_corpus(SEEDS_DIR)
    with Engine(workers=2, min_articles=1) as engine:
        assert len(engine.partitions(sorted(serial.articles["article_id"]))) == 3
        parallel = build_corpus(SEEDS_DIR, runner=engine)
        for name in ("articles", "paragraphs", "cleaning_log", "problems"):
            assert_frame_equal(getattr(serial, name), getattr(parallel, name))
        paragraphs, articles = serial.paragraphs, serial.articles
        assert_frame_equal(tokens_from_paragraphs(paragraphs),
                           tokens_from_paragraphs(paragraphs, runner=engine))
        for one, many in zip(build_ledger(paragraphs, articles),
                             build_ledger(paragraphs, articles, runner=engine), strict=True):
            assert_frame_equal(one, many)
            assert len(one) > 100


def test_map_keeps_partition_order() -> None:
    with Engine(workers=2) as engine:
        assert engine.map(str.upper, ["b", "a", "c", "d"]) == ["B", "A", "C", "D"]


def test_paragraphs_not_grouped_by_article_are_segmented_in_process() -> None:
    paragraphs = build_corpus(SEEDS_DIR).paragraphs
    shuffled = paragraphs.sample(frac=1.0, random_state=1).reset_index(drop=True)
    with Engine(workers=2, min_articles=1) as engine:
        assert_frame_equal(tokens_from_paragraphs(shuffled),
                           tokens_from_paragraphs(shuffled, runner=engine))


def test_workers_write_the_ledger_as_partitioned_parquet(tmp_path) -> None:
    from analysis.runs import start_run
    from analysis.tables import read_table, write_table

    serial = build_corpus(SEEDS_DIR)
    paragraphs, articles = serial.paragraphs, serial.articles
    tables = tmp_path / "tables"
    start_run(tables, SEEDS_DIR)
    claims, coverage = build_ledger(paragraphs, articles)
    with Engine(workers=2, min_articles=1) as engine:
        got = build_ledger(paragraphs, articles, runner=engine, tables_dir=tables)
        tokens = tokens_from_paragraphs(paragraphs, runner=engine, tables_dir=tables)
    # staged by the workers, published with the CSV by write_table of the same rows
    assert not (tables / "tokens.parquet").exists()
    assert len([p for p in tables.iterdir() if p.name.startswith(".")]) == 3
    for name, frame, whole in (("numeric_claims", got[0], claims),
                               ("number_coverage", got[1], coverage)):
        write_table(frame, name, tables)
        assert (tables / f"{name}.parquet").is_dir()
        assert_frame_equal(read_table(name, tables), read_table(name, tables, source="csv"))
        assert len(read_table(name, tables)) == len(whole) > 100
    write_table(tokens, "tokens", tables)
    # one part per partition (5 articles, 2 workers: 2 + 2 + 1), written by the workers
    for name in ("numeric_claims", "number_coverage", "tokens"):
        parts = sorted(p.name for p in (tables / f"{name}.parquet").iterdir())
        assert parts == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert not [p for p in tables.iterdir() if p.name.startswith(".")]  # staging swapped in
    assert_frame_equal(read_table("tokens", tables), read_table("tokens", tables, source="csv"))
    # a later run of one process writes one file in place of the folder
    write_table(claims, "numeric_claims", tables)
    assert (tables / "numeric_claims.parquet").is_file()
    assert_frame_equal(read_table("numeric_claims", tables),
                       read_table("numeric_claims", tables, source="csv"))


def _fail_on_b(frame):  # a partition function that fails on one partition

    if "b" in set(frame["article_id"]):
        raise ValueError("partition b failed")
    return frame.assign(n=1)


def test_parts_of_a_failed_attempt_are_never_published(tmp_path) -> None:
    import pandas as pd

    from analysis.runs import start_run
    from analysis.tables import read_table, staging_dir, write_part, write_table

    tables = tmp_path / "tables"
    start_run(tables, SEEDS_DIR)
    run_id = read_run_id(tables)
    stale = pd.DataFrame({"article_id": ["zz"], "n": [9]})
    write_part(stale, "t", tables, 7, run_id=run_id)  # left by an earlier attempt
    frames = [pd.DataFrame({"article_id": [a]}) for a in ("a", "b", "c")]
    with Engine(workers=2, min_articles=1) as engine:
        with pytest.raises(ValueError, match="partition b failed"):
            engine.map(_fail_on_b, frames, tables_dir=tables, tables=("t",))
        assert not staging_dir(tables, "t", run_id).exists()
        assert not (tables / "t.parquet").exists()
        write_part(stale, "t", tables, 1, run_id=run_id)  # a late write of that attempt
        done = engine.map(_fail_on_b, frames[::2], tables_dir=tables, tables=("t",))
    write_table(pd.concat(done, ignore_index=True), "t", tables)
    assert (tables / "t.parquet").is_dir()
    assert read_table("t", tables)["article_id"].tolist() == ["a", "c"]  # no zz


def read_run_id(tables) -> str:
    from analysis.runs import read_run

    return read_run(tables)["run_id"]
