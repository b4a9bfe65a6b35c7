"""One call from a corpus folder to the four tables of the cleaning stage.

``build_corpus(folder)`` reads every article file (:mod:`analysis.load`), cleans it
(:mod:`analysis.clean`), reads its metadata (:mod:`analysis.metadata`), drops exact duplicates
and articles with no body, and returns :class:`Corpus` with ``articles``, ``paragraphs``,
``cleaning_log`` and ``problems``. Problems never stop the run; a folder that yields no article
at all raises :class:`~analysis.load.CorpusError` naming the folder.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import clean, filenames, load
from analysis import metadata as md
from analysis.engine import Engine

NOT_COUNTED_GENRES = ("advert", "listing")
"""Genres of items that are no articles: listed in ``problems`` (problem = the genre), their
lines logged, their text never counted. ``photo`` items (captions) are kept as articles."""


@dataclass(frozen=True)
class Corpus:
    """The cleaning stage's tables (see the README for their columns)."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    cleaning_log: pd.DataFrame
    problems: pd.DataFrame


def content_hash(text: str) -> str:
    """SHA-1 of a text with all white space removed: equal for the same article text."""
    return hashlib.sha1("".join(text.split()).encode("utf-8")).hexdigest()


def has_body(article: clean.CleanedArticle) -> bool:
    """True when the article has text besides its headline block (body, quote or caption)."""
    return any(p["role"] in ("body", "quote", "caption") for p in article.paragraphs)


def clean_documents(
    items: Iterable[load.RawDocument | load.DecodeProblem],
) -> tuple[list[clean.CleanedArticle], list[load.DecodeProblem], list[dict[str, object]]]:
    """Clean a stream of decoded documents.

    In: what :func:`analysis.load.iter_corpus` yields. Out: the kept articles, the problems
    (undecodable input, no body, duplicates), and the log rows of articles that were dropped
    (so that nothing read is lost from the cleaning log).
    """
    return sort_out(read_and_cleaned(items))


def read_and_cleaned(items: Iterable[load.RawDocument | load.DecodeProblem]
                     ) -> list[tuple[load.RawDocument | load.DecodeProblem,
                                     clean.CleanedArticle | None]]:
    """Each decoded document with its cleaned article (``None`` for a problem): the
    per-article part of :func:`clean_documents`, which a worker can run on its files."""
    return [(item, None if isinstance(item, load.DecodeProblem) else clean.clean_document(item))
            for item in items]


def _read_and_clean_files(job: tuple[list[Path], Path]
                          ) -> list[tuple[load.RawDocument | load.DecodeProblem,
                                          clean.CleanedArticle | None]]:
    """Read and clean one partition of files (what a worker runs)."""
    paths, root = job
    return read_and_cleaned(load.read_article_file(p, root) for p in paths)


def sort_out(pairs: Iterable[tuple[load.RawDocument | load.DecodeProblem,
                                   clean.CleanedArticle | None]],
             ) -> tuple[list[clean.CleanedArticle], list[load.DecodeProblem],
                        list[dict[str, object]]]:
    """The corpus-level part of :func:`clean_documents`, in corpus order: problems, items that
    are no article, duplicates (the later copy is the one skipped)."""
    kept: list[clean.CleanedArticle] = []
    problems: list[load.DecodeProblem] = []
    dropped_log: list[dict[str, object]] = []
    seen: dict[str, str] = {}
    for item, article in pairs:
        if isinstance(item, load.DecodeProblem) or article is None:
            problems.append(item)  # type: ignore[arg-type]
            continue
        body = has_body(article)
        genre = article.evidence.genre
        if genre in NOT_COUNTED_GENRES or (not body and genre != "photo"):
            reasons = sorted({str(r["reason"]) for r in article.log if r["action"] == "removed"})
            title = article.evidence.title
            if genre in NOT_COUNTED_GENRES:
                problem = genre
                detail = f"headline {title}: not an article, its text is not counted"
            elif title:
                problem, detail = "no article body", f"headline only: {title}"
            else:
                problem = "no article body"
                detail = (f"{len(article.log)} lines, all page clutter ({', '.join(reasons)})"
                          if reasons else "no paragraph of article text")
            if problem == "no article body" and reasons == ["advert"]:  # the one line 广告
                problem = "advert"
            problems.append(load.DecodeProblem(item.file, problem, detail))
            dropped_log.extend(article.log)
            dropped_log.extend(_kept_lines_as_log(article, problem))
            continue
        digest = content_hash(article.content_text)
        if not body:  # a photo item with a headline only: two such items are not one
            kept.append(article)
            continue
        if digest in seen:
            problems.append(
                load.DecodeProblem(item.file, "duplicate", f"same text as {seen[digest]}; skipped")
            )
            continue
        seen[digest] = item.file
        kept.append(article)
    return kept, problems, dropped_log


def _kept_lines_as_log(article: clean.CleanedArticle, problem: str) -> list[dict[str, object]]:
    """The content lines of a dropped item as ``removed`` log rows (reason = the problem), so
    that every raw line read stays accounted for."""
    rows: list[dict[str, object]] = []
    seen: set[int] = set()
    for p in article.paragraphs:
        line_no = int(p["line_no"])  # type: ignore[call-overload]
        if line_no in seen:
            continue
        seen.add(line_no)
        rows.append({
            "article_id": article.article_id, "line_no": line_no, "para_no": None,
            "action": "removed", "reason": problem, "raw_text": p["raw_text"],
            "detail": f"{p['role']} of an item left out ({problem})",
        })
    return rows


@dataclass(frozen=True)
class CorpusOptions:
    """What the user says about a corpus: its own outlet (``OUTLET``: what ``本报`` and uncredited
    items stand for) and a ``FILENAME_PATTERN`` (see :mod:`analysis.filenames`)."""

    outlet: str = ""
    filename_pattern: str = ""

    @classmethod
    def from_values(cls, outlet: str | None = None, filename_pattern: str | None = None
                    ) -> CorpusOptions:
        """Options from notebook parameters, falling back to the environment variables
        ``OUTLET`` and ``FILENAME_PATTERN``; the pattern is checked here (a bad one raises
        :class:`analysis.filenames.FilenamePatternError` before any file is read)."""
        import os

        outlet = (outlet or os.environ.get("OUTLET", "")).strip()
        pattern = filename_pattern or os.environ.get("FILENAME_PATTERN", "")
        filenames.compile_pattern(pattern)
        return cls(outlet=outlet, filename_pattern=pattern)

    def as_manifest(self) -> dict[str, str]:
        """The options as the run manifest records them (part of the run id)."""
        return {"OUTLET": self.outlet, "FILENAME_PATTERN": self.filename_pattern}


def articles_frame(
    kept: list[clean.CleanedArticle],
    files: dict[str, str],
    *,
    options: CorpusOptions | None = None,
) -> pd.DataFrame:
    """One ``articles`` row per kept article (columns :data:`analysis.metadata.ARTICLE_COLUMNS`,
    then any other field the ``FILENAME_PATTERN`` of ``options`` names)."""
    options = options or CorpusOptions()
    pattern = filenames.compile_pattern(options.filename_pattern)
    rows = []
    for art in kept:
        file = files.get(art.article_id, "")
        fields = md.article_fields(
            art.evidence, art.content_text,
            file_fields=filenames.filename_fields(file or art.article_id, pattern),
            corpus_outlet=options.outlet,
        )
        rows.append({
            "article_id": art.article_id,
            **fields,
            "script": art.script,
            "encoding": art.encoding,
            "n_paragraphs": len(art.paragraphs),
            "n_chars": sum(len(str(p["text"])) for p in art.paragraphs),
            "file": file,
        })
    extra = sorted({k for r in rows for k in r} - set(md.ARTICLE_COLUMNS))
    frame = pd.DataFrame(rows, columns=md.ARTICLE_COLUMNS + extra)
    if extra:
        frame[extra] = frame[extra].fillna("")
    return frame


def build_corpus(
    folder: str | Path, *, progress: bool = False, options: CorpusOptions | None = None,
    runner: Engine | None = None,
) -> Corpus:
    """Read, clean and describe every article of ``folder``.

    In: a folder of article text files (any of the encodings :mod:`analysis.load` handles; an
    optional ``metadata.csv``; sub-folders are read too); ``progress`` shows a tqdm bar over the
    files; ``options`` the corpus's own outlet and file-name pattern. Out: a :class:`Corpus`.
    Raises :class:`~analysis.load.CorpusError` when the folder is missing or no article
    survives. With a ``runner`` (:class:`analysis.engine.Engine`) the files are read and
    cleaned in partitions by its workers (which must see ``folder``); the tables are the same.
    """
    folder = Path(folder)
    paths = load.list_article_files(folder)
    parts = runner.partitions(paths) if runner is not None else []
    if runner is not None and len(parts) > 1:
        pairs = [pair for chunk in runner.map(_read_and_clean_files,
                                              [(part, folder) for part in parts])
                 for pair in chunk]
    else:
        items = (load.read_article_file(p, folder) for p in paths)
        if progress:
            from tqdm import tqdm

            items = tqdm(items, total=len(paths), desc="read and clean", unit="file")
        pairs = read_and_cleaned(items)
    files = {d.article_id: d.file for d, _ in pairs if isinstance(d, load.RawDocument)}
    kept, problems, dropped_log = sort_out(pairs)
    if not kept:
        listed = "; ".join(f"{p.file}: {p.problem}" for p in problems) or "no article files"
        raise load.CorpusError(f"no article could be analysed in {folder} ({listed})")
    articles = md.apply_metadata_file(articles_frame(kept, files, options=options),
                                      load.read_metadata(folder))
    paragraphs = clean.paragraphs_frame([p for a in kept for p in a.paragraphs])
    log_rows = [r for a in kept for r in a.log] + dropped_log
    cleaning_log = clean.cleaning_log_frame(log_rows).sort_values(
        ["article_id", "line_no", "action"], kind="stable"
    ).reset_index(drop=True)
    return Corpus(
        articles=articles,
        paragraphs=paragraphs,
        cleaning_log=cleaning_log,
        problems=load.problems_frame(problems),
    )


def _count_table(df: pd.DataFrame, rows: str, columns: str) -> pd.DataFrame:
    """Rows of ``df`` counted by ``rows`` × ``columns`` values (both sorted), as
    ``pd.crosstab`` gives it but in one vectorized group-by (crosstab counts group by group)."""
    if df.empty:
        return pd.crosstab(df[rows], df[columns])
    return df.groupby([rows, columns]).size().unstack(fill_value=0)


def removal_summary(cleaning_log: pd.DataFrame) -> pd.DataFrame:
    """Lines removed per reason and article.

    In: the ``cleaning_log`` table. Out: one row per removal ``reason`` with a column per
    article (count of lines) and ``total``, sorted by ``total`` then reason.
    """
    removed = cleaning_log[cleaning_log["action"] == "removed"]
    table = _count_table(removed, "reason", "article_id")
    table["total"] = table.sum(axis=1)
    table = table.reset_index().sort_values(["total", "reason"], ascending=[False, True])
    return table.reset_index(drop=True)


def quality_summary(articles: pd.DataFrame, cleaning_log: pd.DataFrame) -> pd.DataFrame:
    """Data-quality findings per article.

    In: ``articles`` and ``cleaning_log``. Out: ``article_id``, ``encoding``, ``script``,
    ``lines_removed``, ``pinyin_annotations`` (converter pinyin removed), ``mojibake_spans``
    (flagged, not guessed), ``chars_converted`` (OpenCC t2s) and ``paragraphs_split``.
    """
    log = cleaning_log.copy()
    log["n"] = log["detail"].astype(str).str.extract(r"(\d+) (?:annotations|characters)", expand=False).fillna("0").astype(int)

    def per_article(mask: pd.Series, how: str) -> pd.Series:
        sub = log[mask]
        if how == "rows":
            return sub.groupby("article_id").size()
        if how == "spans":
            return sub.groupby("article_id")["detail"].apply(
                lambda d: sum(len(x.split("：", 1)[-1].split("、")) for x in d)
            )
        return sub.groupby("article_id")["n"].sum()

    out = articles[["article_id", "encoding", "script"]].copy().set_index("article_id")
    out["lines_removed"] = per_article(log["action"] == "removed", "rows")
    out["pinyin_annotations"] = per_article(log["reason"] == "converter pinyin removed", "n")
    out["mojibake_spans"] = per_article(log["reason"] == "mojibake flagged", "spans")
    out["chars_converted"] = per_article(log["reason"] == "converted to Simplified", "n")
    out["paragraphs_split"] = per_article(log["reason"] == "paragraphs run together", "rows")
    counts = ["lines_removed", "pinyin_annotations", "mojibake_spans", "chars_converted",
              "paragraphs_split"]
    # a count with no row anywhere comes back as an empty object Series: read all as numbers
    out[counts] = out[counts].astype("float64").fillna(0).astype(int)
    return out.reset_index()


METADATA_FIELDS = ("title", "kicker", "subtitle", "column", "outlet", "via", "authors",
                   "photographers", "affiliations", "editor", "published", "dateline_place",
                   "page", "url")
"""``articles`` fields that :func:`metadata_summary` counts."""


def metadata_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """How many articles have each metadata field, and a count of the values that tell most.

    In: the ``articles`` table. Out: one row per field of :data:`METADATA_FIELDS` present in it:
    ``field``, ``filled`` (articles with a non-empty value), ``share`` (of all articles,
    3 decimals), ``top_values`` (the three most common values with their counts; authors and
    photographers counted per name).
    """
    rows = []
    n = len(articles)
    for col in METADATA_FIELDS:
        if col not in articles:
            continue
        values = articles[col].fillna("").astype(str)
        filled = values[values != ""]
        if col in ("authors", "photographers"):
            filled_names = filled.str.split(";").explode()
            counts = filled_names.value_counts()
        else:
            counts = filled.value_counts()
        counts = counts.sort_index().sort_values(ascending=False, kind="stable")
        top = "; ".join(f"{v} ({c})" for v, c in counts.head(3).items())
        rows.append({"field": col, "filled": len(filled),
                     "share": round(len(filled) / n, 3) if n else 0.0, "top_values": top})
    return pd.DataFrame(rows, columns=["field", "filled", "share", "top_values"])


def role_summary(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Content paragraphs per role and article (``role`` rows × article columns + ``total``)."""
    table = _count_table(paragraphs, "role", "article_id")
    table["total"] = table.sum(axis=1)
    return table.reset_index().sort_values(["total", "role"], ascending=[False, True]).reset_index(
        drop=True
    )


def write_corpus_tables(corpus: Corpus, tables_dir: Path) -> list[Path]:
    """Write ``articles``, ``paragraphs``, ``cleaning_log`` and ``problems`` CSVs; return paths."""
    from analysis.tables import write_table

    return [
        write_table(corpus.articles, "articles", tables_dir),
        write_table(corpus.paragraphs, "paragraphs", tables_dir),
        write_table(corpus.cleaning_log, "cleaning_log", tables_dir),
        write_table(corpus.problems, "problems", tables_dir),
    ]
