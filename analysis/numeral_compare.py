"""Compare the ledger's numeral reader with ``cn2an`` on the numeral runs of a corpus.

Usage (``cn2an`` comes with the test extras, ``make test`` installs it)::

    python -m analysis.numeral_compare --corpus ../shared/corpora/people-daily-2020-02

Prints how many distinct runs each reader reads, where both read and disagree, what only one
reads, and the time per run of each. The runs are those a reader meets in news text: Chinese
numerals with an optional decimal part, and figures joined by 万/亿 (``10万零300``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from analysis.numbers import parse_number

RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?|"
                 r"\d+(?:\.\d+)?[万亿](?:零?\d+[千百十万]?)+")


def numeral_runs(texts: Iterable[str]) -> Counter[str]:
    """The numeral runs of ``texts`` with how often each occurs."""
    return Counter(m.group() for t in texts for m in RUN.finditer(t))


def cn2an_reader() -> Callable[[str], float | None]:
    """``cn2an.cn2an`` in its ``smart`` mode (mixed figures), ``None`` where it raises."""
    import cn2an  # the test extras; imported here so the package does not need it

    def read(s: str) -> float | None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                return cn2an.cn2an(s, "smart")
            except (ValueError, KeyError, IndexError):
                return None

    return read


def compare(runs: Iterable[str], other: Callable[[str], float | None]) -> dict[str, object]:
    """Agreement and speed of :func:`analysis.numbers.parse_number` and ``other``.

    In: distinct numeral runs. Out: counts (``both``, ``agree``, ``only_ours``, ``only_other``),
    examples of each difference and the microseconds per run of each reader.
    """
    keys = list(dict.fromkeys(runs))
    t0 = time.perf_counter()
    ours = [parse_number(s) for s in keys]
    t1 = time.perf_counter()
    theirs = [other(s) for s in keys]
    t2 = time.perf_counter()
    both = [(s, a, b) for s, a, b in zip(keys, ours, theirs, strict=True)
            if a is not None and b is not None]
    return {
        "runs": len(keys),
        "both": len(both),
        "agree": sum(1 for _, a, b in both if float(a) == float(b)),
        "disagree": [(s, a, b) for s, a, b in both if float(a) != float(b)],
        "only_ours": [(s, a) for s, a, b in zip(keys, ours, theirs, strict=True)
                      if a is not None and b is None],
        "only_other": [(s, b) for s, a, b in zip(keys, ours, theirs, strict=True)
                       if a is None and b is not None],
        "us_ours": (t1 - t0) * 1e6 / max(len(keys), 1),
        "us_other": (t2 - t1) * 1e6 / max(len(keys), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the comparison for the ``.txt`` files under ``--corpus``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args(argv)
    texts = (p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(args.corpus.rglob("*.txt")))
    runs = numeral_runs(texts)
    r = compare(runs, cn2an_reader())
    print(f"{r['runs']} distinct runs ({sum(runs.values())} in all); both read {r['both']}, "
          f"agree {r['agree']}")
    print(f"disagree: {r['disagree']}")
    print(f"only ours ({len(r['only_ours'])}): {r['only_ours'][:20]}")
    print(f"only cn2an ({len(r['only_other'])}): {r['only_other'][:20]}")
    print(f"time per run: ours {r['us_ours']:.1f} µs, cn2an {r['us_other']:.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
