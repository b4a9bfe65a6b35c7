"""The benchmark's synthetic corpus: unique, perturbed copies that duplicate detection keeps."""

from __future__ import annotations

from pathlib import Path

from analysis.bench import perturb, synthesize_corpus
from analysis.corpus import build_corpus
from analysis.paths import SEEDS_DIR


def test_synthetic_corpus_is_deterministic_and_not_collapsed(tmp_path: Path) -> None:
    chars = synthesize_corpus(tmp_path / "a", multiplier=3)
    synthesize_corpus(tmp_path / "b", multiplier=3)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 15 and files[0].startswith("00000_000_")
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    seed_chars = sum(len(p.read_text(encoding="utf-8")) for p in SEEDS_DIR.glob("*.txt"))
    assert abs(chars - 3 * seed_chars) < 100
    corpus = build_corpus(tmp_path / "a")
    assert len(corpus.articles) == 15 and corpus.problems.empty


def test_perturb_changes_one_number() -> None:
    import random

    text = "第一行。\n" + "全县共成立了428个排查组，党员干部下沉社区一线参与疫情防控工作。" * 2
    out = perturb(text, copy_no=4, rng=random.Random(0))
    assert out != text and "433" in out and len(out) == len(text)
