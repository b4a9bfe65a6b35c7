"""Totals and parts stated in the text, checked."""

from __future__ import annotations

import pandas as pd

from analysis.claims import numeric_claims
from analysis.relations import RELATION_COLUMNS, claim_relations


def relations(*texts: str) -> pd.DataFrame:
    paragraphs = pd.DataFrame({"article_id": "a", "para_no": range(1, len(texts) + 1),
                               "role": "body", "text": texts})
    claims = numeric_claims(paragraphs, pd.DataFrame(columns=["article_id"]))
    return claim_relations(paragraphs, claims)


def test_parenthesised_breakdown_holds():
    r = relations("共成立了428个排查组（行政村376个、社区15个、居民小区37个），制定了应急措施。")
    assert list(r.columns) == RELATION_COLUMNS
    assert r[["relation", "total", "part_values", "parts_sum", "holds"]].values.tolist() == [
        ["breakdown", "428", "376+15+37", "428", 1]]


def test_breakdown_that_does_not_add_up():
    r = relations("共组建30支队伍（医疗队12支、志愿队15支）。")
    assert r[["relation", "parts_sum", "holds"]].values.tolist() == [["breakdown", "27", 0]]
    assert r.iloc[0]["detail"] == "12 + 15 = 27 ≠ 30"


def test_subset_after_qizhong_with_share():
    r = relations("至此，我省累计派出医疗队18批次，共1478人，其中党员602人。")
    assert r[["relation", "total", "parts", "share", "holds"]].values.tolist() == [
        ["subset", "1478", "602人", 40.7, 1]]


def test_money_and_persons_pair_by_unit():
    r = relations("共有76个市直单位1.4万多人捐款416.54万元（其中9057名党员捐款230.47万元）。")
    got = sorted(r[["total", "parts", "approximate"]].values.tolist())
    assert got == [["14000", "9057名", 1], ["4165400", "230.47万元", 0]]


def test_share_of_x_zhong():
    r = relations("截至当天，长沙经开区234家规模以上企业中，已顺利复工企业达到195家。")
    assert r[["relation", "share", "detail"]].values.tolist() == [
        ["share", 83.3, "195 of 234 = 83.3%"]]


def test_no_relation_without_a_stated_total():
    assert relations("医疗队成立了5个临时党委，1个临时党总支，30个临时党支部。").empty


def test_seed_relations(seed_corpus):
    claims = numeric_claims(seed_corpus.paragraphs, seed_corpus.articles)
    r = claim_relations(seed_corpus.paragraphs, claims)
    assert set(r["relation"]) == {"breakdown", "subset", "share"}
    assert r["holds"].eq(1).all()
    # (total, part, share) as a reader checks them in the seed texts
    triples = set(zip(r["total"].astype(float), r["part_values"].astype(str), r["share"], strict=True))
    assert (234.0, "195", 83.3) in triples  # 234家规模以上企业中，已顺利复工企业达到195家
    assert (1478.0, "602", 40.7) in triples  # 共1478人，其中党员602人
    assert (34.0, "15", 44.1) in triples  # 34名医疗队员中，党员有15名
    assert (4165400.0, "2304700", 55.3) in triples  # 捐款416.54万元（其中…230.47万元）
    assert r.loc[r["relation"] == "breakdown", "part_values"].tolist() == ["376+15+37"]
