"""Tests of symrg.seeds.expfamily: the Gong-Xia scaling RG theta_r -> theta_r Z^r lam^-2r."""

import pytest
import sympy

from symrg.errors import ModelError
from symrg.seeds.expfamily import (LAM, classify, exponential_family_record, fixed_point_limits,
                             is_semigroup, scaling_map, semigroup_defect, theta_symbols)


@pytest.mark.parametrize("a, expected", [(2, "finite"), (1, "zero"), (sympy.Rational(3, 2), "zero"),
                                         (3, "infinite"), (0, "zero")])
def test_power_law_classification(a, expected):
    lims = fixed_point_limits(LAM**a, 3)
    assert {classify(x) for x in lims} == {expected}


def test_Z_lambda_squared_fixes_every_point():
    mp = scaling_map(LAM**2, 3)
    assert all(mp[t] == t for t in theta_symbols(3))


def test_map_matches_definition_exactly():
    Z = LAM**2 + LAM
    mp = scaling_map(Z, 2)
    t1, t2 = theta_symbols(2)
    assert sympy.cancel(mp[t2] - t2 * Z**2 / LAM**4) == 0


def test_semigroup_for_powers_and_not_otherwise():
    assert is_semigroup(LAM**sympy.Rational(5, 2))
    assert semigroup_defect(LAM**3) == 0
    assert not is_semigroup(LAM**2 + 1)


def test_composition_identity_brute_force():
    l1, l2 = sympy.Rational(3), sympy.Rational(7, 2)
    a = sympy.Rational(5, 2)
    t = theta_symbols(2)[1]
    once = scaling_map(LAM**a, 2, l1)[t]
    twice = scaling_map(LAM**a, 2, l2)[t].subs(t, once)
    direct = scaling_map(LAM**a, 2, l1 * l2)[t]
    assert sympy.nsimplify(twice / direct) == 1


def test_record_keys_and_exponents():
    rec = exponential_family_record(LAM**3, 2)
    assert rec["exponents"] == [1, 2]
    assert rec["semigroup"] and rec["semigroup_identity"]
    assert [f["class"] for f in rec["fixed_points"]] == ["infinite", "infinite"]
    rec = exponential_family_record(LAM**2 + 1, 1)
    assert rec["normalised"] is False and rec["fixed_points"][0]["limit"] == 1


def test_bad_inputs():
    with pytest.raises(ModelError, match="R: expected an integer >= 1"):
        theta_symbols(0)
    with pytest.raises(ModelError, match="Z: expected an expression in lam only"):
        scaling_map(sympy.Symbol("q") * LAM, 2)
