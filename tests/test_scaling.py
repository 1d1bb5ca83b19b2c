"""Scaling laws (Eq. 35-40), transfer-matrix checks and the fixed_points record."""

import json

import sympy

from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.linearize import linearize
from symrg.model.network import paper_model
from symrg.fixedpoints.scaling import scaling_exponents, transfer_checks
from symrg.records.fixedpoints import fixed_points_record


def test_paper_exponents_eq39_eq40():
    m = paper_model()
    s = scaling_exponents(linearize(m, find_fixed_points(m).isolated[0]), 2)
    assert s["y"] == {"A": 1, "B": 1, "C": 1}
    assert s["nu"] == 1 and s["correlation_exponent"] == 0   # G_h ~ r^0 at the fictitious point


def test_transfer_checks_hold():
    out = transfer_checks(paper_model(), digits=30)
    assert out["family"]["holds"] and out["xi_scaling"]["holds"]
    ratios = [sympy.Float(r[2]) for r in out["near_family"]["rows"]]
    assert all(a < b < 1 for a, b in zip(ratios, ratios[1:]))   # xi ln(1/delta) -> 1


def test_record_json_and_required_keys():
    rec = fixed_points_record(paper_model(), digits=30, checks=False)
    text = json.dumps(rec, sort_keys=True)
    assert "e-" not in json.dumps(rec["points"][0]["couplings"])
    for key in ("digits", "complete", "method", "points", "rejected", "scaling", "flows", "latex"):
        assert key in rec
    iso = rec["points"][0]
    assert iso["weights"] == [[1, "-1/3"], ["-2/3", "2/3"]]
    assert iso["couplings"] == {"exp_A": 3, "exp_B": "-2/3", "exp_C": "-1/3"}
    assert iso["eigenvalues"] == [2, 2, 2] and iso["exponents"] == [1, 1, 1]
    assert iso["jacobian"] == [[2, 0, 0], [0, 2, 0], [0, 0, 2]] and iso["residual"] == 0
    assert len(iso["sectors"]) == 3
    fam = rec["points"][1]
    assert fam["equations"] == ["exp_A - 1"] and fam["dimension"] == 2 and fam["physical"]
    assert set(rec["flows"]) == {"near_isolated", "onto_rank1_family"}
    assert fam["tangent"]["agrees"] and fam["tangent"]["eigenspace_dimension"] == 2
    assert rec["theorems"] and not [p for p in rec["points"] if p["kind"] == "boundary"]
    for row in rec["flows"]["near_isolated"]["rows"]:
        for x in row:
            sympy.sympify(x)
    assert text == json.dumps(fixed_points_record(paper_model(), digits=30, checks=False),
                              sort_keys=True)


def test_record_lists_boundary_points_and_renders():
    """A DNA model with Omega = I: a rank-2 boundary entry (xi = inf) in the record and
    in the rendered LaTeX; every number follows symrg.numerics (no Python syntax)."""
    from symrg.records.derive import derive_record
    from symrg.model.network import Model
    from symrg.report.render import render_report
    m = Model.from_dict({"name": "id", "values": {"W": [1], "b": [0], "h": [0, 1]},
                         "activation": {"name": "identity"}})
    rec = fixed_points_record(m, digits=30, checks=False)
    (b,) = [p for p in rec["points"] if p["kind"] == "boundary"]
    assert b["rank"] == 2 and b["xi"] == "inf" and b["weights"] == [[1, 0], [0, 1]]
    assert b["eigenvalues"] == [2] and b["zero_pairs"] == [[0, 1], [1, 0]]
    assert rec["boundary"]["complete"] and rec["theorems"]
    for p in rec["points"]:
        assert len(p["sectors"]) == len(p["eigenvalues"]) == len(p["labels"])
    tex = render_report(derive_record(m, digits=30, sections=("fixed_points",)))
    assert "boundary &" in tex and "ergodic classes" in tex


def test_numeric_noise_rule_and_residual_in_record():
    """A numeric point: eigenvalues within 10^-(digits-10) of 0 / of the real axis are
    stored as exact 0 / real, with the fixed-point residual beside them."""
    from symrg.records.fixedpoints import _lin_entry
    m = paper_model()
    noise = sympy.Float("1e-45", 60) * sympy.I
    lin = linearize(m, {"exp_A": 1 + noise, "exp_B": sympy.Float(2, 60) / 3 + noise,
                        "exp_C": sympy.Float(3, 60)}, digits=30)
    entry = _lin_entry(lin, 30)
    assert entry["eigenvalues"] == ["1.0", "1.0", 0]
    assert entry["exponents"] == [0, 0, "-inf"] and not entry["exact"]
    assert 0 < sympy.Float(entry["residual"]) < 1e-40
