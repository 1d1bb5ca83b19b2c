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

Symmetric coupling spaces (every model)
---------------------------------------
With neuron or data-point permutation symmetry the flow lives on G-invariant E.
:mod:`symrg.symmetry` splits E and M into isotypic blocks and :mod:`symrg.classify`
applies the classification above per block, with one common kappa (for N = L = 1
the one block is the full space and the result is the classification above).  The
list is complete; components on which an orbit weight vanishes identically are
rejected (Schwartz-Zippel test).  Equations are polynomials in the orbit weights
(:mod:`symrg.fpequations`), also in ``exp_`` symbols when the exponents are integral.

The Newton search of :mod:`symrg.numeric_search` decides nothing; it is an
independent cross-check (``method="numeric"`` runs it alone, without completeness).
"""

import itertools
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import List, Optional, Tuple

import mpmath
import sympy

from .counting import count_matrix
from .couplings import coupling_basis
from .decimation import decimate, rg_map
from .errors import ConvergenceError, ModelError
from .classify import (_cyclotomic, cyclo_inverse, cyclo_to_sympy, sample_component,
                       symmetric_components, verify_point)
from .model import Model
from .symmetry import symmetry_blocks

__all__ = [
    "DIGITS_RANGE", "FixedPoint", "FixedPointFamily", "FixedPointAnalysis",
    "check_digits", "exp_symbols", "weights_from_couplings", "couplings_from_weights",
    "normalize_weights", "is_fixed_point", "family_components", "family_equations",
    "naive_candidates", "find_fixed_points", "format_number", "point_couplings",
    "numeric_search",
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


def point_couplings(model: Model, weights) -> dict:
    """Couplings of a fixed point's weights, in the shared key convention.

    ``K_k = sum_o Vinv[k+1, o] log w_o`` (Vinv = ``basis.inverse_design``, w_o the
    weight at pair orbit o).  When row k+1 of Vinv is integral, ``e^K_k`` is the
    product of integer powers ``prod_o w_o^Vinv[k+1, o]`` and is returned under
    ``exp_<name>``; otherwise the exact K under ``<name>`` with the principal logarithm
    (for display only: nothing computes with it).

    Examples
    --------
    >>> from symrg.model import paper_model
    >>> point_couplings(paper_model(), [[1, -sympy.Rational(1, 3)], [-sympy.Rational(2, 3), sympy.Rational(2, 3)]])
    {'exp_A': 3, 'exp_B': -2/3, 'exp_C': -1/3}
    """
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
        ``{"exp_<name>": e^K}`` when e^K is a product of integer powers of weights,
        otherwise ``{"<name>": K}`` (principal log); see :func:`point_couplings`.
    physical : bool
        All weights real and positive.
    verified : str
        How the point was verified.
    exact : bool
        Whether ``weights`` are exact (sympy Rational / algebraic).
    rank : int
    block_ranks : dict
        Rank of each isotypic block (``symrg.symmetry`` labels) of E.
    """

    weights: sympy.ImmutableMatrix
    couplings: dict
    physical: bool
    verified: str
    exact: bool
    rank: int
    block_ranks: dict = field(default_factory=dict)

    def __repr__(self):
        body = ", ".join(f"{k}={_short(v)}" for k, v in self.couplings.items())
        kind = "physical" if self.physical else "fictitious"
        return f"FixedPoint({body}; {kind}, {'exact' if self.exact else 'numeric'})"

    def _repr_latex_(self):
        body = r",\ ".join(_coupling_latex(k, v) for k, v in self.couplings.items())
        return f"${body}$"


def _coupling_latex(key, value):
    if key.startswith("exp_"):
        return f"e^{{{sympy.latex(sympy.Symbol(key[4:]))}^*}} = {sympy.latex(value)}"
    return f"{sympy.latex(sympy.Symbol(key))}^* = {sympy.latex(value)}"


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
        Polynomials vanishing on the family, in the ``exp_`` symbols when the design
        matrix and its inverse are integral, otherwise equal to ``weight_equations``
        (for p > 2 and several multiplicity classes of one rank pattern: on their
        union); monomial factors cleared.
    physical : bool
        Whether the family contains physical points (all weights positive).
    description : str
    sample : FixedPoint or None
        One point of the family (exact when possible).
    block_ranks : dict
        Rank r_lambda of each isotypic block.
    weight_equations : list of sympy.Expr
        The equations as homogeneous polynomials in the orbit weights ``w<o>``.
    parametrization : str
        E_lambda = X_lambda C_lambda Y_lambda per block (:mod:`symrg.classify`).
    """

    dimension: int
    rank: int
    multiplicities: tuple
    equations: list
    physical: bool
    description: str
    sample: Optional[FixedPoint] = None
    block_ranks: dict = field(default_factory=dict)
    weight_equations: list = field(default_factory=list)
    parametrization: str = ""

    def __repr__(self):
        eqs = ", ".join(f"{e} = 0" for e in self.equations[:3])
        more = ", ..." if len(self.equations) > 3 else ""
        return f"FixedPointFamily(rank={self.rank}, dimension={self.dimension}: {eqs}{more})"

    def _repr_latex_(self):
        return "$" + r",\quad ".join(f"{latex_exp(e)} = 0" for e in self.equations[:6]) + "$"


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


def _make_point(model, E, verified, exact, symmetric=True, rank=None, block_ranks=None):
    E = normalize_weights(E) if exact else sympy.ImmutableMatrix(E)
    physical = all(e.is_real and e.is_positive for e in (sympy.sympify(x) for x in E))
    if rank is None:
        rank = sympy.Matrix(E).rank() if exact else None
    if symmetric:
        couplings = point_couplings(model, E)
    else:
        couplings = {f"exp_{k}": v for k, v in couplings_from_weights(model, E, False).items()}
    return FixedPoint(E, couplings, bool(physical), verified, exact, rank, block_ranks or {})


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


def _point_from_values(model, comp, values, how):
    """FixedPoint of orbit weights in Q(zeta) (normalised by the first weight)."""
    n = model.scale - 1
    inv0 = cyclo_inverse(n, values[0])
    basis = coupling_basis(model)
    E = sympy.zeros(len(model.h_states), len(model.sigma_states))
    for v, orbit in zip(values, basis.pair_orbits):
        x = cyclo_to_sympy(n, (v * inv0) % _cyclotomic(n))
        for i, j in orbit:
            E[i, j] = x
    return _make_point(model, E, how + "; E (M E)^(p-1) = kappa E checked exactly", True,
                       rank=comp.rank, block_ranks=comp.block_ranks)


def _parametrization(comp) -> str:
    parts = []
    for c in comp.choices:
        if c.rank == 0:
            parts.append(f"E_{c.label} = 0")
            continue
        roots = ", ".join(f"zeta^{k} x{m}" for k, m in enumerate(c.multiplicities) if m)
        parts.append(f"E_{c.label} = X_{c.label} C_{c.label} Y_{c.label} with X "
                     f"(m_h x {c.rank}), Y ({c.rank} x m_sigma) of full rank, C = "
                     f"(Y M_{c.label} X)^-1 S diag({roots}) S^-1, S invertible")
    return "; ".join(parts) + " (zeta = exp(2 pi i/(p-1)), kappa = 1)"


def _family(model, comp, point):
    from .fpequations import component_equations, to_exp_equations, to_weight_exprs
    polys = component_equations(model, comp)
    weq = to_weight_exprs(model, polys)
    eeq = to_exp_equations(model, polys)
    physical = comp.rank == 1 and point.physical
    blocks = ", ".join(f"{c.label}: {c.rank}" for c in comp.choices)
    blocks = f"block ranks {blocks}; " if len(comp.choices) > 1 else ""
    desc = (f"rank-{comp.rank} fixed points ({blocks}eigenvalue multiplicities "
            f"{list(comp.multiplicities)}); dimension {comp.dimension} in coupling space; "
            + ("contains the positive point E = 1 1^T (K = 0)" if physical
               else "no positive weights" + (" (physical points have rank 1)"
                                             if comp.rank > 1 else "")))
    return FixedPointFamily(comp.dimension, comp.rank, comp.multiplicities,
                            eeq if eeq is not None else weq, physical, desc, point,
                            comp.block_ranks, weq, _parametrization(comp))


def _exact_analysis(model, digits, seed=0):
    """Isolated points, families and rejected components of the block classification."""
    isolated, families, rejected = [], [], []
    for comp in symmetric_components(model):
        values, how = sample_component(model, comp, seed)
        if values is None:
            candidate = {"rank": comp.rank, "dimension": comp.dimension}
            if len(comp.block_ranks) > 1:
                candidate["block_ranks"] = comp.block_ranks
            rejected.append((candidate, how))
            continue
        if not verify_point(model, values):
            raise ConvergenceError(f"component {comp.block_ranks}: exact check of Eq. 28 "
                                   f"failed at its sample point")
        point = _point_from_values(model, comp, values, how)
        if comp.dimension == 0:
            isolated.append(point)
        else:
            families.append(_family(model, comp, point))
    isolated.sort(key=lambda pt: [str(x) for x in pt.weights])
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
                                  f"{_plain(_weight_expr(model, *zero, symmetric))} = 0"))
            continue
        bad = next((d for d in dens if sympy.cancel(d.subs(sol)) == 0), None)
        if bad is not None:
            rejected.append((sol, f"denominator {_plain(bad)} vanishes"))
            continue
        accepted.append(sol)
    return accepted, rejected


def _plain(expr) -> str:
    """An expression in plain notation for notes: ``exp_A exp_B^2 + 1`` (no ``*``/``**``)."""
    return str(expr).replace("**", "^").replace("*", " ")


def _weight_expr(model, i, j, symmetric):
    xs = exp_symbols(model, symmetric)
    return weights_from_couplings(model, {s.name: s for s in xs}, symmetric)[i, j]


def numeric_search(model: Model, *, digits: int = 50, seed: int = 0, starts: int = 24):
    """Newton search (:func:`symrg.numeric_search.numeric_search`; cross-check only)."""
    from .numeric_search import numeric_search as search
    return search(model, digits=digits, seed=seed, starts=starts)


def find_fixed_points(model: Model, *, digits: int = 50, method: str = "auto",
                      seed: int = 0, starts: int = 24,
                      cross_check: bool = False) -> FixedPointAnalysis:
    """Every fixed point of the RG map of ``model`` (Eq. 28-30 of Lee, Lee & Yi).

    Parameters
    ----------
    model : Model
    digits : int
        Precision of numerical results (15 to 100000).
    method : {"auto", "exact", "numeric"}
        ``"auto"`` and ``"exact"``: the complete block classification (module
        docstring), for every model; ``"numeric"``: only the Newton search from
        ``starts`` seeded random complex points (completeness not proven).
    seed : int
        Seed of the random samples (family points, Schwartz-Zippel test, Newton starts).
    cross_check : bool
        Also solve the cleared numerators of ``exp(K') = exp(K)`` with sympy.solve
        (few couplings, integral exponents only): its isolated solutions must be
        among the classified points, and its spurious solutions are listed in
        ``rejected``.

    Returns
    -------
    FixedPointAnalysis

    Raises
    ------
    ModelError
        Bad ``digits`` or ``method``.
    ConvergenceError
        A point failed its exact check, or a numerical root could not be verified.

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
    if method == "numeric":
        iso, fam, rej, notes = numeric_search(model, digits=digits, seed=seed, starts=starts)
        return FixedPointAnalysis(model, iso, fam, rej, False, "numeric", digits, notes)
    iso, fam, rej = _exact_analysis(model, digits, seed)
    labels = ", ".join(f"{b.label} (d={b.dimension}, {b.h_multiplicity}x{b.sigma_multiplicity})"
                       for b in symmetry_blocks(model))
    notes = [f"algebraic classification per isotypic block ({labels}): E_lambda = X C Y, "
             f"G = Y M_lambda X, G^(p-1) = kappa I with one kappa; complete",
             "a component is rejected only when an orbit weight vanishes at 3 independent "
             "random samples (Schwartz-Zippel); every reported point is checked exactly"]
    if cross_check:
        rej, note = _naive_cross_check(model, iso, rej)
        notes.append(note)
    return FixedPointAnalysis(model, iso, fam, rej, True, "exact", digits, notes)


def _naive_cross_check(model, isolated, rejected):
    basis = coupling_basis(model)
    if basis.size > 3 or not all(x.is_Integer for x in basis.inverse_design):
        return rejected, (f"cross-check skipped: sympy.solve needs <= 3 couplings and "
                          f"integral exponents ({basis.size} couplings)")
    accepted, naive_rej = naive_candidates(model)
    known = [pt.couplings for pt in isolated]
    for sol in accepted:
        if len(sol) == basis.size:
            got = {f"exp_{k.name[4:]}": v for k, v in sol.items()}
            if not any(all(sympy.cancel(c[k] - v) == 0 for k, v in got.items()) for c in known):
                raise ConvergenceError(f"cross-check: sympy.solve found the isolated point "
                                       f"{got} that the classification does not list")
    rejected = rejected + [({str(k): str(v) for k, v in sol.items()}, why)
                           for sol, why in naive_rej]
    return rejected, ("naive cleared-numerator solve (sympy.solve) cross-checked; its "
                      "spurious solutions are listed as rejected")
