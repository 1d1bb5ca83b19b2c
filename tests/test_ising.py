"""Tests of symrg.seeds.ising: the Gong-Xia 1D Ising decimation through the engine."""

import mpmath
import pytest
import sympy

from symrg.errors import ModelError
from symrg.seeds.ising import (FIELD, K, T, chain_partition_function, correlation_length,
                         decimate_chain, ising_bond_weights, ising_fixed_points,
                         ising_record, ising_recursion, slide_comparison, tanh_recursion,
                         transfer_partition_function, verify_decimation_identity)

X = sympy.Symbol("X", positive=True)


def to_x(expr):
    return sympy.expand(expr.rewrite(sympy.exp)).subs(sympy.exp(K), X)


def test_decimated_weights_are_the_matrix_square():
    Tp = decimate_chain(ising_bond_weights())
    assert sympy.cancel(to_x(Tp[1, 1] - 2 * sympy.cosh(2 * K))) == 0
    assert Tp[0, 1] == 2


def test_recursion_and_constant_exact():
    r = ising_recursion()
    c = sympy.cosh(2 * K)
    # K' = (1/2) ln cosh 2K  <=>  e^{4K'} = cosh^2 2K ; g = (1/2) ln(4 cosh 2K)
    assert sympy.cancel(to_x(sympy.exp(4 * r.coupling) - c**2)) == 0
    assert sympy.cancel(to_x(sympy.exp(4 * r.constant) - 16 * c**2)) == 0
    assert r.field == 0


def test_entries_reproduced_by_projection_with_field():
    r = ising_recursion(K, FIELD)
    point = {K: sympy.Rational(1, 3), FIELD: sympy.Rational(-1, 5)}
    for a, x in enumerate((-1, 1)):
        for b, y in enumerate((-1, 1)):
            rebuilt = sympy.exp(r.constant + r.coupling * x * y + r.field * (x + y) / 2)
            err = sympy.N((rebuilt - r.weights[a, b]).subs(point), 50)
            assert abs(err) < sympy.Float("1e-45")


def test_brute_force_matches_transfer_matrix():
    T8 = ising_bond_weights()
    assert sympy.cancel(to_x(chain_partition_function(T8, 6)
                             - transfer_partition_function(T8, 6))) == 0


def test_partition_function_identity_n8_exact_and_numeric():
    check = verify_decimation_identity(8, digits=40)
    assert check["exact"] is True
    assert all(mpmath.mpf(v) < mpmath.mpf("1e-35") for v in check["residuals"].values())


def test_slides_J0_is_twice_the_exact_constant():
    rows = {r["equation"]: r for r in slide_comparison(8)}
    assert rows["J_0 (slides, Eq. 2)"]["agrees"] is False
    assert rows["J-tilde (slides, Eq. 2)"]["agrees"] is True


def test_tanh_recursion_and_fixed_points():
    assert tanh_recursion() == T**2
    fps = ising_fixed_points()
    assert [(f["K"], f["eigenvalue"], f["exponent"], f["stability"]) for f in fps] == [
        (0, 0, "-inf", "stable"), ("inf", 2, 1, "unstable")]


def test_k_chart_is_singular_at_infinity():
    kp = sympy.log(sympy.cosh(2 * K)) / 2
    assert sympy.limit(kp - K, K, sympy.oo) == -sympy.log(2) / 2
    assert sympy.limit(sympy.diff(kp, K), K, sympy.oo) == 1
    assert sympy.diff(kp, K).subs(K, 0) == 0


def test_correlation_length_halves_and_nu_is_one():
    xi = correlation_length()
    assert xi == -1 / sympy.log(sympy.Abs(sympy.tanh(K)))
    # xi(K') = xi(K)/2 because tanh K' = tanh^2 K
    t = sympy.Symbol("t", positive=True)
    assert sympy.expand_log(-1 / sympy.log(t**2), force=True) * 2 == -1 / sympy.log(t)
    assert sympy.limit((1 - t) * (-1 / sympy.log(t)), t, 1) == 1


def test_negative_bond_weight_raises():
    with pytest.raises(ModelError, match=r"weights\[0, 1\]: expected a positive"):
        decimate_chain(sympy.Matrix([[1, -1], [-1, 1]]))
    with pytest.raises(ModelError, match="square"):
        decimate_chain(sympy.Matrix([[1, 1]]))


def test_general_value_list():
    T3 = ising_bond_weights(sympy.Rational(1, 2), 0, (-1, 0, 1))
    assert T3.shape == (3, 3)
    assert decimate_chain(T3) == T3 * T3
    with pytest.raises(ModelError, match="distinct"):
        ising_bond_weights(K, 0, (1, 1))


def test_record_is_json_ready_and_parseable():
    import json
    rec = ising_record(training=False)
    json.dumps(rec)
    assert sympy.sympify(rec["recursion"]) == sympy.log(sympy.cosh(2 * sympy.Symbol("K"))) / 2
    assert rec["brute_force"]["exact"] is True


def test_correlation_length_negative_coupling_is_real():
    """K < 0: xi = -1/ln|tanh K|, checked against the transfer-matrix spectrum (mpmath)."""
    k = sympy.Rational(-1, 2)
    xi = correlation_length(k)
    assert xi.is_real and xi == correlation_length(-k)
    lam = sorted((complex(v) for v in ising_bond_weights(k).eigenvals()), key=abs)
    with mpmath.workdps(30):
        ref = 1 / mpmath.log(abs(mpmath.mpf(lam[1].real) / mpmath.mpf(lam[0].real)))
        assert abs(sympy.N(xi, 25) - sympy.Float(ref, 25)) < 1e-12


def test_k_infinity_is_a_rank_two_boundary_fixed_point():
    from symrg.seeds.ising import ising_boundary_fixed_point
    b = ising_boundary_fixed_point()
    assert b["rank"] == 2 and b["xi"] == sympy.oo and b["weights"] == sympy.eye(2)
    # independent: T = Omega E^T = identity has a doubly degenerate leading eigenvalue
    assert list(sympy.Matrix(b["weights"]).T.eigenvals().values()) == [2]
    (inf,) = [f for f in ising_fixed_points() if f["K"] == "inf"]
    assert inf["boundary"]["rank"] == 2 and inf["boundary"]["xi"] == "inf"
