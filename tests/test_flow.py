"""RG trajectories and flow fields (Fig. 4-5)."""

import pytest
import sympy

from symrg.decimation import rg_map
from symrg.errors import ConvergenceError, ModelError
from symrg.flow import flow_field, rg_step, rg_trajectory
from symrg.model import paper_model

R = sympy.Rational


def test_step_matches_exponential_form():
    m = paper_model()
    form = rg_map(m).exponential_form()
    pt = {"A": R(2), "B": R(1, 3), "C": R(5, 7)}
    subs = {sympy.Symbol(f"exp_{k}"): v for k, v in pt.items()}
    step = rg_step(m, pt)
    assert all(sympy.cancel(step[k] - form[k].subs(subs)) == 0 for k in "ABC")


def test_trajectory_converges_superexponentially_to_plane():
    traj = rg_trajectory(paper_model(), {"exp_A": 2, "exp_B": 1, "exp_C": 1}, 4)
    gaps = [abs(p["A"] - 1) for p in traj]
    assert all(g2 <= g1 ** 2 * 2 for g1, g2 in zip(gaps[1:], gaps[2:]))   # transverse lambda = 0
    assert gaps[-1] < R(1, 10 ** 15)


def test_fixed_point_maps_to_itself_and_flows_away():
    m = paper_model()
    star = {"A": 3, "B": R(-2, 3), "C": R(-1, 3)}
    assert rg_step(m, star) == star
    near = {"A": 3 + R(1, 10 ** 6), "B": R(-2, 3), "C": R(-1, 3)}
    out = rg_step(m, near)
    assert abs(out["A"] - 3 - R(2, 10 ** 6)) < R(1, 10 ** 10)   # lambda = 2


def test_two_steps_equal_one_step_of_p4():
    pt = {"A": R(3, 2), "B": R(2, 5), "C": R(7, 3)}
    two = rg_trajectory(paper_model(), pt, 2)[-1]
    assert rg_step(paper_model(scale=4), pt) == two


def test_numeric_trajectory_agrees_with_exact():
    exact = rg_trajectory(paper_model(), {"A": 2, "B": 1, "C": 1}, 3)[-1]
    num = rg_trajectory(paper_model(), {"A": 2, "B": 1, "C": 1}, 3, digits=30)[-1]
    assert all(abs(sympy.N(exact[k] - num[k], 40)) < 1e-28 for k in "ABC")


def test_flow_field_fig5_window():
    f = flow_field(paper_model(), ("exp_A", "exp_B"), {"exp_C": R(-1, 3)},
                   ((R(14, 5), R(16, 5)), (R(-4, 5), R(-11, 20))), (5, 5))
    assert len(f.arrows) == 25 and not f.skipped
    centre = [a for a in f.arrows if a[0] == 3]
    assert all(dx == 0 for _, _, dx, _ in centre)


def test_errors():
    m = paper_model()
    with pytest.raises(ModelError, match="unknown coupling 'exp_Q'"):
        flow_field(m, ("exp_A", "exp_Q"), {"exp_C": 1})
    with pytest.raises(ModelError, match="missing value for exp_C"):
        flow_field(m, ("exp_A", "exp_B"), {})
    with pytest.raises(ModelError, match="physical=True needs positive weights"):
        rg_trajectory(m, {"A": 3, "B": R(-2, 3), "C": R(-1, 3)}, 1, physical=True)
    with pytest.raises(ModelError, match="steps"):
        rg_trajectory(m, {"A": 1, "B": 1, "C": 1}, -1)
    with pytest.raises(ConvergenceError, match="vanishes"):
        rg_step(m, {"A": -1, "B": 1, "C": 1})
