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
:mod:`symrg.rg.symmetry` splits E and M into isotypic blocks and :mod:`symrg.fixedpoints.classify`
applies the classification above per block, with one common kappa (for N = L = 1
the one block is the full space and the result is the classification above).  The
list is complete for the weight map; components on which an orbit weight vanishes
identically (Schwartz-Zippel test) lie at infinity of the coupling chart and are listed
in the projective weight chart (:mod:`symrg.fixedpoints.zeroweight`).  Equations are polynomials in the orbit weights
(:mod:`symrg.fixedpoints.equations`), also in ``exp_`` symbols when the exponents are integral.

The Newton search of :mod:`symrg.fixedpoints.numeric` decides nothing; it is an
independent cross-check (``method="numeric"`` runs it alone, without completeness).
"""

import itertools
import random
from typing import Optional

import sympy

from ..errors import ConvergenceError, ModelError
from ..lattice.counting import count_matrix
from ..model.network import Model
from ..rg.charts import exp_symbols, weights_from_couplings
from ..rg.couplings import coupling_basis
from ..rg.decimation import rg_map
from ..rg.symmetry import symmetry_blocks
from .budget import equations_omitted
from .classify import (_cyclotomic, cyclo_inverse, cyclo_to_sympy, sample_component,
                       symmetric_components, verify_point)
from .points import FixedPointAnalysis, FixedPointFamily, _make_point, check_digits

__all__ = ["family_components", "family_equations", "naive_candidates", "find_fixed_points",
           "numeric_search"]


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
    >>> from symrg.model.network import paper_model
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


def _family(model, comp, point, omitted=None):
    """The family of component ``comp``; its implicit equations unless ``omitted`` (a reason)."""
    from .equations import component_equations, to_exp_equations, to_weight_exprs
    if omitted is None:
        polys = component_equations(model, comp)
        weq = to_weight_exprs(model, polys)
        eeq = to_exp_equations(model, polys)
    else:
        weq, eeq = [], None
    physical = comp.rank == 1 and point.physical
    blocks = ", ".join(f"{c.label}: {c.rank}" for c in comp.choices)
    blocks = f"block ranks {blocks}; " if len(comp.choices) > 1 else ""
    desc = (f"rank-{comp.rank} fixed points ({blocks}eigenvalue multiplicities "
            f"{list(comp.multiplicities)}); dimension {comp.dimension} in coupling space; "
            + ("contains the positive point E = 1 1^T (K = 0)" if physical
               else "no positive weights" + (" (physical points have rank 1)"
                                             if comp.rank > 1 else ""))
            + (f"; {omitted}" if omitted else ""))
    return FixedPointFamily(comp.dimension, comp.rank, comp.multiplicities,
                            eeq if eeq is not None else weq, physical, desc, point,
                            comp.block_ranks, weq, _parametrization(comp))


def _exact_analysis(model, digits, seed=0, equations=None):
    """Isolated points, families, zero-weight components and rejected components.

    A component on which a weight vanishes identically is a fixed point of the weight
    map at infinity of the coupling chart (:mod:`symrg.fixedpoints.zeroweight`); only a component
    of which no such point could be sampled stays rejected.  ``equations``: write the
    implicit equations of families and zero-weight components
    (:func:`.budget.equations_omitted`).
    """
    omitted = equations_omitted(coupling_basis(model).size, equations)
    from .zeroweight import zero_weight_point
    isolated, families, rejected, infinity = [], [], [], []
    for comp in symmetric_components(model):
        values, how = sample_component(model, comp, seed)
        if values is None:
            point = zero_weight_point(model, comp, digits=digits, seed=seed,
                                      equations=omitted is None)
            if point is not None:
                infinity.append(point)
                continue
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
            families.append(_family(model, comp, point, omitted))
    isolated.sort(key=lambda pt: [str(x) for x in pt.weights])
    infinity.sort(key=lambda pt: (pt.dimension, pt.rank, [str(x) for x in pt.weights]))
    return isolated, families, rejected, infinity


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
    """Newton search (:func:`symrg.fixedpoints.numeric.numeric_search`; cross-check only)."""
    from .numeric import numeric_search as search
    return search(model, digits=digits, seed=seed, starts=starts)


def find_fixed_points(model: Model, *, digits: int = 50, method: str = "auto",
                      seed: int = 0, starts: int = 24,
                      cross_check: bool = False,
                      equations: Optional[bool] = None) -> FixedPointAnalysis:
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
    equations : bool, optional
        Write the families' implicit polynomial equations: None (default) up to
        :data:`symrg.fixedpoints.budget.EQUATION_COUPLINGS` couplings, True always,
        False never; an omitted set is named in the family's description.

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
    >>> from symrg.model.network import paper_model
    >>> fp = find_fixed_points(paper_model())
    >>> fp.isolated
    [FixedPoint(exp_A=3, exp_B=-2/3, exp_C=-1/3; fictitious, exact)]
    >>> fp.families
    [FixedPointFamily(rank=1, dimension=2: exp_A - 1 = 0)]
    """
    check_digits(digits)
    if model.parallel != 1:
        raise ModelError(f"parallel = {model.parallel}: the rank classification holds for the "
                         f"chain only; use symrg.fixedpoints.seriesparallel.record."
                         f"fixed_points_record (exact elimination) for series-parallel models")
    if method not in ("auto", "exact", "numeric"):
        raise ModelError(f"method: expected 'auto', 'exact' or 'numeric', got {method!r}")
    if method == "numeric":
        from .zeroweight import inverse_point
        iso, fam, rej, notes = numeric_search(model, digits=digits, seed=seed, starts=starts)
        inf = [z for z in [inverse_point(model, digits=digits)] if z is not None]
        if inf:  # M^-1 with zero weights: a weight-map fixed point, not a rejected one
            rej = [r for r in rej if r[0] != {"weights": "M^-1"}]
        return FixedPointAnalysis(model, iso, fam, rej, False, "numeric", digits, notes, inf)
    iso, fam, rej, inf = _exact_analysis(model, digits, seed, equations)
    complete = not rej  # a component without any sample left unclassified
    labels = ", ".join(f"{b.label} (d={b.dimension}, {b.h_multiplicity}x{b.sigma_multiplicity})"
                       for b in symmetry_blocks(model))
    notes = [f"algebraic classification per isotypic block ({labels}): E_lambda = X C Y, "
             f"G = Y M_lambda X, G^(p-1) = kappa I with one kappa; complete for the weight "
             f"map E -> E (M E)^(p-1) (points with zero weights included)",
             "a component lies at infinity of the coupling chart when an orbit weight "
             "vanishes at 3 independent random samples (Schwartz-Zippel); it is listed in "
             "the projective weight chart; every reported point is checked exactly"]
    if cross_check:
        rej, note = _naive_cross_check(model, iso, rej)
        notes.append(note)
    return FixedPointAnalysis(model, iso, fam, rej, complete, "exact", digits, notes, inf)


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
