"""Every fixed point of the decimation RG map (Eq. 28-30 of Lee, Lee & Yi).

Fixed points are projective (Eq. 28): the constant D is dropped, so a bond-weight
matrix E is fixed when ``E' = E (M E)^(p-1) = kappa E`` for some kappa != 0, with
``M = Omega^T`` the transposed count matrix.  Coupling space is the set of weight
matrices with every entry non-zero, modulo scale: a vanishing weight is an
infinite coupling, so candidates with a zero weight are spurious.

Algebraic classification (``method="exact"``, full coupling space)
-----------------------------------------------------------------
Write a rank-r matrix as ``E = X Y`` (X: n_h x r, Y: r x n_sigma).  Then
``E (M E)^(p-1) = kappa E`` iff ``G^(p-1) = kappa I_r`` with ``G = Y M X``.
Normalising kappa = 1, G is diagonalisable with (p-1)-th roots of unity as
eigenvalues, with multiplicities m = (m_0, ..., m_{p-2}) (defined up to a cyclic
shift, which is the residual rescaling E -> omega E).  Given the column space, the
row space and the conjugacy class of G, the fixed points form a smooth family of
projective dimension

    r (n_h - r) + r (n_sigma - r) + r^2 - sum_k m_k^2,

non-empty iff r <= rank M.  For p = 2 this is the set of outer inverses of M
(E M E = E), of dimension r (n_h - r) + r (n_sigma - r).  The dimension vanishes only
for r = n_h = n_sigma = rank M with G a multiple of I: the unique isolated fixed
point E = M^{-1} (exact and rational).  For the paper's model this gives the plane
e^A = 1 (Eq. 29, rank 1) and the fictitious point (3, -2/3, -1/3) (Eq. 30).

Physical fixed points (all weights positive) have rank 1: if E > 0 then
T = E M > 0 (every row of Omega is non-zero) and T^p = kappa T, so all non-zero
eigenvalues of T share one modulus and Perron-Frobenius leaves one of them.  The
rank-1 family always contains the positive point E = 1 1^T (K = 0).

Numerical search (``method="numeric"``, and symmetric coupling spaces)
---------------------------------------------------------------------
Minimum-norm Newton steps (SVD pseudo-inverse, which converges on positive-
dimensional solution sets too) on ``E (M E)^(p-1) - E'[0,0] E = 0`` from seeded
random complex starts, steered away from known isolated roots by deflation.
Every reported point is verified by its residual and by agreement of a re-solve
at ``digits + 20``; completeness is NOT proven.
"""

import itertools
import random
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import List, Optional, Tuple

import mpmath
import sympy

from .counting import count_matrix
from .couplings import coupling_basis
from .decimation import decimate, rg_map
from .errors import ConvergenceError, ModelError
from .model import Model

__all__ = [
    "DIGITS_RANGE", "FixedPoint", "FixedPointFamily", "FixedPointAnalysis",
    "check_digits", "exp_symbols", "weights_from_couplings", "couplings_from_weights",
    "normalize_weights", "is_fixed_point", "family_components", "family_equations",
    "naive_candidates", "find_fixed_points", "format_number",
]

#: Accepted range of ``digits`` (significant decimal digits of mpmath results).
DIGITS_RANGE = (15, 100000)


def check_digits(digits) -> int:
    """Validate a working precision in decimal digits.

    Raises
    ------
    ModelError
        When ``digits`` is not an integer in ``DIGITS_RANGE``.
    """
    lo, hi = DIGITS_RANGE
    if isinstance(digits, bool) or not isinstance(digits, int) or not lo <= digits <= hi:
        raise ModelError(f"digits: expected an integer between {lo} and {hi}, got {digits!r}")
    return digits


def format_number(value, digits: int) -> str:
    """``re`` or ``re+imj`` string of a number (exact rationals printed exactly)."""
    value = sympy.sympify(value)
    if value.is_Rational:
        return str(value)
    with mpmath.workdps(digits + 5):
        z = mpmath.mpc(complex(0)) + mpmath.mpmathify(value.evalf(digits + 5))
        re_s = mpmath.nstr(z.real, digits)
        if z.imag == 0:
            return re_s
        im_s = mpmath.nstr(z.imag, digits)
        sign = "" if im_s.startswith("-") else "+"
        return f"{re_s}{sign}{im_s}j"


# -- coordinates -------------------------------------------------------------------
def latex_exp(expr, **options) -> str:
    """LaTeX of an expression in ``exp_<name>`` symbols, each set as ``e^{<name>}``.

    Examples
    --------
    >>> latex_exp(sympy.Symbol("exp_A") - 1)
    'e^{A} - 1'
    """
    expr = sympy.sympify(expr)
    names = {s: f"e^{{{sympy.latex(sympy.Symbol(s.name[4:]))}}}"
             for s in expr.free_symbols if s.name.startswith("exp_")}
    return sympy.latex(expr, symbol_names=names, **options)


def exp_symbols(model: Model, symmetric: bool = True) -> Tuple[sympy.Symbol, ...]:
    """Symbols ``exp_<name>`` of the exponentiated couplings (as in ``exponential_form``)."""
    return tuple(sympy.Symbol(f"exp_{n}") for n in coupling_basis(model, symmetric).names)


@lru_cache(maxsize=64)
def _monomial_table(model: Model, symmetric: bool = True):
    """Mon[o][k]: exponent of x_k in the weight at pair orbit o."""
    basis = coupling_basis(model, symmetric)
    return tuple(tuple(basis.monomial_value(k + 1, *orbit[0]) for k in range(basis.size))
                 for orbit in basis.pair_orbits)


def weights_from_couplings(model: Model, values, symmetric: bool = True) -> sympy.ImmutableMatrix:
    """Bond weights ``E[h, s] = prod_k x_k^{m_k(h, s)}`` from ``x_k = exp(K_k)`` (Eq. 26, D = 0).

    ``values`` maps names (``"A"`` or ``"exp_A"``) to the exponentiated couplings.
    """
    basis = coupling_basis(model, symmetric)
    xs = _resolve_values(basis.names, values, "couplings")
    table = _monomial_table(model, symmetric)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for orbit, row in zip(basis.pair_orbits, table):
        w = sympy.Integer(1)
        for x, m in zip(xs, row):
            w *= x ** m
        for i, j in orbit:
            E[i, j] = w
    return sympy.ImmutableMatrix(E)


def _resolve_values(names, values, where):
    out = []
    for n in names:
        for key in (f"exp_{n}", n):
            if key in values:
                out.append(sympy.sympify(values[key]))
                break
        else:
            raise ModelError(f"{where}: missing value for exp_{n}; expected keys "
                             f"{', '.join('exp_' + m for m in names)}")
    extra = sorted(set(values) - {f"exp_{n}" for n in names} - set(names))
    if extra:
        raise ModelError(f"{where}: unknown coupling {extra[0]!r}; expected one of "
                         f"{', '.join('exp_' + m for m in names)}")
    return out


def couplings_from_weights(model: Model, weights, symmetric: bool = True) -> dict:
    """``{name: exp(K_name)}`` of a weight matrix (D dropped; principal branch powers)."""
    basis = coupling_basis(model, symmetric)
    vals = basis.orbit_values(sympy.Matrix(weights))
    inv = basis.inverse_design
    out = {}
    for k, name in enumerate(basis.names):
        x = sympy.Integer(1)
        for o, v in enumerate(vals):
            if inv[k + 1, o]:
                x *= sympy.sympify(v) ** inv[k + 1, o]
        out[name] = sympy.expand(x) if x.is_number else x
    return out


def normalize_weights(weights) -> sympy.ImmutableMatrix:
    """Divide by the first non-zero entry in canonical (row-major) order."""
    E = sympy.Matrix(weights)
    first = next((e for e in E if e != 0), None)
    if first is None:
        raise ModelError("weights: expected a non-zero matrix, got the zero matrix")
    return sympy.ImmutableMatrix(E.applyfunc(lambda e: sympy.cancel(e / first)))


def is_fixed_point(model: Model, weights) -> bool:
    """Exact test of Eq. 28: every weight non-zero and ``E (M E)^(p-1)`` proportional to E."""
    E = sympy.Matrix(weights)
    if any(sympy.cancel(e) == 0 for e in E):
        return False
    F = decimate(E, count_matrix(model), model.scale)
    return all(sympy.cancel(F[k] * E[0] - F[0] * E[k]) == 0 for k in range(len(E)))


# -- results -----------------------------------------------------------------------
@dataclass(frozen=True)
class FixedPoint:
    """One isolated fixed point (Eq. 30 for the paper's model).

    Attributes
    ----------
    weights : sympy.ImmutableMatrix
        Bond weights over (h-configurations) x (sigma-configurations), normalised so
        the first non-zero entry is 1 (numbers at the stated precision when inexact).
    couplings : dict
        ``{name: exp(K)}``.
    physical : bool
        All weights real and positive.
    verified : str
        How the point was verified.
    exact : bool
        Whether ``weights`` are exact (sympy Rational / algebraic).
    rank : int
    """

    weights: sympy.ImmutableMatrix
    couplings: dict
    physical: bool
    verified: str
    exact: bool
    rank: int

    def __repr__(self):
        body = ", ".join(f"exp_{k}={_short(v)}" for k, v in self.couplings.items())
        kind = "physical" if self.physical else "fictitious"
        return f"FixedPoint({body}; {kind}, {'exact' if self.exact else 'numeric'})"

    def _repr_latex_(self):
        body = r",\ ".join(f"e^{{{sympy.latex(sympy.Symbol(k))}^*}} = {sympy.latex(v)}"
                           for k, v in self.couplings.items())
        return f"${body}$"


def _short(v):
    return str(v) if sympy.sympify(v).is_Rational else str(sympy.N(v, 12))


@dataclass(frozen=True)
class FixedPointFamily:
    """A positive-dimensional family of fixed points (Eq. 29 for the paper's model).

    Attributes
    ----------
    dimension : int
        Dimension in coupling space (projective).
    rank : int
        Rank of the weight matrices of the family.
    multiplicities : tuple
        Eigenvalue multiplicities of G = Y M X over the (p-1)-th roots of unity.
    equations : list of sympy.Expr
        Polynomials in the ``exp_`` symbols vanishing on the family (for p > 2 and
        several multiplicity classes of one rank: on their union); monomial factors cleared.
    physical : bool
        Whether the family contains physical points (all weights positive).
    description : str
    sample : FixedPoint or None
        One point of the family (exact when possible).
    """

    dimension: int
    rank: int
    multiplicities: tuple
    equations: list
    physical: bool
    description: str
    sample: Optional[FixedPoint] = None

    def __repr__(self):
        eqs = ", ".join(f"{e} = 0" for e in self.equations[:3])
        more = ", ..." if len(self.equations) > 3 else ""
        return f"FixedPointFamily(rank={self.rank}, dimension={self.dimension}: {eqs}{more})"

    def _repr_latex_(self):
        return "$" + r",\quad ".join(f"{latex_exp(e)} = 0" for e in self.equations) + "$"


@dataclass
class FixedPointAnalysis:
    """All fixed points of one model's RG map.

    Attributes
    ----------
    isolated : list of FixedPoint
    families : list of FixedPointFamily
    rejected : list of (candidate, reason)
        Spurious candidates (zero weights, vanishing denominators) with the reason.
    complete : bool
        True when the algebraic classification proves the list complete.
    method : str
        ``"exact"`` or ``"numeric"``.
    digits : int
    notes : list of str
    """

    model: Model
    isolated: List[FixedPoint]
    families: List[FixedPointFamily]
    rejected: list
    complete: bool
    method: str
    digits: int
    notes: list = field(default_factory=list)

    def __repr__(self):
        return (f"FixedPointAnalysis({len(self.isolated)} isolated, {len(self.families)} "
                f"families, {len(self.rejected)} rejected; method={self.method}, "
                f"complete={self.complete})")

    def _repr_latex_(self):
        parts = [p._repr_latex_().strip("$") for p in self.isolated + self.families]
        note = "" if self.complete else r"\ \text{(completeness not proven)}"
        return "$" + r"\\ ".join(parts) + note + "$" if parts else "no fixed points"


def _make_point(model, E, verified, exact, symmetric=True, rank=None):
    E = normalize_weights(E) if exact else sympy.ImmutableMatrix(E)
    physical = all(e.is_real and e.is_positive for e in (sympy.sympify(x) for x in E))
    if rank is None:
        rank = sympy.Matrix(E).rank() if exact else None
    return FixedPoint(E, couplings_from_weights(model, E, symmetric), bool(physical),
                      verified, exact, rank)


# -- algebraic classification ------------------------------------------------------
def family_components(n_h: int, n_sigma: int, rank_m: int, scale: int):
    """Components ``(r, multiplicities, dimension)`` of the fixed-point set (module docstring).

    Examples
    --------
    >>> family_components(2, 2, 2, 2)
    [(1, (1,), 2), (2, (2,), 0)]
    """
    out = []
    for r in range(1, min(rank_m, n_h, n_sigma) + 1):
        seen = set()
        for m in itertools.product(range(r + 1), repeat=scale - 1):
            if sum(m) != r:
                continue
            canon = min(m[k:] + m[:k] for k in range(len(m)))
            if canon in seen:
                continue
            seen.add(canon)
            dim = r * (n_h - r) + r * (n_sigma - r) + r * r - sum(x * x for x in canon)
            out.append((r, tuple(canon[::-1]) if scale == 2 else canon, dim))
    return sorted(out, key=lambda c: (c[0], -c[2], c[1]))


def _clear(expr, symbols):
    """Numerator of ``expr`` with its monomial content and leading coefficient removed."""
    num = sympy.numer(sympy.together(sympy.expand(expr)))
    if num == 0:
        return None
    poly = sympy.Poly(num, *symbols)
    _, poly = poly.terms_gcd()
    if poly.is_ground:
        return None
    return (poly / poly.LC()).as_expr()


def _implied_by_rank(entry_fn, n_h, n_s, rank, trials=3, seed=1):
    """True when a polynomial in E vanishes at random rank-``rank`` integer matrices."""
    rng = random.Random(seed)
    for _ in range(trials):
        X = sympy.Matrix(n_h, rank, lambda i, j: rng.randint(-9, 9))
        Y = sympy.Matrix(rank, n_s, lambda i, j: rng.randint(-9, 9))
        if entry_fn(X * Y) != 0:
            return False
    return True


def family_equations(model: Model, rank: int, symmetric: bool = True) -> list:
    """Defining equations of the rank-``rank`` fixed points in the ``exp_`` symbols.

    rank(E) <= r (every (r+1)-minor vanishes) and
    ``E (M E)^(p-1) = tr((M E)^(p-1)) / r * E`` (dropped when implied by the rank
    condition, tested at random rank-r matrices), with monomial factors cleared.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> family_equations(paper_model(), 1)
    [exp_A - 1]
    """
    xs = exp_symbols(model, symmetric)
    E = sympy.Matrix(weights_from_couplings(model, dict(zip((s.name for s in xs), xs)),
                                            symmetric))
    M = sympy.Matrix(count_matrix(model).T)
    n_h, n_s = E.shape
    eqs = []
    if rank < min(E.shape):
        for rows in itertools.combinations(range(n_h), rank + 1):
            for cols in itertools.combinations(range(n_s), rank + 1):
                eqs.append(E.extract(list(rows), list(cols)).det())

    def trace_eq(W):
        P = (M * W) ** (model.scale - 1)
        return W * P * rank - P.trace() * W

    if not _implied_by_rank(lambda W: 0 if trace_eq(W).is_zero_matrix else 1,
                            n_h, n_s, rank):
        eqs.extend(trace_eq(E))
    out = []
    for e in eqs:
        c = _clear(e, xs)
        if c is not None and c not in out:
            out.append(c)
    return sorted(out, key=sympy.default_sort_key)


def _sample_family_point(model, rank, mult, seed=0):
    """An exact point of the component (rank, mult) with every weight non-zero, or None."""
    M = sympy.Matrix(count_matrix(model).T)
    n_h, n_s = M.shape[1], M.shape[0]
    if rank == 1:
        return sympy.ones(n_h, n_s)  # E = 1 1^T: K = 0, fixed for every p
    rng = random.Random(seed)
    p = model.scale
    roots = [sympy.cos(2 * sympy.pi * k / (p - 1)) + sympy.I * sympy.sin(2 * sympy.pi * k / (p - 1))
             for k in range(p - 1)]
    diag = sympy.diag(*[roots[k] for k, m in enumerate(mult) for _ in range(m)])
    for _ in range(20):
        X = sympy.Matrix(n_h, rank, lambda i, j: rng.randint(-3, 3))
        Y = sympy.Matrix(rank, n_s, lambda i, j: rng.randint(-3, 3))
        S = sympy.Matrix(rank, rank, lambda i, j: rng.randint(-3, 3))
        H = Y * M * X
        if H.det() == 0 or S.det() == 0:
            continue
        C = H.inv() * S * diag * S.inv()  # G = H C = S diag S^-1
        E = (X * C * Y).applyfunc(sympy.expand)
        if all(sympy.expand(e) != 0 for e in E):
            return E
    return None


def _exact_analysis(model, digits):
    basis = coupling_basis(model)
    M = sympy.Matrix(count_matrix(model).T)
    n_h, n_s = len(model.h_states), len(model.sigma_states)
    isolated, families, rejected, eq_cache = [], [], [], {}
    for r, mult, dim in family_components(n_h, n_s, M.rank(), model.scale):
        if dim == 0:
            E = M.inv()
            if any(e == 0 for e in E):
                rejected.append(({"weights": str(list(E))}, "weight of M^-1 vanishes"))
                continue
            isolated.append(_make_point(model, E, "exact: E M E = E, E = M^-1 (rational)", True))
            continue
        E = _sample_family_point(model, r, mult)
        if E is None:
            rejected.append(({"rank": r, "multiplicities": list(mult)},
                             "every sampled point of this component has a vanishing weight"))
            continue
        if r not in eq_cache:
            eq_cache[r] = family_equations(model, r)
        sample = _make_point(model, E, "exact: sampled with rational X, Y", True)
        desc = (f"rank-{r} fixed points E = X C Y (eigenvalue multiplicities {list(mult)}); "
                f"dimension {dim} in coupling space; "
                + ("contains the positive point E = 1 1^T (K = 0)" if r == 1
                   else "no positive weights (physical points have rank 1)"))
        families.append(FixedPointFamily(dim, r, mult, eq_cache[r], r == 1, desc, sample))
    for point in isolated:
        if not is_fixed_point(model, point.weights):
            raise ConvergenceError(f"isolated point {point!r}: exact check of Eq. 28 failed")
    return isolated, families, rejected


# -- naive baseline: cleared numerators of exp_K' = exp_K ---------------------------
def naive_candidates(model: Model, symmetric: bool = True):
    """Solve the cleared numerators of ``exp(K') = exp(K)`` with sympy.solve (Eq. 28).

    Returns ``(accepted, rejected)``: solutions as dicts ``{symbol: value}``; each
    rejected one with the reason (a weight vanishes, or a denominator vanishes).
    Only feasible for a handful of couplings.
    """
    xs = exp_symbols(model, symmetric)
    form = rg_map(model, symmetric).exponential_form()
    fr = [sympy.together(form[s.name[4:]] - s) for s in xs]
    nums = [sympy.numer(f) for f in fr]
    dens = [sympy.denom(sympy.together(form[s.name[4:]])) for s in xs]
    solutions = sympy.solve(nums, xs, dict=True)
    names = tuple(s.name for s in xs)
    accepted, rejected = [], []
    for sol in solutions:
        E = sympy.Matrix(weights_from_couplings(
            model, {n: sol.get(s, s) for n, s in zip(names, xs)}, symmetric))
        zero = next(((i, j) for i in range(E.rows) for j in range(E.cols)
                     if sympy.cancel(E[i, j]) == 0), None)
        if zero is not None:
            rejected.append((sol, f"weight E[{zero[0]},{zero[1]}] = "
                                  f"{_weight_expr(model, *zero, symmetric)} = 0"))
            continue
        bad = next((d for d in dens if sympy.cancel(d.subs(sol)) == 0), None)
        if bad is not None:
            rejected.append((sol, f"denominator {bad} vanishes"))
            continue
        accepted.append(sol)
    return accepted, rejected


def _weight_expr(model, i, j, symmetric):
    xs = exp_symbols(model, symmetric)
    return weights_from_couplings(model, {s.name: s for s in xs}, symmetric)[i, j]


# -- numerical search ----------------------------------------------------------------
class _Residual:
    """Projective residual ``F(E) - F[0,0] E`` on pair orbits and its Jacobian (mpmath)."""

    def __init__(self, model, symmetric=True):
        basis = coupling_basis(model, symmetric)
        self.orbits = basis.pair_orbits
        self.shape = (len(model.h_states), len(model.sigma_states))
        self.M = mpmath.matrix([[mpmath.mpf(x.p) / x.q for x in row]    # exact: prior Omega
                                for row in count_matrix(model).T.tolist()])      # is rational
        self.p = model.scale
        self.n = len(self.orbits) - 1

    def weights(self, v):
        E = mpmath.matrix(*self.shape)
        for o, orbit in enumerate(self.orbits):
            for i, j in orbit:
                E[i, j] = 1 if o == 0 else v[o - 1]
        return E

    def __call__(self, v, jacobian=True):
        E = self.weights(v)
        EM, ME = E * self.M, self.M * E
        left, right = [mpmath.eye(self.shape[0])], [mpmath.eye(self.shape[1])]
        for _ in range(self.p - 1):
            left.append(left[-1] * EM)
            right.append(right[-1] * ME)
        F = E * right[-1]
        reps = [orbit[0] for orbit in self.orbits]
        R = mpmath.matrix([F[i, j] - F[0, 0] * v[o] for o, (i, j) in enumerate(reps[1:])])
        if not jacobian:
            return R, F
        J = mpmath.matrix(self.n, self.n)
        for k in range(1, self.n + 1):
            B = mpmath.matrix(*self.shape)
            for i, j in self.orbits[k]:
                B[i, j] = 1
            dF = sum((left[a] * B * right[self.p - 1 - a] for a in range(self.p)),
                     mpmath.matrix(*self.shape))
            for o, (i, j) in enumerate(reps[1:]):
                J[o, k - 1] = dF[i, j] - dF[0, 0] * v[o] - (F[0, 0] if o == k - 1 else 0)
        return R, J


def _min_norm_step(J, R, rel):
    """``-J^+ R`` with singular values below ``rel * max`` dropped (SVD)."""
    U, S, V = mpmath.svd_c(J)
    smax = max(abs(s) for s in S)
    UhR = U.H * R
    y = mpmath.matrix(len(S), 1)
    for k, s in enumerate(S):
        if abs(s) > rel * smax:
            y[k] = UhR[k] / s
    return -(V.H * y)


def _deflation(v, roots):
    """Deflation factor m = prod (1 + 1/|v - r|^2) and its (Wirtinger) gradient."""
    m, grad = mpmath.mpf(1), mpmath.matrix(len(v), 1)
    for r in roots:
        d = v - r
        s = sum(abs(x) ** 2 for x in d)
        f = 1 + 1 / s
        grad = grad * f + m * mpmath.matrix([-mpmath.conj(x) / s ** 2 for x in d])
        m *= f
    return m, grad


def _newton(system, v, digits, roots=(), maxiter=80):
    """Minimum-norm Newton iteration; returns the converged vector or None."""
    tol = mpmath.mpf(10) ** (-digits)
    rel = mpmath.mpf(10) ** (-(digits // 2))
    for _ in range(maxiter + int(mpmath.log(digits, 2))):
        R, J = system(v)
        scale = 1 + max(abs(x) for x in v)
        if mpmath.mnorm(R, 1) < tol * scale ** (system.p + 1) and not roots:
            return v
        if roots:
            m, grad = _deflation(v, roots)
            J = J * m + R * grad.T
            R = R * m
        step = _min_norm_step(J, R, rel)
        size = mpmath.mnorm(step, 1)
        if size > 10 * scale:
            step *= 10 * scale / size
        v = v + step
        if max(abs(x) for x in v) > mpmath.mpf(10) ** 12:
            return None
        if roots and size < mpmath.mpf(10) ** (-(digits // 4)) * scale:
            return _newton(system, v, digits, (), maxiter)
    return None


def _classify(system, v, digits):
    """(rank of E, local dimension, multiplicities, kappa) at a converged point."""
    rel = mpmath.mpf(10) ** (-(digits // 2))
    E = system.weights(v)
    S = mpmath.svd_c(E, compute_uv=False)
    rank = sum(1 for s in S if abs(s) > rel * max(abs(x) for x in S))
    _, J = system(v)
    SJ = mpmath.svd_c(J, compute_uv=False) if system.n else []
    dim = sum(1 for s in SJ if abs(s) <= rel * max([abs(x) for x in SJ] + [1]))
    ME = system.M * E
    eig = [z for z in mpmath.eig(ME, left=False, right=False) if abs(z) > rel * (1 + abs(z))]
    p = system.p
    _, F = system(v, jacobian=False)
    kappa = F[0, 0]
    counts = [0] * (p - 1)
    base = mpmath.root(kappa, p - 1) if p > 2 else kappa
    for z in eig:
        ang = mpmath.arg(z / base) / (2 * mpmath.pi) * (p - 1)
        counts[int(mpmath.nint(ang)) % (p - 1)] += 1
    canon = min(tuple(counts[k:] + counts[:k]) for k in range(p - 1))
    return rank, dim, canon, kappa


def _identify_exact(model, v, digits):
    """Try to recognise a numeric isolated point as rational; exact check of Eq. 28."""
    vals = []
    for x in v:
        if abs(mpmath.im(x)) > mpmath.mpf(10) ** (-(digits // 2)):
            return None
        frac = Fraction(mpmath.nstr(mpmath.re(x), digits)).limit_denominator(10 ** 9)
        vals.append(sympy.Rational(frac.numerator, frac.denominator))
    system = _Residual(model)
    E = sympy.zeros(*system.shape)
    for o, orbit in enumerate(system.orbits):
        for i, j in orbit:
            E[i, j] = 1 if o == 0 else vals[o - 1]
    return E if is_fixed_point(model, E) else None


def _to_sympy(x, digits):
    re_, im_ = sympy.Float(mpmath.re(x), digits), sympy.Float(mpmath.im(x), digits)
    return re_ if im_ == 0 else re_ + sympy.I * im_


def _solve_start(system, start, digits, roots):
    """Converge at ``digits``, re-solve at ``digits + 20``: (point, relative drift) or None."""
    with mpmath.workdps(digits + 10):
        v = _newton(system, mpmath.matrix(start), digits, roots)
    if v is None:
        return None
    with mpmath.workdps(digits + 30):
        w = _newton(system, mpmath.matrix(v), digits + 20)
        if w is None:
            raise ConvergenceError(f"fixed point near {mpmath.nstr(v[0], 15)}: re-solve at "
                                   f"{digits + 20} digits failed; raise digits")
        return w, mpmath.mnorm(w - v, 1) / (1 + mpmath.mnorm(v, 1))


def _exact_inverse_point(model, system):
    """E = M^-1 when n_h = n_sigma = rank M: the isolated point (exact, any coupling space)."""
    M = sympy.Matrix(count_matrix(model).T)
    if M.rows != M.cols or M.rank() < M.rows:
        return None, None
    E = normalize_weights(M.inv())
    if not is_fixed_point(model, E):
        return "zero", None
    v = mpmath.matrix([mpmath.mpf(E[o[0]].p) / E[o[0]].q for o in system.orbits[1:]])
    return _make_point(model, E, "exact: E M E = E, E = M^-1 (rational)", True), v


def numeric_search(model: Model, *, digits: int = 50, seed: int = 0, starts: int = 24):
    """Newton search for fixed points from seeded random complex starts (not proven complete).

    Returns ``(isolated, families, rejected, notes)`` as in :class:`FixedPointAnalysis`.
    """
    check_digits(digits)
    system = _Residual(model)
    rng = random.Random(seed)
    iso_v, isolated, families, rejected, fam_keys = [], [], [], [], set()
    skipped = 0
    with mpmath.workdps(digits + 30):
        point, v = _exact_inverse_point(model, system)
    if point == "zero":
        rejected.append(({"weights": "M^-1"}, "isolated candidate M^-1 has a vanishing weight"))
    elif point is not None:
        iso_v.append(v)
        isolated.append(point)
    for _ in range(starts):
        start = [mpmath.mpc(rng.gauss(0, 1), rng.gauss(0, 1)) for _ in range(system.n)]
        got = _solve_start(system, start, digits, tuple(iso_v))
        if got is None:
            continue
        w, drift = got
        with mpmath.workdps(digits + 30):
            if min([abs(x) for x in w] + [1]) < mpmath.mpf(10) ** (-(digits // 2)):
                rejected.append(({"weights": [mpmath.nstr(x, 15) for x in w]},
                                 "a weight vanishes (infinite coupling)"))
                continue
            rank, dim, mult, kappa = _classify(system, w, digits + 20)
            if abs(kappa) < mpmath.mpf(10) ** (-(digits // 2)):
                rejected.append(({"weights": [mpmath.nstr(x, 15) for x in w]},
                                 "E' = 0 (kappa = 0)"))
                continue
            if dim == 0:
                if drift > mpmath.mpf(10) ** (-(digits - 3)):
                    got = _solve_start(system, w, 2 * digits, ())
                    if got is None or got[1] > mpmath.mpf(10) ** (-(2 * digits - 3)):
                        raise ConvergenceError(
                            f"fixed point near {mpmath.nstr(w[0], 15)}: disagrees at "
                            f"{digits} and {digits + 20} digits even at {2 * digits}; "
                            f"raise digits")
                    w = got[0]
                if any(mpmath.mnorm(w - r, 1) < mpmath.mpf(10) ** (-(digits // 2)) for r in iso_v):
                    continue
                iso_v.append(w)
                isolated.append(_numeric_point(model, system, w, digits))
            elif drift > mpmath.mpf(10) ** (-(digits // 2)):
                skipped += 1
            elif (rank, dim, mult) not in fam_keys:
                fam_keys.add((rank, dim, mult))
                families.append(_numeric_family(model, system, w, digits, rank, dim, mult))
    notes = [f"numeric search: minimum-norm Newton from {starts} seeded random complex starts "
             f"(seed {seed}) with deflation; every point verified at {digits} and "
             f"{digits + 20} digits; completeness is NOT proven"]
    if skipped:
        notes.append(f"{skipped} start(s) ended on a family point that did not re-solve "
                     f"within 1e-{digits // 2}; not reported")
    isolated.sort(key=lambda pt: [str(x) for x in pt.weights])
    families.sort(key=lambda f: (f.rank, -f.dimension, f.multiplicities))
    return isolated, families, rejected, notes


def _numeric_point(model, system, w, digits):
    exact = _identify_exact(model, w, digits)
    how = f"Newton residual < 1e-{digits}; agrees at {digits} and {digits + 20} digits"
    if exact is not None:
        return _make_point(model, exact, how + "; recognised as rational and checked exactly",
                           True)
    E = system.weights(w)
    Es = sympy.ImmutableMatrix(E.rows, E.cols, lambda i, j: _to_sympy(E[i, j], digits))
    S = mpmath.svd_c(E, compute_uv=False)
    rank = sum(1 for s in S if abs(s) > mpmath.mpf(10) ** (-(digits // 2)) * max(S))
    return _make_point(model, Es, how, False, rank=rank)


def _numeric_family(model, system, w, digits, rank, dim, mult):
    sample = _numeric_point(model, system, w, digits)
    desc = (f"rank-{rank} fixed points (eigenvalue multiplicities {list(mult)}), local "
            f"dimension {dim} in the symmetric coupling space (found numerically); "
            + ("contains the positive point E = 1 1^T (K = 0)" if rank == 1
               else "no positive weights (physical points have rank 1)"))
    return FixedPointFamily(dim, rank, mult, family_equations(model, rank), rank == 1,
                            desc, sample)


def find_fixed_points(model: Model, *, digits: int = 50, method: str = "auto",
                      seed: int = 0, starts: int = 24) -> FixedPointAnalysis:
    """Every fixed point of the RG map of ``model`` (Eq. 28-30 of Lee, Lee & Yi).

    Parameters
    ----------
    model : Model
    digits : int
        Precision of numerical results (15 to 100000).
    method : {"auto", "exact", "numeric"}
        ``"exact"``: algebraic classification (needs the full coupling space, i.e. no
        neuron/data symmetry reduction); ``"numeric"``: Newton search from ``starts``
        seeded random complex points (completeness not proven); ``"auto"``: exact
        when possible.

    Returns
    -------
    FixedPointAnalysis

    Raises
    ------
    ModelError
        Bad ``digits`` or ``method``.
    ConvergenceError
        A numerical root could not be verified.

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> fp = find_fixed_points(paper_model())
    >>> fp.isolated
    [FixedPoint(exp_A=3, exp_B=-2/3, exp_C=-1/3; fictitious, exact)]
    >>> fp.families
    [FixedPointFamily(rank=1, dimension=2: exp_A - 1 = 0)]
    """
    check_digits(digits)
    if method not in ("auto", "exact", "numeric"):
        raise ModelError(f"method: expected 'auto', 'exact' or 'numeric', got {method!r}")
    basis = coupling_basis(model)
    full = basis.size == basis.full_size
    if method == "exact" and not full:
        raise ModelError(
            f"method: 'exact' needs the full coupling space, but {model.name!r} has "
            f"{basis.size} symmetric couplings of {basis.full_size}; use method='numeric'")
    if method == "numeric" or not full:
        iso, fam, rej, notes = numeric_search(model, digits=digits, seed=seed, starts=starts)
        return FixedPointAnalysis(model, iso, fam, rej, False, "numeric", digits, notes)
    iso, fam, rej = _exact_analysis(model, digits)
    notes = ["algebraic classification E = X C Y with G = Y M X, G^(p-1) = kappa I: complete"]
    if basis.size <= 3 and all(x.is_Integer for x in basis.inverse_design):
        _, naive_rej = naive_candidates(model)
        rej = rej + [({str(k): str(v) for k, v in sol.items()}, why) for sol, why in naive_rej]
        notes.append("naive cleared-numerator solve (sympy.solve) cross-checked; its "
                     "spurious solutions are listed as rejected")
    return FixedPointAnalysis(model, iso, fam, rej, True, "exact", digits, notes)
