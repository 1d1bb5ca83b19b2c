"""One check of ``digits`` (symrg.numerics.check_digits) for every entry point."""

import pytest

from symrg.errors import ModelError
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.model.network import paper_model
from symrg.numerics import DIGITS_RANGE, check_digits
from symrg.rg.flow import rg_step


@pytest.mark.parametrize("bad", [14, 100001, 30.0, True, "50", None])
def test_fixed_point_precision_bounds(bad):
    with pytest.raises(ModelError, match=r"digits: expected an integer between 15 and 100000"):
        find_fixed_points(paper_model(), digits=bad)


def test_flow_accepts_a_lower_floor_and_the_same_ceiling():
    point = {"exp_A": 2, "exp_B": 1, "exp_C": 1}
    assert set(rg_step(paper_model(), point, digits=5)) == {"exp_A", "exp_B", "exp_C"}
    for bad in (4, DIGITS_RANGE[1] + 1):
        with pytest.raises(ModelError, match=r"between 5 and 100000"):
            rg_step(paper_model(), point, digits=bad)
    assert check_digits(DIGITS_RANGE[0]) == 15 and check_digits(5, low=5) == 5
