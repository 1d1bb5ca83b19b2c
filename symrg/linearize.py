"""Linearised RG flow at a fixed point (Eq. 33-34 of Lee, Lee & Yi).

In the coordinates ``x_k = exp(K_k)`` of Eq. 33 the RG map is
x -> E(x) -> E' = E (M E)^(p-1) -> x'(E'), with ``E[o] = prod_k x_k^{m_ko}`` on pair
orbits o and ``x'_k = prod_o E'[o]^{V^{-1}_{k+1,o}}``.  The chain rule gives

    dR/dx = diag(x') V^{-1} diag(1/E') DF diag(E) Mon diag(1/x),
    DF(dE) = sum_{a=0}^{p-1} (E M)^a dE (M E)^(p-1-a),

exact when the fixed point is exact.  At an isolated point E = M^{-1} every term of
DF is dE, so dR/dx = p I: y = ln p / ln p = 1 for every coupling (Eq. 34).
"""

from dataclasses import dataclass


import mpmath
import sympy

from .counting import count_matrix
from .couplings import coupling_basis
from .errors import ModelError
from .fixedpoints import (FixedPoint, FixedPointFamily, _monomial_table, check_digits,
                          format_number, weights_from_couplings)
from .model import Model

__all__ = ["Linearization", "linearize", "rg_jacobian", "rg_exponent"]


def rg_jacobian(model: Model, couplings: dict, symmetric: bool = True, *, digits=None):
    """Jacobian ``d exp(K')_k / d exp(K)_l`` at ``couplings`` ({name: exp value}, Eq. 33).

    Exact (sympy, ``cancel``-ed) for exact or symbolic values; with ``digits`` given,
    evaluated in mpmath at that precision and returned as a sympy matrix of Floats.
    No fixed-point assumption.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> rg_jacobian(paper_model(), {"A": 3, "B": sympy.Rational(-2, 3), "C": sympy.Rational(-1, 3)})
    Matrix([
    [2, 0, 0],
    [0, 2, 0],
    [0, 0, 2]])
    """
    basis = coupling_basis(model, symmetric)
    E = sympy.Matrix(weights_from_couplings(model, couplings, symmetric))
    xs = [sympy.sympify(couplings.get(f"exp_{n}", couplings.get(n))) for n in basis.names]
    M = sympy.Matrix(count_matrix(model).T)
    if digits is None:
        J = _chain_rule(basis, _monomial_table(model, symmetric), E, xs, M, model.scale,
                        sympy.Matrix, sympy.zeros, sympy.eye)
        return J.applyfunc(sympy.cancel)
    with mpmath.workdps(digits + 10):
        conv = lambda v: mpmath.mpmathify(complex(0)) + mpmath.mpmathify(sympy.N(v, digits + 10))
        En = mpmath.matrix([[conv(e) for e in E.row(i)] for i in range(E.rows)])
        Mn = mpmath.matrix(M.tolist())
        J = _chain_rule(basis, _monomial_table(model, symmetric), En, [conv(x) for x in xs],
                        Mn, model.scale, mpmath.matrix, mpmath.zeros, mpmath.eye)
        return sympy.Matrix(J.rows, J.cols, lambda i, j: _to_sym(J[i, j], digits + 10))


def _to_sym(z, digits):
    re_, im_ = sympy.Float(mpmath.re(z), digits), sympy.Float(mpmath.im(z), digits)
    return re_ if im_ == 0 else re_ + sympy.I * im_


def _chain_rule(basis, mon, E, xs, M, p, matrix, zeros, eye):
    """dR/dx = diag(x') V^-1 diag(1/E') DF diag(E) Mon diag(1/x) (module docstring)."""
    rows, cols = E.rows, E.cols
    EM, ME = E * M, M * E
    left, right = [eye(rows)], [eye(cols)]
    for _ in range(p - 1):
        left.append(left[-1] * EM)
        right.append(right[-1] * ME)
    F = E * right[-1]
    reps = [orbit[0] for orbit in basis.pair_orbits]
    n_o, n_k = len(reps), basis.size
    DF = zeros(n_o, n_o)
    for b, orbit in enumerate(basis.pair_orbits):
        B = zeros(rows, cols)
        for i, j in orbit:
            B[i, j] = 1
        dF = left[0] * B * right[p - 1]
        for a in range(1, p):
            dF = dF + left[a] * B * right[p - 1 - a]
        for o, (i, j) in enumerate(reps):
            DF[o, b] = dF[i, j]
    inv = basis.inverse_design
    J = zeros(n_k, n_k)
    for k in range(n_k):
        xprime = 1
        for o in range(n_o):
            if inv[k + 1, o]:
                xprime *= F[reps[o]] ** _num(inv[k + 1, o], matrix)
        for l in range(n_k):
            total = 0
            for o in range(n_o):
                if not inv[k + 1, o]:
                    continue
                inner = sum(DF[o, b] * mon[b][l] * E[reps[b]] for b in range(n_o) if mon[b][l])
                total += _num(inv[k + 1, o], matrix) * inner / F[reps[o]]
            J[k, l] = xprime * total / xs[l]
    return J


def _num(r, matrix):
    """An exact rational as a number of the arithmetic in use (mpmath or sympy)."""
    if matrix is sympy.Matrix:
        return r
    return mpmath.mpf(r.p) / r.q


def rg_exponent(eigenvalue, scale: int):
    """``y = ln(lambda) / ln(p)`` exactly when lambda is a power of p (-oo for lambda = 0)."""
    lam = sympy.sympify(eigenvalue)
    if lam == 0:
        return -sympy.oo
    if lam.is_Rational and lam > 0:
        for k in range(-64, 65):
            if sympy.Integer(scale) ** k == lam:
                return sympy.Integer(k)
    return sympy.log(lam) / sympy.log(scale)


def _label(lam, tol=None) -> str:
    """relevant (|lambda| > 1), irrelevant (< 1), marginal (= 1, within ``tol`` if inexact)."""
    mod = sympy.Abs(sympy.sympify(lam))
    if mod.is_number and not mod.is_Rational:
        mod = sympy.N(mod, 30)
    if sympy.Eq(mod, 1) is sympy.true or (tol is not None and abs(mod - 1) < tol):
        return "marginal"
    return "relevant" if mod > 1 else "irrelevant"


@dataclass(frozen=True)
class Linearization:
    """Linearised RG map at a fixed point (Eq. 33-34).

    Attributes
    ----------
    names : tuple of str
    point : dict
        ``{name: exp value}`` of the fixed point.
    jacobian : sympy.Matrix
        ``dR/dK`` in the coordinates ``K = (exp(K_1), ...)``.
    eigenvalues : list
        With multiplicity, sorted by decreasing modulus.
    eigenvectors : list of sympy.Matrix
        One per eigenvalue entry (a basis of each eigenspace).
    exponents : list
        ``y = ln(lambda)/ln(p)``.
    labels : list of str
        relevant / irrelevant / marginal.
    scale : int
    exact : bool
    """

    names: tuple
    point: dict
    jacobian: sympy.Matrix
    eigenvalues: list
    eigenvectors: list
    exponents: list
    labels: list
    scale: int
    exact: bool

    def __repr__(self):
        pairs = ", ".join(f"{_s(l)} ({lab})" for l, lab in zip(self.eigenvalues, self.labels))
        return f"Linearization(eigenvalues: {pairs})"

    def _repr_latex_(self):
        eig = ", ".join(sympy.latex(sympy.sympify(_s(v))) for v in self.eigenvalues)
        return (rf"$\frac{{d\mathcal R}}{{dK}}\Big|_{{K^*}} = {sympy.latex(self.jacobian)},"
                rf"\quad \lambda = {eig}$")


def _s(v):
    v = sympy.sympify(v)
    return str(v) if v.is_Rational or not v.is_number else str(sympy.N(v, 12))


def _gaussian_rational(value) -> bool:
    """True for a + b i with a, b rational, and for free symbols (symbolic families)."""
    value = sympy.sympify(value)
    if not value.is_number:
        return True
    re, im = value.as_real_imag()
    return bool(re.is_Rational and im.is_Rational)


def _exp_couplings(point):
    """``{name: e^K}`` of a FixedPoint (its couplings hold e^K under exp_ keys, else K)."""
    return {(k[4:] if k.startswith("exp_") else k): (v if k.startswith("exp_") else sympy.exp(v))
            for k, v in point.couplings.items()}


def _point_dict(model, point):
    if isinstance(point, FixedPoint):
        return _exp_couplings(point), point.exact
    if isinstance(point, FixedPointFamily):
        if point.sample is None:
            raise ModelError("point: family has no sample point to linearise at")
        return _exp_couplings(point.sample), point.sample.exact
    if isinstance(point, dict):
        names = coupling_basis(model).names
        d = {n: sympy.sympify(point.get(f"exp_{n}", point.get(n))) for n in names}
        if any(v is None for v in d.values()):
            raise ModelError(f"point: expected values for {', '.join(names)}, got {point!r}")
        return d, all(v.is_Rational or not v.is_number for v in d.values())
    raise ModelError(f"point: expected a FixedPoint, FixedPointFamily or dict, got {point!r}")


def linearize(model: Model, point, *, digits: int = 50) -> Linearization:
    """Jacobian, eigenvalues, eigenvectors and RG exponents at a fixed point (Eq. 33-34).

    Parameters
    ----------
    model : Model
    point : FixedPoint, FixedPointFamily (linearised at its sample point) or dict
        ``{name: exp value}``; values may be symbols (e.g. a point of a family
        parametrised by free ``exp_`` symbols).
    digits : int
        Precision of the eigen-decomposition when the point is not exact.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> from symrg.fixedpoints import find_fixed_points
    >>> m = paper_model()
    >>> lin = linearize(m, find_fixed_points(m).isolated[0])
    >>> lin.eigenvalues, lin.exponents, lin.labels
    ([2, 2, 2], [1, 1, 1], ['relevant', 'relevant', 'relevant'])
    """
    check_digits(digits)
    values, exact = _point_dict(model, point)
    # exact linear algebra only over Q(i): algebraic points (roots, RootOf) go numeric
    exact = exact and all(_gaussian_rational(v) for v in values.values())
    names = coupling_basis(model).names
    J = rg_jacobian(model, values, digits=None if exact else digits)
    eigen = _exact_eigen(J) if exact else None
    if eigen is None:
        eigen = _numeric_eigen(J.evalf(digits + 10), digits)
        exact = False
    vals, vecs = eigen
    exps = [rg_exponent(v, model.scale) for v in vals]
    tol = None if exact else sympy.Float(10, 5) ** (-(digits // 3))
    labels = [_label(v, tol) for v in vals]
    return Linearization(tuple(names), values, J, vals, vecs, exps, labels, model.scale, exact)


def _exact_eigen(J):
    """Exact eigen-decomposition when the characteristic polynomial splits over Q.

    Returns None otherwise (general algebraic eigenvalues of a large matrix are
    left to the numeric path, which is verified at its working precision).
    """
    lam = sympy.Symbol("lambda")
    _, factors = sympy.factor_list(J.charpoly(lam).as_expr(), lam)
    if any(sympy.degree(f, lam) > 1 for f, _ in factors) and J.rows > 3:
        return None
    vals, vecs = [], []
    for value, mult, basis in J.eigenvects():
        vals.extend([value] * mult)
        vecs.extend(list(basis) + [None] * (mult - len(basis)))
    order = sorted(range(len(vals)), key=lambda i: (-sympy.N(sympy.Abs(vals[i]), 30),
                                                    sympy.default_sort_key(vals[i])))
    return [vals[i] for i in order], [vecs[i] for i in order]


def _numeric_eigen(J, digits):
    with mpmath.workdps(digits + 10):
        A = mpmath.matrix([[mpmath.mpmathify(sympy.N(x, digits + 10)) for x in row]
                           for row in J.tolist()])
        E, ER = mpmath.eig(A)
        E, ER = mpmath.eig_sort(E, ER, f=lambda z: -abs(z))
        vals = [sympy.sympify(format_number(sympy.Float(mpmath.re(z), digits)
                                            + sympy.I * sympy.Float(mpmath.im(z), digits),
                                            digits).replace("j", "*I")) for z in E]
        vecs = [sympy.Matrix([sympy.Float(mpmath.re(ER[i, k]), digits)
                              + sympy.I * sympy.Float(mpmath.im(ER[i, k]), digits)
                              for i in range(ER.rows)]) for k in range(ER.cols)]
    return vals, vecs
