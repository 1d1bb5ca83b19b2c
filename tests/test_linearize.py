"""Linearised RG map (Eq. 33-34): exact Jacobians, eigenvalues and exponents."""

import pytest
import sympy

from symrg.errors import ModelError

from symrg.rg.decimation import rg_map
from symrg.rg.charts import exp_symbols
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.linearize import linearize, rg_exponent, rg_jacobian
from symrg.model.network import paper_model

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


def test_coupling_jacobian_matches_symbolic_jacobian_on_the_family():
    """dK'/dK = diag(1/x) (d e^K'/d e^K) diag(x) at a positive fixed point (x' = x)."""
    m = paper_model()
    pt = {"exp_A": 1, "exp_B": R(5, 2), "exp_C": R(3, 4)}
    x = sympy.diag(1, R(5, 2), R(3, 4))
    diff = rg_jacobian(m, pt) - x.inv() * _sympy_jacobian(m, pt) * x
    assert diff.applyfunc(sympy.cancel) == sympy.zeros(3, 3)


def test_not_a_fixed_point_raises():
    with pytest.raises(ModelError, match="not a fixed point"):
        rg_jacobian(paper_model(), {"exp_A": R(5, 2), "exp_B": R(-1, 7), "exp_C": R(3, 4)})


def test_family_plane_tangent_marginal_transverse_zero():
    m = paper_model()
    B, C = sympy.symbols("exp_B exp_C")
    J = rg_jacobian(m, {"exp_A": 1, "exp_B": B, "exp_C": C})
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
    exact = linearize(m, {"exp_A": 3, "exp_B": R(-2, 3), "exp_C": R(-1, 3)})
    num = linearize(m, {"exp_A": sympy.Float(3, 30), "exp_B": sympy.Float(-2, 30) / 3,
                        "exp_C": sympy.Float(-1, 30) / 3}, digits=25)
    assert not num.exact and exact.exact
    assert all(abs(complex(a) - 2) < 1e-20 for a in num.eigenvalues)


def test_domain_elements_are_the_field_conversions():
    """The elements that linearize reuses from construct_domain are K.from_sympy's,
    at an algebraic point (p = 4: entries in Q(sqrt(3) i)) and a Gaussian one (p = 5)."""
    from symrg.fixedpoints.linearize import _domain
    for p in (4, 5):
        for fam in find_fixed_points(paper_model(scale=p)).families:
            values = list(fam.sample.weights)
            K, known = _domain(values)
            assert K.is_Field and set(known) == {sympy.sympify(v) for v in values}
            assert all(K.from_sympy(x) == e for x, e in known.items())
            assert all(K.to_sympy(e).equals(x) for x, e in known.items())


def test_rational_charpoly_over_a_number_field_keeps_its_exact_roots():
    """The QQ shortcut of _exact_roots: used only when every root is rational; a factor
    that splits only over the field (lambda^2 + lambda + 1 in Q(sqrt(-3))) still gives
    exact roots there."""
    from symrg.fixedpoints.linearize import LAMBDA, _exact_roots, _split_over_q
    K = sympy.QQ.algebraic_field(sympy.sqrt(3) + sympy.I)
    split = sympy.Poly((LAMBDA - 6) * (LAMBDA - 1) ** 2, LAMBDA, domain=K)
    assert _split_over_q(split) is not None
    assert sorted(_exact_roots(split, 30)) == [1, 1, 6]
    assert _exact_roots(split, 30) == [sympy.sympify(r) for f, k in split.factor_list()[1]
                                       for r in [-f.all_coeffs()[1] / f.all_coeffs()[0]] * k]
    cyclo = sympy.Poly(LAMBDA**2 + LAMBDA + 1, LAMBDA, domain=K)
    assert _split_over_q(cyclo) is None
    roots = _exact_roots(cyclo, 30)
    assert all(not isinstance(r, sympy.Float) and sympy.expand(r**2 + r + 1) == 0 for r in roots)


def test_rational_products_in_flint_equal_the_python_sums():
    """_mul multiplies fmpq matrices with flint's fmpq_mat; the plain sums agree (sympy
    Rationals take the Python route), also for a non-square and a 1 x 1 product."""
    import random
    import flint
    from symrg.fixedpoints.linearize import _mul
    rng = random.Random(3)
    for n, m, k in ((5, 7, 4), (1, 1, 1), (3, 1, 6)):
        X = [[sympy.Rational(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(m)]
             for _ in range(n)]
        Y = [[sympy.Rational(rng.randint(-9, 9), rng.randint(1, 7)) for _ in range(k)]
             for _ in range(m)]
        fq = lambda M: [[flint.fmpq(int(x.p), int(x.q)) for x in row] for row in M]
        fast = _mul(fq(X), fq(Y), flint.fmpq(0))
        plain = _mul(X, Y, sympy.Integer(0))
        assert all(type(x) is flint.fmpq for row in fast for x in row)
        assert [[sympy.Rational(int(x.p), int(x.q)) for x in row] for row in fast] == plain
        assert plain == (sympy.Matrix(X) * sympy.Matrix(Y)).tolist()
