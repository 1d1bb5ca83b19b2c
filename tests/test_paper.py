"""Comparison of derived fixed points with Eq. 29, 30 and 34 (and that it can say 'differs')."""

import copy

from symrg import paper_model
from symrg.seeds.paper import compare_fixed_points, is_paper_model
from symrg.records.fixedpoints import fixed_points_record


def _verdicts(section):
    return {e["equation"]: e["agrees"] for e in compare_fixed_points(paper_model(), section)}


def test_eq29_30_34_agree_on_the_derived_record():
    section = fixed_points_record(paper_model(), digits=30)
    assert _verdicts(section) == {"29": True, "30": True, "34": True}


def test_comparison_detects_disagreement():
    section = fixed_points_record(paper_model(), digits=30)
    wrong = copy.deepcopy(section)
    for point in wrong["points"]:
        if point["kind"] == "isolated":
            point["eigenvalues"] = ["3", "2", "2"]
        else:
            point["equations"] = ["exp_A - 2"]
    verdicts = _verdicts(wrong)
    assert verdicts["29"] is False and verdicts["34"] is False
    extra = copy.deepcopy(section)
    extra["points"].append(dict(next(p for p in section["points"] if p["kind"] == "isolated"),
                                couplings={"A": "5", "B": "1", "C": "1"}))
    assert _verdicts(extra)["30"] is False


def test_only_the_paper_model_is_compared():
    assert is_paper_model(paper_model(name="renamed"))
    assert not is_paper_model(paper_model(scale=3))
    assert compare_fixed_points(paper_model(scale=3), {"points": []}) == []
