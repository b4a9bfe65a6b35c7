"""Fuzzing the loader and the cleaner: arbitrary input gives a result or a documented problem."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.clean import clean_document
from analysis.load import DecodeProblem, RawDocument, decode_bytes

DOCUMENTED = {"empty", "binary", "undecodable"}

chinese_lines = st.lists(
    st.text(
        alphabet=st.sampled_from(
            list("疫情防控党员干部社区发生以来婁底黨員(fā)?zhòng)，。：“”0123456789 　|.jpg来源:作者编辑")
        ),
        max_size=120,
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_bytes_never_crashes(data: bytes) -> None:
    result = decode_bytes(data, file="fuzz.txt")
    if isinstance(result, DecodeProblem):
        assert result.problem in DOCUMENTED and result.file == "fuzz.txt"
    else:
        text, encoding = result
        assert isinstance(text, str) and encoding and "\r" not in text


@settings(max_examples=200, deadline=None)
@given(st.one_of(chinese_lines, st.text(max_size=500)))
def test_clean_document_never_crashes_and_accounts_for_lines(text: str) -> None:
    article = clean_document(RawDocument("fuzz", "fuzz.txt", text, "utf-8"))
    kept = {p["line_no"] for p in article.paragraphs}
    removed = {r["line_no"] for r in article.log if r["action"] == "removed"}
    nonempty = {
        i + 1
        for i, ln in enumerate(text.split("\n"))
        if ln.strip(" \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\n")
    }
    assert kept | removed == nonempty


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("党员干部 \t\n。！？!?；;…”’」』）)“，a1")), max_size=40))
def test_sentences_cover_the_text_in_order(text: str) -> None:
    from analysis.text import split_sentences

    sentences = split_sentences(text)
    assert all(text[a:b] == s and s == s.strip() and s for a, b, s in sentences)
    assert all(b1 <= a2 for (_, b1, _), (a2, _, _) in pairwise(sentences))
    # nothing but white space is left out, and a sentence ends only at its terminators
    assert "".join("".join(s.split()) for _, _, s in sentences) == "".join(text.split())
    for _, _, s in sentences[:-1]:
        assert s.rstrip("”’」』）)")[-1] in "。！？!?；;…"
