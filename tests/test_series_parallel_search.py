"""Certified search for positive fixed points of series-parallel maps (issue 21, item 6).

Oracles: the Ising closed form K = m artanh(tanh^p K) and the 3-state Potts
transmissivity recursion (solved here with mpmath, m up to 8), msolve's exact list of
every fixed point (m = 2, 3), the fmpz_mpoly derivatives of the map (for the
forward-mode Jacobian) and exact rational evaluation of F at the certified points.
"""

import json
import pathlib
from fractions import Fraction

import flint
import mpmath
import pytest

from symrg.fixedpoints.seriesparallel.certified import (krawczyk, positive_fixed_points,
                                                        starts)
from symrg.fixedpoints.seriesparallel.dual import Dual, dual_image
from symrg.fixedpoints.seriesparallel.linear import chart_jacobian
from symrg.fixedpoints.seriesparallel.solve import map_polynomials
from symrg.fixedpoints.seriesparallel.record import (fixed_points_record,
                                                     positive_search_record)
from symrg.model.network import Model, paper_model
from symrg.rg.seriesparallel import weight_map
from symrg.seeds.hierarchical import ising_weight_map, potts_weight_map

from test_series_parallel import needs_msolve

DATA = pathlib.Path(__file__).parent.parent / "derivations" / "data"
EVEN = {"name": "even detector", "scale": 2,
        "values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]},
        "activation": {"table": {"-2": 0, "-1": 0, "0": 1, "1": 0, "2": 1}}}
THREE = {"name": "three-valued", "scale": 2,
         "values": {"W": [-1, 1], "b": [-1, 1], "h": [-1, 0, 1]},
         "activation": {"table": {"-2": -1, "-1": 0, "0": 0, "1": 1, "2": 1}}}


def _ferro(record):
    pts = [p for p in record["points"] if "scaling" in p
           and mpmath.mpf(p["weights"][0]) > mpmath.mpf(p["weights"][1])]
    assert len(pts) == 1
    return pts[0]


@pytest.mark.parametrize("m", [2, 5, 8])
def test_ising_search_against_closed_form(m):
    record = positive_search_record(ising_weight_map(2, m), 30)
    assert record["complete"] is False
    point = _ferro(record)
    with mpmath.workdps(50):
        Kc = mpmath.findroot(lambda K: K - m * mpmath.atanh(mpmath.tanh(K) ** 2),
                             mpmath.mpf("0.6") / mpmath.sqrt(m - 1))
        t = mpmath.tanh(Kc)
        yt = mpmath.log(2 * m * t * (1 - t ** 2) / (1 - t ** 4)) / mpmath.log(2)
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1])) / 2
        assert abs(K - Kc) < mpmath.mpf(10) ** -28
        assert abs(mpmath.mpf(point["exponents"][0]) - yt) < mpmath.mpf(10) ** -28


@pytest.mark.parametrize("m", [3, 7])
def test_potts_search_against_transmissivity(m):
    def step(K):
        ts = ((mpmath.exp(K) - 1) / (mpmath.exp(K) + 2)) ** 2
        return m * mpmath.log((1 + 2 * ts) / (1 - ts))
    point = _ferro(positive_search_record(potts_weight_map(3, 2, m), 30))
    with mpmath.workdps(50):
        Kc = mpmath.findroot(lambda K: step(K) - K, mpmath.mpf(1) / (m - 1))
        K = mpmath.log(mpmath.mpf(point["weights"][0]) / mpmath.mpf(point["weights"][1]))
        assert abs(K - Kc) < mpmath.mpf(10) ** -28


def _positive(record):
    return sorted(tuple(w[:20] for w in p["weights"]) for p in record["points"]
                  if p["kind"] == "positive")


@needs_msolve
@pytest.mark.parametrize("spec, m", [(EVEN, 3), (EVEN, 2), (None, 2)],
                         ids=["even3", "even2", "paper2"])
def test_search_finds_every_positive_point_msolve_finds(spec, m):
    model = (paper_model(architecture={"parallel": m}) if spec is None
             else Model.from_dict({**spec, "architecture": {"parallel": m}}))
    F = weight_map(model)
    exact, search = fixed_points_record(F, 25), positive_search_record(F, 25)
    assert _positive(exact) == _positive(search)
    assert [p.get("exponents") for p in exact["points"] if p["kind"] == "positive"] == \
        [p.get("exponents") for p in search["points"]]


@pytest.mark.parametrize("chart", [0, 2])
def test_dual_jacobian_equals_polynomial_derivatives(chart):
    """Exact Fractions through the Duals against fmpz_mpoly derivatives of F."""
    F = weight_map(Model.from_dict({**THREE, "architecture": {"parallel": 3}}))
    w = [Fraction(k + 2, 7 + k) for k in range(F.size)]
    image = dual_image(F, w, chart)
    ctx, polys = map_polynomials(F, [f"w{j}" for j in range(F.size)])
    others = [j for j in range(F.size) if j != chart]
    for j in range(F.size):
        for a, l in enumerate(others):
            d = polys[j].derivative(l)
            exact = sum(Fraction(int(c)) * _monomial(w, e) for e, c in d.to_dict().items())
            assert image[j].grad[a] == exact
        assert image[j].val == sum(Fraction(int(c)) * _monomial(w, e)
                                   for e, c in polys[j].to_dict().items())
    J = chart_jacobian(F, [flint.acb(x.numerator) / x.denominator for x in w], chart)
    assert J.nrows() == F.size - 1
    z = (2 * Dual(3, [1, 0]) * Dual(2, [0, 1])) ** 3
    assert (z.val, z.grad) == (1728, [1728, 2592])


def _monomial(w, exps):
    out = Fraction(1)
    for x, e in zip(w, exps):
        out *= x ** int(e)
    return out


def test_krawczyk_refuses_a_box_without_a_root():
    F = weight_map(Model.from_dict({**EVEN, "architecture": {"parallel": 3}}))
    assert krawczyk(F, [0.5, 0.5, 0.5], 2.0 ** -20) is None
    assert krawczyk(F, [-1.0, 0.5, 0.5], 2.0 ** -20) is None           # not positive


def test_three_valued_points_are_fixed_points_exactly_near_the_ball():
    """Exact rational F at the ball's midpoint: F(c) = kappa c to the ball's width."""
    F = weight_map(Model.from_dict({**THREE, "architecture": {"parallel": 4}}))
    found = positive_fixed_points(F, 30, starts(F.size, sample=500))
    assert found.complete is False and "incomplete" in found.reason and found.points
    for point in found.points:
        c = [Fraction(int(man)) * Fraction(2) ** int(exp)
             for man, exp in (x.real.mid().man_exp() for x in point.weights)]
        image = F(c)
        assert all(abs(image[j] / image[0] - c[j]) < Fraction(1, 10 ** 25)
                   for j in range(F.size))


def test_committed_scan_is_consistent():
    scan = json.loads((DATA / "series_parallel_scan.json").read_text())
    assert scan["parallel"] == list(range(2, 9))
    for row in scan["rows"]:
        if row.get("method") == "exact":
            assert row["complete"] and row["search_agrees"]
        if row["rank_omega"] == 1:
            assert row["critical"] == 0
        if row.get("method") == "search":
            assert row["complete"] is False


def test_committed_scan_copy_network_has_the_ising_exponent_at_every_m():
    """Omega = 4 * identity, h = {0, 1}: Ising with fields on the diamond lattice; its
    thermal y_t is the closed form's (K = m artanh(tanh^2 K)) at every m = 2..8."""
    scan = json.loads((DATA / "series_parallel_scan.json").read_text())
    rows = [r for r in scan["rows"] if r["h"] == [0, 1] and r["omega"] == [[4, 0], [0, 4]]]
    assert [r["parallel"] for r in rows] == list(range(2, 9))
    for r in rows:
        m = r["parallel"]
        (point,) = [p for p in r["positive"] if "scaling" in p]
        with mpmath.workdps(40):
            Kc = mpmath.findroot(lambda K: K - m * mpmath.atanh(mpmath.tanh(K) ** 2),
                                 mpmath.mpf("0.6") / mpmath.sqrt(m - 1))
            t = mpmath.tanh(Kc)
            yt = mpmath.log(2 * m * t * (1 - t ** 2) / (1 - t ** 4)) / mpmath.log(2)
            ys = [mpmath.mpf(x["y"]) for x in point["scaling"]["relevant"]]
            assert min(abs(y - yt) for y in ys) < mpmath.mpf(10) ** -25


def test_scan_budget_records_skipped_groups_and_resume_reuses_rows():
    from symrg.fixedpoints.seriesparallel.scan import scan
    first = scan(budget=0)
    assert first["models"] == 576 and first["distinct_omega"] == 149
    assert all(r["skipped"] and r["complete"] is False for r in first["rows"])
    row = dict(first["rows"][0], method="search", positive=[], critical=0)
    del row["skipped"]
    again = scan(resume={"budget": 5, "rows": [row]})
    assert again["budget"] == 5 and again["rows"][0] == row
    assert all("skipped" in r for r in again["rows"][1:])
