"""Defining equations of the symmetric fixed-point components, as polynomials in weights.

For a component with block ranks r_lambda (see :mod:`symrg.fixedpoints.classify`) the equations are
homogeneous polynomials in the orbit weights ``w0, w1, ...`` (pair orbits in
``coupling_basis`` order); the block entries of E are linear forms in them
(:mod:`symrg.rg.symmetry`):

* rank E_lambda <= r_lambda: every (r_lambda + 1)-minor of E_lambda (its entries when
  r_lambda = 0);
* the block fixed-point equation ``r E (M E)^(p-1) = tr((M E)^(p-1)) E`` for each
  non-zero block (dropped when the rank condition implies it, tested at random
  rank-r integer matrices);
* one kappa: ``r_mu tr((M_lambda E_lambda)^(p-1)) = r_lambda tr((M_mu E_mu)^(p-1))`` for
  consecutive non-zero blocks (``tr((M E)^(p-1)) = r kappa`` on a block of rank r).

The component is an open subset of an irreducible component of their zero set (for
p > 2 the equations do not separate the root multiplicities of one rank pattern).
All arithmetic is in python-flint ``fmpq_mpoly``; when the design matrix V and its
inverse are integral, the equations are also rewritten in the ``exp_<name>`` symbols
through ``w_o = e^D prod_k exp_k^(V[o, k])`` with monomial factors cleared.
"""

import random
from itertools import combinations
from functools import lru_cache

import flint
import sympy

from ..model.network import Model
from ..rg.couplings import coupling_basis
from ..rg.symmetry import _reconstruction, block_counts, symmetry_blocks
from ..rg.weightvars import weight_names
from .polynomials import PolynomialList, poly_terms

__all__ = ["weight_context", "component_equations", "to_exp_equations", "to_weight_exprs",
           "integral_design"]


@lru_cache(maxsize=64)
def weight_context(model: Model):
    """fmpq_mpoly context with one generator ``w<o>`` per pair orbit."""
    n_o = len(coupling_basis(model).pair_orbits)
    return flint.fmpq_mpoly_ctx.get(weight_names(n_o), "degrevlex")


@lru_cache(maxsize=64)
def _block_forms(model: Model):
    """Per block, the matrix E_lambda(w) of linear forms in the orbit weights."""
    ctx = weight_context(model)
    w = ctx.gens()
    R = _reconstruction(model)
    A = flint.fmpq_mat(R.rows, R.cols, [flint.fmpq(int(x.p), int(x.q)) for x in R]).inv()
    out, e = [], 0
    for b in symmetry_blocks(model):
        rows = []
        for i in range(b.h_multiplicity):
            row = []
            for j in range(b.sigma_multiplicity):
                row.append(sum((A[e, o] * w[o] for o in range(A.ncols()) if A[e, o] != 0),
                               ctx.from_dict({})))
                e += 1
            rows.append(row)
        out.append(rows)
    return tuple(out)


def _det(rows):
    """Determinant of a small square matrix of polynomials (Laplace expansion)."""
    n = len(rows)
    if n == 1:
        return rows[0][0]
    if n == 2:
        return rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
    total = None
    for j in range(n):
        if rows[0][j] == 0:
            continue
        minor = [r[:j] + r[j + 1:] for r in rows[1:]]
        term = rows[0][j] * _det(minor)
        term = term if j % 2 == 0 else -term
        total = term if total is None else total + term
    return rows[0][0] * 0 if total is None else total


@lru_cache(maxsize=256)
def _rank_equations(model: Model, k: int, r: int):
    rows = _block_forms(model)[k]
    a, b = len(rows), len(rows[0]) if rows else 0
    if r == 0:
        return tuple(x for row in rows for x in row if x != 0)
    if r >= min(a, b):
        return ()
    out = []
    for I in combinations(range(a), r + 1):
        for J in combinations(range(b), r + 1):
            d = _det([[rows[i][j] for j in J] for i in I])
            if d != 0:
                out.append(d)
    return tuple(out)


def _matmul(A, B):
    return [[sum((A[i][t] * B[t][j] for t in range(len(B))), A[0][0] * 0)
             for j in range(len(B[0]))] for i in range(len(A))]


def _power_trace(model, k):
    """(E_lambda (M E_lambda)^(p-1), tr((M_lambda E_lambda)^(p-1))) as polynomials."""
    E = _block_forms(model)[k]
    M = block_counts(model)[k]
    Mp = [[flint.fmpq(int(M[i, j].p), int(M[i, j].q)) for j in range(M.cols)]
          for i in range(M.rows)]
    ctx = weight_context(model)
    Mq = [[ctx.from_dict({}) + x for x in row] for row in Mp]
    T = _matmul(Mq, E)
    P = T
    for _ in range(model.scale - 2):
        P = _matmul(P, T)
    return _matmul(E, P), sum((P[i][i] for i in range(len(P))), ctx.from_dict({}))


@lru_cache(maxsize=256)
def _implied_by_rank(model: Model, k: int, r: int, trials: int = 3) -> bool:
    """True when every rank-r block satisfies r E (M E)^(p-1) = tr((M E)^(p-1)) E."""
    M = block_counts(model)[k]
    a, b = M.cols, M.rows
    rng = random.Random(k * 1000 + r)
    for _ in range(trials):
        X = sympy.Matrix(a, r, lambda i, j: rng.randint(-9, 9))
        Y = sympy.Matrix(r, b, lambda i, j: rng.randint(-9, 9))
        E = X * Y
        P = (M * E) ** (model.scale - 1)
        if not (E * P * r - P.trace() * E).is_zero_matrix:
            return False
    return True


def component_equations(model: Model, comp) -> list:
    """Homogeneous polynomials (fmpq_mpoly in ``w<o>``) vanishing on the component."""
    labels = [b.label for b in symmetry_blocks(model)]
    eqs, traces = [], []
    for c in comp.choices:
        k = labels.index(c.label)
        eqs.extend(_rank_equations(model, k, c.rank))
        if c.rank == 0:
            continue
        if not _implied_by_rank(model, k, c.rank):
            F, tr = _power_trace(model, k)
            E = _block_forms(model)[k]
            eqs.extend(F[i][j] * c.rank - tr * E[i][j]
                       for i in range(len(E)) for j in range(len(E[0])))
        traces.append((c.rank, k))
    for (r1, k1), (r2, k2) in zip(traces, traces[1:]):
        eqs.append(_power_trace(model, k1)[1] * r2 - _power_trace(model, k2)[1] * r1)
    return _canonical(eqs)


def _canonical(eqs):
    out, seen = [], set()
    for e in eqs:
        if e == 0:
            continue
        e = e / e.leading_coefficient()
        key = str(e)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


@lru_cache(maxsize=64)
def integral_design(model: Model) -> bool:
    """True when the design matrix V and V^-1 are integral (``exp_`` form of equations)."""
    basis = coupling_basis(model)
    return (all(x.is_Integer for x in basis.design_matrix)
            and all(x.is_Integer for x in basis.inverse_design))


def to_weight_exprs(model: Model, eqs) -> PolynomialList:
    """The fmpq_mpoly equations as sympy polynomials in ``w<o>`` symbols, sorted.

    A :class:`symrg.fixedpoints.polynomials.PolynomialList`: sympy expressions on access,
    their order computed from the terms (their text: :mod:`symrg.text.polytext`).
    """
    names = weight_names(len(coupling_basis(model).pair_orbits))
    return PolynomialList(poly_terms(e, names) for e in eqs)


def to_exp_equations(model: Model, eqs):
    """The equations in ``exp_<name>`` symbols (needs :func:`integral_design`).

    ``w_o = e^D prod_k exp_k^(V[o, k+1])``; each homogeneous equation becomes a Laurent
    polynomial times a power of e^D; monomial factors and the leading coefficient are
    cleared.  Returns None when V or V^-1 is not integral.
    """
    if not integral_design(model):
        return None
    basis = coupling_basis(model)
    V = basis.design_matrix
    n_k = basis.size
    xs = [sympy.Symbol(f"exp_{n}") for n in basis.names]
    table = [[int(V[o, k + 1]) for k in range(n_k)] for o in range(V.rows)]
    out, seen = [], set()
    for e in eqs:
        terms = {}
        for exps, c in e.terms():
            vec = tuple(sum(a * table[o][k] for o, a in enumerate(exps) if a)
                        for k in range(n_k))
            terms[vec] = terms.get(vec, 0) + c
        terms = {v: c for v, c in terms.items() if c != 0}
        if not terms:
            continue
        low = [min(v[k] for v in terms) for k in range(n_k)]
        ctx = flint.fmpq_mpoly_ctx.get(tuple(s.name for s in xs), "degrevlex") if n_k else None
        if ctx is None:
            continue
        poly = ctx.from_dict({tuple(v[k] - low[k] for k in range(n_k)): c
                              for v, c in terms.items()})
        if poly.is_constant():
            continue
        poly = poly / poly.leading_coefficient()
        terms = poly_terms(poly, [s.name for s in xs])
        key = tuple(sorted(terms))
        if key not in seen:
            seen.add(key)
            out.append(terms)
    return PolynomialList(out)
