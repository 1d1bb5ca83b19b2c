"""RG trajectories and flow fields (Fig. 4-5): numerical evaluation of the exact map."""

import mpmath
import pytest
import sympy

from symrg.rg.decimation import rg_map
from symrg.errors import ConvergenceError, ModelError
from symrg.rg.flow import flow_field, rg_step, rg_trajectory
from symrg.model.network import paper_model

R = sympy.Rational


@pytest.fixture(autouse=True)
def _compare_at_high_precision():
    """Numeric comparisons below run at 60 digits (the map itself sets its own)."""
    with mpmath.workdps(60):
        yield


def _exp(pt):
    return {f"exp_{k}": v for k, v in pt.items()}


def test_step_matches_exponential_form():
    m = paper_model()
    form = rg_map(m).exponential_form()
    pt = {"A": R(2), "B": R(1, 3), "C": R(5, 7)}
    subs = {sympy.Symbol(f"exp_{k}"): v for k, v in pt.items()}
    step = rg_step(m, _exp(pt), exact=True)
    assert all(sympy.cancel(step[f"exp_{k}"] - form[k].subs(subs)) == 0 for k in "ABC")
    num = rg_step(m, _exp(pt), digits=40)
    for k in "ABC":
        assert abs(num[f"exp_{k}"] - mpmath.mpf(sympy.N(form[k].subs(subs), 50))) < 1e-38


def test_bare_names_are_couplings_and_exp_names_their_exponentials():
    m = paper_model()
    by_k = rg_step(m, {"A": sympy.log(2), "B": 0, "C": 0}, exact=True)
    by_x = rg_step(m, {"exp_A": 2, "exp_B": 1, "exp_C": 1}, exact=True)
    assert by_k == by_x == {"exp_A": R(40, 39), "exp_B": R(13, 8), "exp_C": R(3, 2)}
    num = rg_step(m, {"A": 1, "B": 0, "C": 0}, digits=30)
    exact = rg_step(m, {"exp_A": sympy.E, "exp_B": 1, "exp_C": 1}, exact=True)
    assert abs(num["exp_A"] - mpmath.mpf(sympy.N(exact["exp_A"], 40))) < 1e-28


def test_trajectory_converges_superexponentially_to_plane():
    traj = rg_trajectory(paper_model(), {"exp_A": 2, "exp_B": 1, "exp_C": 1}, 4, exact=True)
    gaps = [abs(p["exp_A"] - 1) for p in traj]
    assert all(g2 <= g1 ** 2 * 2 for g1, g2 in zip(gaps[1:], gaps[2:]))   # transverse lambda = 0
    assert gaps[-1] < R(1, 10 ** 15)


def test_fixed_point_maps_to_itself_and_flows_away():
    m = paper_model()
    star = _exp({"A": 3, "B": R(-2, 3), "C": R(-1, 3)})
    assert rg_step(m, star, exact=True) == star
    near = _exp({"A": 3 + R(1, 10 ** 6), "B": R(-2, 3), "C": R(-1, 3)})
    out = rg_step(m, near, exact=True)
    assert abs(out["exp_A"] - 3 - R(2, 10 ** 6)) < R(1, 10 ** 10)   # lambda = 2
    num = rg_step(m, near, digits=30)
    assert abs(num["exp_A"] - mpmath.mpf(sympy.N(out["exp_A"], 40))) < 1e-28


def test_two_steps_equal_one_step_of_p4():
    pt = _exp({"A": R(3, 2), "B": R(2, 5), "C": R(7, 3)})
    two = rg_trajectory(paper_model(), pt, 2, exact=True)[-1]
    assert rg_step(paper_model(scale=4), pt, exact=True) == two


def test_numeric_trajectory_agrees_with_exact():
    start = {"exp_A": 2, "exp_B": 1, "exp_C": 1}
    exact = rg_trajectory(paper_model(), start, 3, exact=True)[-1]
    num = rg_trajectory(paper_model(), start, 3, digits=30)[-1]
    assert all(abs(mpmath.mpf(sympy.N(exact[k], 40)) - num[k]) < 1e-28 for k in exact)


def test_flow_field_fig5_window():
    f = flow_field(paper_model(), ("exp_A", "exp_B"), {"exp_C": R(-1, 3)},
                   ((R(14, 5), R(16, 5)), (R(-4, 5), R(-11, 20))), (5, 5))
    assert len(f.arrows) == 25 and not f.skipped
    centre = [a for a in f.arrows if a[0] == 3]
    assert all(dx == 0 for _, _, dx, _ in centre)
    # every arrow is the exact map's displacement, to the stated precision
    for x, y, dx, dy in f.arrows[::6]:
        img = rg_step(paper_model(), {"exp_A": x, "exp_B": y, "exp_C": R(-1, 3)}, exact=True)
        assert abs(mpmath.mpf(sympy.N(img["exp_A"] - x, 40)) - dx) < 1e-25
        assert abs(mpmath.mpf(sympy.N(img["exp_B"] - y, 40)) - dy) < 1e-25


def test_errors():
    m = paper_model()
    with pytest.raises(ModelError, match="unknown coupling 'exp_Q'"):
        flow_field(m, ("exp_A", "exp_Q"), {"exp_C": 1})
    with pytest.raises(ModelError, match="missing value for exp_C"):
        flow_field(m, ("exp_A", "exp_B"), {})
    with pytest.raises(ModelError, match="physical=True needs positive weights"):
        rg_trajectory(m, _exp({"A": 3, "B": R(-2, 3), "C": R(-1, 3)}), 1, physical=True)
    with pytest.raises(ModelError, match="steps"):
        rg_trajectory(m, _exp({"A": 1, "B": 1, "C": 1}), -1)
    with pytest.raises(ConvergenceError, match="vanishes"):
        rg_step(m, _exp({"A": -1, "B": 1, "C": 1}), exact=True)
    with pytest.raises(ConvergenceError, match="vanishes"):
        rg_step(m, _exp({"A": -1, "B": 1, "C": 1}))


def test_flow_plane_polynomials_equal_parse_expr():
    """flowmarks reads family equations as QQ polynomials: the same expressions as
    ``parse_expr(...).subs(fixed)``; texts that are not polynomials take parse_expr."""
    import sympy
    from symrg.fixedpoints.analysis import find_fixed_points
    from symrg.records.flowmarks import _number, _numerator, _on_plane
    texts = [str(e) for f in find_fixed_points(paper_model(scale=4)).families
             for e in f.equations]
    texts += ["exp_A**(1/2) - exp_B", "log(exp_A) + 1", "exp_A/exp_B - 1", "-(exp_A - 2)**3/7",
              "exp_A*(exp_B + 1)", "exp_A*exp_A - exp_A**2 + 2**3*exp_C/6", "1/(exp_A - 1)",
              "4*exp_A**2*exp_B/9 - 6*exp_A/15 + 2*exp_C/3", "-exp_A/2 - 3*exp_B/4"]
    for fixed in ({"exp_C": "-1/3"}, {"exp_C": "2"}, {"exp_C": "0.5"}):
        entry = {"plane": ["exp_A", "exp_B"], "fixed": fixed}
        xs = {n: sympy.Symbol(n) for n in entry["plane"]}
        local = {**xs, "exp_C": sympy.Symbol("exp_C")}
        subs = {local["exp_C"]: _number(fixed["exp_C"])}
        for text in texts:
            fast = _on_plane(text, entry, xs, local, subs)
            slow = sympy.parse_expr(text, local_dict=local).subs(subs)
            assert fast == slow and str(fast) == str(slow), text
            numer = sympy.together(slow).as_numer_denom()[0]
            assert sympy.expand(_numerator(text, entry, xs, local, subs) - numer) == 0, text
