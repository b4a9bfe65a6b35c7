"""Tables safe to open and never half-written: CSV injection, Parquet twins, atomic writes, runs."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.atomic import PARTIAL_MARK, remove_partials
from analysis.corpus import build_corpus, write_corpus_tables
from analysis.paths import SEEDS_DIR as SEEDS
from analysis.runs import check_run, read_run, start_run
from analysis.tables import StaleTableError, escape_cell, read_table, unescape_cell, write_table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ('=HYPERLINK("http://x","点击")', '\'=HYPERLINK("http://x","点击")'),
        ("+SUM(A1:A2)", "'+SUM(A1:A2)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("'已引用", "''已引用"),
        ("-6.8", "-6.8"),  # a number stays a number
        ("+3", "+3"),
        ("-5%", "-5%"),
        ("党员干部", "党员干部"),
    ],
)
def test_owasp_escape_round_trips(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped
    assert unescape_cell(escape_cell(cell)) == cell


def _hostile_corpus(folder: Path) -> None:
    lines = [
        '=HYPERLINK("http://evil.example","点击领取")',
        "社区党员志愿者坚守一线，连续奋战十天。",
        "+SUM(1,2)是一个公式，不应在表格里运行。",
        "@SUM(A1) 也是公式。-2+3+cmd|' /C calc'!A0 出现在正文中。",
        "控制字符\x07在这里，零宽\u200b空格和从右到左标记\u200f也在这里。",
        "长段落：" + "党员冲锋在前，群众紧随其后。" * 800,  # about 11 kB
    ]
    (folder / "hostile.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # UTF-16 with a lone surrogate: the file is undecodable, named in problems, the rest goes on
    (folder / "surrogate.txt").write_bytes("\ufeff正文".encode("utf-16-le")[:2]
                                           + "正文".encode("utf-16-le") + b"\x00\xd8"
                                           + "。".encode("utf-16-le"))
    (folder / "good.txt").write_text("防疫一线\n湖南省共有1.4万名党员参加志愿服务，连续奋战。\n",
                                     encoding="utf-8")


def test_hostile_lines_never_start_a_formula_and_round_trip(tmp_path: Path) -> None:
    corpus_dir, tables = tmp_path / "corpus", tmp_path / "tables"
    corpus_dir.mkdir()
    _hostile_corpus(corpus_dir)
    start_run(tables, corpus_dir)
    corpus = build_corpus(corpus_dir)
    assert set(corpus.problems["file"]) == {"surrogate.txt"}
    assert corpus.problems["problem"].iloc[0] in {"undecodable", "binary"}
    write_corpus_tables(corpus, tables)
    for name in ("articles", "paragraphs", "cleaning_log", "problems"):
        with (tables / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(FORMULA_START) or cell.lstrip("-+").replace(
                        ".", "", 1).isdigit(), (name, cell[:40])
        from_csv = read_table(name, tables, source="csv")
        from_parquet = read_table(name, tables, source="parquet")
        assert_frame_equal(from_csv, from_parquet)
    paragraphs = read_table("paragraphs", tables)
    # analysis sees the text as written: the escape is undone
    assert paragraphs["text"].str.startswith("=HYPERLINK").any()
    assert any(len(t) > 10_000 for t in paragraphs["text"])
    raw = (tables / "paragraphs.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw and "\n=HYPERLINK" not in raw


def test_numbers_stay_numbers_and_types_survive(tmp_path: Path) -> None:
    df = pd.DataFrame({"article_id": ["a", "b"], "count": [3, 12], "per_10k": [1.5, -0.25],
                       "value": ["-6.8", "=1+1"], "flag": [True, False]})
    write_table(df, "t", tmp_path)
    for source in ("csv", "parquet"):
        back = read_table("t", tmp_path, source=source)
        assert back["count"].tolist() == [3, 12] and back["count"].dtype == "int64"
        assert back["per_10k"].tolist() == [1.5, -0.25]
        assert back["value"].tolist() == ["-6.8", "=1+1"]
        assert back["flag"].tolist() == [True, False]
    # twice the same table gives the same bytes, CSV and Parquet alike
    first = [(tmp_path / f"t.{ext}").read_bytes() for ext in ("csv", "parquet")]
    write_table(df, "t", tmp_path)
    assert [(tmp_path / f"t.{ext}").read_bytes() for ext in ("csv", "parquet")] == first


def test_a_kill_between_write_and_rename_leaves_the_old_file(tmp_path: Path) -> None:
    old = pd.DataFrame({"term": ["旧"], "count": [1]})
    write_table(old, "terms", tmp_path)
    before = (tmp_path / "terms.csv").read_bytes()
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        import pandas as pd
        import analysis.atomic as atomic
        def die(src, dst):  # killed after the temporary file is written, before the rename
            os.kill(os.getpid(), signal.SIGKILL)
        atomic.os.replace = die
        from analysis.tables import write_table
        write_table(pd.DataFrame({{"term": ["新"] * 1000, "count": range(1000)}}), "terms",
                    Path({str(tmp_path)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9
    assert (tmp_path / "terms.csv").read_bytes() == before  # not torn: the old table, whole
    partials = [p for p in tmp_path.iterdir() if PARTIAL_MARK in p.name]
    assert len(partials) == 1 and partials[0].name.startswith(".terms")
    assert remove_partials(tmp_path) == partials
    assert not [p for p in tmp_path.iterdir() if PARTIAL_MARK in p.name]


def test_tables_of_another_corpus_stop_the_stage(tmp_path: Path) -> None:
    a, b, tables = tmp_path / "a", tmp_path / "b", tmp_path / "tables"
    a.mkdir()
    b.mkdir()
    (a / "x.txt").write_text("第一篇\n湖南省共有1.4万名党员参加志愿服务。\n", encoding="utf-8")
    (b / "y.txt").write_text("第二篇\n山西兴县组织党员下沉社区。\n", encoding="utf-8")
    start_run(tables, a)
    write_corpus_tables(build_corpus(a), tables)
    assert check_run(tables, a)["corpus_hash"]
    with pytest.raises(StaleTableError, match=r"come from corpus .*a.*this notebook analyses corpus .*b"):
        check_run(tables, b)
    # notebook 01 alone on corpus b: the old stage-2 table is refused, not mixed in
    write_table(pd.DataFrame({"term": ["党员"], "count": [1]}), "term_frequency", tables)
    start_run(tables, b)
    write_corpus_tables(build_corpus(b), tables)
    assert read_table("articles", tables)["article_id"].tolist() == ["y"]
    with pytest.raises(StaleTableError, match=r"term_frequency\.parquet comes from another run"):
        read_table("term_frequency", tables)
    with pytest.raises(StaleTableError, match="holds no run"):
        check_run(tmp_path / "empty", a)


def test_a_table_longer_than_a_sheet_is_parquet_only(tmp_path: Path) -> None:
    from analysis.segment import tokens_from_paragraphs
    from analysis.tables import CSV_MAX_ROWS

    assert CSV_MAX_ROWS == 1_048_575  # Excel's rows, less the header
    paragraphs = pd.DataFrame({"article_id": ["a", "a", "b"], "para_no": [1, 2, 1],
                               "text": ["党员干部冲在一线。", "=HYPERLINK(1)", "全县121家企业复工。"]})
    tokens = tokens_from_paragraphs(paragraphs)
    short, long = tmp_path / "short", tmp_path / "long"
    write_table(tokens, "tokens", short)
    (long / "tokens.csv").parent.mkdir()
    (long / "tokens.csv").write_text("an older run's table")
    path = write_table(tokens, "tokens", long, max_csv_rows=len(tokens) - 1)
    assert path.name == "tokens.parquet" and not (long / "tokens.csv").exists()
    # the Parquet-only table reads as the one parsed back from its CSV
    assert_frame_equal(read_table("tokens", long), read_table("tokens", short))
    assert_frame_equal(read_table("tokens", long), read_table("tokens", short, source="csv"))


def test_a_parquet_only_table_types_gaps_as_the_csv_does(tmp_path: Path) -> None:
    df = pd.DataFrame({"article_id": ["a", "b"], "para_no": pd.array([1, None], dtype="Int64")})
    write_table(df, "log", tmp_path / "csv")
    write_table(df, "log", tmp_path / "pq", max_csv_rows=0)
    assert_frame_equal(read_table("log", tmp_path / "pq"), read_table("log", tmp_path / "csv"))


def test_partitioned_parquet_reads_as_the_whole_table(tmp_path: Path) -> None:
    from analysis.tables import publish_parts, staging_dir, write_part

    tables = tmp_path / "tables"
    start_run(tables, SEEDS)
    run_id = read_run(tables)["run_id"]
    whole = pd.DataFrame({"article_id": ["a", "b", "c"], "para_no": [1, 2, 3],
                          "value_num": [1.5, None, 3.0], "token": ["党员", "", "=1"],
                          "start": pd.array([4, None, 6], dtype="Int64")})
    write_table(whole, "claims_like", tables)  # the one-file twin, for comparison
    expected = read_table("claims_like", tables)
    # part 0 has no gap in ``start`` (int), part 1 has one (float): read as the whole is
    assert write_part(whole.iloc[:1], "claims_like", tables, 0, run_id=run_id)[0] == 1
    assert write_part(whole.iloc[:0], "claims_like", tables, 1, run_id=run_id) == (0, 0)
    write_part(whole.iloc[1:], "claims_like", tables, 2, run_id=run_id)
    assert not (tables / "claims_like.parquet").is_dir()  # staged, not yet visible
    assert publish_parts("claims_like", tables, run_id=run_id) == tables / "claims_like.parquet"
    assert not staging_dir(tables, "claims_like", run_id).exists()
    assert_frame_equal(read_table("claims_like", tables), expected)


def test_a_part_of_another_run_is_refused_and_staging_left_by_a_crash_is_removed(
        tmp_path: Path) -> None:
    from analysis.tables import publish_parts, staging_dir, write_part

    tables = tmp_path / "tables"
    start_run(tables, SEEDS)
    run_id = read_run(tables)["run_id"]
    df = pd.DataFrame({"article_id": ["a"], "count": [1]})
    write_part(df, "tokens", tables, 0, run_id=run_id)
    write_part(df, "tokens", tables, 1, run_id="0123456789abcdef")  # another run's part
    publish_parts("tokens", tables, run_id=run_id)
    (tables / "tokens.parquet" / "part-00001.parquet").write_bytes(
        (staging_dir(tables, "tokens", "0123456789abcdef") / "part-00001.parquet").read_bytes())
    with pytest.raises(StaleTableError, match=r"part-00001\.parquet comes from another run"):
        read_table("tokens", tables)
    # an interrupted run's staging folder is hidden and goes before the next run writes
    assert staging_dir(tables, "tokens", "0123456789abcdef").is_dir()
    removed = remove_partials(tables)
    assert [p.name for p in removed] == [".tokens.partial-0123456789abcdef.parquet"]
    assert (tables / "tokens.parquet").is_dir()  # the published table stays


def test_a_part_whose_column_is_all_empty_reads_as_the_whole_table(tmp_path: Path) -> None:
    from analysis.tables import publish_parts, write_part

    tables = tmp_path / "tables"
    start_run(tables, SEEDS)
    run_id = read_run(tables)["run_id"]
    # a partition with only dates has no value_num; one with no claims no kind
    whole = pd.DataFrame({"article_id": ["a", "b", "c"],
                          "value_num": [None, 2.0, 3.5], "kind": [None, "count", "money"]})
    write_table(whole, "mixed", tables)
    expected = read_table("mixed", tables, source="csv")
    for i, rows in enumerate((slice(0, 1), slice(1, 3))):
        write_part(whole.iloc[rows], "mixed", tables, i, run_id=run_id)
    publish_parts("mixed", tables, run_id=run_id)
    assert (tables / "mixed.parquet").is_dir()
    assert_frame_equal(read_table("mixed", tables), expected)


def _staged_two_rows(tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """A run folder in which two workers have staged one row each of table ``t``."""
    from analysis.tables import register_staged, write_part

    tables = tmp_path / "tables"
    start_run(tables, SEEDS)
    run_id = read_run(tables)["run_id"]
    df = pd.DataFrame({"article_id": ["a", "b"], "place": ["长沙市", "株洲市"]})
    written = [write_part(df.iloc[:1], "t", tables, 0, run_id=run_id),
               write_part(df.iloc[1:], "t", tables, 1, run_id=run_id)]
    register_staged("t", tables, run_id=run_id, attempt=run_id, written=written,
                    columns=tuple(df.columns))
    return tables, df


def test_only_the_very_rows_the_workers_staged_are_published(tmp_path: Path) -> None:
    tables, df = _staged_two_rows(tmp_path)
    # a user reruns the step in-process after a code change: same rows, other places
    changed = df.assign(place=["湖南省", "株洲市"])
    write_table(changed, "t", tables)
    assert (tables / "t.parquet").is_file()  # written again, as one file
    assert read_table("t", tables)["place"].tolist() == ["湖南省", "株洲市"]
    assert not [p for p in tables.iterdir() if p.name.startswith(".")]


def test_staged_parts_appear_with_the_csv(tmp_path: Path) -> None:
    tables, df = _staged_two_rows(tmp_path)
    assert not (tables / "t.parquet").exists()  # nothing visible before write_table
    write_table(df, "t", tables)
    assert sorted(p.name for p in (tables / "t.parquet").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet"]
    assert read_table("t", tables)["place"].tolist() == ["长沙市", "株洲市"]
    assert_frame_equal(read_table("t", tables), read_table("t", tables, source="csv"))
