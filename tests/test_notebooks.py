"""Every notebook runs headless, top to bottom, on the seeds and on another corpus folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from analysis.paths import PROJ_ROOT, SEEDS_DIR
from analysis.run_notebooks import notebook_paths, run_all
from analysis.tables import read_table
from tests.conftest import seed_id

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output root of one headless run of every notebook over ``seeds/``."""
    out = tmp_path_factory.mktemp("out")
    run_all(str(SEEDS_DIR), str(out))
    return out


def test_notebooks_are_committed_without_outputs() -> None:
    import nbformat

    paths = notebook_paths()
    assert [p.name[:2] for p in paths][:1] == ["01"]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
                assert "\ndef " not in "\n" + cell.source and "\nclass " not in "\n" + cell.source


def test_seed_run_writes_the_clean_tables(seed_run: Path) -> None:
    articles = read_table("articles", seed_run / "tables").set_index("article_id")
    assert len(articles) == 5
    assert articles.loc[seed_id("001"), "published"] == "2021-08-09T23:01:25"
    assert articles.loc[seed_id("003"), "script"] == "traditional"
    paragraphs = read_table("paragraphs", seed_run / "tables")
    assert len(paragraphs) == articles["n_paragraphs"].sum() == 151
    assert (seed_run / "build" / "notebooks" / "01-clean.ipynb").is_file()
    raw = (seed_run / "tables" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel shows the Chinese


def test_every_table_has_an_equal_parquet_twin_and_no_formula_cell(seed_run: Path) -> None:
    import csv

    from pandas.testing import assert_frame_equal

    names = sorted(p.stem for p in (seed_run / "tables").glob("*.csv"))
    assert {"articles", "tokens", "numeric_claims", "term_trends", "lexicon_trends"} <= set(names)
    for name in names:
        twin = seed_run / "tables" / f"{name}.parquet"
        assert twin.is_file(), name
        assert_frame_equal(read_table(name, seed_run / "tables", source="csv"),
                           read_table(name, seed_run / "tables", source="parquet"))
        with (seed_run / "tables" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell[1:].replace(
                        ".", "", 1).isdigit(), (name, cell)
                    assert not cell.startswith("-") or cell[1:2].isdigit(), (name, cell)


def test_other_corpus_goes_to_its_own_out_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "my corpus"
    corpus.mkdir()
    for prefix in ("002", "003"):
        shutil.copy(SEEDS_DIR / f"{seed_id(prefix)}.txt", corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    # a print-archive item in a dated folder: header lines, indented body, 本报 dateline
    (corpus / "2020-02-28").mkdir()
    (corpus / "2020-02-28" / "16-03.txt").write_text(
        "联合国机构——\r\n过度的旅行限制措施将带来不利影响\r\n\r\n"
        "\u3000\u3000本报马德里2月27日电  （记者姜波）联合国世界旅游组织和世界卫生组织发表联合声明，"
        "强调合作是关键，共有2个组织参加。\r\n", encoding="utf-8")
    repo_articles = (PROJ_ROOT / "tables" / "articles.csv")
    before = repo_articles.read_bytes() if repo_articles.exists() else None
    out = tmp_path / "out"
    run_all(str(corpus), str(out), outlet="人民日报")
    articles = read_table("articles", out / "tables")
    assert sorted(articles["article_id"].str[:3]) == ["002", "003", "202"]
    pd_row = articles.set_index("article_id").loc["2020-02-28/16-03"]
    assert (pd_row["title"], pd_row["kicker"], pd_row["outlet"], pd_row["authors"]) == (
        "过度的旅行限制措施将带来不利影响", "联合国机构", "人民日报", "姜波")
    assert (pd_row["published"], pd_row["published_source"]) == ("2020-02-28", "filename")
    manifest = json.loads((out / "tables" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["OUTLET"] == "人民日报"
    problems = read_table("problems", out / "tables")
    assert problems[["file", "problem"]].values.tolist() == [["broken.txt", "binary"]]
    after = repo_articles.read_bytes() if repo_articles.exists() else None
    assert before == after


@pytest.fixture(scope="module")
def dask_cluster():
    """A scheduler and two single-threaded workers started from the venv's ``dask`` command on
    localhost, as a user starts them on several machines; yields the scheduler's address."""
    import socket
    import subprocess
    import sys
    import time

    from distributed import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).with_name("dask"))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], **quiet)]
    time.sleep(1.0)
    procs += [subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                "--no-dashboard"], **quiet) for _ in range(2)]
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=90)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


def test_dask_cluster_writes_the_same_tables(seed_run: Path, dask_cluster: str,
                                             tmp_path: Path, monkeypatch) -> None:
    from distributed import Client

    monkeypatch.setenv("ENGINE", "dask")
    monkeypatch.setenv("DASK_SCHEDULER", dask_cluster)
    monkeypatch.setenv("MIN_PARALLEL_ARTICLES", "1")  # cut even the five seeds into partitions
    run_all(str(SEEDS_DIR), str(tmp_path), only=["01", "02", "03"])
    with Client(dask_cluster) as client:
        keys = client.run_on_scheduler(
            lambda dask_scheduler: [str(t[0]) for t in dask_scheduler.transition_log])
    ran = {k.split("-")[0].strip("('") for k in keys}
    assert {"_read_and_clean_files", "_tokens_partition", "_ledger_partition"} <= ran
    written = sorted(p.name for p in (tmp_path / "tables").glob("*.csv"))
    assert {"articles.csv", "tokens.csv", "numeric_claims.csv", "number_coverage.csv"} <= set(
        written)
    for name in written:  # byte for byte what the local engine wrote
        assert (tmp_path / "tables" / name).read_bytes() == (
            seed_run / "tables" / name).read_bytes(), name
    for name in ("tokens", "numeric_claims", "number_coverage"):  # parts written by the workers
        parts = sorted(p.name for p in (tmp_path / "tables" / f"{name}.parquet").iterdir())
        assert parts == [f"part-0000{i}.parquet" for i in range(3)], name
        assert_frame_equal(read_table(name, tmp_path / "tables"), read_table(name, seed_run / "tables"))
    shown = json.loads((tmp_path / "build" / "notebooks" / "01-clean.ipynb").read_text("utf-8"))
    printed = "".join("".join(o.get("text", "")) for c in shown["cells"] if c["cell_type"] == "code"
                      for o in c.get("outputs", []))
    assert "'engine': 'dask', 'workers':" in printed and dask_cluster in printed
