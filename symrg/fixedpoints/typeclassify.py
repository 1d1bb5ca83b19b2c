"""Fixed points of a width-N layer on the isotypic type blocks, polynomial in N (Eq. 28).

The classification of :mod:`symrg.fixedpoints.classify` per isotypic block, with the blocks
of :mod:`symrg.rg.typeblocks` (L = 1, two h-values, two activation outputs): block
j = 0 .. floor(N/2) has size N - 2j + 1 and count block M_j.  Nothing of size 2^N is
built: the components come from the block data (``components_from_blocks``), a sample
of each is drawn block by block (``E_j = X_j C_j Y_j``), and its orbit weights
``w(k, l, t)`` come from inverting the block map pair by pair.

Because Omega[h, s] depends on |h| and |s| only, M_j = 0 for j > 0, so every fixed point
has E_j = 0 there and ``E[h, s] = a[|h|, |s|]`` with a (N+1) x (N+1) **type matrix** a.
Each point is checked exactly, independently of the blocks, by the type form of
``E (M E)^(p-1) = kappa E``: summing over intermediate configurations by their sizes,

    (E M E)[h, s] = sum_{l', k'} a[k, l'] C(N, l') F[k', l'] C(N, k') a[k', l],

i.e. ``a (D F^T D a)^(p-1) = kappa a`` with ``D = diag(C(N, k))`` and F the type counts.

Spectrum (Eq. 33-34).  The linearised map on the weight chart is, block by block,
``A_j(X) = sum_a (E_j M_j)^a X (M_j E_j)^(p-1-a) / kappa``.  With kappa = 1,
``P = E_j M_j`` satisfies P^p = P, so it is diagonalisable with eigenvalues 0 and the
(p-1)-th roots of unity zeta^k (multiplicity m_k of the block choice, 0 with
multiplicity m_h - r); likewise ``Q = M_j E_j`` (0 with multiplicity m_sigma - r).  The
eigenvalue of A_j on the product of eigenvectors alpha of P and beta of Q is
``sum_a alpha^a beta^(p-1-a)``: p when alpha = beta != 0, 0 when alpha = beta = 0 and
``(alpha^p - beta^p) / (alpha - beta) = 1`` otherwise.  So block j contributes
``sum_k m_k^2`` eigenvalues p, ``(m_h - r)(m_sigma - r)`` zeros and the rest ones; one p
(the scale direction, the dropped constant D) is removed from the first block in which E
has a component.  The coupling chart is similar (``dK = diag(1/w) dw``), so these are
the eigenvalues of dK'/dK; exponents ``y = ln(lambda) / ln p`` are 1, 0 and -oo.
"""

import math
import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Tuple

import flint

from ..errors import SymRGError
from ..model.network import Model
from ..rg.typeblocks import orbits_from_blocks, type_blocks, type_counts, why_not
from .classify import (CycloMatrix, Component, _block_sample, _cyclotomic,
                       components_from_blocks, cyclo_inverse)

__all__ = ["TypePoint", "TypeAnalysis", "type_components", "type_fixed_points",
           "type_check", "block_spectrum"]


@dataclass(frozen=True)
class TypePoint:
    """One component's verified sample on types.

    ``weights`` is the type matrix a as rows of reduced fmpq_poly in zeta_{p-1}
    (``E[h, s] = a[|h|][|s|]``, first non-zero entry in configuration order = 1);
    ``spectrum`` is ``((eigenvalue, multiplicity, block label), ...)``;
    ``zero_pairs`` the (k, l) with a[k][l] = 0 (kind ``zero_weight``); ``factors`` maps a
    block label to the drawn ``(X, Y, S)`` (fmpq_mat; empty for exact closed forms), from
    which ``E_j = X (Y M_j X)^-1 S D S^-1 Y``.
    """

    kind: str
    component: Component
    weights: tuple
    physical: bool
    verified: str
    spectrum: tuple
    zero_pairs: tuple = ()
    factors: tuple = ()


@dataclass(frozen=True)
class TypeAnalysis:
    """The classification on type blocks: blocks, points, rejected components, notes."""

    blocks: tuple
    points: Tuple[TypePoint, ...]
    rejected: tuple
    notes: tuple

    @property
    def complete(self) -> bool:
        return not self.rejected


@lru_cache(maxsize=32)
def type_components(model: Model) -> Tuple[Component, ...]:
    """Every component of the symmetric fixed-point set from the type blocks."""
    why = why_not(model)
    if why:
        raise SymRGError(why)
    return components_from_blocks(
        [(b.label, b.dimension, b.size, b.size, b.counts.rank()) for b in type_blocks(model)],
        model.scale)


def _dfd(model):
    """``D F^T D`` (sigma-types x h-types, fmpq), the type form of M between type matrices."""
    N = model.width
    F = type_counts(model)
    return flint.fmpq_mat(N + 1, N + 1, [math.comb(N, l) * F[k][l] * math.comb(N, k)
                                         for l in range(N + 1) for k in range(N + 1)])


def type_check(model: Model, a: CycloMatrix) -> bool:
    """Exact ``a (D F^T D a)^(p-1) = kappa a`` (kappa != 0) for a type matrix a
    (module docstring); the type form of Eq. 28, independent of the blocks."""
    n = a.n
    M = _dfd(model)
    G = a
    for _ in range(model.scale - 1):
        G = G * M * a
    size = a.shape[0]
    pos = next(((i, j) for i in range(size) for j in range(size) if a.entry(i, j) != 0), None)
    if pos is None:
        return False
    g0, a0 = G.entry(*pos), a.entry(*pos)
    if g0 == 0:
        return False
    cyc = _cyclotomic(n)
    return all((G.entry(i, j) * a0 - g0 * a.entry(i, j)) % cyc == 0
               for i in range(size) for j in range(size))


def _type_matrix(model, mats):
    """The type matrix a of the invariant E with blocks ``mats`` (CycloMatrix each), or
    raise when E depends on more than the sizes (a block j > 0 non-zero)."""
    N, n = model.width, mats[0].n
    parts = []
    for part in range(n):
        w = orbits_from_blocks(N, [B.parts[part] for B in mats])
        a = flint.fmpq_mat(N + 1, N + 1)
        for (k, l, t), v in w.items():
            if t == max(0, k + l - N):
                a[k, l] = v
            elif v != a[k, l]:
                raise SymRGError(f"type blocks: the sample depends on the overlap at sizes "
                                 f"({k}, {l}); only size-dependent points are handled")
        parts.append(a)
    return CycloMatrix(n, parts)


def _normalised(a):
    """a divided by its first non-zero entry (configuration order = (k, l) order)."""
    size, n = a.shape[0], a.n
    pos = next((i, j) for i in range(size) for j in range(size) if a.entry(i, j) != 0)
    inv = cyclo_inverse(n, a.entry(*pos))
    cyc = _cyclotomic(n)
    return tuple(tuple((a.entry(i, j) * inv) % cyc for j in range(size)) for i in range(size))


def block_spectrum(comp: Component, sizes: dict, p: int) -> tuple:
    """``((eigenvalue, multiplicity, block label), ...)`` of the linearised map at a point
    of ``comp`` (module docstring); ``sizes`` maps a block label to (m_h, m_sigma)."""
    out, removed = [], False
    by_label = {c.label: c for c in comp.choices}
    for label, (mh, ms) in sizes.items():
        c = by_label.get(label)
        r = c.rank if c else 0
        n_p = sum(x * x for x in c.multiplicities) if c else 0
        n_0 = (mh - r) * (ms - r)
        n_1 = mh * ms - n_p - n_0
        if n_p and not removed:
            n_p, removed = n_p - 1, True
        for lam, mult in ((p, n_p), (1, n_1), (0, n_0)):
            if mult:
                out.append((lam, mult, label))
    return tuple(out)


def _positive(comp, first_label):
    nonzero = [c for c in comp.choices if c.rank]
    return len(nonzero) == 1 and nonzero[0].label == first_label and nonzero[0].rank == 1


def _draw(model, comp, rng, bound, factors=None):
    """A type matrix of ``comp`` (or None: singular draw); the drawn block factors are
    stored in the dict ``factors`` by block label."""
    n = model.scale - 1
    by_label = {c.label: c for c in comp.choices}
    mats = []
    drawn = {}
    for b in type_blocks(model):
        c = by_label.get(b.label)
        if c is None or c.rank == 0:
            mats.append(CycloMatrix.rational(n, flint.fmpq_mat(b.size, b.size)))
            continue
        got = []
        B = _block_sample(b.counts, c, n, rng, bound, got)
        if B is None:
            return None
        if got:
            drawn[b.label] = got[0]
        mats.append(B)
    if factors is not None:
        factors.clear()
        factors.update(drawn)
    return _type_matrix(model, mats)


def _zeros(a):
    size = a.shape[0]
    return {(i, j) for i in range(size) for j in range(size) if a.entry(i, j) == 0}


def _sample(model, comp, seed, factors):
    """(type matrix, how, zero pairs) of a sample of ``comp``: zero pairs empty unless an
    entry vanishes at 3 independent draws with entries up to 10^6 (Schwartz-Zippel).
    The drawn block factors of the returned sample are left in the dict ``factors``."""
    rng = random.Random(seed)
    n, N = model.scale - 1, model.width
    if comp.dimension == 0:
        a = _draw(model, comp, rng, 1, factors)
        return a, "exact: E_lambda = zeta^k M_lambda^-1 per block", _zeros(a)
    if _positive(comp, type_blocks(model)[0].label):
        ones = flint.fmpq_mat(N + 1, N + 1, [1] * (N + 1) ** 2)
        return CycloMatrix.rational(n, ones), "exact: E = 1 1^T (K = 0)", set()
    for bound in (2, 3, 5, 9, 30):
        for _ in range(4):
            a = _draw(model, comp, rng, bound, factors)
            if a is not None and not _zeros(a):
                return a, f"exact: rational X, C, Y with entries in [-{bound}, {bound}]", set()
    zeros, a = None, None
    for _ in range(3):
        got = None
        while got is None:
            got = _draw(model, comp, rng, 10 ** 6, factors)
        a = got
        zeros = _zeros(a) if zeros is None else zeros & _zeros(a)
    return a, "exact: rational X, C, Y with entries in [-10^6, 10^6]", zeros


def type_fixed_points(model: Model, *, seed: int = 0) -> TypeAnalysis:
    """Every symmetric fixed point of ``model`` on the type blocks, each checked exactly.

    Components with an identically vanishing type weight are kind ``zero_weight`` (at
    infinity of the coupling chart); the rest are ``isolated`` (dimension 0) or
    ``family``.  Costs a polynomial in N (no configuration space).
    """
    comps = type_components(model)
    blocks = type_blocks(model)
    sizes = {b.label: (b.size, b.size) for b in blocks}
    points, rejected = [], []
    for comp in comps:
        factors = {}
        a, how, zeros = _sample(model, comp, seed, factors)
        if a is None:
            rejected.append((comp, "no sample drawn"))
            continue
        if not type_check(model, a):
            raise SymRGError(f"component {comp.block_ranks}: the exact type check of Eq. 28 "
                             f"failed at its sample")
        if a.n == 1 and (a.parts[0] * _dfd(model)).rank() != comp.rank:
            # p = 2: E_0 M_0 = a D F^T D is kappa times an idempotent of rank r, whose
            # rank fixes the spectrum's multiplicities (module docstring)
            raise SymRGError(f"component {comp.block_ranks}: rank of E M at the sample is "
                             f"not {comp.rank}")
        kind = "zero_weight" if zeros else ("isolated" if comp.dimension == 0 else "family")
        weights = _normalised(a)
        physical = (not zeros and all(v.degree() <= 0 and v.coeffs() and v.coeffs()[0] > 0
                                      for row in weights for v in row))
        points.append(TypePoint(kind, comp, weights, physical,
                                how + "; a (D F^T D a)^(p-1) = kappa a checked exactly on types",
                                block_spectrum(comp, sizes, model.scale),
                                tuple(sorted(zeros)), tuple(sorted(factors.items()))))
    labels = ", ".join(f"{b.label} (d={b.dimension}, {b.size}x{b.size}, rank M = "
                       f"{b.counts.rank()})" for b in blocks)
    notes = (f"algebraic classification per isotypic block on types ({labels}): "
             f"E_lambda = X C Y, G = Y M_lambda X, G^(p-1) = kappa I with one kappa; no "
             f"configuration space is built",)
    return TypeAnalysis(blocks, tuple(points), tuple(rejected), notes)


#: Largest number of types (N + 1) of the boundary search on types; the search's node
#: budget bounds its work (measured: 13 types 0.05 s).
BOUNDARY_TYPES = 64


def boundary_on_types(model: Model, budget: Optional[int] = None):
    """Boundary components (non-negative, zero weights, p = 2) of the type form
    ``a (D F^T D) a = kappa a`` (:func:`symrg.fixedpoints.boundary.boundary_from_counts`
    on the (N+1) x (N+1) count matrix ``D F D``; types are orbits, so the group is
    trivial there)."""
    import sympy
    from .boundary import NODE_BUDGET, boundary_from_counts
    M = _dfd(model)
    counts = sympy.Matrix(M.nrows(), M.ncols(),
                          lambda i, j: sympy.Rational(int(M[j, i].p), int(M[j, i].q)))
    return boundary_from_counts(counts, scale=model.scale,
                                budget=NODE_BUDGET if budget is None else budget,
                                max_states=BOUNDARY_TYPES)
