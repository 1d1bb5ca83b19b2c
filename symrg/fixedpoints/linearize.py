"""Linearised RG flow at a fixed point (Eq. 33-34 of Lee, Lee & Yi), branch-free.

Chart
-----
The map acts on bond weights, ``F(E) = E (M E)^(p-1)`` with ``M = Omega^T``, and a
fixed point is projective: ``F(E) = kappa E`` (Eq. 28).  On the symmetric coupling
space E is G-invariant and is given by its values ``w_o`` on the pair orbits o.  F is
homogeneous of degree p, so its derivative

    DF(dE) = sum_{a=0}^{p-1} (E M)^a dE (M E)^(p-1-a)

satisfies ``DF(E) = p kappa E``.  The linearised map on the projective weight chart is
the map induced by ``A = DF / kappa`` on the quotient by the line of E: its eigenvalues
are those of A with one copy of p removed (the scale direction).  Nothing here takes a
fractional power or a logarithm of a weight, so no branch can be picked wrongly.

The coupling chart ``K_k = sum_o V^{-1}_{k+1,o} ln w_o`` (Eq. 26) has
``dK = V^{-1} diag(1/w) dw`` whatever branch of ln is used, hence

    dK'/dK = [V^{-1} diag(1/w) A diag(w) V]_{k,l >= 1},

similar to the quotient map (the constant D is the removed scale direction: its column
is ``p e_0``, checked).  This is the reported ``jacobian`` (exact when the point is).

Symmetry sectors
----------------
In symmetry-adapted bases (:func:`symrg.rg.symmetry.symmetry_blocks`) an invariant E is
``(+)_lambda E_lambda (x) I``, and A acts block by block,
``A_lambda(X) = sum_a (E_l M_l)^a X (M_l E_l)^(p-1-a) / kappa``, so every eigenvalue
belongs to one isotypic block (``sectors``).  The removed scale eigenvalue p is taken
from the first block (trivial first) in which E has a component; the product of the
block characteristic polynomials is checked against the orbit-coordinate one.

Precision
---------
Exact points (entries in Q, Q(i) or a number field) give exact Jacobians and exact
characteristic polynomials; linear factors give exact eigenvalues, other factors are
solved in mpmath at ``digits + 10`` and checked by their residual.  Numeric points are
linearised in mpmath at ``digits + 10``; eigenvalues of one cluster (closer than
``10^(-digits/(m+1))``, m the block size; a perturbed Jordan block spreads that far) are
replaced by the cluster mean, which is accurate to the working precision.  Exponents
``y = ln(lambda)/ln p`` are computed from the mpmath value (exact integer when lambda
is a power of p).  No value passes through ``str``.
"""

from dataclasses import dataclass, field

import flint
import mpmath
import sympy
from sympy.polys.matrices import DomainMatrix

from ..errors import ConvergenceError, ModelError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.charts import weights_from_couplings
from ..rg.couplings import coupling_basis
from ..rg.design import design_flint
from .points import check_digits

__all__ = ["Linearization", "linearize", "rg_jacobian", "rg_exponent", "to_mpmath",
           "weight_chart_operator"]

LAMBDA = sympy.Symbol("lambda")


# -- numbers ---------------------------------------------------------------------------
def to_mpmath(value, dps: int):
    """An exact or numeric value as an mpmath number at ``dps`` digits (no ``str``)."""
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        return value
    if isinstance(value, int):
        return mpmath.mpf(value)
    v = sympy.sympify(value)
    if v.is_Rational:
        return mpmath.mpf(int(v.p)) / int(v.q)
    prec = int(dps * 3.33) + 20
    re_, im_ = v.as_real_imag()
    parts = [sympy.N(x, dps) if not x.is_Float else x for x in (re_, im_)]
    re_m, im_m = (mpmath.mpf(x._to_mpmath(prec)) if x != 0 else mpmath.mpf(0) for x in parts)
    return re_m if im_m == 0 else mpmath.mpc(re_m, im_m)


def rg_exponent(eigenvalue, scale: int, digits=None):
    """``y = ln(lambda) / ln(p)`` (Eq. 34): exact integer when lambda = p^k.

    With ``digits`` the value is an mpmath number computed at ``digits + 10`` from the
    mpmath value of lambda (exact lambda is evaluated there, never re-parsed); without,
    a sympy expression.  ``-oo`` for lambda = 0.

    Examples
    --------
    >>> rg_exponent(4, 2), rg_exponent(sympy.Rational(1, 2), 2), rg_exponent(3, 2)
    (2, -1, log(3)/log(2))
    """
    if isinstance(eigenvalue, (mpmath.mpf, mpmath.mpc)):
        if eigenvalue == 0:
            return -sympy.oo
        with mpmath.workdps((digits or mpmath.mp.dps) + 10):
            return mpmath.log(eigenvalue) / mpmath.log(scale)
    lam = sympy.sympify(eigenvalue)
    if lam == 0:
        return -sympy.oo
    if lam.is_Rational and lam > 0:
        k = _power_of(lam, scale)
        if k is not None:
            return sympy.Integer(k)
    if digits is None:
        return sympy.log(lam) / sympy.log(scale)
    with mpmath.workdps(digits + 10):
        return mpmath.log(to_mpmath(lam, digits + 20)) / mpmath.log(scale)


def _power_of(lam, p):
    """k with p^k == lam (lam a positive rational), else None."""
    num, den, k = int(lam.p), int(lam.q), 0
    if den != 1 and num != 1:
        return None
    n, sign = (num, 1) if den == 1 else (den, -1)
    while n > 1 and n % p == 0:
        n, k = n // p, k + 1
    return sign * k if n == 1 else None


# -- the operator A = DF / kappa on orbit coordinates -------------------------------
def _domain(values):
    """Smallest sympy domain (QQ, QQ<i>, a number field) holding ``values``.

    Returns ``(K, known)`` with ``known`` mapping each value to its element of K, as
    ``construct_domain`` converted it (the same element ``K.from_sympy`` gives: the
    representation in K is unique, and converting a radical expression again takes
    seconds).
    """
    from sympy.polys.constructor import construct_domain
    exprs = [sympy.sympify(v) for v in values]
    K, elements = construct_domain(exprs, extension=True, field=True)
    if K.is_ZZ:
        return sympy.QQ, {}
    return K, dict(zip(exprs, elements))


def _products(E, M, p, one, zero):
    """Powers (EM)^a and (ME)^b as nested lists, and F = E (ME)^(p-1).

    The powers of the larger of EM (n_h x n_h) and ME (n_s x n_s) are formed through
    the smaller one, ``(ME)^b = M (EM)^(b-1) E`` (and symmetrically), never by a product
    of two large squares: at n_h = 4, n_s = 289 that is 4 n_s^2 instead of n_s^3
    multiplications per power (the identity was also multiplied out before).
    """
    def mul(X, Y):
        return [[sum((X[i][k] * Y[k][j] for k in range(len(Y))), zero) for j in range(len(Y[0]))]
                for i in range(len(X))]
    def eye(n):
        return [[one if i == j else zero for j in range(n)] for i in range(n)]
    def powers(X, Y, n):
        """[I, XY, (XY)^2, ...] up to (XY)^(p-1), through the powers of YX if smaller."""
        XY = mul(X, Y)
        out = [eye(n), XY]
        if len(Y) < len(X):   # YX is the smaller square
            YX = mul(Y, X)
            inner = YX
            for _ in range(p - 2):
                out.append(mul(mul(X, inner), Y))
                inner = mul(inner, YX)
        else:
            for _ in range(p - 2):
                out.append(mul(out[-1], XY))
        return out[:p]
    left, right = powers(E, M, len(E)), powers(M, E, len(E[0]))
    return left, right, mul(E, right[-1])


def weight_chart_operator(E, M, p, orbits, one, zero, div):
    """``(A, kappa, residual)``: A = DF/kappa on orbit coordinates (module docstring).

    ``E`` (n_h x n_s) and ``M`` (n_s x n_h) are nested lists over one arithmetic
    (domain elements or mpmath numbers); ``orbits`` the pair orbits (first pair
    represents); ``div`` the division of that arithmetic.  The residual is
    ``max_o |F_o - kappa w_o|`` (exactly 0 at an exact fixed point).
    """
    left, right, F = _products(E, M, p, one, zero)
    reps = [orb[0] for orb in orbits]
    o0 = next(o for o, (i, j) in enumerate(reps) if E[i][j] != zero)
    i0, j0 = reps[o0]
    kappa = div(F[i0][j0], E[i0][j0])
    if kappa == zero:
        raise ModelError("point: E (M E)^(p-1) = 0 there (kappa = 0); not a fixed point")
    resid = [F[i][j] - kappa * E[i][j] for i, j in reps]
    A = []
    for i, j in reps:
        row = []
        for orb in orbits:
            total = zero
            for a in range(p):
                La, Rb = left[a], right[p - 1 - a]
                for k, l in orb:
                    total += La[i][k] * Rb[l][j]
            row.append(div(total, kappa))
        A.append(row)
    return A, kappa, resid


# -- characteristic polynomials and eigenvalues -------------------------------------
def _exact_charpoly(A, K):
    """Characteristic polynomial of a square nested list over K as a sympy Poly."""
    n = len(A)
    if n == 0:
        return sympy.Poly(1, LAMBDA, domain=K)
    if K.is_QQ:  # flint's fmpq_mat.charpoly (sympy's Berkowitz is O(n^4) in Python)
        cp = flint.fmpq_mat(n, n, [_fmpq(x) for row in A for x in row]).charpoly()
        coeffs = [K(int(c.p), int(c.q)) for c in reversed(cp.coeffs())]
        return sympy.Poly(coeffs, LAMBDA, domain=K)
    dm = DomainMatrix(A, (n, n), K)
    return sympy.Poly(dm.charpoly(), LAMBDA, domain=K)


def _exact_roots(poly, digits):
    """Roots with multiplicity: exact from linear factors, mpmath (checked) otherwise."""
    out = []
    if poly.degree() <= 0:
        return out
    _, factors = _split_over_q(poly) or poly.factor_list()
    for f, mult in factors:
        if f.degree() == 1:
            c1, c0 = f.all_coeffs()
            root = sympy.expand(-c0 / c1)
            out.extend([sympy.sympify(root)] * mult)
        else:
            out.extend(_numeric_roots(f, digits) * mult)
    return out


def _split_over_q(poly):
    """``factor_list`` over QQ of a charpoly over a number field whose coefficients are
    rational and whose roots all are (then the linear factors are the same over the field,
    and QQ is much faster); None otherwise."""
    K = poly.domain
    if not K.is_AlgebraicField:
        return None
    parts = [c.to_list() for c in poly.rep.to_list()]  # coefficients in powers of the generator
    if any(len(c) > 1 for c in parts):
        return None
    coeffs = [K.dom.to_sympy(c[0]) if c else sympy.Integer(0) for c in parts]
    found = sympy.Poly(coeffs, LAMBDA, domain=sympy.QQ).factor_list()
    return found if all(f.degree() == 1 for f, _ in found[1]) else None


def _numeric_roots(f, digits):
    dps = digits + 10
    with mpmath.workdps(dps):
        coeffs = [to_mpmath(c, dps + 10) for c in f.all_coeffs()]
        roots = mpmath.polyroots(coeffs, maxsteps=200 + 4 * dps, extraprec=4 * dps)
        tol = mpmath.mpf(10) ** (-digits)
        for z in roots:
            val = mpmath.polyval(coeffs, z)
            der = mpmath.polyval([c * (len(coeffs) - 1 - k) for k, c in enumerate(coeffs[:-1])], z)
            if abs(val) > tol * abs(der) * (1 + abs(z)):
                raise ConvergenceError(f"eigenvalue: root {mpmath.nstr(z, 15)} of an exact "
                                       f"factor not verified to {digits} digits; raise digits")
    return list(roots)


def _numeric_eigenvalues(A, digits):
    """mpmath eigenvalues of a nested list at ``digits + 10``, residual-checked, clustered."""
    n = len(A)
    if n == 0:
        return [], mpmath.mpf(0)
    with mpmath.workdps(digits + 10):
        mat = mpmath.matrix(A)
        vals, vecs = mpmath.eig(mat)
        scale = 1 + mpmath.mnorm(mat, 1)
        worst = mpmath.mpf(0)
        for k, lam in enumerate(vals):
            v = vecs[:, k]
            r = mpmath.mnorm(mat * v - lam * v, 1) / (scale * max(mpmath.mnorm(v, 1), mpmath.eps))
            worst = max(worst, r)
        if worst > mpmath.mpf(10) ** (-(digits // 2)):
            raise ConvergenceError(f"eigenvalue: residual {mpmath.nstr(worst, 5)} at "
                                   f"{digits + 10} digits; raise digits")
        return _cluster_means(list(vals), digits, n), worst


def _cluster_means(vals, digits, n):
    """Replace each cluster (spread < 10^(-digits/(n+1)) relative) by its mean."""
    tol = mpmath.mpf(10) ** (-mpmath.mpf(digits) / (n + 1))
    groups = []
    for z in vals:
        for g in groups:
            if abs(z - g[0]) <= tol * (1 + abs(g[0])):
                g.append(z)
                break
        else:
            groups.append([z])
    out = []
    for g in groups:
        mean = sum(g) / len(g)
        out.extend([mean] * len(g))
    return out


def _remove_scale(vals, p):
    """Remove one eigenvalue p (exact equality, or the closest numeric one)."""
    vals = list(vals)
    exact = [k for k, v in enumerate(vals) if not isinstance(v, (mpmath.mpf, mpmath.mpc))
             and sympy.sympify(v) == p]
    if exact:
        del vals[exact[0]]
        return vals
    k = min(range(len(vals)), key=lambda k: abs(to_mpmath(vals[k], 30) - p))
    del vals[k]
    return vals


# -- sectors -----------------------------------------------------------------------
def _symmetry_blocks(model):
    """Isotypic blocks of the model, or None when the symmetry module is not present."""
    try:
        from ..rg.symmetry import symmetry_blocks
    except ImportError:  # the block module lands with the classification rewrite
        return None
    return symmetry_blocks(model)


def _mul(X, Y, zero):
    """The product of two nested lists in the arithmetic of ``zero``; flint's ``fmpq_mat``
    when the entries are ``fmpq`` (sympy's QQ with flint ground types: the coupling
    Jacobian V^-1 B V of hardtanh_L2_p3, 45 x 45 at 143 families, took 21 % of its
    fixed-point section as Python sums)."""
    if X and Y and Y[0] and type(zero) is flint.fmpq and \
            all(type(x) is flint.fmpq for M in (X, Y) for row in M for x in row):
        return (flint.fmpq_mat(X) * flint.fmpq_mat(Y)).tolist()
    return [[sum((X[i][k] * Y[k][j] for k in range(len(Y))), zero) for j in range(len(Y[0]))]
            for i in range(len(X))]


def _block_operator(E, M, p, blk, conv, one, zero, div, kappa):
    """A_lambda (nested list) and whether E_lambda != 0, in the arithmetic of E."""
    mat = lambda X: [[conv(x) for x in row] for row in sympy.Matrix(X).tolist()]
    El = _mul(_mul(mat(blk.h_dual), E, zero), mat(blk.sigma_basis), zero)
    Ml = _mul(_mul(mat(blk.sigma_dual), M, zero), mat(blk.h_basis), zero)
    a, b = len(El), len(El[0]) if El else 0
    if a == 0 or b == 0:
        return [], False
    left, right, _ = _products(El, Ml, p, one, zero)
    rows = [[zero] * (a * b) for _ in range(a * b)]
    for k in range(p):
        Ll, Rl = left[k], right[p - 1 - k]
        for i in range(a):
            for j in range(b):
                row = rows[i * b + j]
                for u in range(a):
                    if Ll[i][u] == zero:
                        continue
                    for v in range(b):
                        row[u * b + v] += Ll[i][u] * Rl[v][j]
    rows = [[div(x, kappa) for x in row] for row in rows]
    return rows, any(x != zero for row in El for x in row)


# -- results -------------------------------------------------------------------------
@dataclass(frozen=True)
class Linearization:
    """Linearised RG map at a fixed point (Eq. 33-34).

    Attributes
    ----------
    names : tuple of str
    point : dict
        ``{"exp_<name>": value}`` of the point (empty for boundary points).
    jacobian : sympy.Matrix, mpmath.matrix or None
        ``dK'/dK`` in the coupling chart (sympy when exact); None when a weight is 0.
    eigenvalues : list
        With multiplicity, sorted by decreasing modulus; sympy numbers when exact,
        mpmath numbers otherwise.
    exponents : list
        ``y = ln(lambda)/ln(p)``: sympy Integer / -oo when exact, else mpmath.
    labels : list of str
        relevant / irrelevant / marginal.
    sectors : list of str
        Isotypic block label of each eigenvalue.
    scale : int
    exact : bool
        Whether every eigenvalue is exact.
    residual : tuple
        Fixed-point residual ``max |F - kappa E|`` (0 when exact) and the largest
        relative eigen-residual ``|A v - lambda v|`` of the numeric eigenvalues.
    kappa
        The projective factor ``E (M E)^(p-1) = kappa E``.
    jacobian_q : flint.fmpq_mat or None
        The same Jacobian as a python-flint matrix when it is rational (exact ranks of
        :func:`symrg.fixedpoints.scaling.tangent_check` without converting 10^5 entries).
    rank_j_minus_1 : int or None
        ``rank(J - I)`` over Q, as ``rank(A - I) - 1`` (:func:`_rank_j_minus_identity`),
        or None.
    """

    names: tuple
    point: dict
    jacobian: object
    eigenvalues: list
    exponents: list
    labels: list
    sectors: list
    scale: int
    exact: bool
    residual: object = 0
    kappa: object = None
    jacobian_q: object = field(default=None, repr=False, compare=False)
    rank_j_minus_1: object = field(default=None, repr=False, compare=False)

    def __repr__(self):
        pairs = ", ".join(f"{_short(l)} ({lab})" for l, lab in zip(self.eigenvalues, self.labels))
        return f"Linearization(eigenvalues: {pairs})"

    def _repr_latex_(self):
        eig = ", ".join(_latex(v) for v in self.eigenvalues)
        jac = sympy.latex(self.jacobian) if isinstance(self.jacobian, sympy.MatrixBase) else ""
        head = rf"\frac{{dK'}}{{dK}}\Big|_{{K^*}} = {jac},\quad " if jac else ""
        return f"${head}\\lambda = {eig}$"


def _short(v):
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return mpmath.nstr(v, 12)
    v = sympy.sympify(v)
    return str(v) if v.is_Rational or not v.is_number else str(sympy.N(v, 12))


def _latex(v):
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        from ..numerics import clean
        z = clean(v, 15)
        if isinstance(z, mpmath.mpc):
            return f"{mpmath.nstr(z.real, 12)} {'+' if z.imag >= 0 else '-'} {mpmath.nstr(abs(z.imag), 12)} i"
        return mpmath.nstr(z, 12) if not isinstance(z, sympy.Basic) else "0"
    return sympy.latex(v)


def _label(lam, digits) -> str:
    """relevant (|lambda| > 1), irrelevant (< 1), marginal (= 1; noise rule if inexact)."""
    if isinstance(lam, (mpmath.mpf, mpmath.mpc)):
        from ..numerics import noise_tolerance
        with mpmath.workdps(digits + 10):
            d = abs(lam) - 1
            if abs(d) <= noise_tolerance(digits):
                return "marginal"
            return "relevant" if d > 0 else "irrelevant"
    mod2 = sympy.expand(lam * sympy.conjugate(lam))
    if mod2 == 1:
        return "marginal"
    return "relevant" if sympy.N(mod2, 30) > 1 else "irrelevant"


# -- the point -------------------------------------------------------------------------
def _is_exact(value) -> bool:
    if isinstance(value, (mpmath.mpf, mpmath.mpc, float, complex)):
        return False
    v = sympy.sympify(value)
    return not v.atoms(sympy.Float)  # exact numbers, or symbols (a family's parameters)


def _point_weights(model, point):
    """``(E as sympy/mpmath nested list, point dict)`` of a point in any accepted form."""
    from .points import FixedPoint, FixedPointFamily
    if isinstance(point, FixedPointFamily):
        if point.sample is None:
            raise ModelError("point: family has no sample point to linearise at")
        point = point.sample
    if isinstance(point, FixedPoint):
        return [list(r) for r in sympy.Matrix(point.weights).tolist()], dict(point.couplings)
    if isinstance(point, dict):
        names = coupling_basis(model).names
        values = {}
        for n in names:
            if f"exp_{n}" in point:
                values[n] = sympy.sympify(point[f"exp_{n}"])
            elif n in point:
                values[n] = sympy.exp(sympy.sympify(point[n]))  # bare name: the coupling K
        E = weights_from_couplings(model, {f"exp_{n}": v for n, v in values.items()})
        extra = sorted(set(point) - {f"exp_{n}" for n in names} - set(names))
        if extra:
            raise ModelError(f"point: unknown coupling {extra[0]!r}")
        return [list(r) for r in E.tolist()], {f"exp_{n}": v for n, v in values.items()}
    if isinstance(point, (sympy.MatrixBase, list, tuple)):
        return [list(r) for r in sympy.Matrix(point).tolist()], {}
    raise ModelError(f"point: expected a FixedPoint, FixedPointFamily, dict or weight matrix, "
                     f"got {point!r}")


class _Arith:
    """One arithmetic: a sympy domain (exact) or mpmath at ``dps`` digits."""

    def __init__(self, entries, digits):
        self.exact = all(_is_exact(x) for x in entries)
        self.digits = digits
        if self.exact:
            K, self._known = _domain(entries)
            if not K.is_Field or K.is_EX:
                self.exact = False
            else:
                self.K = K
        if self.exact:
            self.one, self.zero, self.div = self.K.one, self.K.zero, self.K.quo
        else:
            self.one, self.zero = mpmath.mpf(1), mpmath.mpf(0)
            self.div = lambda a, b: a / b

    def conv(self, x):
        if self.exact:
            x = sympy.sympify(x)
            known = self._known.get(x)
            return known if known is not None else self.K.from_sympy(x)
        return to_mpmath(x, self.digits + 20)

    def to_sympy(self, x):
        return self.K.to_sympy(x) if self.exact else x


def _eigen_exact(A, ar, p, digits, remove):
    """Roots of charpoly(A) (one p removed when ``remove``) and the reduced charpoly."""
    poly = _exact_charpoly(A, ar.K)
    if remove:
        q, r = sympy.div(poly, sympy.Poly(LAMBDA - p, LAMBDA, domain=ar.K))
        if not r.is_zero:
            raise ArithmeticError("projective direction: p is not an eigenvalue of DF/kappa")
        poly = q
    return _exact_roots(poly, digits), poly


def _eigen_numeric(A, p, digits, remove):
    vals, worst = _numeric_eigenvalues(A, digits)
    return (_remove_scale(vals, p) if remove else vals), worst


def _spectrum(E, M, p, orbits, ar, blocks, digits, support):
    """Eigenvalues with sectors, kappa, residuals and the orbit operator A."""
    A, kappa, resid = weight_chart_operator(E, M, p, orbits, ar.one, ar.zero, ar.div)
    if ar.exact and any(r != ar.zero for r in resid):
        raise ModelError("point: not a fixed point (E (M E)^(p-1) is not proportional to E)")
    if support is not None:
        A = [[A[i][j] for j in support] for i in support]
    if blocks is None or support is not None:
        label = "support" if support is not None else "all"
        vals, extra = (_eigen_exact(A, ar, p, digits, True) if ar.exact
                       else _eigen_numeric(A, p, digits, True))
        return [(v, label) for v in vals], kappa, resid, A, (0 if ar.exact else extra)
    out, removed, polys = [], False, []
    for blk in blocks:
        Al, nonzero = _block_operator(E, M, p, blk, ar.conv, ar.one, ar.zero, ar.div, kappa)
        remove = nonzero and not removed
        removed = removed or remove
        vals, extra = (_eigen_exact(Al, ar, p, digits, remove) if ar.exact
                       else _eigen_numeric(Al, p, digits, remove))
        polys.append(extra)
        out.extend((v, blk.label) for v in vals)
    if ar.exact:
        _check_block_product(A, ar, p, polys)
    return out, kappa, resid, A, max([x for x in polys if not isinstance(x, sympy.Poly)] or [0])


#: Largest orbit operator whose characteristic polynomial is compared in full with the
#: product of the block ones; beyond, the comparison is randomised: modulo
#: :data:`_CHECK_PRIMES` random primes over Q (:func:`_charpoly_agrees_mod_primes`), at the
#: integer points :data:`_CHECK_POINTS` over a number field (Bareiss determinants, O(n^3)
#: each, against Berkowitz's O(n^4): at orbit size 76 (binary N = 2, L = 2) the full
#: comparison took 60 % of the derivation).
_FULL_CHARPOLY_CHECK = 24
_CHECK_POINTS = (7919, -104729, 1299709)
_CHECK_PRIMES = 2


def _check_block_product(A, ar, p, polys):
    """The block characteristic polynomials times (lambda - p) give charpoly(A) (exactly).

    Up to :data:`_FULL_CHARPOLY_CHECK` orbits the polynomials are compared.  Beyond,
    over Q, both sides modulo random 62-bit primes (:func:`_charpoly_agrees_mod_primes`);
    over a number field, both sides at the integer points :data:`_CHECK_POINTS`: two
    monic polynomials of degree n that differ agree at no more than n - 1 points, so a
    discrepancy is caught unless one of the fixed points happens to be a root of the
    difference.
    """
    prod = sympy.Poly(LAMBDA - p, LAMBDA, domain=ar.K)
    for q in polys:
        prod = prod * q
    n = len(A)
    if n <= _FULL_CHARPOLY_CHECK:
        ok = (prod - _exact_charpoly(A, ar.K)).is_zero is not False
    elif ar.K.is_QQ:
        ok = prod.degree() == n and _charpoly_agrees_mod_primes(A, prod.rep.to_list())
    else:
        K, dm = ar.K, DomainMatrix(A, (n, n), ar.K)
        ok = prod.degree() == n and all(
            (DomainMatrix.eye(n, K) * K(t) - dm).det() == _horner(prod.rep.to_list(), K(t), K)
            for t in _CHECK_POINTS)
    if not ok:
        raise ArithmeticError("symmetry blocks: block characteristic polynomials do not "
                              "multiply to the orbit one")


def _random_prime(rng):
    """A random prime in [2^61, 2^62) (flint's primality test is exact below 2^64)."""
    while True:
        q = rng.randrange(2 ** 61, 2 ** 62) | 1
        if flint.fmpz(q).is_prime():
            return q


def _charpoly_agrees_mod_primes(A, coefficients, rounds=_CHECK_PRIMES, seed=0):
    """Whether charpoly(A) = sum_k c_k lambda^(n-k) modulo ``rounds`` random primes.

    ``A`` is a square nested list over QQ, ``coefficients`` the rationals c_k (highest
    degree first).  Both sides are reduced modulo a random prime P in [2^61, 2^62) (a P
    dividing a denominator is replaced) and flint's ``nmod_mat.charpoly`` is compared with
    the reduced polynomial.  Sound as a randomised test: if the rational polynomials
    differ, their difference (cleared of denominators) has some non-zero integer
    coefficient c, and P divides c for at most log2|c| / 61 of the ~2^55 primes of the
    range; equal polynomials always pass.  The seed is fixed, so a run is reproducible.
    """
    import random
    n = len(A)
    rng = random.Random(seed)
    num, den = flint.fmpq_mat(n, n, [_fmpq(x) for row in A for x in row]).numer_denom()
    coeffs = [_fmpq(c) for c in coefficients]
    done = 0
    while done < rounds:
        P = _random_prime(rng)
        if int(den) % P == 0 or any(int(c.q) % P == 0 for c in coeffs):
            continue
        inv = pow(int(den), -1, P)
        Am = flint.nmod_mat(num, P) * flint.nmod(inv, P)
        low = [int(c.p) * pow(int(c.q), -1, P) % P for c in reversed(coeffs)]
        if Am.charpoly() != flint.nmod_poly(low, P):
            return False
        done += 1
    return True


def _horner(coefficients, t, K):
    """sum_k c_k t^(n-k) in the domain K (coefficients from the highest degree)."""
    value = K.zero
    for c in coefficients:
        value = value * t + c
    return value


def _coupling_jacobian(model, E, A, ar, p):
    """``(J, J_q)``: dK'/dK = [V^-1 diag(1/w) A diag(w) V]_{>=1} (module docstring) and
    the same as a flint ``fmpq_mat`` over Q (else None); ``(None, None)`` if a w is 0.

    Over Q the two products are python-flint ``fmpq_mat`` products (:func:`_flint_similar`);
    over a number field or in mpmath, nested-list products (:func:`_mul`).
    """
    basis = coupling_basis(model)
    w = [E[i][j] for i, j in (orb[0] for orb in basis.pair_orbits)]
    if any(x == ar.zero for x in w):
        return None, None
    n = len(w)
    B = [[ar.div(A[o][b] * w[b], w[o]) for b in range(n)] for o in range(n)]
    if ar.exact and ar.K.is_QQ:
        J = _flint_similar(basis, B)
        if J[0, 0] != p or any(J[k, 0] != 0 for k in range(1, n)):
            raise ArithmeticError("coupling chart: the constant D is not the scale direction")
        sub = flint.fmpq_mat(n - 1, n - 1, [J[k, l] for k in range(1, n) for l in range(1, n)])
        K = ar.K
        flat = (sub.entries() if isinstance(K.one, flint.fmpq)
                else [K(int(q.p), int(q.q)) for q in sub.entries()])
        # a Matrix over its QQ DomainMatrix: no 10^5 sympy Rationals made up front (2.4 s
        # at 594 couplings against 0.1 s)
        return DomainMatrix.from_list_flat(flat, (n - 1, n - 1), K).to_Matrix(), sub
    V = [[ar.conv(x) for x in row] for row in basis.design_matrix.tolist()]
    Vi = [[ar.conv(x) for x in row] for row in basis.inverse_design.tolist()]
    J = _mul(_mul(Vi, B, ar.zero), V, ar.zero)
    if ar.exact and (J[0][0] != p * ar.one or any(J[k][0] != ar.zero for k in range(1, n))):
        raise ArithmeticError("coupling chart: the constant D is not the scale direction")
    sub = [[ar.to_sympy(J[k][l]) for l in range(1, n)] for k in range(1, n)]
    if ar.exact:
        return (sympy.Matrix(sub) if sub else sympy.zeros(0, 0)), None
    with mpmath.workdps(ar.digits + 10):
        return (mpmath.matrix(sub) if sub else mpmath.matrix(0, 0)), None


def _rank_j_minus_identity(A) -> int:
    """``rank(J - I)`` of the coupling Jacobian J, from the orbit operator A over Q.

    ``J_full = V^-1 diag(1/w) A diag(w) V`` is similar to A, and its first column is
    ``(p, 0, ..., 0)`` (checked by :func:`_coupling_jacobian`), so ``J_full - I`` is
    block triangular with the corner ``p - 1 != 0``: ``rank(J_full - I) = 1 +
    rank(J - I)``, and ``rank(J_full - I) = rank(A - I)``.  A has the small denominators
    of the weights' products, J those of V^-1 and of every weight ratio: at 594 couplings
    the rank of A - I is the cheaper one (the test compares the two).
    """
    n = len(A)
    X = flint.fmpq_mat(n, n, [_fmpq(x) for row in A for x in row])
    for k in range(n):
        X[k, k] = X[k, k] - 1
    return X.rank() - 1


def _fmpq(x):
    """A rational (QQ element: flint ``fmpq`` or gmpy ``mpq``) as a flint ``fmpq``."""
    if type(x) is flint.fmpq:
        return x
    return flint.fmpq(int(x.numerator), int(x.denominator))


def _flint_similar(basis, B):
    """``V^{-1} B V`` as a flint ``fmpq_mat`` (B a nested list over QQ; V, V^{-1} from
    :func:`symrg.rg.design.design_flint`, cached per basis).  Equal to the nested-list
    product (test); at 120 orbits 0.01 s against 1.3 s."""
    V, Vi = design_flint(basis)
    n = len(B)
    Bf = flint.fmpq_mat(n, n, [_fmpq(x) for row in B for x in row])
    return Vi * (Bf * V)


def _denoise(v, digits):
    """Noise rule of :mod:`symrg.numerics` on a numeric eigenvalue (exact ones unchanged)."""
    if not isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return v
    from ..numerics import clean
    return clean(v, digits)


def _sort_key(item):
    v, _ = item
    with mpmath.workdps(30):
        mod = abs(to_mpmath(v, 30))
    return -mod


def linearize_weights(model: Model, weights, *, digits: int = 50, support=None,
                      couplings=None) -> Linearization:
    """Linearise at a weight matrix E with ``E (M E)^(p-1) = kappa E`` (module docstring).

    Parameters
    ----------
    model : Model
    weights : nested list or Matrix (n_h x n_sigma), G-invariant
        Exact sympy numbers (exact linearisation) or numbers at ``digits``.
    digits : int
    support : list of int, optional
        Pair-orbit indices to restrict to (boundary points: the directions that keep
        the support).  Default: all orbits, with symmetry sectors.
    """
    check_digits(digits)
    E = [list(r) for r in (weights.tolist() if hasattr(weights, "tolist") else weights)]
    ar = _Arith([x for row in E for x in row], digits)
    if not ar.exact:
        with mpmath.workdps(digits + 10):
            return _finish(model, E, ar, digits, support, couplings)
    return _finish(model, E, ar, digits, support, couplings)


def _finish(model, E, ar, digits, support, couplings):
    p = model.scale
    Ek = [[ar.conv(x) for x in row] for row in E]
    M = [[ar.conv(x) for x in row] for row in count_matrix(model).T.tolist()]
    basis = coupling_basis(model)
    blocks = _symmetry_blocks(model) if support is None else None
    items, kappa, resid, A, eig_res = _spectrum(Ek, M, p, basis.pair_orbits, ar, blocks,
                                                digits, support)
    residual = 0 if ar.exact else max(abs(r) for r in resid)
    if ar.exact and any(r != ar.zero for r in resid):
        raise ModelError("point: not a fixed point (E (M E)^(p-1) is not proportional to E)")
    if not ar.exact and residual > mpmath.mpf(10) ** (-(digits // 2)) * (1 + abs(kappa)):
        raise ModelError(f"point: fixed-point residual {mpmath.nstr(residual, 5)} at "
                         f"{digits} digits; not a fixed point")
    jac, jac_q = _coupling_jacobian(model, Ek, A, ar, p) if support is None else (None, None)
    one_rank = _rank_j_minus_identity(A) if jac_q is not None else None
    exact = ar.exact and all(not isinstance(v, (mpmath.mpf, mpmath.mpc)) for v, _ in items)
    items = [(_denoise(v, digits), s) for v, s in items]
    items.sort(key=_sort_key)
    vals = [v for v, _ in items]
    exps = [rg_exponent(v, p, digits) for v in vals]
    labels = [_label(v, digits) for v in vals]
    return Linearization(basis.names, dict(couplings or {}), jac, vals, exps, labels,
                         [s for _, s in items], p, exact, (residual, eig_res),
                         ar.to_sympy(kappa), jac_q, one_rank)


def linearize(model: Model, point, *, digits: int = 50) -> Linearization:
    """Jacobian, eigenvalues, sectors and RG exponents at a fixed point (Eq. 33-34).

    Parameters
    ----------
    model : Model
    point : FixedPoint, FixedPointFamily (linearised at its sample point), dict or matrix
        A dict maps ``"exp_<name>"`` to e^K or a bare ``"<name>"`` to the coupling K
        (shared key convention); a matrix is the bond-weight matrix E itself.
    digits : int
        Precision of numeric results (exact points stay exact).

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> from symrg.fixedpoints.analysis import find_fixed_points
    >>> m = paper_model()
    >>> lin = linearize(m, find_fixed_points(m).isolated[0])
    >>> lin.eigenvalues, lin.exponents, lin.labels
    ([2, 2, 2], [1, 1, 1], ['relevant', 'relevant', 'relevant'])
    """
    check_digits(digits)
    E, couplings = _point_weights(model, point)
    return linearize_weights(model, E, digits=digits, couplings=couplings)


def rg_jacobian(model: Model, couplings: dict, symmetric: bool = True, *, digits=None):
    """Jacobian ``dK'_k/dK_l`` at a fixed point (``couplings``: ``exp_<name>`` -> e^K, or
    ``<name>`` -> K).

    Exact for exact values (sympy Matrix), else an mpmath matrix at ``digits``.

    Examples
    --------
    >>> from symrg.model.network import paper_model
    >>> R = sympy.Rational
    >>> rg_jacobian(paper_model(), {"exp_A": 3, "exp_B": R(-2, 3), "exp_C": R(-1, 3)})
    Matrix([
    [2, 0, 0],
    [0, 2, 0],
    [0, 0, 2]])
    """
    if not symmetric and coupling_basis(model).size != coupling_basis(model).full_size:
        raise ModelError("symmetric: the Jacobian is computed on the symmetric coupling space")
    return linearize(model, couplings, digits=digits or 50).jacobian
