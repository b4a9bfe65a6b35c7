"""Helpers for large regular expressions: trie alternations and first-character guards.

Python's ``re`` tries every branch of an alternation at every position of the text. Two cheap
tests keep a pattern of dozens of rules fast:

- :func:`trie_pattern` writes a word list as a character trie, so the alternation fails on the
  first character that no word continues with;
- :func:`first_characters` reads a pattern and returns a character class that every one of
  its matches starts with; ``(?=[…])rule`` then fails at once where the rule cannot start,
  before any of the rule's own work (:func:`guarded`).

Both are exact: a guarded or trie-written pattern matches the same spans as the plain one.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser behind re.compile (Python >= 3.11)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - without it no guard is added, which is still exact
    _sre = _sre_parse = None  # type: ignore[assignment]


def trie_pattern(words: list[str]) -> str:
    """A regex body matching any of ``words``, longest first, as a character trie.

    A trie alternation fails on its first character, so it stays fast inside a larger pattern.
    At a given position it matches the longest of ``words`` that starts there.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if all(len(b) == 1 for b in branches) and len(branches) > 1:
            body = "[" + "".join(branches) + "]"
        else:
            body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) if words else "(?!)"


def _category_classes() -> dict[Any, str]:
    if _sre is None:  # pragma: no cover
        return {}
    c = _sre
    return {
        c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_WORD: r"\w",
        c.CATEGORY_NOT_WORD: r"\W", c.CATEGORY_SPACE: r"\s", c.CATEGORY_NOT_SPACE: r"\S",
        c.CATEGORY_UNI_DIGIT: r"\d", c.CATEGORY_UNI_NOT_DIGIT: r"\D", c.CATEGORY_UNI_WORD: r"\w",
        c.CATEGORY_UNI_NOT_WORD: r"\W", c.CATEGORY_UNI_SPACE: r"\s",
        c.CATEGORY_UNI_NOT_SPACE: r"\S",
    }


_CATEGORIES = _category_classes()


def _first_of_sequence(items: Any) -> tuple[set[str] | None, bool]:
    """First characters (class items) of a parsed sequence and whether it can match empty;
    ``None`` when any character may start it."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _first_of_item(op, av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    c = _sre
    if op is c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is c.IN:
        out: set[str] = set()
        for o, a in av:
            if o is c.LITERAL:
                out.add(re.escape(chr(a)))
            elif o is c.RANGE:
                out.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is c.CATEGORY and a in _CATEGORIES:
                out.add(_CATEGORIES[a])
            else:  # NEGATE or an unusual item: any character may start it
                return None, False
        return out, False
    if op is c.BRANCH:
        out = set()
        nullable = False
        for branch in av[1]:
            first, empty = _first_of_sequence(branch)
            if first is None:
                return None, False
            out |= first
            nullable = nullable or empty
        return out, nullable
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:  # (?i:…) and friends: do not guess
            return None, False
        return _first_of_sequence(body)
    if op is c.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, body = av
        first, empty = _first_of_sequence(body)
        return (None, False) if first is None else (first, low == 0 or empty)
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):  # zero width: what follows decides
        return set(), True
    return None, False  # ANY, NOT_LITERAL, back-references …


def first_characters(pattern: str) -> str | None:
    """A character class (``"[\\d第]"``) that every match of ``pattern`` starts with.

    In: a pattern written for ``re`` without flags. Out: the class, or ``None`` when the
    pattern can match the empty string, can start with any character (``.``, ``[^…]``, a
    back-reference) or cannot be read. Look-arounds are zero width and do not narrow the
    class, so it may admit a few characters too many, never too few.
    """
    if _sre_parse is None:  # pragma: no cover
        return None
    try:
        first, nullable = _first_of_sequence(_sre_parse.parse(pattern))
    except Exception:  # an unusual construct: no guard, which is always exact
        return None
    if first is None or nullable or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


def guarded(name: str, pattern: str) -> tuple[str, str | None]:
    """``(?P<name>(?=[first])(?:pattern))`` and the class used (``None``: no guard possible).

    The pattern is grouped, so the guard stands before every one of its top-level branches.
    """
    cls = first_characters(pattern)
    return (f"(?P<{name}>(?={cls})(?:{pattern}))" if cls else f"(?P<{name}>{pattern})"), cls
