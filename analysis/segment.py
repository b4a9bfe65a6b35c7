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
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Literal

import jieba
import jieba.posseg
import numpy as np
import pandas as pd
import rjieba

from analysis.paths import DATA_DIR
from analysis.text import HAN

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

jieba.setLogLevel(logging.WARNING)


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


class Segmenter:
    """A dedicated tokenizer: jieba's dictionary plus the domain user dictionary.

    ``engine="rjieba"`` (default) cuts with jieba-rs, ``engine="jieba"`` with the pure-Python
    reference; both get the same user words with the same frequencies, computed once by the
    reference tokenizer (jieba's ``suggest_freq`` where the file gives none). ``hmm`` is jieba's
    HMM for words not in the dictionary (on by default, as in ``jieba.lcut``).
    """

    def __init__(
        self,
        *,
        engine: Engine = "rjieba",
        userdict: Path | None = USERDICT_PATH,
        hmm: bool = True,
    ) -> None:
        if engine not in ("rjieba", "jieba"):
            raise ValueError(f"unknown engine {engine!r}: use 'rjieba' or 'jieba'")
        self.engine: Engine = engine
        self.hmm = hmm
        self.entries: list[UserEntry] = read_user_dictionary(userdict) if userdict else []
        self._ref = jieba.Tokenizer()
        self._ref.initialize()
        self._ref_pos = jieba.posseg.POSTokenizer(self._ref)
        self.removed: frozenset[str] = frozenset(e.word for e in self.entries if e.freq == 0)
        self.user_freq: dict[str, int] = {}
        for e in self.entries:
            freq = e.freq if e.freq is not None else self._ref.suggest_freq(e.word, tune=False)
            self._ref.add_word(e.word, freq, e.pos)
            self.user_freq[e.word] = freq
        self._tags: dict[str, str] = dict(self._ref_pos.word_tag_tab)
        self._tags.update(self._ref.user_word_tag_tab)
        self._rs: rjieba.Jieba | None = None
        if engine == "rjieba":
            self._rs = rjieba.Jieba()
            for e in self.entries:
                self._rs.add_word(e.word, self.user_freq[e.word], e.pos)
            self._rs.tag("疫情防控", self.hmm)  # jieba-rs loads its tag tables on first use

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text`` in order; their concatenation is ``text``."""
        if self._rs is not None:
            return self._rs.cut(text, self.hmm)
        return self._ref.lcut(text, HMM=self.hmm)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(token, pos)`` pairs of ``text``: the tokens of :meth:`cut` with jieba POS tags.

        Tags come from the reference dictionary for both engines (so they agree): a dictionary
        word gets its tag (the user dictionary's where given); any other token gets jieba's
        rule, ``m`` for digit runs, ``eng`` for other ASCII letter/digit runs, ``x`` otherwise.
        """
        return [(w, self.tag_of(w)) for w in self.cut(text)]

    def tag_of(self, word: str) -> str:
        """The POS tag :meth:`tag` gives ``word``."""
        tag = self._tags.get(word)
        if tag:
            return tag
        if _NUMBER_RE.match(word):
            return "m"
        if word.isascii() and word.isalnum():
            return "eng"
        return "x"

    def knows(self, word: str) -> bool:
        """Whether the dictionaries decided on ``word``: it is a word, or the user dictionary
        removed it on purpose (``FREQ`` 0). Such words are no candidates for new entries."""
        return self.in_dictionary(word) or word in self.removed

    def in_dictionary(self, word: str) -> bool:
        """Whether ``word`` is in the tokenizer's dictionary (jieba's plus the user words)."""
        return self._ref.FREQ.get(word, 0) > 0


def default_segmenter(engine: Engine = "rjieba") -> Segmenter:
    """The shared :class:`Segmenter` over the shipped user dictionary (built once per engine
    and process; ``default_segmenter()`` and ``default_segmenter("rjieba")`` are the same)."""
    return _cached_segmenter(engine)


@lru_cache(maxsize=4)
def _cached_segmenter(engine: Engine) -> Segmenter:
    return Segmenter(engine=engine)


def tokens_from_paragraphs(
    paragraphs: pd.DataFrame,
    *,
    segmenter: Segmenter | None = None,
    engine: Engine = "rjieba",
) -> pd.DataFrame:
    """Segment every paragraph's clean text into the ``tokens`` table.

    In: ``paragraphs`` with ``article_id``, ``para_no`` and ``text`` (the clean Simplified text).
    Options: ``segmenter`` (default: the shared one for ``engine``). Out: a new DataFrame with
    :data:`TOKEN_COLUMNS`, one row per non-blank token in text order; ``start``/``end`` are
    offsets into that paragraph's ``text``. Offsets are computed with one vectorized cumulative
    sum, since a paragraph's tokens concatenate to its text; POS tags are looked up once per
    distinct token.
    """
    seg = segmenter or default_segmenter(engine)
    texts = paragraphs["text"].fillna("").astype(str).tolist()
    cut = [seg.cut(t) for t in texts]
    counts = np.fromiter(map(len, cut), dtype=np.int64, count=len(cut))
    words = list(chain.from_iterable(cut))
    if not words:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("para_no", "start", "end")
                                          else "object") for c in TOKEN_COLUMNS})
    token = pd.Series(words, dtype=object)
    uniq = pd.unique(token)
    tags = token.map(dict(zip(uniq, map(seg.tag_of, uniq), strict=True)))
    blank = token.map({u: u.isspace() for u in uniq}).to_numpy(dtype=bool)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ends = np.cumsum(lengths)
    para_len = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    para_base = np.repeat(np.cumsum(para_len) - para_len, counts)
    out = pd.DataFrame(
        {
            "article_id": np.repeat(paragraphs["article_id"].astype(str).to_numpy(), counts),
            "para_no": np.repeat(paragraphs["para_no"].to_numpy(dtype=np.int64), counts),
            "token": token,
            "pos": tags,
            "start": ends - lengths - para_base,
            "end": ends - para_base,
        }
    )
    return out.loc[~blank].reset_index(drop=True)


def segmentation_quality(
    tokens: pd.DataFrame,
    *,
    segmenter: Segmenter | None = None,
) -> pd.DataFrame:
    """Per-article unknown-word and single-character rates of a ``tokens`` table.

    In: ``tokens`` (:data:`TOKEN_COLUMNS`). Only word tokens count: those with a Han character.
    Out: :data:`QUALITY_COLUMNS`, one row per article, sorted by ``article_id``;
    ``unknown_rate`` is the share of word tokens not in the tokenizer's dictionary (found by the
    HMM), ``single_char_rate`` the share of one-character word tokens. Rates are in [0, 1].
    """
    seg = segmenter or default_segmenter()
    all_uniq = pd.unique(tokens["token"])
    has_han = tokens["token"].map({u: bool(_HAS_HAN_RE.search(u)) for u in all_uniq})
    words = tokens.loc[has_han.to_numpy(dtype=bool), ["article_id", "token"]]
    uniq = pd.unique(words["token"])
    known = dict(zip(uniq, map(seg.in_dictionary, uniq), strict=True))
    frame = pd.DataFrame(
        {
            "article_id": words["article_id"].to_numpy(),
            "unknown": ~words["token"].map(known).astype(bool).to_numpy(),
            "single": (words["token"].str.len() == 1).to_numpy(),
        }
    )
    out = (
        frame.groupby("article_id", sort=True)
        .agg(n_words=("unknown", "size"), unknown_rate=("unknown", "mean"),
             single_char_rate=("single", "mean"))
        .reset_index()
    )
    return out[QUALITY_COLUMNS]


def user_words_split(segmenter: Segmenter, words: Iterable[str] | None = None) -> list[str]:
    """User-dictionary words that do *not* come out as one token when cut on their own.

    In: a segmenter and optionally the words to check (default: all its user entries except the
    removals, ``FREQ`` 0). Out: the words whose segmentation is not ``[word]`` (an empty list
    means the dictionary is fully effective).
    """
    default = [e.word for e in segmenter.entries if e.freq != 0]
    check = default if words is None else list(words)
    return [w for w in check if segmenter.cut(w) != [w]]
