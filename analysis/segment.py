"""Word segmentation of the clean paragraph text with a dedicated, domain-aware tokenizer.

The tokenizer is never jieba's global one (``jieba.add_word`` on the global tokenizer leaks into
every other notebook and test): :class:`Segmenter` builds its own ``jieba.Tokenizer`` (the
reference) and, by default, an ``rjieba.Jieba`` (jieba-rs, the same dictionary and algorithm in
Rust, about 20x faster) and loads the domain user dictionary ``analysis/data/userdict.txt`` into
both with *the same frequencies*. Segmentation uses jieba's default mode with HMM on, so words
missing from the dictionary can still be found.

The user dictionary is parsed strictly (:func:`read_user_dictionary`): jieba's own loader skips
a malformed line without a word, so here a malformed line is an error naming the line.

Tables made here:

- ``tokens`` (:func:`tokens_from_paragraphs`): ``article_id``, ``para_no``, ``token``, ``pos``
  (the jieba dictionary's part-of-speech tag, the same for both engines; ``m`` for digits,
  ``eng`` for Latin runs, ``x`` for punctuation and for words found only by the HMM),
  ``start``, ``end`` (offsets
  into the paragraph's clean ``text``, ``text[start:end] == token``). Every non-blank token is
  kept, punctuation included; which tokens count as *terms* is decided in
  :mod:`analysis.terms`.
- ``segmentation_quality`` (:func:`segmentation_quality`): per article, ``n_words`` (tokens that
  contain a Han character), ``unknown_rate`` (share of those not in the tokenizer's
  dictionary, i.e. found only by the HMM) and ``single_char_rate`` (share that are one
  character long).

**Set-up cache.** What the reference tokenizer contributes to the rjieba engine — the
frequencies of the user words (jieba's ``suggest_freq`` where the file gives none) and the POS
tags jieba-rs cannot give by itself (:class:`DictionaryTables`) — costs a few seconds to
compute (importing ``jieba.posseg``, loading jieba's dictionary, checking jieba-rs's tag of
every dictionary word against jieba's). :class:`Segmenter` therefore stores it once in
:func:`cache_dir` (``build/cache`` or ``$ANALYSIS_CACHE_DIR``, about 130 kB) under a key made
of the user dictionary's SHA-256, jieba's version and the cache format
(:func:`dictionary_key`); a changed user dictionary or jieba gives a new key, and a missing,
unreadable or corrupt cache file is simply rebuilt from jieba (and rewritten when the folder
is writable). The pure-Python reference tokenizer itself is then built only when it is used
(``engine="jieba"``); the rjieba engine looks a word's tag and dictionary membership up in
jieba-rs, which holds jieba's dictionary.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
import rjieba

from analysis.paths import BUILD_DIR, DATA_DIR
from analysis.text import HAN

if TYPE_CHECKING:  # jieba is imported only when the reference tokenizer is built
    import jieba

    from analysis.engine import Engine as ComputeEngine

USERDICT_PATH: Path = DATA_DIR / "userdict.txt"
"""The domain user dictionary shipped with the package."""

TOKEN_COLUMNS = ["article_id", "para_no", "token", "pos", "start", "end"]
QUALITY_COLUMNS = ["article_id", "n_words", "unknown_rate", "single_char_rate"]

Engine = Literal["rjieba", "jieba"]

_WORD_RE = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
"""Characters that jieba keeps in one run (its ``re_han_default``); a word outside it can never
come out as one token."""
_POS_RE = re.compile(r"^[a-z]+$")
_HAS_HAN_RE = re.compile(f"[{HAN}]")
_NUMBER_RE = re.compile(r"^\d[\d.,%]*$")

CACHE_FORMAT = 2
"""Version of the set-up cache's layout; bump it when :class:`DictionaryTables` changes."""


@dataclass(frozen=True)
class UserEntry:
    """One entry of the user dictionary: the word, its frequency and POS tag if given."""

    word: str
    freq: int | None
    pos: str | None
    line_no: int


def read_user_dictionary(path: Path = USERDICT_PATH) -> list[UserEntry]:
    """Parse a user dictionary strictly.

    In: a UTF-8 file in jieba's format ``WORD [FREQ] [POS]`` (one space between fields), where
    blank lines and lines starting with ``#`` are comments; ``FREQ`` 0 removes a word from the
    dictionary (jieba's ``del_word``). Out: the entries in file order,
    duplicates of a word kept once (the first). Raises ``ValueError`` naming the file and line
    for anything jieba would skip or misread: extra fields, a non-integer frequency, an
    upper-case or non-letter tag, or a word with characters jieba splits off (spaces,
    punctuation, CJK symbols).
    """
    entries: list[UserEntry] = []
    seen: set[str] = set()
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(" ")
        word, freq, pos = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest and _POS_RE.match(rest[0]):
            pos = rest.pop(0)
        if rest or not _WORD_RE.match(word):
            raise ValueError(f"{path}:{line_no}: malformed user-dictionary line {raw!r}")
        if word not in seen:
            seen.add(word)
            entries.append(UserEntry(word=word, freq=freq, pos=pos, line_no=line_no))
    return entries


def cache_dir() -> Path:
    """The folder of the set-up cache: ``$ANALYSIS_CACHE_DIR`` when set, else ``build/cache``."""
    env = os.environ.get("ANALYSIS_CACHE_DIR", "")
    return Path(env).expanduser() if env else BUILD_DIR / "cache"


def dictionary_key(userdict: Path | None) -> str:
    """Cache key of the tables a user dictionary gives: hex SHA-256 over the cache format,
    jieba's installed version and the dictionary file's bytes (``None``: no user dictionary)."""
    digest = hashlib.sha256(f"format={CACHE_FORMAT};jieba={metadata.version('jieba')};".encode())
    digest.update(userdict.read_bytes() if userdict else b"<none>")
    return digest.hexdigest()


@dataclass(frozen=True)
class DictionaryTables:
    """What the reference tokenizer contributes to a :class:`Segmenter` (the cached part).

    ``user_freq``: user word -> the frequency both engines get (0 removes the word);
    ``tag_overrides``: the POS tags that jieba-rs cannot give by itself: every user word's
    (the file's tag, else jieba's dictionary tag, else the rule of :meth:`Segmenter.tag_of`)
    and those of the few dictionary words that jieba-rs splits when cut alone or tags
    otherwise. Every other dictionary word gets from jieba-rs the tag jieba's dictionary gives
    it (checked word by word when the tables are made), so jieba's 349,046 tags need not be
    loaded at all.
    """

    user_freq: dict[str, int]
    tag_overrides: dict[str, str]


def _new_reference(entries: list[UserEntry], user_freq: dict[str, int] | None = None
                   ) -> tuple[jieba.Tokenizer, dict[str, int]]:
    """A dedicated ``jieba.Tokenizer`` with the user words added (never the global one).

    In: the user entries and, if known, their frequencies. Out: the tokenizer and the
    frequencies used, computed in file order with ``suggest_freq`` where neither gives one.
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    ref = jieba.Tokenizer()
    ref.initialize()
    freqs: dict[str, int] = {}
    for e in entries:
        if user_freq is not None:
            freq = user_freq[e.word]
        else:
            freq = e.freq if e.freq is not None else ref.suggest_freq(e.word, tune=False)
        ref.add_word(e.word, freq, e.pos)
        freqs[e.word] = freq
    return ref, freqs


def _rule_tag(word: str) -> str:
    """The tag of a word that no dictionary holds: ``m`` digits, ``eng`` Latin, else ``x``."""
    if _NUMBER_RE.match(word):
        return "m"
    if word.isascii() and word.isalnum():
        return "eng"
    return "x"


def _new_rjieba(entries: list[UserEntry], user_freq: dict[str, int]) -> rjieba.Jieba:
    """A dedicated jieba-rs tokenizer with the user words at the given frequencies."""
    rs = rjieba.Jieba()
    for e in entries:
        rs.add_word(e.word, user_freq[e.word], e.pos)
    return rs


def _build_tables(entries: list[UserEntry]) -> tuple[DictionaryTables, jieba.Tokenizer]:
    """Compute :class:`DictionaryTables` with jieba (the slow path the cache avoids)."""
    import jieba.posseg

    ref, user_freq = _new_reference(entries)
    dict_tags: dict[str, str] = jieba.posseg.POSTokenizer(ref).word_tag_tab
    overrides = {e.word: e.pos or dict_tags.get(e.word) or _rule_tag(e.word) for e in entries}
    rs = _new_rjieba(entries, user_freq)
    for word, tag in dict_tags.items():
        if word in overrides:
            continue
        alone = rs.tag(word, False)
        if len(alone) != 1 or alone[0][1] != tag or not rs.has_word(word):
            overrides[word] = tag
    return DictionaryTables(user_freq=user_freq, tag_overrides=overrides), ref


def _read_cache(path: Path, key: str) -> DictionaryTables | None:
    """The cached tables at ``path`` if they were written for ``key``; ``None`` otherwise
    (missing, unreadable, corrupt or stale files alike)."""
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if data.get("key") != key:
            return None
        tables = DictionaryTables(user_freq=data["user_freq"],
                                  tag_overrides=data["tag_overrides"])
        if not (isinstance(tables.user_freq, dict) and isinstance(tables.tag_overrides, dict)):
            return None
        return tables
    except Exception:  # any damage to the cache means: rebuild it
        return None


def _write_cache(path: Path, key: str, tables: DictionaryTables) -> None:
    """Write the tables atomically (temporary file, then rename); silently skip when the
    folder cannot be written, since the cache only saves time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"key": key, "user_freq": tables.user_freq,
                         "tag_overrides": tables.tag_overrides}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        logging.getLogger(__name__).debug("segmenter cache not written to %s", path)


class Segmenter:
    """A dedicated tokenizer: jieba's dictionary plus the domain user dictionary.

    ``engine="rjieba"`` (default) cuts with jieba-rs, ``engine="jieba"`` with the pure-Python
    reference; both get the same user words with the same frequencies, computed once by the
    reference tokenizer (jieba's ``suggest_freq`` where the file gives none). ``hmm`` is jieba's
    HMM for words not in the dictionary (on by default, as in ``jieba.lcut``). ``cache``: use
    the set-up cache in :func:`cache_dir` (``False`` computes everything with jieba and writes
    nothing).
    """

    def __init__(
        self,
        *,
        engine: Engine = "rjieba",
        userdict: Path | None = USERDICT_PATH,
        hmm: bool = True,
        cache: bool = True,
    ) -> None:
        if engine not in ("rjieba", "jieba"):
            raise ValueError(f"unknown engine {engine!r}: use 'rjieba' or 'jieba'")
        self.engine: Engine = engine
        self.hmm = hmm
        self.entries: list[UserEntry] = read_user_dictionary(userdict) if userdict else []
        self.removed: frozenset[str] = frozenset(e.word for e in self.entries if e.freq == 0)
        self._ref: jieba.Tokenizer | None = None
        key = dictionary_key(userdict) if cache else ""
        path = cache_dir() / f"segmenter-{key[:24]}.pickle"
        tables = _read_cache(path, key) if cache else None
        if tables is None:
            tables, self._ref = _build_tables(self.entries)
            if cache:
                _write_cache(path, key, tables)
        self.user_freq: dict[str, int] = tables.user_freq
        # tags known so far: the overrides, then every word tag_of has looked up
        self._tags: dict[str, str] = dict(tables.tag_overrides)
        self._rs: rjieba.Jieba | None = None
        self._ref_tags: dict[str, str] | None = None
        if engine == "rjieba":
            self._rs = _new_rjieba(self.entries, self.user_freq)
        else:
            self._reference()

    def _reference(self) -> jieba.Tokenizer:
        """The pure-Python reference tokenizer with the user words (built on first use)."""
        if self._ref is None:
            self._ref, _ = _new_reference(self.entries, self.user_freq)
        return self._ref

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` in order; their concatenation is ``text``."""
        if self._rs is not None:
            return self._rs.cut(text, self.hmm)
        return self._reference().lcut(text, HMM=self.hmm)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(token, pos)`` pairs of ``text``: the tokens of :meth:`cut` with jieba POS tags.

        Tags come from the reference dictionary for both engines (so they agree): a dictionary
        word gets its tag (the user dictionary's where given); any other token gets jieba's
        rule, ``m`` for digit runs, ``eng`` for other ASCII letter/digit runs, ``x`` otherwise.
        """
        return [(w, self.tag_of(w)) for w in self.cut(text)]

    def _reference_tags(self) -> dict[str, str]:
        """jieba's dictionary tags (the ``jieba`` engine only; loaded on first use)."""
        if self._ref_tags is None:
            import jieba.posseg

            self._ref_tags = jieba.posseg.POSTokenizer(self._reference()).word_tag_tab
        return self._ref_tags

    def tag_of(self, word: str) -> str:
        """The POS tag :meth:`tag` gives ``word``: the user dictionary's, else jieba's
        dictionary's, else ``m`` (digits), ``eng`` (Latin) or ``x``. A word's tag is looked
        up once and kept (in a dictionary that grows with the words seen)."""
        tag = self._tags.get(word)
        if tag is None:
            if self._rs is not None:
                alone = self._rs.tag(word, False) if self._rs.has_word(word) else []
                tag = alone[0][1] if len(alone) == 1 else _rule_tag(word)
            else:
                tag = self._reference_tags().get(word) or _rule_tag(word)
            self._tags[word] = tag
        return tag

    def knows(self, word: str) -> bool:
        """Whether the dictionaries decided on ``word``: it is a word, or the user dictionary
        removed it on purpose (``FREQ`` 0). Such words are no candidates for new entries."""
        return self.in_dictionary(word) or word in self.removed

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is in the tokenizer's dictionary (jieba's plus the user words):
        jieba's ``FREQ[word] > 0``, where a user word's frequency replaces jieba's."""
        freq = self.user_freq.get(word)
        if freq is not None:
            return freq > 0
        if self._rs is not None:
            return self._rs.has_word(word)
        return word in self._reference_tags()


def default_segmenter(engine: Engine = "rjieba") -> Segmenter:
    """The shared :class:`Segmenter` over the shipped user dictionary (built once per engine
    and process; ``default_segmenter()`` and ``default_segmenter("rjieba")`` are the same)."""
    return _cached_segmenter(engine)


@lru_cache(maxsize=4)
def _cached_segmenter(engine: Engine) -> Segmenter:
    return Segmenter(engine=engine)


def _empty_tokens() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("para_no", "start", "end")
                                      else "object") for c in TOKEN_COLUMNS})


def _tokens_partition(job: tuple[pd.DataFrame, Engine]) -> pd.DataFrame:
    """One partition of :func:`tokens_from_paragraphs` (what a worker runs)."""
    paragraphs, engine = job
    return tokens_from_paragraphs(paragraphs, engine=engine)


def tokens_from_paragraphs(
    paragraphs: pd.DataFrame,
    *,
    segmenter: Segmenter | None = None,
    engine: Engine = "rjieba",
    runner: ComputeEngine | None = None,
    tables_dir: Path | None = None,
) -> pd.DataFrame:
    """Segment every paragraph's clean text into the ``tokens`` table.

    In: ``paragraphs`` with ``article_id``, ``para_no`` and ``text`` (the clean Simplified text).
    Options: ``segmenter`` (default: the shared one for ``engine``). Out: a new DataFrame with
    :data:`TOKEN_COLUMNS`, one row per non-blank token in text order; ``start``/``end`` are
    offsets into that paragraph's ``text``. Offsets are computed with one vectorized cumulative
    sum, since a paragraph's tokens concatenate to its text. Tokens are factorized once: POS
    tags and blankness are decided per distinct token, and every row of the ``token`` column
    refers to one shared string object per distinct token (far less memory than one string
    per row, and cheaper to pickle between processes). With a ``runner``
    (:class:`analysis.engine.Engine`), the shared segmenter and each article's paragraphs
    together (as every paragraphs table has them), the articles are segmented in partitions by
    its workers (each builds the same shared segmenter); the table is the same, row for row.
    With a ``tables_dir`` as well, the workers write the partitions as the partitioned Parquet
    table ``tables_dir/tokens.parquet/`` (see :mod:`analysis.tables`).
    """
    seg = segmenter or default_segmenter(engine)
    if runner is not None and seg is default_segmenter(engine):
        from analysis.engine import concat_parts, split_by_article

        aid = paragraphs["article_id"].astype(str)
        ids = list(dict.fromkeys(aid))
        grouped = int((aid != aid.shift()).sum()) == len(ids)  # each article's rows together
        parts = runner.partitions(ids) if grouped else []
        if len(parts) > 1:
            frames = [f["paragraphs"] for f in split_by_article({"paragraphs": paragraphs}, parts)]
            jobs = [(frame, engine) for frame in frames]
            return concat_parts(runner.map(_tokens_partition, jobs, tables_dir=tables_dir,
                                           tables=("tokens",)), TOKEN_COLUMNS)
    texts = paragraphs["text"].fillna("").astype(str).tolist()
    cut = list(map(seg.cut, texts))
    counts = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut))
    words = np.empty(int(counts.sum()), dtype=object)
    if not len(words):
        return _empty_tokens()
    words[:] = list(chain.from_iterable(cut))
    del cut
    codes, uniq = pd.factorize(words)
    del words
    uniq = np.asarray(uniq, dtype=object)
    n_uniq = len(uniq)
    tags = np.array([seg.tag_of(u) for u in uniq], dtype=object)
    keep = ~np.fromiter((u.isspace() for u in uniq), dtype=bool, count=n_uniq)[codes]
    lengths = np.fromiter(map(len, uniq), dtype=np.int64, count=n_uniq)[codes]
    ends = np.cumsum(lengths)
    para_len = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    para_base = np.repeat(np.cumsum(para_len) - para_len, counts)
    codes = codes[keep]
    return pd.DataFrame(
        {
            "article_id": np.repeat(paragraphs["article_id"].astype(str).to_numpy(dtype=object),
                                    counts)[keep],
            "para_no": np.repeat(paragraphs["para_no"].to_numpy(dtype=np.int64), counts)[keep],
            "token": uniq[codes],
            "pos": tags[codes],
            "start": (ends - lengths - para_base)[keep],
            "end": (ends - para_base)[keep],
        },
        copy=False,
    )


def token_codes(tokens: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The ``token`` column factorized: each row's code and the distinct tokens (object array).

    Several tables are made per distinct token (:func:`segmentation_quality`,
    :func:`analysis.terms.term_counts`); they take these codes to factorize only once.
    """
    codes, uniq = pd.factorize(tokens["token"].to_numpy(dtype=object))
    return codes, np.asarray(uniq, dtype=object)


def segmentation_quality(
    tokens: pd.DataFrame,
    *,
    segmenter: Segmenter | None = None,
    codes: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Per-article unknown-word and single-character rates of a ``tokens`` table.

    In: ``tokens`` (:data:`TOKEN_COLUMNS`). Only word tokens count: those with a Han character.
    Out: :data:`QUALITY_COLUMNS`, one row per article, sorted by ``article_id``;
    ``unknown_rate`` is the share of word tokens not in the tokenizer's dictionary (found by the
    HMM), ``single_char_rate`` the share of one-character word tokens. Rates are in [0, 1].
    Each test is made once per distinct token; the counts per article are one ``bincount``.
    ``codes``: :func:`token_codes` of these tokens, when the caller has them already.
    """
    seg = segmenter or default_segmenter()
    codes, uniq = token_codes(tokens) if codes is None else codes
    n = len(uniq)
    has_han = np.fromiter((bool(_HAS_HAN_RE.search(u)) for u in uniq), dtype=bool, count=n)
    unknown = ~np.fromiter(map(seg.in_dictionary, uniq), dtype=bool, count=n)
    single = np.fromiter((len(u) == 1 for u in uniq), dtype=bool, count=n)
    word = has_han[codes]
    codes = codes[word]
    art_codes, arts = pd.factorize(tokens["article_id"][word], sort=True)
    n_words = np.bincount(art_codes, minlength=len(arts)).astype(np.int64)
    n_unknown = np.bincount(art_codes, weights=unknown[codes], minlength=len(arts))
    n_single = np.bincount(art_codes, weights=single[codes], minlength=len(arts))
    return pd.DataFrame({
        "article_id": np.asarray(arts),
        "n_words": n_words,
        "unknown_rate": n_unknown / n_words,
        "single_char_rate": n_single / n_words,
    })[QUALITY_COLUMNS]


def user_words_split(segmenter: Segmenter, words: Iterable[str] | None = None) -> list[str]:
    """User-dictionary words that do *not* come out as one token when cut on their own.

    In: a segmenter and optionally the words to check (default: all its user entries except the
    removals, ``FREQ`` 0). Out: the words whose segmentation is not ``[word]`` (an empty list
    means the dictionary is fully effective).
    """
    default = [e.word for e in segmenter.entries if e.freq != 0]
    check = default if words is None else list(words)
    return [w for w in check if segmenter.cut(w) != [w]]
