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


def test_nilpotency_check_separates_zero_from_small_spectra():
    """Shift matrices (nilpotent, index n) against the same plus eps on the diagonal."""
    import mpmath

    from symrg.numerics import is_nilpotent
    with mpmath.workdps(50):
        for n in (1, 2, 5, 9):
            for eps, expected in ((0, True), (mpmath.mpf(10) ** -5, False),
                                  (mpmath.mpf(10) ** -20, False)):
                D = mpmath.matrix(n, n)
                for i in range(n):
                    D[i, i] = eps
                    if i + 1 < n:
                        D[i, i + 1] = mpmath.mpf(3) / (i + 2)      # not a plain shift
                start = mpmath.matrix([1 / (i + mpmath.sqrt(2)) for i in range(n)])
                got = is_nilpotent(lambda v: D * v, start, lambda v: mpmath.norm(v, mpmath.inf),
                                   n, mpmath.mp.dps)
                assert got is expected, (n, eps)
