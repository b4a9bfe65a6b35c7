"""Exploration: reprints on hand-made edited copies, topic determinism, CA with a known answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.explore import correspondence, reprints, topics

ORIGINAL = [
    "新华社北京2月3日电 国务院联防联控机制3日召开新闻发布会，介绍疫情防控和医疗救治工作进展。",
    "国家卫生健康委新闻发言人表示，截至2日24时，全国累计报告确诊病例17205例，其中重症病例2296例。",
    "发布会强调，各地要坚持科学防治、精准施策，落实早发现、早报告、早隔离、早治疗的要求。",
    "专家介绍，公众外出应当佩戴口罩，勤洗手，尽量减少前往人员密集的公共场所，发现发热及时就医。",
    "下一步，联防联控机制将继续统筹医疗资源，保障防护物资供应，全力做好患者的救治工作。",
]
SAME_EVENT = [
    "本报北京2月3日电 记者今天从国务院新闻办公室获悉，疫情防控工作正在有序推进之中。",
    "记者在现场看到，发布会采用线上提问的方式进行，多家媒体的记者通过视频连线提出问题。",
    "多位受访专家认为，当前防控形势依然严峻复杂，群众要保持理性，做好个人防护，不信谣不传谣。",
    "据了解，有关部门将加大对口罩等重点物资的生产调度力度，确保市场供应平稳有序。",
]


def _paragraphs(articles: dict[str, tuple[str, list[str]]]) -> pd.DataFrame:
    rows = []
    for aid, (headline, body) in articles.items():
        rows.append((aid, 1, "headline", headline))
        rows += [(aid, i + 2, "body", text) for i, text in enumerate(body)]
    return pd.DataFrame(rows, columns=["article_id", "para_no", "role", "text"])


def test_edited_copies_join_their_original_and_same_event_articles_do_not() -> None:
    edited = [p.replace("，", "、", 2) for p in ORIGINAL]  # punctuation changed
    dropped = ORIGINAL[:2] + ORIGINAL[3:]  # a paragraph dropped
    rewrapped = ["".join(ORIGINAL[:2]), *ORIGINAL[2:], "（责任编辑：张三）"]  # clutter added
    paragraphs = _paragraphs({
        "a": ("国务院联防联控机制召开发布会", ORIGINAL),
        "b": ("发布会：全力做好救治", edited),  # another headline
        "c": ("联防联控机制发布会", dropped),
        "d": ("疫情防控发布会举行", rewrapped),
        "e": ("疫情防控工作有序推进", SAME_EVENT),
    })
    articles = pd.DataFrame({"article_id": list("abcde"),
                             "published": ["2020-02-04", "2020-02-03", "2020-02-05", "", "2020-02-03"],
                             "published_source": ["filename"] * 3 + ["unknown", "filename"]})
    out = reprints.reprint_groups(paragraphs, articles).set_index("article_id")
    # the earliest stated date is the original: b (2020-02-03) of a, b, c, d
    assert set(out.loc[list("abcd"), "reprint_group"]) == {"b"}
    assert out.loc["b", "role"] == "original" and out.loc["a", "role"] == "reprint"
    assert (out.loc[list("acd"), "similarity"] >= reprints.THRESHOLD).all()
    assert (out.loc["e", "reprint_group"], out.loc["e", "group_size"]) == ("e", 1)
    tf = pd.DataFrame({"article_id": list("abcde"), "term": "疫情", "count": 1})
    assert len(reprints.once_per_group(tf, out.reset_index())) == 2  # b and e


def test_topics_are_deterministic_and_tiny_corpora_get_a_note() -> None:
    rng = np.random.default_rng(3)
    vocab = [f"词{i}" for i in range(60)]
    rows = []
    for a in range(40):
        block = vocab[(a % 3) * 20 : (a % 3) * 20 + 20]
        for t in rng.choice(block, 12, replace=False):
            rows.append((f"{a:03d}", t, int(rng.integers(1, 6))))
    tf = pd.DataFrame(rows, columns=["article_id", "term", "count"])
    t1, at1, _ = topics.fit_topics(tf, n_topics=3)
    t2, at2, _ = topics.fit_topics(tf, n_topics=3)
    pd.testing.assert_frame_equal(t1, t2)
    pd.testing.assert_frame_equal(at1, at2)
    assert at1.groupby("article_id")["share"].sum().round(4).eq(1).all()
    # three blocks of words give three topics, each made of one block's words
    blocks = t1.groupby("topic")["term"].apply(lambda s: {int(w[1:]) // 20 for w in s})
    assert sorted(len(b) for b in blocks) == [1, 1, 1] and len(set.union(*blocks)) == 3
    empty, shares, note = topics.fit_topics(tf[tf["article_id"] < "005"], n_topics=3)
    assert empty.empty and shares.empty and "至少需要 30 篇" in note


def test_correspondence_analysis_of_a_known_table() -> None:
    table = pd.DataFrame([[20, 5], [10, 15]], index=["a", "b"], columns=["X", "Y"])
    coords, shares = correspondence.correspondence(table)
    c = coords.set_index("item")
    # one dimension; its inertia is chi²/n = 1/6: rows at ±sqrt(1/6), columns at -1/3 and 1/2
    assert shares == [1.0]
    assert c.loc["a", "dim1"] == pytest.approx(-np.sqrt(1 / 6), abs=1e-6)
    assert c.loc["b", "dim1"] == pytest.approx(np.sqrt(1 / 6), abs=1e-6)
    assert (c.loc["X", "dim1"], c.loc["Y", "dim1"]) == (pytest.approx(-1 / 3), pytest.approx(0.5))
    inertia = (c.loc[["a", "b"], "mass"] * c.loc[["a", "b"], "dim1"] ** 2).sum()
    assert inertia == pytest.approx(1 / 6, abs=1e-5)
    assert (c["dim2"] == 0).all()
