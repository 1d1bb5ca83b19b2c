"""Linearised RG map (Eq. 33-34): exact Jacobians, eigenvalues and exponents."""

import sympy

from symrg.decimation import rg_map
from symrg.fixedpoints import exp_symbols, find_fixed_points
from symrg.linearize import linearize, rg_exponent, rg_jacobian
from symrg.model import paper_model

R = sympy.Rational


def _sympy_jacobian(model, point):
    """Independent Jacobian: differentiate exponential_form() symbolically."""
    form = rg_map(model).exponential_form()
    xs = exp_symbols(model)
    F = sympy.Matrix([form[s.name[4:]] for s in xs])
    return F.jacobian(xs).subs({s: point.get(s.name, point.get(s.name[4:])) for s in xs})


def test_eq34_jacobian_is_2I_exactly():
    m = paper_model()
    pt = find_fixed_points(m).isolated[0]
    lin = linearize(m, pt)
    assert lin.jacobian == 2 * sympy.eye(3)
    assert _sympy_jacobian(m, pt.couplings).applyfunc(sympy.cancel) == 2 * sympy.eye(3)
    assert lin.eigenvalues == [2, 2, 2] and lin.exponents == [1, 1, 1]
    assert lin.labels == ["relevant"] * 3


def test_chain_rule_matches_symbolic_jacobian_at_generic_point():
    m = paper_model()
    pt = {"A": R(5, 2), "B": R(-1, 7), "C": R(3, 4)}
    diff = rg_jacobian(m, pt) - _sympy_jacobian(m, pt)
    assert diff.applyfunc(sympy.cancel) == sympy.zeros(3, 3)


def test_family_plane_tangent_marginal_transverse_zero():
    m = paper_model()
    B, C = sympy.symbols("exp_B exp_C")
    J = rg_jacobian(m, {"A": 1, "B": B, "C": C})
    lam = sympy.Symbol("lam")
    charpoly = sympy.factor((J - lam * sympy.eye(3)).det())
    assert sympy.expand(charpoly - (-lam * (lam - 1) ** 2)) == 0   # eigenvalues 1, 1, 0
    lin = linearize(m, find_fixed_points(m).families[0])
    assert lin.eigenvalues == [1, 1, 0]
    assert lin.labels == ["marginal", "marginal", "irrelevant"]


def test_isolated_point_eigenvalue_is_p_for_p3():
    m = paper_model(scale=3)
    pt = find_fixed_points(m).isolated[0]
    lin = linearize(m, pt)
    assert lin.jacobian == 3 * sympy.eye(3) and lin.exponents == [1, 1, 1]
    assert _sympy_jacobian(m, pt.couplings).applyfunc(sympy.cancel) == 3 * sympy.eye(3)


def test_rg_exponent():
    assert rg_exponent(4, 2) == 2 and rg_exponent(R(1, 2), 2) == -1
    assert rg_exponent(0, 2) == -sympy.oo
    assert sympy.cancel(rg_exponent(3, 2) - sympy.log(3) / sympy.log(2)) == 0


def test_numeric_point_linearization_close_to_exact():
    m = paper_model()
    exact = linearize(m, {"A": 3, "B": R(-2, 3), "C": R(-1, 3)})
    num = linearize(m, {"A": sympy.Float(3, 30), "B": sympy.Float(-2, 30) / 3,
                        "C": sympy.Float(-1, 30) / 3}, digits=25)
    assert not num.exact and exact.exact
    assert all(abs(complex(a) - 2) < 1e-20 for a in num.eigenvalues)
