"""Fast exact paths of the linearisation against the slow ones they replace (issue 18).

flint ``V^-1 B V`` against the nested-list product, the modular charpoly check of the
symmetry blocks (and that it fails on a corrupted input), the flint rank of ``J - I`` in
the tangent check, the collected log combinations of :func:`point_couplings` and the
unexpanded :func:`log_form` against their former definitions.
"""

import dataclasses
import random

import flint
import pytest
import sympy

from symrg.fixedpoints import linearize as L
from symrg.fixedpoints.analysis import find_fixed_points
from symrg.fixedpoints.scaling import tangent_check
from symrg.model.files import load_model_file
from symrg.model.network import paper_model
from symrg.rg.charts import point_couplings
from symrg.rg.couplings import coupling_basis
from symrg.text.logform import log_form

QQ = sympy.QQ
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


#: Random model #32 of benchmarks/random_models.py (seed 18): 119 couplings, p = 3.
RANDOM_32 = """name = "random 32"
width = 2
data = 1
norm = 1
scale = 3
[values]
W = [-2, "-1/2", -1]
b = [-2, 2, 1]
h = [1, -1, 2]
[activation]
name = "hardtanh"
"""


@pytest.fixture(scope="module")
def model_32(tmp_path_factory):
    """Random model #32 (its basis only; no fixed points solved)."""
    path = tmp_path_factory.mktemp("rm") / "random_32.toml"
    path.write_text(RANDOM_32)
    return load_model_file(path)


def _py_mul(X, Y):
    """Plain Python product of nested lists (independent of flint)."""
    return [[sum((X[i][k] * Y[k][j] for k in range(len(Y))), QQ.zero)
             for j in range(len(Y[0]))] for i in range(len(X))]


def _old_similar(basis, B):
    V = [[QQ.from_sympy(x) for x in row] for row in basis.design_matrix.tolist()]
    Vi = [[QQ.from_sympy(x) for x in row] for row in basis.inverse_design.tolist()]
    return _py_mul(_py_mul(Vi, B), V)


def _random_B(n, seed):
    rng = random.Random(seed)
    return [[QQ(rng.randint(-9, 9), rng.choice([1, 2, 3, 27])) for _ in range(n)]
            for _ in range(n)]


@pytest.mark.parametrize("which", ["paper", "random_32"])
def test_flint_similarity_equals_nested_list_product(which, model_32):
    model = paper_model() if which == "paper" else model_32
    basis = coupling_basis(model)
    n = len(basis.pair_orbits)
    B = _random_B(n, n)
    old = _old_similar(basis, B)
    new = L._flint_similar(basis, B)
    assert all(new[i, j] == old[i][j] for i in range(n) for j in range(n))


def _captured_jacobians(model, point):
    """(new, old) coupling Jacobians at a point: the flint path and the nested-list one."""
    seen = {}
    real = L._coupling_jacobian

    def spy(model_, E, A, ar, p):
        seen.update(E=E, A=A, ar=ar, p=p)
        return real(model_, E, A, ar, p)
    L._coupling_jacobian = spy
    try:
        lin = L.linearize(model, point)
    finally:
        L._coupling_jacobian = real
    ar, E, A = seen["ar"], seen["E"], seen["A"]
    basis = coupling_basis(model)
    w = [E[i][j] for i, j in (orb[0] for orb in basis.pair_orbits)]
    n = len(w)
    B = [[A[o][b] * w[b] / w[o] for b in range(n)] for o in range(n)]
    J = _old_similar(basis, B)
    old = sympy.Matrix([[QQ.to_sympy(J[k][l]) for l in range(1, n)] for k in range(1, n)])
    return lin, old


@pytest.mark.parametrize("path", ["symrg/models/paper.toml",
                                  "benchmarks/models/hardtanh_w2.toml",
                                  "benchmarks/models/bin_N3_L1.toml"])
def test_linearize_jacobian_equals_old_product(path):
    model = load_model_file(ROOT / path)
    fp = find_fixed_points(model)
    points = list(fp.isolated) + [f for f in fp.families if f.sample is not None]
    assert points
    for pt in points[:3]:
        lin, old = _captured_jacobians(model, pt)
        assert lin.jacobian == old
        assert lin.jacobian_q is not None
        assert [[lin.jacobian_q[i, j] for j in range(old.cols)] for i in range(old.rows)] == \
            [[L._fmpq(QQ.from_sympy(x)) for x in row] for row in old.tolist()]


def test_algebraic_domain_keeps_nested_list_path():
    """Q(sqrt(3) i) points (relu3, p = 4) go through the number-field path: no flint copy."""
    model = load_model_file(ROOT / "benchmarks/models/relu3_p4.toml")
    fp = find_fixed_points(model)
    algebraic = [pt for pt in list(fp.isolated) + [f.sample for f in fp.families if f.sample]
                 if not all(sympy.sympify(x).is_Rational for x in pt.weights)]
    if not algebraic:
        pytest.skip("no algebraic point in this model")
    lin = L.linearize(model, algebraic[0])
    assert lin.jacobian_q is None and isinstance(lin.jacobian, sympy.MatrixBase)
    assert tangent_check(lin, 0)["eigenspace_dimension"] is not None


def test_tangent_check_flint_rank_equals_sympy_rank():
    model = load_model_file(ROOT / "benchmarks/models/bin_N3_L1.toml")
    fam = next(f for f in find_fixed_points(model).families if f.sample is not None)
    lin = L.linearize(model, fam)
    assert lin.jacobian_q is not None
    slow = dataclasses.replace(lin, jacobian_q=None, rank_j_minus_1=None)
    assert tangent_check(lin, fam.dimension) == tangent_check(slow, fam.dimension)
    from symrg.fixedpoints.scaling import _rank_minus_identity
    assert lin.rank_j_minus_1 == _rank_minus_identity(lin.jacobian_q)


@pytest.mark.parametrize("path", ["symrg/models/paper.toml",
                                  "benchmarks/models/hardtanh_w2.toml",
                                  "benchmarks/models/bin_N3_L1.toml"])
def test_rank_of_j_minus_identity_from_a(path):
    """rank(J - I) from the orbit operator A equals flint's rank of J - I itself."""
    from symrg.fixedpoints.scaling import _rank_minus_identity
    model = load_model_file(ROOT / path)
    fp = find_fixed_points(model)
    points = list(fp.isolated) + [f for f in fp.families if f.sample is not None]
    for pt in points[:4]:
        lin = L.linearize(model, pt)
        assert lin.rank_j_minus_1 == _rank_minus_identity(lin.jacobian_q)
    from symrg.fixedpoints.budget import _jacobian_chars
    assert _jacobian_chars(lin.jacobian, flint_copy=lin.jacobian_q) == \
        _jacobian_chars(lin.jacobian) == sum(len(str(x)) for x in lin.jacobian)


# -- the block-product check modulo primes --------------------------------------------
def _triangular(n, seed):
    """A lower-triangular QQ matrix (charpoly known: prod (lambda - a_kk)) and its diagonal."""
    rng = random.Random(seed)
    diag = [QQ(rng.randint(-5, 5), rng.choice([1, 2, 3])) for _ in range(n)]
    A = [[diag[i] if i == j else (QQ(rng.randint(-4, 4), 7) if j < i else QQ(0))
          for j in range(n)] for i in range(n)]
    return A, diag


def _linear_polys(values):
    return [sympy.Poly(L.LAMBDA - QQ.to_sympy(v), L.LAMBDA, domain=QQ) for v in values]


class _Ar:
    K = QQ


def test_modular_block_check_passes_and_fails():
    n, p = 40, 3
    A, diag = _triangular(n, 1)
    diag[5] = QQ(p)                 # the scale eigenvalue, removed as (lambda - p)
    A[5][5] = QQ(p)
    rest = diag[:5] + diag[6:]
    L._check_block_product(A, _Ar(), p, _linear_polys(rest))       # correct: passes
    wrong = list(rest)
    wrong[0] = wrong[0] + QQ(1, 10 ** 30)                           # a tiny corruption
    with pytest.raises(ArithmeticError, match="do not multiply"):
        L._check_block_product(A, _Ar(), p, _linear_polys(wrong))
    B = [list(r) for r in A]
    B[0][n - 1] = QQ(1)             # breaks triangularity: charpoly(A) changes
    with pytest.raises(ArithmeticError, match="do not multiply"):
        L._check_block_product(B, _Ar(), p, _linear_polys(rest))


def test_charpoly_mod_primes_agrees_with_exact_charpoly():
    A, _ = _triangular(30, 2)
    A[0][29] = QQ(5, 3)
    exact = L._exact_charpoly(A, QQ).rep.to_list()
    assert L._charpoly_agrees_mod_primes(A, exact)
    assert not L._charpoly_agrees_mod_primes(A, exact[:-1] + [exact[-1] + QQ(1, 3)])


# -- couplings of a point and their log forms -----------------------------------------
def _old_point_couplings(model, weights):
    """point_couplings as it was: one c log(w) term per orbit, summed by sympy."""
    basis = coupling_basis(model)
    vals = [sympy.sympify(v) for v in basis.orbit_values(sympy.Matrix(weights))]
    inv = basis.inverse_design
    out = {}
    for k, name in enumerate(basis.names):
        row = [inv[k + 1, o] for o in range(len(vals))]
        if all(c.is_Integer for c in row):
            x = sympy.Integer(1)
            for c, v in zip(row, vals):
                if c:
                    x *= v ** c
            out[f"exp_{name}"] = sympy.radsimp(sympy.expand(x)) if x.is_number else x
        else:
            out[name] = sympy.Add(*[c * sympy.log(v) for c, v in zip(row, vals) if c])
    return out


def _old_log_form(value):
    """log_form with the unconditional expand it had."""
    from symrg.text import logform
    constant, pi_i, logs = sympy.Integer(0), sympy.Integer(0), {}
    for term in sympy.Add.make_args(sympy.expand(sympy.sympify(value))):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return None
        if rest == 1:
            constant += coefficient
        elif rest == sympy.I * sympy.pi:
            pi_i += coefficient
        elif isinstance(rest, sympy.log) and rest.args[0].is_Rational and rest.args[0] != 0:
            arg = rest.args[0]
            if max(abs(arg.p), arg.q) > logform.MAX_FACTORED:
                return None
            if arg < 0:
                pi_i += coefficient
            for prime, k in sympy.factorint(abs(arg).p).items():
                logs[prime] = logs.get(prime, 0) + coefficient * k
            for prime, k in sympy.factorint(abs(arg).q).items():
                logs[prime] = logs.get(prime, 0) - coefficient * k
        else:
            return None
    return {"constant": constant, "logs": {q: a for q, a in sorted(logs.items()) if a != 0},
            "pi_i": pi_i}


def _invariant_weights(model, seed):
    """A G-invariant rational weight matrix with repeated values and negative entries."""
    rng = random.Random(seed)
    basis = coupling_basis(model)
    pool = [sympy.Rational(rng.randint(-30, 30) or 1, rng.randint(1, 12)) for _ in range(6)]
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for orbit in basis.pair_orbits:
        x = rng.choice(pool)
        for i, j in orbit:
            E[i, j] = x
    return E


@pytest.mark.parametrize("path", ["symrg/models/paper.toml",
                                  "benchmarks/models/hardtanh_L2_p3.toml",
                                  "benchmarks/models/bin_N3_L1.toml"])
def test_point_couplings_and_log_forms_equal_old(path):
    model = load_model_file(ROOT / path)
    for seed in range(3):
        E = _invariant_weights(model, seed)
        new, old = point_couplings(model, E), _old_point_couplings(model, E)
        assert new == old
        for value in new.values():
            assert log_form(value) == _old_log_form(value)


def test_log_form_unexpanded_shapes():
    """A value that needs the expansion (a log of a product) still gets it."""
    x = sympy.Symbol("x", positive=True)
    v = 3 * (sympy.log(sympy.Rational(12, 7)) - sympy.I * sympy.pi)
    assert log_form(v) == _old_log_form(v)
    assert log_form(sympy.log(x)) is None
    w = sympy.Rational(1, 2) * sympy.log(-sympy.Rational(9, 4)) + sympy.log(1024)
    assert log_form(w) == _old_log_form(w)


def test_exact_charpoly_flint_equals_domainmatrix():
    from sympy.polys.matrices import DomainMatrix
    A, _ = _triangular(12, 3)
    A[0][11], A[3][7] = QQ(2, 5), QQ(-1, 3)
    slow = sympy.Poly(DomainMatrix(A, (12, 12), QQ).charpoly(), L.LAMBDA, domain=QQ)
    assert L._exact_charpoly(A, QQ) == slow


def test_coupling_json_from_log_form_equals_json_number():
    """The record's coupling numbers from the log form equal json_number of the value."""
    from symrg.numerics import json_number
    from symrg.records.fixedpoints import _coupling_json
    model = load_model_file(ROOT / "benchmarks/models/hardtanh_L2_p3.toml")
    values = [v for seed in range(4)
              for v in point_couplings(model, _invariant_weights(model, seed)).values()]
    values += [sympy.log(3) / 2 - sympy.log(7) / 9, sympy.log(2) + sympy.I * sympy.pi / 3,
               sympy.Rational(1, 3) - 5 * sympy.log(sympy.Rational(12, 7)) / 4]
    assert sum(v.is_Add for v in values) > 10
    for value in values:
        for digits in (15, 30, 50):
            assert _coupling_json(value, digits) == json_number(value, digits)


def _old_products(E, M, p, one, zero):
    """_products as it was: every power by repeated multiplication from the identity."""
    def mul(X, Y):
        return [[sum((X[i][k] * Y[k][j] for k in range(len(Y))), zero)
                 for j in range(len(Y[0]))] for i in range(len(X))]

    def eye(n):
        return [[one if i == j else zero for j in range(n)] for i in range(n)]
    EM, ME = mul(E, M), mul(M, E)
    left, right = [eye(len(E))], [eye(len(E[0]))]
    for _ in range(p - 1):
        left.append(mul(left[-1], EM))
        right.append(mul(right[-1], ME))
    return left, right, mul(E, right[-1])


@pytest.mark.parametrize("p", [2, 3, 4])
@pytest.mark.parametrize("shape", [(2, 5), (5, 2), (3, 3)])
def test_products_through_the_smaller_square_equal_old(p, shape):
    rng = random.Random(p * 10 + shape[0])
    h, s = shape
    E = [[QQ(rng.randint(-5, 5), rng.randint(1, 4)) for _ in range(s)] for _ in range(h)]
    M = [[QQ(rng.randint(0, 3)) for _ in range(h)] for _ in range(s)]
    assert L._products(E, M, p, QQ.one, QQ.zero) == _old_products(E, M, p, QQ.one, QQ.zero)
